/* pcre.h -- where nerd meets PCRE2: patterns compiled with the JIT when the
 * process allows it, one shared match context carrying the limits, and a
 * match call that turns a limit hit into a partial document instead of a
 * failed request.  The stages that run regular expressions over request text
 * (rule.c, fig.c, date.c) compile with pcre_compile_jit (or pcre_jit on code
 * they compiled themselves) and match with pcre_match.  Compiled code belongs
 * to the model that compiled it; the match context is process-wide and
 * read-only; match data is per thread. */
#ifndef NERD_PCRE_H
#define NERD_PCRE_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>

struct doc;

/* Limits of one pcre2_match call: backtracking steps (JIT and interpreter),
 * the interpreter's backtracking memory in KiB, and its nesting depth. */
#define PCRE_MATCH_LIMIT 1000000u
#define PCRE_HEAP_LIMIT (8u * 1024u)
#define PCRE_DEPTH_LIMIT 100000u

/* The process-wide JIT switch, on by default.  It is read when a pattern is
 * compiled, so it applies to models loaded after the call: the fuzz harness
 * loads one model with and one without the JIT and compares their output.
 * Call it before starting threads that load models. */
void nerd_set_jit(int on);
int nerd_jit(void);

/* Compiles pat[0..len) (PCRE2_ZERO_TERMINATED allowed) with options and,
 * when the switch is on, JIT-compiles it.  Returns NULL with PCRE2's message
 * and the offset in err on a bad pattern.  The caller frees the code with
 * pcre2_code_free. */
pcre2_code *pcre_compile_jit(const char *pat, size_t len, uint32_t options, char *err,
			     size_t errlen);
/* JIT-compiles code compiled elsewhere when the switch is on.  Returns 1
 * when the JIT will run it, 0 when the interpreter will (switch off, no JIT
 * in this PCRE2, or executable memory refused -- logged once per process). */
int pcre_jit(pcre2_code *code);

/* The match context with the limits above, shared by every thread. */
pcre2_match_context *pcre_limits(void);
/* A match context of the caller's own (pcre2_match_context_free) with a
 * lower match limit and the heap and depth limits above; NULL when out of
 * memory. */
pcre2_match_context *pcre_limits_new(uint32_t match_limit);
/* Match data with room for 32 groups, one per thread, freed when the thread
 * exits.  Valid until the calling thread's next pcre_match_data user
 * overwrites it: take the ovector before matching anything else. */
pcre2_match_data *pcre_match_data(void);

/* pcre2_match with the limits of mc (NULL: pcre_limits()).  A JIT run that
 * outgrows its stack is repeated by the interpreter (so JIT and interpreter
 * agree); a run that hits a limit marks d partial with reason (a static
 * string naming the stage, e.g. "date pattern hit its match limit") and
 * returns the negative PCRE2 code, which the caller treats as no match.  md
 * NULL uses pcre_match_data(). */
int pcre_match(const pcre2_code *re, const char *s, size_t len, size_t start, uint32_t options,
	       pcre2_match_data *md, pcre2_match_context *mc, struct doc *d,
	       const char *reason);
/* 1 when rc (from pcre2_match) is a limit, not a plain mismatch. */
int pcre_limit_hit(int rc);
/* Limit hits since the process started (for /metrics). */
uint64_t pcre_limit_hits(void);

#endif
