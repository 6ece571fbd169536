/* doc.c -- small helpers on struct doc shared by the stages. */
#include "config.h"

#include <stdatomic.h>
#include <string.h>

#include "doc.h"

void *doc_push_(struct arena *a, void **arr, uint32_t *n, uint32_t *cap, size_t size)
{
	if (*n == *cap) {
		uint32_t ncap = *cap ? 2 * *cap : 16;
		*arr = arena_grow(a, *arr, size * *cap, size * ncap);
		*cap = ncap;
	}
	char *p = (char *)*arr + size * (*n)++;
	memset(p, 0, size);
	return p;
}

void doc_warn(struct doc *d, const char *msg)
{
	for (uint32_t i = 0; i < d->nwarn; i++)
		if (!strcmp(d->warn[i], msg))
			return;
	if (d->nwarn < DOC_MAX_WARN)
		d->warn[d->nwarn++] = msg;
}

/* Every doc_partial call in the process (the daemon's
 * nerd_pcre2_limit_hits_total): a counter, not model data. */
static atomic_uint_fast64_t doc_partial_hits;

/* Entities, figures, dates and relations emitted, process-wide (the
 * daemon's nerd_extracted_total). */
static atomic_uint_fast64_t doc_emitted[4];

void doc_count_emitted(const struct doc *d)
{
	atomic_fetch_add_explicit(&doc_emitted[0], d->nent, memory_order_relaxed);
	atomic_fetch_add_explicit(&doc_emitted[1], d->nfig, memory_order_relaxed);
	atomic_fetch_add_explicit(&doc_emitted[2], d->ndate, memory_order_relaxed);
	atomic_fetch_add_explicit(&doc_emitted[3], d->nrel, memory_order_relaxed);
}

void doc_emitted_counts(uint64_t out[4])
{
	for (int i = 0; i < 4; i++)
		out[i] = atomic_load_explicit(&doc_emitted[i], memory_order_relaxed);
}

uint64_t doc_partial_count(void)
{
	return atomic_load_explicit(&doc_partial_hits, memory_order_relaxed);
}

void doc_partial(struct doc *d, const char *reason)
{
	atomic_fetch_add_explicit(&doc_partial_hits, 1, memory_order_relaxed);
	if (!d->partial) {
		d->partial = 1;
		d->partial_reason = reason;
	}
}

uint32_t doc_tok_at(const struct doc *d, uint32_t off)
{
	uint32_t lo = 0, hi = d->ntok;
	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		if (d->tok[mid].end <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
