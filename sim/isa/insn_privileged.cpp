// Environment calls and privileged instructions (privileged spec 3.3): ecall, ebreak, mret,
// sret, wfi, sfence.vma, with their privilege and TSR/TW/TVM checks.
#include "sim/isa/insn_helpers.h"

namespace uintrsim {
namespace isa {
namespace {

using rv::Priv;

INSN(ecall) {
  const Priv p = h.privilege();
  RAISE(p == Priv::U ? rv::kEcallU : p == Priv::S ? rv::kEcallS : rv::kEcallM, 0);
}
INSN(ebreak) { RAISE(rv::kBreakpoint, pc); }
INSN(mret) {
  if (h.privilege() != Priv::M) RAISE(rv::kIllegalInsn, d.raw);
  return h.do_mret();
}
INSN(sret) {
  const Priv p = h.privilege();
  if (p == Priv::U || (p == Priv::S && (h.mstatus() & rv::mstatus::TSR)))
    RAISE(rv::kIllegalInsn, d.raw);
  return h.do_sret();
}
INSN(wfi) {
  // U-mode wfi is illegal (as Spike does); S-mode wfi traps when mstatus.TW is set.
  const Priv p = h.privilege();
  if (p == Priv::U || (p == Priv::S && (h.mstatus() & rv::mstatus::TW)))
    RAISE(rv::kIllegalInsn, d.raw);
  return h.do_wfi(pc);
}
INSN(sfence_vma) {
  const Priv p = h.privilege();
  if (p == Priv::U || (p == Priv::S && (h.mstatus() & rv::mstatus::TVM)))
    RAISE(rv::kIllegalInsn, d.raw);
  h.do_sfence_vma(RS1, d.rs1 == 0);
  return NEXT;
}

}  // namespace
}  // namespace isa

const std::vector<InsnSpec>& privileged_insns() {
  using namespace isa;
  constexpr uint32_t kExact = 0xffffffff;
  static const std::vector<InsnSpec> t = {
      SPEC(ecall, 0x00000073, kExact, kSystem, kNone),
      SPEC(ebreak, 0x00100073, kExact, kSystem, kNone),
      SPEC(mret, 0x30200073, kExact, kSystem, kNone),
      SPEC(sret, 0x10200073, kExact, kSystem, kNone),
      SPEC(wfi, 0x10500073, kExact, kSystem, kNone),
      SPEC(sfence_vma, 0x12000073, 0xfe007fff, kSystem, kR),
  };
  return t;
}

}  // namespace uintrsim
