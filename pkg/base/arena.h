/* SPDX-License-Identifier: MIT */
/*
 * arena.h - a bump allocator for the many small strings of a cohort; all
 * of it is freed at once.
 */
#ifndef EIP_ARENA_H
#define EIP_ARENA_H

#include <stddef.h>

typedef struct eip_arena_block eip_arena_block;

typedef struct eip_arena {
    eip_arena_block *head;
} eip_arena;

#define EIP_ARENA_INIT                                                         \
    {                                                                          \
        NULL                                                                   \
    }

/* size bytes aligned for any type, zeroed; NULL when out of memory. */
void *eip_arena_alloc(eip_arena *a, size_t size);
/* A copy of s (NULL gives NULL, and so does running out of memory). */
char *eip_arena_strdup(eip_arena *a, const char *s);
char *eip_arena_strndup(eip_arena *a, const char *s, size_t n);
/* Forget everything allocated, keeping one block for reuse. */
void eip_arena_reset(eip_arena *a);
void eip_arena_free(eip_arena *a);

#endif
