/* ner.c -- overlap resolution.  Candidates from the gazetteer and the rules
 * compete for tokens: the longer span wins, then the higher score, then the
 * earlier start; a gazetteer mention beats a rule mention of the same span
 * (it knows the canonical name).  Mentions that overlap a figure or a date
 * without containing it are dropped ("Mai" in "im Mai"), except German names
 * among the counted words of a count ("drei Palästinenser").  After the choice,
 * two context fixes: a person's name ending in s, x or z takes the genitive
 * apostrophe written right after it ("Källenius' Plan"), a company's name
 * its "'s" ("Moody's"), a club its ordinal ("1. FC Köln"), and an
 * organisation named after its building (list sites) after a preposition
 * (list siteprep) is the building, LOC ("ins Weiße Haus").  English only:
 * a place before a currency word is none ("the Australian dollar"), and
 * after the choice acronyms take their long form's identity, "Apple Inc"
 * the gazetteer's Apple, "New York-based" the two-word place, and names a
 * rule found are marked where the text repeats them in short
 * (name_repeats). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "gaz.h"
#include "lex.h"
#include "model.h"
#include "nerd.h"
#include "ner.h"
#include "tok.h"
#include "arena.h"
#include "utf8.h"
#include "util.h"

/* tok_lex_has for a token of d->tok: d->tokmask holds exactly the lists
 * of each token's key, so for the lists it covers the bit is the answer,
 * without the lookup of the value tok_lex_get makes. */
static inline int tok_has(const struct doc *d, int list, const struct tok *tk)
{
	if ((unsigned)list < LEX_MASK_LISTS && d->tokmask)
		return (int)(d->tokmask[tk - d->tok] >> list & 1);
	return list >= 0 && tok_lex_has(d, list, tk);
}

/* lex_list(d's lexicon, name) for a name that is a string literal: the
 * ids are kept per thread for the model last seen (its lexicon and load
 * generation), in a small table by the literal's address, so that each
 * document does not look the same names up again.  A model without a
 * generation (made by hand) is not kept, nor a name past the table's
 * three quarters (ner.c names a few dozen). */
enum { NER_LISTS_KEPT = 64 };
static _Thread_local struct {
	const struct lex *lx;
	unsigned long gen;
	uint32_t n;
	const char *name[NER_LISTS_KEPT];
	int id[NER_LISTS_KEPT];
} ner_list_ids;

static int ner_list(const struct doc *d, const char *name)
{
	const struct lex *lx = d->m ? d->m->lex : NULL;
	if (!lx || !d->m->generation)
		return lex_list(lx, name);
	__typeof__(&ner_list_ids) c = &ner_list_ids;
	if (c->lx != lx || c->gen != d->m->generation) {
		memset(c->name, 0, sizeof(c->name));
		c->lx = lx;
		c->gen = d->m->generation;
		c->n = 0;
	}
	size_t j = (size_t)((uintptr_t)name * 0x9e3779b97f4a7c15ULL >> 58); /* 6 bits */
	while (c->name[j] && c->name[j] != name)
		j = (j + 1) % NER_LISTS_KEPT;
	if (!c->name[j]) {
		if (4 * (c->n + 1) > 3 * NER_LISTS_KEPT)
			return lex_list(lx, name);
		c->n++;
		c->name[j] = name;
		c->id[j] = lex_list(lx, name);
	}
	return c->id[j];
}

/* A string literal and its length, for tables of word endings. */
#define LIT(s) {s, sizeof(s) - 1}

static _Thread_local const struct doc *cmp_d;
/* priority() of every mention of cmp_d, computed once before the sort */
static _Thread_local const float *cmp_prio_of;

static float priority(const struct mention *m)
{
	float p = (float)(m->end - m->start) * 0.01f + (float)(m->t1 - m->t0) + m->score;
	if (m->source == ES_GAZ)
		p += 0.05f;
	return p;
}

static int cmp_prio(const void *a, const void *b)
{
	uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
	const struct mention *x = &cmp_d->ment[i];
	const struct mention *y = &cmp_d->ment[j];
	float px = cmp_prio_of[i], py = cmp_prio_of[j];
	if (px != py)
		return px > py ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

/* The bits of a float as an integer of the same order (NaN excepted; -0
 * and +0 both as +0, which compare equal). */
static uint32_t float_order(float f)
{
	uint32_t u;
	if (f == 0.0f)
		f = 0.0f;
	memcpy(&u, &f, sizeof(u));
	return u & 0x80000000u ? ~u : u | 0x80000000u;
}

/* An index and its sort key. */
struct kix {
	uint64_t k;
	uint32_t i;
};

/* Sorts a[0..n) by k ascending, stably (equal keys keep their order, as
 * under glibc's merge-sort qsort): insertion sort of runs of 8, then
 * bottom-up merges through tmp (n entries).  No calls through a
 * comparator. */
static void sort_kix(struct kix *a, uint32_t n, struct kix *tmp)
{
	enum { RUN = 8 };
	for (uint32_t r = 0; r < n; r += RUN) {
		uint32_t e = r + RUN < n ? r + RUN : n;
		for (uint32_t i = r + 1; i < e; i++) {
			struct kix v = a[i];
			uint32_t j = i;
			for (; j > r && a[j - 1].k > v.k; j--)
				a[j] = a[j - 1];
			a[j] = v;
		}
	}
	struct kix *src = a, *dst = tmp;
	for (uint32_t w = RUN; w < n; w *= 2) {
		for (uint32_t r = 0; r < n; r += 2 * w) {
			uint32_t m = r + w < n ? r + w : n, e = r + 2 * w < n ? r + 2 * w : n;
			uint32_t i = r, j = m, o = r;
			while (i < m && j < e)
				dst[o++] = src[j].k < src[i].k ? src[j++] : src[i++];
			while (i < m)
				dst[o++] = src[i++];
			while (j < e)
				dst[o++] = src[j++];
		}
		struct kix *t = src;
		src = dst;
		dst = t;
	}
	if (src != a)
		memcpy(a, src, sizeof(*a) * n);
}

static int overlaps(uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1)
{
	return a0 < b1 && b0 < a1;
}

static int cmp_start(const void *a, const void *b)
{
	const struct mention *x = &cmp_d->ment[*(const uint32_t *)a];
	const struct mention *y = &cmp_d->ment[*(const uint32_t *)b];
	return x->start < y->start ? -1 : x->start > y->start;
}

/* English: a long form followed by its acronym in parentheses ("International
 * Monetary Fund (IMF)") is known by the acronym (ANNOTATION.md, English):
 * both mentions get the acronym's canonical name and the same gazetteer
 * entry when one of them has one, so the clusterer makes one entity. */
static void acronym_canon(struct doc *d)
{
	uint32_t *ix = xmalloc(sizeof(uint32_t) * d->nment);
	uint32_t n = 0;
	for (uint32_t i = 0; i < d->nment; i++)
		if (!(d->ment[i].flags & MF_DEAD) && d->ment[i].form == EF_NAME)
			ix[n++] = i;
	cmp_d = d;
	qsort(ix, n, sizeof(uint32_t), cmp_start);
	for (uint32_t k = 0; k + 1 < n; k++) {
		struct mention *l = &d->ment[ix[k]], *a = &d->ment[ix[k + 1]];
		uint32_t p = l->end;
		while (p < a->start && d->text[p] == ' ')
			p++;
		if (l->type != a->type || p + 1 != a->start || d->text[p] != '(' ||
		    a->end >= d->len || d->text[a->end] != ')' || a->end - a->start < 2 ||
		    a->end - a->start >= l->end - l->start)
			continue;
		int caps = 1;
		for (uint32_t q = a->start; q < a->end && caps; q++)
			caps = (d->text[q] >= 'A' && d->text[q] <= 'Z') || d->text[q] == '+' ||
			       d->text[q] == '&' || d->text[q] == '.';
		if (!caps)
			continue;
		const char *acr = a->canon ? a->canon :
			arena_strndup(d->ar, d->text + a->start, a->end - a->start);
		a->canon = acr;
		l->canon = acr;
		if (a->entry >= 0) {
			l->entry = a->entry;
			l->kb = a->kb;
		} else if (l->entry >= 0) {
			a->entry = l->entry;
			a->kb = l->kb;
		}
	}
	free(ix);
}

/* English: "Apple Inc", "Toyota Motor Corp": a name with its legal form
 * (rule en.org.legal) is the organisation the gazetteer knows by the name
 * without it, which lost the tokens to the longer span. */
static void legal_form_known(struct doc *d, const uint32_t *taken)
{
	for (uint32_t i = 0; i < d->nment; i++) {
		const struct mention *g = &d->ment[i];
		if (!(g->flags & MF_DEAD) || g->source != ES_GAZ || g->type != ET_ORG ||
		    g->form != EF_NAME || !taken[g->t0])
			continue;
		struct mention *l = &d->ment[taken[g->t0] - 1];
		if (l->source != ES_RULE || l->type != ET_ORG || !l->rule ||
		    strcmp(l->rule, "en.org.legal") || l->t0 != g->t0 || l->t1 <= g->t1 ||
		    l->t1 > g->t1 + 2 || l->entry >= 0)
			continue;
		l->entry = g->entry;
		l->canon = g->canon;
		l->kb = g->kb;
	}
}

/* English: "a New York-based fund": the part before "-based" ends a name of
 * two or more words that the word before it opens ("New York", "Los
 * Angeles", "Hong Kong").  The part mention takes that word and the place
 * the gazetteer knows by the whole. */
static void place_compound_en(struct doc *d, uint32_t *taken)
{
	const struct gaz *gz = d->m ? d->m->gaz : NULL;
	char buf[256], en[256];
	for (uint32_t i = 0; i < d->nment && gz; i++) {
		struct mention *m = &d->ment[i];
		if ((m->flags & MF_DEAD) || m->form != EF_PART || m->t1 != m->t0 + 1 || m->t0 == 0 ||
		    !(d->tok[m->t0].flags & TOK_HYPHEN) || m->start != d->tok[m->t0].start)
			continue;
		const struct tok *p = &d->tok[m->t0 - 1];
		uint32_t pl = p->end - p->start, ml = m->end - m->start;
		if (taken[m->t0 - 1] || !(p->flags & TOK_CAP) || !(p->flags & TOK_WORD) ||
		    !(d->tok[m->t0].flags & TOK_SPACE) || pl + ml + 2 > sizeof(buf))
			continue;
		memcpy(buf, d->text + p->start, pl);
		buf[pl] = ' ';
		memcpy(buf + pl + 1, d->text + m->start, ml);
		int32_t id = gaz_find(gz, buf, pl + 1 + ml);
		const struct gaz_entry *ge = id >= 0 ? gaz_get(gz, id) : NULL;
		if (!ge || ge->type != m->type)
			continue;
		const char *name = gaz_attr(gz, id, "en", en, sizeof(en));
		if (!name || !*name)
			name = ge->name;
		m->canon = arena_strndup(d->ar, name, strlen(name));
		m->entry = id;
		m->kb = ge->kb;
		m->cand = NULL;
		m->ncand = 0;
		m->t0--;
		m->start = p->start;
		taken[m->t0] = i + 1;
	}
}

/* English: unknown words after a possessive are a person (rule
 * en.per.afterposs, "the BJP's Himanta Biswa Sarma was") only when the
 * owner is a party ("Samsung's Galaxy Fold has" is a product). */
static void afterposs_party(struct doc *d)
{
	const struct gaz *gz = d->m ? d->m->gaz : NULL;
	uint8_t *party_end = NULL;
	for (uint32_t i = 0; i < d->nment; i++) {
		const struct mention *m = &d->ment[i];
		const struct gaz_entry *ge = m->entry >= 0 && gz ? gaz_get(gz, m->entry) : NULL;
		if ((m->flags & MF_DEAD) || m->type != ET_ORG ||
		    !((ge && !strcmp(ge->subtype, "party")) ||
		      (m->rule && !strncmp(m->rule, "en.org.party", 12))))
			continue;
		if (!party_end)
			party_end = arena_zalloc(d->ar, d->ntok + 1);
		party_end[m->t1 - 1] = 1;
	}
	for (uint32_t i = 0; i < d->nment; i++) {
		struct mention *m = &d->ment[i];
		if (m->rule && !strcmp(m->rule, "en.per.afterposs") &&
		    !(party_end && m->t0 >= 3 && party_end[m->t0 - 3]))
			m->flags |= MF_DEAD;
	}
}

/* The word of a name that name_repeats looks for. */
struct repeat {
	const char *s;          /* the word as written, NULL for an empty slot */
	uint32_t n;
	uint64_t h;             /* hash of its folded key (struct tok's hash) */
	int32_t ment;           /* the mention it names, -1 when two names share it */
	int first;              /* first word of a longer name (strict context) */
};

static int same_canon(const struct doc *d, const struct mention *x, const struct mention *y)
{
	if (x->canon && y->canon)
		return !strcmp(x->canon, y->canon);
	return x->end - x->start == y->end - y->start &&
	       !memcmp(d->text + x->start, d->text + y->start, x->end - x->start);
}

/* The slot of the word s[0..n) (folded-key hash h) in the table. */
static uint32_t rep_slot(const struct repeat *r, uint32_t cap, const char *s, size_t n, uint64_t h)
{
	uint32_t j = (uint32_t)h & (cap - 1);
	for (; r[j].s; j = (j + 1) & (cap - 1))
		if (r[j].h == h && r[j].n == n && !memcmp(r[j].s, s, n))
			break;
	return j;
}

/* Files word s[0..n) for mention i of d. */
static void rep_put(const struct doc *d, struct repeat *r, uint32_t cap, const char *s, size_t n,
		    uint64_t h, int32_t i, int first, uint32_t *nrep)
{
	uint32_t j = rep_slot(r, cap, s, n, h);
	if (!r[j].s) {
		r[j].s = s;
		r[j].n = (uint32_t)n;
		r[j].h = h;
		r[j].ment = i;
		r[j].first = first;
		(*nrep)++;
	} else if (r[j].ment >= 0 && !same_canon(d, &d->ment[r[j].ment], &d->ment[i])) {
		r[j].ment = -1;
	} else if (r[j].ment >= 0 && !first) {
		r[j].first = 0;
	}
}

static void rep_push(struct doc *d, int32_t src, uint32_t t, uint32_t start, uint32_t end, int form)
{
	const struct mention o0 = d->ment[src];
	struct mention *m = DOC_PUSH(d, ment);
	*m = o0;
	m->t0 = t;
	m->t1 = t + 1;
	m->start = start;
	m->end = end;
	m->form = (uint8_t)form;
	m->flags &= ~(uint8_t)MF_HEADLINE;
	if (!m->canon)
		m->canon = arena_strndup(d->ar, d->text + o0.start, o0.end - o0.start);
}

/* English names a rule found that the text repeats in short on free
 * tokens, written the same:
 *   - an acronym it defined ("the Harbour Workers Congress (HWC) ... HWC
 *     leader X", after acronym_canon) and a party word a party context
 *     found ("the Labor government" ... "Labor won"): everywhere, and as
 *     parts of hyphenated words ("a Labor-Greens deal");
 *   - the first word of an organisation found by its head word or legal
 *     form ("Halcyra Biosciences" ... "Boston-based Halcyra", "Halcyra
 *     shares rose"): not a function word, role or title, and not next to
 *     another capitalised word ("Central Europe"); for a "... Party" also
 *     its plural ("Liberal Party" ... "the Liberals").
 * A word two different names share is left alone.  One hash table, one
 * pass over the tokens. */
static void name_repeats(struct doc *d, const uint32_t *taken)
{
	int stop = ner_list(d, "stop"), roles = ner_list(d, "roles_en");
	int titles = ner_list(d, "titles");
	uint32_t n0 = d->nment, cap = 16;
	while (cap < 4 * n0 + 2)
		cap *= 2;
	struct repeat *h = NULL;
	uint32_t nrep = 0;
	char key[256];
	for (uint32_t i = 0; i < n0; i++) {
		const struct mention *o = &d->ment[i];
		if ((o->flags & MF_DEAD) || o->type != ET_ORG || o->form != EF_NAME ||
		    o->source != ES_RULE || !o->rule)
			continue;
		const struct tok *w = &d->tok[o->t0];
		int first;
		if (o->t1 == o->t0 + 1 && o->entry < 0 &&
		    (((w->flags & TOK_UPPER) && !strncmp(o->rule, "en.org.acronym", 14)) ||
		     (!(w->flags & TOK_HYPHEN) && !strncmp(o->rule, "en.org.party", 12))))
			first = 0;
		else if (o->t1 - o->t0 >= 2 && (!strncmp(o->rule, "en.org.head", 11) ||
						 !strncmp(o->rule, "en.org.legal", 12)) &&
			 (w->flags & TOK_CAP) && !(w->flags & (TOK_UPPER | TOK_HYPHEN | TOK_ABBR)) &&
			 w->keylen >= 4 && !tok_has(d, stop, w) &&
			 !tok_has(d, roles, w) && !tok_has(d, titles, w))
			first = 1;
		else
			continue;
		if (!h)
			h = arena_zalloc(d->ar, sizeof(*h) * cap);
		rep_put(d, h, cap, d->text + w->start, w->end - w->start, w->hash, (int32_t)i, first,
			&nrep);
		const struct tok *l = &d->tok[o->t1 - 1];
		if (first && o->t1 - o->t0 == 2 && l->end - l->start == 5 &&
		    !memcmp(d->text + l->start, "Party", 5) &&
		    2 * (w->end - w->start + 1) + 4 <= sizeof(key)) {
			char *pl = arena_alloc(d->ar, w->end - w->start + 2);
			memcpy(pl, d->text + w->start, w->end - w->start);
			pl[w->end - w->start] = 's';
			pl[w->end - w->start + 1] = 0;
			size_t kl = utf8_fold(pl, w->end - w->start + 1, key);
			rep_put(d, h, cap, pl, w->end - w->start + 1, hash_bytes(key, kl), (int32_t)i, 1,
				&nrep);
		}
	}
	if (!nrep)
		return;
	for (uint32_t t = 0; t < d->ntok; t++) {
		const struct tok *tk = &d->tok[t];
		if (taken[t] || !(tk->flags & TOK_WORD))
			continue;
		if (tk->flags & TOK_HYPHEN) {
			/* "Labor-Greens": each part that is such a name */
			uint32_t a = tk->start;
			while (a < tk->end) {
				uint32_t b = a;
				while (b < tk->end && d->text[b] != '-')
					b++;
				size_t kl = 2 * (b - a) + 4 <= sizeof(key) ?
					utf8_fold(d->text + a, b - a, key) : 0;
				uint32_t j = kl ? rep_slot(h, cap, d->text + a, b - a, hash_bytes(key, kl)) : 0;
				if (kl && h[j].s && h[j].ment >= 0 && !h[j].first)
					rep_push(d, h[j].ment, t, a, b, EF_PART);
				a = b + 1;
			}
			continue;
		}
		uint32_t j = rep_slot(h, cap, d->text + tk->start, tk->end - tk->start, tk->hash);
		if (!h[j].s || h[j].ment < 0)
			continue;
		const struct tok *pv = t > 0 ? &d->tok[t - 1] : NULL;
		if (h[j].first && ((pv && (pv->flags & TOK_CAP) && !(pv->flags & TOK_HYPHEN) &&
				    !tok_has(d, stop, pv) && !(tk->flags & TOK_SSTART)) ||
				   (t + 1 < d->ntok && (d->tok[t + 1].flags & TOK_CAP))))
			continue;
		rep_push(d, h[j].ment, t, tk->start, tk->end, EF_NAME);
	}
}

/* A one-word gazetteer name that is also a common noun or function word
 * loses where the grammar makes it the ordinary word: after an article or a
 * fused preposition ("das Ende", "im Norden"), or a function word opening a
 * sentence ("Seine Frau").  Only place names that are everyday nouns
 * (list nounplaces) or places of low prior that the noun list holds are
 * taken for the noun: "im Allgäu" stays a place. */
static void ner_drop_nouns(struct doc *d)
{
	int nouns = ner_list(d, "nounplaces"), stop = ner_list(d, "stop");
	int det = ner_list(d, "determiners"), fused = ner_list(d, "fusedprep");
	int common = ner_list(d, "nouns");
	for (uint32_t i = 0; i < d->nment; i++) {
		struct mention *m = &d->ment[i];
		if (m->source != ES_GAZ || m->t1 != m->t0 + 1 || (m->flags & MF_DEAD) ||
		    m->form != EF_NAME)
			continue;
		const struct tok *t = &d->tok[m->t0];
		if ((t->flags & TOK_SSTART) && tok_has(d, stop, t)) {
			m->flags |= MF_DEAD;
			continue;
		}
		/* A place of low prior (below 0.6) that is a common noun counts
		 * as one too ("im Boden", "dem Kirchdorf", "am Lachen"). */
		if (m->t0 == 0 || !(tok_has(d, nouns, t) ||
				    (m->type == ET_LOC && m->score < 1.3f &&
				     tok_has(d, common, t))))
			continue;
		const struct tok *p = &d->tok[m->t0 - 1];
		if (tok_has(d, det, p) || tok_has(d, fused, p))
			m->flags |= MF_DEAD;
	}
}

/* A rule that read a strong context (a role, title or relative before the
 * name: score 0.75 or more) beats a gazetteer reading of the same span
 * that the gazetteer does not know well (no Wikidata id): "seinem Onkel
 * Hamilton" is a person, not the Canadian city.  A weaker person context
 * (a verb or a speech verb next to the word: score 0.4 or more) beats only
 * a one-word place of low prior (below 0.65: "so Barth.", "beendete
 * Dickinson"), not "Rostock findet". */
static void ner_strong_context(struct doc *d)
{
	/* Strong rule mentions chained by their first token, the chains'
	 * heads in a small hash table by that token (few mentions are
	 * strong): one short walk per gazetteer mention, not a scan of all
	 * mentions. */
	int32_t *next = arena_alloc(d->ar, sizeof(int32_t) * (d->nment + 1));
	uint32_t nstrong = 0;
	for (uint32_t j = 0; j < d->nment; j++) {
		const struct mention *r = &d->ment[j];
		next[j] = r->source == ES_RULE && !(r->flags & MF_DEAD) &&
			  (r->score >= 0.75f || (r->type == ET_PER && r->score >= 0.4f)) &&
			  r->t0 < d->ntok;
		nstrong += (uint32_t)next[j];
	}
	if (!nstrong)
		return;
	uint32_t cap = 8;
	while (cap < 2 * nstrong)
		cap *= 2;
	struct head {
		uint32_t t;     /* first token, UINT32_MAX: empty */
		int32_t j;      /* the chain's latest mention */
	} *head = arena_alloc(d->ar, sizeof(*head) * cap);
	for (uint32_t h = 0; h < cap; h++)
		head[h].t = UINT32_MAX;
	for (uint32_t j = 0; j < d->nment; j++) {
		if (!next[j])
			continue;
		uint32_t t = d->ment[j].t0, h = t * 0x9e3779b1u & (cap - 1);
		while (head[h].t != UINT32_MAX && head[h].t != t)
			h = (h + 1) & (cap - 1);
		next[j] = head[h].t == t ? head[h].j : -1;
		head[h].t = t;
		head[h].j = (int32_t)j;
	}
	for (uint32_t i = 0; i < d->nment; i++) {
		struct mention *g = &d->ment[i];
		if (g->source != ES_GAZ || g->kb || (g->flags & MF_DEAD) || g->t0 >= d->ntok)
			continue;
		uint32_t h = g->t0 * 0x9e3779b1u & (cap - 1);
		while (head[h].t != UINT32_MAX && head[h].t != g->t0)
			h = (h + 1) & (cap - 1);
		for (int32_t j = head[h].t == g->t0 ? head[h].j : -1; j >= 0; j = next[j]) {
			const struct mention *r = &d->ment[j];
			if (r->t1 == g->t1 && r->type != g->type &&
			    (r->score >= 0.75f || (g->type == ET_LOC && g->t1 == g->t0 + 1 &&
						    g->score < 1.325f))) {
				g->flags |= MF_DEAD;
				break;
			}
		}
	}
}

static int tok_char_is(const struct doc *d, uint32_t t, char c)
{
	return t < d->ntok && d->tok[t].end - d->tok[t].start == 1 && d->text[d->tok[t].start] == c;
}

/* Is token t the apostrophe of a genitive, written right after the word? */
static int genitive_apostrophe(const struct doc *d, uint32_t t)
{
	if (t >= d->ntok || (d->tok[t].flags & TOK_SPACE))
		return 0;
	const char *s = d->text + d->tok[t].start;
	uint32_t n = d->tok[t].end - d->tok[t].start;
	return (n == 1 && s[0] == '\'') || (n == 3 && !memcmp(s, "\xe2\x80\x99", 3));
}

static const char *last_hyphen(const char *s, size_t n)
{
	while (n--)
		if (s[n] == '-')
			return s + n;
	return NULL;
}

/* "Berlin-Charlottenburg", "Bremen-Vegesack": a place joined by a hyphen to
 * a capitalised word that is no common noun, role or noun compound names a
 * district or a place, not a compound mentioning the place ("Berlin-Besuch"):
 * form name, the whole token its canonical name. */
static void place_district(struct doc *d, struct mention *m, const struct lex *lx, int nouns,
			   int roles)
{
	if (m->source != ES_GAZ || m->type != ET_LOC || m->form != EF_PART || m->t1 != m->t0 + 1 ||
	    d->lang == NERD_LANG_EN) /* English: "Qatar-brokered", a part */
		return;
	const struct tok *t = &d->tok[m->t0];
	const char *h = last_hyphen(t->key, t->keylen);
	const char *th = last_hyphen(d->text + t->start, t->end - t->start);
	if (!h || !th || th + 1 >= d->text + t->end)
		return;
	size_t n = t->keylen - (size_t)(h + 1 - t->key);
	unsigned char c = (unsigned char)th[1], c2 = (unsigned char)d->text[t->start + 1];
	if (!(c2 >= 'a' && c2 <= 'z') && c2 < 0x80)
		return; /* "US-Marinestützpunkt": an acronym opens noun compounds */
	if (n < 3 || !(c >= 'A' && c <= 'Z') || lex_has(lx, nouns, h + 1, n) ||
	    lex_has(lx, roles, h + 1, n))
		return;
	/* A noun compound as the last part ("Weltmeisterschaft") is no name. */
	const char *w = h + 1;
	for (size_t k = 3; k + 4 <= n; k++)
		if (lex_has(lx, nouns, w + k, n - k) &&
		    (lex_has(lx, nouns, w, k) || (k > 3 && strchr("sne", w[k - 1]) &&
						  lex_has(lx, nouns, w, k - 1))))
			return;
	m->form = EF_NAME;
	m->canon = arena_strndup(d->ar, d->text + t->start, t->end - t->start);
	m->entry = -1;
	m->kb = NULL;
}

/* "an der Grimmaischen Straße", "am Alten Markt": a street named by an
 * adjective and a street word (rule loc.street2) is known by its nominative
 * without article: the adjective takes the strong ending of the street
 * word's gender ("Grimmaische Straße", "Alter Markt", "Neues Tor").  So does
 * a race of misc.grandprix ("Großer Preis von Monaco") and a war of misc.war
 * ("des Zweiten Weltkriegs" -> "Zweiter Weltkrieg"). */
static void street_nominative(struct doc *d, struct mention *m)
{
	static const char *const fem[] = {"Straße", "Strasse", "Allee", "Gasse", "Brücke",
					  "Chaussee"};
	static const char *const neut[] = {"Ufer", "Tor"};
	/* the rules' ids are told apart by their first byte before strcmp */
	if (m->source != ES_RULE || !m->rule || (m->rule[0] != 'm' && m->rule[0] != 'l'))
		return;
	if (m->source == ES_RULE && m->rule && !strcmp(m->rule, "misc.grandprix")) {
		/* "beim Großen Preis von Monaco" -> "Großer Preis von Monaco" */
		const char *rest = d->text + d->tok[m->t0].end;
		size_t rn = m->end - d->tok[m->t0].end;
		char *c = arena_alloc(d->ar, rn + 8);
		memcpy(c, "Gro\xc3\x9f" "er", 7);
		memcpy(c + 7, rest, rn);
		c[7 + rn] = 0;
		m->canon = c;
		return;
	}
	if (m->source == ES_RULE && m->rule && !strcmp(m->rule, "misc.war") &&
	    m->t1 == m->t0 + 2) {
		/* "des Zweiten Weltkriegs" -> "Zweiter Weltkrieg" */
		const struct tok *a = &d->tok[m->t0], *b = &d->tok[m->t0 + 1];
		const char *as = d->text + a->start, *bs = d->text + b->start;
		size_t an = a->end - a->start, bn = b->end - b->start;
		size_t stem = an >= 2 && !memcmp(as + an - 2, "en", 2) ? an - 2 :
			      an >= 2 && !memcmp(as + an - 2, "er", 2) ? an - 2 : an - 1;
		if (bn > 3 && !memcmp(bs + bn - 3, "ges", 3))
			bn -= 2;
		else if (bn > 2 && !memcmp(bs + bn - 2, "gs", 2))
			bn -= 1;
		char *c = arena_alloc(d->ar, stem + 3 + bn + 1);
		memcpy(c, as, stem);
		memcpy(c + stem, "er ", 3);
		memcpy(c + stem + 3, bs, bn);
		c[stem + 3 + bn] = 0;
		m->canon = c;
		return;
	}
	if (m->source != ES_RULE || !m->rule || strcmp(m->rule, "loc.street2") ||
	    m->t1 != m->t0 + 2)
		return;
	const struct tok *a = &d->tok[m->t0], *b = &d->tok[m->t0 + 1];
	const char *as = d->text + a->start, *bs = d->text + b->start;
	size_t an = a->end - a->start, bn = b->end - b->start;
	size_t stem;
	if (an > 4 && !memcmp(as + an - 2, "en", 2))
		stem = an - 2;
	else if (an > 3 && as[an - 1] == 'e')
		stem = an - 1;
	else
		return; /* "Potsdamer Platz", "Grimmaische Straße" */
	const char *end = "er";
	for (size_t i = 0; i < ARRAY_LEN(fem); i++)
		if (strlen(fem[i]) == bn && !memcmp(bs, fem[i], bn))
			end = "e";
	for (size_t i = 0; i < ARRAY_LEN(neut); i++)
		if (strlen(neut[i]) == bn && !memcmp(bs, neut[i], bn))
			end = "es";
	size_t el = strlen(end);
	char *c = arena_alloc(d->ar, stem + el + 1 + bn + 1);
	memcpy(c, as, stem);
	memcpy(c + stem, end, el);
	c[stem + el] = ' ';
	memcpy(c + stem + el + 1, bs, bn);
	c[stem + el + 1 + bn] = 0;
	m->canon = c;
}

/* taken[t] is non-zero where a mention already holds token t. */
static void ner_context(struct doc *d, uint32_t *taken)
{
	const struct lex *lx = d->m ? d->m->lex : NULL;
	int nouns = ner_list(d, "nouns"), roles = ner_list(d, "roles");
	int clubs = ner_list(d, "clubs");
	int sites = ner_list(d, "sites"), prep = ner_list(d, "siteprep");
	int det = ner_list(d, "determiners");
	char key[256];
	for (uint32_t i = 0; i < d->nment; i++) {
		struct mention *m = &d->ment[i];
		if (m->flags & MF_DEAD)
			continue;
		place_district(d, m, lx, nouns, roles);
		street_nominative(d, m);
		/* "1. FC Köln": a club's ordinal belongs to its name. */
		if (m->type == ET_ORG && m->form == EF_NAME &&
		    tok_has(d, clubs, &d->tok[m->t0])) {
			/* The tokenizer reads "1." before a capital as a number and a
			 * sentence end: both tokens join the club. */
			uint32_t k = m->t0;
			if (k >= 2 && tok_char_is(d, k - 1, '.') && !(d->tok[k - 1].flags & TOK_SPACE) &&
			    (d->tok[k - 2].flags & TOK_NUM) && d->tok[k - 2].end - d->tok[k - 2].start <= 2)
				k -= 2;
			else if (k >= 1 && (d->tok[k - 1].flags & TOK_ORD) &&
				 d->tok[k - 1].end - d->tok[k - 1].start <= 3)
				k -= 1;
			int free_ = k < m->t0;
			for (uint32_t q = k; q < m->t0; q++)
				free_ = free_ && !taken[q];
			if (free_) {
				for (uint32_t q = k; q < m->t0; q++)
					taken[q] = 1;
				m->t0 = k;
				m->start = d->tok[k].start;
				if (m->source != ES_GAZ)
					m->canon = arena_strndup(d->ar, d->text + m->start, m->end - m->start);
			}
		}
		/* Not in English, whose possessive stays outside ("Reeves'",
		 * "Merz's"). */
		if (m->type == ET_PER && m->form == EF_NAME && m->end > m->start &&
		    d->lang != NERD_LANG_EN &&
		    strchr("sxzSXZ", d->text[m->end - 1]) && genitive_apostrophe(d, m->t1) &&
		    !taken[m->t1]) {
			taken[m->t1] = 1;
			m->end = d->tok[m->t1].end;
			m->t1++;
			m->flags |= MF_GENITIVE;
			continue;
		}
		/* "Moody's", "McDonald's": a company's name keeps its "'s" in
		 * German; in English that is the possessive ("the FDA's office"),
		 * and names really ending in "'s" are in the gazetteer whole. */
		if (m->type == ET_ORG && m->form == EF_NAME && d->lang != NERD_LANG_EN &&
		    genitive_apostrophe(d, m->t1) &&
		    m->t1 + 1 < d->ntok && !taken[m->t1] && !taken[m->t1 + 1] &&
		    !(d->tok[m->t1 + 1].flags & TOK_SPACE) && d->tok[m->t1 + 1].keylen == 1 &&
		    d->tok[m->t1 + 1].key[0] == 's' &&
		    (m->t1 + 2 >= d->ntok || (d->tok[m->t1 + 2].flags & (TOK_SPACE | TOK_PUNCT)))) {
			taken[m->t1] = taken[m->t1 + 1] = 1;
			m->end = d->tok[m->t1 + 1].end;
			m->t1 += 2;
			if (m->source != ES_GAZ)
				m->canon = arena_strndup(d->ar, d->text + m->start, m->end - m->start);
			continue;
		}
		if (m->type != ET_ORG || m->form != EF_NAME || sites < 0 || !m->canon || m->t0 == 0)
			continue;
		size_t cl = strlen(m->canon);
		if (2 * cl + 4 > sizeof(key) || !lex_has(lx, sites, key, utf8_fold(m->canon, cl, key)))
			continue;
		uint32_t p = m->t0 - 1;
		if (p > 0 && tok_has(d, det, &d->tok[p]))
			p--; /* "vor dem Kanzleramt" */
		if (tok_has(d, prep, &d->tok[p]))
			m->type = ET_LOC;
	}
}

/* Is the folded word w (n bytes) a closed compound whose last part is a
 * noun and whose first part is a noun too, maybe with a linking -s, -n or
 * -e ("zeitpunkt", "arbeitsmarkt", "unterwasserortungssystemen" is not
 * found; "kreuzrippengewölbe" is)? */
static int noun_compound(const struct lex *lx, int nouns, const char *w, size_t n)
{
	if (n >= 7 && n <= 64) {
		/* the suffix filter's answers for all k at once (ascending,
		 * as below) */
		uint64_t tb = lex_tail_bits(lx, nouns, w, n, 3, n - 4);
		for (; tb; tb &= tb - 1) {
			size_t k = (size_t)__builtin_ctzll(tb);
			if (lex_has(lx, nouns, w + k, n - k) &&
			    (lex_has(lx, nouns, w, k) || (k > 3 && strchr("sne", w[k - 1]) &&
							  lex_has(lx, nouns, w, k - 1))))
				return 1;
		}
		return 0;
	}
	uint64_t th[128]; /* the suffix filter's hashes of w[k..] */
	int filter = n < ARRAY_LEN(th) && n >= 7;
	if (filter)
		lex_tails(w, n, th);
	for (size_t k = 3; k + 4 <= n; k++)
		if ((!filter || lex_tail_maybe(lx, nouns, th[k])) && lex_has(lx, nouns, w + k, n - k) &&
		    (lex_has(lx, nouns, w, k) || (k > 3 && strchr("sne", w[k - 1]) &&
						  lex_has(lx, nouns, w, k - 1))))
			return 1;
	return 0;
}

struct listctx {
	const struct lex *lx;
	int nouns, stop, roles, titles, notname, det, fused, given;
	const int32_t *owner;   /* mention index + 1 holding each token, or 0 */
	const uint8_t *blocked; /* tokens of figures and dates */
	uint8_t *memo;          /* list_word per token: 0 not asked, 1 yes, 2 no */
	/* Per pass over capitalised words (TOK_CAP), the tokens it can act
	 * on, in order: those that pass its tests of the token alone (text,
	 * key, flags, lists), which ner_lists makes in its one walk over the
	 * tokens; each pass walks its own instead of every capitalised word
	 * and still makes all its tests. */
	const uint32_t *capset[5];
	uint32_t ncapset[5];
	const uint32_t *num;    /* the numbers (TOK_NUM), in order */
	uint32_t nnum;
	/* the bits of nouns, stop, roles, titles and notname in d->tokmask,
	 * when it covers them all (listed_ok), for list_word_ */
	uint64_t listed_bits;
	int listed_ok;
};

/* The passes of capset (and the test each token of theirs passed). */
enum {
	CS_GIVEN,       /* given_alone: no sentence start, a given name */
	CS_ER,          /* city_adjective: a word in -er */
	CS_ADJ,         /* adjective_names: an adjective's ending, not last */
	CS_HYPHEN,      /* part_of_found: a hyphen compound */
	CS_CLOSED       /* closed_compounds: region_compound's shape, or a
			   word it looks into (letters, 8 to 60 bytes, no
			   common noun or given name) */
};

/* Can token t be (part of) a name no stage found, inside a list: a
 * capitalised word, no common noun, noun compound, function word, role,
 * title or adjective of the usual shapes? */
static int list_word_(const struct doc *d, const struct listctx *c, uint32_t t);

/* list_word with its answer kept per token (chains overlap). */
static int list_word(const struct doc *d, const struct listctx *c, uint32_t t)
{
	if (!c->memo[t])
		c->memo[t] = (uint8_t)(list_word_(d, c, t) ? 1 : 2);
	return c->memo[t] == 1;
}

static int list_word_(const struct doc *d, const struct listctx *c, uint32_t t)
{
	const struct tok *tk = &d->tok[t];
	if (c->owner[t] || c->blocked[t] || !(tk->flags & TOK_CAP) || !(tk->flags & TOK_WORD) ||
	    (tk->flags & (TOK_UPPER | TOK_ABBR | TOK_NUM | TOK_ALNUM | TOK_QUOTE)) ||
	    tk->keylen < 3 || tk->keylen > 60)
		return 0;
	const char *k = tk->key;
	size_t n = tk->keylen;
	const char *h = (tk->flags & TOK_HYPHEN) ? memchr(k, '-', n) : NULL;
	if (h) { /* "Müller-Sönksen": the last part decides */
		const char *l = k + n;
		while (l > k && l[-1] != '-')
			l--;
		n = (size_t)(k + n - l);
		k = l;
		if (n < 3)
			return 0;
	}
	int listed = h ? lex_has(c->lx, c->nouns, k, n) || lex_has(c->lx, c->stop, k, n) ||
			 lex_has(c->lx, c->roles, k, n) || lex_has(c->lx, c->titles, k, n) ||
			 lex_has(c->lx, c->notname, k, n) :
		     c->listed_ok ? (d->tokmask[t] & c->listed_bits) != 0 :
		     tok_has(d, c->nouns, tk) || tok_has(d, c->stop, tk) ||
			 tok_has(d, c->roles, tk) || tok_has(d, c->titles, tk) ||
			 tok_has(d, c->notname, tk);
	if (listed || noun_compound(c->lx, c->nouns, k, n))
		return 0;
	static const struct {
		const char *s;
		size_t l;
	} adj[] = {LIT("isch"), LIT("ische"), LIT("ischen"), LIT("ischer"), LIT("isches"),
		   LIT("lich"), LIT("liche"), LIT("lichen"), LIT("licher"), LIT("ige"), LIT("igen"),
		   LIT("iger"), LIT("ung"), LIT("ungen"), LIT("heit"), LIT("keit"), LIT("schaft"),
		   LIT("tion"), LIT("tät")};
	for (size_t i = 0; i < ARRAY_LEN(adj); i++) {
		size_t l = adj[i].l;
		/* the last byte first: most words fail it */
		if (n > l + 2 && k[n - 1] == adj[i].s[l - 1] && !memcmp(k + n - l, adj[i].s, l))
			return 0;
	}
	return 1;
}

static inline int list_sep(const struct doc *d, uint32_t t, int *conj)
{
	const struct tok *tk = &d->tok[t];
	if (tk->keylen == 1 && tk->key[0] == ',')
		return 1;
	if ((tk->keylen == 3 && !memcmp(tk->key, "und", 3)) ||
	    (tk->keylen == 4 && !memcmp(tk->key, "oder", 4)) ||
	    (tk->keylen == 5 && !memcmp(tk->key, "sowie", 5))) {
		*conj = 1;
		return 1;
	}
	return 0;
}

/* Marks the tokens that overlap bytes [a, b): a binary search for the
 * first one, then a walk (tokens are in text order). */
static void block_span(const struct doc *d, uint8_t *blocked, uint32_t a, uint32_t b)
{
	uint32_t lo = 0, hi = d->ntok;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (d->tok[mid].end <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (uint32_t t = lo; t < d->ntok && d->tok[t].start < b; t++)
		blocked[t] = 1;
}

/* Adds a rule-made mention of tokens [t0, t1) (ner.c's own readings). */
static void push_mention(struct doc *d, uint32_t t0, uint32_t t1, int type, const char *rule,
			 int32_t *owner)
{
	struct mention *m = DOC_PUSH(d, ment);
	memset(m, 0, sizeof(*m));
	m->t0 = t0;
	m->t1 = t1;
	m->start = d->tok[t0].start;
	m->end = d->tok[t1 - 1].end;
	m->type = (uint8_t)type;
	m->form = EF_NAME;
	m->source = ES_RULE;
	m->rule = rule;
	m->score = 0.3f;
	m->entry = -1;
	m->ent = -1;
	m->canon = arena_strndup(d->ar, d->text + m->start, m->end - m->start);
	if (type == ET_PER && t1 == t0 + 1 && strcmp(rule, "ner.given"))
		m->flags |= MF_SURNAME;
	for (uint32_t q = t0; q < t1; q++)
		owner[q] = (int32_t)d->nment;
}

/* "So erfährt Ida vom Bankdirektor ...", "Nur Justin, Alex und Max ...": a
 * given name alone that no stage took is a person (the given-name list holds
 * no common nouns or function words).  Not opening a sentence, not next to
 * another capitalised word (a longer name, a title: "Lady Gaga"), not after
 * an article or fused preposition ("der Earl", "im Miller's"), not before
 * "!" or an apostrophe ("Fritz!Box"), only letters after the capital. */
static void given_alone(struct doc *d, const struct listctx *c, int32_t *owner)
{
	for (uint32_t ci = 0; ci < c->ncapset[CS_GIVEN]; ci++) {
		uint32_t t = c->capset[CS_GIVEN][ci];
		if (t < 1)
			continue;
		const struct tok *tk = &d->tok[t], *p = &d->tok[t - 1];
		if (owner[t] || c->blocked[t] || !(tk->flags & TOK_CAP) ||
		    (tk->flags & (TOK_UPPER | TOK_ABBR | TOK_HYPHEN | TOK_SSTART | TOK_ALNUM)) ||
		    tk->keylen < 3 || !tok_has(d, c->given, tk) ||
		    tok_has(d, c->stop, tk) ||
		    tok_has(d, c->nouns, tk) ||
		    tok_has(d, c->notname, tk))
			continue;
		int lower = 1;
		for (uint32_t b = tk->start + 1; b < tk->end && lower; b++)
			lower = !((unsigned char)d->text[b] >= 'A' && (unsigned char)d->text[b] <= 'Z');
		if (!lower || ((p->flags & TOK_CAP) && !tok_has(d, c->stop, p)) ||
		    tok_has(d, c->det, p) ||
		    tok_has(d, c->fused, p))
			continue;
		if (t + 1 < d->ntok && d->tok[t + 1].sent == tk->sent) {
			const struct tok *n = &d->tok[t + 1];
			char ch = d->text[n->start];
			if (((n->flags & TOK_CAP) && !tok_has(d, c->stop, n)) ||
			    (!(n->flags & TOK_SPACE) && (ch == '!' || ch == '\'' ||
							  (n->end - n->start >= 3 &&
							   !memcmp(d->text + n->start, "\xe2\x80\x99", 3)))))
				continue;
		}
		push_mention(d, t, t + 1, ET_PER, "ner.given", owner);
	}
}

/* Does the folded word w (n bytes, its part after the last hyphen) end
 * with an entry of list l of 3 bytes or more ("presse-agentur": "agentur")? */
static int tail_in(const struct lex *lx, int l, const char *w, size_t n)
{
	const char *h = w + n;
	while (h > w && h[-1] != '-')
		h--;
	for (const char *p = h; p + 3 <= w + n; p++)
		if (((unsigned char)*p & 0xC0) != 0x80 && lex_has(lx, l, p, (size_t)(w + n - p)))
			return 1;
	return 0;
}

/* "die Dürener Kreisverwaltung", "im Ahltener Wald", "der Pulheimer": a
 * capitalised word in -er that no stage took, whose stem is a place the
 * gazetteer knows ("Düren", "Ahlten"; "Schalke" for "Schalker"), is the
 * place's adjective or inhabitant noun (form derived, canonical the place),
 * when a capitalised word follows (the adjective) or an article comes
 * before (the inhabitant).  The gazetteer lists demonyms of large cities
 * only; small places build theirs the same way.  Not a common noun, given
 * name, role, function word or noun compound ("Bauer", "Lehrer"), not after
 * a capitalised word ("New Yorker"), not opening a sentence, where any
 * adjective is capitalised ("Bester Deutscher war ...").  Before a noun of list cityplace the
 * two words are one place ("Tegeler See", "Lehrter Bahnhof"), also after an
 * adjective the gazetteer knows ("am Frankfurter Hauptbahnhof"); such an
 * adjective before a noun of list treaties names a treaty, MISC ("des
 * Pariser Klimaabkommens", canonical "Pariser Klimaabkommen"). */
static void city_adjective(struct doc *d, const struct listctx *c, int32_t *owner)
{
	const struct gaz *g = d->m ? d->m->gaz : NULL;
	if (!g)
		return;
	int place = ner_list(d, "cityplace"), treaty = ner_list(d, "treaties");
	/* both readings need a capitalised word at t, in -er */
	for (uint32_t ci = 0; ci < c->ncapset[CS_ER]; ci++) {
		uint32_t t = c->capset[CS_ER][ci];
		const struct tok *tk = &d->tok[t];
		const char *s = d->text + tk->start;
		size_t n = tk->end - tk->start;
		if (n < 4 || s[n - 1] != 'r' || s[n - 2] != 'e')
			continue; /* both readings want a word in -er */
		if (owner[t] && t + 1 < d->ntok && !owner[t + 1] && !c->blocked[t + 1] &&
		    d->tok[t + 1].sent == tk->sent) {
			/* "am Frankfurter Hauptbahnhof": the gazetteer's adjective
			 * and a noun of cityplace are one place */
			struct mention *o = &d->ment[owner[t] - 1];
			const struct tok *nt = &d->tok[t + 1];
			if (o->type == ET_LOC && o->form == EF_DERIVED && o->t0 == t && o->t1 == t + 1 &&
			    (tk->flags & TOK_CAP) && n > 3 && s[n - 2] == 'e' && s[n - 1] == 'r' &&
			    (nt->flags & TOK_CAP)) {
				if (tok_has(d, place, nt)) {
					o->flags |= MF_DEAD;
					push_mention(d, t, t + 2, ET_LOC, "ner.cityplace", owner);
				} else if (tail_in(c->lx, treaty, nt->key, nt->keylen)) {
					/* "des Pariser Klimaabkommens": a treaty,
					 * named without the genitive ending */
					o->flags |= MF_DEAD;
					push_mention(d, t, t + 2, ET_MISC, "ner.treaty", owner);
					const char *k = nt->key;
					size_t kn = nt->keylen, cut = 0;
					if (kn > 4 && k[kn - 1] == 's' && k[kn - 2] == 'e' &&
					    tail_in(c->lx, treaty, k, kn - 2))
						cut = 2;
					else if (kn > 3 && k[kn - 1] == 's' && tail_in(c->lx, treaty, k, kn - 1))
						cut = 1;
					struct mention *m = &d->ment[d->nment - 1];
					m->canon = arena_strndup(d->ar, d->text + m->start,
								 m->end - m->start - cut);
				}
			}
			continue;
		}
		if (owner[t] || c->blocked[t] || !(tk->flags & TOK_CAP) ||
		    (tk->flags & (TOK_UPPER | TOK_ABBR | TOK_HYPHEN | TOK_NUM | TOK_ALNUM |
				  TOK_SSTART)) ||
		    n < 6 || n > 40 || s[n - 2] != 'e' || s[n - 1] != 'r')
			continue;
		const struct tok *nx = t + 1 < d->ntok && d->tok[t + 1].sent == tk->sent ?
			&d->tok[t + 1] : NULL;
		const struct tok *pv = t > 0 && d->tok[t - 1].sent == tk->sent ? &d->tok[t - 1] : NULL;
		int adj = nx && (nx->flags & TOK_CAP) && (nx->flags & TOK_WORD) &&
			  !(nx->flags & TOK_UPPER) && !tok_has(d, c->stop, nx);
		int inh = pv && tok_has(d, c->det, pv) &&
			  (!nx || !(nx->flags & TOK_CAP));
		if (!adj && !inh)
			continue;
		/* "St. Galler", "New Yorker": a word of a longer name */
		if (pv && (((pv->flags & (TOK_CAP | TOK_ABBR)) &&
			    !tok_has(d, c->stop, pv)) ||
			   (pv->end - pv->start == 1 && d->text[pv->start] == '.')))
			continue;
		if (tok_has(d, c->nouns, tk) ||
		    tok_has(d, c->stop, tk) ||
		    tok_has(d, c->given, tk) ||
		    tok_has(d, c->roles, tk) ||
		    tok_has(d, c->titles, tk) ||
		    tok_has(d, c->notname, tk) ||
		    (noun_compound(c->lx, c->nouns, tk->key, tk->keylen) &&
		     !(n > 10 && !memcmp(s + n - 7, "l\xc3\xa4nder", 7))))
			continue; /* "Vogtländer" is Vogt + Länder as well */
		int32_t id = -1;
		/* A word of letters (most) is looked up by its key's hash:
		 * the key's pieces are the folded pieces of the text, and the
		 * endings put on are folded already. */
		const char *k = gaz_plain_word(s, n) ? tk->key : NULL;
		/* "Dürener" -> "Düren", then "Schalker" -> "Schalke", then
		 * "Tübinger" -> "Tübingen", then "Sauerländer" -> "Sauerland" */
		for (size_t cut = 2; cut >= 1 && id < 0; cut--) {
			int32_t e = k ? gaz_find_h(g, hash_bytes(k, n - cut)) : gaz_find(g, s, n - cut);
			if (e >= 0 && gaz_get(g, e)->type == ET_LOC)
				id = e;
		}
		if (id < 0) {
			char buf[48];
			memcpy(buf, k ? k : s, n - 2);
			memcpy(buf + n - 2, "en", 2);
			int32_t e = k ? gaz_find_h(g, hash_bytes(buf, n)) : gaz_find(g, buf, n);
			if (e >= 0 && gaz_get(g, e)->type == ET_LOC)
				id = e;
		}
		if (id < 0 && n > 10 && !memcmp(s + n - 7, "l\xc3\xa4nder", 7)) {
			/* "Sauerländer" -> "Sauerland" */
			char buf[48];
			memcpy(buf, k ? k : s, n - 7);
			memcpy(buf + n - 7, "land", 4);
			int32_t e = k ? gaz_find_h(g, hash_bytes(buf, n - 3)) : gaz_find(g, buf, n - 3);
			if (e >= 0 && gaz_get(g, e)->type == ET_LOC)
				id = e;
		}
		if (id < 0)
			continue;
		const struct gaz_entry *ge = gaz_get(g, id);
		if (adj && !owner[t + 1] && tok_has(d, place, nx)) {
			/* "Tegeler See": a place named after the town */
			push_mention(d, t, t + 2, ET_LOC, "ner.cityplace", owner);
			continue;
		}
		push_mention(d, t, t + 1, ET_LOC, "ner.cityadj", owner);
		struct mention *m = &d->ment[d->nment - 1];
		m->form = EF_DERIVED;
		m->flags &= ~MF_SURNAME;
		m->entry = id;
		m->kb = ge->kb;
		m->canon = ge->name;
	}
}

/* The gender of an organisation's head noun by its ending (folded), also
 * in the genitive ("-verbandes"): 'm', 'n', 'f', 'p' (plural), or 0; *cut
 * is set to the bytes of a genitive ending to drop. */
static char head_gender(const char *k, size_t n, size_t *cut)
{
	static const char *const m[] = {"dienst", "verband", "bund", "rat", "fonds", "ausschuss",
					"konzern", "verein", "kreis", "hof", "rundfunk", "senat"};
	static const char *const ne[] = {"amt", "institut", "ministerium", "zentrum", "komitee",
					 "büro", "forum", "parlament", "gericht", "werk", "haus",
					 "theater", "museum", "kollegium", "bündnis", "kommando"};
	static const char *const f[] = {"ung", "bank", "agentur", "kammer", "kommission", "union",
					"partei", "gesellschaft", "stiftung", "akademie",
					"universität", "hochschule", "behörde", "organisation",
					"anstalt", "zeitung", "gewerkschaft", "allianz", "liga",
					"armee", "polizei", "vereinigung", "galerie", "bibliothek",
					"schule", "presse", "post", "bahn", "börse", "kirche"};
	static const char *const p[] = {"werke", "betriebe", "streitkräfte", "verkehrsbetriebe"};
	static const char *const *const lists[] = {m, ne, f, p};
	static const size_t sizes[] = {ARRAY_LEN(m), ARRAY_LEN(ne), ARRAY_LEN(f), ARRAY_LEN(p)};
	static const char gender[] = {'m', 'n', 'f', 'p'};
	for (size_t g = 0; g < 4; g++)
		for (size_t i = 0; i < sizes[g]; i++) {
			size_t l = strlen(lists[g][i]);
			for (size_t c = 0; c <= 2; c++) {
				if (c && (g > 1 || n < c + l || k[n - 1] != 's' ||
					  (c == 2 && k[n - 2] != 'e')))
					continue;
				if (n >= l + c && !memcmp(k + n - c - l, lists[g][i], l)) {
					*cut = c;
					return gender[g];
				}
			}
		}
	return 0;
}

/* "laut Statistischem Bundesamt" -> "Statistisches Bundesamt", "der
 * Deutschen Presse-Agentur" -> "Deutsche Presse-Agentur": an adjective and
 * a head noun named in the nominative without article (the strong ending
 * of the noun's gender); NULL when the gender is unknown. */
static const char *adjective_nominative(struct doc *d, uint32_t t)
{
	const struct tok *a = &d->tok[t], *b = &d->tok[t + 1];
	size_t cut = 0;
	char g = head_gender(b->key, b->keylen, &cut);
	if (!g)
		return NULL;
	const char *as = d->text + a->start, *bs = d->text + b->start;
	size_t an = a->end - a->start, bn = b->end - b->start - cut;
	size_t stem = as[an - 1] == 'e' ? an - 1 : an - 2;
	const char *end = g == 'm' ? "er" : g == 'n' ? "es" : "e";
	size_t el = strlen(end);
	char *c = arena_alloc(d->ar, stem + el + 1 + bn + 1);
	memcpy(c, as, stem);
	memcpy(c + stem, end, el);
	c[stem + el] = ' ';
	memcpy(c + stem + el + 1, bs, bn);
	c[stem + el + 1 + bn] = 0;
	return c;
}

/* "mit der Deutschen Presse-Agentur", "im Bayerischen Wald": German writes
 * an adjective inside a sentence with a capital only in a name, so a
 * capitalised adjective (of a place, "deutsch", "bayerisch": a derived
 * mention of the gazetteer; or one in -isch, -lich, -al no stage took,
 * "Evangelischen", "Staatliche", "Internationalen"; not opening a sentence
 * or in a headline) before
 * one to three capitalised words whose last is an organisation's head word
 * (lists orgheads, orgafter, orgtypes, also as the end of a compound) is an
 * organisation, or before a noun of cityplace a place; the span is the whole
 * name, canonical in the nominative where the head noun's ending tells its
 * gender (adjective_nominative), else as written.  The derived mention
 * inside goes. */
static void adjective_names(struct doc *d, const struct listctx *c, int32_t *owner)
{
	int heads = ner_list(d, "orgheads"), after = ner_list(d, "orgafter");
	int types = ner_list(d, "orgtypes"), place = ner_list(d, "cityplace");
	for (uint32_t ci = 0; ci < c->ncapset[CS_ADJ] && c->capset[CS_ADJ][ci] + 1 < d->ntok; ci++) {
		uint32_t t = c->capset[CS_ADJ][ci];
		const struct tok *tk = &d->tok[t];
		const char *k = tk->key;
		size_t n = tk->keylen;
		/* the adjective's stem and ending: "deutsch|en", "statistisch|em",
		 * "evangelisch|en", "staatlich|e", "international|en" (first:
		 * most words have none) */
		char z = n > 3 ? k[n - 1] : 0;
		size_t e = z == 'e' ? 1 :
			   (z == 'n' || z == 'r' || z == 's' || z == 'm') && k[n - 2] == 'e' ? 2 : 0;
		if (!e || n - e < 4)
			continue;
		if (c->blocked[t] || (tk->flags & (TOK_SSTART | TOK_HEADLINE | TOK_UPPER | TOK_HYPHEN)))
			continue;
		struct mention *m = owner[t] ? &d->ment[owner[t] - 1] : NULL;
		if (m && (m->type != ET_LOC || m->form != EF_DERIVED || m->t0 != t || m->t1 != t + 1))
			continue;
		const char *st = k + n - e;
		int adj = !memcmp(st - 3, "sch", 3) ||
			  (!m && (!memcmp(st - 4, "lich", 4) || !memcmp(st - 2, "al", 2)));
		if (!adj || (!m && (tok_has(d, c->nouns, tk) || tok_has(d, c->given, tk))))
			continue;
		uint32_t end = 0;
		int type = -1;
		for (uint32_t q = t + 1; q < d->ntok && q <= t + 3; q++) {
			const struct tok *w = &d->tok[q];
			if (w->sent != tk->sent || owner[q] || c->blocked[q] || !(w->flags & TOK_CAP) ||
			    !(w->flags & TOK_WORD) || (w->flags & TOK_UPPER) ||
			    tok_has(d, c->stop, w))
				break;
			if (tail_in(c->lx, heads, w->key, w->keylen) ||
			    tail_in(c->lx, after, w->key, w->keylen) ||
			    tail_in(c->lx, types, w->key, w->keylen)) {
				end = q + 1;
				type = ET_ORG;
				break;
			}
			if (q == t + 1 && tok_has(d, place, w)) {
				end = q + 1;
				type = ET_LOC;
				break;
			}
		}
		if (type < 0)
			continue;
		if (m)
			m->flags |= MF_DEAD;
		owner[t] = 0;
		push_mention(d, t, end, type, "ner.adjname", owner);
		if (type == ET_ORG && end == t + 2) {
			const char *nom = adjective_nominative(d, t);
			if (nom)
				d->ment[d->nment - 1].canon = nom;
		}
		t = end - 1;
	}
}

struct pkey {
	const char *k;  /* folded key of the name word */
	size_t n;
	uint32_t m;     /* the mention it comes from */
	uint64_t h;     /* hash_bytes(k, n) (the token's hash) */
};

static int cmp_pkey(const void *a, const void *b)
{
	const struct pkey *x = a, *y = b;
	size_t n = x->n < y->n ? x->n : y->n;
	int c = memcmp(x->k, y->k, n);
	return c ? c : (x->n > y->n) - (x->n < y->n);
}

/* "der Krawinkel-Plan", "die Zandora-Chefin": a hyphen compound that no
 * stage took, whose first part is the surname of a person found in the
 * document (the last word of a multi-word PER mention) or a one-word
 * organisation or place found there, and whose last part is a common noun,
 * is a part mention of that name (form part, its canonical name and type).
 * Names are looked up by binary search, not by a scan per token. */
static void part_of_found(struct doc *d, const struct listctx *c, int32_t *owner)
{
	uint32_t nm = d->nment, nk = 0;
	struct pkey *ks = arena_alloc(d->ar, sizeof(*ks) * (nm + 1));
	for (uint32_t i = 0; i < nm; i++) {
		const struct mention *m = &d->ment[i];
		if ((m->flags & (MF_DEAD | MF_GENITIVE)) || m->form != EF_NAME || !m->canon ||
		    m->type == ET_MISC || m->t1 <= m->t0 || m->t1 > d->ntok)
			continue;
		uint32_t t;
		if (m->type == ET_PER && m->t1 - m->t0 >= 2)
			t = m->t1 - 1;
		else if (m->t1 == m->t0 + 1)
			t = m->t0;
		else
			continue;
		const struct tok *tk = &d->tok[t];
		if (!(tk->flags & TOK_CAP) || (tk->flags & (TOK_HYPHEN | TOK_ABBR)) || tk->keylen < 3 ||
		    tok_has(d, c->nouns, tk) ||
		    tok_has(d, c->stop, tk))
			continue;
		ks[nk++] = (struct pkey){tk->key, tk->keylen, i, tk->hash ? tk->hash : 1};
	}
	if (!nk)
		return;
	/* The names' key hashes in a small set: a first part none of them
	 * has is turned away with one probe (most), before the lists are
	 * asked about the last part and before ks is sorted. */
	uint32_t cap = 16;
	while (cap < 2 * nk)
		cap *= 2;
	uint64_t *hs = arena_zalloc(d->ar, sizeof(*hs) * cap);
	for (uint32_t i = 0; i < nk; i++) {
		uint32_t j = (uint32_t)ks[i].h & (cap - 1);
		while (hs[j] && hs[j] != ks[i].h)
			j = (j + 1) & (cap - 1);
		hs[j] = ks[i].h;
	}
	int sorted = 0; /* ks is sorted when the first word needs it */
	for (uint32_t ci = 0; ci < c->ncapset[CS_HYPHEN]; ci++) {
		uint32_t t = c->capset[CS_HYPHEN][ci];
		const struct tok *tk = &d->tok[t];
		if (!(tk->flags & TOK_HYPHEN) || owner[t] || c->blocked[t])
			continue;
		const char *h = memchr(tk->key, '-', tk->keylen);
		if (!h || h == tk->key)
			continue;
		uint64_t qh = hash_bytes(tk->key, (size_t)(h - tk->key));
		qh = qh ? qh : 1;
		uint32_t j = (uint32_t)qh & (cap - 1);
		while (hs[j] && hs[j] != qh)
			j = (j + 1) & (cap - 1);
		if (!hs[j])
			continue; /* no name has this key */
		const char *l = tk->key + tk->keylen;
		while (l > tk->key && l[-1] != '-')
			l--;
		size_t ln = (size_t)(tk->key + tk->keylen - l);
		if (ln < 3 ||
		    !(lex_has(c->lx, c->nouns, l, ln) || noun_compound(c->lx, c->nouns, l, ln)))
			continue;
		struct pkey q = {tk->key, (size_t)(h - tk->key), 0, qh};
		if (!sorted) {
			qsort(ks, nk, sizeof(*ks), cmp_pkey);
			sorted = 1;
		}
		const struct pkey *f = bsearch(&q, ks, nk, sizeof(*ks), cmp_pkey);
		if (!f)
			continue;
		const struct mention *src = &d->ment[f->m];
		uint8_t type = src->type;
		int32_t entry = src->entry;
		const char *canon = src->canon, *kb = src->kb;
		push_mention(d, t, t + 1, type, "ner.part", owner);
		struct mention *m = &d->ment[d->nment - 1];
		m->form = EF_PART;
		m->flags &= ~MF_SURNAME;
		m->canon = canon;
		m->entry = entry;
		m->kb = kb;
	}
}

/* Does token t hold a match score ("2:1", "3:0") -- written as one token,
 * or as number, colon, number without spaces? */
static int score_at(const struct doc *d, uint32_t t)
{
	const struct tok *tk = &d->tok[t];
	const char *s = d->text + tk->start;
	size_t n = tk->end - tk->start, i = 0, a = 0, b = 0;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, a++;
	if (i < n && s[i] == ':') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, b++;
		return a && a <= 2 && b && b <= 2 && i == n;
	}
	if (i != n || !a || a > 2 || t + 2 >= d->ntok)
		return 0;
	const struct tok *c = &d->tok[t + 1], *e = &d->tok[t + 2];
	return c->start == tk->end && c->end == c->start + 1 && d->text[c->start] == ':' &&
	       e->start == c->end && e->end - e->start <= 2 && (e->flags & TOK_NUM);
}

/* "Dortmund gewann 2:1 gegen Bremen": in a sentence with a match score, a
 * city that is no place of the sentence (no preposition of place before it)
 * is the club that plays for it (the "type by context"): ORG, named
 * by the city, apart from the city's entity.  Not a time ("19:45 Uhr"), not
 * a genitive ("Bremens Stürmer" stays the city's). */
static void clubs_by_score(struct doc *d, const struct listctx *c)
{
	const struct gaz *g = d->m ? d->m->gaz : NULL;
	int prep = ner_list(d, "siteprep");
	if (!g || d->nsent == 0)
		return;
	uint8_t *scored = arena_zalloc(d->ar, d->nsent + 1);
	int any = 0;
	for (uint32_t ni = 0; ni < c->nnum; ni++) {
		uint32_t t = c->num[ni];
		if (d->tok[t].sent >= d->nsent || !score_at(d, t))
			continue;
		/* "19:45 Uhr" is a time */
		uint32_t u = t + 1;
		while (u < d->ntok && u < t + 3 && d->tok[u].start < d->tok[t].end + 4 &&
		       !(d->tok[u].flags & TOK_WORD))
			u++;
		if (u < d->ntok && d->tok[u].keylen == 3 && !memcmp(d->tok[u].key, "uhr", 3))
			continue;
		scored[d->tok[t].sent] = 1;
		any = 1;
	}
	if (!any)
		return;
	for (uint32_t i = 0; i < d->nment; i++) {
		struct mention *m = &d->ment[i];
		if ((m->flags & (MF_DEAD | MF_GENITIVE)) || m->source != ES_GAZ || m->type != ET_LOC ||
		    m->form != EF_NAME || m->t1 != m->t0 + 1 || m->entry < 0 ||
		    !scored[d->tok[m->t0].sent] || strcmp(gaz_get(g, m->entry)->subtype, "city"))
			continue;
		if (m->t0 > 0) {
			const struct tok *p = &d->tok[m->t0 - 1];
			static const char *const place[] = {"in", "im", "nach", "aus", "bei", "beim", "nahe",
							    "vor", "am", "ins", "zu"};
			int isplace = tok_has(d, prep, p);
			for (size_t k = 0; k < ARRAY_LEN(place) && !isplace; k++)
				isplace = strlen(place[k]) == p->keylen && !memcmp(p->key, place[k], p->keylen);
			if (isplace)
				continue;
		}
		m->type = ET_ORG;
		m->entry = -1;
		m->kb = NULL;
		m->cand = NULL;
		m->ncand = 0;
		m->source = ES_RULE;
		m->rule = "ner.club";
	}
}

/* Is m a person only the sentence around it suggested (a per.ctx rule)? */
static int weak_person(const struct mention *m)
{
	return m->source == ES_RULE && m->type == ET_PER && m->rule && m->rule[0] == 'p' &&
	       !strncmp(m->rule, "per.ctx.", 8) && m->t1 == m->t0 + 1;
}

/* "Süditalien", "Nordhessen", "Oberitaliens": a direction or position
 * before a well-known place, written as one word, names a region: LOC, form
 * name, canonical the word without a genitive -s.  Returns 1 when it added
 * the mention. */
static int region_compound_(struct doc *d, uint32_t t, const struct gaz *g, int32_t *owner)
{
	struct prefix {
		const char *s;
		size_t l;
	};
	/* the prefixes by first letter, longest first (the first that fits
	 * decides) */
	static const struct prefix n_[] = {LIT("Nordost"), LIT("Nordwest"), LIT("Nord")};
	static const struct prefix s_[] = {LIT("Südost"), LIT("Südwest"), LIT("Süd")};
	static const struct prefix o_[] = {LIT("Ost"), LIT("Ober")};
	static const struct prefix w_[] = {LIT("West")}, u_[] = {LIT("Unter")};
	static const struct prefix m_[] = {LIT("Mittel")}, z_[] = {LIT("Zentral")};
	const struct tok *tk = &d->tok[t];
	const char *s = d->text + tk->start;
	size_t n = tk->end - tk->start, np;
	const struct prefix *pre;
	switch (s[0]) {
	case 'N': pre = n_, np = ARRAY_LEN(n_); break;
	case 'S': pre = s_, np = ARRAY_LEN(s_); break;
	case 'O': pre = o_, np = ARRAY_LEN(o_); break;
	case 'W': pre = w_, np = ARRAY_LEN(w_); break;
	case 'U': pre = u_, np = ARRAY_LEN(u_); break;
	case 'M': pre = m_, np = ARRAY_LEN(m_); break;
	case 'Z': pre = z_, np = ARRAY_LEN(z_); break;
	default: return 0;
	}
	for (size_t i = 0; i < np; i++) {
		size_t l = pre[i].l;
		if (n < l + 4 || s[1] != pre[i].s[1] || memcmp(s, pre[i].s, l) ||
		    !(s[l] >= 'a' && s[l] <= 'z'))
			continue;
		/* the rest, a word of letters (most), by its key's hash: the
		 * prefix is letters too, so the rest's key is the token key's
		 * tail */
		int plain = gaz_plain_word(s + l, n - l);
		for (int cut = s[n - 1] == 's'; cut >= 0; cut--) {
			int32_t id = plain ? gaz_find_h(g, hash_bytes(tk->key + l, n - l - (size_t)cut)) :
				gaz_find(g, s + l, n - l - (size_t)cut);
			if (id < 0)
				continue;
			const struct gaz_entry *ge = gaz_get(g, id);
			if (ge->type != ET_LOC || (!ge->kb && ge->prior < 0.8f))
				continue;
			push_mention(d, t, t + 1, ET_LOC, "ner.region", owner);
			struct mention *m = &d->ment[d->nment - 1];
			m->canon = arena_strndup(d->ar, s, n - (size_t)cut);
			return 1;
		}
		return 0;
	}
	return 0;
}

/* Is token t a word of seven bytes or more that opens with a prefix's
 * first letter (most words are not)? */
static inline int region_shape(const struct doc *d, uint32_t t)
{
	const struct tok *tk = &d->tok[t];
	if (tk->end - tk->start < 7)
		return 0;
	switch (d->text[tk->start]) {
	case 'N': case 'S': case 'O': case 'W': case 'U': case 'M': case 'Z':
		return 1;
	default:
		return 0;
	}
}

/* region_compound_ for a word of region_shape (tested inline). */
static inline int region_compound(struct doc *d, uint32_t t, const struct gaz *g, int32_t *owner)
{
	return region_shape(d, t) && region_compound_(d, t, g, owner);
}

/* Is gazetteer entry id (or -1) a well-known place: one with a Wikidata id
 * or a prior of 0.8 or more? */
static int known_place(const struct gaz *g, int32_t id)
{
	const struct gaz_entry *ge = id >= 0 ? gaz_get(g, id) : NULL;
	return ge && ge->type == ET_LOC && (ge->kb || !(ge->prior < 0.8f));
}

/* "Sibirientagebuch", "Europaminister", "Chinapolitik": a closed compound
 * that no stage took, opened by a well-known place (one with a Wikidata id
 * or a prior of 0.8 or more, not itself a common noun) whose rest is a
 * common noun, is a part mention of it (the lexicon decides the rest,
 * ANNOTATION.md); not when the rest makes a new place ("Waadtland",
 * "Ruhrgebiet": list placerest).  The longest such name wins.  Firms are
 * left out: their names are too often word beginnings ("Metadaten"). */
static void closed_compounds(struct doc *d, const struct listctx *c, int32_t *owner)
{
	const struct gaz *g = d->m ? d->m->gaz : NULL;
	if (!g)
		return;
	int newplace = ner_list(d, "placerest");
	/* the lists as bits of lex_mask_h (a list not loaded: no bit), when
	 * they all have one */
	int masks = c->nouns < LEX_MASK_LISTS && c->stop < LEX_MASK_LISTS &&
		    newplace < LEX_MASK_LISTS;
	uint64_t bnouns = masks && c->nouns >= 0 ? 1ull << c->nouns : 0;
	uint64_t bstop = masks && c->stop >= 0 ? 1ull << c->stop : 0;
	uint64_t bnew = masks && newplace >= 0 ? 1ull << newplace : 0;
	/* region_compound and the compounds need a capital: the prefixes of
	 * region_compound all open with one */
	for (uint32_t ci = 0; ci < c->ncapset[CS_CLOSED]; ci++) {
		uint32_t t = c->capset[CS_CLOSED][ci];
		const struct tok *tk = &d->tok[t];
		size_t n = tk->keylen;
		if (owner[t]) {
			/* "die Wirtschaft Nordportugals": a region, not the
			 * person a per.ctx rule guessed (a word of another
			 * shape is none: tested before weak_person) */
			struct mention *w = &d->ment[owner[t] - 1];
			if (!region_shape(d, t) || !weak_person(w))
				continue;
			owner[t] = 0;
			if (region_compound(d, t, g, owner))
				w->flags |= MF_DEAD;
			else
				owner[t] = (int32_t)(w - d->ment) + 1;
			continue;
		}
		if (owner[t] || c->blocked[t] || !(tk->flags & TOK_CAP) ||
		    (tk->flags & (TOK_UPPER | TOK_ABBR | TOK_HYPHEN | TOK_NUM | TOK_ALNUM)) || n < 8 ||
		    n > 60 || n != tk->end - tk->start || region_compound(d, t, g, owner) ||
		    tok_has(d, c->nouns, tk) || tok_has(d, c->given, tk))
			continue;
		const char *k = tk->key, *text = d->text + tk->start;
		/* the cuts from n - 4 down to 3 whose rest the suffix filter
		 * lets through (n <= 60), longest place first */
		uint64_t tb = lex_tail_bits(c->lx, c->nouns, k, n, 3, n - 4);
		int plain = -1; /* gaz_plain_word(text, n), asked at the first lookup */
		for (; tb; tb &= ~(1ull << (63 - __builtin_clzll(tb)))) {
			size_t cut = (size_t)(63 - __builtin_clzll(tb));
			if (((unsigned char)k[cut] & 0xC0) == 0x80)
				continue;
			if (plain < 0)
				plain = gaz_plain_word(text, n);
			/* A word of letters asks the gazetteer first, by the
			 * prefix's hash (few prefixes are places), any other
			 * word last (gaz_find folds and hashes). */
			uint64_t hp = hash_bytes(k, cut);
			int32_t id = -1;
			if (plain && !known_place(g, id = gaz_find_h(g, hp)))
				continue;
			/* the rest a common noun and no new place, the place no
			 * noun or function word: each part hashed once for its
			 * lookups in the lists (one probe for all where the masks
			 * cover them) */
			uint64_t hs = hash_bytes(k + cut, n - cut);
			if (masks) {
				uint64_t ms = lex_mask_h(c->lx, k + cut, n - cut, hs);
				if (!(ms & bnouns) || (ms & bnew) ||
				    (lex_mask_h(c->lx, k, cut, hp) & (bnouns | bstop)))
					continue;
			} else if (!lex_get_h(c->lx, c->nouns, k + cut, n - cut, hs) ||
				   lex_get_h(c->lx, c->nouns, k, cut, hp) ||
				   lex_get_h(c->lx, c->stop, k, cut, hp) ||
				   lex_get_h(c->lx, newplace, k + cut, n - cut, hs))
				continue;
			if (!plain && !known_place(g, id = gaz_find(g, text, cut)))
				continue;
			const struct gaz_entry *ge = gaz_get(g, id);
			push_mention(d, t, t + 1, ge->type, "ner.closed", owner);
			struct mention *m = &d->ment[d->nment - 1];
			m->form = EF_PART;
			m->entry = id;
			m->kb = ge->kb;
			m->canon = ge->name;
			break;
		}
	}
}

/* "Blatter und Beckenbauer", "Tranomaro, Folakara, Antsirabe und Makay":
 * in a list joined by commas and "und", "oder" or "sowie", names no stage
 * found take the type of the names found beside them, when those agree.
 * The list needs a conjunction, a known name of form name and no item that
 * is something else (a derived form, a part, a common noun), and it starts
 * after no capitalised word, article or fused preposition.  taken: the
 * greedy's token map after ner_context (its memory is reused), or NULL. */
static void ner_lists(struct doc *d, uint32_t *taken)
{
	const struct lex *lx = d->m ? d->m->lex : NULL;
	if (!lx || d->lang == NERD_LANG_EN || d->ntok < 3)
		return;
	struct listctx c = {lx, ner_list(d, "nouns"), ner_list(d, "stop"), ner_list(d, "roles"),
			    ner_list(d, "titles"), ner_list(d, "notname"), ner_list(d, "determiners"),
			    ner_list(d, "fusedprep"), ner_list(d, "given"), NULL, NULL, NULL, {NULL}, {0},
			    NULL, 0, 0, 0};
	/* owner: the latest live mention on each token.  taken is non-zero
	 * exactly on the tokens of live mentions (the winners, as ner_context
	 * grew them), which the loop below all writes: it becomes owner
	 * without clearing. */
	int32_t *owner;
	if (taken) {
		owner = (int32_t *)taken;
		owner[d->ntok] = 0;
	} else {
		owner = arena_zalloc(d->ar, sizeof(int32_t) * (d->ntok + 1));
	}
	uint8_t *blocked = arena_zalloc(d->ar, d->ntok + 1);
	for (uint32_t i = 0; i < d->nment; i++) {
		const struct mention *m = &d->ment[i];
		if (!(m->flags & MF_DEAD))
			for (uint32_t t = m->t0; t < m->t1 && t < d->ntok; t++)
				owner[t] = (int32_t)i + 1;
	}
	for (uint32_t f = 0; f < d->nfig; f++)
		block_span(d, blocked, d->fig[f].start, d->fig[f].end);
	for (uint32_t k = 0; k < d->ndate; k++)
		block_span(d, blocked, d->date[k].start, d->date[k].end);
	c.owner = owner;
	c.blocked = blocked;
	const int five[] = {c.nouns, c.stop, c.roles, c.titles, c.notname};
	c.listed_ok = d->tokmask != NULL;
	for (int i = 0; i < 5; i++) {
		if (five[i] >= LEX_MASK_LISTS)
			c.listed_ok = 0;
		else if (five[i] >= 0)
			c.listed_bits |= 1ull << five[i];
	}
	c.memo = arena_zalloc(d->ar, d->ntok + 1);
	/* One pass for the capitalised words of each pass (capset: the
	 * tests of the token alone that the pass makes first), the numbers
	 * and the sentences with a conjunction (only those can hold a list,
	 * below).  The lists' ends are kept in locals (registers). */
	uint32_t *cs[5];
	for (int i = 0; i < 5; i++)
		cs[i] = arena_alloc(d->ar, sizeof(uint32_t) * d->ntok);
	uint32_t *num = arena_alloc(d->ar, sizeof(*num) * d->ntok);
	uint8_t *conjsent = arena_zalloc(d->ar, d->nsent + 1);
	const struct tok *toks = d->tok;
	const char *text = d->text;
	const uint64_t *tm = d->tokmask;
	/* the given-name list's bit in tm, or 0: then every token of the
	 * right shape is filed */
	uint64_t gbit = tm && (unsigned)c.given < LEX_MASK_LISTS ? 1ull << c.given : 0;
	uint32_t *cgiven = cs[CS_GIVEN], *cer = cs[CS_ER], *cadj = cs[CS_ADJ];
	uint32_t *chyph = cs[CS_HYPHEN], *cclosed = cs[CS_CLOSED], *cnum = num;
	/* the nouns' and given names' bits in tm (those it covers) */
	uint64_t ngbit = !tm ? 0 :
		((unsigned)c.nouns < LEX_MASK_LISTS ? 1ull << c.nouns : 0) | gbit;
	for (uint32_t t = 0, nt = d->ntok, ns = d->nsent; t < nt; t++) {
		const struct tok *tk = &toks[t];
		uint32_t f = tk->flags, n = tk->keylen;
		if (f & TOK_NUM)
			*cnum++ = t;
		/* list_sep's conjunctions: "und", "oder", "sowie" */
		if (n - 3 <= 2 &&
		    (n == 3 ? !memcmp(tk->key, "und", 3) :
		     n == 4 ? !memcmp(tk->key, "oder", 4) : !memcmp(tk->key, "sowie", 5)) &&
		    tk->sent < ns)
			conjsent[tk->sent] = 1;
		if (!(f & TOK_CAP))
			continue;
		const char *k = tk->key;
		uint32_t tl = tk->end - tk->start;
		/* given_alone */
		if ((gbit ? tm[t] & gbit : 1) && t >= 1 && n >= 3 &&
		    !(f & (TOK_UPPER | TOK_ABBR | TOK_HYPHEN | TOK_SSTART | TOK_ALNUM)))
			*cgiven++ = t;
		/* city_adjective: a word in -er */
		if (tl >= 4 && text[tk->end - 1] == 'r' && text[tk->end - 2] == 'e')
			*cer++ = t;
		/* closed_compounds (region_compound's first letters) */
		unsigned char a = (unsigned char)text[tk->start];
		if ((tl >= 7 && (a == 'N' || a == 'S' || a == 'O' || a == 'W' || a == 'U' || a == 'M' ||
				 a == 'Z')) ||
		    (!(f & (TOK_UPPER | TOK_ABBR | TOK_HYPHEN | TOK_NUM | TOK_ALNUM)) && n >= 8 &&
		     n <= 60 && n == tl && !(tm && (tm[t] & ngbit))))
			*cclosed++ = t;
		if (f & TOK_HYPHEN) {
			*chyph++ = t;
			continue;
		}
		/* adjective_names: an ending after "sch", "lich" or "al", not
		 * the last token */
		if (n < 5 || t + 1 >= nt || (f & (TOK_SSTART | TOK_HEADLINE | TOK_UPPER)))
			continue;
		char z = k[n - 1];
		size_t e = z == 'e' ? 1 :
			   (z == 'n' || z == 'r' || z == 's' || z == 'm') && k[n - 2] == 'e' ? 2 : 0;
		if (!e || n - e < 4)
			continue;
		const char *st = k + n - e;
		if ((st[-1] == 'h' && (!memcmp(st - 3, "sch", 3) || !memcmp(st - 4, "lich", 4))) ||
		    (st[-1] == 'l' && st[-2] == 'a'))
			*cadj++ = t;
	}
	c.ncapset[CS_GIVEN] = (uint32_t)(cgiven - cs[CS_GIVEN]);
	c.ncapset[CS_ER] = (uint32_t)(cer - cs[CS_ER]);
	c.ncapset[CS_ADJ] = (uint32_t)(cadj - cs[CS_ADJ]);
	c.ncapset[CS_HYPHEN] = (uint32_t)(chyph - cs[CS_HYPHEN]);
	c.ncapset[CS_CLOSED] = (uint32_t)(cclosed - cs[CS_CLOSED]);
	for (int i = 0; i < 5; i++)
		c.capset[i] = cs[i];
	c.num = num;
	c.nnum = (uint32_t)(cnum - num);
	given_alone(d, &c, owner);
	clubs_by_score(d, &c);
	adjective_names(d, &c, owner);
	city_adjective(d, &c, owner);
	part_of_found(d, &c, owner);
	closed_compounds(d, &c, owner);
	enum { MAXITEM = 16 };
	uint32_t it0[MAXITEM], it1[MAXITEM];
	int32_t itm[MAXITEM];
	/* Only a sentence with a conjunction can hold a list: the others
	 * are skipped whole (a sentence's tokens are [t0, t1), and a list
	 * stays inside its sentence). */
	for (uint32_t sent = 0; sent < d->nsent; sent++) {
		if (!conjsent[sent])
			continue;
		for (uint32_t t = d->sent[sent].t0, te = d->sent[sent].t1; t < te;) {
			/* A list opens with a mention or a capitalised word
			 * (list_word); from anything else nothing follows. */
			if (!owner[t] && !(d->tok[t].flags & TOK_CAP)) {
				t++;
				continue;
			}
			uint32_t n = 0, p = t;
			int conj = 0, bad = 0;
			/* A list starts after no capitalised word ("Lady Gaga und ...";
			 * a common noun before a known name is fine) and no article or
			 * fused preposition ("im Minus und ..."). */
			const struct tok *pv = t > 0 ? &d->tok[t - 1] : NULL;
			if (pv && pv->sent == sent &&
			    (((pv->flags & TOK_CAP) && !(owner[t] && tok_has(d, c.nouns, pv))) ||
			     tok_has(d, c.det, pv) || tok_has(d, c.fused, pv)))
				bad = 1; /* "den Herstellern Siemens und ...": a known name may follow a noun */
			while (!bad && n < MAXITEM && p < d->ntok && d->tok[p].sent == sent) {
				uint32_t q = p;
				int32_t mi = -1;
				if (owner[p]) {
					const struct mention *m = &d->ment[owner[p] - 1];
					if (m->t0 != p || m->form != EF_NAME || m->type == ET_MISC) {
						bad = n > 0;
						break;
					}
					mi = owner[p] - 1;
					q = m->t1;
				} else {
					while (q < p + 3 && q < d->ntok && d->tok[q].sent == sent &&
					       list_word(d, &c, q))
						q++;
					if (q == p || (q < d->ntok && d->tok[q].sent == sent &&
						       (d->tok[q].flags & TOK_CAP))) {
						bad = n > 0; /* something else is listed */
						break;   /* or more capitalised words follow */
					}
				}
				it0[n] = p;
				it1[n] = q;
				itm[n++] = mi;
				if (q >= d->ntok || d->tok[q].sent != sent || !list_sep(d, q, &conj))
					break;
				p = q + 1;
			}
			uint32_t next = n ? it1[n - 1] : t + 1;
			if (next <= t)
				next = t + 1;
			/* A person guessed from the sentence alone (a per.ctx rule, "und
			 * Eregli ging") counts as unknown: the list may make it a place
			 * ("zwischen Düren und Eregli"). */
			int type = -1, mixed = 0, known = 0, unknown = 0;
			for (uint32_t i = 0; i < n; i++) {
				const struct mention *im = itm[i] >= 0 ? &d->ment[itm[i]] : NULL;
				if (!im || weak_person(im)) {
					unknown++;
					continue;
				}
				known++;
				int ty = im->type;
				if (type >= 0 && ty != type)
					mixed = 1;
				type = ty;
			}
			if (n >= 2 && conj && known && unknown && !mixed && !bad) {
				for (uint32_t i = 0; i < n; i++) {
					if (itm[i] >= 0) {
						struct mention *im = &d->ment[itm[i]];
						if (weak_person(im) && im->type != type) {
							im->type = (uint8_t)type;
							im->flags &= ~MF_SURNAME;
							im->rule = "ner.list";
						}
						continue;
					}
					push_mention(d, it0[i], it1[i], type, "ner.list", owner);
				}
			}
			t = next;
		}
	}
}

/* Is mention m among the counted words of count figure f: right after its
 * number and scale words, or after them and one lower-case adjective ("drei
 * Palästinenser", "240 Millionen Pakistaner", "neun österreichischen
 * Bundesländer"; not "1919 wurde Gagra", which the figure stage may read as
 * a count)? */
static int counted_name(const struct doc *d, uint32_t f, const struct mention *m)
{
	uint32_t a = d->fig[f].start, lo = 0, hi = d->ntok;
	if (d->fig[f].kind != FK_COUNT || m->start <= a || m->end > d->fig[f].end)
		return 0;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (d->tok[mid].end <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	const struct lex *lx = d->m ? d->m->lex : NULL;
	int adj = 0;
	for (uint32_t q = lo + 1; q < m->t0; q++) {
		const struct tok *w = &d->tok[q];
		const char *k = w->key;
		size_t n = w->keylen;
		static const char *const scale[] = {"million", "millionen", "milliarde", "milliarden",
						    "tausend", "tausende", "hundert", "hunderte",
						    "mio.", "mrd."};
		int sc = 0;
		for (size_t i = 0; i < ARRAY_LEN(scale) && !sc; i++)
			sc = strlen(scale[i]) == n && !memcmp(k, scale[i], n);
		if (sc && !adj)
			continue; /* "240 Millionen Pakistaner" */
		if (adj++ || (w->flags & TOK_CAP) || n < 4 || lex_has(lx, ner_list(d, "stop"), k, n) ||
		    lex_has(lx, ner_list(d, "pverbs"), k, n) ||
		    !(k[n - 1] == 'e' || (k[n - 2] == 'e' && strchr("nrsm", k[n - 1]))))
			return 0;
	}
	return 1;
}

/* Spans (figures or dates) in start order, for the ones overlapping a
 * mention: pmax[i] is the largest end among spans 0..i, so the spans
 * before the first i with pmax[i] > a all end by a. */
struct spanord {
	const uint32_t *start, *pmax;
	uint32_t n;
	int ok;                 /* 0: not in start order (scan them all) */
};

/* so over the n spans whose starts are st[] and ends pm[] (made the
 * running maximum here). */
static void spanord_init(struct spanord *so, uint32_t *st, uint32_t *pm, uint32_t n)
{
	so->ok = 1;
	for (uint32_t i = 1; i < n; i++) {
		if (pm[i] < pm[i - 1])
			pm[i] = pm[i - 1];
		if (st[i] < st[i - 1])
			so->ok = 0;
	}
	so->start = st;
	so->pmax = pm;
	so->n = n;
}

/* The spans that may overlap bytes [a, b): [*lo, *hi) (all when not in
 * order). */
static void spanord_range(const struct spanord *so, uint32_t a, uint32_t b, uint32_t *lo,
			  uint32_t *hi)
{
	if (!so->ok) {
		*lo = 0, *hi = so->n;
		return;
	}
	uint32_t l = 0, h = so->n;
	while (l < h) {
		uint32_t mid = l + (h - l) / 2;
		if (so->pmax[mid] <= a)
			l = mid + 1;
		else
			h = mid;
	}
	*lo = l;
	while (h < so->n && so->start[h] < b)
		h++;
	*hi = h;
}

/* Sets the bits of bytes [a, b) (below len) in bits; for an empty or
 * reversed span (which overlaps() still finds in a mention around it) the
 * bit of byte b, so that every mention [s, e) (s < e <= len) that
 * overlaps() the span has a bit set. */
static void bits_mark(uint64_t *bits, uint32_t len, uint32_t a, uint32_t b)
{
	if (a >= b)
		a = b, b = b + 1;
	if (b > len)
		b = len;
	if (a >= b)
		return;
	uint32_t wa = a / 64, wb = (b - 1) / 64;
	uint64_t lo = ~0ull << (a & 63), hi = ~0ull >> (63 - ((b - 1) & 63));
	if (wa == wb) {
		bits[wa] |= lo & hi;
		return;
	}
	bits[wa] |= lo;
	for (uint32_t w = wa + 1; w < wb; w++)
		bits[w] = ~0ull;
	bits[wb] |= hi;
}

/* Is a bit of bytes [a, b) set (a < b)? */
static int bits_any(const uint64_t *bits, uint32_t a, uint32_t b)
{
	uint32_t wa = a / 64, wb = (b - 1) / 64;
	uint64_t lo = ~0ull << (a & 63), hi = ~0ull >> (63 - ((b - 1) & 63));
	if (wa == wb)
		return (bits[wa] & lo & hi) != 0;
	if (bits[wa] & lo || bits[wb] & hi)
		return 1;
	for (uint32_t w = wa + 1; w < wb; w++)
		if (bits[w])
			return 1;
	return 0;
}

void ner_resolve(struct doc *d)
{
	if (!d->nment) {
		ner_lists(d, NULL); /* a given name alone needs no other mention */
		return;
	}
	/* Figures and dates first: a name inside "im Mai" or "US-Dollar" loses.
	 * Only the figures and dates that overlap a mention can take it (in
	 * any order: each test is one of the mention and one span). */
	struct spanord fo, dso;
	uint32_t *st = arena_alloc(d->ar, sizeof(*st) * (d->nfig + d->ndate + 1));
	uint32_t *en = arena_alloc(d->ar, sizeof(*en) * (d->nfig + d->ndate + 1));
	for (uint32_t f = 0; f < d->nfig; f++)
		st[f] = d->fig[f].start, en[f] = d->fig[f].end;
	for (uint32_t k = 0; k < d->ndate; k++)
		st[d->nfig + k] = d->date[k].start, en[d->nfig + k] = d->date[k].end;
	spanord_init(&fo, st, en, d->nfig);
	spanord_init(&dso, st + d->nfig, en + d->nfig, d->ndate);
	/* The bytes of the text in some figure or date, as bits: a mention
	 * over none of them overlaps none (the usual case), without a
	 * search. */
	uint64_t *inspan = arena_zalloc(d->ar, sizeof(uint64_t) * (d->len / 64 + 1));
	for (uint32_t k = 0; k < d->nfig + d->ndate; k++)
		bits_mark(inspan, d->len, st[k], en[k]);
	for (uint32_t i = 0; i < d->nment; i++) {
		struct mention *m = &d->ment[i];
		if (m->start < m->end && m->end <= d->len && !bits_any(inspan, m->start, m->end))
			continue;
		uint32_t f0, f1, k0, k1;
		spanord_range(&fo, m->start, m->end, &f0, &f1);
		spanord_range(&dso, m->start, m->end, &k0, &k1);
		for (uint32_t f = f0; f < f1 && !(m->flags & MF_DEAD); f++)
			if (overlaps(m->start, m->end, d->fig[f].start, d->fig[f].end) &&
			    /* English: a demonym counted ("37 million Americans") is
			     * a mention too */
			    !(d->lang == NERD_LANG_EN && m->form == EF_DERIVED &&
			      m->start > d->fig[f].start && m->end == d->fig[f].end) &&
			    /* German: a name inside the counted words of a count
			     * ("drei Palästinenser", "neun österreichischen
			     * Bundesländer") is a mention too; not in money or
			     * units ("US-Dollar") */
			    !(d->lang != NERD_LANG_EN && counted_name(d, f, m)) &&
			    !(m->start <= d->fig[f].start && m->end >= d->fig[f].end && m->end - m->start > d->fig[f].end - d->fig[f].start))
				m->flags |= MF_DEAD;
		for (uint32_t k = k0; k < k1 && !(m->flags & MF_DEAD); k++)
			if (overlaps(m->start, m->end, d->date[k].start, d->date[k].end) &&
			    !(m->start <= d->date[k].start && m->end >= d->date[k].end && m->end - m->start > d->date[k].end - d->date[k].start))
				m->flags |= MF_DEAD;
	}
	if (d->lang == NERD_LANG_EN)
		afterposs_party(d);
	/* English: "the Australian dollar", "U.S. cents": a place before a
	 * currency word names the currency (lists/currency_en.txt). */
	if (d->lang == NERD_LANG_EN) {
		int cur = ner_list(d, "currency_en");
		for (uint32_t i = 0; i < d->nment; i++) {
			struct mention *m = &d->ment[i];
			if (m->type == ET_LOC && m->t1 < d->ntok &&
			    tok_has(d, cur, &d->tok[m->t1]))
				m->flags |= MF_DEAD;
		}
	}
	ner_drop_nouns(d);
	ner_strong_context(d);
	/* Greedy by priority over a token occupancy map, taken (the mention
	 * index + 1 that holds each token).  A live mention that shares no
	 * token with another wins in any order: only the others are sorted,
	 * by one integer key each (cmp_prio's order), stably.  A NaN
	 * priority (no order) sends all through qsort with cmp_prio. */
	uint32_t *taken = arena_zalloc(d->ar, (d->ntok + 1) * sizeof(uint32_t));
	uint32_t *ord = xmalloc(sizeof(uint32_t) * d->nment);
	struct kix *key = xmalloc(sizeof(*key) * 2 * d->nment);
	uint32_t n = 0;
	int nan = 0;
	for (uint32_t i = 0; i < d->nment; i++) {
		const struct mention *m = &d->ment[i];
		if (m->flags & MF_DEAD)
			continue;
		float p = priority(m);
		nan |= p != p;
		for (uint32_t t = m->t0; t < m->t1; t++)
			taken[t]++; /* first the live mentions on each token */
	}
	if (nan) {
		float *prio = xmalloc(sizeof(float) * d->nment);
		memset(taken, 0, (d->ntok + 1) * sizeof(uint32_t));
		for (uint32_t i = 0; i < d->nment; i++)
			if (!(d->ment[i].flags & MF_DEAD)) {
				prio[i] = priority(&d->ment[i]);
				ord[n++] = i;
			}
		cmp_d = d;
		cmp_prio_of = prio;
		qsort(ord, n, sizeof(uint32_t), cmp_prio);
		cmp_prio_of = NULL;
		free(prio);
	} else {
		for (uint32_t i = 0; i < d->nment; i++) {
			const struct mention *m = &d->ment[i];
			if (m->flags & MF_DEAD)
				continue;
			int alone = 1;
			for (uint32_t t = m->t0; t < m->t1; t++)
				alone &= taken[t] == 1;
			if (alone) {
				/* only m is on these tokens: no other mention
				 * reads them below */
				for (uint32_t t = m->t0; t < m->t1; t++)
					taken[t] = i + 1;
				continue;
			}
			key[n].k = (uint64_t)~float_order(priority(m)) << 32 | m->start;
			key[n++].i = i;
		}
		for (uint32_t k = 0; k < n; k++) {
			const struct mention *m = &d->ment[key[k].i];
			for (uint32_t t = m->t0; t < m->t1; t++)
				taken[t] = 0;
		}
		sort_kix(key, n, key + n);
		for (uint32_t k = 0; k < n; k++)
			ord[k] = key[k].i;
	}
	free(key);
	/* English part mentions of one hyphen token ("U.S." and "China" in
	 * "U.S.-China") share it when their spans do not overlap. */
	for (uint32_t k = 0; k < n; k++) {
		struct mention *m = &d->ment[ord[k]];
		int free_ = 1;
		for (uint32_t t = m->t0; t < m->t1 && free_; t++) {
			const struct mention *o = taken[t] ? &d->ment[taken[t] - 1] : NULL;
			free_ = !o || (m->form == EF_PART && o->form == EF_PART && m->t1 - m->t0 == 1 &&
				       o->t1 - o->t0 == 1 && !overlaps(m->start, m->end, o->start, o->end));
		}
		if (!free_) {
			m->flags |= MF_DEAD;
			continue;
		}
		for (uint32_t t = m->t0; t < m->t1; t++)
			taken[t] = ord[k] + 1;
	}
	free(ord);
	ner_context(d, taken);
	ner_lists(d, taken); /* German only: the English passes below read taken */
	if (d->lang == NERD_LANG_EN) {
		acronym_canon(d);
		legal_form_known(d, taken);
		place_compound_en(d, taken);
		name_repeats(d, taken);
	}
}
