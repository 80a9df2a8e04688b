#!/usr/bin/env bash
# --repeat K runs every point with K seeds (workload.seed = the configured seed, +1, ...) and
# folds them into the mean and a 95 % t-interval per statistic; the plotter draws the interval.
set -u
sim=$1 root=$2 work=$3
rm -rf "$work"; mkdir -p "$work"
fail() { echo "FAIL: $*"; echo "$out"; exit 1; }
cat >"$work/rep.toml" <<TOML
include = ["$root/configs/platforms/rocket-fpga.toml", "$root/configs/calibration/rel4-fpga.toml"]
[kernel]
enabled = true
[workload]
program = "thesis_bench"
epochs = 2
seed = 5
[sweep]
"workload.concurrency" = [2]
"workload.mode" = ["sync", "async"]
TOML
out=$(/usr/bin/python3 "$root/scripts/uintrsim-sweep" "$work/rep.toml" --sim "$sim" --results "$work/r" -j 2 --repeat 3 2>&1) ||
  fail "the repeated sweep failed"
grep -q "2 of 2 points ok (6 runs, 3 seeds each)" <<<"$out" || fail "expected 2 points of 3 runs each"
out=$(/usr/bin/python3 - "$work/r/rep" <<'PY' 2>&1
import csv, json, os, statistics, sys
res = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(res, "summary.csv"))))
doc = json.load(open(os.path.join(res, "summary.json")))
assert doc["repeat"] == 3, doc["repeat"]
assert "workload.seed" not in rows[0], "the seed is the folded axis, not a column"
for row, p in zip(rows, doc["points"]):
    assert row["repeats"] == "3", row["repeats"]
    seeds = [r["seed"] for r in p["runs"]]
    assert seeds == [5, 6, 7], seeds
    for r in p["runs"]:  # each run ran with its own seed
        st = json.load(open(os.path.join(res, "points", r["hash"], "stats.json")))
        assert st["config"]["workload"]["seed"] == r["seed"], (r, st["config"]["workload"]["seed"])
    for col in ("ticks_per_round", "roi_cycles"):
        vals = [r["stats"][col] for r in p["runs"]]
        mean, lo, hi = (float(row[c]) for c in (col, col + "_ci95_low", col + "_ci95_high"))
        assert abs(mean - statistics.mean(vals)) <= 1e-9 * abs(mean), (col, mean, vals)
        assert lo <= mean <= hi and abs((mean - lo) - (hi - mean)) <= 1e-6 * abs(mean), (lo, mean, hi)
        if len(set(vals)) > 1:
            assert lo < mean < hi, (col, lo, mean, hi)
        else:
            assert lo == mean == hi, (col, lo, mean, hi)
modes = {row["workload.mode"]: row for row in rows}
# the async runtime's jitter draws from the seed: its runs differ, so the interval is not empty
assert float(modes["async"]["roi_cycles_ci95_low"]) < float(modes["async"]["roi_cycles_ci95_high"]), modes["async"]
cols = [r["column"] for r in csv.DictReader(open(os.path.join(res, "summary.columns.csv")))]
assert cols == list(rows[0].keys()), "summary.columns.csv does not describe summary.csv's columns"
print("folding ok")
PY
) || fail "the folded summary is wrong"
out=$(/usr/bin/python3 "$root/scripts/uintrsim-plot" "$work/r/rep" --x workload.mode --y roi_cycles --out "$work/fig" 2>&1) ||
  fail "plotting the repeated sweep failed"
/usr/bin/python3 -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[1])))
sys.exit(0 if len(r) == 2 and all(x['ci95_low'] and x['ci95_high'] and x['runs'] == '3' for x in r) else 1)" "$work/fig.csv" ||
  { out=$(cat "$work/fig.csv"); fail "the plotted data has no interval for the repeated points"; }
out=$(/usr/bin/python3 "$root/scripts/uintrsim-sweep" "$work/rep.toml" --sim "$sim" --results "$work/r" --repeat 2 \
      --set workload.seed=1 2>&1) || fail "--repeat with a --set seed failed"
echo "sweep repeat: ok"
