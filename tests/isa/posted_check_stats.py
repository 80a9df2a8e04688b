#!/usr/bin/python3
"""Runs a guest with --stats-out and checks that it exits 0 and that statistics have the
values the program's phases imply (tests/isa/posted_rules.c).

usage: posted_check_stats.py SIM ELF OUT.json KEY=VALUE... -- [extra uintrsim args...]
"""
import json
import subprocess
import sys


def main():
    if "--" not in sys.argv or len(sys.argv) < 5:
        print(__doc__)
        return 2
    sep = sys.argv.index("--")
    sim, elf, out = sys.argv[1:4]
    want = [a.split("=", 1) for a in sys.argv[4:sep]]
    cmd = [sim, "--elf", elf, "--stats-out", out] + sys.argv[sep + 1:]
    print("running:", " ".join(cmd))
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(p.stdout, end="")
    errors = []

    def check(cond, what):
        print(("ok:   " if cond else "FAIL: ") + what)
        if not cond:
            errors.append(what)

    check(p.returncode == 0, f"exit status 0 (got {p.returncode})")
    with open(out) as f:
        stats = json.load(f).get("stats", {})
    for key, value in want:
        got = stats.get(key, {}).get("value")
        check(got == int(value), f"{key} == {value} (got {got})")
    if errors:
        print(f"{len(errors)} check(s) failed")
        return 1
    print("all posted stats checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
