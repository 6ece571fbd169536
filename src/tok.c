/* tok.c -- German-aware tokenizer and sentence splitter.
 * Words keep inner hyphens and apostrophes ("US-Präsident", "O'Brien"),
 * single-letter dotted sequences stay together ("U.S.", "z.B.", "I.Saccomanno"),
 * numbers keep inner separators ("1.000,5"), known abbreviations and ordinals
 * keep their final dot.  Quotation marks become tokens marked as opening or
 * closing.  Sentences end at . ! ? before an upper-case start, and at every
 * line break (news lines are paragraphs or headlines). */
#include "config.h"

#include <string.h>

#include "doc.h"
#include "lex.h"
#include "model.h"
#include "tok.h"
#include "utf8.h"
#include "util.h"

/* Abbreviations that keep their dot (folded, without the dot), in byte
 * order (strcmp's), for the binary search of is_builtin_abbr.  Users add
 * more in gazetteers/lists/abbrev.txt. */
static const char *const builtin_abbr[] = {
	"a", "abg", "abs", "amerik", "apr", "art", "aufl", "aug", "b", "bd", "bio", "brit", "bspw",
	"bzgl", "bzw", "ca", "chr", "co", "corp", "d", "dez", "dipl", "dr", "dt", "e", "ehem",
	"engl", "etc", "ev", "evtl", "exkl", "feb", "ff", "fr", "franz", "geb", "gegr", "gen",
	"gest", "ggf", "gov", "h", "hl", "hr", "hrsg", "inc", "ing", "inkl", "int", "ital", "jan",
	"jh", "jhd", "jr", "kap", "lat", "lt", "ltd", "mag", "max", "mdb", "mdl", "mill", "min",
	"mind", "mio", "mr", "mrd", "mrs", "ms", "mt", "mär", "nat", "no", "nov", "nr", "o", "okt",
	"pol", "prof", "präs", "rd", "rep", "russ", "s", "sen", "sep", "sept", "span", "sr", "st",
	"str", "stv", "tel", "tsd", "u", "univ", "usw", "v", "verh", "vgl", "vors", "vs", "z", "zb",
	"zzgl", "ä",
};

/* Compares key[0..n) with the string e as strcmp would with key as a string. */
static int abbr_cmp(const char *key, size_t n, const char *e)
{
	size_t i = 0;
	for (; i < n && e[i]; i++)
		if (key[i] != e[i])
			return (unsigned char)key[i] < (unsigned char)e[i] ? -1 : 1;
	if (i < n)
		return 1;
	return e[i] ? -1 : 0;
}

static int is_builtin_abbr(const char *key, size_t n)
{
	if (n > 6)      /* the longest, "amerik" */
		return 0;
	size_t lo = 0, hi = ARRAY_LEN(builtin_abbr);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = abbr_cmp(key, n, builtin_abbr[mid]);
		if (!c)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

static const char *const months[] = {
	"januar", "jänner", "februar", "märz", "april", "mai", "juni", "juli", "august",
	"september", "oktober", "november", "dezember", "january", "february", "march",
	"june", "july", "october", "december", "jan", "feb", "mär", "apr", "jun", "jul",
	"aug", "sep", "sept", "okt", "oct", "nov", "dez", "dec",
};

static int is_month_word(const char *s, size_t n)
{
	char key[64];
	if (n >= 30)
		return 0;
	size_t kl = utf8_fold(s, n, key);
	if (kl && key[kl - 1] == '.')
		kl--;
	for (size_t i = 0; i < ARRAY_LEN(months); i++)
		if (strlen(months[i]) == kl && !memcmp(months[i], key, kl))
			return 1;
	return 0;
}

static int is_quote_cp(uint32_t c)
{
	return c == '"' || c == 0x201e || c == 0x201c || c == 0x201d || c == 0xbb || c == 0xab ||
	       c == 0x201a || c == 0x2018 || c == 0x2039 || c == 0x203a || c == 0x201f;
}

static int is_word_cp(uint32_t c)
{
	return uc_is_letter(c) || uc_is_digit(c);
}

/* Reads a word starting at i; returns its end.  Sets *flags. */
static size_t scan_word(const char *s, size_t n, size_t i, uint32_t *flags)
{
	size_t seg_letters = 0;     /* letters since the last inner '.' */
	int has_letter = 0, has_digit = 0, hyphen = 0;
	size_t j = i;
	while (j < n) {
		/* ASCII letters and digits without a call. */
		unsigned char b = (unsigned char)s[j];
		if ((unsigned)((b | 0x20) - 'a') < 26u) {
			/* the whole run of ASCII letters */
			size_t j0 = j;
			while (++j < n && (unsigned)(((unsigned char)s[j] | 0x20) - 'a') < 26u)
				;
			has_letter = 1;
			seg_letters += j - j0;
			continue;
		}
		if ((unsigned)(b - '0') < 10u) {
			has_digit = 1;
			j++;
			continue;
		}
		size_t k = j + 1;
		uint32_t c = b;
		if (b >= 0x80) {
			k = j;
			c = utf8_next(s, &k);
		}
		if (is_word_cp(c)) {
			if (uc_is_digit(c))
				has_digit = 1;
			else
				has_letter = 1, seg_letters++;
			j = k;
			continue;
		}
		if (k >= n)
			break;
		size_t k2 = k + 1;
		uint32_t nx = (unsigned char)s[k];
		if (nx >= 0x80) {
			k2 = k;
			nx = utf8_next(s, &k2);
		}
		/* Inner hyphen between word characters. */
		if (uc_is_dash(c) && c != 0x2013 && c != 0x2014 && is_word_cp(nx) && j > i) {
			hyphen = 1;
			seg_letters = 0;
			j = k;
			continue;
		}
		/* Inner apostrophe between letters: O'Brien, d'Alema (not the
		 * English possessive 's, which stays outside). */
		if ((c == '\'' || c == 0x2019) && uc_is_letter(nx) && has_letter && !has_digit) {
			size_t k3 = k2;
			uint32_t nx2 = k3 < n ? utf8_next(s, &k3) : ' ';
			if (!((nx == 's' || nx == 't') && !uc_is_letter(nx2))) {
				j = k;
				continue;
			}
		}
		/* Dotted single letters: U.S., z.B., I.Saccomanno. */
		if (c == '.' && seg_letters == 1 && !has_digit && uc_is_letter(nx)) {
			seg_letters = 0;
			j = k;
			continue;
		}
		break;
	}
	*flags = (has_letter ? TOK_WORD : 0) | (hyphen ? TOK_HYPHEN : 0) |
		 (has_letter && has_digit ? TOK_ALNUM : 0);
	/* A final dot after a dotted single letter: "U.S." / "z.B." */
	if (j < n && s[j] == '.' && seg_letters == 1 && j - i >= 3 && s[j - 2] == '.')
		j++;
	return j;
}

/* Reads a number starting at i: digits with inner '.' or ',' followed by a
 * digit. */
static size_t scan_number(const char *s, size_t n, size_t i)
{
	size_t j = i;
	while (j < n) {
		if (s[j] >= '0' && s[j] <= '9') {
			j++;
			continue;
		}
		if ((s[j] == '.' || s[j] == ',') && j + 1 < n && s[j + 1] >= '0' && s[j + 1] <= '9' &&
		    j > i) {
			j++;
			continue;
		}
		break;
	}
	return j;
}

/* The case of a byte: 1 upper-case ASCII letter, 2 lower-case, 0 other
 * (bytes >= 0x80 included, so that a loop over letters needs no second
 * test). */
static const unsigned char ascii_case[256] = {
	['A' ... 'Z'] = 1,
	['a' ... 'z'] = 2,
};

/* The ASCII punctuation that tok_run makes a token of its own (not
 * letters, digits, spaces or control characters): 1, or 2 for those of
 * which a run makes one token ("...", "--"), or 3 for the quotation marks
 * '"' and '\'' (tokens of their own, marked as such). */
static const unsigned char ascii_punct[256] = {
	['!'] = 1, ['#'] = 2, ['$' ... '&'] = 1, ['(' ... ')'] = 1, ['*'] = 2, ['+' ... ','] = 1,
	['-' ... '.'] = 2, ['/'] = 1, [':' ... '<'] = 1, ['='] = 2, ['>' ... '@'] = 1,
	['[' ... '^'] = 1, ['_'] = 2, ['`'] = 1, ['{' ... '}'] = 1, ['~'] = 2,
	['"'] = 3, ['\''] = 3,
};

/* The ASCII bytes that end a word of ASCII letters outright: neither letters
 * nor digits, nor the '-', '\'' and '.' that scan_word may take into a word
 * or the abbreviation test after it may.  0 for bytes >= 0x80. */
static const unsigned char ascii_word_end[256] = {
	[0x00 ... 0x26] = 1, [0x28 ... 0x2c] = 1, ['/'] = 1, [':' ... '@'] = 1,
	['[' ... '`'] = 1, ['{' ... 0x7f] = 1,
};

/* The TOKC_* class of a byte. */
static const unsigned char tok_byte_class[256] = {
	['.'] = TOKC_DOT, ['-'] = TOKC_HYPHEN, ['\''] = TOKC_APOS, ['0' ... '9'] = TOKC_DIGIT,
};

/* An ASCII byte folded as utf8_fold folds it (A-Z to a-z). */
static const unsigned char ascii_fold[128] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
	0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27,
	0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f,
	0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
	0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f,
	0x40, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67,
	0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f,
	0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77,
	0x78, 0x79, 0x7a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f,
	0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67,
	0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f,
	0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77,
	0x78, 0x79, 0x7a, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f,
};

/* 1 when s[i] (i < n) leads a two-byte sequence for U+00C0..U+00FF. */
static inline int c3_pair(const unsigned char *s, size_t i, size_t n)
{
	return s[i] == 0xc3 && i + 1 < n && (s[i + 1] & 0xc0) == 0x80;
}

/* The case of U+00C0..U+00FF from its second byte, as uc_is_upper and
 * uc_is_lower say: 1 upper (U+00C0..U+00DE but ×), 2 lower (U+00DF..U+00FF
 * but ÷), 0 for × and ÷. */
static inline unsigned c3_case(unsigned char b2)
{
	return b2 <= 0x9e ? b2 != 0x97 : (unsigned)(b2 != 0xb7) << 1;
}

/* ascii_case of the character at s[i]: ASCII or a c3_pair. */
static inline unsigned fast_case(const unsigned char *s, size_t i)
{
	return s[i] < 0x80 ? ascii_case[s[i]] : c3_case(s[i + 1]);
}

/* Keys are folded straight into arena blocks shared by many tokens. */
struct keybuf {
	char *p, *end;
};

/* Makes room for need bytes of keys in kb. */
static inline void key_room(struct doc *d, struct keybuf *kb, size_t need)
{
	if ((size_t)(kb->end - kb->p) < need) {
		size_t sz = need > 16384 ? need : 16384;
		kb->p = arena_alloc(d->ar, sz);
		kb->end = kb->p + sz;
	}
}

/* A new token at the end of d->tok.  Its fields are the caller's to set,
 * but for sent, which split_sentences sets for every token. */
static inline struct tok *push_tok(struct doc *d)
{
	/* tok_run sized d->tok for most texts: DOC_PUSH only when it is full */
	if (d->ntok < d->cap_tok)
		return &d->tok[d->ntok++];
	return DOC_PUSH(d, tok);
}

/* TOK_LEAD when tok_lead l takes the word of key (kl >= 1 bytes,
 * NUL-terminated; hash its hash_bytes), else 0: asked where the token is
 * made, with its hash at hand, without a branch. */
static inline uint32_t lead_flag(const struct tok_lead *l, const char *key, size_t kl,
				 uint64_t hash)
{
	unsigned ml = l->minlen[(unsigned char)key[0] << 8 | (unsigned char)key[1]];
	return (l->word[hash >> 48] | (kl >= ml)) * TOK_LEAD;
}

/* Without a model every word is marked (minlen 0). */
static const struct tok_lead lead_all;

/* The tok_lead of d's model, or lead_all. */
static inline const struct tok_lead *lead_of(const struct doc *d)
{
	return d->m && d->m->lead ? d->m->lead : &lead_all;
}

static void add_tok(struct doc *d, size_t start, size_t end, uint32_t flags, struct keybuf *kb)
{
	struct tok *t = push_tok(d);
	t->start = (uint32_t)start;
	t->end = (uint32_t)end;
	t->flags = flags;
	key_room(d, kb, 2 * (end - start) + 5); /* utf8_fold's bound and the NUL */
	char *key = kb->p;
	const unsigned char *s = (const unsigned char *)d->text + start;
	size_t n = end - start, kl;
	uint8_t cls = 0;
	for (size_t q = 0; q < n; q++)
		cls |= tok_byte_class[s[q]];
	t->cls = cls;
	/* ASCII (most tokens): key and the cases seen in one pass; the
	 * first letter's case and the count of capitals (only wanted without
	 * lower-case letters) are looked up afterwards. */
	unsigned up = 0, seen = 0;      /* upper-case letters; ascii_case bits */
	for (kl = 0; kl < n; kl++) {
		unsigned char b = s[kl];
		if (b >= 0x80) {
			/* U+00C0..U+00FF (umlauts, ß): two bytes, folded
			 * as utf8_fold folds them; anything else: the
			 * general path below */
			if (!c3_pair(s, kl, n))
				break;
			unsigned char b2 = s[kl + 1];
			unsigned c = c3_case(b2);
			seen |= c;
			key[kl] = (char)b;
			b2 = (unsigned char)(b2 + ((c & 1) << 5));
			key[++kl] = (char)b2;
			continue;
		}
		seen |= ascii_case[b];
		b = ascii_fold[b];
		key[kl] = (char)b;
	}
	if (kl == n) {
		key[kl] = 0;
		kb->p = key + kl + 1;
		t->key = key;
		t->keylen = (uint32_t)kl;
		t->hash = hash_bytes(key, kl);
		if (flags & TOK_WORD)
			t->flags |= kl ? lead_flag(lead_of(d), key, kl, t->hash) : TOK_LEAD;
		if ((flags & TOK_WORD) && seen) {
			/* every byte >= 0x80 leads a pair c3_pair accepted */
			size_t i = 0;
			while (!fast_case(s, i))
				i += s[i] < 0x80 ? 1 : 2;
			t->flags |= fast_case(s, i) == 1 ? TOK_CAP : TOK_LOWER;
			if (seen == 1) {
				for (; i < n && up < 2; i += s[i] < 0x80 ? 1 : 2)
					up += fast_case(s, i) & 1;
				if (up >= 2)
					t->flags |= TOK_UPPER;
			}
		}
		return;
	}
	kl = utf8_fold(d->text + start, end - start, key);
	key[kl] = 0;
	kb->p = key + kl + 1;
	t->key = key;
	t->keylen = (uint32_t)kl;
	t->hash = hash_bytes(t->key, kl);
	if (flags & TOK_WORD) {
		t->flags |= kl ? lead_flag(lead_of(d), key, kl, t->hash) : TOK_LEAD;
		/* One pass: the case of the first letter, and the counts of
		 * upper- and lower-case letters. */
		int first = 1, low = 0;
		up = 0;
		for (size_t i = start; i < end;) {
			uint32_t c = (unsigned char)d->text[i];
			if (c < 0x80)
				i++;
			else
				c = utf8_next(d->text, &i);
			int u = uc_is_upper(c), l = !u && uc_is_lower(c);
			up += u;
			low += l;
			if (first && uc_is_letter(c)) {
				first = 0;
				t->flags |= u ? TOK_CAP : l ? TOK_LOWER : 0;
			}
		}
		if (up >= 2 && low == 0)
			t->flags |= TOK_UPPER;
	}
}

/* The commonest token, a word of ASCII letters and letters of
 * U+00C0..U+00FF (the umlauts, ß, é ...), with inner ASCII hyphens
 * between such letters ("US-Präsident"), that ends before a byte of
 * ascii_word_end, the text's end, a '.' (then as an abbreviation with its
 * dot when tok_run's test says so) or a mark that plain_word_ends says
 * ends it, read and added in one pass over its bytes: the same token as
 * scan_word, tok_run and add_tok make of it.  lx and abbr_list are
 * tok_run's.  Returns the offset after the word, or 0 (and adds nothing)
 * for any other token at s[i], which the general path reads. */
#define PLAIN_WORD_MAX 64

/* Eight bytes at a time (SWAR): ONES8 * b has byte b in every byte. */
#define ONES8 0x0101010101010101ULL
/* The bytes of w up to the first that is no ASCII letter, as their high
 * bit (0x80), given x = w | 0x20 * ONES8 (w lower-cased): a byte of x below
 * 0x80 lies in 'a'..'z' when adding 0x1f sets its high bit and adding 0x05
 * does not, and a byte >= 0x80 is no letter.  Only such a byte carries
 * into the next, so the bits after the first non-letter may be wrong. */
static inline uint64_t letter_bytes(uint64_t w, uint64_t x)
{
	return (x + 0x1f * ONES8) & ~(x + 0x05 * ONES8) & ~w & 0x80 * ONES8;
}

/* 1 when p[0..2) (below lim) is a letter of U+00C0..U+00FF. */
static inline int c3_letter(const unsigned char *p, const unsigned char *lim)
{
	return lim - p >= 2 && p[0] == 0xc3 && (p[1] & 0xc0) == 0x80 && c3_case(p[1]);
}

/* 1 when the byte or character at p (p < e), after a plain word's
 * letters, neither joins the word nor makes another token of it in
 * scan_word, and is not a '.' (the caller's): an ASCII hyphen before no
 * word character, an apostrophe (' or U+2019) before no letter or before
 * the English "s" or "t" that ends a word ("Trump's", "don't"), and the
 * quotation marks, dashes and ellipsis U+2013 U+2014 U+2018 U+201A
 * U+201C..U+201E U+2026.  0 for anything else, which the general path
 * reads (bytes >= 0x80 that could start a letter among them). */
static int plain_word_ends(const unsigned char *p, const unsigned char *e)
{
	size_t alen = 0;        /* an apostrophe's bytes */
	if (*p == '-')
		return e - p < 2 || (p[1] < 0x80 && !ascii_case[p[1]] && (unsigned)(p[1] - '0') >= 10u);
	if (*p == '\'')
		alen = 1;
	else if (*p == 0xe2 && e - p >= 3 && p[1] == 0x80) {
		switch (p[2]) {
		case 0x93: case 0x94: case 0x98: case 0x9a: case 0x9c: case 0x9d: case 0x9e:
		case 0xa6:
			return 1;
		case 0x99:
			alen = 3;
			break;
		default:
			return 0;
		}
	} else
		return 0;
	/* an apostrophe: what follows it must be plain ASCII */
	const unsigned char *q = p + alen;
	if (q == e || (*q < 0x80 && !ascii_case[*q]))
		return 1;
	if (*q != 's' && *q != 't')
		return 0;
	return q + 1 == e || (q[1] < 0x80 && !ascii_case[q[1]]);
}

static size_t plain_word(struct doc *d, size_t i, uint32_t *pending, struct keybuf *kb,
			 const struct lex *lx, int abbr_list, const struct tok_lead *ld)
{
	const unsigned char *s = (const unsigned char *)d->text;
	const unsigned char *p = s + i, *e = s + d->len;
	const unsigned char *lim = e - p > PLAIN_WORD_MAX ? p + PLAIN_WORD_MAX : e;
	key_room(d, kb, PLAIN_WORD_MAX + 8);    /* a '.', the NUL, hash_bytes_pad */
	char *key = kb->p, *o = key;
	unsigned c, hyphen = 0, dot = 0;    /* TOK_HYPHEN; TOKC_DOT for an abbreviation */
	/* the key folded as add_tok folds it: an ASCII letter or'ed with
	 * 0x20, U+00C0..U+00DE (but ×) to U+00E0..U+00FE */
	for (;;) {
		/* eight ASCII letters a turn: stored folded (as all eight,
		 * the bytes after the word's overwritten or past its end:
		 * the key ends at most at lim, so within key_room's) */
		while (lim - p >= 8) {
			uint64_t w, x, let;
			memcpy(&w, p, 8);
			x = w | 0x20 * ONES8;
			let = letter_bytes(w, x);
			memcpy(o, &x, 8);
			if (let == 0x80 * ONES8) {
				p += 8;
				o += 8;
				continue;
			}
			unsigned k = (unsigned)__builtin_ctzll(let ^ 0x80 * ONES8) >> 3;
			p += k;
			o += k;
			goto other;
		}
		if (p < lim && ascii_case[*p]) {
			*o++ = (char)(*p++ | 0x20);
			continue;
		}
	other:
		if (p >= lim)
			break;
		if (*p == 0xc3) {
			if (!c3_letter(p, lim))
				break;
			c = c3_case(p[1]);
			o[0] = (char)0xc3;
			o[1] = (char)(p[1] + ((c & 1) << 5));
			p += 2;
			o += 2;
			continue;
		}
		/* scan_word's inner hyphen (before a letter) */
		if (*p != '-' || lim - p < 2 || !(ascii_case[p[1]] || c3_letter(p + 1, lim)))
			break;
		*o++ = '-';
		p++;
		hyphen = TOK_HYPHEN;
	}
	if (p == s + i)
		return 0;
	/* the case of the first letter; all upper case from two letters on,
	 * which a capital first and no small letter after it say (most
	 * capitalised words answer at their second letter) */
	unsigned first = fast_case(s, i), flen = s[i] < 0x80 ? 1 : 2;
	size_t kl = (size_t)(o - key);
	uint32_t flags = *pending | TOK_WORD | hyphen | (first == 1 ? TOK_CAP : TOK_LOWER);
	if (first == 1 && kl > flen) {
		const unsigned char *q = s + i + flen;
		/* the letters and hyphens after the first: a hyphen's case 0 */
		while (q < p && fast_case(q, 0) != 2)
			q += *q < 0x80 ? 1 : 2;
		if (q == p)
			flags |= TOK_UPPER;
	}
	if (p < e && *p == '.') {
		/* One letter, a dot and a letter may go on ("z.B."): the
		 * general path's. */
		if (kl == flen && p + 1 < e && (p[1] >= 0x80 || ascii_case[p[1]]))
			return 0;
		/* so may one after a hyphen ("US-A.B."): the general path's */
		if (hyphen)
			return 0;
		/* tok_run's abbreviation test: an initial, or a word of a
		 * list */
		if (kl < 30 && ((kl == flen && first == 1) || is_builtin_abbr(key, kl) ||
				lex_get(lx, abbr_list, key, kl))) {
			*o++ = '.';
			p++;
			flags |= TOK_ABBR;
			dot = TOKC_DOT;
			kl++;
		}
	} else if (p < e && !ascii_word_end[*p] && !plain_word_ends(p, e))
		return 0;
	*o = 0;
	struct tok *t = push_tok(d);
	t->start = (uint32_t)i;
	t->end = (uint32_t)(p - s);
	*pending = 0;
	t->key = key;
	t->keylen = (uint32_t)kl;
	/* letters, and the inner hyphens and the abbreviation's dot */
	_Static_assert(TOK_HYPHEN >> 5 == TOKC_HYPHEN, "TOK_HYPHEN to TOKC_HYPHEN");
	t->cls = (uint8_t)(hyphen >> 5 | dot);
	uint64_t h = hash_bytes_pad(key, kl);
	t->hash = h;
	t->flags = flags | lead_flag(ld, key, kl, h);
	kb->p = o + 1;
	return (size_t)(p - s);
}

/* A list of token indices in the document's arena, in the order added. */
struct tlist {
	uint32_t *v;
	uint32_t n, cap;
};

static void tlist_add(struct doc *d, struct tlist *l, uint32_t i)
{
	if (l->n == l->cap) {
		uint32_t cap = l->cap ? 2 * l->cap : 64;
		l->v = arena_grow(d->ar, l->v, sizeof(*l->v) * l->n, sizeof(*l->v) * cap);
		l->cap = cap;
	}
	l->v[l->n++] = i;
}

/* Marks the quotation marks, the tokens q[0..nq), as opening or closing. */
static void mark_quotes(struct doc *d, const uint32_t *q, uint32_t nq)
{
	for (uint32_t qi = 0; qi < nq; qi++) {
		uint32_t i = q[qi];
		struct tok *t = &d->tok[i];
		size_t k = t->start;
		uint32_t c = utf8_next(d->text, &k);
		int before_space = (t->flags & TOK_SPACE) || i == 0 || (t->flags & TOK_NL) ||
				   (d->tok[i - 1].flags & TOK_QOPEN) ||
				   tok_is(d, &d->tok[i - 1], "(");
		int after_space = i + 1 >= d->ntok || (d->tok[i + 1].flags & (TOK_SPACE | TOK_NL));
		switch (c) {
		case 0x201e: case 0x201a: case 0xbb: case 0x203a:
			/* „ ‚ open in German; » opens in German texts */
			t->flags |= (c == 0xbb && !before_space && after_space) ? TOK_QCLOSE : TOK_QOPEN;
			break;
		case 0x201d: case 0xab: case 0x2039:
			t->flags |= (c == 0xab && before_space && !after_space) ? TOK_QOPEN : TOK_QCLOSE;
			break;
		default: /* " “ ‘ ' and the rest: by position */
			if (before_space && !after_space)
				t->flags |= TOK_QOPEN;
			else if (!before_space && after_space)
				t->flags |= TOK_QCLOSE;
			else if (before_space)
				t->flags |= TOK_QOPEN;
			else
				t->flags |= TOK_QCLOSE;
		}
	}
}

/* Splits d->tok into sentences.  A sentence ends before a line break,
 * after the last token, and at . ! ? before white space and a capital, an
 * opening quote, a number or a non-word.  Only the tokens in cand[0..nc)
 * (ascending, repeats allowed) can end one before the last: the tokenizer
 * lists every token before a line break and every token "." "!" "?", so
 * that the other tokens cost a store each. */
static void split_sentences(struct doc *d, const uint32_t *cand, uint32_t nc)
{
	struct tok *tk = d->tok;        /* DOC_PUSH(d, sent) leaves d->tok alone */
	uint32_t nt = d->ntok, s0 = 0, si = d->nsent;   /* si: the sentence's index */
	for (uint32_t ci = 0; ci <= nc; ci++) {
		uint32_t i = ci < nc ? cand[ci] : nt - 1;
		if (i < s0 || i >= nt)
			continue;       /* in a sentence ended already */
		if (i + 1 < nt && !(tk[i + 1].flags & TOK_NL)) {
			const struct tok *t = &tk[i];
			if (!(t->flags & TOK_PUNCT) || tok_len(t) != 1)
				continue;
			char c = d->text[t->start];
			if (c != '.' && c != '!' && c != '?')
				continue;
			/* Closing quotes and brackets stay with the sentence. */
			uint32_t j = i + 1;
			while (j < nt && (tk[j].flags & TOK_QCLOSE) && !(tk[j].flags & (TOK_SPACE | TOK_NL)))
				j++;
			if (!(j < nt && (tk[j].flags & (TOK_SPACE | TOK_NL)) &&
			      (tk[j].flags & (TOK_CAP | TOK_QOPEN | TOK_NUM) || !(tk[j].flags & TOK_WORD))))
				continue;
			i = j - 1;
		}
		for (struct tok *p = tk + s0, *pe = tk + i; p <= pe; p++)
			p->sent = si;
		struct sent *se = DOC_PUSH(d, sent);
		se->t0 = s0;
		se->t1 = i + 1;
		se->start = tk[s0].start;
		se->end = tk[i].end;
		tk[s0].flags |= TOK_SSTART;
		s0 = i + 1;
		si++;
	}
	/* Headlines: a line that does not end in sentence punctuation. */
	for (uint32_t s = 0; s < d->nsent; s++) {
		struct sent *se = &d->sent[s];
		const struct tok *last = &d->tok[se->t1 - 1];
		char lc = d->text[last->end - 1];
		int line_end = se->t1 >= d->ntok || (d->tok[se->t1].flags & TOK_NL);
		if (line_end && !strchr(".!?:;,\"", lc) && !(last->flags & TOK_QUOTE) &&
		    se->t1 - se->t0 <= 25)
			for (uint32_t k = se->t0; k < se->t1; k++)
				d->tok[k].flags |= TOK_HEADLINE;
	}
}

/* The tokenizer's state between tokens. */
struct tokrd {
	struct keybuf kb;
	const struct lex *lx;
	int abbr_list;          /* the lexicon's list of abbreviations */
	uint32_t pending;       /* TOK_SPACE / TOK_NL / TOK_PARA for the next token */
	int nl_count;           /* line breaks since the last token */
	struct tlist quote;     /* the quotation marks' tokens */
	struct tlist cand;      /* the tokens that may end a sentence before the
				   last (split_sentences) */
};

/* A number of ASCII digits alone, ended by a byte of ascii_word_end (but
 * a ',' before a digit, which goes on: "1,5") or the text's end: the token
 * other_token makes of it.  Returns 0 (and adds nothing) for any other
 * token at s[i], a digit. */
static int plain_number(struct doc *d, size_t i, struct tokrd *r)
{
	const unsigned char *s = (const unsigned char *)d->text;
	const unsigned char *p = s + i, *e = s + d->len;
	while (p < e && (unsigned)(*p - '0') < 10u)
		p++;
	if (p < e && (!ascii_word_end[*p] || (*p == ',' && p + 1 < e && (unsigned)(p[1] - '0') < 10u)))
		return 0;
	size_t kl = (size_t)(p - (s + i));
	key_room(d, &r->kb, kl + 1);
	char *key = r->kb.p;
	memcpy(key, s + i, kl);
	key[kl] = 0;
	r->kb.p = key + kl + 1;
	struct tok *t = push_tok(d);
	t->start = (uint32_t)i;
	t->end = (uint32_t)(i + kl);
	t->flags = r->pending | TOK_NUM;
	t->key = key;
	t->keylen = (uint32_t)kl;
	t->cls = TOKC_DIGIT;
	t->hash = hash_bytes(key, kl);
	r->pending = 0;
	r->nl_count = 0;
	return 1;
}

/* Reads what starts at s[i] but a space, a plain word or one byte of
 * punctuation: white space and control characters, numbers, other words,
 * quotation marks and other characters.  Returns the offset after it.
 * Not inline: tok_run's loop keeps its registers for the common tokens. */
static __attribute__((noinline)) size_t other_token(struct doc *d, struct tokrd *r, size_t i)
{
	const char *s = d->text;
	size_t n = d->len;
	size_t k = i + 1;
	uint32_t c = (unsigned char)s[i];
	if (c >= 0x80) {
		k = i;
		c = utf8_next(s, &k);
	}
	if (uc_is_space(c) || c < 0x20 || c == 0x7f || (c >= 0x200b && c <= 0x200f) ||
	    c == 0xad) {
		if (c == '\n' || c == 0x2029 || c == 0x2028) {
			/* the token before a line break ends a sentence */
			if (!(r->pending & TOK_NL) && d->ntok)
				tlist_add(d, &r->cand, d->ntok - 1);
			r->pending |= TOK_NL;
			if (++r->nl_count >= 2)
				r->pending |= TOK_PARA;
		} else if (c != '\r' && !(c >= 0x200b && c <= 0x200f) && c != 0xad)
			r->pending |= TOK_SPACE;
		return k;
	}
	r->nl_count = 0;
	uint32_t fl = r->pending;
	r->pending = 0;
	if (uc_is_digit(c)) {
		size_t j = scan_number(s, n, i);
		/* digits running into letters or hyphen compounds: "F-35" is
		 * read as a word; "5G", "2025-10-28", "30-jährige". */
		uint32_t wflags;
		size_t we = scan_word(s, n, i, &wflags);
		if (we > j && (wflags & (TOK_WORD | TOK_HYPHEN))) {
			add_tok(d, i, we, fl | wflags | ((wflags & TOK_WORD) ? 0 : TOK_NUM),
				&r->kb);
			return we;
		}
		/* Ordinal: up to three digits and a dot, before a lower-case
		 * word, a month or a digit ("am 3. Oktober", "2. Liga"). */
		if (j < n && s[j] == '.' && j - i <= 3 && j + 2 < n && s[j + 1] == ' ') {
			size_t a = j + 2;
			uint32_t nx = utf8_next(s, &a);
			size_t we2 = j + 2;
			while (we2 < n && ((unsigned char)s[we2] >= 0x80 ||
					   ((s[we2] | 0x20) >= 'a' && (s[we2] | 0x20) <= 'z')))
				we2++;
			if (uc_is_lower(nx) || uc_is_digit(nx) || is_month_word(s + j + 2, we2 - j - 2)) {
				add_tok(d, i, j + 1, fl | TOK_NUM | TOK_ORD, &r->kb);
				return j + 1;
			}
		}
		add_tok(d, i, j, fl | TOK_NUM, &r->kb);
		return j;
	}
	if (uc_is_letter(c)) {
		uint32_t wflags;
		size_t j = scan_word(s, n, i, &wflags);
		/* Abbreviation with its dot. */
		if (j < n && s[j] == '.' && s[j - 1] != '.') {
			char key[64];
			size_t wl = j - i;
			if (wl < 30) {
				size_t kl = utf8_fold(s + i, wl, key);
				/* one character: the word ends where c does */
				int initial = j == k && uc_is_upper(c);
				if (initial || is_builtin_abbr(key, kl) ||
				    lex_has(r->lx, r->abbr_list, key, kl)) {
					add_tok(d, i, j + 1, fl | wflags | TOK_ABBR, &r->kb);
					return j + 1;
				}
			}
		}
		add_tok(d, i, j, fl | wflags, &r->kb);
		return j;
	}
	if (is_quote_cp(c) || c == '\'') {
		add_tok(d, i, k, fl | TOK_PUNCT | TOK_QUOTE, &r->kb);
		tlist_add(d, &r->quote, d->ntok - 1);
		return k;
	}
	/* Any other character is a token of its own; runs of the same
	 * punctuation ("...", "--") stay together. */
	size_t j = k;
	while (j < n && s[j] == s[i] && (unsigned char)s[i] < 0x80 && strchr(".-=*_#~", s[i]))
		j++;
	add_tok(d, i, j, fl | TOK_PUNCT, &r->kb);
	return j;
}

struct tok_lead *tok_lead_new(void)
{
	struct tok_lead *l = xcalloc(1, sizeof(*l));
	memset(l->minlen, 255, sizeof(l->minlen));
	return l;
}

void tok_run(struct doc *d)
{
	const char *s = d->text;
	size_t n = d->len, i = 0;
	struct tokrd r = {{NULL, NULL}, d->m ? d->m->lex : NULL, -1, 0, 0, {NULL, 0, 0},
			  {NULL, 0, 0}};
	r.abbr_list = lex_list(r.lx, "abbrev");
	const struct tok_lead *ld = lead_of(d);
	if (!d->cap_tok) {
		d->cap_tok = (uint32_t)(n / 5 + 16);
		d->tok = arena_alloc(d->ar, sizeof(*d->tok) * d->cap_tok);
	}
	while (i < n) {
		if (s[i] == ' ') {      /* the commonest byte, without a call */
			r.pending |= TOK_SPACE;
			i++;
			continue;
		}
		size_t j;
		if ((ascii_case[(unsigned char)s[i]] || (unsigned char)s[i] == 0xc3) &&
		    (j = plain_word(d, i, &r.pending, &r.kb, r.lx, r.abbr_list, ld))) {
			r.nl_count = 0;
			/* and the space after it, most often there */
			i = j;
			if (i < n && s[i] == ' ') {
				r.pending = TOK_SPACE;
				i++;
			}
			continue;
		}
		unsigned char pb = (unsigned char)s[i];
		if ((unsigned)(pb - '0') < 10u && plain_number(d, i, &r)) {
			i = d->tok[d->ntok - 1].end;
			continue;
		}
		/* A punctuation mark or quotation mark of one byte: its key is
		 * itself. */
		unsigned pk = ascii_punct[pb];
		if (pk & 1 || (pk && (i + 1 == n || s[i + 1] != s[i]))) {
			struct tok *t = push_tok(d);
			key_room(d, &r.kb, 2);
			t->start = (uint32_t)i;
			t->end = (uint32_t)(i + 1);
			t->flags = r.pending | TOK_PUNCT | (pk == 3 ? TOK_QUOTE : 0);
			t->key = r.kb.p;
			t->keylen = 1;
			t->cls = tok_byte_class[pb];
			r.kb.p[0] = (char)pb;
			r.kb.p[1] = 0;
			t->hash = hash_bytes(r.kb.p, 1);
			r.kb.p += 2;
			r.pending = 0;
			r.nl_count = 0;
			if (pb == '.' || pb == '!' || pb == '?')
				tlist_add(d, &r.cand, d->ntok - 1);
			else if (pk == 3)
				tlist_add(d, &r.quote, d->ntok - 1);
			i++;
			continue;
		}
		i = other_token(d, &r, i);
	}
	if (d->ntok) {
		mark_quotes(d, r.quote.v, r.quote.n);
		split_sentences(d, r.cand.v, r.cand.n);
	}
	if (r.lx && d->ntok) {
		d->tokmask = arena_alloc(d->ar, sizeof(*d->tokmask) * d->ntok);
		lex_tok_masks(r.lx, d->tok, d->ntok, d->tokmask);
	}
}

size_t tok_join_keys(const struct doc *d, uint32_t i, uint32_t n, char *buf, size_t cap)
{
	size_t l = 0;
	if (i + n > d->ntok)
		return 0;
	for (uint32_t k = i; k < i + n; k++) {
		const struct tok *t = &d->tok[k];
		if (k > i && (t->flags & TOK_NL))
			return 0;
		if (k > i && (t->flags & TOK_SPACE)) {
			if (l + 1 >= cap)
				return 0;
			buf[l++] = ' ';
		}
		if (l + t->keylen >= cap)
			return 0;
		memcpy(buf + l, t->key, t->keylen);
		l += t->keylen;
	}
	buf[l] = 0;
	return l;
}
