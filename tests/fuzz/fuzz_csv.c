/* SPDX-License-Identifier: MIT */
/*
 * fuzz_csv.c - fuzz target: the input bytes are a CSV file, opened from
 * memory by the CSV source and read to the end, every cell touched.
 */
#include "findings/findings.h"
#include "table/table.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Read every cell so that a wrong length or a dangling pointer shows. */
static size_t touch_row(const eip_row *row)
{
    size_t sum = 0;
    size_t i;

    for (i = 0; i < row->ncells; i++) {
        const eip_cell *c = &row->cells[i];

        if (c->len > 0) {
            sum +=
                (unsigned char)c->text[0] + (unsigned char)c->text[c->len - 1];
        }
        sum += (unsigned char)c->text[c->len]; /* the terminating NUL */
    }
    return sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    eip_findings *notes = NULL;
    eip_table_context ctx = {"fuzz.csv", {0}, NULL};
    eip_table *t = NULL;
    volatile size_t sink = 0;
    eip_error err;
    eip_row row;

    eip_error_clear(&err);
    if (eip_findings_new(&notes) != 0) {
        return 0;
    }
    ctx.notes = notes;
    if (eip_table_open_csv_memory(&t, data, size, &ctx, &err) == 0) {
        while (eip_table_next(t, &row, &err) == 1) {
            sink += touch_row(&row);
        }
    }
    eip_table_close(t);
    eip_findings_free(notes);
    (void)sink;
    return 0;
}
