/* SPDX-License-Identifier: MIT */
/*
 * rules.c - load and query the rules.
 *
 * The rules file is small and trusted no more than any input: it is parsed
 * without network access, DTDs or entity expansion, validated against the
 * built-in schema, then walked once into plain arrays.  Cross-references
 * the schema cannot express (evidence kinds, group members, field columns)
 * are checked here.
 */
#include "rules/rules.h"

#include "base/arena.h"
#include "base/buf.h"
#include "base/text.h"

#include <fnmatch.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <openssl/evp.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NS "urn:eipack:rules:1"

extern const unsigned char eip_rules_default_xml[];
extern const unsigned long eip_rules_default_xml_len;
extern const unsigned char eip_rules_schema_xsd[];
extern const unsigned long eip_rules_schema_xsd_len;

typedef struct word_entry {
    const char *key;
    eip_word word;
} word_entry;

struct eip_rules {
    eip_arena arena;
    char sha256[65];
    const char *label;
    eip_activity_type *types;
    size_t ntypes;
    eip_evidence_kind *kinds;
    size_t nkinds;
    eip_rules_group *groups;
    size_t ngroups;
    eip_rules_table tables[EIP_TABLE_COUNT];
    eip_rules_table cohort_fields;
    const char **personal;
    size_t npersonal;
    word_entry *words;
    size_t nwords;
    const char *register_prefix;
    const char **readable;
    size_t nreadable;
    const char **ignore;
    size_t nignore;
    regex_t centre_re;
    regex_t qual_re;
    regex_t uln_re;
    int regex_ready; /* how many of the three were compiled */
    const char *centre_example;
    const char *qual_example;
    unsigned uln_weights[32];
    size_t nweights;
    unsigned uln_modulus;
    unsigned uln_remainder;
    const char *uln_placeholder;
    unsigned sample_min;
    double sample_fraction;
    eip_table_limits limits;
};

static const char *const table_ids[EIP_TABLE_COUNT] = {
    "cohort", "learners", "employers", "activities", "register"};

/* ---- walking the document ---- */

static int is_el(const xmlNode *n, const char *name)
{
    return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
           xmlStrcmp(n->ns->href, (const xmlChar *)NS) == 0 &&
           (name == NULL || xmlStrcmp(n->name, (const xmlChar *)name) == 0);
}

static xmlNode *child(const xmlNode *parent, const char *name)
{
    for (xmlNode *n = parent->children; n != NULL; n = n->next) {
        if (is_el(n, name)) {
            return n;
        }
    }
    return NULL;
}

static xmlNode *next_el(xmlNode *n, const char *name)
{
    for (n = n->next; n != NULL; n = n->next) {
        if (is_el(n, name)) {
            return n;
        }
    }
    return NULL;
}

static size_t count_children(const xmlNode *parent, const char *name)
{
    size_t n = 0;

    for (xmlNode *c = child(parent, name); c != NULL; c = next_el(c, name)) {
        n++;
    }
    return n;
}

/* An attribute or the text of a node, copied into the arena (never NULL
 * unless out of memory; "" when absent). */
static const char *attr(eip_rules *r, const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    const char *s = eip_arena_strdup(&r->arena, v != NULL ? (char *)v : "");

    xmlFree(v);
    return s;
}

static const char *text_of(eip_rules *r, const xmlNode *n)
{
    xmlChar *v = xmlNodeGetContent(n);
    char *s = eip_arena_strdup(&r->arena, v != NULL ? (char *)v : "");

    xmlFree(v);
    return s != NULL ? eip_text_trim(s) : NULL;
}

static int attr_true(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    int yes = v != NULL && (xmlStrcmp(v, (const xmlChar *)"true") == 0 ||
                            xmlStrcmp(v, (const xmlChar *)"1") == 0);

    xmlFree(v);
    return yes;
}

static const char *key_of(eip_rules *r, const char *s)
{
    eip_buf b = EIP_BUF_INIT;
    const char *k;

    eip_text_key(&b, s);
    k = b.failed ? NULL : eip_arena_strdup(&r->arena, eip_buf_str(&b));
    eip_buf_free(&b);
    return k;
}

static void *alloc_array(eip_rules *r, size_t n, size_t size)
{
    return eip_arena_alloc(&r->arena, (n != 0 ? n : 1) * size);
}

static int bad(eip_error *err, const eip_rules *r, const xmlNode *n,
               const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int bad(eip_error *err, const eip_rules *r, const xmlNode *n,
               const char *fmt, ...)
{
    char msg[EIP_ERROR_MESSAGE_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    eip_error_set(err, EIP_EFORMAT, "%s", msg);
    eip_error_place(err, r->label, NULL,
                    n != NULL ? (unsigned long)xmlGetLineNo(n) : 0, 0);
    eip_error_hint(err, "correct the rules file, or run without --rules to "
                        "use the built-in rules");
    eip_error_finding(err, "rules-invalid");
    return EIP_EFORMAT;
}

static int oom(eip_error *err)
{
    return eip_error_set(err, EIP_ENOMEM, "out of memory");
}

/* ---- sections ---- */

/* Keys of every <alias> child (and of extra, when not NULL). */
static int read_keys(eip_rules *r, const xmlNode *n, const char *tag,
                     const char *extra, const char ***keys, size_t *nkeys)
{
    size_t cap = count_children(n, tag) + (extra != NULL);
    size_t k = 0;

    *keys = alloc_array(r, cap, sizeof(**keys));
    if (*keys == NULL) {
        return EIP_ENOMEM;
    }
    if (extra != NULL) {
        (*keys)[k++] = key_of(r, extra);
    }
    for (xmlNode *a = child(n, tag); a != NULL; a = next_el(a, tag)) {
        (*keys)[k++] = key_of(r, text_of(r, a));
    }
    *nkeys = k;
    for (size_t i = 0; i < k; i++) {
        if ((*keys)[i] == NULL) {
            return EIP_ENOMEM;
        }
    }
    return 0;
}

static int read_columns(eip_rules *r, const xmlNode *n, eip_rules_table *t,
                        const char *tag)
{
    size_t i = 0;

    t->ncolumns = count_children(n, tag);
    t->columns = alloc_array(r, t->ncolumns, sizeof(*t->columns));
    if (t->columns == NULL) {
        return EIP_ENOMEM;
    }
    for (xmlNode *c = child(n, tag); c != NULL; c = next_el(c, tag), i++) {
        eip_rules_column *col = &t->columns[i];

        col->id = attr(r, c, "id");
        col->required = attr_true(c, "required");
        col->name = text_of(r, child(c, "alias"));
        if (read_keys(r, c, "alias", NULL, &col->keys, &col->nkeys) != 0 ||
            col->id == NULL || col->name == NULL) {
            return EIP_ENOMEM;
        }
    }
    return 0;
}

static int read_tables(eip_rules *r, const xmlNode *root, eip_error *err)
{
    xmlNode *tables = child(root, "tables");

    for (xmlNode *t = child(tables, "table"); t != NULL;
         t = next_el(t, "table")) {
        const char *id = attr(r, t, "id");

        for (int i = 0; i < EIP_TABLE_COUNT; i++) {
            if (id != NULL && strcmp(id, table_ids[i]) == 0) {
                r->tables[i].id = table_ids[i];
                if (read_columns(r, t, &r->tables[i], "column") != 0) {
                    return oom(err);
                }
            }
        }
    }
    if (read_columns(r, child(root, "cohort-fields"), &r->cohort_fields,
                     "field") != 0) {
        return oom(err);
    }
    r->cohort_fields.id = "cohort-fields";
    return 0;
}

static int find_column(const eip_rules_table *t, const char *id)
{
    for (size_t i = 0; i < t->ncolumns; i++) {
        if (strcmp(t->columns[i].id, id) == 0) {
            return (int)i;
        }
    }
    return -1;
}

static int read_kind_fields(eip_rules *r, const xmlNode *n,
                            eip_evidence_kind *k, eip_error *err)
{
    size_t i = 0;

    k->nfields = count_children(n, "field");
    k->fields = alloc_array(r, k->nfields, sizeof(*k->fields));
    if (k->fields == NULL) {
        return oom(err);
    }
    for (xmlNode *f = child(n, "field"); f != NULL;
         f = next_el(f, "field"), i++) {
        const char *table = attr(r, f, "table");
        eip_table_id t = strcmp(table, "employers") == 0 ? EIP_TABLE_EMPLOYERS
                                                         : EIP_TABLE_ACTIVITIES;
        int col = find_column(&r->tables[t], text_of(r, f));

        if (col < 0) {
            return bad(err, r, f,
                       "evidence kind '%s' names a column that "
                       "its table does not have",
                       k->id);
        }
        k->fields[i].table = t;
        k->fields[i].column = (size_t)col;
    }
    return 0;
}

static int read_kinds(eip_rules *r, const xmlNode *root, eip_error *err)
{
    xmlNode *kinds = child(root, "evidence-kinds");
    size_t i = 0;
    int rc;

    r->nkinds = count_children(kinds, "kind");
    r->kinds = alloc_array(r, r->nkinds, sizeof(*r->kinds));
    if (r->kinds == NULL) {
        return oom(err);
    }
    for (xmlNode *n = child(kinds, "kind"); n != NULL;
         n = next_el(n, "kind"), i++) {
        eip_evidence_kind *k = &r->kinds[i];
        size_t j = 0;

        k->id = attr(r, n, "id");
        k->label = text_of(r, child(n, "label"));
        k->from_register = attr_true(n, "register");
        rc = read_kind_fields(r, n, k, err);
        if (rc != 0) {
            return rc;
        }
        k->npatterns = count_children(n, "pattern");
        k->patterns = alloc_array(r, k->npatterns, sizeof(*k->patterns));
        if (k->patterns == NULL) {
            return oom(err);
        }
        for (xmlNode *p = child(n, "pattern"); p != NULL;
             p = next_el(p, "pattern")) {
            k->patterns[j++] = text_of(r, p);
        }
    }
    return 0;
}

static int find_kind(const eip_rules *r, const char *id)
{
    for (size_t i = 0; i < r->nkinds; i++) {
        if (strcmp(r->kinds[i].id, id) == 0) {
            return (int)i;
        }
    }
    return -1;
}

static int read_type_evidence(eip_rules *r, const xmlNode *n,
                              eip_activity_type *t, eip_error *err)
{
    size_t i = 0;

    t->nevidence = count_children(n, "evidence");
    t->evidence = alloc_array(r, t->nevidence, sizeof(*t->evidence));
    if (t->evidence == NULL) {
        return oom(err);
    }
    for (xmlNode *e = child(n, "evidence"); e != NULL;
         e = next_el(e, "evidence"), i++) {
        const char *kind = attr(r, e, "kind");
        int k = find_kind(r, kind);

        if (k < 0) {
            return bad(err, r, e,
                       "activity type '%s' needs the evidence "
                       "kind '%s', which is not defined",
                       t->id, kind);
        }
        t->evidence[i].kind = (size_t)k;
        t->evidence[i].required = attr_true(e, "required");
    }
    return 0;
}

static int read_types(eip_rules *r, const xmlNode *root, eip_error *err)
{
    xmlNode *types = child(root, "activity-types");
    size_t i = 0;
    int rc;

    r->ntypes = count_children(types, "type");
    r->types = alloc_array(r, r->ntypes, sizeof(*r->types));
    if (r->types == NULL) {
        return oom(err);
    }
    for (xmlNode *n = child(types, "type"); n != NULL;
         n = next_el(n, "type"), i++) {
        eip_activity_type *t = &r->types[i];

        t->id = attr(r, n, "id");
        t->name = text_of(r, child(n, "name"));
        t->meaningful = attr_true(n, "meaningful");
        t->sampled = attr_true(n, "sampled");
        t->group = -1;
        if (t->id == NULL || t->name == NULL ||
            read_keys(r, n, "alias", t->name, &t->keys, &t->nkeys) != 0) {
            return oom(err);
        }
        rc = read_type_evidence(r, n, t, err);
        if (rc != 0) {
            return rc;
        }
    }
    return 0;
}

static int read_groups(eip_rules *r, const xmlNode *root, eip_error *err)
{
    xmlNode *groups = child(root, "groups");
    size_t i = 0;

    r->ngroups = count_children(groups, "group");
    r->groups = alloc_array(r, r->ngroups, sizeof(*r->groups));
    if (r->groups == NULL) {
        return oom(err);
    }
    for (xmlNode *g = child(groups, "group"); g != NULL;
         g = next_el(g, "group"), i++) {
        const char *min = attr(r, g, "min-sessions");

        r->groups[i].id = attr(r, g, "id");
        r->groups[i].name = text_of(r, child(g, "name"));
        r->groups[i].min_sessions = (unsigned)strtoul(min, NULL, 10);
        for (xmlNode *m = child(g, "member"); m != NULL;
             m = next_el(m, "member")) {
            const char *type = attr(r, m, "type");
            int t = -1;

            for (size_t j = 0; j < r->ntypes; j++) {
                if (strcmp(r->types[j].id, type) == 0) {
                    t = (int)j;
                }
            }
            if (t < 0) {
                return bad(err, r, m,
                           "group member '%s' is not an "
                           "activity type",
                           type);
            }
            if (r->types[t].group >= 0) {
                return bad(err, r, m,
                           "activity type '%s' is in two "
                           "groups; a type may be in one group only",
                           type);
            }
            r->types[t].group = (int)i;
        }
    }
    return 0;
}

/* No name or alias may stand for two activity types. */
static int check_type_names(eip_rules *r, const xmlNode *root, eip_error *err)
{
    for (size_t a = 0; a < r->ntypes; a++) {
        for (size_t k = 0; k < r->types[a].nkeys; k++) {
            for (size_t b = a + 1; b < r->ntypes; b++) {
                for (size_t m = 0; m < r->types[b].nkeys; m++) {
                    if (strcmp(r->types[a].keys[k], r->types[b].keys[m]) == 0) {
                        return bad(err, r, child(root, "activity-types"),
                                   "the name '%s' is given to two activity "
                                   "types",
                                   r->types[a].keys[k]);
                    }
                }
            }
        }
    }
    return 0;
}

static int read_words(eip_rules *r, const xmlNode *root, eip_error *err)
{
    static const char *const tags[EIP_WORD_COUNT] = {
        NULL,       "present", "absent",    "live",
        "recorded", "planned", "delivered", "cancelled"};
    xmlNode *words = child(root, "words");
    size_t cap = count_children(words, NULL);

    r->words = alloc_array(r, cap, sizeof(*r->words));
    if (r->words == NULL) {
        return oom(err);
    }
    for (xmlNode *w = child(words, NULL); w != NULL; w = next_el(w, NULL)) {
        for (int i = 1; i < EIP_WORD_COUNT; i++) {
            if (xmlStrcmp(w->name, (const xmlChar *)tags[i]) != 0) {
                continue;
            }
            r->words[r->nwords].word = (eip_word)i;
            r->words[r->nwords].key = key_of(r, text_of(r, w));
            if (r->words[r->nwords].key == NULL) {
                return oom(err);
            }
            r->nwords++;
        }
    }
    return 0;
}

static int compile(eip_rules *r, regex_t *re, const xmlNode *n, eip_error *err)
{
    const char *pattern = attr(r, n, "pattern");

    if (pattern == NULL) {
        return oom(err);
    }
    if (regcomp(re, pattern, REG_EXTENDED | REG_NOSUB) != 0) {
        return bad(err, r, n,
                   "the pattern '%s' is not a valid regular "
                   "expression",
                   pattern);
    }
    r->regex_ready++;
    return 0;
}

static int read_uln(eip_rules *r, const xmlNode *n, eip_error *err)
{
    const char *w = attr(r, n, "weights");
    char *end;

    while (w != NULL && *w != '\0' && r->nweights < 32) {
        unsigned long v = strtoul(w, &end, 10);

        if (end == w) {
            break;
        }
        r->uln_weights[r->nweights++] = (unsigned)v;
        w = end;
    }
    r->uln_modulus = (unsigned)strtoul(attr(r, n, "modulus"), NULL, 10);
    r->uln_remainder = (unsigned)strtoul(attr(r, n, "remainder"), NULL, 10);
    r->uln_placeholder = attr(r, n, "placeholder");
    if (r->uln_modulus == 0) {
        return bad(err, r, n, "the ULN modulus must not be %s", "0");
    }
    return compile(r, &r->uln_re, n, err);
}

static int read_identifiers(eip_rules *r, const xmlNode *root, eip_error *err)
{
    xmlNode *ids = child(root, "identifiers");
    xmlNode *centre = child(ids, "centre-number");
    xmlNode *qual = child(ids, "qualification-number");
    int rc;

    r->centre_example = attr(r, centre, "example");
    r->qual_example = attr(r, qual, "example");
    rc = compile(r, &r->centre_re, centre, err);
    if (rc == 0) {
        rc = compile(r, &r->qual_re, qual, err);
    }
    if (rc == 0) {
        rc = read_uln(r, child(ids, "uln"), err);
    }
    return rc;
}

static int read_text_list(eip_rules *r, const xmlNode *n, const char *tag,
                          const char ***out, size_t *count)
{
    size_t i = 0;

    *count = count_children(n, tag);
    *out = alloc_array(r, *count, sizeof(**out));
    if (*out == NULL) {
        return EIP_ENOMEM;
    }
    for (xmlNode *c = child(n, tag); c != NULL; c = next_el(c, tag)) {
        (*out)[i] = text_of(r, c);
        if ((*out)[i++] == NULL) {
            return EIP_ENOMEM;
        }
    }
    return 0;
}

static unsigned long long attr_ull(const xmlNode *n, const char *name)
{
    xmlChar *v = n != NULL ? xmlGetProp(n, (const xmlChar *)name) : NULL;
    unsigned long long x = v != NULL ? strtoull((char *)v, NULL, 10) : 0;

    xmlFree(v);
    return x;
}

static int read_misc(eip_rules *r, const xmlNode *root, eip_error *err)
{
    xmlNode *files = child(root, "files");
    xmlNode *limits = child(root, "limits");
    xmlNode *sampling = child(root, "sampling");

    r->register_prefix = text_of(r, child(files, "register-prefix"));
    if (read_text_list(r, files, "readable", &r->readable, &r->nreadable) ||
        read_text_list(r, files, "ignore", &r->ignore, &r->nignore) ||
        read_keys(r, child(root, "personal-columns"), "alias", NULL,
                  &r->personal, &r->npersonal)) {
        return oom(err);
    }
    r->sample_min = (unsigned)attr_ull(sampling, "minimum");
    r->sample_fraction = strtod(attr(r, sampling, "fraction"), NULL);
    r->limits.max_part_bytes = attr_ull(limits, "part-bytes");
    r->limits.max_ratio = (unsigned)attr_ull(limits, "ratio");
    r->limits.max_total_bytes = attr_ull(limits, "total-bytes");
    r->limits.max_strings_bytes = (size_t)attr_ull(limits, "strings-bytes");
    return r->register_prefix != NULL ? 0 : oom(err);
}

/* ---- parsing and validating ---- */

typedef struct xml_errors {
    eip_error *err;
    const char *label;
} xml_errors;

static void on_xml_error(void *data, xmlErrorPtr e)
{
    xml_errors *x = data;
    char msg[EIP_ERROR_MESSAGE_MAX];
    size_t n;

    if (x->err == NULL || x->err->code != 0 || e == NULL) {
        return;
    }
    snprintf(msg, sizeof(msg), "%s", e->message != NULL ? e->message : "");
    n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '.')) {
        msg[--n] = '\0';
    }
    eip_error_set(x->err, EIP_EFORMAT, "the rules are not valid: %s", msg);
    eip_error_place(x->err, x->label, NULL, (unsigned long)e->line, 0);
    eip_error_hint(x->err, "correct the rules file so that it matches "
                           "eipack-rules.xsd, or run without --rules");
    eip_error_finding(x->err, "rules-invalid");
}

static void ignore_message(void *ctx, const char *fmt, ...)
{
    (void)ctx;
    (void)fmt;
}

/*
 * Parse without letting libxml2 print: some of its messages (a bad
 * encoding declaration) bypass XML_PARSE_NOERROR and go to its generic
 * handler, which is per thread; it is restored afterwards.
 */
static xmlDoc *read_quietly(xmlParserCtxt *ctx, const void *data, size_t len,
                            const char *label)
{
    xmlGenericErrorFunc old = xmlGenericError;
    void *old_ctx = xmlGenericErrorContext;
    xmlDoc *doc;

    xmlSetGenericErrorFunc(NULL, ignore_message);
    doc = xmlCtxtReadMemory(ctx, data, (int)len, label, NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR |
                                XML_PARSE_NOWARNING);
    xmlSetGenericErrorFunc(old_ctx, old);
    return doc;
}

/* The line on which "<!DOCTYPE" appears, or 1. */
static unsigned long doctype_line(const void *data, size_t len)
{
    const char *p = data;
    unsigned long line = 1;

    for (size_t i = 0; i + 9 <= len; i++) {
        if (memcmp(p + i, "<!DOCTYPE", 9) == 0) {
            return line;
        }
        line += p[i] == '\n';
    }
    return 1;
}

static xmlDoc *parse_xml(const void *data, size_t len, const char *label,
                         eip_error *err)
{
    xmlParserCtxt *ctx = xmlNewParserCtxt();
    xml_errors x = {err, label};
    xmlDoc *doc = NULL;

    if (ctx == NULL || len > 16u * 1024u * 1024u) {
        eip_error_set(err, ctx == NULL ? EIP_ENOMEM : EIP_ELIMIT,
                      ctx == NULL ? "out of memory"
                                  : "the rules file is too large");
        goto done;
    }
    doc = read_quietly(ctx, data, len, label);
    if (doc == NULL) {
        on_xml_error(&x, xmlCtxtGetLastError(ctx));
        eip_error_set(err, EIP_EFORMAT, "the rules are not well-formed XML");
    } else if (doc->intSubset != NULL || doc->extSubset != NULL) {
        eip_error_set(err, EIP_EUNSAFE,
                      "the rules have a document type "
                      "declaration, which is not allowed");
        eip_error_place(err, label, NULL, doctype_line(data, len), 0);
        eip_error_finding(err, "rules-invalid");
        xmlFreeDoc(doc);
        doc = NULL;
    }

done:
    xmlFreeParserCtxt(ctx);
    return doc;
}

static int validate(xmlDoc *doc, const char *label, eip_error *err)
{
    xmlSchemaParserCtxt *pctx = NULL;
    xmlSchemaValidCtxt *vctx = NULL;
    xmlSchema *schema = NULL;
    xml_errors x = {err, label};
    int rc = EIP_ENOMEM;

    pctx = xmlSchemaNewMemParserCtxt((const char *)eip_rules_schema_xsd,
                                     (int)eip_rules_schema_xsd_len);
    if (pctx != NULL) {
        schema = xmlSchemaParse(pctx);
    }
    if (schema != NULL) {
        vctx = xmlSchemaNewValidCtxt(schema);
    }
    if (vctx == NULL) {
        eip_error_set(err, EIP_ENOMEM, "the rules schema could not be read");
        goto done;
    }
    xmlSchemaSetValidStructuredErrors(vctx, on_xml_error, &x);
    rc = xmlSchemaValidateDoc(vctx, doc) == 0 ? 0 : EIP_EFORMAT;
    if (rc != 0) {
        eip_error_set(err, rc, "the rules do not match the schema");
    }

done:
    xmlSchemaFreeValidCtxt(vctx);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pctx);
    return rc;
}

static int read_all(eip_rules *r, const xmlNode *root, eip_error *err)
{
    int rc = read_tables(r, root, err);

    if (rc == 0) {
        rc = read_kinds(r, root, err);
    }
    if (rc == 0) {
        rc = read_types(r, root, err);
    }
    if (rc == 0) {
        rc = read_groups(r, root, err);
    }
    if (rc == 0) {
        rc = check_type_names(r, root, err);
    }
    if (rc == 0) {
        rc = read_words(r, root, err);
    }
    if (rc == 0) {
        rc = read_identifiers(r, root, err);
    }
    if (rc == 0) {
        rc = read_misc(r, root, err);
    }
    return rc;
}

static void hash_hex(char out[65], const void *data, size_t len)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;

    out[0] = '\0';
    if (EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) != 1) {
        return;
    }
    for (unsigned i = 0; i < n && i < 32; i++) {
        snprintf(out + 2 * i, 3, "%02x", md[i]);
    }
}

int eip_rules_load_memory(eip_rules **out, const void *data, size_t len,
                          const char *label, eip_error *err)
{
    eip_rules *r = NULL;
    xmlDoc *doc = NULL;
    int rc;

    *out = NULL;
    doc = parse_xml(data, len, label, err);
    if (doc == NULL) {
        return err != NULL && err->code != 0 ? err->code : EIP_EFORMAT;
    }
    rc = validate(doc, label, err);
    if (rc != 0) {
        goto done;
    }
    r = calloc(1, sizeof(*r));
    if (r == NULL) {
        rc = oom(err);
        goto done;
    }
    r->label = eip_arena_strdup(&r->arena, label);
    hash_hex(r->sha256, data, len);
    rc = read_all(r, xmlDocGetRootElement(doc), err);
    if (rc == 0) {
        *out = r;
        r = NULL;
    }

done:
    eip_rules_free(r);
    xmlFreeDoc(doc);
    return rc;
}

int eip_rules_load(eip_rules **out, const char *path, eip_error *err)
{
    eip_buf data = EIP_BUF_INIT;
    char chunk[16384];
    FILE *fp;
    size_t n;
    int rc;

    if (path == NULL) {
        return eip_rules_load_memory(out, eip_rules_default_xml,
                                     eip_rules_default_xml_len,
                                     "built-in rules", err);
    }
    *out = NULL;
    fp = fopen(path, "rb");
    if (fp == NULL) {
        eip_error_set(err, EIP_ENOTFOUND,
                      "the rules file could not be "
                      "opened");
        eip_error_place(err, path, NULL, 0, 0);
        eip_error_hint(err, "check the path given to --rules");
        return EIP_ENOTFOUND;
    }
    do {
        n = fread(chunk, 1, sizeof(chunk), fp);
        eip_buf_append(&data, chunk, n);
    } while (n == sizeof(chunk) && data.len < 16u * 1024u * 1024u);
    rc = ferror(fp) ? eip_error_set(err, EIP_EIO,
                                    "the rules file could "
                                    "not be read")
                    : 0;
    fclose(fp);
    if (rc == 0 && data.failed) {
        rc = oom(err);
    }
    if (rc == 0) {
        rc =
            eip_rules_load_memory(out, eip_buf_str(&data), data.len, path, err);
    }
    eip_buf_free(&data);
    return rc;
}

void eip_rules_free(eip_rules *r)
{
    if (r == NULL) {
        return;
    }
    if (r->regex_ready > 0) {
        regfree(&r->centre_re);
    }
    if (r->regex_ready > 1) {
        regfree(&r->qual_re);
    }
    if (r->regex_ready > 2) {
        regfree(&r->uln_re);
    }
    eip_arena_free(&r->arena);
    free(r);
}

/* ---- questions ---- */

const char *eip_rules_sha256(const eip_rules *r)
{
    return r->sha256;
}

const char *eip_rules_default_text(size_t *len)
{
    *len = eip_rules_default_xml_len;
    return (const char *)eip_rules_default_xml;
}

size_t eip_rules_type_count(const eip_rules *r)
{
    return r->ntypes;
}

const eip_activity_type *eip_rules_type(const eip_rules *r, size_t i)
{
    return i < r->ntypes ? &r->types[i] : NULL;
}

static int key_in(const char *key, const char *const *keys, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(key, keys[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

/* The matching key of text (malloc), or NULL when out of memory. */
static char *make_key(const char *text)
{
    eip_buf b = EIP_BUF_INIT;

    if (eip_text_key(&b, text) != 0) {
        eip_buf_free(&b);
        return NULL;
    }
    return eip_buf_detach(&b);
}

int eip_rules_type_find(const eip_rules *r, const char *text)
{
    char *key = make_key(text);
    int found = -1;

    for (size_t i = 0; key != NULL && *key != '\0' && i < r->ntypes; i++) {
        if (key_in(key, r->types[i].keys, r->types[i].nkeys)) {
            found = (int)i;
            break;
        }
    }
    free(key);
    return found;
}

size_t eip_rules_kind_count(const eip_rules *r)
{
    return r->nkinds;
}

const eip_evidence_kind *eip_rules_kind(const eip_rules *r, size_t i)
{
    return i < r->nkinds ? &r->kinds[i] : NULL;
}

size_t eip_rules_group_count(const eip_rules *r)
{
    return r->ngroups;
}

const eip_rules_group *eip_rules_group_get(const eip_rules *r, size_t i)
{
    return i < r->ngroups ? &r->groups[i] : NULL;
}

const eip_rules_table *eip_rules_table_get(const eip_rules *r, eip_table_id t)
{
    return &r->tables[t];
}

static int column_by_key(const eip_rules_table *t, const char *header)
{
    char *key = make_key(header);
    int found = -1;

    for (size_t i = 0; key != NULL && *key != '\0' && i < t->ncolumns; i++) {
        if (key_in(key, t->columns[i].keys, t->columns[i].nkeys)) {
            found = (int)i;
            break;
        }
    }
    free(key);
    return found;
}

int eip_rules_column_find(const eip_rules *r, eip_table_id t,
                          const char *header)
{
    return column_by_key(&r->tables[t], header);
}

int eip_rules_column_index(const eip_rules *r, eip_table_id t, const char *id)
{
    return find_column(&r->tables[t], id);
}

const eip_rules_table *eip_rules_cohort_fields(const eip_rules *r)
{
    return &r->cohort_fields;
}

int eip_rules_cohort_field_index(const eip_rules *r, const char *id)
{
    return find_column(&r->cohort_fields, id);
}

int eip_rules_cohort_field_find(const eip_rules *r, const char *name)
{
    return column_by_key(&r->cohort_fields, name);
}

int eip_rules_is_personal(const eip_rules *r, const char *header)
{
    char *key = make_key(header);
    int yes = key != NULL && key_in(key, r->personal, r->npersonal);

    free(key);
    return yes;
}

eip_word eip_rules_word(const eip_rules *r, const char *text, eip_word from,
                        eip_word to)
{
    char *key = make_key(text);
    eip_word found = EIP_WORD_NONE;

    for (size_t i = 0; key != NULL && *key != '\0' && i < r->nwords; i++) {
        if (r->words[i].word >= from && r->words[i].word <= to &&
            strcmp(r->words[i].key, key) == 0) {
            found = r->words[i].word;
            break;
        }
    }
    free(key);
    return found;
}

int eip_rules_centre_number_ok(const eip_rules *r, const char *s)
{
    return regexec(&r->centre_re, s, 0, NULL, 0) == 0;
}

int eip_rules_qualification_number_ok(const eip_rules *r, const char *s)
{
    return regexec(&r->qual_re, s, 0, NULL, 0) == 0;
}

const char *eip_rules_centre_number_example(const eip_rules *r)
{
    return r->centre_example;
}

const char *eip_rules_qualification_number_example(const eip_rules *r)
{
    return r->qual_example;
}

eip_uln_check eip_rules_uln_check(const eip_rules *r, const char *s)
{
    unsigned long sum = 0;
    size_t len = strlen(s);

    if (r->uln_placeholder[0] != '\0' && strcmp(s, r->uln_placeholder) == 0) {
        return EIP_ULN_PLACEHOLDER;
    }
    if (regexec(&r->uln_re, s, 0, NULL, 0) != 0 || len != r->nweights) {
        return EIP_ULN_INVALID;
    }
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return EIP_ULN_INVALID;
        }
        sum += (unsigned long)(s[i] - '0') * r->uln_weights[i];
    }
    return sum % r->uln_modulus == r->uln_remainder ? EIP_ULN_OK
                                                    : EIP_ULN_INVALID;
}

unsigned eip_rules_sample_minimum(const eip_rules *r)
{
    return r->sample_min;
}

double eip_rules_sample_fraction(const eip_rules *r)
{
    return r->sample_fraction;
}

static int glob_fold(const char *pattern, const char *name)
{
    eip_buf p = EIP_BUF_INIT;
    eip_buf n = EIP_BUF_INIT;
    int hit;

    eip_text_fold(&p, pattern);
    eip_text_fold(&n, name);
    hit = !p.failed && !n.failed &&
          fnmatch(eip_buf_str(&p), eip_buf_str(&n), 0) == 0;
    eip_buf_free(&p);
    eip_buf_free(&n);
    return hit;
}

int eip_rules_file_ignored(const eip_rules *r, const char *name)
{
    for (size_t i = 0; i < r->nignore; i++) {
        if (glob_fold(r->ignore[i], name)) {
            return 1;
        }
    }
    return 0;
}

int eip_rules_file_is_register(const eip_rules *r, const char *name)
{
    size_t n = strlen(r->register_prefix);

    return strncasecmp(name, r->register_prefix, n) == 0;
}

int eip_rules_file_readable(const eip_rules *r, const char *name)
{
    const char *dot = strrchr(name, '.');

    for (size_t i = 0; dot != NULL && i < r->nreadable; i++) {
        if (strcasecmp(dot + 1, r->readable[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

int eip_rules_file_matches(const eip_evidence_kind *k, const char *name)
{
    for (size_t i = 0; i < k->npatterns; i++) {
        if (glob_fold(k->patterns[i], name)) {
            return 1;
        }
    }
    return 0;
}

eip_table_limits eip_rules_limits(const eip_rules *r)
{
    return r->limits;
}
