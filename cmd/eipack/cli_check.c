/* SPDX-License-Identifier: MIT */
/* cli_check.c - `eipack check`. */
#include "commands.h"

#include "base/buf.h"
#include "check/check.h"
#include "cohort/cohort.h"
#include "report/report.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char check_usage[] =
    "usage: eipack check [OPTIONS] COHORT\n"
    "\n"
    "Read the cohort folder, check the tracker, registers and evidence\n"
    "against the rules, and give each learner's result.\n"
    "\n"
    "options:\n"
    "  --format text|json   output format (default: text)\n"
    "  --stage submission|approval\n"
    "                       judge what was delivered (default) or the plan\n"
    "  --rules FILE         use these rules instead of the built-in ones\n"
    "  --html FILE          also write the report as a page to view and\n"
    "                       print (docs/report.md)\n"
    "  -q, --quiet          print nothing; the exit status tells\n"
    "  -v, --verbose        list notes and every learner\n"
    "  -h, --help           show this help\n"
    "\n"
    "example:\n"
    "  eipack check --format json fixtures/demo-cohort > report.json\n"
    "\n"
    "exit status: 0 no errors, 1 errors found, 2 could not run\n";

void cli_error(const eip_error *err)
{
    cli_progress_clear();
    fputs("eipack: ", stderr);
    if (err->file[0] != '\0') {
        fprintf(stderr, "%s", err->file);
        if (err->sheet[0] != '\0') {
            fprintf(stderr, ", sheet '%s'", err->sheet);
        }
        if (err->row != 0) {
            fprintf(stderr, " line %lu", err->row);
        }
        fputs(": ", stderr);
    }
    fprintf(stderr, "%s\n", err->message);
    if (err->hint[0] != '\0') {
        fprintf(stderr, "eipack: what to do: %s\n", err->hint);
    }
}

int cli_next_option(int argc, char **argv, const char *shorts,
                    const struct option *longs)
{
    return getopt_long(argc, argv, shorts, longs, NULL);
}

int cli_common_option(common_opts *o, int ch, const char *arg)
{
    if (ch == 'r') {
        o->rules = arg;
    } else if (ch == 'q') {
        o->quiet = 1;
    } else if (ch == 'v') {
        o->verbose = 1;
    } else {
        return 0;
    }
    return 1;
}

typedef struct check_opts {
    common_opts common;
    int json;
    eip_stage stage;
    const char *html;
    const char *cohort;
} check_opts;

static int parse(check_opts *o, int argc, char **argv)
{
    static const struct option longs[] = {
        {"format", required_argument, NULL, 'f'},
        {"stage", required_argument, NULL, 's'},
        {"rules", required_argument, NULL, 'r'},
        {"html", required_argument, NULL, 'H'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int ch;

    optind = 1;
    for (ch = cli_next_option(argc, argv, "qvh", longs); ch != -1;
         ch = cli_next_option(argc, argv, "qvh", longs)) {
        if (ch == 'f' &&
            (strcmp(optarg, "json") == 0 || strcmp(optarg, "text") == 0)) {
            o->json = strcmp(optarg, "json") == 0;
        } else if (ch == 's' && (strcmp(optarg, "submission") == 0 ||
                                 strcmp(optarg, "approval") == 0)) {
            o->stage = strcmp(optarg, "approval") == 0 ? EIP_STAGE_APPROVAL
                                                       : EIP_STAGE_SUBMISSION;
        } else if (ch == 'H') {
            o->html = optarg;
        } else if (cli_common_option(&o->common, ch, optarg)) {
            continue;
        } else if (ch == 'h') {
            fputs(check_usage, stdout);
            return 1;
        } else {
            fprintf(stderr, "eipack check: bad option\n%s", check_usage);
            return -1;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "eipack check: give one cohort folder\n%s",
                check_usage);
        return -1;
    }
    o->cohort = argv[optind];
    return 0;
}

int cli_load(cli_run *run, const char *rules_path, const char *cohort,
             eip_stage stage)
{
    eip_error err;

    memset(run, 0, sizeof(*run));
    eip_error_clear(&err);
    cli_progress_state("reading", cohort);
    if (eip_rules_load(&run->rules, rules_path, &err) != 0 ||
        eip_findings_new(&run->findings) != 0 ||
        eip_cohort_load(&run->cohort, cohort, run->rules, run->findings,
                        &err) != 0 ||
        eip_check_run(&run->check, run->cohort, run->rules, stage,
                      run->findings, &err) != 0) {
        if (err.code == 0) {
            eip_error_set(&err, EIP_ENOMEM, "out of memory");
        }
        cli_error(&err);
        cli_free(run);
        return EIP_EXIT_USAGE;
    }
    eip_findings_sort(run->findings);
    cli_progress_done("reading", cohort);
    return EIP_EXIT_OK;
}

void cli_free(cli_run *run)
{
    eip_check_free(run->check);
    eip_cohort_free(run->cohort);
    eip_findings_free(run->findings);
    eip_rules_free(run->rules);
    memset(run, 0, sizeof(*run));
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);

        if (n < 0 && errno != EINTR) {
            return 0;
        }
        if (n > 0) {
            data += n;
            len -= (size_t)n;
        }
    }
    return 1;
}

/* Write len bytes to path through a temporary file in the same folder. */
static int write_replace(const char *path, const char *data, size_t len)
{
    size_t n = strlen(path) + sizeof(".tmp-XXXXXX");
    char *tmp = malloc(n);
    mode_t mask = umask(0);
    int fd = -1;
    int ok;

    umask(mask);
    if (tmp != NULL) {
        snprintf(tmp, n, "%s.tmp-XXXXXX", path);
        fd = mkstemp(tmp);
    }
    ok = fd >= 0 && fchmod(fd, 0666 & ~mask) == 0 && write_all(fd, data, len);
    if (fd >= 0) {
        ok = close(fd) == 0 && ok;
        ok = ok && rename(tmp, path) == 0;
        if (!ok) {
            int saved = errno;

            unlink(tmp);
            errno = saved;
        }
    }
    free(tmp);
    return ok ? 0 : -1;
}

/* The HTML report to path; 0, or -1 with the reason printed. */
static int write_html(const char *path, const eip_report_input *in)
{
    eip_buf page = EIP_BUF_INIT;
    int rc = eip_report_html(&page, in);

    if (rc != 0) {
        errno = ENOMEM;
    } else {
        rc = write_replace(path, eip_buf_str(&page), page.len);
    }
    if (rc != 0) {
        fprintf(stderr,
                "eipack: '%s': the HTML report could not be written: %s\n",
                path, strerror(errno));
    }
    eip_buf_free(&page);
    return rc;
}

int cmd_check(int argc, char **argv)
{
    check_opts o = {{NULL, 0, 0}, 0, EIP_STAGE_SUBMISSION, NULL, NULL};
    eip_buf out = EIP_BUF_INIT;
    eip_sample sample;
    cli_run run;
    int rc = parse(&o, argc, argv);

    if (rc != 0) {
        return rc > 0 ? EIP_EXIT_OK : EIP_EXIT_USAGE;
    }
    cli_term_setup(o.common.quiet, o.common.verbose);
    rc = cli_load(&run, o.common.rules, o.cohort, o.stage);
    if (rc != EIP_EXIT_OK) {
        return rc;
    }
    if (eip_sample_choose(&sample, run.cohort, run.rules,
                          eip_sample_default_seed(run.cohort, run.rules),
                          0) != 0) {
        cli_free(&run);
        fprintf(stderr, "eipack: out of memory\n");
        return EIP_EXIT_USAGE;
    }
    eip_report_input in = {run.cohort, run.rules, run.check, run.findings,
                           o.stage == EIP_STAGE_SUBMISSION ? &sample : NULL};
    if (o.json) {
        eip_report_json(&out, &in);
    } else {
        eip_report_text(&out, &in, o.common.verbose);
    }
    if (!o.common.quiet) {
        cli_term_print_report(eip_buf_str(&out), out.len);
    }
    rc = eip_findings_count_severity(run.findings, EIP_SEV_ERROR) > 0
             ? EIP_EXIT_FINDINGS
             : EIP_EXIT_OK;
    if (out.failed || fflush(stdout) != 0) {
        fprintf(stderr, "eipack: the report could not be written\n");
        rc = EIP_EXIT_USAGE;
    }
    if (o.html != NULL && write_html(o.html, &in) != 0) {
        rc = EIP_EXIT_USAGE;
    }
    eip_buf_free(&out);
    eip_sample_free(&sample);
    cli_free(&run);
    return rc;
}
