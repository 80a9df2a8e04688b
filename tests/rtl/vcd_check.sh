#!/usr/bin/env bash
# uintc.rtl_vcd writes a VCD of the RTL UINTC: a header, the UINTC's signals, value changes.
set -u
sim=$1 elf=$2 cfg=$3 vcd=$4
rm -f "$vcd"
"$sim" --config "$cfg" --elf "$elf" --set uintc.impl=rtl --set uintc.rtl_vcd="$vcd" --quiet || { echo "FAIL: run"; exit 1; }
grep -q '\$enddefinitions' "$vcd" || { echo "FAIL: no VCD header"; exit 1; }
grep -q 'usip' "$vcd" || { echo "FAIL: usip not traced"; exit 1; }
[ "$(grep -c '^#' "$vcd")" -ge 2 ] || { echo "FAIL: no value changes"; exit 1; }
echo "vcd ok: $(grep -c '^#' "$vcd") timestamps"
