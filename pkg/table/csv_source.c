/* SPDX-License-Identifier: MIT */
/*
 * csv_source.c - CSV files as tables, through libcsv.
 *
 * libcsv skips blank lines and cannot say where a row started, so input is
 * fed one physical line at a time and the parser's state is looked at
 * between lines: the line at which a row begins is the line fed while the
 * parser was waiting for a new row.  Rows completed by one block of input
 * wait in a small queue; memory is bounded by the block size and the cell
 * size cap, never by the number of rows.
 */
#include "table/table.h"

#include "base/buf.h"
#include "base/text.h"
#include "findings/findings.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_BYTES (64u * 1024u)

typedef struct queued_row {
    unsigned long line;
    size_t first; /* index into cell_off/cell_len */
    size_t ncells;
} queued_row;

typedef struct csv_src {
    struct csv_parser parser;
    FILE *fp;
    const unsigned char *mem;
    size_t mem_len;
    size_t mem_pos;
    eip_table_context ctx;
    char *label;
    unsigned char *block;
    int started; /* the byte order mark and delimiter are settled */
    int at_line_start;
    int eof;
    unsigned long line; /* physical line being fed, 1-based */
    unsigned long row_line;
    eip_buf text;     /* the cells of queued rows, each NUL-terminated */
    size_t *cell_off; /* start of each queued cell in text */
    size_t ncells_all;
    size_t cells_cap;
    size_t row_cells; /* cells of the row being parsed */
    queued_row *rows;
    size_t nrows;
    size_t rows_cap;
    size_t next_row;
    eip_cell *out_cells;
    size_t out_cap;
    eip_error error; /* set by callbacks; reported by next */
} csv_src;

static void fail(csv_src *s, int code, const char *finding, unsigned long row,
                 unsigned long col, const char *hint, const char *msg)
{
    if (s->error.code != 0) {
        return;
    }
    eip_error_set(&s->error, code, "%s", msg);
    eip_error_place(&s->error, s->label, NULL, row, col);
    eip_error_hint(&s->error, "%s", hint);
    eip_error_finding(&s->error, finding);
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    size_t n = *cap != 0 ? *cap : 16;
    void *q;

    if (need <= *cap) {
        return 0;
    }
    while (n < need) {
        n *= 2;
    }
    q = realloc(*p, n * size);
    if (q == NULL) {
        return EIP_ENOMEM;
    }
    *p = q;
    *cap = n;
    return 0;
}

static void report_encoding(csv_src *s, const char *cell, size_t len,
                            size_t bad)
{
    char msg[200];
    const char *hint = "open the file in Excel and save it as "
                       "'CSV UTF-8 (Comma delimited)'";

    if (memchr(cell, '\0', len) != NULL) {
        snprintf(msg, sizeof(msg),
                 "the file holds NUL bytes, so it is not "
                 "UTF-8 text (perhaps UTF-16 'Unicode Text')");
    } else {
        snprintf(msg, sizeof(msg),
                 "the text is not UTF-8 (byte 0x%02X); "
                 "the file was probably saved in a Windows code page",
                 (unsigned char)cell[bad]);
    }
    fail(s, EIP_EFORMAT, "csv-encoding", s->row_line, s->row_cells + 1, hint,
         msg);
}

static void on_field(void *field, size_t len, void *data)
{
    csv_src *s = data;
    const char *cell = field != NULL ? field : "";
    size_t bad = 0;

    if (s->error.code != 0) {
        return;
    }
    if (!eip_text_utf8_valid(cell, len, &bad)) {
        report_encoding(s, cell, len, bad);
        return;
    }
    if (s->row_cells >= s->ctx.limits.max_columns) {
        fail(s, EIP_ELIMIT, "csv-too-many-columns", s->row_line, 0,
             "check that the file really is a table of a few columns",
             "the row has more columns than a spreadsheet can hold");
        return;
    }
    if (grow((void **)&s->cell_off, &s->cells_cap, s->ncells_all + 1,
             sizeof(size_t)) != 0) {
        fail(s, EIP_ENOMEM, "out-of-memory", 0, 0, "", "out of memory");
        return;
    }
    s->cell_off[s->ncells_all] = s->text.len;
    eip_buf_append(&s->text, cell, len);
    eip_buf_putc(&s->text, '\0');
    s->ncells_all++;
    s->row_cells++;
}

static void on_row(int c, void *data)
{
    csv_src *s = data;

    (void)c;
    if (s->error.code != 0) {
        return;
    }
    if (grow((void **)&s->rows, &s->rows_cap, s->nrows + 1, sizeof(*s->rows)) !=
        0) {
        fail(s, EIP_ENOMEM, "out-of-memory", 0, 0, "", "out of memory");
        return;
    }
    s->rows[s->nrows].line = s->row_line;
    s->rows[s->nrows].first = s->ncells_all - s->row_cells;
    s->rows[s->nrows].ncells = s->row_cells;
    s->nrows++;
    s->row_cells = 0;
}

static size_t read_block(csv_src *s)
{
    size_t n;

    if (s->fp == NULL) {
        n = s->mem_len - s->mem_pos;
        n = n < BLOCK_BYTES ? n : BLOCK_BYTES;
        memcpy(s->block, s->mem + s->mem_pos, n);
        s->mem_pos += n;
        return n;
    }
    n = fread(s->block, 1, BLOCK_BYTES, s->fp);
    if (n < BLOCK_BYTES && ferror(s->fp)) {
        fail(s, EIP_EIO, "file-unreadable", 0, 0,
             "check that the file is not open elsewhere and can be read",
             "the file could not be read");
    }
    return n;
}

/* Which delimiter the header line uses: ',' unless it has none of them. */
static unsigned char sniff_delimiter(const unsigned char *p, size_t n)
{
    size_t commas = 0;
    size_t semis = 0;
    size_t tabs = 0;
    int quoted = 0;

    for (size_t i = 0; i < n && (quoted || (p[i] != '\n' && p[i] != '\r'));
         i++) {
        if (p[i] == '"') {
            quoted = !quoted;
        } else if (!quoted) {
            commas += p[i] == ',';
            semis += p[i] == ';';
            tabs += p[i] == '\t';
        }
    }
    if (commas > 0 || (semis == 0 && tabs == 0)) {
        return ',';
    }
    return semis >= tabs ? ';' : '\t';
}

/* Drop a UTF-8 byte order mark, refuse UTF-16, settle the delimiter. */
static size_t start(csv_src *s, size_t n)
{
    size_t skip = 0;
    unsigned char delim;

    s->started = 1;
    if (n >= 2 && ((s->block[0] == 0xFF && s->block[1] == 0xFE) ||
                   (s->block[0] == 0xFE && s->block[1] == 0xFF))) {
        fail(s, EIP_EFORMAT, "csv-encoding", 1, 0,
             "open the file in Excel and save it as "
             "'CSV UTF-8 (Comma delimited)'",
             "the file is UTF-16 text ('Unicode Text'), not UTF-8 CSV");
        return 0;
    }
    if (n >= 3 && memcmp(s->block, "\xEF\xBB\xBF", 3) == 0) {
        skip = 3;
    }
    delim = sniff_delimiter(s->block + skip, n - skip);
    if (delim != ',') {
        csv_set_delim(&s->parser, delim);
        if (s->ctx.notes != NULL) {
            eip_findings_add(s->ctx.notes, EIP_SEV_INFO, "csv-delimiter",
                             s->label, NULL, 1, 0,
                             "nothing to do; saving as 'CSV UTF-8 (Comma "
                             "delimited)' avoids the guess",
                             "read as %s-separated values",
                             delim == ';' ? "semicolon" : "tab");
        }
    }
    return skip;
}

/* Feed one piece (at most one physical line) to the parser. */
static void feed(csv_src *s, const unsigned char *p, size_t n)
{
    size_t used;

    if (s->at_line_start && s->parser.pstate == 0) {
        s->row_line = s->line;
    }
    used = csv_parse(&s->parser, p, n, on_field, on_row, s);
    if (used != n && s->error.code == 0) {
        fail(s, EIP_EFORMAT, "csv-malformed", s->line, s->row_cells + 1,
             "put the whole cell in double quotes and double any quote "
             "inside it (\"\"), or save the file again from Excel",
             "a double quote appears inside a cell that does not start "
             "with one");
    }
    if (s->parser.entry_pos > s->ctx.limits.max_cell_bytes) {
        fail(s, EIP_ELIMIT, "csv-cell-too-long", s->row_line, s->row_cells + 1,
             "look for a double quote that is opened and never closed",
             "a cell is longer than any spreadsheet cell can be");
    }
    s->at_line_start = n > 0 && p[n - 1] == '\n';
    s->line += s->at_line_start;
}

static void finish(csv_src *s)
{
    s->eof = 1;
    if (csv_fini(&s->parser, on_field, on_row, s) != 0 && s->error.code == 0) {
        fail(s, EIP_EFORMAT, "csv-malformed", s->row_line, s->row_cells + 1,
             "close the quoted cell with a double quote, or save the file "
             "again from Excel",
             "a quoted cell is never closed");
    }
}

/* Parse more input until a row is queued, the input ends or fails. */
static void fill(csv_src *s)
{
    while (s->nrows == 0 && !s->eof && s->error.code == 0) {
        size_t n = read_block(s);
        size_t pos = 0;

        if (n == 0) {
            finish(s);
            break;
        }
        if (!s->started) {
            pos = start(s, n);
        }
        while (pos < n && s->error.code == 0) {
            const unsigned char *nl = memchr(s->block + pos, '\n', n - pos);
            size_t len =
                nl != NULL ? (size_t)(nl - s->block) - pos + 1 : n - pos;

            feed(s, s->block + pos, len);
            pos += len;
        }
    }
}

static void reset_queue(csv_src *s)
{
    size_t keep = s->row_cells;
    size_t from = s->ncells_all - keep;
    size_t base = keep > 0 ? s->cell_off[from] : s->text.len;

    /* Cells of a row still being parsed move to the front. */
    memmove(s->text.data, s->text.data + base, s->text.len - base);
    s->text.len -= base;
    for (size_t i = 0; i < keep; i++) {
        s->cell_off[i] = s->cell_off[from + i] - base;
    }
    s->ncells_all = keep;
    s->nrows = 0;
    s->next_row = 0;
}

static size_t cell_length(const csv_src *s, size_t i)
{
    size_t end = i + 1 < s->ncells_all ? s->cell_off[i + 1] : s->text.len;

    return end - s->cell_off[i] - 1;
}

static int csv_next(void *impl, eip_row *out, eip_error *err)
{
    csv_src *s = impl;
    const queued_row *r;

    if (s->next_row == s->nrows) {
        if (s->text.data != NULL) {
            reset_queue(s);
        }
        fill(s);
    }
    if (s->next_row == s->nrows) {
        if (s->error.code != 0) {
            *err = s->error;
            return s->error.code;
        }
        return 0;
    }
    r = &s->rows[s->next_row++];
    if (grow((void **)&s->out_cells, &s->out_cap, r->ncells + 1,
             sizeof(eip_cell)) != 0) {
        return eip_error_set(err, EIP_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < r->ncells; i++) {
        size_t k = r->first + i;

        s->out_cells[i].text = s->text.data + s->cell_off[k];
        s->out_cells[i].len = cell_length(s, k);
        s->out_cells[i].kind =
            s->out_cells[i].len > 0 ? EIP_CELL_TEXT : EIP_CELL_EMPTY;
    }
    out->number = r->line;
    out->ncells = r->ncells;
    while (out->ncells > 0 && s->out_cells[out->ncells - 1].len == 0) {
        out->ncells--;
    }
    out->cells = s->out_cells;
    return 1;
}

static void csv_close(void *impl)
{
    csv_src *s = impl;

    if (s == NULL) {
        return;
    }
    csv_free(&s->parser);
    if (s->fp != NULL) {
        fclose(s->fp);
    }
    eip_buf_free(&s->text);
    free(s->cell_off);
    free(s->rows);
    free(s->out_cells);
    free(s->block);
    free(s->label);
    free(s);
}

static const eip_table_ops csv_ops = {csv_next, csv_close};

static int open_common(eip_table **out, csv_src *s,
                       const eip_table_context *ctx, eip_error *err)
{
    s->ctx = *ctx;
    eip_table_limits_defaults(&s->ctx.limits);
    s->label = eip_text_dup(ctx->label != NULL ? ctx->label : "");
    s->block = malloc(BLOCK_BYTES);
    s->line = 1;
    s->row_line = 1;
    s->at_line_start = 1;
    if (s->label == NULL || s->block == NULL ||
        csv_init(&s->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) !=
            0) {
        csv_close(s);
        return eip_error_set(err, EIP_ENOMEM, "out of memory");
    }
    /* libcsv grows a cell by blk_size bytes (128 by default) at a time:
     * a long cell would be copied over and over. */
    csv_set_blk_size(&s->parser, BLOCK_BYTES);
    *out = eip_table_wrap(&csv_ops, s, ctx->label, NULL);
    if (*out == NULL) {
        return eip_error_set(err, EIP_ENOMEM, "out of memory");
    }
    return 0;
}

int eip_table_open_csv(eip_table **out, const char *path,
                       const eip_table_context *ctx, eip_error *err)
{
    csv_src *s;

    *out = NULL;
    s = calloc(1, sizeof(*s));
    if (s == NULL) {
        return eip_error_set(err, EIP_ENOMEM, "out of memory");
    }
    s->fp = fopen(path, "rb");
    if (s->fp == NULL) {
        int e = errno;
        int code = e == ENOENT ? EIP_ENOTFOUND : EIP_EIO;

        free(s);
        eip_error_set(err, code, "the file could not be opened: %s",
                      strerror(e));
        eip_error_place(err, ctx->label, NULL, 0, 0);
        eip_error_hint(err, "check that the file exists and can be read");
        eip_error_finding(err, "file-unreadable");
        return code;
    }
    return open_common(out, s, ctx, err);
}

int eip_table_open_csv_memory(eip_table **out, const void *data, size_t len,
                              const eip_table_context *ctx, eip_error *err)
{
    csv_src *s;

    *out = NULL;
    s = calloc(1, sizeof(*s));
    if (s == NULL) {
        return eip_error_set(err, EIP_ENOMEM, "out of memory");
    }
    s->mem = data;
    s->mem_len = len;
    return open_common(out, s, ctx, err);
}
