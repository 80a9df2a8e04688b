// Kernel entry and exit, system calls, IPC, notifications, scheduling, timer and faults.
// Follows seL4's (non-MCS) semantics; the structure mirrors seL4's handleSyscall,
// sendIPC/receiveIPC, sendSignal/receiveSignal and schedule.
#include "kernel_model/kernel.h"

#include <algorithm>
#include <cstring>

#include "sim/stats/stats_registry.h"

namespace uintrsim::kernel {

using namespace rv;

namespace {
constexpr unsigned kA0 = 10, kA1 = 11, kA2 = 12, kA7 = 17;
constexpr uint64_t kIpcBufferMsgOffset = 8;  // offsetof(seL4_IPCBuffer, msg)
}  // namespace

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

// ---------------------------------------------------------------------------------------
// entry and exit

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
    const uint64_t satp = (8ull << 60) | (next->vspace.cap.mapped_asid << 44) | (next->vspace.cap.obj >> 12);
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
  running_on_ = &h;
  const uint64_t entry_cycle = h.cycle();
  path_ = "other";
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
    if (irq == kSTI) { path_ = "interrupt.timer"; handle_tick(h, c); }
    if (irq == kSSI) {  // a reschedule IPI from another core
      path_ = "interrupt.ipi";
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
    path_ = "fault";
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
  KernelStats::Path& ps = stats_.paths[path_];
  ++ps.count;
  ps.cycles += h.cycle() - entry_cycle;
  if (from_user && tcb_at(t->pa) == t) t->kernel_cycles += h.cycle() - entry_cycle;
  c.last_exit_cycle = h.cycle();
}

nlohmann::json Kernel::threads_json() const {
  static const char* states[] = {"inactive", "running", "restart", "blocked_on_send", "blocked_on_receive",
                                 "blocked_on_reply", "blocked_on_notification", "idle"};
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [pa, t] : tcbs_)  // ordered by TCB address: deterministic
    out.push_back({{"name", t->name}, {"tcb", pa}, {"core", t->core}, {"priority", t->priority},
                   {"state", states[size_t(t->state)]}, {"syscalls", t->n_syscalls},
                   {"interrupts", t->n_interrupts}, {"faults", t->n_faults},
                   {"kernel_cycles", t->kernel_cycles}, {"user_cycles", t->user_cycles}});
  return out;
}

// The firmware part (SBI-like): the machine timer is forwarded to the supervisor as STIP,
// as OpenSBI does; nothing else is expected in M-mode once the kernel runs.
void Kernel::on_machine_trap(KernelPort& h, uint64_t cause, uint64_t tval, uint64_t epc) {
  h.charge(p_.cost.sbi_timer);
  if (cause == (kInterruptBit | kMTI)) {
    uint64_t mip = 0, mie = 0;
    mip = h.csr_read(csr::mip);
    h.csr_write(csr::mip, mip | bit(kSTI));
    mie = h.csr_read(csr::mie);
    h.csr_write(csr::mie, mie & ~bit(kMTI));
    h.return_from_firmware();
    return;
  }
  if (cause == (kInterruptBit | kMSI)) {  // IPI: clear msip, raise SSIP (as OpenSBI does)
    h.clear_ipi();
    uint64_t mip = 0;
    mip = h.csr_read(csr::mip);
    h.csr_write(csr::mip, mip | bit(kSSI));
    h.return_from_firmware();
    return;
  }
  char msg[160];
  std::snprintf(msg, sizeof msg, "kernel: unexpected machine-mode trap, cause %llu tval 0x%llx at pc 0x%llx\n",
                (unsigned long long)cause, (unsigned long long)tval, (unsigned long long)epc);
  info_.console(msg, std::strlen(msg));
  info_.halt(122);
  h.stop();
}

// ---------------------------------------------------------------------------------------
// system calls

void Kernel::handle_syscall(KernelPort& h, Tcb* t, int64_t n) {
  if (n < 0 && -n < int64_t(stats_.syscalls.size())) ++stats_.syscalls[size_t(-n)];
  static const char* kPath[] = {"syscall.unknown", "syscall.call", "syscall.reply_recv", "syscall.send",
                                "syscall.nb_send", "syscall.recv", "syscall.reply", "syscall.yield",
                                "syscall.nb_recv", "syscall.debug_putchar", "syscall.unknown", "syscall.debug_halt",
                                "syscall.unknown", "syscall.unknown", "syscall.unknown", "syscall.unknown",
                                "syscall.wake_syscall_handler", "syscall.get_clock"};
  path_ = (n < 0 && -n < 18) ? kPath[-n] : "syscall.unknown";
  switch (n) {
    case seL4_SysCall:
    case seL4_SysReplyRecv:
      if (try_fastpath(h, t, n)) return;
      h.charge(p_.cost.slowpath);
      if (n == seL4_SysCall) handle_invocation(h, t, true, true);
      else {
        handle_reply(h, t);
        handle_recv(h, t, true);
      }
      return;
    case seL4_SysSend: h.charge(p_.cost.slowpath); handle_invocation(h, t, false, true); return;
    case seL4_SysNBSend: h.charge(p_.cost.slowpath); handle_invocation(h, t, false, false); return;
    case seL4_SysRecv: h.charge(p_.cost.slowpath); handle_recv(h, t, true); return;
    case seL4_SysNBRecv: h.charge(p_.cost.slowpath); handle_recv(h, t, false); return;
    case seL4_SysReply: h.charge(p_.cost.slowpath); handle_reply(h, t); return;
    case seL4_SysYield: {
      h.charge(p_.cost.yield);
      // seL4: the current thread goes to the back of its priority queue.
      cores_[t->core].current_to_back = true;
      return;
    }
    case seL4_SysDebugPutChar: {
      h.charge(p_.cost.debug_putchar);
      const char ch = char(t->regs[kA0]);
      info_.console(&ch, 1);
      return;
    }
    case seL4_SysDebugHalt:
      info_.halt(int(t->regs[kA0] & 0x7fffffff));
      h.stop();
      return;
    case seL4_SysGetClock: {
      h.charge(p_.cost.get_clock);
      uint64_t now = 0;
      now = h.csr_read(csr::time);
      t->regs[kA0] = now;
      return;
    }
    case seL4_SysWakeSyscallHandler:
      wake_syscall_handler(h, t);
      return;
    default:
      // seL4_Fault_UnknownSyscall: the message carries the registers and the number.
      handle_fault(h, t, seL4_Fault_UnknownSyscall, {t->pc - 4, t->regs[2], uint64_t(n)}, "unknown syscall",
                   kEcallU, uint64_t(n));
      return;
  }
}

// The Call/ReplyRecv fastpath (seL4 fastpath_call / fastpath_reply_recv): taken when the
// message fits in registers, no caps travel, and the partner is waiting at the right
// priority on the same core. It has its own (lower) cost.
bool Kernel::try_fastpath(KernelPort& h, Tcb* t, int64_t n) {
  const seL4_MessageInfo_t info{{t->regs[kA1]}};
  if (seL4_MessageInfo_get_extraCaps(info) != 0 || seL4_MessageInfo_get_length(info) > seL4_FastMessageRegisters)
    return false;
  if (t->bound && t->bound->active) return false;
  if (n == seL4_SysCall) {
    Slot* s = lookup_slot(t, t->regs[kA0], 64);
    if (!s || s->cap.type != CapType::kEndpoint || !s->cap.can_write() ||
        !(s->cap.can_grant() || s->cap.can_grant_reply()))
      return false;
    Endpoint* ep = endpoint_at(s->cap.obj);
    if (!ep || ep->state != Endpoint::State::kRecv) return false;
    Tcb* dest = ep->queue.front();
    if (dest->core != t->core || dest->priority < t->priority) return false;
    ++stats_.fastpath;
    path_ = "fastpath.call";
    h.charge(p_.cost.fastpath);
    send_ipc(h, t, *ep, s->cap.badge, true, true, true);
    return true;
  }
  // ReplyRecv
  Tcb* caller = t->caller;
  if (!caller || caller->send_is_fault || caller->core != t->core) return false;
  Slot* s = lookup_slot(t, t->regs[kA0], 64);
  if (!s || s->cap.type != CapType::kEndpoint || !s->cap.can_read()) return false;
  Endpoint* ep = endpoint_at(s->cap.obj);
  if (!ep || ep->state == Endpoint::State::kSend) return false;
  ++stats_.fastpath;
  path_ = "fastpath.reply_recv";
  h.charge(p_.cost.fastpath);
  handle_reply(h, t);
  receive_ipc(h, t, *ep, true);
  return true;
}

void Kernel::handle_invocation(KernelPort& h, Tcb* t, bool is_call, bool is_blocking) {
  const uint64_t cptr = t->regs[kA0];
  const seL4_MessageInfo_t info{{t->regs[kA1]}};
  Slot* s = lookup_slot(t, cptr, 64);
  if (!s) {
    // seL4: an unresolvable CPtr is a cap fault (not an error reply).
    if (is_blocking) handle_fault(h, t, seL4_Fault_CapFault, {t->pc - 4, cptr, 0}, "cap fault (invalid CPtr)", kEcallU, cptr);
    return;
  }
  const Cap cap = s->cap;
  touch(h, cap.obj, 64, false);
  switch (cap.type) {
    case CapType::kEndpoint: {
      if (!cap.can_write()) {
        if (is_call) reply_error(t, seL4_InvalidCapability);
        return;
      }
      Endpoint* ep = endpoint_at(cap.obj);
      h.charge(p_.cost.ipc_transfer);
      send_ipc(h, t, *ep, cap.badge, is_blocking, is_call, cap.can_grant() || cap.can_grant_reply());
      return;
    }
    case CapType::kNotification: {
      if (!cap.can_write()) {
        if (is_call) reply_error(t, seL4_InvalidCapability);
        return;
      }
      const uint64_t label = seL4_MessageInfo_get_label(info);
      if (is_call && (label == UintrRegisterReceiver || label == UintrRegisterSender ||
                      label == UintrRegisterAsyncSyscall)) {
        invoke_uintr(h, t, s, info);
        return;
      }
      h.charge(p_.cost.signal);
      Notification* n = notification_at(cap.obj);
      send_signal(h, *n, cap.badge);
      if (n->uintr) uintr_signal(h, *n, cap.badge);
      if (is_call) reply_ok(t);
      return;
    }
    case CapType::kNull:
      if (is_call) reply_error(t, seL4_InvalidCapability);
      return;
    default:
      invoke(h, t, s, info, is_call);
      return;
  }
}

void Kernel::handle_recv(KernelPort& h, Tcb* t, bool blocking) {
  const uint64_t cptr = t->regs[kA0];
  Slot* s = lookup_slot(t, cptr, 64);
  if (!s || (s->cap.type != CapType::kEndpoint && s->cap.type != CapType::kNotification)) {
    handle_fault(h, t, seL4_Fault_CapFault, {t->pc - 4, cptr, 1}, "cap fault on receive", kEcallU, cptr);
    return;
  }
  if (!s->cap.can_read()) {
    handle_fault(h, t, seL4_Fault_CapFault, {t->pc - 4, cptr, 1}, "receive without read right", kEcallU, cptr);
    return;
  }
  if (s->cap.type == CapType::kEndpoint) {
    receive_ipc(h, t, *endpoint_at(s->cap.obj), blocking);
  } else {
    Notification* n = notification_at(s->cap.obj);
    if (n->bound_tcb && n->bound_tcb != t) {
      handle_fault(h, t, seL4_Fault_CapFault, {t->pc - 4, cptr, 1}, "wait on a notification bound to another thread",
                   kEcallU, cptr);
      return;
    }
    h.charge(p_.cost.wait);
    receive_signal(h, t, *n, blocking);
  }
}

void Kernel::handle_reply(KernelPort& h, Tcb* t) {
  Tcb* caller = t->caller;
  t->caller = nullptr;
  if (caller && caller->state == ThreadState::kBlockedOnReply) do_reply(h, t, caller);
}

// ---------------------------------------------------------------------------------------
// IPC

bool Kernel::ipc_buffer_pa(Tcb* t, uint64_t& pa) const {
  const Cap& f = t->ipc_frame.cap;
  if (f.type != CapType::kFrame || t->ipc_buffer_vaddr == 0) return false;
  pa = f.obj + (t->ipc_buffer_vaddr & ((1ull << f.size_bits) - 1));
  return true;
}

uint64_t Kernel::get_mr(KernelPort& h, Tcb* t, unsigned i) {
  if (i < seL4_FastMessageRegisters) return t->regs[kA2 + i];
  uint64_t pa, v = 0;
  if (!ipc_buffer_pa(t, pa)) return 0;
  h.phys_read(pa + kIpcBufferMsgOffset + 8 * i, &v, 8);
  touch(h, pa + kIpcBufferMsgOffset + 8 * i, 8, false);
  return v;
}

void Kernel::set_mr(KernelPort& h, Tcb* t, unsigned i, uint64_t v) {
  if (i < seL4_FastMessageRegisters) {
    t->regs[kA2 + i] = v;
    return;
  }
  uint64_t pa;
  if (!ipc_buffer_pa(t, pa)) return;
  h.phys_write(pa + kIpcBufferMsgOffset + 8 * i, &v, 8);
  touch(h, pa + kIpcBufferMsgOffset + 8 * i, 8, true);
}

void Kernel::transfer(KernelPort& h, Tcb* from, Tcb* to, uint64_t badge, seL4_MessageInfo_t info, uint64_t ep_pa,
                      bool can_grant) {
  unsigned len = unsigned(std::min<uint64_t>(seL4_MessageInfo_get_length(info), seL4_MsgMaxLength));
  uint64_t from_buf = 0, to_buf = 0;
  const bool bufs = ipc_buffer_pa(from, from_buf) && ipc_buffer_pa(to, to_buf);
  if (!bufs) len = std::min(len, unsigned(seL4_FastMessageRegisters));
  for (unsigned i = 0; i < len; ++i) set_mr(h, to, i, get_mr(h, from, i));
  h.charge(p_.cost.per_mr * len);
  unsigned caps = 0, unwrapped = 0;
  if (bufs) {
    Slot* dest = nullptr;  // the receiver's receive slot, if it names an empty one
    uint64_t recv[3];
    h.phys_read(to_buf + offsetof(seL4_IPCBuffer, receiveCNode), recv, sizeof recv);
    if (Slot* root = lookup_slot(to, recv[0], 64))
      if (root->cap.type == CapType::kCNode && recv[2] <= 64)
        if (Slot* d = recv[2] ? lookup_slot(to, recv[1], unsigned(recv[2]), &root->cap) : nullptr)
          if (d->cap.null()) dest = d;
    const unsigned n = unsigned(seL4_MessageInfo_get_extraCaps(info));
    for (unsigned i = 0; i < n; ++i) {
      uint64_t cptr = 0;
      h.phys_read(from_buf + offsetof(seL4_IPCBuffer, caps_or_badges) + 8 * i, &cptr, 8);
      Slot* s = lookup_slot(from, cptr, 64);
      if (!s || s->cap.null()) break;
      if (s->cap.type == CapType::kEndpoint && s->cap.obj == ep_pa && ep_pa) {
        const uint64_t b = s->cap.badge;  // unwrapped: the receiver gets the badge only
        h.phys_write(to_buf + offsetof(seL4_IPCBuffer, caps_or_badges) + 8 * i, &b, 8);
        unwrapped |= 1u << i;
      } else {
        if (!can_grant || !dest) break;
        Cap c = s->cap;
        if (c.type == CapType::kFrame) { c.mapped_asid = 0; c.mapped_vaddr = 0; }
        if (c.type == CapType::kPageTable && !c.mapped_asid) break;
        insert_cap(dest, c, s);
        dest = nullptr;  // one receive slot
      }
      ++caps;
    }
  }
  to->regs[kA0] = badge;
  to->regs[kA1] = seL4_MessageInfo_new(seL4_MessageInfo_get_label(info), unwrapped, caps, len).words[0];
}

void Kernel::send_ipc(KernelPort& h, Tcb* sender, Endpoint& ep, uint64_t badge, bool blocking, bool is_call,
                      bool can_grant) {
  touch(h, ep.pa, 16, true);
  if (ep.state == Endpoint::State::kRecv) {
    Tcb* dest = ep.queue.front();
    ep.queue.pop_front();
    if (ep.queue.empty()) ep.state = Endpoint::State::kIdle;
    dest->blocked_on = 0;
    const seL4_MessageInfo_t info{{sender->regs[kA1]}};
    if (sender->send_is_fault) {
      for (unsigned i = 0; i < sender->fault_msg.size(); ++i) set_mr(h, dest, i, sender->fault_msg[i]);
      dest->regs[kA0] = badge;
      dest->regs[kA1] = seL4_MessageInfo_new(sender->fault_label, 0, 0, sender->fault_msg.size()).words[0];
    } else {
      transfer(h, sender, dest, badge, info, ep.pa, can_grant);
    }
    make_runnable(dest);
    if (is_call) {
      if (can_grant || sender->send_is_fault) {
        dest->caller = sender;
        block(sender, ThreadState::kBlockedOnReply);
      } else {
        block(sender, ThreadState::kInactive);
      }
    }
    return;
  }
  if (!blocking) return;
  sender->send_badge = badge;
  sender->send_is_call = is_call;
  sender->send_can_grant = can_grant;
  sender->blocked_on = ep.pa;
  block(sender, ThreadState::kBlockedOnSend);
  ep.queue.push_back(sender);
  ep.state = Endpoint::State::kSend;
}

void Kernel::receive_ipc(KernelPort& h, Tcb* receiver, Endpoint& ep, bool blocking) {
  touch(h, ep.pa, 16, true);
  if (receiver->bound && receiver->bound->active) {  // a bound notification takes precedence
    receive_signal(h, receiver, *receiver->bound, false);
    return;
  }
  if (ep.state == Endpoint::State::kSend) {
    Tcb* sender = ep.queue.front();
    ep.queue.pop_front();
    if (ep.queue.empty()) ep.state = Endpoint::State::kIdle;
    sender->blocked_on = 0;
    if (sender->send_is_fault) {
      for (unsigned i = 0; i < sender->fault_msg.size(); ++i) set_mr(h, receiver, i, sender->fault_msg[i]);
      receiver->regs[kA0] = sender->send_badge;
      receiver->regs[kA1] = seL4_MessageInfo_new(sender->fault_label, 0, 0, sender->fault_msg.size()).words[0];
    } else {
      transfer(h, sender, receiver, sender->send_badge, seL4_MessageInfo_t{{sender->regs[kA1]}}, ep.pa,
               sender->send_can_grant);
    }
    if (sender->send_is_call || sender->send_is_fault) {
      if (sender->send_can_grant || sender->send_is_fault) {
        receiver->caller = sender;
        block(sender, ThreadState::kBlockedOnReply);
      } else {
        block(sender, ThreadState::kInactive);
      }
    } else {
      make_runnable(sender);
    }
    return;
  }
  if (!blocking) {
    receiver->regs[kA0] = 0;
    receiver->regs[kA1] = 0;
    return;
  }
  receiver->blocked_on = ep.pa;
  block(receiver, ThreadState::kBlockedOnReceive);
  ep.queue.push_back(receiver);
  ep.state = Endpoint::State::kRecv;
}

void Kernel::do_reply(KernelPort& h, Tcb* replier, Tcb* caller) {
  if (caller->send_is_fault) {
    // seL4: a reply with label 0 restarts the faulting thread; otherwise it stays suspended.
    caller->send_is_fault = false;
    const seL4_MessageInfo_t info{{replier->regs[kA1]}};
    if (seL4_MessageInfo_get_label(info) == 0) make_runnable(caller);
    else block(caller, ThreadState::kInactive);
    return;
  }
  h.charge(p_.cost.ipc_transfer);
  transfer(h, replier, caller, 0, seL4_MessageInfo_t{{replier->regs[kA1]}}, 0, true);  // grant-reply
  make_runnable(caller);
}

void Kernel::cancel_ipc(Tcb* t) {
  if (t->state == ThreadState::kBlockedOnSend || t->state == ThreadState::kBlockedOnReceive) {
    if (Endpoint* ep = endpoint_at(t->blocked_on)) {
      ep->queue.erase(std::remove(ep->queue.begin(), ep->queue.end(), t), ep->queue.end());
      if (ep->queue.empty()) ep->state = Endpoint::State::kIdle;
    }
  } else if (t->state == ThreadState::kBlockedOnNotification) {
    if (Notification* n = notification_at(t->blocked_on))
      n->waiters.erase(std::remove(n->waiters.begin(), n->waiters.end(), t), n->waiters.end());
  }
  t->blocked_on = 0;
}

void Kernel::send_signal(KernelPort& h, Notification& n, uint64_t badge) {
  touch(h, n.pa, 32, true);
  if (!n.waiters.empty()) {
    Tcb* t = n.waiters.front();
    n.waiters.pop_front();
    t->blocked_on = 0;
    t->regs[kA0] = badge;
    make_runnable(t);
    return;
  }
  Tcb* b = n.bound_tcb;
  if (b && b->state == ThreadState::kBlockedOnReceive) {  // wake the bound thread from its endpoint wait
    cancel_ipc(b);
    b->regs[kA0] = badge;
    make_runnable(b);
    return;
  }
  n.word |= badge;
  n.active = true;
}

void Kernel::receive_signal(KernelPort& h, Tcb* t, Notification& n, bool blocking) {
  touch(h, n.pa, 32, true);
  if (n.active) {
    t->regs[kA0] = n.word;
    n.word = 0;
    n.active = false;
    return;
  }
  if (!blocking) {
    t->regs[kA0] = 0;
    return;
  }
  t->blocked_on = n.pa;
  block(t, ThreadState::kBlockedOnNotification);
  n.waiters.push_back(t);
}

// ---------------------------------------------------------------------------------------
// faults

void Kernel::handle_fault(KernelPort& h, Tcb* t, uint64_t label, std::vector<uint64_t> msg, const std::string& what,
                          uint64_t cause, uint64_t value) {
  Slot* s = t->fault_ep ? lookup_slot(t, t->fault_ep, 64) : nullptr;
  if (s && s->cap.type == CapType::kEndpoint && s->cap.can_write()) {
    t->fault_label = label;
    t->fault_msg = std::move(msg);
    t->send_is_fault = true;
    send_ipc(h, t, *endpoint_at(s->cap.obj), s->cap.badge, true, true, true);
    return;
  }
  ++stats_.faults_unhandled;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "kernel: thread '%s' (tcb 0x%llx) %s at pc 0x%llx (scause %llu, stval/value 0x%llx); "
                "no fault handler, thread suspended\n",
                t->name.c_str(), (unsigned long long)t->pa, what.c_str(), (unsigned long long)msg[0],
                (unsigned long long)cause, (unsigned long long)value);
  info_.console(buf, std::strlen(buf));
  cancel_ipc(t);
  block(t, ThreadState::kInactive);
}

// ---------------------------------------------------------------------------------------
// scheduling

void Kernel::make_runnable(Tcb* t) {
  t->state = ThreadState::kRunning;
  Core& c = cores_[t->core];
  if (c.current == t || t->ready_queued) return;
  c.ready[t->priority].push_back(t);
  t->ready_queued = true;
  // A thread of another core: that core reschedules if it idles or runs lower priority.
  if (running_on_ && t->core != running_on_->hartid()) {
    Tcb* cur = c.current;
    if (!cur || cur == &c.idle || cur->priority < t->priority) send_ipi(t->core);
  }
}

void Kernel::send_ipi(unsigned core) {
  running_on_->send_ipi(core);  // msip: the firmware forwards it
}

// Non-MCS seL4 has no timeouts: when no thread on any core can run, none ever will.
void Kernel::check_deadlock() {
  if (!async_.empty()) return;  // kernel coroutines may still run at ticks: not provably stuck
  for (auto& [pa, t] : tcbs_)
    if (t->state == ThreadState::kRunning || t->state == ThreadState::kRestart) return;
  std::string r = "kernel: no thread can run any more (deadlock); threads:";
  static const char* names[] = {"inactive", "running", "restart", "blocked on send", "blocked on receive",
                                "blocked on reply", "blocked on notification", "idle"};
  for (auto& [pa, t] : tcbs_) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "\n  %s (tcb 0x%llx): %s, pc 0x%llx", t->name.c_str(), (unsigned long long)pa,
                  names[size_t(t->state)], (unsigned long long)t->pc);
    r += buf;
  }
  if (info_.deadlock) info_.deadlock(r);
}

void Kernel::remove_from_ready(Tcb* t) {
  if (!t->ready_queued) return;
  auto& q = cores_[t->core].ready[t->priority];
  q.erase(std::remove(q.begin(), q.end(), t), q.end());
  t->ready_queued = false;
}

void Kernel::block(Tcb* t, ThreadState s) {
  t->state = s;
  remove_from_ready(t);
}

// The highest-priority runnable thread; the current thread keeps the core against equal
// priority (seL4 switches only to strictly higher priority, or on yield/time-slice end).
Tcb* Kernel::choose(Core& c, bool prefer_current) {
  Tcb* cur = prefer_current && c.current && c.current != &c.idle &&
                     (c.current->state == ThreadState::kRunning || c.current->state == ThreadState::kRestart)
                 ? c.current
                 : nullptr;
  for (int p = 255; p >= 0; --p) {
    auto& q = c.ready[size_t(p)];
    while (!q.empty() && q.front()->state != ThreadState::kRunning && q.front()->state != ThreadState::kRestart) {
      q.front()->ready_queued = false;
      q.pop_front();
    }
    if (q.empty()) continue;
    if (cur && int(cur->priority) >= p) return cur;
    return q.front();
  }
  return cur;
}

uint64_t Kernel::tick_period(unsigned core) const {
  // The polling placement's core wakes up every poll interval instead of every tick.
  if (p_.async.placement == AsyncPlacement::kPollingCore && core == p_.async.core)
    return std::max<uint64_t>(1, clock_.ticks_of_cycles(p_.async.poll_interval_cycles));
  return clock_.ticks_of_us(p_.tick_us);
}

void Kernel::program_timer(KernelPort& h, Core& c) {
  uint64_t now = 0;
  now = h.csr_read(csr::time);
  const uint64_t period = tick_period(h.hartid());
  c.next_tick_mtime = (c.next_tick_mtime && c.next_tick_mtime > now) ? c.next_tick_mtime : now + period;
  const uint64_t cmp = c.next_tick_mtime;
  h.set_timer(cmp);  // SBI set_timer
  uint64_t mip = 0, mie = 0;
  mip = h.csr_read(csr::mip);
  h.csr_write(csr::mip, mip & ~bit(kSTI));
  mie = h.csr_read(csr::mie);
  h.csr_write(csr::mie, mie | bit(kMTI));
}

void Kernel::handle_tick(KernelPort& h, Core& c) {
  ++stats_.ticks;
  h.charge(p_.cost.timer_tick);
  // Kernel coroutines run in the tick, before the timer is re-armed (ReL4).
  if (async_may_run_on(c, h.hartid())) run_async(h);
  check_lost_wakeups(h);
  if (p_.timer_relative) {
    c.next_tick_mtime = 0;  // seL4 resetTimer: the next tick is one period after now
  } else {
    c.next_tick_mtime += tick_period(h.hartid());
  }
  program_timer(h, c);
  Tcb* t = c.current;
  if (t && t != &c.idle && t->state == ThreadState::kRunning) {
    if (t->time_slice > 1) {
      --t->time_slice;
    } else {
      t->time_slice = p_.timeslice_ticks;
      c.current_to_back = true;  // time slice over: to the back of its queue
    }
  }
}

// ---------------------------------------------------------------------------------------
// replies to kernel invocations

void Kernel::reply_error(Tcb* t, seL4_Error e, std::initializer_list<uint64_t> detail) {
  t->regs[kA0] = 0;
  t->regs[kA1] = seL4_MessageInfo_new(e, 0, 0, detail.size()).words[0];
  unsigned i = 0;
  for (uint64_t d : detail)
    if (i < seL4_FastMessageRegisters) t->regs[kA2 + i++] = d;
}

void Kernel::reply_ok(Tcb* t, std::initializer_list<uint64_t> mrs) {
  t->regs[kA0] = 0;
  t->regs[kA1] = seL4_MessageInfo_new(0, 0, 0, mrs.size()).words[0];
  unsigned i = 0;
  for (uint64_t d : mrs)
    if (i < seL4_FastMessageRegisters) t->regs[kA2 + i++] = d;
}

// ---------------------------------------------------------------------------------------
// statistics

void Kernel::register_stats(StatsRegistry& st) {
  KernelStats* s = &stats_;
  st.add_counter("kernel.traps.syscall", "traps", "U->S ecalls (system calls, wake syscalls included)",
                 [s] { return s->traps_syscall; });
  st.add_counter("kernel.traps.interrupt", "traps", "interrupts handled by the kernel", [s] { return s->traps_interrupt; });
  st.add_counter("kernel.traps.fault", "traps", "thread faults (VM faults, user exceptions)", [s] { return s->traps_fault; });
  st.add_counter("kernel.fastpath", "syscalls", "Call/ReplyRecv handled on the fastpath", [s] { return s->fastpath; });
  st.add_counter("kernel.context_switches", "switches", "thread switches", [s] { return s->context_switches; });
  st.add_counter("kernel.ticks", "ticks", "timer ticks handled", [s] { return s->ticks; });
  st.add_counter("kernel.faults_unhandled", "faults", "faults with no handler (thread suspended)",
                 [s] { return s->faults_unhandled; });
  st.add_counter("kernel.cycles", "cycles", "cycles spent in the kernel model (all harts)", [s] { return s->kernel_cycles; });
  st.add_counter("kernel.lock_wait_cycles", "cycles", "cycles waiting for the big kernel lock",
                 [s] { return s->lock_wait_cycles; });
  st.add_counter("kernel.async.wakes", "syscalls", "WakeSyscallHandler calls by registered threads", [s] { return s->async_wakes; });
  st.add_counter("kernel.async.activations", "activations", "kernel-coroutine runs (executor fetches)",
                 [s] { return s->async_activations; });
  st.add_counter("kernel.async.requests", "requests", "asynchronous requests executed", [s] { return s->async_requests; });
  st.add_counter("kernel.async.notifications", "interrupts", "user interrupts sent to response coroutines",
                 [s] { return s->async_notifications; });
  st.add_counter("kernel.async.stranded", "events",
                 "lost wake-ups: requests found after going offline under the thesis protocol", [s] { return s->async_stranded; });
  st.add_counter("kernel.async.rechecks", "events", "fixed protocol: requests found by the re-check after going offline",
                 [s] { return s->async_rechecks; });
  st.add_counter("kernel.async.buffer_errors", "events", "inconsistent shared buffers (requests abandoned)",
                 [s] { return s->async_buffer_errors; });
  st.add_counter("kernel.async.result_overflow", "requests", "results dropped on a full result ring",
                 [s] { return s->async_result_overflow; });
  static const std::pair<int, const char*> kNames[] = {
      {1, "call"}, {2, "reply_recv"}, {3, "send"}, {4, "nb_send"}, {5, "recv"}, {6, "reply"},
      {7, "yield"}, {8, "nb_recv"}, {9, "debug_putchar"}, {16, "wake_syscall_handler"}, {17, "get_clock"}};
  for (auto [n, name] : kNames)
    st.add_counter(std::string("kernel.syscalls.") + name, "syscalls", std::string("seL4 syscall ") + name,
                   [s, n] { return s->syscalls[size_t(n)]; });
  static const char* kPaths[] = {
      "syscall.call", "syscall.reply_recv", "syscall.send", "syscall.nb_send", "syscall.recv", "syscall.reply",
      "syscall.yield", "syscall.nb_recv", "syscall.debug_putchar", "syscall.debug_halt",
      "syscall.wake_syscall_handler", "syscall.get_clock", "syscall.unknown", "fastpath.call",
      "fastpath.reply_recv", "untyped_retype", "cnode", "tcb", "page_map", "page_unmap", "page_get_address",
      "page_table_map", "page_table_unmap", "asid_assign", "interrupt.timer", "interrupt.ipi", "fault", "other"};
  for (const char* p : kPaths) {
    const std::string key = p;
    st.add_counter("kernel.path." + key + ".count", "entries", "kernel entries that took path " + key,
                   [s, key] { auto it = s->paths.find(key); return it == s->paths.end() ? 0 : it->second.count; });
    st.add_counter("kernel.path." + key + ".cycles", "cycles",
                   "cycles from kernel entry to exit on path " + key + " (lock waits and cache misses included)",
                   [s, key] { auto it = s->paths.find(key); return it == s->paths.end() ? 0 : it->second.cycles; });
  }
}

}  // namespace uintrsim::kernel
