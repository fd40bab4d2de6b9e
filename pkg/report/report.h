/* SPDX-License-Identifier: MIT */
/*
 * report.h - what a check found, as JSON for programs and as text for
 * people, and as an HTML page to read and print.  All are built in
 * memory; the caller decides where they go.
 */
#ifndef EIP_REPORT_H
#define EIP_REPORT_H

#include "base/buf.h"
#include "check/check.h"
#include "cohort/cohort.h"
#include "findings/findings.h"
#include "rules/rules.h"
#include "sample/sample.h"

typedef struct eip_report_input {
    const eip_cohort *cohort;
    const eip_rules *rules;
    const eip_check *check;       /* NULL when the cohort is unreadable */
    const eip_findings *findings; /* sorted */
    const eip_sample *sample;     /* the upload sample, or NULL */
} eip_report_input;

/* Why an activity's register is in or out of the sample (one line). */
int eip_report_sample_reason(eip_buf *out, const eip_report_input *in,
                             size_t activity);

/* The report as one JSON object (schema: docs/json-report.md). */
int eip_report_json(eip_buf *out, const eip_report_input *in);

/*
 * The report as text: findings by severity with their places and hints,
 * then the learners.  verbose adds info findings and every learner;
 * otherwise learners who met the requirement are summed up.
 */
int eip_report_text(eip_buf *out, const eip_report_input *in, int verbose);

/*
 * The report as one self-contained HTML5 page (docs/report.md): the
 * cohort, a summary, a learner-by-activity attendance grid, the findings
 * by severity and, when in->sample is not NULL, the sample and why.  No
 * scripts, no outside resources, and the same input always gives the same
 * bytes.  Every text from the cohort is escaped.  When out->spill is set
 * the page is written there in pieces as the grid is built, so that a
 * large cohort's page is never held whole (the caller drains the rest).
 * Returns 0, or EIP_ENOMEM (EIP_EIO-caused failures set out->failed too).
 */
int eip_report_html(eip_buf *out, const eip_report_input *in);

/* "learners.csv row 7, column C" or "tracker.xlsx, sheet 'Learners' ...". */
int eip_report_place(eip_buf *out, const eip_finding *f);

/* Learner indices sorted by enrolment number (malloc; free it). */
size_t *eip_report_learner_order(const eip_cohort *c);

#endif
