/* fig.c -- placeholder until the figure grammar lands. */
#include "config.h"
#include <stdlib.h>
#include "fig.h"
struct figdata { int n; };
int fig_load(const char *dir, const struct lex *lex, struct figdata **out, char *err, size_t errlen)
{ *out = calloc(1, sizeof(**out)); return 0; }
void fig_free(struct figdata *f) { free(f); }
void fig_run(const struct figdata *f, struct doc *d) {}
