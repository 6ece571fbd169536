/* ner.c -- overlap resolution.  Candidates from the gazetteer and the rules
 * compete for tokens: the longer span wins, then the higher score, then the
 * earlier start; a gazetteer mention beats a rule mention of the same span
 * (it knows the canonical name).  Mentions that overlap a figure or a date
 * without containing it are dropped ("Mai" in "im Mai"). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "nerd.h"
#include "ner.h"
#include "util.h"

static _Thread_local const struct doc *cmp_d;

static float priority(const struct mention *m)
{
	float p = (float)(m->end - m->start) * 0.01f + (float)(m->t1 - m->t0) + m->score;
	if (m->source == ES_GAZ)
		p += 0.05f;
	return p;
}

static int cmp_prio(const void *a, const void *b)
{
	const struct mention *x = &cmp_d->ment[*(const uint32_t *)a];
	const struct mention *y = &cmp_d->ment[*(const uint32_t *)b];
	float px = priority(x), py = priority(y);
	if (px != py)
		return px > py ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

static int overlaps(uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1)
{
	return a0 < b1 && b0 < a1;
}

static int cmp_start(const void *a, const void *b)
{
	const struct mention *x = &cmp_d->ment[*(const uint32_t *)a];
	const struct mention *y = &cmp_d->ment[*(const uint32_t *)b];
	return x->start < y->start ? -1 : x->start > y->start;
}

/* English: a long form followed by its acronym in parentheses ("International
 * Monetary Fund (IMF)") is known by the acronym (ANNOTATION.md, English):
 * both mentions get the acronym's canonical name and the same gazetteer
 * entry when one of them has one, so the clusterer makes one entity. */
static void acronym_canon(struct doc *d)
{
	uint32_t *ix = xmalloc(sizeof(uint32_t) * d->nment);
	uint32_t n = 0;
	for (uint32_t i = 0; i < d->nment; i++)
		if (!(d->ment[i].flags & MF_DEAD) && d->ment[i].form == EF_NAME)
			ix[n++] = i;
	cmp_d = d;
	qsort(ix, n, sizeof(uint32_t), cmp_start);
	for (uint32_t k = 0; k + 1 < n; k++) {
		struct mention *l = &d->ment[ix[k]], *a = &d->ment[ix[k + 1]];
		uint32_t p = l->end;
		while (p < a->start && d->text[p] == ' ')
			p++;
		if (l->type != a->type || p + 1 != a->start || d->text[p] != '(' ||
		    a->end >= d->len || d->text[a->end] != ')' || a->end - a->start < 2 ||
		    a->end - a->start >= l->end - l->start)
			continue;
		int caps = 1;
		for (uint32_t q = a->start; q < a->end && caps; q++)
			caps = (d->text[q] >= 'A' && d->text[q] <= 'Z') || d->text[q] == '+' ||
			       d->text[q] == '&' || d->text[q] == '.';
		if (!caps)
			continue;
		const char *acr = a->canon ? a->canon :
			arena_strndup(d->ar, d->text + a->start, a->end - a->start);
		a->canon = acr;
		l->canon = acr;
		if (a->entry >= 0) {
			l->entry = a->entry;
			l->kb = a->kb;
		} else if (l->entry >= 0) {
			a->entry = l->entry;
			a->kb = l->kb;
		}
	}
	free(ix);
}

void ner_resolve(struct doc *d)
{
	if (!d->nment)
		return;
	/* Figures and dates first: a name inside "im Mai" or "US-Dollar" loses. */
	for (uint32_t i = 0; i < d->nment; i++) {
		struct mention *m = &d->ment[i];
		for (uint32_t f = 0; f < d->nfig && !(m->flags & MF_DEAD); f++)
			if (overlaps(m->start, m->end, d->fig[f].start, d->fig[f].end) &&
			    /* English: a demonym counted ("37 million Americans") is
			     * a mention too */
			    !(d->lang == NERD_LANG_EN && m->form == EF_DERIVED &&
			      m->start > d->fig[f].start && m->end == d->fig[f].end) &&
			    !(m->start <= d->fig[f].start && m->end >= d->fig[f].end && m->end - m->start > d->fig[f].end - d->fig[f].start))
				m->flags |= MF_DEAD;
		for (uint32_t k = 0; k < d->ndate && !(m->flags & MF_DEAD); k++)
			if (overlaps(m->start, m->end, d->date[k].start, d->date[k].end) &&
			    !(m->start <= d->date[k].start && m->end >= d->date[k].end && m->end - m->start > d->date[k].end - d->date[k].start))
				m->flags |= MF_DEAD;
	}
	uint32_t *ord = xmalloc(sizeof(uint32_t) * d->nment);
	uint32_t n = 0;
	for (uint32_t i = 0; i < d->nment; i++)
		if (!(d->ment[i].flags & MF_DEAD))
			ord[n++] = i;
	cmp_d = d;
	qsort(ord, n, sizeof(uint32_t), cmp_prio);
	/* Greedy by priority over a token occupancy map (the mention index + 1
	 * that holds each token).  English part mentions of one hyphen token
	 * ("U.S." and "China" in "U.S.-China") share it when their spans do not
	 * overlap. */
	uint32_t *taken = arena_zalloc(d->ar, (d->ntok + 1) * sizeof(uint32_t));
	for (uint32_t k = 0; k < n; k++) {
		struct mention *m = &d->ment[ord[k]];
		int free_ = 1;
		for (uint32_t t = m->t0; t < m->t1 && free_; t++) {
			const struct mention *o = taken[t] ? &d->ment[taken[t] - 1] : NULL;
			free_ = !o || (m->form == EF_PART && o->form == EF_PART && m->t1 - m->t0 == 1 &&
				       o->t1 - o->t0 == 1 && !overlaps(m->start, m->end, o->start, o->end));
		}
		if (!free_) {
			m->flags |= MF_DEAD;
			continue;
		}
		for (uint32_t t = m->t0; t < m->t1; t++)
			taken[t] = ord[k] + 1;
	}
	free(ord);
	if (d->lang == NERD_LANG_EN)
		acronym_canon(d);
}
