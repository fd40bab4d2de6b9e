#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""End-to-end tests of `eipack check --html` on the demo cohort: the whole
page compared with tests/report/expected-demo.html, the same page in the
audit archive, and an output that cannot be written.

Usage: test_html_demo.py EIPACK   (run from the repository root)
With EIPACK_REGEN=1 the expected page is rewritten instead, for a reviewer
to read in the diff.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile

EIPACK = None
ROOT = os.getcwd()
DEMO = os.path.join(ROOT, "fixtures", "demo-cohort")
EXPECTED = os.path.join(ROOT, "tests", "report", "expected-demo.html")


def run(args, cwd):
    env = dict(os.environ, TZ="UTC", NO_COLOR="1",
               SOURCE_DATE_EPOCH="1781000000")
    return subprocess.run([EIPACK] + args, cwd=cwd, env=env,
                          capture_output=True, timeout=120)


class HtmlReportTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="eipack-html-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def page(self):
        out = os.path.join(self.dir, "report.html")
        p = run(["check", "--html", out, DEMO], self.dir)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        with open(out, "rb") as f:
            return f.read()

    def test_demo_page_is_the_expected_one(self):
        got = self.page()
        if os.environ.get("EIPACK_REGEN") == "1":
            with open(EXPECTED, "wb") as f:
                f.write(got)
            return
        with open(EXPECTED, "rb") as f:
            want = f.read()
        self.assertEqual(want.decode(), got.decode())

    def test_stdout_is_the_same_with_or_without_html(self):
        plain = run(["check", DEMO], self.dir)
        out = os.path.join(self.dir, "r.html")
        html = run(["check", "--html", out, DEMO], self.dir)
        self.assertEqual(plain.stdout, html.stdout)
        self.assertEqual(plain.returncode, html.returncode)
        self.assertEqual(sorted(os.listdir(self.dir)), ["r.html"])

    def test_existing_file_is_replaced(self):
        out = os.path.join(self.dir, "report.html")
        with open(out, "w") as f:
            f.write("old")
        self.assertEqual(self.page()[:15], b"<!DOCTYPE html>")

    def test_unwritable_output_exits_2_and_leaves_nothing(self):
        out = os.path.join(self.dir, "no-such-folder", "report.html")
        p = run(["check", "--html", out, DEMO], self.dir)
        self.assertEqual(p.returncode, 2)
        self.assertIn(b"HTML report could not be written", p.stderr)
        self.assertIn(b"Learners (24)", p.stdout)
        self.assertEqual(os.listdir(self.dir), [])

    def test_audit_archive_holds_the_same_page(self):
        want = self.page()
        p = run(["pack", "--profile", "audit", DEMO], self.dir)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        name = "123456_8710-30_ENG-L3-A_2025-26_EI_audit"
        with zipfile.ZipFile(os.path.join(self.dir, name + ".zip")) as z:
            got = z.read(name + "/data/report.html")
        self.assertEqual(want, got)


if __name__ == "__main__":
    EIPACK = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
