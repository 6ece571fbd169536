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

static struct model *m;

static void setup(void)
{
	char err[512];
	const char *src = getenv("top_srcdir");
	char dir[1024];
	snprintf(dir, sizeof(dir), "%s/tests/fixtures/gaz", src ? src : ".");
	struct model_opts o = {dir};
	m = model_load(&o, err, sizeof(err));
	ck_assert_msg(m != NULL, "model: %s", err);
}

static void teardown(void)
{
	model_unref(m);
}

static struct doc *run(const char *text)
{
	struct doc *d = calloc(1, sizeof(*d));
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
	struct doc *d = run("Der Film „Die Blaue Stunde“ lief. Ein Passant rief „Hallo“.");
	ck_assert_int_eq(count(d, RT_QUOTE), 0);
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
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
