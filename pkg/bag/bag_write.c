/* SPDX-License-Identifier: MIT */
/*
 * bag_write.c - write a bag as a reproducible ZIP archive or a folder.
 *
 * Order of work: check the inputs, build bagit.txt and bag-info.txt, add
 * every entry to libzip in name order with a source that takes blocks
 * from the read pipeline, let zip_close pull everything through, then
 * read the result back and rename it into place.  The manifests come
 * after data/ in name order, so they are built once the payload is read.
 */
#include "bag/bag_internal.h"

#include <zip.h>
#define ZLIB_CONST
#include <zlib.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { TAG_BAGIT, TAG_INFO, TAG_MANIFEST, TAG_TAGMANIFEST, TAG_COUNT };

static const char *const tag_names[TAG_COUNT] = {
    "bagit.txt",
    "bag-info.txt",
    "manifest-sha256.txt",
    "tagmanifest-sha256.txt",
};

/* Formats that gain nothing from deflate: stored as they are. */
static const char *const stored_exts[] = {
    "pdf",  "jpg",  "jpeg", "png", "gif", "heic", "webp", "zip", "xlsx",
    "xlsm", "docx", "pptx", "odt", "ods", "odp",  "mp3",  "mp4", "m4a",
    "mov",  "avi",  "mkv",  "gz",  "bz2", "xz",   "zst",  "7z",  "rar",
};

typedef struct writer {
    const eip_bag_options *opts;
    bag_src *src;
    size_t n_src;
    eip_buf tags[TAG_COUNT];
    int tag_built[TAG_COUNT];
    size_t items_done; /* payload items fully consumed */
    bag_pipe *pipe;
    uint64_t total;
    uint64_t done;
    time_t when; /* the bag's one timestamp */
    eip_error *err;
} writer;

void eip_bag_options_init(eip_bag_options *opts)
{
    memset(opts, 0, sizeof(*opts));
    opts->format = EIP_BAG_ZIP;
    opts->source_date_epoch = -1;
}

static int is_stored_type(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash != NULL ? slash : path, '.');
    size_t i;

    if (dot == NULL) {
        return 0;
    }
    for (i = 0; i < sizeof(stored_exts) / sizeof(stored_exts[0]); i++) {
        if (strcasecmp(dot + 1, stored_exts[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

static int compare_src(const void *a, const void *b)
{
    return strcmp(((const bag_src *)a)->path, ((const bag_src *)b)->path);
}

/* Take the size and time of a source file before reading it. */
static int stat_source(bag_src *s, eip_error *err)
{
    struct stat st;

    if (stat(s->source, &st) != 0) {
        return eip_error_set(err, errno == ENOENT ? EIP_ENOTFOUND : EIP_EIO,
                             "'%s': %s", s->source, strerror(errno));
    }
    if (!S_ISREG(st.st_mode)) {
        return eip_error_set(err, EIP_EUNSAFE, "'%s': not a regular file",
                             s->source);
    }
    s->size = (uint64_t)st.st_size;
    s->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
    return 0;
}

/* Copy the items into w->src, sorted by path, with sizes and methods. */
static int prepare_items(writer *w, const eip_bag_item *items, size_t n)
{
    size_t i;
    int rc = 0;

    w->src = calloc(n + 1, sizeof(*w->src));
    if (w->src == NULL) {
        return eip_error_set(w->err, EIP_ENOMEM, "out of memory");
    }
    w->n_src = n;
    for (i = 0; i < n && rc == 0; i++) {
        w->src[i].path = items[i].path;
        w->src[i].source = items[i].source;
        w->src[i].data = items[i].data;
        w->src[i].size = items[i].len;
        if (items[i].source != NULL) {
            rc = stat_source(&w->src[i], w->err);
        } else if (items[i].data == NULL && items[i].len > 0) {
            rc = eip_error_set(w->err, EIP_EINVAL,
                               "payload '%s' has neither file nor bytes",
                               items[i].path);
        }
        w->src[i].deflate =
            w->src[i].size > 0 && !is_stored_type(items[i].path);
        w->total += w->src[i].size;
    }
    qsort(w->src, n, sizeof(*w->src), compare_src);
    return rc;
}

static int check_paths(writer *w, const eip_bag_item *items, size_t n)
{
    const char **paths;
    size_t i;
    int rc;

    paths = calloc(n + 1, sizeof(*paths));
    if (paths == NULL) {
        return eip_error_set(w->err, EIP_ENOMEM, "out of memory");
    }
    for (i = 0; i < n; i++) {
        paths[i] = items[i].path != NULL ? items[i].path : "";
    }
    rc = eip_bag_check_paths(paths, n, w->err);
    free(paths);
    return rc;
}

/* A bag-info element must fit on one line: "Name: value". */
static int field_is_valid(const eip_bag_field *f)
{
    if (f->name == NULL || f->name[0] == '\0' ||
        strpbrk(f->name, ":\r\n") != NULL || f->name[0] == ' ' ||
        f->name[0] == '\t') {
        return 0;
    }
    return f->value == NULL || strpbrk(f->value, "\r\n") == NULL;
}

static void put_field(writer *w, eip_buf *b, const eip_bag_field *f)
{
    struct tm tm;

    if (f->value != NULL) {
        eip_buf_printf(b, "%s: %s\n", f->name, f->value);
    } else if (strcmp(f->name, "Bagging-Date") == 0) {
        gmtime_r(&w->when, &tm);
        eip_buf_printf(b, "%s: %04d-%02d-%02d\n", f->name, tm.tm_year + 1900,
                       tm.tm_mon + 1, tm.tm_mday);
    } else if (strcmp(f->name, "Payload-Oxum") == 0) {
        eip_buf_printf(b, "%s: %llu.%llu\n", f->name,
                       (unsigned long long)w->total,
                       (unsigned long long)w->n_src);
    }
}

static int build_info(writer *w, const eip_bag_field *fields, size_t n)
{
    eip_buf *b = &w->tags[TAG_INFO];
    size_t i;

    for (i = 0; i < n; i++) {
        if (!field_is_valid(&fields[i])) {
            return eip_error_set(w->err, EIP_EINVAL,
                                 "bag-info element '%s' is not one line "
                                 "'Name: value'",
                                 fields[i].name != NULL ? fields[i].name : "");
        }
        put_field(w, b, &fields[i]);
    }
    eip_buf_puts(&w->tags[TAG_BAGIT],
                 "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
    w->tag_built[TAG_BAGIT] = 1;
    w->tag_built[TAG_INFO] = 1;
    return b->failed || w->tags[TAG_BAGIT].failed
               ? eip_error_set(w->err, EIP_ENOMEM, "out of memory")
               : 0;
}

/* manifest-sha256.txt: sorted like the items, paths percent-encoded. */
static int build_manifest(writer *w)
{
    eip_buf *b = &w->tags[TAG_MANIFEST];
    size_t i;

    for (i = 0; i < w->n_src; i++) {
        eip_buf_printf(b, "%s  data/", w->src[i].hex);
        bag_path_encode(b, w->src[i].path);
        eip_buf_putc(b, '\n');
    }
    return b->failed ? EIP_ENOMEM : 0;
}

/* tagmanifest-sha256.txt: the other tag files, in name order. */
static int build_tagmanifest(writer *w)
{
    static const int listed[] = {TAG_INFO, TAG_BAGIT, TAG_MANIFEST};
    eip_buf *b = &w->tags[TAG_TAGMANIFEST];
    char hex[EIP_SHA256_HEX_LEN + 1];
    const eip_buf *t;
    size_t i;
    int rc;

    for (i = 0; i < sizeof(listed) / sizeof(listed[0]); i++) {
        t = &w->tags[listed[i]];
        rc = eip_sha256_mem(hex, eip_buf_str(t), t->len, w->err);
        if (rc != 0) {
            return rc;
        }
        eip_buf_printf(b, "%s  %s\n", hex, tag_names[listed[i]]);
    }
    return b->failed ? EIP_ENOMEM : 0;
}

/* Build a tag file once the payload it describes has been read. */
static int build_tag(writer *w, int tag)
{
    int rc = 0;

    if (w->tag_built[tag]) {
        return 0;
    }
    if (w->items_done < w->n_src) {
        return eip_error_set(w->err, EIP_EIO,
                             "'%s' needed before the payload was read",
                             tag_names[tag]);
    }
    if (tag == TAG_TAGMANIFEST) {
        rc = build_tag(w, TAG_MANIFEST);
    }
    if (rc == 0) {
        rc = tag == TAG_MANIFEST ? build_manifest(w) : build_tagmanifest(w);
    }
    if (rc == EIP_ENOMEM) {
        rc = eip_error_set(w->err, rc, "out of memory");
    }
    w->tag_built[tag] = rc == 0;
    return rc;
}

/* Count bytes done and tell the caller; nonzero once asked to stop. */
static int report_progress(writer *w, uint64_t more)
{
    w->done += more;
    if (w->opts->progress != NULL) {
        w->opts->progress(w->opts->progress_ctx, w->done, w->total);
    }
    if (w->opts->cancel != NULL && *w->opts->cancel != 0) {
        return eip_error_set(w->err, EIP_ECANCELED,
                             "interrupted; nothing was written");
    }
    return 0;
}

/* ---- libzip sources ---- */

/* What libzip reads for one entry: a payload item or a tag file. */
typedef struct zsrc {
    writer *w;
    int tag; /* TAG_* or -1 for payload */
    size_t item;
    zip_error_t ze;
    bag_block blk;
    size_t pos; /* bytes of blk (or the tag text) served */
    int have_blk;
    int ended;
    uint32_t crc;
} zsrc;

static zip_int64_t zsrc_fail(zsrc *z)
{
    zip_error_set(&z->ze, ZIP_ER_READ, EIO);
    return -1;
}

/* Move to the next block when the current one is used up. */
static int next_block(zsrc *z)
{
    writer *w = z->w;

    if (z->have_blk) {
        z->ended = z->blk.last;
        bag_pipe_release(w->pipe);
        z->have_blk = 0;
        if (report_progress(w, z->blk.raw_len) != 0) {
            return -1;
        }
        if (z->ended) {
            w->items_done = z->item + 1;
            return 0;
        }
    }
    if (bag_pipe_next(&z->blk, w->pipe, z->item, w->err) != 0) {
        return -1;
    }
    z->crc =
        (uint32_t)crc32_combine(z->crc, z->blk.crc, (z_off_t)z->blk.raw_len);
    z->have_blk = 1;
    z->pos = 0;
    return 0;
}

static zip_int64_t payload_read(zsrc *z, unsigned char *out, size_t len)
{
    size_t got = 0;
    size_t n;

    while (got < len && !z->ended) {
        if (!z->have_blk || z->pos == z->blk.len) {
            if (next_block(z) != 0) {
                return zsrc_fail(z);
            }
            continue;
        }
        n = z->blk.len - z->pos;
        n = n < len - got ? n : len - got;
        memcpy(out + got, z->blk.bytes + z->pos, n);
        z->pos += n;
        got += n;
    }
    return (zip_int64_t)got;
}

static zip_int64_t tag_read(zsrc *z, unsigned char *out, size_t len)
{
    const eip_buf *t = &z->w->tags[z->tag];
    size_t n = t->len - z->pos;

    n = n < len ? n : len;
    if (n > 0) {
        memcpy(out, t->data + z->pos, n);
    }
    z->pos += n;
    return (zip_int64_t)n;
}

static zip_int64_t zsrc_stat(zsrc *z, void *data, zip_uint64_t len)
{
    zip_stat_t *st = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, len, &z->ze);
    const bag_src *src = &z->w->src[z->item];

    if (st == NULL) {
        return -1;
    }
    if (z->tag >= 0 && build_tag(z->w, z->tag) != 0) {
        return zsrc_fail(z);
    }
    zip_stat_init(st);
    st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_METHOD;
    st->comp_method = ZIP_CM_STORE;
    st->size = z->tag >= 0 ? z->w->tags[z->tag].len : src->size;
    if (z->tag < 0 && src->deflate) {
        /* Already deflated by the workers: libzip copies it as it is. */
        st->comp_method = ZIP_CM_DEFLATE;
        if (z->ended) {
            st->valid |= ZIP_STAT_CRC;
            st->crc = z->crc;
        }
    }
    return sizeof(*st);
}

static zip_int64_t zsrc_open(zsrc *z)
{
    z->pos = 0;
    if (z->tag >= 0) {
        return build_tag(z->w, z->tag) == 0 ? 0 : zsrc_fail(z);
    }
    /* libzip opens each entry once, in the order they were added. */
    return z->ended || z->have_blk ? zsrc_fail(z) : 0;
}

static zip_int64_t zsrc_cb(void *ud, void *data, zip_uint64_t len,
                           zip_source_cmd_t cmd)
{
    zsrc *z = ud;

    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        return zsrc_open(z);
    case ZIP_SOURCE_READ:
        return z->tag >= 0 ? tag_read(z, data, len)
                           : payload_read(z, data, len);
    case ZIP_SOURCE_CLOSE:
        return 0;
    case ZIP_SOURCE_STAT:
        return zsrc_stat(z, data, len);
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&z->ze, data, len);
    case ZIP_SOURCE_FREE:
        zip_error_fini(&z->ze);
        free(z);
        return 0;
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(
            ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
            ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
    default:
        zip_error_set(&z->ze, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

/* ---- entries ---- */

/* One archive entry: a folder, a payload item or a tag file. */
typedef struct entry {
    char *name;  /* full name inside the archive; folders end in '/' */
    int tag;     /* TAG_*, or -1 */
    size_t item; /* payload index when tag is -1 and not a folder */
    int is_dir;
} entry;

typedef struct entries {
    entry *v;
    size_t n;
    size_t cap;
} entries;

static void entries_free(entries *e)
{
    size_t i;

    for (i = 0; i < e->n; i++) {
        free(e->v[i].name);
    }
    free(e->v);
}

static int entries_add(entries *e, const char *prefix, const char *rest,
                       size_t rest_len, int tag, size_t item, int is_dir)
{
    eip_buf b = EIP_BUF_INIT;
    entry *v;

    if (e->n == e->cap) {
        e->cap = e->cap != 0 ? 2 * e->cap : 64;
        v = realloc(e->v, e->cap * sizeof(*v));
        if (v == NULL) {
            return EIP_ENOMEM;
        }
        e->v = v;
    }
    eip_buf_printf(&b, "%s/%.*s%s", prefix, (int)rest_len, rest,
                   is_dir && rest_len > 0 ? "/" : "");
    e->v[e->n].name = eip_buf_detach(&b);
    if (e->v[e->n].name == NULL) {
        return EIP_ENOMEM;
    }
    e->v[e->n].tag = tag;
    e->v[e->n].item = item;
    e->v[e->n].is_dir = is_dir;
    e->n++;
    return 0;
}

static int compare_entries(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->name, ((const entry *)b)->name);
}

/* Folder entries for every folder that holds a payload file. */
static int add_folders(entries *e, const char *bag, const bag_src *src)
{
    char data_path[16] = "data/";
    const char *slash;
    eip_buf full = EIP_BUF_INIT;
    int rc = 0;

    eip_buf_puts(&full, data_path);
    eip_buf_puts(&full, src->path);
    if (full.failed) {
        return EIP_ENOMEM;
    }
    for (slash = strchr(full.data, '/'); slash != NULL && rc == 0;
         slash = strchr(slash + 1, '/')) {
        rc = entries_add(e, bag, full.data, (size_t)(slash - full.data), -1, 0,
                         1);
    }
    eip_buf_free(&full);
    return rc;
}

/* Remove repeated folder entries from a sorted list. */
static void entries_unique(entries *e)
{
    size_t r;
    size_t w = 0;

    for (r = 0; r < e->n; r++) {
        if (w > 0 && strcmp(e->v[w - 1].name, e->v[r].name) == 0) {
            free(e->v[r].name);
            continue;
        }
        e->v[w++] = e->v[r];
    }
    e->n = w;
}

/* Every entry of the bag, sorted by name bytes. */
static int list_entries(entries *e, const writer *w)
{
    const char *bag = w->opts->name;
    eip_buf data = EIP_BUF_INIT;
    size_t i;
    int rc;

    rc = entries_add(e, bag, "", 0, -1, 0, 1);
    for (i = 0; i < TAG_COUNT && rc == 0; i++) {
        rc = entries_add(e, bag, tag_names[i], strlen(tag_names[i]), (int)i, 0,
                         0);
    }
    rc = rc == 0 ? entries_add(e, bag, "data", 4, -1, 0, 1) : rc;
    for (i = 0; i < w->n_src && rc == 0; i++) {
        eip_buf_reset(&data);
        eip_buf_printf(&data, "data/%s", w->src[i].path);
        rc = data.failed ? EIP_ENOMEM
                         : entries_add(e, bag, data.data, data.len, -1, i, 0);
        rc = rc == 0 ? add_folders(e, bag, &w->src[i]) : rc;
    }
    eip_buf_free(&data);
    if (rc == 0) {
        qsort(e->v, e->n, sizeof(*e->v), compare_entries);
        entries_unique(e);
    }
    return rc;
}

/* ---- the ZIP archive ---- */

/* MS-DOS date and time of when, in UTC; clamped to what DOS can hold. */
static void dos_time(time_t when, zip_uint16_t *dtime, zip_uint16_t *ddate)
{
    struct tm tm;

    gmtime_r(&when, &tm);
    if (tm.tm_year < 80) {
        *dtime = 0;
        *ddate = (zip_uint16_t)(1 << 5 | 1);
        return;
    }
    if (tm.tm_year > 207) {
        tm.tm_year = 207;
    }
    *dtime = (zip_uint16_t)(tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2);
    *ddate = (zip_uint16_t)((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 |
                            tm.tm_mday);
}

static zip_int64_t add_file(zip_t *za, writer *w, const entry *en)
{
    zip_source_t *src;
    zip_int64_t idx;
    zsrc *z;

    z = calloc(1, sizeof(*z));
    if (z == NULL) {
        return -1;
    }
    z->w = w;
    z->tag = en->tag;
    z->item = en->item;
    zip_error_init(&z->ze);
    src = zip_source_function(za, zsrc_cb, z);
    if (src == NULL) {
        free(z);
        return -1;
    }
    idx = zip_file_add(za, en->name, src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
        zip_source_free(src);
    }
    return idx;
}

/* Add one entry with the fixed time, mode and compression. */
static int add_entry(zip_t *za, writer *w, const entry *en,
                     const zip_uint16_t dos[2])
{
    zip_int32_t method = ZIP_CM_DEFLATE;
    zip_uint32_t mode = 0100644;
    zip_int64_t idx;

    if (en->is_dir) {
        idx = zip_dir_add(za, en->name, ZIP_FL_ENC_UTF_8);
        method = ZIP_CM_STORE;
        mode = 040755;
    } else {
        idx = add_file(za, w, en);
        if (en->tag < 0 && !w->src[en->item].deflate) {
            method = ZIP_CM_STORE;
        }
    }
    if (idx < 0 ||
        zip_set_file_compression(za, (zip_uint64_t)idx, method, 0) != 0 ||
        zip_file_set_dostime(za, (zip_uint64_t)idx, dos[0], dos[1], 0) != 0 ||
        zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0,
                                         ZIP_OPSYS_UNIX, mode << 16) != 0) {
        return eip_error_set(w->err, EIP_EIO, "cannot add '%s': %s", en->name,
                             zip_strerror(za));
    }
    return 0;
}

static int add_entries(zip_t *za, writer *w)
{
    entries e = {NULL, 0, 0};
    zip_uint16_t dos[2];
    size_t i;
    int rc;

    dos_time(w->when, &dos[0], &dos[1]);
    rc = list_entries(&e, w);
    if (rc != 0) {
        rc = eip_error_set(w->err, rc, "out of memory");
    }
    for (i = 0; i < e.n && rc == 0; i++) {
        rc = add_entry(za, w, &e.v[i], dos);
    }
    entries_free(&e);
    return rc;
}

/* Pull everything through libzip into za; the pipe must not run yet. */
static int close_zip(writer *w, zip_t *za, unsigned jobs)
{
    int rc;

    rc = add_entries(za, w);
    if (rc == 0) {
        /* Before any read, so that a caller sees the sources untouched. */
        rc = report_progress(w, 0);
    }
    if (rc == 0) {
        rc = bag_pipe_start(&w->pipe, w->src, w->n_src, jobs, w->err);
    }
    if (rc == 0 && zip_close(za) != 0) {
        rc = eip_error_set(w->err, EIP_EIO,
                           "'%s': cannot write the "
                           "archive: %s",
                           w->opts->target, zip_strerror(za));
    }
    if (rc != 0 && w->err != NULL && w->err->code != 0) {
        rc = w->err->code; /* the first cause, e.g. EIP_ECANCELED */
    }
    if (rc != 0) {
        zip_discard(za);
    }
    if (bag_pipe_close(w->pipe, w->err) != 0 && rc == 0) {
        rc = w->err->code;
    }
    w->pipe = NULL;
    return rc;
}

/*
 * Write the archive into fd; libzip pulls the payload at zip_close.  The
 * archive's SHA-256 goes to out_hex, or "" when it has to be computed
 * from the file.
 */
static int write_zip(writer *w, int fd, unsigned jobs, char *out_hex)
{
    bag_out *out;
    zip_t *za = NULL;
    int zerr = ZIP_ER_MEMORY;
    int rc;

    out = bag_out_new(fd);
    if (out != NULL) {
        za = bag_out_open(out, &zerr);
    }
    if (za == NULL) {
        bag_out_free(out);
        return eip_error_set(w->err, EIP_EIO,
                             "'%s': cannot create the "
                             "archive (libzip error %d)",
                             w->opts->target, zerr);
    }
    rc = close_zip(w, za, jobs);
    if (rc != 0 || bag_out_hash(out_hex, out) != 0) {
        out_hex[0] = '\0';
    }
    bag_out_free(out);
    return rc;
}

/* ---- the bag folder ---- */

static int write_all(int fd, const unsigned char *p, size_t len)
{
    ssize_t n;

    while (len > 0) {
        n = write(fd, p, len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Create the folders above root/rel, as in "mkdir -p". */
static int make_parents(const char *path, size_t root_len)
{
    char *copy = strdup(path);
    char *slash;
    int rc = 0;

    if (copy == NULL) {
        return -1;
    }
    for (slash = strchr(copy + root_len + 1, '/'); slash != NULL && rc == 0;
         slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        if (mkdir(copy, 0755) != 0 && errno != EEXIST) {
            rc = -1;
        }
        *slash = '/';
    }
    free(copy);
    return rc;
}

static int open_new(writer *w, const char *path, size_t root_len)
{
    int fd = -1;

    if (make_parents(path, root_len) == 0) {
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    }
    if (fd < 0) {
        eip_error_set(w->err, EIP_EIO, "'%s': cannot create: %s", path,
                      strerror(errno));
    }
    return fd;
}

static int close_synced(writer *w, int fd, const char *path, int rc)
{
    if (rc == 0 && fsync(fd) != 0) {
        rc = eip_error_set(w->err, EIP_EIO, "'%s': cannot write: %s", path,
                           strerror(errno));
    }
    if (close(fd) != 0 && rc == 0) {
        rc = eip_error_set(w->err, EIP_EIO, "'%s': cannot write: %s", path,
                           strerror(errno));
    }
    return rc;
}

/* Copy item i from the pipeline to root/data/<path>. */
static int write_payload_file(writer *w, const char *root, size_t i)
{
    eip_buf path = EIP_BUF_INIT;
    bag_block blk = {NULL, 0, 0, 0, 0};
    int fd = -1;
    int rc;

    eip_buf_printf(&path, "%s/data/%s", root, w->src[i].path);
    if (path.failed) {
        return eip_error_set(w->err, EIP_ENOMEM, "out of memory");
    }
    fd = open_new(w, path.data, strlen(root));
    rc = fd < 0 ? EIP_EIO : 0;
    while (rc == 0 && !blk.last) {
        rc = bag_pipe_next(&blk, w->pipe, i, w->err);
        if (rc == 0 && write_all(fd, blk.bytes, blk.len) != 0) {
            rc = eip_error_set(w->err, EIP_EIO, "'%s': cannot write: %s",
                               path.data, strerror(errno));
        }
        if (rc == 0) {
            bag_pipe_release(w->pipe);
            rc = report_progress(w, blk.raw_len);
        }
    }
    if (fd >= 0) {
        rc = close_synced(w, fd, path.data, rc);
    }
    eip_buf_free(&path);
    return rc;
}

static int write_tag_file(writer *w, const char *root, int tag)
{
    eip_buf path = EIP_BUF_INIT;
    const eip_buf *t = &w->tags[tag];
    int fd;
    int rc;

    rc = build_tag(w, tag);
    eip_buf_printf(&path, "%s/%s", root, tag_names[tag]);
    if (rc == 0 && path.failed) {
        rc = eip_error_set(w->err, EIP_ENOMEM, "out of memory");
    }
    fd = rc == 0 ? open_new(w, path.data, strlen(root)) : -1;
    rc = rc == 0 && fd < 0 ? EIP_EIO : rc;
    if (rc == 0 &&
        write_all(fd, (const unsigned char *)eip_buf_str(t), t->len) != 0) {
        rc = eip_error_set(w->err, EIP_EIO, "'%s': cannot write: %s", path.data,
                           strerror(errno));
    }
    if (fd >= 0) {
        rc = close_synced(w, fd, path.data, rc);
    }
    eip_buf_free(&path);
    return rc;
}

/* Write the bag into the folder root (which exists and is empty). */
static int write_dir(writer *w, const char *root)
{
    size_t i;
    int rc;
    int tag;

    for (i = 0; i < w->n_src; i++) {
        w->src[i].deflate = 0;
    }
    rc = report_progress(w, 0);
    if (rc == 0) {
        rc = bag_pipe_start(&w->pipe, w->src, w->n_src, 1, w->err);
    }
    for (i = 0; i < w->n_src && rc == 0; i++) {
        rc = write_payload_file(w, root, i);
    }
    if (bag_pipe_close(w->pipe, w->err) != 0 && rc == 0) {
        rc = w->err->code;
    }
    w->pipe = NULL;
    w->items_done = rc == 0 ? w->n_src : 0;
    for (tag = 0; tag < TAG_COUNT && rc == 0; tag++) {
        rc = write_tag_file(w, root, tag);
    }
    return rc;
}

/* ---- temporary names, read-back and renaming into place ---- */

/* The target split into its folder and its last component. */
typedef struct place {
    eip_buf dir;
    const char *base;
    eip_buf tmp;  /* the temporary archive or folder */
    eip_buf side; /* the temporary sidecar */
    eip_buf old;  /* a replaced folder on its way out */
} place;

static int place_init(place *pl, const char *target)
{
    const char *slash = strrchr(target, '/');

    memset(pl, 0, sizeof(*pl));
    pl->base = slash != NULL ? slash + 1 : target;
    if (slash == NULL) {
        eip_buf_puts(&pl->dir, ".");
    } else {
        eip_buf_append(&pl->dir, target,
                       slash == target ? 1 : (size_t)(slash - target));
    }
    return pl->dir.failed ? EIP_ENOMEM : 0;
}

static void place_free(place *pl)
{
    eip_buf_free(&pl->dir);
    eip_buf_free(&pl->tmp);
    eip_buf_free(&pl->side);
    eip_buf_free(&pl->old);
}

/* Fill b with "<dir>/.<base><what>-XXXXXX" ready for mkstemp/mkdtemp. */
static int temp_name(eip_buf *b, const place *pl, const char *what)
{
    eip_buf_reset(b);
    eip_buf_printf(b, "%s/.%s%s-XXXXXX", eip_buf_str(&pl->dir), pl->base, what);
    return b->failed ? EIP_ENOMEM : 0;
}

static void remove_tree(const char *path)
{
    eip_buf child = EIP_BUF_INIT;
    struct dirent *de;
    struct stat st;
    DIR *d;

    d = opendir(path);
    while (d != NULL && (de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) {
            continue;
        }
        eip_buf_reset(&child);
        eip_buf_printf(&child, "%s/%s", path, de->d_name);
        if (child.failed || lstat(child.data, &st) != 0) {
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            remove_tree(child.data);
        } else {
            unlink(child.data);
        }
    }
    if (d != NULL) {
        closedir(d);
    }
    eip_buf_free(&child);
    rmdir(path);
}

/* Verify the bag just written; any problem fails the write. */
static int read_back(writer *w, const char *path)
{
    eip_findings *problems = NULL;
    const eip_finding *first;
    int rc;

    rc = eip_findings_new(&problems);
    if (rc != 0) {
        return eip_error_set(w->err, rc, "out of memory");
    }
    rc = eip_bag_verify(problems, path, w->opts->jobs, w->err);
    if (rc == 0 && eip_findings_count(problems) > 0) {
        first = eip_findings_get(problems, 0);
        rc = eip_error_set(w->err, EIP_EVERIFY,
                           "'%s': read-back failed: '%s': %s", w->opts->target,
                           first->file ? first->file : "", first->message);
    }
    eip_findings_free(problems);
    return rc;
}

static int sync_path(const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC);
    int rc;

    if (fd < 0) {
        return -1;
    }
    rc = fsync(fd);
    close(fd);
    return rc;
}

/* Write "<hex>  <base>\n" to a new temporary sidecar file. */
static int write_sidecar(writer *w, place *pl, const char *hex)
{
    eip_buf line = EIP_BUF_INIT;
    int fd;
    int rc;

    rc = temp_name(&pl->side, pl, ".sha256.tmp");
    eip_buf_printf(&line, "%s  %s\n", hex, pl->base);
    if (rc != 0 || line.failed) {
        eip_buf_free(&line);
        return eip_error_set(w->err, EIP_ENOMEM, "out of memory");
    }
    fd = mkstemp(pl->side.data);
    if (fd < 0) {
        eip_buf_free(&pl->side);
        eip_buf_free(&line);
        return eip_error_set(w->err, EIP_EIO, "'%s': cannot create: %s",
                             eip_buf_str(&pl->dir), strerror(errno));
    }
    rc = write_all(fd, (const unsigned char *)line.data, line.len) != 0 ||
                 fchmod(fd, 0644) != 0
             ? eip_error_set(w->err, EIP_EIO,
                             "'%s.sha256': cannot write: "
                             "%s",
                             w->opts->target, strerror(errno))
             : 0;
    rc = close_synced(w, fd, pl->side.data, rc);
    eip_buf_free(&line);
    return rc;
}

/*
 * Beside the read-back: the archive's own hash when the writer could not
 * compute it, and a first sync, so that the disk catches up while the
 * archive is read (a failure shows again in the sync before renaming).
 */
typedef struct archive_hash {
    const char *path;
    char *out_hex;
    eip_error err;
    int rc;
} archive_hash;

static void *hash_archive(void *arg)
{
    archive_hash *h = arg;

    if (h->out_hex[0] == '\0') {
        h->rc = eip_sha256_file(h->out_hex, h->path, NULL, &h->err);
    }
    sync_path(h->path, O_RDONLY);
    return NULL;
}

/* Read the archive back, hashing and syncing it on another thread. */
static int check_archive(writer *w, const char *path, char *out_hex)
{
    archive_hash h;
    pthread_t t;
    int started;
    int rc;

    memset(&h, 0, sizeof(h));
    h.path = path;
    h.out_hex = out_hex;
    started = pthread_create(&t, NULL, hash_archive, &h) == 0;
    rc = read_back(w, path);
    if (started) {
        pthread_join(t, NULL);
    } else {
        hash_archive(&h);
    }
    if (rc == 0 && h.rc != 0) {
        rc = eip_error_set(w->err, h.rc, "%s", h.err.message);
    }
    return rc;
}

/* Sync and rename the archive and its sidecar into place. */
static int finish_zip(writer *w, place *pl, const char *out_hex)
{
    eip_buf side = EIP_BUF_INIT;
    int rc = 0;

    if (chmod(pl->tmp.data, 0644) != 0 ||
        sync_path(pl->tmp.data, O_RDONLY) != 0) {
        rc = eip_error_set(w->err, EIP_EIO, "'%s': cannot write: %s",
                           w->opts->target, strerror(errno));
    }
    rc = rc == 0 ? write_sidecar(w, pl, out_hex) : rc;
    rc = rc == 0 ? report_progress(w, 0) : rc; /* last call to stop */
    eip_buf_printf(&side, "%s.sha256", w->opts->target);
    if (rc == 0 && side.failed) {
        rc = eip_error_set(w->err, EIP_ENOMEM, "out of memory");
    }
    if (rc == 0 && rename(pl->tmp.data, w->opts->target) != 0) {
        rc = eip_error_set(w->err, EIP_EIO,
                           "'%s': cannot rename into "
                           "place: %s",
                           w->opts->target, strerror(errno));
    }
    if (rc == 0 && rename(pl->side.data, side.data) != 0) {
        rc = eip_error_set(w->err, EIP_EIO,
                           "'%s': cannot rename into "
                           "place: %s",
                           side.data, strerror(errno));
        unlink(w->opts->target);
    }
    sync_path(eip_buf_str(&pl->dir), O_RDONLY | O_DIRECTORY);
    eip_buf_free(&side);
    return rc;
}

static int pack_zip(writer *w, place *pl, char *out_hex)
{
    int fd;
    int rc;

    rc = temp_name(&pl->tmp, pl, ".tmp");
    if (rc != 0) {
        return eip_error_set(w->err, rc, "out of memory");
    }
    fd = mkstemp(pl->tmp.data);
    if (fd < 0) {
        eip_buf_free(&pl->tmp);
        return eip_error_set(w->err, EIP_EIO,
                             "'%s': cannot create a file "
                             "there: %s",
                             eip_buf_str(&pl->dir), strerror(errno));
    }
    rc = write_zip(w, fd, bag_jobs(w->opts->jobs), out_hex);
    if (close(fd) != 0 && rc == 0) {
        rc = eip_error_set(w->err, EIP_EIO, "'%s': cannot write: %s",
                           w->opts->target, strerror(errno));
    }
    rc = rc == 0 ? check_archive(w, pl->tmp.data, out_hex) : rc;
    rc = rc == 0 ? finish_zip(w, pl, out_hex) : rc;
    if (rc != 0) {
        unlink(pl->tmp.data);
        if (pl->side.data != NULL) {
            unlink(pl->side.data);
        }
    }
    return rc;
}

/* Move an existing target folder aside, then the new one in. */
static int swap_dir(writer *w, place *pl)
{
    const char *target = w->opts->target;
    int had_old = 0;

    if (report_progress(w, 0) != 0) {
        return EIP_ECANCELED; /* the last moment to stop */
    }
    if (w->opts->overwrite && access(target, F_OK) == 0) {
        if (temp_name(&pl->old, pl, ".old") != 0 ||
            mkdtemp(pl->old.data) == NULL ||
            rename(target, pl->old.data) != 0) {
            return eip_error_set(w->err, EIP_EIO,
                                 "'%s': cannot replace: "
                                 "%s",
                                 target, strerror(errno));
        }
        had_old = 1;
    }
    if (rename(pl->tmp.data, target) != 0) {
        eip_error_set(w->err, EIP_EIO, "'%s': cannot rename into place: %s",
                      target, strerror(errno));
        if (had_old) {
            rename(pl->old.data, target);
        }
        return EIP_EIO;
    }
    if (had_old) {
        remove_tree(pl->old.data);
    }
    sync_path(eip_buf_str(&pl->dir), O_RDONLY | O_DIRECTORY);
    return 0;
}

static int pack_dir(writer *w, place *pl, char *out_hex)
{
    eip_buf data = EIP_BUF_INIT;
    int rc;

    rc = temp_name(&pl->tmp, pl, ".tmp");
    if (rc != 0 || mkdtemp(pl->tmp.data) == NULL) {
        eip_buf_free(&pl->tmp);
        return eip_error_set(w->err, EIP_EIO,
                             "'%s': cannot create a folder "
                             "there: %s",
                             eip_buf_str(&pl->dir), strerror(errno));
    }
    eip_buf_printf(&data, "%s/data", pl->tmp.data);
    if (data.failed || mkdir(data.data, 0755) != 0 ||
        chmod(pl->tmp.data, 0755) != 0) {
        rc = eip_error_set(w->err, EIP_EIO, "'%s': cannot create: %s",
                           eip_buf_str(&data), strerror(errno));
    }
    rc = rc == 0 ? write_dir(w, pl->tmp.data) : rc;
    rc = rc == 0 ? read_back(w, pl->tmp.data) : rc;
    if (rc == 0) {
        const eip_buf *t = &w->tags[TAG_TAGMANIFEST];

        rc = eip_sha256_mem(out_hex, eip_buf_str(t), t->len, w->err);
    }
    rc = rc == 0 ? swap_dir(w, pl) : rc;
    if (rc != 0) {
        remove_tree(pl->tmp.data);
    }
    eip_buf_free(&data);
    return rc;
}

/* ---- the entry point ---- */

static int check_target(const eip_bag_options *o, eip_error *err)
{
    struct stat st;

    if (lstat(o->target, &st) != 0) {
        return 0;
    }
    if (!o->overwrite) {
        return eip_error_set(err, EIP_EEXIST, "'%s': already exists",
                             o->target);
    }
    if (S_ISDIR(st.st_mode) != (o->format == EIP_BAG_DIR)) {
        return eip_error_set(err, EIP_EEXIST,
                             "'%s': already exists and is "
                             "%s",
                             o->target,
                             S_ISDIR(st.st_mode) ? "a folder" : "not a folder");
    }
    return 0;
}

static int check_options(const eip_bag_options *o, const eip_bag_item *items,
                         size_t n, eip_error *err)
{
    const char *name = o->name != NULL ? o->name : "";
    size_t i;

    if (o->target == NULL || o->target[0] == '\0' ||
        o->target[strlen(o->target) - 1] == '/') {
        return eip_error_set(err, EIP_EINVAL, "no target path for the bag");
    }
    if (o->format == EIP_BAG_ZIP &&
        (strchr(name, '/') != NULL ||
         eip_bag_check_paths(&name, 1, NULL) != 0)) {
        return eip_error_set(err, EIP_EINVAL,
                             "bag name '%s' is not one safe "
                             "folder name",
                             name);
    }
    for (i = 0; i < n; i++) {
        if (items[i].path == NULL) {
            return eip_error_set(err, EIP_EINVAL,
                                 "payload item %zu has no "
                                 "path",
                                 i + 1);
        }
    }
    return 0;
}

static int pack(writer *w, const eip_bag_item *items, size_t n_items,
                const eip_bag_field *fields, size_t n_fields, char *out_hex)
{
    const eip_bag_options *o = w->opts;
    place pl;
    int rc;

    rc = check_options(o, items, n_items, w->err);
    rc = rc == 0 ? check_paths(w, items, n_items) : rc;
    rc = rc == 0 ? prepare_items(w, items, n_items) : rc;
    rc = rc == 0 ? build_info(w, fields, n_fields) : rc;
    rc = rc == 0 ? check_target(o, w->err) : rc;
    if (rc != 0) {
        return rc;
    }
    if (place_init(&pl, o->target) != 0) {
        place_free(&pl);
        return eip_error_set(w->err, EIP_ENOMEM, "out of memory");
    }
    rc = o->format == EIP_BAG_DIR ? pack_dir(w, &pl, out_hex)
                                  : pack_zip(w, &pl, out_hex);
    place_free(&pl);
    return rc;
}

int eip_bag_write(char out_hex[EIP_SHA256_HEX_LEN + 1],
                  const eip_bag_item *items, size_t n_items,
                  const eip_bag_field *fields, size_t n_fields,
                  const eip_bag_options *opts, eip_error *err)
{
    eip_error local;
    writer w;
    int rc;
    int i;

    eip_error_clear(&local);
    memset(&w, 0, sizeof(w));
    w.opts = opts;
    w.err = err != NULL ? err : &local;
    w.when = opts->source_date_epoch >= 0 ? (time_t)opts->source_date_epoch
                                          : time(NULL);
    out_hex[0] = '\0';
    rc = pack(&w, items, n_items, fields, n_fields, out_hex);
    if (rc != 0) {
        /* The first error recorded is the cause; report its code. */
        rc = w.err->code != 0 ? w.err->code : rc;
        out_hex[0] = '\0';
    }
    for (i = 0; i < TAG_COUNT; i++) {
        eip_buf_free(&w.tags[i]);
    }
    free(w.src);
    return rc;
}
