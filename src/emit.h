/* emit.h -- writes a processed document as the response JSON object (see the
 * README), or as CoNLL (token TAB label) for scoring against GermEval.
 * Offsets are converted from bytes here and nowhere else. */
#ifndef EMIT_H
#define EMIT_H

struct doc;
struct sbuf;
struct nerd_req;

void emit_json(const struct doc *d, const struct nerd_req *req, struct sbuf *out,
	       double elapsed_us);
void emit_conll(const struct doc *d, struct sbuf *out);

#endif
