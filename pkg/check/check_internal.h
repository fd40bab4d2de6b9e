/* SPDX-License-Identifier: MIT */
/* check_internal.h - shared by the files of the check module only. */
#ifndef EIP_CHECK_INTERNAL_H
#define EIP_CHECK_INTERNAL_H

#include "check/check.h"

typedef struct check_ctx {
    const eip_cohort *cohort;
    const eip_rules *rules;
    eip_findings *findings;
    eip_stage stage;
    const char *activities_file; /* where activities rows are */
    const char *activities_sheet;
} check_ctx;

/* Warn when an activity lacks the additional evidence of its type. */
void check_evidence(check_ctx *x, const eip_activity *a);

/* Findings about the Cohort table's fields. */
void check_cohort_fields(check_ctx *x);

/* Findings about one activity's row, folder and registers. */
void check_activity(check_ctx *x, const eip_activity *a);

/* Each learner's result; 0 or EIP_ENOMEM. */
int check_verdicts(check_ctx *x, eip_check *k);

#endif
