/* SPDX-License-Identifier: MIT */
/*
 * fuzz_verify.c - fuzz target: the input bytes are an archive handed to
 * `eipack verify` (a zipped bag, or anything else), written to an
 * unlinked temporary file and verified on two threads; every finding is
 * read back.
 */
#include "bag/bag.h"
#include "findings/findings.h"
#include "fuzz_file.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Touch every string of every finding so that a dangling one shows. */
static size_t read_findings(const eip_findings *problems)
{
    size_t sum = 0;
    size_t i;

    for (i = 0; i < eip_findings_count(problems); i++) {
        const eip_finding *f = eip_findings_get(problems, i);

        sum += strlen(f->code) + strlen(f->message) + strlen(f->hint);
        sum += f->file != NULL ? strlen(f->file) : 0;
    }
    return sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    eip_findings *problems = NULL;
    volatile size_t sink = 0;
    char path[256];
    eip_error err;
    int fd;

    eip_error_clear(&err);
    fd = eip_fuzz_write_unlinked(path, sizeof(path), data, size);
    if (fd < 0) {
        return 0;
    }
    if (eip_findings_new(&problems) == 0 &&
        eip_bag_verify(problems, path, 2, &err) == 0) {
        sink += read_findings(problems);
    }
    eip_findings_free(problems);
    close(fd);
    (void)sink;
    return 0;
}
