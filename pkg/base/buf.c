/* SPDX-License-Identifier: MIT */
#include "base/buf.h"

#include "base/error.h"
#include "base/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int eip_buf_reserve(eip_buf *b, size_t extra)
{
    size_t want;
    size_t cap;
    char *p;

    if (b->failed) {
        return EIP_ENOMEM;
    }
    if (extra > (size_t)-1 / 2 - b->len) {
        b->failed = 1;
        return EIP_ENOMEM;
    }
    want = b->len + extra + 1;
    if (want <= b->cap) {
        return 0;
    }
    cap = b->cap != 0 ? b->cap : 64;
    while (cap < want) {
        cap *= 2;
    }
    p = realloc(b->data, cap);
    if (p == NULL) {
        b->failed = 1;
        return EIP_ENOMEM;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

int eip_buf_append(eip_buf *b, const void *data, size_t len)
{
    if (eip_buf_reserve(b, len) != 0) {
        return EIP_ENOMEM;
    }
    if (len > 0) {
        memcpy(b->data + b->len, data, len);
    }
    b->len += len;
    b->data[b->len] = '\0';
    return 0;
}

int eip_buf_puts(eip_buf *b, const char *s)
{
    return eip_buf_append(b, s, strlen(s));
}

int eip_buf_putc(eip_buf *b, char c)
{
    return eip_buf_append(b, &c, 1);
}

int eip_buf_vprintf(eip_buf *b, const char *fmt, va_list ap)
{
    va_list again;
    int n;

    va_copy(again, ap);
    n = vsnprintf(NULL, 0, fmt, again);
    va_end(again);
    if (n < 0 || eip_buf_reserve(b, (size_t)n) != 0) {
        b->failed = 1;
        return EIP_ENOMEM;
    }
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int eip_buf_printf(eip_buf *b, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = eip_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

int eip_buf_drain(eip_buf *b, size_t keep)
{
    if (b->spill == NULL || b->len < keep || b->len == 0) {
        return b->failed ? EIP_EIO : 0;
    }
    if (b->failed || fwrite(b->data, 1, b->len, b->spill) != b->len) {
        b->failed = 1;
        return EIP_EIO;
    }
    eip_buf_reset(b);
    return 0;
}

void eip_buf_reset(eip_buf *b)
{
    b->len = 0;
    if (b->data != NULL) {
        b->data[0] = '\0';
    }
}

const char *eip_buf_str(const eip_buf *b)
{
    return b->data != NULL ? b->data : "";
}

char *eip_buf_detach(eip_buf *b)
{
    char *p = b->data;

    if (p == NULL && !b->failed) {
        p = calloc(1, 1);
    }
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    return p;
}

void eip_buf_free(eip_buf *b)
{
    if (b == NULL) {
        return;
    }
    free(b->data);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->failed = 0;
}

/* Length of the valid UTF-8 text at the start of s[0..len). */
static size_t utf8_run(const char *s, size_t len)
{
    size_t bad = len;

    return eip_text_utf8_valid(s, len, &bad) ? len : bad;
}

static void json_byte(eip_buf *b, unsigned char c)
{
    switch (c) {
    case '"':
        eip_buf_puts(b, "\\\"");
        break;
    case '\\':
        eip_buf_puts(b, "\\\\");
        break;
    case '\n':
        eip_buf_puts(b, "\\n");
        break;
    case '\r':
        eip_buf_puts(b, "\\r");
        break;
    case '\t':
        eip_buf_puts(b, "\\t");
        break;
    default:
        if (c < 0x20 || c == 0x7f) {
            eip_buf_printf(b, "\\u%04x", c);
        } else {
            eip_buf_putc(b, (char)c);
        }
    }
}

/*
 * JSON text must be UTF-8: a byte that does not belong to valid UTF-8 (a
 * Latin-1 file name, say) is written as U+FFFD.
 */
int eip_buf_json_string(eip_buf *b, const char *s)
{
    size_t len = strlen(s);
    size_t end = utf8_run(s, len);

    eip_buf_putc(b, '"');
    for (size_t i = 0; i < len; i++) {
        if (i == end) {
            eip_buf_puts(b, "\\ufffd");
            end = i + 1 + utf8_run(s + i + 1, len - i - 1);
        } else {
            json_byte(b, (unsigned char)s[i]);
        }
    }
    return eip_buf_putc(b, '"');
}
