"""The driver's options and the order of things: check everything, lock the results folder,
run the missing points with the chosen backend, write the summary."""
import argparse
import json
import os
import signal
import sys

from .common import PROG, SEED_KEY, die, expand, sim_output, simulator_identity
from .lock import FolderLock
from .points import plan, prepare
from .summary import report, write_summary

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def on_signal(signum, frame):
    raise KeyboardInterrupt()


def main(doc):
    signal.signal(signal.SIGTERM, on_signal)
    try:
        return setup_and_drive(doc)
    except KeyboardInterrupt:  # before any point ran (the backends handle their own)
        sys.stderr.write(f"{PROG}: interrupted before any point ran; nothing was changed.\n")
        return 130


def parse(doc):
    ap = argparse.ArgumentParser(prog=PROG, description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("experiment")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--force", action="store_true", help="rerun points that already have results")
    ap.add_argument("--results", default=os.path.join(ROOT, "results"))
    ap.add_argument("--sim", default=os.path.join(ROOT, "build", "bin", "uintrsim"))
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    ap.add_argument("--repeat", type=int, default=1, metavar="K",
                    help=f"run each point with K seeds ({SEED_KEY}, {SEED_KEY}+1, ...) and fold them into "
                         "the mean and a 95%% interval")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--backend", choices=("local", "slurm", "print"), default="local")
    ap.add_argument("--partition", help="Slurm partition (slurm, print)")
    ap.add_argument("--max-parallel", type=int, metavar="K", help="at most K array tasks at once (slurm, print)")
    ap.add_argument("--sbatch-arg", action="append", default=[], metavar="ARG",
                    help="an sbatch option for the array, e.g. --sbatch-arg=--time=30 (repeatable; slurm, print)")
    ap.add_argument("--poll", type=float, default=5.0, metavar="SEC", help="seconds between squeue calls (slurm)")
    a = ap.parse_args()
    if a.repeat < 1:
        die(f"--repeat {a.repeat}: needs at least 1 run per point")
    if a.backend == "local":
        for opt, given in (("--partition", a.partition), ("--max-parallel", a.max_parallel),
                           ("--sbatch-arg", a.sbatch_arg)):
            if given:
                die(f"{opt} has no effect with --backend local (use --backend slurm or print)")
    else:
        if a.max_parallel is not None and a.max_parallel < 1:
            die(f"--max-parallel {a.max_parallel}: needs at least 1")
        for arg in a.sbatch_arg:
            if not arg.startswith("-"):
                die(f"--sbatch-arg {arg!r}: not an sbatch option (write --sbatch-arg=--time=30)")
            if arg.split("=")[0] in ("--array", "-a", "--output", "-o", "--chdir", "-D"):
                die(f"--sbatch-arg {arg}: the driver sets {arg.split('=')[0]} itself")
        if not 0 < a.poll <= 600:
            die(f"--poll {a.poll}: between 0 and 600 seconds")
    return a


def setup_and_drive(doc):
    a = parse(doc)
    if not os.access(a.sim, os.X_OK):
        die(f"{a.sim}: simulator not found (build first)")
    name = os.path.splitext(os.path.basename(a.experiment))[0]
    outroot = os.path.join(a.results, name)

    # Everything is checked before the results folder is touched.
    points = expand(a.sim, a.experiment, a.set)
    swept = sorted({k for p in points for k in p["sets"]})
    if a.repeat > 1 and SEED_KEY in swept:
        die(f"--repeat {a.repeat}: '{SEED_KEY}' is swept by the experiment; --repeat makes it the axis of "
            "repeated runs: drop one of the two")
    params = {}
    for line in sim_output(a.sim, ["--list-params"]).splitlines():
        if line.strip():
            spec = json.loads(line)
            params[spec["key"]] = spec
    simulator = simulator_identity(a.sim)
    runs_of, all_runs = plan(a, points, params, simulator)
    if a.backend == "slurm":
        from .slurm import check_reachable
        check_reachable()

    os.makedirs(os.path.join(outroot, "points"), exist_ok=True)
    lock = FolderLock(outroot)
    try:
        if a.backend == "print":
            from .slurm import run_print
            return run_print(a, name, outroot, all_runs)
        if a.backend == "slurm":
            from .slurm import run_slurm
            got = run_slurm(a, name, outroot, all_runs)
        else:
            from .local import run_local
            cached, todo = prepare(outroot, all_runs, a.force)
            got = run_local(a, outroot, all_runs, cached, todo)
        if isinstance(got, int):
            return got
        results, logs = got
        try:
            failures = write_summary(outroot, name, points, runs_of, results, params, simulator, a.repeat, swept)
            return report(outroot, points, runs_of, all_runs, results, failures, a.repeat, logs)
        except KeyboardInterrupt:
            sys.stderr.write(f"{PROG}: interrupted while writing the summary; run the same command again.\n")
            return 130
    finally:
        lock.release()
