/* SPDX-License-Identifier: MIT */
/* Reading a cohort folder: tracker tables, activity folders, registers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../support/cohort_files.h"

#include <sys/stat.h>
#include <sys/types.h>

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

/* One test's folder, cohort and findings. */
typedef struct world {
    scratch s;
    eip_cohort *c;
    eip_findings *f;
} world;

static void begin(world *w, const char *learners, const char *activities)
{
    memset(w, 0, sizeof(*w));
    assert_int_equal(scratch_new(&w->s), 0);
    cohort_write(&w->s, learners, activities);
}

static void load(world *w)
{
    w->c = cohort_read(&w->s, rules, &w->f);
}

static void end(world *w)
{
    eip_cohort_free(w->c);
    eip_findings_free(w->f);
    scratch_free(&w->s);
}

static const eip_activity *activity(const world *w, const char *id)
{
    long i = eip_cohort_find_activity(w->c, id);

    assert_true(i >= 0);
    return &w->c->activities[i];
}

#define PLACEMENT(id) id ",Work placement,T,E01,03/11/2025,Live,Delivered,\n"
#define REGISTER_HEAD "Enrolment number,Learner name,Attended\n"

static void test_cohort__folders_match_activity_ids_longest_first(void **st)
{
    world w;

    (void)st;
    begin(&w, NULL,
          PLACEMENT("A01") PLACEMENT("G7") PLACEMENT("ENG") PLACEMENT("ENG-01")
              PLACEMENT("B2"));
    scratch_mkdir(&w.s, "activities/A01 - Marlow placement");
    scratch_mkdir(&w.s, "activities/G7_recording");
    scratch_mkdir(&w.s, "activities/ENG-01 visit");
    scratch_mkdir(&w.s, "activities/b2");
    load(&w);
    assert_string_equal(activity(&w, "A01")->folder,
                        "activities/A01 - Marlow placement");
    assert_string_equal(activity(&w, "G7")->folder, "activities/G7_recording");
    assert_string_equal(activity(&w, "ENG-01")->folder,
                        "activities/ENG-01 visit");
    assert_null(activity(&w, "ENG")->folder);
    assert_string_equal(activity(&w, "B2")->folder, "activities/b2");
    assert_null(finding_of(w.f, "folder-unmatched"));
    end(&w);
}

static void test_cohort__a_folder_for_no_activity_is_unmatched(void **st)
{
    world w;

    (void)st;
    begin(&w, NULL, PLACEMENT("A01"));
    scratch_mkdir(&w.s, "activities/A012 other");
    scratch_mkdir(&w.s, "activities/Z9 photos");
    load(&w);
    expect_finding(w.f, "folder-unmatched", EIP_SEV_WARNING,
                   "activities/A012 other", 0, 0);
    assert_null(activity(&w, "A01")->folder);
    end(&w);
}

static void test_cohort__two_folders_for_one_activity_are_duplicates(void **st)
{
    world w;
    const eip_finding *x;

    (void)st;
    begin(&w, NULL, PLACEMENT("A01"));
    scratch_mkdir(&w.s, "activities/A01");
    scratch_mkdir(&w.s, "activities/A01 - Marlow placement");
    load(&w);
    x = expect_finding(w.f, "folder-duplicate", EIP_SEV_ERROR,
                       "activities/A01 - Marlow placement", 0, 0);
    assert_string_equal(x->activity, "A01");
    assert_string_equal(activity(&w, "A01")->folder, "activities/A01");
    end(&w);
}

static void test_cohort__hidden_and_system_files_are_skipped_silently(void **st)
{
    world w;

    (void)st;
    begin(&w, NULL, PLACEMENT("A01"));
    scratch_write(&w.s, "activities/A01/register.csv",
                  REGISTER_HEAD "NF1,Amira Hassan,Y\n");
    scratch_write(&w.s, "activities/A01/.DS_Store", "x");
    scratch_write(&w.s, "activities/A01/Thumbs.db", "x");
    scratch_write(&w.s, "activities/A01/~$x.xlsx", "");
    scratch_write(&w.s, ".DS_Store", "x");
    load(&w);
    assert_int_equal(activity(&w, "A01")->nfiles, 1);
    assert_string_equal(activity(&w, "A01")->files[0].name, "register.csv");
    assert_int_equal(eip_findings_count(w.f), 0);
    end(&w);
}

static void test_cohort__a_link_to_a_file_outside_is_refused(void **st)
{
    world w;
    scratch out;
    char target[1024];
    char link[1024];

    (void)st;
    begin(&w, NULL, PLACEMENT("A01"));
    assert_int_equal(scratch_new(&out), 0);
    scratch_write(&out, "secret.pdf", "private");
    scratch_mkdir(&w.s, "activities/A01");
    assert_int_equal(
        symlink(
            scratch_path(&out, "secret.pdf", target, sizeof(target)),
            scratch_path(&w.s, "activities/A01/brief.pdf", link, sizeof(link))),
        0);
    load(&w);
    expect_finding(w.f, "file-outside-cohort", EIP_SEV_ERROR,
                   "activities/A01/brief.pdf", 0, 0);
    assert_int_equal(activity(&w, "A01")->nfiles, 0);
    end(&w);
    scratch_free(&out);
}

static void test_cohort__a_link_loop_and_a_fifo_are_left_out(void **st)
{
    world w;
    char path[1024];

    (void)st;
    begin(&w, NULL, PLACEMENT("A01"));
    scratch_mkdir(&w.s, "activities/A01");
    assert_int_equal(
        symlink("loop.pdf", scratch_path(&w.s, "activities/A01/loop.pdf", path,
                                         sizeof(path))),
        0);
    assert_int_equal(mkfifo(scratch_path(&w.s, "activities/A01/pipe.csv", path,
                                         sizeof(path)),
                            0600),
                     0);
    load(&w);
    expect_finding(w.f, "file-link-loop", EIP_SEV_ERROR,
                   "activities/A01/loop.pdf", 0, 0);
    expect_finding(w.f, "file-not-regular", EIP_SEV_WARNING,
                   "activities/A01/pipe.csv", 0, 0);
    assert_int_equal(activity(&w, "A01")->nfiles, 0);
    end(&w);
}

static void test_cohort__zero_byte_evidence_is_reported_empty(void **st)
{
    world w;

    (void)st;
    begin(&w, NULL, PLACEMENT("A01"));
    scratch_write(&w.s, "activities/A01/workbook.pdf", "");
    load(&w);
    expect_finding(w.f, "file-empty", EIP_SEV_WARNING,
                   "activities/A01/workbook.pdf", 0, 0);
    assert_int_equal(activity(&w, "A01")->nfiles, 1);
    end(&w);
}

static void test_cohort__first_name_and_surname_are_joined(void **st)
{
    world w;

    (void)st;
    begin(&w, "Enrolment number,First name,Surname\nNF1,Amira,Hassan\n", NULL);
    load(&w);
    assert_int_equal(w.c->nlearners, 1);
    assert_string_equal(w.c->learners[0].name, "Amira Hassan");
    assert_int_equal(w.c->learners[0].row, 2);
    end(&w);
}

static void test_cohort__a_repeated_enrolment_number_is_a_duplicate(void **st)
{
    world w;

    (void)st;
    begin(&w,
          "Learner name,Enrolment number\nAmira Hassan,NF1\n"
          "Ben Carter,NF2\n\"HASSAN, Amira\",NF1\n",
          NULL);
    load(&w);
    expect_finding(w.f, "enrolment-duplicate", EIP_SEV_ERROR, "learners.csv", 4,
                   2);
    assert_null(finding_of(w.f, "learner-two-names"));
    assert_int_equal(w.c->nlearners, 2);
    end(&w);
}

static void test_cohort__one_number_with_two_names_is_an_error(void **st)
{
    world w;
    const eip_finding *x;

    (void)st;
    begin(&w, LEARNERS_CSV "NF1,Amir Hassan\n", NULL);
    load(&w);
    x = expect_finding(w.f, "learner-two-names", EIP_SEV_ERROR, "learners.csv",
                       4, 1);
    assert_string_equal(x->learner, "NF1");
    end(&w);
}

static void test_cohort__one_learner_under_two_numbers_is_a_warning(void **st)
{
    world w;

    (void)st;
    begin(&w, LEARNERS_CSV "NF3,Carter, Ben\n", NULL);
    load(&w);
    /* "Carter, Ben" is read as two cells: the name is "Carter". */
    assert_null(finding_of(w.f, "learner-two-numbers"));
    end(&w);
    begin(&w, LEARNERS_CSV "NF3,\"CARTER, Ben\"\n", NULL);
    load(&w);
    expect_finding(w.f, "learner-two-numbers", EIP_SEV_WARNING, "learners.csv",
                   4, 1);
    assert_int_equal(w.c->nlearners, 3);
    end(&w);
}

static void test_cohort__enrolment_numbers_are_normalised(void **st)
{
    world w;

    (void)st;
    begin(&w, "Enrolment number,Learner name\n nf 25 0001 ,Amira Hassan\n",
          NULL);
    load(&w);
    assert_string_equal(w.c->learners[0].enrolment, "NF250001");
    assert_int_equal(eip_cohort_find_learner(w.c, "nf250001"), 0);
    assert_int_equal(eip_cohort_find_learner(w.c, "NF 250001"), 0);
    assert_int_equal(eip_cohort_find_learner(w.c, "NF250002"), -1);
    end(&w);
}

static void test_cohort__a_register_naming_an_unknown_learner(void **st)
{
    world w;
    const eip_finding *x;

    (void)st;
    begin(&w, NULL, PLACEMENT("A01"));
    scratch_write(&w.s, "activities/A01/register.csv",
                  REGISTER_HEAD "NF1,Amira Hassan,Y\nNF9,Nobody,Y\n");
    load(&w);
    x = expect_finding(w.f, "register-unknown-learner", EIP_SEV_ERROR,
                       "activities/A01/register.csv", 3, 1);
    assert_string_equal(x->activity, "A01");
    assert_int_equal(activity(&w, "A01")->marks[0], EIP_MARK_PRESENT);
    end(&w);
}

static void test_cohort__a_register_name_mismatch_is_reported(void **st)
{
    world w;

    (void)st;
    begin(&w, NULL, PLACEMENT("A01"));
    scratch_write(&w.s, "activities/A01/register.csv",
                  REGISTER_HEAD "NF1,\"HASSAN, Amira\",Y\nNF2,Bea Carter,N\n");
    load(&w);
    expect_finding(w.f, "learner-two-names", EIP_SEV_ERROR,
                   "activities/A01/register.csv", 3, 2);
    assert_int_equal(eip_findings_count(w.f), 1);
    assert_int_equal(activity(&w, "A01")->marks[1], EIP_MARK_ABSENT);
    end(&w);
}

static void test_cohort__leading_zeros_lost_in_a_register_still_match(void **st)
{
    world w;

    (void)st;
    begin(&w,
          "Enrolment number,Learner name\n000123,Amira Hassan\n"
          "0456,Ben Carter\n",
          PLACEMENT("A01"));
    scratch_write(&w.s, "activities/A01/register.csv",
                  REGISTER_HEAD "123,Amira Hassan,Y\n456,Ben Carter,\n");
    load(&w);
    assert_null(finding_of(w.f, "register-unknown-learner"));
    assert_int_equal(activity(&w, "A01")->marks[0], EIP_MARK_PRESENT);
    assert_int_equal(activity(&w, "A01")->marks[1], EIP_MARK_BLANK);
    expect_finding(w.f, "attendance-blank", EIP_SEV_WARNING,
                   "activities/A01/register.csv", 3, 3);
    end(&w);
}

static void test_cohort__a_table_in_two_files_is_a_duplicate(void **st)
{
    world w;

    (void)st;
    begin(&w, NULL, NULL);
    scratch_write(&w.s, "Learners.CSV",
                  "Enrolment number,Learner name\n"
                  "X1,Someone Else\n");
    load(&w);
    /* Names are read in byte order: "Learners.CSV" comes first. */
    expect_finding(w.f, "table-duplicate", EIP_SEV_ERROR, "learners.csv", 0, 0);
    assert_string_equal(w.c->tables[EIP_TABLE_LEARNERS].path, "Learners.CSV");
    assert_int_equal(w.c->nlearners, 1);
    end(&w);
}

static void test_cohort__a_missing_table_is_reported(void **st)
{
    world w;
    char path[1024];

    (void)st;
    begin(&w, NULL, NULL);
    unlink(scratch_path(&w.s, "employers.csv", path, sizeof(path)));
    load(&w);
    expect_finding(w.f, "table-missing", EIP_SEV_ERROR, NULL, 0, 0);
    assert_non_null(
        strstr(finding_of(w.f, "table-missing")->message, "Employers"));
    end(&w);
}

static void test_cohort__a_missing_required_column_is_reported(void **st)
{
    world w;

    (void)st;
    begin(&w, NULL, NULL);
    scratch_write(&w.s, "activities.csv",
                  "Activity ID,Activity type\nA01,Work placement\n");
    load(&w);
    expect_finding(w.f, "column-missing", EIP_SEV_ERROR, "activities.csv", 1,
                   0);
    assert_non_null(
        strstr(finding_of(w.f, "column-missing")->message, "Status"));
    assert_int_equal(w.c->nactivities, 0);
    end(&w);
}

static void test_cohort__a_personal_column_is_a_warning(void **st)
{
    world w;

    (void)st;
    begin(&w,
          "Enrolment number,Learner name,Date of birth\n"
          "NF1,Amira Hassan,01/02/2009\n",
          NULL);
    load(&w);
    expect_finding(w.f, "personal-columns", EIP_SEV_WARNING, "learners.csv", 1,
                   3);
    assert_int_equal(w.c->nlearners, 1);
    end(&w);
}

static void test_cohort__activity_rows_with_unknown_things(void **st)
{
    world w;

    (void)st;
    begin(&w, NULL,
          "A01,Bake sale,T,E01,03/11/2025,Live,Delivered,\n"
          "A02,Work placement,T,E99,03/11/2025,Live,Delivered,\n"
          "A01,Work placement,T,E01,03/11/2025,Live,Delivered,\n"
          "G1,Guest lecture,T,E01,03/11/2025,Recorded,Delivered,G7\n"
          "G2,Guest lecture,T,E01,03/11/2025,Recorded,Delivered,G2\n");
    load(&w);
    expect_finding(w.f, "activity-type-unknown", EIP_SEV_ERROR,
                   "activities.csv", 2, 2);
    expect_finding(w.f, "employer-unknown", EIP_SEV_ERROR, "activities.csv", 3,
                   4);
    expect_finding(w.f, "activity-duplicate", EIP_SEV_ERROR, "activities.csv",
                   4, 1);
    expect_finding(w.f, "contingency-unknown", EIP_SEV_ERROR, "activities.csv",
                   5, 0);
    expect_finding(w.f, "contingency-self", EIP_SEV_ERROR, "activities.csv", 6,
                   0);
    assert_int_equal(w.c->nactivities, 4);
    assert_int_equal(activity(&w, "A01")->type, -1);
    assert_int_equal(activity(&w, "G1")->contingency_for, -1);
    end(&w);
}

static void test_cohort__a_missing_cohort_folder_fails(void **st)
{
    eip_findings *f = NULL;
    eip_cohort *c = NULL;
    eip_error err;

    (void)st;
    eip_error_clear(&err);
    assert_int_equal(eip_findings_new(&f), 0);
    assert_int_equal(eip_cohort_load(&c, "/nonexistent/cohort", rules, f, &err),
                     EIP_ENOTFOUND);
    assert_null(c);
    assert_string_equal(err.file, "/nonexistent/cohort");
    eip_findings_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cohort__folders_match_activity_ids_longest_first),
        cmocka_unit_test(test_cohort__a_folder_for_no_activity_is_unmatched),
        cmocka_unit_test(
            test_cohort__two_folders_for_one_activity_are_duplicates),
        cmocka_unit_test(
            test_cohort__hidden_and_system_files_are_skipped_silently),
        cmocka_unit_test(test_cohort__a_link_to_a_file_outside_is_refused),
        cmocka_unit_test(test_cohort__a_link_loop_and_a_fifo_are_left_out),
        cmocka_unit_test(test_cohort__zero_byte_evidence_is_reported_empty),
        cmocka_unit_test(test_cohort__first_name_and_surname_are_joined),
        cmocka_unit_test(
            test_cohort__a_repeated_enrolment_number_is_a_duplicate),
        cmocka_unit_test(test_cohort__one_number_with_two_names_is_an_error),
        cmocka_unit_test(
            test_cohort__one_learner_under_two_numbers_is_a_warning),
        cmocka_unit_test(test_cohort__enrolment_numbers_are_normalised),
        cmocka_unit_test(test_cohort__a_register_naming_an_unknown_learner),
        cmocka_unit_test(test_cohort__a_register_name_mismatch_is_reported),
        cmocka_unit_test(
            test_cohort__leading_zeros_lost_in_a_register_still_match),
        cmocka_unit_test(test_cohort__a_table_in_two_files_is_a_duplicate),
        cmocka_unit_test(test_cohort__a_missing_table_is_reported),
        cmocka_unit_test(test_cohort__a_missing_required_column_is_reported),
        cmocka_unit_test(test_cohort__a_personal_column_is_a_warning),
        cmocka_unit_test(test_cohort__activity_rows_with_unknown_things),
        cmocka_unit_test(test_cohort__a_missing_cohort_folder_fails),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
