/* lang.c -- German or English from a function-word profile.  The profile is
 * a pair of sorted word lists compiled in: the commonest short words of
 * each language that the other does not share ("die", "und", "nicht";
 * "the", "and", "not").  A word counts when its lower-case ASCII form is
 * in a list; words with umlauts or ß count for German by themselves. */
#include "lang.h"

#include <stdlib.h>
#include <string.h>

#include "nerd.h"

/* Sorted (strcmp) for bsearch; no word in both lists ("was", "in", "an",
 * "so", "also" are in neither). */
static const char *const lang_de[] = {
	"aber", "als", "am", "auch", "auf", "aus", "bei", "bis", "das", "dass", "dem",
	"den", "der", "des", "die", "doch", "durch", "ein", "eine", "einem", "einen",
	"einer", "eines", "er", "es", "gegen", "haben", "hat", "hatte", "ich", "ihr",
	"ihre", "im", "ist", "jetzt", "kann", "mit", "nach", "nicht", "noch", "nur",
	"oder", "sei", "seit", "sich", "sie", "sind", "soll", "sollen", "um", "und",
	"uns", "vom", "von", "vor", "war", "waren", "werden", "wie", "wir", "wird",
	"wurde", "wurden", "zu", "zum", "zur", "zwei",
};

static const char *const lang_en[] = {
	"a", "about", "after", "amid", "and", "are", "as", "at", "be", "been", "but",
	"by", "could", "for", "from", "had", "has", "have", "he", "her", "his",
	"into", "is", "it", "its", "more", "new", "not", "of", "on", "or", "over",
	"said", "says", "she", "should", "than", "that", "the", "their", "there",
	"these", "they", "this", "those", "to", "two", "up", "we", "were",
	"what", "when", "which", "while", "who", "will", "with", "would", "you",
};

static int lang_cmp(const void *a, const void *b)
{
	return strcmp(a, *(const char *const *)b);
}

static int lang_in(const char *w, const char *const *list, size_t n)
{
	return bsearch(w, list, n, sizeof(*list), lang_cmp) != NULL;
}

int lang_detect(const char *text, size_t len, int *de, int *en)
{
	int nde = 0, nen = 0, words = 0, ends = 0;
	size_t i = 0;
	while (i < len && words < LANG_WORDS && ends < 4) {
		unsigned char c = (unsigned char)text[i];
		if (!((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && c < 0x80) {
			/* a sentence end: . ! ? followed by space or the end */
			if ((c == '.' || c == '!' || c == '?') &&
			    (i + 1 == len || text[i + 1] == ' ' || text[i + 1] == '\n'))
				ends++;
			i++;
			continue;
		}
		char w[16];
		size_t n = 0;
		int umlaut = 0, other = 0;
		while (i < len) {
			c = (unsigned char)text[i];
			if (c >= 0x80) {
				/* ä ö ü Ä Ö Ü ß are C3 A4/B6/BC/84/96/9C/9F in UTF-8 */
				if (c == 0xC3 && i + 1 < len &&
				    strchr("\xA4\xB6\xBC\x84\x96\x9C\x9F", text[i + 1]) && text[i + 1])
					umlaut = 1;
				else
					other = 1;
				i++;
				continue;
			}
			if (!((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
				break;
			if (n < sizeof(w) - 1)
				w[n] = (char)(c | 0x20);
			n++;
			i++;
		}
		words++;
		if (umlaut) {
			nde++;
			continue;
		}
		if (other || n >= sizeof(w))
			continue;
		w[n] = '\0';
		if (lang_in(w, lang_de, sizeof(lang_de) / sizeof(*lang_de)))
			nde++;
		else if (lang_in(w, lang_en, sizeof(lang_en) / sizeof(*lang_en)))
			nen++;
	}
	if (de)
		*de = nde;
	if (en)
		*en = nen;
	return nen > nde ? NERD_LANG_EN : NERD_LANG_DE;
}
