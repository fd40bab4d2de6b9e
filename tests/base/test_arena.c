/* SPDX-License-Identifier: MIT */
/* The bump allocator: alignment, zeroing, copies and large blocks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"

#include <string.h>

static void test_arena__allocations_are_zeroed_and_aligned(void **state)
{
    eip_arena a = EIP_ARENA_INIT;

    (void)state;
    for (size_t n = 1; n < 200; n += 7) {
        unsigned char *p = eip_arena_alloc(&a, n);

        assert_non_null(p);
        assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(p[i], 0);
        }
        memset(p, 0xAB, n);
    }
    eip_arena_free(&a);
}

static void test_arena__copies_strings_and_prefixes(void **state)
{
    eip_arena a = EIP_ARENA_INIT;
    char src[] = "Marlow Electrical";
    char *s = eip_arena_strdup(&a, src);
    char *t = eip_arena_strndup(&a, src, 6);

    (void)state;
    src[0] = 'X';
    assert_string_equal(s, "Marlow Electrical");
    assert_string_equal(t, "Marlow");
    assert_null(eip_arena_strdup(&a, NULL));
    eip_arena_free(&a);
}

static void test_arena__serves_blocks_larger_than_its_chunks(void **state)
{
    eip_arena a = EIP_ARENA_INIT;
    char *small = eip_arena_strdup(&a, "before");
    char *big = eip_arena_alloc(&a, 5u * 1024u * 1024u);
    char *after = eip_arena_strdup(&a, "after");

    (void)state;
    assert_non_null(big);
    memset(big, 'z', 5u * 1024u * 1024u);
    assert_string_equal(small, "before");
    assert_string_equal(after, "after");
    eip_arena_free(&a);
    eip_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena__allocations_are_zeroed_and_aligned),
        cmocka_unit_test(test_arena__copies_strings_and_prefixes),
        cmocka_unit_test(test_arena__serves_blocks_larger_than_its_chunks),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
