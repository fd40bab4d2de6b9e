#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Benchmark eipack on a generated cohort against reference commands, in
one go and alternating, and print medians, ratios and peak memory.

    run.py EIPACK TREE [--runs N] [--out DIR] [--cold]

Each round runs, one after the other: eipack check, eipack pack --profile
audit (which reads the archive back before it succeeds), eipack verify,
`zip -r -q -0` (copying into a zip: the floor for writing an archive),
`zip -r -q` followed by `sha256sum` over every file (what someone does by
hand), `openssl dgst -sha256` over every file (the hashing floor),
`openssl dgst -sha256` over the archive (the floor for verify) and, for
scale, `cat` of every file into one file (copying the bytes once, into
the page cache, without a sync).  Time,
CPU and peak memory come from /usr/bin/time.

To be fair to every command:
- the command's inputs (the tree, or the archive) are read just before
  it, untimed, so every command finds them in the page cache even after
  the zip commands have written gigabytes;
- removing the previous output and `sync` run before each command,
  untimed, so that no command pays for writing back another's output;
  the zip commands' outputs are removed again just after them, so that
  the page cache holds the same for every command;
- pack syncs its archive before renaming it into place, so the two zip
  commands sync theirs too (`sync FILE`) inside their time;
- the machine's CPU time spent outside the measured command is counted,
  and a warning printed when other work took more than a tenth of it:
  eipack uses every core, the reference commands one.
- before each command, untimed, a scratch file as large as the tree is
  written and deleted.  On a virtual machine whose host takes back the
  guest's free memory, writing into pages that have been free for a while
  costs several times more than writing into pages just freed: one run
  of pack took 16 s instead of 8 s after the zip commands had freed 7.5 GB
  a minute earlier, and `cat` of the tree into one file 4.4 s instead of
  2.6 s.  Every command that writes (pack, the zip commands, cat) gets the
  same start.  `--cold` leaves this out.
`--out DIR` puts the archives elsewhere, e.g. /dev/shm to take the disk
out of the measurement.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile


def busy_ticks():
    """CPU ticks the whole machine has spent busy so far."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return sum(v) - v[3] - v[4]  # all but idle and iowait


def touch_memory(folder, size):
    """Write and delete a scratch file of size bytes, so that the page
    cache pages the next command writes into were in use a moment ago."""
    path = os.path.join(folder, "scratch")
    block = bytes(1 << 20)
    with open(path, "wb") as f:
        for _ in range(size // len(block) + 1):
            f.write(block)
    os.unlink(path)


def timed(cmd, env=None, prep=None, after=None, warm=None):
    """Wall seconds, peak KiB, CPU seconds of cmd and CPU seconds others
    used meanwhile.  prep runs first and after last, both untimed; warm is
    (folder, bytes) for touch_memory, or None."""
    if prep:
        subprocess.run(prep, shell=True, check=True)
    if warm:
        touch_memory(*warm)
    subprocess.run(["sync"], check=True)
    with tempfile.NamedTemporaryFile("r") as t:
        before = busy_ticks()
        subprocess.run(["/usr/bin/time", "-f", "%e %M %U %S", "-o", t.name,
                        "sh", "-c", cmd], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        busy = (busy_ticks() - before) / os.sysconf("SC_CLK_TCK")
        secs, kib, user, system = t.read().split()[-4:]
    if after:
        subprocess.run(after, shell=True, check=True)
    cpu = float(user) + float(system)
    return float(secs), int(kib), cpu, max(0.0, busy - cpu)


def main():
    args = sys.argv[1:]
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 3
    cold = "--cold" in args
    eipack, tree = os.path.abspath(args[0]), os.path.abspath(args[1])
    out = tempfile.mkdtemp(prefix="eipack-bench-")
    if "--out" in args:
        out = args[args.index("--out") + 1]
    env = dict(os.environ, SOURCE_DATE_EPOCH="1781000000")
    q = lambda s: "'" + s.replace("'", "'\\''") + "'"
    files = "find %s -type f -print0 | xargs -0 " % q(tree)
    archive = os.path.join(out, "a.zip")
    z0, z = os.path.join(out, "z0.zip"), os.path.join(out, "z.zip")
    copy = os.path.join(out, "copy")
    warm_tree = files + "cat >/dev/null"
    warm_archive = "cat %s >/dev/null" % q(archive)
    cmds = {
        "eipack check": ("%s check -q %s" % (q(eipack), q(tree)), warm_tree),
        "eipack pack --profile audit":
            ("%s pack -q --profile audit -o %s %s" % (
                q(eipack), q(archive), q(tree)),
             "rm -f %s %s.sha256; %s" % (q(archive), q(archive), warm_tree)),
        "eipack verify": ("%s verify -q %s" % (q(eipack), q(archive)),
                          warm_archive),
        "zip -r -q -0 (+ sync)":
            ("cd %s && zip -r -q -0 %s . && sync %s" % (q(tree), q(z0), q(z0)),
             "rm -f %s; %s" % (q(z0), warm_tree), "rm -f %s" % q(z0)),
        "zip -r -q (+ sync) + sha256sum":
            ("cd %s && zip -r -q %s . && sync %s && %s sha256sum >/dev/null" %
             (q(tree), q(z), q(z), files), "rm -f %s; %s" % (q(z), warm_tree),
             "rm -f %s" % q(z)),
        "openssl dgst (files)": (files + "openssl dgst -sha256 >/dev/null",
                                 warm_tree),
        "cat every file into one (copy)":
            (files + "cat >%s" % q(copy), "rm -f %s; %s" % (q(copy), warm_tree),
             "rm -f %s" % q(copy)),
        "openssl dgst (archive)":
            ("openssl dgst -sha256 %s >/dev/null" % q(archive), warm_archive),
    }
    size = sum(os.path.getsize(os.path.join(d, f))
               for d, _, fs in os.walk(tree) for f in fs)
    warm = None if cold else (out, size)
    results = {name: [] for name in cmds}
    for _ in range(runs):
        for name, step in cmds.items():
            prep, after = (list(step[1:]) + [None, None])[:2]
            results[name].append(timed(step[0], env, prep, after, warm))
    med = {n: statistics.median(r[0] for r in rs) for n, rs in results.items()}
    peak = {n: max(r[1] for r in rs) for n, rs in results.items()}
    cpu = {n: statistics.median(r[2] for r in rs) for n, rs in results.items()}
    others = sum(r[3] for rs in results.values() for r in rs)
    wall = sum(r[0] for rs in results.values() for r in rs)
    nfiles = sum(len(fs) for _, _, fs in os.walk(tree))
    print("tree: %s, %d files, %.2f GB; %d cores; %d runs each%s" % (
        tree, nfiles, size / 1e9, os.cpu_count(), runs,
        "; --cold" if cold else ""))
    print("%-32s %9s %9s %9s" % ("command", "median s", "CPU s", "peak MiB"))
    for n in cmds:
        print("%-32s %9.2f %9.2f %9.1f" % (n, med[n], cpu[n], peak[n] / 1024))
    print("every run, in seconds:")
    for n in cmds:
        print("  %-30s %s" % (n, " ".join("%.2f" % r[0] for r in results[n])))
    share = others / (wall * os.cpu_count()) if wall > 0 else 0.0
    print("other work on the machine meanwhile: %.0f%% of its CPU%s" % (
        100 * share, "  (WARNING: not idle)" if share > 0.1 else ""))
    pack = med["eipack pack --profile audit"]
    ratio = lambda a, b: a / b if b > 0 else float("inf")
    print("ratios:")
    print("  pack / openssl dgst (files)      %.2f  (target <= 2)" %
          ratio(pack, med["openssl dgst (files)"]))
    print("  pack / zip -r -q -0              %.2f  (target <= 0.5)" %
          ratio(pack, med["zip -r -q -0 (+ sync)"]))
    print("  (zip -r -q + sha256sum) / pack   %.1f  (target >= 10)" %
          ratio(med["zip -r -q (+ sync) + sha256sum"], pack))
    print("  verify / openssl dgst (archive)  %.2f  (target <= 1)" %
          ratio(med["eipack verify"], med["openssl dgst (archive)"]))
    print("  pack / cat (copying once)        %.2f  (for scale)" %
          ratio(pack, med["cat every file into one (copy)"]))
    print("  check: %.2f s (target < 2 s)" % med["eipack check"])
    print("  pack peak memory: %.1f MiB (target < 64)" %
          (peak["eipack pack --profile audit"] / 1024))
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
