"""The Slurm backends: one sbatch job array over the points still missing (`slurm`), or its
script printed without submitting (`print`).

Each array task runs one point (task.py, by SLURM_ARRAY_TASK_ID) into a folder of its own
next to the points and renames it into place when done, then writes its status file
RESULTS/<experiment>/slurm/array-<n>/task-<i>.json. The driver follows the array with squeue
until no task is left in the queue; a task with no status file was stopped by the scheduler
(cancelled, time limit, node failure, preemption): it is reported with its Slurm log and,
having no results, runs again on the next invocation.
"""
import glob
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time

from .common import PROG, die, point_label, read_json, write_json
from .points import prepare
from .summary import Progress

HERE = os.path.dirname(os.path.abspath(__file__))
# squeue states of a task that has not ended (squeue --states=all also lists ended ones
# while the controller remembers them: MinJobAge, 300 s by default).
ACTIVE = {"PENDING", "RUNNING", "SUSPENDED", "COMPLETING", "CONFIGURING", "RESIZING", "REQUEUED",
          "REQUEUE_FED", "REQUEUE_HOLD", "SIGNALING", "STAGE_OUT", "STOPPED", "RESV_DEL_HOLD"}
CALL_TIMEOUT = 60  # seconds for one Slurm command: a controller that does not answer is unreachable
LOST_AFTER = 300  # seconds of failing squeue calls before the driver gives up following


class SlurmError(Exception):
    pass


def slurm(cmd):
    """A Slurm command's stdout; SlurmError with its message when it fails or hangs."""
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=CALL_TIMEOUT)
    except FileNotFoundError:
        raise SlurmError(f"{cmd[0]} not found on PATH (the slurm backend runs on a host with the Slurm "
                         "client commands: a cluster's login node)")
    except subprocess.TimeoutExpired:
        raise SlurmError(f"{shlex.join(cmd)} did not answer within {CALL_TIMEOUT} s")
    if proc.returncode != 0:
        msg = (proc.stderr.strip() or proc.stdout.strip() or f"exit status {proc.returncode}").splitlines()[0]
        raise SlurmError(f"{shlex.join(cmd)}: {msg}")
    return proc.stdout


def check_reachable():
    """Before anything is touched: the client commands exist and the controller answers."""
    for tool in ("sbatch", "squeue", "scancel"):
        if shutil.which(tool) is None:
            die(f"--backend slurm: {tool} not found on PATH (run on a host with the Slurm client commands, "
                "or use --backend print to write the job script); nothing was run or written")
    try:
        out = slurm(["scontrol", "ping"])
    except SlurmError as e:
        die(f"--backend slurm: the Slurm controller is not reachable ({e}); nothing was run or written")
    if "UP" not in out:
        first = out.strip().splitlines()[0] if out.strip() else "no answer"
        die(f"--backend slurm: the Slurm controller is not reachable (scontrol ping: {first}); "
            "nothing was run or written")


def squeue(job):
    """{task index: state} of the array's tasks the controller still knows about."""
    try:
        out = slurm(["squeue", "--noheader", "--array", "--states=all", f"--jobs={job}", "--format=%i|%T"])
    except SlurmError as e:
        if "Invalid job id" in str(e):  # ended and forgotten
            return {}
        raise
    tasks = {}
    for line in out.splitlines():  # "<job>_<index>|<state>" (%a says "(null)" once a task ended)
        jid, _, state = line.strip().partition("|")
        head, _, idx = jid.partition("_")
        if head == str(job) and idx.isdigit():
            tasks[int(idx)] = state
    return tasks


def final_states(job):
    """{task index: state} from the accounting (sacct), when the cluster keeps one."""
    try:
        out = slurm(["sacct", "--noheader", "--parsable2", "--allocations", f"--jobs={job}", "--format=JobID,State"])
    except SlurmError:
        return {}
    states = {}
    for line in out.splitlines():
        jid, _, state = line.partition("|")
        head, _, idx = jid.partition("_")
        if head == str(job) and idx.isdigit():
            states[int(idx)] = state.split()[0] if state else "UNKNOWN"
    return states


def array_dir(outroot):
    base = os.path.join(outroot, "slurm")
    os.makedirs(base, exist_ok=True)
    used = [int(d.rsplit("-", 1)[1]) for d in os.listdir(base) if d.startswith("array-") and d[6:].isdigit()]
    d = os.path.join(base, f"array-{max(used, default=0) + 1}")
    os.makedirs(d)
    return d


def job_script(a, name, adir, n):
    lines = ["#!/bin/bash",
             f"# {PROG}: {n} point(s) of {os.path.abspath(a.experiment)}, one per array task",
             f"#SBATCH --job-name={PROG}-{name}",
             f"#SBATCH --array=0-{n - 1}" + (f"%{a.max_parallel}" if a.max_parallel else ""),
             f"#SBATCH --output={adir}/task-%a.out",
             f"#SBATCH --chdir={os.getcwd()}",
             "#SBATCH --ntasks=1",
             "#SBATCH --cpus-per-task=1"]
    if a.partition:
        lines.append(f"#SBATCH --partition={a.partition}")
    lines += [f"#SBATCH {arg}" for arg in a.sbatch_arg]
    lines.append(f"exec {shlex.quote(sys.executable)} {shlex.quote(os.path.join(HERE, 'task.py'))} "
                 f"{shlex.quote(os.path.join(adir, 'manifest.json'))}")
    return "\n".join(lines) + "\n"


def write_array(a, name, outroot, todo):
    """The array's folder: manifest.json (what each task index runs) and job.sbatch."""
    adir = array_dir(outroot)
    write_json(os.path.join(adir, "manifest.json"), {
        "sim": os.path.abspath(a.sim), "experiment": os.path.abspath(a.experiment), "sets": a.set,
        "timeout": a.timeout, "points": os.path.abspath(os.path.join(outroot, "points")),
        "runs": [{"hash": r["hash"], "sets": r["sets"], "record": r["record"]} for r in todo]})
    script = job_script(a, name, adir, len(todo))
    with open(os.path.join(adir, "job.sbatch"), "w") as f:
        f.write(script)
    return adir, script


def clear_partials(outroot):
    """Folders of tasks that never finished (killed): nothing of them is kept."""
    for d in glob.glob(os.path.join(outroot, "points", ".partial-*")):
        shutil.rmtree(d, ignore_errors=True)


def follow(job, n, adir, progress=None, labels=None, poll=5.0):
    """Waits until no task of the array is left in the queue; returns {index: last state seen}."""
    seen, states, failing_since = set(), {}, None
    while True:
        for i in range(n):
            if i not in seen and os.path.exists(os.path.join(adir, f"task-{i}.json")):
                seen.add(i)
                if progress:
                    st = read_json(os.path.join(adir, f"task-{i}.json")) or {}
                    progress.step(f"{labels[i]}: {st.get('message', '?')}")
        try:
            tasks = squeue(job)
            failing_since = None
        except SlurmError as e:
            failing_since = failing_since or time.monotonic()
            if time.monotonic() - failing_since > LOST_AFTER:
                raise SlurmError(f"lost contact with Slurm for {LOST_AFTER} s ({e})")
            time.sleep(poll)
            continue
        states.update(tasks)
        if not any(s in ACTIVE for s in tasks.values()):
            return states
        time.sleep(poll)


def follow_earlier(outroot, poll):
    """An array submitted by an earlier driver that is still in the queue is followed to its
    end first: its tasks write into the same points."""
    active = read_json(os.path.join(outroot, "slurm", "active.json"))
    if not active:
        return
    tasks = squeue(active["job"])
    if any(s in ACTIVE for s in tasks.values()):
        sys.stderr.write(f"{PROG}: Slurm array {active['job']} of an earlier run is still in the queue; "
                         "following it before submitting the points still missing\n")
        follow(active["job"], active["tasks"], active["dir"], poll=poll)
    os.remove(os.path.join(outroot, "slurm", "active.json"))


def collect(job, adir, outroot, todo, states, results, logs, progress):
    """Each task's result from its status file; a task without one was stopped by Slurm."""
    missing = [i for i in range(len(todo)) if not os.path.exists(os.path.join(adir, f"task-{i}.json"))]
    final = final_states(job) if missing else {}
    for i, run in enumerate(todo):
        st = read_json(os.path.join(adir, f"task-{i}.json"))
        if st is not None:
            results[run["id"]] = (bool(st["ok"]), st["message"])
            continue
        state = final.get(i) or states.get(i, "UNKNOWN (no longer known to squeue)")
        kept = ""
        for partial in glob.glob(os.path.join(outroot, "points", f".partial-{run['hash']}-{job}_{i}")):
            if os.path.exists(os.path.join(partial, "console.log")):
                shutil.move(os.path.join(partial, "console.log"), os.path.join(adir, f"task-{i}.console.log"))
                kept = f"; its console: {os.path.join(adir, f'task-{i}.console.log')}"
        results[run["id"]] = (False, f"Slurm task {job}_{i} ended {state} before its point finished{kept}; "
                                     "it runs again on the next invocation")
        logs[run["id"]] = os.path.join(adir, f"task-{i}.out")
        progress.step(f"{point_label(run['sets'])}: {state}")
    clear_partials(outroot)


def cancel(job, adir, outroot, all_runs, poll):
    """After Ctrl-C: cancel the array, wait (bounded) for it to leave the queue, say what is kept."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    note = f"Slurm array {job} was cancelled"
    try:
        slurm(["scancel", str(job)])
        deadline = time.monotonic() + 60
        while any(s in ACTIVE for s in squeue(job).values()):
            if time.monotonic() > deadline:
                raise SlurmError("still in the queue 60 s after scancel")
            time.sleep(min(poll, 1.0))
        os.remove(os.path.join(outroot, "slurm", "active.json"))
        clear_partials(outroot)
    except SlurmError as e:
        note = f"Slurm array {job} may still be running ({e}): the next run follows it to its end first"
    from .points import cache_state
    done = sum(1 for r in all_runs if cache_state(os.path.join(outroot, "points", r["hash"]), r)[0] == "cached")
    sys.stderr.write(f"{PROG}: interrupted: {note}; {done} of {len(all_runs)} points are done and kept in "
                     f"{os.path.relpath(os.path.join(outroot, 'points'))}; no summary was written.\n")
    sys.stderr.write(f"{PROG}: run the same command again to resume (points already done are skipped).\n")
    return 130


def run_slurm(a, name, outroot, all_runs):
    """Submits the missing points as one array and follows it; returns (results, logs) like the
    local backend, or an exit status."""
    try:
        follow_earlier(outroot, a.poll)
    except SlurmError as e:
        die(f"--backend slurm: {e}", 4)
    clear_partials(outroot)
    cached, todo = prepare(outroot, all_runs, a.force)
    results, logs = {}, {}
    progress = Progress(len(all_runs))
    for run in cached:
        results[run["id"]] = (True, "cached")
        progress.step(f"{run['hash']} (cached)")
    if not todo:
        return results, logs
    adir, _ = write_array(a, name, outroot, todo)
    try:
        out = slurm(["sbatch", "--parsable", os.path.join(adir, "job.sbatch")])
    except SlurmError as e:
        shutil.rmtree(adir, ignore_errors=True)
        die(f"--backend slurm: submitting the array failed ({e}); nothing was submitted")
    job = out.strip().split(";")[0]
    write_json(os.path.join(outroot, "slurm", "active.json"), {"job": job, "tasks": len(todo), "dir": adir})
    sys.stderr.write(f"{PROG}: submitted Slurm array {job}: {len(todo)} point(s) "
                     f"({len(cached)} cached); task logs in {os.path.relpath(adir)}/\n")
    try:
        states = follow(job, len(todo), adir, progress, [point_label(r["sets"]) for r in todo], a.poll)
    except KeyboardInterrupt:
        return cancel(job, adir, outroot, all_runs, a.poll)
    except SlurmError as e:
        sys.stderr.write(f"{PROG}: {e}; Slurm array {job} may still be running: run the same command again "
                         "to follow it and collect the results; no summary was written.\n")
        return 4
    os.remove(os.path.join(outroot, "slurm", "active.json"))
    collect(job, adir, outroot, todo, states, results, logs, progress)
    return results, logs


def run_print(a, name, outroot, all_runs):
    """Writes the array for the missing points and prints its job script; submits nothing."""
    clear_partials(outroot)
    _, todo = prepare(outroot, all_runs, a.force)
    if not todo:
        sys.stderr.write(f"{PROG}: every point is done; nothing to submit\n")
        return 0
    adir, script = write_array(a, name, outroot, todo)
    sys.stdout.write(script)
    sys.stderr.write(f"{PROG}: not submitted: `sbatch {os.path.relpath(os.path.join(adir, 'job.sbatch'))}` "
                     f"runs its {len(todo)} point(s); then run this command again (any backend) for the summary\n")
    return 0
