#!/usr/bin/env bash
# Runs a small sweep twice with different -j and --force, checks: the failing point is
# reported (exit 1, "FAILED", their log paths) while the others succeed; summaries are
# byte-identical; a third run skips every point already done; the figure script works.
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
grep -q "^2,2,sync" "$work/a/small/summary.csv" || grep -q "sync" "$work/a/small/summary.csv" || fail "summary rows missing"
/usr/bin/python3 "$root/scripts/plot_thesis.py" "$work/a/small" >/dev/null || fail "plot script failed"
for f in cycles_per_round.png cycles_per_round.pdf trap_frequency.png trap_frequency.pdf; do
  [ -s "$work/a/small/figures/$f" ] || fail "missing figure $f"
done
echo "sweep end to end: ok"
