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

static const char *type_name[] = {"PER", "LOC", "ORG", "MISC"};
static const char *form_name[] = {"name", "derived", "part"};
static const char *src_name[] = {"gazetteer", "rule", "cluster"};
static const char *kind_name[] = {"percent", "money", "quantity", "count"};
static const char *mod_name[] = {NULL, "start", "mid", "end"};

const char *const emit_stage_name[EMIT_NSTAGES] = {
	"setup", "tok", "gaz", "rule", "fig", "date", "ner", "clus", "rel"
};

static void put_span(struct sbuf *o, const struct doc *d, const struct offmap *om,
		     uint32_t start, uint32_t end, int with_text)
{
	sbuf_puts(o, "\"start\":");
	sbuf_put_u64(o, offmap_get(om, start));
	sbuf_puts(o, ",\"end\":");
	sbuf_put_u64(o, offmap_get(om, end));
	if (with_text) {
		sbuf_puts(o, ",\"text\":");
		sbuf_json_str(o, d->text + start, end - start);
	}
}

/* The live mentions' indices in ix[0..n), ordered by entity, then by start,
 * mentions of the same start in index order (as a stable sort would):
 * counted into one bucket per entity, each sorted by insertion (they are
 * few, and mostly in order already).  Returns n. */
static uint32_t sort_mentions(const struct doc *d, uint32_t *ix)
{
	uint32_t *at = arena_alloc(d->ar, sizeof(uint32_t) * (d->nent + 1));
	memset(at, 0, sizeof(uint32_t) * (d->nent + 1));
	uint32_t n = 0;
	for (uint32_t i = 0; i < d->nment; i++) {
		const struct mention *m = &d->ment[i];
		if (!(m->flags & MF_DEAD) && m->ent >= 0 && (uint32_t)m->ent < d->nent) {
			at[m->ent + 1]++;
			n++;
		}
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
	return n;
}

static void put_entities(struct sbuf *o, const struct doc *d, const struct offmap *om)
{
	/* Live mentions ordered by entity, then position. */
	uint32_t *ix = arena_alloc(d->ar, sizeof(uint32_t) * (d->nment + 1));
	uint32_t n = sort_mentions(d, ix);
	sbuf_puts(o, "\"entities\":[");
	uint32_t k = 0;
	for (uint32_t e = 0; e < d->nent; e++) {
		const struct entity *en = &d->ent[e];
		if (e)
			sbuf_putc(o, ',');
		sbuf_puts(o, "{\"id\":\"e");
		sbuf_put_u64(o, e + 1);
		sbuf_puts(o, "\",\"type\":\"");
		sbuf_puts(o, type_name[en->type]);
		sbuf_puts(o, "\",\"name\":");
		sbuf_json_cstr(o, en->name);
		sbuf_puts(o, ",\"kb\":");
		sbuf_json_cstr(o, en->kb);
		sbuf_puts(o, ",\"salience\":");
		sbuf_json_num(o, (double)(int)(en->salience * 1000 + 0.5) / 1000);
		if (en->ncand) {
			sbuf_puts(o, ",\"candidates\":[");
			for (uint32_t c = 0; c < en->ncand; c++) {
				const struct gaz_entry *ge = gaz_get(d->m->gaz, en->cand[c]);
				if (c)
					sbuf_putc(o, ',');
				sbuf_puts(o, "{\"type\":\"");
				sbuf_puts(o, type_name[ge->type]);
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
		int first = 1;
		while (k < n && d->ment[ix[k]].ent < (int32_t)e)
			k++;
		while (k < n && d->ment[ix[k]].ent == (int32_t)e) {
			const struct mention *mn = &d->ment[ix[k++]];
			if (!first)
				sbuf_putc(o, ',');
			first = 0;
			sbuf_putc(o, '{');
			put_span(o, d, om, mn->start, mn->end, 1);
			sbuf_puts(o, ",\"form\":\"");
			sbuf_puts(o, form_name[mn->form]);
			sbuf_puts(o, "\",\"source\":\"");
			sbuf_puts(o, src_name[mn->source]);
			sbuf_putc(o, '"');
			if (mn->rule) {
				sbuf_puts(o, ",\"rule\":");
				sbuf_json_cstr(o, mn->rule);
			}
			sbuf_putc(o, '}');
		}
		sbuf_puts(o, "]}");
	}
	sbuf_putc(o, ']');
}

/* key, then the figure id "f<i+1>" ("f%d" of i + 1). */
static void put_fig_ref(struct sbuf *o, const char *key, int32_t i)
{
	sbuf_puts(o, key);
	sbuf_puts(o, "\"f");
	sbuf_put_i64(o, (long long)i + 1);
	sbuf_putc(o, '"');
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
		if (i)
			sbuf_putc(o, ',');
		sbuf_puts(o, "{\"id\":\"f");
		sbuf_put_u64(o, i + 1);
		sbuf_puts(o, "\",\"kind\":\"");
		sbuf_puts(o, kind_name[f->kind]);
		sbuf_puts(o, "\",");
		put_span(o, d, om, f->start, f->end, 1);
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
		if (i)
			sbuf_putc(o, ',');
		sbuf_putc(o, '{');
		put_span(o, d, om, t->start, t->end, 1);
		sbuf_puts(o, ",\"value\":");
		sbuf_json_cstr(o, t->value);
		sbuf_puts(o, ",\"mod\":");
		sbuf_json_cstr(o, t->mod < 4 ? mod_name[t->mod] : NULL);
		sbuf_putc(o, '}');
	}
	sbuf_putc(o, ']');
}

static void put_ent_ref(struct sbuf *o, const char *key, int32_t e)
{
	sbuf_puts(o, ",\"");
	sbuf_puts(o, key);
	sbuf_puts(o, "\":");
	if (e >= 0) {
		sbuf_puts(o, "\"e");
		sbuf_put_u64(o, (unsigned)e + 1);
		sbuf_putc(o, '"');
	}
	else
		sbuf_puts(o, "null");
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
			sbuf_putc(o, ',');
			put_span(o, d, om, r->start, r->end, 0);
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
