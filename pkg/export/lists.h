/* SPDX-License-Identifier: MIT */
/*
 * lists.h - the cohort-level CSV files the awarding body receives:
 * learners.csv, results.csv and the tracker's tables holding only the
 * columns the rules know.
 *
 * Every file starts with a UTF-8 byte order mark and ends its lines with
 * CRLF, so Excel opens it correctly.  A cell starting with '=', '+', '-',
 * '@', a tab or a carriage return is prefixed with an apostrophe so that
 * no spreadsheet runs it as a formula.
 */
#ifndef EIP_LISTS_H
#define EIP_LISTS_H

#include "base/buf.h"
#include "check/check.h"
#include "cohort/cohort.h"
#include "rules/rules.h"

/* One CSV cell, quoted when needed and made safe from formulas. */
int eip_lists_cell(eip_buf *out, const char *text);

/* Enrolment number, Learner name: every learner, by enrolment number. */
int eip_lists_learners(eip_buf *out, const eip_cohort *c);

/* Enrolment number, Learner name, Result, Activities (IDs that count). */
int eip_lists_results(eip_buf *out, const eip_cohort *c, const eip_check *k);

/*
 * A tracker table (EIP_TABLE_COHORT .. EIP_TABLE_ACTIVITIES) with only
 * the columns the rules know, in the rules' order.
 */
int eip_lists_tracker(eip_buf *out, const eip_cohort *c, const eip_rules *r,
                      eip_table_id table);

#endif
