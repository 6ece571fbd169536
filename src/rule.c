/* rule.c -- the entity rule engine.  Rule files (gazetteers/rules/LANG/NAME.rules,
 * language documented in gazetteers/rules/README) are parsed once per model
 * into small programs for a backtracking matcher over tokens: token tests
 * (literals, word lists, token flags, gazetteer coverage, PCRE2 patterns
 * compiled with JIT), quantifiers, alternation, look-around and span groups.
 * rule_run dispatches rules by their first test as bit sets of rules (a
 * literal or a word list is looked up once per token; only rules that start
 * with a generic test are candidates at every token whose flags they admit;
 * per-byte sets drop those the token's first and last byte rule out).  A
 * candidate is tried only when one of its last tests passes at or after the
 * token, one of its anchors (rare tests at fixed offsets, one on every path)
 * passes, the most demanding test each path asks of the first and of the
 * second token passes cheaply for some path, a cheap run of its program
 * (flags, list bits, literals, gazetteer types; negative look-around
 * passing) matches and one of its first tests passes.  When a language's
 * rules fit in one 64-bit word of the sets (the German ones do), the
 * checks up to the anchors are made per sentence as a few table lookups
 * and ANDs per token (word_marks), and only the tokens left with rules to
 * try are visited.  Word-list tests are bit tests on each token's set of lists
 * (lex_mask, one probe per token) and test results are cached per token; it
 * matches within the sentence under a step budget and appends each span
 * group as a mention with source ES_RULE.  The ruleset owns every
 * string and compiled pattern; it is read-only after rule_load and shared by
 * all threads; per-request state lives in the document's arena. */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "doc.h"
#include "lex.h"
#include "log.h"
#include "nerd.h"
#include "pcre.h"
#include "rule.h"
#include "tok.h"
#include "utf8.h"
#include "util.h"

#define RULE_MAX_GROUPS 4
#define RULE_MAX_REPEAT 16      /* largest finite bound in {m,n} */
#define RULE_MAX_PROG 4096      /* instructions per rule */
#define RULE_STEP_BUDGET 20000  /* matcher steps per attempt */
#define RULE_STACK 4096         /* backtrack entries per document */
#define RULE_MACRO_DEPTH 8
#define RULE_RE_MATCH_LIMIT 1000000
#define RULE_RE_DEPTH_LIMIT 10000
#define RULE_MAX_ANCH 8         /* anchors per rule */
#define RULE_ANCH_OFF 4         /* their largest offset */
#define RULE_ANCH_WALK 4096     /* steps to find them */
#define RULE_ANCH_DEPTH 64      /* nested alternatives on the way */
#define GCACHE_BITS 6           /* rule_run: generic candidates by flags */
#define RULE_MAX_SUF 64         /* literal endings of a pattern, for its prefilter */
#define TAIL_BLOOM_LOG 16       /* struct ruleset.tbloom: 2^16 bits */
#define EPOCHS 84               /* struct run's caches: 3 x 84 + 2 < 256 */
#define TCACHE_KEEP (1u << 20)  /* largest test cache kept per thread */
#define CID_LITS_MIN 5          /* literal alternatives worth a search */

/* ---- compiled form --------------------------------------------------- */

enum atom_kind {
	AT_ANY, AT_LIT, AT_ILIT, AT_LIST, AT_LAST, AT_FIRST, AT_PARTS, AT_TAIL, AT_COMPOUND,
	AT_FLAGS, AT_GAZ, AT_RE, AT_LEN, AT_INITIAL
};

struct atom {
	uint8_t kind, neg, alt;         /* alt: this atom starts a new alternative */
	uint8_t gazmask;
	uint32_t flags;
	int list;                       /* lex list id (-1: list not loaded) */
	int re;                         /* index into ruleset.re */
	int slot;                       /* result cache slot, or -1 */
	uint32_t lmin, lmax;
	char *s;                        /* literal bytes, or folded literal key */
	size_t n;
	uint64_t hash;                  /* hash_bytes of the folded literal */
};

struct test {
	uint32_t a0, na;                /* atoms [a0, a0+na) */
	uint32_t alt0, nalt;            /* compiled alternatives [alt0, alt0+nalt) */
	uint32_t cid;                   /* the same id for tests with equal atoms
					   (macros expand to many copies): the
					   per-token result cache's column */
};

/* One alternative of a test, compiled for speed: token flags and word-list
 * bits are checked with a few AND operations (lm: 0 whole key, 1 first part,
 * 2 last part, 3 all parts, 4 tail, as in struct tinfo); the other atoms
 * (literals, patterns, gaz:, len:, ...) are listed in rest. */
struct calt {
	uint32_t need, forbid;          /* flags all set / none set */
	uint64_t lpos[5], lneg[5];
	uint64_t lpall, lnall;          /* lpos[0..3], lneg[0..3] together: the
					   test for a token without a hyphen,
					   whose four masks are the same */
	uint8_t lused;                  /* bit k: lpos[k] or lneg[k] non-zero */
	uint8_t dead;                   /* needs a list that was not loaded */
	uint32_t cneed;                 /* need, and ALT_DEAD when dead or when
					   it needs a flag it forbids */
	uint32_t care;                  /* cneed | forbid: the matchers' one
					   test, (flags & care) == cneed */
	uint64_t hmask;                 /* ~0 when hash is set, else 0: the
					   test (token hash & hmask) == hash */
	uint8_t gposx;                  /* gpos, or GAZ_ANY when 0: a token's
					   gazetteer types | GAZ_ANY meet it */
	uint64_t hash;                  /* non-zero: a literal's folded hash that
					   the token's hash must equal */
	uint8_t gpos, gneg;             /* gazetteer types: one of gpos (when
					   non-zero) and none of gneg */
	uint32_t r0, nr;                /* rest: ruleset.rest[r0, r0+nr) */
};

/* A token flag no token has (struct calt.cneed) and a gazetteer type bit
 * every token has (gposx). */
#define ALT_DEAD (1u << 31)
#define GAZ_ANY 0x80u
_Static_assert(TOK_HEADLINE < ALT_DEAD && ET_N <= 7, "ALT_DEAD, GAZ_ANY are free bits");

enum op { OP_TEST, OP_SPLIT, OP_JMP, OP_SAVE, OP_MATCH, OP_LOOK, OP_BEHIND };

struct inst {
	uint8_t op, neg;
	uint32_t x, y;                  /* SPLIT: preferred x, then y; JMP: x;
					   SAVE: slot x; LOOK: body x, next y */
	uint32_t test;                  /* TEST, BEHIND */
};

/* The program as the cheap matcher (vm_cheap) runs it: what only moves
 * the program counter (saves, jumps, negative look-around) is skipped, a
 * look-ahead of one test is a check of the token, and every target is the
 * next instruction that tests something.  Indexed like prog. */
enum cop { C_TEST, C_SPLIT, C_LOOK, C_CHECK, C_BEHIND, C_MATCH };

struct cinst {
	uint8_t op;
	uint8_t any;                    /* the test's cheap part always passes */
	uint32_t x, y;                  /* TEST, CHECK, BEHIND: next x;
					   SPLIT: x, then y; LOOK: body x, next y */
	uint32_t test;
	uint32_t cid;                   /* the test's (test_cheap's key) */
};

enum { CANON_SPAN, CANON_STRIP_GEN, CANON_BEFORE_HYPHEN };

struct rule {
	char *id;
	char *file;                     /* for messages */
	int line;
	int lang;
	struct inst *prog;
	uint32_t nprog;
	struct cinst *cprog;            /* the cheap matcher's, from cstart */
	uint32_t cstart;
	/* Anchors (nanch 0: none known): tests at offsets from the start
	 * token, one of which passes (cheaply) wherever a match starts --
	 * "a sentence start, or a speech verb one or two tokens on". */
	struct anchor {
		uint32_t test;
		uint8_t off;
	} anch[RULE_MAX_ANCH];
	uint8_t nanch;
	/* The anchors as anchors_pass checks them: per offset, one cid (the
	 * anchors' tests there as one, union_cid). */
	struct achk {
		uint32_t cid;
		uint8_t off;
	} achk[RULE_MAX_ANCH];
	uint8_t nachk;
	int ngroups;                    /* 0: the whole match is the span */
	uint8_t type[RULE_MAX_GROUPS];
	uint8_t form, canon, acronym;  /* acronym: 1 check=acronym, 2 check=initials */
	float score;
	/* The tests that can consume a match's first token (nfirst 0: not
	 * known): a token where none passes starts no match. */
	uint32_t first[8];
	uint8_t nfirst;
	/* Per way through the program, the test its start token must pass
	 * that asks the most (of the look-aheads and tests met before a
	 * token is consumed): one of them passes (cheaply) where a match
	 * starts.  Kept (npre > 0) only when they differ from the first
	 * tests -- "(?= $unk ) [sstart]" gives $unk, where the first test
	 * is only a sentence start.  By cid (test_cheap's key). */
	uint32_t pre[8];
	uint8_t npre;
	/* The same for the token after the start (npre1 0: a match may have
	 * one token). */
	uint32_t pre1[8];
	uint8_t npre1;
	/* Token flags every alternative of every first test needs / forbids:
	 * the cheapest check of all, made before the candidate list is built. */
	uint32_t fneed, fforbid;
	/* Positive look-aheads every match opens with ("(?= [cap] ) ..."): for
	 * each (gate), the tests that can consume its first token; one test of
	 * every gate must pass at the start token too.  Gate g is
	 * gtest[g ? gn[0] : 0, + gn[g]). */
	uint32_t gtest[8];
	uint8_t gn[2], ngate;
	/* From the first tests and gates: the bytes a start token's text can
	 * begin and end with, and the byte classes (TC_*) it must contain --
	 * checked before any test is evaluated. */
	uint8_t fb[32], lb[32];
	uint8_t req;
	/* The same for the token after the start, when every match has one
	 * (second 1): from the tests that can consume it, with their flags. */
	uint8_t second, sreq;
	uint32_t sneed, sforbid;
	uint8_t sfb[32], slb[32];
	/* The tests that can consume a match's last token: a start token
	 * after the sentence's last token passing one starts no match.  When
	 * every alternative of those tests needs a literal, their hashes
	 * (sorted) are enough: lmode 1 with lasth; lmode 0: no such check.
	 * (Evaluating general last tests at every token of the sentence cost
	 * more than the attempts it saved: a third of the rule stage.)  The
	 * hashes go into the langset's lhtab. */
	uint8_t lmode;
	uint64_t *lasth;
	uint32_t nlasth;
};

struct re {
	char *src;
	pcre2_code *code;
	/* From PCRE2_INFO_FIRSTBITMAP / FIRSTCODEUNIT and MINLENGTH: the bytes a
	 * match can start with (all when unknown) and its least length in
	 * characters -- a token failing either is not matched at all. */
	uint8_t first[32];
	uint32_t minlen;
	int need;                       /* a byte every match contains, or -1 */
	uint8_t last[32];               /* the bytes a match can end with */
	/* When the pattern ends in a group of literal alternatives, or in a
	 * run of literal characters: the alternatives (in src), one of
	 * which every match ends with (rx_suffixes). */
	uint32_t nsuf, sufmax;
	uint32_t sufoff[RULE_MAX_SUF];
	uint8_t suflen[RULE_MAX_SUF];
	/* Each alternative's last two bytes (one when it has one), case
	 * folded (suffix_fold), and the mask of those bytes: suffix_may's
	 * first check. */
	uint16_t sufkey[RULE_MAX_SUF], sufkmask[RULE_MAX_SUF];
	/* When the pattern ends in a negative look-behind of literal
	 * alternatives at its top level, "A(?<!ung|heit|...)": A alone
	 * (head) and the alternatives (in src, nlb of them), which the
	 * token must not end with -- a few byte compares instead of the
	 * matcher trying every alternative (rx_lookbehind). */
	pcre2_code *head;
	/* When the pattern is A(?:x|y|...) with rx_suffixes' literals and an
	 * A that cannot look past its end or cut backtracking: A alone, tried
	 * on the token less each alternative it ends with (rx_sufhead). */
	pcre2_code *shead;
	uint32_t nlb;
	uint32_t lboff[RULE_MAX_SUF];
	uint8_t lblen[RULE_MAX_SUF];
	/* The look-behind alternatives are sorted by their last byte: those
	 * ending in byte b are [lbidx[b], lbidx[b + 1]). */
	uint8_t lbidx[257];
};

/* Anchor keys other than literals: list bits (kind * 64 + list), gazetteer
 * types, token flags. */
enum { AK_LIST = 0, AK_GAZ = 4 * 64, AK_FLAG = AK_GAZ + 8, AK_N = AK_FLAG + 32 };

/* Index keys for dispatch: rules whose first test needs a list lookup. */
struct lidx {
	uint8_t kind;                   /* AT_LIST, AT_LAST, AT_FIRST, AT_TAIL */
	int list;
	uint32_t flags;                 /* token flags the rules need as well
					   ("cap"): checked before the lookup */
	uint32_t *rules, n;
	uint64_t *mask;                 /* the rules as a set (ruleset.nw words) */
};

struct hidx {
	uint64_t hash;
	uint32_t rule;
};

struct langset {
	struct hidx *lit;               /* sorted by hash */
	uint32_t nlit;
	struct lidx *lists;
	uint32_t nlists;
	/* lists[0, nslow) need a lookup; the others are bit tests on the
	 * token's list masks (kind AT_LIST, AT_FIRST, AT_LAST, AT_PARTS, AT_TAIL
	 * of a list below LEX_MASK_LISTS), which all fail unless the token's
	 * mask m[k] meets lunion[k].  The tail mask is made (tail_mask) only
	 * for a token with the flags every tail list needs (tailflags; with
	 * ALT_DEAD, which no token has, when lunion[4] is 0). */
	uint32_t nslow;
	uint32_t slowflags;             /* flags every lists[0, nslow) needs */
	uint32_t tailflags;
	uint64_t lunion[5];
	uint64_t lunall;                /* lunion[0..3] together (a token
					   without a hyphen has one mask) */
	/* Rules tried at every token whose flags pass their fneed/fforbid
	 * (copied here: the loop over them runs at every token). */
	struct generic {
		uint32_t rule, need, forbid;
	} *generic;
	uint32_t ngeneric;
	uint32_t nrules;
	/* The words of the rule sets that hold this language's rules: the
	 * loops over a set in rule_run run over [w0, w1) only (one word for
	 * up to 64 rules, whatever the other language has). */
	uint32_t w0, w1;
	/* Word w0 of ruleset.fbm, lbm, reqm and reqany, and of aset and lset:
	 * rule_run's one-word path (word_marks) reads them here. */
	uint64_t fbw[256], lbw[256], reqw[16];
	uint64_t reqanyw, asetw, lsetw;
	/* For the same path: the rules with a second-token check (struct
	 * rule.second), and the second token's fbw, lbw, reqw and reqanyw;
	 * tailw the rules a tail list keys (no tail mask is needed where the
	 * byte tests drop them all).  Per byte k of a token's flags and its
	 * value v there, flw[k][v][0] holds the generic rules and flw[k][v][1]
	 * the rules of secw whose need and forbid v meets in that byte: the
	 * AND over the four bytes is what the flags admit (a flags test
	 * decomposes by bytes); word_marks caches it by flags. */
	uint64_t flw[4][256][2];
	/* For a token without a hyphen (its four masks the same): per list
	 * bit l, the bit-test lists of kinds 0..3 of list l as their flags
	 * and their rules in word w0, lall[lallx[l], lallx[l + 1]). */
	struct lent {
		uint32_t flags;
		uint64_t mask;
	} *lall;
	uint32_t lallx[65];
	/* The anchor index of the one-word path: per key, the rules of word
	 * w0 it marks at each offset -- akoff[AK_*], alitoff[literal key],
	 * and alloff[l] for the four list kinds' keys of list bit l together
	 * (a token without a hyphen). */
	uint64_t (*akoff)[RULE_ANCH_OFF + 1];
	uint64_t (*alitoff)[RULE_ANCH_OFF + 1];
	uint64_t alloff[64][RULE_ANCH_OFF + 1];
	uint64_t secw, sfbw[256], slbw[256], sreqw[16], sreqanyw;
	uint8_t reqcls, sreqcls;        /* the classes reqw and sreqw ask for */
	uint64_t tailw;
	/* The literal index as a hash table: ltab[slot] is an index into
	 * lmask (nw words per distinct hash), UINT32_MAX when empty. */
	uint64_t *lkey;
	uint32_t *ltab, ltcap;
	uint64_t *lmask;
	/* The bit-test lists by (kind, list): lists[fidx[k * 64 + l],
	 * fidx[k * 64 + l + 1]). */
	uint32_t fidx[5 * 64 + 1];
	/* The anchor index.  Rules in aset have anchors that are keyed: each
	 * alternative of each anchor test needs a literal, a word list (bit
	 * test), a gazetteer type or a token flag.  A token with such a key
	 * marks the rule at the token off before it; a rule of aset is a
	 * candidate only where marked.  The (rule, off) pairs of a key are
	 * apair[range]: literal keys through the hash table atab/akey/arange
	 * (as ltab), the others through aidx by key number (AK_*). */
	uint64_t *aset;
	struct apair {
		uint32_t rule;
		uint32_t off;
		uint64_t bit;           /* 1 << (rule & 63), its bit in amark */
		int32_t dw;             /* its word in amark less the token's
					   row: rule / 64 - off * nw */
	} *apair;
	uint64_t *akey;
	uint32_t *atab, atcap;
	uint32_t (*arange)[2];
	uint32_t nalit;                 /* literal keys (arange) */
	uint32_t aidx[AK_N + 1];
	uint64_t aunion[4];             /* list bits that key some anchor */
	uint64_t aunall;                /* aunion[0..3] together */
	uint32_t aflags;                /* flags that key some anchor */
	uint8_t agaz;                   /* gazetteer types that do */
	/* The rules with lmode 1 (lset) and the hashes of their last tests'
	 * literals: a hash table as ltab, lhmask the rules of each hash.  Per
	 * sentence one pass from its end gives, per token, the rules one of
	 * whose last tests passes at or after it; the others of lset are no
	 * candidates there. */
	uint64_t *lset;
	uint64_t *lhkey;
	uint32_t *lhtab, lhcap, nlh;
	uint64_t *lhmask;
	/* The three literal tables (ltab, atab, lhtab) by one probe per token:
	 * ukey[u] is a hash one of them holds, uval[u] its index in lmask,
	 * arange and lhmask (UINT32_MAX: not there); utab as ltab. */
	uint64_t *ukey;
	uint32_t (*uval)[3];
	uint32_t *utab, utcap;
};

struct macro {
	char *name, *body;
	int lang;
};

struct ruleset {
	const struct lex *lex;
	struct rule *rules;
	uint32_t nrules;
	struct atom *atoms;
	uint32_t natoms;
	struct test *tests;
	uint32_t ntests;
	struct calt *alts;
	uint32_t nalts;
	uint32_t *rest;                 /* atom indices */
	uint32_t nrest;
	uint32_t ncid;                  /* distinct tests */
	/* The alternatives of the tests of each cid (all the same), as
	 * test_cheap evaluates them, by cid alone: calts[alt0, alt0 + nalt),
	 * copies of the test's in struct alt, the others first.  When
	 * CID_LITS_MIN or more of them need a literal, those are the last
	 * nalt - nplain, sorted by hash, and lt[bl - 1] finds those with a
	 * token's hash (cheap_lits); else nplain is nalt. */
	struct cidalt {
		uint32_t alt0, nalt, nplain, bl;
	} *cidalt;
	struct calt *calts;
	uint32_t ncalts;
	/* Per cid with literal alternatives: an open-addressing table
	 * ltab[off, off + mask + 1), by (hash >> 40) & mask, of the position
	 * among them of the first with each hash (UINT32_MAX: empty). */
	struct littab {
		uint32_t off, mask;
	} *lt;
	uint32_t nlt;
	uint32_t *ltab;
	uint32_t nltab;
	/* The cids made by union_cid, by their members (sorted). */
	struct cunion {
		uint32_t cids[8], n, cid;
	} *unions;
	uint32_t nunion;
	struct re *re;
	uint32_t nre;
	struct macro *macros;
	uint32_t nmacros;
	pcre2_match_context *mctx;
	struct langset lang[2];
	char **missing;                 /* list names already warned about */
	uint32_t nmissing;
	/* Lookups whose result per token is cached while a sentence is
	 * matched: (kind, list) for list tests, (AT_RE, re) for patterns. */
	struct slotkey {
		uint8_t kind;
		int id;
	} *slots;
	uint32_t nslots;
	/* tail: tests -- the lists they use (bits). */
	uint64_t tail_lists;
	/* The keys of those lists as a trie read from their last byte
	 * backwards: per token one walk from its end, which stops where no
	 * key ends in the bytes read so far.  Node 0 is the root; the child
	 * of node n by byte b is in the hash table tedge (key (n << 8 | b) + 1,
	 * 0: empty; tail_cap slots); tterm[n]: the lists holding the key that
	 * ends at n. */
	struct tedge {
		uint32_t key, child;
	} *tedge;
	size_t tail_cap;
	uint64_t *tterm;
	uint32_t tnodes;
	/* A bit per hash of the last four bytes of those keys of four bytes
	 * or more, and one per hash of the keys of three bytes: a token whose
	 * last four and last three bytes' bits are clear ends with none of
	 * them, and needs no walk (tail_mask). */
	uint64_t *tbloom;               /* 2 x 2^TAIL_BLOOM_LOG bits */
	/* Rule sets (nw 64-bit words, bit = rule index) for dispatch: the
	 * rules a start token's first byte, last byte and byte classes allow
	 * (fb, lb, req of struct rule). */
	uint32_t nw;
	uint64_t *fbm, *lbm, *reqm;     /* 256, 256, 16 sets */
	uint64_t *reqany;               /* the rules with a non-zero req */
};

/* ---- parsing ---------------------------------------------------------- */

enum nkind { N_EMPTY, N_TEST, N_CAT, N_ALT, N_REP, N_GROUP, N_LOOK, N_BEHIND };

struct node {
	uint8_t kind, neg, greedy;
	int min, max;                   /* max -1 = unbounded */
	uint32_t test;
	int cap;
	struct node *l, *r;
};

struct parser {
	struct ruleset *rs;
	const char *file;
	int line;
	int lang;
	const char *p;                  /* cursor */
	char *err;
	size_t errlen;
	int failed;
	int ngroups;
	int depth;                      /* macro expansion depth */
	int inlook;
	struct node **nodes;            /* every node, freed after compiling */
	size_t nnodes;
};

static void perr(struct parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void perr(struct parser *ps, const char *fmt, ...)
{
	if (ps->failed)
		return;
	ps->failed = 1;
	int k = snprintf(ps->err, ps->errlen, "%s:%d: ", ps->file, ps->line);
	if (k < 0 || (size_t)k >= ps->errlen)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ps->err + k, ps->errlen - (size_t)k, fmt, ap);
	va_end(ap);
}

static struct node *node_new(struct parser *ps, int kind)
{
	struct node *n = xcalloc(1, sizeof(*n));
	n->kind = (uint8_t)kind;
	ps->nodes = xrealloc(ps->nodes, sizeof(*ps->nodes) * (ps->nnodes + 1));
	ps->nodes[ps->nnodes++] = n;
	return n;
}

static void skip_ws(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t')
		ps->p++;
}

static struct atom *atom_new(struct ruleset *rs)
{
	rs->atoms = xrealloc(rs->atoms, sizeof(*rs->atoms) * (rs->natoms + 1));
	struct atom *a = &rs->atoms[rs->natoms++];
	memset(a, 0, sizeof(*a));
	a->list = -1;
	a->re = -1;
	a->slot = -1;
	return a;
}

static int list_id(struct parser *ps, const char *name)
{
	int id = lex_list(ps->rs->lex, name);
	if (id >= 0)
		return id;
	struct ruleset *rs = ps->rs;
	for (uint32_t i = 0; i < rs->nmissing; i++)
		if (!strcmp(rs->missing[i], name))
			return -1;
	log_debug("rules: word list %s is not loaded, tests on it never match (%s:%d)", name,
		  ps->file, ps->line);
	rs->missing = xrealloc(rs->missing, sizeof(char *) * (rs->nmissing + 1));
	rs->missing[rs->nmissing++] = xstrdup(name);
	return -1;
}

/* ---- pattern prefilters ------------------------------------------------ */

/* A conservative reading of a pattern's source for two token prefilters
 * PCRE2 does not give: the bytes a match can end with (patterns are
 * anchored at both ends, so a token whose last byte is none of them is not
 * matched) and bytes every match contains.  It knows literals, escapes,
 * classes, groups, alternation, quantifiers, look-arounds and the i option;
 * anything else gives up (every byte may end a match, none is required). */
struct rxv {
	uint8_t last[32];               /* last byte of a non-empty match */
	uint8_t req[32];                /* bytes every match contains */
	int nullable;                   /* can match the empty string */
};

struct rxp {
	const char *p, *e;
	int bad;
};

static void bs_add(uint8_t *s, unsigned b)
{
	s[b >> 3] |= (uint8_t)(1u << (b & 7));
}

static void bs_range(uint8_t *s, unsigned lo, unsigned hi)
{
	for (unsigned b = lo; b <= hi; b++)
		bs_add(s, b);
}

/* An ASCII character (both cases when caseless: then also every UTF-8
 * continuation byte, as K and s fold with the Kelvin sign and long s). */
static void bs_char(uint8_t *s, unsigned c, int ci)
{
	bs_add(s, c);
	if (ci && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
		bs_add(s, c ^ 0x20);
		bs_range(s, 0x80, 0xbf);
	}
}

/* \p{..} and friends: 0 when unknown. */
static int rx_prop(const char *name, size_t n, int ci, uint8_t *s)
{
	if (n == 1 && name[0] == 'L') {
		bs_range(s, 'A', 'Z');
		bs_range(s, 'a', 'z');
	} else if (n == 2 && name[0] == 'L' && (name[1] == 'u' || name[1] == 'l')) {
		if (ci || name[1] == 'u')
			bs_range(s, 'A', 'Z');
		if (ci || name[1] == 'l')
			bs_range(s, 'a', 'z');
	} else if ((n == 1 && name[0] == 'N') || (n == 2 && !memcmp(name, "Nd", 2)))
		bs_range(s, '0', '9');
	else
		return 0;
	bs_range(s, 0x80, 0xbf);
	return 1;
}

static void rx_alt(struct rxp *x, int ci, struct rxv *out);


/* An escape after '\': its bytes into s; returns 0 zero-width, 1 a
 * character, -1 not understood. */
static int rx_escape(struct rxp *x, int ci, uint8_t *s, int *lit)
{
	*lit = -1;
	if (x->p >= x->e)
		return -1;
	unsigned char c = (unsigned char)*x->p++;
	if (c == 'p') {
		if (x->p >= x->e || *x->p != '{')
			return -1;
		const char *q = memchr(x->p, '}', (size_t)(x->e - x->p));
		if (!q || !rx_prop(x->p + 1, (size_t)(q - x->p - 1), ci, s))
			return -1;
		x->p = q + 1;
		return 1;
	}
	if (c == 'd') {
		rx_prop("N", 1, ci, s);
		return 1;
	}
	if (strchr("bBAzZG", c))
		return 0;
	if (c < 0x80 && !(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z') &&
	    !(c >= 'A' && c <= 'Z')) {
		bs_char(s, c, ci);
		*lit = c;
		return 1;
	}
	return -1;
}

/* A class after '['. */
static void rx_class(struct rxp *x, int ci, uint8_t *s)
{
	int neg = x->p < x->e && *x->p == '^';
	if (neg)
		x->p++;
	int first = 1;
	while (x->p < x->e && (*x->p != ']' || first)) {
		first = 0;
		unsigned char c = (unsigned char)*x->p;
		int lit;
		if (c == '[') {
			x->bad = 1;     /* [:alpha:] */
			return;
		}
		if (c == '\\') {
			x->p++;
			if (rx_escape(x, ci, s, &lit) != 1) {
				x->bad = 1;
				return;
			}
		} else if (c >= 0x80) {
			bs_range(s, 0x80, 0xbf);
			x->p++;
			while (x->p < x->e && ((unsigned char)*x->p & 0xc0) == 0x80)
				x->p++;
			lit = -1;
		} else {
			x->p++;
			lit = c;
			bs_char(s, c, ci);
		}
		if (x->p + 1 < x->e && *x->p == '-' && x->p[1] != ']') {
			unsigned char h = (unsigned char)x->p[1];
			if (lit < 0 || h == '\\' || h == '[') {
				x->bad = 1;
				return;
			}
			x->p += 2;
			if (h >= 0x80) {
				bs_range(s, 0x80, 0xbf);
				while (x->p < x->e && ((unsigned char)*x->p & 0xc0) == 0x80)
					x->p++;
				h = 0x7f;
			}
			for (unsigned b = (unsigned)lit; b <= h; b++)
				bs_char(s, b, ci);
		}
	}
	if (x->p >= x->e) {
		x->bad = 1;
		return;
	}
	x->p++;
	if (neg)
		memset(s, 0xff, 32);
}

/* One item and its quantifier; *ci may be changed by an option setting. */
static void rx_item(struct rxp *x, int *ci, struct rxv *v)
{
	memset(v, 0, sizeof(*v));
	unsigned char c = (unsigned char)*x->p++;
	int lit = -1;
	if (c == '(') {
		int gci = *ci, look = 0;
		if (x->p < x->e && *x->p == '?') {
			x->p++;
			if (x->p < x->e && (*x->p == ':' || *x->p == '>'))
				x->p++;
			else if (x->p < x->e && (*x->p == '=' || *x->p == '!'))
				x->p++, look = 1;
			else if (x->p + 1 < x->e && *x->p == '<' && (x->p[1] == '=' || x->p[1] == '!'))
				x->p += 2, look = 1;
			else {
				/* (?i) (?-i) (?i: ...) */
				int on = 1, set = gci;
				while (x->p < x->e && strchr("imsnU-", *x->p)) {
					if (*x->p == '-')
						on = 0;
					else if (*x->p == 'i')
						set = on;
					x->p++;
				}
				if (x->p < x->e && *x->p == ')') {
					x->p++;
					*ci = set;
					v->nullable = 1;
					return;
				}
				if (x->p >= x->e || *x->p != ':') {
					x->bad = 1;
					return;
				}
				x->p++;
				gci = set;
			}
		}
		rx_alt(x, gci, v);
		if (x->bad || x->p >= x->e || *x->p != ')') {
			x->bad = 1;
			return;
		}
		x->p++;
		if (look) {
			memset(v, 0, sizeof(*v));
			v->nullable = 1;
			return;         /* no quantifier on a look-around here */
		}
	} else if (c == '[') {
		rx_class(x, *ci, v->last);
	} else if (c == '\\') {
		int k = rx_escape(x, *ci, v->last, &lit);
		if (k < 0)
			x->bad = 1;
		else if (k == 0) {
			v->nullable = 1;
			return;
		}
	} else if (c == '.') {
		memset(v->last, 0xff, 32);
	} else if (c == '^' || c == '$') {
		v->nullable = 1;
		return;
	} else if (c == '*' || c == '+' || c == '?' || c == '{' || c == ')' || c == '|') {
		x->bad = 1;
	} else if (c >= 0x80) {
		const char *s0 = x->p - 1;
		while (x->p < x->e && ((unsigned char)*x->p & 0xc0) == 0x80)
			x->p++;
		if (*ci)
			memset(v->last, 0xff, 32);
		else {
			bs_add(v->last, (unsigned char)x->p[-1]);
			for (const char *q = s0; q < x->p; q++)
				bs_add(v->req, (unsigned char)*q);
		}
	} else {
		bs_char(v->last, c, *ci);
		lit = c;
	}
	if (x->bad)
		return;
	if (lit >= 0 && !(*ci && ((lit | 0x20) >= 'a' && (lit | 0x20) <= 'z')))
		bs_add(v->req, (unsigned)lit);
	/* The quantifier. */
	if (x->p < x->e && (*x->p == '*' || *x->p == '?' || *x->p == '+' || *x->p == '{')) {
		long min = 1;
		if (*x->p == '*' || *x->p == '?')
			min = 0;
		if (*x->p == '{') {
			char *end;
			min = strtol(x->p + 1, &end, 10);
			if (end == x->p + 1) {
				x->bad = 1;
				return;
			}
			while (end < x->e && (*end == ',' || (*end >= '0' && *end <= '9')))
				end++;
			if (end >= x->e || *end != '}') {
				x->bad = 1;
				return;
			}
			x->p = end;
		}
		x->p++;
		if (x->p < x->e && (*x->p == '+' || *x->p == '?'))
			x->p++;
		if (min == 0) {
			v->nullable = 1;
			memset(v->req, 0, sizeof(v->req));
		}
	}
}

static void rx_seq(struct rxp *x, int *ci, struct rxv *out)
{
	memset(out, 0, sizeof(*out));
	out->nullable = 1;
	while (!x->bad && x->p < x->e && *x->p != '|' && *x->p != ')') {
		struct rxv v;
		rx_item(x, ci, &v);
		for (int k = 0; k < 32; k++) {
			out->req[k] |= v.req[k];
			out->last[k] = v.nullable ? out->last[k] | v.last[k] : v.last[k];
		}
		out->nullable &= v.nullable;
	}
}

static void rx_alt(struct rxp *x, int ci, struct rxv *out)
{
	/* An option setting holds to the end of the group, over '|'. */
	rx_seq(x, &ci, out);
	while (!x->bad && x->p < x->e && *x->p == '|') {
		x->p++;
		struct rxv v;
		rx_seq(x, &ci, &v);
		for (int k = 0; k < 32; k++) {
			out->req[k] &= v.req[k];
			out->last[k] |= v.last[k];
		}
		out->nullable |= v.nullable;
	}
}

/* Fills r->last and, when PCRE2 gave none, r->need. */
static void rx_prefilter(struct re *r)
{
	struct rxp x = {r->src, r->src + strlen(r->src), 0};
	struct rxv v;
	rx_alt(&x, 0, &v);
	if (x.bad || x.p != x.e || v.nullable) {
		memset(r->last, 0xff, sizeof(r->last));
		return;
	}
	memcpy(r->last, v.last, sizeof(r->last));
	if (r->need >= 0)
		return;
	/* A required byte, preferring one that is no letter (rarer). */
	for (int b = 1; b < 128; b++)
		if (v.req[b >> 3] >> (b & 7) & 1) {
			int letter = (b | 0x20) >= 'a' && (b | 0x20) <= 'z';
			if (r->need < 0 || (!letter && ((r->need | 0x20) >= 'a' &&
							(r->need | 0x20) <= 'z')))
				r->need = b;
		}
}

/* 1 for a byte a literal alternative of rx_suffixes may hold: ASCII that
 * is no metacharacter, and the bytes of the German letters äöüßÄÖÜ (no
 * other non-ASCII letter: some match ASCII letters caselessly, "ı" an
 * "I", "ſ" an "s"). */
static int suffix_byte(const char *p, size_t *k)
{
	unsigned char b = (unsigned char)p[*k];
	if (b < 0x80) {
		(*k)++;
		return b > ' ' && b != 0x7f && !strchr("\\.[](){}*+?^$|#", b);
	}
	unsigned char b2 = (unsigned char)p[*k + 1];
	if (b != 0xc3 || !strchr("\xa4\xb6\xbc\x9f\x84\x96\x9c", b2) || !b2)
		return 0;
	*k += 2;
	return 1;
}

/* A byte of rx_suffixes' literals or of a token's text with the case bit
 * of ASCII letters and of the second bytes of "ä", "ö", "ü" (after 0xc3)
 * set: bytes that suffix_byte_eq takes for equal fold the same. */
static inline unsigned suffix_fold(unsigned char b)
{
	unsigned l = b | 0x20u;
	return l - 'a' < 26u || l == 0xa4 || l == 0xb6 || l == 0xbc ? l : b;
}

/* Fills r->sufkey and r->sufkmask from the alternatives. */
static void suffix_keys(struct re *r)
{
	for (uint32_t a = 0; a < r->nsuf; a++) {
		const unsigned char *l = (const unsigned char *)r->src + r->sufoff[a];
		size_t m = r->suflen[a];
		r->sufkey[a] = (uint16_t)(suffix_fold(l[m - 1]) |
					  (m >= 2 ? suffix_fold(l[m - 2]) << 8 : 0));
		r->sufkmask[a] = m >= 2 ? 0xffff : 0xff;
	}
}

/* Fills r->nsuf, r->sufoff, r->suflen, r->sufmax when the pattern (at its
 * top level, no '|') ends in a group "(?:a|b|c)" or "(?i:a|b|c)" of
 * literals, or in two or more literal characters no quantifier follows:
 * every match (anchored at the end) then ends with one of them, case aside.
 * Anything the scan does not know leaves nsuf 0 (no prefilter). */
static void rx_suffixes(struct re *r)
{
	const char *p = r->src;
	size_t n = strlen(p);
	long open = -1, close = -1, run = -1;
	int depth = 0, esc = 0;         /* esc: plain characters since an escape
					   may be its argument ("\\x41") */
	r->nsuf = 0;
	if (strstr(p, "\\Q") || strstr(p, "(*"))
		return;
	for (size_t k = 0; k < n;) {
		unsigned char b = (unsigned char)p[k];
		if (b == '\\') {
			run = -1;
			esc = 1;
			k += 2;
			continue;
		}
		size_t k0 = k;
		if (!depth && suffix_byte(p, &k)) {
			if (run < 0 && !esc)
				run = (long)k0;
			continue;
		}
		k = k0;
		esc = 0;
		if (b == '[') {         /* a class, to its closing ']' */
			run = -1;
			k++;
			if (k < n && p[k] == '^')
				k++;
			if (k < n && p[k] == ']')
				k++;
			while (k < n && p[k] != ']') {
				if (p[k] == '\\')
					k++;
				else if (p[k] == '[' && k + 1 < n && p[k + 1] == ':') {
					const char *e = strstr(p + k + 2, ":]");
					if (!e)
						return;
					k = (size_t)(e - p) + 1;
				}
				k++;
			}
			if (k >= n)
				return;
			k++;
			continue;
		}
		if (b == '(') {
			if (k + 2 < n && p[k + 1] == '?' &&
			    (!strchr(":=!<i", p[k + 2]) ||
			     (p[k + 2] == 'i' && (k + 3 >= n || !strchr(":)", p[k + 3])))))
				return;         /* (?x), (?|, (?> ...: not known */
			if (!depth)
				open = (long)k;
			depth++;
			run = -1;
			k++;
			continue;
		}
		if (b == ')') {
			if (--depth < 0)
				return;
			if (!depth)
				close = (long)k;
			run = -1;
			k++;
			continue;
		}
		if (b == '|' && !depth)
			return;
		run = -1;
		k++;
	}
	if (depth)
		return;
	if (run >= 0 && n - (size_t)run >= 2) {
		r->sufoff[0] = (uint32_t)run;
		r->suflen[0] = (uint8_t)MIN(n - (size_t)run, 255u);
		if (r->suflen[0] != n - (size_t)run)
			return;
		r->nsuf = 1;
		r->sufmax = r->suflen[0];
		suffix_keys(r);
		return;
	}
	if (close != (long)n - 1 || open < 0)
		return;
	size_t k = (size_t)open + 1;
	if (!strncmp(p + k, "?:", 2))
		k += 2;
	else if (!strncmp(p + k, "?i:", 3))
		k += 3;
	else
		return;
	uint32_t ns = 0, mx = 0;
	for (;;) {
		size_t a = k;
		while (k < (size_t)close && p[k] != '|')
			if (!suffix_byte(p, &k))
				return;
		if (k == a || k - a > 255 || ns == RULE_MAX_SUF || k > (size_t)close)
			return;
		r->sufoff[ns] = (uint32_t)a;
		r->suflen[ns++] = (uint8_t)(k - a);
		mx = MAX(mx, (uint32_t)(k - a));
		if (k == (size_t)close)
			break;
		k++;
	}
	r->nsuf = ns;
	r->sufmax = mx;
	suffix_keys(r);
}

/* 1 when byte x of a text may match byte y of a literal of rx_suffixes
 * caselessly, the bytes before them being equal: the same byte, an ASCII
 * letter in the other case, or the second byte of "ä", "ö", "ü" (after
 * 0xc3) in the other case. */
static inline int suffix_byte_eq(unsigned char x, unsigned char y)
{
	if (x == y)
		return 1;
	if ((x | 0x20) != (y | 0x20))
		return 0;
	return (unsigned)((x | 0x20) - 'a') < 26u || y == 0x84 || y == 0x96 || y == 0x9c ||
	       y == 0xa4 || y == 0xb6 || y == 0xbc;
}

/* 0 when no match of r can end text[0, n) (rx_suffixes): the text ends
 * with none of the alternatives, case aside.  Compared byte by byte when
 * the text's last sufmax bytes (the longest alternative's) are ASCII or
 * characters of two bytes led by 0xc3 (U+00C0 to U+00FF, "ä" and "ß"
 * among them): none of those matches an ASCII letter caselessly, and the
 * only ones that match a German letter of the alternatives are the same
 * letter in the other case, of the same bytes but the last's 0x20 bit --
 * so the text's match of an alternative has its length in bytes.  Any
 * other character there may be a letter that matches one caselessly ("K"
 * the Kelvin sign, the long s, "ẞ"), so the text passes. */
static int suffix_may(const struct re *r, const char *text, size_t n)
{
	const unsigned char *s = (const unsigned char *)text;
	for (size_t k = n; k > 0 && n - k < r->sufmax;) {
		unsigned char b = s[k - 1];
		if (b < 0x80)
			k--;
		else if (b < 0xc0 && k >= 2 && s[k - 2] == 0xc3)
			k -= 2;
		else
			return 1;
	}
	if (!n)
		return 0;
	unsigned key = suffix_fold(s[n - 1]) | (n >= 2 ? suffix_fold(s[n - 2]) << 8 : 0);
	for (uint32_t a = 0; a < r->nsuf; a++) {
		if ((key & r->sufkmask[a]) != r->sufkey[a])
			continue;
		const unsigned char *l = (const unsigned char *)r->src + r->sufoff[a];
		size_t m = r->suflen[a], k = 0;
		if (m > n)
			continue;
		while (k < m && suffix_byte_eq(s[n - m + k], l[k]))
			k++;
		if (k == m)
			return 1;
	}
	return 0;
}

/* Fills r->head, nlb, lboff and lblen when r->src is A(?<!X|Y|...) with
 * X, Y ... plain literal characters, the look-behind at the top level and
 * A without a top-level '|' or an option setting (which could make the
 * look-behind caseless).  Matching anchored at both ends, the pattern
 * then matches exactly where A matches and the token ends with none of
 * the alternatives (the look-behind is tried at the end only). */
static void rx_lookbehind(struct re *r, uint32_t options)
{
	const char *p = r->src;
	size_t n = strlen(p);
	const char *lb = NULL;
	for (const char *q = p; (q = strstr(q, "(?<!")); q++)
		lb = q;
	if (!lb || lb == p || p[n - 1] != ')' || strstr(p, "\\Q") || strstr(p, "(*"))
		return;
	/* The alternatives: plain characters and '|' up to the final ')'. */
	uint32_t nlb = 0;
	size_t a = (size_t)(lb - p) + 4;
	for (size_t k = a;; k++) {
		if (k == n - 1 || p[k] == '|') {
			if (k == a || k - a > 255 || nlb == RULE_MAX_SUF)
				return;
			r->lboff[nlb] = (uint32_t)a;
			r->lblen[nlb++] = (uint8_t)(k - a);
			a = k + 1;
			if (k == n - 1)
				break;
			continue;
		}
		if (strchr("\\()[]{}.*+?^$#", p[k]) || (unsigned char)p[k] < 0x20)
			return;
	}
	/* A: balanced, no top-level '|', no option setting. */
	int depth = 0;
	for (size_t k = 0; k < (size_t)(lb - p); k++) {
		char b = p[k];
		if (b == '\\') {
			k++;
			continue;
		}
		if (b == '[') {
			k++;
			if (k < n && p[k] == '^')
				k++;
			if (k < n && p[k] == ']')
				k++;
			while (k < (size_t)(lb - p) && p[k] != ']') {
				if (p[k] == '\\')
					k++;
				else if (p[k] == '[' && p[k + 1] == ':') {
					const char *e = strstr(p + k + 2, ":]");
					if (!e || e >= lb)
						return;
					k = (size_t)(e - p) + 1;
				}
				k++;
			}
			if (k >= (size_t)(lb - p))
				return;
			continue;
		}
		if (b == '(') {
			if (p[k + 1] == '?' && !strchr(":=!<", p[k + 2]))
				return;
			depth++;
		} else if (b == ')' && --depth < 0)
			return;
		else if (b == '|' && !depth)
			return;
	}
	if (depth)
		return;
	char emsg[320];
	r->head = pcre_compile_jit(p, (size_t)(lb - p), options, emsg, sizeof(emsg));
	if (!r->head)
		return;
	r->nlb = nlb;
	/* By last byte, in their order otherwise (an insertion sort of at
	 * most RULE_MAX_SUF). */
	for (uint32_t k = 1; k < nlb; k++) {
		uint32_t off = r->lboff[k], q = k;
		uint8_t len = r->lblen[k];
		unsigned char last = (unsigned char)p[off + len - 1];
		for (; q > 0 && (unsigned char)p[r->lboff[q - 1] + r->lblen[q - 1] - 1] > last; q--) {
			r->lboff[q] = r->lboff[q - 1];
			r->lblen[q] = r->lblen[q - 1];
		}
		r->lboff[q] = off;
		r->lblen[q] = len;
	}
	uint32_t k = 0;
	for (unsigned b = 0; b < 256; b++) {
		r->lbidx[b] = (uint8_t)k;
		while (k < nlb && (unsigned char)p[r->lboff[k] + r->lblen[k] - 1] == b)
			k++;
	}
	r->lbidx[256] = (uint8_t)k;
}

/* 1 when text[0, n) ends with one of r's look-behind
 * alternatives: those ending in its last byte, compared from the end. */
static int lookbehind_hit(const struct re *r, const char *text, size_t n)
{
	if (!n)
		return 0;
	unsigned char b = (unsigned char)text[n - 1];
	for (uint32_t k = r->lbidx[b]; k < r->lbidx[b + 1]; k++) {
		size_t l = r->lblen[k];
		const char *s = r->src + r->lboff[k];
		if (l > n)
			continue;
		size_t q = l - 1;
		while (q > 0 && text[n - l + q - 1] == s[q - 1])
			q--;
		if (!q)
			return 1;
	}
	return 0;
}

/* Fills r->shead when r->src is A(?:x|y|...), the group of rx_suffixes'
 * literal alternatives (matched as they are: no "(?i" anywhere), and A has
 * nothing that looks past its own end (look-around, anchors, \b) or cuts
 * backtracking (possessive quantifiers, atomic groups, backtracking verbs,
 * back references).  Matching anchored at both ends, the pattern then
 * matches a token exactly when the token ends with an alternative and A
 * matches the rest: PCRE2 no longer tries every alternative at every place
 * A's greedy loop backs off to.  The alternatives are whole UTF-8
 * characters, so the rest ends on a character boundary. */
static void rx_sufhead(struct re *r, uint32_t options)
{
	const char *p = r->src;
	size_t n = strlen(p);
	if (!r->nsuf || p[n - 1] != ')' || r->sufoff[0] < 3 ||
	    memcmp(p + r->sufoff[0] - 3, "(?:", 3) || strstr(p, "(?i"))
		return;
	size_t hl = r->sufoff[0] - 3;
	for (size_t k = 0; k < hl; k++) {
		char b = p[k];
		if (b == '\\') {
			if (++k >= hl || strchr("bBzZAGKgkQ", p[k]) || (p[k] >= '0' && p[k] <= '9'))
				return;
			if (strchr("pPxo", p[k]) && k + 1 < hl && p[k + 1] == '{') {
				const char *e = memchr(p + k, '}', hl - k);
				if (!e)
					return;
				k = (size_t)(e - p);
			}
			continue;
		}
		if (b == '[') {         /* a class, to its closing ']' */
			k++;
			if (k < hl && p[k] == '^')
				k++;
			if (k < hl && p[k] == ']')
				k++;
			while (k < hl && p[k] != ']') {
				if (p[k] == '\\')
					k++;
				else if (p[k] == '[' && k + 1 < hl && p[k + 1] == ':') {
					const char *e = strstr(p + k + 2, ":]");
					if (!e || e >= p + hl)
						return;
					k = (size_t)(e - p) + 1;
				}
				k++;
			}
			if (k >= hl)
				return;
			continue;
		}
		/* Only "(?:" groups; no verbs, anchors or possessive quantifiers. */
		if ((b == '(' && k + 1 < hl && (p[k + 1] == '*' || (p[k + 1] == '?' && p[k + 2] != ':'))) ||
		    b == '$' || (b == '^' && k) || (strchr("*+?}", b) && p[k + 1] == '+'))
			return;
	}
	char emsg[320];
	r->shead = pcre_compile_jit(p, hl, options, emsg, sizeof(emsg));
}

static int compile_re(struct parser *ps, const char *src, size_t n)
{
	struct ruleset *rs = ps->rs;
	for (uint32_t i = 0; i < rs->nre; i++)
		if (strlen(rs->re[i].src) == n && !memcmp(rs->re[i].src, src, n))
			return (int)i;
	/* Without a JIT compiler (or with nerd_set_jit(0)) the interpreter runs
	 * the same pattern. */
	char emsg[320];
	const uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED | PCRE2_ENDANCHORED |
				 PCRE2_NO_UTF_CHECK;
	pcre2_code *code = pcre_compile_jit(src, n, options, emsg, sizeof(emsg));
	if (!code) {
		perr(ps, "bad regular expression: %s", emsg);
		return -1;
	}
	rs->re = xrealloc(rs->re, sizeof(*rs->re) * (rs->nre + 1));
	struct re *r = &rs->re[rs->nre];
	r->src = xstrndup(src, n);
	r->code = code;
	memset(r->first, 0xff, sizeof(r->first));
	/* (PCRE2_INFO_FIRSTCODEUNIT is not used: it does not say whether an
	 * inline (?i) made that unit caseless.) */
	const uint8_t *bm = NULL;
	if (!pcre2_pattern_info(code, PCRE2_INFO_FIRSTBITMAP, &bm) && bm)
		memcpy(r->first, bm, sizeof(r->first));
	r->minlen = 0;
	(void)pcre2_pattern_info(code, PCRE2_INFO_MINLENGTH, &r->minlen);
	/* PCRE2_INFO_LASTCODEUNIT: a unit every match holds; taken only when
	 * no option group could make it caseless. */
	uint32_t lct = 0, lcu = 0;
	int optgroup = 0;
	for (const char *q = r->src; (q = strstr(q, "(?")); q += 2)
		if (!strchr(":=!<", q[2]))
			optgroup = 1;
	r->need = -1;
	if (!optgroup && !pcre2_pattern_info(code, PCRE2_INFO_LASTCODETYPE, &lct) && lct == 1 &&
	    !pcre2_pattern_info(code, PCRE2_INFO_LASTCODEUNIT, &lcu) && lcu < 256)
		r->need = (int)lcu;
	rx_prefilter(r);
	rx_suffixes(r);
	r->head = NULL;
	r->nlb = 0;
	rx_lookbehind(r, options);
	r->shead = NULL;
	rx_sufhead(r, options);
	return (int)rs->nre++;
}

static const struct {
	const char *name;
	uint32_t flag;
} flag_names[] = {
	{"cap", TOK_CAP}, {"upper", TOK_UPPER}, {"lower", TOK_LOWER}, {"num", TOK_NUM},
	{"hyphen", TOK_HYPHEN}, {"sstart", TOK_SSTART}, {"abbr", TOK_ABBR},
	{"punct", TOK_PUNCT}, {"word", TOK_WORD}, {"alnum", TOK_ALNUM}, {"quote", TOK_QUOTE},
	{"qopen", TOK_QOPEN}, {"qclose", TOK_QCLOSE}, {"ord", TOK_ORD},
	{"headline", TOK_HEADLINE}, {"space", TOK_SPACE}, {"nl", TOK_NL},
};

/* Reads a quoted literal at ps->p (after the opening quote is checked):
 * backslash escapes \" and \\.  Returns a heap string. */
static char *read_quoted(struct parser *ps, size_t *len)
{
	const char *p = ps->p;
	if (*p != '"') {
		perr(ps, "expected '\"'");
		return NULL;
	}
	p++;
	char *out = xmalloc(strlen(p) + 1);
	size_t n = 0;
	while (*p && *p != '"') {
		if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
			p++;
		out[n++] = *p++;
	}
	if (*p != '"') {
		free(out);
		perr(ps, "unterminated literal");
		return NULL;
	}
	out[n] = 0;
	ps->p = p + 1;
	if (!n) {
		free(out);
		perr(ps, "empty literal");
		return NULL;
	}
	*len = n;
	return out;
}

static void set_literal(struct atom *a, char *s, size_t n, int fold)
{
	if (fold) {
		char *k = xmalloc(2 * n + 4);
		size_t kl = utf8_fold(s, n, k);
		free(s);
		s = k;
		n = kl;
		s[n] = 0;
		a->kind = AT_ILIT;
	} else
		a->kind = AT_LIT;
	a->s = s;
	a->n = n;
	char *k = xmalloc(2 * n + 4);
	size_t kl = utf8_fold(s, n, k);
	a->hash = hash_bytes(k, kl);
	free(k);
}

/* One atom inside [ ... ]. */
static int parse_atom(struct parser *ps, int alt)
{
	struct ruleset *rs = ps->rs;
	skip_ws(ps);
	int neg = 0;
	while (*ps->p == '!') {
		neg = !neg;
		ps->p++;
		skip_ws(ps);
	}
	if (*ps->p == '"' || (*ps->p == 'i' && ps->p[1] == '"')) {
		int fold = *ps->p == 'i';
		ps->p += fold;
		size_t n;
		char *s = read_quoted(ps, &n);
		if (!s)
			return -1;
		struct atom *a = atom_new(rs);
		set_literal(a, s, n, fold);
		a->neg = (uint8_t)neg;
		a->alt = (uint8_t)alt;
		return 0;
	}
	const char *w = ps->p;
	while ((*ps->p >= 'a' && *ps->p <= 'z') || *ps->p == '-')
		ps->p++;
	size_t wl = (size_t)(ps->p - w);
	if (!wl) {
		perr(ps, "expected a token test at '%.20s'", w);
		return -1;
	}
	char name[32];
	snprintf(name, sizeof(name), "%.*s", (int)MIN(wl, 31), w);
	struct atom *a = atom_new(rs);
	a->neg = (uint8_t)neg;
	a->alt = (uint8_t)alt;
	if (*ps->p != ':') {
		if (!strcmp(name, "any")) {
			a->kind = AT_ANY;
			return 0;
		}
		if (!strcmp(name, "initial")) {
			a->kind = AT_INITIAL;
			return 0;
		}
		if (!strcmp(name, "gaz")) {
			a->kind = AT_GAZ;
			a->gazmask = 0xf;
			return 0;
		}
		for (size_t i = 0; i < ARRAY_LEN(flag_names); i++)
			if (!strcmp(name, flag_names[i].name)) {
				a->kind = AT_FLAGS;
				a->flags = flag_names[i].flag;
				return 0;
			}
		perr(ps, "unknown token test '%s'", name);
		return -1;
	}
	ps->p++; /* ':' */
	if (!strcmp(name, "re")) {
		/* The pattern runs to the ']' that closes the test, honouring
		 * backslash escapes and PCRE2 character classes. */
		const char *s = ps->p;
		int cls = 0;
		while (*ps->p) {
			if (*ps->p == '\\' && ps->p[1]) {
				ps->p += 2;
				continue;
			}
			if (*ps->p == '[') {
				cls++;
				if (ps->p[1] == ']' || (ps->p[1] == '^' && ps->p[2] == ']'))
					ps->p += ps->p[1] == '^' ? 2 : 1;
			} else if (*ps->p == ']') {
				if (!cls)
					break;
				cls--;
			}
			ps->p++;
		}
		if (*ps->p != ']') {
			perr(ps, "unterminated re: test");
			return -1;
		}
		size_t n = (size_t)(ps->p - s);
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (!n) {
			perr(ps, "empty regular expression");
			return -1;
		}
		int id = compile_re(ps, s, n);
		if (id < 0)
			return -1;
		a = &rs->atoms[rs->natoms - 1];
		a->kind = AT_RE;
		a->re = id;
		return 0;
	}
	const char *v = ps->p;
	if (!strcmp(name, "gaz")) /* gaz:PER,LOC or gaz:PER|LOC */
		while ((*ps->p >= 'A' && *ps->p <= 'Z') || *ps->p == ',' || *ps->p == '|')
			ps->p++;
	else
		while (*ps->p && !strchr(" \t&|]", *ps->p))
			ps->p++;
	size_t vl = (size_t)(ps->p - v);
	if (!vl) {
		perr(ps, "'%s:' needs an argument", name);
		return -1;
	}
	char arg[128];
	if (vl >= sizeof(arg)) {
		perr(ps, "argument of '%s:' too long", name);
		return -1;
	}
	memcpy(arg, v, vl);
	arg[vl] = 0;
	if (!strcmp(name, "list") || !strcmp(name, "last") || !strcmp(name, "first") ||
	    !strcmp(name, "parts") || !strcmp(name, "tail") || !strcmp(name, "compound")) {
		a->kind = !strcmp(name, "list") ? AT_LIST : !strcmp(name, "last") ? AT_LAST :
			  !strcmp(name, "first") ? AT_FIRST : !strcmp(name, "parts") ? AT_PARTS :
			  !strcmp(name, "tail") ? AT_TAIL : AT_COMPOUND;
		a->list = list_id(ps, arg);
		return 0;
	}
	if (!strcmp(name, "gaz")) {
		a->kind = AT_GAZ;
		char *save = NULL;
		for (char *t = strtok_r(arg, ",|", &save); t; t = strtok_r(NULL, ",|", &save)) {
			static const char *const tn[] = {"PER", "LOC", "ORG", "MISC"};
			size_t k;
			for (k = 0; k < 4; k++)
				if (!strcmp(t, tn[k]))
					break;
			if (k == 4) {
				perr(ps, "unknown entity type '%s' in gaz:", t);
				return -1;
			}
			a->gazmask |= (uint8_t)(1u << k);
		}
		return 0;
	}
	if (!strcmp(name, "len")) {
		char *end;
		unsigned long lo = strtoul(arg, &end, 10), hi = lo;
		if (end == arg) {
			perr(ps, "len: needs M or M,N");
			return -1;
		}
		if (*end == ',') {
			char *e2;
			hi = strtoul(end + 1, &e2, 10);
			if (e2 == end + 1)
				hi = 100000;
			end = e2;
		}
		if (*end || hi < lo) {
			perr(ps, "len: needs M or M,N with M <= N");
			return -1;
		}
		a->kind = AT_LEN;
		a->lmin = (uint32_t)lo;
		a->lmax = (uint32_t)hi;
		return 0;
	}
	perr(ps, "unknown token test '%s:'", name);
	return -1;
}

/* [ conj | conj ... ] or a bare literal; returns a test id. */
static int parse_test(struct parser *ps)
{
	struct ruleset *rs = ps->rs;
	uint32_t a0 = rs->natoms;
	if (*ps->p == '"' || (*ps->p == 'i' && ps->p[1] == '"')) {
		if (parse_atom(ps, 1))
			return -1;
	} else if (*ps->p == '.') {
		ps->p++;
		struct atom *a = atom_new(rs);
		a->kind = AT_ANY;
		a->alt = 1;
	} else {
		ps->p++; /* '[' */
		int alt = 1;
		for (;;) {
			if (parse_atom(ps, alt))
				return -1;
			alt = 0;
			skip_ws(ps);
			if (*ps->p == ']') {
				ps->p++;
				break;
			}
			if (*ps->p == '|') {
				ps->p++;
				alt = 1;
			} else if (*ps->p == '&')
				ps->p++;
			else if (!*ps->p) {
				perr(ps, "missing ']'");
				return -1;
			}
		}
	}
	rs->tests = xrealloc(rs->tests, sizeof(*rs->tests) * (rs->ntests + 1));
	rs->tests[rs->ntests].a0 = a0;
	rs->tests[rs->ntests].na = rs->natoms - a0;
	return (int)rs->ntests++;
}

static struct node *parse_alt(struct parser *ps);

static const struct macro *find_macro(const struct ruleset *rs, int lang, const char *name,
				      size_t n)
{
	for (uint32_t i = 0; i < rs->nmacros; i++)
		if (rs->macros[i].lang == lang && strlen(rs->macros[i].name) == n &&
		    !memcmp(rs->macros[i].name, name, n))
			return &rs->macros[i];
	return NULL;
}

static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

static struct node *parse_item(struct parser *ps)
{
	skip_ws(ps);
	struct node *n = NULL;
	char c = *ps->p;
	if (c == '[' || c == '"' || c == '.' || (c == 'i' && ps->p[1] == '"')) {
		int t = parse_test(ps);
		if (t < 0)
			return NULL;
		n = node_new(ps, N_TEST);
		n->test = (uint32_t)t;
	} else if (c == '$') {
		const char *s = ++ps->p;
		while (is_name_char(*ps->p))
			ps->p++;
		const struct macro *m = find_macro(ps->rs, ps->lang, s, (size_t)(ps->p - s));
		if (!m) {
			perr(ps, "undefined macro '$%.*s'", (int)(ps->p - s), s);
			return NULL;
		}
		if (ps->depth >= RULE_MACRO_DEPTH) {
			perr(ps, "macros nested too deeply at '$%s'", m->name);
			return NULL;
		}
		const char *save = ps->p;
		ps->p = m->body;
		ps->depth++;
		n = parse_alt(ps);
		ps->depth--;
		if (n && *ps->p) {
			perr(ps, "unexpected '%.20s' in macro $%s", ps->p, m->name);
			n = NULL;
		}
		ps->p = save;
		if (!n)
			return NULL;
	} else if (c == '(') {
		ps->p++;
		int kind = N_GROUP, neg = 0;
		if (*ps->p == '?') {
			if (ps->p[1] == ':')
				kind = N_CAT, ps->p += 2;
			else if (ps->p[1] == '=' || ps->p[1] == '!')
				kind = N_LOOK, neg = ps->p[1] == '!', ps->p += 2;
			else if (ps->p[1] == '<' && (ps->p[2] == '=' || ps->p[2] == '!'))
				kind = N_BEHIND, neg = ps->p[2] == '!', ps->p += 3;
			else {
				perr(ps, "unknown group '(?%c'", ps->p[1]);
				return NULL;
			}
		}
		if (kind == N_BEHIND) {
			skip_ws(ps);
			int t = parse_test(ps);
			if (t < 0)
				return NULL;
			n = node_new(ps, N_BEHIND);
			n->test = (uint32_t)t;
			n->neg = (uint8_t)neg;
		} else {
			int cap = -1;
			if (kind == N_GROUP) {
				if (ps->inlook) {
					perr(ps, "a span group inside a look-ahead");
					return NULL;
				}
				if (ps->ngroups >= RULE_MAX_GROUPS) {
					perr(ps, "more than %d span groups", RULE_MAX_GROUPS);
					return NULL;
				}
				cap = ps->ngroups++;
			}
			if (kind == N_LOOK)
				ps->inlook++;
			struct node *in = parse_alt(ps);
			if (kind == N_LOOK)
				ps->inlook--;
			if (!in)
				return NULL;
			if (kind == N_CAT)
				n = in;
			else {
				n = node_new(ps, kind);
				n->l = in;
				n->cap = cap;
				n->neg = (uint8_t)neg;
			}
		}
		skip_ws(ps);
		if (*ps->p != ')') {
			perr(ps, "missing ')'");
			return NULL;
		}
		ps->p++;
	} else {
		perr(ps, "unexpected '%.20s'", ps->p);
		return NULL;
	}
	/* Quantifier. */
	int min = -2, max = 0;
	if (*ps->p == '?')
		min = 0, max = 1, ps->p++;
	else if (*ps->p == '*')
		min = 0, max = -1, ps->p++;
	else if (*ps->p == '+')
		min = 1, max = -1, ps->p++;
	else if (*ps->p == '{') {
		char *end;
		long lo = strtol(ps->p + 1, &end, 10), hi = lo;
		if (end == ps->p + 1) {
			perr(ps, "bad quantifier");
			return NULL;
		}
		if (*end == ',') {
			if (end[1] == '}')
				hi = -1, end++;
			else
				hi = strtol(end + 1, &end, 10);
		}
		if (*end != '}' || lo < 0 || lo > RULE_MAX_REPEAT || hi > RULE_MAX_REPEAT ||
		    (hi >= 0 && hi < lo)) {
			perr(ps, "bad quantifier (bounds 0..%d)", RULE_MAX_REPEAT);
			return NULL;
		}
		min = (int)lo, max = (int)hi;
		ps->p = end + 1;
	}
	if (min != -2) {
		if (n->kind == N_LOOK || n->kind == N_BEHIND) {
			perr(ps, "a look-around cannot be repeated");
			return NULL;
		}
		struct node *r = node_new(ps, N_REP);
		r->l = n;
		r->min = min;
		r->max = max;
		r->greedy = 1;
		if (*ps->p == '?')
			r->greedy = 0, ps->p++;
		n = r;
	}
	return n;
}

static int at_seq_end(struct parser *ps)
{
	skip_ws(ps);
	char c = *ps->p;
	if (!c || c == ')' || c == '|')
		return 1;
	/* '#' comments and the options (word=value) end the pattern. */
	if (c == '#')
		return 1;
	const char *q = ps->p;
	while ((*q >= 'a' && *q <= 'z') || *q == '-')
		q++;
	return q > ps->p && *q == '=';
}

static struct node *parse_seq(struct parser *ps)
{
	struct node *seq = NULL;
	while (!at_seq_end(ps)) {
		struct node *it = parse_item(ps);
		if (!it)
			return NULL;
		if (!seq)
			seq = it;
		else {
			struct node *c = node_new(ps, N_CAT);
			c->l = seq;
			c->r = it;
			seq = c;
		}
	}
	return seq ? seq : node_new(ps, N_EMPTY);
}

static struct node *parse_alt(struct parser *ps)
{
	struct node *l = parse_seq(ps);
	if (!l)
		return NULL;
	while (*ps->p == '|') {
		ps->p++;
		struct node *r = parse_seq(ps);
		if (!r)
			return NULL;
		/* Two single tests whose atoms follow each other ("(?: $sur |
		 * $surart )"): one test with the alternatives of both -- the
		 * same matches (each consumes one token and captures nothing),
		 * one matcher step instead of two. */
		if (l->kind == N_TEST && r->kind == N_TEST) {
			struct ruleset *rs = ps->rs;
			uint32_t a0 = rs->tests[l->test].a0, na = rs->tests[l->test].na;
			if (a0 + na == rs->tests[r->test].a0) {
				na += rs->tests[r->test].na;
				rs->tests = xrealloc(rs->tests, sizeof(*rs->tests) * (rs->ntests + 1));
				memset(&rs->tests[rs->ntests], 0, sizeof(*rs->tests));
				rs->tests[rs->ntests].a0 = a0;
				rs->tests[rs->ntests].na = na;
				l->test = rs->ntests++;
				continue;
			}
		}
		struct node *a = node_new(ps, N_ALT);
		a->l = l;
		a->r = r;
		l = a;
	}
	return l;
}

/* 1 when the node can match without consuming a token. */
static int nullable(const struct node *n)
{
	switch (n->kind) {
	case N_EMPTY: case N_LOOK: case N_BEHIND:
		return 1;
	case N_TEST:
		return 0;
	case N_CAT:
		return nullable(n->l) && (!n->r || nullable(n->r));
	case N_ALT:
		return nullable(n->l) || nullable(n->r);
	case N_REP:
		return n->min == 0 || nullable(n->l);
	case N_GROUP:
		return nullable(n->l);
	}
	return 1;
}

/* ---- compiling the tree to instructions ------------------------------ */

struct emitter {
	struct inst *p;
	uint32_t n, cap;
	int overflow;
};

static uint32_t emit(struct emitter *e, int op)
{
	if (e->n >= RULE_MAX_PROG) {
		e->overflow = 1;
		return e->n - 1;
	}
	if (e->n == e->cap) {
		e->cap = e->cap ? 2 * e->cap : 32;
		e->p = xrealloc(e->p, sizeof(*e->p) * e->cap);
	}
	memset(&e->p[e->n], 0, sizeof(*e->p));
	e->p[e->n].op = (uint8_t)op;
	return e->n++;
}

static void gen(struct emitter *e, const struct node *n)
{
	if (e->overflow)
		return;
	uint32_t a, b;
	switch (n->kind) {
	case N_EMPTY:
		break;
	case N_TEST:
		a = emit(e, OP_TEST);
		e->p[a].test = n->test;
		break;
	case N_CAT:
		gen(e, n->l);
		if (n->r)
			gen(e, n->r);
		break;
	case N_ALT:
		a = emit(e, OP_SPLIT);
		e->p[a].x = e->n;
		gen(e, n->l);
		b = emit(e, OP_JMP);
		e->p[a].y = e->n;
		gen(e, n->r);
		e->p[b].x = e->n;
		break;
	case N_GROUP:
		a = emit(e, OP_SAVE);
		e->p[a].x = (uint32_t)(2 * n->cap);
		gen(e, n->l);
		a = emit(e, OP_SAVE);
		e->p[a].x = (uint32_t)(2 * n->cap + 1);
		break;
	case N_LOOK:
		a = emit(e, OP_LOOK);
		e->p[a].neg = n->neg;
		e->p[a].x = e->n;
		gen(e, n->l);
		emit(e, OP_MATCH);
		e->p[a].y = e->n;
		break;
	case N_BEHIND:
		a = emit(e, OP_BEHIND);
		e->p[a].neg = n->neg;
		e->p[a].test = n->test;
		break;
	case N_REP:
		for (int i = 0; i < n->min; i++)
			gen(e, n->l);
		if (n->max < 0) {
			/* L: SPLIT body, out; body; JMP L */
			uint32_t l = emit(e, OP_SPLIT);
			uint32_t body = e->n;
			gen(e, n->l);
			b = emit(e, OP_JMP);
			e->p[b].x = l;
			e->p[l].x = n->greedy ? body : e->n;
			e->p[l].y = n->greedy ? e->n : body;
		} else {
			/* Nested optionals: (x(x(x)?)?)? -- each SPLIT jumps to the end. */
			uint32_t splits[RULE_MAX_REPEAT];
			int k = 0;
			for (int i = n->min; i < n->max; i++) {
				splits[k] = emit(e, OP_SPLIT);
				e->p[splits[k]].x = e->n;
				k++;
				gen(e, n->l);
			}
			for (int i = 0; i < k; i++) {
				uint32_t s = splits[i];
				uint32_t body = e->p[s].x;
				e->p[s].x = n->greedy ? body : e->n;
				e->p[s].y = n->greedy ? e->n : body;
			}
		}
		break;
	}
}

/* ---- rule lines -------------------------------------------------------- */

static int parse_type(const char *s, size_t n)
{
	static const char *const tn[] = {"PER", "LOC", "ORG", "MISC"};
	for (int k = 0; k < 4; k++)
		if (strlen(tn[k]) == n && !memcmp(tn[k], s, n))
			return k;
	return -1;
}

/* Collects into out[] the tests that can consume the first token of a
 * match (following jumps, splits, span marks and look-arounds from pc), or
 * with pcs set the program counters of those tests.  Returns 0 when that
 * set cannot be known (too many, or a loop). */
static int first_walk(const struct rule *r, uint32_t pc, uint8_t *seen, uint32_t *out,
		      uint32_t *n, uint32_t max, int pcs)
{
	while (pc < r->nprog) {
		if (seen[pc])
			return 1;
		seen[pc] = 1;
		const struct inst *in = &r->prog[pc];
		switch (in->op) {
		case OP_TEST:
			if (*n == max)
				return 0;
			out[(*n)++] = pcs ? pc : in->test;
			return 1;
		case OP_SAVE:
		case OP_BEHIND:
			pc++;
			continue;
		case OP_LOOK:
			pc = in->y;
			continue;
		case OP_JMP:
			pc = in->x;
			continue;
		case OP_SPLIT:
			if (!first_walk(r, in->x, seen, out, n, max, pcs))
				return 0;
			pc = in->y;
			continue;
		default:
			return 0; /* OP_MATCH: cannot happen, patterns match a token */
		}
	}
	return 0;
}

static int first_tests(const struct rule *r, uint32_t pc, uint8_t *seen, uint32_t *out,
		       uint32_t *n, uint32_t max)
{
	return first_walk(r, pc, seen, out, n, max, 0);
}

static int first_pcs(const struct rule *r, uint32_t pc, uint8_t *seen, uint32_t *out, uint32_t *n,
		     uint32_t max)
{
	return first_walk(r, pc, seen, out, n, max, 1);
}

/* The tests that can consume the token after a match's first, into out[];
 * 0 when not known or when a match may end after one token. */
static int second_tests(const struct rule *r, uint32_t *out, uint32_t *n, uint32_t max)
{
	uint32_t pcs[8], np = 0;
	uint8_t *seen = xcalloc(r->nprog, 1);
	int ok = first_pcs(r, 0, seen, pcs, &np, ARRAY_LEN(pcs)) && np;
	for (uint32_t k = 0; ok && k < np; k++) {
		memset(seen, 0, r->nprog);
		ok = first_tests(r, pcs[k] + 1, seen, out, n, max);
	}
	free(seen);
	return ok && *n;
}

/* Fills r->gtest, gn and ngate from the positive look-aheads met before
 * the first test or split of the program. */
static void look_gates(struct rule *r)
{
	uint8_t *seen = xcalloc(r->nprog, 1);
	uint32_t used = 0;
	for (uint32_t pc = 0, steps = 0; pc < r->nprog && r->ngate < 2 && steps < r->nprog;
	     steps++) {
		const struct inst *in = &r->prog[pc];
		if (in->op == OP_SAVE || in->op == OP_BEHIND) {
			pc++;
			continue;
		}
		if (in->op == OP_JMP) {
			pc = in->x;
			continue;
		}
		if (in->op != OP_LOOK)
			break;
		if (!in->neg) {
			uint32_t f[8], nf = 0;
			memset(seen, 0, r->nprog);
			if (first_tests(r, in->x, seen, f, &nf, ARRAY_LEN(f) - used) && nf) {
				memcpy(r->gtest + used, f, nf * sizeof(*f));
				used += nf;
				r->gn[r->ngate++] = (uint8_t)nf;
			}
		}
		pc = in->y;
	}
	free(seen);
}

/* The token flags every alternative of the tests first[0, nf) needs and
 * forbids, or-ed into *need and *forbid. */
static void tests_flags(const struct ruleset *rs, const uint32_t *first, uint32_t nf,
			uint32_t *need, uint32_t *forbid)
{
	uint32_t nd = ~0u, fb = ~0u;
	for (uint32_t f = 0; f < nf; f++) {
		const struct test *te = &rs->tests[first[f]];
		for (uint32_t a = 0; a < te->nalt; a++) {
			const struct calt *ca = &rs->alts[te->alt0 + a];
			if (ca->dead)
				continue;
			nd &= ca->need;
			fb &= ca->forbid;
		}
	}
	*need |= nd == ~0u ? 0 : nd;
	*forbid |= fb == ~0u ? 0 : fb;
}

/* Byte classes a token's text contains (struct rule.req): the tokenizer's
 * struct tok.cls, which holds them for every token. */
enum { TC_DOT = TOKC_DOT, TC_HYPHEN = TOKC_HYPHEN, TC_DIGIT = TOKC_DIGIT, TC_APOS = TOKC_APOS };

static const uint8_t byte_classes[256] = {
	['.'] = TC_DOT, ['-'] = TC_HYPHEN, ['\''] = TC_APOS,
	['0'] = TC_DIGIT, ['1'] = TC_DIGIT, ['2'] = TC_DIGIT, ['3'] = TC_DIGIT, ['4'] = TC_DIGIT,
	['5'] = TC_DIGIT, ['6'] = TC_DIGIT, ['7'] = TC_DIGIT, ['8'] = TC_DIGIT, ['9'] = TC_DIGIT,
};

static inline uint8_t byte_class(unsigned char b)
{
	return byte_classes[b];
}

/* What one positive atom says about the token's text: its first and last
 * byte (f, l: intersected) and the classes it contains (or-ed into *req).
 * Conservative: atoms it does not know leave everything open. */
static void atom_bytes(const struct ruleset *rs, const struct atom *a, uint8_t *f, uint8_t *l,
		       uint8_t *req)
{
	uint8_t af[32], al[32];
	if (a->neg)
		return;
	memset(af, 0xff, sizeof(af));
	memset(al, 0xff, sizeof(al));
	switch (a->kind) {
	case AT_LIT:            /* the text itself */
		if (!a->n)
			return;
		memset(af, 0, sizeof(af));
		memset(al, 0, sizeof(al));
		bs_add(af, (unsigned char)a->s[0]);
		bs_add(al, (unsigned char)a->s[a->n - 1]);
		for (size_t k = 0; k < a->n; k++)
			*req |= byte_class((unsigned char)a->s[k]);
		break;
	case AT_ILIT:           /* folded: either case, or any non-ASCII */
		if (!a->n)
			return;
		memset(af, 0, sizeof(af));
		memset(al, 0, sizeof(al));
		bs_char(af, (unsigned char)a->s[0], 0);
		bs_char(al, (unsigned char)a->s[a->n - 1], 0);
		for (unsigned b = 'a'; b <= 'z'; b++) {
			if (af[b >> 3] >> (b & 7) & 1)
				bs_add(af, b ^ 0x20);
			if (al[b >> 3] >> (b & 7) & 1)
				bs_add(al, b ^ 0x20);
		}
		bs_range(af, 0x80, 0xff);
		bs_range(al, 0x80, 0xff);
		break;
	case AT_RE: {
		const struct re *r = &rs->re[a->re];
		memcpy(af, r->first, sizeof(af));
		memcpy(al, r->last, sizeof(al));
		if (r->need >= 0)
			*req |= byte_class((unsigned char)r->need);
		break;
	}
	case AT_INITIAL:        /* "A." "A.B." */
		memset(af, 0, sizeof(af));
		memset(al, 0, sizeof(al));
		bs_range(af, 'A', 'Z');
		bs_range(af, 0x80, 0xff);
		bs_add(al, '.');
		*req |= TC_DOT;
		break;
	default:
		return;
	}
	for (int k = 0; k < 32; k++)
		f[k] &= af[k], l[k] &= al[k];
}

static int list_kind(int kind);

/* The same for tests first[0, nf): one of them must pass. */
static void tests_bytes(const struct ruleset *rs, const uint32_t *first, uint32_t nf,
			uint8_t *f, uint8_t *l, uint8_t *req)
{
	uint8_t tf[32] = {0}, tl[32] = {0}, treq = 0xff;
	for (uint32_t t = 0; t < nf; t++) {
		const struct test *te = &rs->tests[first[t]];
		for (uint32_t k = 0; k < te->na;) {
			uint32_t e = k + 1;
			while (e < te->na && !rs->atoms[te->a0 + e].alt)
				e++;
			uint8_t af[32], al[32], areq = 0;
			int dead = 0;
			memset(af, 0xff, sizeof(af));
			memset(al, 0xff, sizeof(al));
			for (uint32_t q = k; q < e; q++) {
				const struct atom *a = &rs->atoms[te->a0 + q];
				if (list_kind(a->kind) >= 0 && a->list < 0 && !a->neg)
					dead = 1;
				atom_bytes(rs, a, af, al, &areq);
			}
			if (!dead) {
				for (int b = 0; b < 32; b++)
					tf[b] |= af[b], tl[b] |= al[b];
				treq &= areq;
			}
			k = e;
		}
	}
	for (int b = 0; b < 32; b++)
		f[b] &= tf[b], l[b] &= tl[b];
	*req |= treq;
}

static int parse_rule(struct parser *ps, char *line)
{
	struct ruleset *rs = ps->rs;
	/* ID */
	char *p = line;
	char *id = p;
	while (*p && *p != ' ' && *p != '\t')
		p++;
	if (!*p) {
		perr(ps, "expected 'ID TYPE PATTERN'");
		return -1;
	}
	*p++ = 0;
	while (*p == ' ' || *p == '\t')
		p++;
	for (uint32_t i = 0; i < rs->nrules; i++)
		if (!strcmp(rs->rules[i].id, id)) {
			perr(ps, "duplicate rule id '%s' (first in %s:%d)", id, rs->rules[i].file,
			     rs->rules[i].line);
			return -1;
		}
	for (char *q = id; *q; q++)
		if (!is_name_char(*q) && *q != '.') {
			perr(ps, "bad character in rule id '%s'", id);
			return -1;
		}
	/* TYPE[,TYPE...] */
	uint8_t types[RULE_MAX_GROUPS];
	int ntypes = 0;
	for (;;) {
		char *t = p;
		while (*p >= 'A' && *p <= 'Z')
			p++;
		int ty = parse_type(t, (size_t)(p - t));
		if (ty < 0) {
			perr(ps, "unknown entity type '%.*s'", (int)strcspn(t, " \t,"), t);
			return -1;
		}
		if (ntypes == RULE_MAX_GROUPS) {
			perr(ps, "more types than span groups allow");
			return -1;
		}
		types[ntypes++] = (uint8_t)ty;
		if (*p != ',')
			break;
		p++;
	}
	if (*p != ' ' && *p != '\t') {
		perr(ps, "expected a pattern after the type");
		return -1;
	}
	ps->p = p;
	ps->ngroups = 0;
	struct node *root = parse_alt(ps);
	if (!root)
		return -1;
	if (*ps->p == ')') {
		perr(ps, "unbalanced ')'");
		return -1;
	}
	if (root->kind == N_EMPTY) {
		perr(ps, "empty pattern");
		return -1;
	}
	struct rule r;
	memset(&r, 0, sizeof(r));
	r.score = 0.5f;
	/* Options: key=value ... up to a comment. */
	for (;;) {
		skip_ws(ps);
		if (!*ps->p || *ps->p == '#')
			break;
		const char *k = ps->p;
		while (*ps->p && *ps->p != '=' && *ps->p != ' ' && *ps->p != '\t')
			ps->p++;
		if (*ps->p != '=') {
			perr(ps, "expected key=value, got '%.20s'", k);
			return -1;
		}
		size_t kl = (size_t)(ps->p - k);
		const char *v = ++ps->p;
		while (*ps->p && *ps->p != ' ' && *ps->p != '\t')
			ps->p++;
		size_t vl = (size_t)(ps->p - v);
#define OPT(s) (kl == strlen(s) && !memcmp(k, s, kl))
#define VAL(s) (vl == strlen(s) && !memcmp(v, s, vl))
		if (OPT("score")) {
			char buf[32], *end;
			snprintf(buf, sizeof(buf), "%.*s", (int)MIN(vl, 31), v);
			double d = strtod(buf, &end);
			if (end == buf || *end || d < 0 || d > 1) {
				perr(ps, "score must be a number in 0..1");
				return -1;
			}
			r.score = (float)d;
		} else if (OPT("form")) {
			if (VAL("name"))
				r.form = EF_NAME;
			else if (VAL("derived"))
				r.form = EF_DERIVED;
			else if (VAL("part"))
				r.form = EF_PART;
			else {
				perr(ps, "form must be name, derived or part");
				return -1;
			}
		} else if (OPT("canon")) {
			if (VAL("span"))
				r.canon = CANON_SPAN;
			else if (VAL("strip-genitive"))
				r.canon = CANON_STRIP_GEN;
			else if (VAL("before-hyphen"))
				r.canon = CANON_BEFORE_HYPHEN;
			else {
				perr(ps, "canon must be span, strip-genitive or before-hyphen");
				return -1;
			}
		} else if (OPT("check")) {
			if (VAL("acronym"))
				r.acronym = 1;
			else if (VAL("initials"))
				r.acronym = 2;
			else {
				perr(ps, "check must be acronym or initials");
				return -1;
			}
		} else {
			perr(ps, "unknown option '%.*s'", (int)kl, k);
			return -1;
		}
#undef OPT
#undef VAL
	}
	if (ntypes > 1 && ntypes != ps->ngroups) {
		perr(ps, "%d types for %d span groups", ntypes, ps->ngroups);
		return -1;
	}
	if (r.acronym && ps->ngroups != 2) {
		perr(ps, "check=%s needs two span groups (long form, acronym)",
		     r.acronym == 1 ? "acronym" : "initials");
		return -1;
	}
	for (size_t i = 0; i < ps->nnodes; i++)
		if (ps->nodes[i]->kind == N_REP && ps->nodes[i]->max < 0 &&
		    nullable(ps->nodes[i]->l)) {
			perr(ps, "a repeated part of the pattern can match no token");
			return -1;
		}
	if (nullable(root)) {
		perr(ps, "the pattern can match no token");
		return -1;
	}
	struct emitter e = {0};
	gen(&e, root);
	emit(&e, OP_MATCH);
	if (e.overflow) {
		free(e.p);
		perr(ps, "pattern too large (over %d instructions)", RULE_MAX_PROG);
		return -1;
	}
	r.id = xstrdup(id);
	r.file = xstrdup(ps->file);
	r.line = ps->line;
	r.lang = ps->lang;
	r.prog = e.p;
	r.nprog = e.n;
	r.ngroups = ps->ngroups;
	for (int g = 0; g < RULE_MAX_GROUPS; g++)
		r.type[g] = types[ntypes > 1 ? MIN(g, ntypes - 1) : 0];
	rs->rules = xrealloc(rs->rules, sizeof(*rs->rules) * (rs->nrules + 1));
	rs->rules[rs->nrules++] = r;
	return 0;
}

static int parse_define(struct parser *ps, char *line)
{
	struct ruleset *rs = ps->rs;
	char *p = line + strlen("@define");
	if (*p != ' ' && *p != '\t') {
		perr(ps, "expected '@define NAME PATTERN'");
		return -1;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	char *name = p;
	while (is_name_char(*p))
		p++;
	if (p == name || (*p != ' ' && *p != '\t')) {
		perr(ps, "expected '@define NAME PATTERN'");
		return -1;
	}
	*p++ = 0;
	while (*p == ' ' || *p == '\t')
		p++;
	if (find_macro(rs, ps->lang, name, strlen(name))) {
		perr(ps, "macro '$%s' defined twice", name);
		return -1;
	}
	/* Trim a trailing comment and blanks; check that the body parses. */
	size_t bl = strlen(p);
	while (bl && (p[bl - 1] == ' ' || p[bl - 1] == '\t'))
		p[--bl] = 0;
	if (!bl) {
		perr(ps, "empty macro '$%s'", name);
		return -1;
	}
	ps->p = p;
	uint32_t natoms = rs->natoms, ntests = rs->ntests;
	ps->ngroups = 0;
	struct node *n = parse_alt(ps);
	if (!n)
		return -1;
	skip_ws(ps);
	if (*ps->p && *ps->p != '#') {
		perr(ps, "unexpected '%.20s' in macro", ps->p);
		return -1;
	}
	if (ps->ngroups) {
		perr(ps, "a macro cannot hold span groups");
		return -1;
	}
	*(char *)ps->p = 0;
	/* The trial parse's tests are not used by any rule. */
	for (uint32_t i = natoms; i < rs->natoms; i++)
		free(rs->atoms[i].s);
	rs->natoms = natoms;
	rs->ntests = ntests;
	rs->macros = xrealloc(rs->macros, sizeof(*rs->macros) * (rs->nmacros + 1));
	rs->macros[rs->nmacros].name = xstrdup(name);
	rs->macros[rs->nmacros].body = xstrdup(p);
	rs->macros[rs->nmacros].lang = ps->lang;
	rs->nmacros++;
	return 0;
}

static void parser_reset(struct parser *ps)
{
	for (size_t i = 0; i < ps->nnodes; i++)
		free(ps->nodes[i]);
	free(ps->nodes);
	ps->nodes = NULL;
	ps->nnodes = 0;
}

static int load_file(struct ruleset *rs, const char *path, int lang, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	if (read_file(path, &buf, &len)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NERD_EIO;
	}
	size_t bad;
	if (!utf8_valid(buf, len, &bad) || memchr(buf, 0, len)) {
		snprintf(err, errlen, "%s: invalid UTF-8 at byte %zu", path, bad);
		free(buf);
		return NERD_EDATA;
	}
	struct parser ps = {.rs = rs, .file = path, .lang = lang, .err = err, .errlen = errlen};
	char *line = buf;
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		line += 3; /* a byte order mark */
	int lineno = 0, rc = 0;
	char *joined = NULL;
	while (line < buf + len && !rc) {
		char *nl = memchr(line, '\n', (size_t)(buf + len - line));
		char *end = nl ? nl : buf + len;
		lineno++;
		if (end > line && end[-1] == '\r')
			end--;
		*end = 0;
		/* A trailing backslash continues the line. */
		int first = lineno;
		free(joined);
		joined = xstrdup(line);
		line = (nl ? nl + 1 : buf + len);
		while (*joined && joined[strlen(joined) - 1] == '\\' && line < buf + len) {
			joined[strlen(joined) - 1] = ' ';
			nl = memchr(line, '\n', (size_t)(buf + len - line));
			end = nl ? nl : buf + len;
			lineno++;
			if (end > line && end[-1] == '\r')
				end--;
			*end = 0;
			size_t a = strlen(joined), b = strlen(line);
			joined = xrealloc(joined, a + b + 1);
			memcpy(joined + a, line, b + 1);
			line = (nl ? nl + 1 : buf + len);
		}
		char *s = joined;
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '#')
			continue;
		ps.line = first;
		ps.failed = 0;
		if (!strncmp(s, "@define", 7))
			rc = parse_define(&ps, s);
		else if (*s == '@') {
			perr(&ps, "unknown directive '%.20s'", s);
			rc = -1;
		} else
			rc = parse_rule(&ps, s);
		parser_reset(&ps);
	}
	free(joined);
	free(buf);
	return rc ? NERD_EDATA : 0;
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_dir(struct ruleset *rs, const char *dir, const char *lname, int lang, char *err,
		    size_t errlen)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/rules/%s", dir, lname);
	DIR *dp = opendir(path);
	if (!dp) {
		if (errno == ENOENT)
			return 0;       /* no rules for this language */
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NERD_EIO;
	}
	char **names = NULL;
	size_t nn = 0;
	struct dirent *de;
	while ((de = readdir(dp))) {
		size_t l = strlen(de->d_name);
		if (de->d_name[0] == '.' || l < 7 || strcmp(de->d_name + l - 6, ".rules"))
			continue;
		names = xrealloc(names, sizeof(char *) * (nn + 1));
		names[nn++] = xstrdup(de->d_name);
	}
	closedir(dp);
	if (nn)
		qsort(names, nn, sizeof(char *), cmpstr);
	int rc = 0;
	for (size_t i = 0; i < nn; i++) {
		char fp[4352];
		snprintf(fp, sizeof(fp), "%s/%s", path, names[i]);
		if (!rc)
			rc = load_file(rs, fp, lang, err, errlen);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* ---- dispatch index ----------------------------------------------------- */

static int cmp_hidx(const void *a, const void *b)
{
	const struct hidx *x = a, *y = b;
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->rule < y->rule ? -1 : x->rule > y->rule;
}

static void lidx_add(struct langset *ls, int kind, int list, uint32_t flags, uint32_t rule)
{
	for (uint32_t i = 0; i < ls->nlists; i++) {
		struct lidx *li = &ls->lists[i];
		if (li->kind == kind && li->list == list && li->flags == flags) {
			if (!li->n || li->rules[li->n - 1] != rule) {
				li->rules = xrealloc(li->rules, sizeof(uint32_t) * (li->n + 1));
				li->rules[li->n++] = rule;
			}
			return;
		}
	}
	ls->lists = xrealloc(ls->lists, sizeof(*ls->lists) * (ls->nlists + 1));
	struct lidx *li = &ls->lists[ls->nlists++];
	li->kind = (uint8_t)kind;
	li->list = list;
	li->flags = flags;
	li->rules = xmalloc(sizeof(uint32_t));
	li->rules[0] = rule;
	li->n = 1;
}

/* A rule is indexed when each alternative of its first test holds a positive
 * literal or list atom; a token can then only start a match if one of those
 * lookups succeeds. */
static void assign_slots(struct ruleset *rs)
{
	for (uint32_t i = 0; i < rs->natoms; i++) {
		struct atom *a = &rs->atoms[i];
		int id;
		if (a->kind == AT_RE)
			id = a->re;
		else if ((a->kind == AT_LIST || a->kind == AT_LAST || a->kind == AT_FIRST ||
			  a->kind == AT_PARTS || a->kind == AT_TAIL) && a->list >= LEX_MASK_LISTS)
			id = a->list;   /* lower ids are bit tests (struct tinfo) */
		else if (a->kind == AT_COMPOUND && a->list >= 0)
			id = a->list;   /* several probes per token: worth a cache slot */
		else
			continue;
		uint32_t k;
		for (k = 0; k < rs->nslots; k++)
			if (rs->slots[k].kind == a->kind && rs->slots[k].id == id)
				break;
		if (k == rs->nslots) {
			rs->slots = xrealloc(rs->slots, sizeof(*rs->slots) * (rs->nslots + 1));
			rs->slots[k].kind = a->kind;
			rs->slots[k].id = id;
			rs->nslots++;
		}
		a->slot = (int)k;
	}
}

static int list_kind(int kind)
{
	return kind == AT_LIST ? 0 : kind == AT_FIRST ? 1 : kind == AT_LAST ? 2 :
	       kind == AT_PARTS ? 3 : kind == AT_TAIL ? 4 : -1;
}

static int atom_same(const struct atom *a, const struct atom *b)
{
	return a->kind == b->kind && a->neg == b->neg && a->alt == b->alt &&
	       a->gazmask == b->gazmask && a->flags == b->flags && a->list == b->list &&
	       a->re == b->re && a->lmin == b->lmin && a->lmax == b->lmax && a->n == b->n &&
	       (!a->n || !memcmp(a->s, b->s, a->n));
}

/* Gives equal tests one cid. */
static void number_tests(struct ruleset *rs)
{
	for (uint32_t i = 0; i < rs->ntests; i++) {
		struct test *te = &rs->tests[i];
		uint32_t j;
		for (j = 0; j < i; j++) {
			const struct test *o = &rs->tests[j];
			if (o->cid != j || o->na != te->na)
				continue;
			uint32_t k = 0;
			while (k < te->na && atom_same(&rs->atoms[te->a0 + k], &rs->atoms[o->a0 + k]))
				k++;
			if (k == te->na)
				break;
		}
		te->cid = j < i ? j : i;
	}
	/* Dense column numbers. */
	uint32_t *col = xmalloc(sizeof(uint32_t) * (rs->ntests + 1));
	rs->ncid = 0;
	for (uint32_t i = 0; i < rs->ntests; i++)
		col[i] = rs->tests[i].cid == i ? rs->ncid++ : col[rs->tests[i].cid];
	for (uint32_t i = 0; i < rs->ntests; i++)
		rs->tests[i].cid = col[i];
	free(col);
}

/* Makes cd's table of its literal alternatives (struct ruleset.lt), which
 * are in calts sorted by hash, and sets cd->bl. */
static void lits_index(struct ruleset *rs, struct cidalt *cd)
{
	const struct calt *ca = &rs->calts[cd->alt0 + cd->nplain];
	uint32_t n = cd->nalt - cd->nplain, cap = 4;
	while (cap < 2 * n)
		cap *= 2;
	rs->lt = xrealloc(rs->lt, sizeof(*rs->lt) * (rs->nlt + 1));
	rs->lt[rs->nlt] = (struct littab){rs->nltab, cap - 1};
	rs->ltab = xrealloc(rs->ltab, sizeof(*rs->ltab) * (rs->nltab + cap));
	uint32_t *tab = rs->ltab + rs->nltab;
	memset(tab, 0xff, sizeof(*tab) * cap);
	for (uint32_t k = 0; k < n; k++) {
		if (k && ca[k].hash == ca[k - 1].hash)
			continue;
		uint32_t q = (uint32_t)(ca[k].hash >> 40) & (cap - 1);
		while (tab[q] != UINT32_MAX)
			q = (q + 1) & (cap - 1);
		tab[q] = k;
	}
	rs->nltab += cap;
	cd->bl = ++rs->nlt;
}

static int cmp_calt_hash(const void *a, const void *b)
{
	uint64_t x = ((const struct calt *)a)->hash, y = ((const struct calt *)b)->hash;
	return x < y ? -1 : x > y;
}

/* 1 when the cheap part of alternative a (alt_cheap) passes only where b's
 * does: b asks nothing a does not (a dead one passes nowhere). */
static int calt_implies(const struct calt *a, const struct calt *b)
{
	if (a->cneed & ALT_DEAD)
		return 1;
	if ((b->cneed & ALT_DEAD) || (b->need & ~a->need) || (b->forbid & ~a->forbid) ||
	    (b->hash && b->hash != a->hash) || (b->gneg & ~a->gneg) ||
	    (b->gpos && (!a->gpos || (a->gpos & ~b->gpos))))
		return 0;
	for (int k = 0; k < 4; k++)
		if ((b->lpos[k] & ~a->lpos[k]) || (b->lneg[k] & ~a->lneg[k]))
			return 0;
	return 1;
}

/* Drops from cd's alternatives in calts those whose cheap part passes only
 * where another's does (the first of equal ones stays), keeping the order of
 * the others; then indexes the literal ones. */
static void cheap_prune(struct ruleset *rs, struct cidalt *cd)
{
	struct calt *ca = &rs->calts[cd->alt0];
	uint32_t n = 0, np = 0;
	for (uint32_t k = 0; k < cd->nalt; k++) {
		uint32_t q;
		for (q = 0; q < cd->nalt; q++)
			if (q != k && calt_implies(&ca[k], &ca[q]) &&
			    (!calt_implies(&ca[q], &ca[k]) || q < k) && !(ca[q].cneed & ALT_DEAD))
				break;
		if (q < cd->nalt || (ca[k].cneed & ALT_DEAD))
			continue;
		np += k < cd->nplain;
		ca[n++] = ca[k];
	}
	cd->nalt = n;
	cd->nplain = np;
	cd->bl = 0;
	if (np < n)
		lits_index(rs, cd);
}

/* Fills rs->cidalt, calts and lt (see struct ruleset) from the tests'
 * alternatives. */
static void cheap_alts(struct ruleset *rs)
{
	rs->cidalt = xcalloc(rs->ncid + 1, sizeof(*rs->cidalt));
	rs->calts = xmalloc(sizeof(*rs->calts) * (rs->nalts + 1));
	uint32_t na = 0;
	for (uint32_t ti = 0; ti < rs->ntests; ti++) {
		const struct test *te = &rs->tests[ti];
		struct cidalt *cd = &rs->cidalt[te->cid];
		if (cd->nalt)
			continue;       /* done for an equal test */
		const struct calt *ta = &rs->alts[te->alt0];
		uint32_t nh = 0;
		for (uint32_t k = 0; k < te->nalt; k++)
			nh += ta[k].hash != 0;
		if (nh < CID_LITS_MIN)
			nh = 0;
		*cd = (struct cidalt){na, te->nalt, te->nalt - nh, 0};
		for (uint32_t k = 0; k < te->nalt; k++)
			if (!nh || !ta[k].hash)
				rs->calts[na++] = ta[k];
		for (uint32_t k = 0; nh && k < te->nalt; k++)
			if (ta[k].hash)
				rs->calts[na++] = ta[k];
		if (nh)
			qsort(rs->calts + cd->alt0 + cd->nplain, nh, sizeof(*rs->calts), cmp_calt_hash);
		cheap_prune(rs, cd);
	}
	rs->ncalts = na;
}

/* Compiles every test's alternatives into struct calt. */
static void compile_tests(struct ruleset *rs)
{
	number_tests(rs);
	for (uint32_t ti = 0; ti < rs->ntests; ti++) {
		struct test *te = &rs->tests[ti];
		te->alt0 = rs->nalts;
		te->nalt = 0;
		for (uint32_t k = 0; k < te->na;) {
			uint32_t e = k + 1;
			while (e < te->na && !rs->atoms[te->a0 + e].alt)
				e++;
			rs->alts = xrealloc(rs->alts, sizeof(*rs->alts) * (rs->nalts + 1));
			struct calt *ca = &rs->alts[rs->nalts++];
			memset(ca, 0, sizeof(*ca));
			ca->r0 = rs->nrest;
			te->nalt++;
			for (uint32_t q = k; q < e; q++) {
				const struct atom *a = &rs->atoms[te->a0 + q];
				int lk = list_kind(a->kind);
				if (a->kind == AT_ANY && !a->neg)
					continue;
				if (a->kind == AT_FLAGS && !a->neg) {
					ca->need |= a->flags;
					continue;
				}
				if (a->kind == AT_FLAGS && (a->flags & (a->flags - 1)) == 0) {
					ca->forbid |= a->flags;
					continue;
				}
				if ((a->kind == AT_LIT || a->kind == AT_ILIT) && !a->neg &&
				    !ca->hash)
					ca->hash = a->hash;
				if (a->kind == AT_GAZ && a->neg)
					ca->gneg |= a->gazmask;
				else if (a->kind == AT_GAZ && !ca->gpos)
					ca->gpos = a->gazmask;
				if (lk >= 0 && a->list < 0) {
					if (!a->neg)
						ca->dead = 1;
					continue;       /* !list:missing always holds */
				}
				if (lk >= 0 && a->list < LEX_MASK_LISTS) {
					if (a->neg)
						ca->lneg[lk] |= 1ull << a->list;
					else
						ca->lpos[lk] |= 1ull << a->list;
					ca->lused |= (uint8_t)(1u << lk);
					continue;
				}
				rs->rest = xrealloc(rs->rest, sizeof(*rs->rest) * (rs->nrest + 1));
				rs->rest[rs->nrest++] = te->a0 + q;
			}
			ca->nr = rs->nrest - ca->r0;
			for (int q = 0; q < 4; q++)
				ca->lpall |= ca->lpos[q], ca->lnall |= ca->lneg[q];
			ca->cneed = ca->need | (ca->dead || (ca->need & ca->forbid) ? ALT_DEAD : 0);
			ca->care = ca->cneed | ca->forbid;
			ca->hmask = ca->hash ? ~0ull : 0;
			ca->gposx = ca->gpos ? ca->gpos : (uint8_t)GAZ_ANY;
			k = e;
		}
	}
	cheap_alts(rs);
}

/* 1 when the program's final OP_MATCH is reachable from pc without
 * consuming a token (look-ahead bodies are skipped). */
static int reaches_match(const struct rule *r, uint32_t pc, uint8_t *seen)
{
	while (pc < r->nprog) {
		if (seen[pc])
			return 0;
		seen[pc] = 1;
		const struct inst *in = &r->prog[pc];
		switch (in->op) {
		case OP_MATCH:
			return pc == r->nprog - 1;
		case OP_TEST:
			return 0;
		case OP_SAVE:
		case OP_BEHIND:
			pc++;
			continue;
		case OP_LOOK:
			pc = in->y;
			continue;
		case OP_JMP:
			pc = in->x;
			continue;
		case OP_SPLIT:
			if (reaches_match(r, in->x, seen))
				return 1;
			pc = in->y;
			continue;
		}
		return 0;
	}
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* 1 when the match can be reached from pc without consuming a token at
 * one of the tests cut[pc] marks (the other tests let the walk on). */
static int reaches_match_past(const struct rule *r, uint32_t pc, const uint8_t *cut,
			      uint8_t *seen)
{
	while (pc < r->nprog) {
		if (seen[pc])
			return 0;
		seen[pc] = 1;
		const struct inst *in = &r->prog[pc];
		switch (in->op) {
		case OP_MATCH:
			return pc == r->nprog - 1;
		case OP_TEST:
			if (cut[pc])
				return 0;
			pc++;
			continue;
		case OP_SAVE:
		case OP_BEHIND:
			pc++;
			continue;
		case OP_LOOK:
			pc = in->y;
			continue;
		case OP_JMP:
			pc = in->x;
			continue;
		case OP_SPLIT:
			if (reaches_match_past(r, in->x, cut, seen))
				return 1;
			pc = in->y;
			continue;
		}
		return 0;
	}
	return 0;
}

/* 1 when every alternative of test t needs a literal (or is dead). */
static int test_literal(const struct ruleset *rs, uint32_t t)
{
	const struct test *te = &rs->tests[t];
	for (uint32_t a = 0; a < te->nalt; a++)
		if (!rs->alts[te->alt0 + a].hash && !rs->alts[te->alt0 + a].dead)
			return 0;
	return 1;
}

/* When r's last tests are not all literals: tests of literals one of which
 * every match consumes a token at (mandatory, "... i\"und\" $fullname"),
 * few of them, into *tests -- their token, too, is the start or after it,
 * which is all that lset asks (word_marks, last_marks).  Returns their
 * number, 0 when there are none. */
static uint32_t cut_tests(const struct ruleset *rs, const struct rule *r, uint32_t **tests)
{
	uint8_t *cut = xcalloc(r->nprog, 1), *seen = xmalloc(r->nprog);
	for (uint32_t pc = 0; pc < r->nprog; pc++)
		cut[pc] = r->prog[pc].op == OP_TEST && test_literal(rs, r->prog[pc].test);
	memset(seen, 0, r->nprog);
	uint32_t nt = 0;
	if (!reaches_match_past(r, 0, cut, seen)) {
		/* Fewer: drop each test the others still cut without. */
		for (uint32_t pc = 0; pc < r->nprog; pc++) {
			if (!cut[pc])
				continue;
			cut[pc] = 0;
			memset(seen, 0, r->nprog);
			if (reaches_match_past(r, 0, cut, seen))
				cut[pc] = 1;
		}
		for (uint32_t pc = 0; pc < r->nprog; pc++) {
			if (!cut[pc])
				continue;
			uint32_t t = r->prog[pc].test, k;
			for (k = 0; k < nt; k++)
				if (rs->tests[(*tests)[k]].cid == rs->tests[t].cid)
					break;
			if (k == nt) {
				*tests = xrealloc(*tests, sizeof(**tests) * (nt + 1));
				(*tests)[nt++] = t;
			}
		}
	}
	free(cut);
	free(seen);
	return nt;
}

/* Fills r->lmode and what it needs (see struct rule). */
static void last_tests(const struct ruleset *rs, struct rule *r)
{
	uint8_t *seen = xmalloc(r->nprog);
	uint32_t *tests = NULL, nt = 0;
	for (uint32_t pc = 0; pc < r->nprog; pc++) {
		if (r->prog[pc].op != OP_TEST)
			continue;
		memset(seen, 0, r->nprog);
		if (!reaches_match(r, pc + 1, seen))
			continue;
		uint32_t t = r->prog[pc].test, k;
		for (k = 0; k < nt; k++)
			if (rs->tests[tests[k]].cid == rs->tests[t].cid)
				break;
		if (k == nt) {
			tests = xrealloc(tests, sizeof(*tests) * (nt + 1));
			tests[nt++] = t;
		}
	}
	free(seen);
	int lit = nt > 0;
	for (uint32_t k = 0; k < nt && lit; k++)
		lit = test_literal(rs, tests[k]);
	if (!lit) {
		free(tests);
		tests = NULL;
		nt = cut_tests(rs, r, &tests);
		lit = nt > 0;
	}
	uint32_t nh = 0;
	for (uint32_t k = 0; k < nt && lit; k++)
		nh += rs->tests[tests[k]].nalt;
	if (lit) {
		r->lasth = xmalloc(sizeof(uint64_t) * (nh + 1));
		for (uint32_t k = 0; k < nt; k++) {
			const struct test *te = &rs->tests[tests[k]];
			for (uint32_t a = 0; a < te->nalt; a++)
				if (!rs->alts[te->alt0 + a].dead)
					r->lasth[r->nlasth++] = rs->alts[te->alt0 + a].hash;
		}
		qsort(r->lasth, r->nlasth, sizeof(uint64_t), cmp_u64);
		r->lmode = 1;
	}
	free(tests);
}

static inline size_t tail_slot(uint32_t key, size_t cap)
{
	return (size_t)((key * 0x9e3779b1u) >> 8) & (cap - 1);
}

/* The bit of tbloom for the three bytes at p (l 3), or the four (l 4). */
static inline uint32_t tail_bloom_bit(const char *p, int l)
{
	uint32_t v = (uint32_t)(unsigned char)p[0] << 16 | (uint32_t)(unsigned char)p[1] << 8 |
		     (unsigned char)p[2];
	if (l == 4)
		return ((v << 8 | (unsigned char)p[3]) * 0x9e3779b1u) >> (32 - TAIL_BLOOM_LOG) |
		       1u << TAIL_BLOOM_LOG;
	return (v * 0x9e3779b1u) >> (32 - TAIL_BLOOM_LOG);
}

/* The child of node by byte b, or 0 (the root is no child). */
static inline uint32_t tail_child(const struct ruleset *rs, uint32_t node, unsigned char b)
{
	uint32_t key = (node << 8 | b) + 1;
	for (size_t j = tail_slot(key, rs->tail_cap);; j = (j + 1) & (rs->tail_cap - 1)) {
		if (rs->tedge[j].key == key)
			return rs->tedge[j].child;
		if (!rs->tedge[j].key)
			return 0;
	}
}

/* The keys of the tail lists, gathered in one pass over the lexicon. */
struct tail_keys {
	struct tail_key {
		const char *key;
		size_t kl;
		int list;
	} *k;
	size_t n, bytes;
	int list;
};

static void tail_gather(const char *key, size_t kl, void *arg)
{
	struct tail_keys *tk = arg;
	tk->k = xrealloc(tk->k, sizeof(*tk->k) * (tk->n + 1));
	tk->k[tk->n++] = (struct tail_key){key, kl, tk->list};
	tk->bytes += kl;
}

static void tail_add(struct ruleset *rs, const char *key, size_t kl, int list)
{
	uint32_t node = 0;
	for (size_t k = kl; k-- > 0;) {
		uint32_t ch = tail_child(rs, node, (unsigned char)key[k]);
		if (!ch) {
			uint32_t ek = (node << 8 | (unsigned char)key[k]) + 1;
			size_t j = tail_slot(ek, rs->tail_cap);
			while (rs->tedge[j].key)
				j = (j + 1) & (rs->tail_cap - 1);
			ch = rs->tnodes++;
			rs->tedge[j] = (struct tedge){ek, ch};
		}
		node = ch;
	}
	if (kl)
		rs->tterm[node] |= 1ull << list;
	if (kl >= 3) {
		uint32_t b = kl == 3 ? tail_bloom_bit(key, 3) : tail_bloom_bit(key + kl - 4, 4);
		rs->tbloom[b >> 6] |= 1ull << (b & 63);
	}
}

/* Fills the trie of rs->tail_lists' keys. */
static void tail_index(struct ruleset *rs)
{
	struct tail_keys tk = {0};
	for (int l = 0; l < LEX_MASK_LISTS; l++)
		if (rs->tail_lists >> l & 1) {
			tk.list = l;
			lex_each(rs->lex, l, tail_gather, &tk);
		}
	if (tk.bytes >= UINT32_MAX >> 9)
		tk.n = tk.bytes = 0, rs->tail_lists = 0; /* cannot happen: lists are small */
	rs->tail_cap = 16;
	while (rs->tail_cap < 2 * tk.bytes)
		rs->tail_cap *= 2;
	rs->tedge = xcalloc(rs->tail_cap, sizeof(*rs->tedge));
	rs->tterm = xcalloc(tk.bytes + 1, sizeof(*rs->tterm));
	rs->tnodes = 1;
	rs->tbloom = xcalloc((2u << TAIL_BLOOM_LOG) / 64, sizeof(uint64_t));
	for (size_t k = 0; k < tk.n; k++)
		tail_add(rs, tk.k[k].key, tk.k[k].kl, tk.k[k].list);
	free(tk.k);
}

/* The instruction the cheap matcher meets first from pc: saves, jumps and
 * negative look-around are passed over. */
static uint32_t cheap_res(const struct rule *r, uint32_t pc)
{
	for (uint32_t k = 0; k <= r->nprog && pc < r->nprog; k++) {
		const struct inst *in = &r->prog[pc];
		if (in->op == OP_SAVE || (in->op == OP_BEHIND && in->neg))
			pc++;
		else if (in->op == OP_JMP)
			pc = in->x;
		else if (in->op == OP_LOOK && in->neg)
			pc = in->y;
		else
			return pc;
	}
	return r->nprog - 1;    /* cannot happen (no empty loops): the end */
}

/* 1 when some alternative of test has no cheap part: the cheap matcher
 * passes it at every token. */
static int cheap_any(const struct ruleset *rs, uint32_t test)
{
	const struct test *te = &rs->tests[test];
	for (uint32_t k = 0; k < te->nalt; k++) {
		const struct calt *ca = &rs->alts[te->alt0 + k];
		if (!ca->dead && !ca->need && !ca->forbid && !ca->hash && !ca->gpos &&
		    !ca->gneg && !(ca->lused & 15))
			return 1;
	}
	return 0;
}

/* Fills r->cprog and r->cstart from r->prog. */
static void cheap_compile(const struct ruleset *rs, struct rule *r)
{
	r->cprog = xcalloc(r->nprog, sizeof(*r->cprog));
	for (uint32_t pc = 0; pc < r->nprog; pc++) {
		const struct inst *in = &r->prog[pc];
		struct cinst *ci = &r->cprog[pc];
		ci->test = in->test;
		ci->cid = in->op == OP_TEST || in->op == OP_BEHIND ? rs->tests[in->test].cid : 0;
		switch (in->op) {
		case OP_TEST:
			ci->op = C_TEST;
			ci->x = cheap_res(r, pc + 1);
			ci->any = (uint8_t)cheap_any(rs, in->test);
			break;
		case OP_SPLIT:
			ci->op = C_SPLIT;
			ci->x = cheap_res(r, in->x);
			ci->y = cheap_res(r, in->y);
			break;
		case OP_LOOK: { /* a negative one is passed over (cheap_res) */
			ci->op = C_LOOK;
			ci->x = cheap_res(r, in->x);
			ci->y = cheap_res(r, in->y);
			const struct inst *b = &r->prog[ci->x];
			if (!in->neg && b->op == OP_TEST && cheap_res(r, ci->x + 1) == in->y - 1) {
				ci->op = C_CHECK;
				ci->test = b->test;
				ci->cid = rs->tests[b->test].cid;
				ci->any = (uint8_t)cheap_any(rs, b->test);
				ci->x = ci->y;
			}
			break;
		}
		case OP_BEHIND: /* the same */
			ci->op = C_BEHIND;
			ci->x = cheap_res(r, pc + 1);
			break;
		case OP_MATCH:
			ci->op = C_MATCH;
			break;
		default:        /* OP_SAVE, OP_JMP: never reached */
			ci->op = C_MATCH;
			break;
		}
	}
	r->cstart = cheap_res(r, 0);
}

/* How rarely a test's cheap part passes: 0 at many tokens (a capital, a
 * lower-case word, punctuation), 1 a rarer flag, 2 a sentence start or a
 * quotation mark, 3 a literal, a word list or a gazetteer type. */
static int test_rarity(const struct ruleset *rs, uint32_t test)
{
	const uint32_t rare2 = TOK_SSTART | TOK_QUOTE | TOK_QOPEN | TOK_QCLOSE | TOK_ORD |
			       TOK_HEADLINE | TOK_NL | TOK_PARA | TOK_ABBR;
	const uint32_t rare1 = TOK_UPPER | TOK_HYPHEN | TOK_NUM | TOK_ALNUM;
	const struct test *te = &rs->tests[test];
	int score = 3;
	for (uint32_t k = 0; k < te->nalt; k++) {
		const struct calt *ca = &rs->alts[te->alt0 + k];
		if (ca->dead)
			continue;
		int a = 0;
		if (ca->hash || ca->lpos[0] || ca->lpos[1] || ca->lpos[2] || ca->lpos[3] ||
		    ca->gpos)
			a = 3;
		else if (ca->need & rare2)
			a = 2;
		else if (ca->need & rare1)
			a = 1;
		score = MIN(score, a);
	}
	return score;
}

/* Finding a rule's anchors: every path of the cheap program from the start
 * to a match gives the rarest of the tests it passes at a fixed offset (or
 * the anchors of a look-ahead it passes); the rule's anchors are those of
 * all paths, when each path has one that is not common. */
struct awalk {
	const struct ruleset *rs;
	const struct rule *r;
	uint32_t steps;
	int fail;
	struct anchor out[RULE_MAX_ANCH];
	uint32_t nout;
	uint32_t depth;                 /* of aw_path's recursion */
};

static void aw_emit(struct awalk *w, const struct anchor *set, uint32_t n, int score)
{
	if (score <= 0 || !n) {
		w->fail = 1;
		return;
	}
	for (uint32_t k = 0; k < n && !w->fail; k++) {
		uint32_t q;
		for (q = 0; q < w->nout; q++)
			if (w->out[q].off == set[k].off &&
			    w->rs->tests[w->out[q].test].cid == w->rs->tests[set[k].test].cid)
				break;
		if (q < w->nout)
			continue;
		if (w->nout == RULE_MAX_ANCH)
			w->fail = 1;
		else
			w->out[w->nout++] = set[k];
	}
}

static void aw_path(struct awalk *w, uint32_t pc, uint32_t off, const struct anchor *best,
		    uint32_t nbest, int bscore)
{
	struct anchor cur[RULE_MAX_ANCH];
	uint32_t ncur = nbest;
	if (w->depth >= RULE_ANCH_DEPTH) {
		w->fail = 1;
		return;
	}
	if (nbest)
		memcpy(cur, best, nbest * sizeof(*best));
	for (;;) {
		if (w->fail)
			return;
		if (++w->steps > RULE_ANCH_WALK) {
			w->fail = 1;
			return;
		}
		const struct cinst *in = &w->r->cprog[pc];
		if (in->op == C_MATCH || off > RULE_ANCH_OFF) {
			aw_emit(w, cur, ncur, bscore);
			return;
		}
		uint32_t next = pc;
		switch (in->op) {
		case C_TEST:
		case C_CHECK: {
			int sc = in->any ? 0 : test_rarity(w->rs, in->test);
			if (sc > bscore || (sc == bscore && ncur > 1)) {
				cur[0] = (struct anchor){in->test, (uint8_t)off};
				ncur = 1;
				bscore = sc;
			}
			next = in->x;
			if (in->op == C_TEST)
				off++;
			break;
		}
		case C_SPLIT:
			w->depth++;
			aw_path(w, in->x, off, cur, ncur, bscore);
			w->depth--;
			if (in->y <= pc) {      /* a loop: offsets vary from here */
				aw_emit(w, cur, ncur, bscore);
				return;
			}
			next = in->y;
			break;
		case C_LOOK: {
			/* The look-ahead's own anchors, when rarer. */
			struct awalk b = {w->rs, w->r, w->steps, 0, {{0, 0}}, 0, w->depth + 1};
			aw_path(&b, in->x, off, NULL, 0, 0);
			w->steps = b.steps;
			if (!b.fail && b.nout <= 3) {
				int sc = 3;
				for (uint32_t k = 0; k < b.nout; k++)
					sc = MIN(sc, test_rarity(w->rs, b.out[k].test));
				if (sc > bscore) {
					memcpy(cur, b.out, b.nout * sizeof(*cur));
					ncur = b.nout;
					bscore = sc;
				}
			}
			next = in->y;
			break;
		}
		default:        /* C_BEHIND */
			next = in->x;
			break;
		}
		if (next <= pc) {
			aw_emit(w, cur, ncur, bscore);
			return;
		}
		pc = next;
	}
}

/* How much a test's cheap part asks of a token: the conditions of its
 * least demanding alternative (flags, list bits, a literal, gazetteer
 * types); a test whose every alternative is dead asks the most. */
static int cheap_weight(const struct ruleset *rs, uint32_t test)
{
	const struct test *te = &rs->tests[test];
	int w = 1 << 20;
	for (uint32_t k = 0; k < te->nalt; k++) {
		const struct calt *ca = &rs->alts[te->alt0 + k];
		if (ca->dead)
			continue;
		int a = __builtin_popcount(ca->need) + __builtin_popcount(ca->forbid) +
			(ca->hash ? 16 : 0) + (ca->gpos ? 2 : 0) + __builtin_popcount(ca->gneg);
		for (int q = 0; q < 4; q++)
			a += 2 * __builtin_popcountll(ca->lpos[q]) + __builtin_popcountll(ca->lneg[q]);
		w = MIN(w, a);
	}
	return w;
}

/* Finding r->pre: every path of the cheap program up to its second
 * consumed token, with the heaviest test met on the way at the start token
 * (out[0]) and at the one after it (out[1]; fail[1] when a path matches
 * one token only). */
struct pwalk {
	const struct ruleset *rs;
	const struct rule *r;
	uint32_t steps;
	int fail[2];
	uint32_t out[2][8];
	uint32_t nout[2];
};

static uint32_t pw_better(const struct ruleset *rs, uint32_t best, uint32_t test)
{
	if (best == UINT32_MAX || cheap_weight(rs, test) > cheap_weight(rs, best))
		return test;
	return best;
}

static void pw_emit(struct pwalk *w, int o, uint32_t test)
{
	if (test == UINT32_MAX) {
		w->fail[o] = 1;
		return;
	}
	for (uint32_t k = 0; k < w->nout[o]; k++)
		if (w->rs->tests[w->out[o][k]].cid == w->rs->tests[test].cid)
			return;
	if (w->nout[o] == ARRAY_LEN(w->out[o]))
		w->fail[o] = 1;
	else
		w->out[o][w->nout[o]++] = test;
}

static void pw_path(struct pwalk *w, uint32_t pc, int off, uint32_t b0, uint32_t b1,
		    uint32_t depth)
{
	for (;;) {
		if (w->fail[0] && w->fail[1])
			return;
		if (++w->steps > RULE_ANCH_WALK || depth > RULE_ANCH_DEPTH) {
			w->fail[0] = w->fail[1] = 1;
			return;
		}
		const struct cinst *in = &w->r->cprog[pc];
		switch (in->op) {
		case C_TEST:
		case C_CHECK:
			if (!in->any) {
				if (off == 0)
					b0 = pw_better(w->rs, b0, in->test);
				else
					b1 = pw_better(w->rs, b1, in->test);
			}
			pc = in->x;
			if (in->op == C_CHECK)
				break;
			if (off == 1) {
				pw_emit(w, 0, b0);
				pw_emit(w, 1, b1);
				return;
			}
			off = 1;
			break;
		case C_SPLIT:
			pw_path(w, in->x, off, b0, b1, depth + 1);
			pc = in->y;
			break;
		case C_LOOK: {
			/* A look-ahead whose every way asks the same tests. */
			struct pwalk b = {w->rs, w->r, w->steps, {0, 0}, {{0}}, {0, 0}};
			pw_path(&b, in->x, 0, UINT32_MAX, UINT32_MAX, depth + 1);
			w->steps = b.steps;
			if (!b.fail[0] && b.nout[0] == 1) {
				if (off == 0)
					b0 = pw_better(w->rs, b0, b.out[0][0]);
				else
					b1 = pw_better(w->rs, b1, b.out[0][0]);
			}
			if (off == 0 && !b.fail[1] && b.nout[1] == 1)
				b1 = pw_better(w->rs, b1, b.out[1][0]);
			pc = in->y;
			break;
		}
		case C_BEHIND:
			pc = in->x;
			break;
		default:        /* C_MATCH */
			pw_emit(w, 0, off ? b0 : UINT32_MAX);
			/* A match of one token still asks the next token for
			 * what a look-ahead after it tested. */
			if (off == 1 && b1 != UINT32_MAX)
				pw_emit(w, 1, b1);
			else
				w->fail[1] = 1;
			return;
		}
	}
}

/* 1 when tests a[0, na) and b[0, nb) are the same (by cid). */
static int same_tests(const struct ruleset *rs, const uint32_t *a, uint32_t na, const uint32_t *b,
		      uint32_t nb)
{
	if (na != nb)
		return 0;
	for (uint32_t k = 0; k < na; k++) {
		uint32_t q = 0;
		while (q < nb && rs->tests[b[q]].cid != rs->tests[a[k]].cid)
			q++;
		if (q == nb)
			return 0;
	}
	return 1;
}

/* Fills r->pre, npre and npre1 (after r->first). */
/* A cid whose cheap part passes where one of cids[0, n)'s passes: their
 * alternatives together (struct ruleset.cidalt), made once per set of
 * cids; test_cheap then makes one cache probe where it made n. */
static uint32_t union_cid(struct ruleset *rs, const uint32_t *cids, uint32_t n)
{
	uint32_t key[8];
	memcpy(key, cids, n * sizeof(*key));
	for (uint32_t k = 1; k < n; k++)        /* sorted, for the lookup */
		for (uint32_t q = k; q > 0 && key[q - 1] > key[q]; q--) {
			uint32_t t = key[q];
			key[q] = key[q - 1];
			key[q - 1] = t;
		}
	for (uint32_t u = 0; u < rs->nunion; u++)
		if (rs->unions[u].n == n && !memcmp(rs->unions[u].cids, key, n * sizeof(*key)))
			return rs->unions[u].cid;
	uint32_t na = 0, nlit = 0;
	for (uint32_t k = 0; k < n; k++) {
		na += rs->cidalt[key[k]].nalt;
		nlit += rs->cidalt[key[k]].nalt - rs->cidalt[key[k]].nplain;
	}
	uint32_t cid = rs->ncid++;
	rs->cidalt = xrealloc(rs->cidalt, sizeof(*rs->cidalt) * (rs->ncid + 1));
	rs->calts = xrealloc(rs->calts, sizeof(*rs->calts) * (rs->ncalts + na + 1));
	struct cidalt *cd = &rs->cidalt[cid];
	*cd = (struct cidalt){rs->ncalts, na, na - nlit, 0};
	/* The members' plain alternatives, then their literal ones. */
	for (int lit = 0; lit < 2; lit++)
		for (uint32_t k = 0; k < n; k++) {
			const struct cidalt *m = &rs->cidalt[key[k]];
			uint32_t a0 = lit ? m->nplain : 0, a1 = lit ? m->nalt : m->nplain;
			memcpy(rs->calts + rs->ncalts, rs->calts + m->alt0 + a0,
			       (a1 - a0) * sizeof(*rs->calts));
			rs->ncalts += a1 - a0;
		}
	if (nlit)
		qsort(rs->calts + cd->alt0 + cd->nplain, nlit, sizeof(*rs->calts), cmp_calt_hash);
	cheap_prune(rs, cd);
	rs->unions = xrealloc(rs->unions, sizeof(*rs->unions) * (rs->nunion + 1));
	rs->unions[rs->nunion].n = n;
	memcpy(rs->unions[rs->nunion].cids, key, n * sizeof(*key));
	rs->unions[rs->nunion++].cid = cid;
	return cid;
}

static void find_pre(struct ruleset *rs, struct rule *r)
{
	struct pwalk w = {rs, r, 0, {0, 0}, {{0}}, {0, 0}};
	pw_path(&w, r->cstart, 0, UINT32_MAX, UINT32_MAX, 0);
	/* The same tests as the first ones: the cheap run's first steps. */
	if (!w.fail[0] && w.nout[0] && !same_tests(rs, w.out[0], w.nout[0], r->first, r->nfirst)) {
		memcpy(r->pre, w.out[0], w.nout[0] * sizeof(uint32_t));
		r->npre = (uint8_t)w.nout[0];
	}
	if (!w.fail[1] && w.nout[1]) {
		memcpy(r->pre1, w.out[1], w.nout[1] * sizeof(uint32_t));
		r->npre1 = (uint8_t)w.nout[1];
	}
	/* test_cheap takes their cids, several as one. */
	for (uint32_t k = 0; k < r->npre; k++)
		r->pre[k] = rs->tests[r->pre[k]].cid;
	for (uint32_t k = 0; k < r->npre1; k++)
		r->pre1[k] = rs->tests[r->pre1[k]].cid;
	if (r->npre > 1) {
		r->pre[0] = union_cid(rs, r->pre, r->npre);
		r->npre = 1;
	}
	if (r->npre1 > 1) {
		r->pre1[0] = union_cid(rs, r->pre1, r->npre1);
		r->npre1 = 1;
	}
}

/* Fills r->anch and r->nanch. */
static void find_anchors(struct ruleset *rs, struct rule *r)
{
	struct awalk w = {rs, r, 0, 0, {{0, 0}}, 0, 0};
	aw_path(&w, r->cstart, 0, NULL, 0, 0);
	if (w.fail || !w.nout)
		return;
	memcpy(r->anch, w.out, w.nout * sizeof(*w.out));
	r->nanch = (uint8_t)w.nout;
	/* Per offset (in their order), the tests' cids as one. */
	uint8_t done[RULE_MAX_ANCH] = {0};
	for (uint32_t k = 0; k < r->nanch; k++) {
		if (done[k])
			continue;
		uint32_t cids[RULE_MAX_ANCH], n = 0;
		for (uint32_t q = k; q < r->nanch; q++) {
			if (r->anch[q].off != r->anch[k].off)
				continue;
			done[q] = 1;
			uint32_t cid = rs->tests[r->anch[q].test].cid, e = 0;
			while (e < n && cids[e] != cid)
				e++;
			if (e == n)
				cids[n++] = cid;
		}
		r->achk[r->nachk++] = (struct achk){n > 1 ? union_cid(rs, cids, n) : cids[0],
						    r->anch[k].off};
	}
}

static int cmp_fast(const void *a, const void *b)
{
	const struct lidx *x = a, *y = b;
	int kx = list_kind(x->kind) * 64 + x->list, ky = list_kind(y->kind) * 64 + y->list;
	return kx < ky ? -1 : kx > ky;
}

static inline void set_add(uint64_t *m, uint32_t ri)
{
	m[ri >> 6] |= 1ull << (ri & 63);
}

struct akent {
	uint64_t key;                   /* a literal's hash, or an AK_* number */
	uint8_t lit;
	struct apair p;
};

static int cmp_akent(const void *a, const void *b)
{
	const struct akent *x = a, *y = b;
	if (x->lit != y->lit)
		return x->lit < y->lit ? -1 : 1;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->p.rule != y->p.rule)
		return x->p.rule < y->p.rule ? -1 : 1;
	return x->p.off < y->p.off ? -1 : x->p.off > y->p.off;
}

/* The keys of test's alternatives into e[*n] (for rule ri at offset off);
 * 0 when an alternative has none. */
static int anchor_keys(const struct ruleset *rs, uint32_t test, uint32_t ri, uint32_t off,
		       struct akent **e, uint32_t *n)
{
	const uint32_t rare = TOK_SSTART | TOK_QUOTE | TOK_QOPEN | TOK_QCLOSE | TOK_ORD |
			      TOK_HEADLINE | TOK_NL | TOK_PARA | TOK_ABBR | TOK_UPPER |
			      TOK_HYPHEN | TOK_NUM | TOK_ALNUM;
	const struct test *te = &rs->tests[test];
	for (uint32_t k = 0; k < te->nalt; k++) {
		const struct calt *ca = &rs->alts[te->alt0 + k];
		if (ca->dead)
			continue;
		struct akent a = {0, 0, {ri, off, 0, 0}};
		int l;
		if (ca->hash) {
			a.key = ca->hash;
			a.lit = 1;
		} else if ((l = ca->lpos[0] ? 0 : ca->lpos[1] ? 1 : ca->lpos[2] ? 2 :
				ca->lpos[3] ? 3 : -1) >= 0)
			a.key = AK_LIST + (uint64_t)l * 64 + (uint64_t)__builtin_ctzll(ca->lpos[l]);
		else if (ca->gpos) {
			/* Any of its types: one key per type. */
			for (int b = 0; b < 8; b++)
				if (ca->gpos >> b & 1) {
					*e = xrealloc(*e, sizeof(**e) * (*n + 1));
					(*e)[(*n)++] = (struct akent){AK_GAZ + (uint64_t)b, 0, {ri, off, 0, 0}};
				}
			continue;
		} else if (ca->need & rare)
			a.key = AK_FLAG + (uint64_t)__builtin_ctz(ca->need & rare);
		else
			return 0;
		*e = xrealloc(*e, sizeof(**e) * (*n + 1));
		(*e)[(*n)++] = a;
	}
	return 1;
}

/* Fills the anchor index of language l (struct langset). */
static void anchor_index(struct ruleset *rs, struct langset *ls, int l)
{
	uint32_t nw = rs->nw;
	ls->aset = xcalloc(nw, sizeof(uint64_t));
	struct akent *e = NULL;
	uint32_t n = 0;
	for (uint32_t ri = 0; ri < rs->nrules; ri++) {
		const struct rule *r = &rs->rules[ri];
		if (r->lang != l || !r->nanch)
			continue;
		/* Anchors that are first tests at the start only, of a rule
		 * the dispatch index finds by those tests' keys: the index
		 * has checked what the marks would. */
		int first_only = 1;
		for (uint32_t k = 0; k < r->nanch && first_only; k++) {
			uint32_t f = 0;
			while (f < r->nfirst &&
			       rs->tests[r->first[f]].cid != rs->tests[r->anch[k].test].cid)
				f++;
			first_only = r->anch[k].off == 0 && f < r->nfirst;
		}
		for (uint32_t g = 0; g < ls->ngeneric && first_only; g++)
			first_only = ls->generic[g].rule != ri;
		if (first_only)
			continue;
		uint32_t n0 = n;
		int ok = 1;
		for (uint32_t k = 0; k < r->nanch && ok; k++)
			ok = anchor_keys(rs, r->anch[k].test, ri, r->anch[k].off, &e, &n);
		if (!ok) {
			n = n0;
			continue;
		}
		set_add(ls->aset, ri);
	}
	if (n)
		qsort(e, n, sizeof(*e), cmp_akent);
	/* Unique pairs per key. */
	uint32_t m = 0;
	for (uint32_t k = 0; k < n; k++)
		if (!m || cmp_akent(&e[m - 1], &e[k]))
			e[m++] = e[k];
	n = m;
	ls->apair = xmalloc(sizeof(*ls->apair) * (n + 1));
	for (uint32_t k = 0; k < n; k++) {
		ls->apair[k] = e[k].p;
		ls->apair[k].bit = 1ull << (e[k].p.rule & 63);
		ls->apair[k].dw = (int32_t)(e[k].p.rule >> 6) - (int32_t)(e[k].p.off * rs->nw);
	}
	/* Non-literal keys first (lit 0 sorts first): ranges by key number. */
	uint32_t k = 0;
	for (uint32_t key = 0; key <= AK_N; key++) {
		while (k < n && !e[k].lit && e[k].key < key)
			k++;
		ls->aidx[key] = k;
	}
	for (uint32_t q = 0; q < n && !e[q].lit; q++) {
		uint64_t key = e[q].key;
		if (key < AK_GAZ)
			ls->aunion[key / 64] |= 1ull << (key % 64);
		else if (key < AK_FLAG)
			ls->agaz |= (uint8_t)(1u << (key - AK_GAZ));
		else
			ls->aflags |= 1u << (key - AK_FLAG);
	}
	/* Literal keys: a hash table of distinct hashes and their ranges. */
	uint32_t nlit = n - k;
	ls->atcap = 16;
	while (ls->atcap < 2 * nlit)
		ls->atcap *= 2;
	ls->atab = xmalloc(sizeof(uint32_t) * ls->atcap);
	memset(ls->atab, 0xff, sizeof(uint32_t) * ls->atcap);
	ls->akey = xmalloc(sizeof(uint64_t) * (nlit + 1));
	ls->arange = xmalloc(sizeof(*ls->arange) * (nlit + 1));
	uint32_t nu = 0;
	for (uint32_t q = k; q < n; q++) {
		uint64_t h = e[q].key;
		if (nu && ls->akey[nu - 1] == h) {
			ls->arange[nu - 1][1] = q + 1;
			continue;
		}
		uint32_t j = (uint32_t)(h >> 7) & (ls->atcap - 1);
		while (ls->atab[j] != UINT32_MAX)
			j = (j + 1) & (ls->atcap - 1);
		ls->atab[j] = nu;
		ls->akey[nu] = h;
		ls->arange[nu][0] = q;
		ls->arange[nu][1] = q + 1;
		nu++;
	}
	ls->nalit = nu;
	free(e);
}

/* Fills lset and the hash table of last literals of language l. */
static void last_index(struct ruleset *rs, struct langset *ls, int l)
{
	uint32_t nw = rs->nw, nh = 0;
	ls->lset = xcalloc(nw, sizeof(uint64_t));
	for (uint32_t ri = 0; ri < rs->nrules; ri++)
		if (rs->rules[ri].lang == l && rs->rules[ri].lmode) {
			set_add(ls->lset, ri);
			nh += rs->rules[ri].nlasth;
		}
	ls->lhcap = 16;
	while (ls->lhcap < 2 * nh)
		ls->lhcap *= 2;
	ls->lhtab = xmalloc(sizeof(uint32_t) * ls->lhcap);
	memset(ls->lhtab, 0xff, sizeof(uint32_t) * ls->lhcap);
	ls->lhkey = xmalloc(sizeof(uint64_t) * (nh + 1));
	ls->lhmask = xcalloc((size_t)(nh + 1) * nw, sizeof(uint64_t));
	for (uint32_t ri = 0; ri < rs->nrules; ri++) {
		const struct rule *r = &rs->rules[ri];
		if (r->lang != l || !r->lmode)
			continue;
		for (uint32_t k = 0; k < r->nlasth; k++) {
			uint64_t h = r->lasth[k];
			uint32_t j = (uint32_t)(h >> 7) & (ls->lhcap - 1);
			while (ls->lhtab[j] != UINT32_MAX && ls->lhkey[ls->lhtab[j]] != h)
				j = (j + 1) & (ls->lhcap - 1);
			if (ls->lhtab[j] == UINT32_MAX) {
				ls->lhtab[j] = ls->nlh;
				ls->lhkey[ls->nlh++] = h;
			}
			set_add(ls->lhmask + (size_t)ls->lhtab[j] * nw, ri);
		}
	}
}

/* Fills ukey, uval and utab from the three tables keyed by literals.  At
 * most one slot in eight is used: most tokens are no literal, and their
 * probe then mostly ends at the first slot. */
static void key_index(struct langset *ls)
{
	const uint32_t *tab[3] = {ls->ltab, ls->atab, ls->lhtab};
	const uint64_t *key[3] = {ls->lkey, ls->akey, ls->lhkey};
	const uint32_t cap[3] = {ls->ltcap, ls->atcap, ls->lhcap};
	uint32_t n = 0;
	for (int t = 0; t < 3; t++)
		for (uint32_t q = 0; q < cap[t]; q++)
			n += tab[t][q] != UINT32_MAX;
	ls->utcap = 16;
	while (ls->utcap < 8 * n)
		ls->utcap *= 2;
	ls->utab = xmalloc(sizeof(uint32_t) * ls->utcap);
	memset(ls->utab, 0xff, sizeof(uint32_t) * ls->utcap);
	ls->ukey = xmalloc(sizeof(uint64_t) * (n + 1));
	ls->uval = xmalloc(sizeof(*ls->uval) * (n + 1));
	uint32_t nu = 0;
	for (int t = 0; t < 3; t++)
		for (uint32_t q = 0; q < cap[t]; q++) {
			if (tab[t][q] == UINT32_MAX)
				continue;
			uint64_t h = key[t][tab[t][q]];
			uint32_t j = (uint32_t)(h >> 7) & (ls->utcap - 1);
			while (ls->utab[j] != UINT32_MAX && ls->ukey[ls->utab[j]] != h)
				j = (j + 1) & (ls->utcap - 1);
			if (ls->utab[j] == UINT32_MAX) {
				ls->utab[j] = nu;
				ls->ukey[nu] = h;
				memset(ls->uval[nu], 0xff, sizeof(ls->uval[nu]));
				nu++;
			}
			ls->uval[ls->utab[j]][t] = tab[t][q];
		}
}

/* Adds bit to ls->flw[b][v][k] for every flags byte b and value v there
 * that meets need and forbid in that byte. */
static void flags_table(struct langset *ls, int k, unsigned bit, uint32_t need, uint32_t forbid)
{
	for (int b = 0; b < 4; b++) {
		unsigned nb = need >> (8 * b) & 255, fb = forbid >> (8 * b) & 255;
		for (unsigned v = 0; v < 256; v++)
			if ((v & nb) == nb && !(v & fb))
				ls->flw[b][v][k] |= 1ull << bit;
	}
}

/* The rules of word w that the pairs apair[p0, p1) mark, into m by their
 * offset (aw_path finds no anchor past RULE_ANCH_OFF; a rule with one
 * would be no member of asetw, so never dropped for want of a mark). */
static void offset_add(struct langset *ls, uint32_t p0, uint32_t p1, uint32_t w,
		       uint64_t (*m)[RULE_ANCH_OFF + 1])
{
	for (uint32_t p = p0; p < p1; p++) {
		const struct apair *ap = &ls->apair[p];
		if (ap->rule >> 6 != w)
			continue;
		if (ap->off > RULE_ANCH_OFF)
			ls->asetw &= ~ap->bit;
		else
			(*m)[ap->off] |= ap->bit;
	}
}

/* Fills akoff, alitoff and alloff of ls for word w. */
static void offset_marks(struct langset *ls, uint32_t w)
{
	ls->akoff = xcalloc(AK_N, sizeof(*ls->akoff));
	ls->alitoff = xcalloc(ls->nalit + 1, sizeof(*ls->alitoff));
	for (uint32_t key = 0; key < AK_N; key++)
		offset_add(ls, ls->aidx[key], ls->aidx[key + 1], w, &ls->akoff[key]);
	for (uint32_t k = 0; k < ls->nalit; k++)
		offset_add(ls, ls->arange[k][0], ls->arange[k][1], w, &ls->alitoff[k]);
	for (uint32_t l = 0; l < 64; l++)
		for (uint32_t lk = 0; lk < 4; lk++) {
			uint32_t key = AK_LIST + lk * 64 + l;
			offset_add(ls, ls->aidx[key], ls->aidx[key + 1], w, &ls->alloff[l]);
		}
}

/* The dispatch sets of struct ruleset and struct langset, from the
 * indexes build_index made. */
static void build_sets(struct ruleset *rs)
{
	uint32_t nw = rs->nw = MAX(1u, (rs->nrules + 63) / 64);
	rs->fbm = xcalloc((size_t)256 * nw, sizeof(uint64_t));
	rs->lbm = xcalloc((size_t)256 * nw, sizeof(uint64_t));
	rs->reqm = xcalloc((size_t)16 * nw, sizeof(uint64_t));
	rs->reqany = xcalloc(nw, sizeof(uint64_t));
	for (uint32_t ri = 0; ri < rs->nrules; ri++) {
		const struct rule *r = &rs->rules[ri];
		for (unsigned b = 0; b < 256; b++) {
			if (r->fb[b >> 3] >> (b & 7) & 1)
				set_add(rs->fbm + (size_t)b * nw, ri);
			if (r->lb[b >> 3] >> (b & 7) & 1)
				set_add(rs->lbm + (size_t)b * nw, ri);
		}
		for (unsigned cls = 0; cls < 16; cls++)
			if (!(r->req & ~cls))
				set_add(rs->reqm + (size_t)cls * nw, ri);
		if (r->req)
			set_add(rs->reqany, ri);
	}
	for (int l = 0; l < 2; l++) {
		struct langset *ls = &rs->lang[l];
		ls->w0 = nw;
		ls->w1 = 0;
		for (uint32_t ri = 0; ri < rs->nrules; ri++)
			if (rs->rules[ri].lang == l) {
				ls->w0 = MIN(ls->w0, ri >> 6);
				ls->w1 = MAX(ls->w1, (ri >> 6) + 1);
			}
		if (ls->w0 > ls->w1)
			ls->w0 = ls->w1;
		for (uint32_t k = 0; k < ls->nlists; k++) {
			struct lidx *li = &ls->lists[k];
			li->mask = xcalloc(nw, sizeof(uint64_t));
			for (uint32_t q = 0; q < li->n; q++)
				set_add(li->mask, li->rules[q]);
		}
		if (ls->nlists > ls->nslow)
			qsort(ls->lists + ls->nslow, ls->nlists - ls->nslow, sizeof(*ls->lists),
			      cmp_fast);
		ls->slowflags = ~0u;
		for (uint32_t k = 0; k < ls->nslow; k++)
			ls->slowflags &= ls->lists[k].flags;
		uint32_t k = ls->nslow;
		for (uint32_t key = 0; key <= 5 * 64; key++) {
			while (k < ls->nlists && (uint32_t)(list_kind(ls->lists[k].kind) * 64 +
							    ls->lists[k].list) < key)
				k++;
			ls->fidx[key] = k;
		}
		ls->lunall = ls->lunion[0] | ls->lunion[1] | ls->lunion[2] | ls->lunion[3];
		ls->tailflags = ~0u;
		for (k = ls->nslow; k < ls->nlists; k++)
			if (ls->lists[k].kind == AT_TAIL)
				ls->tailflags &= ls->lists[k].flags;
		if (!ls->lunion[4])
			ls->tailflags |= ALT_DEAD;
		ls->ltcap = 16;
		while (ls->ltcap < 2 * ls->nlit)
			ls->ltcap *= 2;
		ls->ltab = xmalloc(sizeof(uint32_t) * ls->ltcap);
		memset(ls->ltab, 0xff, sizeof(uint32_t) * ls->ltcap);
		ls->lkey = xmalloc(sizeof(uint64_t) * (ls->nlit + 1));
		ls->lmask = xcalloc((size_t)(ls->nlit + 1) * nw, sizeof(uint64_t));
		uint32_t nu = 0;
		for (uint32_t q = 0; q < ls->nlit; q++) {
			uint64_t h = ls->lit[q].hash;
			uint32_t j = (uint32_t)(h >> 7) & (ls->ltcap - 1);
			while (ls->ltab[j] != UINT32_MAX && ls->lkey[ls->ltab[j]] != h)
				j = (j + 1) & (ls->ltcap - 1);
			if (ls->ltab[j] == UINT32_MAX) {
				ls->ltab[j] = nu;
				ls->lkey[nu++] = h;
			}
			set_add(ls->lmask + (size_t)ls->ltab[j] * nw, ls->lit[q].rule);
		}
		anchor_index(rs, ls, l);
		ls->aunall = ls->aunion[0] | ls->aunion[1] | ls->aunion[2] | ls->aunion[3];
		last_index(rs, ls, l);
		key_index(ls);
		uint32_t w = ls->w0 < nw ? ls->w0 : 0;
		for (unsigned b = 0; b < 256; b++) {
			ls->fbw[b] = rs->fbm[(size_t)b * nw + w];
			ls->lbw[b] = rs->lbm[(size_t)b * nw + w];
		}
		for (unsigned cls = 0; cls < 16; cls++)
			ls->reqw[cls] = rs->reqm[(size_t)cls * nw + w];
		ls->reqanyw = rs->reqany[w];
		ls->asetw = ls->aset[w];
		ls->lsetw = ls->lset[w];
		for (uint32_t q = 0; q < ls->ngeneric; q++) {
			const struct generic *g = &ls->generic[q];
			if (g->rule >> 6 == w)
				flags_table(ls, 0, g->rule & 63, g->need, g->forbid);
		}
		for (uint32_t ri = w * 64; ri < rs->nrules && ri < w * 64 + 64; ri++) {
			const struct rule *r = &rs->rules[ri];
			if (r->lang == l)
				ls->reqcls |= r->req;
			if (r->lang != l || !r->second)
				continue;
			uint64_t bit = 1ull << (ri & 63);
			ls->secw |= bit;
			flags_table(ls, 1, ri & 63, r->sneed, r->sforbid);
			for (unsigned b = 0; b < 256; b++) {
				if (r->sfb[b >> 3] >> (b & 7) & 1)
					ls->sfbw[b] |= bit;
				if (r->slb[b >> 3] >> (b & 7) & 1)
					ls->slbw[b] |= bit;
			}
			for (unsigned cls = 0; cls < 16; cls++)
				if (!(r->sreq & ~cls))
					ls->sreqw[cls] |= bit;
			if (r->sreq)
				ls->sreqanyw |= bit;
			ls->sreqcls |= r->sreq;
		}
		for (uint32_t q = ls->nslow; q < ls->nlists; q++)
			if (ls->lists[q].kind == AT_TAIL)
				ls->tailw |= ls->lists[q].mask[w];
		ls->lall = xmalloc(sizeof(*ls->lall) * (ls->nlists + 1));
		uint32_t na = 0;
		for (uint32_t lb = 0; lb < 64; lb++) {
			ls->lallx[lb] = na;
			for (uint32_t lk = 0; lk < 4; lk++)
				for (uint32_t q = ls->fidx[lk * 64 + lb]; q < ls->fidx[lk * 64 + lb + 1]; q++)
					ls->lall[na++] = (struct lent){ls->lists[q].flags, ls->lists[q].mask[w]};
		}
		ls->lallx[64] = na;
		offset_marks(ls, w);
	}
}

static void build_index(struct ruleset *rs)
{
	assign_slots(rs);
	compile_tests(rs);
	for (uint32_t i = 0; i < rs->natoms; i++) {
		const struct atom *a = &rs->atoms[i];
		if (a->kind == AT_TAIL && a->list >= 0 && a->list < LEX_MASK_LISTS) {
			rs->tail_lists |= 1ull << a->list;
		}
	}
	tail_index(rs);
	for (uint32_t ri = 0; ri < rs->nrules; ri++) {
		struct rule *r = &rs->rules[ri];
		struct langset *ls = &rs->lang[r->lang];
		cheap_compile(rs, r);
		find_anchors(rs, r);
		ls->nrules++;
		uint32_t firsts[16], nf = 0;
		uint8_t *seen = xcalloc(r->nprog, 1);
		int indexable = first_tests(r, 0, seen, firsts, &nf, ARRAY_LEN(firsts));
		free(seen);
		last_tests(rs, r);
		if (indexable && nf <= ARRAY_LEN(r->first)) {
			memcpy(r->first, firsts, nf * sizeof(*firsts));
			r->nfirst = (uint8_t)nf;
			tests_flags(rs, firsts, nf, &r->fneed, &r->fforbid);
		}
		look_gates(r);
		find_pre(rs, r);
		memset(r->fb, 0xff, sizeof(r->fb));
		memset(r->lb, 0xff, sizeof(r->lb));
		r->req = 0;
		if (r->nfirst)
			tests_bytes(rs, r->first, r->nfirst, r->fb, r->lb, &r->req);
		for (uint32_t g = 0, o = 0; g < r->ngate; o += r->gn[g++]) {
			tests_flags(rs, r->gtest + o, r->gn[g], &r->fneed, &r->fforbid);
			tests_bytes(rs, r->gtest + o, r->gn[g], r->fb, r->lb, &r->req);
		}
		uint32_t sec[16], ns = 0;
		if (second_tests(r, sec, &ns, ARRAY_LEN(sec))) {
			r->second = 1;
			memset(r->sfb, 0xff, sizeof(r->sfb));
			memset(r->slb, 0xff, sizeof(r->slb));
			tests_flags(rs, sec, ns, &r->sneed, &r->sforbid);
			tests_bytes(rs, sec, ns, r->sfb, r->slb, &r->sreq);
		}
		/* The pre1 test passes (cheaply) at every match's second token:
		 * the flags all its alternatives need and forbid are a second-
		 * token check too, which word_marks makes before pre_pass. */
		if (r->npre1) {
			const struct cidalt *cd = &rs->cidalt[r->pre1[0]];
			uint32_t need = ~0u, forbid = ~0u;
			for (uint32_t a = 0; a < cd->nalt; a++) {
				const struct calt *ca = &rs->calts[cd->alt0 + a];
				if (ca->cneed == ALT_DEAD)
					continue;
				need &= ca->cneed;
				forbid &= ca->care & ~ca->cneed;
			}
			if (need != ~0u && (need || forbid)) {
				if (!r->second) {
					r->second = 1;
					memset(r->sfb, 0xff, sizeof(r->sfb));
					memset(r->slb, 0xff, sizeof(r->slb));
				}
				r->sneed |= need;
				r->sforbid |= forbid;
			}
		}
		/* Per first test, one key atom per alternative: a positive literal
		 * or list test.  An alternative that needs a list which was not
		 * loaded can never match and needs no key. */
		uint32_t keys[64], kflags[64];
		uint32_t nk = 0;
		for (uint32_t f = 0; indexable && f < nf; f++) {
			const struct test *te = &rs->tests[firsts[f]];
			for (uint32_t k = 0; indexable && k < te->na;) {
				uint32_t e = k + 1;
				while (e < te->na && !rs->atoms[te->a0 + e].alt)
					e++;
				int key = -1, dead = 0;
				uint32_t need = 0;
				for (uint32_t q = k; q < e; q++) {
					const struct atom *a = &rs->atoms[te->a0 + q];
					if (a->neg)
						continue;
					if (a->kind == AT_FLAGS)
						need |= a->flags;
					int lst = a->kind == AT_LIST || a->kind == AT_LAST ||
						  a->kind == AT_FIRST || a->kind == AT_TAIL;
					if (lst && a->list < 0)
						dead = 1;
					else if (key < 0 &&
						 (a->kind == AT_LIT || a->kind == AT_ILIT || lst))
						key = (int)(te->a0 + q);
				}
				if (!dead && key < 0)
					indexable = 0;
				else if (!dead) {
					if (nk == ARRAY_LEN(keys))
						indexable = 0;
					else
						kflags[nk] = need, keys[nk++] = (uint32_t)key;
				}
				k = e;
			}
		}
		if (!indexable) {
			ls->generic = xrealloc(ls->generic, sizeof(*ls->generic) * (ls->ngeneric + 1));
			ls->generic[ls->ngeneric++] = (struct generic){ri, r->fneed, r->fforbid};
			continue;
		}
		for (uint32_t k = 0; k < nk; k++) {
			const struct atom *a = &rs->atoms[keys[k]];
			if (a->kind == AT_LIT || a->kind == AT_ILIT) {
				ls->lit = xrealloc(ls->lit, sizeof(*ls->lit) * (ls->nlit + 1));
				ls->lit[ls->nlit].hash = a->hash;
				ls->lit[ls->nlit].rule = ri;
				ls->nlit++;
			} else
				lidx_add(ls, a->kind, a->list, kflags[k], ri);
		}
	}
	for (int l = 0; l < 2; l++) {
		struct langset *ls = &rs->lang[l];
		if (ls->nlit)
			qsort(ls->lit, ls->nlit, sizeof(struct hidx), cmp_hidx);
		/* Lookups first, bit tests after (the order of candidates does
		 * not matter: they are sorted per token). */
		ls->nslow = 0;
		for (uint32_t k = 0; k < ls->nlists; k++) {
			struct lidx *li = &ls->lists[k];
			if (li->list >= 0 && li->list < LEX_MASK_LISTS) {
				ls->lunion[list_kind(li->kind)] |= 1ull << li->list;
				continue;
			}
			struct lidx tmp = ls->lists[ls->nslow];
			ls->lists[ls->nslow++] = *li;
			*li = tmp;
		}
	}
	build_sets(rs);
}

void rule_free(struct ruleset *r)
{
	if (!r)
		return;
	for (uint32_t i = 0; i < r->nrules; i++) {
		free(r->rules[i].id);
		free(r->rules[i].file);
		free(r->rules[i].prog);
		free(r->rules[i].cprog);
		free(r->rules[i].lasth);
	}
	free(r->rules);
	for (uint32_t i = 0; i < r->natoms; i++)
		free(r->atoms[i].s);
	free(r->atoms);
	free(r->tests);
	free(r->cidalt);
	free(r->calts);
	free(r->lt);
	free(r->ltab);
	free(r->unions);
	free(r->alts);
	free(r->rest);
	for (uint32_t i = 0; i < r->nre; i++) {
		free(r->re[i].src);
		pcre2_code_free(r->re[i].code);
		pcre2_code_free(r->re[i].head);
		pcre2_code_free(r->re[i].shead);
	}
	free(r->re);
	for (uint32_t i = 0; i < r->nmacros; i++) {
		free(r->macros[i].name);
		free(r->macros[i].body);
	}
	free(r->macros);
	for (uint32_t i = 0; i < r->nmissing; i++)
		free(r->missing[i]);
	free(r->missing);
	free(r->slots);
	free(r->tedge);
	free(r->tterm);
	free(r->tbloom);
	free(r->fbm);
	free(r->lbm);
	free(r->reqm);
	free(r->reqany);
	for (int l = 0; l < 2; l++) {
		free(r->lang[l].lit);
		free(r->lang[l].lall);
		free(r->lang[l].akoff);
		free(r->lang[l].alitoff);
		for (uint32_t i = 0; i < r->lang[l].nlists; i++) {
			free(r->lang[l].lists[i].rules);
			free(r->lang[l].lists[i].mask);
		}
		free(r->lang[l].lkey);
		free(r->lang[l].lset);
		free(r->lang[l].ukey);
		free(r->lang[l].uval);
		free(r->lang[l].utab);
		free(r->lang[l].lhkey);
		free(r->lang[l].lhtab);
		free(r->lang[l].lhmask);
		free(r->lang[l].aset);
		free(r->lang[l].apair);
		free(r->lang[l].akey);
		free(r->lang[l].atab);
		free(r->lang[l].arange);
		free(r->lang[l].ltab);
		free(r->lang[l].lmask);
		free(r->lang[l].lists);
		free(r->lang[l].generic);
	}
	pcre2_match_context_free(r->mctx);
	free(r);
}

int rule_load(const char *dir, const struct lex *lex, const struct gaz *gaz,
	      struct ruleset **out, char *err, size_t errlen)
{
	(void)gaz;
	struct ruleset *rs = xcalloc(1, sizeof(*rs));
	rs->lex = lex;
	rs->mctx = pcre_limits_new(RULE_RE_MATCH_LIMIT); /* with pcre.c's heap limit */
	if (!rs->mctx) {
		free(rs);
		snprintf(err, errlen, "rules: out of memory");
		return NERD_ENOMEM;
	}
	pcre2_set_depth_limit(rs->mctx, RULE_RE_DEPTH_LIMIT);
	int rc = load_dir(rs, dir, "de", 0, err, errlen);
	if (!rc)
		rc = load_dir(rs, dir, "en", 1, err, errlen);
	if (rc) {
		rule_free(rs);
		return rc;
	}
	build_index(rs);
	log_debug("rules: %u German (%u tried at every token), %u English (%u)",
		  rs->lang[0].nrules, rs->lang[0].ngeneric, rs->lang[1].nrules,
		  rs->lang[1].ngeneric);
	*out = rs;
	return 0;
}

size_t rule_count(const struct ruleset *r)
{
	return r ? r->nrules : 0;
}

/* ---- matching ------------------------------------------------------------ */

struct bt {
	uint32_t pc, sp;
	int32_t slot;                   /* >= 0: restore sub[slot] = old */
	uint32_t old;
};

/* What the word lists say about one token: bit l of each mask is set when
 * list l (below LEX_MASK_LISTS) holds the whole key, its part before the
 * first / after the last hyphen, every hyphen part, or a suffix of 3 or
 * more bytes of its last part (tail, filled on first use). */
struct tinfo {
	uint64_t m[5];                  /* full, first, last, parts, tail */
	uint32_t lastp;                 /* where the key's last part starts */
	uint8_t tail_done;              /* m[4] is set (tail_mask) */
	uint8_t split;                  /* the key has a hyphen: m[1..3] are
					   set and may differ from m[0]; else
					   they are m[0] and not stored */
};

struct run {
	const struct ruleset *rs;
	struct doc *d;
	struct tinfo *ti;               /* per token of the document */
	uint8_t *gazmask;               /* per token: types of gazetteer mentions */
	/* Result caches for the running sentence: epoch << 1 | result, where
	 * an entry of another epoch is unknown -- so starting a sentence is a
	 * counter increment, not a memset of ncid bytes per token (tens of
	 * kilobytes a sentence); the caches are cleared every EPOCHS
	 * sentences.  tcache, for whole tests, holds tbase + state, tbase
	 * being 3 x epoch: 0 the test fails (its cheap part or itself did),
	 * 1 its cheap part passed, 2 it passed -- three states, so that a
	 * byte holds 84 epochs, not the 63 of epoch << 2 | state. */
	uint8_t *cache;                 /* nslots x stride (slot-major) */
	uint8_t *tcache;                /* stride x ncid (tcache_get) */
	size_t tcache_cap;              /* its size, when in the arena */
	size_t *tcache_used;            /* the bytes to clear when the epoch
					   wraps (tcache_clear) */
	uint32_t stride;                /* the longest sentence's tokens */
	uint32_t ncid;                  /* rs->ncid */
	uint8_t epoch;                  /* 1..EPOCHS */
	uint8_t tbase;                  /* 3 x epoch */
	pcre2_match_data *md;
	struct bt *stack;
	uint32_t t0, t1;                /* the sentence's tokens */
	uint32_t steps;
	int limit;                      /* budget or match limit hit */
	char *keybuf;                   /* scratch for key parts */
	const uint64_t *tokm;           /* d->tokmask, when it is rs->lex's */
};

/* The part of key before the first / after the last hyphen. */
static void key_part(const struct tok *t, int last, const char **p, size_t *n)
{
	const char *k = t->key;
	size_t kl = t->keylen;
	if (last) {
		const char *h = NULL;
		for (size_t i = kl; i-- > 0;)
			if (k[i] == '-') {
				h = k + i;
				break;
			}
		*p = h ? h + 1 : k;
		*n = h ? kl - (size_t)(h + 1 - k) : kl;
	} else {
		const char *h = memchr(k, '-', kl);
		*p = k;
		*n = h ? (size_t)(h - k) : kl;
	}
}

/* 1 when the token's last part ends with an entry of list of 3 or more
 * bytes ("Zentralbank" ends with "bank"). */
static int tail_has(const struct lex *lx, int list, const struct tok *t)
{
	const char *p;
	size_t n;
	if (list < 0)
		return 0;
	key_part(t, 1, &p, &n);
	for (size_t s = 0; s + 3 <= n; s++) {
		if (((unsigned char)p[s] & 0xc0) == 0x80)
			continue;
		if (lex_has(lx, list, p + s, n - s))
			return 1;
	}
	return 0;
}

/* tail_mask's walk: from the end of token i's last part p[0, n) through
 * the trie, where the suffix p[s, n) is a key of the lists tterm[node]. */
static __attribute__((noinline)) uint64_t tail_walk(struct run *c, uint32_t i, const char *p,
						   size_t n)
{
	const struct ruleset *rs = c->rs;
	struct tinfo *ti = &c->ti[i];
	uint64_t m = 0;
	uint32_t node = 0;
	for (size_t s = n; rs->tail_lists && s-- > 0;) {
		if (!(node = tail_child(rs, node, (unsigned char)p[s])))
			break;
		if (n - s >= 3 && ((unsigned char)p[s] & 0xc0) != 0x80)
			m |= rs->tterm[node];
	}
	ti->m[4] = m & rs->tail_lists;
	ti->tail_done = 1;
	return ti->m[4];
}

/* The lists of tail_lists holding a suffix of token i's last part.  Inline
 * up to the bloom test, which most tokens fail. */
static inline __attribute__((always_inline)) uint64_t tail_mask(struct run *c, uint32_t i)
{
	struct tinfo *ti = &c->ti[i];
	if (ti->tail_done)
		return ti->m[4];
	const uint64_t *tb = c->rs->tbloom;
	const char *p = c->d->tok[i].key + ti->lastp;
	size_t n = c->d->tok[i].keylen - ti->lastp;
	/* Every suffix counted has three bytes or more: none when the last
	 * three are no key's of three and the last four none's of more
	 * (tbloom). */
	if (n >= 3) {
		uint32_t b = tail_bloom_bit(p + n - 3, 3);
		if (tb[b >> 6] >> (b & 63) & 1)
			return tail_walk(c, i, p, n);
		if (n >= 4 && (b = tail_bloom_bit(p + n - 4, 4), tb[b >> 6] >> (b & 63) & 1))
			return tail_walk(c, i, p, n);
	}
	ti->m[4] = 0;
	ti->tail_done = 1;
	return 0;
}

/* 1 when list holds the token's key (AT_LIST), its first or last hyphen
 * part, all its parts, or a suffix of its last part: a bit test for the
 * lists lex_mask covers. */
static int list_test(struct run *c, int kind, int list, uint32_t i)
{
	if (list < 0)
		return 0;
	const struct lex *lx = c->rs->lex;
	const struct tok *t = &c->d->tok[i];
	if (list < LEX_MASK_LISTS) {
		int lk = list_kind(kind);
		uint64_t m = lk == 4 ? tail_mask(c, i) : c->ti[i].m[c->ti[i].split ? lk : 0];
		return (int)(m >> list & 1);
	}
	const char *p;
	size_t n;
	int r;
	switch (kind) {
	case AT_LIST:
		return lex_get_h(lx, list, t->key, t->keylen, t->hash) != NULL;
	case AT_LAST:
	case AT_FIRST:
		key_part(t, kind == AT_LAST, &p, &n);
		return n && lex_has(lx, list, p, n);
	case AT_PARTS:
		r = 1;
		for (size_t s = 0, e; r && s <= t->keylen; s = e + 1) {
			for (e = s; e < t->keylen && t->key[e] != '-'; e++)
				;
			r = e > s && lex_has(lx, list, t->key + s, e - s);
		}
		return r;
	default:
		return tail_has(lx, list, t);
	}
}

/* tinfo_tok for a token with a hyphen in its key: the masks of its parts. */
static __attribute__((noinline)) void tinfo_split(struct run *c, uint32_t i)
{
	const struct lex *lx = c->rs->lex;
	const struct tok *t = &c->d->tok[i];
	struct tinfo *ti = &c->ti[i];
	ti->split = 1;
	uint64_t parts = ~0ull;
	size_t s = 0, e;
	for (;; s = e + 1) {
		for (e = s; e < t->keylen && t->key[e] != '-'; e++)
			;
		uint64_t pm = e > s ? lex_mask(lx, t->key + s, e - s) : 0;
		if (s == 0)
			ti->m[1] = pm;
		if (e == t->keylen) {
			ti->m[2] = pm;
			ti->lastp = (uint32_t)s;
		}
		parts &= pm;
		if (e == t->keylen)
			break;
	}
	ti->m[3] = parts;
}

/* The part of tinfo_tok every token needs (word_marks does the rest its
 * own way): token i's list mask, its tinfo reset; returns the mask. */
static inline uint64_t tinfo_start(struct run *c, const struct tok *t, struct tinfo *ti,
				   uint32_t i)
{
	uint64_t m = !t->keylen ? 0 : c->tokm ? c->tokm[i]
			   : lex_mask_h(c->rs->lex, t->key, t->keylen, t->hash);
	ti->m[0] = m;
	ti->tail_done = 0;
	ti->split = 0;
	ti->lastp = 0;
	return m;
}

/* Fills c->ti[i]: one lex_mask probe (the tokenizer's, in c->tokm), more
 * only for a hyphenated token.  rule_run fills a sentence's tokens before
 * it tries rules there. */
static inline void tinfo_tok(struct run *c, uint32_t i)
{
	const struct tok *t = &c->d->tok[i];
	tinfo_start(c, t, &c->ti[i], i);
	/* Only the tokenizer's hyphen words and punctuation have a '-' in
	 * their key (tok.c folds every dash to '-' but takes one into a word
	 * or number only as an inner hyphen, which sets TOK_HYPHEN; every
	 * other token is TOK_PUNCT): the others need no memchr. */
	if ((t->flags & (TOK_HYPHEN | TOK_PUNCT)) && t->keylen && memchr(t->key, '-', t->keylen))
		tinfo_split(c, i);
}

/* 1 when the token's last part is a closed compound of two entries of list:
 * a head of 4 or more bytes and a first part of 3 or more, maybe with a
 * linking -s, -n, -e, -es or -en ("Zeitpunkt", "Arbeitsmarkt"). */
static int compound_has(const struct lex *lx, int list, const struct tok *t)
{
	const char *p;
	size_t n;
	if (list < 0)
		return 0;
	key_part(t, 1, &p, &n);
	for (size_t s = 3; s + 4 <= n; s++) {
		if (((unsigned char)p[s] & 0xc0) == 0x80 || !lex_has(lx, list, p + s, n - s))
			continue;
		if (lex_has(lx, list, p, s) ||
		    (s > 3 && strchr("sne", p[s - 1]) && lex_has(lx, list, p, s - 1)) ||
		    (s > 4 && (!memcmp(p + s - 2, "es", 2) || !memcmp(p + s - 2, "en", 2)) &&
		     lex_has(lx, list, p, s - 2)))
			return 1;
	}
	return 0;
}

/* 1 when text[0, n) ends with one of r's suffix alternatives and r->shead
 * matches the rest (rx_sufhead); a limit hit is no match, as in re_eval. */
static int sufhead_match(struct run *c, const struct re *r, const char *text, size_t n)
{
	for (uint32_t a = 0; a < r->nsuf; a++) {
		size_t m = r->suflen[a];
		if (m > n || memcmp(text + n - m, r->src + r->sufoff[a], m))
			continue;
		int rc = pcre_match(r->shead, text, n - m, 0, PCRE2_NO_UTF_CHECK, c->md,
				    c->rs->mctx, c->d, "rule match limit");
		if (pcre_limit_hit(rc)) {
			c->limit = 1;
			return 0;
		}
		if (rc >= 0)
			return 1;
	}
	return 0;
}

static int re_eval(struct run *c, int re, uint32_t i)
{
	const struct tok *t = &c->d->tok[i];
	const struct re *r = &c->rs->re[re];
	uint8_t b0 = t->end > t->start ? (uint8_t)c->d->text[t->start] : 0;
	uint8_t b1 = t->end > t->start ? (uint8_t)c->d->text[t->end - 1] : 0;
	if (tok_len(t) < r->minlen || !(r->first[b0 >> 3] >> (b0 & 7) & 1) ||
	    !(r->last[b1 >> 3] >> (b1 & 7) & 1) ||
	    (r->need >= 0 && !memchr(c->d->text + t->start, r->need, tok_len(t))) ||
	    (r->nsuf && !suffix_may(r, c->d->text + t->start, tok_len(t))))
		return 0;
	/* pcre_match marks the document partial on any limit (steps, depth,
	 * heap, JIT stack). */
	/* A look-behind of literals that ends the pattern: by hand. */
	if (r->nlb && lookbehind_hit(r, c->d->text + t->start, tok_len(t)))
		return 0;
	if (r->shead)
		return sufhead_match(c, r, c->d->text + t->start, tok_len(t));
	int rc = pcre_match(r->nlb ? r->head : r->code, c->d->text + t->start, tok_len(t), 0,
			    PCRE2_NO_UTF_CHECK, c->md, c->rs->mctx, c->d, "rule match limit");
	if (pcre_limit_hit(rc)) {
		c->limit = 1;
		rc = PCRE2_ERROR_NOMATCH;
	}
	return rc >= 0;
}

static int is_initial(const struct doc *d, const struct tok *t)
{
	size_t i = t->start;
	int n = 0;
	while (i < t->end) {
		uint32_t c = utf8_next(d->text, &i);
		if (!uc_is_upper(c) || i >= t->end || d->text[i] != '.')
			return 0;
		i++;
		n++;
	}
	return n > 0;
}

static int atom_eval_raw(struct run *c, const struct atom *a, uint32_t i);

static int atom_eval(struct run *c, const struct atom *a, uint32_t i)
{
	if (a->slot < 0)
		return a->neg ? !atom_eval_raw(c, a, i) : atom_eval_raw(c, a, i);
	uint8_t *slot = &c->cache[(size_t)a->slot * c->stride + (i - c->t0)];
	if (*slot >> 1 != c->epoch)
		*slot = (uint8_t)(c->epoch << 1 | (atom_eval_raw(c, a, i) != 0));
	return (*slot & 1) != a->neg;
}

/* The test itself, without negation. */
static int atom_eval_raw(struct run *c, const struct atom *a, uint32_t i)
{
	const struct tok *t = &c->d->tok[i];
	int r = 0;
	switch (a->kind) {
	case AT_ANY:
		r = 1;
		break;
	case AT_LIT:
		r = tok_len(t) == a->n && !memcmp(c->d->text + t->start, a->s, a->n);
		break;
	case AT_ILIT:
		r = t->keylen == a->n && !memcmp(t->key, a->s, a->n);
		break;
	case AT_LIST:
	case AT_LAST:
	case AT_FIRST:
	case AT_PARTS:
	case AT_TAIL:
		r = list_test(c, a->kind, a->list, i);
		break;
	case AT_COMPOUND:
		r = compound_has(c->rs->lex, a->list, t);
		break;
	case AT_FLAGS:
		r = (t->flags & a->flags) == a->flags;
		break;
	case AT_GAZ:
		r = (c->gazmask[i] & a->gazmask) != 0;
		break;
	case AT_RE:
		r = re_eval(c, a->re, i);
		break;
	case AT_LEN: {
		/* A character has one to four bytes: the byte count alone
		 * decides when it is below lmin, or within lmax and at least
		 * four times lmin. */
		size_t nb = tok_len(t);
		if (nb < a->lmin || (nb <= a->lmax && (nb + 3) / 4 >= a->lmin)) {
			r = nb >= a->lmin;
			break;
		}
		/* Else the bytes less the continuation bytes (10xxxxxx),
		 * eight at a time. */
		const char *s = c->d->text + t->start;
		size_t cont = 0, k = 0;
		for (; k + 8 <= nb; k += 8) {
			uint64_t w;
			memcpy(&w, s + k, 8);
			w = (w & ~(w << 1)) >> 7 & 0x0101010101010101ull;
			cont += (size_t)((w * 0x0101010101010101ull) >> 56);
		}
		for (; k < nb; k++)
			cont += ((unsigned char)s[k] & 0xc0) == 0x80;
		r = nb - cont >= a->lmin && nb - cont <= a->lmax;
		break;
	}
	case AT_INITIAL:
		r = is_initial(c->d, t);
		break;
	}
	return r;
}

static int alt_eval(struct run *c, const struct calt *ca, uint32_t i)
{
	const struct tok *t = &c->d->tok[i];
	uint32_t f = t->flags;
	if ((f & ca->care) != ca->cneed || (t->hash & ca->hmask) != ca->hash)
		return 0;
	if (ca->lused) {
		const struct tinfo *ti = &c->ti[i];
		if (!ti->split) {
			uint64_t m = ti->m[0];
			if ((m & ca->lpall) != ca->lpall || (m & ca->lnall))
				return 0;
		} else
			for (int k = 0; k < 4; k++) {
				if (!(ca->lused >> k & 1))
					continue;
				uint64_t m = ti->m[k];
				if ((m & ca->lpos[k]) != ca->lpos[k] || (m & ca->lneg[k]))
					return 0;
			}
		if (ca->lused & 16) {
			uint64_t m = tail_mask(c, i);
			if ((m & ca->lpos[4]) != ca->lpos[4] || (m & ca->lneg[4]))
				return 0;
		}
	}
	const uint32_t *rest = c->rs->rest + ca->r0;
	for (uint32_t k = 0; k < ca->nr; k++)
		if (!atom_eval(c, &c->rs->atoms[rest[k]], i))
			return 0;
	return 1;
}

static int test_eval(struct run *c, uint32_t test, uint32_t i)
{
	const struct test *te = &c->rs->tests[test];
	uint8_t *memo = &c->tcache[(size_t)(i - c->t0) * c->rs->ncid + te->cid];
	unsigned v = (unsigned)*memo - c->tbase;
	if (v == 0 || v == 2)
		return v == 2;
	const struct calt *ca = &c->rs->alts[te->alt0];
	int r = 0;
	for (uint32_t k = 0; k < te->nalt && !r; k++)
		r = alt_eval(c, &ca[k], i);
	*memo = (uint8_t)(c->tbase + 2 * r);
	return r;
}

/* The cheap part of an alternative: token flags, word-list bits, the
 * literal's hash and gazetteer types -- a few AND operations, no lookup and
 * no pattern.  It passes wherever the alternative passes. */
static inline __attribute__((always_inline)) int alt_cheap(const struct run *c,
								const struct calt *ca, uint32_t i)
{
	const struct tok *t = &c->d->tok[i];
	uint32_t f = t->flags;
	if ((f & ca->care) != ca->cneed || (t->hash & ca->hmask) != ca->hash)
		return 0;
	uint8_t g = c->gazmask[i];
	if (!((g | GAZ_ANY) & ca->gposx) || (g & ca->gneg))
		return 0;
	if (ca->lused & 15) {
		const struct tinfo *ti = &c->ti[i];
		if (!ti->split) {
			uint64_t m = ti->m[0];
			return (m & ca->lpall) == ca->lpall && !(m & ca->lnall);
		}
		for (int k = 0; k < 4; k++) {
			uint64_t m = ti->m[k];
			if ((m & ca->lpos[k]) != ca->lpos[k] || (m & ca->lneg[k]))
				return 0;
		}
	}
	return 1;
}

/* test_cheap over the literal alternatives of cd (out of line: few cids
 * have them): those with the token's hash, found in its table. */
static __attribute__((noinline)) int cheap_lits(const struct run *c, const struct cidalt *cd,
						uint32_t i)
{
	const struct ruleset *rs = c->rs;
	uint64_t h = c->d->tok[i].hash;
	const struct littab *lt = &rs->lt[cd->bl - 1];
	const uint32_t *tab = rs->ltab + lt->off;
	const struct calt *ca = &rs->calts[cd->alt0 + cd->nplain];
	uint32_t n = cd->nalt - cd->nplain, k;
	for (uint32_t q = (uint32_t)(h >> 40) & lt->mask;; q = (q + 1) & lt->mask) {
		if ((k = tab[q]) == UINT32_MAX)
			return 0;
		if (ca[k].hash == h)
			break;
	}
	for (; k < n && ca[k].hash == h; k++)
		if (alt_cheap(c, &ca[k], i))
			return 1;
	return 0;
}

/* 0 when the tests of cid cannot pass at token i: the cached result when
 * there is one, else the cheap part of their alternatives (cached as well). */
static inline __attribute__((always_inline)) int test_cheap(const struct run *c, uint32_t cid,
								 uint32_t i)
{
	uint8_t *memo = &c->tcache[(size_t)(i - c->t0) * c->ncid + cid];
	unsigned v = (unsigned)*memo - c->tbase;
	if (v < 3)
		return v != 0;
	const struct cidalt *cd = &c->rs->cidalt[cid];
	const struct calt *ca = &c->rs->calts[cd->alt0];
	int r = 0;
	for (uint32_t k = 0; k < cd->nplain && !r; k++)
		r = alt_cheap(c, &ca[k], i);
	if (!r && cd->nplain < cd->nalt)
		r = cheap_lits(c, cd, i);
	*memo = (uint8_t)(c->tbase + r);
	return r;
}

/* The matcher of vm over the cheap parts of the tests (r->cprog), with
 * negative look-around taken as passing: a superset of vm's matches.
 * Returns 0 when the program cannot match from sp0 (so vm need not run), 1
 * when it may (or when the budget ran out). */
static int vm_cheap(struct run *c, const struct cinst *prog, uint32_t pc0, uint32_t sp0,
		    uint32_t base)
{
	uint32_t n = base;
	uint32_t steps = c->steps;      /* in a register; c->steps on return
					   and around the look-ahead's call */
	c->stack[n++] = (struct bt){pc0, sp0, -1, 0};
	while (n > base) {
		struct bt e = c->stack[--n];
		uint32_t pc = e.pc, sp = e.sp;
		for (;;) {
			if (++steps > RULE_STEP_BUDGET) {
				c->steps = steps;
				return 1;
			}
			const struct cinst *in = &prog[pc];
			switch (in->op) {
			case C_TEST:
				if (sp < c->t1 && (in->any || test_cheap(c, in->cid, sp))) {
					pc = in->x, sp++;
					continue;
				}
				break;
			case C_CHECK:
				if (sp < c->t1 && (in->any || test_cheap(c, in->cid, sp))) {
					pc = in->x;
					continue;
				}
				break;
			case C_MATCH:
				c->steps = steps;
				return 1;
			case C_SPLIT:
				if (n + 1 >= RULE_STACK) {
					c->steps = steps;
					return 1;
				}
				c->stack[n++] = (struct bt){in->y, sp, -1, 0};
				pc = in->x;
				continue;
			case C_LOOK:
				c->steps = steps;
				int lr = vm_cheap(c, prog, in->x, sp, n);
				steps = c->steps;
				if (!lr)
					break;
				pc = in->y;
				continue;
			default: /* C_BEHIND */
				if (!(sp > c->t0 && test_cheap(c, in->cid, sp - 1)))
					break;
				pc = in->x;
				continue;
			}
			break;
		}
	}
	c->steps = steps;
	return 0;
}

/* Runs prog from pc at token sp; on a match stores the end in *end.  Uses
 * c->stack from base up.  Returns 1 match, 0 none, -1 budget exhausted. */
static int vm(struct run *c, const struct inst *prog, uint32_t pc0, uint32_t sp0, uint32_t *sub,
	      uint32_t base, uint32_t *end)
{
	uint32_t n = base;
	c->stack[n++] = (struct bt){pc0, sp0, -1, 0};
	while (n > base) {
		struct bt e = c->stack[--n];
		if (e.slot >= 0) {
			sub[e.slot] = e.old;
			continue;
		}
		uint32_t pc = e.pc, sp = e.sp;
		for (;;) {
			if (++c->steps > RULE_STEP_BUDGET)
				return -1;
			const struct inst *in = &prog[pc];
			if (in->op == OP_TEST) {
				if (sp < c->t1 && test_eval(c, in->test, sp)) {
					pc++, sp++;
					continue;
				}
				break;
			}
			if (in->op == OP_MATCH) {
				*end = sp;
				return 1;
			}
			if (in->op == OP_JMP) {
				pc = in->x;
				continue;
			}
			if (n + 1 >= RULE_STACK)
				return -1;
			if (in->op == OP_SPLIT) {
				c->stack[n++] = (struct bt){in->y, sp, -1, 0};
				pc = in->x;
				continue;
			}
			if (in->op == OP_SAVE) {
				c->stack[n++] = (struct bt){0, 0, (int32_t)in->x, sub[in->x]};
				sub[in->x] = sp;
				pc++;
				continue;
			}
			if (in->op == OP_LOOK) {
				uint32_t e2;
				int r = vm(c, prog, in->x, sp, sub, n, &e2);
				if (r < 0)
					return -1;
				if ((r == 1) != in->neg) {
					pc = in->y;
					continue;
				}
				break;
			}
			/* OP_BEHIND */
			int ok = sp > c->t0 && test_eval(c, in->test, sp - 1);
			if (ok != in->neg) {
				pc++;
				continue;
			}
			break;
		}
	}
	return 0;
}

/* ---- acronyms ---------------------------------------------------------- */

static size_t decode(const char *s, size_t n, uint32_t *out, uint32_t *offs, size_t max)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k < max;) {
		offs[k] = (uint32_t)i;
		out[k++] = uc_tolower(utf8_next(s, &i));
	}
	return k;
}

static int is_alnum_cp(uint32_t c)
{
	return uc_is_letter(c) || uc_is_digit(c);
}

/* Schwartz & Hearst (2003): matches the acronym's letters right to left in
 * the long form, the first letter at the start of a word (or of a hyphen
 * part).  Returns the byte offset in the text where the long form starts,
 * or -1. */
static long acronym_start(const struct doc *d, uint32_t ls, uint32_t le, uint32_t as,
			  uint32_t ae)
{
	uint32_t L[256], Lo[256], A[32], Ao[32];
	size_t nl = decode(d->text + ls, le - ls, L, Lo, 256);
	size_t na = decode(d->text + as, ae - as, A, Ao, 32);
	if (nl == 256 || na == 32 || !na)
		return -1;
	long li = (long)nl - 1;
	for (long si = (long)na - 1; si >= 0; si--) {
		uint32_t ch = A[si];
		if (!is_alnum_cp(ch))
			continue;
		while (li >= 0 && (L[li] != ch || (si == 0 && li > 0 && is_alnum_cp(L[li - 1]))))
			li--;
		if (li < 0)
			return -1;
		if (si == 0)
			return (long)(ls + Lo[li]);
		li--;
	}
	return -1;
}

/* Strict initials: the acronym's capital letters are the first letters of
 * the last capitalised words (or hyphen parts) of the long form, in order;
 * lower-case words between them are skipped ("Bank of England (BE)").
 * Returns the byte offset where the long form starts, or -1. */
static long initials_start(const struct doc *d, uint32_t g0, uint32_t g1, uint32_t a0,
			   uint32_t a1)
{
	uint32_t ini[64], off[64], acr[16];
	size_t ni = 0, na = 0;
	for (uint32_t t = g0; t < g1; t++) {
		const struct tok *tk = &d->tok[t];
		int part_start = 1;
		for (size_t i = tk->start; i < tk->end;) {
			size_t at = i;
			uint32_t ch = utf8_next(d->text, &i);
			if (part_start && uc_is_upper(ch)) {
				if (ni == ARRAY_LEN(ini))
					return -1;
				ini[ni] = ch;
				off[ni++] = (uint32_t)at;
			}
			part_start = ch == '-';
		}
	}
	for (uint32_t t = a0; t < a1; t++)
		for (size_t i = d->tok[t].start; i < d->tok[t].end;) {
			uint32_t ch = utf8_next(d->text, &i);
			if (uc_is_upper(ch)) {
				if (na == ARRAY_LEN(acr))
					return -1;
				acr[na++] = ch;
			}
		}
	if (na < 2 || na > ni)
		return -1;
	for (size_t k = 0; k < na; k++)
		if (ini[ni - na + k] != acr[k])
			return -1;
	return off[ni - na];
}

/* ---- emitting ----------------------------------------------------------- */

static const char *make_canon(struct doc *d, uint32_t start, uint32_t end, int mode, int *gen)
{
	const char *s = d->text + start;
	size_t n = end - start;
	char *out = arena_alloc(d->ar, n + 1);
	size_t k = 0;
	int sp = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
			sp = 1;
			continue;
		}
		if (sp && k)
			out[k++] = ' ';
		sp = 0;
		out[k++] = ch;
	}
	out[k] = 0;
	*gen = 0;
	if (mode == CANON_STRIP_GEN && k > 2) {
		if (out[k - 1] == '\'') {
			out[--k] = 0;
			*gen = 1;
		} else if (k > 3 && !memcmp(out + k - 3, "\xe2\x80\x99", 3)) {
			k -= 3;
			out[k] = 0;
			*gen = 1;
		} else if (out[k - 1] == 's' && !strchr("sxzß", out[k - 2]) &&
			   (unsigned char)out[k - 2] != 0x9f) {
			out[--k] = 0;
			*gen = 1;
		}
	} else if (mode == CANON_BEFORE_HYPHEN) {
		char *h = strrchr(out, '-');
		if (h && h > out)
			*h = 0;
	}
	return out;
}

static void push_mention(struct run *c, const struct rule *r, int g, uint32_t t0, uint32_t t1,
			 uint32_t first_rule_ment)
{
	struct doc *d = c->d;
	if (t1 <= t0)
		return;
	/* The same span and type from an earlier rule: keep the better score. */
	uint32_t lo = d->nment > first_rule_ment + 32 ? d->nment - 32 : first_rule_ment;
	for (uint32_t k = lo; k < d->nment; k++) {
		struct mention *m = &d->ment[k];
		if (m->t0 == t0 && m->t1 == t1 && m->type == r->type[g]) {
			if (m->score >= r->score)
				return;
			m->flags |= MF_DEAD; /* superseded; ner_resolve ignores dead ones */
		}
	}
	int gen;
	const char *canon = make_canon(d, d->tok[t0].start, d->tok[t1 - 1].end, r->canon, &gen);
	struct mention *m = DOC_PUSH(d, ment);
	m->start = d->tok[t0].start;
	m->end = d->tok[t1 - 1].end;
	m->t0 = t0;
	m->t1 = t1;
	m->type = r->type[g];
	m->form = r->form;
	m->source = ES_RULE;
	m->score = r->score;
	m->entry = -1;
	m->canon = canon;
	m->kb = NULL;
	m->rule = r->id;
	m->ent = -1;
	if (gen)
		m->flags |= MF_GENITIVE;
	if (m->type == ET_PER && t1 - t0 == 1)
		m->flags |= MF_SURNAME;
	if (d->tok[t0].flags & TOK_HEADLINE)
		m->flags |= MF_HEADLINE;
}

/* Tries rule ri at token i; returns the token where the next attempt of this
 * rule may start (i + 1 when nothing matched). */
static uint32_t try_rule(struct run *c, uint32_t ri, uint32_t i, uint32_t first_rule_ment)
{
	const struct rule *r = &c->rs->rules[ri];
	uint32_t sub[2 * RULE_MAX_GROUPS];
	for (int k = 0; k < 2 * RULE_MAX_GROUPS; k++)
		sub[k] = UINT32_MAX;
	uint32_t end;
	c->steps = 0;
	int m = vm(c, r->prog, 0, i, sub, 0, &end);
	if (m < 0) {
		doc_partial(c->d, "rule step limit");
		c->limit = 1;
		return i + 1;
	}
	if (m == 0)
		return i + 1;
	if (r->acronym) {
		uint32_t g0 = sub[0], g1 = sub[1], a0 = sub[2], a1 = sub[3];
		if (g0 == UINT32_MAX || a0 == UINT32_MAX || g1 <= g0 || a1 <= a0)
			return i + 1;
		const struct tok *tk = c->d->tok;
		long st = r->acronym == 1 ? acronym_start(c->d, tk[g0].start, tk[g1 - 1].end,
							  tk[a0].start, tk[a1 - 1].end)
					  : initials_start(c->d, g0, g1, a0, a1);
		if (st < 0)
			return i + 1;
		uint32_t nt = doc_tok_at(c->d, (uint32_t)st);
		if (nt != g0) {
			/* Trimmed: the rule must also match from the new start with
			 * the same acronym. */
			uint32_t sub2[2 * RULE_MAX_GROUPS];
			for (int k = 0; k < 2 * RULE_MAX_GROUPS; k++)
				sub2[k] = UINT32_MAX;
			c->steps = 0;
			if (vm(c, r->prog, 0, nt, sub2, 0, &end) != 1 || sub2[0] != nt ||
			    sub2[2] != a0 || sub2[3] != a1)
				return i + 1;
			memcpy(sub, sub2, sizeof(sub));
		}
	}
	uint32_t last = i + 1;
	if (!r->ngroups) {
		push_mention(c, r, 0, i, end, first_rule_ment);
		last = end;
	} else
		for (int g = 0; g < r->ngroups; g++) {
			if (sub[2 * g] == UINT32_MAX || sub[2 * g + 1] == UINT32_MAX)
				continue;
			push_mention(c, r, g, sub[2 * g], sub[2 * g + 1], first_rule_ment);
			last = MAX(last, sub[2 * g + 1]);
		}
	return last;
}

/* Per token of the sentence (and one after it): the rules of ls->lset one
 * of whose last tests passes at or after it. */
static void last_marks(const struct run *c, const struct langset *ls, const uint32_t *uix,
		       uint64_t *lafter)
{
	uint32_t nw = c->rs->nw, n = c->t1 - c->t0, w0 = ls->w0, w1 = ls->w1;
	memset(lafter + (size_t)n * nw, 0, sizeof(uint64_t) * nw);
	if (w1 == w0 + 1) {             /* one word: the running set in a register */
		uint64_t acc = 0;
		for (uint32_t j = n; j-- > 0;) {
			uint32_t u = uix[j];
			if (u != UINT32_MAX && ls->uval[u][2] != UINT32_MAX)
				acc |= ls->lhmask[(size_t)ls->uval[u][2] * nw + w0];
			lafter[(size_t)j * nw + w0] = acc;
		}
		return;
	}
	for (uint32_t j = c->t1; j-- > c->t0;) {
		uint64_t *la = lafter + (size_t)(j - c->t0) * nw;
		for (uint32_t w = w0; w < w1; w++)
			la[w] = la[w + nw];
		uint32_t u = uix[j - c->t0];
		if (u != UINT32_MAX && ls->uval[u][2] != UINT32_MAX) {
			const uint64_t *m = ls->lhmask + (size_t)ls->uval[u][2] * nw;
			for (uint32_t w = w0; w < w1; w++)
				la[w] |= m[w];
		}
	}
}

/* 0 when token j cannot be the second token of a match of r. */
static int second_may(const struct run *c, const struct rule *r, uint32_t j)
{
	if (j >= c->t1)
		return 0;
	const struct tok *t = &c->d->tok[j];
	if ((t->flags & r->sneed) != r->sneed || (t->flags & r->sforbid))
		return 0;
	const unsigned char *tx = (const unsigned char *)c->d->text;
	unsigned char b0 = tx[t->start], b1 = tx[t->end - 1];
	if (!(r->sfb[b0 >> 3] >> (b0 & 7) & 1) || !(r->slb[b1 >> 3] >> (b1 & 7) & 1))
		return 0;
	return !(r->sreq & ~t->cls);
}

static inline void mark_pairs(const struct run *c, const struct langset *ls, uint32_t p0,
			      uint32_t p1, uint32_t j, uint64_t *amark)
{
	uint32_t rel = j - c->t0;
	uint64_t *row = amark + (size_t)rel * c->rs->nw;
	for (uint32_t p = p0; p < p1; p++) {
		const struct apair *ap = &ls->apair[p];
		if (rel >= ap->off)
			row[ap->dw] |= ap->bit;
	}
}

/* Token j's entry in the literal tables (key_index), or UINT32_MAX. */
static inline uint32_t utab_find(const struct langset *ls, uint64_t hash)
{
	for (uint32_t q = (uint32_t)(hash >> 7) & (ls->utcap - 1); ls->utab[q] != UINT32_MAX;
	     q = (q + 1) & (ls->utcap - 1))
		if (ls->ukey[ls->utab[q]] == hash)
			return ls->utab[q];
	return UINT32_MAX;
}

/* Marks the rules of ls->aset whose anchors' keys token j has (u its entry
 * in the literal tables) at the anchor's offset before it. */
static inline __attribute__((always_inline)) void anchor_tok(const struct run *c,
							      const struct langset *ls,
							      uint32_t u, uint32_t j,
							      uint64_t *amark)
{
	const struct tok *t = &c->d->tok[j];
	if (u != UINT32_MAX && ls->uval[u][1] != UINT32_MAX) {
		const uint32_t *rg = ls->arange[ls->uval[u][1]];
		mark_pairs(c, ls, rg[0], rg[1], j, amark);
	}
	const uint64_t *tm = c->ti[j].m;
	int split = c->ti[j].split;
	for (int lk = split || (tm[0] & ls->aunall) ? 0 : 4; lk < 4; lk++)
		for (uint64_t bits = tm[split ? lk : 0] & ls->aunion[lk]; bits; bits &= bits - 1) {
			uint32_t key = AK_LIST + (uint32_t)lk * 64 + (uint32_t)__builtin_ctzll(bits);
			mark_pairs(c, ls, ls->aidx[key], ls->aidx[key + 1], j, amark);
		}
	for (uint32_t bits = c->gazmask[j] & ls->agaz; bits; bits &= bits - 1) {
		uint32_t key = AK_GAZ + (uint32_t)__builtin_ctz(bits);
		mark_pairs(c, ls, ls->aidx[key], ls->aidx[key + 1], j, amark);
	}
	for (uint32_t bits = t->flags & ls->aflags; bits; bits &= bits - 1) {
		uint32_t key = AK_FLAG + (uint32_t)__builtin_ctz(bits);
		mark_pairs(c, ls, ls->aidx[key], ls->aidx[key + 1], j, amark);
	}
}

/* Marks, for every token of the sentence, the rules of ls->aset whose
 * anchors' keys some token at the anchor's offset from it has; leaves in
 * uix each token's entry in the literal tables (key_index). */
static void anchor_marks(const struct run *c, const struct langset *ls, uint32_t *uix,
			 uint64_t *amark)
{
	uint32_t nw = c->rs->nw;
	memset(amark, 0, sizeof(uint64_t) * nw * (c->t1 - c->t0));
	for (uint32_t j = c->t0; j < c->t1; j++) {
		uint32_t u = utab_find(ls, c->d->tok[j].hash);
		uix[j - c->t0] = u;
		anchor_tok(c, ls, u, j, amark);
	}
}

/* The rules of word w of the one-word path that the word lists key at
 * token i (the lists with the flags they need): the bit tests (by lall for
 * a token without a hyphen), the tail lists only when tail is set (else
 * tm[4] may not be filled), then the lookups. */
static __attribute__((noinline)) uint64_t list_cands(struct run *c, const struct langset *ls,
						    uint32_t i, uint32_t w, int tail)
{
	const uint32_t f = c->d->tok[i].flags;
	const struct tinfo *ti = &c->ti[i];
	uint64_t cand = 0;
	if (ti->split) {
		for (int lk = 0; lk < 4; lk++)
			for (uint64_t bits = ti->m[lk] & ls->lunion[lk]; bits; bits &= bits - 1) {
				uint32_t key = (uint32_t)lk * 64 + (uint32_t)__builtin_ctzll(bits);
				for (uint32_t k = ls->fidx[key]; k < ls->fidx[key + 1]; k++) {
					const struct lidx *li = &ls->lists[k];
					if ((f & li->flags) == li->flags)
						cand |= li->mask[w];
				}
			}
	} else
		for (uint64_t bits = ti->m[0] & ls->lunall; bits; bits &= bits - 1) {
			uint32_t l = (uint32_t)__builtin_ctzll(bits);
			for (uint32_t k = ls->lallx[l]; k < ls->lallx[l + 1]; k++)
				if ((f & ls->lall[k].flags) == ls->lall[k].flags)
					cand |= ls->lall[k].mask;
		}
	if (tail)
		for (uint64_t bits = tail_mask(c, i) & ls->lunion[4]; bits; bits &= bits - 1) {
			uint32_t key = 4 * 64 + (uint32_t)__builtin_ctzll(bits);
			for (uint32_t k = ls->fidx[key]; k < ls->fidx[key + 1]; k++) {
				const struct lidx *li = &ls->lists[k];
				if ((f & li->flags) == li->flags)
					cand |= li->mask[w];
			}
		}
	if (ls->nslow && (f & ls->slowflags) == ls->slowflags)
		for (uint32_t k = 0; k < ls->nslow; k++) {
			const struct lidx *li = &ls->lists[k];
			if ((f & li->flags) == li->flags && list_test(c, li->kind, li->list, i))
				cand |= li->mask[w];
		}
	return cand;
}

/* Marks, for the token at rel in the sentence, the rules of m (by offset)
 * at the tokens the offsets lead back to (am: a word per token). */
static inline void mark_offsets(uint64_t *am, uint32_t rel, const uint64_t *m)
{
	for (uint32_t off = 0; off <= RULE_ANCH_OFF && off <= rel; off++)
		am[rel - off] |= m[off];
}

/* anchor_tok on the one-word path but for the token's literal: by list
 * bits, gazetteer types and rare flags; am as in mark_offsets. */
static __attribute__((noinline)) void anchor_word(const struct run *c, const struct langset *ls,
						  uint32_t j, uint64_t *am)
{
	const struct tinfo *ti = &c->ti[j];
	uint32_t rel = j - c->t0;
	if (!ti->split)
		for (uint64_t bits = ti->m[0] & ls->aunall; bits; bits &= bits - 1)
			mark_offsets(am, rel, ls->alloff[__builtin_ctzll(bits)]);
	else
		for (uint32_t lk = 0; lk < 4; lk++)
			for (uint64_t bits = ti->m[lk] & ls->aunion[lk]; bits; bits &= bits - 1)
				mark_offsets(am, rel,
					     ls->akoff[AK_LIST + lk * 64 + (uint32_t)__builtin_ctzll(bits)]);
	for (uint32_t bits = c->gazmask[j] & ls->agaz; bits; bits &= bits - 1)
		mark_offsets(am, rel, ls->akoff[AK_GAZ + (uint32_t)__builtin_ctz(bits)]);
	for (uint32_t bits = c->d->tok[j].flags & ls->aflags; bits; bits &= bits - 1)
		mark_offsets(am, rel, ls->akoff[AK_FLAG + (uint32_t)__builtin_ctz(bits)]);
}

/* word_marks' cache of what a token's flags admit, by flags: the generic
 * rules (g) and the rules whose second-token check the flags pass (s), of
 * word w of the rule sets.  key is the flags; ALT_DEAD, which no token
 * has, when empty. */
struct fcache {
	uint64_t g, s;
	uint32_t key;
	uint32_t x;                     /* FX_* */
};

/* What else word_marks asks of a token's flags alone. */
enum {
	FX_DASH = 1,                    /* a hyphen word or punctuation: its
					   key may have a '-' (tinfo_tok) */
	FX_ANCH = 2,                    /* a flag that keys an anchor */
	FX_TAIL = 4,                    /* the flags every tail list needs */
	FX_SLOW = 8                     /* those every looked-up list needs */
};

static __attribute__((noinline)) void fcache_fill(const struct langset *ls,
						  struct fcache *fe, uint32_t f)
{
	const uint64_t *f0 = ls->flw[0][f & 255], *f1 = ls->flw[1][f >> 8 & 255],
		       *f2 = ls->flw[2][f >> 16 & 255], *f3 = ls->flw[3][f >> 24];
	fe->key = f;
	fe->g = f0[0] & f1[0] & f2[0] & f3[0];
	fe->s = f0[1] & f1[1] & f2[1] & f3[1];
	fe->x = (f & (TOK_HYPHEN | TOK_PUNCT) ? FX_DASH : 0) | (f & ls->aflags ? FX_ANCH : 0) |
		((f & ls->tailflags) == ls->tailflags ? FX_TAIL : 0) |
		(ls->nslow && (f & ls->slowflags) == ls->slowflags ? FX_SLOW : 0);
}

/* What word_marks leaves per token of the sentence: the rules to try (c),
 * the rules whose second-token check the token passes (s), the rules of
 * lset one of whose last tests it passes (l). */
struct wtok {
	uint64_t c, s, l;
};

/* rule_run's per-sentence work when the language's rules all sit in the one
 * word w of the rule sets (the German ones do), on that word in registers
 * (returns the number of tokens with rules to try, in todo from the last):
 * fills the sentence's tinfo, marks the anchors (as anchor_tok) and leaves
 * in wt[].c, per token of the sentence, the rules to try there but for
 * their byte classes (reqw): those the token's literal, word lists or flags
 * (the generic rules) key, that its first and last byte admit, that an
 * anchor marked (aset), that have a last test passing at or after it
 * (lset), and whose second-token check (second_may) the next token passes.
 * One pass forwards, one back: marks and last tests come from later
 * tokens.  Most tokens have no hyphen, no list bit that keys a rule or an
 * anchor, no literal and no rare flag: they take the few tests of the first
 * loop alone.  The langset's fields are read into locals, as every store
 * to the arrays might change them as far as the compiler knows. */
static __attribute__((noinline)) uint32_t word_marks(struct run *c, const struct langset *ls,
						      uint32_t w, struct wtok *wt, uint32_t *todo,
						      uint64_t *amark, struct fcache *fc)
{
	const struct doc *d = c->d;
	const unsigned char *tx = (const unsigned char *)d->text;
	const uint32_t nw = c->rs->nw, t0 = c->t0, n = c->t1 - t0;
	memset(amark, 0, sizeof(uint64_t) * n);
	const struct tok *t = d->tok + t0;
	struct tinfo *ti = c->ti + t0;
	for (uint32_t rel = 0; rel < n; rel++, t++, ti++) {
		const uint32_t j = t0 + rel;
		const uint32_t f = t->flags;
		/* The flags: generic rules, second-token checks, FX_*. */
		struct fcache *fe = &fc[(f * 0x9e3779b1u) >> (32 - GCACHE_BITS)];
		if (fe->key != f)
			fcache_fill(ls, fe, f);
		uint64_t cand = fe->g, sec = fe->s, lh = 0;
		const uint32_t fx = fe->x;
		/* tinfo_tok, with the hyphen test from the flags cache */
		uint64_t m = tinfo_start(c, t, ti, j);
		int split = 0;
		if ((fx & FX_DASH) && t->keylen && memchr(t->key, '-', t->keylen)) {
			tinfo_split(c, j);
			split = 1;
		}
		/* The literal tables. */
		uint32_t u = utab_find(ls, t->hash);
		if (u != UINT32_MAX) {
			const uint32_t *uv = ls->uval[u];
			if (uv[0] != UINT32_MAX)
				cand |= ls->lmask[(size_t)uv[0] * nw + w];
			if (uv[1] != UINT32_MAX)
				mark_offsets(amark, rel, ls->alitoff[uv[1]]);
			if (uv[2] != UINT32_MAX)
				lh = ls->lhmask[(size_t)uv[2] * nw + w];
		}
		unsigned char b0 = tx[t->start], b1 = tx[t->end - 1];
		uint64_t fl = ls->fbw[b0] & ls->lbw[b1];
		sec &= ls->sfbw[b0] & ls->slbw[b1];
		/* The rest (list bits, gazetteer types, rare flags) when the
		 * token has any. */
		if (split || (m & ls->aunall) || (c->gazmask[j] & ls->agaz) || (fx & FX_ANCH))
			anchor_word(c, ls, j, amark);
		int tail = (fx & FX_TAIL) && (fl & ls->tailw);
		if (split || (m & ls->lunall) || tail || (fx & FX_SLOW))
			cand |= list_cands(c, ls, j, w, tail);
		cand &= fl;
		/* The byte classes, when a rule left asks for them. */
		if ((cand & ls->reqanyw) || (sec & ls->sreqanyw)) {
			cand &= ls->reqw[t->cls];
			sec &= ls->sreqw[t->cls];
		}
		wt[rel].c = cand;
		wt[rel].s = sec;
		wt[rel].l = lh;
	}
	const uint64_t naset = ~ls->asetw, nlset = ~ls->lsetw, nsec = ~ls->secw;
	uint64_t after = 0, next = 0;
	uint32_t ntodo = 0;
	for (uint32_t rel = n; rel-- > 0;) {
		after |= wt[rel].l;
		uint64_t cw = wt[rel].c & (naset | amark[rel]) & (nlset | after) & (nsec | next);
		wt[rel].c = cw;
		next = wt[rel].s;
		todo[ntodo] = rel;
		ntodo += cw != 0;
	}
	return ntodo;
}

/* 1 when one of r's anchors passes (cheaply) for a match from token i. */
static int anchors_pass(const struct run *c, const struct rule *r, uint32_t i)
{
	for (uint32_t k = 0; k < r->nachk; k++) {
		uint32_t j = i + r->achk[k].off;
		if (j < c->t1 && test_cheap(c, r->achk[k].cid, j))
			return 1;
	}
	return 0;
}

/* 1 when one of r's pre tests passes (cheaply) at token i and one of its
 * pre1 tests at i + 1.  Not inlined: rule_run's loop keeps its registers. */
static __attribute__((noinline)) int pre_pass(const struct run *c, const struct rule *r,
					      uint32_t i)
{
	uint32_t k = 0;
	while (k < r->npre && !test_cheap(c, r->pre[k], i))
		k++;
	if (r->npre && k == r->npre)
		return 0;
	if (!r->npre1)
		return 1;
	if (i + 1 >= c->t1)
		return 0;
	for (k = 0; k < r->npre1; k++)
		if (test_cheap(c, r->pre1[k], i + 1))
			return 1;
	return 0;
}

/* 1 when a test of each of r's gates passes at token i. */
static int gates_pass(struct run *c, const struct rule *r, uint32_t i)
{
	const uint32_t *gt = r->gtest;
	for (uint32_t g = 0; g < r->ngate; gt += r->gn[g++]) {
		uint32_t k = 0;
		while (k < r->gn[g] && !test_eval(c, gt[k], i))
			k++;
		if (k == r->gn[g])
			return 0;
	}
	return 1;
}

/* The test cache (struct run.tcache) lives per thread and its epoch runs on
 * from one document to the next, so that a document does not clear
 * ncid x (longest sentence) bytes first: an entry of an earlier epoch is
 * unknown whatever document or ruleset wrote it, and the whole buffer is
 * cleared when the epoch wraps (every EPOCHS sentences) or grows.  A document
 * that needs more than TCACHE_KEEP bytes gets its own in the arena. */
static _Thread_local struct tcache_tl {
	uint8_t *buf;
	size_t cap;
	size_t used;                    /* the most bytes a document used
					   since the buffer was last cleared */
	uint8_t epoch;
} tcache_tl;
static pthread_key_t tcache_key;
static pthread_once_t tcache_once = PTHREAD_ONCE_INIT;

static void tcache_destroy(void *p)
{
	free(p);
}

static void tcache_key_init(void)
{
	pthread_key_create(&tcache_key, tcache_destroy);
}

/* Points c->tcache at a cache of n bytes and sets c->epoch to the epoch
 * last used with it (rule_run increments it before each sentence). */
static void tcache_get(struct run *c, size_t n)
{
	struct tcache_tl *tl = &tcache_tl;
	if (n > TCACHE_KEEP) {
		c->tcache = arena_zalloc(c->d->ar, n);
		c->tcache_used = &c->tcache_cap;
		c->tcache_cap = n;
		c->epoch = 0;
		return;
	}
	if (tl->cap < n) {
		pthread_once(&tcache_once, tcache_key_init);
		free(tl->buf);
		tl->buf = xcalloc(n, 1);
		tl->cap = n;
		tl->used = 0;
		tl->epoch = 0;
		/* The key's destructor frees it when the thread exits. */
		pthread_setspecific(tcache_key, tl->buf);
	}
	tl->used = MAX(tl->used, n);
	c->tcache = tl->buf;
	c->tcache_used = &tl->used;
	c->epoch = tl->epoch;
}

/* Clears the bytes of the test cache used since it was last cleared. */
static void tcache_clear(struct run *c, size_t n)
{
	memset(c->tcache, 0, *c->tcache_used);
	*c->tcache_used = n;
}

/* Hands the epoch back to the thread's cache. */
static void tcache_put(const struct run *c)
{
	if (c->tcache == tcache_tl.buf)
		tcache_tl.epoch = c->epoch;
}

static void *arena_malloc_cb(size_t n, void *data)
{
	return arena_alloc(data, n);
}

static void arena_free_cb(void *p, void *data)
{
	(void)p;
	(void)data;
}

/* Tries the candidates bits (word w of the rule sets) at token i in rule
 * order (the order of their mentions); second 0 when the second-token
 * checks were made (word_marks).  The rules of aset are there because an
 * anchor's key marked them: their anchors seldom fail the cheap tests
 * (anchors_pass) after that, and pre_pass and vm_cheap, which come next,
 * would catch what they might. */
static inline __attribute__((always_inline)) void cands_try(struct run *c, uint64_t bits,
							     uint32_t w, uint32_t i,
							     uint32_t *next, int second,
							     uint64_t aset,
							     uint32_t first_rule_ment)
{
	const struct ruleset *rs = c->rs;
	for (; bits; bits &= bits - 1) {
		uint32_t ri = w * 64 + (uint32_t)__builtin_ctzll(bits);
		if (next[ri] > i)
			continue;
		const struct rule *r = &rs->rules[ri];
		if (second && r->second && !second_may(c, r, i + 1))
			continue;
		if (r->nanch && !(aset >> (ri & 63) & 1) && !anchors_pass(c, r, i))
			continue;       /* no anchor passes */
		if ((r->npre || r->npre1) && !pre_pass(c, r, i))
			continue;       /* no way through starts here */
		c->steps = 0;
		if (!vm_cheap(c, r->cprog, r->cstart, i, 0))
			continue;       /* not even the cheap tests match */
		uint32_t f = 0;
		while (f < r->nfirst && !test_eval(c, r->first[f], i))
			f++;
		if (r->nfirst && f == r->nfirst)
			continue;       /* no first test passes here */
		if (r->ngate && !gates_pass(c, r, i))
			continue;
		next[ri] = try_rule(c, ri, i, first_rule_ment);
	}
}

void rule_run(const struct ruleset *rs, struct doc *d)
{
	if (!rs || !d->ntok)
		return;
	const struct langset *ls = &rs->lang[d->lang == NERD_LANG_EN ? 1 : 0];
	if (!ls->nrules)
		return;
	struct run c = {.rs = rs, .d = d};
	c.gazmask = arena_zalloc(d->ar, d->ntok);
	for (uint32_t k = 0; k < d->nment; k++) {
		const struct mention *m = &d->ment[k];
		if (m->source != ES_GAZ || (m->flags & MF_DEAD) || m->type >= ET_N)
			continue;
		for (uint32_t t = m->t0; t < m->t1 && t < d->ntok; t++)
			c.gazmask[t] |= (uint8_t)(1u << m->type);
	}
	uint32_t maxsent = 0;
	for (uint32_t s = 0; s < d->nsent; s++)
		maxsent = MAX(maxsent, d->sent[s].t1 - d->sent[s].t0);
	c.stride = maxsent;
	c.ncid = rs->ncid;
	c.cache = arena_zalloc(d->ar, (size_t)rs->nslots * maxsent + 1);
	size_t tcn = (size_t)rs->ncid * maxsent + 1;
	tcache_get(&c, tcn);
	/* Filled per sentence (tinfo_tok); the tokenizer already probed the
	 * model's lexicon for every token. */
	c.ti = arena_alloc(d->ar, sizeof(*c.ti) * d->ntok);
	c.tokm = d->tokmask && d->m && d->m->lex == rs->lex ? d->tokmask : NULL;
	pcre2_general_context *gc = pcre2_general_context_create(arena_malloc_cb, arena_free_cb,
								 d->ar);
	c.md = gc ? pcre2_match_data_create(1, gc) : NULL;
	if (!c.md) {
		doc_partial(d, "rules skipped: out of memory");
		return;
	}
	c.stack = arena_alloc(d->ar, sizeof(*c.stack) * RULE_STACK);
	uint32_t *next = arena_zalloc(d->ar, sizeof(uint32_t) * rs->nrules);
	uint32_t nw = rs->nw, w0 = ls->w0, w1 = ls->w1;
	int onew = w1 == w0 + 1;
	const unsigned char *tx = (const unsigned char *)d->text;
	uint64_t *cand = arena_alloc(d->ar, sizeof(uint64_t) * nw);
	/* The generic rules a token's flags admit, cached by flags. */
	struct gcache {
		uint32_t flags;
		uint8_t valid;
	} *gcache = arena_zalloc(d->ar, sizeof(*gcache) << GCACHE_BITS);
	uint64_t *gmask = arena_alloc(d->ar, (sizeof(uint64_t) * nw) << GCACHE_BITS);
	/* Per token of the sentence: the rules of ls->aset an anchor marks. */
	uint64_t *amark = arena_alloc(d->ar, sizeof(uint64_t) * nw * (maxsent + 1));
	/* ... and the rules of ls->lset whose last tests pass at or after it,
	 * and their entries in the literal tables; on the one-word path
	 * (onew) word_marks' results and its cache. */
	uint64_t *lafter = NULL;
	uint32_t *uix = NULL;
	struct wtok *wt = NULL;
	struct fcache *fcache = NULL;
	uint32_t *todo = NULL;
	if (onew) {
		wt = arena_alloc(d->ar, sizeof(*wt) * (maxsent + 1));
		todo = arena_alloc(d->ar, sizeof(*todo) * (maxsent + 1));
		fcache = arena_zalloc(d->ar, sizeof(*fcache) << GCACHE_BITS);
		for (uint32_t k = 0; k < 1u << GCACHE_BITS; k++)
			fcache[k].key = ALT_DEAD;
	} else {
		lafter = arena_alloc(d->ar, sizeof(uint64_t) * nw * (maxsent + 1));
		uix = arena_alloc(d->ar, sizeof(uint32_t) * (maxsent + 1));
	}
	uint32_t first_rule_ment = d->nment;
	for (uint32_t s = 0; s < d->nsent; s++) {
		c.t0 = d->sent[s].t0;
		c.t1 = d->sent[s].t1;
		if (++c.epoch > EPOCHS) {
			memset(c.cache, 0, (size_t)rs->nslots * maxsent);
			tcache_clear(&c, tcn);
			c.epoch = 1;
		}
		c.tbase = (uint8_t)(3 * c.epoch);
		if (onew) {
			for (uint32_t k = word_marks(&c, ls, w0, wt, todo, amark, fcache);
			     k-- > 0;)
				cands_try(&c, wt[todo[k]].c, w0, c.t0 + todo[k], next, 0, ls->asetw,
					  first_rule_ment);
			continue;
		}
		for (uint32_t j = c.t0; j < c.t1; j++)
			tinfo_tok(&c, j);
		anchor_marks(&c, ls, uix, amark);
		last_marks(&c, ls, uix, lafter);
		for (uint32_t i = c.t0; i < c.t1; i++) {
			const struct tok *t = &d->tok[i];
			uint32_t gs = (t->flags * 0x9e3779b1u) >> (32 - GCACHE_BITS);
			struct gcache *gce = &gcache[gs];
			uint64_t *gm = gmask + (size_t)gs * nw;
			if (!gce->valid || gce->flags != t->flags) {
				gce->valid = 1;
				gce->flags = t->flags;
				memset(gm, 0, sizeof(uint64_t) * nw);
				for (uint32_t k = 0; k < ls->ngeneric; k++) {
					const struct generic *g = &ls->generic[k];
					if ((t->flags & g->need) == g->need && !(t->flags & g->forbid))
						set_add(gm, g->rule);
				}
			}
			uint32_t u = uix[i - c.t0];
			for (uint32_t w = w0; w < w1; w++)
				cand[w] = gm[w];
			/* Literal index: the rules keyed by the token's folded hash
			 * (its entry in utab, which anchor_marks looked up). */
			if (u != UINT32_MAX && ls->uval[u][0] != UINT32_MAX) {
				const uint64_t *lm = ls->lmask + (size_t)ls->uval[u][0] * nw;
				for (uint32_t w = w0; w < w1; w++)
					cand[w] |= lm[w];
			}
			/* Word lists: the bit tests by the token's list bits, then
			 * the lookups. */
			const uint64_t *tm = c.ti[i].m;
			int split = c.ti[i].split;
			int lk0 = split || (tm[0] & ls->lunall) ? 0 : 4;
			int nlk = (t->flags & ls->tailflags) == ls->tailflags ? 5 : 4;
			if (nlk == 5)
				tail_mask(&c, i);       /* fills tm[4] */
			for (int lk = lk0; lk < nlk; lk++)
				for (uint64_t bits = tm[split || lk == 4 ? lk : 0] & ls->lunion[lk]; bits;
				     bits &= bits - 1) {
					uint32_t key = (uint32_t)lk * 64 + (uint32_t)__builtin_ctzll(bits);
					for (uint32_t k = ls->fidx[key]; k < ls->fidx[key + 1]; k++) {
						const struct lidx *li = &ls->lists[k];
						if ((t->flags & li->flags) != li->flags)
							continue;
						for (uint32_t w = w0; w < w1; w++)
							cand[w] |= li->mask[w];
					}
				}
			for (uint32_t k = 0; (t->flags & ls->slowflags) == ls->slowflags && k < ls->nslow;
			     k++) {
				const struct lidx *li = &ls->lists[k];
				if ((t->flags & li->flags) != li->flags)
					continue;
				if (list_test(&c, li->kind, li->list, i))
					for (uint32_t w = w0; w < w1; w++)
						cand[w] |= li->mask[w];
			}
			/* Rules with keyed anchors: only where one marked them;
			 * rules with literal last tests: only before one passes. */
			const uint64_t *am = amark + (size_t)(i - c.t0) * nw;
			const uint64_t *la = lafter + (size_t)(i - c.t0) * nw;
			for (uint32_t w = w0; w < w1; w++)
				cand[w] &= (~ls->aset[w] | am[w]) & (~ls->lset[w] | la[w]);
			/* What no first test can start with: by the token's first
			 * and last byte and its byte classes. */
			unsigned char b0 = tx[t->start], b1 = tx[t->end - 1];
			const uint64_t *fm = rs->fbm + (size_t)b0 * nw, *lm = rs->lbm + (size_t)b1 * nw;
			uint64_t any = 0, needcls = 0;
			for (uint32_t w = w0; w < w1; w++) {
				cand[w] &= fm[w] & lm[w];
				any |= cand[w];
				needcls |= cand[w] & rs->reqany[w];
			}
			if (!any)
				continue;
			/* The byte classes only when a rule left needs them. */
			if (needcls) {
				const uint64_t *qm = rs->reqm + (size_t)t->cls * nw;
				for (uint32_t w = w0; w < w1; w++)
					cand[w] &= qm[w];
			}
			for (uint32_t w = w0; w < w1; w++)
				cands_try(&c, cand[w], w, i, next, 1, ls->aset[w], first_rule_ment);
		}
	}
	tcache_put(&c);
}
