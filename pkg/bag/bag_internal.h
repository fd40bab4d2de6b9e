/* SPDX-License-Identifier: MIT */
/*
 * bag_internal.h - what the bag writer and verifier share inside pkg/bag:
 * the read pipeline and the manifest path encoding.  Not for other
 * modules.
 */
#ifndef EIP_BAG_INTERNAL_H
#define EIP_BAG_INTERNAL_H

#include "bag/bag.h"

#include <stdint.h>

/* Bytes per block read, hashed and compressed. */
#define BAG_BLOCK (128u * 1024u)
/* Deflate window: each block is primed with the previous block's tail. */
#define BAG_DICT (32u * 1024u)

/* One payload file as the pipeline reads it. */
typedef struct bag_src {
    const char *path;          /* payload path inside data/ */
    const char *source;        /* file to read, or NULL */
    const unsigned char *data; /* bytes when source is NULL */
    uint64_t size;             /* size promised before reading */
    int64_t mtime_ns;          /* modification time seen before reading */
    int deflate;               /* compress in workers, else store */
    char hex[EIP_SHA256_HEX_LEN + 1]; /* filled by the pipeline */
} bag_src;

/* One block handed to the consumer, in item order. */
typedef struct bag_block {
    const unsigned char *bytes; /* compressed, or raw when stored */
    size_t len;
    size_t raw_len; /* payload bytes the block stands for */
    uint32_t crc;   /* CRC-32 of the raw bytes (deflated blocks) */
    int last;       /* the item's final block */
} bag_block;

typedef struct bag_pipe bag_pipe;

/*
 * Start reading items[0..n) in order on a reader thread, with `workers`
 * threads computing CRC-32 and deflate.  The items must outlive the pipe;
 * their hex fields are filled as each one is read completely.
 */
int bag_pipe_start(bag_pipe **out, bag_src *items, size_t n, unsigned workers,
                   eip_error *err);

/*
 * Wait for the next block, which belongs to item `item`.  Returns 0, or
 * the first error the pipeline met (err set).  Call bag_pipe_release
 * when done with the block.
 */
int bag_pipe_next(bag_block *out, bag_pipe *p, size_t item, eip_error *err);

/* Give back the block returned last by bag_pipe_next. */
void bag_pipe_release(bag_pipe *p);

/*
 * Stop the threads and free the pipe (NULL allowed).  Returns the first
 * error met, copied into err, or 0.
 */
int bag_pipe_close(bag_pipe *p, eip_error *err);

/* Append path to out with '%', CR and LF percent-encoded (RFC 8493). */
int bag_path_encode(eip_buf *out, const char *path);

/*
 * Decode a manifest path in place ("%25", "%0D", "%0A", either case).
 * Returns 0, or EIP_EFORMAT for another '%' sequence.
 */
int bag_path_decode(char *path);

/* The archive file libzip writes into, through a large buffer. */
typedef struct bag_out bag_out;
struct zip;

/* A writer on fd, which must be open for writing.  NULL when out of memory. */
bag_out *bag_out_new(int fd);

/*
 * A new, empty libzip archive that writes through o (which must outlive
 * it).  Returns NULL with *zerr set to a libzip error code on failure.
 */
struct zip *bag_out_open(bag_out *o, int *zerr);

/*
 * The SHA-256 of the archive o wrote, once zip_close has succeeded: 0, or
 * -1 when it could not be computed as the bytes were written (then hash
 * the file).  Call at most once.
 */
int bag_out_hash(char out_hex[EIP_SHA256_HEX_LEN + 1], bag_out *o);

/* Free o (NULL allowed) once its archive is closed or discarded. */
void bag_out_free(bag_out *o);

/* Number of threads to use for jobs (0 = online processors, at least 1). */
unsigned bag_jobs(unsigned jobs);

#endif
