/* SPDX-License-Identifier: MIT */
/* cli_rules.c - `eipack rules`: the activity types and their evidence. */
#include "commands.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char rules_usage[] =
    "usage: eipack rules [--rules FILE] [--xml]\n"
    "\n"
    "List the activity types, whether each counts, and the evidence each\n"
    "needs, from the rules in effect.  --xml prints the built-in rules\n"
    "file, a starting point for a centre's own.\n"
    "\n"
    "options:\n"
    "  --rules FILE         show these rules instead of the built-in ones\n"
    "  --xml                print the built-in rules as XML\n"
    "  -h, --help           show this help\n"
    "\n"
    "example:\n"
    "  eipack rules --xml > my-rules.xml\n"
    "\n"
    "exit status: 0 listed, 2 could not run (e.g. broken rules)\n";

static void print_type(const eip_rules *r, const eip_activity_type *t)
{
    printf("%s%s\n", t->name,
           t->group >= 0 ? " (co-delivery: needs a second session or another "
                           "type)"
                         : "");
    for (size_t i = 0; i < t->nevidence; i++) {
        const eip_evidence_kind *k = eip_rules_kind(r, t->evidence[i].kind);

        printf(
            "  %s %s\n",
            t->evidence[i].required ? "required:  " : "additional:", k->label);
    }
}

static int print_rules(const eip_rules *r)
{
    printf("Activity types that count towards employer involvement\n\n");
    for (size_t i = 0; i < eip_rules_type_count(r); i++) {
        if (eip_rules_type(r, i)->meaningful) {
            print_type(r, eip_rules_type(r, i));
        }
    }
    printf("\nRecorded but never counted\n\n");
    for (size_t i = 0; i < eip_rules_type_count(r); i++) {
        if (!eip_rules_type(r, i)->meaningful) {
            printf("%s\n", eip_rules_type(r, i)->name);
        }
    }
    return fflush(stdout) == 0 ? EIP_EXIT_OK : EIP_EXIT_USAGE;
}

int cmd_rules(int argc, char **argv)
{
    static const struct option longs[] = {
        {"rules", required_argument, NULL, 'r'},
        {"xml", no_argument, NULL, 'x'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *path = NULL;
    int xml = 0;
    eip_rules *r = NULL;
    eip_error err;
    int ch;
    int rc;

    optind = 1;
    for (ch = cli_next_option(argc, argv, "h", longs); ch != -1;
         ch = cli_next_option(argc, argv, "h", longs)) {
        if (ch == 'r') {
            path = optarg;
        } else if (ch == 'x') {
            xml = 1;
        } else if (ch == 'h') {
            fputs(rules_usage, stdout);
            return EIP_EXIT_OK;
        } else {
            fputs(rules_usage, stderr);
            return EIP_EXIT_USAGE;
        }
    }
    if (xml) {
        size_t len;
        const char *text = eip_rules_default_text(&len);

        fwrite(text, 1, len, stdout);
        return EIP_EXIT_OK;
    }
    eip_error_clear(&err);
    if (eip_rules_load(&r, path, &err) != 0) {
        cli_error(&err);
        return EIP_EXIT_USAGE;
    }
    rc = print_rules(r);
    eip_rules_free(r);
    return rc;
}
