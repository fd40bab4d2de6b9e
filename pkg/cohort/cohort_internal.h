/* SPDX-License-Identifier: MIT */
/* cohort_internal.h - shared between the cohort loader's files only. */
#ifndef EIP_COHORT_INTERNAL_H
#define EIP_COHORT_INTERNAL_H

#include "base/arena.h"
#include "base/strmap.h"
#include "cohort/cohort.h"

#define COHORT_MAX_DEPTH 8
#define COHORT_MAX_PATH 4096

struct eip_cohort_private {
    eip_arena arena;
    eip_strmap learners;   /* enrolment number -> index */
    eip_strmap activities; /* Activity ID -> index */
    const eip_rules *rules;
    eip_findings *findings;
    char *root_real;             /* the cohort folder's resolved path */
    const char *activities_disk; /* the activities folder, if any */
    const char *activities_rel;
};

/* A file found at the top of the cohort folder. */
typedef struct top_file {
    const char *name;
    const char *disk;
} top_file;

/*
 * List the regular files at the top of the cohort folder (hidden and
 * system files left out, unsafe ones reported) and note the activities
 * folder.  The array is allocated in the arena.
 */
int cohort_list_top(eip_cohort *c, top_file **out, size_t *count);

/* Find the activity folders and their files; findings for the rest. */
int cohort_scan_activities(eip_cohort *c);

/* Read every register of every activity folder into marks. */
int cohort_read_registers(eip_cohort *c);

/* Report a finding (shortcut). */
#define COHORT_FINDING(c, sev, code, file, row, col, hint, ...)                \
    eip_findings_add((c)->priv->findings, (sev), (code), (file), NULL, (row),  \
                     (col), (hint), __VA_ARGS__)

#endif
