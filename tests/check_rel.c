/* check_rel.c -- relations: roles, membership, quotes and their speakers,
 * on sentences written for these tests (gazetteer: tests/fixtures/gaz). */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clus.h"
#include "doc.h"
#include "gaz.h"
#include "model.h"
#include "ner.h"
#include "rel.h"
#include "tok.h"

#include "check_fixture.h"

static struct doc *run_lang(const char *text, int lang)
{
	struct doc *d = calloc(1, sizeof(*d));
	d->lang = lang;
	d->text = text;
	d->len = (uint32_t)strlen(text);
	d->ar = arena_new(0);
	d->m = m;
	tok_run(d);
	gaz_match(m->gaz, m->lex, d);
	ner_resolve(d);
	clus_run(d);
	rel_run(m->rel, d);
	return d;
}

static struct doc *run(const char *text)
{
	return run_lang(text, NERD_LANG_DE);
}

static void done(struct doc *d)
{
	arena_free(d->ar);
	free(d);
}

static const char *ename(const struct doc *d, int32_t e)
{
	return e >= 0 ? d->ent[e].name : "-";
}

/* Does the document hold relation "type a b role" (names; "-" for none)? */
static int has(const struct doc *d, int type, const char *a, const char *b, const char *role)
{
	for (uint32_t i = 0; i < d->nrel; i++) {
		const struct relation *r = &d->rel[i];
		if (r->type != type || strcmp(ename(d, r->a), a))
			continue;
		if (type == RT_QUOTE) {
			size_t n = r->qend - r->qstart;
			if (strlen(b) == n && !memcmp(d->text + r->qstart, b, n))
				return 1;
			continue;
		}
		if (strcmp(ename(d, r->b), b))
			continue;
		if (role && (!r->role || strcmp(r->role, role)))
			continue;
		return 1;
	}
	return 0;
}

static int count(const struct doc *d, int type)
{
	int n = 0;
	for (uint32_t i = 0; i < d->nrel; i++)
		n += d->rel[i].type == type;
	return n;
}

START_TEST(role_compound_and_genitive)
{
	struct doc *d = run("Zum Gipfel kam US-Handelsminister Howard Lutnick. Dort traf er Chinas Staatschef Xi Jinping.");
	ck_assert(has(d, RT_ROLE, "Howard Lutnick", "USA", "Handelsminister"));
	ck_assert(has(d, RT_ROLE, "Xi Jinping", "China", "Staatschef"));
	done(d);
}
END_TEST

START_TEST(role_adjective_org_and_plain_title)
{
	struct doc *d = run("Die japanische Regierungschefin Sanae Takaichi begrüßte Kaiser Anna Beispiel nicht.");
	ck_assert(has(d, RT_ROLE, "Sanae Takaichi", "Japan", "Regierungschefin"));
	ck_assert(has(d, RT_ROLE, "Anna Beispiel", "-", "Kaiser"));
	done(d);
}
END_TEST

START_TEST(role_coordination_and_party)
{
	struct doc *d = run("Es sprachen die Parteivorsitzenden Bärbel Bas und Lars Klingbeil (SPD) zuerst.");
	ck_assert(has(d, RT_ROLE, "Bärbel Bas", "-", "Parteivorsitzende"));
	ck_assert(has(d, RT_ROLE, "Lars Klingbeil", "-", "Parteivorsitzende"));
	ck_assert(has(d, RT_MEMBER, "Lars Klingbeil", "SPD", NULL));
	ck_assert(!has(d, RT_MEMBER, "Bärbel Bas", "SPD", NULL));
	done(d);
}
END_TEST

START_TEST(role_apposition)
{
	struct doc *d = run("Lars Klingbeil, Vorsitzender der SPD, widersprach.");
	ck_assert(has(d, RT_ROLE, "Lars Klingbeil", "SPD", "Vorsitzender"));
	done(d);
}
END_TEST

START_TEST(member_by_party_compound)
{
	struct doc *d = run("Gestern trat SPD-Chefin Bärbel Bas ab; FC-Beispielstadt blieb still.");
	ck_assert(has(d, RT_ROLE, "Bärbel Bas", "SPD", "Chefin"));
	ck_assert(has(d, RT_MEMBER, "Bärbel Bas", "SPD", NULL));
	done(d);
}
END_TEST

START_TEST(no_member_for_companies)
{
	struct doc *d = run("Musterwerke-Chef Lars Klingbeil sprach.");
	ck_assert(has(d, RT_ROLE, "Lars Klingbeil", "Musterwerke", "Chef"));
	ck_assert_int_eq(count(d, RT_MEMBER), 0);
	done(d);
}
END_TEST

START_TEST(known_office_holder)
{
	struct doc *d = run("Der Besuch des US-Präsidenten war kurz. Donald Trump flog weiter.");
	ck_assert(has(d, RT_ROLE, "Donald Trump", "USA", "Präsident"));
	done(d);
	/* The office of another country confirms nothing. */
	d = run("Der chinesische Präsident kam. Donald Trump flog weiter.");
	ck_assert(!has(d, RT_ROLE, "Donald Trump", "China", "Präsident"));
	ck_assert(!has(d, RT_ROLE, "Donald Trump", "USA", "Präsident"));
	done(d);
}
END_TEST

START_TEST(quote_verb_after)
{
	struct doc *d = run("„Wir bleiben hart“, erklärte das Weiße Haus am Abend.");
	ck_assert(has(d, RT_QUOTE, "Weißes Haus", "Wir bleiben hart", NULL));
	done(d);
}
END_TEST

START_TEST(quote_verb_before_and_partial)
{
	struct doc *d = run("Sanae Takaichi sagte, sie wolle ein \"neues Kapitel\" aufschlagen.");
	ck_assert(has(d, RT_QUOTE, "Sanae Takaichi", "neues Kapitel", NULL));
	done(d);
}
END_TEST

START_TEST(quote_pronoun_and_role)
{
	struct doc *d = run("Howard Lutnick reiste ab. „Es war ein guter Tag“, sagte er.\n"
			    "Japans Regierungschefin Sanae Takaichi blieb. Später sagte die Regierungschefin, man wolle „mehr Handel“.");
	ck_assert(has(d, RT_QUOTE, "Howard Lutnick", "Es war ein guter Tag", NULL));
	ck_assert(has(d, RT_QUOTE, "Sanae Takaichi", "mehr Handel", NULL));
	done(d);
}
END_TEST

START_TEST(quote_colon_and_laut)
{
	struct doc *d = run("Donald Trump: „Alles wird gut.“ Laut Howard Lutnick sind die Zölle „nicht verhandelbar“.");
	ck_assert(has(d, RT_QUOTE, "Donald Trump", "Alles wird gut.", NULL));
	ck_assert(has(d, RT_QUOTE, "Howard Lutnick", "nicht verhandelbar", NULL));
	done(d);
	/* After the verb, "laut X" names the source of the report, not the
	 * subject who speaks. */
	d = run("Howard Lutnick kam spät. Er sagte laut Kreml, man führe „gute Gespräche“.");
	ck_assert(has(d, RT_QUOTE, "Howard Lutnick", "gute Gespräche", NULL));
	ck_assert(!has(d, RT_QUOTE, "Kreml", "gute Gespräche", NULL));
	done(d);
	/* A pronoun subject before the verb in the singular. */
	d = run("Sanae Takaichi kam spät. Sie sagte, man sei „auf gutem Weg“.");
	ck_assert(has(d, RT_QUOTE, "Sanae Takaichi", "auf gutem Weg", NULL));
	done(d);
}
END_TEST

START_TEST(quote_continued_speech)
{
	struct doc *d = run("Die Lage sei ernst, sagte Bärbel Bas. Man werde „alle Mittel“ prüfen.");
	ck_assert(has(d, RT_QUOTE, "Bärbel Bas", "alle Mittel", NULL));
	done(d);
}
END_TEST

START_TEST(quote_hiess_es)
{
	struct doc *d = run("„Wir prüfen das“, erklärte das Weiße Haus. Man wolle „Lücken“ schließen, hieß es weiter.");
	ck_assert(has(d, RT_QUOTE, "Weißes Haus", "Lücken", NULL));
	done(d);
}
END_TEST

START_TEST(quote_unattributed_and_titles)
{
	struct doc *d = run("Der Film „Die Blaue Stunde“ lief. Ein Passant rief „Hallo“. "
			    "„Wir bleiben“, sagte Jana Feld der „Nordischen Rundschau“.");
	ck_assert(has(d, RT_QUOTE, "Jana Feld", "Wir bleiben", NULL));
	ck_assert(!has(d, RT_QUOTE, "Jana Feld", "Nordischen Rundschau", NULL));
	ck_assert_int_eq(count(d, RT_QUOTE), 1);
	ck_assert_uint_eq(d->nwarn, 0);
	done(d);
}
END_TEST

START_TEST(quote_unclosed_warns)
{
	struct doc *d = run("Donald Trump sagte: „Wir kommen wieder. Dann endet der Text.");
	ck_assert_uint_eq(d->nwarn, 1);
	ck_assert_int_eq(count(d, RT_QUOTE), 0);
	done(d);
}
END_TEST

START_TEST(one_relation_per_fact)
{
	struct doc *d = run("US-Handelsminister Howard Lutnick kam. Später kam US-Handelsminister Howard Lutnick wieder.");
	ck_assert_int_eq(count(d, RT_ROLE), 1);
	done(d);
}
END_TEST

/* ---- role words: compounds, organisations in the word, strong forms ---- */

START_TEST(role_compound_tail)
{
	struct doc *d = run("Jurypräsident Ole Brandt lobte den Film. Landeswahlleiterin Mira Sonnleitner zählte nach.");
	ck_assert(has(d, RT_ROLE, "Ole Brandt", "-", "Jurypräsident"));
	ck_assert(has(d, RT_ROLE, "Mira Sonnleitner", "-", "Landeswahlleiterin"));
	done(d);
}
END_TEST

START_TEST(role_named_prefix)
{
	struct doc *d = run("Nordlicht Robotics baut Roboter. Nordlicht-Chefin Jana Feld ist zufrieden. "
			    "Im Kreml schwieg Kremlsprecher Karl Weidner.");
	ck_assert(has(d, RT_ROLE, "Jana Feld", "Nordlicht Robotics", "Chefin"));
	ck_assert(has(d, RT_ROLE, "Karl Weidner", "Kreml", "Sprecher"));
	ck_assert_int_eq(count(d, RT_MEMBER), 0);
	done(d);
	/* The singular stem of a plural party name. */
	d = run("Die Tories streiten. Tory-Chefin Jana Feld schweigt.");
	ck_assert(has(d, RT_ROLE, "Jana Feld", "Tories", "Chefin"));
	ck_assert(has(d, RT_MEMBER, "Jana Feld", "Tories", NULL));
	done(d);
	/* No organisation of that name in the text: the word stays whole. */
	d = run("Kremlsprecher Karl Weidner schwieg.");
	ck_assert(has(d, RT_ROLE, "Karl Weidner", "-", "Kremlsprecher"));
	done(d);
	/* A name with an initial beyond ASCII (ent_named folds it whole),
	 * among others with other initials. */
	d = run("Ölwerk Robotics baut Pumpen. Nordlicht Robotics baut Roboter. "
		"Ölwerk-Chefin Jana Feld ist zufrieden.");
	ck_assert(has(d, RT_ROLE, "Jana Feld", "Ölwerk Robotics", "Chefin"));
	done(d);
	/* Words that end as a role tail does but hold none are no roles. */
	d = run("Prozent Karl Weidner schwieg. Menschen Jana Feld lachte.");
	ck_assert_int_eq(count(d, RT_ROLE), 0);
	done(d);
}
END_TEST

START_TEST(role_of_the_company)
{
	struct doc *d = run("Sternwerk baut Autos. Konzernchef Karl Weidner ist zufrieden.");
	ck_assert(has(d, RT_ROLE, "Karl Weidner", "Sternwerk", "Konzernchef"));
	ck_assert_int_eq(count(d, RT_MEMBER), 0);
	done(d);
	/* No company named before: no org. */
	d = run("Die CSU lobt. Konzernchef Karl Weidner ist zufrieden.");
	ck_assert(has(d, RT_ROLE, "Karl Weidner", "-", "Konzernchef"));
	done(d);
}
END_TEST

START_TEST(role_strong_adjectival)
{
	struct doc *d = run("Sondergesandter Ole Brandt reiste an, der Sondergesandte Karl Weidner nicht.");
	ck_assert(has(d, RT_ROLE, "Ole Brandt", "-", "Sondergesandter"));
	ck_assert(has(d, RT_ROLE, "Karl Weidner", "-", "Sondergesandte"));
	done(d);
}
END_TEST

START_TEST(role_org_after_name_and_titles)
{
	struct doc *d = run("Es rechnete Chefvolkswirtin Jana Feld von der Fernbank. Dazu sprach Minister Dr. Karl Weidner.");
	ck_assert(has(d, RT_ROLE, "Jana Feld", "Fernbank", "Chefvolkswirtin"));
	ck_assert(has(d, RT_ROLE, "Karl Weidner", "-", "Minister"));
	done(d);
}
END_TEST

START_TEST(role_genitive_place)
{
	struct doc *d = run("In Sachsen regnet es. Sachsens Innenminister Karl Weidner warnte.");
	ck_assert(has(d, RT_ROLE, "Karl Weidner", "Sachsen", "Innenminister"));
	done(d);
}
END_TEST

START_TEST(role_coordinated_roles_and_colleague)
{
	struct doc *d = run("CSU-Chef und Ministerpräsident Karl Weidner kam. Indiens Außenminister Ravi Anand "
			    "und sein pakistanischer Kollege Imran Qadir trafen sich.");
	ck_assert(has(d, RT_ROLE, "Karl Weidner", "CSU", "Chef"));
	ck_assert(has(d, RT_ROLE, "Karl Weidner", "-", "Ministerpräsident"));
	ck_assert(has(d, RT_MEMBER, "Karl Weidner", "CSU", NULL));
	ck_assert(has(d, RT_ROLE, "Ravi Anand", "Indien", "Außenminister"));
	ck_assert(has(d, RT_ROLE, "Imran Qadir", "Pakistan", "Außenminister"));
	done(d);
}
END_TEST

START_TEST(role_as)
{
	struct doc *d = run("Karl Weidner kündigte seinen Rücktritt als Fraktionschef an.");
	ck_assert(has(d, RT_ROLE, "Karl Weidner", "-", "Fraktionschef"));
	done(d);
	/* "als" after another noun says nothing about the subject's office. */
	d = run("Karl Weidner lobte den Plan als Minister.");
	ck_assert_int_eq(count(d, RT_ROLE), 0);
	done(d);
}
END_TEST

/* ---- membership ------------------------------------------------------- */

START_TEST(member_team_roles)
{
	struct doc *d = run("Sternwerk-Pilot Piet Morgenrot gewann, Tom Halder kam im Blaufalken auf Rang zwei.");
	ck_assert(has(d, RT_ROLE, "Piet Morgenrot", "Sternwerk", "Pilot"));
	ck_assert(has(d, RT_MEMBER, "Piet Morgenrot", "Sternwerk", NULL));
	ck_assert(has(d, RT_MEMBER, "Tom Halder", "Blaufalken", NULL));
	done(d);
	/* A company car is no team without a team role in the text. */
	d = run("Tom Halder fuhr im Sternwerk nach Hause.");
	ck_assert_int_eq(count(d, RT_MEMBER), 0);
	done(d);
}
END_TEST

START_TEST(member_party_with)
{
	struct doc *d = run("Die Grünen mit Mira Sonnleitner verloren, die CSU mit Spitzenkandidatin Jana Feld gewann.");
	ck_assert(has(d, RT_MEMBER, "Mira Sonnleitner", "Grüne", NULL));
	ck_assert(has(d, RT_MEMBER, "Jana Feld", "CSU", NULL));
	ck_assert(has(d, RT_ROLE, "Jana Feld", "CSU", "Spitzenkandidatin"));
	done(d);
}
END_TEST

START_TEST(member_role_anaphor)
{
	struct doc *d = run("Karl Weidner (CSU) besuchte das Dorf. „Wir helfen“, sagte der CSU-Chef.");
	ck_assert(has(d, RT_ROLE, "Karl Weidner", "CSU", "Chef"));
	ck_assert(has(d, RT_QUOTE, "Karl Weidner", "Wir helfen", NULL));
	ck_assert(!has(d, RT_QUOTE, "CSU", "Wir helfen", NULL));
	done(d);
}
END_TEST

/* ---- quote attribution ------------------------------------------------ */

START_TEST(quote_colon_subject)
{
	struct doc *d = run("Karl Weidner (CSU) begrüßte die Entscheidung: „Das ist gut.“ "
			    "Jana Feld wies das zurück: Man halte sich an „alle Regeln“.");
	ck_assert(has(d, RT_QUOTE, "Karl Weidner", "Das ist gut.", NULL));
	ck_assert(has(d, RT_QUOTE, "Jana Feld", "alle Regeln", NULL));
	ck_assert(!has(d, RT_QUOTE, "CSU", "Das ist gut.", NULL));
	done(d);
	/* The object before the colon is not the speaker. */
	d = run("Jana Feld sprach lange. Dann kritisierte sie Nordlicht Robotics: Die Firma sei „zu langsam“.");
	ck_assert(has(d, RT_QUOTE, "Jana Feld", "zu langsam", NULL));
	ck_assert(!has(d, RT_QUOTE, "Nordlicht Robotics", "zu langsam", NULL));
	done(d);
}
END_TEST

START_TEST(quote_subject_not_genitive_or_place)
{
	struct doc *d = run("Jana Feld nannte Weidners Plan „mutig“. Karl Weidner schrieb im Dienst Nordlicht Robotics, "
			    "man sei „bereit“.");
	ck_assert(has(d, RT_QUOTE, "Jana Feld", "mutig", NULL));
	ck_assert(has(d, RT_QUOTE, "Karl Weidner", "bereit", NULL));
	ck_assert(!has(d, RT_QUOTE, "Nordlicht Robotics", "bereit", NULL));
	done(d);
}
END_TEST

START_TEST(quote_description_and_gender)
{
	struct doc *d = run("Claudine Roux traf Karl Weidner. „Wir sind weit“, fügte die Französin hinzu. "
			    "Piet Morgenrot gewann vor Tom Halder. „Ein Traum“, sagte der Monegasse. "
			    "Jana Feld traf Ole Brandt. „Wir einigen uns“, sagte sie.");
	ck_assert(has(d, RT_QUOTE, "Claudine Roux", "Wir sind weit", NULL));
	ck_assert(has(d, RT_QUOTE, "Piet Morgenrot", "Ein Traum", NULL));
	ck_assert(has(d, RT_QUOTE, "Jana Feld", "Wir einigen uns", NULL));
	done(d);
}
END_TEST

START_TEST(quote_org_spokesperson_and_unnamed)
{
	struct doc *d = run("„Wir prüfen das“, erklärte ein Sprecher von Nordlicht Robotics. "
			    "„Schön“, sagte ein Zuschauer.");
	ck_assert(has(d, RT_QUOTE, "Nordlicht Robotics", "Wir prüfen das", NULL));
	ck_assert_int_eq(count(d, RT_QUOTE), 1);
	done(d);
}
END_TEST

START_TEST(quote_konjunktiv_continues)
{
	struct doc *d = run("Jana Feld zeigte sich zufrieden. Der Vertrag bringe „neuen Schwung“.");
	ck_assert(has(d, RT_QUOTE, "Jana Feld", "neuen Schwung", NULL));
	done(d);
	/* After a speech verb, a quotation in a plain statement is no
	 * continued speech. */
	d = run("„Wir gehen“, sagte Jana Feld. Im Kino läuft ein Film über „neue Wege“.");
	ck_assert(has(d, RT_QUOTE, "Jana Feld", "Wir gehen", NULL));
	ck_assert_int_eq(count(d, RT_QUOTE), 1);
	done(d);
	/* Without the Konjunktiv the quote has no speaker. */
	d = run("Jana Feld zeigte sich zufrieden. Der Vertrag bringt „neuen Schwung“.");
	ck_assert_int_eq(count(d, RT_QUOTE), 0);
	done(d);
}
END_TEST

START_TEST(quote_nach_seinen_worten)
{
	struct doc *d = run("Karl Weidner und Jana Feld kamen. Das Geld reiche nach seinen Worten „bis 2030“.");
	ck_assert(has(d, RT_QUOTE, "Karl Weidner", "bis 2030", NULL));
	done(d);
}
END_TEST

START_TEST(quote_indirect)
{
	struct doc *d = run("Karl Weidner sagte, die Lage sei ernst. Jana Feld sagte, sie komme morgen.");
	int n = 0;
	for (uint32_t i = 0; i < d->nrel; i++)
		if (d->rel[i].type == RT_QUOTE) {
			ck_assert_int_eq(d->rel[i].kind, QK_INDIRECT);
			n++;
		}
	ck_assert_int_eq(n, 1);
	ck_assert(has(d, RT_QUOTE, "Karl Weidner", "die Lage sei ernst", NULL));
	done(d);
}
END_TEST

START_TEST(role_english_phrase)
{
	struct doc *d = run_lang("Japan waits. Prime Minister Sanae Takaichi met Japan Trade Minister Howard Lutnick on Monday.",
				 NERD_LANG_EN);
	ck_assert(has(d, RT_ROLE, "Sanae Takaichi", "-", "Prime Minister"));
	ck_assert(has(d, RT_ROLE, "Howard Lutnick", "Japan", "Trade Minister"));
	ck_assert(!has(d, RT_ROLE, "Howard Lutnick", "-", "Minister"));
	done(d);
	d = run_lang("\"Growth is slow,\" said Jana Feld, chief economist at Fernbank. "
		     "Karl Weidner, head of research, agreed.", NERD_LANG_EN);
	ck_assert(has(d, RT_ROLE, "Jana Feld", "Fernbank", "chief economist"));
	ck_assert(has(d, RT_ROLE, "Karl Weidner", "-", "head of research") == 0);
	done(d);
}
END_TEST

START_TEST(quote_english_subject_first)
{
	struct doc *d = run_lang("Karl Weidner told Ole Brandt the plan was \"solid\". "
				 "\"We stay,\" said Jana Feld.", NERD_LANG_EN);
	ck_assert(has(d, RT_QUOTE, "Karl Weidner", "solid", NULL));
	ck_assert(!has(d, RT_QUOTE, "Ole Brandt", "solid", NULL));
	ck_assert(has(d, RT_QUOTE, "Jana Feld", "We stay", NULL));
	done(d);
}
END_TEST

/* ---- events ------------------------------------------------------------ */

static const struct relation *find_rel(const struct doc *d, int type, const char *a)
{
	for (uint32_t i = 0; i < d->nrel; i++)
		if (d->rel[i].type == type && !strcmp(ename(d, d->rel[i].a), a))
			return &d->rel[i];
	return NULL;
}

START_TEST(event_meeting_and_visit)
{
	struct doc *d = run("Am Montag traf Karl Weidner in Sachsen die Ministerin Jana Feld.");
	const struct relation *r = find_rel(d, RT_MEETING, "Karl Weidner");
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(ename(d, r->b), "Jana Feld");
	ck_assert_str_eq(ename(d, r->c), "Sachsen");
	ck_assert_int_eq(r->kind, MK_MEETING);
	done(d);
	d = run("Ravi Anand und sein Kollege Imran Qadir trafen sich in der alten Hauptstadt Sachsen.");
	r = find_rel(d, RT_MEETING, "Ravi Anand");
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(ename(d, r->b), "Imran Qadir");
	ck_assert_str_eq(ename(d, r->c), "Sachsen");
	done(d);
	d = run("Jana Feld besuchte Pakistan.");
	r = find_rel(d, RT_MEETING, "Jana Feld");
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->kind, MK_VISIT);
	ck_assert_int_eq(r->b, -1);
	ck_assert_str_eq(ename(d, r->c), "Pakistan");
	done(d);
	/* One person alone meets nobody. */
	d = run("Jana Feld traf am Abend ein.");
	ck_assert_int_eq(count(d, RT_MEETING), 0);
	done(d);
}
END_TEST

START_TEST(event_acquisition)
{
	struct doc *d = run("Sternwerk übernimmt Nordlicht Robotics. Fernbank wird von Sternwerk übernommen.");
	const struct relation *r = find_rel(d, RT_ACQUISITION, "Sternwerk");
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(ename(d, r->b), "Nordlicht Robotics");
	ck_assert_int_eq(r->c, -1);
	int passive = 0;
	for (uint32_t i = 0; i < d->nrel; i++)
		passive |= d->rel[i].type == RT_ACQUISITION && !strcmp(ename(d, d->rel[i].a), "Sternwerk") &&
			   !strcmp(ename(d, d->rel[i].b), "Fernbank");
	ck_assert(passive);
	ck_assert(!find_rel(d, RT_ACQUISITION, "Fernbank"));
	done(d);
	/* A company that takes over a task buys nothing. */
	d = run("Sternwerk übernimmt die Verantwortung.");
	ck_assert_int_eq(count(d, RT_ACQUISITION), 0);
	done(d);
}
END_TEST

START_TEST(event_role_change)
{
	struct doc *d = run("Karl Weidner wird neuer Finanzminister. Jana Feld tritt als Vorsitzende der CSU zurück.");
	const struct relation *r = find_rel(d, RT_ROLE_CHANGE, "Karl Weidner");
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->kind, CK_START);
	ck_assert_str_eq(r->role, "Finanzminister");
	r = find_rel(d, RT_ROLE_CHANGE, "Jana Feld");
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->kind, CK_END);
	ck_assert_str_eq(r->role, "Vorsitzende");
	done(d);
	/* The one who quits is the subject, not a name in a phrase. */
	d = run("Grund für den plötzlichen Rücktritt von Karl Weidner war Geld; der Chef trat zurück.");
	ck_assert_int_eq(count(d, RT_ROLE_CHANGE), 0);
	done(d);
	/* "wird" before a role that names someone else starts nothing. */
	d = run("Karl Weidner wird Finanzminister Ole Brandt treffen.");
	ck_assert_int_eq(count(d, RT_ROLE_CHANGE), 0);
	done(d);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rel");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, role_compound_and_genitive);
	tcase_add_test(tc, role_adjective_org_and_plain_title);
	tcase_add_test(tc, role_coordination_and_party);
	tcase_add_test(tc, role_apposition);
	tcase_add_test(tc, member_by_party_compound);
	tcase_add_test(tc, no_member_for_companies);
	tcase_add_test(tc, known_office_holder);
	tcase_add_test(tc, quote_verb_after);
	tcase_add_test(tc, quote_verb_before_and_partial);
	tcase_add_test(tc, quote_pronoun_and_role);
	tcase_add_test(tc, quote_colon_and_laut);
	tcase_add_test(tc, quote_continued_speech);
	tcase_add_test(tc, quote_hiess_es);
	tcase_add_test(tc, quote_unattributed_and_titles);
	tcase_add_test(tc, quote_unclosed_warns);
	tcase_add_test(tc, one_relation_per_fact);
	tcase_add_test(tc, role_compound_tail);
	tcase_add_test(tc, role_named_prefix);
	tcase_add_test(tc, role_strong_adjectival);
	tcase_add_test(tc, role_of_the_company);
	tcase_add_test(tc, role_org_after_name_and_titles);
	tcase_add_test(tc, role_genitive_place);
	tcase_add_test(tc, role_coordinated_roles_and_colleague);
	tcase_add_test(tc, role_as);
	tcase_add_test(tc, member_team_roles);
	tcase_add_test(tc, member_party_with);
	tcase_add_test(tc, member_role_anaphor);
	tcase_add_test(tc, quote_colon_subject);
	tcase_add_test(tc, quote_subject_not_genitive_or_place);
	tcase_add_test(tc, quote_description_and_gender);
	tcase_add_test(tc, quote_org_spokesperson_and_unnamed);
	tcase_add_test(tc, quote_konjunktiv_continues);
	tcase_add_test(tc, quote_indirect);
	tcase_add_test(tc, quote_nach_seinen_worten);
	tcase_add_test(tc, role_english_phrase);
	tcase_add_test(tc, quote_english_subject_first);
	tcase_add_test(tc, event_meeting_and_visit);
	tcase_add_test(tc, event_acquisition);
	tcase_add_test(tc, event_role_change);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
