/* SPDX-License-Identifier: MIT */
/* The findings list: the per-file cap, report order, counts and tags. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "findings/findings.h"

#include <string.h>

static void test_findings__keeps_25_per_code_and_file_then_sums_up(void **s)
{
    eip_findings *f = NULL;
    const eip_finding *last;

    (void)s;
    assert_int_equal(eip_findings_new(&f), 0);
    for (unsigned long row = 2; row < 42; row++) {
        assert_int_equal(eip_findings_add(f, EIP_SEV_ERROR, "date-invalid",
                                          "activities.csv", NULL, row, 5,
                                          "fix it", "bad date in row %lu", row),
                         0);
    }
    eip_findings_add(f, EIP_SEV_ERROR, "date-invalid", "other.csv", NULL, 2, 5,
                     "", "a date elsewhere");
    assert_int_equal(eip_findings_count(f), 26);
    eip_findings_sort(f);
    assert_int_equal(eip_findings_count(f), 27);
    /* The summary has no row, so it sorts before the rows of its file. */
    last = eip_findings_get(f, 0);
    assert_string_equal(last->file, "activities.csv");
    assert_int_equal(last->row, 0);
    assert_string_equal(last->code, "date-invalid");
    assert_non_null(strstr(last->message, "15 more"));
    assert_int_equal(eip_findings_get(f, 1)->row, 2);
    assert_int_equal(eip_findings_get(f, 25)->row, 26);
    assert_string_equal(eip_findings_get(f, 26)->file, "other.csv");
    assert_null(eip_findings_get(f, 27));
    eip_findings_free(f);
}

static void test_findings__cohort_wide_findings_are_never_capped(void **s)
{
    eip_findings *f = NULL;

    (void)s;
    assert_int_equal(eip_findings_new(&f), 0);
    for (int i = 0; i < 30; i++) {
        eip_findings_add(f, EIP_SEV_ERROR, "table-missing", NULL, NULL, 0, 0,
                         NULL, "missing %d", i);
    }
    eip_findings_sort(f);
    assert_int_equal(eip_findings_count(f), 30);
    assert_string_equal(eip_findings_get(f, 0)->hint, "");
    eip_findings_free(f);
}

static void test_findings__sort_by_severity_file_row_column_code(void **s)
{
    eip_findings *f = NULL;
    static const char *const want[] = {
        "e-cohort",    "e-a-r2",      "e-b-r1", "w-a-r1-c1",
        "w-a-r1-c2-a", "w-a-r1-c2-b", "i-none"};

    (void)s;
    assert_int_equal(eip_findings_new(&f), 0);
    eip_findings_add(f, EIP_SEV_INFO, "i-none", NULL, NULL, 0, 0, "", "m");
    eip_findings_add(f, EIP_SEV_WARNING, "w-a-r1-c2-b", "a.csv", NULL, 1, 2, "",
                     "m");
    eip_findings_add(f, EIP_SEV_WARNING, "w-a-r1-c2-a", "a.csv", NULL, 1, 2, "",
                     "m");
    eip_findings_add(f, EIP_SEV_WARNING, "w-a-r1-c1", "a.csv", NULL, 1, 1, "",
                     "m");
    eip_findings_add(f, EIP_SEV_ERROR, "e-b-r1", "b.csv", NULL, 1, 0, "", "m");
    eip_findings_add(f, EIP_SEV_ERROR, "e-a-r2", "a.csv", NULL, 2, 0, "", "m");
    eip_findings_add(f, EIP_SEV_ERROR, "e-cohort", NULL, NULL, 0, 0, "", "m");
    eip_findings_sort(f);
    assert_int_equal(eip_findings_count(f), 7);
    for (size_t i = 0; i < 7; i++) {
        assert_string_equal(eip_findings_get(f, i)->code, want[i]);
    }
    eip_findings_free(f);
}

static void test_findings__counts_severities_and_codes(void **s)
{
    eip_findings *f = NULL;

    (void)s;
    assert_int_equal(eip_findings_new(&f), 0);
    for (int i = 0; i < 27; i++) {
        eip_findings_add(f, EIP_SEV_WARNING, "attendance-blank", "r.csv", NULL,
                         (unsigned long)i + 2, 3, "", "blank");
    }
    eip_findings_add(f, EIP_SEV_ERROR, "table-missing", NULL, NULL, 0, 0, "",
                     "missing");
    eip_findings_sort(f);
    assert_int_equal(eip_findings_count_severity(f, EIP_SEV_WARNING), 26);
    assert_int_equal(eip_findings_count_severity(f, EIP_SEV_ERROR), 1);
    assert_int_equal(eip_findings_count_severity(f, EIP_SEV_INFO), 0);
    assert_true(eip_findings_has(f, "attendance-blank"));
    assert_false(eip_findings_has(f, "attendance"));
    assert_string_equal(eip_severity_name(EIP_SEV_ERROR), "error");
    assert_string_equal(eip_severity_name(EIP_SEV_WARNING), "warning");
    assert_string_equal(eip_severity_name(EIP_SEV_INFO), "info");
    eip_findings_free(f);
}

static void test_findings__tag_marks_the_last_kept_finding_only(void **s)
{
    eip_findings *f = NULL;
    const eip_finding *x;

    (void)s;
    assert_int_equal(eip_findings_new(&f), 0);
    for (int i = 0; i < 26; i++) {
        eip_findings_add(f, EIP_SEV_ERROR, "register-unknown-learner", "r.csv",
                         NULL, (unsigned long)i + 2, 1, "", "m");
        eip_findings_tag(f, i < 25 ? "G1" : "DROPPED", NULL);
    }
    eip_findings_add(f, EIP_SEV_WARNING, "uln-invalid", "learners.csv", NULL, 3,
                     4, "", "m");
    eip_findings_tag(f, NULL, "NF250002");
    eip_findings_sort(f);
    for (size_t i = 0; i < eip_findings_count(f); i++) {
        x = eip_findings_get(f, i);
        if (x->activity != NULL) {
            assert_string_equal(x->activity, "G1");
        }
        if (strcmp(x->code, "uln-invalid") == 0) {
            assert_string_equal(x->learner, "NF250002");
            assert_null(x->activity);
        }
    }
    eip_findings_free(f);
}

static void test_findings__an_error_record_becomes_a_finding(void **s)
{
    eip_findings *f = NULL;
    eip_error err;
    const eip_finding *x;

    (void)s;
    eip_error_clear(&err);
    eip_error_set(&err, EIP_EFORMAT, "a quoted cell is never closed");
    eip_error_place(&err, "learners.csv", NULL, 4, 2);
    eip_error_hint(&err, "close it");
    assert_int_equal(eip_findings_new(&f), 0);
    eip_findings_add_error(f, EIP_SEV_ERROR, "table-unreadable", &err);
    eip_error_finding(&err, "csv-malformed");
    eip_findings_add_error(f, EIP_SEV_ERROR, "table-unreadable", &err);
    x = eip_findings_get(f, 0);
    assert_string_equal(x->code, "table-unreadable");
    assert_string_equal(x->file, "learners.csv");
    assert_null(x->sheet);
    assert_int_equal(x->row, 4);
    assert_int_equal(x->column, 2);
    assert_string_equal(x->hint, "close it");
    assert_string_equal(eip_findings_get(f, 1)->code, "csv-malformed");
    eip_findings_free(f);
    eip_findings_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            test_findings__keeps_25_per_code_and_file_then_sums_up),
        cmocka_unit_test(test_findings__cohort_wide_findings_are_never_capped),
        cmocka_unit_test(test_findings__sort_by_severity_file_row_column_code),
        cmocka_unit_test(test_findings__counts_severities_and_codes),
        cmocka_unit_test(test_findings__tag_marks_the_last_kept_finding_only),
        cmocka_unit_test(test_findings__an_error_record_becomes_a_finding),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
