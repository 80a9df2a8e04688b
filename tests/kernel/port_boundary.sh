#!/usr/bin/env bash
# The kernel model reaches the machine only through kernel_model/kernel_port.h: no file under
# kernel_model/ includes a SystemC/TLM header or the hart's or the platform's internals.
set -u
dir="${1:?usage: port_boundary.sh KERNEL_MODEL_DIR}"
bad=$(grep -rnE '#include *[<"](systemc|tlm|sim/hart/|sim/platform/(hart_module|platform|hart_kernel_port)|sim/devices/|sim/mem/(bus|ram))' \
        "$dir" --include='*.h' --include='*.cpp')
if [ -n "$bad" ]; then
  echo "port_boundary: FAIL: the kernel model includes machine internals:"
  echo "$bad"
  exit 1
fi
n=$(grep -rlE 'KernelPort&' "$dir" --include='*.cpp' | wc -l)
[ "$n" -gt 0 ] || { echo "port_boundary: FAIL: no kernel file uses KernelPort"; exit 1; }
echo "port_boundary: OK ($n files use the port)"
