/* SPDX-License-Identifier: MIT */
/*
 * date.h - calendar dates as the tracker writes them.
 *
 * Two forms are read: ISO "2026-03-14" (a spreadsheet's own dates arrive
 * this way, possibly with "T00:00:00") and UK "14/03/2026" (day first, one
 * or two digits for day and month, four for the year).  Anything else,
 * and any day that does not exist (31/02/2026), is refused rather than
 * guessed.  Nothing here looks at today's date.
 */
#ifndef EIP_DATE_H
#define EIP_DATE_H

typedef struct eip_date {
    int year;
    int month; /* 1-12 */
    int day;   /* 1-31 */
} eip_date;

/* Parse s (surrounding spaces allowed); 0, or EIP_EFORMAT. */
int eip_date_parse(eip_date *out, const char *s);

/* Days since 1970-01-01 (negative before). */
long eip_date_days(eip_date d);

/* The date of a day number from eip_date_days. */
eip_date eip_date_from_days(long days);

/* Compare: <0, 0, >0. */
int eip_date_cmp(eip_date a, eip_date b);

/* "YYYY-MM-DD" into buf (11 bytes). */
const char *eip_date_format(eip_date d, char buf[11]);

/*
 * An academic year "2025/26", "2025-26" or "2025/2026": 1 September of the
 * first year to 31 August of the next.  0, or EIP_EFORMAT.
 */
int eip_date_academic_year(eip_date *start, eip_date *end, const char *s);

#endif
