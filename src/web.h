/* web.h -- the highlight page's static files (index.html, nerd.css, nerd.js)
 * and the standalone HTML view.  A struct web holds the files of one
 * directory, read once at start; it is read-only afterwards and may be shared
 * by any number of threads.  The same files are compiled into the library
 * (web_builtin, generated from web/ at build time): nerdd serves them when no
 * installed copy is there, and `nerd extract --format html` inlines them. */
#ifndef WEB_H
#define WEB_H

#include <stddef.h>

struct sbuf;

struct web_file {
	const char *name;               /* "nerd.css": a bare file name */
	const unsigned char *data;      /* len bytes (and a NUL after them) */
	size_t len;
};

/* The files of web/ as they were at build time. */
extern const struct web_file web_builtin[];
extern const size_t web_nbuiltin;

#define WEB_MAX_FILES 64
#define WEB_MAX_FILE_SIZE ((size_t)8 << 20)

struct web;

/* Reads the regular files directly in dir whose names are made of letters,
 * digits, '.', '_' and '-' and do not start with '.'; anything else there
 * (subdirectories, dot files) is ignored.  dir must hold index.html.  A NULL
 * dir gives the built-in copies.  Returns NULL with the reason in err. */
struct web *web_load(const char *dir, char *err, size_t errlen);
/* web_free(NULL) does nothing. */
void web_free(struct web *w);
/* Where the files came from: the directory, or "built-in". */
const char *web_source(const struct web *w);

/* Looks up the file for a request path: "/" is index.html, "/static/NAME"
 * the file NAME.  Only the names loaded by web_load can match, so no path
 * can reach outside the directory.  Returns 1 and sets *data, *len and
 * *mime (valid until web_free) when there is such a file, else 0. */
int web_lookup(const struct web *w, const char *path, const unsigned char **data, size_t *len,
	       const char **mime);

/* The Content-Type for a file name, by its extension. */
const char *web_mime(const char *name);

/* Appends the standalone page: the built-in index.html with nerd.css and
 * nerd.js inlined, and {"source", "text", "response"} embedded as JSON in
 * <script type="application/json" id="nerd-data">, every '<' in it written
 * as \u003c so that nothing in the text can close the element.  text[0..len)
 * must be valid UTF-8; response is one JSON value (an extraction response or
 * an error object); source may be NULL.  Returns 0, or NERD_EDATA when the
 * built-in files lack the places to fill in (out is then unchanged). */
int web_page(struct sbuf *out, const char *source, const char *text, size_t len,
	     const char *response, size_t rlen);

#endif
