/* SPDX-License-Identifier: MIT */
/* cli_init.c - `eipack init`: a new cohort folder, ready to fill in. */
#include "commands.h"

#include "base/buf.h"
#include "init/template.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char init_usage[] =
    "usage: eipack init [OPTIONS] FOLDER\n"
    "\n"
    "Write a new cohort folder to fill in: tracker.xlsx with the Cohort,\n"
    "Learners, Employers and Activities sheets, drop-down lists and a\n"
    "short guide, and an example activity folder with an empty register.\n"
    "FOLDER must not exist yet, or be empty.\n"
    "\n"
    "options:\n"
    "  --csv                write cohort.csv, learners.csv, employers.csv\n"
    "                       and activities.csv instead of tracker.xlsx\n"
    "  --rules FILE         build it from these rules instead of the\n"
    "                       built-in ones\n"
    "  -q, --quiet          print nothing\n"
    "  -v, --verbose        list every file written\n"
    "  -h, --help           show this help\n"
    "\n"
    "example:\n"
    "  eipack init ENG-L3-A && eipack check ENG-L3-A\n"
    "\n"
    "exit status: 0 written, 2 could not run (e.g. FOLDER is not empty)\n";

typedef struct init_opts {
    common_opts common;
    eip_template_format format;
    const char *folder;
} init_opts;

/* Parse the options; 0 to run, 1 after --help, -1 on a usage error. */
static int parse_init(init_opts *o, int argc, char **argv)
{
    static const struct option longs[] = {
        {"csv", no_argument, NULL, 'c'},
        {"rules", required_argument, NULL, 'r'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int ch;

    optind = 1;
    for (ch = cli_next_option(argc, argv, "qvh", longs); ch != -1;
         ch = cli_next_option(argc, argv, "qvh", longs)) {
        if (ch == 'c') {
            o->format = EIP_TEMPLATE_CSV;
        } else if (cli_common_option(&o->common, ch, optarg)) {
            continue;
        } else if (ch == 'h') {
            fputs(init_usage, stdout);
            return 1;
        } else {
            fprintf(stderr, "eipack init: bad option\n%s", init_usage);
            return -1;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "eipack init: give one folder\n%s", init_usage);
        return -1;
    }
    o->folder = argv[optind];
    return 0;
}

static void print_written(const init_opts *o, const eip_buf *files)
{
    if (o->common.quiet) {
        return;
    }
    printf("wrote a new cohort folder in %s\n", o->folder);
    if (o->common.verbose) {
        fwrite(eip_buf_str(files), 1, files->len, stdout);
    }
    printf("next: fill in %s, then run: eipack check %s\n",
           o->format == EIP_TEMPLATE_CSV ? "the four CSV files"
                                         : "tracker.xlsx",
           o->folder);
}

int cmd_init(int argc, char **argv)
{
    init_opts o = {{NULL, 0, 0}, EIP_TEMPLATE_XLSX, NULL};
    eip_buf files = EIP_BUF_INIT;
    eip_rules *rules = NULL;
    eip_error err;
    int rc = parse_init(&o, argc, argv);

    if (rc != 0) {
        return rc > 0 ? EIP_EXIT_OK : EIP_EXIT_USAGE;
    }
    eip_error_clear(&err);
    rc = eip_rules_load(&rules, o.common.rules, &err);
    if (rc == 0) {
        rc = eip_template_prepare(o.folder, &err);
    }
    if (rc == 0) {
        rc = eip_template_write(&files, rules, o.folder, o.format, &err);
    }
    if (rc != 0) {
        cli_error(&err);
    } else {
        print_written(&o, &files);
    }
    eip_buf_free(&files);
    eip_rules_free(rules);
    return rc == 0 ? EIP_EXIT_OK : EIP_EXIT_USAGE;
}
