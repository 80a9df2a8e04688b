#include "sim/platform/hart_kernel_port.h"

#include "workloads/include/uintrsim/devices.h"

namespace uintrsim {

using namespace sc_core;

HartKernelPort::HartKernelPort(Hart& hart, const Clock& clock, uint64_t clint_base, KernelLock& lock,
                               std::vector<Hart*> all_harts, kernel::TrapHandler& handler)
    : h_(hart), clock_(clock), clint_base_(clint_base), lock_(lock), harts_(std::move(all_harts)),
      handler_(handler) {
  h_.set_supervisor_hook(this);
  h_.set_machine_hook(this);
}

void HartKernelPort::on_supervisor_trap(Hart&, uint64_t cause, uint64_t tval, uint64_t epc) {
  handler_.on_supervisor_trap(*this, cause, tval, epc);
}

void HartKernelPort::on_machine_trap(Hart&, uint64_t cause, uint64_t tval, uint64_t epc) {
  handler_.on_machine_trap(*this, cause, tval, epc);
}

void HartKernelPort::save_registers(Registers& regs) const {
  regs[0] = 0;
  for (unsigned i = 1; i < 32; ++i) regs[i] = h_.x[i];
}

void HartKernelPort::load_registers(const Registers& regs) {
  for (unsigned i = 1; i < 32; ++i) h_.x[i] = regs[i];
}

uint64_t HartKernelPort::csr_read(uint16_t addr) {
  uint64_t v = 0;
  h_.machine_csr_read(addr, v);
  return v;
}

void HartKernelPort::sync() {
  const sc_time local = sc_time::from_value(clock_.ps_of_cycle(h_.cycle()));
  if (local > sc_time_stamp()) wait(local - sc_time_stamp());
}

uint64_t HartKernelPort::acquire_kernel_lock() {
  // Ordered by simulated time: this hart first waits until every other hart has reached its
  // local time, so a hart running ahead under temporal decoupling cannot take the lock
  // before a hart that arrived earlier. Then mutual exclusion for real: a holder may be
  // waiting at a sync point (simulated time passing) inside the kernel; wait for it to leave.
  uint64_t waited = 0;
  sync();
  while (lock_.holder && lock_.holder != this) {
    sync();
    wait(lock_.released);
    const uint64_t now = clock_.cycle_at_ps(sc_time_stamp().value());
    if (now > h_.cycle()) {
      waited += now - h_.cycle();
      h_.charge(now - h_.cycle());
    }
  }
  lock_.holder = this;
  return waited;
}

void HartKernelPort::release_kernel_lock() {
  if (!lock_.holder) return;
  lock_.holder = nullptr;
  lock_.released.notify(SC_ZERO_TIME);
}

// The CLINT as the firmware drives it (register map: uintrsim/devices.h).
void HartKernelPort::send_ipi(unsigned hart) {
  const uint32_t one = 1;
  h_.phys_write(clint_base_ + UINTRSIM_CLINT_MSIP(hart), &one, 4);
}

void HartKernelPort::clear_ipi() {
  const uint32_t zero = 0;
  h_.phys_write(clint_base_ + UINTRSIM_CLINT_MSIP(h_.hartid()), &zero, 4);
}

void HartKernelPort::set_timer(uint64_t mtime) { h_.phys_write(clint_base_ + UINTRSIM_CLINT_MTIMECMP(h_.hartid()), &mtime, 8); }

void HartKernelPort::shootdown_tlb(unsigned hart, uint64_t remote_cycles) {
  harts_.at(hart)->post_remote_fence(remote_cycles);
}

KernelPorts::KernelPorts(const std::vector<Hart*>& harts, const Clock& clock, uint64_t clint_base,
                         kernel::TrapHandler& handler) {
  for (Hart* h : harts) ports_.push_back(std::make_unique<HartKernelPort>(*h, clock, clint_base, lock_, harts, handler));
}

}  // namespace uintrsim
