#!/usr/bin/python3
"""Turns a thesis-style sweep's summary.json into a reference table (the columns of
configs/reference/thesis_fpga_ticks_per_round.csv), for the calibration tool's tests.

usage: make_reference.py SUMMARY.json OUT.csv
"""
import csv
import json
import sys

COLUMNS = ["concurrency", "sync_ticks", "async_1core_ticks", "async_multicore_ticks",
           "async_1core_traps", "async_multicore_traps"]


def main():
    points = json.load(open(sys.argv[1]))["points"]
    rows = {}
    for p in points:
        assert p["status"] == "ok", p
        n = p["workload.concurrency"]
        row = rows.setdefault(n, {"concurrency": n})
        if p["workload.mode"] == "sync":
            row["sync_ticks"] = p["ticks_per_round"]
        else:
            series = "async_1core" if p.get("platform.harts", 1) == 1 else "async_multicore"
            row[f"{series}_ticks"] = p["ticks_per_round"]
            row[f"{series}_traps"] = round(p["trap_frequency"] * p["syscalls_requested"])
    with open(sys.argv[2], "w", newline="") as f:
        f.write("# made by make_reference.py from a simulated sweep\n")
        w = csv.DictWriter(f, COLUMNS, lineterminator="\n")
        w.writeheader()
        for n in sorted(rows):
            w.writerow(rows[n])


if __name__ == "__main__":
    main()
