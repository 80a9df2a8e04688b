// One decoded instruction as the hart's decode cache keeps it. Decoding happens once per
// physical address (until fence.i); the hot loop then only calls `exec`.
#pragma once
#include <cstdint>

namespace uintrsim {
class Hart;
struct DecodedInsn;

// Executes one instruction at `pc` and returns the next pc. A synchronous exception is
// raised with Hart::raise() and returns Hart::kTrapPc (see Trap in sim/hart/hart.h); the
// hart's execute loop takes it.
using ExecFn = uint64_t (*)(Hart& h, const DecodedInsn& d, uint64_t pc);

// Timing classes: the in-order cost model charges each class its own latency (timing/).
enum class InsnClass : uint8_t {
  kAlu, kBranch, kJal, kJalr, kLoad, kStore, kAmo, kMul, kMulW, kDiv, kDivW, kCsr, kFence,
  kSystem, kCount
};

struct DecodedInsn {
  uint64_t pa = ~0ull;     // physical address tag; odd value = invalid (instructions are 2-aligned)
  ExecFn exec = nullptr;
  int64_t imm = 0;         // sign-extended immediate / CSR number / shift amount
  uint32_t raw = 0;        // the encoding as fetched (16 bits for a compressed instruction)
  uint32_t src_mask = 0;   // bit r set if x[r] is read (load-use hazard detection)
  uint8_t rd = 0, rs1 = 0, rs2 = 0;
  uint8_t len = 4;         // 2 for compressed instructions
  InsnClass cls = InsnClass::kAlu;
  uint8_t latency = 1;     // base latency of the class, filled by the timing model at decode
  uint16_t name_index = 0; // index into the instruction table (disassembly, stats)
};

}  // namespace uintrsim
