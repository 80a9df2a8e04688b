"""Shared by the driver's modules: messages, the simulator's answers, JSON files."""
import json
import os
import re
import subprocess
import sys

from uintrsim_results import sha256_file

PROG = "uintrsim-sweep"
SEED_KEY = "workload.seed"
KEY_FORMAT = 1  # bump when the point key's definition changes: every cached point re-runs


def die(msg, status=2):
    sys.stderr.write(f"{PROG}: {msg}\n")
    sys.exit(status)


def sim_output(sim, args):
    proc = subprocess.run([sim] + args, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr or proc.stdout)
        sys.exit(2)
    return proc.stdout


def simulator_identity(sim):
    """The build's identity: sha256 of the binary, and its version and source revision."""
    out = sim_output(sim, ["--version"])
    version = re.search(r"^uintrsim (\S+)", out, re.M)
    revision = re.search(r"^source revision (\S+)", out, re.M)
    return {
        "version": version.group(1) if version else "unknown",
        "revision": revision.group(1) if revision else "unknown",
        "sha256": sha256_file(os.path.realpath(sim)),
    }


def expand(sim, experiment, sets):
    out = sim_output(sim, ["--config", experiment, "--expand-sweep"] + [a for s in sets for a in ("--set", s)])
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def point_label(sets):
    return " ".join(f"{k}={v}" for k, v in sets.items())


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def write_json(path, doc):
    """Written to PATH.partial and renamed: readers see the old file or the whole new one."""
    tmp = path + ".partial"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(tmp, path)
