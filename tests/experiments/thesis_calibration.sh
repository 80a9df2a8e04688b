#!/usr/bin/env bash
# The default experiment (configs/experiments/thesis.toml) through the sweep driver, then
# the calibration's checks against the thesis, point by point and in shape
# (scripts/check_calibration.py), and the published thesis table (docs/figures.md): a change
# of a cost or mechanism that moves the reproduced figure fails here.
set -euo pipefail
sim=$1 root=$2 out=$3
rm -rf "$out"
python3 "$root/scripts/uintrsim-sweep" "$root/configs/experiments/thesis.toml" --sim "$sim" --results "$out"
python3 "$root/scripts/check_calibration.py" "$out/thesis"
# The thesis table docs/figures.md publishes is this run's.
python3 "$root/scripts/published-figures.py" --check --thesis "$out/thesis"
# The margins docs/calibration.md quotes for its criteria are this run's.
python3 "$root/scripts/published-figures.py" --check --thesis "$out/thesis" --doc "$root/docs/calibration.md"
# The before/after table of docs/fidelity.md is this run's too.
python3 "$root/scripts/published-figures.py" --check --thesis "$out/thesis" --doc "$root/docs/fidelity.md"
echo "thesis_calibration: OK"
