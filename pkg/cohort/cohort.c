/* SPDX-License-Identifier: MIT */
/*
 * cohort.c - find the tracker's four tables and read them.
 *
 * Each table comes from a CSV file of its own name (cohort.csv, ...) or
 * from the sheet of that name in tracker.xlsx or tracker.ods; names match
 * without regard to case.  A table found in two places is an error that
 * names both, and the first found (CSV before workbooks) is used.
 */
#include "cohort/cohort_internal.h"

#include "base/buf.h"
#include "base/text.h"
#include "cohort/mapped.h"
#include "sheet/sheet.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static const char *const table_names[4] = {"Cohort", "Learners", "Employers",
                                           "Activities"};
static const char *const file_names[4] = {"cohort", "learners", "employers",
                                          "activities"};

/* Workbooks opened while the tracker is read. */
typedef struct book {
    eip_workbook *wb;
    const char *rel;
} book;

typedef struct tracker {
    book books[4];
    size_t nbooks;
    eip_workbook *wb_of[4]; /* the workbook of each table, or NULL */
} tracker;

static int set_source(eip_cohort *c, int t, const char *rel, const char *disk,
                      const char *sheet)
{
    eip_table_source *s = &c->tables[t];

    if (s->path != NULL) {
        eip_findings_add(
            c->priv->findings, EIP_SEV_ERROR, "table-duplicate", rel, sheet, 0,
            0, "keep one of the two and delete the other",
            "the %s table is here and also in '%s'%s%s%s; '%s' "
            "was used",
            table_names[t], s->path, s->sheet ? " (sheet '" : "",
            s->sheet ? s->sheet : "", s->sheet ? "')" : "", s->path);
        return 0;
    }
    s->path = rel;
    s->disk = disk;
    s->sheet = sheet != NULL ? eip_arena_strdup(&c->priv->arena, sheet) : NULL;
    return 1;
}

static int add_tracker_file(eip_cohort *c, const top_file *f)
{
    eip_cohort_file *p;
    size_t n = c->ntracker_files + 1;

    p = realloc(c->tracker_files, n * sizeof(*p));
    if (p == NULL) {
        return EIP_ENOMEM;
    }
    c->tracker_files = p;
    p[n - 1] = (eip_cohort_file){f->name, f->name,           f->name, f->disk,
                                 0,       EIP_FILE_EVIDENCE, 1};
    c->ntracker_files = n;
    return 0;
}

static void scan_book(eip_cohort *c, tracker *tr, book *b)
{
    size_t n = eip_workbook_sheet_count(b->wb);

    for (size_t i = 0; i < n; i++) {
        const char *name = eip_workbook_sheet_name(b->wb, i);
        int known = 0;

        for (int t = 0; t < 4; t++) {
            if (strcasecmp(name, table_names[t]) == 0) {
                known = 1;
                if (set_source(c, t, b->rel, NULL, name)) {
                    tr->wb_of[t] = b->wb;
                }
            }
        }
        if (eip_workbook_sheet_hidden(b->wb, i) &&
            strcasecmp(name, "Lists") != 0) {
            eip_findings_add(c->priv->findings, EIP_SEV_WARNING, "sheet-hidden",
                             b->rel, name, 0, 0,
                             "unhide the sheet and check it, or delete it: "
                             "personal data can hide there",
                             "the sheet '%s' is hidden%s", name,
                             known ? "" : " and is not read");
        }
    }
}

static int open_book(eip_cohort *c, tracker *tr, const top_file *f)
{
    eip_table_context ctx = cohort_table_context(c, f->name);
    book *b = &tr->books[tr->nbooks];
    eip_error err;

    eip_error_clear(&err);
    if (eip_workbook_open(&b->wb, f->disk, &ctx, &err) != 0) {
        eip_error_place(&err, f->name, NULL, 0, 0);
        eip_findings_add_error(c->priv->findings, EIP_SEV_ERROR,
                               "workbook-corrupt", &err);
        return 0;
    }
    b->rel = f->name;
    tr->nbooks++;
    scan_book(c, tr, b);
    return 0;
}

static int is_named(const char *name, const char *base, const char *ext)
{
    size_t n = strlen(base);

    return strncasecmp(name, base, n) == 0 && name[n] == '.' &&
           strcasecmp(name + n + 1, ext) == 0;
}

static int find_sources(eip_cohort *c, tracker *tr, const top_file *files,
                        size_t nfiles)
{
    int rc = 0;

    for (size_t i = 0; i < nfiles && rc == 0; i++) {
        for (int t = 0; t < 4; t++) {
            if (is_named(files[i].name, table_names[t], "csv")) {
                set_source(c, t, files[i].name, files[i].disk, NULL);
                rc = add_tracker_file(c, &files[i]);
            }
        }
    }
    for (size_t i = 0; i < nfiles && rc == 0; i++) {
        if ((is_named(files[i].name, "tracker", "xlsx") ||
             is_named(files[i].name, "tracker", "ods")) &&
            tr->nbooks < 4) {
            rc = add_tracker_file(c, &files[i]);
            if (rc == 0) {
                rc = open_book(c, tr, &files[i]);
            }
        }
    }
    return rc;
}

static void close_books(tracker *tr)
{
    for (size_t i = 0; i < tr->nbooks; i++) {
        eip_workbook_close(tr->books[i].wb);
    }
    tr->nbooks = 0;
}

/* Open table t through its source; 0 when it can be read. */
static int open_source(eip_cohort *c, tracker *tr, int t, mapped *m)
{
    eip_table_source *s = &c->tables[t];
    char hint[200];

    /* Callers close m whether or not it was opened. */
    memset(m, 0, sizeof(*m));
    if (s->path == NULL) {
        snprintf(hint, sizeof(hint),
                 "put %s.csv at the top of the cohort "
                 "folder, or a sheet named '%s' in tracker.xlsx",
                 file_names[t], table_names[t]);
        eip_findings_add(c->priv->findings, EIP_SEV_ERROR, "table-missing",
                         NULL, NULL, 0, 0, hint, "the %s table was not found",
                         table_names[t]);
        return EIP_ENOTFOUND;
    }
    if (s->sheet != NULL && tr->wb_of[t] == NULL) {
        return EIP_ENOTFOUND;
    }
    return mapped_open(m, c, (eip_table_id)t, s->path, s->disk, tr->wb_of[t],
                       s->sheet);
}

static void read_cohort_row(eip_cohort *c, mapped *m)
{
    const char *name = mapped_get(m, c, "field");
    const char *value = mapped_keep(m, c, "value");
    int f = eip_rules_cohort_field_find(c->priv->rules, name);

    if (f < 0) {
        return;
    }
    if (c->field_rows[f] != 0) {
        eip_findings_add(
            c->priv->findings, EIP_SEV_WARNING, "cohort-field-duplicate",
            m->label, m->sheet, m->row.number, 0, "delete one of the two rows",
            "'%s' is given twice; row %lu was used", name, c->field_rows[f]);
        return;
    }
    c->fields[f] = value;
    c->field_rows[f] = m->row.number;
}

static void field_error(eip_cohort *c, const char *id, const char *code,
                        const char *hint, const char *what)
{
    unsigned long row = eip_cohort_field_row(c, c->priv->rules, id);

    eip_findings_add(c->priv->findings, EIP_SEV_ERROR, code, c->tables[0].path,
                     c->tables[0].sheet, row, 0, hint,
                     "the %s '%s' cannot be read", what,
                     eip_cohort_field(c, c->priv->rules, id));
}

/* The academic year and the declaration date, which later checks use. */
static void read_cohort_dates(eip_cohort *c)
{
    const char *year = eip_cohort_field(c, c->priv->rules, "academic-year");
    const char *date = eip_cohort_field(c, c->priv->rules, "declaration-date");

    if (year[0] != '\0') {
        c->has_year =
            eip_date_academic_year(&c->year_start, &c->year_end, year) == 0;
        if (!c->has_year) {
            field_error(c, "academic-year", "academic-year-invalid",
                        "write the academic year as 2025/26", "academic year");
        }
    }
    if (date[0] != '\0') {
        c->has_declaration_date =
            eip_date_parse(&c->declaration_date, date) == 0;
        if (!c->has_declaration_date) {
            field_error(c, "declaration-date", "date-invalid",
                        "write the date as 14/03/2026 (day first) or "
                        "2026-03-14",
                        "declaration date");
        }
    }
}

static int load_cohort(eip_cohort *c, tracker *tr)
{
    const eip_rules_table *def = eip_rules_cohort_fields(c->priv->rules);
    mapped m;
    int rc;

    c->fields = eip_arena_alloc(&c->priv->arena,
                                (def->ncolumns + 1) * sizeof(*c->fields));
    c->field_rows = eip_arena_alloc(&c->priv->arena, (def->ncolumns + 1) *
                                                         sizeof(unsigned long));
    if (c->fields == NULL || c->field_rows == NULL) {
        return EIP_ENOMEM;
    }
    for (size_t i = 0; i < def->ncolumns; i++) {
        c->fields[i] = "";
    }
    if (open_source(c, tr, 0, &m) != 0) {
        mapped_close(&m);
        return 0;
    }
    for (rc = mapped_next(&m, c); rc == 1; rc = mapped_next(&m, c)) {
        read_cohort_row(c, &m);
    }
    c->tables[0].loaded = rc == 0;
    mapped_close(&m);
    read_cohort_dates(c);
    return 0;
}

void eip_cohort_normalise_enrolment(char *buf, size_t size, const char *s)
{
    size_t n = 0;

    for (; *s != '\0' && n + 1 < size; s++) {
        if (*s == ' ' || *s == '\t') {
            continue;
        }
        buf[n++] = (char)(*s >= 'a' && *s <= 'z' ? *s - 32 : *s);
    }
    buf[n] = '\0';
}

static const char *learner_name(eip_cohort *c, mapped *m)
{
    const char *name = mapped_keep(m, c, "learner-name");
    eip_buf b = EIP_BUF_INIT;
    const char *s;

    if (name[0] != '\0' || mapped_column(m, "learner-name") != 0) {
        return name;
    }
    eip_buf_printf(&b, "%s %s", mapped_get(m, c, "first-name"),
                   mapped_get(m, c, "surname"));
    s = b.failed ? ""
                 : eip_arena_strdup(&c->priv->arena, eip_text_trim(b.data));
    eip_buf_free(&b);
    return s != NULL ? s : "";
}

static int push_learner(eip_cohort *c, const eip_learner *l, size_t *cap)
{
    if (c->nlearners == *cap) {
        size_t n = *cap != 0 ? *cap * 2 : 64;
        eip_learner *p = realloc(c->learners, n * sizeof(*p));

        if (p == NULL) {
            return EIP_ENOMEM;
        }
        c->learners = p;
        *cap = n;
    }
    c->learners[c->nlearners] = *l;
    return eip_strmap_put(&c->priv->learners, l->enrolment, c->nlearners++);
}

static void check_uln(eip_cohort *c, mapped *m, const eip_learner *l)
{
    unsigned long col = mapped_column(m, "uln");
    eip_uln_check k;

    if (l->uln[0] == '\0') {
        return;
    }
    k = eip_rules_uln_check(c->priv->rules, l->uln);
    if (k == EIP_ULN_PLACEHOLDER) {
        eip_findings_add(c->priv->findings, EIP_SEV_WARNING, "uln-placeholder",
                         m->label, m->sheet, m->row.number, col,
                         "enter the learner's real ULN, or leave it blank",
                         "the ULN '%s' of %s is a placeholder", l->uln,
                         l->enrolment);
    } else if (k == EIP_ULN_INVALID) {
        eip_findings_add(c->priv->findings, EIP_SEV_WARNING, "uln-invalid",
                         m->label, m->sheet, m->row.number, col,
                         "check the ULN against the Learner Records Service: "
                         "it is 10 digits with a check digit",
                         "the ULN '%s' of %s is not a valid ULN", l->uln,
                         l->enrolment);
    }
    eip_findings_tag(c->priv->findings, NULL, l->enrolment);
}

/* A second row for a number already seen: same name or two names. */
static void report_repeat(eip_cohort *c, mapped *m, const eip_learner *l,
                          const eip_learner *first)
{
    eip_buf a = EIP_BUF_INIT;
    eip_buf b = EIP_BUF_INIT;
    int same;

    eip_text_name_key(&a, l->name);
    eip_text_name_key(&b, first->name);
    same = strcmp(eip_buf_str(&a), eip_buf_str(&b)) == 0;
    eip_buf_free(&a);
    eip_buf_free(&b);
    if (same) {
        eip_findings_add(c->priv->findings, EIP_SEV_ERROR,
                         "enrolment-duplicate", m->label, m->sheet,
                         m->row.number, mapped_column(m, "enrolment-number"),
                         "delete the repeated row",
                         "enrolment number %s is listed again (first in row "
                         "%lu)",
                         l->enrolment, first->row);
    } else {
        eip_findings_add(c->priv->findings, EIP_SEV_ERROR, "learner-two-names",
                         m->label, m->sheet, m->row.number,
                         mapped_column(m, "enrolment-number"),
                         "check which learner the number belongs to and "
                         "correct the other row",
                         "enrolment number %s belongs to '%s' in row %lu "
                         "and to '%s' here",
                         l->enrolment, first->name, first->row, l->name);
    }
    eip_findings_tag(c->priv->findings, NULL, l->enrolment);
}

static int read_learner(eip_cohort *c, mapped *m, size_t *cap,
                        eip_strmap *names)
{
    char number[256];
    eip_learner l = {NULL, learner_name(c, m), mapped_keep(m, c, "uln"),
                     m->row.number};
    size_t first;
    eip_buf key = EIP_BUF_INIT;
    int rc = 0;

    eip_cohort_normalise_enrolment(number, sizeof(number),
                                   mapped_get(m, c, "enrolment-number"));
    if (number[0] == '\0') {
        eip_findings_add(c->priv->findings, EIP_SEV_ERROR, "enrolment-missing",
                         m->label, m->sheet, m->row.number,
                         mapped_column(m, "enrolment-number"),
                         "enter the learner's enrolment number",
                         "the row has no enrolment number");
        return 0;
    }
    l.enrolment = eip_arena_strdup(&c->priv->arena, number);
    if (l.enrolment == NULL) {
        return EIP_ENOMEM;
    }
    if (l.name[0] == '\0') {
        eip_findings_add(c->priv->findings, EIP_SEV_ERROR,
                         "learner-name-missing", m->label, m->sheet,
                         m->row.number, 0, "enter the learner's name",
                         "learner %s has no name", l.enrolment);
    }
    if (eip_strmap_get(&c->priv->learners, l.enrolment, &first)) {
        report_repeat(c, m, &l, &c->learners[first]);
        return 0;
    }
    check_uln(c, m, &l);
    eip_text_name_key(&key, l.name);
    if (l.name[0] != '\0' && eip_strmap_get(names, eip_buf_str(&key), &first)) {
        eip_findings_add(c->priv->findings, EIP_SEV_WARNING,
                         "learner-two-numbers", m->label, m->sheet,
                         m->row.number, mapped_column(m, "enrolment-number"),
                         "if this is the same person, keep one number and "
                         "delete the other row",
                         "'%s' is listed under %s and again under %s", l.name,
                         c->learners[first].enrolment, l.enrolment);
    } else if (l.name[0] != '\0') {
        const char *k = eip_arena_strdup(&c->priv->arena, eip_buf_str(&key));

        rc = k != NULL ? eip_strmap_put(names, k, c->nlearners) : EIP_ENOMEM;
    }
    eip_buf_free(&key);
    return rc == 0 ? push_learner(c, &l, cap) : rc;
}

static int load_learners(eip_cohort *c, tracker *tr)
{
    eip_strmap names = EIP_STRMAP_INIT;
    size_t cap = 0;
    mapped m;
    int rc;

    if (open_source(c, tr, 1, &m) != 0) {
        mapped_close(&m);
        return 0;
    }
    if (mapped_column(&m, "learner-name") == 0 &&
        (mapped_column(&m, "first-name") == 0 ||
         mapped_column(&m, "surname") == 0)) {
        eip_findings_add(c->priv->findings, EIP_SEV_ERROR, "column-missing",
                         m.label, m.sheet, m.row.number, 0,
                         "add a 'Learner name' column, or 'First name' and "
                         "'Surname' columns",
                         "the header row has no column for learners' names");
    }
    for (rc = mapped_next(&m, c); rc == 1; rc = mapped_next(&m, c)) {
        rc = read_learner(c, &m, &cap, &names);
        if (rc != 0) {
            break;
        }
    }
    eip_strmap_free(&names);
    c->tables[1].loaded = rc == 0;
    if (rc == 0 && c->nlearners == 0) {
        eip_findings_add(c->priv->findings, EIP_SEV_ERROR, "learners-none",
                         m.label, m.sheet, 0, 0,
                         "list every learner of the cohort, one per row, "
                         "under the headings",
                         "the Learners table lists no learners");
    }
    mapped_close(&m);
    return rc == EIP_ENOMEM ? rc : 0;
}

/* The row's values by rules column, in the arena. */
static const char **row_values(eip_cohort *c, mapped *m)
{
    const char **v =
        eip_arena_alloc(&c->priv->arena, (m->def->ncolumns + 1) * sizeof(*v));

    for (size_t k = 0; v != NULL && k < m->def->ncolumns; k++) {
        v[k] = mapped_keep(m, c, m->def->columns[k].id);
    }
    return v;
}

static int read_employer(eip_cohort *c, mapped *m, eip_strmap *ids, size_t *cap)
{
    eip_employer e = {mapped_keep(m, c, "employer-id"), NULL, NULL,
                      m->row.number};
    size_t first;

    if (e.id[0] == '\0') {
        eip_findings_add(c->priv->findings, EIP_SEV_ERROR,
                         "employer-id-missing", m->label, m->sheet,
                         m->row.number, mapped_column(m, "employer-id"),
                         "give every employer an ID, e.g. E01",
                         "the row has no Employer ID");
        return 0;
    }
    if (eip_strmap_get(ids, e.id, &first)) {
        eip_findings_add(c->priv->findings, EIP_SEV_ERROR, "employer-duplicate",
                         m->label, m->sheet, m->row.number,
                         mapped_column(m, "employer-id"),
                         "give each employer its own ID",
                         "Employer ID '%s' is used again (first in row %lu)",
                         e.id, c->employers[first].row);
        return 0;
    }
    e.name = mapped_keep(m, c, "employer-name");
    e.values = row_values(c, m);
    if (e.values == NULL) {
        return EIP_ENOMEM;
    }
    if (c->nemployers == *cap) {
        size_t n = *cap != 0 ? *cap * 2 : 32;
        eip_employer *p = realloc(c->employers, n * sizeof(*p));

        if (p == NULL) {
            return EIP_ENOMEM;
        }
        c->employers = p;
        *cap = n;
    }
    c->employers[c->nemployers] = e;
    return eip_strmap_put(ids, e.id, c->nemployers++);
}

static int load_employers(eip_cohort *c, tracker *tr, eip_strmap *ids)
{
    size_t cap = 0;
    mapped m;
    int rc;

    if (open_source(c, tr, 2, &m) != 0) {
        mapped_close(&m);
        return 0;
    }
    for (rc = mapped_next(&m, c); rc == 1; rc = mapped_next(&m, c)) {
        rc = read_employer(c, &m, ids, &cap);
        if (rc != 0) {
            break;
        }
    }
    c->tables[2].loaded = rc == 0;
    mapped_close(&m);
    return rc == EIP_ENOMEM ? rc : 0;
}

static void bad_word(eip_cohort *c, mapped *m, const char *column,
                     const char *value, const char *what, const char *hint)
{
    char name[8];
    unsigned long col = mapped_column(m, column);

    eip_findings_add(
        c->priv->findings, EIP_SEV_ERROR, what, m->label, m->sheet,
        m->row.number, col, hint, "cell %s%lu: '%s' is not a known %s",
        eip_table_column_name(col, name), m->row.number, value,
        strcmp(what, "status-unknown") == 0 ? "status" : "kind of delivery");
}

static void read_words(eip_cohort *c, mapped *m, eip_activity *a)
{
    const char *status = mapped_get(m, c, "status");
    const char *delivery = mapped_get(m, c, "delivery");

    a->status = eip_rules_word(c->priv->rules, status, EIP_WORD_PLANNED,
                               EIP_WORD_CANCELLED);
    if (a->status == EIP_WORD_NONE) {
        bad_word(c, m, "status", status, "status-unknown",
                 "write Planned, Delivered or Cancelled");
    }
    a->delivery = eip_rules_word(c->priv->rules, delivery, EIP_WORD_LIVE,
                                 EIP_WORD_RECORDED);
    if (a->delivery == EIP_WORD_NONE && delivery[0] != '\0') {
        bad_word(c, m, "delivery", delivery, "delivery-unknown",
                 "write Live or Recorded");
    }
}

static int read_date(eip_cohort *c, mapped *m, const char *column,
                     eip_date *out)
{
    const char *s = mapped_get(m, c, column);
    unsigned long col = mapped_column(m, column);
    char name[8];

    if (s[0] == '\0') {
        return 0;
    }
    if (eip_date_parse(out, s) == 0) {
        return 1;
    }
    eip_findings_add(c->priv->findings, EIP_SEV_ERROR, "date-invalid", m->label,
                     m->sheet, m->row.number, col,
                     "write the date as 14/03/2026 (day first) or "
                     "2026-03-14",
                     "cell %s%lu: '%s' is not a date that can be read",
                     eip_table_column_name(col, name), m->row.number, s);
    return 0;
}

static void read_type_and_employer(eip_cohort *c, mapped *m, eip_activity *a,
                                   const eip_strmap *employers)
{
    const char *type = mapped_get(m, c, "activity-type");
    const char *emp = mapped_get(m, c, "employer-id");
    size_t i;

    a->type = eip_rules_type_find(c->priv->rules, type);
    if (a->type < 0) {
        eip_findings_add(c->priv->findings, EIP_SEV_ERROR,
                         "activity-type-unknown", m->label, m->sheet,
                         m->row.number, mapped_column(m, "activity-type"),
                         "use one of the types listed by 'eipack rules'",
                         "activity '%s' has the type '%s', which is not a "
                         "known activity type",
                         a->id, type);
        eip_findings_tag(c->priv->findings, a->id, NULL);
    }
    a->employer = -1;
    if (emp[0] != '\0' && eip_strmap_get(employers, emp, &i)) {
        a->employer = (int)i;
    } else if (emp[0] != '\0' && c->tables[2].loaded) {
        eip_findings_add(c->priv->findings, EIP_SEV_ERROR, "employer-unknown",
                         m->label, m->sheet, m->row.number,
                         mapped_column(m, "employer-id"),
                         "add the employer to the Employers table, or "
                         "correct the ID",
                         "activity '%s' names the employer '%s', who is not "
                         "in the Employers table",
                         a->id, emp);
        eip_findings_tag(c->priv->findings, a->id, NULL);
    }
}

static int push_activity(eip_cohort *c, const eip_activity *a, size_t *cap)
{
    if (c->nactivities == *cap) {
        size_t n = *cap != 0 ? *cap * 2 : 32;
        eip_activity *p = realloc(c->activities, n * sizeof(*p));

        if (p == NULL) {
            return EIP_ENOMEM;
        }
        c->activities = p;
        *cap = n;
    }
    c->activities[c->nactivities] = *a;
    return eip_strmap_put(&c->priv->activities, a->id, c->nactivities++);
}

static int read_activity(eip_cohort *c, mapped *m, const eip_strmap *emps,
                         size_t *cap)
{
    eip_activity a;
    size_t first;

    memset(&a, 0, sizeof(a));
    a.id = mapped_keep(m, c, "activity-id");
    a.row = m->row.number;
    a.contingency_for = -1;
    if (a.id[0] == '\0') {
        eip_findings_add(c->priv->findings, EIP_SEV_ERROR,
                         "activity-id-missing", m->label, m->sheet,
                         m->row.number, mapped_column(m, "activity-id"),
                         "give every activity an ID, e.g. A01",
                         "the row has no Activity ID");
        return 0;
    }
    if (eip_strmap_get(&c->priv->activities, a.id, &first)) {
        eip_findings_add(c->priv->findings, EIP_SEV_ERROR, "activity-duplicate",
                         m->label, m->sheet, m->row.number,
                         mapped_column(m, "activity-id"),
                         "give each activity its own ID",
                         "Activity ID '%s' is used again (first in row %lu)",
                         a.id, c->activities[first].row);
        eip_findings_tag(c->priv->findings, a.id, NULL);
        return 0;
    }
    a.values = row_values(c, m);
    if (a.values == NULL) {
        return EIP_ENOMEM;
    }
    read_type_and_employer(c, m, &a, emps);
    read_words(c, m, &a);
    a.has_start = read_date(c, m, "start-date", &a.start);
    a.has_end = read_date(c, m, "end-date", &a.end);
    return push_activity(c, &a, cap);
}

static void link_contingencies(eip_cohort *c)
{
    int col = eip_rules_column_index(c->priv->rules, EIP_TABLE_ACTIVITIES,
                                     "contingency-for");

    for (size_t i = 0; col >= 0 && i < c->nactivities; i++) {
        eip_activity *a = &c->activities[i];
        const char *target = a->values[col];
        long j;

        if (target[0] == '\0') {
            continue;
        }
        j = eip_cohort_find_activity(c, target);
        if (j < 0 || (size_t)j == i) {
            eip_findings_add(c->priv->findings, EIP_SEV_ERROR,
                             j < 0 ? "contingency-unknown" : "contingency-self",
                             c->tables[3].path, c->tables[3].sheet, a->row, 0,
                             "name the Activity ID of the session this one "
                             "replaces",
                             j < 0 ? "activity '%s' is a contingency for "
                                     "'%s', which is not in the tracker"
                                   : "activity '%s' is a contingency for "
                                     "itself ('%s')",
                             a->id, target);
            eip_findings_tag(c->priv->findings, a->id, NULL);
            continue;
        }
        a->contingency_for = (int)j;
    }
}

static int load_activities(eip_cohort *c, tracker *tr, const eip_strmap *emps)
{
    size_t cap = 0;
    mapped m;
    int rc;

    if (open_source(c, tr, 3, &m) != 0) {
        mapped_close(&m);
        return 0;
    }
    for (rc = mapped_next(&m, c); rc == 1; rc = mapped_next(&m, c)) {
        rc = read_activity(c, &m, emps, &cap);
        if (rc != 0) {
            break;
        }
    }
    c->tables[3].loaded = rc == 0;
    mapped_close(&m);
    if (rc == EIP_ENOMEM) {
        return rc;
    }
    link_contingencies(c);
    return 0;
}

static int load_tracker(eip_cohort *c)
{
    eip_strmap employers = EIP_STRMAP_INIT;
    tracker tr;
    top_file *files = NULL;
    size_t nfiles = 0;
    int rc;

    memset(&tr, 0, sizeof(tr));
    rc = cohort_list_top(c, &files, &nfiles);
    if (rc == 0) {
        rc = find_sources(c, &tr, files, nfiles);
    }
    if (rc == 0) {
        rc = load_cohort(c, &tr);
    }
    if (rc == 0) {
        rc = load_learners(c, &tr);
    }
    if (rc == 0) {
        rc = load_employers(c, &tr, &employers);
    }
    if (rc == 0) {
        rc = load_activities(c, &tr, &employers);
    }
    close_books(&tr);
    eip_strmap_free(&employers);
    return rc;
}

static int check_root(const char *root, eip_error *err)
{
    struct stat st;

    if (stat(root, &st) != 0 || !S_ISDIR(st.st_mode)) {
        eip_error_set(err, EIP_ENOTFOUND, "the cohort folder %s",
                      errno == ENOENT ? "does not exist" : "is not a folder");
        eip_error_place(err, root, NULL, 0, 0);
        eip_error_hint(err, "give the path of the cohort's folder, the one "
                            "holding the tracker and the activities folder");
        return EIP_ENOTFOUND;
    }
    return 0;
}

int eip_cohort_load(eip_cohort **out, const char *root, const eip_rules *rules,
                    eip_findings *findings, eip_error *err)
{
    eip_cohort *c;
    int rc;

    *out = NULL;
    rc = check_root(root, err);
    if (rc != 0) {
        return rc;
    }
    c = calloc(1, sizeof(*c));
    if (c != NULL) {
        c->priv = calloc(1, sizeof(*c->priv));
    }
    if (c == NULL || c->priv == NULL) {
        free(c);
        return eip_error_set(err, EIP_ENOMEM, "out of memory");
    }
    c->priv->rules = rules;
    c->priv->findings = findings;
    c->priv->root_real = realpath(root, NULL);
    c->root = eip_arena_strdup(&c->priv->arena, root);
    rc = c->priv->root_real != NULL && c->root != NULL ? load_tracker(c)
                                                       : EIP_ENOMEM;
    if (rc == 0) {
        rc = cohort_scan_activities(c);
    }
    if (rc == 0) {
        rc = cohort_read_registers(c);
    }
    if (rc != 0) {
        eip_cohort_free(c);
        return eip_error_set(err, rc, "the cohort could not be read: %s",
                             eip_error_name(rc));
    }
    *out = c;
    return 0;
}

void eip_cohort_free(eip_cohort *c)
{
    if (c == NULL) {
        return;
    }
    for (size_t i = 0; i < c->nactivities; i++) {
        free(c->activities[i].marks);
    }
    free(c->learners);
    free(c->employers);
    free(c->activities);
    free(c->tracker_files);
    if (c->priv != NULL) {
        eip_strmap_free(&c->priv->learners);
        eip_strmap_free(&c->priv->activities);
        free(c->priv->root_real);
        eip_arena_free(&c->priv->arena);
        free(c->priv);
    }
    free(c);
}

long eip_cohort_find_learner(const eip_cohort *c, const char *enrolment)
{
    char number[256];
    size_t i;

    eip_cohort_normalise_enrolment(number, sizeof(number), enrolment);
    return eip_strmap_get(&c->priv->learners, number, &i) ? (long)i : -1;
}

long eip_cohort_find_activity(const eip_cohort *c, const char *id)
{
    size_t i;

    return eip_strmap_get(&c->priv->activities, id, &i) ? (long)i : -1;
}

static const char *row_value(const char **values, const eip_rules *rules,
                             eip_table_id table, const char *column_id)
{
    int i = eip_rules_column_index(rules, table, column_id);

    return i >= 0 && values != NULL && values[i] != NULL ? values[i] : "";
}

const char *eip_activity_value(const eip_activity *a, const eip_rules *rules,
                               const char *column_id)
{
    return row_value(a->values, rules, EIP_TABLE_ACTIVITIES, column_id);
}

const char *eip_employer_value(const eip_employer *e, const eip_rules *rules,
                               const char *column_id)
{
    return row_value(e->values, rules, EIP_TABLE_EMPLOYERS, column_id);
}

/* Index of a cohort field by rules id, or -1 (also before loading). */
static int field_index(const eip_cohort *c, const eip_rules *rules,
                       const char *id)
{
    int i = eip_rules_cohort_field_index(rules, id);

    return c->fields != NULL ? i : -1;
}

const char *eip_cohort_field(const eip_cohort *c, const eip_rules *rules,
                             const char *id)
{
    int i = field_index(c, rules, id);

    return i >= 0 ? c->fields[i] : "";
}

unsigned long eip_cohort_field_row(const eip_cohort *c, const eip_rules *rules,
                                   const char *id)
{
    int i = field_index(c, rules, id);

    return i >= 0 ? c->field_rows[i] : 0;
}
