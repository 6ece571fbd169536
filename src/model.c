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
#include "util.h"

static void model_free(struct model *m)
{
	if (!m)
		return;
	rel_free(m->rel);
	date_free(m->date);
	fig_free(m->fig);
	rule_free(m->rules);
	gaz_free(m->gaz);
	lex_free(m->lex);
	free(m->gazdir);
	free(m);
}

/* Hashes the names and contents of every regular file under dir (sorted), so
 * that the version changes exactly when the data does. */
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
		if (de->d_name[0] == '.')
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

struct model *model_load(const struct model_opts *o, char *err, size_t errlen)
{
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct model *m = xcalloc(1, sizeof(*m));
	atomic_init(&m->refs, 1);
	const char *dir = o && o->gazdir ? o->gazdir : NERD_DATADIR "/gazetteers";
	m->gazdir = xstrdup(dir);
	struct stat st;
	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: %s", dir, errno ? strerror(errno) : "not a directory");
		goto fail;
	}
	if (lex_load(dir, &m->lex, err, errlen))
		goto fail;
	if (gaz_load(dir, &m->gaz, err, errlen))
		goto fail;
	if (rule_load(dir, m->lex, m->gaz, &m->rules, err, errlen))
		goto fail;
	if (fig_load(dir, m->lex, &m->fig, err, errlen))
		goto fail;
	if (date_load(dir, m->lex, &m->date, err, errlen))
		goto fail;
	if (rel_load(dir, m->lex, m->gaz, &m->rel, err, errlen))
		goto fail;

	uint64_t h = 0;
	hash_tree(dir, &h, 0);
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	snprintf(m->version, sizeof(m->version), "%04d-%02d-%02d.%08llx", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, (unsigned long long)(h & 0xffffffffULL));
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

void model_info(const struct model *m, json_t *obj)
{
	json_object_set_new(obj, "model_version", json_string(m->version));
	json_object_set_new(obj, "gazetteer_dir", json_string(m->gazdir));
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
