/* SPDX-License-Identifier: MIT */
/*
 * bag_pipe.c - the read pipeline behind the bag writer.
 *
 * Reader threads each take a whole payload file and read it once,
 * hashing it as they go, so that files are hashed on every core; deflate
 * threads compute CRC-32 and deflate the blocks of compressed files; the
 * consumer (libzip's read callback, or the folder writer) takes blocks in
 * order.  A fixed ring of slots bounds memory whatever the file sizes.
 *
 * Every block is deflated on its own, primed with the 32 KiB before it
 * and ended with a sync flush (the last with a finish), so the bytes do
 * not depend on which thread compressed it or how many there are.
 */
#include "bag/bag_internal.h"

#define ZLIB_CONST
#include <zlib.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* A slot is FREE, then READING, then FILLED (waiting for deflate) or
 * straight DONE, and FREE again once the consumer gives it back. */
enum { SLOT_FREE, SLOT_READING, SLOT_FILLED, SLOT_WORKING, SLOT_DONE };

typedef struct slot {
    int state;
    uint64_t seq; /* the block's number in the whole payload */
    size_t item;
    int last;
    int deflate;
    unsigned char *buf;       /* read buffer for files */
    const unsigned char *raw; /* the raw bytes (buf or memory item) */
    size_t raw_len;
    unsigned char dict[BAG_DICT];
    size_t dict_len;
    unsigned char *out; /* deflated bytes */
    size_t out_len;
    size_t out_cap;
    uint32_t crc;
} slot;

/*
 * Every item's blocks have fixed numbers (from the sizes taken before
 * reading), so several readers can each take a whole file and fill its
 * slots while the consumer is still on an earlier file.  Block b lives
 * in slot b % n_slots and may be filled once b < consumed + n_slots.
 * Each condition variable has one kind of waiter, so that a change wakes
 * only the threads it concerns.
 */
struct bag_pipe {
    pthread_mutex_t mu;
    pthread_cond_t cv_free; /* readers: the window moved */
    pthread_cond_t cv_work; /* deflaters: a block was queued */
    pthread_cond_t cv_done; /* consumer: a block is done */
    slot *slots;
    size_t n_slots;
    uint64_t *queue; /* blocks waiting for deflate, a ring of n_slots */
    uint64_t q_head;
    uint64_t q_tail;
    uint64_t consumed; /* blocks given back by the consumer */
    uint64_t *first;   /* first block of each item, and the total */
    size_t next_item;  /* the next item a reader takes */
    unsigned readers_left;
    int stop; /* set on close or on the first error */
    eip_error err;
    bag_src *items;
    size_t n_items;
    pthread_t *threads;
    unsigned n_threads;
};
/* Record the first error and wake everybody. */
static void pipe_fail(bag_pipe *p, const eip_error *e)
{
    pthread_mutex_lock(&p->mu);
    if (p->err.code == 0) {
        p->err = *e;
    }
    p->stop = 1;
    pthread_cond_broadcast(&p->cv_free);
    pthread_cond_broadcast(&p->cv_work);
    pthread_cond_broadcast(&p->cv_done);
    pthread_mutex_unlock(&p->mu);
}

static int deflate_block(z_stream *zs, slot *s)
{
    int rc;

    if (deflateReset(zs) != Z_OK) {
        return -1;
    }
    if (s->dict_len > 0 &&
        deflateSetDictionary(zs, s->dict, (uInt)s->dict_len) != Z_OK) {
        return -1;
    }
    zs->next_in = s->raw;
    zs->avail_in = (uInt)s->raw_len;
    zs->next_out = s->out;
    zs->avail_out = (uInt)s->out_cap;
    rc = deflate(zs, s->last ? Z_FINISH : Z_SYNC_FLUSH);
    if (s->last && rc != Z_STREAM_END) {
        return -1;
    }
    /* A sync flush that filled the buffer may have more to say. */
    if (!s->last && (rc != Z_OK || zs->avail_out == 0)) {
        return -1;
    }
    s->out_len = s->out_cap - zs->avail_out;
    return 0;
}

/* Take the oldest block queued for deflate; NULL when stopping. */
static slot *claim(bag_pipe *p)
{
    slot *s = NULL;

    pthread_mutex_lock(&p->mu);
    while (!p->stop && p->q_head == p->q_tail && p->readers_left > 0) {
        pthread_cond_wait(&p->cv_work, &p->mu);
    }
    if (!p->stop && p->q_head < p->q_tail) {
        s = &p->slots[p->queue[p->q_head % p->n_slots] % p->n_slots];
        s->state = SLOT_WORKING;
        p->q_head++;
    }
    pthread_mutex_unlock(&p->mu);
    return s;
}

/* Mark s done; the consumer only cares when it is the block it waits on. */
static void mark_done(bag_pipe *p, slot *s)
{
    pthread_mutex_lock(&p->mu);
    s->state = SLOT_DONE;
    if (s->seq == p->consumed) {
        pthread_cond_signal(&p->cv_done);
    }
    pthread_mutex_unlock(&p->mu);
}

static void *worker_main(void *arg)
{
    bag_pipe *p = arg;
    eip_error e;
    z_stream zs;
    slot *s;

    memset(&zs, 0, sizeof(zs));
    eip_error_clear(&e);
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK) {
        eip_error_set(&e, EIP_ENOMEM, "cannot start deflate");
        pipe_fail(p, &e);
        return NULL;
    }
    for (s = claim(p); s != NULL; s = claim(p)) {
        s->crc = (uint32_t)crc32(0L, s->raw, (uInt)s->raw_len);
        if (deflate_block(&zs, s) != 0) {
            eip_error_set(&e, EIP_EIO, "deflate failed");
            pipe_fail(p, &e);
            break;
        }
        mark_done(p, s);
    }
    deflateEnd(&zs);
    return NULL;
}

/* Wait until block seq may be filled; NULL when the pipe is stopping. */
static slot *free_slot(bag_pipe *p, uint64_t seq)
{
    slot *s = NULL;

    pthread_mutex_lock(&p->mu);
    while (!p->stop && seq >= p->consumed + p->n_slots) {
        pthread_cond_wait(&p->cv_free, &p->mu);
    }
    if (!p->stop) {
        s = &p->slots[seq % p->n_slots];
        s->state = SLOT_READING;
        s->seq = seq;
    }
    pthread_mutex_unlock(&p->mu);
    return s;
}

/* Hand a filled block on: to the deflaters, or straight to the consumer
 * (libzip computes the CRC of stored data itself). */
static void publish(bag_pipe *p, slot *s)
{
    pthread_mutex_lock(&p->mu);
    if (s->deflate) {
        s->state = SLOT_FILLED;
        p->queue[p->q_tail % p->n_slots] = s->seq;
        p->q_tail++;
        pthread_cond_signal(&p->cv_work);
    } else {
        s->crc = 0;
        s->state = SLOT_DONE;
        if (s->seq == p->consumed) {
            pthread_cond_signal(&p->cv_done);
        }
    }
    pthread_mutex_unlock(&p->mu);
}

/* Read exactly len bytes unless the file ends first; returns bytes read. */
static ssize_t read_full(int fd, unsigned char *buf, size_t len)
{
    size_t got = 0;
    ssize_t n;

    while (got < len) {
        n = read(fd, buf + got, len - got);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return -1;
        }
        if (n == 0) {
            break;
        }
        got += (size_t)n;
    }
    return (ssize_t)got;
}

static int64_t mtime_ns(const struct stat *st)
{
    return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

/* State of the item being read. */
typedef struct reading {
    bag_src *src;
    size_t index;
    int fd;
    uint64_t offset;
    unsigned char tail[BAG_DICT];
    size_t tail_len;
    eip_sha256 sha;
} reading;

static int changed(eip_error *e, const bag_src *src)
{
    return eip_error_set(e, EIP_EVERIFY, "'%s': changed while packing",
                         src->source);
}

/* After the promised bytes: nothing more, same size and time as before. */
static int check_unchanged(reading *r, eip_error *e)
{
    unsigned char extra;
    struct stat st;
    ssize_t n;

    if (r->fd < 0) {
        return 0;
    }
    n = read_full(r->fd, &extra, 1);
    if (n < 0 || fstat(r->fd, &st) != 0) {
        return eip_error_set(e, EIP_EIO, "'%s': read failed: %s",
                             r->src->source, strerror(errno));
    }
    if (n != 0 || (uint64_t)st.st_size != r->src->size ||
        mtime_ns(&st) != r->src->mtime_ns) {
        return changed(e, r->src);
    }
    return 0;
}

/* Fill s with the item's next block. */
static int fill(reading *r, slot *s, eip_error *e)
{
    uint64_t left = r->src->size - r->offset;
    size_t want = left < BAG_BLOCK ? (size_t)left : BAG_BLOCK;
    ssize_t n;

    s->item = r->index;
    s->deflate = r->src->deflate;
    s->last = (uint64_t)want == left;
    if (r->tail_len > 0) {
        memcpy(s->dict, r->tail, r->tail_len);
    }
    s->dict_len = r->tail_len;
    if (r->fd < 0) {
        s->raw = want > 0 ? r->src->data + r->offset : NULL;
    } else {
        n = read_full(r->fd, s->buf, want);
        if (n < 0) {
            return eip_error_set(e, EIP_EIO, "'%s': read failed: %s",
                                 r->src->source, strerror(errno));
        }
        if ((size_t)n != want) {
            return changed(e, r->src);
        }
        s->raw = s->buf;
    }
    s->raw_len = want;
    r->offset += want;
    if (want == 0) {
        return check_unchanged(r, e);
    }
    r->tail_len = want < BAG_DICT ? want : BAG_DICT;
    memcpy(r->tail, s->raw + want - r->tail_len, r->tail_len);
    if (eip_sha256_update(&r->sha, s->raw, want) != 0) {
        return eip_error_set(e, EIP_EIO, "sha-256 failed");
    }
    return s->last ? check_unchanged(r, e) : 0;
}

static int open_item(reading *r, eip_error *e)
{
    const char *path = r->src->source;

    r->fd = -1;
    r->offset = 0;
    r->tail_len = 0;
    if (path != NULL) {
        r->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (r->fd < 0) {
            return eip_error_set(e, errno == ENOENT ? EIP_EVERIFY : EIP_EIO,
                                 "'%s': cannot open: %s", path,
                                 strerror(errno));
        }
        /* Read once, front to back: let the kernel read ahead further. */
        posix_fadvise(r->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    }
    return eip_sha256_init(&r->sha, e);
}

static int finish_item(reading *r, eip_error *e)
{
    unsigned char digest[EIP_SHA256_LEN];

    if (eip_sha256_final(digest, &r->sha) != 0) {
        return eip_error_set(e, EIP_EIO, "sha-256 failed");
    }
    eip_sha256_hex(r->src->hex, digest);
    return 0;
}

/* Read item i into its blocks; returns 1 when the pipe is stopping. */
static int read_item(bag_pipe *p, reading *r, eip_error *e)
{
    uint64_t seq = p->first[r->index];
    slot *s;
    int rc = 0;
    int last = 0;

    while (rc == 0 && !last) {
        s = free_slot(p, seq++);
        if (s == NULL) {
            return 1;
        }
        rc = fill(r, s, e);
        last = s->last;
        if (rc == 0 && last) {
            rc = finish_item(r, e);
        }
        if (rc == 0) {
            publish(p, s);
        }
    }
    return rc;
}

/* The next item nobody reads yet, or n_items when there is none. */
static size_t take_item(bag_pipe *p)
{
    size_t i;

    pthread_mutex_lock(&p->mu);
    i = p->stop ? p->n_items : p->next_item;
    p->next_item += i < p->n_items;
    pthread_mutex_unlock(&p->mu);
    return i;
}

static void *reader_main(void *arg)
{
    bag_pipe *p = arg;
    reading r;
    eip_error e;
    size_t i;
    int rc = 0;

    eip_error_clear(&e);
    memset(&r, 0, sizeof(r));
    for (i = take_item(p); i < p->n_items && rc == 0; i = take_item(p)) {
        r.src = &p->items[i];
        r.index = i;
        rc = open_item(&r, &e);
        if (rc == 0) {
            rc = read_item(p, &r, &e);
        }
        eip_sha256_free(&r.sha);
        if (r.fd >= 0) {
            close(r.fd);
        }
    }
    if (rc < 0) {
        pipe_fail(p, &e);
    }
    pthread_mutex_lock(&p->mu);
    p->readers_left--;
    pthread_cond_broadcast(&p->cv_work);
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static void free_slots(bag_pipe *p)
{
    size_t i;

    for (i = 0; p->slots != NULL && i < p->n_slots; i++) {
        free(p->slots[i].buf);
        free(p->slots[i].out);
    }
    free(p->slots);
    free(p->queue);
    free(p->first);
}

/*
 * Buffers come from malloc untouched: the output buffer of a slot that
 * only ever holds stored blocks costs address space, not memory.
 */
static int alloc_slots(bag_pipe *p)
{
    size_t i;

    p->slots = calloc(p->n_slots, sizeof(*p->slots));
    p->queue = calloc(p->n_slots, sizeof(*p->queue));
    p->first = calloc(p->n_items + 1, sizeof(*p->first));
    if (p->slots == NULL || p->queue == NULL || p->first == NULL) {
        return EIP_ENOMEM;
    }
    for (i = 0; i < p->n_slots; i++) {
        p->slots[i].out_cap = compressBound(BAG_BLOCK) + 64;
        p->slots[i].buf = malloc(BAG_BLOCK);
        p->slots[i].out = malloc(p->slots[i].out_cap);
        if (p->slots[i].buf == NULL || p->slots[i].out == NULL) {
            return EIP_ENOMEM;
        }
    }
    /* An empty item still has its one (empty, last) block. */
    for (i = 0; i < p->n_items; i++) {
        uint64_t size = p->items[i].size;

        p->first[i + 1] =
            p->first[i] + (size == 0 ? 1 : (size + BAG_BLOCK - 1) / BAG_BLOCK);
    }
    return 0;
}

/* Start `workers` readers and as many deflaters. */
static int start_threads(bag_pipe *p, unsigned workers)
{
    void *(*run)(void *);

    p->threads = calloc(2 * (size_t)workers, sizeof(*p->threads));
    if (p->threads == NULL) {
        return EIP_ENOMEM;
    }
    p->readers_left = workers;
    while (p->n_threads < 2 * workers) {
        run = p->n_threads < workers ? reader_main : worker_main;
        if (pthread_create(&p->threads[p->n_threads], NULL, run, p) != 0) {
            break;
        }
        p->n_threads++;
    }
    /* On failure the caller closes the pipe, which stops the others. */
    return p->n_threads < 2 * workers ? EIP_ENOMEM : 0;
}

int bag_pipe_start(bag_pipe **out, bag_src *items, size_t n, unsigned workers,
                   eip_error *err)
{
    bag_pipe *p;
    int rc;

    *out = NULL;
    p = calloc(1, sizeof(*p));
    if (p == NULL) {
        return eip_error_set(err, EIP_ENOMEM, "out of memory");
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv_free, NULL);
    pthread_cond_init(&p->cv_work, NULL);
    pthread_cond_init(&p->cv_done, NULL);
    p->items = items;
    p->n_items = n;
    workers = workers == 0 ? 1 : workers;
    /*
     * 1 MiB per reader and 1 MiB more.  A ring of 8 MiB (with two jobs)
     * packed the 4 GB benchmark cohort no faster, in 5 MiB more memory.
     */
    p->n_slots = 8 * (size_t)workers + 8;
    rc = alloc_slots(p);
    if (rc == 0) {
        rc = start_threads(p, workers);
    }
    if (rc != 0) {
        bag_pipe_close(p, NULL);
        return eip_error_set(err, rc, "cannot start the packing threads");
    }
    *out = p;
    return 0;
}

int bag_pipe_next(bag_block *out, bag_pipe *p, size_t item, eip_error *err)
{
    slot *s = &p->slots[p->consumed % p->n_slots];
    int rc = 0;

    pthread_mutex_lock(&p->mu);
    while (p->err.code == 0 && !p->stop &&
           (s->state != SLOT_DONE || s->seq != p->consumed)) {
        pthread_cond_wait(&p->cv_done, &p->mu);
    }
    if (p->err.code != 0) {
        rc = eip_error_set(err, p->err.code, "%s", p->err.message);
    } else if (p->stop || s->item != item) {
        rc = eip_error_set(err, EIP_EIO, "packing stopped early");
    }
    pthread_mutex_unlock(&p->mu);
    if (rc != 0) {
        return rc;
    }
    out->bytes = s->deflate ? s->out : s->raw;
    out->len = s->deflate ? s->out_len : s->raw_len;
    out->raw_len = s->raw_len;
    out->crc = s->crc;
    out->last = s->last;
    return 0;
}

void bag_pipe_release(bag_pipe *p)
{
    pthread_mutex_lock(&p->mu);
    p->slots[p->consumed % p->n_slots].state = SLOT_FREE;
    p->consumed++;
    pthread_cond_broadcast(&p->cv_free);
    pthread_mutex_unlock(&p->mu);
}

int bag_pipe_close(bag_pipe *p, eip_error *err)
{
    unsigned i;
    int rc;

    if (p == NULL) {
        return 0;
    }
    pthread_mutex_lock(&p->mu);
    p->stop = 1;
    pthread_cond_broadcast(&p->cv_free);
    pthread_cond_broadcast(&p->cv_work);
    pthread_cond_broadcast(&p->cv_done);
    pthread_mutex_unlock(&p->mu);
    for (i = 0; i < p->n_threads; i++) {
        pthread_join(p->threads[i], NULL);
    }
    rc = p->err.code;
    if (rc != 0) {
        eip_error_set(err, rc, "%s", p->err.message);
    }
    free(p->threads);
    free_slots(p);
    pthread_cond_destroy(&p->cv_free);
    pthread_cond_destroy(&p->cv_work);
    pthread_cond_destroy(&p->cv_done);
    pthread_mutex_destroy(&p->mu);
    free(p);
    return rc;
}

int bag_path_encode(eip_buf *out, const char *path)
{
    for (; *path != '\0'; path++) {
        if (*path == '%') {
            eip_buf_puts(out, "%25");
        } else if (*path == '\r') {
            eip_buf_puts(out, "%0D");
        } else if (*path == '\n') {
            eip_buf_puts(out, "%0A");
        } else {
            eip_buf_putc(out, *path);
        }
    }
    return out->failed ? EIP_ENOMEM : 0;
}

int bag_path_decode(char *path)
{
    char *w = path;
    const char *r;

    for (r = path; *r != '\0'; r++) {
        if (*r != '%') {
            *w++ = *r;
        } else if (strncmp(r, "%25", 3) == 0) {
            *w++ = '%';
            r += 2;
        } else if (strncasecmp(r, "%0D", 3) == 0) {
            *w++ = '\r';
            r += 2;
        } else if (strncasecmp(r, "%0A", 3) == 0) {
            *w++ = '\n';
            r += 2;
        } else {
            return EIP_EFORMAT;
        }
    }
    *w = '\0';
    return 0;
}

unsigned bag_jobs(unsigned jobs)
{
    long n;

    if (jobs > 0) {
        return jobs;
    }
    n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 && n < 256 ? (unsigned)n : 1;
}
