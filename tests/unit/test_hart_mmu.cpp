// Sv39 address translation: page sizes, permissions (U/SUM/MXR), faults and their causes,
// A/D handling (Svadu and Svade), sfence.vma, MPRV, and the TLB model's counters.
#include <catch2/catch.hpp>

#include "tests/unit/hart_fixture.h"

using namespace uintrsim;
using namespace uintrsim::test;
using rv::bit;

namespace {
constexpr uint64_t kCode = System::kCode;
constexpr uint64_t kData = System::kData;
constexpr uint64_t kRoot = System::kPageTables;
constexpr uint64_t kL1 = kRoot + 0x1000;  // tables for VA 0x40000000..0x7fffffff
constexpr uint64_t kL0 = kRoot + 0x2000;  // 4 KiB pages at VA 0x40000000..

// Virtual layout:
//   0x80000000 (1 GiB, root[2])  identity, RWX, A D, supervisor  (code, page tables, data)
//   0xc0000000 (1 GiB, root[3])  -> PA 0x80000000, RW, A D       (gigapage alias)
//   0x100000000 (1 GiB, root[4]) -> PA 0x80200000: misaligned gigapage
//   0x40200000 (2 MiB, L1[1])    -> PA 0x80000000, RWX, A D      (megapage alias)
//   0x40400000 (2 MiB, L1[2])    -> PA 0x80001000: misaligned superpage
//   0x40000000 + n * 4 KiB (L0[n]) -> PA kData + n * 4 KiB with:
constexpr uint64_t kVa4k = 0x40000000;
constexpr uint64_t kVaMega = 0x40200000, kVaBadMega = 0x40400000, kVaGiga = 0xc0000000;
constexpr uint64_t kVaBadGiga = 0x100000000;
enum Page : unsigned {
  kRW = 0,        // RW, A D
  kRO = 1,        // R, A
  kXO = 2,        // X only, A
  kUser = 3,      // U RW, A D
  kNoAD = 4,      // RW, A = D = 0
  kInvalid = 5,   // V = 0
  kWOnly = 6,     // W without R (reserved)
  kClean = 7,     // RW, A, D = 0
  kUserX = 8,     // U RX, A
  kRsvdBits = 9,  // RW A D with PTE bit 60 set (reserved)
};
uint64_t va(Page p, uint64_t off = 0) { return kVa4k + uint64_t(p) * 0x1000 + off; }
uint64_t pa(Page p, uint64_t off = 0) { return kData + uint64_t(p) * 0x1000 + off; }
uint64_t l0_pte_pa(Page p) { return kL0 + 8 * uint64_t(p); }

void build_tables(System& sys) {
  using namespace pte;
  sys.write64(kRoot + 8 * 1, table(kL1));
  sys.write64(kRoot + 8 * 2, make(0x80000000, V | R | W | X | A | D));
  sys.write64(kRoot + 8 * 3, make(0x80000000, V | R | W | A | D));
  sys.write64(kRoot + 8 * 4, make(0x80200000, V | R | W | A | D));  // misaligned gigapage
  sys.write64(kL1 + 8 * 0, table(kL0));
  sys.write64(kL1 + 8 * 1, make(0x80000000, V | R | W | X | A | D));
  sys.write64(kL1 + 8 * 2, make(0x80001000, V | R | W | A | D));
  sys.write64(l0_pte_pa(kRW), make(pa(kRW), V | R | W | A | D));
  sys.write64(l0_pte_pa(kRO), make(pa(kRO), V | R | A));
  sys.write64(l0_pte_pa(kXO), make(pa(kXO), V | X | A));
  sys.write64(l0_pte_pa(kUser), make(pa(kUser), V | R | W | U | A | D));
  sys.write64(l0_pte_pa(kNoAD), make(pa(kNoAD), V | R | W));
  sys.write64(l0_pte_pa(kInvalid), make(pa(kInvalid), R | W | A | D));
  sys.write64(l0_pte_pa(kWOnly), make(pa(kWOnly), V | W | A | D));
  sys.write64(l0_pte_pa(kClean), make(pa(kClean), V | R | W | A));
  sys.write64(l0_pte_pa(kUserX), make(pa(kUserX), V | R | X | U | A));
  sys.write64(l0_pte_pa(kRsvdBits), make(pa(kRsvdBits), V | R | W | A | D) | (1ull << 60));
  for (unsigned p = 0; p < 10; ++p) sys.write64(pa(Page(p)), 0x1000 * p + 0xabc);
}

// A system with the page tables built, satp = Sv39 and PMP open; the hart is in `mode` at
// kCode (which holds self-loops).
struct MmuSystem : System {
  explicit MmuSystem(Priv mode = Priv::S, HartParams p = {}) : System(p) {
    build_tables(*this);
    for (unsigned i = 0; i < 64; ++i) write32(kCode + 4 * i, enc::self_loop());
    Hart& h = hart();
    pmp_allow_all(h);
    poke(h, csr::satp, satp_sv39(kRoot));
    if (mode != Priv::M) enter(h, mode, kCode);
  }
  template <typename T = uint64_t> std::optional<Trap> load_fault(uint64_t v, T* out = nullptr) {
    return trap_of(hart(), [&] {
      T x{};
      const bool ok = hart().load<T>(v, x);
      if (ok && out) *out = x;
      return ok;
    });
  }
  template <typename T = uint64_t> std::optional<Trap> store_fault(uint64_t v, T x = T(0x5a)) {
    return trap_of(hart(), [&] { return hart().store<T>(v, x); });
  }
};

void check_fault(const std::optional<Trap>& t, uint64_t cause, uint64_t tval) {
  REQUIRE(t.has_value());
  CHECK(t->cause == cause);
  CHECK(t->tval == tval);
}
}  // namespace

TEST_CASE("Sv39 4 KiB, 2 MiB and 1 GiB mappings translate", "[mmu]") {
  MmuSystem sys;
  Hart& h = sys.hart();
  REQUIRE(h.privilege() == Priv::S);
  uint64_t v = 0;
  CHECK_FALSE(sys.load_fault(va(kRW, 0), &v));
  CHECK(v == 0xabc);
  CHECK_FALSE(sys.store_fault<uint32_t>(va(kRW, 0x10), 0x11223344));
  CHECK(sys.read32(pa(kRW, 0x10)) == 0x11223344);
  // 2 MiB page: VA 0x40200000 + off -> PA 0x80000000 + off.
  CHECK_FALSE(sys.load_fault(kVaMega + (kData - 0x80000000) + 0x1000 * kRO, &v));
  CHECK(v == 0x1000 * kRO + 0xabc);
  CHECK_FALSE(sys.store_fault<uint16_t>(kVaMega + (kData - 0x80000000) + 0x20, 0xbeef));
  CHECK(sys.read<uint16_t>(kData + 0x20) == 0xbeef);
  // 1 GiB page: VA 0xc0000000 + off -> PA 0x80000000 + off.
  CHECK_FALSE(sys.load_fault(kVaGiga + (kData - 0x80000000) + 0x1000 * kUser, &v));
  CHECK(v == 0x1000 * kUser + 0xabc);
  // Identity gigapage, and data written through one alias is seen through another.
  CHECK_FALSE(sys.store_fault<uint64_t>(kData + 0x40, 0x0102030405060708ull));
  CHECK_FALSE(sys.load_fault(kVaGiga + (kData - 0x80000000) + 0x40, &v));
  CHECK(v == 0x0102030405060708ull);
  CHECK_FALSE(sys.load_fault(kVaMega + (kData - 0x80000000) + 0x40, &v));
  CHECK(v == 0x0102030405060708ull);
  CHECK_FALSE(sys.load_fault(va(kRW, 0x40), &v));
  CHECK(v == 0x0102030405060708ull);
}

TEST_CASE("Sv39 translation applies to instruction execution in S-mode", "[mmu]") {
  MmuSystem sys;
  Hart& h = sys.hart();
  using namespace enc;
  // S-mode code at the identity-mapped kCode + 0x400 loads through the 4 KiB mapping and
  // jumps to code reached through the megapage alias.
  sys.code(kCode + 0x400, {ld(5, 10, 0), sd(5, 10, 8), jalr(0, 11, 0)});
  const uint64_t alias = kVaMega + 0x500;  // = PA kCode + 0x500
  sys.code(kCode + 0x500, {addi(6, 0, 77), auipc(7, 0)});
  h.x[10] = va(kRW);
  h.x[11] = alias;
  h.pc = kCode + 0x400;
  System::step(h, 5);
  CHECK(h.x[5] == 0xabc);
  CHECK(sys.read64(pa(kRW, 8)) == 0xabc);
  CHECK(h.x[6] == 77);
  CHECK(h.x[7] == alias + 4);  // pc is virtual
  CHECK(h.pc == alias + 8);
}

TEST_CASE("page faults report the right cause and the virtual address", "[mmu]") {
  MmuSystem sys;
  Hart& h = sys.hart();
  SECTION("invalid PTE: load 13, store 15, fetch 12") {
    check_fault(sys.load_fault(va(kInvalid, 8)), rv::kLoadPageFault, va(kInvalid, 8));
    check_fault(sys.store_fault(va(kInvalid, 16)), rv::kStorePageFault, va(kInvalid, 16));
    h.pc = va(kInvalid, 0x24);
    System::step(h);
    CHECK(h.privilege() == Priv::M);
    CHECK(System::peek(h, csr::mcause) == rv::kInsnPageFault);
    CHECK(System::peek(h, csr::mtval) == va(kInvalid, 0x24));
    CHECK(System::peek(h, csr::mepc) == va(kInvalid, 0x24));
  }
  SECTION("unmapped VA (invalid root entry)") {
    check_fault(sys.load_fault(0x123456000ull), rv::kLoadPageFault, 0x123456000ull);
  }
  SECTION("read-only page: store faults, load works") {
    check_fault(sys.store_fault(va(kRO)), rv::kStorePageFault, va(kRO));
    CHECK_FALSE(sys.load_fault(va(kRO)));
    CHECK(sys.read64(pa(kRO)) == 0x1000 * kRO + 0xabc);  // unchanged
  }
  SECTION("W without R is reserved: every access faults") {
    check_fault(sys.load_fault(va(kWOnly)), rv::kLoadPageFault, va(kWOnly));
    check_fault(sys.store_fault(va(kWOnly)), rv::kStorePageFault, va(kWOnly));
  }
  SECTION("reserved PTE bits 60..54 set: page fault") {
    check_fault(sys.load_fault(va(kRsvdBits)), rv::kLoadPageFault, va(kRsvdBits));
  }
  SECTION("misaligned superpage: page fault") {
    check_fault(sys.load_fault(kVaBadMega + 0x10), rv::kLoadPageFault, kVaBadMega + 0x10);
    check_fault(sys.store_fault(kVaBadMega), rv::kStorePageFault, kVaBadMega);
    check_fault(sys.load_fault(kVaBadGiga + 0x1000), rv::kLoadPageFault, kVaBadGiga + 0x1000);
  }
  SECTION("non-canonical VA (bits 63..39 differ from bit 38): page fault") {
    for (uint64_t bad : {0x0000004000000000ull, 0x8000000080000000ull, 0xffffffbfc0000000ull}) {
      INFO("va 0x" << std::hex << bad);
      check_fault(sys.load_fault(bad), rv::kLoadPageFault, bad);
      check_fault(sys.store_fault(bad), rv::kStorePageFault, bad);
    }
    // A canonical VA with the upper bits set walks normally (root[511] is invalid here).
    check_fault(sys.load_fault(0xffffffffc0000000ull), rv::kLoadPageFault, 0xffffffffc0000000ull);
    sys.write64(kRoot + 8 * 511, pte::make(0x80000000, pte::V | pte::R | pte::A));
    // (no sfence.vma needed: a faulting walk leaves nothing cached)
    uint64_t v = 0;
    CHECK_FALSE(sys.load_fault(0xffffffffc0000000ull + (kData - 0x80000000), &v));
    CHECK(v == 0xabc);
  }
  SECTION("execute-only page: no load, fetch works; store faults") {
    check_fault(sys.load_fault(va(kXO)), rv::kLoadPageFault, va(kXO));
    check_fault(sys.store_fault(va(kXO)), rv::kStorePageFault, va(kXO));
    sys.code(pa(kXO, 0x10), {enc::addi(5, 0, 42), enc::self_loop()});
    h.pc = va(kXO, 0x10);
    System::step(h);
    CHECK(h.x[5] == 42);
    CHECK(h.pc == va(kXO, 0x14));
  }
  SECTION("fetch from a non-executable page faults with cause 12") {
    h.pc = va(kRW);
    System::step(h);
    CHECK(System::peek(h, csr::mcause) == rv::kInsnPageFault);
    CHECK(System::peek(h, csr::mtval) == va(kRW));
  }
  SECTION("a faulting load instruction traps to M with mtval = VA, mepc = its pc") {
    sys.code(kCode + 0x100, {enc::ld(5, 10, 0)});
    h.x[10] = va(kInvalid, 0x38);
    h.pc = kCode + 0x100;
    System::step(h);
    CHECK(h.privilege() == Priv::M);
    CHECK(System::peek(h, csr::mcause) == rv::kLoadPageFault);
    CHECK(System::peek(h, csr::mtval) == va(kInvalid, 0x38));
    CHECK(System::peek(h, csr::mepc) == kCode + 0x100);
  }
}

TEST_CASE("page faults delegated to S set scause/stval/sepc", "[mmu][trap]") {
  MmuSystem sys(Priv::M);
  Hart& h = sys.hart();
  System::poke(h, csr::medeleg, bit(rv::kLoadPageFault) | bit(rv::kStorePageFault));
  sys.code(kCode + 0x100, {enc::sw(5, 10, 4)});
  sys.enter(h, Priv::S, kCode + 0x100);
  h.x[10] = va(kRO);
  System::step(h);
  CHECK(h.privilege() == Priv::S);
  CHECK(h.pc == System::kStvec);
  CHECK(System::peek(h, csr::scause) == rv::kStorePageFault);
  CHECK(System::peek(h, csr::stval) == va(kRO, 4));
  CHECK(System::peek(h, csr::sepc) == kCode + 0x100);
}

TEST_CASE("U pages from S-mode: data only with SUM, never executable", "[mmu]") {
  MmuSystem sys;
  Hart& h = sys.hart();
  check_fault(sys.load_fault(va(kUser)), rv::kLoadPageFault, va(kUser));
  check_fault(sys.store_fault(va(kUser)), rv::kStorePageFault, va(kUser));
  REQUIRE(h.csr_write(csr::sstatus, ms::SUM));
  uint64_t v = 0;
  CHECK_FALSE(sys.load_fault(va(kUser), &v));
  CHECK(v == 0x1000 * kUser + 0xabc);
  CHECK_FALSE(sys.store_fault<uint64_t>(va(kUser, 8), 77));
  CHECK(sys.read64(pa(kUser, 8)) == 77);
  // SUM cleared again: the permission must be re-checked (no stale cached translation).
  REQUIRE(h.csr_write(csr::sstatus, 0));
  check_fault(sys.load_fault(va(kUser)), rv::kLoadPageFault, va(kUser));
  check_fault(sys.store_fault(va(kUser, 8)), rv::kStorePageFault, va(kUser, 8));
  // Execution of a U page in S faults even with SUM.
  REQUIRE(h.csr_write(csr::sstatus, ms::SUM));
  sys.code(pa(kUserX), {enc::nop()});
  h.pc = va(kUserX);
  System::step(h);
  CHECK(h.privilege() == Priv::M);
  CHECK(System::peek(h, csr::mcause) == rv::kInsnPageFault);
  CHECK(System::peek(h, csr::mtval) == va(kUserX));
}

TEST_CASE("U-mode: only U pages are accessible", "[mmu]") {
  MmuSystem sys(Priv::M);
  Hart& h = sys.hart();
  // U code must live on a U page: kUserX (R X U).
  sys.code(pa(kUserX), {enc::ld(5, 10, 0), enc::sd(5, 10, 8), enc::ld(6, 11, 0)});
  h.x[10] = va(kUser);
  h.x[11] = va(kRW);
  sys.enter(h, Priv::U, va(kUserX));
  REQUIRE(h.privilege() == Priv::U);
  System::step(h, 2);
  CHECK(h.x[5] == 0x1000 * kUser + 0xabc);
  CHECK(sys.read64(pa(kUser, 8)) == 0x1000 * kUser + 0xabc);
  System::step(h);  // load from a supervisor page
  CHECK(h.privilege() == Priv::M);
  CHECK(System::peek(h, csr::mcause) == rv::kLoadPageFault);
  CHECK(System::peek(h, csr::mtval) == va(kRW));
  CHECK(System::peek(h, csr::mepc) == va(kUserX, 8));
  // U-mode cannot execute a supervisor page.
  sys.enter(h, Priv::U, kCode);
  System::step(h);
  CHECK(System::peek(h, csr::mcause) == rv::kInsnPageFault);
  CHECK(System::peek(h, csr::mepc) == kCode);
}

TEST_CASE("MXR makes execute-only pages readable", "[mmu]") {
  MmuSystem sys;
  Hart& h = sys.hart();
  check_fault(sys.load_fault(va(kXO)), rv::kLoadPageFault, va(kXO));
  REQUIRE(h.csr_write(csr::sstatus, ms::MXR));
  uint64_t v = 0;
  CHECK_FALSE(sys.load_fault(va(kXO), &v));
  CHECK(v == 0x1000 * kXO + 0xabc);
  check_fault(sys.store_fault(va(kXO)), rv::kStorePageFault, va(kXO));  // still not writable
  REQUIRE(h.csr_write(csr::sstatus, 0));
  check_fault(sys.load_fault(va(kXO)), rv::kLoadPageFault, va(kXO));
}

TEST_CASE("hardware A/D update (Svadu): A on access, D on store, in the PTE in memory", "[mmu]") {
  MmuSystem sys;
  Hart& h = sys.hart();
  REQUIRE(h.params().hardware_ad);
  CHECK((sys.read64(l0_pte_pa(kNoAD)) & (pte::A | pte::D)) == 0);
  uint64_t v = 0;
  CHECK_FALSE(sys.load_fault(va(kNoAD), &v));
  CHECK(v == 0x1000 * kNoAD + 0xabc);
  CHECK((sys.read64(l0_pte_pa(kNoAD)) & pte::A) != 0);
  CHECK((sys.read64(l0_pte_pa(kNoAD)) & pte::D) == 0);
  CHECK_FALSE(sys.store_fault<uint64_t>(va(kNoAD, 8), 5));
  CHECK((sys.read64(l0_pte_pa(kNoAD)) & pte::D) != 0);
  CHECK(sys.read64(pa(kNoAD, 8)) == 5);
  // A store to a clean page sets D.
  CHECK_FALSE(sys.store_fault<uint64_t>(va(kClean), 6));
  CHECK((sys.read64(l0_pte_pa(kClean)) & pte::D) != 0);
  // The rest of the PTE is preserved.
  CHECK(sys.read64(l0_pte_pa(kNoAD)) ==
        pte::make(pa(kNoAD), pte::V | pte::R | pte::W | pte::A | pte::D));
}

TEST_CASE("hardware A/D update by instruction fetch sets A only", "[mmu]") {
  MmuSystem sys;
  Hart& h = sys.hart();
  sys.write64(l0_pte_pa(kXO), pte::make(pa(kXO), pte::V | pte::X));
  sys.code(pa(kXO), {enc::nop(), enc::nop()});
  h.pc = va(kXO);
  System::step(h, 2);
  CHECK(h.pc == va(kXO, 8));
  CHECK((sys.read64(l0_pte_pa(kXO)) & (pte::A | pte::D)) == pte::A);
}

TEST_CASE("without hardware A/D (Svade), A = 0 or a store with D = 0 page-faults", "[mmu]") {
  HartParams p;
  p.hardware_ad = false;
  MmuSystem sys(Priv::S, p);
  check_fault(sys.load_fault(va(kNoAD)), rv::kLoadPageFault, va(kNoAD));
  check_fault(sys.store_fault(va(kNoAD)), rv::kStorePageFault, va(kNoAD));
  check_fault(sys.store_fault(va(kClean, 8)), rv::kStorePageFault, va(kClean, 8));
  uint64_t v = 0;
  CHECK_FALSE(sys.load_fault(va(kClean), &v));  // A = 1: loads are fine
  CHECK(v == 0x1000 * kClean + 0xabc);
  // Memory PTEs are unchanged.
  CHECK((sys.read64(l0_pte_pa(kNoAD)) & (pte::A | pte::D)) == 0);
  CHECK((sys.read64(l0_pte_pa(kClean)) & pte::D) == 0);
  CHECK(sys.read64(pa(kClean, 8)) == 0);
}

TEST_CASE("Svade: after the handler sets D and executes sfence.vma, the store succeeds", "[mmu]") {
  HartParams p;
  p.hardware_ad = false;
  MmuSystem sys(Priv::S, p);
  Hart& h = sys.hart();
  check_fault(sys.store_fault(va(kClean, 8), uint64_t(9)), rv::kStorePageFault, va(kClean, 8));
  sys.write64(l0_pte_pa(kClean), sys.read64(l0_pte_pa(kClean)) | pte::D);
  h.do_sfence_vma(va(kClean), false);
  CHECK_FALSE(sys.store_fault<uint64_t>(va(kClean, 8), 9));
  CHECK(sys.read64(pa(kClean, 8)) == 9);
}

TEST_CASE("sfence.vma makes a changed PTE visible", "[mmu]") {
  MmuSystem sys;
  Hart& h = sys.hart();
  using namespace enc;
  uint64_t v = 0;
  CHECK_FALSE(sys.load_fault(va(kRW), &v));
  CHECK(v == 0xabc);
  // Remap the page to the frame of page kRO.
  sys.write64(l0_pte_pa(kRW), pte::make(pa(kRO), pte::V | pte::R | pte::W | pte::A | pte::D));
  SECTION("sfence.vma x0, x0") {
    sys.code(kCode + 0x100, {sfence_vma(0, 0)});
    h.pc = kCode + 0x100;
    System::step(h);
  }
  SECTION("sfence.vma rs1 = the page") {
    sys.code(kCode + 0x100, {sfence_vma(10, 0)});
    h.x[10] = va(kRW, 0x123);
    h.pc = kCode + 0x100;
    System::step(h);
  }
  REQUIRE(h.pc == kCode + 0x104);
  CHECK_FALSE(sys.load_fault(va(kRW), &v));
  CHECK(v == 0x1000 * kRO + 0xabc);
  // Invalidate it: after sfence.vma the access faults.
  sys.write64(l0_pte_pa(kRW), 0);
  h.do_sfence_vma(0, true);
  check_fault(sys.load_fault(va(kRW)), rv::kLoadPageFault, va(kRW));
}

TEST_CASE("sfence.vma with an address flushes a superpage containing it", "[mmu]") {
  MmuSystem sys;
  Hart& h = sys.hart();
  uint64_t v = 0;
  const uint64_t off = kData - 0x80000000;
  CHECK_FALSE(sys.load_fault(kVaMega + off, &v));
  CHECK(v == 0xabc);
  sys.write64(kL1 + 8 * 1, 0);  // unmap the megapage
  h.do_sfence_vma(kVaMega + 0x12345, false);
  check_fault(sys.load_fault(kVaMega + off), rv::kLoadPageFault, kVaMega + off);
}

TEST_CASE("satp write switches address spaces (and Bare turns translation off)", "[mmu]") {
  MmuSystem sys;
  Hart& h = sys.hart();
  uint64_t v = 0;
  CHECK_FALSE(sys.load_fault(va(kRW), &v));
  CHECK(v == 0xabc);
  // Second root: VA 0x40000000 gigapage -> PA 0x80000000 (root[1] leaf), plus code identity.
  const uint64_t root2 = kRoot + 0x4000;
  sys.write64(root2 + 8 * 1, pte::make(0x80000000, pte::V | pte::R | pte::W | pte::A | pte::D));
  sys.write64(root2 + 8 * 2, pte::make(0x80000000, pte::V | pte::R | pte::W | pte::X | pte::A | pte::D));
  REQUIRE(h.csr_write(csr::satp, satp_sv39(root2)));
  CHECK_FALSE(sys.load_fault(0x40000000ull + (kData - 0x80000000), &v));
  CHECK(v == 0xabc);
  CHECK_FALSE(sys.load_fault(va(kRO), &v));  // = PA 0x80001000 now
  CHECK(v == sys.read64(0x80001000));
  REQUIRE(h.csr_write(csr::satp, 0));
  check_fault(sys.load_fault(0x40000000ull), rv::kLoadAccessFault, 0x40000000ull);  // bare
  CHECK_FALSE(sys.load_fault(kData, &v));
  CHECK(v == 0xabc);
}

TEST_CASE("M-mode with MPRV = 1 translates data accesses as MPP, not fetches", "[mmu]") {
  MmuSystem sys(Priv::M);
  Hart& h = sys.hart();
  using namespace enc;
  // Without MPRV, M-mode is bare: VA 0x40000000 is not RAM.
  check_fault(sys.load_fault(va(kRW)), rv::kLoadAccessFault, va(kRW));
  System::poke(h, csr::mstatus, ms::MPRV | (1ull << ms::MPP_SHIFT));
  uint64_t v = 0;
  CHECK_FALSE(sys.load_fault(va(kRW), &v));
  CHECK(v == 0xabc);
  check_fault(sys.store_fault(va(kRO)), rv::kStorePageFault, va(kRO));
  check_fault(sys.load_fault(va(kUser)), rv::kLoadPageFault, va(kUser));  // S without SUM
  // Instructions are fetched bare: make the identity gigapage non-executable, so that a
  // translated fetch would fault.
  sys.write64(kRoot + 8 * 2, pte::make(0x80000000, pte::V | pte::R | pte::W | pte::A | pte::D));
  h.do_sfence_vma(0, true);
  const uint64_t code_pa = kRoot + 0x8000;
  sys.code(code_pa, {ld(5, 10, 0), sd(5, 10, 0x10)});
  h.x[10] = va(kRW);
  h.pc = code_pa;
  System::step(h, 2);
  CHECK(h.privilege() == Priv::M);
  CHECK(h.pc == code_pa + 8);
  CHECK(h.x[5] == 0xabc);
  CHECK(sys.read64(pa(kRW, 0x10)) == 0xabc);
  // MPP = U: U permissions apply.
  System::poke(h, csr::mstatus, ms::MPRV | (0ull << ms::MPP_SHIFT));
  check_fault(sys.load_fault(va(kRW)), rv::kLoadPageFault, va(kRW));
  CHECK_FALSE(sys.load_fault(va(kUser), &v));
  CHECK(v == 0x1000 * kUser + 0xabc);
  // MPRV = 0: bare again.
  System::poke(h, csr::mstatus, 0);
  check_fault(sys.load_fault(va(kUser)), rv::kLoadAccessFault, va(kUser));
}

TEST_CASE("TLB model: a walk on the first access, hits within the page or superpage", "[mmu]") {
  MmuSystem sys;
  Hart& h = sys.hart();
  const uint64_t walks0 = h.stats().page_walks;
  const uint64_t dmiss0 = h.dtlb().misses, dhit0 = h.dtlb().hits;
  const uint64_t off = kData - 0x80000000;
  CHECK_FALSE(sys.load_fault(kVaMega + off));
  CHECK(h.dtlb().misses == dmiss0 + 1);
  CHECK(h.stats().page_walks == walks0 + 1);
  // Another 4 KiB page inside the same 2 MiB page: a TLB hit, no walk.
  CHECK_FALSE(sys.load_fault(kVaMega + off + 0x3000));
  CHECK_FALSE(sys.load_fault(kVaMega + off + 0x5000));
  CHECK(h.dtlb().misses == dmiss0 + 1);
  CHECK(h.dtlb().hits >= dhit0 + 2);
  CHECK(h.stats().page_walks == walks0 + 1);
  // A different 4 KiB mapping: one more miss.
  CHECK_FALSE(sys.load_fault(va(kRW)));
  CHECK(h.dtlb().misses == dmiss0 + 2);
  // After sfence.vma, the next access walks again.
  h.do_sfence_vma(0, true);
  CHECK_FALSE(sys.load_fault(kVaMega + off));
  CHECK(h.dtlb().misses == dmiss0 + 3);

  // Instruction side: executing within one page misses once.
  sys.code(kCode + 0x200, {enc::nop(), enc::nop(), enc::nop(), enc::jal(0, 0x1000 - 12)});
  sys.code(kCode + 0x1200, {enc::nop()});
  h.pc = kCode + 0x200;
  const uint64_t imiss0 = h.itlb().misses;
  System::step(h, 3);
  CHECK(h.itlb().misses == imiss0 + 1);
  const uint64_t ihit0 = h.itlb().hits;
  System::step(h, 2);  // jal into the next 4 KiB page of the same gigapage
  CHECK(h.pc == kCode + 0x1204);
  CHECK(h.itlb().misses == imiss0 + 1);
  CHECK(h.itlb().hits == ihit0 + 1);
}

TEST_CASE("TLB model capacity: more pages than entries causes re-walks (LRU)", "[mmu]") {
  HartParams p;
  p.dtlb_entries = 2;
  MmuSystem sys(Priv::S, p);
  Hart& h = sys.hart();
  const uint64_t m0 = h.dtlb().misses;
  CHECK_FALSE(sys.load_fault(va(kRW)));    // miss: {RW}
  CHECK_FALSE(sys.load_fault(va(kRO)));    // miss: {RW, RO}
  CHECK(h.dtlb().misses == m0 + 2);
  CHECK_FALSE(sys.load_fault(va(kClean))); // miss: evicts RW (LRU)
  CHECK(h.dtlb().misses == m0 + 3);
  // RW was evicted from the TLB model, so the hart must walk again (its host-side cache of
  // the page must not hide the eviction).
  CHECK_FALSE(sys.load_fault(va(kRW)));
  CHECK(h.dtlb().misses == m0 + 4);
}

// The TLB model is only consulted when the hart's host-side TLB misses; accesses served by
// the host TLB are not counted as hits, so replacement treats entries the host TLB holds as
// in use. A page in constant use must therefore not be the victim: RO (not touched since)
// is evicted, and the later RW access does not walk again.
TEST_CASE("TLB model: replacement keeps a page in active use",
          "[mmu]") {
  HartParams p;
  p.dtlb_entries = 2;
  MmuSystem sys(Priv::S, p);
  Hart& h = sys.hart();
  const uint64_t m0 = h.dtlb().misses, w0 = h.stats().page_walks;
  CHECK_FALSE(sys.load_fault(va(kRW)));     // miss
  CHECK_FALSE(sys.load_fault(va(kRO)));     // miss
  CHECK_FALSE(sys.load_fault(va(kRW, 8)));  // hit: RW becomes most recently used
  CHECK_FALSE(sys.load_fault(va(kClean)));  // miss: must evict RO
  CHECK_FALSE(sys.load_fault(va(kRW, 16))); // hit
  CHECK(h.dtlb().misses == m0 + 3);
  CHECK(h.stats().page_walks == w0 + 3);
}

TEST_CASE("a page-crossing load faulting on the second page reports that page's first byte",
          "[mmu]") {
  MmuSystem sys;
  // The 8 bytes at va(kInvalid) - 4 cross from page kNoAD (valid) into page kInvalid.
  check_fault(sys.load_fault(va(kInvalid) - 4), rv::kLoadPageFault, va(kInvalid));
}

// Privileged spec (mtval): for a misaligned access that faults, mtval holds "the virtual
// address of the portion of the access that caused the fault": stores, like loads, report
// the first byte of the faulting page.
TEST_CASE("a page-crossing store faulting on the second page leaves memory unchanged and "
          "reports that page's first byte",
          "[mmu]") {
  MmuSystem sys;
  sys.write64(pa(kRW, 0xff8), 0x1111111111111111ull);
  const auto t = sys.store_fault<uint64_t>(va(kRO) - 4, 0x2222222222222222ull);
  REQUIRE(t.has_value());
  CHECK(t->cause == rv::kStorePageFault);
  CHECK(sys.read64(pa(kRW, 0xff8)) == 0x1111111111111111ull);  // nothing written
  CHECK(sys.read32(pa(kRO)) == uint32_t(0x1000 * kRO + 0xabc));
  CHECK(t->tval == va(kRO));
}
