/* SPDX-License-Identifier: MIT */
/* fuzz_file.c - the input bytes as an unlinked temporary file. */
#include "fuzz_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int eip_fuzz_write_unlinked(char *path, size_t pathsize, const uint8_t *data,
                            size_t size)
{
    const char *dir = getenv("TMPDIR");
    size_t done = 0;
    int fd;

    snprintf(path, pathsize, "%s/eipack-fuzz-XXXXXX",
             dir != NULL && dir[0] != '\0' ? dir : "/tmp");
    fd = mkstemp(path);
    if (fd < 0) {
        return -1;
    }
    unlink(path);
    while (done < size) {
        ssize_t n = write(fd, data + done, size - done);

        if (n <= 0) {
            close(fd);
            return -1;
        }
        done += (size_t)n;
    }
    snprintf(path, pathsize, "/proc/self/fd/%d", fd);
    return fd;
}
