/* SPDX-License-Identifier: MIT */
/*
 * sheet_value.c - cell values as text: numbers in their shortest
 * round-trip form, serial dates as ISO dates, number format codes.
 */
#include "sheet/sheet_impl.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Days from 1970-01-01 back to 1899-12-30, day 0 of serial dates. */
#define SERIAL_EPOCH_DAYS (-25569L)
/* Serial of 10000-01-01, past Excel's last date. */
#define SERIAL_END 2958466.0
#define DATE1904_SHIFT 1462L

static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;
static locale_t c_locale = (locale_t)0;

static void c_locale_make(void)
{
    c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

/* Run numeric conversions in the C locale, whatever the program set. */
static locale_t c_locale_enter(void)
{
    pthread_once(&c_locale_once, c_locale_make);
    if (c_locale == (locale_t)0) {
        return (locale_t)0;
    }
    return uselocale(c_locale);
}

static void c_locale_leave(locale_t old)
{
    if (old != (locale_t)0) {
        uselocale(old);
    }
}

/* Whole numbers of up to 15 digits, the common case, without strtod. */
static int parse_integer(double *out, const char *text)
{
    const char *p = text + (text[0] == '-');
    long long n = 0;
    size_t digits = 0;

    for (; *p >= '0' && *p <= '9' && digits < 16; p++, digits++) {
        n = n * 10 + (*p - '0');
    }
    if (*p != '\0' || digits == 0 || digits > 15) {
        return -1;
    }
    *out = (double)(text[0] == '-' ? -n : n);
    return 0;
}

int sheet_number_parse(double *out, const char *text)
{
    locale_t old;
    char *end = NULL;
    double v;

    if (parse_integer(out, text) == 0) {
        return 0;
    }
    while (*text == ' ') {
        text++;
    }
    if (*text == '\0' || strchr("+-.0123456789", *text) == NULL) {
        return -1;
    }
    old = c_locale_enter();
    v = strtod(text, &end);
    c_locale_leave(old);
    while (end != NULL && *end == ' ') {
        end++;
    }
    if (end == NULL || *end != '\0' || !isfinite(v)) {
        return -1;
    }
    *out = v;
    return 0;
}

/* Whole numbers below 10^15 are printed exactly, without printf. */
static int format_integer(char out[SHEET_NUMBER_MAX], double v)
{
    char digits[24];
    size_t n = 0;
    size_t i = 0;
    long long whole;

    if (!(v > -1e15 && v < 1e15) || v != floor(v)) {
        return -1;
    }
    whole = (long long)(v < 0 ? -v : v);
    do {
        digits[n++] = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole > 0);
    if (v < 0) {
        out[i++] = '-';
    }
    while (n > 0) {
        out[i++] = digits[--n];
    }
    out[i] = '\0';
    return 0;
}

void sheet_number_format(char out[SHEET_NUMBER_MAX], double v)
{
    locale_t old;
    double back;

    if (v == 0.0) {
        v = 0.0; /* no "-0" */
    }
    if (format_integer(out, v) == 0) {
        return;
    }
    old = c_locale_enter();
    snprintf(out, SHEET_NUMBER_MAX, "%.15g", v);
    back = strtod(out, NULL);
    if (back != v) {
        snprintf(out, SHEET_NUMBER_MAX, "%.17g", v);
    }
    c_locale_leave(old);
}

int sheet_number_text(char out[SHEET_NUMBER_MAX], const char *text)
{
    double v;

    if (sheet_number_parse(&v, text) != 0) {
        return -1;
    }
    sheet_number_format(out, v);
    return 0;
}

/* Year, month, day of a count of days since 1970-01-01 (proleptic). */
static void civil_from_days(long days, long *y, unsigned *m, unsigned *d)
{
    long z = days + 719468L; /* days since 0000-03-01 */
    long era = (z >= 0 ? z : z - 146096L) / 146097L;
    unsigned long doe = (unsigned long)(z - era * 146097L);
    unsigned long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned long mp = (5 * doy + 2) / 153;

    *d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *y = (long)yoe + era * 400 + (*m <= 2 ? 1 : 0);
}

/* Two digits of n at out. */
static void put2(char *out, unsigned n)
{
    out[0] = (char)('0' + n / 10 % 10);
    out[1] = (char)('0' + n % 10);
}

/* "YYYY-MM-DD", then "THH:MM:SS" when secs is not zero; y < 10000. */
static void put_date(char *out, unsigned y, unsigned m, unsigned d, long secs)
{
    put2(out, y / 100);
    put2(out + 2, y % 100);
    out[4] = '-';
    put2(out + 5, m);
    out[7] = '-';
    put2(out + 8, d);
    out[10] = '\0';
    if (secs > 0) {
        out[10] = 'T';
        put2(out + 11, (unsigned)(secs / 3600));
        out[13] = ':';
        put2(out + 14, (unsigned)(secs / 60 % 60));
        out[16] = ':';
        put2(out + 17, (unsigned)(secs % 60));
        out[19] = '\0';
    }
}

int sheet_serial_date(char out[SHEET_DATE_MAX], double serial, int date1904,
                      int time)
{
    double whole;
    long days;
    long secs;
    long y;
    unsigned m;
    unsigned d;

    if (!isfinite(serial) || serial < 0.0 || serial >= SERIAL_END) {
        return -1;
    }
    whole = floor(serial);
    days = (long)whole;
    secs = lround((serial - whole) * 86400.0);
    if (secs >= 86400) {
        days++;
        secs = 0;
    }
    if (date1904) {
        days += DATE1904_SHIFT;
    } else if (days == 60) {
        /* Excel's 29 February 1900, a day that never was. */
        snprintf(out, SHEET_DATE_MAX, "1900-02-29");
        return 0;
    } else if (days < 61) {
        days++; /* before it, serial 1 is 1900-01-01 */
    }
    civil_from_days(days + SERIAL_EPOCH_DAYS, &y, &m, &d);
    put_date(out, (unsigned)y, m, d, time ? secs : 0);
    return 0;
}

static int digits(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return 0;
        }
    }
    return 1;
}

/* "HH:MM" or "HH:MM:SS" (fraction, zone ignored) into seconds; -1 if bad. */
static long iso_time(const char *t)
{
    long h;
    long mi;
    long s = 0;

    if (!digits(t, 2) || t[2] != ':' || !digits(t + 3, 2)) {
        return -1;
    }
    h = (t[0] - '0') * 10 + (t[1] - '0');
    mi = (t[3] - '0') * 10 + (t[4] - '0');
    if (t[5] == ':') {
        if (!digits(t + 6, 2)) {
            return -1;
        }
        s = (t[6] - '0') * 10 + (t[7] - '0');
    }
    if (h > 23 || mi > 59 || s > 60) {
        return -1;
    }
    return h * 3600 + mi * 60 + s;
}

int sheet_iso_date(char out[SHEET_DATE_MAX], const char *text)
{
    long secs = 0;

    if (strlen(text) < 10 || !digits(text, 4) || text[4] != '-' ||
        !digits(text + 5, 2) || text[7] != '-' || !digits(text + 8, 2)) {
        return -1;
    }
    if (text[10] == 'T' || text[10] == ' ') {
        secs = iso_time(text + 11);
        if (secs < 0) {
            return -1;
        }
    } else if (text[10] != '\0' && text[10] != 'Z') {
        return -1;
    }
    if (secs == 0) {
        snprintf(out, SHEET_DATE_MAX, "%.10s", text);
    } else {
        snprintf(out, SHEET_DATE_MAX, "%.10sT%02ld:%02ld:%02ld", text,
                 secs / 3600, secs / 60 % 60, secs % 60);
    }
    return 0;
}

/* Flags of a bracketed section "[h]", "[mm]", "[Red]", "[$-409]". */
static unsigned bracket_flags(const char *s, size_t n)
{
    size_t i;

    if (n == 0) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (strchr("hHmMsS", s[i]) == NULL || s[i] != s[0]) {
            return 0;
        }
    }
    return FMT_DATE | FMT_TIME; /* elapsed time: a duration, still time */
}

static unsigned letter_flags(char c)
{
    switch (c) {
    case 'd':
    case 'D':
    case 'y':
    case 'Y':
    case 'm':
    case 'M':
        return FMT_DATE;
    case 'h':
    case 'H':
    case 's':
    case 'S':
        return FMT_DATE | FMT_TIME;
    default:
        return 0;
    }
}

unsigned sheet_format_code_flags(const char *code)
{
    unsigned flags = 0;
    const char *p = code;
    const char *end;

    while (*p != '\0') {
        if (*p == '"') {
            end = strchr(p + 1, '"');
            p = end != NULL ? end + 1 : p + strlen(p);
        } else if (*p == '\\' || *p == '_' || *p == '*') {
            p += p[1] != '\0' ? 2 : 1; /* the next character is literal */
        } else if (*p == '[') {
            end = strchr(p + 1, ']');
            if (end == NULL) {
                break;
            }
            flags |= bracket_flags(p + 1, (size_t)(end - p - 1));
            p = end + 1;
        } else {
            flags |= letter_flags(*p);
            p++;
        }
    }
    return flags;
}

unsigned sheet_format_builtin_flags(unsigned long id)
{
    if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 ||
        (id >= 50 && id <= 54) || id == 57 || id == 58) {
        return FMT_DATE;
    }
    if ((id >= 18 && id <= 22) || (id >= 32 && id <= 35) ||
        (id >= 45 && id <= 47) || id == 55 || id == 56) {
        return FMT_DATE | FMT_TIME;
    }
    return 0;
}

int sheet_ref_parse(const char *ref, unsigned long *column, unsigned long *row)
{
    unsigned long col = 0;
    unsigned long r = 0;
    const char *p = ref;

    for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); p++) {
        col = col * 26 + (unsigned long)((*p | 0x20) - 'a' + 1);
        if (col > SHEET_MAX_COLUMNS) {
            return -1;
        }
    }
    for (; *p == '$'; p++) {
    }
    for (; *p >= '0' && *p <= '9'; p++) {
        r = r * 10 + (unsigned long)(*p - '0');
        if (r > SHEET_MAX_ROWS) {
            return -1;
        }
    }
    if (*p != '\0' || p == ref) {
        return -1;
    }
    *column = col;
    *row = r;
    return 0;
}
