/* ndjson.h -- cutting a byte stream into NDJSON lines, one chunk at a time,
 * never keeping more of a line than a given limit: the reader of
 * `nerd extract --ndjson`, factored out of nerd.c so that it can be tested
 * and fuzzed on its own.  The caller owns every buffer; nothing here
 * allocates except by growing the caller's sbuf. */
#ifndef NDJSON_H
#define NDJSON_H

#include <stddef.h>

struct sbuf;

/* One line being read.  Start it with ndjson_line_init, then feed chunks
 * until ndjson_line_feed reports its end (or the input ends: a last line
 * without '\n' counts when any is set). */
struct ndjson_line {
	size_t start;           /* where the line begins in dst */
	size_t len;             /* bytes of the line seen so far, kept or not */
	int toobig;             /* longer than max: dropped from dst */
	int any;                /* at least one byte (or the '\n') was seen */
};

void ndjson_line_init(struct ndjson_line *l, const struct sbuf *dst);
/* Appends bytes of p[0..n) up to the first '\n' (not copied) to dst.  When
 * the line grows past max bytes, what dst got of it is taken back, the rest
 * is skipped and l->toobig is set.  Returns the bytes consumed, the '\n'
 * included; *eol is set to 1 when the line ended in this chunk. */
size_t ndjson_line_feed(struct ndjson_line *l, struct sbuf *dst, const char *p, size_t n,
			size_t max, int *eol);

/* What a line means before it is parsed: strips a UTF-8 byte order mark
 * from the first line (lineno 1) and one '\r' at its end, in place of *s and
 * *n.  Returns 1 when what is left is blank (only spaces, tabs, CR, FF, VT),
 * else 0. */
int ndjson_trim(const char **s, size_t *n, long lineno);

#endif
