#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Benchmark eipack on a generated cohort against reference commands, in
one go and alternating, and print medians, ratios and peak memory.

    run.py EIPACK TREE [--runs N] [--out DIR]

Each round runs, one after the other: eipack check, eipack pack --profile
audit (which reads the archive back before it succeeds), eipack verify,
`zip -r -q -0` (copying into a zip: the floor for writing an archive),
`zip -r -q` followed by `sha256sum` over every file (what someone does by
hand), `openssl dgst -sha256` over every file (the hashing floor), and
`openssl dgst -sha256` over the archive (the floor for verify).  Time and
peak memory come from /usr/bin/time.  The tree is read once first, so
every command finds it in the page cache.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile


def timed(cmd, env=None):
    """Wall seconds and peak KiB of cmd (a list, run through sh -c)."""
    with tempfile.NamedTemporaryFile("r") as t:
        subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", t.name,
                        "sh", "-c", cmd], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        secs, kib = t.read().split()[-2:]
    return float(secs), int(kib)


def main():
    args = sys.argv[1:]
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 3
    eipack, tree = os.path.abspath(args[0]), os.path.abspath(args[1])
    out = tempfile.mkdtemp(prefix="eipack-bench-")
    if "--out" in args:
        out = args[args.index("--out") + 1]
    env = dict(os.environ, SOURCE_DATE_EPOCH="1781000000")
    q = lambda s: "'" + s.replace("'", "'\\''") + "'"
    files = "find %s -type f -print0 | xargs -0 " % q(tree)
    archive = os.path.join(out, "a.zip")
    cmds = {
        "eipack check": "%s check -q %s" % (q(eipack), q(tree)),
        "eipack pack --profile audit":
            "rm -f %s %s.sha256; %s pack -q --profile audit -o %s %s" % (
                q(archive), q(archive), q(eipack), q(archive), q(tree)),
        "eipack verify": "%s verify -q %s" % (q(eipack), q(archive)),
        "zip -r -q -0": "rm -f %s/z0.zip; cd %s && zip -r -q -0 %s/z0.zip ." %
            (q(out), q(tree), q(out)),
        "zip -r -q + sha256sum":
            "rm -f %s/z.zip; cd %s && zip -r -q %s/z.zip . && %s sha256sum "
            ">/dev/null" % (q(out), q(tree), q(out), files),
        "openssl dgst (files)": files + "openssl dgst -sha256 >/dev/null",
        "openssl dgst (archive)": "openssl dgst -sha256 %s >/dev/null" %
            q(archive),
    }
    subprocess.run(files + "cat >/dev/null", shell=True, check=True)
    results = {name: [] for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            results[name].append(timed(cmd, env))
    med = {n: statistics.median(t for t, _ in r) for n, r in results.items()}
    peak = {n: max(m for _, m in r) for n, r in results.items()}
    size = sum(os.path.getsize(os.path.join(d, f))
               for d, _, fs in os.walk(tree) for f in fs)
    nfiles = sum(len(fs) for _, _, fs in os.walk(tree))
    print("tree: %s, %d files, %.2f GB; %d cores; %d runs each" % (
        tree, nfiles, size / 1e9, os.cpu_count(), runs))
    print("%-30s %10s %12s" % ("command", "median s", "peak MiB"))
    for n in cmds:
        print("%-30s %10.2f %12.1f" % (n, med[n], peak[n] / 1024))
    pack = med["eipack pack --profile audit"]
    ratio = lambda a, b: a / b if b > 0 else float("inf")
    print("ratios:")
    print("  pack / openssl dgst (files)      %.2f  (target <= 2)" %
          ratio(pack, med["openssl dgst (files)"]))
    print("  pack / zip -r -q -0              %.2f  (target <= 0.5)" %
          ratio(pack, med["zip -r -q -0"]))
    print("  (zip -r -q + sha256sum) / pack   %.1f  (target >= 10)" %
          ratio(med["zip -r -q + sha256sum"], pack))
    print("  verify / openssl dgst (archive)  %.2f  (target <= 1)" %
          ratio(med["eipack verify"], med["openssl dgst (archive)"]))
    print("  check: %.2f s (target < 2 s)" % med["eipack check"])
    print("  pack peak memory: %.1f MiB (target < 64)" %
          (peak["eipack pack --profile audit"] / 1024))
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
