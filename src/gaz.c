/* gaz.c -- the gazetteer: TSV files compiled into a token-level automaton,
 * which can be saved as one binary image and memory-mapped again.
 *
 * Every surface form (name, aliases and generated variants) is tokenized with
 * the pipeline's own tokenizer; its sequence of token lookup keys becomes a
 * path in a trie whose edges live in one open-addressing hash table keyed by
 * (parent node, token key hash).  Matching walks the trie from every token;
 * a bitmap over the hashes of every first token tells in one memory access
 * that a token cannot start a name, which is the common case.  A variant at a
 * node says which entry it names, in which form (name, derived) and with
 * what surface case, so "JAPAN" in a headline matches but "japan" does not.
 * Names inside hyphen compounds ("US-Präsident") are looked up part by part
 * and reported as form `part`.
 *
 * All compiled data are flat arrays of fixed-size records and one string
 * pool, with offsets instead of pointers: gaz_image_save writes them as the
 * sections of an image, gaz_image_load maps the file and uses the arrays in
 * place after checking the header, the checksums and every offset.  Only the
 * entry table handed out by gaz_get (pointers) is built on the heap. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doc.h"
#include "gaz.h"
#include "lex.h"
#include "nerd.h"
#include "tok.h"
#include "utf8.h"
#include "util.h"

enum { GV_GEN = 1, GV_ANYCASE = 2 };

/* Records of the compiled form; they are written to the image as they are,
 * so their layout is part of the image format (GAZ_IMG_VERSION). */
struct gvar {
	int32_t entry;
	uint32_t shash;          /* surface_hash of the exact surface text */
	uint16_t prior;          /* the entry's prior times 65535 */
	uint8_t form, flags, ntok, type;
	uint8_t sum[2];          /* the node's summary (var_summary), in its first two */
};

/* The summary of the variants at a node, kept in the sum bytes of its first
 * two variants: GS_FAST when every variant there has the same surface, form
 * and flags (so that one test tells whether all fit a text or none) and the
 * first 16 name 16 different entries; GS_SEVERAL when those name more than
 * one entry; the number of types among them (low bits) and the positions of
 * the first variant of each type after the first (var[0].sum[1],
 * var[1].sum[0], var[1].sum[1]).  emit_node then needs no look at the
 * variants beyond the leaders and the candidates it lists. */
enum { GS_FAST = 0x80, GS_SEVERAL = 0x40, GS_NLEAD = 0x07 };

/* An edge of the trie, which also holds what ends at its child node (every
 * node but the root has exactly one edge into it): one memory access
 * takes a token and tells what it completes.  An edge matches a token when
 * the slot's tag (edge hash), check (token hash) and parent all agree: 96
 * bits, so token keys themselves need not be kept. */
struct gedge {
	uint32_t tag;            /* low 32 bits of the edge hash */
	uint32_t check;          /* high 32 bits of the token key's hash */
	uint32_t parent;
	uint32_t child;          /* 0 = empty slot (the root is nobody's child) */
	uint32_t vfirst;         /* variants ending at child: var[vfirst .. +vcount) */
	uint32_t vcount : 31;
	uint32_t kids : 1;       /* edges leave child: worth looking for the next token */
};

/* A name or alias whose first word may be a declined adjective, kept
 * until every file is loaded (infl_build). */
struct pend {
	int32_t entry;
	uint32_t text;           /* offset in pbuf */
	uint32_t seq;            /* load order, for a stable sort */
};

struct gent {
	uint32_t name, kb, subtype, attrs; /* pool offsets; kb UINT32_MAX = none */
	float prior;
	uint8_t type;
	uint8_t dead;            /* suppressed or replaced by a later directory */
	uint16_t dir;            /* index of the directory it came from */
};

struct gaz {
	/* The compiled form: heap arrays while building, or views into the
	 * mapped image (never written then). */
	char *pool;
	size_t plen, pcap;
	struct gent *raw;
	size_t nent, cap_ent;
	size_t nnode;            /* node ids in use, the root included */
	struct gedge *edge;
	size_t nedge, cap_edge;
	struct gvar *var;
	size_t nvar, cap_var;
	int32_t *byname;         /* canonical name -> first live entry */
	size_t cap_byname;       /* a power of two */
	uint64_t *bloom;         /* bit (hash & (bloom_bits - 1)) set: a first token */
	uint64_t bloom_bits;     /* a power of two */
	uint64_t *kbloom;        /* bit (check & (kbloom_bits - 1)) set: a token after */
	uint64_t kbloom_bits;    /* the first of a name (kbloom_init; on the heap) */
	uint64_t *vbloom;        /* the same size, after it: a name's first token that */
				 /* is a name (or a form of one) by itself */
	char *src;               /* the source directories, one per line */
	size_t srclen;
	uint64_t hash;           /* content hash of the source files */
	struct gaz_entry *ent;   /* always on the heap */
	void *map;               /* the mapped image, or NULL */
	size_t maplen;
	size_t nlive;            /* entries not suppressed */
	uint64_t mask_prep, mask_title; /* words_mask of place_preps, titles */

	/* Only while building. */
	uint32_t *var_node;
	uint64_t *etok;          /* the token hash of every edge slot */
	int32_t *bn;             /* all entries by name (duplicates allowed) */
	uint8_t wcnt[256];       /* var_add: the last 63 variants' nodes by low byte */
	size_t cap_bn;
	uint16_t curdir;
	struct pend *pend;       /* forms waiting for adjective inflection */
	size_t npend, cap_pend;
	char *pbuf;              /* their texts, and the adj= stems (folded) */
	size_t pblen, pbcap;
	uint32_t *adjs;          /* pbuf offsets of the adj= stems */
	size_t nadj, cap_adj;
	const char **adjv;       /* the same as strings, sorted (infl_build) */
	uint64_t *vbits;         /* infl_build: bit n set when a variant ends at node n */
	size_t vnnode;           /* nodes vbits covers (those before generation) */
	struct icand *icand;     /* infl_build: the generated forms, before the check */
	size_t nicand, cap_icand;
	char *ibuf;              /* their tokens (pbuf stays put: adjv points into it) */
	size_t iblen, ibcap;
};

/* The words matching looks for before a name: prepositions of place and
 * titles of persons (as token keys). */
static const char *const place_preps[] = {"in", "nach", "aus", "bei", "von", "vor", "um",
					  "über", "durch", "bis", "gegen", "zwischen", "im",
					  "am", "ins", "from", "to", "near"};
static const char *const titles[] = {"herr", "herrn", "frau", "dr.", "prof.", "mr.",
				     "mrs.", "ms.", "sir", "dame", "lady", "lord"};

/* A 64-bit filter of a word list: bit (hash & 63) of every word's key. */
static uint64_t words_mask(const char *const *words, size_t n)
{
	uint64_t m = 0;
	for (size_t i = 0; i < n; i++)
		m |= 1ULL << (hash_bytes(words[i], strlen(words[i])) & 63);
	return m;
}

static void words_init(struct gaz *g)
{
	g->mask_prep = words_mask(place_preps, ARRAY_LEN(place_preps));
	g->mask_title = words_mask(titles, ARRAY_LEN(titles));
}

/* ---- building ---------------------------------------------------------- */

/* Asks for transparent huge pages under the big arrays of a build (the
 * edge table is probed at random: with 4 KiB pages nearly every probe is a
 * TLB miss, and every page its own fault).  Only whole 2 MiB pages inside
 * [p, p + len) are advised; nothing happens where the kernel has no THP. */
static void huge_advise(void *p, size_t len)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t hp = (uintptr_t)2 << 20;
	if (len < 2 * hp)
		return;
	uintptr_t a = ((uintptr_t)p + hp - 1) & ~(hp - 1), e = ((uintptr_t)p + len) & ~(hp - 1);
	if (e > a)
		(void)madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
	(void)p;
	(void)len;
#endif
}

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

static inline uint64_t edge_hash(uint32_t parent, uint64_t tokhash)
{
	uint64_t h = tokhash ^ ((uint64_t)(parent + 1) * 0x9e3779b97f4a7c15ULL);
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 32;
	return h;
}

/* The home slot of an edge hash in a table of cap slots (any cap). */
static inline size_t edge_slot(uint64_t h, size_t cap)
{
	return (size_t)(((unsigned __int128)h * cap) >> 64);
}

/* The hash of a surface text: the token texts in turn, each with a '\x1f'
 * before it but the first, fed eight bytes at a time (a multiply and a
 * shift per word, the tail read in at most two loads, its length mixed in),
 * then a final mix.  Matching computes it a token at a time (surf_step),
 * so it never needs the surface string; building feeds the same pieces. */
#define SURF_SEED 1469598103934665603ULL

static inline uint64_t surf_mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0x9fb21c651e98df25ULL;
	return h ^ (h >> 29);
}

static inline uint64_t surf_step(uint64_t h, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t w;
	for (; n > 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = surf_mix(h, w);
	}
	if (n >= 4) {
		uint32_t a, b;
		memcpy(&a, p, 4);
		memcpy(&b, p + n - 4, 4);
		w = (uint64_t)a << 32 | b;
	} else if (n) {
		w = (uint64_t)p[0] << 16 | (uint64_t)p[n >> 1] << 8 | p[n - 1];
	} else {
		w = 0;
	}
	return surf_mix(h, w ^ ((uint64_t)n << 59));
}

static inline uint32_t surf_final(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (uint32_t)h;
}

static void edge_put(struct gedge *tab, uint64_t *etok, size_t cap, uint64_t h, uint64_t th,
		     const struct gedge *e)
{
	size_t j = edge_slot(h, cap);
	while (tab[j].child)
		j = j + 1 == cap ? 0 : j + 1;
	tab[j] = *e;
	etok[j] = th;
}

/* Rehashes the edge table into cap slots (while building). */
static void edges_resize(struct gaz *g, size_t cap)
{
	struct gedge *ne = xcalloc(cap, sizeof(*ne));
	uint64_t *nt = xmalloc(cap * sizeof(*nt));
	huge_advise(ne, cap * sizeof(*ne));
	huge_advise(nt, cap * sizeof(*nt));
	for (size_t i = 0; i < g->cap_edge; i++) {
		const struct gedge *e = &g->edge[i];
		if (e->child)
			edge_put(ne, nt, cap, edge_hash(e->parent, g->etok[i]), g->etok[i], e);
	}
	free(g->edge);
	free(g->etok);
	g->edge = ne;
	g->etok = nt;
	g->cap_edge = cap;
}

static inline const struct gedge *edge_find(const struct gaz *g, uint32_t parent,
					    uint64_t tokhash)
{
	uint64_t h = edge_hash(parent, tokhash);
	uint32_t tag = (uint32_t)h, check = (uint32_t)(tokhash >> 32);
	size_t cap = g->cap_edge;
	for (size_t j = edge_slot(h, cap);; j = j + 1 == cap ? 0 : j + 1) {
		const struct gedge *e = &g->edge[j];
		if (!e->child)
			return NULL;
		if (e->tag == tag && e->check == check && e->parent == parent)
			return e;
	}
}

static uint32_t child_get(struct gaz *g, uint32_t parent, const char *key, uint32_t keylen)
{
	uint64_t th = hash_bytes(key, keylen);
	const struct gedge *f = edge_find(g, parent, th);
	if (f)
		return f->child;
	if ((g->nedge + 1) * 10 > g->cap_edge * 7)
		edges_resize(g, g->cap_edge * 2);
	uint64_t h = edge_hash(parent, th);
	struct gedge e = {(uint32_t)h, (uint32_t)(th >> 32), parent, (uint32_t)g->nnode++, 0, 0, 0};
	edge_put(g->edge, g->etok, g->cap_edge, h, th, &e);
	g->nedge++;
	return e.child;
}

/* Walks the trie from node along the token texts toks[0..n), adding the
 * edges that are missing, and carries the surface hash state *sh along
 * (sep: a '\x1f' goes before the first token).  Returns the node reached,
 * or UINT32_MAX for a token too long to be a name. */
static uint32_t trie_path(struct gaz *g, uint32_t node, char **toks, size_t n, uint64_t *sh,
			  int sep)
{
	char key[1024];
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(toks[i]);
		if (l >= sizeof(key) / 2 - 4)
			return UINT32_MAX;
		size_t kl = utf8_fold(toks[i], l, key);
		node = child_get(g, node, key, (uint32_t)kl);
		if (i || sep)
			*sh = surf_step(*sh, "\x1f", 1);
		*sh = surf_step(*sh, toks[i], l);
	}
	return node;
}

/* Hangs a variant of entry on node (surface hash shash, ntok tokens). */
static void var_add(struct gaz *g, int32_t entry, uint32_t node, uint32_t shash, size_t ntok,
		    int form, int flags)
{
	/* The same entry, form and surface twice adds nothing (looked for
	 * among the last 63 variants; wcnt counts their nodes by the low
	 * byte, so that a node none of them is at needs no look). */
	size_t lo = g->nvar > 63 ? g->nvar - 63 : 0;
	for (size_t v = g->nvar; g->wcnt[node & 255] && v-- > lo;) {
		if (g->var_node[v] == node && g->var[v].entry == entry && g->var[v].form == form &&
		    g->var[v].shash == shash)
			return;
	}
	if (g->nvar == g->cap_var) {
		g->cap_var = g->cap_var ? g->cap_var * 2 : 1 << 12;
		g->var = xrealloc(g->var, g->cap_var * sizeof(*g->var));
		g->var_node = xrealloc(g->var_node, g->cap_var * sizeof(uint32_t));
		huge_advise(g->var, g->cap_var * sizeof(*g->var));
		huge_advise(g->var_node, g->cap_var * sizeof(uint32_t));
	}
	struct gvar *v = &g->var[g->nvar];
	memset(v, 0, sizeof(*v));
	v->entry = entry;
	v->shash = shash;
	v->form = (uint8_t)form;
	v->flags = (uint8_t)flags;
	v->ntok = (uint8_t)ntok;
	g->var_node[g->nvar++] = node;
	g->wcnt[node & 255]++;
	if (g->nvar > 63)
		g->wcnt[g->var_node[g->nvar - 64] & 255]--;
}

/* Adds a surface form given as token texts. */
static void add_form(struct gaz *g, int32_t entry, char **toks, size_t ntok, int form, int flags)
{
	if (!ntok || ntok > 16)
		return;
	uint64_t sh = SURF_SEED;
	uint32_t node = trie_path(g, 0, toks, ntok, &sh, 0);
	if (node != UINT32_MAX)
		var_add(g, entry, node, surf_final(sh), ntok, form, flags);
}

/* Splits a surface form into tokens.  A form of letters and single spaces
 * splits at the spaces (what the tokenizer would do, much faster); anything
 * else goes through the pipeline's tokenizer. */
static size_t split_form(struct arena *ar, const char *s, char **toks, size_t max)
{
	size_t len = strlen(s), n = 0, i = 0, w = 0;
	int simple = len > 0 && s[0] != ' ';
	while (simple && i < len) {
		size_t at = i;
		unsigned char b = (unsigned char)s[i];
		uint32_t c;
		if (b < 0x80) {
			/* ASCII without a call: letters, or the space. */
			i++;
			if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z')
				continue;
			c = b;
		} else
			c = utf8_next(s, &i);
		if (c == ' ') {
			if (i == len || s[i] == ' ' || n + 1 >= max)
				simple = 0;
			else {
				toks[n++] = arena_strndup(ar, s + w, at - w);
				w = i;
			}
		} else if (!uc_is_letter(c))
			simple = 0;
	}
	if (simple) {
		toks[n++] = arena_strndup(ar, s + w, len - w);
		return n;
	}
	struct doc d;
	memset(&d, 0, sizeof(d));
	d.text = s;
	d.len = (uint32_t)len;
	d.ar = ar;
	tok_run(&d);
	n = 0;
	for (uint32_t k = 0; k < d.ntok && n < max; k++)
		toks[n++] = arena_strndup(ar, s + d.tok[k].start, d.tok[k].end - d.tok[k].start);
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
	/* The name and its genitive share every token but the last: walk the
	 * shared part once. */
	uint64_t sh0 = SURF_SEED;
	uint32_t prefix = trie_path(g, 0, toks, n - 1, &sh0, 0);
	if (prefix == UINT32_MAX)
		return;
	uint64_t sh = sh0;
	uint32_t node = trie_path(g, prefix, &toks[n - 1], 1, &sh, n > 1);
	if (node == UINT32_MAX)
		return;
	var_add(g, entry, node, surf_final(sh), n, EF_NAME, 0);
	if (!gen)
		return;
	char *last = toks[n - 1];
	size_t l = strlen(last);
	uint32_t c = utf8_prev(last, l, NULL);
	if (!uc_is_letter(c))
		return;
	char buf[512];
	if (l + 3 > sizeof(buf))
		return;
	/* No genitive on acronyms ("USA", "SPD"): German writes "der USA". */
	int upper = 0, lower = 0;
	for (size_t i = 0; i < l;) {
		unsigned char b = (unsigned char)last[i];
		if (b < 0x80) {
			upper += b >= 'A' && b <= 'Z';
			lower += b >= 'a' && b <= 'z';
			i++;
			continue;
		}
		uint32_t u = utf8_next(last, &i);
		upper += uc_is_upper(u);
		lower += uc_is_lower(u);
	}
	if (upper >= 2 && !lower)
		return;
	/* Trumps, Japans; Paris', Merz' (after s ß x z). */
	memcpy(buf, last, l);
	buf[l] = c == 's' || c == 0xdf || c == 'x' || c == 'z' ? '\'' : 's';
	buf[l + 1] = 0;
	char *gt = buf;
	sh = sh0;
	node = trie_path(g, prefix, &gt, 1, &sh, n > 1);
	if (node != UINT32_MAX)
		var_add(g, entry, node, surf_final(sh), n, EF_NAME, GV_GEN);
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

/* An English adjective/demonym (attribute endem=, "Japanese", "American",
 * "South Korean": split into tokens like a name): the word and, unless it
 * ends in a sibilant, its plural ("Americans"). */
static void add_en_demonym(struct gaz *g, struct arena *ar, int32_t entry, const char *w)
{
	char buf[256], *toks[17];
	for (int pl = 0; pl < 2; pl++) {
		if (pl && (ends_with(w, "s") || ends_with(w, "sh") || ends_with(w, "ch") ||
			   ends_with(w, "ese")))
			break;
		snprintf(buf, sizeof(buf), pl ? "%ss" : "%s", w);
		size_t n = split_form(ar, buf, toks, 16);
		add_form(g, entry, toks, n, EF_DERIVED, 0);
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
	const char *p = attrs;
	while (p && *p) {
		/* Compare the key as the segment is walked; on a mismatch skip to
		 * the next ';'. */
		size_t k = 0;
		while (key[k] && p[k] == key[k])
			k++;
		if (!key[k] && p[k] == '=') {
			const char *v = p + k + 1, *semi = strchr(v, ';');
			size_t vl = semi ? (size_t)(semi - v) : strlen(v);
			if (vl >= len)
				vl = len - 1;
			memcpy(buf, v, vl);
			buf[vl] = 0;
			return buf;
		}
		p = strchr(p + k, ';');
		p = p ? p + 1 : NULL;
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
	g->raw[g->nent].dir = g->curdir;
	return (int32_t)g->nent++;
}

/* The build-time index of every entry by canonical name (homonyms all
 * kept): bn_add files an entry, bn_next walks the entries named name,
 * starting with *pos = -1. */
static void bn_add(struct gaz *g, int32_t id)
{
	if ((g->nent + 1) * 2 > g->cap_bn) {
		size_t ncap = g->cap_bn ? g->cap_bn * 2 : 1 << 12;
		while ((g->nent + 1) * 2 > ncap)
			ncap *= 2;
		int32_t *nb = xmalloc(ncap * sizeof(*nb));
		for (size_t i = 0; i < ncap; i++)
			nb[i] = -1;
		for (size_t i = 0; i < g->cap_bn; i++) {
			int32_t e = g->bn[i];
			if (e < 0)
				continue;
			const char *n = g->pool + g->raw[e].name;
			size_t j = hash_bytes(n, strlen(n)) & (ncap - 1);
			while (nb[j] >= 0)
				j = (j + 1) & (ncap - 1);
			nb[j] = e;
		}
		free(g->bn);
		g->bn = nb;
		g->cap_bn = ncap;
	}
	const char *n = g->pool + g->raw[id].name;
	size_t j = hash_bytes(n, strlen(n)) & (g->cap_bn - 1);
	while (g->bn[j] >= 0)
		j = (j + 1) & (g->cap_bn - 1);
	g->bn[j] = id;
}

static int32_t bn_next(const struct gaz *g, const char *name, long *pos)
{
	if (!g->cap_bn)
		return -1;
	size_t mask = g->cap_bn - 1;
	size_t j = *pos < 0 ? hash_bytes(name, strlen(name)) & mask : ((size_t)*pos + 1) & mask;
	for (; g->bn[j] >= 0; j = (j + 1) & mask) {
		if (!strcmp(g->pool + g->raw[g->bn[j]].name, name)) {
			*pos = (long)j;
			return g->bn[j];
		}
	}
	return -1;
}

/* Splits s at c in place into at most max fields. */
static size_t split(char *s, char c, char **f, size_t max)
{
	size_t n = 0;
	f[n++] = s;
	for (char *p = s; n < max && (p = strchr(p, c)); p++) {
		*p = 0;
		f[n++] = p + 1;
	}
	return n;
}

/* ---- declined adjectives in names -------------------------------------
 *
 * A name that opens with a declined adjective ("Statistisches Bundesamt",
 * "Europäische Zentralbank", "Deutscher Bundestag") is written in news in
 * its other cases too: "beim Statistischen Bundesamt", "des Statistischen
 * Bundesamtes", "mit Europäischer Zentralbank", "im Deutschen Bundestag".
 * Such forms are generated once every file is loaded (infl_build), so that
 * a form another entry has as a name or alias is never taken from it.  The
 * ending of the nominative tells the declension: -er masculine, -es neuter,
 * -e feminine or plural (which decline alike). */

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends s[0..n) and a NUL to a growing buffer; returns its offset. */
static size_t buf_add(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		while (*len + n + 1 > *cap)
			*cap = *cap ? *cap * 2 : 1 << 14;
		*buf = xrealloc(*buf, *cap);
	}
	size_t off = *len;
	memcpy(*buf + off, s, n);
	(*buf)[off + n] = 0;
	*len += n + 1;
	return off;
}

static size_t pbuf_add(struct gaz *g, const char *s, size_t n)
{
	return buf_add(&g->pbuf, &g->pblen, &g->pbcap, s, n);
}

/* Keeps form s of entry for infl_build when its first word has the shape
 * of a declined adjective: capitalised, ending in -e, -er or -es, and
 * followed by another word. */
static void infl_note(struct gaz *g, int32_t entry, const char *s)
{
	const char *sp = strchr(s, ' ');
	if (!sp || sp - s < 4 || !sp[1])
		return;
	unsigned char a = (unsigned char)sp[-1], b = (unsigned char)sp[-2];
	if (!(a == 'e' || ((a == 'r' || a == 's') && b == 'e')))
		return;
	if (g->npend == g->cap_pend) {
		g->cap_pend = g->cap_pend ? g->cap_pend * 2 : 256;
		g->pend = xrealloc(g->pend, g->cap_pend * sizeof(*g->pend));
	}
	struct pend *p = &g->pend[g->npend];
	p->entry = entry;
	p->seq = (uint32_t)g->npend++;
	p->text = (uint32_t)pbuf_add(g, s, strlen(s));
}

/* Files an adj= stem as a known adjective (folded). */
static void adj_note(struct gaz *g, const char *st)
{
	char key[256];
	size_t l = strlen(st);
	if (2 * l + 4 > sizeof(key))
		return;
	size_t kl = utf8_fold(st, l, key);
	if (g->nadj == g->cap_adj) {
		g->cap_adj = g->cap_adj ? g->cap_adj * 2 : 256;
		g->adjs = xrealloc(g->adjs, g->cap_adj * sizeof(uint32_t));
	}
	g->adjs[g->nadj++] = (uint32_t)pbuf_add(g, key, kl);
}

/* Adjective stems no suffix gives away (folded): colours, sizes, ages,
 * ordinals, positions. */
static const char *const adj_plain[] = {
	"alt", "arm", "blau", "braun", "breit", "bunt", "deutsch", "dritt", "dunkl", "eisern",
	"erst", "fern", "fest", "frei", "fünft", "gelb", "golden", "grau", "groß", "grün",
	"gut", "hoh", "inner", "jung", "kalt", "klein", "kurz", "lang", "letzt", "link",
	"mittler", "nah", "neu", "nieder", "ober", "oberst", "recht", "rot", "schwarz",
	"silbern", "stark", "still", "tief", "tot", "unter", "viert", "warm", "weiß", "weit",
	"wild", "zweit"};

/* Is the folded stem st (of l bytes) that of an adjective?  A stem an
 * entry names in adj= or one of adj_plain (both in g->adjv), one with an
 * adjective suffix (-isch, -lich, -ig, -al, -ell, -iv, -bar, -sam, -haft,
 * -los, in the shapes German gives them: "national", not "Avondale";
 * "aktiv", not "Beehive") or the shape of a past participle ("vereinigt"). */
static int adj_stem(const struct gaz *g, const char *st, size_t l)
{
	if (g->nadj && bsearch(&st, g->adjv, g->nadj, sizeof(char *), cmpstr))
		return 1;
	static const struct {
		const char *suf;
		size_t min;
	} sf[] = {{"isch", 6}, {"sch", 8}, {"lich", 6}, {"ig", 5}, {"nal", 6}, {"ral", 6},
		  {"ial", 6}, {"ual", 6}, {"iell", 7}, {"uell", 6}, {"tiv", 5}, {"siv", 5},
		  {"bar", 6}, {"sam", 6}, {"haft", 7}, {"los", 6}};
	if (ends_with(st, "schaft"))
		return 0;               /* a noun: "Grafschafter" */
	for (size_t i = 0; i < ARRAY_LEN(sf); i++)
		if (l >= sf[i].min && ends_with(st, sf[i].suf))
			return 1;
	if (l >= 7 && st[l - 1] == 't' &&
	    (!strncmp(st, "ver", 3) || !strncmp(st, "ge", 2) || !strncmp(st, "be", 2) ||
	     !strncmp(st, "ent", 3)))
		return 1;
	return 0;
}

enum { DECL_NONE, DECL_E, DECL_ER, DECL_ES };

/* Does a variant end at node (while inflecting, before anything is
 * generated)? */
static int var_at(const struct gaz *g, uint32_t node)
{
	return node < g->vnnode && (g->vbits[node >> 6] >> (node & 63) & 1);
}

/* The declension of word w if it is a capitalised adjective in a
 * nominative ending (-e, -er, -es; *stem gets the length without it), or
 * DECL_NONE. */
static int adj_decl(const struct gaz *g, const char *w, size_t *stem)
{
	size_t l = strlen(w), i = 0;
	if (l < 4 || l > 60 || !uc_is_upper(utf8_next(w, &i)))
		return DECL_NONE;
	while (i < l)
		if (!uc_is_lower(utf8_next(w, &i)))
			return DECL_NONE;
	int d;
	if (ends_with(w, "es"))
		d = DECL_ES, *stem = l - 2;
	else if (ends_with(w, "er"))
		d = DECL_ER, *stem = l - 2;
	else if (w[l - 1] == 'e')
		d = DECL_E, *stem = l - 1;
	else
		return DECL_NONE;
	char key[128];
	size_t kl = utf8_fold(w, *stem, key);
	key[kl] = 0;
	if (kl < 2 || !adj_stem(g, key, kl))
		return DECL_NONE;
	/* "Braunschweiger", "Leipziger": the undeclined adjective of a place
	 * the gazetteer names, not a masculine ending. */
	if (d == DECL_ER) {
		if (ends_with(key, "sch") && !ends_with(key, "isch") && strcmp(key, "deutsch"))
			return DECL_NONE;       /* "Dithmarscher" */
		const struct gedge *e = edge_find(g, 0, hash_bytes(key, kl));
		if (e && e->child < g->nnode && var_at(g, e->child))
			return DECL_NONE;
	}
	return d;
}

/* The genitive endings of a masculine or neuter noun: "Hauses",
 * "Bundestags" and "Bundestages", "Zentrums", "Bündnisses", "Deutschlands";
 * none for "Fonds" or for a word that is not a plain capitalised noun.
 * Writes up to two forms. */
static size_t noun_genitives(const char *w, char out[2][160])
{
	size_t l = strlen(w), i = 0;
	if (l < 2 || l > 150 || !uc_is_upper(utf8_next(w, &i)))
		return 0;
	while (i < l)
		if (!uc_is_lower(utf8_next(w, &i)))
			return 0;
	uint32_t c = utf8_prev(w, l, NULL);
	if (ends_with(w, "nis")) {
		snprintf(out[0], 160, "%sses", w);
		return 1;
	}
	if (c == 's' && l >= 2 && !strchr("aeiouäöüs", w[l - 2]) && (unsigned char)w[l - 2] < 0x80)
		return 0;               /* "des Währungsfonds" */
	if (c == 's' || c == 0xdf || c == 'x' || c == 'z' || ends_with(w, "sch")) {
		snprintf(out[0], 160, "%ses", w);
		return 1;
	}
	snprintf(out[0], 160, "%ss", w);
	/* An unstressed last syllable takes -s only ("Kuriers", but
	 * "Meeres"). */
	int unstressed = (ends_with(w, "el") || ends_with(w, "er") || ends_with(w, "en") ||
			  ends_with(w, "em")) && l >= 3 && !strchr("aeiou", w[l - 3]);
	if (strchr("aeiouy", (int)c) || c == 0xe4 || c == 0xf6 || c == 0xfc || unstressed ||
	    ends_with(w, "um") || ends_with(w, "ing") || ends_with(w, "lein") || ends_with(w, "land"))
		return 1;
	snprintf(out[1], 160, "%ses", w);
	return 2;
}

/* A generated form: noted first (infl_add), added only once the variants
 * already at its node are known (infl_check). */
struct icand {
	int32_t entry;
	uint32_t node;           /* where the form ends before generation, or UINT32_MAX */
	uint32_t shash;
	uint32_t toks;           /* ibuf offset of its n NUL-terminated tokens */
	uint8_t n, flags;
};

/* Notes the form toks[0..n) of entry, and the node it reaches in the trie
 * as it was before generation (none: no entry has that form). */
static void infl_add(struct gaz *g, int32_t entry, char **toks, size_t n, int flags)
{
	uint32_t node = 0;
	uint64_t sh = SURF_SEED;
	char key[1024];
	size_t off = g->iblen;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(toks[i]);
		if (l >= sizeof(key) / 2 - 4) {
			g->iblen = off;
			return;
		}
		if (node != UINT32_MAX) {
			size_t kl = utf8_fold(toks[i], l, key);
			const struct gedge *e = node < g->vnnode ? edge_find(g, node, hash_bytes(key, kl))
								 : NULL;
			node = e ? e->child : UINT32_MAX;
		}
		if (i)
			sh = surf_step(sh, "\x1f", 1);
		sh = surf_step(sh, toks[i], l);
		buf_add(&g->ibuf, &g->iblen, &g->ibcap, toks[i], l);
	}
	if (g->nicand == g->cap_icand) {
		g->cap_icand = g->cap_icand ? g->cap_icand * 2 : 256;
		g->icand = xrealloc(g->icand, g->cap_icand * sizeof(*g->icand));
	}
	g->icand[g->nicand++] = (struct icand){entry, node < g->vnnode ? node : UINT32_MAX,
					       surf_final(sh), (uint32_t)off, (uint8_t)n,
					       (uint8_t)flags};
}

/* Adds the noted forms, each unless another live entry has a name or alias
 * of the same key (or the entry has this very surface): the variants at
 * the nodes the forms reach are gathered in one pass over all variants. */
static void infl_check(struct gaz *g)
{
	size_t cap = 16;
	while (cap < g->nicand * 2)
		cap *= 2;
	uint32_t *key = xmalloc(cap * sizeof(uint32_t)), *head = xmalloc(cap * sizeof(uint32_t));
	memset(key, 0xff, cap * sizeof(uint32_t));
	/* want: bit n set for the nodes the forms reach (most variants are
	 * elsewhere, and need no look in the table). */
	uint64_t *want = xcalloc((g->vnnode + 63) / 64, sizeof(uint64_t));
	for (size_t i = 0; i < g->nicand; i++) {
		uint32_t n = g->icand[i].node;
		if (n == UINT32_MAX)
			continue;
		want[n >> 6] |= 1ULL << (n & 63);
		size_t j = (n * 0x9e3779b1u) & (cap - 1);
		while (key[j] != UINT32_MAX && key[j] != n)
			j = (j + 1) & (cap - 1);
		key[j] = n;
		head[j] = UINT32_MAX;
	}
	uint32_t *cv = NULL, *cn = NULL;
	size_t nc = 0, ccap = 0;
	for (size_t v = 0; v < g->nvar; v++) {
		uint32_t n = g->var_node[v];
		if (n >= g->vnnode || !(want[n >> 6] >> (n & 63) & 1))
			continue;
		size_t j = (n * 0x9e3779b1u) & (cap - 1);
		while (key[j] != UINT32_MAX && key[j] != n)
			j = (j + 1) & (cap - 1);
		if (key[j] == UINT32_MAX)
			continue;
		if (nc == ccap) {
			ccap = ccap ? ccap * 2 : 256;
			cv = xrealloc(cv, ccap * sizeof(uint32_t));
			cn = xrealloc(cn, ccap * sizeof(uint32_t));
		}
		cv[nc] = (uint32_t)v;
		cn[nc] = head[j];
		head[j] = (uint32_t)nc++;
	}
	for (size_t i = 0; i < g->nicand; i++) {
		const struct icand *c = &g->icand[i];
		int ok = 1;
		if (c->node != UINT32_MAX) {
			size_t j = (c->node * 0x9e3779b1u) & (cap - 1);
			while (key[j] != c->node)
				j = (j + 1) & (cap - 1);
			for (uint32_t k = head[j]; k != UINT32_MAX && ok; k = cn[k]) {
				const struct gvar *x = &g->var[cv[k]];
				if (!g->raw[x->entry].dead)
					ok = x->entry == c->entry && x->shash != c->shash;
			}
		}
		if (!ok)
			continue;
		char *toks[16];
		const char *p = g->ibuf + c->toks;
		for (size_t t = 0; t < c->n; t++) {
			toks[t] = (char *)p;
			p += strlen(p) + 1;
		}
		add_form(g, c->entry, toks, c->n, EF_NAME, c->flags);
	}
	free(want);
	free(key);
	free(head);
	free(cv);
	free(cn);
}

static int cmp_pend(const void *a, const void *b)
{
	const struct pend *x = a, *y = b;
	if (x->entry != y->entry)
		return x->entry < y->entry ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* A form of an entry split into the adjectives that open it (all of one
 * declension) and the rest. */
struct iform {
	char *toks[17];
	size_t n, nadj, stem[16];
	int decl;
	uint64_t rest;           /* hash of the words after the adjectives */
};

static int iform_parse(const struct gaz *g, struct arena *ar, const char *s, struct iform *f)
{
	f->n = split_form(ar, s, f->toks, 16);
	f->nadj = 0;
	f->decl = DECL_NONE;
	for (size_t i = 0; i + 1 < f->n; i++) {
		size_t st;
		int d = adj_decl(g, f->toks[i], &st);
		if (d == DECL_NONE || (i && d != f->decl))
			break;
		f->decl = d;
		f->stem[f->nadj++] = st;
	}
	if (!f->nadj)
		return 0;
	/* Not in a name of another language ("Federative Republic of
	 * Brazil"). */
	static const char *const foreign[] = {"of", "the", "and", "for", "de", "del", "la",
					      "le", "du", "di", "da", "et", "y"};
	for (size_t k = f->nadj; k < f->n; k++)
		for (size_t j = 0; j < ARRAY_LEN(foreign); j++)
			if (!strcmp(f->toks[k], foreign[j]))
				return 0;
	/* The word after the adjectives must be a capitalised one, and not
	 * an English one in -y ("Alte University"). */
	size_t i = 0;
	const char *nw = f->toks[f->nadj];
	if (!uc_is_upper(utf8_next(nw, &i)) || nw[strlen(nw) - 1] == 'y')
		return 0;
	f->rest = SURF_SEED;
	for (size_t k = f->nadj; k < f->n; k++)
		f->rest = surf_step(surf_step(f->rest, f->toks[k], strlen(f->toks[k])), " ", 1);
	return 1;
}

/* Is the word after the adjectives an undeclined one before the noun, as
 * a city's adjective ("Neues Berliner Ensemble")?  Then the noun is not
 * known for sure, and no genitive is made. */
static int invariant_between(const struct iform *f)
{
	size_t i = 0;
	return f->nadj + 1 < f->n && ends_with(f->toks[f->nadj], "er") &&
	       uc_is_upper(utf8_next(f->toks[f->nadj + 1], &i));
}

/* Generates the declined forms of one parsed form of entry. */
static void iform_gen(struct gaz *g, struct arena *ar, int32_t entry,
		      struct iform *f)
{
	static const char *const fem[] = {"e", "en", "er"};
	static const char *const masc[] = {"e", "en", "em", "er"};
	static const char *const neut[] = {"e", "en", "em", "es"};
	const char *const *end = f->decl == DECL_E ? fem : f->decl == DECL_ER ? masc : neut;
	size_t nend = f->decl == DECL_E ? ARRAY_LEN(fem) : 4;
	char *orig[16];
	memcpy(orig, f->toks, f->nadj * sizeof(char *));
	for (size_t e = 0; e < nend; e++) {
		for (size_t k = 0; k < f->nadj; k++) {
			size_t sl = f->stem[k], el = strlen(end[e]);
			char *w = arena_alloc(ar, sl + el + 1);
			memcpy(w, orig[k], sl);
			memcpy(w + sl, end[e], el + 1);
			f->toks[k] = w;
		}
		infl_add(g, entry, f->toks, f->n, 0);
		/* Masculine and neuter genitive: -en on the adjective, -(e)s on
		 * the noun ("des Deutschen Bundestages"). */
		if (f->decl != DECL_E && !strcmp(end[e], "en") && !invariant_between(f)) {
			char gb[2][160];
			size_t ng = noun_genitives(f->toks[f->nadj], gb);
			char *noun = f->toks[f->nadj];
			for (size_t k = 0; k < ng; k++) {
				f->toks[f->nadj] = gb[k];
				infl_add(g, entry, f->toks, f->n, GV_GEN);
			}
			f->toks[f->nadj] = noun;
		}
	}
	memcpy(f->toks, orig, f->nadj * sizeof(char *));
}

/* Generates the declined forms of every noted form of a live entry.  A
 * form in -e whose rest an -er/-es form of the same entry shares is the
 * weak form of that one ("Weiße Haus" beside "Weißes Haus"), not a
 * feminine: it gives nothing of its own. */
static void infl_build(struct gaz *g, struct arena *ar)
{
	if (!g->npend)
		return;
	g->adjv = xmalloc((g->nadj + ARRAY_LEN(adj_plain)) * sizeof(char *));
	for (size_t i = 0; i < g->nadj; i++)
		g->adjv[i] = g->pbuf + g->adjs[i];
	for (size_t i = 0; i < ARRAY_LEN(adj_plain); i++)
		g->adjv[g->nadj++] = adj_plain[i];
	qsort(g->adjv, g->nadj, sizeof(char *), cmpstr);
	/* By entry (only extend= lines come out of order). */
	int sorted = 1;
	for (size_t i = 1; i < g->npend && sorted; i++)
		sorted = g->pend[i - 1].entry <= g->pend[i].entry;
	if (!sorted)
		qsort(g->pend, g->npend, sizeof(*g->pend), cmp_pend);
	/* The nodes with variants, before any is generated. */
	g->vnnode = g->nnode;
	g->vbits = xcalloc((g->nnode + 63) / 64, sizeof(uint64_t));
	for (size_t v = 0; v < g->nvar; v++)
		g->vbits[g->var_node[v] >> 6] |= 1ULL << (g->var_node[v] & 63);
	struct iform *fs = NULL;
	size_t cap = 0;
	for (size_t a = 0, b; a < g->npend; a = b) {
		int32_t entry = g->pend[a].entry;
		for (b = a; b < g->npend && g->pend[b].entry == entry; b++)
			;
		/* Not where noinfl=1, not for the English name (en=). */
		const char *attrs = g->pool + g->raw[entry].attrs;
		char enb[512], nb[16];
		if (g->raw[entry].dead || (attr_get(attrs, "noinfl", nb, sizeof(nb)) && strcmp(nb, "0")))
			continue;
		const char *en = attr_get(attrs, "en", enb, sizeof(enb)) ? enb : "";
		arena_reset(ar);
		if (b - a > cap) {
			cap = b - a;
			fs = xrealloc(fs, cap * sizeof(*fs));
		}
		for (size_t i = a; i < b; i++) {
			const char *form = g->pbuf + g->pend[i].text;
			if (!strcmp(form, en) || !iform_parse(g, ar, form, &fs[i - a]))
				fs[i - a].decl = DECL_NONE;
		}
		for (size_t i = a; i < b; i++) {
			struct iform *f = &fs[i - a];
			if (f->decl == DECL_NONE)
				continue;
			int weak = 0;
			for (size_t j = a; j < b && f->decl == DECL_E; j++)
				weak |= fs[j - a].decl != DECL_NONE && fs[j - a].decl != DECL_E &&
					fs[j - a].rest == f->rest;
			if (!weak)
				iform_gen(g, ar, entry, f);
		}
	}
	free(fs);
	infl_check(g);
	free(g->vbits);
	free(g->icand);
	free(g->ibuf);
	g->vbits = NULL;
	g->icand = NULL;
	g->ibuf = NULL;
	g->iblen = g->ibcap = 0;
	g->nicand = g->cap_icand = 0;
	g->vnnode = 0;
}

/* Every form of one line: name, aliases, surname, adjectives, demonyms,
 * added to entry id (a new one, or an earlier one extended). */
static void add_forms(struct gaz *g, struct arena *ar, int32_t id, uint8_t type, char **col,
		      size_t nc, const char *attrs)
{
	char vb[1024];
	int gen = type != ET_MISC && !attr_get(attrs, "nogen", vb, sizeof(vb));
	arena_reset(ar);
	/* Declined forms of a name opening with an adjective: not for people
	 * (the entry's noinfl= and en= are looked at in infl_build). */
	int infl = type != ET_PER;
	add_name(g, ar, id, col[1], gen);
	if (infl)
		infl_note(g, id, col[1]);
	if (nc > 2 && *col[2]) {
		char *al[256];
		size_t na = split(col[2], '|', al, 256);
		for (size_t i = 0; i < na; i++)
			if (*al[i]) {
				add_name(g, ar, id, al[i], gen);
				if (infl)
					infl_note(g, id, al[i]);
			}
	}
	/* The English name (en=) is a name of the entry too ("European
	 * Commission"), in German text as well. */
	if (attr_get(attrs, "en", vb, sizeof(vb)) && *vb && strcmp(vb, col[1]))
		add_name(g, ar, id, vb, 0);
	/* A person's surname alone names them too ("Trump", "Trumps"). */
	if (type == ET_PER && attr_get(attrs, "surname", vb, sizeof(vb)) && *vb && strcmp(vb, col[1]))
		add_name(g, ar, id, vb, gen);
	if (attr_get(attrs, "adj", vb, sizeof(vb))) {
		char *st[32];
		size_t ns = split(vb, '|', st, 32);
		for (size_t i = 0; i < ns; i++)
			if (*st[i]) {
				add_adj(g, id, st[i]);
				adj_note(g, st[i]);
			}
	}
	if (attr_get(attrs, "endem", vb, sizeof(vb))) {
		char *st[32];
		size_t ns = split(vb, '|', st, 32);
		for (size_t i = 0; i < ns; i++)
			if (*st[i])
				add_en_demonym(g, ar, id, st[i]);
	}
	if (attr_get(attrs, "demonym", vb, sizeof(vb))) {
		char *st[32];
		size_t ns = split(vb, '|', st, 32);
		for (size_t i = 0; i < ns; i++)
			if (*st[i])
				add_demonym(g, id, st[i]);
	}
}

/* A prior as strtof reads it.  The usual form, "0.85" (a digit, a point
 * and up to seven decimals), is read directly: the quotient of two exact
 * doubles is rounded once to double, and a quotient with so few digits is
 * never so close to a midpoint between two floats that rounding that double
 * to float could differ from rounding the exact value.  Anything else goes
 * to strtof. */
static float prior_parse(const char *s, char **end)
{
	static const double pow10[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7};
	if (s[0] >= '0' && s[0] <= '9' && s[1] == '.') {
		uint64_t n = (uint64_t)(s[0] - '0');
		size_t k = 0;
		while (k < 7 && s[2 + k] >= '0' && s[2 + k] <= '9')
			n = n * 10 + (uint64_t)(s[2 + k++] - '0');
		char c = s[2 + k];
		if (k && !(c >= '0' && c <= '9') && c != 'e' && c != 'E') {
			*end = (char *)s + 2 + k;
			return (float)((double)n / pow10[k]);
		}
	}
	return strtof(s, end);
}

/* One line of a gazetteer.  Returns 0, or NERD_EDATA with the reason (no
 * file or line) in err. */
static int load_line(struct gaz *g, struct arena *ar, char *line, char *err, size_t errlen)
{
	char *col[6] = {0};
	size_t nc = split(line, '\t', col, 6);
	uint8_t type = 0;
	const char *sub = "";
	int suppress = !strcmp(col[0], "-");
	if (nc < 2 || (!suppress && parse_type(col[0], &type, &sub))) {
		snprintf(err, errlen, "expected TYPE<TAB>NAME[<TAB>ALIASES<TAB>KB<TAB>PRIOR<TAB>ATTRS], "
			 "TYPE one of PER LOC ORG MISC (or '-' to suppress)");
		return NERD_EDATA;
	}
	if (!*col[1]) {
		snprintf(err, errlen, "empty name");
		return NERD_EDATA;
	}
	float prior = 0.5f;
	if (nc > 4 && *col[4]) {
		char *e;
		prior = prior_parse(col[4], &e);
		if (*e || !(prior >= 0 && prior <= 1)) {
			snprintf(err, errlen, "prior must be a number in [0,1]");
			return NERD_EDATA;
		}
	}
	const char *attrs = nc > 5 ? col[5] : "";
	char vb[64];
	int replace = attr_get(attrs, "replace", vb, sizeof(vb)) && strcmp(vb, "0");
	int extend = attr_get(attrs, "extend", vb, sizeof(vb)) && strcmp(vb, "0");
	long pos = -1;
	int32_t e;
	if (suppress || replace) {
		/* Suppress every earlier entry of that name (of any type). */
		int found = 0;
		while ((e = bn_next(g, col[1], &pos)) >= 0) {
			if (g->raw[e].dir < g->curdir || suppress) {
				found += !g->raw[e].dead;
				g->raw[e].dead = 1;
			}
		}
		if (!found) {
			snprintf(err, errlen, "%s: no earlier entry named \"%s\"",
				 suppress ? "'-'" : "replace=1", col[1]);
			return NERD_EDATA;
		}
		if (suppress)
			return 0;
	} else if (extend) {
		/* New forms for the earlier live entry of that name and type. */
		int32_t target = -1;
		while ((e = bn_next(g, col[1], &pos)) >= 0)
			if (!g->raw[e].dead && g->raw[e].type == type && g->raw[e].dir < g->curdir)
				target = e;
		if (target < 0) {
			snprintf(err, errlen, "extend=1: no entry named \"%s\" of type %s in an earlier directory",
				 col[1], type_names[type]);
			return NERD_EDATA;
		}
		add_forms(g, ar, target, type, col, nc, attrs);
		return 0;
	} else if (g->curdir > 0) {
		/* Later directories win: the same name and type from an earlier
		 * directory is replaced. */
		while ((e = bn_next(g, col[1], &pos)) >= 0)
			if (g->raw[e].type == type && g->raw[e].dir < g->curdir)
				g->raw[e].dead = 1;
	}
	int32_t id = entry_new(g);
	struct gent *r = &g->raw[id];
	r->type = type;
	r->prior = prior;
	r->name = pool_add(g, col[1], strlen(col[1]));
	r->kb = nc > 3 && *col[3] ? pool_add(g, col[3], strlen(col[3])) : UINT32_MAX;
	r->subtype = pool_add(g, sub, strlen(sub));
	r->attrs = pool_add(g, attrs, strlen(attrs));
	if (g->curdir > 0)
		bn_add(g, id);
	add_forms(g, ar, id, type, col, nc, attrs);
	return 0;
}

static int load_tsv(struct gaz *g, struct arena *ar, const char *path, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	if (read_file(path, &buf, &len)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NERD_EIO;
	}
	g->hash = (g->hash * 31) ^ hash_bytes(buf, len);
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
	char *line, *rest = buf;
	int rc = 0;
	int cut = len && buf[len - 1] != '\n';
	while ((line = next_line(&rest, buf + len))) {
		lineno++;
		if (*line && *line != '#') {
			char why[512];
			if ((rc = load_line(g, ar, line, why, sizeof(why)))) {
				snprintf(err, errlen, "%s:%ld: %s", path, lineno, why);
				break;
			}
		}
	}
	if (!rc && cut) {
		/* A file cut off in the middle of a line: refuse it rather than
		 * load half an entry. */
		snprintf(err, errlen, "%s:%ld: the last line has no newline (truncated file?)", path,
			 lineno);
		rc = NERD_EDATA;
	}
	free(buf);
	return rc;
}

static void name_index(struct gaz *g)
{
	g->cap_byname = 16;
	while (g->cap_byname < g->nent * 2)
		g->cap_byname *= 2;
	const size_t mask = g->cap_byname - 1;
	g->byname = xmalloc(g->cap_byname * sizeof(int32_t));
	for (size_t i = 0; i < g->cap_byname; i++)
		g->byname[i] = -1;
	/* The hashes first, in one pass over the pool; then the inserts, with
	 * the slot of the entry AHEAD places on requested, and a slot's hash
	 * (kept beside it) compared before its name. */
	enum { AHEAD = 8 };
	uint32_t *eh = xmalloc((g->nent + 1) * sizeof(uint32_t));
	uint32_t *sh = xmalloc(g->cap_byname * sizeof(uint32_t));
	huge_advise(sh, g->cap_byname * sizeof(uint32_t));
	for (size_t i = 0; i < g->nent; i++) {
		const char *n = g->pool + g->raw[i].name;
		eh[i] = (uint32_t)(hash_bytes(n, strlen(n)) & mask);
	}
	for (size_t i = 0; i < g->nent; i++) {
		if (i + AHEAD < g->nent)
			__builtin_prefetch(&g->byname[eh[i + AHEAD]]);
		if (g->raw[i].dead)
			continue;
		const char *n = g->pool + g->raw[i].name;
		size_t j = eh[i];
		while (g->byname[j] >= 0) {
			if (sh[j] == eh[i] && !strcmp(g->pool + g->raw[g->byname[j]].name, n))
				break;  /* first (highest in load order) wins */
			j = (j + 1) & mask;
		}
		if (g->byname[j] < 0) {
			g->byname[j] = (int32_t)i;
			sh[j] = eh[i];
		}
	}
	free(sh);
	free(eh);
}

/* The bitmap of first tokens, from the root's edges. */
static void bloom_build(struct gaz *g)
{
	size_t nroot = 0;
	for (size_t i = 0; i < g->cap_edge; i++)
		nroot += g->edge[i].child && g->edge[i].parent == 0;
	g->bloom_bits = 1 << 12;
	while (g->bloom_bits < nroot * 16)
		g->bloom_bits *= 2;
	g->bloom = xcalloc(g->bloom_bits / 64, sizeof(uint64_t));
	for (size_t i = 0; i < g->cap_edge; i++) {
		const struct gedge *e = &g->edge[i];
		if (!e->child || e->parent)
			continue;
		uint64_t b = g->etok[i] & (g->bloom_bits - 1);
		g->bloom[b >> 6] |= 1ULL << (b & 63);
	}
}

#define KBLOOM_MAX_EDGES ((size_t)1 << 20)

/* The bitmap of the tokens that follow another in a name (the check, the
 * high half of the token's hash, of every edge that leaves a node other
 * than the root): a walk stops at a token without its bit before it probes
 * the edge table, which most walks from a common first word ("die", "der")
 * would do in vain.  And beside it the bitmap of the first tokens that have
 * variants of their own (a root edge with vcount): a first word without
 * that bit before a next token without kbloom's names nothing, and is not
 * looked up at all.  Not in the image: both loaders make them from the
 * edges (kbloom_build), at 8 bits an edge each. */
static void kbloom_init(struct gaz *g, size_t nedge)
{
	/* Past a million edges, filling them (random writes over megabytes)
	 * costs more at load than they save: a million-name gazetteer took
	 * twice as long to map, over the 100 ms start-up budget.  One word
	 * of ones instead, which lets every token through. */
	if (nedge > KBLOOM_MAX_EDGES) {
		g->kbloom_bits = 64;
		g->kbloom = xcalloc(2, sizeof(uint64_t));
		g->vbloom = g->kbloom + 1;
		g->kbloom[0] = g->vbloom[0] = ~0ull;
		return;
	}
	g->kbloom_bits = 1 << 12;
	while (g->kbloom_bits < nedge * 8)
		g->kbloom_bits *= 2;
	g->kbloom = xcalloc(g->kbloom_bits / 64 * 2, sizeof(uint64_t));
	g->vbloom = g->kbloom + g->kbloom_bits / 64;
}

static inline void kbloom_add(struct gaz *g, const struct gedge *e)
{
	uint64_t b = e->check & (g->kbloom_bits - 1);
	g->kbloom[b >> 6] |= (uint64_t)(e->child && e->parent) << (b & 63);
	g->vbloom[b >> 6] |= (uint64_t)(e->child && !e->parent && e->vcount) << (b & 63);
}

/* Both bitmaps from the edge table (every slot, empty ones add nothing). */
static void kbloom_build(struct gaz *g)
{
	kbloom_init(g, MIN(g->nedge, g->cap_edge));
	for (size_t i = 0; g->kbloom_bits > 64 && i < g->cap_edge; i++)
		kbloom_add(g, &g->edge[i]);
}

static inline int kbloom_has(const struct gaz *g, uint64_t tokhash)
{
	if (g->kbloom_bits == 64)
		return 1;       /* none made (kbloom_init) */
	uint64_t b = (tokhash >> 32) & (g->kbloom_bits - 1);
	return (int)((g->kbloom[b >> 6] >> (b & 63)) & 1);
}

static inline int vbloom_has(const struct gaz *g, uint64_t tokhash)
{
	if (g->kbloom_bits == 64)
		return 1;
	uint64_t b = (tokhash >> 32) & (g->kbloom_bits - 1);
	return (int)((g->vbloom[b >> 6] >> (b & 63)) & 1);
}

/* The entry table handed out by gaz_get: pointers into the pool. */
static void entries_build(struct gaz *g)
{
	g->ent = xcalloc(g->nent + 1, sizeof(*g->ent));
	huge_advise(g->ent, (g->nent + 1) * sizeof(*g->ent));
	g->nlive = 0;
	for (size_t i = 0; i < g->nent; i++) {
		const struct gent *r = &g->raw[i];
		g->ent[i].name = g->pool + r->name;
		g->ent[i].kb = r->kb == UINT32_MAX ? NULL : g->pool + r->kb;
		g->ent[i].subtype = g->pool + r->subtype;
		g->ent[i].attrs = g->pool + r->attrs;
		g->ent[i].prior = r->prior;
		g->ent[i].type = r->type;
		g->nlive += !r->dead;
	}
}

/* Writes the summary of the n variants v of one node (see GS_FAST). */
static void var_summary(struct gvar *v, uint32_t n)
{
	if (!n)
		return;
	if (n == 1) {
		v[0].sum[0] = GS_FAST | 1;
		v[0].sum[1] = 0;
		return;
	}
	uint32_t n16 = n < 16 ? n : 16, types = 0, nlead = 0;
	uint8_t lead[4] = {0};
	int uniform = 1, several = 0, distinct = 1;
	uint64_t seen = 0;
	for (uint32_t k = 0; k < n; k++) {
		v[k].sum[0] = v[k].sum[1] = 0;
		uniform &= v[k].shash == v[0].shash && v[k].form == v[0].form &&
			   v[k].flags == v[0].flags && v[k].ntok == v[0].ntok;
	}
	for (uint32_t k = 0; k < n16; k++) {
		several |= v[k].entry != v[0].entry;
		/* An entry seen before (bit entry & 63 set, then a look). */
		uint64_t bit = 1ULL << (v[k].entry & 63);
		for (uint32_t j = 0; (seen & bit) && j < k; j++)
			distinct &= v[j].entry != v[k].entry;
		seen |= bit;
		if (!(types & (1u << v[k].type))) {
			types |= 1u << v[k].type;
			lead[nlead++] = (uint8_t)k;
		}
	}
	v[0].sum[0] = (uint8_t)((uniform && distinct ? GS_FAST : 0) | (several ? GS_SEVERAL : 0) |
				nlead);
	v[0].sum[1] = lead[1];
	if (n > 1) {
		v[1].sum[0] = lead[2];
		v[1].sum[1] = lead[3];
	}
}

/* Freezes the build: variants of live entries grouped by node (higher
 * prior first, then load order) and hung on the edge into their node, the
 * edge table sized to its contents, the first-token bitmap and the name
 * index. */
static void finish(struct gaz *g)
{
	uint32_t *first = xcalloc(g->nnode + 1, sizeof(uint32_t));
	huge_advise(first, (g->nnode + 1) * sizeof(uint32_t));
	size_t nlive = 0;
	for (size_t i = 0; i < g->nvar; i++)
		if (!g->raw[g->var[i].entry].dead) {
			first[g->var_node[i] + 1]++;
			nlive++;
		}
	for (size_t n = 0; n < g->nnode; n++)
		first[n + 1] += first[n];
	/* first[n] .. first[n + 1]: the variants of node n. */
	struct gvar *nv = xmalloc((nlive + 1) * sizeof(*nv));
	uint32_t *fill = xmalloc((g->nnode + 1) * sizeof(uint32_t));
	huge_advise(nv, (nlive + 1) * sizeof(*nv));
	huge_advise(fill, (g->nnode + 1) * sizeof(uint32_t));
	memcpy(fill, first, (g->nnode + 1) * sizeof(uint32_t));
	for (size_t i = 0; i < g->nvar; i++) {
		struct gvar *v = &g->var[i];
		const struct gent *r = &g->raw[v->entry];
		if (r->dead)
			continue;
		v->type = r->type;
		v->prior = (uint16_t)lrintf(r->prior * 65535.0f);
		nv[fill[g->var_node[i]]++] = *v;
	}
	free(fill);
	for (size_t n = 0; n < g->nnode; n++) {
		struct gvar *v = nv + first[n];
		for (uint32_t a = 1; a < first[n + 1] - first[n]; a++) {
			struct gvar x = v[a];
			uint32_t b = a;
			for (; b > 0 && v[b - 1].prior < x.prior; b--)
				v[b] = v[b - 1];
			v[b] = x;
		}
		var_summary(v, first[n + 1] - first[n]);
	}
	uint8_t *kids = xcalloc(g->nnode, 1);
	huge_advise(kids, g->nnode);
	for (size_t i = 0; i < g->cap_edge; i++)
		if (g->edge[i].child)
			kids[g->edge[i].parent] = 1;
	for (size_t i = 0; i < g->cap_edge; i++) {
		struct gedge *e = &g->edge[i];
		if (e->child) {
			e->vfirst = first[e->child];
			e->vcount = (first[e->child + 1] - first[e->child]) & 0x7fffffffu;
			e->kids = kids[e->child];
		}
	}
	free(kids);
	free(first);
	free(g->var);
	free(g->var_node);
	g->var = nv;
	g->var_node = NULL;
	g->nvar = nlive;
	edges_resize(g, MAX((size_t)16, g->nedge + g->nedge * 3 / 7 + 1));
	bloom_build(g);
	kbloom_build(g);
	free(g->etok);
	g->etok = NULL;
	/* The pool stops moving before entries_build points into it. */
	g->pool = xrealloc(g->pool, g->plen);
	g->pcap = g->plen;
	name_index(g);
	entries_build(g);
	free(g->bn);
	g->bn = NULL;
}

static int load_dir(struct gaz *g, struct arena *ar, const char *dir, char *err, size_t errlen)
{
	DIR *dp = opendir(dir);
	if (!dp) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
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
	/* The edge table sized at once for what the files will add (about one
	 * edge per 14 bytes of TSV), rather than rehashed at every doubling. */
	size_t bytes = 0;
	for (size_t i = 0; i < nn; i++) {
		char path[4096];
		struct stat st;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (!stat(path, &st) && S_ISREG(st.st_mode))
			bytes += (size_t)st.st_size;
	}
	size_t want = g->nedge + bytes / 14;
	if (want * 10 > g->cap_edge * 7)
		edges_resize(g, want * 10 / 7 + 1);
	int rc = 0;
	for (size_t i = 0; i < nn; i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		g->hash = (g->hash * 31) ^ hash_bytes(names[i], strlen(names[i]));
		if (!rc)
			rc = load_tsv(g, ar, path, err, errlen);
		free(names[i]);
	}
	free(names);
	return rc;
}

int gaz_load_dirs(const char *const *dirs, size_t ndirs, struct gaz **out, char *err,
		  size_t errlen)
{
	if (ndirs > UINT16_MAX) {
		snprintf(err, errlen, "too many gazetteer directories (%zu)", ndirs);
		return NERD_EARG;
	}
	struct gaz *g = xcalloc(1, sizeof(*g));
	g->nnode = 1; /* the root */
	g->cap_edge = 1 << 12;
	g->edge = xcalloc(g->cap_edge, sizeof(*g->edge));
	g->etok = xcalloc(g->cap_edge, sizeof(*g->etok));
	pool_add(g, "", 0);
	struct arena *ar = arena_new(1 << 16);
	int rc = 0;
	size_t srccap = 1;
	for (size_t i = 0; i < ndirs && !rc; i++) {
		g->curdir = (uint16_t)i;
		/* Names are looked up only from the second directory on: index
		 * the entries loaded so far now. */
		if (i == 1)
			for (size_t e = 0; e < g->nent; e++)
				bn_add(g, (int32_t)e);
		rc = load_dir(g, ar, dirs[i], err, errlen);
		size_t l = strlen(dirs[i]);
		g->src = xrealloc(g->src, srccap += l + 1);
		memcpy(g->src + g->srclen, dirs[i], l);
		g->srclen += l;
		g->src[g->srclen++] = '\n';
		g->src[g->srclen] = 0;
	}
	if (!rc)
		infl_build(g, ar);
	arena_free(ar);
	free(g->pend);
	free(g->pbuf);
	free(g->adjs);
	free(g->adjv);
	g->pend = NULL;
	g->pbuf = NULL;
	g->adjs = NULL;
	g->adjv = NULL;
	if (!g->src)
		g->src = xstrdup("");
	if (rc) {
		gaz_free(g);
		return rc;
	}
	finish(g);
	words_init(g);
	*out = g;
	return 0;
}

int gaz_load(const char *dir, struct gaz **out, char *err, size_t errlen)
{
	return gaz_load_dirs(&dir, 1, out, err, errlen);
}

void gaz_free(struct gaz *g)
{
	if (!g)
		return;
	if (g->map) {
		munmap(g->map, g->maplen);
	} else {
		free(g->pool);
		free(g->raw);
		free(g->edge);
		free(g->var);
		free(g->byname);
		free(g->bloom);
		free(g->src);
	}
	free(g->kbloom);
	free(g->ent);
	free(g->var_node);
	free(g->etok);
	free(g->bn);
	free(g);
}

/* ---- the image ----------------------------------------------------------
 *
 * A header, then the sections, each aligned to 64 bytes, in the host's byte
 * order (the header says which).  The header carries its own checksum and
 * one per section; the loader also checks every offset inside the records,
 * so that a damaged or hostile image is refused and never read out of
 * bounds. */

#define GAZ_IMG_MAGIC "NERDGAZ\0"
#define GAZ_IMG_VERSION 7u
#define GAZ_IMG_ENDIAN 0x01020304u

enum { S_POOL, S_ENT, S_EDGE, S_VAR, S_BYNAME, S_BLOOM, S_SRC, S_N };
static const char *const sect_name[S_N] = {"pool", "entries", "edges", "variants",
					   "names", "bitmap", "sources"};
static const size_t sect_elem[S_N] = {1, sizeof(struct gent), sizeof(struct gedge),
				       sizeof(struct gvar),
				       sizeof(int32_t), sizeof(uint64_t), 1};

struct img_sect {
	uint64_t off, size, count, sum;
};

struct img_hdr {
	char magic[8];
	uint32_t version, endian;
	uint32_t hdr_size, nsect;
	uint64_t file_size;
	uint64_t hash;                  /* content hash of the sources */
	uint64_t nedge;                 /* used slots of the edge table */
	uint64_t nlive;
	uint64_t nnode;                 /* node ids in use */
	uint64_t reserved[3];
	struct img_sect sect[S_N];
	uint64_t hdr_sum;               /* of every byte above */
};

static inline uint64_t rotl64(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

/* A checksum against damage (not against forgery): Fletcher's sums over
 * 64-bit words in four lanes -- a running sum, which any changed bit
 * changes, and a sum of running sums, which also sees words moved -- so it
 * runs at memory speed.  It can be fed in pieces whose sizes are
 * multiples of 32 bytes. */
#define SUM_P1 0x9e3779b185ebca87ULL
#define SUM_P2 0xc2b2ae3d27d4eb4fULL

struct sum {
	uint64_t a[4], b[4];
};

static void sum_init(struct sum *st)
{
	memset(st, 0, sizeof(*st));
}

/* Takes the whole 32-byte blocks of p[0..n); returns how many bytes. */
static size_t sum_blocks(struct sum *st, const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t a0 = st->a[0], a1 = st->a[1], a2 = st->a[2], a3 = st->a[3];
	uint64_t b0 = st->b[0], b1 = st->b[1], b2 = st->b[2], b3 = st->b[3];
	size_t i = 0;
	for (; i + 32 <= n; i += 32) {
		uint64_t w[4];
		memcpy(w, s + i, 32);
		a0 += w[0];
		a1 += w[1];
		a2 += w[2];
		a3 += w[3];
		b0 += a0;
		b1 += a1;
		b2 += a2;
		b3 += a3;
	}
	st->a[0] = a0, st->a[1] = a1, st->a[2] = a2, st->a[3] = a3;
	st->b[0] = b0, st->b[1] = b1, st->b[2] = b2, st->b[3] = b3;
	return i;
}

/* The sum of everything fed so far (total bytes) and the tail p[0..n). */
static uint64_t sum_final(const struct sum *st, uint64_t total, const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = total * SUM_P1;
	for (int k = 0; k < 4; k++) {
		h = rotl64(h ^ st->a[k], 27) * SUM_P1;
		h = rotl64(h ^ st->b[k], 31) * SUM_P2;
	}
	for (size_t i = 0; i < n; i++)
		h = rotl64(h ^ (s[i] * SUM_P1), 11) * SUM_P2;
	h ^= h >> 33;
	h *= SUM_P2;
	h ^= h >> 29;
	return h;
}

static uint64_t img_sum(const void *p, size_t n)
{
	struct sum st;
	sum_init(&st);
	size_t done = sum_blocks(&st, p, n);
	return sum_final(&st, n, (const char *)p + done, n - done);
}

static int img_write(int fd, const void *p, size_t n)
{
	const char *s = p;
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

int gaz_image_save(const struct gaz *g, const char *path, char *err, size_t errlen)
{
	const void *data[S_N] = {g->pool, g->raw, g->edge, g->var, g->byname, g->bloom, g->src};
	size_t count[S_N] = {g->plen, g->nent, g->cap_edge, g->nvar, g->cap_byname,
			     g->bloom_bits / 64, g->srclen + 1};
	struct img_hdr h;
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, GAZ_IMG_MAGIC, 8);
	h.version = GAZ_IMG_VERSION;
	h.endian = GAZ_IMG_ENDIAN;
	h.hdr_size = sizeof(h);
	h.nsect = S_N;
	h.hash = g->hash;
	h.nedge = g->nedge;
	h.nlive = g->nlive;
	h.nnode = g->nnode;
	uint64_t off = (sizeof(h) + 63) & ~(uint64_t)63;
	for (int s = 0; s < S_N; s++) {
		h.sect[s].off = off;
		h.sect[s].count = count[s];
		h.sect[s].size = count[s] * sect_elem[s];
		h.sect[s].sum = img_sum(data[s], h.sect[s].size);
		off = (off + h.sect[s].size + 63) & ~(uint64_t)63;
	}
	h.file_size = off;
	h.hdr_sum = img_sum(&h, offsetof(struct img_hdr, hdr_sum));

	/* Written aside and renamed, so a reader never sees half an image. */
	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		return NERD_EIO;
	}
	static const char zeros[64];
	uint64_t at = sizeof(h);
	int bad = img_write(fd, &h, sizeof(h));
	for (int s = 0; s < S_N && !bad; s++) {
		bad = img_write(fd, zeros, (size_t)(h.sect[s].off - at));
		if (!bad)
			bad = img_write(fd, data[s], (size_t)h.sect[s].size);
		at = h.sect[s].off + h.sect[s].size;
	}
	if (!bad)
		bad = img_write(fd, zeros, (size_t)(h.file_size - at));
	if (!bad)
		bad = fsync(fd);
	int e = errno;
	if (close(fd) && !bad) {
		bad = 1;
		e = errno;
	}
	if (!bad && rename(tmp, path)) {
		bad = 1;
		e = errno;
	}
	if (bad) {
		snprintf(err, errlen, "%s: %s", path, strerror(e));
		unlink(tmp);
		return NERD_EIO;
	}
	return 0;
}

#define IMG_BAD(...)                                              \
	do {                                                      \
		snprintf(why, sizeof(why), __VA_ARGS__);          \
		goto bad;                                         \
	} while (0)

int gaz_image_load(const char *path, struct gaz **out, char *err, size_t errlen)
{
	char why[256];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NERD_EIO;
	}
	struct stat st;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: %s", path, errno ? strerror(errno) : "not a regular file");
		close(fd);
		return NERD_EIO;
	}
	size_t len = (size_t)st.st_size;
	if (len < sizeof(struct img_hdr)) {
		snprintf(err, errlen, "%s: not a nerd gazetteer image (%zu bytes: too short)", path,
			 len);
		close(fd);
		return NERD_EDATA;
	}
	void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		snprintf(err, errlen, "%s: mmap: %s", path, strerror(errno));
		return NERD_EIO;
	}
	struct gaz *g = xcalloc(1, sizeof(*g));
	g->map = map;
	g->maplen = len;
	const char *base = map;
	struct img_hdr h;
	memcpy(&h, base, sizeof(h));
	if (memcmp(h.magic, GAZ_IMG_MAGIC, 8))
		IMG_BAD("not a nerd gazetteer image (bad magic)");
	if (h.endian != GAZ_IMG_ENDIAN)
		IMG_BAD("image written on a machine of the other byte order");
	if (h.version != GAZ_IMG_VERSION)
		IMG_BAD("image format version %u, this nerd reads version %u: run nerd compile again",
			h.version, GAZ_IMG_VERSION);
	if (h.hdr_size != sizeof(h) || h.nsect != S_N)
		IMG_BAD("header size %u / %u sections do not match this version", h.hdr_size,
			h.nsect);
	if (h.hdr_sum != img_sum(&h, offsetof(struct img_hdr, hdr_sum)))
		IMG_BAD("header checksum mismatch");
	if (h.file_size != len)
		IMG_BAD("file is %zu bytes, the header says %llu (truncated?)", len,
			(unsigned long long)h.file_size);
	/* Sections in order, and nothing but zeros between them, so that no
	 * byte of the file goes unchecked. */
	uint64_t at = sizeof(h);
	for (int s = 0; s <= S_N; s++) {
		uint64_t next = s < S_N ? h.sect[s].off : h.file_size;
		if (next < at || next > len || next - at > 64)
			IMG_BAD("section %s out of place", s < S_N ? sect_name[s] : "end");
		for (uint64_t i = at; i < next; i++)
			if (base[i])
				IMG_BAD("non-zero padding at byte %llu", (unsigned long long)i);
		if (s < S_N)
			at = next + (h.sect[s].size <= len - next ? h.sect[s].size : 0);
	}
	const void *sp[S_N];
	for (int s = 0; s < S_N; s++) {
		const struct img_sect *x = &h.sect[s];
		if (x->off % 64 || x->off < sizeof(h) || x->off > len || x->size > len - x->off ||
		    x->count > x->size || x->size / sect_elem[s] != x->count ||
		    x->size % sect_elem[s])
			IMG_BAD("section %s out of bounds", sect_name[s]);
		sp[s] = base + x->off;
	}
	g->pool = (char *)sp[S_POOL];
	g->plen = (size_t)h.sect[S_POOL].count;
	g->raw = (struct gent *)sp[S_ENT];
	g->nent = (size_t)h.sect[S_ENT].count;
	g->nnode = (size_t)h.nnode;
	g->edge = (struct gedge *)sp[S_EDGE];
	g->cap_edge = (size_t)h.sect[S_EDGE].count;
	g->nedge = (size_t)h.nedge;
	g->var = (struct gvar *)sp[S_VAR];
	g->nvar = (size_t)h.sect[S_VAR].count;
	g->byname = (int32_t *)sp[S_BYNAME];
	g->cap_byname = (size_t)h.sect[S_BYNAME].count;
	g->bloom = (uint64_t *)sp[S_BLOOM];
	g->bloom_bits = h.sect[S_BLOOM].count * 64;
	g->src = (char *)sp[S_SRC];
	g->srclen = h.sect[S_SRC].count ? (size_t)h.sect[S_SRC].count - 1 : 0;
	g->hash = h.hash;

	if (g->nent > INT32_MAX || g->nnode > UINT32_MAX || g->plen > UINT32_MAX ||
	    g->nvar > UINT32_MAX)
		IMG_BAD("too many records");
	if (!g->nnode)
		IMG_BAD("no root node");
	if (g->cap_byname < 2 || (g->cap_byname & (g->cap_byname - 1)))
		IMG_BAD("name index size %zu is not a power of two", g->cap_byname);
	if (g->bloom_bits < 64 || (g->bloom_bits & (g->bloom_bits - 1)))
		IMG_BAD("bitmap size is not a power of two");
	/* One pass over each section, a piece at a time while it is in the
	 * cache: the checksum, then every offset inside its records. */
	g->ent = xcalloc(g->nent + 1, sizeof(*g->ent));
	huge_advise(g->ent, (g->nent + 1) * sizeof(*g->ent));
	size_t used = 0, empty = 0;
	for (int sc = 0; sc < S_N; sc++) {
		const char *p = sp[sc];
		size_t size = (size_t)h.sect[sc].size, el = sect_elem[sc];
		enum { PIECE = 96 * 1024 };     /* a multiple of 32 and of every record size */
		struct sum sm;
		sum_init(&sm);
		for (size_t off = 0; off < size; off += PIECE) {
			size_t n = MIN((size_t)PIECE, size - off);
			sum_blocks(&sm, p + off, n);
			size_t r0 = off / el, r1 = (off + n) / el;
			switch (sc) {
			case S_ENT:
				for (size_t i = r0; i < r1; i++) {
					const struct gent *r = &g->raw[i];
					if (r->name >= g->plen || r->subtype >= g->plen ||
					    r->attrs >= g->plen || (r->kb != UINT32_MAX && r->kb >= g->plen) ||
					    r->type >= ET_N || r->dead > 1 || !(r->prior >= 0 && r->prior <= 1))
						IMG_BAD("entry %zu out of bounds", i);
					struct gaz_entry *e = &g->ent[i];
					e->name = g->pool + r->name;
					e->kb = r->kb == UINT32_MAX ? NULL : g->pool + r->kb;
					e->subtype = g->pool + r->subtype;
					e->attrs = g->pool + r->attrs;
					e->prior = r->prior;
					e->type = r->type;
					g->nlive += !r->dead;
				}
				break;
			/* The hot loops test a whole piece without branches and look
			 * for the culprit only when something was wrong. */
			case S_EDGE: {
				int bad = 0;
				uint64_t nn = g->nnode, nv = g->nvar;
				for (size_t i = r0; i < r1; i++) {
					const struct gedge *e = &g->edge[i];
					used += e->child != 0;
					bad |= (e->child >= nn) | (e->parent >= nn) | (e->vfirst > nv) |
					       ((uint64_t)e->vfirst + e->vcount > nv);
				}
				for (size_t i = r0; bad && i < r1; i++) {
					const struct gedge *e = &g->edge[i];
					if (e->child >= nn || e->parent >= nn ||
					    (uint64_t)e->vfirst + e->vcount > nv)
						IMG_BAD("edge %zu out of bounds", i);
				}
				break;
			}
			case S_VAR: {
				int bad = 0;
				for (size_t i = r0; i < r1; i++) {
					const struct gvar *v = &g->var[i];
					bad |= ((uint32_t)v->entry >= g->nent) | (v->type >= ET_N) |
					       (v->form > EF_PART) | ((uint8_t)(v->ntok - 1) > 15);
				}
				for (size_t i = r0; bad && i < r1; i++) {
					const struct gvar *v = &g->var[i];
					if ((uint32_t)v->entry >= g->nent || v->type >= ET_N ||
					    v->form > EF_PART || v->ntok < 1 || v->ntok > 16)
						IMG_BAD("variant %zu out of bounds", i);
				}
				break;
			}
			case S_BYNAME: {
				int bad = 0;
				for (size_t i = r0; i < r1; i++) {
					int32_t x = g->byname[i];
					empty += x == -1;
					bad |= (x < -1) | ((uint32_t)(x + 1) > g->nent);
				}
				for (size_t i = r0; bad && i < r1; i++) {
					int32_t x = g->byname[i];
					if (x < -1 || (x >= 0 && (size_t)x >= g->nent))
						IMG_BAD("name index slot %zu out of bounds", i);
				}
				break;
			}
			}
		}
		size_t whole = size & ~(size_t)31;
		if (sum_final(&sm, size, p + whole, size - whole) != h.sect[sc].sum)
			IMG_BAD("section %s checksum mismatch", sect_name[sc]);
	}
	kbloom_build(g);
	if (!g->plen || g->pool[0] || g->pool[g->plen - 1])
		IMG_BAD("pool is not NUL-terminated");
	if (!h.sect[S_SRC].count || g->src[g->srclen])
		IMG_BAD("source list is not NUL-terminated");
	if (used != g->nedge || used >= g->cap_edge)
		IMG_BAD("edge table holds %zu edges in %zu slots, the header says %llu", used,
			g->cap_edge, (unsigned long long)g->nedge);
	if (!empty)
		IMG_BAD("name index is full");
	if (g->nlive != h.nlive)
		IMG_BAD("%zu live entries, the header says %llu", g->nlive,
			(unsigned long long)h.nlive);
	words_init(g);
	*out = g;
	return 0;
bad:
	snprintf(err, errlen, "%s: %s", path, why);
	gaz_free(g);
	return NERD_EDATA;
}

uint64_t gaz_hash(const struct gaz *g)
{
	return g ? g->hash : 0;
}

const char *gaz_sources(const struct gaz *g)
{
	return g ? g->src : "";
}

int gaz_is_image(const struct gaz *g)
{
	return g && g->map;
}

size_t gaz_bytes(const struct gaz *g)
{
	if (!g)
		return 0;
	return g->plen + g->nent * (sizeof(struct gent) + sizeof(struct gaz_entry)) +
	       g->cap_edge * sizeof(struct gedge) +
	       g->nvar * sizeof(struct gvar) + g->cap_byname * sizeof(int32_t) + g->bloom_bits / 8 +
	       g->kbloom_bits / 8 * 2;
}

size_t gaz_size(const struct gaz *g)
{
	return g ? g->nlive : 0;
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

/* The entry of the first name variant at edge e, or -1. */
static int32_t edge_name(const struct gaz *g, const struct gedge *e)
{
	for (uint32_t v = e->vfirst; v < e->vfirst + e->vcount; v++)
		if (g->var[v].form == EF_NAME)
			return g->var[v].entry;
	return -1;
}

/* 1 when s[0..n) is letters only: the tokenizer makes one word of it whose
 * key is utf8_fold of the whole. */
static int one_word(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char b = (unsigned char)s[i];
		if (b < 0x80) {
			if ((unsigned)((b | 0x20) - 'a') >= 26u)
				return 0;
			i++;
		} else if (!uc_is_letter(utf8_next(s, &i)))
			return 0;
	}
	return n > 0;
}

int32_t gaz_find_h(const struct gaz *g, uint64_t keyhash)
{
	if (!g || !g->nent || !vbloom_has(g, keyhash))
		return -1;      /* most words: no first word that names alone */
	const struct gedge *e = edge_find(g, 0, keyhash);
	return e ? edge_name(g, e) : -1;
}

/* 1 when the eight bytes of w are ASCII letters: with 0x20 set in every byte
 * (the lower case), each byte x lies in 'a'..'z' when x + 0x1f reaches 0x80
 * and x + 0x05 does not (no byte carries: all are below 0x80). */
static inline int letters8(uint64_t w)
{
	const uint64_t hi = 0x8080808080808080ULL;
	uint64_t x = w | 0x2020202020202020ULL;
	return !(w & hi) && ((x + 0x1f1f1f1f1f1f1f1fULL) & ~(x + 0x0505050505050505ULL) & hi) == hi;
}

int gaz_plain_word(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	const uint64_t hi = 0x8080808080808080ULL;
	size_t i = 0;
	for (;;) {
		/* eight ASCII bytes at a time, the last eight (overlapping
		 * what was read) for the rest of a word of eight or more */
		uint64_t w;
		for (; n - i >= 8; i += 8) {
			memcpy(&w, p + i, 8);
			if (w & hi)
				break;
			if (!letters8(w))
				return 0;
		}
		if (i < n && n - i < 8 && n >= 8) {
			memcpy(&w, p + n - 8, 8);
			if (!(w & hi))  /* bytes before i there are letters passed */
				return letters8(w);
		}
		if (i >= n)
			break;
		/* a byte at a time up to and over the next non-ASCII letter */
		for (; i < n; i++) {
			if (p[i] < 0x80) {
				if ((unsigned)((p[i] | 0x20) - 'a') >= 26u)
					return 0;
				continue;
			}
			if (p[i] != 0xc3 || i + 1 >= n || (p[i + 1] & 0xc0) != 0x80 ||
			    p[i + 1] == 0x97 || p[i + 1] == 0xb7)
				return 0;       /* not U+00C0..U+00FF, or the signs × and ÷ */
			i += 2;
			break;
		}
	}
	return n > 0;
}

/* 1 when s[0..n) is two or more words of gaz_plain_word, one space between
 * each two. */
static int spaced_words(const char *s, size_t n)
{
	size_t words = 0;
	for (size_t i = 0; i < n; i++) {
		size_t j = i;
		while (j < n && s[j] != ' ')
			j++;
		if (!gaz_plain_word(s + i, j - i))
			return 0;       /* also an empty word: a space at either end, or two */
		words++;
		i = j;
	}
	return words > 1 && s[n - 1] != ' ';
}

int32_t gaz_find(const struct gaz *g, const char *surface, size_t n)
{
	if (!g || !g->nent)
		return -1;
	/* One word (ner.c asks for parts of compounds, "Nordhessen" ->
	 * "hessen"): its key and one edge, without a tokenizer run. */
	if (n <= 120 && one_word(surface, n)) {
		char key[2 * 120 + 8];
		size_t kl = utf8_fold(surface, n, key);
		return gaz_find_h(g, hash_bytes(key, kl));
	}
	/* Words of letters between single spaces ("SPD Vize", as rel.c
	 * asks for a hyphen compound's words): a token each, its key the
	 * folded word, and a walk without a tokenizer run. */
	if (n <= 120 && spaced_words(surface, n)) {
		uint32_t node = 0;
		const struct gedge *e = NULL;
		for (size_t i = 0; i < n; i++) {
			size_t j = i;
			while (j < n && surface[j] != ' ')
				j++;
			char key[2 * 120 + 8];
			size_t kl = utf8_fold(surface + i, j - i, key);
			e = edge_find(g, node, hash_bytes(key, kl));
			if (!e)
				return -1;
			node = e->child;
			i = j;
		}
		return edge_name(g, e);
	}
	struct doc d;
	memset(&d, 0, sizeof(d));
	d.text = surface;
	d.len = (uint32_t)n;
	d.ar = arena_new(0);
	tok_run(&d);
	uint32_t node = 0;
	int32_t best = -1;
	const struct gedge *e = NULL;
	for (uint32_t i = 0; i < d.ntok; i++) {
		e = edge_find(g, node, d.tok[i].hash);
		if (!e)
			break;
		node = e->child;
	}
	if (e && d.ntok)
		best = edge_name(g, e);
	arena_free(d.ar);
	return best;
}

/* ---- matching ---------------------------------------------------------- */

/* The scratch of one gaz_match call: the block in the document's arena
 * that candidate lists are cut from (CPOOL entries at a time, rather than
 * an arena allocation each). */
enum { CPOOL = 1024 };
struct mscratch {
	int32_t *cpool;
	uint32_t ncpool;
};

/* What a document's matching needs from the word lists, looked up once. */
struct mctx {
	const struct gaz *g;
	const struct lex *lx;
	struct doc *d;
	int nouns, nopart, roles, speech;
	struct mscratch *s;
};

/* Does the text of tokens [t0, t1) (surface hash sh) have a case the
 * variant allows?  Exact text (same surface hash), or ALL-CAPS text
 * (headlines), or any case for lower-case derived forms. */
static int case_ok(const struct doc *d, uint32_t t0, uint32_t t1, uint32_t sh,
		   const struct gvar *v)
{
	if ((v->flags & GV_ANYCASE) || v->shash == sh)
		return 1;
	/* ALL-CAPS text matches a capitalised name of 2+ letters. */
	for (uint32_t i = t0; i < t1; i++)
		if (!(d->tok[i].flags & TOK_UPPER) || (d->tok[i].flags & TOK_LOWER))
			return 0;
	return 1;
}

/* Is the token's key one of words?  The words are short: a longer key,
 * a key whose hash has a bit outside the list's mask (words_mask) or
 * another first byte is no match without a look at the list. */
static int key_in(const struct tok *t, const char *const *words, size_t n, uint64_t mask)
{
	if (t->keylen > 8 || !((mask >> (t->hash & 63)) & 1))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (words[i][0] == t->key[0] && !strcmp(words[i], t->key))
			return 1;
	return 0;
}

static int is_preposition_before(const struct gaz *g, const struct doc *d, uint32_t t)
{
	return t > 0 && key_in(&d->tok[t - 1], place_preps, ARRAY_LEN(place_preps), g->mask_prep);
}

/* How the words around tokens [t0, t1) point to a type, as a bonus per
 * type added to an entry's prior: a title or a role word before ("Frau",
 * "Präsident") points to a person; a preposition of place before ("in",
 * "nach") to a place; a verb of saying after (or just before, "sagte
 * Paris") to a person or an organisation. */
static void type_context(const struct mctx *c, uint32_t t0, uint32_t t1, float bonus[ET_N])
{
	const struct doc *d = c->d;
	memset(bonus, 0, sizeof(float) * ET_N);
	if (t0 > 0) {
		const struct tok *p = &d->tok[t0 - 1];
		if (key_in(p, titles, ARRAY_LEN(titles), c->g->mask_title) ||
		    lex_get_h(c->lx, c->roles, p->key, p->keylen, p->hash))
			bonus[ET_PER] += 0.6f;
		else if (key_in(p, place_preps, ARRAY_LEN(place_preps), c->g->mask_prep))
			bonus[ET_LOC] += 0.4f;
		else if (lex_get_h(c->lx, c->speech, p->key, p->keylen, p->hash)) {
			bonus[ET_PER] += 0.4f;
			bonus[ET_ORG] += 0.3f;
		}
	}
	uint32_t n = t1;
	if (n < d->ntok && tok_is(d, &d->tok[n], ","))
		n++;
	if (n < d->ntok && d->tok[n].sent == d->tok[t1 - 1].sent &&
	    lex_get_h(c->lx, c->speech, d->tok[n].key, d->tok[n].keylen, d->tok[n].hash)) {
		bonus[ET_PER] += 0.4f;
		bonus[ET_ORG] += 0.3f;
	}
}

/* Pushes the mention of reading best over tokens [t0, t1) with ncand other
 * entries as candidates, unless the context says it is no name here.
 * Returns where the caller writes the candidates (cut from the scratch
 * block), or NULL when none are wanted or nothing was pushed. */
static inline __attribute__((always_inline)) int32_t *emit_push(const struct mctx *c,
								const struct gvar *best, uint32_t t0,
								uint32_t t1, int part, uint32_t ncand)
{
	const struct gaz *g = c->g;
	struct doc *d = c->d;
	const struct tok *ft = &d->tok[t0];
	/* A one-word name that is also an ordinary noun ("Essen", "Mark") counts
	 * only where the context points to a name: after a preposition of
	 * place, or for entries marked as very likely. */
	if (!part && t1 - t0 == 1 && best->form == EF_NAME && !(best->flags & GV_GEN) &&
	    !(ft->flags & TOK_UPPER) && best->prior < (uint16_t)(0.9f * 65535.0f) &&
	    lex_get_h(c->lx, c->nouns, ft->key, ft->keylen, ft->hash)) {
		if (!(best->type == ET_LOC && is_preposition_before(g, d, t0)))
			return NULL;
	}
	/* Entries the data marks as unlikely (prior < 0.1: a town named like a
	 * word, "Hof", "Zug") need a place preposition before them; genitives
	 * and compound parts of small places are more often something else
	 * ("Lars" is no genitive of Lar, "Pop-Sängerin" no part of Pop). */
	float prior = (float)best->prior / 65535.0f;
	if (prior < 0.1f && !(best->type == ET_LOC && !part && is_preposition_before(g, d, t0)))
		return NULL;
	if (best->type == ET_LOC && prior < 0.6f && (part || (best->flags & GV_GEN))) {
		const char *sub = g->ent[best->entry].subtype;
		if (strcmp(sub, "country") && strcmp(sub, "continent") && strcmp(sub, "region"))
			return NULL;
	}
	int32_t *cc = NULL;
	if (ncand) {
		struct mscratch *s = c->s;
		if (s->ncpool < ncand) {
			s->cpool = arena_alloc(d->ar, CPOOL * sizeof(int32_t));
			s->ncpool = CPOOL;
		}
		cc = s->cpool;
		s->cpool += ncand;
		s->ncpool -= ncand;
	}
	/* canon and kb are filled in by gaz_match at the end (names_fill).
	 * Written whole in place (gaz_match reserves room, so that the array
	 * seldom grows here). */
	struct mention *m = d->nment < d->cap_ment ? &d->ment[d->nment++] : DOC_PUSH(d, ment);
	*m = (struct mention){
		.start = ft->start,
		.end = d->tok[t1 - 1].end,
		.t0 = t0,
		.t1 = t1,
		.type = best->type,
		.form = part ? EF_PART : best->form,
		.source = ES_GAZ,
		.flags = (best->flags & GV_GEN) ? MF_GENITIVE : 0,
		.score = 1.0f + 0.5f * prior + (part ? -0.3f : 0.0f),
		.entry = best->entry,
		.ent = -1,
		.cand = cc,
		.ncand = cc ? ncand : 0,
	};
	return cc;
}

/* The best of the type leaders lead[0..nlead) (positions in v, or in the
 * array base when v is NULL) by prior plus the context's bonus for its
 * type. */
static uint32_t best_leader(const struct mctx *c, const struct gvar *const *v,
			    const struct gvar *base, const uint8_t *lead, uint32_t nlead, uint32_t t0,
			    uint32_t t1)
{
	float bonus[ET_N], top = -1;
	uint32_t best = 0;
	type_context(c, t0, t1, bonus);
	for (uint32_t l = 0; l < nlead; l++) {
		const struct gvar *x = v ? v[lead[l]] : &base[lead[l]];
		float s = (float)x->prior / 65535.0f + bonus[x->type];
		if (s > top) {
			top = s;
			best = lead[l];
		}
	}
	return best;
}

/* emit_node for a node whose summary is not GS_FAST: every variant is
 * looked at. */
static __attribute__((noinline)) void emit_node_slow(const struct mctx *c, const struct gedge *ed,
						     uint32_t t0, uint32_t t1, int part, uint32_t sh)
{
	const struct gaz *g = c->g;
	struct doc *d = c->d;
	const struct gvar *ok[16];
	uint32_t nok = 0, types = 0;
	int several = 0;
	uint8_t lead[16];               /* indexes into ok of the type leaders */
	uint32_t nlead = 0;
	for (uint32_t k = ed->vfirst; k < ed->vfirst + ed->vcount; k++) {
		const struct gvar *v = &g->var[k];
		if (part) {
			/* The part's own case must match the surface exactly. */
			if (v->form != EF_NAME || (v->flags & GV_GEN) || v->ntok != 1 || v->shash != sh)
				continue;
		} else if (v->ntok != t1 - t0 || !case_ok(d, t0, t1, sh, v))
			continue;
		if (nok == ARRAY_LEN(ok))
			break;
		several |= nok && v->entry != ok[0]->entry;
		if (!(types & (1u << v->type))) {
			types |= 1u << v->type;
			lead[nlead++] = (uint8_t)nok;
		}
		ok[nok++] = v;
	}
	if (!nok)
		return;
	const struct gvar *best = ok[0];
	if (several && nlead > 1)
		best = ok[best_leader(c, ok, NULL, lead, nlead, t0, t1)];
	/* The other entries, each once (seen: bit entry & 63 of those taken,
	 * so that most entries need no look at the list). */
	int32_t cand[8];
	uint32_t ncand = 0;
	uint64_t seen = 1ULL << (best->entry & 63);
	for (uint32_t k = 0; k < nok && ncand < ARRAY_LEN(cand); k++) {
		int32_t en = ok[k]->entry;
		uint64_t bit = 1ULL << (en & 63);
		int dup = 0;
		if (seen & bit) {
			dup = en == best->entry;
			for (uint32_t j = 0; j < ncand; j++)
				dup |= cand[j] == en;
		}
		if (!dup) {
			cand[ncand++] = en;
			seen |= bit;
		}
	}
	int32_t *out = emit_push(c, best, t0, t1, part, ncand);
	for (uint32_t k = 0; out && k < ncand; k++)
		out[k] = cand[k];
}

/* Pushes one mention for the variants at node that fit tokens [t0, t1):
 * the reading with the best prior plus context bonus, the others as
 * candidates.  The variants are in order of falling prior, so the best
 * reading of each type is the first of that type (its leader): only the
 * leaders compete, and when all readings have one type the context cannot
 * change the order and is not looked at.  A node whose summary says GS_FAST
 * is decided by one test of its first variant, its leaders read from the
 * summary; that common case is compiled into each caller (part a constant
 * there), the others go to emit_node_slow. */
static inline __attribute__((always_inline)) void emit_node(const struct mctx *c,
							    const struct gedge *ed, uint32_t t0,
							    uint32_t t1, int part, uint32_t sh)
{
	const struct gvar *v0 = &c->g->var[ed->vfirst];
	if (!(v0->sum[0] & GS_FAST)) {
		emit_node_slow(c, ed, t0, t1, part, sh);
		return;
	}
	struct doc *d = c->d;
	if (part) {
		if (v0->form != EF_NAME || (v0->flags & GV_GEN) || v0->ntok != 1 || v0->shash != sh)
			return;
	} else if (v0->ntok != t1 - t0 || !case_ok(d, t0, t1, sh, v0))
		return;
	uint32_t n16 = ed->vcount < 16 ? ed->vcount : 16, bp = 0;
	uint32_t nlead = v0->sum[0] & GS_NLEAD;
	if ((v0->sum[0] & GS_SEVERAL) && nlead > 1 && n16 > 1) {
		/* Positions out of range (a damaged image) read as 0. */
		uint8_t lead[4] = {0, v0->sum[1], v0[1].sum[0], v0[1].sum[1]};
		for (uint32_t l = 1; l < 4; l++)
			lead[l] = lead[l] < n16 ? lead[l] : 0;
		bp = best_leader(c, NULL, v0, lead, nlead < 4 ? nlead : 4, t0, t1);
	}
	/* The others of the first 16, up to 8, as candidates (bp < n16):
	 * those before bp, then those after it. */
	uint32_t ncand = n16 - 1 < 8 ? n16 - 1 : 8;
	int32_t *out = emit_push(c, &v0[bp], t0, t1, part, ncand);
	if (out) {
		uint32_t k = 0;
		for (; k < bp && k < ncand; k++)
			out[k] = v0[k].entry;
		for (; k < ncand; k++)
			out[k] = v0[k + 1].entry;
	}
}

static inline int bloom_has(const struct gaz *g, uint64_t h)
{
	uint64_t b = h & (g->bloom_bits - 1);
	return (int)((g->bloom[b >> 6] >> (b & 63)) & 1);
}

/* Parts of a hyphen compound: every run of up to three parts that is not
 * the whole word, looked up as one token key ("US" in "US-Präsident",
 * "F-35" in "F-35-Kampfflugzeuge"). */
static void match_parts(const struct mctx *c, uint32_t t)
{
	const struct gaz *g = c->g;
	struct doc *d = c->d;
	const struct tok *tk = &d->tok[t];
	if (lex_has(c->lx, c->nopart, tk->key, tk->keylen))
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
		unsigned char b = (unsigned char)d->text[i];
		if (b < 0x80) {         /* the one ASCII dash, without calls */
			i++;
			if (b == '-')
				tpos[ntp++] = (uint32_t)i;
			continue;
		}
		size_t j = i;
		uint32_t cp = utf8_next(d->text, &j);
		if (uc_is_dash(cp))
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
			uint64_t h = hash_bytes(key, kl);
			if (!bloom_has(g, h) || !vbloom_has(g, h))
				continue;       /* no first word, or none that names alone */
			const struct gedge *e = edge_find(g, 0, h);
			if (!e || !e->vcount)
				continue;
			uint32_t pl = tpos[b] - 1 - tpos[a];
			size_t before = d->nment;
			emit_node(c, e, t, t + 1, 1,
				  surf_final(surf_step(SURF_SEED, d->text + tpos[a], pl)));
			if (d->lang != NERD_LANG_EN)
				return;
			/* English: the part's span is the name alone ("U.S." and
			 * "China" in "U.S.-China"), and every name part counts. */
			if (d->nment > before) {
				d->ment[d->nment - 1].start = tpos[a];
				d->ment[d->nment - 1].end = tpos[b] - 1;
			}
			a = b - 1;
			break;
		}
	}
}

/* True when mention m is one of the entry's English demonyms (endem=,
 * separated by '|') or its plural: those count in English documents only. */
static int en_demonym(const struct gaz *g, const struct doc *d, const struct mention *m)
{
	char buf[256];
	const char *v = attr_get(g->ent[m->entry].attrs, "endem", buf, sizeof(buf));
	size_t len = m->end - m->start;
	const char *s = d->text + m->start;
	while (v && *v) {
		const char *bar = strchr(v, '|');
		size_t n = bar ? (size_t)(bar - v) : strlen(v);
		if ((len == n || (len == n + 1 && s[n] == 's')) && !memcmp(s, v, n))
			return 1;
		v = bar ? bar + 1 : NULL;
	}
	return 0;
}

/* English documents: the entry's en= attribute is its canonical name when
 * it has one ("United States" for the entry "USA"), copied into d's arena;
 * otherwise the entry's own name. */
static const char *names_en(const struct gaz *g, struct doc *d, int32_t id)
{
	char buf[256];
	const char *v = attr_get(g->ent[id].attrs, "en", buf, sizeof(buf));
	if (!v || !*v)
		return g->ent[id].name;
	return arena_strndup(d->ar, v, strlen(v));
}

/* The canonical names and kb ids of mentions [first, nment): one pass with
 * the entries asked for ahead, so that their cache misses overlap instead
 * of each stalling the match loop. */
static void names_fill(const struct gaz *g, struct doc *d, size_t first)
{
	enum { AHEAD = 8 };
	for (size_t k = first; k < d->nment; k++) {
		if (k + AHEAD < d->nment)
			__builtin_prefetch(&g->ent[d->ment[k + AHEAD].entry]);
		struct mention *m = &d->ment[k];
		m->canon = g->ent[m->entry].name;
		m->kb = g->ent[m->entry].kb;
		if (d->lang != NERD_LANG_EN && m->form == EF_DERIVED && en_demonym(g, d, m)) {
			m->flags |= MF_DEAD;    /* "American" in German text: a band, a brand */
		} else if (d->lang == NERD_LANG_EN && (m->flags & MF_GENITIVE)) {
			/* English has no genitive -s on the name ("Sales" is no
			 * genitive of Sale; "Trump's" splits off 's) */
			m->flags |= MF_DEAD;
		} else if (d->lang == NERD_LANG_EN) {
			m->canon = names_en(g, d, m->entry);
			/* a name joined by a hyphen to a word is a part
			 * ("U.S.-China talks": both) */
			if (m->form == EF_NAME &&
			    ((m->start >= 2 && d->text[m->start - 1] == '-' &&
			      d->text[m->start - 2] != ' ' && d->text[m->start - 2] != '\n') ||
			     (m->end + 1 < d->len && d->text[m->end] == '-' &&
			      d->text[m->end + 1] != ' ' && d->text[m->end + 1] != '\n')))
				m->form = EF_PART;
		}
	}
}

/* Matching runs in blocks of tokens, in two passes, because most tokens
 * start no name and every step into a big compiled form (bitmap word, root
 * edge, variants, next edge) is a likely cache miss:
 *
 *  1. a pass without branches over the block tests every token against the
 *     first-token bitmap and lists the tokens worth a look (bitmap hits, and
 *     hyphen compounds, whose parts are looked up on their own); the bitmap
 *     word of the token LA_BLOOM places ahead is requested (fewer would not
 *     hide a miss: most of the bitmap is touched by a text's rarer words);
 *  2. a software pipeline over that list: the root edge slot of the hit
 *     LA_SLOT places ahead is requested, the hit LA_ROOT ahead is looked up
 *     (its slot is in the cache by then) and its variants and next edge
 *     requested; the result waits in a ring until the loop reaches the hit.
 *
 * Mentions come out in the order of their first token, as a plain walk
 * from every token would give them. */
enum { BLOCK = 512, LA_BLOOM = 64, LA_SLOT = 8, LA_ROOT = 3, LA_RING = 16 };
#define HIT_BLOOM 0x80000000u
/* The bit of TOK_HYPHEN, for pass 1. */
enum { HYPHEN_SHIFT = 6 };
_Static_assert(TOK_HYPHEN == 1u << HYPHEN_SHIFT, "HYPHEN_SHIFT is TOK_HYPHEN's bit");

/* The root edge of a hit (its token's offset in the block that starts at
 * token b0, and HIT_BLOOM when the bitmap said yes; h its edge hash), or
 * NULL, probed from its home slot; asks for what the walk needs next.  NULL
 * as well for a root that names nothing by itself when the next token is
 * none that follows in a name (kbloom): match_at would walk no further. */
static inline const struct gedge *root_probe(const struct gaz *g, const struct tok *tok,
					     uint32_t b0, uint32_t hit, uint64_t h, uint32_t ntok)
{
	if (!(hit & HIT_BLOOM))
		return NULL;
	uint32_t k = b0 + (hit & ~HIT_BLOOM);
	uint32_t tag = (uint32_t)h, check = (uint32_t)(tok[k].hash >> 32);
	size_t cap = g->cap_edge;
	for (size_t j = edge_slot(h, cap);; j = j + 1 == cap ? 0 : j + 1) {
		const struct gedge *e = &g->edge[j];
		if (!e->child)
			return NULL;
		if (e->tag == tag && e->check == check && e->parent == 0) {
			if (e->vcount)
				__builtin_prefetch(&g->var[e->vfirst]);
			if (e->kids && k + 1 < ntok && kbloom_has(g, tok[k + 1].hash))
				__builtin_prefetch(&g->edge[edge_slot(edge_hash(e->child, tok[k + 1].hash),
								      cap)]);
			else if (!e->vcount)
				return NULL;    /* "die" before a word no name has second */
			return e;
		}
	}
}

/* Walks the names that start at token i, root edge e, and emits them;
 * then the parts of a hyphen compound that is no name as a whole. */
static void match_at(const struct mctx *c, uint32_t i, const struct gedge *e)
{
	const struct gaz *g = c->g;
	struct doc *d = c->d;
	const struct tok *tok = d->tok;
	const uint32_t ntok = d->ntok;
	const struct tok *t = &tok[i];
	int whole = 0;
	if (e) {
		/* The surface hash of tokens [i, upto), taken only as far as a
		 * node with variants needs it: most walks from a common first
		 * word ("die", "der") end without one. */
		uint64_t sh = SURF_SEED;
		uint32_t upto = i;
		for (uint32_t j = i;;) {
			if (e->vcount) {
				for (; upto <= j; upto++) {
					if (upto > i)
						sh = surf_step(sh, "\x1f", 1);
					sh = surf_step(sh, d->text + tok[upto].start,
						       tok[upto].end - tok[upto].start);
				}
				size_t before = d->nment;
				emit_node(c, e, i, j + 1, 0, surf_final(sh));
				if (j == i && d->nment > before)
					whole = 1;
			}
			if (!e->kids || ++j >= ntok || j - i >= 16 || tok[j].sent != t->sent)
				break;
			const struct tok *tj = &tok[j];
			if (!kbloom_has(g, tj->hash))
				break;
			e = edge_find(g, e->child, tj->hash);
			if (!e)
				break;
			if (e->vcount)
				__builtin_prefetch(&g->var[e->vfirst]);
			if (e->kids && j + 1 < ntok)
				__builtin_prefetch(&g->edge[edge_slot(edge_hash(e->child, tok[j + 1].hash),
								      g->cap_edge)]);
		}
	}
	if (!whole && (t->flags & TOK_HYPHEN))
		match_parts(c, i);
}

void gaz_match(const struct gaz *g, const struct lex *lx, struct doc *d)
{
	if (!g || !g->nlive)
		return;
	struct mscratch scratch;
	memset(&scratch, 0, sizeof(scratch));
	struct mctx c = {g, lx, d, lex_list(lx, "nouns"), lex_list(lx, "nopart"),
			 lex_list(lx, "roles"), lex_list(lx, "speech"), &scratch};
	const struct tok *tok = d->tok;
	const uint32_t ntok = d->ntok;
	const size_t first = d->nment;
	const uint64_t bmask = g->bloom_bits - 1;
	const uint64_t *bloom = g->bloom;
	const size_t cap = g->cap_edge;
	/* Room for a mention every 10 tokens (news text has one in 10 to 30)
	 * at once, rather than the array doubling (and being copied) while it
	 * fills. */
	uint32_t want = d->nment + ntok / 10;
	if (d->cap_ment < want && ntok / 10 > 16) {
		d->ment = arena_grow(d->ar, d->ment, d->cap_ment * sizeof(*d->ment),
				     want * sizeof(*d->ment));
		d->cap_ment = want;
	}
	uint32_t hit[BLOCK];
	uint64_t ehash[LA_RING];        /* edge hashes of the hits' root edges */
	const struct gedge *root[LA_RING];
	for (uint32_t b0 = 0; b0 < ntok; b0 += BLOCK) {
		uint32_t b1 = ntok - b0 > BLOCK ? b0 + BLOCK : ntok;
		/* Pass 1: the tokens worth a look, as few instructions a token
		 * as can be (the bitmap bit or the hyphen flag; whether a
		 * bitmap hit is a word or a number is asked in pass 2).  The
		 * bitmap is bigger than a core's cache and a rare word's bit a
		 * miss: the word of the token LA_BLOOM ahead is asked for, so
		 * that the misses overlap (up to pf, past which no token is
		 * that far ahead). */
		size_t nh = 0;
		uint32_t i = 0;
		const struct tok *t = &tok[b0], *te = &tok[b1];
		const struct tok *pf = &tok[ntok > LA_BLOOM ? MIN(b1, ntok - LA_BLOOM) : 0];
#define PASS1_TEST(x, n)                                                               \
	do {                                                                           \
		uint64_t h = (x)->hash, w = bloom[(h & bmask) >> 6];                   \
		hit[nh] = (n);                                                         \
		nh += (uint32_t)((w >> (h & 63)) | ((x)->flags >> HYPHEN_SHIFT)) & 1u; \
	} while (0)
		for (; t + 1 < pf; t += 2, i += 2) {
			__builtin_prefetch(&bloom[(t[LA_BLOOM].hash & bmask) >> 6]);
			PASS1_TEST(t, i);
			__builtin_prefetch(&bloom[(t[LA_BLOOM + 1].hash & bmask) >> 6]);
			PASS1_TEST(t + 1, i + 1);
		}
		for (; t < te; t++, i++)
			PASS1_TEST(t, i);
#undef PASS1_TEST
		/* Pass 2: root edges, a few hits ahead, then the walks (a hit
		 * without a root only for a hyphen compound's parts). */
		for (uint32_t k = 0; k < nh + LA_SLOT; k++) {
			const struct tok *tk;
			if (k < nh && ((tk = &tok[b0 + hit[k]])->flags & (TOK_WORD | TOK_NUM)) &&
			    bloom_has(g, tk->hash) &&
			    (vbloom_has(g, tk->hash) ||
			     (tk + 1 < tok + ntok && kbloom_has(g, tk[1].hash)))) {
				uint64_t h = edge_hash(0, tk->hash);
				__builtin_prefetch(&g->edge[edge_slot(h, cap)]);
				ehash[k % LA_RING] = h;
				hit[k] |= HIT_BLOOM;
			}
			if (k < LA_SLOT - LA_ROOT)
				continue;
			uint32_t r = k - (LA_SLOT - LA_ROOT);
			if (r < nh)
				root[r % LA_RING] = root_probe(g, tok, b0, hit[r], ehash[r % LA_RING], ntok);
			if (k < LA_SLOT)
				continue;
			uint32_t m = k - LA_SLOT, at = b0 + (hit[m] & ~HIT_BLOOM);
			if (root[m % LA_RING] || (tok[at].flags & TOK_HYPHEN))
				match_at(&c, at, root[m % LA_RING]);
		}
	}
	names_fill(g, d, first);
}
