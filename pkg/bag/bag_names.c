/* SPDX-License-Identifier: MIT */
/*
 * bag_names.c - names that survive every file system and portal, and the
 * check that no two payload paths name the same file anywhere.
 */
#include "bag/bag.h"

#include <utf8proc.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Longest extension (dot included) kept whole when a name is shortened. */
#define EXT_MAX 16

/* Latin letters that do not decompose into a base letter and a mark. */
static const struct {
    utf8proc_int32_t cp;
    const char *ascii;
} latin_map[] = {
    {0x00C6, "AE"}, {0x00D0, "D"},  {0x00D8, "O"}, {0x00DE, "Th"},
    {0x00DF, "ss"}, {0x00E6, "ae"}, {0x00F0, "d"}, {0x00F8, "o"},
    {0x00FE, "th"}, {0x0110, "D"},  {0x0111, "d"}, {0x0126, "H"},
    {0x0127, "h"},  {0x0131, "i"},  {0x0141, "L"}, {0x0142, "l"},
    {0x0152, "OE"}, {0x0153, "oe"}, {0x0166, "T"}, {0x0167, "t"},
    {0x1E9E, "SS"},
};

static const char *const reserved_stems[] = {
    "CON",  "PRN",  "AUX",  "NUL",  "COM1", "COM2", "COM3", "COM4",
    "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3",
    "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
};

static int keep_ascii(utf8proc_int32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

/* Append c, or its transliteration, or '_' (never two '_' in a row). */
static void put_char(eip_buf *b, utf8proc_int32_t c)
{
    const char *s = "_";
    char one[2] = {0, 0};
    size_t i;

    if (keep_ascii(c)) {
        one[0] = (char)c;
        s = one;
    }
    for (i = 0; i < sizeof(latin_map) / sizeof(latin_map[0]); i++) {
        if (latin_map[i].cp == c) {
            s = latin_map[i].ascii;
        }
    }
    if (s[0] == '_' && b->len > 0 && b->data[b->len - 1] == '_') {
        return;
    }
    eip_buf_puts(b, s);
}

/* Map name into raw: decomposed, marks dropped, unsafe runs as '_'. */
static void transliterate(eip_buf *raw, const char *name)
{
    const utf8proc_uint8_t *in = (const utf8proc_uint8_t *)name;
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_int32_t c;
    utf8proc_ssize_t n;

    n = utf8proc_map(in, 0, &mapped,
                     UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT |
                         UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK);
    if (n < 0) {
        /* Not UTF-8: every byte outside ASCII becomes '_'. */
        for (; *in != '\0'; in++) {
            put_char(raw, *in < 0x80 ? *in : 0xFFFD);
        }
        return;
    }
    in = mapped;
    while (*in != '\0') {
        n = utf8proc_iterate(in, -1, &c);
        if (n <= 0) {
            break;
        }
        put_char(raw, c);
        in += n;
    }
    free(mapped);
}

/*
 * Drop '_' next to a '.' (unless it leads), a leading '.' or '-', and
 * trailing '.' and '_'.
 */
static void tidy(eip_buf *out, const char *s, size_t len)
{
    size_t i;
    char c;

    for (i = 0; i < len; i++) {
        c = s[i];
        if (c == '_' && out->len > 0 &&
            ((i + 1 < len && s[i + 1] == '.') || s[i - 1] == '.')) {
            continue;
        }
        if ((c == '.' || c == '-') && out->len == 0) {
            continue;
        }
        eip_buf_putc(out, c);
    }
    while (out->len > 0 &&
           (out->data[out->len - 1] == '.' || out->data[out->len - 1] == '_')) {
        out->data[--out->len] = '\0';
    }
}

/* Shorten s in place to EIP_BAG_NAME_MAX bytes, keeping its extension. */
static void shorten(eip_buf *s)
{
    char ext[EXT_MAX + 1] = "";
    const char *dot;
    size_t ext_len = 0;
    size_t keep;

    if (s->len <= EIP_BAG_NAME_MAX) {
        return;
    }
    dot = strrchr(s->data, '.');
    if (dot != NULL && dot != s->data && strlen(dot) <= EXT_MAX) {
        ext_len = strlen(dot);
        memcpy(ext, dot, ext_len + 1);
    }
    keep = EIP_BAG_NAME_MAX - ext_len;
    while (keep > 1 && (s->data[keep - 1] == '.' || s->data[keep - 1] == '_')) {
        keep--;
    }
    s->len = keep;
    s->data[keep] = '\0';
    eip_buf_puts(s, ext);
}

/* Names Windows reserves for devices, whatever the extension. */
static int is_reserved(const char *s)
{
    size_t stem = strcspn(s, ".");
    size_t i;

    for (i = 0; i < sizeof(reserved_stems) / sizeof(reserved_stems[0]); i++) {
        if (strlen(reserved_stems[i]) == stem &&
            strncasecmp(s, reserved_stems[i], stem) == 0) {
            return 1;
        }
    }
    return 0;
}

int eip_bag_safe_name(eip_buf *out, const char *name)
{
    eip_buf raw = EIP_BUF_INIT;
    eip_buf clean = EIP_BUF_INIT;
    int rc;

    transliterate(&raw, name);
    tidy(&clean, eip_buf_str(&raw), raw.len);
    if (clean.len == 0) {
        eip_buf_putc(&clean, '_');
    }
    if (is_reserved(eip_buf_str(&clean))) {
        eip_buf_reset(&raw);
        eip_buf_putc(&raw, '_');
        eip_buf_append(&raw, clean.data, clean.len);
        eip_buf_reset(&clean);
        eip_buf_append(&clean, raw.data, raw.len);
    }
    if (!clean.failed) {
        shorten(&clean);
    }
    rc = raw.failed || clean.failed ? EIP_ENOMEM : 0;
    if (rc == 0) {
        rc = eip_buf_append(out, clean.data, clean.len);
    }
    eip_buf_free(&raw);
    eip_buf_free(&clean);
    return rc;
}

int eip_bag_name_key(eip_buf *out, const char *path)
{
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n;
    int rc;

    n = utf8proc_map((const utf8proc_uint8_t *)path, 0, &mapped,
                     UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                         UTF8PROC_CASEFOLD);
    if (n == UTF8PROC_ERROR_NOMEM) {
        return EIP_ENOMEM;
    }
    if (n < 0) {
        return EIP_EFORMAT;
    }
    rc = eip_buf_append(out, mapped, (size_t)n);
    free(mapped);
    return rc;
}

/* A path is usable when it is relative, has no empty, "." or ".."
 * component, no backslash and no control character. */
static int path_is_usable(const char *p)
{
    const char *c;
    size_t len;

    if (*p == '\0' || *p == '/') {
        return 0;
    }
    for (c = p; *c != '\0'; c++) {
        if ((unsigned char)*c < 0x20 || *c == 0x7f || *c == '\\') {
            return 0;
        }
    }
    while (*p != '\0') {
        len = strcspn(p, "/");
        if (len == 0 || (len == 1 && p[0] == '.') ||
            (len == 2 && p[0] == '.' && p[1] == '.')) {
            return 0;
        }
        p += len;
        if (*p == '/') {
            p++;
            if (*p == '\0') {
                return 0;
            }
        }
    }
    return 1;
}

/* One name to compare: a payload file, or a folder that holds one. */
typedef struct name_key {
    char *key;
    const char *path; /* the path as given */
    size_t len;       /* bytes of path that make the name */
    int is_dir;
} name_key;

static int compare_keys(const void *a, const void *b)
{
    const name_key *x = a;
    const name_key *y = b;

    return strcmp(x->key, y->key);
}

/* Add the key of path[0..len) as keys[*n]. */
static int add_key(name_key *keys, size_t *n, const char *path, size_t len,
                   int is_dir)
{
    eip_buf part = EIP_BUF_INIT;
    eip_buf key = EIP_BUF_INIT;
    int rc;

    rc = eip_buf_append(&part, path, len);
    if (rc == 0) {
        rc = eip_bag_name_key(&key, eip_buf_str(&part));
    }
    if (rc == 0) {
        keys[*n].key = eip_buf_detach(&key);
        rc = keys[*n].key == NULL ? EIP_ENOMEM : 0;
    }
    if (rc == 0) {
        keys[*n].path = path;
        keys[*n].len = len;
        keys[*n].is_dir = is_dir;
        (*n)++;
    }
    eip_buf_free(&part);
    eip_buf_free(&key);
    return rc;
}

/* Add the keys of path and of every folder above it. */
static int add_path_keys(name_key *keys, size_t *n, const char *path)
{
    const char *slash;
    int rc = 0;

    for (slash = strchr(path, '/'); slash != NULL && rc == 0;
         slash = strchr(slash + 1, '/')) {
        rc = add_key(keys, n, path, (size_t)(slash - path), 1);
    }
    if (rc == 0) {
        rc = add_key(keys, n, path, strlen(path), 0);
    }
    return rc;
}

/* Two equal keys clash unless both are the same folder spelt the same. */
static int keys_clash(const name_key *a, const name_key *b, eip_error *err)
{
    if (a->is_dir && b->is_dir && a->len == b->len &&
        memcmp(a->path, b->path, a->len) == 0) {
        return 0;
    }
    return eip_error_set(err, EIP_EEXIST,
                         "payload paths '%.*s' and '%.*s' name the same "
                         "file on some systems",
                         (int)a->len, a->path, (int)b->len, b->path);
}

static size_t count_components(const char *const *paths, size_t n)
{
    size_t total = 0;
    size_t i;
    const char *c;

    for (i = 0; i < n; i++) {
        total++;
        for (c = paths[i]; *c != '\0'; c++) {
            total += *c == '/';
        }
    }
    return total;
}

static int check_usable(const char *const *paths, size_t n, eip_error *err)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (!path_is_usable(paths[i])) {
            return eip_error_set(err, EIP_EUNSAFE,
                                 "payload path '%s' is not a safe relative "
                                 "path",
                                 paths[i]);
        }
    }
    return 0;
}

int eip_bag_check_paths(const char *const *paths, size_t n, eip_error *err)
{
    size_t total = count_components(paths, n);
    name_key *keys = NULL;
    size_t used = 0;
    size_t i;
    int rc;

    rc = check_usable(paths, n, err);
    if (rc != 0) {
        return rc;
    }
    keys = calloc(total + 1, sizeof(*keys));
    if (keys == NULL) {
        return eip_error_set(err, EIP_ENOMEM, "out of memory");
    }
    for (i = 0; i < n && rc == 0; i++) {
        rc = add_path_keys(keys, &used, paths[i]);
        if (rc == EIP_EFORMAT) {
            rc = eip_error_set(err, rc,
                               "payload path '%s' is not valid "
                               "UTF-8",
                               paths[i]);
        } else if (rc != 0) {
            rc = eip_error_set(err, rc, "out of memory");
        }
    }
    if (rc == 0) {
        qsort(keys, used, sizeof(*keys), compare_keys);
    }
    for (i = 1; i < used && rc == 0; i++) {
        if (strcmp(keys[i - 1].key, keys[i].key) == 0) {
            rc = keys_clash(&keys[i - 1], &keys[i], err);
        }
    }
    for (i = 0; i < used; i++) {
        free(keys[i].key);
    }
    free(keys);
    return rc;
}
