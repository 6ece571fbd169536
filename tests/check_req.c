/* check_req.c -- request parsing: req_parse reads the common flat request
 * itself (req.c's req_fast) and leaves everything else to jansson; both ways
 * must give the same object, the same fields and the same errors as
 * json_loadb followed by req_from_json, for ordinary and awkward inputs. */
#include "config.h"

#include <check.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "nerd.h"
#include "sbuf.h"
#include "utf8.h"

/* What req_parse must agree with: jansson alone. */
static int ref_parse(const char *s, size_t n, json_t **root, struct nerd_req *req, char *err,
		     size_t errlen)
{
	*root = NULL;
	if (!utf8_valid(s, n, NULL))
		return NERD_EUTF8;
	*root = json_loadb(s, n, JSON_REJECT_DUPLICATES, NULL);
	if (!*root)
		return NERD_EJSON;
	int rc = req_from_json(*root, req, err, errlen);
	if (rc) {
		json_decref(*root);
		*root = NULL;
	}
	return rc;
}

static void same(const char *s, size_t n)
{
	json_t *a = NULL, *b = NULL;
	struct nerd_req ra, rb;
	char ea[512] = "", eb[512] = "";
	int rca = req_parse(s, n, &a, &ra, ea, sizeof(ea));
	int rcb = ref_parse(s, n, &b, &rb, eb, sizeof(eb));
	ck_assert_msg(rca == rcb, "%.*s: req_parse %d, jansson %d (%s)", (int)n, s, rca, rcb, ea);
	if (rca == 0) {
		ck_assert_msg(json_equal(a, b), "%.*s: objects differ", (int)n, s);
		ck_assert_uint_eq(ra.len, rb.len);
		ck_assert(!memcmp(ra.text, rb.text, ra.len));
		ck_assert_int_eq(ra.lang, rb.lang);
		ck_assert_int_eq(ra.has_date, rb.has_date);
		ck_assert_int_eq(ra.year * 10000 + ra.month * 100 + ra.day,
				 rb.year * 10000 + rb.month * 100 + rb.day);
		ck_assert_int_eq(ra.offsets, rb.offsets);
		ck_assert_int_eq(ra.bias, rb.bias);
		/* Extraction trusts text_valid and skips its own UTF-8 check. */
		ck_assert_int_eq(ra.text_valid, 1);
		ck_assert_int_eq(rb.text_valid, 1);
		ck_assert(utf8_valid(ra.text, ra.len, NULL));
		ck_assert_int_eq(ra.id != NULL, rb.id != NULL);
		if (ra.id)
			ck_assert(json_equal(ra.id, rb.id));
	} else if (rca == NERD_EFIELD)
		ck_assert_str_eq(ea, eb);
	json_decref(a);
	json_decref(b);
}

static const char *const inputs[] = {
	"{\"text\":\"Die Stadtwerke Kiel erhöhen die Preise.\"}",
	"  {  \"id\" : \"a1\" , \"text\" : \"Hallo\" , \"lang\" : \"de\" }  ",
	"{\"text\":\"Zeile eins\\nZeile \\\"zwei\\\"\\t\\\\ \\/ \\b\\f\\r\",\"date\":\"2026-03-01\"}",
	"{\"text\":\"x\",\"date\":null,\"bias\":\"future\",\"offsets\":\"utf16\",\"lang\":\"en\"}",
	"{\"text\":\"Caf\\u00e9 \\ud83d\\ude00\"}",        /* \u escapes: jansson */
	"{\"text\":\"a\\u0000b\"}",                        /* refused by jansson */
	"{\"text\":\"a\\ud83d b\\ude00\"}",                /* lone surrogates: refused */
	"{\"text\":\"x\",\"id\":42}",                      /* a number id */
	"{\"text\":\"x\",\"id\":[1,{\"k\":true}]}",
	"{\"text\":\"x\",\"text\":\"y\"}",                 /* duplicate key */
	"{\"text\":\"x\",\"t\\u0065xt\":\"y\"}",           /* duplicate through an escape */
	"{\"text\":\"x\"} trailing",
	"{\"text\":\"x\",}",
	"{\"text\":\"x\"",
	"{\"text\":\"x",
	"{\"text\":\"tab\there\"}",                       /* raw control character */
	"{\"text\":\"x\\q\"}",                             /* bad escape */
	"{\"text\":nul}",
	"{\"text\":null}",
	"{}",
	"[]",
	"\"text\"",
	"",
	"{\"lang\":\"fr\",\"text\":\"x\"}",
	"{\"date\":\"2026-02-30\",\"text\":\"x\"}",
	"{\"text\":\"x\",\"unknown\":\"y\",\"another\":null}",
	"{\"text\":\"x\",\"a_very_long_key_that_is_longer_than_sixty_four_bytes_in_total_length\":\"y\"}",
	"{\"text\" \"x\"}",
	"{\"text\":\"x\" \"id\":\"y\"}",
	"\xef\xbb\xbf{\"text\":\"x\"}",                    /* a BOM */
	"{\"text\":\"\\\\\"}",
	"{\"text\":\"\\\"\"}",
	"{\"text\":\"\\",
};

START_TEST(fast_path_agrees_with_jansson)
{
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		same(inputs[i], strlen(inputs[i]));
		/* Every prefix as well: truncated requests. */
		for (size_t n = 0; n < strlen(inputs[i]); n++)
			same(inputs[i], n);
	}
}
END_TEST

START_TEST(long_text_with_escapes)
{
	size_t n = 200000;
	char *s = malloc(n + 64);
	size_t k = (size_t)sprintf(s, "{\"id\":\"big\",\"text\":\"");
	while (k < n) {
		const char *piece = (k / 7) % 3 ? "Wörter \\\"zitiert\\\"\\n" : "Straße ";
		size_t l = strlen(piece);
		memcpy(s + k, piece, l);
		k += l;
	}
	k += (size_t)sprintf(s + k, "\"}");
	same(s, k);
	free(s);
}
END_TEST

/* A request filled by hand (req_init: text_valid 0) is still checked by
 * extraction; the check stops before the model is used. */
START_TEST(hand_made_request_checked)
{
	struct nerd_req req;
	struct sbuf out;
	req_init(&req);
	req.text = "Stra\xdf" "e";
	req.len = strlen(req.text);
	sbuf_init(&out);
	ck_assert_int_eq(nerd_extract(NULL, &req, &out), NERD_EUTF8);
	ck_assert_int_eq(nerd_extract_conll(NULL, &req, &out), NERD_EUTF8);
	sbuf_fini(&out);
}
END_TEST

static Suite *req_suite(void)
{
	Suite *s = suite_create("req");
	TCase *tc = tcase_create("parse");
	tcase_add_test(tc, fast_path_agrees_with_jansson);
	tcase_add_test(tc, long_text_with_escapes);
	tcase_add_test(tc, hand_made_request_checked);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(req_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
