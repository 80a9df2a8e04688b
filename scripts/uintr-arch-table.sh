#!/usr/bin/env bash
# The UINTR micro-benchmarks on both user-interrupt architectures (docs/uintr-posted.md
# "Comparison"): one-way latency (uipi.send / senduipi on hart 0 to the receiver's first
# handler instruction on hart 1, minimum of 16) and ping-pong round trip (1000 round trips
# through the full C handler), for the UINTC and for posted interrupts with both delivery
# strategies, with the Rocket-class defaults and with the Sapphire Rapids profile. Prints a
# Markdown table (cycles). Deterministic: the same build prints the same table.
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
row() {  # label suffix args...
  local label=$1 suffix=$2; shift 2
  local l r
  l=$(latency "uipi_latency$suffix" "$@"); r=$(roundtrip "uipi_pingpong$suffix" "$@")
  [ -n "$l" ] && [ -n "$r" ] || { echo "uintr-arch-table: $label: a benchmark failed" >&2; exit 1; }
  printf '| %s | %s | %s |\n' "$label" "$l" "$r"
}
echo "| architecture, costs | one-way latency (cycles, min of 16) | ping-pong round trip (cycles, mean of 1000) |"
echo "|---|---|---|"
row "UINTC (uipi.send), rocket-fpga" ""
row "posted, delivery = flush, Rocket-class defaults" "_posted" --set uintr.arch=posted
row "posted, delivery = tracked, Rocket-class defaults" "_posted" --set uintr.arch=posted --set uintr.delivery=tracked
row "posted, delivery = flush, sapphire-rapids.toml" "_posted" --config "$spr"
row "posted, delivery = tracked, sapphire-rapids.toml" "_posted" --config "$spr" --set uintr.delivery=tracked
