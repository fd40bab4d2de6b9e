#!/bin/bash
# SPDX-License-Identifier: MIT
# Build the .deb with cpack from a configured build folder, unpack it into
# a throwaway root with dpkg -x (nothing is installed on the system), and
# use what it holds: eipack checks the demo cohort, man reads the page,
# the completion and the rules are in place.
# usage: test_deb.sh BUILD_DIR   (run from the top of the source tree)
set -euo pipefail
build=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
    echo "FAIL: $*"
    exit 1
}

cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" \
    >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; fail "cpack"; }
deb=$(ls "$work"/out/*.deb)
echo "ok: built $(basename "$deb")"

depends=$(dpkg-deb -f "$deb" Depends)
[[ $depends == *libxlsxwriter* && $depends == *libzip* ]] ||
    fail "Depends lacks the shared libraries: $depends"
echo "ok: Depends: $depends"

dpkg -x "$deb" "$work/root"
for f in usr/bin/eipack usr/share/bash-completion/completions/eipack \
    usr/share/eipack/eipack-rules.xml; do
    [[ -e $work/root/$f ]] || fail "$f is not in the package"
done
page=$(ls "$work"/root/usr/share/man/man1/eipack.1*)

"$work/root/usr/bin/eipack" check --quiet fixtures/demo-cohort ||
    fail "the packaged eipack does not check the demo cohort"
echo "ok: the packaged eipack checks the demo cohort"

MANWIDTH=80 man -l "$page" 2>&1 | grep -q "eipack init" ||
    fail "man -l cannot read $page"
echo "ok: man -l reads the packaged page"
