/* SPDX-License-Identifier: MIT */
/*
 * cohort.h - a cohort folder read into memory: the Planner and Tracker's
 * four tables, the activity folders and what their registers say.
 *
 * Loading never stops at the first problem: every problem becomes a
 * finding and the rest is still read, so one run tells the user all there
 * is to fix.  Only a cohort folder that cannot be opened at all fails.
 *
 * The structures are read-only for callers; everything lives until
 * eip_cohort_free.
 */
#ifndef EIP_COHORT_H
#define EIP_COHORT_H

#include "base/date.h"
#include "base/error.h"
#include "findings/findings.h"
#include "rules/rules.h"

#include <stddef.h>
#include <stdint.h>

/* What a register says of one learner. */
typedef enum eip_mark {
    EIP_MARK_NONE = 0, /* not on the register */
    EIP_MARK_PRESENT,
    EIP_MARK_ABSENT,
    EIP_MARK_BLANK /* on the register, attendance not recorded */
} eip_mark;

typedef enum eip_file_role {
    EIP_FILE_EVIDENCE = 0, /* any other evidence */
    EIP_FILE_REGISTER,     /* a register we can read (CSV, XLSX, ODS) */
    EIP_FILE_REGISTER_SCAN /* a register we cannot read (PDF, photo) */
} eip_file_role;

typedef struct eip_cohort_file {
    const char *path;  /* relative to the cohort folder, '/' separated */
    const char *name;  /* the last part of path */
    const char *inner; /* path inside its activity's folder */
    const char *disk;  /* the path to open it by */
    uint64_t size;
    eip_file_role role;
    int read_ok; /* a register that was read without error */
} eip_cohort_file;

typedef struct eip_learner {
    const char *enrolment; /* normalised: no spaces, upper case */
    const char *name;
    const char *uln; /* "" when not given */
    unsigned long row;
} eip_learner;

typedef struct eip_employer {
    const char *id;
    const char *name;
    const char **values; /* by column of the rules' employers table */
    unsigned long row;
} eip_employer;

typedef struct eip_activity {
    const char *id;
    const char **values; /* by column of the rules' activities table */
    unsigned long row;
    int type;     /* rules type index, -1 when unknown */
    int employer; /* employer index, -1 when none or unknown */
    int has_start;
    eip_date start;
    int has_end;
    eip_date end;
    eip_word delivery;   /* LIVE, RECORDED, or NONE when blank */
    eip_word status;     /* PLANNED, DELIVERED, CANCELLED or NONE */
    int contingency_for; /* activity index, -1 when none */
    const char *folder;  /* relative path of its folder, or NULL */
    eip_cohort_file *files;
    size_t nfiles;
    int has_register;     /* at least one register was read */
    unsigned char *marks; /* eip_mark per learner; NULL without one */
} eip_activity;

/* Where a tracker table came from. */
typedef struct eip_table_source {
    const char *path; /* relative path, NULL when missing */
    const char *disk;
    const char *sheet; /* NULL for CSV */
    int loaded;        /* header found and rows read */
} eip_table_source;

typedef struct eip_cohort {
    const char *root;
    const char **fields; /* by rules cohort field, "" when absent */
    unsigned long *field_rows;
    eip_learner *learners;
    size_t nlearners;
    eip_employer *employers;
    size_t nemployers;
    eip_activity *activities;
    size_t nactivities;
    eip_table_source tables[4]; /* cohort, learners, employers, activities */
    eip_cohort_file *tracker_files; /* the original tracker files */
    size_t ntracker_files;
    int has_year;
    eip_date year_start;
    eip_date year_end;
    int has_declaration_date;
    eip_date declaration_date;
    struct eip_cohort_private *priv;
} eip_cohort;

/*
 * Read the cohort folder at root.  Problems with its content go to
 * findings; the call fails (EIP_ENOTFOUND, EIP_EIO) only when the folder
 * itself cannot be read, or on EIP_ENOMEM.
 */
int eip_cohort_load(eip_cohort **out, const char *root, const eip_rules *rules,
                    eip_findings *findings, eip_error *err);

void eip_cohort_free(eip_cohort *c);

/* Index of a learner by enrolment number (normalised first), or -1. */
long eip_cohort_find_learner(const eip_cohort *c, const char *enrolment);

/* Index of an activity by ID (exact), or -1. */
long eip_cohort_find_activity(const eip_cohort *c, const char *id);

/* A cohort field by rules id ("centre-number"), "" when absent. */
const char *eip_cohort_field(const eip_cohort *c, const eip_rules *rules,
                             const char *id);

/*
 * A column of an activity's or an employer's row by rules column id
 * ("start-date"); "" when the rules have no such column.
 */
const char *eip_activity_value(const eip_activity *a, const eip_rules *rules,
                               const char *column_id);
const char *eip_employer_value(const eip_employer *e, const eip_rules *rules,
                               const char *column_id);

/* The row of the Cohort table that gave a field, 0 when absent. */
unsigned long eip_cohort_field_row(const eip_cohort *c, const eip_rules *rules,
                                   const char *id);

/* Normalise an enrolment number into buf: spaces out, letters upper. */
void eip_cohort_normalise_enrolment(char *buf, size_t size, const char *s);

#endif
