#!/usr/bin/env bash
# Fresh Debian 12 -> passing test suite: installs missing packages, configures, builds
# (simulator, guest programs, tests), runs every test with CTest, then runs each libFuzzer
# target for a few seconds on its corpus (docs/robustness.md; UINTRSIM_FUZZ_SECONDS, 0 = skip).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset release
cmake --build --preset release -j "$(nproc)"
ctest --preset release -j "$(nproc)"
fuzz_seconds="${UINTRSIM_FUZZ_SECONDS:-10}"
if [ "$fuzz_seconds" != 0 ]; then
  bash scripts/fuzz.sh --seconds "$fuzz_seconds" --seed 1  # a fixed seed: the same search on every run
fi
