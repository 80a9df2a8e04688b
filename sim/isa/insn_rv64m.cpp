// RV64M multiply and divide (unprivileged spec chapter 7), including the defined results of
// division by zero and signed overflow (no exceptions).
#include "sim/isa/insn_helpers.h"

namespace uintrsim {
namespace isa {
namespace {

using u128 = unsigned __int128;
using s128 = __int128;

INSN(mul) { WRD(RS1 * RS2); return NEXT; }
INSN(mulh) { WRD(uint64_t((s128(SRS1) * s128(SRS2)) >> 64)); return NEXT; }
INSN(mulhsu) { WRD(uint64_t((s128(SRS1) * s128(u128(RS2))) >> 64)); return NEXT; }
INSN(mulhu) { WRD(uint64_t((u128(RS1) * u128(RS2)) >> 64)); return NEXT; }
INSN(div) {
  const int64_t a = SRS1, b = SRS2;
  WRD(b == 0 ? -1 : (a == INT64_MIN && b == -1) ? a : a / b);
  return NEXT;
}
INSN(divu) { WRD(RS2 == 0 ? ~0ull : RS1 / RS2); return NEXT; }
INSN(rem) {
  const int64_t a = SRS1, b = SRS2;
  WRD(b == 0 ? a : (a == INT64_MIN && b == -1) ? 0 : a % b);
  return NEXT;
}
INSN(remu) { WRD(RS2 == 0 ? RS1 : RS1 % RS2); return NEXT; }
INSN(mulw) { WRD(sext32(uint32_t(RS1) * uint32_t(RS2))); return NEXT; }
INSN(divw) {
  const int32_t a = int32_t(RS1), b = int32_t(RS2);
  WRD(int64_t(b == 0 ? -1 : (a == INT32_MIN && b == -1) ? a : a / b));
  return NEXT;
}
INSN(divuw) {
  const uint32_t a = uint32_t(RS1), b = uint32_t(RS2);
  WRD(sext32(b == 0 ? ~0u : a / b));
  return NEXT;
}
INSN(remw) {
  const int32_t a = int32_t(RS1), b = int32_t(RS2);
  WRD(int64_t(b == 0 ? a : (a == INT32_MIN && b == -1) ? 0 : a % b));
  return NEXT;
}
INSN(remuw) {
  const uint32_t a = uint32_t(RS1), b = uint32_t(RS2);
  WRD(sext32(b == 0 ? a : a % b));
  return NEXT;
}

}  // namespace
}  // namespace isa

const std::vector<InsnSpec>& rv64m_insns() {
  using namespace isa;
  static const std::vector<InsnSpec> t = {
      SPEC(mul, match_r(0x33, 0, 1), kMaskR, kMul, kR),
      SPEC(mulh, match_r(0x33, 1, 1), kMaskR, kMul, kR),
      SPEC(mulhsu, match_r(0x33, 2, 1), kMaskR, kMul, kR),
      SPEC(mulhu, match_r(0x33, 3, 1), kMaskR, kMul, kR),
      SPEC(div, match_r(0x33, 4, 1), kMaskR, kDiv, kR),
      SPEC(divu, match_r(0x33, 5, 1), kMaskR, kDiv, kR),
      SPEC(rem, match_r(0x33, 6, 1), kMaskR, kDiv, kR),
      SPEC(remu, match_r(0x33, 7, 1), kMaskR, kDiv, kR),
      SPEC(mulw, match_r(0x3b, 0, 1), kMaskR, kMulW, kR),
      SPEC(divw, match_r(0x3b, 4, 1), kMaskR, kDivW, kR),
      SPEC(divuw, match_r(0x3b, 5, 1), kMaskR, kDivW, kR),
      SPEC(remw, match_r(0x3b, 6, 1), kMaskR, kDivW, kR),
      SPEC(remuw, match_r(0x3b, 7, 1), kMaskR, kDivW, kR),
  };
  return t;
}

}  // namespace uintrsim
