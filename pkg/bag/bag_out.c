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
 *
 * The archive's own SHA-256 is computed here, on a thread of its own
 * that reads back from the page cache what has been written for good, so
 * that it overlaps the writing instead of costing a pass at the end.
 * Bytes are final once libzip has started the next entry: the rewrite of
 * a header is the only write it makes below the end of the file, and it
 * comes before the next entry starts.  libzip asks where it is (a tell,
 * with nothing written since its last seek) just before each entry and
 * before the central directory; those offsets are where the hashing may
 * go up to.  Should a write ever land below such an offset, the hash is
 * dropped and the caller hashes the closed file instead.
 */
#include "bag/bag_internal.h"

#include <zip.h>

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Bytes gathered before each write(2). */
#define OUT_BUF (1024u * 1024u)

/* The hashing thread and what it may hash; all under mu. */
typedef struct out_hash {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
    int started;
    uint64_t limit; /* bytes [0, limit) are in the file for good */
    uint64_t done;  /* bytes hashed */
    int closing;    /* limit will not move again */
    int bad;        /* the hash cannot be trusted */
    eip_sha256 sha;
} out_hash;

struct bag_out {
    int fd;
    unsigned char *buf;
    uint64_t start; /* file offset of buf[0] */
    size_t len;     /* bytes of buf holding data */
    uint64_t pos;   /* where the next byte goes */
    uint64_t end;   /* bytes in the file */
    uint64_t safe;  /* libzip writes nothing below this again */
    int wrote;      /* a write since the last seek */
    zip_error_t ze;
    out_hash h;
};

static int pread_all(int fd, unsigned char *p, size_t len, uint64_t off)
{
    ssize_t n;

    while (len > 0) {
        n = pread(fd, p, len, (off_t)off);
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

/* Wait for bytes to hash; 0 once there is nothing more to do. */
static size_t hash_wait(out_hash *h)
{
    uint64_t n;

    while (!h->closing && !h->bad && h->done == h->limit) {
        pthread_cond_wait(&h->cv, &h->mu);
    }
    n = h->bad ? 0 : h->limit - h->done;
    return n < EIP_SHA256_BLOCK ? (size_t)n : EIP_SHA256_BLOCK;
}

static void *hash_main(void *arg)
{
    bag_out *o = arg;
    out_hash *h = &o->h;
    unsigned char *buf = malloc(EIP_SHA256_BLOCK);
    uint64_t off;
    size_t n;
    int rc;

    pthread_mutex_lock(&h->mu);
    h->bad |= buf == NULL;
    for (n = hash_wait(h); n > 0; n = hash_wait(h)) {
        off = h->done;
        pthread_mutex_unlock(&h->mu);
        rc = pread_all(o->fd, buf, n, off) == 0
                 ? eip_sha256_update(&h->sha, buf, n)
                 : -1;
        pthread_mutex_lock(&h->mu);
        h->bad |= rc != 0;
        h->done = off + n;
    }
    pthread_mutex_unlock(&h->mu);
    free(buf);
    return NULL;
}

/* Let the hasher go up to what is both final and out of the buffer. */
static void hash_publish(bag_out *o, int closing)
{
    uint64_t limit = o->safe < o->start ? o->safe : o->start;

    pthread_mutex_lock(&o->h.mu);
    o->h.limit = limit > o->h.limit ? limit : o->h.limit;
    o->h.closing |= closing;
    pthread_cond_broadcast(&o->h.cv);
    pthread_mutex_unlock(&o->h.mu);
}

static void hash_drop(bag_out *o)
{
    pthread_mutex_lock(&o->h.mu);
    o->h.bad = 1;
    pthread_cond_broadcast(&o->h.cv);
    pthread_mutex_unlock(&o->h.mu);
}

static void hash_start(bag_out *o)
{
    out_hash *h = &o->h;

    pthread_mutex_init(&h->mu, NULL);
    pthread_cond_init(&h->cv, NULL);
    h->bad = eip_sha256_init(&h->sha, NULL) != 0;
    h->started = !h->bad && pthread_create(&h->thread, NULL, hash_main, o) == 0;
    h->bad |= !h->started;
}

/* Stop the hasher (dropping the hash unless the archive is complete). */
static void hash_stop(bag_out *o)
{
    if (o->h.started) {
        hash_publish(o, 1);
        pthread_mutex_lock(&o->h.mu);
        o->h.bad |= o->h.limit != o->end;
        pthread_cond_broadcast(&o->h.cv);
        pthread_mutex_unlock(&o->h.mu);
        pthread_join(o->h.thread, NULL);
        o->h.started = 0;
    }
}

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
    hash_publish(o, 0);
    return rc;
}

static zip_int64_t out_write(bag_out *o, const unsigned char *p, size_t n)
{
    size_t done = 0;
    size_t off;
    size_t k;

    if (o->pos < o->safe) {
        hash_drop(o);
    }
    o->wrote = 1;
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
    o->wrote = 0;
    return 0;
}

/*
 * libzip asks where it is before each entry and before the central
 * directory; at the end of the file with nothing written since its last
 * seek, everything before is final (see the top of this file).
 */
static zip_int64_t out_tell(bag_out *o)
{
    if (o->pos == o->end && !o->wrote && o->pos > o->safe) {
        o->safe = o->pos;
        hash_publish(o, 0);
    }
    return (zip_int64_t)o->pos;
}

static zip_int64_t out_commit(bag_out *o)
{
    if (out_flush(o) != 0) {
        return out_fail(o, ZIP_ER_WRITE);
    }
    o->safe = o->end;
    hash_publish(o, 1);
    return 0;
}

static zip_int64_t out_begin(bag_out *o)
{
    o->start = 0;
    o->len = 0;
    o->pos = 0;
    o->end = 0;
    o->safe = 0;
    o->wrote = 0;
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
        return out_tell(o);
    case ZIP_SOURCE_COMMIT_WRITE:
        return out_commit(o);
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
    hash_start(o);
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

int bag_out_hash(char out_hex[EIP_SHA256_HEX_LEN + 1], bag_out *o)
{
    unsigned char digest[EIP_SHA256_LEN];
    int rc = -1;

    hash_stop(o);
    if (!o->h.bad && o->h.done == o->end &&
        eip_sha256_final(digest, &o->h.sha) == 0) {
        eip_sha256_hex(out_hex, digest);
        rc = 0;
    }
    return rc;
}

void bag_out_free(bag_out *o)
{
    if (o == NULL) {
        return;
    }
    hash_drop(o);
    hash_stop(o);
    eip_sha256_free(&o->h.sha);
    pthread_cond_destroy(&o->h.cv);
    pthread_mutex_destroy(&o->h.mu);
    zip_error_fini(&o->ze);
    free(o->buf);
    free(o);
}
