/* SPDX-License-Identifier: MIT */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

int eip_report_place(eip_buf *out, const eip_finding *f)
{
    char col[8];

    eip_buf_puts(out, f->file != NULL ? f->file : "cohort");
    if (f->sheet != NULL) {
        eip_buf_printf(out, ", sheet '%s'", f->sheet);
    }
    if (f->row != 0) {
        eip_buf_printf(out, " row %lu", f->row);
    }
    if (f->column != 0) {
        eip_buf_printf(out, "%s column %s", f->row != 0 ? "," : "",
                       eip_table_column_name(f->column, col));
    }
    return out->failed ? EIP_ENOMEM : 0;
}

static void text_findings(eip_buf *b, const eip_findings *f, eip_severity sev,
                          const char *title)
{
    size_t n = eip_findings_count_severity(f, sev);

    if (n == 0) {
        return;
    }
    eip_buf_printf(b, "%s (%zu)\n", title, n);
    for (size_t i = 0; i < eip_findings_count(f); i++) {
        const eip_finding *x = eip_findings_get(f, i);

        if (x->severity != sev) {
            continue;
        }
        eip_buf_puts(b, "  ");
        eip_report_place(b, x);
        eip_buf_printf(b, ": %s [%s]\n", x->message, x->code);
        if (x->hint[0] != '\0') {
            eip_buf_printf(b, "      what to do: %s\n", x->hint);
        }
    }
    eip_buf_putc(b, '\n');
}

/* Append s padded with spaces to width characters (not bytes). */
static void padded(eip_buf *b, const char *s, size_t width)
{
    size_t chars = 0;

    for (const char *p = s; *p != '\0'; p++) {
        chars += ((unsigned char)*p & 0xC0) != 0x80;
    }
    eip_buf_puts(b, s);
    while (chars++ < width) {
        eip_buf_putc(b, ' ');
    }
}

static void text_learner(eip_buf *b, const eip_report_input *in, size_t l)
{
    const eip_learner *who = &in->cohort->learners[l];
    const eip_verdict *v = &in->check->verdicts[l];

    eip_buf_puts(b, "  ");
    padded(b, who->enrolment, 14);
    eip_buf_putc(b, ' ');
    padded(b, who->name, 28);
    eip_buf_printf(b, " %-8s ", eip_result_label(v->result));
    for (size_t i = 0; i < v->nactivities; i++) {
        eip_buf_printf(b, "%s%s", i > 0 ? " " : "",
                       in->cohort->activities[v->activities[i]].id);
    }
    eip_buf_putc(b, '\n');
}

static int text_learners(eip_buf *b, const eip_report_input *in, int verbose)
{
    const eip_check *k = in->check;
    size_t *order = eip_report_learner_order(in->cohort);
    size_t shown = 0;

    if (order == NULL) {
        return EIP_ENOMEM;
    }
    eip_buf_printf(b, "Learners (%zu): %zu met, %zu not met, %zu refer\n",
                   in->cohort->nlearners, k->met, k->not_met, k->refer);
    for (size_t i = 0; i < in->cohort->nlearners; i++) {
        size_t l = order[i];

        if (!verbose && k->verdicts[l].result == EIP_RESULT_MET) {
            continue;
        }
        if (shown++ == 0) {
            eip_buf_printf(b, "  %-14s %-28s %-8s %s\n", "Enrolment no", "Name",
                           "Result", "Activities that count");
        }
        text_learner(b, in, l);
    }
    if (!verbose && k->met > 0) {
        eip_buf_printf(b,
                       "  (%zu learners who met the requirement are not "
                       "listed; --verbose lists everyone)\n",
                       k->met);
    }
    free(order);
    return 0;
}

static void text_sample(eip_buf *b, const eip_report_input *in)
{
    const eip_sample *s = in->sample;
    eip_buf reason = EIP_BUF_INIT;

    eip_buf_printf(b, "Registers to upload (sample seed %llu)\n",
                   (unsigned long long)s->seed);
    for (size_t i = 0; i < s->nentries; i++) {
        if (s->entries[i].state == EIP_SAMPLE_NOT_APPLICABLE) {
            continue;
        }
        eip_buf_reset(&reason);
        eip_report_sample_reason(&reason, in, i);
        eip_buf_printf(b, "  %-8s %-4s %s\n", in->cohort->activities[i].id,
                       s->entries[i].state == EIP_SAMPLE_OUT ? "out" : "in",
                       eip_buf_str(&reason));
    }
    eip_buf_putc(b, '\n');
    eip_buf_free(&reason);
}

int eip_report_text(eip_buf *out, const eip_report_input *in, int verbose)
{
    const eip_report_input *r = in;

    eip_buf_printf(
        out,
        "Cohort %s, centre %s, qualification %s, %s (%s "
        "stage)\n\n",
        eip_cohort_field(r->cohort, r->rules, "cohort"),
        eip_cohort_field(r->cohort, r->rules, "centre-number"),
        eip_cohort_field(r->cohort, r->rules, "qualification-number"),
        eip_cohort_field(r->cohort, r->rules, "academic-year"),
        r->check->stage == EIP_STAGE_APPROVAL ? "approval" : "submission");
    text_findings(out, r->findings, EIP_SEV_ERROR, "Errors");
    text_findings(out, r->findings, EIP_SEV_WARNING, "Warnings");
    if (verbose) {
        text_findings(out, r->findings, EIP_SEV_INFO, "Information");
    }
    if (verbose && r->sample != NULL) {
        text_sample(out, r);
    }
    if (text_learners(out, r, verbose) != 0) {
        return EIP_ENOMEM;
    }
    eip_buf_printf(out, "\n%zu errors, %zu warnings, %zu notes\n",
                   eip_findings_count_severity(r->findings, EIP_SEV_ERROR),
                   eip_findings_count_severity(r->findings, EIP_SEV_WARNING),
                   eip_findings_count_severity(r->findings, EIP_SEV_INFO));
    return out->failed ? EIP_ENOMEM : 0;
}
