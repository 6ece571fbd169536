/* sbuf.c -- growable output buffer with JSON string and number writers. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "sbuf.h"
#include "util.h"

void sbuf_init(struct sbuf *b)
{
	b->buf = NULL;
	b->len = b->cap = 0;
}

void sbuf_fini(struct sbuf *b)
{
	free(b->buf);
	sbuf_init(b);
}

void sbuf_reset(struct sbuf *b)
{
	b->len = 0;
}

void sbuf_grow(struct sbuf *b, size_t more)
{
	if (b->cap - b->len > more)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap - b->len <= more)
		cap *= 2;
	b->buf = xrealloc(b->buf, cap);
	b->cap = cap;
}

void sbuf_add(struct sbuf *b, const void *p, size_t n)
{
	sbuf_grow(b, n);
	memcpy(b->buf + b->len, p, n);
	b->len += n;
}


void sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	/* One pass into the free space; a second only when it did not fit. */
	va_list ap;
	sbuf_grow(b, 128);
	va_start(ap, fmt);
	int n = vsnprintf(b->buf + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= b->cap - b->len) {
		sbuf_grow(b, (size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

#ifndef __SSE2__
/* 1 when one of the eight bytes of v is '"', '\\' or a control character
 * (the usual zero-byte and less-than tests: exact about whether there is
 * one, not about where). */
static inline int json_special8(uint64_t v)
{
	const uint64_t ones = 0x0101010101010101ULL, hi = 0x8080808080808080ULL;
	uint64_t x = v ^ (ones * '"'), y = v ^ (ones * '\\');
	return (((x - ones) & ~x) | ((y - ones) & ~y) | ((v - ones * 0x20) & ~v)) & hi ? 1 : 0;
}
#endif

/* 1 for the bytes a JSON string escapes: '"', '\\' and control characters. */
static const unsigned char json_escaped[256] = {
	[0x00 ... 0x1f] = 1, ['"'] = 1, ['\\'] = 1,
};

/* sbuf_json_str from s[i], a byte that may need an escape, on: o is where
 * it goes, with room for n - i + 2 more bytes.  Apart, so that the common
 * string without escapes does not pay for this one's registers. */
static __attribute__((noinline)) void json_str_rest(struct sbuf *b, char *o, const char *s,
						      size_t i, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!json_escaped[c]) {
			*o++ = (char)c;
			continue;
		}
		/* room for this escape, the rest and the closing quote */
		b->len = (size_t)(o - b->buf);
		sbuf_grow(b, 6 + (n - i) + 1);
		o = b->buf + b->len;
		*o++ = '\\';
		switch (c) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '\n': *o++ = 'n'; break;
		case '\r': *o++ = 'r'; break;
		case '\t': *o++ = 't'; break;
		case '\b': *o++ = 'b'; break;
		case '\f': *o++ = 'f'; break;
		default:
			*o++ = 'u';
			*o++ = '0';
			*o++ = '0';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o++ = '"';
	b->len = (size_t)(o - b->buf);
}

#ifdef __SSE2__
/* The bytes of v that are '"', '\\' or control characters, as a bit mask
 * (bit i for byte i): the test of sixteen bytes at a time that SSE2 (which
 * x86-64 has always) makes, as str_stop in req.c does.  max(v, 0x1f) ==
 * 0x1f: v <= 0x1f, unsigned. */
static inline int json_special16(__m128i v)
{
	const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
	const __m128i ctl = _mm_set1_epi8(0x1f);
	return _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote),
							   _mm_cmpeq_epi8(v, bslash)),
					      _mm_cmpeq_epi8(_mm_max_epu8(v, ctl), ctl)));
}
#endif

/* sbuf_json_str when the buffer lacks the room: grows it and goes on
 * there (apart, so that the common call makes no call but its last). */
static __attribute__((noinline)) void json_str_grow(struct sbuf *b, const char *s, size_t n)
{
	sbuf_grow(b, n + 10);
	sbuf_json_str(b, s, n);
}

void sbuf_json_str(struct sbuf *b, const char *s, size_t n)
{
	/* Room for the string without escapes, its quotes and the eight
	 * bytes a word copy may write past its end; an escape makes more. */
	if (b->cap - b->len <= n + 10) {
		json_str_grow(b, s, n);
		return;
	}
	char *o = b->buf + b->len;
	*o++ = '"';
	size_t i = 0;
#ifdef __SSE2__
	/* Sixteen bytes at a time while none needs an escape; the last
	 * sixteen of a string of sixteen or more too, overlapping bytes
	 * already copied; eight to fifteen bytes as the first and the last
	 * eight (overlapping), tested together; four to seven as the first
	 * and the last four. */
	if (n >= 16) {
		for (; i + 16 <= n; i += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			if (json_special16(v))
				break;
			_mm_storeu_si128((__m128i *)(void *)o, v);
			o += 16;
		}
		if (i < n && i + 16 > n) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + n - 16));
			if (!json_special16(v)) {
				_mm_storeu_si128((__m128i *)(void *)(o - (i - (n - 16))), v);
				o += n - i;
				i = n;
			}
		}
	} else if (n >= 8) {
		uint64_t v0, v1;
		memcpy(&v0, s, 8);
		memcpy(&v1, s + n - 8, 8);
		if (!json_special16(_mm_set_epi64x((long long)v1, (long long)v0))) {
			memcpy(o, &v0, 8);
			memcpy(o + n - 8, &v1, 8);
			o += n;
			i = n;
		}
	} else if (n >= 4) {
		uint32_t v0, v1;
		memcpy(&v0, s, 4);
		memcpy(&v1, s + n - 4, 4);
		/* the low eight bytes (the others are zero) */
		if (!(json_special16(_mm_cvtsi64_si128((long long)((uint64_t)v1 << 32 | v0))) & 0xff)) {
			memcpy(o, &v0, 4);
			memcpy(o + n - 4, &v1, 4);
			o += n;
			i = n;
		}
	}
#else
	/* Eight bytes at a time while none needs an escape; the last eight
	 * of a string of eight or more too, overlapping bytes already
	 * copied. */
	for (; i + 8 <= n; i += 8) {
		uint64_t v;
		memcpy(&v, s + i, 8);
		if (json_special8(v))
			break;
		memcpy(o, &v, 8);
		o += 8;
	}
	if (i < n && n >= 8 && i + 8 > n) {
		uint64_t v;
		memcpy(&v, s + n - 8, 8);
		if (!json_special8(v)) {
			memcpy(o - (i - (n - 8)), &v, 8);
			o += n - i;
			i = n;
		}
	} else if (n >= 4 && n < 8) {
		/* four to seven bytes: the first four and the last four */
		uint32_t v0, v1;
		memcpy(&v0, s, 4);
		memcpy(&v1, s + n - 4, 4);
		if (!json_special8((uint64_t)v0 << 32 | v1)) {
			memcpy(o, &v0, 4);
			memcpy(o + n - 4, &v1, 4);
			o += n;
			i = n;
		}
	}
#endif
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (json_escaped[c]) {
			json_str_rest(b, o, s, i, n);
			return;
		}
		*o++ = (char)c;
	}
	*o++ = '"';
	b->len = (size_t)(o - b->buf);
}

void sbuf_json_cstr(struct sbuf *b, const char *s)
{
	if (!s)
		sbuf_add(b, "null", 4);
	else
		sbuf_json_str(b, s, strlen(s));
}

const char sbuf_digit_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

void sbuf_put_u64(struct sbuf *b, unsigned long long v)
{
	sbuf_done(b, sbuf_u64_at(sbuf_room(b, 20), v));
}

void sbuf_put_i64(struct sbuf *b, long long v)
{
	if (v < 0) {
		sbuf_putc(b, '-');
		sbuf_put_u64(b, 0ull - (unsigned long long)v);
	} else
		sbuf_put_u64(b, (unsigned long long)v);
}

void sbuf_json_num(struct sbuf *b, double v)
{
	if (!isfinite(v)) {
		sbuf_add(b, "null", 4);
		return;
	}
	if (v == floor(v) && fabs(v) < 9007199254740992.0) {
		if (v == 0 && signbit(v))
			sbuf_add(b, "-0", 2);
		else
			sbuf_put_i64(b, (long long)v);
		return;
	}
	/* A whole number of thousandths (salience, most figures) between
	 * 0.001 and 10^6: the decimal k/1000 has at most 9 digits, so it is
	 * the shortest string that reads back as v, and %g would print it
	 * without an exponent -- written by sbuf_json_milli without printf
	 * and strtod. */
	double av = fabs(v);
	if (av >= 1e-3 && av < 1e6) {
		/* v * 1000 rounded without a call: it may differ from
		 * llround's only far from an integer, where neither passes
		 * the test below */
		long long k = (long long)(v * 1000 + (v < 0 ? -0.5 : 0.5));
		if ((double)k / 1000 == v) {
			sbuf_json_milli(b, k);
			return;
		}
	}
	char tmp[40];
	for (int prec = 6; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*g", prec, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	sbuf_puts(b, tmp);
}

/* k / 1000 is a whole number exactly when 1000 divides k (a fraction of a
 * thousandth is at least 0.001 from an integer, far more than the double
 * quotient's error), and sbuf_json_num writes it as one; else |k / 1000| is
 * at least 0.001 and, for |k| < 10^9, below 10^6, and sbuf_json_num finds
 * v * 1000 rounded to be k again and writes the thousandths below. */
void sbuf_json_milli(struct sbuf *b, long long k)
{
	if (k <= -1000000000 || k >= 1000000000) {
		sbuf_json_num(b, (double)k / 1000);
		return;
	}
	char *p = sbuf_room(b, 24);
	unsigned f;
	if (k >= 0 && k < 1000) { /* most: a salience below 1 */
		*p++ = '0';
		f = (unsigned)k;
	} else {
		unsigned long long u = k < 0 ? 0ull - (unsigned long long)k : (unsigned long long)k;
		if (k < 0)
			*p++ = '-';
		p = sbuf_u64_at(p, u / 1000);
		f = (unsigned)(u % 1000);
	}
	if (f) {
		/* the dot and the digits but trailing zeros */
		unsigned f2 = f % 100;
		p[0] = '.';
		p[1] = (char)('0' + f / 100);
		memcpy(p + 2, sbuf_digit_pairs + 2 * f2, 2);
		p += !f2 ? 2 : f2 % 10 ? 4 : 3;
	}
	sbuf_done(b, p);
}

const char *sbuf_cstr(struct sbuf *b)
{
	sbuf_grow(b, 1);
	b->buf[b->len] = 0;
	return b->buf;
}
