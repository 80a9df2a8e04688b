// Kernel entry and exit, system calls, IPC, notifications, scheduling, timer and faults.
// Follows seL4's (non-MCS) semantics; the structure mirrors seL4's handleSyscall,
// sendIPC/receiveIPC, sendSignal/receiveSignal and schedule.
#include "kernel_model/kernel.h"

#include <algorithm>
#include <cstring>

#include "sim/stats/stats_registry.h"

namespace uintrsim::kernel {

using namespace rv;

Kernel::Kernel(const KernelParams& p, const PlatformInfo& info, unsigned harts)
    : p_(p), info_(info), clock_(info.clock_hz, info.timebase_hz), cores_(harts) {
  for (size_t i = 0; i < cores_.size(); ++i) {
    cores_[i].idle.name = "idle" + std::to_string(i);
    cores_[i].idle.state = ThreadState::kIdle;
    cores_[i].idle.core = unsigned(i);
  }
}

void Kernel::connect(std::vector<KernelPort*> ports) { ports_ = std::move(ports); }

KernelPort& Kernel::mem() { return running_on_ ? *running_on_ : *ports_.at(0); }

Kernel::~Kernel() = default;

void Kernel::enter(KernelPort& h) {
  Core& c = cores_[h.hartid()];
  c.kernel_entry_cycle = h.cycle();
  // The assembly entry path (register save, page-table switch) runs before the C handler
  // takes the big kernel lock (seL4 SMP: c_handle_syscall/c_handle_interrupt take it), so
  // it overlaps another core's time inside the kernel.
  if (c.current == &c.idle || !c.current) {
    // From the idle thread: already in the kernel's address space, nothing to save but a
    // few registers (ReL4's trap entry is mostly the page-table switch).
    h.charge(p_.cost.idle_entry);
    h.touch_code(kernel_code_pa_, p_.footprint_code / 4);
  } else {
    h.charge(p_.cost.trap_entry);
    h.touch_code(kernel_code_pa_, p_.footprint_code);
    h.touch_data(kernel_data_pa_ + h.hartid() * 0x1000, p_.footprint_data, true);
  }
  // The big kernel lock, taken in simulated-time order (behind the port).
  stats_.lock_wait_cycles += h.acquire_kernel_lock();
  running_on_ = &h;  // the hart holding the lock is the one executing the kernel
  // A core arriving while another core is still inside by local time waits for it.
  if (h.cycle() < lock_free_at_cycle_) {
    stats_.lock_wait_cycles += lock_free_at_cycle_ - h.cycle();
    h.charge(lock_free_at_cycle_ - h.cycle());
  }
  h.charge(p_.cost.lock);
}

void Kernel::save_user(KernelPort& h, Tcb* t, uint64_t pc) {
  h.save_registers(t->regs);
  t->pc = pc;
  h.touch_data(t->pa, 256, true);  // the register save area in the TCB
}

void Kernel::restore_and_exit(KernelPort& h, Core& c) {
  Tcb* prev = c.current;
  const bool to_back = c.current_to_back;
  c.current_to_back = false;
  if (to_back && prev && prev != &c.idle && !prev->ready_queued &&
      (prev->state == ThreadState::kRunning || prev->state == ThreadState::kRestart)) {
    c.ready[prev->priority].push_back(prev);  // seL4 tcbSchedAppend
    prev->ready_queued = true;
  }
  Tcb* next = choose(c, !to_back);
  if (next) remove_from_ready(next);
  h.charge(p_.cost.schedule);
  auto requeue_prev = [&] {
    // A preempted thread goes back to the head of its queue (seL4 SCHED_ENQUEUE_CURRENT_TCB).
    if (prev && prev != &c.idle && prev != next && !prev->ready_queued &&
        (prev->state == ThreadState::kRunning || prev->state == ThreadState::kRestart)) {
      c.ready[prev->priority].push_front(prev);
      prev->ready_queued = true;
    }
  };
  if (!next) {
    check_deadlock();
    if (prev != &c.idle) ++stats_.context_switches;
    c.current = &c.idle;
    requeue_prev();
    stats_.kernel_cycles += h.cycle() - c.kernel_entry_cycle;
    lock_free_at_cycle_ = h.cycle();
    h.release_kernel_lock();
    h.enter_idle();
    return;
  }
  if (next != prev) {
    ++stats_.context_switches;
    c.current = next;
    requeue_prev();
  }
  if (next != c.uintr_owner) {  // the hart's user-interrupt state belongs to another thread
    uintr_switch(h, c.uintr_owner, next);
    c.uintr_owner = next;
  }
  if (next->vspace.cap.obj != c.active_vspace) {
    const uint64_t satp = UINTRSIM_SATP_MODE_SV39 | (next->vspace.cap.mapped_asid << UINTRSIM_SATP_ASID_SHIFT) |
                          (next->vspace.cap.obj >> UINTRSIM_SV39_PAGE_SHIFT);
    h.csr_write(csr::satp, satp);
    h.charge(p_.cost.vspace_switch);
    c.active_vspace = next->vspace.cap.obj;
  }
  // seL4's restore_user_context releases the lock first; the register restore and the
  // page-table switch back run outside it.
  lock_free_at_cycle_ = h.cycle();
  h.release_kernel_lock();
  h.touch_data(next->pa, 256, false);
  h.load_registers(next->regs);
  h.charge(p_.cost.trap_exit);
  stats_.kernel_cycles += h.cycle() - c.kernel_entry_cycle;
  if (next->state == ThreadState::kRestart) next->state = ThreadState::kRunning;
  h.return_to_user(next->pc);
}

void Kernel::on_supervisor_trap(KernelPort& h, uint64_t cause, uint64_t tval, uint64_t epc) {
  Core& c = cores_[h.hartid()];
  // The per-entry context: which path this entry takes, from which cycle (per core: other
  // harts enter and leave while this one waits for the lock).
  c.path = Path::kOther;
  const uint64_t entry_cycle = h.cycle();
  enter(h);
  Tcb* t = c.current;
  const bool from_user = t && t != &c.idle;
  if (from_user) {
    save_user(h, t, epc);
    t->user_cycles += entry_cycle - std::min(entry_cycle, c.last_exit_cycle);
    if (cause & kInterruptBit) ++t->n_interrupts;
    else if (cause == kEcallU) ++t->n_syscalls;
    else ++t->n_faults;
  }
  if (cause & kInterruptBit) {
    ++stats_.traps_interrupt;
    const unsigned irq = cause & 63;
    if (irq == kSTI) { count(Path::kInterruptTimer); handle_tick(h, c); }
    if (irq == kSSI) {  // a reschedule IPI from another core
      count(Path::kInterruptIpi);
      uint64_t mip = 0;
      mip = h.csr_read(csr::mip);
      h.csr_write(csr::mip, mip & ~bit(kSSI));
      if (p_.async.placement == AsyncPlacement::kIdleCoreIpi) run_async(h);
    }
  } else if (from_user && (cause == kEcallU)) {
    ++stats_.traps_syscall;
    t->pc = epc + 4;
    handle_syscall(h, t, int64_t(t->regs[kA7]));
  } else if (from_user) {
    ++stats_.traps_fault;
    count(Path::kFault);
    h.charge(p_.cost.fault);
    const bool vm = cause == kInsnPageFault || cause == kLoadPageFault || cause == kStorePageFault ||
                    cause == kInsnAccessFault || cause == kLoadAccessFault || cause == kStoreAccessFault;
    if (vm) {
      handle_fault(h, t, seL4_Fault_VMFault,
                   {epc, tval, uint64_t(cause == kInsnPageFault || cause == kInsnAccessFault), cause},
                   "VM fault", cause, tval);
    } else {
      // seL4_Fault_UserException: FaultIP, Stack, Number (scause), Code (stval)
      handle_fault(h, t, seL4_Fault_UserException, {epc, t->regs[2], cause, tval}, "user exception", cause, tval);
    }
  }
  restore_and_exit(h, c);
  ++stats_.entries;
  KernelStats::PathStats& ps = stats_.paths[size_t(c.path)];
  ++ps.count;
  ps.cycles += h.cycle() - entry_cycle;
  if (from_user && tcb_at(t->pa) == t) t->kernel_cycles += h.cycle() - entry_cycle;
  c.last_exit_cycle = h.cycle();
}

}  // namespace uintrsim::kernel
