#!/usr/bin/env bash
# The kernel fuzzers (workloads/sel4test/syscall_fuzz.c, async_fuzz.c) draw their inputs from
# workload.seed: the same seed gives byte-identical results, other seeds other system calls
# (different statistics, not only a different seed in the config).
#   fuzz_seeds.sh UINTRSIM GUEST_DIR OUT_DIR
set -euo pipefail
sim=$1 guests=$2 out=$3
mkdir -p "$out"
run() {  # program seed name [args...]
  local prog=$1 seed=$2 name=$3
  shift 3
  "$sim" --elf "$guests/$prog.elf" --set kernel.enabled=true --set workload.seed="$seed" --quiet \
         --stats-out "$out/$name.json" "$@" || { echo "FAIL: $prog with seed $seed exited $?"; exit 1; }
}
for s in 1 2 99; do run sel4test_syscall_fuzz "$s" sys_$s; done
run sel4test_syscall_fuzz 2 sys_2_again
for s in 1 2 99; do run sel4test_async_fuzz "$s" async_$s --set kernel.tick_us=20; done
run sel4test_async_fuzz 99 async_99_again --set kernel.tick_us=20
cmp "$out/sys_2.json" "$out/sys_2_again.json" || { echo "FAIL: syscall_fuzz: same seed, different results"; exit 1; }
cmp "$out/async_99.json" "$out/async_99_again.json" || { echo "FAIL: async_fuzz: same seed, different results"; exit 1; }
python3 - "$out" <<'PY'
import json, sys
d = sys.argv[1]
for prog in ("sys", "async"):
    runs = {s: json.load(open(f"{d}/{prog}_{s}.json")) for s in (1, 2, 99)}
    for s, r in runs.items():
        assert r["config"]["workload"]["seed"] == s, (prog, s)
        assert f"workload.seed = {s}" in r["console"], f"{prog}: seed {s} did not reach the guest"
    for a, b in ((1, 2), (1, 99), (2, 99)):
        assert runs[a]["stats"] != runs[b]["stats"], f"{prog}: seeds {a} and {b} gave the same statistics"
    key = "kernel.traps" if prog == "sys" else "kernel.async."
    print(prog, {s: {k: v["value"] for k, v in r["stats"].items() if k.startswith(key)} for s, r in runs.items()})
PY
echo "fuzz_seeds: OK"
