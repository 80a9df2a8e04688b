#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset: clang, ASan + UBSan) and runs each for a
# bounded time on a working copy of its corpus. Usage:
#
#   bash scripts/fuzz.sh                  # every target, 60 s each
#   bash scripts/fuzz.sh --seconds 10 --seed 1   # what CI runs (scripts/test-all.sh)
#   bash scripts/fuzz.sh --target elf --seconds 3600 --jobs 2
#
# Targets: config (the TOML loader and every parameter object), elf (parser, symbolizer,
# address map, RAM copy, seL4 root-task boot), devices (sim-control, HTIF, CLINT, UINTC MMIO).
# New interesting inputs accumulate in build-fuzz/corpus/<target> (not in the repository);
# a finding is written to build-fuzz/findings/<target>/ and the script exits 1 naming it.
# docs/robustness.md says how to reproduce a finding and keep it in the repository corpus.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
targets=(config elf devices)
jobs=1
seed=0  # 0: libFuzzer picks one (printed in the log)
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --target) targets=("$2"); shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "fuzz.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$seconds" in ''|*[!0-9]*) echo "fuzz.sh: --seconds wants a whole number, not '$seconds'" >&2; exit 2 ;; esac
case "$seed" in ''|*[!0-9]*) echo "fuzz.sh: --seed wants a whole number, not '$seed'" >&2; exit 2 ;; esac
case "$jobs" in ''|*[!0-9]*|0) echo "fuzz.sh: --jobs wants a positive whole number, not '$jobs'" >&2; exit 2 ;; esac
for t in "${targets[@]}"; do
  [ -d "tests/fuzz/corpus/$t" ] || { echo "fuzz.sh: no target '$t' (config, elf, devices)" >&2; exit 2; }
done
command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ not found; run scripts/setup.sh" >&2; exit 2; }

launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake --preset fuzz "${launcher[@]}" >/dev/null
cmake --build --preset fuzz -j "$(nproc)"

# A leak check at exit would report SystemC's process stacks (it switches stacks by hand);
# leaks in the code under test still show as growth under -rss_limit_mb.
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:symbolize=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
status=0
for t in "${targets[@]}"; do
  work="build-fuzz/corpus/$t"
  findings="build-fuzz/findings/$t"
  mkdir -p "$work" "$findings"
  echo "fuzz.sh: $t for ${seconds} s (corpus $work + tests/fuzz/corpus/$t)"
  parallel=()
  # libFuzzer's -jobs runs separate processes, each logging to fuzz-<n>.log in the current folder.
  if [ "$jobs" -gt 1 ]; then parallel=(-jobs="$jobs" -workers="$jobs"); fi
  if ! (cd build-fuzz && "bin/fuzz_$t" "corpus/$t" "../tests/fuzz/corpus/$t" \
      -max_total_time="$seconds" -seed="$seed" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      "${parallel[@]}" -artifact_prefix="findings/$t/" -print_final_stats=1 \
      > "fuzz_$t.log" 2>&1); then
    echo "fuzz.sh: $t FOUND A DEFECT: $(ls -t "$findings" | head -1) (log: build-fuzz/fuzz_$t.log)" >&2
    tail -40 "build-fuzz/fuzz_$t.log" >&2
    status=1
  else
    grep -E "^stat::(number_of_executed_units|new_units_added|peak_rss_mb)" "build-fuzz/fuzz_$t.log" | sed "s/^/fuzz.sh: $t: /" || true
  fi
done
exit $status
