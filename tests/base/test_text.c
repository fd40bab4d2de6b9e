/* SPDX-License-Identifier: MIT */
/* Text as users write it: UTF-8 checks, keys, names, trimming, folding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/buf.h"
#include "base/text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static void assert_valid(const char *s, size_t len)
{
    assert_true(eip_text_utf8_valid(s, len, NULL));
}

static void assert_bad_at(const char *s, size_t len, size_t at)
{
    size_t bad = 999;

    assert_false(eip_text_utf8_valid(s, len, &bad));
    assert_int_equal(bad, at);
}

static void test_text__utf8_accepts_ascii_and_multibyte_text(void **state)
{
    (void)state;
    assert_valid("", 0);
    assert_valid("Enrolment", 9);
    assert_valid("Zo\xc3\xab \xe2\x9c\x93 \xf0\x9f\x98\x80", 13);
}

static void test_text__utf8_refuses_overlong_forms(void **state)
{
    (void)state;
    assert_bad_at("ab\xc0\xaf", 4, 2);
    assert_bad_at("\xe0\x80\xaf", 3, 0);
    assert_bad_at("x\xf0\x80\x80\xaf", 5, 1);
}

static void test_text__utf8_refuses_surrogates_and_stray_bytes(void **state)
{
    (void)state;
    assert_bad_at("ok \xed\xa0\x80", 6, 3);
    assert_bad_at("\x80", 1, 0);
    assert_bad_at("caf\xe9", 4, 3);
    assert_bad_at("\xe2\x9c", 2, 0);
    assert_bad_at("\xf4\x90\x80\x80", 4, 0);
}

static void test_text__utf8_refuses_nul_bytes(void **state)
{
    (void)state;
    assert_bad_at("a\0b", 3, 1);
}

static void assert_key(const char *in, const char *want)
{
    eip_buf b = EIP_BUF_INIT;

    assert_int_equal(eip_text_key(&b, in), 0);
    assert_string_equal(eip_buf_str(&b), want);
    eip_buf_free(&b);
}

/* The ASCII shortcut must give what utf8proc gives, character by character. */
static void test_text__fold_of_ascii_matches_utf8proc(void **state)
{
    char in[2] = {0, 0};
    int c;

    (void)state;
    for (c = 1; c < 0x80; c++) {
        eip_buf b = EIP_BUF_INIT;
        eip_buf k = EIP_BUF_INIT;
        utf8proc_uint8_t *want = NULL;
        utf8proc_int32_t cp = c;
        int word;

        in[0] = (char)c;
        assert_true(utf8proc_map((const utf8proc_uint8_t *)in, 0, &want,
                                 (utf8proc_option_t)(UTF8PROC_NULLTERM |
                                                     UTF8PROC_STABLE |
                                                     UTF8PROC_COMPOSE |
                                                     UTF8PROC_CASEFOLD)) >= 0);
        assert_int_equal(eip_text_fold(&b, in), 0);
        assert_string_equal(eip_buf_str(&b), (const char *)want);
        /* A key keeps letters and digits; a lone symbol stays itself. */
        word = utf8proc_category(cp) >= UTF8PROC_CATEGORY_LU &&
               utf8proc_category(cp) <= UTF8PROC_CATEGORY_ND;
        assert_int_equal(eip_text_key(&k, in), 0);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            assert_string_equal(eip_buf_str(&k), "");
        } else {
            assert_string_equal(eip_buf_str(&k),
                                word ? (const char *)want : in);
        }
        free(want);
        eip_buf_free(&b);
        eip_buf_free(&k);
    }
}

static void test_text__key_drops_case_spaces_and_punctuation(void **state)
{
    (void)state;
    assert_key("Enrolment No.", "enrolmentno");
    assert_key("  ENROLMENT_no ", "enrolmentno");
    assert_key("Zoë", "zo\xc3\xab");
}

static void test_text__key_of_a_symbol_keeps_the_symbol(void **state)
{
    (void)state;
    assert_key("\xe2\x9c\x93", "\xe2\x9c\x93");
    assert_key("  \xe2\x9c\x97 ", "\xe2\x9c\x97");
}

static void assert_same_name(const char *a, const char *b)
{
    eip_buf ka = EIP_BUF_INIT;
    eip_buf kb = EIP_BUF_INIT;

    eip_text_name_key(&ka, a);
    eip_text_name_key(&kb, b);
    assert_string_equal(eip_buf_str(&ka), eip_buf_str(&kb));
    eip_buf_free(&ka);
    eip_buf_free(&kb);
}

static void test_text__name_key_matches_surname_first_forms(void **state)
{
    eip_buf k = EIP_BUF_INIT;

    (void)state;
    assert_same_name("SMITH, John", "john smith");
    assert_same_name("John  Smith", "Smith John");
    eip_text_name_key(&k, "SMITH, John");
    assert_string_equal(eip_buf_str(&k), "john smith");
    eip_buf_reset(&k);
    eip_text_name_key(&k, "Jon Smith");
    assert_string_not_equal(eip_buf_str(&k), "john smith");
    eip_buf_free(&k);
}

static void test_text__trim_removes_no_break_spaces(void **state)
{
    char a[] = "\xc2\xa0 Amira Hassan\xc2\xa0\t";
    char b[] = "\xc2\xa0\xc2\xa0";
    char c[] = "Zo\xc3\xab";

    (void)state;
    assert_string_equal(eip_text_trim(a), "Amira Hassan");
    assert_string_equal(eip_text_trim(b), "");
    assert_string_equal(eip_text_trim(c), "Zo\xc3\xab");
    assert_true(eip_text_blank(" \xc2\xa0 "));
    assert_true(eip_text_blank(NULL));
    assert_false(eip_text_blank(" x "));
}

static void test_text__equal_fold_treats_nfd_and_nfc_alike(void **state)
{
    (void)state;
    /* "é" precomposed (NFC) and as e + combining acute (NFD). */
    assert_true(eip_text_equal_fold("Ren\xc3\xa9", "REN"
                                                   "E\xcc\x81"));
    assert_true(eip_text_equal_fold("electrical", "ELECTRICAL"));
    assert_false(eip_text_equal_fold("Rene", "Ren\xc3\xa9"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text__utf8_accepts_ascii_and_multibyte_text),
        cmocka_unit_test(test_text__utf8_refuses_overlong_forms),
        cmocka_unit_test(test_text__utf8_refuses_surrogates_and_stray_bytes),
        cmocka_unit_test(test_text__utf8_refuses_nul_bytes),
        cmocka_unit_test(test_text__fold_of_ascii_matches_utf8proc),
        cmocka_unit_test(test_text__key_drops_case_spaces_and_punctuation),
        cmocka_unit_test(test_text__key_of_a_symbol_keeps_the_symbol),
        cmocka_unit_test(test_text__name_key_matches_surname_first_forms),
        cmocka_unit_test(test_text__trim_removes_no_break_spaces),
        cmocka_unit_test(test_text__equal_fold_treats_nfd_and_nfc_alike),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
