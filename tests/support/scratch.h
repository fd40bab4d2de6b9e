/* SPDX-License-Identifier: MIT */
/*
 * scratch.h - a temporary folder for tests that need files on disk:
 * made under $TMPDIR, filled by path, removed whole at the end.
 */
#ifndef EIP_TEST_SCRATCH_H
#define EIP_TEST_SCRATCH_H

#include <errno.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct scratch {
    char root[256];
} scratch;

/* Make a new empty folder; 0 or -1. */
static inline int scratch_new(scratch *s)
{
    const char *tmp = getenv("TMPDIR");

    snprintf(s->root, sizeof(s->root), "%s/eipack-test-XXXXXX",
             tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
    return mkdtemp(s->root) != NULL ? 0 : -1;
}

/* The path of rel inside the folder, in a static buffer per call site. */
static inline const char *scratch_path(const scratch *s, const char *rel,
                                       char *buf, size_t size)
{
    snprintf(buf, size, "%s/%s", s->root, rel);
    return buf;
}

/* Make the folders of rel (every part but the last). */
static inline int scratch_mkdirs(const scratch *s, const char *rel)
{
    char path[1024];
    size_t n = strlen(s->root) + 1;

    scratch_path(s, rel, path, sizeof(path));
    for (char *p = path + n; *p != '\0'; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(path, 0755) != 0 && errno != EEXIST) {
                return -1;
            }
            *p = '/';
        }
    }
    return 0;
}

/* Write len bytes to rel, making its folders; 0 or -1. */
static inline int scratch_write_bytes(const scratch *s, const char *rel,
                                      const void *data, size_t len)
{
    char path[1024];
    FILE *f;
    int rc;

    if (scratch_mkdirs(s, rel) != 0) {
        return -1;
    }
    f = fopen(scratch_path(s, rel, path, sizeof(path)), "wb");
    if (f == NULL) {
        return -1;
    }
    rc = fwrite(data, 1, len, f) == len ? 0 : -1;
    return fclose(f) == 0 ? rc : -1;
}

static inline int scratch_write(const scratch *s, const char *rel,
                                const char *text)
{
    return scratch_write_bytes(s, rel, text, strlen(text));
}

/* Make the folder rel (and its parents). */
static inline int scratch_mkdir(const scratch *s, const char *rel)
{
    char path[1024];

    if (scratch_mkdirs(s, rel) != 0) {
        return -1;
    }
    scratch_path(s, rel, path, sizeof(path));
    return mkdir(path, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

/* Remove path and, for a folder, everything in it (links not followed). */
static inline void scratch_remove_tree(const char *path)
{
    struct stat st;
    struct dirent *de;
    DIR *d;

    if (lstat(path, &st) != 0) {
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        d = opendir(path);
        for (de = d != NULL ? readdir(d) : NULL; de != NULL; de = readdir(d)) {
            char sub[4096];
            int n;

            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) {
                continue;
            }
            n = snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
            if (n > 0 && (size_t)n < sizeof(sub)) {
                scratch_remove_tree(sub);
            }
        }
        if (d != NULL) {
            closedir(d);
        }
        rmdir(path);
        return;
    }
    unlink(path);
}

/* Remove the folder and everything in it. */
static inline void scratch_free(scratch *s)
{
    if (s->root[0] != '\0') {
        scratch_remove_tree(s->root);
        s->root[0] = '\0';
    }
}

#endif
