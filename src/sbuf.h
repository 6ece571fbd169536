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
void sbuf_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s[0..n) as a JSON string literal with quotes; s must be valid UTF-8. */
void sbuf_json_str(struct sbuf *b, const char *s, size_t n);
void sbuf_json_cstr(struct sbuf *b, const char *s); /* NULL gives null */
/* Appends an integer in decimal (no printf). */
void sbuf_put_u64(struct sbuf *b, unsigned long long v);
void sbuf_put_i64(struct sbuf *b, long long v);
/* Appends a number the shortest way that reads back exactly. */
void sbuf_json_num(struct sbuf *b, double v);
/* NUL-terminates (without counting it) and returns the buffer. */
const char *sbuf_cstr(struct sbuf *b);

#endif
