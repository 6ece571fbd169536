/* date.c -- calendar references resolved against the document date: weekdays
 * ("Dienstag", "Montagabend"), relative days ("gestern", "am Vortag"), months
 * ("im Juli", "Anfang Oktober"), weeks ("vergangene Woche" -> ISO week),
 * quarters and half-years, years, and full dates ("28. Oktober 2025",
 * "28.10.2025", "2025-10-28", "Jan. 27").  Spans hold no preposition or
 * article.  The vocabulary is data (DIR/date/words.tsv, see
 * gazetteers/date/README); numeric date shapes are matched with a PCRE2
 * pattern (JIT, per-thread match data) on digit tokens only.
 *
 * Resolution (a news past bias):
 *  - a weekday is the day within the window [doc-5, doc+1]: the same weekday
 *    is the document date, the day before is yesterday, the next day is
 *    tomorrow, the others lie in the last five days.  When the sentence
 *    speaks of the future (a future marker: wird, soll, will, wollte,
 *    kommende, ...) or "kommenden/nächsten" stands before it, the window is
 *    [doc, doc+6]; after "vergangenen/letzten" it is [doc-7, doc-1].
 *  - a month without a year is in the document's year unless it lies more
 *    than two months after the document month (then the year before); with
 *    a future marker a month before the document month is next year's.
 *  - quarters and half-years follow the same rule (a quarter more than one
 *    after the current one is last year's).
 *  - "vergangene/diese/kommende Woche" is the ISO week of doc-7/doc/doc+7.
 * A request with "bias": "future" (d->bias) reads every clause as a future
 * one, and a weekday (also "diesen Montag") is then the next one after the
 * document date, in [doc+1, doc+7]: calendars and Duckling's tests. */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <limits.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "date.h"
#include "doc.h"
#include "lex.h"
#include "pcre.h"
#include "nerd.h"
#include "tok.h"
#include "utf8.h"
#include "util.h"

enum dcls {
	DC_MONTH, DC_MONTHABBR, DC_WEEKDAY, DC_WEEKDAYABBR, DC_DAYPART, DC_RELDAY, DC_REL,
	DC_UNIT, DC_MOD, DC_ORDINAL, DC_FUTURE, DC_PREP, DC_DAYORD, DC_COUNT, DC_UNITDAY,
	DC_UNITMONTH, DC_N
};
static const char *const dcls_name[] = {
	"month", "monthabbr", "weekday", "weekdayabbr", "daypart", "relday", "rel",
	"unit", "mod", "ordinal", "future", "prep", "dayord", "count", "unitday",
	"unitmonth",
};

enum { U_WEEK = 1, U_MONTH, U_YEAR, U_QUARTER, U_HALF };

/* One dated holiday of a lunar or lunisolar calendar ("eid-al-fitr" on
 * 2018-06-15), for the holiday rule "table KEY N". */
struct caldate {
	char key[32];
	long day;               /* days since 1970-01-01 */
};

struct datedata {
	struct lex *x;
	int l[DC_N];
	int l_hol;              /* holidays.tsv: name -> rule */
	struct caldate *cal;    /* holidays-calendars.tsv, sorted by key, day */
	size_t ncal;
	uint64_t startmask;     /* the lists whose words begin a date themselves
				   (months, weekdays, ordinals, holidays ...);
				   ~0 when one has an id beyond the masks */
	uint64_t wdlens;        /* lex_lens of the weekdays */
	uint8_t wdlast[32];     /* bit set of the bytes a weekday ends with */
	/* bit sets by pre_hash: the first five bytes of the weekdays, and
	 * the first one, two and three bytes of the holidays */
	uint8_t wd5[8192], hol3[8192];
	/* by next_hash: every start of a holiday (hash_bytes of its first p
	 * bytes) with the byte after it */
	uint8_t holnext[8192];
	/* bit sets by the top 16 bits of hash_bytes: the start words (starts
	 * below), and every key of every list of x -- a token whose bit is
	 * clear is no start word / has the mask 0, without a probe */
	uint8_t startb[8192], anyb[8192];
	/* the same of the start words word_may_start may take (live_fill):
	 * of a list in startmask, the start of a holiday, "vor", "in", or a
	 * weekday compound's first five bytes; date_skip passes no other */
	uint8_t liveb[8192];
	uint8_t futb[8192];     /* the same of the future markers */
	uint8_t holb[8192];     /* the same of the holidays (l_hol) */
	/* by the top 12 bits of hash_bytes: bit c when a key of class c
	 * (dd->l[c]) has them -- dget turns most tokens away by it, without
	 * probing their masks */
	uint16_t clsb[4096];
	char **pend;            /* while loading: the start words (folded) */
	size_t npend;
	uint64_t *starts;       /* hashes of every word a date may start with */
	size_t nstarts;         /* capacity, a power of two; 0 = no filter */
	size_t nstart;          /* hashes in starts */
	pcre2_code *re_num;
	pcre2_match_context *mctx;
};

/* A hash of the first n (1..8) bytes of k into the 2^16 bits of a bit set. */
static inline unsigned pre_hash(const char *k, size_t n)
{
	uint64_t v = 0;
	if (n <= 3) {   /* without a call to memcpy for a length not known */
		const unsigned char *u = (const unsigned char *)k;
		v = (uint64_t)u[0] | (n > 1 ? (uint64_t)u[1] << 8 : 0) |
		    (n > 2 ? (uint64_t)u[2] << 16 : 0);
	} else
		memcpy(&v, k, n);
	return (unsigned)(((v ^ (uint64_t)n << 56) * 0x9e3779b97f4a7c15ULL) >> 48);
}

static void wd5_add(const char *key, size_t kl, void *arg)
{
	if (kl >= 5)
		bit_set(((struct datedata *)arg)->wd5, pre_hash(key, 5));
}

static void hol3_add(const char *key, size_t kl, void *arg)
{
	for (size_t n = 1; n <= 3 && n <= kl; n++)
		bit_set(((struct datedata *)arg)->hol3, pre_hash(key, n));
}

static void holnext_add(const char *key, size_t kl, void *arg)
{
	for (size_t p = 1; p < kl; p++)
		bit_set(((struct datedata *)arg)->holnext,
			next_hash(hash_bytes(key, p), (unsigned char)key[p]));
}

/* Sets bit c of key's entry in clsb (a lex_each callback). */
_Static_assert(DC_N <= 16, "clsb holds a bit per class in 16 bits");
struct clsb_arg {
	struct datedata *dd;
	int c;
};

static void clsb_add(const char *key, size_t kl, void *arg)
{
	struct clsb_arg *a = arg;
	a->dd->clsb[hash_bytes(key, kl) >> 52] |= (uint16_t)(1u << a->c);
}

/* Adds the first word of s (folded) to the set of words that may start a
 * date; date_run skips every other word at the cost of one probe. */
static void start_add_n(struct datedata *dd, const char *s, size_t n);

static void start_add(struct datedata *dd, const char *s)
{
	size_t n = strcspn(s, " ");
	/* the tokenizer splits a possessive off: "Mother's Day" starts with
	 * the token "Mother" */
	size_t a = strcspn(s, "'");
	if (a < n && n - a == 2 && s[a + 1] == 's')
		start_add_n(dd, s, a);
	start_add_n(dd, s, n);
}

static void start_add_n(struct datedata *dd, const char *s, size_t n)
{
	char key[256];
	if (n >= 120)
		return;
	size_t kl = utf8_fold(s, n, key);
	uint64_t h = hash_bytes(key, kl);
	bit_set(dd->startb, (unsigned)(h >> 48));
	if (!h)
		h = 1;
	if (2 * (dd->nstart + 1) > dd->nstarts) {
		/* at most half full, so that a probe ends at an empty slot */
		size_t ocap = dd->nstarts;
		uint64_t *old = dd->starts;
		dd->nstarts = ocap ? 2 * ocap : 4096;
		dd->starts = xcalloc(dd->nstarts, sizeof(uint64_t));
		for (size_t i = 0; i < ocap; i++) {
			if (!old[i])
				continue;
			size_t j = old[i] & (dd->nstarts - 1);
			while (dd->starts[j])
				j = (j + 1) & (dd->nstarts - 1);
			dd->starts[j] = old[i];
		}
		free(old);
	}
	size_t j = h & (dd->nstarts - 1);
	while (dd->starts[j] && dd->starts[j] != h)
		j = (j + 1) & (dd->nstarts - 1);
	if (!dd->starts[j]) {
		dd->nstart++;
		dd->pend = xrealloc(dd->pend, sizeof(*dd->pend) * (dd->npend + 1));
		dd->pend[dd->npend++] = xstrndup(key, kl);
	}
	dd->starts[j] = h;
}

/* Fills liveb from the start words once every list is loaded (startmask,
 * the holidays' prefixes, wd5), and frees them. */
static void live_fill(struct datedata *dd)
{
	for (size_t p = 0; p < dd->npend; p++) {
		const char *w = dd->pend[p];
		size_t kl = strlen(w);
		uint64_t h = hash_bytes(w, kl);
		if ((lex_mask_h(dd->x, w, kl, h) & dd->startmask) ||
		    lex_prefix_h(dd->x, dd->l_hol, w, kl, h) ||
		    !strcmp(w, "vor") || !strcmp(w, "in") ||
		    (kl >= 8 && bit_has(dd->wd5, pre_hash(w, 5))))
			bit_set(dd->liveb, (unsigned)(h >> 48));
		free(dd->pend[p]);
	}
	free(dd->pend);
	dd->pend = NULL;
	dd->npend = 0;
}

static int start_has(const struct datedata *dd, uint64_t h)
{
	if (!dd->nstarts)
		return 1;
	if (!bit_has(dd->startb, (unsigned)(h >> 48)))
		return 0;       /* most words: no probe */
	if (!h)
		h = 1;
	size_t j = h & (dd->nstarts - 1);
	while (dd->starts[j]) {
		if (dd->starts[j] == h)
			return 1;
		j = (j + 1) & (dd->nstarts - 1);
	}
	return 0;
}

#define DATE_MATCH_LIMIT 100000

/* The digits of group n of a match on s as a number, or -1 when the group
 * is unset.  Read within the group only: atoi read on past the end of a
 * text that ends in a date, and the text need not be NUL-terminated (found
 * by tests/fuzz/fuzz_extract). */
static int grp_num(const char *s, const PCRE2_SIZE *ov, int n)
{
	if (ov[2 * n] == PCRE2_UNSET)
		return -1;
	int v = 0;
	for (PCRE2_SIZE i = ov[2 * n]; i < ov[2 * n + 1] && v < 100000; i++)
		if (s[i] >= '0' && s[i] <= '9')
			v = v * 10 + (s[i] - '0');
	return v;
}

/* Checks one holiday rule: "fixed MM-DD", "easter N", "oeaster N",
 * "nth MM W N [OFF]". */
static int rule_ok(const char *r)
{
	int a, b, c;
	char tail;
	if (sscanf(r, "fixed %d-%d%c", &a, &b, &tail) == 2)
		return a >= 1 && a <= 12 && b >= 1 && b <= 31;
	if (sscanf(r, "easter %d%c", &a, &tail) == 1 || sscanf(r, "oeaster %d%c", &a, &tail) == 1)
		return a > -100 && a < 100;
	int off;
	if (sscanf(r, "nth %d %d %d%c", &a, &b, &c, &tail) == 3 ||
	    (sscanf(r, "nth %d %d %d %d%c", &a, &b, &c, &off, &tail) == 4 && off > -7 && off < 7))
		return a >= 1 && a <= 12 && b >= 0 && b <= 6 && c >= -1 && c <= 5 && c != 0;
	return 0;
}

static long days_from_civil(int y, int m, int d);
static int valid_ymd(int y, int m, int d);

static int cal_cmp(const void *a, const void *b)
{
	const struct caldate *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->day > y->day) - (x->day < y->day);
}

/* The first entry of key in the table, or NULL. */
static const struct caldate *cal_first(const struct datedata *dd, const char *key, size_t kl)
{
	size_t lo = 0, hi = dd->ncal;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(dd->cal[mid].key, key, kl);
		if (c == 0 && dd->cal[mid].key[kl])
			c = 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < dd->ncal && !strncmp(dd->cal[lo].key, key, kl) && !dd->cal[lo].key[kl])
		return &dd->cal[lo];
	return NULL;
}

/* Reads DIR/date/holidays-calendars.tsv: KEY<TAB>YYYY-MM-DD lines. */
static int load_calendars(struct datedata *dd, const char *dir, char *err, size_t errlen)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/date/holidays-calendars.tsv", dir);
	char *buf;
	size_t len;
	if (read_file(path, &buf, &len)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NERD_EIO;
	}
	size_t cap = 0;
	char *line, *rest = buf;
	long lineno = 0;
	while ((line = next_line(&rest, buf + len))) {
		lineno++;
		if (*line && *line != '#') {
			char *tab = strchr(line, '\t');
			int y, m, d, n = 0;
			if (!tab || tab == line || (size_t)(tab - line) >= sizeof(dd->cal->key) ||
			    sscanf(tab + 1, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || tab[1 + n] ||
			    !valid_ymd(y, m, d)) {
				snprintf(err, errlen, "%s:%ld: expected KEY<TAB>YYYY-MM-DD", path, lineno);
				free(buf);
				return NERD_EDATA;
			}
			if (dd->ncal == cap) {
				cap = cap ? 2 * cap : 1024;
				dd->cal = xrealloc(dd->cal, cap * sizeof(*dd->cal));
			}
			struct caldate *c = &dd->cal[dd->ncal++];
			memset(c->key, 0, sizeof(c->key));
			memcpy(c->key, line, (size_t)(tab - line));
			c->day = days_from_civil(y, m, d);
		}
	}
	free(buf);
	qsort(dd->cal, dd->ncal, sizeof(*dd->cal), cal_cmp);
	return 0;
}

static int load_holidays(struct datedata *dd, const char *dir, char *err, size_t errlen)
{
	int rc = load_calendars(dd, dir, err, errlen);
	if (rc)
		return rc;
	char path[4096];
	snprintf(path, sizeof(path), "%s/date/holidays.tsv", dir);
	char *buf;
	size_t len;
	if (read_file(path, &buf, &len)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NERD_EIO;
	}
	size_t bad;
	if (!utf8_valid(buf, len, &bad)) {
		snprintf(err, errlen, "%s: invalid UTF-8 at byte %zu", path, bad);
		free(buf);
		return NERD_EDATA;
	}
	dd->l_hol = lex_new_list(dd->x, "holiday");
	char *line, *rest = buf;
	long lineno = 0;
	while ((line = next_line(&rest, buf + len))) {
		lineno++;
		if (*line && *line != '#') {
			char *tab = strchr(line, '\t');
			char key[64], tail;
			int off;
			if (tab && sscanf(tab + 1, "table %63s %d%c", key, &off, &tail) == 2) {
				if (!cal_first(dd, key, strlen(key)) || off < -60 || off > 60) {
					snprintf(err, errlen, "%s:%ld: table %s: no such key in "
						 "holidays-calendars.tsv (or offset beyond 60 days)",
						 path, lineno, key);
					free(buf);
					return NERD_EDATA;
				}
			} else if (!tab || !rule_ok(tab + 1)) {
				snprintf(err, errlen, "%s:%ld: expected NAME<TAB>RULE (fixed MM-DD, "
					 "easter N, oeaster N, nth MM W N, table KEY N)", path, lineno);
				free(buf);
				return NERD_EDATA;
			}
			*tab = 0;
			lex_add(dd->x, dd->l_hol, line, strlen(line), tab + 1);
			start_add(dd, line);
		}
	}
	free(buf);
	return 0;
}

int date_load(const char *dir, const struct lex *lex, struct datedata **out, char *err,
	      size_t errlen)
{
	(void)lex;
	char path[4096];
	struct stat st;
	snprintf(path, sizeof(path), "%s/date", dir);
	int nodata = stat(path, &st) && errno == ENOENT;  /* test fixtures: no dates */
	snprintf(path, sizeof(path), "%s/date/words.tsv", dir);
	char *buf;
	size_t len;
	if (nodata) {
		buf = xstrdup("");
		len = 0;
	} else if (read_file(path, &buf, &len)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NERD_EIO;
	}
	size_t bad;
	if (!utf8_valid(buf, len, &bad)) {
		snprintf(err, errlen, "%s: invalid UTF-8 at byte %zu", path, bad);
		free(buf);
		return NERD_EDATA;
	}
	struct datedata *dd = xcalloc(1, sizeof(*dd));
	dd->x = lex_new();
	for (int c = 0; c < DC_N; c++)
		dd->l[c] = lex_new_list(dd->x, dcls_name[c]);
	char *line, *rest = buf;
	long lineno = 0;
	while ((line = next_line(&rest, buf + len))) {
		lineno++;
		if (*line && *line != '#') {
			char *t1 = strchr(line, '\t');
			char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
			int cls = -1;
			if (t1 && t2) {
				*t1 = *t2 = 0;
				for (int c = 0; c < DC_N; c++)
					if (!strcmp(t1 + 1, dcls_name[c]))
						cls = c;
			}
			char *e = NULL;
			if (t2)
				(void)strtol(t2 + 1, &e, 10);
			if (cls < 0 || !e || *e || e == t2 + 1) {
				snprintf(err, errlen, "%s:%ld: expected WORD<TAB>CLASS<TAB>NUMBER", path,
					 lineno);
				free(buf);
				date_free(dd);
				return NERD_EDATA;
			}
			lex_add(dd->x, dd->l[cls], line, strlen(line), t2 + 1);
			start_add(dd, line);
		}
	}
	free(buf);
	if (nodata)
		dd->l_hol = lex_new_list(dd->x, "holiday");
	else if (load_holidays(dd, dir, err, errlen)) {
		date_free(dd);
		return NERD_EDATA;
	}
	lex_index_prefixes(dd->x, dd->l_hol);
	dd->wdlens = lex_lens(dd->x, dd->l[DC_WEEKDAY]);
	lex_each(dd->x, dd->l[DC_WEEKDAY], wd5_add, dd);
	lex_each(dd->x, dd->l_hol, hol3_add, dd);
	lex_each(dd->x, dd->l_hol, holnext_add, dd);
	for (int l = 0; l < lex_nlists(dd->x); l++)
		lex_each(dd->x, l, bit_add_key, dd->anyb);
	lex_each(dd->x, dd->l[DC_FUTURE], bit_add_key, dd->futb);
	lex_each(dd->x, dd->l_hol, bit_add_key, dd->holb);
	for (int c = 0; c < DC_N; c++) {
		struct clsb_arg a = {dd, c};
		lex_each(dd->x, dd->l[c], clsb_add, &a);
	}
	for (unsigned b = 0; b < 256; b++)
		if (lex_last_byte(dd->x, dd->l[DC_WEEKDAY], (unsigned char)b))
			dd->wdlast[b >> 3] |= (uint8_t)(1u << (b & 7));
	static const int startcls[] = {DC_MONTH, DC_MONTHABBR, DC_WEEKDAY, DC_WEEKDAYABBR,
				       DC_RELDAY, DC_REL, DC_MOD, DC_ORDINAL, DC_DAYORD};
	for (size_t c = 0; c <= ARRAY_LEN(startcls); c++) {
		int l = c < ARRAY_LEN(startcls) ? dd->l[startcls[c]] : dd->l_hol;
		dd->startmask |= l < LEX_MASK_LISTS ? 1ull << l : ~0ull;
	}
	live_fill(dd);
	/* day.month[.year] and ISO year-month-day, on one digit token */
	static const char pat[] =
		"^(?:(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4}|\\d{2})?|(\\d{4})-(\\d{1,2})-(\\d{1,2})|(\\d{1,2})\\.(\\d{1,2}))$";
	/* The JIT unless nerd_set_jit(0) or no executable memory; pcre.c
	 * adds the heap limit. */
	char emsg[320];
	dd->re_num = pcre_compile_jit(pat, PCRE2_ZERO_TERMINATED, 0, emsg, sizeof(emsg));
	if (!dd->re_num) {
		snprintf(err, errlen, "date.c: pattern: %s", emsg);
		date_free(dd);
		return NERD_EDATA;
	}
	dd->mctx = pcre_limits_new(DATE_MATCH_LIMIT);
	*out = dd;
	return 0;
}

/* date_lead of a weekday or holiday key that begins with m, d, f or s:
 * its first two bytes, for date_skip's capitalised words of eight bytes or
 * more (what word_may_start takes of them, a weekday compound or the start
 * of a holiday, begins with those of a key). */
static void lead_add(const char *key, size_t kl, void *arg)
{
	struct tok_lead *l = arg;
	unsigned char c = (unsigned char)key[0];
	if (c != 'm' && c != 'd' && c != 'f' && c != 's')
		return;
	for (unsigned b = 0; b < 256; b++)
		if (kl < 2 || b == (unsigned char)key[1])
			if (l->minlen[c << 8 | b] > 8)
				l->minlen[c << 8 | b] = 8;
}

void date_lead(const struct datedata *dd, struct tok_lead *l)
{
	if (!dd)
		return;
	/* every word when there are no start words, else the words of 40
	 * bytes or more */
	unsigned longw = dd->nstarts ? 40 : 0;
	for (size_t b = 0; b < sizeof(l->minlen); b++)
		if (l->minlen[b] > longw)
			l->minlen[b] = (uint8_t)longw;
	for (unsigned h = 0; h < 65536; h++)
		l->word[h] |= dd->liveb[h >> 3] >> (h & 7) & 1;
	/* "Q3", "H1" of two bytes */
	for (unsigned b = 0; b < 256; b++) {
		char k[2] = {'q', (char)b};
		l->word[hash_bytes(k, 2) >> 48] = 1;
		k[0] = 'h';
		l->word[hash_bytes(k, 2) >> 48] = 1;
	}
	lex_each(dd->x, dd->l[DC_WEEKDAY], lead_add, l);
	lex_each(dd->x, dd->l_hol, lead_add, l);
}

void date_free(struct datedata *dd)
{
	if (!dd)
		return;
	lex_free(dd->x);
	free(dd->starts);
	for (size_t p = 0; p < dd->npend; p++)
		free(dd->pend[p]);
	free(dd->pend);
	free(dd->cal);
	pcre2_code_free(dd->re_num);
	pcre2_match_context_free(dd->mctx);
	free(dd);
}

/* ---- calendar arithmetic (proleptic Gregorian, days since 1970-01-01) ---- */

static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long yy = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

static int wday_of(long z)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0) */
	long w = (z + 3) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

static int days_in_month(int y, int m)
{
	static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100) || y % 400 == 0))
		return 29;
	return n[m - 1];
}

static int valid_ymd(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

/* The ISO values written into 24 bytes: snprintf's "%04d", "%04d-%02d" and
 * "%04d-%02d-%02d", without printf for the years 0..9999 and months and
 * days 0..99 that dates have (printf for any other). */
static char *put4(char *o, int y)
{
	o[0] = (char)('0' + y / 1000);
	o[1] = (char)('0' + y / 100 % 10);
	o[2] = (char)('0' + y / 10 % 10);
	o[3] = (char)('0' + y % 10);
	return o + 4;
}

static char *put2(char *o, int x)
{
	o[0] = '-';
	o[1] = (char)('0' + x / 10);
	o[2] = (char)('0' + x % 10);
	return o + 3;
}

static void fmt_y(char *out, int y)
{
	if (y < 0 || y > 9999) {
		snprintf(out, 24, "%04d", y);
		return;
	}
	*put4(out, y) = 0;
}

static void fmt_ym(char *out, int y, int m)
{
	if (y < 0 || y > 9999 || m < 0 || m > 99) {
		snprintf(out, 24, "%04d-%02d", y, m);
		return;
	}
	*put2(put4(out, y), m) = 0;
}

static void fmt_ymd(char *out, int y, int m, int d)
{
	if (y < 0 || y > 9999 || m < 0 || m > 99 || d < 0 || d > 99) {
		snprintf(out, 24, "%04d-%02d-%02d", y, m, d);
		return;
	}
	*put2(put2(put4(out, y), m), d) = 0;
}

static void fmt_day(char *out, long z)
{
	int y, m, d;
	civil_from_days(z, &y, &m, &d);
	fmt_ymd(out, y, m, d);
}

static void fmt_week(char *out, long z)
{
	/* ISO week: the week with the Thursday decides the year */
	long thu = z - wday_of(z) + 3;
	int y, m, d;
	civil_from_days(thu, &y, &m, &d);
	long jan1 = days_from_civil(y, 1, 1);
	int wk = (int)((thu - jan1) / 7 + 1);
	snprintf(out, 24, "%04d-W%02d", y, wk);
}

/* Western Easter Sunday (anonymous Gregorian computus). */
static long easter(int y)
{
	int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
	int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
	return days_from_civil(y, month, day);
}

/* Orthodox Easter Sunday: the Julian computus, moved to the Gregorian
 * calendar (13 days, right for 1900-2099). */
static long oeaster(int y)
{
	int a = y % 4, b = y % 7, c = y % 19;
	int d = (19 * c + 15) % 30, e = (2 * a + 4 * b - d + 34) % 7;
	int month = (d + e + 114) / 31, day = (d + e + 114) % 31 + 1;
	return days_from_civil(y, month, day) + 13;
}

/* The day of a holiday rule in year y. */
static long holiday_day(const char *r, int y)
{
	int a, b, c;
	if (sscanf(r, "fixed %d-%d", &a, &b) == 2)
		return days_from_civil(y, a, MIN(b, days_in_month(y, a)));
	if (sscanf(r, "easter %d", &a) == 1)
		return easter(y) + a;
	if (sscanf(r, "oeaster %d", &a) == 1)
		return oeaster(y) + a;
	int off = 0;
	if (sscanf(r, "nth %d %d %d %d", &a, &b, &c, &off) >= 3) {
		if (c > 0) {
			long z = days_from_civil(y, a, 1);
			return z + (b - wday_of(z) + 7) % 7 + 7L * (c - 1) + off;
		}
		long z = days_from_civil(y, a, days_in_month(y, a));
		return z - (wday_of(z) - b + 7) % 7 + off;
	}
	return 0;
}

/* The month a holiday rule falls in (for the year rule). */
static int holiday_month(const char *r, int y)
{
	int yy, m, dd;
	civil_from_days(holiday_day(r, y), &yy, &m, &dd);
	return m;
}

/* ---- lookups ---- */

/* Per token of the document date_run works on: the lists of dd->x holding
 * its key (lex_mask_h), so that most token lookups are a bit test.  A mask
 * is probed when its token is first looked up (bit i of known says token
 * i's is there): few tokens of a text are ever looked up here. */
struct datemasks {
	uint64_t *m, *known;
	const struct tok *t0;
	uint32_t n;
	/* the token asked about last and its mask: the branches of
	 * date_run look up one token in list after list */
	const struct tok *last;
	uint64_t lastm;
};
static _Thread_local struct datemasks date_tm;

/* lex_mask_h of token t, 0 without a probe when no key has its bit in
 * anyb.  Out of line, so that tok_mask stays small enough to be inlined. */
__attribute__((noinline))
static uint64_t mask_probe(const struct datedata *dd, const struct tok *t)
{
	if (!bit_has(dd->anyb, (unsigned)(t->hash >> 48)))
		return 0;
	return lex_mask_h(dd->x, t->key, t->keylen, t->hash);
}

/* Token t's mask, or ~0 (look it up) when t is not one of the document's
 * tokens. */
static inline uint64_t tok_mask(const struct datedata *dd, const struct tok *t)
{
	if (t == date_tm.last)
		return date_tm.lastm;
	uintptr_t i = ((uintptr_t)t - (uintptr_t)date_tm.t0) / sizeof(*t);
	if (!date_tm.m || i >= date_tm.n)
		return ~0ull;
	uint64_t b = 1ull << (i & 63);
	if (!(date_tm.known[i >> 6] & b)) {
		date_tm.m[i] = mask_probe(dd, t);
		date_tm.known[i >> 6] |= b;
	}
	date_tm.last = t;
	return date_tm.lastm = date_tm.m[i];
}

/* lex_get_h of token t's key in list (t need not be one of the document's
 * tokens: then it is looked up). */
static inline const char *tok_get(const struct datedata *dd, int list, const struct tok *t)
{
	return lex_get_tm(dd->x, list, t->key, t->keylen, t->hash, tok_mask(dd, t));
}

/* atoi of a value of words.tsv (date_load checked it with strtol), without
 * the C library's locale machinery.  Out of line, so that dget, whose
 * lookups mostly find nothing, stays small enough to be inlined. */
__attribute__((noinline))
static int val_int(const char *s)
{
	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	int neg = *s == '-', v = 0;
	if (*s == '-' || *s == '+')
		s++;
	while ((unsigned)(*s - '0') < 10u)
		v = v * 10 + (*s++ - '0');
	return neg ? -v : v;
}

__attribute__((always_inline))
static inline int dget(const struct datedata *dd, int cls, const struct tok *t, int *v)
{
	if (!(dd->clsb[t->hash >> 52] >> cls & 1))
		return 0;
	const char *s = tok_get(dd, dd->l[cls], t);
	if (!s)
		return 0;
	if (v)
		*v = val_int(s);
	return 1;
}

static int dget_k(const struct datedata *dd, int cls, const char *k, size_t n, int *v)
{
	const char *s = lex_get(dd->x, dd->l[cls], k, n);
	if (!s)
		return 0;
	if (v)
		*v = val_int(s);
	return 1;
}

static int same_line(const struct doc *d, uint32_t k)
{
	return k < d->ntok && !(d->tok[k].flags & TOK_NL);
}

static int is_num_tok(const struct doc *d, uint32_t k)
{
	if (k >= d->ntok)
		return 0;
	const struct tok *t = &d->tok[k];
	unsigned char c = (unsigned char)d->text[t->start];
	return c >= '0' && c <= '9' && (t->flags & TOK_NUM) && !(t->flags & TOK_WORD);
}

/* Value of a digits-only token, or -1. */
static long tok_int(const struct doc *d, uint32_t k)
{
	if (!is_num_tok(d, k))
		return -1;
	const struct tok *t = &d->tok[k];
	long v = 0;
	for (uint32_t i = t->start; i < t->end; i++) {
		char c = d->text[i];
		if (c == '.' && i + 1 == t->end && (t->flags & TOK_ORD))
			break;
		if (c < '0' || c > '9' || v > 100000)
			return -1;
		v = v * 10 + (c - '0');
	}
	return v;
}

static int is_year_tok(const struct doc *d, uint32_t k)
{
	if (!is_num_tok(d, k) || (d->tok[k].flags & TOK_ORD) || tok_len(&d->tok[k]) != 4)
		return 0;
	long y = tok_int(d, k);
	if (y >= 1900 && y <= 2100)
		return 1;
	/* older years after "seit", "im Jahr", "bis", "since" */
	if (y >= 1000 && y < 1900 && k > 0) {
		const struct tok *p = &d->tok[k - 1];
		return tok_key_is(p, "seit") || tok_key_is(p, "jahr") || tok_key_is(p, "jahre") ||
		       tok_key_is(p, "bis") || tok_key_is(p, "since") || tok_key_is(p, "year") ||
		       tok_key_is(p, "anno");
	}
	return 0;
}

static int clause_break(const struct doc *d, const struct tok *t)
{
	if (t->flags & TOK_QUOTE)
		return 1;
	if (tok_len(t) != 1)
		return 0;
	char c = d->text[t->start];
	return c == ',' || c == ';' || c == ':' || c == '(' || c == ')';
}

/* Does the clause of token k (between commas, in its sentence) speak of the
 * future?  In English only a marker before k counts ("will meet on
 * Thursday", but "said on Thursday it would"). */
static int future_sentence(const struct datedata *dd, const struct doc *d, uint32_t k)
{
	if (d->bias == NERD_BIAS_FUTURE)
		return 1;
	const struct sent *s = &d->sent[d->tok[k].sent];
	uint32_t a = k, b = k;
	/* at most 48 tokens either way: a text without commas stays linear */
	while (a > s->t0 && k - a < 48 && !clause_break(d, &d->tok[a - 1]))
		a--;
	while (d->lang != NERD_LANG_EN && b + 1 < s->t1 && b - k < 48 &&
	       !clause_break(d, &d->tok[b + 1]))
		b++;
	for (uint32_t i = a; i <= b; i++)
		if (bit_has(dd->futb, (unsigned)(d->tok[i].hash >> 48)) &&
		    dget(dd, DC_FUTURE, &d->tok[i], NULL))
			return 1;
	return 0;
}

static struct date *push(struct doc *d, uint32_t start, uint32_t end, int mod)
{
	struct date *t = DOC_PUSH(d, date);
	t->start = start;
	t->end = end;
	t->mod = (uint8_t)mod;
	return t;
}

static long doc_day(const struct doc *d)
{
	return days_from_civil(d->year, d->month, d->day);
}

/* Year for a month (or month-like period) m without a year; dir is -1 for
 * "vergangenen", +1 for "kommenden"/future sentences, 0 otherwise. */
static int year_for_month(const struct doc *d, int m, int dir)
{
	if (dir > 0)
		return m < d->month ? d->year + 1 : d->year;
	if (dir < 0)
		return m >= d->month ? d->year - 1 : d->year;
	return m > d->month + 2 ? d->year - 1 : d->year;
}

/* A weekday (0 = Monday) resolved by the rule in the file comment. */
static long resolve_weekday(const struct doc *d, int wd, int dir)
{
	long z = doc_day(d);
	int delta = wd - wday_of(z);
	int lo = -5, hi = 1;
	if (d->bias == NERD_BIAS_FUTURE && dir >= 0)
		lo = 1, hi = 7;
	else if (dir > 0)
		lo = 0, hi = 6;
	else if (dir < 0)
		lo = -7, hi = -1;
	while (delta > hi)
		delta -= 7;
	while (delta < lo)
		delta += 7;
	return z + delta;
}

/* A month name at token k (full names; abbreviations only when a day
 * number or a year follows or precedes).  English "May"/"march" need a
 * capital letter. */
static int month_find(const struct datedata *dd, const struct doc *d, uint32_t k, int *m)
{
	if (k >= d->ntok)
		return 0;
	const struct tok *t = &d->tok[k];
	if (!(t->flags & TOK_WORD))
		return 0;
	if (dget(dd, DC_MONTH, t, m)) {
		if (d->lang == NERD_LANG_EN && !(t->flags & TOK_CAP))
			return 0;
		if (tok_key_is(t, "may") && !(is_num_tok(d, k + 1) || (k > 0 && is_num_tok(d, k - 1)) ||
					       (k > 0 && dget(dd, DC_PREP, &d->tok[k - 1], NULL))))
			return 0;
		return 1;
	}
	if (dget(dd, DC_MONTHABBR, t, m) && (t->flags & TOK_CAP) &&
	    (is_num_tok(d, k + 1) || (k > 0 && (d->tok[k - 1].flags & TOK_ORD))))
		return 1;
	/* "Oct." when the tokenizer left the dot apart: "Oct" "." "22" */
	if (dget(dd, DC_MONTHABBR, t, m) && (t->flags & TOK_CAP) && k + 2 < d->ntok &&
	    tok_is(d, &d->tok[k + 1], ".") && !(d->tok[k + 1].flags & TOK_SPACE) && is_num_tok(d, k + 2))
		return 1;
	return 0;
}

/* month_find's answers for the last two tokens asked about (k = UINT32_MAX:
 * none): date_run asks at each token up to four times.  Valid for the
 * document date_run works on; it empties them first. */
static _Thread_local struct {
	uint32_t k;
	int rc, m;
} date_months[2];

static void month_memo_clear(void)
{
	for (size_t j = 0; j < ARRAY_LEN(date_months); j++)
		date_months[j].k = UINT32_MAX;
}

__attribute__((noinline))
static int month_memo(const struct datedata *dd, const struct doc *d, uint32_t k, int *m)
{
	for (size_t j = 0; j < ARRAY_LEN(date_months); j++)
		if (date_months[j].k == k) {
			if (date_months[j].rc)
				*m = date_months[j].m;
			return date_months[j].rc;
		}
	int v = 0, rc = month_find(dd, d, k, &v);
	date_months[1] = date_months[0];
	date_months[0].k = k;
	date_months[0].rc = rc;
	date_months[0].m = v;
	if (rc)
		*m = v;
	return rc;
}

/* month_find of a token that is no word or whose hash has no month
 * (clsb) is 0: answered inline, without the memo. */
static inline int month_at(const struct datedata *dd, const struct doc *d, uint32_t k, int *m)
{
	if (k >= d->ntok || !(d->tok[k].flags & TOK_WORD) ||
	    !(dd->clsb[d->tok[k].hash >> 52] & (1u << DC_MONTH | 1u << DC_MONTHABBR)))
		return 0;
	return month_memo(dd, d, k, m);
}

/* The token after the month name at k (past a dot the tokenizer split off). */
static uint32_t month_next(const struct doc *d, uint32_t k)
{
	if (k + 1 < d->ntok && tok_is(d, &d->tok[k + 1], ".") && !(d->tok[k + 1].flags & TOK_SPACE))
		return k + 2;
	return k + 1;
}

/* A day of month at k: "28." (ordinal) or, in English, "27". */
static int day_at(const struct datedata *dd, const struct doc *d, uint32_t k, int ord_only)
{
	int v;
	if (k < d->ntok && dget(dd, DC_DAYORD, &d->tok[k], &v))
		return v;
	if (k < d->ntok && (d->tok[k].flags & TOK_ALNUM)) {
		/* "15te", "15ten", "27th", "1st" */
		const struct tok *t = &d->tok[k];
		uint32_t j = 0;
		int x = 0;
		while (j < t->keylen && j < 2 && t->key[j] >= '0' && t->key[j] <= '9')
			x = x * 10 + (t->key[j++] - '0');
		const char *sf = t->key + j;
		size_t sl = t->keylen - j;
		static const char *const sufs[] = {"te", "ten", "ter", "tes", "st", "nd", "rd", "th"};
		for (size_t q = 0; j && q < ARRAY_LEN(sufs); q++)
			if (strlen(sufs[q]) == sl && !memcmp(sufs[q], sf, sl))
				return x >= 1 && x <= 31 ? x : 0;
		return 0;
	}
	if (!is_num_tok(d, k))
		return 0;
	const struct tok *t = &d->tok[k];
	if (ord_only && !(t->flags & TOK_ORD))
		return 0;
	if (tok_len(t) > ((t->flags & TOK_ORD) ? 3u : 2u))
		return 0;
	long x = tok_int(d, k);
	return x >= 1 && x <= 31 ? (int)x : 0;
}

/* Tries a full date at token k: "28. Oktober [2025]", "27 January 2025",
 * "January 27[, 2025]", "28.10.2025", "2025-10-28", "15.2.".  Fills
 * value and *end (token after). */
static int full_date_at(const struct datedata *dd, struct doc *d, uint32_t k, char *value,
			uint32_t *end)
{
	int m, day, y;
	if (k >= d->ntok)
		return 0;
	/* day + month */
	if ((day = day_at(dd, d, k, 0)) && same_line(d, k + 1) &&
	    month_at(dd, d, k + 1, &m)) {
		uint32_t e = k + 2;
		if (same_line(d, e) && is_year_tok(d, e))
			y = (int)tok_int(d, e), e++;
		else
			y = year_for_month(d, m, future_sentence(dd, d, k));
		if (day > days_in_month(y, m))
			return 0;
		fmt_ymd(value, y, m, day);
		*end = e;
		return 1;
	}
	/* month + day (English, and "Oktober 14" shapes) */
	uint32_t mn;
	if (month_at(dd, d, k, &m) && (mn = month_next(d, k)) && same_line(d, mn) &&
	    (day = day_at(dd, d, mn, 0)) && !(d->tok[mn].flags & TOK_ORD)) {
		uint32_t e = mn + 1;
		if (same_line(d, e) && tok_is(d, &d->tok[e], ",") && is_year_tok(d, e + 1))
			y = (int)tok_int(d, e + 1), e += 2;
		else if (same_line(d, e) && is_year_tok(d, e))
			y = (int)tok_int(d, e), e++;
		else
			y = year_for_month(d, m, future_sentence(dd, d, k));
		if (day > days_in_month(y, m))
			return 0;
		fmt_ymd(value, y, m, day);
		*end = e;
		return 1;
	}
	/* numeric: one token ("28.10.2025", "2025-10-28", "15.2" + ".") */
	const struct tok *t = &d->tok[k];
	unsigned char c = (unsigned char)d->text[t->start];
	if (c < '0' || c > '9' || !(t->flags & TOK_NUM) || (t->flags & TOK_WORD) ||
	    tok_len(t) < 3 || tok_len(t) > 10)
		return 0;
	if (!memchr(d->text + t->start, '.', tok_len(t)) && !memchr(d->text + t->start, '-', tok_len(t)))
		return 0;
	/* "$2.10.", "€ 15.2." are prices */
	if (k > 0) {
		const struct tok *p = &d->tok[k - 1];
		if (tok_is(d, p, "$") || tok_is(d, p, "€") || tok_is(d, p, "£") || tok_is(d, p, "¥"))
			return 0;
	}
	/* Per-thread match data, freed when the thread ends; any limit marks
	 * the document partial. */
	pcre2_match_data *md = pcre_match_data();
	int rc = pcre_match(dd->re_num, d->text + t->start, tok_len(t), 0, 0, md, dd->mctx, d,
			    "date pattern hit its match limit");
	if (rc < 0)
		return 0;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	const char *s = d->text + t->start;
#define GRP(n) grp_num(s, ov, n)
	uint32_t e = k + 1;
	if (GRP(1) >= 0) {
		day = GRP(1), m = GRP(2), y = GRP(3);
		if (y < 0 || ov[7] - ov[6] == 0) {
			y = -1;
		} else if (ov[7] - ov[6] == 2)
			y += y < 50 ? 2000 : 1900;
		/* "2.10." without a year is no date in English ("at $2.10.") */
		if (y < 0 && d->lang == NERD_LANG_EN)
			return 0;
		/* "28.10." : the final dot is a token of its own */
		if (y < 0 && e < d->ntok && !(d->tok[e].flags & TOK_SPACE) && tok_is(d, &d->tok[e], "."))
			e++;
	} else if (GRP(4) >= 0) {
		y = GRP(4), m = GRP(5), day = GRP(6);
	} else {
		/* "15.2" only with a final dot ("15.2."), and not in English */
		day = GRP(7), m = GRP(8), y = -1;
		if (d->lang == NERD_LANG_EN)
			return 0;
		if (!(e < d->ntok && !(d->tok[e].flags & TOK_SPACE) && tok_is(d, &d->tok[e], ".")))
			return 0;
		e++;
	}
#undef GRP
	if (m < 1 || m > 12 || day < 1)
		return 0;
	if (y < 0)
		y = year_for_month(d, m, future_sentence(dd, d, k));
	if (day > days_in_month(y, m) || y < 1000 || y > 2999)
		return 0;
	fmt_ymd(value, y, m, day);
	*end = e;
	return 1;
}

/* "Montagabend", "Freitagnacht", "Dienstagmorgen": a weekday and a day
 * part in one word; sets *wd. */
static int weekday_compound(const struct datedata *dd, const struct tok *t, int *wd)
{
	if (!(t->flags & TOK_CAP) || t->keylen < 8 || !bit_has(dd->wd5, pre_hash(t->key, 5)))
		return 0;
	for (uint32_t n = 5; n <= 10 && n < t->keylen; n++)
		/* (no lookup where no weekday has that length or last byte) */
		if ((dd->wdlens >> n & 1) &&
		    bit_has(dd->wdlast, (unsigned char)t->key[n - 1]) &&
		    dget_k(dd, DC_WEEKDAY, t->key, n, wd) &&
		    dget_k(dd, DC_DAYPART, t->key + n, t->keylen - n, NULL))
			return 1;
	return 0;
}

/* A weekday at k, with a compound day part ("Montagabend") or an English
 * day part after it ("Tuesday evening"). */
static int weekday_at(const struct datedata *dd, const struct doc *d, uint32_t k, int *wd,
		      uint32_t *end)
{
	const struct tok *t = &d->tok[k];
	if (!(t->flags & TOK_WORD))
		return 0;
	if (dget(dd, DC_WEEKDAY, t, wd)) {
		if (d->lang == NERD_LANG_EN && !(t->flags & TOK_CAP))
			return 0;
		*end = k + 1;
		if (d->lang == NERD_LANG_EN && same_line(d, k + 1) &&
		    dget(dd, DC_DAYPART, &d->tok[k + 1], NULL))
			*end = k + 2;
		return 1;
	}
	if (dget(dd, DC_WEEKDAYABBR, t, wd) && (t->flags & TOK_CAP) && same_line(d, k + 1) &&
	    (tok_is(d, &d->tok[k + 1], ",") || is_num_tok(d, k + 1))) {
		*end = k + 1;
		return 1;
	}
	if (weekday_compound(dd, t, wd)) {
		*end = k + 1;
		return 1;
	}
	return 0;
}

/* rel + unit/weekday/month at k ("vergangene Woche", "kommenden Montag",
 * "nächsten März", "dieses Jahr"), with mod when given. */
static int rel_at(const struct datedata *dd, struct doc *d, uint32_t k, int mod, uint32_t span0)
{
	int rel, u, wd, m;
	if (!dget(dd, DC_REL, &d->tok[k], &rel) || !same_line(d, k + 1))
		return 0;
	const struct tok *n = &d->tok[k + 1];
	long z = doc_day(d);
	char v[24];
	uint32_t e = k + 2;
	if (dget(dd, DC_UNIT, n, &u)) {
		switch (u) {
		case U_WEEK:
			fmt_week(v, z + 7L * rel);
			break;
		case U_MONTH: {
			int y = d->year, mm = d->month + rel;
			while (mm < 1)
				mm += 12, y--;
			while (mm > 12)
				mm -= 12, y++;
			fmt_ym(v, y, mm);
			break;
		}
		case U_YEAR:
			fmt_y(v, d->year + rel);
			break;
		case U_QUARTER: {
			int q = (d->month - 1) / 3 + rel, y = d->year;
			while (q < 0)
				q += 4, y--;
			while (q > 3)
				q -= 4, y++;
			snprintf(v, sizeof(v), "%04d-Q%d", y, q + 1);
			break;
		}
		default:
			return 0;
		}
	} else if (weekday_at(dd, d, k + 1, &wd, &e)) {
		long r;
		if (rel == 0 && d->bias == NERD_BIAS_FUTURE) {
			r = resolve_weekday(d, wd, 0);  /* the next one */
		} else if (rel == 0) {
			r = z - wday_of(z) + wd;     /* "diesen Montag": this week */
		} else if (rel > 0) {
			r = resolve_weekday(d, wd, 1);
			if (rel == 2)
				r += 7;
			if (r == z)
				r += 7;
		} else
			r = resolve_weekday(d, wd, -1);
		fmt_day(v, r);
	} else if (month_at(dd, d, k + 1, &m)) {
		int y = year_for_month(d, m, rel > 0 ? 1 : rel < 0 ? -1 : 0);
		if (rel > 0 && m == d->month)
			y = d->year + 1;
		if (rel == 2)
			y++;
		fmt_ym(v, y, m);
	} else
		return 0;
	struct date *t = push(d, d->tok[span0].start, d->tok[e - 1].end, mod);
	memcpy(t->value, v, 24);
	return (int)(e - k);
}

/* A small ordinal in digits at k: "3." (German), "4tes", "3rd"; 1-4, else 0. */
static int digit_ordinal(const struct doc *d, uint32_t k)
{
	const struct tok *t = &d->tok[k];
	const char *s = d->text + t->start;
	size_t n = tok_len(t);
	if (!n || s[0] < '1' || s[0] > '4')
		return 0;
	if (((t->flags & TOK_ORD) && n == 2 && s[1] == '.') || ((t->flags & TOK_NUM) && n == 1))
		return s[0] - '0';
	static const char *const sufs[] = {"te", "ten", "ter", "tes", "tem", "st", "nd", "rd", "th"};
	if ((t->flags & TOK_ALNUM) && t->keylen >= 3)
		for (size_t q = 0; q < ARRAY_LEN(sufs); q++)
			if (strlen(sufs[q]) == t->keylen - 1 && !memcmp(sufs[q], t->key + 1, t->keylen - 1))
				return s[0] - '0';
	return 0;
}

/* Ordinal + Quartal/Halbjahr [year]: "dritten Quartal", "ersten Halbjahr
 * 2027", "Q3 2025". */
static int period_at(const struct datedata *dd, struct doc *d, uint32_t k, int mod, uint32_t span0,
		     uint32_t *end)
{
	int o = 0, u;
	const struct tok *t = &d->tok[k];
	uint32_t e;
	uint32_t un = k + 1;    /* the unit's token */
	/* none but an ordinal word (clsb), a digit ordinal (1-4) or "Q3"/"H1"
	 * begins a period */
	if (t->keylen != 2 && (!tok_len(t) || (unsigned char)(d->text[t->start] - '1') > 3) &&
	    !(dd->clsb[t->hash >> 52] & (1u << DC_ORDINAL)))
		return 0;
	if (!dget(dd, DC_ORDINAL, t, &o) && (o = digit_ordinal(d, k)) && (t->flags & TOK_NUM)) {
		/* "3. Quartal": the tokenizer keeps the dot apart; "3 Quartale"
		 * is a count */
		if (same_line(d, k + 1) && tok_is(d, &d->tok[k + 1], ".") &&
		    !(d->tok[k + 1].flags & TOK_SPACE))
			un = k + 2;
		else
			o = 0;
	}
	if ((o || dget(dd, DC_ORDINAL, t, &o)) && same_line(d, un) &&
	    dget(dd, DC_UNIT, &d->tok[un], &u) && (u == U_QUARTER || u == U_HALF)) {
		e = un + 1;
		if (u == U_HALF && o > 2)
			return 0;
	} else if (t->keylen == 2 && (t->key[0] == 'q' || t->key[0] == 'h') && t->key[1] >= '1' &&
		   t->key[1] <= (t->key[0] == 'q' ? '4' : '2') && (t->flags & TOK_UPPER ? 1 : (t->flags & TOK_CAP))) {
		o = t->key[1] - '0';
		u = t->key[0] == 'q' ? U_QUARTER : U_HALF;
		e = k + 1;
	} else
		return 0;
	int y;
	if (same_line(d, e) && is_year_tok(d, e))
		y = (int)tok_int(d, e), e++;
	else if (same_line(d, e + 1) && (tok_key_is(&d->tok[e], "des") || tok_key_is(&d->tok[e], "of")) &&
		 is_year_tok(d, e + 1))
		y = (int)tok_int(d, e + 1), e += 2;
	else {
		int cur = u == U_QUARTER ? (d->month - 1) / 3 + 1 : (d->month - 1) / 6 + 1;
		int fut = future_sentence(dd, d, k);
		int lim = u == U_QUARTER ? 1 : 0;
		y = d->year;
		if (fut && o < cur)
			y++;
		else if (!fut && o > cur + lim)
			y--;
	}
	struct date *dt = push(d, d->tok[span0].start, d->tok[e - 1].end, mod);
	snprintf(dt->value, sizeof(dt->value), "%04d-%c%d", y, u == U_QUARTER ? 'Q' : 'H', o);
	*end = e;
	return 1;
}

/* Is the year-shaped number at k a year (and not a count like "2000
 * Soldaten" or a figure "2025 Euro")? */
static int year_alone(const struct doc *d, uint32_t k)
{
	if (!is_year_tok(d, k))
		return 0;
	if (k > 0 && !(d->tok[k].flags & TOK_SPACE) &&
	    (tok_is(d, &d->tok[k - 1], "-") || tok_is(d, &d->tok[k - 1], "/") ||
	     tok_is(d, &d->tok[k - 1], ":") || tok_is(d, &d->tok[k - 1], "$") ||
	     tok_is(d, &d->tok[k - 1], "€")))
		return 0;
	if (!same_line(d, k + 1))
		return 1;
	const struct tok *n = &d->tok[k + 1];
	if (!(n->flags & TOK_SPACE) && (tok_is(d, n, "%") || tok_is(d, n, ":") || tok_is(d, n, "/")) &&
	    !(tok_is(d, n, ":") && (!same_line(d, k + 2) || (d->tok[k + 2].flags & TOK_SPACE))))
		return 0;
	return 1;
}

/* The figure stage counts "2000 Soldaten" unless a year word stands before
 * the number; the same judgement here. */
static int year_counted(const struct datedata *dd, const struct doc *d, uint32_t k)
{
	if (d->lang != NERD_LANG_DE || !same_line(d, k + 1))
		return 0;
	const struct tok *n = &d->tok[k + 1];
	if (!(n->flags & TOK_WORD) || !(n->flags & TOK_CAP) || (n->flags & TOK_ABBR) ||
	    dget(dd, DC_MONTH, n, NULL) || dget(dd, DC_WEEKDAY, n, NULL) || dget(dd, DC_PREP, n, NULL) ||
	    dget(dd, DC_UNIT, n, NULL) || dget(dd, DC_MOD, n, NULL))
		return 0;
	if (k > 0 && (dget(dd, DC_PREP, &d->tok[k - 1], NULL) || dget(dd, DC_UNIT, &d->tok[k - 1], NULL) ||
		      dget(dd, DC_MONTH, &d->tok[k - 1], NULL) || dget(dd, DC_MOD, &d->tok[k - 1], NULL) ||
		      tok_key_is(&d->tok[k - 1], "vor") || tok_key_is(&d->tok[k - 1], "nach")))
		return 0;
	return 1;
}

/* A table holiday (plus off days) in year y, LONG_MIN when the table has
 * none that year. */
static long table_in_year(const struct datedata *dd, const char *key, int off, int y)
{
	size_t kl = strlen(key);
	const struct caldate *c = cal_first(dd, key, kl);
	long lo = days_from_civil(y, 1, 1), hi = days_from_civil(y, 12, 31);
	for (; c && c < dd->cal + dd->ncal && !strcmp(c->key, key); c++)
		if (c->day + off >= lo && c->day + off <= hi)
			return c->day + off;
	return LONG_MIN;
}

/* A table holiday without a year: the next one from the document date on in
 * a future clause, else the last one up to two months ahead (the month rule
 * of the file comment). */
static long table_near(const struct datedata *dd, const struct doc *d, const char *key, int off,
		       int fut)
{
	size_t kl = strlen(key);
	const struct caldate *c = cal_first(dd, key, kl);
	long z = doc_day(d), best = LONG_MIN;
	for (; c && c < dd->cal + dd->ncal && !strcmp(c->key, key); c++) {
		long x = c->day + off;
		if (fut) {
			if (x >= z)
				return x;
		} else if (x <= z + 61)
			best = x;
	}
	return best;
}

/* The day of holiday rule r in year y (a table rule: LONG_MIN when the
 * table has none that year). */
static long hol_in_year(const struct datedata *dd, const char *r, int y)
{
	char key[64];
	int off;
	if (sscanf(r, "table %63s %d", key, &off) == 2)
		return table_in_year(dd, key, off, y);
	return holiday_day(r, y);
}

/* 0 when no holiday begins with token i's key and the byte tok_join_keys
 * puts after it (most words), so that no join of it and the next can begin
 * one; 1 when one may. */
static int hol_joins(const struct datedata *dd, const struct doc *d, uint32_t i)
{
	const struct tok *t = &d->tok[i];
	if (!t->keylen || i + 1 >= d->ntok)
		return 1;
	const struct tok *u = &d->tok[i + 1];
	if (!(u->flags & TOK_SPACE) && !u->keylen)
		return 1;
	unsigned char c = (u->flags & TOK_SPACE) ? ' ' : (unsigned char)u->key[0];
	return bit_has(dd->holnext, next_hash(t->hash, c));
}

/* A holiday at token i.  hpre: lex_prefix_h of token i in the holidays
 * when known (word_may_start asked already), else -1. */
static int holiday_at(const struct datedata *dd, struct doc *d, uint32_t i, uint32_t *end,
		      int hpre)
{
	const struct tok *t = &d->tok[i];
	if (!(t->flags & TOK_WORD))
		return 0;
	char buf[160];
	/* more than one word only when some holiday starts with the first */
	uint32_t maxn = 1;
	if (hpre < 0)
		hpre = lex_prefix_h(dd->x, dd->l_hol, t->key, t->keylen, t->hash);
	if (hpre && !hol_joins(dd, d, i))
		hpre = 0;
	if (hpre)
		/* as many words as some holiday starts with ("new year's eve":
		 * 5 tokens); a longer join begins with every shorter one */
		for (uint32_t k = 2; k <= 6; k++) {
			size_t l = tok_join_keys(d, i, k, buf, sizeof(buf));
			if (!l || !lex_prefix_h(dd->x, dd->l_hol, buf, l, hash_bytes(buf, l)))
				break;
			maxn = k;
		}
	for (uint32_t n = maxn; n >= 1; n--) {
		/* one token: its key is what tok_join_keys would copy */
		size_t l = n > 1 ? tok_join_keys(d, i, n, buf, sizeof(buf)) :
			   t->keylen < sizeof(buf) ? t->keylen : 0;
		const char *r = !l ? NULL : n == 1 ? tok_get(dd, dd->l_hol, t)
				: lex_get(dd->x, dd->l_hol, buf, l);
		if (!r)
			continue;
		/* the first word of a multi-word name must be capitalised in
		 * running text; single words too, unless the text is all lower case */
		uint32_t e = i + n;
		int y;
		char key[64];
		int off;
		/* "Diwali 2019", "Diwali in 2019" */
		uint32_t ye = same_line(d, e) && is_year_tok(d, e) ? e :
			      same_line(d, e + 1) && tok_key_is(&d->tok[e], "in") &&
			      is_year_tok(d, e + 1) ? e + 1 : 0;
		/* "Thanksgiving of next year", "MLK Day of last year" */
		int rel, u;
		if (!ye && same_line(d, e + 2) && tok_key_is(&d->tok[e], "of") &&
		    dget(dd, DC_REL, &d->tok[e + 1], &rel) && rel >= -1 && rel <= 1 &&
		    dget(dd, DC_UNIT, &d->tok[e + 2], &u) && u == U_YEAR) {
			long z = hol_in_year(dd, r, d->year + rel);
			if (z == LONG_MIN)
				return 0;
			struct date *dt = push(d, t->start, d->tok[e + 2].end, 0);
			fmt_day(dt->value, z);
			*end = e + 3;
			return 1;
		}
		/* "last Christmas", "vergangene Ostern", "next Diwali": the one
		 * before or after the document date; "this": the one of its year */
		if (!ye && i > 0 && same_line(d, i) && dget(dd, DC_REL, &d->tok[i - 1], &rel) &&
		    rel >= -1 && rel <= 1) {
			long z0 = doc_day(d), z = LONG_MIN;
			for (int yy = d->year - 2; yy <= d->year + 2; yy++) {
				long x = hol_in_year(dd, r, yy);
				if (x == LONG_MIN)
					continue;
				if ((rel < 0 && x < z0) || (rel == 0 && yy == d->year))
					z = x;  /* the last such, or this year's */
				else if (rel > 0 && x > z0 && z == LONG_MIN)
					z = x;  /* the first after */
			}
			if (z == LONG_MIN)
				return 0;
			struct date *dt = push(d, d->tok[i - 1].start, d->tok[e - 1].end, 0);
			fmt_day(dt->value, z);
			*end = e;
			return 1;
		}
		if (sscanf(r, "table %63s %d", key, &off) == 2) {
			long z;
			if (ye) {
				z = table_in_year(dd, key, off, (int)tok_int(d, ye));
				e = ye + 1;
			} else
				z = table_near(dd, d, key, off, future_sentence(dd, d, i));
			if (z == LONG_MIN)
				return 0;  /* the table does not reach that year */
			struct date *dt = push(d, t->start, d->tok[e - 1].end, 0);
			fmt_day(dt->value, z);
			*end = e;
			return 1;
		}
		if (ye)
			y = (int)tok_int(d, ye), e = ye + 1;
		else
			y = year_for_month(d, holiday_month(r, d->year), future_sentence(dd, d, i));
		struct date *dt = push(d, t->start, d->tok[e - 1].end, 0);
		fmt_day(dt->value, holiday_day(r, y));
		*end = e;
		return 1;
	}
	return 0;
}

/* "erster Dienstag im Oktober", "letzter Sonntag im März 2014", "dritter
 * Tag im Oktober", "erste Woche im Oktober 2014". */
static int nth_at(const struct datedata *dd, struct doc *d, uint32_t i, uint32_t *end)
{
	int n = 0, rel, wd = -1, u = 0;
	const struct tok *t = &d->tok[i];
	if (!dget(dd, DC_DAYORD, t, &n) && !(dget(dd, DC_REL, t, &rel) && rel == -1 && (n = -1)))
		return 0;
	if (!same_line(d, i + 3))
		return 0;
	uint32_t e;
	const struct tok *w = &d->tok[i + 1];
	int isday = tok_key_is(w, "tag");
	if (!isday && !weekday_at(dd, d, i + 1, &wd, &e) && !(dget(dd, DC_UNIT, w, &u) && u == U_WEEK))
		return 0;
	const struct tok *p = &d->tok[i + 2];
	int m;
	if (!(tok_key_is(p, "im") || tok_key_is(p, "in") || tok_key_is(p, "of")) || !month_at(dd, d, i + 3, &m))
		return 0;
	e = i + 4;
	int y;
	if (same_line(d, e) && is_year_tok(d, e))
		y = (int)tok_int(d, e), e++;
	else
		y = year_for_month(d, m, future_sentence(dd, d, i));
	long first = days_from_civil(y, m, 1), last = days_from_civil(y, m, days_in_month(y, m));
	long r;
	char v[24];
	if (isday) {
		if (n > days_in_month(y, m))
			return 0;
		r = n > 0 ? first + n - 1 : last;
		fmt_day(v, r);
	} else if (wd >= 0) {
		if (n > 0)
			r = first + (wd - wday_of(first) + 7) % 7 + 7L * (n - 1);
		else
			r = last - (wday_of(last) - wd + 7) % 7;
		if (r > last)
			return 0;
		fmt_day(v, r);
	} else {
		/* weeks: the first begins on the first Monday, the last ends on
		 * the last Sunday of the month */
		if (n > 0)
			r = first + (7 - wday_of(first)) % 7 + 7L * (n - 1);
		else
			r = last - (wday_of(last) + 1) % 7 - 6;
		if (r > last)
			return 0;
		fmt_week(v, r);
	}
	struct date *dt = push(d, t->start, d->tok[e - 1].end, 0);
	memcpy(dt->value, v, 24);
	*end = e;
	return 1;
}

/* Spans sorted by start, each with the largest end among it and those
 * before it: "does any span starting before x end after y" is then one
 * binary search, whatever the spans' order and overlaps. */
struct span {
	uint32_t start, maxend;
};

static int span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

static void spans_prepare(struct span *sp, uint32_t n)
{
	/* mostly in text order already: no sort then (spans_maxend's answers
	 * do not depend on the order of spans with the same start) */
	uint32_t o = 1;
	while (o < n && sp[o - 1].start <= sp[o].start)
		o++;
	if (o < n)
		qsort(sp, n, sizeof(*sp), span_cmp);
	for (uint32_t k = 1; k < n; k++)
		if (sp[k].maxend < sp[k - 1].maxend)
			sp[k].maxend = sp[k - 1].maxend;
}

/* The largest end of the spans that start at or before x (strictly before
 * when strict), 0 if none. */
static uint32_t spans_maxend(const struct span *sp, uint32_t n, uint32_t x, int strict)
{
	uint32_t lo = 0, hi = n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (strict ? sp[mid].start < x : sp[mid].start <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? sp[lo - 1].maxend : 0;
}

/* No figure overlaps a date.  The figure stage runs first and knows no
 * calendar: where one of its figures reaches into a date that extends
 * beyond it ("2013 sales" in "in the fourth quarter of 2013 sales rose"),
 * the date wins and the figure goes (the links of the others renumbered);
 * a date inside a figure ("2013" of "2013 Besucher") goes. */
static void date_vs_figures(struct doc *d)
{
	if (!d->nfig || !d->ndate)
		return;
	struct span *sp = arena_alloc(d->ar, (d->nfig > d->ndate ? d->nfig : d->ndate) * sizeof(*sp));
	for (uint32_t i = 0; i < d->nfig; i++)
		sp[i] = (struct span){d->fig[i].start, d->fig[i].end};
	spans_prepare(sp, d->nfig);
	uint32_t o = 0;
	for (uint32_t j = 0; j < d->ndate; j++)
		if (spans_maxend(sp, d->nfig, d->date[j].start, 0) < d->date[j].end)
			d->date[o++] = d->date[j];      /* no figure holds it */
	d->ndate = o;
	if (!d->ndate)
		return;
	for (uint32_t j = 0; j < d->ndate; j++)
		sp[j] = (struct span){d->date[j].start, d->date[j].end};
	spans_prepare(sp, d->ndate);
	int32_t *to = arena_alloc(d->ar, d->nfig * sizeof(*to));
	o = 0;
	for (uint32_t i = 0; i < d->nfig; i++) {
		if (spans_maxend(sp, d->ndate, d->fig[i].end, 1) > d->fig[i].start) {
			to[i] = -1;     /* a date starts before its end and ends after its start */
			continue;
		}
		to[i] = (int32_t)o;
		d->fig[o++] = d->fig[i];
	}
	if (o == d->nfig)
		return;
	d->nfig = o;
	for (uint32_t k = 0; k < d->nfig; k++) {
		struct figure *f = &d->fig[k];
		if (f->range >= 0)
			f->range = to[f->range];
		if (f->equivalent >= 0)
			f->equivalent = to[f->equivalent];
	}
}

/* "vor zwei Wochen" (ago), "in einer Woche" at token i: pushes the date of
 * its three tokens and returns 1, or 0. */
static int ago_at(const struct datedata *dd, struct doc *d, uint32_t i)
{
	const struct tok *t = &d->tok[i];
	if (!(tok_key_is(t, "vor") || tok_key_is(t, "in")) || !same_line(d, i + 2))
		return 0;
	/* the unit's token: no day or month unit has its hash bits (clsb) */
	if (!(dd->clsb[d->tok[i + 2].hash >> 52] & (1u << DC_UNITDAY | 1u << DC_UNITMONTH)))
		return 0;
	int n = 0, per = 0, pm = 0;
	const struct tok *c = &d->tok[i + 1];
	long x2 = tok_int(d, i + 1);
	if (x2 >= 1 && x2 <= 100 && tok_len(c) <= 3)
		n = (int)x2;
	else
		dget(dd, DC_COUNT, c, &n);
	const struct tok *u = &d->tok[i + 2];
	int back = tok_key_is(t, "vor") ? -1 : 1;
	if (n > 0 && ((u->flags & TOK_CAP) || (d->tok[i].flags & TOK_LOWER && !(u->flags & TOK_CAP))) &&
	    (dget(dd, DC_UNITDAY, u, &per) || dget(dd, DC_UNITMONTH, u, &pm)) &&
	    /* "in elf Tagen" is as often a duration: only in a future
	     * clause (asked last: the clause is the dearest test) */
	    (back < 0 || future_sentence(dd, d, i))) {
		struct date *dt = push(d, t->start, u->end, 0);
		if (per)
			fmt_day(dt->value, doc_day(d) + back * (long)n * per);
		else {
			int mm = d->year * 12 + (d->month - 1) + back * n * pm;
			if (pm == 12)
				fmt_y(dt->value, mm / 12);
			else
				fmt_ym(dt->value, mm / 12, mm % 12 + 1);
		}
		return 1;
	}
	return 0;
}

/* The cheap skip of date_run for a token i that is no number: 0 when no
 * date can start at it.  A date starts with a digit, a word of the lists
 * in startmask, "vor"/"in" ("vor zwei Wochen"), the first word of a
 * holiday, "Q3"/"H1", or a weekday compound ("Montagabend"); every other
 * word a branch of date_run looks at is a neighbour of one of those.  One
 * probe of the start words (the first word of every entry) turns most
 * words away: a word that is none holds no list either. */
enum { WS_NONE, WS_ANY, WS_AGO };

static int word_may_start(const struct datedata *dd, const struct doc *d, uint32_t i, int *hpre)
{
	const struct tok *t = &d->tok[i];
	*hpre = -1;
	if (!(t->flags & TOK_WORD))
		return WS_NONE;
	if (t->keylen == 2 && (t->key[0] == 'q' || t->key[0] == 'h'))
		return WS_ANY;
	int start = start_has(dd, t->hash);
	if (!start && !((t->flags & TOK_CAP) && t->keylen >= 8 &&
			(t->key[0] == 'm' || t->key[0] == 'd' || t->key[0] == 'f' || t->key[0] == 's')))
		return WS_NONE;
	/* some holiday of several words begins with the word (none begins
	 * with its first bytes: most words, no probe) and the next (holidays
	 * of one word are in startmask) */
	*hpre = t->keylen && !bit_has(dd->hol3, pre_hash(t->key, t->keylen < 3 ? t->keylen : 3)) ? 0 :
		lex_prefix_h(dd->x, dd->l_hol, t->key, t->keylen, t->hash);
	if (*hpre && !hol_joins(dd, d, i))
		*hpre = 0;
	/* (start_add leaves out first words of 120 bytes and more) */
	if ((t->flags & TOK_ALNUM) || t->keylen >= 40 || *hpre)
		return WS_ANY;
	if (start && (tok_mask(dd, t) & dd->startmask))
		return WS_ANY;
	/* "vor", "in" (no weekday compound): only "vor zwei Wochen" */
	if (start && (tok_key_is(t, "vor") || tok_key_is(t, "in")))
		return WS_AGO;
	int wd;
	return weekday_compound(dd, t, &wd) ? WS_ANY : WS_NONE;
}

/* The first token from i on that word_may_start may take (a digit, a
 * word of letters and digits, a start word of liveb, "Q3"/"H1", a weekday
 * compound), or d->ntok: the skip of the ordinary words in a loop of its
 * own, out of line, one bit test for most.  word_may_start then judges
 * the token. */
__attribute__((noinline))
static uint32_t date_skip(const struct datedata *dd, const struct doc *d, uint32_t i)
{
	if (!dd->nstarts)
		return i;       /* no start words: every word may start a date */
	const struct tok *t0 = d->tok, *e = d->tok + d->ntok;
	for (const struct tok *t = t0 + i; t < e; t++) {
		/* a word tok_run did not mark (date_lead) passes no test
		 * below, nor does punctuation (no digit): a tight loop */
		const uint32_t skip = TOK_WORD | TOK_NUM | TOK_ALNUM | TOK_LEAD | TOK_PUNCT;
		while (t < e && ((t->flags & skip) == TOK_WORD || (t->flags & skip) == TOK_PUNCT))
			t++;
		if (t == e)
			break;
		i = (uint32_t)(t - t0);
		/* a token that begins with a digit is a number or a word of
		 * letters and digits (tok.c): a plain word needs no look at
		 * its first byte */
		if ((t->flags & (TOK_WORD | TOK_NUM | TOK_ALNUM)) != TOK_WORD) {
			unsigned char c0 = (unsigned char)d->text[t->start];
			if ((c0 >= '0' && c0 <= '9') || (t->flags & TOK_ALNUM))
				return i;
			if (!(t->flags & TOK_WORD))
				continue;
		}
		if (!(t->flags & TOK_LEAD))
			continue;
		if (bit_has(dd->liveb, (unsigned)(t->hash >> 48)) || t->keylen >= 40 ||
		    (t->keylen == 2 && (t->key[0] == 'q' || t->key[0] == 'h')) ||
		    ((t->flags & TOK_CAP) && t->keylen >= 8 &&
		     (t->key[0] == 'm' || t->key[0] == 'd' || t->key[0] == 'f' || t->key[0] == 's') &&
		     /* what word_may_start takes of these: a weekday
		      * compound, or the start of a holiday */
		     (bit_has(dd->wd5, pre_hash(t->key, 5)) ||
		      bit_has(dd->hol3, pre_hash(t->key, 3)))))
			return i;
	}
	return d->ntok;
}

void date_run(const struct datedata *dd, struct doc *d)
{
	if (!dd || !d->ntok || d->year < 1 || d->month < 1 || d->month > 12 || d->day < 1)
		return;
	date_tm = (struct datemasks){arena_alloc(d->ar, sizeof(uint64_t) * d->ntok),
				     arena_zalloc(d->ar, sizeof(uint64_t) * ((d->ntok + 63) / 64)),
				     d->tok, d->ntok, NULL, 0};
	month_memo_clear();
	long z = doc_day(d);
	uint32_t i = 0, qi = 0;
	int inquote = 0;
	while ((i = date_skip(dd, d, i)) < d->ntok) {
		const struct tok *t = &d->tok[i];
		unsigned char c0 = (unsigned char)d->text[t->start];
		int isdig = c0 >= '0' && c0 <= '9';
		int hpre = -1, ws = isdig ? WS_ANY : word_may_start(dd, d, i, &hpre);
		if (ws == WS_NONE) {
			i++;
			continue;
		}
		if (ws == WS_AGO) {
			i += ago_at(dd, d, i) ? 3 : 1;
			continue;
		}
		char v[24];
		uint32_t e;
		int mod = 0, x, wd, m;
		uint32_t k = i;
		/* a number in no word list (most digits, not "3."): no word
		 * branch below takes it (each asks a list or a word) */
		if (isdig && !(t->flags & TOK_WORD) && !tok_mask(dd, t))
			goto digits;
		/* "Anfang/Mitte/Ende" + ... */
		if (dget(dd, DC_MOD, t, &mod) && same_line(d, i + 1) &&
		    (d->lang == NERD_LANG_EN || (t->flags & TOK_CAP))) {
			k = i + 1;
			/* "Anfang der kommenden Woche", "Ende des Jahres", "end of next week" */
			if (tok_key_is(&d->tok[k], "of") && same_line(d, k + 1))
				k++;
			if ((tok_key_is(&d->tok[k], "der") || tok_key_is(&d->tok[k], "des") ||
			     tok_key_is(&d->tok[k], "the")) &&
			    same_line(d, k + 1)) {
				int u;
				if (dget(dd, DC_UNIT, &d->tok[k + 1], &u) && (u == U_WEEK || u == U_MONTH ||
									      u == U_YEAR)) {
					struct date *dt = push(d, t->start, d->tok[k + 1].end, mod);
					if (u == U_WEEK)
						fmt_week(dt->value, z);
					else if (u == U_MONTH)
						fmt_ym(dt->value, d->year, d->month);
					else
						fmt_y(dt->value, d->year);
					i = k + 2;
					continue;
				}
				k++;
			}
			int n = rel_at(dd, d, k, mod, i);
			if (n) {
				i = k + (uint32_t)n;
				continue;
			}
			if (month_at(dd, d, k, &m)) {
				struct date *dt;
				if (same_line(d, k + 1) && is_year_tok(d, k + 1)) {
					dt = push(d, t->start, d->tok[k + 1].end, mod);
					fmt_ym(dt->value, (int)tok_int(d, k + 1), m);
					i = k + 2;
				} else {
					dt = push(d, t->start, d->tok[k].end, mod);
					fmt_ym(dt->value, year_for_month(d, m, future_sentence(dd, d, k)),
					       m);
					i = k + 1;
				}
				continue;
			}
			if (is_year_tok(d, k)) {
				struct date *dt = push(d, t->start, d->tok[k].end, mod);
				fmt_y(dt->value, (int)tok_int(d, k));
				i = k + 1;
				continue;
			}
			if (period_at(dd, d, k, mod, i, &e)) {
				i = e;
				continue;
			}
			mod = 0;
		}
		if (nth_at(dd, d, i, &e)) {
			i = e;
			continue;
		}
		/* holidays: "Ostermontag 2018", "Tag der Deutschen Einheit" */
		/* (none of one word unless its hash has a bit in holb, none of
		 * more words unless one begins with it: hpre) */
		if ((hpre || bit_has(dd->holb, (unsigned)(t->hash >> 48))) &&
		    holiday_at(dd, d, i, &e, hpre)) {
			i = e;
			continue;
		}
		/* weekday, with ", 28. Oktober 2025" after it */
		if (weekday_at(dd, d, i, &wd, &e)) {
			uint32_t e2;
			uint32_t k2 = e;
			if (same_line(d, k2) && tok_is(d, &d->tok[k2], ","))
				k2++;
			if (same_line(d, k2) && (tok_key_is(&d->tok[k2], "den") || tok_key_is(&d->tok[k2], "der")))
				k2++;
			if (same_line(d, k2) && full_date_at(dd, d, k2, v, &e2)) {
				struct date *dt = push(d, t->start, d->tok[e2 - 1].end, 0);
				memcpy(dt->value, v, 24);
				/* no year written: the year (of three) in which the day
				 * falls on that weekday ("Wednesday, March 4") */
				if (!is_year_tok(d, e2 - 1) && strlen(v) == 10) {
					int yy = atoi(v), mm = atoi(v + 5), dy = atoi(v + 8);
					static const int off[] = {0, -1, 1};
					for (size_t q = 0; q < ARRAY_LEN(off); q++) {
						int y2 = yy + off[q];
						if (dy <= days_in_month(y2, mm) &&
						    wday_of(days_from_civil(y2, mm, dy)) == wd) {
							fmt_ymd(dt->value, y2, mm, dy);
							break;
						}
					}
				}
				i = e2;
				continue;
			}
			/* "Mittwoch der nächsten Woche", "Mittwoch nächste Woche" */
			uint32_t k3 = e;
			int rw, uw;
			if (same_line(d, k3) && tok_key_is(&d->tok[k3], "der"))
				k3++;
			if (same_line(d, k3 + 1) && dget(dd, DC_REL, &d->tok[k3], &rw) &&
			    dget(dd, DC_UNIT, &d->tok[k3 + 1], &uw) && uw == U_WEEK) {
				struct date *dt = push(d, t->start, d->tok[k3 + 1].end, 0);
				fmt_day(dt->value, z - wday_of(z) + 7L * rw + wd);
				i = k3 + 2;
				continue;
			}
			/* "Mittwoch vor zwei Wochen", "Freitag in 3 Wochen": that
			 * weekday in the week N weeks back or ahead */
			int nw = 0, uday;
			if (same_line(d, e + 2) && e + 2 < d->ntok &&
			    (tok_key_is(&d->tok[e], "vor") || tok_key_is(&d->tok[e], "in")) &&
			    dget(dd, DC_UNITDAY, &d->tok[e + 2], &uday) && uday == 7) {
				if (is_num_tok(d, e + 1))
					nw = (int)tok_int(d, e + 1);
				else if (!dget(dd, DC_COUNT, &d->tok[e + 1], &nw))
					nw = 0;
			}
			if (nw > 0 && nw <= 52) {
				int sign = tok_key_is(&d->tok[e], "vor") ? -1 : 1;
				struct date *dt = push(d, t->start, d->tok[e + 2].end, 0);
				fmt_day(dt->value, z - wday_of(z) + 7L * sign * nw + wd);
				i = e + 3;
				continue;
			}
			int dir = 0;
			if (i > 0 && dget(dd, DC_REL, &d->tok[i - 1], &x))
				dir = x > 0 ? 1 : x < 0 ? -1 : 0;
			else if (future_sentence(dd, d, i))
				dir = 1;
			struct date *dt = push(d, t->start, d->tok[e - 1].end, 0);
			fmt_day(dt->value, resolve_weekday(d, wd, dir));
			i = e;
			continue;
		}
		/* relative words: "gestern", "morgen", "am Vortag" */
		if (dget(dd, DC_RELDAY, t, &x)) {
			/* quotation state up to token i, read on from where the
			 * last relative word left it */
			for (; qi <= i; qi++) {
				uint32_t fl = d->tok[qi].flags;
				if (!(fl & (TOK_PARA | TOK_QOPEN | TOK_QCLOSE)))
					continue;       /* most tokens */
				if (fl & TOK_PARA)
					inquote = 0;
				if (fl & TOK_QOPEN)
					inquote = 1;
				else if (fl & TOK_QCLOSE)
					inquote = 0;
			}
			int ok = !inquote;
			/* "der heute dem Aufsichtsrat vorsitzt": nowadays */
			if (i > 0 && (tok_key_is(&d->tok[i - 1], "der") || tok_key_is(&d->tok[i - 1], "die") ||
				      tok_key_is(&d->tok[i - 1], "das") || tok_key_is(&d->tok[i - 1], "bis") ||
				      tok_key_is(&d->tok[i - 1], "noch") || tok_key_is(&d->tok[i - 1], "von")))
				ok = 0;
			if (ok && (tok_key_is(t, "morgen") || tok_key_is(t, "vortag")))
				ok = tok_key_is(t, "vortag") ? (i > 0 && tok_key_is(&d->tok[i - 1], "am"))
							     : ((t->flags & TOK_LOWER) != 0);
			if (d->lang == NERD_LANG_DE && (tok_key_is(t, "today") || tok_key_is(t, "yesterday") ||
							tok_key_is(t, "tomorrow")))
				ok = 0;
			if (ok) {
				struct date *dt = push(d, t->start, t->end, 0);
				fmt_day(dt->value, z + x);
				i++;
				continue;
			}
		}
		/* "vergangene Woche", "kommenden Montag", "dieses Jahr" */
		if ((t->flags & TOK_WORD) && dget(dd, DC_REL, t, NULL)) {
			int n = rel_at(dd, d, i, 0, i);
			if (n) {
				i += (uint32_t)n;
				continue;
			}
		}
		int dd1;        /* before the label: C17 puts no declaration after one */
	digits:
		/* "11. bis 21. Februar 2027": the first day takes the month and year */
		if (isdig && (t->flags & TOK_ORD) && (dd1 = day_at(dd, d, i, 1)) && same_line(d, i + 2) &&
		    (tok_key_is(&d->tok[i + 1], "bis") || tok_is(d, &d->tok[i + 1], "–") ||
		     tok_is(d, &d->tok[i + 1], "-") || tok_key_is(&d->tok[i + 1], "und")) &&
		    full_date_at(dd, d, i + 2, v, &e)) {
			struct date *dt = push(d, t->start, t->end, 0);
			memcpy(dt->value, v, 24);
			snprintf(dt->value + 8, 16, "%02d", dd1);
			int yy = atoi(v), mm = atoi(v + 5);
			if (dd1 > days_in_month(yy, mm))
				d->ndate--;
			i++;
			continue;
		}
		/* "Oct. 22-23", "Juli 13-15": two days */
		uint32_t mn2;
		if (month_at(dd, d, i, &m) && (mn2 = month_next(d, i)) && same_line(d, mn2) &&
		    (d->tok[mn2].flags & TOK_HYPHEN) && !(d->tok[mn2].flags & TOK_WORD)) {
			const struct tok *h = &d->tok[mn2];
			int d1 = 0, d2 = 0;
			uint32_t p = h->start;
			/* Stop at three digits, as for d2: a long run of digits
			 * overflowed int (UBSan, found by fuzz_extract) and is no
			 * day anyway (the checks below refuse it). */
			while (p < h->end && d->text[p] >= '0' && d->text[p] <= '9' && d1 < 100)
				d1 = d1 * 10 + (d->text[p++] - '0');
			uint32_t dash = p;
			if (p < h->end && d->text[p] == '-')
				p++;
			while (p < h->end && d->text[p] >= '0' && d->text[p] <= '9' && d2 < 100)
				d2 = d2 * 10 + (d->text[p++] - '0');
			int y = year_for_month(d, m, future_sentence(dd, d, i));
			if (p == h->end && dash - h->start <= 2 && d1 >= 1 && d2 > d1 &&
			    d2 <= days_in_month(y, m)) {
				struct date *dt = push(d, t->start, dash, 0);
				fmt_ymd(dt->value, y, m, d1);
				dt = push(d, dash + 1, h->end, 0);
				fmt_ymd(dt->value, y, m, d2);
				i = mn2 + 1;
				continue;
			}
		}
		/* "the March quarter": the quarter that ends with (or holds) the month */
		int uq;
		if (d->lang == NERD_LANG_EN && month_at(dd, d, i, &m) && same_line(d, i + 1) &&
		    dget(dd, DC_UNIT, &d->tok[i + 1], &uq) && uq == U_QUARTER) {
			int q = (m - 1) / 3 + 1, cur = (d->month - 1) / 3 + 1, y = d->year;
			if (q > cur + 1)
				y--;
			struct date *dt = push(d, t->start, d->tok[i + 1].end, 0);
			snprintf(dt->value, 24, "%04d-Q%d", y, q);
			i += 2;
			continue;
		}
		/* "vor zwei Wochen" (ago), "in einer Woche"; "two weeks ago" */
		if (ago_at(dd, d, i)) {
			i += 3;
			continue;
		}
		/* "am 10.10": a day and month without the final dot after "am" */
		if (isdig && i > 0 && (tok_key_is(&d->tok[i - 1], "am") || tok_key_is(&d->tok[i - 1], "vom") ||
				       tok_key_is(&d->tok[i - 1], "zum")) &&
		    tok_len(t) <= 5 && memchr(d->text + t->start, '.', tok_len(t)) &&
		    !(t->flags & TOK_ORD) && (t->flags & TOK_NUM) && !(t->flags & TOK_WORD)) {
			int a1 = 0, a2 = 0;
			uint32_t p = t->start;
			while (p < t->end && d->text[p] != '.')
				a1 = a1 * 10 + (d->text[p++] - '0');
			for (p++; p < t->end; p++)
				a2 = a2 * 10 + (d->text[p] - '0');
			uint32_t nx = i + 1;
			int uhr = same_line(d, nx) && tok_key_is(&d->tok[nx], "uhr");
			if (!uhr && a2 >= 1 && a2 <= 12 && a1 >= 1) {
				int y = year_for_month(d, a2, future_sentence(dd, d, i));
				if (a1 <= days_in_month(y, a2)) {
					struct date *dt = push(d, t->start, t->end, 0);
					fmt_ymd(dt->value, y, a2, a1);
					i++;
					continue;
				}
			}
		}
		/* full dates */
		if (full_date_at(dd, d, i, v, &e)) {
			struct date *dt = push(d, t->start, d->tok[e - 1].end, 0);
			memcpy(dt->value, v, 24);
			i = e;
			continue;
		}
		/* quarters and half-years */
		if (period_at(dd, d, i, 0, i, &e)) {
			i = e;
			continue;
		}
		/* months: "im Juli", "Juli 2025", "von Januar bis März" */
		if (month_at(dd, d, i, &m)) {
			struct date *dt;
			int rel, u;
			if (same_line(d, i + 2) && dget(dd, DC_REL, &d->tok[i + 1], &rel) &&
			    dget(dd, DC_UNIT, &d->tok[i + 2], &u) && u == U_YEAR) {
				/* "Mai vergangenen Jahres" */
				dt = push(d, t->start, d->tok[i + 2].end, 0);
				fmt_ym(dt->value, d->year + rel, m);
				i += 3;
				continue;
			}
			/* "von Januar bis März 2025": the year of the second month */
			int m2;
			if (same_line(d, i + 3) && (tok_key_is(&d->tok[i + 1], "bis") ||
						    tok_is(d, &d->tok[i + 1], "–") || tok_is(d, &d->tok[i + 1], "-")) &&
			    month_at(dd, d, i + 2, &m2) && is_year_tok(d, i + 3) && m2 >= m) {
				dt = push(d, t->start, t->end, 0);
				fmt_ym(dt->value, (int)tok_int(d, i + 3), m);
				i++;
				continue;
			}
			if (same_line(d, i + 1) && is_year_tok(d, i + 1)) {
				dt = push(d, t->start, d->tok[i + 1].end, 0);
				fmt_ym(dt->value, (int)tok_int(d, i + 1), m);
				i += 2;
			} else {
				dt = push(d, t->start, t->end, 0);
				fmt_ym(dt->value, year_for_month(d, m, future_sentence(dd, d, i) ? 1 : 0),
				       m);
				i++;
			}
			continue;
		}
		/* years */
		if (isdig && year_alone(d, i) && !year_counted(dd, d, i)) {
			struct date *dt = push(d, t->start, t->end, 0);
			fmt_y(dt->value, (int)tok_int(d, i));
			i++;
			continue;
		}
		i++;
	}
	date_tm.m = NULL;
	date_tm.last = NULL;
	date_vs_figures(d);
}
