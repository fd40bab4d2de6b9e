/* SPDX-License-Identifier: MIT */
/*
 * findings.h - the list of things a run found, for people to act on.
 *
 * A finding has a stable code (kebab case, e.g. "enrolment-duplicate"), a
 * severity, a place (file relative to the cohort folder, sheet, row,
 * column) and a one-line message with a hint saying what to do.  So that a
 * broken 100,000-row file cannot flood a report, at most
 * EIP_FINDINGS_PER_FILE findings of one code are kept per file; the rest
 * are counted and summarised by one extra finding.
 */
#ifndef EIP_FINDINGS_H
#define EIP_FINDINGS_H

#include "base/error.h"

#include <stdarg.h>
#include <stddef.h>

#define EIP_FINDINGS_PER_FILE 25

typedef enum eip_severity {
    EIP_SEV_ERROR = 0, /* blocks the submission */
    EIP_SEV_WARNING,   /* advised to fix */
    EIP_SEV_INFO       /* for the record */
} eip_severity;

typedef struct eip_finding {
    const char *code;
    eip_severity severity;
    const char *file;     /* NULL when the finding is about the cohort */
    const char *sheet;    /* NULL unless a spreadsheet */
    unsigned long row;    /* 0 when not about one row */
    unsigned long column; /* 0 when not about one column */
    const char *message;
    const char *hint;     /* "" when there is nothing more to say */
    const char *activity; /* Activity ID it concerns, or NULL */
    const char *learner;  /* enrolment number it concerns, or NULL */
} eip_finding;

typedef struct eip_findings eip_findings;

int eip_findings_new(eip_findings **out);
void eip_findings_free(eip_findings *f);

/*
 * Add a finding; every string is copied.  file, sheet, activity and
 * learner may be NULL.  Returns 0, or EIP_ENOMEM (the list stays usable).
 */
int eip_findings_add(eip_findings *f, eip_severity sev, const char *code,
                     const char *file, const char *sheet, unsigned long row,
                     unsigned long column, const char *hint, const char *fmt,
                     ...) __attribute__((format(printf, 9, 10)));

/* Attach the activity or learner to the finding added last. */
void eip_findings_tag(eip_findings *f, const char *activity,
                      const char *learner);

/*
 * Add an error record as a finding of severity sev, using err->finding as
 * the code (or fallback_code when it is empty).
 */
int eip_findings_add_error(eip_findings *f, eip_severity sev,
                           const char *fallback_code, const eip_error *err);

/*
 * Put the findings in their report order (severity, file, row, column,
 * code, message) and add the "and N more" summaries.  Call once, at the
 * end; adding afterwards is allowed but unsorted.
 */
void eip_findings_sort(eip_findings *f);

size_t eip_findings_count(const eip_findings *f);
const eip_finding *eip_findings_get(const eip_findings *f, size_t i);
/* How many findings of a severity (after sort, summaries included). */
size_t eip_findings_count_severity(const eip_findings *f, eip_severity sev);
/* Whether any finding has this code. */
int eip_findings_has(const eip_findings *f, const char *code);

/* "error", "warning" or "info". */
const char *eip_severity_name(eip_severity sev);

#endif
