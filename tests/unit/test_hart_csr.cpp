// The CSR file: identification registers, WARL fields of mstatus, the supervisor views of
// mstatus/mie/mip, delegation masks, counters and their enables, read-only CSRs, satp, and
// the trigger registers. Instruction-level rules (csrrs with x0 does not write, a failed
// access is an illegal instruction with no register update) are checked through real code.
#include <catch2/catch.hpp>

#include "tests/unit/hart_fixture.h"

using namespace uintrsim;
using namespace uintrsim::test;
using rv::bit;

namespace {
constexpr uint64_t kCode = System::kCode;

}  // namespace

TEST_CASE("misa reports RV64 with I, M, A, C, S and U, writes are ignored", "[csr]") {
  System sys;
  Hart& h = sys.hart();
  const uint64_t misa = System::peek(h, csr::misa);
  CHECK(misa >> 62 == 2);  // MXL = 64
  const uint64_t ext = misa & ((1u << 26) - 1);
  uint64_t want = 0;
  for (char c : {'I', 'M', 'A', 'C', 'S', 'U'}) want |= bit(c - 'A');
  CHECK(ext == want);
  CHECK(misa == 0x8000000000141105ull);
  System::poke(h, csr::misa, 0);
  CHECK(System::peek(h, csr::misa) == misa);
}

TEST_CASE("identification CSRs: mhartid per hart, read-only", "[csr]") {
  HartParams p;
  p.mvendorid = 0x489;
  p.marchid = 5;
  p.mimpid = 7;
  System sys(p, 2);
  CHECK(System::peek(sys.hart(0), csr::mhartid) == 0);
  CHECK(System::peek(sys.hart(1), csr::mhartid) == 1);
  CHECK(System::peek(sys.hart(0), csr::mvendorid) == 0x489);
  CHECK(System::peek(sys.hart(0), csr::marchid) == 5);
  CHECK(System::peek(sys.hart(0), csr::mimpid) == 7);
  CHECK(System::peek(sys.hart(0), csr::mconfigptr) == 0);
  CHECK_FALSE(sys.hart(0).csr_write(csr::mhartid, 3));
  CHECK_FALSE(sys.hart(0).csr_write(csr::mvendorid, 3));
}

TEST_CASE("mstatus: WARL MPP, read-only UXL/SXL, non-writable bits", "[csr]") {
  System sys;
  Hart& h = sys.hart();
  uint64_t s = System::peek(h, csr::mstatus);
  CHECK(((s & ms::UXL) >> 32) == 2);
  CHECK(((s & ms::SXL) >> 34) == 2);

  System::poke(h, csr::mstatus, (s & ~ms::MPP) | (1ull << ms::MPP_SHIFT));
  CHECK(((System::peek(h, csr::mstatus) & ms::MPP) >> ms::MPP_SHIFT) == 1);
  // MPP = 2 (reserved) is not stored: the previous legal value stays.
  System::poke(h, csr::mstatus, (s & ~ms::MPP) | (2ull << ms::MPP_SHIFT));
  CHECK(((System::peek(h, csr::mstatus) & ms::MPP) >> ms::MPP_SHIFT) == 1);
  System::poke(h, csr::mstatus, (s & ~ms::MPP) | (3ull << ms::MPP_SHIFT));
  CHECK(((System::peek(h, csr::mstatus) & ms::MPP) >> ms::MPP_SHIFT) == 3);

  // UXL/SXL cannot be changed; FS/XS/SD stay 0 (no F, no custom state).
  System::poke(h, csr::mstatus, 0);
  s = System::peek(h, csr::mstatus);
  CHECK(((s & ms::UXL) >> 32) == 2);
  CHECK(((s & ms::SXL) >> 34) == 2);
  System::poke(h, csr::mstatus, ~0ull & ~ms::MPP);  // MPP = 0 keeps it legal
  s = System::peek(h, csr::mstatus);
  CHECK(((s & ms::UXL) >> 32) == 2);
  CHECK(((s & ms::SXL) >> 34) == 2);
  CHECK((s & ms::FS) == 0);
  CHECK((s & ms::XS) == 0);
  CHECK((s & ms::SD) == 0);
  const uint64_t writable = ms::UIE | ms::UPIE | ms::SIE | ms::MIE | ms::SPIE | ms::MPIE |
                            ms::SPP | ms::MPRV | ms::SUM | ms::MXR | ms::TVM | ms::TW | ms::TSR;
  CHECK((s & writable) == writable);
  CHECK((s & ~(writable | ms::UXL | ms::SXL)) == 0);
}

TEST_CASE("sstatus is a restricted view of mstatus", "[csr]") {
  System sys;
  Hart& h = sys.hart();
  System::poke(h, csr::mstatus, ms::SIE | ms::MIE | ms::SPP | ms::SUM | ms::MPIE | ms::TSR |
                                    (1ull << ms::MPP_SHIFT));
  const uint64_t ss = System::peek(h, csr::sstatus);
  CHECK((ss & ms::SIE) != 0);
  CHECK((ss & ms::SPP) != 0);
  CHECK((ss & ms::SUM) != 0);
  CHECK(((ss & ms::UXL) >> 32) == 2);
  CHECK((ss & (ms::MIE | ms::MPIE | ms::MPP | ms::TSR | ms::SXL)) == 0);

  // Writing sstatus changes only the supervisor fields of mstatus.
  System::poke(h, csr::sstatus, ms::SPIE | ms::MXR | ms::MIE | ms::TVM | ms::MPP);
  const uint64_t m = System::peek(h, csr::mstatus);
  CHECK((m & ms::SPIE) != 0);
  CHECK((m & ms::MXR) != 0);
  CHECK((m & (ms::SIE | ms::SPP | ms::SUM)) == 0);     // cleared through the view
  CHECK((m & ms::MIE) != 0);                            // untouched M fields
  CHECK((m & ms::MPIE) != 0);
  CHECK((m & ms::TSR) != 0);
  CHECK((m & ms::TVM) == 0);
  CHECK(((m & ms::MPP) >> ms::MPP_SHIFT) == 1);
}

TEST_CASE("sie and sip are mie and mip masked by mideleg", "[csr]") {
  System sys;
  Hart& h = sys.hart();
  // The N extension's user interrupt bits (USI 0, UTI 4, UEI 8) live in mie/mip too and are
  // delegable M->S like the S-level ones.
  const uint64_t u_irqs = bit(rv::kUSI) | bit(rv::kUTI) | bit(rv::kUEI);
  const uint64_t s_irqs = bit(rv::kSSI) | bit(rv::kSTI) | bit(rv::kSEI);
  const uint64_t m_irqs = bit(rv::kMSI) | bit(rv::kMTI) | bit(rv::kMEI);
  System::poke(h, csr::mie, ~0ull);
  CHECK(System::peek(h, csr::mie) == (u_irqs | s_irqs | m_irqs));
  CHECK(System::peek(h, csr::sie) == 0);  // nothing delegated
  System::poke(h, csr::mideleg, ~0ull);
  CHECK(System::peek(h, csr::mideleg) == (u_irqs | s_irqs));  // M-level interrupts are not delegable
  System::poke(h, csr::mideleg, bit(rv::kSSI) | bit(rv::kSTI));
  CHECK(System::peek(h, csr::sie) == (bit(rv::kSSI) | bit(rv::kSTI)));
  // Clearing sie clears only the delegated bits of mie.
  System::poke(h, csr::sie, 0);
  CHECK(System::peek(h, csr::mie) == (u_irqs | bit(rv::kSEI) | m_irqs));
  System::poke(h, csr::sie, ~0ull);
  CHECK(System::peek(h, csr::mie) == (u_irqs | s_irqs | m_irqs));
  System::poke(h, csr::mie, s_irqs | m_irqs);

  // mip: M software may set the S- and U-level pending bits; M-level bits come from devices.
  System::poke(h, csr::mip, ~0ull);
  CHECK(System::peek(h, csr::mip) == (u_irqs | s_irqs));
  System::poke(h, csr::mip, s_irqs);
  CHECK(System::peek(h, csr::sip) == (bit(rv::kSSI) | bit(rv::kSTI)));
  // sip: only SSIP is writable, and only when delegated.
  System::poke(h, csr::sip, 0);
  CHECK(System::peek(h, csr::mip) == (bit(rv::kSTI) | bit(rv::kSEI)));
  System::poke(h, csr::mideleg, bit(rv::kSTI));
  System::poke(h, csr::sip, ~0ull);
  CHECK(System::peek(h, csr::mip) == (bit(rv::kSTI) | bit(rv::kSEI)));
  CHECK(System::peek(h, csr::sip) == bit(rv::kSTI));
  // Device lines show in mip.
  h.set_irq_line(rv::kMEI, true);
  CHECK((System::peek(h, csr::mip) & bit(rv::kMEI)) != 0);
  System::poke(h, csr::mip, 0);  // software cannot clear a device line
  CHECK(System::peek(h, csr::mip) == bit(rv::kMEI));
  h.set_irq_line(rv::kMEI, false);
  CHECK(System::peek(h, csr::mip) == 0);
}

TEST_CASE("medeleg: delegable causes, ecall from M cannot be delegated", "[csr]") {
  System sys;
  Hart& h = sys.hart();
  System::poke(h, csr::medeleg, ~0ull);
  const uint64_t d = System::peek(h, csr::medeleg);
  CHECK((d & bit(rv::kEcallM)) == 0);
  CHECK(d == 0xb3ff);  // causes 0-9, 12, 13, 15
  System::poke(h, csr::medeleg, bit(rv::kEcallU));
  CHECK(System::peek(h, csr::medeleg) == bit(rv::kEcallU));
}

TEST_CASE("trap-setup CSRs: mtvec/stvec modes, mepc/sepc alignment, scratch", "[csr]") {
  System sys;
  Hart& h = sys.hart();
  System::poke(h, csr::mtvec, 0x80004001);  // vectored
  CHECK(System::peek(h, csr::mtvec) == 0x80004001);
  System::poke(h, csr::mtvec, 0x80008002);  // reserved mode: write ignored
  CHECK(System::peek(h, csr::mtvec) == 0x80004001);
  System::poke(h, csr::stvec, 0x80005003);
  CHECK(System::peek(h, csr::stvec) == System::kStvec);
  System::poke(h, csr::mepc, 0x80000003);
  CHECK(System::peek(h, csr::mepc) == 0x80000002);  // IALIGN = 16: bit 0 reads 0
  System::poke(h, csr::sepc, 0x80000005);
  CHECK(System::peek(h, csr::sepc) == 0x80000004);
  System::poke(h, csr::mscratch, 0x123456789abcdef0ull);
  CHECK(System::peek(h, csr::mscratch) == 0x123456789abcdef0ull);
  System::poke(h, csr::sscratch, 42);
  CHECK(System::peek(h, csr::sscratch) == 42);
}

TEST_CASE("csrrw/csrrs/csrrc/csrr*i semantics", "[csr]") {
  System sys;
  Hart& h = sys.hart();
  using namespace enc;
  h.x[6] = 0xf0;
  h.x[7] = 0x30;
  sys.code(kCode, {csrrw(5, csr::mscratch, 6),   // x5 = 0, mscratch = 0xf0
                   csrrs(8, csr::mscratch, 7),   // x8 = 0xf0, mscratch = 0xf0
                   csrrc(9, csr::mscratch, 7),   // x9 = 0xf0, mscratch = 0xc0
                   csrrwi(12, csr::mscratch, 5), // x12 = 0xc0, mscratch = 5
                   csrrsi(13, csr::mscratch, 0x1a), // x13 = 5, mscratch = 0x1f
                   csrrci(14, csr::mscratch, 3), // x14 = 0x1f, mscratch = 0x1c
                   csrr(15, csr::mscratch)});
  System::step(h, 7);
  CHECK(h.pc == kCode + 28);
  CHECK(h.x[5] == 0);
  CHECK(h.x[8] == 0xf0);
  CHECK(h.x[9] == 0xf0);
  CHECK(h.x[12] == 0xc0);
  CHECK(h.x[13] == 5);
  CHECK(h.x[14] == 0x1f);
  CHECK(h.x[15] == 0x1c);
}

TEST_CASE("minstret written by csrrw reads back the written value (write replaces increment)",
          "[csr]") {
  System sys;
  Hart& h = sys.hart();
  using namespace enc;
  h.x[6] = 1000;
  sys.code(kCode, {nop(), nop(), csrrw(0, csr::minstret, 6), csrr(5, csr::minstret),
                   csrr(7, csr::minstret), csrr(8, csr::instret), csrr(9, csr::mcycle)});
  System::step(h, 7);
  CHECK(h.x[5] == 1000);
  CHECK(h.x[7] == 1001);
  CHECK(h.x[8] == 1002);  // the unprivileged alias
  CHECK(h.x[9] == 6);     // mcycle: cycles before this instruction
  // minstret counts retired instructions only: a trapping instruction does not retire.
  sys.code(kCode + 0x40, {ecall(), csrr(5, csr::minstret)});
  h.pc = kCode + 0x40;
  System::step(h);
  CHECK(h.pc == System::kMtvec);
  h.pc = kCode + 0x44;
  System::step(h);
  CHECK(h.x[5] == 1004);  // 7 retired so far (+997): the ecall did not count
}

TEST_CASE("counters: mcounteren/scounteren gate cycle, time, instret below M", "[csr]") {
  System sys;
  Hart& h = sys.hart();
  System::pmp_allow_all(h);
  using namespace enc;
  const uint32_t rdcycle = csrr(5, csr::cycle), rdtime = csrr(5, csr::time),
                 rdinstret = csrr(5, csr::instret), rdhpm3 = csrr(5, csr::hpmcounter3);

  auto try_in = [&](Priv mode, uint32_t insn) {  // true: read succeeded
    sys.code(kCode, {insn});
    sys.enter(h, mode, kCode);
    REQUIRE(h.privilege() == mode);
    const uint64_t c = h.cycle();
    h.x[5] = 0xbad;
    System::step(h);
    const bool ok = h.pc == kCode + 4;
    if (!ok) {
      CHECK(h.pc == System::kMtvec);
      CHECK(System::peek(h, csr::mcause) == rv::kIllegalInsn);
      CHECK(System::peek(h, csr::mtval) == insn);
      CHECK(h.x[5] == 0xbad);  // no register update
    } else if (insn == rdtime) {
      CHECK(h.x[5] == c / 10);  // FakeBus::mtime
    } else if (insn == rdcycle) {
      CHECK(h.x[5] == c);
    }
    // back to M: trap (if not already) with an ecall
    if (h.privilege() != Priv::M) {
      sys.code(kCode + 0x100, {ecall()});
      h.pc = kCode + 0x100;
      System::step(h);
    }
    REQUIRE(h.privilege() == Priv::M);
    return ok;
  };

  // M-mode always may.
  h.pc = kCode;
  sys.code(kCode, {rdcycle});
  System::step(h);
  CHECK(h.pc == kCode + 4);

  for (uint32_t insn : {rdcycle, rdtime, rdinstret, rdhpm3}) {
    INFO("insn 0x" << std::hex << insn);
    System::poke(h, csr::mcounteren, 0);
    System::poke(h, csr::scounteren, 0);
    CHECK_FALSE(try_in(Priv::U, insn));
    CHECK_FALSE(try_in(Priv::S, insn));
    System::poke(h, csr::mcounteren, 0xf);
    CHECK(try_in(Priv::S, insn));
    CHECK_FALSE(try_in(Priv::U, insn));  // U also needs scounteren
    System::poke(h, csr::scounteren, 0xf);
    CHECK(try_in(Priv::U, insn));
    System::poke(h, csr::mcounteren, 0);
    CHECK_FALSE(try_in(Priv::U, insn));  // scounteren alone is not enough
  }
  // Individual bits: bit 1 (time) does not enable cycle.
  System::poke(h, csr::mcounteren, 2);
  System::poke(h, csr::scounteren, 2);
  CHECK(try_in(Priv::U, rdtime));
  CHECK_FALSE(try_in(Priv::U, rdcycle));
  CHECK_FALSE(try_in(Priv::U, rdinstret));
}

TEST_CASE("writes to read-only CSRs are illegal, reads without write are not", "[csr]") {
  System sys;
  Hart& h = sys.hart();
  using namespace enc;
  struct Case {
    uint32_t insn;
    bool illegal;
    const char* what;
  } cases[] = {
      {csrrw(5, csr::mhartid, 6), true, "csrrw mhartid"},
      {csrrw(0, csr::mhartid, 6), true, "csrrw x0, mhartid"},
      {csrrs(5, csr::mhartid, 6), true, "csrrs mhartid, x6 (writes)"},
      {csrrs(5, csr::mhartid, 0), false, "csrrs mhartid, x0 (read only)"},
      {csrrsi(5, csr::cycle, 0), false, "csrrsi cycle, 0 (read only)"},
      {csrrci(5, csr::cycle, 0), false, "csrrci cycle, 0 (read only)"},
      {csrrwi(5, csr::cycle, 0), true, "csrrwi cycle, 0 (writes)"},
      {csrrc(5, csr::instret, 7), true, "csrrc instret, x7"},
      {csrrw(5, csr::mvendorid, 6), true, "csrrw mvendorid"},
      {csrrw(5, 0x0ff, 6), true, "csrrw to a CSR that does not exist"},
      {csrrs(5, 0x0ff, 0), true, "csrr of a CSR that does not exist"},
      {csrrs(5, csr::pmpcfg0 + 1, 0), true, "pmpcfg1 does not exist on RV64"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    h.x[5] = 0x5555;
    h.x[6] = 1;
    h.x[7] = 1;
    sys.code(kCode, {c.insn});
    h.pc = kCode;
    const uint64_t before = h.stats().exceptions[rv::kIllegalInsn];
    System::step(h);
    CHECK((h.stats().exceptions[rv::kIllegalInsn] != before) == c.illegal);
    if (c.illegal) {
      CHECK(h.pc == System::kMtvec);
      CHECK(System::peek(h, csr::mtval) == c.insn);
      CHECK(h.x[5] == 0x5555);
    } else {
      CHECK(h.pc == kCode + 4);
    }
  }
  CHECK(System::peek(h, csr::mhartid) == 0);
}

TEST_CASE("CSR privilege: S cannot touch M CSRs, U cannot touch S CSRs", "[csr]") {
  System sys;
  Hart& h = sys.hart();
  System::pmp_allow_all(h);
  using namespace enc;
  auto trapped_in = [&](Priv mode, uint32_t insn) {
    sys.code(kCode, {insn});
    sys.enter(h, mode, kCode);
    System::step(h);
    const bool trapped = h.pc == System::kMtvec;
    if (trapped) CHECK(System::peek(h, csr::mcause) == rv::kIllegalInsn);
    if (h.privilege() != Priv::M) {
      sys.code(kCode + 0x100, {ecall()});
      h.pc = kCode + 0x100;
      System::step(h);
    }
    return trapped;
  };
  CHECK(trapped_in(Priv::S, csrr(5, csr::mstatus)));
  CHECK(trapped_in(Priv::S, csrr(5, csr::mscratch)));
  CHECK(trapped_in(Priv::S, csrr(5, csr::tselect)));
  CHECK_FALSE(trapped_in(Priv::S, csrr(5, csr::sstatus)));
  CHECK_FALSE(trapped_in(Priv::S, csrrw(5, csr::sscratch, 6)));
  CHECK(trapped_in(Priv::U, csrr(5, csr::sstatus)));
  CHECK(trapped_in(Priv::U, csrr(5, csr::satp)));
  CHECK(trapped_in(Priv::U, csrr(5, csr::mstatus)));
  // satp with mstatus.TVM = 1: S-mode access is illegal.
  System::set_bits(h, csr::mstatus, ms::TVM);
  CHECK(trapped_in(Priv::S, csrr(5, csr::satp)));
  System::clear_bits(h, csr::mstatus, ms::TVM);
  CHECK_FALSE(trapped_in(Priv::S, csrr(5, csr::satp)));
}

TEST_CASE("satp: only Bare and Sv39 are accepted, other modes leave it unchanged", "[csr]") {
  System sys;
  Hart& h = sys.hart();
  const uint64_t sv39 = satp_sv39(System::kPageTables) | (0x1234ull << 44);
  System::poke(h, csr::satp, sv39);
  CHECK(System::peek(h, csr::satp) == sv39);
  System::poke(h, csr::satp, (9ull << 60) | 0x80001);  // Sv48: not supported
  CHECK(System::peek(h, csr::satp) == sv39);
  System::poke(h, csr::satp, (1ull << 60) | 0x80001);  // reserved mode
  CHECK(System::peek(h, csr::satp) == sv39);
  System::poke(h, csr::satp, 0);
  CHECK(System::peek(h, csr::satp) == 0);
}

TEST_CASE("trigger CSRs are readable in M-mode (no triggers implemented)", "[csr]") {
  System sys;
  Hart& h = sys.hart();
  uint64_t v = 1;
  CHECK(h.csr_read(csr::tselect, v));
  CHECK(v == 0);
  CHECK(h.csr_read(csr::tdata1, v));
  CHECK(h.csr_read(csr::tdata2, v));
  CHECK(h.csr_read(csr::tdata3, v));
  CHECK(h.csr_read(csr::tinfo, v));
  CHECK(v == 1);
  CHECK(h.csr_write(csr::tselect, 0));
  CHECK(h.csr_write(csr::tdata1, 0));
  CHECK(System::peek(h, csr::tselect) == 0);
  // Through instructions too (a debugger probing triggers must not trap).
  sys.code(kCode, {enc::csrrw(5, csr::tselect, 0), enc::csrr(6, csr::tdata1),
                   enc::csrr(7, csr::tinfo)});
  System::step(h, 3);
  CHECK(h.pc == kCode + 12);
  CHECK(h.x[7] == 1);
}

TEST_CASE("mcountinhibit and hpm counters read zero, pmpaddr beyond 16 entries reads zero",
          "[csr]") {
  System sys;
  Hart& h = sys.hart();
  System::poke(h, csr::mcountinhibit, ~0ull);
  CHECK(System::peek(h, csr::mcountinhibit) == 0);
  System::poke(h, csr::mhpmcounter3, 55);
  CHECK(System::peek(h, csr::mhpmcounter3) == 0);
  System::poke(h, csr::mhpmevent3 + 4, 55);
  CHECK(System::peek(h, csr::mhpmevent3 + 4) == 0);
  System::poke(h, csr::pmpaddr0 + 20, 0x1234);
  CHECK(System::peek(h, csr::pmpaddr0 + 20) == 0);
  // Counters keep counting with mcountinhibit "set".
  sys.code(System::kCode, {enc::nop(), enc::nop()});
  System::step(h, 2);
  CHECK(System::peek(h, csr::mcycle) == 2);
}

TEST_CASE("csrrs/csrrc with a nonzero source register that holds 0 still write (read-only: illegal)",
          "[csr]") {
  System sys;
  Hart& h = sys.hart();
  h.x[7] = 0;
  sys.code(kCode, {enc::csrrs(5, csr::cycle, 7)});
  h.pc = kCode;
  System::step(h);
  CHECK(h.pc == System::kMtvec);
  CHECK(System::peek(h, csr::mcause) == rv::kIllegalInsn);
}

TEST_CASE("mip.SEIP: software-writable bit ORed with the external line", "[csr][trap]") {
  System sys;
  Hart& h = sys.hart();
  const uint64_t seip = bit(rv::kSEI);
  h.set_irq_line(rv::kSEI, true);
  CHECK(System::peek(h, csr::mip) == seip);
  h.set_irq_line(rv::kSEI, false);
  CHECK(System::peek(h, csr::mip) == 0);
  // csrrw writes the software bit; it stays after the line goes away.
  h.x[6] = seip;
  sys.code(kCode, {enc::csrrw(0, csr::mip, 6), enc::csrrw(0, csr::mip, 0)});
  h.pc = kCode;
  System::step(h);
  CHECK(System::peek(h, csr::mip) == seip);
  System::step(h);
  CHECK(System::peek(h, csr::mip) == 0);
}

// Privileged spec (mip/mie, "SEIP"): "the value used in the read-modify-write sequence of a
// CSRRS or CSRRC instruction contains only the software-writable SEIP bit, ignoring the
// interrupt value from the external interrupt controller." An asserted external SEI line
// must not be latched into the software bit: it is no longer pending once the device
// deasserts it.
TEST_CASE("csrrs/csrrc on mip must not latch the external SEI line into software SEIP",
          "[csr][trap]") {
  System sys;
  Hart& h = sys.hart();
  h.set_irq_line(rv::kSEI, true);
  SECTION("csrrsi mip, SSIP") { sys.code(kCode, {enc::csrrsi(0, csr::mip, 2)}); }
  SECTION("csrrci mip, SSIP") { sys.code(kCode, {enc::csrrci(0, csr::mip, 2)}); }
  h.pc = kCode;
  System::step(h);
  REQUIRE(h.pc == kCode + 4);
  h.set_irq_line(rv::kSEI, false);
  CHECK((System::peek(h, csr::mip) & bit(rv::kSEI)) == 0);
}
