/* check_fig.c -- unit tests for the figure stage: number formats and words,
 * units and currencies, counts, qualifiers, ranges, equivalents, what a
 * figure measures, and the numbers that are no figures.  The sentences are
 * written for these tests. */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "doc.h"
#include "date.h"
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
	return d;
}

static void done(struct doc *d)
{
	arena_free(d->ar);
	free(d);
}

/* The figure whose span text is s, or NULL. */
static const struct figure *fig(const struct doc *d, const char *s)
{
	for (uint32_t i = 0; i < d->nfig; i++)
		if (d->fig[i].end - d->fig[i].start == strlen(s) &&
		    !memcmp(d->text + d->fig[i].start, s, strlen(s)))
			return &d->fig[i];
	return NULL;
}

static int32_t idx(const struct doc *d, const struct figure *f)
{
	return f ? (int32_t)(f - d->fig) : -2;
}

static int near(const struct figure *f, double v)
{
	return f && fabs(f->value - v) < 1e-9 * fmax(1, fabs(v));
}

#define ck_value(f, v) ck_assert_msg(near((f), (v)), "value %g, want %g", \
				     (f) ? (f)->value : NAN, (double)(v))

START_TEST(percent_and_money)
{
	struct doc *d = run("Die Regierung in Tokio akzeptierte einen Zollsatz von 15 Prozent, "
			    "die Inflation sank um 0,4 Prozentpunkte auf 2,1 %.", NERD_LANG_DE);
	const struct figure *f = fig(d, "15 Prozent");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->kind, FK_PERCENT);
	ck_value(f, 15);
	ck_assert_str_eq(f->of, "Zollsatz");
	f = fig(d, "0,4 Prozentpunkte");
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->unit, "pp");
	ck_value(f, 0.4);
	ck_assert_str_eq(f->of, "Inflation");
	ck_value(fig(d, "2,1 %"), 2.1);
	done(d);

	d = run("Der Konzern will Anlagen in Höhe von 550 Milliarden Dollar (rund 472 Milliarden Euro) "
		"bauen, dazu kommen 2,3 Mrd. € und 12,50 Franken.", NERD_LANG_DE);
	const struct figure *usd = fig(d, "550 Milliarden Dollar");
	const struct figure *eur = fig(d, "472 Milliarden Euro");
	ck_assert_ptr_nonnull(usd);
	ck_assert_ptr_nonnull(eur);
	ck_value(usd, 550e9);
	ck_assert_str_eq(usd->currency, "USD");
	ck_assert_str_eq(usd->of, "Anlagen");
	ck_assert_int_eq(usd->approx, 0);
	ck_assert_str_eq(eur->currency, "EUR");
	ck_assert_int_eq(eur->approx, 1);
	ck_assert_int_eq(eur->equivalent, idx(d, usd));
	ck_value(fig(d, "2,3 Mrd. €"), 2.3e9);
	ck_assert_str_eq(fig(d, "12,50 Franken")->currency, "CHF");
	done(d);
}
END_TEST

START_TEST(number_words_and_formats)
{
	struct doc *d = run("Es kamen zweitausendfünfhundert Gäste, einundzwanzig Schulen, "
			    "eine Million Menschen und anderthalb Tonnen Reis; zwei Drittel der "
			    "Befragten und ein Viertel der Firmen stimmten zu.", NERD_LANG_DE);
	ck_value(fig(d, "zweitausendfünfhundert Gäste"), 2500);
	ck_assert_str_eq(fig(d, "zweitausendfünfhundert Gäste")->counted, "Gäste");
	ck_value(fig(d, "einundzwanzig Schulen"), 21);
	ck_value(fig(d, "eine Million Menschen"), 1e6);
	ck_value(fig(d, "anderthalb Tonnen"), 1.5);
	ck_assert_str_eq(fig(d, "anderthalb Tonnen")->unit, "t");
	ck_assert_int_eq(fig(d, "zwei Drittel")->kind, FK_PERCENT);
	ck_value(fig(d, "zwei Drittel"), 66.67);
	ck_value(fig(d, "ein Viertel"), 25);
	done(d);

	d = run("Der Bau kostet 1.000 Euro, 0,91 Euro pro Liter und 1,5 Millionen Euro.", NERD_LANG_DE);
	ck_value(fig(d, "1.000 Euro"), 1000);
	ck_value(fig(d, "0,91 Euro"), 0.91);
	ck_value(fig(d, "1,5 Millionen Euro"), 1.5e6);
	done(d);

	d = run("Sales rose 1,234.5 tonnes to $2bn, about 15% above forecasts.", NERD_LANG_EN);
	ck_value(fig(d, "1,234.5 tonnes"), 1234.5);
	ck_value(fig(d, "$2bn"), 2e9);
	ck_assert_str_eq(fig(d, "$2bn")->currency, "USD");
	ck_assert_int_eq(fig(d, "15%")->approx, 1);
	done(d);
}
END_TEST

START_TEST(units_counts_qualifiers)
{
	struct doc *d = run("Am Nachmittag wurden 38 Grad gemessen, Böen mit 120 km/h und "
			    "80 Liter pro Quadratmeter; knapp 489.300 Pkw, 138 Tote und "
			    "zehntausende Zuschauer.", NERD_LANG_DE);
	ck_assert_str_eq(fig(d, "38 Grad")->unit, "Grad Celsius");
	ck_assert_str_eq(fig(d, "120 km/h")->unit, "km/h");
	ck_assert_str_eq(fig(d, "80 Liter pro Quadratmeter")->unit, "l/m²");
	ck_assert_int_eq(fig(d, "489.300 Pkw")->approx, 1);
	ck_assert_int_eq(fig(d, "138 Tote")->kind, FK_COUNT);
	ck_assert_str_eq(fig(d, "138 Tote")->counted, "Tote");
	ck_assert_int_eq(fig(d, "zehntausende Zuschauer")->approx, 1);
	ck_value(fig(d, "zehntausende Zuschauer"), 10000);
	done(d);

	d = run("Mehr als 200 Soldaten, bis zu 50.000 Euro und weniger als drei Prozent.", NERD_LANG_DE);
	ck_assert_int_eq(fig(d, "200 Soldaten")->bound, FB_MIN);
	ck_assert_int_eq(fig(d, "50.000 Euro")->bound, FB_MAX);
	ck_assert_int_eq(fig(d, "drei Prozent")->bound, FB_MAX);
	done(d);
}
END_TEST

START_TEST(more_forms)
{
	struct doc *d = run("Ein Dutzend Häuser und zwei Dutzend Scheunen brannten; der Freistaat stellt "
			    "50 Millionen Euro Soforthilfe bereit, Spenden von 100 Euro oder mehr sind "
			    "willkommen. Am Sonntag werden Höchstwerte um 24 Grad erwartet, der Vertrag "
			    "läuft über fünf Jahre, die Preise stiegen um 5–7 Prozent.", NERD_LANG_DE);
	ck_value(fig(d, "Ein Dutzend Häuser"), 12);
	ck_value(fig(d, "zwei Dutzend Scheunen"), 24);
	ck_assert_str_eq(fig(d, "50 Millionen Euro")->of, "Soforthilfe");
	ck_assert_int_eq(fig(d, "100 Euro")->bound, FB_MIN);
	ck_assert_int_eq(fig(d, "24 Grad")->approx, 1);
	ck_assert_int_eq(fig(d, "fünf Jahre")->bound, FB_NONE);
	ck_assert_int_eq(fig(d, "5")->range, idx(d, fig(d, "7 Prozent")));
	ck_assert_str_eq(fig(d, "7 Prozent")->of, "Preise");
	done(d);
	d = run("Der Tanker lud 2 Millionen Barrel, die Anlage liefert 12 MW und 3 TWh; "
		"gemessen wurden -5 Grad und ,5 Prozent.", NERD_LANG_DE);
	ck_assert_str_eq(fig(d, "2 Millionen Barrel")->unit, "Barrel");
	ck_assert_str_eq(fig(d, "12 MW")->unit, "MW");
	ck_assert_str_eq(fig(d, "3 TWh")->unit, "TWh");
	ck_value(fig(d, "-5 Grad"), -5);
	ck_value(fig(d, ",5 Prozent"), 0.5);
	done(d);
	/* thousands groups after non-breaking and thin spaces */
	d = run("Der Schaden beträgt 1\u00a0000\u00a0000 Euro, 2\u202f500 Menschen kamen.", NERD_LANG_DE);
	ck_value(fig(d, "1\u00a0000\u00a0000 Euro"), 1e6);
	ck_value(fig(d, "2\u202f500 Menschen"), 2500);
	done(d);
	/* and after plain spaces, but not in a list of numbers */
	d = run("Die Stadt zahlt 12 500 Euro, 1 250 000 Euro fließen in Schulen; die "
		"Lose 3 100 200 blieben liegen.", NERD_LANG_DE);
	ck_value(fig(d, "12 500 Euro"), 12500);
	ck_value(fig(d, "1 250 000 Euro"), 1250000);
	ck_assert_uint_eq(d->nfig, 2);
	done(d);
	/* "kein" is zero before a unit or currency, nothing before a count */
	d = run("Dafür gibt es keinen Cent, keine Tonne Stahl wurde geliefert, keine Besucher "
		"kamen, keine hundert Meter entfernt.", NERD_LANG_DE);
	ck_value(fig(d, "keinen Cent"), 0);
	ck_assert_str_eq(fig(d, "keinen Cent")->currency, "EUR");
	ck_value(fig(d, "keine Tonne"), 0);
	ck_assert_ptr_null(fig(d, "keine Besucher"));
	ck_value(fig(d, "hundert Meter"), 100);
	done(d);
	/* a range joined by a hyphen with a scale word after it, across the
	 * tokenizer's split of "900-1.200" */
	d = run("Die Sanierung kostet 5-7 Millionen Euro, der Eintritt 900-1.200 Euro.", NERD_LANG_DE);
	ck_value(fig(d, "5"), 5e6);
	ck_value(fig(d, "7 Millionen Euro"), 7e6);
	ck_assert_int_eq(fig(d, "5")->range, idx(d, fig(d, "7 Millionen Euro")));
	ck_value(fig(d, "900"), 900);
	ck_value(fig(d, "1.200 Euro"), 1200);
	done(d);
}
END_TEST

/* English number words with hyphens and "and", spoken cents, ranges with
 * the currency before the first number, generic currency names. */
START_TEST(english_forms)
{
	struct doc *d = run("The fund holds twenty-six thousand pounds and seven hundred and "
			    "eighty-three thousand nine hundred and forty-three euros.", NERD_LANG_EN);
	ck_value(fig(d, "twenty-six thousand pounds"), 26000);
	ck_value(fig(d, "seven hundred and eighty-three thousand nine hundred and forty-three euros"),
		 783943);
	done(d);
	d = run("The ticket was twenty dollars and 43. A coffee costs $3 and fourteen.", NERD_LANG_EN);
	ck_value(fig(d, "twenty dollars and 43"), 20.43);
	ck_value(fig(d, "$3 and fourteen"), 3.14);
	done(d);
	/* a number after the amount that is followed by a noun is no cents */
	d = run("He paid $20 and 43 people came.", NERD_LANG_EN);
	ck_value(fig(d, "$20"), 20);
	ck_value(fig(d, "43 people"), 43);
	done(d);
	d = run("The plan costs $2.5-3bn, the bridge between $2 and 3 million, the fine "
		"10 dinars or 20 rials.", NERD_LANG_EN);
	ck_value(fig(d, "$2.5"), 2.5e9);
	ck_value(fig(d, "3bn"), 3e9);
	ck_assert_int_eq(fig(d, "$2.5")->range, idx(d, fig(d, "3bn")));
	ck_value(fig(d, "$2"), 2e6);
	ck_value(fig(d, "3 million"), 3e6);
	ck_assert_str_eq(fig(d, "3 million")->currency, "USD");
	ck_assert_int_eq(fig(d, "10 dinars")->kind, FK_MONEY);
	ck_assert_int_eq(fig(d, "20 rials")->kind, FK_MONEY);
	done(d);
	/* a part of a whole with a scale word: a count whose noun is far off */
	d = run("About 4 million of the region's 6.5 million residents voted; 12 of the "
		"members stayed.", NERD_LANG_EN);
	ck_assert_int_eq(fig(d, "4 million")->kind, FK_COUNT);
	ck_assert_int_eq(fig(d, "4 million")->approx, 1);
	ck_value(fig(d, "6.5 million residents"), 6.5e6);
	ck_assert_ptr_null(fig(d, "12"));
	done(d);
	d = run("She carried half a litre of milk half a mile.", NERD_LANG_EN);
	ck_value(fig(d, "half a litre"), 0.5);
	ck_assert_str_eq(fig(d, "half a mile")->unit, "mi");
	done(d);
}
END_TEST

START_TEST(ranges_and_of)
{
	struct doc *d = run("Die Rendite soll zwischen 5 und 7 Prozent liegen, der Preis 3 bis "
			    "4 Millionen Euro.", NERD_LANG_DE);
	const struct figure *a = fig(d, "5"), *b = fig(d, "7 Prozent");
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(a->kind, FK_PERCENT);
	ck_assert_int_eq(a->range, idx(d, b));
	ck_assert_int_eq(b->range, idx(d, a));
	ck_value(fig(d, "3"), 3e6);
	ck_assert_str_eq(fig(d, "3")->currency, "EUR");
	done(d);

	d = run("Der Umsatz ging im Sommer um 6,4 Prozent zurück. Die Schulden liegen bei "
		"zwei Prozent des Bruttoinlandsprodukts.", NERD_LANG_DE);
	ck_assert_str_eq(fig(d, "6,4 Prozent")->of, "Umsatz");
	ck_assert_str_eq(fig(d, "zwei Prozent")->of, "Bruttoinlandsprodukts");
	/* figures in text order: f1, f2 */
	ck_assert_uint_eq(d->nfig, 2);
	ck_assert_uint_lt(d->fig[0].start, d->fig[1].start);
	done(d);

	/* both ends with a currency; different currencies are no range */
	d = run("Tickets cost from 10 dollars to 20 dollars, between $30 and $45 at the door "
		"and 5 euros to 7 dollars abroad.", NERD_LANG_EN);
	a = fig(d, "10 dollars"), b = fig(d, "20 dollars");
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->range, idx(d, b));
	ck_assert_int_eq(b->range, idx(d, a));
	ck_assert_int_eq(fig(d, "$30")->range, idx(d, fig(d, "$45")));
	ck_assert_int_eq(fig(d, "5 euros")->range, -1);
	done(d);
	/* a major amount and its minor units are one figure */
	d = run("Lunch was 20 dollars and 43 cents, the stamp 3 GBP 1 pence.", NERD_LANG_EN);
	ck_value(fig(d, "20 dollars and 43 cents"), 20.43);
	ck_value(fig(d, "3 GBP 1 pence"), 3.01);
	ck_assert_str_eq(fig(d, "3 GBP 1 pence")->currency, "GBP");
	ck_assert_uint_eq(d->nfig, 2);
	done(d);
	d = run("Coffee was $2 and 45c.", NERD_LANG_EN);
	ck_value(fig(d, "$2 and 45c"), 2.45);
	done(d);
	/* the Australian way of writing US dollars: "$US" glued to the digits */
	d = run("Coal averaged $US95 a tonne last quarter.", NERD_LANG_EN);
	ck_value(fig(d, "$US95"), 95);
	ck_assert_str_eq(fig(d, "$US95")->currency, "USD");
	done(d);
	d = run("Das Brot kostet 2 Euro und 50 Cent, die Miete 500 Euro und 30 Euro Nebenkosten.",
		NERD_LANG_DE);
	ck_value(fig(d, "2 Euro und 50 Cent"), 2.5);
	ck_value(fig(d, "500 Euro"), 500);
	done(d);
	/* English "a" + unit is one of it, unless it is "per" or a compound */
	d = run("It costs a dollar. Oil fetched $US80 a tonne, a euro zone bond fell and "
		"the price of a gallon of gasoline rose.", NERD_LANG_EN);
	ck_value(fig(d, "a dollar"), 1);
	ck_assert_ptr_null(fig(d, "a tonne"));
	ck_assert_ptr_null(fig(d, "a euro"));
	ck_assert_ptr_null(fig(d, "a gallon"));
	done(d);
	/* below zero, a leading decimal point, a qualifier inside a range */
	d = run("It was 2 degrees below zero; add .75 cups; between 2 kg and about 7 kg.",
		NERD_LANG_EN);
	ck_value(fig(d, "2 degrees below zero"), -2);
	ck_value(fig(d, ".75 cups"), 0.75);
	ck_assert_int_eq(fig(d, "2 kg")->range, idx(d, fig(d, "7 kg")));
	ck_assert_int_eq(fig(d, "7 kg")->approx, 1);
	done(d);
	/* basis points and percentage points, German and English short forms;
	 * "BP" the company is no unit */
	d = run("Die EZB senkte um 25 Basispunkte, die Quote stieg um 0,5 %-Punkte.", NERD_LANG_DE);
	ck_assert_str_eq(fig(d, "25 Basispunkte")->unit, "bp");
	ck_assert_str_eq(fig(d, "0,5 %-Punkte")->unit, "pp");
	done(d);
	d = run("The Fed cut by 25 bps and support fell 3 ppts; he sold 10 BP shares.", NERD_LANG_EN);
	ck_assert_str_eq(fig(d, "25 bps")->unit, "bp");
	ck_assert_str_eq(fig(d, "3 ppts")->unit, "pp");
	ck_assert_ptr_null(fig(d, "10 BP"));
	done(d);
	/* values are the nearest doubles, no artefacts of the arithmetic */
	d = run("Die Quote stieg um 0,3 Prozentpunkte auf 4,35 Prozent, der Umsatz auf 3,3 Mrd. Euro.",
		NERD_LANG_DE);
	ck_assert(fig(d, "0,3 Prozentpunkte")->value == 0.3);
	ck_assert(fig(d, "4,35 Prozent")->value == 4.35);
	ck_assert(fig(d, "3,3 Mrd. Euro")->value == 3.3e9);
	done(d);
	/* English "of": the noun after the figure, after "of", before "of"
	 * and before "to" behind a determiner and modifiers */
	d = run("The city set up a $5 billion fund for schools. Spending reached 3.5% of gross "
		"domestic product. The firm holds $2 billion of debt. Analysts expect annual sales "
		"of $6 billion. The bank cut the lowest deposit rate to 2%. She said 40% of the vote "
		"went to him.", NERD_LANG_EN);
	ck_assert_str_eq(fig(d, "$5 billion")->of, "fund");
	ck_assert_str_eq(fig(d, "3.5%")->of, "gross domestic product");
	ck_assert_str_eq(fig(d, "$2 billion")->of, "debt");
	ck_assert_str_eq(fig(d, "$6 billion")->of, "sales");
	ck_assert_str_eq(fig(d, "2%")->of, "deposit rate");
	ck_assert_str_eq(fig(d, "40%")->of, "vote");
	done(d);
	/* a currency code glued to the digits; product names are no money */
	d = run("It cost USD3.14, EUR1.5bn, USD3.5 billion and Rs20, while the G20 met "
		"and an MP3 player sold.", NERD_LANG_EN);
	ck_value(fig(d, "USD3.14"), 3.14);
	ck_value(fig(d, "EUR1.5bn"), 1.5e9);
	ck_assert_str_eq(fig(d, "EUR1.5bn")->currency, "EUR");
	ck_value(fig(d, "USD3.5 billion"), 3.5e9);
	ck_assert_str_eq(fig(d, "Rs20")->currency, "INR");
	ck_assert_uint_eq(d->nfig, 4);
	done(d);
	/* proper fractions before a unit; "24/7" before a noun is none */
	d = run("Add 3/4 cup of milk; the crew works 24/7 shifts.", NERD_LANG_EN);
	ck_value(fig(d, "3/4 cup"), 0.75);
	ck_assert_uint_eq(d->nfig, 1);
	done(d);
	d = run("Nachts fiel das Thermometer auf 5 Grad unter null.", NERD_LANG_DE);
	ck_value(fig(d, "5 Grad unter null"), -5);
	done(d);
	/* feet and inches are one length in inches */
	d = run("The suspect is 6 feet 2 inches tall; the pole is 10 ft long.", NERD_LANG_EN);
	ck_value(fig(d, "6 feet 2 inches"), 74);
	ck_assert_str_eq(fig(d, "6 feet 2 inches")->unit, "in");
	ck_value(fig(d, "10 ft"), 10);
	done(d);
	/* "500g" is grams */
	d = run("Add 500g of flour.", NERD_LANG_EN);
	ck_value(fig(d, "500g"), 500);
	ck_assert_str_eq(fig(d, "500g")->unit, "g");
	done(d);
}
END_TEST

START_TEST(not_figures)
{
	struct doc *d = run("Seit 2019 gilt Artikel 5, das Spiel endete 1:0 um 14.00 Uhr, "
			    "die F-35 und die G20 trafen sich am 3. Oktober, er wurde Erster. "
			    "Rufen Sie 030 1234567 an.", NERD_LANG_DE);
	ck_assert_uint_eq(d->nfig, 0);
	done(d);
	d = run("Das neue iPhone 17 Pro kam, der Stau auf der A 7 Richtung Norden wuchs.", NERD_LANG_DE);
	ck_assert_uint_eq(d->nfig, 0);
	done(d);
	d = run("Im Jahr 2027 soll es so weit sein.", NERD_LANG_DE);
	ck_assert_uint_eq(d->nfig, 0);
	done(d);
	/* "ein" alone counts nothing; "a" before a unit means "per" */
	d = run("Das ist ein klarer Auftrag.", NERD_LANG_DE);
	ck_assert_uint_eq(d->nfig, 0);
	done(d);
	d = run("Oil traded at $62 a barrel.", NERD_LANG_EN);
	ck_assert_uint_eq(d->nfig, 1);
	ck_value(fig(d, "$62"), 62);
	done(d);
	/* a spaced minus after a preposition or a colon is a sign, a dash
	 * that opens an aside after "mit" is none */
	d = run("Nachts sank die Temperatur auf - 3 Grad, das Ergebnis: - 1,2 Mio. Euro; "
		"er kam mit - wie es hieß - 5 Leuten.", NERD_LANG_DE);
	ck_value(fig(d, "- 3 Grad"), -3);
	ck_value(fig(d, "- 1,2 Mio. Euro"), -1.2e6);
	ck_value(fig(d, "5 Leuten"), 5);
	done(d);
}
END_TEST

/* ---- properties over generated texts ---- */

static uint64_t rng_state;

static uint64_t rng(void)
{
	uint64_t x = rng_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

/* Writes v (two decimals at most) with thousands groups: German style
 * "1.234.567,5", English "1,234,567.5". */
static void fmt_grouped(char *out, size_t cap, long long ip, int cents, int german)
{
	char digits[32], buf[64];
	snprintf(digits, sizeof(digits), "%lld", ip);
	size_t n = strlen(digits), o = 0;
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf[o++] = german ? '.' : ',';
		buf[o++] = digits[i];
	}
	buf[o] = 0;
	/* Cents are 0..99: two digits, written by hand so that no compiler
	 * sees a possible truncation. */
	if (cents && o + 3 < sizeof(buf)) {
		buf[o++] = german ? ',' : '.';
		buf[o++] = (char)('0' + cents / 10 % 10);
		buf[o++] = (char)('0' + cents % 10);
		buf[o] = 0;
	}
	snprintf(out, cap, "%s", buf);
}

/* A value written the German or English way, with or without a scale word
 * and with a currency or a unit, is read back as the same value. */
START_TEST(value_survives_formatting)
{
	static const char *const de_frame[] = {
		"Der Umsatz stieg im Jahr auf %s Euro.",
		"Die Leitung ist %s Kilometer lang.",
		"Das Unternehmen meldete einen Verlust von %s US-Dollar.",
	};
	static const char *const en_frame[] = {
		"Revenue rose to %s euros last year.",
		"The pipeline is %s kilometres long.",
		"The company reported a loss of %s dollars.",
	};
	static const char *const de_scale[] = {"", " Millionen", " Milliarden"};
	static const char *const en_scale[] = {"", " million", " billion"};
	static const double mult[] = {1, 1e6, 1e9};
	rng_state = 0x9e3779b97f4a7c15ULL;
	for (int n = 0; n < 600; n++) {
		int german = n % 2 == 0;
		int sc = (int)(rng() % 3);
		long long ip = sc ? (long long)(rng() % 999) + 1 : (long long)(rng() % 99999999) + 1;
		int cents = rng() % 3 == 0 ? (int)(rng() % 99) + 1 : 0;
		if (cents % 10 == 0)
			cents = 0;  /* "1,50" reads back as 1.5 all the same; keep it simple */
		char num[64], text[256];
		fmt_grouped(num, sizeof(num), ip, cents, german);
		char numsc[96];
		snprintf(numsc, sizeof(numsc), "%s%s", num, german ? de_scale[sc] : en_scale[sc]);
		int fr = (int)(rng() % 3);
		snprintf(text, sizeof(text), german ? de_frame[fr] : en_frame[fr], numsc);
		struct doc *d = run(text, german ? NERD_LANG_DE : NERD_LANG_EN);
		double want = ((double)ip + cents / 100.0) * mult[sc];
		int found = 0;
		for (uint32_t i = 0; i < d->nfig; i++)
			if (fabs(d->fig[i].value - want) <= 1e-9 * fmax(1, want))
				found = 1;
		ck_assert_msg(found, "%s: no figure with value %.2f (%u figures, first %g)", text, want,
			      d->nfig, d->nfig ? d->fig[0].value : NAN);
		done(d);
	}
}
END_TEST

/* In texts that mix figures and dates, no figure covers a date. */
START_TEST(no_figure_overlaps_a_date)
{
	static const char *const part[] = {
		"Am 3. März 2024 stieg der Kurs um 4,5 Prozent",
		"im Jahr 2023 kamen 1.200 Besucher",
		"seit 2019 sank der Preis auf 12 Euro",
		"am 14.02.2025 wurden 3 Millionen Tonnen verladen",
		"im dritten Quartal 2024 fielen 250 Stellen weg",
		"am Dienstag, 28. Oktober 2025 lag die Rate bei 2,1 Prozent",
		"von 2020 bis 2022 wuchs das Netz um 30 Kilometer",
		"Ende Oktober 2025 waren es 17 Grad",
		"On March 3, 2024 the index rose 2.5 percent",
		"in 2023 some 40 million people voted",
	};
	rng_state = 0x2545f4914f6cdd1dULL;
	for (int n = 0; n < 300; n++) {
		char text[1024] = "";
		int k = 2 + (int)(rng() % 3);
		for (int j = 0; j < k; j++) {
			strcat(text, part[rng() % (sizeof(part) / sizeof(part[0]))]);
			strcat(text, j + 1 < k ? ", " : ".");
		}
		struct doc *d = run(text, NERD_LANG_DE);
		date_run(model->date, d);
		ck_assert_msg(d->ndate > 0, "%s: no date", text);
		for (uint32_t i = 0; i < d->nfig; i++)
			for (uint32_t j = 0; j < d->ndate; j++)
				ck_assert_msg(d->fig[i].end <= d->date[j].start ||
					      d->date[j].end <= d->fig[i].start,
					      "%s: figure %.*s overlaps date %.*s", text,
					      (int)(d->fig[i].end - d->fig[i].start), text + d->fig[i].start,
					      (int)(d->date[j].end - d->date[j].start), text + d->date[j].start);
		done(d);
	}
}
END_TEST

START_TEST(limits)
{
	/* empty, one digit, absurd digit runs and compounds: no crash, sane results */
	struct doc *d = run("", NERD_LANG_DE);
	ck_assert_uint_eq(d->nfig, 0);
	done(d);
	char *big = malloc(200000);
	memset(big, '9', 100000);
	strcpy(big + 100000, " Euro 1.2.3.4.5 Prozent");
	d = run(big, NERD_LANG_DE);
	ck_assert_uint_eq(d->nfig, 1);
	ck_assert_int_eq(d->partial, 0);
	done(d);
	/* no punctuation at all: the clause windows keep this linear (the
	 * test times out otherwise) */
	static const char piece[] = "und der Umsatz stieg um 5 Euro ";
	char *flat = malloc(20000 * (sizeof(piece) - 1) + 1);
	for (int i = 0; i < 20000; i++)
		memcpy(flat + i * (sizeof(piece) - 1), piece, sizeof(piece) - 1);
	flat[20000 * (sizeof(piece) - 1)] = 0;
	d = run(flat, NERD_LANG_DE);
	ck_assert_uint_eq(d->nfig, 20000);
	ck_assert_str_eq(d->fig[19999].of, "Umsatz");
	done(d);
	free(flat);
	big[0] = 0;
	for (int i = 0; i < 3000; i++)
		strcat(big, "hundert");
	strcat(big, " Euro");
	d = run(big, NERD_LANG_DE);
	ck_assert_uint_eq(d->nfig, 0);
	done(d);
	free(big);
}
END_TEST

START_TEST(bad_data)
{
	char dir[] = "/tmp/check_figXXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char path[256], err[512];
	/* no fig/ at all (test fixtures of other stages): loads, finds nothing */
	struct figdata *f = NULL;
	ck_assert_int_eq(fig_load(dir, NULL, &f, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(f);
	fig_free(f);
	f = NULL;
	snprintf(path, sizeof(path), "%s/fig", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/fig/numbers.tsv", dir);
	FILE *fp = fopen(path, "w");
	fputs("# a comment\nzwei\t2\tdigit\tde\ndrei\tdrei\tdigit\tde\n", fp);
	fclose(fp);
	ck_assert_int_eq(fig_load(dir, NULL, &f, err, sizeof(err)), NERD_EDATA);
	ck_assert_ptr_null(f);
	ck_assert_ptr_nonnull(strstr(err, "numbers.tsv:3"));
	unlink(path);
	/* a missing file is an I/O error that names the file */
	ck_assert_int_eq(fig_load(dir, NULL, &f, err, sizeof(err)), NERD_EIO);
	ck_assert_ptr_nonnull(strstr(err, "numbers.tsv"));
	snprintf(path, sizeof(path), "%s/fig", dir);
	rmdir(path);
	rmdir(dir);
	fig_free(NULL);
}
END_TEST

/* TOK_LEAD (tok_run, from fig_lead and date_lead) is a superset: the
 * figures and dates of a text are the same as when every word is marked
 * (tokenized without a model), and most ordinary words are not marked. */
static void lead_check(const char *text, int lang)
{
	struct doc *d = run(text, lang);
	date_run(model->date, d);
	struct doc *all = calloc(1, sizeof(*all));
	*all = (struct doc){.text = text, .len = (uint32_t)strlen(text), .ar = arena_new(0),
			    .lang = lang, .year = 2025, .month = 10, .day = 28, .wday = 1};
	tok_run(all);
	all->m = model;
	fig_run(model->fig, all);
	date_run(model->date, all);
	ck_assert_uint_gt(d->nfig, 2);
	ck_assert_uint_gt(d->ndate, 1);
	ck_assert_uint_eq(d->nfig, all->nfig);
	ck_assert_uint_eq(d->ndate, all->ndate);
	for (uint32_t k = 0; k < d->nfig; k++) {
		ck_assert_uint_eq(d->fig[k].start, all->fig[k].start);
		ck_assert_uint_eq(d->fig[k].end, all->fig[k].end);
	}
	for (uint32_t k = 0; k < d->ndate; k++) {
		ck_assert_uint_eq(d->date[k].start, all->date[k].start);
		ck_assert_str_eq(d->date[k].value, all->date[k].value);
	}
	uint32_t plain = 0;
	for (uint32_t k = 0; k < d->ntok; k++) {
		plain += (d->tok[k].flags & (TOK_WORD | TOK_LEAD)) == TOK_WORD;
		ck_assert(!(all->tok[k].flags & TOK_WORD) || (all->tok[k].flags & TOK_LEAD));
	}
	ck_assert_uint_gt(plain, 3);
	done(all);
	done(d);
}

START_TEST(lead_marks)
{
	lead_check("Der Umsatz stieg um zweihundertfünfzig Millionen Euro, drei Prozent mehr "
		   "als am Montagabend gemeldet. Zu Ostern und im dritten Quartal kostete ein "
		   "Liter rund zwölf Euro, Anfang Oktober sank der Preis um ein Drittel.",
		   NERD_LANG_DE);
	lead_check("Revenue rose by twenty-six million dollars on Monday, three percent more "
		   "than in March; a ton cost a dozen pounds at the end of next week.",
		   NERD_LANG_EN);
}
END_TEST

static Suite *fig_suite(void)
{
	Suite *s = suite_create("fig");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, percent_and_money);
	tcase_add_test(tc, number_words_and_formats);
	tcase_add_test(tc, units_counts_qualifiers);
	tcase_add_test(tc, ranges_and_of);
	tcase_add_test(tc, more_forms);
	tcase_add_test(tc, english_forms);
	tcase_add_test(tc, not_figures);
	tcase_add_test(tc, value_survives_formatting);
	tcase_add_test(tc, no_figure_overlaps_a_date);
	tcase_add_test(tc, lead_marks);
	suite_add_tcase(s, tc);
	tc = tcase_create("limits");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, limits);
	tcase_add_test(tc, bad_data);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(fig_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
