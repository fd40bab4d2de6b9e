/* SPDX-License-Identifier: MIT */
/* Reading .xlsx workbooks: every cell kind, sheets, warnings, refusals. */
#include "sheet_fixture.h"

#include <time.h>

static void test_sheet__reads_inline_strings(void **state)
{
    sheet_copy c;

    (void)state;
    assert_int_equal(read_sheet(&c, "openpyxl.xlsx", NULL), 0);
    assert_int_equal(c.rc, 0);
    assert_string_equal(cell(&c, 0, 0), "kind");
    assert_string_equal(cell(&c, 1, 1), "Seán O'Brien");
    assert_int_equal(kind(&c, 1, 1), EIP_CELL_TEXT);
    copy_free(&c);
}

static void test_sheet__reads_shared_strings(void **state)
{
    sheet_copy c;

    (void)state;
    assert_int_equal(read_sheet(&c, "libreoffice.xlsx", NULL), 0);
    assert_int_equal(c.rc, 0);
    assert_string_equal(cell(&c, 0, 0), "Activity ID");
    assert_string_equal(cell(&c, 1, 1), "guest lecture");
    copy_free(&c);
}

static void test_sheet__joins_rich_text_and_drops_phonetic_runs(void **st)
{
    sheet_copy c;

    (void)st;
    assert_int_equal(read_sheet(&c, "strict.xlsx", NULL), 0);
    assert_string_equal(cell(&c, 0, 1), "rich text");
    assert_string_equal(cell(&c, 0, 2), "東京");
    assert_string_equal(cell(&c, 1, 0), "inline");
    copy_free(&c);
}

static void test_sheet__writes_numbers_in_shortest_form(void **state)
{
    sheet_copy c;

    (void)state;
    assert_int_equal(read_sheet(&c, "openpyxl.xlsx", NULL), 0);
    assert_string_equal(cell(&c, row_of(&c, "integer"), 1), "123456");
    assert_int_equal(kind(&c, row_of(&c, "integer"), 1), EIP_CELL_NUMBER);
    assert_string_equal(cell(&c, row_of(&c, "fraction"), 1), "0.25");
    assert_string_equal(cell(&c, row_of(&c, "negative"), 1), "-3.5");
    assert_string_equal(cell(&c, row_of(&c, "tenth"), 1), "0.1");
    copy_free(&c);
    assert_int_equal(read_sheet(&c, "strict.xlsx", NULL), 0);
    assert_string_equal(cell(&c, 2, 5), "0.001");
    assert_string_equal(cell(&c, 2, 6), "0");
    assert_string_equal(cell(&c, 2, 7), "1");
    assert_string_equal(cell(&c, 2, 8), "junk"); /* not a number: text */
    assert_int_equal(kind(&c, 2, 8), EIP_CELL_TEXT);
    copy_free(&c);
}

static void test_sheet__reads_booleans(void **state)
{
    sheet_copy c;

    (void)state;
    assert_int_equal(read_sheet(&c, "openpyxl.xlsx", NULL), 0);
    assert_string_equal(cell(&c, row_of(&c, "true"), 1), "TRUE");
    assert_int_equal(kind(&c, row_of(&c, "true"), 1), EIP_CELL_BOOL);
    assert_string_equal(cell(&c, row_of(&c, "false"), 1), "FALSE");
    copy_free(&c);
}

static void test_sheet__reads_built_in_date_formats_as_dates(void **state)
{
    sheet_copy c;
    size_t r;

    (void)state;
    assert_int_equal(read_sheet(&c, "openpyxl.xlsx", NULL), 0);
    r = row_of(&c, "date");
    assert_string_equal(cell(&c, r, 1), "2025-03-14");
    assert_int_equal(kind(&c, r, 1), EIP_CELL_DATE);
    assert_string_equal(cell(&c, row_of(&c, "datetime"), 1),
                        "2025-03-14T09:30:00");
    copy_free(&c);
    assert_int_equal(read_sheet(&c, "strict.xlsx", NULL), 0);
    assert_string_equal(cell(&c, 2, 1), "2025-03-14T12:00:00"); /* id 22 */
    copy_free(&c);
}

static void test_sheet__reads_custom_date_formats_as_dates(void **state)
{
    sheet_copy c;

    (void)state;
    assert_int_equal(read_sheet(&c, "openpyxl.xlsx", NULL), 0);
    assert_string_equal(cell(&c, row_of(&c, "custom date"), 1), "2025-03-14");
    /* [h]:mm is a duration, still a time: serial 1.5 with its time. */
    assert_string_equal(cell(&c, row_of(&c, "duration"), 1),
                        "1900-01-01T12:00:00");
    /* Colour sections and quoted text do not make a date. */
    assert_string_equal(cell(&c, row_of(&c, "red number"), 1), "45730");
    assert_string_equal(cell(&c, row_of(&c, "quoted"), 1), "45730");
    copy_free(&c);
    assert_int_equal(read_sheet(&c, "strict.xlsx", NULL), 0);
    /* d\-mmm\-yy shows no time, so the half day is not shown. */
    assert_string_equal(cell(&c, 2, 2), "2025-03-14");
    copy_free(&c);
}

static void test_sheet__honours_a_redefined_built_in_format(void **state)
{
    sheet_copy c;

    (void)state;
    assert_int_equal(read_sheet(&c, "strict.xlsx", NULL), 0);
    assert_string_equal(cell(&c, 2, 0), "45730"); /* id 14 made "0.00" */
    assert_int_equal(kind(&c, 2, 0), EIP_CELL_NUMBER);
    assert_string_equal(cell(&c, 2, 3), "45730"); /* id 49 is text */
    assert_string_equal(cell(&c, 2, 4), "7");     /* style beyond cellXfs */
    copy_free(&c);
}

static void test_sheet__shifts_dates_in_the_1904_system(void **state)
{
    sheet_copy c;

    (void)state;
    assert_int_equal(read_sheet(&c, "date1904.xlsx", NULL), 0);
    assert_string_equal(cell(&c, 0, 0), "1904-01-01");
    assert_string_equal(cell(&c, 0, 1), "2025-03-14");
    copy_free(&c);
    assert_int_equal(read_sheet(&c, "openpyxl-1904.xlsx", NULL), 0);
    assert_string_equal(cell(&c, 0, 0), "2025-03-14");
    copy_free(&c);
}

static void test_sheet__keeps_the_fictitious_29_february_1900(void **state)
{
    sheet_copy c;

    (void)state;
    assert_int_equal(read_sheet(&c, "strict.xlsx", NULL), 0);
    assert_int_equal(c.number[3], 1048576);
    assert_string_equal(cell(&c, 3, 1), "1900-02-29");
    assert_int_equal(kind(&c, 3, 1), EIP_CELL_DATE);
    copy_free(&c);
}

static void test_sheet__reads_iso_date_cells(void **state)
{
    sheet_copy c;

    (void)state;
    assert_int_equal(read_sheet(&c, "strict.xlsx", NULL), 0);
    assert_string_equal(cell(&c, 1, 4), "2025-03-14");
    assert_int_equal(kind(&c, 1, 4), EIP_CELL_DATE);
    assert_string_equal(cell(&c, 1, 5), "2025-03-14T10:15:00");
    copy_free(&c);
}

static void test_sheet__reads_error_values(void **state)
{
    sheet_copy c;

    (void)state;
    assert_int_equal(read_sheet(&c, "openpyxl.xlsx", NULL), 0);
    assert_string_equal(cell(&c, row_of(&c, "error"), 1), "#N/A");
    assert_int_equal(kind(&c, row_of(&c, "error"), 1), EIP_CELL_ERROR);
    copy_free(&c);
    assert_int_equal(read_sheet(&c, "strict.xlsx", NULL), 0);
    assert_string_equal(cell(&c, 1, 3), "#DIV/0!");
    assert_int_equal(kind(&c, 1, 3), EIP_CELL_ERROR);
    copy_free(&c);
}

static void test_sheet__reads_cached_formula_values(void **state)
{
    sheet_copy c;

    (void)state;
    assert_int_equal(read_sheet(&c, "strict.xlsx", NULL), 0);
    assert_string_equal(cell(&c, 1, 1), "plain!");
    assert_int_equal(kind(&c, 1, 1), EIP_CELL_TEXT);
    assert_string_equal(cell(&c, 1, 2), "TRUE");
    copy_free(&c);
}

static void test_sheet__warns_about_formulas_never_calculated(void **state)
{
    sheet_copy c;

    (void)state;
    assert_int_equal(read_sheet(&c, "formula.xlsx", NULL), 0);
    assert_int_equal(c.rc, 0);
    assert_int_equal(c.ncells[0], 3);
    assert_string_equal(cell(&c, 0, 0), "");
    assert_int_equal(kind(&c, 0, 0), EIP_CELL_EMPTY);
    assert_string_equal(cell(&c, 0, 2), "3");
    assert_true(eip_findings_has(c.notes, "formula-not-calculated"));
    assert_int_equal(eip_findings_count(c.notes), 1); /* once per sheet */
    copy_free(&c);
}

static void test_sheet__places_cells_without_references_by_order(void **st)
{
    sheet_copy c;

    (void)st;
    assert_int_equal(read_sheet(&c, "strict.xlsx", NULL), 0);
    assert_int_equal(c.number[0], 1);
    assert_int_equal(c.number[1], 2); /* <row> without r follows row 1 */
    assert_int_equal(c.ncells[0], 6);
    assert_string_equal(cell(&c, 0, 3), ""); /* an empty shared string */
    assert_string_equal(cell(&c, 0, 5), "plain");
    assert_int_equal(c.ncells[1], 7);
    copy_free(&c);
}

static void test_sheet__fills_gaps_and_drops_trailing_empties(void **state)
{
    sheet_copy c;
    size_t r;

    (void)state;
    assert_int_equal(read_sheet(&c, "openpyxl.xlsx", NULL), 0);
    r = row_of(&c, "sparse");
    assert_int_equal(c.number[r], 21);
    assert_int_equal(c.ncells[r], 4);
    assert_string_equal(cell(&c, r, 1), "");
    assert_int_equal(kind(&c, r, 2), EIP_CELL_EMPTY);
    assert_string_equal(cell(&c, r, 3), "far");
    assert_int_equal(c.nrows, r + 1); /* nothing after it */
    copy_free(&c);
}

static void test_sheet__skips_far_and_empty_rows_quickly(void **state)
{
    sheet_copy c;
    clock_t start = clock();

    (void)state;
    assert_int_equal(read_sheet(&c, "many-rows.xlsx", NULL), 0);
    assert_int_equal(c.rc, 0);
    assert_int_equal(c.nrows, 2);
    assert_int_equal(c.number[0], 1);
    assert_int_equal(c.number[1], 1048576);
    assert_true((double)(clock() - start) / CLOCKS_PER_SEC < 10.0);
    copy_free(&c);
}

static void test_sheet__treats_unknown_cell_types_as_text(void **state)
{
    sheet_copy c;

    (void)state;
    assert_int_equal(read_sheet(&c, "bogus-type.xlsx", NULL), 0);
    assert_int_equal(c.rc, 0);
    assert_string_equal(cell(&c, 0, 0), "12");
    assert_int_equal(kind(&c, 0, 0), EIP_CELL_TEXT);
    assert_int_equal(c.ncells[0], 1);
    copy_free(&c);
}

static void test_sheet__finds_sheets_through_strict_relationships(void **s)
{
    sheet_copy c;

    (void)s;
    assert_int_equal(read_sheet(&c, "strict.xlsx", "Data"), 0);
    assert_int_equal(c.rc, 0);
    assert_int_equal(c.nrows, 4);
    copy_free(&c);
}

static void test_sheet__lists_sheets_and_their_hidden_state(void **state)
{
    eip_table_context ctx;
    eip_workbook *wb = NULL;
    eip_error err;

    (void)state;
    memset(&ctx, 0, sizeof(ctx));
    eip_error_clear(&err);
    assert_int_equal(
        eip_workbook_open(&wb, FIXTURE_DIR "openpyxl-hidden.xlsx", &ctx, &err),
        0);
    assert_int_equal(eip_workbook_sheet_count(wb), 4);
    assert_string_equal(eip_workbook_sheet_name(wb, 0), "Visible");
    assert_false(eip_workbook_sheet_hidden(wb, 0));
    assert_true(eip_workbook_sheet_hidden(wb, 1)); /* hidden */
    assert_true(eip_workbook_sheet_hidden(wb, 2)); /* veryHidden */
    assert_false(eip_workbook_sheet_hidden(wb, 3));
    assert_null(eip_workbook_sheet_name(wb, 4));
    eip_workbook_close(wb);
}

static void test_sheet__finds_sheets_by_name_ignoring_case(void **state)
{
    sheet_copy c;

    (void)state;
    assert_int_equal(read_sheet(&c, "openpyxl-hidden.xlsx", "very"), 0);
    assert_string_equal(cell(&c, 0, 0), "v");
    copy_free(&c);
    assert_int_equal(read_sheet(&c, "openpyxl-hidden.xlsx", "PLAIN"), 0);
    assert_string_equal(cell(&c, 0, 0), "p");
    copy_free(&c);
}

static void test_sheet__reports_a_missing_sheet(void **state)
{
    sheet_copy c;

    (void)state;
    assert_int_equal(read_sheet(&c, "openpyxl.xlsx", "Register"),
                     EIP_ENOTFOUND);
    assert_string_equal(c.err.finding, "sheet-missing");
    assert_non_null(strstr(c.err.hint, "'Kinds'"));
    copy_free(&c);
}

static void
test_sheet__warns_once_about_hidden_rows_columns_comments(void **state)
{
    static const char *const files[] = {"openpyxl-hidden.xlsx",
                                        "libreoffice.xlsx"};
    sheet_copy c;
    size_t i;

    (void)state;
    for (i = 0; i < 2; i++) {
        assert_int_equal(read_sheet(&c, files[i], NULL), 0);
        assert_int_equal(c.rc, 0);
        assert_true(eip_findings_has(c.notes, "sheet-hidden-rows"));
        assert_true(eip_findings_has(c.notes, "sheet-hidden-columns"));
        assert_true(eip_findings_has(c.notes, "sheet-comments"));
        assert_int_equal(eip_findings_count(c.notes), 3);
        copy_free(&c);
    }
}

static void test_sheet__table_outlives_its_workbook(void **state)
{
    eip_table_context ctx;
    eip_workbook *wb = NULL;
    eip_table *t = NULL;
    eip_error err;
    eip_row row;

    (void)state;
    memset(&ctx, 0, sizeof(ctx));
    eip_error_clear(&err);
    assert_int_equal(
        eip_workbook_open(&wb, FIXTURE_DIR "openpyxl.xlsx", &ctx, &err), 0);
    assert_int_equal(eip_workbook_table(&t, wb, NULL, &err), 0);
    eip_workbook_close(wb);
    assert_int_equal(eip_table_next(t, &row, &err), 1);
    assert_string_equal(row.cells[0].text, "kind");
    assert_string_equal(eip_table_sheet(t), "Kinds");
    eip_table_close(t);
}

/* Refusals ------------------------------------------------------------ */

static void test_sheet__refuses_a_password_protected_workbook(void **state)
{
    (void)state;
    expect_refused("encrypted.xlsx", EIP_EFORMAT, "workbook-encrypted");
}

static void test_sheet__refuses_a_legacy_xls_workbook(void **state)
{
    (void)state;
    expect_refused("legacy.xls", EIP_EFORMAT, "workbook-legacy-xls");
    expect_refused("libreoffice.xls", EIP_EFORMAT, "workbook-legacy-xls");
}

static void test_sheet__refuses_text_renamed_as_xlsx(void **state)
{
    (void)state;
    expect_refused("csv-renamed.xlsx", EIP_EFORMAT, "workbook-not-zip");
}

static void test_sheet__refuses_a_truncated_zip(void **state)
{
    (void)state;
    expect_refused("truncated.xlsx", EIP_EFORMAT, "workbook-corrupt");
}

static void test_sheet__refuses_a_zip_that_is_no_workbook(void **state)
{
    (void)state;
    expect_refused("not-workbook.xlsx", EIP_EFORMAT, "workbook-corrupt");
}

static void test_sheet__refuses_a_part_with_a_crc_error(void **state)
{
    sheet_copy c;

    (void)state;
    assert_int_equal(read_sheet(&c, "crc.xlsx", NULL), 0);
    assert_int_equal(c.rc, EIP_EFORMAT);
    assert_string_equal(c.err.finding, "workbook-corrupt");
    assert_non_null(strstr(c.err.message, "CRC"));
    copy_free(&c);
}

static void test_sheet__refuses_billion_laughs_quickly(void **state)
{
    clock_t start = clock();

    (void)state;
    expect_refused("doctype.xlsx", EIP_EUNSAFE, "workbook-unsafe-xml");
    assert_true((double)(clock() - start) / CLOCKS_PER_SEC < 2.0);
}

static void test_sheet__refuses_a_part_declaring_1_gib(void **state)
{
    (void)state;
    expect_refused("declared-1gb.xlsx", EIP_ELIMIT, "workbook-too-large");
}

static void test_sheet__refuses_a_bomb_beyond_the_ratio(void **state)
{
    (void)state;
    expect_refused("ratio-bomb.xlsx", EIP_ELIMIT, "workbook-too-large");
}

static void test_sheet__stops_at_the_part_and_total_caps(void **state)
{
    eip_table_limits lim;
    sheet_copy c;

    (void)state;
    memset(&lim, 0, sizeof(lim));
    lim.max_part_bytes = 100000; /* declared as 1,000 bytes, inflates ~2 MB */
    assert_int_equal(read_sheet_limited(&c, "lying-size.xlsx", NULL, &lim), 0);
    assert_int_equal(c.rc, EIP_ELIMIT);
    assert_string_equal(c.err.finding, "workbook-too-large");
    assert_true(c.total > 0 && c.total < 5000);
    copy_free(&c);
    /* With the default limits the same file reads to its end. */
    assert_int_equal(read_sheet(&c, "lying-size.xlsx", NULL), 0);
    assert_int_equal(c.rc, 0);
    assert_int_equal(c.total, 40000);
    copy_free(&c);
    memset(&lim, 0, sizeof(lim));
    lim.max_total_bytes = 1000; /* the workbook part alone is smaller */
    assert_int_not_equal(read_sheet_limited(&c, "openpyxl.xlsx", NULL, &lim),
                         0);
    assert_string_equal(c.err.finding, "workbook-too-large");
    copy_free(&c);
}

static void test_sheet__caps_shared_strings_and_cells(void **state)
{
    eip_table_limits lim;
    sheet_copy c;

    (void)state;
    memset(&lim, 0, sizeof(lim));
    lim.max_strings_bytes = 64;
    assert_int_equal(read_sheet_limited(&c, "libreoffice.xlsx", NULL, &lim),
                     EIP_ELIMIT);
    assert_string_equal(c.err.finding, "workbook-too-large");
    copy_free(&c);
    memset(&lim, 0, sizeof(lim));
    lim.max_cell_bytes = 5;
    assert_int_equal(read_sheet_limited(&c, "openpyxl.xlsx", NULL, &lim), 0);
    assert_int_equal(c.rc, EIP_ELIMIT);
    assert_int_equal(c.err.row, 2); /* "Seán O'Brien" */
    copy_free(&c);
}

static void test_sheet__refuses_a_shared_string_out_of_range(void **state)
{
    sheet_copy c;

    (void)state;
    assert_int_equal(read_sheet(&c, "sst-range.xlsx", NULL), 0);
    assert_int_equal(c.rc, EIP_EFORMAT);
    assert_string_equal(c.err.finding, "workbook-corrupt");
    assert_int_equal(c.err.row, 1);
    assert_int_equal(c.err.column, 2);
    assert_string_equal(c.err.sheet, "Sheet1");
    copy_free(&c);
}

static void test_sheet__refuses_a_column_beyond_xfd(void **state)
{
    sheet_copy c;

    (void)state;
    assert_int_equal(read_sheet(&c, "beyond-xfd.xlsx", NULL), 0);
    assert_int_equal(c.rc, EIP_EFORMAT);
    assert_string_equal(c.err.finding, "workbook-corrupt");
    copy_free(&c);
}

static void test_sheet__reports_a_missing_file(void **state)
{
    sheet_copy c;

    (void)state;
    assert_int_equal(read_sheet(&c, "no-such-file.xlsx", NULL), EIP_ENOTFOUND);
    copy_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sheet__reads_inline_strings),
        cmocka_unit_test(test_sheet__reads_shared_strings),
        cmocka_unit_test(test_sheet__joins_rich_text_and_drops_phonetic_runs),
        cmocka_unit_test(test_sheet__writes_numbers_in_shortest_form),
        cmocka_unit_test(test_sheet__reads_booleans),
        cmocka_unit_test(test_sheet__reads_built_in_date_formats_as_dates),
        cmocka_unit_test(test_sheet__reads_custom_date_formats_as_dates),
        cmocka_unit_test(test_sheet__honours_a_redefined_built_in_format),
        cmocka_unit_test(test_sheet__shifts_dates_in_the_1904_system),
        cmocka_unit_test(test_sheet__keeps_the_fictitious_29_february_1900),
        cmocka_unit_test(test_sheet__reads_iso_date_cells),
        cmocka_unit_test(test_sheet__reads_error_values),
        cmocka_unit_test(test_sheet__reads_cached_formula_values),
        cmocka_unit_test(test_sheet__warns_about_formulas_never_calculated),
        cmocka_unit_test(test_sheet__places_cells_without_references_by_order),
        cmocka_unit_test(test_sheet__fills_gaps_and_drops_trailing_empties),
        cmocka_unit_test(test_sheet__skips_far_and_empty_rows_quickly),
        cmocka_unit_test(test_sheet__treats_unknown_cell_types_as_text),
        cmocka_unit_test(test_sheet__finds_sheets_through_strict_relationships),
        cmocka_unit_test(test_sheet__lists_sheets_and_their_hidden_state),
        cmocka_unit_test(test_sheet__finds_sheets_by_name_ignoring_case),
        cmocka_unit_test(test_sheet__reports_a_missing_sheet),
        cmocka_unit_test(
            test_sheet__warns_once_about_hidden_rows_columns_comments),
        cmocka_unit_test(test_sheet__table_outlives_its_workbook),
        cmocka_unit_test(test_sheet__refuses_a_password_protected_workbook),
        cmocka_unit_test(test_sheet__refuses_a_legacy_xls_workbook),
        cmocka_unit_test(test_sheet__refuses_text_renamed_as_xlsx),
        cmocka_unit_test(test_sheet__refuses_a_truncated_zip),
        cmocka_unit_test(test_sheet__refuses_a_zip_that_is_no_workbook),
        cmocka_unit_test(test_sheet__refuses_a_part_with_a_crc_error),
        cmocka_unit_test(test_sheet__refuses_billion_laughs_quickly),
        cmocka_unit_test(test_sheet__refuses_a_part_declaring_1_gib),
        cmocka_unit_test(test_sheet__refuses_a_bomb_beyond_the_ratio),
        cmocka_unit_test(test_sheet__stops_at_the_part_and_total_caps),
        cmocka_unit_test(test_sheet__caps_shared_strings_and_cells),
        cmocka_unit_test(test_sheet__refuses_a_shared_string_out_of_range),
        cmocka_unit_test(test_sheet__refuses_a_column_beyond_xfd),
        cmocka_unit_test(test_sheet__reports_a_missing_file),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
