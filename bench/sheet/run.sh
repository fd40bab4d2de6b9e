#!/bin/sh
# SPDX-License-Identifier: MIT
# Time eipack_sheet_dump beside xlsx2csv on the same 100,000-row workbook.
#
# usage: bench/sheet/run.sh PATH/TO/eipack_sheet_dump
# Needs python3-openpyxl and xlsx2csv (Debian packages).  The workbook is
# written once under /tmp and reused.
set -eu
dump=${1:?usage: run.sh PATH/TO/eipack_sheet_dump}
here=$(cd "$(dirname "$0")" && pwd)
dir=/tmp/eipack-bench
book=$dir/register-100k.xlsx
mkdir -p "$dir"
if [ ! -f "$book" ]; then
    /usr/bin/python3 "$here/../../fixtures/sheets/make_sheets.py" --big "$book"
fi

# One run: prints "seconds peak-KiB" of the command, output discarded.
measure() {
    /usr/bin/time -f '%e %M' -o "$dir/time.txt" "$@" >"$dir/out.csv"
    cat "$dir/time.txt"
}

echo "workbook: $book ($(du -k "$book" | cut -f1) KiB)"
ours=$(measure "$dump" "$book")
rows=$(wc -l <"$dir/out.csv")
theirs=$(measure xlsx2csv "$book")
echo "eipack_sheet_dump: $ours (seconds, peak KiB), $rows rows"
echo "xlsx2csv:          $theirs (seconds, peak KiB)"
echo "$ours $theirs" | awk '{ printf "speed-up: %.1fx, memory: %.1fx less\n",
    ($3 > 0 ? $3 : 0.01) / ($1 > 0 ? $1 : 0.01), $4 / $2 }'
