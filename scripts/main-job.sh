#!/usr/bin/env bash
# Fresh Debian 12 -> the main job's results: installs missing packages, builds, runs the
# thesis experiment (configs/experiments/thesis.toml: 9 concurrency levels x sync / async on
# one core / async on two cores, 10 epochs, on the calibrated thesis-board model), prints the
# table of simulated vs thesis values and where the figures are.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
start=$(date +%s)
status=0
scripts/uintrsim-sweep configs/experiments/thesis.toml || status=$?
scripts/plot_thesis.py results/thesis
echo
echo "main job: thesis experiment -> results/thesis/summary.csv, results/thesis/figures/ ($(( $(date +%s) - start )) s)"
echo "rdtime ticks per round (simulated vs thesis FPGA) and async trap frequency:"
scripts/check_calibration.py results/thesis || true
exit $status
