/* SPDX-License-Identifier: MIT */
/*
 * bag_verify.c - check a bag, zipped or as a folder, against RFC 8493.
 *
 * Every entry is read completely once, on several threads (each with its
 * own libzip handle), so that CRC errors surface and every hash is known;
 * the manifests are then checked against what was read.  Problems go to
 * the caller's findings; only failures to run at all are errors.
 */
#include "bag/bag_internal.h"

#include <zip.h>

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Tag files larger than this are not parsed. */
#define TAG_MAX (256u * 1024u * 1024u)

typedef struct ventry {
    char *name;      /* as in the archive or below the folder */
    const char *rel; /* name below the bag's top folder */
    zip_uint64_t index;
    uint64_t size; /* declared size */
    uint64_t got;  /* bytes read */
    char hex[EIP_SHA256_HEX_LEN + 1];
    const char *failed; /* finding code when reading failed, or NULL */
    eip_buf text;       /* content of tag files at the top */
    int listed;         /* seen in manifest-sha256.txt */
} ventry;

typedef struct verifier {
    const char *path;
    int is_zip;
    ventry *v;
    size_t n;
    size_t cap;
    eip_findings *problems;
    pthread_mutex_t mu;
    ventry **order; /* reading order: largest first */
    size_t next;
    const char *top; /* a zipped bag's "folder/" (top_len bytes), or NULL */
    int top_len;
    eip_error *err;
} verifier;

static void problem(verifier *vf, const char *code, const char *file,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Add an error finding about file (NULL when about the whole bag). */
static void problem(verifier *vf, const char *code, const char *file,
                    const char *fmt, ...)
{
    char msg[EIP_ERROR_MESSAGE_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    eip_findings_add(vf->problems, EIP_SEV_ERROR, code, file, NULL, 0, 0, "",
                     "%s", msg);
}

static ventry *add_entry(verifier *vf, const char *name)
{
    ventry *v;

    if (vf->n == vf->cap) {
        vf->cap = vf->cap != 0 ? 2 * vf->cap : 64;
        v = realloc(vf->v, vf->cap * sizeof(*v));
        if (v == NULL) {
            return NULL;
        }
        vf->v = v;
    }
    v = &vf->v[vf->n];
    memset(v, 0, sizeof(*v));
    v->name = strdup(name);
    if (v->name == NULL) {
        return NULL;
    }
    v->rel = v->name;
    vf->n++;
    return v;
}

/* ---- reading entries ---- */

/* Whether to keep an entry's bytes: the tag files at the bag's top. */
static int keeps_text(const ventry *e)
{
    return strchr(e->rel, '/') == NULL && e->size <= TAG_MAX;
}

static int consume(ventry *e, eip_sha256 *sha, const unsigned char *buf,
                   size_t n)
{
    e->got += n;
    if (keeps_text(e)) {
        eip_buf_append(&e->text, buf, n);
    }
    return eip_sha256_update(sha, buf, n);
}

/*
 * A helper thread that hashes what a reading thread reads from a large
 * entry, so that one entry keeps two cores busy: libzip's inflate and
 * CRC-32 on one, SHA-256 on the other.
 */
#define FEED_BUFS 4
#define FEED_MIN (8u * 1024u * 1024u)

typedef struct feed {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    unsigned char *buf[FEED_BUFS];
    size_t len[FEED_BUFS];
    uint64_t filled; /* buffers handed over */
    uint64_t hashed; /* buffers hashed */
    ventry *e;
    eip_sha256 *sha;
    int failed;
    int quit;
    int started;
    pthread_t thread;
} feed;

static void *feed_main(void *arg)
{
    feed *f = arg;
    size_t k;

    pthread_mutex_lock(&f->mu);
    for (;;) {
        while (!f->quit && f->hashed == f->filled) {
            pthread_cond_wait(&f->cv, &f->mu);
        }
        if (f->hashed == f->filled) {
            break;
        }
        k = f->hashed % FEED_BUFS;
        pthread_mutex_unlock(&f->mu);
        if (consume(f->e, f->sha, f->buf[k], f->len[k]) != 0) {
            f->failed = 1;
        }
        pthread_mutex_lock(&f->mu);
        f->hashed++;
        pthread_cond_broadcast(&f->cv);
    }
    pthread_mutex_unlock(&f->mu);
    return NULL;
}

/* Start the helper; without buffers or a thread, entries are hashed
 * by the reading thread alone. */
static void feed_start(feed *f)
{
    size_t k;

    memset(f, 0, sizeof(*f));
    pthread_mutex_init(&f->mu, NULL);
    pthread_cond_init(&f->cv, NULL);
    for (k = 0; k < FEED_BUFS; k++) {
        f->buf[k] = malloc(BAG_BLOCK);
        if (f->buf[k] == NULL) {
            return;
        }
    }
    f->started = pthread_create(&f->thread, NULL, feed_main, f) == 0;
}

static void feed_stop(feed *f)
{
    size_t k;

    pthread_mutex_lock(&f->mu);
    f->quit = 1;
    pthread_cond_broadcast(&f->cv);
    pthread_mutex_unlock(&f->mu);
    if (f->started) {
        pthread_join(f->thread, NULL);
    }
    for (k = 0; k < FEED_BUFS; k++) {
        free(f->buf[k]);
    }
    pthread_cond_destroy(&f->cv);
    pthread_mutex_destroy(&f->mu);
}

/* A free buffer to read into (waits for the helper when all are full). */
static unsigned char *feed_buffer(feed *f)
{
    unsigned char *b;

    pthread_mutex_lock(&f->mu);
    while (f->filled - f->hashed == FEED_BUFS) {
        pthread_cond_wait(&f->cv, &f->mu);
    }
    b = f->buf[f->filled % FEED_BUFS];
    pthread_mutex_unlock(&f->mu);
    return b;
}

static void feed_submit(feed *f, size_t len)
{
    pthread_mutex_lock(&f->mu);
    f->len[f->filled % FEED_BUFS] = len;
    f->filled++;
    pthread_cond_broadcast(&f->cv);
    pthread_mutex_unlock(&f->mu);
}

/* Wait until everything handed over is hashed; nonzero on failure. */
static int feed_drain(feed *f)
{
    pthread_mutex_lock(&f->mu);
    while (f->hashed != f->filled) {
        pthread_cond_wait(&f->cv, &f->mu);
    }
    pthread_mutex_unlock(&f->mu);
    return f->failed;
}

/* Read the entry to its end (at most one byte past its declared size:
 * libzip does not enforce sizes), hashing on the helper when it runs. */
static zip_int64_t read_through(zip_file_t *zf, ventry *e, eip_sha256 *sha,
                                unsigned char *buf, feed *f)
{
    int helped = f->started && e->size >= FEED_MIN;
    uint64_t got = 0;
    zip_int64_t n = 0;

    if (helped) {
        f->e = e;
        f->sha = sha;
        f->failed = 0;
    }
    while (got <= e->size) {
        unsigned char *b = helped ? feed_buffer(f) : buf;

        n = zip_fread(zf, b, BAG_BLOCK);
        if (n <= 0) {
            break;
        }
        got += (uint64_t)n;
        if (helped) {
            feed_submit(f, (size_t)n);
        } else if (consume(e, sha, b, (size_t)n) != 0) {
            n = -1;
            break;
        }
    }
    if (helped && feed_drain(f) != 0) {
        n = -1;
    }
    return n;
}

static void read_zip_entry(zip_t *za, ventry *e, unsigned char *buf, feed *f)
{
    unsigned char digest[EIP_SHA256_LEN];
    zip_file_t *zf = zip_fopen_index(za, e->index, 0);
    eip_sha256 sha = {NULL};
    zip_int64_t n;

    if (zf == NULL || eip_sha256_init(&sha, NULL) != 0) {
        e->failed = "zip-read-error";
        if (zf != NULL) {
            zip_fclose(zf);
        }
        return;
    }
    n = read_through(zf, e, &sha, buf, f);
    if (n < 0) {
        e->failed = zip_error_code_zip(zip_file_get_error(zf)) == ZIP_ER_CRC
                        ? "zip-crc-error"
                        : "zip-read-error";
    } else if (e->got != e->size) {
        e->failed = "zip-size-mismatch";
    }
    if (eip_sha256_final(digest, &sha) == 0) {
        eip_sha256_hex(e->hex, digest);
    }
    eip_sha256_free(&sha);
    zip_fclose(zf);
}

static void read_file_entry(const verifier *vf, ventry *e, unsigned char *buf)
{
    unsigned char digest[EIP_SHA256_LEN];
    eip_buf path = EIP_BUF_INIT;
    eip_sha256 sha = {NULL};
    ssize_t n = 0;
    int fd = -1;

    eip_buf_printf(&path, "%s/%s", vf->path, e->name);
    if (!path.failed) {
        fd = open(path.data, O_RDONLY | O_CLOEXEC);
    }
    if (fd < 0 || eip_sha256_init(&sha, NULL) != 0) {
        e->failed = "bag-read-error";
    }
    while (e->failed == NULL) {
        n = read(fd, buf, BAG_BLOCK);
        if (n <= 0 || consume(e, &sha, buf, (size_t)n) != 0) {
            break;
        }
    }
    if (n < 0) {
        e->failed = "bag-read-error";
    }
    if (e->failed == NULL && eip_sha256_final(digest, &sha) == 0) {
        eip_sha256_hex(e->hex, digest);
    }
    eip_sha256_free(&sha);
    if (fd >= 0) {
        close(fd);
    }
    eip_buf_free(&path);
}

static ventry *take(verifier *vf)
{
    ventry *e = NULL;

    pthread_mutex_lock(&vf->mu);
    if (vf->next < vf->n) {
        e = vf->order[vf->next++];
    }
    pthread_mutex_unlock(&vf->mu);
    return e;
}

/* One reading thread and its own libzip handle. */
typedef struct reader {
    verifier *vf;
    zip_t *za;
    pthread_t thread;
} reader;

static void *reader_main(void *arg)
{
    reader *r = arg;
    verifier *vf = r->vf;
    unsigned char *buf = malloc(BAG_BLOCK);
    ventry *e;
    feed f;

    feed_start(&f);
    for (e = take(vf); e != NULL; e = take(vf)) {
        if (buf == NULL || (vf->is_zip && r->za == NULL)) {
            e->failed = vf->is_zip ? "zip-read-error" : "bag-read-error";
        } else if (vf->is_zip) {
            read_zip_entry(r->za, e, buf, &f);
        } else {
            read_file_entry(vf, e, buf);
        }
    }
    feed_stop(&f);
    free(buf);
    return NULL;
}

static int compare_size_desc(const void *a, const void *b)
{
    const ventry *x = *(ventry *const *)a;
    const ventry *y = *(ventry *const *)b;

    return x->size < y->size ? 1 : x->size > y->size ? -1 : 0;
}

/*
 * Read every entry on up to jobs threads.  The handles are opened here,
 * one after the other: zip_open converts DOS times through mktime, which
 * rereads the time zone.
 */
static void read_all(verifier *vf, unsigned jobs)
{
    reader readers[64];
    unsigned started = 0;
    unsigned i;
    int zerr;

    /* Largest first, so that one big entry does not start last. */
    for (i = 0; i < vf->n; i++) {
        vf->order[i] = &vf->v[i];
    }
    qsort(vf->order, vf->n, sizeof(*vf->order), compare_size_desc);
    jobs = jobs > 64 ? 64 : jobs;
    jobs = jobs > vf->n ? (unsigned)vf->n : jobs;
    for (i = 0; i < jobs; i++) {
        readers[i].vf = vf;
        readers[i].za =
            vf->is_zip ? zip_open(vf->path, ZIP_RDONLY, &zerr) : NULL;
    }
    while (started < jobs &&
           pthread_create(&readers[started].thread, NULL, reader_main,
                          &readers[started]) == 0) {
        started++;
    }
    if (started == 0 && jobs > 0) {
        reader_main(&readers[0]);
    }
    for (i = 0; i < jobs; i++) {
        if (i < started) {
            pthread_join(readers[i].thread, NULL);
        }
        if (readers[i].za != NULL) {
            zip_discard(readers[i].za);
        }
    }
}

/* ---- listing ---- */

/* A name is unsafe when absolute, with a backslash or a ".." part. */
static int name_is_unsafe(const char *name)
{
    const char *p = name;
    size_t len;

    if (name[0] == '/' || strchr(name, '\\') != NULL) {
        return 1;
    }
    while (*p != '\0') {
        len = strcspn(p, "/");
        if (len == 2 && p[0] == '.' && p[1] == '.') {
            return 1;
        }
        p += len + (p[len] == '/');
    }
    return 0;
}

static int list_zip(verifier *vf, zip_t *za)
{
    zip_int64_t count = zip_get_num_entries(za, 0);
    zip_stat_t st;
    zip_int64_t i;
    ventry *e;

    for (i = 0; i < count; i++) {
        if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0 ||
            (st.valid & (ZIP_STAT_NAME | ZIP_STAT_SIZE)) !=
                (ZIP_STAT_NAME | ZIP_STAT_SIZE)) {
            problem(vf, "zip-read-error", NULL, "entry %lld cannot be read",
                    (long long)i + 1);
            continue;
        }
        if (name_is_unsafe(st.name)) {
            problem(vf, "bag-unsafe-name", st.name,
                    "'%s': unsafe entry "
                    "name",
                    st.name);
            continue;
        }
        if (st.name[0] == '\0' || st.name[strlen(st.name) - 1] == '/') {
            continue;
        }
        e = add_entry(vf, st.name);
        if (e == NULL) {
            return EIP_ENOMEM;
        }
        e->index = (zip_uint64_t)i;
        e->size = st.size;
    }
    return 0;
}

static int list_dir(verifier *vf, const char *rel)
{
    eip_buf path = EIP_BUF_INIT;
    struct dirent *de;
    struct stat st;
    size_t base;
    DIR *d;
    int rc = 0;

    eip_buf_printf(&path, "%s%s%s", vf->path, rel[0] ? "/" : "", rel);
    base = path.len;
    d = path.failed ? NULL : opendir(path.data);
    if (d == NULL) {
        eip_buf_free(&path);
        return eip_error_set(vf->err, EIP_EIO, "'%s': cannot list: %s",
                             vf->path, strerror(errno));
    }
    while (rc == 0 && (de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) {
            continue;
        }
        path.len = base;
        eip_buf_printf(&path, "/%s", de->d_name);
        rc = path.failed ? EIP_ENOMEM : 0;
        if (rc == 0 && lstat(path.data, &st) == 0) {
            const char *name = path.data + strlen(vf->path) + 1;

            if (S_ISDIR(st.st_mode)) {
                rc = list_dir(vf, name);
            } else if (!S_ISREG(st.st_mode)) {
                problem(vf, "bag-unsafe-name", name,
                        "'%s': not a regular "
                        "file",
                        name);
            } else if (add_entry(vf, name) == NULL) {
                rc = EIP_ENOMEM;
            } else {
                vf->v[vf->n - 1].size = (uint64_t)st.st_size;
            }
        }
    }
    closedir(d);
    eip_buf_free(&path);
    return rc;
}

/* Strip the single top-level folder of a zip from every name. */
static void strip_top(verifier *vf)
{
    size_t top = 0;
    size_t i;

    if (vf->n == 0) {
        return;
    }
    top = strcspn(vf->v[0].name, "/");
    vf->top = vf->v[0].name;
    vf->top_len = (int)top + 1;
    for (i = 0; i < vf->n; i++) {
        if (strncmp(vf->v[i].name, vf->v[0].name, top) != 0 ||
            vf->v[i].name[top] != '/') {
            problem(vf, "bag-not-bag", vf->v[i].name,
                    "'%s': outside the "
                    "bag's one top-level folder",
                    vf->v[i].name);
            vf->v[i].rel = "";
            continue;
        }
        vf->v[i].rel = vf->v[i].name + top + 1;
    }
}

static int compare_rel(const void *a, const void *b)
{
    return strcmp(((const ventry *)a)->rel, ((const ventry *)b)->rel);
}

static ventry *find(verifier *vf, const char *rel)
{
    ventry key;

    if (vf->n == 0) {
        return NULL;
    }
    memset(&key, 0, sizeof(key));
    key.rel = rel;
    return bsearch(&key, vf->v, vf->n, sizeof(key), compare_rel);
}

typedef struct keyed {
    char *key;
    const ventry *e;
} keyed;

static int compare_keyed(const void *a, const void *b)
{
    return strcmp(((const keyed *)a)->key, ((const keyed *)b)->key);
}

static void free_keys(keyed *k, size_t n)
{
    while (n > 0) {
        free(k[--n].key);
    }
    free(k);
}

/* The comparison key of every entry (its name if not UTF-8), or NULL. */
static keyed *build_keys(const verifier *vf)
{
    keyed *k = calloc(vf->n + 1, sizeof(*k));
    eip_buf b = EIP_BUF_INIT;
    size_t i;

    for (i = 0; k != NULL && i < vf->n; i++) {
        eip_buf_reset(&b);
        if (eip_bag_name_key(&b, vf->v[i].rel) != 0) {
            eip_buf_reset(&b);
            eip_buf_puts(&b, vf->v[i].rel);
        }
        k[i].key = strdup(eip_buf_str(&b));
        k[i].e = &vf->v[i];
        if (k[i].key == NULL) {
            free_keys(k, i);
            k = NULL;
        }
    }
    eip_buf_free(&b);
    return k;
}

/* Duplicates, exact or after NFC and case folding, are problems. */
static int check_duplicates(verifier *vf)
{
    keyed *k = build_keys(vf);
    size_t i;

    if (k == NULL) {
        return EIP_ENOMEM;
    }
    qsort(k, vf->n, sizeof(*k), compare_keyed);
    for (i = 1; i < vf->n; i++) {
        if (strcmp(k[i].key, k[i - 1].key) == 0) {
            problem(vf, "bag-duplicate-name", k[i].e->name,
                    "'%s': another "
                    "entry has the same name",
                    k[i].e->name);
        }
    }
    free_keys(k, vf->n);
    return 0;
}

/* ---- checking the tag files ---- */

/*
 * A file the bag should hold but does not, named as the entries around it
 * are: in a zip, below the bag's top folder.
 */
static void report_missing(verifier *vf, const char *code, const char *rel,
                           const char *what)
{
    eip_buf name = EIP_BUF_INIT;

    eip_buf_printf(&name, "%.*s%s", vf->top != NULL ? vf->top_len : 0,
                   vf->top != NULL ? vf->top : "", rel);
    problem(vf, code, eip_buf_str(&name), "'%s': %s", eip_buf_str(&name), what);
    eip_buf_free(&name);
}

/* The entry for a tag file, or NULL (with a problem when required). */
static ventry *tag_file(verifier *vf, const char *rel, const char *missing)
{
    ventry *e = find(vf, rel);

    if (e != NULL && e->failed == NULL && e->size <= TAG_MAX) {
        return e;
    }
    if (e == NULL && missing != NULL) {
        report_missing(vf, missing, rel, "missing");
    }
    return NULL;
}

static void check_bagit(verifier *vf)
{
    ventry *e = tag_file(vf, "bagit.txt", "bag-not-bag");
    const char *t;

    if (e == NULL) {
        return;
    }
    t = eip_buf_str(&e->text);
    if (strncmp(t, "BagIt-Version: ", 15) != 0 ||
        strstr(t, "\nTag-File-Character-Encoding: UTF-8") == NULL ||
        memchr(t, '\0', e->text.len) != NULL) {
        problem(vf, "bag-not-bag", e->name, "'%s': not a BagIt declaration",
                e->name);
    }
}

/* Split "hex  path" (any run of spaces or tabs); NULL when malformed. */
static char *split_line(char *line, char **hex)
{
    char *sep = line + strcspn(line, " \t");

    if (*sep == '\0' || sep == line) {
        return NULL;
    }
    *sep++ = '\0';
    sep += strspn(sep, " \t");
    *hex = line;
    return *sep != '\0' && bag_path_decode(sep) == 0 ? sep : NULL;
}

/* Check one manifest line against the entries read. */
static void check_line(verifier *vf, const ventry *m, char *line,
                       const char *mismatch, int payload)
{
    char *hex = NULL;
    char *path = split_line(line, &hex);
    ventry *e;

    if (path == NULL || strlen(hex) != EIP_SHA256_HEX_LEN ||
        (payload && strncmp(path, "data/", 5) != 0)) {
        problem(vf, "bag-manifest-invalid", m->name, "'%s': malformed line",
                m->name);
        return;
    }
    e = find(vf, path);
    if (e == NULL) {
        report_missing(vf, payload ? "bag-file-missing" : mismatch, path,
                       "listed in the manifest but missing");
        return;
    }
    if (payload && e->listed) {
        problem(vf, "bag-manifest-invalid", e->name, "'%s': listed twice",
                e->name);
    }
    e->listed |= payload;
    if (e->failed == NULL && strcasecmp(hex, e->hex) != 0) {
        problem(vf, mismatch, e->name, "'%s': checksum does not match",
                e->name);
    }
}

static void check_manifest(verifier *vf, const char *rel, const char *mismatch,
                           int payload)
{
    ventry *m = tag_file(vf, rel, payload ? "bag-manifest-missing" : NULL);
    char *text;
    char *line;
    char *save = NULL;

    if (m == NULL) {
        return;
    }
    text = strdup(eip_buf_str(&m->text));
    if (text == NULL) {
        return;
    }
    for (line = strtok_r(text, "\n", &save); line != NULL;
         line = strtok_r(NULL, "\n", &save)) {
        line[strcspn(line, "\r")] = '\0';
        check_line(vf, m, line, mismatch, payload);
    }
    free(text);
}

/* The line of text that starts with label, or NULL. */
static const char *find_element(const char *text, const char *label)
{
    const char *p = text;
    size_t len = strlen(label);

    while (p != NULL && strncmp(p, label, len) != 0) {
        p = strchr(p, '\n');
        p = p != NULL ? p + 1 : NULL;
    }
    return p;
}

/* Payload-Oxum against the files read under data/. */
static void check_oxum(verifier *vf)
{
    ventry *info = tag_file(vf, "bag-info.txt", NULL);
    unsigned long long bytes = 0;
    unsigned long long files = 0;
    unsigned long long want_bytes;
    unsigned long long want_files;
    const char *p;
    size_t i;

    p = info != NULL ? find_element(eip_buf_str(&info->text), "Payload-Oxum:")
                     : NULL;
    if (p == NULL) {
        return;
    }
    for (i = 0; i < vf->n; i++) {
        if (strncmp(vf->v[i].rel, "data/", 5) == 0) {
            bytes += vf->v[i].got;
            files++;
        }
    }
    if (sscanf(p, "Payload-Oxum: %llu.%llu", &want_bytes, &want_files) != 2 ||
        want_bytes != bytes || want_files != files) {
        problem(vf, "bag-oxum-mismatch", info->name,
                "'%s': Payload-Oxum "
                "does not match the payload",
                info->name);
    }
}

static void check_entries(verifier *vf)
{
    size_t i;

    for (i = 0; i < vf->n; i++) {
        if (vf->v[i].failed != NULL) {
            problem(vf, vf->v[i].failed, vf->v[i].name,
                    "'%s': cannot be "
                    "read completely",
                    vf->v[i].name);
        } else if (strncmp(vf->v[i].rel, "data/", 5) == 0 && !vf->v[i].listed) {
            problem(vf, "bag-file-extra", vf->v[i].name,
                    "'%s': not listed "
                    "in the manifest",
                    vf->v[i].name);
        }
    }
}

static void verifier_free(verifier *vf)
{
    size_t i;

    for (i = 0; i < vf->n; i++) {
        free(vf->v[i].name);
        eip_buf_free(&vf->v[i].text);
    }
    free(vf->v);
    free(vf->order);
    pthread_mutex_destroy(&vf->mu);
}

/* Open the zip and list it; 1 when it is no zip at all (a problem). */
static int open_zip(verifier *vf)
{
    zip_error_t ze;
    zip_t *za;
    int zerr = 0;
    int rc;

    za = zip_open(vf->path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
    if (za == NULL && (zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ ||
                       zerr == ZIP_ER_MEMORY || zerr == ZIP_ER_NOENT)) {
        zip_error_init_with_code(&ze, zerr);
        rc = eip_error_set(
            vf->err, zerr == ZIP_ER_NOENT ? EIP_ENOTFOUND : EIP_EIO,
            "'%s': cannot open: %s", vf->path, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return rc;
    }
    if (za == NULL) {
        problem(vf, zerr == ZIP_ER_NOZIP ? "bag-not-bag" : "zip-structure",
                vf->path, "'%s': not a valid zip archive", vf->path);
        return 1;
    }
    rc = list_zip(vf, za);
    zip_discard(za);
    return rc;
}

static int run_checks(verifier *vf, unsigned jobs)
{
    int rc;

    if (vf->is_zip) {
        strip_top(vf);
    }
    if (vf->n > 0) { /* an archive of folders only has no entries here */
        qsort(vf->v, vf->n, sizeof(*vf->v), compare_rel);
    }
    rc = check_duplicates(vf);
    vf->order = calloc(vf->n + 1, sizeof(*vf->order));
    if (rc != 0 || vf->order == NULL) {
        return EIP_ENOMEM;
    }
    read_all(vf, bag_jobs(jobs));
    check_bagit(vf);
    check_manifest(vf, "manifest-sha256.txt", "bag-checksum-mismatch", 1);
    check_manifest(vf, "tagmanifest-sha256.txt", "bag-tagmanifest-mismatch", 0);
    check_oxum(vf);
    check_entries(vf);
    return 0;
}

int eip_bag_verify(eip_findings *problems, const char *path, unsigned jobs,
                   eip_error *err)
{
    verifier vf;
    struct stat st;
    int rc;

    memset(&vf, 0, sizeof(vf));
    pthread_mutex_init(&vf.mu, NULL);
    vf.path = path;
    vf.problems = problems;
    vf.err = err;
    if (stat(path, &st) != 0) {
        rc = eip_error_set(err, errno == ENOENT ? EIP_ENOTFOUND : EIP_EIO,
                           "'%s': %s", path, strerror(errno));
        goto done;
    }
    vf.is_zip = !S_ISDIR(st.st_mode);
    rc = vf.is_zip ? open_zip(&vf) : list_dir(&vf, "");
    if (rc == 0) {
        rc = run_checks(&vf, jobs);
    }
    if (rc == EIP_ENOMEM) {
        rc = eip_error_set(err, rc, "out of memory");
    }
    rc = rc > 0 ? 0 : rc;

done:
    verifier_free(&vf);
    return rc;
}
