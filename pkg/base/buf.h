/* SPDX-License-Identifier: MIT */
/*
 * buf.h - a growable byte buffer, always NUL-terminated.
 *
 * Appends never lose data silently: on allocation failure the buffer
 * remembers it (eip_buf_failed) and later appends do nothing, so a caller
 * can build a whole text and check once at the end.
 */
#ifndef EIP_BUF_H
#define EIP_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

typedef struct eip_buf {
    char *data; /* NUL-terminated once anything was appended, else NULL */
    size_t len; /* bytes, not counting the terminating NUL */
    size_t cap;
    int failed;  /* nonzero after an allocation failure */
    FILE *spill; /* where eip_buf_drain writes, or NULL */
} eip_buf;

/* clang-format off */
#define EIP_BUF_INIT {NULL, 0, 0, 0, NULL}
/* clang-format on */

/* Make sure at least extra more bytes fit; 0 or EIP_ENOMEM. */
int eip_buf_reserve(eip_buf *b, size_t extra);
int eip_buf_append(eip_buf *b, const void *data, size_t len);
int eip_buf_puts(eip_buf *b, const char *s);
int eip_buf_putc(eip_buf *b, char c);
int eip_buf_printf(eip_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int eip_buf_vprintf(eip_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/*
 * When b->spill is set and the buffer holds at least `keep` bytes, write
 * the content to b->spill and empty the buffer, so that a long text (a
 * report) can be built in pieces with bounded memory.  Without a spill
 * file it does nothing.  Returns 0, or EIP_EIO when writing failed (also
 * remembered in b->failed).
 */
int eip_buf_drain(eip_buf *b, size_t keep);

/* Forget the content, keep the memory. */
void eip_buf_reset(eip_buf *b);
/* The content ("" if empty); valid until the next change. */
const char *eip_buf_str(const eip_buf *b);
/* Hand the content to the caller (free() it); the buffer becomes empty. */
char *eip_buf_detach(eip_buf *b);
void eip_buf_free(eip_buf *b);

/* Append s as a JSON string literal, quotes included. */
int eip_buf_json_string(eip_buf *b, const char *s);

#endif
