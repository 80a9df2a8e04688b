// Synchronous exceptions raised inside an instruction's semantics (sim/hart/hart.h, Trap):
// the instruction ends where the exception is raised, writes no register and no memory, and
// the trap is taken at its pc. Covers every way an instruction reports one: a failed
// load, store, AMO host pointer and CSR access, and a misaligned LR/SC/AMO.
#include <catch2/catch.hpp>

#include "tests/unit/hart_fixture.h"

using namespace uintrsim;
using namespace uintrsim::test;

namespace {
constexpr uint64_t kCode = System::kCode;
constexpr uint64_t kUnmapped = 0x1000;  // neither RAM nor a FakeBus device: access fault
constexpr uint64_t kSentinel = 0x5a5a5a5a12345678ull;
constexpr unsigned kRd = 7, kRs1 = 5, kRs2 = 6;

struct Case {
  const char* name;
  uint32_t insn;
  uint64_t rs1;  // System::kData + offset when below 0x1000, else as is
  uint64_t cause;
};

uint64_t address(uint64_t a) { return a < 0x1000 ? System::kData + a : a; }
}  // namespace

TEST_CASE("a faulting instruction writes no register and traps at its pc", "[trap]") {
  const Case cases[] = {
      {"lb", enc::lb(kRd, kRs1, 0), kUnmapped, rv::kLoadAccessFault},
      {"lh", enc::lh(kRd, kRs1, 0), kUnmapped, rv::kLoadAccessFault},
      {"lw", enc::lw(kRd, kRs1, 0), kUnmapped, rv::kLoadAccessFault},
      {"ld", enc::ld(kRd, kRs1, 0), kUnmapped, rv::kLoadAccessFault},
      {"lbu", enc::lbu(kRd, kRs1, 0), kUnmapped, rv::kLoadAccessFault},
      {"lhu", enc::lhu(kRd, kRs1, 0), kUnmapped, rv::kLoadAccessFault},
      {"lwu", enc::lwu(kRd, kRs1, 0), kUnmapped, rv::kLoadAccessFault},
      {"sd", enc::sd(kRs2, kRs1, 0), kUnmapped, rv::kStoreAccessFault},
      {"lr.d", enc::lr_d(kRd, kRs1), kUnmapped, rv::kLoadAccessFault},
      {"lr.w misaligned", enc::lr_w(kRd, kRs1), 2, rv::kLoadMisaligned},
      {"sc.d misaligned", enc::sc_d(kRd, kRs2, kRs1), 4, rv::kStoreMisaligned},
      {"amoswap.d", enc::amoswap_d(kRd, kRs2, kRs1), kUnmapped, rv::kStoreAccessFault},
      {"amoadd.w misaligned", enc::amoadd_w(kRd, kRs2, kRs1), 2, rv::kStoreMisaligned},
      {"csrrw of a CSR that does not exist", enc::csrrw(kRd, 0x8ff, kRs1), 0, rv::kIllegalInsn},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.name) {
      System sys;
      Hart& h = sys.hart();
      sys.code(kCode, {c.insn});
      h.pc = kCode;
      h.x[kRd] = kSentinel;
      h.x[kRs1] = address(c.rs1);
      h.x[kRs2] = 0x77;
      const uint64_t data = sys.read64(System::kData);
      System::step(h);
      CHECK(h.x[kRd] == kSentinel);
      CHECK(sys.read64(System::kData) == data);
      CHECK(h.stats().exceptions[c.cause] == 1);
      CHECK(h.pc == System::kMtvec);
      CHECK(System::peek(h, csr::mcause) == c.cause);
      CHECK(System::peek(h, csr::mepc) == kCode);
      CHECK(System::peek(h, csr::mtval) == (c.cause == rv::kIllegalInsn ? c.insn : address(c.rs1)));
      CHECK(h.x[0] == 0);
    }
  }
}
