#!/usr/bin/env bash
# A cached point is served only for the ELF and the simulator it ran with: after the guest
# ELF changes, or --sim names another simulator build, the driver says why and re-runs the
# point (keeping the old results under superseded/); reruns with nothing changed are cached
# and byte-identical; summary.json records the provenance (ELF and simulator sha256).
set -u
sim=$1 root=$2 work=$3
rm -rf "$work"; mkdir -p "$work/sim2/bin"
fail() { echo "FAIL: $*"; echo "$out"; exit 1; }
cp "$(dirname "$sim")/../guest/thesis_bench.elf" "$work/guest.elf"
cat >"$work/prov.toml" <<TOML
include = ["$root/configs/platforms/rocket-fpga.toml", "$root/configs/calibration/rel4-fpga.toml"]
[kernel]
enabled = true
[workload]
program = "$work/guest.elf"
epochs = 2
[sweep]
"workload.concurrency" = [2]
"workload.mode" = ["sync", "async"]
TOML
sweep() { /usr/bin/python3 "$root/scripts/uintrsim-sweep" "$work/prov.toml" --results "$work/r" -j 2 "$@" 2>&1; }
field() { /usr/bin/python3 -c "import json,sys; d=json.load(open('$work/r/prov/summary.json')); print($1)"; }

out=$(sweep --sim "$sim") || fail "first run failed"
cp "$work/r/prov/summary.json" "$work/first.json"
[ "$(field "d['provenance']['elf_sha256']['guest.elf']")" = "$(sha256sum <"$work/guest.elf" | cut -d' ' -f1)" ] ||
  fail "summary.json does not record the ELF's sha256"
[ "$(field "d['provenance']['simulator']['sha256']")" = "$(sha256sum <"$sim" | cut -d' ' -f1)" ] ||
  fail "summary.json does not record the simulator's sha256"
[ "$(field "d['provenance']['simulator']['revision']")" = "$("$sim" --version | sed -n 's/^source revision //p')" ] ||
  fail "summary.json does not record the simulator's source revision"

out=$(sweep --sim "$sim") || fail "rerun failed"
[ "$(grep -c "(cached)" <<<"$out")" -eq 2 ] || fail "an unchanged rerun should serve both points from the cache"
cmp -s "$work/first.json" "$work/r/prov/summary.json" || fail "summary.json changed on an unchanged rerun"

# The guest ELF changes (bytes appended: same program, different file).
printf 'rebuilt' >>"$work/guest.elf"
out=$(sweep --sim "$sim") || fail "run after the ELF change failed"
grep -q "re-running 2 cached points: the guest ELF changed (guest.elf: sha256 [0-9a-f]\{12\} -> [0-9a-f]\{12\})" <<<"$out" ||
  fail "no message about the changed ELF"
! grep -q "(cached)" <<<"$out" || fail "a point was served from the cache after its ELF changed"
[ "$(ls "$work/r/prov/superseded" | wc -l)" -eq 2 ] || fail "the previous results were not kept in superseded/"
[ "$(field "d['provenance']['elf_sha256']['guest.elf']")" = "$(sha256sum <"$work/guest.elf" | cut -d' ' -f1)" ] ||
  fail "summary.json records the old ELF"
out=$(sweep --sim "$sim") || fail "rerun after the ELF change failed"
[ "$(grep -c "(cached)" <<<"$out")" -eq 2 ] || fail "the re-run points should now be cached"

# Another simulator build (a copy with bytes appended: a different binary).
cp "$sim" "$work/sim2/bin/uintrsim"; printf 'rebuilt' >>"$work/sim2/bin/uintrsim"
out=$(sweep --sim "$work/sim2/bin/uintrsim") || fail "run with the other simulator failed"
grep -q "re-running 2 cached points: the simulator changed (sha256 [0-9a-f]\{12\} -> [0-9a-f]\{12\})" <<<"$out" ||
  fail "no message about the changed simulator"
! grep -q "(cached)" <<<"$out" || fail "a point was served from the cache after the simulator changed"
[ "$(field "d['provenance']['simulator']['sha256']")" = "$(sha256sum <"$work/sim2/bin/uintrsim" | cut -d' ' -f1)" ] ||
  fail "summary.json records the old simulator"
echo "sweep provenance: ok"
