/* utf8.c -- UTF-8 validation and decoding, letter case for the scripts of
 * European news text, lookup keys and byte-to-code-point offset maps. */
#include "config.h"

#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "arena.h"
#include "nerd.h"
#include "utf8.h"

int utf8_valid(const char *str, size_t n, size_t *bad)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		if (c < 0x80) {
			/* ASCII runs sixteen bytes at a time with SSE2 (x86-64
			 * has it always), to the first other byte of a block
			 * (its mask's lowest bit); else eight at a time. */
			uint64_t w;
			i++;
#ifdef __SSE2__
			while (i + 16 <= n) {
				int m = _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)));
				if (m) {
					i += (size_t)__builtin_ctz((unsigned)m);
					break;
				}
				i += 16;
			}
#endif
			while (i + 8 <= n) {
				memcpy(&w, s + i, 8);
				if (w & 0x8080808080808080ull)
					break;
				i += 8;
			}
			continue;
		}
		/* Two bytes (Latin letters: umlauts, ß, é ...): no overlong
		 * form from C2 on, nothing to check above it. */
		if (c >= 0xc2 && c <= 0xdf && i + 1 < n && (s[i + 1] & 0xc0) == 0x80) {
			i += 2;
			continue;
		}
		size_t len;
		uint32_t min;
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
			min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			min = 0x10000;
		} else
			goto fail;
		if (i + len > n)
			goto fail;
		uint32_t cp = c & (0x3f >> (len - 1));
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				goto fail;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			goto fail;
		i += len;
	}
	return 1;
fail:
	if (bad)
		*bad = i;
	return 0;
}

uint32_t utf8_next(const char *str, size_t *i)
{
	const unsigned char *s = (const unsigned char *)str + *i;
	uint32_t c = s[0];
	if (c < 0x80) {
		*i += 1;
		return c;
	}
	if (c < 0xe0) {
		*i += 2;
		return ((c & 0x1f) << 6) | (s[1] & 0x3f);
	}
	if (c < 0xf0) {
		*i += 3;
		return ((c & 0x0f) << 12) | ((s[1] & 0x3f) << 6) | (s[2] & 0x3f);
	}
	*i += 4;
	return ((c & 0x07) << 18) | ((s[1] & 0x3f) << 12) | ((s[2] & 0x3f) << 6) | (s[3] & 0x3f);
}

uint32_t utf8_prev(const char *str, size_t i, size_t *start)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t j = i;
	do
		j--;
	while (j > 0 && (s[j] & 0xc0) == 0x80);
	if (start)
		*start = j;
	size_t k = j;
	return utf8_next(str, &k);
}

int utf8_put(char *out, uint32_t c)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

int uc_is_upper_(uint32_t c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z';
	if (c >= 0xc0 && c <= 0xde)
		return c != 0xd7;
	if (c >= 0x100 && c <= 0x17f) {
		if (c == 0x138 || c == 0x149 || c == 0x17f)
			return 0;
		if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e))
			return c & 1;
		return !(c & 1);
	}
	if (c >= 0x180 && c <= 0x24f) /* Latin Extended-B: approximate */
		return c == 0x218 || c == 0x21a || c == 0x1cd || c == 0x1cf || c == 0x1d1 ||
		       c == 0x1d3;
	if (c >= 0x391 && c <= 0x3ab)
		return c != 0x3a2;
	if (c == 0x386 || (c >= 0x388 && c <= 0x38f))
		return 1;
	if (c >= 0x400 && c <= 0x42f)
		return 1;
	if (c >= 0x460 && c <= 0x4ff)
		return !(c & 1);
	if (c >= 0x1e00 && c <= 0x1eff)
		return !(c & 1);
	return 0;
}

int uc_is_lower_(uint32_t c)
{
	if (c < 0x80)
		return c >= 'a' && c <= 'z';
	if (c == 0xb5 || c == 0xaa || c == 0xba)
		return 1;
	if (c >= 0xdf && c <= 0xff)
		return c != 0xf7;
	if (c >= 0x100 && c <= 0x17f)
		return !uc_is_upper(c);
	if (c >= 0x180 && c <= 0x24f)
		return !uc_is_upper(c);
	if (c >= 0x3ac && c <= 0x3ce)
		return 1;
	if (c >= 0x430 && c <= 0x45f)
		return 1;
	if (c >= 0x460 && c <= 0x4ff)
		return c & 1;
	if (c >= 0x1e00 && c <= 0x1eff)
		return c & 1;
	return 0;
}

int uc_is_letter_(uint32_t c)
{
	if (c < 0x80)
		return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
	if (uc_is_upper(c) || uc_is_lower(c))
		return 1;
	/* Other scripts without case (CJK, Arabic, Hebrew ...) count as letters. */
	return (c >= 0x370 && c <= 0x3ff) || (c >= 0x400 && c <= 0x52f) ||
	       (c >= 0x5d0 && c <= 0x5ea) || (c >= 0x620 && c <= 0x64a) ||
	       (c >= 0x3040 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff) ||
	       (c >= 0xac00 && c <= 0xd7a3) || (c >= 0x2b0 && c <= 0x2ff);
}

int uc_is_space_(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
	       c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 ||
	       c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000 || c == 0x85 ||
	       c == 0xfeff;
}

int uc_is_dash_(uint32_t c)
{
	return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212;
}

uint32_t uc_tolower(uint32_t c)
{
	if (c < 0x80)
		return (c >= 'A' && c <= 'Z') ? c + 32 : c;
	if (!uc_is_upper(c))
		return c;
	if (c >= 0xc0 && c <= 0xde)
		return c + 32;
	if (c >= 0x100 && c <= 0x17f)
		return c + 1;
	if (c == 0x386)
		return 0x3ac;
	if (c >= 0x388 && c <= 0x38a)
		return c + 37;
	if (c >= 0x391 && c <= 0x3ab)
		return c + 32;
	if (c >= 0x400 && c <= 0x40f)
		return c + 80;
	if (c >= 0x410 && c <= 0x42f)
		return c + 32;
	if ((c >= 0x460 && c <= 0x4ff) || (c >= 0x1e00 && c <= 0x1eff))
		return c + 1;
	if (c >= 0x180 && c <= 0x24f)
		return c + 1;
	return c;
}

uint32_t uc_toupper(uint32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') ? c - 32 : c;
	if (!uc_is_lower(c) || c == 0xdf || c == 0xb5 || c == 0xaa || c == 0xba)
		return c;
	if (c >= 0xe0 && c <= 0xfe)
		return c - 32;
	if (c == 0xff)
		return 0x178;
	if (c >= 0x100 && c <= 0x17f)
		return c - 1;
	if (c >= 0x3b1 && c <= 0x3cb)
		return c - 32;
	if (c >= 0x430 && c <= 0x44f)
		return c - 32;
	if (c >= 0x450 && c <= 0x45f)
		return c - 80;
	if ((c >= 0x460 && c <= 0x4ff) || (c >= 0x1e00 && c <= 0x1eff))
		return c - 1;
	return c;
}

size_t utf8_fold(const char *s, size_t n, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		unsigned char b = (unsigned char)s[i];
		if (b < 0x80) {
			/* eight ASCII bytes a turn: 0x20 added to those in 'A'..'Z'
			 * (adding 0x3f sets their high bit, adding 0x25 does not;
			 * no byte below 0x80 carries) */
			uint64_t w;
			if (i + 8 <= n && (memcpy(&w, s + i, 8), !(w & 0x8080808080808080ULL))) {
				w |= ((w + 0x3f3f3f3f3f3f3f3fULL) & ~(w + 0x2525252525252525ULL) &
				      0x8080808080808080ULL) >> 2;
				memcpy(out + o, &w, 8);
				i += 8;
				o += 8;
				continue;
			}
			out[o++] = (char)((b >= 'A' && b <= 'Z') ? b + 32 : b);
			i++;
			continue;
		}
		/* U+00C0..U+00FF (the umlauts, ß, é ...) without a call:
		 * uc_tolower adds 32 to U+00C0..U+00DE but U+00D7 */
		unsigned char b2;
		if (b == 0xc3 && i + 1 < n && ((b2 = (unsigned char)s[i + 1]) & 0xc0) == 0x80) {
			out[o++] = (char)b;
			out[o++] = (char)(b2 <= 0x9e && b2 != 0x97 ? b2 + 0x20 : b2);
			i += 2;
			continue;
		}
		uint32_t c = utf8_next(s, &i);
		if (uc_is_dash(c))
			c = '-';
		else if (c == 0x2019 || c == 0x2bc)
			c = '\'';
		else
			c = uc_tolower(c);
		o += (size_t)utf8_put(out + o, c);
	}
	out[o] = 0;
	return o;
}

/* Offset map: cp[k] holds the converted offset of byte 64*k (the units of
 * the characters that start before it), and the bitmaps lead[k] and four[k]
 * say which of the 64 bytes from there start a character (one unit) and
 * which a four-byte one (a second unit in UTF-16), so that a lookup adds
 * the bits for the bytes below the offset to cp[k].  The bitmaps are
 * transposed, which makes them cheap to build: byte 8*w+i of a block is bit
 * 8*i+w (the bit 7 of byte i of its 8-byte word w, shifted right by 7-w). */
#define OM_STEP 64

#define OM_ONES 0x0101010101010101ULL
static const uint64_t om_hi = 0x8080808080808080ULL;

/* The bits set in x (no popcnt instruction in the baseline x86-64). */
static inline unsigned popcount64(uint64_t x)
{
	x -= (x >> 1) & 0x5555555555555555ULL;
	x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (unsigned)((x * OM_ONES) >> 56);
}

/* The bit of byte j (< 64) of a block. */
static inline uint64_t om_bit(size_t j)
{
	return 1ULL << (8 * (j % 8) + j / 8);
}

/* The bits of bytes 0 .. r-1 of a block: the words before r's whole, and
 * the first r % 8 bytes of r's word; a table, offmap_get's by the
 * thousand. */
#define OM_BELOW(r) (OM_ONES * ((1ULL << (r) / 8) - 1) | \
		     (OM_ONES & ((1ULL << 8 * ((r) % 8)) - 1)) << (r) / 8)
#define OM_BELOW8(r) OM_BELOW(r), OM_BELOW(r + 1), OM_BELOW(r + 2), OM_BELOW(r + 3), \
		     OM_BELOW(r + 4), OM_BELOW(r + 5), OM_BELOW(r + 6), OM_BELOW(r + 7)
static const uint64_t om_below_tab[OM_STEP] = {
	OM_BELOW8(0), OM_BELOW8(8), OM_BELOW8(16), OM_BELOW8(24),
	OM_BELOW8(32), OM_BELOW8(40), OM_BELOW8(48), OM_BELOW8(56),
};

void offmap_build(struct offmap *om, struct arena *a, const char *text, size_t len, int mode)
{
	const unsigned char *s = (const unsigned char *)text;
	om->text = text;
	om->len = len;
	om->mode = mode;
	om->cp = NULL;
	om->lead = om->four = NULL;
	if (mode == NERD_OFF_UTF8)
		return;
	size_t nb = len / OM_STEP + 1;
	om->cp = arena_alloc(a, nb * sizeof(uint32_t));
	om->lead = arena_alloc(a, nb * sizeof(uint64_t));
	if (mode == NERD_OFF_UTF16)
		om->four = arena_alloc(a, nb * sizeof(uint64_t));
	size_t conv = 0;
	for (size_t k = 0; k < nb; k++) {
		const unsigned char *b = s + k * OM_STEP;
		uint64_t cont = 0, four = 0;
		if ((k + 1) * OM_STEP <= len) {
			/* Bit 7 of a byte of c is set for a continuation byte
			 * (10xxxxxx), of f for a lead byte 1111xxxx (the
			 * shifts bring bits 6..4 of the same byte there). */
#pragma GCC unroll 8
			for (int w = 0; w < 8; w++) {
				uint64_t v;
				memcpy(&v, b + 8 * w, 8);
				cont |= (v & ~(v << 1) & om_hi) >> (7 - w);
			}
			if (om->four)
				for (int w = 0; w < 8; w++) {
					uint64_t v;
					memcpy(&v, b + 8 * w, 8);
					four |= (v & (v << 1) & (v << 2) & (v << 3) & om_hi) >> (7 - w);
				}
		} else {
			/* the last, partial block; the bits of the bytes after
			 * the text do not matter */
			for (size_t j = 0; j < len - k * OM_STEP; j++) {
				if ((b[j] & 0xc0) == 0x80)
					cont |= om_bit(j);
				if (b[j] >= 0xf0)
					four |= om_bit(j);
			}
		}
		om->cp[k] = (uint32_t)conv;
		om->lead[k] = ~cont;
		conv += 64 - popcount64(cont);
		if (om->four) {
			om->four[k] = four;
			conv += popcount64(four);
		}
	}
}

size_t offmap_get(const struct offmap *om, size_t off)
{
	if (om->mode == NERD_OFF_UTF8)
		return off;
	if (off > om->len)
		off = om->len;
	size_t k = off / OM_STEP;
	uint64_t below = om_below_tab[off % OM_STEP];
	size_t n = om->cp[k] + popcount64(om->lead[k] & below);
	if (om->four)
		n += popcount64(om->four[k] & below);
	return n;
}
