/* SPDX-License-Identifier: MIT */
/*
 * evidence.c - does an activity have the evidence its type needs?
 * Missing additional evidence never changes a learner's result; it is a
 * warning on the activity.
 */
#include "check/check_internal.h"

#include "base/buf.h"
#include "base/text.h"

int eip_check_evidence_present(const eip_cohort *c, const eip_rules *r,
                               const eip_activity *a, size_t kind)
{
    const eip_evidence_kind *k = eip_rules_kind(r, kind);

    if (k->from_register) {
        return a->has_register;
    }
    for (size_t i = 0; i < k->nfields; i++) {
        const eip_rules_field_ref *f = &k->fields[i];

        if (f->table == EIP_TABLE_ACTIVITIES &&
            !eip_text_blank(a->values[f->column])) {
            return 1;
        }
        if (f->table == EIP_TABLE_EMPLOYERS && a->employer >= 0 &&
            !eip_text_blank(c->employers[a->employer].values[f->column])) {
            return 1;
        }
    }
    for (size_t i = 0; i < a->nfiles; i++) {
        if (a->files[i].role == EIP_FILE_EVIDENCE &&
            eip_rules_file_matches(k, a->files[i].name)) {
            return 1;
        }
    }
    return 0;
}

void check_evidence(check_ctx *x, const eip_activity *a)
{
    const eip_activity_type *t = eip_rules_type(x->rules, (size_t)a->type);
    eip_buf missing = EIP_BUF_INIT;
    size_t n = 0;

    for (size_t i = 0; i < t->nevidence; i++) {
        const eip_evidence_kind *k =
            eip_rules_kind(x->rules, t->evidence[i].kind);

        if (k->from_register ||
            eip_check_evidence_present(x->cohort, x->rules, a,
                                       t->evidence[i].kind)) {
            continue;
        }
        eip_buf_printf(&missing, "%s%s", n++ > 0 ? "; " : "", k->label);
    }
    if (n > 0) {
        eip_findings_add(x->findings, EIP_SEV_WARNING, "evidence-missing",
                         a->folder != NULL ? a->folder : x->activities_file,
                         a->folder != NULL ? NULL : x->activities_sheet,
                         a->folder != NULL ? 0 : a->row, 0,
                         "add the evidence to the activity's folder (a file "
                         "whose name says what it is) or fill in the "
                         "tracker; the centre must produce it on request",
                         "activity '%s' (%s) lacks: %s", a->id, t->name,
                         eip_buf_str(&missing));
        eip_findings_tag(x->findings, a->id, NULL);
    }
    eip_buf_free(&missing);
}
