#!/usr/bin/env bash
# Runs the official riscv-tests ELFs in $RISCV_TESTS_ELF_DIR in both timing modes;
# exit 77 (CTest: skipped) when the folder is not given.
set -u
sim=$1
dir=${2:-${RISCV_TESTS_ELF_DIR:-}}
if [ -z "$dir" ] || [ ! -d "$dir" ]; then
  echo "RISCV_TESTS_ELF_DIR not set: official riscv-tests skipped (see docs/conformance.md)"
  exit 77
fi
root=$(cd "$(dirname "$0")/../.." && pwd)
status=0
for mode in functional inorder; do
  echo "timing.mode=$mode:"
  "$root/scripts/run-elf-suite.sh" --sim "$sim" "$dir" -- --set timing.mode=$mode || status=1
done
exit $status
