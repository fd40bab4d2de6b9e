/* SPDX-License-Identifier: MIT */
/*
 * error.h - the error record every pkg/ function fills on failure.
 *
 * Functions return 0 on success or one of the negative EIP_E* codes, and
 * describe the failure in an eip_error supplied by the caller (which may be
 * NULL when the caller does not care).  The first error set wins: later
 * calls to eip_error_set on an already-set record are ignored, so a cleanup
 * path cannot hide the cause.
 */
#ifndef EIP_ERROR_H
#define EIP_ERROR_H

#include <stddef.h>

enum {
    EIP_OK = 0,
    EIP_ENOMEM = -1,    /* out of memory */
    EIP_EIO = -2,       /* a read or write failed */
    EIP_EFORMAT = -3,   /* the input is malformed */
    EIP_ELIMIT = -4,    /* a size or count limit was hit */
    EIP_EINVAL = -5,    /* bad argument or option */
    EIP_ENOTFOUND = -6, /* no such file, sheet or entry */
    EIP_EEXIST = -7,    /* the target exists already */
    EIP_EUNSAFE = -8,   /* refused for safety (link outside, DTD, ...) */
    EIP_EVERIFY = -9,   /* a checksum or read-back check failed */
    EIP_ECANCELED = -10 /* stopped on request (Ctrl-C) */
};

#define EIP_ERROR_MESSAGE_MAX 512
#define EIP_ERROR_PLACE_MAX 1024

typedef struct eip_error {
    int code;                            /* 0 while unset */
    char message[EIP_ERROR_MESSAGE_MAX]; /* lower case, no full stop */
    char hint[EIP_ERROR_MESSAGE_MAX];    /* what the user should do, or "" */
    char file[EIP_ERROR_PLACE_MAX];      /* path as shown to users, or "" */
    char sheet[128];                     /* sheet name, or "" */
    unsigned long row;                   /* 1-based, 0 when unknown */
    unsigned long column;                /* 1-based, 0 when unknown */
    char finding[48];                    /* finding code to report, or "" */
} eip_error;

/* Clear err (NULL allowed). */
void eip_error_clear(eip_error *err);

/*
 * Set code and message (printf format) unless err is NULL or already set.
 * Returns code, so callers can write `return eip_error_set(err, ...)`.
 */
int eip_error_set(eip_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Set the place of an error already set; NULL or 0 leaves a part alone. */
void eip_error_place(eip_error *err, const char *file, const char *sheet,
                     unsigned long row, unsigned long column);

/* Set the hint (printf format) of an error already set. */
void eip_error_hint(eip_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Set the finding code that a caller reporting this error should use. */
void eip_error_finding(eip_error *err, const char *code);

/* A short name for a code, e.g. "out of memory". */
const char *eip_error_name(int code);

#endif
