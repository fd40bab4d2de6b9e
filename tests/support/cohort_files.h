/* SPDX-License-Identifier: MIT */
/*
 * cohort_files.h - small cohort folders written from C for the cohort and
 * check tests: a valid tracker whose tables a test may replace, and
 * helpers to load it and look for findings.
 */
#ifndef EIP_TEST_COHORT_FILES_H
#define EIP_TEST_COHORT_FILES_H

#include "scratch.h"

#include "cohort/cohort.h"
#include "findings/findings.h"
#include "rules/rules.h"

#define COHORT_CSV                                                             \
    "Field,Value\n"                                                            \
    "Centre number,123456\n"                                                   \
    "Centre name,Test College\n"                                               \
    "Qualification number,8710-30\n"                                           \
    "Cohort,T1\n"                                                              \
    "Academic year,2025/26\n"                                                  \
    "Declaration signed by,Dr Head\n"                                          \
    "Declaration date,12/06/2026\n"

#define LEARNERS_CSV                                                           \
    "Enrolment number,Learner name\n"                                          \
    "NF1,Amira Hassan\n"                                                       \
    "NF2,Ben Carter\n"

#define EMPLOYERS_CSV                                                          \
    "Employer ID,Employer name,Sector,Contact email\n"                         \
    "E01,Marlow Electrical,Electrical installation,g@marlow.example\n"

#define ACTIVITIES_HEAD                                                        \
    "Activity ID,Activity type,Title,Employer ID,Start date,Delivery,"         \
    "Status,Contingency for\n"

/*
 * Write a cohort into s: the given learners and activities tables (NULL
 * for the defaults above; the activities rows follow ACTIVITIES_HEAD).
 */
static inline void cohort_write(const scratch *s, const char *learners,
                                const char *activity_rows)
{
    char act[4096];

    snprintf(act, sizeof(act), "%s%s", ACTIVITIES_HEAD,
             activity_rows != NULL ? activity_rows : "");
    assert_int_equal(scratch_write(s, "cohort.csv", COHORT_CSV), 0);
    assert_int_equal(scratch_write(s, "learners.csv",
                                   learners != NULL ? learners : LEARNERS_CSV),
                     0);
    assert_int_equal(scratch_write(s, "employers.csv", EMPLOYERS_CSV), 0);
    assert_int_equal(scratch_write(s, "activities.csv", act), 0);
    assert_int_equal(scratch_mkdir(s, "activities"), 0);
}

/* Load the cohort in s; the cohort and findings are the caller's. */
static inline eip_cohort *cohort_read(const scratch *s, const eip_rules *r,
                                      eip_findings **findings)
{
    eip_cohort *c = NULL;
    eip_error err;

    eip_error_clear(&err);
    assert_int_equal(eip_findings_new(findings), 0);
    assert_int_equal(eip_cohort_load(&c, s->root, r, *findings, &err), 0);
    assert_non_null(c);
    return c;
}

/* The first finding of a code, or NULL. */
static inline const eip_finding *finding_of(const eip_findings *f,
                                            const char *code)
{
    for (size_t i = 0; i < eip_findings_count(f); i++) {
        if (strcmp(eip_findings_get(f, i)->code, code) == 0) {
            return eip_findings_get(f, i);
        }
    }
    return NULL;
}

/* The finding of a code must be there, with this file, row and column. */
static inline const eip_finding *
expect_finding(const eip_findings *f, const char *code, eip_severity sev,
               const char *file, unsigned long row, unsigned long column)
{
    const eip_finding *x = finding_of(f, code);

    if (x == NULL) {
        fail_msg("no finding '%s'", code);
    }
    assert_int_equal(x->severity, sev);
    if (file == NULL) {
        assert_null(x->file);
    } else {
        assert_non_null(x->file);
        assert_string_equal(x->file, file);
    }
    assert_int_equal(x->row, row);
    assert_int_equal(x->column, column);
    return x;
}

#endif
