/* gaz.c -- the gazetteer: TSV files compiled into a token-level automaton.
 *
 * Every surface form (name, aliases and generated variants) is tokenized with
 * the pipeline's own tokenizer; its sequence of token lookup keys becomes a
 * path in a trie whose edges live in one open-addressing hash table keyed by
 * (parent node, token key hash).  Matching walks the trie from every token:
 * one hash probe per token for the common case of no match.  A variant at a
 * node says which entry it names, in which form (name, derived) and with
 * what surface case, so "JAPAN" in a headline matches but "japan" does not.
 * Names inside hyphen compounds ("US-Präsident") are looked up part by part
 * and reported as form `part`.  All arrays are flat, so the compiled form can
 * later be written out as one image. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "gaz.h"
#include "lex.h"
#include "nerd.h"
#include "tok.h"
#include "utf8.h"
#include "util.h"

enum { GV_GEN = 1, GV_ANYCASE = 2 };

struct gvar {
	int32_t entry;
	uint32_t surf;          /* pool: surface tokens joined by '\x1f' */
	uint8_t form, flags;
	uint16_t ntok;
};

struct gnode {
	uint32_t vfirst, vcount; /* variants ending here: var[vfirst .. +vcount) */
};

struct gedge {
	uint64_t hash;           /* 0 = empty slot */
	uint32_t parent, child;
	uint32_t key, keylen;    /* pool: the token key */
};

struct rawent {                  /* pool offsets while loading */
	uint32_t name, kb, subtype, attrs;
	float prior;
	uint8_t type;
};

struct gaz {
	char *pool;
	size_t plen, pcap;
	struct rawent *raw;
	struct gaz_entry *ent;
	size_t nent, cap_ent;
	struct gnode *node;
	size_t nnode, cap_node;
	struct gedge *edge;
	size_t nedge, cap_edge;
	struct gvar *var;
	size_t nvar, cap_var;
	uint32_t *var_node;      /* node of each variant, while loading */
	int32_t *byname;         /* canonical name -> entry (hash table of ids) */
	size_t cap_byname;
};

/* ---- building ---------------------------------------------------------- */

static uint32_t pool_add(struct gaz *g, const char *s, size_t n)
{
	if (g->plen + n + 1 > g->pcap) {
		while (g->plen + n + 1 > g->pcap)
			g->pcap = g->pcap ? g->pcap * 2 : 1 << 16;
		g->pool = xrealloc(g->pool, g->pcap);
	}
	uint32_t off = (uint32_t)g->plen;
	memcpy(g->pool + off, s, n);
	g->pool[off + n] = 0;
	g->plen += n + 1;
	return off;
}

static uint64_t edge_hash(uint32_t parent, uint64_t tokhash)
{
	uint64_t h = tokhash ^ ((uint64_t)(parent + 1) * 0x9e3779b97f4a7c15ULL);
	h ^= h >> 29;
	return h ? h : 1;
}

static void edges_grow(struct gaz *g)
{
	size_t ncap = g->cap_edge ? g->cap_edge * 2 : 1 << 12;
	struct gedge *ne = xcalloc(ncap, sizeof(*ne));
	for (size_t i = 0; i < g->cap_edge; i++) {
		if (!g->edge[i].hash)
			continue;
		size_t j = g->edge[i].hash & (ncap - 1);
		while (ne[j].hash)
			j = (j + 1) & (ncap - 1);
		ne[j] = g->edge[i];
	}
	free(g->edge);
	g->edge = ne;
	g->cap_edge = ncap;
}

static inline const struct gedge *edge_find(const struct gaz *g, uint32_t parent,
					    uint64_t tokhash, const char *key, uint32_t keylen)
{
	uint64_t h = edge_hash(parent, tokhash);
	size_t mask = g->cap_edge - 1;
	for (size_t j = h & mask;; j = (j + 1) & mask) {
		const struct gedge *e = &g->edge[j];
		if (!e->hash)
			return NULL;
		if (e->hash == h && e->parent == parent && e->keylen == keylen &&
		    !memcmp(g->pool + e->key, key, keylen))
			return e;
	}
}

static uint32_t node_new(struct gaz *g)
{
	if (g->nnode == g->cap_node) {
		g->cap_node = g->cap_node ? g->cap_node * 2 : 1 << 12;
		g->node = xrealloc(g->node, g->cap_node * sizeof(*g->node));
	}
	g->node[g->nnode].vfirst = g->node[g->nnode].vcount = 0;
	return (uint32_t)g->nnode++;
}

static uint32_t child_get(struct gaz *g, uint32_t parent, const char *key, uint32_t keylen)
{
	uint64_t th = hash_bytes(key, keylen);
	const struct gedge *e = g->cap_edge ? edge_find(g, parent, th, key, keylen) : NULL;
	if (e)
		return e->child;
	if ((g->nedge + 1) * 4 > g->cap_edge * 3)
		edges_grow(g);
	uint64_t h = edge_hash(parent, th);
	size_t j = h & (g->cap_edge - 1);
	while (g->edge[j].hash)
		j = (j + 1) & (g->cap_edge - 1);
	uint32_t child = node_new(g);
	g->edge[j].hash = h;
	g->edge[j].parent = parent;
	g->edge[j].child = child;
	g->edge[j].key = pool_add(g, key, keylen);
	g->edge[j].keylen = keylen;
	g->nedge++;
	return child;
}

/* Adds a surface form given as token texts. */
static void add_form(struct gaz *g, int32_t entry, char **toks, size_t ntok, int form, int flags)
{
	if (!ntok || ntok > 16)
		return;
	uint32_t node = 0;
	char key[1024];
	struct sbufl {
		char b[2048];
		size_t n;
	} surf = {.n = 0};
	for (size_t i = 0; i < ntok; i++) {
		size_t l = strlen(toks[i]);
		if (l >= sizeof(key) / 2 - 4 || surf.n + l + 2 >= sizeof(surf.b))
			return;
		size_t kl = utf8_fold(toks[i], l, key);
		node = child_get(g, node, key, (uint32_t)kl);
		if (i)
			surf.b[surf.n++] = '\x1f';
		memcpy(surf.b + surf.n, toks[i], l);
		surf.n += l;
	}
	/* The same entry, form and surface twice adds nothing. */
	for (size_t v = g->nvar; v-- > 0 && g->nvar - v < 64;) {
		if (g->var_node[v] == node && g->var[v].entry == entry && g->var[v].form == form &&
		    !strncmp(g->pool + g->var[v].surf, surf.b, surf.n) &&
		    g->pool[g->var[v].surf + surf.n] == 0)
			return;
	}
	if (g->nvar == g->cap_var) {
		g->cap_var = g->cap_var ? g->cap_var * 2 : 1 << 12;
		g->var = xrealloc(g->var, g->cap_var * sizeof(*g->var));
		g->var_node = xrealloc(g->var_node, g->cap_var * sizeof(uint32_t));
	}
	struct gvar *v = &g->var[g->nvar];
	v->entry = entry;
	v->surf = pool_add(g, surf.b, surf.n);
	v->form = (uint8_t)form;
	v->flags = (uint8_t)flags;
	v->ntok = (uint16_t)ntok;
	g->var_node[g->nvar++] = node;
}

/* Tokenizes a surface form with the pipeline's tokenizer. */
static size_t split_form(struct arena *ar, const char *s, char **toks, size_t max)
{
	struct doc d;
	memset(&d, 0, sizeof(d));
	d.text = s;
	d.len = (uint32_t)strlen(s);
	d.ar = ar;
	tok_run(&d);
	size_t n = 0;
	for (uint32_t i = 0; i < d.ntok && n < max; i++)
		toks[n++] = arena_strndup(ar, s + d.tok[i].start, d.tok[i].end - d.tok[i].start);
	return d.ntok <= max ? n : 0;
}

static int ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && !strcmp(s + a - b, suf);
}

/* A name, an alias: the form itself plus its genitive. */
static void add_name(struct gaz *g, struct arena *ar, int32_t entry, const char *s, int gen)
{
	char *toks[17];
	size_t n = split_form(ar, s, toks, 16);
	if (!n)
		return;
	add_form(g, entry, toks, n, EF_NAME, 0);
	if (!gen)
		return;
	char *last = toks[n - 1];
	size_t l = strlen(last);
	size_t k = l;
	uint32_t c = utf8_prev(last, k, NULL);
	if (!uc_is_letter(c))
		return;
	char buf[512];
	if (l + 3 > sizeof(buf))
		return;
	/* No genitive on acronyms ("USA", "SPD"): German writes "der USA". */
	int upper = 0, lower = 0;
	for (size_t i = 0; i < l;) {
		uint32_t u = utf8_next(last, &i);
		upper += uc_is_upper(u);
		lower += uc_is_lower(u);
	}
	if (upper >= 2 && !lower)
		return;
	/* Trumps, Japans; Paris', Merz' (after s ß x z). */
	if (c == 's' || c == 0xdf || c == 'x' || c == 'z')
		snprintf(buf, sizeof(buf), "%s'", last);
	else
		snprintf(buf, sizeof(buf), "%ss", last);
	toks[n - 1] = buf;
	add_form(g, entry, toks, n, EF_NAME, GV_GEN);
}

static void add_derived(struct gaz *g, int32_t entry, const char *word, int anycase)
{
	char *t = (char *)word;
	add_form(g, entry, &t, 1, EF_DERIVED, anycase ? GV_ANYCASE : 0);
}

static void add_adj(struct gaz *g, int32_t entry, const char *stem)
{
	static const char *end[] = {"", "e", "en", "er", "es", "em"};
	char buf[256];
	for (size_t i = 0; i < ARRAY_LEN(end); i++) {
		snprintf(buf, sizeof(buf), "%s%s", stem, end[i]);
		add_derived(g, entry, buf, 1);
	}
}

static void add_demonym(struct gaz *g, int32_t entry, const char *w)
{
	char buf[256];
	add_derived(g, entry, w, 0);
	if (ends_with(w, "in")) {                       /* Japanerin -> Japanerinnen */
		snprintf(buf, sizeof(buf), "%snen", w);
		add_derived(g, entry, buf, 0);
	} else if (ends_with(w, "e")) {                 /* Franzose -> Franzosen */
		snprintf(buf, sizeof(buf), "%sn", w);
		add_derived(g, entry, buf, 0);
	} else if (ends_with(w, "er")) {                /* Japaner -> Japanern, Japaners */
		snprintf(buf, sizeof(buf), "%sn", w);
		add_derived(g, entry, buf, 0);
		snprintf(buf, sizeof(buf), "%ss", w);
		add_derived(g, entry, buf, 0);
	} else {                                        /* Brite? Pole: handled by -e */
		snprintf(buf, sizeof(buf), "%sen", w);
		add_derived(g, entry, buf, 0);
		snprintf(buf, sizeof(buf), "%ss", w);
		add_derived(g, entry, buf, 0);
	}
}

static const char *type_names[] = {"PER", "LOC", "ORG", "MISC"};

static int parse_type(const char *s, uint8_t *type, const char **sub)
{
	for (int t = 0; t < ET_N; t++) {
		size_t l = strlen(type_names[t]);
		if (!strncmp(s, type_names[t], l) && (s[l] == 0 || s[l] == '.')) {
			*type = (uint8_t)t;
			*sub = s[l] == '.' ? s + l + 1 : "";
			return 0;
		}
	}
	return -1;
}

/* Value of key in "k=v;k2=v2", copied into buf. */
static const char *attr_get(const char *attrs, const char *key, char *buf, size_t len)
{
	size_t kl = strlen(key);
	const char *p = attrs;
	while (p && *p) {
		const char *semi = strchr(p, ';');
		const char *end = semi ? semi : p + strlen(p);
		if ((size_t)(end - p) > kl && !strncmp(p, key, kl) && p[kl] == '=') {
			size_t vl = (size_t)(end - p) - kl - 1;
			if (vl >= len)
				vl = len - 1;
			memcpy(buf, p + kl + 1, vl);
			buf[vl] = 0;
			return buf;
		}
		p = semi ? semi + 1 : NULL;
	}
	return NULL;
}

static int32_t entry_new(struct gaz *g)
{
	if (g->nent == g->cap_ent) {
		g->cap_ent = g->cap_ent ? g->cap_ent * 2 : 1024;
		g->raw = xrealloc(g->raw, g->cap_ent * sizeof(*g->raw));
	}
	memset(&g->raw[g->nent], 0, sizeof(*g->raw));
	return (int32_t)g->nent++;
}

/* Splits s at c in place into at most max fields. */
static size_t split(char *s, char c, char **f, size_t max)
{
	size_t n = 0;
	f[n++] = s;
	for (char *p = s; *p && n < max; p++)
		if (*p == c) {
			*p = 0;
			f[n++] = p + 1;
		}
	return n;
}

static int load_tsv(struct gaz *g, struct arena *ar, const char *path, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	if (read_file(path, &buf, &len)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NERD_EIO;
	}
	size_t bad;
	if (!utf8_valid(buf, len, &bad)) {
		long line = 1;
		for (size_t i = 0; i < bad; i++)
			line += buf[i] == '\n';
		snprintf(err, errlen, "%s:%ld: invalid UTF-8", path, line);
		free(buf);
		return NERD_EDATA;
	}
	long lineno = 0;
	char *line = buf;
	int rc = 0;
	while (line < buf + len) {
		char *nl = memchr(line, '\n', (size_t)(buf + len - line));
		char *end = nl ? nl : buf + len;
		lineno++;
		if (end > line && end[-1] == '\r')
			end--;
		*end = 0;
		char *next = (nl ? nl + 1 : buf + len);
		if (!*line || *line == '#') {
			line = next;
			continue;
		}
		char *col[6] = {0};
		size_t nc = split(line, '\t', col, 6);
		uint8_t type;
		const char *sub;
		if (nc < 2 || parse_type(col[0], &type, &sub)) {
			snprintf(err, errlen, "%s:%ld: expected TYPE<TAB>NAME[<TAB>ALIASES<TAB>KB<TAB>PRIOR<TAB>ATTRS], TYPE one of PER LOC ORG MISC",
				 path, lineno);
			rc = NERD_EDATA;
			break;
		}
		if (!*col[1]) {
			snprintf(err, errlen, "%s:%ld: empty name", path, lineno);
			rc = NERD_EDATA;
			break;
		}
		float prior = 0.5f;
		if (nc > 4 && *col[4]) {
			char *e;
			prior = strtof(col[4], &e);
			if (*e || prior < 0 || prior > 1) {
				snprintf(err, errlen, "%s:%ld: prior must be a number in [0,1]", path, lineno);
				rc = NERD_EDATA;
				break;
			}
		}
		int32_t id = entry_new(g);
		struct rawent *r = &g->raw[id];
		r->type = type;
		r->prior = prior;
		r->name = pool_add(g, col[1], strlen(col[1]));
		r->kb = nc > 3 && *col[3] ? pool_add(g, col[3], strlen(col[3])) : UINT32_MAX;
		r->subtype = pool_add(g, sub, strlen(sub));
		const char *attrs = nc > 5 ? col[5] : "";
		r->attrs = pool_add(g, attrs, strlen(attrs));
		char vb[1024];
		int gen = type != ET_MISC && !attr_get(attrs, "nogen", vb, sizeof(vb));
		arena_reset(ar);
		add_name(g, ar, id, col[1], gen);
		if (nc > 2 && *col[2]) {
			char *al[256];
			size_t na = split(col[2], '|', al, 256);
			for (size_t i = 0; i < na; i++)
				if (*al[i])
					add_name(g, ar, id, al[i], gen);
		}
		/* A person's surname alone names them too ("Trump", "Trumps"). */
		if (type == ET_PER && attr_get(attrs, "surname", vb, sizeof(vb)) && *vb &&
		    strcmp(vb, col[1]))
			add_name(g, ar, id, vb, gen);
		if (attr_get(attrs, "adj", vb, sizeof(vb))) {
			char *st[32];
			size_t ns = split(vb, '|', st, 32);
			for (size_t i = 0; i < ns; i++)
				if (*st[i])
					add_adj(g, id, st[i]);
		}
		if (attr_get(attrs, "demonym", vb, sizeof(vb))) {
			char *st[32];
			size_t ns = split(vb, '|', st, 32);
			for (size_t i = 0; i < ns; i++)
				if (*st[i])
					add_demonym(g, id, st[i]);
		}
		line = next;
	}
	free(buf);
	return rc;
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const struct gaz *sort_g;

static int cmp_var(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	uint32_t nx = sort_g->var_node[x], ny = sort_g->var_node[y];
	if (nx != ny)
		return nx < ny ? -1 : 1;
	/* Within a node: higher prior first, then load order. */
	float px = sort_g->raw[sort_g->var[x].entry].prior, py = sort_g->raw[sort_g->var[y].entry].prior;
	if (px != py)
		return px > py ? -1 : 1;
	return x < y ? -1 : x > y;
}

static void name_index(struct gaz *g)
{
	g->cap_byname = 16;
	while (g->cap_byname < g->nent * 2)
		g->cap_byname *= 2;
	g->byname = xmalloc(g->cap_byname * sizeof(int32_t));
	for (size_t i = 0; i < g->cap_byname; i++)
		g->byname[i] = -1;
	for (size_t i = 0; i < g->nent; i++) {
		const char *n = g->ent[i].name;
		size_t j = hash_bytes(n, strlen(n)) & (g->cap_byname - 1);
		while (g->byname[j] >= 0) {
			if (!strcmp(g->ent[g->byname[j]].name, n))
				break;  /* first (highest in load order) wins */
			j = (j + 1) & (g->cap_byname - 1);
		}
		if (g->byname[j] < 0)
			g->byname[j] = (int32_t)i;
	}
}

/* Freezes the build: variants sorted by node, entry strings as pointers. */
static void finish(struct gaz *g)
{
	uint32_t *ord = xmalloc((g->nvar + 1) * sizeof(uint32_t));
	for (size_t i = 0; i < g->nvar; i++)
		ord[i] = (uint32_t)i;
	sort_g = g;
	qsort(ord, g->nvar, sizeof(uint32_t), cmp_var);
	struct gvar *nv = xmalloc((g->nvar + 1) * sizeof(*nv));
	for (size_t i = 0; i < g->nvar; i++) {
		nv[i] = g->var[ord[i]];
		uint32_t node = g->var_node[ord[i]];
		if (!g->node[node].vcount)
			g->node[node].vfirst = (uint32_t)i;
		g->node[node].vcount++;
	}
	free(g->var);
	free(g->var_node);
	free(ord);
	g->var = nv;
	g->var_node = NULL;
	g->ent = xcalloc(g->nent + 1, sizeof(*g->ent));
	for (size_t i = 0; i < g->nent; i++) {
		struct rawent *r = &g->raw[i];
		g->ent[i].name = g->pool + r->name;
		g->ent[i].kb = r->kb == UINT32_MAX ? NULL : g->pool + r->kb;
		g->ent[i].subtype = g->pool + r->subtype;
		g->ent[i].attrs = g->pool + r->attrs;
		g->ent[i].prior = r->prior;
		g->ent[i].type = r->type;
	}
	name_index(g);
}

int gaz_load(const char *dir, struct gaz **out, char *err, size_t errlen)
{
	struct gaz *g = xcalloc(1, sizeof(*g));
	node_new(g); /* the root */
	edges_grow(g);
	pool_add(g, "", 0);
	DIR *dp = opendir(dir);
	if (!dp) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		gaz_free(g);
		return NERD_EIO;
	}
	char **names = NULL;
	size_t nn = 0;
	struct dirent *de;
	while ((de = readdir(dp))) {
		size_t l = strlen(de->d_name);
		if (de->d_name[0] == '.' || l < 5 || strcmp(de->d_name + l - 4, ".tsv"))
			continue;
		names = xrealloc(names, sizeof(char *) * (nn + 1));
		names[nn++] = xstrdup(de->d_name);
	}
	closedir(dp);
	if (nn)
		qsort(names, nn, sizeof(char *), cmpstr);
	struct arena *ar = arena_new(1 << 16);
	int rc = 0;
	for (size_t i = 0; i < nn; i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (!rc)
			rc = load_tsv(g, ar, path, err, errlen);
		free(names[i]);
	}
	free(names);
	arena_free(ar);
	if (rc) {
		gaz_free(g);
		return rc;
	}
	finish(g);
	*out = g;
	return 0;
}

void gaz_free(struct gaz *g)
{
	if (!g)
		return;
	free(g->pool);
	free(g->raw);
	free(g->ent);
	free(g->node);
	free(g->edge);
	free(g->var);
	free(g->var_node);
	free(g->byname);
	free(g);
}

size_t gaz_size(const struct gaz *g)
{
	return g ? g->nent : 0;
}

size_t gaz_nkeys(const struct gaz *g)
{
	return g ? g->nvar : 0;
}

const struct gaz_entry *gaz_get(const struct gaz *g, int32_t id)
{
	return g && id >= 0 && (size_t)id < g->nent ? &g->ent[id] : NULL;
}

const char *gaz_attr(const struct gaz *g, int32_t id, const char *key, char *buf, size_t len)
{
	const struct gaz_entry *e = gaz_get(g, id);
	return e ? attr_get(e->attrs, key, buf, len) : NULL;
}

int32_t gaz_find_name(const struct gaz *g, const char *name)
{
	if (!g || !g->nent)
		return -1;
	size_t j = hash_bytes(name, strlen(name)) & (g->cap_byname - 1);
	while (g->byname[j] >= 0) {
		if (!strcmp(g->ent[g->byname[j]].name, name))
			return g->byname[j];
		j = (j + 1) & (g->cap_byname - 1);
	}
	return -1;
}

int32_t gaz_find(const struct gaz *g, const char *surface, size_t n)
{
	if (!g)
		return -1;
	struct doc d;
	memset(&d, 0, sizeof(d));
	d.text = surface;
	d.len = (uint32_t)n;
	d.ar = arena_new(0);
	tok_run(&d);
	uint32_t node = 0;
	int32_t best = -1;
	for (uint32_t i = 0; i < d.ntok; i++) {
		const struct gedge *e = edge_find(g, node, d.tok[i].hash, d.tok[i].key, d.tok[i].keylen);
		if (!e) {
			node = UINT32_MAX;
			break;
		}
		node = e->child;
	}
	if (node != UINT32_MAX && d.ntok) {
		const struct gnode *nd = &g->node[node];
		for (uint32_t v = nd->vfirst; v < nd->vfirst + nd->vcount; v++)
			if (g->var[v].form == EF_NAME) {
				best = g->var[v].entry;
				break;
			}
	}
	arena_free(d.ar);
	return best;
}

/* ---- matching ---------------------------------------------------------- */

/* Does the text of tokens [t0, t0+ntok) have a case the variant allows?
 * Exact text, or ALL-CAPS text (headlines), or any case for lower-case
 * derived forms. */
static int case_ok(const struct gaz *g, const struct doc *d, uint32_t t0, const struct gvar *v)
{
	if (v->flags & GV_ANYCASE)
		return 1;
	const char *s = g->pool + v->surf;
	for (uint32_t i = 0; i < v->ntok; i++) {
		const char *e = strchr(s, '\x1f');
		size_t sl = e ? (size_t)(e - s) : strlen(s);
		const struct tok *t = &d->tok[t0 + i];
		size_t tl = t->end - t->start;
		if (!(tl == sl && !memcmp(d->text + t->start, s, sl))) {
			/* ALL-CAPS text matches a capitalised name of 2+ letters. */
			if (!(t->flags & TOK_UPPER) || (t->flags & TOK_LOWER))
				return 0;
		}
		s = e ? e + 1 : s + sl;
	}
	return 1;
}

static int is_preposition_before(const struct doc *d, uint32_t t)
{
	static const char *preps[] = {"in", "nach", "aus", "bei", "von", "vor", "um", "über",
				      "durch", "bis", "gegen", "zwischen", "im", "am", "ins"};
	if (t == 0)
		return 0;
	const struct tok *p = &d->tok[t - 1];
	for (size_t i = 0; i < ARRAY_LEN(preps); i++)
		if (tok_key_is(p, preps[i]))
			return 1;
	return 0;
}

/* Pushes one mention for the variants at node that fit tokens [t0, t1). */
static void emit_node(const struct gaz *g, const struct lex *lx, int nouns, struct doc *d,
		      uint32_t node, uint32_t t0, uint32_t t1, int part, uint32_t pstart,
		      uint32_t pend)
{
	const struct gnode *nd = &g->node[node];
	const struct gvar *best = NULL;
	int32_t cand[8];
	uint32_t ncand = 0;
	for (uint32_t k = nd->vfirst; k < nd->vfirst + nd->vcount; k++) {
		const struct gvar *v = &g->var[k];
		if (part) {
			if (v->form != EF_NAME || (v->flags & GV_GEN))
				continue;
			/* The part's own case must match the surface exactly. */
			const char *s = g->pool + v->surf;
			if (strlen(s) != pend - pstart || memcmp(d->text + pstart, s, pend - pstart))
				continue;
		} else if (!case_ok(g, d, t0, v))
			continue;
		if (!best)
			best = v;
		else if (v->entry != best->entry && ncand < ARRAY_LEN(cand)) {
			int dup = 0;
			for (uint32_t c = 0; c < ncand; c++)
				dup |= cand[c] == v->entry;
			if (!dup)
				cand[ncand++] = v->entry;
		}
	}
	if (!best)
		return;
	const struct gaz_entry *e = &g->ent[best->entry];
	const struct tok *ft = &d->tok[t0];
	/* A one-word name that is also an ordinary noun ("Essen", "Mark") counts
	 * only where the context points to a name: after a preposition of
	 * place, or for entries marked as very likely. */
	if (!part && t1 - t0 == 1 && best->form == EF_NAME && !(best->flags & GV_GEN) &&
	    !(ft->flags & TOK_UPPER) && e->prior < 0.9f && lex_has(lx, nouns, ft->key, ft->keylen)) {
		if (!(e->type == ET_LOC && is_preposition_before(d, t0)))
			return;
	}
	/* Entries the data marks as unlikely (prior < 0.1: a town named like a
	 * word, "Hof", "Zug") need a place preposition before them; genitives
	 * and compound parts of small places are more often something else
	 * ("Lars" is no genitive of Lar, "Pop-Sängerin" no part of Pop). */
	if (e->prior < 0.1f && !(e->type == ET_LOC && !part && is_preposition_before(d, t0)))
		return;
	if (e->type == ET_LOC && e->prior < 0.6f && (part || (best->flags & GV_GEN)) &&
	    strcmp(e->subtype, "country") && strcmp(e->subtype, "continent") &&
	    strcmp(e->subtype, "region"))
		return;
	struct mention *m = DOC_PUSH(d, ment);
	m->start = d->tok[t0].start;
	m->end = d->tok[t1 - 1].end;
	m->t0 = t0;
	m->t1 = t1;
	m->type = e->type;
	m->form = part ? EF_PART : best->form;
	m->source = ES_GAZ;
	m->flags = (best->flags & GV_GEN) ? MF_GENITIVE : 0;
	m->score = 1.0f + 0.5f * e->prior + (part ? -0.3f : 0.0f);
	m->entry = best->entry;
	m->canon = e->name;
	m->kb = e->kb;
	m->ent = -1;
	if (ncand) {
		int32_t *c = arena_alloc(d->ar, ncand * sizeof(int32_t));
		memcpy(c, cand, ncand * sizeof(int32_t));
		m->cand = c;
		m->ncand = ncand;
	}
}

/* Parts of a hyphen compound: every run of up to three parts that is not
 * the whole word, looked up as one token key ("US" in "US-Präsident",
 * "F-35" in "F-35-Kampfflugzeuge"). */
static void match_parts(const struct gaz *g, const struct lex *lx, int nouns, int nopart,
			struct doc *d, uint32_t t)
{
	const struct tok *tk = &d->tok[t];
	if (lex_has(lx, nopart, tk->key, tk->keylen))
		return;
	uint32_t pos[33];
	uint32_t np = 0;
	pos[np++] = 0;
	for (uint32_t i = 0; i < tk->keylen && np < 32; i++)
		if (tk->key[i] == '-')
			pos[np++] = i + 1;
	pos[np] = tk->keylen + 1;
	/* Text offsets equal key offsets only when folding kept lengths; find
	 * hyphens in the text itself. */
	uint32_t tpos[33];
	uint32_t ntp = 0;
	tpos[ntp++] = tk->start;
	for (size_t i = tk->start; i < tk->end && ntp < 32;) {
		size_t j = i;
		uint32_t c = utf8_next(d->text, &j);
		if (uc_is_dash(c))
			tpos[ntp++] = (uint32_t)j;
		i = j;
	}
	if (ntp != np)
		return;
	tpos[ntp] = tk->end + 1;
	for (uint32_t a = 0; a < np; a++) {
		for (uint32_t b = a + 1; b <= np && b - a <= 3; b++) {
			if (a == 0 && b == np)
				continue;
			const char *key = tk->key + pos[a];
			uint32_t kl = pos[b] - 1 - pos[a];
			if (!kl)
				continue;
			const struct gedge *e = edge_find(g, 0, hash_bytes(key, kl), key, kl);
			if (!e || !g->node[e->child].vcount)
				continue;
			emit_node(g, lx, nouns, d, e->child, t, t + 1, 1, tpos[a], tpos[b] - 1);
			return;
		}
	}
}

void gaz_match(const struct gaz *g, const struct lex *lx, struct doc *d)
{
	if (!g || !g->nent)
		return;
	int nouns = lex_list(lx, "nouns");
	int nopart = lex_list(lx, "nopart");
	for (uint32_t i = 0; i < d->ntok; i++) {
		const struct tok *t = &d->tok[i];
		if (!(t->flags & (TOK_WORD | TOK_NUM)))
			continue;
		uint32_t node = 0;
		int whole = 0;
		for (uint32_t j = i; j < d->ntok && j - i < 16; j++) {
			const struct tok *tj = &d->tok[j];
			if (j > i && tj->sent != t->sent)
				break;
			const struct gedge *e = edge_find(g, node, tj->hash, tj->key, tj->keylen);
			if (!e)
				break;
			node = e->child;
			if (g->node[node].vcount) {
				size_t before = d->nment;
				emit_node(g, lx, nouns, d, node, i, j + 1, 0, 0, 0);
				if (j == i && d->nment > before)
					whole = 1;
			}
		}
		if (!whole && (t->flags & TOK_HYPHEN))
			match_parts(g, lx, nouns, nopart, d, i);
	}
}
