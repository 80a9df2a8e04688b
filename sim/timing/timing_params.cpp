// Timing-model parameters, declared next to the model that uses them. Defaults describe a
// Rocket-like in-order core (the thesis FPGA board runs rocket-chip at 100 MHz).
#include "sim/timing/timing_params.h"

#include "sim/config/config.h"

namespace uintrsim {

namespace {
constexpr const char* kRocketMulDiv =
    "rocket-chip MulDivParams defaults (mulUnroll=8: 64-bit multiply in 8 steps; divUnroll=1: "
    "one quotient bit per cycle), src/main/scala/rocket/Multiplier.scala";
constexpr const char* kRocketPipe =
    "Rocket 5-stage in-order pipeline: branches resolve in execute (3-cycle redirect), "
    "JAL redirects from decode when the BTB misses; SiFive U54 manual (a Rocket derivative): "
    "2-cycle load-to-use latency";
constexpr const char* kRocketCache =
    "rocket-chip default L1 (nSets=64, nWays=4, 64-byte blocks = 16 KiB), "
    "src/main/scala/rocket/HellaCache.scala and ICache.scala";
constexpr const char* kMissCalib =
    "L1 miss served by the board's 2 MB L2 at 100 MHz; calibration value (docs/architecture.md timing)";

struct ClassDefault {
  InsnClass cls;
  const char* name;
  int64_t cycles;
  const char* what;
  const char* source;
};
constexpr ClassDefault kClassDefaults[] = {
    {InsnClass::kAlu, "alu", 1, "integer ALU, lui/auipc", "base CPI 1 of an in-order pipeline"},
    {InsnClass::kBranch, "branch", 1, "conditional branch when predicted correctly", kRocketPipe},
    {InsnClass::kJal, "jal", 1, "jal (plus timing.jump_penalty)", kRocketPipe},
    {InsnClass::kJalr, "jalr", 1, "jalr (plus timing.jalr_penalty)", kRocketPipe},
    {InsnClass::kLoad, "load", 1, "load that hits in the L1 D-cache (LR too)", kRocketPipe},
    {InsnClass::kStore, "store", 1, "store that hits in the L1 D-cache (SC too)", kRocketPipe},
    {InsnClass::kAmo, "amo", 3, "atomic read-modify-write in the L1 D-cache",
     "Rocket performs AMOs in the data cache's ALU: load, op, store"},
    {InsnClass::kMul, "mul", 8, "64-bit multiply (mul, mulh*)", kRocketMulDiv},
    {InsnClass::kMulW, "mulw", 4, "32-bit multiply (mulw)", kRocketMulDiv},
    {InsnClass::kDiv, "div", 65, "64-bit divide/remainder (worst case, no early out)", kRocketMulDiv},
    {InsnClass::kDivW, "divw", 33, "32-bit divide/remainder (worst case, no early out)", kRocketMulDiv},
    {InsnClass::kCsr, "csr", 1, "CSR access", "Rocket reads/writes CSRs in the write-back stage"},
    {InsnClass::kFence, "fence", 1, "fence and fence.i", "in-order core with no store buffer to drain"},
    {InsnClass::kSystem, "system", 1, "ecall/ebreak/xRET/wfi/sfence (traps add trap_penalty)", kRocketPipe},
};
}  // namespace

void TimingParams::declare(ParamRegistry& reg) {
  reg.add_enum("timing.mode", "inorder", {"functional", "inorder"},
               "hart timing model: functional (CPI 1, no caches) or inorder (Rocket-like costs, "
               "L1 caches, TLB)");
  for (const auto& c : kClassDefaults)
    reg.add_int(std::string("timing.latency.") + c.name, c.cycles, "cycles",
                std::string("base latency of ") + c.what, c.source, 1, 255);
  reg.add_int("timing.load_use_penalty", 1, "cycles",
              "stall when an instruction uses the result of the load just before it", kRocketPipe, 0, 255);
  reg.add_int("timing.branch_mispredict_penalty", 3, "cycles",
              "pipeline refill after a mispredicted conditional branch", kRocketPipe, 0, 255);
  reg.add_int("timing.jump_penalty", 1, "cycles", "front-end redirect of jal", kRocketPipe, 0, 255);
  reg.add_int("timing.jalr_penalty", 2, "cycles", "front-end redirect of jalr (target from execute)",
              kRocketPipe, 0, 255);
  reg.add_int("timing.trap_penalty", 5, "cycles",
              "pipeline flush when an exception or interrupt is taken",
              "Rocket takes traps in write-back and refetches from the trap vector", 0, 1000);
  reg.add_int("timing.bht_entries", 512, "entries", "bimodal branch history table (2-bit counters)",
              "rocket-chip BHTParams default nEntries=512", 1, 1 << 20);
  reg.add_int("timing.tlb_miss_penalty", 2, "cycles",
              "page-table walker overhead per walk, beyond its PTE loads through the D-cache",
              "Rocket PTW state machine: one cycle to issue and one to check each walk", 0, 1000);
  for (const char* which : {"l1i", "l1d"}) {
    const std::string k = std::string("cache.") + which + ".";
    const std::string name = which[2] == 'i' ? "L1 instruction cache" : "L1 data cache";
    reg.add_int(k + "size", 16384, "bytes", name + " capacity", kRocketCache, 64, 1 << 26);
    reg.add_int(k + "ways", 4, "ways", name + " associativity", kRocketCache, 1, 64);
    reg.add_int(k + "line", 64, "bytes", name + " line size", kRocketCache, 8, 4096);
    reg.add_int(k + "hit_latency", 1, "cycles", name + " hit latency (the access's own cycle)",
                kRocketCache, 1, 255);
    reg.add_int(k + "miss_latency", 24, "cycles", name + " extra stall on a miss", kMissCalib, 0, 10000);
  }
}

TimingParams TimingParams::from_config(const Config& cfg) {
  TimingParams t;
  t.inorder = cfg.get_string("timing.mode") == "inorder";
  for (const auto& c : kClassDefaults)
    t.latency[size_t(c.cls)] = uint8_t(cfg.get_int(std::string("timing.latency.") + c.name));
  t.load_use_penalty = unsigned(cfg.get_int("timing.load_use_penalty"));
  t.branch_mispredict_penalty = unsigned(cfg.get_int("timing.branch_mispredict_penalty"));
  t.jump_penalty = unsigned(cfg.get_int("timing.jump_penalty"));
  t.jalr_penalty = unsigned(cfg.get_int("timing.jalr_penalty"));
  t.trap_penalty = unsigned(cfg.get_int("timing.trap_penalty"));
  t.tlb_miss_penalty = unsigned(cfg.get_int("timing.tlb_miss_penalty"));
  unsigned bht = 1;
  while (bht < cfg.get_int("timing.bht_entries")) bht <<= 1;
  t.bht_entries = bht;
  auto cache = [&](const char* which) {
    const std::string k = std::string("cache.") + which + ".";
    CacheParams c;
    c.size_bytes = cfg.get_uint(k + "size");
    c.ways = unsigned(cfg.get_int(k + "ways"));
    c.line_bytes = unsigned(cfg.get_int(k + "line"));
    c.hit_latency = unsigned(cfg.get_int(k + "hit_latency"));
    c.miss_latency = unsigned(cfg.get_int(k + "miss_latency"));
    const std::string err = check_cache_params(c);
    if (!err.empty()) throw ConfigError(cfg.origin(k + "size") + ": cache." + which + ": " + err);
    return c;
  };
  t.icache = cache("l1i");
  t.dcache = cache("l1d");
  if (t.inorder) {
    // A load/store that hits costs the cache's hit latency in place of the class latency.
    t.latency[size_t(InsnClass::kLoad)] = uint8_t(std::max<unsigned>(
        t.latency[size_t(InsnClass::kLoad)], t.dcache.hit_latency));
    t.latency[size_t(InsnClass::kStore)] = uint8_t(std::max<unsigned>(
        t.latency[size_t(InsnClass::kStore)], t.dcache.hit_latency));
  } else {
    t.latency.fill(1);
  }
  return t;
}

}  // namespace uintrsim
