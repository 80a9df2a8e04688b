// Shorthands for writing instruction semantics (isa/insn_*.cpp) and their match/mask
// table entries. Included only by those files.
#pragma once
#include <cstdint>

#include "sim/hart/hart.h"
#include "sim/hart/hart_step.h"
#include "sim/isa/decoder.h"

namespace uintrsim::isa {

// Inlined into the instruction's step function (sim/hart/hart_step.h); the out-of-line copy
// is the `exec` an observed hart calls.
#define INSN(name) \
  [[gnu::always_inline]] static inline uint64_t exec_##name(Hart& h, const DecodedInsn& d, uint64_t pc)
#define RS1 (h.x[d.rs1])
#define RS2 (h.x[d.rs2])
#define SRS1 (int64_t(h.x[d.rs1]))
#define SRS2 (int64_t(h.x[d.rs2]))
#define IMM (d.imm)
#define WRD(v) (h.x[d.rd] = uint64_t(v))
#define NEXT (pc + d.len)
// A synchronous exception ends the instruction: it returns Hart::kTrapPc and the execute
// loop takes the trap (see Trap in sim/hart/hart.h). RAISE raises one; FAILED(call) ends the
// instruction when a hart service reports that it raised one (false, nullptr or kNoPa).
#define RAISE(cause, tval) return (h.raise(cause, tval), Hart::kTrapPc)
#define FAILED(call) if (!(call)) return Hart::kTrapPc
// Loads a T from `va` into the new variable `v`; a fault ends the instruction.
#define LOAD(T, v, va) T v; FAILED(h.load<T>(va, v))

inline int64_t sext32(uint64_t v) { return int64_t(int32_t(uint32_t(v))); }

// Match/mask builders for the base formats.
constexpr uint32_t kMaskOp = 0x7f, kMaskF3 = 0x707f, kMaskR = 0xfe00707f, kMaskShift64 = 0xfc00707f;
constexpr uint32_t match_r(uint32_t op, uint32_t f3, uint32_t f7) { return op | (f3 << 12) | (f7 << 25); }
constexpr uint32_t match_i(uint32_t op, uint32_t f3) { return op | (f3 << 12); }

#define SPEC(name, match, mask, cls, fmt)                                                  \
  InsnSpec {                                                                               \
    #name, match, mask, exec_##name, InsnClass::cls, InsnFormat::fmt,                      \
        &Hart::step<exec_##name, false>, &Hart::step<exec_##name, true>                    \
  }

}  // namespace uintrsim::isa
