// RV64I base integer instructions (unprivileged spec chapters 2 and 5) and Zifencei.
#include "sim/isa/insn_helpers.h"

namespace uintrsim {
namespace isa {
namespace {

INSN(lui) { WRD(IMM); return NEXT; }
INSN(auipc) { WRD(pc + IMM); return NEXT; }
INSN(jal) { WRD(pc + d.len); return pc + IMM; }
INSN(jalr) { const uint64_t t = (RS1 + IMM) & ~1ull; WRD(pc + d.len); return t; }

INSN(beq) { return RS1 == RS2 ? pc + IMM : NEXT; }
INSN(bne) { return RS1 != RS2 ? pc + IMM : NEXT; }
INSN(blt) { return SRS1 < SRS2 ? pc + IMM : NEXT; }
INSN(bge) { return SRS1 >= SRS2 ? pc + IMM : NEXT; }
INSN(bltu) { return RS1 < RS2 ? pc + IMM : NEXT; }
INSN(bgeu) { return RS1 >= RS2 ? pc + IMM : NEXT; }

INSN(lb) { LOAD(uint8_t, v, RS1 + IMM); WRD(int64_t(int8_t(v))); return NEXT; }
INSN(lh) { LOAD(uint16_t, v, RS1 + IMM); WRD(int64_t(int16_t(v))); return NEXT; }
INSN(lw) { LOAD(uint32_t, v, RS1 + IMM); WRD(int64_t(int32_t(v))); return NEXT; }
INSN(ld) { LOAD(uint64_t, v, RS1 + IMM); WRD(v); return NEXT; }
INSN(lbu) { LOAD(uint8_t, v, RS1 + IMM); WRD(v); return NEXT; }
INSN(lhu) { LOAD(uint16_t, v, RS1 + IMM); WRD(v); return NEXT; }
INSN(lwu) { LOAD(uint32_t, v, RS1 + IMM); WRD(v); return NEXT; }
INSN(sb) { FAILED(h.store<uint8_t>(RS1 + IMM, uint8_t(RS2))); return NEXT; }
INSN(sh) { FAILED(h.store<uint16_t>(RS1 + IMM, uint16_t(RS2))); return NEXT; }
INSN(sw) { FAILED(h.store<uint32_t>(RS1 + IMM, uint32_t(RS2))); return NEXT; }
INSN(sd) { FAILED(h.store<uint64_t>(RS1 + IMM, RS2)); return NEXT; }

INSN(addi) { WRD(RS1 + IMM); return NEXT; }
INSN(slti) { WRD(SRS1 < IMM); return NEXT; }
INSN(sltiu) { WRD(RS1 < uint64_t(IMM)); return NEXT; }
INSN(xori) { WRD(RS1 ^ IMM); return NEXT; }
INSN(ori) { WRD(RS1 | IMM); return NEXT; }
INSN(andi) { WRD(RS1 & IMM); return NEXT; }
INSN(slli) { WRD(RS1 << IMM); return NEXT; }
INSN(srli) { WRD(RS1 >> IMM); return NEXT; }
INSN(srai) { WRD(SRS1 >> (IMM & 63)); return NEXT; }
INSN(add) { WRD(RS1 + RS2); return NEXT; }
INSN(sub) { WRD(RS1 - RS2); return NEXT; }
INSN(sll) { WRD(RS1 << (RS2 & 63)); return NEXT; }
INSN(slt) { WRD(SRS1 < SRS2); return NEXT; }
INSN(sltu) { WRD(RS1 < RS2); return NEXT; }
INSN(xor) { WRD(RS1 ^ RS2); return NEXT; }
INSN(srl) { WRD(RS1 >> (RS2 & 63)); return NEXT; }
INSN(sra) { WRD(SRS1 >> (RS2 & 63)); return NEXT; }
INSN(or) { WRD(RS1 | RS2); return NEXT; }
INSN(and) { WRD(RS1 & RS2); return NEXT; }

INSN(addiw) { WRD(sext32(RS1 + IMM)); return NEXT; }
INSN(slliw) { WRD(sext32(uint32_t(RS1) << (IMM & 31))); return NEXT; }
INSN(srliw) { WRD(sext32(uint32_t(RS1) >> (IMM & 31))); return NEXT; }
INSN(sraiw) { WRD(int64_t(int32_t(RS1) >> (IMM & 31))); return NEXT; }
INSN(addw) { WRD(sext32(RS1 + RS2)); return NEXT; }
INSN(subw) { WRD(sext32(RS1 - RS2)); return NEXT; }
INSN(sllw) { WRD(sext32(uint32_t(RS1) << (RS2 & 31))); return NEXT; }
INSN(srlw) { WRD(sext32(uint32_t(RS1) >> (RS2 & 31))); return NEXT; }
INSN(sraw) { WRD(int64_t(int32_t(RS1) >> (RS2 & 31))); return NEXT; }

// Memory is sequentially consistent in this simulator, so fences only order the model.
INSN(fence) { return NEXT; }
INSN(fence_i) { h.do_fence_i(); return NEXT; }

}  // namespace
}  // namespace isa

const std::vector<InsnSpec>& rv64i_insns() {
  using namespace isa;
  static const std::vector<InsnSpec> t = {
      SPEC(lui, 0x37, kMaskOp, kAlu, kU),
      SPEC(auipc, 0x17, kMaskOp, kAlu, kU),
      SPEC(jal, 0x6f, kMaskOp, kJal, kJ),
      SPEC(jalr, match_i(0x67, 0), kMaskF3, kJalr, kI),
      SPEC(beq, match_i(0x63, 0), kMaskF3, kBranch, kB),
      SPEC(bne, match_i(0x63, 1), kMaskF3, kBranch, kB),
      SPEC(blt, match_i(0x63, 4), kMaskF3, kBranch, kB),
      SPEC(bge, match_i(0x63, 5), kMaskF3, kBranch, kB),
      SPEC(bltu, match_i(0x63, 6), kMaskF3, kBranch, kB),
      SPEC(bgeu, match_i(0x63, 7), kMaskF3, kBranch, kB),
      SPEC(lb, match_i(0x03, 0), kMaskF3, kLoad, kI),
      SPEC(lh, match_i(0x03, 1), kMaskF3, kLoad, kI),
      SPEC(lw, match_i(0x03, 2), kMaskF3, kLoad, kI),
      SPEC(ld, match_i(0x03, 3), kMaskF3, kLoad, kI),
      SPEC(lbu, match_i(0x03, 4), kMaskF3, kLoad, kI),
      SPEC(lhu, match_i(0x03, 5), kMaskF3, kLoad, kI),
      SPEC(lwu, match_i(0x03, 6), kMaskF3, kLoad, kI),
      SPEC(sb, match_i(0x23, 0), kMaskF3, kStore, kS),
      SPEC(sh, match_i(0x23, 1), kMaskF3, kStore, kS),
      SPEC(sw, match_i(0x23, 2), kMaskF3, kStore, kS),
      SPEC(sd, match_i(0x23, 3), kMaskF3, kStore, kS),
      SPEC(addi, match_i(0x13, 0), kMaskF3, kAlu, kI),
      SPEC(slti, match_i(0x13, 2), kMaskF3, kAlu, kI),
      SPEC(sltiu, match_i(0x13, 3), kMaskF3, kAlu, kI),
      SPEC(xori, match_i(0x13, 4), kMaskF3, kAlu, kI),
      SPEC(ori, match_i(0x13, 6), kMaskF3, kAlu, kI),
      SPEC(andi, match_i(0x13, 7), kMaskF3, kAlu, kI),
      SPEC(slli, match_r(0x13, 1, 0), kMaskShift64, kAlu, kShift),
      SPEC(srli, match_r(0x13, 5, 0), kMaskShift64, kAlu, kShift),
      SPEC(srai, match_r(0x13, 5, 0x20), kMaskShift64, kAlu, kShift),
      SPEC(add, match_r(0x33, 0, 0), kMaskR, kAlu, kR),
      SPEC(sub, match_r(0x33, 0, 0x20), kMaskR, kAlu, kR),
      SPEC(sll, match_r(0x33, 1, 0), kMaskR, kAlu, kR),
      SPEC(slt, match_r(0x33, 2, 0), kMaskR, kAlu, kR),
      SPEC(sltu, match_r(0x33, 3, 0), kMaskR, kAlu, kR),
      SPEC(xor, match_r(0x33, 4, 0), kMaskR, kAlu, kR),
      SPEC(srl, match_r(0x33, 5, 0), kMaskR, kAlu, kR),
      SPEC(sra, match_r(0x33, 5, 0x20), kMaskR, kAlu, kR),
      SPEC(or, match_r(0x33, 6, 0), kMaskR, kAlu, kR),
      SPEC(and, match_r(0x33, 7, 0), kMaskR, kAlu, kR),
      SPEC(addiw, match_i(0x1b, 0), kMaskF3, kAlu, kI),
      SPEC(slliw, match_r(0x1b, 1, 0), kMaskR, kAlu, kShift),
      SPEC(srliw, match_r(0x1b, 5, 0), kMaskR, kAlu, kShift),
      SPEC(sraiw, match_r(0x1b, 5, 0x20), kMaskR, kAlu, kShift),
      SPEC(addw, match_r(0x3b, 0, 0), kMaskR, kAlu, kR),
      SPEC(subw, match_r(0x3b, 0, 0x20), kMaskR, kAlu, kR),
      SPEC(sllw, match_r(0x3b, 1, 0), kMaskR, kAlu, kR),
      SPEC(srlw, match_r(0x3b, 5, 0), kMaskR, kAlu, kR),
      SPEC(sraw, match_r(0x3b, 5, 0x20), kMaskR, kAlu, kR),
      SPEC(fence, match_i(0x0f, 0), kMaskF3, kFence, kNone),
      SPEC(fence_i, match_i(0x0f, 1), kMaskF3, kFence, kNone),
  };
  return t;
}

}  // namespace uintrsim
