#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""eipack init, end to end.

usage: test_init.py EIPACK basic|fill|soffice

basic    init and init --csv give folders that check runs on (exit 1: the
         cohort fields are still empty); init refuses a non-empty folder
fill     fill the new tracker.xlsx with openpyxl, as a user would in a
         spreadsheet, and check it: no errors, every learner met
soffice  the filled workbook, saved again by LibreOffice, still checks
         with no errors; skipped (exit 77) when soffice is not installed
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77


def run(eipack, *args):
    env = dict(os.environ, NO_COLOR="1")
    return subprocess.run([eipack] + list(args), capture_output=True,
                          text=True, env=env, timeout=120)


def expect(cond, what, proc=None):
    if not cond:
        if proc is not None:
            sys.stderr.write("stdout:\n%s\nstderr:\n%s\n" % (proc.stdout,
                                                           proc.stderr))
        sys.exit("FAIL: " + what)
    print("ok: " + what)


def check_json(eipack, folder):
    proc = run(eipack, "check", "--format", "json", folder)
    expect(proc.returncode in (0, 1), "check runs on %s" % folder, proc)
    return proc.returncode, json.loads(proc.stdout)


def codes(report):
    return sorted({f["code"] for f in report["findings"]
                   if f["severity"] == "error"})


def basic(eipack, tmp):
    for flag, tracker in ((), "tracker.xlsx"), (("--csv",), "cohort.csv"):
        folder = os.path.join(tmp, "new" + "".join(flag))
        proc = run(eipack, "init", *flag, folder)
        expect(proc.returncode == 0, "init %s writes a folder" % " ".join(
            flag), proc)
        for rel in (tracker, "activities/A01 - example/register.csv"):
            expect(os.path.isfile(os.path.join(folder, rel)), rel + " made")
        rc, report = check_json(eipack, folder)
        expect(rc == 1 and codes(report) == ["cohort-field-missing",
                                             "learners-none"],
               "a new folder asks for the cohort fields and learners: %s"
               % codes(report))
    proc = run(eipack, "init", os.path.join(tmp, "new"))
    expect(proc.returncode == 2 and "not empty" in proc.stderr,
           "init refuses a non-empty folder", proc)
    proc = run(eipack, "learners", os.path.join(tmp, "new"))
    expect(proc.returncode == 1 and proc.stdout.startswith(
        "\ufeffEnrolment number,Learner name"),
        "learners prints a header for a new folder", proc)


def load_openpyxl():
    try:
        import openpyxl
        return openpyxl
    except ImportError:
        pass
    if sys.executable != "/usr/bin/python3" and os.path.exists(
            "/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    sys.exit("FAIL: python3-openpyxl is needed (sh .ci/install-deps)")


COHORT = {"Centre number": "123456", "Centre name": "Test College",
          "Qualification number": "8710-30", "Cohort": "TEST-A",
          "Academic year": "2025/26", "Contact name": "Ann Exam",
          "Declaration signed by": "Dr Ruth Head",
          "Declaration date": "12/06/2026"}
LEARNERS = [("TC0001", "Ada Lovelace"), ("TC0002", "Alan Turing"),
            ("TC0003", "Grace Hopper")]


def fill(eipack, tmp):
    openpyxl = load_openpyxl()
    import datetime
    folder = os.path.join(tmp, "filled")
    proc = run(eipack, "init", folder)
    expect(proc.returncode == 0, "init writes the tracker", proc)
    path = os.path.join(folder, "tracker.xlsx")
    wb = openpyxl.load_workbook(path)
    expect(wb["Lists"]["A2"].value == "Work experience",
           "the Lists sheet holds the activity types")
    for row in wb["Cohort"].iter_rows(min_row=2):
        row[1].value = COHORT.get(row[0].value)
    for number, name in LEARNERS:
        wb["Learners"].append([number, name])
    wb["Employers"].append(["E01", "Marlow Electrical Ltd",
                            "Electrical installation", "Gareth Price",
                            "g.price@marlow.example", "01632 960101"])
    acts = wb["Activities"]
    for cell, value in zip(acts[2], ["A01", "Work placement",
                                     "Domestic rewiring placement", "E01",
                                     datetime.datetime(2025, 11, 3),
                                     datetime.datetime(2025, 11, 28),
                                     "Live", "Delivered", None, None]):
        cell.value = value
    wb.save(path)
    register = os.path.join(folder, "activities", "A01 - example",
                            "register.csv")
    with open(register, "a", encoding="utf-8", newline="") as f:
        for number, name in LEARNERS:
            f.write("%s,%s,Y\r\n" % (number, name))
    rc, report = check_json(eipack, folder)
    expect(rc == 0 and report["summary"]["met"] == len(LEARNERS),
           "the filled tracker checks with no errors: %s" % codes(report))
    return folder


def soffice(eipack, tmp):
    office = shutil.which("soffice")
    if office is None:
        print("SKIP: soffice (LibreOffice) is not installed")
        sys.exit(SKIP)
    folder = fill(eipack, tmp)
    out = os.path.join(tmp, "office")
    proc = subprocess.run(
        [office, "--headless", "-env:UserInstallation=file://" +
         os.path.join(tmp, "profile"), "--convert-to", "xlsx", "--outdir",
         out, os.path.join(folder, "tracker.xlsx")],
        capture_output=True, text=True, timeout=300)
    saved = os.path.join(out, "tracker.xlsx")
    expect(proc.returncode == 0 and os.path.exists(saved),
           "LibreOffice saves the tracker again", proc)
    shutil.copy(saved, os.path.join(folder, "tracker.xlsx"))
    rc, report = check_json(eipack, folder)
    expect(rc == 0 and report["summary"]["met"] == len(LEARNERS),
           "the tracker saved by LibreOffice checks with no errors: %s"
           % codes(report))


def main():
    eipack, what = os.path.abspath(sys.argv[1]), sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        {"basic": basic, "fill": fill, "soffice": soffice}[what](eipack, tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
