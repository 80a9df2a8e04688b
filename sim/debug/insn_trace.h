// The instruction trace (--trace-insn FILE): one line per retired instruction in Spike's
// --log-commits format, so it can be diffed against Spike's output for the same program:
//
//   core   0: 3 0x0000000080000004 (0x00000297) x5  0x0000000080000004
//   core   0: 3 0x0000000080000010 (0x4501) x10 0x0000000000000000
//   core   0: 3 0x0000000080000014 (0x00b52023) mem 0x0000000080001000 0x00000001
//
// (hart, privilege before the instruction: 0 U, 1 S, 3 M, pc, the encoding as fetched -- 4
// hex digits for a compressed one -- then the registers it wrote, x and CSR in Spike's order,
// then the addresses it loaded, then the addresses and values it stored). Traps and
// interrupts are marked with the lines Spike's -l log prints for them:
//
//   core   0: exception trap_illegal_instruction, epc 0x0000000080000020
//   core   0:           tval 0x0000000000000000
//   core   0: exception interrupt #7, epc 0x0000000080000040
//
// Filters: harts, the ROI (sim-control ROI_BEGIN..ROI_END), a pc range. docs/debugging.md
// lists what differs from Spike.
#pragma once
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "sim/hart/hart_ports.h"

namespace uintrsim {

struct InsnTraceOptions {
  std::string path;
  std::vector<unsigned> harts;          // traced harts; empty: all
  bool roi_only = false;                // only inside the ROI
  uint64_t pc_lo = 0, pc_hi = ~0ull;    // only pcs in [pc_lo, pc_hi]

  // "0,2" -> {0, 2}; "LO:HI" (hex or decimal, inclusive) -> pc range. Throw ConfigError.
  void parse_harts(const std::string& list);
  void parse_pc_range(const std::string& range);
};

class InsnTrace : public InsnObserver {
 public:
  // Opens the file; throws ConfigError naming the path and the errno text if it cannot.
  InsnTrace(const InsnTraceOptions& o, unsigned harts);
  ~InsnTrace() override;
  InsnTrace(const InsnTrace&) = delete;
  InsnTrace& operator=(const InsnTrace&) = delete;

  void set_roi(bool inside) { in_roi_ = inside; }
  // Flushes; returns false (and the errno text in `error`) if anything failed to be written.
  bool finish(std::string& error);
  uint64_t lines() const { return lines_; }

  void before_fetch(Hart&) override {}
  void before_exec(Hart& h, const DecodedInsn& d, uint64_t pc, uint64_t pa) override;
  void retired(Hart& h, const DecodedInsn& d, uint64_t pc) override;
  void trap(Hart& h, uint64_t cause, uint64_t tval, uint64_t epc) override;

 private:
  struct Pending {
    bool active = false;
    unsigned priv = 3;
    uint32_t bits = 0;
    unsigned len = 4;
    uint64_t rs1 = 0, rs2 = 0;
  };
  bool traced(unsigned hart, uint64_t pc) const {
    return hart < enabled_.size() && enabled_[hart] && (!opt_.roi_only || in_roi_) && pc >= opt_.pc_lo &&
           pc <= opt_.pc_hi;
  }

  InsnTraceOptions opt_;
  std::FILE* f_ = nullptr;
  std::vector<char> buf_;
  std::vector<bool> enabled_;
  std::vector<Pending> pending_;
  bool in_roi_ = false;
  uint64_t lines_ = 0;
};

}  // namespace uintrsim
