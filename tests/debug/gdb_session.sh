#!/usr/bin/env bash
# The GDB test with a real client: Debian's gdb-multiarch, scripted in batch mode, against a
# running uintrsim serving --gdb on a free loopback port (uintrsim binds port 0 and prints
# the one it got). The session sets a breakpoint in the C guest, continues, reads variables,
# steps, finishes a function, switches harts and continues to the guest's exit. Then the
# run's statistics must equal those of the same run without GDB, byte for byte: simulated
# time stands still while GDB holds the target.
#
# usage: gdb_session.sh UINTRSIM GUEST.elf OUT_DIR
# Prints "gdb_session: OK" on success, "gdb_session: FAIL: ..." otherwise. The GDB
# transcript is OUT_DIR/gdb.log.
set -u
export LC_ALL=C
sim=$1 elf=$2 out=$3
mkdir -p "$out"
rm -f "$out"/plain.json "$out"/gdb.json "$out"/sim.log "$out"/gdb.log
fail() { echo "gdb_session: FAIL: $*"; exit 1; }
gdb=$(command -v gdb-multiarch) || fail "gdb-multiarch is not installed (scripts/setup.sh installs it)"

args=(--elf "$elf" --set platform.harts=2 --quiet)
timeout 60 "$sim" "${args[@]}" --stats-out "$out/plain.json" || fail "the run without GDB failed"

timeout 120 "$sim" "${args[@]}" --gdb 0 --stats-out "$out/gdb.json" >"$out/sim.log" 2>&1 &
pid=$!
port=""
for _ in $(seq 100); do
  port=$(sed -n 's/^uintrsim: GDB: listening on 127\.0\.0\.1:\([0-9][0-9]*\);.*/\1/p' "$out/sim.log")
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$port" ] || { cat "$out/sim.log"; kill "$pid" 2>/dev/null; fail "uintrsim did not report its GDB port"; }
echo "gdb_session: uintrsim listens on port $port"

timeout 120 "$gdb" -nx -batch \
  -ex 'set pagination off' -ex 'set confirm off' -ex 'set trace-commands on' \
  -ex "target remote 127.0.0.1:$port" \
  -ex 'info threads' \
  -ex 'break compute' \
  -ex 'continue' \
  -ex 'print n' \
  -ex 'next' -ex 'next' -ex 'step' \
  -ex 'info locals' \
  -ex 'stepi' \
  -ex 'print $pc' \
  -ex 'finish' \
  -ex 'delete 1' \
  -ex 'break gdb_demo.c:21' \
  -ex 'continue' \
  -ex 'print hartid' \
  -ex 'print $mhartid' \
  -ex 'info threads' \
  -ex 'thread 1' \
  -ex 'print hartid' \
  -ex 'print/x $mstatus' \
  -ex 'print $priv' \
  -ex 'x/2i $pc' \
  -ex 'delete' \
  -ex 'continue' \
  "$elf" >"$out/gdb.log" 2>&1
gdb_rc=$?
wait "$pid"
sim_rc=$?
echo "----- GDB transcript ($out/gdb.log) -----"
cat "$out/gdb.log"
echo "----- uintrsim ($out/sim.log) -----"
cat "$out/sim.log"
echo "-----"
[ "$gdb_rc" -eq 0 ] || fail "gdb-multiarch exited with $gdb_rc"
[ "$sim_rc" -eq 0 ] || fail "uintrsim under GDB exited with $sim_rc"

expect() { grep -E -q -e "$1" "$out/gdb.log" || fail "the GDB transcript does not match /$1/"; }
expect '^\* 1 +Thread 1 \(hart 0, M-mode\)'
expect '^  2 +Thread 2 \(hart 1, M-mode\)'
expect '^Thread 1 hit Breakpoint 1, compute \(n=10\) at .*gdb_demo\.c:1[0-9]'
expect '^\$1 = 10$'
expect '^sum = 0$'
expect '^i = 1$'
expect '^Value returned is \$[0-9]+ = 385$'
expect '^Thread 2 hit Breakpoint 2, main \(hartid=1\) at .*gdb_demo\.c:21'
expect '^\$[0-9]+ = 1$'
expect '^\[Switching to thread 1 \(Thread 1\)\]'
expect '^\$[0-9]+ = 0$'
expect '^\$[0-9]+ = 0xa[0-9a-f]{8}$'             # mstatus: UXL = SXL = 64
expect '^\$[0-9]+ = 3$'
expect 'exited normally'

cmp -s "$out/plain.json" "$out/gdb.json" ||
  { diff <(python3 -m json.tool "$out/plain.json") <(python3 -m json.tool "$out/gdb.json") | head -40;
    fail "the statistics under GDB differ from those of the plain run"; }
echo "gdb_session: statistics under GDB are byte-identical to the plain run's"
echo "gdb_session: OK"
