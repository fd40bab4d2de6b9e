/* SPDX-License-Identifier: MIT */
/*
 * ods_source.c - the sheets of an OpenDocument spreadsheet (.ods).
 *
 * Everything is in content.xml: the table styles that hide sheets, then
 * one table:table per sheet.  Repeated rows and cells are counted, never
 * expanded while empty, so a million empty formatted rows cost nothing.
 */
#include "sheet/sheet_impl.h"

#include "findings/findings.h"

#include <stdlib.h>
#include <string.h>

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_CALCEXT                                                             \
    "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
#define CONTENT "content.xml"
/* Spaces one text:s element may stand for. */
#define MAX_SPACES 1024u

typedef struct osheet {
    eip_workbook *wb;
    wb_part *p;
    char *name;
    size_t index;
    int depth;             /* of the table:table element */
    unsigned long next;    /* number of the row that starts next */
    unsigned long row;     /* number of the row handed out last */
    unsigned long repeats; /* copies of the last row still to hand out */
    unsigned long column;  /* last column of the current row so far */
    unsigned long ncols;   /* table:table-column elements seen */
    unsigned long row_repeat;
    int row_hidden;
    sheet_row cells;
    eip_buf val;
    sheet_cols hidden;
    int warned_rows;
    int warned_cols;
    int warned_notes;
    int state;
    eip_error error;
} osheet;

/* The attributes of one table cell. */
typedef struct ocell {
    char type[16];
    char calc_type[16];
    char value[64];
    unsigned long repeat;
    int covered;
    xmlChar *string_value;
} ocell;

static int at(xmlTextReaderPtr xr, const char *ns, const char *name)
{
    return xmlTextReaderNodeType(xr) == XML_READER_TYPE_ELEMENT &&
           strcmp(xml_local(xr), name) == 0 && strcmp(xml_ns(xr), ns) == 0;
}

static int at_end(xmlTextReaderPtr xr, const char *ns, const char *name)
{
    return xmlTextReaderNodeType(xr) == XML_READER_TYPE_END_ELEMENT &&
           strcmp(xml_local(xr), name) == 0 && strcmp(xml_ns(xr), ns) == 0;
}

/* A count attribute (repeats, spaces): 1 when absent, at most cap. */
static unsigned long count_attr(xmlTextReaderPtr xr, const char *ns,
                                const char *name, unsigned long cap)
{
    xmlChar *v = xmlTextReaderGetAttributeNs(xr, XSTR(name), XSTR(ns));
    unsigned long n = 1;
    char *end = NULL;

    if (v != NULL) {
        n = strtoul((const char *)v, &end, 10);
        if (end == (char *)v || n == 0) {
            n = 1;
        }
    }
    xmlFree(v);
    return n > cap ? cap : n;
}

static int attr_is(xmlTextReaderPtr xr, const char *ns, const char *name,
                   const char *want)
{
    xmlChar *v = xmlTextReaderGetAttributeNs(xr, XSTR(name), XSTR(ns));
    int yes = v != NULL && strcmp((const char *)v, want) == 0;

    xmlFree(v);
    return yes;
}

/* Listing the sheets ------------------------------------------------- */

typedef struct style_list {
    char **names;
    size_t count;
    xmlChar *current; /* the table style being read */
} style_list;

static int styles_add(style_list *l, const char *name)
{
    char **grown = realloc(l->names, (l->count + 1) * sizeof(*grown));

    if (grown == NULL) {
        return EIP_ENOMEM;
    }
    l->names = grown;
    l->names[l->count] = strdup(name);
    if (l->names[l->count] == NULL) {
        return EIP_ENOMEM;
    }
    l->count++;
    return 0;
}

static int styles_has(const style_list *l, const char *name)
{
    size_t i;

    for (i = 0; i < l->count; i++) {
        if (strcmp(l->names[i], name) == 0) {
            return 1;
        }
    }
    return 0;
}

static void styles_free(style_list *l)
{
    size_t i;

    for (i = 0; i < l->count; i++) {
        free(l->names[i]);
    }
    free(l->names);
    xmlFree(l->current);
}

static int take_table(eip_workbook *wb, wb_part *p, const style_list *l)
{
    xmlChar *name =
        xmlTextReaderGetAttributeNs(p->xr, BAD_CAST "name", BAD_CAST NS_TABLE);
    xmlChar *style = xmlTextReaderGetAttributeNs(p->xr, BAD_CAST "style-name",
                                                 BAD_CAST NS_TABLE);
    int rc;

    rc = wb_add_sheet(wb, name != NULL ? (const char *)name : "", NULL,
                      style != NULL && styles_has(l, (const char *)style), 1);
    xmlFree(name);
    xmlFree(style);
    wb_part_skip(p);
    return rc;
}

static int book_node(eip_workbook *wb, wb_part *p, style_list *l)
{
    xmlTextReaderPtr xr = p->xr;

    if (at(xr, NS_STYLE, "style")) {
        xmlFree(l->current);
        l->current = attr_is(xr, NS_STYLE, "family", "table")
                         ? xmlTextReaderGetAttributeNs(xr, BAD_CAST "name",
                                                       BAD_CAST NS_STYLE)
                         : NULL;
    } else if (at(xr, NS_STYLE, "table-properties") && l->current != NULL &&
               attr_is(xr, NS_TABLE, "display", "false")) {
        return styles_add(l, (const char *)l->current);
    } else if (at(xr, NS_TABLE, "table")) {
        return take_table(wb, p, l);
    }
    return 0;
}

int ods_book_load(eip_workbook *wb, eip_error *err)
{
    style_list l = {NULL, 0, NULL};
    wb_part *p = NULL;
    int rc = wb_part_open(&p, wb, CONTENT, err);

    if (rc == EIP_ENOTFOUND) {
        rc = wb_corrupt(err, "the workbook has no content.xml part");
    }
    while (rc == 0) {
        rc = wb_part_read(p, err);
        if (rc != 1) {
            break;
        }
        rc = book_node(wb, p, &l);
    }
    wb_part_close(p);
    styles_free(&l);
    return rc;
}

/* Reading one sheet --------------------------------------------------- */

static void note(osheet *s, const char *code, unsigned long row,
                 unsigned long column, const char *hint, const char *msg)
{
    if (s->wb->notes != NULL) {
        eip_findings_add(s->wb->notes, EIP_SEV_WARNING, code, s->wb->label,
                         s->name, row, column, hint, "%s", msg);
    }
}

static int append_text(osheet *s, const char *text, size_t n, eip_error *err)
{
    if (s->val.len + n > s->wb->lim.max_cell_bytes) {
        return wb_too_large(err, "a cell holds more text than the limit");
    }
    return eip_buf_append(&s->val, text, n);
}

static void ocell_attrs(ocell *c, xmlTextReaderPtr xr, unsigned long cap)
{
    while (xmlTextReaderMoveToNextAttribute(xr) == 1) {
        const char *ln = xml_local(xr);
        const char *ns = xml_ns(xr);
        const char *v = xml_value(xr);

        if (strcmp(ns, NS_OFFICE) == 0 && strcmp(ln, "value-type") == 0) {
            snprintf(c->type, sizeof(c->type), "%s", v);
        } else if (strcmp(ns, NS_CALCEXT) == 0 &&
                   strcmp(ln, "value-type") == 0) {
            snprintf(c->calc_type, sizeof(c->calc_type), "%s", v);
        } else if (strcmp(ns, NS_OFFICE) == 0 &&
                   (strcmp(ln, "value") == 0 || strcmp(ln, "date-value") == 0 ||
                    strcmp(ln, "time-value") == 0 ||
                    strcmp(ln, "boolean-value") == 0)) {
            snprintf(c->value, sizeof(c->value), "%s", v);
        } else if (strcmp(ns, NS_OFFICE) == 0 &&
                   strcmp(ln, "string-value") == 0 && c->string_value == NULL) {
            c->string_value = xmlStrdup(XSTR(v));
        }
    }
    xmlTextReaderMoveToElement(xr);
    c->repeat = count_attr(xr, NS_TABLE, "number-columns-repeated", cap);
}

/* An element inside a cell's text:p: spaces, tabs, breaks, or skipped. */
static int para_element(osheet *s, eip_error *err)
{
    xmlTextReaderPtr xr = s->p->xr;
    const char *ln = xml_local(xr);
    unsigned long n;
    char spaces[64];

    if (strcmp(xml_ns(xr), NS_TEXT) != 0) {
        wb_part_skip(s->p);
        return 0;
    }
    if (strcmp(ln, "s") == 0) {
        n = count_attr(xr, NS_TEXT, "c", MAX_SPACES);
        memset(spaces, ' ', sizeof(spaces));
        for (; n > 0; n -= n > 64 ? 64 : n) {
            if (append_text(s, spaces, n > 64 ? 64 : n, err) != 0) {
                return err != NULL && err->code != 0 ? err->code : EIP_ENOMEM;
            }
        }
    } else if (strcmp(ln, "tab") == 0) {
        return append_text(s, "\t", 1, err);
    } else if (strcmp(ln, "line-break") == 0) {
        return append_text(s, "\n", 1, err);
    } else if (strcmp(ln, "note") == 0 || strcmp(ln, "ruby-text") == 0) {
        wb_part_skip(s->p);
    }
    return 0;
}

/* A child of the cell itself: a paragraph, a comment, a drawing. */
static int cell_child(osheet *s, int *paras, eip_error *err)
{
    xmlTextReaderPtr xr = s->p->xr;

    if (at(xr, NS_TEXT, "p") || at(xr, NS_TEXT, "h")) {
        return (*paras)++ > 0 ? append_text(s, "\n", 1, err) : 0;
    }
    if (at(xr, NS_OFFICE, "annotation") && !s->warned_notes) {
        s->warned_notes = 1;
        note(s, "sheet-comments", s->next, s->column + 1,
             "check whether the comments hold anything the sheet itself "
             "should say",
             "the sheet has cell comments, which are not read");
    }
    wb_part_skip(s->p);
    return 0;
}

/* Read a cell's content up to its end into s->val. */
static int cell_text(osheet *s, eip_error *err)
{
    xmlTextReaderPtr xr = s->p->xr;
    int depth = xmlTextReaderDepth(xr);
    int paras = 0;
    int rc = 0;
    int type;

    while (rc == 0) {
        rc = wb_part_read(s->p, err);
        if (rc != 1) {
            return rc == 0 ? wb_corrupt(err, "content.xml ends in a cell") : rc;
        }
        type = xmlTextReaderNodeType(xr);
        rc = 0;
        if (type == XML_READER_TYPE_END_ELEMENT &&
            xmlTextReaderDepth(xr) == depth) {
            return 0;
        }
        if (xml_is_text(type) && xmlTextReaderDepth(xr) > depth + 1) {
            rc = append_text(s, xml_value(xr), strlen(xml_value(xr)), err);
        } else if (type == XML_READER_TYPE_ELEMENT) {
            rc = xmlTextReaderDepth(xr) == depth + 1
                     ? cell_child(s, &paras, err)
                     : para_element(s, err);
        }
    }
    return rc;
}

/* "PT12H30M05S" as "12:30:05"; -1 when it is not such a duration. */
static int ods_time(char out[SHEET_DATE_MAX], const char *v)
{
    unsigned long h = 0;
    unsigned long m = 0;
    unsigned long sec = 0;
    char *end = NULL;

    if (strncmp(v, "PT", 2) != 0) {
        return -1;
    }
    h = strtoul(v + 2, &end, 10);
    if (*end != 'H' || h > 1000000ul) {
        return -1;
    }
    m = strtoul(end + 1, &end, 10);
    if (*end != 'M' || m > 59) {
        return -1;
    }
    sec = strtoul(end + 1, &end, 10);
    if ((*end != 'S' && *end != '.') || sec > 59) {
        return -1;
    }
    snprintf(out, SHEET_DATE_MAX, "%02lu:%02lu:%02lu", h, m, sec);
    return 0;
}

/* The kind and text of a cell from its value attributes and its text. */
static eip_cell_kind cell_kind(const ocell *c, const char **text, char *tmp)
{
    const char *t = c->type;

    if (strcmp(c->calc_type, "error") == 0) {
        return EIP_CELL_ERROR;
    }
    if ((strcmp(t, "float") == 0 || strcmp(t, "percentage") == 0 ||
         strcmp(t, "currency") == 0) &&
        sheet_number_text(tmp, c->value) == 0) {
        *text = tmp;
        return EIP_CELL_NUMBER;
    }
    if (strcmp(t, "date") == 0 && sheet_iso_date(tmp, c->value) == 0) {
        *text = tmp;
        return EIP_CELL_DATE;
    }
    if (strcmp(t, "time") == 0 && ods_time(tmp, c->value) == 0) {
        *text = tmp;
        return EIP_CELL_TEXT;
    }
    if (strcmp(t, "boolean") == 0) {
        *text = strcmp(c->value, "true") == 0 ? "TRUE" : "FALSE";
        return EIP_CELL_BOOL;
    }
    if (c->string_value != NULL) {
        *text = (const char *)c->string_value;
    }
    return EIP_CELL_TEXT;
}

static int cell_place(osheet *s, const ocell *c, eip_error *err)
{
    char tmp[SHEET_DATE_MAX];
    const char *text = eip_buf_str(&s->val);
    eip_cell_kind kind = cell_kind(c, &text, tmp);
    unsigned long first = s->column + 1;
    unsigned long last = s->column + c->repeat;
    size_t len = strlen(text);

    s->column = last;
    if (len == 0 || c->covered) {
        return 0;
    }
    if (last > s->wb->lim.max_columns) {
        return wb_too_large(err, "a row has more columns than the limit");
    }
    if (!s->warned_cols && sheet_cols_hidden(&s->hidden, first, last)) {
        s->warned_cols = 1;
        note(s, "sheet-hidden-columns", s->next, first,
             "unhide the columns and check what they hold",
             "the sheet has hidden columns with data in them");
    }
    return sheet_row_place(&s->cells, first, last, kind, text, len);
}

static int read_cell(osheet *s, eip_error *err)
{
    xmlTextReaderPtr xr = s->p->xr;
    int empty = xmlTextReaderIsEmptyElement(xr) == 1;
    ocell c;
    int rc = 0;

    memset(&c, 0, sizeof(c));
    c.covered = strcmp(xml_local(xr), "covered-table-cell") == 0;
    ocell_attrs(&c, xr, SHEET_MAX_COLUMNS * 2);
    eip_buf_reset(&s->val);
    if (!empty) {
        rc = cell_text(s, err);
    }
    if (rc == 0 && s->val.failed) {
        rc = EIP_ENOMEM;
    }
    if (rc == 0) {
        rc = cell_place(s, &c, err);
    }
    xmlFree(c.string_value);
    return rc;
}

static int take_column(osheet *s, xmlTextReaderPtr xr)
{
    unsigned long n = count_attr(xr, NS_TABLE, "number-columns-repeated",
                                 SHEET_MAX_COLUMNS * 2);
    unsigned long first = s->ncols + 1;
    int rc = 0;

    s->ncols += n;
    if (attr_is(xr, NS_TABLE, "visibility", "collapse")) {
        rc = sheet_cols_add(&s->hidden, first, s->ncols);
    }
    return rc;
}

static void row_start(osheet *s, xmlTextReaderPtr xr)
{
    /* One more than the last row, so that row_end can see the excess. */
    s->row_repeat =
        count_attr(xr, NS_TABLE, "number-rows-repeated", SHEET_MAX_ROWS + 1);
    s->row_hidden = attr_is(xr, NS_TABLE, "visibility", "collapse") ||
                    attr_is(xr, NS_TABLE, "visibility", "filter");
    s->column = 0;
    sheet_row_reset(&s->cells);
}

/* The row ended: 1 when it has cells to hand out, else 0. */
static int row_end(osheet *s, eip_error *err)
{
    unsigned long first = s->next;

    s->next += s->row_repeat;
    if (s->cells.used == 0) {
        return 0;
    }
    if (s->next - 1 > SHEET_MAX_ROWS) {
        return wb_too_large(err, "the sheet has more rows than the limit");
    }
    s->row = first;
    s->repeats = s->row_repeat - 1;
    if (s->row_hidden && !s->warned_rows) {
        s->warned_rows = 1;
        note(s, "sheet-hidden-rows", first, 0,
             "unhide the rows and check what they hold",
             "the sheet has hidden rows with data in them");
    }
    return 1;
}

/* One node of the table: 1 when a row is complete, 2 at its end. */
static int table_node(osheet *s, eip_error *err)
{
    xmlTextReaderPtr xr = s->p->xr;

    if (at(xr, NS_TABLE, "table-cell") ||
        at(xr, NS_TABLE, "covered-table-cell")) {
        return read_cell(s, err);
    }
    if (at(xr, NS_TABLE, "table-row")) {
        row_start(s, xr);
        return xmlTextReaderIsEmptyElement(xr) == 1 ? row_end(s, err) : 0;
    }
    if (at_end(xr, NS_TABLE, "table-row")) {
        return row_end(s, err);
    }
    if (at(xr, NS_TABLE, "table-column")) {
        return take_column(s, xr);
    }
    if (at(xr, NS_TABLE, "table")) {
        wb_part_skip(s->p); /* a table inside a cell or shape */
        return 0;
    }
    if (xmlTextReaderNodeType(xr) == XML_READER_TYPE_END_ELEMENT &&
        xmlTextReaderDepth(xr) == s->depth) {
        return 2;
    }
    return 0;
}

static int drain(osheet *s, eip_error *err)
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

static int osheet_step(osheet *s, eip_row *out, eip_error *err)
{
    int rc;

    if (s->repeats > 0) {
        s->repeats--;
        s->row++;
        sheet_row_out(&s->cells, out, s->row);
        return 1;
    }
    do {
        rc = wb_part_read(s->p, err);
        if (rc == 1) {
            rc = table_node(s, err);
        } else if (rc == 0) {
            rc = wb_corrupt(err, "content.xml ends inside a sheet");
        }
    } while (rc == 0);
    if (rc == 2) {
        return drain(s, err);
    }
    if (rc == 1) {
        sheet_row_out(&s->cells, out, s->row);
    }
    return rc;
}

static int osheet_next(void *impl, eip_row *out, eip_error *err)
{
    osheet *s = impl;
    int rc;

    if (s->state == 0) {
        eip_error_clear(&s->error);
        rc = osheet_step(s, out, &s->error);
        if (rc == 1) {
            return 1;
        }
        if (rc == EIP_ENOMEM) {
            eip_error_set(&s->error, rc, "out of memory");
        }
        eip_error_place(&s->error, s->wb->label, s->name, s->next,
                        rc < 0 ? s->column : 0);
        s->state = rc < 0 ? rc : 1;
    }
    if (s->state < 0 && err != NULL && err->code == 0) {
        *err = s->error;
    }
    return s->state < 0 ? s->state : 0;
}

static void osheet_close(void *impl)
{
    osheet *s = impl;

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

static const eip_table_ops osheet_ops = {osheet_next, osheet_close};

/* Move the reader onto the start of table number s->index. */
static int seek_table(osheet *s, eip_error *err)
{
    size_t seen = 0;
    int rc;

    for (;;) {
        rc = wb_part_read(s->p, err);
        if (rc != 1) {
            return rc == 0 ? wb_corrupt(err, "a sheet went missing from "
                                             "content.xml")
                           : rc;
        }
        if (at(s->p->xr, NS_TABLE, "table")) {
            if (seen++ == s->index) {
                s->depth = xmlTextReaderDepth(s->p->xr);
                s->state = xmlTextReaderIsEmptyElement(s->p->xr) == 1;
                return 0;
            }
            wb_part_skip(s->p);
        }
    }
}

int ods_table_open(eip_table **out, eip_workbook *wb, size_t i, eip_error *err)
{
    osheet *s = calloc(1, sizeof(*s));
    int rc = EIP_ENOMEM;

    if (s == NULL) {
        return EIP_ENOMEM;
    }
    wb_retain(wb);
    s->wb = wb;
    s->index = i;
    s->next = 1;
    s->name = strdup(wb->sheets[i].name);
    if (s->name != NULL) {
        rc = wb_part_open(&s->p, wb, CONTENT, err);
    }
    if (rc == 0) {
        rc = seek_table(s, err);
    }
    if (rc != 0) {
        osheet_close(s);
        return rc;
    }
    *out = eip_table_wrap(&osheet_ops, s, wb->label, wb->sheets[i].name);
    return *out == NULL ? EIP_ENOMEM : 0;
}
