/* util.c -- allocation that aborts on exhaustion, hashing, whole-file reads
 * and the table of error codes. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nerd.h"
#include "util.h"

static void oom(size_t n)
{
	fprintf(stderr, "nerd: out of memory (%zu bytes)\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

void hash_prefixes(const void *p, size_t n, uint64_t *out)
{
	/* hash_bytes of each prefix, the steps of the whole eight bytes
	 * shared */
	const unsigned char *s = p;
	uint64_t h = HASH_SEED;
	for (size_t m = 1; m <= n; m++) {
		size_t t = m - (m - 1) / 8 * 8;         /* the tail: 1..8 bytes */
		if (t == 1 && m > 1) {
			uint64_t w;
			memcpy(&w, s + m - 9, 8);
			h = hash_fold(h ^ w);
		}
		out[m - 1] = hash_fold(h ^ hash_tail(s + m - t, t) ^ m * HASH_KLEN);
	}
}

int read_file(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NERD_EIO;
	size_t cap = 1 << 16, n = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (cap - n < 4096)
			buf = xrealloc(buf, cap *= 2);
		size_t r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
		if (r == 0)
			break;
	}
	int bad = ferror(f);
	int saved = errno;
	fclose(f);
	if (bad) {
		free(buf);
		errno = saved;
		return NERD_EIO;
	}
	buf[n] = 0;
	*out = buf;
	if (len)
		*len = n;
	return 0;
}

static const struct {
	int code;
	const char *name, *msg;
} errtab[] = {
	{NERD_OK, "OK", "success"},
#define X(name, msg) {NERD_E##name, #name, msg},
	NERD_ERRORS(X)
#undef X
};

const char *nerd_strerror(int code)
{
	for (size_t i = 0; i < ARRAY_LEN(errtab); i++)
		if (errtab[i].code == code)
			return errtab[i].msg;
	return "unknown error";
}

const char *nerd_errname(int code)
{
	for (size_t i = 0; i < ARRAY_LEN(errtab); i++)
		if (errtab[i].code == code)
			return errtab[i].name;
	return "UNKNOWN";
}

char *next_line(char **p, char *end)
{
	char *line = *p;
	if (line >= end)
		return NULL;
	char *nl = memchr(line, '\n', (size_t)(end - line));
	char *e = nl ? nl : end;
	*p = e + (nl != NULL);
	if (e > line && e[-1] == '\r')
		e--;
	*e = 0;
	return line;
}
