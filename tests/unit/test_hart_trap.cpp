// Traps: synchronous exceptions with and without delegation, xRET, interrupts (timing,
// priority, delegation and the global enables), vectored mode, wfi and the TW/TSR traps.
#include <catch2/catch.hpp>

#include "tests/unit/hart_fixture.h"

using namespace uintrsim;
using namespace uintrsim::test;
using rv::bit;

namespace {
constexpr uint64_t kCode = System::kCode;
constexpr uint64_t kMtvec = System::kMtvec;
constexpr uint64_t kStvec = System::kStvec;

uint64_t mpp(Hart& h) { return (System::peek(h, csr::mstatus) & ms::MPP) >> ms::MPP_SHIFT; }
bool mstatus_has(Hart& h, uint64_t b) { return (System::peek(h, csr::mstatus) & b) != 0; }
}  // namespace

TEST_CASE("ecall from U without delegation traps to M", "[trap]") {
  System sys;
  Hart& h = sys.hart();
  System::pmp_allow_all(h);
  sys.code(kCode + 0x20, {enc::ecall()});
  System::set_bits(h, csr::mstatus, ms::MPIE);  // becomes MIE in U-mode
  sys.enter(h, Priv::U, kCode + 0x20);
  REQUIRE(h.privilege() == Priv::U);
  CHECK(mstatus_has(h, ms::MIE));
  System::step(h);
  CHECK(h.privilege() == Priv::M);
  CHECK(h.pc == kMtvec);
  CHECK(System::peek(h, csr::mcause) == rv::kEcallU);
  CHECK(System::peek(h, csr::mepc) == kCode + 0x20);
  CHECK(System::peek(h, csr::mtval) == 0);
  CHECK(mpp(h) == 0);
  CHECK(mstatus_has(h, ms::MPIE));   // MIE was 1
  CHECK_FALSE(mstatus_has(h, ms::MIE));
  CHECK(System::peek(h, csr::scause) == 0);  // S state untouched
}

TEST_CASE("ecall from U delegated with medeleg traps to S", "[trap]") {
  System sys;
  Hart& h = sys.hart();
  System::pmp_allow_all(h);
  System::poke(h, csr::medeleg, bit(rv::kEcallU));
  System::set_bits(h, csr::mstatus, ms::SIE | ms::SPP);  // SPP must be overwritten with 0
  sys.code(kCode + 0x40, {enc::ecall()});
  sys.enter(h, Priv::U, kCode + 0x40);
  REQUIRE(h.privilege() == Priv::U);
  const uint64_t mcause_before = System::peek(h, csr::mcause);
  System::step(h);
  CHECK(h.privilege() == Priv::S);
  CHECK(h.pc == kStvec);
  CHECK(System::peek(h, csr::scause) == rv::kEcallU);
  CHECK(System::peek(h, csr::sepc) == kCode + 0x40);
  CHECK(System::peek(h, csr::stval) == 0);
  CHECK_FALSE(mstatus_has(h, ms::SPP));  // came from U
  CHECK(mstatus_has(h, ms::SPIE));       // SIE was 1
  CHECK_FALSE(mstatus_has(h, ms::SIE));
  CHECK(System::peek(h, csr::mcause) == mcause_before);  // M state untouched
}

TEST_CASE("ecall from S: to M (MPP = S) or, delegated, to S (SPP = S)", "[trap]") {
  System sys;
  Hart& h = sys.hart();
  System::pmp_allow_all(h);
  sys.code(kCode, {enc::ecall()});
  sys.enter(h, Priv::S, kCode);
  System::step(h);
  CHECK(h.privilege() == Priv::M);
  CHECK(System::peek(h, csr::mcause) == rv::kEcallS);
  CHECK(mpp(h) == 1);

  System::poke(h, csr::medeleg, bit(rv::kEcallS));
  sys.enter(h, Priv::S, kCode);
  System::step(h);
  CHECK(h.privilege() == Priv::S);
  CHECK(h.pc == kStvec);
  CHECK(System::peek(h, csr::scause) == rv::kEcallS);
  CHECK(mstatus_has(h, ms::SPP));
}

TEST_CASE("exceptions in M-mode are never delegated", "[trap]") {
  System sys;
  Hart& h = sys.hart();
  System::poke(h, csr::medeleg, ~0ull);
  sys.code(kCode, {enc::ecall()});
  h.pc = kCode;
  System::step(h);
  CHECK(h.privilege() == Priv::M);
  CHECK(h.pc == kMtvec);
  CHECK(System::peek(h, csr::mcause) == rv::kEcallM);
  CHECK(mpp(h) == 3);
  CHECK(System::peek(h, csr::scause) == 0);
}

TEST_CASE("mret restores privilege, MIE and pc, MPP becomes U", "[trap]") {
  System sys;
  Hart& h = sys.hart();
  System::pmp_allow_all(h);
  sys.code(kCode, {enc::mret()});
  System::poke(h, csr::mepc, kCode + 0x100);
  System::poke(h, csr::mstatus, ms::MPIE | (1ull << ms::MPP_SHIFT));
  h.pc = kCode;
  System::step(h);
  CHECK(h.privilege() == Priv::S);
  CHECK(h.pc == kCode + 0x100);
  CHECK(mstatus_has(h, ms::MIE));
  CHECK(mstatus_has(h, ms::MPIE));
  CHECK(mpp(h) == 0);
}

TEST_CASE("mret to a mode below M clears MPRV, mret to M keeps it", "[trap]") {
  System sys;
  Hart& h = sys.hart();
  System::pmp_allow_all(h);
  sys.code(kCode, {enc::mret()});
  System::poke(h, csr::mepc, kCode + 0x100);
  System::poke(h, csr::mstatus, ms::MPRV | (3ull << ms::MPP_SHIFT));
  h.pc = kCode;
  System::step(h);
  CHECK(h.privilege() == Priv::M);
  CHECK(mstatus_has(h, ms::MPRV));

  System::poke(h, csr::mstatus, ms::MPRV | (0ull << ms::MPP_SHIFT));
  h.pc = kCode;
  System::step(h);
  CHECK(h.privilege() == Priv::U);
  CHECK_FALSE(mstatus_has(h, ms::MPRV));
}

TEST_CASE("sret restores privilege from SPP and SIE from SPIE", "[trap]") {
  System sys;
  Hart& h = sys.hart();
  System::pmp_allow_all(h);
  sys.code(kCode, {enc::sret()});
  // From S back to S.
  System::poke(h, csr::sepc, kCode + 0x200);
  System::poke(h, csr::mstatus, ms::SPIE | ms::SPP);
  sys.enter(h, Priv::S, kCode);
  System::step(h);
  CHECK(h.privilege() == Priv::S);
  CHECK(h.pc == kCode + 0x200);
  CHECK(mstatus_has(h, ms::SIE));
  CHECK(mstatus_has(h, ms::SPIE));
  CHECK_FALSE(mstatus_has(h, ms::SPP));
  // From S to U (SPP = 0), SPIE = 0 -> SIE = 0.
  sys.code(kCode + 0x200, {enc::ecall()});
  System::step(h);  // back to M
  REQUIRE(h.privilege() == Priv::M);
  System::poke(h, csr::mstatus, ms::SIE);
  sys.enter(h, Priv::S, kCode);
  System::step(h);
  CHECK(h.privilege() == Priv::U);
  CHECK_FALSE(mstatus_has(h, ms::SIE));
  CHECK(mstatus_has(h, ms::SPIE));
}

TEST_CASE("illegal xRET and wfi: mret in S, sret in U, sret in S with TSR, wfi in U, wfi in S with TW",
          "[trap]") {
  System sys;
  Hart& h = sys.hart();
  System::pmp_allow_all(h);
  System::poke(h, csr::mie, bit(rv::kMSI));
  struct Case {
    Priv mode;
    uint32_t insn;
    uint64_t mstatus_bits;
    bool illegal;
    const char* what;
  } cases[] = {
      {Priv::S, enc::mret(), 0, true, "mret in S"},
      {Priv::U, enc::mret(), 0, true, "mret in U"},
      {Priv::U, enc::sret(), 0, true, "sret in U"},
      {Priv::S, enc::sret(), ms::TSR, true, "sret in S with TSR"},
      {Priv::S, enc::sret(), 0, false, "sret in S"},
      {Priv::U, enc::wfi(), 0, true, "wfi in U"},
      {Priv::S, enc::wfi(), ms::TW, true, "wfi in S with TW"},
      {Priv::S, enc::wfi(), 0, false, "wfi in S"},
      {Priv::S, enc::sfence_vma(0, 0), ms::TVM, true, "sfence.vma in S with TVM"},
      {Priv::S, enc::sfence_vma(0, 0), 0, false, "sfence.vma in S"},
      {Priv::U, enc::sfence_vma(0, 0), 0, true, "sfence.vma in U"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    REQUIRE(h.privilege() == Priv::M);
    System::poke(h, csr::mstatus, c.mstatus_bits | ms::SPP);
    System::poke(h, csr::sepc, kCode + 0x80);
    sys.code(kCode, {c.insn});
    sys.code(kCode + 0x80, {enc::ecall()});
    sys.code(kCode + 4, {enc::ecall()});
    sys.enter(h, c.mode, kCode);
    REQUIRE(h.privilege() == c.mode);
    const uint64_t before = h.stats().exceptions[rv::kIllegalInsn];
    const Hart::StopReason r = System::step(h);
    CHECK((h.stats().exceptions[rv::kIllegalInsn] != before) == c.illegal);
    if (c.illegal) {
      CHECK(h.privilege() == Priv::M);
      CHECK(h.pc == kMtvec);
      CHECK(System::peek(h, csr::mcause) == rv::kIllegalInsn);
      CHECK(System::peek(h, csr::mtval) == c.insn);
      CHECK(System::peek(h, csr::mepc) == kCode);
    } else if (c.insn == enc::wfi()) {
      CHECK(r == Hart::StopReason::kWfi);
      CHECK(h.pc == kCode + 4);
      // Wake it with a machine software interrupt (always enabled below M).
      h.set_irq_line(rv::kMSI, true);
      System::take_pending(h);
      h.set_irq_line(rv::kMSI, false);
      CHECK(System::peek(h, csr::mcause) == (kIntr | rv::kMSI));
    } else {
      System::step(h);  // the ecall after it (or at sepc) brings the hart back to M
    }
    REQUIRE(h.privilege() == Priv::M);
  }
}

TEST_CASE("timer interrupt scheduled for a cycle is taken exactly at that cycle", "[trap]") {
  System sys;
  Hart& h = sys.hart();
  std::initializer_list<uint32_t> nops = {enc::nop(), enc::nop(), enc::nop(), enc::nop()};
  for (uint64_t a = kCode; a < kCode + 0x200; a += 16) sys.code(a, nops);
  System::poke(h, csr::mie, bit(rv::kMTI));
  System::poke(h, csr::mstatus, ms::MIE);
  h.schedule_irq(rv::kMTI, 37);
  CHECK(h.next_scheduled_cycle() == 37);
  CHECK(h.run(1000) == Hart::StopReason::kLimit);
  CHECK(System::peek(h, csr::mcause) == (kIntr | rv::kMTI));
  CHECK(System::peek(h, csr::mepc) == kCode + 4 * 37);  // 37 nops executed first
  CHECK(h.last_trap().epc == kCode + 4 * 37);
  CHECK(h.pc == kMtvec);
  CHECK(mstatus_has(h, ms::MPIE));
  CHECK_FALSE(mstatus_has(h, ms::MIE));
  CHECK(mpp(h) == 3);
  CHECK((System::peek(h, csr::mip) & bit(rv::kMTI)) != 0);
  CHECK(h.stats().interrupts[rv::kMTI] == 1);
  CHECK(h.next_scheduled_cycle() == ~0ull);
}

TEST_CASE("an interrupt is not taken while disabled, enabling it takes it at the next boundary",
          "[trap]") {
  System sys;
  Hart& h = sys.hart();
  h.set_irq_line(rv::kMTI, true);
  // MTIE set but MIE clear: not taken in M.
  System::poke(h, csr::mie, bit(rv::kMTI));
  sys.code(kCode, {enc::nop(), enc::csrrsi(0, csr::mstatus, 8), enc::nop(), enc::nop()});
  h.pc = kCode;
  System::step(h);
  CHECK(h.pc == kCode + 4);
  System::step(h);  // csrrsi sets MIE: the interrupt is taken right after it
  CHECK(h.pc == kMtvec);
  CHECK(System::peek(h, csr::mepc) == kCode + 8);
  CHECK(System::peek(h, csr::mcause) == (kIntr | rv::kMTI));
}

TEST_CASE("interrupt priority: MEI > MSI > MTI > SEI > SSI > STI", "[trap]") {
  System sys;
  Hart& h = sys.hart();
  h.set_irq_line(rv::kMEI, true);
  h.set_irq_line(rv::kMSI, true);
  h.set_irq_line(rv::kMTI, true);
  System::poke(h, csr::mip, bit(rv::kSEI) | bit(rv::kSSI) | bit(rv::kSTI));
  System::poke(h, csr::mie, ~0ull);
  const unsigned order[] = {rv::kMEI, rv::kMSI, rv::kMTI, rv::kSEI, rv::kSSI, rv::kSTI};
  for (unsigned irq : order) {
    INFO("expecting irq " << irq);
    System::set_bits(h, csr::mstatus, ms::MIE);
    h.pc = kCode;
    System::take_pending(h);
    CHECK(h.pc == kMtvec);
    CHECK(System::peek(h, csr::mcause) == (kIntr | irq));
    // Clear the source just taken.
    if (irq == rv::kMEI || irq == rv::kMSI || irq == rv::kMTI) h.set_irq_line(irq, false);
    else System::clear_bits(h, csr::mip, bit(irq));
  }
  System::set_bits(h, csr::mstatus, ms::MIE);
  h.pc = kCode;
  const uint64_t taken = h.stats().interrupts[rv::kSTI];
  System::take_pending(h);
  CHECK(h.pc == kCode);  // nothing left
  CHECK(h.stats().interrupts[rv::kSTI] == taken);
}

TEST_CASE("M-level interrupts are always enabled below M, even with MIE = 0", "[trap]") {
  System sys;
  Hart& h = sys.hart();
  System::pmp_allow_all(h);
  sys.code(kCode, {enc::nop(), enc::nop()});
  System::poke(h, csr::mie, bit(rv::kMTI));
  sys.enter(h, Priv::S, kCode);
  REQUIRE(h.privilege() == Priv::S);
  CHECK_FALSE(mstatus_has(h, ms::MIE));
  h.set_irq_line(rv::kMTI, true);
  System::step(h);
  CHECK(h.privilege() == Priv::M);
  CHECK(h.pc == kMtvec);
  CHECK(System::peek(h, csr::mcause) == (kIntr | rv::kMTI));
  CHECK(System::peek(h, csr::mepc) == kCode);
  CHECK(mpp(h) == 1);
}

TEST_CASE("delegated SSI: not taken in M, taken in U even with SIE = 0, in S only with SIE",
          "[trap]") {
  System sys;
  Hart& h = sys.hart();
  System::pmp_allow_all(h);
  sys.code(kCode, {enc::nop(), enc::nop(), enc::nop(), enc::nop()});
  System::poke(h, csr::mideleg, bit(rv::kSSI));
  System::poke(h, csr::mie, bit(rv::kSSI));
  System::poke(h, csr::mip, bit(rv::kSSI));

  SECTION("M-mode, MIE = 1: a delegated interrupt is not taken") {
    System::poke(h, csr::mstatus, ms::MIE | ms::SIE);
    h.pc = kCode;
    System::step(h, 2);
    CHECK(h.pc == kCode + 8);
    CHECK(h.privilege() == Priv::M);
    CHECK(h.stats().interrupts[rv::kSSI] == 0);
  }
  SECTION("U-mode, SIE = 0: taken into S") {
    System::poke(h, csr::mstatus, 0);
    sys.enter(h, Priv::U, kCode + 4);
    System::take_pending(h);
    CHECK(h.privilege() == Priv::S);
    CHECK(h.pc == kStvec);
    CHECK(System::peek(h, csr::scause) == (kIntr | rv::kSSI));
    CHECK(System::peek(h, csr::sepc) == kCode + 4);
    CHECK_FALSE(mstatus_has(h, ms::SPP));
    CHECK_FALSE(mstatus_has(h, ms::SPIE));
    CHECK(System::peek(h, csr::mcause) == 0);
  }
  SECTION("S-mode, SIE = 0: not taken; setting SIE takes it") {
    System::poke(h, csr::mstatus, 0);
    sys.enter(h, Priv::S, kCode);
    System::step(h, 2);
    CHECK(h.privilege() == Priv::S);
    CHECK(h.pc == kCode + 8);
    CHECK(h.stats().interrupts[rv::kSSI] == 0);
    REQUIRE(h.csr_write(csr::sstatus, ms::SIE));  // S-mode software enables
    System::take_pending(h);
    CHECK(h.pc == kStvec);
    CHECK(System::peek(h, csr::scause) == (kIntr | rv::kSSI));
    CHECK(System::peek(h, csr::sepc) == kCode + 8);
    CHECK(mstatus_has(h, ms::SPP));
    CHECK(mstatus_has(h, ms::SPIE));
    CHECK_FALSE(mstatus_has(h, ms::SIE));
  }
}

TEST_CASE("an S-level interrupt that is not delegated goes to M", "[trap]") {
  System sys;
  Hart& h = sys.hart();
  System::pmp_allow_all(h);
  sys.code(kCode, {enc::nop()});
  System::poke(h, csr::mie, bit(rv::kSTI));
  System::poke(h, csr::mip, bit(rv::kSTI));
  sys.enter(h, Priv::U, kCode);
  System::take_pending(h);
  CHECK(h.privilege() == Priv::M);
  CHECK(System::peek(h, csr::mcause) == (kIntr | rv::kSTI));
  CHECK(mpp(h) == 0);
}

TEST_CASE("vectored mtvec/stvec: interrupts go to base + 4 * cause, exceptions to base", "[trap]") {
  System sys;
  Hart& h = sys.hart();
  System::pmp_allow_all(h);
  System::poke(h, csr::mtvec, kMtvec | 1);
  System::poke(h, csr::stvec, kStvec | 1);
  sys.code(kCode, {enc::ecall()});
  h.pc = kCode;
  System::step(h);
  CHECK(h.pc == kMtvec);  // exception: base
  CHECK(System::peek(h, csr::mcause) == rv::kEcallM);

  System::poke(h, csr::mie, bit(rv::kMTI) | bit(rv::kMSI));
  System::poke(h, csr::mstatus, ms::MIE);
  h.set_irq_line(rv::kMTI, true);
  h.pc = kCode;
  System::take_pending(h);
  CHECK(h.pc == kMtvec + 4 * rv::kMTI);
  h.set_irq_line(rv::kMTI, false);
  h.set_irq_line(rv::kMSI, true);
  System::poke(h, csr::mstatus, ms::MIE);
  System::take_pending(h);
  CHECK(h.pc == kMtvec + 4 * rv::kMSI);
  h.set_irq_line(rv::kMSI, false);

  // Delegated supervisor timer interrupt in U: stvec base + 4 * 5.
  System::poke(h, csr::mideleg, bit(rv::kSTI));
  System::poke(h, csr::medeleg, bit(rv::kEcallS));
  System::poke(h, csr::mie, bit(rv::kSTI));
  System::poke(h, csr::mip, bit(rv::kSTI));
  sys.code(kCode + 0x10, {enc::nop()});
  sys.code(kCode + 0x20, {enc::ecall()});
  sys.enter(h, Priv::U, kCode + 0x10);
  System::take_pending(h);
  CHECK(h.privilege() == Priv::S);
  CHECK(h.pc == kStvec + 4 * rv::kSTI);
  // Delegated exception with vectored stvec: base (STI stays pending, but SIE = 0 in S).
  h.pc = kCode + 0x20;
  System::step(h);
  CHECK(h.privilege() == Priv::S);
  CHECK(System::peek(h, csr::scause) == rv::kEcallS);
  CHECK(h.pc == kStvec);
}

TEST_CASE("wfi stops the run when nothing is pending and wakes on a scheduled interrupt", "[trap]") {
  System sys;
  Hart& h = sys.hart();
  sys.code(kCode, {enc::nop(), enc::wfi(), enc::nop(), enc::self_loop()});
  System::poke(h, csr::mie, bit(rv::kMTI));
  System::poke(h, csr::mstatus, ms::MIE);
  h.schedule_irq(rv::kMTI, 500);
  CHECK(h.run(1000) == Hart::StopReason::kWfi);
  CHECK(h.cycle() == 2);
  CHECK(h.pc == kCode + 8);
  CHECK(h.in_wfi());
  // Still asleep: running again returns immediately.
  CHECK(h.run(1000) == Hart::StopReason::kWfi);
  CHECK(h.cycle() == 2);
  // The platform skips idle time; at the deadline the interrupt wakes the hart.
  h.advance_to(500);
  CHECK(h.stats().idle_cycles == 498);
  CHECK(h.run(1000) == Hart::StopReason::kLimit);
  CHECK(System::peek(h, csr::mcause) == (kIntr | rv::kMTI));
  CHECK(System::peek(h, csr::mepc) == kCode + 8);  // the instruction after wfi
  CHECK(h.pc == kMtvec);
}

TEST_CASE("wfi is a no-op when an interrupt is pending and enabled in mie, even with MIE = 0",
          "[trap]") {
  System sys;
  Hart& h = sys.hart();
  sys.code(kCode, {enc::wfi(), enc::addi(5, 0, 1), enc::self_loop()});
  System::poke(h, csr::mie, bit(rv::kMSI));
  h.set_irq_line(rv::kMSI, true);
  CHECK_FALSE(mstatus_has(h, ms::MIE));
  CHECK(h.run(100) == Hart::StopReason::kLimit);
  CHECK(h.x[5] == 1);
  CHECK(h.pc == kCode + 8);
  CHECK(h.stats().interrupts[rv::kMSI] == 0);

  // Pending but not enabled in mie: wfi sleeps.
  System sys2;
  Hart& h2 = sys2.hart();
  sys2.code(kCode, {enc::wfi(), enc::addi(5, 0, 1)});
  h2.set_irq_line(rv::kMSI, true);
  CHECK(h2.run(100) == Hart::StopReason::kWfi);
  CHECK(h2.x[5] == 0);
  // Enabling it in mie (from a device's point of view: the next run) wakes it without a trap.
  System::poke(h2, csr::mie, bit(rv::kMSI));
  CHECK(h2.run(h2.cycle() + 1) == Hart::StopReason::kLimit);
  CHECK(h2.x[5] == 1);
  CHECK(h2.stats().interrupts[rv::kMSI] == 0);
}

TEST_CASE("page and access faults set mtval to the faulting address", "[trap]") {
  System sys;
  Hart& h = sys.hart();
  h.x[10] = 0x30000000;
  sys.code(kCode, {enc::lw(5, 10, 0x7f)});
  h.pc = kCode;
  System::step(h);
  CHECK(System::peek(h, csr::mcause) == rv::kLoadAccessFault);
  CHECK(System::peek(h, csr::mtval) == 0x3000007f);
  CHECK(h.last_trap().tval == 0x3000007f);
  CHECK(h.last_trap().epc == kCode);
}

namespace {
struct RecordingHook : SupervisorTrapHook {
  struct Call {
    uint64_t cause, tval, epc, scause, sepc;
    Priv priv;
  };
  std::vector<Call> calls;
  void on_supervisor_trap(Hart& h, uint64_t cause, uint64_t tval, uint64_t epc) override {
    calls.push_back({cause, tval, epc, System::peek(h, csr::scause), System::peek(h, csr::sepc),
                     h.privilege()});
    h.x[10] = 0x1234;  // the "kernel" returns a value
    const bool interrupt = cause & kIntr;
    if (interrupt) h.csr_write(csr::sip, 0);  // acknowledge a software interrupt
    h.pc = h.do_sret() + (interrupt ? 0 : 4);
  }
};
}  // namespace

TEST_CASE("a supervisor trap hook replaces the jump to stvec", "[trap]") {
  System sys;
  Hart& h = sys.hart();
  RecordingHook hook;
  h.set_supervisor_hook(&hook);
  System::pmp_allow_all(h);
  System::poke(h, csr::medeleg, bit(rv::kEcallU));
  sys.code(kCode, {enc::ecall(), enc::addi(11, 10, 1), enc::self_loop()});
  sys.enter(h, Priv::U, kCode);
  System::step(h);  // ecall: the hook runs the "kernel" and returns to U after the ecall
  REQUIRE(hook.calls.size() == 1);
  CHECK(hook.calls[0].cause == rv::kEcallU);
  CHECK(hook.calls[0].epc == kCode);
  CHECK(hook.calls[0].scause == rv::kEcallU);
  CHECK(hook.calls[0].sepc == kCode);
  CHECK(hook.calls[0].priv == Priv::S);
  CHECK(h.privilege() == Priv::U);
  CHECK(h.pc == kCode + 4);
  System::step(h);
  CHECK(h.x[11] == 0x1235);
  // Traps that go to M do not call the hook.
  sys.code(kCode + 12, {enc::ebreak()});
  h.pc = kCode + 12;
  System::step(h);
  CHECK(h.privilege() == Priv::M);
  CHECK(hook.calls.size() == 1);
  // A delegated interrupt in U calls the hook with the interrupt cause.
  System::poke(h, csr::mideleg, bit(rv::kSSI));
  System::poke(h, csr::mie, bit(rv::kSSI));
  System::poke(h, csr::mip, bit(rv::kSSI));
  sys.enter(h, Priv::U, kCode + 4);
  REQUIRE(hook.calls.size() == 2);
  CHECK(hook.calls[1].cause == (kIntr | rv::kSSI));
  CHECK(hook.calls[1].epc == kCode + 4);
}

namespace {
// SBI-like firmware: forwards the machine timer to the supervisor as STIP and returns.
struct ForwardTimerHook : MachineTrapHook {
  unsigned calls = 0;
  void on_machine_trap(Hart& h, uint64_t cause, uint64_t, uint64_t) override {
    ++calls;
    REQUIRE(cause == (kIntr | rv::kMTI));
    uint64_t v = 0;
    h.machine_csr_read(csr::mip, v);
    h.machine_csr_write(csr::mip, v | bit(rv::kSTI));
    h.machine_csr_read(csr::mie, v);
    h.machine_csr_write(csr::mie, v & ~bit(rv::kMTI));
    h.return_from_machine();
  }
};
}  // namespace

TEST_CASE("an interrupt left pending by a machine-mode hook is taken before the next instruction",
          "[trap]") {
  // The firmware returns (mret) with STIP pending and enabled: the hart must take the STI at
  // the return address before executing anything there, as hardware checks interrupts at
  // every instruction boundary. The kernel's idle hart depends on it: its return address is
  // not code.
  struct TickHook : SupervisorTrapHook {
    std::vector<uint64_t> causes, epcs;
    void on_supervisor_trap(Hart& h, uint64_t cause, uint64_t, uint64_t epc) override {
      causes.push_back(cause);
      epcs.push_back(epc);
      uint64_t v = 0;
      h.machine_csr_read(csr::mip, v);
      h.machine_csr_write(csr::mip, v & ~bit(rv::kSTI));  // the kernel re-arms the timer
      h.pc = h.do_sret();
    }
  };
  System sys;
  Hart& h = sys.hart();
  ForwardTimerHook fw;
  TickHook kernel;
  h.set_machine_hook(&fw);
  h.set_supervisor_hook(&kernel);
  System::pmp_allow_all(h);
  sys.code(kCode, {enc::addi(11, 11, 1), enc::addi(11, 11, 1), enc::self_loop()});
  System::poke(h, csr::mideleg, bit(rv::kSTI));
  System::poke(h, csr::mie, bit(rv::kMTI) | bit(rv::kSTI));
  System::set_bits(h, csr::mstatus, ms::SIE);
  sys.enter(h, Priv::S, kCode);
  h.x[11] = 0;
  h.schedule_irq(rv::kMTI, h.cycle() + 1);
  h.run(h.cycle() + 50);
  CHECK(fw.calls == 1);
  REQUIRE(kernel.causes.size() == 1);
  CHECK(kernel.causes[0] == (kIntr | rv::kSTI));
  CHECK(kernel.epcs[0] == kCode + 4);  // one instruction ran before the MTI, none between MTI and STI
  CHECK(h.x[11] == 2);                 // then both ran once
  CHECK(h.pc == kCode + 8);
}
