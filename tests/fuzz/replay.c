/* SPDX-License-Identifier: MIT */
/*
 * replay.c - run a fuzz target's LLVMFuzzerTestOneInput, without
 * libFuzzer, on every file of the folders (or the files) given, in name
 * order.  Linked with one target it is a ctest case: the seed corpus and
 * every input a fuzzer once failed on must still go through cleanly, and
 * the sanitizer build checks them for memory errors too.
 *
 * Exit status: 0 all inputs ran, 1 an input could not be read, 2 usage.
 */
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *data = NULL;
    size_t len = 0;
    size_t cap = 0;
    size_t n;
    int rc = 1;

    if (f == NULL) {
        fprintf(stderr, "replay: %s: cannot open\n", path);
        return 1;
    }
    do {
        if (cap - len < 65536) {
            uint8_t *bigger = realloc(data, cap + 65536);

            if (bigger == NULL) {
                goto done;
            }
            data = bigger;
            cap += 65536;
        }
        n = fread(data + len, 1, cap - len, f);
        len += n;
    } while (n > 0);
    if (!ferror(f)) {
        /* A copy of exactly len bytes, so reading past the end shows. */
        uint8_t *exact = malloc(len > 0 ? len : 1);

        if (exact != NULL) {
            memcpy(exact, data, len);
            LLVMFuzzerTestOneInput(exact, len);
            free(exact);
            rc = 0;
        }
    }

done:
    if (rc != 0) {
        fprintf(stderr, "replay: %s: cannot read\n", path);
    }
    free(data);
    fclose(f);
    return rc;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file directly in dir, in name order. */
static int run_folder(const char *dir, unsigned *count)
{
    DIR *d = opendir(dir);
    char **names = NULL;
    size_t n = 0;
    size_t i;
    struct dirent *e;
    int rc = 0;

    if (d == NULL) {
        fprintf(stderr, "replay: %s: cannot open the folder\n", dir);
        return 1;
    }
    while ((e = readdir(d)) != NULL) {
        char **more;

        if (e->d_name[0] == '.') {
            continue;
        }
        more = realloc(names, (n + 1) * sizeof(*names));
        if (more == NULL) {
            rc = 1;
            break;
        }
        names = more;
        names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2);
        if (names[n] == NULL) {
            rc = 1;
            break;
        }
        sprintf(names[n], "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(d);
    if (n > 0) {
        qsort(names, n, sizeof(*names), cmp_names);
    }
    for (i = 0; i < n; i++) {
        struct stat st;

        if (rc == 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
            rc = run_file(names[i]);
            *count += rc == 0;
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    unsigned count = 0;
    int rc = 0;
    int i;

    if (argc < 2) {
        fprintf(stderr, "usage: %s FOLDER|FILE...\n", argv[0]);
        return 2;
    }
    for (i = 1; i < argc && rc == 0; i++) {
        struct stat st;

        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            rc = run_folder(argv[i], &count);
        } else {
            rc = run_file(argv[i]);
            count += rc == 0;
        }
    }
    printf("replay: %u inputs\n", count);
    return rc;
}
