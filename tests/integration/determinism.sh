#!/usr/bin/env bash
# Determinism: the same program and configuration must give byte-identical statistics.
#
# usage: determinism.sh SIM ELF OUTDIR NAME [uintrsim args...]
#
# Runs SIM --elf ELF --quiet --stats-out OUTDIR/NAME.{1,2}.json [args] twice; both runs must
# exit 0 and the two JSON files must be identical (cmp). Prints "determinism: OK" on success.
set -u
if [[ $# -lt 4 ]]; then
  echo "usage: determinism.sh SIM ELF OUTDIR NAME [uintrsim args...]" >&2
  exit 2
fi
sim=$1 elf=$2 outdir=$3 name=$4
shift 4
mkdir -p "$outdir"
for run in 1 2; do
  out="$outdir/$name.$run.json"
  rm -f "$out"
  echo "determinism: run $run: $sim --elf $elf --quiet --stats-out $out $*"
  "$sim" --elf "$elf" --quiet --stats-out "$out" "$@" </dev/null
  status=$?
  if [[ $status -ne 0 ]]; then
    echo "determinism: FAIL: run $run exited with status $status"
    exit 1
  fi
done
if ! cmp "$outdir/$name.1.json" "$outdir/$name.2.json"; then
  echo "determinism: FAIL: statistics differ between identical runs:"
  diff "$outdir/$name.1.json" "$outdir/$name.2.json" | head -40
  exit 1
fi
echo "determinism: OK: $(wc -c <"$outdir/$name.1.json") bytes of statistics, identical"
