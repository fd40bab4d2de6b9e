/* SPDX-License-Identifier: MIT */
/*
 * sheet_impl.h - what the workbook, XLSX and ODS readers share inside
 * pkg/sheet.  Not part of the public interface.
 */
#ifndef EIP_SHEET_IMPL_H
#define EIP_SHEET_IMPL_H

#include "base/buf.h"
#include "base/error.h"
#include "sheet/sheet.h"
#include "table/table.h"

#include <libxml/xmlreader.h>
#include <stdint.h>
#include <zip.h>

/* Rows beyond this (Excel's and LibreOffice's last row) are refused. */
#define SHEET_MAX_ROWS 1048576ul
/* Excel's last column, XFD. */
#define SHEET_MAX_COLUMNS 16384ul
/* The ratio limit applies once a part has inflated this much. */
#define SHEET_RATIO_FLOOR (1024u * 1024u)

enum wb_kind { WB_XLSX, WB_ODS };

/* Number format flags of a cell style. */
enum { FMT_DATE = 1, FMT_TIME = 2 };

typedef struct wb_sheet {
    char *name;
    char *part; /* XLSX: the worksheet's zip part; ODS: NULL */
    int hidden;
    int worksheet; /* 0 for a chart sheet or dialog: no cells */
} wb_sheet;

/* The shared-string table: one buffer and an offset per string. */
typedef struct wb_strings {
    eip_buf text;  /* every string, each followed by a NUL */
    uint32_t *off; /* start of string i in text */
    size_t count;
    size_t cap;
} wb_strings;

struct eip_workbook {
    unsigned refs;
    zip_t *zip;
    enum wb_kind kind;
    char *label;
    eip_table_limits lim;
    struct eip_findings *notes;
    uint64_t inflated; /* bytes inflated from every part so far */
    wb_sheet *sheets;
    size_t nsheets;
    /* XLSX only */
    int date1904;
    char *strings_part;
    char *styles_part;
    int loaded; /* shared strings and styles read */
    wb_strings strings;
    unsigned char *xf_fmt; /* FMT_* flags per cellXfs entry */
    size_t nxf;
};

/* One zip part read through libxml2's streaming reader. */
typedef struct wb_part {
    eip_workbook *wb;
    char *name;
    zip_file_t *zf;
    uint64_t csize; /* compressed size */
    uint64_t used;  /* bytes inflated from this part */
    int code;       /* failure seen by the read callback */
    const char *finding;
    int skip; /* next read skips the current subtree */
    int type; /* node type of the current node */
    xmlTextReaderPtr xr;
    xmlDocPtr doc; /* taken from the reader after a failure, to inspect */
    char xmlmsg[200];
} wb_part;

/* Open part name of wb for streaming; EIP_ENOTFOUND if absent. */
int wb_part_open(wb_part **out, eip_workbook *wb, const char *name,
                 eip_error *err);
/* Next node: 1, 0 at the end, or a negative code with err set. */
int wb_part_read(wb_part *p, eip_error *err);
/* Make the next wb_part_read step over the current node's subtree. */
void wb_part_skip(wb_part *p);
void wb_part_close(wb_part *p);
/* Read a whole (small) part into out, at most max bytes. */
int wb_part_slurp(eip_buf *out, eip_workbook *wb, const char *name, size_t max,
                  eip_error *err);
/* Whether the zip holds a part of that name. */
int wb_has_part(const eip_workbook *wb, const char *name);
/* Set err as workbook-corrupt with a message (printf format). */
int wb_corrupt(eip_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Set err as workbook-too-large (EIP_ELIMIT) saying what. */
int wb_too_large(eip_error *err, const char *what);
/* Append a sheet to wb's list; name and part are copied. */
int wb_add_sheet(eip_workbook *wb, const char *name, const char *part,
                 int hidden, int worksheet);
void wb_retain(eip_workbook *wb);

/* A C string as libxml2 wants it. */
#define XSTR(s) ((const xmlChar *)(s))

/* The reader's own copy of a name: compare local names by pointer. */
const char *xml_name(wb_part *p, const char *name);
/* Node helpers: local name, namespace, value (never NULL). */
const char *xml_local(xmlTextReaderPtr xr);
const char *xml_ns(xmlTextReaderPtr xr);
const char *xml_value(xmlTextReaderPtr xr);
int xml_is_text(int type);

/* Reading XLSX (xlsx_book.c, xlsx_source.c). */
int xlsx_book_load(eip_workbook *wb, eip_error *err);
int xlsx_book_details(eip_workbook *wb, eip_error *err);
void xlsx_book_free(eip_workbook *wb);
int xlsx_is_main_ns(const char *ns);
/* *out nonzero when the worksheet part has comments or notes. */
int xlsx_sheet_comments(int *out, eip_workbook *wb, const char *part,
                        eip_error *err);
int xlsx_table_open(eip_table **out, eip_workbook *wb, size_t i,
                    eip_error *err);

/* Reading ODS (ods_source.c). */
int ods_book_load(eip_workbook *wb, eip_error *err);
int ods_table_open(eip_table **out, eip_workbook *wb, size_t i, eip_error *err);

/* Building one row (sheet_row.c). */

/* Where a cell's text is until the row is handed out. */
typedef struct sheet_slot {
    const char *ptr; /* text kept elsewhere (a shared string), or NULL */
    size_t off;      /* else: offset in the row's text buffer */
    size_t len;
    eip_cell_kind kind;
} sheet_slot;

typedef struct sheet_row {
    sheet_slot *slots;
    eip_cell *cells;
    size_t cap;
    size_t nslots; /* slots filled, empties included */
    size_t used;   /* up to the last non-empty slot */
    eip_buf text;  /* the row's own texts, each NUL-terminated */
} sheet_row;

/* A list of hidden column ranges, 1-based and inclusive. */
typedef struct sheet_cols {
    unsigned long *min;
    unsigned long *max;
    size_t count;
} sheet_cols;

void sheet_row_reset(sheet_row *r);
/*
 * Put text (copied) in columns first..last (1-based), filling any gap
 * before them with empty cells.  Empty text places nothing.
 */
int sheet_row_place(sheet_row *r, unsigned long first, unsigned long last,
                    eip_cell_kind kind, const char *text, size_t len);
/* Same, but text stays where it is (it must outlive the row). */
int sheet_row_place_ref(sheet_row *r, unsigned long column, eip_cell_kind kind,
                        const char *text, size_t len);
void sheet_row_out(sheet_row *r, eip_row *out, unsigned long number);
void sheet_row_free(sheet_row *r);
int sheet_cols_add(sheet_cols *c, unsigned long min, unsigned long max);
/* Whether a column in first..last is hidden. */
int sheet_cols_hidden(const sheet_cols *c, unsigned long first,
                      unsigned long last);
void sheet_cols_free(sheet_cols *c);

/* Values (sheet_value.c). */
#define SHEET_NUMBER_MAX 32
/* Room for any date text, with margin for the compiler's checks. */
#define SHEET_DATE_MAX 96
/* Shortest round-trip decimal of text in out; -1 if not a finite number. */
int sheet_number_text(char out[SHEET_NUMBER_MAX], const char *text);
/* Same from a double. */
void sheet_number_format(char out[SHEET_NUMBER_MAX], double v);
/* Parse a decimal number in the C locale; -1 if not a finite number. */
int sheet_number_parse(double *out, const char *text);
/*
 * A serial date as "YYYY-MM-DD" (plus "THH:MM:SS" when time and the
 * serial has a time of day); -1 when the serial is out of range.
 */
int sheet_serial_date(char out[SHEET_DATE_MAX], double serial, int date1904,
                      int time);
/* ISO date or date-time text normalised as above; -1 if not one. */
int sheet_iso_date(char out[SHEET_DATE_MAX], const char *text);
/* FMT_* flags of a custom number format code, of a built-in id. */
unsigned sheet_format_code_flags(const char *code);
unsigned sheet_format_builtin_flags(unsigned long id);
/*
 * Split a cell reference "AB12" into a 1-based column and row; -1 when
 * malformed or beyond XFD / SHEET_MAX_ROWS.
 */
int sheet_ref_parse(const char *ref, unsigned long *column, unsigned long *row);

#endif
