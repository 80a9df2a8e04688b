#!/usr/bin/env bash
# An interrupted sweep (SIGINT to the driver alone, and Ctrl-C, which signals the driver and
# its simulators together) stops the running points, keeps the points already done, says so
# and how to resume, exits 130 without a traceback and leaves no simulator running; the same
# command run again skips the points already done.
#
# usage: sweep_interrupt.sh UINTRSIM REPO_ROOT GUEST_DIR WORK_DIR
set -u
sim=$1 root=$2 guests=$3 work=$4
rm -rf "$work"; mkdir -p "$work"
# Point 1 finishes at once; point 2 spins (for hours); point 3 ends at its cycle limit.
cat >"$work/interrupt.toml" <<TOML
[platform]
max_cycles = 4000000000000
[sweep]
"workload.program" = ["$guests/isa_roi.elf", "$guests/it_spin.elf", "$guests/it_wfi_forever.elf"]
TOML
set -m  # background jobs get their own process group and take SIGINT (as from a terminal)
problems=0
fail() { echo "FAIL: $*"; problems=$((problems + 1)); }

for mode in driver group; do
  results="$work/$mode"
  /usr/bin/python3 "$root/scripts/uintrsim-sweep" "$work/interrupt.toml" --sim "$sim" --results "$results" -j 1 \
    >"$work/$mode.out" 2>&1 &
  pid=$!
  # Wait until point 2 runs (its console.log exists), for at most a minute of polling.
  n=0
  for _ in $(seq 600); do
    n=$(ls "$results"/interrupt/points/*/console.log 2>/dev/null | wc -l)
    [ "$n" -ge 2 ] && break
    sleep 0.1
  done
  [ "$n" -ge 2 ] || fail "$mode: the second point never started"
  sleep 0.5
  if [ $mode = driver ]; then kill -INT "$pid"; else kill -INT -- "-$pid"; fi
  wait "$pid"
  status=$?
  out=$(cat "$work/$mode.out")
  echo "--- $mode: exit status $status"
  echo "$out"
  [ $status -eq 130 ] || fail "$mode: exit status $status, expected 130"
  grep -q "Traceback" <<<"$out" && fail "$mode: a Python traceback"
  grep -q "interrupted: 1 of 3 points are done and kept in" <<<"$out" || fail "$mode: does not say what was kept"
  grep -q "run the same command again to resume" <<<"$out" || fail "$mode: does not say how to resume"
  kept=$(ls "$results"/interrupt/points/*/stats.json 2>/dev/null | wc -l)
  dirs=$(ls -d "$results"/interrupt/points/*/ 2>/dev/null | wc -l)
  [ "$kept" -eq 1 ] || fail "$mode: $kept points kept, expected 1"
  [ "$dirs" -eq 1 ] || fail "$mode: $dirs point folders, expected 1 (the stopped point is discarded)"
  [ -e "$results/interrupt/summary.csv" ] && fail "$mode: a summary was written"
  left=$(pgrep -f -- "--results $results|$results/interrupt/points" || true)
  if [ -n "$left" ]; then
    fail "$mode: processes left running: $left"
    kill $left 2>/dev/null
  fi
done

# Resuming: the done point is skipped; the spinning point now times out.
out=$(/usr/bin/python3 "$root/scripts/uintrsim-sweep" "$work/interrupt.toml" --sim "$sim" --results "$work/driver" \
      -j 1 --timeout 3 2>&1)
echo "--- resume"
echo "$out"
grep -q "(cached)" <<<"$out" || fail "the rerun did not skip the point already done"
grep -q "1 of 3 points ok" <<<"$out" || fail "the rerun should end with 1 of 3 points ok"

[ $problems -eq 0 ] && echo "sweep_interrupt: OK" || echo "sweep_interrupt: FAILED ($problems problems)"
