#!/usr/bin/env bash
# Runs the official riscv-tests ELFs in RISCV_TESTS_ELF_DIR in both timing modes.
#
# usage: run_official.sh SIM [DIR]   (DIR defaults to $RISCV_TESTS_ELF_DIR)
# Exit 77 (CTest: skipped) only when no folder is given at all. A folder that is given must
# exist and hold every program of expected_programs.txt: a missing folder or missing programs
# fail, naming what is missing, before anything runs.
set -u
sim=$1
dir=${2:-${RISCV_TESTS_ELF_DIR:-}}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ -z "$dir" ]; then
  echo "RISCV_TESTS_ELF_DIR not set: official riscv-tests skipped (see docs/conformance.md)"
  exit 77
fi
if [ ! -d "$dir" ]; then
  echo "FAIL: RISCV_TESTS_ELF_DIR=$dir is not a folder (see docs/conformance.md)"
  exit 1
fi
expected=$(grep -v '^#' "$here/expected_programs.txt")
n_expected=$(wc -l <<<"$expected")
missing=""
for p in $expected; do
  [ -f "$dir/$p" ] || missing+=" $p"
done
if [ -n "$missing" ]; then
  n_missing=$(wc -w <<<"$missing")
  echo "FAIL: $dir lacks $n_missing of the $n_expected expected official riscv-tests programs:$missing"
  exit 1
fi
echo "$dir: all $n_expected expected programs present"
status=0
for mode in functional inorder; do
  echo "timing.mode=$mode:"
  out=$("$root/scripts/run-elf-suite.sh" --sim "$sim" "$dir" -- --set timing.mode=$mode) || status=1
  echo "$out"
  # Every expected program ran and passed (the folder may hold more).
  passed=$(tail -1 <<<"$out" | sed -n 's/^\([0-9]*\) passed, .*/\1/p')
  if [ -z "$passed" ] || [ "$passed" -lt "$n_expected" ]; then
    echo "FAIL: timing.mode=$mode: ${passed:-no} programs passed, expected at least $n_expected"
    status=1
  fi
done
[ $status -eq 0 ] && echo "official riscv-tests: OK"
exit $status
