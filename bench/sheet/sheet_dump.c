/* SPDX-License-Identifier: MIT */
/*
 * sheet_dump.c - print one sheet of a workbook as CSV, for timing the
 * spreadsheet reader against other tools.
 *
 * usage: eipack_sheet_dump FILE [SHEET]
 */
#include "sheet/sheet.h"

#include <stdio.h>
#include <string.h>

static void put_cell(const eip_cell *c)
{
    size_t i;

    if (strpbrk(c->text, ",\"\n\r") == NULL) {
        fwrite(c->text, 1, c->len, stdout);
        return;
    }
    putchar('"');
    for (i = 0; i < c->len; i++) {
        if (c->text[i] == '"') {
            putchar('"');
        }
        putchar(c->text[i]);
    }
    putchar('"');
}

static int dump(eip_table *t, eip_error *err)
{
    eip_row row;
    size_t i;
    int rc;

    for (;;) {
        rc = eip_table_next(t, &row, err);
        if (rc != 1) {
            return rc;
        }
        for (i = 0; i < row.ncells; i++) {
            if (i > 0) {
                putchar(',');
            }
            put_cell(&row.cells[i]);
        }
        putchar('\n');
    }
}

int main(int argc, char **argv)
{
    eip_table_context ctx;
    eip_workbook *wb = NULL;
    eip_table *t = NULL;
    eip_error err;
    int rc;

    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: eipack_sheet_dump FILE [SHEET]\n");
        return 2;
    }
    memset(&ctx, 0, sizeof(ctx));
    ctx.label = argv[1];
    eip_error_clear(&err);
    rc = eip_workbook_open(&wb, argv[1], &ctx, &err);
    if (rc == 0) {
        rc = eip_workbook_table(&t, wb, argc == 3 ? argv[2] : NULL, &err);
    }
    if (rc == 0) {
        rc = dump(t, &err);
    }
    eip_table_close(t);
    eip_workbook_close(wb);
    if (rc < 0) {
        fprintf(stderr, "eipack_sheet_dump: %s: %s [%s] (%s)\n", err.file,
                err.message, err.finding, err.hint);
        return 1;
    }
    return 0;
}
