/* SPDX-License-Identifier: MIT */
/*
 * fuzz_rules.c - fuzz target: the input bytes are a rules file, loaded
 * from memory; rules that load are asked the questions the cohort loader
 * and the check ask, so that what they point at is read too.
 */
#include "rules/rules.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t touch(const char *s)
{
    return s != NULL ? strlen(s) : 0;
}

/* Every type, its keys and evidence, every kind and its fields. */
static size_t walk_types(const eip_rules *r)
{
    size_t sum = 0;
    size_t i;
    size_t j;

    for (i = 0; i < eip_rules_type_count(r); i++) {
        const eip_activity_type *t = eip_rules_type(r, i);

        sum += touch(t->id) + touch(t->name) + (size_t)(t->group + 1);
        for (j = 0; j < t->nkeys; j++) {
            sum += touch(t->keys[j]);
        }
        for (j = 0; j < t->nevidence; j++) {
            sum += touch(eip_rules_kind(r, t->evidence[j].kind)->id);
        }
    }
    for (i = 0; i < eip_rules_kind_count(r); i++) {
        const eip_evidence_kind *k = eip_rules_kind(r, i);

        for (j = 0; j < k->nfields; j++) {
            const eip_rules_table *tb =
                eip_rules_table_get(r, k->fields[j].table);

            sum += touch(tb->columns[k->fields[j].column].id);
        }
        sum += (size_t)eip_rules_file_matches(k, "register.csv");
    }
    for (i = 0; i < eip_rules_group_count(r); i++) {
        sum += touch(eip_rules_group_get(r, i)->name);
    }
    return sum;
}

/* The word, column, identifier and file questions, with common answers. */
static size_t ask(const eip_rules *r)
{
    size_t sum = 0;
    int t;

    for (t = 0; t < EIP_TABLE_COUNT; t++) {
        sum += (size_t)(eip_rules_column_find(r, (eip_table_id)t,
                                              "Enrolment number") +
                        1);
        sum +=
            (size_t)(eip_rules_column_index(r, (eip_table_id)t, "activity-id") +
                     1);
    }
    sum += (size_t)(eip_rules_type_find(r, "Placement") + 1);
    sum += (size_t)(eip_rules_cohort_field_find(r, "Centre number") + 1);
    sum += (size_t)eip_rules_is_personal(r, "Date of birth");
    sum += (size_t)eip_rules_word(r, "Present", EIP_WORD_PRESENT,
                                  EIP_WORD_CANCELLED);
    sum += (size_t)eip_rules_centre_number_ok(r, "12345");
    sum += (size_t)eip_rules_qualification_number_ok(r, "603/1234/5");
    sum += touch(eip_rules_centre_number_example(r));
    sum += touch(eip_rules_qualification_number_example(r));
    sum += (size_t)eip_rules_uln_check(r, "1234567890");
    sum += eip_rules_sample_minimum(r);
    sum += (size_t)(eip_rules_sample_fraction(r) > 0.5);
    sum += (size_t)eip_rules_file_ignored(r, ".DS_Store");
    sum += (size_t)eip_rules_file_is_register(r, "register.xlsx");
    sum += (size_t)eip_rules_file_readable(r, "register.ods");
    sum += touch(eip_rules_sha256(r));
    sum += (size_t)eip_rules_limits(r).max_columns;
    return sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    eip_rules *r = NULL;
    volatile size_t sink = 0;
    eip_error err;

    eip_error_clear(&err);
    if (eip_rules_load_memory(&r, data, size, "fuzz.xml", &err) == 0) {
        sink += walk_types(r) + ask(r);
    }
    eip_rules_free(r);
    (void)sink;
    return 0;
}
