/* ner.c -- overlap resolution.  Candidates from the gazetteer and the rules
 * compete for tokens: the longer span wins, then the higher score, then the
 * earlier start; a gazetteer mention beats a rule mention of the same span
 * (it knows the canonical name).  Mentions that overlap a figure or a date
 * without containing it are dropped ("Mai" in "im Mai").  After the choice,
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
#include "arena.h"
#include "utf8.h"
#include "util.h"

static _Thread_local const struct doc *cmp_d;

static float priority(const struct mention *m)
{
	float p = (float)(m->end - m->start) * 0.01f + (float)(m->t1 - m->t0) + m->score;
	if (m->source == ES_GAZ)
		p += 0.05f;
	return p;
}

static int cmp_prio(const void *a, const void *b)
{
	const struct mention *x = &cmp_d->ment[*(const uint32_t *)a];
	const struct mention *y = &cmp_d->ment[*(const uint32_t *)b];
	float px = priority(x), py = priority(y);
	if (px != py)
		return px > py ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
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
	const struct lex *lx = d->m ? d->m->lex : NULL;
	int stop = lex_list(lx, "stop"), roles = lex_list(lx, "roles_en");
	int titles = lex_list(lx, "titles");
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
			 w->keylen >= 4 && !lex_has(lx, stop, w->key, w->keylen) &&
			 !lex_has(lx, roles, w->key, w->keylen) && !lex_has(lx, titles, w->key, w->keylen))
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
				    !lex_has(lx, stop, pv->key, pv->keylen) && !(tk->flags & TOK_SSTART)) ||
				   (t + 1 < d->ntok && (d->tok[t + 1].flags & TOK_CAP))))
			continue;
		rep_push(d, h[j].ment, t, tk->start, tk->end, EF_NAME);
	}
}

/* A one-word gazetteer name that is also a common noun or function word
 * loses where the grammar makes it the ordinary word: after an article or a
 * fused preposition ("das Ende", "im Norden"), or a function word opening a
 * sentence ("Seine Frau").  Only place names that are everyday nouns
 * (list nounplaces) are taken for the noun: "im Allgäu" stays a place. */
static void ner_drop_nouns(struct doc *d)
{
	const struct lex *lx = d->m ? d->m->lex : NULL;
	int nouns = lex_list(lx, "nounplaces"), stop = lex_list(lx, "stop");
	int det = lex_list(lx, "determiners"), fused = lex_list(lx, "fusedprep");
	for (uint32_t i = 0; i < d->nment; i++) {
		struct mention *m = &d->ment[i];
		if (m->source != ES_GAZ || m->t1 != m->t0 + 1 || (m->flags & MF_DEAD) ||
		    m->form != EF_NAME)
			continue;
		const struct tok *t = &d->tok[m->t0];
		if ((t->flags & TOK_SSTART) && lex_has(lx, stop, t->key, t->keylen)) {
			m->flags |= MF_DEAD;
			continue;
		}
		if (m->t0 == 0 || !lex_has(lx, nouns, t->key, t->keylen))
			continue;
		const struct tok *p = &d->tok[m->t0 - 1];
		if (lex_has(lx, det, p->key, p->keylen) || lex_has(lx, fused, p->key, p->keylen))
			m->flags |= MF_DEAD;
	}
}

/* A rule that read a strong context (a role, title or relative before the
 * name: score 0.75 or more) beats a gazetteer reading of the same span
 * that the gazetteer does not know well (no Wikidata id): "seinem Onkel
 * Hamilton" is a person, not the Canadian city. */
static void ner_strong_context(struct doc *d)
{
	/* Strong rule mentions chained by their first token: one short walk
	 * per gazetteer mention, not a scan of all mentions. */
	int32_t *head = arena_alloc(d->ar, sizeof(int32_t) * (d->ntok + 1));
	int32_t *next = arena_alloc(d->ar, sizeof(int32_t) * (d->nment + 1));
	for (uint32_t t = 0; t <= d->ntok; t++)
		head[t] = -1;
	for (uint32_t j = 0; j < d->nment; j++) {
		const struct mention *r = &d->ment[j];
		if (r->source == ES_RULE && !(r->flags & MF_DEAD) && r->score >= 0.75f &&
		    r->t0 < d->ntok) {
			next[j] = head[r->t0];
			head[r->t0] = (int32_t)j;
		}
	}
	for (uint32_t i = 0; i < d->nment; i++) {
		struct mention *g = &d->ment[i];
		if (g->source != ES_GAZ || g->kb || (g->flags & MF_DEAD) || g->t0 >= d->ntok)
			continue;
		for (int32_t j = head[g->t0]; j >= 0; j = next[j]) {
			const struct mention *r = &d->ment[j];
			if (r->t1 == g->t1 && r->type != g->type) {
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

/* taken[t] is non-zero where a mention already holds token t. */
static void ner_context(struct doc *d, uint32_t *taken)
{
	const struct lex *lx = d->m ? d->m->lex : NULL;
	int nouns = lex_list(lx, "nouns"), roles = lex_list(lx, "roles");
	int clubs = lex_list(lx, "clubs");
	int sites = lex_list(lx, "sites"), prep = lex_list(lx, "siteprep");
	int det = lex_list(lx, "determiners");
	char key[256];
	for (uint32_t i = 0; i < d->nment; i++) {
		struct mention *m = &d->ment[i];
		if (m->flags & MF_DEAD)
			continue;
		place_district(d, m, lx, nouns, roles);
		/* "1. FC Köln": a club's ordinal belongs to its name. */
		if (m->type == ET_ORG && m->form == EF_NAME &&
		    lex_has(lx, clubs, d->tok[m->t0].key, d->tok[m->t0].keylen)) {
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
		if (p > 0 && lex_has(lx, det, d->tok[p].key, d->tok[p].keylen))
			p--; /* "vor dem Kanzleramt" */
		if (lex_has(lx, prep, d->tok[p].key, d->tok[p].keylen))
			m->type = ET_LOC;
	}
}

void ner_resolve(struct doc *d)
{
	if (!d->nment)
		return;
	/* Figures and dates first: a name inside "im Mai" or "US-Dollar" loses. */
	for (uint32_t i = 0; i < d->nment; i++) {
		struct mention *m = &d->ment[i];
		for (uint32_t f = 0; f < d->nfig && !(m->flags & MF_DEAD); f++)
			if (overlaps(m->start, m->end, d->fig[f].start, d->fig[f].end) &&
			    /* English: a demonym counted ("37 million Americans") is
			     * a mention too */
			    !(d->lang == NERD_LANG_EN && m->form == EF_DERIVED &&
			      m->start > d->fig[f].start && m->end == d->fig[f].end) &&
			    !(m->start <= d->fig[f].start && m->end >= d->fig[f].end && m->end - m->start > d->fig[f].end - d->fig[f].start))
				m->flags |= MF_DEAD;
		for (uint32_t k = 0; k < d->ndate && !(m->flags & MF_DEAD); k++)
			if (overlaps(m->start, m->end, d->date[k].start, d->date[k].end) &&
			    !(m->start <= d->date[k].start && m->end >= d->date[k].end && m->end - m->start > d->date[k].end - d->date[k].start))
				m->flags |= MF_DEAD;
	}
	if (d->lang == NERD_LANG_EN)
		afterposs_party(d);
	/* English: "the Australian dollar", "U.S. cents": a place before a
	 * currency word names the currency (lists/currency_en.txt). */
	if (d->lang == NERD_LANG_EN) {
		const struct lex *lx = d->m ? d->m->lex : NULL;
		int cur = lex_list(lx, "currency_en");
		for (uint32_t i = 0; i < d->nment; i++) {
			struct mention *m = &d->ment[i];
			if (m->type == ET_LOC && m->t1 < d->ntok &&
			    lex_has(lx, cur, d->tok[m->t1].key, d->tok[m->t1].keylen))
				m->flags |= MF_DEAD;
		}
	}
	ner_drop_nouns(d);
	ner_strong_context(d);
	uint32_t *ord = xmalloc(sizeof(uint32_t) * d->nment);
	uint32_t n = 0;
	for (uint32_t i = 0; i < d->nment; i++)
		if (!(d->ment[i].flags & MF_DEAD))
			ord[n++] = i;
	cmp_d = d;
	qsort(ord, n, sizeof(uint32_t), cmp_prio);
	/* Greedy by priority over a token occupancy map (the mention index + 1
	 * that holds each token).  English part mentions of one hyphen token
	 * ("U.S." and "China" in "U.S.-China") share it when their spans do not
	 * overlap. */
	uint32_t *taken = arena_zalloc(d->ar, (d->ntok + 1) * sizeof(uint32_t));
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
	if (d->lang == NERD_LANG_EN) {
		acronym_canon(d);
		legal_form_known(d, taken);
		place_compound_en(d, taken);
		name_repeats(d, taken);
	}
}
