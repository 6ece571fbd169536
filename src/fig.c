/* fig.c -- figures: a token-level scanner for numbers (digits in German or
 * English format, compound number words, scale words), followed by the unit
 * that decides the kind (percent, money, quantity) or a counted noun (count).
 * Qualifiers before the number set approx/bound, ranges link two figures, a
 * money figure in parentheses after another is its equivalent, and a head
 * noun nearby says what the figure measures (of).  Every word list is data
 * under DIR/fig/ (see gazetteers/fig/README); struct figdata is built once by
 * fig_load and read-only afterwards.  Digits glued to a unit ("3km", "2bn")
 * are split with one PCRE2 pattern (JIT, per-thread match data). */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <math.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "doc.h"
#include "fig.h"
#include "lex.h"
#include "nerd.h"
#include "pcre.h"
#include "tok.h"
#include "utf8.h"
#include "util.h"

enum ncls {
	NC_DIGIT, NC_TEEN, NC_TEN, NC_HUNDRED, NC_THOUSAND, NC_AND, NC_HALFSUFFIX, NC_ONE,
	NC_WORD, NC_HALF, NC_FRAC, NC_VAGUE, NC_SCALE, NC_SUFFIX, NC_KOMMA, NC_MINUS, NC_N
};
static const char *const ncls_name[] = {
	"digit", "teen", "ten", "hundred", "thousand", "and", "halfsuffix", "one",
	"word", "half", "frac", "vague", "scale", "suffix", "komma", "minus",
};

struct numw {
	double v;
	uint8_t cls;
};

struct unitw {
	uint8_t kind;           /* enum fkind */
	uint8_t pre;            /* may stand before the number */
	char code[4];           /* ISO 4217 for money */
	const char *unit;       /* normalised unit, NULL for none */
	double factor;
};

enum { WC_CLAUSE = 1, WC_YEARCTX = 2, WC_TIME = 4, WC_OFVERB = 8, WC_ARTICLE = 16,
       WC_NOCOUNT = 32, WC_PLURAL = 64, WC_ENSTOP = 128, WC_SKIP = 256, WC_PREP = 512,
       WC_TIMEUNIT = 1024, WC_ENCHANGE = 2048, WC_ENTRANS = 4096, WC_ENCOPULA = 8192 };
#define WC_N 14
static const char *const wc_name[WC_N] = {
	"clause", "yearctx", "time", "ofverb", "article", "nocount", "plural", "enstop", "skip",
	"prep", "timeunit", "enchange", "entrans", "encopula",
};

struct figdata {
	struct lex *x;
	int l_num[2];           /* by language: NERD_LANG_DE, NERD_LANG_EN */
	/* the number words of l_num[lang] by what may_start asks of them:
	 * NK_ONE "ein", NK_NOSTART no number starts with them ("und"),
	 * NK_GROW they make "ein" a longer number ("Million", "Drittel") */
	int l_nk[2][3];
	int l_unit, l_qual, l_word;
	/* the words of each class of l_word, one list per WC_ bit in order
	 * from l_wc (consecutive ids), so that a token's mask shifted by l_wc
	 * is its word_cls */
	int l_wc;
	/* every prefix of the units and of the qualifiers (lex_add_prefixes):
	 * a token's mask says whether one begins with it */
	int l_unitp, l_qualp;
	/* by next_hash: every start of a unit or qualifier (hash_bytes of its
	 * first p bytes) with the byte after it */
	uint8_t unitnext[8192], qualnext[8192];
	struct numw *num;
	size_t nnum;
	struct unitw *unit;
	size_t nunit;
	int l_per;              /* denominators after "pro": "Stunde" -> "h" */
	char **strs;            /* owned strings (unit names) */
	size_t nstrs;
	uint32_t maxmorph;      /* longest compound-number morpheme, bytes */
	uint8_t pre2[8192];     /* bit set of the first two bytes of morphemes */
	/* parse_compound's first morpheme, when every morpheme has three
	 * bytes or more (morph3): bit sets, by pre_hash, of the folded
	 * morphemes of three bytes and of the first four of the longer ones;
	 * a word whose start is in neither is no compound number. */
	int morph3;
	uint8_t mor3[8192], pre4[8192];
	/* with morph3, by pre_hash of the last three bytes: the ends of the
	 * morphemes; a compound number ends with one ("zweiten" does not) */
	uint8_t suf3[8192];
	uint8_t unit0[32];      /* bit set of the bytes a unit begins with */
	/* by the top 16 bits of hash_bytes: every key of the number words
	 * (both languages) and of the units -- the lists whose bits may_start
	 * reads from a word's mask; a word whose bit is clear has none of
	 * them, and its mask need not be looked up */
	uint8_t startw[8192];
	/* the same of the units and their prefixes (l_unitp): does a unit
	 * begin with the word? */
	uint8_t unitpw[8192];
	/* by language, the same of the units and of the number words a
	 * number may start with (not "und", "Komma": NK_NOSTART) */
	uint8_t yesw[2][8192];
	/* the same of every key of every list: a token whose bit is clear
	 * has the mask 0, without a probe */
	uint8_t anyw[8192];
	/* the same of the class words (l_word): a token whose bit is clear
	 * has no class, and word_cls need not probe its mask */
	uint8_t wordw[8192];
	/* the same of the qualifiers and their starts (l_qual, l_qualp) */
	uint8_t qualw[8192];
	pcre2_code *re_glued;
	pcre2_match_context *mctx;
};


#define FIG_MATCH_LIMIT 100000
#define FIG_CLAUSE 48           /* tokens looked at around a figure for its clause */

/* ---- loading ---- */

static int fig_read(const char *dir, const char *name, char **buf, size_t *len, char *path,
		    size_t pathlen, char *err, size_t errlen)
{
	snprintf(path, pathlen, "%s/fig/%s", dir, name);
	if (read_file(path, buf, len)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NERD_EIO;
	}
	size_t bad;
	if (!utf8_valid(*buf, *len, &bad)) {
		snprintf(err, errlen, "%s: invalid UTF-8 at byte %zu", path, bad);
		free(*buf);
		return NERD_EDATA;
	}
	return 0;
}

/* Splits buf into lines and each line into up to maxcol tab-separated
 * columns; calls fn for every non-comment line.  fn returns 0 or an error
 * message. */
typedef const char *(*line_fn)(struct figdata *f, char **col, int ncol);

static int fig_lines(struct figdata *f, const char *dir, const char *name, line_fn fn, char *err,
		     size_t errlen)
{
	char *buf, path[4096];
	size_t len;
	int rc = fig_read(dir, name, &buf, &len, path, sizeof(path), err, errlen);
	if (rc)
		return rc;
	char *line, *rest = buf;
	long lineno = 0;
	while ((line = next_line(&rest, buf + len))) {
		lineno++;
		if (*line && *line != '#') {
			char *col[6];
			int ncol = 0;
			char *p = line;
			while (ncol < 6) {
				col[ncol++] = p;
				char *tab = strchr(p, '\t');
				if (!tab)
					break;
				*tab = 0;
				p = tab + 1;
			}
			const char *msg = fn(f, col, ncol);
			if (msg) {
				snprintf(err, errlen, "%s:%ld: %s", path, lineno, msg);
				free(buf);
				return NERD_EDATA;
			}
		}
	}
	free(buf);
	return 0;
}

/* The record index fig_addrec stored as a list value ("%zu"): read without
 * strtoul, which costs more than the lookup that found it. */
static inline size_t rec_idx(const char *v)
{
	size_t x = 0;
	while ((unsigned)(*v - '0') < 10u)
		x = x * 10 + (size_t)(*v++ - '0');
	return x;
}

/* The bit sets of struct figdata: 2^16 bits, indexed by a hash of the first
 * n (3 or 4) bytes of a key. */
static inline unsigned pre_hash(const char *k, size_t n)
{
	uint32_t v = 0;
	memcpy(&v, k, n);
	return (v * 0x9e3779b1u) >> 16;
}

/* Sets the bits of every start of key and the byte after it in the bit set
 * arg (a lex_each callback). */
static void next_add(const char *key, size_t kl, void *arg)
{
	for (size_t p = 1; p < kl; p++)
		bit_set(arg, next_hash(hash_bytes(key, p), (unsigned char)key[p]));
}

static void fig_addrec(struct figdata *f, int list, const char *key, size_t idx)
{
	char v[24];
	snprintf(v, sizeof(v), "%zu", idx);
	lex_add(f->x, list, key, strlen(key), v);
}

static const char *num_line(struct figdata *f, char **col, int ncol)
{
	if (ncol < 4)
		return "expected WORD<TAB>VALUE<TAB>CLASS<TAB>LANG";
	char *e;
	double v = strtod(col[1], &e);
	if (e == col[1] || *e)
		return "bad value";
	int cls = -1;
	for (int i = 0; i < NC_N; i++)
		if (!strcmp(col[2], ncls_name[i]))
			cls = i;
	if (cls < 0)
		return "unknown class";
	if (strcmp(col[3], "de") && strcmp(col[3], "en") && strcmp(col[3], "*"))
		return "lang must be de, en or *";
	f->num = xrealloc(f->num, sizeof(*f->num) * (f->nnum + 1));
	f->num[f->nnum].v = v;
	f->num[f->nnum].cls = (uint8_t)cls;
	if (strcmp(col[3], "en"))
		fig_addrec(f, f->l_num[NERD_LANG_DE], col[0], f->nnum);
	if (strcmp(col[3], "de"))
		fig_addrec(f, f->l_num[NERD_LANG_EN], col[0], f->nnum);
	if (cls <= NC_HALFSUFFIX && strlen(col[0]) > f->maxmorph)
		f->maxmorph = (uint32_t)strlen(col[0]);
	if ((cls <= NC_HALFSUFFIX || cls == NC_ONE) && strlen(col[0]) >= 2) {
		unsigned b = (unsigned char)col[0][0] << 8 | (unsigned char)col[0][1];
		f->pre2[b >> 3] |= (uint8_t)(1u << (b & 7));
	}
	if (cls <= NC_HALFSUFFIX || cls == NC_ONE) {
		char key[256];
		size_t n = strlen(col[0]);
		size_t kl = n < 120 ? utf8_fold(col[0], n, key) : 0;
		if (cls != NC_ONE && kl < 3)
			f->morph3 = 0;
		else if (kl == 3)
			bit_set(f->mor3, pre_hash(key, 3));
		else if (kl > 3 && cls != NC_ONE)
			bit_set(f->pre4, pre_hash(key, 4));
		/* parse_compound takes "ein" (NC_ONE) of three bytes only */
		if (kl >= 3 && (cls != NC_ONE || kl == 3))
			bit_set(f->suf3, pre_hash(key + kl - 3, 3));
	}
	f->nnum++;
	return NULL;
}

static const char *unit_line(struct figdata *f, char **col, int ncol)
{
	if (ncol < 3)
		return "expected SURFACE<TAB>KIND<TAB>UNIT[<TAB>FACTOR[<TAB>pre]]";
	struct unitw u;
	memset(&u, 0, sizeof(u));
	if (!strcmp(col[1], "per")) {
		if (!*col[2])
			return "per needs a unit";
		lex_add(f->x, f->l_per, col[0], strlen(col[0]), col[2]);
		return NULL;
	}
	if (!strcmp(col[1], "percent"))
		u.kind = FK_PERCENT;
	else if (!strcmp(col[1], "money"))
		u.kind = FK_MONEY;
	else if (!strcmp(col[1], "quantity"))
		u.kind = FK_QUANTITY;
	else
		return "kind must be percent, money, quantity or per";
	u.factor = 1;
	if (ncol >= 4 && *col[3]) {
		char *e;
		u.factor = strtod(col[3], &e);
		if (e == col[3] || *e || u.factor <= 0)
			return "bad factor";
	}
	u.pre = ncol >= 5 && !strcmp(col[4], "pre");
	if (u.kind == FK_MONEY) {
		if (strlen(col[2]) != 3)
			return "money needs a three-letter ISO 4217 code";
		memcpy(u.code, col[2], 4);
	} else if (*col[2]) {
		f->strs = xrealloc(f->strs, sizeof(char *) * (f->nstrs + 1));
		u.unit = f->strs[f->nstrs++] = xstrdup(col[2]);
	}
	if (!*col[0])
		return "empty surface";
	f->unit = xrealloc(f->unit, sizeof(*f->unit) * (f->nunit + 1));
	f->unit[f->nunit] = u;
	fig_addrec(f, f->l_unit, col[0], f->nunit);
	f->nunit++;
	return NULL;
}

static const char *qual_line(struct figdata *f, char **col, int ncol)
{
	const char *e = col[1] + (ncol >= 2 && col[1][0] == '+');
	if (ncol < 2 || (strcmp(e, "approx") && strcmp(e, "min") && strcmp(e, "max")))
		return "expected PHRASE<TAB>[+]approx|min|max";
	lex_add(f->x, f->l_qual, col[0], strlen(col[0]), col[1]);
	return NULL;
}

static const char *word_line(struct figdata *f, char **col, int ncol)
{
	if (ncol < 2)
		return "expected WORD<TAB>CLASS";
	int bit = 0, cls = 0;
	for (int i = 0; i < WC_N; i++)
		if (!strcmp(col[1], wc_name[i]))
			bit = 1 << i, cls = i;
	if (!bit)
		return "unknown class";
	char key[256];
	size_t kl = strlen(col[0]);
	if (kl >= 100)
		return "word too long";
	kl = utf8_fold(col[0], kl, key);
	const char *old = lex_get(f->x, f->l_word, key, kl);
	char v[16];
	snprintf(v, sizeof(v), "%d", (old ? atoi(old) : 0) | bit);
	lex_add(f->x, f->l_word, col[0], strlen(col[0]), v);
	lex_add(f->x, f->l_wc + cls, col[0], strlen(col[0]), NULL);
	return NULL;
}

enum { NK_ONE, NK_NOSTART, NK_GROW };

/* The kinds of number word class cls (a bit set of 1 << NK_). */
static unsigned num_kinds(int cls)
{
	unsigned k = 0;
	if (cls == NC_ONE)
		k |= 1u << NK_ONE;
	if (cls == NC_AND || cls == NC_HALFSUFFIX || cls == NC_SUFFIX || cls == NC_KOMMA)
		k |= 1u << NK_NOSTART;
	if (cls == NC_KOMMA || cls == NC_SCALE || cls == NC_THOUSAND || cls == NC_HUNDRED ||
	    cls == NC_WORD || cls == NC_VAGUE || cls == NC_FRAC || cls == NC_HALF)
		k |= 1u << NK_GROW;
	return k;
}

struct keys {
	char **k;
	size_t n;
};

static void keys_add(const char *key, size_t kl, void *arg)
{
	struct keys *ks = arg;
	ks->k = xrealloc(ks->k, sizeof(*ks->k) * (ks->n + 1));
	ks->k[ks->n++] = xstrndup(key, kl);
}

/* Fills the lists l_nk from the final class of every number word (a later
 * line of numbers.tsv wins, as in l_num). */
static void nk_fill(struct figdata *f)
{
	for (int lang = 0; lang < 2; lang++) {
		struct keys ks = {NULL, 0};
		lex_each(f->x, f->l_num[lang], keys_add, &ks);  /* copied: adding moves keys */
		for (size_t j = 0; j < ks.n; j++) {
			const char *v = lex_get(f->x, f->l_num[lang], ks.k[j], strlen(ks.k[j]));
			unsigned kinds = v ? num_kinds(f->num[rec_idx(v)].cls) : 0;
			for (int nk = 0; nk < 3; nk++)
				if (kinds >> nk & 1)
					lex_add(f->x, f->l_nk[lang][nk], ks.k[j], strlen(ks.k[j]), NULL);
			free(ks.k[j]);
		}
		free(ks.k);
	}
}

/* Sets the bit of a number word of lang in yesw[lang] unless no number
 * starts with it (a lex_each callback; after nk_fill). */
struct yesw_arg {
	struct figdata *f;
	int lang;
};

static void yesw_add(const char *key, size_t kl, void *arg)
{
	struct yesw_arg *a = arg;
	if (!lex_get(a->f->x, a->f->l_nk[a->lang][NK_NOSTART], key, kl))
		bit_set(a->f->yesw[a->lang], (unsigned)(hash_bytes(key, kl) >> 48));
}

int fig_load(const char *dir, const struct lex *lex, struct figdata **out, char *err,
	     size_t errlen)
{
	(void)lex;
	struct figdata *f = xcalloc(1, sizeof(*f));
	f->x = lex_new();
	f->l_num[NERD_LANG_DE] = lex_new_list(f->x, "num.de");
	f->l_num[NERD_LANG_EN] = lex_new_list(f->x, "num.en");
	for (int lang = 0; lang < 2; lang++)
		for (int nk = 0; nk < 3; nk++) {
			char name[32];
			snprintf(name, sizeof(name), "num.%s.%d", lang == NERD_LANG_DE ? "de" : "en", nk);
			f->l_nk[lang][nk] = lex_new_list(f->x, name);
		}
	f->l_unit = lex_new_list(f->x, "unit");
	f->l_per = lex_new_list(f->x, "per");
	f->l_qual = lex_new_list(f->x, "qual");
	f->l_word = lex_new_list(f->x, "word");
	for (int i = 0; i < WC_N; i++) {
		char name[32];
		snprintf(name, sizeof(name), "word.%s", wc_name[i]);
		int l = lex_new_list(f->x, name);
		if (!i)
			f->l_wc = l;
	}
	f->l_unitp = lex_new_list(f->x, "unit^");
	f->l_qualp = lex_new_list(f->x, "qual^");
	/* may_start, word_cls and tok_begins read these lists' bits from the
	 * token masks, which cover the first LEX_MASK_LISTS lists only */
	if (lex_nlists(f->x) > LEX_MASK_LISTS) {
		snprintf(err, errlen, "fig.c: %d word lists, more than the %d a mask holds",
			 lex_nlists(f->x), LEX_MASK_LISTS);
		fig_free(f);
		return NERD_EDATA;
	}
	f->morph3 = 1;
	int rc;
	char sub[4096];
	struct stat st;
	snprintf(sub, sizeof(sub), "%s/fig", dir);
	if (stat(sub, &st) && errno == ENOENT)
		goto compile;   /* no figure data (test fixtures): a stage that finds nothing */
	if ((rc = fig_lines(f, dir, "numbers.tsv", num_line, err, errlen)) ||
	    (rc = fig_lines(f, dir, "units.tsv", unit_line, err, errlen)) ||
	    (rc = fig_lines(f, dir, "qualifiers.tsv", qual_line, err, errlen)) ||
	    (rc = fig_lines(f, dir, "words.tsv", word_line, err, errlen))) {
		fig_free(f);
		return rc;
	}
	lex_index_prefixes(f->x, f->l_unit);
	lex_index_prefixes(f->x, f->l_qual);
	lex_add_prefixes(f->x, f->l_unit, f->l_unitp);
	lex_add_prefixes(f->x, f->l_qual, f->l_qualp);
	lex_each(f->x, f->l_unit, next_add, f->unitnext);
	lex_each(f->x, f->l_qual, next_add, f->qualnext);
	lex_each(f->x, f->l_num[NERD_LANG_DE], bit_add_key, f->startw);
	lex_each(f->x, f->l_num[NERD_LANG_EN], bit_add_key, f->startw);
	lex_each(f->x, f->l_unit, bit_add_key, f->startw);
	lex_each(f->x, f->l_unit, bit_add_key, f->unitpw);
	lex_each(f->x, f->l_unitp, bit_add_key, f->unitpw);
	for (int l = 0; l < lex_nlists(f->x); l++)
		lex_each(f->x, l, bit_add_key, f->anyw);
	lex_each(f->x, f->l_word, bit_add_key, f->wordw);
	lex_each(f->x, f->l_qual, bit_add_key, f->qualw);
	lex_each(f->x, f->l_qualp, bit_add_key, f->qualw);
	for (unsigned b = 0; b < 256; b++)
		if (lex_first_byte(f->x, f->l_unit, (unsigned char)b))
			bit_set(f->unit0, b);
	lex_index_prefixes(f->x, f->l_num[NERD_LANG_DE]);
	lex_index_prefixes(f->x, f->l_num[NERD_LANG_EN]);
	nk_fill(f);
	for (int lang = 0; lang < 2; lang++) {
		struct yesw_arg a = {f, lang};
		lex_each(f->x, f->l_num[lang], yesw_add, &a);
		lex_each(f->x, f->l_unit, bit_add_key, f->yesw[lang]);
	}
compile:;
	/* number part, then a unit or scale glued to it: "3km", "1,2M", "2bn".
	 * The JIT unless nerd_set_jit(0) or no executable memory; the
	 * interpreter gives the same answers.  pcre.c adds the heap limit. */
	static const char pat[] = "^(-?[0-9]*[.,]?[0-9][0-9.,]*)([\\p{L}°²³/']+)$";
	char emsg[320];
	f->re_glued = pcre_compile_jit(pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF, emsg, sizeof(emsg));
	if (!f->re_glued) {
		snprintf(err, errlen, "fig.c: pattern: %s", emsg);
		fig_free(f);
		return NERD_EDATA;
	}
	f->mctx = pcre_limits_new(FIG_MATCH_LIMIT);
	*out = f;
	return 0;
}

void fig_lead(const struct figdata *f, struct tok_lead *l)
{
	if (!f)
		return;
	/* may_start's plain words: a number word or unit (startw), a German
	 * compound number (pre2, four bytes or more: word_may_start) */
	for (unsigned h = 0; h < 65536; h++)
		l->word[h] |= f->startw[h >> 3] >> (h & 7) & 1;
	for (unsigned b = 0; b < 65536; b++)
		if ((f->pre2[b >> 3] >> (b & 7) & 1) && l->minlen[b] > 4)
			l->minlen[b] = 4;
}

void fig_free(struct figdata *f)
{
	if (!f)
		return;
	lex_free(f->x);
	free(f->num);
	free(f->unit);
	for (size_t i = 0; i < f->nstrs; i++)
		free(f->strs[i]);
	free(f->strs);
	pcre2_code_free(f->re_glued);
	pcre2_match_context_free(f->mctx);
	free(f);
}

/* ---- lookups ---- */


static const struct numw *num_get(const struct figdata *f, int lang, const char *k, size_t n)
{
	const char *v = lex_get(f->x, f->l_num[lang], k, n);
	return v ? &f->num[rec_idx(v)] : NULL;
}

static const struct unitw *unit_get(const struct figdata *f, const char *k, size_t n)
{
	const char *v = lex_get(f->x, f->l_unit, k, n);
	return v ? &f->unit[rec_idx(v)] : NULL;
}

/* Per token of the document fig_run works on: the lists of f->x holding
 * its key (lex_mask_h), so that most token lookups are a bit test.  A mask
 * is probed when its token is first asked about (bit i of known says
 * token i's is there): fig_run's skip (may_start) turns most words away by
 * the bit set startw, and the readers of a figure ask about the tokens of
 * its clause only. */
static _Thread_local struct {
	uint64_t *m, *known;
	const struct tok *t0;
	uint32_t n;
} fig_tm;

/* Token i's mask (token t) probed and remembered: 0 without a probe when
 * no key has its bit in anyw.  Out of line, so that tok_mask stays small
 * and its callers need not save registers around a call they seldom make. */
__attribute__((noinline))
static uint64_t tok_mask_probe(const struct figdata *f, const struct tok *t, uintptr_t i)
{
	uint64_t m = bit_has(f->anyw, (unsigned)(t->hash >> 48)) ?
		     lex_mask_h(f->x, t->key, t->keylen, t->hash) : 0;
	fig_tm.m[i] = m;
	fig_tm.known[i >> 6] |= 1ull << (i & 63);
	return m;
}

/* Token t's mask, or ~0 (look it up) when t is not one of the document's
 * tokens. */
static inline uint64_t tok_mask(const struct figdata *f, const struct tok *t)
{
	uintptr_t i = ((uintptr_t)t - (uintptr_t)fig_tm.t0) / sizeof(*t);
	if (i >= fig_tm.n)
		return ~0ull;   /* (n is 0 outside fig_run) */
	if (!(fig_tm.known[i >> 6] >> (i & 63) & 1))
		return tok_mask_probe(f, t, i);
	return fig_tm.m[i];
}

/* 0 when token t's key is no number word nor unit (its bit in startw is
 * clear): its mask holds none of those lists. */
static inline int start_word(const struct figdata *f, const struct tok *t)
{
	return bit_has(f->startw, (unsigned)(t->hash >> 48));
}

/* 0 when no unit begins with token t's key (its bit in unitpw is clear). */
static inline int unitp_word(const struct figdata *f, const struct tok *t)
{
	return bit_has(f->unitpw, (unsigned)(t->hash >> 48));
}

/* lex_get_h of token t's key in list (t need not be one of the document's
 * tokens: then it is looked up). */
static inline const char *tok_get(const struct figdata *f, int list, const struct tok *t)
{
	uint64_t m = tok_mask(f, t);
	return lex_get_tm(f->x, list, t->key, t->keylen, t->hash, m);
}

/* Does some key of list begin with token t's key?  Its mask tells (bit
 * plist, the list's prefixes), else lex_prefix_h. */
static inline int tok_begins(const struct figdata *f, int list, int plist, const struct tok *t)
{
	uint64_t m = tok_mask(f, t);
	if (m != ~0ull)
		return m >> plist & 1;
	return lex_prefix_h(f->x, list, t->key, t->keylen, t->hash);
}

/* 0 when no key of a list (its bit set next, next_add) begins with what
 * tok_join_keys makes of token k and the next: token k's key and the
 * space or byte after it; 1 when one may. */
static int joins_begin(const uint8_t *next, const struct doc *d, uint32_t k)
{
	const struct tok *t = &d->tok[k], *u = &d->tok[k + 1];
	if (k + 1 >= d->ntok || !t->keylen || (!(u->flags & TOK_SPACE) && !u->keylen))
		return 1;
	unsigned char c = (u->flags & TOK_SPACE) ? ' ' : (unsigned char)u->key[0];
	return bit_has(next, next_hash(t->hash, c));
}

/* unit_get of a whole token's key, with the hash the token carries. */
static inline const struct unitw *unit_tok(const struct figdata *f, const struct tok *t)
{
	const char *v = start_word(f, t) ? tok_get(f, f->l_unit, t) : NULL;
	return v ? &f->unit[rec_idx(v)] : NULL;
}

/* word_cls of a token that is not one of the document's: looked up. */
__attribute__((noinline))
static int word_cls_get(const struct figdata *f, const struct tok *t)
{
	const char *v = lex_get_h(f->x, f->l_word, t->key, t->keylen, t->hash);
	return v ? (int)rec_idx(v) : 0;        /* word_line's "%d" of the classes */
}

/* The WC_ classes of token t (inline: find_of asks about every token of
 * a clause). */
__attribute__((always_inline))
static inline int word_cls(const struct figdata *f, const struct tok *t)
{
	if (!bit_has(f->wordw, (unsigned)(t->hash >> 48)))
		return 0;       /* most words of a clause: no class word */
	uint64_t m = tok_mask(f, t);
	if (m != ~0ull)         /* the class lists' bits */
		return (int)(m >> f->l_wc & ((1u << WC_N) - 1));
	return word_cls_get(f, t);
}

#define UNIT_BUF 128

/* The unit of the key kp (l bytes) of the n tokens from i, if any (with an
 * abbreviation's final dot dropped); *end and *endb as unit_find. */
static inline const struct unitw *unit_try(const struct figdata *f, const struct doc *d, uint32_t i,
					   uint32_t n, const char *kp, size_t l, uint32_t *end,
					   uint32_t *endb)
{
	const struct tok *last = &d->tok[i + n - 1];
	const struct unitw *u = n == 1 ? unit_tok(f, last) : unit_get(f, kp, l);
	uint32_t eb = last->end;
	if (!u && (last->flags & TOK_ABBR) && l > 1 && kp[l - 1] == '.') {
		u = unit_get(f, kp, l - 1);
		eb = last->end - 1;
	}
	/* inch marks only glued to digits: 5'' and 5" */
	if (!u || ((d->tok[i].flags & TOK_QUOTE) && ((d->tok[i].flags & TOK_SPACE) || i == 0 ||
						    !(d->tok[i - 1].flags & TOK_NUM))))
		return NULL;
	*end = i + n;
	*endb = eb;
	return u;
}

/* unit_find of three or two words (out of line, with its buffer). */
__attribute__((noinline))
static const struct unitw *unit_joined(const struct figdata *f, const struct doc *d, uint32_t i,
				       uint32_t *end, uint32_t *endb)
{
	char buf[UNIT_BUF];
	for (uint32_t n = 3; n >= 2; n--) {
		size_t l = tok_join_keys(d, i, n, buf, sizeof(buf));
		const struct unitw *u = l ? unit_try(f, d, i, n, buf, l, end, endb) : NULL;
		if (u)
			return u;
	}
	return NULL;
}

/* The longest unit (up to 3 tokens) starting at token i; *end gets the token
 * after it.  A unit read from an abbreviation token ("km/h." at a sentence
 * end) drops the dot: *endb gets the byte end of the unit. */
__attribute__((noinline))
static const struct unitw *unit_find(const struct figdata *f, const struct doc *d, uint32_t i,
				     uint32_t *end, uint32_t *endb)
{
	/* No unit begins with the first byte (of a joined key too): no
	 * lookup at all, as for most digits and words. */
	if (i < d->ntok && d->tok[i].keylen && !bit_has(f->unit0, (unsigned char)d->tok[i].key[0]))
		return NULL;
	/* Two or three words only when some unit starts with the first
	 * (one probe instead of two joins and lookups, for most tokens). */
	if (i < d->ntok && unitp_word(f, &d->tok[i]) &&
	    tok_begins(f, f->l_unit, f->l_unitp, &d->tok[i]) && joins_begin(f->unitnext, d, i)) {
		const struct unitw *u = unit_joined(f, d, i, end, endb);
		if (u)
			return u;
	}
	/* one token: its key is what tok_join_keys would copy */
	if (i >= d->ntok || !d->tok[i].keylen || d->tok[i].keylen >= UNIT_BUF)
		return NULL;
	return unit_try(f, d, i, 1, d->tok[i].key, d->tok[i].keylen, end, endb);
}

/* unit_find's answers for the last tokens asked about, by token index mod
 * 4 (i = UINT32_MAX: none): the readers of fig_run ask again and again at
 * the same token (split_hyphen, read_bare and read_figure each at the
 * figure's start, read_bare and read_figure after its number).  Valid for
 * the document fig_run works on; it empties them first. */
static _Thread_local struct {
	uint32_t i, end, endb;
	const struct unitw *u;
} fig_units[4];

static void unit_memo_clear(void)
{
	for (size_t j = 0; j < ARRAY_LEN(fig_units); j++)
		fig_units[j].i = UINT32_MAX;
}

/* (inline: most asks are answered by the memo, or by unit0 at once) */
__attribute__((always_inline))
static inline const struct unitw *unit_at2(const struct figdata *f, const struct doc *d, uint32_t i,
					   uint32_t *end, uint32_t *endb)
{
	__typeof__(&fig_units[0]) m = &fig_units[i & 3];
	if (m->i != i) {
		m->i = i;
		m->u = unit_find(f, d, i, &m->end, &m->endb);
	}
	if (m->u) {
		*end = m->end;
		if (endb)
			*endb = m->endb;
	}
	return m->u;
}

static const struct unitw *unit_at(const struct figdata *f, const struct doc *d, uint32_t i,
				   uint32_t *end)
{
	return unit_at2(f, d, i, end, NULL);
}

/* A denominator after a unit: "pro Stunde", "je Quadratmeter", "/h".
 * Returns the normalised denominator and sets *end, or NULL. */
static const char *per_at(const struct figdata *f, const struct doc *d, uint32_t k, uint32_t *end)
{
	if (k + 1 >= d->ntok || (d->tok[k].flags & TOK_NL) || (d->tok[k + 1].flags & TOK_NL))
		return NULL;
	const struct tok *t = &d->tok[k];
	if (!tok_key_is(t, "pro") && !tok_key_is(t, "je") && !tok_key_is(t, "per") &&
	    !tok_is(d, t, "/"))
		return NULL;
	const struct tok *n = &d->tok[k + 1];
	const char *v = tok_get(f, f->l_per, n);
	if (!v)
		return NULL;
	*end = k + 2;
	return v;
}

/* ---- numbers ---- */

/* Parses digits with separators: German "1.000,5", English "1,000.5"; a
 * single separator before exactly three digits groups thousands in the
 * document's convention, else it is the decimal point.  Returns 0 for
 * shapes that are no plain number ("28.10.2025"); *plain is 1 when s is
 * digits only. */
static int parse_digits_sep(const char *s, size_t n, int lang, double *out, int *plain)
{
	/* most numbers: digits only ("2025", "12"), read in one pass; the
	 * same sum as the loop at the end makes */
	double v0 = 0;
	size_t i0 = 0;
	while (i0 < n && (unsigned)(s[i0] - '0') < 10u)
		v0 = v0 * 10 + (s[i0++] - '0');
	*plain = n && i0 == n;
	if (*plain) {
		*out = v0;
		return 1;
	}
	int ndot = 0, ncom = 0;
	size_t lastsep = n;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.')
			ndot++, lastsep = i;
		else if (s[i] == ',')
			ncom++, lastsep = i;
		else if (s[i] < '0' || s[i] > '9')
			return 0;
	}
	if (!n || (n == 1 && lastsep == 0))
		return 0;
	char dec = 0;
	if (ndot && ncom)
		dec = s[lastsep];
	else if (ndot + ncom == 1) {
		char c = s[lastsep];
		int three = n - lastsep - 1 == 3 && lastsep > 0 && lastsep <= 3;
		char thou = lang == NERD_LANG_EN ? ',' : '.';
		dec = (c == thou && three) ? 0 : c;
	}
	/* Thousands groups must have three digits. */
	char thou = dec == '.' ? ',' : dec == ',' ? '.' : (ndot ? '.' : ',');
	if (ndot + ncom) {
		size_t prev = n;
		for (size_t i = 0; i < n; i++) {
			if (s[i] != thou)
				continue;
			if (prev != n && i - prev - 1 != 3)
				return 0;
			if (prev == n && (i == 0 || i > 3))
				return 0;
			prev = i;
		}
		if (prev != n) {
			size_t stop = n;
			for (size_t i = prev + 1; i < n; i++)
				if (s[i] == dec) {
					stop = i;
					break;
				}
			if (stop - prev - 1 != 3)
				return 0;
		}
		if (dec && (size_t)(strchr(s, dec) - s) < n && ((dec == '.' ? ndot : ncom) > 1))
			return 0;
	}
	/* the digits as one integer, divided once by a power of ten: 0,3 is
	 * the double nearest 0.3, not 3 * 0.1 */
	double v = 0;
	int ndec = 0, indec = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == thou)
			continue;
		if (s[i] == dec) {
			indec = 1;
			continue;
		}
		v = v * 10 + (s[i] - '0');
		ndec += indec;
	}
	*out = ndec ? v / pow(10, ndec) : v;
	return 1;
}

static int parse_digits(const char *s, size_t n, int lang, double *out)
{
	int plain;
	return parse_digits_sep(s, n, lang, out, &plain);
}

/* Accumulates number words: "siebenhunderteinundzwanzigtausendzwölf",
 * "einunddreißig Millionen zweihundert...", "two hundred and fifty
 * thousand".  last is the class of the previous part (-1 at the start). */
struct acc {
	double big, total, cur, small;
	double lastscale;
	int last, prevlast;
	int parts;
};

static void acc_init(struct acc *a)
{
	memset(a, 0, sizeof(*a));
	a->last = a->prevlast = -1;
	a->lastscale = INFINITY;
}

static double acc_value(const struct acc *a)
{
	return a->big + a->total + a->cur + a->small;
}

/* Feeds one part; returns 0 when it cannot continue the number. */
static int acc_feed(struct acc *a, int cls, double v, int lang)
{
	int last = a->last;
	switch (cls) {
	case NC_DIGIT:
	case NC_TEEN:
	case NC_ONE:
		if (last == NC_TEN && lang == NERD_LANG_EN && cls != NC_TEEN && cls != NC_ONE &&
		    fmod(a->small, 10) == 0 && a->small < 100)
			a->small += v;
		else if (last == NC_DIGIT || last == NC_TEEN || last == NC_TEN || last == NC_ONE ||
			 last == NC_HALFSUFFIX)
			return 0;
		else if (last == NC_AND && a->prevlast == NC_DIGIT)
			return 0;
		else
			a->small = v;
		break;
	case NC_TEN:
		if (last == NC_AND && (a->prevlast == NC_DIGIT || a->prevlast == NC_ONE) &&
		    a->small < 10)
			a->small += v;
		else if (last == NC_DIGIT || last == NC_TEEN || last == NC_TEN || last == NC_ONE ||
			 last == NC_HALFSUFFIX)
			return 0;
		else
			a->small = v;
		break;
	case NC_AND:
		if (last != NC_DIGIT && last != NC_ONE && last != NC_HUNDRED &&
		    last != NC_THOUSAND && last != NC_SCALE)
			return 0;
		break;
	case NC_HUNDRED:
		if (last == NC_HUNDRED || last == NC_AND || a->cur >= 100)
			return 0;
		a->cur += (a->small ? a->small : 1) * 100;
		a->small = 0;
		break;
	case NC_THOUSAND:
		if (last == NC_THOUSAND || last == NC_AND || a->lastscale <= 1000)
			return 0;
		a->total += (a->cur + a->small ? a->cur + a->small : 1) * 1000;
		a->cur = a->small = 0;
		a->lastscale = 1000;
		break;
	case NC_SCALE: {
		if (last == NC_AND || v >= a->lastscale)
			return 0;
		double x = a->total + a->cur + a->small;
		a->big += (x ? x : 1) * v;
		a->total = a->cur = a->small = 0;
		a->lastscale = v;
		break;
	}
	case NC_HALFSUFFIX:
		if (last != NC_DIGIT && last != NC_TEEN && last != NC_TEN && last != NC_ONE)
			return 0;
		a->small += 0.5;
		break;
	default:
		return 0;
	}
	a->prevlast = last;
	a->last = cls;
	a->parts++;
	return 1;
}

/* Parses a whole word as a German compound number ("zweihundertsechsund-
 * fünfzigtausend") into a; longest morpheme first.  Returns 0 (a unchanged
 * in meaning) when the word is not entirely a number. */
static int may_compound(const struct figdata *f, const char *k, size_t n)
{
	if (n < 2)
		return 0;
	unsigned b = (unsigned char)k[0] << 8 | (unsigned char)k[1];
	return (f->pre2[b >> 3] >> (b & 7)) & 1;
}

/* 0 when no morpheme of a compound number begins the n bytes at k (every
 * morpheme has three bytes or more, morph3, and its start is in the bit
 * sets); 1 when one may. */
static inline int morph_at(const struct figdata *f, const char *k, size_t n)
{
	if (!f->morph3)
		return 1;
	return n >= 3 && (bit_has(f->mor3, pre_hash(k, 3)) ||
			  (n >= 4 && bit_has(f->pre4, pre_hash(k, 4))));
}

/* 0 when no morpheme ends the n bytes at k (morph3: every morpheme has
 * three bytes or more, and its end is in suf3); 1 when one may. */
static inline int morph_end(const struct figdata *f, const char *k, size_t n)
{
	return !f->morph3 || (n >= 3 && bit_has(f->suf3, pre_hash(k + n - 3, 3)));
}

static int parse_compound(const struct figdata *f, const char *k, size_t n, struct acc *a, int lang)
{
	size_t i = 0;
	if (!may_compound(f, k, n))
		return 0;
	if (!morph_at(f, k, n) || !morph_end(f, k, n))
		return 0;       /* most words: turned away before hashing */
	struct acc save = *a;
	uint64_t ph[64];
	while (i < n) {
		if (i && !morph_at(f, k + i, n - i)) {
			*a = save;      /* "ein|mal" */
			return 0;
		}
		size_t m = MIN(n - i, (size_t)f->maxmorph);
		const struct numw *w = NULL;
		if (m <= ARRAY_LEN(ph)) {
			/* The longest morpheme at i, searched upwards: it stops
			 * at the first length no number word starts with. */
			size_t mm = m;
			int list = f->l_num[lang];
			hash_prefixes(k + i, mm, ph);
			m = 0;
			for (size_t q = 2; q <= mm; q++) {
				if (q < n - i && ((unsigned char)k[i + q] & 0xC0) == 0x80)
					continue;       /* inside a character */
				if (!lex_prefix_h(f->x, list, k + i, q, ph[q - 1]))
					break;
				const char *v = lex_get_h(f->x, list, k + i, q, ph[q - 1]);
				const struct numw *x = v ? &f->num[rec_idx(v)] : NULL;
				if (x && (x->cls <= NC_HALFSUFFIX || (x->cls == NC_ONE && q == 3)))
					w = x, m = q;
			}
			if (!w || !acc_feed(a, w->cls == NC_ONE ? NC_DIGIT : w->cls, w->v, lang)) {
				*a = save;
				return 0;
			}
			i += m;
			continue;
		}
		for (; m >= 2; m--) {
			w = num_get(f, lang, k + i, m);
			if (w && w->cls <= NC_HALFSUFFIX)
				break;
			if (w && w->cls == NC_ONE && m == 3) /* "ein" inside compounds */
				break;
			w = NULL;
		}
		if (!w || !acc_feed(a, w->cls == NC_ONE ? NC_DIGIT : w->cls, w->v, lang)) {
			*a = save;
			return 0;
		}
		i += m;
	}
	return 1;
}

/* What parse_number found. */
struct num {
	uint32_t t0, t1;        /* tokens [t0, t1) */
	uint32_t start, end;    /* bytes; may cut into a token (glued units, ranges) */
	double value;
	int has_digits;
	int only_one;           /* just "ein"/"a": a number only before a unit */
	int none;               /* it began with "kein": zero, never a longer number */
	int vague;              /* "Tausende" */
	int frac;               /* ends in a fraction noun ("zwei Drittel") */
	int half;               /* "halber" */
	int scaled;             /* a scale word was used */
	double raw;             /* value before the scale */
	int digits_only;        /* one digit token without separators */
	int ndigits;
	int numlen;             /* bytes of the digits (without a glued unit) */
	const struct unitw *glued; /* unit glued to the digits ("3km") */
	uint32_t glued_end;     /* byte end of the glued unit */
	int glued_scale;
};

static int is_digit_tok(const struct doc *d, const struct tok *t)
{
	unsigned char c = (unsigned char)d->text[t->start];
	return c >= '0' && c <= '9';
}

/* Scales glued to digits: case matters for "M" (million) against "m" (metre)
 * and for "G" (giga) against "g" (gram). */
static int glued_scale(const struct figdata *f, const char *s, size_t n, int lang, int money,
		       double *v)
{
	if (n == 1 && s[0] == 'M') {
		*v = 1e6;
		return 1;
	}
	char key[32];
	if (n >= 16)
		return 0;
	size_t kl = utf8_fold(s, n, key);
	if (!money && kl == 1 && key[0] == 'm')
		return 0;
	/* "500g" is grams; only a capital "G" (giga) is a scale */
	if (!money && n == 1 && s[0] == 'g')
		return 0;
	const struct numw *w = num_get(f, lang, key, kl);
	if (!w && lang == NERD_LANG_DE && money)
		w = num_get(f, NERD_LANG_EN, key, kl);
	if (w && (w->cls == NC_SCALE || w->cls == NC_SUFFIX)) {
		*v = w->v;
		return 1;
	}
	return 0;
}

/* A digit token, possibly with a glued unit or scale; fills nm. */
static int parse_digit_tok(const struct figdata *f, struct doc *d, uint32_t i, int money,
			   struct num *nm)
{
	const struct tok *t = &d->tok[i];
	const char *s = d->text + t->start;
	size_t n = tok_len(t);
	if (t->flags & (TOK_ORD | TOK_HYPHEN))
		return 0;
	if (t->flags & TOK_WORD) {
		if (!(t->flags & TOK_ALNUM) || !f->re_glued)
			return 0;
		/* Per-thread match data, freed when the thread ends; any limit
		 * (steps, heap, JIT stack) marks the document partial. */
		pcre2_match_data *md = pcre_match_data();
		int rc = pcre_match(f->re_glued, s, n, 0, 0, md, f->mctx, d,
				    "figure pattern hit its match limit");
		if (rc < 3)
			return 0;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		const char *suf = s + ov[4];
		size_t sl = ov[5] - ov[4];
		double v, sc;
		if (!parse_digits(s, ov[3], d->lang, &v))
			return 0;
		char key[64];
		const struct unitw *u = NULL;
		if (sl < 30) {
			size_t kl = utf8_fold(suf, sl, key);
			if (glued_scale(f, suf, sl, d->lang, money, &sc)) {
				nm->raw = v;
				v *= sc;
				nm->scaled = 1;
				nm->glued_scale = 1;
			} else if (!(u = unit_get(f, key, kl)))
				return 0;
		} else
			return 0;
		nm->value = v;
		nm->numlen = (int)ov[3];
		nm->glued = u;
		nm->glued_end = t->end;
		nm->start = t->start;
		nm->end = u ? t->start + (uint32_t)ov[3] : t->end;
		nm->has_digits = 1;
		nm->t0 = i;
		nm->t1 = i + 1;
		return 1;
	}
	if (!(t->flags & TOK_NUM))
		return 0;
	double v;
	int plain;
	if (!parse_digits_sep(s, n, d->lang, &v, &plain))
		return 0;
	nm->value = v;
	nm->has_digits = 1;
	nm->digits_only = plain;        /* (no '.' nor ',') */
	nm->ndigits = (int)n;
	nm->numlen = (int)n;
	nm->t0 = i;
	nm->t1 = i + 1;
	nm->start = t->start;
	nm->end = t->end;
	return 1;
}

static inline const struct numw *num_word(const struct figdata *f, const struct doc *d,
					  const struct tok *t)
{
	if (!(t->flags & TOK_WORD) || t->keylen > 200 || !start_word(f, t))
		return NULL;
	const char *v = tok_get(f, f->l_num[d->lang], t);
	return v ? &f->num[rec_idx(v)] : NULL;
}

/* English "twenty-one" (one token) after "hundred", "and" or a scale word:
 * feeds the tens and the ones; 0 when the token is no such word. */
static int en_hyphen_feed(const struct figdata *f, const struct doc *d, const struct tok *u,
			  struct acc *a)
{
	if (!(u->flags & TOK_HYPHEN) || !(u->flags & TOK_WORD))
		return 0;
	const char *dash = memchr(u->key, '-', u->keylen);
	const struct numw *w1 = dash ? num_get(f, d->lang, u->key, (size_t)(dash - u->key)) : NULL;
	const struct numw *w2 = dash ? num_get(f, d->lang, dash + 1,
					       u->keylen - (size_t)(dash + 1 - u->key)) : NULL;
	if (!w1 || !w2 || w1->cls != NC_TEN || w2->cls != NC_DIGIT)
		return 0;
	struct acc save = *a;
	if (acc_feed(a, NC_TEN, w1->v, d->lang) && acc_feed(a, NC_DIGIT, w2->v, d->lang))
		return 1;
	*a = save;
	return 0;
}

/* A number starting at token i (digits, words, scale words, "Komma").
 * money: a currency symbol stands before it (so "m" is million).  Returns 1
 * and fills nm. */
static int number_read(const struct figdata *f, struct doc *d, uint32_t i, int money,
		       struct num *nm)
{
	memset(nm, 0, sizeof(*nm));
	const struct tok *t = &d->tok[i];
	struct acc a;
	acc_init(&a);
	uint32_t k = i;
	if (is_digit_tok(d, t)) {
		if (!parse_digit_tok(f, d, i, money, nm))
			return 0;
		if (nm->glued)
			return 1;
		/* thousands groups after a non-breaking, thin or plain space:
		 * "1 000 000", "12 500 Euro"; a plain space only where no digits
		 * stand right before the number or right after the last group
		 * (lists of numbers, "Artikel 3 100") */
		int plain_ok = (i == 0 || !is_digit_tok(d, &d->tok[i - 1]) ||
				(d->tok[i - 1].flags & TOK_WORD));
		while (!nm->glued_scale && nm->digits_only && nm->t1 < d->ntok) {
			const struct tok *g = &d->tok[nm->t1], *p = &d->tok[nm->t1 - 1];
			uint32_t gap = g->start - p->end;
			const char *gs = d->text + p->end;
			int thin = (gap == 2 && !memcmp(gs, "\xc2\xa0", 2)) ||
				   (gap == 3 && (!memcmp(gs, "\xe2\x80\xaf", 3) || !memcmp(gs, "\xe2\x80\x89", 3)));
			if (!thin && gap == 1 && *gs == ' ' && plain_ok &&
			    (nm->t1 + 1 >= d->ntok || !is_digit_tok(d, &d->tok[nm->t1 + 1]) ||
			     (d->tok[nm->t1 + 1].flags & TOK_WORD) || tok_len(&d->tok[nm->t1 + 1]) == 3))
				thin = 1;
			if (!thin || tok_len(g) != 3 || !is_digit_tok(d, g) || (g->flags & (TOK_WORD | TOK_ORD)) ||
			    memchr(d->text + g->start, '.', 3) || memchr(d->text + g->start, ',', 3) ||
			    (nm->t1 == i + 1 && tok_len(t) > 3))
				break;
			nm->value = nm->value * 1000 + (d->text[g->start] - '0') * 100 +
				    (d->text[g->start + 1] - '0') * 10 + (d->text[g->start + 2] - '0');
			nm->t1++;
			nm->end = g->end;
			nm->ndigits += 3;
			nm->numlen = 0;
		}
		if (nm->glued_scale) {
			a.big = nm->value;
			a.lastscale = 1;
			a.last = NC_SCALE;
		} else {
			a.small = nm->value;
			a.last = NC_DIGIT;
			nm->raw = nm->value;
		}
		k = nm->t1;
	} else if (t->flags & TOK_WORD) {
		const struct numw *w = num_word(f, d, t);
		nm->start = t->start;
		nm->t0 = i;
		if (w && (w->cls == NC_VAGUE || w->cls == NC_WORD || w->cls == NC_HALF ||
			  w->cls == NC_FRAC)) {
			nm->value = w->v;
			nm->vague = w->cls == NC_VAGUE;
			nm->half = w->cls == NC_HALF;
			nm->frac = w->cls == NC_FRAC;
			nm->t1 = i + 1;
			nm->end = t->end;
			nm->raw = w->v;
			return 1;
		}
		if (w && w->cls == NC_ONE) {
			/* "ein halber", "ein Drittel", "eine Million"; "keinen
			 * Cent" (value 0) */
			nm->only_one = 1;
			nm->none = w->v == 0;
			a.small = w->v;
			a.last = NC_ONE;
		} else if (w && w->cls <= NC_SCALE && w->cls != NC_AND && w->cls != NC_HALFSUFFIX) {
			if (w->cls == NC_SCALE && w->v > 1000 && !money)
				return 0;       /* "Millionen Menschen": a vague count, below */
			acc_feed(&a, w->cls, w->v, d->lang);
		} else if (!w && d->lang == NERD_LANG_DE && t->keylen >= 4 &&
			   parse_compound(f, t->key, t->keylen, &a, d->lang)) {
			;
		} else if (!w && d->lang == NERD_LANG_EN && (t->flags & TOK_HYPHEN)) {
			/* "twenty-five" */
			const char *dash = memchr(t->key, '-', t->keylen);
			const struct numw *w1 = num_get(f, d->lang, t->key, (size_t)(dash - t->key));
			const struct numw *w2 = num_get(f, d->lang, dash + 1,
							 t->keylen - (size_t)(dash + 1 - t->key));
			if (!w1 || !w2 || w1->cls != NC_TEN || w2->cls != NC_DIGIT)
				return 0;
			a.small = w1->v + w2->v;
			a.last = NC_DIGIT;
		} else
			return 0;
		k = i + 1;
	} else
		return 0;

	/* Continue over number words, scale words and "Komma". */
	int ndec = 0;
	const struct numw *wlast = NULL;        /* num_word of token klast */
	uint32_t klast = UINT32_MAX;
	while (k < d->ntok) {
		const struct tok *u = &d->tok[k];
		if (u->flags & TOK_NL)
			break;
		const struct numw *w = num_word(f, d, u);
		wlast = w;
		klast = k;
		if (w && w->cls == NC_KOMMA && k + 1 < d->ntok && !ndec) {
			/* "1 komma 1", "tausend... Komma fünfzehn" */
			const struct tok *v = &d->tok[k + 1];
			double dv = -1;
			int nd = 0;
			if (is_digit_tok(d, v) && (v->flags & TOK_NUM) && !(v->flags & TOK_WORD)) {
				double x;
				if (parse_digits(d->text + v->start, tok_len(v), d->lang, &x) &&
				    !memchr(d->text + v->start, '.', tok_len(v)) &&
				    !memchr(d->text + v->start, ',', tok_len(v)))
					dv = x, nd = (int)tok_len(v);
			} else {
				struct acc b;
				acc_init(&b);
				const struct numw *w2 = num_word(f, d, v);
				if ((w2 && w2->cls <= NC_TEN && acc_feed(&b, w2->cls, w2->v, d->lang)) ||
				    (!w2 && parse_compound(f, v->key, v->keylen, &b, d->lang))) {
					dv = acc_value(&b);
					nd = dv < 10 ? 1 : dv < 100 ? 2 : 3;
				}
			}
			if (dv < 0)
				break;
			a.small += dv / pow(10, nd);
			ndec = 1;
			k += 2;
			continue;
		}
		double gs;
		if (nm->has_digits && k == nm->t0 + 1 && !(u->flags & TOK_SPACE) && (u->flags & TOK_WORD) &&
		    !nm->scaled && tok_len(u) <= 2 &&
		    glued_scale(f, d->text + u->start, tok_len(u), d->lang, money, &gs)) {
			nm->raw = acc_value(&a);
			a.small *= gs;
			a.lastscale = gs;
			a.last = NC_SCALE;
			nm->scaled = 1;
			k++;
			continue;
		}
		if (w && (w->cls == NC_SCALE || w->cls == NC_THOUSAND || w->cls == NC_HUNDRED)) {
			if (w->cls == NC_HUNDRED && (nm->has_digits || d->lang == NERD_LANG_DE))
				break;
			double before = acc_value(&a);
			if (!acc_feed(&a, w->cls == NC_THOUSAND ? NC_SCALE : w->cls, w->v, d->lang))
				break;
			if (!nm->scaled)
				nm->raw = before;
			nm->scaled = 1;
			k++;
			continue;
		}
		/* "ein Dutzend", "zwei Dutzend" */
		if (w && (w->cls == NC_WORD || w->cls == NC_VAGUE) && w->v == 12 && !ndec && !nm->scaled &&
		    (a.last == NC_ONE || a.last == NC_DIGIT || a.last == NC_TEEN || a.last == NC_TEN)) {
			a.small = acc_value(&a) * 12;
			a.big = a.total = a.cur = 0;
			a.last = NC_SCALE;
			a.lastscale = 12;
			nm->only_one = 0;
			k++;
			continue;
		}
		if (nm->has_digits || ndec)
			break;
		if (w && w->cls == NC_AND && d->lang == NERD_LANG_EN && k + 1 < d->ntok &&
		    (a.last == NC_HUNDRED || a.last == NC_SCALE)) {
			const struct numw *w2 = num_word(f, d, &d->tok[k + 1]);
			if ((w2 && w2->cls <= NC_TEN && acc_feed(&a, w2->cls, w2->v, d->lang)) ||
			    (!w2 && en_hyphen_feed(f, d, &d->tok[k + 1], &a))) {
				k += 2;
				continue;
			}
			break;
		}
		if (w && w->cls <= NC_TEN && w->cls != NC_AND && acc_feed(&a, w->cls, w->v, d->lang)) {
			k++;
			continue;
		}
		/* English "twenty-one" after "hundred" or a scale word */
		if (!w && d->lang == NERD_LANG_EN && (a.last == NC_HUNDRED || a.last == NC_SCALE)) {
			if (en_hyphen_feed(f, d, u, &a)) {
				k++;
				continue;
			}
			break;
		}
		/* A compound after a scale word: "einunddreißig Millionen zweihundert..." */
		if (!w && d->lang == NERD_LANG_DE && (u->flags & TOK_WORD) && a.last == NC_SCALE &&
		    u->keylen >= 4 && parse_compound(f, u->key, u->keylen, &a, d->lang)) {
			k++;
			continue;
		}
		break;
	}
	if (nm->only_one && a.last == NC_ONE && k == nm->t0 + 1) {
		/* a bare "ein": only before a fraction, "halb" or a unit */
		nm->value = a.small;
	} else if (nm->none) {
		return 0;       /* "kein" starts no longer number ("keine hundert") */
	} else {
		nm->only_one = 0;
		nm->value = acc_value(&a);
	}
	if (!nm->scaled)
		nm->raw = nm->value;
	nm->t1 = k;
	nm->end = d->tok[k - 1].end;
	/* "zwei Drittel", "ein halber Liter" */
	if (k < d->ntok) {
		const struct numw *w = k == klast ? wlast : num_word(f, d, &d->tok[k]);
		if (w && w->cls == NC_FRAC && !nm->scaled) {
			nm->value *= w->v;
			nm->frac = 1;
			nm->only_one = 0;
			nm->t1 = k + 1;
			nm->end = d->tok[k].end;
		} else if (w && w->cls == NC_HALF && nm->only_one) {
			nm->value = 0.5;
			nm->half = 1;
			nm->only_one = 0;
			nm->t1 = k + 1;
			nm->end = d->tok[k].end;
		}
	}
	return 1;
}

/* number_read's answers for the last two (token, money) asked about (i =
 * UINT32_MAX: none): read_bare and read_figure read the same number at the
 * start of every candidate.  A token with letters (glued units, read with
 * PCRE2, whose limits mark the document) is read afresh each time.  Valid
 * for the document fig_run works on; it empties them first. */
static _Thread_local struct {
	uint32_t i;
	int money, rc;
	struct num nm;
} fig_nums[2];

static void number_memo_clear(void)
{
	for (size_t j = 0; j < ARRAY_LEN(fig_nums); j++)
		fig_nums[j].i = UINT32_MAX;
}

/* A number starting at token i (number_read), remembered. */
static int parse_number(const struct figdata *f, struct doc *d, uint32_t i, int money,
			struct num *nm)
{
	if (d->tok[i].flags & TOK_ALNUM)
		return number_read(f, d, i, money, nm);
	money = money != 0;
	for (size_t j = 0; j < ARRAY_LEN(fig_nums); j++)
		if (fig_nums[j].i == i && fig_nums[j].money == money) {
			*nm = fig_nums[j].nm;
			return fig_nums[j].rc;
		}
	int rc = number_read(f, d, i, money, nm);
	fig_nums[1] = fig_nums[0];
	fig_nums[0].i = i;
	fig_nums[0].money = money;
	fig_nums[0].rc = rc;
	fig_nums[0].nm = *nm;
	return rc;
}

/* ---- figures ---- */

static int is_cap_noun(const struct doc *d, const struct tok *t)
{
	return (t->flags & TOK_WORD) && (t->flags & TOK_CAP) && !(t->flags & TOK_UPPER && t->keylen <= 1);
}

/* A counted noun at token k: German, a capitalised word (with at most one
 * lower-case adjective before it); English, a plural. Returns the noun's
 * token or -1. */
static int64_t count_noun(const struct figdata *f, const struct doc *d, uint32_t k)
{
	if (k >= d->ntok || (d->tok[k].flags & TOK_NL))
		return -1;
	const struct tok *t = &d->tok[k];
	if (d->lang == NERD_LANG_DE) {
		if (!is_cap_noun(d, t) && (t->flags & TOK_WORD) && (t->flags & TOK_LOWER) &&
		    k + 1 < d->ntok && t->keylen > 3 && !(word_cls(f, t) & WC_ARTICLE)) {
			/* "zwei weitere Jahre" */
			char c = t->key[t->keylen - 1];
			char c2 = t->key[t->keylen - 2];
			if ((c == 'e' || (c2 == 'e' && (c == 'n' || c == 'r' || c == 's' || c == 'm'))) &&
			    !(d->tok[k + 1].flags & TOK_NL) && is_cap_noun(d, &d->tok[k + 1]) &&
			    !unit_at(f, d, k + 1, &(uint32_t){0}))
				k++, t = &d->tok[k];
		}
		if (!is_cap_noun(d, t) || (t->flags & TOK_ABBR))
			return -1;
		if (word_cls(f, t) & (WC_NOCOUNT | WC_TIME | WC_CLAUSE))
			return -1;
		return k;
	}
	/* English: a plural noun, maybe after one modifier ("294 assembly
	 * seats", "600 sales representatives", "37 million Americans") */
	int64_t best = -1;
	for (uint32_t j = k; j < k + 2 && j < d->ntok; j++) {
		const struct tok *u = &d->tok[j];
		if (j > k && (u->flags & (TOK_NL)))
			break;
		if (!(u->flags & TOK_WORD) || (j > k && (u->flags & TOK_SSTART)))
			break;
		int wc = word_cls(f, u);
		if (wc & (WC_ENSTOP | WC_ARTICLE | WC_TIME))
			break;
		if ((wc & WC_PLURAL) || (u->keylen >= 3 && u->key[u->keylen - 1] == 's' &&
					 u->key[u->keylen - 2] != 's' && !(u->flags & TOK_HYPHEN)))
			best = j;
		else if (best >= 0 || (u->flags & TOK_CAP))
			break;
	}
	return best;
}

/* Qualifier phrase (up to 3 tokens) ending just before token s. */
/* The qualifier list's value for the keys of tokens [k, k + n) joined as
 * tok_join_keys does (into 96 bytes), or NULL.  One token is looked up
 * through its mask; several only when some qualifier starts with the
 * first ("nicht mehr als"). */
#define QUAL_BUF 96

/* qual_get of several tokens (out of line, with its buffer). */
__attribute__((noinline))
static const char *qual_join(const struct figdata *f, const struct doc *d, uint32_t k, uint32_t n)
{
	char buf[QUAL_BUF];
	const struct tok *t = &d->tok[k];
	if (t->keylen && (!tok_begins(f, f->l_qual, f->l_qualp, t) || !joins_begin(f->qualnext, d, k)))
		return NULL;
	size_t l = tok_join_keys(d, k, n, buf, sizeof(buf));
	return l ? lex_get(f->x, f->l_qual, buf, l) : NULL;
}

static inline const char *qual_get(const struct figdata *f, const struct doc *d, uint32_t k,
				   uint32_t n)
{
	const struct tok *t = &d->tok[k];
	if (k + n > d->ntok)
		return NULL;
	/* no qualifier is or begins with the token's key (most words) */
	if (t->keylen && !bit_has(f->qualw, (unsigned)(t->hash >> 48)))
		return NULL;
	if (n == 1)
		return t->keylen && t->keylen < QUAL_BUF ? tok_get(f, f->l_qual, t) : NULL;
	return qual_join(f, d, k, n);
}

/* The qualifier (up to 3 tokens, the longest) that ends just before token
 * s and stands before its figure (no "+" value): its first token, and its
 * value in *v; s and NULL when there is none.  The last answer is kept
 * (s = UINT32_MAX: none): qualifier and qual_start ask about the same
 * token, find_of again.  Valid for the document fig_run works on; it
 * empties it first. */
static _Thread_local struct {
	uint32_t s, q;
	const char *v;
} fig_qual;

static uint32_t qual_find(const struct figdata *f, const struct doc *d, uint32_t s, const char **v)
{
	if (fig_qual.s == s) {
		*v = fig_qual.v;
		return fig_qual.q;
	}
	uint32_t q = s;
	const char *qv = NULL;
	for (uint32_t n = 3; n >= 1; n--) {
		if (s < n || (d->tok[s].flags & TOK_NL))
			continue;
		const char *x = qual_get(f, d, s - n, n);
		if (x && *x != '+') {
			q = s - n;
			qv = x;
			break;
		}
	}
	fig_qual.s = s;
	fig_qual.q = q;
	fig_qual.v = qv;
	*v = qv;
	return q;
}

static void qualifier(const struct figdata *f, const struct doc *d, uint32_t s, struct figure *fg)
{
	const char *v;
	qual_find(f, d, s, &v);
	/* (the longest only: "nicht mehr als rund ..." is rare) */
	if (!v)
		return;
	if (!strcmp(v, "approx"))
		fg->approx = 1;
	else if (!strcmp(v, "min"))
		fg->bound = FB_MIN;
	else
		fg->bound = FB_MAX;
}

static int is_punct_stop(const struct doc *d, const struct tok *t);

/* Qualifiers after the figure ending at token e ("$25 or less"), "um" as
 * "about" ("Höchstwerte um 24 Grad", not "stieg um 5 Prozent"), and no
 * bound for spans of time ("über fünf Jahre"). */
static void qualifier_more(const struct figdata *f, const struct doc *d, uint32_t s, uint32_t e,
			   struct figure *fg, uint32_t counted)
{
	for (uint32_t n = 2; n >= 1; n--) {
		const char *v = NULL;
		if (e + n <= d->ntok && !(d->tok[e].flags & TOK_NL))
			v = qual_get(f, d, e, n);
		if (v && *v == '+' && !(e + n < d->ntok && (tok_key_is(&d->tok[e + n], "als") ||
							   tok_key_is(&d->tok[e + n], "than")))) {
			fg->bound = !strcmp(v + 1, "min") ? FB_MIN : !strcmp(v + 1, "max") ? FB_MAX : fg->bound;
			if (!strcmp(v + 1, "approx"))
				fg->approx = 1;
			break;
		}
	}
	if (fg->bound == FB_MIN && counted != UINT32_MAX && s > 0 &&
	    (word_cls(f, &d->tok[counted]) & WC_TIMEUNIT) &&
	    (tok_key_is(&d->tok[s - 1], "über") || tok_key_is(&d->tok[s - 1], "over")))
		fg->bound = FB_NONE;
	if (d->lang == NERD_LANG_DE && fg->kind == FK_QUANTITY && s >= 2 && tok_key_is(&d->tok[s - 1], "um") &&
	    is_cap_noun(d, &d->tok[s - 2]) && !(d->tok[s - 2].flags & TOK_SSTART)) {
		/* no verb of change in the clause */
		const struct sent *se = &d->sent[d->tok[s].sent];
		uint32_t a = s, b = s;
		while (a > se->t0 && s - a < FIG_CLAUSE && !is_punct_stop(d, &d->tok[a - 1]))
			a--;
		while (b + 1 < se->t1 && b - s < FIG_CLAUSE && !is_punct_stop(d, &d->tok[b + 1]))
			b++;
		for (uint32_t k = a; k <= b; k++)
			if (word_cls(f, &d->tok[k]) & WC_OFVERB)
				return;
		fg->approx = 1;
	}
}

/* The first token of the qualifier before s, or s. */
static uint32_t qual_start(const struct figdata *f, const struct doc *d, uint32_t s)
{
	const char *v;
	return qual_find(f, d, s, &v);
}

static const char *tok_dup(struct doc *d, uint32_t k)
{
	return arena_strndup(d->ar, d->text + d->tok[k].start, tok_len(&d->tok[k]));
}

/* An English noun modifier before a head noun: "list price", "cash rate"
 * (not adjectives: "annual sales", "average price"). */
static int en_modifier(const struct doc *d, const struct tok *t)
{
	static const char *const adj_end[] = {"al", "ic", "ous", "ive", "ed", "ing", "er", "est",
					      "ly", "ful", "less", "able", "ible", "ern", "ian", "ese"};
	static const char *const adj[] = {"average", "new", "total", "record", "key", "main", "big",
					  "high", "low", "net", "gross", "overall", "current", "own",
					  "same", "other", "more", "most", "such", "first", "last",
					  "next", "few", "many", "much", "each", "every", "all", "some",
					  "this", "that", "these", "those", "its", "their", "our", "his",
					  "her", "the", "a", "an", "and", "or", "of", "to", "in", "on",
					  "at", "by", "for", "with", "from", "full", "half", "peak",
					  "said", "says", "told", "tells", "shows", "sees", "saw", "forecast"};
	if (!(t->flags & TOK_WORD) || !(t->flags & TOK_LOWER) || t->keylen < 3 ||
	    (t->flags & TOK_HYPHEN))
		return 0;
	for (size_t i = 0; i < ARRAY_LEN(adj); i++)
		if (tok_key_is(t, adj[i]))
			return 0;
	for (size_t i = 0; i < ARRAY_LEN(adj_end); i++) {
		size_t l = strlen(adj_end[i]);
		if (t->keylen > l && !memcmp(t->key + t->keylen - l, adj_end[i], l))
			return 0;
	}
	(void)d;
	return 1;
}

static int en_opens_np(const struct doc *d, uint32_t k);

static void set_of(struct doc *d, struct figure *fg, uint32_t k)
{
	uint32_t k0 = k;
	/* the modifier inside a noun phrase ("a list price", "its cash
	 * rate"), not a verb before it ("analysts expect growth") */
	if (d->lang == NERD_LANG_EN && k > 0 && !(d->tok[k].flags & TOK_CAP) &&
	    d->tok[k - 1].sent == d->tok[k].sent && en_modifier(d, &d->tok[k - 1]) &&
	    ((d->tok[k - 1].flags & TOK_SSTART) || (k > 1 && en_opens_np(d, k - 2))))
		k0 = k - 1;
	fg->of_start = d->tok[k0].start;
	fg->of_end = d->tok[k].end;
	fg->of = arena_strndup(d->ar, d->text + fg->of_start, fg->of_end - fg->of_start);
}

static int is_punct_stop(const struct doc *d, const struct tok *t)
{
	/* English "%" is a token of its own: "rose 0.3% to $1.17" */
	if (d->lang == NERD_LANG_EN && tok_is(d, t, "%"))
		return 0;
	return (t->flags & TOK_PUNCT) && !(t->flags & TOK_QUOTE) && !tok_is(d, t, "-");
}

/* Is token k (part of) a name found by an earlier stage?  Names are not
 * what a figure measures ("die CDU kam auf 31 Prozent"). */
static _Thread_local const uint8_t *fig_inment;   /* per token, for the running doc */

static int in_mention(const struct doc *d, uint32_t k)
{
	return fig_inment && k < d->ntok && fig_inment[k];
}

/* Marks the tokens covered by live mentions (one pass per document). */
static void mark_mentions(struct doc *d)
{
	fig_inment = NULL;
	if (!d->nment)
		return;
	uint8_t *m = arena_zalloc(d->ar, d->ntok);
	for (uint32_t i = 0; i < d->nment; i++) {
		const struct mention *mn = &d->ment[i];
		if (mn->flags & MF_DEAD)
			continue;
		/* doc_tok_at(d, mn->start): the first token ending after it,
		 * which is mostly the mention's first token */
		uint32_t k = mn->t0;
		if (k > d->ntok || (k < d->ntok && d->tok[k].end <= mn->start) ||
		    (k > 0 && d->tok[k - 1].end > mn->start))
			k = doc_tok_at(d, mn->start);
		for (; k < d->ntok && d->tok[k].start < mn->end; k++)
			m[k] = 1;
	}
	fig_inment = m;
}

/* A common noun that may be what a figure measures. */
static int of_noun(const struct figdata *f, const struct doc *d, uint32_t k)
{
	const struct tok *t = &d->tok[k];
	if (d->lang == NERD_LANG_EN) {
		/* a capital only at a sentence start ("Exports to China rose") */
		if (!(t->flags & TOK_WORD) || ((t->flags & TOK_CAP) && (!(t->flags & TOK_SSTART) ||
									(t->flags & TOK_UPPER))) ||
		    t->keylen < 3 ||
		    (word_cls(f, t) & (WC_ARTICLE | WC_ENSTOP | WC_OFVERB | WC_SKIP | WC_PREP)))
			return 0;
	} else if (!is_cap_noun(d, t) || (t->flags & (TOK_ABBR | TOK_UPPER)) ||
		   (word_cls(f, t) & (WC_ARTICLE | WC_NOCOUNT | WC_SKIP | WC_PREP)))
		return 0;
	return !in_mention(d, k);
}

/* German adjective endings: "japanische", "neuen", "großer" */
static int adj_ending(const struct tok *t)
{
	if (t->keylen < 4)
		return 0;
	char c = t->key[t->keylen - 1], c2 = t->key[t->keylen - 2];
	return c == 'e' || (c2 == 'e' && (c == 'n' || c == 'r' || c == 's' || c == 'm'));
}

static int is_det(const struct tok *t)
{
	static const char *const det[] = {"der", "die", "das", "den", "ihre", "ihren", "ihr",
					  "seine", "seinen", "sein", "unsere", "deren", "dessen",
					  "the", "its", "their"};
	for (size_t i = 0; i < ARRAY_LEN(det); i++)
		if (tok_key_is(t, det[i]))
			return 1;
	return 0;
}

/* of: what the figure at tokens [s, e) measures, in this order: a noun right
 * after it ("50 Millionen Euro Soforthilfe", "94 mm Niederschlag"), "an" and
 * a noun ("180 Milliarden Euro an Hilfen"), the noun before "in Höhe von" or
 * "von" ("Zollsatz von 15 Prozent"), the genitive after a percentage ("zwei
 * Prozent des Bruttoinlandsproduktes"), and the subject of its clause when
 * the figure follows "auf", "bei", "um" or the clause has a verb of change
 * ("Der Umsatz ging um 6,4 Prozent zurück"). */
/* English: the last token of a run of up to three nouns from token k on
 * ("gross domestic product", "electricity bill rebates"), or -1. */
static int64_t en_noun_run(const struct figdata *f, const struct doc *d, uint32_t k, uint32_t t1)
{
	static const char *const stop[] = {
		"said", "says", "told", "according", "than", "that", "which", "who", "while",
		"per", "year", "years", "day", "days", "month", "months", "week", "weeks",
		"would", "will", "could", "should", "may", "might", "must", "can", "has", "have",
		"had", "be", "been", "are", "were", "they", "we", "it", "he", "she", "you",
		"for", "with", "from", "into", "after", "before", "since", "until", "as", "about",
		"over", "under", "on", "in", "at", "by", "to", "of", "and", "or", "but", "not",
		"went", "came", "got", "made", "took", "gave", "saw", "left", "became", "do", "did",
		"next", "last", "this", "these", "those", "each", "every", "such", "early", "late",
		"earlier", "later", "ago", "takes", "comes", "goes", "makes", "applies", "means",
		"seems", "looks", "covers", "affects", "hits", "includes", "marks", "needs"};
	int64_t last = -1;
	for (uint32_t j = k; j < t1 && j < k + 3; j++) {
		const struct tok *t = &d->tok[j];
		if (!of_noun(f, d, j) || unit_get(f, t->key, t->keylen) || num_word(f, d, t) ||
		    (word_cls(f, t) & WC_ENCOPULA))
			break;
		int bad = 0;
		for (size_t x = 0; x < ARRAY_LEN(stop) && !bad; x++)
			bad = tok_key_is(t, stop[x]);
		/* a past tense after the first noun ends the run: "the vote
		 * shifted" */
		if (bad || (j > k && t->keylen > 3 && !memcmp(t->key + t->keylen - 2, "ed", 2)))
			break;
		last = j;
		if (j + 1 < t1 && (d->tok[j + 1].flags & TOK_SPACE) == 0)
			break;  /* "product." */
	}
	return last;
}

/* Sets of to the tokens [k0, k1]. */
static void set_of_span(struct doc *d, struct figure *fg, uint32_t k0, uint32_t k1)
{
	fg->of_start = d->tok[k0].start;
	fg->of_end = d->tok[k1].end;
	fg->of = arena_strndup(d->ar, d->text + fg->of_start, fg->of_end - fg->of_start);
}

/* English: an adjective before a noun ("sustained", "monthly", "combined"),
 * or a demonym ("Russian"). */
static int en_adj(const struct tok *t)
{
	static const char *const lend[] = {"ed", "al", "ic", "ous", "ive", "ly", "ful", "ary", "ible", "able"};
	static const char *const cend[] = {"an", "ese", "ish", "ch"};
	if (!(t->flags & TOK_WORD) || t->keylen < 4 || (t->flags & TOK_HYPHEN))
		return 0;
	int cap = (t->flags & TOK_CAP) != 0;
	if (cap && (t->flags & TOK_UPPER))
		return 0;
	const char *const *end = cap ? cend : lend;
	size_t n = cap ? ARRAY_LEN(cend) : ARRAY_LEN(lend);
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(end[i]);
		if (t->keylen > l + 1 && !memcmp(t->key + t->keylen - l, end[i], l))
			return 1;
	}
	return 0;
}

/* English: is token k the "s" of a possessive ("company's", "company’s")? */
static int en_poss_s(const struct doc *d, uint32_t k)
{
	const struct tok *t = &d->tok[k];
	return k > 0 && tok_key_is(t, "s") && !(t->flags & TOK_SPACE) &&
	       (tok_is(d, &d->tok[k - 1], "'") || tok_is(d, &d->tok[k - 1], "\xe2\x80\x99"));
}

/* English: does token k end a determiner, a possessive or a preposition
 * that a noun phrase follows, or is it an adjective inside one ("the
 * lowest deposit rate")? */
static int en_opens_np(const struct doc *d, uint32_t k)
{
	static const char *const w[] = {"the", "a", "an", "its", "their", "his", "her", "our", "this",
					"that", "these", "those", "of", "in", "at", "for", "on",
					"by", "with", "from", "into", "over", "under", "above", "below"};
	const struct tok *t = &d->tok[k];
	for (size_t i = 0; i < ARRAY_LEN(w); i++)
		if (tok_key_is(t, w[i]))
			return 1;
	if ((t->flags & TOK_LOWER) && (en_adj(t) || (t->keylen > 4 && !memcmp(t->key + t->keylen - 3, "est", 3))))
		return 1;
	return en_poss_s(d, k) || (tok_is(d, t, "'") && k > 0 && (d->tok[k - 1].flags & TOK_WORD));
}

static int en_det(const struct tok *t)
{
	size_t kl = t->keylen;
	return is_det(t) || tok_key_is(t, "a") || tok_key_is(t, "an") ||
	       (kl > 2 && t->key[kl - 1] == 's' && (t->key[kl - 2] == '\'' ||
						    (kl > 4 && !memcmp(t->key + kl - 4, "\xe2\x80\x99", 3))));
}

/* English: a verb that ends a noun phrase ("Analysts at X said prices
 * rose"). */
static int en_verbish(const struct figdata *f, const struct tok *t)
{
	static const char *const w[] = {"said", "says", "told", "tells", "expect", "expects",
					"estimate", "estimates", "forecast", "forecasts", "predict",
					"predicts", "think", "thinks", "believe", "believes", "warned",
					"warns", "noted", "added", "reported", "showed", "shows", "that"};
	if (word_cls(f, t) & (WC_OFVERB | WC_ENCOPULA | WC_ENCHANGE | WC_ENTRANS))
		return 1;
	if ((t->flags & TOK_LOWER) && t->keylen > 4 && !memcmp(t->key + t->keylen - 2, "ed", 2) &&
	    t->key[t->keylen - 3] != 'e')
		return 1;
	for (size_t i = 0; i < ARRAY_LEN(w); i++)
		if (tok_key_is(t, w[i]))
			return 1;
	return 0;
}

static int en_prep(const struct tok *t)
{
	static const char *const w[] = {"of", "to", "by", "in", "at", "for", "on", "from", "with",
					"across", "among", "under", "over", "between", "than"};
	for (size_t i = 0; i < ARRAY_LEN(w); i++)
		if (tok_key_is(t, w[i]))
			return 1;
	return 0;
}

/* English: the head of the object noun phrase from token k on (before
 * t1): its last noun before a preposition or punctuation ("the combined
 * risk of", "monthly payments to", "the Selic rate to"); an owner before
 * a possessive is no head ("the company's market value"), or -1. */
static int64_t en_obj_head(const struct figdata *f, const struct doc *d, uint32_t k, uint32_t t1)
{
	int64_t h = -1;
	for (uint32_t j = k; j < t1 && j < k + 8; j++) {
		const struct tok *t = &d->tok[j];
		if (en_poss_s(d, j) || (tok_is(d, t, "'") && j + 1 < t1 && en_poss_s(d, j + 1))) {
			h = -1;
			continue;
		}
		if (!(t->flags & TOK_WORD) || en_prep(t) ||
		    (word_cls(f, t) & (WC_OFVERB | WC_ENCHANGE | WC_ENCOPULA)))
			break;
		if (of_noun(f, d, j) && !unit_get(f, t->key, t->keylen) && !num_word(f, d, t))
			h = j;
	}
	return h;
}

static void find_of(const struct figdata *f, struct doc *d, struct figure *fg, uint32_t s,
		    uint32_t e)
{
	const struct sent *se = &d->sent[d->tok[s].sent];
	uint32_t q = qual_start(f, d, s);
	while (q > se->t0 && (word_cls(f, &d->tok[q - 1]) & WC_SKIP))
		q--;
	/* English: a figure right after a verb of change is the change, which
	 * measures nothing ("shares rose 3%", "the economy grows 4.5%") */
	if (d->lang == NERD_LANG_EN && q > se->t0 && (word_cls(f, &d->tok[q - 1]) & WC_ENCHANGE))
		return;
	/* a figure that ends inside its last token ("km/h." at a sentence end)
	 * has nothing after it */
	int cut = e > s && fg->end < d->tok[e - 1].end;
	if (e < se->t1 && !(d->tok[e].flags & TOK_NL) && !cut) {
		if (d->lang == NERD_LANG_DE && of_noun(f, d, e)) {
			set_of(d, fg, e);
			return;
		}
		if (d->lang == NERD_LANG_DE && (tok_key_is(&d->tok[e], "an") || tok_key_is(&d->tok[e], "in")) &&
		    e + 1 < se->t1 &&
		    of_noun(f, d, e + 1) && fg->kind == FK_MONEY) {
			set_of(d, fg, e + 1);
			return;
		}
		/* English, the figure before its noun: "a $10 billion fund",
		 * "an extension of A$150 electricity bill rebates" */
		if (d->lang == NERD_LANG_EN && fg->kind != FK_COUNT && q > se->t0 &&
		    (is_det(&d->tok[q - 1]) || tok_key_is(&d->tok[q - 1], "a") ||
		     tok_key_is(&d->tok[q - 1], "an") || tok_key_is(&d->tok[q - 1], "of") ||
		     en_poss_s(d, q - 1) || /* "the bank's 2% target" */
		     /* "a sustained 40% decline"; the second end of a range:
		      * "its 2% to 3% target band" */
		     (q > se->t0 + 1 && en_adj(&d->tok[q - 1]) && !(d->tok[q - 1].flags & TOK_CAP) &&
		      (is_det(&d->tok[q - 2]) || tok_key_is(&d->tok[q - 2], "a") ||
		       tok_key_is(&d->tok[q - 2], "an"))) ||
		     (fg->range >= 0 && (tok_key_is(&d->tok[q - 1], "to") || tok_key_is(&d->tok[q - 1], "and") ||
					 tok_is(d, &d->tok[q - 1], "-") || tok_is(d, &d->tok[q - 1], "–"))))) {
			int64_t h = en_noun_run(f, d, e, se->t1);
			if (h >= 0) {
				/* two nouns are one term ("a 3% target band"),
				 * of three the last is the head ("A$150
				 * electricity bill rebates") */
				uint32_t h0 = (uint32_t)h == e + 1 && en_modifier(d, &d->tok[e]) ? e : (uint32_t)h;
				set_of_span(d, fg, h0, (uint32_t)h);
				return;
			}
		}
		/* English: "2.2 million bpd of cuts", "$5 billion of debt" */
		if (d->lang == NERD_LANG_EN && (fg->kind == FK_MONEY || fg->kind == FK_QUANTITY) &&
		    tok_key_is(&d->tok[e], "of") && e + 1 < se->t1) {
			uint32_t k = e + 1;
			if (is_det(&d->tok[k]) && k + 1 < se->t1)
				k++;
			int64_t h = en_noun_run(f, d, k, se->t1);
			if (h >= 0) {
				set_of_span(d, fg, (uint32_t)h, (uint32_t)h);
				return;
			}
		}
		/* English: "$550 billion in investments", "€2 billion in
		 * frozen Russian assets" (no determiner: not "$5 billion in
		 * the first quarter") */
		if (d->lang == NERD_LANG_EN && fg->kind == FK_MONEY && tok_key_is(&d->tok[e], "in") &&
		    e + 1 < se->t1 && !(q > se->t0 && (tok_key_is(&d->tok[q - 1], "to") ||
						       tok_key_is(&d->tok[q - 1], "at") ||
						       tok_key_is(&d->tok[q - 1], "by") ||
						       tok_key_is(&d->tok[q - 1], "from")))) {
			uint32_t k = e + 1;
			while (k < se->t1 && k < e + 3 && en_adj(&d->tok[k]))
				k++;
			int64_t h = en_noun_run(f, d, k, se->t1);
			if (h >= 0 && !tok_key_is(&d->tok[h], "total") && !tok_key_is(&d->tok[h], "quarter") &&
			    !tok_key_is(&d->tok[h], "half") && !tok_key_is(&d->tok[h], "terms") &&
			    !tok_key_is(&d->tok[h], "trading") && !tok_key_is(&d->tok[h], "trade")) {
				set_of_span(d, fg, (uint32_t)h, (uint32_t)h);
				return;
			}
		}
	}
	/* English: "the deal, worth $2bn", "a stake valued at $5bn" */
	if (d->lang == NERD_LANG_EN && fg->kind == FK_MONEY && q >= se->t0 + 2 &&
	    (tok_key_is(&d->tok[q - 1], "worth") ||
	     (tok_key_is(&d->tok[q - 1], "at") && tok_key_is(&d->tok[q - 2], "valued")))) {
		uint32_t k = q - 1 - tok_key_is(&d->tok[q - 1], "at");
		if (k > se->t0 + 1 && tok_is(d, &d->tok[k - 1], ","))
			k--;
		/* "the startup is now valued at" */
		while (k > se->t0 + 1 && ((word_cls(f, &d->tok[k - 1]) & WC_ENCOPULA) ||
					  tok_key_is(&d->tok[k - 1], "now") || tok_key_is(&d->tok[k - 1], "currently") ||
					  tok_key_is(&d->tok[k - 1], "already") || tok_key_is(&d->tok[k - 1], "once")))
			k--;
		if (k > se->t0 && of_noun(f, d, k - 1) && !unit_get(f, d->tok[k - 1].key, d->tok[k - 1].keylen) &&
		    !(word_cls(f, &d->tok[k - 1]) & (WC_ENCHANGE | WC_ENTRANS | WC_ENCOPULA))) {
			set_of(d, fg, k - 1);
			return;
		}
	}
	/* English: the noun before "above", "below": "taxes on balances above
	 * A$3 million", "revenue between $89 billion and $93 billion" ("above"
	 * may be the qualifier, "between" the range's first token) */
	uint32_t ab = q < s || tok_key_is(&d->tok[q], "between") ? q + 1 : q;
	if (d->lang == NERD_LANG_EN && fg->kind != FK_COUNT && ab >= se->t0 + 2 &&
	    (tok_key_is(&d->tok[ab - 1], "above") || tok_key_is(&d->tok[ab - 1], "below") ||
	     tok_key_is(&d->tok[ab - 1], "over") || tok_key_is(&d->tok[ab - 1], "under") ||
	     tok_key_is(&d->tok[ab - 1], "exceeding") || tok_key_is(&d->tok[ab - 1], "between")) &&
	    of_noun(f, d, ab - 2) && !(word_cls(f, &d->tok[ab - 2]) & (WC_OFVERB | WC_ENCHANGE | WC_ENCOPULA)) &&
	    !unit_get(f, d->tok[ab - 2].key, d->tok[ab - 2].keylen) && !num_word(f, d, &d->tok[ab - 2])) {
		set_of_span(d, fg, ab - 2, ab - 2);
		return;
	}
	if (q > se->t0) {
		const struct tok *p = &d->tok[q - 1];
		int von = tok_key_is(p, "von") || tok_key_is(p, "of");
		if (von && q >= 3 && tok_key_is(&d->tok[q - 2], "höhe") &&
		    tok_key_is(&d->tok[q - 3], "in")) {
			/* the first noun of the phrase before "in Höhe von" */
			int64_t best = -1;
			for (uint32_t k = q - 3; k > se->t0 && q - 3 - k < 10; k--) {
				const struct tok *t = &d->tok[k - 1];
				if (is_punct_stop(d, t))
					break;
				if (t->flags & TOK_SSTART)
					break;
				if (of_noun(f, d, k - 1))
					best = k - 1;
				else if ((t->flags & TOK_LOWER) && !(word_cls(f, t) & (WC_ARTICLE | WC_PREP)) &&
					 !adj_ending(t))
					break;  /* a verb ends the noun phrase: "will", "erwartet" */
			}
			if (best >= 0) {
				set_of(d, fg, (uint32_t)best);
				return;
			}
		}
		if (von && q >= 2 && of_noun(f, d, q - 2) &&
		    (!(d->tok[q - 2].flags & TOK_SSTART) || d->lang == NERD_LANG_EN) &&
		    fg->kind != FK_COUNT && (d->lang == NERD_LANG_DE ||
					     ((fg->kind == FK_MONEY || fg->kind == FK_QUANTITY) &&
					      !(word_cls(f, &d->tok[q - 2]) & WC_OFVERB)) ||
					     /* "a tariff of 15%", "growth of 2%" */
					     (fg->kind == FK_PERCENT && !(word_cls(f, &d->tok[q - 2]) & WC_OFVERB) &&
					      !tok_key_is(&d->tok[q - 2], "total")) ||
					     (fg->kind != FK_PERCENT && q >= 3 &&
					      (is_det(&d->tok[q - 3]) || tok_key_is(&d->tok[q - 3], "a") ||
					       tok_key_is(&d->tok[q - 3], "an") ||
					       (q >= 4 && en_modifier(d, &d->tok[q - 3]) &&
						(is_det(&d->tok[q - 4]) || tok_key_is(&d->tok[q - 4], "a"))))))) {
			/* English: "a cost to the state of $5 billion": the noun
			 * before "to the" */
			if (d->lang == NERD_LANG_EN && q >= se->t0 + 6 && is_det(&d->tok[q - 3]) &&
			    (tok_key_is(&d->tok[q - 4], "to") || tok_key_is(&d->tok[q - 4], "for")) &&
			    of_noun(f, d, q - 5) && en_det(&d->tok[q - 6])) {
				set_of(d, fg, q - 5);
				return;
			}
			set_of(d, fg, q - 2);
			return;
		}
		/* "Orkanböen mit 126 km/h", "Höchstwerte um 24 Grad" */
		if (d->lang == NERD_LANG_DE && fg->kind != FK_COUNT && q >= 2 &&
		    (tok_key_is(p, "mit") || (tok_key_is(p, "um") && fg->approx && q == s)) &&
		    of_noun(f, d, q - 2) && !(d->tok[q - 2].flags & TOK_SSTART)) {
			set_of(d, fg, q - 2);
			return;
		}
	}
	/* percent of a genitive noun: "zwei Prozent des Bruttoinlandsproduktes" */
	if (fg->kind == FK_PERCENT && e + 1 < se->t1 &&
	    (tok_key_is(&d->tok[e], "des") || tok_key_is(&d->tok[e], "der") ||
	     tok_key_is(&d->tok[e], "aller") || tok_key_is(&d->tok[e], "of"))) {
		/* English: a share at the start of a clause counts a group
		 * ("about 4% of patients had ...") and measures nothing */
		if (d->lang == NERD_LANG_EN && (q == se->t0 || tok_is(d, &d->tok[q - 1], ";") ||
						tok_is(d, &d->tok[q - 1], ":")))
			return;
		if (d->lang == NERD_LANG_EN) {
			uint32_t k = e + 1;
			if ((is_det(&d->tok[k]) || tok_key_is(&d->tok[k], "all")) && k + 1 < se->t1)
				k++;
			/* "2% of the firm's global turnover" */
			if (k + 3 < se->t1 && (d->tok[k].flags & TOK_WORD) && en_poss_s(d, k + 2)) {
				k += 3;
				while (k + 1 < se->t1 && en_adj(&d->tok[k]) && !(d->tok[k].flags & TOK_CAP))
					k++;
			}
			int64_t h = en_noun_run(f, d, k, se->t1);
			if (h >= 0) {
				set_of_span(d, fg, k, (uint32_t)h);
				return;
			}
		}
		for (uint32_t k = e + 1; k < se->t1 && k < e + 4; k++) {
			const struct tok *t = &d->tok[k];
			if (d->lang == NERD_LANG_DE ? is_cap_noun(d, t)
						    : ((t->flags & TOK_WORD) && !(word_cls(f, t) & WC_ARTICLE))) {
				if (!in_mention(d, k))
					set_of(d, fg, k);
				return;
			}
			if (!(t->flags & TOK_WORD))
				break;
		}
	}
	/* the subject of the clause (at most FIG_CLAUSE tokens either side, so
	 * that a text without punctuation stays linear) */
	uint32_t c0 = q > se->t0 + FIG_CLAUSE ? q - FIG_CLAUSE : se->t0;
	uint32_t c1 = e + FIG_CLAUSE < se->t1 ? e + FIG_CLAUSE : se->t1;
	for (uint32_t k = q; k > c0; k--)
		if (is_punct_stop(d, &d->tok[k - 1]) && !tok_is(d, &d->tok[k - 1], "(") &&
		    !tok_is(d, &d->tok[k - 1], ")")) {
			c0 = k;
			break;
		}
	for (uint32_t k = e; k < c1; k++)
		if (is_punct_stop(d, &d->tok[k]) && !tok_is(d, &d->tok[k], ")") &&
		    !tok_is(d, &d->tok[k], "(")) {
			c1 = k;
			break;
		}
	if (d->lang == NERD_LANG_EN && fg->kind == FK_COUNT)
		return; /* "in the three months to June" */
	int trigger = 0;
	if (q > c0) {
		const struct tok *p = &d->tok[q - 1];
		trigger = tok_key_is(p, "auf") || tok_key_is(p, "bei") || tok_key_is(p, "um") ||
			  tok_key_is(p, "by") || tok_key_is(p, "to") || tok_key_is(p, "at") ||
			  tok_key_is(p, "zwischen");
	}
	for (uint32_t k = c0; k < c1 && !trigger; k++)
		if (word_cls(f, &d->tok[k]) & WC_OFVERB)
			trigger = 1;
	/* English: a copula just before the figure ("inflation was 3.2%",
	 * "turnout was a record 81.5%") */
	for (uint32_t k = q; d->lang == NERD_LANG_EN && fg->kind != FK_COUNT && k > c0 && q - k < 3 && !trigger; k--)
		if (word_cls(f, &d->tok[k - 1]) & WC_ENCOPULA)
			trigger = 1;
	if (!trigger)
		return;
	/* English: the noun right before "at", "to", "of": "its cash rate at 3.6%" */
	if (d->lang == NERD_LANG_EN && q >= c0 + 2) {
		const struct tok *p = &d->tok[q - 1];
		/* a determiner (or a possessive "company's") at most four words
		 * before the noun, only modifiers between: "the lowest income tax
		 * rate to 14%" */
		int det = 0;
		for (uint32_t k = q - 2; k > c0 && q - 2 - k < 4 && !det; k--) {
			const struct tok *t = &d->tok[k - 1];
			size_t kl = t->keylen;
			if (is_det(t) || tok_key_is(t, "a") || tok_key_is(t, "an") || en_poss_s(d, k - 1) ||
			    (kl > 2 && t->key[kl - 1] == 's' && (t->key[kl - 2] == '\'' ||
								(kl > 4 && !memcmp(t->key + kl - 4, "\xe2\x80\x99", 3)))))
				det = 1;
			else if (!(t->flags & TOK_WORD) || !(t->flags & TOK_LOWER) ||
				 (word_cls(f, t) & (WC_OFVERB | WC_PREP | WC_ENSTOP | WC_ENCOPULA | WC_ENCHANGE | WC_ENTRANS)))
				break;
		}
		const struct tok *n = &d->tok[q - 2];
		int past = n->keylen > 4 && !memcmp(n->key + n->keylen - 2, "ed", 2) && n->key[n->keylen - 3] != 'e';
		if ((tok_key_is(p, "at") || tok_key_is(p, "to") || tok_key_is(p, "of")) && of_noun(f, d, q - 2) &&
		    !(word_cls(f, &d->tok[q - 2]) & WC_OFVERB) && det && !past &&
		    !unit_get(f, d->tok[q - 2].key, d->tok[q - 2].keylen) && !num_word(f, d, &d->tok[q - 2])) {
			set_of(d, fg, q - 2);
			return;
		}
	}
	/* English: the object of a verb that changes it, for a figure after
	 * "to" or "by" ("raise monthly payments to women to Rs 1,500", "cut
	 * the risk of kidney failure ... by 37%"), looking back over commas */
	if (d->lang == NERD_LANG_EN && q > se->t0 + 1 &&
	    (tok_key_is(&d->tok[q - 1], "to") || tok_key_is(&d->tok[q - 1], "by")))
		for (uint32_t v = q - 1; v > se->t0 && q - v < 25; v--) {
			const struct tok *t = &d->tok[v - 1];
			int wc = word_cls(f, t);
			if (wc & WC_ENTRANS) {
				/* a noun: "a cut to the rate" */
				if (v - 1 > se->t0 && en_det(&d->tok[v - 2]))
					break;
				int64_t h = en_obj_head(f, d, v, q - 1);
				if (h >= 0) {
					set_of(d, fg, (uint32_t)h);
					return;
				}
				break;
			}
			if (wc & (WC_OFVERB | WC_ENCOPULA))
				break;
		}
	/* German, verb first ("lag die Teuerungsrate ... bei", "hält ihren
	 * Leitzins bei"): the noun after the determiner right after the verb */
	if (d->lang == NERD_LANG_DE)
		for (uint32_t k = c0; k + 2 < q; k++) {
			if (!(word_cls(f, &d->tok[k]) & WC_OFVERB) || !is_det(&d->tok[k + 1]))
				continue;
			uint32_t n = k + 2;
			if (n + 1 < q && (d->tok[n].flags & TOK_LOWER) && adj_ending(&d->tok[n]))
				n++;
			if (of_noun(f, d, n)) {
				set_of(d, fg, n);
				return;
			}
			break;
		}
	/* German: the first noun after a determiner that does not open a
	 * prepositional phrase ("in der Stadt") or a genitive ("Angaben der
	 * Behörde"); English: the noun before the verb */
	/* English: a number with a verb after it before the figure ends an
	 * earlier clause ("shares rose 5% while yields fell to 4%"), a change
	 * right before the level does not ("the euro rose 0.3% to $1.17") */
	uint32_t k0 = c0;
	if (d->lang == NERD_LANG_EN) {
		int verb = 0;
		for (uint32_t k = q; k-- > c0;) {
			if (word_cls(f, &d->tok[k]) & (WC_OFVERB | WC_ENCOPULA))
				verb = 1;
			else if ((d->tok[k].flags & TOK_NUM) && verb) {
				k0 = k + 1;
				break;
			}
		}
	}
	for (uint32_t k = k0; k < q; k++) {
		const struct tok *t = &d->tok[k];
		if (d->lang == NERD_LANG_EN) {
			if (t->flags & TOK_NUM)
				break;
			if (k + 1 < q && (word_cls(f, &d->tok[k + 1]) & (WC_OFVERB | WC_ENCOPULA)) &&
			    (t->flags & TOK_WORD) && t->keylen > 1) {
				/* the head before a preposition: "the average price
				 * of a gallon of gasoline fell to $3", "exports to
				 * China rose to $4bn", "sales at the unit were" */
				int64_t h = -1;
				uint32_t v0 = k0;       /* after the last verb before k */
				for (uint32_t o = k0; o < k; o++)
					if (en_verbish(f, &d->tok[o]))
						v0 = o + 1;
				for (uint32_t o = v0 + 1; o < k && h < 0; o++) {
					const struct tok *p = &d->tok[o];
					if ((tok_key_is(p, "of") || tok_key_is(p, "at") || tok_key_is(p, "to") ||
					     tok_key_is(p, "in") || tok_key_is(p, "from") || tok_key_is(p, "for") ||
					     tok_key_is(p, "on") || tok_key_is(p, "per")) && of_noun(f, d, o - 1) &&
					    !unit_get(f, d->tok[o - 1].key, d->tok[o - 1].keylen))
						h = o - 1;
				}
				if (h >= 0) {
					set_of(d, fg, (uint32_t)h);
					return;
				}
				static const char *const pron[] = {"this", "that", "these", "those", "there",
								   "which", "what", "who", "she", "they",
								   "one", "all", "both", "each", "some"};
				int pr = 0;
				for (size_t x = 0; x < ARRAY_LEN(pron) && !pr; x++)
					pr = tok_key_is(t, pron[x]);
				if (!(word_cls(f, t) & (WC_ARTICLE | WC_SKIP | WC_PREP)) && !in_mention(d, k) &&
				    t->keylen > 2 && !pr) {
					set_of(d, fg, k);
					return;
				}
			}
			continue;
		}
		if (!of_noun(f, d, k))
			continue;
		uint32_t det = k > c0 && is_det(&d->tok[k - 1]) ? 1 : 0;
		/* one adjective between: "Die mittlere Überlebenszeit" */
		if (!det && k > c0 + 1 && (d->tok[k - 1].flags & TOK_LOWER) && is_det(&d->tok[k - 2]))
			det = 2;
		if (!det)
			continue;
		uint32_t dk = k - det;
		if (dk > c0 && (word_cls(f, &d->tok[dk - 1]) & WC_PREP))
			continue;
		if (dk > c0 && (tok_key_is(&d->tok[dk], "der") || tok_key_is(&d->tok[dk], "des")) &&
		    is_cap_noun(d, &d->tok[dk - 1]))
			continue;
		set_of(d, fg, k);
		return;
	}
	/* English: a clause that opens with its verb after a parenthesis
	 * between commas has its subject before the parenthesis ("Core
	 * inflation, which strips out food, eased to 2.8%") */
	if (d->lang == NERD_LANG_EN && c0 > se->t0 + 2 && tok_is(d, &d->tok[c0 - 1], ",") &&
	    (word_cls(f, &d->tok[c0]) & (WC_OFVERB | WC_ENCOPULA))) {
		uint32_t p = c0 - 1;
		while (p > se->t0 && c0 - p < 20 && !tok_is(d, &d->tok[p - 1], ","))
			p--;
		if (p <= se->t0 || c0 - p >= 20)
			return;
		p--;    /* the first comma */
		uint32_t g = p;
		while (g > se->t0 && p - g < 12 && !is_punct_stop(d, &d->tok[g - 1]))
			g--;
		int64_t h = -1;
		for (uint32_t k = g; k < p; k++) {
			if (k > g && en_prep(&d->tok[k]))
				break;
			if (of_noun(f, d, k) && !(word_cls(f, &d->tok[k]) & (WC_OFVERB | WC_ENCOPULA | WC_ENCHANGE)))
				h = k;
		}
		if (h >= 0)
			set_of(d, fg, (uint32_t)h);
	}
}

/* Is the number nm a year, a time, a score, a phone or clause number? */
static int not_a_figure(const struct figdata *f, const struct doc *d, const struct num *nm,
			int has_unit)
{
	uint32_t i = nm->t0, e = nm->t1;
	if (i > 0) {
		const struct tok *p = &d->tok[i - 1];
		if ((word_cls(f, p) & WC_CLAUSE) && !(p->flags & TOK_NL))
			return 1;
		/* "F-35", "G 20", "1:0", "14:30", "030/1234" */
		if (!(d->tok[i].flags & TOK_SPACE) &&
		    (tok_is(d, p, ":") || tok_is(d, p, "/") || tok_is(d, p, "+")) && nm->has_digits)
			return 1;
	}
	if (e < d->ntok) {
		const struct tok *n = &d->tok[e];
		if (!has_unit && (word_cls(f, n) & WC_TIME) && nm->has_digits)
			return 1;
		if (!(n->flags & TOK_SPACE) && (tok_is(d, n, ":") || tok_is(d, n, "/")) &&
		    e + 1 < d->ntok && is_digit_tok(d, &d->tok[e + 1]))
			return 1;
	}
	if (nm->digits_only && nm->ndigits >= 3 && d->text[nm->start] == '0')
		return 1;       /* phone numbers and codes: "030" */
	if (nm->digits_only && nm->ndigits == 4 && nm->value >= 1900 && nm->value <= 2100 &&
	    !has_unit && !nm->scaled)
		return 1;       /* years are dates; a count after a year needs no year context */
	return 0;
}

struct cand {
	struct num nm;
	uint32_t s, e;          /* tokens of the whole figure [s, e) */
	uint32_t start, end;    /* bytes */
	uint8_t kind, has;
	uint8_t pre;            /* read_bare: a currency stood before the number ("$2.5") */
	char currency[4];
	const char *unit;
	uint32_t counted;       /* token of the counted noun, or UINT32_MAX */
};

static uint32_t qual_start(const struct figdata *f, const struct doc *d, uint32_t s);

/* A currency code glued before the digits: "USD3.14", "RM42", "Rs20" (the
 * tokenizer keeps "USD3" in one token and splits the decimals off). */
static int glued_code(const struct figdata *f, struct doc *d, uint32_t i, struct cand *c)
{
	const struct tok *t = &d->tok[i];
	if (!(t->flags & TOK_WORD) || !(t->flags & TOK_ALNUM))
		return 0;
	const char *s = d->text + t->start;
	size_t n = tok_len(t), l = 0;
	while (l < n && ((s[l] >= 'A' && s[l] <= 'Z') || (s[l] >= 'a' && s[l] <= 'z')))
		l++;
	if (l < 2 || l > 3 || l == n || n - l > 12 || !(s[0] >= 'A' && s[0] <= 'Z'))
		return 0;
	for (size_t j = l; j < n; j++)
		if (s[j] < '0' || s[j] > '9')
			return 0;
	char key[8], num[40];
	size_t kl = utf8_fold(s, l, key + 1);
	const struct unitw *u = unit_get(f, key + 1, kl);
	uint32_t first = i;
	/* "$US80", "$A120": the dollar sign, then the country letters glued
	 * to the digits (unit "$us", "$a") */
	if (i > 0 && !(t->flags & TOK_SPACE) && tok_is(d, &d->tok[i - 1], "$")) {
		key[0] = '$';
		const struct unitw *u2 = unit_get(f, key, kl + 1);
		if (u2) {
			u = u2;
			first = i - 1;
		}
	}
	if (!u || !u->pre || u->kind != FK_MONEY)
		return 0;
	size_t nl = n - l;
	memcpy(num, s + l, nl);
	uint32_t e = i + 1, end = t->end;
	double scale = 1;
	char sep = d->lang == NERD_LANG_EN ? '.' : ',';
	if (i + 2 < d->ntok && tok_is(d, &d->tok[i + 1], sep == '.' ? "." : ",") &&
	    !(d->tok[i + 1].flags & TOK_SPACE) && !(d->tok[i + 2].flags & TOK_SPACE) &&
	    is_digit_tok(d, &d->tok[i + 2]) && tok_len(&d->tok[i + 2]) <= 12) {
		const char *q = d->text + d->tok[i + 2].start;
		size_t ql = tok_len(&d->tok[i + 2]), j;
		for (j = 0; j < ql && q[j] >= '0' && q[j] <= '9'; j++)
			;
		if (j < ql && !glued_scale(f, q + j, ql - j, d->lang, 1, &scale))
			return 0;       /* "USD3.5xy": not a sum we can read */
		num[nl++] = '.';
		memcpy(num + nl, q, j);
		nl += j;
		e = i + 3;
		end = d->tok[i + 2].end;
	} else if (i + 1 < d->ntok && !(d->tok[i + 1].flags & TOK_SPACE) &&
		   (tok_is(d, &d->tok[i + 1], ".") || tok_is(d, &d->tok[i + 1], ",")) &&
		   i + 2 < d->ntok && !(d->tok[i + 2].flags & TOK_SPACE) &&
		   !(d->tok[i + 2].flags & TOK_PUNCT))
		return 0;       /* "EUR1,5" in English, "USD3.x": no guess */
	num[nl] = 0;
	double v = strtod(num, NULL) * scale;
	/* "USD3.5 billion" */
	const struct numw *w;
	if (scale == 1 && e < d->ntok && !(d->tok[e].flags & TOK_NL) &&
	    (w = num_word(f, d, &d->tok[e])) && w->cls == NC_SCALE) {
		v *= w->v;
		end = d->tok[e].end;
		e++;
	}
	memset(c, 0, sizeof(*c));
	c->counted = UINT32_MAX;
	c->kind = FK_MONEY;
	memcpy(c->currency, u->code, 4);
	c->nm.value = v * u->factor;
	c->nm.raw = strtod(num, NULL);
	c->nm.scaled = v != c->nm.raw;
	c->nm.has_digits = 1;
	c->nm.t0 = first;
	c->nm.t1 = e;
	c->nm.start = d->tok[first].start;
	c->nm.end = end;
	c->s = first;
	c->e = e;
	c->start = d->tok[first].start;
	c->end = end;
	return 1;
}

/* English "a" before a unit is one of it ("it costs a dollar", "a kilogram
 * and a half") when no figure stands before it ("$62 a barrel": "a" is
 * "per") and the unit ends its phrase ("a dollar store", "a euro zone" are
 * no figures, nor is "the price of a gallon of gasoline"): punctuation, the
 * text's end or a function word other than "of" follows. */
static int en_one_unit(const struct figdata *f, const struct doc *d, uint32_t i, uint32_t k)
{
	static const char *const next_ok[] = {"and", "or", "a", "an", "per", "for", "in", "on",
					      "at", "to", "each", "apiece", "the", "more", "less",
					      "but", NULL};
	uint32_t ue, ueb;
	const struct unitw *u = unit_at2(f, d, k, &ue, &ueb);
	if (!u || u->kind == FK_PERCENT || ueb != d->tok[ue - 1].end)
		return 0;
	if (i > 0 && !(d->tok[i].flags & TOK_NL)) {
		const struct tok *p = &d->tok[i - 1];
		unsigned char last = (unsigned char)d->text[p->end - 1];
		if ((last >= '0' && last <= '9') || unit_get(f, p->key, p->keylen) ||
		    num_word(f, d, p))
			return 0;
	}
	if (ue >= d->ntok || (d->tok[ue].flags & TOK_NL) || (d->tok[ue].flags & TOK_PUNCT))
		return 1;
	for (int j = 0; next_ok[j]; j++)
		if (tok_key_is(&d->tok[ue], next_ok[j]))
			return 1;
	return 0;
}

/* Tries to read a figure at token i; fills c.  Returns 1 on success. */
static int read_figure(const struct figdata *f, struct doc *d, uint32_t i, struct cand *c)
{
	if (glued_code(f, d, i, c))
		return 1;
	memset(c, 0, sizeof(*c));
	c->counted = UINT32_MAX;
	const struct unitw *pre = NULL;
	uint32_t ni = i, pe;
	/* A currency symbol or code before the number: "$2bn", "€ 15", "USD 5" */
	const struct unitw *u0 = unit_at(f, d, i, &pe);
	if (u0 && u0->pre && u0->kind == FK_MONEY && pe < d->ntok &&
	    !(d->tok[pe].flags & TOK_NL) && (is_digit_tok(d, &d->tok[pe]) ||
					      (d->tok[pe].flags & TOK_WORD))) {
		pre = u0;
		ni = pe;
	}
	/* a sign: "-1200000", "minus 5 Grad" */
	int neg = 0;
	if (!pre && ni + 1 < d->ntok) {
		const struct tok *t = &d->tok[ni];
		const struct numw *w = num_word(f, d, t);
		int dash = tok_len(t) == 1 && d->text[t->start] == '-' &&
			   !(d->tok[ni + 1].flags & TOK_SPACE) &&
			   (is_digit_tok(d, &d->tok[ni + 1]) ||
			    (tok_is(d, &d->tok[ni + 1], ",") && ni + 2 < d->ntok &&
			     is_digit_tok(d, &d->tok[ni + 2])));
		int dash2 = tok_len(t) == 1 && d->text[t->start] == '-' && i == 0;
		/* a spaced minus right after a preposition or a colon, where no
		 * dash opens an aside: "bei - 3 Grad", "Saldo: - 1,2 Mio. Euro" */
		if (!dash && !dash2 && tok_len(t) == 1 && d->text[t->start] == '-' && ni > 0 &&
		    is_digit_tok(d, &d->tok[ni + 1]) &&
		    (((word_cls(f, &d->tok[ni - 1]) & WC_PREP) && !tok_key_is(&d->tok[ni - 1], "mit") &&
		      !tok_key_is(&d->tok[ni - 1], "ohne")) || tok_is(d, &d->tok[ni - 1], ":")))
			dash2 = 1;
		if ((w && w->cls == NC_MINUS) || dash || dash2) {
			if (ni > 0 && !dash2 && !(t->flags & TOK_SPACE) && !(w && w->cls == NC_MINUS))
				return 0;
			neg = 1;
			ni++;
		}
	}
	/* a decimal comma without the zero: ",77", "-,0012G" (German); ".75"
	 * (English) */
	int frac0 = 0;
	if (d->lang == NERD_LANG_DE && ni + 1 < d->ntok && tok_is(d, &d->tok[ni], ",") &&
	    !(d->tok[ni + 1].flags & TOK_SPACE) && is_digit_tok(d, &d->tok[ni + 1]) &&
	    (ni == 0 || (d->tok[ni].flags & TOK_SPACE) || neg)) {
		frac0 = 1;
		ni++;
	} else if (d->lang == NERD_LANG_EN && ni + 1 < d->ntok && tok_is(d, &d->tok[ni], ".") &&
		   !(d->tok[ni + 1].flags & TOK_SPACE) && is_digit_tok(d, &d->tok[ni + 1]) &&
		   (ni == 0 || (d->tok[ni].flags & TOK_SPACE) || neg)) {
		frac0 = 1;      /* ".75 cups" */
		ni++;
	} else if (tok_is(d, &d->tok[ni], ","))
		return 0;
	if (!parse_number(f, d, ni, pre != NULL, &c->nm))
		return 0;
	if (frac0) {
		const char *ds = d->text + c->nm.start;
		if (!c->nm.numlen || memchr(ds, '.', (size_t)c->nm.numlen) ||
		    memchr(ds, ',', (size_t)c->nm.numlen))
			return 0;
		double q = pow(10, -c->nm.numlen);
		c->nm.value *= q;
		c->nm.raw *= q;
		c->nm.start = d->tok[ni - 1].start;
	}
	/* a proper fraction before a unit: "3/4 cup", "1/2 mile" */
	uint32_t sl = c->nm.t1;
	if (c->nm.digits_only && !pre && !neg && !frac0 && sl + 2 < d->ntok &&
	    tok_is(d, &d->tok[sl], "/") && !(d->tok[sl].flags & TOK_SPACE) &&
	    !(d->tok[sl + 1].flags & TOK_SPACE) && (d->tok[sl + 1].flags & TOK_NUM)) {
		const struct tok *dt = &d->tok[sl + 1];
		double den;
		uint32_t ue, ueb;
		const struct unitw *u1;
		if (!memchr(d->text + dt->start, '.', tok_len(dt)) &&
		    !memchr(d->text + dt->start, ',', tok_len(dt)) &&
		    parse_digits(d->text + dt->start, tok_len(dt), d->lang, &den) &&
		    den > c->nm.value && c->nm.value > 0 &&
		    (u1 = unit_at2(f, d, sl + 2, &ue, &ueb)) && u1->kind == FK_QUANTITY) {
			c->nm.value /= den;
			c->nm.raw = c->nm.value;
			c->nm.digits_only = 0;
			c->nm.t1 = sl + 2;
			c->nm.end = dt->end;
		}
	}
	if (pre && (c->nm.only_one || c->nm.vague))
		return 0;
	if (d->lang == NERD_LANG_EN && c->nm.only_one && !en_one_unit(f, d, i, c->nm.t1))
		return 0;       /* "$62 a barrel" ("a" is "per"), "a euro you invest" */
	if (d->lang == NERD_LANG_EN && c->nm.frac &&
	    (c->nm.t1 >= d->ntok || !(tok_key_is(&d->tok[c->nm.t1], "of") ||
				       (d->tok[c->nm.t1].flags & TOK_PUNCT))) &&
	    d->tok[c->nm.t1 - 1].key[d->tok[c->nm.t1 - 1].keylen - 1] != 's')
		return 0;       /* "a third term" */
	if (neg)
		c->nm.value = -c->nm.value, c->nm.raw = -c->nm.raw;
	c->s = i;
	c->start = d->tok[i].start;
	uint32_t k = c->nm.t1;
	const struct unitw *u = c->nm.glued;
	uint32_t ue = k, ueb = 0;
	if (!u && !pre && k < d->ntok && !(d->tok[k].flags & TOK_NL))
		u = unit_at2(f, d, k, &ue, &ueb);
	/* "half a litre", "half a million dollars" is read elsewhere */
	if (!u && !pre && c->nm.half && d->lang == NERD_LANG_EN && k + 1 < d->ntok &&
	    (tok_key_is(&d->tok[k], "a") || tok_key_is(&d->tok[k], "an")) &&
	    !(d->tok[k + 1].flags & TOK_NL) && (u = unit_at2(f, d, k + 1, &ue, &ueb)) &&
	    u->kind != FK_QUANTITY)
		u = NULL;
	if (u && u->kind == FK_QUANTITY && u->unit && !strcmp(u->unit, "in") && c->nm.vague)
		u = NULL;
	if (pre) {
		c->kind = FK_MONEY;
		memcpy(c->currency, pre->code, 4);
		c->nm.value *= pre->factor;
		c->e = k;
		c->end = c->nm.glued_end ? c->nm.glued_end : c->nm.end;
	} else if (u) {
		c->kind = u->kind;
		if (u->kind == FK_MONEY)
			memcpy(c->currency, u->code, 4);
		c->unit = u->unit;
		if (u->factor != 1) {
			c->nm.value *= u->factor;
			if (u->kind == FK_PERCENT)
				c->nm.value = round(c->nm.value * 1e6) / 1e6;
		}
		if (c->nm.glued) {
			c->e = k;
			c->end = c->nm.glued_end;
		} else {
			c->e = ue;
			c->end = ueb;
		}
		/* "110 Liter pro Quadratmeter" -> "l/m²" */
		uint32_t pe2;
		const char *per;
		if (u->kind == FK_QUANTITY && u->unit && c->end == d->tok[c->e - 1].end &&
		    (per = per_at(f, d, c->e, &pe2))) {
			size_t l1 = strlen(u->unit), l2 = strlen(per);
			char *nu = arena_alloc(d->ar, l1 + l2 + 2);
			memcpy(nu, u->unit, l1);
			nu[l1] = '/';
			memcpy(nu + l1 + 1, per, l2 + 1);
			c->unit = nu;
			c->e = pe2;
			c->end = d->tok[pe2 - 1].end;
		}
		/* "Euro" a second time after a symbol: "15 € Euro" -- no */
	} else if (c->nm.frac && c->nm.t1 - c->nm.t0 >= 2) {
		/* "zwei Drittel", "ein Viertel" */
		c->kind = FK_PERCENT;
		c->nm.value = round(c->nm.value * 10000) / 100;
		c->e = k;
		c->end = c->nm.end;
	} else if (!c->nm.only_one && !c->nm.half) {
		int64_t cn = count_noun(f, d, k);
		if (cn < 0 && c->nm.scaled && c->nm.value >= 1e6 && k < d->ntok &&
		    !(d->tok[k].flags & TOK_NL) &&
		    (tok_key_is(&d->tok[k], "of") || tok_key_is(&d->tok[k], "der"))) {
			/* a part of a whole: "59 million of the state's voters",
			 * "zwei Millionen der Einwohner" -- a count, the noun far off */
			c->kind = FK_COUNT;
			c->e = k;
			c->end = c->nm.end;
			goto counted;
		}
		if (cn < 0)
			return 0;
		/* "ein" counts nothing; a one-word number before a capitalised
		 * word at a headline start is still a count */
		/* a number right after a name or noun names a thing: "iPhone 17
		 * Pro", "Tempo 30 Zone", "A 7 Richtung Hamburg" */
		if (d->lang == NERD_LANG_DE && i > 0 && !(d->tok[i].flags & TOK_NL)) {
			const struct tok *p = &d->tok[i - 1];
			int inner_cap = 0;       /* "iPhone", "McLaren" */
			for (uint32_t b = p->start + 1; b < p->end && !inner_cap; b++)
				inner_cap = d->text[b] >= 'A' && d->text[b] <= 'Z';
			if ((p->flags & TOK_WORD) && ((p->flags & (TOK_ALNUM | TOK_UPPER)) || inner_cap ||
						      (tok_len(p) == 1 && (p->flags & TOK_CAP))) &&
			    qual_start(f, d, i) == i)
				return 0;
		}
		c->kind = FK_COUNT;
		c->counted = (uint32_t)cn;
		c->e = (uint32_t)cn + 1;
		c->end = d->tok[cn].end;
	} else
		return 0;
counted:
	/* "2 Grad unter null", "5 degrees below zero" */
	if (c->kind == FK_QUANTITY && c->unit && strstr(c->unit, "Grad") && c->nm.value > 0 &&
	    c->e + 1 < d->ntok && !(d->tok[c->e].flags & TOK_NL) &&
	    ((tok_key_is(&d->tok[c->e], "unter") && tok_key_is(&d->tok[c->e + 1], "null")) ||
	     (tok_key_is(&d->tok[c->e], "below") && tok_key_is(&d->tok[c->e + 1], "zero")))) {
		c->nm.value = -c->nm.value;
		c->end = d->tok[c->e + 1].end;
		c->e += 2;
	}
	if (not_a_figure(f, d, &c->nm, 1))
		return 0;
	/* a year before a noun needs no count: "2019 Präsident" after a year word */
	if (c->kind == FK_COUNT && c->nm.digits_only && c->nm.ndigits == 4 && i > 0 &&
	    (word_cls(f, &d->tok[i - 1]) & WC_YEARCTX))
		return 0;
	return 1;
}

/* v rounded to 15 significant digits (printed with "%.15g" and read
 * back): no "0.30000000000000004" from a scale or factor in the output.
 * Most values are whole or have a few decimals: when v is the double
 * nearest to n / 10^k for a whole n below 10^15, that decimal has at most
 * 15 significant digits, so "%.15g" prints it (DBL_DIG is 15) and strtod
 * gives v back -- no printing needed. */
static double round15(double v)
{
	static const double p10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};
	for (size_t k = 0; k < ARRAY_LEN(p10); k++) {
		double x = v * p10[k];
		if (!(fabs(x) < 1e15))
			break;
		if (round(x) / p10[k] == v)
			return v;
	}
	char buf[32];
	snprintf(buf, sizeof(buf), "%.15g", v);
	return strtod(buf, NULL);
}

static struct figure *push_cand(struct doc *d, const struct cand *c)
{
	struct figure *fg = DOC_PUSH(d, fig);
	fg->start = c->start;
	fg->end = c->end;
	fg->kind = c->kind;
	fg->value = round15(c->nm.value);
	memcpy(fg->currency, c->currency, 4);
	fg->unit = c->unit;
	if (c->counted != UINT32_MAX)
		fg->counted = tok_dup(d, c->counted);
	if (c->nm.vague)
		fg->approx = 1;
	fg->equivalent = -1;
	fg->range = -1;
	return fg;
}

/* The first number of a range: "5" in "5 bis 7 Prozent" -- a bare number
 * that takes the unit of the second. */
static int read_bare(const struct figdata *f, struct doc *d, uint32_t i, struct cand *c)
{
	memset(c, 0, sizeof(*c));
	c->counted = UINT32_MAX;
	/* a currency before it: "$2.5" of "$2.5-3bn", "zwischen CHF 2 und 3" */
	uint32_t pe;
	const struct unitw *u0 = unit_at(f, d, i, &pe);
	if (u0 && u0->pre && u0->kind == FK_MONEY && pe < d->ntok && is_digit_tok(d, &d->tok[pe]) &&
	    !(d->tok[pe].flags & TOK_NL)) {
		if (!parse_number(f, d, pe, 1, &c->nm) || c->nm.glued)
			return 0;
		c->kind = FK_MONEY;
		memcpy(c->currency, u0->code, 4);
		c->unit = u0->unit;
		c->nm.value *= u0->factor;
		c->has = c->pre = 1;
		c->s = i;
		c->e = c->nm.t1;
		c->start = d->tok[i].start;
		c->end = c->nm.end;
		return 1;
	}
	if (!parse_number(f, d, i, 0, &c->nm) || c->nm.only_one || c->nm.vague)
		return 0;
	if (c->nm.glued && c->nm.glued_end != c->nm.end) {
		/* "3km bis 5km": the first has its own unit */
		c->unit = c->nm.glued->unit;
		c->kind = c->nm.glued->kind;
		memcpy(c->currency, c->nm.glued->code, 4);
		c->has = 1;
	}
	c->s = i;
	c->e = c->nm.t1;
	c->start = c->nm.start;
	c->end = c->has ? c->nm.glued_end : c->nm.end;
	/* "zwischen 2,0 l und 7,0 l": the first has its own unit */
	uint32_t ue;
	const struct unitw *u;
	if (!c->has && !c->nm.glued && (u = unit_at(f, d, c->e, &ue))) {
		c->unit = u->unit;
		c->kind = u->kind;
		memcpy(c->currency, u->code, 4);
		c->has = 1;
		c->e = ue;
		c->end = d->tok[ue - 1].end;
	}
	return 1;
}

/* A whole number of minor units (1-99 hundredths) at token k after a major
 * amount: "43 cents", "43c", "1 pence". */
static int is_minor(const struct figdata *f, struct doc *d, uint32_t k, struct cand *b)
{
	/* "43c" (a lower-case c only here: "25C" alone is Celsius) */
	const struct tok *t = &d->tok[k];
	const char *s = d->text + t->start;
	size_t n = tok_len(t);
	if ((t->flags & TOK_ALNUM) && (n == 2 || n == 3) && s[n - 1] == 'c' && s[0] >= '1' &&
	    s[0] <= '9' && (n == 2 || (s[1] >= '0' && s[1] <= '9'))) {
		memset(b, 0, sizeof(*b));
		b->nm.raw = (double)strtol(s, NULL, 10);
		b->nm.value = b->nm.raw / 100;
		b->kind = FK_MONEY;
		b->s = k;
		b->e = k + 1;
		b->start = t->start;
		b->end = t->end;
		return 1;
	}
	if (!read_figure(f, d, k, b) || b->kind != FK_MONEY || b->nm.raw < 1 || b->nm.raw >= 100 ||
	    b->nm.raw != floor(b->nm.raw))
		return 0;
	return fabs(b->nm.value * 100 - b->nm.raw) < 1e-9;
}

/* The cents of a whole major amount said without their unit, as prices are
 * spoken: a whole number 1-99 at token k that ends the clause ("$20 43.",
 * "twenty dollars and 43", "3 GBP and one"); never before a noun, a unit or
 * more digits. */
static int bare_minor(const struct figdata *f, struct doc *d, const struct cand *a, uint32_t k,
		      struct num *nm)
{
	if (a->nm.value != floor(a->nm.value) || a->nm.value <= 0 || a->unit)
		return 0;
	if (!parse_number(f, d, k, 0, nm) || nm->only_one || nm->vague || nm->frac ||
	    nm->half || nm->scaled || nm->glued || nm->value < 1 || nm->value >= 100 ||
	    nm->value != floor(nm->value) || (nm->has_digits && !nm->digits_only))
		return 0;
	if (nm->t1 < d->ntok && !(d->tok[nm->t1].flags & TOK_NL)) {
		const struct tok *u = &d->tok[nm->t1];
		if (tok_len(u) != 1 || !strchr(".,;:!?)", d->text[u->start]))
			return 0;
	}
	return 1;
}

/* Do two candidates measure in the same kind, currency and unit? */
static int same_unit(const struct cand *a, const struct cand *b)
{
	if (a->kind != b->kind || memcmp(a->currency, b->currency, 4))
		return 0;
	if (!a->unit || !b->unit)
		return a->unit == b->unit;
	return !strcmp(a->unit, b->unit);
}

/* Range connectors after a bare number: "bis", "und" (after "zwischen"),
 * dashes, "to". Returns the token after the connector or 0. */
static uint32_t range_conn(const struct doc *d, uint32_t k, int zwischen)
{
	if (k >= d->ntok || (d->tok[k].flags & TOK_NL))
		return 0;
	const struct tok *t = &d->tok[k];
	if (tok_key_is(t, "bis") || tok_key_is(t, "to") || tok_is(d, t, "–") || tok_is(d, t, "—") ||
	    tok_is(d, t, "-"))
		return k + 1;
	if (zwischen && (tok_key_is(t, "und") || tok_key_is(t, "and")))
		return k + 1;
	return 0;
}

/* A token like "5-7" or "3km-5km": two numbers joined by a hyphen; a
 * currency may stand before it ("$2-3bn", "CHF 350-540"), a scale word
 * glued to its second number or after it applies to both ("5-7 Millionen
 * Euro", "$2-3bn"). */
static int split_hyphen(const struct figdata *f, struct doc *d, uint32_t i, struct cand *a,
			struct cand *b)
{
	const struct unitw *pre = NULL;
	uint32_t first = i, pe;
	if (!(d->tok[i].flags & TOK_HYPHEN) || !is_digit_tok(d, &d->tok[i])) {
		pre = unit_at(f, d, i, &pe);
		if (!pre || !pre->pre || pre->kind != FK_MONEY || pe >= d->ntok ||
		    (d->tok[pe].flags & TOK_NL))
			return 0;
		i = pe;
	}
	const struct tok *t = &d->tok[i];
	if (!(t->flags & TOK_HYPHEN) || !is_digit_tok(d, t))
		return 0;
	const char *s = d->text + t->start;
	size_t n = tok_len(t);
	/* the tokenizer ends "900-1.200" after "900-1": the thousands groups
	 * glued to it belong to the second number */
	uint32_t tl = i + 1;
	while (tl + 1 < d->ntok && !(d->tok[tl].flags & TOK_SPACE) &&
	       !(d->tok[tl + 1].flags & TOK_SPACE) && tok_len(&d->tok[tl]) == 1 &&
	       (d->text[d->tok[tl].start] == '.' || d->text[d->tok[tl].start] == ',') &&
	       is_digit_tok(d, &d->tok[tl + 1]) && !(d->tok[tl + 1].flags & TOK_HYPHEN)) {
		n = d->tok[tl + 1].end - t->start;
		tl += 2;
	}
	const char *dash = memchr(s, '-', n);
	if (!dash || memchr(dash + 1, '-', n - (size_t)(dash + 1 - s)))
		return 0;
	/* each side: digits, optionally a glued unit (or, on the second, a
	 * glued scale: "3bn") */
	struct {
		const char *p;
		size_t n;
	} side[2] = {{s, (size_t)(dash - s)}, {dash + 1, n - (size_t)(dash + 1 - s)}};
	double v[2], scale = 1;
	const struct unitw *u[2] = {NULL, NULL};
	size_t dl[2];
	for (int j = 0; j < 2; j++) {
		size_t m = 0;
		while (m < side[j].n && (strchr("0123456789.,", side[j].p[m])))
			m++;
		if (!m || !parse_digits(side[j].p, m, d->lang, &v[j]))
			return 0;
		dl[j] = m;
		if (m < side[j].n) {
			char key[64];
			if (side[j].n - m >= 30)
				return 0;
			if (j == 1 && pre &&
			    glued_scale(f, side[j].p + m, side[j].n - m, d->lang, 1, &scale))
				continue;
			size_t kl = utf8_fold(side[j].p + m, side[j].n - m, key);
			if (!(u[j] = unit_get(f, key, kl)))
				return 0;
		}
	}
	if (side[0].n == 4 && side[1].n <= 4 && !u[0] && !u[1] && v[0] >= 1900 && v[0] <= 2100)
		return 0;       /* "2024-25" is a season */
	uint32_t e = tl;
	/* a scale word after it: "5-7 Millionen Euro", "CHF 2-3 Mio." */
	if (scale == 1 && !u[1] && e < d->ntok && !(d->tok[e].flags & TOK_NL)) {
		const struct numw *w = num_word(f, d, &d->tok[e]);
		if (w && (w->cls == NC_SCALE || w->cls == NC_THOUSAND) && w->v >= 1000) {
			scale = w->v;
			e++;
		}
	}
	const struct unitw *uu = pre ? pre : u[1];
	if (!uu) {
		uu = e < d->ntok ? unit_at(f, d, e, &e) : NULL;
		if (!uu)
			return 0;
	}
	memset(a, 0, sizeof(*a));
	memset(b, 0, sizeof(*b));
	a->counted = b->counted = UINT32_MAX;
	a->kind = b->kind = uu->kind;
	a->unit = b->unit = uu->unit;
	memcpy(a->currency, uu->code, 4);
	memcpy(b->currency, uu->code, 4);
	a->nm.value = v[0] * scale * uu->factor;
	b->nm.value = v[1] * scale * uu->factor;
	a->nm.scaled = b->nm.scaled = scale != 1;
	a->s = b->s = first;
	a->e = tl;
	b->e = e;
	a->start = d->tok[first].start;
	a->end = t->start + (uint32_t)(u[0] ? side[0].n : dl[0]);
	b->start = (uint32_t)(dash + 1 - d->text);
	b->end = u[1] || e == tl ? t->start + (uint32_t)n : d->tok[e - 1].end;
	a->nm.t0 = b->nm.t0 = first;
	a->nm.t1 = b->nm.t1 = tl;
	return 1;
}

/* The second end of a range whose first has a currency before it ("$2.5"
 * of "$2.5-3bn", "between $2 and 3 million"): a number at token k without a
 * unit of its own takes the currency; its scale word applies to the first
 * end as well when that has none ("$2.5-3bn" = 2.5bn to 3bn). */
static int range_tail(const struct figdata *f, struct doc *d, uint32_t k, struct cand *a,
		      struct cand *b)
{
	uint32_t ue;
	memset(b, 0, sizeof(*b));
	b->counted = UINT32_MAX;
	if (k >= d->ntok || !is_digit_tok(d, &d->tok[k]) || !parse_number(f, d, k, 1, &b->nm) ||
	    b->nm.glued || b->nm.only_one || b->nm.vague ||
	    (b->nm.t1 < d->ntok && unit_at(f, d, b->nm.t1, &ue)))
		return 0;
	b->kind = a->kind;
	b->unit = a->unit;
	memcpy(b->currency, a->currency, 4);
	b->s = k;
	b->e = b->nm.t1;
	b->start = b->nm.start;
	b->end = b->nm.end;
	if (b->nm.scaled && !a->nm.scaled && b->nm.raw > 0 && a->nm.value < b->nm.raw) {
		a->nm.value *= b->nm.value / b->nm.raw;
		a->nm.scaled = 1;
	}
	return 1;
}

/* num_kinds of token t's number word (num_word), *isnum 1 when it is one;
 * from its mask m when known, without a lookup. */
static unsigned num_tok_kinds(const struct figdata *f, const struct doc *d, const struct tok *t,
			      uint64_t m, int *isnum)
{
	int lang = d->lang;
	if (m == ~0ull) {
		const struct numw *w = num_word(f, d, t);
		*isnum = w != NULL;
		return w ? num_kinds(w->cls) : 0;
	}
	/* num_word's conditions, then the bits */
	*isnum = (t->flags & TOK_WORD) && t->keylen <= 200 && (m >> f->l_num[lang] & 1);
	if (!*isnum)
		return 0;
	return (unsigned)((m >> f->l_nk[lang][NK_ONE] & 1) << NK_ONE |
			  (m >> f->l_nk[lang][NK_NOSTART] & 1) << NK_NOSTART |
			  (m >> f->l_nk[lang][NK_GROW] & 1) << NK_GROW);
}

/* 0 when no unit can start at token t of the document (unit_at2 finds
 * none): no unit begins with its first byte, nor with its key (or the key
 * of an abbreviation without its dot). */
__attribute__((always_inline))
static inline int unit_may_start(const struct figdata *f, const struct tok *t)
{
	if (!t->keylen)
		return 1;
	if (!bit_has(f->unit0, (unsigned char)t->key[0]))
		return 0;
	return (t->flags & TOK_ABBR) ||
	       (unitp_word(f, t) && tok_begins(f, f->l_unit, f->l_unitp, t));
}

/* Token t's mask for the bits may_start reads of it (number words,
 * units): 0 without a lookup when startw says it holds none. */
static inline uint64_t start_mask(const struct figdata *f, const struct tok *t)
{
	return start_word(f, t) ? tok_mask(f, t) : 0;
}

/* The cheap skip of fig_run: 0 when no figure can start at token i, judged
 * from the token (and for a sign or a decimal comma the next one), so that
 * the ordinary words and punctuation that make up most of a text never go
 * through split_hyphen, read_bare and read_figure.  A figure starts with a
 * digit, a number word, a unit or currency, a sign, or a decimal comma
 * without its zero; each test below mirrors where those readers would
 * give up on the token. */
/* word_may_start of a German word that a morpheme may begin and end (out
 * of line: the few words that get here). */
__attribute__((noinline))
static int compound_may_start(const struct figdata *f, const struct tok *t)
{
	struct acc a;
	acc_init(&a);
	return parse_compound(f, t->key, t->keylen, &a, NERD_LANG_DE) || unit_may_start(f, t);
}

/* may_start of a word (letters) at i that is no number word of its
 * language and no unit: a German compound number ("zweihundertfünfzig",
 * read once here instead of by read_bare and read_figure each), a
 * currency before its number, an English "twenty-six". */
__attribute__((always_inline))
static inline int word_may_start(const struct figdata *f, const struct doc *d, uint32_t i)
{
	const struct tok *t = &d->tok[i];
	if (d->lang == NERD_LANG_DE)
		return t->keylen >= 4 && may_compound(f, t->key, t->keylen) &&
		       (morph_at(f, t->key, t->keylen) && morph_end(f, t->key, t->keylen) ?
			compound_may_start(f, t) : unit_may_start(f, t));
	if (d->lang != NERD_LANG_EN || !(t->flags & TOK_HYPHEN))
		return 0;
	const char *dash = memchr(t->key, '-', t->keylen);
	return dash && num_get(f, d->lang, t->key, (size_t)(dash - t->key));
}

static int may_start(const struct figdata *f, const struct doc *d, uint32_t i, uint64_t numbit,
		     uint64_t unitbit)
{
	const struct tok *t = &d->tok[i];
	/* most tokens: a word of letters only that is no number word nor
	 * unit (its mask would hold none of those bits) */
	if ((t->flags & (TOK_WORD | TOK_ALNUM | TOK_ORD | TOK_QUOTE | TOK_PUNCT)) == TOK_WORD &&
	    t->keylen && !start_word(f, t))
		return word_may_start(f, d, i);
	if (t->flags & (TOK_ORD | TOK_QUOTE))
		return 0;
	if (t->flags & TOK_PUNCT) {
		unsigned char c0 = (unsigned char)d->text[t->start];
		if (c0 < 0x80 && c0 != '$' && c0 != '-' && c0 != ',' &&
		    (c0 != '.' || d->lang != NERD_LANG_EN))
			return 0;
		if (unit_may_start(f, t))
			return 1;       /* "$", "€" */
		/* ",77" (German), ".75" (English): read_figure's frac0 */
		if ((c0 == ',' && d->lang == NERD_LANG_DE) || (c0 == '.' && d->lang == NERD_LANG_EN))
			return tok_len(t) == 1 && i + 1 < d->ntok &&
			       !(d->tok[i + 1].flags & TOK_SPACE) && is_digit_tok(d, &d->tok[i + 1]) &&
			       (i == 0 || (t->flags & TOK_SPACE));
		/* a sign: "-5", "-,5", "bei - 3 Grad", a dash opening the text */
		if (c0 == '-')
			return tok_len(t) == 1 && i + 1 < d->ntok &&
			       (i == 0 || is_digit_tok(d, &d->tok[i + 1]) || tok_is(d, &d->tok[i + 1], ","));
		return 0;
	}
	if (!(t->flags & TOK_WORD) || (t->flags & TOK_ALNUM) || !t->keylen)
		return 1;
	/* a word that is no unit nor number word a number starts with (not in
	 * yesw: "und"), at which no compound number or "twenty-six"
	 * (word_may_start) nor unit can begin: 0 whatever its mask holds */
	if (!bit_has(f->yesw[d->lang], (unsigned)(t->hash >> 48)) &&
	    (d->lang == NERD_LANG_DE ? t->keylen < 4 || !may_compound(f, t->key, t->keylen)
				     : !(t->flags & TOK_HYPHEN)) &&
	    !(bit_has(f->unit0, (unsigned char)t->key[0]) &&
	      ((t->flags & TOK_ABBR) || unitp_word(f, t))))
		return 0;
	/* only words that can start a number or a currency (m: the token's
	 * mask; numbit, unitbit: the bits of its language's number words
	 * and of the units) */
	uint64_t m = start_mask(f, t);
	int isnum = 0;
	unsigned kinds = 0;
	if (m & numbit)        /* most words: no */
		kinds = num_tok_kinds(f, d, t, m, &isnum);
	if (kinds >> NK_ONE & 1) {
		/* "ein", "a" is a figure only before a unit or with more
		 * words: "eine Million", "ein Drittel", "ein Komma fünf" */
		if (unit_may_start(f, t))
			return 1;
		if (i + 1 >= d->ntok)
			return 0;
		int isnum2;
		unsigned k2 = num_tok_kinds(f, d, &d->tok[i + 1], start_mask(f, &d->tok[i + 1]),
					    &isnum2);
		return (k2 >> NK_GROW & 1) || unit_may_start(f, &d->tok[i + 1]);
	}
	if (isnum)      /* no number starts with "und", "Komma" or a suffix */
		return !(kinds >> NK_NOSTART & 1) || unit_may_start(f, t);
	if ((m & unitbit) && unit_tok(f, t))
		return 1;
	return word_may_start(f, d, i);
}

/* The first token from i on at which a figure may start (may_start), or
 * d->ntok.  A loop of its own, out of line: in the body of fig_run the
 * skip of the ordinary tokens kept reloading what it needs. */
__attribute__((noinline))
static uint32_t next_start(const struct figdata *f, const struct doc *d, uint32_t i)
{
	const uint64_t numbit = 1ull << f->l_num[d->lang], unitbit = 1ull << f->l_unit;
	/* a plain word that tok_run did not mark TOK_LEAD (fig_lead) is no
	 * number word nor unit, nor does word_may_start take it (an English
	 * word needs a hyphen for that): one test skips it */
	const uint32_t plain = TOK_WORD | TOK_ALNUM | TOK_ORD | TOK_QUOTE | TOK_PUNCT | TOK_LEAD |
			       (d->lang == NERD_LANG_EN ? TOK_HYPHEN : 0);
	const struct tok *t = d->tok + i, *e = d->tok + d->ntok;
	for (;; t++) {
		while (t < e && (t->flags & plain) == TOK_WORD)
			t++;
		if (t == e || may_start(f, d, (uint32_t)(t - d->tok), numbit, unitbit))
			return (uint32_t)(t - d->tok);
	}
}

void fig_run(const struct figdata *f, struct doc *d)
{
	if (!f || !d->ntok)
		return;
	fig_tm.m = arena_alloc(d->ar, sizeof(uint64_t) * d->ntok);
	fig_tm.known = arena_zalloc(d->ar, sizeof(uint64_t) * ((d->ntok + 63) / 64));
	fig_tm.t0 = d->tok;
	fig_tm.n = d->ntok;
	unit_memo_clear();
	number_memo_clear();
	fig_qual.s = UINT32_MAX;
	mark_mentions(d);
	uint32_t i = 0;
	int32_t last_money = -1;        /* for equivalents */
	uint32_t last_money_end = 0;
	while ((i = next_start(f, d, i)) < d->ntok) {
		const struct tok *t = &d->tok[i];
		struct cand a, b;
		int zw = i > 0 && (tok_key_is(&d->tok[i - 1], "zwischen") ||
				   tok_key_is(&d->tok[i - 1], "between"));
		/* "5-7 Prozent" in one token */
		if (split_hyphen(f, d, i, &a, &b)) {
			struct figure *fa = push_cand(d, &a);
			qualifier(f, d, i, fa);
			int32_t ia = (int32_t)d->nfig - 1;
			struct figure *fb = push_cand(d, &b);
			fb->range = ia;
			d->fig[ia].range = (int32_t)d->nfig - 1;
			find_of(f, d, &d->fig[ia], i, b.e);
			d->fig[d->nfig - 1].of = d->fig[ia].of;
			d->fig[d->nfig - 1].of_start = d->fig[ia].of_start;
			d->fig[d->nfig - 1].of_end = d->fig[ia].of_end;
			i = b.e;
			continue;
		}
		/* "zwischen 5 und 7 Prozent", "5 bis 7 Prozent", "von 3km bis 5km" */
		if (read_bare(f, d, i, &a)) {
			uint32_t k = range_conn(d, a.e, zw);
			/* "von 12,21 auf 12,71 Pfund": the first takes the unit, no range */
			int change = 0;
			if (!k && i > 0 && tok_key_is(&d->tok[i - 1], "von") && a.e < d->ntok &&
			    (tok_key_is(&d->tok[a.e], "auf") || tok_key_is(&d->tok[a.e], "to")))
				k = a.e + 1, change = 1;
			if (k && k < d->ntok) {
				/* "etwa 7,0 l", "ungefähr" inside the range */
				uint32_t k2 = k;
				while (k2 + 1 < d->ntok && k2 < k + 2 && qual_start(f, d, k2 + 1) <= k)
					k2++;
				if (k2 > k && !read_figure(f, d, k2, &b))
					k2 = k;
				int okb = read_figure(f, d, k2, &b) && (!a.has || same_unit(&a, &b));
				if (!okb && a.pre && range_tail(f, d, k2, &a, &b))
					okb = 1;        /* "$2.5-3bn": the currency of the first */
				if (okb) {
					if (!a.has) {
						a.kind = b.kind;
						a.unit = b.unit;
						memcpy(a.currency, b.currency, 4);
						/* "3 bis 4 Millionen": the scale too */
						if (b.nm.scaled && a.nm.value < b.nm.raw)
							a.nm.value *= b.nm.value / b.nm.raw;
						a.counted = b.counted;
					}
					/* a year range "2019 bis 2021" never gets here: no unit */
					if (!not_a_figure(f, d, &a.nm, 1) || a.nm.ndigits != 4) {
						struct figure *fa = push_cand(d, &a);
						qualifier(f, d, zw ? i - 1 : i, fa);
						int32_t ia = (int32_t)d->nfig - 1;
						struct figure *fb = push_cand(d, &b);
						if (k2 > k)
							qualifier(f, d, k2, fb);
						if (!change) {
							fb->range = ia;
							d->fig[ia].range = (int32_t)d->nfig - 1;
						}
						find_of(f, d, &d->fig[ia], zw ? i - 1 : i, b.e);
						d->fig[d->nfig - 1].of = d->fig[ia].of;
						d->fig[d->nfig - 1].of_start = d->fig[ia].of_start;
						d->fig[d->nfig - 1].of_end = d->fig[ia].of_end;
						i = b.e;
						continue;
					}
				}
			}
		}
		if (!read_figure(f, d, i, &a)) {
			/* a vague plural scale: "Millionen Menschen" */
			const struct numw *w = num_word(f, d, t);
			int64_t cn;
			if (w && w->cls == NC_SCALE && w->v >= 1e6 && t->key[t->keylen - 1] == 'n' &&
			    (cn = count_noun(f, d, i + 1)) >= 0) {
				memset(&a, 0, sizeof(a));
				a.kind = FK_COUNT;
				a.nm.value = w->v;
				a.nm.vague = 1;
				a.start = t->start;
				a.end = d->tok[cn].end;
				a.counted = (uint32_t)cn;
				a.s = i;
				a.e = (uint32_t)cn + 1;
				push_cand(d, &a);
				i = a.e;
				continue;
			}
			i++;
			continue;
		}
		/* a major amount and its minor units: "20 dollars and 43 cents",
		 * "3 GBP 1 pence", "$20 and 43c" */
		if (a.kind == FK_MONEY && a.e < d->ntok && !(d->tok[a.e].flags & TOK_NL)) {
			uint32_t k = a.e;
			if (tok_key_is(&d->tok[k], "and") || tok_key_is(&d->tok[k], "und"))
				k++;
			if (k < d->ntok && !(d->tok[k].flags & TOK_NL) && is_minor(f, d, k, &b)) {
				a.nm.value = round((a.nm.value + b.nm.value) * 100) / 100;
				a.end = b.end;
				a.e = b.e;
			} else if (k < d->ntok && !(d->tok[k].flags & TOK_NL) &&
				   bare_minor(f, d, &a, k, &b.nm)) {
				/* spoken prices: "twenty dollars 43", "$3 and fourteen" */
				a.nm.value = round((a.nm.value + b.nm.value / 100) * 100) / 100;
				a.end = b.nm.end;
				a.e = b.nm.t1;
			}
		}
		/* feet and inches: "6 feet 2 inches", "6 ft and 2 in" -> 74 in */
		if (a.kind == FK_QUANTITY && a.unit && !strcmp(a.unit, "ft") && a.e < d->ntok &&
		    !(d->tok[a.e].flags & TOK_NL) && a.nm.value == floor(a.nm.value)) {
			uint32_t k = a.e;
			if (tok_key_is(&d->tok[k], "and") || tok_is(d, &d->tok[k], ","))
				k++;
			if (k < d->ntok && !(d->tok[k].flags & TOK_NL) && read_figure(f, d, k, &b) &&
			    b.kind == FK_QUANTITY && b.unit && !strcmp(b.unit, "in") &&
			    b.nm.value >= 0 && b.nm.value < 12) {
				a.nm.value = a.nm.value * 12 + b.nm.value;
				a.unit = b.unit;
				a.end = b.end;
				a.e = b.e;
			}
		}
		struct figure *fg = push_cand(d, &a);
		qualifier(f, d, i, fg);
		qualifier_more(f, d, i, a.e, fg, a.counted);
		int32_t idx = (int32_t)d->nfig - 1;
		/* an equivalent: "550 Milliarden Dollar (rund 472 Milliarden Euro)" */
		if (fg->kind == FK_MONEY) {
			uint32_t q = qual_start(f, d, i);
			if (last_money >= 0 && q > 0 && tok_is(d, &d->tok[q - 1], "(") &&
			    doc_tok_at(d, last_money_end) == q - 1)
				fg->equivalent = last_money;
			last_money = idx;
			last_money_end = fg->end;
		}
		if (fg->equivalent < 0)
			find_of(f, d, &d->fig[idx], i, a.e);
		/* both ends with their unit: "from 10 dollars to 20 dollars",
		 * "between $10 and $20", "$10-$20" */
		uint32_t k = 0, k2 = 0;
		int linked = 0;
		if (d->fig[idx].kind != FK_COUNT && (k = range_conn(d, a.e, zw)) && k < d->ntok &&
		    !(d->tok[k].flags & TOK_NL)) {
			/* "between 2 kg and about 7 kg": a qualifier may open the second */
			for (k2 = k; k2 < k + 3 && k2 < d->ntok && !linked; k2++)
				linked = (k2 == k || qual_start(f, d, k2) == k) &&
					 read_figure(f, d, k2, &b) && same_unit(&a, &b);
			k2--;
		}
		if (linked) {
			struct figure *fb = push_cand(d, &b);
			if (k2 > k)
				qualifier(f, d, k2, fb);
			fb->range = idx;
			d->fig[idx].range = (int32_t)d->nfig - 1;
			fb->of = d->fig[idx].of;
			fb->of_start = d->fig[idx].of_start;
			fb->of_end = d->fig[idx].of_end;
			i = b.e;
			continue;
		}
		i = a.e > i ? a.e : i + 1;
	}
	/* English, a second look at neighbours: a range without a noun takes
	 * the one after its second end, and the old value after "from"
	 * measures what the new one does ("cut the rate to 14% from 16%") */
	for (uint32_t j = 1; d->lang == NERD_LANG_EN && j < d->nfig; j++) {
		struct figure *a0 = &d->fig[j - 1], *b0 = &d->fig[j];
		if (!b0->of && !a0->of && b0->range == (int32_t)j - 1 && a0->range == (int32_t)j) {
			/* a range: the noun after its second end ("its 2% to
			 * 3% target band") */
			uint32_t s = doc_tok_at(d, b0->start), e = s;
			while (e < d->ntok && d->tok[e].start < b0->end)
				e++;
			if (s < d->ntok && e > s) {
				find_of(f, d, b0, s, e);
				a0->of = b0->of;
				a0->of_start = b0->of_start;
				a0->of_end = b0->of_end;
			}
			continue;
		}
		if (b0->of || !a0->of || b0->start < a0->end || b0->start - a0->end != 6 ||
		    memcmp(d->text + a0->end, " from ", 6))
			continue;
		b0->of = a0->of;
		b0->of_start = a0->of_start;
		b0->of_end = a0->of_end;
	}
	fig_inment = NULL;
	fig_tm.m = NULL;
	fig_tm.n = 0;
}
