#!/bin/bash
# SPDX-License-Identifier: MIT
# Run the unit tests and a few end-to-end commands under valgrind's
# memcheck, failing on any memory error or definite/indirect leak.
#
#   tests/valgrind/run.sh [BUILD_DIR]
#
# BUILD_DIR is a Debug build without sanitizers (default build/debug, as
# made by tests/run-all); valgrind and AddressSanitizer cannot share a
# process.  Run from anywhere; commands run from the repository's root.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/debug}
eipack=$build/cmd/eipack/eipack
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
failed=0
echo "== valgrind (memcheck) on $build"

if ! command -v valgrind >/dev/null; then
    echo "valgrind is not installed (sh .ci/install-deps)" >&2
    exit 1
fi
if [ ! -x "$eipack" ]; then
    echo "no eipack in '$build': build it first (tests/run-all)" >&2
    exit 1
fi

# One command under memcheck; its log is shown only when it fails.  With
# STRICT=1 the command must also exit 0 (unit tests).
vg() {
    local name=$1
    shift
    local log="$out/$name.log"
    local rc=0
    TZ=UTC NO_COLOR=1 valgrind -q --leak-check=full \
        --show-leak-kinds=definite,indirect \
        --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
        --log-file="$log" "$@" >"$out/$name.out" 2>&1 || rc=$?
    # eipack's own exit statuses (1: findings, 2: could not run) are fine
    # here; 99 is valgrind's, anything else a crash.
    if [ "$rc" -eq 99 ] || [ "$rc" -gt 2 ] || [ -s "$log" ] ||
        { [ "${STRICT:-0}" = 1 ] && [ "$rc" -ne 0 ]; }; then
        echo "FAIL $name (status $rc)"
        cat "$log" "$out/$name.out"
        failed=1
    else
        echo "ok   $name"
    fi
}

for t in "$build"/tests/test_*; do
    if [ -x "$t" ] && [ -f "$t" ]; then
        STRICT=1 vg "unit-$(basename "$t")" "$t"
    fi
done

vg check-demo "$eipack" check --format json fixtures/demo-cohort
vg check-demo-xlsx "$eipack" check fixtures/demo-cohort-xlsx
vg check-demo-ods "$eipack" check fixtures/demo-cohort-ods
vg check-html "$eipack" check --html "$out/report.html" fixtures/demo-cohort
vg pack-audit "$eipack" pack --profile audit --jobs 2 --quiet \
    -o "$out/audit.zip" fixtures/demo-cohort
vg pack-upload "$eipack" pack --jobs 2 --quiet -o "$out/upload.zip" \
    fixtures/demo-cohort-xlsx
vg verify-audit "$eipack" verify "$out/audit.zip"
vg verify-upload "$eipack" verify "$out/upload.zip"
for c in csv-unterminated csv-utf16 xlsx-doctype-bomb xlsx-truncated \
         xlsx-error-cell xlsx-hidden-sheet names-scripts; do
    vg "bad-$c" "$eipack" check --format json "fixtures/bad/$c"
done
vg rules-invalid "$eipack" check \
    --rules fixtures/bad/rules-not-valid/rules.xml fixtures/demo-cohort

if [ "$failed" -ne 0 ]; then
    echo "valgrind found errors or leaks" >&2
    exit 1
fi
echo "valgrind: no errors, no leaks"
