/* rel.c -- relations between entities and figures.
 *
 * role       "US-Handelsminister Howard Lutnick", "Chinas Staatschef Xi
 *            Jinping", "der japanische Verkehrsminister X", "Kaiser X",
 *            "X, Vorsitzender der SPD", "die Parteivorsitzenden X und Y",
 *            "Kremlsprecher X" (Sprecher of the Kreml), "Jurypräsident X"
 *            (a compound read by its last part), "der CSU-Chef" (the person
 *            named before), "Rücktritt als Fraktionschef"; and from the
 *            gazetteer, a known office holder named in the text whose
 *            office the text also names ("des US-Präsidenten").  English:
 *            "Prime Minister X", "X, chief economist at Y".
 * member_of  "Name (SPD)", "SPD-Chefin X", "CDU-Politiker X", "die Grünen
 *            mit X" for parties, "Ferrari-Pilot X", "X ... im McLaren" for
 *            teams (lists/relmember.txt: roles that make a member).
 *            English: "Modi's BJP", "the BJP's X", "X of the SNP",
 *            "X, a Republican,", "Democrat X", "Sen. X (D-Calif.)"
 *            (find_members_en).
 * quote      text between paired quotation marks, attributed by a speech
 *            verb after or before it ("sagte X", "X erklärte", "so X",
 *            "laut X"), a colon ("X: „…“", "X begrüßte das: „…“"), a
 *            pronoun, role or description after the verb ("sagte sie",
 *            "sagte der Minister", "fügte die Französin hinzu": the nearest
 *            fitting person), "ein Sprecher von X" (the organisation), or
 *            the speaker of the previous sentence when the quote continues
 *            reported speech (Konjunktiv).  "X sagte, die Lage sei ernst"
 *            is an indirect quote.  Unclosed marks give a warning.
 * events     meeting ("X traf Y in Z", "X besuchte Z"), role_change ("X
 *            wird neuer Finanzminister", "X tritt zurück"), acquisition ("X
 *            übernimmt Y für 4,2 Milliarden Dollar").
 * figure_of, equivalent   from what the figure stage found.
 *
 * The patterns are code; the words they look for are lists (role words from
 * lists/roles.tsv, speech verbs from lists/speech.txt, lists/rel*.txt and
 * rel*.tsv), described with every rule id in gazetteers/rel/README. */
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
	int meet, buy, change, price, firmrole;
	int roles, roles_en, roletails, speech, stop, given, member, konj, prep, titles, asnoun, colleague;
	int rival_en, honor_en, partyletter_en, partycue_en;
	/* The tail_step hash of every suffix of every roletails key, open
	 * addressing (0 = empty), with TAIL_WHOLE when it is a whole key: a
	 * suffix of a word whose hash is absent is no role tail, and no
	 * longer suffix of the word holds one (role_word_ stops there). */
	uint64_t *tails;
	size_t ntails;          /* capacity, a power of two; 0 = no filter */
	/* The last four bytes of every roletails key, hashed into a bit set
	 * (end4_bit): all suffixes of a word end in the word's last four
	 * bytes, so a word whose ending is absent holds no role tail, and
	 * role_word_ skips its suffixes at once.  NULL (no filter) when a key
	 * is shorter than four bytes. */
	uint64_t *end4;
	int end4_short;         /* a key shorter than four bytes was seen */
	/* The same for the last four bytes of every roles key of four bytes
	 * or more (role_part_may), or NULL. */
	uint64_t *rend4;
};

#define END4_BITS 16

/* The bit of end4 for the four bytes at k. */
static inline uint32_t end4_bit(const char *k)
{
	uint32_t v;
	memcpy(&v, k, 4);
	return (v * 2654435761u) >> (32 - END4_BITS);
}

/* A hash of key[i..n) built from the end, so that the hashes of all
 * suffixes of a word come in one pass: tail_hash(h of key[i+1..], key[i]). */
static inline uint64_t tail_step(uint64_t h, unsigned char b)
{
	return (h ^ b) * 1099511628211ULL;
}
#define TAIL_SEED 1469598103934665603ULL

/* The entries of reldata.tails: the hash with its two low bits for these
 * (a hash that differs from another in them only is the same entry: the
 * table is a filter, lex_has decides). */
#define TAIL_SEEN 2u
#define TAIL_WHOLE 1u

/* TAIL_SEEN, with TAIL_WHOLE for a whole key, when a suffix of a roletails
 * key has hash h; else 0. */
static inline unsigned tails_find(const struct reldata *r, uint64_t h)
{
	uint64_t k = h & ~3ull;
	for (size_t j = h >> 2 & (r->ntails - 1); r->tails[j]; j = (j + 1) & (r->ntails - 1))
		if ((r->tails[j] & ~3ull) == k)
			return (unsigned)(r->tails[j] & 3);
	return 0;
}

static void tails_put(struct reldata *r, uint64_t h, unsigned whole)
{
	uint64_t k = h & ~3ull;
	size_t j = h >> 2 & (r->ntails - 1);
	while (r->tails[j] && (r->tails[j] & ~3ull) != k)
		j = (j + 1) & (r->ntails - 1);
	r->tails[j] |= k | TAIL_SEEN | whole;
}

static void tails_count(const char *key, size_t kl, void *arg)
{
	(void)key;
	*(size_t *)arg += kl;
}

static void tails_add(const char *key, size_t kl, void *arg)
{
	struct reldata *r = arg;
	uint64_t h = TAIL_SEED;
	for (size_t i = kl; i-- > 0;) {
		h = tail_step(h, (unsigned char)key[i]);
		tails_put(r, h, i == 0 ? TAIL_WHOLE : 0);
	}
	if (kl < 4) {
		free(r->end4);
		r->end4 = NULL;
		r->end4_short = 1;
	} else if (!r->end4_short) {
		if (!r->end4)
			r->end4 = xcalloc((1u << END4_BITS) / 64, sizeof(*r->end4));
		uint32_t b = end4_bit(key + kl - 4);
		r->end4[b / 64] |= 1ull << (b % 64);
	}
}

static void rend4_add(const char *key, size_t kl, void *arg)
{
	struct reldata *r = arg;
	if (kl >= 4) {
		uint32_t b = end4_bit(key + kl - 4);
		r->rend4[b / 64] |= 1ull << (b % 64);
	}
}

int rel_load(const char *dir, const struct lex *lex, const struct gaz *gaz,
	     struct reldata **out, char *err, size_t errlen)
{
	(void)dir, (void)gaz, (void)err, (void)errlen;
	struct reldata *r = xcalloc(1, sizeof(*r));
	r->roles = lex_list(lex, "roles");
	r->roletails = lex_list(lex, "roletails");
	r->roles_en = lex_list(lex, "roles_en");
	r->speech = lex_list(lex, "speech");
	r->stop = lex_list(lex, "stop");
	r->given = lex_list(lex, "given");
	r->member = lex_list(lex, "relmember");
	r->konj = lex_list(lex, "relkonj");
	r->prep = lex_list(lex, "relprep");
	r->titles = lex_list(lex, "titles");
	r->meet = lex_list(lex, "relmeet");
	r->buy = lex_list(lex, "relbuy");
	r->change = lex_list(lex, "relchange");
	r->price = lex_list(lex, "relprice");
	r->firmrole = lex_list(lex, "relfirmrole");
	r->asnoun = lex_list(lex, "relas");
	r->colleague = lex_list(lex, "relcolleague");
	r->rival_en = lex_list(lex, "relrival_en");
	r->honor_en = lex_list(lex, "relhonor_en");
	r->partyletter_en = lex_list(lex, "partyletter_en");
	r->partycue_en = lex_list(lex, "partycue_en");
	size_t nt = 0;  /* the suffixes: the keys' bytes */
	lex_each(lex, r->roletails, tails_count, &nt);
	if (nt) {
		for (r->ntails = 64; r->ntails < 2 * nt; r->ntails *= 2)
			;
		r->tails = xcalloc(r->ntails, sizeof(*r->tails));
		lex_each(lex, r->roletails, tails_add, r);
	}
	if (r->roles >= 0) {
		r->rend4 = xcalloc((1u << END4_BITS) / 64, sizeof(*r->rend4));
		lex_each(lex, r->roles, rend4_add, r);
	}
	*out = r;
	return 0;
}

void rel_free(struct reldata *r)
{
	if (r) {
		free(r->tails);
		free(r->end4);
		free(r->rend4);
	}
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
	int sports;             /* the document names a team role ("Ferrari-Pilot") */
	const char **rw;        /* per token: role word (role_word), once computed */
	int32_t *rwo;           /* per token: its organisation */
	uint8_t *rwdone;        /* per token: rw and rwo are set */
	uint8_t *party_en;      /* per entity: an English party no gazetteer entry
				   types (party_en_mark), or NULL */
	char **ekey;            /* per entity: folded canonical name, made when */
	uint32_t *eklen;        /* ent_named first asks (eklen UINT32_MAX before) */
	uint8_t *efb;           /* per entity: the first byte of its folded name
				   (ent_fb), EFB_UNSET before ent_named asks */
	/* Per sentence, computed when first asked (-2 before): the first token
	 * of a person / an organisation that can speak (speaker_before), and
	 * the last Konjunktiv verb (has_konj), or -1.  Scanning the sentence on
	 * every call made a 1 MiB sentence of quotes and speech verbs take
	 * minutes (quadratic; tests/hostile.test). */
	int32_t *sb_per, *sb_org, *konj_last;
	/* The capitalised words (TOK_WORD and TOK_CAP: the only tokens that
	 * can be role words) that pass role_may (the others are none), in
	 * order. */
	uint32_t *capw;
	uint32_t ncapw;
	/* The tokens "als" and "im" (keys), in order, for find_roles; the
	 * quotation marks (TOK_QUOTE) and colons, for find_quotes. */
	uint32_t *als, *im, *quote, *colon;
	uint32_t nals, nim, nquote, ncolon;
	/* Per sentence: the lists (bits as in d->tokmask) of its tokens; NULL
	 * when the document has no masks.  A sentence without a list's bit
	 * has no word of it (sent_may). */
	uint64_t *smask;
	/* For role_may: 1 when it cannot tell (no end4 filter, or the role
	 * words have no bit in d->tokmask); else the role words' bit, or 0
	 * when there is no list of them. */
	int rall;
	uint64_t rbit;
};

/* 0 when sentence s has no word of list (then every lookup of list there
 * answers NULL), else 1. */
static int sent_may(const struct rctx *c, uint32_t s, int list)
{
	if (!c->smask || list < 0 || list >= LEX_MASK_LISTS || s >= c->d->nsent)
		return 1;
	return c->smask[s] >> list & 1;
}

/* Forgets what speaker_before learnt about the sentences (the quotations,
 * which it skips, are known now). */
static void sb_reset(const struct rctx *c)
{
	for (uint32_t s = 0; s <= c->d->nsent; s++)
		c->sb_per[s] = c->sb_org[s] = -2;
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

static int is_party(const struct rctx *c, int32_t e)
{
	const char *s = ent_subtype(c, e);
	return !strcmp(s, "party") || !strcmp(s, "group") || (c->party_en && c->party_en[e]);
}

static uint32_t after_possessive(const struct rctx *c, uint32_t t);
static int in_list(const struct rctx *c, int list, const struct tok *t);

/* English parties the gazetteer does not type: an organisation without a
 * subtype that a party rule found ("Nationals leader X", "the Labor
 * government": rules/en en.org.party*), whose name ends in "Party"
 * ("Liberal Party"), or that a word only parties take follows, after a
 * possessive or not ("the TMC's vote share", "NPF candidates":
 * lists/partycue_en.txt). */
static void party_en_mark(struct rctx *c)
{
	struct doc *d = c->d;
	c->party_en = arena_zalloc(d->ar, d->nent + 1);
	for (uint32_t e = 0; e < d->nent; e++) {
		const char *n = d->ent[e].name;
		size_t l = strlen(n);
		if (d->ent[e].type == ET_ORG && !*ent_subtype(c, e) && l > 6 &&
		    !strcmp(n + l - 6, " Party"))
			c->party_en[e] = 1;
	}
	for (uint32_t i = 0; i < d->nment; i++) {
		const struct mention *m = &d->ment[i];
		if (!(m->flags & MF_DEAD) && m->ent >= 0 && m->type == ET_ORG && m->rule &&
		    !strncmp(m->rule, "en.org.party", 12) && !*ent_subtype(c, m->ent))
			c->party_en[m->ent] = 1;
		if (!(m->flags & MF_DEAD) && m->ent >= 0 && m->type == ET_ORG && m->form == EF_NAME &&
		    m->t1 < d->ntok && !*ent_subtype(c, m->ent)) {
			uint32_t u = after_possessive(c, m->t1);
			u = u ? u : m->t1;
			if (u < d->ntok && !(d->tok[u].flags & TOK_CAP) && in_list(c, c->rd->partycue_en, &d->tok[u]))
				c->party_en[m->ent] = 1;
		}
	}
}

static int is_party_or_team(const struct rctx *c, int32_t e)
{
	const char *s = ent_subtype(c, e);
	return is_party(c, e) || !strcmp(s, "club") || !strcmp(s, "team");
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

/* lex_get_h of a token of the document, mostly a bit test of its mask
 * (c->lx is the document's model's lex). */
static inline const char *tok_get(const struct rctx *c, int list, const struct tok *tk)
{
	return tok_lex_get(c->d, list, tk);
}

static int in_list(const struct rctx *c, int list, const struct tok *tk)
{
	return tok_get(c, list, tk) != NULL;
}

/* A mention inside parentheses ("Schuster (CDU)") names no subject. */
static int in_parens(const struct rctx *c, const struct mention *m)
{
	const struct doc *d = c->d;
	return m->t0 > 0 && m->t1 < d->ntok && tok_is(d, &d->tok[m->t0 - 1], "(") &&
	       tok_is(d, &d->tok[m->t1], ")");
}

/* Gender of a person entity: 'f', 'm' or 0, from the given name
 * (lists/given.tsv) or a feminine role word the text gave them. */
static int ent_gender(const struct rctx *c, int32_t e)
{
	const struct doc *d = c->d;
	if (e < 0 || d->ent[e].type != ET_PER)
		return 0;
	for (uint32_t i = 0; i < d->nrel; i++) {
		const struct relation *r = &d->rel[i];
		size_t n = r->role ? strlen(r->role) : 0;
		if (r->type == RT_ROLE && r->a == e && n > 3 && !strcmp(r->role + n - 2, "in"))
			return 'f';
	}
	const char *name = d->ent[e].name;
	const char *sp = strchr(name, ' ');
	size_t n = sp ? (size_t)(sp - name) : strlen(name);
	char key[256];
	if (!sp || 2 * n + 4 > sizeof(key))
		return 0;
	size_t kl = utf8_fold(name, n, key);
	key[kl] = 0;
	const char *g = lex_get(c->lx, c->rd->given, key, kl);
	return g && (*g == 'f' || *g == 'm') ? *g : 0;
}

static int gender_fits(const struct rctx *c, int32_t e, int want)
{
	int g = ent_gender(c, e);
	return !want || !g || g == want;
}

static void add_rel(struct rctx *c, int type, int32_t a, int32_t b, const char *role,
		    uint32_t start, uint32_t end, const char *rule)
{
	struct doc *d = c->d;
	for (uint32_t i = 0; i < d->nrel; i++) {
		struct relation *r = &d->rel[i];
		if (r->type == type && r->a == a && r->b == b &&
		    ((!r->role && !role) || (r->role && role && !strcmp(r->role, role))))
			return; /* one relation per fact */
	}
	/* A role with its organisation replaces the same role without one. */
	if (type == RT_ROLE && b >= 0)
		for (uint32_t i = 0; i < d->nrel; i++) {
			struct relation *r = &d->rel[i];
			if (r->type == RT_ROLE && r->a == a && r->b < 0 && r->role && role &&
			    !strcmp(r->role, role)) {
				r->b = b;
				r->rule = rule;
				return;
			}
		}
	if (type == RT_ROLE && b < 0)
		for (uint32_t i = 0; i < d->nrel; i++) {
			struct relation *r = &d->rel[i];
			if (r->type == RT_ROLE && r->a == a && r->role && role && !strcmp(r->role, role))
				return;
		}
	struct relation *r = DOC_PUSH(d, rel);
	r->type = (uint8_t)type;
	r->a = a;
	r->b = b;
	r->c = -1;
	r->role = role;
	r->start = start;
	r->end = end;
	r->rule = rule;
}

/* A person mention starting at token t (form name), after academic and
 * courtesy titles ("Dr.", "Prof. Dr."). */
static const struct mention *person_at(const struct rctx *c, uint32_t t)
{
	while (t < c->d->ntok && !ment_at(c, t) && in_list(c, c->rd->titles, &c->d->tok[t]))
		t++;
	const struct mention *m = ment_at(c, t);
	if (m && m->type == ET_PER && m->form == EF_NAME && m->t0 == t)
		return m;
	return NULL;
}

/* Entity e's folded canonical name into c->ekey[e], c->eklen[e], once. */
static void ent_fold(const struct rctx *c, uint32_t e)
{
	if (c->eklen[e] == UINT32_MAX) {
		const struct doc *d = c->d;
		size_t l = strlen(d->ent[e].name);
		c->ekey[e] = arena_alloc(d->ar, 2 * l + 5);
		c->eklen[e] = (uint32_t)utf8_fold(d->ent[e].name, l, c->ekey[e]);
		c->ekey[e][c->eklen[e]] = 0;
	}
}

/* rctx.efb: EFB_UNSET before it is known; EFB_NONE for an entity
 * ent_named never answers (a person, a MISC, an empty name).  Neither is
 * the first byte of a folded key (UTF-8 continuation bytes). */
#define EFB_UNSET 0x80u
#define EFB_NONE 0x81u

/* The first byte of entity e's folded name: an ASCII letter's folded
 * without folding the rest (utf8_fold maps it alone), else from the whole
 * folded name. */
static unsigned ent_fb(const struct rctx *c, uint32_t e)
{
	const struct entity *en = &c->d->ent[e];
	if (en->type == ET_PER || en->type == ET_MISC)
		return EFB_NONE;
	unsigned char b = (unsigned char)en->name[0];
	if (b && b < 0x80)
		return b >= 'A' && b <= 'Z' ? b + 32u : b;
	ent_fold(c, e);
	return c->eklen[e] ? (unsigned char)c->ekey[e][0] : EFB_NONE;
}

/* The entity in the document that a word names: "Tory" -> Tories (through
 * the gazetteer), "Cellvera" -> Cellvera Therapeutics (first word of an
 * organisation's name), "Reform-UK" -> Reform UK.  Organisations and places
 * only; -1 when the document has no such entity. */
static int32_t ent_named(const struct rctx *c, const char *s, size_t n)
{
	const struct doc *d = c->d;
	char buf[256], key[600];
	if (n < 2 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = 0;
	/* a word of letters (most): folded once, for the gazetteer (by the
	 * key's hash) and the names below */
	int plain = gaz_plain_word(buf, n);
	size_t kl = plain ? utf8_fold(buf, n, key) : 0;
	for (int pass = 0; pass < 2; pass++) {
		int32_t id = !c->gz ? -1 : plain ? gaz_find_h(c->gz, hash_bytes(key, kl)) :
			gaz_find(c->gz, buf, n);
		for (uint32_t e = 0; e < d->nent && id >= 0; e++)
			if (d->ent[e].entry == id && d->ent[e].type != ET_PER)
				return (int32_t)e;
		int hyphens = 0;
		for (size_t i = 0; i < n; i++)
			if (buf[i] == '-')
				buf[i] = ' ', hyphens = 1;
		if (!hyphens)
			break; /* the second pass would ask the same */
	}
	if (!plain)
		kl = utf8_fold(buf, n, key);
	/* The stem of a plural name in a compound: "Tory-Chefin" -> Tories. */
	char pl[600];
	size_t pll = 0;
	if (kl > 2 && kl + 3 < sizeof(pl)) {
		memcpy(pl, key, kl);
		if (key[kl - 1] == 'y') {
			memcpy(pl + kl - 1, "ies", 3);
			pll = kl + 2;
		} else {
			pl[kl] = 's';
			pll = kl + 1;
		}
	}
	/* Every name below begins as key does (and pl, a copy of it): those
	 * whose folded first byte differs are passed over without a fold. */
	unsigned char k0 = (unsigned char)key[0];
	for (uint32_t e = 0; e < d->nent; e++) {
		unsigned fb = c->efb[e];
		if (fb == EFB_UNSET)
			c->efb[e] = (uint8_t)(fb = ent_fb(c, e));
		if (fb != k0 || d->ent[e].type == ET_PER || d->ent[e].type == ET_MISC)
			continue;
		ent_fold(c, e);
		const char *k2 = c->ekey[e];
		size_t l2 = c->eklen[e];
		if (l2 == kl && !memcmp(k2, key, kl))
			return (int32_t)e;
		if (pll && l2 == pll && d->ent[e].type == ET_ORG && !memcmp(k2, pl, pll))
			return (int32_t)e;
		if (d->ent[e].type == ET_ORG && l2 > kl && k2[kl] == ' ' && !memcmp(k2, key, kl) &&
		    kl >= 4)
			return (int32_t)e;
	}
	return -1;
}

/* The length of the UTF-8 sequence that lead byte b opens. */
static inline size_t utf8_seqlen(unsigned char b)
{
	return b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
}

/* Role word at token t: its normal form (nominative singular, arena or
 * model owned) and, when the word itself names the organisation
 * ("Kremlsprecher", "Tory-Chefin"), that organisation in *org (else -1).
 * Compounds the lexicon does not hold are read by their last part
 * ("Jurypräsident" -> "Jury" + "präsident"). */
static const char *role_word_(const struct rctx *c, uint32_t t, int32_t *org)
{
	const struct doc *d = c->d;
	const struct tok *tk = &d->tok[t];
	*org = -1;
	if (!(tk->flags & TOK_WORD) || !(tk->flags & TOK_CAP))
		return NULL;
	const char *v = tok_get(c, c->rd->roles, tk);
	/* A suffix of the word can be a role tail only when the word ends as
	 * one does (end4); most words are no role, no hyphenated word and fail
	 * that test: done without a look at the text. */
	const uint64_t *e4 = c->rd->end4;
	int maybe = !e4;
	if (e4 && tk->keylen >= 4) {
		uint32_t b = end4_bit(tk->key + tk->keylen - 4);
		maybe = e4[b / 64] >> (b % 64) & 1;
	}
	if (!v && !maybe && !(tk->flags & TOK_HYPHEN))
		return NULL;
	const char *w = d->text + tk->start;
	size_t n = tok_len(tk);
	const char *h = NULL;
	/* only a word with an inner hyphen (TOK_HYPHEN) holds a '-' */
	for (size_t i = tk->flags & TOK_HYPHEN ? n : 0; i-- > 1;)
		if (w[i] == '-') {
			h = w + i;
			break;
		}
	const char *part = w;
	size_t pn = n;
	if (!v && h) {
		part = h + 1;
		pn = n - (size_t)(part - w);
		char key[256];
		if (pn && 2 * pn + 4 <= sizeof(key)) {
			size_t kl = utf8_fold(part, pn, key);
			key[kl] = 0;
			v = lex_get(c->lx, c->rd->roles, key, kl);
		}
	}
	const struct mention *m = ment_at(c, t);
	if (m && m->form == EF_PART && m->type != ET_PER)
		*org = m->ent;
	/* Split off a named organisation: "Kremlsprecher" -> Kreml, Sprecher. */
	if (pn + 4 > 300)
		return v && *v ? v : NULL;
	/* utf8_fold maps character to character, so the folded suffixes are
	 * suffixes of the token's key: text and key are walked together
	 * (ti, kj) instead of folding every suffix. */
	size_t ti = 0, kj = 0;
	/* The key's suffixes whose hash is a role tail's (cand[], from the
	 * shortest), found from the end of the key while the suffix is one
	 * of a role tail -- for most words a few bytes; every suffix
	 * (all) without the filter or with too many. */
	uint32_t cand[32];
	size_t ncand = 0;
	int all = 0;
	if (maybe && pn >= 7) { /* else the loop below has nothing to do */
		all = !c->rd->ntails;
		uint64_t th = TAIL_SEED;
		for (size_t j = tk->keylen; !all && j-- > 0;) {
			th = tail_step(th, (unsigned char)tk->key[j]);
			unsigned f = tails_find(c->rd, th);
			if (!f)
				break;
			if (!(f & TAIL_WHOLE))
				continue;
			if (ncand == ARRAY_LEN(cand))
				all = 1;
			else
				cand[ncand++] = (uint32_t)j;
		}
	}
	for (size_t i = 3; (all || ncand) && i + 4 <= pn; i++) {
		if ((part[i] & 0xc0) == 0x80)
			continue;
		for (size_t to = (size_t)(part + i - w); ti < to;) {
			ti += utf8_seqlen((unsigned char)w[ti]);
			kj += utf8_seqlen((unsigned char)tk->key[kj]);
		}
		if (!all) {
			/* the candidates before kj are no character's start */
			while (ncand && cand[ncand - 1] < kj)
				ncand--;
			if (!ncand)
				break;
			if (cand[ncand - 1] != kj)
				continue;
		}
		const char *key = tk->key + kj;
		size_t kl = tk->keylen - kj;
		if (!lex_has(c->lx, c->rd->roletails, key, kl))
			continue;
		const char *tv = lex_get(c->lx, c->rd->roles, key, kl);
		if (!tv || !*tv)
			continue;
		size_t pl = (size_t)(part + i - w);
		int32_t o = ent_named(c, w, pl);
		if (o < 0 && pl > 3 && w[pl - 1] == 's')
			o = ent_named(c, w, pl - 1);
		if (o >= 0 && c->d->ent[o].type == ET_ORG) {
			*org = o;
			return tv;
		}
		if (v)
			continue;
		/* Unknown compound: prefix + the tail's normal form, lower case. */
		char tf[256];
		size_t tl = strlen(tv);
		if (2 * tl + 4 > sizeof(tf))
			break;
		size_t fl = utf8_fold(tv, tl, tf);
		char *r = arena_alloc(d->ar, (size_t)(part + i - part) + fl + 1);
		memcpy(r, part, i);
		memcpy(r + i, tf, fl);
		r[i + fl] = 0;
		v = r;
		break;
	}
	if (!v || !*v)
		return NULL;
	/* The organisation before the hyphen: "Cellvera-Chefin", "Reform-UK-Chef"
	 * (the whole name rather than its last part). */
	if (h) {
		int32_t o = ent_named(c, w, (size_t)(h - w));
		if (o >= 0)
			*org = o;
	}
	/* Adjectival nouns keep their strong form without an article:
	 * "Sondergesandter Steve Witkoff". */
	size_t vl = strlen(v);
	if (pn == vl + 1 && part[pn - 1] == 'r' && v[vl - 1] == 'e' &&
	    (t == 0 || !tok_in(&d->tok[t - 1], determiners))) {
		char *r = arena_alloc(d->ar, vl + 2);
		memcpy(r, v, vl);
		r[vl] = 'r';
		r[vl + 1] = 0;
		v = r;
	}
	return v;
}

/* 1 when a suffix of key[0..n) shorter than the key may be a role tail:
 * role_word_'s walk from the end (the tails hash set), stopped at the
 * first candidate. */
static int tails_any(const struct reldata *r, const char *key, size_t n)
{
	if (!r->ntails)
		return 1;
	uint64_t th = TAIL_SEED;
	for (size_t j = n; j-- > 1;) {
		th = tail_step(th, (unsigned char)key[j]);
		unsigned f = tails_find(r, th);
		if (!f)
			return 0;
		if (f & TAIL_WHOLE)
			return 1;
	}
	return 0;
}

/* 0 when the part of hyphenated word tk after its last hyphen is no role
 * (role_word_ looks it up): the key's part after its last '-' (no longer
 * than the part role_word_ folds) has four bytes or more and ends as no
 * roles key does; else 1. */
static int role_part_may(const struct reldata *rd, const struct tok *tk)
{
	size_t n = tk->keylen, i = n;
	while (i > 0 && tk->key[i - 1] != '-')
		i--;
	if (!rd->rend4 || n - i < 4)
		return 1;
	uint32_t b = end4_bit(tk->key + n - 4);
	return rd->rend4[b / 64] >> (b % 64) & 1;
}

/* role_may of token tk whose mask is m (0 when rbit is); rall, rbit and e4
 * from the rctx and reldata (hoisted by the token pass of rel_run).  A word
 * that is no role itself is one only by its last part after a hyphen
 * ("CDU-Chefin": role_part_may) or by a role tail (role_word_), for which
 * it must end as one does (end4) and hold one. */
static inline int role_may_tok(const struct reldata *rd, const struct tok *tk, uint64_t m,
			       uint64_t rbit, int rall, const uint64_t *e4)
{
	if (rall || (m & rbit) || ((tk->flags & TOK_HYPHEN) && role_part_may(rd, tk)))
		return 1;
	if (tk->keylen < 4)
		return 0;
	uint32_t b = end4_bit(tk->key + tk->keylen - 4);
	return (e4[b / 64] >> (b % 64) & 1) && tails_any(rd, tk->key, tk->keylen);
}

/* 0 when role_word_ answers NULL for capitalised word t (no role, no
 * hyphen, no role tail), from t's mask and key; else 1. */
static inline int role_may(const struct rctx *c, uint32_t t)
{
	const struct doc *d = c->d;
	return role_may_tok(c->rd, &d->tok[t], c->rbit ? d->tokmask[t] : 0, c->rbit, c->rall,
			    c->rd->end4);
}

/* role_word for a capitalised word t of the document (TOK_WORD and TOK_CAP). */
__attribute__((always_inline))
static inline const char *role_word_cap(const struct rctx *c, uint32_t t, int32_t *org)
{
	if (!c->rwdone[t]) {
		if (role_may(c, t))
			c->rw[t] = role_word_(c, t, &c->rwo[t]);
		else
			c->rw[t] = NULL, c->rwo[t] = -1;
		c->rwdone[t] = 1;
	}
	*org = c->rwo[t];
	return c->rw[t];
}

/* role_word_, computed once per token. */
__attribute__((always_inline))
static inline const char *role_word(const struct rctx *c, uint32_t t, int32_t *org)
{
	/* role_word_'s first tests, without its call: most tokens */
	if (t >= c->d->ntok || (~c->d->tok[t].flags & (TOK_WORD | TOK_CAP))) {
		*org = -1;
		return NULL;
	}
	return role_word_cap(c, t, org);
}

__attribute__((always_inline))
static inline const char *role_of(const struct rctx *c, uint32_t t)
{
	int32_t o;
	return role_word(c, t, &o);
}

/* The organisation or country a role token belongs to, looking at the token
 * itself ("US-Handelsminister") and the words before it ("Chinas",
 * "der japanische", "Sachsens"), or -1. */
static int32_t role_org(const struct rctx *c, uint32_t t)
{
	int32_t o;
	if (!role_word(c, t, &o))
		return -1;
	if (o >= 0)
		return o;
	for (uint32_t k = t; k-- > 0 && t - k <= 3;) {
		const struct tok *tk = &c->d->tok[k];
		const struct mention *p = ment_at(c, k);
		if (p && p->type != ET_PER && (p->form == EF_DERIVED || (p->flags & MF_GENITIVE)))
			return p->ent;
		if (!p && (tk->flags & TOK_CAP) && tok_len(tk) > 3 &&
		    c->d->text[tk->end - 1] == 's' && !(tk->flags & TOK_HYPHEN)) {
			int32_t e = ent_named(c, c->d->text + tk->start, tok_len(tk) - 1);
			if (e >= 0 && c->d->ent[e].type == ET_LOC)
				return e;
		}
		if (p || !(tk->flags & TOK_WORD) || !(tk->flags & TOK_LOWER))
			break; /* only adjectives ("neue") may stand between */
	}
	return -1;
}

/* "X von der Dekabank", "X vom Verband Y", "X von der Schweizer Großbank
 * UBS": the organisation named right after a person, or -1. */
static int32_t org_after(const struct rctx *c, uint32_t u)
{
	const struct doc *d = c->d;
	if (u >= d->ntok || !(tok_key_is(&d->tok[u], "von") || tok_key_is(&d->tok[u], "vom") ||
			      tok_key_is(&d->tok[u], "beim") || tok_key_is(&d->tok[u], "bei")))
		return -1;
	for (uint32_t k = u + 1; k < d->ntok && k <= u + 4; k++) {
		const struct mention *o = ment_at(c, k);
		if (o && o->type == ET_ORG && o->form == EF_NAME)
			return o->ent;
		if ((o && o->form != EF_DERIVED) || (d->tok[k].flags & TOK_PUNCT))
			return -1;
	}
	return -1;
}

static int member_role(const struct rctx *c, const char *role)
{
	char key[256];
	size_t n = strlen(role);
	if (2 * n + 4 > sizeof(key))
		return 0;
	size_t kl = utf8_fold(role, n, key);
	return lex_has(c->lx, c->rd->member, key, kl);
}

/* Role and, for parties and teams, membership. */
static void add_role(struct rctx *c, int32_t p, int32_t org, const char *role, uint32_t s,
		     uint32_t e, const char *rule)
{
	add_rel(c, RT_ROLE, p, org, role, s, e, rule);
	if (org < 0 || c->d->ent[org].type != ET_ORG)
		return;
	if (is_party_or_team(c, org) || member_role(c, role))
		add_rel(c, RT_MEMBER, p, org, NULL, s, e, "member.role");
}

/* The nearest person before token t (outside quotations, within two
 * sentences) whose gender fits, or -1. */
static int32_t near_person(const struct rctx *c, uint32_t t, int want, int32_t org)
{
	const struct doc *d = c->d;
	uint32_t s = t < d->ntok ? d->tok[t].sent : 0;
	for (uint32_t k = t; k-- > 0;) {
		if (d->tok[k].sent + 2 < s)
			break;
		const struct mention *m = ment_at(c, k);
		if (!m || m->type != ET_PER || c->inquote[k] || !gender_fits(c, m->ent, want))
			continue;
		if (org >= 0) {
			/* A person already tied to another party or team is not meant. */
			int other = 0;
			for (uint32_t i = 0; i < d->nrel; i++)
				if (d->rel[i].type == RT_MEMBER && d->rel[i].a == m->ent &&
				    d->rel[i].b != org)
					other = 1;
			if (other)
				continue;
		}
		return m->ent;
	}
	return -1;
}

/* The nearest person before token t whose gender fits and who comes from
 * the country of a demonym ("der Monegasse"): a person the gazetteer gives
 * that country wins over a nearer one; one it gives another country never
 * fits.  -1 when none. */
static int32_t near_compatriot(const struct rctx *c, uint32_t t, int want, int32_t land)
{
	const struct doc *d = c->d;
	char iso[16], pc[16];
	if (land < 0 || !c->gz || d->ent[land].entry < 0 ||
	    !gaz_attr(c->gz, d->ent[land].entry, "iso", iso, sizeof(iso)))
		return near_person(c, t, want, -1);
	uint32_t s = t < d->ntok ? d->tok[t].sent : 0;
	int32_t loose = -1;
	for (uint32_t k = t; k-- > 0;) {
		if (d->tok[k].sent + 3 < s)
			break;
		const struct mention *m = ment_at(c, k);
		if (!m || m->type != ET_PER || c->inquote[k] || !gender_fits(c, m->ent, want))
			continue;
		int32_t id = d->ent[m->ent].entry;
		if (id >= 0 && gaz_attr(c->gz, id, "country", pc, sizeof(pc))) {
			if (!strcmp(pc, iso))
				return m->ent;
			continue;
		}
		if (loose < 0 && d->tok[k].sent + 2 >= s)
			loose = m->ent;
	}
	return loose;
}

static int in_date(const struct doc *d, const struct tok *tk)
{
	for (uint32_t i = 0; i < d->ndate; i++)
		if (tk->start < d->date[i].end && d->date[i].start < tk->end)
			return 1;
	return 0;
}

/* Is token t an apostrophe written right after the word before it? */
static int apostrophe(const struct doc *d, uint32_t t)
{
	if (t >= d->ntok || (d->tok[t].flags & TOK_SPACE))
		return 0;
	const char *s = d->text + d->tok[t].start;
	uint32_t n = d->tok[t].end - d->tok[t].start;
	return (n == 1 && s[0] == '\'') || (n == 3 && !memcmp(s, "\xe2\x80\x99", 3));
}

/* An English role word, also as the last part of a hyphenated title
 * ("Secretary-General", "Vice-Chancellor"). */
static int role_en_word(const struct rctx *c, const struct tok *tk)
{
	if (in_list(c, c->rd->roles_en, tk))
		return 1;
	if (!(tk->flags & TOK_HYPHEN))
		return 0;
	size_t i = tk->keylen;
	while (i > 0 && tk->key[i - 1] != '-')
		i--;
	return i > 0 && i < tk->keylen && lex_has(c->lx, c->rd->roles_en, tk->key + i, tk->keylen - i);
}

/* Is token t the "s" of a possessive "'s" / "’s" (split by the tokenizer)? */
static int possessive_s(const struct rctx *c, uint32_t t)
{
	const struct doc *d = c->d;
	return t >= 1 && t < d->ntok && tok_key_is(&d->tok[t], "s") &&
	       !(d->tok[t].flags & TOK_SPACE) && apostrophe(d, t - 1);
}

/* The token after a possessive that starts at token t ("'s", or "'" after a
 * name ending in s), or 0 when there is none. */
static uint32_t after_possessive(const struct rctx *c, uint32_t t)
{
	const struct doc *d = c->d;
	if (!apostrophe(d, t))
		return 0;
	if (possessive_s(c, t + 1))
		return t + 2;
	return t > 0 && d->text[d->tok[t].start - 1] == 's' ? t + 1 : 0;
}

/* A party mention (form name) starting at token t, or NULL; with teams,
 * also a sports team ("Bayern Munich's Harry Kane"). */
static const struct mention *party_at(const struct rctx *c, uint32_t t, int teams)
{
	const struct mention *o = ment_at(c, t);
	if (o && o->t0 == t && o->type == ET_ORG && o->form == EF_NAME &&
	    (teams ? is_party_or_team(c, o->ent) : is_party(c, o->ent)))
		return o;
	return NULL;
}

/* English party membership (the party must be typed, is_party):
 *   "Modi's Bharatiya Janata Party", "Albanese's ruling Labor government"
 *       (not "Trump's Democratic rivals": lists/relrival_en.txt);
 *   "the BJP's Amit Shah", "Democrat Chuck Schumer";
 *   "X of the Labour Party", "the DMK of Chief Minister X";
 *   "X, a Democrat," / "X, the Conservative MP,", "X, a Louisiana Republican,";
 *   "Sen. X (D-Calif.)" (lists/partyletter_en.tsv) when the document names
 *   that party.
 * The possessive, "of" and party-first patterns take sports teams too,
 * for their players and coaches ("Bayern Munich's Harry Kane",
 * "Guardiola's Manchester City").  "Labour leader X" and "X, leader of the
 * Labour Party" come with their role (add_role). */
static void find_members_en(struct rctx *c)
{
	struct doc *d = c->d;
	for (uint32_t i = 0; i < d->nment; i++) {
		const struct mention *m = &d->ment[i];
		if (m->form != EF_NAME || m->t1 >= d->ntok)
			continue;
		if (m->type == ET_PER) {
			uint32_t u = after_possessive(c, m->t1);
			if (u) {
				uint32_t k = u;
				while (k < d->ntok && k < u + 2 && (d->tok[k].flags & TOK_LOWER) &&
				       !ment_at(c, k) && !in_list(c, c->rd->rival_en, &d->tok[k]))
					k++;
				const struct mention *o = party_at(c, k, 1);
				if (o && !(o->t1 < d->ntok && in_list(c, c->rd->rival_en, &d->tok[o->t1])))
					add_rel(c, RT_MEMBER, m->ent, o->ent, NULL, m->start, o->end,
						"member.en_possessive");
				continue;
			}
			u = m->t1;
			if (tok_key_is(&d->tok[u], "of")) {
				u++;
				if (u < d->ntok && tok_key_is(&d->tok[u], "the"))
					u++;
				const struct mention *o = party_at(c, u, 1);
				if (o)
					add_rel(c, RT_MEMBER, m->ent, o->ent, NULL, m->start, o->end,
						"member.en_of");
				continue;
			}
			/* "Sen. X (D-Calif.)", AP style also "Sen. X, R-Texas, said" */
			if ((tok_is(d, &d->tok[u], "(") || tok_is(d, &d->tok[u], ",")) && u + 1 < d->ntok &&
			    (d->tok[u + 1].flags & TOK_HYPHEN) && d->tok[u + 1].keylen > 2 &&
			    d->tok[u + 1].key[1] == '-' && (d->tok[u + 1].flags & TOK_CAP)) {
				const char *pn = lex_get(c->lx, c->rd->partyletter_en, d->tok[u + 1].key, 1);
				int32_t o = pn ? ent_named(c, pn, strlen(pn)) : -1;
				if (o >= 0 && d->ent[o].type == ET_ORG)
					add_rel(c, RT_MEMBER, m->ent, o, NULL, m->start, d->tok[u + 1].end,
						"member.en_party_state");
				continue;
			}
			if (tok_is(d, &d->tok[u], ",") && u + 2 < d->ntok &&
			    (tok_key_is(&d->tok[u + 1], "a") || tok_key_is(&d->tok[u + 1], "an") ||
			     tok_key_is(&d->tok[u + 1], "the"))) {
				/* "a Louisiana Republican": a place may come first;
				 * "a senior member of the Labour Party" */
				const struct mention *l = ment_at(c, u + 2);
				uint32_t v = l && l->t0 == u + 2 && l->type == ET_LOC ? l->t1 : u + 2;
				uint32_t w = u + 2;
				while (w < d->ntok && w < u + 4 && (d->tok[w].flags & TOK_LOWER) &&
				       !tok_key_is(&d->tok[w], "member"))
					w++;
				if (w + 2 < d->ntok && tok_key_is(&d->tok[w], "member") &&
				    tok_key_is(&d->tok[w + 1], "of"))
					v = tok_key_is(&d->tok[w + 2], "the") ? w + 3 : w + 2;
				const struct mention *o = party_at(c, v, 0);
				if (o)
					add_rel(c, RT_MEMBER, m->ent, o->ent, NULL, m->start, o->end,
						"member.en_apposition");
			}
			continue;
		}
		if (!party_at(c, m->t0, 1))
			continue;
		/* The party first: "Democrat X", "the BJP's X", "the DMK of
		 * Chief Minister X". */
		uint32_t u = m->t1;
		const char *rule = "member.en_before";
		if (after_possessive(c, u)) {
			u = after_possessive(c, u);
			rule = "member.en_party_possessive";
		} else if (tok_key_is(&d->tok[u], "of")) {
			u++;
			/* A title of capitalised words ending in a role word. */
			uint32_t k = u;
			while (k < d->ntok && k < u + 4 && !ment_at(c, k) && (d->tok[k].flags & TOK_CAP) &&
			       (d->tok[k].flags & TOK_WORD))
				k++;
			while (k > u && !in_list(c, c->rd->roles_en, &d->tok[k - 1]) &&
			       !in_list(c, c->rd->titles, &d->tok[k - 1]))
				k--;
			if (k == u)
				continue; /* "the Labour Party of Britain" */
			u = k;
			rule = "member.en_party_of";
		}
		const struct mention *p = person_at(c, u);
		if (p)
			add_rel(c, RT_MEMBER, p->ent, m->ent, NULL, m->start, p->end, rule);
	}
}

static int tokin_prep_en(const struct tok *t)
{
	return tok_key_is(t, "at") || tok_key_is(t, "of") || tok_key_is(t, "for");
}

/* English titles are phrases before the name: "Prime Minister Narendra
 * Modi", "Saudi Energy Minister X", "BJP state president X".  The role is
 * the phrase as written, ending in a word of lists/roles_en.tsv; a place or
 * organisation right before it is its org. */
static void find_roles_en(struct rctx *c)
{
	struct doc *d = c->d;
	for (uint32_t i = 0; i < d->nment; i++) {
		const struct mention *p = &d->ment[i];
		if (p->type != ET_PER || p->form != EF_NAME || p->t0 == 0)
			continue;
		uint32_t k = p->t0 - 1;
		/* "Apple's finance chief, Kevan Parekh,": after a comma only with
		 * an owner's possessive before the title (below). */
		int comma = k >= 1 && tok_is(d, &d->tok[k], ",");
		if (comma)
			k--;
		/* "Secretary of State X", "Minister of Finance X": the role word,
		 * "of" and one or two capitalised words (no mention) before the
		 * name. */
		uint32_t kr = 0;
		for (uint32_t q = 1; q <= 2 && !comma && k >= q + 1; q++)
			if (tok_key_is(&d->tok[k - q], "of") && (d->tok[k - q - 1].flags & TOK_CAP) &&
			    role_en_word(c, &d->tok[k - q - 1]) && !ment_at(c, k) &&
			    (d->tok[k].flags & TOK_CAP) && (q == 1 || (d->tok[k - 1].flags & TOK_CAP))) {
				kr = k;
				k -= q + 1;
				break;
			}
		const struct tok *h = &d->tok[k];
		if (ment_at(c, k) || !(h->flags & TOK_WORD) || !role_en_word(c, h))
			continue;
		int cap = (h->flags & TOK_CAP) != 0;
		uint32_t a = k;
		while (a > 0 && k - a < 3) {
			const struct tok *b = &d->tok[a - 1];
			if (ment_at(c, a - 1) || !(b->flags & TOK_WORD) || in_date(d, b) ||
			    possessive_s(c, a - 1) ||
			    tok_key_is(b, "the") || tok_key_is(b, "and") || tok_key_is(b, "of"))
				break;
			if (cap ? !(b->flags & TOK_CAP) : !(b->flags & TOK_LOWER))
				break;
			a--;
		}
		/* "former Prime Minister X" keeps "former" (a past office);
		 * "the new chief executive X" drops "new". */
		if (a > 0 && tok_key_is(&d->tok[a - 1], "former") && !ment_at(c, a - 1))
			a--;
		else if (a < k && tok_key_is(&d->tok[a], "new"))
			a++;
		int32_t org = -1;
		/* "the BJP's state president X": the owner is the org ("the
		 * team's new coach X" too). */
		uint32_t ap = a > 0 && a <= k && tok_key_is(&d->tok[a - 1], "new") ? a - 1 : a;
		uint32_t oa = ap >= 2 && possessive_s(c, ap - 1) ? ap - 2 : a;
		const struct mention *o = oa > 0 ? ment_at(c, oa - 1) : NULL;
		if (o && o->type != ET_PER && o->type != ET_MISC)
			org = o->ent;
		/* after a comma: an owner's possessive ("Apple's finance chief,
		 * X,"; "the company's finance chief, X," has no org) or "its" */
		if (comma && ((oa == a && !(a > 0 && (tok_key_is(&d->tok[a - 1], "its") ||
							tok_key_is(&d->tok[a - 1], "their")))) ||
			      p->t1 >= d->ntok || !(d->tok[p->t1].flags & TOK_PUNCT)))
			continue;
		/* "Russian Deputy Prime Minister": a word naming a place or body
		 * of the document is the org, not part of the role. */
		for (uint32_t z = k; z-- > a;) {
			int32_t e = ent_named(c, d->text + d->tok[a].start, d->tok[z].end - d->tok[a].start);
			if (e >= 0) {
				org = e;
				a = z + 1;
				break;
			}
		}
		/* "Energy Minister Prince X": an office and a title of rank
		 * (lists/relhonor_en.txt), two roles. */
		uint32_t hk = k;
		if (k > a && in_list(c, c->rd->honor_en, h) && in_list(c, c->rd->roles_en, &d->tok[k - 1])) {
			add_role(c, p->ent, -1, arena_strndup(d->ar, d->text + h->start, h->end - h->start),
				 h->start, p->end, "role.en_title");
			hk = k - 1;
		}
		if (kr > hk)
			hk = kr;
		const char *role = arena_strndup(d->ar, d->text + d->tok[a].start,
						 d->tok[hk].end - d->tok[a].start);
		/* "Sen. X", "Gov. Y": the title written out (lists/roles_en.tsv) */
		const char *full = a == hk && (d->tok[a].flags & TOK_ABBR) ?
			lex_get(c->lx, c->rd->roles_en, d->tok[a].key, d->tok[a].keylen) : NULL;
		if (full)
			role = full;
		add_role(c, p->ent, org, role, d->tok[a].start, p->end, "role.en_title");
	}
}

/* A singular English role word ("analyst", not "analysts": a person's
 * apposition names one; "X, told analysts" is none). */
static int role_en_singular(const struct rctx *c, const struct tok *tk)
{
	const char *v = lex_get(c->lx, c->rd->roles_en, tk->key, tk->keylen);
	if (!v)
		return 0;
	char key[256];
	size_t n = strlen(v);
	return 2 * n + 4 <= sizeof(key) && utf8_fold(v, n, key) == tk->keylen &&
	       !memcmp(key, tk->key, tk->keylen);
}

/* English apposition: "Tamsin Kerr, head of commodities research at Saxo
 * Bank", "Rajiv Menon, a nephrologist at Johns Hopkins University": the
 * phrase after the comma (it holds a word of roles_en) up to "at/of/for"
 * + an organisation, or up to the next punctuation when it ends in a role
 * word. */
static void find_appositions_en(struct rctx *c)
{
	struct doc *d = c->d;
	for (uint32_t i = 0; i < d->nment; i++) {
		const struct mention *p = &d->ment[i];
		if (p->type != ET_PER || p->form != EF_NAME || p->t1 + 2 >= d->ntok ||
		    !tok_is(d, &d->tok[p->t1], ","))
			continue;
		uint32_t a = p->t1 + 1;
		if (tok_key_is(&d->tok[a], "a") || tok_key_is(&d->tok[a], "an") ||
		    tok_key_is(&d->tok[a], "the"))
			a++;
		int has_role = 0;
		int32_t org = -1;
		/* "X, OpenAI's finance chief,": the owner is the org */
		const struct mention *ow = ment_at(c, a);
		uint32_t pa = ow && ow->t0 == a && ow->form == EF_NAME &&
			      (ow->type == ET_ORG || ow->type == ET_LOC) ? after_possessive(c, ow->t1) : 0;
		if (pa && pa < d->ntok) {
			org = ow->ent;
			a = pa;
		} else if (ow && ow->t0 == a && ow->form == EF_NAME && (ow->type == ET_ORG || ow->type == ET_LOC) &&
			   ow->t1 < d->ntok && (d->tok[ow->t1].flags & TOK_LOWER)) {
			/* "X, the European Commission president,": the body
			 * before the role is the org */
			org = ow->ent;
			a = pa = ow->t1;
		}
		uint32_t e = a;
		for (uint32_t u = a; u < d->ntok && u < a + 7; u++) {
			const struct tok *tk = &d->tok[u];
			if ((tokin_prep_en(tk)) && u > a) {
				uint32_t v = u + 1;
				if (v < d->ntok && tok_key_is(&d->tok[v], "the"))
					v++;
				const struct mention *o = ment_at(c, v);
				if (o && o->t0 == v && o->type == ET_ORG && o->form == EF_NAME) {
					/* "director of the FDA's Office of X": the body
					 * the possessive names. */
					const struct mention *o2 = ment_at(c, o->t1 + 2);
					if (o->t1 + 2 < d->ntok && tok_key_is(&d->tok[o->t1 + 1], "s") &&
					    o2 && o2->t0 == o->t1 + 2 && o2->type == ET_ORG &&
					    o2->form == EF_NAME)
						o = o2;
					org = o->ent;
					e = u;
					break;
				}
			}
			if (!(tk->flags & TOK_WORD) || ment_at(c, u) || tok_key_is(tk, "who") ||
			    tok_key_is(tk, "whose")) {
				e = u;
				break;
			}
			if (role_en_singular(c, tk))
				has_role = 1;
			e = u + 1;
		}
		if (!has_role || e <= a)
			continue;
		if ((org < 0 || (pa && org == ow->ent)) && !role_en_singular(c, &d->tok[e - 1]))
			continue;
		const char *role = arena_strndup(d->ar, d->text + d->tok[a].start,
						 d->tok[e - 1].end - d->tok[a].start);
		add_role(c, p->ent, org, role, p->start, d->tok[e - 1].end, "role.en_apposition");
	}
}

/* "Konzernchef X", "Firmensprecherin X": a role of "the company" belongs
 * to the company named last before it (within three sentences), when the
 * word is in lists/relfirmrole.txt.  -1 when none. */
static int32_t firm_of(const struct rctx *c, uint32_t t)
{
	const struct doc *d = c->d;
	if (!in_list(c, c->rd->firmrole, &d->tok[t]))
		return -1;
	for (uint32_t k = t; k-- > 0;) {
		if (d->tok[k].sent + 3 < d->tok[t].sent)
			break;
		const struct mention *m = ment_at(c, k);
		if (m && m->type == ET_ORG && !c->inquote[k] && !strcmp(ent_subtype(c, m->ent), "company"))
			return m->ent;
	}
	return -1;
}

static void find_roles(struct rctx *c)
{
	struct doc *d = c->d;
	if (d->lang == NERD_LANG_EN) {
		find_roles_en(c);
		find_appositions_en(c);
		find_members_en(c);
	}
	/* role_of is NULL but for capitalised words */
	for (uint32_t ci = 0; ci < c->ncapw && d->lang != NERD_LANG_EN; ci++) {
		uint32_t t = c->capw[ci];
		if (t + 1 >= d->ntok)
			break;
		int32_t ro;
		const char *role = role_word_cap(c, t, &ro);
		if (!role)
			continue;
		const struct mention *p = person_at(c, t + 1);
		if (p) {
			int32_t org = role_org(c, t);
			if (org < 0)
				org = org_after(c, p->t1);
			if (org < 0)
				org = firm_of(c, t);
			add_role(c, p->ent, org, role, d->tok[t].start, p->end, "role.title_name");
			/* "CDU-Chef und Bundeskanzler Friedrich Merz". */
			if (t >= 2 && tok_key_is(&d->tok[t - 1], "und")) {
				const char *r0 = role_of(c, t - 2);
				if (r0)
					add_role(c, p->ent, role_org(c, t - 2), r0, d->tok[t - 2].start,
						 p->end, "role.coordination");
			}
			/* Coordination: "die Parteivorsitzenden X und Y". */
			uint32_t u = p->t1;
			if (u + 1 < d->ntok && tok_key_is(&d->tok[u], "und")) {
				const struct mention *q = person_at(c, u + 1);
				if (q)
					add_role(c, q->ent, org, role, d->tok[t].start, q->end,
						 "role.coordination");
				/* "X und sein pakistanischer Kollege Y": the same office
				 * in the country the adjective names. */
				uint32_t k = u + 1;
				if (k < d->ntok && (tok_key_is(&d->tok[k], "sein") || tok_key_is(&d->tok[k], "seine") ||
						    tok_key_is(&d->tok[k], "ihr") || tok_key_is(&d->tok[k], "ihre")))
					k++;
				int32_t o2 = -1;
				const struct mention *a = ment_at(c, k);
				if (a && a->form == EF_DERIVED && a->type == ET_LOC) {
					o2 = a->ent;
					k = a->t1;
				}
				if (!q && k + 1 < d->ntok && in_list(c, c->rd->colleague, &d->tok[k]) &&
				    (q = person_at(c, k + 1)) != NULL)
					add_role(c, q->ent, o2, role, d->tok[t].start, q->end, "role.colleague");
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
			else
				org = role_org(c, t);
			add_role(c, q->ent, org, role, q->start, d->tok[t].end, "role.apposition");
			continue;
		}
		/* "der CSU-Chef", "Der Ferrari-Pilot": a role of a named party
		 * or team without a name refers back to the person last named. */
		int32_t org = role_org(c, t);
		if (org >= 0 && t > 0 && d->ent[org].type == ET_ORG &&
		    (tok_key_is(&d->tok[t - 1], "der") || tok_key_is(&d->tok[t - 1], "die")) &&
		    (is_party_or_team(c, org) || member_role(c, role))) {
			size_t rl = strlen(role);
			int want = rl > 3 && !strcmp(role + rl - 2, "in") ? 'f'
				   : tok_key_is(&d->tok[t - 1], "der") ? 'm' : 0;
			int32_t e = near_person(c, t - 1, want, org);
			if (e >= 0)
				add_role(c, e, org, role, d->tok[t - 1].start, d->tok[t].end, "role.anaphor");
		}
	}
	/* "X kündigte seinen Rücktritt als Fraktionschef an": the subject of
	 * the sentence holds the role named after "Amt/Rücktritt/... als". */
	for (uint32_t ai = 0; ai < c->nals; ai++) {
		uint32_t t = c->als[ai];
		if (t < 1 || t + 1 >= d->ntok || !in_list(c, c->rd->asnoun, &d->tok[t - 1]))
			continue;
		const char *role = role_of(c, t + 1);
		if (!role || person_at(c, t + 2))
			continue;
		const struct sent *se = &d->sent[d->tok[t].sent];
		int32_t e = -1;
		for (uint32_t k = se->t0; k < t && e < 0; k++) {
			const struct mention *m = ment_at(c, k);
			if (m && m->type == ET_PER && m->form == EF_NAME && !(m->flags & MF_GENITIVE))
				e = m->ent;
		}
		if (e >= 0)
			add_role(c, e, role_org(c, t + 1), role, d->tok[t - 1].start, d->tok[t + 1].end,
				 "role.as");
	}
	for (uint32_t i = 0; i < d->nrel; i++)
		if (d->rel[i].type == RT_MEMBER)
			c->sports = 1;
	/* Party in parentheses: "Name (SPD)"; "die FDP um X", "die Grünen mit
	 * X", "die CDU mit Spitzenkandidat X". */
	/* Both look at the last token of a mention: the tokens t whose
	 * mention (at[t]) ends there, in order -- from the mentions, which
	 * clus_run left in text order, else (overlaps) from the tokens. */
	const int32_t *at = c->at;
	uint32_t *ends = arena_alloc(d->ar, sizeof(*ends) * (d->nment + 1)), ne = 0;
	int inorder = 1;
	for (uint32_t i = 0; i < d->nment; i++) {
		uint32_t t1 = d->ment[i].t1;
		if (t1 == 0 || t1 > d->ntok || at[t1 - 1] != (int32_t)i)
			continue;
		if (ne && ends[ne - 1] >= t1 - 1)
			inorder = 0;
		ends[ne++] = t1 - 1;
	}
	if (!inorder) {
		ne = 0;
		for (uint32_t t = 0; t < d->ntok; t++)
			if (at[t] >= 0 && d->ment[at[t]].t1 == t + 1)
				ends[ne++] = t;
	}
	for (uint32_t ei = 0; ei < ne; ei++) {
		uint32_t t = ends[ei];
		if (t + 2 >= d->ntok)
			continue;
		const struct mention *p = &d->ment[at[t]];
		if (p->type == ET_PER && p->t1 == t + 1 && tok_is(d, &d->tok[t + 1], "(")) {
			const struct mention *o = ment_at(c, t + 2);
			if (o && o->type == ET_ORG && o->t1 < d->ntok && tok_is(d, &d->tok[o->t1], ")") &&
			    is_party_or_team(c, o->ent))
				add_rel(c, RT_MEMBER, p->ent, o->ent, NULL, p->start, d->tok[o->t1].end,
					"member.parenthesis");
			continue;
		}
		if (!p || p->type != ET_ORG || p->t1 != t + 1 || p->form != EF_NAME ||
		    !is_party(c, p->ent) ||
		    !(tok_key_is(&d->tok[t + 1], "mit") || tok_key_is(&d->tok[t + 1], "um")))
			continue;
		uint32_t u = t + 2;
		const char *role = role_of(c, u);
		if (role)
			u++;
		const struct mention *q = person_at(c, u);
		if (!q)
			continue;
		add_rel(c, RT_MEMBER, q->ent, p->ent, NULL, p->start, q->end, "member.party_with");
		if (role)
			add_rel(c, RT_ROLE, q->ent, p->ent, role, p->start, q->end, "role.party_with");
	}
	/* "X ... im McLaren": a driver in a team's car, in a document that
	 * names team roles. */
	for (uint32_t ii = 0; ii < c->nim; ii++) {
		uint32_t t = c->im[ii];
		if (t < 1 || t + 1 >= d->ntok)
			continue;
		const struct mention *o = ment_at(c, t + 1);
		if (!o || o->type != ET_ORG || o->t0 != t + 1 || o->form != EF_NAME)
			continue;
		const char *st = ent_subtype(c, o->ent);
		if (strcmp(st, "club") && strcmp(st, "team") && !(c->sports && !strcmp(st, "company")))
			continue;
		for (uint32_t k = t; k-- > 0 && t - k <= 8 && d->tok[k].sent == d->tok[t].sent;) {
			const struct mention *m = ment_at(c, k);
			if (m && m->type == ET_PER && m->form == EF_NAME) {
				add_rel(c, RT_MEMBER, m->ent, o->ent, NULL, m->start, o->end, "member.im_team");
				break;
			}
			if (m && m->type == ET_ORG)
				break;
		}
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
		for (uint32_t ci = 0; ci < c->ncapw; ci++) {
			uint32_t t = c->capw[ci];
			int32_t o0;
			const char *r = role_word_cap(c, t, &o0);
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
	return in_list(c, c->rd->speech, &c->d->tok[t]);
}

/* A personal pronoun as subject: 'm', 'f', or 0 for none. */
static int pronoun(const struct tok *t)
{
	if (tok_key_is(t, "er") || tok_key_is(t, "he"))
		return 'm';
	if (tok_key_is(t, "sie") || tok_key_is(t, "she"))
		return 'f';
	return 0;
}

/* A person who holds this role in the document ("die Regierungschefin"). */
static int32_t holder_of(const struct rctx *c, const char *role, int32_t org)
{
	const struct doc *d = c->d;
	for (uint32_t i = 0; i < d->nrel; i++)
		if (d->rel[i].type == RT_ROLE && d->rel[i].role && !strcmp(d->rel[i].role, role) &&
		    (org < 0 || d->rel[i].b == org))
			return d->rel[i].a;
	return -1;
}

/* A speaker mention: a person or an organisation named as such, not a
 * genitive ("Özdemirs Wahlkampf") and not a party in parentheses. */
static int speaker_mention(const struct rctx *c, const struct mention *m)
{
	return m && (m->type == ET_PER || m->type == ET_ORG) && m->form == EF_NAME &&
	       !(m->flags & MF_GENITIVE) && !in_parens(c, m);
}

/* The speaker named from token t on (right after a speech verb): a name, a
 * pronoun, "der/die" + role ("sagte der Minister"), "ein Sprecher von X"
 * (the organisation), or "der/die" + a noun describing the person last
 * named ("fügte die Französin hinzu", "sagte der Monegasse").  -1 when
 * none is named, -3 when the speaker is someone the text does not name
 * ("sagte ein Zuschauer"). */
static int32_t speaker_after(const struct rctx *c, uint32_t t, uint32_t end, uint32_t qtok)
{
	int unnamed = 0;
	const struct doc *d = c->d;
	for (uint32_t k = t; k < end && k < t + 5; k++) {
		const struct tok *tk = &d->tok[k];
		/* "er sprach laut X von …": what follows "laut" is the source of
		 * the report, not the subject of the verb. */
		if (tok_key_is(tk, "laut") || tok_key_is(tk, "according"))
			return -1;
		const struct mention *m = ment_at(c, k);
		if (m && m->form != EF_PART && (m->flags & MF_GENITIVE)) {
			k = m->t1 - 1;
			continue;
		}
		if (speaker_mention(c, m) && m->type == ET_ORG && d->lang == NERD_LANG_EN) {
			/* "said Kremlin spokesman Dmitry Peskov": the person
			 * after the body's role */
			int role = 0;
			for (uint32_t u = m->t1; u < end && u < m->t1 + 4 && (d->tok[u].flags & TOK_WORD); u++) {
				const struct mention *p = person_at(c, u);
				if (p && role)
					return p->ent;
				if (p || ment_at(c, u))
					break;
				role |= role_en_word(c, &d->tok[u]);
			}
		}
		if (speaker_mention(c, m))
			return m->ent;
		if (m && m->type == ET_LOC && m->form == EF_NAME)
			return -1;
		int g = pronoun(tk);
		if (g)
			return near_person(c, qtok < k ? qtok : k, g, -1);
		/* "said a spokesman for the Kremlin, Dmitry Peskov": the person
		 * after the body, else the body */
		if (d->lang == NERD_LANG_EN && role_en_word(c, tk) && k + 2 < end &&
		    (tok_key_is(&d->tok[k + 1], "for") || tok_key_is(&d->tok[k + 1], "at") ||
		     tok_key_is(&d->tok[k + 1], "of"))) {
			uint32_t v = k + 2 + tok_key_is(&d->tok[k + 2], "the");
			const struct mention *o = ment_at(c, v);
			if (o && o->t0 == v && o->type == ET_ORG && o->form == EF_NAME) {
				const struct mention *p = o->t1 + 1 < end && tok_is(d, &d->tok[o->t1], ",") ?
							  person_at(c, o->t1 + 1) : NULL;
				return p ? p->ent : o->ent;
			}
		}
		int32_t org;
		const char *r = role_word(c, k, &org);
		if (r) {
			const struct mention *p = person_at(c, k + 1);
			if (p)
				return p->ent;
			int indef = k > 0 && (tok_key_is(&d->tok[k - 1], "ein") ||
					      tok_key_is(&d->tok[k - 1], "eine"));
			uint32_t u = k + 1;
			if (u < end && (tok_key_is(&d->tok[u], "von") || tok_key_is(&d->tok[u], "des") ||
					tok_key_is(&d->tok[u], "der") || tok_key_is(&d->tok[u], "vom")))
				u++;
			if (u < end && u > k + 1 && (tok_key_is(&d->tok[u], "der") || tok_key_is(&d->tok[u], "dem")))
				u++;
			const struct mention *o = ment_at(c, u);
			if (u > k + 1 && o && o->type == ET_ORG && o->form == EF_NAME &&
			    (indef || holder_of(c, r, o->ent) < 0))
				return o->ent;
			if (indef)
				return -3;
			int32_t h = holder_of(c, r, org);
			if (h < 0)
				h = holder_of(c, r, -1);
			if (h < 0 && k > 0 && tok_in(&d->tok[k - 1], determiners)) {
				size_t rl = strlen(r);
				int want = rl > 3 && !strcmp(r + rl - 2, "in") ? 'f'
					   : tok_key_is(&d->tok[k - 1], "der") ? 'm' : 0;
				h = near_person(c, qtok < k ? qtok : k, want, org);
			}
			return h;
		}
		/* "die Französin", "der Monegasse": a definite description. */
		if (k > t && (!m || (m->form == EF_DERIVED && m->type == ET_LOC && m->t0 == k)) &&
		    (tk->flags & TOK_CAP) && (tk->flags & TOK_WORD) &&
		    (tok_key_is(&d->tok[k - 1], "der") || tok_key_is(&d->tok[k - 1], "die")) &&
		    !in_list(c, c->rd->stop, tk)) {
			size_t n = tok_len(tk);
			const char *w = d->text + tk->start;
			int want = tok_key_is(&d->tok[k - 1], "der") ? 'm'
				   : n > 3 && w[n - 2] == 'i' && w[n - 1] == 'n' ? 'f' : 0;
			if (want) {
				int32_t e = near_compatriot(c, qtok < k ? qtok : k, want, m ? m->ent : -1);
				return e >= 0 ? e : -3;
			}
			return -3;
		}
		if (!m && (tk->flags & TOK_CAP) && k > t && tok_in(&d->tok[k - 1], determiners))
			unnamed = 1;
		if (in_list(c, c->rd->prep, tk))
			return unnamed ? -3 : -1;
		if (tok_in(tk, determiners) || (tk->flags & TOK_LOWER && k > t))
			continue;
		if (tk->flags & TOK_PUNCT)
			return unnamed ? -3 : -1;
	}
	return unnamed ? -3 : -1;
}

/* The subject before token v: the first person named in the sentence
 * (outside quotations and parentheses), else the first organisation. */
static int32_t speaker_before(const struct rctx *c, uint32_t v, uint32_t s0)
{
	const struct doc *d = c->d;
	uint32_t s = s0 < d->ntok ? d->tok[s0].sent : UINT32_MAX;
	if (s < d->nsent && d->sent[s].t0 == s0) {
		/* From the sentence start: the first person or organisation of
		 * the sentence, looked for once. */
		if (c->sb_per[s] == -2) {
			c->sb_per[s] = c->sb_org[s] = -1;
			for (uint32_t k = s0; k < d->sent[s].t1; k++) {
				const struct mention *m = ment_at(c, k);
				if (c->inquote[k] || !speaker_mention(c, m))
					continue;
				if (m->type == ET_PER && c->sb_per[s] < 0)
					c->sb_per[s] = (int32_t)k;
				else if (m->type != ET_PER && c->sb_org[s] < 0)
					c->sb_org[s] = (int32_t)k;
			}
		}
		if (c->sb_per[s] >= 0 && (uint32_t)c->sb_per[s] < v)
			return ment_at(c, (uint32_t)c->sb_per[s])->ent;
		if (c->sb_org[s] >= 0 && (uint32_t)c->sb_org[s] < v)
			return ment_at(c, (uint32_t)c->sb_org[s])->ent;
		return -1;
	}
	int32_t org = -1;
	for (uint32_t k = s0; k < v; k++) {
		const struct mention *m = ment_at(c, k);
		if (c->inquote[k] || !speaker_mention(c, m))
			continue;
		if (m->type == ET_PER)
			return m->ent;
		if (org < 0)
			org = m->ent;
	}
	return org;
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
			if (e >= 0 || e == -3)
				return e;
		}
		/* "nach seinen Worten", "nach ihren Angaben": the person last
		 * named whose gender fits the possessive. */
		if (tok_key_is(tk, "nach") && k + 2 < se->t1 &&
		    (tok_key_is(&d->tok[k + 2], "worten") || tok_key_is(&d->tok[k + 2], "angaben"))) {
			int g = tok_key_is(&d->tok[k + 1], "seinen") ? 'm'
				: tok_key_is(&d->tok[k + 1], "ihren") ? 'f' : 0;
			int32_t e = g ? near_person(c, k, g, -1) : -1;
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
		/* English puts the subject first ("Chalmers told the House"); the
		 * speaker follows the verb only after a quote ("…," said X). */
		/* '…," he said': the person last named whose gender fits */
		if (d->lang == NERD_LANG_EN && k > se->t0 && pronoun(&d->tok[k - 1])) {
			int32_t e = near_person(c, qtok < k - 1 ? qtok : k - 1, pronoun(&d->tok[k - 1]), -1);
			if (e >= 0)
				return e;
		}
		if (d->lang == NERD_LANG_EN && k > se->t0 &&
		    !(d->tok[k - 1].flags & TOK_QUOTE) && !tok_is(d, &d->tok[k - 1], ",")) {
			int32_t b = speaker_before(c, k, se->t0);
			if (b >= 0)
				return b;
		}
		int32_t e = speaker_after(c, k + 1, se->t1, qtok);
		if (e < 0) {
			int32_t b = speaker_before(c, k, se->t0);
			/* "Er sprach von „…“": a pronoun subject right before a
			 * verb in the singular (not "sie sagten"). */
			int g = k > se->t0 ? pronoun(&d->tok[k - 1]) : 0;
			if (b < 0 && g && !(tk->keylen > 2 && !memcmp(tk->key + tk->keylen - 2, "en", 2)))
				b = near_person(c, k - 1, g, -1);
			if (b < 0 && e == -3)
				return -3; /* an unnamed speaker: no relation */
			e = b;
		}
		if (e >= 0)
			return e;
	}
	return -1;
}

/* Does the sentence hold a verb in the Konjunktiv I ("sei", "werde",
 * "bringe") outside quotations: reported speech. */
static int has_konj(const struct rctx *c, uint32_t s, uint32_t from)
{
	const struct sent *se = &c->d->sent[s];
	if (c->konj_last[s] == -2) {
		c->konj_last[s] = -1;
		if (sent_may(c, s, c->rd->konj)) /* else no word of the list there */
			for (uint32_t k = se->t0; k < se->t1; k++)
				if (in_list(c, c->rd->konj, &c->d->tok[k]))
					c->konj_last[s] = (int32_t)k;
	}
	return c->konj_last[s] >= 0 && (uint32_t)c->konj_last[s] >= (from > se->t0 ? from : se->t0);
}

/* A quotation that names a work, a ship or a newspaper, not speech: only
 * capitalised words, right after a noun ("des Flugzeugträgers „USS
 * Enterprise“") or an article ("sagte sie der „Sächsischen Zeitung“"). */
static int is_title(const struct rctx *c, const struct qpair *q)
{
	const struct doc *d = c->d;
	if (q->close - q->open - 1 > 6 || q->open == 0)
		return 0;
	for (uint32_t k = q->open + 1; k < q->close; k++)
		if (!(d->tok[k].flags & (TOK_CAP | TOK_NUM | TOK_UPPER)))
			return 0;
	const struct tok *b = &d->tok[q->open - 1];
	/* "sagte sie der „Sächsischen Zeitung“", "im „Spiegel“". */
	static const char *const art[] = {"der", "dem", "des", "den", "im", "am", "vom", "beim",
					  "zum", "zur", NULL};
	if (tok_in(b, art))
		return 1;
	return (b->flags & TOK_CAP) && !(b->flags & TOK_SSTART) &&
	       !tok_get(c, c->rd->stop, b);
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

static void push_quote(struct rctx *c, int32_t spk, uint32_t qs0, uint32_t qs1, uint32_t s,
		       uint32_t e, int kind, const char *rule)
{
	struct doc *d = c->d;
	while (qs1 > qs0 && (d->text[qs1 - 1] == ' ' || d->text[qs1 - 1] == '\n' ||
			     (d->lang == NERD_LANG_EN && d->text[qs1 - 1] == ',')))
		qs1--;
	while (qs0 < qs1 && (d->text[qs0] == ' ' || d->text[qs0] == '\n'))
		qs0++;
	if (qs1 <= qs0)
		return;
	for (uint32_t r = 0; r < d->nrel; r++)
		if (d->rel[r].type == RT_QUOTE && d->rel[r].a == spk &&
		    d->rel[r].qend - d->rel[r].qstart == qs1 - qs0 &&
		    !memcmp(d->text + d->rel[r].qstart, d->text + qs0, qs1 - qs0))
			return;
	struct relation *r = DOC_PUSH(d, rel);
	r->type = RT_QUOTE;
	r->kind = (uint8_t)kind;
	r->a = spk;
	r->b = -1;
	r->c = -1;
	r->qstart = qs0;
	r->qend = qs1;
	r->start = s;
	r->end = e;
	r->rule = rule;
}

/* Indirect speech: "X sagte, die Lage sei ernst." -- a speech verb, a
 * comma, and a clause in the Konjunktiv I without quotation marks. */
static void find_indirect(struct rctx *c)
{
	struct doc *d = c->d;
	for (uint32_t s = 0; s < d->nsent; s++) {
		const struct sent *se = &d->sent[s];
		if (!sent_may(c, s, c->rd->speech))
			continue;
		for (uint32_t k = se->t0; k + 2 < se->t1; k++) {
			if (c->inquote[k] || !is_speech(c, k) || !tok_is(d, &d->tok[k + 1], ","))
				continue;
			uint32_t a = k + 2, b = se->t1;
			if (tok_key_is(&d->tok[a], "dass"))
				a++;
			int quoted = 0;
			for (uint32_t u = a; u < b; u++)
				quoted |= c->inquote[u];
			if (quoted || a >= b || !has_konj(c, s, a))
				break;
			int32_t spk = speaker_before(c, k, se->t0);
			if (spk < 0)
				break;
			while (b > a && (d->tok[b - 1].flags & TOK_PUNCT))
				b--;
			if (b > a)
				push_quote(c, spk, d->tok[a].start, d->tok[b - 1].end, d->tok[k].start,
					   d->tok[b - 1].end, QK_INDIRECT, "quote.indirect");
			break;
		}
	}
}

static void find_quotes(struct rctx *c)
{
	struct doc *d = c->d;
	struct qpair *qs = NULL;
	uint32_t nq = 0, capq = 0;
	uint32_t stack[64];
	uint32_t sp = 0;
	const struct tok *toks = d->tok;
	for (uint32_t qi = 0; qi < c->nquote; qi++) {
		uint32_t t = c->quote[qi];
		const struct tok *tk = &toks[t];
		if (tok_is(d, tk, "'"))
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
	sb_reset(c);
	/* The colons outside quotations, in order (searched for the last
	 * one before a quotation: a backward scan per quote was quadratic in
	 * a long sentence). */
	uint32_t *col = c->colon, ncol = 0;
	for (uint32_t i = 0; i < c->ncolon; i++)
		if (!c->inquote[col[i]])
			col[ncol++] = col[i];
	/* Attribute in text order, so "hieß es" and continued speech can take
	 * the previous speaker. */
	int32_t prev = -1;
	for (uint32_t i = 0; i < nq; i++) {
		struct qpair *q = &qs[i];
		if (q->close == q->open + 1 || is_title(c, q))
			continue;
		uint32_t s0 = d->tok[q->open].sent, s1 = d->tok[q->close].sent;
		int32_t spk = -1;
		const char *rule = "quote.verb";
		/* Colon attribution: "Name: „…“", "X begrüßte die Entscheidung:
		 * „…“", "X wies das zurück: Man halte sich an „…“". */
		for (uint32_t k = q->open; k-- > d->sent[s0].t0;) {
			/* The nearest colon before the quote outside quotations. */
			uint32_t lo = 0, hi = ncol; /* col[0..lo) are <= k */
			while (lo < hi) {
				uint32_t mid = lo + (hi - lo) / 2;
				if (col[mid] <= k)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (!lo || col[lo - 1] < d->sent[s0].t0)
				break;
			k = col[lo - 1];
			/* "Trump: „…“", "Kanzler Merz: „…“": the name is all there is
			 * before the colon (a role or article may precede it). */
			const struct mention *m = ment_at(c, k - (k > 0));
			int bare = m != NULL && m->t0 <= d->sent[s0].t0 + 3;
			for (uint32_t u = d->sent[s0].t0; bare && m && u < m->t0; u++)
				bare = !(d->tok[u].flags & TOK_LOWER) || tok_in(&d->tok[u], determiners);
			if (k > 0 && bare && speaker_mention(c, m))
				spk = m->ent;
			else
				spk = sentence_speaker(c, s0, q->open, prev) >= 0
					      ? sentence_speaker(c, s0, q->open, prev)
					      : speaker_before(c, k, d->sent[s0].t0);
			rule = "quote.colon";
			break;
		}
		for (uint32_t s = s1; spk == -1 && s + 1 > s0 && s != UINT32_MAX; s--) {
			if (c->speaker_of[s] == -2)
				c->speaker_of[s] = sentence_speaker(c, s, q->open, prev);
			spk = c->speaker_of[s];
			if (s == 0)
				break;
		}
		/* Reported speech going on: the previous sentence's speaker, or,
		 * when the quote's sentence is in the Konjunktiv, its subject. */
		/* Only reported speech goes on: a sentence in the Konjunktiv or
		 * one that is a quotation from its start. */
		int goes_on = has_konj(c, s0, d->sent[s0].t0) || q->open == d->sent[s0].t0;
		if (spk == -1 && s0 > 0 && goes_on) {
			if (c->speaker_of[s0 - 1] == -2)
				c->speaker_of[s0 - 1] = sentence_speaker(c, s0 - 1, q->open, prev);
			spk = c->speaker_of[s0 - 1] >= 0 ? c->speaker_of[s0 - 1] : -1;
			if (spk < 0 && has_konj(c, s0, d->sent[s0].t0)) {
				spk = speaker_before(c, d->sent[s0 - 1].t1, d->sent[s0 - 1].t0);
				if (spk >= 0 && d->ent[spk].type != ET_PER)
					spk = -1;
			}
			rule = "quote.continued";
		}
		if (spk < 0)
			continue;
		push_quote(c, spk, d->tok[q->open].end, d->tok[q->close].start, d->tok[q->open].start,
			   d->tok[q->close].end, QK_DIRECT, rule);
		prev = spk;
	}
}

/* ---- events: meetings and visits, role changes, acquisitions ---------- */

/* The value of a word in one of the event lists (relmeet, relbuy,
 * relchange), or NULL. */
static inline const char *ev_word(const struct rctx *c, int list, uint32_t t)
{
	const struct doc *d = c->d;
	const struct tok *tk = &d->tok[t];
	uint64_t m = d->tokmask && t < d->ntok ? d->tokmask[t] : ~0ull;
	return lex_get_tm(c->lx, list, tk->key, tk->keylen, tk->hash, m);
}

static void add_event(struct rctx *c, int type, int kind, int32_t a, int32_t b, int32_t x,
		      const char *role, uint32_t s0, uint32_t s1, const char *rule)
{
	struct doc *d = c->d;
	for (uint32_t i = 0; i < d->nrel; i++) {
		const struct relation *r = &d->rel[i];
		if (r->type == type && r->kind == kind && r->a == a && r->b == b && r->c == x &&
		    ((!r->role && !role) || (r->role && role && !strcmp(r->role, role))))
			return;
	}
	struct relation *r = DOC_PUSH(d, rel);
	r->type = (uint8_t)type;
	r->kind = (uint8_t)kind;
	r->a = a;
	r->b = b;
	r->c = x;
	r->role = role;
	r->start = s0;
	r->end = s1;
	r->rule = rule;
}

/* The n-th (0-based) mention of type ty in tokens [t0, t1) outside
 * quotations, name form, not a genitive or a party in parentheses. */
static const struct mention *nth_named(const struct rctx *c, uint32_t t0, uint32_t t1, int ty,
				       int n)
{
	for (uint32_t k = t0; k < t1; k++) {
		const struct mention *m = ment_at(c, k);
		if (!m || m->t0 != k || c->inquote[k] || m->type != ty || m->form != EF_NAME ||
		    (m->flags & MF_GENITIVE) || in_parens(c, m))
			continue;
		if (n-- == 0)
			return m;
	}
	return NULL;
}

/* "X traf Y in Z", "Am Montag traf X in Z Y", "X und Y trafen sich",
 * "X empfing Y", "X besuchte Z" (a visit: no other side, Z a place).
 * Verbs from lists/relmeet.tsv (value meeting or visit). */
static void find_meetings(struct rctx *c)
{
	struct doc *d = c->d;
	for (uint32_t s = 0; s < d->nsent; s++) {
		const struct sent *se = &d->sent[s];
		if (!sent_may(c, s, c->rd->meet))
			continue;
		for (uint32_t k = se->t0; k < se->t1; k++) {
			const char *v = c->inquote[k] ? NULL : ev_word(c, c->rd->meet, k);
			if (!v)
				continue;
			int kind = !strcmp(v, "visit") ? MK_VISIT : MK_MEETING;
			const struct mention *sm = nth_named(c, se->t0, k, ET_PER, 0);
			int32_t subj = sm ? sm->ent : -1, obj = -1, place = -1;
			uint32_t after = k + 1;
			if (subj < 0 && after < se->t1 && pronoun(&d->tok[after])) {
				subj = near_person(c, after, pronoun(&d->tok[after]), -1);
				after++;
			}
			if (subj < 0 && (sm = nth_named(c, after, se->t1, ET_PER, 0)) != NULL) {
				subj = sm->ent;
				after = sm->t1;
			}
			const struct mention *om = nth_named(c, after, se->t1, ET_PER, 0);
			if (om && om->ent != subj)
				obj = om->ent;
			else if ((om = nth_named(c, se->t0, k, ET_PER, 1)) != NULL && om->ent != subj)
				obj = om->ent; /* "X und Y trafen sich" */
			/* The place: "in Z" anywhere in the sentence, or what is
			 * visited ("besuchte Z"). */
			for (uint32_t u = se->t0 + 1; u < se->t1 && place < 0; u++) {
				const struct mention *m = ment_at(c, u);
				if (!m || m->t0 != u || m->type != ET_LOC || m->form != EF_NAME ||
				    c->inquote[u])
					continue;
				if (kind == MK_VISIT && u - 1 >= k && u <= k + 3)
					place = m->ent;
				/* "in Z", "in der katarischen Hauptstadt Z" */
				for (uint32_t b = u; b-- > se->t0 && u - b <= 4 && place < 0;) {
					const struct mention *x = ment_at(c, b);
					if ((x && x->form != EF_DERIVED) || (d->tok[b].flags & TOK_PUNCT))
						break;
					if (tok_key_is(&d->tok[b], "in") || tok_key_is(&d->tok[b], "im"))
						place = m->ent;
				}
			}
			if (subj < 0 || (obj < 0 && !(kind == MK_VISIT && place >= 0)))
				break;
			if (obj >= 0)
				kind = MK_MEETING;
			add_event(c, RT_MEETING, kind, subj, obj, place, NULL, se->start, se->end,
				  kind == MK_VISIT ? "event.visit" : "event.meeting");
			break;
		}
	}
}

/* "X übernimmt Y für 4,2 Milliarden Dollar", "X will Y kaufen", "Y wird
 * von X übernommen": buyer and target are organisations of the sentence,
 * the price a money figure after "für"/"for".  Verbs from lists/relbuy.tsv
 * (value active or passive). */
static void find_acquisitions(struct rctx *c)
{
	struct doc *d = c->d;
	for (uint32_t s = 0; s < d->nsent; s++) {
		const struct sent *se = &d->sent[s];
		if (!sent_may(c, s, c->rd->buy))
			continue;
		for (uint32_t k = se->t0; k < se->t1; k++) {
			const char *v = c->inquote[k] ? NULL : ev_word(c, c->rd->buy, k);
			if (!v)
				continue;
			int passive = !strcmp(v, "passive");
			/* Buyer: the first organisation before the verb, else right
			 * after it ("Am Montag übernahm die X ..."); target: the next
			 * organisation after the verb within the clause, else (verb
			 * last: "X will Y kaufen") the one between buyer and verb. */
			const struct mention *o1 = nth_named(c, se->t0, k, ET_ORG, 0), *o2 = NULL;
			uint32_t from = k + 1;
			if (!o1 && (o1 = nth_named(c, k + 1, k + 4 < se->t1 ? k + 4 : se->t1, ET_ORG, 0)))
				from = o1->t1;
			if (!o1)
				break;
			for (uint32_t u = from; u < se->t1 && u < from + 8 && !o2; u++) {
				const struct tok *tk = &d->tok[u];
				if (tok_is(d, tk, ",") || tok_key_is(tk, "und") || tok_is(d, tk, "("))
					break;
				const struct mention *m = ment_at(c, u);
				if (m && m->t0 == u && m->type == ET_ORG && m->form == EF_NAME &&
				    m->ent != o1->ent && !(m->flags & MF_GENITIVE))
					o2 = m;
			}
			if (!o2 && o1->t1 <= k)
				for (int n = 1; n < 4 && !o2; n++) {
					const struct mention *m = nth_named(c, o1->t1, k, ET_ORG, n - 1);
					if (m && m->ent != o1->ent)
						o2 = m;
				}
			if (!o2)
				break;
			int32_t buyer = o1->ent, target = o2->ent;
			/* "Y wird von X übernommen", "Y was acquired by X". */
			if (passive && o2->t0 > 0 && (tok_key_is(&d->tok[o2->t0 - 1], "von") ||
						      tok_key_is(&d->tok[o2->t0 - 1], "by")))
				buyer = o2->ent, target = o1->ent;
			else if (passive)
				break;
			int32_t price = -1;
			for (uint32_t f = 0; f < d->nfig && price < 0; f++) {
				const struct figure *fg = &d->fig[f];
				if (fg->kind != FK_MONEY || fg->start < se->start || fg->end > se->end)
					continue;
				uint32_t ft = doc_tok_at(d, fg->start);
				for (uint32_t b = ft; b-- > se->t0 && ft - b <= 3;)
					if (tok_key_is(&d->tok[b], "für") || tok_key_is(&d->tok[b], "for")) {
						price = (int32_t)f;
						break;
					}
			}
			/* "Der Kaufpreis liegt bei 3,9 Milliarden Euro" in one of the
			 * next sentences. */
			for (uint32_t s2 = s + 1; price < 0 && s2 < d->nsent && s2 <= s + 4; s2++) {
				const struct sent *sx = &d->sent[s2];
				int cue = 0;
				for (uint32_t u = sx->t0; u < sx->t1 && !cue; u++)
					cue = !c->inquote[u] && in_list(c, c->rd->price, &d->tok[u]);
				for (uint32_t f = 0; cue && f < d->nfig && price < 0; f++)
					if (d->fig[f].kind == FK_MONEY && d->fig[f].start >= sx->start &&
					    d->fig[f].end <= sx->end)
						price = (int32_t)f;
			}
			add_event(c, RT_ACQUISITION, 0, buyer, target, price, NULL, se->start, se->end,
				  passive ? "event.acquisition_passive" : "event.acquisition");
			break;
		}
	}
}

/* Role changes.  Start: "X wird neuer Finanzminister", "X wurde zur
 * Vorsitzenden gewählt" -- a copula, an optional word like "neuer"/"zum",
 * a role word, and no name after it.  End: "X tritt (als Y) zurück", "X
 * kündigte seinen Rücktritt (als Y) an".  Words from lists/relchange.tsv
 * (values copula, pre, quit, quitnoun). */
static void find_role_changes(struct rctx *c)
{
	struct doc *d = c->d;
	for (uint32_t s = 0; s < d->nsent; s++) {
		const struct sent *se = &d->sent[s];
		/* no word of relchange: no role change */
		if (!sent_may(c, s, c->rd->change))
			continue;
		const struct mention *sm = nth_named(c, se->t0, se->t1, ET_PER, 0);
		if (!sm)
			continue;
		int32_t who = sm->ent;
		int quit = 0, back = 0;
		for (uint32_t k = se->t0; k < se->t1; k++) {
			if (c->inquote[k])
				continue;
			const char *v = ev_word(c, c->rd->change, k);
			if (v && !strcmp(v, "copula") && k > sm->t0) {
				uint32_t u = k + 1;
				const char *pre = u < se->t1 ? ev_word(c, c->rd->change, u) : NULL;
				if (pre && !strcmp(pre, "pre"))
					u++;
				const char *role = u < se->t1 ? role_of(c, u) : NULL;
				if (!role || person_at(c, u + 1))
					continue;
				int32_t org = role_org(c, u);
				if (org < 0 && u + 2 < se->t1 && (tok_key_is(&d->tok[u + 1], "der") ||
								 tok_key_is(&d->tok[u + 1], "des"))) {
					const struct mention *o = ment_at(c, u + 2);
					if (o && o->type != ET_PER && o->form == EF_NAME)
						org = o->ent;
				}
				add_event(c, RT_ROLE_CHANGE, CK_START, who, org, -1, role, d->tok[k].start,
					  d->tok[u].end, "event.role_start");
			}
			if (v && !strcmp(v, "quit"))
				quit = 1;
			if (v && !strcmp(v, "quitnoun"))
				quit = back = 1;
			if (tok_key_is(&d->tok[k], "zurück"))
				back = 1;
			if (v && !strcmp(v, "quitinf"))
				quit = back = 1;
		}
		if (!quit || !back)
			continue;
		/* The one who quits is the subject: named near the start of the
		 * sentence, not in a phrase further on ("Grund für den Rücktritt
		 * von X"). */
		if (sm->t0 > se->t0 + 4 || (sm->t0 > se->t0 && (tok_key_is(&d->tok[sm->t0 - 1], "von") ||
							       in_list(c, c->rd->prep, &d->tok[sm->t0 - 1]))))
			continue;
		const char *role = NULL;
		int32_t org = -1;
		for (uint32_t k = se->t0; k + 1 < se->t1 && !role; k++)
			if (tok_key_is(&d->tok[k], "als") && (role = role_of(c, k + 1)) != NULL)
				org = role_org(c, k + 1);
		add_event(c, RT_ROLE_CHANGE, CK_END, who, org, -1, role, se->start, se->end,
			  "event.role_end");
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
	c.capw = arena_alloc(d->ar, sizeof(*c.capw) * (d->ntok + 1));
	c.als = arena_alloc(d->ar, sizeof(*c.als) * (d->ntok + 1));
	c.im = arena_alloc(d->ar, sizeof(*c.im) * (d->ntok + 1));
	c.quote = arena_alloc(d->ar, sizeof(*c.quote) * (d->ntok + 1));
	c.colon = arena_alloc(d->ar, sizeof(*c.colon) * (d->ntok + 1));
	if (d->tokmask)
		c.smask = arena_zalloc(d->ar, sizeof(*c.smask) * (d->nsent + 1));
	int rl = rd->roles;
	c.rall = !rd->end4 || (rl >= 0 && (rl >= LEX_MASK_LISTS || !d->tokmask));
	c.rbit = !c.rall && rl >= 0 ? 1ull << rl : 0;
	/* One pass over the tokens for the word lists; most tokens fail the
	 * two first tests (no capital, quotation mark or punctuation; no key
	 * of two or three bytes). */
	const struct tok *toks = d->tok;
	const uint64_t rbit = c.rbit, *e4 = rd->end4, *tm = d->tokmask;
	const int rall = c.rall;
	for (uint32_t t = 0, n = d->ntok; t < n; t++) {
		const struct tok *tk = &toks[t];
		uint32_t f = tk->flags;
		c.at[t] = -1; /* no mention: set below */
		if (f & (TOK_CAP | TOK_QUOTE | TOK_PUNCT)) {
			if ((f & (TOK_WORD | TOK_CAP)) == (TOK_WORD | TOK_CAP) &&
			    role_may_tok(rd, tk, rbit ? tm[t] : 0, rbit, rall, e4))
				c.capw[c.ncapw++] = t;
			if (f & TOK_QUOTE)
				c.quote[c.nquote++] = t;
			if ((f & TOK_PUNCT) && tk->end - tk->start == 1 && d->text[tk->start] == ':')
				c.colon[c.ncolon++] = t;
		}
		if (tk->keylen - 2u <= 1u) {
			if (tk->keylen == 3 && !memcmp(tk->key, "als", 3))
				c.als[c.nals++] = t;
			else if (tk->keylen == 2 && !memcmp(tk->key, "im", 2))
				c.im[c.nim++] = t;
		}
	}
	/* The sentence masks: the sentences' tokens are [t0, t1), and
	 * tok.sent is s for each (split_sentences). */
	for (uint32_t s = 0; c.smask && s < d->nsent; s++) {
		const uint64_t *m0 = d->tokmask;
		uint64_t m = 0;
		uint32_t t = d->sent[s].t0, t1 = d->sent[s].t1 < d->ntok ? d->sent[s].t1 : d->ntok;
		for (; t + 4 <= t1; t += 4) /* four at a time: one loop test for them */
			m |= m0[t] | m0[t + 1] | m0[t + 2] | m0[t + 3];
		for (; t < t1; t++)
			m |= m0[t];
		c.smask[s] = m;
	}
	c.at[d->ntok] = -1;
	for (uint32_t i = 0; i < d->nment; i++)
		for (uint32_t t = d->ment[i].t0; t < d->ment[i].t1 && t < d->ntok; t++)
			c.at[t] = (int32_t)i;
	c.speaker_of = arena_alloc(d->ar, sizeof(int32_t) * (d->nsent + 1));
	for (uint32_t s = 0; s <= d->nsent; s++)
		c.speaker_of[s] = -2; /* not yet computed */
	c.inquote = arena_zalloc(d->ar, d->ntok + 1);
	c.sb_per = arena_alloc(d->ar, sizeof(int32_t) * (d->nsent + 1));
	c.sb_org = arena_alloc(d->ar, sizeof(int32_t) * (d->nsent + 1));
	c.konj_last = arena_alloc(d->ar, sizeof(int32_t) * (d->nsent + 1));
	sb_reset(&c);
	for (uint32_t s = 0; s <= d->nsent; s++)
		c.konj_last[s] = -2;
	/* read only where rwdone is set: not cleared */
	c.rw = arena_alloc(d->ar, sizeof(*c.rw) * (d->ntok + 1));
	c.rwo = arena_alloc(d->ar, sizeof(*c.rwo) * (d->ntok + 1));
	c.rwdone = arena_zalloc(d->ar, d->ntok + 1);
	c.ekey = arena_alloc(d->ar, sizeof(*c.ekey) * (d->nent + 1));
	c.eklen = arena_alloc(d->ar, sizeof(*c.eklen) * (d->nent + 1));
	for (uint32_t e = 0; e < d->nent; e++)
		c.eklen[e] = UINT32_MAX; /* folded when ent_named asks */
	c.efb = arena_alloc(d->ar, d->nent + 1);
	memset(c.efb, EFB_UNSET, d->nent + 1);
	if (d->lang == NERD_LANG_EN)
		party_en_mark(&c);
	find_figure_relations(&c);
	find_roles(&c);
	find_quotes(&c);
	find_indirect(&c);
	find_meetings(&c);
	find_role_changes(&c);
	find_acquisitions(&c);
}
