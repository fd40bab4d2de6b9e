/* SPDX-License-Identifier: MIT */
#include "base/text.h"

#include "base/error.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

int eip_text_utf8_valid(const char *s, size_t len, size_t *bad)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n;

        if (p[i] < 0x80) {
            if (p[i] == 0) {
                break;
            }
            i++;
            continue;
        }
        n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n < 0) {
            break;
        }
        i += (size_t)n;
    }
    if (i == len) {
        return 1;
    }
    if (bad != NULL) {
        *bad = i;
    }
    return 0;
}

/*
 * Plain ASCII is already in NFC and folds by lowering A-Z, so most cells
 * (enrolment numbers, dates, ticks) need no trip through utf8proc.
 * Returns 1 when s was ASCII and has been appended.
 */
static int fold_ascii(eip_buf *out, const char *s, int *rc)
{
    size_t len = 0;
    size_t start = out->len;
    size_t i;

    while (s[len] != '\0') {
        if ((unsigned char)s[len] >= 0x80) {
            return 0;
        }
        len++;
    }
    *rc = eip_buf_append(out, s, len);
    for (i = 0; *rc == 0 && i < len; i++) {
        if (out->data[start + i] >= 'A' && out->data[start + i] <= 'Z') {
            out->data[start + i] = (char)(out->data[start + i] - 'A' + 'a');
        }
    }
    return 1;
}

static int map_append(eip_buf *out, const char *s, int options)
{
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n;
    int rc;

    n = utf8proc_map(
        (const utf8proc_uint8_t *)s, 0, &mapped,
        (utf8proc_option_t)(UTF8PROC_NULLTERM | UTF8PROC_STABLE | options));
    if (n < 0) {
        return n == UTF8PROC_ERROR_NOMEM ? EIP_ENOMEM : EIP_EFORMAT;
    }
    rc = eip_buf_append(out, mapped, (size_t)n);
    free(mapped);
    return rc;
}

int eip_text_fold(eip_buf *out, const char *s)
{
    int rc;

    if (fold_ascii(out, s, &rc)) {
        return rc;
    }
    return map_append(out, s, UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
}

static int is_word_char(utf8proc_int32_t cp)
{
    utf8proc_category_t cat;

    if (cp < 0x80) {
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
               (cp >= '0' && cp <= '9');
    }
    cat = utf8proc_category(cp);

    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
           (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME) ||
           cat == UTF8PROC_CATEGORY_ND;
}

int eip_text_key(eip_buf *out, const char *s)
{
    eip_buf folded = EIP_BUF_INIT;
    const utf8proc_uint8_t *p;
    utf8proc_ssize_t left;
    size_t start = out->len;
    int rc;

    rc = eip_text_fold(&folded, s);
    p = (const utf8proc_uint8_t *)eip_buf_str(&folded);
    left = (utf8proc_ssize_t)folded.len;
    while (rc == 0 && left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);

        if (n <= 0) {
            rc = EIP_EFORMAT;
            break;
        }
        if (is_word_char(cp)) {
            rc = eip_buf_append(out, p, (size_t)n);
        }
        p += n;
        left -= n;
    }
    if (rc == 0 && out->len == start && folded.data != NULL) {
        /* A word of symbols only, such as a tick: keep it as it is. */
        rc = eip_buf_puts(out, eip_text_trim(folded.data));
    }
    eip_buf_free(&folded);
    return rc;
}

static int cmp_words(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int eip_text_name_key(eip_buf *out, const char *s)
{
    eip_buf folded = EIP_BUF_INIT;
    char **words = NULL;
    size_t nwords = 0;
    char *save = NULL;
    char *w;
    int rc;

    rc = eip_text_fold(&folded, s);
    if (rc != 0 || folded.data == NULL) {
        goto done;
    }
    words = calloc(folded.len / 2 + 1, sizeof(*words));
    if (words == NULL) {
        rc = EIP_ENOMEM;
        goto done;
    }
    for (w = strtok_r(folded.data, " ,\t\r\n", &save); w != NULL;
         w = strtok_r(NULL, " ,\t\r\n", &save)) {
        words[nwords++] = w;
    }
    qsort(words, nwords, sizeof(*words), cmp_words);
    for (size_t i = 0; i < nwords; i++) {
        if (i > 0) {
            eip_buf_putc(out, ' ');
        }
        rc = eip_buf_puts(out, words[i]);
    }

done:
    free(words);
    eip_buf_free(&folded);
    return rc;
}

int eip_text_equal_fold(const char *a, const char *b)
{
    eip_buf fa = EIP_BUF_INIT;
    eip_buf fb = EIP_BUF_INIT;
    int same;

    eip_text_fold(&fa, a);
    eip_text_fold(&fb, b);
    same = !fa.failed && !fb.failed &&
           strcmp(eip_buf_str(&fa), eip_buf_str(&fb)) == 0;
    eip_buf_free(&fa);
    eip_buf_free(&fb);
    return same;
}

static size_t space_at(const char *s)
{
    if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
        return 1;
    }
    if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) {
        return 2;
    }
    return 0;
}

char *eip_text_trim(char *s)
{
    size_t start = 0;
    size_t end = strlen(s);
    size_t n;

    for (n = space_at(s); n > 0; n = space_at(s + start)) {
        start += n;
    }
    while (end > start) {
        if (space_at(s + end - 1) == 1) {
            end--;
        } else if (end - start >= 2 && space_at(s + end - 2) == 2) {
            end -= 2;
        } else {
            break;
        }
    }
    memmove(s, s + start, end - start);
    s[end - start] = '\0';
    return s;
}

int eip_text_blank(const char *s)
{
    size_t n;

    if (s == NULL) {
        return 1;
    }
    while (*s != '\0') {
        n = space_at(s);
        if (n == 0) {
            return 0;
        }
        s += n;
    }
    return 1;
}

char *eip_text_dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);

    if (p != NULL) {
        memcpy(p, s, n);
    }
    return p;
}
