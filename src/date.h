/* date.h -- calendar references (weekdays, months, "Anfang Oktober",
 * "vergangene Woche", full dates, quarters ...) resolved against the
 * document's date with a news past bias; date_run appends to doc->date. */
#ifndef DATE_H
#define DATE_H

#include <stddef.h>

struct datedata;
struct lex;
struct doc;

int date_load(const char *dir, const struct lex *lex, struct datedata **out, char *err,
	      size_t errlen);
void date_free(struct datedata *dd);
void date_run(const struct datedata *dd, struct doc *d);
/* Adds to l (tok.h) the words date_skip may stop at.  dd may be NULL. */
struct tok_lead;
void date_lead(const struct datedata *dd, struct tok_lead *l);

#endif
