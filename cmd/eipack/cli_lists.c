/* SPDX-License-Identifier: MIT */
/*
 * cli_lists.c - `eipack learners` and `eipack results`: the cohort's
 * lists as CSV on stdout, from a checked cohort.
 */
#include "commands.h"

#include "base/buf.h"
#include "export/lists.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char learners_usage[] =
    "usage: eipack learners [OPTIONS] COHORT\n"
    "\n"
    "Check the cohort, then print its learners as CSV on stdout:\n"
    "Enrolment number, Learner name, by enrolment number.\n"
    "\n"
    "options:\n"
    "  --rules FILE         use these rules instead of the built-in ones\n"
    "  -q, --quiet          no progress on a terminal\n"
    "  -v, --verbose        also say on stderr how many were listed\n"
    "  -h, --help           show this help\n"
    "\n"
    "example:\n"
    "  eipack learners fixtures/demo-cohort > learners.csv\n"
    "\n"
    "exit status: 0 no errors, 1 the check found errors (the list is\n"
    "still printed), 2 could not run\n";

static const char results_usage[] =
    "usage: eipack results [OPTIONS] COHORT\n"
    "\n"
    "Check the cohort, then print each learner's result as CSV on stdout:\n"
    "Enrolment number, Learner name, Result, Activities (the IDs that\n"
    "count).  This is what the Moderation Portal asks for.\n"
    "\n"
    "options:\n"
    "  --rules FILE         use these rules instead of the built-in ones\n"
    "  -q, --quiet          no progress on a terminal\n"
    "  -v, --verbose        also say on stderr how many were listed\n"
    "  -h, --help           show this help\n"
    "\n"
    "example:\n"
    "  eipack results fixtures/demo-cohort > results.csv\n"
    "\n"
    "exit status: 0 no errors, 1 the check found errors (the list is\n"
    "still printed), 2 could not run\n";

/* Parse the options; 0 to run, 1 after --help, -1 on a usage error. */
static int parse_lists(common_opts *o, const char **cohort, const char *name,
                       const char *usage, int argc, char **argv)
{
    static const struct option longs[] = {
        {"rules", required_argument, NULL, 'r'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int ch;

    optind = 1;
    for (ch = cli_next_option(argc, argv, "qvh", longs); ch != -1;
         ch = cli_next_option(argc, argv, "qvh", longs)) {
        if (cli_common_option(o, ch, optarg)) {
            continue;
        } else if (ch == 'h') {
            fputs(usage, stdout);
            return 1;
        } else {
            fprintf(stderr, "eipack %s: bad option\n%s", name, usage);
            return -1;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "eipack %s: give one cohort folder\n%s", name, usage);
        return -1;
    }
    *cohort = argv[optind];
    return 0;
}

/* Print the list and say what the check found; an EIP_EXIT_* status. */
static int list_status(const cli_run *run, const eip_buf *out, const char *name,
                       int verbose)
{
    size_t errors = eip_findings_count_severity(run->findings, EIP_SEV_ERROR);

    fwrite(eip_buf_str(out), 1, out->len, stdout);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "eipack: the %s list could not be written\n", name);
        return EIP_EXIT_USAGE;
    }
    if (verbose) {
        fprintf(stderr, "eipack: %zu learners listed\n",
                run->cohort->nlearners);
    }
    if (errors > 0) {
        fprintf(stderr,
                "eipack: the check found %zu errors; run "
                "'eipack check' on the cohort to see them\n",
                errors);
        return EIP_EXIT_FINDINGS;
    }
    return EIP_EXIT_OK;
}

/* Check the cohort and print one list; results when results is set. */
static int print_list(int argc, char **argv, int results)
{
    common_opts o = {NULL, 0, 0};
    const char *name = results ? "results" : "learners";
    const char *cohort = NULL;
    eip_buf out = EIP_BUF_INIT;
    cli_run run;
    int rc = parse_lists(&o, &cohort, name,
                         results ? results_usage : learners_usage, argc, argv);

    if (rc != 0) {
        return rc > 0 ? EIP_EXIT_OK : EIP_EXIT_USAGE;
    }
    cli_term_setup(o.quiet, o.verbose);
    rc = cli_load(&run, o.rules, cohort, EIP_STAGE_SUBMISSION);
    if (rc != EIP_EXIT_OK) {
        return rc;
    }
    rc = results ? eip_lists_results(&out, run.cohort, run.check)
                 : eip_lists_learners(&out, run.cohort);
    if (rc != 0 || out.failed) {
        fprintf(stderr, "eipack: out of memory\n");
        rc = EIP_EXIT_USAGE;
    } else {
        rc = list_status(&run, &out, name, o.verbose);
    }
    eip_buf_free(&out);
    cli_free(&run);
    return rc;
}

int cmd_learners(int argc, char **argv)
{
    return print_list(argc, argv, 0);
}

int cmd_results(int argc, char **argv)
{
    return print_list(argc, argv, 1);
}
