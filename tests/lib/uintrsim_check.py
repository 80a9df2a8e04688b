"""Shared by the tests' result checkers (tests/kernel/check_results.py,
tests/workloads/check_workload.py, tests/isa/check_roi.py, tests/isa/uintr_check_stats.py):
run uintrsim with --stats-out on a fresh results file, then judge its exit status, its
output and values in its results JSON.

Not a command; the checkers import it from tests/lib.

The check language (`apply`):
  `path OP value`   OP one of == != >= <= > <, value a number or @path (another path's value);
                    path a dotted path into the results JSON where
                    statistic names may contain dots (the longest key wins at each level, as
                    scripts/uintrsim-plot reads them): roi.trap_frequency,
                    roi.stats.kernel.async.requests, stats.hart1.instret,
                    threads.0.core; a statistic node gives its value; list elements by index
  `path#OP N`       the length of the list, object or string at path
  `path~TEXT`       the string at path contains TEXT
  `!path`           path is absent
  `output~TEXT`     the simulator's output (stdout, stderr and the guest's console) contains TEXT
  `output!~TEXT`    it does not
  `rss_mib OP N`    the simulator's peak resident memory in MiB
"""
import json
import os
import re
import resource
import subprocess
import sys

OPS = {"==": lambda a, b: a == b, "!=": lambda a, b: a != b, ">=": lambda a, b: a >= b,
       "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, "<": lambda a, b: a < b}


class Run:
    """One simulator run: its exit status, its output (console included) and its results
    JSON (None when unreadable, with the reason in `error`)."""

    def __init__(self, cmd, json_path, quiet=True):
        # A stale file from an earlier run must never be judged: remove it first.
        if os.path.exists(json_path):
            os.remove(json_path)
        full = cmd + ["--stats-out", json_path] + (["--quiet"] if quiet else [])
        self.cmd = full
        proc = subprocess.run(full, capture_output=True, text=True, errors="replace")
        self.rss_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        self.returncode = proc.returncode
        self.output = proc.stdout + proc.stderr
        self.doc, self.error = None, None
        try:
            with open(json_path) as f:
                self.doc = json.load(f)
            self.output += self.doc.get("console", "") if isinstance(self.doc, dict) else ""
        except (OSError, ValueError) as e:
            self.error = f"{json_path}: unreadable results ({e})"


class Checker:
    """Prints one ok/FAIL line per check and remembers the failures."""

    def __init__(self):
        self.failed = []

    def check(self, cond, what):
        print(("ok  : " if cond else "FAIL: ") + what)
        if not cond:
            self.failed.append(what)
        return cond

    def finish(self, tag, context=""):
        if self.failed and context:
            print(context[-3000:])
        print(f"{tag}: OK" if not self.failed else f"{tag}: FAILED ({len(self.failed)} check(s))")
        return 0 if not self.failed else 1


def run_guest(sim, elf, json_path, extra):
    """Runs a guest that must exit 0 through the guest's own exit (shows the command and its
    output); returns (run, checker), the run's results None when they are unreadable."""
    run = Run([sim, "--elf", elf] + extra, json_path, quiet=False)
    print("running:", " ".join(run.cmd))
    print(run.output, end="")
    ck = Checker()
    ck.check(run.returncode == 0, f"exit status 0 (got {run.returncode})")
    if ck.check(run.doc is not None, run.error or "results readable"):
        ck.check(run.doc.get("exit", {}).get("reason") == "guest_exit",
                 f"exit.reason guest_exit (got {run.doc.get('exit')})")
    return run, ck


def lookup(doc, path):
    """(found, value) at a dotted path: at each level the longest key present wins (statistic
    names contain dots), list elements are addressed by their index, and a statistic node
    ({"value", "unit", "description"}) gives its value."""
    node = doc
    parts = path.split(".")
    i = 0
    while i < len(parts):
        if isinstance(node, list):
            if not parts[i].isdigit() or int(parts[i]) >= len(node):
                return False, None
            node, i = node[int(parts[i])], i + 1
            continue
        for j in range(len(parts), i, -1):
            key = ".".join(parts[i:j])
            if isinstance(node, dict) and key in node:
                node, i = node[key], j
                break
        else:
            return False, None
    if isinstance(node, dict) and "value" in node:
        node = node["value"]
    return True, node


def apply(run, checks, ck):
    """Applies the check language to a Run; returns False on a malformed check."""
    for c in checks:
        m = re.fullmatch(r"output(!?)~(.*)", c, re.S)
        if m:
            neg, text = m.group(1) == "!", m.group(2)
            ck.check((text in run.output) != neg, f"output {'does not contain' if neg else 'contains'} {text!r}")
            continue
        if c.startswith("!"):
            ck.check(run.doc is not None and not lookup(run.doc, c[1:])[0], f"{c[1:]} is absent")
            continue
        m = re.fullmatch(r"([\w.]+)~(.*)", c, re.S)
        if m:
            found, got = lookup(run.doc, m.group(1)) if run.doc is not None else (False, None)
            ck.check(found and m.group(2) in str(got), f"{m.group(1)} contains {m.group(2)!r} (got {got!r})")
            continue
        m = re.fullmatch(r"([\w.]+)(#?)(==|!=|>=|<=|>|<)(-?[\d.]+|@[\w.]+)", c)
        if not m:
            print(f"FAIL: bad check {c!r}")
            return False
        path, length, op, want = m.group(1), m.group(2), m.group(3), m.group(4)
        if want.startswith("@"):
            found, ref = lookup(run.doc, want[1:]) if run.doc is not None else (False, None)
            if not found or not isinstance(ref, (int, float)):
                ck.check(False, f"{want[1:]}: missing or not a number ({ref!r})")
                continue
            want = float(ref)
        else:
            want = float(want)
        if path == "rss_mib":
            found, got = True, run.rss_mib
        else:
            found, got = lookup(run.doc, path) if run.doc is not None else (False, None)
            if found and length:
                got = len(got) if isinstance(got, (list, dict, str)) else None
        if isinstance(got, bool):
            got = int(got)  # true/false compare as 1/0
        if not found or not isinstance(got, (int, float)):
            ck.check(False, f"{path}{length}: missing or not a number ({got!r})")
            continue
        ck.check(OPS[op](float(got), want), f"{path}{length} = {got:g} (want {op} {want:g})")
    return True


def main(tag, argv):
    """STATUS JSON CHECK... -- uintrsim args...: the command line of the checkers."""
    if "--" not in argv or len(argv) < 3:
        print("usage: STATUS JSON CHECK... -- uintrsim args...")
        return 2
    sep = argv.index("--")
    status, json_path, checks, cmd = int(argv[0]), argv[1], argv[2:sep], argv[sep + 1:]
    run = Run(cmd, json_path)
    ck = Checker()
    ck.check(run.returncode == status, f"exit status {run.returncode} (want {status})")
    if run.doc is None:
        ck.check(False, run.error)
    if not apply(run, checks, ck):
        return 2
    return ck.finish(tag, run.output)
