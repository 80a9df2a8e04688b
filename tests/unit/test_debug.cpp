// Debugging support in the hart and the loader: the instruction observer (which must not
// change timing), the recent-trap history (a storm keeps its first trap), side-effect-free
// debug memory access (writes drop stale decoded instructions), and pc symbolization.
#include <catch2/catch.hpp>

#include "sim/loader/symbolizer.h"
#include "tests/unit/hart_fixture.h"

using namespace uintrsim;
using namespace uintrsim::test;

namespace {
constexpr uint64_t kCode = System::kCode;

// Counts what it sees.
struct CountingObserver : InsnObserver {
  uint64_t fetches = 0, execs = 0, retired_n = 0, traps = 0, last_trap_cause = 0;
  void before_fetch(Hart&) override { ++fetches; }
  void before_exec(Hart&, const DecodedInsn&, uint64_t, uint64_t) override { ++execs; }
  void retired(Hart&, const DecodedInsn&, uint64_t) override { ++retired_n; }
  void trap(Hart&, uint64_t cause, uint64_t, uint64_t) override { ++traps; last_trap_cause = cause; }
};

// A loop of adds and a load/store with an ecall every round (M-mode handler at mtvec that
// skips it), run for `cycles`; returns (cycle, instret, decode misses).
std::tuple<uint64_t, uint64_t, uint64_t> run_program(bool timed, InsnObserver* obs, uint64_t cycles) {
  HartParams p;
  p.timing.inorder = timed;
  System sys(p);
  Hart& h = sys.hart();
  const uint64_t handler = kCode + 0x400;
  sys.code(kCode, {enc::addi(5, 5, 1), enc::sd(5, 6, 0), enc::ld(7, 6, 0), enc::ecall(), enc::jal(0, -16)});
  sys.code(handler, {enc::csrrs(8, csr::mepc, 0), enc::addi(8, 8, 4), enc::csrrw(0, csr::mepc, 8), enc::mret()});
  System::poke(h, csr::mtvec, handler);
  h.x[6] = System::kData;
  h.set_insn_observer(obs);
  while (h.cycle() < cycles) h.run(cycles);
  return {h.cycle(), h.instret(), h.stats().decode_misses};
}
}  // namespace

TEST_CASE("debug: an instruction observer sees every instruction and trap and changes no timing", "[debug]") {
  for (bool timed : {false, true}) {
    CAPTURE(timed);
    CountingObserver obs;
    const auto plain = run_program(timed, nullptr, 5000);
    const auto observed = run_program(timed, &obs, 5000);
    CHECK(plain == observed);
    CHECK(obs.retired_n > 0);
    CHECK(obs.traps > 0);
    CHECK(obs.last_trap_cause == rv::kEcallM);
    CHECK(obs.execs == obs.retired_n + obs.traps);  // every decoded instruction retires or traps
    CHECK(obs.fetches == obs.execs);
  }
}

TEST_CASE("debug: recent traps keep the first trap of a storm and what came before it", "[debug]") {
  System sys;
  Hart& h = sys.hart();
  CHECK(h.recent_traps().empty());
  const uint64_t bad = kCode + 0x100;  // an all-zero word: illegal instruction
  sys.code(kCode, {enc::ecall()});
  sys.write32(bad, 0);
  System::poke(h, csr::mtvec, bad);  // every trap lands on the illegal word again
  for (int i = 0; i < 50; ++i) System::step(h);
  const auto runs = h.recent_traps();
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].cause == rv::kEcallM);
  CHECK(runs[0].epc == kCode);
  CHECK(runs[0].count == 1);
  CHECK(runs[0].first_seq == 1);
  CHECK(runs[1].cause == rv::kIllegalInsn);
  CHECK(runs[1].epc == bad);
  CHECK(runs[1].first_seq == 2);
  CHECK(runs[1].count == h.traps_taken() - 1);
  CHECK(runs[1].first_cycle <= runs[1].last_cycle);
  CHECK(h.last_trap().cause == rv::kIllegalInsn);
}

TEST_CASE("debug: the trap history holds the last kTrapHistory runs, oldest first", "[debug]") {
  System sys;
  Hart& h = sys.hart();
  const uint64_t handler = kCode + 0x400;
  // ecalls at distinct pcs, each its own run; the handler returns past each one.
  sys.code(handler, {enc::csrrs(8, csr::mepc, 0), enc::addi(8, 8, 4), enc::csrrw(0, csr::mepc, 8), enc::mret()});
  System::poke(h, csr::mtvec, handler);
  for (unsigned i = 0; i < 20; ++i) sys.code(kCode + 4 * i, {enc::ecall()});
  REQUIRE(System::run_until(h, kCode + 4 * 20, 200));
  const auto runs = h.recent_traps();
  REQUIRE(runs.size() == Hart::kTrapHistory);
  for (unsigned i = 0; i < runs.size(); ++i) {
    CHECK(runs[i].epc == kCode + 4 * (20 - Hart::kTrapHistory + i));
    CHECK(runs[i].first_seq == 20 - Hart::kTrapHistory + i + 1);
    CHECK(runs[i].count == 1);
  }
}

TEST_CASE("debug: debug memory access has no side effects and a write drops decoded code", "[debug]") {
  System sys;
  Hart& h = sys.hart();
  sys.code(kCode, {enc::addi(5, 0, 1), enc::jal(0, -4)});
  System::step(h, 3);  // addi, jal, addi: decoded and cached
  CHECK(h.x[5] == 1);
  const auto stats_before = h.stats().decode_misses;
  const uint64_t cycles = h.cycle();
  uint32_t word = 0;
  REQUIRE(h.debug_read(kCode, &word, 4));
  CHECK(word == enc::addi(5, 0, 1));
  CHECK(h.cycle() == cycles);
  CHECK(h.stats().decode_misses == stats_before);
  uint64_t pa = 0;
  REQUIRE(h.debug_translate(kCode + 8, pa));
  CHECK(pa == kCode + 8);
  CHECK_FALSE(h.debug_read(0x1000, &word, 4));  // not RAM
  // Patch the addi: the hart must execute the new instruction, not the cached one.
  const uint32_t patched = enc::addi(5, 0, 7);
  REQUIRE(h.debug_write(kCode, &patched, 4));
  CHECK(sys.read32(kCode) == patched);
  REQUIRE(System::run_until(h, kCode, 4));
  System::step(h);
  CHECK(h.x[5] == 7);
}

TEST_CASE("debug: symbolizer names functions and assembly labels with offsets", "[debug]") {
  const ElfFile elf = ElfFile::load(std::string(UINTRSIM_GUEST_DIR) + "/dbg_gdb_demo.elf");
  const Symbolizer sym(elf);
  const uint64_t compute = *elf.symbol("compute"), start = *elf.symbol("_start"), park = *elf.symbol("park");
  CHECK(sym.symbol(compute) == "compute");
  CHECK(sym.symbol(compute + 6) == "compute+0x6");
  CHECK(sym.describe(compute + 6) == "0x" + [&] { char b[20]; std::snprintf(b, sizeof b, "%llx", (unsigned long long)(compute + 6)); return std::string(b); }() + " <compute+0x6>");
  CHECK(sym.symbol(start) == "_start");
  CHECK(sym.symbol(park + 4) == "park+0x4");  // a local assembly label (STT_NOTYPE)
  CHECK(sym.symbol(0x1000) == "");             // outside the program
  CHECK(sym.describe(0x1000) == "0x1000");
  const uint64_t data = *elf.symbol("progress");
  CHECK(sym.symbol(data) == "");               // data is not code
}
