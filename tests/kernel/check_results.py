#!/usr/bin/python3
"""Runs uintrsim, then checks its exit status and values in its --stats-out JSON.

usage: check_results.py STATUS JSON CHECK [CHECK...] -- uintrsim args...
A CHECK is `path OP value` with OP one of == >= <= > <, path a dotted path into the JSON
where "stats.<name>" and "roi.stats.<name>" name statistics (their "value" is used), e.g.
  roi.trap_frequency==1  stats.kernel.async.stranded>=1
or `output~TEXT`: the simulator's output (stdout and stderr) contains TEXT;
`path~TEXT`: the string at path contains TEXT; `path#==N` (any OP): the length of the list or
string at path; `!path`: path is absent; `rss_mib<N` (any OP): the simulator's peak resident
memory in MiB.
"""
import json
import re
import resource
import subprocess
import sys


def lookup(doc, path):
    for prefix in ("roi.stats.", "stats."):
        if path.startswith(prefix):
            node = doc
            for part in prefix.rstrip(".").split("."):
                node = node[part]
            return node[path[len(prefix):]]["value"]
    node = doc
    for part in path.split("."):
        node = node[part]
    return node["value"] if isinstance(node, dict) and "value" in node else node


def main():
    args = sys.argv[1:]
    sep = args.index("--")
    status, json_path, checks, cmd = int(args[0]), args[1], args[2:sep], args[sep + 1:]
    proc = subprocess.run(cmd + ["--stats-out", json_path, "--quiet"], capture_output=True, text=True,
                          errors="replace")
    rss_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out = proc.stdout + proc.stderr
    ok = True
    if proc.returncode != status:
        print(f"FAIL: exit status {proc.returncode}, expected {status}\n{out[-2000:]}")
        ok = False
    try:
        doc = json.load(open(json_path))
    except (OSError, ValueError) as e:
        print(f"FAIL: {json_path}: unreadable results ({e})\n{out[-2000:]}")
        print("check_results: FAILED")
        return 1
    for c in checks:
        if c.startswith("output~"):
            good = c[len("output~"):] in out
            print(f"{'ok  ' if good else 'FAIL'}: output contains {c[len('output~'):]!r}")
            ok &= good
            continue
        if c.startswith("!"):
            try:
                lookup(doc, c[1:])
                good = False
            except (KeyError, TypeError):
                good = True
            print(f"{'ok  ' if good else 'FAIL'}: {c[1:]} is absent")
            ok &= good
            continue
        m = re.fullmatch(r"([\w.]+)~(.*)", c)
        if m:
            try:
                got = str(lookup(doc, m.group(1)))
            except (KeyError, TypeError) as e:
                got = None
            good = got is not None and m.group(2) in got
            print(f"{'ok  ' if good else 'FAIL'}: {m.group(1)} contains {m.group(2)!r}")
            ok &= good
            continue
        m = re.fullmatch(r"([\w.]+)(#?)(==|>=|<=|>|<)(-?[\d.]+)", c)
        if not m:
            print(f"FAIL: bad check {c!r}")
            return 2
        path, length, op, want = m.group(1), m.group(2), m.group(3), float(m.group(4))
        try:
            got = rss_mib if path == "rss_mib" else lookup(doc, path)
            got = float(len(got) if length else got)
        except (KeyError, TypeError) as e:
            print(f"FAIL: {path}: missing ({e})")
            ok = False
            continue
        good = {"==": got == want, ">=": got >= want, "<=": got <= want, ">": got > want, "<": got < want}[op]
        print(f"{'ok  ' if good else 'FAIL'}: {path} = {got:g} (want {op} {want:g})")
        ok &= good
    print("check_results: OK" if ok else "check_results: FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
