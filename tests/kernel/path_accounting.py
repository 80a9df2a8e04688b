#!/usr/bin/python3
"""Kernel path accounting: in the ROI, every kernel entry is attributed to exactly one path and
every kernel cycle to the path of its entry.

usage: path_accounting.py OUT.json EXPECTED_PATH... -- UINTRSIM ARGS...

Runs the simulator with --stats-out OUT.json and checks, over the ROI deltas:
  sum of kernel.path.<p>.count  == kernel.entries   (and > 0)
  sum of kernel.path.<p>.cycles == kernel.cycles
  every EXPECTED_PATH was taken at least once (e.g. async.drain for an asynchronous run)
Prints "path_accounting: OK" on success.
"""
import json
import subprocess
import sys


def main():
    sep = sys.argv.index("--")
    out, expected, cmd = sys.argv[1], sys.argv[2:sep], sys.argv[sep + 1:]
    run = subprocess.run(cmd + ["--quiet", "--stats-out", out], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"path_accounting: simulator exited {run.returncode}\n{run.stderr}")
    with open(out) as f:
        roi = json.load(f)["roi"]["stats"]
    value = lambda k: roi[k]["value"]
    paths = sorted({k[len("kernel.path."):k.rindex(".")] for k in roi if k.startswith("kernel.path.")})
    counts = {p: value(f"kernel.path.{p}.count") for p in paths}
    cycles = {p: value(f"kernel.path.{p}.cycles") for p in paths}
    errors = []
    if value("kernel.entries") == 0:
        errors.append("no kernel entries in the ROI")
    if sum(counts.values()) != value("kernel.entries"):
        errors.append(f"path counts sum to {sum(counts.values())}, kernel.entries = {value('kernel.entries')}")
    if sum(cycles.values()) != value("kernel.cycles"):
        errors.append(f"path cycles sum to {sum(cycles.values())}, kernel.cycles = {value('kernel.cycles')}")
    for p in expected:
        if counts.get(p, 0) == 0:
            errors.append(f"path {p} was never taken (paths taken: "
                          f"{', '.join(q for q in paths if counts[q])})")
    if errors:
        sys.exit("path_accounting: FAIL\n  " + "\n  ".join(errors))
    print("path_accounting: OK")


main()
