/* SPDX-License-Identifier: MIT */
/*
 * sheet_row.c - the row being read: cells placed by column, gaps filled
 * with empty cells, trailing empty cells left out.
 */
#include "sheet/sheet_impl.h"

#include <stdlib.h>
#include <string.h>

/* At most this many hidden column ranges are remembered per sheet. */
#define MAX_HIDDEN_RANGES 4096

void sheet_row_reset(sheet_row *r)
{
    r->nslots = 0;
    r->used = 0;
    eip_buf_reset(&r->text);
}

static int reserve(sheet_row *r, size_t n)
{
    sheet_slot *slots;
    eip_cell *cells;
    size_t cap = r->cap != 0 ? r->cap : 16;

    if (n <= r->cap) {
        return 0;
    }
    while (cap < n) {
        cap *= 2;
    }
    slots = realloc(r->slots, cap * sizeof(*slots));
    if (slots == NULL) {
        return EIP_ENOMEM;
    }
    r->slots = slots;
    cells = realloc(r->cells, cap * sizeof(*cells));
    if (cells == NULL) {
        return EIP_ENOMEM;
    }
    r->cells = cells;
    r->cap = cap;
    return 0;
}

/* Slots up to last (1-based) exist; the new ones are empty. */
static int extend(sheet_row *r, unsigned long last)
{
    if (reserve(r, (size_t)last) != 0) {
        return EIP_ENOMEM;
    }
    while (r->nslots < (size_t)last) {
        memset(&r->slots[r->nslots], 0, sizeof(r->slots[0]));
        r->slots[r->nslots++].kind = EIP_CELL_EMPTY;
    }
    if ((size_t)last > r->used) {
        r->used = (size_t)last;
    }
    return 0;
}

int sheet_row_place(sheet_row *r, unsigned long first, unsigned long last,
                    eip_cell_kind kind, const char *text, size_t len)
{
    size_t off = r->text.len;
    unsigned long c;

    if (kind == EIP_CELL_EMPTY || len == 0 || first == 0 || last < first) {
        return 0;
    }
    if (extend(r, last) != 0 || eip_buf_append(&r->text, text, len) != 0 ||
        eip_buf_putc(&r->text, '\0') != 0) {
        return EIP_ENOMEM;
    }
    for (c = first; c <= last; c++) {
        sheet_slot *s = &r->slots[c - 1];

        s->ptr = NULL;
        s->off = off;
        s->len = len;
        s->kind = kind;
    }
    return 0;
}

int sheet_row_place_ref(sheet_row *r, unsigned long column, eip_cell_kind kind,
                        const char *text, size_t len)
{
    sheet_slot *s;

    if (kind == EIP_CELL_EMPTY || len == 0 || column == 0) {
        return 0;
    }
    if (extend(r, column) != 0) {
        return EIP_ENOMEM;
    }
    s = &r->slots[column - 1];
    s->ptr = text;
    s->off = 0;
    s->len = len;
    s->kind = kind;
    return 0;
}

void sheet_row_out(sheet_row *r, eip_row *out, unsigned long number)
{
    size_t i;

    for (i = 0; i < r->used; i++) {
        const sheet_slot *s = &r->slots[i];

        r->cells[i].kind = s->kind;
        r->cells[i].len = s->len;
        if (s->kind == EIP_CELL_EMPTY) {
            r->cells[i].text = "";
        } else {
            r->cells[i].text = s->ptr != NULL ? s->ptr : r->text.data + s->off;
        }
    }
    out->number = number;
    out->ncells = r->used;
    out->cells = r->cells;
}

void sheet_row_free(sheet_row *r)
{
    free(r->slots);
    free(r->cells);
    eip_buf_free(&r->text);
    memset(r, 0, sizeof(*r));
}

int sheet_cols_add(sheet_cols *c, unsigned long min, unsigned long max)
{
    unsigned long *mins;
    unsigned long *maxs;

    if (c->count >= MAX_HIDDEN_RANGES || min == 0 || max < min) {
        return 0;
    }
    mins = realloc(c->min, (c->count + 1) * sizeof(*mins));
    if (mins == NULL) {
        return EIP_ENOMEM;
    }
    c->min = mins;
    maxs = realloc(c->max, (c->count + 1) * sizeof(*maxs));
    if (maxs == NULL) {
        return EIP_ENOMEM;
    }
    c->max = maxs;
    c->min[c->count] = min;
    c->max[c->count] = max;
    c->count++;
    return 0;
}

int sheet_cols_hidden(const sheet_cols *c, unsigned long first,
                      unsigned long last)
{
    size_t i;

    for (i = 0; i < c->count; i++) {
        if (first <= c->max[i] && last >= c->min[i]) {
            return 1;
        }
    }
    return 0;
}

void sheet_cols_free(sheet_cols *c)
{
    free(c->min);
    free(c->max);
    memset(c, 0, sizeof(*c));
}
