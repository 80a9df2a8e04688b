#!/usr/bin/env bash
# The thesis experiment at a few concurrency levels gives the same results with the RTL
# (UINTC and uipi.send engines, uintc.impl = rtl) as with the SystemC models: the exit, the
# console output, the ROI figures and every statistic of the run, cycle counts included (both
# UINTCs model 1 + 2 line stages and both engines the Rocket FSM; see rtl_models/README.md).
set -u
sim=$1 exp=$2
status=0
for n in 2 16 64; do
  for impl in tlm rtl; do
    "$sim" --config "$exp" --set workload.mode=async --set workload.concurrency=$n --set uintc.impl=$impl \
      --quiet --stats-out "/tmp/same_as_tlm_$$_$impl.json" || { echo "FAIL: run N=$n $impl"; exit 1; }
  done
  /usr/bin/python3 - "/tmp/same_as_tlm_$$_tlm.json" "/tmp/same_as_tlm_$$_rtl.json" "$n" <<'PY' || status=1
import json, sys
t, r = (json.load(open(p)) for p in sys.argv[1:3])
n = sys.argv[3]
diffs = [k for k in ("exit", "console", "roi", "snapshots", "threads") if t.get(k) != r.get(k)]
diffs += [k for k in sorted(set(t["stats"]) | set(r["stats"])) if t["stats"].get(k) != r["stats"].get(k)]
print(f"N={n}: tlm {t['roi']['cycles']['value']} cycles, rtl {r['roi']['cycles']['value']} cycles; "
      f"{len(t['stats'])} statistics, uintc.sends {t['stats']['uintc.sends']['value']}")
for k in diffs[:10]:
    print(f"  differs: {k}")
sys.exit(1 if diffs else 0)
PY
done
rm -f /tmp/same_as_tlm_$$_*.json
[ $status -eq 0 ] && echo "same as tlm: ok" || echo "FAIL: results differ"
exit $status
