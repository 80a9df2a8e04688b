#!/usr/bin/env bash
# The thesis experiment at a few concurrency levels gives the same ROI cycle counts with the
# RTL UINTC as with the TLM model (both model 1 + 2 line stages; see rtl_models/README.md).
set -u
sim=$1 exp=$2
status=0
for n in 2 16 64; do
  for impl in tlm rtl; do
    "$sim" --config "$exp" --set workload.mode=async --set workload.concurrency=$n --set uintc.impl=$impl \
      --quiet --stats-out "/tmp/same_as_tlm_$$_$impl.json" || { echo "FAIL: run N=$n $impl"; exit 1; }
  done
  t=$(/usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['roi']['cycles']['value'])" /tmp/same_as_tlm_$$_tlm.json)
  r=$(/usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['roi']['cycles']['value'])" /tmp/same_as_tlm_$$_rtl.json)
  echo "N=$n: tlm $t cycles, rtl $r cycles"
  [ "$t" = "$r" ] || status=1
done
rm -f /tmp/same_as_tlm_$$_*.json
[ $status -eq 0 ] && echo "same as tlm: ok" || echo "FAIL: cycle counts differ"
exit $status
