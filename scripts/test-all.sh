#!/usr/bin/env bash
# Fresh Debian 12 -> passing test suite: installs missing packages, configures, builds
# (simulator, guest programs, tests) and runs every test with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset release
cmake --build --preset release -j "$(nproc)"
ctest --preset release -j "$(nproc)"
