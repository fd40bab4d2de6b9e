#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""eipack never changes what it reads.

    test_unmodified.py EIPACK

For the demo cohort, its XLSX twin and several cohorts of fixtures/bad
(copied to a temporary folder, with their setup.py run: pipes, links,
bad names), every entry of the tree is fingerprinted (SHA-256 of the
content, or the link's target; mode; mtime in nanoseconds) before and
after `eipack check` and `eipack pack --profile audit` (written to another
temporary folder), and the fingerprints must be equal.
"""
import hashlib
import os
import shutil
import stat
import subprocess
import sys
import tempfile

COHORTS = ["fixtures/demo-cohort", "fixtures/demo-cohort-xlsx"]
BAD_CASES = ["csv-cp1252", "csv-formula-name", "fifo", "hidden-system-files",
             "link-loop", "link-outside", "name-not-utf8", "names-scripts",
             "xlsx-comments", "xlsx-truncated", "zero-byte-evidence"]


def fingerprint(root):
    """{relative path (bytes): (kind, digest, mode, mtime_ns)}."""
    out = {}
    root = os.fsencode(root)
    for top, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(top, name)
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                digest = os.readlink(path)
            elif stat.S_ISREG(st.st_mode):
                h = hashlib.sha256()
                with open(path, "rb") as f:
                    for block in iter(lambda: f.read(1 << 16), b""):
                        h.update(block)
                digest = h.hexdigest()
            else:
                digest = None
            out[os.path.relpath(path, root)] = (
                stat.S_IFMT(st.st_mode), digest, stat.S_IMODE(st.st_mode),
                st.st_mtime_ns)
    st = os.lstat(root)
    out[b"."] = (stat.S_IFMT(st.st_mode), None, stat.S_IMODE(st.st_mode),
                 st.st_mtime_ns)
    return out


def prepare(case, tmp):
    """A copy of a bad case, its setup.py run (None if it is skipped)."""
    src = os.path.join("fixtures", "bad", case)
    dst = os.path.join(tmp, case)
    shutil.copytree(src, dst, symlinks=True,
                    ignore=shutil.ignore_patterns("EXPECT", "setup.py"))
    setup = os.path.join(src, "setup.py")
    if os.path.exists(setup):
        rc = subprocess.run([sys.executable, os.path.abspath(setup)],
                            cwd=dst, capture_output=True).returncode
        if rc != 0:
            return None
    return dst


def exercise(eipack, cohort, out):
    env = dict(os.environ, TZ="UTC", NO_COLOR="1")
    runs = [["check", "--format", "json", cohort],
            ["pack", "--profile", "audit", "--quiet", "-o",
             os.path.join(out, "audit.zip"), "--overwrite", cohort]]
    for args in runs:
        proc = subprocess.run([eipack] + args, capture_output=True, env=env,
                              timeout=300)
        if proc.returncode not in (0, 1, 2):
            return "%s: exit status %d" % (args, proc.returncode)
    # The demo cohorts must really have been packed, not refused.
    if cohort in COHORTS and proc.returncode != 0:
        return "pack exit status %d: %s" % (proc.returncode, proc.stderr)
    return None


def main():
    eipack = os.path.abspath(sys.argv[1])
    failures = []
    with tempfile.TemporaryDirectory(prefix="eipack-unmod-") as tmp:
        out = os.path.join(tmp, "out")
        os.mkdir(out)
        cohorts = list(COHORTS)
        for case in BAD_CASES:
            dst = prepare(case, tmp)
            if dst is not None:
                cohorts.append(dst)
        for cohort in cohorts:
            before = fingerprint(cohort)
            crash = exercise(eipack, cohort, out)
            after = fingerprint(cohort)
            if crash:
                failures.append("%s: %s" % (cohort, crash))
            for path in sorted(set(before) | set(after)):
                if before.get(path) != after.get(path):
                    failures.append("%s: %r changed: %s -> %s" % (
                        cohort, path, before.get(path), after.get(path)))
        print("%d cohorts checked and packed, none changed" % len(cohorts)
              if not failures else "")
    for line in failures:
        sys.stderr.write(line + "\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
