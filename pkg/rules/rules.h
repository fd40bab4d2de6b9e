/* SPDX-License-Identifier: MIT */
/*
 * rules.h - the rules of employer involvement, as data.
 *
 * Rules come from an XML file validated against rules/eipack-rules.xsd
 * (the default rules are built in).  They say which activity types exist
 * and count, what evidence each needs and where it is found, the words a
 * tracker may use, header aliases and identifier patterns.  The rules know
 * nothing about files: callers ask them questions about words.
 *
 * Everything returned points into the rules and lives as long as they do.
 */
#ifndef EIP_RULES_H
#define EIP_RULES_H

#include "base/error.h"
#include "table/table.h"

#include <stddef.h>

typedef enum eip_table_id {
    EIP_TABLE_COHORT = 0,
    EIP_TABLE_LEARNERS,
    EIP_TABLE_EMPLOYERS,
    EIP_TABLE_ACTIVITIES,
    EIP_TABLE_REGISTER,
    EIP_TABLE_COUNT
} eip_table_id;

typedef enum eip_word {
    EIP_WORD_NONE = 0,
    EIP_WORD_PRESENT,
    EIP_WORD_ABSENT,
    EIP_WORD_LIVE,
    EIP_WORD_RECORDED,
    EIP_WORD_PLANNED,
    EIP_WORD_DELIVERED,
    EIP_WORD_CANCELLED,
    EIP_WORD_COUNT
} eip_word;

typedef struct eip_rules_column {
    const char *id;   /* "enrolment-number" */
    const char *name; /* its first alias, as users know it */
    int required;
    const char **keys; /* eip_text_key of every alias */
    size_t nkeys;
} eip_rules_column;

typedef struct eip_rules_table {
    const char *id; /* "learners" */
    eip_rules_column *columns;
    size_t ncolumns;
} eip_rules_table;

typedef struct eip_rules_field_ref {
    eip_table_id table; /* EIP_TABLE_ACTIVITIES or EIP_TABLE_EMPLOYERS */
    size_t column;      /* index into that table's columns */
} eip_rules_field_ref;

typedef struct eip_evidence_kind {
    const char *id;
    const char *label;
    int from_register;
    eip_rules_field_ref *fields;
    size_t nfields;
    const char **patterns; /* fnmatch patterns, matched ignoring case */
    size_t npatterns;
} eip_evidence_kind;

typedef struct eip_evidence_need {
    size_t kind;
    int required;
} eip_evidence_need;

typedef struct eip_activity_type {
    const char *id;
    const char *name;
    int meaningful;
    int sampled;
    int group;         /* index of its group, or -1 */
    const char **keys; /* keys of the name and every alias */
    size_t nkeys;
    eip_evidence_need *evidence;
    size_t nevidence;
} eip_activity_type;

typedef struct eip_rules_group {
    const char *id;
    const char *name;
    unsigned min_sessions;
} eip_rules_group;

typedef struct eip_rules eip_rules;

/*
 * Load rules from a file, or the built-in rules when path is NULL.  A file
 * that is not well-formed, fails the schema or refers to something that
 * does not exist fails with EIP_EFORMAT and err naming the line.
 */
int eip_rules_load(eip_rules **out, const char *path, eip_error *err);

/* Load rules from bytes (label names them in messages). */
int eip_rules_load_memory(eip_rules **out, const void *data, size_t len,
                          const char *label, eip_error *err);

void eip_rules_free(eip_rules *r);

/* The SHA-256 (hex) of the rules' bytes, for the record. */
const char *eip_rules_sha256(const eip_rules *r);

/* The built-in rules' bytes, e.g. for `eipack rules --xml`. */
const char *eip_rules_default_text(size_t *len);

size_t eip_rules_type_count(const eip_rules *r);
const eip_activity_type *eip_rules_type(const eip_rules *r, size_t i);
/* Index of the type named (or aliased) by text, or -1. */
int eip_rules_type_find(const eip_rules *r, const char *text);

size_t eip_rules_kind_count(const eip_rules *r);
const eip_evidence_kind *eip_rules_kind(const eip_rules *r, size_t i);

size_t eip_rules_group_count(const eip_rules *r);
const eip_rules_group *eip_rules_group_get(const eip_rules *r, size_t i);

const eip_rules_table *eip_rules_table_get(const eip_rules *r, eip_table_id t);
/* Index of the column a header names in table t, or -1. */
int eip_rules_column_find(const eip_rules *r, eip_table_id t,
                          const char *header);
/* Index of a column by its id, or -1. */
int eip_rules_column_index(const eip_rules *r, eip_table_id t, const char *id);

/* Cohort fields are a table of their own: Field, Value rows. */
const eip_rules_table *eip_rules_cohort_fields(const eip_rules *r);
int eip_rules_cohort_field_find(const eip_rules *r, const char *name);
/* Index of a cohort field by its id ("centre-number"), or -1. */
int eip_rules_cohort_field_index(const eip_rules *r, const char *id);

/* Whether a header names personal data the submission does not need. */
int eip_rules_is_personal(const eip_rules *r, const char *header);

/*
 * Which of the categories a word belongs to: present/absent for
 * attendance, live/recorded for delivery, planned/delivered/cancelled for
 * status.  Only words of the categories from..to (inclusive) are looked
 * at; EIP_WORD_NONE when none.
 */
eip_word eip_rules_word(const eip_rules *r, const char *text, eip_word from,
                        eip_word to);

/* Identifier checks: 1 when s fits the pattern. */
int eip_rules_centre_number_ok(const eip_rules *r, const char *s);
int eip_rules_qualification_number_ok(const eip_rules *r, const char *s);
const char *eip_rules_centre_number_example(const eip_rules *r);
const char *eip_rules_qualification_number_example(const eip_rules *r);

typedef enum eip_uln_check {
    EIP_ULN_OK = 0,
    EIP_ULN_INVALID,
    EIP_ULN_PLACEHOLDER
} eip_uln_check;

eip_uln_check eip_rules_uln_check(const eip_rules *r, const char *s);

/* Sampling: minimum size and fraction of the delivered registers. */
unsigned eip_rules_sample_minimum(const eip_rules *r);
double eip_rules_sample_fraction(const eip_rules *r);

/* File names: ignored (hidden/system), a register, a readable one. */
int eip_rules_file_ignored(const eip_rules *r, const char *name);
int eip_rules_file_is_register(const eip_rules *r, const char *name);
int eip_rules_file_readable(const eip_rules *r, const char *name);
/* Whether a file name matches one of a kind's patterns. */
int eip_rules_file_matches(const eip_evidence_kind *k, const char *name);

/* Limits for spreadsheets, from the rules (zero where not set). */
eip_table_limits eip_rules_limits(const eip_rules *r);

#endif
