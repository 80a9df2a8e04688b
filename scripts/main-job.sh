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
# The thesis figure: time per round and trap frequency against N, three series, the thesis's
# FPGA measurements dashed (docs/figures.md "Thesis experiment").
scripts/uintrsim-plot results/thesis --x workload.concurrency --y ticks_per_round,trap_frequency \
    --series workload.mode,platform.harts --logx --reference configs/reference/thesis_fpga.csv \
    --label sync/2=sync --label 'async/1=async, 1 core' --label 'async/2=async, 2 cores' \
    --xlabel 'concurrency N' --ylabel 'time per round' --ylabel 'trap frequency' \
    --style paper-2col --out results/thesis/figures/thesis || status=$?
echo
echo "main job: thesis experiment -> results/thesis/summary.csv, results/thesis/figures/thesis.png|pdf|csv" \
     "($(( $(date +%s) - start )) s)"
echo "rdtime ticks per round (simulated vs thesis FPGA) and async trap frequency:"
scripts/check_calibration.py results/thesis || true
exit $status
