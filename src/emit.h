/* emit.h -- writes a processed document as the response JSON object (see the
 * README), or as CoNLL (token TAB label) for scoring against GermEval.
 * Offsets are converted from bytes here and nowhere else. */
#ifndef EMIT_H
#define EMIT_H

struct doc;
struct sbuf;
struct nerd_req;

/* The pipeline's stages as timed by nerd_extract with NERD_STAGE_TIMES=1
 * ("setup" is the UTF-8 check and the arena). */
#define EMIT_NSTAGES 9
extern const char *const emit_stage_name[EMIT_NSTAGES];

/* stage_us: EMIT_NSTAGES microsecond figures for meta.stage_us, or NULL. */
void emit_json(const struct doc *d, const struct nerd_req *req, struct sbuf *out,
	       double elapsed_us, const double *stage_us);
void emit_conll(const struct doc *d, struct sbuf *out);

#endif
