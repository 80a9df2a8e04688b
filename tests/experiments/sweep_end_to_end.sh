#!/usr/bin/env bash
# Runs a small sweep twice with different -j and --force, checks: the failing point is
# reported (exit 1, "FAILED", their log paths) while the others succeed; summaries are
# byte-identical; a third run skips every point already done; the summary's format (settings,
# types, units, provenance).
set -u
sim=$1 root=$2 work=$3 exp=$4
rm -rf "$work"; mkdir -p "$work"
sweep() { /usr/bin/python3 "$root/scripts/uintrsim-sweep" "$exp" --sim "$sim" --results "$work/$1" "${@:2}"; }
out1=$(sweep a -j 1 2>&1); s1=$?
out2=$(sweep b -j 2 2>&1); s2=$?
fail() { echo "FAIL: $*"; echo "$out1"; exit 1; }
[ $s1 -eq 1 ] && [ $s2 -eq 1 ] || fail "expected exit 1 (one failing point), got $s1 and $s2"
grep -q "4 of 6 points ok" <<<"$out1" || fail "expected 4 of 6 points ok (two failing)"
grep -q "FAILED .*platform.max_cycles=300000" <<<"$out1" || fail "the failing point is not reported"
grep -q "console.log" <<<"$out1" || fail "no log path for the failure"
cmp "$work/a/small/summary.csv" "$work/b/small/summary.csv" || fail "summary.csv differs between -j 1 and -j 2"
cmp "$work/a/small/summary.json" "$work/b/small/summary.json" || fail "summary.json differs between -j 1 and -j 2"
out3=$(sweep a -j 2 2>&1)
[ "$(grep -c "(cached)" <<<"$out3")" -eq 4 ] || fail "a rerun should skip the 4 points already done"
cmp "$work/a/small/summary.csv" "$work/b/small/summary.csv" || fail "summary changed on rerun"
grep -q "sync" "$work/a/small/summary.csv" || fail "summary rows missing"
# The summary explains itself: every setting that differs from the defaults (swept first),
# typed values, units in summary.columns.csv, provenance in summary.json.
out=$(/usr/bin/python3 - "$work/a/small" <<'PY' 2>&1
import csv, json, os, sys
res = sys.argv[1]
with open(os.path.join(res, "summary.csv")) as f:
    header = next(csv.reader(f))
rows = list(csv.DictReader(open(os.path.join(res, "summary.csv"))))
units = {r["column"]: r for r in csv.DictReader(open(os.path.join(res, "summary.columns.csv")))}
doc = json.load(open(os.path.join(res, "summary.json")))
swept = ["platform.max_cycles", "workload.concurrency", "workload.mode"]
assert header[:3] == swept, header[:3]
for fixed in ("kernel.enabled", "workload.epochs", "workload.program", "platform.harts", "kernel.cost.page_map"):
    assert fixed in header, f"fixed setting {fixed} missing from summary.csv"
assert "workload.seed" not in header and "timing.mode" not in header, "a setting at its default is listed"
assert list(units) == header, "summary.columns.csv does not describe summary.csv's columns in order"
expect = {"workload.concurrency": ("coroutines", "swept"), "workload.epochs": ("epochs", "setting"),
          "ticks_per_round": ("ticks/round", "metric"), "cycles_per_round": ("cycles/round", "metric"),
          "trap_frequency": ("traps/syscall", "metric"), "roi_cycles": ("cycles", "metric")}
for col, (unit, kind) in expect.items():
    assert (units[col]["unit"], units[col]["kind"]) == (unit, kind), (col, units[col])
assert rows[0]["workload.concurrency"] == "2" and rows[0]["workload.mode"] == "sync", rows[0]
assert rows[0]["kernel.enabled"] == "true" and rows[0]["workload.epochs"] == "2", rows[0]
p = doc["points"][0]
assert isinstance(p["workload.concurrency"], int) and isinstance(p["platform.max_cycles"], int), p
assert p["workload.mode"] == "sync" and p["kernel.enabled"] is True and isinstance(p["ticks_per_round"], float), p
assert doc["columns"]["ticks_per_round"]["unit"] == "ticks/round"
prov = doc["provenance"]
assert set(prov["simulator"]) == {"version", "revision", "sha256"} and len(prov["simulator"]["sha256"]) == 64, prov
assert len(prov["elf_sha256"]["thesis_bench.elf"]) == 64, prov
assert p["elf"] == {"file": "thesis_bench.elf", "sha256": prov["elf_sha256"]["thesis_bench.elf"]}, p["elf"]
print("summary ok")
PY
) || fail "summary format: $out"
echo "sweep end to end: ok"
