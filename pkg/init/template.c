/* SPDX-License-Identifier: MIT */
/* template.c - write a new cohort folder: CSV files and the example. */
#include "init/template.h"

#include "template_internal.h"

#include "export/lists.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Whether the folder holds anything; -1 when it cannot be read. */
static int folder_has_entries(const char *folder)
{
    DIR *d = opendir(folder);
    const struct dirent *e;
    int found = 0;

    if (d == NULL) {
        return -1;
    }
    errno = 0;
    e = readdir(d);
    while (e != NULL && !found) {
        found = strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
        e = readdir(d);
    }
    closedir(d);
    return found;
}

int eip_template_prepare(const char *folder, eip_error *err)
{
    struct stat st;
    int has;

    if (stat(folder, &st) != 0) {
        if (errno == ENOENT && mkdir(folder, 0777) == 0) {
            return 0;
        }
        eip_error_set(err, EIP_EIO, "cannot create the folder: %s",
                      strerror(errno));
        eip_error_place(err, folder, NULL, 0, 0);
        return EIP_EIO;
    }
    has = S_ISDIR(st.st_mode) ? folder_has_entries(folder) : 1;
    if (has == 0) {
        return 0;
    }
    if (has < 0) {
        eip_error_set(err, EIP_EIO, "cannot read the folder: %s",
                      strerror(errno));
    } else {
        eip_error_set(err, EIP_EEXIST, "%s",
                      S_ISDIR(st.st_mode)
                          ? "the folder is not empty; nothing was written"
                          : "not a folder; nothing was written");
        eip_error_hint(err, "give a new folder name, or an empty folder");
    }
    eip_error_place(err, folder, NULL, 0, 0);
    return has < 0 ? EIP_EIO : EIP_EEXIST;
}

int tpl_path(char *out, size_t size, const char *folder, const char *rel,
             eip_error *err)
{
    int n = snprintf(out, size, "%s/%s", folder, rel);

    if (n < 0 || (size_t)n >= size) {
        return eip_error_set(err, EIP_ELIMIT, "the path of '%s' is too long",
                             rel);
    }
    return 0;
}

/* Write all of data to fd; 0 or -1 with errno set. */
static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);

        if (n < 0 && errno != EINTR) {
            return -1;
        }
        if (n > 0) {
            data += n;
            len -= (size_t)n;
        }
    }
    return 0;
}

int tpl_write_file(const char *folder, const char *rel, const char *data,
                   size_t len, eip_error *err)
{
    char tmp[4096];
    char path[4096];
    int fd = -1;
    int ok;

    if (tpl_path(tmp, sizeof(tmp), folder, ".eipack-init-XXXXXX", err) != 0 ||
        tpl_path(path, sizeof(path), folder, rel, err) != 0) {
        return EIP_ELIMIT;
    }
    fd = mkstemp(tmp);
    ok = fd >= 0 && fchmod(fd, 0644) == 0 && write_all(fd, data, len) == 0;
    if (fd >= 0) {
        ok = close(fd) == 0 && ok;
        ok = ok && rename(tmp, path) == 0;
    }
    if (!ok) {
        eip_error_set(err, EIP_EIO, "cannot write the file: %s",
                      strerror(errno));
        eip_error_place(err, rel, NULL, 0, 0);
        if (fd >= 0) {
            unlink(tmp);
        }
        return EIP_EIO;
    }
    return 0;
}

/* One CSV row of n cells, ended with CRLF. */
static void csv_row(eip_buf *b, const char *const *cells, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0) {
            eip_buf_putc(b, ',');
        }
        eip_lists_cell(b, cells[i]);
    }
    eip_buf_puts(b, "\r\n");
}

/* The CSV text of tracker table id, with a byte order mark for Excel. */
static void csv_table(eip_buf *b, const tpl *t, int id)
{
    const tpl_table *tab = &t->tables[id];

    eip_buf_puts(b, "\xEF\xBB\xBF");
    csv_row(b, tab->headers, tab->nheaders);
    if (id == EIP_TABLE_COHORT) {
        for (size_t i = 0; i < t->nfields; i++) {
            const char *row[2] = {t->fields[i], ""};

            csv_row(b, row, 2);
        }
    } else if (id == EIP_TABLE_ACTIVITIES) {
        csv_row(b, t->example, tab->nheaders);
    }
}

/* Write one file from a buffer and list it; 0 or a negative code. */
static int put(eip_buf *list, const char *folder, const char *rel,
               const eip_buf *b, eip_error *err)
{
    int rc;

    if (b->failed) {
        return eip_error_set(err, EIP_ENOMEM, "out of memory");
    }
    rc = tpl_write_file(folder, rel, eip_buf_str(b), b->len, err);
    if (rc == 0 && list != NULL) {
        eip_buf_printf(list, "%s\n", rel);
    }
    return rc;
}

static int write_csv_tables(eip_buf *list, const tpl *t, const char *folder,
                            eip_error *err)
{
    eip_buf b = EIP_BUF_INIT;
    int rc = 0;

    for (int id = 0; id < 4 && rc == 0; id++) {
        eip_buf_reset(&b);
        csv_table(&b, t, id);
        rc = put(list, folder, t->tables[id].file, &b, err);
    }
    eip_buf_free(&b);
    return rc;
}

/* Make folder/rel, its parents under folder first; 0 or EIP_EIO. */
static int make_folders(const char *folder, const char *rel, eip_error *err)
{
    char path[4096];
    char *slash;

    if (tpl_path(path, sizeof(path), folder, rel, err) != 0) {
        return EIP_ELIMIT;
    }
    slash = path + strlen(folder) + 1;
    for (;;) {
        slash = strchr(slash, '/');
        if (slash != NULL) {
            *slash = '\0';
        }
        if (mkdir(path, 0777) != 0 && errno != EEXIST) {
            eip_error_set(err, EIP_EIO, "cannot create the folder: %s",
                          strerror(errno));
            eip_error_place(err, rel, NULL, 0, 0);
            return EIP_EIO;
        }
        if (slash == NULL) {
            return 0;
        }
        *slash++ = '/';
    }
}

/* The example activity's folder and its empty register. */
static int write_example(eip_buf *list, const tpl *t, const char *folder,
                         eip_error *err)
{
    eip_buf b = EIP_BUF_INIT;
    int rc = make_folders(folder, EIP_TEMPLATE_EXAMPLE_FOLDER, err);

    if (rc == 0) {
        eip_buf_puts(&b, "\xEF\xBB\xBF");
        csv_row(&b, t->register_headers, 3);
        rc = put(list, folder, EIP_TEMPLATE_EXAMPLE_FOLDER "/register.csv", &b,
                 err);
    }
    eip_buf_free(&b);
    return rc;
}

int eip_template_write(eip_buf *out, const eip_rules *r, const char *folder,
                       eip_template_format format, eip_error *err)
{
    tpl *t = malloc(sizeof(*t));
    int rc;

    if (t == NULL) {
        return eip_error_set(err, EIP_ENOMEM, "out of memory");
    }
    rc = tpl_build(t, r, err);
    if (rc == 0 && format == EIP_TEMPLATE_CSV) {
        rc = write_csv_tables(out, t, folder, err);
    } else if (rc == 0) {
        rc = tpl_write_workbook(t, folder, err);
        if (rc == 0 && out != NULL) {
            eip_buf_puts(out, "tracker.xlsx\n");
        }
    }
    if (rc == 0) {
        rc = write_example(out, t, folder, err);
    }
    free(t);
    return rc;
}
