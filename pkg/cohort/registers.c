/* SPDX-License-Identifier: MIT */
/*
 * registers.c - read each activity's registers into per-learner marks.
 *
 * A register is any readable file in the activity's folder whose name
 * starts with the rules' register prefix.  Several registers of one
 * activity are merged: present anywhere wins over absent, absent over a
 * blank mark.  A register that fails part-way is dropped whole, so that a
 * damaged file never half counts.
 */
#include "cohort/cohort_internal.h"

#include "base/buf.h"
#include "base/text.h"
#include "cohort/mapped.h"
#include "sheet/sheet.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The number without its leading zeros. */
static const char *skip_zeros(const char *s)
{
    while (*s == '0') {
        s++;
    }
    return s;
}

/*
 * Find a learner, forgiving leading zeros lost by a spreadsheet; *exact
 * says whether the number matched as written (after normalising).
 */
static long find_learner(const eip_cohort *c, const char *raw, int *exact)
{
    long i = eip_cohort_find_learner(c, raw);
    char number[256];
    const char *b;

    *exact = i >= 0;
    if (i >= 0) {
        return i;
    }
    eip_cohort_normalise_enrolment(number, sizeof(number), raw);
    b = skip_zeros(number);
    for (size_t k = 0; *b != '\0' && k < c->nlearners; k++) {
        if (strcmp(skip_zeros(c->learners[k].enrolment), b) == 0) {
            return (long)k;
        }
    }
    return -1;
}

static void check_name(eip_cohort *c, mapped *m, const eip_learner *l,
                       const char *name)
{
    eip_buf a = EIP_BUF_INIT;
    eip_buf b = EIP_BUF_INIT;

    if (name[0] == '\0' || l->name[0] == '\0') {
        return;
    }
    eip_text_name_key(&a, name);
    eip_text_name_key(&b, l->name);
    if (strcmp(eip_buf_str(&a), eip_buf_str(&b)) != 0) {
        eip_findings_add(c->priv->findings, EIP_SEV_ERROR, "learner-two-names",
                         m->label, m->sheet, m->row.number,
                         mapped_column(m, "learner-name"),
                         "correct the name or the enrolment number so that "
                         "they match the Learners table",
                         "enrolment number %s is '%s' here but '%s' in the "
                         "Learners table",
                         l->enrolment, name, l->name);
        eip_findings_tag(c->priv->findings, NULL, l->enrolment);
    }
    eip_buf_free(&a);
    eip_buf_free(&b);
}

static unsigned char read_mark(eip_cohort *c, mapped *m, const char *id,
                               const eip_learner *l)
{
    const char *s = mapped_get(m, c, "attended");
    unsigned long col = mapped_column(m, "attended");
    eip_word w;

    if (s[0] == '\0') {
        eip_findings_add(c->priv->findings, EIP_SEV_WARNING, "attendance-blank",
                         m->label, m->sheet, m->row.number, col,
                         "record whether the learner attended (Y or N)",
                         "the attendance of %s (%s) is not recorded",
                         l->enrolment, l->name);
        eip_findings_tag(c->priv->findings, id, l->enrolment);
        return EIP_MARK_BLANK;
    }
    w = eip_rules_word(c->priv->rules, s, EIP_WORD_PRESENT, EIP_WORD_ABSENT);
    if (w == EIP_WORD_NONE) {
        eip_findings_add(c->priv->findings, EIP_SEV_ERROR, "attendance-unknown",
                         m->label, m->sheet, m->row.number, col,
                         "write Y or N (Present/Absent, 1/0 are also read)",
                         "the attendance mark '%s' of %s is not understood", s,
                         l->enrolment);
        eip_findings_tag(c->priv->findings, id, l->enrolment);
        return EIP_MARK_BLANK;
    }
    return w == EIP_WORD_PRESENT ? EIP_MARK_PRESENT : EIP_MARK_ABSENT;
}

/* Rank for merging: present > absent > blank > none. */
static int rank(unsigned char mark)
{
    static const int ranks[] = {0, 3, 2, 1};

    return mark < 4 ? ranks[mark] : 0;
}

static void read_row(eip_cohort *c, mapped *m, const eip_activity *a,
                     unsigned char *marks)
{
    const char *raw = mapped_get(m, c, "enrolment-number");
    long i;
    int exact;
    unsigned char mark;

    if (raw[0] == '\0') {
        eip_findings_add(c->priv->findings, EIP_SEV_WARNING,
                         "register-row-incomplete", m->label, m->sheet,
                         m->row.number, mapped_column(m, "enrolment-number"),
                         "add the learner's enrolment number, or delete the "
                         "row",
                         "the row has no enrolment number, so it was "
                         "not read");
        return;
    }
    i = find_learner(c, raw, &exact);
    if (i >= 0 && !exact) {
        eip_findings_add(
            c->priv->findings, EIP_SEV_WARNING, "register-enrolment-zeros",
            m->label, m->sheet, m->row.number,
            mapped_column(m, "enrolment-number"),
            "format the column as text and write the number in full, so "
            "that the spreadsheet keeps its leading zeros",
            "enrolment number '%s' was taken as %s: only leading zeros "
            "differ",
            raw, c->learners[i].enrolment);
        eip_findings_tag(c->priv->findings, a->id, c->learners[i].enrolment);
    }
    if (i < 0 && !c->tables[1].loaded) {
        return; /* the Learners table could not be read: already said */
    }
    if (i < 0) {
        eip_findings_add(c->priv->findings, EIP_SEV_ERROR,
                         "register-unknown-learner", m->label, m->sheet,
                         m->row.number, mapped_column(m, "enrolment-number"),
                         "add the learner to the Learners table, or correct "
                         "the enrolment number",
                         "enrolment number '%s' is not in the Learners table",
                         raw);
        eip_findings_tag(c->priv->findings, a->id, NULL);
        return;
    }
    check_name(c, m, &c->learners[i], mapped_get(m, c, "learner-name"));
    mark = read_mark(c, m, a->id, &c->learners[i]);
    if (rank(mark) > rank(marks[i])) {
        marks[i] = mark;
    }
}

static int open_register(eip_cohort *c, const eip_cohort_file *f, mapped *m,
                         eip_workbook **wb)
{
    eip_table_context ctx = cohort_table_context(c, f->path);
    const char *dot = strrchr(f->name, '.');
    eip_error err;

    *wb = NULL;
    if (dot != NULL && strcasecmp(dot, ".csv") == 0) {
        return mapped_open(m, c, EIP_TABLE_REGISTER, f->path, f->disk, NULL,
                           NULL);
    }
    eip_error_clear(&err);
    if (eip_workbook_open(wb, f->disk, &ctx, &err) != 0) {
        eip_error_place(&err, f->path, NULL, 0, 0);
        eip_findings_add_error(c->priv->findings, EIP_SEV_ERROR,
                               "workbook-corrupt", &err);
        memset(m, 0, sizeof(*m));
        return err.code != 0 ? err.code : EIP_EFORMAT;
    }
    return mapped_open(m, c, EIP_TABLE_REGISTER, f->path, f->disk, *wb, NULL);
}

static int read_register(eip_cohort *c, eip_activity *a, eip_cohort_file *f)
{
    unsigned char *marks = calloc(c->nlearners + 1, 1);
    eip_workbook *wb = NULL;
    mapped m;
    int rc;

    if (marks == NULL) {
        return EIP_ENOMEM;
    }
    rc = open_register(c, f, &m, &wb);
    for (rc = rc == 0 ? mapped_next(&m, c) : rc; rc == 1;
         rc = mapped_next(&m, c)) {
        read_row(c, &m, a, marks);
    }
    mapped_close(&m);
    eip_workbook_close(wb);
    if (rc == 0) {
        f->read_ok = 1;
        a->has_register = 1;
        for (size_t i = 0; i < c->nlearners; i++) {
            if (rank(marks[i]) > rank(a->marks[i])) {
                a->marks[i] = marks[i];
            }
        }
    }
    free(marks);
    return 0;
}

static void warn_not_delivered(eip_cohort *c, const eip_activity *a,
                               const eip_cohort_file *f)
{
    if (a->status == EIP_WORD_CANCELLED) {
        eip_findings_add(c->priv->findings, EIP_SEV_WARNING,
                         "register-cancelled-activity", f->path, NULL, 0, 0,
                         "if the activity took place, mark it Delivered in "
                         "the tracker; if not, remove the register",
                         "activity '%s' is cancelled but has a register",
                         a->id);
        eip_findings_tag(c->priv->findings, a->id, NULL);
    }
}

int cohort_read_registers(eip_cohort *c)
{
    for (size_t i = 0; i < c->nactivities; i++) {
        eip_activity *a = &c->activities[i];

        for (size_t k = 0; k < a->nfiles; k++) {
            eip_cohort_file *f = &a->files[k];

            if (f->role != EIP_FILE_REGISTER) {
                continue;
            }
            warn_not_delivered(c, a, f);
            if (a->marks == NULL) {
                a->marks = calloc(c->nlearners + 1, 1);
                if (a->marks == NULL) {
                    return EIP_ENOMEM;
                }
            }
            if (read_register(c, a, f) != 0) {
                return EIP_ENOMEM;
            }
        }
    }
    return 0;
}
