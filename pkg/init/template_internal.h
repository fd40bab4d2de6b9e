/* SPDX-License-Identifier: MIT */
/*
 * template_internal.h - what a template holds, worked out from the rules
 * once and shared by the CSV and workbook writers.
 */
#ifndef EIP_TEMPLATE_INTERNAL_H
#define EIP_TEMPLATE_INTERNAL_H

#include "base/error.h"
#include "rules/rules.h"

#include <stddef.h>

#define TPL_MAX_COLUMNS 64
#define TPL_MAX_ITEMS 64

/* One tracker table: its sheet, its file and its header row. */
typedef struct tpl_table {
    const char *sheet;
    const char *file;
    const char *headers[TPL_MAX_COLUMNS];
    size_t nheaders;
    const char *ids[TPL_MAX_COLUMNS]; /* the rules' column ids */
} tpl_table;

/* A drop-down list: its heading, its values, the column it serves. */
typedef struct tpl_list {
    const char *heading;
    const char *values[TPL_MAX_ITEMS];
    size_t nvalues;
    size_t column; /* index into the activities table's headers */
} tpl_list;

typedef struct tpl {
    tpl_table tables[4]; /* cohort, learners, employers, activities */
    const char *fields[TPL_MAX_ITEMS]; /* cohort field names, pre-filled */
    size_t nfields;
    const char *example[TPL_MAX_COLUMNS]; /* the example activity's row */
    tpl_list lists[3];                    /* activity type, delivery, status */
    size_t nlists;
    const char *register_headers[3];
} tpl;

/* Work out the template from the rules: 0 or EIP_ELIMIT. */
int tpl_build(tpl *out, const eip_rules *r, eip_error *err);

/* Write tracker.xlsx in folder (temporary name, then renamed). */
int tpl_write_workbook(const tpl *t, const char *folder, eip_error *err);

/*
 * Write len bytes to folder/rel under a temporary name, then rename it
 * into place.  0 or EIP_EIO with err naming rel.
 */
int tpl_write_file(const char *folder, const char *rel, const char *data,
                   size_t len, eip_error *err);

/* folder/rel into out (size bytes); 0 or EIP_ELIMIT when too long. */
int tpl_path(char *out, size_t size, const char *folder, const char *rel,
             eip_error *err);

#endif
