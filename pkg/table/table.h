/* SPDX-License-Identifier: MIT */
/*
 * table.h - one interface for every tabular source (CSV, XLSX, ODS).
 *
 * A table is read row by row and forgets each row when the next is asked
 * for, so memory does not grow with the number of rows.  Nothing past this
 * interface knows whether the rows came from a CSV file or a worksheet.
 *
 * Cell text is always valid UTF-8 (sources refuse other text with an
 * EIP_EFORMAT error naming the row), never NULL, and trimmed of nothing:
 * callers decide about spaces.  Dates that a spreadsheet stores as numbers
 * arrive as ISO text "YYYY-MM-DD" with kind EIP_CELL_DATE; numbers arrive
 * in their shortest round-trip decimal form ("123456", "0.25").
 */
#ifndef EIP_TABLE_H
#define EIP_TABLE_H

#include "base/error.h"

#include <stddef.h>
#include <stdint.h>

struct eip_findings;

typedef enum eip_cell_kind {
    EIP_CELL_EMPTY = 0,
    EIP_CELL_TEXT,
    EIP_CELL_NUMBER,
    EIP_CELL_DATE, /* text holds "YYYY-MM-DD" (or "YYYY-MM-DDTHH:MM:SS") */
    EIP_CELL_BOOL, /* text holds "TRUE" or "FALSE" */
    EIP_CELL_ERROR /* text holds the spreadsheet's error value, "#N/A" */
} eip_cell_kind;

typedef struct eip_cell {
    const char *text; /* never NULL; "" for an empty cell */
    size_t len;
    eip_cell_kind kind;
} eip_cell;

typedef struct eip_row {
    unsigned long number;  /* 1-based row (CSV: physical line) in the source */
    size_t ncells;         /* cells[0] is column A; trailing empties dropped */
    const eip_cell *cells; /* owned by the table, valid until the next call */
} eip_row;

/* Limits every source honours; zero fields take the defaults below. */
typedef struct eip_table_limits {
    size_t max_cell_bytes;    /* default 256 KiB */
    size_t max_columns;       /* default 16384 (Excel's XFD) */
    uint64_t max_part_bytes;  /* spreadsheet part, uncompressed; 256 MiB */
    unsigned max_ratio;       /* uncompressed/compressed per part; 200 */
    uint64_t max_total_bytes; /* all parts of one workbook; 1 GiB */
    size_t max_strings_bytes; /* shared-string table; 64 MiB */
} eip_table_limits;

#define EIP_TABLE_DEFAULT_CELL_BYTES (256u * 1024u)
#define EIP_TABLE_DEFAULT_COLUMNS 16384u
#define EIP_TABLE_DEFAULT_PART_BYTES (256ull * 1024u * 1024u)
#define EIP_TABLE_DEFAULT_RATIO 200u
#define EIP_TABLE_DEFAULT_TOTAL_BYTES (1024ull * 1024u * 1024u)
#define EIP_TABLE_DEFAULT_STRINGS_BYTES (64u * 1024u * 1024u)

/* Fill zero fields of lim with the defaults. */
void eip_table_limits_defaults(eip_table_limits *lim);

/*
 * What a source needs besides the file: the label by which users know the
 * file (its path relative to the cohort folder), limits, and where to put
 * warnings that do not stop reading (hidden rows, comments, a semicolon
 * delimiter).  notes may be NULL.
 */
typedef struct eip_table_context {
    const char *label;
    eip_table_limits limits;
    struct eip_findings *notes;
} eip_table_context;

typedef struct eip_table eip_table;

/* What a source implements. */
typedef struct eip_table_ops {
    /* 1 and *out filled, 0 at the end, or a negative EIP_E* code. */
    int (*next)(void *impl, eip_row *out, eip_error *err);
    void (*close)(void *impl);
} eip_table_ops;

/*
 * Wrap a source's state as a table.  label and sheet (NULL allowed) are
 * copied.  On failure impl is closed through ops->close and NULL returned.
 */
eip_table *eip_table_wrap(const eip_table_ops *ops, void *impl,
                          const char *label, const char *sheet);

/*
 * Next row: 1 and *out filled, 0 at the end, negative on error (err
 * filled with the file, sheet and row).  After an error or the end, every
 * later call returns the same result.
 */
int eip_table_next(eip_table *t, eip_row *out, eip_error *err);

/* The label and sheet given at open (sheet is NULL for CSV). */
const char *eip_table_label(const eip_table *t);
const char *eip_table_sheet(const eip_table *t);

/* Close and free; NULL allowed. */
void eip_table_close(eip_table *t);

/*
 * Open a CSV file.  A UTF-8 byte order mark is dropped; a UTF-16 one, NUL
 * bytes or text that is not UTF-8 is an EIP_EFORMAT error that names the
 * row and says how to save the file.  A header line holding semicolons or
 * tabs but no commas switches the delimiter (a note says so).
 */
int eip_table_open_csv(eip_table **out, const char *path,
                       const eip_table_context *ctx, eip_error *err);

/* Same, from bytes in memory (not copied: keep them alive until close). */
int eip_table_open_csv_memory(eip_table **out, const void *data, size_t len,
                              const eip_table_context *ctx, eip_error *err);

/* "A", "B", ..., "Z", "AA", ... for a 1-based column; buf of 8 bytes. */
const char *eip_table_column_name(unsigned long column, char buf[8]);

#endif
