/* utf8.h -- UTF-8 validation, decoding and the small slice of Unicode that
 * nerd needs: letter case for Latin, Greek and Cyrillic, and case folding to a
 * lookup key.  Offsets are byte offsets unless a name says otherwise. */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Returns 1 when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF), else 0 and the offset of the first bad byte. */
int utf8_valid(const char *s, size_t n, size_t *bad);
/* Decodes one code point at s[*i] (valid UTF-8 assumed) and advances *i. */
uint32_t utf8_next(const char *s, size_t *i);
/* Decodes the code point at s[i] without advancing. */
static inline uint32_t utf8_next_cp(const char *s, size_t i)
{
	return utf8_next(s, &i);
}
/* Decodes the code point ending just before s[i]; returns its start in *start. */
uint32_t utf8_prev(const char *s, size_t i, size_t *start);
/* Encodes c into out (at least 4 bytes); returns the length. */
int utf8_put(char *out, uint32_t c);

/* Character classes: the ASCII cases are answered inline (the tokenizer asks
 * about every character), the others by the uc_is_*_ functions. */
int uc_is_letter_(uint32_t c);
int uc_is_upper_(uint32_t c);
int uc_is_lower_(uint32_t c);
int uc_is_space_(uint32_t c);
int uc_is_dash_(uint32_t c);
static inline int uc_is_letter(uint32_t c)
{
	return c < 0x80 ? (c | 0x20) - 'a' < 26u : uc_is_letter_(c);
}
static inline int uc_is_upper(uint32_t c)
{
	return c < 0x80 ? c - 'A' < 26u : uc_is_upper_(c);
}
static inline int uc_is_lower(uint32_t c)
{
	return c < 0x80 ? c - 'a' < 26u : uc_is_lower_(c);
}
static inline int uc_is_digit(uint32_t c)
{
	return c - '0' < 10u;
}
/* Includes NBSP, thin spaces, line/para separators. */
static inline int uc_is_space(uint32_t c)
{
	return c < 0x80 ? c == ' ' || (c >= '\t' && c <= '\r') : uc_is_space_(c);
}
/* - ‐ ‑ ‒ – — − */
static inline int uc_is_dash(uint32_t c)
{
	return c < 0x80 ? c == '-' : uc_is_dash_(c);
}
uint32_t uc_tolower(uint32_t c);
uint32_t uc_toupper(uint32_t c);

/* Writes the lookup key of s[0..n) into out (at most 2*n+4 bytes): lower
 * case; ß stays ß; every dash becomes '-'.  Returns the key length. */
size_t utf8_fold(const char *s, size_t n, char *out);

/* Converts byte offsets to code point or UTF-16 offsets: the map is built
 * once per document by offmap_build (one pass over the text) and queried
 * with offmap_get (a few instructions, in any order). */
struct offmap {
	const char *text;
	size_t len;
	int mode;              /* enum nerd_offsets */
	uint32_t *cp;          /* cp[k] = converted offset of byte 64*k */
	uint64_t *lead;        /* bit j of lead[k]: byte 64*k+j starts a character */
	uint64_t *four;        /* UTF-16 only: ... starts a four-byte one (two units) */
};
struct arena;
void offmap_build(struct offmap *om, struct arena *a, const char *text, size_t len, int mode);
size_t offmap_get(const struct offmap *om, size_t byte_off);

#endif
