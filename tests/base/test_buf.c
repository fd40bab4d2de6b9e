/* SPDX-License-Identifier: MIT */
/* The growable buffer: growth, formatting and JSON string literals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/buf.h"

#include <stdlib.h>
#include <string.h>

static void test_buf__an_empty_buffer_reads_as_empty_text(void **state)
{
    eip_buf b = EIP_BUF_INIT;

    (void)state;
    assert_string_equal(eip_buf_str(&b), "");
    assert_int_equal(b.len, 0);
    eip_buf_free(&b);
    eip_buf_free(&b);
}

static void test_buf__grows_to_hold_a_megabyte_byte_by_byte(void **state)
{
    eip_buf b = EIP_BUF_INIT;

    (void)state;
    for (size_t i = 0; i < 1024 * 1024; i++) {
        assert_int_equal(eip_buf_putc(&b, (char)('a' + i % 26)), 0);
    }
    assert_int_equal(b.len, 1024 * 1024);
    assert_true(b.cap > b.len);
    assert_int_equal(b.data[b.len], '\0');
    assert_int_equal(b.data[27], 'b');
    assert_int_equal(b.data[b.len - 1], 'a' + (1024 * 1024 - 1) % 26);
    assert_false(b.failed);
    eip_buf_free(&b);
}

static void test_buf__printf_appends_formatted_text(void **state)
{
    eip_buf b = EIP_BUF_INIT;
    char big[3000];

    (void)state;
    assert_int_equal(eip_buf_puts(&b, "row "), 0);
    assert_int_equal(eip_buf_printf(&b, "%lu, column %s", 7ul, "C"), 0);
    assert_string_equal(eip_buf_str(&b), "row 7, column C");
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    assert_int_equal(eip_buf_printf(&b, "[%s]", big), 0);
    assert_int_equal(b.len, strlen("row 7, column C") + 2 + 2999);
    assert_int_equal(b.data[b.len - 1], ']');
    eip_buf_free(&b);
}

static void test_buf__reset_keeps_memory_and_detach_hands_it_over(void **state)
{
    eip_buf b = EIP_BUF_INIT;
    char *s;
    size_t cap;

    (void)state;
    eip_buf_puts(&b, "hello");
    cap = b.cap;
    eip_buf_reset(&b);
    assert_string_equal(eip_buf_str(&b), "");
    assert_int_equal(b.cap, cap);
    eip_buf_append(&b, "abc\0def", 7);
    assert_int_equal(b.len, 7);
    s = eip_buf_detach(&b);
    assert_memory_equal(s, "abc\0def", 8);
    assert_int_equal(b.len, 0);
    assert_string_equal(eip_buf_str(&b), "");
    free(s);
    eip_buf_free(&b);
}

static void test_buf__json_escapes_quotes_backslashes_and_controls(void **state)
{
    eip_buf b = EIP_BUF_INIT;

    (void)state;
    assert_int_equal(eip_buf_json_string(&b, "say \"hi\"\\ now"), 0);
    assert_string_equal(eip_buf_str(&b), "\"say \\\"hi\\\"\\\\ now\"");
    eip_buf_reset(&b);
    assert_int_equal(eip_buf_json_string(&b, "a\nb\tc\rd\x01"
                                             "e\x1f"),
                     0);
    assert_string_equal(eip_buf_str(&b), "\"a\\nb\\tc\\rd\\u0001e\\u001f\"");
    eip_buf_free(&b);
}

static void test_buf__json_keeps_utf8_as_it_is(void **state)
{
    eip_buf b = EIP_BUF_INIT;

    (void)state;
    assert_int_equal(eip_buf_json_string(&b, "Zo\xc3\xab \xe2\x9c\x93"), 0);
    assert_string_equal(eip_buf_str(&b), "\"Zo\xc3\xab \xe2\x9c\x93\"");
    eip_buf_reset(&b);
    assert_int_equal(eip_buf_json_string(&b, ""), 0);
    assert_string_equal(eip_buf_str(&b), "\"\"");
    eip_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf__an_empty_buffer_reads_as_empty_text),
        cmocka_unit_test(test_buf__grows_to_hold_a_megabyte_byte_by_byte),
        cmocka_unit_test(test_buf__printf_appends_formatted_text),
        cmocka_unit_test(test_buf__reset_keeps_memory_and_detach_hands_it_over),
        cmocka_unit_test(
            test_buf__json_escapes_quotes_backslashes_and_controls),
        cmocka_unit_test(test_buf__json_keeps_utf8_as_it_is),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
