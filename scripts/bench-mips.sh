#!/usr/bin/env bash
# Simulator speed benchmark (not a test): runs the compute-mix guest on one hart in
# functional and in-order timing modes and prints simulated MIPS (guest instructions per
# host second, whole process, best of N runs). With SPIKE=/path/to/spike it runs the same
# ELF on Spike for comparison. Then two trap storms: a guest that jumps to unmapped memory
# with mtvec = 0 (an instruction access fault over and over, in-order timing) and one whose
# ecall handler returns to the ecall (functional timing), with the storm detector off and a
# cycle limit; they print simulated cycles per host second.
#
#   scripts/bench-mips.sh [--runs N] [--build DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build"
runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--build DIR]" >&2; exit 2 ;;
  esac
done
sim="$build/bin/uintrsim"
elf="$build/guest/compute_mix.elf"
[ -x "$sim" ] && [ -f "$elf" ] || { echo "build first: cmake --preset release && cmake --build build" >&2; exit 2; }

now() { date +%s.%N; }
best_time() {  # best wall time of $runs runs of "$@"
  local best="" t0 t1 dt
  for _ in $(seq "$runs"); do
    t0=$(now); "$@" >/dev/null 2>&1 || true; t1=$(now)
    dt=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')
    if [ -z "$best" ] || awk -v d="$dt" -v b="$best" 'BEGIN { exit !(d < b) }'; then best=$dt; fi
  done
  echo "$best"
}

# Instructions retired by the guest (from the simulator's own statistics).
stats=$(mktemp); trap 'rm -f "$stats"' EXIT
"$sim" --elf "$elf" --set timing.mode=functional --quiet --stats-out "$stats" >/dev/null
instret=$(/usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['stats']['hart0.instret']['value'])" "$stats")

printf "compute_mix: %d instructions, best of %d runs, whole process wall time\n" "$instret" "$runs"
for mode in functional inorder; do
  t=$(best_time "$sim" --elf "$elf" --set timing.mode=$mode --quiet)
  printf "  uintrsim %-10s %8.3f s  %7.1f MIPS\n" "$mode" "$t" "$(awk -v n="$instret" -v t="$t" 'BEGIN { print n / t / 1e6 }')"
done
if [ -n "${SPIKE:-}" ]; then
  # The HTIF-only build of the same program (Spike has no sim-control device).
  t=$(best_time "$SPIKE" --isa=rv64imac_zicsr_zifencei_zicntr -m0x80000000:0x10000000 \
      "$build/guest/compute_mix_htif.elf")
  printf "  spike    %-10s %8.3f s  %7.1f MIPS\n" "" "$t" "$(awk -v n="$instret" -v t="$t" 'BEGIN { print n / t / 1e6 }')"
fi

# Trap storms: cycles simulated per host second until platform.max_cycles.
storm_cycles=20000000
printf "trap storms: %d cycles each, best of %d runs, whole process wall time\n" "$storm_cycles" "$runs"
storm() {  # label elf mode
  local label=$1 elf=$2 mode=$3 t
  [ -f "$elf" ] || { printf "  %-28s (no %s: build the tests)\n" "$label" "$(basename "$elf")"; return; }
  t=$(best_time "$sim" --elf "$elf" --set timing.mode="$mode" --set platform.trap_storm_traps=0 \
      --set platform.max_cycles=$storm_cycles --quiet)
  printf "  %-28s %8.3f s  %7.1f M cycles/s\n" "$label" "$t" "$(awk -v n="$storm_cycles" -v t="$t" 'BEGIN { print n / t / 1e6 }')"
}
storm "fetch-fault storm, inorder" "$build/guest/it_storm_unmapped.elf" inorder
storm "ecall storm, functional" "$build/guest/it_storm_return_same.elf" functional
