/* SPDX-License-Identifier: MIT */
/*
 * The sample of registers: its size, the coverage it chooses, and the
 * tie-break that makes it reproducible.  Cohorts are built by hand: the
 * sample only looks at activities' types, status and marks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cohort/cohort.h"
#include "rules/rules.h"
#include "sample/sample.h"

#include <string.h>

#define LEARNERS 8
#define MAX_ACTIVITIES 8

typedef struct fixture {
    eip_rules *rules;
    eip_cohort cohort;
    eip_activity activities[MAX_ACTIVITIES];
    unsigned char marks[MAX_ACTIVITIES][LEARNERS + 1];
} fixture;

static int setup(void **state)
{
    static fixture f;

    memset(&f, 0, sizeof(f));
    assert_int_equal(eip_rules_load(&f.rules, NULL, NULL), 0);
    f.cohort.nlearners = LEARNERS;
    f.cohort.activities = f.activities;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;

    eip_rules_free(f->rules);
    return 0;
}

/* Add a delivered activity of a type whose register marks learners. */
static void add(fixture *f, const char *id, const char *type,
                const char *present)
{
    size_t i = f->cohort.nactivities++;
    eip_activity *a = &f->activities[i];

    memset(a, 0, sizeof(*a));
    a->id = id;
    a->type = eip_rules_type_find(f->rules, type);
    a->status = EIP_WORD_DELIVERED;
    a->delivery = EIP_WORD_LIVE;
    a->has_register = 1;
    a->marks = f->marks[i];
    memset(f->marks[i], EIP_MARK_ABSENT, LEARNERS);
    for (const char *p = present; *p != '\0'; p++) {
        f->marks[i][*p - '0'] = EIP_MARK_PRESENT;
    }
}

static void
test_sample__size_is_the_minimum_or_the_fraction_capped_at_n(void **state)
{
    (void)state;
    assert_int_equal(eip_sample_size(0, 3, 0.25), 0);
    assert_int_equal(eip_sample_size(2, 3, 0.25), 2);
    assert_int_equal(eip_sample_size(3, 3, 0.25), 3);
    assert_int_equal(eip_sample_size(12, 3, 0.25), 3);
    assert_int_equal(eip_sample_size(13, 3, 0.25), 4);
    assert_int_equal(eip_sample_size(100, 3, 0.25), 25);
    assert_int_equal(eip_sample_size(10, 0, 0.0), 0);
    assert_int_equal(eip_sample_size(10, 0, 1.0), 10);
}

static void
test_sample__chooses_the_registers_covering_most_learners(void **state)
{
    fixture *f = *state;
    eip_sample s;

    f->cohort.nactivities = 0;
    add(f, "G1", "Guest lecture", "01");
    add(f, "G2", "Guest lecture", "0123");
    add(f, "G3", "Guest lecture", "4567");
    add(f, "G4", "Guest lecture", "23");
    add(f, "G5", "Guest lecture", "7");
    add(f, "G6", "Guest lecture", "0");
    add(f, "A1", "Work placement", "01234567");
    assert_int_equal(eip_sample_choose(&s, &f->cohort, f->rules, 42, 0), 0);
    /* six lectures: k = max(3, ceil(1.5)) = 3; G2 and G3 cover all. */
    assert_int_equal(s.entries[1].state, EIP_SAMPLE_IN);
    assert_int_equal(s.entries[2].state, EIP_SAMPLE_IN);
    assert_int_equal(s.entries[1].new_learners + s.entries[2].new_learners, 8);
    assert_int_equal(s.entries[6].state, EIP_SAMPLE_ALL);
    size_t in = 0;
    for (size_t i = 0; i < 6; i++) {
        in += s.entries[i].state == EIP_SAMPLE_IN;
    }
    assert_int_equal(in, 3);
    eip_sample_free(&s);
}

static void
test_sample__same_seed_same_sample_and_ties_follow_the_seed(void **state)
{
    fixture *f = *state;
    int differs = 0;

    f->cohort.nactivities = 0;
    for (int i = 0; i < 6; i++) {
        static const char *const ids[] = {"M1", "M2", "M3", "M4", "M5", "M6"};
        add(f, ids[i], "Master class", "0");
    }
    for (uint64_t seed = 1; seed < 20; seed++) {
        eip_sample a;
        eip_sample b;

        assert_int_equal(eip_sample_choose(&a, &f->cohort, f->rules, seed, 0),
                         0);
        assert_int_equal(eip_sample_choose(&b, &f->cohort, f->rules, seed, 0),
                         0);
        assert_memory_equal(a.entries, b.entries, 6 * sizeof(eip_sample_entry));
        if (seed > 1) {
            eip_sample c;

            eip_sample_choose(&c, &f->cohort, f->rules, 1, 0);
            differs |=
                memcmp(a.entries, c.entries, 6 * sizeof(eip_sample_entry)) != 0;
            eip_sample_free(&c);
        }
        eip_sample_free(&a);
        eip_sample_free(&b);
    }
    assert_true(differs);
}

static void test_sample__takes_k_even_when_k_cannot_cover_everyone(void **state)
{
    fixture *f = *state;
    eip_sample s;

    f->cohort.nactivities = 0;
    add(f, "P1", "Practical activities", "0");
    add(f, "P2", "Practical activities", "1");
    add(f, "P3", "Practical activities", "2");
    add(f, "P4", "Practical activities", "3");
    assert_int_equal(eip_sample_choose(&s, &f->cohort, f->rules, 7, 0), 0);
    size_t in = 0;
    for (size_t i = 0; i < 4; i++) {
        in += s.entries[i].state == EIP_SAMPLE_IN;
        assert_true(s.entries[i].state == EIP_SAMPLE_IN ||
                    s.entries[i].state == EIP_SAMPLE_OUT);
    }
    assert_int_equal(in, 3);
    eip_sample_free(&s);
}

static void test_sample__no_sample_uploads_every_register(void **state)
{
    fixture *f = *state;
    eip_sample s;

    f->cohort.nactivities = 0;
    for (int i = 0; i < 5; i++) {
        static const char *const ids[] = {"G1", "G2", "G3", "G4", "G5"};
        add(f, ids[i], "Guest lecture", "0");
    }
    f->activities[4].status = EIP_WORD_CANCELLED;
    assert_int_equal(eip_sample_choose(&s, &f->cohort, f->rules, 7, 1), 0);
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(s.entries[i].state, EIP_SAMPLE_ALL);
    }
    assert_int_equal(s.entries[4].state, EIP_SAMPLE_NOT_APPLICABLE);
    eip_sample_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            test_sample__size_is_the_minimum_or_the_fraction_capped_at_n),
        cmocka_unit_test(
            test_sample__chooses_the_registers_covering_most_learners),
        cmocka_unit_test(
            test_sample__same_seed_same_sample_and_ties_follow_the_seed),
        cmocka_unit_test(
            test_sample__takes_k_even_when_k_cannot_cover_everyone),
        cmocka_unit_test(test_sample__no_sample_uploads_every_register),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
