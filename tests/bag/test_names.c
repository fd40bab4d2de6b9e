/* SPDX-License-Identifier: MIT */
/* Safe names for files and portals, and payload path collisions. */
#include "bag/bag.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

static void expect_safe(const char *in, const char *want)
{
    eip_buf b = EIP_BUF_INIT;

    assert_int_equal(eip_bag_safe_name(&b, in), 0);
    assert_string_equal(eip_buf_str(&b), want);
    eip_buf_free(&b);
}

static void test_bag__safe_name_keeps_plain_ascii(void **state)
{
    (void)state;
    expect_safe("register-2025_v2.pdf", "register-2025_v2.pdf");
    expect_safe("A.B.C", "A.B.C");
}

static void test_bag__safe_name_transliterates_latin(void **state)
{
    (void)state;
    expect_safe("S\xc3\xa9\x61n.txt", "Sean.txt");       /* é */
    expect_safe("Se\xcc\x81\x61n.txt", "Sean.txt");      /* e + U+0301 */
    expect_safe("Stra\xc3\x9f\x65", "Strasse");          /* ß */
    expect_safe("Bj\xc3\xb8rn", "Bjorn");                /* ø */
    expect_safe("\xc5\x81\xc3\xb3\x64\xc5\xba", "Lodz"); /* Łódź */
    expect_safe("\xc3\x86sir", "AEsir");                 /* Æ */
}

static void test_bag__safe_name_replaces_unsafe_characters(void **state)
{
    (void)state;
    expect_safe("Smith & Sons \xc2\xa3"
                "5 'quote'.docx",
                "Smith_Sons_5_quote.docx");
    expect_safe("a/b\\c", "a_b_c");
    expect_safe("tab\there\nnl", "tab_here_nl");
    expect_safe("\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0.pdf",
                "_.pdf");
    expect_safe("x\xff\xfey", "x_y"); /* not UTF-8 */
    expect_safe("a___b", "a_b");
}

static void test_bag__safe_name_is_never_empty_or_hidden(void **state)
{
    (void)state;
    expect_safe("", "_");
    expect_safe(".", "_");
    expect_safe("..", "_");
    expect_safe(".DS_Store", "DS_Store");
    expect_safe("--help", "help");
    expect_safe("&&&", "_");
    expect_safe("CON.txt", "_CON.txt");
    expect_safe("name.", "name");
}

static void test_bag__safe_name_shortens_keeping_extension(void **state)
{
    char name[400];
    eip_buf b = EIP_BUF_INIT;

    (void)state;
    memset(name, 'x', 300);
    strcpy(name + 300, ".xlsx");
    assert_int_equal(eip_bag_safe_name(&b, name), 0);
    assert_int_equal(b.len, EIP_BAG_NAME_MAX);
    assert_string_equal(b.data + b.len - 5, ".xlsx");
    eip_buf_free(&b);
}

static int check(const char *a, const char *b, const char *c)
{
    const char *paths[3] = {a, b, c};
    eip_error err;
    int rc;

    eip_error_clear(&err);
    rc = eip_bag_check_paths(paths, c != NULL ? 3 : 2, &err);
    assert_int_equal(rc, err.code);
    return rc;
}

static void test_bag__paths_differing_in_normalisation_collide(void **state)
{
    const char *paths[2] = {"ev/caf\xc3\xa9.txt", "ev/cafe\xcc\x81.txt"};
    eip_error err;

    (void)state;
    eip_error_clear(&err);
    assert_int_equal(eip_bag_check_paths(paths, 2, &err), EIP_EEXIST);
    assert_non_null(strstr(err.message, paths[0]));
    assert_non_null(strstr(err.message, paths[1]));
}

static void test_bag__paths_differing_in_case_collide(void **state)
{
    (void)state;
    assert_int_equal(check("a/Register.pdf", "a/register.PDF", NULL),
                     EIP_EEXIST);
    assert_int_equal(check("Evidence/a.pdf", "evidence/b.pdf", NULL),
                     EIP_EEXIST);
    assert_int_equal(check("a", "a/b", NULL), EIP_EEXIST);
    assert_int_equal(check("Stra\xc3\x9f\x65", "STRASSE", NULL), EIP_EEXIST);
}

static void test_bag__distinct_paths_pass(void **state)
{
    (void)state;
    assert_int_equal(check("a/x.pdf", "a/y.pdf", "b/x.pdf"), 0);
    assert_int_equal(check("a/b/c", "a/b/d", "a/bc"), 0);
}

static void test_bag__unsafe_paths_are_refused(void **state)
{
    (void)state;
    assert_int_equal(check("ok", "../etc", NULL), EIP_EUNSAFE);
    assert_int_equal(check("ok", "/abs", NULL), EIP_EUNSAFE);
    assert_int_equal(check("ok", "a//b", NULL), EIP_EUNSAFE);
    assert_int_equal(check("ok", "a/./b", NULL), EIP_EUNSAFE);
    assert_int_equal(check("ok", "a\\b", NULL), EIP_EUNSAFE);
    assert_int_equal(check("ok", "a/", NULL), EIP_EUNSAFE);
    assert_int_equal(check("ok", "", NULL), EIP_EUNSAFE);
    assert_int_equal(check("ok", "line\nbreak", NULL), EIP_EUNSAFE);
    assert_int_equal(check("ok", "bad\xff", NULL), EIP_EFORMAT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bag__safe_name_keeps_plain_ascii),
        cmocka_unit_test(test_bag__safe_name_transliterates_latin),
        cmocka_unit_test(test_bag__safe_name_replaces_unsafe_characters),
        cmocka_unit_test(test_bag__safe_name_is_never_empty_or_hidden),
        cmocka_unit_test(test_bag__safe_name_shortens_keeping_extension),
        cmocka_unit_test(test_bag__paths_differing_in_normalisation_collide),
        cmocka_unit_test(test_bag__paths_differing_in_case_collide),
        cmocka_unit_test(test_bag__distinct_paths_pass),
        cmocka_unit_test(test_bag__unsafe_paths_are_refused),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
