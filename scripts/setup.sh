#!/usr/bin/env bash
# Installs every Debian 12 package uintrsim needs, only those that are missing.
# Idempotent: a second run installs nothing. Needs root (or sudo) on a fresh machine.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config    # host toolchain and build system
  libsystemc-dev                                  # SystemC 2.3.4 + TLM-2.0
  verilator                                       # Verilator 5.006 (RTL models)
  catch2                                          # Catch2 v2 unit tests
  libtomlplusplus-dev                             # TOML configs
  nlohmann-json3-dev                              # JSON stats and config dumps
  libboost-dev                                    # Boost (header-only parts)
  clang libclang-rt-14-dev                        # libFuzzer targets (scripts/fuzz.sh)
  gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf  # guest cross compiler
  python3 python3-matplotlib python3-scipy        # figures; intervals of repeated runs; the calibration fit
  gdb-multiarch                                   # the GDB test's client (tests/debug/)
  slurm-wlm munge                                 # the sweep driver's Slurm backend test (single-node cluster)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
