/* fuzz_extract.c -- libFuzzer harness for the whole pipeline: text in,
 * nerd_extract on a model loaded once from the shipped gazetteers, and the
 * response checked for what every client relies on:
 *   - it parses with jansson (duplicate keys refused) and round-trips
 *     (dump and reparse give an equal value);
 *   - every span (entity mentions, figures, dates; relations' start/end and
 *     quote_start/quote_end) lies within the text, on code point
 *     boundaries, non-empty where it must be, and its "text" (or "quote")
 *     equals the input at those offsets (the harness asks for utf8 offsets,
 *     so offsets are bytes);
 *   - references between objects (person, org, speaker, figure ...) name
 *     objects that exist;
 *   - the output is the same with PCRE2's JIT off (a second model compiled
 *     with nerd_set_jit(0)) -- unless a pattern hit its limit, where JIT and
 *     interpreter count steps differently -- and the same with code point
 *     and UTF-16 offsets once converted.
 * Invalid UTF-8 must be refused with NERD_EUTF8 and leave the output alone.
 * Input: the text itself; a first byte below 0x08 is an option byte instead
 * (bits 0-1: 0 de, 1 en, 2 auto). */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "log.h"
#include "nerd.h"
#include "pcre.h"
#include "sbuf.h"
#include "utf8.h"

static struct model *m_jit, *m_nojit;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char dir[4096], err[1024];
	fuzz_gazdir(dir, sizeof(dir));
	log_set_level(LOG_LVL_ERROR);
	struct model_opts o = {dir};
	m_jit = model_load(&o, err, sizeof(err));
	FUZZ_CHECK(m_jit, "model (JIT) from %s: %s", dir, err);
	nerd_set_jit(0);
	m_nojit = model_load(&o, err, sizeof(err));
	nerd_set_jit(1);
	FUZZ_CHECK(m_nojit, "model (no JIT) from %s: %s", dir, err);
	return 0;
}

/* ---- spans ---- */

struct ctx {
	const char *text;
	size_t len;
	size_t nent, nfig;
};

static int boundary(const struct ctx *c, json_int_t off)
{
	return off == (json_int_t)c->len || ((unsigned char)c->text[off] & 0xc0) != 0x80;
}

/* Checks o[sk], o[ek] as a byte span; tk (may be NULL) names the member
 * holding the text of the span. */
static void check_span(const struct ctx *c, json_t *o, const char *sk, const char *ek,
		       const char *tk, int nonempty, const char *what)
{
	json_t *js = json_object_get(o, sk), *je = json_object_get(o, ek);
	FUZZ_CHECK(json_is_integer(js) && json_is_integer(je), "%s: %s/%s not integers", what, sk,
		   ek);
	json_int_t s = json_integer_value(js), e = json_integer_value(je);
	FUZZ_CHECK(s >= 0 && s <= e && e <= (json_int_t)c->len, "%s: span [%lld,%lld) of %zu",
		   what, (long long)s, (long long)e, c->len);
	FUZZ_CHECK(!nonempty || s < e, "%s: empty span at %lld", what, (long long)s);
	FUZZ_CHECK(boundary(c, s) && boundary(c, e), "%s: [%lld,%lld) not on code points", what,
		   (long long)s, (long long)e);
	if (!tk)
		return;
	json_t *jt = json_object_get(o, tk);
	FUZZ_CHECK(json_is_string(jt), "%s: no %s", what, tk);
	FUZZ_CHECK(json_string_length(jt) == (size_t)(e - s) &&
			   !memcmp(json_string_value(jt), c->text + s, (size_t)(e - s)),
		   "%s: %s \"%s\" is not the text at [%lld,%lld)", what, tk, json_string_value(jt),
		   (long long)s, (long long)e);
}

/* A reference "eN"/"fN" (or null when nullable) within 1..n. */
static void check_ref(json_t *o, const char *key, char prefix, size_t n, int nullable)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return;
	if (json_is_null(v)) {
		FUZZ_CHECK(nullable, "%s is null", key);
		return;
	}
	const char *s = json_string_value(v);
	FUZZ_CHECK(s && s[0] == prefix, "%s is not a %c-reference", key, prefix);
	char *end;
	long k = strtol(s + 1, &end, 10);
	FUZZ_CHECK(!*end && k >= 1 && (size_t)k <= n, "%s \"%s\" names nothing (%zu)", key, s, n);
}

static void check_response(struct ctx *c, json_t *r)
{
	FUZZ_CHECK(json_is_object(r), "the response is not an object");
	json_t *ents = json_object_get(r, "entities"), *figs = json_object_get(r, "figures");
	json_t *dates = json_object_get(r, "dates"), *rels = json_object_get(r, "relations");
	FUZZ_CHECK(json_is_array(ents) && json_is_array(figs) && json_is_array(dates) &&
			   json_is_array(rels),
		   "entities, figures, dates and relations must be arrays");
	c->nent = json_array_size(ents);
	c->nfig = json_array_size(figs);
	size_t i, j;
	json_t *v, *w;
	json_array_foreach(ents, i, v) {
		char id[32];
		snprintf(id, sizeof(id), "e%zu", i + 1);
		FUZZ_CHECK(json_is_string(json_object_get(v, "id")) &&
				   !strcmp(json_string_value(json_object_get(v, "id")), id),
			   "entity %zu is not %s", i, id);
		FUZZ_CHECK(json_is_string(json_object_get(v, "name")), "entity %s has no name", id);
		json_t *ms = json_object_get(v, "mentions");
		FUZZ_CHECK(json_is_array(ms) && json_array_size(ms) > 0, "entity %s: no mentions",
			   id);
		json_array_foreach(ms, j, w) check_span(c, w, "start", "end", "text", 1, "mention");
	}
	json_array_foreach(figs, i, v) {
		check_span(c, v, "start", "end", "text", 1, "figure");
		check_ref(v, "equivalent", 'f', c->nfig, 1);
		check_ref(v, "range", 'f', c->nfig, 1);
	}
	json_array_foreach(dates, i, v) check_span(c, v, "start", "end", "text", 1, "date");
	json_array_foreach(rels, i, v) {
		if (json_object_get(v, "start") || json_object_get(v, "end"))
			check_span(c, v, "start", "end", NULL, 1, "relation evidence");
		if (json_object_get(v, "quote_start") || json_object_get(v, "quote"))
			check_span(c, v, "quote_start", "quote_end", "quote", 0, "quote");
		check_ref(v, "person", 'e', c->nent, 0);
		check_ref(v, "org", 'e', c->nent, 1);
		check_ref(v, "speaker", 'e', c->nent, 1);
		check_ref(v, "figure", 'f', c->nfig, 0);
		check_ref(v, "figure2", 'f', c->nfig, 0);
	}
	json_t *meta = json_object_get(r, "meta");
	FUZZ_CHECK(json_is_object(meta) &&
			   json_integer_value(json_object_get(meta, "chars")) == (json_int_t)c->len,
		   "meta.chars is not the byte length %zu", c->len);
	json_t *p = json_object_get(r, "partial");
	FUZZ_CHECK(!p || (json_is_true(p) && json_is_string(json_object_get(r, "partial_reason"))),
		   "partial without a reason");
}

/* ---- conversions between outputs ---- */

/* Rewrites every offset member of v from bytes to code points (mode
 * NERD_OFF_CODEPOINT) or UTF-16 units, so that it can be compared with the
 * response asked for in that mode. */
static void convert_offsets(json_t *v, const uint32_t *map, int mode)
{
	static const char *keys[] = {"start", "end", "quote_start", "quote_end", "chars"};
	if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x) convert_offsets(x, map, mode);
		return;
	}
	if (!json_is_object(v))
		return;
	const char *k;
	json_t *x;
	json_object_foreach(v, k, x) {
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (!strcmp(k, keys[i]) && json_is_integer(x))
				json_integer_set(x, map[json_integer_value(x)]);
		if (!strcmp(k, "offsets"))
			json_string_set(x, mode == NERD_OFF_CODEPOINT ? "codepoint" : "utf16");
		convert_offsets(x, map, mode);
	}
}

/* The response as a value without meta.elapsed_us and meta.gazetteers
 * (the members that differ between runs and between the two models). */
static json_t *parse(const struct sbuf *out)
{
	json_error_t je;
	/* NUL bytes in the text come back as \u0000: valid JSON, which
	 * jansson reads only with JSON_ALLOW_NUL. */
	json_t *r = json_loadb(out->buf, out->len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
	FUZZ_CHECK(r, "the response is not JSON: %s at %d: %.*s", je.text, je.position,
		   (int)(out->len < 2000 ? out->len : 2000), out->buf);
	json_t *meta = json_object_get(r, "meta");
	if (json_is_object(meta)) {
		json_object_del(meta, "elapsed_us");
		/* The model's version counts loads: the JIT and no-JIT models
		 * differ there only. */
		json_object_del(meta, "gazetteers");
	}
	return r;
}

static void run(const struct model *m, const struct nerd_req *req, struct sbuf *out)
{
	sbuf_reset(out);
	int rc = nerd_extract(m, req, out);
	FUZZ_CHECK(rc == 0, "nerd_extract: %s", nerd_strerror(rc));
}

static void dump_diff(const char *what, json_t *a, json_t *b)
{
	char *sa = json_dumps(a, JSON_SORT_KEYS | JSON_COMPACT);
	char *sb = json_dumps(b, JSON_SORT_KEYS | JSON_COMPACT);
	fprintf(stderr, "%s differ:\n%s\n%s\n", what, sa, sb);
	free(sa);
	free(sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int lang = NERD_LANG_DE;
	if (size && data[0] < 0x08) {
		lang = (data[0] & 3) == 1 ? NERD_LANG_EN : (data[0] & 3) == 2 ? NERD_LANG_AUTO
									   : NERD_LANG_DE;
		data++;
		size--;
	}
	struct nerd_req req;
	req_init(&req);
	req.text = (const char *)data;
	req.len = size;
	req.lang = lang;
	req.has_date = 1;
	req.year = 2025, req.month = 10, req.day = 28;
	req.offsets = NERD_OFF_UTF8;
	struct sbuf out;
	sbuf_init(&out);
	if (!utf8_valid(req.text, req.len, NULL)) {
		sbuf_puts(&out, "x");
		int rc = nerd_extract(m_jit, &req, &out);
		FUZZ_CHECK(rc == NERD_EUTF8, "invalid UTF-8 gave %d", rc);
		FUZZ_CHECK(out.len == 1, "output written for invalid UTF-8");
		sbuf_fini(&out);
		return 0;
	}

	run(m_jit, &req, &out);
	json_t *r = parse(&out);
	struct ctx c = {req.text, req.len, 0, 0};
	check_response(&c, r);

	/* Round trip through jansson's writer. */
	char *s = json_dumps(r, JSON_COMPACT);
	FUZZ_CHECK(s, "json_dumps failed");
	json_t *r2 = json_loads(s, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, NULL);
	FUZZ_CHECK(r2 && json_equal(r, r2), "the response does not round-trip");
	json_decref(r2);
	free(s);

	/* The interpreter must agree with the JIT. */
	run(m_nojit, &req, &out);
	json_t *rn = parse(&out);
	if (!json_object_get(r, "partial") && !json_object_get(rn, "partial") && !json_equal(r, rn)) {
		dump_diff("JIT and interpreter", r, rn);
		FUZZ_CHECK(0, "output differs with the JIT off");
	}
	json_decref(rn);

	/* Code point and UTF-16 offsets are the byte offsets converted. */
	uint32_t *cp = malloc((req.len + 1) * sizeof(uint32_t));
	uint32_t *u16 = malloc((req.len + 1) * sizeof(uint32_t));
	uint32_t ncp = 0, nu16 = 0;
	for (size_t i = 0; i <= req.len; i++) {
		cp[i] = ncp;
		u16[i] = nu16;
		if (i < req.len && ((unsigned char)req.text[i] & 0xc0) != 0x80) {
			ncp++;
			nu16 += (unsigned char)req.text[i] >= 0xf0 ? 2 : 1;
		}
	}
	for (int mode = NERD_OFF_CODEPOINT; mode <= NERD_OFF_UTF16; mode += 2) {
		req.offsets = mode;
		run(m_jit, &req, &out);
		json_t *rm = parse(&out);
		json_t *conv = json_deep_copy(r);
		convert_offsets(conv, mode == NERD_OFF_CODEPOINT ? cp : u16, mode);
		if (!json_equal(conv, rm)) {
			dump_diff("converted offsets", conv, rm);
			FUZZ_CHECK(0, "offsets in mode %d are not the byte offsets converted", mode);
		}
		json_decref(conv);
		json_decref(rm);
	}
	free(cp);
	free(u16);
	json_decref(r);
	sbuf_fini(&out);
	return 0;
}
