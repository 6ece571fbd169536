/* model.c -- loads and compiles everything under the gazetteer directory
 * into one immutable, reference-counted struct model.  A failure anywhere
 * frees what was built and reports "file:line: reason". */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "date.h"
#include "fig.h"
#include "gaz.h"
#include "lex.h"
#include "log.h"
#include "model.h"
#include "rel.h"
#include "rule.h"
#include "tok.h"
#include "util.h"

static void model_free(struct model *m)
{
	if (!m)
		return;
	rel_free(m->rel);
	free(m->lead);
	date_free(m->date);
	fig_free(m->fig);
	rule_free(m->rules);
	gaz_free(m->gaz);
	lex_free(m->lex);
	free(m->gazdir);
	for (size_t i = 0; i < m->nextra; i++)
		free(m->extra_dirs[i]);
	free(m->extra_dirs);
	free(m->image);
	free(m);
}

/* Hashes the names and contents of every regular file under dir (sorted), so
 * that the version changes exactly when the data does.  Gazetteer TSV files
 * and images are left out: the gazetteer brings its own content hash (the
 * same whether it was compiled from the files or mapped from an image). */
static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void hash_tree(const char *dir, uint64_t *h, int depth)
{
	DIR *dp = opendir(dir);
	if (!dp || depth > 4) {
		if (dp)
			closedir(dp);
		return;
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(dp))) {
		size_t l = strlen(de->d_name);
		if (de->d_name[0] == '.' || (depth == 0 && l > 4 &&
					     (!strcmp(de->d_name + l - 4, ".tsv") ||
					      !strcmp(de->d_name + l - 4, ".img"))) ||
		    strstr(de->d_name, ".img.tmp."))
			continue;
		names = xrealloc(names, sizeof(char *) * (n + 1));
		names[n++] = xstrdup(de->d_name);
	}
	closedir(dp);
	if (n)
		qsort(names, n, sizeof(char *), cmpstr);
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		struct stat st;
		if (stat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				hash_tree(path, h, depth + 1);
			else if (S_ISREG(st.st_mode)) {
				char *buf;
				size_t len;
				if (!read_file(path, &buf, &len)) {
					*h = hash_bytes(names[i], strlen(names[i])) ^ (*h * 31);
					*h = hash_bytes(buf, len) ^ (*h * 31);
					free(buf);
				}
			}
		}
		free(names[i]);
	}
	free(names);
}

/* Generations of the models this process loaded (see model_version). */
static atomic_ulong model_generations;

/* Newest modification time of the *.tsv files in dir, or -1 when it cannot
 * be read. */
static int newest_tsv(const char *dir, struct timespec *newest)
{
	DIR *dp = opendir(dir);
	if (!dp)
		return -1;
	struct dirent *de;
	while ((de = readdir(dp))) {
		size_t l = strlen(de->d_name);
		if (de->d_name[0] == '.' || l < 5 || strcmp(de->d_name + l - 4, ".tsv"))
			continue;
		char path[4096];
		struct stat st;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &st))
			continue;
		if (st.st_mtim.tv_sec > newest->tv_sec ||
		    (st.st_mtim.tv_sec == newest->tv_sec && st.st_mtim.tv_nsec > newest->tv_nsec))
			*newest = st.st_mtim;
	}
	closedir(dp);
	return 0;
}

/* The source list an image of dirs records: each directory's real path
 * on a line of its own (as nerd compile writes it). */
char *model_sources(const char *const *dirs, size_t n)
{
	size_t len = 1, cap = 256;
	char *s = xmalloc(cap);
	s[0] = 0;
	for (size_t i = 0; i < n; i++) {
		char *rp = realpath(dirs[i], NULL);
		const char *d = rp ? rp : dirs[i];
		size_t l = strlen(d);
		while (len + l + 1 > cap)
			s = xrealloc(s, cap *= 2);
		memcpy(s + len - 1, d, l);
		s[len - 1 + l] = '\n';
		s[len + l] = 0;
		len += l + 1;
		free(rp);
	}
	return s;
}

/* The gazetteer: from the image named in o, from GAZDIR/nerd.img when it
 * is up to date, else compiled from the TSV files. */
static int load_gaz(struct model *m, const struct model_src *o, const char *const *dirs,
		    size_t ndirs, char *err, size_t errlen)
{
	if (o->image) {
		m->image = xstrdup(o->image);
		return gaz_image_load(o->image, &m->gaz, err, errlen);
	}
	char img[4096];
	struct stat st;
	snprintf(img, sizeof(img), "%s/" MODEL_IMAGE_NAME, dirs[0]);
	if (!o->no_image && !stat(img, &st)) {
		struct timespec newest = {0, 0};
		int fresh = 1;
		for (size_t i = 0; i < ndirs && fresh; i++)
			fresh = !newest_tsv(dirs[i], &newest);
		fresh = fresh && (st.st_mtim.tv_sec > newest.tv_sec ||
				  (st.st_mtim.tv_sec == newest.tv_sec &&
				   st.st_mtim.tv_nsec > newest.tv_nsec));
		char why[1024] = "older than a gazetteer file";
		if (fresh) {
			char *src = model_sources(dirs, ndirs);
			struct gaz *g = NULL;
			if (gaz_image_load(img, &g, why, sizeof(why))) {
				fresh = 0;
			} else if (strcmp(gaz_sources(g), src)) {
				snprintf(why, sizeof(why), "compiled from other directories");
				fresh = 0;
				gaz_free(g);
			} else {
				m->gaz = g;
				m->image = xstrdup(img);
			}
			free(src);
		}
		if (fresh)
			return 0;
		log_warnx("%s not used (%s): compiling the gazetteer files", img, why);
	}
	return gaz_load_dirs(dirs, ndirs, &m->gaz, err, errlen);
}

struct model *model_load(const struct model_opts *o, char *err, size_t errlen)
{
	const char *spec = o && o->gazdir ? o->gazdir : NERD_DATADIR "/gazetteers";
	char *copy = xstrdup(spec);
	const char *dirs[64];
	struct model_src s = {dirs, 0, NULL, 0};
	for (char *p = copy, *q; p && s.ndirs < ARRAY_LEN(dirs); p = q) {
		q = strchr(p, ':');
		if (q)
			*q++ = 0;
		if (*p)
			dirs[s.ndirs++] = p;
	}
	if (!s.ndirs)
		dirs[s.ndirs++] = NERD_DATADIR "/gazetteers";
	struct model *m = model_load_src(&s, err, errlen);
	free(copy);
	return m;
}

struct model *model_load_src(const struct model_src *o, char *err, size_t errlen)
{
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct model *m = xcalloc(1, sizeof(*m));
	atomic_init(&m->refs, 1);
	const char *dir = o->ndirs ? o->dirs[0] : NERD_DATADIR "/gazetteers";
	m->gazdir = xstrdup(dir);
	struct stat st;
	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: %s", dir, errno ? strerror(errno) : "not a directory");
		goto fail;
	}
	if (lex_load(dir, &m->lex, err, errlen))
		goto fail;
	size_t ndirs = o->ndirs ? o->ndirs : 1;
	const char **dirs = xmalloc(ndirs * sizeof(*dirs));
	dirs[0] = dir;
	if (ndirs > 1) {
		m->extra_dirs = xmalloc((ndirs - 1) * sizeof(char *));
		for (size_t i = 1; i < ndirs; i++) {
			dirs[i] = o->dirs[i];
			m->extra_dirs[m->nextra++] = xstrdup(dirs[i]);
		}
	}
	int grc = load_gaz(m, o, dirs, ndirs, err, errlen);
	free(dirs);
	if (grc)
		goto fail;
	if (rule_load(dir, m->lex, m->gaz, &m->rules, err, errlen))
		goto fail;
	if (fig_load(dir, m->lex, &m->fig, err, errlen))
		goto fail;
	if (date_load(dir, m->lex, &m->date, err, errlen))
		goto fail;
	if (rel_load(dir, m->lex, m->gaz, &m->rel, err, errlen))
		goto fail;
	/* the words tok_run marks for the figure and date stages, from
	 * their lists (loaded above, before any document) */
	m->lead = tok_lead_new();
	fig_lead(m->fig, m->lead);
	date_lead(m->date, m->lead);

	uint64_t h = gaz_hash(m->gaz);
	hash_tree(dir, &h, 0);
	for (size_t i = 0; i < m->nextra; i++)
		hash_tree(m->extra_dirs[i], &h, 0);
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	m->generation = atomic_fetch_add(&model_generations, 1) + 1;
	snprintf(m->version, sizeof(m->version), "%04d-%02d-%02d.%08llx.%lu", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, (unsigned long long)(h & 0xffffffffULL), m->generation);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	m->load_ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	return m;
fail:
	model_free(m);
	return NULL;
}

struct model *model_ref(struct model *m)
{
	if (m)
		atomic_fetch_add(&m->refs, 1);
	return m;
}

void model_unref(struct model *m)
{
	if (m && atomic_fetch_sub(&m->refs, 1) == 1)
		model_free(m);
}

const char *model_version(const struct model *m)
{
	return m->version;
}

unsigned long model_generation(const struct model *m)
{
	return m->generation;
}

void model_info(const struct model *m, json_t *obj)
{
	json_object_set_new(obj, "model_version", json_string(m->version));
	json_object_set_new(obj, "model_generation", json_integer((json_int_t)m->generation));
	json_object_set_new(obj, "gazetteer_dir", json_string(m->gazdir));
	json_t *extra = json_array();
	for (size_t i = 0; i < m->nextra; i++)
		json_array_append_new(extra, json_string(m->extra_dirs[i]));
	json_object_set_new(obj, "gazetteer_user_dirs", extra);
	json_object_set_new(obj, "gazetteer_image", m->image ? json_string(m->image) : json_null());
	json_object_set_new(obj, "gazetteer_bytes", json_integer((json_int_t)gaz_bytes(m->gaz)));
	json_object_set_new(obj, "gazetteer_entries", json_integer((json_int_t)gaz_size(m->gaz)));
	json_object_set_new(obj, "gazetteer_forms", json_integer((json_int_t)gaz_nkeys(m->gaz)));
	json_object_set_new(obj, "rules", json_integer((json_int_t)rule_count(m->rules)));
	json_t *lists = json_object();
	for (int i = 0; i < lex_nlists(m->lex); i++)
		json_object_set_new(lists, lex_list_name(m->lex, i),
				    json_integer((json_int_t)lex_size(m->lex, i)));
	json_object_set_new(obj, "lists", lists);
	json_object_set_new(obj, "load_ms", json_real(m->load_ms));
}
