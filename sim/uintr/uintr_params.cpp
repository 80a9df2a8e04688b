#include "sim/uintr/uintr_params.h"

#include "sim/config/config.h"

namespace uintrsim {

void UintrParams::declare(ParamRegistry& reg) {
  reg.add_int("uintr.uist_stride", 8, "bytes",
              "sender-table entry stride: entry address = suist.PPN*4096 + index*stride",
              "8 B in the QEMU fork and Linux (default); 256 B in the Rocket RTL (idx << 8)", 8, 4096);
  reg.add_enum("uintr.send_checks", "qemu", {"qemu", "rtl"},
               "uipi.send checks: qemu = suist.Enable, Size bound and entry Valid, each failing as "
               "a no-op; rtl = suist.Enable only",
               "docs/hardware-uintr.md 'Send path' (QEMU target/riscv vs rocket-chip UIPI.scala)");
  reg.add_enum("uintc.impl", "tlm", {"tlm", "rtl"},
               "UINTC implementation: tlm = SystemC/TLM model; rtl = the verilated RTL (rtl_models/uintc.sv)",
               "docs/architecture.md");
  reg.add_enum("uintc.rtl_variant", "rocket", {"rocket", "short_line"},
               "uintc.impl = rtl: rocket = the Rocket design (1 register stage + 2 intStages on the line); "
               "short_line = one intStage fewer (the hardware-change walkthrough, rtl_models/README.md)",
               "zflcs/uintr-rocket-chip UINTC.scala (docs/hardware-uintr.md)");
  reg.add_string("uintc.rtl_vcd", "", "uintc.impl = rtl: write a VCD waveform of the RTL to this file (\"\" = none)");
  reg.add_int("uintc.base", UINTRSIM_DEFAULT_UINTC_BASE, "address", "UINTC base address",
              "QEMU virt 0x2F10000 (default); the Rocket FPGA board uses 0x3000000", 0, int64_t(1) << 56);
  reg.add_int("uintc.entries", UINTRSIM_DEFAULT_UINTC_ENTRIES, "entries", "UINTC receiver entries (0x20 bytes each)",
              "QEMU virt 512 (default); Rocket board 32", 1, 65536);
  reg.add_int("uintc.line_latency_cycles", 3, "cycles",
              "from a UINTC state change to the receiver hart seeing its USIP line",
              "Rocket UINTC: 1 register stage + intStages synchroniser (docs/hardware-uintr.md); with the "
              "bus latency this matches the ~10 cycles write->interrupt of the RTL simulation",
              0, 100000);
  reg.add_enum("uintc.line_semantics", "level", {"level", "sticky"},
               "USIP line: level = OR over active entries with pending != 0 for that hart, "
               "rising and falling (Rocket RTL); sticky = raised after SEND/WRITE_LOW/WRITE_HIGH/"
               "SET_ACTIVE when active and pending != 0, never lowered by the UINTC (QEMU)",
               "docs/hardware-uintr.md 'Send path' step 7");
  PostedParams::declare(reg);
}

UintrParams UintrParams::from_config(const Config& cfg) {
  UintrParams p;
  p.uist_stride = unsigned(cfg.get_int("uintr.uist_stride"));
  if (p.uist_stride & (p.uist_stride - 1))
    throw ConfigError(cfg.origin("uintr.uist_stride") + ": uintr.uist_stride must be a power of two");
  p.qemu_send_checks = cfg.get_string("uintr.send_checks") == "qemu";
  p.uintc_base = cfg.get_uint("uintc.base");
  p.uintc_entries = unsigned(cfg.get_int("uintc.entries"));
  if (p.uintc_base % uintc_reg::kEntryBytes)
    throw ConfigError(cfg.origin("uintc.base") + ": uintc.base must be 32-byte aligned");
  p.posted = PostedParams::from_config(cfg);
  return p;
}

}  // namespace uintrsim
