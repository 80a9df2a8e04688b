// Instruction execution on the hart: RV64I/M arithmetic incl. the W forms' sign extension and
// the M extension's defined edge cases, loads and stores (misaligned, page-crossing, MMIO),
// control flow, compressed code, x0, fence.i, and the run loop's stop conditions.
#include <catch2/catch.hpp>

#include "tests/unit/hart_fixture.h"

using namespace uintrsim;
using namespace uintrsim::test;

namespace {
constexpr uint64_t kCode = System::kCode;
constexpr uint64_t kData = System::kData;

// Executes one instruction `insn` at kCode with x[rs1] = a, x[rs2] = b; returns x[rd].
// Register choice: rd = x5, rs1 = x6, rs2 = x7.
uint64_t exec1(System& sys, uint32_t insn, uint64_t a, uint64_t b = 0) {
  Hart& h = sys.hart();
  sys.code(kCode, {insn});
  h.pc = kCode;
  h.x[5] = 0xdeadbeefdeadbeefull;
  h.x[6] = a;
  h.x[7] = b;
  System::step(h);
  REQUIRE(h.pc == kCode + 4);  // no trap
  return h.x[5];
}
}  // namespace

TEST_CASE("RV64I arithmetic, logic, shifts and compares", "[hart]") {
  System sys;
  using namespace enc;
  CHECK(exec1(sys, add(5, 6, 7), 0xffffffffffffffffull, 2) == 1);
  CHECK(exec1(sys, sub(5, 6, 7), 0, 1) == ~0ull);
  CHECK(exec1(sys, addi(5, 6, -2048), 0x1000, 0) == 0x800);
  CHECK(exec1(sys, xori(5, 6, -1), 0x00ff00ff00ff00ffull) == 0xff00ff00ff00ff00ull);
  CHECK(exec1(sys, ori(5, 6, 0x0f0), 0x1) == 0xf1);
  CHECK(exec1(sys, andi(5, 6, -16), 0x1234567f) == 0x12345670);
  CHECK(exec1(sys, and_(5, 6, 7), 0xff00, 0x0ff0) == 0x0f00);
  CHECK(exec1(sys, or_(5, 6, 7), 0xff00, 0x0ff0) == 0xfff0);
  CHECK(exec1(sys, xor_(5, 6, 7), 0xff00, 0x0ff0) == 0xf0f0);
  CHECK(exec1(sys, slli(5, 6, 63), 1) == 0x8000000000000000ull);
  CHECK(exec1(sys, srli(5, 6, 63), 0x8000000000000000ull) == 1);
  CHECK(exec1(sys, srai(5, 6, 63), 0x8000000000000000ull) == ~0ull);
  CHECK(exec1(sys, srai(5, 6, 4), 0x8000000000000000ull) == 0xf800000000000000ull);
  CHECK(exec1(sys, sll(5, 6, 7), 1, 64 + 3) == 8);  // only the low 6 bits of rs2 count
  CHECK(exec1(sys, srl(5, 6, 7), 0x80, 64 + 3) == 0x10);
  CHECK(exec1(sys, sra(5, 6, 7), 0xfffffffffffffff0ull, 2) == 0xfffffffffffffffcull);
  CHECK(exec1(sys, slt(5, 6, 7), ~0ull, 0) == 1);   // -1 < 0 signed
  CHECK(exec1(sys, sltu(5, 6, 7), ~0ull, 0) == 0);  // max > 0 unsigned
  CHECK(exec1(sys, slti(5, 6, -1), 0x8000000000000000ull) == 1);
  CHECK(exec1(sys, sltiu(5, 6, -1), 5) == 1);  // imm sign-extends to 2^64-1, then compares unsigned
  CHECK(exec1(sys, lui(5, 0x80000), 0) == 0xffffffff80000000ull);
  CHECK(exec1(sys, lui(5, 0x7ffff), 0) == 0x7ffff000ull);
  CHECK(exec1(sys, auipc(5, 0xfffff), 0) == kCode - 0x1000);
}

TEST_CASE("RV64 W-forms operate on 32 bits and sign-extend the result", "[hart]") {
  System sys;
  using namespace enc;
  CHECK(exec1(sys, addiw(5, 6, 1), 0x7fffffff) == 0xffffffff80000000ull);
  CHECK(exec1(sys, addiw(5, 6, 0), 0x12345678ffffffffull) == ~0ull);  // sext.w
  CHECK(exec1(sys, addw(5, 6, 7), 0xffffffff, 1) == 0);
  CHECK(exec1(sys, addw(5, 6, 7), 0x40000000, 0x40000000) == 0xffffffff80000000ull);
  CHECK(exec1(sys, subw(5, 6, 7), 0, 1) == ~0ull);
  CHECK(exec1(sys, subw(5, 6, 7), 0x100000000ull, 0) == 0);
  CHECK(exec1(sys, sllw(5, 6, 7), 1, 31) == 0xffffffff80000000ull);
  CHECK(exec1(sys, sllw(5, 6, 7), 1, 32) == 1);  // shift amount is rs2[4:0]
  CHECK(exec1(sys, srlw(5, 6, 7), 0xffffffff80000000ull, 31) == 1);
  CHECK(exec1(sys, srlw(5, 6, 7), 0x80000000, 0) == 0xffffffff80000000ull);
  CHECK(exec1(sys, sraw(5, 6, 7), 0x80000000, 4) == 0xfffffffff8000000ull);
  CHECK(exec1(sys, slliw(5, 6, 31), 3) == 0xffffffff80000000ull);
  CHECK(exec1(sys, srliw(5, 6, 4), 0xabcdef0080000000ull) == 0x08000000);
  CHECK(exec1(sys, sraiw(5, 6, 31), 0x80000000) == ~0ull);
  CHECK(exec1(sys, sraiw(5, 6, 0), 0x1234567880000000ull) == 0xffffffff80000000ull);
}

TEST_CASE("M extension results including division edge cases", "[hart]") {
  System sys;
  using namespace enc;
  const uint64_t kMin = 0x8000000000000000ull, kM1 = ~0ull;
  CHECK(exec1(sys, mul(5, 6, 7), 0x100000001ull, 0x100000001ull) == 0x200000001ull);
  CHECK(exec1(sys, mulh(5, 6, 7), kM1, kM1) == 0);                   // (-1)(-1) = 1
  CHECK(exec1(sys, mulh(5, 6, 7), kMin, 2) == kM1);                  // -2^64 >> 64
  CHECK(exec1(sys, mulhu(5, 6, 7), kM1, kM1) == 0xfffffffffffffffeull);
  CHECK(exec1(sys, mulhsu(5, 6, 7), kM1, kM1) == kM1);               // -1 * (2^64-1)
  CHECK(exec1(sys, mulhsu(5, 6, 7), 2, kM1) == 1);
  CHECK(exec1(sys, mulw(5, 6, 7), 0x10000, 0x8000) == 0xffffffff80000000ull);
  // Division by zero: quotient all ones, remainder the dividend (no trap).
  CHECK(exec1(sys, div(5, 6, 7), 1234, 0) == kM1);
  CHECK(exec1(sys, divu(5, 6, 7), 1234, 0) == kM1);
  CHECK(exec1(sys, rem(5, 6, 7), uint64_t(-1234), 0) == uint64_t(-1234));
  CHECK(exec1(sys, remu(5, 6, 7), 1234, 0) == 1234);
  CHECK(exec1(sys, divw(5, 6, 7), 1234, 0) == kM1);
  CHECK(exec1(sys, divuw(5, 6, 7), 1234, 0) == kM1);
  CHECK(exec1(sys, remw(5, 6, 7), 0x80000000ull, 0) == 0xffffffff80000000ull);
  CHECK(exec1(sys, remuw(5, 6, 7), 0x80000000ull, 0) == 0xffffffff80000000ull);
  // Signed overflow: quotient the dividend, remainder 0.
  CHECK(exec1(sys, div(5, 6, 7), kMin, kM1) == kMin);
  CHECK(exec1(sys, rem(5, 6, 7), kMin, kM1) == 0);
  CHECK(exec1(sys, divw(5, 6, 7), 0x80000000ull, kM1) == 0xffffffff80000000ull);
  CHECK(exec1(sys, remw(5, 6, 7), 0x80000000ull, kM1) == 0);
  // Ordinary cases: truncation toward zero.
  CHECK(exec1(sys, div(5, 6, 7), uint64_t(-7), 2) == uint64_t(-3));
  CHECK(exec1(sys, rem(5, 6, 7), uint64_t(-7), 2) == uint64_t(-1));
  CHECK(exec1(sys, divu(5, 6, 7), kM1, 2) == 0x7fffffffffffffffull);
  CHECK(exec1(sys, divuw(5, 6, 7), 0xfffffffeull, 1) == 0xfffffffffffffffeull);
  CHECK(exec1(sys, remuw(5, 6, 7), 0xffffffffull, 0x10) == 0xf);
}

TEST_CASE("x0 stays zero whatever is written to it", "[hart]") {
  System sys;
  Hart& h = sys.hart();
  sys.write64(kData, 0x1122334455667788ull);
  h.x[10] = kData;
  sys.code(kCode, {enc::addi(0, 0, 5), enc::ld(0, 10, 0), enc::lui(0, 0x12345),
                   enc::jal(0, 4), enc::csrrs(0, csr::mhartid, 0), enc::add(5, 0, 0)});
  h.x[5] = 99;
  for (int i = 0; i < 6; ++i) {
    System::step(h);
    CHECK(h.x[0] == 0);
  }
  CHECK(h.x[5] == 0);
  CHECK(h.pc == kCode + 24);
}

TEST_CASE("loads sign- or zero-extend, stores write only their bytes", "[hart]") {
  System sys;
  Hart& h = sys.hart();
  using namespace enc;
  sys.write64(kData, 0x8899aabbccddeeffull);
  sys.write64(kData + 8, 0);
  h.x[10] = kData;
  h.x[11] = 0x0102030405060708ull;
  sys.code(kCode, {lb(5, 10, 0), lbu(6, 10, 0), lh(7, 10, 0), lhu(8, 10, 0), lw(9, 10, 4),
                   lwu(12, 10, 4), ld(13, 10, 0), sb(11, 10, 8), sh(11, 10, 10), sw(11, 10, 12)});
  System::step(h, 10);
  CHECK(h.x[5] == 0xffffffffffffffffull);
  CHECK(h.x[6] == 0xff);
  CHECK(h.x[7] == 0xffffffffffffeeffull);
  CHECK(h.x[8] == 0xeeff);
  CHECK(h.x[9] == 0xffffffff8899aabbull);
  CHECK(h.x[12] == 0x8899aabbull);
  CHECK(h.x[13] == 0x8899aabbccddeeffull);
  CHECK(sys.read64(kData + 8) == 0x0506070807080008ull);
}

TEST_CASE("misaligned loads and stores within a page are performed by hardware", "[hart]") {
  System sys;
  Hart& h = sys.hart();
  using namespace enc;
  for (unsigned i = 0; i < 32; ++i) sys.write<uint8_t>(kData + i, uint8_t(0x10 + i));
  h.x[10] = kData;
  h.x[11] = 0xa1a2a3a4a5a6a7a8ull;
  sys.code(kCode, {ld(5, 10, 3), lw(6, 10, 1), lh(7, 10, 5), lhu(8, 10, 7), sd(11, 10, 17),
                   sw(11, 10, 26)});
  System::step(h, 6);
  CHECK(h.pc == kCode + 24);  // no trap
  CHECK(h.x[5] == 0x1a19181716151413ull);
  CHECK(h.x[6] == 0x14131211ull);
  CHECK(h.x[7] == 0x1615);
  CHECK(h.x[8] == 0x1817);
  CHECK(sys.read64(kData + 17) == 0xa1a2a3a4a5a6a7a8ull);
  CHECK(sys.read<uint8_t>(kData + 16) == 0x20);  // neighbours untouched
  CHECK(sys.read<uint8_t>(kData + 25) == 0x29);
  CHECK(sys.read32(kData + 26) == 0xa5a6a7a8u);
  CHECK(sys.read<uint8_t>(kData + 30) == 0x2e);
}

TEST_CASE("misaligned loads and stores across a page boundary", "[hart]") {
  System sys;
  Hart& h = sys.hart();
  using namespace enc;
  const uint64_t page = kData + 0x1000;
  for (unsigned i = 0; i < 16; ++i) sys.write<uint8_t>(page - 8 + i, uint8_t(0x40 + i));
  h.x[10] = page;
  h.x[11] = 0x0123456789abcdefull;
  sys.code(kCode, {ld(5, 10, -3), lw(6, 10, -1), lhu(7, 10, -1), sd(11, 10, -5), lwu(8, 10, -2)});
  System::step(h, 5);
  CHECK(h.pc == kCode + 20);  // no trap
  CHECK(h.x[5] == 0x4c4b4a4948474645ull);
  CHECK(h.x[6] == 0x4a494847ull);
  CHECK(h.x[7] == 0x4847);
  CHECK(sys.read64(page - 5) == 0x0123456789abcdefull);
  CHECK(sys.read<uint8_t>(page - 6) == 0x42);
  CHECK(sys.read<uint8_t>(page + 3) == 0x4b);
  CHECK(h.x[8] == 0x23456789ull);  // reads back the bytes just stored
}

TEST_CASE("branches, jal and jalr", "[hart]") {
  System sys;
  Hart& h = sys.hart();
  using namespace enc;
  h.x[6] = ~0ull;  // -1
  h.x[7] = 1;
  struct Case {
    uint32_t insn;
    bool taken;
  } cases[] = {
      {beq(6, 6, 16), true},   {beq(6, 7, 16), false}, {bne(6, 7, 16), true},
      {bne(7, 7, 16), false},  {blt(6, 7, 16), true},  {blt(7, 6, 16), false},
      {bge(7, 6, 16), true},   {bge(6, 7, 16), false}, {bge(7, 7, 16), true},
      {bltu(7, 6, 16), true},  {bltu(6, 7, 16), false}, {bgeu(6, 7, 16), true},
      {bgeu(7, 6, 16), false},
  };
  for (const auto& c : cases) {
    INFO("insn 0x" << std::hex << c.insn);
    sys.code(kCode, {c.insn});
    h.pc = kCode;
    System::step(h);
    CHECK(h.pc == (c.taken ? kCode + 16 : kCode + 4));
  }
  // Backward branch.
  sys.code(kCode + 0x100, {beq(0, 0, -0x100)});
  h.pc = kCode + 0x100;
  System::step(h);
  CHECK(h.pc == kCode);
  // jal links pc + 4; jalr clears bit 0 of the target and links before reading rs1 (rd = rs1).
  sys.code(kCode, {jal(1, 0x40)});
  h.pc = kCode;
  System::step(h);
  CHECK(h.pc == kCode + 0x40);
  CHECK(h.x[1] == kCode + 4);
  h.x[5] = kCode + 0x201;
  sys.code(kCode + 0x40, {jalr(5, 5, 0x10)});
  System::step(h);
  CHECK(h.pc == kCode + 0x210);
  CHECK(h.x[5] == kCode + 0x44);
}

TEST_CASE("compressed instructions execute with 2-byte pc steps", "[hart]") {
  System sys;
  Hart& h = sys.hart();
  // +0 c.li a0, -7   +2 c.addi a0, 1   +4 c.mv a1, a0   +6 c.add a1, a0
  // +8 addi a2, x0, 3 (32-bit)   +12 c.slli a2, 3   +14 c.j +4   +16 c.li a0, 0 (skipped)
  // +18 c.beqz a0, +8 (not taken)   (encodings from GNU as)
  sys.code16(kCode, {0x5565, 0x0505, 0x85aa, 0x95aa});
  sys.code(kCode + 8, {enc::addi(12, 0, 3)});
  sys.code16(kCode + 12, {0x060e, 0xa011, 0x4501, 0xc501});
  System::step(h, 4);
  CHECK(h.x[10] == uint64_t(-6));
  CHECK(h.x[11] == uint64_t(-12));
  CHECK(h.pc == kCode + 8);
  System::step(h, 3);  // addi, c.slli, c.j
  CHECK(h.x[12] == 24);
  CHECK(h.pc == kCode + 18);
  System::step(h);  // c.beqz a0 (a0 = -6): not taken
  CHECK(h.pc == kCode + 20);
  CHECK(h.x[10] == uint64_t(-6));
  // c.jalr links pc + 2.
  sys.code16(kCode + 0x40, {0x9382});  // c.jalr t2
  h.x[7] = kCode + 0x80;
  h.pc = kCode + 0x40;
  System::step(h);
  CHECK(h.pc == kCode + 0x80);
  CHECK(h.x[1] == kCode + 0x42);
}

TEST_CASE("a 32-bit instruction straddling a page boundary executes", "[hart]") {
  System sys;
  Hart& h = sys.hart();
  const uint32_t insn = enc::addi(5, 0, 123);
  const uint64_t at = kCode + 0x3ffe;
  sys.code16(at - 2, {0x0001 /* c.nop */, uint16_t(insn), uint16_t(insn >> 16)});
  sys.code(at + 4, {enc::addi(6, 5, 1)});
  h.pc = at - 2;
  System::step(h, 3);
  CHECK(h.x[5] == 123);
  CHECK(h.x[6] == 124);
  CHECK(h.pc == at + 8);
}

TEST_CASE("illegal instructions and ebreak trap with the right mtval", "[hart][trap]") {
  System sys;
  Hart& h = sys.hart();
  sys.code(kCode, {0x00007053u});  // an F-extension instruction
  System::step(h);
  CHECK(h.pc == System::kMtvec);
  CHECK(System::peek(h, csr::mcause) == rv::kIllegalInsn);
  CHECK(System::peek(h, csr::mepc) == kCode);
  CHECK(System::peek(h, csr::mtval) == 0x00007053u);
  CHECK(h.instret() == 0);  // a trapping instruction does not retire

  sys.code16(kCode + 0x10, {0x0000});  // the all-zero (illegal) compressed parcel
  h.pc = kCode + 0x10;
  System::step(h);
  CHECK(System::peek(h, csr::mcause) == rv::kIllegalInsn);
  CHECK(System::peek(h, csr::mepc) == kCode + 0x10);
  CHECK(System::peek(h, csr::mtval) == 0);

  sys.code(kCode + 0x20, {enc::ebreak()});
  h.pc = kCode + 0x20;
  System::step(h);
  CHECK(System::peek(h, csr::mcause) == rv::kBreakpoint);
  CHECK(System::peek(h, csr::mepc) == kCode + 0x20);
  CHECK(h.last_trap().cause == rv::kBreakpoint);
  CHECK(h.stats().exceptions[rv::kBreakpoint] == 1);
  CHECK(h.stats().exceptions[rv::kIllegalInsn] == 2);
}

TEST_CASE("MMIO goes to the bus, unmapped physical addresses raise access faults", "[hart]") {
  System sys;
  Hart& h = sys.hart();
  using namespace enc;
  h.x[10] = FakeBus::kMmioBase;
  h.x[11] = 0xcafef00d;
  h.x[12] = 0x20000000;  // nothing there
  sys.code(kCode, {sw(11, 10, 0x10), lhu(5, 10, 0x12), ld(6, 12, 8)});
  System::step(h, 2);
  REQUIRE(sys.bus.log.size() == 2);
  CHECK(sys.bus.log[0].write);
  CHECK(sys.bus.log[0].pa == FakeBus::kMmioBase + 0x10);
  CHECK(sys.bus.log[0].len == 4);
  CHECK(sys.bus.log[0].data == 0xcafef00d);
  CHECK(!sys.bus.log[1].write);
  CHECK(sys.bus.log[1].len == 2);
  CHECK(h.x[5] == 0xcafe);
  CHECK(h.stats().mmio_accesses == 2);
  System::step(h);
  CHECK(h.pc == System::kMtvec);
  CHECK(System::peek(h, csr::mcause) == rv::kLoadAccessFault);
  CHECK(System::peek(h, csr::mtval) == 0x20000008);
  CHECK(System::peek(h, csr::mepc) == kCode + 8);

  // A store to nowhere: store access fault; fetch from nowhere: instruction access fault.
  sys.code(kCode + 0x100, {sd(11, 12, 0)});
  h.pc = kCode + 0x100;
  System::step(h);
  CHECK(System::peek(h, csr::mcause) == rv::kStoreAccessFault);
  CHECK(System::peek(h, csr::mtval) == 0x20000000);
  h.pc = 0x20000000;
  System::step(h);
  CHECK(System::peek(h, csr::mcause) == rv::kInsnAccessFault);
  CHECK(System::peek(h, csr::mtval) == 0x20000000);
  CHECK(h.pc == System::kMtvec);
}

TEST_CASE("fence.i makes stores to code visible to instruction fetch", "[hart]") {
  System sys;
  Hart& h = sys.hart();
  using namespace enc;
  // target: addi x5, x0, 1 ; jal x0, back
  // main:   (run target) sw new-insn -> target ; fence.i ; jal x0, target
  const uint64_t target = kCode + 0x100;
  sys.code(target, {addi(5, 0, 1), jalr(0, 1, 0)});
  h.x[10] = target;
  h.x[11] = addi(5, 0, 2);
  sys.code(kCode, {jal(1, 0x100), sw(11, 10, 0), fence_i(), jal(1, 0x100 - 12)});
  System::step(h, 3);  // jal, addi x5 = 1, jalr back
  CHECK(h.x[5] == 1);
  CHECK(h.pc == kCode + 4);
  System::step(h, 5);  // sw, fence.i, jal, (new) addi, jalr
  CHECK(h.x[5] == 2);
  CHECK(h.pc == kCode + 16);
}

TEST_CASE("functional mode: one cycle per instruction, run stops at the cycle limit", "[hart]") {
  System sys;
  Hart& h = sys.hart();
  // A loop of 3 instructions: addi x5, addi x6, jal back to the first.
  sys.code(kCode, {enc::addi(5, 5, 1), enc::addi(6, 6, 2), enc::jal(0, -8)});
  CHECK(h.run(1000) == Hart::StopReason::kLimit);
  CHECK(h.cycle() == 1000);
  CHECK(h.instret() == 1000);
  CHECK(h.x[5] == 334);  // instructions 0, 3, ..., 999
  CHECK(h.x[6] == 666);  // instructions 1, 4, ..., 997
  CHECK(h.pc == kCode + 4);
}

TEST_CASE("request_stop makes run return kStopRequested", "[hart]") {
  System sys;
  Hart& h = sys.hart();
  sys.code(kCode, {enc::self_loop()});
  CHECK(h.run(10) == Hart::StopReason::kLimit);
  h.request_stop();
  CHECK(h.run(100) == Hart::StopReason::kStopRequested);
  CHECK(h.cycle() == 10);
}
