/* SPDX-License-Identifier: MIT */
/*
 * strmap.h - a map from strings to indices (learners by enrolment number,
 * activities by ID).  Keys are not copied: they must outlive the map.
 */
#ifndef EIP_STRMAP_H
#define EIP_STRMAP_H

#include <stddef.h>

typedef struct eip_strmap {
    const char **keys;
    size_t *values;
    size_t count;
    size_t cap; /* a power of two, or 0 */
} eip_strmap;

#define EIP_STRMAP_INIT                                                        \
    {                                                                          \
        NULL, NULL, 0, 0                                                       \
    }

/* Insert or replace; 0 or EIP_ENOMEM. */
int eip_strmap_put(eip_strmap *m, const char *key, size_t value);
/* 1 and *value set when found, else 0. */
int eip_strmap_get(const eip_strmap *m, const char *key, size_t *value);
void eip_strmap_free(eip_strmap *m);

#endif
