/* SPDX-License-Identifier: MIT */
#include "findings/findings.h"

#include "base/arena.h"
#include "base/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How many findings of one code one file produced, for the per-file cap. */
typedef struct tally {
    const char *code;
    const char *file;
    eip_severity severity;
    size_t count;
} tally;

struct eip_findings {
    eip_arena strings;
    eip_finding *items;
    size_t count;
    size_t cap;
    tally *tallies; /* open addressing, cap always a power of two */
    size_t ntallies;
    size_t tally_cap;
    int last_kept; /* whether the last add was kept (for tagging) */
};

int eip_findings_new(eip_findings **out)
{
    *out = calloc(1, sizeof(**out));
    return *out != NULL ? 0 : EIP_ENOMEM;
}

void eip_findings_free(eip_findings *f)
{
    if (f == NULL) {
        return;
    }
    eip_arena_free(&f->strings);
    free(f->items);
    free(f->tallies);
    free(f);
}

static uint64_t hash_str(uint64_t h, const char *s)
{
    for (; s != NULL && *s != '\0'; s++) {
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    }
    return (h ^ 0xff) * 1099511628211ull;
}

static int same(const char *a, const char *b)
{
    if (a == NULL || b == NULL) {
        return a == b;
    }
    return strcmp(a, b) == 0;
}

static int grow_tallies(eip_findings *f)
{
    size_t cap = f->tally_cap != 0 ? f->tally_cap * 2 : 64;
    tally *t = calloc(cap, sizeof(*t));

    if (t == NULL) {
        return EIP_ENOMEM;
    }
    for (size_t i = 0; i < f->tally_cap; i++) {
        tally *old = &f->tallies[i];
        size_t j;

        if (old->code == NULL) {
            continue;
        }
        j = hash_str(hash_str(14695981039346656037ull, old->code), old->file) &
            (cap - 1);
        while (t[j].code != NULL) {
            j = (j + 1) & (cap - 1);
        }
        t[j] = *old;
    }
    free(f->tallies);
    f->tallies = t;
    f->tally_cap = cap;
    return 0;
}

/* The tally of (code, file), made if new; NULL when out of memory. */
static tally *find_tally(eip_findings *f, const char *code, const char *file)
{
    size_t j;

    if (f->ntallies * 2 >= f->tally_cap && grow_tallies(f) != 0) {
        return NULL;
    }
    j = hash_str(hash_str(14695981039346656037ull, code), file) &
        (f->tally_cap - 1);
    while (f->tallies[j].code != NULL) {
        if (same(f->tallies[j].code, code) && same(f->tallies[j].file, file)) {
            return &f->tallies[j];
        }
        j = (j + 1) & (f->tally_cap - 1);
    }
    f->tallies[j].code = eip_arena_strdup(&f->strings, code);
    f->tallies[j].file = eip_arena_strdup(&f->strings, file);
    if (f->tallies[j].code == NULL) {
        return NULL;
    }
    f->ntallies++;
    return &f->tallies[j];
}

static int push(eip_findings *f, const eip_finding *src)
{
    eip_finding *d;

    if (f->count == f->cap) {
        size_t cap = f->cap != 0 ? f->cap * 2 : 32;
        eip_finding *p = realloc(f->items, cap * sizeof(*p));

        if (p == NULL) {
            return EIP_ENOMEM;
        }
        f->items = p;
        f->cap = cap;
    }
    d = &f->items[f->count];
    *d = *src;
    d->code = eip_arena_strdup(&f->strings, src->code);
    d->file = eip_arena_strdup(&f->strings, src->file);
    d->sheet = eip_arena_strdup(&f->strings, src->sheet);
    d->message = eip_arena_strdup(&f->strings, src->message);
    d->hint = eip_arena_strdup(&f->strings, src->hint != NULL ? src->hint : "");
    if (d->code == NULL || d->message == NULL || d->hint == NULL) {
        return EIP_ENOMEM;
    }
    f->count++;
    return 0;
}

int eip_findings_add(eip_findings *f, eip_severity sev, const char *code,
                     const char *file, const char *sheet, unsigned long row,
                     unsigned long column, const char *hint, const char *fmt,
                     ...)
{
    eip_buf msg = EIP_BUF_INIT;
    eip_finding item = {0};
    tally *t;
    va_list ap;
    int rc;

    f->last_kept = 0;
    t = find_tally(f, code, file);
    if (t == NULL) {
        return EIP_ENOMEM;
    }
    t->severity = sev;
    if (++t->count > EIP_FINDINGS_PER_FILE && file != NULL) {
        return 0;
    }
    va_start(ap, fmt);
    rc = eip_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    item =
        (eip_finding){code, sev,  file, sheet, row, column, eip_buf_str(&msg),
                      hint, NULL, NULL};
    if (rc == 0) {
        rc = push(f, &item);
    }
    f->last_kept = rc == 0;
    eip_buf_free(&msg);
    return rc;
}

void eip_findings_tag(eip_findings *f, const char *activity,
                      const char *learner)
{
    eip_finding *last;

    if (!f->last_kept || f->count == 0) {
        return;
    }
    last = &f->items[f->count - 1];
    if (activity != NULL) {
        last->activity = eip_arena_strdup(&f->strings, activity);
    }
    if (learner != NULL) {
        last->learner = eip_arena_strdup(&f->strings, learner);
    }
}

int eip_findings_add_error(eip_findings *f, eip_severity sev,
                           const char *fallback_code, const eip_error *err)
{
    const char *code = err->finding[0] != '\0' ? err->finding : fallback_code;

    return eip_findings_add(f, sev, code, err->file[0] ? err->file : NULL,
                            err->sheet[0] ? err->sheet : NULL, err->row,
                            err->column, err->hint, "%s", err->message);
}

static int cmp_opt_str(const char *a, const char *b)
{
    if (a == NULL || b == NULL) {
        return (a != NULL) - (b != NULL);
    }
    return strcmp(a, b);
}

static int cmp_findings(const void *pa, const void *pb)
{
    const eip_finding *a = pa;
    const eip_finding *b = pb;
    int c;

    if (a->severity != b->severity) {
        return (int)a->severity - (int)b->severity;
    }
    c = cmp_opt_str(a->file, b->file);
    if (c == 0) {
        c = cmp_opt_str(a->sheet, b->sheet);
    }
    if (c == 0 && a->row != b->row) {
        c = a->row < b->row ? -1 : 1;
    }
    if (c == 0 && a->column != b->column) {
        c = a->column < b->column ? -1 : 1;
    }
    if (c == 0) {
        c = strcmp(a->code, b->code);
    }
    return c != 0 ? c : strcmp(a->message, b->message);
}

static void add_summaries(eip_findings *f)
{
    for (size_t i = 0; i < f->tally_cap; i++) {
        const tally *t = &f->tallies[i];
        eip_finding item;
        char msg[160];

        if (t->code == NULL || t->count <= EIP_FINDINGS_PER_FILE ||
            t->file == NULL) {
            continue;
        }
        snprintf(msg, sizeof(msg),
                 "%zu more findings '%s' in this file "
                 "are not listed",
                 t->count - EIP_FINDINGS_PER_FILE, t->code);
        item = (eip_finding){
            t->code, t->severity,
            t->file, NULL,
            0,       0,
            msg,     "fix the ones listed, then run the check again",
            NULL,    NULL};
        push(f, &item);
    }
}

void eip_findings_sort(eip_findings *f)
{
    add_summaries(f);
    if (f->count > 1) {
        qsort(f->items, f->count, sizeof(*f->items), cmp_findings);
    }
}

size_t eip_findings_count(const eip_findings *f)
{
    return f->count;
}

const eip_finding *eip_findings_get(const eip_findings *f, size_t i)
{
    return i < f->count ? &f->items[i] : NULL;
}

size_t eip_findings_count_severity(const eip_findings *f, eip_severity sev)
{
    size_t n = 0;

    for (size_t i = 0; i < f->count; i++) {
        n += f->items[i].severity == sev;
    }
    return n;
}

int eip_findings_has(const eip_findings *f, const char *code)
{
    for (size_t i = 0; i < f->count; i++) {
        if (strcmp(f->items[i].code, code) == 0) {
            return 1;
        }
    }
    return 0;
}

const char *eip_severity_name(eip_severity sev)
{
    switch (sev) {
    case EIP_SEV_ERROR:
        return "error";
    case EIP_SEV_WARNING:
        return "warning";
    default:
        return "info";
    }
}
