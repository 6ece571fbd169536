/* clus.h -- mention clustering: joins surname, genitive and acronym mentions
 * to the full name they refer to, gives every entity its canonical name and
 * salience, and fills doc->ent (mention.ent points into it). */
#ifndef CLUS_H
#define CLUS_H

struct doc;
void clus_run(struct doc *d);

#endif
