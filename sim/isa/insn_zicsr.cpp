// Zicsr: CSR read/modify/write instructions. Which CSRs exist and what they hold is the
// hart's CSR file (hart/csr.cpp); this file implements the instruction rules: csrrw with
// rd = x0 does not read, csrrs/csrrc with rs1 = x0 (or uimm = 0) do not write, and a failed
// read or write is an illegal instruction with no register update.
#include "sim/isa/insn_helpers.h"

namespace uintrsim {
namespace isa {
namespace {

enum class CsrOp { kWrite, kSet, kClear };

template <CsrOp Op, bool Imm>
uint64_t csr_insn(Hart& h, const DecodedInsn& d, uint64_t pc) {
  const uint16_t addr = uint16_t(d.imm & 0xfff);
  const uint64_t src = Imm ? d.rs1 : h.x[d.rs1];
  const bool do_read = Op != CsrOp::kWrite || d.rd != 0;
  const bool do_write = Op == CsrOp::kWrite || d.rs1 != 0;
  uint64_t old = 0;
  if (do_read && !h.csr_read(addr, old)) RAISE(rv::kIllegalInsn, d.raw);
  if (do_write) {
    if (!do_read) {
      uint64_t probe;  // csrrw x0 still requires the CSR to exist at this privilege
      if (!h.csr_read(addr, probe)) RAISE(rv::kIllegalInsn, d.raw);
    }
    const uint64_t base = h.csr_rmw_base(addr, old);
    const uint64_t nv = Op == CsrOp::kWrite ? src : Op == CsrOp::kSet ? (base | src) : (base & ~src);
    if (!h.csr_write(addr, nv)) RAISE(rv::kIllegalInsn, d.raw);
  }
  h.x[d.rd] = old;
  return NEXT;
}

INSN(csrrw) { return csr_insn<CsrOp::kWrite, false>(h, d, pc); }
INSN(csrrs) { return csr_insn<CsrOp::kSet, false>(h, d, pc); }
INSN(csrrc) { return csr_insn<CsrOp::kClear, false>(h, d, pc); }
INSN(csrrwi) { return csr_insn<CsrOp::kWrite, true>(h, d, pc); }
INSN(csrrsi) { return csr_insn<CsrOp::kSet, true>(h, d, pc); }
INSN(csrrci) { return csr_insn<CsrOp::kClear, true>(h, d, pc); }

}  // namespace
}  // namespace isa

const std::vector<InsnSpec>& zicsr_insns() {
  using namespace isa;
  static const std::vector<InsnSpec> t = {
      SPEC(csrrw, match_i(0x73, 1), kMaskF3, kCsr, kCsr),
      SPEC(csrrs, match_i(0x73, 2), kMaskF3, kCsr, kCsr),
      SPEC(csrrc, match_i(0x73, 3), kMaskF3, kCsr, kCsr),
      SPEC(csrrwi, match_i(0x73, 5), kMaskF3, kCsr, kCsrImm),
      SPEC(csrrsi, match_i(0x73, 6), kMaskF3, kCsr, kCsrImm),
      SPEC(csrrci, match_i(0x73, 7), kMaskF3, kCsr, kCsrImm),
  };
  return t;
}

}  // namespace uintrsim
