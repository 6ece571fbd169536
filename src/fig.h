/* fig.h -- figures: percentages, money, quantities and counts, normalised to
 * numbers with ISO 4217 currency or a unit, qualifiers (approx, bound), what
 * they measure (of) and conversions in parentheses (equivalent).  Grammar
 * and tables are data files under the gazetteer directory; fig_run appends to
 * doc->fig. */
#ifndef FIG_H
#define FIG_H

#include <stddef.h>

struct figdata;
struct lex;
struct doc;

int fig_load(const char *dir, const struct lex *lex, struct figdata **out, char *err,
	     size_t errlen);
void fig_free(struct figdata *f);
void fig_run(const struct figdata *f, struct doc *d);
/* Adds to l (tok.h) the words a figure may start at: number words, units,
 * the first bytes of German compound numbers.  f may be NULL. */
struct tok_lead;
void fig_lead(const struct figdata *f, struct tok_lead *l);

#endif
