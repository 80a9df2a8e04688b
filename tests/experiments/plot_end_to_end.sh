#!/usr/bin/env bash
# scripts/uintrsim-plot on a small sweep with failing points: a figure of the good points with
# the thesis reference (PNG + PDF + the plotted data as CSV); a selection that matches no
# points, one that drops the failed points, and points that fall on one spot each fail with
# a message and status 2, writing no figure.
set -u
sim=$1 root=$2 work=$3 exp=$4
rm -rf "$work"; mkdir -p "$work"
fail() { echo "FAIL: $*"; echo "$out"; exit 1; }
/usr/bin/python3 "$root/scripts/uintrsim-sweep" "$exp" --sim "$sim" --results "$work/r" -j 2 >/dev/null 2>&1
res="$work/r/$(basename "$exp" .toml)"
[ -s "$res/summary.json" ] || { out=""; fail "the sweep wrote no summary"; }
plot() { /usr/bin/python3 "$root/scripts/uintrsim-plot" "$res" --x workload.concurrency "$@" 2>&1; }

out=$(plot --y ticks_per_round,trap_frequency --series workload.mode --where platform.max_cycles=4000000000 --logx \
      --reference "$root/configs/reference/thesis_fpga.csv" --label 'async=async, 2 cores' --style paper-1col \
      --out "$work/fig/ok") || fail "a valid figure failed"
grep -q "4 points in 2 series, 1 reference" <<<"$out" || fail "expected 4 points in 2 series and the reference"
for ext in png pdf csv; do [ -s "$work/fig/ok.$ext" ] || fail "no ok.$ext"; done
[ "$(head -c 8 "$work/fig/ok.png" | od -An -tx1 | tr -d ' ')" = "89504e470d0a1a0a" ] || fail "ok.png is not a PNG"
[ "$(head -c 5 "$work/fig/ok.pdf")" = "%PDF-" ] || fail "ok.pdf is not a PDF"
out=$(/usr/bin/python3 - "$work/fig/ok.csv" "$res/summary.csv" <<'PY' 2>&1
import csv, sys
plotted = list(csv.DictReader(open(sys.argv[1])))
summary = {(r["workload.mode"], r["workload.concurrency"]): r for r in csv.DictReader(open(sys.argv[2]))
           if r["platform.max_cycles"] == "4000000000"}
sim = [r for r in plotted if r["source"] == "uintrsim"]
assert len(sim) == 8, len(sim)  # 4 points x 2 panels
for r in sim:
    assert float(r["value"]) == float(summary[(r["workload.mode"], r["workload.concurrency"])][r["metric"]]), r
    assert r["unit"] == {"ticks_per_round": "ticks/round", "trap_frequency": "traps/syscall"}[r["metric"]], r
ref = [r for r in plotted if r["source"] == "thesis FPGA"]
# the reference rows of the points' settings (two harts), both panels; no
# trap frequency for sync
assert {(r["metric"], r["series"]) for r in ref} == {("ticks_per_round", "sync"), ("ticks_per_round", "async, 2 cores"),
                                                     ("trap_frequency", "async, 2 cores")}, ref
assert any(r["workload.concurrency"] == "2" and r["value"] == "23161" for r in ref), "thesis async N = 2 on two cores missing"
print("plotted data ok")
PY
) || fail "plotted data: $out"

out=$(plot --y ticks_per_round --series workload.mode --where workload.mode=asnyc --out "$work/fig/none"); status=$?
[ $status -eq 2 ] || fail "a selection matching nothing should exit 2, got $status"
grep -q "the selection matches no points: --where workload.mode=asnyc, but workload.mode is sync or async" <<<"$out" ||
  fail "no message for an empty selection"

out=$(plot --y ticks_per_round --series workload.mode --out "$work/fig/dropped"); status=$?
[ $status -eq 2 ] || fail "a selection that drops points should exit 2, got $status"
grep -q "2 of 6 selected points cannot be drawn" <<<"$out" && grep -q "platform.max_cycles=300000 .*: the point failed" <<<"$out" ||
  fail "no message naming the dropped points"

out=$(plot --y no_such_metric --out "$work/fig/unknown"); status=$?
[ $status -eq 2 ] && grep -q "no such statistic" <<<"$out" || fail "an unknown metric should fail with a message"

out=$(plot --y ticks_per_round --where platform.max_cycles=4000000000 --out "$work/fig/spot"); status=$?
[ $status -eq 2 ] || fail "points on one spot should exit 2, got $status"
grep -q "2 points fall on one spot (workload.concurrency = 2): they differ in workload.mode (async vs sync)" <<<"$out" ||
  fail "no message for points that differ in a setting not drawn"

for f in none dropped unknown spot; do [ ! -e "$work/fig/$f.png" ] || fail "a failed plot wrote $f.png"; done
out=$(plot --y ticks_per_round --series workload.mode --allow-dropped --out "$work/fig/partial") ||
  fail "--allow-dropped should draw the others"
grep -q "warning: 2 of 6 selected points cannot be drawn" <<<"$out" || fail "--allow-dropped must still name the dropped points"
echo "plot end to end: ok"
