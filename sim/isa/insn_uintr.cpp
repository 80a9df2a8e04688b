// User-interrupt instructions: uret (N extension) and uipi.* (custom-3, funct3 = 110,
// funct7 0..4 = send, read, write, activate, deactivate; docs/architecture.md "uipi.* encoding").
// Executable at every privilege level (the kernel also sends with uipi.send).
#include "sim/isa/insn_helpers.h"

namespace uintrsim {
namespace isa {
namespace {

INSN(uret) { return h.do_uret(); }
// Each architecture's instructions are illegal under the other (uintr.arch).
#define UINTC_ONLY if (h.posted()) RAISE(rv::kIllegalInsn, d.raw)
// A receiver-entry access (reg, write, value); uipi.read writes what it read to rd.
#define UINTC_ACCESS(reg, write, value) \
  uint64_t v; FAILED(h.uipi_receiver_access(uintc_reg::reg, write, value, v))
INSN(uipi_send) { UINTC_ONLY; FAILED(h.uipi_send(RS1)); return NEXT; }
INSN(uipi_read) { UINTC_ONLY; UINTC_ACCESS(kHigh, false, 0); WRD(v); return NEXT; }
INSN(uipi_write) { UINTC_ONLY; UINTC_ACCESS(kHigh, true, RS1); return NEXT; }
INSN(uipi_activate) { UINTC_ONLY; UINTC_ACCESS(kActive, true, 1); return NEXT; }
INSN(uipi_deactivate) { UINTC_ONLY; UINTC_ACCESS(kActive, true, 0); return NEXT; }
INSN(senduipi) {
  if (!h.posted()) RAISE(rv::kIllegalInsn, d.raw);
  FAILED(h.senduipi(RS1));
  return NEXT;
}

constexpr uint32_t uipi(uint32_t funct7) { return match_r(0x7b, 6, funct7); }

}  // namespace
}  // namespace isa

const std::vector<InsnSpec>& uintr_insns() {
  using namespace isa;
  static const std::vector<InsnSpec> t = {
      SPEC(uret, 0x00200073, 0xffffffff, kSystem, kNone),
      // rs2 = 0 in every form; rd = 0 for send/write/activate/deactivate, rs1 = 0 for read.
      SPEC(uipi_send, uipi(0), 0xfff07fff, kStore, kR),
      SPEC(uipi_read, uipi(1), 0xfffff07f, kLoad, kNone),
      SPEC(uipi_write, uipi(2), 0xfff07fff, kStore, kR),
      SPEC(uipi_activate, uipi(3), 0xffffffff, kStore, kNone),
      SPEC(uipi_deactivate, uipi(4), 0xffffffff, kStore, kNone),
      // posted architecture (docs/uintr-posted.md): senduipi rs1, funct7 5
      SPEC(senduipi, uipi(5), 0xfff07fff, kStore, kR),
  };
  return t;
}

}  // namespace uintrsim
