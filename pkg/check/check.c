/* SPDX-License-Identifier: MIT */
#include "check/check_internal.h"

#include "base/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void field_finding(check_ctx *x, eip_severity sev, const char *code,
                          const char *id, const char *hint, const char *fmt,
                          ...) __attribute__((format(printf, 6, 7)));

static void field_finding(check_ctx *x, eip_severity sev, const char *code,
                          const char *id, const char *hint, const char *fmt,
                          ...)
{
    const eip_cohort *c = x->cohort;
    unsigned long row = eip_cohort_field_row(c, x->rules, id);
    char msg[400];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    eip_findings_add(x->findings, sev, code, c->tables[0].path,
                     c->tables[0].sheet, row, 0, hint, "%s", msg);
}

static void check_required_fields(check_ctx *x)
{
    const eip_rules_table *def = eip_rules_cohort_fields(x->rules);

    for (size_t i = 0; i < def->ncolumns; i++) {
        char hint[200];

        if (!def->columns[i].required ||
            !eip_text_blank(x->cohort->fields[i])) {
            continue;
        }
        snprintf(hint, sizeof(hint),
                 "fill in the Value of '%s' (add a "
                 "row with that Field if there is none)",
                 def->columns[i].name);
        eip_findings_add(x->findings, EIP_SEV_ERROR, "cohort-field-missing",
                         x->cohort->tables[0].path, x->cohort->tables[0].sheet,
                         0, 0, hint, "the Cohort table has no '%s'",
                         def->columns[i].name);
    }
}

static void check_identifiers(check_ctx *x)
{
    const char *centre = eip_cohort_field(x->cohort, x->rules, "centre-number");
    const char *qual =
        eip_cohort_field(x->cohort, x->rules, "qualification-number");
    char hint[160];

    if (centre[0] != '\0' && !eip_rules_centre_number_ok(x->rules, centre)) {
        snprintf(hint, sizeof(hint),
                 "write the centre number as given by "
                 "the awarding body, e.g. %s",
                 eip_rules_centre_number_example(x->rules));
        field_finding(x, EIP_SEV_ERROR, "centre-number-invalid",
                      "centre-number", hint,
                      "the centre number '%s' is not valid", centre);
    }
    if (qual[0] != '\0' && !eip_rules_qualification_number_ok(x->rules, qual)) {
        snprintf(hint, sizeof(hint),
                 "write the qualification number like "
                 "%s",
                 eip_rules_qualification_number_example(x->rules));
        field_finding(x, EIP_SEV_ERROR, "qualification-number-invalid",
                      "qualification-number", hint,
                      "the qualification number '%s' is not valid", qual);
    }
}

void check_cohort_fields(check_ctx *x)
{
    const eip_cohort *c = x->cohort;
    const char *signer = eip_cohort_field(c, x->rules, "declaration-signed-by");
    const char *date = eip_cohort_field(c, x->rules, "declaration-date");

    if (!c->tables[0].loaded) {
        return;
    }
    check_required_fields(x);
    check_identifiers(x);
    if (x->stage == EIP_STAGE_SUBMISSION &&
        (eip_text_blank(signer) || eip_text_blank(date))) {
        field_finding(x, EIP_SEV_WARNING, "declaration-missing",
                      eip_text_blank(signer) ? "declaration-signed-by"
                                             : "declaration-date",
                      "have the head of centre sign the declaration and "
                      "fill in 'Declaration signed by' and 'Declaration "
                      "date'",
                      "the declaration is not signed%s", "");
    }
}

static void activity_finding(check_ctx *x, const eip_activity *a,
                             eip_severity sev, const char *code,
                             const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static void activity_finding(check_ctx *x, const eip_activity *a,
                             eip_severity sev, const char *code,
                             const char *hint, const char *fmt, ...)
{
    char msg[400];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    eip_findings_add(x->findings, sev, code, x->activities_file,
                     x->activities_sheet, a->row, 0, hint, "activity '%s': %s",
                     a->id, msg);
    eip_findings_tag(x->findings, a->id, NULL);
}

static void check_dates(check_ctx *x, const eip_activity *a)
{
    const eip_cohort *c = x->cohort;
    char buf[11];

    if (!a->has_start) {
        if (eip_text_blank(eip_activity_value(a, x->rules, "start-date"))) {
            activity_finding(x, a, EIP_SEV_ERROR, "date-missing",
                             "fill in the Start date of the activity",
                             "the start date is %s", "missing");
        }
        return;
    }
    if (c->has_year && (eip_date_cmp(a->start, c->year_start) < 0 ||
                        eip_date_cmp(a->start, c->year_end) > 0)) {
        activity_finding(x, a, EIP_SEV_WARNING, "date-outside-year",
                         "check the date and the academic year in the "
                         "Cohort table",
                         "the start date %s is outside the academic year",
                         eip_date_format(a->start, buf));
    }
    if (c->has_declaration_date &&
        eip_date_cmp(a->has_end ? a->end : a->start, c->declaration_date) > 0) {
        activity_finding(x, a, EIP_SEV_WARNING, "date-after-declaration",
                         "check the date, or sign the declaration again "
                         "after the last activity",
                         "it ends on %s, after the declaration was signed",
                         eip_date_format(a->has_end ? a->end : a->start, buf));
    }
    if (a->has_end && eip_date_cmp(a->end, a->start) < 0) {
        activity_finding(x, a, EIP_SEV_WARNING, "date-order",
                         "swap the start and end dates",
                         "the end date %s is before the start date",
                         eip_date_format(a->end, buf));
    }
}

static int has_scan(const eip_activity *a)
{
    for (size_t i = 0; i < a->nfiles; i++) {
        if (a->files[i].role == EIP_FILE_REGISTER_SCAN) {
            return 1;
        }
    }
    return 0;
}

static int has_readable(const eip_activity *a)
{
    for (size_t i = 0; i < a->nfiles; i++) {
        if (a->files[i].role == EIP_FILE_REGISTER) {
            return 1;
        }
    }
    return 0;
}

static void check_register(check_ctx *x, const eip_activity *a)
{
    if (a->folder == NULL) {
        activity_finding(x, a, EIP_SEV_ERROR, "register-folder-missing",
                         "make a folder named after the Activity ID in "
                         "activities/ and put the register in it",
                         "it was delivered but has no folder in %s",
                         "activities/");
    } else if (!has_readable(a)) {
        eip_findings_add(x->findings, EIP_SEV_ERROR, "register-missing",
                         a->folder, NULL, 0, 0,
                         "add the register as register.csv or register.xlsx "
                         "(Enrolment number, Learner name, Attended); keep "
                         "any scan beside it",
                         "activity '%s' has no register that can be read%s",
                         a->id,
                         has_scan(a) ? " (a scan alone cannot be "
                                       "read)"
                                     : "");
        eip_findings_tag(x->findings, a->id, NULL);
    }
}

static void check_delivery(check_ctx *x, const eip_activity *a)
{
    if (a->delivery == EIP_WORD_RECORDED && a->contingency_for < 0) {
        activity_finding(x, a, EIP_SEV_WARNING, "recording-not-contingency",
                         "name the live session it replaces in 'Contingency "
                         "for'",
                         "it is %s but not marked as a contingency",
                         "recorded");
    }
    if (a->delivery == EIP_WORD_NONE &&
        eip_text_blank(eip_activity_value(a, x->rules, "delivery"))) {
        activity_finding(x, a, EIP_SEV_WARNING, "delivery-missing",
                         "write Live or Recorded in the Delivery column",
                         "the delivery is not given; it is taken as %s",
                         "live");
    }
    if (a->employer < 0 &&
        eip_text_blank(eip_activity_value(a, x->rules, "employer-id"))) {
        activity_finding(x, a, EIP_SEV_WARNING, "employer-missing",
                         "name the employer in the Employer ID column",
                         "no employer is %s", "named");
    }
}

static void check_plan(check_ctx *x, const eip_activity *a)
{
    const eip_cohort *c = x->cohort;
    const char *sector = eip_cohort_field(c, x->rules, "sector");
    const char *emp_sector;

    if (a->employer < 0) {
        activity_finding(x, a, EIP_SEV_ERROR, "employer-missing",
                         "name the employer in the Employer ID column",
                         "no employer is %s", "named");
        return;
    }
    emp_sector =
        eip_employer_value(&c->employers[a->employer], x->rules, "sector");
    if (eip_text_blank(emp_sector)) {
        activity_finding(x, a, EIP_SEV_WARNING, "employer-sector-missing",
                         "give the employer's sector in the Employers table",
                         "the sector of employer '%s' is not given",
                         c->employers[a->employer].id);
    } else if (!eip_text_blank(sector) &&
               !eip_text_equal_fold(sector, emp_sector)) {
        activity_finding(x, a, EIP_SEV_WARNING, "employer-sector-mismatch",
                         "check that the employer is relevant to the "
                         "qualification's sector",
                         "employer '%s' is not in the qualification's "
                         "sector",
                         c->employers[a->employer].id);
    }
}

void check_activity(check_ctx *x, const eip_activity *a)
{
    const eip_activity_type *t;

    if (a->type < 0 || a->status == EIP_WORD_NONE) {
        return;
    }
    t = eip_rules_type(x->rules, (size_t)a->type);
    if (!t->meaningful) {
        activity_finding(x, a, EIP_SEV_INFO, "activity-not-meaningful",
                         "record it, but plan a meaningful activity too",
                         "%s never count towards the requirement", t->name);
        return;
    }
    if (x->stage == EIP_STAGE_APPROVAL) {
        if (a->status != EIP_WORD_CANCELLED) {
            check_plan(x, a);
        }
        return;
    }
    if (a->status != EIP_WORD_DELIVERED) {
        activity_finding(x, a, EIP_SEV_INFO, "activity-not-delivered",
                         "nothing to do if it will not take place this year",
                         "it is %s, so it does not count",
                         a->status == EIP_WORD_PLANNED ? "still planned"
                                                       : "cancelled");
        return;
    }
    check_dates(x, a);
    check_register(x, a);
    check_delivery(x, a);
    check_evidence(x, a);
}

int eip_check_run(eip_check **out, const eip_cohort *c, const eip_rules *r,
                  eip_stage stage, eip_findings *f, eip_error *err)
{
    check_ctx x = {c, r, f, stage, c->tables[3].path, c->tables[3].sheet};
    eip_check *k = calloc(1, sizeof(*k));
    int rc;

    *out = NULL;
    if (k == NULL) {
        return eip_error_set(err, EIP_ENOMEM, "out of memory");
    }
    k->stage = stage;
    check_cohort_fields(&x);
    for (size_t i = 0; i < c->nactivities; i++) {
        check_activity(&x, &c->activities[i]);
    }
    rc = check_verdicts(&x, k);
    if (rc != 0) {
        eip_check_free(k);
        return eip_error_set(err, rc, "out of memory");
    }
    *out = k;
    return 0;
}

void eip_check_free(eip_check *k)
{
    if (k == NULL) {
        return;
    }
    for (size_t i = 0; i < k->nlearners; i++) {
        free(k->verdicts[i].activities);
    }
    free(k->verdicts);
    free(k);
}

const char *eip_result_code(eip_result r)
{
    return r == EIP_RESULT_MET     ? "met"
           : r == EIP_RESULT_REFER ? "refer"
                                   : "not_met";
}

const char *eip_result_label(eip_result r)
{
    return r == EIP_RESULT_MET     ? "Met"
           : r == EIP_RESULT_REFER ? "Refer"
                                   : "Not met";
}
