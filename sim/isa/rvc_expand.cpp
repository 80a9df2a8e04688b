// Expansion of RV64C compressed instructions to their 32-bit equivalents (unprivileged spec,
// chapter "C" Standard Extension, table 16.5-16.7). Decoding then has one path, and each
// instruction's semantics live in one place.
#include "sim/isa/decoder.h"

namespace uintrsim {

namespace {
constexpr uint32_t kOpImm = 0x13, kOpImm32 = 0x1b, kLoad = 0x03, kStore = 0x23, kLui = 0x37,
                   kOp = 0x33, kOp32 = 0x3b, kJal = 0x6f, kJalr = 0x67, kBranch = 0x63;

uint32_t bits(uint32_t v, unsigned hi, unsigned lo) { return (v >> lo) & ((1u << (hi - lo + 1)) - 1); }
int32_t sext(uint32_t v, unsigned width) { return int32_t(v << (32 - width)) >> (32 - width); }

uint32_t enc_r(uint32_t f7, uint32_t rs2, uint32_t rs1, uint32_t f3, uint32_t rd, uint32_t op) {
  return (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
}
uint32_t enc_i(int32_t imm, uint32_t rs1, uint32_t f3, uint32_t rd, uint32_t op) {
  return (uint32_t(imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
}
uint32_t enc_s(int32_t imm, uint32_t rs2, uint32_t rs1, uint32_t f3, uint32_t op) {
  const uint32_t u = uint32_t(imm) & 0xfff;
  return ((u >> 5) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((u & 31) << 7) | op;
}
uint32_t enc_b(int32_t imm, uint32_t rs2, uint32_t rs1, uint32_t f3) {
  const uint32_t u = uint32_t(imm);
  return (bits(u, 12, 12) << 31) | (bits(u, 10, 5) << 25) | (rs2 << 20) | (rs1 << 15) |
         (f3 << 12) | (bits(u, 4, 1) << 8) | (bits(u, 11, 11) << 7) | kBranch;
}
uint32_t enc_j(int32_t imm, uint32_t rd) {
  const uint32_t u = uint32_t(imm);
  return (bits(u, 20, 20) << 31) | (bits(u, 10, 1) << 21) | (bits(u, 11, 11) << 20) |
         (bits(u, 19, 12) << 12) | (rd << 7) | kJal;
}
}  // namespace

uint32_t expand_compressed(uint16_t c16) {
  const uint32_t c = c16;
  const uint32_t op = c & 3, f3 = bits(c, 15, 13);
  const uint32_t rd = bits(c, 11, 7), rs2 = bits(c, 6, 2);
  const uint32_t rdp = bits(c, 4, 2) + 8, rs1p = bits(c, 9, 7) + 8;  // x8..x15
  const int32_t imm6 = sext((bits(c, 12, 12) << 5) | bits(c, 6, 2), 6);
  const uint32_t uimm_w = (bits(c, 12, 10) << 3) | (bits(c, 6, 6) << 2) | (bits(c, 5, 5) << 6);
  const uint32_t uimm_d = (bits(c, 12, 10) << 3) | (bits(c, 6, 5) << 6);
  switch (op) {
    case 0:
      switch (f3) {
        case 0: {  // c.addi4spn
          const uint32_t nz = (bits(c, 12, 11) << 4) | (bits(c, 10, 7) << 6) |
                              (bits(c, 6, 6) << 2) | (bits(c, 5, 5) << 3);
          return nz ? enc_i(int32_t(nz), 2, 0, rdp, kOpImm) : 0;
        }
        case 2: return enc_i(int32_t(uimm_w), rs1p, 2, rdp, kLoad);   // c.lw
        case 3: return enc_i(int32_t(uimm_d), rs1p, 3, rdp, kLoad);   // c.ld
        case 6: return enc_s(int32_t(uimm_w), rdp, rs1p, 2, kStore);  // c.sw
        case 7: return enc_s(int32_t(uimm_d), rdp, rs1p, 3, kStore);  // c.sd
        default: return 0;  // c.fld/c.fsd (no D extension) and the reserved encoding
      }
    case 1:
      switch (f3) {
        case 0: return enc_i(imm6, rd, 0, rd, kOpImm);                 // c.addi (c.nop)
        case 1: return rd ? enc_i(imm6, rd, 0, rd, kOpImm32) : 0;      // c.addiw
        case 2: return enc_i(imm6, 0, 0, rd, kOpImm);                  // c.li
        case 3:
          if (rd == 2) {  // c.addi16sp
            const int32_t nz = sext((bits(c, 12, 12) << 9) | (bits(c, 6, 6) << 4) |
                                        (bits(c, 5, 5) << 6) | (bits(c, 4, 3) << 7) |
                                        (bits(c, 2, 2) << 5), 10);
            return nz ? enc_i(nz, 2, 0, 2, kOpImm) : 0;
          } else {  // c.lui
            const int32_t nz = sext((bits(c, 12, 12) << 17) | (bits(c, 6, 2) << 12), 18);
            return nz ? ((uint32_t(nz) & 0xfffff000u) | (rd << 7) | kLui) : 0;
          }
        case 4: {
          const uint32_t shamt = (bits(c, 12, 12) << 5) | bits(c, 6, 2);
          switch (bits(c, 11, 10)) {
            case 0: return enc_i(int32_t(shamt), rs1p, 5, rs1p, kOpImm);          // c.srli
            case 1: return enc_i(int32_t(shamt | 0x400), rs1p, 5, rs1p, kOpImm);  // c.srai
            case 2: return enc_i(imm6, rs1p, 7, rs1p, kOpImm);                     // c.andi
            default: {
              const uint32_t f2 = bits(c, 6, 5);
              if (!bits(c, 12, 12)) {
                static constexpr uint32_t f3s[] = {0, 4, 6, 7};  // sub xor or and
                return enc_r(f2 == 0 ? 0x20 : 0, rdp, rs1p, f3s[f2], rs1p, kOp);
              }
              if (f2 == 0) return enc_r(0x20, rdp, rs1p, 0, rs1p, kOp32);  // c.subw
              if (f2 == 1) return enc_r(0, rdp, rs1p, 0, rs1p, kOp32);     // c.addw
              return 0;
            }
          }
        }
        case 5: {  // c.j
          const int32_t off = sext((bits(c, 12, 12) << 11) | (bits(c, 11, 11) << 4) |
                                       (bits(c, 10, 9) << 8) | (bits(c, 8, 8) << 10) |
                                       (bits(c, 7, 7) << 6) | (bits(c, 6, 6) << 7) |
                                       (bits(c, 5, 3) << 1) | (bits(c, 2, 2) << 5), 12);
          return enc_j(off, 0);
        }
        default: {  // c.beqz / c.bnez
          const int32_t off = sext((bits(c, 12, 12) << 8) | (bits(c, 11, 10) << 3) |
                                       (bits(c, 6, 5) << 6) | (bits(c, 4, 3) << 1) |
                                       (bits(c, 2, 2) << 5), 9);
          return enc_b(off, 0, rs1p, f3 == 6 ? 0 : 1);
        }
      }
    case 2:
      switch (f3) {
        case 0: return enc_i(int32_t((bits(c, 12, 12) << 5) | rs2), rd, 1, rd, kOpImm);  // c.slli
        case 2: {  // c.lwsp
          const uint32_t u = (bits(c, 12, 12) << 5) | (bits(c, 6, 4) << 2) | (bits(c, 3, 2) << 6);
          return rd ? enc_i(int32_t(u), 2, 2, rd, kLoad) : 0;
        }
        case 3: {  // c.ldsp
          const uint32_t u = (bits(c, 12, 12) << 5) | (bits(c, 6, 5) << 3) | (bits(c, 4, 2) << 6);
          return rd ? enc_i(int32_t(u), 2, 3, rd, kLoad) : 0;
        }
        case 4:
          if (!bits(c, 12, 12)) {
            if (rs2 == 0) return rd ? enc_i(0, rd, 0, 0, kJalr) : 0;  // c.jr
            return enc_r(0, rs2, 0, 0, rd, kOp);                       // c.mv
          }
          if (rs2 == 0) return rd ? enc_i(0, rd, 0, 1, kJalr) : 0x00100073;  // c.jalr / c.ebreak
          return enc_r(0, rs2, rd, 0, rd, kOp);                        // c.add
        case 6: {  // c.swsp
          const uint32_t u = (bits(c, 12, 9) << 2) | (bits(c, 8, 7) << 6);
          return enc_s(int32_t(u), rs2, 2, 2, kStore);
        }
        case 7: {  // c.sdsp
          const uint32_t u = (bits(c, 12, 10) << 3) | (bits(c, 9, 7) << 6);
          return enc_s(int32_t(u), rs2, 2, 3, kStore);
        }
        default: return 0;  // c.fldsp / c.fsdsp
      }
    default: return 0;
  }
}

}  // namespace uintrsim
