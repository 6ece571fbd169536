/* rule.c -- placeholder until the rule engine lands: no rules. */
#include "config.h"
#include <stdlib.h>
#include "rule.h"
struct ruleset { int n; };
int rule_load(const char *dir, const struct lex *lex, const struct gaz *gaz,
	      struct ruleset **out, char *err, size_t errlen)
{ *out = calloc(1, sizeof(**out)); return 0; }
void rule_free(struct ruleset *r) { free(r); }
void rule_run(const struct ruleset *r, struct doc *d) {}
size_t rule_count(const struct ruleset *r) { return 0; }
