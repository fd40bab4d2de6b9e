/* SPDX-License-Identifier: MIT */
/*
 * sample.h - which registers of repeated activities are uploaded.
 *
 * Verdicts always use every register; the sample only decides what is
 * uploaded.  For each activity type the rules allow to sample, with n
 * delivered activities that have a register, k = max(minimum,
 * ceil(n * fraction)) capped at n registers are chosen greedily to cover
 * the most learners who attended that type; ties are broken by a hash of
 * the seed and the Activity ID, so the same inputs and seed always give
 * the same sample.
 */
#ifndef EIP_SAMPLE_H
#define EIP_SAMPLE_H

#include "cohort/cohort.h"
#include "rules/rules.h"

#include <stdint.h>

typedef enum eip_sample_state {
    EIP_SAMPLE_NOT_APPLICABLE = 0, /* not a delivered register of a type */
    EIP_SAMPLE_ALL,                /* type never sampled: all uploaded */
    EIP_SAMPLE_IN,
    EIP_SAMPLE_OUT
} eip_sample_state;

typedef struct eip_sample_entry {
    eip_sample_state state;
    unsigned rank;       /* order of choice (1 first), 0 when out */
    size_t new_learners; /* learners it added to the coverage */
} eip_sample_entry;

typedef struct eip_sample {
    uint64_t seed;
    eip_sample_entry *entries; /* one per activity */
    size_t nentries;
} eip_sample;

/* k for n registers: max(minimum, ceil(n * fraction)) capped at n. */
size_t eip_sample_size(size_t n, unsigned minimum, double fraction);

/* The default seed: from centre number, qualification, cohort, year. */
uint64_t eip_sample_default_seed(const eip_cohort *c, const eip_rules *r);

/* Choose; all = 1 includes every register (--no-sample). */
int eip_sample_choose(eip_sample *out, const eip_cohort *c, const eip_rules *r,
                      uint64_t seed, int all);

void eip_sample_free(eip_sample *s);

/* The tie-break value of an activity under a seed. */
uint64_t eip_sample_tiebreak(uint64_t seed, const char *activity_id);

#endif
