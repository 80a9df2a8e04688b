"""The summary files (summary.csv, summary.columns.csv, summary.json), the progress line and
the closing report. The same for every backend: the summary depends only on the points'
results, so a sweep run locally or on Slurm gives byte-identical files."""
import csv
import os
import sys
import time

from uintrsim_results import fold, flatten, stat_meta, stat_value

from .common import KEY_FORMAT, PROG, SEED_KEY, point_label, read_json, write_json

# Summary columns: (column, statistic in stats.json). ROI deltas unless noted.
SUMMARY_STATS = [
    ("cycles_per_round", "roi.cycles_per_round"),
    ("ticks_per_round", "roi.ticks_per_round"),
    ("trap_frequency", "roi.trap_frequency"),
    ("roi_cycles", "roi.cycles"),
    ("roi_ticks", "roi.ticks"),
    ("rounds", "roi.rounds"),
    ("syscalls_requested", "roi.syscalls_requested"),
    ("syscall_traps", "roi.stats.kernel.traps.syscall"),
    ("kernel_cycles", "roi.stats.kernel.cycles"),
    ("async_wakes", "roi.stats.kernel.async.wakes"),
    ("async_activations", "roi.stats.kernel.async.activations"),
    ("async_notifications", "roi.stats.kernel.async.notifications"),
    ("async_stranded", "stats.kernel.async.stranded"),
    ("user_interrupts", "roi.stats.hart0.traps.interrupt.usi"),
    ("timer_ticks", "roi.stats.kernel.ticks"),
    ("hart0_dcache_misses", "roi.stats.hart0.dcache.misses"),
]


class Progress:
    def __init__(self, total):
        self.total, self.done, self.start = total, 0, time.monotonic()
        self.tty = sys.stderr.isatty()

    def step(self, label):
        self.done += 1
        elapsed = time.monotonic() - self.start
        eta = elapsed / self.done * (self.total - self.done) if self.done else 0
        if self.tty:
            width = 30
            fill = int(width * self.done / self.total)
            sys.stderr.write(f"\r[{'#' * fill}{'-' * (width - fill)}] {self.done}/{self.total} "
                             f"ETA {int(eta) // 60}:{int(eta) % 60:02d} ")
            if self.done == self.total:
                sys.stderr.write("\n")
        else:
            sys.stderr.write(f"point {self.done}/{self.total} {label}\n")
        sys.stderr.flush()



def csv_cell(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


def write_summary(outroot, name, points, runs_of, results, params, simulator, repeat, swept):
    """summary.json, summary.csv and summary.columns.csv, in sweep order."""
    configs = [flatten(runs_of[i][0]["config"]) for i in range(len(points))]
    changed = sorted({k for c in configs for k, v in c.items()
                      if k in params and v != params[k]["default"] and k not in swept})
    if repeat > 1:
        changed = [k for k in changed if k != SEED_KEY]
    settings = swept + changed
    columns = {}  # name -> {"kind", "unit", "description"}
    for k in settings:
        columns[k] = {"kind": "swept" if k in swept else "setting", "unit": params.get(k, {}).get("unit", ""),
                      "description": params.get(k, {}).get("description", "")}
    if repeat > 1:
        columns["repeats"] = {"kind": "repeat", "unit": "runs",
                              "description": f"runs folded into this row ({SEED_KEY} = "
                                             f"{runs_of[0][0]['seed']} .. {runs_of[0][-1]['seed']})"}
    columns["hash"] = {"kind": "id", "unit": "", "description": "hash of the point's resolved configuration: "
                       "its folder points/<hash>" + (" (of the first seed)" if repeat > 1 else "")}
    columns["status"] = {"kind": "id", "unit": "", "description": "ok, or failed (see the driver's output and "
                         "points/<hash>/console.log)"}
    docs = {}
    for i in range(len(points)):
        for r in runs_of[i]:
            if results[r["id"]][0]:
                docs[r["id"]] = read_json(os.path.join(outroot, "points", r["hash"], "stats.json"))
    for col, path in SUMMARY_STATS:
        meta = next((stat_meta(d, path) for d in docs.values() if stat_meta(d, path)), ("", ""))
        columns[col] = {"kind": "metric", "unit": meta[0], "description": f"{path}: {meta[1]}".rstrip(": "),
                        "stat": path}
        if repeat > 1:
            columns[col]["description"] += " (mean of the runs)"
            for side in ("low", "high"):
                columns[f"{col}_ci95_{side}"] = {
                    "kind": "interval", "unit": meta[0],
                    "description": f"{side} end of the {int(100 * 0.95)} % t-interval of the mean of {col}"}

    rows, json_points, failures = [], [], []
    for i, p in enumerate(points):
        runs = runs_of[i]
        cfg = configs[i]
        row = {k: cfg.get(k) for k in settings}
        if repeat > 1:
            row["repeats"] = len(runs)
        row["hash"] = runs[0]["hash"]
        ok = all(results[r["id"]][0] for r in runs)
        row["status"] = "ok" if ok else "failed"
        run_docs = []
        for r in runs:
            good, msg = results[r["id"]]
            if not good:
                failures.append((r, msg))
            run_docs.append({"seed": r["seed"], "hash": r["hash"], "status": "ok" if good else "failed",
                             "stats": {col: stat_value(docs[r["id"]], path) if good else None
                                       for col, path in SUMMARY_STATS}})
        for col, path in SUMMARY_STATS:
            vals = [d["stats"][col] for d in run_docs]
            if not ok or any(v is None for v in vals):
                row[col] = None
                if repeat > 1:
                    row[f"{col}_ci95_low"] = row[f"{col}_ci95_high"] = None
            elif repeat > 1:
                row[col], row[f"{col}_ci95_low"], row[f"{col}_ci95_high"] = fold(vals)
            else:
                row[col] = vals[0]
        rows.append(row)
        jp = dict(row)
        jp["elf"] = runs[0]["record"]["elf"]
        jp["key"] = runs[0]["record"]["key"]
        if repeat > 1:
            jp["runs"] = [dict(d, key=r["record"]["key"]) for d, r in zip(run_docs, runs)]
        json_points.append(jp)

    elfs = {}
    for jp in json_points:
        elfs[jp["elf"]["file"]] = jp["elf"]["sha256"]
    summary = {"experiment": name, "swept": swept, "settings": changed, "repeat": repeat,
               "columns": columns, "points": json_points,
               "provenance": {"simulator": simulator, "elf_sha256": elfs, "key_format": KEY_FORMAT}}
    write_json(os.path.join(outroot, "summary.json"), summary)
    names = list(columns)
    tmp = os.path.join(outroot, "summary.csv.partial")
    with open(tmp, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(names)
        for r in rows:
            w.writerow([csv_cell(r.get(k)) for k in names])
    os.replace(tmp, os.path.join(outroot, "summary.csv"))
    tmp = os.path.join(outroot, "summary.columns.csv.partial")
    with open(tmp, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["column", "unit", "kind", "description"])
        for k in names:
            w.writerow([k, columns[k]["unit"], columns[k]["kind"], columns[k]["description"]])
    os.replace(tmp, os.path.join(outroot, "summary.columns.csv"))
    return failures


def report(outroot, points, runs_of, all_runs, results, failures, repeat, logs=None):
    """The closing lines: how many points are ok, and each failure with its log's last lines.
    logs: run id -> the log to show instead of the point's console.log (a Slurm task killed
    before its point was in place). Returns the exit status."""
    logs = logs or {}
    n_ok = sum(1 for i in range(len(points)) if all(results[r["id"]][0] for r in runs_of[i]))
    runs_note = f" ({len(all_runs)} runs, {repeat} seeds each)" if repeat > 1 else ""
    print(f"{PROG}: {n_ok} of {len(points)} points ok{runs_note}; "
          f"summary in {os.path.relpath(os.path.join(outroot, 'summary.csv'))}")
    for run, msg in failures:
        log = logs.get(run["id"], os.path.join(outroot, "points", run["hash"], "console.log"))
        print(f"FAILED {point_label(run['sets'])}: {msg} (log: {log})")
        try:
            with open(log, errors="replace") as f:  # guest bytes need not be UTF-8
                tail = f.read().splitlines()[-5:]
            for line in tail:
                print(f"    {line}")
        except OSError:
            pass
    return 1 if failures else 0
