/* check_date.c -- unit tests for the date stage: weekdays with the news
 * past bias, relative days, months with Anfang/Mitte/Ende, ISO weeks,
 * quarters and half-years, years, full dates, holidays and English forms.
 * The document date is Tuesday 2025-10-28 unless a test says otherwise;
 * the sentences are written for these tests. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "date.h"
#include "doc.h"
#include "fig.h"
#include "model.h"
#include "nerd.h"
#include "sbuf.h"
#include "tok.h"

#include "check_model.h"

static struct doc *run_at(const char *text, int lang, int y, int m, int day, int wday)
{
	struct doc *d = calloc(1, sizeof(*d));
	d->text = text;
	d->len = (uint32_t)strlen(text);
	d->ar = arena_new(0);
	d->m = model;
	d->lang = lang;
	d->year = y, d->month = m, d->day = day, d->wday = wday;
	tok_run(d);
	date_run(model->date, d);
	return d;
}

static struct doc *run(const char *text)
{
	return run_at(text, NERD_LANG_DE, 2025, 10, 28, 1);
}

static void done(struct doc *d)
{
	arena_free(d->ar);
	free(d);
}

/* The value of the date whose span text is s, or "(none)". */
static const char *val(const struct doc *d, const char *s)
{
	for (uint32_t i = 0; i < d->ndate; i++)
		if (d->date[i].end - d->date[i].start == strlen(s) &&
		    !memcmp(d->text + d->date[i].start, s, strlen(s)))
			return d->date[i].value;
	return "(none)";
}

static int mod(const struct doc *d, const char *s)
{
	for (uint32_t i = 0; i < d->ndate; i++)
		if (d->date[i].end - d->date[i].start == strlen(s) &&
		    !memcmp(d->text + d->date[i].start, s, strlen(s)))
			return d->date[i].mod;
	return -1;
}

START_TEST(weekdays)
{
	struct doc *d = run("Der Minister traf am Dienstag in Berlin ein, am Montag hatte er "
			    "in Paris gesprochen, am Donnerstag war er in Rom.");
	ck_assert_str_eq(val(d, "Dienstag"), "2025-10-28");
	ck_assert_str_eq(val(d, "Montag"), "2025-10-27");
	ck_assert_str_eq(val(d, "Donnerstag"), "2025-10-23");
	ck_assert_uint_eq(d->ndate, 3);
	done(d);
	/* future markers in the clause move the window forward */
	d = run("Die Delegation wird am Donnerstag nach Seoul reisen, am Mittwoch soll "
		"ein Treffen stattfinden.");
	ck_assert_str_eq(val(d, "Donnerstag"), "2025-10-30");
	ck_assert_str_eq(val(d, "Mittwoch"), "2025-10-29");
	done(d);
	d = run("Am Montagabend sprach sie, am kommenden Montag entscheidet der Rat, "
		"am vergangenen Dienstag tagte er.");
	ck_assert_str_eq(val(d, "Montagabend"), "2025-10-27");
	ck_assert_str_eq(val(d, "kommenden Montag"), "2025-11-03");
	ck_assert_str_eq(val(d, "vergangenen Dienstag"), "2025-10-21");
	done(d);
	/* the weekday of the week N weeks back or ahead */
	d = run("Am Mittwoch vor zwei Wochen begann der Streik, am Freitag in 3 Wochen endet er.");
	ck_assert_str_eq(val(d, "Mittwoch vor zwei Wochen"), "2025-10-15");
	ck_assert_str_eq(val(d, "Freitag in 3 Wochen"), "2025-11-21");
	done(d);
}
END_TEST

START_TEST(relative_days_and_weeks)
{
	struct doc *d = run("Gestern sank der Kurs, heute stieg er, vorgestern war Ruhe. Am "
			    "Vortag hatte die Bank gewarnt, übermorgen tagt sie.");
	ck_assert_str_eq(val(d, "Gestern"), "2025-10-27");
	ck_assert_str_eq(val(d, "heute"), "2025-10-28");
	ck_assert_str_eq(val(d, "vorgestern"), "2025-10-26");
	ck_assert_str_eq(val(d, "Vortag"), "2025-10-27");
	ck_assert_str_eq(val(d, "übermorgen"), "2025-10-30");
	done(d);
	d = run("Vor zwei Wochen begann der Streik, vor drei Monaten und vor zwei Jahren war "
		"es ruhig; die Wahl soll in zwei Wochen stattfinden. Am Mittwoch der nächsten "
		"Woche tagt der Rat, am 10.10 tagte er.");
	ck_assert_str_eq(val(d, "Vor zwei Wochen"), "2025-10-14");
	ck_assert_str_eq(val(d, "vor drei Monaten"), "2025-07");
	ck_assert_str_eq(val(d, "vor zwei Jahren"), "2023");
	ck_assert_str_eq(val(d, "in zwei Wochen"), "2025-11-11");
	ck_assert_str_eq(val(d, "Mittwoch der nächsten Woche"), "2025-11-05");
	ck_assert_str_eq(val(d, "10.10"), "2025-10-10");
	done(d);
	/* a duration, not a date: "in elf Tagen" without a future */
	d = run("Das Festival zählte in elf Tagen viele Gäste.");
	ck_assert_uint_eq(d->ndate, 0);
	done(d);
	/* "am Morgen" is a time of day, no date */
	d = run("Am Morgen regnete es.");
	ck_assert_uint_eq(d->ndate, 0);
	done(d);
	d = run("Vergangene Woche stiegen die Preise, in dieser Woche fallen sie, "
		"Anfang der kommenden Woche entscheidet die Notenbank.");
	ck_assert_str_eq(val(d, "Vergangene Woche"), "2025-W43");
	ck_assert_str_eq(val(d, "dieser Woche"), "2025-W44");
	ck_assert_str_eq(val(d, "Anfang der kommenden Woche"), "2025-W45");
	ck_assert_int_eq(mod(d, "Anfang der kommenden Woche"), DM_START);
	done(d);
}
END_TEST

START_TEST(months_quarters_years)
{
	struct doc *d = run("Im Juli wuchs die Wirtschaft, Anfang Oktober schwächte sie sich ab, "
			    "Mitte Dezember 2024 war sie schwach, Ende November drohen Streiks.");
	ck_assert_str_eq(val(d, "Juli"), "2025-07");
	ck_assert_str_eq(val(d, "Anfang Oktober"), "2025-10");
	ck_assert_int_eq(mod(d, "Anfang Oktober"), DM_START);
	ck_assert_str_eq(val(d, "Mitte Dezember 2024"), "2024-12");
	ck_assert_int_eq(mod(d, "Mitte Dezember 2024"), DM_MID);
	ck_assert_str_eq(val(d, "Ende November"), "2025-11");
	ck_assert_int_eq(mod(d, "Ende November"), DM_END);
	done(d);
	/* past bias: a month far after the document month is last year's */
	d = run_at("Im Dezember war der Umsatz hoch, im nächsten März soll er steigen.",
		   NERD_LANG_DE, 2026, 2, 10, 1);
	ck_assert_str_eq(val(d, "Dezember"), "2025-12");
	ck_assert_str_eq(val(d, "nächsten März"), "2026-03");
	done(d);
	d = run("Im dritten Quartal stieg der Gewinn, im ersten Halbjahr 2027 soll das Werk "
		"öffnen; seit 2019 und im Jahr 2027; von Januar bis März 2024.");
	ck_assert_str_eq(val(d, "dritten Quartal"), "2025-Q3");
	ck_assert_str_eq(val(d, "ersten Halbjahr 2027"), "2027-H1");
	ck_assert_str_eq(val(d, "2019"), "2019");
	ck_assert_str_eq(val(d, "2027"), "2027");
	ck_assert_str_eq(val(d, "Januar"), "2024-01");
	ck_assert_str_eq(val(d, "März 2024"), "2024-03");
	done(d);
}
END_TEST

START_TEST(full_dates_and_holidays)
{
	struct doc *d = run("Der Vertrag vom 28. Oktober 2025 gilt ab dem 3. November, "
			    "die Frist endet am 31.12.2025, der Bericht kam am 2025-10-01 und am "
			    "Dienstag, 14. Oktober 2025.");
	ck_assert_str_eq(val(d, "28. Oktober 2025"), "2025-10-28");
	ck_assert_str_eq(val(d, "3. November"), "2025-11-03");
	ck_assert_str_eq(val(d, "31.12.2025"), "2025-12-31");
	ck_assert_str_eq(val(d, "2025-10-01"), "2025-10-01");
	ck_assert_str_eq(val(d, "Dienstag, 14. Oktober 2025"), "2025-10-14");
	done(d);
	d = run("Am ersten Sonntag im Oktober, am letzten Freitag im März 2026 und in der "
		"letzten Woche im September wurde gewählt.");
	ck_assert_str_eq(val(d, "ersten Sonntag im Oktober"), "2025-10-05");
	ck_assert_str_eq(val(d, "letzten Freitag im März 2026"), "2026-03-27");
	ck_assert_str_eq(val(d, "letzten Woche im September"), "2025-W39");
	done(d);
	d = run("Ostermontag 2026 und Pfingsten 2024 sowie der Tag der Deutschen Einheit.");
	ck_assert_str_eq(val(d, "Ostermontag 2026"), "2026-04-06");
	ck_assert_str_eq(val(d, "Pfingsten 2024"), "2024-05-19");
	ck_assert_str_eq(val(d, "Tag der Deutschen Einheit"), "2025-10-03");
	done(d);
	/* Vatertag is Ascension Day in Germany; a possessive in a name */
	d = run("Am Vatertag 2025 und zum Mother's Day 2024.");
	ck_assert_str_eq(val(d, "Vatertag 2025"), "2025-05-29");
	ck_assert_str_eq(val(d, "Mother's Day 2024"), "2024-05-12");
	done(d);
	/* impossible dates and times are no dates */
	d = run("Am 31.02.2025 um 14.30 Uhr.");
	ck_assert_uint_eq(d->ndate, 0);
	done(d);
}
END_TEST

/* "bias": "future" (a calendar, Duckling's tests): weekdays, months and
 * holidays without a year lie ahead of the document date. */
START_TEST(future_bias)
{
	const char *t = "Am Dienstag, am Montag, im Januar, an Weihnachten und an Neujahr.";
	struct doc *d = run(t);
	ck_assert_str_eq(val(d, "Dienstag"), "2025-10-28");
	ck_assert_str_eq(val(d, "Montag"), "2025-10-27");
	ck_assert_str_eq(val(d, "Januar"), "2025-01");
	ck_assert_str_eq(val(d, "Neujahr"), "2025-01-01");
	done(d);
	d = calloc(1, sizeof(*d));
	d->text = t;
	d->len = (uint32_t)strlen(t);
	d->ar = arena_new(0);
	d->m = model;
	d->lang = NERD_LANG_DE;
	d->year = 2025, d->month = 10, d->day = 28, d->wday = 1;
	d->bias = NERD_BIAS_FUTURE;
	tok_run(d);
	date_run(model->date, d);
	ck_assert_str_eq(val(d, "Dienstag"), "2025-11-04");
	ck_assert_str_eq(val(d, "Montag"), "2025-11-03");
	ck_assert_str_eq(val(d, "Januar"), "2026-01");
	ck_assert_str_eq(val(d, "Weihnachten"), "2025-12-25");
	ck_assert_str_eq(val(d, "Neujahr"), "2026-01-01");
	done(d);
}
END_TEST

/* The "bias" request field: past by default, "future", anything else an
 * error; the whole pipeline honours it. */
START_TEST(bias_request)
{
	struct nerd_req req;
	json_t *root;
	char err[256];
	const char *ok = "{\"text\": \"Am Dienstag.\", \"date\": \"2025-10-29\", \"bias\": \"future\"}";
	ck_assert_int_eq(req_parse(ok, strlen(ok), &root, &req, err, sizeof(err)), 0);
	ck_assert_int_eq(req.bias, NERD_BIAS_FUTURE);
	struct sbuf out;
	sbuf_init(&out);
	ck_assert_int_eq(nerd_extract(model, &req, &out), 0);
	ck_assert_ptr_nonnull(strstr(sbuf_cstr(&out), "\"2025-11-04\""));
	sbuf_fini(&out);
	json_decref(root);
	const char *def = "{\"text\": \"Am Dienstag.\", \"date\": \"2025-10-29\"}";
	ck_assert_int_eq(req_parse(def, strlen(def), &root, &req, err, sizeof(err)), 0);
	ck_assert_int_eq(req.bias, NERD_BIAS_PAST);
	sbuf_init(&out);
	ck_assert_int_eq(nerd_extract(model, &req, &out), 0);
	ck_assert_ptr_nonnull(strstr(sbuf_cstr(&out), "\"2025-10-28\""));
	sbuf_fini(&out);
	json_decref(root);
	const char *bad = "{\"text\": \"x\", \"bias\": \"later\"}";
	ck_assert_int_eq(req_parse(bad, strlen(bad), &root, &req, err, sizeof(err)), NERD_EFIELD);
	ck_assert_ptr_nonnull(strstr(err, "bias"));
	ck_assert_ptr_null(root);
	const char *num = "{\"text\": \"x\", \"bias\": 1}";
	ck_assert_int_eq(req_parse(num, strlen(num), &root, &req, err, sizeof(err)), NERD_EFIELD);
}
END_TEST

/* Holidays of the Hebrew, Islamic and Chinese calendars from the generated
 * table, with and without a year, and offsets from Diwali. */
START_TEST(calendar_holidays)
{
	struct doc *d = run("Jom Kippur 2018, das Opferfest 2018, Chinesisches Neujahr 2018, "
			    "Diwali 2019 und Bhai Dooj 2019; zum Zuckerfest kamen alle.");
	ck_assert_str_eq(val(d, "Jom Kippur 2018"), "2018-09-19");
	ck_assert_str_eq(val(d, "Opferfest 2018"), "2018-08-21");
	ck_assert_str_eq(val(d, "Chinesisches Neujahr 2018"), "2018-02-16");
	ck_assert_str_eq(val(d, "Diwali 2019"), "2019-10-27");
	ck_assert_str_eq(val(d, "Bhai Dooj 2019"), "2019-10-29");
	/* without a year: the last one before the document date (past bias) */
	ck_assert_str_eq(val(d, "Zuckerfest"), "2025-03-30");
	done(d);
	/* a year the table does not reach gives no date for the holiday */
	d = run("Purim 2150 fiel aus.");
	ck_assert_str_eq(val(d, "Purim 2150"), "(none)");
	done(d);
	/* Hindu festivals computed for New Delhi (build/hindu.js): lunar
	 * month and tithi at their time of day, the sidereal sun; the Umm
	 * al-Qura calendar before 2000 */
	d = run("Holi 2019, Holika Dahan 2019, Janmashtami 2019, Karva Chauth 2018, "
		"Makar Sankranti 2019, Pongal 2018, Vaisakhi 2018, Onam 2018, "
		"Guru Ravidas Jayanti 2019, Rabindra Jayanti 2018 und das Zuckerfest 1988.");
	ck_assert_str_eq(val(d, "Holi 2019"), "2019-03-21");
	ck_assert_str_eq(val(d, "Holika Dahan 2019"), "2019-03-20");
	ck_assert_str_eq(val(d, "Janmashtami 2019"), "2019-08-23");
	ck_assert_str_eq(val(d, "Karva Chauth 2018"), "2018-10-27");
	ck_assert_str_eq(val(d, "Makar Sankranti 2019"), "2019-01-15");
	ck_assert_str_eq(val(d, "Pongal 2018"), "2018-01-14");
	ck_assert_str_eq(val(d, "Vaisakhi 2018"), "2018-04-14");
	ck_assert_str_eq(val(d, "Onam 2018"), "2018-08-24");
	ck_assert_str_eq(val(d, "Guru Ravidas Jayanti 2019"), "2019-02-19");
	ck_assert_str_eq(val(d, "Rabindra Jayanti 2018"), "2018-05-09");
	ck_assert_str_eq(val(d, "Zuckerfest 1988"), "1988-05-16");
	done(d);
}
END_TEST

/* Quarters and half-years with ordinals in digits; a figure that reaches
 * into a date gives way to it. */
START_TEST(digit_ordinals_and_figures)
{
	struct doc *d = run("Im 3. Quartal 2024 stieg der Umsatz, im 2. Halbjahr sank er, "
			    "im 4ten Quartal 2018 auch; es gab 3 Quartale mit Verlust.");
	ck_assert_str_eq(val(d, "3. Quartal 2024"), "2024-Q3");
	ck_assert_str_eq(val(d, "2. Halbjahr"), "2025-H2");
	ck_assert_str_eq(val(d, "4ten Quartal 2018"), "2018-Q4");
	ck_assert_str_eq(val(d, "3 Quartale"), "(none)");
	done(d);
	/* English holiday names: n-th weekdays with an offset, names of five
	 * tokens, a year after "in"; Lazarus Saturday is Orthodox (2021: the
	 * two Easters five weeks apart) */
	d = run_at("Black Friday 2017, MLK Day 2013, St. Patrick's Day 2020, New Year's Eve 2019, "
		   "Diwali in 2019 and Lazarus Saturday 2021.", NERD_LANG_EN, 2025, 10, 28, 1);
	ck_assert_str_eq(val(d, "Black Friday 2017"), "2017-11-24");
	ck_assert_str_eq(val(d, "MLK Day 2013"), "2013-01-21");
	ck_assert_str_eq(val(d, "St. Patrick's Day 2020"), "2020-03-17");
	ck_assert_str_eq(val(d, "New Year's Eve 2019"), "2019-12-31");
	ck_assert_str_eq(val(d, "Diwali in 2019"), "2019-10-27");
	ck_assert_str_eq(val(d, "Lazarus Saturday 2021"), "2021-04-24");
	done(d);
	/* a holiday after "last", "next", "this", or with "of next year" */
	d = run_at("Last Christmas was quiet, next Easter will not be; this Thanksgiving and "
		   "Thanksgiving of next year.", NERD_LANG_EN, 2025, 10, 28, 1);
	ck_assert_str_eq(val(d, "Last Christmas"), "2024-12-25");
	ck_assert_str_eq(val(d, "next Easter"), "2026-04-05");
	ck_assert_str_eq(val(d, "this Thanksgiving"), "2025-11-27");
	ck_assert_str_eq(val(d, "Thanksgiving of next year"), "2026-11-26");
	done(d);
	d = run("Vergangene Ostern war es kalt, am nächsten Zuckerfest wird gefeiert.");
	ck_assert_str_eq(val(d, "Vergangene Ostern"), "2025-04-20");
	ck_assert_str_eq(val(d, "nächsten Zuckerfest"), "2026-03-20");
	done(d);
	d = run_at("In the 3rd quarter of 2024 sales rose 5 percent.", NERD_LANG_EN, 2025, 10, 28, 1);
	ck_assert_str_eq(val(d, "3rd quarter of 2024"), "2024-Q3");
	done(d);
	/* prices are no day.month dates: a currency sign before, or English */
	d = run_at("Shares closed at $2.10. Bonds ended at 3.11.", NERD_LANG_EN, 2025, 10, 28, 1);
	ck_assert_uint_eq(d->ndate, 0);
	done(d);
	d = run("Die Aktie kostete € 2.10. Am 3.11. wird gewählt.");
	ck_assert_str_eq(val(d, "2.10"), "(none)");
	ck_assert_str_eq(val(d, "2.10."), "(none)");
	ck_assert_str_eq(val(d, "3.11"), "2025-11-03");
	done(d);
	/* the figure stage alone reads "2013 sales" as a count; with the date
	 * around it the count goes, the other figures keep their links */
	const char *text = "In the fourth quarter of 2013 sales rose from 5 to 7 percent.";
	d = calloc(1, sizeof(*d));
	d->text = text;
	d->len = (uint32_t)strlen(text);
	d->ar = arena_new(0);
	d->m = model;
	d->lang = NERD_LANG_EN;
	d->year = 2025, d->month = 10, d->day = 28, d->wday = 1;
	tok_run(d);
	fig_run(model->fig, d);
	uint32_t before = d->nfig;
	date_run(model->date, d);
	ck_assert_str_eq(val(d, "fourth quarter of 2013"), "2013-Q4");
	ck_assert_uint_eq(d->nfig, before - 1);
	ck_assert_uint_eq(d->nfig, 2);
	ck_assert_int_eq(d->fig[0].range, 1);
	ck_assert_int_eq(d->fig[1].range, 0);
	for (uint32_t i = 0; i < d->nfig; i++)
		ck_assert(d->fig[i].end <= d->date[0].start || d->fig[i].start >= d->date[0].end);
	done(d);
}
END_TEST

START_TEST(english)
{
	struct doc *d = run_at("Officials met on Tuesday evening, last week and on Jan. 27; the "
			       "accord of 27 January 2025 takes effect in early October.",
			       NERD_LANG_EN, 2025, 10, 28, 1);
	ck_assert_str_eq(val(d, "Tuesday evening"), "2025-10-28");
	ck_assert_str_eq(val(d, "last week"), "2025-W43");
	ck_assert_str_eq(val(d, "Jan. 27"), "2025-01-27");
	ck_assert_str_eq(val(d, "27 January 2025"), "2025-01-27");
	ck_assert_str_eq(val(d, "early October"), "2025-10");
	ck_assert_int_eq(mod(d, "early October"), DM_START);
	done(d);
	/* a weekday before a date without a year picks the year that fits */
	d = run_at("Shares fell on Wednesday, March 4.", NERD_LANG_EN, 2025, 10, 28, 1);
	ck_assert_str_eq(val(d, "Wednesday, March 4"), "2026-03-04");
	done(d);
	/* "may" the verb is no month */
	d = run_at("Prices may rise.", NERD_LANG_EN, 2025, 10, 28, 1);
	ck_assert_uint_eq(d->ndate, 0);
	done(d);
}
END_TEST

START_TEST(limits)
{
	struct doc *d = run("");
	ck_assert_uint_eq(d->ndate, 0);
	done(d);
	/* year boundaries: ISO week 1 of 2026 starts on 2025-12-29 */
	d = run_at("Vergangene Woche und kommende Woche.", NERD_LANG_DE, 2026, 1, 5, 0);
	ck_assert_str_eq(val(d, "Vergangene Woche"), "2026-W01");
	ck_assert_str_eq(val(d, "kommende Woche"), "2026-W03");
	done(d);
	/* a document without a valid date yields no dates, and no crash */
	d = run_at("Am Dienstag und im Juli.", NERD_LANG_DE, 0, 0, 0, 0);
	ck_assert_uint_eq(d->ndate, 0);
	done(d);
	/* no commas: the clause window keeps this linear */
	static const char piece[] = "am Dienstag wird ";
	char *flat = malloc(30000 * (sizeof(piece) - 1) + 1);
	for (int i = 0; i < 30000; i++)
		memcpy(flat + i * (sizeof(piece) - 1), piece, sizeof(piece) - 1);
	flat[30000 * (sizeof(piece) - 1)] = 0;
	d = run(flat);
	ck_assert_uint_eq(d->ndate, 30000);
	ck_assert_str_eq(d->date[0].value, "2025-10-28");
	done(d);
	free(flat);
	char *big = malloc(300000);
	/* 20000 date-like pieces in a row, then spaced */
	for (int i = 0; i < 20000; i++)
		memcpy(big + 6 * i, i % 2 ? "12.12 " : "12.12.", 6);
	big[6 * 20000] = 0;
	d = run(big);
	ck_assert_int_eq(d->partial, 0);
	done(d);
	free(big);
}
END_TEST

START_TEST(bad_data)
{
	char dir[] = "/tmp/check_dateXXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char path[256], err[512];
	/* no date/ at all (test fixtures of other stages): loads, empty */
	struct datedata *dd = NULL;
	ck_assert_int_eq(date_load(dir, NULL, &dd, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(dd);
	date_free(dd);
	dd = NULL;
	snprintf(path, sizeof(path), "%s/date", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/date/words.tsv", dir);
	FILE *fp = fopen(path, "w");
	fputs("juli\tmonth\t7\nmontag\tweekday\n", fp);
	fclose(fp);
	ck_assert_int_eq(date_load(dir, NULL, &dd, err, sizeof(err)), NERD_EDATA);
	ck_assert_ptr_null(dd);
	ck_assert_ptr_nonnull(strstr(err, "words.tsv:2"));
	unlink(path);
	snprintf(path, sizeof(path), "%s/date", dir);
	rmdir(path);
	rmdir(dir);
	date_free(NULL);
}
END_TEST

static Suite *date_suite(void)
{
	Suite *s = suite_create("date");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, weekdays);
	tcase_add_test(tc, relative_days_and_weeks);
	tcase_add_test(tc, months_quarters_years);
	tcase_add_test(tc, full_dates_and_holidays);
	tcase_add_test(tc, english);
	tcase_add_test(tc, future_bias);
	tcase_add_test(tc, calendar_holidays);
	tcase_add_test(tc, digit_ordinals_and_figures);
	tcase_add_test(tc, bias_request);
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
	SRunner *sr = srunner_create(date_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
