/* gaz.h -- gazetteer matcher: tokens in, candidate mentions out.  A struct
 * gaz is compiled once per model from the TSV files in the gazetteer
 * directory (format in gazetteers/README) into a token-level automaton over
 * lookup keys, with generated variants (genitives, adjective endings, demonym
 * nouns, the other cases of names that open with an adjective: "des
 * Statistischen Bundesamtes"), and shared read-only by all requests;
 * gaz_match appends mentions to the document (in its arena). */
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

/* Compiles every *.tsv file of dir (sorted by name).  Returns 0, or
 * NERD_EIO / NERD_EDATA with "file:line: reason" in err. */
int gaz_load(const char *dir, struct gaz **out, char *err, size_t errlen);
/* The same over several directories in order: later directories win (an
 * entry of the same name and type replaces the earlier one), and their
 * entries may extend or suppress earlier ones (syntax in gazetteers/README). */
int gaz_load_dirs(const char *const *dirs, size_t ndirs, struct gaz **out, char *err,
		  size_t errlen);
/* Writes the compiled gazetteer as a binary image (aside, then renamed).
 * Returns 0 or NERD_EIO with the reason in err. */
int gaz_image_save(const struct gaz *g, const char *path, char *err, size_t errlen);
/* Maps an image written by gaz_image_save and checks it whole: magic,
 * version, byte order, sizes, header and section checksums and every offset
 * in it.  A damaged or truncated image gives NERD_EDATA and the reason in
 * err, never a crash.  The mapping lives until gaz_free. */
int gaz_image_load(const char *path, struct gaz **out, char *err, size_t errlen);
void gaz_free(struct gaz *g);
/* The content hash of the source files, the source directories (one per
 * line; what the image was compiled from), whether g came from an image,
 * and the bytes its compiled arrays take. */
uint64_t gaz_hash(const struct gaz *g);
const char *gaz_sources(const struct gaz *g);
int gaz_is_image(const struct gaz *g);
size_t gaz_bytes(const struct gaz *g);
void gaz_match(const struct gaz *g, const struct lex *lex, struct doc *d);
size_t gaz_size(const struct gaz *g);          /* entries (not suppressed) */
size_t gaz_nkeys(const struct gaz *g);         /* surface forms incl. variants */
/* Entry by id (0 <= id < gaz_size), valid for the model's life. */
const struct gaz_entry *gaz_get(const struct gaz *g, int32_t id);
/* The value of attribute key in an entry's attrs ("role", "org", "adj"...),
 * copied into buf; returns NULL when absent. */
const char *gaz_attr(const struct gaz *g, int32_t id, const char *key, char *buf, size_t len);
/* Looks up a whole surface form (e.g. "Japan", "SPD"): returns the id of the
 * best entry whose name or alias folds to the same key, or -1. */
int32_t gaz_find(const struct gaz *g, const char *surface, size_t n);
/* gaz_find of one word of letters whose folded key (utf8_fold) the caller
 * has, by that key's hash_bytes: a token's key and hash, or hash_bytes of a
 * prefix of the key ("hessen" in "nordhessen").  No folding, no hashing. */
int32_t gaz_find_h(const struct gaz *g, uint64_t keyhash);
/* 1 when s[0..n) (n > 0) is letters of ASCII and U+00C0..U+00FF only: then
 * every piece of it cut at character boundaries is one word for gaz_find
 * and folds to the same bytes of the whole's key (each letter keeps its
 * length), so gaz_find_h of the key piece's hash answers as gaz_find. */
int gaz_plain_word(const char *s, size_t n);
/* Same by canonical name (exact), or -1. */
int32_t gaz_find_name(const struct gaz *g, const char *name);

#endif
