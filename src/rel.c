/* rel.c -- placeholder until relations land. */
#include "config.h"
#include <stdlib.h>
#include "rel.h"
struct reldata { int n; };
int rel_load(const char *dir, const struct lex *lex, const struct gaz *gaz,
	     struct reldata **out, char *err, size_t errlen)
{ *out = calloc(1, sizeof(**out)); return 0; }
void rel_free(struct reldata *f) { free(f); }
void rel_run(const struct reldata *f, struct doc *d) {}
