#!/usr/bin/env bash
# The default experiment (configs/experiments/thesis.toml) through the sweep driver, then
# the calibration's shape checks (scripts/check_calibration.py, issue "Experiments" item 5):
# a change of a cost or mechanism that breaks the reproduced figure fails here.
set -euo pipefail
sim=$1 root=$2 out=$3
rm -rf "$out"
python3 "$root/scripts/uintrsim-sweep" "$root/configs/experiments/thesis.toml" --sim "$sim" --results "$out"
python3 "$root/scripts/check_calibration.py" "$out/thesis"
echo "thesis_calibration: OK"
