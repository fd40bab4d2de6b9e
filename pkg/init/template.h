/* SPDX-License-Identifier: MIT */
/*
 * template.h - a new, ready-to-fill cohort folder, built from the rules:
 * a tracker.xlsx with the four tables' sheets, drop-down lists and a
 * short guide (or the four CSV files instead), and one example activity
 * folder with an empty register.
 *
 * Every file is written under a temporary name and renamed into place.
 * The module links libxlsxwriter; only the command uses it.
 */
#ifndef EIP_TEMPLATE_H
#define EIP_TEMPLATE_H

#include "base/buf.h"
#include "base/error.h"
#include "rules/rules.h"

typedef enum eip_template_format {
    EIP_TEMPLATE_XLSX = 0, /* one tracker.xlsx */
    EIP_TEMPLATE_CSV       /* cohort.csv, learners.csv, ... */
} eip_template_format;

/* The example activity's ID and folder, relative to the cohort folder. */
#define EIP_TEMPLATE_EXAMPLE_ID "A01"
#define EIP_TEMPLATE_EXAMPLE_FOLDER "activities/A01 - example"

/*
 * Make folder ready for a template: create it (one level) when missing,
 * accept it when empty.  Returns 0, EIP_EEXIST when it holds anything
 * (nothing is changed), or EIP_EIO with err naming the folder.
 */
int eip_template_prepare(const char *folder, eip_error *err);

/*
 * Write the template into folder, which eip_template_prepare accepted.
 * Appends to out (may be NULL) each file written, relative to folder, one
 * a line.  Returns 0, EIP_ENOMEM, or EIP_EIO with err naming the file.
 */
int eip_template_write(eip_buf *out, const eip_rules *r, const char *folder,
                       eip_template_format format, eip_error *err);

#endif
