#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The spreadsheet twins of the demo cohort (tracker.xlsx and register.xlsx
written by openpyxl; tracker.ods and register.ods converted by
LibreOffice) must check exactly like the CSV demo: the same summary,
results, activities, sample and findings, row and column included.  Only
where a finding points differs: 'learners.csv' becomes 'tracker.xlsx',
sheet 'Learners'.

Usage: test_twins.py EIPACK   (run from the repository root)
"""
import json
import subprocess
import sys


def report(eipack, cohort):
    p = subprocess.run([eipack, "check", "--format", "json", cohort],
                       capture_output=True, check=False)
    if p.returncode != 0:
        sys.exit("check %s: exit %d\n%s" % (cohort, p.returncode,
                                             p.stderr.decode()))
    data = json.loads(p.stdout)
    for f in data["findings"]:
        assert f["file"] is None or f["sheet"] is not None or \
            f["file"].endswith(".csv") or "/" in f["file"], f
        f.pop("file")
        f.pop("sheet")
    return data


def main():
    eipack = sys.argv[1]
    want = report(eipack, "fixtures/demo-cohort")
    failed = 0
    for twin in ("fixtures/demo-cohort-xlsx", "fixtures/demo-cohort-ods"):
        got = report(eipack, twin)
        if got != want:
            failed = 1
            for key in want:
                if got.get(key) != want[key]:
                    print("%s: '%s' differs:\n  csv:  %s\n  twin: %s" % (
                        twin, key, want[key], got.get(key)))
        else:
            print("%s checks like the CSV demo" % twin)
    return failed


if __name__ == "__main__":
    sys.exit(main())
