/* check_gaz.c -- the gazetteer automaton, overlap resolution and clustering
 * on sentences written for these tests, against tests/fixtures/gaz; the
 * binary image (round trip, and every kind of damage refused); user
 * gazetteer directories; the choice between readings by context. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clus.h"
#include "doc.h"
#include "gaz.h"
#include "lex.h"
#include "model.h"
#include "ner.h"
#include "tok.h"
#include "util.h"

#include "check_fixture.h"

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

/* gaz_find_h answers as gaz_find for a word of letters, by the hash of its
 * folded key (or of a piece of a longer key); gaz_plain_word says which
 * surfaces qualify: ASCII letters and U+00C0..U+00FF but the signs. */
START_TEST(lookup_by_hash)
{
	const struct gaz *g = m->gaz;
	ck_assert_int_ge(gaz_find(g, "Tokyo", 5), 0);
	ck_assert_int_eq(gaz_find_h(g, hash_bytes("tokyo", 5)), gaz_find(g, "Tokyo", 5));
	const char *key = "tokyoreise"; /* the piece "tokyo" of a longer key */
	ck_assert_int_eq(gaz_find_h(g, hash_bytes(key, 5)), gaz_find(g, "Tokyo", 5));
	ck_assert_int_eq(gaz_find_h(g, hash_bytes("atlantis", 8)), -1);
	ck_assert_int_eq(gaz_find_h(NULL, hash_bytes("tokyo", 5)), -1);
	/* words between single spaces are walked without the tokenizer:
	 * the same answer as with it (two spaces, a tab) */
	int32_t vs = gaz_find(g, "Vereinigte Staaten", 18);
	ck_assert_int_ge(vs, 0);
	ck_assert_int_eq(gaz_find(g, "Vereinigte  Staaten", 19), vs);
	ck_assert_int_eq(gaz_find(g, "Vereinigte\tStaaten", 18), vs);
	ck_assert_int_eq(gaz_find(g, "Vereinigte Staaten ", 19), vs);
	ck_assert_int_eq(gaz_find(g, "Vereinigte", 10), -1);
	ck_assert_int_eq(gaz_find(g, "Vereinigte Staaten Tokyo", 24), -1);
	static const struct {
		const char *s;
		int plain;
	} w[] = {{"Hessen", 1}, {"D\xc3\xbcsseldorf", 1}, {"\xc3\x84gypten", 1},
		 {"Donaudampfschifffahrt", 1}, {"ABCDEFGZ", 1}, {"abcdefgz", 1},
		 {"abcdefg@", 0}, {"abcdefg[", 0}, {"abcdefg`", 0}, {"@bcdefghij", 0},
		 {"Nord-Hessen", 0}, {"G20", 0}, {"O'Brien", 0}, {"a\xc3\x97" "b", 0},
		 {"Stra\xc3\x9f" "e", 1}, {"\xc3", 0}, {"Caf\xc3\xa9s", 1}, {"", 0},
		 {"Zw\xc3\xb6lfkampfrichterinnen", 1}, {"Zw\xc3\xb6lfkampf richter", 0},
		 {"Abcdefghij1", 0}, {"Stra\xc3\x9f" "enbahnhaltestelle", 1},
		 {"Stra\xc3\x9f" "enbahnhaltestell3", 0}, {"Abcdefgh\xc3", 0},
		 {"\xc3\xa4\xc3\xb6\xc3\xbc\xc3\x9f\xc3\x84", 1}, {"Abcdefgh\xc3\xa4ijklmnop", 1},
		 {"Abcdefgh\xc3\xa4ijklmno.", 0}, {"\xe2\x80\x93" "abcdefgh", 0}};
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		ck_assert_msg(gaz_plain_word(w[i].s, strlen(w[i].s)) == w[i].plain, "%s", w[i].s);
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


/* ---- helpers for tests that write their own files ---- */

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static void rm_tree(const char *dir)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Tokenizes text into *d (a fresh arena, model mm) and runs the gazetteer
 * g over it; the caller frees d->ar. */
static void gaz_doc(struct doc *d, const struct model *mm, const struct gaz *g, const char *text)
{
	memset(d, 0, sizeof(*d));
	d->text = text;
	d->len = (uint32_t)strlen(text);
	d->ar = arena_new(0);
	d->m = mm;
	tok_run(d);
	gaz_match(g, mm->lex, d);
}

/* The mentions of text matched by g, as "start-end:entry;" in a string. */
static void match_sig(const struct gaz *g, const char *text, char *out, size_t len)
{
	struct doc d;
	gaz_doc(&d, m, g, text);
	size_t n = 0;
	out[0] = 0;
	for (uint32_t i = 0; i < d.nment && n < len; i++)
		n += (size_t)snprintf(out + n, len - n, "%u-%u:%d:%u;", d.ment[i].start, d.ment[i].end,
				      d.ment[i].entry, d.ment[i].form);
	arena_free(d.ar);
}

static const char *sample =
	"Der US-Präsident traf Xi Jinping in Tokio. JAPAN UND CHINA EINIG. Die japanischen "
	"Firmen und das Weiße Haus, Trumps Team und die Vereinigten Staaten.";

/* ---- the image ---- */

START_TEST(image_round_trip)
{
	char dir[] = "/tmp/nerd-img-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char img[600], err[512];
	snprintf(img, sizeof(img), "%s/g.img", dir);
	ck_assert_int_eq(gaz_image_save(m->gaz, img, err, sizeof(err)), 0);
	struct gaz *g = NULL;
	ck_assert_msg(gaz_image_load(img, &g, err, sizeof(err)) == 0, "load: %s", err);
	ck_assert(gaz_is_image(g));
	ck_assert_uint_eq(gaz_size(g), gaz_size(m->gaz));
	ck_assert_uint_eq(gaz_nkeys(g), gaz_nkeys(m->gaz));
	ck_assert(gaz_hash(g) == gaz_hash(m->gaz));
	char a[4096], b[4096];
	match_sig(m->gaz, sample, a, sizeof(a));
	match_sig(g, sample, b, sizeof(b));
	ck_assert_str_eq(a, b);
	ck_assert(strlen(a) > 40);
	ck_assert_int_eq(gaz_find_name(g, "Donald Trump"), gaz_find_name(m->gaz, "Donald Trump"));
	ck_assert_str_eq(gaz_get(g, gaz_find(g, "Tokyo", 5))->name, "Tokio");
	gaz_free(g);
	rm_tree(dir);
}
END_TEST

/* Every truncation, every flipped byte and a foreign file are refused with
 * a reason, never loaded and never a crash (ASan watches the reads). */
START_TEST(image_damage_refused)
{
	char dir[] = "/tmp/nerd-img-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char img[600], bad[600], err[512];
	snprintf(img, sizeof(img), "%s/g.img", dir);
	snprintf(bad, sizeof(bad), "%s/bad.img", dir);
	ck_assert_int_eq(gaz_image_save(m->gaz, img, err, sizeof(err)), 0);
	FILE *f = fopen(img, "rb");
	ck_assert_ptr_nonnull(f);
	static char buf[1 << 20];
	size_t len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	ck_assert(len > 1000 && len < sizeof(buf));
	struct gaz *g = NULL;
	size_t cuts[] = {0, 7, 100, len / 2, len - 64, len - 1};
	for (size_t i = 0; i < ARRAY_LEN(cuts); i++) {
		f = fopen(bad, "wb");
		fwrite(buf, 1, cuts[i], f);
		fclose(f);
		err[0] = 0;
		ck_assert_int_eq(gaz_image_load(bad, &g, err, sizeof(err)), NERD_EDATA);
		ck_assert_msg(strstr(err, "bad.img: ") != NULL, "cut %zu: %s", cuts[i], err);
	}
	for (size_t at = 0; at < len; at += 13) {
		buf[at] ^= 0x20;
		f = fopen(bad, "wb");
		fwrite(buf, 1, len, f);
		fclose(f);
		buf[at] ^= 0x20;
		err[0] = 0;
		ck_assert_msg(gaz_image_load(bad, &g, err, sizeof(err)) == NERD_EDATA,
			      "a flipped byte at %zu was accepted", at);
		ck_assert(err[0]);
	}
	/* A TSV file given as an image. */
	char tsv[600];
	const char *src = getenv("top_srcdir");
	snprintf(tsv, sizeof(tsv), "%s/tests/fixtures/gaz/test.tsv", src ? src : ".");
	ck_assert_int_eq(gaz_image_load(tsv, &g, err, sizeof(err)), NERD_EDATA);
	ck_assert_msg(strstr(err, "magic") || strstr(err, "too short"), "%s", err);
	ck_assert_int_eq(gaz_image_load("/nonexistent/x.img", &g, err, sizeof(err)), NERD_EIO);
	rm_tree(dir);
}
END_TEST

/* ---- user gazetteer directories ---- */

START_TEST(user_dirs_extend_replace_suppress)
{
	char dir[] = "/tmp/nerd-user-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char base[600], user[600], user2[600];
	snprintf(base, sizeof(base), "%s/base", dir);
	snprintf(user, sizeof(user), "%s/user", dir);
	snprintf(user2, sizeof(user2), "%s/user2", dir);
	ck_assert_int_eq(mkdir(base, 0700), 0);
	ck_assert_int_eq(mkdir(user, 0700), 0);
	ck_assert_int_eq(mkdir(user2, 0700), 0);
	write_file(base, "a.tsv",
		   "LOC.city\tTokio\tTokyo\tQ1490\t0.9\t\n"
		   "LOC.city\tEssen\t\tQ2066\t0.9\t\n"
		   "ORG.company\tMusterwerke\t\t\t0.5\t\n"
		   "PER\tAnna Beispiel\t\t\t0.9\tsurname=Beispiel\n");
	write_file(user, "local.tsv",
		   "# a newsroom's own additions\n"
		   "LOC.city\tTokio\tEdo\t\t\textend=1\n"
		   "-\tEssen\n"
		   "LOC.city\tMusterwerke\t\t\t0.6\treplace=1\n"
		   "PER\tAnna Beispiel\t\tQ4711\t0.9\tsurname=Beispiel\n"
		   "ORG\tLokalblatt\t\t\t0.7\t\n");
	const char *dirs[] = {base, user};
	struct gaz *g = NULL;
	char err[512];
	ck_assert_msg(gaz_load_dirs(dirs, 2, &g, err, sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(gaz_get(g, gaz_find(g, "Edo", 3))->name, "Tokio");
	ck_assert_str_eq(gaz_get(g, gaz_find(g, "Tokyo", 5))->kb, "Q1490");
	ck_assert_int_eq(gaz_find(g, "Essen", 5), -1);
	ck_assert_int_eq(gaz_find_name(g, "Essen"), -1);
	ck_assert_int_eq(gaz_get(g, gaz_find(g, "Musterwerke", 11))->type, ET_LOC);
	int32_t anna = gaz_find(g, "Anna Beispiel", 13);
	ck_assert_str_eq(gaz_get(g, anna)->kb, "Q4711");
	ck_assert_int_eq(gaz_find_name(g, "Anna Beispiel"), anna);
	ck_assert_int_ge(gaz_find(g, "Lokalblatt", 10), 0);
	ck_assert_uint_eq(gaz_size(g), 4); /* Tokio, Musterwerke (LOC), Anna (user), Lokalblatt */
	char sig[1024];
	match_sig(g, "Anna Beispiel kam nach Essen.", sig, sizeof(sig));
	ck_assert_msg(strstr(sig, "0-13:") && !strstr(sig, "23-28:"), "%s", sig);
	gaz_free(g);
	g = NULL;

	/* Mistakes name the file and line. */
	write_file(user2, "x.tsv", "LOC\tOrt\n-\tAtlantis\n");
	const char *dirs2[] = {base, user2};
	ck_assert_int_eq(gaz_load_dirs(dirs2, 2, &g, err, sizeof(err)), NERD_EDATA);
	ck_assert_msg(strstr(err, "user2/x.tsv:2: ") && strstr(err, "Atlantis"), "%s", err);
	write_file(user2, "x.tsv", "ORG\tTokio\tEdo\t\t\textend=1\n");
	ck_assert_int_eq(gaz_load_dirs(dirs2, 2, &g, err, sizeof(err)), NERD_EDATA);
	ck_assert_msg(strstr(err, "x.tsv:1: extend=1") != NULL, "%s", err);
	write_file(user2, "x.tsv", "LOC\tOrt\nLOC\tHalbe");
	ck_assert_int_eq(gaz_load_dirs(dirs2, 2, &g, err, sizeof(err)), NERD_EDATA);
	ck_assert_msg(strstr(err, "x.tsv:2: ") && strstr(err, "truncated"), "%s", err);

	/* An image remembers where it came from; a model uses DIR/nerd.img
	 * only when it was compiled from the same directories and is fresh. */
	ck_assert_int_eq(gaz_load_dirs(dirs, 2, &g, err, sizeof(err)), 0);
	char img[700];
	snprintf(img, sizeof(img), "%s/nerd.img", base);
	ck_assert_int_eq(gaz_image_save(g, img, err, sizeof(err)), 0);
	gaz_free(g);
	char *rb = realpath(base, NULL), *ru = realpath(user, NULL);
	const char *real[] = {rb, ru};
	ck_assert_int_eq(gaz_load_dirs(real, 2, &g, err, sizeof(err)), 0);
	ck_assert_int_eq(gaz_image_save(g, img, err, sizeof(err)), 0);
	gaz_free(g);
	struct model_src ms = {real, 2, NULL, 0};
	struct model *mm = model_load_src(&ms, err, sizeof(err));
	ck_assert_msg(mm != NULL, "%s", err);
	ck_assert_ptr_nonnull(mm->image);
	ck_assert_int_ge(gaz_find(mm->gaz, "Edo", 3), 0);
	model_unref(mm);
	ms.ndirs = 1;           /* other directories: the TSV files are compiled */
	mm = model_load_src(&ms, err, sizeof(err));
	ck_assert_msg(mm != NULL, "%s", err);
	ck_assert_ptr_null(mm->image);
	ck_assert_int_eq(gaz_find(mm->gaz, "Edo", 3), -1);
	model_unref(mm);
	free(rb);
	free(ru);
	rm_tree(dir);
}
END_TEST

/* ---- ambiguity ---- */

/* ---- declined adjectives in names ---- */

/* The entry of the gazetteer match over exactly the text s in text (its
 * genitive flag in *gen), or -1 when no mention has that span. */
static int32_t match_entry(const struct gaz *g, const char *text, const char *s, int *gen)
{
	struct doc d;
	gaz_doc(&d, m, g, text);
	const char *at = strstr(text, s);
	ck_assert_ptr_nonnull(at);
	uint32_t start = (uint32_t)(at - text), end = start + (uint32_t)strlen(s);
	int32_t e = -1;
	for (uint32_t i = 0; i < d.nment; i++)
		if (d.ment[i].start == start && d.ment[i].end == end) {
			e = d.ment[i].entry;
			if (gen)
				*gen = (d.ment[i].flags & MF_GENITIVE) != 0;
		}
	arena_free(d.ar);
	return e;
}

START_TEST(declined_adjectives)
{
	char dir[] = "/tmp/nerd-infl-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	write_file(dir, "a.tsv",
		   "ORG.gov\tStatistisches Landesamt\t\t\t0.9\t\n"
		   "LOC.water\tRotes Meer\t\t\t0.9\t\n"
		   "ORG.company\tNordische Fischereibank\t\t\t0.8\t\n"
		   "ORG\tDeutscher Kegelbund\t\t\t0.7\t\n"
		   "LOC.city\tBraunschweig\t\t\t0.8\t\n"
		   "ORG.media\tBraunschweiger Abendpost\t\t\t0.8\t\n"
		   "ORG\tAlte Brauerei\t\t\t0.7\tnoinfl=1\n"
		   "ORG.media\tFreie Presse\t\t\t0.8\t\n"
		   "ORG\tFreien Presse\t\t\t0.3\t\n"
		   "ORG\tSchwarzes Brett\tSchwarze Brett\t\t0.7\t\n"
		   "PER\tLange Meier\t\t\t0.7\t\n"
		   "LOC.country\tKaribanien\tFöderative Republik Karibanien|Federative Republic of Caribania\t\t0.9\t\n"
		   "ORG\tVereinigte Kegelklubs\t\t\t0.6\t\n"
		   "ORG\tZweites Deutsches Radio\t\t\t0.6\t\n");
	struct gaz *g = NULL;
	char err[512];
	ck_assert_msg(gaz_load(dir, &g, err, sizeof(err)) == 0, "load: %s", err);
	int32_t sl = gaz_find_name(g, "Statistisches Landesamt");
	int gen = -1;
	/* Neuter: weak -e/-en, strong -em, genitive -en + -(e)s. */
	ck_assert_int_eq(match_entry(g, "Zahlen vom Statistischen Landesamt heute.", "Statistischen Landesamt", &gen), sl);
	ck_assert_int_eq(gen, 0);
	ck_assert_int_eq(match_entry(g, "Der Chef des Statistischen Landesamtes sagte.", "Statistischen Landesamtes", &gen), sl);
	ck_assert_int_eq(gen, 1);
	ck_assert_int_eq(match_entry(g, "Die Zahl des Statistischen Landesamts stieg.", "Statistischen Landesamts", NULL), sl);
	ck_assert_int_eq(match_entry(g, "Laut Statistischem Landesamt stieg sie.", "Statistischem Landesamt", NULL), sl);
	ck_assert_int_eq(match_entry(g, "Das Statistische Landesamt zählt.", "Statistische Landesamt", NULL), sl);
	ck_assert_int_eq(match_entry(g, "Das Statistisches Landesamt zählt.", "Statistisches Landesamt", NULL), sl);
	/* No masculine/feminine strong -er on a neuter, no genitive on -e. */
	ck_assert_int_eq(match_entry(g, "Ein Statistischer Landesamt?", "Statistischer Landesamt", NULL), -1);
	ck_assert_int_eq(match_entry(g, "Der Statistischen Landesamtes?", "Statistischen Landesamtes", NULL), sl);
	ck_assert_int_eq(match_entry(g, "Die Statistische Landesamtes?", "Statistische Landesamtes", NULL), -1);
	int32_t rm = gaz_find_name(g, "Rotes Meer");
	ck_assert_int_eq(match_entry(g, "Schiffe im Roten Meer.", "Roten Meer", NULL), rm);
	ck_assert_int_eq(match_entry(g, "An den Küsten des Roten Meeres.", "Roten Meeres", NULL), rm);
	ck_assert_int_eq(match_entry(g, "An den Küsten des Roten Meers.", "Roten Meers", NULL), rm);
	/* Feminine: -e, -en, -er; the noun never changes. */
	int32_t fb = gaz_find_name(g, "Nordische Fischereibank");
	ck_assert_int_eq(match_entry(g, "Ein Kredit mit Nordischer Fischereibank.", "Nordischer Fischereibank", NULL), fb);
	ck_assert_int_eq(match_entry(g, "Ein Kredit der Nordischen Fischereibank.", "Nordischen Fischereibank", NULL), fb);
	ck_assert_int_eq(match_entry(g, "Ein Kredit der Nordisches Fischereibank.", "Nordisches Fischereibank", NULL), -1);
	ck_assert_int_eq(match_entry(g, "Ein Kredit der Nordischen Fischereibanks.", "Nordischen Fischereibanks", NULL), -1);
	/* Masculine. */
	int32_t kb = gaz_find_name(g, "Deutscher Kegelbund");
	ck_assert_int_eq(match_entry(g, "Im Deutschen Kegelbund gab es Streit.", "Deutschen Kegelbund", NULL), kb);
	ck_assert_int_eq(match_entry(g, "Der Präsident des Deutschen Kegelbundes trat ab.", "Deutschen Kegelbundes", NULL), kb);
	ck_assert_int_eq(match_entry(g, "Der Deutsche Kegelbund tagt.", "Deutsche Kegelbund", NULL), kb);
	ck_assert_int_eq(match_entry(g, "Mit Deutschem Kegelbund tagt er.", "Deutschem Kegelbund", NULL), kb);
	ck_assert_int_eq(match_entry(g, "Mit Deutsches Kegelbund tagt er.", "Deutsches Kegelbund", NULL), -1);
	/* Two adjectives decline alike; plural like feminine. */
	int32_t zd = gaz_find_name(g, "Zweites Deutsches Radio");
	ck_assert_int_eq(match_entry(g, "Ein Sprecher des Zweiten Deutschen Radios.", "Zweiten Deutschen Radios", NULL), zd);
	ck_assert_int_eq(match_entry(g, "Beim Zweiten Deutschen Radio.", "Zweiten Deutschen Radio", NULL), zd);
	ck_assert_int_eq(match_entry(g, "Beim Zweiten Deutsches Radio.", "Zweiten Deutsches Radio", NULL), -1);
	int32_t vk = gaz_find_name(g, "Vereinigte Kegelklubs");
	ck_assert_int_eq(match_entry(g, "Bei den Vereinigten Kegelklubs.", "Vereinigten Kegelklubs", NULL), vk);
	/* A city's adjective does not decline; noinfl=1; people. */
	ck_assert(match_entry(g, "Die Braunschweiger Abendpost schrieb.", "Braunschweiger Abendpost", NULL) >= 0);
	ck_assert_int_eq(match_entry(g, "In der Braunschweigen Abendpost.", "Braunschweigen Abendpost", NULL), -1);
	ck_assert(match_entry(g, "Die Alte Brauerei schloss.", "Alte Brauerei", NULL) >= 0);
	ck_assert_int_eq(match_entry(g, "In der Alten Brauerei.", "Alten Brauerei", NULL), -1);
	ck_assert_int_eq(match_entry(g, "Mit dem Langen Meier.", "Langen Meier", NULL), -1);
	/* A generated form never takes another entry's name: "Freien Presse"
	 * stays the other organisation's, with no candidate added. */
	int32_t fp2 = gaz_find_name(g, "Freien Presse");
	ck_assert_int_eq(match_entry(g, "Ein Artikel der Freien Presse.", "Freien Presse", NULL), fp2);
	ck_assert_int_eq(match_entry(g, "Ein Artikel in Freier Presse.", "Freier Presse", NULL), gaz_find_name(g, "Freie Presse"));
	/* The weak alias of a neuter is no feminine. */
	ck_assert_int_eq(match_entry(g, "Am Schwarzen Brett hing es.", "Schwarzen Brett", NULL), gaz_find_name(g, "Schwarzes Brett"));
	ck_assert_int_eq(match_entry(g, "Am Schwarzer Brett hing es.", "Schwarzer Brett", NULL), -1);
	/* German aliases decline, English ones not. */
	int32_t ka = gaz_find_name(g, "Karibanien");
	ck_assert_int_eq(match_entry(g, "Die Regierung der Föderativen Republik Karibanien.", "Föderativen Republik Karibanien", NULL), ka);
	ck_assert_int_eq(match_entry(g, "The Federativen Republic of Caribania.", "Federativen Republic of Caribania", NULL), -1);
	gaz_free(g);
	/* An alias a later directory adds declines too; noinfl=1 of the
	 * extended entry holds for it. */
	char user[600];
	snprintf(user, sizeof(user), "%s/user", dir);
	ck_assert_int_eq(mkdir(user, 0755), 0);
	write_file(user, "u.tsv",
		   "LOC.water\tRotes Meer\tErythräisches Meer\t\t\textend=1\n"
		   "ORG\tAlte Brauerei\tAlte Mälzerei\t\t\textend=1\n");
	const char *dirs[2] = {dir, user};
	ck_assert_msg(gaz_load_dirs(dirs, 2, &g, err, sizeof(err)) == 0, "load: %s", err);
	ck_assert_int_eq(match_entry(g, "Im Erythräischen Meer.", "Erythräischen Meer", NULL), gaz_find_name(g, "Rotes Meer"));
	ck_assert_int_eq(match_entry(g, "In der Alten Mälzerei.", "Alten Mälzerei", NULL), -1);
	ck_assert(match_entry(g, "Die Alte Mälzerei.", "Alte Mälzerei", NULL) >= 0);
	gaz_free(g);
	rm_tree(dir);
}
END_TEST

START_TEST(ambiguity_by_context)
{
	char dir[] = "/tmp/nerd-amb-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char lists[600];
	snprintf(lists, sizeof(lists), "%s/lists", dir);
	ck_assert_int_eq(mkdir(lists, 0700), 0);
	write_file(dir, "a.tsv",
		   "LOC.city\tParis\t\tQ90\t0.8\t\n"
		   "PER\tParis Hilton\t\tQ47899\t0.5\tsurname=Paris\n");
	write_file(lists, "speech.txt", "sagte\nsagt\n");
	write_file(lists, "roles.tsv", "sängerin\tSängerin\n");
	const char *dirs[] = {dir};
	struct model_src ms = {dirs, 1, NULL, 1};
	char err[512];
	struct model *mm = model_load_src(&ms, err, sizeof(err));
	ck_assert_msg(mm != NULL, "%s", err);
	struct {
		const char *text;
		int type;
	} cases[] = {
		{"Die Konferenz findet in Paris statt.", ET_LOC},
		{"Paris ist groß.", ET_LOC},                    /* prior */
		{"Frau Paris kam spät.", ET_PER},              /* a title before */
		{"Die Sängerin Paris lachte.", ET_PER},        /* a role word before */
		{"Das Hotel, sagte Paris, sei voll.", ET_PER}, /* speech before... */
		{"Paris sagte, das Hotel sei voll.", ET_PER},  /* ...and after */
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct doc d;
		gaz_doc(&d, mm, mm->gaz, cases[i].text);
		const struct mention *x = NULL;
		for (uint32_t k = 0; k < d.nment; k++)
			if (d.ment[k].end - d.ment[k].start == 5)
				x = &d.ment[k];
		ck_assert_msg(x != NULL, "%s", cases[i].text);
		ck_assert_msg(x->type == cases[i].type, "%s: type %d", cases[i].text, x->type);
		/* The other reading is a candidate with its id. */
		ck_assert_uint_eq(x->ncand, 1);
		ck_assert_int_ne(x->cand[0], x->entry);
		ck_assert_int_ne(gaz_get(mm->gaz, x->cand[0])->type, cases[i].type);
		arena_free(d.ar);
	}
	model_unref(mm);
	rm_tree(dir);
}
END_TEST

/* Matching works through the tokens in blocks (of 512) and looks a few
 * candidates ahead: names at every position around the block edges, names
 * that run across an edge, and hyphen compounds there are all found, once,
 * and the mentions come in the order of their first token. */
START_TEST(block_edges)
{
	static const char *const tail =
		"Donald Trump traf den US-Präsident in der Volksrepublik China und Xis Team.";
	for (int fill = 490; fill <= 530; fill++) {
		char *text = malloc((size_t)fill * 4 + 200);
		size_t n = 0;
		for (int i = 0; i < fill; i++) {
			memcpy(text + n, "und ", 4);
			n += 4;
		}
		strcpy(text + n, tail);
		struct doc d;
		gaz_doc(&d, m, m->gaz, text);
		/* Before overlap resolution: "Trump" and "China" inside the longer
		 * names are mentions too. */
		static const char *const want[] = {"Donald Trump", "Trump", "US-Präsident",
						   "Volksrepublik China", "China", "Xis"};
		ck_assert_msg(d.nment == ARRAY_LEN(want), "fill %d: %u mentions", fill, d.nment);
		for (uint32_t k = 0; k < d.nment; k++) {
			const struct mention *x = &d.ment[k];
			size_t wl = strlen(want[k]);
			ck_assert_msg(x->end - x->start == wl && !memcmp(text + x->start, want[k], wl),
				      "fill %d: mention %u is not %s", fill, k, want[k]);
			if (k)
				ck_assert_uint_ge(x->t0, d.ment[k - 1].t0);
		}
		ck_assert_str_eq(d.ment[0].canon, "Donald Trump");
		ck_assert_int_eq(d.ment[2].form, EF_PART);
		ck_assert_str_eq(d.ment[2].canon, "USA");
		ck_assert_str_eq(d.ment[5].canon, "Xi Jinping");
		ck_assert(d.ment[5].flags & MF_GENITIVE);
		arena_free(d.ar);
		free(text);
	}
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
	tcase_add_test(tc, lookup_by_hash);
	tcase_add_test(tc, lookup_api);
	tcase_add_test(tc, image_round_trip);
	tcase_add_test(tc, user_dirs_extend_replace_suppress);
	tcase_add_test(tc, ambiguity_by_context);
	tcase_add_test(tc, block_edges);
	tcase_add_test(tc, declined_adjectives);
	suite_add_tcase(s, tc);
	TCase *tl = tcase_create("limits");
	tcase_add_test(tl, bad_files_are_reported);
	tcase_add_checked_fixture(tl, setup, teardown);
	tcase_add_test(tl, image_damage_refused);
	tcase_set_timeout(tl, 60);
	suite_add_tcase(s, tl);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
