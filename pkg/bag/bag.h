/* SPDX-License-Identifier: MIT */
/*
 * bag.h - BagIt (RFC 8493) bags, written as one reproducible ZIP archive
 * or as a plain folder, and verified.
 *
 * The writer reads every payload byte once: it hashes, checksums and
 * compresses as it reads, in worker threads, with bounded memory.  It
 * writes beside the target under a temporary name, reads the result back,
 * and renames it into place only when everything checks out; on failure
 * nothing is left behind.  docs/archive.md describes the archive layout.
 */
#ifndef EIP_BAG_H
#define EIP_BAG_H

#include "base/buf.h"
#include "base/error.h"
#include "digest/digest.h"
#include "findings/findings.h"

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

/* Longest name eip_bag_safe_name produces, in bytes. */
#define EIP_BAG_NAME_MAX 120

/* One payload file.  Strings and bytes are borrowed for the call. */
typedef struct eip_bag_item {
    const char *path;   /* inside data/, '/'-separated UTF-8 components */
    const char *source; /* file to read, or NULL to use data and len */
    const void *data;   /* the bytes when source is NULL */
    size_t len;
} eip_bag_item;

/*
 * One bag-info.txt element, written in the order given.  A NULL value
 * for "Bagging-Date" or "Payload-Oxum" is filled in by the writer; any
 * other element with a NULL value is left out.
 */
typedef struct eip_bag_field {
    const char *name;
    const char *value;
} eip_bag_field;

typedef enum eip_bag_format {
    EIP_BAG_ZIP = 0, /* one ZIP archive holding the bag's folder */
    EIP_BAG_DIR      /* the bag as a plain folder at the target */
} eip_bag_format;

/*
 * Progress: payload bytes done out of total.  Called from the thread that
 * called eip_bag_write, first with 0 before anything is read.
 */
typedef void (*eip_bag_progress_fn)(void *ctx, uint64_t bytes_done,
                                    uint64_t bytes_total);

typedef struct eip_bag_options {
    const char *target; /* the archive (ZIP) or bag folder (DIR) */
    const char *name;   /* the ZIP's single top-level folder */
    eip_bag_format format;
    int overwrite;                /* replace an existing target */
    int64_t source_date_epoch;    /* fixed time, or -1 for now */
    unsigned jobs;                /* worker threads, 0 = number of cores */
    eip_bag_progress_fn progress; /* or NULL */
    /*
     * Checked between blocks: once it points to a nonzero value the write
     * stops with EIP_ECANCELED and leaves nothing behind (a signal handler
     * sets it on Ctrl-C).  NULL: never.
     */
    const volatile sig_atomic_t *cancel;
    void *progress_ctx;
} eip_bag_options;

/* Fill opts with the defaults: ZIP, no overwrite, no fixed time, 0 jobs. */
void eip_bag_options_init(eip_bag_options *opts);

/*
 * Write a bag of n_items payload files and n_fields bag-info elements to
 * opts->target.  For ZIP, also writes "<target>.sha256" (a line that
 * `sha256sum -c` accepts) and stores the archive's SHA-256 in out_hex;
 * for DIR, out_hex is the SHA-256 of tagmanifest-sha256.txt.
 *
 * Returns 0, or a negative EIP_E* code with err set: EIP_EEXIST for an
 * existing target or two paths equal after NFC and case folding,
 * EIP_EUNSAFE for a path with an empty, "." or ".." component, a
 * backslash or a control character, EIP_EVERIFY for a source that changed
 * while packing or a failed read-back, EIP_EIO for read or write errors.
 */
int eip_bag_write(char out_hex[EIP_SHA256_HEX_LEN + 1],
                  const eip_bag_item *items, size_t n_items,
                  const eip_bag_field *fields, size_t n_fields,
                  const eip_bag_options *opts, eip_error *err);

/*
 * Verify the bag at path: a ZIP archive holding one bag folder, or a bag
 * folder.  Each problem found is added to problems as an error finding
 * (codes in docs/archive.md) naming the entry in its file.  Hashing runs
 * on jobs threads (0 = number of cores).
 *
 * Returns 0 once verified (no findings added = valid), or a negative code
 * with err set when it could not run (unreadable path, out of memory).
 */
int eip_bag_verify(eip_findings *problems, const char *path, unsigned jobs,
                   eip_error *err);

/*
 * Append to out a version of one path component that is safe on every
 * file system and portal: ASCII letters, digits, '-', '_' and '.', with
 * simple Latin letters transliterated (e.g. "é" -> "e", "ß" -> "ss") and
 * every other run of characters turned into one '_'; never empty, never
 * "." or "..", never starting with '.' or '-', at most EIP_BAG_NAME_MAX
 * bytes keeping the extension.  Returns 0 or EIP_ENOMEM.
 */
int eip_bag_safe_name(eip_buf *out, const char *name);

/*
 * Append to out the key under which two payload paths count as the same
 * file: NFC-normalised and case-folded.  Returns 0, EIP_EFORMAT for
 * invalid UTF-8, or EIP_ENOMEM.
 */
int eip_bag_name_key(eip_buf *out, const char *path);

/*
 * Check that every path is a usable relative payload path and that no
 * two are the same file under eip_bag_name_key (nor a file and a folder).
 * Returns 0, or EIP_EUNSAFE / EIP_EFORMAT / EIP_EEXIST with err naming
 * the path(s).
 */
int eip_bag_check_paths(const char *const *paths, size_t n, eip_error *err);

#endif
