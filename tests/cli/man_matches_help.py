#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check that the man page and the commands' --help say the same: every
long option some --help prints is in docs/eipack.1, every long option in
docs/eipack.1 is printed by some --help, and every command of the usage
has a section in the man page.

usage: man_matches_help.py EIPACK MANPAGE
"""
import re
import subprocess
import sys

OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*[a-z]")


def help_text(eipack, args):
    proc = subprocess.run([eipack] + args, capture_output=True, text=True,
                          timeout=30)
    if proc.returncode != 0:
        sys.exit("'eipack %s' exited with %d" % (" ".join(args),
                                                  proc.returncode))
    return proc.stdout


def commands(usage):
    block = usage.split("commands:", 1)[1].split("\n\n", 1)[0]
    return [line.split()[0] for line in block.splitlines()
            if line.startswith("  ") and not line.startswith("   ")]


def main():
    eipack, manpage = sys.argv[1], sys.argv[2]
    usage = help_text(eipack, ["--help"])
    cmds = commands(usage)
    helped = set(OPTION.findall(usage))
    for cmd in cmds:
        helped |= set(OPTION.findall(help_text(eipack, [cmd, "--help"])))
    with open(manpage, encoding="utf-8") as f:
        man = f.read().replace("\\-", "-")
    manned = set(OPTION.findall(man))
    problems = ["%s: in --help, not in the man page" % o
                for o in sorted(helped - manned)]
    problems += ["%s: in the man page, in no --help" % o
                 for o in sorted(manned - helped)]
    problems += ["command %s: no entry in the man page" % c for c in cmds
                 if not re.search(r"^\.BI? %s\b" % c, man, re.M)]
    for p in problems:
        print(p)
    print("%d commands, %d options compared" % (len(cmds), len(helped)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
