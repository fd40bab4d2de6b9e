/* SPDX-License-Identifier: MIT */
/*
 * fuzz_sheet.c - fuzz target: the input bytes are a workbook file (XLSX
 * or ODS, told apart by content as in real use), written to an unlinked
 * temporary file and opened by its /proc/self/fd name; every sheet,
 * hidden ones included, is read to the end through the table interface.
 */
#include "findings/findings.h"
#include "fuzz_file.h"
#include "sheet/sheet.h"
#include "table/table.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t read_table(eip_table *t)
{
    size_t sum = 0;
    eip_error err;
    eip_row row;
    size_t i;

    eip_error_clear(&err);
    while (eip_table_next(t, &row, &err) == 1) {
        sum += row.number;
        for (i = 0; i < row.ncells; i++) {
            sum += row.cells[i].len + (size_t)row.cells[i].kind +
                   (unsigned char)row.cells[i].text[row.cells[i].len];
        }
    }
    return sum;
}

/* Every sheet by name, then the first visible one as real use opens it. */
static size_t read_book(eip_workbook *wb)
{
    size_t sum = 0;
    eip_table *t = NULL;
    eip_error err;
    size_t i;

    for (i = 0; i < eip_workbook_sheet_count(wb); i++) {
        const char *name = eip_workbook_sheet_name(wb, i);

        eip_error_clear(&err);
        sum += strlen(name) + (size_t)eip_workbook_sheet_hidden(wb, i);
        if (eip_workbook_table(&t, wb, name, &err) == 0) {
            sum += read_table(t);
            eip_table_close(t);
            t = NULL;
        }
    }
    eip_error_clear(&err);
    if (eip_workbook_table(&t, wb, NULL, &err) == 0) {
        sum += read_table(t);
        eip_table_close(t);
    }
    return sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    eip_findings *notes = NULL;
    eip_table_context ctx = {"fuzz.xlsx", {0}, NULL};
    eip_workbook *wb = NULL;
    volatile size_t sink = 0;
    char path[256];
    eip_error err;
    int fd;

    eip_error_clear(&err);
    fd = eip_fuzz_write_unlinked(path, sizeof(path), data, size);
    if (fd < 0 || eip_findings_new(&notes) != 0) {
        goto done;
    }
    ctx.notes = notes;
    if (eip_workbook_open(&wb, path, &ctx, &err) == 0) {
        sink += read_book(wb);
    }

done:
    eip_workbook_close(wb);
    eip_findings_free(notes);
    if (fd >= 0) {
        close(fd);
    }
    (void)sink;
    return 0;
}
