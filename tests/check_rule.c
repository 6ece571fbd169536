/* check_rule.c -- unit tests for the rule engine (pattern language, dispatch,
 * limits, rule-file errors) and for the shipped German rules on sentences
 * written for these tests.  The word lists that other parts of nerd ship
 * (given names, common nouns, stop words) are built here by hand, so that
 * the tests do not depend on them; the lists that belong to the rules
 * (roles, titles, particles, org words) are read from gazetteers/lists/. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "doc.h"
#include "lex.h"
#include "nerd.h"
#include "rule.h"
#include "tok.h"
#include "utf8.h"
#include "util.h"

static const char *gazdir(void)
{
	const char *g = getenv("NERD_GAZDIR");
	return g ? g : "gazetteers";
}

/* Adds space-separated words to list NAME. */
static void add_words(struct lex *x, const char *name, const char *words)
{
	int l = lex_new_list(x, name);
	const char *p = words;
	while (*p) {
		while (*p == ' ')
			p++;
		const char *s = p;
		while (*p && *p != ' ')
			p++;
		if (p > s)
			lex_add(x, l, s, (size_t)(p - s), NULL);
	}
}

/* Reads a shipped list file into list NAME (KEY or KEY<TAB>VALUE lines). */
static void load_list(struct lex *x, const char *name, const char *file)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/lists/%s", gazdir(), file);
	FILE *f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	int l = lex_new_list(x, name);
	char line[512];
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = 0;
		if (!*line || *line == '#')
			continue;
		char *tab = strchr(line, '\t');
		if (tab)
			*tab = 0;
		lex_add(x, l, line, strlen(line), tab ? tab + 1 : NULL);
	}
	fclose(f);
}

static struct lex *test_lex(void)
{
	struct lex *x = lex_new();
	add_words(x, "given", "Angela Olaf Friedrich Anna Lena Frank Walter Sophie Ursula Ahmed "
		  "Hans Maria Leo Charles Emmanuel Marie Peter Klaus Paul George Russell Mio Franz");
	add_words(x, "nouns", "Regierung Besuch Konzern Bank Tochter Mittwoch Pläne Angaben "
		  "Ansicht Wirtschaft Energie Chemie Allianz Zeitung Sicht Kreisen Messe "
		  "Labor Gewinne Zinsen Stadt Gast Gewinn Präsidentin Haus Reise Politik "
		  "Universität Ministerin Abend Woche Zeit Urlaub Vertrag Rede Regel Kritik "
		  "Ende Dienstag Rückkehr Markt Fischer Nagel Pik Anfang");
	add_words(x, "given", "George Jane Howard Keir Karoline Lewis");
	add_words(x, "stop", "der die das des dem den ein eine einer und oder in nach aus bei mit "
		  "von zu am im auch laut er sie es wir ihr gestern heute dann als an auf für "
		  "sich nicht ist war hat wird the a an of and in on at for with said met was is");
	add_words(x, "speech", "sagte sagt erklärte betonte");
	load_list(x, "roles", "roles.tsv");
	load_list(x, "titles", "titles.txt");
	load_list(x, "particles", "particles.txt");
	load_list(x, "orgheads", "orgheads.txt");
	load_list(x, "orgbefore", "orgbefore.txt");
	load_list(x, "orgafter", "orgafter.txt");
	load_list(x, "orgfuer", "orgfuer.txt");
	load_list(x, "orggroup", "orggroup.txt");
	load_list(x, "notorg", "notorg.txt");
	load_list(x, "orgintro", "orgintro.txt");
	load_list(x, "notname", "notname.txt");
	load_list(x, "roletails", "roletails.txt");
	load_list(x, "roles_en", "roles_en.tsv");
	load_list(x, "clubs", "clubs.txt");
	load_list(x, "clubwords", "clubwords.txt");
	load_list(x, "orgtypes", "orgtypes.txt");
	load_list(x, "agencies", "agencies.txt");
	load_list(x, "notloc", "notloc.txt");
	load_list(x, "pverbs", "pverbs.txt");
	load_list(x, "notacr", "notacr.txt");
	load_list(x, "determiners", "determiners.txt");
	return x;
}

static struct doc *new_doc(const char *text)
{
	struct doc *d = calloc(1, sizeof(*d));
	d->text = text;
	d->len = (uint32_t)strlen(text);
	d->ar = arena_new(0);
	d->lang = NERD_LANG_DE;
	tok_run(d);
	return d;
}

static void doc_done(struct doc *d)
{
	arena_free(d->ar);
	free(d);
}

/* Pretends the gazetteer found `what` (a substring of the text) as type. */
static void fake_gaz(struct doc *d, const char *what, int type)
{
	const char *p = strstr(d->text, what);
	ck_assert_msg(p != NULL, "'%s' not in the text", what);
	uint32_t s = (uint32_t)(p - d->text), e = s + (uint32_t)strlen(what);
	struct mention *m = DOC_PUSH(d, ment);
	m->start = s;
	m->end = e;
	m->t0 = doc_tok_at(d, s);
	m->t1 = doc_tok_at(d, e - 1) + 1;
	m->type = (uint8_t)type;
	m->source = ES_GAZ;
	m->entry = 0;
	m->canon = what;
	m->rule = "gazetteer";
}

/* The live rule mention with exactly this span text and type, or NULL. */
static const struct mention *find(const struct doc *d, const char *span, int type)
{
	size_t n = strlen(span);
	for (uint32_t i = 0; i < d->nment; i++) {
		const struct mention *m = &d->ment[i];
		if (m->source == ES_RULE && !(m->flags & MF_DEAD) && m->type == type &&
		    m->end - m->start == n && !memcmp(d->text + m->start, span, n))
			return m;
	}
	return NULL;
}

static int nrule(const struct doc *d, int type)
{
	int k = 0;
	for (uint32_t i = 0; i < d->nment; i++)
		k += d->ment[i].source == ES_RULE && !(d->ment[i].flags & MF_DEAD) &&
		     (type < 0 || d->ment[i].type == type);
	return k;
}

static struct lex *lx;
static struct ruleset *rs;

static void de_setup(void)
{
	char err[512] = "";
	lx = test_lex();
	int rc = rule_load(gazdir(), lx, NULL, &rs, err, sizeof(err));
	ck_assert_msg(rc == 0, "rule_load: %s", err);
}

static void de_teardown(void)
{
	rule_free(rs);
	lex_free(lx);
	rs = NULL;
	lx = NULL;
}

/* Runs the German rules on text after the gazetteer "found" the pairs in
 * gaz[] (text, type), ending with NULL. */
static struct doc *de(const char *text, const char *const *gaz, const int *types)
{
	struct doc *d = new_doc(text);
	for (int i = 0; gaz && gaz[i]; i++)
		fake_gaz(d, gaz[i], types[i]);
	rule_run(rs, d);
	return d;
}

#define EXPECT(d, span, type)                                                  \
	do {                                                                   \
		const struct mention *m_ = find(d, span, type);                \
		ck_assert_msg(m_ != NULL, "no %s mention '%s' in '%s'",        \
			      #type, span, (d)->text);                         \
	} while (0)

/* ---- the German rules: people ------------------------------------------- */

START_TEST(per_given_surname)
{
	static const char *const g[] = {"Berlin", NULL};
	static const int t[] = {ET_LOC};
	struct doc *d = de("Gestern sprach Angela Merkel in Berlin.", g, t);
	const struct mention *m = find(d, "Angela Merkel", ET_PER);
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m->canon, "Angela Merkel");
	ck_assert_str_eq(m->rule, "per.given");
	ck_assert_int_eq(m->form, EF_NAME);
	ck_assert_int_eq(m->entry, -1);
	ck_assert_int_eq(nrule(d, ET_LOC), 0); /* Berlin is the gazetteer's */
	doc_done(d);

	d = de("Ursula von der Leyen reiste ab, Frank-Walter Steinmeier blieb.", NULL, NULL);
	EXPECT(d, "Ursula von der Leyen", ET_PER);
	EXPECT(d, "Frank-Walter Steinmeier", ET_PER);
	doc_done(d);

	d = de("Die Laborchefin Sophie Dubois-Hartmann und Ahmed al-Scharaa kamen.", NULL, NULL);
	EXPECT(d, "Sophie Dubois-Hartmann", ET_PER);
	EXPECT(d, "Ahmed al-Scharaa", ET_PER);
	doc_done(d);

	/* A common noun after the name is not part of it. */
	d = de("Olaf Scholz Mittwoch kam nicht.", NULL, NULL);
	EXPECT(d, "Olaf Scholz", ET_PER);
	ck_assert_ptr_null(find(d, "Olaf Scholz Mittwoch", ET_PER));
	doc_done(d);

	/* A given name or surname that is also a known place (the place
	 * reading competes later); a two-word particle alone. */
	static const char *const g2[] = {"Howard", "Hamilton", NULL};
	static const int t2[] = {ET_LOC, ET_LOC};
	d = de("Minister Howard Lutnick lobte Lewis Hamilton, sagte von der Leyen. Er kam von "
	       "der Nordbank und von der Deutschen Bank.", g2, t2);
	EXPECT(d, "Howard Lutnick", ET_PER);
	EXPECT(d, "Lewis Hamilton", ET_PER);
	EXPECT(d, "von der Leyen", ET_PER);
	ck_assert_int_eq(nrule(d, ET_PER), 3);
	doc_done(d);

	/* A noun or a place as the second word after a role, but not after a
	 * genitive. */
	static const char *const g3[] = {"Miyazaki", NULL};
	static const int t3[] = {ET_LOC};
	d = de("Umweltminister Sigmar Fischer und Regisseur Hayao Miyazaki lobten Präsident "
	       "Beispiels Regierung. Von der Leyen sagte nichts.", g3, t3);
	EXPECT(d, "Sigmar Fischer", ET_PER);
	EXPECT(d, "Hayao Miyazaki", ET_PER);
	EXPECT(d, "Beispiels", ET_PER);
	EXPECT(d, "Von der Leyen", ET_PER);
	ck_assert_int_eq(nrule(d, ET_PER), 4);
	doc_done(d);

	/* After a known given name a surname may be a common noun too. */
	d = de("Gestern sprach Lena Fischer mit Paul Nagel.", NULL, NULL);
	EXPECT(d, "Lena Fischer", ET_PER);
	EXPECT(d, "Paul Nagel", ET_PER);
	doc_done(d);

	/* A given name alone, or before a role, a function word, a currency
	 * or a known organisation, is no name. */
	d = de("Zu Anna ging er nach Hause. Paul Präsident. Dann Hans Siemens und Maria Die. "
	       "Es kostet drei Mio Euro. Franz Freiherr von Beispiel kam.", (const char *[]){"Siemens", NULL},
	       (const int[]){ET_ORG});
	ck_assert_int_eq(nrule(d, ET_PER), 0);
	doc_done(d);
}
END_TEST

START_TEST(per_genitive)
{
	struct doc *d = de("Angela Merkels Regierung trat zurück.", NULL, NULL);
	const struct mention *m = find(d, "Angela Merkels", ET_PER);
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m->canon, "Angela Merkel");
	ck_assert(m->flags & MF_GENITIVE);
	ck_assert_int_eq(nrule(d, ET_PER), 1); /* the plain reading was superseded */
	doc_done(d);

	d = de("Präsident Macrons Besuch endete am Dienstag.", NULL, NULL);
	m = find(d, "Macrons", ET_PER);
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m->canon, "Macron");
	doc_done(d);

	/* The apostrophe of names in s, x, z belongs to the span. */
	d = de("Kanzler Merz' Pläne und Friedrich Merz' Reise.", NULL, NULL);
	m = find(d, "Merz'", ET_PER);
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m->canon, "Merz");
	m = find(d, "Friedrich Merz'", ET_PER);
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m->canon, "Friedrich Merz");
	ck_assert(m->flags & MF_GENITIVE);
	doc_done(d);

	/* A name that ends in s keeps it when no noun follows. */
	d = de("Gestern kam Klaus Haas.", NULL, NULL);
	m = find(d, "Klaus Haas", ET_PER);
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m->canon, "Klaus Haas");
	doc_done(d);
}
END_TEST

START_TEST(per_roles)
{
	struct doc *d = de("Bundeskanzler Friedrich Merz sprach am Abend.", NULL, NULL);
	EXPECT(d, "Friedrich Merz", ET_PER);
	ck_assert_ptr_null(find(d, "Bundeskanzler Friedrich Merz", ET_PER));
	doc_done(d);

	static const char *const g1[] = {"US", "Peking", NULL};
	static const int t1[] = {ET_LOC, ET_LOC};
	d = de("US-Handelsminister Howard Lutnick reiste nach Peking.", g1, t1);
	const struct mention *m = find(d, "Howard Lutnick", ET_PER);
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m->rule, "per.role");
	ck_assert_int_eq(nrule(d, ET_LOC), 0);
	doc_done(d);

	static const char *const g2[] = {"Japans", NULL};
	static const int t2[] = {ET_LOC};
	d = de("Japans Regierungschefin Sanae Takaichi traf den Gast.", g2, t2);
	EXPECT(d, "Sanae Takaichi", ET_PER);
	doc_done(d);

	d = de("SPD-Chefin Bärbel Bas widersprach, Präsident Trump drohte.", NULL, NULL);
	EXPECT(d, "Bärbel Bas", ET_PER);
	m = find(d, "Trump", ET_PER);
	ck_assert_ptr_nonnull(m);
	ck_assert(m->flags & MF_SURNAME);
	doc_done(d);

	/* The title stays outside the span. */
	d = de("Kaiser Naruhito empfing den Gast, Papst Leo XIV. segnete die Stadt.", NULL, NULL);
	EXPECT(d, "Naruhito", ET_PER);
	ck_assert_ptr_null(find(d, "Kaiser Naruhito", ET_PER));
	EXPECT(d, "Leo XIV.", ET_PER);
	doc_done(d);

	/* A compound ending in a role word; a surname that is a given name. */
	d = de("Jurypräsident Wim Wenders lobte, Mercedes-Fahrer George Russell siegte.", NULL, NULL);
	EXPECT(d, "Wim Wenders", ET_PER);
	EXPECT(d, "George Russell", ET_PER);
	doc_done(d);

	/* A short role form is no compound head: "Özdemirs" does not end in
	 * the role "Emir". */
	d = de("Er lobte Özdemirs Wahlkampf.", NULL, NULL);
	ck_assert_int_eq(nrule(d, ET_PER), 0);
	doc_done(d);

	/* An inflected role: "des Parteivorsitzenden". */
	d = de("Die Rede des Parteivorsitzenden Jan Beispielmann war kurz.", NULL, NULL);
	EXPECT(d, "Jan Beispielmann", ET_PER);
	doc_done(d);

	/* A plural role before two or three names. */
	d = de("Die Parteivorsitzenden Beispielmann, Peter Muster und Anna Probst kamen.", NULL, NULL);
	EXPECT(d, "Beispielmann", ET_PER);
	EXPECT(d, "Peter Muster", ET_PER);
	m = find(d, "Anna Probst", ET_PER);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(nrule(d, ET_PER), 3);
	doc_done(d);

	/* After a role, a known place or a function word is no name. */
	static const char *const g3[] = {"Frankreichs", NULL};
	static const int t3[] = {ET_LOC};
	d = de("Der Präsident Frankreichs und die Präsidentin der Universität kamen.", g3, t3);
	ck_assert_int_eq(nrule(d, ET_PER), 0);
	doc_done(d);
}
END_TEST

START_TEST(per_titles_and_initials)
{
	struct doc *d = de("Frau Dr. Schmidt widersprach Herrn Müller.", NULL, NULL);
	EXPECT(d, "Schmidt", ET_PER);
	EXPECT(d, "Müller", ET_PER);
	ck_assert_ptr_null(find(d, "Dr. Schmidt", ET_PER));
	doc_done(d);

	d = de("Damals schrieb I. Kant, später J. R. R. Tolkien.", NULL, NULL);
	EXPECT(d, "I. Kant", ET_PER);
	EXPECT(d, "J. R. R. Tolkien", ET_PER);
	doc_done(d);

	d = de("Bekannt wurde I.Kant in Königsberg.", (const char *[]){"Königsberg", NULL},
	       (const int[]){ET_LOC});
	EXPECT(d, "I.Kant", ET_PER);
	doc_done(d);
}
END_TEST

/* ---- organisations ----------------------------------------------------- */

START_TEST(org_legal_forms)
{
	struct doc *d = de("Die Muster Solar GmbH meldete Gewinne.", NULL, NULL);
	const struct mention *m = find(d, "Muster Solar GmbH", ET_ORG);
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m->rule, "org.legal");
	doc_done(d);

	d = de("Die Nordwind GmbH & Co. KG baut, die Allianz SE zahlt.", NULL, NULL);
	EXPECT(d, "Nordwind GmbH & Co. KG", ET_ORG);
	EXPECT(d, "Allianz SE", ET_ORG);
	doc_done(d);

	d = de("Acme Inc. und Beispiel Ltd. fusionieren mit Fiktiv S.A. heute.", NULL, NULL);
	EXPECT(d, "Acme Inc.", ET_ORG);
	EXPECT(d, "Beispiel Ltd.", ET_ORG);
	EXPECT(d, "Fiktiv S.A.", ET_ORG);
	doc_done(d);

	/* A common noun before the name is not part of it. */
	d = de("Der Konzern Muster GmbH wächst.", NULL, NULL);
	EXPECT(d, "Muster GmbH", ET_ORG);
	ck_assert_ptr_null(find(d, "Konzern Muster GmbH", ET_ORG));
	doc_done(d);
}
END_TEST

START_TEST(org_heads)
{
	static const char *const g[] = {"Tokio", NULL};
	static const int t[] = {ET_LOC};
	struct doc *d = de("Sie studierte an der Universität Tokio und der Technische Universität "
			   "München.", g, t);
	EXPECT(d, "Universität Tokio", ET_ORG);
	EXPECT(d, "Technische Universität München", ET_ORG);
	doc_done(d);

	d = de("Das Ministerium für Wirtschaft und Energie widersprach der Nordstern Bank.",
	       NULL, NULL);
	EXPECT(d, "Ministerium für Wirtschaft und Energie", ET_ORG);
	EXPECT(d, "Nordstern Bank", ET_ORG);
	doc_done(d);

	d = de("Die Bank zahlt, die Stadtwerke Musterstadt nicht. Er forscht am Institut "
	       "Gustave Roussy.", NULL, NULL);
	ck_assert_ptr_null(find(d, "Bank", ET_ORG));
	EXPECT(d, "Stadtwerke Musterstadt", ET_ORG);
	EXPECT(d, "Institut Gustave Roussy", ET_ORG);
	doc_done(d);

	/* "Siemens-Konzern" mentions Siemens; "Dax-Konzern" names nothing. */
	d = de("Der Siemens-Konzern und ein Dax-Konzern sowie der Chemie-Konzern.", NULL, NULL);
	const struct mention *m = find(d, "Siemens-Konzern", ET_ORG);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(m->form, EF_PART);
	ck_assert_str_eq(m->canon, "Siemens");
	ck_assert_int_eq(nrule(d, ET_ORG), 1);
	doc_done(d);
}
END_TEST

START_TEST(org_intro_and_dateline)
{
	struct doc *d = de("Musterstadt (dpa) - Der Pharmakonzern Beispiel Therapeutics und die "
			   "Ratingagentur Nordlicht einigten sich.", NULL, NULL);
	EXPECT(d, "dpa", ET_ORG);
	EXPECT(d, "Beispiel Therapeutics", ET_ORG);
	EXPECT(d, "Nordlicht", ET_ORG);
	doc_done(d);

	d = de("Beispielhausen (XYZ) – Der Autobauer Anfang des Jahres und der Hersteller Klaus "
	       "Beispiel sowie die Bank Frankreichs.", (const char *[]){"Frankreichs", NULL},
	       (const int[]){ET_LOC});
	EXPECT(d, "XYZ", ET_ORG);
	ck_assert_int_eq(nrule(d, ET_ORG), 1);
	doc_done(d);
}
END_TEST

START_TEST(org_ministries_and_clubs)
{
	struct doc *d = de("Das Bundesministerium der Finanzen und das Ministerium des Innern "
			   "widersprachen.", NULL, NULL);
	EXPECT(d, "Bundesministerium der Finanzen", ET_ORG);
	EXPECT(d, "Ministerium des Innern", ET_ORG);
	doc_done(d);

	static const char *const g[] = {"Musterstadt", NULL};
	static const int t[] = {ET_LOC};
	d = de("Der VfL Nordheim 09 schlug den FC Beispielberg, Eintracht Musterstadt verlor.", g, t);
	EXPECT(d, "VfL Nordheim 09", ET_ORG);
	EXPECT(d, "FC Beispielberg", ET_ORG);
	EXPECT(d, "Eintracht Musterstadt", ET_ORG);
	doc_done(d);

	/* A club word before an unknown word, or "US" before a name, is not
	 * a club. */
	d = de("Die Eintracht Beispiel hielt. US Soldaten kamen.", NULL, NULL);
	ck_assert_int_eq(nrule(d, ET_ORG), 0);
	doc_done(d);
}
END_TEST

START_TEST(org_acronyms)
{
	struct doc *d = de("Die Europäische Zentralbank (EZB) erhöhte die Zinsen.", NULL, NULL);
	EXPECT(d, "Europäische Zentralbank", ET_ORG);
	const struct mention *m = find(d, "EZB", ET_ORG);
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m->rule, "org.acronym");
	doc_done(d);

	/* The long form is trimmed to the words that the letters cover. */
	d = de("Laut Bericht prüft Bundesamt für Migration und Flüchtlinge (BAMF) den Fall.",
	       NULL, NULL);
	EXPECT(d, "Bundesamt für Migration und Flüchtlinge", ET_ORG);
	EXPECT(d, "BAMF", ET_ORG);
	ck_assert_ptr_null(find(d, "Bericht prüft Bundesamt für Migration und Flüchtlinge", ET_ORG));
	doc_done(d);

	/* An acronym that is also a common noun ("Pik"). */
	d = de("Sie sprach vom Polar-Institut für Klimaforschung (PIK) heute.", NULL, NULL);
	EXPECT(d, "Polar-Institut für Klimaforschung", ET_ORG);
	EXPECT(d, "PIK", ET_ORG);
	doc_done(d);

	/* Without an organisation word: exact initials of name-like words. */
	d = de("Gestern meldete Bristow Myrtol Squab (BMS) Gewinne, Künstliche Intelligenz (KI) "
	       "auch.", NULL, NULL);
	EXPECT(d, "Bristow Myrtol Squab", ET_ORG);
	m = find(d, "BMS", ET_ORG);
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m->rule, "org.acronym.initials");
	ck_assert_ptr_null(find(d, "KI", ET_ORG));
	doc_done(d);

	/* A party after a person is no acronym definition; nor is a mismatch. */
	d = de("Die Ministerin Bärbel Bas (SPD) sagte, die Nordstern Bank (XYZ) zahlt.", NULL, NULL);
	/* (Both are still organisations by their shape: org.ctx.upper.) */
	m = find(d, "SPD", ET_ORG);
	ck_assert(!m || !strcmp(m->rule, "org.ctx.upper"));
	m = find(d, "XYZ", ET_ORG);
	ck_assert(!m || !strcmp(m->rule, "org.ctx.upper"));
	doc_done(d);
}
END_TEST

/* ---- places ---------------------------------------------------------------- */

START_TEST(loc_context)
{
	struct doc *d = de("Im Sommer reisten sie nach Vlissingen.", NULL, NULL);
	const struct mention *m = find(d, "Vlissingen", ET_LOC);
	ck_assert_ptr_nonnull(m);
	ck_assert(m->score < 0.5f);
	doc_done(d);

	/* Streets written as one word, but not common street nouns. */
	d = de("Sie wohnt in der Beispielstraße, nahe der Karl-Muster-Allee und der "
	       "Landstraße.", NULL, NULL);
	EXPECT(d, "Beispielstraße", ET_LOC);
	EXPECT(d, "Karl-Muster-Allee", ET_LOC);
	ck_assert_ptr_null(find(d, "Landstraße", ET_LOC));
	doc_done(d);

	/* Two-word streets and districts. */
	static const char *const g2[] = {"Brasilien", NULL};
	static const int t2[] = {ET_LOC};
	d = de("Er floh über die Beispieler Straße in den Landkreis Musterau, nicht zum "
	       "Brasilien Platz.", g2, t2);
	EXPECT(d, "Beispieler Straße", ET_LOC);
	EXPECT(d, "Landkreis Musterau", ET_LOC);
	ck_assert_int_eq(nrule(d, ET_LOC), 2);
	doc_done(d);

	/* Nouns, given names, known entities and words before other words are
	 * not taken. */
	static const char *const g[] = {"Berlin", NULL};
	static const int t[] = {ET_LOC};
	d = de("Nach Angaben aus Kreisen, die in Berlin. Er zog zu Anna nach Paul. Sie ging nach Hause. "
	       "Sie kam aus Vlissova zurück.", g, t);
	ck_assert_int_eq(nrule(d, ET_LOC), 0);
	doc_done(d);
}
END_TEST

/* ---- English ----------------------------------------------------------------- */

static struct doc *en(const char *text)
{
	struct doc *d = new_doc(text);
	d->lang = NERD_LANG_EN;
	rule_run(rs, d);
	return d;
}

START_TEST(en_rules)
{
	struct doc *d = en("Commerce Secretary Howard Lutnick met Prime Minister Keir Starmer's aides.");
	EXPECT(d, "Howard Lutnick", ET_PER);
	EXPECT(d, "Keir Starmer", ET_PER);
	doc_done(d);

	d = en("Mr. Smith said George W. Bush and spokeswoman Karoline Leavitt agreed.");
	EXPECT(d, "Smith", ET_PER);
	EXPECT(d, "George W. Bush", ET_PER);
	EXPECT(d, "Karoline Leavitt", ET_PER);
	doc_done(d);

	d = en("Acme Corp. and Widget Holdings Inc. told the European Central Bank (ECB) so.");
	EXPECT(d, "Acme Corp.", ET_ORG);
	EXPECT(d, "Widget Holdings Inc.", ET_ORG);
	EXPECT(d, "European Central Bank", ET_ORG);
	EXPECT(d, "ECB", ET_ORG);
	/* German rules do not run on English text. */
	for (uint32_t i = 0; i < d->nment; i++)
		ck_assert_msg(!strncmp(d->ment[i].rule, "en.", 3), "%s", d->ment[i].rule);
	doc_done(d);
}
END_TEST

/* ---- the engine ---------------------------------------------------------- */

static char tmpdir[256];

/* Writes text as DIR/rules/de/t.rules and loads it with lex x. */
static int load_text(const char *text, struct lex *x, struct ruleset **out, char *err,
		     size_t errlen)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/check_rule.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	char path[512];
	snprintf(path, sizeof(path), "%s/rules", tmpdir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/rules/de", tmpdir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/rules/de/t.rules", tmpdir);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	int rc = rule_load(tmpdir, x, NULL, out, err, errlen);
	unlink(path);
	snprintf(path, sizeof(path), "%s/rules/de", tmpdir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/rules", tmpdir);
	rmdir(path);
	rmdir(tmpdir);
	return rc;
}

START_TEST(engine_errors)
{
	static const struct {
		const char *text, *line, *why;
	} bad[] = {
		{"a PER [cap]\n\nb PER [nosuch]\n", ":3:", "unknown token test 'nosuch'"},
		{"a PER [cap\n", ":1:", "missing ']'"},
		{"a PER $nope\n", ":1:", "undefined macro"},
		{"a PER [cap]\na PER [lower]\n", ":2:", "duplicate rule id"},
		{"a PERSON [cap]\n", ":1:", "unknown entity type"},
		{"a PER ([cap]?)*\n", ":1:", "can match no token"},
		{"a PER [cap]?\n", ":1:", "can match no token"},
		{"a PER [cap] score=2\n", ":1:", "score"},
		{"a PER [cap] colour=red\n", ":1:", "unknown option"},
		{"a ORG ([cap]) ([upper]) check=nope\n", ":1:", "check must be acronym or initials"},
		{"a PER [re:(]\n", ":1:", "bad regular expression"},
		{"a PER,ORG ([cap])\n", ":1:", "2 types for 1 span groups"},
		{"a PER [cap]{1,99}\n", ":1:", "bad quantifier"},
		{"a PER (?= ([cap]) ) [cap]\n", ":1:", "span group inside a look-ahead"},
		{"# comment\n@define x [cap]\n@define x [lower]\n", ":3:", "defined twice"},
		{"a PER \"unterminated\n", ":1:", "unterminated literal"},
		{"a PER ( [cap] [cap]\n", ":1:", "missing ')'"},
		{"a ORG ([cap]) ([upper]) check=acronym\nb ORG ([cap]) check=acronym\n", ":2:",
		 "two span groups"},
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		struct lex *x = lex_new();
		struct ruleset *r = NULL;
		char err[512] = "";
		int rc = load_text(bad[i].text, x, &r, err, sizeof(err));
		ck_assert_msg(rc == NERD_EDATA, "case %zu loaded: %s", i, bad[i].text);
		ck_assert_ptr_null(r);
		ck_assert_msg(strstr(err, "t.rules") && strstr(err, bad[i].line) &&
				      strstr(err, bad[i].why),
			      "case %zu: '%s'", i, err);
		lex_free(x);
	}
}
END_TEST

/* compound:LIST -- a closed compound of two list entries, with or without
 * a linking -s/-n/-e/-es/-en; the head needs 4 bytes, the first part 3. */
START_TEST(engine_compound)
{
	struct lex *x = lex_new();
	add_words(x, "wort", "Zeit Punkt Arbeit Markt Tag Ende Rose Berg Sonne Schein");
	struct ruleset *r = NULL;
	char err[512] = "";
	int rc = load_text("c MISC ( [cap & compound:wort] )\n", x, &r, err, sizeof(err));
	ck_assert_msg(rc == 0, "%s", err);
	struct doc *d = new_doc("Zeitpunkt Arbeitsmarkt Tagesende Rosenberg Sonnenschein "
				"Zeit Punktzeit Zeitpunkts Zeitlos Bergrose Marktag Xyzpunkt US-Zeitpunkt.");
	rule_run(r, d);
	static const char *const yes[] = {"Zeitpunkt", "Arbeitsmarkt", "Tagesende", "Rosenberg",
					  "Sonnenschein", "Punktzeit", "Bergrose", "US-Zeitpunkt"};
	static const char *const no[] = {"Zeit", "Zeitpunkts", "Zeitlos", "Marktag", "Xyzpunkt"};
	for (size_t i = 0; i < ARRAY_LEN(yes); i++)
		ck_assert_msg(find(d, yes[i], ET_MISC) != NULL, "%s is no compound", yes[i]);
	for (size_t i = 0; i < ARRAY_LEN(no); i++)
		ck_assert_msg(find(d, no[i], ET_MISC) == NULL, "%s taken for a compound", no[i]);
	doc_done(d);
	rule_free(r);
	lex_free(x);
}
END_TEST

/* The token prefilters rule.c derives from patterns (first and last byte,
 * required bytes), from opening look-aheads and from the second token must
 * never turn away a token the test would pass: caseless groups, an option
 * set in one alternative holding for the next, multi-byte last letters,
 * initials, a look-ahead gate and a required second token. */
START_TEST(engine_prefilters)
{
	struct lex *x = lex_new();
	struct ruleset *r = NULL;
	char err[512] = "";
	int rc = load_text("s1 MISC ( [re:\\p{Lu}\\p{L}*(?i:strasse|damm)] )\n"
			   "s2 MISC ( [re:(?:\\p{Lu}\\.)+\\p{Lu}\\p{Ll}+] )\n"
			   "s3 MISC ( [re:\\p{Lu}\\p{Ll}*ß] )\n"
			   "s4 MISC ( [re:\\d(?:(?i)x|b)] )\n"
			   "s5 MISC ( [re:[0-9]+-[a-fä]] )\n"
			   "s6 MISC ( [re:\\p{L}+(?i:straße|gasse)] )\n"
			   "s7 MISC ( [re:\\p{L}+(?i:haus)] )\n"
			   "s8 MISC ( [re:\\p{Lu}\\x41er] )\n"
			   "s9 MISC ( [re:Q\\p{L}*(?<!ung|heit|ismus|ng|ien|en)] )\n"
			   "s10 MISC ( [re:\\p{L}+(?i:höhe|düne)] )\n"
			   "g1 PER (?= [cap] ) ( [re:\\p{L}+er] ) [lower]\n",
			   x, &r, err, sizeof(err));
	ck_assert_msg(rc == 0, "%s", err);
	struct doc *d = new_doc("Hauptstrasse HAUPTSTRASSE BergDAMM Bergdamm Bergweg strasse "
				"K.Mustermann Mustermann Gruß Gruss 1X 1b 1B 1c 12-ä 12-g "
				"Der Bäcker backt, der bäcker backt, ein Maler Bilder. "
				"Hauptstraße HAUPTSTRA\u1E9EE Dorfgasse DORFGASSE Klasse "
				"Rathau\u017F Zollhaus Zollhaux BAer BAen "
				"Qeitung Qreiheit Qealismus Qang Qitalien Qarten Qerlin Qamburg "
				"Qeitun Qeitungs Anhöhe ANHÖHE AnhöHE Wanderdüne WANDERDÜNE Anhohe "
				"Bühne Düse");
	rule_run(r, d);
	static const char *const yes[] = {"Hauptstrasse", "HAUPTSTRASSE", "BergDAMM", "Bergdamm",
					  "K.Mustermann", "Gruß", "1X", "1b", "1B", "12-ä",
					  /* a pattern's literal endings (rx_suffixes): "ẞ"
					   * and the long s match caselessly */
					  "Hauptstraße", "HAUPTSTRA\u1E9EE", "Dorfgasse", "DORFGASSE",
					  "Rathau\u017F", "Zollhaus", "BAer",
					  /* no look-behind alternative ends them */
					  "Qerlin", "Qamburg", "Qeitun", "Qeitungs",
					  /* caseless umlauts in literal endings */
					  "Anhöhe", "ANHÖHE", "AnhöHE", "Wanderdüne", "WANDERDÜNE"};
	static const char *const no[] = {"Bergweg", "strasse", "Mustermann", "Gruss", "1c",
					 "12-g", "Klasse", "Zollhaux", "BAen", "Qeitung", "Qreiheit",
					 "Qealismus", "Qang", "Qitalien", "Qarten", "Anhohe", "Bühne",
					 "Düse"};
	for (size_t i = 0; i < ARRAY_LEN(yes); i++)
		ck_assert_msg(find(d, yes[i], ET_MISC) != NULL, "%s not matched", yes[i]);
	for (size_t i = 0; i < ARRAY_LEN(no); i++)
		ck_assert_msg(find(d, no[i], ET_MISC) == NULL, "%s matched", no[i]);
	ck_assert_msg(find(d, "Bäcker", ET_PER) != NULL, "Bäcker not matched");
	ck_assert_int_eq(nrule(d, ET_PER), 1);  /* not "bäcker", not "Maler Bilder" */
	doc_done(d);
	rule_free(r);
	lex_free(x);
}
END_TEST

/* A test of many literals (searched by hash in the cheap run) passes a
 * token with one of them, whichever alternative's flags it has, and no
 * other; an alternative without a literal still passes. */
START_TEST(engine_literals)
{
	struct lex *x = lex_new();
	struct ruleset *r = NULL;
	char err[512] = "";
	int rc = load_text("l1 ORG [\"Nach\"] ( [cap] ) [\"bei\" | \"von\" | i\"mit\" | \"für\" & lower "
			   "| i\"FÜR\" & cap | \"-\" | upper]\n",
			   x, &r, err, sizeof(err));
	ck_assert_msg(rc == 0, "%s", err);
	struct doc *d = new_doc("Nach Anna bei. Nach Berta Für. Nach Carl für. Nach Dora MIT. "
				"Nach Emil ohne. Nach Fritz NATO. Nach Gerd Von. Nach Hans -.");
	rule_run(r, d);
	static const char *const yes[] = {"Anna", "Berta", "Carl", "Dora", "Fritz", "Hans"};
	static const char *const no[] = {"Emil", "Gerd"};
	for (size_t i = 0; i < ARRAY_LEN(yes); i++)
		ck_assert_msg(find(d, yes[i], ET_ORG) != NULL, "%s not matched", yes[i]);
	for (size_t i = 0; i < ARRAY_LEN(no); i++)
		ck_assert_msg(find(d, no[i], ET_ORG) == NULL, "%s matched", no[i]);
	doc_done(d);
	rule_free(r);
	lex_free(x);
}
END_TEST

/* len: counts characters, not bytes, whether or not the byte count alone
 * decides. */
START_TEST(engine_len)
{
	struct lex *x = lex_new();
	struct ruleset *r = NULL;
	char err[512] = "";
	int rc = load_text("l1 LOC ( [cap & len:3,4] )\n", x, &r, err, sizeof(err));
	ck_assert_msg(rc == 0, "%s", err);
	struct doc *d = new_doc("Öl Ära Übel Ölsäure Äöüä Wal Wale Walter Straße ÖÖÖÖÖÖÖÖÖÖÖÖ");
	rule_run(r, d);
	static const char *const yes[] = {"Ära", "Übel", "Äöüä", "Wal", "Wale"};
	static const char *const no[] = {"Öl", "Ölsäure", "Walter", "Straße", "ÖÖÖÖÖÖÖÖÖÖÖÖ"};
	for (size_t i = 0; i < ARRAY_LEN(yes); i++)
		ck_assert_msg(find(d, yes[i], ET_LOC) != NULL, "%s not matched", yes[i]);
	for (size_t i = 0; i < ARRAY_LEN(no); i++)
		ck_assert_msg(find(d, no[i], ET_LOC) == NULL, "%s matched", no[i]);
	doc_done(d);
	rule_free(r);
	lex_free(x);
}
END_TEST

/* The checks made before a rule runs (anchors in look-aheads, a cheap run
 * that lets negative look-around pass, loops, gazetteer types) turn away
 * only tokens where the rule cannot match. */
START_TEST(engine_anchors)
{
	struct lex *x = lex_new();
	add_words(x, "speech", "sagte erklärte");
	struct ruleset *r = NULL;
	char err[512] = "";
	int rc = load_text("a1 PER (?: (?= [sstart] ) ( [cap] ) | ( [cap] ) "
			   "(?= [list:speech] | [cap] [list:speech] ) )\n"
			   "a2 MISC ( [cap]+ \"Arena\" )\n"
			   "a3 ORG ( [cap] ) (?! [\"GmbH\"] ) [cap]? [i\"baut\"]\n"
			   "a4 LOC (?<! [i\"in\"] ) ( [gaz:LOC] [cap]? ) [\",\"]\n"
			   "a5 MISC [\"die\"] ( (?: \"Nord\" | \"Ost\" ) (?: i\"arena\" | i\"halle\" )? ) "
			   "[lower]\n",
			   x, &r, err, sizeof(err));
	ck_assert_msg(rc == 0, "%s", err);
	struct doc *d = new_doc("Kolb ging heim. Dann sagte Berg, dass Maier Klaus sagte, die "
				"Nord Ost Arena sei fertig. Jetzt: Muster baut, Meier GmbH baut. "
				"In Ulm, aus Bonn Nord, kam er.");
	fake_gaz(d, "Ulm", ET_LOC);
	fake_gaz(d, "Bonn", ET_LOC);
	rule_run(r, d);
	static const char *const per[] = {"Kolb", "Dann", "Maier", "Klaus", "Jetzt", "In"};
	for (size_t i = 0; i < ARRAY_LEN(per); i++)
		ck_assert_msg(find(d, per[i], ET_PER) != NULL, "%s not matched", per[i]);
	ck_assert_int_eq(nrule(d, ET_PER), (int)ARRAY_LEN(per)); /* not "Berg" */
	ck_assert_ptr_nonnull(find(d, "Nord Ost Arena", ET_MISC));
	ck_assert_int_eq(nrule(d, ET_MISC), 1);
	ck_assert_ptr_nonnull(find(d, "Muster", ET_ORG));
	ck_assert_ptr_nonnull(find(d, "GmbH", ET_ORG));
	ck_assert_int_eq(nrule(d, ET_ORG), 2);  /* not "Meier" before "GmbH" */
	ck_assert_ptr_nonnull(find(d, "Bonn Nord", ET_LOC));
	ck_assert_int_eq(nrule(d, ET_LOC), 1);  /* not "Ulm" after "In" */
	doc_done(d);
	/* Alternatives of single words (parsed as one test). */
	d = new_doc("Sie sahen die Ost Halle und die Nord an, nicht die Süd oder die West Arena.");
	rule_run(r, d);
	ck_assert_ptr_nonnull(find(d, "Ost Halle", ET_MISC));
	ck_assert_ptr_nonnull(find(d, "Nord", ET_MISC));
	ck_assert_ptr_nonnull(find(d, "West Arena", ET_MISC)); /* a2 */
	ck_assert_int_eq(nrule(d, ET_MISC), 3);         /* not "Süd" */
	doc_done(d);
	rule_free(r);
	lex_free(x);
}
END_TEST

/* rule_run's one-word path (the language's rules in one 64-bit word of the
 * rule sets) and its general one find the same: the same rules after 64
 * that never match take the second. */
static char *rule_spans(const struct ruleset *r, const char *text)
{
	struct doc *d = new_doc(text);
	fake_gaz(d, "Ulm", ET_LOC);
	fake_gaz(d, "Bonn", ET_LOC);
	rule_run(r, d);
	size_t cap = 4096, len = 0;
	char *out = xmalloc(cap);
	out[0] = 0;
	for (uint32_t i = 0; i < d->nment; i++) {
		const struct mention *m = &d->ment[i];
		if (m->source != ES_RULE)
			continue;
		int n = snprintf(out + len, cap - len, "%s %u %u %d|", m->rule, m->start, m->end,
				 m->type);
		ck_assert(n > 0 && (size_t)n < cap - len);
		len += (size_t)n;
	}
	doc_done(d);
	return out;
}

START_TEST(engine_paths)
{
	static const char rules[] =
		"a1 PER (?: (?= [sstart] ) ( [cap] ) | ( [cap] ) "
		"(?= [list:speech] | [cap] [list:speech] ) )\n"
		"a2 MISC ( [cap]+ \"Arena\" )\n"
		"a3 ORG ( [cap] ) (?! [\"GmbH\"] ) [cap]? [i\"baut\"]\n"
		"a4 LOC (?<! [i\"in\"] ) ( [gaz:LOC] [cap]? ) [\",\"]\n"
		"a5 MISC [\"die\"] ( (?: \"Nord\" | \"Ost\" ) (?: i\"arena\" | i\"halle\" )? ) "
		"[lower]\n"
		"a6 PER ( [re:(?:\\p{Lu}\\.)+\\p{Lu}\\p{Ll}+] )\n"
		"a7 LOC ( [re:\\p{Lu}\\p{Ll}+-\\p{Lu}\\p{Ll}+] ) [i\"liegt\"]\n"
		"a8 ORG ( [list:speech] ) [\"GmbH\"]\n";
	static const char text[] =
		"Kolb ging heim. Dann sagte Berg, dass Maier Klaus sagte, die Nord Ost Arena "
		"sei fertig. Jetzt: Muster baut, Meier GmbH baut. In Ulm, aus Bonn Nord, kam er. "
		"Laut K.Mustermann liegt Groß-Gerau am Main, und Neu-Isenburg liegt nahe. "
		"Die Ost Halle und die Nord an, nicht die Süd oder die West Arena. Sagte GmbH.";
	char *pad = xmalloc(64 * 40 + sizeof(rules));
	size_t n = 0;
	for (int k = 0; k < 64; k++)
		n += (size_t)sprintf(pad + n, "p%d MISC ( \"Qqxyz%d\" [cap] )\n", k, k);
	memcpy(pad + n, rules, sizeof(rules));
	char *got[2];
	for (int k = 0; k < 2; k++) {
		struct lex *x = lex_new();
		add_words(x, "speech", "sagte erklärte");
		struct ruleset *r = NULL;
		char err[512] = "";
		ck_assert_msg(load_text(k ? pad : rules, x, &r, err, sizeof(err)) == 0, "%s", err);
		got[k] = rule_spans(r, text);
		rule_free(r);
		lex_free(x);
	}
	ck_assert_msg(strstr(got[0], "a6 ") && strstr(got[0], "a7 ") && strstr(got[0], "a2 "),
		      "%s", got[0]);
	ck_assert_str_eq(got[0], got[1]);
	free(got[0]);
	free(got[1]);
	free(pad);
}
END_TEST

START_TEST(engine_language)
{
	struct lex *x = lex_new();
	add_words(x, "orte", "Ulm Kiel");
	struct ruleset *r = NULL;
	char err[512] = "";
	/* Quantifiers (greedy and lazy), alternation, look-around, literals
	 * folded and exact, lists, two groups with two types, continuation. */
	const char *text =
		"# test rules\n"
		"@define w [cap & !list:orte]\n"
		"greedy  PER  \"Von\" ( $w{1,3} ) \"!\"        # three at most\n"
		"lazy    MISC \"Lazy\" ( $w+? ) [\"?\"|\".\"] \n"
		"orte    LOC  ( [list:orte] ) (?! [cap] )  score=0.4\n"
		"pair    PER,ORG ( [cap] ) i\"BEI\" \\\n"
		"              ( [upper & len:2,4] )\n"
		"behind  MISC (?<! [i\"nicht\" | gaz:PER|ORG] ) ( \"Xeno\" )\n"
		"regex   MISC ( [re:Q\\d+[a-z]?] )\n"
		"alt     PER  (?<! [i\"nicht\"] ) (?: \"Herrin\" | i\"frauke\" | [list:nolist | \"Ya\"] ) \\\n"
		"              ( [cap] )\n";
	int rc = load_text(text, x, &r, err, sizeof(err));
	ck_assert_msg(rc == 0, "%s", err);
	ck_assert_uint_eq(rule_count(r), 7);
	rule_free(r);
	/* The same with a byte order mark and CRLF line ends. */
	char crlf[2048] = "\xef\xbb\xbf";
	size_t cl = 3;
	for (const char *p = text; *p && cl + 3 < sizeof(crlf); p++) {
		if (*p == '\n')
			crlf[cl++] = '\r';
		crlf[cl++] = *p;
	}
	crlf[cl] = 0;
	rc = load_text(crlf, x, &r, err, sizeof(err));
	ck_assert_msg(rc == 0, "%s", err);
	ck_assert_uint_eq(rule_count(r), 7);

	struct doc *d = new_doc("Von Alpha Beta Gamma! Von Alpha Beta Gamma Delta! Lazy Eins Zwei.");
	rule_run(r, d);
	ck_assert_ptr_nonnull(find(d, "Alpha Beta Gamma", ET_PER));
	ck_assert_int_eq(nrule(d, ET_PER), 1); /* four words are too many */
	ck_assert_ptr_nonnull(find(d, "Eins Zwei", ET_MISC));
	doc_done(d);

	d = new_doc("Ulm liegt nahe Kiel Nord. Anna bei ABC kam. Nicht Xeno, aber Xeno. Q12a und Q7.");
	rule_run(r, d);
	const struct mention *m = find(d, "Ulm", ET_LOC);
	ck_assert_ptr_nonnull(m);
	ck_assert_float_eq_tol(m->score, 0.4f, 1e-6);
	ck_assert_ptr_null(find(d, "Kiel", ET_LOC)); /* followed by a capital */
	ck_assert_ptr_nonnull(find(d, "Anna", ET_PER));
	ck_assert_ptr_nonnull(find(d, "ABC", ET_ORG));
	ck_assert_int_eq(nrule(d, ET_MISC), 3);     /* the second Xeno, Q12a, Q7 */
	doc_done(d);

	/* A look-behind on gazetteer coverage (gaz:PER|ORG). */
	d = new_doc("Dort sah Bertha Xeno, später Xeno.");
	fake_gaz(d, "Bertha", ET_PER);
	rule_run(r, d);
	ck_assert_int_eq(nrule(d, ET_MISC), 1);
	ck_assert_uint_eq(d->ment[d->nment - 1].start, (uint32_t)(strstr(d->text, "später") - d->text) + 8);
	doc_done(d);

	/* A rule whose first token is one of several literals (indexed under
	 * each of them), after a look-behind. */
	d = new_doc("Die Herrin Ada, FRAUKE Bea, Ya Cleo und nicht Frauke Dora.");
	rule_run(r, d);
	ck_assert_ptr_nonnull(find(d, "Ada", ET_PER));
	ck_assert_ptr_nonnull(find(d, "Bea", ET_PER));
	ck_assert_ptr_nonnull(find(d, "Cleo", ET_PER));
	ck_assert_ptr_null(find(d, "Dora", ET_PER));
	doc_done(d);

	/* English documents use rules/en only: none here. */
	d = new_doc("Ulm liegt an der Donau.");
	d->lang = NERD_LANG_EN;
	rule_run(r, d);
	ck_assert_int_eq(nrule(d, -1), 0);
	doc_done(d);
	rule_free(r);
	lex_free(x);
}
END_TEST

START_TEST(engine_limits)
{
	struct lex *x = lex_new();
	struct ruleset *r = NULL;
	char err[512] = "";
	/* Exponential backtracking over tokens: the step budget stops it. */
	const char *text = "slow MISC ( [word]* [word]* [word]* [word]* \"Ende\" )\n"
			   "re   MISC ( [re:(?:a|aa)*(?:a|aa)*[^a]{2}] )\n";
	int rc = load_text(text, x, &r, err, sizeof(err));
	ck_assert_msg(rc == 0, "%s", err);
	char buf[8192];
	/* "Ende" first: a start token after the last "Ende" is never tried,
	 * so the text must begin with it for the budget to be needed. */
	size_t n = (size_t)snprintf(buf, sizeof(buf), "Ende ");
	for (int i = 0; i < 400; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "wort ");
	snprintf(buf + n, sizeof(buf) - n, "fertig.");
	struct doc *d = new_doc(buf);
	rule_run(r, d);
	ck_assert_int_eq(d->partial, 1);
	ck_assert_str_eq(d->partial_reason, "rule step limit");
	ck_assert_int_eq(nrule(d, -1), 0);
	doc_done(d);

	/* A regular expression that hits the PCRE2 match limit. */
	memset(buf, 'a', 200);
	strcpy(buf + 200, "y ist lang.");
	d = new_doc(buf);
	rule_run(r, d);
	ck_assert_int_eq(d->partial, 1);
	ck_assert_str_eq(d->partial_reason, "rule match limit");
	doc_done(d);
	rule_free(r);
	lex_free(x);
}
END_TEST

START_TEST(shipped_lists)
{
	/* roles.tsv: inflected forms map to the nominative singular. */
	struct lex *x = lex_new();
	load_list(x, "roles", "roles.tsv");
	int l = lex_list(x, "roles");
	ck_assert_uint_ge(lex_size(x, l), 1000);
	static const char *const pairs[][2] = {
		{"Regierungschefin", "Regierungschefin"}, {"Regierungschefs", "Regierungschef"},
		{"Parteivorsitzenden", "Parteivorsitzende"}, {"Bundeskanzlers", "Bundeskanzler"},
		{"Präsidenten", "Präsident"}, {"Ministerpräsidentinnen", "Ministerpräsidentin"},
		{"Handelsminister", "Handelsminister"}, {"Staatsanwältin", "Staatsanwältin"},
		{"Päpste", "Papst"}, {"Torhütern", "Torhüter"}, {"Analysten", "Analyst"},
		{"Bundesfinanzministerin", "Bundesfinanzministerin"},
	};
	for (size_t i = 0; i < ARRAY_LEN(pairs); i++) {
		char key[128];
		size_t kl = utf8_fold(pairs[i][0], strlen(pairs[i][0]), key);
		const char *v = lex_get(x, l, key, kl);
		ck_assert_msg(v && !strcmp(v, pairs[i][1]), "%s -> %s", pairs[i][0], v ? v : "(none)");
	}
	lex_free(x);

	/* Every shipped rule file loads against the shipped lists. */
	struct lex *all = NULL;
	char err[512] = "";
	ck_assert_int_eq(lex_load(gazdir(), &all, err, sizeof(err)), 0);
	struct ruleset *r = NULL;
	ck_assert_msg(rule_load(gazdir(), all, NULL, &r, err, sizeof(err)) == 0, "%s", err);
	ck_assert_uint_ge(rule_count(r), 15);
	rule_free(r);
	lex_free(all);
}
END_TEST

static Suite *rule_suite(void)
{
	Suite *s = suite_create("rule");
	TCase *tc = tcase_create("de");
	tcase_add_checked_fixture(tc, de_setup, de_teardown);
	tcase_add_test(tc, per_given_surname);
	tcase_add_test(tc, per_genitive);
	tcase_add_test(tc, per_roles);
	tcase_add_test(tc, per_titles_and_initials);
	tcase_add_test(tc, org_legal_forms);
	tcase_add_test(tc, org_heads);
	tcase_add_test(tc, org_intro_and_dateline);
	tcase_add_test(tc, org_ministries_and_clubs);
	tcase_add_test(tc, org_acronyms);
	tcase_add_test(tc, loc_context);
	tcase_add_test(tc, en_rules);
	suite_add_tcase(s, tc);
	tc = tcase_create("core");
	tcase_add_test(tc, engine_errors);
	tcase_add_test(tc, engine_language);
	tcase_add_test(tc, engine_compound);
	tcase_add_test(tc, engine_prefilters);
	tcase_add_test(tc, engine_len);
	tcase_add_test(tc, engine_literals);
	tcase_add_test(tc, engine_anchors);
	tcase_add_test(tc, engine_paths);
	tcase_add_test(tc, shipped_lists);
	suite_add_tcase(s, tc);
	tc = tcase_create("limits");
	tcase_add_test(tc, engine_limits);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(rule_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
