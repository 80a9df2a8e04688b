#!/usr/bin/env bash
# The sweep driver's Slurm backend against a real single-node Slurm (slurm_single_node.sh):
# a small sweep through a job array gives the local backend's summary byte for byte, with
# the failing points reported; a rerun submits only what is missing; a task cancelled by the
# scheduler is reported with its log and runs again on resume; --backend print submits
# nothing; an unreachable Slurm is a clear error with nothing written. The daemons are
# stopped at the end, however the test ends; every wait is bounded.
#
# usage: sweep_slurm.sh UINTRSIM REPO_ROOT GUEST_DIR WORK_DIR
# Exit 77 (CTest: skipped) only when the Slurm or munge binaries are not installed.
set -u
sim=$1 root=$2 guests=$3 work=$4
for tool in munged slurmctld slurmd sbatch squeue scancel scontrol sinfo; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "sweep_slurm: SKIPPED: $tool not found (install Debian's slurm-wlm and munge: scripts/setup.sh)"
    exit 77
  fi
done
rm -rf "$work"; mkdir -p "$work"
. "$root/tests/experiments/slurm_single_node.sh"
trap slurm_stop EXIT
slurm_start "$work/cluster" || { echo "sweep_slurm: FAILED: the test cluster did not start"; exit 1; }
problems=0
fail() { echo "FAIL: $*"; problems=$((problems + 1)); }
exp=$root/tests/experiments/data/small.toml
sweep() { timeout 300 /usr/bin/python3 "$root/scripts/uintrsim-sweep" "$@" --sim "$sim"; }

# 1. The same sweep locally and through a job array (at most 2 tasks at once).
sweep "$exp" --results "$work/local" -j 2 >"$work/local.out" 2>&1
sweep "$exp" --results "$work/slurm" --backend slurm --partition "$SLURM_PARTITION" --max-parallel 2 \
  --poll 0.5 >"$work/slurm.out" 2>&1
status=$?
echo "--- slurm backend (exit status $status):"; cat "$work/slurm.out"
[ $status -eq 1 ] || fail "exit status $status, expected 1 (two points fail)"
grep -q "submitted Slurm array [0-9]*: 6 point(s) (0 cached)" "$work/slurm.out" || fail "no array of 6 points submitted"
grep -q "4 of 6 points ok" "$work/slurm.out" || fail "expected 4 of 6 points ok"
grep -q "FAILED .*platform.max_cycles=300000.*exit status 124 (log: .*/points/[0-9a-f]*/console.log)" "$work/slurm.out" ||
  fail "a failing point is not reported with its log"
for log in $(grep -o "(log: [^)]*)" "$work/slurm.out" | sed 's/(log: \(.*\))/\1/'); do
  [ -s "$log" ] || fail "the reported log $log does not exist"
done
for f in summary.csv summary.columns.csv summary.json; do
  if cmp "$work/local/small/$f" "$work/slurm/small/$f"; then echo "identical: $f"; else fail "$f differs between the local and the slurm backend"; fi
done
grep -q "^#SBATCH --array=0-5%2$" "$work/slurm/small/slurm/array-1/job.sbatch" || fail "--max-parallel 2 is not the array's %2"
ls "$work"/slurm/small/points/.partial-* >/dev/null 2>&1 && fail "partial task folders left behind"

# 2. A rerun submits only the points without results (the two failing ones).
sweep "$exp" --results "$work/slurm" --backend slurm --poll 0.5 >"$work/rerun.out" 2>&1
grep -q "submitted Slurm array [0-9]*: 2 point(s) (4 cached)" "$work/rerun.out" || fail "a rerun should submit the 2 missing points: $(cat "$work/rerun.out")"
cmp -s "$work/local/small/summary.json" "$work/slurm/small/summary.json" || fail "summary changed on rerun"

# 3. A task cancelled by the scheduler: reported with its Slurm log, nothing of it kept, rerun on resume.
cat >"$work/kill.toml" <<TOML
[platform]
max_cycles = 4000000000000
[sweep]
"workload.program" = ["$guests/isa_roi.elf", "$guests/it_spin.elf"]
TOML
sweep "$work/kill.toml" --results "$work/kill" --backend slurm --poll 0.5 >"$work/kill.out" 2>&1 &
driver=$!
job=""
for _ in $(seq 240); do  # at most 120 s until the spinning point (task 1) runs
  job=$(squeue --noheader --states=RUNNING --format=%i 2>/dev/null | grep -o '^[0-9]*_1$' | head -1)
  [ -n "$job" ] && break
  sleep 0.5
done
[ -n "$job" ] || fail "the spinning point's task never ran"
sleep 1
[ -n "$job" ] && scancel "$job"
wait $driver
status=$?
echo "--- a cancelled task (exit status $status):"; cat "$work/kill.out"
[ $status -eq 1 ] || fail "exit status $status after a cancelled task, expected 1"
grep -q "FAILED workload.program=.*it_spin.elf.*: Slurm task ${job} ended CANCELLED before its point finished.*(log: .*/task-1.out)" \
  "$work/kill.out" || fail "the cancelled task is not reported with its state and log"
grep -q "1 of 2 points ok" "$work/kill.out" || fail "the other point should be ok"
grep -q "CANCELLED" "$work/kill/kill/slurm/array-1/task-1.out" || fail "the cancelled task's Slurm log does not say so"
ls "$work"/kill/kill/points/.partial-* >/dev/null 2>&1 && fail "the cancelled task's partial folder is left"
[ "$(ls -d "$work"/kill/kill/points/*/ | wc -l)" -eq 1 ] || fail "the cancelled point left a folder"
sweep "$work/kill.toml" --results "$work/kill" --backend slurm --poll 0.5 --timeout 3 >"$work/resume.out" 2>&1
grep -q "submitted Slurm array [0-9]*: 1 point(s) (1 cached)" "$work/resume.out" || fail "resume should submit the cancelled point: $(cat "$work/resume.out")"
grep -q "it_spin.elf.*: timed out after 3" "$work/resume.out" || fail "the resubmitted point should run (and time out)"

# 4. --backend print: the job script on stdout, nothing submitted.
before=$(squeue --noheader --states=all --format=%A | sort -u | wc -l)
sweep "$exp" --results "$work/print" --backend print --partition "$SLURM_PARTITION" --max-parallel 3 \
  --sbatch-arg=--time=10 >"$work/print.out" 2>"$work/print.err" || fail "--backend print failed: $(cat "$work/print.err")"
for want in "^#SBATCH --array=0-5%3$" "^#SBATCH --partition=$SLURM_PARTITION$" "^#SBATCH --time=10$" "^exec .*task.py .*manifest.json$"; do
  grep -q -- "$want" "$work/print.out" || fail "the printed script lacks $want"
done
grep -q "not submitted" "$work/print.err" || fail "print does not say it submitted nothing"
after=$(squeue --noheader --states=all --format=%A | sort -u | wc -l)
[ "$before" -eq "$after" ] || fail "--backend print submitted a job"

# 5. Slurm unreachable: a clear message, exit 2, no results folder.
slurm_stop
out=$(sweep "$exp" --results "$work/down" --backend slurm 2>&1); status=$?
echo "--- Slurm stopped (exit status $status): $out"
[ $status -eq 2 ] || fail "exit status $status with Slurm down, expected 2"
grep -q "the Slurm controller is not reachable.*nothing was run or written" <<<"$out" || fail "no clear message with Slurm down"
[ -e "$work/down" ] && fail "a results folder was written with Slurm down"
mkdir -p "$work/bin"; ln -s "$(command -v timeout)" "$work/bin/timeout"  # a PATH without the Slurm commands
out=$(PATH=$work/bin sweep "$exp" --results "$work/nopath" --backend slurm 2>&1)
grep -q "sbatch not found on PATH" <<<"$out" || fail "no clear message without the Slurm commands: $out"

for p in $(cat "$work"/cluster/slurmctld.pid "$work"/cluster/slurmd.pid "$work"/cluster/run/munged.pid 2>/dev/null); do
  kill -0 "$p" 2>/dev/null && fail "daemon $p still running after slurm_stop"
done
if [ $problems -eq 0 ]; then echo "sweep_slurm: OK"; else echo "sweep_slurm: FAILED ($problems problems)"; exit 1; fi
