/* lex.c -- named word lists in one open-addressing hash table keyed by
 * (list, folded word), plus a second table keyed by the folded word alone
 * that holds the set of lists containing it (one probe answers "which lists
 * hold this token" for the first LEX_MASK_LISTS lists).  Keys and values
 * live in one string pool.  Most lookups are of words a list does not hold;
 * the tables are megabytes, so each such probe is a cache miss: a Bloom
 * filter per table (8 bits per slot, two bits per key, a few percent false
 * positives) answers most of them from a cache-sized bitmap. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
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

/* A word and the lists containing it (bit l for list l < LEX_MASK_LISTS).
 * A slot is empty when key is 0 (the pool's offset 0 is no key's), so
 * that the hash is the key's own, 0 included, and a probe takes a token's
 * hash as it is. */
struct wslot {
	uint64_t hash;          /* hash_bytes(key) */
	uint64_t mask;
	uint32_t key, keylen;   /* key: offset in pool, 0 = empty slot */
};

struct lex {
	struct slot *tab;
	size_t cap, n;
	struct wslot *wtab;
	size_t wcap, wn;
	uint64_t *bloom, *wbloom;       /* cap * 8 and wcap * 8 bits */
	char *pool;
	size_t plen, pcap;
	char **names;
	/* names by name: ntab[name_hash & (ntcap - 1)] holds id + 1 (0 =
	 * empty), linear probing; ntcap a power of two above 2 * nlists */
	int *ntab;
	size_t ntcap;
	size_t *sizes;
	uint64_t *lens;         /* per list: bit k set when a key has k bytes
				   (bit 63: 63 bytes or more) */
	/* The longest key of each list: lex_get refuses a longer key before
	 * hashing it, so callers that try every suffix of a token (rule.c's
	 * tail_has) stay linear on a megabyte token instead of quadratic
	 * (tests/hostile.test: a 64 KiB word took 43 s). */
	size_t *maxlen;
	/* Per list: the bytes its keys start / end with (bit b of byte b/8).
	 * With lens they turn most lookups of words a list cannot hold away
	 * before the key is hashed (most tokens are not month names). */
	uint8_t (*first)[32], (*lastb)[32];
	int nlists;
	/* lex_index_prefixes: list_hash(list, hash_bytes(p)) of every prefix p
	 * of every key of the indexed lists (0 = empty slot); pidx[l] is 1 for
	 * an indexed list l < npidx. */
	uint64_t *ptab;
	size_t pscap, psn;
	uint8_t *pidx;
	int npidx;
	/* lex_load: a Bloom filter (one bit per key) of tail_mix(list, the
	 * lex_tails hash of the whole key) over every key, for lex_tail_maybe;
	 * NULL for a lex built by hand. */
	uint64_t *tbloom;
	size_t tbits;           /* a power of two */
	unsigned tshift;        /* 64 - log2(tbits): tail_mix's top bits index it */
};

struct lex *lex_new(void)
{
	struct lex *x = xcalloc(1, sizeof(*x));
	x->cap = 1024;
	x->tab = xcalloc(x->cap, sizeof(*x->tab));
	x->wcap = 1024;
	x->wtab = xcalloc(x->wcap, sizeof(*x->wtab));
	x->bloom = xcalloc(x->cap / 8, sizeof(uint64_t));
	x->wbloom = xcalloc(x->wcap / 8, sizeof(uint64_t));
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
	free(x->ntab);
	free(x->sizes);
	free(x->lens);
	free(x->maxlen);
	free(x->first);
	free(x->lastb);
	free(x->tab);
	free(x->wtab);
	free(x->bloom);
	free(x->wbloom);
	free(x->ptab);
	free(x->pidx);
	free(x->tbloom);
	free(x->pool);
	free(x);
}

static void ntab_put(struct lex *x, int id);

int lex_new_list(struct lex *x, const char *name)
{
	int id = lex_list(x, name);
	if (id >= 0)
		return id;
	x->names = xrealloc(x->names, sizeof(char *) * (size_t)(x->nlists + 1));
	x->sizes = xrealloc(x->sizes, sizeof(size_t) * (size_t)(x->nlists + 1));
	x->lens = xrealloc(x->lens, sizeof(uint64_t) * (size_t)(x->nlists + 1));
	x->maxlen = xrealloc(x->maxlen, sizeof(size_t) * (size_t)(x->nlists + 1));
	x->first = xrealloc(x->first, sizeof(*x->first) * (size_t)(x->nlists + 1));
	x->lastb = xrealloc(x->lastb, sizeof(*x->lastb) * (size_t)(x->nlists + 1));
	memset(x->first[x->nlists], 0, sizeof(*x->first));
	memset(x->lastb[x->nlists], 0, sizeof(*x->lastb));
	x->names[x->nlists] = xstrdup(name);
	x->sizes[x->nlists] = 0;
	x->lens[x->nlists] = 0;
	x->maxlen[x->nlists] = 0;
	x->nlists++;
	if (2 * (size_t)x->nlists >= x->ntcap) {
		free(x->ntab);
		x->ntcap = x->ntcap ? 2 * x->ntcap : 64;
		x->ntab = xcalloc(x->ntcap, sizeof(*x->ntab));
		for (int i = 0; i < x->nlists; i++)
			ntab_put(x, i);
	} else
		ntab_put(x, x->nlists - 1);
	return x->nlists - 1;
}

/* The stages ask for their lists by name for every document: a table, not
 * a walk over every name. */
static size_t name_hash(const char *name)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 1099511628211ULL;
	return (size_t)(h ^ h >> 29);
}

static void ntab_put(struct lex *x, int id)
{
	size_t j = name_hash(x->names[id]) & (x->ntcap - 1);
	while (x->ntab[j])
		j = (j + 1) & (x->ntcap - 1);
	x->ntab[j] = id + 1;
}

int lex_list(const struct lex *x, const char *name)
{
	if (!x || !x->ntcap)
		return -1;
	for (size_t j = name_hash(name) & (x->ntcap - 1); x->ntab[j]; j = (j + 1) & (x->ntcap - 1))
		if (!strcmp(x->names[x->ntab[j] - 1], name))
			return x->ntab[j] - 1;
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

/* The Bloom filter of a table of cap slots (cap * 8 bits): two bits in one
 * 64-bit word (one cache line per lookup), all taken from the hash's high
 * bits (the low ones pick the slot). */
static inline uint64_t bloom_bits(uint64_t h)
{
	return (1ull << (h >> 44 & 63)) | (1ull << (h >> 50 & 63));
}

static inline void bloom_set(uint64_t *b, size_t cap, uint64_t h)
{
	b[(size_t)(h >> 20) & (cap / 8 - 1)] |= bloom_bits(h);
}

static inline int bloom_has(const uint64_t *b, size_t cap, uint64_t h)
{
	uint64_t m = bloom_bits(h);
	return (b[(size_t)(h >> 20) & (cap / 8 - 1)] & m) == m;
}

/* The (list, key) table's hash, from the key's own hash_bytes. */
static inline uint64_t list_hash(int list, uint64_t keyhash)
{
	uint64_t h = keyhash ^ ((uint64_t)(list + 1) * 0x9e3779b97f4a7c15ULL);
	return h ? h : 1;
}


static void wrehash(struct lex *x)
{
	size_t ncap = x->wcap * 2;
	struct wslot *nt = xcalloc(ncap, sizeof(*nt));
	free(x->wbloom);
	x->wbloom = xcalloc(ncap / 8, sizeof(uint64_t));
	for (size_t i = 0; i < x->wcap; i++) {
		if (!x->wtab[i].key)
			continue;
		bloom_set(x->wbloom, ncap, x->wtab[i].hash);
		size_t j = x->wtab[i].hash & (ncap - 1);
		while (nt[j].key)
			j = (j + 1) & (ncap - 1);
		nt[j] = x->wtab[i];
	}
	free(x->wtab);
	x->wtab = nt;
	x->wcap = ncap;
}

/* Records that list holds the folded key (whose pool copy is at off;
 * keyhash = hash_bytes(key, kl)). */
static void word_add(struct lex *x, int list, const char *key, size_t kl, uint32_t off,
		     uint64_t keyhash)
{
	uint64_t h = keyhash;
	if ((x->wn + 1) * 4 > x->wcap * 3)
		wrehash(x);
	size_t j = h & (x->wcap - 1);
	while (x->wtab[j].key) {
		struct wslot *w = &x->wtab[j];
		if (w->hash == h && w->keylen == kl && !memcmp(x->pool + w->key, key, kl))
			goto found;
		j = (j + 1) & (x->wcap - 1);
	}
	x->wtab[j].hash = h;
	x->wtab[j].key = off;
	x->wtab[j].keylen = (uint32_t)kl;
	x->wtab[j].mask = 0;
	x->wn++;
	bloom_set(x->wbloom, x->wcap, h);
found:
	if (list < LEX_MASK_LISTS)
		x->wtab[j].mask |= 1ull << list;
}

static void rehash(struct lex *x)
{
	size_t ncap = x->cap * 2;
	struct slot *nt = xcalloc(ncap, sizeof(*nt));
	free(x->bloom);
	x->bloom = xcalloc(ncap / 8, sizeof(uint64_t));
	for (size_t i = 0; i < x->cap; i++) {
		if (!x->tab[i].hash)
			continue;
		bloom_set(x->bloom, ncap, x->tab[i].hash);
		size_t j = x->tab[i].hash & (ncap - 1);
		while (nt[j].hash)
			j = (j + 1) & (ncap - 1);
		nt[j] = x->tab[i];
	}
	free(x->tab);
	x->tab = nt;
	x->cap = ncap;
}

static void tails_set(struct lex *x, int list, const char *key, size_t kl);
static void prefixes_add(struct lex *x, int list, const char *key, size_t kl);

/* lex_add of a key folded already (key must not point into x->pool). */
static void add_folded(struct lex *x, int list, const char *key, size_t kl, const char *value)
{
	uint64_t kh = hash_bytes(key, kl);
	uint64_t h = list_hash(list, kh);
	if ((x->n + 1) * 4 > x->cap * 3)
		rehash(x);
	size_t j = h & (x->cap - 1);
	while (x->tab[j].hash) {
		struct slot *s = &x->tab[j];
		if (s->hash == h && s->list == list && s->keylen == kl &&
		    !memcmp(x->pool + s->key, key, kl)) {
			/* Later entries win. */
			s->val = value ? pool_add(x, value, strlen(value)) : 0;
			return;
		}
		j = (j + 1) & (x->cap - 1);
	}
	x->tab[j].hash = h;
	bloom_set(x->bloom, x->cap, h);
	x->tab[j].list = list;
	x->tab[j].keylen = (uint32_t)kl;
	x->tab[j].key = pool_add(x, key, kl);
	x->tab[j].val = value ? pool_add(x, value, strlen(value)) : 0;
	x->n++;
	x->sizes[list]++;
	x->lens[list] |= 1ull << (kl < 63 ? kl : 63);
	if (kl) {
		unsigned char b0 = (unsigned char)key[0], b1 = (unsigned char)key[kl - 1];
		x->first[list][b0 >> 3] |= (uint8_t)(1u << (b0 & 7));
		x->lastb[list][b1 >> 3] |= (uint8_t)(1u << (b1 & 7));
	}
	word_add(x, list, key, kl, x->tab[j].key, kh);
	if (kl > x->maxlen[list])
		x->maxlen[list] = kl;
	/* keys added after the filters were built join them */
	if (x->tbloom)
		tails_set(x, list, key, kl);
	if (list < x->npidx && x->pidx[list])
		prefixes_add(x, list, key, kl);
}

void lex_add(struct lex *x, int list, const char *word, size_t n, const char *value)
{
	char stackbuf[256];
	char *key = 2 * n + 4 <= sizeof(stackbuf) ? stackbuf : xmalloc(2 * n + 4);
	size_t kl = utf8_fold(word, n, key);
	add_folded(x, list, key, kl, value);
	if (key != stackbuf)
		free(key);
}

void lex_add_prefixes(struct lex *x, int list, int plist)
{
	if (!x || list < 0 || list >= x->nlists || plist < 0 || plist >= x->nlists)
		return;
	/* the keys first: adding moves the table and the pool */
	size_t nk = 0;
	uint32_t (*k)[2] = xmalloc(sizeof(*k) * (x->sizes[list] + 1));
	for (size_t j = 0; j < x->cap; j++)
		if (x->tab[j].hash && x->tab[j].list == list) {
			k[nk][0] = x->tab[j].key;
			k[nk++][1] = x->tab[j].keylen;
		}
	char *buf = NULL;
	for (size_t i = 0; i < nk; i++) {
		buf = xrealloc(buf, k[i][1] + 1);
		memcpy(buf, x->pool + k[i][0], k[i][1]);
		for (size_t p = 1; p <= k[i][1]; p++)
			if (p == k[i][1] || ((unsigned char)buf[p] & 0xC0) != 0x80)
				add_folded(x, plist, buf, p, NULL);
	}
	free(buf);
	free(k);
}


/* 0 when no key of list can equal key: its length, first or last byte is
 * not one the list's keys have (list is a valid id). */
static inline int may_hold(const struct lex *x, int list, const char *key, size_t kl)
{
	if (kl > x->maxlen[list] || !(x->lens[list] >> (kl < 63 ? kl : 63) & 1))
		return 0;
	if (!kl)
		return 1;
	unsigned char b0 = (unsigned char)key[0], b1 = (unsigned char)key[kl - 1];
	return (x->first[list][b0 >> 3] >> (b0 & 7) & 1) &&
	       (x->lastb[list][b1 >> 3] >> (b1 & 7) & 1);
}

/* a[0..n) == b[0..n) for n <= KEY_SHORT (the words of a lexicon), without
 * a call: two loads of each that overlap and cover the n bytes, never
 * beyond them.  The probes below compare longer keys out of line (the
 * *_long functions, with memcmp), so that the hot functions call nothing
 * and need no registers saved. */
#define KEY_SHORT 16
static inline int key_eq(const char *a, const char *b, size_t n)
{
	if (n >= 8) {
		uint64_t a0, a1, b0, b1;
		memcpy(&a0, a, 8);
		memcpy(&b0, b, 8);
		memcpy(&a1, a + n - 8, 8);
		memcpy(&b1, b + n - 8, 8);
		return !((a0 ^ b0) | (a1 ^ b1));
	}
	if (n >= 4) {
		uint32_t a0, a1, b0, b1;
		memcpy(&a0, a, 4);
		memcpy(&b0, b, 4);
		memcpy(&a1, a + n - 4, 4);
		memcpy(&b1, b + n - 4, 4);
		return !((a0 ^ b0) | (a1 ^ b1));
	}
	if (n >= 2) {
		uint16_t a0, a1, b0, b1;
		memcpy(&a0, a, 2);
		memcpy(&b0, b, 2);
		memcpy(&a1, a + n - 2, 2);
		memcpy(&b1, b + n - 2, 2);
		return !((a0 ^ b0) | (a1 ^ b1));
	}
	return !n || a[0] == b[0];
}

/* The value of (list, key) in the table, h = list_hash(list, keyhash);
 * NULL when absent. */
static __attribute__((noinline)) const char *tab_find_long(const struct lex *x, int list,
							   const char *key, size_t kl, uint64_t h)
{
	for (size_t j = h & (x->cap - 1); x->tab[j].hash; j = (j + 1) & (x->cap - 1)) {
		const struct slot *s = &x->tab[j];
		if (s->hash == h && s->list == list && s->keylen == kl &&
		    !memcmp(x->pool + s->key, key, kl))
			return x->pool + s->val;
	}
	return NULL;
}

static inline const char *tab_find(const struct lex *x, int list, const char *key, size_t kl,
				   uint64_t h)
{
	if (kl > KEY_SHORT)
		return tab_find_long(x, list, key, kl, h);
	for (size_t j = h & (x->cap - 1); x->tab[j].hash; j = (j + 1) & (x->cap - 1)) {
		const struct slot *s = &x->tab[j];
		if (s->hash == h && s->list == list && s->keylen == kl &&
		    key_eq(x->pool + s->key, key, kl))
			return x->pool + s->val;
	}
	return NULL;
}

static inline const char *get_h(const struct lex *x, int list, const char *key, size_t kl,
				uint64_t keyhash)
{
	if (!x || list < 0 || list >= x->nlists || kl > x->maxlen[list])
		return NULL;
	uint64_t h = list_hash(list, keyhash);
	if (!bloom_has(x->bloom, x->cap, h))
		return NULL;
	return tab_find(x, list, key, kl, h);
}

const char *lex_get(const struct lex *x, int list, const char *key, size_t kl)
{
	/* A key longer than the list's longest (or of a length, first or last
	 * byte no key has) is refused before hashing. */
	if (!x || list < 0 || list >= x->nlists || !may_hold(x, list, key, kl))
		return NULL;
	return get_h(x, list, key, kl, hash_bytes(key, kl));
}

const char *lex_get_h(const struct lex *x, int list, const char *key, size_t kl,
		      uint64_t keyhash)
{
	if (!x || list < 0 || list >= x->nlists || !may_hold(x, list, key, kl))
		return NULL;
	return get_h(x, list, key, kl, keyhash);
}

const char *lex_get_in(const struct lex *x, int list, const char *key, size_t kl,
		       uint64_t keyhash)
{
	if (!x || list < 0 || list >= x->nlists)
		return NULL;
	return tab_find(x, list, key, kl, list_hash(list, keyhash));
}

/* The mask of key in the word table (h = its hash_bytes), 0 when absent;
 * the Bloom filter asked already. */
static __attribute__((noinline)) uint64_t wtab_find_long(const struct lex *x, const char *key,
							 size_t kl, uint64_t h)
{
	for (size_t j = h & (x->wcap - 1); x->wtab[j].key; j = (j + 1) & (x->wcap - 1)) {
		const struct wslot *w = &x->wtab[j];
		if (w->hash == h && w->keylen == kl && !memcmp(x->pool + w->key, key, kl))
			return w->mask;
	}
	return 0;
}

uint64_t lex_mask_h(const struct lex *x, const char *key, size_t kl, uint64_t keyhash)
{
	if (!x)
		return 0;
	uint64_t h = keyhash;
	if (!bloom_has(x->wbloom, x->wcap, h))
		return 0;
	if (kl > KEY_SHORT)
		return wtab_find_long(x, key, kl, h);
	for (size_t j = h & (x->wcap - 1); x->wtab[j].key; j = (j + 1) & (x->wcap - 1)) {
		const struct wslot *w = &x->wtab[j];
		if (w->hash == h && w->keylen == kl && key_eq(x->pool + w->key, key, kl))
			return w->mask;
	}
	return 0;
}

void lex_tok_masks(const struct lex *x, const struct tok *t, uint32_t n, uint64_t *out)
{
	if (!x) {
		memset(out, 0, sizeof(*out) * n);
		return;
	}
	/* lex_mask_h, with the table's fields in locals: the stores to out
	 * could alias them, and would make the compiler load them again for
	 * every token */
	const struct wslot *wt = x->wtab;
	const uint64_t *wb = x->wbloom;
	const char *pool = x->pool;
	size_t wmask = x->wcap - 1, bmask = x->wcap / 8 - 1;
	for (uint32_t i = 0; i < n; i++) {
		uint64_t h = t[i].hash, m = bloom_bits(h), r = 0;
		if ((wb[(size_t)(h >> 20) & bmask] & m) == m) {
			uint32_t kl = t[i].keylen;
			if (kl > KEY_SHORT)
				r = wtab_find_long(x, t[i].key, kl, h);
			else
				for (size_t j = h & wmask; wt[j].key; j = (j + 1) & wmask)
					if (wt[j].hash == h && wt[j].keylen == kl &&
					    key_eq(pool + wt[j].key, t[i].key, kl)) {
						r = wt[j].mask;
						break;
					}
		}
		out[i] = r;
	}
}

uint64_t lex_mask(const struct lex *x, const char *key, size_t kl)
{
	return x ? lex_mask_h(x, key, kl, hash_bytes(key, kl)) : 0;
}

void lex_each(const struct lex *x, int list, void (*fn)(const char *key, size_t kl, void *arg),
	      void *arg)
{
	if (!x)
		return;
	for (size_t j = 0; j < x->cap; j++)
		if (x->tab[j].hash && x->tab[j].list == list)
			fn(x->pool + x->tab[j].key, x->tab[j].keylen, arg);
}

uint64_t lex_lens(const struct lex *x, int list)
{
	return x && list >= 0 && list < x->nlists ? x->lens[list] : 0;
}

int lex_first_byte(const struct lex *x, int list, unsigned char b)
{
	return x && list >= 0 && list < x->nlists && (x->first[list][b >> 3] >> (b & 7) & 1);
}

int lex_last_byte(const struct lex *x, int list, unsigned char b)
{
	return x && list >= 0 && list < x->nlists && (x->lastb[list][b >> 3] >> (b & 7) & 1);
}

/* ---- suffix filter ---- */

void lex_tails(const char *key, size_t kl, uint64_t *out)
{
	uint64_t h = 1469598103934665603ULL;
	out[kl] = h;
	for (size_t j = kl; j-- > 0;) {
		h = (h ^ (unsigned char)key[j]) * 1099511628211ULL;
		out[j] = h;
	}
}

/* The bit of tbloom for a suffix hash in list: the top bits of one
 * multiply (the table is only a filter: any spread will do). */
static inline uint64_t tail_mix(const struct lex *x, int list, uint64_t th)
{
	return ((th ^ ((uint64_t)(list + 1) * 0x9e3779b97f4a7c15ULL)) * 0xff51afd7ed558ccdULL) >>
	       x->tshift;
}

static void tails_index(struct lex *x)
{
	x->tbits = 1 << 16;
	x->tshift = 48;
	while (x->tbits < 16 * x->n)
		x->tbits *= 2, x->tshift--;
	x->tbloom = xcalloc(x->tbits / 64, sizeof(uint64_t));
	for (size_t j = 0; j < x->cap; j++) {
		const struct slot *s = &x->tab[j];
		if (!s->hash)
			continue;
		tails_set(x, s->list, x->pool + s->key, s->keylen);
	}
}

static void tails_set(struct lex *x, int list, const char *key, size_t kl)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = kl; i-- > 0;)
		h = (h ^ (unsigned char)key[i]) * 1099511628211ULL;
	uint64_t b = tail_mix(x, list, h);
	x->tbloom[b >> 6] |= 1ull << (b & 63);
}

int lex_tail_maybe(const struct lex *x, int list, uint64_t tailhash)
{
	if (!x || !x->tbloom)
		return 1;
	uint64_t b = tail_mix(x, list, tailhash);
	return (int)(x->tbloom[b >> 6] >> (b & 63) & 1);
}

uint64_t lex_tail_bits(const struct lex *x, int list, const char *key, size_t kl, size_t lo,
		       size_t hi)
{
	if (hi >= kl)
		hi = kl - 1;
	if (hi > 63)
		hi = 63;
	if (!kl || lo > hi)
		return 0;
	uint64_t want = (hi == 63 ? ~0ull : (1ull << (hi + 1)) - 1) >> lo << lo;
	if (!x || !x->tbloom)
		return want;
	/* tail_mix with its loop-invariant parts in locals */
	const uint64_t *tb = x->tbloom, salt = (uint64_t)(list + 1) * 0x9e3779b97f4a7c15ULL;
	unsigned sh = x->tshift;
	uint64_t h = 1469598103934665603ULL, bits = 0;
	size_t j = kl;
	while (j > hi + 1)
		h = (h ^ (unsigned char)key[--j]) * 1099511628211ULL;
	while (j-- > lo) {
		h = (h ^ (unsigned char)key[j]) * 1099511628211ULL;
		uint64_t b = ((h ^ salt) * 0xff51afd7ed558ccdULL) >> sh;
		bits |= (tb[b >> 6] >> (b & 63) & 1) << j;
	}
	return bits;
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
	char *line, *rest = buf;
	long lineno = 0;
	while ((line = next_line(&rest, buf + len))) {
		lineno++;
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
	tails_index(x);
	*out = x;
	return 0;
}

/* ---- prefix sets ---- */

static void pset_add(struct lex *x, uint64_t h)
{
	if ((x->psn + 1) * 2 > x->pscap) {
		size_t ncap = x->pscap ? x->pscap * 2 : 1024;
		uint64_t *nt = xcalloc(ncap, sizeof(*nt));
		for (size_t i = 0; i < x->pscap; i++) {
			if (!x->ptab[i])
				continue;
			size_t j = x->ptab[i] & (ncap - 1);
			while (nt[j])
				j = (j + 1) & (ncap - 1);
			nt[j] = x->ptab[i];
		}
		free(x->ptab);
		x->ptab = nt;
		x->pscap = ncap;
	}
	size_t j = h & (x->pscap - 1);
	while (x->ptab[j]) {
		if (x->ptab[j] == h)
			return;
		j = (j + 1) & (x->pscap - 1);
	}
	x->ptab[j] = h;
	x->psn++;
}

void lex_index_prefixes(struct lex *x, int list)
{
	if (!x || list < 0 || list >= x->nlists)
		return;
	if (list >= x->npidx) {
		x->pidx = xrealloc(x->pidx, (size_t)x->nlists);
		memset(x->pidx + x->npidx, 0, (size_t)(x->nlists - x->npidx));
		x->npidx = x->nlists;
	}
	for (size_t j = 0; j < x->cap; j++) {
		const struct slot *s = &x->tab[j];
		if (s->hash && s->list == list)
			prefixes_add(x, list, x->pool + s->key, s->keylen);
	}
	x->pidx[list] = 1;
}

static void prefixes_add(struct lex *x, int list, const char *key, size_t kl)
{
	for (size_t p = 1; p <= kl; p++)
		if (p == kl || ((unsigned char)key[p] & 0xC0) != 0x80)
			pset_add(x, list_hash(list, hash_bytes(key, p)));
}

int lex_prefix_h(const struct lex *x, int list, const char *key, size_t kl, uint64_t keyhash)
{
	(void)key;
	if (!x || list < 0 || list >= x->npidx || !x->pidx[list])
		return 1;
	if (kl > x->maxlen[list])
		return 0;
	uint64_t h = list_hash(list, keyhash);
	size_t j = h & (x->pscap - 1);
	while (x->ptab[j]) {
		if (x->ptab[j] == h)
			return 1;
		j = (j + 1) & (x->pscap - 1);
	}
	return 0;
}
