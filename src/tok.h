/* tok.h -- the German-aware tokenizer and sentence splitter.  Reads doc->text
 * and fills doc->tok and doc->sent (in the document's arena).  Words keep
 * inner hyphens ("US-Präsident" is one token), numbers keep their separators
 * ("1.000,5"), known abbreviations and ordinals keep their final dot
 * ("Dr.", "Mio.", "1."), and quotation marks („ “ " » « ‚ ‘) are tokens of
 * their own, marked as opening or closing. */
#ifndef TOK_H
#define TOK_H

#include <string.h>

#include "doc.h"
#include "lex.h"
#include "model.h"

void tok_run(struct doc *d);

/* The words tok_run marks TOK_LEAD, so that the skip loops of the figure
 * and date stages step over every other word with one flag test: a word
 * whose key's hash has its bit in word (by the top 16 bits), or whose key
 * is at least minlen[its first two bytes] long (for a key of one byte:
 * that byte and 0).  fig_lead and date_lead fill it at model load, each
 * with a superset of the words its stage may start at; without a model
 * every word is marked. */
struct tok_lead {
	uint8_t word[65536];    /* 0 or 1: a byte, not a bit, for one load */
	uint8_t minlen[65536];  /* 255: none by this test */
};
/* A tok_lead that marks no word yet (xcalloc: never NULL). */
struct tok_lead *tok_lead_new(void);

/* Helpers for stages that look at tokens. */
static inline uint32_t tok_len(const struct tok *t) { return t->end - t->start; }
/* 1 when the token's text equals s exactly (case-sensitive).  Inline, so
 * that strlen of a literal s is a constant. */
static inline int tok_is(const struct doc *d, const struct tok *t, const char *s)
{
	size_t n = strlen(s);
	return tok_len(t) == n && !memcmp(d->text + t->start, s, n);
}
/* Joins the keys of tokens [i, i+n) as "a b" (one space where the text has
 * white space) into buf; returns the length, or 0 when it does not fit or
 * crosses a line.  Multi-word lookups in word lists use it. */
size_t tok_join_keys(const struct doc *d, uint32_t i, uint32_t n, char *buf, size_t cap);
/* lex_get_h(d->m->lex, list, t's key) for a token t of d: through
 * d->tokmask, most lookups are a bit test.  t need not be one of d->tok
 * (then it is looked up). */
/* Per-token list masks of one lexicon (lex_tok_masks) over the tokens
 * t0[0..n): d->tokmask for the model's lexicon, and the figure and date
 * stages' own for theirs. */
struct tokmasks {
	const uint64_t *m;
	const struct tok *t0;
	uint32_t n;
};
/* Token t's mask in tm, or ~0 (look it up) when t is not one of tm's
 * tokens or tm has none. */
static inline uint64_t tok_mask_of(const struct tokmasks *tm, const struct tok *t)
{
	uintptr_t i = ((uintptr_t)t - (uintptr_t)tm->t0) / sizeof(*t);
	return tm->m && i < tm->n ? tm->m[i] : ~0ull;
}
static inline const char *tok_lex_get(const struct doc *d, int list, const struct tok *t)
{
	struct tokmasks tm = {d->tokmask, d->tok, d->ntok};
	return lex_get_tm(d->m ? d->m->lex : NULL, list, t->key, t->keylen, t->hash,
			  tok_mask_of(&tm, t));
}
static inline int tok_lex_has(const struct doc *d, int list, const struct tok *t)
{
	return tok_lex_get(d, list, t) != NULL;
}
/* 1 when the token's lookup key equals the folded s. */
static inline int tok_key_is(const struct tok *t, const char *key)
{
	size_t n = strlen(key);
	return t->keylen == n && !memcmp(t->key, key, n);
}

#endif
