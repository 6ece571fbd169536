/* nerd.h -- the library's front door: load a model, parse a request, run the
 * pipeline and get the response as JSON text.  A struct model is immutable and
 * reference-counted; any number of threads may run requests on it at once.
 * Everything a request allocates lives in its own arena and is gone when
 * nerd_extract returns; the caller owns the output buffer. */
#ifndef NERD_H
#define NERD_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#define NERD_VERSION_STRING PACKAGE_VERSION

/* One list of error codes: 0 is success, the rest are negative. */
#define NERD_ERRORS(X)                                             \
	X(NOMEM, "out of memory")                                  \
	X(IO, "input/output error")                                \
	X(DATA, "malformed data file")                             \
	X(JSON, "malformed JSON")                                  \
	X(UTF8, "invalid UTF-8")                                   \
	X(FIELD, "invalid or missing field")                       \
	X(TOOBIG, "input over the size limit")                     \
	X(LIMIT, "a pattern hit its match limit")                  \
	X(ARG, "invalid argument")

enum nerd_err {
	NERD_OK = 0,
#define X(name, msg) NERD_E##name,
	NERD_EFIRST_ = -100,
	NERD_ERRORS(X)
#undef X
};

const char *nerd_strerror(int code);
const char *nerd_errname(int code);

/* How a date without a year or week is resolved: the news default looks
 * back ("am Dienstag" in a Wednesday article is yesterday), "future" looks
 * ahead from the document date (calendars, schedules, Duckling's tests). */
enum nerd_bias { NERD_BIAS_PAST, NERD_BIAS_FUTURE };

/* Offsets in the response: Unicode code points (default), UTF-8 bytes or
 * UTF-16 code units.  Internally everything is in bytes. */
enum nerd_offsets { NERD_OFF_CODEPOINT, NERD_OFF_UTF8, NERD_OFF_UTF16 };

enum nerd_lang { NERD_LANG_DE, NERD_LANG_EN, NERD_LANG_AUTO };

/* A request as parsed from JSON (or built by a caller).  text and id are
 * borrowed: they stay owned by whoever built the request. */
struct nerd_req {
	const char *text;
	size_t len;
	json_t *id;             /* any JSON value, or NULL */
	int lang;               /* enum nerd_lang */
	int has_date;
	int year, month, day;   /* the article's date; today when absent */
	int offsets;            /* enum nerd_offsets */
	int bias;               /* enum nerd_bias, default NERD_BIAS_PAST */
	/* 1 when text is known to be valid UTF-8 (req_from_json checked it),
	 * so extraction does not check it again; 0 (req_init) makes it check. */
	int text_valid;
	/* NERD_SET_* bits: which of "lang", "offsets" and "bias" the request
	 * gave (req_from_json), so that a caller's defaults fill the others
	 * without asking the JSON object again. */
	unsigned set;
};
enum { NERD_SET_LANG = 1u, NERD_SET_OFFSETS = 2u, NERD_SET_BIAS = 4u };

/* Where a model comes from. */
struct model_opts {
	/* Directory with the TSV files, lists/ and rules/; "DIR:USERDIR..."
	 * adds user gazetteer directories as in model_src. */
	const char *gazdir;
};

/* The same in full: dirs[0] is the main directory (TSV files, lists/,
 * rules/); dirs[1..] are user gazetteer directories whose TSV files load
 * after it, in order: later ones win, and may extend or suppress entries
 * (gazetteers/README). */
struct model_src {
	const char *const *dirs;
	size_t ndirs;
	/* A compiled image (nerd compile) to take the gazetteer from instead
	 * of the TSV files; NULL: use DIRS[0]/nerd.img when it was compiled
	 * from the same directories and is newer than every *.tsv in them. */
	const char *image;
	int no_image;           /* never use an image unless image is set */
};

struct model;

/* Loads every data file under o->gazdir and compiles it.  On failure returns
 * NULL and writes "file:line: reason" into err. */
struct model *model_load(const struct model_opts *o, char *err, size_t errlen);
struct model *model_load_src(const struct model_src *s, char *err, size_t errlen);
/* Takes one more reference; model_unref drops one and frees the model with
 * the last.  model_unref(NULL) does nothing. */
struct model *model_ref(struct model *m);
void model_unref(struct model *m);
/* A short identifier of the loaded data ("2025-11-27.3f2a0c1d.4": load
 * date, content hash, generation), valid for the model's life.  The
 * generation counts the models this process loaded, so a model loaded
 * later always has a greater one. */
const char *model_version(const struct model *m);
unsigned long model_generation(const struct model *m);
/* The source list recorded in an image compiled from dirs: each
 * directory's real path and a newline.  The caller frees it. */
char *model_sources(const char *const *dirs, size_t n);
/* The image file name looked for in the gazetteer directory. */
#define MODEL_IMAGE_NAME "nerd.img"
/* Sizes for /v1/info: adds keys to obj. */
void model_info(const struct model *m, json_t *obj);

/* Validates a parsed JSON request object and fills req; text and id point into
 * obj, which must outlive req.  On failure returns NERD_EFIELD or NERD_EUTF8
 * and writes a human-readable reason into err. */
int req_from_json(json_t *obj, struct nerd_req *req, char *err, size_t errlen);
/* Parses one JSON request text (a whole body or one NDJSON line): rejects
 * NUL bytes, nesting deeper than 64 and duplicate keys.  *root receives the
 * parsed object (the caller json_decref()s it). */
int req_parse(const char *buf, size_t len, json_t **root, struct nerd_req *req,
	      char *err, size_t errlen);
/* Sets req to defaults: German, no date, code point offsets, past bias. */
void req_init(struct nerd_req *req);

struct sbuf;

/* Runs the whole pipeline on req and appends one JSON object (no newline) to
 * out.  Returns 0, or a negative code when the text is not valid UTF-8 (out
 * is then left unchanged). */
int nerd_extract(const struct model *m, const struct nerd_req *req, struct sbuf *out);
/* Runs the same pipeline and appends the document as CoNLL instead: one
 * "token TAB label" line per token, a blank line after each sentence.  Same
 * return codes as nerd_extract. */
int nerd_extract_conll(const struct model *m, const struct nerd_req *req, struct sbuf *out);

/* Appends an error object {"id":..,"error":{"status","title","detail"[,"line"]}}
 * for a request that could not be processed (NDJSON lines). line <= 0 omits
 * the line number. */
void nerd_error_json(struct sbuf *out, json_t *id, int status, const char *title,
		     const char *detail, long line);

#endif
