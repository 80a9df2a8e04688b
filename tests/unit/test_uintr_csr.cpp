// User-level traps of the user-interrupt hardware (N-extension CSRs as docs/hardware-uintr.md and
// docs/architecture.md describe them): the u* CSRs and their views of mstatus/mie/mip, sedeleg/sideleg,
// the suist/suirs/suicfg registers, the condition under which a user interrupt is taken,
// the user trap itself (ucause/uepc/utval, UIE/UPIE, utvec direct and vectored), uret, and
// exceptions delegated to U with medeleg + sedeleg. The uipi.* instructions and the UINTC
// are in test_uintr_uipi.cpp.
#include <catch2/catch.hpp>

#include "tests/unit/hart_fixture.h"

using namespace uintrsim;
using namespace uintrsim::test;
using rv::bit;

namespace {
constexpr uint64_t kCode = System::kCode;
constexpr uint64_t kMtvec = System::kMtvec;
constexpr uint64_t kStvec = System::kStvec;
constexpr uint64_t kUtvec = System::kRamBase + 0x3000;  // 16 self-loops, like kMtvec/kStvec
constexpr uint64_t kData = System::kData;

constexpr uint64_t USI = bit(rv::kUSI), UTI = bit(rv::kUTI), UEI = bit(rv::kUEI);
constexpr uint64_t kUserIrqs = USI | UTI | UEI;
constexpr uint64_t kSIrqs = bit(rv::kSSI) | bit(rv::kSTI) | bit(rv::kSEI);
constexpr uint64_t kMIrqs = bit(rv::kMSI) | bit(rv::kMTI) | bit(rv::kMEI);

constexpr uint32_t kUret = 0x00200073;
// Register numbers.
constexpr uint32_t t0 = 5, t1 = 6, s0 = 8, a0 = 10;

void install_utvec(System& sys) {
  for (unsigned i = 0; i < 16; ++i) sys.write32(kUtvec + 4 * i, enc::self_loop());
  for (auto& h : sys.harts) h->do_fence_i();
}

bool mstatus_has(Hart& h, uint64_t b) { return (System::peek(h, csr::mstatus) & b) != 0; }

// The usual receiver set-up (what a kernel does): PMP open, `irqs` delegated M->S->U and
// enabled in mie, utvec at the self-loops, ustatus.UIE = `uie`.
void setup_user_irqs(System& sys, Hart& h, uint64_t irqs, bool uie = true) {
  install_utvec(sys);
  System::pmp_allow_all(h);
  System::set_bits(h, csr::mideleg, irqs);
  System::set_bits(h, csr::sideleg, irqs);
  System::set_bits(h, csr::mie, irqs);
  System::poke(h, csr::utvec, kUtvec);
  if (uie) System::set_bits(h, csr::mstatus, ms::UIE);
}
}  // namespace

// ---------------------------------------------------------------------------------------------
// CSRs
// ---------------------------------------------------------------------------------------------

TEST_CASE("uintr: ustatus is the UIE/UPIE view of mstatus, sstatus shows and writes them too", "[uintr]") {
  System sys;
  Hart& h = sys.hart();
  const uint64_t before = System::peek(h, csr::mstatus);
  CHECK(System::peek(h, csr::ustatus) == 0);
  System::poke(h, csr::ustatus, ~0ull);
  CHECK(System::peek(h, csr::ustatus) == (ms::UIE | ms::UPIE));
  // Only UIE and UPIE of mstatus changed.
  CHECK(System::peek(h, csr::mstatus) == (before | ms::UIE | ms::UPIE));
  CHECK((System::peek(h, csr::sstatus) & (ms::UIE | ms::UPIE)) == (ms::UIE | ms::UPIE));
  System::poke(h, csr::ustatus, ms::UPIE);
  CHECK(System::peek(h, csr::ustatus) == ms::UPIE);
  CHECK(System::peek(h, csr::mstatus) == (before | ms::UPIE));

  // mstatus writes show through ustatus; other mstatus bits never appear in ustatus.
  System::poke(h, csr::mstatus, before | ms::UIE | ms::SIE | ms::MIE | ms::SPIE | ms::MPIE | ms::SUM);
  CHECK(System::peek(h, csr::ustatus) == ms::UIE);
  // ustatus writes leave the rest of mstatus alone.
  System::poke(h, csr::ustatus, 0);
  CHECK(System::peek(h, csr::mstatus) == (before | ms::SIE | ms::MIE | ms::SPIE | ms::MPIE | ms::SUM));

  // sstatus writes UIE/UPIE.
  System::poke(h, csr::sstatus, System::peek(h, csr::sstatus) | ms::UIE | ms::UPIE);
  CHECK(System::peek(h, csr::ustatus) == (ms::UIE | ms::UPIE));
  System::poke(h, csr::sstatus, System::peek(h, csr::sstatus) & ~ms::UIE);
  CHECK(System::peek(h, csr::ustatus) == ms::UPIE);
}

TEST_CASE("uintr: uie and uip are mie and mip masked by mideleg & sideleg", "[uintr]") {
  System sys;
  Hart& h = sys.hart();
  System::poke(h, csr::mie, kUserIrqs | kSIrqs | kMIrqs);
  System::poke(h, csr::mip, kUserIrqs | kSIrqs);
  // Nothing delegated: both views are empty and writes do nothing.
  CHECK(System::peek(h, csr::uie) == 0);
  CHECK(System::peek(h, csr::uip) == 0);
  System::poke(h, csr::uie, 0);
  System::poke(h, csr::uip, 0);
  CHECK(System::peek(h, csr::mie) == (kUserIrqs | kSIrqs | kMIrqs));
  CHECK(System::peek(h, csr::mip) == (kUserIrqs | kSIrqs));

  // Delegated M->S only: still not in the user views.
  System::poke(h, csr::mideleg, kUserIrqs | kSIrqs);
  CHECK(System::peek(h, csr::uie) == 0);
  CHECK(System::peek(h, csr::uip) == 0);

  // sideleg alone (mideleg clear) is not enough either.
  System::poke(h, csr::mideleg, 0);
  System::poke(h, csr::sideleg, kUserIrqs);
  CHECK(System::peek(h, csr::uie) == 0);
  CHECK(System::peek(h, csr::uip) == 0);

  // Partially delegated: exactly the bits in mideleg & sideleg.
  System::poke(h, csr::mideleg, USI | UEI | kSIrqs);
  System::poke(h, csr::sideleg, USI | UTI);
  CHECK(System::peek(h, csr::uie) == USI);
  CHECK(System::peek(h, csr::uip) == USI);
  System::poke(h, csr::uie, 0);
  CHECK(System::peek(h, csr::mie) == ((kUserIrqs & ~USI) | kSIrqs | kMIrqs));
  System::poke(h, csr::uip, 0);
  CHECK(System::peek(h, csr::mip) == ((kUserIrqs & ~USI) | kSIrqs));
  System::poke(h, csr::uie, ~0ull);
  CHECK(System::peek(h, csr::mie) == (kUserIrqs | kSIrqs | kMIrqs));
  System::poke(h, csr::uip, ~0ull);
  CHECK(System::peek(h, csr::mip) == (kUserIrqs | kSIrqs));  // only USIP was writable

  // Fully delegated: USIP, UTIP and UEIP are writable through uip, S/M bits never.
  System::poke(h, csr::mideleg, kUserIrqs | kSIrqs);
  System::poke(h, csr::sideleg, kUserIrqs);
  System::poke(h, csr::mip, kSIrqs);
  System::poke(h, csr::mie, kSIrqs | kMIrqs);
  CHECK(System::peek(h, csr::uie) == 0);
  CHECK(System::peek(h, csr::uip) == 0);
  System::poke(h, csr::uip, ~0ull);
  CHECK(System::peek(h, csr::uip) == kUserIrqs);
  CHECK(System::peek(h, csr::mip) == (kUserIrqs | kSIrqs));
  System::poke(h, csr::uie, ~0ull);
  CHECK(System::peek(h, csr::uie) == kUserIrqs);
  CHECK(System::peek(h, csr::mie) == (kUserIrqs | kSIrqs | kMIrqs));
  System::poke(h, csr::uip, UTI);
  CHECK(System::peek(h, csr::mip) == (UTI | kSIrqs));
  System::poke(h, csr::uie, UEI);
  CHECK(System::peek(h, csr::mie) == (UEI | kSIrqs | kMIrqs));

  // A hardware USIP line shows in uip (and mip) too.
  System::poke(h, csr::mip, kSIrqs);
  h.set_irq_line(rv::kUSI, true);
  CHECK(System::peek(h, csr::uip) == USI);
  CHECK((System::peek(h, csr::mip) & USI) == USI);
  h.set_irq_line(rv::kUSI, false);
  CHECK(System::peek(h, csr::uip) == 0);
}

TEST_CASE("uintr: utvec: direct and vectored stored, modes 2 and 3 ignored", "[uintr]") {
  System sys;
  Hart& h = sys.hart();
  CHECK(System::peek(h, csr::utvec) == 0);
  System::poke(h, csr::utvec, 0x80004000);
  CHECK(System::peek(h, csr::utvec) == 0x80004000);
  System::poke(h, csr::utvec, 0x80008001);
  CHECK(System::peek(h, csr::utvec) == 0x80008001);
  System::poke(h, csr::utvec, 0x8000c002);  // reserved mode 2: write ignored
  CHECK(System::peek(h, csr::utvec) == 0x80008001);
  System::poke(h, csr::utvec, 0x8000c003);  // reserved mode 3: write ignored
  CHECK(System::peek(h, csr::utvec) == 0x80008001);
  System::poke(h, csr::utvec, 0x8000c000);
  CHECK(System::peek(h, csr::utvec) == 0x8000c000);
}

TEST_CASE("uintr: uscratch, uepc, ucause, utval hold 64-bit values, uepc bit 0 is zero", "[uintr]") {
  System sys;
  Hart& h = sys.hart();
  const uint64_t v = 0xfedcba9876543211ull;
  System::poke(h, csr::uscratch, v);
  CHECK(System::peek(h, csr::uscratch) == v);
  System::poke(h, csr::uepc, v);
  CHECK(System::peek(h, csr::uepc) == (v & ~1ull));
  System::poke(h, csr::ucause, v);
  CHECK(System::peek(h, csr::ucause) == v);
  System::poke(h, csr::utval, v);
  CHECK(System::peek(h, csr::utval) == v);
  // These registers are not aliases of the S or M ones.
  CHECK(System::peek(h, csr::sscratch) == 0);
  CHECK(System::peek(h, csr::sepc) == 0);
  CHECK(System::peek(h, csr::scause) == 0);
  CHECK(System::peek(h, csr::stval) == 0);
  CHECK(System::peek(h, csr::mscratch) == 0);
}

TEST_CASE("uintr: sedeleg (mask 0xB1FF) and sideleg (user interrupt bits 0, 4, 8)", "[uintr]") {
  System sys;
  Hart& h = sys.hart();
  CHECK(System::peek(h, csr::sedeleg) == 0);
  CHECK(System::peek(h, csr::sideleg) == 0);
  System::poke(h, csr::sedeleg, ~0ull);
  CHECK(System::peek(h, csr::sedeleg) == 0xB1FF);
  System::poke(h, csr::sedeleg, bit(rv::kEcallS) | bit(rv::kEcallM) | bit(rv::kIllegalInsn));
  CHECK(System::peek(h, csr::sedeleg) == bit(rv::kIllegalInsn));
  System::poke(h, csr::sideleg, ~0ull);
  CHECK(System::peek(h, csr::sideleg) == 0x111);
  System::poke(h, csr::sideleg, kSIrqs | kMIrqs | UTI);
  CHECK(System::peek(h, csr::sideleg) == UTI);
}

TEST_CASE("uintr: suist, suirs and suicfg: field masks", "[uintr]") {
  System sys;
  Hart& h = sys.hart();
  CHECK(System::peek(h, csr::suist) == 0);
  CHECK(System::peek(h, csr::suirs) == 0);
  CHECK(System::peek(h, csr::suicfg) == 0);
  // suist: Enable b63, Size b55:44, PPN b43:0 (bits 62:56 do not exist).
  System::poke(h, csr::suist, ~0ull);
  CHECK(System::peek(h, csr::suist) == 0x80FFFFFFFFFFFFFFull);
  System::poke(h, csr::suist, 0x7F00000000000000ull);
  CHECK(System::peek(h, csr::suist) == 0);
  System::poke(h, csr::suist, (1ull << 63) | (3ull << 44) | 0x80123);
  CHECK(System::peek(h, csr::suist) == ((1ull << 63) | (3ull << 44) | 0x80123));
  // suirs: Enable b63, index b15:0.
  System::poke(h, csr::suirs, ~0ull);
  CHECK(System::peek(h, csr::suirs) == ((1ull << 63) | 0xffff));
  System::poke(h, csr::suirs, 0x12345);
  CHECK(System::peek(h, csr::suirs) == 0x2345);
  // suicfg is stored as written.
  System::poke(h, csr::suicfg, ~0ull);
  CHECK(System::peek(h, csr::suicfg) == ~0ull);
  System::poke(h, csr::suicfg, 0x3000000);
  CHECK(System::peek(h, csr::suicfg) == 0x3000000);
}

TEST_CASE("uintr: mideleg delegates the user interrupt bits, mie/mip have them writable, sip writes "
          "SSIP and delegated user bits",
          "[uintr]") {
  System sys;
  Hart& h = sys.hart();
  System::poke(h, csr::mideleg, ~0ull);
  CHECK(System::peek(h, csr::mideleg) == (kUserIrqs | kSIrqs));
  System::poke(h, csr::mideleg, kUserIrqs);
  CHECK(System::peek(h, csr::mideleg) == kUserIrqs);
  System::poke(h, csr::mie, kUserIrqs);
  CHECK(System::peek(h, csr::mie) == kUserIrqs);
  System::poke(h, csr::mip, kUserIrqs);
  CHECK(System::peek(h, csr::mip) == kUserIrqs);
  System::poke(h, csr::mip, 0);
  CHECK(System::peek(h, csr::mip) == 0);

  // sip: nothing delegated -> nothing writable.
  System::poke(h, csr::mie, 0);
  System::poke(h, csr::mideleg, 0);
  System::poke(h, csr::sip, ~0ull);
  CHECK(System::peek(h, csr::mip) == 0);
  // SSI and the user bits delegated: those are writable through sip, STIP/SEIP are not.
  System::poke(h, csr::mideleg, kUserIrqs | kSIrqs);
  CHECK(System::peek(h, csr::sie) == 0);
  System::poke(h, csr::sip, ~0ull);
  CHECK(System::peek(h, csr::mip) == (kUserIrqs | bit(rv::kSSI)));
  CHECK(System::peek(h, csr::sip) == (kUserIrqs | bit(rv::kSSI)));
  System::poke(h, csr::sip, bit(rv::kSSI));
  CHECK(System::peek(h, csr::mip) == bit(rv::kSSI));
  // Only USI delegated: UTIP/UEIP are not writable through sip.
  System::poke(h, csr::mideleg, USI | bit(rv::kSSI));
  System::poke(h, csr::sip, kUserIrqs);
  CHECK(System::peek(h, csr::mip) == USI);
  // sie shows and writes the delegated user enables.
  System::poke(h, csr::sie, ~0ull);
  CHECK(System::peek(h, csr::mie) == (USI | bit(rv::kSSI)));
  CHECK(System::peek(h, csr::sie) == (USI | bit(rv::kSSI)));
}

TEST_CASE("uintr: U-mode may access the user CSRs but not sedeleg/sideleg/suist/suirs/suicfg", "[uintr]") {
  System sys;
  Hart& h = sys.hart();
  System::pmp_allow_all(h);
  // User CSRs from U: csrrw uscratch, csrr ustatus/uie/utvec/uepc/ucause/utval/uip.
  h.x[t0] = 0x1234;
  sys.code(kCode, {enc::csrrw(t1, csr::uscratch, t0), enc::csrr(a0, csr::ustatus),
                   enc::csrr(a0, csr::uie), enc::csrr(a0, csr::utvec), enc::csrr(a0, csr::uepc),
                   enc::csrr(a0, csr::ucause), enc::csrr(a0, csr::utval), enc::csrr(a0, csr::uip),
                   enc::csrrw(0, csr::utvec, t0), enc::ecall()});
  sys.enter(h, Priv::U, kCode);
  System::step(h, 9);
  CHECK(h.privilege() == Priv::U);
  CHECK(h.pc == kCode + 36);
  System::step(h);  // ecall: back to M
  REQUIRE(h.privilege() == Priv::M);
  CHECK(System::peek(h, csr::uscratch) == 0x1234);
  CHECK(System::peek(h, csr::utvec) == 0x1234);
  CHECK(h.stats().exceptions[rv::kIllegalInsn] == 0);

  for (uint16_t c : {uint16_t(csr::sedeleg), uint16_t(csr::sideleg), uint16_t(csr::suist),
                     uint16_t(csr::suirs), uint16_t(csr::suicfg)}) {
    INFO("csr 0x" << std::hex << c);
    // Readable and writable from S (then back to M with an ecall) ...
    sys.code(kCode, {enc::csrr(a0, c), enc::csrrw(0, c, 0), enc::ecall()});
    sys.enter(h, Priv::S, kCode);
    System::step(h, 3);
    CHECK(h.privilege() == Priv::M);
    CHECK(System::peek(h, csr::mcause) == rv::kEcallS);
    CHECK(System::peek(h, csr::mepc) == kCode + 8);
    // ... but an illegal instruction in U.
    sys.code(kCode, {enc::csrr(a0, c)});
    sys.enter(h, Priv::U, kCode);
    System::step(h);
    CHECK(h.privilege() == Priv::M);
    CHECK(System::peek(h, csr::mcause) == rv::kIllegalInsn);
    CHECK(System::peek(h, csr::mtval) == enc::csrr(a0, c));
  }
}

// ---------------------------------------------------------------------------------------------
// Take condition
// ---------------------------------------------------------------------------------------------

TEST_CASE("uintr: a delegated user interrupt is taken in U with UIE: ucause, uepc, utval, UPIE, pc = utvec",
          "[uintr]") {
  System sys;
  Hart& h = sys.hart();
  setup_user_irqs(sys, h, USI);
  System::poke(h, csr::utval, 0x55);
  System::poke(h, csr::mip, USI);
  sys.code(kCode + 0x40, {enc::nop(), enc::nop()});
  sys.enter(h, Priv::U, kCode + 0x40);  // taken at the boundary right after the mret
  CHECK(h.privilege() == Priv::U);
  CHECK(h.pc == kUtvec);
  CHECK(System::peek(h, csr::ucause) == (kIntr | rv::kUSI));
  CHECK(System::peek(h, csr::uepc) == kCode + 0x40);
  CHECK(System::peek(h, csr::utval) == 0);
  CHECK_FALSE(mstatus_has(h, ms::UIE));
  CHECK(mstatus_has(h, ms::UPIE));
  CHECK(h.stats().interrupts[rv::kUSI] == 1);
  // Neither S nor M state was touched.
  CHECK(System::peek(h, csr::mcause) == 0);
  CHECK(System::peek(h, csr::scause) == 0);
  CHECK(System::peek(h, csr::sepc) == 0);
  // While UIE = 0 the still-pending interrupt is not taken again.
  System::step(h, 5);
  CHECK(h.pc == kUtvec);
  CHECK(h.stats().interrupts[rv::kUSI] == 1);
}

TEST_CASE("uintr: a user interrupt is not taken in U while ustatus.UIE = 0, setting UIE takes it",
          "[uintr]") {
  System sys;
  Hart& h = sys.hart();
  setup_user_irqs(sys, h, USI, /*uie=*/false);
  System::poke(h, csr::mip, USI);
  sys.code(kCode, {enc::nop(), enc::nop(), enc::nop(), enc::csrrsi(0, csr::ustatus, 1), enc::nop(),
                   enc::nop()});
  sys.enter(h, Priv::U, kCode);
  System::step(h, 3);
  CHECK(h.privilege() == Priv::U);
  CHECK(h.pc == kCode + 12);
  CHECK(h.stats().interrupts[rv::kUSI] == 0);
  System::step(h);  // csrsi ustatus, UIE -> taken at the next boundary
  CHECK(h.pc == kUtvec);
  CHECK(System::peek(h, csr::uepc) == kCode + 16);
  CHECK(System::peek(h, csr::ucause) == (kIntr | rv::kUSI));
  CHECK(mstatus_has(h, ms::UPIE));
}

TEST_CASE("uintr: a delegated user interrupt is never taken in S or M, even with everything enabled, "
          "it is taken on return to U",
          "[uintr]") {
  System sys;
  Hart& h = sys.hart();
  setup_user_irqs(sys, h, kUserIrqs);
  System::set_bits(h, csr::mstatus, ms::MIE | ms::SIE | ms::UIE);
  System::poke(h, csr::mip, kUserIrqs);
  System::poke(h, csr::sepc, kCode + 0x80);
  sys.code(kCode, {enc::nop(), enc::nop(), enc::nop(), enc::nop(), enc::sret()});
  sys.code(kCode + 0x80, {enc::nop()});

  SECTION("M-mode") {
    h.pc = kCode;
    System::step(h, 4);
    CHECK(h.privilege() == Priv::M);
    CHECK(h.pc == kCode + 16);
  }
  SECTION("S-mode, then sret to U takes it") {
    System::clear_bits(h, csr::mstatus, ms::SPP);
    System::set_bits(h, csr::mstatus, ms::MPIE);  // MIE after the mret (irrelevant below M)
    sys.enter(h, Priv::S, kCode);
    REQUIRE(mstatus_has(h, ms::SIE));
    System::step(h, 4);
    CHECK(h.privilege() == Priv::S);
    CHECK(h.pc == kCode + 16);
    CHECK(h.stats().interrupts[rv::kUEI] + h.stats().interrupts[rv::kUSI] +
              h.stats().interrupts[rv::kUTI] == 0);
    System::step(h);  // sret to U: the highest-priority user interrupt (UEI) is taken at once
    CHECK(h.privilege() == Priv::U);
    CHECK(h.pc == kUtvec);
    CHECK(System::peek(h, csr::uepc) == kCode + 0x80);
    CHECK(System::peek(h, csr::ucause) == (kIntr | rv::kUEI));
  }
  CHECK(System::peek(h, csr::mcause) == 0);
  CHECK(System::peek(h, csr::scause) == 0);
}

TEST_CASE("uintr: sideleg clear: a user interrupt delegated only M->S is an S-level interrupt", "[uintr]") {
  System sys;
  Hart& h = sys.hart();
  install_utvec(sys);
  System::pmp_allow_all(h);
  System::poke(h, csr::mideleg, USI);
  System::poke(h, csr::sideleg, 0);
  System::poke(h, csr::mie, USI);
  System::poke(h, csr::utvec, kUtvec);
  System::set_bits(h, csr::mstatus, ms::UIE);
  System::poke(h, csr::mip, USI);
  sys.code(kCode, {enc::nop(), enc::nop(), enc::nop()});

  SECTION("from U (SIE = 0): taken by S") {
    sys.enter(h, Priv::U, kCode);
    CHECK(h.privilege() == Priv::S);
    CHECK(h.pc == kStvec);
    CHECK(System::peek(h, csr::scause) == (kIntr | rv::kUSI));
    CHECK(System::peek(h, csr::sepc) == kCode);
    CHECK(System::peek(h, csr::ucause) == 0);
  }
  SECTION("in S: only with SIE") {
    sys.enter(h, Priv::S, kCode);
    System::step(h, 2);
    CHECK(h.privilege() == Priv::S);
    CHECK(h.pc == kCode + 8);
    h.csr_write(csr::sstatus, System::peek(h, csr::sstatus) | ms::SIE);
    System::take_pending(h);
    CHECK(h.pc == kStvec);
    CHECK(System::peek(h, csr::scause) == (kIntr | rv::kUSI));
    CHECK(System::peek(h, csr::sepc) == kCode + 8);
    CHECK(mstatus_has(h, ms::SPP));
  }
  CHECK(System::peek(h, csr::mcause) == 0);
}

TEST_CASE("uintr: mideleg clear: a user interrupt is an M-level interrupt, whatever sideleg says",
          "[uintr]") {
  System sys;
  Hart& h = sys.hart();
  install_utvec(sys);
  System::pmp_allow_all(h);
  System::poke(h, csr::mideleg, 0);
  System::poke(h, csr::sideleg, kUserIrqs);
  System::poke(h, csr::mie, USI);
  System::poke(h, csr::utvec, kUtvec);
  System::set_bits(h, csr::mstatus, ms::UIE);
  System::poke(h, csr::mip, USI);
  sys.code(kCode, {enc::nop(), enc::nop(), enc::nop()});

  SECTION("from U") {
    sys.enter(h, Priv::U, kCode);
    CHECK(h.privilege() == Priv::M);
    CHECK(h.pc == kMtvec);
    CHECK(System::peek(h, csr::mcause) == (kIntr | rv::kUSI));
    CHECK(System::peek(h, csr::mepc) == kCode);
  }
  SECTION("from S") {
    sys.enter(h, Priv::S, kCode);
    CHECK(h.privilege() == Priv::M);
    CHECK(System::peek(h, csr::mcause) == (kIntr | rv::kUSI));
  }
  SECTION("in M only with MIE") {
    h.pc = kCode;
    System::step(h, 2);
    CHECK(h.pc == kCode + 8);
    System::set_bits(h, csr::mstatus, ms::MIE);
    System::take_pending(h);
    CHECK(h.pc == kMtvec);
    CHECK(System::peek(h, csr::mcause) == (kIntr | rv::kUSI));
    CHECK(System::peek(h, csr::mepc) == kCode + 8);
  }
  CHECK(System::peek(h, csr::ucause) == 0);
  CHECK(System::peek(h, csr::scause) == 0);
}

TEST_CASE("uintr: user interrupt priority: UEI > USI > UTI, all below the S-level ones", "[uintr]") {
  System sys;
  Hart& h = sys.hart();
  setup_user_irqs(sys, h, kUserIrqs);
  // Handler at utvec: log ucause, clear that pending bit in uip, uret.
  install_utvec(sys);
  sys.code(kUtvec, {enc::csrr(t0, csr::ucause), enc::sd(t0, s0, 0), enc::addi(s0, s0, 8),
                    enc::addi(t1, 0, 1), enc::sll(t1, t1, t0), enc::csrrc(0, csr::uip, t1), kUret});
  sys.code(kCode, {enc::self_loop()});
  h.x[s0] = kData;
  System::poke(h, csr::mip, kUserIrqs);
  sys.enter(h, Priv::U, kCode);
  System::step(h, 40);
  CHECK(h.privilege() == Priv::U);
  CHECK(h.pc == kCode);
  CHECK(h.x[s0] == kData + 24);
  CHECK(sys.read64(kData) == (kIntr | rv::kUEI));
  CHECK(sys.read64(kData + 8) == (kIntr | rv::kUSI));
  CHECK(sys.read64(kData + 16) == (kIntr | rv::kUTI));
  CHECK(System::peek(h, csr::uip) == 0);
  CHECK(mstatus_has(h, ms::UIE));  // restored by uret
  CHECK(h.stats().interrupts[rv::kUEI] == 1);
  CHECK(h.stats().interrupts[rv::kUSI] == 1);
  CHECK(h.stats().interrupts[rv::kUTI] == 1);

  // An S-level interrupt (delegated to S) pending together with a user one is taken first,
  // in U, by S.
  sys.code(kCode, {enc::ecall()});  // back to M
  System::step(h);
  REQUIRE(h.privilege() == Priv::M);
  System::poke(h, csr::uip, USI);
  System::set_bits(h, csr::mideleg, bit(rv::kSSI));
  System::set_bits(h, csr::mie, bit(rv::kSSI));
  System::set_bits(h, csr::mip, bit(rv::kSSI));
  sys.enter(h, Priv::U, kCode);
  CHECK(h.privilege() == Priv::S);
  CHECK(System::peek(h, csr::scause) == (kIntr | rv::kSSI));
  CHECK(h.stats().interrupts[rv::kUSI] == 1);
}

TEST_CASE("uintr: vectored utvec: user interrupts go to base + 4 * cause, user exceptions to base",
          "[uintr]") {
  System sys;
  Hart& h = sys.hart();
  setup_user_irqs(sys, h, kUserIrqs);
  System::poke(h, csr::utvec, kUtvec | 1);
  // Every vector slot holds an ecall, which (not delegated yet) brings the hart back to M.
  for (unsigned i = 0; i < 16; ++i) sys.code(kUtvec + 4 * i, {enc::ecall()});
  sys.code(kCode, {enc::nop(), enc::ecall()});
  struct Case {
    uint64_t pending;
    unsigned irq;
  } cases[] = {{USI, rv::kUSI}, {UTI, rv::kUTI}, {UEI, rv::kUEI}};
  for (const auto& c : cases) {
    INFO("irq " << c.irq);
    System::set_bits(h, csr::mstatus, ms::UIE);
    System::poke(h, csr::mip, c.pending);
    sys.enter(h, Priv::U, kCode);
    CHECK(h.privilege() == Priv::U);
    CHECK(h.pc == kUtvec + 4 * c.irq);
    CHECK(System::peek(h, csr::ucause) == (kIntr | c.irq));
    System::step(h);  // the ecall in the slot
    REQUIRE(h.privilege() == Priv::M);
    CHECK(System::peek(h, csr::mepc) == kUtvec + 4 * c.irq);
    System::poke(h, csr::mip, 0);
  }
  // An exception delegated to U goes to the base even in vectored mode.
  System::poke(h, csr::medeleg, bit(rv::kEcallU));
  System::poke(h, csr::sedeleg, bit(rv::kEcallU));
  sys.enter(h, Priv::U, kCode);
  System::step(h, 2);
  CHECK(h.privilege() == Priv::U);
  CHECK(h.pc == kUtvec);
  CHECK(System::peek(h, csr::ucause) == rv::kEcallU);
  CHECK(System::peek(h, csr::uepc) == kCode + 4);
}

// ---------------------------------------------------------------------------------------------
// uret
// ---------------------------------------------------------------------------------------------

TEST_CASE("uintr: uret in U, S and M: UIE = UPIE, UPIE = 1, pc = uepc, privilege unchanged", "[uintr]") {
  System sys;
  Hart& h = sys.hart();
  System::pmp_allow_all(h);
  sys.code(kCode, {kUret});
  sys.code(kCode + 0x100, {enc::ecall()});  // back to M after the checks
  for (Priv p : {Priv::U, Priv::S, Priv::M}) {
    for (bool upie : {true, false}) {
      INFO("priv " << int(p) << " UPIE " << upie);
      REQUIRE(h.privilege() == Priv::M);
      System::poke(h, csr::uepc, kCode + 0x100);
      System::poke(h, csr::ustatus, upie ? ms::UPIE : ms::UIE);
      if (p == Priv::M) h.pc = kCode;
      else sys.enter(h, p, kCode);
      REQUIRE(h.privilege() == p);
      const uint64_t other = System::peek(h, csr::mstatus) & ~(ms::UIE | ms::UPIE);
      System::step(h);
      CHECK(h.privilege() == p);
      CHECK(h.pc == kCode + 0x100);
      CHECK(mstatus_has(h, ms::UIE) == upie);
      CHECK(mstatus_has(h, ms::UPIE));
      CHECK((System::peek(h, csr::mstatus) & ~(ms::UIE | ms::UPIE)) == other);
      CHECK(h.stats().exceptions[rv::kIllegalInsn] == 0);
      System::step(h);  // ecall
    }
  }
}

TEST_CASE("uintr: user trap and uret round trip: UIE restored, a still-pending interrupt is re-taken",
          "[uintr]") {
  System sys;
  Hart& h = sys.hart();
  setup_user_irqs(sys, h, USI);
  install_utvec(sys);
  // Handler: count, uret (without clearing the pending bit the first time).
  sys.code(kUtvec, {enc::addi(s0, s0, 1), kUret});
  sys.code(kCode, {enc::nop(), enc::nop(), enc::self_loop()});
  sys.enter(h, Priv::U, kCode);
  System::step(h, 2);
  REQUIRE(h.pc == kCode + 8);
  h.csr_write(csr::uip, USI);  // U may set its own USIP (delegated)
  System::take_pending(h);
  CHECK(h.pc == kUtvec);
  CHECK(System::peek(h, csr::uepc) == kCode + 8);
  System::step(h, 2);  // addi, uret -> UIE = 1 again -> taken again at once
  CHECK(h.pc == kUtvec);
  CHECK(h.x[s0] == 1);
  CHECK(h.stats().interrupts[rv::kUSI] == 2);
  h.csr_write(csr::uip, 0);
  System::step(h, 2);
  CHECK(h.pc == kCode + 8);
  CHECK(h.x[s0] == 2);
  CHECK(mstatus_has(h, ms::UIE));
  CHECK(mstatus_has(h, ms::UPIE));
  System::step(h, 5);
  CHECK(h.pc == kCode + 8);
  CHECK(h.stats().interrupts[rv::kUSI] == 2);
}

// ---------------------------------------------------------------------------------------------
// Exceptions delegated to U
// ---------------------------------------------------------------------------------------------

TEST_CASE("uintr: exceptions from U with medeleg and sedeleg go to utvec", "[uintr]") {
  System sys;
  Hart& h = sys.hart();
  install_utvec(sys);
  System::pmp_allow_all(h);
  System::poke(h, csr::utvec, kUtvec);
  const uint32_t illegal = enc::csrr(a0, csr::sedeleg);  // an S CSR from U

  SECTION("illegal instruction: ucause 2, utval = the instruction, UPIE = UIE") {
    System::poke(h, csr::medeleg, bit(rv::kIllegalInsn));
    System::poke(h, csr::sedeleg, bit(rv::kIllegalInsn));
    System::set_bits(h, csr::mstatus, ms::UIE);
    sys.code(kCode, {enc::nop(), illegal});
    sys.enter(h, Priv::U, kCode);
    System::step(h, 2);
    CHECK(h.privilege() == Priv::U);
    CHECK(h.pc == kUtvec);
    CHECK(System::peek(h, csr::ucause) == rv::kIllegalInsn);
    CHECK(System::peek(h, csr::uepc) == kCode + 4);
    CHECK(System::peek(h, csr::utval) == illegal);
    CHECK(mstatus_has(h, ms::UPIE));
    CHECK_FALSE(mstatus_has(h, ms::UIE));
    CHECK(System::peek(h, csr::mcause) == 0);
    CHECK(System::peek(h, csr::scause) == 0);
    CHECK(h.stats().exceptions[rv::kIllegalInsn] == 1);
    // The handler returns past the instruction with uret.
    sys.code(kUtvec, {enc::csrr(t0, csr::uepc), enc::addi(t0, t0, 4), enc::csrrw(0, csr::uepc, t0),
                      kUret});
    sys.code(kCode + 8, {enc::self_loop()});
    System::step(h, 4);
    CHECK(h.privilege() == Priv::U);
    CHECK(h.pc == kCode + 8);
    CHECK(mstatus_has(h, ms::UIE));
  }
  SECTION("UIE = 0 at the trap: UPIE = 0") {
    System::poke(h, csr::medeleg, bit(rv::kIllegalInsn));
    System::poke(h, csr::sedeleg, bit(rv::kIllegalInsn));
    System::poke(h, csr::ustatus, ms::UPIE);
    sys.code(kCode, {illegal});
    sys.enter(h, Priv::U, kCode);
    System::step(h);
    CHECK(h.pc == kUtvec);
    CHECK(System::peek(h, csr::ustatus) == 0);
  }
  SECTION("ecall from U: ucause 8") {
    System::poke(h, csr::medeleg, bit(rv::kEcallU));
    System::poke(h, csr::sedeleg, bit(rv::kEcallU));
    sys.code(kCode, {enc::ecall()});
    sys.enter(h, Priv::U, kCode);
    System::step(h);
    CHECK(h.privilege() == Priv::U);
    CHECK(h.pc == kUtvec);
    CHECK(System::peek(h, csr::ucause) == rv::kEcallU);
    CHECK(System::peek(h, csr::uepc) == kCode);
    CHECK(System::peek(h, csr::utval) == 0);
  }
  SECTION("load access fault: utval = address") {
    System::poke(h, csr::medeleg, bit(rv::kLoadAccessFault));
    System::poke(h, csr::sedeleg, bit(rv::kLoadAccessFault));
    h.x[t1] = 0x40000000;  // nothing there
    sys.code(kCode, {enc::ld(a0, t1, 8)});
    sys.enter(h, Priv::U, kCode);
    System::step(h);
    CHECK(h.privilege() == Priv::U);
    CHECK(h.pc == kUtvec);
    CHECK(System::peek(h, csr::ucause) == rv::kLoadAccessFault);
    CHECK(System::peek(h, csr::utval) == 0x40000008);
  }
  SECTION("medeleg only: to S") {
    System::poke(h, csr::medeleg, bit(rv::kIllegalInsn));
    sys.code(kCode, {illegal});
    sys.enter(h, Priv::U, kCode);
    System::step(h);
    CHECK(h.privilege() == Priv::S);
    CHECK(h.pc == kStvec);
    CHECK(System::peek(h, csr::scause) == rv::kIllegalInsn);
    CHECK(System::peek(h, csr::ucause) == 0);
  }
  SECTION("sedeleg only (medeleg clear): to M") {
    System::poke(h, csr::sedeleg, bit(rv::kIllegalInsn));
    sys.code(kCode, {illegal});
    sys.enter(h, Priv::U, kCode);
    System::step(h);
    CHECK(h.privilege() == Priv::M);
    CHECK(h.pc == kMtvec);
    CHECK(System::peek(h, csr::mcause) == rv::kIllegalInsn);
    CHECK(System::peek(h, csr::ucause) == 0);
  }
  SECTION("from S, medeleg and sedeleg: to S, never to U") {
    System::poke(h, csr::medeleg, bit(rv::kIllegalInsn));
    System::poke(h, csr::sedeleg, bit(rv::kIllegalInsn));
    sys.code(kCode, {enc::csrr(a0, 0x7c0)});  // an M-level CSR
    sys.enter(h, Priv::S, kCode);
    System::step(h);
    CHECK(h.privilege() == Priv::S);
    CHECK(h.pc == kStvec);
    CHECK(System::peek(h, csr::scause) == rv::kIllegalInsn);
    CHECK(System::peek(h, csr::ucause) == 0);
  }
  SECTION("another cause delegated: this one is not") {
    System::poke(h, csr::medeleg, bit(rv::kIllegalInsn) | bit(rv::kEcallU));
    System::poke(h, csr::sedeleg, bit(rv::kEcallU));
    sys.code(kCode, {illegal});
    sys.enter(h, Priv::U, kCode);
    System::step(h);
    CHECK(h.privilege() == Priv::S);
    CHECK(System::peek(h, csr::scause) == rv::kIllegalInsn);
  }
}

// ---------------------------------------------------------------------------------------------
// Read-modify-write of mip/sip/uip while the UINTC line drives USIP
// ---------------------------------------------------------------------------------------------

// Privileged spec 3.1.9 (the rule the hart already applies to mip.SEIP): when an interrupt
// pending bit is the OR of a software-writable bit and a device line, csrrs/csrrc operate on
// the software bit, so a read-modify-write of another bit never latches the line's value.
// With the level-sensitive UINTC line (docs/architecture.md default) USIP is such a bit.
TEST_CASE("uintr: csrs/csrc of other bits in mip/sip/uip do not latch the USIP line", "[uintr]") {
  System sys;
  Hart& h = sys.hart();
  System::pmp_allow_all(h);
  System::poke(h, csr::mideleg, kUserIrqs | bit(rv::kSSI));
  System::poke(h, csr::sideleg, kUserIrqs);
  h.x[t0] = bit(rv::kSSI);
  h.x[t1] = UTI;
  struct Case {
    const char* what;
    Priv mode;
    uint32_t insn;
  } cases[] = {
      {"csrs mip, SSIP in M", Priv::M, enc::csrrs(0, csr::mip, t0)},
      {"csrc mip, SSIP in M", Priv::M, enc::csrrc(0, csr::mip, t0)},
      {"csrs sip, SSIP in S", Priv::S, enc::csrrs(0, csr::sip, t0)},
      {"csrs uip, UTIP in U", Priv::U, enc::csrrs(0, csr::uip, t1)},
      {"csrc uip, UTIP in U", Priv::U, enc::csrrc(0, csr::uip, t1)},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    REQUIRE(h.privilege() == Priv::M);
    System::poke(h, csr::mip, 0);
    h.set_irq_line(rv::kUSI, true);
    sys.code(kCode, {c.insn, enc::ecall()});
    if (c.mode == Priv::M) h.pc = kCode;
    else sys.enter(h, c.mode, kCode);
    System::step(h);
    REQUIRE(h.pc == kCode + 4);
    h.set_irq_line(rv::kUSI, false);  // the UINTC lowers the line (uipi.read)
    CHECK((System::peek(h, csr::mip) & USI) == 0);
    System::step(h);  // ecall: back to M
  }
}
