/* check_speed.c -- the shortcuts taken for speed give the answers of the slow
 * paths they skip: number and printf writing (sbuf), prefix sets, the
 * suffix filter and token masks (lex), prefix hashes (util), offset maps
 * counted eight bytes at a time (utf8), gaz_find of one word, request
 * strings scanned eight bytes at a time (req), and token keys and case
 * read through tables (tok). */
#include "config.h"

#include <check.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "doc.h"
#include "gaz.h"
#include "lex.h"
#include "model.h"
#include "nerd.h"
#include "sbuf.h"
#include "tok.h"
#include "utf8.h"
#include "util.h"

/* ---- sbuf ---- */

/* sbuf_json_num before its fast path: the shortest %.Ng that reads back. */
static void num_ref(double v, char *out, size_t n)
{
	for (int prec = 6; prec <= 17; prec++) {
		snprintf(out, n, "%.*g", prec, v);
		if (strtod(out, NULL) == v)
			break;
	}
}

static void num_same(double v)
{
	struct sbuf b;
	char ref[64];
	sbuf_init(&b);
	sbuf_json_num(&b, v);
	num_ref(v, ref, sizeof(ref));
	ck_assert_msg(b.len == strlen(ref) && !memcmp(b.buf, ref, b.len), "%.17g: %.*s, expected %s",
		      v, (int)b.len, b.buf, ref);
	sbuf_fini(&b);
}

START_TEST(json_num_thousandths)
{
	/* every thousandth between -1000 and 1000 that is no whole number,
	 * and a spread of larger ones up to the fast path's bound */
	for (long k = -1000000; k <= 1000000; k++)
		if (k % 1000)
			num_same((double)k / 1000);
	for (long k = 1000001; k < 1000000000; k += 999983)
		if (k % 1000) {
			num_same((double)k / 1000);
			num_same(-(double)k / 1000);
		}
	/* not thousandths: the printf path */
	static const double other[] = {1.0 / 3, 2.0 / 3, 0.0001, 0.00015, 1e-7, 123456.7891,
				       999999.9995, 1e6 + 0.5, 3.14159, -2.71828, 0.1 + 0.2};
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		num_same(other[i]);
}
END_TEST

START_TEST(printf_long_and_growing)
{
	struct sbuf b;
	sbuf_init(&b);
	char big[1000];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	size_t want = 0;
	for (int i = 0; i < 50; i++) {
		sbuf_printf(&b, "%d:%s;", i, i % 7 ? "short" : big);
		want += (size_t)snprintf(NULL, 0, "%d:%s;", i, i % 7 ? "short" : big);
		ck_assert_uint_eq(b.len, want);
	}
	ck_assert(!memcmp(b.buf, "0:xxx", 5));
	ck_assert(!memcmp(b.buf + 2 + 999, ";1:short;", 9));
	sbuf_fini(&b);
}
END_TEST

/* ---- lex ---- */

START_TEST(prefix_sets)
{
	struct lex *x = lex_new();
	int units = lex_new_list(x, "unit");
	int other = lex_new_list(x, "other");
	static const char *const keys[] = {"km/h", "km", "grad celsius", "m²", "ätzend", "€"};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		lex_add(x, units, keys[i], strlen(keys[i]), "1");
	lex_add(x, other, "zzz", 3, NULL);
	/* not indexed yet: no filter */
	ck_assert_int_eq(lex_prefix_h(x, units, "q", 1, hash_bytes("q", 1)), 1);
	lex_index_prefixes(x, units);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *k = keys[i];
		size_t n = strlen(k);
		for (size_t p = 1; p <= n; p++) {
			if (p < n && ((unsigned char)k[p] & 0xC0) == 0x80)
				continue;
			ck_assert_msg(lex_prefix_h(x, units, k, p, hash_bytes(k, p)), "%.*s", (int)p, k);
		}
	}
	static const char *const no[] = {"q", "kmh", "grad f", "zzz", "m2", "ö"};
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		ck_assert_msg(!lex_prefix_h(x, units, no[i], strlen(no[i]), hash_bytes(no[i], strlen(no[i]))),
			      "%s", no[i]);
	/* a list never indexed, and a key added after indexing */
	ck_assert_int_eq(lex_prefix_h(x, other, "q", 1, hash_bytes("q", 1)), 1);
	lex_add(x, units, "quadratmeter", 12, "2");
	ck_assert_int_eq(lex_prefix_h(x, units, "quadrat", 7, hash_bytes("quadrat", 7)), 1);
	lex_free(x);
}
END_TEST

START_TEST(prefix_hashes)
{
	const char *s = "Dreihundertfünfzig Euro";
	size_t n = strlen(s);
	uint64_t h[64];
	hash_prefixes(s, n, h);
	for (size_t m = 1; m <= n; m++)
		ck_assert_uint_eq(h[m - 1], hash_bytes(s, m));
	/* hash_bytes_pad reads whole words and masks the bytes past n off;
	 * hash_bytes never reads past n: the same hash, and one that differs
	 * for every prefix */
	char buf[40];
	memset(buf, 'x', sizeof(buf));
	memcpy(buf, s, n);
	for (size_t m = 1; m <= n; m++) {
		ck_assert_uint_eq(hash_bytes_pad(buf, m), h[m - 1]);
		for (size_t k = 1; k < m; k++)
			ck_assert_uint_ne(h[k - 1], h[m - 1]);
	}
}
END_TEST

/* Writes DIR/lists/NAME with the given lines. */
static void write_list(const char *dir, const char *name, const char *text)
{
	char path[1200];
	snprintf(path, sizeof(path), "%s/lists", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/lists/%s", dir, name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static void rm_lists(const char *dir)
{
	char path[1200];
	static const char *const names[] = {"nouns.txt", "stop.txt"};
	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/lists/%s", dir, names[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/lists", dir);
	rmdir(path);
	rmdir(dir);
}

START_TEST(suffix_filter)
{
	char dir[] = "/tmp/check_speed.XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	write_list(dir, "nouns.txt", "# nouns\nHaus\nPolitik\nMinisterin\nStraße\nÖl\n");
	write_list(dir, "stop.txt", "und\nder\n");
	struct lex *x;
	char err[256];
	ck_assert_int_eq(lex_load(dir, &x, err, sizeof(err)), 0);
	int nouns = lex_list(x, "nouns"), stop = lex_list(x, "stop");
	/* every key, as the suffix of a longer word: never refused */
	static const char *const words[] = {"rathaus", "chinapolitik", "bauministerin",
					    "hauptstraße", "speiseöl"};
	static const size_t cut[] = {3, 5, 3, 5, 6};
	uint64_t th[64];
	for (size_t i = 0; i < 5; i++) {
		size_t n = strlen(words[i]);
		lex_tails(words[i], n, th);
		ck_assert(lex_tail_maybe(x, nouns, th[cut[i]]));
		ck_assert(lex_has(x, nouns, words[i] + cut[i], n - cut[i]));
	}
	/* the filter is per list, and refuses most suffixes that are no key */
	lex_tails("sonder", 6, th);
	ck_assert(lex_tail_maybe(x, stop, th[3]));
	int refused = 0;
	for (int i = 0; i < 1000; i++) {
		char w[16];
		int n = snprintf(w, sizeof(w), "q%dx%d", i, i * 7);
		lex_tails(w, (size_t)n, th);
		refused += !lex_tail_maybe(x, nouns, th[0]);
	}
	ck_assert_int_gt(refused, 900);
	lex_free(x);
	/* a lex built by hand has no filter */
	struct lex *y = lex_new();
	int l = lex_new_list(y, "l");
	lex_add(y, l, "abc", 3, NULL);
	lex_tails("zzz", 3, th);
	ck_assert(lex_tail_maybe(y, l, th[0]));
	lex_free(y);
	rm_lists(dir);
}
END_TEST

/* lex_tail_bits answers as lex_tails and lex_tail_maybe do, bit by bit,
 * within its bounds (and past 64 bytes for the bits it has). */
START_TEST(suffix_bits)
{
	char dir[] = "/tmp/check_speed.XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	write_list(dir, "nouns.txt", "Haus\nPolitik\nMinisterin\nStraße\nÖl\n");
	write_list(dir, "stop.txt", "und\n");
	struct lex *x;
	char err[256];
	ck_assert_int_eq(lex_load(dir, &x, err, sizeof(err)), 0);
	int nouns = lex_list(x, "nouns");
	char longw[100];
	memset(longw, 'a', 90);
	memcpy(longw + 90, "politik", 8);
	const char *const words[] = {"rathaus", "chinapolitik", "hauptstraße", "speiseöl",
				     "bauministerin", "xyz", longw};
	uint64_t th[128];
	for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++) {
		size_t n = strlen(words[i]);
		lex_tails(words[i], n, th);
		for (size_t lo = 0; lo < 4; lo++)
			for (size_t hi = lo; hi < n + 2 && hi < 70; hi++) {
				uint64_t b = lex_tail_bits(x, nouns, words[i], n, lo, hi);
				for (size_t j = 0; j < 64; j++) {
					int want = j >= lo && j <= hi && j < n &&
						   lex_tail_maybe(x, nouns, th[j]);
					ck_assert_msg((int)(b >> j & 1) == want, "%s [%zu, %zu] bit %zu",
						      words[i], lo, hi, j);
				}
			}
	}
	/* "politik" at 90: beyond the bits; its start at 3 of "chinapolitik" is in */
	ck_assert(lex_tail_bits(x, nouns, "chinapolitik", 12, 3, 8) >> 5 & 1);
	lex_free(x);
	/* a lex built by hand has no filter: every bit in bounds */
	struct lex *y = lex_new();
	int l = lex_new_list(y, "l");
	ck_assert_uint_eq(lex_tail_bits(y, l, "abcdef", 6, 1, 3), 0xe);
	ck_assert_uint_eq(lex_tail_bits(y, l, "abc", 3, 2, 9), 0x4);
	lex_free(y);
	rm_lists(dir);
}
END_TEST

#include "check_fixture.h"

START_TEST(token_masks)
{
	const char *text = "Der Ministerpräsident und die Ministerin sagten in Tokio, "
			   "dass die Politik der USA sich ändere. Er traf sie am Montag.";
	struct doc d;
	memset(&d, 0, sizeof(d));
	d.text = text;
	d.len = (uint32_t)strlen(text);
	d.m = m;
	d.ar = arena_new(0);
	tok_run(&d);
	ck_assert_ptr_nonnull(d.tokmask);
	int n = lex_nlists(m->lex);
	for (uint32_t t = 0; t < d.ntok; t++) {
		const struct tok *tk = &d.tok[t];
		for (int l = -1; l <= n; l++)
			ck_assert_ptr_eq(tok_lex_get(&d, l, tk),
					 lex_get_h(m->lex, l, tk->key, tk->keylen, tk->hash));
		/* a copy of the token is looked up, not read from the mask */
		struct tok copy = *tk;
		for (int l = 0; l < n; l++)
			ck_assert_ptr_eq(tok_lex_get(&d, l, &copy),
					 lex_get_h(m->lex, l, tk->key, tk->keylen, tk->hash));
	}
	arena_free(d.ar);
}
END_TEST

START_TEST(gaz_find_one_word)
{
	/* a trailing space sends the same word through the tokenizer */
	static const char *const words[] = {"Japan", "Tokio", "Washington", "Essen", "China",
					    "SPD", "Musterwerke", "Nippon", "Xi", "Bärbel",
					    "Nichtda", "Ölstadt", "japan", "x"};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		char buf[64];
		size_t n = strlen(words[i]);
		snprintf(buf, sizeof(buf), "%s ", words[i]);
		ck_assert_int_eq(gaz_find(m->gaz, words[i], n), gaz_find(m->gaz, buf, n + 1));
	}
	ck_assert_int_ge(gaz_find(m->gaz, "Japan", 5), 0);
	ck_assert_int_lt(gaz_find(m->gaz, "Nichtda", 7), 0);
	ck_assert_int_lt(gaz_find(m->gaz, "", 0), 0);
}
END_TEST

/* ---- utf8 ---- */

START_TEST(offsets_eight_at_a_time)
{
	/* one-, two-, three- and four-byte characters in every alignment */
	static const char *const pieces[] = {"a", "ä", "€", "😀", " ", "ß", "z"};
	char text[4096];
	size_t len = 0;
	unsigned seed = 7;
	while (len < sizeof(text) - 8) {
		seed = seed * 1103515245u + 12345u;
		const char *p = pieces[(seed >> 16) % 7];
		memcpy(text + len, p, strlen(p));
		len += strlen(p);
	}
	struct arena *a = arena_new(0);
	for (int mode = NERD_OFF_CODEPOINT; mode <= NERD_OFF_UTF16; mode++) {
		if (mode == NERD_OFF_UTF8)
			continue;
		struct offmap om;
		offmap_build(&om, a, text, len, mode);
		size_t units = 0;
		for (size_t i = 0; i <= len; i++) {
			if (i == len || ((unsigned char)text[i] & 0xC0) != 0x80)
				ck_assert_uint_eq(offmap_get(&om, i), units);
			if (i < len && ((unsigned char)text[i] & 0xC0) != 0x80)
				units += mode == NERD_OFF_UTF16 && (unsigned char)text[i] >= 0xF0 ? 2 : 1;
		}
	}
	arena_free(a);
}
END_TEST

/* ---- req ---- */

START_TEST(request_strings)
{
	/* escapes and quotes at every offset around the eight-byte steps */
	static const char *const esc[] = {"\\n", "\\\"", "\\\\", "\\/", "\\t", "ä", "\\r"};
	for (size_t e = 0; e < sizeof(esc) / sizeof(esc[0]); e++)
		for (int at = 0; at < 20; at++) {
			char line[256], want[64];
			int n = snprintf(line, sizeof(line), "{\"text\":\"%.*s%s%.*s\",\"id\":\"x%d\"}", at,
					 "abcdefghijklmnopqrstuvwxyz", esc[e], 11, "ABCDEFGHIJKL", at);
			json_t *ref = json_loadb(line, (size_t)n, 0, NULL);
			ck_assert_ptr_nonnull(ref);
			snprintf(want, sizeof(want), "%s", json_string_value(json_object_get(ref, "text")));
			json_t *root = NULL;
			struct nerd_req req;
			char err[256];
			ck_assert_int_eq(req_parse(line, (size_t)n, &root, &req, err, sizeof(err)), 0);
			ck_assert_uint_eq(req.len, strlen(want));
			ck_assert(!memcmp(req.text, want, req.len));
			json_decref(root);
			json_decref(ref);
		}
	/* a control character or an open string is refused as jansson does */
	static const char *const bad[] = {"{\"text\":\"abcdefghij\x01klm\"}", "{\"text\":\"abcdefghijklm",
					  "{\"text\":\"abcdefghi\\qjk\"}"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *root = NULL;
		struct nerd_req req;
		char err[256];
		ck_assert_int_ne(req_parse(bad[i], strlen(bad[i]), &root, &req, err, sizeof(err)), 0);
		json_decref(root);
	}
}
END_TEST

/* utf8_fold's shortcut for U+00C0..U+00FF gives what uc_tolower and
 * utf8_put give, alone and between other characters. */
START_TEST(fold_latin1)
{
	for (uint32_t c = 0x80; c < 0x100; c++) {
		char in[16], want[16], got[40];
		int l = utf8_put(in, c);
		int wl = utf8_put(want, uc_tolower(c));
		ck_assert_uint_eq(utf8_fold(in, (size_t)l, got), (size_t)wl);
		ck_assert_msg(!memcmp(got, want, (size_t)wl), "U+%04X", (unsigned)c);
		memcpy(in + l, "X", 2);
		ck_assert_uint_eq(utf8_fold(in, (size_t)l + 1, got), (size_t)wl + 1);
		ck_assert(!memcmp(got, want, (size_t)wl) && got[wl] == 'x');
	}
	char got[40];
	ck_assert_uint_eq(utf8_fold("STRA\xc3\x9f" "E \xc3\x84RGER", 14, got), 14);
	ck_assert_str_eq(got, "stra\xc3\x9f" "e \xc3\xa4rger");
}
END_TEST

/* ---- tok ---- */

/* add_tok's ASCII pass (fold, hash and case from tables) against the
 * general path: every token's key is utf8_fold of its text, its hash
 * hash_bytes of the key, its cls the classes of its bytes, a token that
 * starts with a digit is TOK_NUM or TOK_ALNUM, and TOK_CAP /
 * TOK_LOWER / TOK_UPPER follow the case of its letters read one code point
 * at a time. */
START_TEST(token_keys_and_case)
{
	const char *text = "Die CDU-Fraktion und die SPD trafen sich mit dem NATO-Chef, "
			   "A. B. Meier, I und USA2 sowie x86-64, 3M, 5G, eBay, iPhone-X, "
			   "ÄRGER über Ökonomen, ÉCOLE, STRASSE, Straße, ß, ABC-äöü, "
			   "O'Brien, U.S., z.B. am 3. Oktober um 12:30 Uhr (\"Zitat\") -- Ende. "
			   "ÜBER ÖL Ä Äpfel ähnlich CAFÉ Café ÇA ÿ Ĳssel ŁÓDŹ Łódź Ωmega ΑΘΗΝΑ "
			   "Zoë Øre æble ÆØÅ Straße× ÷x 5×3 1.000,5 Mio. Dr. don't US-Präs. "
			   "2025-10-28 ... Nord-1 'quoted' 42 7. 3D-Drucker 1990er 2x 10% "
			   "4,5-fach 24/7 1,5fach 100.000er 5er-Gruppe 3½ 9-Uhr-Termin.";
	struct doc d;
	memset(&d, 0, sizeof(d));
	d.text = text;
	d.len = (uint32_t)strlen(text);
	d.ar = arena_new(0);
	tok_run(&d);
	ck_assert_uint_gt(d.ntok, 50);
	for (uint32_t t = 0; t < d.ntok; t++) {
		const struct tok *tk = &d.tok[t];
		char key[512];
		size_t kl = utf8_fold(text + tk->start, tok_len(tk), key);
		ck_assert_msg(tk->keylen == kl && !memcmp(tk->key, key, kl) && !tk->key[kl],
			      "key of %.*s", (int)tok_len(tk), text + tk->start);
		ck_assert_uint_eq(tk->hash, hash_bytes(key, kl));
		unsigned cls = 0;
		for (uint32_t q = tk->start; q < tk->end; q++)
			cls |= text[q] == '.' ? TOKC_DOT : text[q] == '-' ? TOKC_HYPHEN :
			       text[q] == '\'' ? TOKC_APOS : text[q] >= '0' && text[q] <= '9' ? TOKC_DIGIT : 0;
		ck_assert_msg(tk->cls == cls, "classes of %.*s", (int)tok_len(tk), text + tk->start);
		/* date_skip steps over plain words (no TOK_NUM, no TOK_ALNUM) and
		 * punctuation without looking at their bytes: a token that
		 * starts with a digit has to carry one of the two */
		if (text[tk->start] >= '0' && text[tk->start] <= '9')
			ck_assert_msg(tk->flags & (TOK_NUM | TOK_ALNUM), "digit-first %.*s",
				      (int)tok_len(tk), text + tk->start);
		if (!(tk->flags & TOK_WORD))
			continue;
		uint32_t want = 0;
		int up = 0, low = 0;
		for (size_t i = tk->start; i < tk->end;) {
			uint32_t c = utf8_next(text, &i);
			int u = uc_is_upper(c), l = !u && uc_is_lower(c);
			if (!want && uc_is_letter(c))
				want = u ? TOK_CAP : l ? TOK_LOWER : 0;
			up += u;
			low += l;
		}
		if (up >= 2 && !low)
			want |= TOK_UPPER;
		ck_assert_msg((tk->flags & (TOK_CAP | TOK_LOWER | TOK_UPPER)) == want,
			      "case of %.*s", (int)tok_len(tk), text + tk->start);
	}
	arena_free(d.ar);
}
END_TEST

/* tok_run's plain words (ASCII and U+00C0..U+00FF letters, inner hyphens)
 * end where the general path (scan_word) ends them: before a hyphen or an
 * apostrophe that no letter follows, before the English 's and 't, and
 * before quotation marks, dashes and an ellipsis; words with an inner
 * apostrophe, a digit or a dotted letter after a hyphen stay the general
 * path's.  Each token as text/flags (the flags below TOK_QOPEN). */
START_TEST(plain_word_ends)
{
	const char *text = "Die CDU-Chefin sagte „Nein“ – Ost- und West-Berlin, Trump's "
			   "don't O'Brien O’Neill Trump’s we’re US-A.B. Müller-Lüdenscheidt "
			   "Nord-1 x-×y Wort—Wort Wort… AB-CD a-Ü x-- y-ß. z-é'a Stuttgart-";
	const char *want =
		"Die/09 CDU-Chefin/49 sagte/01 „/84 Nein/09 “/84 –/04 Ost/09 -/04 und/01 "
		"West-Berlin/49 ,/04 Trump/09 '/84 s/01 don/01 '/84 t/01 O'Brien/09 "
		"O’Neill/09 Trump/09 ’/04 s/01 we’re/01 US-A.B./59 Müller-Lüdenscheidt/49 "
		"Nord-1/49 x/01 -/04 ×/04 y/01 Wort/09 —/04 Wort/09 Wort/09 …/04 AB-CD/59 "
		"a-Ü/41 x/01 --/04 y-ß/41 ./04 z-é'a/41 Stuttgart/09 -/04 ";
	struct doc d;
	memset(&d, 0, sizeof(d));
	d.text = text;
	d.len = (uint32_t)strlen(text);
	d.ar = arena_new(0);
	tok_run(&d);
	char got[1024];
	size_t l = 0;
	for (uint32_t t = 0; t < d.ntok && l < sizeof(got); t++) {
		const struct tok *tk = &d.tok[t];
		l += (size_t)snprintf(got + l, sizeof(got) - l, "%.*s/%02x ", (int)tok_len(tk),
				      text + tk->start, tk->flags & (TOK_QOPEN - 1) & ~TOK_SSTART);
	}
	ck_assert_str_eq(got, want);
	arena_free(d.ar);
}
END_TEST

/* split_sentences looks only at the tokens the tokenizer lists (before a
 * line break, and "." "!" "?"): the same sentences as the rule applied to
 * every token, which this test spells out again. */
START_TEST(sentences_from_candidates)
{
	static const char *const texts[] = {
		"Er sagte: „Nein.“ Dann ging er.\nNeue Zeile!\n\nAbsatz? ja. Am 3. Oktober. "
		"„Zitat.“ (Klammer.) Ende",
		"\n\nErst Leerzeilen . Dann ... drei Punkte?! Und \"so.\" Schluss.\n",
		"Kein Satzende hier\r\nund dort\u2028noch eine Zeile. 5 Leute. «Gut.» Ja.",
		"Ein Wort", ".", "\n", "A. B. Meier kam. Dr. Klein nicht. Wer? Niemand!\n\n",
	};
	for (size_t x = 0; x < ARRAY_LEN(texts); x++) {
		struct doc d;
		memset(&d, 0, sizeof(d));
		d.text = texts[x];
		d.len = (uint32_t)strlen(texts[x]);
		d.ar = arena_new(0);
		tok_run(&d);
		const struct tok *tk = d.tok;
		uint32_t nt = d.ntok, s0 = 0, si = 0;
		for (uint32_t i = 0; i < nt; i++) {
			if (i + 1 < nt && !(tk[i + 1].flags & TOK_NL)) {
				if (!(tk[i].flags & TOK_PUNCT) || tok_len(&tk[i]) != 1 ||
				    !strchr(".!?", d.text[tk[i].start]))
					continue;
				uint32_t j = i + 1;
				while (j < nt && (tk[j].flags & TOK_QCLOSE) &&
				       !(tk[j].flags & (TOK_SPACE | TOK_NL)))
					j++;
				if (!(j < nt && (tk[j].flags & (TOK_SPACE | TOK_NL)) &&
				      (tk[j].flags & (TOK_CAP | TOK_QOPEN | TOK_NUM) ||
				       !(tk[j].flags & TOK_WORD))))
					continue;
				i = j - 1;
			}
			ck_assert_msg(si < d.nsent, "text %zu: sentence %u", x, si);
			ck_assert_uint_eq(d.sent[si].t0, s0);
			ck_assert_uint_eq(d.sent[si].t1, i + 1);
			for (uint32_t k = s0; k <= i; k++)
				ck_assert_uint_eq(tk[k].sent, si);
			s0 = i + 1;
			si++;
		}
		ck_assert_uint_eq(d.nsent, si);
		arena_free(d.ar);
	}
}
END_TEST

static Suite *speed_suite(void)
{
	Suite *s = suite_create("speed");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, json_num_thousandths);
	tcase_add_test(tc, printf_long_and_growing);
	tcase_add_test(tc, prefix_sets);
	tcase_add_test(tc, prefix_hashes);
	tcase_add_test(tc, suffix_filter);
	tcase_add_test(tc, suffix_bits);
	tcase_add_test(tc, offsets_eight_at_a_time);
	tcase_add_test(tc, request_strings);
	tcase_add_test(tc, token_keys_and_case);
	tcase_add_test(tc, plain_word_ends);
	tcase_add_test(tc, sentences_from_candidates);
	tcase_add_test(tc, fold_latin1);
	suite_add_tcase(s, tc);
	TCase *tm = tcase_create("model");
	tcase_set_timeout(tm, 60);
	tcase_add_checked_fixture(tm, setup, teardown);
	tcase_add_test(tm, token_masks);
	tcase_add_test(tm, gaz_find_one_word);
	suite_add_tcase(s, tm);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(speed_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
