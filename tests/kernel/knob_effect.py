#!/usr/bin/python3
"""Checks that a setting does what it says: runs uintrsim twice, with the base arguments and
with the base arguments plus the knob's, and compares statistics of the two runs.

usage: knob_effect.py NAME STAT OP [STAT OP ...] -- BASE ARGS... -- KNOB ARGS...
  OP compares the base run's value b with the knob run's k:
    "diff==V", "diff>=V", "diff<=V"   b - k == / >= / <= V;
    "ratio>=V", "ratio<=V"           k / b >= / <= V;
    "differs"                        b != k (a knob that had no effect fails).
  STAT is a dotted path into --stats-out's JSON (roi.stats.hart0.dtlb.misses, roi.cycles).
  Every pair must hold. Prints "knob_effect: OK" or a FAIL line.
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


def holds(op, b, k):
    """Whether OP holds for base value b and knob value k (None: unknown OP)."""
    if op == "differs":
        return b != k
    for prefix, test in (("diff==", lambda v: b - k == v), ("diff>=", lambda v: b - k >= v),
                         ("diff<=", lambda v: b - k <= v), ("ratio>=", lambda v: b != 0 and k / b >= v),
                         ("ratio<=", lambda v: b != 0 and k / b <= v)):
        if op.startswith(prefix):
            return test(float(op[len(prefix):]))
    return None


def main():
    a = sys.argv[1:]
    name = a[0]
    first = a.index("--")
    second = a.index("--", first + 1)
    checks, base, knob = a[1:first], a[first + 1:second], a[second + 1:]
    if not checks or len(checks) % 2:
        print("knob_effect: FAIL: give STAT OP pairs before the first --")
        return 1
    pairs = list(zip(checks[0::2], checks[1::2]))
    with tempfile.TemporaryDirectory() as tmp:
        rb = run(base, os.path.join(tmp, "base.json"))
        rk = run(base + knob, os.path.join(tmp, "knob.json"))
    good = True
    for stat, op in pairs:
        b, k = stat_value(rb, stat), stat_value(rk, stat)
        ok = holds(op, b, k)
        if ok is None:
            print(f"knob_effect: FAIL: unknown OP {op}")
            return 1
        print(f"{name}: {stat} = {b} without, {k} with {' '.join(knob)}: {op} {'holds' if ok else 'FAILS'}")
        good = good and ok
    print("knob_effect: OK" if good else "knob_effect: FAIL: expected " + ", ".join(f"{s} {o}" for s, o in pairs))
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
