#!/usr/bin/python3
"""check_results.py with two more kinds of check, for the platform tests (qemu_virt.cmake):

usage: platform_check.py [--number REGEX LO HI]... [--ratio PATH_A PATH_B LO HI]...
                         STATUS JSON CHECK [CHECK...] -- uintrsim args...

  --number REGEX LO HI         the first group of REGEX in the simulator's output (console
                               included) is a number in [LO, HI]
  --ratio PATH_A PATH_B LO HI  the results' PATH_A / PATH_B is in [LO, HI]
                               (roi.cycles / roi.ticks = platform.clock_hz / platform.timebase_hz)

The rest is check_results.py's check language (tests/lib/uintrsim_check.py).
"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import uintrsim_check  # noqa: E402

TAG = "platform_check"


def main(argv):
    numbers, ratios = [], []
    while argv and argv[0] in ("--number", "--ratio"):
        n = 3 if argv[0] == "--number" else 4
        if len(argv) < n + 1:
            print(f"{TAG}: {argv[0]} needs {n} values")
            return 2
        (numbers if argv[0] == "--number" else ratios).append(argv[1:n + 1])
        argv = argv[n + 1:]
    if "--" not in argv or argv.index("--") < 2:
        print(__doc__)
        return 2
    sep = argv.index("--")
    status, json_path, checks, cmd = int(argv[0]), argv[1], argv[2:sep], argv[sep + 1:]
    run = uintrsim_check.Run(cmd, json_path)
    ck = uintrsim_check.Checker()
    ck.check(run.returncode == status, f"exit status {run.returncode} (want {status})")
    if run.doc is None:
        ck.check(False, run.error)
    if not uintrsim_check.apply(run, checks, ck):
        return 2
    for regex, lo, hi in numbers:
        m = re.search(regex, run.output)
        got = float(m.group(1)) if m else None
        ck.check(got is not None and float(lo) <= got <= float(hi),
                 f"output {regex!r} = {got} (want in [{lo}, {hi}])")
    for a, b, lo, hi in ratios:
        fa, va = uintrsim_check.lookup(run.doc, a) if run.doc is not None else (False, None)
        fb, vb = uintrsim_check.lookup(run.doc, b) if run.doc is not None else (False, None)
        ok = fa and fb and isinstance(va, (int, float)) and isinstance(vb, (int, float)) and vb != 0
        r = va / vb if ok else None
        ck.check(ok and float(lo) <= r <= float(hi), f"{a} / {b} = {r} (want in [{lo}, {hi}])")
    return ck.finish(TAG, run.output)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
