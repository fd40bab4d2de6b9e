#!/bin/bash
# SPDX-License-Identifier: MIT
# Source the bash completion and ask it what it offers: commands, each
# command's options, option values, folders for COHORT, .zip for verify.
# usage: test_completion.sh docs/eipack.bash-completion
set -u
source "$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/cohort-a" "$work/cohort-b"
touch "$work/a.zip" "$work/notes.txt"
cd "$work" || exit 2
failed=0

# complete WORD... : run the function as bash would for that line.
complete_line()
{
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _eipack
    printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
}

expect()
{
    local want=$1
    shift
    local got
    got=$(complete_line "$@")
    if [[ $got != "$want" ]]; then
        echo "eipack $*: expected '$want', got '$got'"
        failed=1
    fi
}

expect "check " eipack ch
expect "init " eipack in
expect "learners " eipack le
expect "--csv " eipack init --c
expect "--no-sample " eipack pack --no
expect "json text " eipack check --format ""
expect "dir zip " eipack pack --format ""
expect "approval submission " eipack check --stage ""
expect "audit upload " eipack pack --profile ""
expect "cohort-a cohort-b " eipack check coh
expect "a.zip cohort-a cohort-b " eipack verify ""
expect "--xml " eipack rules --x
[[ $failed == 0 ]] && echo "completion: all cases pass"
exit $failed
