#!/usr/bin/python3
"""published-figures.py: regenerates the tables of measured figures that docs/figures.md
publishes (kernel costs, IPC round trips, UINTR micro-benchmarks) and docs/uintr-posted.md
publishes (the user-interrupt architectures compared) from fresh runs, or checks that the
published tables are what a fresh run gives.

usage: scripts/published-figures.py [--write | --check] [--sim PATH] [--guest-dir DIR]
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
a "prose" table measures them, --check compares every occurrence and fails on a tag no table
measures, and --write leaves the text alone (edit it by hand).
Defaults: --sim build/bin/uintrsim, --guest-dir build/guest, --doc docs/figures.md; each
table belongs to one document (--doc docs/uintr-posted.md for the comparison, --doc
docs/debugging.md for its worked example).
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
        "two (the idle core's ticks make the busy core wait for the kernel lock now and then).",
    ],
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


# Figures in running text (a "prose" table has no generated block): each is written in the doc as
# <!--f:NAME-->VALUE wherever the text states it, and --check compares every such occurrence
# with a fresh run; --write leaves the text alone (edit it by hand).
TABLES["debugging-worked-example"] = {
    "doc": "docs/debugging.md",
    "prose": True,
    "runs": [(None, ["--config", THESIS, "--set", "workload.mode=async", "--set", f"workload.concurrency={n}"])
             for n in (2, 8, 512)],
    "figures": {"wx_cycles_2": (0, "stat:roi.cycles_per_round"), "wx_cycles_8": (1, "stat:roi.cycles_per_round"),
                "wx_traps_2": (0, "stat:roi.trap_frequency"), "wx_traps_512": (2, "stat:roi.trap_frequency")},
}


def thesis_rows(f):
    rows = []
    for n in (2, 4, 8, 16, 32, 64, 128, 256, 512):
        rows.append(f"| {n} | {f(f'sync_{n}')} | {f(f'thesis_sync_{n}')} | {f(f'async1_{n}')} | "
                    f"{f(f'thesis_async1_{n}')} | {f(f'async2_{n}')} | {f(f'thesis_async2_{n}')} | "
                    f"{f(f'traps_{n}')} | {f(f'thesis_traps_{n}')} |")
    return rows + [
        "",
        "- sync is flat within ±0.1 %;",
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


BEGIN = re.compile(r"^<!-- generated: ([\w-]+) \(scripts/published-figures\.py --write\) -->$")
FIGURE = re.compile(r"<!--f:(\w+)-->(\d[\d,]*(?:\.\d+)?)")


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


def measure(name, table, sim, guest_dir):
    """Runs each (program, args) of the table (program None: the args name the experiment file)
    and reads each figure from its output (a regex with one group: an integer) or, for a spec
    "stat:PATH" (e.g. stat:roi.ticks_per_round), from its statistics (rounded to 3 decimals, as published)."""
    outs, stats = [], []
    for i, (prog, args) in enumerate(table["runs"]):
        stats_path = os.path.join(guest_dir, f".published-figures-{name}-{i}.json")
        cmd = [sim] + (["--config", BOARD, "--elf", os.path.join(guest_dir, prog + ".elf")] if prog else []) + args
        p = subprocess.run(cmd + ["--stats-out", stats_path], capture_output=True, text=True, errors="replace")
        if p.returncode != 0:
            sys.exit(f"published-figures: {name}: {' '.join(cmd)} exited {p.returncode}\n{p.stdout[-1500:]}{p.stderr[-1500:]}")
        outs.append(p.stdout + p.stderr)
        with open(stats_path) as f:
            stats.append(json.load(f))
        os.remove(stats_path)
    values = {}
    for fig, (run, rx) in table["figures"].items():
        label = table["runs"][run][0] or " ".join(table["runs"][run][1])
        if rx.startswith("stat:"):
            try:
                v = stat_value(stats[run], rx[5:])
            except (KeyError, TypeError):
                sys.exit(f"published-figures: {name}: no {fig} ({rx}) in the statistics of {label}")
            values[fig] = int(v) if float(v).is_integer() else round(float(v), 3)  # as n() prints it
            continue
        m = re.search(rx, outs[run])
        if not m:
            sys.exit(f"published-figures: {name}: no {fig} ({rx!r}) in the output of {label}")
        values[fig] = int(m.group(1))
    return values


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
    prose = [] if a.thesis else sorted(k for k in mine if TABLES[k].get("prose"))
    missing = [k for k in missing if not TABLES[k].get("prose")]
    if missing:
        sys.exit(f"published-figures: {a.doc}: no generated block for {', '.join(missing)}")
    found = {k: v for k, v in all_found.items() if TABLES[k].get("summary", False) == bool(a.thesis)}
    fresh = {name: thesis_values(a.thesis) if a.thesis else measure(name, TABLES[name], a.sim, a.guest_dir)
             for name in list(found) + prose}
    if a.write:
        for name, (i, j) in sorted(found.items(), key=lambda kv: -kv[1][0]):
            lines[i:j + 1] = render(name, TABLES[name], fresh[name])
        with open(a.doc, "w") as f:
            f.write("\n".join(lines))
        print(f"published-figures: wrote {len(found)} tables into {a.doc}"
              + (f" (figures in the text are checked, not written: {', '.join(prose)})" if prose else ""))
        return 0
    moved = 0
    inside = {k for i, j in all_found.values() for k in range(i, j + 1)}
    in_text = [(k + 1, fig, float(v.replace(",", ""))) for k, line in enumerate(lines) if k not in inside
               for fig, v in FIGURE.findall(line)]
    for name in prose:
        for fig, value in fresh[name].items():
            uses = [(ln, pub) for ln, f2, pub in in_text if f2 == fig]
            if not uses:
                print(f"FAIL: {name}: {fig} is not in the text of {doc_rel} (<!--f:{fig}-->VALUE)")
                moved += 1
            for ln, pub in uses:
                dev = abs(value - pub) / pub * 100 if pub else (0.0 if value == 0 else float("inf"))
                good = dev <= a.tolerance
                print(f"{'ok  ' if good else 'FAIL'}: {name}: {fig} at {doc_rel}:{ln} published {fmt(pub, value)}, "
                      f"fresh run {n(value)} ({dev:.2f} %, tolerance {a.tolerance:g} %)")
                moved += not good
    known = {fig for t in prose for fig in TABLES[t]["figures"]}
    for ln, fig, _ in in_text:
        if fig not in known:
            print(f"FAIL: {doc_rel}:{ln}: figure {fig} is tagged in the text but no table measures it")
            moved += 1
    for name, (i, j) in found.items():
        before = moved
        published = {k: float(v.replace(",", "")) for line in lines[i:j + 1] for k, v in FIGURE.findall(line)}
        for fig, value in fresh[name].items():
            if fig not in published:
                print(f"FAIL: {name}: {fig} is not published (regenerate: scripts/published-figures.py --write)")
                moved += 1
                continue
            pub = published[fig]
            dev = abs(value - pub) / pub * 100 if pub else (0.0 if value == 0 else float("inf"))
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
