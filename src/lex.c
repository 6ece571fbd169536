/* lex.c -- named word lists in one open-addressing hash table keyed by
 * (list, folded word).  Keys and values live in one string pool. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"
#include "nerd.h"
#include "utf8.h"
#include "util.h"

struct slot {
	uint64_t hash;          /* 0 = empty */
	uint32_t key, val;      /* offsets into pool */
	uint32_t keylen;
	int32_t list;
};

struct lex {
	struct slot *tab;
	size_t cap, n;
	char *pool;
	size_t plen, pcap;
	char **names;
	size_t *sizes;
	/* The longest key of each list: lex_get refuses a longer key before
	 * hashing it, so callers that try every suffix of a token (rule.c's
	 * tail_has) stay linear on a megabyte token instead of quadratic
	 * (tests/hostile.test: a 64 KiB word took 43 s). */
	size_t *maxlen;
	int nlists;
};

struct lex *lex_new(void)
{
	struct lex *x = xcalloc(1, sizeof(*x));
	x->cap = 1024;
	x->tab = xcalloc(x->cap, sizeof(*x->tab));
	x->pcap = 4096;
	x->pool = xmalloc(x->pcap);
	x->plen = 1;
	x->pool[0] = 0;         /* offset 0 is the empty string */
	return x;
}

void lex_free(struct lex *x)
{
	if (!x)
		return;
	for (int i = 0; i < x->nlists; i++)
		free(x->names[i]);
	free(x->names);
	free(x->sizes);
	free(x->maxlen);
	free(x->tab);
	free(x->pool);
	free(x);
}

int lex_new_list(struct lex *x, const char *name)
{
	int id = lex_list(x, name);
	if (id >= 0)
		return id;
	x->names = xrealloc(x->names, sizeof(char *) * (size_t)(x->nlists + 1));
	x->sizes = xrealloc(x->sizes, sizeof(size_t) * (size_t)(x->nlists + 1));
	x->maxlen = xrealloc(x->maxlen, sizeof(size_t) * (size_t)(x->nlists + 1));
	x->names[x->nlists] = xstrdup(name);
	x->sizes[x->nlists] = 0;
	x->maxlen[x->nlists] = 0;
	return x->nlists++;
}

int lex_list(const struct lex *x, const char *name)
{
	if (!x)
		return -1;
	for (int i = 0; i < x->nlists; i++)
		if (!strcmp(x->names[i], name))
			return i;
	return -1;
}

const char *lex_list_name(const struct lex *x, int list)
{
	return list >= 0 && list < x->nlists ? x->names[list] : NULL;
}

int lex_nlists(const struct lex *x)
{
	return x->nlists;
}

size_t lex_size(const struct lex *x, int list)
{
	return list >= 0 && list < x->nlists ? x->sizes[list] : 0;
}

static uint32_t pool_add(struct lex *x, const char *s, size_t n)
{
	if (x->plen + n + 1 > x->pcap) {
		while (x->plen + n + 1 > x->pcap)
			x->pcap *= 2;
		x->pool = xrealloc(x->pool, x->pcap);
	}
	uint32_t off = (uint32_t)x->plen;
	memcpy(x->pool + off, s, n);
	x->pool[off + n] = 0;
	x->plen += n + 1;
	return off;
}

static uint64_t key_hash(int list, const char *key, size_t n)
{
	uint64_t h = hash_bytes(key, n) ^ ((uint64_t)(list + 1) * 0x9e3779b97f4a7c15ULL);
	return h ? h : 1;
}

static void rehash(struct lex *x)
{
	size_t ncap = x->cap * 2;
	struct slot *nt = xcalloc(ncap, sizeof(*nt));
	for (size_t i = 0; i < x->cap; i++) {
		if (!x->tab[i].hash)
			continue;
		size_t j = x->tab[i].hash & (ncap - 1);
		while (nt[j].hash)
			j = (j + 1) & (ncap - 1);
		nt[j] = x->tab[i];
	}
	free(x->tab);
	x->tab = nt;
	x->cap = ncap;
}

void lex_add(struct lex *x, int list, const char *word, size_t n, const char *value)
{
	char stackbuf[256];
	char *key = 2 * n + 4 <= sizeof(stackbuf) ? stackbuf : xmalloc(2 * n + 4);
	size_t kl = utf8_fold(word, n, key);
	uint64_t h = key_hash(list, key, kl);
	if ((x->n + 1) * 4 > x->cap * 3)
		rehash(x);
	size_t j = h & (x->cap - 1);
	while (x->tab[j].hash) {
		struct slot *s = &x->tab[j];
		if (s->hash == h && s->list == list && s->keylen == kl &&
		    !memcmp(x->pool + s->key, key, kl)) {
			/* Later entries win. */
			s->val = value ? pool_add(x, value, strlen(value)) : 0;
			goto out;
		}
		j = (j + 1) & (x->cap - 1);
	}
	x->tab[j].hash = h;
	x->tab[j].list = list;
	x->tab[j].keylen = (uint32_t)kl;
	x->tab[j].key = pool_add(x, key, kl);
	x->tab[j].val = value ? pool_add(x, value, strlen(value)) : 0;
	x->n++;
	x->sizes[list]++;
	if (kl > x->maxlen[list])
		x->maxlen[list] = kl;
out:
	if (key != stackbuf)
		free(key);
}

const char *lex_get(const struct lex *x, int list, const char *key, size_t kl)
{
	if (!x || list < 0 || list >= x->nlists || kl > x->maxlen[list])
		return NULL;
	uint64_t h = key_hash(list, key, kl);
	size_t j = h & (x->cap - 1);
	while (x->tab[j].hash) {
		const struct slot *s = &x->tab[j];
		if (s->hash == h && s->list == list && s->keylen == kl &&
		    !memcmp(x->pool + s->key, key, kl))
			return x->pool + s->val;
		j = (j + 1) & (x->cap - 1);
	}
	return NULL;
}

static int load_file(struct lex *x, const char *path, const char *name, int tsv, char *err,
		     size_t errlen)
{
	char *buf;
	size_t len;
	if (read_file(path, &buf, &len)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NERD_EIO;
	}
	size_t bad;
	if (!utf8_valid(buf, len, &bad)) {
		snprintf(err, errlen, "%s: invalid UTF-8 at byte %zu", path, bad);
		free(buf);
		return NERD_EDATA;
	}
	int list = lex_new_list(x, name);
	char *line = buf;
	long lineno = 0;
	while (line < buf + len) {
		char *nl = memchr(line, '\n', (size_t)(buf + len - line));
		char *end = nl ? nl : buf + len;
		lineno++;
		if (end > line && end[-1] == '\r')
			end[-1] = 0, end--;
		*end = 0;
		if (*line && *line != '#') {
			char *val = NULL;
			if (tsv) {
				char *tab = strchr(line, '\t');
				if (!tab) {
					snprintf(err, errlen, "%s:%ld: expected KEY<TAB>VALUE", path,
						 lineno);
					free(buf);
					return NERD_EDATA;
				}
				*tab = 0;
				val = tab + 1;
			}
			lex_add(x, list, line, strlen(line), val);
		}
		line = end + 1;
	}
	free(buf);
	return 0;
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int lex_load(const char *dir, struct lex **out, char *err, size_t errlen)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/lists", dir);
	struct lex *x = lex_new();
	DIR *dp = opendir(path);
	if (!dp) {
		if (errno == ENOENT) {  /* no lists: an empty lexicon */
			*out = x;
			return 0;
		}
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		lex_free(x);
		return NERD_EIO;
	}
	/* Sorted, so that the order of loading never depends on the directory. */
	char **names = NULL;
	size_t nn = 0;
	struct dirent *de;
	while ((de = readdir(dp))) {
		size_t l = strlen(de->d_name);
		if (de->d_name[0] == '.' || l < 5)
			continue;
		if (strcmp(de->d_name + l - 4, ".txt") && strcmp(de->d_name + l - 4, ".tsv"))
			continue;
		names = xrealloc(names, sizeof(char *) * (nn + 1));
		names[nn++] = xstrdup(de->d_name);
	}
	closedir(dp);
	if (nn)
		qsort(names, nn, sizeof(char *), cmpstr);
	int rc = 0;
	for (size_t i = 0; i < nn; i++) {
		size_t l = strlen(names[i]);
		char name[256];
		snprintf(name, sizeof(name), "%.*s", (int)(l - 4), names[i]);
		char fp[4352];
		snprintf(fp, sizeof(fp), "%s/%s", path, names[i]);
		if (!rc)
			rc = load_file(x, fp, name, !strcmp(names[i] + l - 4, ".tsv"), err, errlen);
		free(names[i]);
	}
	free(names);
	if (rc) {
		lex_free(x);
		return rc;
	}
	*out = x;
	return 0;
}
