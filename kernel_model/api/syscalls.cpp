// System calls: seL4 handleSyscall and the slow-path invocation decode of endpoint and notification
// caps (other caps go to their object's invocation code), and the replies to kernel invocations.

#include "kernel_model/kernel.h"
#include "sim/stats/stats_registry.h"

namespace uintrsim::kernel {

using namespace rv;

// The syscall table: seL4's RISC-V syscall numbers (abi.h) with their names, statistics path
// and handler, and the named cost charged before the handler runs (none: the handler charges
// what it takes, e.g. Call/ReplyRecv pay the slow path only when the fastpath declines).
// Dispatch, kernel.syscalls.<name> and kernel.path.syscall.<name> all come from here.
const std::vector<Kernel::SyscallInfo>& Kernel::syscall_table() {
  static const std::vector<SyscallInfo> kTable = {
      {seL4_SysCall, "call", Path::kSyscallCall, &Kernel::sys_call, nullptr},
      {seL4_SysReplyRecv, "reply_recv", Path::kSyscallReplyRecv, &Kernel::sys_reply_recv, nullptr},
      {seL4_SysSend, "send", Path::kSyscallSend, &Kernel::sys_send, &KernelCosts::slowpath},
      {seL4_SysNBSend, "nb_send", Path::kSyscallNBSend, &Kernel::sys_nb_send, &KernelCosts::slowpath},
      {seL4_SysRecv, "recv", Path::kSyscallRecv, &Kernel::sys_recv, &KernelCosts::slowpath},
      {seL4_SysReply, "reply", Path::kSyscallReply, &Kernel::handle_reply, &KernelCosts::slowpath},
      {seL4_SysYield, "yield", Path::kSyscallYield, &Kernel::sys_yield, &KernelCosts::yield},
      {seL4_SysNBRecv, "nb_recv", Path::kSyscallNBRecv, &Kernel::sys_nb_recv, &KernelCosts::slowpath},
      {seL4_SysDebugPutChar, "debug_putchar", Path::kSyscallDebugPutChar, &Kernel::sys_debug_putchar,
       &KernelCosts::debug_putchar},
      {seL4_SysDebugHalt, "debug_halt", Path::kSyscallDebugHalt, &Kernel::sys_debug_halt, nullptr},
      {seL4_SysWakeSyscallHandler, "wake_syscall_handler", Path::kSyscallWakeSyscallHandler,
       &Kernel::wake_syscall_handler, &KernelCosts::async_wake},
      {seL4_SysGetClock, "get_clock", Path::kSyscallGetClock, &Kernel::sys_get_clock, &KernelCosts::get_clock},
  };
  return kTable;
}

void Kernel::handle_syscall(KernelPort& h, Tcb* t, int64_t n) {
  if (n < 0 && -n < int64_t(stats_.syscalls.size())) ++stats_.syscalls[size_t(-n)];
  for (const SyscallInfo& e : syscall_table()) {
    if (e.number != n) continue;
    count(e.path);
    if (e.cost) h.charge(p_.cost.*e.cost);
    (this->*e.handler)(h, t);
    return;
  }
  count(Path::kSyscallUnknown);
  // seL4_Fault_UnknownSyscall: the message carries the registers and the number.
  handle_fault(h, t, seL4_Fault_UnknownSyscall, {t->pc - 4, t->regs[2], uint64_t(n)}, "unknown syscall", kEcallU,
               uint64_t(n));
}

void Kernel::sys_call(KernelPort& h, Tcb* t) {
  if (try_fastpath(h, t, seL4_SysCall)) return;
  h.charge(p_.cost.slowpath);
  handle_invocation(h, t, true, true);
}

void Kernel::sys_reply_recv(KernelPort& h, Tcb* t) {
  if (try_fastpath(h, t, seL4_SysReplyRecv)) return;
  h.charge(p_.cost.slowpath);
  handle_reply(h, t);
  handle_recv(h, t, true);
}

void Kernel::sys_send(KernelPort& h, Tcb* t) { handle_invocation(h, t, false, true); }
void Kernel::sys_nb_send(KernelPort& h, Tcb* t) { handle_invocation(h, t, false, false); }
void Kernel::sys_recv(KernelPort& h, Tcb* t) { handle_recv(h, t, true); }
void Kernel::sys_nb_recv(KernelPort& h, Tcb* t) { handle_recv(h, t, false); }

// seL4: the current thread goes to the back of its priority queue.
void Kernel::sys_yield(KernelPort&, Tcb* t) { cores_[t->core].current_to_back = true; }

void Kernel::sys_debug_putchar(KernelPort&, Tcb* t) {
  const char ch = char(t->regs[kA0]);
  info_.console(&ch, 1);
}

void Kernel::sys_debug_halt(KernelPort& h, Tcb* t) {
  info_.halt(t->regs[kA0]);  // the whole register: a failing code must not read as 0
  h.stop();
}

void Kernel::sys_get_clock(KernelPort& h, Tcb* t) { t->regs[kA0] = h.csr_read(csr::time); }

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

void Kernel::register_syscall_stats(StatsRegistry& st) {
  KernelStats* s = &stats_;
  for (const SyscallInfo& e : syscall_table()) {
    const int64_t n = -e.number;
    st.add_counter(std::string("kernel.syscalls.") + e.name, "syscalls", std::string("seL4 syscall ") + e.name,
                   [s, n] { return s->syscalls[size_t(n)]; });
  }
}

}  // namespace uintrsim::kernel
