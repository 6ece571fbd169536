/* ner.h -- overlap resolution: among the candidate mentions from gazetteers
 * and rules, keep the best non-overlapping set (longer, more specific, higher
 * score), drop mentions inside figures and dates, and mark losers MF_DEAD. */
#ifndef NER_H
#define NER_H

struct doc;
void ner_resolve(struct doc *d);

#endif
