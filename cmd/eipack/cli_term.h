/* SPDX-License-Identifier: MIT */
/*
 * cli_term.h - what eipack shows on a terminal: a progress bar on stderr
 * and colour in text reports on stdout.
 *
 * The progress bar is drawn only when stderr is a terminal and --quiet
 * was not given; colour only when stdout is a terminal and NO_COLOR is not
 * set (to any value).  The state is the command's, set once by
 * cli_term_setup; pkg/ never sees it.
 */
#ifndef EIPACK_CLI_TERM_H
#define EIPACK_CLI_TERM_H

#include <stddef.h>
#include <stdint.h>

/* Decide, from the terminal and the environment, what may be shown. */
void cli_term_setup(int quiet, int verbose);

/* Whether --verbose was given. */
int cli_term_verbose(void);

/* Show a state without a measure ("reading fixtures/demo-cohort"). */
void cli_progress_state(const char *what, const char *detail);

/*
 * The bag writer's progress callback (eip_bag_progress_fn): ctx is the
 * label to show, e.g. "packing".
 */
void cli_progress_bytes(void *ctx, uint64_t done, uint64_t total);

/* Draw the final state, "what detail: done", and end the line. */
void cli_progress_done(const char *what, const char *detail);

/* Clear the progress line before something else is written to stderr. */
void cli_progress_clear(void);

/*
 * Write a text report to stdout, colouring its "Errors" heading red and
 * its "Warnings" heading yellow when colour is on.  0, or -1 on a write
 * error.
 */
int cli_term_print_report(const char *text, size_t len);

#endif
