/* SPDX-License-Identifier: MIT */
/* cli_pack.c - `eipack pack` and `eipack verify`. */
#include "commands.h"

#include <stdio.h>

int cmd_pack(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "eipack: pack is not available in this build\n");
    return EIP_EXIT_USAGE;
}

int cmd_verify(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "eipack: verify is not available in this build\n");
    return EIP_EXIT_USAGE;
}
