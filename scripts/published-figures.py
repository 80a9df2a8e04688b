#!/usr/bin/python3
"""published-figures.py: regenerates the tables of measured figures that docs/figures.md
publishes (kernel costs, IPC round trips, UINTR micro-benchmarks) and docs/uintr-posted.md
publishes (the user-interrupt architectures compared) from fresh runs, or checks that the
published tables are what a fresh run gives.

usage: scripts/published-figures.py [--write [--text] | --check] [--sim PATH] [--guest-dir DIR]
                                    [--doc FILE] [--tolerance PCT] [--thesis RESULTS]

Each table sits in docs/figures.md between the lines
    <!-- generated: NAME (scripts/published-figures.py --write) -->
    <!-- end generated: NAME -->
and is written from the runs below (their commands are shown above each table in the doc).
The thesis-experiment table is written from a thesis sweep's results folder instead
(--thesis results/thesis, from scripts/uintrsim-sweep configs/experiments/thesis.toml); it is
left alone (and not checked) without --thesis, and only it is handled with --thesis.
--write replaces every such block by its fresh table. --check (the default) regenerates the
tables, compares every figure with the published one and exits 1, naming each figure that
moved, its published and its fresh value, when one differs by more than --tolerance percent
(default 0: simulated figures are deterministic, so a change that moves a figure must update
the doc in the same commit: run --write). Exits 2 when a run fails or prints no figure.
Figures stated in running text are tagged the same way, <!--f:NAME-->VALUE, outside any block;
a table measures them (a "prose" table, which has no block, or a block's table quoted in the
text), --check compares every occurrence and fails on a tag no table measures, and --write
leaves the text alone unless --text is given (then it rewrites each tagged figure and names
every one that moved: reread those sentences). A table may add "derived" figures, computed
from any figure of the document's tables as the text rounds them (e.g. a gain in per cent); the
figures a table lists as "inputs" are measured only for those and published nowhere; any other
figure of a generated table is published in its block or in the text.
Defaults: --sim build/bin/uintrsim, --guest-dir build/guest, --doc docs/figures.md; each
table belongs to one document: docs/figures.md, uintr-posted.md (the architectures compared),
debugging.md (timeline sizes, the worked example), workloads.md (the library's sweeps),
async-syscalls.md (the benchmark's knobs), platforms.md (the QEMU virt fit), calibration.md (its margins, --thesis only).
A table's runs are uintrsim processes (or, for a "sweep" table, one scripts/uintrsim-sweep
run of an experiment file), each in a scratch folder of its own.
"""
import argparse
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BOARD = os.path.join(ROOT, "configs", "platforms", "rocket-fpga.toml")


def n(v):
    """A figure as the docs write it: thousands separated by commas; fractions as computed."""
    return f"{v:,}" if isinstance(v, int) else f"{v:,.3f}".rstrip("0").rstrip(".") if v != int(v) else f"{v:.1f}"


# A table: the runs (program, extra args), the figures read from their output (name ->
# (run index, regex with one group)) and the rows built from the figures. Each published
# figure is written as <!--f:NAME-->VALUE so that --check reads it back without parsing prose.
TABLES = {
    "kernel-costs": {
        "runs": [("sel4test_kernel_costs", ["--set", "kernel.enabled=true"])],
        "figures": {
            "null_syscall": (0, r"null syscall \(Yield\): (\d+) cycles"),
            "ipc_round_trip": (0, r"IPC round trip \(Call \+ ReplyRecv\): (\d+) cycles"),
            "signal": (0, r"Signal: (\d+) cycles"),
            "map_unmap": (0, r"PageMap \+ PageUnmap: (\d+) cycles"),
        },
        "header": "| operation | uintrsim | seL4 reference (HiFive U540, seL4bench, non-MCS) |\n|---|---|---|",
        "rows": lambda f: [
            f"| null syscall (Yield with nothing else to run) | {f('null_syscall')} cycles | — |",
            f"| IPC round trip (Call + ReplyRecv, fastpath, one core) | {f('ipc_round_trip')} cycles "
            "| 792 + 804 = 1,596 cycles |",
            f"| Signal (no waiter) | {f('signal')} cycles | 1,633 cycles (to a waiting thread) |",
            f"| PageMap + PageUnmap of one frame | {f('map_unmap')} cycles | — |",
        ],
    },
    "ipc-round-trips": {
        "runs": [("sel4test_ipc_pingpong", ["--set", "kernel.enabled=true"]),
                 ("sel4test_ipc_pingpong_2core", ["--set", "kernel.enabled=true"])],
        "figures": {
            "one_core_per_round": (0, r"ticks_per_round=(\d+)"),
            "one_core_ticks": (0, r"rounds=1000 ticks=(\d+)"),
            "cross_core_per_round": (1, r"ticks_per_round=(\d+)"),
            "cross_core_ticks": (1, r"rounds=1000 ticks=(\d+)"),
        },
        "header": "| placement | uintrsim |\n|---|---|",
        "rows": lambda f: [
            f"| client and server on one core | {f('one_core_per_round')} ticks per round trip "
            f"({f('one_core_ticks')} ticks for 1000) |",
            f"| client on hart 0, server on hart 1 (cross-core, IPI wake-ups) | {f('cross_core_per_round')} "
            f"ticks per round trip ({f('cross_core_ticks')} ticks for 1000) |",
        ],
    },
    "uintr-micro-benchmarks": {
        "runs": [("uipi_latency", []), ("uipi_pingpong", [])],
        "figures": {
            "one_way": (0, r"uipi_latency: min (\d+) cycles"),
            "pingpong_total": (1, r"round trips in (\d+) cycles"),
            "pingpong_per_round": (1, r"(\d+) cycles per round trip"),
            "pingpong_per_send": (1, r"(\d+) cycles per send\+receive"),
        },
        "header": "| measurement | uintrsim | Rocket on ZCU102 at 50 MHz (published) |\n|---|---|---|",
        "rows": lambda f: [
            "| one-way: `uipi.send` → receiver's first instruction at `utvec` (minimum of 16 sends; "
            f"the cold first send is the same) | {f('one_way')} cycles | ~100 cycles |",
            f"| ping-pong: 1000 round trips | {f('pingpong_total')} cycles ({f('pingpong_per_round')} cycles "
            "per round trip) | — |",
            "| ping-pong: per send + receive, including the 31-register save, C dispatch and `uret` | "
            f"{f('pingpong_per_send')} cycles | ~560 cycles (of which ~400 cycles from `utvec` to the C handler) |",
        ],
    },
}


THESIS = os.path.join(ROOT, "configs", "experiments", "thesis.toml")
KERNEL = ["--set", "kernel.enabled=true"]
TABLES["thesis-default-costs"] = {
    "runs": [("thesis_bench_sync_n2", KERNEL), ("thesis_bench_async_n2", KERNEL),
             ("thesis_bench_sync", KERNEL), ("thesis_bench_async", KERNEL)],
    "figures": {"sync_2": (0, "stat:roi.ticks_per_round"), "async_2": (1, "stat:roi.ticks_per_round"),
                "traps_2": (1, "stat:roi.trap_frequency"), "trap_count_2": (1, "stat:roi.stats.kernel.traps.syscall"),
                "sync_8": (2, "stat:roi.ticks_per_round"), "async_8": (3, "stat:roi.ticks_per_round"),
                "traps_8": (3, "stat:roi.trap_frequency"), "trap_count_8": (3, "stat:roi.stats.kernel.traps.syscall")},
    "header": "| N | sync (`roi.ticks_per_round`) | async (`roi.ticks_per_round`) | async `roi.trap_frequency` |\n"
              "|---|---|---|---|",
    "rows": lambda f: [
        f"| 2 | {f('sync_2')} ticks per round | {f('async_2')} ticks per round | {f('traps_2')} traps per syscall "
        f"({f('trap_count_2')} traps: one wake per phase) |",
        f"| 8 | {f('sync_8')} ticks per round | {f('async_8')} ticks per round | {f('traps_8')} traps per syscall "
        f"({f('trap_count_8')} traps) |",
    ],
}
RTL = ["--set", "uintc.impl=rtl"]
SHORT = RTL + ["--set", "uintc.rtl_variant=short_line"]
THESIS_ASYNC = lambda n: ["--config", THESIS, "--set", "workload.mode=async", "--set", f"workload.concurrency={n}"]
TABLES["hardware-variant"] = {
    "runs": [("uipi_pingpong", RTL), ("uipi_pingpong", SHORT), ("uipi_latency", RTL), ("uipi_latency", SHORT)]
            + [(None, THESIS_ASYNC(n) + v) for v in (RTL, SHORT) for n in (2, 64, 512)],
    "figures": {"pp_rocket": (0, r"round trips in (\d+) cycles"), "pps_rocket": (0, r"(\d+) cycles per send\+receive"),
                "pp_short": (1, r"round trips in (\d+) cycles"), "pps_short": (1, r"(\d+) cycles per send\+receive"),
                "lat_rocket": (2, r": min (\d+) cycles"), "lat_short": (3, r": min (\d+) cycles"),
                **{f"th{n}_{v}": (4 + 3 * k + i, "stat:roi.ticks_per_round")
                   for k, v in enumerate(("rocket", "short")) for i, n in enumerate((2, 64, 512))}},
    "header": "| measurement | `rocket` (2 intStages, default) | `short_line` (1 intStage) |\n|---|---|---|",
    "rows": lambda f: [
        f"| ping-pong, 1000 round trips | {f('pp_rocket')} cycles ({f('pps_rocket')} cycles per send + receive) | "
        f"{f('pp_short')} cycles ({f('pps_short')} cycles per send + receive) |",
        f"| one-way send → `utvec`, minimum of 16 | {f('lat_rocket')} cycles | {f('lat_short')} cycles |",
        f"| thesis experiment, async, N = 2 / 64 / 512 (`roi.ticks_per_round`) | {f('th2_rocket')} / "
        f"{f('th64_rocket')} / {f('th512_rocket')} ticks per round | {f('th2_short')} / {f('th64_short')} / "
        f"{f('th512_short')} ticks per round |",
    ],
}
NS = (2, 4, 8, 16, 32, 64, 128, 256, 512)
TICK_ALL = ["--set", "kernel.async.placement=tick_all", "--set", "platform.harts=2"]
TABLES["two-cores"] = {
    "runs": [(None, THESIS_ASYNC(512) + ["--set", "platform.harts=1"]), (None, THESIS_ASYNC(512) + ["--set", "platform.harts=2"])]
            + [(None, THESIS_ASYNC(n) + TICK_ALL) for n in NS],
    "figures": {"roi_1core": (0, "stat:roi.cycles"), "roi_2cores": (1, "stat:roi.cycles"),
                **{f"tick_all_{n}": (2 + i, "stat:roi.ticks_per_round") for i, n in enumerate(NS)}},
    "header": "| N | " + " | ".join(str(n) for n in NS) + " |\n" + "|---" * (len(NS) + 1) + "|",
    "rows": lambda f: [
        "| async, 2 cores, `tick_all` (ticks per round) | " + " | ".join(f(f"tick_all_{n}") for n in NS) + " |",
        "",
        f"With `tick` at N = 512 the ROI lasts {f('roi_1core')} cycles on one core and {f('roi_2cores')} cycles on "
        "two (the idle core's ticks take the kernel lock now and then, which shifts the busy core's work by a few cycles "
        "either way).",
    ],
}
# The gain of tick_all over tick on two cores, from N = 8 on (the text after the table).
GAIN_NS = NS[2:]
TABLES["two-cores"]["runs"] += [(None, THESIS_ASYNC(n) + ["--set", "platform.harts=2"]) for n in GAIN_NS]
TABLES["two-cores"]["figures"].update({f"tick2_{n}": (2 + len(NS) + i, "stat:roi.ticks_per_round")
                                       for i, n in enumerate(GAIN_NS)})
TABLES["two-cores"]["inputs"] = [f"tick2_{n}" for n in GAIN_NS]  # measured for the gains only
_gains = lambda v: [100 * (v[f"tick2_{n}"] - v[f"tick_all_{n}"]) / v[f"tick2_{n}"] for n in GAIN_NS]
TABLES["two-cores"]["derived"] = {"tick_all_gain_min": lambda v: round(min(_gains(v)), 1),
                                  "tick_all_gain_max": lambda v: round(max(_gains(v)), 1)}
QUANTA = (1, 100, 1000, 10000)
TABLES["temporal-decoupling"] = {
    "runs": [("hello_platform", ["--set", "platform.harts=2", "--set", f"platform.quantum_cycles={q}"], {"board": False})
             for q in QUANTA],
    "figures": {**{f"q{q}_run": (i, "stat:stats.hart0.cycles") for i, q in enumerate(QUANTA)},
                **{f"q{q}_roi": (i, "stat:roi.cycles") for i, q in enumerate(QUANTA)}},
    "derived": {"q_default_dev": lambda v: round(100 * (v["q1000_run"] - v["q1_run"]) / v["q1_run"], 2)},
    "header": "| `platform.quantum_cycles` | " + " | ".join(f"{q}{' (default)' if q == 1000 else ''}" for q in QUANTA)
              + " |\n" + "|---" * (len(QUANTA) + 1) + "|",
    "rows": lambda f: ["| whole run (`hart0.cycles`) | " + " | ".join(f"{f(f'q{q}_run')} cycles" for q in QUANTA) + " |",
                       "| timed loop (`roi.cycles`) | " + " | ".join(f"{f(f'q{q}_roi')} cycles" for q in QUANTA) + " |"],
}
TABLES["compute-mix"] = {
    "prose": True,
    "runs": [("compute_mix", ["--set", "timing.mode=functional"], {"board": False})],
    "figures": {"compute_mix_instret": (0, "stat:stats.hart0.instret")},
}
SPR = os.path.join(ROOT, "configs", "calibration", "sapphire-rapids.toml")
IPC = ["--config", os.path.join(ROOT, "configs", "experiments", "uintr_ipc.toml"), "--set", "workload.args.requests=256",
       "--set", "workload.concurrency=1", "--set", "workload.mode=async", "--set", "workload.args.words=1",
       "--set", "platform.harts=2", "--set", "workload.args.server_core=1"]
# The architecture comparison of docs/uintr-posted.md: (label, suffix of the bare-metal programs,
# settings) per row; each row runs uipi_latency, uipi_pingpong and uintr_ipc.
ARCH_ROWS = [
    ("uintc", "UINTC (uipi.send), rocket-fpga", "", []),
    ("flush", "posted, delivery = flush, Rocket-class defaults", "_posted", ["--set", "uintr.arch=posted"]),
    ("tracked", "posted, delivery = tracked, Rocket-class defaults", "_posted",
     ["--set", "uintr.arch=posted", "--set", "uintr.delivery=tracked"]),
    ("spr_flush", "posted, delivery = flush, sapphire-rapids.toml", "_posted", ["--config", SPR]),
    ("spr_tracked", "posted, delivery = tracked, sapphire-rapids.toml", "_posted",
     ["--config", SPR, "--set", "uintr.delivery=tracked"]),
]
TABLES["uintr-architectures"] = {
    "doc": "docs/uintr-posted.md",
    "runs": [run for _, _, sfx, args in ARCH_ROWS
             for run in (("uipi_latency" + sfx, args), ("uipi_pingpong" + sfx, args), ("uintr_ipc", args + IPC))],
    "figures": {f"{key}_{what}": (3 * i + k, rx) for i, (key, _, _, _) in enumerate(ARCH_ROWS)
                for k, (what, rx) in enumerate((("latency", r": min (\d+) cycles"),
                                                 ("round_trip", r"(\d+) cycles per round trip"),
                                                 ("ipc", r"cycles_per_request=(\d+)")))},
    "header": "| architecture, costs | one-way latency (cycles, min of 16) | ping-pong round trip (cycles, mean of "
              "1000) | uintr_ipc, 2 cores (cycles per request) |\n|---|---|---|---|",
    "rows": lambda f: [f"| {label} | {f(key + '_latency')} | {f(key + '_round_trip')} | {f(key + '_ipc')} |"
                       for key, label, _, _ in ARCH_ROWS],
}


# The thesis experiment on both architectures (docs/uintr-posted.md; the whole sweep is
# configs/experiments/uintr_arch.toml): three N, the three series, three architectures.
ARCH_SERIES = [("sync", 2), ("async", 1), ("async", 2)]
ARCH_VARIANTS = [("uintc", []), ("flush", ["--set", "uintr.arch=posted"]),
                 ("tracked", ["--set", "uintr.arch=posted", "--set", "uintr.delivery=tracked"])]
ARCH_POINTS = [(n, mode, harts, key, args) for n in (2, 16, 512) for mode, harts in ARCH_SERIES
               for key, args in ARCH_VARIANTS]
TABLES["uintr-architectures-thesis"] = {
    "doc": "docs/uintr-posted.md",
    "runs": [(None, ["--config", THESIS, "--set", f"workload.mode={mode}", "--set", f"workload.concurrency={n}",
                     "--set", f"platform.harts={harts}"] + args) for n, mode, harts, key, args in ARCH_POINTS],
    "figures": {**{f"{mode}{harts}_{n}_{key}": (i, "stat:roi.ticks_per_round")
                   for i, (n, mode, harts, key, _) in enumerate(ARCH_POINTS)},
                **{f"{mode}{harts}_{n}_notifications": (i, "stat:stats.kernel.async.notifications")
                   for i, (n, mode, harts, key, _) in enumerate(ARCH_POINTS) if key == "uintc"}},
    "header": "| N | series | UINTC | posted, flush | posted, tracked | notifications |\n|---|---|---|---|---|---|",
    "rows": lambda f: [f"| {n} | {mode}, {harts} hart{'s' if harts > 1 else ''} | {f(f'{mode}{harts}_{n}_uintc')} | "
                       f"{f(f'{mode}{harts}_{n}_flush')} | {f(f'{mode}{harts}_{n}_tracked')} | "
                       f"{f(f'{mode}{harts}_{n}_notifications')} |"
                       for n in (2, 16, 512) for mode, harts in ARCH_SERIES],
}


# The figures docs/uintr-posted.md's text derives from its two tables, and the thesis points with
# the Sapphire Rapids costs it quotes.
SPR_THESIS = [(n, ["--config", THESIS, "--config", SPR, "--set", "workload.mode=async",
                   "--set", f"workload.concurrency={n}", "--set", "platform.harts=1"]) for n in (2, 512)]
_pct = lambda a, b, d=2: round(100 * (a - b) / b, d)
TABLES["uintr-architectures-text"] = {
    "doc": "docs/uintr-posted.md",
    "prose": True,
    "runs": [(None, args) for _, args in SPR_THESIS],
    "figures": {f"spr_thesis_{n}": (i, "stat:roi.ticks_per_round") for i, (n, _) in enumerate(SPR_THESIS)},
    "inputs": [f"spr_thesis_{n}" for n, _ in SPR_THESIS],
    "derived": {
        "posted_extra_latency": lambda v: v["flush_latency"] - v["uintc_latency"],
        "async1_512_cycles": lambda v: round(10 * v["async1_512_uintc"]),  # 10 cycles per tick
        "posted_thesis_512_pct": lambda v: _pct(v["async1_512_flush"], v["async1_512_uintc"]),
        "spr_thesis_2_pct": lambda v: _pct(v["spr_thesis_2"], v["async1_2_uintc"]),
        "spr_thesis_512_pct": lambda v: _pct(v["spr_thesis_512"], v["async1_512_uintc"]),
        "posted_ipc_pct": lambda v: round(_pct(v["flush_ipc"], v["uintc_ipc"], 3)),
        "spr_ipc_ratio": lambda v: round(v["spr_flush_ipc"] / v["uintc_ipc"], 1),
        "spr_tracked_latency_share": lambda v: round(100 * v["spr_tracked_latency"] / v["spr_flush_latency"]),
    },
}


# Figures in running text (a "prose" table has no generated block): each is written in the doc as
# <!--f:NAME-->VALUE wherever the text states it, and --check compares every such occurrence
# with a fresh run; --write leaves the text alone (edit it by hand).
TABLES["debugging-worked-example"] = {
    "doc": "docs/debugging.md",
    "prose": True,
    "runs": [(None, ["--config", THESIS, "--set", "workload.mode=async", "--set", f"workload.concurrency={n}"])
             for n in (2, 8, 512)]
            + [(None, ["--config", THESIS, "--set", "workload.mode=sync", "--set", f"workload.concurrency={n}"])
               for n in (2, 512)]
            + [(None, ["--config", THESIS, "--set", "workload.mode=async", "--set", "workload.concurrency=16"])],
    "figures": {"wx_cycles_2": (0, "stat:roi.cycles_per_round"), "wx_cycles_8": (1, "stat:roi.cycles_per_round"),
                "wx_traps_2": (0, "stat:roi.trap_frequency"), "wx_traps_512": (2, "stat:roi.trap_frequency"),
                "wx_sync_2": (3, "stat:roi.cycles_per_round"), "wx_sync_512": (4, "stat:roi.cycles_per_round"),
                "wx_cycles_16": (5, "stat:roi.cycles_per_round"), "wx_cycles_512": (2, "stat:roi.cycles_per_round")},
    "inputs": ["wx_sync_2", "wx_sync_512", "wx_cycles_16", "wx_cycles_512"],
    "derived": {"wx_sync_approx": lambda v: int(round((v["wx_sync_2"] + v["wx_sync_512"]) / 2, -2)),
                "wx_cycles_16_approx": lambda v: int(round(v["wx_cycles_16"], -2)),
                "wx_cycles_512_approx": lambda v: int(round(v["wx_cycles_512"], -2))},
}


# docs/debugging.md: the timeline's size for four runs (a generated table) and what the worked
# example reads off the ROI-only timelines (figures in its text).
def _share(r, tid, name):
    """Per cent of the ROI a hart track (tid 10 + 2 h: hart h, 11 + 2 h: its kernel) spends in slices of that name."""
    ev = r.trace["traceEvents"]
    roi = next(e["dur"] for e in ev if e.get("name") == "ROI" and e.get("ph") == "X")
    return round(100 * sum(e["dur"] for e in ev if e.get("ph") == "X" and e.get("pid") == 1 and e.get("tid") == tid
                           and e["name"] == name) / roi, 1)


def _drains(r):
    return [e for e in r.trace["traceEvents"] if e.get("cat") == "kernel.coroutine"]


def _batches(r, size):
    return sum(1 for e in _drains(r) if e["args"]["batch"] == size)


TRACE_RUNS = [(n, roi) for n in (2, 512) for roi in (False, True)]
TABLES["trace-sizes"] = {
    "doc": "docs/debugging.md",
    "runs": [(None, ["--config", THESIS, "--set", "workload.mode=async", "--set", f"workload.concurrency={n}"],
              {"trace": ["--trace-roi-only"] if roi else []}) for n, roi in TRACE_RUNS],
    "figures": {
        **{f"tr{n}{'_roi' if roi else ''}_events": (i, lambda r: len(r.trace["traceEvents"]))
           for i, (n, roi) in enumerate(TRACE_RUNS)},
        **{f"tr{n}{'_roi' if roi else ''}_size": (i, (lambda r: round(r.trace_bytes / 1e3)) if n == 2
                                                  else (lambda r: round(r.trace_bytes / 1e6, 1)))
           for i, (n, roi) in enumerate(TRACE_RUNS)},
        # N = 2, ROI only (run 1)
        "wx2_activations": (1, lambda r: len(_drains(r))),
        "wx2_batch2": (1, lambda r: _batches(r, 2)),
        "wx2_activation_us": (1, lambda r: round(sum(e["dur"] for e in _drains(r)) / len(_drains(r)))),
        "wx2_user_pct": (1, lambda r: _share(r, 10, "U")),
        "wx2_drain_pct": (1, lambda r: _share(r, 11, "async.drain")),
        "wx2_wake_pct": (1, lambda r: _share(r, 11, "syscall.wake_syscall_handler")),
        # N = 512, ROI only (run 3)
        "wx512_activations": (3, lambda r: len(_drains(r))),
        **{f"wx512_batch{b}": (3, (lambda b: lambda r: _batches(r, b))(b)) for b in (5, 6, 8, 9, 10, 11, 12)},
        "wx512_max_batch": (3, lambda r: max(e["args"]["batch"] for e in _drains(r))),
        "wx512_user_pct": (3, lambda r: _share(r, 10, "U")),
        "wx512_drain_pct": (3, lambda r: _share(r, 11, "async.drain")),
        "wx512_wakes": (3, "stat:roi.stats.kernel.async.wakes"),
        "wx512_requests": (3, "stat:roi.stats.kernel.async.requests"),
    },
    "derived": {"wx512_per_wake": lambda v: round(v["wx512_requests"] / v["wx512_wakes"], 1),
                "wx512_rounds_per_wake": lambda v: round(v["wx512_requests"] / v["wx512_wakes"] / 2, 1)},
    "header": "| run | events | file |\n|---|---|---|",
    "rows": lambda f: [
        f"| thesis async N = 2 (whole run) | {f('tr2_events')} | {f('tr2_size')} KB |",
        f"| thesis async N = 2, `--trace-roi-only` | {f('tr2_roi_events')} | {f('tr2_roi_size')} KB |",
        f"| thesis async N = 512 (whole run) | {f('tr512_events')} | {f('tr512_size')} MB |",
        f"| thesis async N = 512, `--trace-roi-only` | {f('tr512_roi_events')} | {f('tr512_roi_size')} MB |",
    ],
}


# docs/workloads.md: the library's experiments, each from its own sweep.
# A figure of a sweep table: one summary column of the point with these settings, as the docs
# print it (cycles and ticks as integers, frequencies with at most three decimals).
COLUMNS = {"cycles": "cycles_per_round", "ticks": "ticks_per_round", "traps": "trap_frequency"}


def swept(column, **settings):
    return lambda points, _results: (frac if column == "trap_frequency" else round)(point(points, **settings)[column])


EXP = lambda e: os.path.join(ROOT, "configs", "experiments", e + ".toml")
MIX_NS = (1, 4, 16, 64)
TABLES["syscall-mix"] = {
    "doc": "docs/workloads.md",
    "sweep": EXP("syscall_mix"),
    "figures": {f"mix_{m}_{n}_{w}": swept(COLUMNS[w], workload__mode=m, workload__concurrency=n)
                for m in ("sync", "async") for n in MIX_NS for w in ("cycles", "traps")},
    "header": "| N (workers) | sync: cycles/request | sync: traps/syscall | async: cycles/request | async: traps/syscall |\n"
              "|---:|---:|---:|---:|---:|",
    "rows": lambda f: [f"| {n} | {f(f'mix_sync_{n}_cycles')} | {f(f'mix_sync_{n}_traps')} | {f(f'mix_async_{n}_cycles')} | "
                       f"{f(f'mix_async_{n}_traps')} |" for n in MIX_NS],
}
TABLES["syscall-mix"]["derived"] = {
    "mix_async_gain": lambda v: round(min(v[f"mix_sync_{n}_cycles"] / v[f"mix_async_{n}_cycles"] for n in (16, 64)), 1)}
def _calibrated_runtime():
    """The [workload] table of configs/calibration/rel4-fpga.toml: the user runtime's calibrated stages."""
    import tomllib
    with open(os.path.join(ROOT, "configs", "calibration", "rel4-fpga.toml"), "rb") as f:
        return tomllib.load(f)["workload"]


CALIBRATED_RUNTIME = _calibrated_runtime()
CAL_OVERHEAD = CALIBRATED_RUNTIME["async_overhead_cycles"]
# The null_call experiment's calibrated series repeats the calibration's stages; it is selected
# by all of them, so a calibration that moves without the experiment finds no such series here
# (and fails the workloads.md check).
CAL_STAGES = {f"workload__{k}": CALIBRATED_RUNTIME[k] for k in
              ("async_overhead_cycles", "async_overhead_jitter_cycles", "async_reply_cycles", "async_resume_cycles")}
NULL_NS = (1, 4, 16, 64, 256)
NULL_SERIES = [("sync", dict(workload__mode="sync")),
               ("cal", dict(workload__mode="async", kernel__async__placement="tick", **CAL_STAGES)),
               ("c", dict(workload__mode="async", kernel__async__placement="tick", workload__async_overhead_cycles=0)),
               ("poll", dict(workload__mode="async", kernel__async__placement="polling"))]
TABLES["null-call"] = {
    "doc": "docs/workloads.md",
    "sweep": EXP("null_call"),
    "figures": {f"null_{k}_{n}_{w}": swept(COLUMNS[w], workload__concurrency=n, **sel)
                for k, sel in NULL_SERIES for n in NULL_NS for w in ("cycles", "traps")},
    "header": "| N | sync (Yield) | async, tick, calibrated runtime | async, tick, C runtime | async, polling core 1, C runtime |\n"
              "|---:|---:|---:|---:|---:|",
    "rows": lambda f: ["| " + " | ".join([str(n)] + [f"{f(f'null_{k}_{n}_cycles')} / {f(f'null_{k}_{n}_traps')}"
                                                    for k, _ in NULL_SERIES]) + " |" for n in NULL_NS],
}
TABLES["workloads-text"] = {
    "doc": "docs/workloads.md",
    "prose": True,
    "runs": [(None, ["--config", EXP("null_call"), "--set", "workload.program=null_call_untraced", "--set",
                     "workload.mode=async", "--set", "workload.concurrency=64", "--set", "platform.harts=1",
                     "--set", "workload.async_overhead_cycles=0", "--set", "workload.async_overhead_jitter_cycles=0",
                     "--set", "workload.async_reply_cycles=0", "--set", "workload.async_resume_cycles=0"])],
    "figures": {"null_untraced_64": (0, lambda r: round(stat_value(r.stats, "roi.cycles_per_round")))},
    "derived": {"null_stamp_cost": lambda v: v["null_c_64_cycles"] - v["null_untraced_64"]},
}


_STAGES = {}


def stages(results):
    """scripts/null-call-stages on a null_call sweep's results: its CSV rows (run once per folder)."""
    import csv
    if results in _STAGES:
        return _STAGES[results]
    p = subprocess.run([os.path.join(ROOT, "scripts", "null-call-stages"), results], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"published-figures: null-call-stages {results} exited {p.returncode}\n{p.stderr[-1500:]}")
    with open(os.path.join(results, "figures", "null_call_stages.csv")) as f:
        _STAGES[results] = list(csv.DictReader(f))
    return _STAGES[results]


STAGE_ROWS = [("cal1", "tick, calibrated, 1", "tick", CAL_OVERHEAD, 1), ("c1", "tick, C runtime, 1", "tick", 0, 1),
              ("poll1", "polling, C runtime, 1", "polling", 0, 1), ("cal64", "tick, calibrated, 64", "tick", CAL_OVERHEAD, 64),
              ("c64", "tick, C runtime, 64", "tick", 0, 64)]
STAGES = ("overhead", "submit", "wake", "wait", "deliver", "resume", "latency", "drain_per_request", "wake_trap_cycles")


def _stage(rows, placement, overhead, n, col):
    hit = [r for r in rows if r["kernel.async.placement"] == placement and r["workload.mode"] == "async"
           and int(r["workload.async_overhead_cycles"]) == overhead and int(r["workload.concurrency"]) == n]
    if len(hit) != 1:
        raise LookupError(f"{len(hit)} stage rows for {placement}/{overhead}/{n}")
    return round(float(hit[0][col]))


TABLES["null-call-stages"] = {
    "doc": "docs/workloads.md",
    "sweep": EXP("null_call"),
    "figures": {f"st_{k}_{c}": (lambda pl, o, n, c: lambda _, res: _stage(stages(res), pl, o, n, c))(pl, o, n, c)
                for k, _, pl, o, n in STAGE_ROWS for c in STAGES},
    "header": "| series, N | overhead | submit | wake | wait | deliver | resume | latency | kernel drain per request | wake trap |\n"
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    "rows": lambda f: ["| " + " | ".join([label] + [f(f"st_{k}_{c}") for c in STAGES]) + " |"
                       for k, label, _, _, _ in STAGE_ROWS],
}


IPC_ROWS = [(w, c) for w in (1, 4, 16) for c in ((1, 16, 64) if w == 1 else (1, 4, 16, 64) if w == 4 else (1, 16, 64))]
IPC_SERIES = [("sync1", dict(workload__mode="sync", platform__harts=1)), ("async1", dict(workload__mode="async", platform__harts=1)),
              ("sync2", dict(workload__mode="sync", platform__harts=2)), ("async2", dict(workload__mode="async", platform__harts=2))]
TABLES["uintr-ipc"] = {
    "doc": "docs/workloads.md",
    "sweep": EXP("uintr_ipc"),
    "figures": {f"ipc_{k}_{w}_{c}_{x}": swept(COLUMNS[x], workload__args__words=w, workload__concurrency=c, **sel)
                for k, sel in IPC_SERIES for w, c in IPC_ROWS for x in ("cycles", "traps")},
    "header": "| words | concurrency | sync, one core | U-notifications, one core | sync, two cores | U-notifications, two cores |\n"
              "|---:|---:|---:|---:|---:|---:|",
    "rows": lambda f: ["| " + " | ".join([str(w), str(c)] + [f"{f(f'ipc_{k}_{w}_{c}_cycles')} ({f(f'ipc_{k}_{w}_{c}_traps')})"
                                                            for k, _ in IPC_SERIES]) + " |" for w, c in IPC_ROWS],
}
ADAPT_NS = (1, 2, 4, 8, 16, 32, 64)
ADAPT_SERIES = [("sync", dict(workload__args__policy="sync")), ("async", dict(workload__args__policy="async")),
                ("threshold", dict(workload__args__policy="threshold")),
                ("adaptive8", dict(workload__args__policy="adaptive", workload__args__threshold=8)),
                ("adaptive1", dict(workload__args__policy="adaptive", workload__args__threshold=1))]
TABLES["adaptive"] = {
    "doc": "docs/workloads.md",
    "sweep": EXP("adaptive"),
    "figures": {f"ad_{k}_{n}_{x}": swept(COLUMNS[x], workload__concurrency=n, **sel)
                for k, sel in ADAPT_SERIES for n in ADAPT_NS for x in ("ticks", "traps")},
    "header": "| N | sync | async | threshold (T = 8) | adaptive (from T = 8) | adaptive (from T = 1) |\n"
              "|---:|---:|---:|---:|---:|---:|",
    "rows": lambda f: ["| " + " | ".join([str(n)] + [f"{f(f'ad_{k}_{n}_ticks')} ({f(f'ad_{k}_{n}_traps')})"
                                                    for k, _ in ADAPT_SERIES]) + " |" for n in ADAPT_NS],
    "derived": {"ad_from1_cost_2": lambda v: round(100 * (v["ad_adaptive1_2_ticks"] - v["ad_sync_2_ticks"])
                                                    / v["ad_sync_2_ticks"])},
}


# docs/async-syscalls.md: what the benchmark's knobs of the ReL4 demo's code do to the thesis points.
KNOBS = [("default", []), ("prio2", ["--set", "workload.args.worker_priority=2"]),
         ("touch1", ["--set", "workload.args.touch=1"]),
         ("both", ["--set", "workload.args.worker_priority=2", "--set", "workload.args.touch=1"])]
KNOB_RUNS = [(n, k, args) for n in (16, 512) for k, args in KNOBS]
TABLES["benchmark-knobs"] = {
    "doc": "docs/async-syscalls.md",
    "prose": True,
    "runs": [(None, THESIS_ASYNC(n) + ["--set", "platform.harts=1"] + args) for n, _, args in KNOB_RUNS],
    "figures": {f"knob_{k}_{n}": (i, lambda r: round(stat_value(r.stats, "roi.ticks_per_round"), 1))
                for i, (n, k, _) in enumerate(KNOB_RUNS)},
    "inputs": [f"knob_{k}_16" for k, _ in KNOBS],
    "derived": {"knob_both_512_pct": lambda v: _pct(v["knob_both_512"], v["knob_default_512"]),  # slower by
                "knob_spread_16_pct": lambda v: round(100 * (max(v[f"knob_{k}_16"] for k, _ in KNOBS)
                                                              - min(v[f"knob_{k}_16"] for k, _ in KNOBS))
                                                       / v["knob_default_16"], 3)},
}


# docs/fidelity.md: what each mechanism that follows the ReL4 code does to the thesis points
# (each reverted alone to the model's earlier behaviour, calibration unchanged), and the
# candidate multi-core mechanisms on both platforms.
def _runtime_all_before_push():
    """The calibrated user-runtime cost with its reply and resume stages moved to submission."""
    w = CALIBRATED_RUNTIME
    total = w["async_overhead_cycles"] + w["async_reply_cycles"] + w["async_resume_cycles"]
    return ["--set", f"workload.async_overhead_cycles={total}", "--set", "workload.async_reply_cycles=0",
            "--set", "workload.async_resume_cycles=0"]


FID_MECHS = [("now", None, []),
             ("tlb", None, ["--set", "kernel.tlb.policy=active_harts"]),
             ("restore", None, ["--set", "kernel.uintr.exit_restore=on_switch"]),
             ("wake", None, ["--set", "kernel.async.wake_schedules=true"]),
             ("prio", "async", ["--set", "workload.args.worker_priority=2"]),
             ("touch", None, ["--set", "workload.args.touch=1"]),
             ("split", "async", _runtime_all_before_push()),
             ("protocol", "async", ["--set", "kernel.async.protocol=fixed"])]
FID_POINTS = [("sync", 512, 2), ("async", 2, 1), ("async", 16, 1), ("async", 512, 1), ("async", 512, 2)]
FID_RUNS = [(k, m, n, h, args) for k, only, args in FID_MECHS for m, n, h in FID_POINTS if only in (None, m)]
_thesis_point = lambda m, n, h: ["--config", THESIS, "--set", f"workload.mode={m}", "--set", f"workload.concurrency={n}",
                                 "--set", f"platform.harts={h}"]
def _ticks1(r):
    v = round(stat_value(r.stats, "roi.ticks_per_round"), 1)
    return int(v) if v.is_integer() else v


_pct1 = lambda a, b: round(100 * (a - b) / b, 1) + 0.0  # one decimal, never "-0.0"
_fid = lambda k, m, n, h: f"fid_{k}_{m}{h}_{n}"
TABLES["fidelity-mechanisms"] = {
    "doc": "docs/fidelity.md",
    "runs": [(None, _thesis_point(m, n, h) + args) for k, m, n, h, args in FID_RUNS],
    "figures": {**{_fid(k, m, n, h): (i, _ticks1) for i, (k, m, n, h, _) in enumerate(FID_RUNS)},
                **{f"fidtraps_{k}": (i, lambda r: round(100 * stat_value(r.stats, "roi.trap_frequency"), 1))
                   for i, (k, m, n, h, _) in enumerate(FID_RUNS) if (m, n, h) == ("async", 512, 1)}},
    "inputs": [_fid(k, m, n, h) for k, m, n, h, _ in FID_RUNS if k != "now"],
    "derived": {f"{_fid(k, m, n, h)}_pct": (lambda k, m, n, h: lambda v: _pct1(v[_fid(k, m, n, h)], v[_fid("now", m, n, h)]))(k, m, n, h)
                for k, m, n, h, _ in FID_RUNS if k != "now"},
    "header": "| reverted to the earlier model | sync, 2 cores, N = 512 | async, 1 core, N = 2 | N = 16 | N = 512 | "
              "async, 2 cores, N = 512 | async traps %, 1 core, N = 512 |\n|---|---:|---:|---:|---:|---:|---:|",
    "rows": lambda f: [
        "| " + " | ".join([label] + [(f(_fid(k, m, n, h)) if k == "now" else f"{f(_fid(k, m, n, h) + '_pct')} %")
                                     if only in (None, m) else "—" for m, n, h in FID_POINTS]
                          + [f(f"fidtraps_{k}")]) + " |"
        for (k, only, _), label in zip(FID_MECHS, [
            "nothing: the model as shipped (ticks per round)",
            "TLB: seL4's targeted shootdown (`kernel.tlb.policy = active_harts`)",
            "user-interrupt restore on a switch only (`kernel.uintr.exit_restore = on_switch`)",
            "`schedule()` on the wake syscall's exit (`kernel.async.wake_schedules = true`)",
            "workers at priority 2 (`workload.args.worker_priority = 2`)",
            "frames touched (`workload.args.touch = 1`)",
            "the user runtime's whole cost before the push (`workload.async_reply_cycles` and `async_resume_cycles` "
            "added to `async_overhead_cycles`)",
            "both sides re-check before sleeping (`kernel.async.protocol = fixed`)"])],
}
QEMU_PLATFORM = os.path.join(ROOT, "configs", "platforms", "qemu-virt.toml")
MC_PLATFORMS = [("fpga", [], 2), ("qemu", ["--config", QEMU_PLATFORM], 4)]
MC_MECHS = [("tick", []), ("notlb", ["--set", "kernel.tlb.policy=active_harts"]),
            ("tickall", ["--set", "kernel.async.placement=tick_all"]),
            ("ipi", ["--set", "kernel.async.placement=ipi", "--set", "kernel.async.protocol=fixed"])]
MC_NS = (2, 16, 512)
MC_RUNS = [(pk, mk, n, h, pargs + margs) for pk, pargs, cores in MC_PLATFORMS for mk, margs in MC_MECHS
           for n in MC_NS for h in (1, cores)]
_mc = lambda pk, mk, n, h: f"mc_{pk}_{mk}_{n}_{h}"
_MC_CORES = dict((pk, c) for pk, _, c in MC_PLATFORMS)
# The thesis board's multi-core gain, from its table (configs/reference/thesis_fpga_ticks_per_round.csv).
MC_THESIS = {2: (23670, 23161), 16: (7309, 7170), 512: (6614, 6459)}
TABLES["multicore"] = {
    "doc": "docs/fidelity.md",
    "runs": [(None, ["--config", THESIS] + args + ["--set", "workload.mode=async", "--set", f"workload.concurrency={n}",
                                                   "--set", f"platform.harts={h}"]) for pk, mk, n, h, args in MC_RUNS],
    "figures": {_mc(pk, mk, n, h): (i, _ticks1) for i, (pk, mk, n, h, _) in enumerate(MC_RUNS)},
    "inputs": [_mc(pk, mk, n, h) for pk, mk, n, h, _ in MC_RUNS],
    "derived": {**{f"mcgain_{pk}_{mk}_{n}": (lambda pk, mk, n: lambda v: _pct1(v[_mc(pk, mk, n, _MC_CORES[pk])],
                                                                             v[_mc(pk, mk, n, 1)]))(pk, mk, n)
                   for pk, _, _ in MC_PLATFORMS for mk, _ in MC_MECHS for n in MC_NS},
                **{f"mcgain_thesis_{n}": (lambda n: lambda v: _pct1(MC_THESIS[n][1], MC_THESIS[n][0]))(n) for n in MC_NS}},
    "header": "| platform | mechanism | N = 2 | N = 16 | N = 512 |\n|---|---|---:|---:|---:|",
    "rows": lambda f: [f"| thesis board (measured) | — | " + " | ".join(f"{f(f'mcgain_thesis_{n}')} %" for n in MC_NS) + " |"]
    + [f"| {plabel} | {mlabel} | " + " | ".join(f"{f(f'mcgain_{pk}_{mk}_{n}')} %" for n in MC_NS) + " |"
       for pk, plabel in (("fpga", "rocket-fpga, 2 cores"), ("qemu", "qemu-virt, 4 cores"))
       for mk, mlabel in (("tick", "`tick` (ReL4 4c56b93), ReL4's TLB policy: the model as shipped"),
                          ("notlb", "`tick`, without the SMP-only remote fences (`kernel.tlb.policy = active_harts`)"),
                          ("tickall", "`tick_all`: idle cores' ticks serve too (the thesis text)"),
                          ("ipi", "`ipi`: the wake IPIs an idle core (da74b45; fixed protocol)"))],
}


# docs/platforms.md: the QEMU virt platform's fit of platform.clock_hz to ReL4's 980-tick IPC
# round trip on QEMU, and the thesis points it quotes.
QEMU = os.path.join(ROOT, "configs", "platforms", "qemu-virt.toml")
QEMU_CLOCKS = (17_900_000, 18_200_000, 18_280_000, 18_300_000, 18_400_000, 18_500_000)
_path_ticks = lambda name: lambda r: round(stat_value(r.stats, f"stats.kernel.path.syscall.{name}.cycles") / 1000 / 1.83)
TABLES["qemu-virt-fit"] = {
    "doc": "docs/platforms.md",
    "runs": [("sel4test_ipc_pingpong", ["--config", QEMU, "--set", "kernel.enabled=true", "--set", f"platform.clock_hz={c}"],
              {"board": False}) for c in QEMU_CLOCKS]
            + [(None, ["--config", THESIS, "--config", QEMU, "--set", f"workload.mode={m}", "--set", "workload.concurrency=4"])
               for m in ("sync", "async")],
    "figures": {**{f"qemu_rt_{c}": (i, r"ticks_per_round=(\d+)") for i, c in enumerate(QEMU_CLOCKS)},
                "qemu_call_ticks": (3, _path_ticks("call")), "qemu_reply_recv_ticks": (3, _path_ticks("reply_recv")),
                "qemu_thesis_sync_4": (6, lambda r: round(stat_value(r.stats, "roi.ticks_per_round"))),
                "qemu_thesis_async_4": (7, lambda r: round(stat_value(r.stats, "roi.ticks_per_round")))},
    "derived": {"qemu_kernel_ticks": lambda v: int(round(v["qemu_call_ticks"] + v["qemu_reply_recv_ticks"], -1)),
                "qemu_user_ticks": lambda v: int(round(v["qemu_rt_18300000"] - v["qemu_call_ticks"] - v["qemu_reply_recv_ticks"], -1)),
                "qemu_fit_dev": lambda v: round(100 * (980 - v["qemu_rt_18300000"]) / 980, 1)},
    "header": "| `platform.clock_hz` | ticks per round trip |\n|---|---|",
    "rows": lambda f: [f"| {c:,} | {f(f'qemu_rt_{c}')} |" if c != 18_300_000 else f"| **{c:,}** | **{f(f'qemu_rt_{c}')}** |"
                       for c in QEMU_CLOCKS],
}


def thesis_rows(f):
    rows = []
    for n in (2, 4, 8, 16, 32, 64, 128, 256, 512):
        rows.append(f"| {n} | {f(f'sync_{n}')} | {f(f'thesis_sync_{n}')} | {f(f'async1_{n}')} | "
                    f"{f(f'thesis_async1_{n}')} | {f(f'async2_{n}')} | {f(f'thesis_async2_{n}')} | "
                    f"{f(f'traps_{n}')} | {f(f'thesis_traps_{n}')} |")
    return rows + [
        "",
        "- sync is flat within ±0.3 % (the thesis: ±0.9 %);",
        "- async is slower than sync at N = 2 and 4 and faster from N = 8 on;",
        f"- speed-up (sync / async on one core) at N = 512: {f('speedup')} (thesis: {f('thesis_speedup')});",
        f"- async trap frequency falls from {f('traps_2')} % to {f('traps_512')} % "
        f"(thesis: {f('thesis_traps_2')} % to {f('thesis_traps_512')} %).",
    ]


TABLES["thesis-experiment"] = {
    "summary": True,
    "header": "| N | sync | thesis | async 1 core | thesis | async 2 cores | thesis | async traps % | thesis |\n"
              "|---|---|---|---|---|---|---|---|---|",
    "rows": thesis_rows,
}


def thesis_values(results):
    """The figures of the thesis table from a sweep's summary.json and the thesis's CSV."""
    path = os.path.join(results, "summary.json")
    try:
        with open(path) as f:
            pts = json.load(f)["points"]
    except (OSError, ValueError, KeyError) as e:
        sys.exit(f"published-figures: --thesis: no usable {path} ({e})")
    v = {}
    for p in pts:
        if p["status"] != "ok":
            continue
        n = int(p["workload.concurrency"])
        if p["workload.mode"] == "sync":
            v[f"sync_{n}"] = round(p["ticks_per_round"])
        else:
            v[f"async{int(p['platform.harts'])}_{n}"] = round(p["ticks_per_round"])
            if int(p["platform.harts"]) == 1:
                v[f"traps_{n}"] = round(100 * p["trap_frequency"], 1)
    with open(os.path.join(ROOT, "configs", "reference", "thesis_fpga_ticks_per_round.csv")) as f:
        for line in f:
            if line[0].isdigit():
                c = [float(x) for x in line.split(",")]
                n = int(c[0])
                v[f"thesis_sync_{n}"], v[f"thesis_async1_{n}"], v[f"thesis_async2_{n}"] = map(round, c[1:4])
                v[f"thesis_traps_{n}"] = round(100 * c[4] / (20 * n), 1)
    missing = [k for k in (f"{s}_{n}" for s in ("sync", "async1", "async2", "traps")
                           for n in (2, 4, 8, 16, 32, 64, 128, 256, 512)) if k not in v]
    if missing:
        sys.exit(f"published-figures: --thesis: {path} lacks {', '.join(missing)}")
    v["speedup"] = round(v["sync_512"] / v["async1_512"], 3)
    v["thesis_speedup"] = round(v["thesis_sync_512"] / v["thesis_async1_512"], 3)
    return v


def calibration_values(results):
    """The measured margins docs/calibration.md quotes for its criteria, from a thesis sweep's
    summary.json and the thesis's CSV (the comparison scripts/check_calibration.py makes)."""
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    from uintrsim_calibrate.reference import read_reference
    with open(os.path.join(results, "summary.json")) as f:
        pts = [p for p in json.load(f)["points"] if p["status"] == "ok"]
    ref = read_reference(os.path.join(ROOT, "configs", "reference", "thesis_fpga_ticks_per_round.csv"))
    by = {(p["workload.mode"], int(p["platform.harts"]), int(p["workload.concurrency"])): p for p in pts}
    sync = {n: p["ticks_per_round"] for (m, _, n), p in by.items() if m == "sync"}
    a1 = {n: p for (m, h, n), p in by.items() if (m, h) == ("async", 1)}
    a2 = {n: p["ticks_per_round"] for (m, h, n), p in by.items() if (m, h) == ("async", 2)}
    if not sync or not a1 or not a2:
        sys.exit(f"published-figures: --thesis: {results} lacks a series (sync, async on 1 and on 2 cores)")
    dev = lambda v, n, col: 100 * abs(v - ref[n][col]) / ref[n][col]
    worst = max([(dev(p["ticks_per_round"], n, "async_1core_ticks"), 1, n) for n, p in a1.items()]
                + [(dev(v, n, "async_multicore_ticks"), 2, n) for n, v in a2.items()])
    trap_devs = [(abs(100 * p["trap_frequency"] - 100 * ref[n]["async_1core_traps"] / (20 * n)), n) for n, p in a1.items()]
    worst_trap = max(trap_devs)
    worst_trap_n4 = max(t for t in trap_devs if t[1] >= 4)
    mean = sum(sync.values()) / len(sync)
    return {"cal_sync_max_dev": round(max(dev(v, n, "sync_ticks") for n, v in sync.items()), 1),
            "cal_async_max_dev": round(worst[0], 1), "cal_async_max_harts": worst[1], "cal_async_max_n": worst[2],
            "cal_trap_max_pp": round(worst_trap[0], 1), "cal_trap_max_n": worst_trap[1],
            "cal_trap_n4_max_pp": round(worst_trap_n4[0], 1),
            "cal_sync_flat": round(max(abs(v - mean) / mean * 100 for v in sync.values()), 2),
            "cal_two_core_max_dev": round(max(100 * (a2[n] - a1[n]["ticks_per_round"]) / a1[n]["ticks_per_round"]
                                              for n in a2 if n in a1), 1) + 0.0,
            "cal_two_core_min_dev": round(min(100 * (a2[n] - a1[n]["ticks_per_round"]) / a1[n]["ticks_per_round"]
                                              for n in a2 if n in a1), 1) + 0.0}


TABLES["calibration-margins"] = {
    "doc": "docs/calibration.md",
    "prose": True,
    "summary": True,
    "from_summary": calibration_values,
    "figures": ["cal_sync_max_dev", "cal_async_max_dev", "cal_async_max_harts", "cal_async_max_n",
                "cal_trap_max_pp", "cal_trap_max_n", "cal_trap_n4_max_pp", "cal_sync_flat", "cal_two_core_max_dev", "cal_two_core_min_dev"],
}


# docs/fidelity.md: every thesis point before this model followed the ReL4 code (the published
# table of the release before it, fixed here) and now (from the thesis sweep), against the board.
BEFORE_FIDELITY = {  # N: (sync, async 1 core, async 2 cores, async traps %), ticks per round
    2: (8463, 23298, 23298, 50.0), 4: (8462, 12955, 12955, 25.0), 8: (8462, 8042, 8042, 13.1),
    16: (8459, 6880, 6880, 10.3), 32: (8458, 6839, 6839, 10.2), 64: (8457, 6851, 6851, 10.2),
    128: (8457, 6842, 6842, 10.1), 256: (8456, 6851, 6851, 10.1), 512: (8456, 6855, 6855, 10.1)}


def before_after_rows(f):
    rows = []
    for n, before in BEFORE_FIDELITY.items():
        cells = [str(n)]
        for i, s in enumerate(("sync", "async1", "async2", "traps")):
            b = f"{before[i]:,}" if isinstance(before[i], int) else f"{before[i]}"
            cells += [f(f"ba_thesis_{s}_{n}"), b, f(f"ba_{s}_{n}")]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


TABLES["thesis-before-after"] = {
    "doc": "docs/fidelity.md",
    "summary": True,
    # every point; the speed-up is figures.md's
    "from_summary": lambda results: {f"ba_{k}": v for k, v in thesis_values(results).items()
                                     if k not in ("speedup", "thesis_speedup")},
    "header": "| N | sync: board | before | now | async, 1 core: board | before | now | async, 2 cores: board | before | "
              "now | async traps %: board | before | now |\n|---|" + "---:|" * 12,
    "rows": before_after_rows,
}


BEGIN = re.compile(r"^<!-- generated: ([\w-]+) \(scripts/published-figures\.py --write\) -->$")
FIGURE = re.compile(r"<!--f:(\w+)-->(-?\d(?:[\d,]*\d)?(?:\.\d+)?)")  # a minus after the tag is the sign; a comma after the figure is text


def stat_value(doc, path):
    """A statistic of a stats JSON: "stats.NAME" and "roi.stats.NAME" are statistics by name
    (NAME has dots), other paths are dotted keys (roi.ticks_per_round)."""
    for prefix in ("roi.stats.", "stats."):
        if path.startswith(prefix):
            node = doc
            for part in prefix.rstrip(".").split("."):
                node = node[part]
            return node[path[len(prefix):]]["value"]
    node = doc
    for part in path.split("."):
        node = node[part]
    return node["value"] if isinstance(node, dict) else node


class Run:
    """What one run of a table left: its output, its statistics and, for a run with the option
    "trace" (extra --trace-* arguments), its timeline (the parsed JSON and the file's size)."""
    def __init__(self, out, stats, trace=None, trace_bytes=None):
        self.out, self.stats, self.trace, self.trace_bytes = out, stats, trace, trace_bytes


def measure(name, table, sim, guest_dir):
    """Runs each (program, args[, options]) of the table (program None: the args name the
    experiment file; a program runs on the rocket-fpga platform unless options say "board": False) and reads each figure from its output (a regex with one group: an
    integer), for a spec "stat:PATH" (e.g. stat:roi.ticks_per_round) from its statistics
    (rounded to 3 decimals, as published), or for a function from the Run (its value as the
    docs print it). A table's "derived" figures are added by derive()."""
    if "sweep" in table:
        return measure_sweep(name, table, sim)
    import shutil
    import tempfile
    scratch = tempfile.mkdtemp(prefix=f"published-figures-{name}-")  # (any number of checks may run at once)
    try:
        runs = []
        for i, run in enumerate(table["runs"]):
            prog, args, opts = run if len(run) == 3 else (*run, {})
            base = os.path.join(scratch, f"{name}-{i}")
            board = ["--config", BOARD] if opts.get("board", True) else []  # "board": False: the default platform
            cmd = [sim] + (board + ["--elf", os.path.join(guest_dir, prog + ".elf")] if prog else []) + args
            extra = ["--stats-out", base + ".json"] + (["--trace-out", base + ".trace.json"] + opts["trace"]
                                                       if "trace" in opts else [])
            p = subprocess.run(cmd + extra, capture_output=True, text=True, errors="replace")
            if p.returncode != 0:
                sys.exit(f"published-figures: {name}: {' '.join(cmd)} exited {p.returncode}\n{p.stdout[-1500:]}{p.stderr[-1500:]}")
            with open(base + ".json") as f:
                stats = json.load(f)
            os.remove(base + ".json")
            trace = size = None
            if "trace" in opts:
                size = os.path.getsize(base + ".trace.json")
                with open(base + ".trace.json") as f:
                    trace = json.load(f)
                os.remove(base + ".trace.json")
            runs.append(Run(p.stdout + p.stderr, stats, trace, size))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    values = {}
    for fig, (run, rx) in table["figures"].items():
        label = table["runs"][run][0] or " ".join(table["runs"][run][1])
        if callable(rx):
            values[fig] = rx(runs[run])
            continue
        if rx.startswith("stat:"):
            try:
                v = stat_value(runs[run].stats, rx[5:])
            except (KeyError, TypeError):
                sys.exit(f"published-figures: {name}: no {fig} ({rx}) in the statistics of {label}")
            values[fig] = int(v) if float(v).is_integer() else round(float(v), 3)  # as n() prints it
            continue
        m = re.search(rx, runs[run].out)
        if not m:
            sys.exit(f"published-figures: {name}: no {fig} ({rx!r}) in the output of {label}")
        values[fig] = int(m.group(1))
    return values


def measure_sweep(name, table, sim):
    """A table from an experiment sweep: runs scripts/uintrsim-sweep on table["sweep"] (with
    table["set"] as --set arguments) into a scratch results folder and computes each figure by
    its function of the points (summary.json's) and the results folder (for post-processing
    scripts such as null-call-stages)."""
    import shutil
    import tempfile
    scratch = tempfile.mkdtemp(prefix=f"published-figures-{name}-")
    try:
        cmd = [os.path.join(ROOT, "scripts", "uintrsim-sweep"), table["sweep"], "--results", scratch, "--sim", sim,
               "-j", "2"] + [a for kv in table.get("set", []) for a in ("--set", kv)]
        p = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
        if p.returncode != 0:
            sys.exit(f"published-figures: {name}: {' '.join(cmd)} exited {p.returncode}\n{p.stdout[-1500:]}{p.stderr[-1500:]}")
        results = os.path.join(scratch, os.path.splitext(os.path.basename(table["sweep"]))[0])
        with open(os.path.join(results, "summary.json")) as f:
            points = json.load(f)["points"]
        values = {}
        for fig, fn in table["figures"].items():
            try:
                values[fig] = fn(points, results)
            except LookupError as e:
                sys.exit(f"published-figures: {name}: no point or column for {fig} ({e})")
        return values
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def point(points, **settings):
    """The one point of a sweep with these settings (keys with dots written as __: workload__mode)."""
    want = {k.replace("__", "."): str(v) for k, v in settings.items()}
    hits = [p for p in points if all(str(p.get(k)) == v for k, v in want.items())]
    if len(hits) != 1:
        raise LookupError(f"{len(hits)} points with {want}")
    if hits[0]["status"] != "ok":
        raise LookupError(f"the point with {want} failed")
    return hits[0]


def frac(v):
    """A per-syscall frequency as the docs print it: 1, 0.5, 0.262 (three decimals at most)."""
    v = round(v, 3)
    return int(v) if v == int(v) else v


def derive(fresh):
    """Adds each table's "derived" figures ({name: function}), computed from every figure
    measured in this run (any of the document's tables), as the text rounds them."""
    every = {fig: v for values in fresh.values() for fig, v in values.items()}
    for name in fresh:
        for fig, fn in TABLES[name].get("derived", {}).items():
            try:
                fresh[name][fig] = every[fig] = fn(every)
            except KeyError as e:
                sys.exit(f"published-figures: {name}: derived figure {fig} needs {e}, which no table of the document measures")


def render(name, table, values):
    rows = table["rows"](lambda fig: f"<!--f:{fig}-->{n(values[fig])}")
    return [f"<!-- generated: {name} (scripts/published-figures.py --write) -->", *table["header"].split("\n"), *rows,
            f"<!-- end generated: {name} -->"]


def fmt(pub, value):
    return n(int(pub)) if float(pub).is_integer() and isinstance(value, int) else f"{pub:g}"


def blocks(lines, doc):
    """{name: (first line index, last line index)} of the generated blocks of the doc."""
    out, i = {}, 0
    while i < len(lines):
        m = BEGIN.match(lines[i])
        if m:
            end = f"<!-- end generated: {m.group(1)} -->"
            j = next((k for k in range(i + 1, len(lines)) if lines[k] == end), None)
            if j is None:
                sys.exit(f"published-figures: {doc}:{i + 1}: block {m.group(1)} has no line {end!r}")
            if m.group(1) not in TABLES:
                sys.exit(f"published-figures: {doc}:{i + 1}: unknown table {m.group(1)!r}")
            out[m.group(1)] = (i, j)
            i = j
        i += 1
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true")
    mode.add_argument("--check", action="store_true")
    ap.add_argument("--sim", default=os.path.join(ROOT, "build", "bin", "uintrsim"))
    ap.add_argument("--guest-dir", default=os.path.join(ROOT, "build", "guest"))
    ap.add_argument("--doc", default=os.path.join(ROOT, "docs", "figures.md"))
    ap.add_argument("--tolerance", type=float, default=0.0, help="percent (default 0)")
    ap.add_argument("--thesis", metavar="RESULTS", help="a thesis sweep's results folder: handle its table only")
    ap.add_argument("--text", action="store_true", help="with --write: also rewrite the figures tagged in the text")
    a = ap.parse_args()
    with open(a.doc) as f:
        lines = f.read().split("\n")
    doc_rel = os.path.relpath(os.path.abspath(a.doc), ROOT)
    mine = {k for k, t in TABLES.items() if t.get("doc", "docs/figures.md") == doc_rel}
    all_found = blocks(lines, a.doc)
    stray = sorted(set(all_found) - mine)
    if stray:
        sys.exit(f"published-figures: {a.doc}: block {', '.join(stray)} belongs to another document")
    missing = sorted(mine - set(all_found))
    # With --thesis only the tables computed from a thesis sweep's results ("summary") are
    # handled, without it only the others.
    this_mode = lambda k: TABLES[k].get("summary", False) == bool(a.thesis)
    prose = sorted(k for k in mine if TABLES[k].get("prose") and this_mode(k))
    missing = [k for k in missing if not TABLES[k].get("prose")]
    if missing:
        sys.exit(f"published-figures: {a.doc}: no generated block for {', '.join(missing)}")
    found = {k: v for k, v in all_found.items() if this_mode(k)}
    fresh = {name: TABLES[name].get("from_summary", thesis_values)(a.thesis) if a.thesis
             else measure(name, TABLES[name], a.sim, a.guest_dir)
             for name in list(found) + prose}
    derive(fresh)
    owner = {fig: name for name in fresh for fig in fresh[name]}
    if a.write:
        inside = {k for i, j in all_found.values() for k in range(i, j + 1)}  # every block, written or not
        if a.text:
            for k, line in enumerate(lines):
                def fresh_figure(m):
                    if k in inside or m.group(1) not in owner:
                        return m.group(0)
                    new = n(fresh[owner[m.group(1)]][m.group(1)])
                    if new != m.group(2):
                        print(f"published-figures: {doc_rel}:{k + 1}: {m.group(1)} {m.group(2)} -> {new} (reread the sentence)")
                    return f"<!--f:{m.group(1)}-->{new}"
                lines[k] = FIGURE.sub(fresh_figure, line)
        for name, (i, j) in sorted(found.items(), key=lambda kv: -kv[1][0]):
            lines[i:j + 1] = render(name, TABLES[name], fresh[name])
        with open(a.doc, "w") as f:
            f.write("\n".join(lines))
        print(f"published-figures: wrote {len(found)} tables into {a.doc}"
              + (" and the figures in its text" if a.text else
                 " (figures in the text are checked, not written: add --text to write them too)"))
        return 0
    moved = 0
    inside = {k for i, j in all_found.values() for k in range(i, j + 1)}
    in_text = [(k + 1, fig, float(v.replace(",", ""))) for k, line in enumerate(lines) if k not in inside
               for fig, v in FIGURE.findall(line)]
    # A figure in the text may be any figure of this document's tables (a prose table's, or a
    # generated table's quoted again in the text); each prose figure must appear at least once.
    elsewhere = {fig for k in mine if not this_mode(k)
                 for fig in [*TABLES[k].get("figures", {}), *TABLES[k].get("derived", {})]}
    quoted = {fig for _, fig, _ in in_text}
    for name in prose:
        for fig in fresh[name]:
            if fig not in quoted and fig not in TABLES[name].get("inputs", ()):
                print(f"FAIL: {name}: {fig} is not in the text of {doc_rel} (<!--f:{fig}-->VALUE)")
                moved += 1
    for ln, fig, pub in in_text:
        if fig not in owner:
            if fig not in elsewhere:  # (a summary table's figure is checked with --thesis, and vice versa)
                print(f"FAIL: {doc_rel}:{ln}: figure {fig} is tagged in the text but no table measures it")
                moved += 1
            continue
        value = fresh[owner[fig]][fig]
        dev = abs(value - pub) / abs(pub) * 100 if pub else (0.0 if value == 0 else float("inf"))
        good = dev <= a.tolerance
        print(f"{'ok  ' if good else 'FAIL'}: {owner[fig]}: {fig} at {doc_rel}:{ln} published {fmt(pub, value)}, "
              f"fresh run {n(value)} ({dev:.2f} %, tolerance {a.tolerance:g} %)")
        moved += not good
    for name, (i, j) in found.items():
        before = moved
        published = {k: float(v.replace(",", "")) for line in lines[i:j + 1] for k, v in FIGURE.findall(line)}
        for fig, value in fresh[name].items():
            if fig not in published and (fig in quoted or fig in TABLES[name].get("inputs", ())):
                continue  # published in the text instead, or only an input of a derived figure
            if fig not in published:
                print(f"FAIL: {name}: {fig} is not published (regenerate: scripts/published-figures.py --write; or tag it in the text)")
                moved += 1
                continue
            pub = published[fig]
            dev = abs(value - pub) / abs(pub) * 100 if pub else (0.0 if value == 0 else float("inf"))
            good = dev <= a.tolerance
            print(f"{'ok  ' if good else 'FAIL'}: {name}: {fig} published {fmt(pub, value)}, fresh run {n(value)}"
                  f" ({dev:.2f} %, tolerance {a.tolerance:g} %)")
            moved += not good
        if render(name, TABLES[name], fresh[name]) != lines[i:j + 1] and a.tolerance == 0 and moved == before:
            print(f"FAIL: {name}: the table's text differs from what --write gives")
            moved += 1
    if moved:
        print(f"published-figures: FAILED: {moved} figure(s) moved; update {os.path.relpath(a.doc, ROOT)} "
              "in the same commit (tables: scripts/published-figures.py --write; figures in the text: by hand)")
        return 1
    print("published-figures: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
