/* SPDX-License-Identifier: MIT */
/*
 * pack.h - what goes into the archive of a checked cohort, and under
 * which names.  The bag module writes it; this module decides its content
 * (docs/archive.md describes both profiles).
 */
#ifndef EIP_PACK_H
#define EIP_PACK_H

#include "bag/bag.h"
#include "check/check.h"
#include "cohort/cohort.h"
#include "findings/findings.h"
#include "rules/rules.h"
#include "sample/sample.h"

typedef enum eip_profile {
    EIP_PROFILE_UPLOAD = 0, /* what the awarding body needs */
    EIP_PROFILE_AUDIT       /* everything, kept by the centre */
} eip_profile;

typedef struct eip_pack_options {
    eip_profile profile;
    int tracker_as_given;    /* upload the original tracker files */
    int forced;              /* packed despite errors: said in bag-info */
    const char *report_json; /* file holding the check report (audit) */
    const char *report_html; /* file holding it as a page (audit) */
    const char *version;     /* eipack's version, for bag-info */
} eip_pack_options;

/*
 * The archive's base name: <centre>_<qualification>_<cohort>_<year>_EI_
 * <profile>, made safe for any file system and portal.
 */
int eip_pack_name(eip_buf *out, const eip_cohort *c, const eip_rules *r,
                  eip_profile profile);

/*
 * Write the archive with the bag options given (target, name, format,
 * time, jobs).  out_hex receives what eip_bag_write gives.
 */
int eip_pack_write(char out_hex[EIP_SHA256_HEX_LEN + 1], const eip_cohort *c,
                   const eip_rules *r, const eip_check *k, const eip_sample *s,
                   const eip_pack_options *opts, const eip_bag_options *bag,
                   eip_error *err);

#endif
