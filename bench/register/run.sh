#!/bin/sh
# SPDX-License-Identifier: MIT
# Does `eipack check` stream a register?  Check the same cohort with a
# register of 1,000 rows and of 100,000 rows (and 100,000 rows as XLSX),
# and print time and peak memory of each beside Python's csv module
# reading the same 100,000-row file.  Peak memory must not grow with rows.
#
# usage: bench/register/run.sh PATH/TO/eipack
set -eu
eipack=${1:?usage: run.sh PATH/TO/eipack}
here=$(cd "$(dirname "$0")" && pwd)
dir=/tmp/eipack-bench-register
rm -rf "$dir"
mkdir -p "$dir"
/usr/bin/python3 "$here/make_register.py" "$dir"

measure() {
    /usr/bin/time -f '%e %M' -o "$dir/time.txt" "$@" >/dev/null 2>&1 || true
    cat "$dir/time.txt"
}

small=$(measure "$eipack" check "$dir/small")
large=$(measure "$eipack" check "$dir/large")
xlsx=$(measure "$eipack" check "$dir/large-xlsx")
python=$(measure /usr/bin/python3 -c 'import csv,sys
n = sum(1 for _ in csv.reader(open(sys.argv[1], encoding="utf-8")))' \
    "$dir/large/activities/G1/register.csv")
echo "eipack check, 1,000-row register:    $small (seconds, peak KiB)"
echo "eipack check, 100,000-row register:  $large"
echo "eipack check, 100,000-row XLSX:      $xlsx"
echo "python3 csv reading the 100,000 rows: $python"
echo "$small $large $python" | awk '{ printf "memory 100k/1k rows: %.2fx; time eipack/python csv: %.2fx\n",
    $4 / $2, ($3 > 0 ? $3 : 0.01) / ($5 > 0 ? $5 : 0.01) }'
