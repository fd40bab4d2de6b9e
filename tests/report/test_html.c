/* SPDX-License-Identifier: MIT */
/*
 * The HTML report: text from the cohort is escaped, the grid shows every
 * kind of mark with a symbol and a word, and the page is self-contained.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "check/check.h"
#include "cohort/cohort.h"
#include "report/report.h"
#include "sample/sample.h"

#include "../support/scratch.h"

#include <string.h>

/*
 * A small cohort: one placement whose register has a learner present,
 * one absent, one blank and one missing, and a recorded lecture (a
 * contingency) one learner watched.  One learner's name holds markup.
 */
static const char *const cohort_files[][2] = {
    {"cohort.csv",
     "Field,Value\nCentre number,123456\n"
     "Centre name,Smith & Jones <College>\nQualification number,8710-30\n"
     "Qualification title,Level 3 Diploma\nCohort,T-1\n"
     "Academic year,2025/26\n"},
    {"learners.csv", "Enrolment number,Learner name\n"
                     "T0001,\"<script>alert(\"\"x\"\")</script>\"\n"
                     "T0002,Dara O'Brien\nT0003,\"Ann \"\"Nan\"\" Lee\"\n"
                     "T0004,Bo Chan\n"},
    {"employers.csv", "Employer ID,Employer name,Sector\n"
                      "E1,Volt & Co,Electrical installation\n"},
    {"activities.csv",
     "Activity ID,Activity type,Title,Employer ID,"
     "Start date,Delivery,Status,Contingency for\n"
     "A1,Work placement,Wiring <week>,E1,01/10/2025,Live,Delivered,\n"
     "G1,Guest lecture,Talk,E1,02/10/2025,Live,Delivered,\n"
     "G2,Guest lecture,Talk again,E1,03/10/2025,Recorded,Delivered,G1\n"},
    {"activities/A1/register.csv", "Enrolment number,Attended\n"
                                   "T0001,Y\nT0002,N\nT0003,\n"},
    {"activities/G1/register.csv", "Enrolment number,Attended\n"
                                   "T0001,Y\nT0002,N\n"},
    {"activities/G2/register.csv", "Enrolment number,Attended\n"
                                   "T0002,Y\n"},
};

typedef struct fixture {
    scratch dir;
    eip_rules *rules;
    eip_findings *findings;
    eip_cohort *cohort;
    eip_check *check;
    eip_sample sample;
    eip_buf page;
} fixture;

static int setup(void **state)
{
    static fixture x;
    eip_error err;
    size_t n = sizeof(cohort_files) / sizeof(cohort_files[0]);

    memset(&x, 0, sizeof(x));
    eip_error_clear(&err);
    assert_int_equal(scratch_new(&x.dir), 0);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(
            scratch_write(&x.dir, cohort_files[i][0], cohort_files[i][1]), 0);
    }
    assert_int_equal(eip_rules_load(&x.rules, NULL, &err), 0);
    assert_int_equal(eip_findings_new(&x.findings), 0);
    assert_int_equal(
        eip_cohort_load(&x.cohort, x.dir.root, x.rules, x.findings, &err), 0);
    assert_int_equal(eip_check_run(&x.check, x.cohort, x.rules,
                                   EIP_STAGE_SUBMISSION, x.findings, &err),
                     0);
    eip_findings_sort(x.findings);
    assert_int_equal(eip_sample_choose(&x.sample, x.cohort, x.rules, 1, 0), 0);
    *state = &x;
    return 0;
}

static int teardown(void **state)
{
    fixture *x = *state;

    eip_buf_free(&x->page);
    eip_sample_free(&x->sample);
    eip_check_free(x->check);
    eip_cohort_free(x->cohort);
    eip_findings_free(x->findings);
    eip_rules_free(x->rules);
    scratch_free(&x->dir);
    return 0;
}

static const char *render(fixture *x)
{
    eip_report_input in = {x->cohort, x->rules, x->check, x->findings,
                           &x->sample};

    eip_buf_reset(&x->page);
    assert_int_equal(eip_report_html(&x->page, &in), 0);
    return eip_buf_str(&x->page);
}

/* The row of the learner whose enrolment number is given. */
static const char *row_of(const char *page, const char *enrolment)
{
    char key[64];
    const char *p;

    snprintf(key, sizeof(key), "<span class=\"e\">%s</span>", enrolment);
    p = strstr(page, key);
    assert_non_null(p);
    return p;
}

/* Whether the row starting at row holds s before it ends. */
static int row_has(const char *row, const char *s)
{
    const char *end = strstr(row, "</tr>");
    const char *hit = strstr(row, s);

    return hit != NULL && end != NULL && hit < end;
}

static void test_report__html_escapes_markup_and_quotes_in_names(void **s)
{
    const char *page = render(*s);

    assert_null(strstr(page, "<script"));
    assert_null(strstr(page, "alert(\"x\")"));
    assert_non_null(strstr(page, "&lt;script&gt;alert(&quot;x&quot;)"
                                 "&lt;/script&gt;"));
    assert_non_null(strstr(page, "Dara O&#39;Brien"));
    assert_non_null(strstr(page, "Ann &quot;Nan&quot; Lee"));
    assert_non_null(strstr(page, "Smith &amp; Jones &lt;College&gt;"));
    assert_non_null(strstr(page, "Wiring &lt;week&gt;"));
}

static void test_report__html_grid_has_symbol_and_word_per_mark(void **s)
{
    const char *page = render(*s);

    assert_true(row_has(row_of(page, "T0001"),
                        "<td class=\"m-live\">&#10003; live</td>"));
    assert_true(row_has(row_of(page, "T0002"),
                        "<td class=\"m-abs\">&#10007; abs</td>"));
    assert_true(
        row_has(row_of(page, "T0003"), "<td class=\"m-blank\">? blank</td>"));
    assert_true(
        row_has(row_of(page, "T0004"), "<td class=\"m-off\">&ndash; off</td>"));
    assert_true(
        row_has(row_of(page, "T0002"), "<td class=\"m-rec\">&#9680; rec</td>"));
    for (const char *m = "live\0rec\0abs\0blank\0off\0"; *m != '\0';
         m += strlen(m) + 1) {
        char dt[64];

        snprintf(dt, sizeof(dt), "<dt class=\"m-%s\">", m);
        assert_non_null(strstr(page, dt));
    }
}

static void test_report__html_grid_is_a_real_table(void **s)
{
    const char *page = render(*s);
    const char *t1 = strstr(page, "T0001");
    const char *t4 = strstr(page, "T0004");

    assert_non_null(strstr(page, "<table class=\"grid\">\n<caption"));
    assert_non_null(strstr(page, "<th scope=\"col\">Learner</th>"));
    assert_non_null(strstr(page, "<tr><th scope=\"row\">"));
    assert_non_null(strstr(page, "title=\"Work placement, live: "
                                 "Wiring &lt;week&gt;\"><abbr"));
    assert_non_null(strstr(page, "<span class=\"t\">placement</span>"));
    assert_true(t1 != NULL && t4 != NULL && t1 < t4);
}

static void test_report__html_is_self_contained(void **s)
{
    const char *page = render(*s);

    assert_true(strncmp(page, "<!DOCTYPE html>\n", 16) == 0);
    assert_null(strstr(page, "http"));
    assert_null(strstr(page, "src="));
    assert_null(strstr(page, "href="));
    assert_null(strstr(page, "<script"));
    assert_null(strstr(page, "<link"));
    assert_null(strstr(page, "url("));
    assert_null(strstr(page, "@import"));
    assert_non_null(strstr(page, "@media print"));
    assert_non_null(strstr(page, "</html>\n"));
}

static void test_report__html_shows_summary_findings_and_sample(void **s)
{
    const char *page = render(*s);

    assert_non_null(strstr(page, "<dt>Centre number</dt><dd>123456</dd>"));
    assert_non_null(strstr(page, "<dt>Stage</dt><dd>submission</dd>"));
    assert_non_null(strstr(page, "<h3>Warnings ("));
    assert_non_null(strstr(page, "[attendance-blank]"));
    assert_non_null(strstr(page, "<span class=\"place\">activities/A1/"
                                 "register.csv row 4, column B</span>"));
    assert_non_null(strstr(page, "<h2>Registers to upload</h2>"));
    assert_non_null(strstr(page, "registers of this type are always "
                                 "uploaded"));
}

static void test_report__html_is_the_same_every_time(void **s)
{
    char *first = strdup(render(*s));

    assert_non_null(first);
    assert_string_equal(first, render(*s));
    free(first);
}

static void test_report__html_leaves_out_the_sample_when_not_given(void **s)
{
    fixture *x = *s;
    eip_report_input in = {x->cohort, x->rules, x->check, x->findings, NULL};

    eip_buf_reset(&x->page);
    assert_int_equal(eip_report_html(&x->page, &in), 0);
    assert_null(strstr(eip_buf_str(&x->page), "id=\"sample\""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report__html_escapes_markup_and_quotes_in_names),
        cmocka_unit_test(test_report__html_grid_has_symbol_and_word_per_mark),
        cmocka_unit_test(test_report__html_grid_is_a_real_table),
        cmocka_unit_test(test_report__html_is_self_contained),
        cmocka_unit_test(test_report__html_shows_summary_findings_and_sample),
        cmocka_unit_test(test_report__html_is_the_same_every_time),
        cmocka_unit_test(
            test_report__html_leaves_out_the_sample_when_not_given),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
