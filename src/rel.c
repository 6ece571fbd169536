/* rel.c -- relations between entities and figures.
 *
 * role       "US-Handelsminister Howard Lutnick", "Chinas Staatschef Xi
 *            Jinping", "der japanische Verkehrsminister X", "Kaiser X",
 *            "X, Vorsitzender der SPD", "die Parteivorsitzenden X und Y";
 *            and from the gazetteer, a known office holder named in the
 *            text whose office the text also names ("des US-Präsidenten").
 * member_of  "Name (SPD)", "SPD-Chefin X", "CDU-Politiker X" for parties,
 *            "Ferrari-Pilot X" for teams (org subtypes party and club).
 * quote      text between paired quotation marks, attributed by a speech
 *            verb after or before it ("sagte X", "X erklärte", "so X",
 *            "laut X"), a colon ("X: „…“"), a pronoun or role after the
 *            verb ("sagte sie", "sagte der Minister"), or the speaker of the
 *            previous sentence when the quote continues reported speech.
 * figure_of, equivalent   from what the figure stage found.
 *
 * Role words come from lists/roles.tsv (inflected form -> nominative
 * singular), speech verbs from lists/speech.txt. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "gaz.h"
#include "lex.h"
#include "model.h"
#include "rel.h"
#include "tok.h"
#include "utf8.h"
#include "util.h"

struct reldata {
	int roles, speech, stop;
};

int rel_load(const char *dir, const struct lex *lex, const struct gaz *gaz,
	     struct reldata **out, char *err, size_t errlen)
{
	struct reldata *r = xcalloc(1, sizeof(*r));
	r->roles = lex_list(lex, "roles");
	r->speech = lex_list(lex, "speech");
	r->stop = lex_list(lex, "stop");
	*out = r;
	return 0;
}

void rel_free(struct reldata *r)
{
	free(r);
}

/* Per-document working state. */
struct rctx {
	const struct reldata *rd;
	const struct lex *lx;
	const struct gaz *gz;
	struct doc *d;
	int32_t *at;            /* live mention index covering each token, or -1 */
	int32_t *speaker_of;    /* per sentence: entity that speaks there, or -1 */
	uint8_t *inquote;       /* token inside a quotation */
	/* Per token t, once the quotations are known: the last token before t,
	 * outside quotations, in a PER or ORG name (lastname) or in a PER name
	 * (lastper), or -1.  They answer
	 * speaker_before and last_person_before in O(1); the backward scans
	 * they replace made a 1 MiB text of quotes and speech verbs in one
	 * sentence take seconds (quadratic; tests/hostile.test). */
	int32_t *lastname, *lastper;
	/* The relations made so far, indexed by fact (see rix_*). */
	uint64_t *rix_hash;
	uint32_t *rix_rel;      /* relation index + 1; 0 = empty slot */
	uint32_t rix_cap, rix_n;
};

/* ---- an index of relations by fact ----------------------------------------
 * add_rel's "one relation per fact", the duplicate check of quotes and
 * holder_of each walked every relation made so far: quadratic on a text with
 * tens of thousands of roles or quotes.  An open-addressing table in the
 * arena maps a hash of the fact to the relations having it; callers still
 * compare the facts themselves, so a hash collision costs time, not
 * correctness. */
enum { RIX_FACT = 1, RIX_QUOTE, RIX_HOLDER };

static uint64_t rix_mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	return h;
}

static uint64_t rix_key(int kind, int type, int32_t a, int32_t b, const char *s, size_t n)
{
	uint64_t h = rix_mix((uint64_t)kind, (uint64_t)type);
	h = rix_mix(h, (uint32_t)a);
	h = rix_mix(h, (uint32_t)b);
	if (s)
		h = rix_mix(h, hash_bytes(s, n));
	return h ? h : 1;
}

static void rix_add(struct rctx *c, uint64_t h, uint32_t rel)
{
	if (2 * (c->rix_n + 1) > c->rix_cap) {
		uint32_t ocap = c->rix_cap, ncap = ocap ? 2 * ocap : 64;
		uint64_t *oh = c->rix_hash;
		uint32_t *orel = c->rix_rel;
		c->rix_hash = arena_zalloc(c->d->ar, sizeof(uint64_t) * ncap);
		c->rix_rel = arena_zalloc(c->d->ar, sizeof(uint32_t) * ncap);
		c->rix_cap = ncap;
		c->rix_n = 0;
		for (uint32_t i = 0; i < ocap; i++)
			if (orel[i])
				rix_add(c, oh[i], orel[i] - 1);
	}
	uint32_t j = (uint32_t)h & (c->rix_cap - 1);
	while (c->rix_rel[j])
		j = (j + 1) & (c->rix_cap - 1);
	c->rix_hash[j] = h;
	c->rix_rel[j] = rel + 1;
	c->rix_n++;
}

/* Iterates over the relations filed under h: start with *pos = RIX_START;
 * returns a relation index + 1, or 0 when there are no more. */
#define RIX_START UINT32_MAX
static uint32_t rix_next(const struct rctx *c, uint64_t h, uint32_t *pos)
{
	if (!c->rix_cap)
		return 0;
	uint32_t mask = c->rix_cap - 1;
	uint32_t j = *pos == RIX_START ? (uint32_t)h & mask : (*pos + 1) & mask;
	for (; c->rix_rel[j]; j = (j + 1) & mask)
		if (c->rix_hash[j] == h) {
			*pos = j;
			return c->rix_rel[j];
		}
	return 0;
}

static const struct mention *ment_at(const struct rctx *c, uint32_t t)
{
	if (t >= c->d->ntok || c->at[t] < 0)
		return NULL;
	return &c->d->ment[c->at[t]];
}

/* The subtype of an entity's gazetteer entry ("party", "club"), or "". */
static const char *ent_subtype(const struct rctx *c, int32_t e)
{
	const struct gaz_entry *ge = gaz_get(c->gz, c->d->ent[e].entry);
	return ge ? ge->subtype : "";
}

static int is_party_or_team(const struct rctx *c, int32_t e)
{
	const char *s = ent_subtype(c, e);
	return !strcmp(s, "party") || !strcmp(s, "club") || !strcmp(s, "team") ||
	       !strcmp(s, "group");
}

/* Role normalised from a token: "Regierungschefin" -> "Regierungschefin",
 * "US-Präsidenten" -> "Präsident" (the part after the last hyphen). */
static const char *role_of(const struct rctx *c, uint32_t t)
{
	const struct tok *tk = &c->d->tok[t];
	if (!(tk->flags & TOK_WORD))
		return NULL;
	const char *v = lex_get(c->lx, c->rd->roles, tk->key, tk->keylen);
	if (!v && (tk->flags & TOK_HYPHEN)) {
		const char *h = strrchr(tk->key, '-');
		if (h && h[1])
			v = lex_get(c->lx, c->rd->roles, h + 1, tk->keylen - (uint32_t)(h + 1 - tk->key));
	}
	return v && *v ? v : NULL;
}

static int tok_in(const struct tok *t, const char *const *words)
{
	for (; *words; words++)
		if (tok_key_is(t, *words))
			return 1;
	return 0;
}

static const char *const determiners[] = {"der", "die", "das", "des", "dem", "den", "ein",
					  "eine", "einer", "eines", "einem", "the", "a", NULL};

static void add_rel(struct rctx *c, int type, int32_t a, int32_t b, const char *role,
		    uint32_t start, uint32_t end, const char *rule)
{
	struct doc *d = c->d;
	uint64_t h = rix_key(RIX_FACT, type, a, b, role, role ? strlen(role) : 0);
	uint32_t pos = RIX_START, i;
	while ((i = rix_next(c, h, &pos))) {
		struct relation *r = &d->rel[i - 1];
		if (r->type == type && r->a == a && r->b == b &&
		    ((!r->role && !role) || (r->role && role && !strcmp(r->role, role))))
			return; /* one relation per fact */
	}
	rix_add(c, h, d->nrel);
	if (type == RT_ROLE && role) {
		/* The first holder of a role, for holder_of. */
		uint64_t hh = rix_key(RIX_HOLDER, 0, 0, 0, role, strlen(role));
		int seen = 0;
		pos = RIX_START;
		while (!seen && (i = rix_next(c, hh, &pos)))
			seen = d->rel[i - 1].type == RT_ROLE && d->rel[i - 1].role &&
			       !strcmp(d->rel[i - 1].role, role);
		if (!seen)
			rix_add(c, hh, d->nrel);
	}
	struct relation *r = DOC_PUSH(d, rel);
	r->type = (uint8_t)type;
	r->a = a;
	r->b = b;
	r->role = role;
	r->start = start;
	r->end = end;
	r->rule = rule;
}

/* A person mention starting at token t (form name). */
static const struct mention *person_at(const struct rctx *c, uint32_t t)
{
	const struct mention *m = ment_at(c, t);
	if (m && m->type == ET_PER && m->form == EF_NAME && m->t0 == t)
		return m;
	return NULL;
}

/* The organisation or country a role token belongs to, looking at the token
 * itself ("US-Handelsminister") and the words before it ("Chinas",
 * "der japanische"), or -1. */
static int32_t role_org(const struct rctx *c, uint32_t t)
{
	const struct mention *m = ment_at(c, t);
	if (m && m->form == EF_PART && m->type != ET_PER)
		return m->ent;
	for (uint32_t k = t; k-- > 0 && t - k <= 3;) {
		const struct tok *tk = &c->d->tok[k];
		const struct mention *p = ment_at(c, k);
		if (p && p->type != ET_PER && (p->form == EF_DERIVED || (p->flags & MF_GENITIVE)))
			return p->ent;
		if (p || !(tk->flags & TOK_WORD) || !(tk->flags & TOK_LOWER))
			break; /* only adjectives ("neue") may stand between */
	}
	return -1;
}

static void find_roles(struct rctx *c)
{
	struct doc *d = c->d;
	for (uint32_t t = 0; t + 1 < d->ntok; t++) {
		const char *role = role_of(c, t);
		if (!role)
			continue;
		const struct mention *p = person_at(c, t + 1);
		if (p) {
			int32_t org = role_org(c, t);
			add_rel(c, RT_ROLE, p->ent, org, role, d->tok[t].start, p->end, "role.title_name");
			if (org >= 0 && ment_at(c, t) && ment_at(c, t)->form == EF_PART &&
			    is_party_or_team(c, org))
				add_rel(c, RT_MEMBER, p->ent, org, NULL, d->tok[t].start, p->end,
					"member.compound");
			/* Coordination: "die Parteivorsitzenden X und Y". */
			uint32_t u = p->t1;
			if (u + 1 < d->ntok && tok_key_is(&d->tok[u], "und")) {
				const struct mention *q = person_at(c, u + 1);
				if (q)
					add_rel(c, RT_ROLE, q->ent, org, role, d->tok[t].start, q->end,
						"role.coordination");
			}
			continue;
		}
		/* Apposition: "X, Vorsitzender der SPD" / "X, Chef von Y". */
		if (t >= 2 && tok_is(d, &d->tok[t - 1], ",")) {
			const struct mention *q = ment_at(c, t - 2);
			if (!q || q->type != ET_PER || q->form != EF_NAME)
				continue;
			int32_t org = -1;
			uint32_t u = t + 1;
			if (u < d->ntok && (tok_key_is(&d->tok[u], "der") || tok_key_is(&d->tok[u], "des") ||
					    tok_key_is(&d->tok[u], "von") || tok_key_is(&d->tok[u], "vom")))
				u++;
			const struct mention *o = ment_at(c, u);
			if (o && o->type != ET_PER && u > t + 1)
				org = o->ent;
			else if (ment_at(c, t) && ment_at(c, t)->form == EF_PART)
				org = ment_at(c, t)->ent;
			add_rel(c, RT_ROLE, q->ent, org, role, q->start, d->tok[t].end, "role.apposition");
		}
	}
	/* Party in parentheses: "Name (SPD)"; party compounds: "CDU-Politiker X". */
	for (uint32_t t = 0; t + 3 < d->ntok; t++) {
		const struct mention *p = ment_at(c, t);
		if (!p || p->type != ET_PER || p->t1 != t + 1 || !tok_is(d, &d->tok[t + 1], "("))
			continue;
		const struct mention *o = ment_at(c, t + 2);
		if (o && o->type == ET_ORG && o->t1 < d->ntok && tok_is(d, &d->tok[o->t1], ")") &&
		    is_party_or_team(c, o->ent))
			add_rel(c, RT_MEMBER, p->ent, o->ent, NULL, p->start, d->tok[o->t1].end,
				"member.parenthesis");
	}
	/* Known office holders: the gazetteer says who holds an office; the text
	 * naming that office ("des US-Präsidenten") confirms it. */
	char role[128], org[128];
	for (uint32_t e = 0; e < d->nent; e++) {
		if (d->ent[e].type != ET_PER || d->ent[e].entry < 0)
			continue;
		if (!gaz_attr(c->gz, d->ent[e].entry, "role", role, sizeof(role)))
			continue;
		if (!gaz_attr(c->gz, d->ent[e].entry, "org", org, sizeof(org)))
			org[0] = 0;
		for (uint32_t t = 0; t < d->ntok; t++) {
			const char *r = role_of(c, t);
			if (!r || strcmp(r, role))
				continue;
			int32_t o = role_org(c, t);
			if (org[0] && (o < 0 || strcmp(d->ent[o].name, org)))
				continue;
			add_rel(c, RT_ROLE, (int32_t)e, o, r, d->tok[t].start, d->tok[t].end,
				"role.known_office");
			break;
		}
	}
}

/* ---- quotes ------------------------------------------------------------ */

static int is_speech(const struct rctx *c, uint32_t t)
{
	const struct tok *tk = &c->d->tok[t];
	return lex_has(c->lx, c->rd->speech, tk->key, tk->keylen);
}

static int is_pronoun(const struct tok *t)
{
	static const char *const p[] = {"er", "sie", "he", "she", NULL};
	return tok_in(t, p);
}

/* The most recent person mentioned before token t outside quotations. */
static int32_t last_person_before(const struct rctx *c, uint32_t t)
{
	int32_t k = c->lastper[t];
	return k >= 0 ? ment_at(c, (uint32_t)k)->ent : -1;
}

/* A person who holds this role in the document ("die Regierungschefin"). */
static int32_t holder_of(const struct rctx *c, const char *role)
{
	const struct doc *d = c->d;
	uint64_t h = rix_key(RIX_HOLDER, 0, 0, 0, role, strlen(role));
	uint32_t pos = RIX_START, i;
	while ((i = rix_next(c, h, &pos)))
		if (d->rel[i - 1].type == RT_ROLE && d->rel[i - 1].role &&
		    !strcmp(d->rel[i - 1].role, role))
			return d->rel[i - 1].a;
	return -1;
}

/* The speaker named from token t on (right after a speech verb): a name, a
 * pronoun, or "der/die" + role. */
static int32_t speaker_after(const struct rctx *c, uint32_t t, uint32_t end, uint32_t qtok)
{
	const struct doc *d = c->d;
	for (uint32_t k = t; k < end && k < t + 4; k++) {
		const struct tok *tk = &d->tok[k];
		const struct mention *m = ment_at(c, k);
		if (m && (m->type == ET_PER || m->type == ET_ORG) && m->form == EF_NAME)
			return m->ent;
		if (m && m->type == ET_LOC && m->form == EF_NAME)
			return -1;
		if (is_pronoun(tk))
			return last_person_before(c, qtok);
		const char *r = role_of(c, k);
		if (r) {
			const struct mention *p = person_at(c, k + 1);
			if (p)
				return p->ent;
			int32_t h = holder_of(c, r);
			if (h >= 0)
				return h;
			return -1;
		}
		if (tok_in(tk, determiners) || (tk->flags & TOK_LOWER && k > t))
			continue;
		if (tk->flags & TOK_PUNCT)
			return -1;
	}
	return -1;
}

/* The subject before a speech verb at v: the nearest name before it in the
 * sentence, outside quotations. */
static int32_t speaker_before(const struct rctx *c, uint32_t v, uint32_t s0)
{
	int32_t k = c->lastname[v];
	return k >= 0 && (uint32_t)k >= s0 ? ment_at(c, (uint32_t)k)->ent : -1;
}

struct qpair {
	uint32_t open, close;
};

/* Who speaks in sentence s, by its verbs: "…, sagte X", "X sagte: …",
 * "laut X", "X zufolge", "hieß es" (the previous speaker). */
static int32_t sentence_speaker(struct rctx *c, uint32_t s, uint32_t qtok, int32_t prev)
{
	struct doc *d = c->d;
	const struct sent *se = &d->sent[s];
	for (uint32_t k = se->t0; k < se->t1; k++) {
		if (c->inquote[k])
			continue;
		const struct tok *tk = &d->tok[k];
		if (tok_key_is(tk, "laut") || tok_key_is(tk, "according")) {
			int32_t e = speaker_after(c, k + 1 + (tok_key_is(tk, "according") ? 1 : 0), se->t1, qtok);
			if (e >= 0)
				return e;
		}
		if (tok_key_is(tk, "zufolge") && k > se->t0) {
			const struct mention *m = ment_at(c, k - 1);
			if (m && (m->type == ET_PER || m->type == ET_ORG))
				return m->ent;
		}
		if (!is_speech(c, k))
			continue;
		if ((tok_key_is(tk, "hieß") || tok_key_is(tk, "heißt")) && k + 1 < se->t1 &&
		    tok_key_is(&d->tok[k + 1], "es"))
			return prev;
		int32_t e = speaker_after(c, k + 1, se->t1, qtok);
		if (e < 0)
			e = speaker_before(c, k, se->t0);
		if (e >= 0)
			return e;
	}
	return -1;
}

/* A quotation that names a work or a ship, not speech: only capitalised
 * words, right after a noun ("des Flugzeugträgers „USS Enterprise“"). */
static int is_title(const struct rctx *c, const struct qpair *q)
{
	const struct doc *d = c->d;
	if (q->close - q->open - 1 > 6 || q->open == 0)
		return 0;
	for (uint32_t k = q->open + 1; k < q->close; k++)
		if (!(d->tok[k].flags & (TOK_CAP | TOK_NUM | TOK_UPPER)))
			return 0;
	const struct tok *b = &d->tok[q->open - 1];
	return (b->flags & TOK_CAP) && !(b->flags & TOK_SSTART) &&
	       !lex_has(c->lx, c->rd->stop, b->key, b->keylen);
}

static int quotes_pair(uint32_t o, uint32_t cl, const struct doc *d)
{
	size_t i = d->tok[o].start, j = d->tok[cl].start;
	uint32_t a = utf8_next_cp(d->text, i), b = utf8_next_cp(d->text, j);
	switch (a) {
	case 0x201e: return b == 0x201c || b == 0x201d || b == '"';   /* „ “ */
	case 0x201c: return b == 0x201d || b == 0x201c;               /* “ ” */
	case '"': return b == '"' || b == 0x201c || b == 0x201d;
	case 0xbb: return b == 0xab;                                  /* » « */
	case 0xab: return b == 0xbb;
	case 0x201a: return b == 0x2018 || b == 0x2019;               /* ‚ ‘ */
	case 0x2018: return b == 0x2019;
	case 0x2039: return b == 0x203a;
	case 0x203a: return b == 0x2039;
	case '\'': return b == '\'';
	}
	return 0;
}

static void find_quotes(struct rctx *c)
{
	struct doc *d = c->d;
	struct qpair *qs = NULL;
	uint32_t nq = 0, capq = 0;
	uint32_t stack[64];
	uint32_t sp = 0;
	for (uint32_t t = 0; t < d->ntok; t++) {
		const struct tok *tk = &d->tok[t];
		if (!(tk->flags & TOK_QUOTE) || tok_is(d, tk, "'"))
			continue;
		if ((tk->flags & TOK_QCLOSE) && sp) {
			uint32_t k = sp;
			while (k > 0 && !quotes_pair(stack[k - 1], t, d))
				k--;
			if (k > 0) {
				if (capq == nq) {
					capq = capq ? capq * 2 : 16;
					qs = arena_grow(d->ar, qs, sizeof(*qs) * nq, sizeof(*qs) * capq);
				}
				qs[nq].open = stack[k - 1];
				qs[nq].close = t;
				nq++;
				sp = k - 1;
				continue;
			}
		}
		if ((tk->flags & TOK_QOPEN) && sp < ARRAY_LEN(stack))
			stack[sp++] = t;
	}
	if (sp)
		doc_warn(d, "unclosed quotation mark");
	for (uint32_t i = 0; i < nq; i++)
		for (uint32_t k = qs[i].open; k <= qs[i].close; k++)
			c->inquote[k] = 1;
	c->lastname = arena_alloc(d->ar, sizeof(int32_t) * (d->ntok + 1));
	c->lastper = arena_alloc(d->ar, sizeof(int32_t) * (d->ntok + 1));
	c->lastname[0] = c->lastper[0] = -1;
	for (uint32_t k = 0; k < d->ntok; k++) {
		const struct mention *m = ment_at(c, k);
		int name = m && m->form == EF_NAME && !c->inquote[k];
		c->lastname[k + 1] = name && (m->type == ET_PER || m->type == ET_ORG) ? (int32_t)k
											  : c->lastname[k];
		c->lastper[k + 1] = name && m->type == ET_PER ? (int32_t)k : c->lastper[k];
	}
	/* Attribute in text order, so "hieß es" and continued speech can take
	 * the previous speaker. */
	int32_t prev = -1;
	for (uint32_t i = 0; i < nq; i++) {
		struct qpair *q = &qs[i];
		if (q->close == q->open + 1 || is_title(c, q))
			continue;
		uint32_t s0 = d->tok[q->open].sent, s1 = d->tok[q->close].sent;
		int32_t spk = -1;
		/* Colon attribution: "Name: „…“". */
		if (q->open >= 2 && tok_is(d, &d->tok[q->open - 1], ":")) {
			const struct mention *m = ment_at(c, q->open - 2);
			if (m && (m->type == ET_PER || m->type == ET_ORG))
				spk = m->ent;
		}
		for (uint32_t s = s1; spk < 0 && s + 1 > s0 && s != UINT32_MAX; s--) {
			if (c->speaker_of[s] == -2)
				c->speaker_of[s] = sentence_speaker(c, s, q->open, prev);
			spk = c->speaker_of[s];
			if (s == 0)
				break;
		}
		/* Reported speech going on: the previous sentence's speaker. */
		if (spk < 0 && s0 > 0) {
			if (c->speaker_of[s0 - 1] == -2)
				c->speaker_of[s0 - 1] = sentence_speaker(c, s0 - 1, q->open, prev);
			spk = c->speaker_of[s0 - 1] >= 0 ? c->speaker_of[s0 - 1] : -1;
		}
		if (spk < 0)
			continue;
		uint32_t qs0 = d->tok[q->open].end, qs1 = d->tok[q->close].start;
		/* English puts a comma inside the closing mark: not quoted words. */
		while (qs1 > qs0 && (d->text[qs1 - 1] == ' ' || d->text[qs1 - 1] == '\n' ||
				     (d->lang == NERD_LANG_EN && d->text[qs1 - 1] == ',')))
			qs1--;
		while (qs0 < qs1 && (d->text[qs0] == ' ' || d->text[qs0] == '\n'))
			qs0++;
		int dup = 0;
		uint64_t h = rix_key(RIX_QUOTE, RT_QUOTE, spk, 0, d->text + qs0, qs1 - qs0);
		uint32_t pos = RIX_START, ri;
		while (!dup && (ri = rix_next(c, h, &pos))) {
			const struct relation *o = &d->rel[ri - 1];
			dup = o->type == RT_QUOTE && o->a == spk && o->qend - o->qstart == qs1 - qs0 &&
			      !memcmp(d->text + o->qstart, d->text + qs0, qs1 - qs0);
		}
		if (dup)
			continue;
		rix_add(c, h, d->nrel);
		struct relation *r = DOC_PUSH(d, rel);
		r->type = RT_QUOTE;
		r->kind = QK_DIRECT;
		r->a = spk;
		r->b = -1;
		r->qstart = qs0;
		r->qend = qs1;
		r->start = d->tok[q->open].start;
		r->end = d->tok[q->close].end;
		r->rule = "quote.direct";
		prev = spk;
	}
}

static void find_figure_relations(struct rctx *c)
{
	struct doc *d = c->d;
	for (uint32_t i = 0; i < d->nfig; i++) {
		const struct figure *f = &d->fig[i];
		if (f->of)
			add_rel(c, RT_FIGURE_OF, (int32_t)i, -1, f->of, f->of_start < f->start ? f->of_start : f->start,
				f->of_end > f->end ? f->of_end : f->end, "figure.of");
		if (f->equivalent >= 0 && (uint32_t)f->equivalent < d->nfig)
			add_rel(c, RT_EQUIV, f->equivalent, (int32_t)i, NULL, d->fig[f->equivalent].start,
				f->end, "figure.equivalent");
	}
}

void rel_run(const struct reldata *rd, struct doc *d)
{
	struct rctx c = {.rd = rd, .lx = d->m ? d->m->lex : NULL, .gz = d->m ? d->m->gaz : NULL, .d = d};
	c.at = arena_alloc(d->ar, sizeof(int32_t) * (d->ntok + 1));
	for (uint32_t t = 0; t <= d->ntok; t++)
		c.at[t] = -1;
	for (uint32_t i = 0; i < d->nment; i++)
		for (uint32_t t = d->ment[i].t0; t < d->ment[i].t1 && t < d->ntok; t++)
			c.at[t] = (int32_t)i;
	c.speaker_of = arena_alloc(d->ar, sizeof(int32_t) * (d->nsent + 1));
	for (uint32_t s = 0; s <= d->nsent; s++)
		c.speaker_of[s] = -2; /* not yet computed */
	c.inquote = arena_zalloc(d->ar, d->ntok + 1);
	find_figure_relations(&c);
	find_roles(&c);
	find_quotes(&c);
}
