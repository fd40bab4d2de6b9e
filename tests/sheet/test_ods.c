/* SPDX-License-Identifier: MIT */
/* Reading .ods workbooks: cell kinds, repeats, sheets, warnings. */
#include "sheet_fixture.h"

#include <time.h>

static void test_sheet__reads_ods_text_numbers_and_booleans(void **state)
{
    sheet_copy c;

    (void)state;
    assert_int_equal(read_sheet(&c, "libreoffice.ods", NULL), 0);
    assert_int_equal(c.rc, 0);
    assert_string_equal(cell(&c, 0, 0), "Activity ID");
    assert_string_equal(cell(&c, 1, 1), "guest lecture");
    assert_int_equal(kind(&c, 1, 1), EIP_CELL_TEXT);
    assert_string_equal(cell(&c, 1, 3), "1.5");
    assert_int_equal(kind(&c, 1, 3), EIP_CELL_NUMBER);
    assert_string_equal(cell(&c, 1, 4), "0.25"); /* 25% */
    assert_string_equal(cell(&c, 1, 5), "12.5"); /* £12.50 */
    assert_string_equal(cell(&c, 1, 6), "TRUE");
    assert_int_equal(kind(&c, 1, 6), EIP_CELL_BOOL);
    copy_free(&c);
}

static void test_sheet__reads_ods_dates_and_times(void **state)
{
    sheet_copy c;

    (void)state;
    assert_int_equal(read_sheet(&c, "libreoffice.ods", NULL), 0);
    assert_string_equal(cell(&c, 1, 2), "2025-03-14");
    assert_int_equal(kind(&c, 1, 2), EIP_CELL_DATE);
    assert_string_equal(cell(&c, 1, 7), "09:30:00");
    assert_int_equal(kind(&c, 1, 7), EIP_CELL_TEXT);
    copy_free(&c);
}

static void test_sheet__joins_ods_paragraphs_spaces_and_tabs(void **state)
{
    sheet_copy c;

    (void)state;
    assert_int_equal(read_sheet(&c, "ods-text.ods", NULL), 0);
    assert_string_equal(cell(&c, 0, 0), "a b  c\td\nef\ng");
    assert_string_equal(cell(&c, 0, 1), "3");
    copy_free(&c);
    assert_int_equal(read_sheet(&c, "libreoffice.ods", NULL), 0);
    assert_string_equal(cell(&c, 1, 8), "line one   spacedtab\nline twobroken");
    copy_free(&c);
}

static void test_sheet__reads_ods_error_values(void **state)
{
    sheet_copy c;
    size_t r;

    (void)state;
    assert_int_equal(read_sheet(&c, "libreoffice.ods", NULL), 0);
    r = row_of(&c, "commented");
    assert_string_equal(cell(&c, r, 3), "#DIV/0!");
    assert_int_equal(kind(&c, r, 3), EIP_CELL_ERROR);
    copy_free(&c);
}

static void test_sheet__repeats_ods_rows_and_cells(void **state)
{
    sheet_copy c;
    size_t r;

    (void)state;
    assert_int_equal(read_sheet(&c, "libreoffice.ods", NULL), 0);
    r = row_of(&c, "same");
    assert_int_equal(c.number[r], 3);
    assert_int_equal(c.number[r + 1], 4);
    assert_int_equal(c.number[r + 2], 5);
    assert_string_equal(cell(&c, r + 2, 0), "same");
    assert_int_equal(c.ncells[r + 2], 3);
    assert_string_equal(cell(&c, r + 2, 1), "7");
    assert_string_equal(cell(&c, r + 2, 2), "7");
    copy_free(&c);
}

static void test_sheet__leaves_covered_ods_cells_empty(void **state)
{
    sheet_copy c;
    size_t r;

    (void)state;
    assert_int_equal(read_sheet(&c, "libreoffice.ods", NULL), 0);
    r = row_of(&c, "commented");
    assert_string_equal(cell(&c, r, 1), "merged");
    assert_string_equal(cell(&c, r, 2), "");
    assert_int_equal(kind(&c, r, 2), EIP_CELL_EMPTY);
    copy_free(&c);
}

static void test_sheet__skips_empty_repeated_ods_rows_cheaply(void **st)
{
    sheet_copy c;
    size_t r;
    clock_t start = clock();

    (void)st;
    assert_int_equal(read_sheet(&c, "libreoffice.ods", NULL), 0);
    r = row_of(&c, "hidden row");
    /* Two empty formatted rows, then a row with a gap before column D. */
    assert_int_equal(c.number[r + 1], c.number[r] + 3);
    assert_int_equal(c.ncells[r + 1], 4);
    assert_string_equal(cell(&c, r + 1, 3), "after a gap");
    /* A million empty formatted rows end the sheet: none comes out. */
    assert_int_equal(c.nrows, r + 2);
    assert_true((double)(clock() - start) / CLOCKS_PER_SEC < 2.0);
    copy_free(&c);
}

static void test_sheet__lists_ods_sheets_and_hidden_ones(void **state)
{
    eip_table_context ctx;
    eip_workbook *wb = NULL;
    eip_error err;

    (void)state;
    memset(&ctx, 0, sizeof(ctx));
    eip_error_clear(&err);
    assert_int_equal(
        eip_workbook_open(&wb, FIXTURE_DIR "libreoffice.ods", &ctx, &err), 0);
    assert_int_equal(eip_workbook_sheet_count(wb), 3);
    assert_string_equal(eip_workbook_sheet_name(wb, 0), "Activities");
    assert_false(eip_workbook_sheet_hidden(wb, 0));
    assert_string_equal(eip_workbook_sheet_name(wb, 1), "Hidden");
    assert_true(eip_workbook_sheet_hidden(wb, 1));
    assert_false(eip_workbook_sheet_hidden(wb, 2));
    eip_workbook_close(wb);
}

static void test_sheet__reads_a_later_ods_sheet_by_name(void **state)
{
    sheet_copy c;

    (void)state;
    assert_int_equal(read_sheet(&c, "libreoffice.ods", "third"), 0);
    assert_int_equal(c.rc, 0);
    assert_int_equal(c.nrows, 1);
    assert_string_equal(cell(&c, 0, 0), "third");
    copy_free(&c);
    assert_int_equal(read_sheet(&c, "libreoffice.ods", "Nope"), EIP_ENOTFOUND);
    assert_string_equal(c.err.finding, "sheet-missing");
    copy_free(&c);
}

static void
test_sheet__warns_about_ods_hidden_rows_columns_comments(void **state)
{
    sheet_copy c;

    (void)state;
    assert_int_equal(read_sheet(&c, "libreoffice.ods", NULL), 0);
    assert_true(eip_findings_has(c.notes, "sheet-hidden-rows"));
    assert_true(eip_findings_has(c.notes, "sheet-hidden-columns"));
    assert_true(eip_findings_has(c.notes, "sheet-comments"));
    assert_int_equal(eip_findings_count(c.notes), 3);
    copy_free(&c);
}

static void test_sheet__refuses_a_huge_repeat_of_a_filled_row(void **st)
{
    sheet_copy c;

    (void)st;
    assert_int_equal(read_sheet(&c, "ods-repeat-bomb.ods", NULL), 0);
    assert_int_equal(c.rc, EIP_ELIMIT);
    assert_int_equal(c.total, 0);
    assert_string_equal(c.err.finding, "workbook-too-large");
    copy_free(&c);
}

static void test_sheet__refuses_an_ods_with_a_doctype(void **state)
{
    (void)state;
    expect_refused("ods-doctype.ods", EIP_EUNSAFE, "workbook-unsafe-xml");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sheet__reads_ods_text_numbers_and_booleans),
        cmocka_unit_test(test_sheet__reads_ods_dates_and_times),
        cmocka_unit_test(test_sheet__joins_ods_paragraphs_spaces_and_tabs),
        cmocka_unit_test(test_sheet__reads_ods_error_values),
        cmocka_unit_test(test_sheet__repeats_ods_rows_and_cells),
        cmocka_unit_test(test_sheet__leaves_covered_ods_cells_empty),
        cmocka_unit_test(test_sheet__skips_empty_repeated_ods_rows_cheaply),
        cmocka_unit_test(test_sheet__lists_ods_sheets_and_hidden_ones),
        cmocka_unit_test(test_sheet__reads_a_later_ods_sheet_by_name),
        cmocka_unit_test(
            test_sheet__warns_about_ods_hidden_rows_columns_comments),
        cmocka_unit_test(test_sheet__refuses_a_huge_repeat_of_a_filled_row),
        cmocka_unit_test(test_sheet__refuses_an_ods_with_a_doctype),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
