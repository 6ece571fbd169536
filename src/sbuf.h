/* sbuf.h -- a growable byte buffer for building output text.  The buffer owns
 * its memory (xmalloc: out of memory aborts); sbuf_fini releases it. */
#ifndef SBUF_H
#define SBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct sbuf {
	char *buf;
	size_t len, cap;
};

void sbuf_init(struct sbuf *b);
void sbuf_fini(struct sbuf *b);
void sbuf_reset(struct sbuf *b);
void sbuf_grow(struct sbuf *b, size_t more);
void sbuf_add(struct sbuf *b, const void *p, size_t n);
/* Inline: the writers call these for every short piece of a response, most
 * with a literal whose strlen the compiler knows. */
static inline void sbuf_puts(struct sbuf *b, const char *s)
{
	size_t n = strlen(s);
	if (b->cap - b->len > n) {
		memcpy(b->buf + b->len, s, n);
		b->len += n;
	} else
		sbuf_add(b, s, n);
}
static inline void sbuf_putc(struct sbuf *b, char c)
{
	if (b->cap - b->len > 1)
		b->buf[b->len++] = c;
	else
		sbuf_add(b, &c, 1);
}
/* Writing in place, for writers that know a bound of what a group of pieces
 * takes (emit.c): sbuf_room makes room for n more bytes and returns where
 * they go; SBUF_LIT and the sbuf_*_at writers put their text at p, in room
 * the caller made, and return the end of it; sbuf_done ends the buffer's
 * text there.  One test of the room for the group instead of one a piece. */
static inline char *sbuf_room(struct sbuf *b, size_t n)
{
	if (b->cap - b->len <= n)
		sbuf_grow(b, n);
	return b->buf + b->len;
}
static inline void sbuf_done(struct sbuf *b, char *p)
{
	b->len = (size_t)(p - b->buf);
}
/* s, a string literal, at p (without its NUL). */
#define SBUF_LIT(p, s) ((char *)memcpy((p), "" s, sizeof(s) - 1) + sizeof(s) - 1)
/* s[0..n) at p. */
static inline char *sbuf_mem_at(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}
/* "00" to "99": two digits at a time. */
extern const char sbuf_digit_pairs[201];
/* v in decimal at p: 20 bytes at most (as sbuf_put_u64). */
static inline char *sbuf_u64_at(char *p, unsigned long long v)
{
	if (v < 10) {
		*p = (char)('0' + v);
		return p + 1;
	}
	if (v < 100) {
		memcpy(p, sbuf_digit_pairs + 2 * v, 2);
		return p + 2;
	}
	if (v < 10000) { /* most offsets: two pairs, in 32 bits */
		unsigned hi = (unsigned)v / 100, lo = (unsigned)v % 100;
		if (hi < 10) {
			*p = (char)('0' + hi);
			memcpy(p + 1, sbuf_digit_pairs + 2 * lo, 2);
			return p + 3;
		}
		memcpy(p, sbuf_digit_pairs + 2 * hi, 2);
		memcpy(p + 2, sbuf_digit_pairs + 2 * lo, 2);
		return p + 4;
	}
	size_t n = 5;
	for (unsigned long long t = v / 100000; t; t /= 10)
		n++;
	/* the digits, written backwards from the last */
	char *e = p + n;
	for (; v >= 100; v /= 100) {
		e -= 2;
		memcpy(e, sbuf_digit_pairs + 2 * (v % 100), 2);
	}
	if (v >= 10)
		memcpy(e - 2, sbuf_digit_pairs + 2 * v, 2);
	else
		e[-1] = (char)('0' + v);
	return p + n;
}
void sbuf_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s[0..n) as a JSON string literal with quotes; s must be valid UTF-8. */
void sbuf_json_str(struct sbuf *b, const char *s, size_t n);
void sbuf_json_cstr(struct sbuf *b, const char *s); /* NULL gives null */
/* Appends an integer in decimal (no printf). */
void sbuf_put_u64(struct sbuf *b, unsigned long long v);
void sbuf_put_i64(struct sbuf *b, long long v);
/* Appends a number the shortest way that reads back exactly. */
void sbuf_json_num(struct sbuf *b, double v);
/* Appends what sbuf_json_num(b, (double)k / 1000) does (a salience),
 * without floating point for |k| < 10^9. */
void sbuf_json_milli(struct sbuf *b, long long k);
/* NUL-terminates (without counting it) and returns the buffer. */
const char *sbuf_cstr(struct sbuf *b);

#endif
