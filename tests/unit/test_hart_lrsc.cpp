// LR/SC and AMOs: two harts over one RAM and one reservation set.
#include <catch2/catch.hpp>

#include "tests/unit/hart_fixture.h"

using namespace uintrsim;
using namespace uintrsim::test;

namespace {
constexpr uint64_t kCode0 = System::kCode;          // hart 0's code
constexpr uint64_t kCode1 = System::kCode + 0x800;  // hart 1's code
constexpr uint64_t kVar = System::kData + 0x40;

// Two harts in M-mode; x10 = kVar on both.
struct TwoHarts : System {
  TwoHarts() : System(HartParams{}, 2) {
    hart(0).pc = kCode0;
    hart(1).pc = kCode1;
    hart(0).x[10] = kVar;
    hart(1).x[10] = kVar;
    write64(kVar, 100);
  }
};
}  // namespace

TEST_CASE("LR then SC without interference succeeds", "[lrsc]") {
  TwoHarts sys;
  Hart& h = sys.hart(0);
  h.x[7] = 555;
  sys.code(kCode0, {enc::lr_d(5, 10), enc::sc_d(6, 7, 10)});
  System::step(h, 2);
  CHECK(h.x[5] == 100);
  CHECK(h.x[6] == 0);
  CHECK(sys.read64(kVar) == 555);
  // The reservation is consumed: a second SC fails.
  sys.code(kCode0 + 8, {enc::sc_d(6, 7, 10)});
  h.x[7] = 777;
  System::step(h);
  CHECK(h.x[6] == 1);
  CHECK(sys.read64(kVar) == 555);
}

TEST_CASE("SC without a reservation fails and does not write", "[lrsc]") {
  TwoHarts sys;
  Hart& h = sys.hart(0);
  h.x[7] = 555;
  sys.code(kCode0, {enc::sc_d(6, 7, 10), enc::sc_w(8, 7, 10)});
  System::step(h, 2);
  CHECK(h.x[6] == 1);
  CHECK(h.x[8] == 1);
  CHECK(sys.read64(kVar) == 100);
}

TEST_CASE("a store by another hart to the reserved address makes SC fail", "[lrsc]") {
  TwoHarts sys;
  Hart& h0 = sys.hart(0);
  Hart& h1 = sys.hart(1);
  h0.x[7] = 555;
  h1.x[8] = 42;
  sys.code(kCode0, {enc::lr_d(5, 10), enc::sc_d(6, 7, 10)});
  SECTION("sd by hart 1") { sys.code(kCode1, {enc::sd(8, 10, 0)}); }
  SECTION("sw by hart 1 to the upper half of the doubleword") { sys.code(kCode1, {enc::sw(8, 10, 4)}); }
  SECTION("amoadd.d by hart 1") { sys.code(kCode1, {enc::amoadd_d(9, 8, 10)}); }
  System::step(h0);  // lr.d
  CHECK(h0.x[5] == 100);
  System::step(h1);  // the store
  const uint64_t after_store = sys.read64(kVar);
  CHECK(after_store != 100);
  System::step(h0);  // sc.d
  CHECK(h0.x[6] == 1);
  CHECK(sys.read64(kVar) == after_store);  // unchanged by the failed SC
}

TEST_CASE("stores elsewhere and a failed SC by another hart keep the reservation", "[lrsc]") {
  TwoHarts sys;
  Hart& h0 = sys.hart(0);
  Hart& h1 = sys.hart(1);
  h0.x[7] = 555;
  h1.x[8] = 42;
  sys.code(kCode0, {enc::lr_d(5, 10), enc::sc_d(6, 7, 10)});
  // Hart 1: a store to the next doubleword, then an SC to the reserved address (it holds no
  // reservation, so the SC fails and stores nothing).
  sys.code(kCode1, {enc::sd(8, 10, 8), enc::sc_d(9, 8, 10)});
  System::step(h0);
  System::step(h1, 2);
  CHECK(h1.x[9] == 1);
  CHECK(sys.read64(kVar + 8) == 42);
  System::step(h0);
  CHECK(h0.x[6] == 0);
  CHECK(sys.read64(kVar) == 555);
}

TEST_CASE("each hart has its own reservation", "[lrsc]") {
  TwoHarts sys;
  Hart& h0 = sys.hart(0);
  Hart& h1 = sys.hart(1);
  h0.x[7] = 1;
  h1.x[7] = 2;
  sys.code(kCode0, {enc::lr_d(5, 10), enc::sc_d(6, 7, 10)});
  sys.code(kCode1, {enc::lr_d(5, 10), enc::sc_d(6, 7, 10)});
  System::step(h0);
  System::step(h1);
  System::step(h1);  // hart 1's SC succeeds and clears hart 0's reservation by its store
  CHECK(h1.x[6] == 0);
  System::step(h0);
  CHECK(h0.x[6] == 1);
  CHECK(sys.read64(kVar) == 2);
}

TEST_CASE("lr.w sign-extends, sc.w stores 32 bits", "[lrsc]") {
  TwoHarts sys;
  Hart& h = sys.hart(0);
  sys.write64(kVar, 0x11111111fffffff0ull);
  h.x[7] = 0x123456789ull;
  sys.code(kCode0, {enc::lr_w(5, 10), enc::sc_w(6, 7, 10)});
  System::step(h, 2);
  CHECK(h.x[5] == 0xfffffffffffffff0ull);
  CHECK(h.x[6] == 0);
  CHECK(sys.read64(kVar) == 0x1111111123456789ull);
}

TEST_CASE("AMOs return the old value and update memory", "[lrsc]") {
  TwoHarts sys;
  Hart& h = sys.hart(0);
  using namespace enc;
  sys.write64(kVar, 100);
  sys.write64(kVar + 8, 0x00000000fffffffeull);
  h.x[11] = kVar + 8;
  h.x[7] = 5;
  h.x[8] = 3;
  sys.code(kCode0, {amoadd_d(5, 7, 10),     // x5 = 100, mem = 105
                    amoswap_d(6, 8, 10),    // x6 = 105, mem = 3
                    amoadd_w(12, 7, 11),    // x12 = sext(0xfffffffe), mem.w = 3
                    amomax_w(13, 8, 11),    // x13 = 3 (max(3, 3))
                    amominu_d(14, 0, 10)}); // x14 = 3, mem = 0
  System::step(h, 5);
  CHECK(h.pc == kCode0 + 20);
  CHECK(h.x[5] == 100);
  CHECK(h.x[6] == 105);
  CHECK(h.x[12] == 0xfffffffffffffffeull);
  CHECK(h.x[13] == 3);
  CHECK(h.x[14] == 3);
  CHECK(sys.read64(kVar) == 0);
  CHECK(sys.read64(kVar + 8) == 3);  // the upper word is untouched by the .w ops
}

TEST_CASE("misaligned AMO/SC raise store-misaligned (6), misaligned LR load-misaligned (4)",
          "[lrsc]") {
  TwoHarts sys;
  Hart& h = sys.hart(0);
  struct Case {
    uint32_t insn;
    uint64_t addr;
    uint64_t cause;
  } cases[] = {
      {enc::amoadd_w(5, 7, 11), kVar + 2, rv::kStoreMisaligned},
      {enc::amoadd_d(5, 7, 11), kVar + 4, rv::kStoreMisaligned},
      {enc::amoswap_d(5, 7, 11), kVar + 1, rv::kStoreMisaligned},
      {enc::sc_w(5, 7, 11), kVar + 2, rv::kStoreMisaligned},
      {enc::sc_d(5, 7, 11), kVar + 4, rv::kStoreMisaligned},
      {enc::lr_w(5, 11), kVar + 1, rv::kLoadMisaligned},
      {enc::lr_d(5, 11), kVar + 4, rv::kLoadMisaligned},
  };
  for (const auto& c : cases) {
    INFO("insn 0x" << std::hex << c.insn);
    sys.write64(kVar, 0x0102030405060708ull);
    sys.code(kCode0, {c.insn});
    h.pc = kCode0;
    h.x[5] = 0xdead;
    h.x[7] = 1;
    h.x[11] = c.addr;
    System::step(h);
    CHECK(h.pc == System::kMtvec);
    CHECK(System::peek(h, csr::mcause) == c.cause);
    CHECK(System::peek(h, csr::mtval) == c.addr);
    CHECK(h.x[5] == 0xdead);
    CHECK(sys.read64(kVar) == 0x0102030405060708ull);
  }
}

TEST_CASE("AMOs to MMIO are access faults", "[lrsc]") {
  TwoHarts sys;
  Hart& h = sys.hart(0);
  sys.code(kCode0, {enc::amoadd_w(5, 7, 11)});
  h.x[11] = FakeBus::kMmioBase;
  System::step(h);
  CHECK(System::peek(h, csr::mcause) == rv::kStoreAccessFault);
  CHECK(System::peek(h, csr::mtval) == FakeBus::kMmioBase);
}
