#!/usr/bin/env bash
# The guest SDK from outside the tree, with the commands of docs/guests.md: copies
# examples/guest-sdk to a scratch folder, installs uintrsim to a prefix there, builds the
# example guests with the CMake package (from the install prefix and from the build tree) and
# with uintrsim-cc, runs them on the simulator with workload arguments, runs the example's
# sweep and draws its figure. Also checks that the code shown in docs/guests.md is the code
# of examples/guest-sdk and that both routes build the same ELF from the same sources.
#   out_of_tree.sh SOURCE_DIR BUILD_DIR
# The scratch folder is a fresh temporary folder (outside the checkout and its build folder),
# removed when the test passes and kept, with its logs, when it fails.
set -u
src=$(cd "$1" && pwd) build=$(cd "$2" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/uintrsim-sdk-test.XXXXXX") || exit 1
fail() { echo "out_of_tree: FAIL: $*"; echo "out_of_tree: the scratch folder is kept: $work"; exit 1; }
step() { echo "--- $*"; }
# Nothing from the tree's environment: a fresh shell would not have it either.
unset CMAKE_GENERATOR CMAKE_PREFIX_PATH UINTRSIM_SDK

step "docs/guests.md shows the example's files as they are"
python3 - "$src/docs/guests.md" "$src" <<'EOF' || fail "docs/guests.md and examples/guest-sdk differ"
import re, sys
doc, root = sys.argv[1], sys.argv[2]
text = open(doc).read()
blocks = re.findall(r"<!-- file: (\S+) -->\n```[a-z]*\n(.*?)```\n", text, re.S)
if len(blocks) < 5:
    sys.exit(f"only {len(blocks)} <!-- file: ... --> blocks in {doc}")
bad = 0
for path, body in blocks:
    if open(f"{root}/{path}").read() != body:
        print(f"{path}: differs from its block in docs/guests.md")
        bad += 1
print(f"{len(blocks)} files checked")
sys.exit(bad)
EOF

cp -r "$src/examples/guest-sdk" "$work/my-bench"
cd "$work/my-bench" || fail "no scratch folder"
prefix=$work/prefix

step "install to a prefix"
cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 || { cat "$work/install.log"; fail "cmake --install"; }

step "CMake package from the install prefix (default generator)"
cmake -S . -B build -DCMAKE_PREFIX_PATH="$prefix" >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; fail "configure against the prefix"; }
cmake --build build >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail "build against the prefix"; }
for e in loop getaddr_sync getaddr; do [ -s "build/$e.elf" ] || fail "build/$e.elf missing"; done
[ -f build/sweep.toml ] || fail "build/sweep.toml not written"

step "CMake package from the build tree (Ninja)"
cmake -S . -B build-tree -G Ninja -DCMAKE_PREFIX_PATH="$build" >"$work/configure-tree.log" 2>&1 || { cat "$work/configure-tree.log"; fail "configure against the build tree"; }
cmake --build build-tree >"$work/build-tree.log" 2>&1 || { cat "$work/build-tree.log"; fail "build against the build tree"; }
for e in loop getaddr_sync getaddr; do [ -s "build-tree/$e.elf" ] || fail "build-tree/$e.elf missing"; done

step "uintrsim-cc (install prefix and build tree)"
cc=$prefix/bin/uintrsim-cc
"$cc" --kind baremetal -o loop.elf loop.c || fail "uintrsim-cc baremetal"
"$cc" --kind sel4 -o getaddr_sync.elf getaddr_sync.c || fail "uintrsim-cc sel4"
"$cc" --kind sel4 --async -o getaddr.elf getaddr.c || fail "uintrsim-cc sel4 --async"
"$build/bin/uintrsim-cc" --kind sel4 --async -o getaddr-tree.elf getaddr.c || fail "build-tree uintrsim-cc"
"$cc" --kind sel4 --async -c getaddr.c -o getaddr.o || fail "uintrsim-cc -c"
"$cc" --kind sel4 --async -o getaddr-obj.elf getaddr.o || fail "uintrsim-cc linking an object"
# The same flags, runtimes and link order: run in the package's build folder on the same
# source path, the wrapper builds the package's ELF byte for byte.
(cd build && "$cc" --kind sel4 --async -o ../getaddr-same.elf "$work/my-bench/getaddr.c" &&
  "$cc" --kind baremetal -o ../loop-same.elf "$work/my-bench/loop.c") || fail "uintrsim-cc in build/"
cmp getaddr-same.elf build/getaddr.elf || fail "uintrsim-cc and uintrsim_add_guest built different ELFs (getaddr)"
cmp loop-same.elf build/loop.elf || fail "uintrsim-cc and uintrsim_add_guest built different ELFs (loop)"
"$cc" --kind baremetal --async loop.c 2>/dev/null && fail "--async with --kind baremetal was accepted"

step "a runtime compiled for the program (RUNTIME_FLAGS, --runtime-flags) and the adaptive runtime"
mkdir -p "$work/variants"
cp getaddr.c "$work/variants/"
cat >"$work/variants/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.20)
project(variants LANGUAGES NONE)
find_package(uintrsim REQUIRED)
uintrsim_add_guest(getaddr_big KIND sel4 ASYNC SOURCES getaddr.c RUNTIME_FLAGS -DASYNC_STACK_BYTES=8192)
uintrsim_add_guest(getaddr_adaptive KIND sel4 ASYNC ADAPTIVE SOURCES getaddr.c)
EOF
if ! { cmake -S "$work/variants" -B "$work/variants/build" -DCMAKE_PREFIX_PATH="$prefix" &&
       cmake --build "$work/variants/build"; } >"$work/variants.log" 2>&1; then
  cat "$work/variants.log"
  fail "variants project"
fi
(cd "$work/variants/build" &&
  "$cc" --kind sel4 --async --runtime-flags "-DASYNC_STACK_BYTES=8192" -o big.elf "$work/variants/getaddr.c" &&
  "$cc" --kind sel4 --async --adaptive -o adaptive.elf "$work/variants/getaddr.c") || fail "uintrsim-cc variants"
cmp "$work/variants/build/big.elf" "$work/variants/build/getaddr_big.elf" ||
  fail "--runtime-flags and RUNTIME_FLAGS built different ELFs"
cmp "$work/variants/build/adaptive.elf" "$work/variants/build/getaddr_adaptive.elf" ||
  fail "--adaptive and ADAPTIVE built different ELFs"
cmp -s "$work/variants/build/getaddr_big.elf" build/getaddr.elf && fail "RUNTIME_FLAGS did not change the runtime"

step "runs"
sim=$prefix/bin/uintrsim
configs=$prefix/share/uintrsim/configs
# expect <status> <regex> -- <uintrsim args>: the run's exit status and a line of its output.
expect() {
  local want=$1 re=$2
  shift 3
  local out status
  out=$("$sim" "$@" 2>&1)
  status=$?
  [ "$status" -eq "$want" ] || { echo "$out"; fail "uintrsim $* exited $status, expected $want"; }
  grep -Eq "$re" <<<"$out" || { echo "$out"; fail "uintrsim $*: no line matching '$re'"; }
  echo "ok: exit $status, '$re': uintrsim $*"
}
for elf in build/loop.elf build-tree/loop.elf loop.elf; do
  expect 0 "^loop: iterations=1000 " -- --elf "$elf"
done
expect 0 "^sdk: iterations=5000 " -- --elf loop.elf --set workload.args.iterations=5000 --set workload.args.label=sdk
# The output docs/guests.md shows for the first run.
shown=$(grep -m1 '^loop: iterations=5000 ' "$src/docs/guests.md")
expect 0 "^${shown}\$" -- --elf loop.elf --set workload.args.iterations=5000
expect 125 "never read workload.args.frames" -- --elf loop.elf --set workload.args.frames=8
for elf in build/getaddr_sync.elf getaddr_sync.elf; do
  expect 0 "^getaddr_sync: frames=4 epochs=10 rounds=40 errors=0" -- --elf "$elf" --set kernel.enabled=true \
    --set workload.args.frames=4
done
for elf in build/getaddr.elf build-tree/getaddr.elf getaddr.elf getaddr-tree.elf getaddr-obj.elf; do
  expect 0 "^getaddr: mode=async frames=16 epochs=10 rounds=160 errors=0" -- --elf "$elf" \
    --config "$configs/platforms/rocket-fpga.toml" --config "$configs/calibration/rel4-fpga.toml" \
    --set kernel.enabled=true --set workload.mode=async --set workload.args.frames=16
done
expect 0 "^getaddr: mode=async frames=16 epochs=10 rounds=160 errors=0" -- --elf "$work/variants/build/getaddr_big.elf" \
  --config "$configs/platforms/rocket-fpga.toml" --config "$configs/calibration/rel4-fpga.toml" \
  --set kernel.enabled=true --set workload.mode=async --set workload.args.frames=16
expect 0 "^getaddr: mode=sync frames=8 epochs=10 rounds=80 errors=0" -- --elf getaddr.elf \
  --config "$configs/platforms/rocket-fpga.toml" --config "$configs/calibration/rel4-fpga.toml" \
  --set kernel.enabled=true

step "the example's sweep"
out=$("$src/scripts/uintrsim-sweep" build/sweep.toml --results results --sim "$sim" -j 2 2>&1) ||
  { echo "$out"; fail "uintrsim-sweep build/sweep.toml"; }
python3 - <<'EOF' || fail "results/sweep/summary.csv: expected the 6 points, all ok"
import csv
rows = list(csv.DictReader(open("results/sweep/summary.csv")))
got = sorted((r["workload.args.frames"], r["workload.mode"], r["status"]) for r in rows)
want = sorted((f, m, "ok") for f in ("2", "8", "32") for m in ("sync", "async"))
print("summary:", got)
raise SystemExit(got != want)
EOF
step "the sweep's figures docs/guests.md prints are this sweep's"
python3 - "$src/docs/guests.md" <<'EOF' || fail "docs/guests.md: the sweep's columns differ from this run's (update the doc)"
import re, subprocess, sys
text = open(sys.argv[1]).read()
m = re.search(r"```bash\n(python3 -c 'import csv\n.*?)```\n\n```\n(.*?)```", text, re.S)
if not m:
    sys.exit("no summary snippet followed by its output in docs/guests.md")
got = subprocess.run(["bash", "-c", m.group(1)], capture_output=True, text=True).stdout
print(got, end="")
if got != m.group(2):
    sys.exit(f"docs/guests.md prints:\n{m.group(2)}this run prints:\n{got}")
EOF
step "the figure of docs/guests.md"
"$src/scripts/uintrsim-plot" results/sweep --x workload.args.frames --y ticks_per_round,trap_frequency \
  --series workload.mode --logx || fail "uintrsim-plot"
fig=results/sweep/figures/ticks_per_round+trap_frequency-vs-workload.args.frames
for f in "$fig.png" "$fig.pdf" "$fig.csv"; do [ -s "$f" ] || fail "missing $f"; done
[ "$(grep -c ',uintrsim,' "$fig.csv")" -eq 12 ] || fail "$fig.csv: expected 12 plotted values (6 points x 2 metrics)"

cd / && rm -rf "$work"
echo "out_of_tree: OK"
