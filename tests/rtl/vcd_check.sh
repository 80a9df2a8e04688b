#!/usr/bin/env bash
# uintc.rtl_vcd writes a VCD of the RTL UINTC (a header, the UINTC's signals, value changes)
# and one per hart of its RTL uipi.send engine.
set -u
sim=$1 elf=$2 cfg=$3 vcd=$4
rm -f "$vcd"
"$sim" --config "$cfg" --elf "$elf" --set uintc.impl=rtl --set uintc.rtl_vcd="$vcd" --quiet || { echo "FAIL: run"; exit 1; }
grep -q '\$enddefinitions' "$vcd" || { echo "FAIL: no VCD header"; exit 1; }
grep -q 'usip' "$vcd" || { echo "FAIL: usip not traced"; exit 1; }
[ "$(grep -c '^#' "$vcd")" -ge 2 ] || { echo "FAIL: no value changes"; exit 1; }
# ... and the send engine of each hart beside it (x.vcd -> x.send<h>.vcd).
send="${vcd%.vcd}.send0.vcd"
[ -f "$send" ] || { echo "FAIL: no send-engine VCD $send"; exit 1; }
grep -q ' state ' "$send" && grep -q 'mem_req_addr' "$send" || { echo "FAIL: send-engine signals not traced"; exit 1; }
[ "$(grep -c '^#' "$send")" -ge 2 ] || { echo "FAIL: no value changes in $send"; exit 1; }
echo "vcd ok: $(grep -c '^#' "$vcd") timestamps"
