#!/usr/bin/python3
"""Runs uintrsim on a workload of the library, then checks its exit status, its output and
values in its --stats-out JSON.

usage: check_workload.py STATUS JSON CHECK [CHECK...] -- uintrsim args...
A CHECK is `path OP value` with OP one of == != >= <= > <, and path a dotted path into the
results JSON where statistic names may contain dots (the longest key wins at each level, as
scripts/uintrsim-plot reads them): roi.trap_frequency, roi.stats.kernel.async.requests,
stats.kernel.fastpath, distributions.guest.dist22.count. A statistic node gives its value.
`output~TEXT`: the simulator's output (the guest's console included) contains TEXT;
`output!~TEXT`: it does not.
"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
from uintrsim_results import stat_value  # noqa: E402


def main():
    args = sys.argv[1:]
    sep = args.index("--")
    status, json_path, checks, cmd = int(args[0]), args[1], args[2:sep], args[sep + 1:]
    if os.path.exists(json_path):
        os.remove(json_path)
    proc = subprocess.run(cmd + ["--stats-out", json_path, "--quiet"], capture_output=True, text=True)
    out = proc.stdout + proc.stderr
    ok = True
    if proc.returncode != status:
        print(f"FAIL: exit status {proc.returncode}, expected {status}")
        ok = False
    try:
        doc = json.load(open(json_path))
        out += doc.get("console", "")
    except (OSError, ValueError):
        doc = None
    for c in checks:
        if c.startswith("output!~") or c.startswith("output~"):
            neg = c.startswith("output!~")
            text = c[len("output!~" if neg else "output~"):]
            good = (text in out) != neg
            print(f"{'ok  ' if good else 'FAIL'}: output {'does not contain' if neg else 'contains'} {text!r}")
            ok &= good
            continue
        m = re.fullmatch(r"([\w.]+)(==|!=|>=|<=|>|<)(-?[\d.]+)", c)
        if not m:
            print(f"FAIL: bad check {c!r}")
            return 2
        path, op, want = m.group(1), m.group(2), float(m.group(3))
        got = stat_value(doc, path) if doc is not None else None
        if not isinstance(got, (int, float)) or isinstance(got, bool):
            print(f"FAIL: {path}: missing or not a number ({got!r})")
            ok = False
            continue
        good = {"==": got == want, "!=": got != want, ">=": got >= want, "<=": got <= want, ">": got > want,
                "<": got < want}[op]
        print(f"{'ok  ' if good else 'FAIL'}: {path} = {got:g} (want {op} {want:g})")
        ok &= good
    if not ok:
        print(out[-3000:])
    print("check_workload: OK" if ok else "check_workload: FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
