/* SPDX-License-Identifier: MIT */
/*
 * fuzz_file.h - for fuzz targets whose code under test opens a file by
 * name: the input bytes as a file that no folder names.
 */
#ifndef EIP_FUZZ_FILE_H
#define EIP_FUZZ_FILE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Write the bytes to a new file under $TMPDIR (or /tmp) and unlink it at
 * once, so that a crash leaves nothing behind; path gets its
 * /proc/self/fd name, which opens it.  Returns the descriptor (close it
 * when done), or -1.
 */
int eip_fuzz_write_unlinked(char *path, size_t pathsize, const uint8_t *data,
                            size_t size);

#endif
