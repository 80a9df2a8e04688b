#!/usr/bin/python3
"""--dump-config contract.

usage: dump_config_check.py SIM ELF WORKDIR

1. SIM --dump-config exits 0 and prints TOML that parses (tomllib) and has
   platform.quantum_cycles and timing.mode.
2. It prints every parameter: the parsed dump equals the "config" object that
   --stats-out writes for a run with the same settings (which holds every resolved key).
3. Round trip: a dump (with some --set overrides) loaded back with --config gives a
   byte-identical dump, and the overrides survive.
"""
import json
import os
import subprocess
import sys
import tomllib


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return p.returncode, p.stdout, p.stderr


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    sim, elf, work = sys.argv[1:]
    os.makedirs(work, exist_ok=True)
    errors = []

    def check(cond, what):
        print(("ok:   " if cond else "FAIL: ") + what)
        if not cond:
            errors.append(what)

    sets = ["--set", "platform.harts=3", "--set", "timing.mode=functional",
            "--set", "platform.quantum_cycles=77", "--set", "cache.l1d.miss_latency=31"]

    # 1. plain dump
    rc, out, err = run([sim, "--dump-config"])
    check(rc == 0, f"--dump-config exits 0 (got {rc}; stderr {err.strip()!r})")
    try:
        d = tomllib.loads(out)
    except tomllib.TOMLDecodeError as e:
        check(False, f"--dump-config output is valid TOML ({e})")
        return 1
    check("quantum_cycles" in d.get("platform", {}), "dump has platform.quantum_cycles")
    check(d.get("timing", {}).get("mode") in ("functional", "inorder"), "dump has timing.mode")

    # 2. every key: compare with the config the simulator records in --stats-out
    stats = os.path.join(work, "dump_config_stats.json")
    rc, out2, err2 = run([sim, "--elf", elf, "--quiet", "--stats-out", stats] + sets)
    check(rc == 0, f"reference run exits 0 (got {rc}; {err2.strip()!r})")
    rc, dump_set, err = run([sim, "--dump-config"] + sets)
    check(rc == 0, "--dump-config with --set exits 0")
    with open(stats) as f:
        cfg_json = json.load(f)["config"]
    cfg_dump = tomllib.loads(dump_set)

    def flat(t, prefix=""):
        r = {}
        for k, v in t.items():
            if isinstance(v, dict):
                r.update(flat(v, prefix + k + "."))
            else:
                r[prefix + k] = v
        return r

    fj, fd = flat(cfg_json), flat(cfg_dump)
    missing = sorted(set(fj) - set(fd))
    extra = sorted(set(fd) - set(fj))
    differ = sorted(k for k in set(fj) & set(fd) if fj[k] != fd[k])
    check(not missing, f"dump lists every resolved parameter ({len(fj)} keys; missing {missing[:8]})")
    check(not extra, f"dump has no key the run does not know (extra {extra[:8]})")
    check(not differ, f"dump values equal the run's resolved values (differ {differ[:8]})")
    check(fd.get("platform.harts") == 3 and fd.get("timing.mode") == "functional"
          and fd.get("platform.quantum_cycles") == 77 and fd.get("cache.l1d.miss_latency") == 31,
          "the --set overrides show in the dump")

    # 3. round trip
    a = os.path.join(work, "dump_a.toml")
    with open(a, "w") as f:
        f.write(dump_set)
    rc, dump_b, err = run([sim, "--config", a, "--dump-config"])
    check(rc == 0, f"--config <dump> --dump-config exits 0 (got {rc}; {err.strip()!r})")
    with open(os.path.join(work, "dump_b.toml"), "w") as f:
        f.write(dump_b)
    check(dump_b == dump_set, "round trip: reloaded dump is byte-identical")
    rc, dump_c, err = run([sim, "--config", a, "--dump-config", "--set", "platform.harts=3"])
    check(rc == 0 and dump_c == dump_set, "re-applying the same --set changes nothing")

    if errors:
        print(f"{len(errors)} check(s) failed")
        return 1
    print("all --dump-config checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
