/* gaz.h -- gazetteer matcher: tokens in, candidate mentions out.  A struct
 * gaz is compiled once per model from the TSV files in the gazetteer
 * directory (format in gazetteers/README) into a token-level automaton over
 * lookup keys, with generated variants (genitives, adjective endings, demonym
 * nouns), and shared read-only by all requests; gaz_match appends mentions to
 * the document (in its arena). */
#ifndef GAZ_H
#define GAZ_H

#include <stddef.h>
#include <stdint.h>

struct gaz;
struct lex;
struct doc;

struct gaz_entry {
	const char *name;       /* canonical name */
	const char *kb;         /* Wikidata id or NULL */
	const char *subtype;    /* "country", "city", "party", ... or "" */
	const char *attrs;      /* the raw key=value;... column */
	float prior;            /* 0..1 */
	uint8_t type;           /* enum etype */
};

int gaz_load(const char *dir, struct gaz **out, char *err, size_t errlen);
void gaz_free(struct gaz *g);
void gaz_match(const struct gaz *g, const struct lex *lex, struct doc *d);
size_t gaz_size(const struct gaz *g);          /* entries */
size_t gaz_nkeys(const struct gaz *g);         /* surface forms incl. variants */
/* Entry by id (0 <= id < gaz_size), valid for the model's life. */
const struct gaz_entry *gaz_get(const struct gaz *g, int32_t id);
/* The value of attribute key in an entry's attrs ("role", "org", "adj"...),
 * copied into buf; returns NULL when absent. */
const char *gaz_attr(const struct gaz *g, int32_t id, const char *key, char *buf, size_t len);
/* Looks up a whole surface form (e.g. "Japan", "SPD"): returns the id of the
 * best entry whose name or alias folds to the same key, or -1. */
int32_t gaz_find(const struct gaz *g, const char *surface, size_t n);
/* Same by canonical name (exact), or -1. */
int32_t gaz_find_name(const struct gaz *g, const char *name);

#endif
