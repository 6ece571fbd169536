/* clus.c -- placeholder. */
#include "config.h"
#include "clus.h"
void clus_run(struct doc *d) {}
