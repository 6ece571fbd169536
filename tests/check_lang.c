/* check_lang.c -- unit tests for lang_detect: German and English news
 * openings, headlines, short and empty texts, and the word limit. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "nerd.h"

static int det(const char *s)
{
	return lang_detect(s, strlen(s), NULL, NULL);
}

START_TEST(lang_core)
{
	ck_assert_int_eq(det("Die Bundesregierung will die Steuern senken. Das teilte "
			     "das Finanzministerium am Montag in Berlin mit."), NERD_LANG_DE);
	ck_assert_int_eq(det("The central bank raised its key rate by a quarter point on "
			     "Wednesday, the third increase this year."), NERD_LANG_EN);
	ck_assert_int_eq(det("Oil prices fell on Monday as traders weighed the outlook for "
			     "demand in China."), NERD_LANG_EN);
	ck_assert_int_eq(det("Ölpreise fallen weiter: Händler fürchten eine schwächere "
			     "Nachfrage aus China."), NERD_LANG_DE);
	/* a headline with names only, then English sentences */
	ck_assert_int_eq(det("Siemens Energy, Munich\n\nSiemens Energy said on Tuesday that "
			     "it would cut 4,000 jobs in its wind unit."), NERD_LANG_EN);
	/* an English quote inside a German article: German wins */
	ck_assert_int_eq(det("\"We are not done yet\", sagte die Ministerin am Abend. Sie "
			     "werde mit den Ländern sprechen und eine Lösung suchen."), NERD_LANG_DE);
	/* "was" is a word of both languages and counts for neither */
	ck_assert_int_eq(det("Was nun? Was war los?"), NERD_LANG_DE);
	ck_assert_int_eq(det("He was there. It was late, she was tired."), NERD_LANG_EN);
	/* a short English sentence without articles */
	ck_assert_int_eq(det("Markets rally amid hopes for more rate cuts, traders say."),
			 NERD_LANG_EN);
}
END_TEST

START_TEST(lang_limits)
{
	int de = -1, en = -1;
	ck_assert_int_eq(lang_detect("", 0, &de, &en), NERD_LANG_DE);
	ck_assert_int_eq(de, 0);
	ck_assert_int_eq(en, 0);
	ck_assert_int_eq(det("Toyota Honda Nissan"), NERD_LANG_DE);
	ck_assert_int_eq(det("12345 !!! ..."), NERD_LANG_DE);
	/* a long word is skipped, not cut into a function word */
	ck_assert_int_eq(det("Theodoraaaaaaaaaaaaaaaaaaaaaa"), NERD_LANG_DE);
	/* only the first four sentences count */
	ck_assert_int_eq(lang_detect("The man. The dog. The cat. The end. Der die das und "
				     "der die das und der die.", 60, &de, &en), NERD_LANG_EN);
	ck_assert_int_eq(en, 4);
	ck_assert_int_eq(de, 0);
	/* the length is honoured: no reading past len */
	ck_assert_int_eq(lang_detect("the and of die", 3, &de, &en), NERD_LANG_EN);
	ck_assert_int_eq(en, 1);
	/* a truncated UTF-8 sequence at the end */
	ck_assert_int_eq(lang_detect("und \xc3", 5, &de, &en), NERD_LANG_DE);
	ck_assert_int_eq(de, 1);
}
END_TEST

static Suite *lang_suite(void)
{
	Suite *s = suite_create("lang");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, lang_core);
	suite_add_tcase(s, tc);
	tc = tcase_create("limits");
	tcase_add_test(tc, lang_limits);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(lang_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
