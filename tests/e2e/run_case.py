#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Run one end-to-end case of the eipack command and compare its whole
output with the expected files.

A case is a folder holding:
  args          the command line after `eipack`, one argument per line
  expected.out  the whole standard output
  expected.rc   the exit status
  expected.err  (optional) the whole standard error
Paths in args are relative to the repository root, where the test runs.
With EIPACK_REGEN=1 the expected files are rewritten instead, for a
reviewer to read in the diff.
"""
import os
import subprocess
import sys


def main():
    eipack, case = sys.argv[1], sys.argv[2]
    with open(os.path.join(case, "args"), encoding="utf-8") as f:
        args = [line.rstrip("\n") for line in f if line.strip()]
    env = dict(os.environ, TZ="UTC", NO_COLOR="1")
    proc = subprocess.run([eipack] + args, capture_output=True, env=env,
                          timeout=120)
    files = {"expected.out": proc.stdout,
             "expected.rc": b"%d\n" % proc.returncode}
    if os.path.exists(os.path.join(case, "expected.err")):
        files["expected.err"] = proc.stderr
    if os.environ.get("EIPACK_REGEN") == "1":
        for name, data in files.items():
            with open(os.path.join(case, name), "wb") as f:
                f.write(data)
        return 0
    failed = False
    for name, data in files.items():
        with open(os.path.join(case, name), "rb") as f:
            want = f.read()
        if want != data:
            failed = True
            sys.stderr.write("%s differs\n--- expected\n%s\n--- got\n%s\n" % (
                name, want.decode("utf-8", "replace"),
                data.decode("utf-8", "replace")))
    if failed:
        sys.stderr.write("stderr was:\n%s\n" %
                         proc.stderr.decode("utf-8", "replace"))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
