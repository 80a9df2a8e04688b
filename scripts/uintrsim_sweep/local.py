"""The local backend: the missing points in a pool of -j simulator processes on this host."""
import concurrent.futures as cf
import os
import shutil
import signal
import sys

from .common import PROG, point_label
from .points import CHILDREN, Interrupted, cache_state, run_point
from .summary import Progress


def interrupted(outroot, all_runs, started):
    """After an interrupt: stop and discard the running points, say what is kept."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    stopped = CHILDREN.stop()
    if sys.stderr.isatty():
        sys.stderr.write("\n")  # after the progress bar
    done = 0
    for run in all_runs:
        d = os.path.join(outroot, "points", run["hash"])
        if cache_state(d, run)[0] == "cached":
            done += 1
        elif run["id"] in started and os.path.isdir(d):
            shutil.rmtree(d, ignore_errors=True)  # begun, not finished: nothing of it is kept
    what = "runs" if len(all_runs) != len({r["point"] for r in all_runs}) else "points"
    sys.stderr.write(f"{PROG}: interrupted: {done} of {len(all_runs)} {what} are done and kept in "
                     f"{os.path.relpath(os.path.join(outroot, 'points'))}; {stopped} running point(s) were "
                     f"stopped and discarded; no summary was written.\n")
    sys.stderr.write(f"{PROG}: run the same command again to resume (points already done are skipped).\n")
    return 130


def run_local(a, outroot, all_runs, cached, todo):
    """Runs `todo`; returns (results, logs) -- results: run id -> (ok, message) for every run --
    or the exit status 130 when interrupted."""
    results = {}
    progress = Progress(len(all_runs))
    for run in cached:
        results[run["id"]] = (True, "cached")
        progress.step(f"{run['hash']} (cached)")
    started = set()
    pool = cf.ThreadPoolExecutor(max_workers=max(1, a.jobs))
    try:
        futs = {}
        for run in todo:
            started.add(run["id"])
            futs[pool.submit(run_point, a.sim, a.experiment, a.set, run,
                             os.path.join(outroot, "points", run["hash"]), a.timeout)] = run
        for fut in cf.as_completed(futs):
            run = futs[fut]
            results[run["id"]] = fut.result()
            progress.step(f"{run['hash']} {point_label(run['sets'])}: {results[run['id']][1]}")
    except (KeyboardInterrupt, Interrupted):
        pool.shutdown(wait=False, cancel_futures=True)
        return interrupted(outroot, all_runs, started)
    pool.shutdown(wait=True)
    return results, {}
