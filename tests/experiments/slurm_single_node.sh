#!/usr/bin/env bash
# A single-node Slurm cluster in a temporary folder, for the tests of the sweep driver's Slurm
# backend: munged, slurmctld and slurmd (Debian's munge and slurm-wlm) on the loopback
# address, run as the current user, with their configuration, state, spool, logs and munge
# key in the folder; nothing under /etc or /run is read or written (SLURM_CONF and munged's
# --socket/--key-file/--pid-file/--log-file/--seed-file point into the folder).
#
# Sourced:  . slurm_single_node.sh; slurm_start DIR || exit; ...; slurm_stop
# slurm_start exports SLURM_CONF (the client commands then use this cluster) and sets
# SLURM_PARTITION; slurm_stop stops the three daemons (TERM, then KILL after 10 s), waiting
# for each. Every wait is bounded; call slurm_stop from an EXIT trap.

slurm_pids=()

slurm_free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# slurm_wait SECONDS COMMAND...: runs COMMAND every 0.5 s until it succeeds, for at most SECONDS.
slurm_wait() {
  local limit=$1; shift
  local end=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -ge $end ] && return 1
    sleep 0.5
  done
}

slurm_start() {
  local dir=$1 host user cpus
  host=$(hostname -s) user=$(id -un)
  cpus=$(nproc)
  mkdir -p "$dir"/{munge,run,state,spool,log}
  # munged wants its key private and its socket's folders open to every user (x).
  chmod 755 "$dir" "$dir/run"
  chmod 700 "$dir/munge"
  # munged refuses a key readable by others; 1024 random bytes as mungekey would write.
  head -c 1024 /dev/urandom >"$dir/munge/munge.key"
  chmod 400 "$dir/munge/munge.key"
  local sock="$dir/run/munge.socket"
  munged --socket="$sock" --key-file="$dir/munge/munge.key" --pid-file="$dir/run/munged.pid" \
    --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed" --foreground >"$dir/log/munged.stderr" 2>&1 &
  slurm_pids+=($!)
  slurm_wait 20 test -S "$sock" || { echo "slurm_start: munged did not start (log: $dir/log/munged.log)"; cat "$dir/log/munged.log"; return 1; }
  local ctld_port slurmd_port
  ctld_port=$(slurm_free_port) slurmd_port=$(slurm_free_port)
  cat >"$dir/slurm.conf" <<CONF
ClusterName=uintrsim-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sock
SlurmUser=$user
SlurmdUser=$user
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
KillWait=5
MinJobAge=300
NodeName=$host NodeAddr=127.0.0.1 NodeHostname=$host CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF="$dir/slurm.conf"
  SLURM_PARTITION=test
  slurmctld -D -c -f "$SLURM_CONF" >"$dir/log/slurmctld.stderr" 2>&1 &
  slurm_pids+=($!)
  slurm_wait 30 scontrol ping || { echo "slurm_start: slurmctld does not answer"; cat "$dir/log/slurmctld.log"; return 1; }
  slurmd -D -f "$SLURM_CONF" -N "$host" >"$dir/log/slurmd.stderr" 2>&1 &
  slurm_pids+=($!)
  slurm_idle() { sinfo --noheader --partition=test --format=%T | grep -qx idle; }
  slurm_wait 60 slurm_idle || { echo "slurm_start: the node never became idle"; sinfo; cat "$dir/log/slurmd.log"; return 1; }
  echo "slurm_start: single-node Slurm up ($(sinfo --version)): node $host, $cpus CPUs, partition test, SLURM_CONF=$SLURM_CONF"
}

slurm_stop() {
  local p i
  # slurmd first, then slurmctld, then munged: the reverse of starting.
  for ((i = ${#slurm_pids[@]} - 1; i >= 0; i--)); do
    p=${slurm_pids[i]}
    kill -TERM "$p" 2>/dev/null || continue
    for _ in $(seq 20); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$p" 2>/dev/null
    wait "$p" 2>/dev/null
  done
  slurm_pids=()
}
