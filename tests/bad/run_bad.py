#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Run eipack on hostile and broken cohorts and check what it says.

    run_bad.py EIPACK CASE...

Each CASE is a folder of fixtures/bad (see fixtures/bad/make_bad.py for
the EXPECT format).  The case is copied to a temporary folder, its
setup.py (if any) run there to make what git cannot hold, and then
`eipack check --format json` run on the copy.  Whatever the case, eipack
must not crash: exit status 0, 1 or 2, no signal, no sanitizer report,
done within the timeout.  A setup.py exiting 77 skips the case; the
script then exits 77 too (ctest's SKIP_RETURN_CODE).
"""
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

TIMEOUT = 120
SKIP = 77
SEVERITIES = ("error", "warning", "info")
SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                   "runtime error:", "==ERROR")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def parse_expect(path):
    """The description and the (verb, rest) pairs of an EXPECT file."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    rules = []
    for line in lines[1:]:
        if line.strip():
            verb, _, rest = line.partition(" ")
            rules.append((verb, rest))
    return lines[0], rules


def copy_case(case, tmp):
    """Copy the case, without its EXPECT and setup.py, and run setup.py."""
    cohort = os.path.join(tmp, os.path.basename(case.rstrip("/")))
    shutil.copytree(case, cohort, symlinks=True,
                    ignore=shutil.ignore_patterns("EXPECT", "setup.py"))
    setup = os.path.abspath(os.path.join(case, "setup.py"))
    if os.path.exists(setup):
        proc = subprocess.run([sys.executable, setup], cwd=cohort,
                              capture_output=True, text=True)
        if proc.returncode == SKIP:
            return None, proc.stdout.strip()
        if proc.returncode != 0:
            raise RuntimeError("setup.py failed:\n" + proc.stderr)
    return cohort, None


def run(eipack, args, cwd=None):
    """Run eipack; a list of crash complaints and the finished process."""
    env = dict(os.environ, TZ="UTC", NO_COLOR="1", SOURCE_DATE_EPOCH="0")
    try:
        proc = subprocess.run([eipack] + args, capture_output=True, env=env,
                              timeout=TIMEOUT, cwd=cwd)
    except subprocess.TimeoutExpired:
        return ["no answer within %d s: %s" % (TIMEOUT, args)], None
    problems = []
    err = proc.stderr.decode("utf-8", "replace")
    if proc.returncode < 0:
        problems.append("killed by signal %d" % -proc.returncode)
    elif proc.returncode not in (0, 1, 2):
        problems.append("exit status %d is not 0, 1 or 2" % proc.returncode)
    if any(mark in err for mark in SANITIZER_MARKS):
        problems.append("sanitizer report:\n" + err)
    return problems, proc


def finding_matches(f, rest):
    """Does finding f match 'CODE [SEVERITY] [FILE]'?"""
    code, _, rest = rest.partition(" ")
    if f.get("code") != code:
        return False
    sev, _, file = rest.partition(" ")
    if sev in SEVERITIES:
        if f.get("severity") != sev:
            return False
    else:
        file = rest
    return not file or f.get("file") == file


def check_pack(eipack, cohort, text, tmp):
    """Pack with --force; every CSV cell eipack wrote holding text must be
    defused."""
    out = os.path.join(tmp, "pack.zip")
    problems, proc = run(eipack, ["pack", "--force", "--quiet", "-o", out,
                                  cohort])
    if proc is None or problems:
        return problems
    if proc.returncode != 0:
        return ["pack exited %d: %s" % (proc.returncode, proc.stderr)]
    seen = 0
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            # Registers are the centre's own files, packed byte for byte.
            if not name.endswith(".csv") or "/registers/" in name:
                continue
            data = z.read(name).decode("utf-8-sig")
            for row in csv.reader(io.StringIO(data)):
                for cell in row:
                    if text not in cell:
                        continue
                    seen += 1
                    if cell.startswith(FORMULA_STARTS):
                        problems.append("%s: cell %r would run as a "
                                        "formula" % (name, cell))
    if seen == 0:
        problems.append("no CSV file of the pack holds %r" % text)
    return problems


def check_rule(verb, rest, proc, report, ctx):
    """One EXPECT line against the run; a complaint or None."""
    findings = report.get("findings", []) if report else []
    if verb == "exit":
        if proc.returncode != int(rest):
            return "exit status %d, expected %s" % (proc.returncode, rest)
    elif verb == "finding":
        if not any(finding_matches(f, rest) for f in findings):
            return "no finding %s" % rest
    elif verb == "no-finding":
        if any(f.get("code") == rest for f in findings):
            return "unexpected finding %s" % rest
    elif verb == "not-mentioned":
        for f in findings:
            if rest in (f.get("file") or "") or rest in f.get("message", ""):
                return "a finding mentions %r: %s" % (rest, f)
    elif verb == "learner":
        number, _, name = rest.partition(" ")
        learners = report.get("learners", []) if report else []
        if not any(x.get("enrolment_number") == number and
                   x.get("name") == name for x in learners):
            return "learner %s %r not listed: %s" % (number, name, learners)
    elif verb == "stderr":
        if rest not in proc.stderr.decode("utf-8", "replace"):
            return "stderr lacks %r" % rest
    elif verb == "pack-neutralised":
        return "; ".join(check_pack(ctx["eipack"], ctx["cohort"], rest,
                                    ctx["tmp"])) or None
    elif verb != "args":
        return "EXPECT: unknown line %s %s" % (verb, rest)
    return None


def extra_args(rules, cohort):
    args = []
    for verb, rest in rules:
        if verb == "args":
            args += [os.path.join(cohort, a[2:]) if a.startswith("@/")
                     else a for a in rest.split()]
    return args


def run_case(eipack, case):
    """The complaints about one case, or None when it was skipped."""
    about, rules = parse_expect(os.path.join(case, "EXPECT"))
    with tempfile.TemporaryDirectory(prefix="eipack-bad-") as tmp:
        cohort, why = copy_case(case, tmp)
        if cohort is None:
            print("%s: skipped: %s" % (case, why))
            return None
        args = ["check", "--format", "json"] + extra_args(rules, cohort)
        problems, proc = run(eipack, args + [cohort])
        if proc is None:
            return problems
        report = None
        if proc.returncode in (0, 1):
            try:
                report = json.loads(proc.stdout.decode("utf-8"))
            except ValueError as e:
                problems.append("stdout is not JSON: %s" % e)
        ctx = {"eipack": eipack, "cohort": cohort, "tmp": tmp}
        for verb, rest in rules:
            complaint = check_rule(verb, rest, proc, report, ctx)
            if complaint:
                problems.append(complaint)
        if problems and report:
            problems.append("findings were:\n" + "\n".join(
                "  %s %s %s: %s" % (f["code"], f["severity"], f["file"],
                                    f["message"])
                for f in report.get("findings", [])))
        if problems:
            problems.insert(0, "%s (%s)" % (case, about))
        # Leave nothing unreadable behind for the clean-up.
        for top, _, names in os.walk(cohort):
            for name in names:
                path = os.path.join(top, name)
                if not os.path.islink(path) and os.path.isfile(path):
                    os.chmod(path, 0o644)
        return problems


def main():
    eipack = os.path.abspath(sys.argv[1])
    failed = 0
    skipped = 0
    for case in sys.argv[2:]:
        problems = run_case(eipack, case)
        if problems is None:
            skipped += 1
        elif problems:
            failed += 1
            sys.stderr.write("FAIL " + "\n  ".join(problems) + "\n")
    if failed:
        return 1
    return SKIP if skipped and skipped == len(sys.argv) - 2 else 0


if __name__ == "__main__":
    sys.exit(main())
