// The in-order timing model (HartParams.timing.inorder = true): per-class latency, load-use
// stalls, branch prediction, jump penalties, I-/D-cache misses, MMIO and page-walk stalls,
// trap penalty; and the functional mode's CPI of 1.
#include <catch2/catch.hpp>

#include "tests/unit/hart_fixture.h"

using namespace uintrsim;
using namespace uintrsim::test;

namespace {
constexpr uint64_t kCode = System::kCode;
constexpr uint64_t kData = System::kData;

constexpr unsigned kLoadUse = 2, kMispredict = 3, kJump = 2, kJalr = 3, kTrap = 5;
constexpr unsigned kIMiss = 7, kDMiss = 10, kTlbMiss = 4, kMul = 4, kDiv = 20;

HartParams timed() {
  HartParams p;
  TimingParams& t = p.timing;
  t.inorder = true;
  t.latency.fill(1);
  t.latency[size_t(InsnClass::kMul)] = kMul;
  t.latency[size_t(InsnClass::kDiv)] = kDiv;
  t.load_use_penalty = kLoadUse;
  t.branch_mispredict_penalty = kMispredict;
  t.jump_penalty = kJump;
  t.jalr_penalty = kJalr;
  t.trap_penalty = kTrap;
  t.bht_entries = 512;
  t.tlb_miss_penalty = kTlbMiss;
  t.icache = CacheParams{4096, 2, 64, 1, kIMiss};
  t.dcache = CacheParams{4096, 2, 64, 1, kDMiss};
  return p;
}

// Executes one instruction; returns the cycles it cost.
uint64_t cost(Hart& h) {
  const uint64_t c = h.cycle();
  System::step(h);
  return h.cycle() - c;
}
}  // namespace

TEST_CASE("functional mode: cycle equals instret for trap-free code", "[hart]") {
  System sys;
  Hart& h = sys.hart();
  REQUIRE_FALSE(h.params().timing.inorder);
  REQUIRE(h.icache() == nullptr);
  using namespace enc;
  // for (x5 = 0; x5 != 50; ++x5) { x6 = mem[x10]; x7 = x6 * x5; x8 = x7 / 3; mem[x10+8] = x8; }
  h.x[10] = kData;
  sys.write64(kData, 7);
  sys.code(kCode, {addi(5, 0, 0), addi(9, 0, 50), ld(6, 10, 0), mul(7, 6, 5), addi(12, 0, 3),
                   div(8, 7, 12), sd(8, 10, 8), addi(5, 5, 1), bne(5, 9, -24), self_loop()});
  REQUIRE(System::run_until(h, kCode + 36));
  CHECK(h.x[5] == 50);
  CHECK(sys.read64(kData + 8) == 7 * 49 / 3);
  CHECK(h.instret() == 2 + 50 * 7);
  CHECK(h.cycle() == h.instret());
}

TEST_CASE("in-order: per-class latencies", "[hart][timing]") {
  System sys(timed());
  Hart& h = sys.hart();
  using namespace enc;
  sys.code(kCode, {nop(), addi(5, 0, 3), mul(6, 5, 5), div(7, 6, 5), addi(8, 0, 1)});
  CHECK(cost(h) == 1 + kIMiss);  // first fetch of the line
  CHECK(cost(h) == 1);
  CHECK(cost(h) == kMul);
  CHECK(cost(h) == kDiv);
  CHECK(cost(h) == 1);
  CHECK(h.x[7] == 3);
  CHECK(h.instret() == 5);
  CHECK(h.cycle() == kIMiss + 3 + kMul + kDiv);
}

TEST_CASE("in-order: a load-use pair costs exactly load_use_penalty extra", "[hart][timing]") {
  System sys(timed());
  Hart& h = sys.hart();
  using namespace enc;
  h.x[10] = kData;
  h.x[8] = 1;
  sys.write64(kData, 41);
  const uint64_t end = sys.code(kCode, {
      ld(5, 10, 0), addi(6, 5, 1),    // dependent (rs1)
      ld(7, 10, 0), addi(6, 8, 1),    // independent
      ld(9, 10, 0), add(6, 8, 9),     // dependent (rs2)
      ld(0, 10, 0), addi(6, 0, 1),    // a load to x0 creates no hazard
      ld(12, 10, 0), nop(), addi(6, 12, 1),  // one instruction in between: no stall
  });
  // Warm the I-cache line, the D-cache line and the decode cache.
  REQUIRE(System::run_until(h, end));
  h.pc = kCode;
  const uint64_t stalls0 = h.stats().load_use_stalls;
  auto pair = [&] { return cost(h) + cost(h); };
  const uint64_t dependent = pair(), independent = pair(), dependent_rs2 = pair(), x0 = pair();
  const uint64_t gap = pair() + cost(h);
  CHECK(independent == 2);
  CHECK(dependent == independent + kLoadUse);
  CHECK(dependent_rs2 == independent + kLoadUse);
  CHECK(x0 == independent);
  CHECK(gap == 3);
  CHECK(h.stats().load_use_stalls == stalls0 + 2);
  CHECK(h.x[6] == 42);
}

TEST_CASE("in-order: a mispredicted branch costs branch_mispredict_penalty (2-bit BHT)",
          "[hart][timing]") {
  System sys(timed());
  Hart& h = sys.hart();
  using namespace enc;
  const uint64_t br = kCode + 0x100;  // all in one 64-byte line
  sys.code(br, {beq(5, 0, 8), nop(), nop(), bne(0, 0, 8), nop()});
  h.pc = br + 4;
  CHECK(cost(h) == 1 + kIMiss);  // warms the line
  auto run_branch = [&] {
    h.pc = br;
    const uint64_t c = cost(h);
    CHECK(h.pc == (h.x[5] == 0 ? br + 8 : br + 4));
    return c;
  };
  const uint64_t m0 = h.stats().branch_mispredicts;
  h.x[5] = 0;  // taken; the counter starts weakly not-taken
  CHECK(run_branch() == 1 + kMispredict);
  CHECK(run_branch() == 1);
  CHECK(run_branch() == 1);  // counter saturates at strongly taken
  h.x[5] = 1;  // not taken now
  CHECK(run_branch() == 1 + kMispredict);
  CHECK(run_branch() == 1 + kMispredict);  // hysteresis: still predicted taken once more
  CHECK(run_branch() == 1);
  CHECK(h.stats().branch_mispredicts == m0 + 3);
  // A different, never-taken branch is predicted correctly from the start.
  h.pc = br + 12;
  CHECK(cost(h) == 1);
  CHECK(h.pc == br + 16);
}

TEST_CASE("in-order: jal and jalr redirect penalties", "[hart][timing]") {
  System sys(timed());
  Hart& h = sys.hart();
  using namespace enc;
  sys.code(kCode, {nop(), jal(1, 8), nop(), jalr(0, 1, 8), nop(), nop()});
  CHECK(cost(h) == 1 + kIMiss);
  CHECK(cost(h) == 1 + kJump);
  CHECK(h.pc == kCode + 12);
  CHECK(cost(h) == 1 + kJalr);
  CHECK(h.pc == kCode + 16);
}

TEST_CASE("in-order: I-cache misses on each new line", "[hart][timing]") {
  System sys(timed());
  Hart& h = sys.hart();
  const uint64_t start = kCode + 0x3c0;  // 64-byte aligned
  for (unsigned i = 0; i < 17; ++i) sys.code(start + 4 * i, {enc::nop()});
  h.pc = start;
  CHECK(cost(h) == 1 + kIMiss);
  for (unsigned i = 1; i < 16; ++i) CHECK(cost(h) == 1);
  CHECK(cost(h) == 1 + kIMiss);  // the next line
  CHECK(h.icache()->misses == 2);
  // Run the first line again: it is still cached.
  h.pc = start;
  CHECK(cost(h) == 1);
}

TEST_CASE("in-order: a D-cache miss adds miss_latency (loads and stores, write-allocate)",
          "[hart][timing]") {
  System sys(timed());
  Hart& h = sys.hart();
  using namespace enc;
  h.x[11] = kData + 0x800;
  sys.code(kCode, {nop(), ld(5, 11, 0), ld(6, 11, 8), ld(7, 11, 64), ld(8, 11, 0),
                   sd(0, 11, 128), ld(9, 11, 136)});
  CHECK(cost(h) == 1 + kIMiss);
  const uint64_t dm0 = h.dcache()->misses;
  CHECK(cost(h) == 1 + kDMiss);  // new line
  CHECK(cost(h) == 1);           // same line
  CHECK(cost(h) == 1 + kDMiss);  // next line
  CHECK(cost(h) == 1);           // first line still cached
  CHECK(cost(h) == 1 + kDMiss);  // store miss allocates
  CHECK(cost(h) == 1);           // so the load after it hits
  CHECK(h.dcache()->misses == dm0 + 3);
}

TEST_CASE("in-order: MMIO latency from the bus is charged, MMIO bypasses the D-cache",
          "[hart][timing]") {
  System sys(timed());
  Hart& h = sys.hart();
  sys.bus.latency = 20;
  h.x[10] = FakeBus::kMmioBase;
  sys.code(kCode, {enc::nop(), enc::lw(5, 10, 0), enc::sw(6, 10, 4)});
  CHECK(cost(h) == 1 + kIMiss);
  const uint64_t accesses = h.dcache()->hits + h.dcache()->misses;
  CHECK(cost(h) == 1 + 20);
  CHECK(cost(h) == 1 + 20);
  CHECK(h.dcache()->hits + h.dcache()->misses == accesses);
  REQUIRE(sys.bus.log.size() == 2);
}

TEST_CASE("in-order: traps cost trap_penalty", "[hart][timing]") {
  System sys(timed());
  Hart& h = sys.hart();
  sys.code(kCode, {enc::nop(), enc::ecall()});
  CHECK(cost(h) == 1 + kIMiss);
  CHECK(cost(h) == 1 + kTrap);
  CHECK(h.pc == System::kMtvec);
  // Functional mode has no trap penalty: the ecall takes its one cycle.
  System f;
  f.code(kCode, {enc::ecall()});
  CHECK(cost(f.hart()) == 1);
}

TEST_CASE("in-order: page walks cost tlb_miss_penalty plus their PTE loads", "[hart][timing][mmu]") {
  System sys(timed());
  Hart& h = sys.hart();
  const uint64_t root = System::kPageTables;
  // One-level walk: root[2] is a 1 GiB identity leaf covering code and data.
  sys.write64(root + 16, pte::make(0x80000000, pte::V | pte::R | pte::W | pte::X | pte::A | pte::D));
  System::pmp_allow_all(h);
  System::poke(h, csr::satp, satp_sv39(root));
  h.x[10] = kData;
  h.x[11] = kData + 0x1000;
  sys.code(kCode, {enc::ld(5, 10, 0), enc::ld(6, 10, 8), enc::ld(7, 11, 0)});
  sys.enter(h, Priv::S, kCode);
  REQUIRE(h.privilege() == Priv::S);
  const uint64_t walks0 = h.stats().page_walks;
  // First instruction: I-TLB walk (PTE line misses in the D-cache) + I-cache miss + the load's
  // own D-TLB walk (PTE line now hits) + data line miss.
  CHECK(cost(h) == 1 + kIMiss + (kTlbMiss + kDMiss) + kTlbMiss + kDMiss);
  CHECK(h.stats().page_walks == walks0 + 2);
  CHECK(cost(h) == 1);  // same page, same line
  // Another 4 KiB page of the same gigapage: TLB hit (no walk), new data line.
  CHECK(cost(h) == 1 + kDMiss);
  CHECK(h.stats().page_walks == walks0 + 2);
}

TEST_CASE("in-order: a timer interrupt is taken at the first boundary at or after its cycle",
          "[hart][timing][trap]") {
  System sys(timed());
  Hart& h = sys.hart();
  using namespace enc;
  sys.code(kCode, {nop(), div(5, 0, 0), nop(), nop()});
  System::poke(h, csr::mie, rv::bit(rv::kMTI));
  System::poke(h, csr::mstatus, ms::MIE);
  // nop ends at cycle 1 + kIMiss = 8, div at 28; deadline 10 falls inside the div.
  h.schedule_irq(rv::kMTI, 10);
  h.run(100);
  CHECK(System::peek(h, csr::mcause) == (kIntr | rv::kMTI));
  CHECK(System::peek(h, csr::mepc) == kCode + 8);
}

// A 32-bit instruction that straddles a page is not kept in the decode cache; it must still be
// charged for its own I-cache line (not a phantom line), so with its lines cached it costs
// no miss.
TEST_CASE("in-order: a page-straddling instruction is charged for its own I-cache lines",
          "[hart][timing]") {
  System sys(timed());
  Hart& h = sys.hart();
  const uint64_t at = kCode + 0x3ffe;  // last halfword of a page
  const uint32_t insn = enc::addi(5, 0, 1);
  sys.code(at - 6, {enc::nop()});
  sys.code16(at - 2, {0x0001 /* c.nop */, uint16_t(insn), uint16_t(insn >> 16), 0x0001});
  // Warm both lines the instruction lives in.
  h.pc = at + 4;  // the c.nop after it, in the second line
  CHECK(cost(h) == 1 + kIMiss);
  h.pc = at - 6;  // first line
  CHECK(cost(h) == 1 + kIMiss);
  CHECK(cost(h) == 1);  // c.nop
  const uint64_t misses = h.icache()->misses;
  CHECK(cost(h) == 1);  // the straddling addi: both lines are cached
  CHECK(h.x[5] == 1);
  CHECK(h.pc == at + 4);
  CHECK(h.icache()->misses == misses);
}
