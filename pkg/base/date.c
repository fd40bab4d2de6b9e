/* SPDX-License-Identifier: MIT */
#include "base/date.h"

#include "base/error.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};

    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Read 1..max digits at *p; -1 when there are none or too many. */
static int digits(const char **p, int min, int max)
{
    int value = 0;
    int n = 0;

    while (isdigit((unsigned char)**p)) {
        if (n == max) {
            return -1;
        }
        value = value * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    return n >= min ? value : -1;
}

static int valid(eip_date d)
{
    return d.year >= 1900 && d.year <= 9999 && d.month >= 1 && d.month <= 12 &&
           d.day >= 1 && d.day <= month_days(d.year, d.month);
}

static const char *skip_spaces(const char *s)
{
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    return s;
}

/* "T00:00:00" or " 00:00:00" after an ISO date: a time of day is ignored. */
static const char *skip_time(const char *p)
{
    if (*p == 'T' || (*p == ' ' && isdigit((unsigned char)p[1]))) {
        p++;
        while (isdigit((unsigned char)*p) || *p == ':' || *p == '.') {
            p++;
        }
        if (*p == 'Z') {
            p++;
        }
    }
    return p;
}

int eip_date_parse(eip_date *out, const char *s)
{
    const char *p = skip_spaces(s);
    eip_date d = {0, 0, 0};
    int a = digits(&p, 1, 4);

    if (a < 0) {
        return EIP_EFORMAT;
    }
    if (*p == '-' && p - skip_spaces(s) == 4) {
        p++;
        d.year = a;
        d.month = digits(&p, 2, 2);
        if (*p++ != '-') {
            return EIP_EFORMAT;
        }
        d.day = digits(&p, 2, 2);
        p = skip_time(p);
    } else if (*p == '/' && p - skip_spaces(s) <= 2) {
        p++;
        d.day = a;
        d.month = digits(&p, 1, 2);
        if (*p++ != '/') {
            return EIP_EFORMAT;
        }
        d.year = digits(&p, 4, 4);
    } else {
        return EIP_EFORMAT;
    }
    if (*skip_spaces(p) != '\0' || !valid(d)) {
        return EIP_EFORMAT;
    }
    *out = d;
    return 0;
}

/* Howard Hinnant's days-from-civil algorithm (public domain arithmetic). */
long eip_date_days(eip_date d)
{
    long y = d.year - (d.month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long mp = (d.month + 9) % 12;
    long doy = (153 * mp + 2) / 5 + d.day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + doe - 719468;
}

eip_date eip_date_from_days(long z)
{
    long era;
    long doe;
    long yoe;
    long doy;
    long mp;
    eip_date d;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    d.year = (int)(yoe + era * 400 + (d.month <= 2));
    return d;
}

int eip_date_cmp(eip_date a, eip_date b)
{
    long da = eip_date_days(a);
    long db = eip_date_days(b);

    return (da > db) - (da < db);
}

const char *eip_date_format(eip_date d, char buf[11])
{
    unsigned y = (unsigned)d.year % 10000u;
    unsigned m = (unsigned)d.month % 13u;
    unsigned day = (unsigned)d.day % 32u;

    snprintf(buf, 11, "%04u-%02u-%02u", y, m, day);
    return buf;
}

int eip_date_academic_year(eip_date *start, eip_date *end, const char *s)
{
    const char *p = skip_spaces(s);
    int first = digits(&p, 4, 4);
    int second;
    const char *q;

    if (first < 1900 || (*p != '/' && *p != '-')) {
        return EIP_EFORMAT;
    }
    p++;
    q = p;
    second = digits(&p, 2, 4);
    if (second < 0 || *skip_spaces(p) != '\0') {
        return EIP_EFORMAT;
    }
    if (p - q == 2) {
        second += first / 100 * 100;
        if (second < first) {
            second += 100;
        }
    } else if (p - q != 4) {
        return EIP_EFORMAT;
    }
    if (second != first + 1) {
        return EIP_EFORMAT;
    }
    start->year = first;
    start->month = 9;
    start->day = 1;
    end->year = second;
    end->month = 8;
    end->day = 31;
    return 0;
}
