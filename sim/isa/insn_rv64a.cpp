// RV64A atomics (unprivileged spec chapter 8). The simulator runs harts one at a time on
// the SystemC kernel thread, so a read-modify-write is atomic by construction; LR/SC use the
// platform's shared reservation set. aq/rl bits only order, and memory is sequentially
// consistent here, so they are ignored.
#include "sim/isa/insn_helpers.h"

namespace uintrsim {
namespace isa {
namespace {

template <typename T>
uint64_t lr(Hart& h, const DecodedInsn& d, uint64_t pc) {
  const uint64_t va = RS1;
  if (va & (sizeof(T) - 1)) RAISE(rv::kLoadMisaligned, va);
  LOAD(T, v, va);
  h.reserve(h.last_pa());
  WRD(sizeof(T) == 4 ? uint64_t(sext32(v)) : uint64_t(v));
  return NEXT;
}

template <typename T>
uint64_t sc(Hart& h, const DecodedInsn& d, uint64_t pc) {
  const uint64_t va = RS1;
  if (va & (sizeof(T) - 1)) RAISE(rv::kStoreMisaligned, va);
  const uint64_t pa = h.translate_for(va, Hart::kWrite);
  FAILED(pa != Hart::kNoPa);
  if (h.check_and_clear_reservation(pa)) {
    FAILED(h.store<T>(va, T(RS2)));
    WRD(0);
  } else {
    WRD(1);
  }
  return NEXT;
}

template <typename T, typename Op>
uint64_t amo(Hart& h, const DecodedInsn& d, uint64_t pc, Op op) {
  T* p = h.amo_ptr<T>(RS1);
  FAILED(p);
  T old;
  std::memcpy(&old, p, sizeof(T));
  const T nv = op(old, T(RS2));
  std::memcpy(p, &nv, sizeof(T));
  WRD(sizeof(T) == 4 ? uint64_t(sext32(old)) : uint64_t(old));
  return NEXT;
}

#define AMO_PAIR(name, expr)                                                              \
  INSN(name##_w) {                                                                        \
    return amo<uint32_t>(h, d, pc, [](uint32_t a, uint32_t b) -> uint32_t {               \
      using S = int32_t; (void)sizeof(S); return expr; });                                \
  }                                                                                       \
  INSN(name##_d) {                                                                        \
    return amo<uint64_t>(h, d, pc, [](uint64_t a, uint64_t b) -> uint64_t {               \
      using S = int64_t; (void)sizeof(S); return expr; });                                \
  }

AMO_PAIR(amoswap, b)
AMO_PAIR(amoadd, a + b)
AMO_PAIR(amoxor, a ^ b)
AMO_PAIR(amoand, a & b)
AMO_PAIR(amoor, a | b)
AMO_PAIR(amomin, S(a) < S(b) ? a : b)
AMO_PAIR(amomax, S(a) > S(b) ? a : b)
AMO_PAIR(amominu, a < b ? a : b)
AMO_PAIR(amomaxu, a > b ? a : b)

INSN(lr_w) { return lr<uint32_t>(h, d, pc); }
INSN(lr_d) { return lr<uint64_t>(h, d, pc); }
INSN(sc_w) { return sc<uint32_t>(h, d, pc); }
INSN(sc_d) { return sc<uint64_t>(h, d, pc); }

constexpr uint32_t kMaskAmo = 0xf800707f, kMaskLr = 0xf9f0707f;
constexpr uint32_t amo_match(uint32_t f5, uint32_t f3) { return 0x2f | (f3 << 12) | (f5 << 27); }

}  // namespace
}  // namespace isa

const std::vector<InsnSpec>& rv64a_insns() {
  using namespace isa;
  static const std::vector<InsnSpec> t = {
      SPEC(lr_w, amo_match(0x02, 2), kMaskLr, kLoad, kR),
      SPEC(lr_d, amo_match(0x02, 3), kMaskLr, kLoad, kR),
      SPEC(sc_w, amo_match(0x03, 2), kMaskAmo, kStore, kR),
      SPEC(sc_d, amo_match(0x03, 3), kMaskAmo, kStore, kR),
#define AMO_SPECS(name, f5) \
  SPEC(name##_w, amo_match(f5, 2), kMaskAmo, kAmo, kR), SPEC(name##_d, amo_match(f5, 3), kMaskAmo, kAmo, kR)
      AMO_SPECS(amoswap, 0x01), AMO_SPECS(amoadd, 0x00), AMO_SPECS(amoxor, 0x04),
      AMO_SPECS(amoand, 0x0c), AMO_SPECS(amoor, 0x08), AMO_SPECS(amomin, 0x10),
      AMO_SPECS(amomax, 0x14), AMO_SPECS(amominu, 0x18), AMO_SPECS(amomaxu, 0x1c),
#undef AMO_SPECS
  };
  return t;
}

}  // namespace uintrsim
