#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Write a synthetic but realistic cohort for benchmarks, the same bytes
for the same size and seed.

    make_cohort.py SIZE OUT [--seed N]

SIZE is `small` (30 learners, 20 activities, about 100 MB) or `large`
(600 learners, 1,500 activities, about 12,000 files, about 4 GB).  OUT
must not exist.  Learners, employers and activities of every type come as
CSV; registers as CSV and, for one activity in five, as XLSX; evidence as
incompressible scans and photos of 100 KB to 5 MB beside small text
files, as a real shared drive holds them.  Generate under /tmp; never
commit the output.
"""
import csv
import os
import random
import sys

import openpyxl

SIZES = {
    # learners, activities, scans per activity, mean scan KiB, texts
    "small": (30, 20, 3, 2000, 2),
    "large": (600, 1500, 2, 1400, 5),
}
TYPES = ["Work placement", "Work experience", "Practical activities",
         "Locally set formative assessment", "Guest lecture",
         "Master class", "Expert witness", "Site visit", "Careers fair"]
WORDS = ["site", "notes", "brief", "plan", "feedback", "photos", "details",
         "schedule", "minutes", "risk", "assessment", "agenda"]


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)


def scan_size(rng, mean_kib):
    """Log-uniform-ish between 100 KB and 5 MB with the given mean."""
    while True:
        kib = int(rng.lognormvariate(0, 0.9) * mean_kib * 0.67)
        if 100 <= kib <= 5000:
            return kib * 1024


def tracker(out, rng, n_learners, n_acts):
    write_csv(os.path.join(out, "cohort.csv"), [
        ("Field", "Value"), ("Centre number", "654321"),
        ("Centre name", "Benchmark College"),
        ("Qualification number", "8710-30"), ("Cohort", "BENCH-L3"),
        ("Academic year", "2025/26"), ("Contact name", "Bench Officer"),
        ("Contact email", "bench@college.example"),
        ("Declaration signed by", "Head of Centre"),
        ("Declaration date", "30/06/2026")])
    learners = ["BC%06d" % i for i in range(1, n_learners + 1)]
    write_csv(os.path.join(out, "learners.csv"),
              [("Enrolment number", "Learner name")] +
              [(e, "Learner %s" % e[2:]) for e in learners])
    write_csv(os.path.join(out, "employers.csv"),
              [("Employer ID", "Employer name", "Sector", "Contact name",
                "Contact email", "Contact phone")] +
              [("E%03d" % i, "Employer %d" % i, "Engineering", "Contact",
                "c%d@employer.example" % i, "01632 960%03d" % i)
               for i in range(1, 41)])
    acts = []
    for i in range(n_acts):
        day = 1 + i % 28
        month = [9, 10, 11, 12, 1, 2, 3, 4, 5, 6][i % 10]
        year = 2025 if month >= 9 else 2026
        acts.append(("ACT%04d" % (i + 1), TYPES[i % len(TYPES)],
                     "Activity %d" % (i + 1), "E%03d" % (1 + i % 40),
                     "%02d/%02d/%d" % (day, month, year), "", "Live",
                     "Delivered", "", "Notes for activity %d" % (i + 1)))
    write_csv(os.path.join(out, "activities.csv"),
              [("Activity ID", "Activity type", "Title", "Employer ID",
                "Start date", "End date", "Delivery", "Status",
                "Contingency for", "Notes")] + acts)
    return learners, acts


def register(folder, rng, learners, as_xlsx):
    group = rng.sample(learners, min(len(learners), rng.randint(10, 40)))
    rows = [("Enrolment number", "Learner name", "Attended")] + [
        (e, "Learner %s" % e[2:], "Y" if rng.random() < 0.9 else "N")
        for e in sorted(group)]
    if as_xlsx:
        wb = openpyxl.Workbook()
        for r in rows:
            wb.active.append(r)
        wb.save(os.path.join(folder, "register.xlsx"))
    else:
        write_csv(os.path.join(folder, "register.csv"), rows)


def evidence(folder, rng, scans, mean_kib, texts):
    for k in range(scans):
        name = ("register-scan.pdf" if k == 0 else
                "photo-%d.jpg" % k)
        with open(os.path.join(folder, name), "wb") as f:
            f.write(rng.randbytes(scan_size(rng, mean_kib)))
    for k in range(texts):
        name = "%s-%d.txt" % (rng.choice(WORDS), k)
        line = "Evidence note %d for this activity.\n" % k
        with open(os.path.join(folder, name), "w") as f:
            f.write(line * rng.randint(20, 400))


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in SIZES:
        sys.exit(__doc__)
    size, out = sys.argv[1], sys.argv[2]
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) \
        if "--seed" in sys.argv else 1
    n_learners, n_acts, scans, mean_kib, texts = SIZES[size]
    rng = random.Random(seed)
    os.makedirs(os.path.join(out, "activities"))
    learners, acts = tracker(out, rng, n_learners, n_acts)
    for i, act in enumerate(acts):
        folder = os.path.join(out, "activities", "%s - %s" % (
            act[0], act[2]))
        os.makedirs(folder)
        register(folder, rng, learners, i % 5 == 4)
        evidence(folder, rng, scans, mean_kib, texts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
