// The interrupt interface devices use to reach a hart (riscv-vp style: devices never touch
// hart internals). Lines are level-sensitive; `schedule` raises a line at a future time,
// which lets a timer interrupt arrive at its exact cycle even under temporal decoupling.
#pragma once
#include <systemc>

namespace uintrsim {

class IrqTarget {
 public:
  virtual ~IrqTarget() = default;
  virtual void set_irq(unsigned irq, bool level) = 0;
  virtual void schedule_irq(unsigned irq, const sc_core::sc_time& at) = 0;  // SC_ZERO_TIME... cancels
  virtual void cancel_scheduled_irq(unsigned irq) = 0;
  // Sets the hart's software-writable pending bit for `irq` (edge-like devices that, as in
  // QEMU, post an interrupt the guest then clears in mip/sip/uip).
  virtual void post_irq(unsigned irq) = 0;
};

}  // namespace uintrsim
