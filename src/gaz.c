/* gaz.c -- placeholder: replaced by the automaton in the next commit. */
#include "config.h"
#include <stdlib.h>
#include "gaz.h"
struct gaz { int n; };
int gaz_load(const char *dir, struct gaz **out, char *err, size_t errlen)
{ *out = calloc(1, sizeof(**out)); return 0; }
void gaz_free(struct gaz *g) { free(g); }
void gaz_match(const struct gaz *g, const struct lex *lex, struct doc *d) {}
size_t gaz_size(const struct gaz *g) { return 0; }
size_t gaz_nkeys(const struct gaz *g) { return 0; }
const struct gaz_entry *gaz_get(const struct gaz *g, int32_t id) { return NULL; }
const char *gaz_attr(const struct gaz *g, int32_t id, const char *key, char *buf, size_t len) { return NULL; }
int32_t gaz_find(const struct gaz *g, const char *surface, size_t n) { return -1; }
int32_t gaz_find_name(const struct gaz *g, const char *name) { return -1; }
