/* SPDX-License-Identifier: MIT */
/* Known SHA-256 vectors (FIPS 180-2 examples) through every entry point. */
#include "digest/digest.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static const char empty_hex[] =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
static const char abc_hex[] =
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
static const char two_block_hex[] =
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
static const char million_a_hex[] =
    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
static const char two_block[] =
    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

static void test_digest__memory_vectors_match(void **state)
{
    char hex[EIP_SHA256_HEX_LEN + 1];

    (void)state;
    assert_int_equal(eip_sha256_mem(hex, "", 0, NULL), 0);
    assert_string_equal(hex, empty_hex);
    assert_int_equal(eip_sha256_mem(hex, "abc", 3, NULL), 0);
    assert_string_equal(hex, abc_hex);
    assert_int_equal(eip_sha256_mem(hex, two_block, strlen(two_block), NULL),
                     0);
    assert_string_equal(hex, two_block_hex);
}

static void test_digest__stream_in_pieces_matches(void **state)
{
    unsigned char digest[EIP_SHA256_LEN];
    char hex[EIP_SHA256_HEX_LEN + 1];
    char chunk[1000];
    eip_sha256 s;
    int i;

    (void)state;
    memset(chunk, 'a', sizeof(chunk));
    assert_int_equal(eip_sha256_init(&s, NULL), 0);
    for (i = 0; i < 1000; i++) {
        assert_int_equal(eip_sha256_update(&s, chunk, sizeof(chunk)), 0);
    }
    assert_int_equal(eip_sha256_final(digest, &s), 0);
    eip_sha256_hex(hex, digest);
    assert_string_equal(hex, million_a_hex);
    eip_sha256_free(&s);
    eip_sha256_free(NULL);
}

static void test_digest__file_is_hashed_and_sized(void **state)
{
    char path[] = "/tmp/eip-sha256-XXXXXX";
    char hex[EIP_SHA256_HEX_LEN + 1];
    char chunk[1000];
    uint64_t size = 0;
    FILE *fp;
    int fd;
    int i;

    (void)state;
    memset(chunk, 'a', sizeof(chunk));
    fd = mkstemp(path);
    assert_true(fd >= 0);
    fp = fdopen(fd, "wb");
    assert_non_null(fp);
    for (i = 0; i < 1000; i++) {
        assert_int_equal(fwrite(chunk, 1, sizeof(chunk), fp), sizeof(chunk));
    }
    assert_int_equal(fclose(fp), 0);
    assert_int_equal(eip_sha256_file(hex, path, &size, NULL), 0);
    assert_string_equal(hex, million_a_hex);
    assert_int_equal(size, 1000000);
    unlink(path);
}

static void test_digest__missing_file_is_not_found(void **state)
{
    char hex[EIP_SHA256_HEX_LEN + 1];
    eip_error err;

    (void)state;
    eip_error_clear(&err);
    assert_int_equal(eip_sha256_file(hex, "/nonexistent/x", NULL, &err),
                     EIP_ENOTFOUND);
    assert_non_null(strstr(err.message, "/nonexistent/x"));
}

static void test_digest__hex_round_trips(void **state)
{
    unsigned char digest[EIP_SHA256_LEN];
    char hex[EIP_SHA256_HEX_LEN + 1];

    (void)state;
    assert_int_equal(eip_sha256_unhex(digest, abc_hex), 0);
    eip_sha256_hex(hex, digest);
    assert_string_equal(hex, abc_hex);
    assert_int_equal(eip_sha256_unhex(digest, "abc"), EIP_EFORMAT);
    memcpy(hex, abc_hex, sizeof(hex));
    hex[10] = 'g';
    assert_int_equal(eip_sha256_unhex(digest, hex), EIP_EFORMAT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_digest__memory_vectors_match),
        cmocka_unit_test(test_digest__stream_in_pieces_matches),
        cmocka_unit_test(test_digest__file_is_hashed_and_sized),
        cmocka_unit_test(test_digest__missing_file_is_not_found),
        cmocka_unit_test(test_digest__hex_round_trips),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
