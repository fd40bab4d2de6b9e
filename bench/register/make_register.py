#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Write three copies of a small cohort whose one guest lecture has a
register of 1,000 rows (small), 100,000 rows (large) and 100,000 rows as
XLSX (large-xlsx).  The rows cycle through the cohort's 30 learners, as an
MIS export of many sessions would."""
import csv
import os
import sys

import openpyxl

LEARNERS = [("BR%05d" % i, "Learner %d" % i) for i in range(1, 31)]


def tracker(root):
    os.makedirs(os.path.join(root, "activities", "G1"))
    rows = {
        "cohort.csv": [("Field", "Value"), ("Centre number", "123456"),
                       ("Centre name", "Bench College"),
                       ("Qualification number", "8710-30"),
                       ("Cohort", "BENCH"), ("Academic year", "2025/26")],
        "learners.csv": [("Enrolment number", "Learner name")] + LEARNERS,
        "employers.csv": [("Employer ID", "Employer name"), ("E1", "Acme")],
        "activities.csv": [("Activity ID", "Activity type", "Employer ID",
                            "Start date", "Delivery", "Status"),
                           ("G1", "Guest lecture", "E1", "01/10/2025",
                            "Live", "Delivered")],
    }
    for name, data in rows.items():
        with open(os.path.join(root, name), "w", newline="") as f:
            csv.writer(f).writerows(data)


def register_rows(n):
    yield ("Enrolment number", "Learner name", "Attended")
    for i in range(n):
        e, name = LEARNERS[i % len(LEARNERS)]
        yield (e, name, "Y" if i % 3 else "N")


def main():
    out = sys.argv[1]
    for name, n in (("small", 1000), ("large", 100000)):
        root = os.path.join(out, name)
        tracker(root)
        with open(os.path.join(root, "activities", "G1", "register.csv"),
                  "w", newline="") as f:
            csv.writer(f).writerows(register_rows(n))
    root = os.path.join(out, "large-xlsx")
    tracker(root)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Register")
    for row in register_rows(100000):
        ws.append(row)
    wb.save(os.path.join(root, "activities", "G1", "register.xlsx"))


if __name__ == "__main__":
    main()
