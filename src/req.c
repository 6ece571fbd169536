/* req.c -- parsing and validating extraction requests: JSON text in, struct
 * nerd_req out.  Hostile input is refused here, before jansson sees it:
 * NUL bytes, nesting deeper than REQ_MAX_DEPTH (jansson recurses once per
 * level), invalid UTF-8; jansson itself rejects duplicate keys.  The common
 * request -- one flat object of strings and nulls -- is read by req_fast,
 * which builds the same jansson object several times faster than json_loadb
 * (which reads a byte at a time through a stream); anything else it leaves
 * to jansson, so errors and odd inputs behave exactly as before
 * (tests/check_req compares the two). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "nerd.h"
#include "utf8.h"

#define REQ_MAX_DEPTH 64

void req_init(struct nerd_req *req)
{
	memset(req, 0, sizeof(*req));
	req->lang = NERD_LANG_DE;
	req->offsets = NERD_OFF_CODEPOINT;
	req->bias = NERD_BIAS_PAST;
}

/* Nesting depth of JSON text, ignoring brackets inside strings; -1 on a NUL. */
static int json_depth(const char *s, size_t n, int limit)
{
	int depth = 0, max = 0, in_str = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == 0)
			return -1;
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
			continue;
		}
		if (c == '"')
			in_str = 1;
		else if (c == '[' || c == '{') {
			if (++depth > max)
				max = depth;
			if (max > limit)
				return max;
		} else if (c == ']' || c == '}')
			depth--;
	}
	return max;
}

/* The reader of req_fast: p the cursor, e the end, buf scratch for
 * strings with escapes (decoded text is never longer than its source). */
struct fastrd {
	const char *p, *e;
	char *buf;
	size_t used;
};

static void fast_ws(struct fastrd *f)
{
	while (f->p < f->e && (*f->p == ' ' || *f->p == '\t' || *f->p == '\n' || *f->p == '\r'))
		f->p++;
}

/* A string after its opening quote, into *s and *n (pointing into the input
 * or f->buf).  -1 for anything jansson should judge: \u escapes, control
 * characters, a missing closing quote. */
/* The first byte in [p, e) that is '"', '\\' or a control character, or e.
 * Sixteen bytes at a time with SSE2 (x86-64 has it always), the first hit
 * of a block its lowest bit; else (and for the last fifteen) eight at a
 * time with the usual zero-byte and less-than tests while none is among
 * them, and the byte loop finds the exact one. */
static const char *str_stop(const char *p, const char *e)
{
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
	const __m128i ctl = _mm_set1_epi8(0x1f);
	while (e - p >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		/* max(v, 0x1f) == 0x1f: v <= 0x1f, unsigned */
		__m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)),
					   _mm_cmpeq_epi8(_mm_max_epu8(v, ctl), ctl));
		int m = _mm_movemask_epi8(hit);
		if (m)
			return p + __builtin_ctz((unsigned)m);
		p += 16;
	}
#endif
	const uint64_t ones = 0x0101010101010101ULL, hi = 0x8080808080808080ULL;
	while (e - p >= 8) {
		uint64_t v, x, y;
		memcpy(&v, p, 8);
		x = v ^ (ones * '"');
		y = v ^ (ones * '\\');
		if (((x - ones) & ~x & hi) | ((y - ones) & ~y & hi) | ((v - ones * 0x20) & ~v & hi))
			break;
		p += 8;
	}
	while (p < e && *p != '"' && *p != '\\' && (unsigned char)*p >= 0x20)
		p++;
	return p;
}

static int fast_str(struct fastrd *f, const char **s, size_t *n)
{
	const char *p = f->p, *q = str_stop(p, f->e);
	if (q < f->e && *q == '"') {
		*s = p;
		*n = (size_t)(q - p);
		f->p = q + 1;
		return 0;
	}
	if (!f->buf && !(f->buf = malloc((size_t)(f->e - f->p) + 1)))
		return -1;
	char *o0 = f->buf + f->used, *o = o0;
	for (q = p; q < f->e; q++) {
		/* the run up to the next quote, escape or control character */
		const char *r = str_stop(q, f->e);
		memcpy(o, q, (size_t)(r - q));
		o += r - q;
		q = r;
		if (q == f->e)
			break;
		unsigned char c = (unsigned char)*q;
		if (c == '"') {
			*s = o0;
			*n = (size_t)(o - o0);
			f->used += *n;
			f->p = q + 1;
			return 0;
		}
		if (c < 0x20)
			return -1;
		if (c != '\\') {
			*o++ = (char)c;
			continue;
		}
		if (++q == f->e)
			return -1;
		switch (*q) {
		case '"': case '\\': case '/': *o++ = *q; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		default: return -1;
		}
	}
	return -1;
}

/* Parses buf (valid UTF-8) when it is one flat JSON object whose values are
 * strings or null, without \u escapes and without repeated keys; NULL for
 * everything else (then json_loadb decides, with its error messages). */
static json_t *req_fast(const char *buf, size_t len)
{
	struct fastrd f = {buf, buf + len, NULL, 0};
	json_t *obj = NULL;
	fast_ws(&f);
	if (f.p == f.e || *f.p++ != '{' || !(obj = json_object()))
		goto fail;
	fast_ws(&f);
	if (f.p < f.e && *f.p == '}') {
		f.p++;
		goto done;
	}
	/* The keys so far, for the test of a repeated key: compared here
	 * while they are few (no \u escapes, so no NUL in them), else asked
	 * of the object. */
	const char *seen[8];
	size_t nseen[8], ns = 0;
	for (;;) {
		const char *k, *v;
		size_t kn, vn;
		char key[64];
		if (f.p == f.e || *f.p++ != '"' || fast_str(&f, &k, &kn) || kn >= sizeof(key))
			goto fail;
		memcpy(key, k, kn);
		key[kn] = 0;
		for (size_t i = 0; i < ns; i++)
			if (nseen[i] == kn && !memcmp(seen[i], k, kn))
				goto fail;
		if (ns < sizeof(nseen) / sizeof(nseen[0]))
			seen[ns] = k, nseen[ns++] = kn;
		else if (json_object_get(obj, key))
			goto fail;
		fast_ws(&f);
		if (f.p == f.e || *f.p++ != ':')
			goto fail;
		fast_ws(&f);
		json_t *val;
		if (f.p < f.e && *f.p == '"') {
			f.p++;
			if (fast_str(&f, &v, &vn) || !(val = json_stringn_nocheck(v, vn)))
				goto fail;
		} else if (f.e - f.p >= 4 && !memcmp(f.p, "null", 4)) {
			f.p += 4;
			val = json_null();
		} else
			goto fail;
		if (json_object_set_new_nocheck(obj, key, val))
			goto fail;
		fast_ws(&f);
		if (f.p == f.e)
			goto fail;
		if (*f.p == '}') {
			f.p++;
			break;
		}
		if (*f.p++ != ',')
			goto fail;
		fast_ws(&f);
	}
done:
	fast_ws(&f);
	if (f.p != f.e)
		goto fail;
	free(f.buf);
	return obj;
fail:
	free(f.buf);
	json_decref(obj);
	return NULL;
}

/* The usual form of a date, "DDDD-DD-DD" with ASCII digits, read without
 * sscanf (which reads it the same way, and accepts a few other forms
 * too, left to it). */
static int read_iso_date(const char *s, int *y, int *m, int *d)
{
	static const unsigned char digit_at[10] = {1, 1, 1, 1, 0, 1, 1, 0, 1, 1};
	for (int i = 0; i < 10; i++)
		if (digit_at[i] ? (unsigned)(s[i] - '0') > 9u : s[i] != '-')
			return 0;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	return 1;
}

static int valid_date(int y, int m, int d)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 0;
	return 1;
}

/* req_from_json; checked: the text came out of a body that req_parse found
 * valid UTF-8 (jansson and req_fast decode escapes to valid UTF-8 only, and
 * pass other bytes through), so it need not be checked again. */
static int from_json(json_t *obj, struct nerd_req *req, char *err, size_t errlen, int checked)
{
	req_init(req);
	if (!json_is_object(obj)) {
		snprintf(err, errlen, "the request must be a JSON object");
		return NERD_EFIELD;
	}
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		if (!strcmp(key, "text")) {
			if (!json_is_string(v)) {
				snprintf(err, errlen, "\"text\" must be a string");
				return NERD_EFIELD;
			}
			req->text = json_string_value(v);
			req->len = json_string_length(v);
		} else if (!strcmp(key, "id")) {
			req->id = v;
		} else if (!strcmp(key, "lang")) {
			req->set |= NERD_SET_LANG;
			const char *l = json_string_value(v);
			if (!l) {
				snprintf(err, errlen, "\"lang\" must be a string");
				return NERD_EFIELD;
			}
			if (!strcmp(l, "de"))
				req->lang = NERD_LANG_DE;
			else if (!strcmp(l, "en"))
				req->lang = NERD_LANG_EN;
			else if (!strcmp(l, "auto"))
				req->lang = NERD_LANG_AUTO;
			else {
				snprintf(err, errlen, "\"lang\" must be \"de\", \"en\" or \"auto\"");
				return NERD_EFIELD;
			}
		} else if (!strcmp(key, "date")) {
			if (json_is_null(v))
				continue;
			const char *s = json_string_value(v);
			int y, m, d, n = 0;
			if (!s || strlen(s) != 10 ||
			    (!read_iso_date(s, &y, &m, &d) &&
			     (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10)) ||
			    !valid_date(y, m, d)) {
				snprintf(err, errlen, "\"date\" must be a date as YYYY-MM-DD");
				return NERD_EFIELD;
			}
			req->has_date = 1;
			req->year = y;
			req->month = m;
			req->day = d;
		} else if (!strcmp(key, "offsets")) {
			req->set |= NERD_SET_OFFSETS;
			const char *s = json_string_value(v);
			if (s && !strcmp(s, "codepoint"))
				req->offsets = NERD_OFF_CODEPOINT;
			else if (s && !strcmp(s, "utf8"))
				req->offsets = NERD_OFF_UTF8;
			else if (s && !strcmp(s, "utf16"))
				req->offsets = NERD_OFF_UTF16;
			else {
				snprintf(err, errlen,
					 "\"offsets\" must be \"codepoint\", \"utf8\" or \"utf16\"");
				return NERD_EFIELD;
			}
		} else if (!strcmp(key, "bias")) {
			req->set |= NERD_SET_BIAS;
			const char *s = json_string_value(v);
			if (s && !strcmp(s, "past"))
				req->bias = NERD_BIAS_PAST;
			else if (s && !strcmp(s, "future"))
				req->bias = NERD_BIAS_FUTURE;
			else {
				snprintf(err, errlen, "\"bias\" must be \"past\" or \"future\"");
				return NERD_EFIELD;
			}
		}
		/* Unknown keys are ignored: clients may send more than we read. */
	}
	if (!req->text) {
		snprintf(err, errlen, "\"text\" is required");
		return NERD_EFIELD;
	}
	size_t bad;
	if (!checked && !utf8_valid(req->text, req->len, &bad)) {
		snprintf(err, errlen, "\"text\" is not valid UTF-8 (byte %zu)", bad);
		return NERD_EUTF8;
	}
	req->text_valid = 1;
	return 0;
}

int req_from_json(json_t *obj, struct nerd_req *req, char *err, size_t errlen)
{
	return from_json(obj, req, err, errlen, 0);
}

int req_parse(const char *buf, size_t len, json_t **root, struct nerd_req *req, char *err,
	      size_t errlen)
{
	*root = NULL;
	size_t bad;
	if (!utf8_valid(buf, len, &bad)) {
		snprintf(err, errlen, "the body is not valid UTF-8 (byte %zu)", bad);
		return NERD_EUTF8;
	}
	json_t *obj = req_fast(buf, len);
	if (obj)
		goto parsed;
	int depth = json_depth(buf, len, REQ_MAX_DEPTH);
	if (depth < 0) {
		snprintf(err, errlen, "a NUL byte is not allowed in JSON text");
		return NERD_EJSON;
	}
	if (depth > REQ_MAX_DEPTH) {
		snprintf(err, errlen, "JSON nested deeper than %d levels", REQ_MAX_DEPTH);
		return NERD_EJSON;
	}
	json_error_t je;
	obj = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	if (!obj) {
		snprintf(err, errlen, "malformed JSON: %s (line %d, column %d)", je.text, je.line,
			 je.column);
		/* jansson quotes the text near the error cut at a byte count, so
		 * the message may end inside a UTF-8 sequence; every writer puts
		 * it into a JSON string, which must be valid UTF-8 (found by
		 * tests/fuzz/fuzz_ndjson). */
		size_t n = strlen(err);
		while (!utf8_valid(err, n, &bad))
			err[bad] = '?';
		return NERD_EJSON;
	}
parsed:;
	int rc = from_json(obj, req, err, errlen, 1);
	if (rc) {
		json_decref(obj);
		return rc;
	}
	*root = obj;
	return 0;
}
