/* SPDX-License-Identifier: MIT */
#include "cohort/mapped.h"

#include "base/buf.h"
#include "base/text.h"

#include <stdio.h>
#include <string.h>

eip_table_context cohort_table_context(eip_cohort *c, const char *label)
{
    eip_table_context ctx = {label, eip_rules_limits(c->priv->rules),
                             c->priv->findings};

    eip_table_limits_defaults(&ctx.limits);
    return ctx;
}

static void report_error(eip_cohort *c, const eip_error *err,
                         const char *fallback)
{
    eip_findings_add_error(c->priv->findings, EIP_SEV_ERROR, fallback, err);
}

int mapped_row_blank(const mapped *m)
{
    for (size_t i = 0; i < m->row.ncells; i++) {
        if (!eip_text_blank(m->row.cells[i].text)) {
            return 0;
        }
    }
    return 1;
}

static int read_row(mapped *m, eip_cohort *c)
{
    eip_error err;
    int rc;

    eip_arena_reset(&m->scratch);
    do {
        eip_error_clear(&err);
        rc = eip_table_next(m->table, &m->row, &err);
        if (rc < 0) {
            report_error(c, &err, "table-unreadable");
            return rc;
        }
    } while (rc == 1 && mapped_row_blank(m));
    return rc;
}

static void check_personal(mapped *m, eip_cohort *c, unsigned long col,
                           const char *header)
{
    char name[8];

    if (eip_rules_is_personal(c->priv->rules, header)) {
        eip_findings_add(c->priv->findings, EIP_SEV_WARNING, "personal-columns",
                         m->label, m->sheet, m->row.number, col,
                         "delete the column: the submission does not need "
                         "it, and the file may be uploaded as it is",
                         "column %s '%s' holds personal data the submission "
                         "does not need",
                         eip_table_column_name(col, name), header);
    }
}

static void map_header(mapped *m, eip_cohort *c)
{
    for (size_t i = 0; i < m->row.ncells; i++) {
        const char *h = m->row.cells[i].text;
        int k = eip_rules_column_find(c->priv->rules, m->id, h);
        char name[8];

        if (k < 0 || k >= MAPPED_MAX_COLUMNS) {
            check_personal(m, c, i + 1, h);
            continue;
        }
        if (m->src[k] >= 0) {
            eip_findings_add(c->priv->findings, EIP_SEV_ERROR,
                             "column-duplicate", m->label, m->sheet,
                             m->row.number, i + 1,
                             "delete or rename one of the two columns",
                             "column %s '%s' repeats column %s, which "
                             "already holds '%s'",
                             eip_table_column_name(i + 1, name), h,
                             eip_table_column_name((unsigned long)m->src[k] + 1,
                                                   (char[8]){0}),
                             m->def->columns[k].name);
            continue;
        }
        m->src[k] = (long)i;
    }
}

static int check_required(mapped *m, eip_cohort *c)
{
    int ok = 1;

    for (size_t k = 0; k < m->def->ncolumns && k < MAPPED_MAX_COLUMNS; k++) {
        if (!m->def->columns[k].required || m->src[k] >= 0) {
            continue;
        }
        char hint[160];

        snprintf(hint, sizeof(hint),
                 "add a column headed '%s' to the "
                 "first row",
                 m->def->columns[k].name);
        eip_findings_add(c->priv->findings, EIP_SEV_ERROR, "column-missing",
                         m->label, m->sheet, m->row.number, 0, hint,
                         "the header row has no '%s' column",
                         m->def->columns[k].name);
        ok = 0;
    }
    return ok;
}

static int open_table(mapped *m, eip_cohort *c, const char *disk,
                      eip_workbook *wb, const char *sheet)
{
    eip_table_context ctx = cohort_table_context(c, m->label);
    eip_error err;
    int rc;

    eip_error_clear(&err);
    if (wb == NULL) {
        rc = eip_table_open_csv(&m->table, disk, &ctx, &err);
    } else {
        rc = eip_workbook_table(&m->table, wb, sheet, &err);
    }
    if (rc != 0) {
        eip_error_place(&err, m->label, sheet, 0, 0);
        report_error(c, &err, "table-unreadable");
    }
    return rc;
}

int mapped_open(mapped *m, eip_cohort *c, eip_table_id id, const char *rel,
                const char *disk, eip_workbook *wb, const char *sheet)
{
    int rc;

    memset(m, 0, sizeof(*m));
    for (size_t k = 0; k < MAPPED_MAX_COLUMNS; k++) {
        m->src[k] = -1;
    }
    m->id = id;
    m->def = eip_rules_table_get(c->priv->rules, id);
    m->label = rel;
    rc = open_table(m, c, disk, wb, sheet);
    if (rc != 0) {
        return rc;
    }
    m->sheet = eip_table_sheet(m->table);
    rc = read_row(m, c);
    if (rc == 0) {
        eip_findings_add(c->priv->findings, EIP_SEV_ERROR, "table-empty",
                         m->label, m->sheet, 0, 0,
                         "put the column headings in the first row and one "
                         "row per entry below them",
                         "the table is empty: it has no header row");
        return EIP_EFORMAT;
    }
    if (rc < 0) {
        return rc;
    }
    map_header(m, c);
    return check_required(m, c) ? 0 : EIP_EFORMAT;
}

int mapped_next(mapped *m, eip_cohort *c)
{
    return read_row(m, c);
}

unsigned long mapped_column(const mapped *m, const char *column_id)
{
    for (size_t k = 0; k < m->def->ncolumns && k < MAPPED_MAX_COLUMNS; k++) {
        if (strcmp(m->def->columns[k].id, column_id) == 0) {
            return m->src[k] >= 0 ? (unsigned long)m->src[k] + 1 : 0;
        }
    }
    return 0;
}

const char *mapped_get(mapped *m, eip_cohort *c, const char *column_id)
{
    unsigned long col = mapped_column(m, column_id);
    const eip_cell *cell;
    char *s;

    if (col == 0 || col > m->row.ncells) {
        return "";
    }
    cell = &m->row.cells[col - 1];
    if (cell->kind == EIP_CELL_ERROR) {
        char name[8];

        eip_findings_add(c->priv->findings, EIP_SEV_ERROR, "cell-error-value",
                         m->label, m->sheet, m->row.number, col,
                         "correct the formula so that it gives a value, or "
                         "type the value in",
                         "cell %s%lu holds the error value '%s'",
                         eip_table_column_name(col, name), m->row.number,
                         cell->text);
        return "";
    }
    s = eip_arena_strndup(&m->scratch, cell->text, cell->len);
    return s != NULL ? eip_text_trim(s) : "";
}

const char *mapped_keep(mapped *m, eip_cohort *c, const char *column_id)
{
    const char *s =
        eip_arena_strdup(&c->priv->arena, mapped_get(m, c, column_id));

    return s != NULL ? s : "";
}

void mapped_close(mapped *m)
{
    eip_table_close(m->table);
    m->table = NULL;
    eip_arena_free(&m->scratch);
}
