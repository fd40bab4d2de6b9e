/* SPDX-License-Identifier: MIT */
/*
 * bag_out.c - the archive file as libzip writes it.
 *
 * Left to itself, libzip writes through stdio in 4 KiB pieces (a million
 * system calls for 4 GB) into a temporary file of its own, which it then
 * renames over ours; on ext4 that rename starts writing the whole file
 * back at once.  This source writes into the file descriptor the writer
 * already holds, through one large buffer, and never renames anything.
 * libzip seeks back after each entry to rewrite its local header: when
 * the header is still in the buffer it is patched there.
 */
#include "bag/bag_internal.h"

#include <zip.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Bytes gathered before each write(2). */
#define OUT_BUF (1024u * 1024u)

struct bag_out {
    int fd;
    unsigned char *buf;
    uint64_t start; /* file offset of buf[0] */
    size_t len;     /* bytes of buf holding data */
    uint64_t pos;   /* where the next byte goes */
    uint64_t end;   /* bytes in the file */
    zip_error_t ze;
};

static int pwrite_all(int fd, const unsigned char *p, size_t len, uint64_t off)
{
    ssize_t n;

    while (len > 0) {
        n = pwrite(fd, p, len, (off_t)off);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return -1;
        }
        p += n;
        len -= (size_t)n;
        off += (uint64_t)n;
    }
    return 0;
}

static zip_int64_t out_fail(bag_out *o, int zip_code)
{
    zip_error_set(&o->ze, zip_code, errno);
    return -1;
}

static int out_flush(bag_out *o)
{
    int rc = 0;

    if (o->len > 0) {
        rc = pwrite_all(o->fd, o->buf, o->len, o->start);
    }
    o->start += o->len;
    o->len = 0;
    return rc;
}

static zip_int64_t out_write(bag_out *o, const unsigned char *p, size_t n)
{
    size_t done = 0;
    size_t off;
    size_t k;

    /* A write away from the buffered bytes starts a new buffer there. */
    if (o->pos < o->start || o->pos > o->start + o->len) {
        if (out_flush(o) != 0) {
            return out_fail(o, ZIP_ER_WRITE);
        }
        o->start = o->pos;
    }
    while (done < n) {
        off = (size_t)(o->pos - o->start);
        if (off == OUT_BUF) {
            if (out_flush(o) != 0) {
                return out_fail(o, ZIP_ER_WRITE);
            }
            off = 0;
        }
        k = n - done < OUT_BUF - off ? n - done : OUT_BUF - off;
        memcpy(o->buf + off, p + done, k);
        o->len = off + k > o->len ? off + k : o->len;
        o->pos += k;
        done += k;
    }
    o->end = o->pos > o->end ? o->pos : o->end;
    return (zip_int64_t)n;
}

static zip_int64_t out_seek(bag_out *o, void *data, zip_uint64_t len)
{
    zip_source_args_seek_t *a =
        ZIP_SOURCE_GET_ARGS(zip_source_args_seek_t, data, len, &o->ze);
    int64_t base;

    if (a == NULL) {
        return -1;
    }
    base = a->whence == SEEK_SET   ? 0
           : a->whence == SEEK_CUR ? (int64_t)o->pos
                                   : (int64_t)o->end;
    if (a->whence != SEEK_SET && a->whence != SEEK_CUR &&
        a->whence != SEEK_END) {
        zip_error_set(&o->ze, ZIP_ER_INVAL, 0);
        return -1;
    }
    if (base + a->offset < 0) {
        zip_error_set(&o->ze, ZIP_ER_INVAL, 0);
        return -1;
    }
    o->pos = (uint64_t)(base + a->offset);
    return 0;
}

static zip_int64_t out_begin(bag_out *o)
{
    o->start = 0;
    o->len = 0;
    o->pos = 0;
    o->end = 0;
    return 0;
}

static zip_int64_t out_stat(bag_out *o)
{
    /* No archive to read: libzip then starts a new one. */
    zip_error_set(&o->ze, ZIP_ER_READ, ENOENT);
    return -1;
}

static zip_int64_t out_cb(void *ud, void *data, zip_uint64_t len,
                          zip_source_cmd_t cmd)
{
    bag_out *o = ud;

    switch (cmd) {
    case ZIP_SOURCE_BEGIN_WRITE:
        return out_begin(o);
    case ZIP_SOURCE_WRITE:
        return out_write(o, data, (size_t)len);
    case ZIP_SOURCE_SEEK_WRITE:
        return out_seek(o, data, len);
    case ZIP_SOURCE_TELL_WRITE:
        return (zip_int64_t)o->pos;
    case ZIP_SOURCE_COMMIT_WRITE:
        return out_flush(o) == 0 ? 0 : out_fail(o, ZIP_ER_WRITE);
    case ZIP_SOURCE_ROLLBACK_WRITE:
    case ZIP_SOURCE_REMOVE:
    case ZIP_SOURCE_FREE:
        return 0;
    case ZIP_SOURCE_STAT:
        return out_stat(o);
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&o->ze, data, len);
    case ZIP_SOURCE_SUPPORTS:
        return ZIP_SOURCE_SUPPORTS_WRITABLE;
    default:
        zip_error_set(&o->ze, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

bag_out *bag_out_new(int fd)
{
    bag_out *o = calloc(1, sizeof(*o));

    if (o == NULL) {
        return NULL;
    }
    o->buf = malloc(OUT_BUF);
    if (o->buf == NULL) {
        free(o);
        return NULL;
    }
    o->fd = fd;
    zip_error_init(&o->ze);
    return o;
}

zip_t *bag_out_open(bag_out *o, int *zerr)
{
    zip_source_t *src;
    zip_error_t ze;
    zip_t *za;

    zip_error_init(&ze);
    src = zip_source_function_create(out_cb, o, &ze);
    za = src != NULL ? zip_open_from_source(src, ZIP_CREATE | ZIP_TRUNCATE, &ze)
                     : NULL;
    if (za == NULL && src != NULL) {
        zip_source_free(src);
    }
    *zerr = zip_error_code_zip(&ze);
    zip_error_fini(&ze);
    return za;
}

void bag_out_free(bag_out *o)
{
    if (o == NULL) {
        return;
    }
    zip_error_fini(&o->ze);
    free(o->buf);
    free(o);
}
