/* arena.h -- per-request memory: a bump allocator over chunks, freed all at
 * once.  Nothing allocated here may outlive arena_free(); nothing is freed
 * one by one. */
#ifndef ARENA_H
#define ARENA_H

#include <stddef.h>

struct arena;

struct arena *arena_new(size_t first_chunk);
void arena_free(struct arena *a);
/* Forgets every allocation but keeps the first chunk for reuse. */
void arena_reset(struct arena *a);
/* 16-byte aligned, never NULL (aborts when memory is exhausted). */
void *arena_alloc(struct arena *a, size_t n);
void *arena_zalloc(struct arena *a, size_t n);
/* Grows an array allocated in the arena: returns a block of new_n bytes
 * whose first old_n bytes equal p's.  p may be NULL. */
void *arena_grow(struct arena *a, void *p, size_t old_n, size_t new_n);
char *arena_strndup(struct arena *a, const char *s, size_t n);
size_t arena_used(const struct arena *a);

#endif
