// Platform parameters: the machine's shape, clocks, memory map and run limits.
#include "sim/hart/hart.h"
#include "sim/platform/platform.h"
#include "sim/platform/workload_params.h"
#include "workloads/include/uintrsim/devices.h"

namespace uintrsim {

void PlatformParams::declare(ParamRegistry& reg) {
  reg.add_int("platform.harts", 1, "harts", "number of harts; all start at the ELF entry",
              "the thesis FPGA board has 2 (configs/platforms/rocket-fpga.toml)", 1, 64);
  reg.add_int("platform.clock_hz", 100000000, "Hz", "core clock of every hart",
              "thesis FPGA board: rocket-chip at 100 MHz", 1000, 10000000000);
  reg.add_int("platform.timebase_hz", 10000000, "Hz", "mtime / rdtime tick rate",
              "thesis FPGA board: 10 MHz timer (TIMER_CLOCK_HZ in ReL4)", 1, 10000000000);
  reg.add_int("platform.quantum_cycles", 1000, "cycles",
              "temporal-decoupling quantum: a hart runs this long before synchronising; "
              "cross-hart effects become visible at quantum boundaries",
              "accuracy/speed trade-off, see README (timer interrupts are exact at any quantum)",
              1, 100000000);
  reg.add_int("platform.sync_quantum_cycles", 10, "cycles",
              "short quantum used by all harts while they interact through interrupts (a UINTC "
              "line or CLINT msip changed within platform.sync_window_cycles)",
              "adaptive decoupling: keeps cross-hart uipi/IPI chains within ~10 cycles of the "
              "quantum-1 result (README, Timing model)", 1, 100000000);
  reg.add_int("platform.sync_window_cycles", 100000, "cycles",
              "how long after a cross-hart interrupt interaction the short quantum stays in force",
              "1 ms at 100 MHz: longer than a ping-pong hop, shorter than a 2 ms timer tick", 0,
              int64_t(1) << 62);
  reg.add_int("platform.max_cycles", 20000000000, "cycles",
              "stop with an error when any hart's clock reaches this (runaway guests)", "", 1,
              int64_t(1) << 62);
  reg.add_int("platform.ram_base", 0x80000000, "address", "physical base of RAM",
              "riscv-tests / QEMU virt / Rocket convention", 0, int64_t(1) << 62);
  reg.add_int("platform.ram_size", 256 << 20, "bytes", "RAM size (multiple of 4 KiB)", "", 4096,
              int64_t(64) << 30);
  reg.add_int("platform.clint_base", UINTRSIM_DEFAULT_CLINT_BASE, "address", "CLINT base address",
              "SiFive CLINT at 0x2000000 (QEMU virt, Rocket)", 0, int64_t(1) << 62);
  reg.add_int("platform.simctrl_base", UINTRSIM_DEFAULT_SIMCTRL_BASE, "address", "sim-control device base address",
              "uintrsim-specific device (gem5 m5ops idea)", 0, int64_t(1) << 62);
  reg.add_int("platform.mmio_latency_cycles", 10, "cycles",
              "bus latency of an uncached MMIO access (CLINT, sim-control, UINTC)",
              "estimate for Rocket's TileLink periphery bus crossing", 0, 100000);
  reg.add_int("platform.trap_storm_traps", 1000000, "traps",
              "end the run (exit 124, with a report) when a hart takes the same exception at the same pc "
              "this many times in a row without getting past it (a fault storm); 0 = run to "
              "platform.max_cycles",
              "far more repeats than any handler that eventually makes progress takes", 0, int64_t(1) << 62);
  reg.add_int("results.console_bytes", 1 << 20, "bytes",
              "guest console output kept for the results file (--stats-out 'console'); the bytes beyond are "
              "counted in 'dropped', not kept (the echo on stdout is complete)",
              "bounds the memory a chatty guest can take", 0, int64_t(1) << 32);
  reg.add_int("results.snapshots", 1000, "snapshots",
              "sim-control statistics snapshots kept for the results file; later ones are counted in "
              "'dropped', not kept",
              "bounds the memory and the results file of a guest that snapshots in a loop", 0, 10000000);
}

PlatformParams PlatformParams::from_config(const Config& cfg) {
  PlatformParams p;
  p.harts = unsigned(cfg.get_int("platform.harts"));
  p.clock_hz = cfg.get_uint("platform.clock_hz");
  p.timebase_hz = cfg.get_uint("platform.timebase_hz");
  p.quantum_cycles = cfg.get_uint("platform.quantum_cycles");
  p.max_cycles = cfg.get_uint("platform.max_cycles");
  p.sync_quantum_cycles = cfg.get_uint("platform.sync_quantum_cycles");
  p.sync_window_cycles = cfg.get_uint("platform.sync_window_cycles");
  p.ram_base = cfg.get_uint("platform.ram_base");
  p.ram_size = cfg.get_uint("platform.ram_size");
  p.clint_base = cfg.get_uint("platform.clint_base");
  p.simctrl_base = cfg.get_uint("platform.simctrl_base");
  p.mmio_latency_cycles = cfg.get_uint("platform.mmio_latency_cycles");
  p.trap_storm_traps = cfg.get_uint("platform.trap_storm_traps");
  p.console_keep_bytes = cfg.get_uint("results.console_bytes");
  p.snapshots_keep = cfg.get_uint("results.snapshots");
  if (p.ram_size % 4096) throw ConfigError(cfg.origin("platform.ram_size") + ": platform.ram_size must be a multiple of 4096");
  if (p.ram_base % 4096) throw ConfigError(cfg.origin("platform.ram_base") + ": platform.ram_base must be 4 KiB aligned");
  if (p.timebase_hz > p.clock_hz)
    throw ConfigError(cfg.origin("platform.timebase_hz") + ": platform.timebase_hz must not exceed platform.clock_hz");
  return p;
}

void declare_platform_params(ParamRegistry& reg) {
  PlatformParams::declare(reg);
  HartParams::declare(reg);
  WorkloadParams::declare(reg);
}

}  // namespace uintrsim
