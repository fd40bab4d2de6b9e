/* SPDX-License-Identifier: MIT */
/*
 * text.h - UTF-8 text as users write it: validation, case-insensitive keys
 * and comparison of names.  Built on utf8proc for normalisation (NFC) and
 * Unicode case folding.
 */
#ifndef EIP_TEXT_H
#define EIP_TEXT_H

#include "base/buf.h"

#include <stddef.h>

/*
 * Whether s[0..len) is valid UTF-8 without NUL bytes.  On failure *bad (if
 * not NULL) is the offset of the first offending byte.
 */
int eip_text_utf8_valid(const char *s, size_t len, size_t *bad);

/* Append s normalised to NFC and case folded; 0 or EIP_ENOMEM/EFORMAT. */
int eip_text_fold(eip_buf *out, const char *s);

/*
 * Append the matching key of a header or a word: folded, with everything
 * but letters and digits removed ("Enrolment No." -> "enrolmentno").  A
 * word of symbols only ("✓") is kept folded and trimmed.
 */
int eip_text_key(eip_buf *out, const char *s);

/*
 * Append the comparison key of a person's name: folded words, commas and
 * extra spaces dropped, sorted, so "SMITH, John" matches "John  Smith".
 */
int eip_text_name_key(eip_buf *out, const char *s);

/* Whether a and b are equal after folding (0 for no, 1 for yes). */
int eip_text_equal_fold(const char *a, const char *b);

/* Trim ASCII and no-break spaces from both ends, in place. */
char *eip_text_trim(char *s);

/* Whether s is empty or only spaces. */
int eip_text_blank(const char *s);

/* Copy of s (malloc), or NULL. */
char *eip_text_dup(const char *s);

#endif
