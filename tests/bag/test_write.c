/* SPDX-License-Identifier: MIT */
/* The bag writer: layout, reproducibility, and leaving nothing behind. */
#include "bag/bag.h"

#include <zip.h>

#include <dirent.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

typedef struct fixture {
    char dir[64];  /* scratch folder */
    char src[128]; /* a 300 KB text file */
    char rnd[128]; /* a 2 MB incompressible file */
    char out[128]; /* the target */
} fixture;

static const eip_bag_field fields[] = {
    {"Source-Organization", "Example College"},
    {"Bagging-Date", NULL},
    {"Payload-Oxum", NULL},
    {"External-Identifier", "8710-30 2025/26"},
};

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *fp = fopen(path, "wb");

    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    unsigned char *buf = malloc(2000000);
    size_t i;
    uint32_t x = 12345;

    assert_non_null(f);
    assert_non_null(buf);
    strcpy(f->dir, "/tmp/eip-bag-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->src, sizeof(f->src), "%s/register.csv", f->dir);
    snprintf(f->rnd, sizeof(f->rnd), "%s/photo.bin", f->dir);
    snprintf(f->out, sizeof(f->out), "%s/out/bag.zip", f->dir);
    for (i = 0; i < 300000; i++) {
        buf[i] = (unsigned char)("learner,enrolment\n"[i % 18]);
    }
    write_file(f->src, buf, 300000);
    for (i = 0; i < 2000000; i++) {
        x = x * 1103515245u + 12345u;
        buf[i] = (unsigned char)(x >> 24);
    }
    write_file(f->rnd, buf, 2000000);
    chmod(f->rnd, 0600);
    free(buf);
    snprintf(f->out, sizeof(f->out), "%s/out", f->dir);
    assert_int_equal(mkdir(f->out, 0755), 0);
    strcat(f->out, "/bag.zip");
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

/* Write the standard test bag to target. */
static int pack(const fixture *f, const char *target, eip_bag_format fmt,
                unsigned jobs, int overwrite, eip_bag_progress_fn progress,
                char *hex, eip_error *err)
{
    const eip_bag_item items[] = {
        {"registers/register.csv", f->src, NULL, 0},
        {"photos/site visit.bin", f->rnd, NULL, 0},
        {"learners.csv", NULL, "name,enrolment\nAda,A1\n", 22},
        {"notes/100%.txt", NULL, "percent", 7},
        {"empty.txt", NULL, NULL, 0},
        {"scan.pdf", NULL, "%PDF-1.4 stored", 15},
    };
    eip_bag_options o;

    eip_bag_options_init(&o);
    o.target = target;
    o.name = "EI-8710-30";
    o.format = fmt;
    o.overwrite = overwrite;
    o.source_date_epoch = 1750000000;
    o.jobs = jobs;
    o.progress = progress;
    o.progress_ctx = (void *)(uintptr_t)f;
    eip_error_clear(err);
    return eip_bag_write(hex, items, 6, fields, 4, &o, err);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf;
    long n;

    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
    buf[n] = '\0';
    fclose(fp);
    *len = (size_t)n;
    return buf;
}

/* How many names the folder holds (nothing may be left on failure). */
static int count_names(const char *dir)
{
    struct dirent *de;
    DIR *d = opendir(dir);
    int n = 0;

    assert_non_null(d);
    while ((de = readdir(d)) != NULL) {
        n += strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
    }
    closedir(d);
    return n;
}

static void out_dir(const fixture *f, char *dir, size_t len)
{
    snprintf(dir, len, "%s/out", f->dir);
}

static char *read_entry(zip_t *za, const char *name)
{
    zip_stat_t st;
    zip_file_t *zf;
    char *buf;

    assert_int_equal(zip_stat(za, name, 0, &st), 0);
    buf = calloc(1, st.size + 1);
    zf = zip_fopen(za, name, 0);
    assert_non_null(zf);
    assert_int_equal(zip_fread(zf, buf, st.size), (zip_int64_t)st.size);
    zip_fclose(zf);
    return buf;
}

static void test_bag__zip_holds_a_complete_bag(void **state)
{
    fixture *f = *state;
    char hex[EIP_SHA256_HEX_LEN + 1];
    char file_hex[EIP_SHA256_HEX_LEN + 1];
    char want[256];
    eip_error err;
    zip_t *za;
    char *text;
    size_t len;

    assert_int_equal(pack(f, f->out, EIP_BAG_ZIP, 2, 0, NULL, hex, &err), 0);
    za = zip_open(f->out, ZIP_RDONLY | ZIP_CHECKCONS, NULL);
    assert_non_null(za);
    text = read_entry(za, "EI-8710-30/bagit.txt");
    assert_string_equal(text, "BagIt-Version: 1.0\n"
                              "Tag-File-Character-Encoding: UTF-8\n");
    free(text);
    text = read_entry(za, "EI-8710-30/bag-info.txt");
    assert_string_equal(text, "Source-Organization: Example College\n"
                              "Bagging-Date: 2025-06-15\n"
                              "Payload-Oxum: 2300044.6\n"
                              "External-Identifier: 8710-30 2025/26\n");
    free(text);
    text = read_entry(za, "EI-8710-30/manifest-sha256.txt");
    assert_non_null(strstr(text, "  data/notes/100%25.txt\n"));
    assert_non_null(strstr(text, "  data/empty.txt\n"));
    free(text);
    text = read_entry(za, "EI-8710-30/tagmanifest-sha256.txt");
    assert_null(strstr(text, "tagmanifest"));
    assert_null(strstr(text, "data/"));
    free(text);
    zip_discard(za);
    snprintf(want, sizeof(want), "%s.sha256", f->out);
    text = slurp(want, &len);
    snprintf(want, sizeof(want), "%s  bag.zip\n", hex);
    assert_string_equal(text, want);
    free(text);
    /* Hashed as written, with headers rewritten inside and outside the
     * writer's buffer (the 2 MB entry): the same as hashing the file. */
    assert_int_equal(eip_sha256_file(file_hex, f->out, NULL, &err), 0);
    assert_string_equal(hex, file_hex);
}

static void test_bag__zip_entries_are_sorted_with_fixed_metadata(void **state)
{
    fixture *f = *state;
    char hex[EIP_SHA256_HEX_LEN + 1];
    const char *prev = "";
    zip_uint32_t attr;
    zip_uint8_t opsys;
    zip_stat_t st;
    eip_error err;
    zip_int64_t i;
    zip_t *za;

    assert_int_equal(pack(f, f->out, EIP_BAG_ZIP, 1, 0, NULL, hex, &err), 0);
    za = zip_open(f->out, ZIP_RDONLY, NULL);
    assert_non_null(za);
    for (i = 0; i < zip_get_num_entries(za, 0); i++) {
        assert_int_equal(zip_stat_index(za, (zip_uint64_t)i, 0, &st), 0);
        assert_true(strcmp(prev, st.name) < 0);
        assert_int_equal(strncmp(st.name, "EI-8710-30/", 11), 0);
        assert_int_equal(zip_file_get_external_attributes(za, (zip_uint64_t)i,
                                                          0, &opsys, &attr),
                         0);
        assert_int_equal(opsys, ZIP_OPSYS_UNIX);
        assert_int_equal(
            attr >> 16, st.name[strlen(st.name) - 1] == '/' ? 040755 : 0100644);
        if (strstr(st.name, ".pdf") != NULL ||
            strstr(st.name, "empty") != NULL) {
            assert_int_equal(st.comp_method, ZIP_CM_STORE);
        } else if (st.name[strlen(st.name) - 1] != '/') {
            assert_int_equal(st.comp_method, ZIP_CM_DEFLATE);
        }
        prev = st.name;
    }
    zip_discard(za);
}

static void test_bag__zip_is_identical_whatever_tz_and_jobs(void **state)
{
    fixture *f = *state;
    char hex1[EIP_SHA256_HEX_LEN + 1];
    char hex2[EIP_SHA256_HEX_LEN + 1];
    char other[160];
    mode_t old_mask;
    eip_error err;
    char *a;
    char *b;
    size_t la;
    size_t lb;

    setenv("TZ", "UTC", 1);
    tzset();
    assert_int_equal(pack(f, f->out, EIP_BAG_ZIP, 1, 0, NULL, hex1, &err), 0);
    setenv("TZ", "Asia/Tokyo", 1);
    tzset();
    old_mask = umask(077);
    assert_int_equal(chmod(f->src, 0755), 0);
    snprintf(other, sizeof(other), "%s/out/again.zip", f->dir);
    assert_int_equal(pack(f, other, EIP_BAG_ZIP, 3, 0, NULL, hex2, &err), 0);
    umask(old_mask);
    unsetenv("TZ");
    tzset();
    assert_string_equal(hex1, hex2);
    a = slurp(f->out, &la);
    b = slurp(other, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(a, b, la);
    free(a);
    free(b);
}

static void test_bag__existing_target_is_refused(void **state)
{
    fixture *f = *state;
    char hex[EIP_SHA256_HEX_LEN + 1];
    char dir[128];
    eip_error err;

    write_file(f->out, "old", 3);
    assert_int_equal(pack(f, f->out, EIP_BAG_ZIP, 0, 0, NULL, hex, &err),
                     EIP_EEXIST);
    assert_non_null(strstr(err.message, "bag.zip"));
    assert_string_equal(hex, "");
    out_dir(f, dir, sizeof(dir));
    assert_int_equal(count_names(dir), 1);
    assert_int_equal(pack(f, f->out, EIP_BAG_ZIP, 0, 1, NULL, hex, &err), 0);
    assert_int_equal(count_names(dir), 2);
}

static void test_bag__unwritable_folder_fails_cleanly(void **state)
{
    fixture *f = *state;
    char hex[EIP_SHA256_HEX_LEN + 1];
    char target[160];
    eip_error err;

    snprintf(target, sizeof(target), "%s/register.csv/bag.zip", f->dir);
    assert_int_equal(pack(f, target, EIP_BAG_ZIP, 0, 0, NULL, hex, &err),
                     EIP_EIO);
    assert_non_null(strstr(err.message, "register.csv"));
}

static void truncate_source(void *ctx, uint64_t done, uint64_t total)
{
    const fixture *f = ctx;

    (void)total;
    if (done == 0) {
        assert_int_equal(truncate(f->rnd, 1000), 0);
    }
}

static void grow_source(void *ctx, uint64_t done, uint64_t total)
{
    const fixture *f = ctx;
    FILE *fp;

    (void)total;
    if (done == 0) {
        fp = fopen(f->src, "ab");
        assert_non_null(fp);
        fputs("one more line\n", fp);
        fclose(fp);
    }
}

static void test_bag__source_changed_while_packing_fails(void **state)
{
    fixture *f = *state;
    char hex[EIP_SHA256_HEX_LEN + 1];
    char dir[128];
    eip_error err;
    int rc;

    out_dir(f, dir, sizeof(dir));
    rc = pack(f, f->out, EIP_BAG_ZIP, 2, 0, truncate_source, hex, &err);
    assert_int_equal(rc, EIP_EVERIFY);
    assert_non_null(strstr(err.message, "changed while packing"));
    assert_non_null(strstr(err.message, "photo.bin"));
    assert_int_equal(count_names(dir), 0);
    rc = pack(f, f->out, EIP_BAG_ZIP, 2, 0, grow_source, hex, &err);
    assert_int_equal(rc, EIP_EVERIFY);
    assert_non_null(strstr(err.message, "register.csv"));
    assert_int_equal(count_names(dir), 0);
}

static void test_bag__full_disk_leaves_nothing(void **state)
{
    fixture *f = *state;
    char hex[EIP_SHA256_HEX_LEN + 1];
    struct rlimit old;
    struct rlimit small;
    char dir[128];
    eip_error err;
    int rc;

    out_dir(f, dir, sizeof(dir));
    signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    small = old;
    small.rlim_cur = 1024 * 1024;
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    rc = pack(f, f->out, EIP_BAG_ZIP, 2, 0, NULL, hex, &err);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    assert_int_equal(rc, EIP_EIO);
    assert_non_null(strstr(err.message, "bag.zip"));
    assert_int_equal(count_names(dir), 0);
}

static void test_bag__same_name_twice_is_refused(void **state)
{
    fixture *f = *state;
    const eip_bag_item items[] = {
        {"Caf\xc3\xa9.txt", NULL, "a", 1},
        {"cafe\xcc\x81.TXT", NULL, "b", 1},
    };
    char hex[EIP_SHA256_HEX_LEN + 1];
    eip_bag_options o;
    eip_error err;

    eip_bag_options_init(&o);
    o.target = f->out;
    o.name = "bag";
    eip_error_clear(&err);
    assert_int_equal(eip_bag_write(hex, items, 2, NULL, 0, &o, &err),
                     EIP_EEXIST);
    assert_non_null(strstr(err.message, items[0].path));
    assert_non_null(strstr(err.message, items[1].path));
}

static void test_bag__bad_bag_info_elements_are_refused(void **state)
{
    fixture *f = *state;
    const eip_bag_item item = {"a.txt", NULL, "a", 1};
    const eip_bag_field two_lines[] = {{"Contact-Name", "Ada\nX: y"}};
    const eip_bag_field colon[] = {{"Contact: Name", "Ada"}};
    char hex[EIP_SHA256_HEX_LEN + 1];
    eip_bag_options o;
    eip_error err;

    eip_bag_options_init(&o);
    o.target = f->out;
    o.name = "bag";
    eip_error_clear(&err);
    assert_int_equal(eip_bag_write(hex, &item, 1, two_lines, 1, &o, &err),
                     EIP_EINVAL);
    assert_non_null(strstr(err.message, "Contact-Name"));
    eip_error_clear(&err);
    assert_int_equal(eip_bag_write(hex, &item, 1, colon, 1, &o, &err),
                     EIP_EINVAL);
}

static void test_bag__bag_info_element_without_value_is_left_out(void **state)
{
    fixture *f = *state;
    const eip_bag_item item = {"a.txt", NULL, "a", 1};
    const eip_bag_field some[] = {{"Contact-Name", NULL},
                                  {"Payload-Oxum", NULL}};
    char hex[EIP_SHA256_HEX_LEN + 1];
    eip_bag_options o;
    zip_t *za;
    char *text;

    eip_bag_options_init(&o);
    o.target = f->out;
    o.name = "bag";
    assert_int_equal(eip_bag_write(hex, &item, 1, some, 2, &o, NULL), 0);
    za = zip_open(f->out, ZIP_RDONLY, NULL);
    assert_non_null(za);
    text = read_entry(za, "bag/bag-info.txt");
    assert_string_equal(text, "Payload-Oxum: 1.1\n");
    free(text);
    zip_discard(za);
}

static void test_bag__folder_bag_verifies_and_replaces(void **state)
{
    fixture *f = *state;
    char hex[EIP_SHA256_HEX_LEN + 1];
    char target[160];
    char path[200];
    eip_findings *problems = NULL;
    eip_error err;
    char *text;
    size_t len;

    snprintf(target, sizeof(target), "%s/out/bag", f->dir);
    assert_int_equal(pack(f, target, EIP_BAG_DIR, 0, 0, NULL, hex, &err), 0);
    snprintf(path, sizeof(path), "%s/data/notes/100%%.txt", target);
    text = slurp(path, &len);
    assert_string_equal(text, "percent");
    free(text);
    assert_int_equal(pack(f, target, EIP_BAG_DIR, 0, 0, NULL, hex, &err),
                     EIP_EEXIST);
    assert_int_equal(pack(f, target, EIP_BAG_DIR, 0, 1, NULL, hex, &err), 0);
    assert_int_equal(eip_findings_new(&problems), 0);
    assert_int_equal(eip_bag_verify(problems, target, 0, &err), 0);
    assert_int_equal(eip_findings_count(problems), 0);
    eip_findings_free(problems);
    snprintf(path, sizeof(path), "%s/out", f->dir);
    assert_int_equal(count_names(path), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_bag__zip_holds_a_complete_bag,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_bag__zip_entries_are_sorted_with_fixed_metadata, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_bag__zip_is_identical_whatever_tz_and_jobs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bag__existing_target_is_refused,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_bag__unwritable_folder_fails_cleanly, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_bag__source_changed_while_packing_fails, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bag__full_disk_leaves_nothing,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_bag__same_name_twice_is_refused,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_bag__bad_bag_info_elements_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_bag__bag_info_element_without_value_is_left_out, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_bag__folder_bag_verifies_and_replaces, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
