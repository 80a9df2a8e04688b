// The kernel front: entry and exit, and dispatch by trap cause to the parts. Follows seL4's
// (non-MCS) structure: c_handle_syscall / c_handle_interrupt / c_handle_exception take the
// big kernel lock, the handler runs, schedule() picks the next thread, restore_user_context
// releases the lock and returns.
#include "kernel_model/kernel.h"

#include <algorithm>

namespace uintrsim::kernel {

using namespace rv;

Kernel::Kernel(const KernelParams& p, const PlatformInfo& info, unsigned harts)
    : p_(p),
      info_(info),
      clock_(info.clock_hz, info.timebase_hz),
      entries_(harts),
      syscalls_(*this),
      cspace_(*this),
      untyped_(*this),
      threads_(*this),
      vspace_(*this, harts),
      ipc_(*this),
      notifications_(*this, harts),
      scheduler_(*this, harts),
      faults_(*this),
      async_(*this),
      firmware_(*this) {}

Kernel::~Kernel() = default;

void Kernel::connect(std::vector<KernelPort*> ports) { ports_ = std::move(ports); }

uint64_t Kernel::kernel_page() {
  // From the kernel's reserved memory, above its per-hart data.
  const uint64_t pa = kernel_pool_;
  if (pa + 4096 > info_.ram_base + p_.reserved_bytes) return 0;
  kernel_pool_ += 4096;
  untyped_.zero_memory(nullptr, pa, 4096);
  return pa;
}

void Kernel::enter(KernelPort& h, Tcb* from) {
  Entry& e = entries_[h.hartid()];
  e.kernel_entry_cycle = h.cycle();
  // The assembly entry path (register save, page-table switch) runs before the C handler
  // takes the big kernel lock (seL4 SMP: c_handle_syscall/c_handle_interrupt take it), so
  // it overlaps another core's time inside the kernel.
  if (!from) {
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

void Kernel::exit(KernelPort& h) {
  const Entry& e = entries_[h.hartid()];
  if (e.path == Path::kSyscallDebugHalt) {
    // The machine halts: nothing returns to user mode, so no thread's state is restored (a
    // device access now, e.g. the RTL UINTC's, would wait for simulated time that never comes).
    stats_.kernel_cycles += h.cycle() - e.kernel_entry_cycle;
    lock_free_at_cycle_ = h.cycle();
    h.release_kernel_lock();
    return;
  }
  // ReL4's slow path returns from WakeSyscallHandler without calling schedule(): the caller
  // keeps the core (the model still asks the scheduler, which can only confirm it, for free).
  const bool charge = e.path != Path::kSyscallWakeSyscallHandler || p_.async.wake_schedules;
  Tcb* next = scheduler_.schedule(h, charge);
  if (!next) {
    stats_.kernel_cycles += h.cycle() - e.kernel_entry_cycle;
    lock_free_at_cycle_ = h.cycle();
    h.release_kernel_lock();
    h.enter_idle();
    return;
  }
  notifications_.switch_to(h, next);
  vspace_.switch_to(h, next);
  // seL4's restore_user_context releases the lock first; the register restore and the
  // page-table switch back run outside it.
  lock_free_at_cycle_ = h.cycle();
  h.release_kernel_lock();
  h.touch_data(next->pa, 256, false);
  h.load_registers(next->regs);
  h.charge(p_.cost.trap_exit);
  stats_.kernel_cycles += h.cycle() - e.kernel_entry_cycle;
  if (next->state == ThreadState::kRestart) next->state = ThreadState::kRunning;
  h.return_to_user(next->pc);
}

void Kernel::on_supervisor_trap(KernelPort& h, uint64_t cause, uint64_t tval, uint64_t epc) {
  Entry& e = entries_[h.hartid()];
  e.path = Path::kOther;
  const uint64_t entry_cycle = h.cycle();
  Tcb* t = scheduler_.user_thread(h.hartid());
  const uint64_t t_pa = t ? t->pa : 0;  // `t` may be destroyed by its own syscall
  trace::TraceSink* const tr = info_.trace;
  if (tr) tr->kernel_enter(h.hartid(), entry_cycle, t_pa, t ? t->name : std::string(), cause);
  enter(h, t);
  if (t) {
    save_user(h, t, epc);
    t->user_cycles += entry_cycle - std::min(entry_cycle, e.last_exit_cycle);
    if (cause & kInterruptBit) ++t->n_interrupts;
    else if (cause == kEcallU) ++t->n_syscalls;
    else ++t->n_faults;
  }
  if (cause & kInterruptBit) {
    ++stats_.traps_interrupt;
    const unsigned irq = cause & 63;
    if (irq == kSTI) {
      claim(Path::kInterruptTimer);
      scheduler_.handle_tick(h);
    }
    if (irq == kSSI) {  // a reschedule IPI from another core
      claim(Path::kInterruptIpi);
      h.csr_write(csr::mip, h.csr_read(csr::mip) & ~bit(kSSI));
      if (p_.async.placement == AsyncPlacement::kIdleCoreIpi) async_.run(h);
    }
  } else if (t && cause == kEcallU) {
    ++stats_.traps_syscall;
    t->pc = epc + 4;
    syscalls_.handle(h, t, int64_t(t->regs[kA7]));
  } else if (t) {
    ++stats_.traps_fault;
    faults_.handle_exception(h, t, cause, tval, epc);
  }
  exit(h);
  ++stats_.entries;
  Stats::PathStats& ps = stats_.paths[size_t(e.path)];
  ++ps.count;
  ps.cycles += h.cycle() - entry_cycle;
  if (t && objects_.tcb(t_pa) == t) t->kernel_cycles += h.cycle() - entry_cycle;
  e.last_exit_cycle = h.cycle();
  if (tr) {
    const Tcb* next = scheduler_.user_thread(h.hartid());
    tr->kernel_exit(h.hartid(), h.cycle(), path_name(e.path), next ? next->pa : 0, next ? next->name : std::string());
  }
}

void Kernel::on_machine_trap(KernelPort& h, uint64_t cause, uint64_t tval, uint64_t epc) {
  firmware_.on_machine_trap(h, cause, tval, epc);
}

}  // namespace uintrsim::kernel
