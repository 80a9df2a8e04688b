#!/usr/bin/env bash
# Runs a micro-benchmark at quantum 1 and at 1000 cycles; both runs must exit 0 and print
# the same figures (the lines with "cycles").
set -u
sim=$1 elf=$2 cfg=$3
outq=$("$sim" --config "$cfg" --elf "$elf" --set platform.quantum_cycles=1000 2>/dev/null; echo "exit=$?")
outq1=$("$sim" --config "$cfg" --elf "$elf" --set platform.quantum_cycles=1 2>/dev/null; echo "exit=$?")
echo "$outq"
if ! grep -q '^exit=0$' <<<"$outq" || ! grep -q '^exit=0$' <<<"$outq1"; then
  echo "FAIL: benchmark did not exit 0"; exit 1
fi
a=$(grep cycles <<<"$outq1"); b=$(grep cycles <<<"$outq")
if [ -z "$a" ] || [ "$a" != "$b" ]; then
  printf 'FAIL: figures differ between quantum 1 and 1000:\n--- quantum 1\n%s\n--- quantum 1000\n%s\n' "$a" "$b"
  exit 1
fi
echo "same figures at quantum 1 and 1000"
