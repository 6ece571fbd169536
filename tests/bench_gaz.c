/* bench_gaz.c -- the gazetteer at scale: compile a directory of TSV files,
 * save and map its image, and match German text, printing one JSON object
 * of figures.  Matching is timed alone (gaz_match over text the tokenizer
 * has already cut), in documents of about 64 KiB cut at line ends.
 *
 *   bench_gaz --gazetteers DIR --text FILE --image OUT.img [--runs N]
 *             compile from TSV, write the image, match with the compiled form
 *   bench_gaz --image IMG --text FILE [--runs N]
 *             map the image only (a fresh process: its RSS is the daemon's)
 *
 * --runs 0 skips matching.  Besides gaz_match alone (match_mb_s, and
 * wall_match_mb_s in wall-clock time) it prints
 * tokenizing and matching together (tok_match_mb_s: from raw text, as a
 * matcher without a tokenizer works) and a digest of the mentions.
 *
 * Run by tests/bench_gaz.py (make bench-gaz). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "doc.h"
#include "gaz.h"
#include "lex.h"
#include "tok.h"
#include "util.h"

/* Times are CPU time of this thread: the machine may be shared, and the
 * figures are for one core.  Wall time is printed beside (wall_*). */
static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double wall_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* VmRSS or VmHWM from /proc/self/status, in MiB. */
static double rss_mb(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	double kb = 0;
	size_t n = strlen(field);
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, field, n) && line[n] == ':')
			kb = strtod(line + n + 1, NULL);
	if (f)
		fclose(f);
	return kb / 1024;
}

static int cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* FNV-1a over n bytes, continuing from h. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* A digest of every mention found (span, tokens, type, form, flags, score,
 * entry, canonical name, candidates), so that two builds of nerd can be
 * shown to find exactly the same. */
static uint64_t digest_mentions(uint64_t h, const struct doc *d, size_t off)
{
	for (uint32_t k = 0; k < d->nment; k++) {
		const struct mention *m = &d->ment[k];
		uint32_t f[8] = {m->start + (uint32_t)off, m->end + (uint32_t)off, m->t1 - m->t0,
				 m->type, m->form, m->flags, (uint32_t)m->entry, m->ncand};
		h = fnv(h, f, sizeof(f));
		h = fnv(h, &m->score, sizeof(m->score));
		h = fnv(h, m->canon, strlen(m->canon));
		if (m->ncand)
			h = fnv(h, m->cand, m->ncand * sizeof(int32_t));
	}
	return h;
}

/* Matches the whole text runs times; returns the median MB/s of
 * gaz_match alone and in *tokmbs that of tokenizing and matching, and the
 * mentions found per run (and their digest). */
static double match_text(const struct gaz *g, const struct lex *lx, const char *text,
			 size_t len, int runs, size_t *nment, size_t *ntok, uint64_t *digest,
			 double *tokmbs, double *wallmbs)
{
	double best[16], tbest[16], wbest[16];
	if (runs > 16)
		runs = 16;
	for (int r = 0; r < runs; r++) {
		double t = 0, tt = 0, w = 0;
		*nment = *ntok = 0;
		*digest = 14695981039346656037ULL;
		struct arena *ar = arena_new(1 << 22);
		for (size_t off = 0; off < len;) {
			size_t end = off + 65536 < len ? off + 65536 : len;
			while (end < len && text[end - 1] != '\n')
				end++;
			struct doc d;
			memset(&d, 0, sizeof(d));
			d.text = text + off;
			d.len = (uint32_t)(end - off);
			d.ar = ar;
			double t0 = now_s();
			tok_run(&d);
			double t1 = now_s(), w1 = wall_s();
			gaz_match(g, lx, &d);
			w += wall_s() - w1;
			t += now_s() - t1;
			tt += now_s() - t0;
			*nment += d.nment;
			*digest = digest_mentions(*digest, &d, off);
			*ntok += d.ntok;
			arena_reset(ar);
			off = end;
		}
		arena_free(ar);
		best[r] = (double)len / (1024.0 * 1024.0) / t;
		tbest[r] = (double)len / (1024.0 * 1024.0) / tt;
		wbest[r] = (double)len / (1024.0 * 1024.0) / w;
	}
	qsort(wbest, (size_t)runs, sizeof(double), cmpd);
	*wallmbs = wbest[runs / 2];
	qsort(best, (size_t)runs, sizeof(double), cmpd);
	qsort(tbest, (size_t)runs, sizeof(double), cmpd);
	*tokmbs = tbest[runs / 2];
	return best[runs / 2];
}

int main(int argc, char **argv)
{
	const char *dir = NULL, *text = NULL, *image = NULL;
	int runs = 3;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--gazetteers"))
			dir = argv[i + 1];
		else if (!strcmp(argv[i], "--text"))
			text = argv[i + 1];
		else if (!strcmp(argv[i], "--image"))
			image = argv[i + 1];
		else if (!strcmp(argv[i], "--runs"))
			runs = atoi(argv[i + 1]);
		else {
			fprintf(stderr, "bench_gaz: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	if (!text || !image || runs < 0) {
		fprintf(stderr, "usage: bench_gaz [--gazetteers DIR] --image IMG --text FILE [--runs N]\n");
		return 2;
	}
	char *buf;
	size_t len;
	if (read_file(text, &buf, &len)) {
		perror(text);
		return 1;
	}
	char err[1024];
	struct gaz *g = NULL;
	double base = rss_mb("VmRSS");
	/* The JSON object opens only once the gazetteer loaded: a failure
	 * prints its reason and no half object. */
	if (dir) {
		double t0 = now_s(), w0 = wall_s();
		if (gaz_load(dir, &g, err, sizeof(err))) {
			fprintf(stderr, "bench_gaz: %s\n", err);
			return 1;
		}
		double build = now_s() - t0, wbuild = wall_s() - w0;
		printf("{\"mode\":\"tsv\",\"entries\":%zu,\"forms\":%zu,\"build_s\":%.3f,"
		       "\"wall_build_s\":%.3f,\"rss_mb\":%.1f,\"peak_rss_mb\":%.1f,\"gaz_mb\":%.1f,",
		       gaz_size(g), gaz_nkeys(g), build, wbuild, rss_mb("VmRSS") - base, rss_mb("VmHWM"),
		       (double)gaz_bytes(g) / (1024 * 1024));
		t0 = now_s();
		if (gaz_image_save(g, image, err, sizeof(err))) {
			fprintf(stderr, "bench_gaz: %s\n", err);
			return 1;
		}
		printf("\"save_s\":%.3f,", now_s() - t0);
	} else {
		double t0 = now_s(), w0 = wall_s();
		if (gaz_image_load(image, &g, err, sizeof(err))) {
			fprintf(stderr, "bench_gaz: %s\n", err);
			return 1;
		}
		double load = now_s() - t0, wload = wall_s() - w0;
		printf("{\"mode\":\"image\",\"entries\":%zu,\"forms\":%zu,\"load_ms\":%.1f,"
		       "\"wall_load_ms\":%.1f,\"rss_mb\":%.1f,",
		       gaz_size(g), gaz_nkeys(g), load * 1e3, wload * 1e3, rss_mb("VmRSS") - base);
	}
	if (runs) {
		struct lex *lx = lex_new();
		size_t nment, ntok;
		uint64_t digest;
		double tokmbs, wallmbs;
		double mbs = match_text(g, lx, buf, len, runs, &nment, &ntok, &digest, &tokmbs,
					&wallmbs);
		printf("\"text_mb\":%.2f,\"tokens\":%zu,\"mentions\":%zu,\"digest\":\"%016llx\","
		       "\"match_mb_s\":%.1f,\"wall_match_mb_s\":%.1f,\"tok_match_mb_s\":%.1f,",
		       (double)len / (1024 * 1024), ntok, nment, (unsigned long long)digest, mbs,
		       wallmbs, tokmbs);
		lex_free(lx);
	}
	printf("\"peak_rss_end_mb\":%.1f}\n", rss_mb("VmHWM"));
	gaz_free(g);
	free(buf);
	return 0;
}
