#!/usr/bin/python3
"""Checks a thesis sweep's summary against the thesis's FPGA measurements
(configs/reference/thesis_fpga_ticks_per_round.csv), point by point and in shape, and prints a
table of simulated vs thesis values per N with each point's deviation.

usage: check_calibration.py [RESULTS_DIR]   (default results/thesis); exit 0 when all hold,
1 when a criterion fails, 2 without a usable summary.json.

The criteria, each of which a change of a cost or mechanism can break (docs/calibration.md):
  - every point of the three series (sync; async on 1 and on 2 cores) ran and is ok;
  - per point, ticks per round within SYNC_TOL (2 %) of the thesis for sync and within
    ASYNC_TOL (9 %) for async on 1 and on 2 cores, and the async trap frequency within
    TRAP_TOL_PP (3 percentage points) of the thesis's, within TRAP_TOL_PP_N4 (1 point) from N = 4
    on (so scaling every cost fails, and so does losing the frequency's decline with N);
  - sync flat: every point within SYNC_FLAT (0.3 %) of the sync mean;
  - async slower than sync at N = 2 and 4, faster from N = 8 on;
  - async/sync speed-up at the largest N in [1.2, 1.45] (thesis at N = 512: 1.277);
  - async trap frequency falls with N (never rising by more than half a percentage point,
    lower at the top) and is at most 15 % at N = 512;
  - with the tick placement the second core never runs a coroutine: the 2-core series is never
    faster than the 1-core one (by more than TWO_CORE_TOL, 0.1 %: lock waits) and slower by at
    most TWO_CORE_SLOWER (3 %: the SMP build's remote TLB fences on every map and unmap). This
    checks the placement, not a speed-up; a placement that let the idle core serve (tick_all)
    fails it.
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SYNC_TOL = 0.02      # per point vs the thesis (measured at most 0.9 %)
# per point vs the thesis, 1 and 2 cores (measured at most 8.2 %, one core at N = 8: the fitted
# calibration matches the trap frequency at every N to 0.6 percentage points from N = 4 on and
# gives up that point for it; docs/calibration.md)
ASYNC_TOL = 0.09
TRAP_TOL_PP = 3.0    # async trap frequency vs the thesis, percentage points (measured 2.5, at N = 2)
TRAP_TOL_PP_N4 = 1.0  # ... from N = 4 on, where the frequency's decline is the shape (measured 0.65)
SYNC_FLAT = 0.003    # sync points vs their mean (measured 0.18 %; the thesis's own spread is 0.9 %)
TWO_CORE_TOL = 0.001  # 2-core async never faster than 1-core async under the tick placement
TWO_CORE_SLOWER = 0.03  # ... and slower by at most this (the remote TLB fences; measured 1.6 %)


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
    sync = [get("sync", None, n) for n in ns]
    a1 = [get("async", 1, n) for n in ns]
    a2 = [get("async", 2, n) for n in ns]
    tf = [get("async", 1, n, "trap_frequency") for n in ns]
    thesis_tf = {n: 100 * ref[n][4] / (20 * n) for n in ref}
    dev = lambda v, r: (v - r) / r if v is not None and r else None
    pct = lambda d, w: f"{100 * d:>+{w}.1f}%" if d is not None else f"{'-':>{w + 1}}"
    f = lambda v, w, scale=1, prec=0: f"{v * scale:>{w}.{prec}f}" if v is not None else f"{'-':>{w}}"
    print(f"{'N':>4} | {'sync sim':>9} {'thesis':>7} {'dev':>7} | {'async1 sim':>10} {'thesis':>7} {'dev':>7} |"
          f" {'async2 sim':>10} {'thesis':>7} {'dev':>7} | {'traps% sim':>10} {'thesis':>6}")
    for i, n in enumerate(ns):
        r = ref.get(n)
        if r is None:
            print(f"{n:>4} | no thesis value")
            continue
        print(f"{n:>4} | {f(sync[i], 9)} {r[1]:>7.0f} {pct(dev(sync[i], r[1]), 6)} | {f(a1[i], 10)} {r[2]:>7.0f}"
              f" {pct(dev(a1[i], r[2]), 6)} | {f(a2[i], 10)} {r[3]:>7.0f} {pct(dev(a2[i], r[3]), 6)} |"
              f" {f(tf[i], 10, 100, 1)} {thesis_tf[n]:>6.1f}")
    missing = [n for i, n in enumerate(ns) if None in (sync[i], a1[i], a2[i], tf[i])]
    if missing:
        print(f"FAIL points missing or failed at N = {missing}: the calibration cannot be checked")
        return 1
    no_ref = [n for n in ns if n not in ref]
    if no_ref or 512 not in ns:
        print(f"FAIL the sweep must cover the thesis's N (2 ... 512); no thesis value for N = {no_ref}")
        return 1

    def within(series, col, tol):
        bad = [f"N={n}: {dev(series[i], ref[n][col]) * 100:+.1f}%" for i, n in enumerate(ns)
               if abs(dev(series[i], ref[n][col])) > tol]
        return not bad, bad

    def traps_off(tol, from_n=0):
        return [f"N={n}: {100 * tf[i]:.1f} vs {thesis_tf[n]:.1f}" for i, n in enumerate(ns)
                if n >= from_n and abs(100 * tf[i] - thesis_tf[n]) > tol]

    mean = sum(sync) / len(sync)
    checks = [
        (f"sync within {SYNC_TOL:.0%} of the thesis at every N", *within(sync, 1, SYNC_TOL)),
        (f"async, 1 core, within {ASYNC_TOL:.0%} of the thesis at every N", *within(a1, 2, ASYNC_TOL)),
        (f"async, 2 cores, within {ASYNC_TOL:.0%} of the thesis at every N", *within(a2, 3, ASYNC_TOL)),
        (f"async trap frequency within {TRAP_TOL_PP:g} percentage points of the thesis at every N",
         not traps_off(TRAP_TOL_PP), traps_off(TRAP_TOL_PP)),
        (f"async trap frequency within {TRAP_TOL_PP_N4:g} percentage point of the thesis from N = 4 on",
         not traps_off(TRAP_TOL_PP_N4, 4), traps_off(TRAP_TOL_PP_N4, 4)),
        (f"sync flat within +-{SYNC_FLAT:.1%}", all(abs(x - mean) / mean <= SYNC_FLAT for x in sync),
         [f"N={n}: {(sync[i] - mean) / mean * 100:+.2f}%" for i, n in enumerate(ns)
          if abs(sync[i] - mean) / mean > SYNC_FLAT]),
        ("async slower than sync at N = 2 and 4", all(a1[i] > sync[i] for i, n in enumerate(ns) if n in (2, 4)), []),
        ("async faster than sync from N = 8 on", all(a1[i] < sync[i] for i, n in enumerate(ns) if n >= 8), []),
        (f"async/sync speed-up at N = {ns[-1]} in [1.2, 1.45]", 1.2 <= sync[-1] / a1[-1] <= 1.45, []),
        # falling with N: never rising by more than half a percentage point, and lower at the top
        ("async trap frequency falls with N",
         all(tf[i + 1] <= tf[i] + 0.005 for i in range(len(tf) - 1)) and tf[-1] < tf[0], []),
        ("async trap frequency <= 15% at N = 512", tf[-1] <= 0.15, []),
        (f"tick placement: async on 2 cores no faster than 1 core (the idle core serves nothing) and at most "
         f"{TWO_CORE_SLOWER:.0%} slower (the remote TLB fences)",
         all(a1[i] * (1 - TWO_CORE_TOL) <= a2[i] <= a1[i] * (1 + TWO_CORE_SLOWER) for i in range(len(ns))),
         [f"N={n}: {(a2[i] - a1[i]) / a1[i] * 100:+.2f}%" for i, n in enumerate(ns)
          if not a1[i] * (1 - TWO_CORE_TOL) <= a2[i] <= a1[i] * (1 + TWO_CORE_SLOWER)]),
    ]
    print(f"speed-up at N = {ns[-1]}: {sync[-1] / a1[-1]:.3f} (thesis {ref[512][1] / ref[512][2]:.3f})")
    ok = True
    for what, good, bad in checks:
        print(f"{'ok  ' if good else 'FAIL'} {what}" + (f" ({', '.join(bad)})" if bad else ""))
        ok &= good
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
