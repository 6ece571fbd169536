/* web.c -- the highlight page's files in memory, looked up by request path,
 * and the standalone page that inlines them.  A struct web owns a copy of
 * every file it serves; the built-in table (web_assets.c) is static data. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "nerd.h"
#include "sbuf.h"
#include "util.h"
#include "web.h"

struct web {
	char *source;
	struct web_file files[WEB_MAX_FILES];
	size_t n;
	int owned;              /* files[].data and .name are ours to free */
};

static int web_name_ok(const char *s)
{
	if (!*s || *s == '.' || strlen(s) > 128)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-'))
			return 0;
	return 1;
}

static const struct web_file *web_find(const struct web_file *f, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(f[i].name, name))
			return &f[i];
	return NULL;
}

const char *web_mime(const char *name)
{
	static const struct {
		const char *ext, *mime;
	} types[] = {
		{".html", "text/html; charset=utf-8"},
		{".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".json", "application/json"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".ico", "image/x-icon"},
		{".txt", "text/plain; charset=utf-8"},
	};
	size_t n = strlen(name);
	for (size_t i = 0; i < ARRAY_LEN(types); i++) {
		size_t k = strlen(types[i].ext);
		if (n > k && !strcmp(name + n - k, types[i].ext))
			return types[i].mime;
	}
	return "application/octet-stream";
}

void web_free(struct web *w)
{
	if (!w)
		return;
	if (w->owned)
		for (size_t i = 0; i < w->n; i++) {
			free((char *)w->files[i].name);
			free((unsigned char *)w->files[i].data);
		}
	free(w->source);
	free(w);
}

static int web_cmp(const void *a, const void *b)
{
	return strcmp(((const struct web_file *)a)->name, ((const struct web_file *)b)->name);
}

struct web *web_load(const char *dir, char *err, size_t errlen)
{
	struct web *w = xcalloc(1, sizeof(*w));
	if (!dir) {
		w->source = xstrdup("built-in");
		for (size_t i = 0; i < web_nbuiltin && i < WEB_MAX_FILES; i++)
			w->files[w->n++] = web_builtin[i];
		return w;
	}
	w->source = xstrdup(dir);
	w->owned = 1;
	DIR *d = opendir(dir);
	if (!d) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		goto err;
	}
	struct dirent *de;
	char path[4096];
	while ((de = readdir(d))) {
		if (!web_name_ok(de->d_name))
			continue;
		int n = snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		struct stat st;
		if (n < 0 || (size_t)n >= sizeof(path) || stat(path, &st) || !S_ISREG(st.st_mode))
			continue;
		if ((size_t)st.st_size > WEB_MAX_FILE_SIZE) {
			snprintf(err, errlen, "%s: over the limit of %zu bytes", path,
				 WEB_MAX_FILE_SIZE);
			closedir(d);
			goto err;
		}
		if (w->n == WEB_MAX_FILES) {
			snprintf(err, errlen, "%s: more than %d files", dir, WEB_MAX_FILES);
			closedir(d);
			goto err;
		}
		char *buf;
		size_t len;
		if (read_file(path, &buf, &len)) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			closedir(d);
			goto err;
		}
		w->files[w->n++] = (struct web_file){xstrdup(de->d_name), (unsigned char *)buf, len};
	}
	closedir(d);
	qsort(w->files, w->n, sizeof(w->files[0]), web_cmp);
	if (!web_find(w->files, w->n, "index.html")) {
		snprintf(err, errlen, "%s: no index.html", dir);
		goto err;
	}
	return w;
err:
	web_free(w);
	return NULL;
}

const char *web_source(const struct web *w)
{
	return w->source;
}

int web_lookup(const struct web *w, const char *path, const unsigned char **data, size_t *len,
	       const char **mime)
{
	const char *name;
	if (!strcmp(path, "/"))
		name = "index.html";
	else if (!strncmp(path, "/static/", 8) && web_name_ok(path + 8))
		name = path + 8;
	else
		return 0;
	const struct web_file *f = web_find(w->files, w->n, name);
	if (!f)
		return 0;
	*data = f->data;
	*len = f->len;
	*mime = web_mime(f->name);
	return 1;
}

/* ---- the standalone page ---- */

/* Finds the one occurrence of needle in hay[0..n); NULL when it is missing
 * or there twice. */
static const char *web_once(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	const char *first = NULL;
	for (const char *p = hay; p + k <= hay + n; p++) {
		p = memchr(p, needle[0], (size_t)(hay + n - p));
		if (!p || p + k > hay + n)
			break;
		if (!memcmp(p, needle, k)) {
			if (first)
				return NULL;
			first = p;
		}
	}
	return first;
}

/* Appends s[0..n) with every '<' as \u003c: inside JSON a '<' can only
 * stand in a string, where the escape means the same. */
static void web_json_safe(struct sbuf *out, const char *s, size_t n)
{
	size_t from = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '<') {
			sbuf_add(out, s + from, i - from);
			sbuf_add(out, "\\u003c", 6);
			from = i + 1;
		}
	sbuf_add(out, s + from, n - from);
}

#define WEB_CSP_OPEN "<meta http-equiv=\"Content-Security-Policy\" content=\""
#define WEB_CSS_LINK "<link rel=\"stylesheet\" href=\"static/nerd.css\">"
#define WEB_JS_TAG "<script src=\"static/nerd.js\"></script>"
/* No fetch, no font, no image from anywhere: the file works offline and
 * stays quiet. */
#define WEB_CSP_STANDALONE "default-src 'none'; style-src 'unsafe-inline'; " \
	"script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

int web_page(struct sbuf *out, const char *source, const char *text, size_t len,
	     const char *response, size_t rlen)
{
	const struct web_file *html = web_find(web_builtin, web_nbuiltin, "index.html");
	const struct web_file *css = web_find(web_builtin, web_nbuiltin, "nerd.css");
	const struct web_file *js = web_find(web_builtin, web_nbuiltin, "nerd.js");
	if (!html || !css || !js)
		return NERD_EDATA;
	const char *h = (const char *)html->data, *end = h + html->len;
	const char *csp = web_once(h, html->len, WEB_CSP_OPEN);
	const char *csp_end = csp ? memchr(csp + strlen(WEB_CSP_OPEN), '"',
					   (size_t)(end - csp - strlen(WEB_CSP_OPEN)))
				  : NULL;
	const char *link = web_once(h, html->len, WEB_CSS_LINK);
	const char *tag = web_once(h, html->len, WEB_JS_TAG);
	/* The inlined files must not close their own element early. */
	if (!csp_end || !link || !tag || csp_end > link || link > tag ||
	    memmem(css->data, css->len, "</", 2) || memmem(js->data, js->len, "</", 2) ||
	    memmem(js->data, js->len, "<!--", 4))
		return NERD_EDATA;

	sbuf_add(out, h, (size_t)(csp - h) + strlen(WEB_CSP_OPEN));
	sbuf_puts(out, WEB_CSP_STANDALONE);
	sbuf_add(out, csp_end, (size_t)(link - csp_end));
	sbuf_puts(out, "<style>\n");
	sbuf_add(out, css->data, css->len);
	sbuf_puts(out, "</style>");
	const char *p = link + strlen(WEB_CSS_LINK);
	sbuf_add(out, p, (size_t)(tag - p));
	sbuf_puts(out, "<script type=\"application/json\" id=\"nerd-data\">{\"source\":");
	struct sbuf tmp;
	sbuf_init(&tmp);
	if (source)
		sbuf_json_str(&tmp, source, strlen(source));
	else
		sbuf_puts(&tmp, "null");
	sbuf_puts(&tmp, ",\"text\":");
	sbuf_json_str(&tmp, text, len);
	sbuf_puts(&tmp, ",\"response\":");
	sbuf_add(&tmp, response, rlen);
	sbuf_putc(&tmp, '}');
	web_json_safe(out, tmp.buf, tmp.len);
	sbuf_fini(&tmp);
	sbuf_puts(out, "</script>\n<script>\n");
	sbuf_add(out, js->data, js->len);
	sbuf_puts(out, "</script>");
	p = tag + strlen(WEB_JS_TAG);
	sbuf_add(out, p, (size_t)(end - p));
	return 0;
}
