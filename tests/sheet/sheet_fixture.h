/* SPDX-License-Identifier: MIT */
/*
 * sheet_fixture.h - helpers shared by the spreadsheet tests: read a whole
 * sheet of a fixture workbook into memory and look at its cells.
 */
#ifndef EIP_SHEET_FIXTURE_H
#define EIP_SHEET_FIXTURE_H

#include "findings/findings.h"
#include "sheet/sheet.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define FIXTURE_DIR "fixtures/sheets/"
#define MAX_ROWS 64
#define MAX_COLS 16

/* A sheet read whole: at most MAX_ROWS rows of MAX_COLS cells. */
typedef struct sheet_copy {
    unsigned long number[MAX_ROWS];
    size_t ncells[MAX_ROWS];
    char *text[MAX_ROWS][MAX_COLS];
    eip_cell_kind kind[MAX_ROWS][MAX_COLS];
    size_t nrows; /* rows kept */
    size_t total; /* rows read */
    int rc;       /* what the last eip_table_next returned */
    eip_error err;
    eip_findings *notes;
} sheet_copy;

static inline void copy_row(sheet_copy *c, const eip_row *row)
{
    size_t i = c->nrows;
    size_t j;

    c->total++;
    if (i == MAX_ROWS) {
        return;
    }
    c->number[i] = row->number;
    c->ncells[i] = row->ncells;
    for (j = 0; j < row->ncells && j < MAX_COLS; j++) {
        assert_non_null(row->cells[j].text);
        assert_int_equal(strlen(row->cells[j].text), row->cells[j].len);
        c->text[i][j] = strdup(row->cells[j].text);
        c->kind[i][j] = row->cells[j].kind;
    }
    c->nrows++;
}

/* Read every row of a table into c. */
static inline void read_table(sheet_copy *c, eip_table *t)
{
    eip_row row;

    for (;;) {
        c->rc = eip_table_next(t, &row, &c->err);
        if (c->rc != 1) {
            break;
        }
        copy_row(c, &row);
    }
}

/*
 * Open fixture name (under fixtures/sheets) with limits lim (NULL: the
 * defaults) and read sheet (NULL: the first visible one).  Returns what
 * opening returned; c->rc is what reading ended with.
 */
static inline int read_sheet_limited(sheet_copy *c, const char *name,
                                     const char *sheet,
                                     const eip_table_limits *lim)
{
    char path[256];
    eip_table_context ctx;
    eip_workbook *wb = NULL;
    eip_table *t = NULL;
    int rc;

    memset(c, 0, sizeof(*c));
    assert_int_equal(eip_findings_new(&c->notes), 0);
    memset(&ctx, 0, sizeof(ctx));
    ctx.label = name;
    ctx.notes = c->notes;
    if (lim != NULL) {
        ctx.limits = *lim;
    }
    snprintf(path, sizeof(path), FIXTURE_DIR "%s", name);
    rc = eip_workbook_open(&wb, path, &ctx, &c->err);
    if (rc == 0) {
        rc = eip_workbook_table(&t, wb, sheet, &c->err);
    }
    eip_workbook_close(wb);
    if (rc == 0) {
        read_table(c, t);
    }
    eip_table_close(t);
    return rc;
}

static inline int read_sheet(sheet_copy *c, const char *name, const char *sheet)
{
    return read_sheet_limited(c, name, sheet, NULL);
}

static inline void copy_free(sheet_copy *c)
{
    size_t i;
    size_t j;

    for (i = 0; i < c->nrows; i++) {
        for (j = 0; j < MAX_COLS; j++) {
            free(c->text[i][j]);
        }
    }
    eip_findings_free(c->notes);
    memset(c, 0, sizeof(*c));
}

/* The text of row index i (0-based in what was read), column j (0 = A). */
static inline const char *cell(const sheet_copy *c, size_t i, size_t j)
{
    assert_true(i < c->nrows);
    if (j >= c->ncells[i]) {
        return "";
    }
    return c->text[i][j];
}

static inline eip_cell_kind kind(const sheet_copy *c, size_t i, size_t j)
{
    assert_true(i < c->nrows && j < c->ncells[i]);
    return c->kind[i][j];
}

/* Index of the row whose first cell is label; fails the test if none. */
static inline size_t row_of(const sheet_copy *c, const char *label)
{
    size_t i;

    for (i = 0; i < c->nrows; i++) {
        if (c->ncells[i] > 0 && strcmp(c->text[i][0], label) == 0) {
            return i;
        }
    }
    fail_msg("no row starts with '%s'", label);
    return 0;
}

/* Expect opening name to fail with code and finding. */
static inline void expect_refused(const char *name, int code,
                                  const char *finding)
{
    sheet_copy c;
    int rc = read_sheet(&c, name, NULL);

    if (rc == 0) {
        rc = c.rc;
    }
    assert_int_equal(rc, code);
    assert_string_equal(c.err.finding, finding);
    assert_true(c.err.message[0] != '\0');
    assert_true(c.err.hint[0] != '\0');
    assert_string_equal(c.err.file, name);
    copy_free(&c);
}

#endif
