#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""End-to-end tests of `eipack pack` and `eipack verify` on the demo
cohort: the content of both profiles, the cohort lists read back, the
bag-info, acceptance by unzip, Python's zipfile, sha256sum and an
independent RFC 8493 check, byte-for-byte reproducibility, and failures
that must leave nothing at the target.

Usage: test_pack.py EIPACK   (run from the repository root)
"""
import csv
import io
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
RFC_CHECK = os.path.join(ROOT, "tests", "bag", "rfc8493_check.py")
NAME = "123456_8710-30_ENG-L3-A_2025-26_EI_"
EPOCH = "1781000000"


def run(args, cwd, tz="UTC", epoch=EPOCH, check=None):
    env = dict(os.environ, TZ=tz, NO_COLOR="1")
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    p = subprocess.run([EIPACK] + args, cwd=cwd, env=env,
                       capture_output=True, timeout=300)
    if check is not None and p.returncode != check:
        raise AssertionError("eipack %s: exit %d, expected %d\n%s\n%s" % (
            " ".join(args), p.returncode, check, p.stdout.decode(),
            p.stderr.decode()))
    return p


class PackTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="eipack-pack-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def pack(self, *extra, profile="upload"):
        run(["pack", "--profile", profile] + list(extra) + [DEMO],
            self.dir, check=0)
        return os.path.join(self.dir, NAME + profile + ".zip")

    def test_upload_holds_lists_tracker_and_registers_only(self):
        path = self.pack()
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
        top = NAME + "upload/"
        self.assertTrue(all(n.startswith(top) for n in names))
        payload = sorted(n[len(top) + 5:] for n in names
                         if n.startswith(top + "data/") and
                         not n.endswith("/"))
        self.assertEqual(payload[:2], ["learners.csv",
                                       "registers/A01/register-signed.pdf"])
        self.assertIn("results.csv", payload)
        self.assertIn("tracker/learners.csv", payload)
        self.assertNotIn("registers/V1/plant-room.jpg", payload)
        self.assertFalse(any(p.startswith("evidence/") for p in payload))
        self.assertFalse(any(p == "report.json" for p in payload))
        for tag in ("bagit.txt", "bag-info.txt", "manifest-sha256.txt",
                    "tagmanifest-sha256.txt"):
            self.assertIn(top + tag, names)

    def test_audit_keeps_evidence_original_tracker_and_report(self):
        path = self.pack(profile="audit")
        with zipfile.ZipFile(path) as z:
            names = set(n.split("/", 1)[1] for n in z.namelist())
        for want in ("data/report.json", "data/tracker/activities.csv",
                     "data/evidence/A01/Learner_workbooks.pdf",
                     "data/evidence/V1/plant-room.jpg",
                     "data/registers/G3/register.csv"):
            self.assertIn(want, names)

    def test_tracker_as_given_uploads_the_original_files(self):
        path = self.pack("--tracker-as-given")
        top = NAME + "upload/data/tracker/"
        with zipfile.ZipFile(path) as z:
            tracker = z.read(top + "learners.csv")
        with open(os.path.join(DEMO, "learners.csv"), "rb") as f:
            self.assertEqual(tracker, f.read())
        self.assertIn(b"Tutor group", tracker)

    def test_cohort_lists_read_back_with_bom_crlf_and_results(self):
        path = self.pack()
        with zipfile.ZipFile(path) as z:
            raw = z.read(NAME + "upload/data/results.csv")
            learners = z.read(NAME + "upload/data/learners.csv")
            tracker = z.read(NAME + "upload/data/tracker/learners.csv")
        for data in (raw, learners):
            self.assertTrue(data.startswith(b"\xef\xbb\xbf"))
            self.assertNotIn(b"\n", data.replace(b"\r\n", b""))
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        self.assertEqual(rows[0], ["Enrolment number", "Learner name",
                                   "Result", "Activities"])
        self.assertEqual(len(rows), 25)
        results = {r[0]: (r[2], r[3]) for r in rows[1:]}
        self.assertEqual(results["NF250020"], ("Not met", ""))
        self.assertEqual(results["NF250024"], ("Refer", "G1; G3"))
        self.assertEqual(results["NF250001"], ("Met", "A01; P1; F1"))
        names = list(csv.reader(io.StringIO(learners.decode("utf-8-sig"))))
        self.assertEqual(names[0], ["Enrolment number", "Learner name"])
        self.assertEqual([r[0] for r in names[1:]],
                         sorted(r[0] for r in names[1:]))
        self.assertIn(["NF250023", "Zoë Young"], names)
        self.assertNotIn(b"Tutor group", tracker)

    def test_bag_info_names_the_cohort(self):
        path = self.pack()
        with zipfile.ZipFile(path) as z:
            info = z.read(NAME + "upload/bag-info.txt").decode()
        fields = [line.split(": ", 1)[0] for line in info.splitlines()]
        self.assertEqual(fields[:4], ["Source-Organization",
                                      "External-Identifier", "Bagging-Date",
                                      "Payload-Oxum"])
        self.assertIn("Source-Organization: Northfield College", info)
        self.assertIn("External-Identifier: " + NAME + "upload", info)
        self.assertIn("Bagging-Date: 2026-06-09", info)
        for f in ("Centre-Number: 123456", "Qualification-Number: 8710-30",
                  "Cohort: ENG-L3-A", "Academic-Year: 2025/26",
                  "Profile: upload", "Sample-Seed: ", "Rules-SHA256: ",
                  "Eipack-Version: ", "Contact-Email: "):
            self.assertIn(f, info)

    def test_other_tools_accept_the_archive(self):
        for profile in ("upload", "audit"):
            path = self.pack(profile=profile)
            subprocess.run(["unzip", "-tq", path], check=True,
                           capture_output=True)
            with zipfile.ZipFile(path) as z:
                self.assertIsNone(z.testzip())
            subprocess.run(["sha256sum", "-c", os.path.basename(path) +
                            ".sha256"], cwd=self.dir, check=True,
                           capture_output=True)
            p = subprocess.run([sys.executable, RFC_CHECK, path],
                               capture_output=True)
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
            run(["verify", path], self.dir, check=0)

    def test_folder_format_is_the_same_bag_unzipped(self):
        path = self.pack()
        run(["pack", "--format", "dir", DEMO], self.dir, check=0)
        folder = os.path.join(self.dir, NAME + "upload")
        self.assertTrue(os.path.isdir(folder))
        self.assertFalse(os.path.exists(folder + ".sha256"))
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                if info.is_dir():
                    continue
                with open(os.path.join(self.dir, info.filename), "rb") as f:
                    self.assertEqual(f.read(), z.read(info), info.filename)
        p = subprocess.run([sys.executable, RFC_CHECK, folder],
                           capture_output=True)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        run(["verify", folder], self.dir, check=0)

    def test_same_inputs_give_the_same_bytes_in_any_time_zone(self):
        a = os.path.join(self.dir, "a")
        b = os.path.join(self.dir, "b")
        os.mkdir(a)
        os.mkdir(b)
        run(["pack", "-o", "x.zip", DEMO], a, tz="UTC", check=0)
        run(["pack", "--jobs", "1", "-o", "y.zip", DEMO], b,
            tz="Asia/Tokyo", check=0)
        with open(os.path.join(a, "x.zip"), "rb") as f:
            first = f.read()
        with open(os.path.join(b, "y.zip"), "rb") as f:
            second = f.read()
        self.assertEqual(first, second)

    def test_verify_names_a_changed_added_or_removed_entry(self):
        path = self.pack()
        entry = NAME + "upload/data/results.csv"
        with zipfile.ZipFile(path) as z:
            items = [(i, z.read(i)) for i in z.infolist()]

        def rewrite(change):
            out = os.path.join(self.dir, "bad.zip")
            with zipfile.ZipFile(out, "w") as z:
                for info, data in change(list(items)):
                    z.writestr(info, data)
            return out

        def flip(lst):
            return [(i, d[:-1] + bytes([d[-1] ^ 1]) if i.filename == entry
                     else d) for i, d in lst]

        def extra(lst):
            return lst + [(zipfile.ZipInfo(NAME + "upload/data/extra.txt"),
                           b"x")]

        def drop(lst):
            return [(i, d) for i, d in lst if i.filename != entry]

        # A dropped file is named as it was in the archive, and the count
        # of problems is in good English.
        for change, code, count in ((flip, "results.csv", "(1 problem)"),
                                    (extra, "extra.txt", "(2 problems)"),
                                    (drop, "'" + entry + "'", "(2 problems)")):
            p = run(["verify", rewrite(change)], self.dir, check=1)
            self.assertIn(code, p.stdout.decode())
            self.assertIn("not valid " + count, p.stdout.decode())
            self.assertIn("what to do: ", p.stdout.decode())

    def test_existing_target_is_kept_without_overwrite(self):
        target = os.path.join(self.dir, "x.zip")
        with open(target, "w") as f:
            f.write("keep me")
        run(["pack", "-o", target, DEMO], self.dir, check=2)
        with open(target) as f:
            self.assertEqual(f.read(), "keep me")
        run(["pack", "--overwrite", "-o", target, DEMO], self.dir, check=0)

    def test_unwritable_folder_leaves_nothing(self):
        target = os.path.join(self.dir, "missing", "x.zip")
        run(["pack", "-o", target, DEMO], self.dir, check=2)
        self.assertEqual(os.listdir(self.dir), [])

    def test_a_full_disk_leaves_nothing_and_says_why(self):
        import resource
        import signal

        def small_disk():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

        env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
        p = subprocess.run([EIPACK, "pack", "--profile", "audit", DEMO],
                           cwd=self.dir, env=env, capture_output=True,
                           preexec_fn=small_disk, timeout=120)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn(b"eipack: ", p.stderr)
        self.assertEqual(os.listdir(self.dir), [])

    def test_ctrl_c_while_writing_leaves_nothing(self):
        import signal
        import time

        cohort = os.path.join(self.dir, "cohort")
        shutil.copytree(DEMO, cohort)
        folder = os.path.join(cohort, "activities", "A01 - Marlow placement")
        with open(os.path.join(folder, "site-video.mp4"), "wb") as f:
            for _ in range(48):
                f.write(os.urandom(1 << 20))
        out = os.path.join(self.dir, "out")
        os.mkdir(out)
        p = subprocess.Popen([EIPACK, "pack", "--profile", "audit",
                              "--jobs", "1", cohort], cwd=out,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.time() + 60
        while not any(".tmp-" in n for n in os.listdir(out)):
            self.assertIsNone(p.poll(), "pack ended before it was stopped")
            self.assertLess(time.time(), deadline)
            time.sleep(0.002)
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=120)
        if p.returncode == 0:
            self.skipTest("pack finished before the signal arrived")
        self.assertEqual(p.returncode, 2, err)
        self.assertIn(b"interrupted", err)
        self.assertEqual(os.listdir(out), [])

    def test_upload_with_errors_is_refused_and_writes_nothing(self):
        cohort = os.path.join(self.dir, "cohort")
        shutil.copytree(DEMO, cohort)
        with open(os.path.join(cohort, "learners.csv"), "a") as f:
            f.write("NF250001,Somebody,Else,,3EA\r\n")
        out = os.path.join(self.dir, "out")
        os.mkdir(out)
        p = run(["pack", cohort], out, check=1)
        self.assertIn("learners.csv row 26", p.stderr.decode())
        self.assertIn("not packed", p.stderr.decode())
        self.assertEqual(os.listdir(out), [])
        run(["pack", "--force", cohort], out, check=0)
        with zipfile.ZipFile(os.path.join(out, NAME + "upload.zip")) as z:
            info = z.read(NAME + "upload/bag-info.txt").decode()
        self.assertIn("Eipack-Forced: yes", info)

    def test_inputs_are_never_modified(self):
        def snapshot():
            out = {}
            for d, _, files in os.walk(DEMO):
                for name in files:
                    p = os.path.join(d, name)
                    with open(p, "rb") as f:
                        out[p] = (f.read(), os.stat(p).st_mtime_ns)
            return out
        before = snapshot()
        self.pack(profile="audit")
        run(["check", DEMO], self.dir, check=0)
        self.assertEqual(before, snapshot())


if __name__ == "__main__":
    EIPACK = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=1)
