"""A sweep's runs (one per point and seed), their cache keys and folders, and running one."""
import json
import os
import shutil
import subprocess
import sys
import threading

from uintrsim_results import flatten, sha256_file, sha256_json

from .common import KEY_FORMAT, PROG, SEED_KEY, die, expand, point_label, read_json, write_json


def plan(a, points, params, simulator):
    """(runs_of, all_runs): per point its runs (one per seed of --repeat), and all of them in
    sweep order. Each run has its folder's hash, its --set arguments and its cache record."""
    base_seed = flatten(points[0]["config"])[SEED_KEY] if points else 0
    if a.repeat > 1 and base_seed + a.repeat - 1 > params[SEED_KEY].get("max", float("inf")):
        die(f"--repeat {a.repeat}: seeds from {base_seed} exceed {SEED_KEY}'s maximum")
    variants = [points] + [expand(a.sim, a.experiment, a.set + [f"{SEED_KEY}={base_seed + r}"])
                           for r in range(1, a.repeat)]
    elf_sha = {}
    runs_of = []
    all_runs = []
    for i, p in enumerate(points):
        runs = []
        for r, variant in enumerate(variants):
            q = variant[i]
            elf = q["elf"]
            if not elf or not os.path.isfile(elf):
                die(f"point {i + 1} ({point_label(p['sets'])}): guest ELF {elf or '(none)'} not found "
                    f"(workload.program = '{flatten(q['config']).get('workload.program', '')}'; build it first)")
            if elf not in elf_sha:
                elf_sha[elf] = sha256_file(elf)
            sets = dict(q["sets"])
            if a.repeat > 1:
                sets[SEED_KEY] = str(base_seed + r)
            record = {"config_hash": q["hash"], "config_sha256": sha256_json(q["config"]),
                      "elf": {"file": os.path.basename(elf), "sha256": elf_sha[elf]},
                      "simulator": simulator, "key_format": KEY_FORMAT}
            record["key"] = sha256_json(record)
            run = {"id": len(all_runs), "point": i, "seed": base_seed + r, "hash": q["hash"], "sets": sets,
                   "config": q["config"], "record": record}
            runs.append(run)
            all_runs.append(run)
        runs_of.append(runs)
    by_hash = {}
    for run in all_runs:  # the expansion rejects duplicates; never let two runs share a folder
        if run["hash"] in by_hash:
            die(f"points {by_hash[run['hash']]['point'] + 1} and {run['point'] + 1} have the same configuration "
                f"(hash {run['hash']})")
        by_hash[run["hash"]] = run
    return runs_of, all_runs


def stale_reason(old, new):
    """Why a cached point (its point.json `old`) cannot be served for the run `new`."""
    if old is None:
        return "no provenance recorded (results from an older driver)"
    reasons = []
    if old.get("elf", {}).get("sha256") != new["elf"]["sha256"]:
        o = old.get("elf", {}).get("sha256", "?")
        reasons.append(f"the guest ELF changed ({new['elf']['file']}: sha256 {o[:12]} -> {new['elf']['sha256'][:12]})")
    os_, ns = old.get("simulator", {}), new["simulator"]
    if os_.get("sha256") != ns["sha256"]:
        what = f"sha256 {os_.get('sha256', '?')[:12]} -> {ns['sha256'][:12]}"
        if os_.get("revision") != ns["revision"]:
            what += f", source revision {os_.get('revision', '?')[:12]} -> {ns['revision'][:12]}"
        reasons.append(f"the simulator changed ({what})")
    if old.get("config_sha256") != new["config_sha256"]:
        reasons.append("the resolved configuration changed")
    if not reasons:
        reasons.append("its key format changed")
    return " and ".join(reasons)


class Interrupted(Exception):
    pass


class Children:
    """The simulator processes running now, so that an interrupt can stop them."""

    def __init__(self):
        # Re-entrant: a Slurm task stops its simulator from a signal handler, which may interrupt
        # the main thread inside run()'s locked block.
        self.lock = threading.RLock()
        self.procs = set()
        self.stopping = False

    def run(self, cmd, stdout, timeout):
        """subprocess.run(cmd, stdout=stdout, stderr=STDOUT, timeout=timeout).returncode, or
        Interrupted once stop() was called (then the process is stopped, not waited for)."""
        with self.lock:
            if self.stopping:
                raise Interrupted()
            proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.STDOUT)
            self.procs.add(proc)
        try:
            return proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise
        finally:
            with self.lock:
                self.procs.discard(proc)
                if self.stopping:
                    raise Interrupted()

    def stop(self):
        """Stops every running process (SIGTERM, then SIGKILL after 5 s) and refuses new ones."""
        with self.lock:
            self.stopping = True
            procs = list(self.procs)
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        return len(procs)


CHILDREN = Children()


def run_point(sim, experiment, sets, run, outdir, timeout):
    """Runs one point into outdir; returns (ok, message). Raises Interrupted when the sweep is
    being interrupted."""
    os.makedirs(outdir, exist_ok=True)
    args = [a for s in sets for a in ("--set", s)]
    args += [a for k, v in run["sets"].items() for a in ("--set", f"{k}={v}")]
    base = [sim, "--config", experiment] + args
    with open(os.path.join(outdir, "config.toml"), "w") as f:
        CHILDREN.run(base + ["--dump-config"], f, None)
    tmp = os.path.join(outdir, "stats.json.partial")
    log = os.path.join(outdir, "console.log")
    try:
        with open(log, "w") as f:
            status = CHILDREN.run(base + ["--stats-out", tmp, "--quiet"], f, timeout)
    except subprocess.TimeoutExpired:
        return False, f"timed out after {timeout} s"
    if status != 0:
        return False, f"exit status {status}"
    try:
        with open(tmp) as f:
            doc = json.load(f)
        if "roi" not in doc:
            return False, "no region of interest in the results"
    except (OSError, ValueError) as e:
        return False, f"unreadable results ({e})"
    os.replace(tmp, os.path.join(outdir, "stats.json"))
    # The point's key and provenance last: a point is cached only with both files.
    write_json(os.path.join(outdir, "point.json"), run["record"])
    return True, "ok"


def cache_state(outdir, run):
    """("cached", None), ("stale", reason) or ("new", None)."""
    stats = read_json(os.path.join(outdir, "stats.json"))
    if not isinstance(stats, dict) or "roi" not in stats:
        return "new", None
    old = read_json(os.path.join(outdir, "point.json"))
    if old is not None and old.get("key") == run["record"]["key"]:
        return "cached", None
    return "stale", stale_reason(old, run["record"])


def prepare(outroot, all_runs, force):
    """(cached, todo): the runs served from the cache, and those to run, whose folders are
    cleared (a stale point's previous results moved to superseded/, said so)."""
    todo = []
    cached = []
    stale = {}  # reason -> runs
    for run in all_runs:
        d = os.path.join(outroot, "points", run["hash"])
        state, reason = ("new", None) if force else cache_state(d, run)
        if state == "cached":
            cached.append(run)
            continue
        if state == "stale":
            stale.setdefault(reason, []).append(run)
            old = os.path.join(outroot, "superseded", run["hash"])
            if os.path.isdir(old):
                shutil.rmtree(old)
            os.makedirs(os.path.dirname(old), exist_ok=True)
            os.replace(d, old)
        elif os.path.isdir(d):
            shutil.rmtree(d)
        todo.append(run)
    for reason, runs in stale.items():
        labels = [point_label(r["sets"]) for r in runs]
        shown = "; ".join(labels[:4]) + (f"; and {len(labels) - 4} more" if len(labels) > 4 else "")
        sys.stderr.write(f"{PROG}: re-running {len(runs)} cached point{'s' if len(runs) > 1 else ''}: {reason} "
                         f"since {'they' if len(runs) > 1 else 'it'} ran ({shown}); the previous results are "
                         f"in {os.path.join(outroot, 'superseded')}/\n")
    return cached, todo
