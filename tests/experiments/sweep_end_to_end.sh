#!/usr/bin/env bash
# Runs a small sweep twice with different -j, checks: the failing points are reported (exit 1,
# "FAILED", their log paths) while the others succeed; summaries are byte-identical; a third
# run skips every point already done; --force re-runs every point (their folders cleared) to
# the same summary; --set changes every point (new hashes, the setting in the summary); the
# summary's format (settings, types, units, provenance) and values (6 rows in sweep order,
# the status of each, and statistics that agree with each point's own stats.json).
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
# --force: every point runs again (a marker left in each point's folder is gone), no point is
# served from the cache, and the summary is the same.
for d in "$work"/a/small/points/*/; do touch "$d/marker"; done
out4=$(sweep a -j 2 --force 2>&1); s4=$?
[ $s4 -eq 1 ] || fail "--force: expected exit 1 (the failing points), got $s4: $out4"
[ "$(grep -c "(cached)" <<<"$out4")" -eq 0 ] || fail "--force served points from the cache: $out4"
[ -z "$(ls "$work"/a/small/points/*/marker 2>/dev/null)" ] || fail "--force left points untouched"
grep -q "4 of 6 points ok" <<<"$out4" || fail "--force: expected 4 of 6 points ok: $out4"
cmp "$work/a/small/summary.csv" "$work/b/small/summary.csv" || fail "summary changed after --force"
# --set on a fixed key: every point runs with it (none cached from a), and the summary says so.
cp -r "$work/a" "$work/c"
out5=$(sweep c -j 2 --set workload.epochs=3 2>&1); s5=$?
[ $s5 -eq 1 ] || fail "--set: expected exit 1, got $s5: $out5"
[ "$(grep -c "(cached)" <<<"$out5")" -eq 0 ] || fail "--set workload.epochs=3 served a point run with 2 epochs: $out5"
# The summary explains itself: every setting that differs from the defaults (swept first),
# typed values, units in summary.columns.csv, provenance in summary.json.
out=$(/usr/bin/python3 - "$work/a/small" "$work/c/small" <<'PY' 2>&1
import csv, json, os, sys
res, res_set = sys.argv[1], sys.argv[2]
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
# The values: one row per point in sweep order (concurrency outer, the zip inner), the
# failing points (async at the tiny cycle limit) marked so, and the statistics of each ok
# row equal to its point's own stats.json.
order = [(r["workload.concurrency"], r["workload.mode"], r["platform.max_cycles"]) for r in rows]
assert order == [(c, m, l) for c in ("2", "4") for m, l in
                 (("sync", "4000000000"), ("async", "4000000000"), ("async", "300000"))], order
assert [r["status"] for r in rows] == ["ok", "ok", "failed"] * 2, [r["status"] for r in rows]
for r, pt in zip(rows, doc["points"]):
    if r["status"] != "ok":
        continue
    st = json.load(open(os.path.join(res, "points", r["hash"], "stats.json")))
    n = int(r["workload.concurrency"])
    assert st["roi"]["rounds"]["value"] == n * 2, (r, st["roi"]["rounds"])
    assert pt["ticks_per_round"] == st["roi"]["ticks_per_round"]["value"] > 0, (pt, st["roi"]["ticks_per_round"])
    assert pt["trap_frequency"] == st["roi"]["trap_frequency"]["value"], pt
    if r["workload.mode"] == "sync":
        assert pt["trap_frequency"] == 1, pt  # every synchronous syscall traps
    else:
        assert 0 < pt["trap_frequency"] < 1, pt
# --set workload.epochs=3: a column of its own with 3 in every row, other hashes, 3 epochs run.
set_rows = list(csv.DictReader(open(os.path.join(res_set, "summary.csv"))))
assert [r["workload.epochs"] for r in set_rows] == ["3"] * 6, [r["workload.epochs"] for r in set_rows]
assert not {r["hash"] for r in set_rows} & {r["hash"] for r in rows}, "--set points share hashes with unset ones"
for r in set_rows:
    if r["status"] == "ok":
        st = json.load(open(os.path.join(res_set, "points", r["hash"], "stats.json")))
        assert st["roi"]["rounds"]["value"] == int(r["workload.concurrency"]) * 3, st["roi"]["rounds"]
print("summary ok")
PY
) || fail "summary format: $out"
echo "sweep end to end: ok"
