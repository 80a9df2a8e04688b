#!/usr/bin/python3
"""Checks a thesis sweep's summary against the shape the calibration must reproduce
(issue "Experiments", item 5) and prints a table of simulated vs thesis values per N.

usage: check_calibration.py [RESULTS_DIR]   (default results/thesis); exit 0 when all hold.
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    res = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "results", "thesis")
    try:
        pts = json.load(open(os.path.join(res, "summary.json")))["points"]
    except (OSError, ValueError, KeyError) as e:
        print(f"check_calibration: no usable {os.path.join(res, 'summary.json')} ({e}); run scripts/uintrsim-sweep first",
              file=sys.stderr)
        return 2
    ref = {}
    for line in open(os.path.join(ROOT, "configs", "reference", "thesis_fpga_ticks_per_round.csv")):
        if line[0].isdigit():
            c = [float(x) for x in line.split(",")]
            ref[int(c[0])] = c
    def get(mode, harts, n, field="ticks_per_round"):
        for p in pts:
            if p["workload.mode"] == mode and int(p["workload.concurrency"]) == n and \
               (harts is None or int(p["platform.harts"]) == harts) and p["status"] == "ok":
                return p[field]
        return None
    ns = sorted({int(p["workload.concurrency"]) for p in pts})
    print(f"{'N':>4} | {'sync sim':>9} {'thesis':>7} | {'async1 sim':>10} {'thesis':>7} | {'async2 sim':>10} {'thesis':>7} |"
          f" {'traps% sim':>10} {'thesis':>6}")
    for n in ns:
        r = ref.get(n, [n, 0, 0, 0, 0, 0])
        s, a1, a2 = get("sync", None, n), get("async", 1, n), get("async", 2, n)
        tf = get("async", 1, n, "trap_frequency")
        f = lambda v, w, scale=1, prec=0: f"{v * scale:>{w}.{prec}f}" if v is not None else f"{'-':>{w}}"
        print(f"{n:>4} | {f(s, 9)} {r[1]:>7.0f} | {f(a1, 10)} {r[2]:>7.0f} | {f(a2, 10)} {r[3]:>7.0f} |"
              f" {f(tf, 10, 100, 1)} {100 * r[4] / (20 * n):>6.1f}")
    sync = [get("sync", None, n) for n in ns]
    a1 = [get("async", 1, n) for n in ns]
    a2 = [get("async", 2, n) for n in ns]
    tf = [get("async", 1, n, "trap_frequency") for n in ns]
    missing = [n for i, n in enumerate(ns) if None in (sync[i], a1[i], a2[i], tf[i])]
    if missing:
        print(f"FAIL points missing or failed at N = {missing}: the shape cannot be checked")
        return 1
    mean = sum(sync) / len(sync)
    checks = [
        ("sync flat within +-5%", all(abs(x - mean) / mean <= 0.05 for x in sync)),
        ("async slower than sync at N = 2 and 4", all(a1[i] > sync[i] for i, n in enumerate(ns) if n in (2, 4))),
        ("async faster than sync from N = 16 on", all(a1[i] < sync[i] for i, n in enumerate(ns) if n >= 16)),
        ("async/sync speed-up at N = 512 in [1.2, 1.45]", 1.2 <= sync[-1] / a1[-1] <= 1.45),
        # falling with N: never rising by more than half a percentage point, and lower at the top
        ("async trap frequency falls with N",
         all(tf[i + 1] <= tf[i] + 0.005 for i in range(len(tf) - 1)) and tf[-1] < tf[0]),
        ("async trap frequency <= 15% at N = 512", tf[-1] <= 0.15),
        ("multi-core async at least as fast as one-core at N >= 64 (within 0.1 %: lock waits)",
         all(a2[i] <= a1[i] * 1.001 for i, n in enumerate(ns) if n >= 64)),
    ]
    print(f"speed-up at N = {ns[-1]}: {sync[-1] / a1[-1]:.3f} (thesis {ref[512][1] / ref[512][2]:.3f})")
    ok = True
    for what, good in checks:
        print(f"{'ok  ' if good else 'FAIL'} {what}")
        ok &= good
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
