/* SPDX-License-Identifier: MIT */
#include "base/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void eip_error_clear(eip_error *err)
{
    if (err != NULL) {
        memset(err, 0, sizeof(*err));
    }
}

int eip_error_set(eip_error *err, int code, const char *fmt, ...)
{
    va_list ap;

    if (err == NULL || err->code != 0) {
        return code;
    }
    err->code = code;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
    return code;
}

void eip_error_place(eip_error *err, const char *file, const char *sheet,
                     unsigned long row, unsigned long column)
{
    if (err == NULL) {
        return;
    }
    if (file != NULL) {
        snprintf(err->file, sizeof(err->file), "%s", file);
    }
    if (sheet != NULL) {
        snprintf(err->sheet, sizeof(err->sheet), "%s", sheet);
    }
    if (row != 0) {
        err->row = row;
    }
    if (column != 0) {
        err->column = column;
    }
}

void eip_error_hint(eip_error *err, const char *fmt, ...)
{
    va_list ap;

    if (err == NULL) {
        return;
    }
    va_start(ap, fmt);
    vsnprintf(err->hint, sizeof(err->hint), fmt, ap);
    va_end(ap);
}

void eip_error_finding(eip_error *err, const char *code)
{
    if (err != NULL && code != NULL) {
        snprintf(err->finding, sizeof(err->finding), "%s", code);
    }
}

const char *eip_error_name(int code)
{
    switch (code) {
    case EIP_OK:
        return "success";
    case EIP_ENOMEM:
        return "out of memory";
    case EIP_EIO:
        return "input/output error";
    case EIP_EFORMAT:
        return "malformed input";
    case EIP_ELIMIT:
        return "limit exceeded";
    case EIP_EINVAL:
        return "invalid argument";
    case EIP_ENOTFOUND:
        return "not found";
    case EIP_EEXIST:
        return "already exists";
    case EIP_EUNSAFE:
        return "refused as unsafe";
    case EIP_EVERIFY:
        return "verification failed";
    case EIP_ECANCELED:
        return "interrupted";
    default:
        return "unknown error";
    }
}
