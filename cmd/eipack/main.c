/* SPDX-License-Identifier: MIT */
/*
 * main.c - the eipack command: pick the subcommand, run it, map the
 * outcome to an exit status.  All the work is done by pkg/.
 *
 * Exit status: 0 no errors, 1 errors found (or verification failed),
 * 2 could not run.
 */
#include "commands.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: eipack COMMAND [OPTIONS] ...\n"
    "\n"
    "Check a cohort's employer involvement evidence and pack it for the\n"
    "awarding body.\n"
    "\n"
    "commands:\n"
    "  init FOLDER      write a new cohort folder to fill in\n"
    "  check COHORT     check the tracker, registers and evidence; give each\n"
    "                   learner's result\n"
    "  pack COHORT      build the checked, checksummed archive to upload\n"
    "                   (or to keep, with --profile audit)\n"
    "  verify ARCHIVE   prove that an archive made by pack is intact\n"
    "  learners COHORT  print the cohort's learners as CSV\n"
    "  results COHORT   print each learner's result as CSV\n"
    "  rules            list the activity types and the evidence each "
    "needs\n"
    "\n"
    "options for most commands: --rules FILE, --quiet, --verbose, --help\n"
    "  eipack COMMAND --help   the command's options and an example\n"
    "  eipack --version        print the version\n"
    "\n"
    "example:\n"
    "  eipack check fixtures/demo-cohort\n"
    "\n"
    "exit status: 0 no errors, 1 errors found, 2 could not run\n";

int main(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : NULL;

    if (cmd == NULL) {
        fputs(usage, stderr);
        return EIP_EXIT_USAGE;
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
        strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return EIP_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("eipack %s\n", EIPACK_VERSION);
        return EIP_EXIT_OK;
    }
    if (strcmp(cmd, "check") == 0) {
        return cmd_check(argc - 1, argv + 1);
    }
    if (strcmp(cmd, "rules") == 0) {
        return cmd_rules(argc - 1, argv + 1);
    }
    if (strcmp(cmd, "pack") == 0) {
        return cmd_pack(argc - 1, argv + 1);
    }
    if (strcmp(cmd, "verify") == 0) {
        return cmd_verify(argc - 1, argv + 1);
    }
    if (strcmp(cmd, "init") == 0) {
        return cmd_init(argc - 1, argv + 1);
    }
    if (strcmp(cmd, "learners") == 0) {
        return cmd_learners(argc - 1, argv + 1);
    }
    if (strcmp(cmd, "results") == 0) {
        return cmd_results(argc - 1, argv + 1);
    }
    fprintf(stderr, "eipack: unknown command '%s'\n%s", cmd, usage);
    return EIP_EXIT_USAGE;
}
