/* SPDX-License-Identifier: MIT */
/* CSV files as tables: what is read, where rows start, what is refused. */
#include "../support/scratch.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "findings/findings.h"
#include "table/table.h"

#include <sys/resource.h>

/* A table over text in memory, labelled "t.csv", notes into *notes. */
static eip_table *open_text(const char *text, size_t len, eip_findings *notes)
{
    eip_table_context ctx = {"t.csv", {0}, notes};
    eip_table *t = NULL;
    eip_error err;

    eip_error_clear(&err);
    assert_int_equal(eip_table_open_csv_memory(&t, text, len, &ctx, &err), 0);
    assert_non_null(t);
    return t;
}

#define OPEN(text) open_text((text), sizeof(text) - 1, NULL)

static void next_row(eip_table *t, eip_row *r, unsigned long number,
                     size_t ncells)
{
    eip_error err;

    eip_error_clear(&err);
    assert_int_equal(eip_table_next(t, r, &err), 1);
    assert_int_equal(r->number, number);
    assert_int_equal(r->ncells, ncells);
}

static void at_end(eip_table *t)
{
    eip_row r;
    eip_error err;

    eip_error_clear(&err);
    assert_int_equal(eip_table_next(t, &r, &err), 0);
    assert_int_equal(eip_table_next(t, &r, &err), 0);
}

/* Read until the error; check its finding code, row and column. */
static const eip_error *fails_with(eip_table *t, eip_error *err,
                                   const char *finding, unsigned long row,
                                   unsigned long column)
{
    eip_row r;
    int rc;

    eip_error_clear(err);
    do {
        rc = eip_table_next(t, &r, err);
    } while (rc == 1);
    assert_true(rc < 0);
    assert_string_equal(err->finding, finding);
    assert_string_equal(err->file, "t.csv");
    assert_int_equal(err->row, row);
    assert_int_equal(err->column, column);
    assert_int_equal(eip_table_next(t, &r, NULL), rc);
    return err;
}

static void test_table__csv_drops_a_utf8_byte_order_mark(void **state)
{
    eip_table *t = OPEN("\xEF\xBB\xBF"
                        "Enrolment number,Name\nNF1,Ann\n");
    eip_row r;

    (void)state;
    next_row(t, &r, 1, 2);
    assert_string_equal(r.cells[0].text, "Enrolment number");
    assert_int_equal(r.cells[0].len, 16);
    assert_int_equal(r.cells[0].kind, EIP_CELL_TEXT);
    next_row(t, &r, 2, 2);
    assert_string_equal(r.cells[1].text, "Ann");
    at_end(t);
    eip_table_close(t);
}

static void test_table__csv_reads_crlf_line_ends(void **state)
{
    eip_table *t = OPEN("a,b\r\nc,d\r\ne,f");
    eip_row r;

    (void)state;
    next_row(t, &r, 1, 2);
    assert_string_equal(r.cells[1].text, "b");
    next_row(t, &r, 2, 2);
    assert_string_equal(r.cells[1].text, "d");
    next_row(t, &r, 3, 2);
    assert_string_equal(r.cells[1].text, "f");
    at_end(t);
    eip_table_close(t);
}

static void
test_table__csv_quoted_cells_keep_commas_newlines_quotes(void **state)
{
    eip_table *t = OPEN("h1,h2\n\"Smith, John\",\"line 1\nline 2\"\n"
                        "\"say \"\"hi\"\"\",x\nlast,row\n");
    eip_row r;

    (void)state;
    next_row(t, &r, 1, 2);
    next_row(t, &r, 2, 2);
    assert_string_equal(r.cells[0].text, "Smith, John");
    assert_string_equal(r.cells[1].text, "line 1\nline 2");
    next_row(t, &r, 4, 2);
    assert_string_equal(r.cells[0].text, "say \"hi\"");
    next_row(t, &r, 5, 2);
    at_end(t);
    eip_table_close(t);
}

static void test_table__csv_skips_blank_lines_but_counts_them(void **state)
{
    eip_table *t = OPEN("a,b\n\n\r\nc,d\n\n\ne,f\n\n");
    eip_row r;

    (void)state;
    next_row(t, &r, 1, 2);
    next_row(t, &r, 4, 2);
    assert_string_equal(r.cells[0].text, "c");
    next_row(t, &r, 7, 2);
    at_end(t);
    eip_table_close(t);
}

static void test_table__csv_drops_trailing_empty_cells(void **state)
{
    eip_table *t = OPEN("a,b,,\nx,,z,\n,,\n");
    eip_row r;

    (void)state;
    next_row(t, &r, 1, 2);
    next_row(t, &r, 2, 3);
    assert_string_equal(r.cells[1].text, "");
    assert_int_equal(r.cells[1].kind, EIP_CELL_EMPTY);
    next_row(t, &r, 3, 0);
    at_end(t);
    eip_table_close(t);
}

static void test_table__csv_refuses_utf16_with_csv_encoding(void **state)
{
    static const char text[] = "\xFF\xFE"
                               "a\0,\0b\0\n\0";
    eip_table *t = open_text(text, sizeof(text) - 1, NULL);
    eip_error err;

    (void)state;
    fails_with(t, &err, "csv-encoding", 1, 0);
    assert_int_equal(err.code, EIP_EFORMAT);
    assert_non_null(strstr(err.message, "UTF-16"));
    assert_non_null(strstr(err.hint, "CSV UTF-8"));
    eip_table_close(t);
}

static void
test_table__csv_refuses_a_cp1252_byte_naming_row_and_column(void **state)
{
    eip_table *t = OPEN("Name,Town\nAnn,Leeds\nRen\xe9,Caf\xe9\n");
    eip_error err;

    (void)state;
    fails_with(t, &err, "csv-encoding", 3, 1);
    assert_non_null(strstr(err.message, "0xE9"));
    eip_table_close(t);
    t = OPEN("Name,Town\nAnn,Caf\xe9\n");
    fails_with(t, &err, "csv-encoding", 2, 2);
    eip_table_close(t);
}

static void test_table__csv_refuses_nul_bytes(void **state)
{
    static const char text[] = "a,b\nc,d\0e\n";
    eip_table *t = open_text(text, sizeof(text) - 1, NULL);
    eip_error err;

    (void)state;
    fails_with(t, &err, "csv-encoding", 2, 2);
    assert_non_null(strstr(err.message, "NUL"));
    eip_table_close(t);
}

static void
test_table__csv_lone_quote_in_a_plain_cell_is_malformed(void **state)
{
    eip_table *t = OPEN("a,b\n1,2\nthe 5\" pipe,x\n");
    eip_error err;
    eip_row r;

    (void)state;
    eip_error_clear(&err);
    assert_int_equal(eip_table_next(t, &r, &err), 1);
    assert_int_equal(eip_table_next(t, &r, &err), 1);
    fails_with(t, &err, "csv-malformed", 3, 1);
    assert_int_equal(err.code, EIP_EFORMAT);
    eip_table_close(t);
}

static void
test_table__csv_unclosed_quote_is_malformed_at_its_start(void **state)
{
    eip_table *t = OPEN("a,b\n1,2\n3,\"never\nclosed\nat all\n");
    eip_error err;

    (void)state;
    fails_with(t, &err, "csv-malformed", 3, 2);
    assert_non_null(strstr(err.message, "never closed"));
    eip_table_close(t);
}

static long max_rss_kib(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static void
test_table__csv_a_10_mb_line_is_refused_in_bounded_memory(void **state)
{
    enum { CHUNK = 64 * 1024, CHUNKS = 160 };
    char *chunk = malloc(CHUNK);
    eip_table_context ctx = {"t.csv", {0}, NULL};
    eip_table *t = NULL;
    eip_error err;
    char path[1024];
    long before;
    FILE *f;
    scratch s;

    (void)state;
    assert_int_equal(scratch_new(&s), 0);
    memset(chunk, 'x', CHUNK);
    f = fopen(scratch_path(&s, "long.csv", path, sizeof(path)), "wb");
    assert_non_null(f);
    for (int i = 0; i < CHUNKS; i++) {
        assert_int_equal(fwrite(chunk, 1, CHUNK, f), CHUNK);
    }
    fclose(f);
    free(chunk);
    before = max_rss_kib();
    eip_error_clear(&err);
    assert_int_equal(eip_table_open_csv(&t, path, &ctx, &err), 0);
    fails_with(t, &err, "csv-cell-too-long", 1, 1);
    assert_int_equal(err.code, EIP_ELIMIT);
    eip_table_close(t);
    /* The cell is refused once past the 256 KiB cap, long before 10 MB. */
    assert_true(max_rss_kib() - before < 4 * 1024);
    scratch_free(&s);
}

static void test_table__csv_detects_semicolons_with_a_note(void **state)
{
    static const char text[] = "Enrolment number;Name;Attended\n"
                               "NF1;\"Smith, Ann\";Y\n";
    eip_findings *notes = NULL;
    const eip_finding *n;
    eip_table *t;
    eip_row r;

    (void)state;
    assert_int_equal(eip_findings_new(&notes), 0);
    t = open_text(text, sizeof(text) - 1, notes);
    next_row(t, &r, 1, 3);
    next_row(t, &r, 2, 3);
    assert_string_equal(r.cells[1].text, "Smith, Ann");
    at_end(t);
    eip_table_close(t);
    assert_int_equal(eip_findings_count(notes), 1);
    n = eip_findings_get(notes, 0);
    assert_string_equal(n->code, "csv-delimiter");
    assert_int_equal(n->severity, EIP_SEV_INFO);
    assert_string_equal(n->file, "t.csv");
    assert_int_equal(n->row, 1);
    assert_non_null(strstr(n->message, "semicolon"));
    eip_findings_free(notes);
}

static void test_table__csv_commas_win_over_semicolons(void **state)
{
    eip_findings *notes = NULL;
    eip_table *t;
    eip_row r;

    (void)state;
    assert_int_equal(eip_findings_new(&notes), 0);
    t = open_text("a;x,b\n1,2\n", 10, notes);
    next_row(t, &r, 1, 2);
    assert_string_equal(r.cells[0].text, "a;x");
    eip_table_close(t);
    assert_int_equal(eip_findings_count(notes), 0);
    eip_findings_free(notes);
}

static void test_table__csv_streams_a_100000_row_file(void **state)
{
    eip_table_context ctx = {"big.csv", {0}, NULL};
    eip_table *t = NULL;
    unsigned long rows = 0;
    eip_error err;
    char path[1024];
    eip_row r;
    FILE *f;
    scratch s;
    int rc;

    (void)state;
    assert_int_equal(scratch_new(&s), 0);
    f = fopen(scratch_path(&s, "big.csv", path, sizeof(path)), "wb");
    assert_non_null(f);
    fputs("Enrolment number,Learner name,Attended\n", f);
    for (int i = 1; i <= 100000; i++) {
        fprintf(f, "NF%06d,\"Learner, %d\",Y\n", i, i);
    }
    fclose(f);
    eip_error_clear(&err);
    assert_int_equal(eip_table_open_csv(&t, path, &ctx, &err), 0);
    for (rc = eip_table_next(t, &r, &err); rc == 1;
         rc = eip_table_next(t, &r, &err)) {
        rows++;
        assert_int_equal(r.number, rows);
        assert_int_equal(r.ncells, 3);
    }
    assert_int_equal(rc, 0);
    assert_int_equal(rows, 100001);
    eip_table_close(t);
    scratch_free(&s);
}

static void test_table__csv_a_missing_file_is_file_unreadable(void **state)
{
    eip_table_context ctx = {"gone.csv", {0}, NULL};
    eip_table *t = NULL;
    eip_error err;

    (void)state;
    eip_error_clear(&err);
    assert_int_equal(
        eip_table_open_csv(&t, "/nonexistent/gone.csv", &ctx, &err),
        EIP_ENOTFOUND);
    assert_null(t);
    assert_string_equal(err.finding, "file-unreadable");
    assert_string_equal(err.file, "gone.csv");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            test_table__csv_a_10_mb_line_is_refused_in_bounded_memory),
        cmocka_unit_test(test_table__csv_drops_a_utf8_byte_order_mark),
        cmocka_unit_test(test_table__csv_reads_crlf_line_ends),
        cmocka_unit_test(
            test_table__csv_quoted_cells_keep_commas_newlines_quotes),
        cmocka_unit_test(test_table__csv_skips_blank_lines_but_counts_them),
        cmocka_unit_test(test_table__csv_drops_trailing_empty_cells),
        cmocka_unit_test(test_table__csv_refuses_utf16_with_csv_encoding),
        cmocka_unit_test(
            test_table__csv_refuses_a_cp1252_byte_naming_row_and_column),
        cmocka_unit_test(test_table__csv_refuses_nul_bytes),
        cmocka_unit_test(
            test_table__csv_lone_quote_in_a_plain_cell_is_malformed),
        cmocka_unit_test(
            test_table__csv_unclosed_quote_is_malformed_at_its_start),
        cmocka_unit_test(test_table__csv_detects_semicolons_with_a_note),
        cmocka_unit_test(test_table__csv_commas_win_over_semicolons),
        cmocka_unit_test(test_table__csv_streams_a_100000_row_file),
        cmocka_unit_test(test_table__csv_a_missing_file_is_file_unreadable),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
