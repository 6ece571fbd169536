/* extract.c -- the pipeline: one request in, one JSON object out.
 *   text -> utf8 check -> tokens + sentences -> gazetteer -> rules
 *        -> figures, dates -> overlaps -> clusters -> relations -> JSON
 * (or CoNLL: nerd_extract_conll runs the same stages, only the writer differs).
 * With NERD_STAGE_TIMES=1 in the environment, nerd_extract also reports the
 * microseconds each stage took in meta.stage_us (for make bench). */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clus.h"
#include "date.h"
#include "doc.h"
#include "emit.h"
#include "fig.h"
#include "gaz.h"
#include "lang.h"
#include "model.h"
#include "ner.h"
#include "rel.h"
#include "rule.h"
#include "sbuf.h"
#include "tok.h"
#include "utf8.h"

static int weekday(int y, int m, int d)
{
	/* Sakamoto; 0 = Monday. */
	static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
	if (m < 3)
		y -= 1;
	int w = (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7; /* 0 = Sunday */
	return (w + 6) % 7;
}

static pthread_once_t timing_once = PTHREAD_ONCE_INIT;
static int timing_on;   /* written once under timing_once, then read-only */

static void timing_init(void)
{
	const char *e = getenv("NERD_STAGE_TIMES");
	timing_on = e && *e && strcmp(e, "0");
}

static double us_since(struct timespec *last)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double us = (double)(now.tv_sec - last->tv_sec) * 1e6 +
		    (double)(now.tv_nsec - last->tv_nsec) / 1e3;
	*last = now;
	return us;
}

/* Runs every stage on req into *d.  On success d->ar holds everything the
 * document allocated and the caller frees it with arena_free(d->ar); on
 * failure nothing is allocated.  *t0 receives the starting time (for elapsed_us). */
static int extract_run(const struct model *m, const struct nerd_req *req, struct doc *d,
		       struct timespec *t0, double *st)
{
	clock_gettime(CLOCK_MONOTONIC, t0);
	if (req->len > UINT32_MAX - 1)
		return NERD_ETOOBIG;
	if (!req->text_valid && !utf8_valid(req->text, req->len, NULL))
		return NERD_EUTF8;

	memset(d, 0, sizeof(*d));
	d->text = req->text;
	d->len = (uint32_t)req->len;
	d->m = m;
	d->ar = arena_new(64 * 1024 + req->len * 8);
	d->lang = req->lang == NERD_LANG_AUTO ? lang_detect(req->text, req->len, NULL, NULL) : req->lang;
	if (req->has_date) {
		d->year = req->year;
		d->month = req->month;
		d->day = req->day;
	} else {
		time_t now = time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		d->year = tm.tm_year + 1900;
		d->month = tm.tm_mon + 1;
		d->day = tm.tm_mday;
	}
	d->wday = weekday(d->year, d->month, d->day);
	d->bias = req->bias;

	if (!st) {
		tok_run(d);
		gaz_match(m->gaz, m->lex, d);
		rule_run(m->rules, d);
		fig_run(m->fig, d);
		date_run(m->date, d);
		ner_resolve(d);
		clus_run(d);
		rel_run(m->rel, d);
		return 0;
	}
	/* The same, timed (the order of emit_stage_name). */
	struct timespec last = *t0;
	st[0] = us_since(&last);
	tok_run(d);
	st[1] = us_since(&last);
	gaz_match(m->gaz, m->lex, d);
	st[2] = us_since(&last);
	rule_run(m->rules, d);
	st[3] = us_since(&last);
	fig_run(m->fig, d);
	st[4] = us_since(&last);
	date_run(m->date, d);
	st[5] = us_since(&last);
	ner_resolve(d);
	st[6] = us_since(&last);
	clus_run(d);
	st[7] = us_since(&last);
	rel_run(m->rel, d);
	st[8] = us_since(&last);
	return 0;
}

int nerd_extract(const struct model *m, const struct nerd_req *req, struct sbuf *out)
{
	struct timespec t0, t1;
	struct doc d;
	double st[EMIT_NSTAGES];
	pthread_once(&timing_once, timing_init);
	int rc = extract_run(m, req, &d, &t0, timing_on ? st : NULL);
	if (rc)
		return rc;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double us = (double)(t1.tv_sec - t0.tv_sec) * 1e6 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e3;
	emit_json(&d, req, out, us, timing_on ? st : NULL);
	doc_count_emitted(&d);
	arena_free(d.ar);
	return 0;
}

int nerd_extract_conll(const struct model *m, const struct nerd_req *req, struct sbuf *out)
{
	struct timespec t0;
	struct doc d;
	int rc = extract_run(m, req, &d, &t0, NULL);
	if (rc)
		return rc;
	emit_conll(&d, out);
	arena_free(d.ar);
	return 0;
}

void nerd_error_json(struct sbuf *out, json_t *id, int status, const char *title,
		     const char *detail, long line)
{
	sbuf_puts(out, "{\"id\":");
	if (id) {
		char *s = json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT);
		sbuf_puts(out, s ? s : "null");
		free(s);
	} else
		sbuf_puts(out, "null");
	sbuf_printf(out, ",\"error\":{\"status\":%d,\"title\":", status);
	sbuf_json_cstr(out, title);
	sbuf_puts(out, ",\"detail\":");
	sbuf_json_cstr(out, detail);
	if (line > 0)
		sbuf_printf(out, ",\"line\":%ld", line);
	sbuf_puts(out, "}}");
}
