/* SPDX-License-Identifier: MIT */
#include "digest/digest.h"

#include <openssl/evp.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_once_t md_once = PTHREAD_ONCE_INIT;
static EVP_MD *md_sha256;

/*
 * Fetched once and kept for the life of the process: fetching per stream
 * costs a provider lookup under a lock, and the object is never mutated.
 */
static void fetch_md(void)
{
    md_sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
}

static const EVP_MD *sha256_md(void)
{
    pthread_once(&md_once, fetch_md);
    return md_sha256;
}

int eip_sha256_init(eip_sha256 *out, eip_error *err)
{
    const EVP_MD *md = sha256_md();
    EVP_MD_CTX *ctx;

    out->ctx = NULL;
    if (md == NULL) {
        return eip_error_set(err, EIP_EIO, "sha-256 is not available");
    }
    ctx = EVP_MD_CTX_new();
    if (ctx == NULL) {
        return eip_error_set(err, EIP_ENOMEM, "out of memory");
    }
    if (EVP_DigestInit_ex(ctx, md, NULL) != 1) {
        EVP_MD_CTX_free(ctx);
        return eip_error_set(err, EIP_EIO, "sha-256 failed to start");
    }
    out->ctx = ctx;
    return 0;
}

int eip_sha256_update(eip_sha256 *s, const void *data, size_t len)
{
    if (s->ctx == NULL || EVP_DigestUpdate(s->ctx, data, len) != 1) {
        return EIP_EIO;
    }
    return 0;
}

int eip_sha256_final(unsigned char out[EIP_SHA256_LEN], eip_sha256 *s)
{
    unsigned int n = 0;
    int rc = 0;

    if (s->ctx == NULL || EVP_DigestFinal_ex(s->ctx, out, &n) != 1 ||
        n != EIP_SHA256_LEN) {
        rc = EIP_EIO;
    }
    eip_sha256_free(s);
    return rc;
}

void eip_sha256_free(eip_sha256 *s)
{
    if (s != NULL) {
        EVP_MD_CTX_free(s->ctx);
        s->ctx = NULL;
    }
}

void eip_sha256_hex(char out[EIP_SHA256_HEX_LEN + 1],
                    const unsigned char digest[EIP_SHA256_LEN])
{
    static const char digits[] = "0123456789abcdef";
    size_t i;

    for (i = 0; i < EIP_SHA256_LEN; i++) {
        out[2 * i] = digits[digest[i] >> 4];
        out[2 * i + 1] = digits[digest[i] & 0x0f];
    }
    out[EIP_SHA256_HEX_LEN] = '\0';
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

int eip_sha256_unhex(unsigned char out[EIP_SHA256_LEN], const char *hex)
{
    size_t i;
    int hi;
    int lo;

    if (strlen(hex) != EIP_SHA256_HEX_LEN) {
        return EIP_EFORMAT;
    }
    for (i = 0; i < EIP_SHA256_LEN; i++) {
        hi = hex_value(hex[2 * i]);
        lo = hex_value(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            return EIP_EFORMAT;
        }
        out[i] = (unsigned char)(hi << 4 | lo);
    }
    return 0;
}

int eip_sha256_mem(char out_hex[EIP_SHA256_HEX_LEN + 1], const void *data,
                   size_t len, eip_error *err)
{
    unsigned char digest[EIP_SHA256_LEN];
    eip_sha256 s;
    int rc;

    rc = eip_sha256_init(&s, err);
    if (rc != 0) {
        return rc;
    }
    if (eip_sha256_update(&s, data, len) != 0 ||
        eip_sha256_final(digest, &s) != 0) {
        eip_sha256_free(&s);
        return eip_error_set(err, EIP_EIO, "sha-256 failed");
    }
    eip_sha256_hex(out_hex, digest);
    return 0;
}

/* Hash everything readable from fd into s; count the bytes in *total. */
static int hash_fd(eip_sha256 *s, int fd, unsigned char *block, uint64_t *total)
{
    ssize_t n;

    for (;;) {
        n = read(fd, block, EIP_SHA256_BLOCK);
        if (n == 0) {
            return 0;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 || eip_sha256_update(s, block, (size_t)n) != 0) {
            return EIP_EIO;
        }
        *total += (uint64_t)n;
    }
}

int eip_sha256_file(char out_hex[EIP_SHA256_HEX_LEN + 1], const char *path,
                    uint64_t *size_out, eip_error *err)
{
    unsigned char digest[EIP_SHA256_LEN];
    unsigned char *block = NULL;
    eip_sha256 s = {NULL};
    uint64_t total = 0;
    int fd;
    int rc;

    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        rc = eip_error_set(err, errno == ENOENT ? EIP_ENOTFOUND : EIP_EIO,
                           "'%s': cannot open: %s", path, strerror(errno));
        goto done;
    }
    block = malloc(EIP_SHA256_BLOCK);
    if (block == NULL) {
        rc = eip_error_set(err, EIP_ENOMEM, "out of memory");
        goto done;
    }
    rc = eip_sha256_init(&s, err);
    if (rc != 0) {
        goto done;
    }
    rc = hash_fd(&s, fd, block, &total);
    if (rc == 0) {
        rc = eip_sha256_final(digest, &s);
    }
    if (rc != 0) {
        rc = eip_error_set(err, EIP_EIO, "'%s': read failed", path);
        goto done;
    }
    eip_sha256_hex(out_hex, digest);
    if (size_out != NULL) {
        *size_out = total;
    }

done:
    eip_sha256_free(&s);
    free(block);
    if (fd >= 0) {
        close(fd);
    }
    return rc;
}
