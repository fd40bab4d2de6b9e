#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check a BagIt bag (RFC 8493) independently of eipack's own verifier.

Usage: rfc8493_check.py BAG
BAG is a bag folder, or a ZIP archive holding exactly one bag folder.
Prints one line per problem and exits 1 if there is any, else 0.
"""
import hashlib
import os
import re
import sys
import tempfile
import zipfile

BAGIT = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
TAG_FILES = ("bagit.txt", "bag-info.txt", "manifest-sha256.txt")


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 17), b""):
            h.update(block)
    return h.hexdigest()


def decode_path(raw):
    """Undo RFC 8493 percent-encoding; only %25, %0D, %0A are allowed."""
    out, i = [], 0
    while i < len(raw):
        if raw[i] == "%":
            code = raw[i:i + 3].upper()
            if code not in ("%25", "%0D", "%0A"):
                raise ValueError("bad percent-encoding in %r" % raw)
            out.append({"%25": "%", "%0D": "\r", "%0A": "\n"}[code])
            i += 3
        else:
            out.append(raw[i])
            i += 1
    return "".join(out)


def read_manifest(bag, name, problems):
    entries = {}
    with open(os.path.join(bag, name), "rb") as f:
        text = f.read().decode("utf-8")
    if text and not text.endswith("\n"):
        problems.append("%s: last line has no line feed" % name)
    for n, line in enumerate(text.split("\n")[:-1], 1):
        m = re.fullmatch(r"([0-9a-fA-F]{64})[ \t]+(.+)", line)
        if m is None:
            problems.append("%s line %d: malformed" % (name, n))
            continue
        try:
            path = decode_path(m.group(2))
        except ValueError as e:
            problems.append("%s line %d: %s" % (name, n, e))
            continue
        if path in entries:
            problems.append("%s line %d: %s listed twice" % (name, n, path))
        parts = path.split("/")
        if path.startswith("/") or ".." in parts or "\\" in path:
            problems.append("%s line %d: unsafe path %r" % (name, n, path))
            continue
        entries[path] = m.group(1).lower()
    return entries


def check_hashes(bag, name, entries, problems):
    for path, want in sorted(entries.items()):
        full = os.path.join(bag, path)
        if not os.path.isfile(full):
            problems.append("%s: %s is missing" % (name, path))
        elif sha256(full) != want:
            problems.append("%s: %s checksum differs" % (name, path))


def payload_files(bag):
    found = []
    for root, dirs, files in os.walk(os.path.join(bag, "data")):
        for f in files:
            rel = os.path.relpath(os.path.join(root, f), bag)
            found.append(rel.replace(os.sep, "/"))
    return found


def check_info(bag, payload, problems):
    path = os.path.join(bag, "bag-info.txt")
    if not os.path.isfile(path):
        return
    with open(path, "rb") as f:
        lines = f.read().decode("utf-8").split("\n")
    fields = []
    for line in lines[:-1]:
        if line[:1] in (" ", "\t") and fields:
            continue
        m = re.fullmatch(r"([^:\s][^:]*): (.*)", line)
        if m is None:
            problems.append("bag-info.txt: malformed line %r" % line)
            continue
        fields.append((m.group(1), m.group(2)))
    size = sum(os.path.getsize(os.path.join(bag, p)) for p in payload)
    for key, value in fields:
        if key == "Payload-Oxum" and value != "%d.%d" % (size, len(payload)):
            problems.append("bag-info.txt: Payload-Oxum %s, payload is %d.%d"
                            % (value, size, len(payload)))
        if key == "Bagging-Date" and not re.fullmatch(r"\d{4}-\d\d-\d\d",
                                                      value):
            problems.append("bag-info.txt: Bagging-Date %r" % value)


def check_bag(bag):
    problems = []
    try:
        with open(os.path.join(bag, "bagit.txt"), "rb") as f:
            if f.read() != BAGIT:
                problems.append("bagit.txt: not the RFC 8493 declaration")
    except OSError:
        return ["bagit.txt: missing"]
    if not os.path.isfile(os.path.join(bag, "manifest-sha256.txt")):
        return problems + ["manifest-sha256.txt: missing"]
    manifest = read_manifest(bag, "manifest-sha256.txt", problems)
    check_hashes(bag, "manifest-sha256.txt", manifest, problems)
    payload = payload_files(bag)
    for path in sorted(set(payload) - set(manifest)):
        problems.append("manifest-sha256.txt: %s is not listed" % path)
    for path in manifest:
        if not path.startswith("data/"):
            problems.append("manifest-sha256.txt: %s outside data/" % path)
    check_info(bag, payload, problems)
    if os.path.isfile(os.path.join(bag, "tagmanifest-sha256.txt")):
        tags = read_manifest(bag, "tagmanifest-sha256.txt", problems)
        check_hashes(bag, "tagmanifest-sha256.txt", tags, problems)
        for path in tags:
            if path.startswith("data/") or path == "tagmanifest-sha256.txt":
                problems.append("tagmanifest-sha256.txt lists %s" % path)
        for path in TAG_FILES:
            if path not in tags:
                problems.append("tagmanifest-sha256.txt omits %s" % path)
    return problems


def check_zip(path):
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(path) as z:
            bad = z.testzip()
            if bad is not None:
                return ["%s: CRC error in %s" % (path, bad)]
            tops = {n.split("/")[0] for n in z.namelist()}
            if len(tops) != 1:
                return ["%s: %d top-level entries" % (path, len(tops))]
            z.extractall(tmp)
        return check_bag(os.path.join(tmp, tops.pop()))


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    target = sys.argv[1]
    problems = check_bag(target) if os.path.isdir(target) else \
        check_zip(target)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
