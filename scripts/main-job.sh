#!/usr/bin/env bash
# Fresh Debian 12 -> the main job's results: installs missing packages, builds, and runs the
# demo guest on the thesis FPGA platform (2 harts, 100 MHz, in-order timing), writing the
# resolved config and all statistics to results/demo/stats.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
mkdir -p results/demo
build/bin/uintrsim --config configs/platforms/rocket-fpga.toml \
  --elf build/guest/hello_platform.elf --stats-out results/demo/stats.json
/usr/bin/python3 - <<'PY'
import json
s = json.load(open("results/demo/stats.json"))
st, roi = s["stats"], s["roi"]
print("\nmain job: demo on configs/platforms/rocket-fpga.toml -> results/demo/stats.json")
print(f"  exit:            {s['exit']['reason']} (code {s['exit']['code']})")
for h in range(s["config"]["platform"]["harts"]):
    p = f"hart{h}."
    print(f"  hart{h}: {st[p+'instret']['value']:>10} instructions, {st[p+'cycles']['value']:>10} cycles, "
          f"IPC {st[p+'ipc']['value']:.3f}, D-cache misses {st[p+'dcache.misses']['value']}")
print(f"  ROI: {roi['cycles']['value']} cycles = {roi['ticks']['value']} rdtime ticks, "
      f"{roi['rounds']['value']} round(s)")
PY
