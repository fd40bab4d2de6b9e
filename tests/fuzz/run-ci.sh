#!/bin/bash
# SPDX-License-Identifier: MIT
# Build the libFuzzer targets with clang in build/fuzz and run each for a
# short while (FUZZ_SECONDS, default 30) on a copy of its committed seed
# corpus.  Fails when a target finds a crash, leak, timeout or memory
# blow-up; the input is left in build/fuzz/artifacts/<target>/ and is
# replayed with: build/fuzz/tests/fuzz/fuzz_<target> FILE
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${FUZZ_SECONDS:-30}
jobs=$(nproc 2>/dev/null || echo 2)
targets="csv sheet rules cohort verify"

CC=clang cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DEIPACK_FUZZ=ON -DEIPACK_TESTS=OFF >/dev/null
for t in $targets; do
    cmake --build build/fuzz -j"$jobs" --target "fuzz_$t" >/dev/null
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=""
for t in $targets; do
    art=build/fuzz/artifacts/$t
    rm -rf "$art"
    mkdir -p "$art" "$work/$t"
    cp tests/fuzz/corpus/"fuzz_$t"/* "$work/$t/"
    dict=()
    if [ "$t" = rules ]; then
        dict=(-dict=tests/fuzz/rules.dict)
    fi
    echo "== fuzz_$t for ${seconds}s"
    if ! TMPDIR=$work build/fuzz/tests/fuzz/"fuzz_$t" "${dict[@]}" \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
        -artifact_prefix="$art/" -print_final_stats=1 \
        "$work/$t" >"$art/log" 2>&1; then
        failed="$failed fuzz_$t"
        tail -n 60 "$art/log"
    fi
    grep -E '^stat::number_of_executed_units|DONE' "$art/log" || true
done
if [ -n "$failed" ]; then
    echo "fuzzing found a problem in:$failed (inputs in build/fuzz/artifacts)"
    exit 1
fi
