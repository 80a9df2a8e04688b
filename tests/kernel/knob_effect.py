#!/usr/bin/python3
"""Checks that a setting does what it says: runs uintrsim twice, with the base arguments and
with the base arguments plus the knob's, and compares one statistic of the two runs.

usage: knob_effect.py NAME STAT OP [VALUE] -- BASE ARGS... -- KNOB ARGS...
  OP is "diff==V" (base - knob == V) or "differs" (the two runs' values are not equal: a
  knob that had no effect fails). STAT is a dotted path into --stats-out's JSON
  (roi.stats.hart0.dtlb.misses, roi.cycles). Prints "knob_effect: OK" or a FAIL line.
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
from uintrsim_results import stat_value  # noqa: E402


def run(args, out):
    p = subprocess.run(args + ["--quiet", "--stats-out", out], capture_output=True, text=True)
    if p.returncode != 0:
        print(f"knob_effect: FAIL: {' '.join(args)} exited {p.returncode}\n{p.stdout[-800:]}{p.stderr[-800:]}")
        sys.exit(1)
    with open(out) as f:
        return json.load(f)


def main():
    a = sys.argv[1:]
    name, stat, op = a[0], a[1], a[2]
    rest = a[3:]
    first = rest.index("--")
    second = rest.index("--", first + 1)
    base, knob = rest[first + 1:second], rest[second + 1:]
    with tempfile.TemporaryDirectory() as tmp:
        b = stat_value(run(base, os.path.join(tmp, "base.json")), stat)
        k = stat_value(run(base + knob, os.path.join(tmp, "knob.json")), stat)
    if op == "differs":
        good = b != k
    elif op.startswith("diff=="):
        good = b - k == float(op[6:])
    else:
        print(f"knob_effect: FAIL: unknown OP {op}")
        return 1
    print(f"{name}: {stat} = {b} without, {k} with {' '.join(knob)}")
    print("knob_effect: OK" if good else f"knob_effect: FAIL: expected {op}")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
