/* SPDX-License-Identifier: MIT */
/* cli_pack.c - `eipack pack` and `eipack verify`. */
#include "commands.h"

#include "base/buf.h"
#include "pack/pack.h"
#include "report/report.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char pack_usage[] =
    "usage: eipack pack [OPTIONS] COHORT\n"
    "\n"
    "Check the cohort, then write a checksummed BagIt archive of it: the\n"
    "one to upload (default) or the fuller one to keep for audit.  The\n"
    "archive is verified by reading it back before it is put in place.\n"
    "\n"
    "options:\n"
    "  --profile upload|audit  what to pack (default: upload)\n"
    "  -o, --output FILE       the archive (default: a name built from the\n"
    "                          centre, qualification, cohort and year)\n"
    "  --format zip|dir        a ZIP archive (default) or a plain folder\n"
    "  --seed N                the sample's seed (default: from the cohort)\n"
    "  --no-sample             upload every register\n"
    "  --tracker-as-given      upload the original tracker files\n"
    "  --force                 pack an upload archive despite errors\n"
    "  --overwrite             replace an existing archive\n"
    "  --jobs N                worker threads (default: number of cores)\n"
    "  --rules FILE            use these rules instead of the built-in ones\n"
    "  -q, --quiet, -v, --verbose, -h, --help\n"
    "\n"
    "environment: SOURCE_DATE_EPOCH fixes the archive's dates, so that the\n"
    "same cohort always gives the same bytes\n"
    "\n"
    "example:\n"
    "  eipack pack --profile audit fixtures/demo-cohort\n"
    "\n"
    "exit status: 0 written and verified, 1 refused because of errors or\n"
    "verification failed, 2 could not run\n";

typedef struct pack_opts {
    common_opts common;
    eip_pack_options pack;
    eip_bag_options bag;
    const char *output;
    int has_seed;
    uint64_t seed;
    int no_sample;
    const char *cohort;
} pack_opts;

static int parse_number(const char *s, unsigned long long max,
                        unsigned long long *out)
{
    char *end;

    errno = 0;
    *out = strtoull(s, &end, 10);
    return errno == 0 && end != s && *end == '\0' && s[0] != '-' && *out <= max;
}

static int pack_option(pack_opts *o, int ch, const char *arg)
{
    unsigned long long n;

    switch (ch) {
    case 'p':
        o->pack.profile =
            strcmp(arg, "audit") == 0 ? EIP_PROFILE_AUDIT : EIP_PROFILE_UPLOAD;
        return strcmp(arg, "audit") == 0 || strcmp(arg, "upload") == 0;
    case 'o':
        o->output = arg;
        return 1;
    case 'F':
        o->bag.format = strcmp(arg, "dir") == 0 ? EIP_BAG_DIR : EIP_BAG_ZIP;
        return strcmp(arg, "dir") == 0 || strcmp(arg, "zip") == 0;
    case 's':
        o->has_seed = parse_number(arg, UINT64_MAX, &n);
        o->seed = n;
        return o->has_seed;
    case 'j':
        o->bag.jobs = parse_number(arg, 64, &n) ? (unsigned)n : 0;
        return n >= 1 && n <= 64;
    case 'n':
        o->no_sample = 1;
        return 1;
    case 't':
        o->pack.tracker_as_given = 1;
        return 1;
    case 'f':
        o->pack.forced = 1;
        return 1;
    case 'w':
        o->bag.overwrite = 1;
        return 1;
    default:
        return cli_common_option(&o->common, ch, arg);
    }
}

static int parse_pack(pack_opts *o, int argc, char **argv)
{
    static const struct option longs[] = {
        {"profile", required_argument, NULL, 'p'},
        {"output", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'F'},
        {"seed", required_argument, NULL, 's'},
        {"jobs", required_argument, NULL, 'j'},
        {"no-sample", no_argument, NULL, 'n'},
        {"tracker-as-given", no_argument, NULL, 't'},
        {"force", no_argument, NULL, 'f'},
        {"overwrite", no_argument, NULL, 'w'},
        {"rules", required_argument, NULL, 'r'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int ch;

    optind = 1;
    for (ch = cli_next_option(argc, argv, "o:qvh", longs); ch != -1;
         ch = cli_next_option(argc, argv, "o:qvh", longs)) {
        if (ch == 'h') {
            fputs(pack_usage, stdout);
            return 1;
        }
        if (!pack_option(o, ch, optarg)) {
            fprintf(stderr, "eipack pack: bad option or value\n%s", pack_usage);
            return -1;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "eipack pack: give one cohort folder\n%s", pack_usage);
        return -1;
    }
    o->cohort = argv[optind];
    return 0;
}

static int source_date_epoch(int64_t *out)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    unsigned long long n;

    *out = -1;
    if (s == NULL || s[0] == '\0') {
        return 1;
    }
    if (!parse_number(s, 253402300799ull, &n)) {
        fprintf(stderr,
                "eipack: SOURCE_DATE_EPOCH must be a number of "
                "seconds since 1970, not '%s'\n",
                s);
        return 0;
    }
    *out = (int64_t)n;
    return 1;
}

static void print_errors(const eip_findings *f)
{
    eip_buf b = EIP_BUF_INIT;

    cli_progress_clear();
    for (size_t i = 0; i < eip_findings_count(f); i++) {
        const eip_finding *x = eip_findings_get(f, i);

        if (x->severity != EIP_SEV_ERROR) {
            continue;
        }
        eip_buf_reset(&b);
        eip_report_place(&b, x);
        fprintf(stderr, "eipack: %s: %s\n", eip_buf_str(&b), x->message);
    }
    eip_buf_free(&b);
}

/* The target path and the bag's name; 0 or EIP_ENOMEM. */
static int name_target(pack_opts *o, const cli_run *run, eip_buf *name,
                       eip_buf *target)
{
    eip_pack_name(name, run->cohort, run->rules, o->pack.profile);
    if (o->output != NULL) {
        eip_buf_puts(target, o->output);
    } else {
        eip_buf_printf(target, "%s%s", eip_buf_str(name),
                       o->bag.format == EIP_BAG_ZIP ? ".zip" : "");
    }
    o->bag.name = eip_buf_str(name);
    o->bag.target = eip_buf_str(target);
    return name->failed || target->failed ? EIP_ENOMEM : 0;
}

/*
 * The reports that go into an audit archive, written to files in a hidden
 * folder beside the target so that they are not held in memory while the
 * archive is written (for a large cohort the page alone is tens of MB).
 */
typedef struct reports {
    char dir[4096];
    char json[4200];
    char html[4200];
} reports;

/*
 * Build one report straight into a file: the buffer spills into it as it
 * grows, so a large cohort's report is never held whole.
 */
static int save_report(const char *path, const eip_report_input *in,
                       int (*make)(eip_buf *, const eip_report_input *))
{
    eip_buf b = EIP_BUF_INIT;
    int rc = EIP_EIO;

    b.spill = fopen(path, "wb");
    if (b.spill != NULL) {
        rc = make(&b, in);
        if (rc == 0) {
            rc = eip_buf_drain(&b, 0);
        }
        if (fclose(b.spill) != 0 && rc == 0) {
            rc = EIP_EIO;
        }
    }
    eip_buf_free(&b);
    return rc;
}

static void drop_reports(reports *r)
{
    if (r->dir[0] == '\0') {
        return;
    }
    unlink(r->json);
    unlink(r->html);
    rmdir(r->dir);
    r->dir[0] = '\0';
}

static int make_reports(reports *r, const char *target,
                        const eip_report_input *in, eip_error *err)
{
    const char *slash = strrchr(target, '/');
    int n = slash != NULL ? (int)(slash - target) : 1;
    int rc = 0;

    snprintf(r->dir, sizeof(r->dir), "%.*s/.eipack-reports-XXXXXX", n,
             slash != NULL ? target : ".");
    if (mkdtemp(r->dir) == NULL) {
        r->dir[0] = '\0';
        rc = EIP_EIO;
    } else {
        snprintf(r->json, sizeof(r->json), "%s/report.json", r->dir);
        snprintf(r->html, sizeof(r->html), "%s/report.html", r->dir);
        rc = save_report(r->json, in, eip_report_json);
    }
    if (rc == 0) {
        rc = save_report(r->html, in, eip_report_html);
    }
    if (rc != 0) {
        drop_reports(r);
        eip_error_set(err, EIP_EIO,
                      "the reports for the archive could not "
                      "be written beside it: %s",
                      strerror(errno));
        eip_error_place(err, target, NULL, 0, 0);
        eip_error_hint(err, "check that the folder exists, can be written "
                            "and has free space");
    }
    return rc;
}

static void print_written(const pack_opts *o, const cli_run *run,
                          const char *hex)
{
    if (o->common.quiet) {
        return;
    }
    printf("wrote %s (%s profile, %zu learners)\n", o->bag.target,
           o->pack.profile == EIP_PROFILE_AUDIT ? "audit" : "upload",
           run->cohort->nlearners);
    printf("%s %s\n",
           o->bag.format == EIP_BAG_ZIP ? "sha256" : "tagmanifest-sha256", hex);
}

static int write_archive(pack_opts *o, cli_run *run, const eip_sample *s)
{
    eip_buf name = EIP_BUF_INIT;
    eip_buf target = EIP_BUF_INIT;
    eip_report_input in = {run->cohort, run->rules, run->check, run->findings,
                           s};
    char hex[EIP_SHA256_HEX_LEN + 1];
    reports r = {{0}, {0}, {0}};
    eip_error err;
    int rc;

    eip_error_clear(&err);
    rc = name_target(o, run, &name, &target);
    if (rc == 0 && o->pack.profile == EIP_PROFILE_AUDIT) {
        rc = make_reports(&r, o->bag.target, &in, &err);
        o->pack.report_json = r.json;
        o->pack.report_html = r.html;
    }
    if (rc == 0) {
        rc = eip_pack_write(hex, run->cohort, run->rules, run->check, s,
                            &o->pack, &o->bag, &err);
    }
    drop_reports(&r);
    if (rc == 0) {
        cli_progress_done("packing", o->bag.target);
        print_written(o, run, hex);
    } else {
        if (err.code == 0) {
            eip_error_set(&err, rc, "out of memory");
        }
        cli_error(&err);
        rc = rc == EIP_EVERIFY ? EIP_EXIT_FINDINGS : EIP_EXIT_USAGE;
    }
    eip_buf_free(&name);
    eip_buf_free(&target);
    return rc;
}

/* The progress bar's label while packing (the callback takes void *). */
static char packing_label[] = "packing";

/* Set by SIGINT, SIGTERM or SIGHUP: the writer stops and cleans up. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

/*
 * Ask to be told of Ctrl-C and termination instead of dying, so that a
 * half-written archive and its temporary files are always removed.
 */
static void catch_interrupts(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        sigaction(sigs[i], &sa, NULL);
    }
}

int cmd_pack(int argc, char **argv)
{
    pack_opts o;
    eip_sample sample;
    cli_run run;
    size_t errors;
    int rc;

    memset(&o, 0, sizeof(o));
    eip_bag_options_init(&o.bag);
    o.pack.version = EIPACK_VERSION;
    rc = parse_pack(&o, argc, argv);
    if (rc != 0) {
        return rc > 0 ? EIP_EXIT_OK : EIP_EXIT_USAGE;
    }
    if (!source_date_epoch(&o.bag.source_date_epoch)) {
        return EIP_EXIT_USAGE;
    }
    cli_term_setup(o.common.quiet, o.common.verbose);
    o.bag.progress = cli_progress_bytes;
    o.bag.progress_ctx = packing_label;
    o.bag.cancel = &interrupted;
    catch_interrupts();
    rc = cli_load(&run, o.common.rules, o.cohort, EIP_STAGE_SUBMISSION);
    if (rc != EIP_EXIT_OK) {
        return rc;
    }
    errors = eip_findings_count_severity(run.findings, EIP_SEV_ERROR);
    if (errors > 0 && o.pack.profile == EIP_PROFILE_UPLOAD && !o.pack.forced) {
        print_errors(run.findings);
        fprintf(stderr,
                "eipack: not packed: the check found %zu errors; "
                "fix them, or use --force to pack anyway\n",
                errors);
        cli_free(&run);
        return EIP_EXIT_FINDINGS;
    }
    o.pack.forced = o.pack.forced && errors > 0;
    if (eip_sample_choose(&sample, run.cohort, run.rules,
                          o.has_seed
                              ? o.seed
                              : eip_sample_default_seed(run.cohort, run.rules),
                          o.no_sample) != 0) {
        cli_free(&run);
        fprintf(stderr, "eipack: out of memory\n");
        return EIP_EXIT_USAGE;
    }
    rc = write_archive(&o, &run, &sample);
    eip_sample_free(&sample);
    cli_free(&run);
    return rc;
}

static const char verify_usage[] =
    "usage: eipack verify [--jobs N] [-q] ARCHIVE\n"
    "\n"
    "Check that an archive made by eipack pack (a ZIP or a bag folder) is\n"
    "complete and intact: every file listed, nothing extra, every checksum\n"
    "right.\n"
    "\n"
    "options:\n"
    "  --jobs N             worker threads (default: number of cores)\n"
    "  -q, --quiet          print nothing when valid; no progress\n"
    "  -h, --help           show this help\n"
    "\n"
    "example:\n"
    "  eipack verify 123456_8710-30_ENG-L3-A_2025-26_EI_upload.zip\n"
    "\n"
    "exit status: 0 valid, 1 invalid (each problem listed), 2 could not "
    "run\n";

static void print_problems(const eip_findings *problems)
{
    for (size_t i = 0; i < eip_findings_count(problems); i++) {
        const eip_finding *x = eip_findings_get(problems, i);

        printf("%s: %s [%s]\n", x->file != NULL ? x->file : "archive",
               x->message, x->code);
    }
}

int cmd_verify(int argc, char **argv)
{
    static const struct option longs[] = {
        {"jobs", required_argument, NULL, 'j'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    eip_findings *problems = NULL;
    unsigned long long jobs = 0;
    int quiet = 0;
    eip_error err;
    int ch;
    int rc;

    optind = 1;
    for (ch = cli_next_option(argc, argv, "qh", longs); ch != -1;
         ch = cli_next_option(argc, argv, "qh", longs)) {
        if (ch == 'h') {
            fputs(verify_usage, stdout);
            return EIP_EXIT_OK;
        }
        if (ch == 'q') {
            quiet = 1;
        } else if (ch != 'j' || !parse_number(optarg, 64, &jobs)) {
            fputs(verify_usage, stderr);
            return EIP_EXIT_USAGE;
        }
    }
    if (optind != argc - 1 || eip_findings_new(&problems) != 0) {
        fputs(verify_usage, stderr);
        return EIP_EXIT_USAGE;
    }
    eip_error_clear(&err);
    cli_term_setup(quiet, 0);
    cli_progress_state("verifying", argv[optind]);
    rc = eip_bag_verify(problems, argv[optind], (unsigned)jobs, &err);
    if (rc == 0) {
        cli_progress_done("verifying", argv[optind]);
    }
    if (rc != 0) {
        cli_error(&err);
        rc = EIP_EXIT_USAGE;
    } else if (eip_findings_count(problems) > 0) {
        eip_findings_sort(problems);
        print_problems(problems);
        printf("%s: not valid (%zu problem%s)\n", argv[optind],
               eip_findings_count(problems),
               eip_findings_count(problems) == 1 ? "" : "s");
        printf("what to do: the archive changed or was damaged after it "
               "was made; do not upload it: pack the cohort again, or use "
               "another copy\n");
        rc = EIP_EXIT_FINDINGS;
    } else if (!quiet) {
        printf("%s: valid\n", argv[optind]);
    }
    eip_findings_free(problems);
    return rc;
}
