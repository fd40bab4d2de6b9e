/* SPDX-License-Identifier: MIT */
/* The string-to-index map: lookups, replacement and growth. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_strmap__an_empty_map_finds_nothing(void **state)
{
    eip_strmap m = EIP_STRMAP_INIT;
    size_t v = 42;

    (void)state;
    assert_int_equal(eip_strmap_get(&m, "NF250001", &v), 0);
    assert_int_equal(v, 42);
    eip_strmap_free(&m);
}

static void test_strmap__put_replaces_the_value_of_a_key(void **state)
{
    eip_strmap m = EIP_STRMAP_INIT;
    size_t v = 0;

    (void)state;
    assert_int_equal(eip_strmap_put(&m, "A01", 1), 0);
    assert_int_equal(eip_strmap_put(&m, "A02", 2), 0);
    assert_int_equal(eip_strmap_put(&m, "A01", 7), 0);
    assert_int_equal(m.count, 2);
    assert_int_equal(eip_strmap_get(&m, "A01", &v), 1);
    assert_int_equal(v, 7);
    assert_int_equal(eip_strmap_get(&m, "a01", &v), 0);
    assert_int_equal(eip_strmap_get(&m, "", &v), 0);
    eip_strmap_free(&m);
}

static void test_strmap__keeps_every_key_as_it_grows(void **state)
{
    enum { N = 20000 };
    eip_strmap m = EIP_STRMAP_INIT;
    char(*keys)[16] = calloc(N, sizeof(*keys));
    size_t v;

    (void)state;
    assert_non_null(keys);
    for (size_t i = 0; i < N; i++) {
        snprintf(keys[i], sizeof(keys[i]), "NF%06zu", i);
        assert_int_equal(eip_strmap_put(&m, keys[i], i), 0);
    }
    assert_int_equal(m.count, N);
    assert_true(m.cap >= N && (m.cap & (m.cap - 1)) == 0);
    for (size_t i = 0; i < N; i++) {
        assert_int_equal(eip_strmap_get(&m, keys[i], &v), 1);
        assert_int_equal(v, i);
    }
    assert_int_equal(eip_strmap_get(&m, "NF020000", &v), 0);
    eip_strmap_free(&m);
    free(keys);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strmap__an_empty_map_finds_nothing),
        cmocka_unit_test(test_strmap__put_replaces_the_value_of_a_key),
        cmocka_unit_test(test_strmap__keeps_every_key_as_it_grows),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
