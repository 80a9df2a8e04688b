#include "sim/uintr/posted_params.h"

#include <iterator>
#include <string>
#include <vector>

#include "sim/config/config.h"

namespace uintrsim {

namespace {
struct Cost {
  const char* key;
  int64_t def;
  const char* what;
  const char* source;
  unsigned PostedParams::*field;
};
const Cost kCosts[] = {
    {"uintr.posted.send_cycles", 2, "senduipi: fixed cost beyond its memory accesses",
     "the Rocket UIPI engine's IDLE and RESP states, one cycle each (zflcs/uintr-rocket-chip UIPI.scala)",
     &PostedParams::send_cycles},
    {"uintr.posted.upid_rmw_cycles", 3, "senduipi: the locked read-modify-write of the UPID in the D-cache",
     "timing.latency.amo: Rocket performs AMOs in the data cache (load, op, store)", &PostedParams::upid_rmw_cycles},
    {"uintr.posted.remote_line_cycles", 24,
     "a UPID line another hart accessed last: fetched through the L2 in place of the L1 hit or miss",
     "cache.l1d.miss_latency: the L2 (Rocket's TileLink coherence point) probes the other L1",
     &PostedParams::remote_line_cycles},
    {"uintr.posted.notify_store_cycles", 0,
     "senduipi: extra cost of the notification store beyond the bus (platform.mmio_latency_cycles)",
     "none on Rocket: an uncached store; the Sapphire Rapids APIC send is 85.4 cycles (xUI)",
     &PostedParams::notify_store_cycles},
    {"uintr.posted.notify_latency_cycles", 3,
     "notification device: from a SEND to the destination hart seeing its notification line",
     "as uintc.line_latency_cycles: one register stage plus two intStages synchronisers (Rocket)",
     &PostedParams::notify_latency_cycles},
    {"uintr.posted.notify_processing_cycles", 3,
     "receiver: notification processing (clear ON, move PIR into suirr) beyond the UPID line access",
     "one locked RMW in the D-cache, timing.latency.amo (no published figure for x86)",
     &PostedParams::notify_processing_cycles},
    {"uintr.posted.flush_cycles", 5, "receiver, uintr.delivery = flush: pipeline flush on delivery",
     "timing.trap_penalty: Rocket flushes its 5-stage pipeline on a trap; Sapphire Rapids 424 (xUI)",
     &PostedParams::flush_cycles},
    {"uintr.posted.tracked_cycles", 1,
     "receiver, uintr.delivery = tracked: delivery without squashing in-flight instructions",
     "xUI tracked interrupts (no squash): a front-end redirect as timing.jump_penalty", &PostedParams::tracked_cycles},
    {"uintr.posted.deliver_cycles", 0, "receiver: delivery's state updates (uepc, ucause, ustatus) beyond the flush",
     "Rocket writes the trap CSRs in the redirect cycle; Sapphire Rapids 201 = 141.6 + 29.3 + 30.4 (xUI)",
     &PostedParams::deliver_cycles},
    {"uintr.posted.uiret_cycles", 0, "uret as UIRET: extra cost beyond timing.latency.system",
     "Rocket: an xRET like any other; Sapphire Rapids uiret 9.2 (xUI)", &PostedParams::uiret_cycles},
};

// A setting of one architecture that differs from its default would have no effect under the
// other. Compared by value (not origin), so that a full --dump-config loads back.
struct Setting {
  const char* key;
  const char* def;  // the default of a string/enum setting, or nullptr for an integer one
  int64_t idef;
};
bool differs(const Config& cfg, const Setting& s) {
  return s.def ? cfg.get_string(s.key) != s.def : cfg.get_int(s.key) != s.idef;
}
const Setting kPostedOnly[] = {{"uintr.delivery", "flush", 0},
                               {"uintr.posted.fault", "illegal", 0},
                               {"uintr.posted.uiret", "upie", 0},
                               {"uintr.posted.notify_base", nullptr, int64_t(UINTRSIM_DEFAULT_UNOTIFY_BASE)}};
// UINTC settings that only uipi.* (or the UINTC's line to the hart) would use.
const Setting kUintcOnly[] = {{"uintr.uist_stride", nullptr, 8},
                              {"uintr.send_checks", "qemu", 0},
                              {"uintc.impl", "tlm", 0},
                              {"uintc.line_semantics", "level", 0},
                              {"uintc.line_latency_cycles", nullptr, 3}};
}  // namespace

void PostedParams::declare(ParamRegistry& reg) {
  reg.add_enum("uintr.arch", "uintc", {"uintc", "posted"},
               "user-interrupt architecture: uintc = the RISC-V UINTC design (docs/hardware-uintr.md); posted = "
               "UITT/UPID posted interrupts with senduipi, as x86 UINTR (docs/uintr-posted.md)",
               "U-interrupt project (uintc); Intel SDM SENDUIPI/UIRET, intel/uintr-linux-kernel (posted)");
  reg.add_enum("uintr.delivery", "flush", {"flush", "tracked"},
               "posted: receiver pipeline on delivery: flush = squash in-flight instructions "
               "(uintr.posted.flush_cycles); tracked = xUI tracked interrupts (uintr.posted.tracked_cycles)",
               "xUI (ASPLOS'25): intStrategy flush vs tracked");
  reg.add_enum("uintr.posted.fault", "illegal", {"illegal", "custom"},
               "posted: exception of senduipi with a bad index, V = 0 or reserved bits: illegal = illegal "
               "instruction (cause 2, tval 0); custom = cause 24 with tval = the index",
               "x86 raises #GP; RISC-V has no #GP (docs/uintr-posted.md)");
  reg.add_enum("uintr.posted.uiret", "upie", {"upie", "set"},
               "posted: uret as UIRET: upie = UIE <- UPIE (N extension); set = UIE <- 1",
               "Intel SDM UIRET 're-enables UIF' vs the N extension's uret");
  reg.add_int("uintr.posted.notify_base", UINTRSIM_DEFAULT_UNOTIFY_BASE, "address",
              "posted: base of the notification device (one 4 KiB page)", "uintrsim's choice, beside the UINTC",
              0, int64_t(1) << 56);
  for (const Cost& c : kCosts) reg.add_int(c.key, c.def, "cycles", std::string("posted: ") + c.what, c.source, 0, 100000);
}

PostedParams PostedParams::from_config(const Config& cfg) {
  PostedParams p;
  p.enabled = cfg.get_string("uintr.arch") == "posted";
  if (!p.enabled) {
    std::vector<Setting> posted_only(std::begin(kPostedOnly), std::end(kPostedOnly));
    for (const Cost& c : kCosts) posted_only.push_back({c.key, nullptr, c.def});
    for (const Setting& k : posted_only)
      if (differs(cfg, k))
        throw ConfigError(cfg.origin(k.key) + ": " + k.key + " applies to uintr.arch = posted only; with "
                          "uintr.arch = uintc it would have no effect (add --set uintr.arch=posted)");
    return p;
  }
  for (const Setting& k : kUintcOnly)
    if (differs(cfg, k))
      throw ConfigError(cfg.origin(k.key) + ": " + k.key + " configures the UINTC's uipi.* path, which "
                        "uintr.arch = posted does not have (docs/uintr-posted.md)");
  p.tracked = cfg.get_string("uintr.delivery") == "tracked";
  p.custom_fault = cfg.get_string("uintr.posted.fault") == "custom";
  p.uiret_sets_uif = cfg.get_string("uintr.posted.uiret") == "set";
  p.notify_base = cfg.get_uint("uintr.posted.notify_base");
  if (p.notify_base % 0x1000)
    throw ConfigError(cfg.origin("uintr.posted.notify_base") + ": uintr.posted.notify_base must be 4 KiB aligned");
  for (const Cost& c : kCosts) p.*c.field = unsigned(cfg.get_int(c.key));
  return p;
}

}  // namespace uintrsim
