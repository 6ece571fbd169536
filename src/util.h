/* util.h -- allocation that aborts on exhaustion, and small helpers shared by
 * every module. */
#ifndef UTIL_H
#define UTIL_H

#include <stddef.h>
#include <stdint.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* 64-bit hash of n bytes (FNV-1a folded with a final mix). */
uint64_t hash_bytes(const void *p, size_t n);
/* out[m - 1] = hash_bytes(p, m) for m = 1..n, in one pass over p. */
void hash_prefixes(const void *p, size_t n, uint64_t *out);

/* Reads a whole file into a NUL-terminated heap buffer; returns 0 or
 * NERD_EIO (errno kept). */
int read_file(const char *path, char **out, size_t *len);
/* The next line of a buffer read by read_file, from *p up to end: cut at
 * its newline (a CR before it dropped) and NUL-terminated in place; *p
 * moves past it.  NULL when *p has reached end. */
char *next_line(char **p, char *end);

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#endif
