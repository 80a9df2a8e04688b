#!/usr/bin/env bash
# A results folder belongs to one driver at a time: a second driver on it says which process
# holds it and exits with status 3, touching nothing; a lock left by a driver that was killed
# is noticed and taken over. The first driver's simulator is held at its first run (a wrapper
# that waits for a file) so that the second one certainly meets it; nothing here waits for time.
set -u
sim=$1 root=$2 work=$3 exp=$4
rm -rf "$work"; mkdir -p "$work"
fail() { echo "FAIL: $*"; echo "$out"; touch "$work/release"; exit 1; }
cat >"$work/held-sim" <<SH
#!/usr/bin/env bash
# the real simulator, but a run (--stats-out) first waits for $work/release
case " \$* " in *" --stats-out "*) while [ ! -e "$work/release" ]; do sleep 0.05; done ;; esac
exec "$sim" "\$@"
SH
chmod +x "$work/held-sim"
sweep() { /usr/bin/python3 "$root/scripts/uintrsim-sweep" "$exp" --results "$work/r" -j 1 "$@"; }
name=$(basename "$exp" .toml)
wait_for_lock() {  # until the lock file names a driver (bounded: the driver only has to start)
  for _ in $(seq 2000); do grep -q '"pid"' "$work/r/$name/.lock" 2>/dev/null && return 0; sleep 0.05; done
  return 1
}

/usr/bin/python3 "$root/scripts/uintrsim-sweep" "$exp" --results "$work/r" -j 1 --sim "$work/held-sim" >"$work/first.out" 2>&1 &
first=$!
wait_for_lock || { out=$(cat "$work/first.out"); fail "the first driver never took the lock"; }
out=$(sweep --sim "$sim" 2>&1); status=$?
[ $status -eq 3 ] || fail "a second driver on a locked folder should exit 3, got $status"
grep -q "$work/r/$name is in use by another driver (pid $first" <<<"$out" || fail "the message does not name the holder"
! grep -q "^point " <<<"$out" || fail "the second driver ran points"
touch "$work/release"
wait $first; s1=$?
out=$(cat "$work/first.out")
[ $s1 -le 1 ] || fail "the first driver failed (status $s1)"

# A driver killed while holding the lock: its record stays in the file, the lock does not.
rm -f "$work/release"
setsid /usr/bin/python3 "$root/scripts/uintrsim-sweep" "$exp" --results "$work/r" -j 1 --force --sim "$work/held-sim" \
  >"$work/killed.out" 2>&1 &
killed=$!
wait_for_lock && grep -q "\"pid\": $killed" "$work/r/$name/.lock" || { out=$(cat "$work/killed.out"); fail "the driver to kill never took the lock"; }
kill -KILL -- -"$killed"; wait $killed 2>/dev/null
out=$(sweep --sim "$sim" 2>&1); status=$?
[ $status -le 1 ] || fail "a lock left by a killed driver blocked the next one (status $status)"
grep -q "was left by a driver that is no longer running (pid $killed" <<<"$out" || fail "the stale lock was not reported"
[ ! -s "$work/r/$name/.lock" ] || fail "the lock file still names a driver after a clean exit"
echo "sweep lock: ok"
