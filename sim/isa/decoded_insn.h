// One decoded instruction as the hart's block cache keeps it (sim/hart/block_cache.h).
// Decoding happens once per block; the hot loop then calls `step`, which runs `exec` and the
// hart's per-instruction accounting and goes on to the next instruction of the block.
#pragma once
#include <cstdint>

namespace uintrsim {
class Hart;
struct DecodedInsn;

// Executes one instruction at `pc` and returns the next pc. A synchronous exception is
// raised with Hart::raise() and returns Hart::kTrapPc (see Trap in sim/hart/hart.h); the
// hart's execute loop takes it.
using ExecFn = uint64_t (*)(Hart& h, const DecodedInsn& d, uint64_t pc);
// Executes `d` at `pc` as the execute loop would (exec, then retirement and its cycles, or
// the trap) and, unless the block ends there, the instructions after it: Hart::step<exec>.
using StepFn = void (*)(Hart& h, const DecodedInsn& d, uint64_t pc);

// Timing classes: the in-order cost model charges each class its own latency (timing/).
enum class InsnClass : uint8_t {
  kAlu, kBranch, kJal, kJalr, kLoad, kStore, kAmo, kMul, kMulW, kDiv, kDivW, kCsr, kFence,
  kSystem, kCount
};

struct DecodedInsn {
  uint64_t pa = ~0ull;     // physical address tag; odd value = invalid (instructions are 2-aligned)
  ExecFn exec = nullptr;
  StepFn step = nullptr;   // the hart's timing mode's step for `exec` (set by the hart)
  int64_t imm = 0;         // sign-extended immediate / CSR number / shift amount
  uint32_t raw = 0;        // the encoding as fetched (16 bits for a compressed instruction)
  uint32_t src_mask = 0;   // bit r set if x[r] is read (load-use hazard detection)
  uint8_t rd = 0, rs1 = 0, rs2 = 0;
  uint8_t len = 4;         // 2 for compressed instructions
  InsnClass cls = InsnClass::kAlu;
  uint8_t latency = 1;     // base latency of the class, filled by the timing model at decode
  uint16_t name_index = 0; // index into the instruction table (disassembly, stats)
  bool ends_block = true;  // the last instruction of its block (set by the hart)
  bool links = false;      // a branch or jal: its successor blocks are cached in `link`
  // The blocks at the fall-through [0] and taken [1] targets, once looked up (the hart's
  // block cache; valid as long as this instruction's block is).
  mutable const DecodedInsn* link[2] = {nullptr, nullptr};
};

}  // namespace uintrsim
