// The firmware model (SBI-like, as OpenSBI): machine-mode traps once the kernel runs. The
// machine timer is forwarded to the supervisor as STIP, a machine software interrupt (IPI)
// as SSIP; anything else in M-mode ends the run with a report.
#pragma once
#include "kernel_model/kernel/part.h"

namespace uintrsim::kernel {

class Firmware : public Part {
 public:
  using Part::Part;
  void on_machine_trap(KernelPort& h, uint64_t cause, uint64_t tval, uint64_t epc);
};

}  // namespace uintrsim::kernel
