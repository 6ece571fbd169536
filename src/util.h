/* util.h -- allocation that aborts on exhaustion, and small helpers shared by
 * every module. */
#ifndef UTIL_H
#define UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* The 64-bit hash of n bytes that keys carry (struct tok, the lexicon, the
 * gazetteer and its image): eight bytes a step, each step one 64 x 64 ->
 * 128-bit multiply whose halves are folded together (xor), so that every
 * input bit reaches every output bit; the last one to eight bytes, as a
 * little-endian number, are mixed in with the length.  Equal hashes stand
 * for equal keys in places (rule literals, prefix sets): the mix must
 * spread any difference, which a plain multiply (carries go up only) would
 * not.  Inline: tokens are hashed by the million, mostly short words of
 * one step. */
#define HASH_SEED 0x9e3779b97f4a7c15ULL
#define HASH_K 0xd6e8feb86659fd93ULL
#define HASH_KLEN 0xbf58476d1ce4e5b9ULL
static inline uint64_t hash_fold(uint64_t a)
{
	unsigned __int128 r = (unsigned __int128)a * HASH_K;
	return (uint64_t)r ^ (uint64_t)(r >> 64);
}
/* Little-endian loads of 8, 4 and 2 bytes. */
static inline uint64_t hash_le64(const unsigned char *s)
{
	uint64_t v;
	memcpy(&v, s, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}
static inline uint64_t hash_le32(const unsigned char *s)
{
	uint32_t v;
	memcpy(&v, s, 4);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap32(v);
#endif
	return v;
}
static inline uint64_t hash_le16(const unsigned char *s)
{
	return (uint64_t)s[0] | (uint64_t)s[1] << 8;
}
/* Bytes s[0..n), n = 0..8, as a little-endian number, read without going
 * past them: two overlapping loads of four (n >= 4) or two bytes (n >= 2),
 * the second one's bytes that the first has shifted out. */
static inline uint64_t hash_tail(const unsigned char *s, size_t n)
{
	if (n >= 4)
		return hash_le32(s) | hash_le32(s + n - 4) >> (64 - 8 * n) << 32;
	if (n >= 2)
		return hash_le16(s) | (uint64_t)s[n - 1] << (8 * (n - 1));
	return n ? s[0] : 0;
}
static inline uint64_t hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = HASH_SEED;
	size_t m = n;
	for (; m > 8; s += 8, m -= 8)
		h = hash_fold(h ^ hash_le64(s));
	return hash_fold(h ^ hash_tail(s, m) ^ n * HASH_KLEN);
}
/* hash_bytes(p, n), n >= 1, for bytes that may be read up to the next
 * multiple of eight past p (a key in a padded buffer): the last word in
 * one load, the bytes past n masked off. */
static inline uint64_t hash_bytes_pad(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = HASH_SEED;
	size_t m = n;
	for (; m > 8; s += 8, m -= 8)
		h = hash_fold(h ^ hash_le64(s));
	static const uint64_t keep[9] = {
		0, 0xff, 0xffff, 0xffffff, 0xffffffff, 0xffffffffffULL, 0xffffffffffffULL,
		0xffffffffffffffULL, ~0ULL,
	};
	return hash_fold(h ^ (hash_le64(s) & keep[m]) ^ n * HASH_KLEN);
}
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

/* Bit sets of 2^16 bits (8 KiB) that turn most words away before a lookup
 * (fig.c, date.c): a key's bit is the top 16 bits of its hash_bytes, or of
 * next_hash for a key's start and the byte after it. */
static inline void bit_set(uint8_t *b, unsigned i)
{
	b[i >> 3] |= (uint8_t)(1u << (i & 7));
}

static inline int bit_has(const uint8_t *b, unsigned i)
{
	return b[i >> 3] >> (i & 7) & 1;
}

/* Sets the bit of key in the bit set arg (a lex_each callback). */
static inline void bit_add_key(const char *key, size_t kl, void *arg)
{
	bit_set(arg, (unsigned)(hash_bytes(key, kl) >> 48));
}

/* A bit of 2^16 for a key (by its hash_bytes) and the byte after it. */
static inline unsigned next_hash(uint64_t keyhash, unsigned char c)
{
	return (unsigned)(((keyhash ^ c) * 0x9e3779b97f4a7c15ULL) >> 48);
}

#endif
