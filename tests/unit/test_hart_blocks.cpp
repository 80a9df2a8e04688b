// The hart executes decoded basic blocks (sim/hart/block_cache.h). These tests check that
// block execution is invisible to the guest: a store to code is executed by the storing hart
// at once (even inside the running block, with or without fence.i), code rewritten on the
// path of a linked branch is decoded again, and a run of many instructions ends in exactly
// the state that single steps reach, with stops and interrupts at the same instruction, in
// both timing modes.
#include <catch2/catch.hpp>

#include <array>

#include "tests/unit/hart_fixture.h"

using namespace uintrsim;
using namespace uintrsim::test;

namespace {
constexpr uint64_t kCode = System::kCode;
constexpr uint64_t kData = System::kData;

HartParams params(bool inorder) {
  HartParams p;
  if (inorder) {
    TimingParams& t = p.timing;
    t.inorder = true;
    t.latency.fill(1);
    t.latency[size_t(InsnClass::kMul)] = 4;
    t.latency[size_t(InsnClass::kDiv)] = 20;
    t.load_use_penalty = 2;
    t.branch_mispredict_penalty = 3;
    t.jump_penalty = 2;
    t.jalr_penalty = 3;
    t.trap_penalty = 5;
    t.bht_entries = 512;
    t.tlb_miss_penalty = 4;
    t.icache = CacheParams{4096, 2, 64, 1, 7};
    t.dcache = CacheParams{4096, 2, 64, 1, 10};
  }
  return p;
}

struct State {
  std::array<uint64_t, 32> x;
  uint64_t pc, cycle, instret, mepc, mcause;
  bool operator==(const State& o) const {
    return x == o.x && pc == o.pc && cycle == o.cycle && instret == o.instret && mepc == o.mepc &&
           mcause == o.mcause;
  }
};
State state_of(Hart& h) {
  State s{};
  for (unsigned i = 0; i < 32; ++i) s.x[i] = h.x[i];
  s.pc = h.pc;
  s.cycle = h.cycle();
  s.instret = h.instret();
  s.mepc = System::peek(h, csr::mepc);
  s.mcause = System::peek(h, csr::mcause);
  return s;
}

// A loop of loads, stores, multiplies, divides, branches both ways and a call: blocks of
// several instructions, linked branches and a jalr return. x10 = data, x9 = iterations.
void load_mixed_loop(System& sys, Hart& h) {
  using namespace enc;
  h.x[10] = kData;
  h.x[9] = 60;
  for (unsigned i = 0; i < 16; ++i) sys.write64(kData + 8 * i, 3 * i + 1);
  sys.code(kCode, {
      addi(5, 0, 0),       // 0x00  i = 0
      andi(6, 5, 15),      // 0x04  loop: k = i & 15
      slli(6, 6, 3),       // 0x08
      add(6, 6, 10),       // 0x0c
      ld(7, 6, 0),         // 0x10  v = data[k]
      mul(8, 7, 5),        // 0x14  load-use on x7
      andi(11, 5, 3),      // 0x18
      bne(11, 0, 12),      // 0x1c  every fourth i: divide
      addi(12, 0, 7),      // 0x20
      div(8, 8, 12),       // 0x24
      sd(8, 6, 0),         // 0x28  data[k] = v * i (/ 7)
      jal(1, 0x20),        // 0x2c  call f (0x4c)
      addi(5, 5, 1),       // 0x30
      blt(5, 9, -0x30),    // 0x34  back to loop (0x04)
      self_loop(),         // 0x38
      nop(), nop(), nop(), nop(),
      add(13, 13, 8),      // 0x4c  f: acc += v
      xori(13, 13, 0x55),  // 0x50
      jalr(0, 1, 0),       // 0x54  ret
  });
}
}  // namespace

TEST_CASE("a store to the running block is executed by the storing hart without fence.i",
          "[hart][blocks]") {
  const bool inorder = GENERATE(false, true);
  CAPTURE(inorder);
  System sys(params(inorder));
  Hart& h = sys.hart();
  using namespace enc;
  // The store rewrites an instruction two places ahead in its own block.
  h.x[10] = kCode;
  h.x[11] = addi(5, 0, 2);
  sys.code(kCode, {sw(11, 10, 12), addi(6, 0, 7), addi(7, 0, 8), addi(5, 0, 1), self_loop()});
  h.run(h.cycle() + 200);
  CHECK(h.pc == kCode + 16);
  CHECK(h.x[5] == 2);
  CHECK(h.x[6] == 7);
  CHECK(h.x[7] == 8);
  CHECK(h.instret() > 4);
}

TEST_CASE("code executed before is executed as rewritten by a store or an AMO", "[hart][blocks]") {
  const bool inorder = GENERATE(false, true);
  const bool amo = GENERATE(false, true);
  CAPTURE(inorder, amo);
  System sys(params(inorder));
  Hart& h = sys.hart();
  using namespace enc;
  // loop: x5 += 1 (rewritten to x5 += 100 after the first pass), two passes.
  h.x[10] = kCode;
  h.x[11] = addi(5, 5, 100);
  h.x[9] = 2;
  sys.code(kCode, {addi(5, 5, 1), addi(8, 8, 1), amo ? amoswap_w(12, 11, 10) : sw(11, 10, 0),
                   bne(8, 9, -12), self_loop()});
  h.run(h.cycle() + 200);
  CHECK(h.pc == kCode + 16);
  CHECK(h.x[8] == 2);
  CHECK(h.x[5] == 101);  // 2 if the first pass's decoded block were run again
  if (amo) CHECK(h.x[12] == addi(5, 5, 100));  // the second swap reads what the first wrote
}

TEST_CASE("a branch's linked successor is decoded again after its code changes",
          "[hart][blocks]") {
  const bool inorder = GENERATE(false, true);
  const bool fence = GENERATE(false, true);
  CAPTURE(inorder, fence);
  System sys(params(inorder));
  Hart& h = sys.hart();
  using namespace enc;
  // A loop whose branch links back to the block at 0x100: the block's first instruction is
  // rewritten from another block (0x200) reached from the loop's last pass.
  const uint64_t patch = kCode + 0x200;
  h.x[10] = kCode + 0x100;
  h.x[11] = addi(5, 5, 10);
  h.x[9] = 5;
  sys.code(kCode, {jal(0, 0x100)});
  sys.code(kCode + 0x100, {addi(5, 5, 1),           // 0x100  rewritten to x5 += 10
                           addi(8, 8, 1),           // 0x104
                           bne(8, 9, -8),           // 0x108  linked to 0x100
                           bne(14, 0, 8),           // 0x10c  patched: done
                           jal(0, 0x200 - 0x110),   // 0x110  -> patch
                           self_loop()});           // 0x114
  sys.code(patch, {sw(11, 10, 0), fence ? fence_i() : nop(), addi(9, 9, 3), addi(14, 0, 1),
                   jal(0, -(int32_t)(0x210 - 0x100))});  // three more passes from 0x100
  h.run(h.cycle() + 500);
  CHECK(h.pc == kCode + 0x114);
  // Five passes of +1, then the loop re-entered: x8 = 6, 7, 8 with +10 each.
  CHECK(h.x[8] == 8);
  CHECK(h.x[5] == 5 + 30);
}

TEST_CASE("one long run ends in the state of single steps and of any chunking",
          "[hart][blocks]") {
  const bool inorder = GENERATE(false, true);
  const unsigned chunk = GENERATE(1u, 3u, 7u, 64u);
  CAPTURE(inorder, chunk);
  System whole(params(inorder)), chunked(params(inorder));
  load_mixed_loop(whole, whole.hart());
  load_mixed_loop(chunked, chunked.hart());
  Hart& w = whole.hart();
  Hart& c = chunked.hart();
  w.run(4000);
  while (c.cycle() < 4000) c.run(std::min<uint64_t>(4000, c.cycle() + chunk));
  REQUIRE(w.pc == kCode + 0x38);  // the loop finished within the limit
  CHECK(state_of(w) == state_of(c));
  CHECK(whole.read64(kData + 8 * 5) == chunked.read64(kData + 8 * 5));
  if (inorder) {
    CHECK(w.cycle() == c.cycle());
    CHECK(w.stats().load_use_stalls == c.stats().load_use_stalls);
    CHECK(w.stats().branch_mispredicts == c.stats().branch_mispredicts);
    CHECK(w.stats().load_use_stalls > 0);
    CHECK(w.stats().branch_mispredicts > 0);
  }
}

TEST_CASE("a scheduled interrupt is taken mid-block at the instruction single steps take it at",
          "[hart][blocks]") {
  const bool inorder = GENERATE(false, true);
  const uint64_t at = GENERATE(5u, 37u, 101u, 333u);
  CAPTURE(inorder, at);
  // Where the hart is at the first instruction boundary at or after cycle `at` without the
  // interrupt: the instruction it must be taken at.
  System plain(params(inorder));
  load_mixed_loop(plain, plain.hart());
  while (plain.hart().cycle() < at) System::step(plain.hart());
  const uint64_t expected_epc = plain.hart().pc;

  System blocks(params(inorder)), steps(params(inorder));
  for (System* s : {&blocks, &steps}) {
    Hart& h = s->hart();
    load_mixed_loop(*s, h);
    System::poke(h, csr::mie, bit(rv::kMTI));
    System::poke(h, csr::mstatus, ms::MIE);
    h.schedule_irq(rv::kMTI, at);
  }
  Hart& b = blocks.hart();
  Hart& s = steps.hart();
  b.run(2000);
  while (s.cycle() < 2000) System::step(s);
  CHECK(System::peek(b, csr::mcause) == (kIntr | rv::kMTI));
  CHECK(System::peek(b, csr::mepc) == expected_epc);
  CHECK(b.pc == System::kMtvec);
  CHECK(state_of(b) == state_of(s));
}
