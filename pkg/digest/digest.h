/* SPDX-License-Identifier: MIT */
/*
 * digest.h - SHA-256 over memory, streams and files, through OpenSSL.
 *
 * The digest implementation is fetched once per process and shared by
 * every thread; each stream has its own context, so streams may run in
 * parallel.  Hex digests are 64 lower-case characters plus a NUL.
 */
#ifndef EIP_DIGEST_H
#define EIP_DIGEST_H

#include "base/error.h"

#include <stddef.h>
#include <stdint.h>

#define EIP_SHA256_LEN 32
#define EIP_SHA256_HEX_LEN 64
/* Bytes per read when hashing files: the fastest size measured here. */
#define EIP_SHA256_BLOCK (128u * 1024u)

/* One SHA-256 stream; treat the member as private. */
typedef struct eip_sha256 {
    void *ctx; /* EVP_MD_CTX, NULL when not started */
} eip_sha256;

/*
 * Start a stream in out.  Returns 0, or EIP_ENOMEM / EIP_EIO with err set.
 * Pair with eip_sha256_final or eip_sha256_free.
 */
int eip_sha256_init(eip_sha256 *out, eip_error *err);

/* Add len bytes to the stream.  Returns 0 or EIP_EIO. */
int eip_sha256_update(eip_sha256 *s, const void *data, size_t len);

/*
 * Finish the stream: write the 32-byte digest to out and release the
 * context.  Returns 0 or EIP_EIO (the context is released either way).
 */
int eip_sha256_final(unsigned char out[EIP_SHA256_LEN], eip_sha256 *s);

/* Release a stream that will not be finished; NULL and repeats allowed. */
void eip_sha256_free(eip_sha256 *s);

/* Write the digest as 64 lower-case hex characters and a NUL. */
void eip_sha256_hex(char out[EIP_SHA256_HEX_LEN + 1],
                    const unsigned char digest[EIP_SHA256_LEN]);

/*
 * Parse 64 hex characters (either case) into a digest.  Returns 0, or
 * EIP_EFORMAT when hex is not exactly 64 hex digits.
 */
int eip_sha256_unhex(unsigned char out[EIP_SHA256_LEN], const char *hex);

/* Hash len bytes of memory into a hex digest.  Returns 0 or negative. */
int eip_sha256_mem(char out_hex[EIP_SHA256_HEX_LEN + 1], const void *data,
                   size_t len, eip_error *err);

/*
 * Hash the file at path, reading EIP_SHA256_BLOCK bytes at a time.  The
 * byte count is stored in *size_out unless it is NULL.  Returns 0, or
 * EIP_ENOTFOUND / EIP_EIO / EIP_ENOMEM with err naming the file.
 */
int eip_sha256_file(char out_hex[EIP_SHA256_HEX_LEN + 1], const char *path,
                    uint64_t *size_out, eip_error *err);

#endif
