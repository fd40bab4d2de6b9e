/* SPDX-License-Identifier: MIT */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

static int cmp_learners(const void *a, const void *b)
{
    const eip_learner *x = *(const eip_learner *const *)a;
    const eip_learner *y = *(const eip_learner *const *)b;

    return strcmp(x->enrolment, y->enrolment);
}

size_t *eip_report_learner_order(const eip_cohort *c)
{
    const eip_learner **ptrs = calloc(c->nlearners + 1, sizeof(*ptrs));
    size_t *order = calloc(c->nlearners + 1, sizeof(*order));

    if (ptrs == NULL || order == NULL) {
        free(ptrs);
        free(order);
        return NULL;
    }
    for (size_t i = 0; i < c->nlearners; i++) {
        ptrs[i] = &c->learners[i];
    }
    qsort(ptrs, c->nlearners, sizeof(*ptrs), cmp_learners);
    for (size_t i = 0; i < c->nlearners; i++) {
        order[i] = (size_t)(ptrs[i] - c->learners);
    }
    free(ptrs);
    return order;
}

static void json_str_or_null(eip_buf *b, const char *s)
{
    if (s == NULL) {
        eip_buf_puts(b, "null");
    } else {
        eip_buf_json_string(b, s);
    }
}

static void json_field(eip_buf *b, const char *indent, const char *name,
                       const char *value, int last)
{
    eip_buf_printf(b, "%s\"%s\": ", indent, name);
    json_str_or_null(b, value);
    eip_buf_puts(b, last ? "\n" : ",\n");
}

static void json_cohort(eip_buf *b, const eip_report_input *in)
{
    static const char *const ids[] = {
        "centre-number",       "centre-name", "qualification-number",
        "qualification-title", "cohort",      "academic-year"};
    static const char *const keys[] = {
        "centre_number",       "centre_name", "qualification_number",
        "qualification_title", "cohort",      "academic_year"};

    eip_buf_puts(b, "  \"cohort\": {\n");
    for (size_t i = 0; i < 6; i++) {
        json_field(b, "    ", keys[i],
                   eip_cohort_field(in->cohort, in->rules, ids[i]), i == 5);
    }
    eip_buf_puts(b, "  },\n");
}

static void json_summary(eip_buf *b, const eip_report_input *in)
{
    const eip_check *k = in->check;

    eip_buf_printf(b,
                   "  \"summary\": {\n"
                   "    \"errors\": %zu,\n    \"warnings\": %zu,\n"
                   "    \"infos\": %zu,\n    \"learners\": %zu,\n"
                   "    \"met\": %zu,\n    \"not_met\": %zu,\n"
                   "    \"refer\": %zu\n  },\n",
                   eip_findings_count_severity(in->findings, EIP_SEV_ERROR),
                   eip_findings_count_severity(in->findings, EIP_SEV_WARNING),
                   eip_findings_count_severity(in->findings, EIP_SEV_INFO),
                   in->cohort->nlearners, k->met, k->not_met, k->refer);
}

static void json_learner(eip_buf *b, const eip_report_input *in, size_t l,
                         int last)
{
    const eip_learner *who = &in->cohort->learners[l];
    const eip_verdict *v = &in->check->verdicts[l];

    eip_buf_puts(b, "    {\"enrolment_number\": ");
    eip_buf_json_string(b, who->enrolment);
    eip_buf_puts(b, ", \"name\": ");
    eip_buf_json_string(b, who->name);
    eip_buf_printf(b, ", \"result\": \"%s\", \"activities\": [",
                   eip_result_code(v->result));
    for (size_t i = 0; i < v->nactivities; i++) {
        if (i > 0) {
            eip_buf_puts(b, ", ");
        }
        eip_buf_json_string(b, in->cohort->activities[v->activities[i]].id);
    }
    eip_buf_puts(b, last ? "]}\n" : "]},\n");
}

static int json_learners(eip_buf *b, const eip_report_input *in)
{
    size_t *order = eip_report_learner_order(in->cohort);
    size_t n = in->cohort->nlearners;

    if (order == NULL) {
        return EIP_ENOMEM;
    }
    eip_buf_puts(b, n > 0 ? "  \"learners\": [\n" : "  \"learners\": [");
    for (size_t i = 0; i < n; i++) {
        json_learner(b, in, order[i], i + 1 == n);
    }
    eip_buf_puts(b, n > 0 ? "  ],\n" : "],\n");
    free(order);
    return 0;
}

static void json_finding(eip_buf *b, const eip_finding *f, int last)
{
    char col[8];

    eip_buf_puts(b, "    {\"code\": ");
    eip_buf_json_string(b, f->code);
    eip_buf_printf(b, ", \"severity\": \"%s\", \"file\": ",
                   eip_severity_name(f->severity));
    json_str_or_null(b, f->file);
    eip_buf_puts(b, ", \"sheet\": ");
    json_str_or_null(b, f->sheet);
    if (f->row != 0) {
        eip_buf_printf(b, ", \"row\": %lu", f->row);
    } else {
        eip_buf_puts(b, ", \"row\": null");
    }
    eip_buf_puts(b, ", \"column\": ");
    json_str_or_null(b, f->column != 0 ? eip_table_column_name(f->column, col)
                                       : NULL);
    eip_buf_puts(b, ",\n     \"message\": ");
    eip_buf_json_string(b, f->message);
    eip_buf_puts(b, ",\n     \"hint\": ");
    eip_buf_json_string(b, f->hint);
    eip_buf_puts(b, ", \"activity\": ");
    json_str_or_null(b, f->activity);
    eip_buf_puts(b, ", \"learner\": ");
    json_str_or_null(b, f->learner);
    eip_buf_puts(b, last ? "}\n" : "},\n");
}

static const char *const state_names[] = {"", "all", "in", "out"};

int eip_report_sample_reason(eip_buf *out, const eip_report_input *in, size_t i)
{
    const eip_sample_entry *e = &in->sample->entries[i];

    switch (e->state) {
    case EIP_SAMPLE_ALL:
        eip_buf_puts(out, "registers of this type are always uploaded");
        break;
    case EIP_SAMPLE_IN:
        eip_buf_printf(out,
                       "chosen %u%s: it adds %zu learners not yet "
                       "covered",
                       e->rank,
                       e->rank == 1   ? "st"
                       : e->rank == 2 ? "nd"
                       : e->rank == 3 ? "rd"
                                      : "th",
                       e->new_learners);
        break;
    case EIP_SAMPLE_OUT:
        eip_buf_puts(out, "left out: the registers chosen already cover "
                          "the most learners of this type");
        break;
    default:
        break;
    }
    return out->failed ? EIP_ENOMEM : 0;
}

static void json_sample(eip_buf *b, const eip_report_input *in)
{
    const eip_sample *s = in->sample;
    eip_buf reason = EIP_BUF_INIT;
    int first = 1;

    eip_buf_printf(b, "  \"sample\": {\"seed\": %llu, \"registers\": [",
                   (unsigned long long)s->seed);
    for (size_t i = 0; i < s->nentries; i++) {
        const eip_activity *a = &in->cohort->activities[i];

        if (s->entries[i].state == EIP_SAMPLE_NOT_APPLICABLE) {
            continue;
        }
        eip_buf_reset(&reason);
        eip_report_sample_reason(&reason, in, i);
        eip_buf_puts(b, first ? "\n    {\"activity\": "
                              : ",\n    {\"activity\": ");
        eip_buf_json_string(b, a->id);
        eip_buf_printf(b, ", \"state\": \"%s\", \"reason\": ",
                       state_names[s->entries[i].state]);
        eip_buf_json_string(b, eip_buf_str(&reason));
        eip_buf_putc(b, '}');
        first = 0;
    }
    eip_buf_puts(b, first ? "]},\n" : "\n  ]},\n");
    eip_buf_free(&reason);
}

int eip_report_json(eip_buf *out, const eip_report_input *in)
{
    size_t n = eip_findings_count(in->findings);

    eip_buf_printf(out, "{\n  \"stage\": \"%s\",\n",
                   in->check->stage == EIP_STAGE_APPROVAL ? "approval"
                                                          : "submission");
    json_cohort(out, in);
    json_summary(out, in);
    if (json_learners(out, in) != 0) {
        return EIP_ENOMEM;
    }
    if (in->sample != NULL) {
        json_sample(out, in);
    }
    eip_buf_puts(out, n > 0 ? "  \"findings\": [\n" : "  \"findings\": [");
    for (size_t i = 0; i < n; i++) {
        json_finding(out, eip_findings_get(in->findings, i), i + 1 == n);
    }
    eip_buf_puts(out, n > 0 ? "  ]\n}\n" : "]\n}\n");
    return out->failed ? EIP_ENOMEM : 0;
}
