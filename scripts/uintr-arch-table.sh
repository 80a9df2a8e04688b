#!/usr/bin/env bash
# The UINTR micro-benchmarks on both user-interrupt architectures (docs/uintr-posted.md
# "Comparison"): one-way latency (uipi.send / senduipi on hart 0 to the receiver's first
# handler instruction on hart 1, minimum of 16) and ping-pong round trip (1000 round trips
# through the full C handler), for the UINTC and for posted interrupts with both delivery
# strategies, with the Rocket-class defaults and with the Sapphire Rapids profile. Prints a
# Markdown table (cycles), with a third column from the workload library: uintr_ipc's
# user-level IPC between two cores under the kernel model (one request in flight, one
# notification per request and per reply: ROI cycles per request). Deterministic: the same
# build prints the same table.
#
#   scripts/uintr-arch-table.sh [BUILD_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
sim="$build/bin/uintrsim"
guest="$build/guest"
board="$root/configs/platforms/rocket-fpga.toml"
spr="$root/configs/calibration/sapphire-rapids.toml"
[ -x "$sim" ] || { echo "uintr-arch-table: no simulator at $sim (build first)" >&2; exit 2; }

# run PROGRAM ARGS... -> the figure the program prints
latency() { "$sim" --elf "$guest/$1.elf" --config "$board" "${@:2}" 2>/dev/null | sed -n 's/.*: min \([0-9]*\) cycles.*/\1/p'; }
roundtrip() { "$sim" --elf "$guest/$1.elf" --config "$board" "${@:2}" 2>/dev/null | sed -n 's/.*: \([0-9]*\) cycles per round trip.*/\1/p'; }
ipc() {
  local stats
  stats=$(mktemp)
  "$sim" --quiet --elf "$guest/uintr_ipc.elf" --config "$root/configs/experiments/uintr_ipc.toml" \
    --set workload.args.requests=256 --set workload.concurrency=1 --set workload.mode=async \
    --set workload.args.words=1 --set platform.harts=2 --set workload.args.server_core=1 "$@" \
    --stats-out "$stats" >/dev/null 2>&1 || { rm -f "$stats"; return; }
  /usr/bin/python3 -c "import json,sys; print(round(json.load(open(sys.argv[1]))['roi']['cycles_per_round']['value']))" "$stats"
  rm -f "$stats"
}
row() {  # label suffix args...
  local label=$1 suffix=$2; shift 2
  local l r i
  l=$(latency "uipi_latency$suffix" "$@"); r=$(roundtrip "uipi_pingpong$suffix" "$@"); i=$(ipc "$@")
  [ -n "$l" ] && [ -n "$r" ] && [ -n "$i" ] || { echo "uintr-arch-table: $label: a benchmark failed" >&2; exit 1; }
  printf '| %s | %s | %s | %s |\n' "$label" "$l" "$r" "$i"
}
echo "| architecture, costs | one-way latency (cycles, min of 16) | ping-pong round trip (cycles, mean of 1000) | uintr_ipc, 2 cores (cycles per request) |"
echo "|---|---|---|---|"
row "UINTC (uipi.send), rocket-fpga" ""
row "posted, delivery = flush, Rocket-class defaults" "_posted" --set uintr.arch=posted
row "posted, delivery = tracked, Rocket-class defaults" "_posted" --set uintr.arch=posted --set uintr.delivery=tracked
row "posted, delivery = flush, sapphire-rapids.toml" "_posted" --config "$spr"
row "posted, delivery = tracked, sapphire-rapids.toml" "_posted" --config "$spr" --set uintr.delivery=tracked
