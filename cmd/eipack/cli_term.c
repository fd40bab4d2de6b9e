/* SPDX-License-Identifier: MIT */
/* cli_term.c - progress bar and colour, only where a terminal shows them. */
#include "cli_term.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BAR_WIDTH 30
#define LINE_WIDTH 79

#define RED "\033[1;31m"
#define YELLOW "\033[1;33m"
#define RESET "\033[0m"

static struct {
    int progress; /* stderr is a terminal and not --quiet */
    int colour;   /* stdout is a terminal and NO_COLOR is unset */
    int verbose;
    int drawn; /* a progress line is on the screen */
    int last_percent;
} term = {0, 0, 0, 0, -1};

void cli_term_setup(int quiet, int verbose)
{
    term.progress = !quiet && isatty(STDERR_FILENO);
    term.colour = isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;
    term.verbose = verbose;
    term.drawn = 0;
    term.last_percent = -1;
}

int cli_term_verbose(void)
{
    return term.verbose;
}

/* Draw one line in place, padded to wipe what was there before. */
static void draw(const char *line)
{
    fprintf(stderr, "\r%-*.*s", LINE_WIDTH, LINE_WIDTH, line);
    fflush(stderr);
    term.drawn = 1;
}

void cli_progress_state(const char *what, const char *detail)
{
    char line[256];

    if (!term.progress) {
        return;
    }
    snprintf(line, sizeof(line), "%s %s...", what,
             detail != NULL ? detail : "");
    draw(line);
}

/* Bytes as a short human figure: "812 kB", "12.3 MB". */
static void human(char *out, size_t size, uint64_t n)
{
    if (n < 1000) {
        snprintf(out, size, "%" PRIu64 " B", n);
    } else if (n < 1000000) {
        snprintf(out, size, "%.0f kB", (double)n / 1e3);
    } else if (n < 1000000000) {
        snprintf(out, size, "%.1f MB", (double)n / 1e6);
    } else {
        snprintf(out, size, "%.2f GB", (double)n / 1e9);
    }
}

void cli_progress_bytes(void *ctx, uint64_t done, uint64_t total)
{
    const char *label = ctx != NULL ? ctx : "working";
    char bar[BAR_WIDTH + 1];
    char line[256];
    char a[16];
    char b[16];
    int percent = total > 0 ? (int)(done * 100 / total) : 100;
    int fill = percent * BAR_WIDTH / 100;

    if (!term.progress || (percent == term.last_percent && done != 0)) {
        return;
    }
    term.last_percent = percent;
    memset(bar, '#', (size_t)fill);
    memset(bar + fill, '.', (size_t)(BAR_WIDTH - fill));
    bar[BAR_WIDTH] = '\0';
    human(a, sizeof(a), done);
    human(b, sizeof(b), total);
    snprintf(line, sizeof(line), "%s [%s] %3d%% %s of %s", label, bar, percent,
             a, b);
    draw(line);
}

void cli_progress_done(const char *what, const char *detail)
{
    char line[256];

    if (!term.progress) {
        return;
    }
    snprintf(line, sizeof(line), "%s%s%s: done", what,
             detail != NULL ? " " : "", detail != NULL ? detail : "");
    draw(line);
    fputc('\n', stderr);
    term.drawn = 0;
    term.last_percent = -1;
}

void cli_progress_clear(void)
{
    if (term.progress && term.drawn) {
        fprintf(stderr, "\r%*s\r", LINE_WIDTH, "");
        fflush(stderr);
        term.drawn = 0;
    }
}

/* The colour of a report line's heading, or NULL. */
static const char *heading_colour(const char *line, size_t len)
{
    if (len >= 8 && memcmp(line, "Errors (", 8) == 0) {
        return RED;
    }
    if (len >= 10 && memcmp(line, "Warnings (", 10) == 0) {
        return YELLOW;
    }
    return NULL;
}

int cli_term_print_report(const char *text, size_t len)
{
    size_t at = 0;

    while (at < len) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t n = nl != NULL ? (size_t)(nl - (text + at)) + 1 : len - at;
        const char *colour =
            term.colour && nl != NULL ? heading_colour(text + at, n) : NULL;

        if (colour != NULL) {
            fprintf(stdout, "%s%.*s%s\n", colour, (int)(n - 1), text + at,
                    RESET);
        } else {
            fwrite(text + at, 1, n, stdout);
        }
        at += n;
    }
    return ferror(stdout) ? -1 : 0;
}
