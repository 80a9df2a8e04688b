// Instruction decoding from match/mask tables (the Spike way). Each extension file in isa/
// contributes a table of InsnSpec; decode_instruction finds the entry whose mask/match fits,
// extracts the operand fields of its format and stores the semantics function.
#pragma once
#include <cstdint>
#include <vector>

#include "sim/isa/decoded_insn.h"

namespace uintrsim {

enum class InsnFormat : uint8_t { kR, kI, kS, kB, kU, kJ, kCsr, kCsrImm, kShift, kNone };

struct InsnSpec {
  const char* name;
  uint32_t match, mask;
  ExecFn exec;
  InsnClass cls;
  InsnFormat fmt;
  StepFn step_functional, step_inorder;  // Hart::step<exec> for each timing mode
};

// Tables contributed by the extension files (isa/insn_*.cpp).
const std::vector<InsnSpec>& rv64i_insns();
const std::vector<InsnSpec>& rv64m_insns();
const std::vector<InsnSpec>& rv64a_insns();
const std::vector<InsnSpec>& zicsr_insns();
const std::vector<InsnSpec>& privileged_insns();
const std::vector<InsnSpec>& uintr_insns();

// Decodes a 32-bit encoding, or a 16-bit one (low two bits != 0b11) which is first expanded
// to its 32-bit equivalent. Unknown encodings decode to an instruction that raises
// illegal-instruction with the original bits as tval.
void decode_instruction(uint32_t raw, DecodedInsn& d);

// The 32-bit equivalent of a compressed instruction, or 0 if it is reserved/illegal.
uint32_t expand_compressed(uint16_t c);

// The step function of a decoded instruction for the functional or in-order timing mode.
StepFn insn_step(const DecodedInsn& d, bool inorder);

// Name of a decoded instruction's table entry ("illegal" for unknown encodings).
const char* insn_name(const DecodedInsn& d);

// All table entries, in decode-priority order (tests use this for coverage).
const std::vector<InsnSpec>& all_insns();

}  // namespace uintrsim
