/* fuzz_gaz.c -- libFuzzer harness for the gazetteer loader: the input is
 * written as the one TSV file of a temporary gazetteer directory and loaded
 * with gaz_load.  A refusal must come with a "file:line: reason" message; a
 * gazetteer that loads must answer lookups of its own names, and matching
 * the file's own text against it (tokenizer, gazetteer, overlaps,
 * clustering) must give mentions inside the text on token boundaries. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "clus.h"
#include "doc.h"
#include "fuzz.h"
#include "gaz.h"
#include "lex.h"
#include "ner.h"
#include "nerd.h"
#include "tok.h"
#include "utf8.h"

static char dir[4096], path[4200];
static struct lex *lex;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void cleanup(void)
{
	unlink(path);
	rmdir(dir);
	lex_free(lex);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/fuzz_gaz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	FUZZ_CHECK(mkdtemp(dir), "mkdtemp %s: %s", dir, strerror(errno));
	snprintf(path, sizeof(path), "%s/fuzz.tsv", dir);
	lex = lex_new();
	atexit(cleanup);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A fresh file each time: truncating one in place makes ext4 flush it
	 * to disk on close (auto_da_alloc), a hundred times slower. */
	unlink(path);
	FILE *f = fopen(path, "wbx");
	FUZZ_CHECK(f, "%s: %s", path, strerror(errno));
	FUZZ_CHECK(fwrite(data, 1, size, f) == size && fclose(f) == 0, "writing %s", path);
	struct gaz *g = NULL;
	char err[1024];
	err[0] = 0;
	int rc = gaz_load(dir, &g, err, sizeof(err));
	if (rc) {
		FUZZ_CHECK(rc == NERD_EDATA || rc == NERD_EIO, "unexpected code %d", rc);
		FUZZ_CHECK(g == NULL, "a gazetteer returned on failure");
		FUZZ_CHECK(!strncmp(err, path, strlen(path)) && err[strlen(path)] == ':',
			   "reason without the file: %s", err);
		return 0;
	}
	FUZZ_CHECK(g, "no gazetteer and no error");
	size_t n = gaz_size(g);
	for (size_t i = 0; i < n && i < 64; i++) {
		const struct gaz_entry *e = gaz_get(g, (int32_t)i);
		FUZZ_CHECK(e && e->name && *e->name && e->type < ET_N, "entry %zu", i);
		FUZZ_CHECK(e->prior >= 0 && e->prior <= 1, "entry %zu: prior %g", i, e->prior);
		int32_t k = gaz_find_name(g, e->name);
		FUZZ_CHECK(k >= 0 && (size_t)k <= i && !strcmp(gaz_get(g, k)->name, e->name),
			   "entry %zu \"%s\" not found by name", i, e->name);
		char buf[64];
		gaz_attr(g, (int32_t)i, "adj", buf, sizeof(buf));
		gaz_find(g, e->name, strlen(e->name));
	}
	/* The file's own text as a document (the loader accepted it, so it is
	 * valid UTF-8). */
	FUZZ_CHECK(utf8_valid((const char *)data, size, NULL), "accepted invalid UTF-8");
	struct doc d;
	memset(&d, 0, sizeof(d));
	d.text = (const char *)data;
	d.len = (uint32_t)size;
	d.ar = arena_new(0);
	d.year = 2025, d.month = 10, d.day = 28;
	tok_run(&d);
	gaz_match(g, lex, &d);
	ner_resolve(&d);
	clus_run(&d);
	for (uint32_t i = 0; i < d.nment; i++) {
		const struct mention *m = &d.ment[i];
		FUZZ_CHECK(m->start < m->end && m->end <= d.len, "mention %u [%u,%u) of %u", i,
			   m->start, m->end, d.len);
		FUZZ_CHECK(m->t0 < m->t1 && m->t1 <= d.ntok && d.tok[m->t0].start <= m->start &&
				   m->end <= d.tok[m->t1 - 1].end,
			   "mention %u: tokens [%u,%u) do not cover it", i, m->t0, m->t1);
		FUZZ_CHECK(m->entry < (int32_t)n && (m->flags & MF_DEAD || m->ent < (int32_t)d.nent),
			   "mention %u: entry %d, entity %d", i, m->entry, m->ent);
	}
	arena_free(d.ar);
	gaz_free(g);
	return 0;
}
