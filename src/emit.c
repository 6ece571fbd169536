/* emit.c -- the response object, written directly as JSON text (one pass,
 * no intermediate tree), and CoNLL output for GermEval scoring.  Byte
 * offsets become code points or UTF-16 units here. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "doc.h"
#include "emit.h"
#include "gaz.h"
#include "model.h"
#include "nerd.h"
#include "sbuf.h"
#include "utf8.h"
#include "util.h"

/* The names of the enums, with their lengths, in arrays of NAME_ROOM
 * bytes that name_at copies whole (a copy of a known size, without a
 * call). */
#define NAME_ROOM 16
struct name {
	char s[NAME_ROOM];
	size_t n;
};
#define NAME(s) {s, sizeof(s) - 1}
static const struct name type_name[] = {NAME("PER"), NAME("LOC"), NAME("ORG"), NAME("MISC")};
static const struct name form_name[] = {NAME("name"), NAME("derived"), NAME("part")};
static const struct name src_name[] = {NAME("gazetteer"), NAME("rule"), NAME("cluster")};
static const struct name kind_name[] = {NAME("percent"), NAME("money"), NAME("quantity"),
					NAME("count")};
static const char *mod_name[] = {NULL, "start", "mid", "end"};

const char *const emit_stage_name[EMIT_NSTAGES] = {
	"setup", "tok", "gaz", "rule", "fig", "date", "ner", "clus", "rel"
};

/* nm at p; writes NAME_ROOM bytes (room for them made), keeps nm.n. */
static inline char *name_at(char *p, const struct name *nm)
{
	memcpy(p, nm->s, NAME_ROOM);
	return p + nm->n;
}

/* "start":S,"end":E at p (in room for SPAN_ROOM bytes, sbuf_room). */
#define SPAN_ROOM 56
static inline char *span_at(char *p, const struct offmap *om, uint32_t start, uint32_t end)
{
	p = SBUF_LIT(p, "\"start\":");
	p = sbuf_u64_at(p, offmap_get(om, start));
	p = SBUF_LIT(p, ",\"end\":");
	return sbuf_u64_at(p, offmap_get(om, end));
}

/* The span at p, then ,"text": and the text, the end of o's text. */
static inline void put_span_text(struct sbuf *o, char *p, const struct doc *d,
				 const struct offmap *om, uint32_t start, uint32_t end)
{
	p = span_at(p, om, start, end);
	sbuf_done(o, SBUF_LIT(p, ",\"text\":"));
	sbuf_json_str(o, d->text + start, end - start);
}

/* The live mentions' indices in ix[0..n), ordered by entity, then by start,
 * mentions of the same start in index order (as a stable sort would):
 * counted into one bucket per entity, each sorted by insertion (they are
 * few, and mostly in order already).  Returns the buckets' ends: entity
 * e's mentions are ix[end[e - 1] (0 for e = 0) .. end[e]). */
static const uint32_t *sort_mentions(const struct doc *d, uint32_t *ix)
{
	uint32_t *at = arena_alloc(d->ar, sizeof(uint32_t) * (d->nent + 1));
	memset(at, 0, sizeof(uint32_t) * (d->nent + 1));
	for (uint32_t i = 0; i < d->nment; i++) {
		const struct mention *m = &d->ment[i];
		if (!(m->flags & MF_DEAD) && m->ent >= 0 && (uint32_t)m->ent < d->nent)
			at[m->ent + 1]++;
	}
	for (uint32_t e = 0; e < d->nent; e++)
		at[e + 1] += at[e];
	for (uint32_t i = 0; i < d->nment; i++) {
		const struct mention *m = &d->ment[i];
		if (!(m->flags & MF_DEAD) && m->ent >= 0 && (uint32_t)m->ent < d->nent)
			ix[at[m->ent]++] = i;
	}
	/* at[e] is now the end of e's bucket */
	for (uint32_t e = 0, b0 = 0; e < d->nent; b0 = at[e++])
		for (uint32_t j = b0 + 1; j < at[e]; j++) {
			uint32_t x = ix[j], k = j;
			for (; k > b0 && d->ment[ix[k - 1]].start > d->ment[x].start; k--)
				ix[k] = ix[k - 1];
			ix[k] = x;
		}
	return at;
}

static void put_entities(struct sbuf *o, const struct doc *d, const struct offmap *om)
{
	/* Live mentions ordered by entity, then position. */
	uint32_t *ix = arena_alloc(d->ar, sizeof(uint32_t) * (d->nment + 1));
	const uint32_t *end = sort_mentions(d, ix);
	sbuf_puts(o, "\"entities\":[");
	uint32_t k = 0;
	for (uint32_t e = 0; e < d->nent; e++) {
		const struct entity *en = &d->ent[e];
		char *h = sbuf_room(o, 64);
		if (e)
			*h++ = ',';
		h = SBUF_LIT(h, "{\"id\":\"e");
		h = sbuf_u64_at(h, e + 1);
		h = SBUF_LIT(h, "\",\"type\":\"");
		h = name_at(h, &type_name[en->type]);
		sbuf_done(o, SBUF_LIT(h, "\",\"name\":"));
		sbuf_json_cstr(o, en->name);
		if (en->kb) {
			sbuf_puts(o, ",\"kb\":");
			sbuf_json_cstr(o, en->kb);
			sbuf_puts(o, ",\"salience\":");
		} else
			sbuf_puts(o, ",\"kb\":null,\"salience\":");
		/* sbuf_json_num((double)k / 1000) */
		sbuf_json_milli(o, (int)(en->salience * 1000 + 0.5));
		if (en->ncand) {
			sbuf_puts(o, ",\"candidates\":[");
			for (uint32_t c = 0; c < en->ncand; c++) {
				const struct gaz_entry *ge = gaz_get(d->m->gaz, en->cand[c]);
				if (c)
					sbuf_putc(o, ',');
				sbuf_puts(o, "{\"type\":\"");
				sbuf_add(o, type_name[ge->type].s, type_name[ge->type].n);
				sbuf_puts(o, "\",\"name\":");
				sbuf_json_cstr(o, ge->name);
				sbuf_puts(o, ",\"kb\":");
				sbuf_json_cstr(o, ge->kb);
				sbuf_puts(o, ",\"subtype\":");
				sbuf_json_cstr(o, ge->subtype);
				sbuf_putc(o, '}');
			}
			sbuf_putc(o, ']');
		}
		sbuf_puts(o, ",\"mentions\":[");
		for (uint32_t k0 = k; k < end[e]; k++) {
			const struct mention *mn = &d->ment[ix[k]];
			char *p = sbuf_room(o, 2 + SPAN_ROOM + 8);
			if (k > k0)
				*p++ = ',';
			*p++ = '{';
			put_span_text(o, p, d, om, mn->start, mn->end);
			p = sbuf_room(o, 64);
			p = SBUF_LIT(p, ",\"form\":\"");
			p = name_at(p, &form_name[mn->form]);
			p = SBUF_LIT(p, "\",\"source\":\"");
			p = name_at(p, &src_name[mn->source]);
			*p++ = '"';
			if (mn->rule) {
				sbuf_done(o, SBUF_LIT(p, ",\"rule\":"));
				sbuf_json_cstr(o, mn->rule);
				p = sbuf_room(o, 1);
			}
			*p++ = '}';
			sbuf_done(o, p);
		}
		sbuf_puts(o, "]}");
	}
	sbuf_putc(o, ']');
}

/* key, then the figure id "f<i+1>" ("f%d" of i + 1); key a literal
 * (inlined: its strlen is known). */
__attribute__((always_inline))
static inline void put_fig_ref(struct sbuf *o, const char *key, int32_t i)
{
	size_t kn = strlen(key);
	char *p = sbuf_room(o, kn + 32);
	p = sbuf_mem_at(p, key, kn);
	p = SBUF_LIT(p, "\"f");
	if (i < -1) {	/* a negative id, as sbuf_put_i64 writes it */
		*p++ = '-';
		p = sbuf_u64_at(p, 0ull - (unsigned long long)((long long)i + 1));
	} else
		p = sbuf_u64_at(p, (unsigned long long)((long long)i + 1));
	*p++ = '"';
	sbuf_done(o, p);
}

/* v as printf's "%.0f" writes it: for 0 <= v < 10^15 the nearest integer,
 * ties to even (nearbyint in the default rounding mode, which printf
 * follows too), without printf; anything else through it. */
static void put_fixed0(struct sbuf *o, double v)
{
	if (v < 1e15 && !signbit(v) && !isnan(v))
		sbuf_put_u64(o, (unsigned long long)nearbyint(v));
	else
		sbuf_printf(o, "%.0f", v);
}

static void put_figures(struct sbuf *o, const struct doc *d, const struct offmap *om)
{
	static const char *bound_name[] = {NULL, "min", "max"};
	sbuf_puts(o, ",\"figures\":[");
	for (uint32_t i = 0; i < d->nfig; i++) {
		const struct figure *f = &d->fig[i];
		char *p = sbuf_room(o, 64 + SPAN_ROOM + 8);
		if (i)
			*p++ = ',';
		p = SBUF_LIT(p, "{\"id\":\"f");
		p = sbuf_u64_at(p, i + 1);
		p = SBUF_LIT(p, "\",\"kind\":\"");
		p = name_at(p, &kind_name[f->kind]);
		p = SBUF_LIT(p, "\",");
		put_span_text(o, p, d, om, f->start, f->end);
		sbuf_puts(o, ",\"value\":");
		sbuf_json_num(o, f->value);
		if (f->kind == FK_MONEY) {
			sbuf_puts(o, ",\"currency\":");
			sbuf_json_cstr(o, f->currency[0] ? f->currency : NULL);
		}
		if (f->unit) {
			sbuf_puts(o, ",\"unit\":");
			sbuf_json_cstr(o, f->unit);
		}
		if (f->counted) {
			sbuf_puts(o, ",\"counted\":");
			sbuf_json_cstr(o, f->counted);
		}
		sbuf_puts(o, f->approx ? ",\"approx\":true,\"bound\":" : ",\"approx\":false,\"bound\":");
		sbuf_json_cstr(o, f->bound < 3 ? bound_name[f->bound] : NULL);
		sbuf_puts(o, ",\"of\":");
		sbuf_json_cstr(o, f->of);
		if (f->equivalent >= 0 && (uint32_t)f->equivalent < d->nfig)
			put_fig_ref(o, ",\"equivalent\":", f->equivalent);
		if (f->range >= 0 && (uint32_t)f->range < d->nfig)
			put_fig_ref(o, ",\"range\":", f->range);
		sbuf_putc(o, '}');
	}
	sbuf_putc(o, ']');
}

static void put_dates(struct sbuf *o, const struct doc *d, const struct offmap *om)
{
	sbuf_puts(o, ",\"dates\":[");
	for (uint32_t i = 0; i < d->ndate; i++) {
		const struct date *t = &d->date[i];
		char *p = sbuf_room(o, 2 + SPAN_ROOM + 8);
		if (i)
			*p++ = ',';
		*p++ = '{';
		put_span_text(o, p, d, om, t->start, t->end);
		sbuf_puts(o, ",\"value\":");
		sbuf_json_cstr(o, t->value);
		sbuf_puts(o, ",\"mod\":");
		sbuf_json_cstr(o, t->mod < 4 ? mod_name[t->mod] : NULL);
		sbuf_putc(o, '}');
	}
	sbuf_putc(o, ']');
}

/* ,"key":"e<e+1>" or ,"key":null; key a literal (inlined: its strlen is known). */
__attribute__((always_inline))
static inline void put_ent_ref(struct sbuf *o, const char *key, int32_t e)
{
	size_t kn = strlen(key);
	char *p = sbuf_room(o, kn + 32);
	p = SBUF_LIT(p, ",\"");
	p = sbuf_mem_at(p, key, kn);
	p = SBUF_LIT(p, "\":");
	if (e >= 0) {
		p = SBUF_LIT(p, "\"e");
		p = sbuf_u64_at(p, (unsigned)e + 1);
		*p++ = '"';
	} else
		p = SBUF_LIT(p, "null");
	sbuf_done(o, p);
}

static void put_relations(struct sbuf *o, const struct doc *d, const struct offmap *om)
{
	static const char *rel_name[] = {"role", "member_of", "quote", "figure_of", "equivalent",
					 "meeting", "role_change", "acquisition"};
	sbuf_puts(o, ",\"relations\":[");
	for (uint32_t i = 0; i < d->nrel; i++) {
		const struct relation *r = &d->rel[i];
		if (i)
			sbuf_putc(o, ',');
		sbuf_puts(o, "{\"type\":\"");
		sbuf_puts(o, rel_name[r->type]);
		sbuf_putc(o, '"');
		switch (r->type) {
		case RT_ROLE:
			put_ent_ref(o, "person", r->a);
			put_ent_ref(o, "org", r->b);
			sbuf_puts(o, ",\"role\":");
			sbuf_json_cstr(o, r->role);
			break;
		case RT_MEMBER:
			put_ent_ref(o, "person", r->a);
			put_ent_ref(o, "org", r->b);
			break;
		case RT_QUOTE:
			put_ent_ref(o, "speaker", r->a);
			sbuf_puts(o, ",\"quote\":");
			sbuf_json_str(o, d->text + r->qstart, r->qend - r->qstart);
			sbuf_puts(o, ",\"quote_start\":");
			sbuf_put_u64(o, offmap_get(om, r->qstart));
			sbuf_puts(o, ",\"quote_end\":");
			sbuf_put_u64(o, offmap_get(om, r->qend));
			sbuf_puts(o, r->kind == QK_INDIRECT ? ",\"kind\":\"indirect\"" : ",\"kind\":\"direct\"");
			break;
		case RT_FIGURE_OF:
			put_fig_ref(o, ",\"figure\":", r->a);
			sbuf_puts(o, ",\"of\":");
			sbuf_json_cstr(o, r->role);
			break;
		case RT_EQUIV:
			put_fig_ref(o, ",\"figure\":", r->a);
			put_fig_ref(o, ",\"figure2\":", r->b);
			break;
		case RT_MEETING:
			put_ent_ref(o, "person", r->a);
			put_ent_ref(o, "with", r->b);
			put_ent_ref(o, "place", r->c);
			sbuf_puts(o, r->kind == MK_VISIT ? ",\"kind\":\"visit\"" : ",\"kind\":\"meeting\"");
			break;
		case RT_ROLE_CHANGE:
			put_ent_ref(o, "person", r->a);
			put_ent_ref(o, "org", r->b);
			sbuf_puts(o, ",\"role\":");
			sbuf_json_cstr(o, r->role);
			sbuf_puts(o, r->kind == CK_END ? ",\"change\":\"end\"" : ",\"change\":\"start\"");
			break;
		case RT_ACQUISITION:
			put_ent_ref(o, "buyer", r->a);
			put_ent_ref(o, "target", r->b);
			sbuf_puts(o, ",\"price\":");
			if (r->c >= 0)
				put_fig_ref(o, "", r->c);
			else
				sbuf_puts(o, "null");
			break;
		}
		if (r->end > r->start) {
			char *p = sbuf_room(o, 1 + SPAN_ROOM);
			*p++ = ',';
			sbuf_done(o, span_at(p, om, r->start, r->end));
		}
		if (r->rule) {
			sbuf_puts(o, ",\"rule\":");
			sbuf_json_cstr(o, r->rule);
		}
		sbuf_putc(o, '}');
	}
	sbuf_putc(o, ']');
}

/* The request's id as json_dumps writes it: a string without control
 * characters (which jansson escapes as \u00XX, in capitals) and an integer
 * directly, anything else through json_dumps. */
static void put_id(struct sbuf *o, const json_t *id)
{
	if (json_is_string(id)) {
		const char *s = json_string_value(id);
		size_t n = json_string_length(id), i = 0;
		while (i < n && (unsigned char)s[i] >= 0x20)
			i++;
		if (i == n) {
			sbuf_json_str(o, s, n);
			return;
		}
	} else if (json_is_integer(id)) {
		sbuf_put_i64(o, (long long)json_integer_value(id));
		return;
	}
	char *s = id ? json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
	sbuf_puts(o, s ? s : "null");
	free(s);
}

void emit_json(const struct doc *d, const struct nerd_req *req, struct sbuf *o, double us,
	       const double *stage_us)
{
	struct offmap om;
	offmap_build(&om, d->ar, d->text, d->len, req->offsets);
	sbuf_puts(o, "{\"id\":");
	put_id(o, req->id);
	sbuf_puts(o, d->lang == NERD_LANG_EN ? ",\"lang\":\"en\"," : ",\"lang\":\"de\",");
	put_entities(o, d, &om);
	put_figures(o, d, &om);
	put_dates(o, d, &om);
	put_relations(o, d, &om);
	if (d->nwarn) {
		sbuf_puts(o, ",\"warnings\":[");
		for (uint32_t i = 0; i < d->nwarn; i++) {
			if (i)
				sbuf_putc(o, ',');
			sbuf_json_cstr(o, d->warn[i]);
		}
		sbuf_putc(o, ']');
	}
	if (d->partial) {
		sbuf_puts(o, ",\"partial\":true,\"partial_reason\":");
		sbuf_json_cstr(o, d->partial_reason);
	}
	sbuf_puts(o, ",\"meta\":{\"chars\":");
	sbuf_put_u64(o, offmap_get(&om, d->len));
	sbuf_puts(o, ",\"elapsed_us\":");
	put_fixed0(o, us);
	sbuf_puts(o, ",\"gazetteers\":");
	sbuf_json_cstr(o, model_version(d->m));
	sbuf_puts(o, ",\"offsets\":");
	static const char *offname[] = {"codepoint", "utf8", "utf16"};
	sbuf_json_cstr(o, offname[req->offsets]);
	if (stage_us) {
		sbuf_puts(o, ",\"stage_us\":{");
		for (int i = 0; i < EMIT_NSTAGES; i++)
			sbuf_printf(o, "%s\"%s\":%.1f", i ? "," : "", emit_stage_name[i],
				    stage_us[i]);
		sbuf_putc(o, '}');
	}
	sbuf_puts(o, "}}");
}

/* CoNLL: one token per line, "token TAB B-PER", the outer label of the mention
 * covering it (derived -> LOCderiv, part -> ORGpart, MISC -> OTH, as GermEval
 * writes them); a blank line ends each sentence. */
void emit_conll(const struct doc *d, struct sbuf *o)
{
	static const char *gtype[] = {"PER", "LOC", "ORG", "OTH"};
	int32_t *lab = arena_alloc(d->ar, sizeof(int32_t) * (d->ntok + 1));
	for (uint32_t i = 0; i < d->ntok; i++)
		lab[i] = -1;
	for (uint32_t i = 0; i < d->nment; i++) {
		const struct mention *m = &d->ment[i];
		if (m->flags & MF_DEAD || m->ent < 0)
			continue;
		for (uint32_t t = m->t0; t < m->t1 && t < d->ntok; t++)
			lab[t] = (int32_t)i;
	}
	for (uint32_t s = 0; s < d->nsent; s++) {
		for (uint32_t t = d->sent[s].t0; t < d->sent[s].t1; t++) {
			const struct tok *tk = &d->tok[t];
			sbuf_add(o, d->text + tk->start, tk->end - tk->start);
			sbuf_putc(o, '\t');
			if (lab[t] < 0)
				sbuf_putc(o, 'O');
			else {
				const struct mention *m = &d->ment[lab[t]];
				int begin = t == m->t0 || (t > 0 && lab[t - 1] != lab[t]);
				sbuf_printf(o, "%s-%s%s", begin ? "B" : "I", gtype[m->type],
					    m->form == EF_DERIVED ? "deriv"
					    : m->form == EF_PART  ? "part"
								  : "");
			}
			sbuf_putc(o, '\n');
		}
		sbuf_putc(o, '\n');
	}
}
