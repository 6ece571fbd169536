/* check_figprop.c -- property tests of the figure and date stages over
 * generated texts (the acceptance points of issue 5):
 *
 *  - round trip: a value (whole, with decimals, with a scale word, as
 *    number words) with a currency, a percent sign or a unit, and sometimes
 *    a qualifier, written the way German or English news writes it
 *    ("1.234,5 Tonnen", "rund 2,5 Mio. Euro", "zweihundertdreißigtausend
 *    Besucher", "$3.2bn", "more than 12,500 km") is read back as exactly one
 *    figure with that span, kind, value, currency or unit, approx and bound;
 *  - no figure overlaps a date: texts that mix generated dates in every
 *    format the date stage reads with generated figures give every date
 *    its value, every figure its value, and never a figure that covers a
 *    date; likewise a set of hand-written sentences.
 *
 * A fixed xorshift seed makes every run the same; a failure message gives
 * the text.  The sentences and frames are written for these tests. */
#include "config.h"

#include <check.h>
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "date.h"
#include "doc.h"
#include "fig.h"
#include "model.h"
#include "nerd.h"
#include "tok.h"

#include "check_model.h"

static struct doc *run(const char *text, int lang)
{
	struct doc *d = calloc(1, sizeof(*d));
	d->text = text;
	d->len = (uint32_t)strlen(text);
	d->ar = arena_new(0);
	d->m = model;
	d->lang = lang;
	d->year = 2025, d->month = 10, d->day = 28, d->wday = 1;
	tok_run(d);
	fig_run(model->fig, d);
	date_run(model->date, d);
	return d;
}

static void done(struct doc *d)
{
	arena_free(d->ar);
	free(d);
}

static uint64_t rng_state;
static int verbose;             /* FIGPROP_VERBOSE=1: every failure on stderr, */
static int trace;               /* FIGPROP_TRACE=1: every generated text */

static uint64_t rng(void)
{
	uint64_t x = rng_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

static unsigned pick(unsigned n)
{
	return (unsigned)(rng() % n);
}

/* Appends to a bounded string. */
static void add(char *s, size_t cap, const char *fmt, ...)
{
	size_t n = strlen(s);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s + n, cap - n, fmt, ap);
	va_end(ap);
}

/* ---- writing numbers ---- */

/* ip with thousands groups (sep) and, when dec > 0, `dec` decimals of frac
 * after the decimal mark. */
static void fmt_num(char *out, size_t cap, long long ip, int frac, int dec, const char *sep,
		    char mark)
{
	char digits[32];
	snprintf(digits, sizeof(digits), "%lld", ip);
	size_t n = strlen(digits);
	out[0] = 0;
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0 && sep)
			add(out, cap, "%s", sep);
		add(out, cap, "%c", digits[i]);
	}
	if (dec == 1)
		add(out, cap, "%c%d", mark, frac);
	else if (dec == 2)
		add(out, cap, "%c%d%d", mark, frac / 10, frac % 10);
}

static const char *const de_ones[] = {"", "ein", "zwei", "drei", "vier", "fünf", "sechs",
	"sieben", "acht", "neun"};
static const char *const de_teens[] = {"zehn", "elf", "zwölf", "dreizehn", "vierzehn",
	"fünfzehn", "sechzehn", "siebzehn", "achtzehn", "neunzehn"};
static const char *const de_tens[] = {"", "", "zwanzig", "dreißig", "vierzig", "fünfzig",
	"sechzig", "siebzig", "achtzig", "neunzig"};

/* 1..999 as one German word part ("dreihundertvierundzwanzig"); the final
 * 1 is "eins" only where asked (never before a noun: "hundertein"). */
static void de_words3(char *out, size_t cap, int x)
{
	if (x >= 100)
		add(out, cap, "%shundert", de_ones[x / 100]);
	x %= 100;
	if (x >= 20) {
		if (x % 10)
			add(out, cap, "%sund", de_ones[x % 10]);
		add(out, cap, "%s", de_tens[x / 10]);
	} else if (x >= 10)
		add(out, cap, "%s", de_teens[x - 10]);
	else if (x)
		add(out, cap, "%s", de_ones[x]);
}

/* 2..999999 as a German compound ("zweihundertdreißigtausendvierzehn"). */
static void de_words(char *out, size_t cap, int n)
{
	out[0] = 0;
	if (n >= 1000) {
		de_words3(out, cap, n / 1000);
		add(out, cap, "tausend");
	}
	de_words3(out, cap, n % 1000);
}

static const char *const en_ones[] = {"", "one", "two", "three", "four", "five", "six", "seven",
	"eight", "nine"};
static const char *const en_teens[] = {"ten", "eleven", "twelve", "thirteen", "fourteen",
	"fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
static const char *const en_tens[] = {"", "", "twenty", "thirty", "forty", "fifty", "sixty",
	"seventy", "eighty", "ninety"};

static void en_words3(char *out, size_t cap, int x, int and)
{
	if (x >= 100) {
		add(out, cap, "%s%s hundred", out[0] ? " " : "", en_ones[x / 100]);
		if (x % 100 && and)
			add(out, cap, " and");
	}
	x %= 100;
	if (x >= 20) {
		add(out, cap, "%s%s", out[0] ? " " : "", en_tens[x / 10]);
		if (x % 10)
			add(out, cap, "-%s", en_ones[x % 10]);
	} else if (x >= 10)
		add(out, cap, "%s%s", out[0] ? " " : "", en_teens[x - 10]);
	else if (x)
		add(out, cap, "%s%s", out[0] ? " " : "", en_ones[x]);
}

/* 2..999999 in English words ("two hundred (and) forty-three thousand"). */
static void en_words(char *out, size_t cap, int n, int and)
{
	out[0] = 0;
	if (n >= 1000) {
		en_words3(out, cap, n / 1000, and);
		add(out, cap, " thousand");
	}
	en_words3(out, cap, n % 1000, and);
}

/* ---- what the figure measures ---- */

struct unitspec {
	const char *text;       /* as written */
	int pre;                /* stands before the number */
	int glued;              /* no space between it and the number */
	uint8_t kind;
	const char *code;       /* currency, or NULL */
	const char *unit;       /* normalised unit, or NULL */
};

static const struct unitspec de_units[] = {
	{"Euro", 0, 0, FK_MONEY, "EUR", NULL},
	{"€", 0, 0, FK_MONEY, "EUR", NULL},
	{"US-Dollar", 0, 0, FK_MONEY, "USD", NULL},
	{"Dollar", 0, 0, FK_MONEY, "USD", NULL},
	{"$", 1, 1, FK_MONEY, "USD", NULL},
	{"Pfund", 0, 0, FK_MONEY, "GBP", NULL},
	{"Franken", 0, 0, FK_MONEY, "CHF", NULL},
	{"CHF", 1, 0, FK_MONEY, "CHF", NULL},
	{"Yen", 0, 0, FK_MONEY, "JPY", NULL},
	{"Yuan", 0, 0, FK_MONEY, "CNY", NULL},
	{"Rupien", 0, 0, FK_MONEY, "INR", NULL},
	{"Prozent", 0, 0, FK_PERCENT, NULL, NULL},
	{"%", 0, 0, FK_PERCENT, NULL, NULL},
	{"Prozentpunkte", 0, 0, FK_PERCENT, NULL, "pp"},
	{"Kilometer", 0, 0, FK_QUANTITY, NULL, "km"},
	{"km", 0, 0, FK_QUANTITY, NULL, "km"},
	{"Tonnen", 0, 0, FK_QUANTITY, NULL, "t"},
	{"Hektar", 0, 0, FK_QUANTITY, NULL, "ha"},
	{"Megawatt", 0, 0, FK_QUANTITY, NULL, "MW"},
	{"Liter", 0, 0, FK_QUANTITY, NULL, "l"},
	{"Quadratkilometer", 0, 0, FK_QUANTITY, NULL, "km²"},
};

static const struct unitspec en_units[] = {
	{"dollars", 0, 0, FK_MONEY, "USD", NULL},
	{"$", 1, 1, FK_MONEY, "USD", NULL},
	{"euros", 0, 0, FK_MONEY, "EUR", NULL},
	{"€", 1, 1, FK_MONEY, "EUR", NULL},
	{"£", 1, 1, FK_MONEY, "GBP", NULL},
	{"pounds", 0, 0, FK_MONEY, "GBP", NULL},
	{"yen", 0, 0, FK_MONEY, "JPY", NULL},
	{"percent", 0, 0, FK_PERCENT, NULL, NULL},
	{"%", 0, 1, FK_PERCENT, NULL, NULL},
	{"percentage points", 0, 0, FK_PERCENT, NULL, "pp"},
	{"kilometres", 0, 0, FK_QUANTITY, NULL, "km"},
	{"km", 0, 0, FK_QUANTITY, NULL, "km"},
	{"tonnes", 0, 0, FK_QUANTITY, NULL, "t"},
	{"hectares", 0, 0, FK_QUANTITY, NULL, "ha"},
	{"miles", 0, 0, FK_QUANTITY, NULL, "mi"},
	{"litres", 0, 0, FK_QUANTITY, NULL, "l"},
};

/* One generated figure: its text and what the figure stage must report. */
struct gen {
	char text[160];         /* the figure's span */
	char qual[24];          /* qualifier before it ("rund "), outside the span */
	double value;
	const struct unitspec *u;
	int approx, bound;
};

/* A number as news writes it: *value gets its value, out its text.
 * sym: a currency symbol stands glued before it ("$3.2bn": the short scales
 * "m" and "bn" only there, and never number words). */
static void gen_number(char *out, size_t cap, double *value, int german, int sym, int *scaled)
{
	unsigned form = pick(sym ? 6 : 8);
	*scaled = 0;
	out[0] = 0;
	if (form <= 2) {
		/* grouped, maybe with decimals: "1.234.567", "12.500,75", "0,91" */
		long long ip = (long long)(rng() % (form == 0 ? 1000 : form == 1 ? 100000 : 100000000));
		int dec = (int)pick(3), frac = dec == 1 ? (int)pick(10) : dec == 2 ? (int)pick(100) : 0;
		if (ip >= 1900 && ip <= 2100 && !dec)
			ip += 300;      /* a bare four-digit number there is a year */
		if (ip == 0 && frac == 0)
			frac = 5, dec = 1;
		fmt_num(out, cap, ip, frac, dec, german ? "." : ",", german ? ',' : '.');
		*value = (double)ip + (dec == 1 ? frac / 10.0 : dec == 2 ? frac / 100.0 : 0);
	} else if (form == 3 && german) {
		/* space-grouped large whole numbers: "12 500", "1 250 000", with a
		 * plain, a no-break or a narrow no-break space */
		static const char *const sp[] = {" ", "\xc2\xa0", "\xe2\x80\xaf"};
		long long ip = 10000 + (long long)(rng() % 9990000);
		fmt_num(out, cap, ip, 0, 0, sp[pick(3)], ',');
		*value = (double)ip;
	} else if (form <= 5) {
		/* a scale word: "1,5 Millionen", "2 Mrd.", "3.2 billion", "$2bn" */
		static const char *const de_sc[] = {"Millionen", "Mio.", "Milliarden", "Mrd.", "Billionen"};
		static const double de_mul[] = {1e6, 1e6, 1e9, 1e9, 1e12};
		static const char *const en_sc[] = {" million", " billion", " trillion", "m", "bn"};
		static const double en_mul[] = {1e6, 1e9, 1e12, 1e6, 1e9};
		unsigned s = pick(5);
		if (!german && s >= 3 && !sym)
			s = pick(3);    /* "1.5m" alone is 1.5 metres; "$1.5m" is money */
		long long ip = 1 + (long long)pick(999);
		int dec = (int)pick(2), frac = dec ? (int)pick(10) : 0;
		fmt_num(out, cap, ip, frac, dec, german ? "." : ",", german ? ',' : '.');
		add(out, cap, "%s%s", german ? " " : "", german ? de_sc[s] : en_sc[s]);
		*value = ((double)ip + frac / 10.0) * (german ? de_mul[s] : en_mul[s]);
		*scaled = 1;
	} else if (form == 6 && pick(2)) {
		/* a number word and a scale word: "drei Millionen", "eine Milliarde",
		 * "zwölf Milliarden", "two million", "forty-five billion" */
		static const char *const de_one[] = {"eine Million", "eine Milliarde", "eine Billion"};
		static const char *const de_many[] = {"Millionen", "Milliarden", "Billionen"};
		static const char *const en_sc[] = {"million", "billion", "trillion"};
		static const double mul[] = {1e6, 1e9, 1e12};
		unsigned s = pick(3);
		int n = 1 + (int)pick(99);
		if (german && n == 1)
			snprintf(out, cap, "%s", de_one[s]);
		else if (german) {
			de_words(out, cap, n);
			add(out, cap, " %s", de_many[s]);
		} else {
			en_words(out, cap, n, 0);
			add(out, cap, " %s", en_sc[s]);
		}
		*value = n * mul[s];
		*scaled = 1;
	} else {
		/* number words: "zweihundertdreißigtausend", "forty-two thousand" */
		int n = 2 + (int)pick(999998);
		if (n % 100 == 1)
			n++;            /* "hundertein" / "hunderteins": avoid the final one */
		if (german)
			de_words(out, cap, n);
		else
			en_words(out, cap, n, (int)pick(2));
		*value = n;
	}
}

static void gen_figure(struct gen *g, int german)
{
	memset(g, 0, sizeof(*g));
	const struct unitspec *us = german ? de_units : en_units;
	size_t nu = german ? sizeof(de_units) / sizeof(de_units[0]) :
		    sizeof(en_units) / sizeof(en_units[0]);
	g->u = &us[pick((unsigned)nu)];
	char num[128];
	int scaled;
	if (g->u->kind == FK_PERCENT) {
		/* percentages: "4,5 Prozent", "12%", "0.25 percentage points" */
		long long ip = (long long)pick(200);
		int dec = (int)pick(3), frac = dec == 1 ? (int)pick(10) : dec == 2 ? (int)pick(100) : 0;
		if (ip == 0 && frac == 0)
			ip = 7;
		fmt_num(num, sizeof(num), ip, frac, dec, NULL, german ? ',' : '.');
		g->value = (double)ip + (dec == 1 ? frac / 10.0 : dec == 2 ? frac / 100.0 : 0);
		scaled = 0;
	} else
		gen_number(num, sizeof(num), &g->value, german, g->u->pre && g->u->glued, &scaled);
	if (g->u->pre)
		snprintf(g->text, sizeof(g->text), "%s%s%s", g->u->text, g->u->glued ? "" : " ", num);
	else
		snprintf(g->text, sizeof(g->text), "%s%s%s", num, g->u->glued ? "" : " ", g->u->text);
	static const char *const de_q[] = {"rund ", "etwa ", "mehr als ", "bis zu ", "knapp ",
		"mindestens ", "gut ", "über ", "weniger als ", "höchstens ", "circa ", "ca. "};
	static const char *const en_q[] = {"about ", "some ", "more than ", "up to ", "nearly ",
		"at least ", "around ", "over ", "less than ", "at most ", "roughly ", "almost "};
	static const int qa[] = {1, 1, 0, 0, 1, 0, 1, 0, 0, 0, 1, 1},
			 qb[] = {0, 0, FB_MIN, FB_MAX, 0, FB_MIN, 0, FB_MIN, FB_MAX, FB_MAX, 0, 0};
	if (pick(3) == 0) {
		unsigned q = pick(12);
		snprintf(g->qual, sizeof(g->qual), "%s", german ? de_q[q] : en_q[q]);
		g->approx = qa[q];
		g->bound = qb[q];
	}
}

/* Checks figure f against g; writes the reason for a mismatch to why. */
static int fig_matches(const struct doc *d, const struct figure *f, const struct gen *g,
		       uint32_t start, char *why, size_t cap)
{
	size_t n = strlen(g->text);
	if (f->start != start || f->end - f->start != n) {
		snprintf(why, cap, "span \"%.*s\"", (int)(f->end - f->start), d->text + f->start);
		return 0;
	}
	if (f->kind != g->u->kind) {
		snprintf(why, cap, "kind %d, want %d", f->kind, g->u->kind);
		return 0;
	}
	if (!(fabs(f->value - g->value) <= 1e-9 * fmax(1, fabs(g->value)))) {
		snprintf(why, cap, "value %.17g, want %.17g", f->value, g->value);
		return 0;
	}
	if (g->u->code && strcmp(f->currency, g->u->code)) {
		snprintf(why, cap, "currency \"%s\", want %s", f->currency, g->u->code);
		return 0;
	}
	if ((g->u->unit || f->unit) && (!g->u->unit || !f->unit || strcmp(g->u->unit, f->unit))) {
		snprintf(why, cap, "unit \"%s\", want \"%s\"", f->unit ? f->unit : "(none)",
			 g->u->unit ? g->u->unit : "(none)");
		return 0;
	}
	if (f->approx != g->approx || f->bound != g->bound) {
		snprintf(why, cap, "approx %d bound %d, want %d %d", f->approx, f->bound, g->approx,
			 g->bound);
		return 0;
	}
	return 1;
}

/* The figure that starts at byte `start`, or NULL. */
static const struct figure *fig_at(const struct doc *d, uint32_t start)
{
	for (uint32_t i = 0; i < d->nfig; i++)
		if (d->fig[i].start == start)
			return &d->fig[i];
	return NULL;
}

/* Does a figure cover a date?  Writes which to why. */
static int overlap(const struct doc *d, char *why, size_t cap)
{
	for (uint32_t i = 0; i < d->nfig; i++)
		for (uint32_t j = 0; j < d->ndate; j++)
			if (d->fig[i].end > d->date[j].start && d->date[j].end > d->fig[i].start) {
				snprintf(why, cap, "figure \"%.*s\" overlaps date \"%.*s\"",
					 (int)(d->fig[i].end - d->fig[i].start), d->text + d->fig[i].start,
					 (int)(d->date[j].end - d->date[j].start),
					 d->text + d->date[j].start);
				return 1;
			}
	return 0;
}

static void no_overlap(const struct doc *d)
{
	char why[256];
	ck_assert_msg(!overlap(d, why, sizeof(why)), "%s: %s", d->text, why);
}

#define ROUND_TRIPS 4000

/* A figure's value survives formatting and re-parsing: one generated
 * figure in a sentence frame, read back exactly. */
START_TEST(round_trip)
{
	static const char *const de_frame[] = {
		"Nach Angaben des Verbands lag der Wert zuletzt bei %s.",
		"Das Ministerium nannte %s als Ziel für die kommenden Jahre.",
		"Insgesamt wurden %s gemeldet, teilte die Behörde mit.",
		"Der Konzern kalkuliert nun mit %s für das gesamte Projekt.",
	};
	static const char *const en_frame[] = {
		"According to the association, the figure stood at %s.",
		"The ministry named %s as its target for the coming years.",
		"In total %s were reported, the agency said.",
		"The group now expects %s for the whole project.",
	};
	rng_state = 0x9e3779b97f4a7c15ULL;
	int bad = 0;
	char first[512] = "";
	for (int n = 0; n < ROUND_TRIPS; n++) {
		int german = n % 2 == 0;
		struct gen g;
		gen_figure(&g, german);
		char fig_text[200], text[512];
		snprintf(fig_text, sizeof(fig_text), "%s%s", g.qual, g.text);
		const char *fr = german ? de_frame[pick(4)] : en_frame[pick(4)];
		snprintf(text, sizeof(text), fr, fig_text);
		if (trace)
			fprintf(stderr, "%s\n", text);
		struct doc *d = run(text, german ? NERD_LANG_DE : NERD_LANG_EN);
		uint32_t start = (uint32_t)(strstr(text, fig_text) - text + strlen(g.qual));
		const struct figure *f = fig_at(d, start);
		char why[160] = "no figure there";
		if (d->nfig != 1 || !f || !fig_matches(d, f, &g, start, why, sizeof(why))) {
			if (verbose)
				fprintf(stderr, "round trip: %s: %u figures; %s\n", text, d->nfig, why);
			if (!bad++)
				add(first, sizeof(first), "%s: %u figures; %s", text, d->nfig,
					 d->nfig == 1 ? why : "want exactly one");
		}
		no_overlap(d);
		done(d);
	}
	ck_assert_msg(bad == 0, "%d of %d generated figures not read back; first: %s", bad,
		      ROUND_TRIPS, first);
}
END_TEST

#define RANGES 1500

/* A range keeps both ends: "zwischen 2 und 3,5 Millionen Euro", "5 bis 7
 * Prozent", "5-7 Prozent", "between 12,500 and 13,000 tonnes", "$2-3bn":
 * two figures with the unit (the scale word of the second end applies to
 * the first too), linked by range. */
START_TEST(ranges)
{
	rng_state = 0x853c49e6748fea9bULL;
	int bad = 0;
	char first[512] = "";
	for (int n = 0; n < RANGES; n++) {
		int german = n % 2 == 0;
		const struct unitspec *us = german ? de_units : en_units;
		size_t nu = german ? sizeof(de_units) / sizeof(de_units[0]) :
			    sizeof(en_units) / sizeof(en_units[0]);
		const struct unitspec *u = &us[pick((unsigned)nu)];
		long long lo = 1 + (long long)pick(900), hi = lo + 1 + (long long)pick(900);
		int dec = (int)pick(2), flo = dec ? (int)pick(10) : 0, fhi = dec ? (int)pick(10) : 0;
		char a[48], b[48], text[512], fig_text[200];
		fmt_num(a, sizeof(a), lo, flo, dec, german ? "." : ",", german ? ',' : '.');
		fmt_num(b, sizeof(b), hi, fhi, dec, german ? "." : ",", german ? ',' : '.');
		static const char *const de_sc[] = {"", " Millionen", " Mrd."};
		static const char *const en_sc[] = {"", " million", "bn"};
		static const double mul[] = {1, 1e6, 1e9};
		unsigned sc = u->kind == FK_MONEY ? pick(3) : 0;
		if (!german && sc == 2 && !u->pre)
			sc = 1;
		const char *scale = german ? de_sc[sc] : en_sc[sc];
		unsigned form = pick(3);
		char unit_after[64] = "", unit_before[16] = "";
		if (u->pre)
			snprintf(unit_before, sizeof(unit_before), "%s%s", u->text, u->glued ? "" : " ");
		else
			snprintf(unit_after, sizeof(unit_after), "%s%s", u->glued ? "" : " ", u->text);
		if (form == 2 && !u->pre) {
			/* "5-7 Prozent", "12,5–13 km": one token, a dash between */
			snprintf(fig_text, sizeof(fig_text), "%s%s%s%s%s", a, pick(2) ? "-" : "\xe2\x80\x93",
				 b, scale, unit_after);
		} else if (form == 2) {
			/* "$2-3bn", "CHF 2-3 Mio." */
			snprintf(fig_text, sizeof(fig_text), "%s%s-%s%s", unit_before, a, b, scale);
		} else {
			/* "5 bis 7 Prozent", "zwischen 2 und 3 Millionen Euro", "$2.5
			 * to 3bn", "between $2bn and $3bn": a currency before the
			 * number stands before the first end, and before the second
			 * too only together with the scale */
			int both = u->pre && pick(2);
			const char *scale1 = both ? scale : "";
			if (form == 1)
				snprintf(fig_text, sizeof(fig_text), "%s%s%s %s ", unit_before, a, scale1,
					 german ? "bis" : "to");
			else
				snprintf(fig_text, sizeof(fig_text), "%s %s%s%s %s ",
					 german ? "zwischen" : "between", unit_before, a, scale1,
					 german ? "und" : "and");
			add(fig_text, sizeof(fig_text), "%s%s%s%s", both ? unit_before : "", b, scale,
			    unit_after);
		}
		snprintf(text, sizeof(text), german ? "Die Schätzungen reichen von Fall zu Fall, "
			 "genannt wurden %s." : "Estimates vary, with %s named.", fig_text);
		if (trace)
			fprintf(stderr, "%s\n", text);
		struct doc *d = run(text, german ? NERD_LANG_DE : NERD_LANG_EN);
		double want_lo = ((double)lo + flo / 10.0) * mul[sc];
		double want_hi = ((double)hi + fhi / 10.0) * mul[sc];
		const char *why = NULL;
		if (d->nfig != 2)
			why = "want two figures";
		for (uint32_t i = 0; i < d->nfig && !why; i++) {
			const struct figure *f = &d->fig[i];
			double want = i == 0 ? want_lo : want_hi;
			if (f->kind != u->kind || !(fabs(f->value - want) <= 1e-9 * fmax(1, want)))
				why = "kind or value";
			else if (u->code && strcmp(f->currency, u->code))
				why = "currency";
			else if ((u->unit || f->unit) && (!u->unit || !f->unit || strcmp(u->unit, f->unit)))
				why = "unit";
			else if (f->range != (int32_t)(1 - i))
				why = "not linked as a range";
		}
		if (why && verbose)
			fprintf(stderr, "range: %s -- %s\n", text, why);
		if (why && !bad++)
			add(first, sizeof(first), "%s -- %s (%u figures)", text, why, d->nfig);
		no_overlap(d);
		done(d);
	}
	ck_assert_msg(bad == 0, "%d of %d generated ranges wrong; first: %s", bad, RANGES, first);
}
END_TEST

/* ---- dates mixed with figures ---- */

static const char *const de_month[] = {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
	"August", "September", "Oktober", "November", "Dezember"};
static const char *const en_month[] = {"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December"};

/* A date in one of the formats the date stage reads, with a year so that
 * its value does not depend on the document date; text is the date's span,
 * pre the words before it that are no part of the span. */
static void gen_date(char *pre, char *text, char *value, size_t cap, int german)
{
	int y = 1990 + (int)pick(40), m = 1 + (int)pick(12), dd = 1 + (int)pick(28);
	unsigned form = pick(6);
	pre[0] = 0;
	switch (form) {
	case 0:
		snprintf(pre, cap, "%s", german ? "am " : "on ");
		if (german)
			snprintf(text, cap, "%d. %s %d", dd, de_month[m - 1], y);
		else
			snprintf(text, cap, "%s %d, %d", en_month[m - 1], dd, y);
		snprintf(value, cap, "%04d-%02d-%02d", y, m, dd);
		break;
	case 1:
		snprintf(pre, cap, "%s", german ? "am " : "on ");
		if (german)
			snprintf(text, cap, "%02d.%02d.%d", dd, m, y);
		else
			snprintf(text, cap, "%d %s %d", dd, en_month[m - 1], y);
		snprintf(value, cap, "%04d-%02d-%02d", y, m, dd);
		break;
	case 2:
		snprintf(pre, cap, "%s", german ? "am " : "on ");
		snprintf(text, cap, "%04d-%02d-%02d", y, m, dd);
		snprintf(value, cap, "%04d-%02d-%02d", y, m, dd);
		break;
	case 3:
		snprintf(pre, cap, "%s", german ? "im " : "in ");
		snprintf(text, cap, "%s %d", german ? de_month[m - 1] : en_month[m - 1], y);
		snprintf(value, cap, "%04d-%02d", y, m);
		break;
	case 4: {
		static const char *const de_q[] = {"ersten", "zweiten", "dritten", "vierten"};
		static const char *const en_q[] = {"first", "second", "third", "fourth"};
		static const char *const en_q2[] = {"1st", "2nd", "3rd", "4th"};
		int q = 1 + (int)pick(4);
		unsigned qf = pick(3);
		snprintf(pre, cap, "%s", german ? "im " : qf == 2 ? "in " : "in the ");
		if (qf == 2)    /* "Q3 2024" */
			snprintf(text, cap, "Q%d %d", q, y);
		else if (qf == 1 && german)     /* "3. Quartal 2024" */
			snprintf(text, cap, "%d. Quartal %d", q, y);
		else
			snprintf(text, cap, "%s %s %d", german ? de_q[q - 1] : qf ? en_q2[q - 1] : en_q[q - 1],
				 german ? "Quartal" : "quarter of", y);
		snprintf(value, cap, "%04d-Q%d", y, q);
		break;
	}
	default:
		snprintf(pre, cap, "%s", german ? "seit " : "since ");
		snprintf(text, cap, "%d", y);
		snprintf(value, cap, "%04d", y);
		break;
	}
}

#define MIXES 1500

/* No figure overlaps a date: every generated date keeps its value, every
 * generated figure its value, in texts that mix several of both. */
START_TEST(dates_and_figures_mixed)
{
	static const char *const de_verb[] = {"stieg der Umsatz auf", "meldete die Firma",
		"sank der Preis um", "zählte das Amt"};
	static const char *const en_verb[] = {"sales rose to", "the firm reported",
		"the price fell by", "the office counted"};
	rng_state = 0x2545f4914f6cdd1dULL;
	int bad = 0;
	char first[1200] = "";
	for (int n = 0; n < MIXES; n++) {
		int german = n % 2 == 0;
		char text[2048] = "";
		struct gen g[4];
		char dtext[4][64], dval[4][24];
		uint32_t gpos[4], dpos[4];
		int k = 1 + (int)pick(4);
		for (int j = 0; j < k; j++) {
			char pre[32];
			gen_date(pre, dtext[j], dval[j], 64, german);
			gen_figure(&g[j], german);
			const char *verb = german ? de_verb[pick(4)] : en_verb[pick(4)];
			/* "Am 3. März 2024 stieg der Umsatz auf rund 2,5 Mio. Euro" */
			add(text, sizeof(text), "%c%s", toupper((unsigned char)pre[0]), pre + 1);
			dpos[j] = (uint32_t)strlen(text);
			add(text, sizeof(text), "%s %s %s", dtext[j], verb, g[j].qual);
			gpos[j] = (uint32_t)strlen(text);
			add(text, sizeof(text), "%s%s", g[j].text, j + 1 < k ? ". " : ".");
		}
		if (trace)
			fprintf(stderr, "%s\n", text);
		struct doc *d = run(text, german ? NERD_LANG_DE : NERD_LANG_EN);
		char why[300] = "";
		overlap(d, why, sizeof(why));
		for (int j = 0; j < k && !why[0]; j++) {
			int seen = 0;
			for (uint32_t i = 0; i < d->ndate; i++)
				if (d->date[i].start < dpos[j] + strlen(dtext[j]) &&
				    d->date[i].end > dpos[j] && !strcmp(d->date[i].value, dval[j]))
					seen = 1;
			if (!seen)
				add(why, sizeof(why), "date \"%s\" not read as %s", dtext[j], dval[j]);
			const struct figure *f = fig_at(d, gpos[j]);
			char fwhy[160] = "not found";
			if (!f || !fig_matches(d, f, &g[j], gpos[j], fwhy, sizeof(fwhy)))
				if (!why[0])
					add(why, sizeof(why), "figure \"%s\": %s", g[j].text, fwhy);
		}
		if (why[0] && verbose)
			fprintf(stderr, "mixed: %s -- %s\n", text, why);
		if (why[0] && !bad++)
			add(first, sizeof(first), "%s -- %s", text, why);
		done(d);
	}
	ck_assert_msg(bad == 0, "%d of %d mixed texts wrong; first: %s", bad, MIXES, first);
}
END_TEST

/* Hand-written sentences where numbers sit next to dates. */
START_TEST(no_overlap_written)
{
	static const char *const de[] = {
		"Am 3. März 2024 stieg der Kurs um 4,5 Prozent, am 4. März fiel er um 2 Prozent.",
		"Zwischen dem 1. und dem 15. Juli 2025 kamen 12.000 Besucher.",
		"Vom 14.02.2025 bis zum 28.02.2025 wurden 3 Millionen Tonnen verladen.",
		"Im dritten Quartal 2024 fielen 250 Stellen weg, im vierten 120.",
		"Seit 2019 sank der Preis von 14 auf 12 Euro; 2023 lag er bei 12,50 Euro.",
		"Am Dienstag, 28. Oktober 2025, lag die Inflationsrate bei 2,1 Prozent.",
		"Die Frist endet am 31.12. um 24 Uhr, 2.000 Anträge liegen vor.",
		"Von 2020 bis 2022 wuchs das Netz um 30 Kilometer auf 1.250 Kilometer.",
		"Ende Oktober 2025 waren es 17 Grad, Anfang November nur noch 5 Grad.",
		"Die Jahre 2008 und 2009 kosteten die Bank 4,2 Milliarden Euro.",
	};
	static const char *const en[] = {
		"On March 3, 2024 the index rose 2.5 percent to 18,400 points.",
		"Between July 1 and July 15, 2025 some 12,000 people came.",
		"In 2023 some 40 million people voted, up from 38 million in 2019.",
		"The deadline is 31 December 2025; 2,000 applications have arrived.",
		"From 2020 to 2022 the network grew by 30 km to 1,250 km.",
		"In the third quarter of 2024 the firm cut 250 jobs and lost $1.2bn.",
	};
	for (size_t i = 0; i < sizeof(de) / sizeof(de[0]); i++) {
		struct doc *d = run(de[i], NERD_LANG_DE);
		ck_assert_msg(d->ndate > 0 && d->nfig > 0, "%s: %u dates, %u figures", de[i], d->ndate,
			      d->nfig);
		no_overlap(d);
		done(d);
	}
	for (size_t i = 0; i < sizeof(en) / sizeof(en[0]); i++) {
		struct doc *d = run(en[i], NERD_LANG_EN);
		ck_assert_msg(d->ndate > 0 && d->nfig > 0, "%s: %u dates, %u figures", en[i], d->ndate,
			      d->nfig);
		no_overlap(d);
		done(d);
	}
}
END_TEST

/* The generators themselves: German and English number words as a reader
 * would check them, so that a broken generator cannot pass the tests above
 * by writing what the parser happens to read. */
START_TEST(generators)
{
	char buf[200];
	de_words(buf, sizeof(buf), 230014);
	ck_assert_str_eq(buf, "zweihundertdreißigtausendvierzehn");
	de_words(buf, sizeof(buf), 1021);
	ck_assert_str_eq(buf, "eintausendeinundzwanzig");
	en_words(buf, sizeof(buf), 243512, 1);
	ck_assert_str_eq(buf, "two hundred and forty-three thousand five hundred and twelve");
	en_words(buf, sizeof(buf), 70, 0);
	ck_assert_str_eq(buf, "seventy");
	fmt_num(buf, sizeof(buf), 1234567, 5, 1, ".", ',');
	ck_assert_str_eq(buf, "1.234.567,5");
	fmt_num(buf, sizeof(buf), 12500, 7, 2, ",", '.');
	ck_assert_str_eq(buf, "12,500.07");
}
END_TEST

static Suite *figprop_suite(void)
{
	Suite *s = suite_create("figprop");
	TCase *tc = tcase_create("properties");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, generators);
	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, ranges);
	tcase_add_test(tc, dates_and_figures_mixed);
	tcase_add_test(tc, no_overlap_written);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	verbose = getenv("FIGPROP_VERBOSE") != NULL;
	trace = getenv("FIGPROP_TRACE") != NULL;
	SRunner *sr = srunner_create(figprop_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
