#!/usr/bin/env bash
# Instruction-trace filters and markers on real guests: --trace-insn-harts (a 2-hart guest
# traced on hart 1 only), --trace-insn-roi-only (fewer lines than the whole run, and none
# before the ROI begins) and interrupt markers (the timer-interrupt test guest).
#
# usage: trace_filters.sh UINTRSIM two_hart.elf roi.elf timer_irq.elf OUT_DIR
set -u
export LC_ALL=C
sim=$1 two=$2 roi=$3 timer=$4 out=$5
mkdir -p "$out"
fail() { echo "trace_filters: FAIL: $*"; exit 1; }

"$sim" --quiet --elf "$two" --set platform.harts=2 --trace-insn "$out/both.trace" || fail "2-hart run failed"
"$sim" --quiet --elf "$two" --set platform.harts=2 --trace-insn "$out/h1.trace" --trace-insn-harts 1 || fail "2-hart run failed"
grep -q '^core   0: ' "$out/both.trace" && grep -q '^core   1: ' "$out/both.trace" || fail "the unfiltered trace lacks a hart"
[ -s "$out/h1.trace" ] || fail "the hart-1 trace is empty"
! grep -v -q '^core   1: ' "$out/h1.trace" || fail "the hart-1 trace has lines of another hart"
cmp -s <(grep '^core   1: ' "$out/both.trace") "$out/h1.trace" || fail "hart 1's lines differ between the filtered and unfiltered trace"
echo "trace_filters: --trace-insn-harts 1: $(wc -l <"$out/h1.trace") lines, all of hart 1, as in the full trace"

"$sim" --quiet --elf "$roi" --trace-insn "$out/all.trace" || fail "roi run failed"
"$sim" --quiet --elf "$roi" --trace-insn "$out/roi.trace" --trace-insn-roi-only || fail "roi run failed"
all=$(wc -l <"$out/all.trace") in=$(wc -l <"$out/roi.trace")
[ "$in" -gt 0 ] && [ "$in" -lt "$all" ] || fail "ROI-only trace has $in lines, the whole run $all"
# The ROI trace is one contiguous piece of the whole trace, starting right after the store
# that begins the ROI (to sim-control) and ending with the one that ends it.
python3 - "$out/all.trace" "$out/roi.trace" <<'PY' || fail "the ROI trace is not the ROI's part of the whole trace"
import sys
full, roi = open(sys.argv[1]).read().splitlines(), open(sys.argv[2]).read().splitlines()
starts = [i for i in range(len(full) - len(roi) + 1) if full[i:i + len(roi)] == roi]
if len(starts) != 1 or " mem " not in full[starts[0] - 1] or " mem " not in roi[-1]:
    sys.exit(1)
PY
echo "trace_filters: --trace-insn-roi-only: $in of $all lines"

"$sim" --quiet --elf "$timer" --trace-insn "$out/timer.trace" || fail "timer run failed"
grep -E -q '^core   0: exception interrupt #7, epc 0x[0-9a-f]{16}$' "$out/timer.trace" || fail "no timer interrupt marked"
echo "trace_filters: interrupts marked: $(grep -c 'exception interrupt #7' "$out/timer.trace") timer interrupts"
echo "trace_filters: OK"
