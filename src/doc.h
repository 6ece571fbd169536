/* doc.h -- one document on its way through the pipeline.  Each stage reads
 * what earlier stages left in struct doc and appends its own results; all of
 * it lives in the document's arena.  Offsets are byte offsets into doc->text
 * (converted only when the response is written). */
#ifndef DOC_H
#define DOC_H

#include <stdint.h>
#include <stddef.h>

#include "arena.h"

struct model;
struct nerd_req;

/* Token flags. */
enum {
	TOK_WORD = 1u << 0,     /* has a letter */
	TOK_NUM = 1u << 1,      /* a number: digits with inner . , or thin space ("1.000,5") */
	TOK_PUNCT = 1u << 2,    /* neither letters nor digits */
	TOK_CAP = 1u << 3,      /* first letter upper case */
	TOK_UPPER = 1u << 4,    /* two or more letters, all upper case ("USA", "AFP") */
	TOK_SSTART = 1u << 5,   /* first token of a sentence */
	TOK_HYPHEN = 1u << 6,   /* a word with an inner hyphen ("US-Präsident") */
	TOK_QUOTE = 1u << 7,    /* a quotation mark */
	TOK_QOPEN = 1u << 8,    /* quotation mark that opens (by shape or position) */
	TOK_QCLOSE = 1u << 9,   /* quotation mark that closes */
	TOK_SPACE = 1u << 10,   /* white space before this token */
	TOK_NL = 1u << 11,      /* a line break before this token */
	TOK_PARA = 1u << 12,    /* a blank line before this token (new paragraph) */
	TOK_ABBR = 1u << 13,    /* abbreviation, its final '.' included ("Dr.", "Mio.") */
	TOK_ORD = 1u << 14,     /* ordinal: digits and a '.' ("1.") */
	TOK_ALNUM = 1u << 15,   /* letters and digits mixed ("F-35", "G20") */
	TOK_LOWER = 1u << 16,   /* first letter lower case */
	TOK_HEADLINE = 1u << 17, /* in a line without final punctuation (title, teaser head) */
	TOK_LEAD = 1u << 18     /* a word a figure or a date may start at (tok_lead): a
				   word without it starts neither */
};

/* Token byte classes (struct tok.cls): the bytes of these kinds its text
 * holds, so that a stage testing for them needs no pass over the text. */
enum { TOKC_DOT = 1, TOKC_HYPHEN = 2, TOKC_DIGIT = 4, TOKC_APOS = 8 };

struct tok {
	uint32_t start, end;    /* bytes in doc->text */
	uint32_t flags;
	uint32_t sent;          /* sentence index */
	const char *key;        /* lookup key (utf8_fold), NUL-terminated, in the arena */
	uint32_t keylen;
	uint8_t cls;            /* TOKC_*: '.', '-', '\'' or a digit in the text */
	uint64_t hash;          /* hash_bytes(key, keylen) */
};

struct sent {
	uint32_t t0, t1;        /* tokens [t0, t1) */
	uint32_t start, end;    /* bytes */
};

enum etype { ET_PER, ET_LOC, ET_ORG, ET_MISC, ET_N };
enum eform { EF_NAME, EF_DERIVED, EF_PART };
enum esrc { ES_GAZ, ES_RULE, ES_CLUSTER };

/* Mention flags. */
enum {
	MF_GENITIVE = 1u << 0,  /* matched with a genitive ending ("Trumps") */
	MF_DEAD = 1u << 1,      /* lost overlap resolution: not emitted */
	MF_SURNAME = 1u << 2,   /* a surname alone, to be joined to a full name */
	MF_HEADLINE = 1u << 3
};

struct mention {
	uint32_t start, end;    /* bytes */
	uint32_t t0, t1;        /* tokens [t0, t1) */
	uint8_t type, form, source, flags;
	float score;            /* higher wins overlaps */
	int32_t entry;          /* gazetteer entry, or -1 */
	const char *canon;      /* canonical name (model- or arena-owned) */
	const char *kb;         /* Wikidata id or NULL */
	const char *rule;       /* id of the rule, or NULL for gazetteer matches */
	int32_t ent;            /* entity index after clustering, else -1 */
	const int32_t *cand;    /* other gazetteer entries for the same form */
	uint32_t ncand;
};

struct entity {
	uint8_t type;
	const char *name;       /* canonical */
	const char *kb;
	int32_t entry;          /* gazetteer entry or -1 */
	float salience;
	uint32_t nment;
	uint32_t first;         /* index of its first mention */
	const int32_t *cand;    /* other gazetteer entries with the same surface form */
	uint32_t ncand;
};

enum fkind { FK_PERCENT, FK_MONEY, FK_QUANTITY, FK_COUNT };
enum fbound { FB_NONE, FB_MIN, FB_MAX };

struct figure {
	uint32_t start, end;    /* number + scale + unit, no qualifier */
	uint8_t kind, approx, bound, pad;
	double value;
	char currency[4];       /* ISO 4217 for money, else "" */
	const char *unit;       /* normalised unit ("km", "pp", "Grad Celsius") or NULL */
	const char *counted;    /* counted noun for counts ("Jahre") or NULL */
	const char *of;         /* head noun measured, or NULL */
	uint32_t of_start, of_end;
	int32_t equivalent;     /* index of the figure this one restates, or -1 */
	int32_t range;          /* the other end of a range, or -1 */
};

enum dmod { DM_NONE, DM_START, DM_MID, DM_END };

struct date {
	uint32_t start, end;
	char value[24];         /* ISO 8601: 2025-10-28, 2025-10, 2025, 2025-W43, 2025-Q3, 2025-H1 */
	uint8_t mod;            /* enum dmod */
};

enum rtype { RT_ROLE, RT_MEMBER, RT_QUOTE, RT_FIGURE_OF, RT_EQUIV, RT_MEETING, RT_ROLE_CHANGE,
	     RT_ACQUISITION, RT_N };
enum qkind { QK_DIRECT, QK_INDIRECT };
enum mkind { MK_MEETING, MK_VISIT };     /* meeting: "traf", "besuchte" */
enum ckind { CK_START, CK_END };         /* role_change: "wird neuer ...", "tritt zurück" */

struct relation {
	uint8_t type, kind;     /* kind: enum qkind, mkind or ckind by type */
	int32_t a;              /* role, member_of, role_change: person entity; quote:
				   speaker entity; figure_of, equivalent: figure;
				   meeting: one side; acquisition: buyer */
	int32_t b;              /* role, role_change: org entity or -1; member_of: org
				   entity; equivalent: the other figure; meeting: the
				   other side or -1 (a visit); acquisition: target */
	int32_t c;              /* meeting: place entity; acquisition: price figure; else -1 */
	const char *role;       /* role, nominative singular (role, role_change) */
	uint32_t qstart, qend;  /* quote: the quoted words, no marks */
	uint32_t start, end;    /* evidence span */
	const char *rule;       /* id of the rule that made it */
};

/* A growable array inside the arena: DOC_PUSH(d, fig) returns a pointer to a
 * new zeroed element at the end of d->fig (count d->nfig, capacity
 * d->cap_fig).  Pointers to earlier elements are invalid after a push. */
void *doc_push_(struct arena *a, void **arr, uint32_t *n, uint32_t *cap, size_t size);
#define DOC_PUSH(d, arr)                                                   \
	((__typeof__((d)->arr))doc_push_((d)->ar, (void **)&(d)->arr,      \
					 &(d)->n##arr, &(d)->cap_##arr,    \
					 sizeof(*(d)->arr)))

#define DOC_MAX_WARN 16

struct doc {
	const char *text;
	uint32_t len;
	struct arena *ar;
	const struct model *m;
	int lang;               /* NERD_LANG_DE or NERD_LANG_EN */
	int year, month, day;   /* the article's date */
	int wday;               /* its weekday, 0 = Monday */
	int bias;               /* enum nerd_bias: how dates without a year resolve */

	struct tok *tok;
	uint32_t ntok, cap_tok;
	struct sent *sent;
	uint32_t nsent, cap_sent;
	struct mention *ment;
	uint32_t nment, cap_ment;
	struct entity *ent;
	uint32_t nent, cap_ent;
	struct figure *fig;
	uint32_t nfig, cap_fig;
	struct date *date;
	uint32_t ndate, cap_date;
	struct relation *rel;
	uint32_t nrel, cap_rel;

	const char *warn[DOC_MAX_WARN];
	uint32_t nwarn;
	int partial;
	const char *partial_reason;

	/* Per token: the lists of m->lex holding its key (lex_mask_h), filled
	 * by tok_run when the document has a model, else NULL; tok_lex_get
	 * reads it. */
	uint64_t *tokmask;
};

void doc_warn(struct doc *d, const char *msg);
/* Marks the response partial (a pattern hit its limit); the first reason stays. */
void doc_partial(struct doc *d, const char *reason);
/* How often doc_partial was called in this process (PCRE2 limit hits). */
uint64_t doc_partial_count(void);
/* Adds d's entities, figures, dates and relations to process-wide counters
 * (called once per emitted response); doc_emitted_counts reads them in that
 * order. */
void doc_count_emitted(const struct doc *d);
void doc_emitted_counts(uint64_t out[4]);
/* The token index containing byte offset off, or the next token after it. */
uint32_t doc_tok_at(const struct doc *d, uint32_t off);

#endif
