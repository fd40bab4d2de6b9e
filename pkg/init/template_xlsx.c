/* SPDX-License-Identifier: MIT */
/*
 * template_xlsx.c - the new cohort's tracker.xlsx, written with
 * libxlsxwriter: a short guide, the four tables' sheets and the Lists
 * sheet that the drop-downs refer to.
 */
#include "template_internal.h"

#include "init/template.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* Rows of the Activities sheet that get the drop-downs. */
#define DROPDOWN_ROWS 1000

static const char *const guide[] = {
    "How to fill this in",
    "",
    "1. Cohort: fill in the Value beside each Field.  eipack check says "
    "which ones are required.",
    "2. Learners: one row per learner, with the awarding body's enrolment "
    "number and the learner's name.",
    "3. Employers: one row per employer or practitioner, with an Employer "
    "ID (E01, E02, ...) and contact details.",
    "4. Activities: one row per activity.  Pick Activity type, Delivery "
    "and Status from the drop-down lists.",
    "   A recording replayed to absent learners is Recorded, with the live "
    "activity's ID in Contingency for.",
    "5. Under activities/, one folder per activity whose name starts with "
    "its ID (e.g. \"A01 - Marlow placement\"),",
    "   holding its register (register.csv or register.xlsx: Enrolment "
    "number, Learner name, Attended Y or N) and its evidence.",
    "6. Row A01 and the folder \"" EIP_TEMPLATE_EXAMPLE_FOLDER "\" are an "
    "example: replace them with your own.",
    "7. Keep out personal data the awarding body does not need (dates of "
    "birth, addresses, phone numbers).",
    "8. Then run: eipack check FOLDER.  It lists what is missing and gives "
    "each learner's result.",
};

static char dropdown_title[] = "Pick from the list";
static char dropdown_message[] =
    "This is not one of the listed words.  Keep it only if eipack check "
    "accepts it.";

static void write_guide(lxw_workbook *wb, lxw_format *bold)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "How to fill this in");
    size_t n = sizeof(guide) / sizeof(guide[0]);

    worksheet_set_column(ws, 0, 0, 120, NULL);
    for (size_t i = 0; i < n; i++) {
        worksheet_write_string(ws, (lxw_row_t)i, 0, guide[i],
                               i == 0 ? bold : NULL);
    }
}

/* A table's sheet with its header row; whole columns as text or dates. */
static lxw_worksheet *write_table(lxw_workbook *wb, const tpl_table *t,
                                  lxw_format *bold, lxw_format *text,
                                  lxw_format *date)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, t->sheet);

    for (size_t i = 0; i < t->nheaders; i++) {
        lxw_col_t col = (lxw_col_t)i;
        lxw_format *f = NULL;

        if (strstr(t->ids[i], "date") != NULL) {
            f = date;
        } else if (strcmp(t->ids[i], "enrolment-number") == 0 ||
                   strcmp(t->ids[i], "uln") == 0 ||
                   strcmp(t->ids[i], "contact-phone") == 0) {
            f = text;
        }
        worksheet_set_column(ws, col, col, 22, f);
        worksheet_write_string(ws, 0, col, t->headers[i], bold);
    }
    worksheet_freeze_panes(ws, 1, 0);
    return ws;
}

static void write_cohort_fields(lxw_worksheet *ws, const tpl *t)
{
    worksheet_set_column(ws, 0, 0, 28, NULL);
    worksheet_set_column(ws, 1, 1, 50, NULL);
    for (size_t i = 0; i < t->nfields; i++) {
        worksheet_write_string(ws, (lxw_row_t)(i + 1), 0, t->fields[i], NULL);
    }
}

static void write_example_row(lxw_worksheet *ws, const tpl *t)
{
    const tpl_table *acts = &t->tables[EIP_TABLE_ACTIVITIES];

    for (size_t i = 0; i < acts->nheaders; i++) {
        if (t->example[i][0] != '\0') {
            worksheet_write_string(ws, 1, (lxw_col_t)i, t->example[i], NULL);
        }
    }
}

/* The Lists sheet: one column per drop-down, heading in row 1. */
static void write_lists(lxw_workbook *wb, const tpl *t, lxw_format *bold)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Lists");

    for (size_t c = 0; c < t->nlists; c++) {
        const tpl_list *l = &t->lists[c];

        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, 40, NULL);
        worksheet_write_string(ws, 0, (lxw_col_t)c, l->heading, bold);
        for (size_t i = 0; i < l->nvalues; i++) {
            worksheet_write_string(ws, (lxw_row_t)(i + 1), (lxw_col_t)c,
                                   l->values[i], NULL);
        }
    }
    worksheet_hide(ws);
}

/*
 * Each drop-down refers to its column of the Lists sheet by range: Excel
 * refuses inline lists longer than 255 characters.  A word not in the
 * list only warns, since the rules accept aliases too.
 */
static void add_dropdowns(lxw_worksheet *ws, const tpl *t)
{
    for (size_t c = 0; c < t->nlists; c++) {
        const tpl_list *l = &t->lists[c];
        lxw_data_validation dv;
        char formula[64];
        lxw_col_t col = (lxw_col_t)l->column;

        if (l->nvalues == 0) {
            continue;
        }
        snprintf(formula, sizeof(formula), "=Lists!$%c$2:$%c$%zu",
                 (char)('A' + c), (char)('A' + c), l->nvalues + 1);
        memset(&dv, 0, sizeof(dv));
        dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
        dv.value_formula = formula;
        dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
        dv.error_title = dropdown_title;
        dv.error_message = dropdown_message;
        worksheet_data_validation_range(ws, 1, col, DROPDOWN_ROWS, col, &dv);
    }
}

/* Every sheet, in the order a user reads them. */
static void write_sheets(lxw_workbook *wb, const tpl *t)
{
    lxw_format *bold = workbook_add_format(wb);
    lxw_format *text = workbook_add_format(wb);
    lxw_format *date = workbook_add_format(wb);
    lxw_worksheet *ws[4];

    format_set_bold(bold);
    format_set_num_format(text, "@");
    format_set_num_format(date, "dd/mm/yyyy");
    write_guide(wb, bold);
    for (int id = 0; id < 4; id++) {
        ws[id] = write_table(wb, &t->tables[id], bold, text, date);
    }
    write_cohort_fields(ws[EIP_TABLE_COHORT], t);
    write_example_row(ws[EIP_TABLE_ACTIVITIES], t);
    add_dropdowns(ws[EIP_TABLE_ACTIVITIES], t);
    write_lists(wb, t, bold);
}

int tpl_write_workbook(const tpl *t, const char *folder, eip_error *err)
{
    char tmp[4096];
    char path[4096];
    lxw_workbook *wb;
    lxw_error lrc;
    int fd;

    if (tpl_path(tmp, sizeof(tmp), folder, ".eipack-init-XXXXXX", err) != 0 ||
        tpl_path(path, sizeof(path), folder, "tracker.xlsx", err) != 0) {
        return EIP_ELIMIT;
    }
    fd = mkstemp(tmp);
    if (fd < 0 || close(fd) != 0) {
        eip_error_set(err, EIP_EIO, "cannot write the file: %s",
                      strerror(errno));
        eip_error_place(err, "tracker.xlsx", NULL, 0, 0);
        return EIP_EIO;
    }
    wb = workbook_new(tmp);
    if (wb != NULL) {
        write_sheets(wb, t);
    }
    lrc = wb != NULL ? workbook_close(wb) : LXW_ERROR_MEMORY_MALLOC_FAILED;
    if (lrc != LXW_NO_ERROR || rename(tmp, path) != 0) {
        eip_error_set(err, EIP_EIO, "cannot write the workbook: %s",
                      lrc != LXW_NO_ERROR ? lxw_strerror(lrc)
                                          : strerror(errno));
        eip_error_place(err, "tracker.xlsx", NULL, 0, 0);
        unlink(tmp);
        return EIP_EIO;
    }
    return 0;
}
