/* SPDX-License-Identifier: MIT */
#include "table/table.h"

#include "base/text.h"

#include <stdlib.h>
#include <string.h>

struct eip_table {
    const eip_table_ops *ops;
    void *impl;
    char *label;
    char *sheet;
    int done;       /* 0 while reading, else the final result */
    eip_error last; /* the error repeated after a failure */
};

void eip_table_limits_defaults(eip_table_limits *lim)
{
    if (lim->max_cell_bytes == 0) {
        lim->max_cell_bytes = EIP_TABLE_DEFAULT_CELL_BYTES;
    }
    if (lim->max_columns == 0) {
        lim->max_columns = EIP_TABLE_DEFAULT_COLUMNS;
    }
    if (lim->max_part_bytes == 0) {
        lim->max_part_bytes = EIP_TABLE_DEFAULT_PART_BYTES;
    }
    if (lim->max_ratio == 0) {
        lim->max_ratio = EIP_TABLE_DEFAULT_RATIO;
    }
    if (lim->max_total_bytes == 0) {
        lim->max_total_bytes = EIP_TABLE_DEFAULT_TOTAL_BYTES;
    }
    if (lim->max_strings_bytes == 0) {
        lim->max_strings_bytes = EIP_TABLE_DEFAULT_STRINGS_BYTES;
    }
}

eip_table *eip_table_wrap(const eip_table_ops *ops, void *impl,
                          const char *label, const char *sheet)
{
    eip_table *t = calloc(1, sizeof(*t));

    if (t == NULL) {
        goto fail;
    }
    t->ops = ops;
    t->impl = impl;
    t->label = eip_text_dup(label != NULL ? label : "");
    t->sheet = sheet != NULL ? eip_text_dup(sheet) : NULL;
    if (t->label == NULL || (sheet != NULL && t->sheet == NULL)) {
        free(t->label);
        free(t);
        goto fail;
    }
    return t;

fail:
    ops->close(impl);
    return NULL;
}

int eip_table_next(eip_table *t, eip_row *out, eip_error *err)
{
    int rc;

    if (t->done != 0) {
        if (t->done < 0 && err != NULL && err->code == 0) {
            *err = t->last;
        }
        return t->done < 0 ? t->done : 0;
    }
    eip_error_clear(&t->last);
    rc = t->ops->next(t->impl, out, &t->last);
    if (rc < 0) {
        eip_error_place(&t->last, t->label, t->sheet, 0, 0);
        if (t->last.code == 0) {
            eip_error_set(&t->last, rc, "the file could not be read");
        }
        if (err != NULL && err->code == 0) {
            *err = t->last;
        }
        t->done = rc;
    } else if (rc == 0) {
        t->done = 1;
    }
    return rc;
}

const char *eip_table_label(const eip_table *t)
{
    return t->label;
}

const char *eip_table_sheet(const eip_table *t)
{
    return t->sheet;
}

void eip_table_close(eip_table *t)
{
    if (t == NULL) {
        return;
    }
    t->ops->close(t->impl);
    free(t->label);
    free(t->sheet);
    free(t);
}

const char *eip_table_column_name(unsigned long column, char buf[8])
{
    char tmp[8];
    size_t n = 0;

    while (column > 0 && n < 7) {
        column--;
        tmp[n++] = (char)('A' + column % 26);
        column /= 26;
    }
    for (size_t i = 0; i < n; i++) {
        buf[i] = tmp[n - 1 - i];
    }
    buf[n] = '\0';
    return buf;
}
