/* check_core.c -- unit tests for the core utilities: UTF-8, offset maps,
 * arena, output buffer, request parsing and the tokenizer. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "doc.h"
#include "nerd.h"
#include "sbuf.h"
#include "tok.h"
#include "utf8.h"

START_TEST(utf8_validation)
{
	size_t bad = 0;
	ck_assert_int_eq(utf8_valid("Grüße", strlen("Grüße"), &bad), 1);
	ck_assert_int_eq(utf8_valid("a\xc3", 2, &bad), 0);
	ck_assert_uint_eq(bad, 1);
	ck_assert_int_eq(utf8_valid("\xc0\xaf", 2, &bad), 0);        /* overlong */
	ck_assert_int_eq(utf8_valid("\xed\xa0\x80", 3, &bad), 0);    /* surrogate */
	ck_assert_int_eq(utf8_valid("\xf4\x90\x80\x80", 4, &bad), 0); /* > U+10FFFF */
	ck_assert_int_eq(utf8_valid("\xf0\x9f\x98\x80", 4, &bad), 1);
}
END_TEST

START_TEST(utf8_case_and_fold)
{
	char out[64];
	size_t n = utf8_fold("ÄÖÜ-Straße", strlen("ÄÖÜ-Straße"), out);
	ck_assert_str_eq(out, "äöü-straße");
	ck_assert_uint_eq(n, strlen("äöü-straße"));
	utf8_fold("US\xe2\x80\x93Wahl", strlen("US\xe2\x80\x93Wahl"), out); /* en dash */
	ck_assert_str_eq(out, "us-wahl");
	ck_assert(uc_is_upper(0xc4) && uc_is_lower(0xe4) && uc_is_lower(0xdf));
	ck_assert(uc_is_upper(0x141) && uc_is_lower(0x142)); /* Ł ł */
	ck_assert(uc_is_upper(0x17d) && uc_is_lower(0x17e)); /* Ž ž */
	ck_assert(uc_is_upper(0x410) && uc_tolower(0x410) == 0x430);
}
END_TEST

START_TEST(offsets_codepoint_and_utf16)
{
	struct arena *a = arena_new(0);
	/* 70 'x', then "ä😀b": ä is 2 bytes, 😀 4 bytes (2 UTF-16 units). */
	char text[128];
	memset(text, 'x', 70);
	strcpy(text + 70, "ä\xf0\x9f\x98\x80" "b");
	size_t len = strlen(text);
	struct offmap om;
	offmap_build(&om, a, text, len, NERD_OFF_CODEPOINT);
	ck_assert_uint_eq(offmap_get(&om, 70), 70);
	ck_assert_uint_eq(offmap_get(&om, 72), 71);
	ck_assert_uint_eq(offmap_get(&om, 76), 72);
	ck_assert_uint_eq(offmap_get(&om, len), 73);
	offmap_build(&om, a, text, len, NERD_OFF_UTF16);
	ck_assert_uint_eq(offmap_get(&om, 76), 73);
	ck_assert_uint_eq(offmap_get(&om, len), 74);
	offmap_build(&om, a, text, len, NERD_OFF_UTF8);
	ck_assert_uint_eq(offmap_get(&om, 76), 76);
	arena_free(a);
}
END_TEST

START_TEST(arena_grow_keeps_data)
{
	struct arena *a = arena_new(0);
	int *v = NULL;
	size_t cap = 0;
	for (int i = 0; i < 100000; i++) {
		if ((size_t)i == cap) {
			v = arena_grow(a, v, cap * sizeof(int), (cap ? cap * 2 : 8) * sizeof(int));
			cap = cap ? cap * 2 : 8;
		}
		v[i] = i;
	}
	for (int i = 0; i < 100000; i++)
		ck_assert_int_eq(v[i], i);
	arena_reset(a);
	ck_assert_uint_eq(arena_used(a), 0);
	arena_free(a);
}
END_TEST

START_TEST(sbuf_json_escapes)
{
	struct sbuf b;
	sbuf_init(&b);
	sbuf_json_str(&b, "a\"b\\c\n\x01ü", 9);
	ck_assert_str_eq(sbuf_cstr(&b), "\"a\\\"b\\\\c\\n\\u0001ü\"");
	sbuf_reset(&b);
	sbuf_json_num(&b, 550000000000.0);
	sbuf_putc(&b, ' ');
	sbuf_json_num(&b, 0.91);
	sbuf_putc(&b, ' ');
	sbuf_json_num(&b, 66.67);
	ck_assert_str_eq(sbuf_cstr(&b), "550000000000 0.91 66.67");
	sbuf_fini(&b);
}
END_TEST

/* A plain JSON string writer to compare sbuf_json_str with. */
static void ref_json_str(struct sbuf *b, const char *s, size_t n)
{
	sbuf_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			sbuf_putc(b, '\\'), sbuf_putc(b, (char)c);
		else if (c == '\n')
			sbuf_puts(b, "\\n");
		else if (c == '\t')
			sbuf_puts(b, "\\t");
		else if (c < 0x20)
			sbuf_printf(b, "\\u%04x", c);
		else
			sbuf_putc(b, (char)c);
	}
	sbuf_putc(b, '"');
}

/* The word-at-a-time paths of sbuf_json_str (16, 8 and 4 bytes, the
 * overlapping last block) at every length up to 40, with one byte to
 * escape at every position, or none; the in-place number writers against
 * printf and sbuf_json_num. */
START_TEST(sbuf_writers_match_plain_ones)
{
	static const char special[] = {'"', '\\', '\n', '\t', 0x01, 0x1f, 0x7f, 'z'};
	struct sbuf b, r;
	sbuf_init(&b);
	sbuf_init(&r);
	char s[48];
	for (size_t n = 0; n <= 40; n++)
		for (size_t at = 0; at <= n; at++)
			for (size_t k = 0; k < sizeof(special); k++) {
				for (size_t i = 0; i < n; i++)
					s[i] = (char)('a' + i % 26);
				if (at < n)
					s[at] = special[k];
				sbuf_reset(&b);
				sbuf_reset(&r);
				sbuf_json_str(&b, s, n);
				ref_json_str(&r, s, n);
				ck_assert_str_eq(sbuf_cstr(&b), sbuf_cstr(&r));
			}
	char want[32];
	for (unsigned long long p = 1; p && p <= 10000000000000000000ull; p *= 10)
		for (unsigned long long v = p > 2 ? p - 2 : 0; v <= p + 2; v++) {
			sbuf_reset(&b);
			sbuf_put_u64(&b, v);
			snprintf(want, sizeof(want), "%llu", v);
			ck_assert_str_eq(sbuf_cstr(&b), want);
			if (p == 10000000000000000000ull)
				break;
		}
	for (long long k = -2100; k <= 2100; k++) {
		long long ks[] = {k, k * 997, k * 470001};
		for (int j = 0; j < 3; j++) {
			sbuf_reset(&b);
			sbuf_reset(&r);
			sbuf_json_milli(&b, ks[j]);
			sbuf_json_num(&r, (double)ks[j] / 1000);
			ck_assert_str_eq(sbuf_cstr(&b), sbuf_cstr(&r));
		}
	}
	sbuf_fini(&b);
	sbuf_fini(&r);
}
END_TEST

START_TEST(request_parsing)
{
	struct nerd_req r;
	json_t *root;
	char err[256];
	const char *ok = "{\"text\":\"Hallo\",\"id\":7,\"lang\":\"en\",\"date\":\"2025-10-28\",\"offsets\":\"utf16\"}";
	ck_assert_int_eq(req_parse(ok, strlen(ok), &root, &r, err, sizeof(err)), 0);
	ck_assert_str_eq(r.text, "Hallo");
	ck_assert_int_eq(r.lang, NERD_LANG_EN);
	ck_assert_int_eq(r.year * 10000 + r.month * 100 + r.day, 20251028);
	ck_assert_int_eq(r.offsets, NERD_OFF_UTF16);
	json_decref(root);

	const char *bad[] = {
		"{\"text\": 5}", "{\"id\":1}", "[1,2]", "{\"text\":\"a\",\"date\":\"2025-02-30\"}",
		"{\"text\":\"a\",\"lang\":\"fr\"}", "{\"text\":\"a\",\"text\":\"b\"}", "{\"text\":",
		"{\"text\":\"a\\u0000b\"}", "{\"text\":\"a\",\"offsets\":\"bytes\"}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(req_parse(bad[i], strlen(bad[i]), &root, &r, err, sizeof(err)) != 0,
			      "accepted: %s", bad[i]);
		ck_assert_ptr_null(root);
	}
	/* Deep nesting is refused before jansson recurses. */
	size_t depth = 100000;
	char *deep = malloc(2 * depth + 1);
	memset(deep, '[', depth);
	memset(deep + depth, ']', depth);
	deep[2 * depth] = 0;
	ck_assert_int_eq(req_parse(deep, 2 * depth, &root, &r, err, sizeof(err)), NERD_EJSON);
	free(deep);
	/* A raw NUL byte inside the body. */
	ck_assert_int_eq(req_parse("{\"text\":\"a\0\"}", 12, &root, &r, err, sizeof(err)), NERD_EJSON);
	/* Invalid UTF-8. */
	ck_assert_int_eq(req_parse("{\"text\":\"\xff\"}", 12, &root, &r, err, sizeof(err)), NERD_EUTF8);
}
END_TEST

static struct doc *tokenize(const char *text)
{
	struct doc *d = calloc(1, sizeof(*d));
	d->text = text;
	d->len = (uint32_t)strlen(text);
	d->ar = arena_new(0);
	tok_run(d);
	return d;
}

static void doc_done(struct doc *d)
{
	arena_free(d->ar);
	free(d);
}

static char *tok_str(const struct doc *d, uint32_t i)
{
	static char buf[256];
	const struct tok *t = &d->tok[i];
	snprintf(buf, sizeof(buf), "%.*s", (int)(t->end - t->start), d->text + t->start);
	return buf;
}

START_TEST(tokenizer_german)
{
	struct doc *d = tokenize("Der US-Präsident traf Dr. Müller am 3. Oktober; 1.000,5 Mio. Euro, z.B. in den U.S.");
	const char *want[] = {"Der", "US-Präsident", "traf", "Dr.", "Müller", "am", "3.", "Oktober",
			      ";", "1.000,5", "Mio.", "Euro", ",", "z.B.", "in", "den", "U.S."};
	ck_assert_uint_eq(d->ntok, sizeof(want) / sizeof(want[0]));
	for (uint32_t i = 0; i < d->ntok; i++)
		ck_assert_str_eq(tok_str(d, i), want[i]);
	ck_assert(d->tok[1].flags & TOK_HYPHEN);
	ck_assert(d->tok[3].flags & TOK_ABBR);
	ck_assert(d->tok[6].flags & TOK_ORD);
	ck_assert(d->tok[9].flags & TOK_NUM);
	ck_assert_uint_eq(d->nsent, 1);
	doc_done(d);
}
END_TEST

START_TEST(tokenizer_sentences_and_quotes)
{
	struct doc *d = tokenize("Er sagte: „Wir kommen.“ Dann ging er. \"Gut\", sagte sie.\nZweite Zeile");
	/* Sentences: [Er sagte: „Wir kommen.“] [Dann ging er.] ["Gut", sagte sie.] [Zweite Zeile] */
	ck_assert_uint_eq(d->nsent, 4);
	uint32_t q = 0;
	for (uint32_t i = 0; i < d->ntok; i++)
		if (d->tok[i].flags & TOK_QUOTE) {
			if (q == 0 || q == 2)
				ck_assert_msg(d->tok[i].flags & TOK_QOPEN, "quote %u not open", q);
			else
				ck_assert_msg(d->tok[i].flags & TOK_QCLOSE, "quote %u not closed", q);
			q++;
		}
	ck_assert_uint_eq(q, 4);
	ck_assert(d->tok[d->ntok - 1].flags & TOK_HEADLINE);
	doc_done(d);
}
END_TEST

START_TEST(tokenizer_initials_and_caps)
{
	struct doc *d = tokenize("I.Saccomanno--PV und I. Kant sowie die NATO");
	ck_assert_str_eq(tok_str(d, 0), "I.Saccomanno");
	ck_assert_str_eq(tok_str(d, 4), "I.");
	ck_assert(d->tok[4].flags & TOK_ABBR);
	ck_assert(d->tok[d->ntok - 1].flags & TOK_UPPER);
	ck_assert(d->tok[5].flags & TOK_CAP);
	doc_done(d);
}
END_TEST

static Suite *core_suite(void)
{
	Suite *s = suite_create("core");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, utf8_validation);
	tcase_add_test(tc, utf8_case_and_fold);
	tcase_add_test(tc, offsets_codepoint_and_utf16);
	tcase_add_test(tc, arena_grow_keeps_data);
	tcase_add_test(tc, sbuf_json_escapes);
	tcase_add_test(tc, sbuf_writers_match_plain_ones);
	tcase_add_test(tc, request_parsing);
	tcase_add_test(tc, tokenizer_german);
	tcase_add_test(tc, tokenizer_sentences_and_quotes);
	tcase_add_test(tc, tokenizer_initials_and_caps);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(core_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
