/* SPDX-License-Identifier: MIT */
/*
 * check.h - apply the rules to a loaded cohort: each learner's result and
 * the findings about the tracker, the activities and their evidence.
 */
#ifndef EIP_CHECK_H
#define EIP_CHECK_H

#include "cohort/cohort.h"
#include "findings/findings.h"
#include "rules/rules.h"

typedef enum eip_result {
    EIP_RESULT_NOT_MET = 0,
    EIP_RESULT_MET,
    EIP_RESULT_REFER /* met only when recorded sessions are counted */
} eip_result;

typedef enum eip_stage {
    EIP_STAGE_SUBMISSION = 0, /* judge what was delivered */
    EIP_STAGE_APPROVAL        /* judge the plan */
} eip_stage;

typedef struct eip_verdict {
    eip_result result;
    size_t *activities; /* indices of the activities that count */
    size_t nactivities;
} eip_verdict;

typedef struct eip_check {
    eip_stage stage;
    eip_verdict *verdicts; /* one per learner, in the cohort's order */
    size_t nlearners;
    size_t met;
    size_t not_met;
    size_t refer;
} eip_check;

/*
 * Judge cohort c by rules r at a stage; findings are added to f.  Returns
 * 0, or EIP_ENOMEM.  *out is owned by the caller (eip_check_free).
 */
int eip_check_run(eip_check **out, const eip_cohort *c, const eip_rules *r,
                  eip_stage stage, eip_findings *f, eip_error *err);

void eip_check_free(eip_check *k);

/* "met", "not_met", "refer" (JSON) and "Met", "Not met", "Refer" (CSV). */
const char *eip_result_code(eip_result r);
const char *eip_result_label(eip_result r);

/* Whether an activity has evidence of kind k. */
int eip_check_evidence_present(const eip_cohort *c, const eip_rules *r,
                               const eip_activity *a, size_t kind);

#endif
