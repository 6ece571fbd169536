/* lang.h -- language detection for lang "auto": German or English.
 * lang_detect reads the first few sentences of a text and counts the
 * function words of each language; it allocates nothing, keeps no state
 * and is safe from any thread. */
#ifndef NERD_LANG_H
#define NERD_LANG_H

#include <stddef.h>

/* Looks at most this many words from the start of the text. */
enum { LANG_WORDS = 200 };

/* NERD_LANG_DE or NERD_LANG_EN for text[0, len): the language whose
 * function words are more frequent among the first words (at most
 * LANG_WORDS, ending at the fourth sentence end).  Ties and texts without
 * any function word give German, the default language.  When de or en are
 * not NULL they receive the two counts (for tests and logs). */
int lang_detect(const char *text, size_t len, int *de, int *en);

#endif
