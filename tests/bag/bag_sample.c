/* SPDX-License-Identifier: MIT */
/*
 * bag_sample: write a small bag with awkward names (percent sign, accents,
 * spaces, nested folders, an empty file, a stored PDF) so that outside
 * tools can check it.  Usage: bag_sample TARGET [dir]
 */
#include "bag/bag.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    static const eip_bag_item items[] = {
        {"registers/week 1.csv", NULL, "name,enrolment\nAda,A1\n", 22},
        {"notes/100%.txt", NULL, "percent", 7},
        {"notes/caf\xc3\xa9.txt", NULL, "accent", 6},
        {"empty.txt", NULL, NULL, 0},
        {"scan.pdf", NULL, "%PDF-1.4\n", 9},
    };
    static const eip_bag_field fields[] = {
        {"Source-Organization", "Example College"},
        {"Bagging-Date", NULL},
        {"Payload-Oxum", NULL},
    };
    char hex[EIP_SHA256_HEX_LEN + 1];
    eip_bag_options o;
    eip_error err;

    if (argc < 2) {
        fprintf(stderr, "usage: bag_sample TARGET [dir]\n");
        return 2;
    }
    eip_bag_options_init(&o);
    o.target = argv[1];
    o.name = "sample-bag";
    o.source_date_epoch = 1750000000;
    o.format =
        argc > 2 && strcmp(argv[2], "dir") == 0 ? EIP_BAG_DIR : EIP_BAG_ZIP;
    eip_error_clear(&err);
    if (eip_bag_write(hex, items, 5, fields, 3, &o, &err) != 0) {
        fprintf(stderr, "bag_sample: %s\n", err.message);
        return 1;
    }
    printf("%s\n", hex);
    return 0;
}
