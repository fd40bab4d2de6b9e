/* SPDX-License-Identifier: MIT */
/*
 * mapped.h - a table whose header row has been matched against the
 * columns the rules know.  Internal to the cohort loader.
 */
#ifndef EIP_MAPPED_H
#define EIP_MAPPED_H

#include "cohort/cohort_internal.h"
#include "sheet/sheet.h"
#include "table/table.h"

#define MAPPED_MAX_COLUMNS 64

typedef struct mapped {
    eip_table *table;
    const eip_rules_table *def;
    eip_table_id id;
    const char *label;            /* file, relative to the cohort folder */
    const char *sheet;            /* NULL for CSV */
    long src[MAPPED_MAX_COLUMNS]; /* rules column -> 0-based cell, or -1 */
    eip_row row;                  /* the current row */
    eip_arena scratch;            /* mapped_get's strings, per row */
} mapped;

/*
 * Open a table from a CSV file (wb NULL) or a sheet of wb (sheet NULL:
 * the first visible one), read its header and match the columns.
 * Missing required columns, duplicate and personal columns are reported.
 * Returns 0 when the table can be read, nonzero (and a finding) if not.
 */
int mapped_open(mapped *m, eip_cohort *c, eip_table_id id, const char *rel,
                const char *disk, eip_workbook *wb, const char *sheet);

/* Next non-empty row: 1, 0 at the end, negative on error (reported). */
int mapped_next(mapped *m, eip_cohort *c);

/*
 * The trimmed text of a rules column in the current row ("" if none).
 * It lives until the next row is read, so that reading a register of any
 * length takes the same memory; mapped_keep copies it for good.
 */
const char *mapped_get(mapped *m, eip_cohort *c, const char *column_id);

/* The same, copied into the cohort, to keep. */
const char *mapped_keep(mapped *m, eip_cohort *c, const char *column_id);

/* The 1-based source column of a rules column, 0 when absent. */
unsigned long mapped_column(const mapped *m, const char *column_id);

/* Whether the current row has any non-blank cell. */
int mapped_row_blank(const mapped *m);

void mapped_close(mapped *m);

/* Open the context every table of this cohort uses. */
eip_table_context cohort_table_context(eip_cohort *c, const char *label);

#endif
