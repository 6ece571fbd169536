/* model.h -- everything loaded from disk, compiled once and shared read-only
 * by all requests: gazetteer automaton, word lists, rules, figure and date
 * grammars, relation lexicons.  Stages reach their own part through these
 * fields; only model.c builds or frees a model. */
#ifndef MODEL_H
#define MODEL_H

#include <stdatomic.h>
#include "nerd.h"

struct gaz;
struct lex;
struct ruleset;
struct figdata;
struct datedata;
struct reldata;
struct tok_lead;

struct model {
	atomic_int refs;
	char version[64];
	unsigned long generation;
	char *gazdir;
	char **extra_dirs;      /* user gazetteer directories */
	size_t nextra;
	char *image;            /* the image the gazetteer came from, or NULL */
	struct gaz *gaz;
	struct lex *lex;
	struct ruleset *rules;
	struct figdata *fig;
	struct datedata *date;
	struct reldata *rel;
	struct tok_lead *lead;  /* the words tok_run marks TOK_LEAD (fig, date) */
	double load_ms;
};

#endif
