/* check_lex.c -- the word lists: lookups by list, the per-word set of lists
 * (lex_mask) that the rule engine turns into bit tests, key lengths. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"
#include "util.h"

START_TEST(mask_core)
{
	struct lex *x = lex_new();
	int a = lex_new_list(x, "a"), b = lex_new_list(x, "b");
	lex_add(x, a, "Bank", 4, NULL);
	lex_add(x, b, "bank", 4, "Geldhaus");
	lex_add(x, b, "Straße", 7, NULL);
	ck_assert_uint_eq(lex_mask(x, "bank", 4), (1u << a) | (1u << b));
	ck_assert_uint_eq(lex_mask(x, "straße", 7), 1u << b);
	ck_assert_uint_eq(lex_mask(x, "banken", 6), 0);
	ck_assert_uint_eq(lex_mask(x, "ban", 3), 0);
	/* With the hash given, the same answers. */
	ck_assert_uint_eq(lex_mask_h(x, "bank", 4, hash_bytes("bank", 4)), (1u << a) | (1u << b));
	ck_assert_str_eq(lex_get_h(x, b, "bank", 4, hash_bytes("bank", 4)), "Geldhaus");
	ck_assert_str_eq(lex_get(x, b, "bank", 4), "Geldhaus");
	ck_assert_str_eq(lex_get(x, a, "bank", 4), "");
	ck_assert_ptr_null(lex_get_h(x, a, "straße", 7, hash_bytes("straße", 7)));
	ck_assert_uint_eq(lex_lens(x, b), (1ull << 4) | (1ull << 7));
	ck_assert_uint_eq(lex_lens(x, -1), 0);
	lex_free(x);
}
END_TEST

START_TEST(mask_limits)
{
	/* Lists past LEX_MASK_LISTS are not in the mask but answer lex_get. */
	struct lex *x = lex_new();
	int last = -1;
	char name[16];
	for (int i = 0; i < LEX_MASK_LISTS + 2; i++) {
		snprintf(name, sizeof(name), "l%d", i);
		last = lex_new_list(x, name);
		lex_add(x, last, "wort", 4, NULL);
	}
	ck_assert_uint_eq(lex_mask(x, "wort", 4), ~0ull);
	ck_assert(lex_has(x, last, "wort", 4));
	ck_assert(lex_has(x, LEX_MASK_LISTS, "wort", 4));
	/* Many words: the tables grow and every word keeps its lists. */
	int big = lex_new_list(x, "big");
	char w[32];
	for (int i = 0; i < 20000; i++) {
		int n = snprintf(w, sizeof(w), "w%d", i);
		lex_add(x, i % 2 ? big : 0, w, (size_t)n, NULL);
	}
	for (int i = 0; i < 20000; i++) {
		int n = snprintf(w, sizeof(w), "w%d", i);
		if (big < LEX_MASK_LISTS)
			ck_assert_uint_eq(lex_mask(x, w, (size_t)n), 1ull << (i % 2 ? big : 0));
		ck_assert_int_eq(lex_has(x, i % 2 ? big : 0, w, (size_t)n), 1);
		ck_assert_int_eq(lex_has(x, i % 2 ? 0 : big, w, (size_t)n), 0);
	}
	ck_assert_uint_eq(lex_mask(x, "", 0), 0);
	lex_free(x);
}
END_TEST

/* lex_each: every key of one list once, folded; none of another list. */
static void each_count(const char *key, size_t kl, void *arg)
{
	int *n = arg;
	if (kl == 9 && !memcmp(key, "kanzlerin", 9))
		n[0]++;
	else if (kl == 6 && !memcmp(key, "minist", 6))
		n[1]++;
	else
		n[2]++;
}

START_TEST(each_lists_keys)
{
	struct lex *x = lex_new();
	int a = lex_new_list(x, "a"), b = lex_new_list(x, "b");
	lex_add(x, a, "Kanzlerin", 9, NULL);
	lex_add(x, a, "Minist", 6, "v");
	lex_add(x, a, "kanzlerin", 9, "w");     /* the same key again */
	lex_add(x, b, "Bürgermeister", strlen("Bürgermeister"), NULL);
	for (int i = 0; i < 3000; i++) {         /* tables grow */
		char w[32];
		snprintf(w, sizeof(w), "wort%d", i);
		lex_add(x, b, w, strlen(w), NULL);
	}
	int n[3] = {0, 0, 0};
	lex_each(x, a, each_count, n);
	ck_assert_int_eq(n[0], 1);
	ck_assert_int_eq(n[1], 1);
	ck_assert_int_eq(n[2], 0);
	memset(n, 0, sizeof(n));
	lex_each(x, b, each_count, n);
	ck_assert_int_eq(n[0] + n[1], 0);
	ck_assert_int_eq(n[2], 3001);
	/* Every word added is found again after the tables (and their Bloom
	 * filters) grew. */
	ck_assert(lex_has(x, b, "wort2999", 8));
	ck_assert(!lex_has(x, a, "wort2999", 8));
	ck_assert_str_eq(lex_get(x, a, "kanzlerin", 9), "w");
	lex_free(x);
}
END_TEST

/* lex_list finds every list by name through its name table, also after the
 * table grew, and nothing for names never created or only prefixes. */
START_TEST(list_names)
{
	struct lex *x = lex_new();
	char name[32];
	ck_assert_int_eq(lex_list(x, "given"), -1);
	for (int i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "liste.%d", i);
		ck_assert_int_eq(lex_new_list(x, name), i);
	}
	ck_assert_int_eq(lex_new_list(x, "liste.17"), 17); /* no second list */
	ck_assert_int_eq(lex_nlists(x), 300);
	for (int i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "liste.%d", i);
		ck_assert_int_eq(lex_list(x, name), i);
		ck_assert_str_eq(lex_list_name(x, i), name);
	}
	ck_assert_int_eq(lex_list(x, "liste."), -1);
	ck_assert_int_eq(lex_list(x, "liste.300"), -1);
	ck_assert_int_eq(lex_list(x, ""), -1);
	ck_assert_int_eq(lex_list(NULL, "liste.1"), -1);
	lex_free(x);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lex");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, mask_core);
	tcase_add_test(tc, each_lists_keys);
	tcase_add_test(tc, list_names);
	suite_add_tcase(s, tc);
	tc = tcase_create("limits");
	tcase_add_test(tc, mask_limits);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
