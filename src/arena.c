/* arena.c -- per-request bump allocator over a list of chunks. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "util.h"

struct chunk {
	struct chunk *next;
	size_t size, used;
	_Alignas(16) unsigned char mem[];
};

struct arena {
	struct chunk *head;     /* current chunk */
	struct chunk *first;    /* kept by arena_reset */
	size_t total;
};

static struct chunk *chunk_new(size_t size)
{
	struct chunk *c = xmalloc(sizeof(*c) + size);
	c->next = NULL;
	c->size = size;
	c->used = 0;
	return c;
}

struct arena *arena_new(size_t first_chunk)
{
	struct arena *a = xmalloc(sizeof(*a));
	if (first_chunk < 4096)
		first_chunk = 4096;
	a->first = a->head = chunk_new(first_chunk);
	a->total = 0;
	return a;
}

static void free_chain(struct chunk *c, struct chunk *stop)
{
	while (c && c != stop) {
		struct chunk *n = c->next;
		free(c);
		c = n;
	}
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	free_chain(a->head, NULL);
	free(a);
}

void arena_reset(struct arena *a)
{
	/* Chunks are linked newest first, ending with a->first. */
	free_chain(a->head, a->first);
	a->head = a->first;
	a->first->next = NULL;
	a->first->used = 0;
	a->total = 0;
}

void *arena_alloc(struct arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	struct chunk *c = a->head;
	if (c->size - c->used < n) {
		size_t size = c->size * 2;
		if (size < n)
			size = n;
		if (size > (64u << 20) && n < (64u << 20))
			size = MAX(n, (size_t)64 << 20);
		struct chunk *nc = chunk_new(size);
		nc->next = c;
		a->head = c = nc;
	}
	void *p = c->mem + c->used;
	c->used += n;
	a->total += n;
	return p;
}

void *arena_zalloc(struct arena *a, size_t n)
{
	void *p = arena_alloc(a, n);
	memset(p, 0, n);
	return p;
}

void *arena_grow(struct arena *a, void *p, size_t old_n, size_t new_n)
{
	if (new_n <= old_n)
		return p;
	struct chunk *c = a->head;
	size_t old_r = (old_n + 15) & ~(size_t)15;
	/* Extend in place when p is the chunk's last allocation. */
	if (p && (unsigned char *)p + old_r == c->mem + c->used) {
		size_t extra = ((new_n + 15) & ~(size_t)15) - old_r;
		if (c->size - c->used >= extra) {
			c->used += extra;
			a->total += extra;
			return p;
		}
	}
	void *q = arena_alloc(a, new_n);
	if (p && old_n)
		memcpy(q, p, old_n);
	return q;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

size_t arena_used(const struct arena *a)
{
	return a->total;
}
