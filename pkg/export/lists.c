/* SPDX-License-Identifier: MIT */
#include "export/lists.h"

#include "report/report.h"

#include <stdlib.h>
#include <string.h>

#define BOM "\xEF\xBB\xBF"

int eip_lists_cell(eip_buf *out, const char *text)
{
    int formula = strchr("=+-@\t\r", text[0]) != NULL && text[0] != '\0';
    int quote = formula || strpbrk(text, ",\"\r\n") != NULL || text[0] == ' ' ||
                (text[0] != '\0' && text[strlen(text) - 1] == ' ');

    if (quote) {
        eip_buf_putc(out, '"');
    }
    if (formula) {
        eip_buf_putc(out, '\'');
    }
    for (const char *p = text; *p != '\0'; p++) {
        if (*p == '"') {
            eip_buf_putc(out, '"');
        }
        eip_buf_putc(out, *p);
    }
    if (quote) {
        eip_buf_putc(out, '"');
    }
    return out->failed ? EIP_ENOMEM : 0;
}

static void row(eip_buf *out, const char *const *cells, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0) {
            eip_buf_putc(out, ',');
        }
        eip_lists_cell(out, cells[i]);
    }
    eip_buf_puts(out, "\r\n");
}

int eip_lists_learners(eip_buf *out, const eip_cohort *c)
{
    static const char *const head[] = {"Enrolment number", "Learner name"};
    size_t *order = eip_report_learner_order(c);

    if (order == NULL) {
        return EIP_ENOMEM;
    }
    eip_buf_puts(out, BOM);
    row(out, head, 2);
    for (size_t i = 0; i < c->nlearners; i++) {
        const eip_learner *l = &c->learners[order[i]];
        const char *cells[] = {l->enrolment, l->name};

        row(out, cells, 2);
    }
    free(order);
    return out->failed ? EIP_ENOMEM : 0;
}

int eip_lists_results(eip_buf *out, const eip_cohort *c, const eip_check *k)
{
    static const char *const head[] = {"Enrolment number", "Learner name",
                                       "Result", "Activities"};
    size_t *order = eip_report_learner_order(c);
    eip_buf ids = EIP_BUF_INIT;

    if (order == NULL) {
        return EIP_ENOMEM;
    }
    eip_buf_puts(out, BOM);
    row(out, head, 4);
    for (size_t i = 0; i < c->nlearners; i++) {
        const eip_learner *l = &c->learners[order[i]];
        const eip_verdict *v = &k->verdicts[order[i]];
        const char *cells[4];

        eip_buf_reset(&ids);
        for (size_t j = 0; j < v->nactivities; j++) {
            eip_buf_printf(&ids, "%s%s", j > 0 ? "; " : "",
                           c->activities[v->activities[j]].id);
        }
        cells[0] = l->enrolment;
        cells[1] = l->name;
        cells[2] = eip_result_label(v->result);
        cells[3] = eip_buf_str(&ids);
        row(out, cells, 4);
    }
    eip_buf_free(&ids);
    free(order);
    return out->failed ? EIP_ENOMEM : 0;
}

static void tracker_cohort(eip_buf *out, const eip_cohort *c,
                           const eip_rules *r)
{
    const eip_rules_table *def = eip_rules_cohort_fields(r);
    static const char *const head[] = {"Field", "Value"};

    row(out, head, 2);
    for (size_t i = 0; i < def->ncolumns; i++) {
        const char *cells[] = {def->columns[i].name, c->fields[i]};

        if (c->fields[i][0] != '\0') {
            row(out, cells, 2);
        }
    }
}

static void tracker_learners(eip_buf *out, const eip_cohort *c)
{
    static const char *const head[] = {"Enrolment number", "Learner name",
                                       "ULN"};

    row(out, head, 3);
    for (size_t i = 0; i < c->nlearners; i++) {
        const char *cells[] = {c->learners[i].enrolment, c->learners[i].name,
                               c->learners[i].uln};

        row(out, cells, 3);
    }
}

static void tracker_values(eip_buf *out, const eip_rules_table *def,
                           const char **values)
{
    for (size_t k = 0; k < def->ncolumns; k++) {
        if (k > 0) {
            eip_buf_putc(out, ',');
        }
        eip_lists_cell(out, values != NULL ? values[k] : def->columns[k].name);
    }
    eip_buf_puts(out, "\r\n");
}

int eip_lists_tracker(eip_buf *out, const eip_cohort *c, const eip_rules *r,
                      eip_table_id table)
{
    const eip_rules_table *def = eip_rules_table_get(r, table);

    eip_buf_puts(out, BOM);
    if (table == EIP_TABLE_COHORT) {
        tracker_cohort(out, c, r);
    } else if (table == EIP_TABLE_LEARNERS) {
        tracker_learners(out, c);
    } else if (table == EIP_TABLE_EMPLOYERS) {
        tracker_values(out, def, NULL);
        for (size_t i = 0; i < c->nemployers; i++) {
            tracker_values(out, def, c->employers[i].values);
        }
    } else {
        tracker_values(out, def, NULL);
        for (size_t i = 0; i < c->nactivities; i++) {
            tracker_values(out, def, c->activities[i].values);
        }
    }
    return out->failed ? EIP_ENOMEM : 0;
}
