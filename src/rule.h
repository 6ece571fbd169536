/* rule.h -- entity rules as data: files gazetteers/rules/LANG/NAME.rules in
 * the pattern language documented in gazetteers/rules/README, compiled once
 * per model (token predicates with PCRE2 + JIT, match limits set) and run
 * over a document's tokens after the gazetteer stage; matches are appended
 * as mentions with source ES_RULE and the rule's id. */
#ifndef RULE_H
#define RULE_H

#include <stddef.h>

struct ruleset;
struct lex;
struct gaz;
struct doc;

int rule_load(const char *dir, const struct lex *lex, const struct gaz *gaz,
	      struct ruleset **out, char *err, size_t errlen);
void rule_free(struct ruleset *r);
void rule_run(const struct ruleset *r, struct doc *d);
size_t rule_count(const struct ruleset *r);

#endif
