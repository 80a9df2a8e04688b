// Hart parameters, declared next to the hart they configure.
#include "sim/config/config.h"
#include "sim/hart/hart.h"

namespace uintrsim {

void HartParams::declare(ParamRegistry& reg) {
  reg.add_int("hart.itlb_entries", 32, "entries", "instruction TLB entries (fully associative, LRU)",
              "rocket-chip TLB default nSets=1, nWays=32", 1, 4096);
  reg.add_int("hart.dtlb_entries", 32, "entries", "data TLB entries (fully associative, LRU)",
              "rocket-chip TLB default nSets=1, nWays=32", 1, 4096);
  reg.add_bool("hart.hardware_ad", true,
               "Sv39 accessed/dirty bits set by hardware (Svadu); false: page fault (Svade)",
               "both are allowed by the privileged spec 4.3.1; the kernel model sets A/D itself");
  TimingParams::declare(reg);
  UintrParams::declare(reg);
}

HartParams HartParams::from_config(const Config& cfg, unsigned hartid) {
  HartParams p;
  p.hartid = hartid;
  p.itlb_entries = unsigned(cfg.get_int("hart.itlb_entries"));
  p.dtlb_entries = unsigned(cfg.get_int("hart.dtlb_entries"));
  p.hardware_ad = cfg.get_bool("hart.hardware_ad");
  p.timing = TimingParams::from_config(cfg);
  p.uintr = UintrParams::from_config(cfg);
  return p;
}

}  // namespace uintrsim
