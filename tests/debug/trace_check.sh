#!/usr/bin/env bash
# The instruction trace of tests/debug/trace_demo.S against the checked-in expected trace,
# in full and with a pc-range filter.
#
# trace_demo.expected was written by uintrsim itself (--trace-insn) and checked line by line
# against Spike's `spike --isa=rv64imac_zicsr_zifencei --log-commits -l` for the same ELF
# (docs/debugging.md, "Comparing with Spike"): all 97 lines, commits and exception lines, are
# identical; Spike's log has its boot-ROM prologue at 0x1000 before them and the instructions
# it runs after the HTIF exit store after them. Re-generate the file only for an intended
# change, and compare with Spike again.
#
# usage: trace_check.sh UINTRSIM trace_demo.elf trace_demo.expected OUT_DIR
set -u
export LC_ALL=C
sim=$1 elf=$2 expected=$3 out=$4
mkdir -p "$out"
fail() { echo "trace_check: FAIL: $*"; exit 1; }

"$sim" --quiet --elf "$elf" --trace-insn "$out/full.trace" || fail "uintrsim exited with $?"
if ! diff -u "$expected" "$out/full.trace" >"$out/full.diff"; then
  head -40 "$out/full.diff"
  fail "the trace differs from $expected (diff in $out/full.diff)"
fi
echo "trace_check: full trace matches ($(wc -l <"$out/full.trace") lines)"

# --trace-insn-pc: exactly the expected lines whose pc (or trap epc) lies in the range.
lo=0x80000104 hi=0x80000132
"$sim" --quiet --elf "$elf" --trace-insn "$out/range.trace" --trace-insn-pc "$lo:$hi" || fail "uintrsim exited with $?"
python3 - "$expected" "$out/range.trace" "$lo" "$hi" <<'PY' || fail "the pc-filtered trace is wrong"
import re, sys
exp, got, lo, hi = open(sys.argv[1]).read().splitlines(), open(sys.argv[2]).read().splitlines(), int(sys.argv[3], 16), int(sys.argv[4], 16)
keep, want = False, []
for line in exp:
    m = re.match(r"core +\d+: (?:\d 0x([0-9a-f]+) |exception .*, epc 0x([0-9a-f]+)$)", line)
    if m:
        keep = lo <= int(m.group(1) or m.group(2), 16) <= hi
    if keep:  # a tval line goes with its exception line
        want.append(line)
if not want or got != want:
    print(f"expected {len(want)} lines, got {len(got)}")
    sys.exit(1)
print(f"trace_check: pc range {sys.argv[3]}:{sys.argv[4]}: {len(got)} lines, as expected")
PY
echo "trace_check: OK"
