/* SPDX-License-Identifier: MIT */
/* Dates as the tracker writes them: what is read and what is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/date.h"
#include "base/error.h"

static void test_date__reads_iso_and_uk_day_first(void **state)
{
    eip_date d;

    (void)state;
    assert_int_equal(eip_date_parse(&d, "2026-03-14"), 0);
    assert_int_equal(d.year, 2026);
    assert_int_equal(d.month, 3);
    assert_int_equal(d.day, 14);
    assert_int_equal(eip_date_parse(&d, " 4/3/2026 "), 0);
    assert_int_equal(d.day, 4);
    assert_int_equal(d.month, 3);
    assert_int_equal(eip_date_parse(&d, "2026-03-14T00:00:00"), 0);
}

static void test_date__refuses_guesses_and_impossible_days(void **state)
{
    eip_date d;

    (void)state;
    assert_int_equal(eip_date_parse(&d, "31/02/2026"), EIP_EFORMAT);
    assert_int_equal(eip_date_parse(&d, "03/14/2026"), EIP_EFORMAT);
    assert_int_equal(eip_date_parse(&d, "14 March 2026"), EIP_EFORMAT);
    assert_int_equal(eip_date_parse(&d, "14/03/26"), EIP_EFORMAT);
    assert_int_equal(eip_date_parse(&d, ""), EIP_EFORMAT);
    assert_int_equal(eip_date_parse(&d, "29/02/2025"), EIP_EFORMAT);
    assert_int_equal(eip_date_parse(&d, "29/02/2024"), 0);
}

static void test_date__academic_year_runs_september_to_august(void **state)
{
    eip_date s;
    eip_date e;
    char buf[11];

    (void)state;
    assert_int_equal(eip_date_academic_year(&s, &e, "2025/26"), 0);
    assert_string_equal(eip_date_format(s, buf), "2025-09-01");
    assert_string_equal(eip_date_format(e, buf), "2026-08-31");
    assert_int_equal(eip_date_academic_year(&s, &e, "2099-2100"), 0);
    assert_int_equal(e.year, 2100);
    assert_int_equal(eip_date_academic_year(&s, &e, "2025/27"), EIP_EFORMAT);
    assert_int_equal(eip_date_academic_year(&s, &e, "25/26"), EIP_EFORMAT);
}

static void test_date__day_numbers_round_trip(void **state)
{
    (void)state;
    for (long n = -800000; n < 800000; n += 997) {
        eip_date d = eip_date_from_days(n);

        assert_int_equal(eip_date_days(d), n);
    }
    assert_int_equal(eip_date_days((eip_date){1970, 1, 1}), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date__reads_iso_and_uk_day_first),
        cmocka_unit_test(test_date__refuses_guesses_and_impossible_days),
        cmocka_unit_test(test_date__academic_year_runs_september_to_august),
        cmocka_unit_test(test_date__day_numbers_round_trip),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
