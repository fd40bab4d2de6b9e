/* SPDX-License-Identifier: MIT */
/* commands.h - the subcommands of eipack and what they share. */
#ifndef EIPACK_COMMANDS_H
#define EIPACK_COMMANDS_H

#include "base/error.h"
#include "check/check.h"
#include "cohort/cohort.h"
#include "findings/findings.h"
#include "rules/rules.h"

#include <getopt.h>

#include "cli_term.h"

enum {
    EIP_EXIT_OK = 0,
    EIP_EXIT_FINDINGS = 1, /* errors found, refused, or invalid archive */
    EIP_EXIT_USAGE = 2     /* could not run */
};

/* Options every command takes. */
typedef struct common_opts {
    const char *rules;
    int quiet;
    int verbose;
} common_opts;

int cmd_check(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_pack(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_learners(int argc, char **argv);
int cmd_results(int argc, char **argv);
int cmd_init(int argc, char **argv);

/* Everything a check produced, for check and pack. */
typedef struct cli_run {
    eip_rules *rules;
    eip_findings *findings;
    eip_cohort *cohort;
    eip_check *check;
} cli_run;

/* Load rules and cohort and check it; EIP_EXIT_* (messages printed). */
int cli_load(cli_run *run, const char *rules_path, const char *cohort,
             eip_stage stage);
void cli_free(cli_run *run);

/*
 * Read the next option: getopt_long's result, without an assignment in
 * the caller's loop condition.
 */
int cli_next_option(int argc, char **argv, const char *shorts,
                    const struct option *longs);

/* Apply --rules, --quiet or --verbose; 1 when ch was one of them. */
int cli_common_option(common_opts *o, int ch, const char *arg);

/* Print "eipack: place: message" and the hint to stderr. */
void cli_error(const eip_error *err);

#endif
