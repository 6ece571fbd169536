/* check_ndjson.c -- the NDJSON line splitter fed in chunks of every size,
 * line trimming, and the PCRE2 helpers: the JIT switch, the match limit that
 * marks a document partial instead of failing it. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "doc.h"
#include "ndjson.h"
#include "pcre.h"
#include "sbuf.h"

/* Splits in[0..n) into lines, feeding chunks of chunk bytes; writes the kept
 * lines joined by '|' (a dropped line as "!len") into out. */
static void split_all(const char *in, size_t n, size_t chunk, size_t max, struct sbuf *out)
{
	struct sbuf line;
	sbuf_init(&line);
	sbuf_reset(out);
	size_t pos = 0;
	int nlines = 0;
	for (;;) {
		struct ndjson_line ln;
		sbuf_reset(&line);
		ndjson_line_init(&ln, &line);
		int eol = 0;
		while (!eol && pos < n) {
			size_t k = n - pos < chunk ? n - pos : chunk;
			size_t used = ndjson_line_feed(&ln, &line, in + pos, k, max, &eol);
			ck_assert_uint_ge(used, 1);
			ck_assert_uint_le(used, k);
			pos += used;
		}
		if (!eol && !ln.any)
			break;
		if (nlines++)
			sbuf_putc(out, '|');
		if (ln.toobig) {
			ck_assert_uint_eq(line.len, 0);
			sbuf_printf(out, "!%zu", ln.len);
		} else {
			ck_assert_uint_eq(line.len, ln.len);
			sbuf_add(out, line.buf, line.len);
		}
	}
	sbuf_fini(&line);
}

START_TEST(split_in_any_chunks)
{
	static const char in[] = "{\"text\":\"a\"}\n\n0123456789abcdef\nlast";
	struct sbuf out;
	sbuf_init(&out);
	for (size_t chunk = 1; chunk <= sizeof(in); chunk++) {
		split_all(in, sizeof(in) - 1, chunk, 64, &out);
		ck_assert_str_eq(sbuf_cstr(&out), "{\"text\":\"a\"}||0123456789abcdef|last");
		/* A limit of 12 bytes keeps the 12-byte line, drops the 16-byte one. */
		split_all(in, sizeof(in) - 1, chunk, 12, &out);
		ck_assert_str_eq(sbuf_cstr(&out), "{\"text\":\"a\"}||!16|last");
	}
	/* A final newline ends the last line; nothing follows it. */
	split_all("a\nb\n", 4, 3, 10, &out);
	ck_assert_str_eq(sbuf_cstr(&out), "a|b");
	split_all("", 0, 3, 10, &out);
	ck_assert_str_eq(sbuf_cstr(&out), "");
	split_all("\n", 1, 3, 0, &out);
	ck_assert_str_eq(sbuf_cstr(&out), "");
	ck_assert_uint_eq(out.len, 0);
	sbuf_fini(&out);
}
END_TEST

START_TEST(split_limit_zero_and_huge)
{
	struct sbuf out;
	sbuf_init(&out);
	split_all("x\n\ny", 4, 2, 0, &out);
	ck_assert_str_eq(sbuf_cstr(&out), "!1||!1");
	size_t n = 3u << 20;
	char *big = malloc(n + 3);
	memset(big, 'z', n);
	memcpy(big + n, "\nok", 3);
	split_all(big, n + 3, 1u << 20, 1u << 20, &out);
	ck_assert_str_eq(sbuf_cstr(&out), "!3145728|ok");
	free(big);
	sbuf_fini(&out);
}
END_TEST

START_TEST(trim_bom_cr_blank)
{
	const char *s = "\xef\xbb\xbf{}\r";
	size_t n = strlen(s);
	ck_assert_int_eq(ndjson_trim(&s, &n, 1), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert(!memcmp(s, "{}", 2));
	/* A BOM is only a BOM on the first line. */
	s = "\xef\xbb\xbf{}";
	n = strlen(s);
	ck_assert_int_eq(ndjson_trim(&s, &n, 2), 0);
	ck_assert_uint_eq(n, 5);
	s = " \t\r";
	n = 3;
	ck_assert_int_eq(ndjson_trim(&s, &n, 5), 1);
	s = "";
	n = 0;
	ck_assert_int_eq(ndjson_trim(&s, &n, 1), 1);
	s = "\xef\xbb\xbf";
	n = 3;
	ck_assert_int_eq(ndjson_trim(&s, &n, 1), 1);
}
END_TEST

START_TEST(pcre_limit_marks_partial)
{
	char err[256];
	/* Nested quantifiers: exponential backtracking on a near miss. */
	pcre2_code *re = pcre_compile_jit("^(a+)+$", PCRE2_ZERO_TERMINATED, 0, err, sizeof(err));
	ck_assert_ptr_nonnull(re);
	char subject[64];
	memset(subject, 'a', 40);
	subject[40] = 'b';
	struct doc d;
	memset(&d, 0, sizeof(d));
	uint64_t hits = pcre_limit_hits();
	int rc = pcre_match(re, subject, 41, 0, 0, NULL, NULL, &d,
			    "test pattern hit its match limit");
	ck_assert_int_eq(rc, PCRE2_ERROR_MATCHLIMIT);
	ck_assert(pcre_limit_hit(rc));
	ck_assert_int_eq(d.partial, 1);
	ck_assert_str_eq(d.partial_reason, "test pattern hit its match limit");
	ck_assert_uint_eq(pcre_limit_hits(), hits + 1);
	/* A short subject finishes within the limit and matches. */
	memset(&d, 0, sizeof(d));
	rc = pcre_match(re, subject, 40, 0, 0, NULL, NULL, &d, "x");
	ck_assert_int_eq(rc, 2);
	ck_assert_int_eq(d.partial, 0);
	ck_assert_int_eq(pcre_match(re, "b", 1, 0, 0, NULL, NULL, &d, "x"), PCRE2_ERROR_NOMATCH);
	ck_assert(!pcre_limit_hit(PCRE2_ERROR_NOMATCH));
	/* A context of one's own with a lower limit. */
	pcre2_match_context *mc = pcre_limits_new(1000);
	memset(&d, 0, sizeof(d));
	rc = pcre_match(re, subject, 21, 20, 0, NULL, mc, &d, "low limit");
	ck_assert_int_eq(rc, PCRE2_ERROR_NOMATCH); /* "ab" from offset 20: quick */
	memset(subject + 41, 'a', 20);
	subject[61] = 'b';
	rc = pcre_match(re, subject + 41, 21, 0, 0, NULL, mc, &d, "low limit");
	ck_assert_int_eq(rc, PCRE2_ERROR_MATCHLIMIT);
	ck_assert_str_eq(d.partial_reason, "low limit");
	pcre2_match_context_free(mc);
	pcre2_code_free(re);
	ck_assert_ptr_null(pcre_compile_jit("(", 1, 0, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "offset 1"));
}
END_TEST

START_TEST(pcre_jit_switch)
{
	char err[256];
	ck_assert_int_eq(nerd_jit(), 1);
	nerd_set_jit(0);
	pcre2_code *re = pcre_compile_jit("[0-9]+", PCRE2_ZERO_TERMINATED, 0, err, sizeof(err));
	size_t jitsize = 1;
	pcre2_pattern_info(re, PCRE2_INFO_JITSIZE, &jitsize);
	ck_assert_uint_eq(jitsize, 0);
	ck_assert_int_eq(pcre_jit(re), 0);
	nerd_set_jit(1);
	uint32_t have_jit = 0;
	pcre2_config(PCRE2_CONFIG_JIT, &have_jit);
	ck_assert_int_eq(pcre_jit(re), (int)have_jit);
	struct doc d;
	memset(&d, 0, sizeof(d));
	ck_assert_int_eq(pcre_match(re, "ab 42", 5, 0, 0, NULL, NULL, &d, "x"), 1);
	ck_assert_uint_eq(pcre2_get_ovector_pointer(pcre_match_data())[0], 3);
	pcre2_code_free(re);
}
END_TEST

static Suite *ndjson_suite(void)
{
	Suite *s = suite_create("ndjson");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, split_in_any_chunks);
	tcase_add_test(tc, trim_bom_cr_blank);
	tcase_add_test(tc, pcre_jit_switch);
	suite_add_tcase(s, tc);
	TCase *tl = tcase_create("limits");
	tcase_add_test(tl, split_limit_zero_and_huge);
	tcase_add_test(tl, pcre_limit_marks_partial);
	suite_add_tcase(s, tl);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ndjson_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
