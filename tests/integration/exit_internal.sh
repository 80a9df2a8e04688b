#!/usr/bin/env bash
# Exit status 126 (an internal error, docs/experiments.md): the host cannot give the guest its
# RAM. Under an address-space limit of ~400 MB a 1 GiB platform.ram_size cannot be allocated;
# uintrsim must say so and exit 126, not crash or exit 0.
#   exit_internal.sh SIM ELF
set -u
sim=$1 elf=$2
if nm "$sim" 2>/dev/null | grep -q __asan_init; then
  echo "exit_internal: skipped: an address-space limit is incompatible with AddressSanitizer's shadow memory"
  exit 77
fi
out=$( (ulimit -v 400000; "$sim" --elf "$elf" --set platform.ram_size=0x40000000 --quiet) 2>&1)
rc=$?
want="uintrsim: internal error: cannot allocate 1073741824 bytes of guest RAM"
if [ "$rc" -eq 126 ] && grep -qF "$want" <<<"$out"; then
  echo "exit_internal: OK (exit 126: $want)"
else
  echo "exit_internal: FAIL: exit $rc, output: $out"
  exit 1
fi
