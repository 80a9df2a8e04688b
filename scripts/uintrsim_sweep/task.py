"""One task of a sweep's Slurm array: runs the point at SLURM_ARRAY_TASK_ID of the array's
manifest.json (written by the driver) into the shared results folder.

usage (from the array's job.sbatch): python3 task.py ARRAY_DIR/manifest.json

The point runs in points/.partial-<hash>-<job>_<index>/ and that folder is renamed to
points/<hash>/ when the point has ended (ok or failed, as the local backend leaves it), so a
reader never sees half a point. Then ARRAY_DIR/task-<index>.json records the outcome for the
driver. On SIGTERM (scancel, the time limit, preemption) the simulator is stopped and nothing
is renamed or recorded: the driver reports the task as stopped and the point runs again.
"""
import os
import shutil
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from uintrsim_results import sha256_file  # noqa: E402
from uintrsim_sweep.common import read_json, write_json  # noqa: E402
from uintrsim_sweep.points import CHILDREN, Interrupted, run_point  # noqa: E402


def on_term(signum, frame):
    CHILDREN.stop()  # the simulator's wait in the main thread then raises Interrupted


def main():
    signal.signal(signal.SIGTERM, on_term)
    manifest_path = sys.argv[1]
    manifest = read_json(manifest_path)
    if manifest is None:
        sys.stderr.write(f"uintrsim-sweep task: {manifest_path}: unreadable manifest\n")
        return 2
    index = int(os.environ["SLURM_ARRAY_TASK_ID"])
    job = os.environ.get("SLURM_ARRAY_JOB_ID", "0")
    run = manifest["runs"][index]
    adir = os.path.dirname(os.path.abspath(manifest_path))
    target = os.path.join(manifest["points"], run["hash"])
    tmp = os.path.join(manifest["points"], f".partial-{run['hash']}-{job}_{index}")
    shutil.rmtree(tmp, ignore_errors=True)
    # The point's key names the simulator build; a node seeing another binary at the same
    # path would store results under a key they do not belong to.
    want = run["record"]["simulator"]["sha256"]
    if sha256_file(os.path.realpath(manifest["sim"])) != want:
        ok, msg = False, f"{manifest['sim']} on {os.uname().nodename} is not the build the driver hashed"
        os.makedirs(tmp)
    else:
        try:
            ok, msg = run_point(manifest["sim"], manifest["experiment"], manifest["sets"], run, tmp,
                                manifest["timeout"])
        except Interrupted:
            shutil.rmtree(tmp, ignore_errors=True)
            sys.stderr.write(f"uintrsim-sweep task {job}_{index}: stopped by a signal; the point was discarded\n")
            return 143
    print(f"uintrsim-sweep task {job}_{index}: {run['hash']}: {msg}")
    if os.path.isdir(target):
        shutil.rmtree(target)
    os.rename(tmp, target)
    write_json(os.path.join(adir, f"task-{index}.json"), {"hash": run["hash"], "ok": ok, "message": msg})
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
