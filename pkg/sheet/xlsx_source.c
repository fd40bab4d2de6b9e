/* SPDX-License-Identifier: MIT */
/*
 * xlsx_source.c - stream the rows of one worksheet of an .xlsx file.
 *
 * The worksheet part goes through libxml2's reader node by node; only the
 * current row is kept, as slots pointing into one text buffer.
 */
#include "sheet/sheet_impl.h"

#include "findings/findings.h"

#include <stdlib.h>
#include <string.h>

/* Names as the reader holds them, compared by pointer for speed. */
typedef struct names {
    const char *c, *row, *v, *t, *f, *is, *r, *s, *col, *sheet_data;
} names;

typedef struct xsheet {
    names nm;
    const char *main_ns; /* the namespace pointer last seen to be main */
    eip_workbook *wb;
    wb_part *p;
    char *name;
    unsigned long row;    /* number of the current row */
    unsigned long column; /* column of the cell placed last */
    int row_hidden;
    sheet_row cells;
    eip_buf val; /* the current cell's raw value */
    sheet_cols hidden;
    int warned_rows;
    int warned_cols;
    int warned_formula;
    int state; /* 0 reading, 1 ended, negative: the error */
    eip_error error;
} xsheet;

/* The attributes and children of one <c> element. */
typedef struct xcell {
    unsigned long column;
    char type[16];
    unsigned long xf;
    int has_formula;
} xcell;

static void note(xsheet *s, const char *code, unsigned long row,
                 unsigned long column, const char *hint, const char *msg)
{
    if (s->wb->notes != NULL) {
        eip_findings_add(s->wb->notes, EIP_SEV_WARNING, code, s->wb->label,
                         s->name, row, column, hint, "%s", msg);
    }
}

static int cell_error(xsheet *s, eip_error *err)
{
    eip_error_place(err, s->wb->label, s->name, s->row, s->column);
    return err != NULL ? err->code : EIP_EFORMAT;
}

static int take_col(xsheet *s, xmlTextReaderPtr xr)
{
    xmlChar *hidden = xmlTextReaderGetAttribute(xr, BAD_CAST "hidden");
    xmlChar *min = xmlTextReaderGetAttribute(xr, BAD_CAST "min");
    xmlChar *max = xmlTextReaderGetAttribute(xr, BAD_CAST "max");
    int rc = 0;

    if (hidden != NULL && min != NULL && max != NULL &&
        (strcmp((const char *)hidden, "1") == 0 ||
         strcmp((const char *)hidden, "true") == 0)) {
        rc = sheet_cols_add(&s->hidden, strtoul((const char *)min, NULL, 10),
                            strtoul((const char *)max, NULL, 10));
    }
    xmlFree(hidden);
    xmlFree(min);
    xmlFree(max);
    return rc;
}

static int row_start(xsheet *s, xmlTextReaderPtr xr, eip_error *err)
{
    xmlChar *r = xmlTextReaderGetAttribute(xr, BAD_CAST "r");
    xmlChar *hidden = xmlTextReaderGetAttribute(xr, BAD_CAST "hidden");
    unsigned long col = 0;
    unsigned long row = s->row + 1;
    int rc = 0;

    if (r != NULL && (sheet_ref_parse((const char *)r, &col, &row) != 0 ||
                      col != 0 || row == 0)) {
        rc = wb_corrupt(err, "a row has the number '%.40s'", (const char *)r);
    }
    if (row > SHEET_MAX_ROWS) {
        rc =
            wb_corrupt(err, "the sheet has more than %lu rows", SHEET_MAX_ROWS);
    }
    s->row = row;
    s->row_hidden =
        hidden != NULL && (strcmp((const char *)hidden, "1") == 0 ||
                           strcmp((const char *)hidden, "true") == 0);
    s->column = 0;
    sheet_row_reset(&s->cells);
    xmlFree(r);
    xmlFree(hidden);
    return rc != 0 ? cell_error(s, err) : 0;
}

/* Put a cell's text in the current column; warn about hidden columns. */
static int place(xsheet *s, eip_cell_kind kind, const char *text, size_t len,
                 int copy)
{
    int rc;

    if (copy) {
        rc = sheet_row_place(&s->cells, s->column, s->column, kind, text, len);
    } else {
        rc = sheet_row_place_ref(&s->cells, s->column, kind, text, len);
    }
    if (rc == 0 && len > 0 && !s->warned_cols &&
        sheet_cols_hidden(&s->hidden, s->column, s->column)) {
        s->warned_cols = 1;
        note(s, "sheet-hidden-columns", s->row, s->column,
             "unhide the columns and check what they hold",
             "the sheet has hidden columns with data in them");
    }
    return rc;
}

static void xcell_attrs(xcell *c, xsheet *s, xmlTextReaderPtr xr, int *bad)
{
    unsigned long row;

    memset(c, 0, sizeof(*c));
    c->column = s->column + 1;
    while (xmlTextReaderMoveToNextAttribute(xr) == 1) {
        const char *ln = xml_local(xr);
        const char *v = xml_value(xr);

        if (ln == s->nm.r) {
            *bad = sheet_ref_parse(v, &c->column, &row) != 0 || c->column == 0;
        } else if (ln == s->nm.t) {
            strncpy(c->type, v, sizeof(c->type) - 1); /* longer: unknown */
        } else if (ln == s->nm.s) {
            c->xf = strtoul(v, NULL, 10);
        }
    }
    xmlTextReaderMoveToElement(xr);
}

static int append_value(xsheet *s, const char *text, eip_error *err)
{
    size_t n = strlen(text);

    if (s->val.len + n > s->wb->lim.max_cell_bytes) {
        wb_too_large(err, "a cell holds more text than the limit");
        return cell_error(s, err);
    }
    return eip_buf_append(&s->val, text, n);
}

/* Where cell_children is inside <c>. */
typedef struct cell_walk {
    int depth; /* of the <c> element */
    int in_v;
    int in_t;
} cell_walk;

static void cell_element(xsheet *s, xcell *c, cell_walk *w)
{
    xmlTextReaderPtr xr = s->p->xr;
    const char *ln = xml_local(xr);
    int empty = xmlTextReaderIsEmptyElement(xr) == 1;

    if (ln == s->nm.v) {
        w->in_v = !empty;
    } else if (ln == s->nm.t) {
        w->in_t = !empty;
    } else if (ln == s->nm.f) {
        c->has_formula = 1;
        wb_part_skip(s->p);
    } else if (ln != s->nm.is && ln != s->nm.r) {
        wb_part_skip(s->p); /* rPh, rPr, extLst: not the text */
    }
}

/* One node inside <c>: 1 at the end of the cell, 0 to go on, or < 0. */
static int cell_node(xsheet *s, xcell *c, cell_walk *w, eip_error *err)
{
    xmlTextReaderPtr xr = s->p->xr;
    int type = s->p->type;

    if (type == XML_READER_TYPE_END_ELEMENT) {
        const char *ln = xml_local(xr);

        if (xmlTextReaderDepth(xr) == w->depth) {
            return 1;
        }
        w->in_v = ln == s->nm.v ? 0 : w->in_v;
        w->in_t = ln == s->nm.t ? 0 : w->in_t;
    } else if (type == XML_READER_TYPE_ELEMENT) {
        cell_element(s, c, w);
    } else if (xml_is_text(type) && (w->in_v || w->in_t)) {
        return append_value(s, xml_value(xr), err);
    }
    return 0;
}

/* Read the children of <c> up to its end: the value, formula, text. */
static int cell_children(xsheet *s, xcell *c, eip_error *err)
{
    cell_walk w = {xmlTextReaderDepth(s->p->xr), 0, 0};
    int rc;

    do {
        rc = wb_part_read(s->p, err);
        if (rc == 0) {
            return wb_corrupt(err, "the worksheet ends inside a cell");
        }
        if (rc == 1) {
            rc = cell_node(s, c, &w, err);
        }
    } while (rc == 0);
    return rc < 0 ? rc : 0;
}

static int shared_string(xsheet *s, const char *v, eip_error *err)
{
    const wb_strings *st = &s->wb->strings;
    char *end = NULL;
    unsigned long i = strtoul(v, &end, 10);
    size_t len;

    if (*v < '0' || *v > '9' || *end != '\0' || i >= st->count) {
        wb_corrupt(err,
                   "a cell refers to shared string '%.20s', which "
                   "does not exist",
                   v);
        return cell_error(s, err);
    }
    len = (i + 1 < st->count ? st->off[i + 1] : st->text.len) - st->off[i] - 1;
    return place(s, EIP_CELL_TEXT, st->text.data + st->off[i], len, 0);
}

static int number_cell(xsheet *s, const xcell *c, const char *v)
{
    char out[SHEET_NUMBER_MAX];
    char date[SHEET_DATE_MAX];
    double d;
    unsigned fmt = c->xf < s->wb->nxf ? s->wb->xf_fmt[c->xf] : 0;

    if (sheet_number_parse(&d, v) != 0) {
        return place(s, EIP_CELL_TEXT, v, strlen(v), 1);
    }
    if ((fmt & FMT_DATE) &&
        sheet_serial_date(date, d, s->wb->date1904, fmt & FMT_TIME) == 0) {
        return place(s, EIP_CELL_DATE, date, strlen(date), 1);
    }
    sheet_number_format(out, d);
    return place(s, EIP_CELL_NUMBER, out, strlen(out), 1);
}

static int typed_cell(xsheet *s, const char *t, const char *v, size_t n)
{
    char date[SHEET_DATE_MAX];

    if (strcmp(t, "b") == 0 && strcmp(v, "1") == 0) {
        return place(s, EIP_CELL_BOOL, "TRUE", 4, 1);
    }
    if (strcmp(t, "b") == 0 && strcmp(v, "0") == 0) {
        return place(s, EIP_CELL_BOOL, "FALSE", 5, 1);
    }
    if (strcmp(t, "e") == 0) {
        return place(s, EIP_CELL_ERROR, v, n, 1);
    }
    if (strcmp(t, "d") == 0 && sheet_iso_date(date, v) == 0) {
        return place(s, EIP_CELL_DATE, date, strlen(date), 1);
    }
    /* str, inlineStr, and any type this reader does not know: text. */
    return place(s, EIP_CELL_TEXT, v, n, 1);
}

static int cell_value(xsheet *s, const xcell *c, eip_error *err)
{
    const char *v = eip_buf_str(&s->val);
    const char *t = c->type;

    if (s->val.failed) {
        return EIP_ENOMEM;
    }
    if (s->val.len == 0) {
        if (c->has_formula && !s->warned_formula) {
            s->warned_formula = 1;
            note(s, "formula-not-calculated", s->row, s->column,
                 "open the file in the spreadsheet program, let it "
                 "calculate, and save it again",
                 "a formula was never calculated, so its cell reads as "
                 "empty");
        }
        return 0;
    }
    if (strcmp(t, "s") == 0) {
        return shared_string(s, v, err);
    }
    if (t[0] == '\0' || strcmp(t, "n") == 0) {
        return number_cell(s, c, v);
    }
    return typed_cell(s, t, v, s->val.len);
}

static int read_cell(xsheet *s, eip_error *err)
{
    xmlTextReaderPtr xr = s->p->xr;
    int empty = xmlTextReaderIsEmptyElement(xr) == 1;
    int bad = 0;
    xcell c;
    int rc;

    xcell_attrs(&c, s, xr, &bad);
    s->column = c.column;
    if (bad) {
        wb_corrupt(err, "a cell has a malformed reference or lies beyond "
                        "column XFD");
        return cell_error(s, err);
    }
    if (c.column > s->wb->lim.max_columns) {
        wb_too_large(err, "a row has more columns than the limit");
        return cell_error(s, err);
    }
    eip_buf_reset(&s->val);
    if (empty) {
        return 0;
    }
    rc = cell_children(s, &c, err);
    if (rc == 0) {
        rc = cell_value(s, &c, err);
    }
    return rc;
}

static void row_out(xsheet *s, eip_row *out)
{
    sheet_row_out(&s->cells, out, s->row);
    if (s->row_hidden && !s->warned_rows) {
        s->warned_rows = 1;
        note(s, "sheet-hidden-rows", s->row, 0,
             "unhide the rows and check what they hold",
             "the sheet has hidden rows with data in them");
    }
}

/* Read the rest of the part, so that a CRC error at its end is seen. */
static int drain(xsheet *s, eip_error *err)
{
    int rc;

    do {
        rc = wb_part_read(s->p, err);
        if (rc == 1) {
            wb_part_skip(s->p);
        }
    } while (rc == 1);
    return rc;
}

/* Whether the element is in the SpreadsheetML namespace. */
static int in_main_ns(xsheet *s)
{
    const char *ns = xml_ns(s->p->xr);

    if (ns == s->main_ns) {
        return 1;
    }
    if (!xlsx_is_main_ns(ns)) {
        return 0;
    }
    s->main_ns = ns; /* elements share their parent's namespace record */
    return 1;
}

/* One node of the worksheet: 1 when a row is complete, 2 at the end. */
static int sheet_node(xsheet *s, eip_error *err)
{
    xmlTextReaderPtr xr = s->p->xr;
    int type = s->p->type;
    const char *ln;

    if (type != XML_READER_TYPE_END_ELEMENT &&
        type != XML_READER_TYPE_ELEMENT) {
        return 0;
    }
    ln = xml_local(xr);
    if (type == XML_READER_TYPE_END_ELEMENT) {
        if (ln == s->nm.row) {
            return s->cells.used > 0 ? 1 : 0;
        }
        return ln == s->nm.sheet_data ? 2 : 0;
    }
    if (!in_main_ns(s)) {
        return 0;
    }
    if (ln == s->nm.c) {
        return read_cell(s, err);
    }
    if (ln == s->nm.row) {
        int empty = xmlTextReaderIsEmptyElement(xr) == 1;
        int rc = row_start(s, xr, err);

        return rc != 0 || empty ? rc : 0;
    }
    if (ln == s->nm.col) {
        return take_col(s, xr);
    }
    if (ln == s->nm.sheet_data && xmlTextReaderIsEmptyElement(xr)) {
        return 2;
    }
    return 0;
}

static int xsheet_step(xsheet *s, eip_row *out, eip_error *err)
{
    int rc;

    for (;;) {
        rc = wb_part_read(s->p, err);
        if (rc == 0) {
            return 0;
        }
        if (rc == 1) {
            rc = sheet_node(s, err);
        }
        if (rc < 0 || rc == 1) {
            if (rc == 1) {
                row_out(s, out);
            }
            return rc;
        }
        if (rc == 2) {
            return drain(s, err);
        }
    }
}

static int xsheet_next(void *impl, eip_row *out, eip_error *err)
{
    xsheet *s = impl;
    int rc;

    if (s->state != 0) {
        if (s->state < 0 && err != NULL && err->code == 0) {
            *err = s->error;
        }
        return s->state < 0 ? s->state : 0;
    }
    rc = xsheet_step(s, out, &s->error); /* s->error is clear until now */
    if (rc == 1) {
        return 1;
    }
    if (rc == EIP_ENOMEM) {
        eip_error_set(&s->error, rc, "out of memory");
    }
    eip_error_place(&s->error, s->wb->label, s->name, s->row, 0);
    s->state = rc < 0 ? rc : 1;
    if (rc < 0 && err != NULL && err->code == 0) {
        *err = s->error;
    }
    return rc < 0 ? rc : 0;
}

static void xsheet_close(void *impl)
{
    xsheet *s = impl;

    if (s == NULL) {
        return;
    }
    wb_part_close(s->p);
    eip_workbook_close(s->wb);
    free(s->name);
    sheet_row_free(&s->cells);
    sheet_cols_free(&s->hidden);
    eip_buf_free(&s->val);
    free(s);
}

static void names_fill(names *nm, wb_part *p)
{
    nm->c = xml_name(p, "c");
    nm->row = xml_name(p, "row");
    nm->v = xml_name(p, "v");
    nm->t = xml_name(p, "t");
    nm->f = xml_name(p, "f");
    nm->is = xml_name(p, "is");
    nm->r = xml_name(p, "r");
    nm->s = xml_name(p, "s");
    nm->col = xml_name(p, "col");
    nm->sheet_data = xml_name(p, "sheetData");
}

static const eip_table_ops xsheet_ops = {xsheet_next, xsheet_close};

static int xsheet_comments(xsheet *s, const char *part, eip_error *err)
{
    int has = 0;
    int rc = xlsx_sheet_comments(&has, s->wb, part, err);

    if (rc == 0 && has) {
        note(s, "sheet-comments", 0, 0,
             "check whether the comments hold anything the sheet itself "
             "should say",
             "the sheet has cell comments, which are not read");
    }
    return rc;
}

int xlsx_table_open(eip_table **out, eip_workbook *wb, size_t i, eip_error *err)
{
    const wb_sheet *sh = &wb->sheets[i];
    xsheet *s;
    int rc = xlsx_book_details(wb, err);

    if (rc != 0) {
        return rc;
    }
    if (sh->part == NULL || !wb_has_part(wb, sh->part)) {
        return wb_corrupt(err, "the part holding sheet '%s' is missing",
                          sh->name);
    }
    s = calloc(1, sizeof(*s));
    if (s == NULL) {
        return EIP_ENOMEM;
    }
    wb_retain(wb);
    s->wb = wb;
    s->name = strdup(sh->name);
    rc = s->name == NULL ? EIP_ENOMEM : xsheet_comments(s, sh->part, err);
    if (rc == 0) {
        rc = wb_part_open(&s->p, wb, sh->part, err);
    }
    if (rc == 0) {
        names_fill(&s->nm, s->p);
    }
    if (rc == 0 && !sh->worksheet) {
        s->state = 1; /* a chart sheet: no cells */
    }
    if (rc != 0) {
        xsheet_close(s);
        return rc;
    }
    *out = eip_table_wrap(&xsheet_ops, s, wb->label, sh->name);
    return *out == NULL ? EIP_ENOMEM : 0;
}
