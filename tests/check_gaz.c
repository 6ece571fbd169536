/* check_gaz.c -- the gazetteer automaton, overlap resolution and clustering
 * on sentences written for these tests, against tests/fixtures/gaz. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clus.h"
#include "doc.h"
#include "gaz.h"
#include "lex.h"
#include "model.h"
#include "ner.h"
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
	return d;
}

static void done(struct doc *d)
{
	arena_free(d->ar);
	free(d);
}

/* The live mention whose text is s (the n-th such), or NULL. */
static const struct mention *find(const struct doc *d, const char *s, int nth)
{
	for (uint32_t i = 0; i < d->nment; i++) {
		const struct mention *x = &d->ment[i];
		if (x->flags & MF_DEAD)
			continue;
		if (strlen(s) == x->end - x->start && !memcmp(d->text + x->start, s, strlen(s)) &&
		    nth-- == 0)
			return x;
	}
	return NULL;
}

START_TEST(names_and_aliases)
{
	struct doc *d = run("In Tokyo und in Tokio sprach man über die Vereinigten Staaten und die Vereinigte Staaten.");
	const struct mention *x = find(d, "Tokyo", 0);
	ck_assert_ptr_nonnull(x);
	ck_assert_str_eq(x->canon, "Tokio");
	ck_assert_int_eq(x->type, ET_LOC);
	ck_assert_str_eq(x->kb, "Q1490");
	ck_assert_ptr_nonnull(find(d, "Vereinigte Staaten", 0));
	ck_assert_str_eq(find(d, "Vereinigte Staaten", 0)->canon, "USA");
	/* "Tokyo" and "Tokio" are one entity. */
	ck_assert_int_eq(find(d, "Tokyo", 0)->ent, find(d, "Tokio", 0)->ent);
	done(d);
}
END_TEST

START_TEST(genitive_and_derived)
{
	struct doc *d = run("Chinas Exporte wachsen, die chinesischen Firmen und ein Chinese aus China.");
	ck_assert_ptr_nonnull(find(d, "Chinas", 0));
	ck_assert(find(d, "Chinas", 0)->flags & MF_GENITIVE);
	ck_assert_str_eq(find(d, "Chinas", 0)->canon, "China");
	ck_assert_int_eq(find(d, "chinesischen", 0)->form, EF_DERIVED);
	ck_assert_int_eq(find(d, "Chinese", 0)->form, EF_DERIVED);
	ck_assert_int_eq(find(d, "Chinas", 0)->ent, find(d, "China", 0)->ent);
	ck_assert_uint_eq(d->nent, 1);
	done(d);
}
END_TEST

START_TEST(compound_parts)
{
	struct doc *d = run("Der US-Präsident kaufte F-35-Kampfjets für US-Dollar, SPD-Chef lachte.");
	const struct mention *x = find(d, "US-Präsident", 0);
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(x->form, EF_PART);
	ck_assert_str_eq(x->canon, "USA");
	ck_assert_str_eq(find(d, "F-35-Kampfjets", 0)->canon, "F-35");
	ck_assert_ptr_null(find(d, "US-Dollar", 0));     /* currency, not a part */
	ck_assert_str_eq(find(d, "SPD-Chef", 0)->canon, "SPD");
	done(d);
}
END_TEST

START_TEST(case_rules)
{
	struct doc *d = run("JAPAN UND CHINA EINIG\nDie japanische Seite, japan klein geschrieben. Japanische Firmen.");
	ck_assert_ptr_nonnull(find(d, "JAPAN", 0));      /* headline capitals */
	ck_assert_ptr_nonnull(find(d, "CHINA", 0));
	ck_assert_ptr_null(find(d, "japan", 0));         /* a name is not lower case */
	ck_assert_ptr_nonnull(find(d, "Japanische", 0)); /* derived at sentence start */
	done(d);
}
END_TEST

START_TEST(common_noun_names)
{
	struct doc *d = run("Das Essen war gut. Sie wohnt in Essen.");
	ck_assert_ptr_nonnull(find(d, "Essen", 0));
	ck_assert_uint_eq(find(d, "Essen", 0)->start, strlen("Das Essen war gut. Sie wohnt in "));
	ck_assert_ptr_null(find(d, "Essen", 1));
	done(d);
}
END_TEST

START_TEST(longest_match_wins)
{
	struct doc *d = run("Das Weiße Haus und die Volksrepublik China.");
	ck_assert_str_eq(find(d, "Weiße Haus", 0)->canon, "Weißes Haus");
	ck_assert_ptr_nonnull(find(d, "Volksrepublik China", 0));
	ck_assert_ptr_null(find(d, "China", 0));
	done(d);
}
END_TEST

START_TEST(surnames_cluster)
{
	struct doc *d = run("Xi Jinping empfing Donald Trump. Trump lobte Xis Politik, Trumps Team schwieg.");
	const struct mention *a = find(d, "Donald Trump", 0), *b = find(d, "Trumps", 0);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(a->ent, b->ent);
	ck_assert_int_eq(find(d, "Trump", 0)->ent, a->ent);
	ck_assert_int_eq(find(d, "Xis", 0)->ent, find(d, "Xi Jinping", 0)->ent);
	ck_assert_str_eq(d->ent[a->ent].name, "Donald Trump");
	ck_assert_uint_eq(d->nent, 2);
	/* Entities are numbered by first appearance. */
	ck_assert_str_eq(d->ent[0].name, "Xi Jinping");
	done(d);
}
END_TEST

START_TEST(ambiguity_candidates)
{
	struct doc *d = run("Die Regierung in Washington entschied.");
	const struct mention *x = find(d, "Washington", 0);
	ck_assert_ptr_nonnull(x);
	ck_assert_str_eq(x->kb, "Q61");  /* the city: higher prior */
	ck_assert_uint_eq(x->ncand, 1);
	ck_assert_str_eq(gaz_get(m->gaz, x->cand[0])->kb, "Q1223");
	done(d);
}
END_TEST

START_TEST(lookup_api)
{
	ck_assert_int_ge(gaz_find(m->gaz, "Vereinigte Staaten", strlen("Vereinigte Staaten")), 0);
	int32_t id = gaz_find_name(m->gaz, "Donald Trump");
	ck_assert_int_ge(id, 0);
	char buf[64];
	ck_assert_str_eq(gaz_attr(m->gaz, id, "role", buf, sizeof(buf)), "Präsident");
	ck_assert_ptr_null(gaz_attr(m->gaz, id, "nosuch", buf, sizeof(buf)));
	ck_assert_int_eq(gaz_find_name(m->gaz, "Atlantis"), -1);
}
END_TEST

START_TEST(bad_files_are_reported)
{
	char dir[] = "/tmp/nerd-gaz-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char path[256];
	snprintf(path, sizeof(path), "%s/bad.tsv", dir);
	FILE *f = fopen(path, "w");
	fputs("# ok\nLOC\tBerlin\n\nPLANET\tMars\n", f);
	fclose(f);
	struct gaz *g = NULL;
	char err[512] = "";
	ck_assert_int_eq(gaz_load(dir, &g, err, sizeof(err)), NERD_EDATA);
	ck_assert_msg(strstr(err, "bad.tsv:4:") != NULL, "err: %s", err);
	f = fopen(path, "w");
	fputs("LOC\tBerlin\t\t\t1.5\t\n", f);
	fclose(f);
	ck_assert_int_eq(gaz_load(dir, &g, err, sizeof(err)), NERD_EDATA);
	ck_assert_msg(strstr(err, "prior") != NULL, "err: %s", err);
	remove(path);
	rmdir(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("gaz");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, names_and_aliases);
	tcase_add_test(tc, genitive_and_derived);
	tcase_add_test(tc, compound_parts);
	tcase_add_test(tc, case_rules);
	tcase_add_test(tc, common_noun_names);
	tcase_add_test(tc, longest_match_wins);
	tcase_add_test(tc, surnames_cluster);
	tcase_add_test(tc, ambiguity_candidates);
	tcase_add_test(tc, lookup_api);
	suite_add_tcase(s, tc);
	TCase *tl = tcase_create("limits");
	tcase_add_test(tl, bad_files_are_reported);
	suite_add_tcase(s, tl);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
