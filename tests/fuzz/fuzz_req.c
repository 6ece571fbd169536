/* fuzz_req.c -- libFuzzer harness for req_parse, the parser of every request
 * body and NDJSON line: arbitrary bytes in.  It must never crash, and what
 * it accepts must be consistent: an object whose "text" is valid UTF-8 with
 * the length jansson reports, options within their enums, a real calendar
 * date.  What it refuses comes with a reason, and the error object the
 * servers build from that reason is valid JSON. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "nerd.h"
#include "sbuf.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	json_t *root = (json_t *)1;
	struct nerd_req req;
	char err[512];
	err[0] = 0;
	int rc = req_parse(buf, size, &root, &req, err, sizeof(err));
	if (rc) {
		FUZZ_CHECK(rc == NERD_EJSON || rc == NERD_EUTF8 || rc == NERD_EFIELD,
			   "unexpected code %d", rc);
		FUZZ_CHECK(root == NULL, "root set on failure");
		FUZZ_CHECK(err[0] && strlen(err) < sizeof(err), "no reason given");
		/* The reason quotes nothing that would break the JSON around it. */
		struct sbuf out;
		sbuf_init(&out);
		FUZZ_CHECK(utf8_valid(err, strlen(err), NULL), "reason is not UTF-8: %s", err);
		nerd_error_json(&out, NULL, 400, "bad request", err, 1);
		json_t *e = json_loadb(out.buf, out.len, JSON_REJECT_DUPLICATES, NULL);
		FUZZ_CHECK(e && json_is_object(e), "error object is not JSON: %.*s", (int)out.len,
			   out.buf);
		json_decref(e);
		sbuf_fini(&out);
		return 0;
	}
	/* A NUL byte or bad UTF-8 anywhere is refused, whatever else. */
	FUZZ_CHECK(!memchr(buf, 0, size), "accepted a body with a NUL byte");
	FUZZ_CHECK(utf8_valid(buf, size, NULL), "accepted invalid UTF-8");
	FUZZ_CHECK(json_is_object(root), "root is not an object");
	json_t *t = json_object_get(root, "text");
	FUZZ_CHECK(json_is_string(t) && req.text == json_string_value(t) &&
			   req.len == json_string_length(t),
		   "text does not point into the parsed object");
	FUZZ_CHECK(utf8_valid(req.text, req.len, NULL), "text is not valid UTF-8");
	FUZZ_CHECK(!memchr(req.text, 0, req.len), "text holds a NUL");
	FUZZ_CHECK(req.lang >= NERD_LANG_DE && req.lang <= NERD_LANG_AUTO, "lang %d", req.lang);
	FUZZ_CHECK(req.offsets >= NERD_OFF_CODEPOINT && req.offsets <= NERD_OFF_UTF16,
		   "offsets %d", req.offsets);
	if (req.has_date)
		FUZZ_CHECK(req.year >= 1 && req.year <= 9999 && req.month >= 1 && req.month <= 12 &&
				   req.day >= 1 && req.day <= 31,
			   "date %d-%d-%d", req.year, req.month, req.day);
	FUZZ_CHECK(req.id == NULL || req.id == json_object_get(root, "id"), "id elsewhere");
	/* The id is echoed in responses: it must serialise. */
	if (req.id) {
		char *s = json_dumps(req.id, JSON_ENCODE_ANY | JSON_COMPACT);
		FUZZ_CHECK(s, "the id does not serialise");
		free(s);
	}
	json_decref(root);
	return 0;
}
