/* SPDX-License-Identifier: MIT */
/*
 * fuzz_cohort.c - fuzz target: the input bytes describe a small cohort
 * folder, which is created under a fresh temporary folder, loaded with
 * the built-in rules, checked, sampled and reported as JSON and text, and
 * then removed.
 *
 * The input is a sequence of records, each
 *
 *     u8 path length, path, u16 little-endian data length, data
 *
 * A path is '/'-separated; every part is 1 to 48 characters of
 * [A-Za-z0-9 ._-] and neither "." nor "..", and there are at most
 * MAX_DEPTH parts.  A path ending in '/' makes an empty folder; any other
 * makes a file holding the data (cut short at the end of the input).
 * Records with another path are skipped, as are ones that clash with what
 * earlier records made.  Files and folders are made with openat and
 * mkdirat below the temporary folder's descriptor, never through a link,
 * so nothing is ever written outside it.
 */
#include "base/buf.h"
#include "check/check.h"
#include "cohort/cohort.h"
#include "findings/findings.h"
#include "report/report.h"
#include "rules/rules.h"
#include "sample/sample.h"

#include <dirent.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DEPTH 4
#define MAX_PART 48
#define MAX_RECORDS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int part_ok(const char *p, size_t len)
{
    size_t i;

    if (len == 0 || len > MAX_PART || (len == 1 && p[0] == '.') ||
        (len == 2 && p[0] == '.' && p[1] == '.')) {
        return 0;
    }
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)p[i];

        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == ' ' || c == '.' || c == '_' ||
              c == '-')) {
            return 0;
        }
    }
    return 1;
}

/* Open (making it first if need be) the folder part below dirfd. */
static int enter(int dirfd, const char *part)
{
    if (mkdirat(dirfd, part, 0700) != 0) {
        struct stat st;

        if (fstatat(dirfd, part, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
            !S_ISDIR(st.st_mode)) {
            return -1;
        }
    }
    return openat(dirfd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
}

static void write_file(int dirfd, const char *part, const uint8_t *data,
                       size_t len)
{
    int fd =
        openat(dirfd, part, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
    size_t done = 0;

    if (fd < 0) {
        return;
    }
    while (done < len) {
        ssize_t n = write(fd, data + done, len - done);

        if (n <= 0) {
            break;
        }
        done += (size_t)n;
    }
    close(fd);
}

/*
 * Make the path (NUL-terminated, checked part by part here) below rootfd:
 * its folders, then a file with data unless the path ends in '/'.
 */
static void make_entry(int rootfd, char *path, const uint8_t *data, size_t len)
{
    int fd = dup(rootfd);
    char *part = path;
    int depth = 0;

    while (fd >= 0) {
        char *slash = strchr(part, '/');
        size_t n = slash != NULL ? (size_t)(slash - part) : strlen(part);
        int next;

        if (slash == NULL && n == 0 && depth > 0) {
            break; /* the path ended in '/': a folder only */
        }
        if (!part_ok(part, n) || ++depth > MAX_DEPTH) {
            break;
        }
        if (slash == NULL) {
            write_file(fd, part, data, len);
            break;
        }
        *slash = '\0';
        next = enter(fd, part);
        close(fd);
        fd = next;
        part = slash + 1;
    }
    if (fd >= 0) {
        close(fd);
    }
}

/* Decode the records into files and folders below rootfd. */
static void unpack(int rootfd, const uint8_t *data, size_t size)
{
    char path[256];
    size_t at = 0;
    int records = 0;

    while (at < size && records++ < MAX_RECORDS) {
        size_t plen = data[at++];
        size_t dlen;

        if (size - at < plen + 2) {
            return;
        }
        memcpy(path, data + at, plen);
        path[plen] = '\0';
        at += plen;
        dlen = (size_t)data[at] | (size_t)data[at + 1] << 8;
        at += 2;
        if (dlen > size - at) {
            dlen = size - at;
        }
        if (memchr(path, '\0', plen) == NULL) {
            make_entry(rootfd, path, data + at, dlen);
        }
        at += dlen;
    }
}

/* Remove everything below dirfd (which this closes), never following. */
static void empty_folder(int dirfd)
{
    DIR *d = fdopendir(dirfd);
    struct dirent *e;

    if (d == NULL) {
        close(dirfd);
        return;
    }
    while ((e = readdir(d)) != NULL) {
        struct stat st;

        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
            fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            int sub =
                openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);

            if (sub >= 0) {
                empty_folder(sub);
            }
            unlinkat(dirfd, e->d_name, AT_REMOVEDIR);
        } else {
            unlinkat(dirfd, e->d_name, 0);
        }
    }
    closedir(d);
}

/* Check, sample and report a loaded cohort, touching every output. */
static size_t judge(const eip_cohort *c, const eip_rules *rules,
                    eip_findings *f)
{
    eip_report_input in = {c, rules, NULL, f, NULL};
    eip_buf out = EIP_BUF_INIT;
    eip_check *k = NULL;
    eip_sample s;
    size_t sum = 0;
    eip_error err;

    memset(&s, 0, sizeof(s));
    eip_error_clear(&err);
    if (eip_check_run(&k, c, rules, EIP_STAGE_SUBMISSION, f, &err) != 0) {
        return 0;
    }
    eip_findings_sort(f);
    in.check = k;
    if (eip_sample_choose(&s, c, rules, eip_sample_default_seed(c, rules), 0) ==
        0) {
        in.sample = &s;
    }
    if (eip_report_json(&out, &in) == 0) {
        sum += out.len;
    }
    eip_buf_reset(&out);
    if (eip_report_text(&out, &in, 1) == 0) {
        sum += out.len;
    }
    eip_buf_free(&out);
    eip_sample_free(&s);
    eip_check_free(k);
    return sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static eip_rules *rules;
    eip_findings *f = NULL;
    eip_cohort *c = NULL;
    volatile size_t sink = 0;
    const char *tmp = getenv("TMPDIR");
    char root[512];
    eip_error err;
    int rootfd;

    eip_error_clear(&err);
    if (rules == NULL && eip_rules_load(&rules, NULL, &err) != 0) {
        abort(); /* the built-in rules always load */
    }
    snprintf(root, sizeof(root), "%s/eipack-fuzz-cohort-XXXXXX",
             tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
    if (mkdtemp(root) == NULL) {
        return 0;
    }
    rootfd = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    if (rootfd >= 0) {
        unpack(rootfd, data, size);
        if (eip_findings_new(&f) == 0 &&
            eip_cohort_load(&c, root, rules, f, &err) == 0) {
            sink += judge(c, rules, f);
        }
        eip_cohort_free(c);
        eip_findings_free(f);
        empty_folder(rootfd);
    }
    rmdir(root);
    (void)sink;
    return 0;
}
