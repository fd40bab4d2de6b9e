/* SPDX-License-Identifier: MIT */
/*
 * workbook.c - open a workbook: recognise the file by its first bytes,
 * open the zip, read parts under the size limits through libxml2's
 * streaming reader, and refuse documents that declare a document type.
 */
#include "sheet/sheet_impl.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* How much of an OLE file is searched for the "EncryptedPackage" name. */
#define OLE_SCAN_BYTES (64u * 1024u)
/* The largest part read whole (mimetype, VML drawings). */
#define SLURP_CHUNK 16384

static const unsigned char ole_magic[8] = {0xD0, 0xCF, 0x11, 0xE0,
                                           0xA1, 0xB1, 0x1A, 0xE1};

static const char ods_mime[] = "application/vnd.oasis.opendocument.spreadsheet";

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

/* Load no external entity or DTD, ever. */
static xmlParserInputPtr no_entity_loader(const char *url, const char *id,
                                          xmlParserCtxtPtr ctxt)
{
    (void)url;
    (void)id;
    (void)ctxt;
    return NULL;
}

static void xml_setup(void)
{
    xmlInitParser();
    xmlSetExternalEntityLoader(no_entity_loader);
}

int wb_corrupt(eip_error *err, const char *fmt, ...)
{
    va_list ap;
    char msg[EIP_ERROR_MESSAGE_MAX];

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (err != NULL && err->code == 0) {
        eip_error_set(err, EIP_EFORMAT, "%s", msg);
        eip_error_hint(err, "open it in the spreadsheet program and save it "
                            "again, or ask for a fresh copy");
        eip_error_finding(err, "workbook-corrupt");
    }
    return EIP_EFORMAT;
}

int wb_too_large(eip_error *err, const char *what)
{
    if (err != NULL && err->code == 0) {
        eip_error_set(err, EIP_ELIMIT, "%s", what);
        eip_error_hint(err, "save only the sheets needed in a new workbook; "
                            "a file this size may be a zip bomb");
        eip_error_finding(err, "workbook-too-large");
    }
    return EIP_ELIMIT;
}

/* Whether the UTF-16LE name "EncryptedPackage" occurs in buf. */
static int has_encrypted_name(const unsigned char *buf, size_t len)
{
    static const char name[] = "EncryptedPackage";
    size_t n = sizeof(name) - 1;
    size_t i;
    size_t j;

    for (i = 0; i + 2 * n <= len; i++) {
        for (j = 0; j < n; j++) {
            if (buf[i + 2 * j] != (unsigned char)name[j] ||
                buf[i + 2 * j + 1] != 0) {
                break;
            }
        }
        if (j == n) {
            return 1;
        }
    }
    return 0;
}

/* Search the first directory sector named by the OLE header too. */
static int ole_directory_encrypted(FILE *f, const unsigned char *head,
                                   size_t len)
{
    unsigned char sec[4096];
    unsigned long shift;
    unsigned long first;
    size_t got;

    if (len < 0x34) {
        return 0;
    }
    shift = (unsigned long)head[0x1E] | (unsigned long)head[0x1F] << 8;
    first = (unsigned long)head[0x30] | (unsigned long)head[0x31] << 8 |
            (unsigned long)head[0x32] << 16 | (unsigned long)head[0x33] << 24;
    if (shift < 7 || shift > 12 || first >= 0xFFFFFFFAul) {
        return 0;
    }
    if (fseeko(f, (off_t)(first + 1) << shift, SEEK_SET) != 0) {
        return 0;
    }
    got = fread(sec, 1, (size_t)1 << shift, f);
    return has_encrypted_name(sec, got);
}

static int refuse_ole(eip_error *err, int encrypted)
{
    if (encrypted) {
        eip_error_set(err, EIP_EFORMAT,
                      "the workbook is protected by a password");
        eip_error_hint(err, "open it in Excel and save a copy as .xlsx "
                            "without a password");
        eip_error_finding(err, "workbook-encrypted");
    } else {
        eip_error_set(err, EIP_EFORMAT,
                      "the file is an Excel 97-2003 workbook (.xls)");
        eip_error_hint(err, "open it in Excel or LibreOffice and save it "
                            "as .xlsx");
        eip_error_finding(err, "workbook-legacy-xls");
    }
    return EIP_EFORMAT;
}

static int refuse_not_zip(eip_error *err, const unsigned char *head, size_t len)
{
    size_t i;
    int text = len > 0;

    for (i = 0; i < len; i++) {
        if (head[i] < 0x09 || (head[i] > 0x0D && head[i] < 0x20)) {
            text = 0;
        }
    }
    if (len == 0) {
        eip_error_set(err, EIP_EFORMAT, "the workbook file is empty");
    } else if (text) {
        eip_error_set(err, EIP_EFORMAT,
                      "the file holds text, not a "
                      "workbook (a CSV file renamed?)");
    } else {
        eip_error_set(err, EIP_EFORMAT,
                      "the file is not an .xlsx or .ods workbook");
    }
    eip_error_hint(err, "save it from the spreadsheet program as .xlsx, or "
                        "give a CSV file the .csv extension");
    eip_error_finding(err, "workbook-not-zip");
    return EIP_EFORMAT;
}

/* Recognise the file by its first bytes; 0 when it is a zip. */
static int sniff(const char *path, eip_error *err)
{
    unsigned char *head;
    size_t len;
    int rc = 0;
    FILE *f = fopen(path, "rb");

    if (f == NULL) {
        rc = errno == ENOENT ? EIP_ENOTFOUND : EIP_EIO;
        return eip_error_set(err, rc, "cannot open the workbook: %s",
                             strerror(errno));
    }
    head = malloc(OLE_SCAN_BYTES);
    if (head == NULL) {
        fclose(f);
        return eip_error_set(err, EIP_ENOMEM, "out of memory");
    }
    len = fread(head, 1, OLE_SCAN_BYTES, f);
    if (len >= 4 && memcmp(head, "PK\x03\x04", 4) == 0) {
        rc = 0;
    } else if (len >= 4 && memcmp(head, "PK\x05\x06", 4) == 0) {
        rc = 0;
    } else if (len >= 8 && memcmp(head, ole_magic, 8) == 0) {
        rc = refuse_ole(err, has_encrypted_name(head, len) ||
                                 ole_directory_encrypted(f, head, len));
    } else {
        rc = refuse_not_zip(err, head, len < 512 ? len : 512);
    }
    free(head);
    fclose(f);
    return rc;
}

static int zip_failure(eip_error *err, int zep)
{
    zip_error_t ze;
    int rc;

    zip_error_init_with_code(&ze, zep);
    if (zep == ZIP_ER_MEMORY) {
        rc = eip_error_set(err, EIP_ENOMEM, "out of memory");
    } else if (zep == ZIP_ER_OPEN || zep == ZIP_ER_READ || zep == ZIP_ER_SEEK) {
        rc = eip_error_set(err, EIP_EIO, "cannot read the workbook: %s",
                           zip_error_strerror(&ze));
    } else {
        rc = wb_corrupt(err, "the workbook is damaged (%s)",
                        zip_error_strerror(&ze));
    }
    zip_error_fini(&ze);
    return rc;
}

int wb_has_part(const eip_workbook *wb, const char *name)
{
    return zip_name_locate(wb->zip, name, 0) >= 0;
}

int wb_add_sheet(eip_workbook *wb, const char *name, const char *part,
                 int hidden, int worksheet)
{
    wb_sheet *grown;
    wb_sheet *s;

    grown = realloc(wb->sheets, (wb->nsheets + 1) * sizeof(*grown));
    if (grown == NULL) {
        return EIP_ENOMEM;
    }
    wb->sheets = grown;
    s = &wb->sheets[wb->nsheets];
    memset(s, 0, sizeof(*s));
    s->name = strdup(name);
    s->part = part != NULL ? strdup(part) : NULL;
    s->hidden = hidden;
    s->worksheet = worksheet;
    if (s->name == NULL || (part != NULL && s->part == NULL)) {
        free(s->name);
        free(s->part);
        return EIP_ENOMEM;
    }
    wb->nsheets++;
    return 0;
}

static void wb_free(eip_workbook *wb)
{
    size_t i;

    for (i = 0; i < wb->nsheets; i++) {
        free(wb->sheets[i].name);
        free(wb->sheets[i].part);
    }
    free(wb->sheets);
    xlsx_book_free(wb);
    if (wb->zip != NULL) {
        zip_discard(wb->zip);
    }
    free(wb->label);
    free(wb);
}

void wb_retain(eip_workbook *wb)
{
    wb->refs++;
}

void eip_workbook_close(eip_workbook *wb)
{
    if (wb == NULL) {
        return;
    }
    wb->refs--;
    if (wb->refs == 0) {
        wb_free(wb);
    }
}

static int wb_new(eip_workbook **out, const char *path,
                  const eip_table_context *ctx)
{
    eip_workbook *wb = calloc(1, sizeof(*wb));

    if (wb == NULL) {
        return EIP_ENOMEM;
    }
    wb->refs = 1;
    wb->label = strdup(ctx != NULL && ctx->label != NULL ? ctx->label : path);
    if (wb->label == NULL) {
        free(wb);
        return EIP_ENOMEM;
    }
    if (ctx != NULL) {
        wb->lim = ctx->limits;
        wb->notes = ctx->notes;
    }
    eip_table_limits_defaults(&wb->lim);
    *out = wb;
    return 0;
}

/* Which kind of workbook the zip holds. */
static int wb_detect(eip_workbook *wb, eip_error *err)
{
    eip_buf mime = EIP_BUF_INIT;
    int rc = 0;

    if (wb_has_part(wb, "mimetype")) {
        rc = wb_part_slurp(&mime, wb, "mimetype", 256, err);
        if (rc == 0 &&
            strncmp(eip_buf_str(&mime), ods_mime, sizeof(ods_mime) - 1) != 0) {
            rc = wb_corrupt(err, "the file is an OpenDocument file but not "
                                 "a spreadsheet");
        }
        wb->kind = WB_ODS;
    } else if (wb_has_part(wb, "content.xml")) {
        wb->kind = WB_ODS;
    } else if (wb_has_part(wb, "_rels/.rels") ||
               wb_has_part(wb, "xl/workbook.xml")) {
        wb->kind = WB_XLSX;
    } else {
        rc = wb_corrupt(err, "the file is a zip archive but not an .xlsx or "
                             ".ods workbook");
    }
    eip_buf_free(&mime);
    return rc;
}

static int wb_load(eip_workbook *wb, const char *path, eip_error *err)
{
    int zep = 0;
    int rc;

    wb->zip = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zep);
    if (wb->zip == NULL) {
        return zip_failure(err, zep);
    }
    rc = wb_detect(wb, err);
    if (rc != 0) {
        return rc;
    }
    if (wb->kind == WB_ODS) {
        return ods_book_load(wb, err);
    }
    return xlsx_book_load(wb, err);
}

int eip_workbook_open(eip_workbook **out, const char *path,
                      const eip_table_context *ctx, eip_error *err)
{
    eip_workbook *wb = NULL;
    int rc;

    *out = NULL;
    pthread_once(&xml_once, xml_setup);
    rc = sniff(path, err);
    if (rc != 0) {
        goto done;
    }
    rc = wb_new(&wb, path, ctx);
    if (rc != 0) {
        eip_error_set(err, rc, "out of memory");
        goto done;
    }
    rc = wb_load(wb, path, err);
    if (rc == EIP_ENOMEM) {
        eip_error_set(err, rc, "out of memory");
    }
done:
    if (rc != 0) {
        eip_error_place(err,
                        ctx != NULL && ctx->label != NULL ? ctx->label : path,
                        NULL, 0, 0);
        if (wb != NULL) {
            wb_free(wb);
        }
        return rc;
    }
    *out = wb;
    return 0;
}

size_t eip_workbook_sheet_count(const eip_workbook *wb)
{
    return wb != NULL ? wb->nsheets : 0;
}

const char *eip_workbook_sheet_name(const eip_workbook *wb, size_t i)
{
    return wb != NULL && i < wb->nsheets ? wb->sheets[i].name : NULL;
}

int eip_workbook_sheet_hidden(const eip_workbook *wb, size_t i)
{
    return wb != NULL && i < wb->nsheets ? wb->sheets[i].hidden : 0;
}

static size_t find_sheet(const eip_workbook *wb, const char *name)
{
    size_t i;

    for (i = 0; i < wb->nsheets; i++) {
        if (name == NULL ? !wb->sheets[i].hidden
                         : strcasecmp(wb->sheets[i].name, name) == 0) {
            return i;
        }
    }
    if (name == NULL && wb->nsheets > 0) {
        return 0;
    }
    return wb->nsheets;
}

static int sheet_missing(const eip_workbook *wb, const char *name,
                         eip_error *err)
{
    eip_buf names = EIP_BUF_INIT;
    size_t i;

    for (i = 0; i < wb->nsheets && names.len < 300; i++) {
        eip_buf_printf(&names, "%s'%s'", i > 0 ? ", " : "", wb->sheets[i].name);
    }
    if (name == NULL) {
        eip_error_set(err, EIP_ENOTFOUND, "the workbook has no sheets");
    } else {
        eip_error_set(err, EIP_ENOTFOUND, "there is no sheet named '%s'", name);
        eip_error_hint(err, "the workbook's sheets are %s",
                       eip_buf_str(&names));
    }
    eip_error_finding(err, "sheet-missing");
    eip_error_place(err, wb->label, NULL, 0, 0);
    eip_buf_free(&names);
    return EIP_ENOTFOUND;
}

int eip_workbook_table(eip_table **out, eip_workbook *wb, const char *name,
                       eip_error *err)
{
    size_t i;
    int rc;

    *out = NULL;
    i = find_sheet(wb, name);
    if (i == wb->nsheets) {
        return sheet_missing(wb, name, err);
    }
    if (wb->kind == WB_ODS) {
        rc = ods_table_open(out, wb, i, err);
    } else {
        rc = xlsx_table_open(out, wb, i, err);
    }
    if (rc == EIP_ENOMEM) {
        eip_error_set(err, rc, "out of memory");
    }
    if (rc != 0) {
        eip_error_place(err, wb->label, wb->sheets[i].name, 0, 0);
    }
    return rc;
}

/* Count what zip_fread produced against every limit; 0 or a code. */
static int part_account(wb_part *p, zip_int64_t n)
{
    eip_workbook *wb = p->wb;

    p->used += (uint64_t)n;
    wb->inflated += (uint64_t)n;
    if (p->used > wb->lim.max_part_bytes) {
        return EIP_ELIMIT;
    }
    if (wb->inflated > wb->lim.max_total_bytes) {
        return EIP_ELIMIT;
    }
    if (p->used > SHEET_RATIO_FLOOR &&
        p->used / (p->csize > 0 ? p->csize : 1) >= wb->lim.max_ratio) {
        return EIP_ELIMIT;
    }
    return 0;
}

static int part_io_read(void *ctx, char *buf, int len)
{
    wb_part *p = ctx;
    zip_int64_t n;

    if (p->code != 0) {
        return -1;
    }
    n = zip_fread(p->zf, buf, (zip_uint64_t)len);
    if (n < 0) {
        p->code = EIP_EFORMAT;
        return -1;
    }
    p->code = part_account(p, n);
    return p->code != 0 ? -1 : (int)n;
}

static int part_io_close(void *ctx)
{
    (void)ctx;
    return 0;
}

static void part_xml_error(void *arg, const char *msg,
                           xmlParserSeverities severity,
                           xmlTextReaderLocatorPtr loc)
{
    wb_part *p = arg;
    size_t n;

    (void)loc;
    if (p->xmlmsg[0] != '\0' ||
        (severity != XML_PARSER_SEVERITY_ERROR &&
         severity != XML_PARSER_SEVERITY_VALIDITY_ERROR)) {
        return;
    }
    snprintf(p->xmlmsg, sizeof(p->xmlmsg), "%s", msg);
    n = strlen(p->xmlmsg);
    while (n > 0 && (p->xmlmsg[n - 1] == '\n' || p->xmlmsg[n - 1] == ' ')) {
        p->xmlmsg[--n] = '\0';
    }
}

/* Refuse parts whose declared size alone breaks a limit. */
static int part_check_size(wb_part *p, zip_int64_t idx, eip_error *err)
{
    zip_stat_t st;
    eip_workbook *wb = p->wb;

    zip_stat_init(&st);
    if (zip_stat_index(wb->zip, (zip_uint64_t)idx, 0, &st) != 0) {
        return wb_corrupt(err, "cannot read the entry '%s'", p->name);
    }
    p->csize = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    if ((st.valid & ZIP_STAT_SIZE) && st.size > wb->lim.max_part_bytes) {
        return wb_too_large(err, "a part of the workbook is larger than the "
                                 "limit");
    }
    return 0;
}

static int part_start(wb_part *p, eip_error *err)
{
    zip_int64_t idx = zip_name_locate(p->wb->zip, p->name, 0);
    int rc;

    if (idx < 0) {
        return eip_error_set(err, EIP_ENOTFOUND,
                             "the workbook has no part "
                             "'%s'",
                             p->name);
    }
    rc = part_check_size(p, idx, err);
    if (rc != 0) {
        return rc;
    }
    p->zf = zip_fopen_index(p->wb->zip, (zip_uint64_t)idx, 0);
    if (p->zf == NULL) {
        return wb_corrupt(err, "cannot read the part '%s' (%s)", p->name,
                          zip_strerror(p->wb->zip));
    }
    return 0;
}

int wb_part_open(wb_part **out, eip_workbook *wb, const char *name,
                 eip_error *err)
{
    wb_part *p = calloc(1, sizeof(*p));
    int rc = EIP_ENOMEM;

    *out = NULL;
    if (p == NULL) {
        return EIP_ENOMEM;
    }
    p->wb = wb;
    p->name = strdup(name);
    if (p->name == NULL) {
        goto done;
    }
    rc = part_start(p, err);
    if (rc != 0) {
        goto done;
    }
    p->xr = xmlReaderForIO(part_io_read, part_io_close, p, NULL, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR |
                               XML_PARSE_NOWARNING);
    if (p->xr == NULL) {
        rc = EIP_ENOMEM;
        goto done;
    }
    xmlTextReaderSetErrorHandler(p->xr, part_xml_error, p);
    *out = p;
    return 0;
done:
    wb_part_close(p);
    return rc;
}

/*
 * Whether the part that failed had a document type declaration: libxml2
 * may stop on an entity loop before the reader shows the DOCTYPE node.
 */
static int part_declared_dtd(wb_part *p)
{
    if (p->doc == NULL) {
        p->doc = xmlTextReaderCurrentDoc(p->xr); /* now ours to free */
    }
    return p->doc != NULL &&
           (p->doc->intSubset != NULL || p->doc->extSubset != NULL);
}

static int part_unsafe(wb_part *p, eip_error *err)
{
    eip_error_set(err, EIP_EUNSAFE,
                  "the part '%s' declares a document "
                  "type or entities, which workbooks "
                  "never need",
                  p->name);
    eip_error_hint(err, "do not trust this file; if it is genuine, open it "
                        "in the spreadsheet program and save it again");
    eip_error_finding(err, "workbook-unsafe-xml");
    return EIP_EUNSAFE;
}

static int part_failed(wb_part *p, eip_error *err)
{
    if (part_declared_dtd(p)) {
        return part_unsafe(p, err);
    }
    if (p->code == EIP_ELIMIT) {
        return wb_too_large(err, "a part of the workbook inflates beyond the "
                                 "size limits");
    }
    if (p->code == EIP_EFORMAT) {
        return wb_corrupt(err, "the part '%s' is damaged (%s)", p->name,
                          zip_file_strerror(p->zf));
    }
    return wb_corrupt(err, "the part '%s' is not well-formed XML: %s", p->name,
                      p->xmlmsg[0] != '\0' ? p->xmlmsg : "parse error");
}

int wb_part_read(wb_part *p, eip_error *err)
{
    int rc;
    int type;

    if (p->skip) {
        p->skip = 0;
        rc = xmlTextReaderNext(p->xr);
    } else {
        rc = xmlTextReaderRead(p->xr);
    }
    if (rc < 0 || p->code != 0) {
        return part_failed(p, err);
    }
    if (rc == 0) {
        return 0;
    }
    type = xmlTextReaderNodeType(p->xr);
    p->type = type;
    if (type == XML_READER_TYPE_DOCUMENT_TYPE ||
        type == XML_READER_TYPE_ENTITY_REFERENCE ||
        type == XML_READER_TYPE_ENTITY) {
        return part_unsafe(p, err);
    }
    return 1;
}

void wb_part_skip(wb_part *p)
{
    p->skip = 1;
}

void wb_part_close(wb_part *p)
{
    if (p == NULL) {
        return;
    }
    if (p->xr != NULL) {
        xmlFreeTextReader(p->xr);
    }
    if (p->doc != NULL) {
        xmlFreeDoc(p->doc);
    }
    if (p->zf != NULL) {
        zip_fclose(p->zf);
    }
    free(p->name);
    free(p);
}

static int slurp_loop(eip_buf *out, wb_part *p, size_t max, eip_error *err)
{
    char chunk[SLURP_CHUNK];
    zip_int64_t n;

    for (;;) {
        n = zip_fread(p->zf, chunk, sizeof(chunk));
        if (n < 0) {
            return wb_corrupt(err, "the part '%s' is damaged (%s)", p->name,
                              zip_file_strerror(p->zf));
        }
        if (n == 0) {
            return 0;
        }
        if (part_account(p, n) != 0 || out->len + (size_t)n > max) {
            return wb_too_large(err, "a part of the workbook inflates beyond "
                                     "the size limits");
        }
        if (eip_buf_append(out, chunk, (size_t)n) != 0) {
            return EIP_ENOMEM;
        }
    }
}

int wb_part_slurp(eip_buf *out, eip_workbook *wb, const char *name, size_t max,
                  eip_error *err)
{
    wb_part p;
    int rc = EIP_ENOMEM;

    memset(&p, 0, sizeof(p));
    p.wb = wb;
    p.name = strdup(name);
    if (p.name != NULL) {
        rc = part_start(&p, err);
    }
    if (rc == 0) {
        rc = slurp_loop(out, &p, max, err);
    }
    if (p.zf != NULL) {
        zip_fclose(p.zf);
    }
    free(p.name);
    return rc;
}

const char *xml_name(wb_part *p, const char *name)
{
    const xmlChar *s = xmlTextReaderConstString(p->xr, XSTR(name));

    return s != NULL ? (const char *)s : "";
}

const char *xml_local(xmlTextReaderPtr xr)
{
    const xmlChar *s = xmlTextReaderConstLocalName(xr);

    return s != NULL ? (const char *)s : "";
}

const char *xml_ns(xmlTextReaderPtr xr)
{
    const xmlChar *s = xmlTextReaderConstNamespaceUri(xr);

    return s != NULL ? (const char *)s : "";
}

const char *xml_value(xmlTextReaderPtr xr)
{
    const xmlChar *s = xmlTextReaderConstValue(xr);

    return s != NULL ? (const char *)s : "";
}

int xml_is_text(int type)
{
    return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
           type == XML_READER_TYPE_WHITESPACE ||
           type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}
