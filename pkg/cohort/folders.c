/* SPDX-License-Identifier: MIT */
/*
 * folders.c - walk the cohort folder safely.
 *
 * Nothing outside the cohort folder is ever read: a symbolic link is
 * followed only when it resolves to a file inside the folder; links to
 * folders, link loops, devices and pipes are reported and left out.  Names
 * are read in byte order so that every run sees the same cohort.
 */
#include "cohort/cohort_internal.h"

#include "base/buf.h"
#include "base/text.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

typedef struct entry {
    const char *name;
    const char *disk; /* path to open */
    const char *rel;  /* path relative to the cohort folder */
    int is_dir;
    uint64_t size;
} entry;

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in a folder, sorted; NULL-terminated, in the arena. */
static char **read_names(eip_cohort *c, const char *disk, size_t *count)
{
    DIR *d = opendir(disk);
    char **names = NULL;
    size_t n = 0;
    size_t cap = 0;
    struct dirent *de;

    if (d == NULL) {
        return NULL;
    }
    for (de = readdir(d); de != NULL; de = readdir(d)) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) {
            continue;
        }
        if (n + 1 >= cap) {
            char **p;

            cap = cap != 0 ? cap * 2 : 32;
            p = realloc(names, cap * sizeof(*p));
            if (p == NULL) {
                break;
            }
            names = p;
        }
        names[n] = eip_arena_strdup(&c->priv->arena, de->d_name);
        n += names[n] != NULL;
    }
    closedir(d);
    if (names != NULL) {
        qsort(names, n, sizeof(*names), cmp_names);
        names[n] = NULL;
    }
    *count = n;
    return names;
}

static const char *join(eip_cohort *c, const char *a, const char *b)
{
    eip_buf buf = EIP_BUF_INIT;
    const char *s;

    if (a == NULL || a[0] == '\0') {
        return eip_arena_strdup(&c->priv->arena, b);
    }
    eip_buf_printf(&buf, "%s/%s", a, b);
    s = buf.failed ? NULL : eip_arena_strdup(&c->priv->arena, buf.data);
    eip_buf_free(&buf);
    return s;
}

static int inside_root(const eip_cohort *c, const char *real)
{
    size_t n = strlen(c->priv->root_real);

    return strncmp(real, c->priv->root_real, n) == 0 &&
           (real[n] == '/' || real[n] == '\0');
}

/* Follow a symbolic link if it stays inside; 0 when usable. */
static int follow_link(eip_cohort *c, entry *e, struct stat *st)
{
    char *real = realpath(e->disk, NULL);
    int rc = -1;

    if (real == NULL) {
        COHORT_FINDING(
            c, EIP_SEV_ERROR,
            errno == ELOOP ? "file-link-loop" : "file-link-broken", e->rel, 0,
            0, "replace the link by the file itself", "the symbolic link %s",
            errno == ELOOP ? "loops back on itself" : "points to nothing");
    } else if (!inside_root(c, real)) {
        COHORT_FINDING(c, EIP_SEV_ERROR, "file-outside-cohort", e->rel, 0, 0,
                       "copy the file into the cohort folder instead of "
                       "linking to it",
                       "the symbolic link points outside the cohort folder, "
                       "so it was not read");
    } else if (stat(real, st) != 0 || S_ISDIR(st->st_mode)) {
        COHORT_FINDING(c, EIP_SEV_WARNING, "file-link-folder", e->rel, 0, 0,
                       "copy the folder in instead of linking to it",
                       "a symbolic link to a folder is not followed");
    } else {
        rc = 0;
    }
    free(real);
    return rc;
}

static int name_ok(eip_cohort *c, entry *e)
{
    if (!eip_text_utf8_valid(e->name, strlen(e->name), NULL)) {
        COHORT_FINDING(c, EIP_SEV_ERROR, "file-name-encoding", e->rel, 0, 0,
                       "rename the file using plain letters and digits",
                       "the file name is not valid UTF-8, so it was left "
                       "out");
        return 0;
    }
    if (strlen(e->disk) >= COHORT_MAX_PATH || strlen(e->name) > 255) {
        COHORT_FINDING(c, EIP_SEV_ERROR, "file-path-too-long", e->rel, 0, 0,
                       "shorten the names of the file and its folders",
                       "the path is too long to be read safely, so it was "
                       "left out");
        return 0;
    }
    return 1;
}

/* Fill e from the disk; 0 for a regular file or folder to use. */
static int inspect(eip_cohort *c, entry *e)
{
    struct stat st;

    if (!name_ok(c, e)) {
        return -1;
    }
    if (lstat(e->disk, &st) != 0) {
        COHORT_FINDING(c, EIP_SEV_ERROR, "file-unreadable", e->rel, 0, 0,
                       "check the file's permissions",
                       "the file could not "
                       "be examined: %s",
                       strerror(errno));
        return -1;
    }
    if (S_ISLNK(st.st_mode) && follow_link(c, e, &st) != 0) {
        return -1;
    }
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
        COHORT_FINDING(c, EIP_SEV_WARNING, "file-not-regular", e->rel, 0, 0,
                       "remove it from the cohort folder",
                       "this is not an ordinary file (a pipe, socket or "
                       "device), so it was left out");
        return -1;
    }
    e->is_dir = S_ISDIR(st.st_mode);
    e->size = (uint64_t)st.st_size;
    return 0;
}

/* Walk a folder's entries; fn is called for each usable one. */
static int walk(eip_cohort *c, const char *disk, const char *rel,
                int (*fn)(eip_cohort *, entry *, void *), void *ctx)
{
    size_t n = 0;
    char **names = read_names(c, disk, &n);
    int rc = 0;

    if (names == NULL) {
        COHORT_FINDING(
            c, EIP_SEV_ERROR, "folder-unreadable", rel[0] ? rel : NULL, 0, 0,
            "check the folder's permissions", "the folder could not be read");
        return 0;
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        entry e = {names[i], join(c, disk, names[i]), join(c, rel, names[i]), 0,
                   0};

        if (e.disk == NULL || e.rel == NULL) {
            rc = EIP_ENOMEM;
        } else if (eip_rules_file_ignored(c->priv->rules, e.name)) {
            continue;
        } else if (inspect(c, &e) == 0) {
            rc = fn(c, &e, ctx);
        }
    }
    free(names);
    return rc;
}

typedef struct file_vec {
    eip_cohort_file *items;
    size_t count;
    size_t cap;
} file_vec;

static int vec_push(file_vec *v, const eip_cohort_file *f)
{
    if (v->count == v->cap) {
        size_t cap = v->cap != 0 ? v->cap * 2 : 16;
        eip_cohort_file *p = realloc(v->items, cap * sizeof(*p));

        if (p == NULL) {
            return EIP_ENOMEM;
        }
        v->items = p;
        v->cap = cap;
    }
    v->items[v->count++] = *f;
    return 0;
}

static int add_top(eip_cohort *c, entry *e, void *ctx)
{
    eip_cohort_file f = {e->rel,  e->name,           e->name, e->disk,
                         e->size, EIP_FILE_EVIDENCE, 0};

    if (e->is_dir) {
        if (strcasecmp(e->name, "activities") == 0 &&
            c->priv->activities_disk == NULL) {
            c->priv->activities_disk = e->disk;
            c->priv->activities_rel = e->rel;
        }
        return 0;
    }
    return vec_push(ctx, &f);
}

int cohort_list_top(eip_cohort *c, top_file **out, size_t *count)
{
    file_vec v = {NULL, 0, 0};
    int rc = walk(c, c->root, "", add_top, &v);

    *out = NULL;
    *count = 0;
    if (rc == 0 && v.count > 0) {
        *out = eip_arena_alloc(&c->priv->arena, v.count * sizeof(**out));
        if (*out == NULL) {
            rc = EIP_ENOMEM;
        }
    }
    for (size_t i = 0; rc == 0 && i < v.count; i++) {
        (*out)[i].name = v.items[i].name;
        (*out)[i].disk = v.items[i].disk;
    }
    *count = rc == 0 ? v.count : 0;
    free(v.items);
    return rc;
}

typedef struct folder_walk {
    file_vec files;
    int depth;
    size_t base_len; /* length of the activity folder's relative path */
} folder_walk;

static int add_file(eip_cohort *c, entry *e, void *ctx)
{
    folder_walk *w = ctx;
    const eip_rules *rules = c->priv->rules;
    eip_cohort_file f = {e->rel,  e->name, e->rel + w->base_len + 1,
                         e->disk, e->size, EIP_FILE_EVIDENCE,
                         0};
    int rc;

    if (e->is_dir) {
        if (w->depth >= COHORT_MAX_DEPTH) {
            COHORT_FINDING(c, EIP_SEV_WARNING, "folder-too-deep", e->rel, 0, 0,
                           "move the files up into the activity's folder",
                           "folders nested this deep are not read");
            return 0;
        }
        w->depth++;
        rc = walk(c, e->disk, e->rel, add_file, w);
        w->depth--;
        return rc;
    }
    if (eip_rules_file_is_register(rules, e->name)) {
        f.role = eip_rules_file_readable(rules, e->name)
                     ? EIP_FILE_REGISTER
                     : EIP_FILE_REGISTER_SCAN;
    }
    if (e->size == 0) {
        COHORT_FINDING(c, EIP_SEV_WARNING, "file-empty", e->rel, 0, 0,
                       "replace it with the real file, or remove it",
                       "the file is empty");
    }
    return vec_push(&w->files, &f);
}

/* Length of the Activity ID that folder name starts with, or 0. */
static size_t id_match(const char *folded_name, const char *folded_id)
{
    size_t n = strlen(folded_id);
    char next;

    if (n == 0 || strncmp(folded_name, folded_id, n) != 0) {
        return 0;
    }
    next = folded_name[n];
    return next == '\0' || next == ' ' || next == '-' || next == '_' ? n : 0;
}

static long match_folder(eip_cohort *c, const char *name)
{
    eip_buf fname = EIP_BUF_INIT;
    eip_buf fid = EIP_BUF_INIT;
    size_t best_len = 0;
    long best = -1;

    eip_text_fold(&fname, name);
    for (size_t i = 0; i < c->nactivities; i++) {
        size_t n;

        eip_buf_reset(&fid);
        eip_text_fold(&fid, c->activities[i].id);
        n = id_match(eip_buf_str(&fname), eip_buf_str(&fid));
        if (n > best_len) {
            best_len = n;
            best = (long)i;
        }
    }
    eip_buf_free(&fname);
    eip_buf_free(&fid);
    return best;
}

/*
 * Add a folder's files to an activity.  A second folder for the same
 * activity is an error, but its files are still read, so that nothing is
 * lost whichever folder holds the real register.
 */
static int attach_folder(eip_cohort *c, entry *e, eip_activity *a)
{
    folder_walk w = {{NULL, 0, 0}, 1, strlen(e->rel)};
    eip_cohort_file *all;
    int rc;

    if (a->folder != NULL) {
        COHORT_FINDING(c, EIP_SEV_ERROR, "folder-duplicate", e->rel, 0, 0,
                       "merge the two folders into one",
                       "activity '%s' already has the folder '%s'; the "
                       "files of both were read",
                       a->id, a->folder);
        eip_findings_tag(c->priv->findings, a->id, NULL);
    } else {
        a->folder = e->rel;
    }
    rc = walk(c, e->disk, e->rel, add_file, &w);
    if (rc == 0 && w.files.count > 0) {
        all = eip_arena_alloc(&c->priv->arena,
                              (a->nfiles + w.files.count) * sizeof(*all));
        if (all == NULL) {
            rc = EIP_ENOMEM;
        } else {
            if (a->nfiles > 0) { /* a->files is NULL before the first */
                memcpy(all, a->files, a->nfiles * sizeof(*all));
            }
            memcpy(all + a->nfiles, w.files.items,
                   w.files.count * sizeof(*all));
            a->files = all;
            a->nfiles += w.files.count;
        }
    }
    free(w.files.items);
    return rc;
}

static int add_activity_folder(eip_cohort *c, entry *e, void *ctx)
{
    long i;

    (void)ctx;
    if (!e->is_dir) {
        COHORT_FINDING(c, EIP_SEV_WARNING, "file-outside-activity", e->rel, 0,
                       0, "move the file into its activity's folder",
                       "the file is not inside an activity's folder, so it "
                       "was left out");
        return 0;
    }
    i = match_folder(c, e->name);
    if (i < 0) {
        COHORT_FINDING(c, EIP_SEV_WARNING, "folder-unmatched", e->rel, 0, 0,
                       "start the folder's name with the Activity ID from "
                       "the tracker, e.g. 'A01 - Marlow placement'",
                       "the folder matches no activity in the tracker, so "
                       "its files were left out");
        return 0;
    }
    return attach_folder(c, e, &c->activities[i]);
}

int cohort_scan_activities(eip_cohort *c)
{
    if (c->priv->activities_disk == NULL) {
        return 0;
    }
    return walk(c, c->priv->activities_disk, c->priv->activities_rel,
                add_activity_folder, NULL);
}
