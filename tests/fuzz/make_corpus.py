#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make_corpus.py - rebuild the seed corpora of tests/fuzz/corpus from the
fixtures, and the rules dictionary from the schema.

Run from anywhere: python3 tests/fuzz/make_corpus.py.  It rewrites
corpus/fuzz_*/ whole (the regressions folders are left alone).  Seeds are
named after where they came from, so a reviewer can tell them apart.
"""
import hashlib
import io
import os
import re
import shutil
import struct
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, "..", ".."))
FIX = os.path.join(TOP, "fixtures")
PART = re.compile(r"^[A-Za-z0-9 ._-]{1,48}$")
# Evidence nobody reads (PDF scans, photos): a few bytes are enough.
EVIDENCE_BYTES = 32
TABLES = (".csv", ".xlsx", ".ods")


def seed_name(path):
    rel = os.path.relpath(path, TOP)
    return re.sub(r"[^A-Za-z0-9._-]+", "_", rel)


def fresh(target):
    out = os.path.join(HERE, "corpus", target)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    return out


def copy(out, paths):
    for p in sorted(paths):
        shutil.copyfile(p, os.path.join(out, seed_name(p)))


def files_under(root, exts):
    for d, _, names in os.walk(root):
        for n in names:
            p = os.path.join(d, n)
            if n.lower().endswith(exts) and not os.path.islink(p):
                yield p


def encode_cohort(root):
    """A cohort folder in fuzz_cohort.c's record format."""
    out = bytearray()
    for d, dirs, names in sorted(os.walk(root)):
        dirs.sort()
        rel = os.path.relpath(d, root)
        if rel != "." and not dirs and not names:
            out += record(rel + "/", b"")
        for n in sorted(names):
            p = os.path.join(d, n)
            r = os.path.normpath(os.path.join(rel, n))
            if os.path.islink(p) or n == "ABOUT":
                continue
            if not all(PART.match(x) for x in r.split("/")):
                continue
            with open(p, "rb") as f:
                data = f.read()
            if not n.lower().endswith(TABLES):
                data = data[:EVIDENCE_BYTES]
            out += record(r, data[:65535])
    return bytes(out)


def record(path, data):
    p = path.encode()
    assert len(p) < 256
    return bytes([len(p)]) + p + struct.pack("<H", len(data)) + data


def bag_zip(payload, break_with=None):
    """A small zipped bag: payload is {path below data/: bytes}, stored
    when the name ends in .pdf, deflated otherwise.  break_with spoils it
    in one of the ways verify must report."""
    def sha(b):
        return hashlib.sha256(b).hexdigest()
    tags = {"bagit.txt": b"BagIt-Version: 1.0\n"
                         b"Tag-File-Character-Encoding: UTF-8\n",
            "bag-info.txt": ("Payload-Oxum: %d.%d\nBagging-Date: 2026-06-30\n"
                             % (sum(map(len, payload.values())),
                                len(payload))).encode()}
    listed = dict(payload)
    if break_with == "missing":
        listed["gone.pdf"] = b"not there"
    tags["manifest-sha256.txt"] = "".join(
        "%s  data/%s\n" % (sha(b), n) for n, b in sorted(listed.items())
    ).encode()
    tags["tagmanifest-sha256.txt"] = "".join(
        "%s  %s\n" % (sha(tags[n]), n)
        for n in ("bag-info.txt", "bagit.txt", "manifest-sha256.txt")
    ).encode()
    files = dict(("bag/" + n, b) for n, b in tags.items())
    for n, b in payload.items():
        files["bag/data/" + n] = b
    if break_with == "changed":
        files["bag/data/notes.txt"] = b"changed after packing\n"
    if break_with == "extra":
        files["bag/data/extra.txt"] = b"not in the manifest\n"
    if break_with == "unsafe":
        files["bag/../escape.txt"] = b"outside\n"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for n in sorted(files):
            info = zipfile.ZipInfo(n, (2026, 6, 30, 12, 0, 0))
            info.compress_type = (zipfile.ZIP_STORED if n.endswith(".pdf")
                                  else zipfile.ZIP_DEFLATED)
            z.writestr(info, files[n])
    return out.getvalue()


def main():
    demo = os.path.join(FIX, "demo-cohort")
    cases = sorted(os.listdir(os.path.join(FIX, "cases")))
    cases = [c for c in cases
             if os.path.isdir(os.path.join(FIX, "cases", c))]

    out = fresh("fuzz_csv")
    csvs = list(files_under(demo, (".csv",)))
    for c in cases:
        if c.startswith("csv-"):
            csvs += files_under(os.path.join(FIX, "cases", c), (".csv",))
    copy(out, csvs)

    out = fresh("fuzz_sheet")
    sheets = [p for p in files_under(os.path.join(FIX, "sheets"),
                                     (".xlsx", ".ods", ".fods", ".xls"))
              if os.path.getsize(p) < 200000]
    for twin in ("demo-cohort-xlsx", "demo-cohort-ods"):
        sheets += files_under(os.path.join(FIX, twin), (".xlsx", ".ods"))
    copy(out, sheets)

    out = fresh("fuzz_rules")
    copy(out, [os.path.join(TOP, "rules", "eipack-rules.xml"),
               os.path.join(TOP, "tests", "e2e", "broken-rules.xml")])

    out = fresh("fuzz_cohort")
    roots = [demo] + [os.path.join(FIX, t)
                      for t in ("demo-cohort-xlsx", "demo-cohort-ods")]
    roots += [os.path.join(FIX, "cases", c) for c in cases]
    for r in roots:
        with open(os.path.join(out, seed_name(r) + ".bin"), "wb") as f:
            f.write(encode_cohort(r))

    out = fresh("fuzz_verify")
    payload = {"notes.txt": b"Guest lecture, 12 March.\n" * 8,
               "A01/register.csv": b"Enrolment number,Name,Attended\n"
                                   b"NF250001,Ada Lovelace,Y\n",
               "A01/scan.pdf": b"%PDF-1.4\n" + bytes(range(256))}
    for name in ("valid", "changed", "missing", "extra", "unsafe"):
        with open(os.path.join(out, "bag-%s.zip" % name), "wb") as f:
            f.write(bag_zip(payload, None if name == "valid" else name))

    with open(os.path.join(TOP, "rules", "eipack-rules.xsd")) as f:
        names = sorted(set(re.findall(r'<xs:(element|attribute) name="([^"]+)"',
                                      f.read())))
    with open(os.path.join(HERE, "rules.dict"), "w") as f:
        f.write("# Element and attribute names of rules/eipack-rules.xsd,\n"
                "# written by make_corpus.py: libFuzzer -dict=rules.dict\n")
        for kind, n in names:
            if kind == "element":
                f.write('"<%s>"\n"</%s>"\n' % (n, n))
            else:
                f.write('"%s=\\""\n' % n)
        for t in ('<?xml version=\\"1.0\\"?>', "<!DOCTYPE", "<!ENTITY",
                  "xmlns=", "&amp;", "true", "false", "*.pdf"):
            f.write('"%s"\n' % t)


if __name__ == "__main__":
    main()
