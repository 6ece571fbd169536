/* ndjson.c -- the NDJSON line splitter and line trimming (see ndjson.h). */
#include "config.h"

#include <string.h>

#include "ndjson.h"
#include "sbuf.h"

void ndjson_line_init(struct ndjson_line *l, const struct sbuf *dst)
{
	l->start = dst->len;
	l->len = 0;
	l->toobig = 0;
	l->any = 0;
}

size_t ndjson_line_feed(struct ndjson_line *l, struct sbuf *dst, const char *p, size_t n,
			size_t max, int *eol)
{
	*eol = 0;
	if (!n)
		return 0;
	l->any = 1;
	const char *nl = memchr(p, '\n', n);
	size_t k = nl ? (size_t)(nl - p) : n;
	if (!l->toobig && k > max - l->len) {
		/* l->len <= max holds while the line is kept, so max - l->len
		 * does not wrap. */
		l->toobig = 1;
		dst->len = l->start;
	}
	if (!l->toobig)
		sbuf_add(dst, p, k);
	l->len += k;
	*eol = nl != NULL;
	return k + (nl != NULL);
}

int ndjson_trim(const char **s, size_t *n, long lineno)
{
	const char *p = *s;
	size_t len = *n;
	if (lineno == 1 && len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3)) {
		p += 3;
		len -= 3;
	}
	if (len && p[len - 1] == '\r')
		len--;
	*s = p;
	*n = len;
	for (size_t i = 0; i < len; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\f' && p[i] != '\v')
			return 0;
	return 1;
}
