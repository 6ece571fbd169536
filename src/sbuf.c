/* sbuf.c -- growable output buffer with JSON string and number writers. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

/* 1 when one of the eight bytes of v is '"', '\\' or a control character
 * (the usual zero-byte and less-than tests: exact about whether there is
 * one, not about where). */
static inline int json_special8(uint64_t v)
{
	const uint64_t ones = 0x0101010101010101ULL, hi = 0x8080808080808080ULL;
	uint64_t x = v ^ (ones * '"'), y = v ^ (ones * '\\');
	return (((x - ones) & ~x) | ((y - ones) & ~y) | ((v - ones * 0x20) & ~v)) & hi ? 1 : 0;
}

/* 1 for the bytes a JSON string escapes: '"', '\\' and control characters. */
static const unsigned char json_escaped[256] = {
	[0x00 ... 0x1f] = 1, ['"'] = 1, ['\\'] = 1,
};

void sbuf_json_str(struct sbuf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	/* Room for the string without escapes, its quotes and the eight
	 * bytes a word copy may write past its end; an escape makes more. */
	sbuf_grow(b, n + 10);
	char *o = b->buf + b->len;
	*o++ = '"';
	size_t i = 0;
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

void sbuf_json_cstr(struct sbuf *b, const char *s)
{
	if (!s)
		sbuf_add(b, "null", 4);
	else
		sbuf_json_str(b, s, strlen(s));
}

/* "00" to "99": two digits at a time. */
static const char digit_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

void sbuf_put_u64(struct sbuf *b, unsigned long long v)
{
	if (b->cap - b->len <= 20)      /* 20 digits at most */
		sbuf_grow(b, 20);
	char *p = b->buf + b->len;
	if (v < 100) {  /* ids and small counts */
		if (v < 10)
			*p = (char)('0' + v);
		else
			memcpy(p, digit_pairs + 2 * v, 2);
		b->len += 1 + (v >= 10);
		return;
	}
	/* the digits, written backwards from the last */
	size_t n = v < 1000 ? 3 : v < 10000 ? 4 : 5;
	for (unsigned long long t = v / 100000; t; t /= 10)
		n++;
	p += n;
	for (; v >= 100; v /= 100) {
		p -= 2;
		memcpy(p, digit_pairs + 2 * (v % 100), 2);
	}
	if (v >= 10) {
		p -= 2;
		memcpy(p, digit_pairs + 2 * v, 2);
	} else
		*--p = (char)('0' + v);
	b->len += n;
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
	 * without an exponent -- written here without printf and strtod. */
	double av = fabs(v);
	if (av >= 1e-3 && av < 1e6) {
		/* v * 1000 rounded without a call: it may differ from
		 * llround's only far from an integer, where neither passes
		 * the test below */
		long long k = (long long)(v * 1000 + (v < 0 ? -0.5 : 0.5));
		if ((double)k / 1000 == v) {
			unsigned long long u = k < 0 ? 0ull - (unsigned long long)k : (unsigned long long)k;
			unsigned f = (unsigned)(u % 1000);
			char fr[4] = {'.', (char)('0' + f / 100), (char)('0' + f / 10 % 10),
				      (char)('0' + f % 10)};
			size_t fl = 4;  /* the dot and the digits but trailing zeros */
			while (fl > 2 && fr[fl - 1] == '0')
				fl--;
			if (k < 0)
				sbuf_putc(b, '-');
			sbuf_put_u64(b, u / 1000);
			sbuf_grow(b, 4);
			memcpy(b->buf + b->len, fr, 4);
			b->len += fl;
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

const char *sbuf_cstr(struct sbuf *b)
{
	sbuf_grow(b, 1);
	b->buf[b->len] = 0;
	return b->buf;
}
