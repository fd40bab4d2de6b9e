#!/bin/sh
# SPDX-License-Identifier: MIT
# Fail when a C source of the repository is not laid out as .clang-format
# says; print the files and how to fix them.
set -eu
cd "$(dirname "$0")/.."
bad=0
for f in $(git ls-files 'pkg/*.[ch]' 'cmd/*.[ch]' 'tests/*.[ch]' \
    'bench/*.[ch]' 2>/dev/null || find pkg cmd tests bench -name '*.[ch]'); do
    if ! clang-format --style=file --dry-run -Werror "$f" 2>/dev/null; then
        echo "not formatted: $f"
        bad=1
    fi
done
if [ "$bad" -ne 0 ]; then
    echo "run: clang-format -i --style=file FILE"
    exit 1
fi
echo "format: every C source follows .clang-format"
