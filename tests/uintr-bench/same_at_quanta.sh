#!/usr/bin/env bash
# Runs a micro-benchmark at quantum 1, 1000 and 10000 cycles and with the verilated UINTC and
# send engines (uintc.impl = rtl); docs/figures.md says its figures are the same in all four
# runs. Every run must exit 0 and print the same figures (the lines with "cycles"), and there
# must be figures.
set -u
sim=$1 elf=$2 cfg=$3
ref="" refq=""
for q in 1 1000 10000 rtl; do
  if [ $q = rtl ]; then set -- --set uintc.impl=rtl; else set -- --set platform.quantum_cycles=$q; fi
  out=$("$sim" --config "$cfg" --elf "$elf" "$@" 2>&1); st=$?
  if [ $st -ne 0 ]; then
    printf 'FAIL: benchmark exited %s at quantum %s\n%s\n' "$st" "$q" "$out"; exit 1
  fi
  figs=$(grep cycles <<<"$out")
  if [ -z "$figs" ]; then
    printf 'FAIL: no figures (lines with "cycles") at quantum %s\n%s\n' "$q" "$out"; exit 1
  fi
  if [ -z "$refq" ]; then
    ref=$figs refq=$q
  elif [ "$figs" != "$ref" ]; then
    printf 'FAIL: figures differ between quantum %s and %s (rtl: uintc.impl = rtl):\n--- quantum %s\n%s\n--- quantum %s\n%s\n' \
      "$refq" "$q" "$refq" "$ref" "$q" "$figs"
    exit 1
  fi
done
echo "$ref"
echo "same figures at quantum 1, 1000 and 10000 and with uintc.impl = rtl"
