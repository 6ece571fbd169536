/* fuzz_ndjson.c -- libFuzzer harness for the NDJSON reader of
 * `nerd extract --ndjson` (ndjson.c): a byte stream cut into chunks of
 * fuzzed sizes, read line by line under a fuzzed line limit, must give
 * exactly the lines a plain split at '\n' gives -- one per input line, in
 * order, none lost, none shifted, an over-long one dropped and flagged
 * rather than cut -- and each line, trimmed, goes through req_parse (or
 * becomes a valid error object).
 * Input: byte 0 is the line limit (0-255 bytes, 255 meaning none), byte 1
 * seeds the chunk sizes, the rest is the stream. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "ndjson.h"
#include "nerd.h"
#include "sbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The line whose reference text is ref[0..n), checked against what the
 * reader gave: kept (line) or dropped (toobig, len). */
static void check_line(const char *ref, size_t n, size_t max, const struct ndjson_line *ln,
		       const struct sbuf *line, long lineno)
{
	FUZZ_CHECK(ln->len == n, "line %ld: length %zu, expected %zu", lineno, ln->len, n);
	FUZZ_CHECK(ln->toobig == (n > max), "line %ld: toobig %d with %zu > %zu", lineno,
		   ln->toobig, n, max);
	if (ln->toobig)
		FUZZ_CHECK(line->len == 0, "line %ld: a dropped line left %zu bytes", lineno,
			   line->len);
	else
		FUZZ_CHECK(line->len == n && !memcmp(line->buf, ref, n), "line %ld differs",
			   lineno);
}

static void parse_line(const char *s, size_t n, long lineno)
{
	if (ndjson_trim(&s, &n, lineno))
		return;
	json_t *root;
	struct nerd_req req;
	char err[512];
	int rc = req_parse(s, n, &root, &req, err, sizeof(err));
	if (!rc) {
		FUZZ_CHECK(req.text != NULL, "line %ld: accepted without text", lineno);
		json_decref(root);
		return;
	}
	struct sbuf out;
	sbuf_init(&out);
	nerd_error_json(&out, NULL, 400, "bad line", err, lineno);
	json_t *e = json_loadb(out.buf, out.len, JSON_REJECT_DUPLICATES, NULL);
	FUZZ_CHECK(e, "line %ld: error object is not JSON", lineno);
	json_decref(e);
	sbuf_fini(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	size_t max = data[0] == 255 ? SIZE_MAX : data[0];
	uint32_t seed = data[1] * 2654435761u + 1;
	const char *in = (const char *)data + 2;
	size_t n = size - 2;

	struct sbuf line;
	sbuf_init(&line);
	size_t pos = 0, ref = 0;
	long lineno = 0;
	for (;;) {
		struct ndjson_line ln;
		sbuf_reset(&line);
		/* A line may start anywhere in the destination buffer. */
		sbuf_add(&line, "prefix", (size_t)(seed & 7));
		size_t keep = line.len;
		ndjson_line_init(&ln, &line);
		int eol = 0;
		while (!eol && pos < n) {
			seed = seed * 1103515245u + 12345u;
			size_t chunk = 1 + (seed >> 16) % 97;
			if (chunk > n - pos)
				chunk = n - pos;
			size_t used = ndjson_line_feed(&ln, &line, in + pos, chunk, max, &eol);
			FUZZ_CHECK(used >= 1 && used <= chunk, "consumed %zu of %zu", used, chunk);
			FUZZ_CHECK(line.len >= keep, "the line ate into what came before it");
			pos += used;
		}
		if (!eol && !ln.any)
			break;
		lineno++;
		/* The reference: a plain split. */
		FUZZ_CHECK(ref < n, "a line after the end of the input");
		const char *nl = memchr(in + ref, '\n', n - ref);
		size_t rn = nl ? (size_t)(nl - (in + ref)) : n - ref;
		FUZZ_CHECK(eol == (nl != NULL), "line %ld: end of line %d", lineno, eol);
		FUZZ_CHECK(!memcmp(line.buf, "prefix", keep), "the prefix was overwritten");
		line.len -= keep;
		memmove(line.buf, line.buf + keep, line.len);
		check_line(in + ref, rn, max, &ln, &line, lineno);
		if (!ln.toobig)
			parse_line(line.buf, line.len, lineno);
		ref += rn + (nl != NULL);
	}
	FUZZ_CHECK(ref == n && pos == n, "stopped at %zu/%zu of %zu", ref, pos, n);
	size_t nlines = 0;
	for (size_t i = 0; i < n; i++)
		nlines += in[i] == '\n';
	nlines += n && in[n - 1] != '\n';
	FUZZ_CHECK((size_t)lineno == nlines, "%ld lines, expected %zu", lineno, nlines);
	sbuf_fini(&line);
	return 0;
}
