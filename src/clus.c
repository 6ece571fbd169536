/* clus.c -- mention clustering.  Mentions of the same gazetteer entry form
 * one entity; rule-made names join by their canonical string; a surname
 * alone or with a genitive ending ("Takaichi", "Trumps") joins the nearest
 * earlier full name it ends, or the only full name in the document that ends
 * with it; further surname mentions no stage found are added here (source
 * cluster).  Two different full names sharing a surname stay apart.  The
 * entity's canonical name is its gazetteer name, else its longest full name;
 * salience mixes mention count and position of the first mention. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "clus.h"
#include "doc.h"
#include "gaz.h"
#include "lex.h"
#include "model.h"
#include "tok.h"
#include "utf8.h"
#include "util.h"

/* The longest name (plus one) looked up as a whole, and the room for a
 * folded word (utf8_fold writes at most 2 n + 4 bytes for n). */
#define NAME_MAX_KEY 1024

/* Key of the last word w (n bytes) of a name, 0 when it would not fit
 * outlen bytes. */
static size_t last_word_key(const char *w, size_t n, char *out, size_t outlen)
{
	if (2 * n + 4 > outlen)
		return 0;
	return utf8_fold(w, n, out);
}

/* Strips a genitive ending from a span for use as a name: "Trumps" ->
 * "Trump", "Merz'" -> "Merz". */
static char *strip_genitive(struct arena *ar, const char *s, size_t n)
{
	if (n > 2 && (s[n - 1] == '\'' ))
		n--;
	else if (n > 3 && s[n - 1] == 's' && s[n - 2] != 's')
		n--;
	return arena_strndup(ar, s, n);
}

/* A new entity of mention mi (clus_run makes room for one per mention
 * beforehand). */
static int32_t new_entity(struct doc *d, const struct mention *m, uint32_t mi)
{
	struct entity *e = d->nent < d->cap_ent ? &d->ent[d->nent++] : DOC_PUSH(d, ent);
	*e = (struct entity){.type = m->type, .name = m->canon, .kb = m->kb, .entry = m->entry,
			     .first = mi, .cand = m->cand, .ncand = m->ncand};
	return (int32_t)(d->nent - 1);
}

/* Inserts a space after the initials of a name written without one:
 * "I.Saccomanno" -> "I. Saccomanno", "J.R.Smith" -> "J. R. Smith". */
static const char *space_initials(struct arena *ar, const char *name)
{
	size_t n = strlen(name), extra = 0;
	for (size_t i = 1; i + 1 < n; i++)
		if (name[i] == '.' && name[i + 1] != ' ' && name[i + 1] != '.' &&
		    (unsigned char)name[i - 1] >= 'A' && (unsigned char)name[i - 1] <= 'Z' &&
		    (i < 2 || name[i - 2] == ' ' || name[i - 2] == '.'))
			extra++;
	if (!extra)
		return name;
	char *out = arena_alloc(ar, n + extra + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		*o++ = name[i];
		if (i >= 1 && i + 1 < n && name[i] == '.' && name[i + 1] != ' ' && name[i + 1] != '.' &&
		    (unsigned char)name[i - 1] >= 'A' && (unsigned char)name[i - 1] <= 'Z' &&
		    (i < 2 || name[i - 2] == ' ' || name[i - 2] == '.'))
			*o++ = ' ';
	}
	*o = 0;
	return out;
}

/* Is token t exactly the one-byte text c? */
static int tok_char(const struct doc *d, uint32_t t, char c)
{
	return t < d->ntok && d->tok[t].end - d->tok[t].start == 1 && d->text[d->tok[t].start] == c;
}

/* An acronym in capitals and small letters, two capitals at least and a
 * capital first ("BdB", "IfW", "VKSt"). */
static int mixed_acronym(const struct doc *d, uint32_t t)
{
	const char *s = d->text + d->tok[t].start;
	size_t n = d->tok[t].end - d->tok[t].start, caps = 0;
	if (n < 3 || n > 6 || !(s[0] >= 'A' && s[0] <= 'Z'))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= 'A' && s[i] <= 'Z')
			caps++;
		else if (!(s[i] >= 'a' && s[i] <= 'z'))
			return 0;
	}
	return caps >= 2;
}

/* Joins a long form and the acronym in parentheses after it ("Europäische
 * Arzneimittel-Agentur (EMA)"): every mention of the long form's entity moves
 * to the acronym's, whose canonical name becomes the acronym. */
static void clus_acronyms(struct doc *d)
{
	for (uint32_t i = 0; i + 1 < d->nment; i++) {
		const struct mention *lf = &d->ment[i];
		if (lf->type != ET_ORG || lf->form != EF_NAME || lf->t1 - lf->t0 < 2 ||
		    !tok_char(d, lf->t1, '('))
			continue;
		const struct mention *ac = NULL;
		for (uint32_t j = i + 1; j < d->nment && d->ment[j].t0 <= lf->t1 + 1; j++)
			if (d->ment[j].t0 == lf->t1 + 1)
				ac = &d->ment[j];
		if (!ac || ac->type != ET_ORG || ac->t1 != ac->t0 + 1 ||
		    !(d->tok[ac->t0].flags & TOK_UPPER || mixed_acronym(d, ac->t0)) ||
		    !tok_char(d, ac->t1, ')'))
			continue;
		int32_t from = lf->ent, to = ac->ent;
		if (from < 0 || to < 0)
			continue;
		if (from != to)
			for (uint32_t k = 0; k < d->nment; k++)
				if (d->ment[k].ent == from)
					d->ment[k].ent = to;
		d->ent[to].name = arena_strndup(d->ar, d->text + ac->start, ac->end - ac->start);
	}
}

/* ---- entity lookup --------------------------------------------------------
 * The passes below look entities up by key, not by scanning all of them for
 * every mention or token (O(mentions x entities): a text of 100,000 names
 * took minutes, tests/hostile.test).  An emap (in the document's arena)
 * keeps, per key, the latest (highest-numbered) entity filed under it; the
 * keys of the different lookups are kept apart by a tag.  It keeps the
 * keys' pointers, not copies: a key must live as long as the map (the
 * entity's name, a token's key, or a copy in the arena). */
/* EM_LAST1 and EM_SURNAME1 keep the first entity filed, not the latest:
 * English news names a relative or namesake in full after the person the
 * story is about, whose bare surname stays theirs ("Mamata Banerjee ... her
 * nephew Abhishek Banerjee ... Banerjee said"). */
/* EM_NAME + type: the names of each type (enum etype) under their own tag. */
enum { EM_ENTRY = 1, EM_LAST, EM_ORGWORD, EM_SURNAME, EM_LAST1, EM_SURNAME1, EM_NAME,
       EM_NTAG = EM_NAME + ET_N };

struct emap {
	struct arena *ar;
	uint64_t *hash;         /* 0 = empty */
	const char **key;
	uint32_t *keylen;
	int32_t *ent;
	uint8_t *tag;
	uint32_t cap, n;
	uint32_t ntag[EM_NTAG]; /* keys filed per tag: none, no lookup */
	/* Per tag, its keys by length and first and last byte (sig_bit):
	 * pass 3 asks for every capitalised word no mention covers, and most
	 * have no bit here, so they need no hash or probe.  (Not for
	 * EM_ENTRY, whose keys are looked up by a cheap hash.) */
	uint64_t sig[EM_NTAG][1024 / 64];
	/* The keys of EM_ORGWORD, EM_SURNAME and EM_SURNAME1 by tag and first
	 * two bytes (head_bit): pass 3 turns most words away with this one
	 * test, before it finds their ends. */
	uint64_t head[1024 / 64];
};

static inline uint32_t sig_bit(const char *k, size_t kl)
{
	if (!kl)
		return 0;
	uint32_t a = (unsigned char)k[0], z = (unsigned char)k[kl - 1];
	return ((uint32_t)kl * 0x9e37u + a * 31u + z) & 1023u;
}

static inline uint32_t head_bit(int tag, const char *k, size_t kl)
{
	uint32_t a = kl ? (unsigned char)k[0] : 0, b = kl > 1 ? (unsigned char)k[1] : 0;
	return ((a << 8 | b) * 0x9e3779b1u + (uint32_t)tag * 0x85ebca6bu) >> 22;
}

/* 0 when no key of tag starts as k does; 1 when one may. */
static inline int head_maybe(const struct emap *em, int tag, const char *k, size_t kl)
{
	uint32_t b = head_bit(tag, k, kl);
	return em->head[b / 64] >> (b % 64) & 1;
}

/* 0 when no key of tag can equal k; 1 when one may. */
static inline int sig_maybe(const struct emap *em, int tag, const char *k, size_t kl)
{
	uint32_t b = sig_bit(k, kl);
	return em->sig[tag][b / 64] >> (b % 64) & 1;
}

/* keyhash = hash_bytes(k, kl) (a token's key carries it) */
static uint64_t emap_hash_h(int tag, uint64_t keyhash)
{
	uint64_t h = keyhash ^ ((uint64_t)tag * 0x9e3779b97f4a7c15ULL);
	return h ? h : 1;
}

static uint64_t emap_hash(int tag, const char *k, size_t kl)
{
	return emap_hash_h(tag, hash_bytes(k, kl));
}

static int32_t *emap_slot(const struct emap *em, int tag, const char *k, size_t kl, uint64_t h)
{
	if (!em->cap)
		return NULL;
	for (uint32_t j = (uint32_t)h & (em->cap - 1);; j = (j + 1) & (em->cap - 1)) {
		if (!em->hash[j])
			return NULL;
		if (em->hash[j] == h && em->tag[j] == tag && em->keylen[j] == kl &&
		    !memcmp(em->key[j], k, kl))
			return &em->ent[j];
	}
}

/* emap_get past its signature test (not inline: the test is) */
static int32_t emap_find(const struct emap *em, int tag, const char *k, size_t kl)
{
	int32_t *v = emap_slot(em, tag, k, kl, emap_hash(tag, k, kl));
	return v ? *v : -1;
}

static inline int32_t emap_get(const struct emap *em, int tag, const char *k, size_t kl)
{
	if (!em->ntag[tag] || !sig_maybe(em, tag, k, kl))
		return -1;
	return emap_find(em, tag, k, kl);
}

/* emap_get of a token's key */
static int32_t emap_get_tok(const struct emap *em, int tag, const struct tok *t)
{
	if (!em->ntag[tag] || !sig_maybe(em, tag, t->key, t->keylen))
		return -1;
	int32_t *v = emap_slot(em, tag, t->key, t->keylen, emap_hash_h(tag, t->hash));
	return v ? *v : -1;
}

/* Doubles the table (256 slots at first). */
static void emap_grow(struct emap *em)
{
	struct emap old = *em;
	em->cap = old.cap ? 2 * old.cap : 256;
	em->hash = arena_zalloc(em->ar, sizeof(*em->hash) * em->cap);
	em->key = arena_alloc(em->ar, sizeof(*em->key) * em->cap);
	em->keylen = arena_alloc(em->ar, sizeof(*em->keylen) * em->cap);
	em->ent = arena_alloc(em->ar, sizeof(*em->ent) * em->cap);
	em->tag = arena_alloc(em->ar, em->cap);
	for (uint32_t j = 0; j < old.cap; j++) {
		if (!old.hash[j])
			continue;
		uint32_t i = (uint32_t)old.hash[j] & (em->cap - 1);
		while (em->hash[i])
			i = (i + 1) & (em->cap - 1);
		em->hash[i] = old.hash[j];
		em->key[i] = old.key[j];
		em->keylen[i] = old.keylen[j];
		em->ent[i] = old.ent[j];
		em->tag[i] = old.tag[j];
	}
}

/* Files entity e under k (the key is kept, not copied: it must outlive
 * the map; keyhash = hash_bytes(k, kl)); the latest entity wins.  One
 * probe finds the key or the empty slot it goes to (the table grows
 * first when half full). */
static void emap_put_h(struct emap *em, int tag, const char *k, size_t kl, uint64_t keyhash,
		       int32_t e)
{
	if (2 * (em->n + 1) > em->cap)
		emap_grow(em);
	uint64_t h = emap_hash_h(tag, keyhash);
	uint32_t i = (uint32_t)h & (em->cap - 1);
	for (; em->hash[i]; i = (i + 1) & (em->cap - 1))
		if (em->hash[i] == h && em->tag[i] == tag && em->keylen[i] == kl &&
		    !memcmp(em->key[i], k, kl)) {
			if (e > em->ent[i])
				em->ent[i] = e;
			return;
		}
	em->hash[i] = h;
	em->key[i] = k;
	em->keylen[i] = (uint32_t)kl;
	em->ent[i] = e;
	em->tag[i] = (uint8_t)tag;
	em->n++;
	em->ntag[tag]++;
	if (tag == EM_ENTRY)
		return; /* looked up by emap_entry, with no filter */
	uint32_t b = sig_bit(k, kl);
	em->sig[tag][b / 64] |= 1ull << (b % 64);
	if (tag != EM_ORGWORD && tag != EM_SURNAME && tag != EM_SURNAME1)
		return; /* only pass 3 asks head_maybe, for these */
	b = head_bit(tag, k, kl);
	em->head[b / 64] |= 1ull << (b % 64);
}

static void emap_put(struct emap *em, int tag, const char *k, size_t kl, int32_t e)
{
	emap_put_h(em, tag, k, kl, hash_bytes(k, kl), e);
}

/* emap_get with keyhash = hash_bytes(k, kl) */
static int32_t emap_get_h(const struct emap *em, int tag, const char *k, size_t kl, uint64_t keyhash)
{
	if (!em->ntag[tag] || !sig_maybe(em, tag, k, kl))
		return -1;
	int32_t *v = emap_slot(em, tag, k, kl, emap_hash_h(tag, keyhash));
	return v ? *v : -1;
}

/* The hash of an EM_ENTRY key (gazetteer entry, type): a multiply and a
 * shift, in place of hash_bytes of its eight bytes. */
static uint64_t entry_hash(const int32_t k[2])
{
	uint64_t h = ((uint64_t)(uint32_t)k[0] << 32 | (uint32_t)k[1]) * 0x9e3779b97f4a7c15ULL;
	return h ^ h >> 29;
}

/* Files a new entity under every key the passes look it up by: its
 * gazetteer entry and type; its type and name; for a person the folded last
 * word of the name (and, for multi-word names, as a surname); for an
 * organisation its first word. */
static int32_t add_entity(struct doc *d, struct emap *em, const struct mention *m, uint32_t mi)
{
	int32_t e = new_entity(d, m, mi);
	const struct entity *en = &d->ent[e];
	size_t nl = strlen(en->name);
	if (en->entry >= 0) {
		int32_t *k = arena_alloc(d->ar, 2 * sizeof(int32_t));
		k[0] = en->entry;
		k[1] = en->type;
		emap_put_h(em, EM_ENTRY, (const char *)k, 2 * sizeof(int32_t), entry_hash(k), e);
	}
	if (nl + 1 < NAME_MAX_KEY)
		emap_put(em, EM_NAME + en->type, en->name, nl, e);
	if (en->type == ET_PER) {
		/* The passes read EM_LAST1 and EM_SURNAME1 in English only, and
		 * EM_LAST and EM_SURNAME in German only: a document files the
		 * pair its language reads.  The last word is folded into the
		 * arena once and hashed once. */
		const char *sp = strrchr(en->name, ' ');
		const char *w = sp ? sp + 1 : en->name;
		size_t wn = nl - (size_t)(w - en->name);
		char *buf = arena_alloc(d->ar, 2 * wn + 4);
		size_t l2 = last_word_key(w, wn, buf, NAME_MAX_KEY);
		int sur = l2 >= 3 && strchr(en->name, ' ');
		uint64_t h2 = l2 ? hash_bytes(buf, l2) : 0;
		if (d->lang != NERD_LANG_EN) {
			if (l2)
				emap_put_h(em, EM_LAST, buf, l2, h2, e);
			if (sur)
				emap_put_h(em, EM_SURNAME, buf, l2, h2, e);
		} else {
			if (l2 && emap_get_h(em, EM_LAST1, buf, l2, h2) < 0)
				emap_put_h(em, EM_LAST1, buf, l2, h2, e);
			if (sur && emap_get_h(em, EM_SURNAME1, buf, l2, h2) < 0)
				emap_put_h(em, EM_SURNAME1, buf, l2, h2, e);
		}
	} else if (en->type == ET_ORG) {
		const char *sp = strchr(en->name, ' ');
		size_t wl = sp ? (size_t)(sp - en->name) : nl;
		emap_put(em, EM_ORGWORD, en->name, wl, e);
	}
	return e;
}

/* The latest organisation whose name is word or starts with word and a
 * space, or -1. */
static int32_t org_opening(const struct emap *em, const char *word)
{
	return emap_get(em, EM_ORGWORD, word, strlen(word));
}

/* "Lewis Hamilton ... Hamilton wurde Sechster": after a person's full name,
 * a lone word the gazetteer took for a place or organisation that is that
 * person's surname (also with a genitive -s) is the person, unless the
 * gazetteer knows it well (a Wikidata id: "Washington").  Runs before
 * pass 1, so pass 2 joins it to the full name. */
static void clus_surnames_first(struct doc *d)
{
	struct emap seen = {.ar = d->ar};   /* last words of earlier full names */
	for (uint32_t i = 0; i < d->nment; i++) {
		struct mention *m = &d->ment[i];
		if (m->type == ET_PER && m->t1 - m->t0 >= 2 && m->form == EF_NAME) {
			const struct tok *l = &d->tok[m->t1 - 1];
			if (l->keylen >= 3)
				emap_put(&seen, EM_SURNAME, l->key, l->keylen, (int32_t)i);
			continue;
		}
		if (m->source != ES_GAZ || m->t1 != m->t0 + 1 || m->form != EF_NAME ||
		    (m->type != ET_LOC && m->type != ET_ORG) || m->kb)
			continue; /* places with a Wikidata id are too well known */
		const struct tok *t = &d->tok[m->t0];
		int gen = 0;
		if (emap_get(&seen, EM_SURNAME, t->key, t->keylen) < 0) {
			if (!(t->keylen > 3 && t->key[t->keylen - 1] == 's' &&
			      emap_get(&seen, EM_SURNAME, t->key, t->keylen - 1) >= 0))
				continue;
			gen = 1;
		}
		m->type = ET_PER;
		m->entry = -1;
		m->kb = NULL;
		m->cand = NULL;
		m->ncand = 0;
		m->canon = NULL;
		m->flags |= MF_SURNAME | (gen ? MF_GENITIVE : 0);
	}
}

/* An organisation is named as the text first uses it (ANNOTATION.md):
 * "Nato" where the gazetteer writes "NATO", "Dekabank" for its alias of
 * "Deka", "Mercedes" from "Mercedes-Fahrer".  Only one-word first mentions
 * that are no genitive, and only a surface that is itself a name or alias
 * of the same gazetteer entry and not the -n form of another ("Grünen"
 * beside "Grüne"); mentions are in text order. */
static void clus_org_first_use(struct doc *d)
{
	const struct gaz *g = d->m ? d->m->gaz : NULL;
	uint8_t *done = arena_zalloc(d->ar, d->nent + 1);
	for (uint32_t i = 0; g && i < d->nment; i++) {
		const struct mention *m = &d->ment[i];
		struct entity *e = &d->ent[m->ent];
		if (done[m->ent] || e->type != ET_ORG)
			continue;
		done[m->ent] = 1;
		if (e->entry < 0 || m->source != ES_GAZ || m->t1 != m->t0 + 1 ||
		    (m->flags & MF_GENITIVE))
			continue;
		/* English: an entry's en= name is its English canonical name
		 * ("Democrats" -> Democratic Party). */
		char enb[256];
		if (d->lang == NERD_LANG_EN && gaz_attr(g, e->entry, "en", enb, sizeof(enb)))
			continue;
		const char *s = d->text + m->start;
		size_t n = m->end - m->start;
		if (m->form == EF_PART) {
			const char *h = memchr(s, '-', n);
			if (!h || memchr(h + 1, '-', n - (size_t)(h + 1 - s)))
				continue;
			n = (size_t)(h - s);
		} else if (m->form != EF_NAME || memchr(s, '-', n)) {
			continue;
		}
		if (n < 2 || (strlen(e->name) == n && !memcmp(e->name, s, n)))
			continue;
		/* a word of letters (most) at the token's start: its key is
		 * the token key's head, asked for by its hash */
		const char *k = m->start == d->tok[m->t0].start && gaz_plain_word(s, n) ?
			d->tok[m->t0].key : NULL;
		if ((k ? gaz_find_h(g, hash_bytes(k, n)) : gaz_find(g, s, n)) != e->entry)
			continue;
		/* "Grünen", "Linken": an alias that is the inflected form of
		 * another one ("Grüne") is no name of its own. */
		if (n > 4 && s[n - 1] == 'n' && s[n - 2] == 'e' &&
		    (k ? gaz_find_h(g, hash_bytes(k, n - 1)) : gaz_find(g, s, n - 1)) == e->entry)
			continue;
		e->name = arena_strndup(d->ar, s, n);
	}
}

/* Does the folded word end like an inflected adjective in -en ("deutschen",
 * "vereinigten", "neuen", "nationalen")?  "Halvorsen" does not. */
static int adjective_en(const char *k, size_t n)
{
	static const char *const end[] = {"schen", "lichen", "igen", "ten", "alen", "ellen",
					  "ären", "uen", "anen", "iven", "ösen"};
	if (n < 6 || k[n - 1] != 'n' || k[n - 2] != 'e')
		return n >= 2 && n < 6 && k[n - 1] == 'n' && k[n - 2] == 'e';
	for (size_t i = 0; i < ARRAY_LEN(end); i++) {
		size_t l = strlen(end[i]);
		if (n > l && !memcmp(k + n - l, end[i], l))
			return 1;
	}
	return 0;
}

/* "Halvorsen Rail Technologies ... Halvorsen übernimmt ... die
 * Halvorsen-Aktionäre": the first word of an organisation the rules named in
 * several words stands for it later, alone (form name) or opening a hyphen
 * compound (form part).  Not for gazetteer organisations (they list their
 * short names), nor for a word that is a common noun, a function word or
 * the first word of a sentence-opening adjective ("Deutsche ...").  Pass 3
 * calls it on tokens no mention covers; returns 1 when it added one. */
static int clus_org_word(struct doc *d, struct emap *em, const struct lex *lx, uint32_t t)
{
	const struct tok *tk = &d->tok[t];
	const char *s = d->text + tk->start;
	size_t n = tk->end - tk->start, wn = n;
	const char *h = (tk->flags & TOK_HYPHEN) ? memchr(s, '-', n) : NULL;
	if (h)
		wn = (size_t)(h - s);
	if (wn < 3 || !(tk->flags & TOK_CAP) || (tk->flags & TOK_UPPER && !h))
		return 0;
	int32_t e = emap_get(em, EM_ORGWORD, s, wn);
	if (e < 0 || d->ent[e].entry >= 0 || !strchr(d->ent[e].name, ' '))
		return 0;
	int nouns = lex_list(lx, "nouns"), stop = lex_list(lx, "stop");
	char key[256];
	if (2 * wn + 4 > sizeof(key))
		return 0;
	size_t kl = utf8_fold(s, wn, key);
	if (lex_has(lx, nouns, key, kl) || lex_has(lx, stop, key, kl) || kl < 4 ||
	    (key[kl - 1] == 'e' && key[kl - 2] != 'e') || adjective_en(key, kl))
		return 0; /* "Bank", "Deutsche", "Europäischen" */
	if (h && n - wn < 4)
		return 0;
	struct mention *m = DOC_PUSH(d, ment);
	m->start = tk->start;
	m->end = tk->end;
	m->t0 = t;
	m->t1 = t + 1;
	m->type = ET_ORG;
	m->form = h ? EF_PART : EF_NAME;
	m->source = ES_CLUSTER;
	m->flags = 0;
	m->entry = -1;
	m->canon = d->ent[e].name;
	m->kb = NULL;
	m->ent = e;
	m->score = 1;
	return 1;
}

/* The end of the run of mentions in start order that opens at a[i]. */
static uint32_t run_end(const struct mention *a, uint32_t i, uint32_t n)
{
	for (i++; i < n && a[i - 1].start <= a[i].start; i++)
		;
	return i;
}

/* Sorts d->ment by start, stably (mentions with one start keep their
 * order, as they did under glibc's merge-sort qsort).  The stages append
 * their mentions in text order, so the array is a few sorted runs: a
 * natural merge sort joins neighbouring runs, a pass per halving of
 * their number, and is done at once for a sorted array. */
static void sort_ments(struct doc *d)
{
	uint32_t n = d->nment;
	if (n < 2 || run_end(d->ment, 0, n) == n)
		return;
	struct mention *src = d->ment, *dst = arena_alloc(d->ar, sizeof(*dst) * n);
	for (;;) {
		uint32_t runs = 0;
		for (uint32_t i = 0; i < n; runs++) {
			uint32_t m = run_end(src, i, n);
			uint32_t e = m < n ? run_end(src, m, n) : n;
			uint32_t a = i, b = m, o = i;
			while (a < m && b < e)
				dst[o++] = src[b].start < src[a].start ? src[b++] : src[a++];
			while (a < m)
				dst[o++] = src[a++];
			while (b < e)
				dst[o++] = src[b++];
			i = e;
		}
		struct mention *t = src;
		src = dst;
		dst = t;
		if (runs == 1)
			break;
	}
	if (src != d->ment)
		memcpy(d->ment, src, sizeof(*src) * n);
}

void clus_run(struct doc *d)
{
	/* Mentions in text order (entity ids then follow first appearance). */
	uint32_t live = 0;
	for (uint32_t i = 0; i < d->nment; i++)
		if (!(d->ment[i].flags & MF_DEAD))
			d->ment[live++] = d->ment[i];
	d->nment = live;
	if (!live)
		return;
	sort_ments(d);

	clus_surnames_first(d);
	/* passes 1 and 2 make at most one entity per mention */
	if (d->cap_ent < d->nent + d->nment) {
		uint32_t cap = d->nent + d->nment;
		d->ent = arena_grow(d->ar, d->ent, sizeof(*d->ent) * d->cap_ent, sizeof(*d->ent) * cap);
		d->cap_ent = cap;
	}
	struct emap em = {.ar = d->ar};

	/* Pass 1: gazetteer entries and multi-word names make entities. */
	for (uint32_t i = 0; i < d->nment; i++) {
		struct mention *m = &d->ment[i];
		m->ent = -1;
		if (m->entry >= 0) {
			int32_t k[2] = {m->entry, m->type};
			int32_t *v = em.ntag[EM_ENTRY] ?
				emap_slot(&em, EM_ENTRY, (const char *)k, sizeof(k),
					  emap_hash_h(EM_ENTRY, entry_hash(k))) : NULL;
			m->ent = v ? *v : -1;
			if (m->ent < 0)
				m->ent = add_entity(d, &em, m, i);
			continue;
		}
		if (!m->canon)
			m->canon = arena_strndup(d->ar, d->text + m->start, m->end - m->start);
		/* ner.c's part mentions of a person found in full ("der
		 * Krawinkel-Plan") carry the full name: they join by it here. */
		if (m->flags & MF_GENITIVE || (m->type == ET_PER && m->t1 - m->t0 == 1 &&
					       !(m->rule && !strcmp(m->rule, "ner.part"))))
			continue; /* pass 2 */
		size_t cl = strlen(m->canon);
		if (cl + 1 < NAME_MAX_KEY) {
			int32_t e = emap_get(&em, EM_NAME + m->type, m->canon, cl);
			if (e >= 0 && d->ent[e].entry < 0)
				m->ent = e;
		}
		/* "Cellvera-Chefin", "Cellvera" after "Cellvera Therapeutics":
		 * one word of an organisation joins the one it opens. */
		if (m->ent < 0 && m->type == ET_ORG && m->t1 - m->t0 == 1)
			m->ent = org_opening(&em, m->canon);
		if (m->ent < 0)
			m->ent = add_entity(d, &em, m, i);
	}

	/* Pass 2: single words join a person whose name ends with them. */
	char k1[512];
	for (uint32_t i = 0; i < d->nment; i++) {
		struct mention *m = &d->ment[i];
		if (m->ent >= 0)
			continue;
		size_t n = m->end - m->start;
		const char *s = d->text + m->start;
		char *base = (m->flags & MF_GENITIVE) ? strip_genitive(d->ar, s, n)
						      : arena_strndup(d->ar, s, n);
		size_t kl = 2 * strlen(base) + 4 < sizeof(k1) ? utf8_fold(base, strlen(base), k1) : 0;
		int32_t best = -1;
		if (kl && m->type == ET_PER) {
			/* the latest such entity; in English the first */
			best = emap_get(&em, d->lang == NERD_LANG_EN ? EM_LAST1 : EM_LAST, k1, kl);
		} else if (kl) {
			size_t bl = strlen(base);
			if (bl + 1 < NAME_MAX_KEY)
				best = emap_get(&em, EM_NAME + m->type, base, bl);
		}
		/* A word the sentence took for a person ("sagte Cellvera") that
		 * opens an organisation's name is that organisation. */
		if (best < 0 && m->source == ES_RULE && m->rule && !strncmp(m->rule, "per.ctx.", 8) &&
		    (best = org_opening(&em, base)) >= 0) {
			m->type = ET_ORG;
			m->canon = d->ent[best].name;
		}
		if (best >= 0) {
			m->ent = best;
			continue;
		}
		struct mention tmp = *m;
		tmp.canon = base;
		m->canon = base;
		m->ent = add_entity(d, &em, &tmp, i);
	}

	/* Pass 3: surname mentions no stage found ("Takaichi sagte" after
	 * "Sanae Takaichi"), also with a genitive -s; first words of
	 * organisations (clus_org_word). */
	const struct lex *lx = d->m ? d->m->lex : NULL;
	int stop = lex_list(lx, "stop");
	uint32_t nbefore = d->nment;
	uint8_t *covered = arena_zalloc(d->ar, d->ntok + 1);
	for (uint32_t i = 0; i < nbefore; i++)
		for (uint32_t t = d->ment[i].t0; t < d->ment[i].t1 && t < d->ntok; t++)
			covered[t] = 1;
	const struct tok *toks = d->tok;
	int sur = d->lang == NERD_LANG_EN ? EM_SURNAME1 : EM_SURNAME;
	/* Most words are turned away by the keys' signatures (as emap_get
	 * does), tested here before clus_org_word is called; with no key of
	 * either kind no word can be one. */
	int orgw = em.ntag[EM_ORGWORD] > 0, surw = em.ntag[sur] > 0;
	for (uint32_t t = 0, nt = orgw || surw ? d->ntok : 0; t < nt; t++) {
		const struct tok *tk = &toks[t];
		uint32_t f = tk->flags;
		if (!(f & TOK_CAP) || covered[t])
			continue;
		/* an organisation's first word has three bytes or more */
		const char *s0 = d->text + tk->start;
		int org = orgw && tk->end - tk->start >= 3 && head_maybe(&em, EM_ORGWORD, s0, 2);
		if (!org && !(surw && head_maybe(&em, sur, tk->key, tk->keylen)))
			continue;
		if (org && (!(f & TOK_UPPER) || (f & TOK_HYPHEN))) {
			/* clus_org_word's key: the word, or its part before
			 * the hyphen */
			const char *s = d->text + tk->start;
			size_t wn = tk->end - tk->start;
			const char *h = (f & TOK_HYPHEN) ? memchr(s, '-', wn) : NULL;
			if (h)
				wn = (size_t)(h - s);
			if (wn >= 3 && (!(f & TOK_UPPER) || h) && sig_maybe(&em, EM_ORGWORD, s, wn) &&
			    clus_org_word(d, &em, lx, t))
				continue;
		}
		if ((f & TOK_HYPHEN) || !surw)
			continue;
		int gen = 0;
		int32_t hit = emap_get_tok(&em, sur, tk);
		if (hit < 0 && tk->keylen > 3 &&
		    (tk->key[tk->keylen - 1] == 's' || tk->key[tk->keylen - 1] == '\'')) {
			hit = emap_get(&em, sur, tk->key, tk->keylen - 1);
			gen = hit >= 0;
		}
		/* a function word is no surname (asked last: most words have
		 * no hit) */
		if (hit < 0 || tok_lex_has(d, stop, tk))
			continue;
		struct mention *m = DOC_PUSH(d, ment);
		m->start = tk->start;
		m->end = tk->end;
		m->t0 = t;
		m->t1 = t + 1;
		m->type = ET_PER;
		m->form = EF_NAME;
		m->source = ES_CLUSTER;
		m->flags = gen ? MF_GENITIVE : 0;
		m->entry = d->ent[hit].entry;
		m->canon = d->ent[hit].name;
		m->kb = d->ent[hit].kb;
		m->ent = hit;
		m->score = 1;
	}
	if (d->nment > nbefore) {
		/* Keep text order; entity first-mention indexes are recomputed. */
		sort_ments(d);
	}

	/* Canonical names of rule-made people: their longest name. */
	for (uint32_t i = 0; i < d->nment; i++) {
		struct mention *m = &d->ment[i];
		struct entity *e = &d->ent[m->ent];
		if (e->entry < 0 && m->form == EF_NAME && !(m->flags & MF_GENITIVE) &&
		    strlen(m->canon) > strlen(e->name))
			e->name = m->canon;
	}

	/* "Office for Budget Responsibility (OBR)": the long form and the
	 * acronym in parentheses right after it are one organisation, known
	 * by the acronym the text introduces. */
	clus_acronyms(d);
	clus_org_first_use(d);
	/* "I.Saccomanno" is named "I. Saccomanno". */
	for (uint32_t e = 0; e < d->nent; e++)
		if (d->ent[e].type == ET_PER && d->ent[e].entry < 0)
			d->ent[e].name = space_initials(d->ar, d->ent[e].name);

	/* Counts, first mentions, salience. */
	for (uint32_t e = 0; e < d->nent; e++)
		d->ent[e].nment = 0, d->ent[e].first = UINT32_MAX;
	uint32_t maxn = 1;
	for (uint32_t i = 0; i < d->nment; i++) {
		struct entity *e = &d->ent[d->ment[i].ent];
		if (e->first == UINT32_MAX)
			e->first = i;
		if (++e->nment > maxn)
			maxn = e->nment;
	}
	for (uint32_t e = 0; e < d->nent; e++) {
		struct entity *en = &d->ent[e];
		if (!en->nment)
			continue; /* merged into another (acronyms); dropped below */
		const struct mention *f = &d->ment[en->first];
		float pos = d->len ? 1.0f - (float)f->start / (float)d->len : 1.0f;
		float head = (d->tok[f->t0].flags & TOK_HEADLINE) || d->tok[f->t0].sent == 0 ? 0.15f : 0;
		float s = 0.55f * (float)en->nment / (float)maxn + 0.3f * pos + head;
		en->salience = s > 1 ? 1 : s;
	}
	/* Entities numbered by first appearance. */
	int32_t *map = arena_alloc(d->ar, sizeof(int32_t) * (d->nent + 1));
	struct entity *ne = arena_alloc(d->ar, sizeof(struct entity) * (d->nent + 1));
	uint32_t k = 0;
	for (uint32_t e = 0; e < d->nent; e++)
		map[e] = -1;
	for (uint32_t i = 0; i < d->nment; i++) {
		int32_t e = d->ment[i].ent;
		if (map[e] < 0) {
			map[e] = (int32_t)k;
			ne[k++] = d->ent[e];
		}
	}
	for (uint32_t i = 0; i < d->nment; i++)
		d->ment[i].ent = map[d->ment[i].ent];
	for (uint32_t e = 0; e < k; e++)
		ne[e].first = UINT32_MAX;
	for (uint32_t i = 0; i < d->nment; i++)
		if (ne[d->ment[i].ent].first == UINT32_MAX)
			ne[d->ment[i].ent].first = i;
	d->ent = ne;
	d->nent = d->cap_ent = k;
}
