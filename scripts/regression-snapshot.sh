#!/usr/bin/env bash
# Runs a fixed set of programs and the thesis experiment with a built simulator and stores
# every result file, so that a refactoring can be checked for byte-identical numbers:
#
#   scripts/regression-snapshot.sh OUT_DIR [BUILD_DIR]     (BUILD_DIR defaults to build/)
#   ... change the code, rebuild ...
#   scripts/regression-snapshot.sh OUT_DIR2 && diff -r OUT_DIR OUT_DIR2
#
# Each run's complete statistics (stats JSON: resolved config, exit, every statistic, ROI,
# snapshots, per-thread figures, console) and the thesis experiment's summary.csv/json are
# kept. A change that is meant to move a number shows up here as a diff to explain.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:?usage: regression-snapshot.sh OUT_DIR [BUILD_DIR]}"
build="${2:-$root/build}"
sim="$build/bin/uintrsim"
guest="$build/guest"
board="$root/configs/platforms/rocket-fpga.toml"
[ -x "$sim" ] || { echo "regression-snapshot: no simulator at $sim (build first)" >&2; exit 2; }
mkdir -p "$out"

# name | program | arguments
runs=(
  "compute_mix|compute_mix.elf|--config $board"
  "isa_uintr_ping|isa_uintr_ping_0to1.elf|--config $board"
  "uipi_latency|uipi_latency.elf|--config $board"
  "uipi_pingpong|uipi_pingpong.elf|--config $board"
  "kernel_costs|sel4test_kernel_costs.elf|--config $board --set kernel.enabled=true"
  "kernel_costs_functional|sel4test_kernel_costs.elf|--set kernel.enabled=true --set timing.mode=functional"
  "ipc_pingpong|sel4test_ipc_pingpong.elf|--set kernel.enabled=true"
  "ipc_pingpong_2core|sel4test_ipc_pingpong_2core.elf|--config $board --set kernel.enabled=true"
  "sync_map_bench|sync_map_bench.elf|--set kernel.enabled=true"
  "map_frame_2harts|sel4test_map_frame.elf|--config $board --set kernel.enabled=true"
  "objects|sel4test_objects.elf|--set kernel.enabled=true"
  "cap_transfer|sel4test_cap_transfer.elf|--set kernel.enabled=true"
  "cap_errors|sel4test_cap_errors.elf|--set kernel.enabled=true"
  "notification|sel4test_notification.elf|--set kernel.enabled=true"
  "fault_handler|sel4test_fault_handler.elf|--set kernel.enabled=true"
  "uintr_notify_2harts|sel4test_uintr_notify.elf|--config $board --set kernel.enabled=true"
  "syscall_fuzz|sel4test_syscall_fuzz.elf|--set kernel.enabled=true"
  "thesis_sync_n8|thesis_bench_sync.elf|--config $board --set kernel.enabled=true"
  "thesis_async_n8|thesis_bench_async.elf|--config $board --set kernel.enabled=true"
  "thesis_async_mutex|thesis_bench_async.elf|--config $board --set kernel.enabled=true --set kernel.async.queue=mutex"
  "thesis_async_fixed_core1|thesis_bench_async.elf|--config $board --set kernel.enabled=true --set kernel.async.placement=fixed --set kernel.async.core=1 --set kernel.async.protocol=fixed"
  "thesis_async_ipi|thesis_bench_async.elf|--config $board --set kernel.enabled=true --set kernel.async.placement=ipi --set kernel.async.protocol=fixed"
  "thesis_async_polling|thesis_bench_async.elf|--config $board --set kernel.enabled=true --set kernel.async.placement=polling --set kernel.async.core=1 --set kernel.async.protocol=fixed"
  "lost_wakeup_thesis|thesis_bench_async.elf|--config $board --set kernel.enabled=true --set kernel.async.placement=polling --set kernel.async.core=1 --set kernel.cost.async_offline_window=100000 --set platform.max_cycles=3000000000 --set kernel.async.protocol=thesis"
  "async_calls|sel4test_async_calls.elf|--config $board --set kernel.enabled=true --set kernel.tick_us=200"
  "async_fuzz|sel4test_async_fuzz.elf|--config $board --set kernel.enabled=true --set kernel.tick_us=20"
)
for r in "${runs[@]}"; do
  IFS='|' read -r name prog args <<<"$r"
  [ -f "$guest/$prog" ] || { echo "regression-snapshot: missing $guest/$prog" >&2; exit 2; }
  # shellcheck disable=SC2086
  rc=0
  "$sim" --quiet --elf "$guest/$prog" $args --stats-out "$out/$name.json" >"$out/$name.out" 2>&1 || rc=$?
  echo "exit status $rc" >>"$out/$name.out"
done
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
"$root/scripts/uintrsim-sweep" "$root/configs/experiments/thesis.toml" --sim "$sim" --results "$results" \
  --force >/dev/null
cp "$results"/thesis/summary.csv "$results"/thesis/summary.columns.csv "$results"/thesis/summary.json "$out/"
echo "regression-snapshot: ${#runs[@]} runs and the thesis summary in $out"
