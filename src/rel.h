/* rel.h -- relations between entities and figures: role, member_of, quote,
 * figure_of, equivalent, and the events meeting, role_change, acquisition.
 * Runs after clustering (it refers to entity and figure indexes); its word
 * lists come from the model's lists (gazetteers/rel/README); rel_run
 * appends to doc->rel, in the document's arena. */
#ifndef REL_H
#define REL_H

#include <stddef.h>

struct reldata;
struct lex;
struct gaz;
struct doc;

int rel_load(const char *dir, const struct lex *lex, const struct gaz *gaz,
	     struct reldata **out, char *err, size_t errlen);
void rel_free(struct reldata *r);
void rel_run(const struct reldata *r, struct doc *d);

#endif
