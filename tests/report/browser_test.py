#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The demo cohort's HTML report in a real browser: headless Chromium
renders it (the rendered DOM holds the learners, their results, the legend
and a finding), takes a screenshot (a PNG of the window's size) and prints
it to PDF (A4, the grid's page in landscape).

Usage: browser_test.py EIPACK   (run from the repository root)
Chromium must be at /usr/bin/chromium (.ci/install-deps installs it).
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest

EIPACK = None
CHROMIUM = "/usr/bin/chromium"
ROOT = os.getcwd()
DEMO = os.path.join(ROOT, "fixtures", "demo-cohort")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


class BrowserTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="eipack-browser-")
        cls.page = os.path.join(cls.dir, "report.html")
        p = subprocess.run([EIPACK, "check", "--html", cls.page, DEMO],
                           capture_output=True, timeout=120)
        if p.returncode != 0:
            raise AssertionError("eipack check failed: %s" %
                                 p.stderr.decode())

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def chromium(self, *args):
        profile = tempfile.mkdtemp(prefix="profile-", dir=self.dir)
        cmd = [CHROMIUM] + FLAGS + ["--user-data-dir=" + profile]
        cmd += list(args) + ["file://" + self.page]
        p = subprocess.run(cmd, capture_output=True, timeout=120,
                           cwd=self.dir)
        shutil.rmtree(profile, ignore_errors=True)
        self.assertEqual(p.returncode, 0, p.stderr.decode("utf-8", "replace"))
        return p.stdout.decode("utf-8")

    def test_rendered_page_holds_learners_results_legend_findings(self):
        dom = self.chromium("--dump-dom")
        for text in ("Amira Hassan", "Łukasz Nowak", "Zoë Young",
                     "Daniel O'Neill", "NF250024", "Not met", "Refer",
                     "attended live", "not on the register",
                     "has not met the requirement (took part in G1 only)",
                     "Registers to upload", "Northfield College"):
            self.assertIn(text, dom)
        learners = re.findall(r'<span class="e">(NF\d+)</span>', dom)
        self.assertEqual(learners, sorted(learners))
        self.assertEqual(len(learners), 24)

    def test_screenshot_is_a_png_of_the_window(self):
        shot = os.path.join(self.dir, "shot.png")
        self.chromium("--screenshot=" + shot, "--window-size=1280,2000",
                      "--hide-scrollbars")
        with open(shot, "rb") as f:
            data = f.read()
        self.assertEqual(data[:8], b"\x89PNG\r\n\x1a\n")
        self.assertEqual(data[12:16], b"IHDR")
        self.assertEqual(struct.unpack(">II", data[16:24]), (1280, 2000))
        self.assertGreater(len(data), 20000)

    def test_prints_to_an_a4_pdf_with_a_landscape_grid(self):
        pdf = os.path.join(self.dir, "report.pdf")
        self.chromium("--no-pdf-header-footer", "--print-to-pdf=" + pdf)
        with open(pdf, "rb") as f:
            data = f.read()
        self.assertTrue(data.startswith(b"%PDF-"))
        self.assertIn(b"%%EOF", data[-1024:])
        boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)
        sizes = [(round(float(w)), round(float(h))) for w, h in boxes]
        self.assertIn((595, 842), sizes)
        self.assertIn((842, 595), sizes)


if __name__ == "__main__":
    EIPACK = os.path.abspath(sys.argv.pop(1))
    if not os.access(CHROMIUM, os.X_OK):
        sys.exit("browser_test: %s is missing: install the chromium package "
                 "(sh .ci/install-deps does)" % CHROMIUM)
    unittest.main(verbosity=2)
