/* SPDX-License-Identifier: MIT */
#include "base/strmap.h"

#include "base/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t hash(const char *s)
{
    uint64_t h = 14695981039346656037ull;

    for (; *s != '\0'; s++) {
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    }
    return (size_t)(h ^ (h >> 29));
}

static size_t slot(const eip_strmap *m, const char *key)
{
    size_t i = hash(key) & (m->cap - 1);

    while (m->keys[i] != NULL && strcmp(m->keys[i], key) != 0) {
        i = (i + 1) & (m->cap - 1);
    }
    return i;
}

static int grow(eip_strmap *m)
{
    eip_strmap bigger = EIP_STRMAP_INIT;

    bigger.cap = m->cap != 0 ? m->cap * 2 : 64;
    bigger.keys = calloc(bigger.cap, sizeof(*bigger.keys));
    bigger.values = calloc(bigger.cap, sizeof(*bigger.values));
    if (bigger.keys == NULL || bigger.values == NULL) {
        eip_strmap_free(&bigger);
        return EIP_ENOMEM;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (m->keys[i] != NULL) {
            size_t j = slot(&bigger, m->keys[i]);

            bigger.keys[j] = m->keys[i];
            bigger.values[j] = m->values[i];
            bigger.count++;
        }
    }
    eip_strmap_free(m);
    *m = bigger;
    return 0;
}

int eip_strmap_put(eip_strmap *m, const char *key, size_t value)
{
    size_t i;

    if ((m->count + 1) * 2 > m->cap && grow(m) != 0) {
        return EIP_ENOMEM;
    }
    i = slot(m, key);
    if (m->keys[i] == NULL) {
        m->keys[i] = key;
        m->count++;
    }
    m->values[i] = value;
    return 0;
}

int eip_strmap_get(const eip_strmap *m, const char *key, size_t *value)
{
    size_t i;

    if (m->cap == 0) {
        return 0;
    }
    i = slot(m, key);
    if (m->keys[i] == NULL) {
        return 0;
    }
    *value = m->values[i];
    return 1;
}

void eip_strmap_free(eip_strmap *m)
{
    free(m->keys);
    free(m->values);
    m->keys = NULL;
    m->values = NULL;
    m->count = 0;
    m->cap = 0;
}
