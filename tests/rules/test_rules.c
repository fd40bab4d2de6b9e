/* SPDX-License-Identifier: MIT */
/* The built-in rules, the questions they answer, and broken rules files. */
#include "../support/scratch.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "rules/rules.h"

static eip_rules *rules;

static int load_default(void **state)
{
    eip_error err;

    (void)state;
    eip_error_clear(&err);
    return eip_rules_load(&rules, NULL, &err);
}

static int free_default(void **state)
{
    (void)state;
    eip_rules_free(rules);
    return 0;
}

static const char *type_id(const char *text)
{
    int i = eip_rules_type_find(rules, text);

    return i >= 0 ? eip_rules_type(rules, (size_t)i)->id : "(none)";
}

static void test_rules__built_in_rules_load_with_every_section(void **state)
{
    (void)state;
    assert_int_equal(eip_rules_type_count(rules), 13);
    assert_true(eip_rules_kind_count(rules) >= 10);
    assert_int_equal(eip_rules_group_count(rules), 1);
    assert_int_equal(strlen(eip_rules_sha256(rules)), 64);
    assert_int_equal(eip_rules_sample_minimum(rules), 3);
}

static void test_rules__type_aliases_name_their_types(void **state)
{
    (void)state;
    assert_string_equal(type_id("Guest lecture"), "guest-lectures");
    assert_string_equal(type_id("guest lectures"), "guest-lectures");
    assert_string_equal(type_id("Masterclass"), "master-classes");
    assert_string_equal(type_id("MASTER CLASS"), "master-classes");
    assert_string_equal(type_id("Work experience placement"),
                        "work-experience");
    assert_string_equal(type_id("Work placements"), "work-placement");
    assert_string_equal(type_id("Expert witness"), "expert-witnesses");
    assert_string_equal(type_id("Locally set formative assessment"),
                        "formative-assessments");
    assert_string_equal(type_id("Practical activity"), "practical-activities");
    assert_string_equal(type_id("Guest lectern"), "(none)");
    assert_string_equal(type_id(""), "(none)");
}

static void
test_rules__non_meaningful_types_are_known_but_never_count(void **state)
{
    static const char *const names[] = {
        "Site visit",     "Careers fair",  "Employability talk",
        "Training salon", "Job reference", "Qualification design"};

    (void)state;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        int t = eip_rules_type_find(rules, names[i]);

        assert_true(t >= 0);
        assert_false(eip_rules_type(rules, (size_t)t)->meaningful);
    }
    assert_true(eip_rules_type(
                    rules, (size_t)eip_rules_type_find(rules, "Work placement"))
                    ->meaningful);
}

static void
test_rules__lectures_and_master_classes_share_a_group_of_two(void **state)
{
    const eip_activity_type *lecture =
        eip_rules_type(rules, (size_t)eip_rules_type_find(rules, "Guest "
                                                                 "lecture"));
    const eip_activity_type *master = eip_rules_type(
        rules, (size_t)eip_rules_type_find(rules, "Master class"));
    const eip_activity_type *placement =
        eip_rules_type(rules, (size_t)eip_rules_type_find(rules, "Placement"));

    (void)state;
    assert_true(lecture->group >= 0);
    assert_int_equal(lecture->group, master->group);
    assert_int_equal(placement->group, -1);
    assert_int_equal(
        eip_rules_group_get(rules, (size_t)lecture->group)->min_sessions, 2);
}

static void test_rules__column_aliases_match_headers(void **state)
{
    int enrol =
        eip_rules_column_index(rules, EIP_TABLE_LEARNERS, "enrolment-number");

    (void)state;
    assert_true(enrol >= 0);
    assert_int_equal(
        eip_rules_column_find(rules, EIP_TABLE_LEARNERS, "Enrolment No."),
        enrol);
    assert_int_equal(
        eip_rules_column_find(rules, EIP_TABLE_LEARNERS, "CANDIDATE NUMBER"),
        enrol);
    assert_int_equal(
        eip_rules_column_find(rules, EIP_TABLE_ACTIVITIES, "Type"),
        eip_rules_column_index(rules, EIP_TABLE_ACTIVITIES, "activity-type"));
    assert_int_equal(
        eip_rules_column_find(rules, EIP_TABLE_LEARNERS, "Tutor group"), -1);
    assert_true(eip_rules_cohort_field_find(rules, "Centre No") >= 0);
    assert_true(eip_rules_is_personal(rules, "Date of birth"));
    assert_true(eip_rules_is_personal(rules, "D.O.B."));
    assert_false(eip_rules_is_personal(rules, "Learner name"));
}

static void test_rules__attendance_words_include_ticks_and_crosses(void **state)
{
    (void)state;
    assert_int_equal(eip_rules_word(rules, "\xe2\x9c\x93", EIP_WORD_PRESENT,
                                    EIP_WORD_ABSENT),
                     EIP_WORD_PRESENT);
    assert_int_equal(eip_rules_word(rules, "\xe2\x9c\x97", EIP_WORD_PRESENT,
                                    EIP_WORD_ABSENT),
                     EIP_WORD_ABSENT);
    assert_int_equal(
        eip_rules_word(rules, "y", EIP_WORD_PRESENT, EIP_WORD_ABSENT),
        EIP_WORD_PRESENT);
    assert_int_equal(eip_rules_word(rules, "Did not attend", EIP_WORD_PRESENT,
                                    EIP_WORD_ABSENT),
                     EIP_WORD_ABSENT);
    assert_int_equal(
        eip_rules_word(rules, "maybe", EIP_WORD_PRESENT, EIP_WORD_ABSENT),
        EIP_WORD_NONE);
    /* A word of another category is not an attendance mark. */
    assert_int_equal(
        eip_rules_word(rules, "Live", EIP_WORD_PRESENT, EIP_WORD_ABSENT),
        EIP_WORD_NONE);
    assert_int_equal(
        eip_rules_word(rules, "webinar", EIP_WORD_LIVE, EIP_WORD_RECORDED),
        EIP_WORD_LIVE);
    assert_int_equal(
        eip_rules_word(rules, "Canceled", EIP_WORD_PLANNED, EIP_WORD_CANCELLED),
        EIP_WORD_CANCELLED);
}

static void test_rules__uln_check_digit_and_placeholder(void **state)
{
    (void)state;
    assert_int_equal(eip_rules_uln_check(rules, "4120000000"), EIP_ULN_OK);
    assert_int_equal(eip_rules_uln_check(rules, "4120079197"), EIP_ULN_OK);
    assert_int_equal(eip_rules_uln_check(rules, "4120000001"), EIP_ULN_INVALID);
    assert_int_equal(eip_rules_uln_check(rules, "412000000"), EIP_ULN_INVALID);
    assert_int_equal(eip_rules_uln_check(rules, "41200000AB"), EIP_ULN_INVALID);
    assert_int_equal(eip_rules_uln_check(rules, "9999999999"),
                     EIP_ULN_PLACEHOLDER);
}

static void test_rules__centre_and_qualification_numbers(void **state)
{
    (void)state;
    assert_true(eip_rules_centre_number_ok(rules, "123456"));
    assert_true(eip_rules_centre_number_ok(rules, "123456A"));
    assert_false(eip_rules_centre_number_ok(rules, "12345"));
    assert_false(eip_rules_centre_number_ok(rules, "1234567"));
    assert_true(eip_rules_qualification_number_ok(rules, "8710-30"));
    assert_false(eip_rules_qualification_number_ok(rules, "871030"));
    assert_false(eip_rules_qualification_number_ok(rules, "8710-3"));
}

static void test_rules__file_names_hidden_registers_readable(void **state)
{
    (void)state;
    assert_true(eip_rules_file_ignored(rules, ".DS_Store"));
    assert_true(eip_rules_file_ignored(rules, "Thumbs.db"));
    assert_true(eip_rules_file_ignored(rules, "~$register.xlsx"));
    assert_false(eip_rules_file_ignored(rules, "register.csv"));
    assert_true(eip_rules_file_is_register(rules, "Register-signed.pdf"));
    assert_false(eip_rules_file_is_register(rules, "slides.pdf"));
    assert_true(eip_rules_file_readable(rules, "register.XLSX"));
    assert_false(eip_rules_file_readable(rules, "register.pdf"));
}

/* ---- broken rules files ---- */

/* The built-in text with the first `from` replaced by `to`. */
static char *edited(const char *from, const char *to, unsigned long *line)
{
    size_t len;
    const char *text = eip_rules_default_text(&len);
    const char *at = strstr(text, from);
    size_t head;
    char *out;

    assert_non_null(at);
    head = (size_t)(at - text);
    out = malloc(len + strlen(to) + 1);
    assert_non_null(out);
    memcpy(out, text, head);
    strcpy(out + head, to);
    strcat(out, at + strlen(from));
    *line = 1;
    for (size_t i = 0; i < head; i++) {
        *line += text[i] == '\n';
    }
    return out;
}

/* Write text as a rules file and load it; the error must be rules-invalid. */
static int load_broken(const char *text, eip_error *err)
{
    eip_rules *r = NULL;
    char path[1024];
    scratch s;
    int rc;

    assert_int_equal(scratch_new(&s), 0);
    assert_int_equal(scratch_write(&s, "rules.xml", text), 0);
    eip_error_clear(err);
    rc = eip_rules_load(&r, scratch_path(&s, "rules.xml", path, sizeof(path)),
                        err);
    assert_null(r);
    assert_true(rc < 0);
    assert_string_equal(err->finding, "rules-invalid");
    assert_non_null(strstr(err->file, "rules.xml"));
    scratch_free(&s);
    return rc;
}

static void
test_rules__not_well_formed_rules_are_refused_with_a_line(void **state)
{
    unsigned long line;
    char *text = edited("</groups>", "</group>", &line);
    eip_error err;

    (void)state;
    assert_int_equal(load_broken(text, &err), EIP_EFORMAT);
    assert_int_equal(err.row, line);
    free(text);
}

static void
test_rules__rules_failing_the_schema_are_refused_with_a_line(void **state)
{
    unsigned long line;
    char *text =
        edited("<sampling minimum=\"3\"", "<sampling minimum=\"three\"", &line);
    eip_error err;

    (void)state;
    assert_int_equal(load_broken(text, &err), EIP_EFORMAT);
    assert_int_equal(err.row, line);
    free(text);
}

static void
test_rules__an_evidence_kind_that_does_not_exist_is_refused(void **state)
{
    unsigned long line;
    char *text = edited("<evidence kind=\"learner-workbooks\"/>",
                        "<evidence kind=\"learner-workbook\"/>", &line);
    eip_error err;

    (void)state;
    assert_int_equal(load_broken(text, &err), EIP_EFORMAT);
    assert_int_equal(err.row, line);
    assert_non_null(strstr(err.message, "evidence kind"));
    free(text);
}

static void test_rules__a_type_in_two_groups_is_refused(void **state)
{
    unsigned long line;
    char *text = edited("  </groups>",
                        "    <group id=\"again\" min-sessions=\"3\">\n"
                        "      <name>again</name>\n"
                        "      <member type=\"master-classes\"/>\n"
                        "    </group>\n  </groups>",
                        &line);
    eip_error err;

    (void)state;
    assert_int_equal(load_broken(text, &err), EIP_EFORMAT);
    assert_int_equal(err.row, line + 2);
    assert_non_null(strstr(err.message, "master-classes"));
    free(text);
}

static void test_rules__a_doctype_is_refused(void **state)
{
    unsigned long line;
    char *text = edited(
        "<rules ", "<!DOCTYPE rules [<!ENTITY x \"boom\">]>\n<rules ", &line);
    eip_error err;

    (void)state;
    assert_true(load_broken(text, &err) < 0);
    assert_non_null(strstr(err.message, "document type"));
    free(text);
}

static void test_rules__a_missing_rules_file_is_an_error(void **state)
{
    eip_rules *r = NULL;
    eip_error err;

    (void)state;
    eip_error_clear(&err);
    assert_true(eip_rules_load(&r, "/nonexistent/rules.xml", &err) < 0);
    assert_null(r);
    assert_true(err.message[0] != '\0');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules__built_in_rules_load_with_every_section),
        cmocka_unit_test(test_rules__type_aliases_name_their_types),
        cmocka_unit_test(
            test_rules__non_meaningful_types_are_known_but_never_count),
        cmocka_unit_test(
            test_rules__lectures_and_master_classes_share_a_group_of_two),
        cmocka_unit_test(test_rules__column_aliases_match_headers),
        cmocka_unit_test(
            test_rules__attendance_words_include_ticks_and_crosses),
        cmocka_unit_test(test_rules__uln_check_digit_and_placeholder),
        cmocka_unit_test(test_rules__centre_and_qualification_numbers),
        cmocka_unit_test(test_rules__file_names_hidden_registers_readable),
        cmocka_unit_test(
            test_rules__not_well_formed_rules_are_refused_with_a_line),
        cmocka_unit_test(
            test_rules__rules_failing_the_schema_are_refused_with_a_line),
        cmocka_unit_test(
            test_rules__an_evidence_kind_that_does_not_exist_is_refused),
        cmocka_unit_test(test_rules__a_type_in_two_groups_is_refused),
        cmocka_unit_test(test_rules__a_doctype_is_refused),
        cmocka_unit_test(test_rules__a_missing_rules_file_is_an_error),
    };

    return cmocka_run_group_tests(tests, load_default, free_default);
}
