/* SPDX-License-Identifier: MIT */
/* The bag verifier: every kind of damage is found and names the entry. */
#include "bag/bag.h"

#include <zip.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

typedef struct fixture {
    char dir[64];
    char zip[128];
    char bag[128];
} fixture;

static const eip_bag_item items[] = {
    {"registers/week1.csv", NULL, "name,enrolment\nAda,A1\n", 22},
    {"scan.pdf", NULL, "%PDF-1.4 STORED-MARKER-0123456789", 33},
    {"notes.txt", NULL, "guest lecture notes", 19},
};

static const eip_bag_field fields[] = {
    {"Bagging-Date", NULL},
    {"Payload-Oxum", NULL},
};

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    char hex[EIP_SHA256_HEX_LEN + 1];
    eip_bag_options o;

    assert_non_null(f);
    strcpy(f->dir, "/tmp/eip-verify-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->zip, sizeof(f->zip), "%s/bag.zip", f->dir);
    snprintf(f->bag, sizeof(f->bag), "%s/bag", f->dir);
    eip_bag_options_init(&o);
    o.name = "bag";
    o.source_date_epoch = 0;
    o.target = f->zip;
    assert_int_equal(eip_bag_write(hex, items, 3, fields, 2, &o, NULL), 0);
    o.target = f->bag;
    o.format = EIP_BAG_DIR;
    assert_int_equal(eip_bag_write(hex, items, 3, fields, 2, &o, NULL), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[128];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

/* Verify path; return the findings (caller frees). */
static eip_findings *verify(const char *path)
{
    eip_findings *problems = NULL;
    eip_error err;

    eip_error_clear(&err);
    assert_int_equal(eip_findings_new(&problems), 0);
    assert_int_equal(eip_bag_verify(problems, path, 2, &err), 0);
    return problems;
}

/* Assert that a finding with code names a file ending in file_end. */
static void expect(eip_findings *problems, const char *code,
                   const char *file_end)
{
    const eip_finding *p;
    size_t i;

    for (i = 0; i < eip_findings_count(problems); i++) {
        p = eip_findings_get(problems, i);
        if (strcmp(p->code, code) == 0 && p->file != NULL &&
            strlen(p->file) >= strlen(file_end) &&
            strcmp(p->file + strlen(p->file) - strlen(file_end), file_end) ==
                0) {
            return;
        }
    }
    fail_msg("no finding %s for %s", code, file_end);
}

static void write_text(const char *dir, const char *rel, const char *text)
{
    char path[256];
    FILE *fp;

    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void test_bag__valid_bags_have_no_problems(void **state)
{
    fixture *f = *state;
    eip_findings *p;

    p = verify(f->zip);
    assert_int_equal(eip_findings_count(p), 0);
    eip_findings_free(p);
    p = verify(f->bag);
    assert_int_equal(eip_findings_count(p), 0);
    eip_findings_free(p);
}

static void test_bag__changed_byte_is_a_checksum_mismatch(void **state)
{
    fixture *f = *state;
    eip_findings *p;

    write_text(f->bag, "data/notes.txt", "guest lecture notez");
    p = verify(f->bag);
    expect(p, "bag-checksum-mismatch", "data/notes.txt");
    assert_int_equal(eip_findings_count(p), 1);
    eip_findings_free(p);
}

static void test_bag__changed_byte_in_zip_is_a_crc_error(void **state)
{
    fixture *f = *state;
    char buf[8192];
    eip_findings *p;
    FILE *fp;
    size_t n;
    size_t i;

    fp = fopen(f->zip, "r+b");
    assert_non_null(fp);
    n = fread(buf, 1, sizeof(buf), fp);
    for (i = 0; i + 13 <= n && memcmp(buf + i, "STORED-MARKER", 13); i++) {
        continue;
    }
    assert_true(i + 13 <= n);
    fseek(fp, (long)i, SEEK_SET);
    fputc('X', fp);
    fclose(fp);
    p = verify(f->zip);
    expect(p, "zip-crc-error", "bag/data/scan.pdf");
    eip_findings_free(p);
}

static void test_bag__added_file_is_extra(void **state)
{
    fixture *f = *state;
    eip_findings *p;

    write_text(f->bag, "data/registers/week2.csv", "late addition\n");
    p = verify(f->bag);
    expect(p, "bag-file-extra", "data/registers/week2.csv");
    expect(p, "bag-oxum-mismatch", "bag-info.txt");
    eip_findings_free(p);
}

static void test_bag__removed_file_is_missing(void **state)
{
    fixture *f = *state;
    char path[256];
    eip_findings *p;

    snprintf(path, sizeof(path), "%s/data/scan.pdf", f->bag);
    assert_int_equal(unlink(path), 0);
    p = verify(f->bag);
    expect(p, "bag-file-missing", "data/scan.pdf");
    expect(p, "bag-oxum-mismatch", "bag-info.txt");
    eip_findings_free(p);
}

/* Delete one entry of the zip at path. */
static void zip_drop(const char *path, const char *name)
{
    zip_int64_t idx;
    zip_t *za;
    int zerr;

    za = zip_open(path, 0, &zerr);
    assert_non_null(za);
    idx = zip_name_locate(za, name, 0);
    assert_true(idx >= 0);
    assert_int_equal(zip_delete(za, (zip_uint64_t)idx), 0);
    assert_int_equal(zip_close(za), 0);
}

/* The finding with this code must name exactly this file. */
static void expect_named(eip_findings *problems, const char *code,
                         const char *file)
{
    const eip_finding *found = NULL;
    size_t i;

    for (i = 0; i < eip_findings_count(problems); i++) {
        if (strcmp(eip_findings_get(problems, i)->code, code) == 0) {
            found = eip_findings_get(problems, i);
        }
    }
    assert_non_null(found);
    assert_string_equal(found->file, file);
    assert_non_null(strstr(found->message, file));
}

/* In a zip, a missing file is named as the other entries are. */
static void test_bag__removed_zip_entry_is_named_in_the_archive(void **state)
{
    fixture *f = *state;
    eip_findings *p;

    zip_drop(f->zip, "bag/data/scan.pdf");
    p = verify(f->zip);
    expect_named(p, "bag-file-missing", "bag/data/scan.pdf");
    eip_findings_free(p);
    zip_drop(f->zip, "bag/bagit.txt");
    p = verify(f->zip);
    expect_named(p, "bag-not-bag", "bag/bagit.txt");
    eip_findings_free(p);
}

/* An archive holding folders and no files is no bag, and says so. */
static void test_bag__zip_of_folders_only_is_not_a_bag(void **state)
{
    fixture *f = *state;
    eip_findings *p;
    char path[256];
    zip_t *za;
    int zerr;

    snprintf(path, sizeof(path), "%s/folders.zip", f->dir);
    za = zip_open(path, ZIP_CREATE | ZIP_EXCL, &zerr);
    assert_non_null(za);
    assert_true(zip_dir_add(za, "bag", 0) >= 0);
    assert_int_equal(zip_close(za), 0);
    p = verify(path);
    expect(p, "bag-not-bag", "bagit.txt");
    eip_findings_free(p);
}

static void test_bag__wrong_oxum_is_found(void **state)
{
    fixture *f = *state;
    eip_findings *p;

    write_text(f->bag, "bag-info.txt",
               "Bagging-Date: 1970-01-01\nPayload-Oxum: 75.3\n");
    p = verify(f->bag);
    expect(p, "bag-oxum-mismatch", "bag-info.txt");
    expect(p, "bag-tagmanifest-mismatch", "bag-info.txt");
    eip_findings_free(p);
}

static void test_bag__folder_without_bagit_is_not_a_bag(void **state)
{
    fixture *f = *state;
    char path[256];
    eip_findings *p;

    snprintf(path, sizeof(path), "%s/bagit.txt", f->bag);
    assert_int_equal(unlink(path), 0);
    p = verify(f->bag);
    expect(p, "bag-not-bag", "bagit.txt");
    eip_findings_free(p);
    write_text(f->dir, "plain.zip", "not a zip at all");
    snprintf(path, sizeof(path), "%s/plain.zip", f->dir);
    p = verify(path);
    expect(p, "bag-not-bag", "plain.zip");
    eip_findings_free(p);
}

static void add_bytes(zip_t *za, const char *name, const char *text)
{
    zip_source_t *src = zip_source_buffer(za, text, strlen(text), 0);

    assert_non_null(src);
    assert_true(zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8) >= 0);
}

static void test_bag__unsafe_and_stray_entries_are_found(void **state)
{
    fixture *f = *state;
    char path[256];
    eip_findings *p;
    zip_t *za;

    snprintf(path, sizeof(path), "%s/evil.zip", f->dir);
    za = zip_open(path, ZIP_CREATE | ZIP_EXCL, NULL);
    assert_non_null(za);
    add_bytes(za, "bag/bagit.txt",
              "BagIt-Version: 1.0\n"
              "Tag-File-Character-Encoding: UTF-8\n");
    add_bytes(za, "bag/manifest-sha256.txt", "");
    add_bytes(za, "bag/data/../../escape.txt", "x");
    add_bytes(za, "other/readme.txt", "x");
    add_bytes(za, "bag/data/A.txt", "a");
    add_bytes(za, "bag/data/a.txt", "a");
    assert_int_equal(zip_close(za), 0);
    p = verify(path);
    expect(p, "bag-unsafe-name", "bag/data/../../escape.txt");
    expect(p, "bag-not-bag", "other/readme.txt");
    expect(p, "bag-duplicate-name", "data/a.txt");
    expect(p, "bag-file-extra", "bag/data/a.txt");
    eip_findings_free(p);
}

/* Entries of 8 MiB and more are hashed on a helper thread. */
static void test_bag__large_entry_is_read_and_checked(void **state)
{
    fixture *f = *state;
    const size_t size = 9u * 1024u * 1024u;
    unsigned char *big = malloc(size);
    eip_bag_item item = {"big.pdf", NULL, NULL, 0};
    char hex[EIP_SHA256_HEX_LEN + 1];
    char path[256];
    eip_bag_options o;
    eip_findings *p;
    FILE *fp;
    size_t i;

    assert_non_null(big);
    for (i = 0; i < size; i++) {
        big[i] = (unsigned char)(i * 7 + i / 4096);
    }
    item.data = big;
    item.len = size;
    snprintf(path, sizeof(path), "%s/big.zip", f->dir);
    eip_bag_options_init(&o);
    o.target = path;
    o.name = "bag";
    assert_int_equal(eip_bag_write(hex, &item, 1, NULL, 0, &o, NULL), 0);
    free(big);
    p = verify(path);
    assert_int_equal(eip_findings_count(p), 0);
    eip_findings_free(p);
    fp = fopen(path, "r+b");
    assert_non_null(fp);
    fseek(fp, (long)(size / 2), SEEK_SET);
    i = (size_t)fgetc(fp);
    fseek(fp, (long)(size / 2), SEEK_SET);
    fputc((int)(i ^ 0xff), fp);
    fclose(fp);
    p = verify(path);
    expect(p, "zip-crc-error", "bag/data/big.pdf");
    eip_findings_free(p);
}

static void test_bag__unreadable_path_is_an_error(void **state)
{
    eip_findings *problems = NULL;
    eip_error err;

    (void)state;
    eip_error_clear(&err);
    assert_int_equal(eip_findings_new(&problems), 0);
    assert_int_equal(eip_bag_verify(problems, "/nonexistent/bag.zip", 0, &err),
                     EIP_ENOTFOUND);
    assert_non_null(strstr(err.message, "/nonexistent/bag.zip"));
    eip_findings_free(problems);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_bag__valid_bags_have_no_problems),
        T(test_bag__changed_byte_is_a_checksum_mismatch),
        T(test_bag__changed_byte_in_zip_is_a_crc_error),
        T(test_bag__added_file_is_extra),
        T(test_bag__removed_file_is_missing),
        T(test_bag__removed_zip_entry_is_named_in_the_archive),
        T(test_bag__zip_of_folders_only_is_not_a_bag),
        T(test_bag__wrong_oxum_is_found),
        T(test_bag__folder_without_bagit_is_not_a_bag),
        T(test_bag__unsafe_and_stray_entries_are_found),
        T(test_bag__large_entry_is_read_and_checked),
        T(test_bag__unreadable_path_is_an_error),
    };
#undef T

    return cmocka_run_group_tests(tests, NULL, NULL);
}
