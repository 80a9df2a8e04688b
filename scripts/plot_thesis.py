#!/usr/bin/python3
"""Draws the thesis figures from a sweep's summary (results only, never the simulator):

  cycles_per_round.{png,pdf}   rdtime ticks per round vs concurrency (log2 x): sync, async on
                               one core, async on two cores; the thesis FPGA points overlaid
  trap_frequency.{png,pdf}     syscall traps per requested syscall vs concurrency

usage: plot_thesis.py [RESULTS_DIR] [--reference CSV] [--out DIR]
  RESULTS_DIR defaults to results/thesis (written by scripts/uintrsim-sweep
  configs/experiments/thesis.toml); figures go to RESULTS_DIR/figures.
"""
import argparse
import csv
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERIES = [  # (label, mode, harts, colour, thesis column for ticks, thesis column for traps)
    ("sync", "sync", None, "tab:blue", "sync_ticks", None),
    ("async, 1 core", "async", 1, "tab:orange", "async_1core_ticks", "async_1core_traps"),
    ("async, 2 cores", "async", 2, "tab:green", "async_multicore_ticks", "async_multicore_traps"),
]


def load_points(results):
    with open(os.path.join(results, "summary.json")) as f:
        doc = json.load(f)
    pts = [p for p in doc["points"] if p["status"] == "ok"]
    return pts


def series(points, mode, harts, field):
    xs, ys = [], []
    for p in points:
        if p.get("workload.mode") != mode:
            continue
        if harts is not None and int(p.get("platform.harts", 0)) != harts:
            continue
        if p.get(field) is None:
            continue
        xs.append(int(p["workload.concurrency"]))
        ys.append(float(p[field]))
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    return [xs[i] for i in order], [ys[i] for i in order]


def load_reference(path):
    rows = []
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            rows.append(line)
    reader = csv.DictReader(rows)
    return [{k: float(v) for k, v in r.items()} for r in reader]


# Markers that stay visible when series coincide (one-core and two-core async can be equal):
# a large filled square under a small hollow triangle.
STYLE = [dict(marker="o"), dict(marker="s", markersize=8), dict(marker="^", markersize=5, markerfacecolor="none")]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("results", nargs="?", default=os.path.join(ROOT, "results", "thesis"))
    ap.add_argument("--reference", default=os.path.join(ROOT, "configs", "reference", "thesis_fpga_ticks_per_round.csv"))
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    out = a.out or os.path.join(a.results, "figures")
    os.makedirs(out, exist_ok=True)
    points = load_points(a.results)
    ref = load_reference(a.reference) if os.path.exists(a.reference) else []

    # Cycles (rdtime ticks) per round.
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    for i, (label, mode, harts, colour, ref_col, _) in enumerate(SERIES):
        xs, ys = series(points, mode, harts, "ticks_per_round")
        if xs:
            ax.plot(xs, ys, "-", color=colour, label=f"{label} (uintrsim)", **STYLE[i])
        if ref:
            ax.plot([r["concurrency"] for r in ref], [r[ref_col] for r in ref], "x--", color=colour, alpha=0.6,
                    label=f"{label} (thesis FPGA)")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("concurrency N (coroutines / frames)")
    ax.set_ylabel("time per round [rdtime ticks at 10 MHz]")
    ax.set_title("PageMap + PageUnmap: time per round")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    for ext in ("png", "pdf"):
        fig.savefig(os.path.join(out, f"cycles_per_round.{ext}"), dpi=150)
    plt.close(fig)

    # Trap frequency.
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    for i, (label, mode, harts, colour, _, ref_traps) in enumerate(SERIES):
        xs, ys = series(points, mode, harts, "trap_frequency")
        if xs:
            ax.plot(xs, [100 * y for y in ys], "-", color=colour, label=f"{label} (uintrsim)", **STYLE[i])
        if ref and ref_traps:
            # thesis: total kernel entries in the run / (2 syscalls x N x 10 epochs)
            ax.plot([r["concurrency"] for r in ref], [100 * r[ref_traps] / (20 * r["concurrency"]) for r in ref], "x--",
                    color=colour, alpha=0.6, label=f"{label} (thesis FPGA)")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("concurrency N (coroutines / frames)")
    ax.set_ylabel("trap frequency [% of syscalls that trap]")
    ax.set_title("Syscall traps per requested syscall")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    for ext in ("png", "pdf"):
        fig.savefig(os.path.join(out, f"trap_frequency.{ext}"), dpi=150)
    plt.close(fig)
    print(f"figures: {os.path.relpath(out)}/cycles_per_round.png|pdf, trap_frequency.png|pdf")
    return 0


if __name__ == "__main__":
    sys.exit(main())
