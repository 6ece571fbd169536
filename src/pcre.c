/* pcre.c -- the JIT switch, the shared match context with nerd's limits, and
 * per-thread match data (see pcre.h).  The only mutable state is the switch
 * and two counters, all atomic; the match context is built once and only
 * read afterwards. */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "doc.h"
#include "log.h"
#include "pcre.h"

static atomic_int jit_on = 1;
static atomic_int jit_warned;
static atomic_uint_fast64_t limit_hits;

void nerd_set_jit(int on)
{
	atomic_store(&jit_on, on ? 1 : 0);
}

int nerd_jit(void)
{
	return atomic_load(&jit_on);
}

int pcre_jit(pcre2_code *code)
{
	if (!code || !atomic_load(&jit_on))
		return 0;
	int rc = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	if (rc == 0)
		return 1;
	/* PCRE2_ERROR_JIT_BADOPTION: built without a JIT.  PCRE2_ERROR_NOMEMORY:
	 * no executable memory, e.g. under systemd's MemoryDenyWriteExecute.
	 * Either way the interpreter runs the same pattern with the same
	 * result, only slower; say so once. */
	if (!atomic_exchange(&jit_warned, 1)) {
		PCRE2_UCHAR msg[128];
		pcre2_get_error_message(rc, msg, sizeof(msg));
		log_warnx("PCRE2 JIT unavailable (%s): patterns run in the interpreter, "
			  "slower with the same results",
			  (const char *)msg);
	}
	return 0;
}

pcre2_code *pcre_compile_jit(const char *pat, size_t len, uint32_t options, char *err,
			     size_t errlen)
{
	int ec;
	PCRE2_SIZE eo;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)pat, len, options, &ec, &eo, NULL);
	if (!code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(ec, msg, sizeof(msg));
		snprintf(err, errlen, "%s at offset %zu", (const char *)msg, (size_t)eo);
		return NULL;
	}
	pcre_jit(code);
	return code;
}

/* ---- limits ---- */

static pcre2_match_context *limits;
static pthread_once_t limits_once = PTHREAD_ONCE_INIT;

pcre2_match_context *pcre_limits_new(uint32_t match_limit)
{
	pcre2_match_context *mc = pcre2_match_context_create(NULL);
	if (!mc)
		return NULL;
	pcre2_set_match_limit(mc, match_limit < PCRE_MATCH_LIMIT ? match_limit : PCRE_MATCH_LIMIT);
	pcre2_set_heap_limit(mc, PCRE_HEAP_LIMIT);
	pcre2_set_depth_limit(mc, PCRE_DEPTH_LIMIT);
	return mc;
}

static void limits_init(void)
{
	limits = pcre_limits_new(PCRE_MATCH_LIMIT);
	if (!limits) {
		fprintf(stderr, "nerd: out of memory\n");
		abort();
	}
}

pcre2_match_context *pcre_limits(void)
{
	pthread_once(&limits_once, limits_init);
	return limits;
}

/* ---- per-thread match data ---- */

static pthread_key_t md_key;
static pthread_once_t md_once = PTHREAD_ONCE_INIT;
static _Thread_local pcre2_match_data *md_local;

static void md_destroy(void *p)
{
	pcre2_match_data_free(p);
}

static void md_key_init(void)
{
	pthread_key_create(&md_key, md_destroy);
}

pcre2_match_data *pcre_match_data(void)
{
	if (!md_local) {
		pthread_once(&md_once, md_key_init);
		md_local = pcre2_match_data_create(32, NULL);
		if (!md_local) {
			fprintf(stderr, "nerd: out of memory\n");
			abort();
		}
		/* The key's destructor frees it when the thread exits. */
		pthread_setspecific(md_key, md_local);
	}
	return md_local;
}

/* ---- matching ---- */

int pcre_limit_hit(int rc)
{
	return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT ||
	       rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT ||
	       rc == PCRE2_ERROR_NOMEMORY;
}

uint64_t pcre_limit_hits(void)
{
	return atomic_load(&limit_hits);
}

int pcre_match(const pcre2_code *re, const char *s, size_t len, size_t start, uint32_t options,
	       pcre2_match_data *md, pcre2_match_context *mc, struct doc *d,
	       const char *reason)
{
	if (!md)
		md = pcre_match_data();
	if (!mc)
		mc = pcre_limits();
	/* pcre2_jit_match skips pcre2_match's checks of the arguments and of
	 * the subject's UTF-8 (a tenth of a short token's match): taken when
	 * the caller vouches for the UTF-8; a pattern without JIT code
	 * answers PCRE2_ERROR_JIT_BADOPTION and goes the usual way. */
	int rc = PCRE2_ERROR_JIT_BADOPTION;
	if ((options & (PCRE2_NO_UTF_CHECK | PCRE2_NO_JIT)) == PCRE2_NO_UTF_CHECK && start <= len)
		rc = pcre2_jit_match(re, (PCRE2_SPTR)s, len, start, options & ~PCRE2_NO_UTF_CHECK,
				     md, mc);
	if (rc == PCRE2_ERROR_JIT_BADOPTION)
		rc = pcre2_match(re, (PCRE2_SPTR)s, len, start, options, md, mc);
	/* The JIT's stack (32 KiB by default) is smaller than what the
	 * interpreter may use under PCRE_HEAP_LIMIT; rather than answer
	 * differently with and without the JIT, let the interpreter decide. */
	if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
		rc = pcre2_match(re, (PCRE2_SPTR)s, len, start, options | PCRE2_NO_JIT, md, mc);
	if (pcre_limit_hit(rc)) {
		atomic_fetch_add(&limit_hits, 1);
		if (d)
			doc_partial(d, reason ? reason : "a pattern hit its match limit");
	}
	return rc;
}
