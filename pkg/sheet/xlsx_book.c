/* SPDX-License-Identifier: MIT */
/*
 * xlsx_book.c - the parts of an .xlsx file around its worksheets: the
 * relationships that name every part, the sheet list in the workbook
 * part, the number formats of the styles part (to tell dates), and the
 * shared-string table.
 */
#include "sheet/sheet_impl.h"

#include <stdlib.h>
#include <string.h>

static const char *const main_ns[] = {
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
};

static const char *const rel_ns[] = {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
};

/* The largest VML drawing searched for notes. */
#define VML_MAX_BYTES (8u * 1024u * 1024u)

/* One relationship of a part. */
typedef struct rel {
    char *id;
    char *type;   /* last segment of the type URI, e.g. "worksheet" */
    char *target; /* the part it points to, from the zip's root */
} rel;

typedef struct rels {
    rel *items;
    size_t count;
} rels;

/* Custom number formats seen in the styles part. */
typedef struct fmt_list {
    unsigned long *ids;
    unsigned char *flags;
    size_t count;
} fmt_list;

int xlsx_is_main_ns(const char *ns)
{
    return strcmp(ns, main_ns[0]) == 0 || strcmp(ns, main_ns[1]) == 0;
}

static int is_rel_ns(const char *ns)
{
    return strcmp(ns, rel_ns[0]) == 0 || strcmp(ns, rel_ns[1]) == 0;
}

/* Whether the reader is on a start tag of the main namespace named name. */
static int at_main(xmlTextReaderPtr xr, const char *name)
{
    return xmlTextReaderNodeType(xr) == XML_READER_TYPE_ELEMENT &&
           strcmp(xml_local(xr), name) == 0 && xlsx_is_main_ns(xml_ns(xr));
}

static void rels_free(rels *r)
{
    size_t i;

    for (i = 0; i < r->count; i++) {
        free(r->items[i].id);
        free(r->items[i].type);
        free(r->items[i].target);
    }
    free(r->items);
    r->items = NULL;
    r->count = 0;
}

/* Drop "." segments and resolve ".." ones of a part name, in place. */
static void normalise_path(char *path)
{
    char *out = path;
    const char *seg = path;
    const char *end;
    size_t n;

    while (*seg != '\0') {
        end = strchr(seg, '/');
        n = end != NULL ? (size_t)(end - seg) : strlen(seg);
        if (n == 2 && seg[0] == '.' && seg[1] == '.') {
            while (out > path && *--out != '/') {
            }
        } else if (n > 0 && !(n == 1 && seg[0] == '.')) {
            if (out > path) {
                *out++ = '/';
            }
            memmove(out, seg, n);
            out += n;
        }
        seg += end != NULL ? n + 1 : n;
    }
    *out = '\0';
}

/* The part a target names, relative to the folder of the source part. */
static char *resolve_target(const char *source, const char *target)
{
    const char *slash = strrchr(source, '/');
    size_t dir = slash != NULL ? (size_t)(slash - source) + 1 : 0;
    char *out;

    if (target[0] == '/') {
        dir = 0;
        target++;
    }
    out = malloc(dir + strlen(target) + 1);
    if (out == NULL) {
        return NULL;
    }
    memcpy(out, source, dir);
    strcpy(out + dir, target);
    normalise_path(out);
    return out;
}

/* "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels". */
static char *rels_part_name(const char *part)
{
    const char *slash = strrchr(part, '/');
    size_t dir = slash != NULL ? (size_t)(slash - part) + 1 : 0;
    size_t size = strlen(part) + sizeof("_rels/.rels");
    char *out = malloc(size);

    if (out == NULL) {
        return NULL;
    }
    memcpy(out, part, dir);
    snprintf(out + dir, size - dir, "_rels/%s.rels", part + dir);
    return out;
}

static int rels_add(rels *r, const char *source, const char *id,
                    const char *type, const char *target)
{
    rel *grown = realloc(r->items, (r->count + 1) * sizeof(*grown));
    const char *last = strrchr(type, '/');
    rel *it;

    if (grown == NULL) {
        return EIP_ENOMEM;
    }
    r->items = grown;
    it = &r->items[r->count];
    it->id = strdup(id);
    it->type = strdup(last != NULL ? last + 1 : type);
    it->target = resolve_target(source, target);
    r->count++;
    if (it->id == NULL || it->type == NULL || it->target == NULL) {
        return EIP_ENOMEM;
    }
    return 0;
}

/* Add the relationship the reader is on; external targets are left out. */
static int rels_take(rels *r, xmlTextReaderPtr xr, const char *source)
{
    xmlChar *id = xmlTextReaderGetAttribute(xr, BAD_CAST "Id");
    xmlChar *type = xmlTextReaderGetAttribute(xr, BAD_CAST "Type");
    xmlChar *target = xmlTextReaderGetAttribute(xr, BAD_CAST "Target");
    xmlChar *mode = xmlTextReaderGetAttribute(xr, BAD_CAST "TargetMode");
    int rc = 0;

    if (id != NULL && type != NULL && target != NULL &&
        (mode == NULL || strcmp((const char *)mode, "External") != 0)) {
        rc = rels_add(r, source, (const char *)id, (const char *)type,
                      (const char *)target);
    }
    xmlFree(id);
    xmlFree(type);
    xmlFree(target);
    xmlFree(mode);
    return rc;
}

/* Read the relationships of part; none (and 0) when it has no rels part. */
static int rels_load(rels *out, eip_workbook *wb, const char *part,
                     eip_error *err)
{
    char *name = rels_part_name(part);
    wb_part *p = NULL;
    int rc = EIP_ENOMEM;

    if (name == NULL) {
        goto done;
    }
    rc = 0;
    if (!wb_has_part(wb, name)) {
        goto done;
    }
    rc = wb_part_open(&p, wb, name, err);
    while (rc == 0) {
        rc = wb_part_read(p, err);
        if (rc == 1 &&
            xmlTextReaderNodeType(p->xr) == XML_READER_TYPE_ELEMENT &&
            strcmp(xml_local(p->xr), "Relationship") == 0) {
            rc = rels_take(out, p->xr, part) == 0 ? 0 : EIP_ENOMEM;
        } else if (rc == 1) {
            rc = 0;
        } else if (rc == 0) {
            break;
        }
    }
done:
    wb_part_close(p);
    free(name);
    return rc;
}

static const rel *rels_by_type(const rels *r, const char *type)
{
    size_t i;

    for (i = 0; i < r->count; i++) {
        if (strcmp(r->items[i].type, type) == 0) {
            return &r->items[i];
        }
    }
    return NULL;
}

static const rel *rels_by_id(const rels *r, const char *id)
{
    size_t i;

    for (i = 0; i < r->count; i++) {
        if (strcmp(r->items[i].id, id) == 0) {
            return &r->items[i];
        }
    }
    return NULL;
}

int xlsx_sheet_comments(int *out, eip_workbook *wb, const char *part,
                        eip_error *err)
{
    rels r = {NULL, 0};
    const rel *vml;
    eip_buf text = EIP_BUF_INIT;
    int rc = rels_load(&r, wb, part, err);

    *out = 0;
    if (rc == 0) {
        *out = rels_by_type(&r, "comments") != NULL ||
               rels_by_type(&r, "threadedComment") != NULL;
    }
    vml = rels_by_type(&r, "vmlDrawing");
    if (rc == 0 && !*out && vml != NULL && wb_has_part(wb, vml->target)) {
        /* Legacy notes live in a VML drawing, beside form controls. */
        rc = wb_part_slurp(&text, wb, vml->target, VML_MAX_BYTES, err);
        *out = rc == 0 && strstr(eip_buf_str(&text), "\"Note\"") != NULL;
    }
    eip_buf_free(&text);
    rels_free(&r);
    return rc;
}

/* The attributes of a <sheet> element. */
typedef struct sheet_attrs {
    xmlChar *name;
    xmlChar *state;
    xmlChar *rid;
} sheet_attrs;

static void sheet_attrs_read(sheet_attrs *a, xmlTextReaderPtr xr)
{
    memset(a, 0, sizeof(*a));
    while (xmlTextReaderMoveToNextAttribute(xr) == 1) {
        const char *ln = xml_local(xr);

        if (strcmp(ln, "name") == 0 && a->name == NULL) {
            a->name = xmlTextReaderValue(xr);
        } else if (strcmp(ln, "state") == 0 && a->state == NULL) {
            a->state = xmlTextReaderValue(xr);
        } else if (strcmp(ln, "id") == 0 && is_rel_ns(xml_ns(xr)) &&
                   a->rid == NULL) {
            a->rid = xmlTextReaderValue(xr);
        }
    }
    xmlTextReaderMoveToElement(xr);
}

static int take_sheet(eip_workbook *wb, xmlTextReaderPtr xr, const rels *r,
                      eip_error *err)
{
    sheet_attrs a;
    const rel *it;
    int hidden;
    int rc;

    sheet_attrs_read(&a, xr);
    if (a.name == NULL) {
        rc = wb_corrupt(err, "a sheet of the workbook has no name");
        goto done;
    }
    it = a.rid != NULL ? rels_by_id(r, (const char *)a.rid) : NULL;
    hidden = a.state != NULL && strcmp((const char *)a.state, "visible") != 0;
    rc = wb_add_sheet(wb, (const char *)a.name, it != NULL ? it->target : NULL,
                      hidden, it != NULL && strcmp(it->type, "worksheet") == 0);
done:
    xmlFree(a.name);
    xmlFree(a.state);
    xmlFree(a.rid);
    return rc;
}

static void take_workbook_pr(eip_workbook *wb, xmlTextReaderPtr xr)
{
    xmlChar *v = xmlTextReaderGetAttribute(xr, BAD_CAST "date1904");

    if (v != NULL) {
        wb->date1904 = strcmp((const char *)v, "1") == 0 ||
                       strcmp((const char *)v, "true") == 0;
    }
    xmlFree(v);
}

/* Read the sheet list and the date system from the workbook part. */
static int read_workbook(eip_workbook *wb, const char *book, const rels *r,
                         eip_error *err)
{
    wb_part *p = NULL;
    int rc = wb_part_open(&p, wb, book, err);

    while (rc == 0) {
        rc = wb_part_read(p, err);
        if (rc != 1) {
            break;
        }
        rc = 0;
        if (at_main(p->xr, "sheet")) {
            rc = take_sheet(wb, p->xr, r, err);
        } else if (at_main(p->xr, "workbookPr")) {
            take_workbook_pr(wb, p->xr);
        } else if (at_main(p->xr, "sheetData")) {
            wb_part_skip(p);
        }
    }
    wb_part_close(p);
    return rc;
}

static int keep_target(char **out, const rels *r, const char *type)
{
    const rel *it = rels_by_type(r, type);

    if (it == NULL) {
        return 0;
    }
    *out = strdup(it->target);
    return *out == NULL ? EIP_ENOMEM : 0;
}

/* The workbook part, through the package relationships. */
static int find_book(char **out, eip_workbook *wb, eip_error *err)
{
    rels r = {NULL, 0};
    int rc = rels_load(&r, wb, "", err);

    *out = NULL;
    if (rc == 0) {
        rc = keep_target(out, &r, "officeDocument");
    }
    if (rc == 0 && *out == NULL) {
        *out = strdup("xl/workbook.xml");
        rc = *out == NULL ? EIP_ENOMEM : 0;
    }
    rels_free(&r);
    return rc;
}

int xlsx_book_load(eip_workbook *wb, eip_error *err)
{
    rels r = {NULL, 0};
    char *book = NULL;
    int rc = find_book(&book, wb, err);

    if (rc == 0) {
        rc = rels_load(&r, wb, book, err);
    }
    if (rc == 0) {
        rc = read_workbook(wb, book, &r, err);
    }
    if (rc == EIP_ENOTFOUND) {
        rc = wb_corrupt(err, "the workbook part '%s' is missing", book);
    }
    if (rc == 0) {
        rc = keep_target(&wb->strings_part, &r, "sharedStrings");
    }
    if (rc == 0) {
        rc = keep_target(&wb->styles_part, &r, "styles");
    }
    rels_free(&r);
    free(book);
    return rc;
}

void xlsx_book_free(eip_workbook *wb)
{
    free(wb->strings_part);
    free(wb->styles_part);
    eip_buf_free(&wb->strings.text);
    free(wb->strings.off);
    free(wb->xf_fmt);
}

/* Shared strings ---------------------------------------------------- */

static int strings_push(eip_workbook *wb, size_t start, eip_error *err)
{
    wb_strings *s = &wb->strings;
    uint32_t *grown;
    size_t cap;

    if (s->count == s->cap) {
        cap = s->cap != 0 ? s->cap * 2 : 256;
        grown = realloc(s->off, cap * sizeof(*grown));
        if (grown == NULL) {
            return EIP_ENOMEM;
        }
        s->off = grown;
        s->cap = cap;
    }
    if (eip_buf_putc(&s->text, '\0') != 0) {
        return EIP_ENOMEM;
    }
    s->off[s->count++] = (uint32_t)start;
    if (s->text.len + s->count * sizeof(uint32_t) > wb->lim.max_strings_bytes ||
        s->text.len > UINT32_MAX) {
        return wb_too_large(err, "the shared-string table is larger than "
                                 "the limit");
    }
    return 0;
}

/* Where the shared-strings reader is inside <si>. */
typedef struct si_state {
    int in_t;
    size_t start;
} si_state;

static int strings_node(eip_workbook *wb, wb_part *p, si_state *st,
                        eip_error *err)
{
    xmlTextReaderPtr xr = p->xr;
    int type = xmlTextReaderNodeType(xr);
    const char *ln;

    if (xml_is_text(type)) {
        if (st->in_t) {
            return eip_buf_puts(&wb->strings.text, xml_value(xr));
        }
        return 0;
    }
    ln = xml_local(xr);
    if (type == XML_READER_TYPE_ELEMENT && xlsx_is_main_ns(xml_ns(xr))) {
        if (strcmp(ln, "si") == 0) {
            st->start = wb->strings.text.len;
            st->in_t = 0;
            return xmlTextReaderIsEmptyElement(xr) == 1
                       ? strings_push(wb, st->start, err)
                       : 0;
        }
        if (strcmp(ln, "rPh") == 0) {
            wb_part_skip(p); /* phonetic guide, not part of the text */
        } else if (strcmp(ln, "t") == 0) {
            st->in_t = !xmlTextReaderIsEmptyElement(xr);
        }
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
        if (strcmp(ln, "t") == 0) {
            st->in_t = 0;
        } else if (strcmp(ln, "si") == 0) {
            return strings_push(wb, st->start, err);
        }
    }
    return 0;
}

static int load_strings(eip_workbook *wb, eip_error *err)
{
    si_state st = {0, 0};
    wb_part *p = NULL;
    int rc;

    if (wb->strings_part == NULL || !wb_has_part(wb, wb->strings_part)) {
        return 0;
    }
    rc = wb_part_open(&p, wb, wb->strings_part, err);
    while (rc == 0) {
        rc = wb_part_read(p, err);
        if (rc != 1) {
            break;
        }
        rc = strings_node(wb, p, &st, err);
    }
    if (rc == 0 && wb->strings.text.failed) {
        rc = EIP_ENOMEM;
    }
    wb_part_close(p);
    return rc;
}

/* Styles ------------------------------------------------------------- */

static unsigned long attr_ulong(xmlTextReaderPtr xr, const char *name)
{
    xmlChar *v = xmlTextReaderGetAttribute(xr, XSTR(name));
    unsigned long n = 0;

    if (v != NULL) {
        n = strtoul((const char *)v, NULL, 10);
    }
    xmlFree(v);
    return n;
}

static int fmt_add(fmt_list *f, xmlTextReaderPtr xr)
{
    xmlChar *code = xmlTextReaderGetAttribute(xr, BAD_CAST "formatCode");
    unsigned long *ids = realloc(f->ids, (f->count + 1) * sizeof(*ids));
    unsigned char *flags;

    if (ids != NULL) {
        f->ids = ids;
    }
    flags = realloc(f->flags, f->count + 1);
    if (flags != NULL) {
        f->flags = flags;
    }
    if (ids == NULL || flags == NULL) {
        xmlFree(code);
        return EIP_ENOMEM;
    }
    f->ids[f->count] = attr_ulong(xr, "numFmtId");
    f->flags[f->count] =
        (unsigned char)(code != NULL
                            ? sheet_format_code_flags((const char *)code)
                            : 0);
    f->count++;
    xmlFree(code);
    return 0;
}

/* Make room for one more cellXfs entry; its flags come in xf_resolve. */
static int xf_add(eip_workbook *wb)
{
    unsigned char *grown = realloc(wb->xf_fmt, wb->nxf + 1);

    if (grown == NULL) {
        return EIP_ENOMEM;
    }
    wb->xf_fmt = grown;
    wb->xf_fmt[wb->nxf++] = 0;
    return 0;
}

/* Turn each cellXfs entry's format id into FMT_* flags. */
static void xf_resolve(eip_workbook *wb, const fmt_list *f,
                       const unsigned long *ids)
{
    size_t i;
    size_t j;

    for (i = 0; i < wb->nxf; i++) {
        unsigned flags = sheet_format_builtin_flags(ids[i]);

        for (j = 0; j < f->count; j++) {
            if (f->ids[j] == ids[i]) {
                flags = f->flags[j]; /* a file may redefine built-in ids */
            }
        }
        wb->xf_fmt[i] = (unsigned char)flags;
    }
}

typedef struct styles_state {
    fmt_list fmts;
    unsigned long *ids;
    int in_xfs;
} styles_state;

static int styles_node(eip_workbook *wb, styles_state *st, xmlTextReaderPtr xr)
{
    int type = xmlTextReaderNodeType(xr);
    unsigned long *grown;

    if (type == XML_READER_TYPE_END_ELEMENT &&
        strcmp(xml_local(xr), "cellXfs") == 0) {
        st->in_xfs = 0;
    } else if (at_main(xr, "cellXfs")) {
        st->in_xfs = !xmlTextReaderIsEmptyElement(xr);
    } else if (at_main(xr, "numFmt")) {
        return fmt_add(&st->fmts, xr);
    } else if (st->in_xfs && at_main(xr, "xf")) {
        grown = realloc(st->ids, (wb->nxf + 1) * sizeof(*grown));
        if (grown == NULL) {
            return EIP_ENOMEM;
        }
        st->ids = grown;
        st->ids[wb->nxf] = attr_ulong(xr, "numFmtId");
        return xf_add(wb);
    }
    return 0;
}

static int load_styles(eip_workbook *wb, eip_error *err)
{
    styles_state st;
    wb_part *p = NULL;
    int rc;

    if (wb->styles_part == NULL || !wb_has_part(wb, wb->styles_part)) {
        return 0;
    }
    memset(&st, 0, sizeof(st));
    rc = wb_part_open(&p, wb, wb->styles_part, err);
    while (rc == 0) {
        rc = wb_part_read(p, err);
        if (rc != 1) {
            break;
        }
        rc = styles_node(wb, &st, p->xr);
    }
    if (rc == 0) {
        xf_resolve(wb, &st.fmts, st.ids);
    }
    wb_part_close(p);
    free(st.fmts.ids);
    free(st.fmts.flags);
    free(st.ids);
    return rc;
}

int xlsx_book_details(eip_workbook *wb, eip_error *err)
{
    int rc;

    if (wb->loaded) {
        return 0;
    }
    rc = load_styles(wb, err);
    if (rc == 0) {
        rc = load_strings(wb, err);
    }
    if (rc != 0) {
        /* Start again from nothing if a later table asks. */
        eip_buf_free(&wb->strings.text);
        free(wb->strings.off);
        free(wb->xf_fmt);
        memset(&wb->strings, 0, sizeof(wb->strings));
        wb->xf_fmt = NULL;
        wb->nxf = 0;
        return rc;
    }
    wb->loaded = 1;
    return 0;
}
