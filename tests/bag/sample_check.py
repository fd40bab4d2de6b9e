#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write a sample bag and check it with tools other than eipack's own:
unzip -t, Python's zipfile, sha256sum -c on the sidecar and
rfc8493_check.py (on the ZIP and on the folder form).

Usage: sample_check.py BAG_SAMPLE_BINARY RFC8493_CHECK_SCRIPT
"""
import os
import subprocess
import sys
import tempfile
import zipfile


def run(*args, cwd=None):
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit("failed: %s\n%s%s" % (" ".join(args), done.stdout,
                                         done.stderr))
    return done.stdout


def main():
    sample, checker = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        archive = os.path.join(tmp, "sample.zip")
        run(sample, archive)
        run("unzip", "-tq", archive)
        with zipfile.ZipFile(archive) as z:
            if z.testzip() is not None:
                sys.exit("zipfile: CRC error")
        run("sha256sum", "-c", "sample.zip.sha256", cwd=tmp)
        run(sys.executable, checker, archive)
        folder = os.path.join(tmp, "sample")
        run(sample, folder, "dir")
        run(sys.executable, checker, folder)
    print("sample bag passes unzip, zipfile, sha256sum and rfc8493_check")


if __name__ == "__main__":
    main()
