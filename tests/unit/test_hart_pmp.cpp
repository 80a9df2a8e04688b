// Physical memory protection: default deny below M, NAPOT/TOR/NA4 regions and their
// permissions, priority order, partial matches, locking (which also binds M-mode), and the
// WARL rules of pmpcfg/pmpaddr.
#include <catch2/catch.hpp>

#include "tests/unit/hart_fixture.h"

using namespace uintrsim;
using namespace uintrsim::test;

namespace {
constexpr uint64_t kCode = System::kCode;
constexpr uint64_t kData = System::kData;

constexpr uint8_t kR = 1, kW = 2, kX = 4, kTor = 1 << 3, kNa4 = 2 << 3, kNapot = 3 << 3, kL = 0x80;

// pmpaddr for a naturally aligned power-of-two region (size >= 8).
constexpr uint64_t napot(uint64_t base, uint64_t size) { return (base >> 2) | ((size >> 3) - 1); }
constexpr uint64_t cfg(unsigned entry, uint8_t c) { return uint64_t(c) << (8 * entry); }

std::optional<Trap> load_fault(Hart& h, uint64_t a) {
  uint64_t v;
  return trap_of(h, [&] { return h.load<uint64_t>(a, v); });
}
std::optional<Trap> store_fault(Hart& h, uint64_t a) {
  return trap_of(h, [&] { return h.store<uint64_t>(a, 0x77); });
}
}  // namespace

TEST_CASE("PMP with all entries OFF: M-mode has access, S/U-mode accesses fault", "[pmp]") {
  System sys;
  Hart& h = sys.hart();
  sys.write64(kData, 0x1234);
  CHECK_FALSE(load_fault(h, kData));
  CHECK_FALSE(store_fault(h, kData + 8));
  sys.code(kCode, {enc::nop()});
  sys.enter(h, Priv::U, kCode);
  REQUIRE(h.privilege() == Priv::U);
  auto t = load_fault(h, kData);
  REQUIRE(t);
  CHECK(t->cause == rv::kLoadAccessFault);
  CHECK(t->tval == kData);
  t = store_fault(h, kData);
  REQUIRE(t);
  CHECK(t->cause == rv::kStoreAccessFault);
  // Instruction fetch faults too.
  System::step(h);
  CHECK(h.privilege() == Priv::M);
  CHECK(System::peek(h, csr::mcause) == rv::kInsnAccessFault);
  CHECK(System::peek(h, csr::mtval) == kCode);
}

TEST_CASE("U-mode load outside every PMP region: access fault (cause 5) from an instruction",
          "[pmp]") {
  System sys;
  Hart& h = sys.hart();
  // Entry 0: the first 4 KiB of RAM (the code page), X only.
  System::poke(h, csr::pmpaddr0, napot(kCode, 0x1000));
  System::poke(h, csr::pmpcfg0, cfg(0, kNapot | kX));
  sys.code(kCode, {enc::ld(5, 10, 8)});
  h.x[10] = kData;
  sys.enter(h, Priv::U, kCode);
  System::step(h);
  CHECK(h.privilege() == Priv::M);
  CHECK(System::peek(h, csr::mcause) == rv::kLoadAccessFault);
  CHECK(System::peek(h, csr::mtval) == kData + 8);
  CHECK(System::peek(h, csr::mepc) == kCode);
  // Loading the code page itself: X only, so no read permission either.
  sys.code(kCode, {enc::ld(5, 10, 0x100)});
  h.x[10] = kCode;
  sys.enter(h, Priv::U, kCode);
  System::step(h);
  CHECK(System::peek(h, csr::mcause) == rv::kLoadAccessFault);
}

TEST_CASE("a NAPOT entry covering all memory with RWX lets U-mode access everything", "[pmp]") {
  System sys;
  Hart& h = sys.hart();
  System::pmp_allow_all(h);
  sys.write64(kData, 0x1234);
  sys.code(kCode, {enc::ld(5, 10, 0), enc::sd(5, 10, 8)});
  h.x[10] = kData;
  sys.enter(h, Priv::U, kCode);
  System::step(h, 2);
  CHECK(h.privilege() == Priv::U);
  CHECK(h.x[5] == 0x1234);
  CHECK(sys.read64(kData + 8) == 0x1234);
}

TEST_CASE("TOR region with R only: loads work, stores fault with cause 7", "[pmp]") {
  System sys;
  Hart& h = sys.hart();
  // Entry 0 (OFF) gives the TOR base; entry 1 = [kData, kData + 0x1000) R; entry 2 = all RWX.
  System::poke(h, csr::pmpaddr0, kData >> 2);
  System::poke(h, (csr::pmpaddr0 + 1), (kData + 0x1000) >> 2);
  System::poke(h, (csr::pmpaddr0 + 2), (1ull << 54) - 1);
  System::poke(h, csr::pmpcfg0, cfg(1, kTor | kR) | cfg(2, kNapot | kR | kW | kX));
  sys.write64(kData + 0x10, 99);
  sys.code(kCode, {enc::ld(5, 10, 0x10), enc::sd(5, 10, 0x18), enc::self_loop()});
  h.x[10] = kData;
  sys.enter(h, Priv::S, kCode);
  System::step(h);
  CHECK(h.x[5] == 99);
  System::step(h);
  CHECK(h.privilege() == Priv::M);
  CHECK(System::peek(h, csr::mcause) == rv::kStoreAccessFault);
  CHECK(System::peek(h, csr::mtval) == kData + 0x18);
  CHECK(sys.read64(kData + 0x18) == 0);
  // Outside the TOR range (just below and at the top), entry 2 applies.
  sys.enter(h, Priv::S, kCode + 8);
  CHECK_FALSE(store_fault(h, kData - 8));
  CHECK_FALSE(store_fault(h, kData + 0x1000));
  CHECK(store_fault(h, kData + 0xff8));
}

TEST_CASE("PMP entries are checked in priority order: the lowest-numbered match wins", "[pmp]") {
  System sys;
  Hart& h = sys.hart();
  // Entry 0: 8 bytes at kData, no permissions; entry 1: everything RWX.
  System::poke(h, csr::pmpaddr0, napot(kData, 8));
  System::poke(h, (csr::pmpaddr0 + 1), (1ull << 54) - 1);
  System::poke(h, csr::pmpcfg0, cfg(0, kNapot) | cfg(1, kNapot | kR | kW | kX));
  sys.code(kCode, {enc::self_loop()});
  sys.enter(h, Priv::U, kCode);
  auto t = load_fault(h, kData);
  REQUIRE(t);
  CHECK(t->cause == rv::kLoadAccessFault);
  CHECK_FALSE(load_fault(h, kData + 8));
  CHECK_FALSE(load_fault(h, kData - 8));
}

TEST_CASE("an access only partly inside a region fails, even in M-mode", "[pmp]") {
  System sys;
  Hart& h = sys.hart();
  // NA4 entry at kData + 4 with all permissions; M-mode 8-byte access at kData straddles it.
  System::poke(h, csr::pmpaddr0, (kData + 4) >> 2);
  System::poke(h, csr::pmpcfg0, cfg(0, kNa4 | kR | kW | kX));
  auto t = load_fault(h, kData);
  REQUIRE(t);
  CHECK(t->cause == rv::kLoadAccessFault);
  t = store_fault(h, kData + 2);
  REQUIRE(t);
  CHECK(t->cause == rv::kStoreAccessFault);
  uint32_t v;
  CHECK_FALSE(trap_of(h, [&] { return h.load<uint32_t>(kData + 4, v); }));  // exactly the region
  CHECK_FALSE(load_fault(h, kData + 8));                             // outside: M default
}

TEST_CASE("a locked entry applies to M-mode, its registers can no longer be written", "[pmp]") {
  System sys;
  Hart& h = sys.hart();
  const uint64_t region = napot(kData, 0x1000);
  System::poke(h, csr::pmpaddr0, region);
  System::poke(h, csr::pmpcfg0, cfg(0, kNapot | kR));  // not locked yet
  CHECK_FALSE(store_fault(h, kData + 8));              // M-mode ignores unlocked entries
  System::poke(h, csr::pmpcfg0, cfg(0, kNapot | kR | kL));
  CHECK(System::peek(h, csr::pmpcfg0) == cfg(0, kNapot | kR | kL));
  auto t = store_fault(h, kData + 8);
  REQUIRE(t);
  CHECK(t->cause == rv::kStoreAccessFault);
  CHECK(t->tval == kData + 8);
  CHECK_FALSE(load_fault(h, kData + 8));
  CHECK_FALSE(store_fault(h, kData + 0x1000));  // outside the region
  // Through an instruction: mcause 7.
  sys.code(kCode, {enc::sd(5, 10, 0)});
  h.x[10] = kData + 0x20;
  h.pc = kCode;
  System::step(h);
  CHECK(System::peek(h, csr::mcause) == rv::kStoreAccessFault);
  CHECK(System::peek(h, csr::mtval) == kData + 0x20);
  // Writes to the locked entry's address and configuration are ignored.
  System::poke(h, csr::pmpaddr0, 0);
  CHECK(System::peek(h, csr::pmpaddr0) == region);
  System::poke(h, csr::pmpcfg0, cfg(0, kNapot | kR | kW) | cfg(1, kNapot | kR));
  CHECK(System::peek(h, csr::pmpcfg0) == (cfg(0, kNapot | kR | kL) | cfg(1, kNapot | kR)));
  CHECK(store_fault(h, kData + 8));
}

TEST_CASE("a locked TOR entry also locks the pmpaddr below it", "[pmp]") {
  System sys;
  Hart& h = sys.hart();
  System::poke(h, csr::pmpaddr0, kData >> 2);
  System::poke(h, (csr::pmpaddr0 + 1), (kData + 0x100) >> 2);
  System::poke(h, csr::pmpcfg0, cfg(1, kTor | kR | kL));
  System::poke(h, csr::pmpaddr0, 0);
  CHECK(System::peek(h, csr::pmpaddr0) == kData >> 2);
  System::poke(h, (csr::pmpaddr0 + 1), 0);
  CHECK(System::peek(h, (csr::pmpaddr0 + 1)) == (kData + 0x100) >> 2);
  CHECK(store_fault(h, kData + 0x80));
  CHECK_FALSE(store_fault(h, kData + 0x100));
  CHECK_FALSE(store_fault(h, kData - 8));
}

TEST_CASE("pmpcfg WARL: R=0 W=1 is not stored, pmpaddr keeps 54 bits", "[pmp]") {
  System sys;
  Hart& h = sys.hart();
  System::poke(h, csr::pmpcfg0, cfg(0, kNapot | kW) | cfg(3, kTor | kR | kW));
  CHECK(System::peek(h, csr::pmpcfg0) == (cfg(0, kNapot) | cfg(3, kTor | kR | kW)));
  System::poke(h, (csr::pmpaddr0 + 5), ~0ull);
  CHECK(System::peek(h, (csr::pmpaddr0 + 5)) == (1ull << 54) - 1);
  // pmpcfg2 holds entries 8..15.
  System::poke(h, csr::pmpcfg0 + 2, cfg(7, kNapot | kR));
  CHECK(System::peek(h, csr::pmpcfg0 + 2) == cfg(7, kNapot | kR));
}

TEST_CASE("PMP changes take effect immediately for already-accessed pages", "[pmp]") {
  System sys;
  Hart& h = sys.hart();
  System::pmp_allow_all(h);
  sys.code(kCode, {enc::ld(5, 10, 0), enc::ld(6, 10, 0)});
  h.x[10] = kData;
  sys.write64(kData, 5);
  sys.enter(h, Priv::U, kCode);
  System::step(h);
  CHECK(h.x[5] == 5);
  System::step(h);
  CHECK(h.x[6] == 5);
  sys.code(kCode + 8, {enc::ecall()});
  System::step(h);
  REQUIRE(h.privilege() == Priv::M);
  // M-mode revokes access to the data page (the code page stays executable); the same load in
  // U-mode must now fault: permissions cached for the page must be dropped.
  System::poke(h, csr::pmpaddr0, napot(kData, 0x1000));
  System::poke(h, (csr::pmpaddr0 + 1), (1ull << 54) - 1);
  System::poke(h, csr::pmpcfg0, cfg(0, kNapot) | cfg(1, kNapot | kR | kW | kX));
  sys.enter(h, Priv::U, kCode);
  System::step(h);
  CHECK(h.privilege() == Priv::M);
  CHECK(System::peek(h, csr::mcause) == rv::kLoadAccessFault);
}

TEST_CASE("PMP also checks the page-table walk (implicit accesses as S)", "[pmp][mmu]") {
  System sys;
  Hart& h = sys.hart();
  const uint64_t root = System::kPageTables;
  // Root[2]: identity gigapage for code/data; root[1] -> a table the PMP forbids.
  sys.write64(root + 16, pte::make(0x80000000, pte::V | pte::R | pte::W | pte::X | pte::A | pte::D));
  sys.write64(root + 8, pte::table(root + 0x1000));
  // Entry 0: the page holding the second-level table: no access. Entry 1: everything.
  System::poke(h, csr::pmpaddr0, napot(root + 0x1000, 0x1000));
  System::poke(h, (csr::pmpaddr0 + 1), (1ull << 54) - 1);
  System::poke(h, csr::pmpcfg0, cfg(0, kNapot) | cfg(1, kNapot | kR | kW | kX));
  System::poke(h, csr::satp, satp_sv39(root));
  sys.code(kCode, {enc::self_loop()});
  sys.enter(h, Priv::S, kCode);
  auto t = load_fault(h, 0x40000000);
  REQUIRE(t);
  CHECK(t->cause == rv::kLoadAccessFault);
  CHECK(t->tval == 0x40000000);
  t = store_fault(h, 0x40000008);
  REQUIRE(t);
  CHECK(t->cause == rv::kStoreAccessFault);
}
