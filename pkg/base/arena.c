/* SPDX-License-Identifier: MIT */
#include "base/arena.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_BYTES (64u * 1024u)

struct eip_arena_block {
    eip_arena_block *next;
    size_t used;
    size_t size;
    alignas(max_align_t) unsigned char data[];
};

void *eip_arena_alloc(eip_arena *a, size_t size)
{
    const size_t align = alignof(max_align_t);
    eip_arena_block *b = a->head;
    size_t need = (size + align - 1) / align * align;

    if (need < size) {
        return NULL;
    }
    if (b == NULL || b->size - b->used < need) {
        size_t bytes = need > BLOCK_BYTES ? need : BLOCK_BYTES;

        b = malloc(sizeof(*b) + bytes);
        if (b == NULL) {
            return NULL;
        }
        b->size = bytes;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    b->used += need;
    memset(b->data + b->used - need, 0, need);
    return b->data + b->used - need;
}

char *eip_arena_strndup(eip_arena *a, const char *s, size_t n)
{
    char *p;

    if (s == NULL) {
        return NULL;
    }
    p = eip_arena_alloc(a, n + 1);
    if (p != NULL) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *eip_arena_strdup(eip_arena *a, const char *s)
{
    return s == NULL ? NULL : eip_arena_strndup(a, s, strlen(s));
}

void eip_arena_free(eip_arena *a)
{
    eip_arena_block *b = a->head;

    while (b != NULL) {
        eip_arena_block *next = b->next;

        free(b);
        b = next;
    }
    a->head = NULL;
}

void eip_arena_reset(eip_arena *a)
{
    eip_arena_block *keep = a->head;

    if (keep == NULL) {
        return;
    }
    a->head = keep->next;
    eip_arena_free(a);
    keep->next = NULL;
    keep->used = 0;
    a->head = keep;
}
