/* SPDX-License-Identifier: MIT */
/* Each learner's result, and the findings about delivered activities. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../support/cohort_files.h"

#include "check/check.h"

static eip_rules *rules;

static int setup(void **state)
{
    eip_error err;

    (void)state;
    eip_error_clear(&err);
    return eip_rules_load(&rules, NULL, &err);
}

static int teardown(void **state)
{
    (void)state;
    eip_rules_free(rules);
    return 0;
}

typedef struct world {
    scratch s;
    eip_cohort *c;
    eip_findings *f;
    eip_check *k;
} world;

static void begin(world *w, const char *activities)
{
    memset(w, 0, sizeof(*w));
    assert_int_equal(scratch_new(&w->s), 0);
    cohort_write(&w->s, NULL, activities);
}

/* A register for an activity folder: NF1's and NF2's marks. */
static void reg(world *w, const char *folder, const char *nf1, const char *nf2)
{
    char rel[256];
    char text[256];

    snprintf(rel, sizeof(rel), "activities/%s/register.csv", folder);
    snprintf(text, sizeof(text),
             "Enrolment number,Learner name,Attended\n"
             "NF1,Amira Hassan,%s\nNF2,Ben Carter,%s\n",
             nf1, nf2);
    assert_int_equal(scratch_write(&w->s, rel, text), 0);
}

static void run(world *w, eip_stage stage)
{
    eip_error err;

    w->c = cohort_read(&w->s, rules, &w->f);
    eip_error_clear(&err);
    assert_int_equal(eip_check_run(&w->k, w->c, rules, stage, w->f, &err), 0);
    assert_int_equal(w->k->nlearners, 2);
}

static void end(world *w)
{
    eip_check_free(w->k);
    eip_cohort_free(w->c);
    eip_findings_free(w->f);
    scratch_free(&w->s);
}

static void results(const world *w, eip_result nf1, eip_result nf2)
{
    assert_string_equal(eip_result_code(w->k->verdicts[0].result),
                        eip_result_code(nf1));
    assert_string_equal(eip_result_code(w->k->verdicts[1].result),
                        eip_result_code(nf2));
}

#define ROW(id, type, date, delivery, status, cont)                            \
    id "," type ",T,E01," date "," delivery "," status "," cont "\n"

static void test_check__one_live_placement_is_met(void **st)
{
    world w;

    (void)st;
    begin(&w,
          ROW("A01", "Work placement", "03/11/2025", "Live", "Delivered", ""));
    reg(&w, "A01", "Y", "N");
    run(&w, EIP_STAGE_SUBMISSION);
    results(&w, EIP_RESULT_MET, EIP_RESULT_NOT_MET);
    assert_int_equal(w.k->verdicts[0].nactivities, 1);
    assert_int_equal(w.k->met, 1);
    assert_int_equal(w.k->not_met, 1);
    expect_finding(w.f, "learner-not-met", EIP_SEV_WARNING, "learners.csv", 3,
                   0);
    end(&w);
}

static void test_check__one_guest_lecture_alone_is_not_met(void **st)
{
    world w;

    (void)st;
    begin(&w,
          ROW("G1", "Guest lecture", "03/11/2025", "Live", "Delivered", ""));
    reg(&w, "G1", "Y", "Y");
    run(&w, EIP_STAGE_SUBMISSION);
    results(&w, EIP_RESULT_NOT_MET, EIP_RESULT_NOT_MET);
    end(&w);
}

static void test_check__a_lecture_and_a_master_class_live_are_met(void **st)
{
    world w;

    (void)st;
    begin(&w,
          ROW("G1", "Guest lecture", "03/11/2025", "Live", "Delivered", "")
              ROW("M1", "Masterclass", "04/11/2025", "Live", "Delivered", ""));
    reg(&w, "G1", "Y", "Y");
    reg(&w, "M1", "Y", "N");
    run(&w, EIP_STAGE_SUBMISSION);
    results(&w, EIP_RESULT_MET, EIP_RESULT_NOT_MET);
    assert_int_equal(w.k->verdicts[0].nactivities, 2);
    end(&w);
}

static void test_check__a_recorded_contingency_makes_a_referral(void **st)
{
    world w;
    const eip_finding *x;

    (void)st;
    begin(&w, ROW("G1", "Guest lecture", "03/11/2025", "Live", "Delivered", "")
                  ROW("G2", "Guest lecture", "04/11/2025", "Live", "Delivered",
                      "") ROW("G3", "Guest lecture", "05/11/2025", "Recorded",
                              "Delivered", "G2"));
    reg(&w, "G1", "Y", "Y");
    reg(&w, "G2", "N", "Y");
    reg(&w, "G3", "Y", "N");
    run(&w, EIP_STAGE_SUBMISSION);
    results(&w, EIP_RESULT_REFER, EIP_RESULT_MET);
    x = expect_finding(w.f, "learner-refer", EIP_SEV_WARNING, "learners.csv", 2,
                       0);
    assert_string_equal(x->learner, "NF1");
    assert_non_null(strstr(x->message, "G3"));
    end(&w);
}

static void test_check__a_recording_of_a_session_attended_counts_once(void **st)
{
    world w;

    (void)st;
    begin(&w, ROW("G1", "Guest lecture", "03/11/2025", "Live", "Delivered", "")
                  ROW("G3", "Guest lecture", "05/11/2025", "Recorded",
                      "Delivered", "G1"));
    reg(&w, "G1", "Y", "N");
    reg(&w, "G3", "Y", "Y");
    run(&w, EIP_STAGE_SUBMISSION);
    results(&w, EIP_RESULT_NOT_MET, EIP_RESULT_NOT_MET);
    assert_null(finding_of(w.f, "learner-refer"));
    end(&w);
}

static void test_check__a_planned_activity_counts_at_approval_only(void **st)
{
    world w;

    (void)st;
    begin(&w,
          ROW("A01", "Work placement", "03/11/2025", "Live", "Planned", ""));
    run(&w, EIP_STAGE_SUBMISSION);
    results(&w, EIP_RESULT_NOT_MET, EIP_RESULT_NOT_MET);
    expect_finding(w.f, "activity-not-delivered", EIP_SEV_INFO,
                   "activities.csv", 2, 0);
    end(&w);
    begin(&w,
          ROW("A01", "Work placement", "03/11/2025", "Live", "Planned", ""));
    run(&w, EIP_STAGE_APPROVAL);
    results(&w, EIP_RESULT_MET, EIP_RESULT_MET);
    assert_null(finding_of(w.f, "learner-no-register"));
    end(&w);
}

static void test_check__a_cancelled_activity_never_counts(void **st)
{
    world w;

    (void)st;
    begin(&w,
          ROW("A01", "Work placement", "03/11/2025", "Live", "Cancelled", ""));
    reg(&w, "A01", "Y", "Y");
    run(&w, EIP_STAGE_APPROVAL);
    results(&w, EIP_RESULT_NOT_MET, EIP_RESULT_NOT_MET);
    expect_finding(w.f, "register-cancelled-activity", EIP_SEV_WARNING,
                   "activities/A01/register.csv", 0, 0);
    end(&w);
    begin(&w,
          ROW("A01", "Work placement", "03/11/2025", "Live", "Cancelled", ""));
    reg(&w, "A01", "Y", "Y");
    run(&w, EIP_STAGE_SUBMISSION);
    results(&w, EIP_RESULT_NOT_MET, EIP_RESULT_NOT_MET);
    end(&w);
}

static void test_check__a_non_meaningful_activity_never_counts(void **st)
{
    world w;

    (void)st;
    begin(&w,
          ROW("V1", "Site visit", "03/11/2025", "Live", "Delivered", "")
              ROW("C1", "Careers fair", "04/11/2025", "Live", "Delivered", ""));
    reg(&w, "V1", "Y", "Y");
    reg(&w, "C1", "Y", "Y");
    run(&w, EIP_STAGE_SUBMISSION);
    results(&w, EIP_RESULT_NOT_MET, EIP_RESULT_NOT_MET);
    expect_finding(w.f, "activity-not-meaningful", EIP_SEV_INFO,
                   "activities.csv", 2, 0);
    end(&w);
}

static void
test_check__missing_extra_evidence_warns_without_changing_result(void **st)
{
    world w;
    const eip_finding *x;

    (void)st;
    begin(&w,
          ROW("A01", "Work placement", "03/11/2025", "Live", "Delivered", ""));
    reg(&w, "A01", "Y", "N");
    run(&w, EIP_STAGE_SUBMISSION);
    results(&w, EIP_RESULT_MET, EIP_RESULT_NOT_MET);
    x = expect_finding(w.f, "evidence-missing", EIP_SEV_WARNING,
                       "activities/A01", 0, 0);
    assert_non_null(strstr(x->message, "learner workbooks"));
    assert_null(strstr(x->message, "contact"));
    end(&w);
    begin(&w,
          ROW("A01", "Work placement", "03/11/2025", "Live", "Delivered", ""));
    reg(&w, "A01", "Y", "N");
    scratch_write(&w.s, "activities/A01/Learner workbooks.pdf", "%PDF");
    run(&w, EIP_STAGE_SUBMISSION);
    assert_null(finding_of(w.f, "evidence-missing"));
    results(&w, EIP_RESULT_MET, EIP_RESULT_NOT_MET);
    end(&w);
}

static void
test_check__a_delivered_activity_needs_a_folder_and_register(void **st)
{
    world w;

    (void)st;
    begin(&w, ROW("A01", "Work placement", "03/11/2025", "Live", "Delivered",
                  "") ROW("A02", "Work placement", "04/11/2025", "Live",
                          "Delivered", ""));
    scratch_write(&w.s, "activities/A02/register-signed.pdf", "%PDF");
    run(&w, EIP_STAGE_SUBMISSION);
    expect_finding(w.f, "register-folder-missing", EIP_SEV_ERROR,
                   "activities.csv", 2, 0);
    assert_non_null(
        strstr(finding_of(w.f, "register-missing")->message, "scan"));
    expect_finding(w.f, "register-missing", EIP_SEV_ERROR, "activities/A02", 0,
                   0);
    expect_finding(w.f, "learner-no-register", EIP_SEV_WARNING, "learners.csv",
                   2, 0);
    results(&w, EIP_RESULT_NOT_MET, EIP_RESULT_NOT_MET);
    end(&w);
}

static void test_check__a_recording_not_marked_contingency_is_warned(void **st)
{
    world w;

    (void)st;
    begin(&w, ROW("A01", "Work placement", "03/11/2025", "Recorded",
                  "Delivered", ""));
    reg(&w, "A01", "Y", "N");
    run(&w, EIP_STAGE_SUBMISSION);
    expect_finding(w.f, "recording-not-contingency", EIP_SEV_WARNING,
                   "activities.csv", 2, 0);
    results(&w, EIP_RESULT_REFER, EIP_RESULT_NOT_MET);
    end(&w);
}

static void test_check__dates_outside_the_year_or_declaration_warn(void **st)
{
    world w;
    const eip_finding *x;

    (void)st;
    begin(&w, ROW("A01", "Work placement", "03/11/2024", "Live", "Delivered",
                  "") ROW("A02", "Work placement", "2026-07-01", "Live",
                          "Delivered", ""));
    reg(&w, "A01", "Y", "N");
    reg(&w, "A02", "Y", "N");
    run(&w, EIP_STAGE_SUBMISSION);
    x = expect_finding(w.f, "date-outside-year", EIP_SEV_WARNING,
                       "activities.csv", 2, 0);
    assert_string_equal(x->activity, "A01");
    x = expect_finding(w.f, "date-after-declaration", EIP_SEV_WARNING,
                       "activities.csv", 3, 0);
    assert_string_equal(x->activity, "A02");
    results(&w, EIP_RESULT_MET, EIP_RESULT_NOT_MET);
    end(&w);
}

static void test_check__an_impossible_date_is_invalid(void **st)
{
    world w;

    (void)st;
    begin(&w,
          ROW("A01", "Work placement", "31/02/2026", "Live", "Delivered", ""));
    reg(&w, "A01", "Y", "N");
    run(&w, EIP_STAGE_SUBMISSION);
    expect_finding(w.f, "date-invalid", EIP_SEV_ERROR, "activities.csv", 2, 5);
    assert_non_null(
        strstr(finding_of(w.f, "date-invalid")->message, "31/02/2026"));
    assert_null(finding_of(w.f, "date-missing"));
    end(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check__one_live_placement_is_met),
        cmocka_unit_test(test_check__one_guest_lecture_alone_is_not_met),
        cmocka_unit_test(test_check__a_lecture_and_a_master_class_live_are_met),
        cmocka_unit_test(test_check__a_recorded_contingency_makes_a_referral),
        cmocka_unit_test(
            test_check__a_recording_of_a_session_attended_counts_once),
        cmocka_unit_test(
            test_check__a_planned_activity_counts_at_approval_only),
        cmocka_unit_test(test_check__a_cancelled_activity_never_counts),
        cmocka_unit_test(test_check__a_non_meaningful_activity_never_counts),
        cmocka_unit_test(
            test_check__missing_extra_evidence_warns_without_changing_result),
        cmocka_unit_test(
            test_check__a_delivered_activity_needs_a_folder_and_register),
        cmocka_unit_test(
            test_check__a_recording_not_marked_contingency_is_warned),
        cmocka_unit_test(
            test_check__dates_outside_the_year_or_declaration_warn),
        cmocka_unit_test(test_check__an_impossible_date_is_invalid),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
