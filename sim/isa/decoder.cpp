#include "sim/isa/decoder.h"

#include <algorithm>
#include <array>

#include "sim/hart/hart.h"
#include "sim/hart/hart_step.h"

namespace uintrsim {

namespace {

int64_t sext(uint64_t v, unsigned bits) { return int64_t(v << (64 - bits)) >> (64 - bits); }

uint64_t exec_illegal(Hart& h, const DecodedInsn& d, uint64_t) {
  h.raise(rv::kIllegalInsn, d.raw);
  return Hart::kTrapPc;
}

struct Tables {
  std::vector<InsnSpec> all;
  std::array<std::vector<uint16_t>, 128> by_opcode;  // indices into `all`, by major opcode
  Tables() {
    for (auto* t : {&rv64i_insns(), &rv64m_insns(), &rv64a_insns(), &zicsr_insns(),
                    &privileged_insns(), &uintr_insns()})
      all.insert(all.end(), t->begin(), t->end());
    // More specific masks first, so that e.g. `ecall` wins over a broader SYSTEM pattern.
    std::stable_sort(all.begin(), all.end(), [](const InsnSpec& a, const InsnSpec& b) {
      return __builtin_popcount(a.mask) > __builtin_popcount(b.mask);
    });
    for (size_t i = 0; i < all.size(); ++i) by_opcode[all[i].match & 0x7f].push_back(uint16_t(i));
  }
};

const Tables& tables() {
  static const Tables t;
  return t;
}

constexpr uint16_t kIllegalIndex = 0xffff;

}  // namespace

const std::vector<InsnSpec>& all_insns() { return tables().all; }

StepFn insn_step(const DecodedInsn& d, bool inorder) {
  if (d.name_index == kIllegalIndex)
    return inorder ? &Hart::step<exec_illegal, true> : &Hart::step<exec_illegal, false>;
  const InsnSpec& s = tables().all[d.name_index];
  return inorder ? s.step_inorder : s.step_functional;
}

const char* insn_name(const DecodedInsn& d) {
  return d.name_index == kIllegalIndex ? "illegal" : tables().all[d.name_index].name;
}

void decode_instruction(uint32_t raw, DecodedInsn& d) {
  const uint32_t orig = raw;
  d.len = 4;
  if ((raw & 3) != 3) {
    raw = expand_compressed(uint16_t(raw));
    d.len = 2;
  }
  d.raw = orig;
  d.rd = (raw >> 7) & 31;
  d.rs1 = (raw >> 15) & 31;
  d.rs2 = (raw >> 20) & 31;
  d.imm = 0;
  d.src_mask = 0;
  const Tables& t = tables();
  const InsnSpec* spec = nullptr;
  uint16_t index = kIllegalIndex;
  if (raw != 0 && (raw & 3) == 3) {
    for (uint16_t i : t.by_opcode[raw & 0x7f])
      if ((raw & t.all[i].mask) == t.all[i].match) {
        spec = &t.all[i];
        index = i;
        break;
      }
  }
  if (!spec) {
    d.exec = exec_illegal;
    d.cls = InsnClass::kSystem;
    d.name_index = kIllegalIndex;
    return;
  }
  d.exec = spec->exec;
  d.cls = spec->cls;
  d.name_index = index;
  const uint32_t r1 = 1u << d.rs1, r2 = 1u << d.rs2;
  switch (spec->fmt) {
    case InsnFormat::kR: d.src_mask = r1 | r2; break;
    case InsnFormat::kI: d.imm = sext(raw >> 20, 12); d.src_mask = r1; break;
    case InsnFormat::kShift: d.imm = (raw >> 20) & 63; d.src_mask = r1; break;
    case InsnFormat::kS:
      d.imm = sext(((raw >> 25) << 5) | ((raw >> 7) & 31), 12);
      d.src_mask = r1 | r2;
      break;
    case InsnFormat::kB:
      d.imm = sext((((raw >> 31) & 1) << 12) | (((raw >> 7) & 1) << 11) |
                       (((raw >> 25) & 63) << 5) | (((raw >> 8) & 15) << 1), 13);
      d.src_mask = r1 | r2;
      break;
    case InsnFormat::kU: d.imm = sext(raw & 0xfffff000u, 32); break;
    case InsnFormat::kJ:
      d.imm = sext((((raw >> 31) & 1) << 20) | (((raw >> 12) & 255) << 12) |
                       (((raw >> 20) & 1) << 11) | (((raw >> 21) & 1023) << 1), 21);
      break;
    case InsnFormat::kCsr: d.imm = raw >> 20; d.src_mask = r1; break;
    case InsnFormat::kCsrImm: d.imm = raw >> 20; break;
    case InsnFormat::kNone: break;
  }
  d.src_mask &= ~1u;  // x0 never carries a hazard
}

}  // namespace uintrsim
