/* extract.c -- the pipeline: one request in, one JSON object out.
 *   text -> utf8 check -> tokens + sentences -> gazetteer -> rules
 *        -> figures, dates -> overlaps -> clusters -> relations -> JSON
 * (or CoNLL: nerd_extract_conll runs the same stages, only the writer differs). */
#include "config.h"

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

/* Runs every stage on req into *d.  On success d->ar holds everything the
 * document allocated and the caller frees it with arena_free(d->ar); on
 * failure nothing is allocated.  *t0 receives the starting time (for elapsed_us). */
static int extract_run(const struct model *m, const struct nerd_req *req, struct doc *d,
		       struct timespec *t0)
{
	clock_gettime(CLOCK_MONOTONIC, t0);
	if (req->len > UINT32_MAX - 1)
		return NERD_ETOOBIG;
	if (!utf8_valid(req->text, req->len, NULL))
		return NERD_EUTF8;

	memset(d, 0, sizeof(*d));
	d->text = req->text;
	d->len = (uint32_t)req->len;
	d->m = m;
	d->ar = arena_new(64 * 1024 + req->len * 8);
	d->lang = req->lang == NERD_LANG_EN ? NERD_LANG_EN : NERD_LANG_DE;
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

int nerd_extract(const struct model *m, const struct nerd_req *req, struct sbuf *out)
{
	struct timespec t0, t1;
	struct doc d;
	int rc = extract_run(m, req, &d, &t0);
	if (rc)
		return rc;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double us = (double)(t1.tv_sec - t0.tv_sec) * 1e6 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e3;
	emit_json(&d, req, out, us);
	arena_free(d.ar);
	return 0;
}

int nerd_extract_conll(const struct model *m, const struct nerd_req *req, struct sbuf *out)
{
	struct timespec t0;
	struct doc d;
	int rc = extract_run(m, req, &d, &t0);
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
