/* lex.h -- named word lists loaded from gazetteers/lists/: given names,
 * common nouns, role words, function words, abbreviations ...  Each list is a
 * set of lookup keys (utf8_fold) with an optional value.  Built once per
 * model, read-only afterwards. */
#ifndef LEX_H
#define LEX_H

#include <stddef.h>
#include <stdint.h>

struct lex;
struct tok;

/* Loads every DIR/lists/NAME.txt (one entry per line) and NAME.tsv (key TAB
 * value) as list NAME; '#' starts a comment line.  Returns 0 or NERD_EIO /
 * NERD_EDATA with "file:line: reason" in err. */
int lex_load(const char *dir, struct lex **out, char *err, size_t errlen);
void lex_free(struct lex *x);
/* The id of list NAME, or -1 when no such list was loaded. */
int lex_list(const struct lex *x, const char *name);
/* Looks up a folded key (as in struct tok) in a list: returns the entry's
 * value ("" for lists without values) or NULL when absent.  list -1 gives NULL. */
const char *lex_get(const struct lex *x, int list, const char *key, size_t keylen);
static inline int lex_has(const struct lex *x, int list, const char *key, size_t keylen)
{
	return lex_get(x, list, key, keylen) != NULL;
}
/* As lex_get, with keyhash = hash_bytes(key, keylen) already known (struct
 * tok carries it): no hashing. */
const char *lex_get_h(const struct lex *x, int list, const char *key, size_t keylen,
		      uint64_t keyhash);
/* The lists holding a folded key, as a bit set: bit l for list l.  Only lists
 * with ids below LEX_MASK_LISTS are covered; ask lex_get for the others.
 * One probe for all lists -- per token once instead of once per list test. */
#define LEX_MASK_LISTS 64
uint64_t lex_mask(const struct lex *x, const char *key, size_t keylen);
uint64_t lex_mask_h(const struct lex *x, const char *key, size_t keylen, uint64_t keyhash);
/* lex_mask_h of each of the n tokens t into out[0..n).  A stage that looks
 * up the same tokens in several lists asks once per token, and then
 * lex_get_tm answers most lookups with a bit test. */
void lex_tok_masks(const struct lex *x, const struct tok *t, uint32_t n, uint64_t *out);
/* lex_get_h for a key list is known to hold (its lex_mask_h has bit list
 * set): the filters that turn absent keys away are skipped. */
const char *lex_get_in(const struct lex *x, int list, const char *key, size_t keylen,
		       uint64_t keyhash);
/* lex_get_h for a key whose lex_mask_h is mask (the same answers); mask ~0
 * stands for "not known". */
static inline const char *lex_get_tm(const struct lex *x, int list, const char *key, size_t keylen,
				     uint64_t keyhash, uint64_t mask)
{
	if (list >= 0 && list < LEX_MASK_LISTS) {
		if (!(mask >> list & 1))
			return NULL;
		if (mask != ~0ull)
			return lex_get_in(x, list, key, keylen, keyhash);
	}
	return lex_get_h(x, list, key, keylen, keyhash);
}
/* The key lengths in bytes present in list: bit k for k bytes (bit 63: 63 or
 * more).  Lets a caller skip lookups of substrings no entry can equal. */
uint64_t lex_lens(const struct lex *x, int list);
/* 1 when some key of list starts with byte b: a key whose first byte no
 * key has can be turned away (or no lookup begun at it) without hashing. */
int lex_first_byte(const struct lex *x, int list, unsigned char b);
/* 1 when some key of list ends with byte b. */
int lex_last_byte(const struct lex *x, int list, unsigned char b);
/* Prefix sets, for lookups of several joined tokens: after
 * lex_index_prefixes(x, list) (at load time, after the list's last lex_add),
 * lex_prefix_h answers 0 only when no key of list starts with the folded key
 * (keyhash = hash_bytes(key, keylen), as struct tok carries it), so a caller
 * can skip every longer lookup that would begin with it.  For a list never
 * indexed it answers 1.  Prefixes end on character boundaries. */
void lex_index_prefixes(struct lex *x, int list);
int lex_prefix_h(const struct lex *x, int list, const char *key, size_t keylen,
		 uint64_t keyhash);
/* Adds every prefix (ending on a character boundary) of every key of list
 * to list plist, so that plist's bit in a key's mask (lex_tok_masks) tells
 * exactly whether some key of list starts with it. */
void lex_add_prefixes(struct lex *x, int list, int plist);
/* Suffix filter, for lookups of the suffixes of one word: lex_tails fills
 * out[j] (j = 0..keylen, so keylen + 1 slots) with a hash of key[j..keylen)
 * in one pass from the end; lex_tail_maybe(x, list, out[j]) answers 0 only
 * when no key of list equals that suffix (a lex from lex_load; 1 for any
 * other), so a caller skips most lex_get of suffixes without hashing them. */
void lex_tails(const char *key, size_t keylen, uint64_t *out);
int lex_tail_maybe(const struct lex *x, int list, uint64_t tailhash);
/* Both over one word in one call: bit j of the result, for lo <= j <= hi
 * (hi < keylen, hi < 64), is lex_tail_maybe of key[j..keylen)'s hash. */
uint64_t lex_tail_bits(const struct lex *x, int list, const char *key, size_t keylen, size_t lo,
		       size_t hi);
/* Calls fn(key, keylen, arg) for every (folded) key of list, in no
 * particular order. */
void lex_each(const struct lex *x, int list, void (*fn)(const char *key, size_t kl, void *arg),
	      void *arg);
/* Adds an entry (used by lex_load and by tests); key is folded here. */
void lex_add(struct lex *x, int list, const char *word, size_t n, const char *value);
/* Creates an empty set of lists / a new named list (returns its id). */
struct lex *lex_new(void);
int lex_new_list(struct lex *x, const char *name);
size_t lex_size(const struct lex *x, int list);
int lex_nlists(const struct lex *x);
const char *lex_list_name(const struct lex *x, int list);

#endif
