// System calls: seL4 handleSyscall and the slow-path decode of endpoint and notification caps
// (other caps go through the invocation table to their part).
#include "kernel_model/api/syscalls.h"

#include "kernel_model/kernel.h"
#include "sim/stats/stats_registry.h"

namespace uintrsim::kernel {

using namespace rv;

// The syscall table: seL4's RISC-V syscall numbers (abi.h) with their names, statistics path
// and handler, and the named cost charged before the handler runs (none: the handler charges
// what it takes, e.g. Call/ReplyRecv pay the slow path only when the fastpath declines).
// Dispatch, kernel.syscalls.<name> and kernel.path.syscall.<name> all come from here.
const std::vector<Syscalls::SyscallInfo>& Syscalls::table() {
  static const std::vector<SyscallInfo> kTable = {
      {seL4_SysCall, "call", Path::kSyscallCall, &Syscalls::sys_call, nullptr},
      {seL4_SysReplyRecv, "reply_recv", Path::kSyscallReplyRecv, &Syscalls::sys_reply_recv, nullptr},
      {seL4_SysSend, "send", Path::kSyscallSend, &Syscalls::sys_send, &KernelCosts::slowpath},
      {seL4_SysNBSend, "nb_send", Path::kSyscallNBSend, &Syscalls::sys_nb_send, &KernelCosts::slowpath},
      {seL4_SysRecv, "recv", Path::kSyscallRecv, &Syscalls::sys_recv, &KernelCosts::slowpath},
      {seL4_SysReply, "reply", Path::kSyscallReply, &Syscalls::handle_reply, &KernelCosts::slowpath},
      {seL4_SysYield, "yield", Path::kSyscallYield, &Syscalls::sys_yield, &KernelCosts::yield},
      {seL4_SysNBRecv, "nb_recv", Path::kSyscallNBRecv, &Syscalls::sys_nb_recv, &KernelCosts::slowpath},
      {seL4_SysDebugPutChar, "debug_putchar", Path::kSyscallDebugPutChar, &Syscalls::sys_debug_putchar,
       &KernelCosts::debug_putchar},
      {seL4_SysDebugHalt, "debug_halt", Path::kSyscallDebugHalt, &Syscalls::sys_debug_halt, nullptr},
      {seL4_SysWakeSyscallHandler, "wake_syscall_handler", Path::kSyscallWakeSyscallHandler,
       &Syscalls::sys_wake_syscall_handler, &KernelCosts::async_wake},
      {seL4_SysGetClock, "get_clock", Path::kSyscallGetClock, &Syscalls::sys_get_clock, &KernelCosts::get_clock},
  };
  return kTable;
}

Syscalls::Syscalls(Kernel& k) : Part(k), invocations_(invocation_table().size()) {}

void Syscalls::handle(KernelPort& h, Tcb* t, int64_t n) {
  if (n < 0 && -n < int64_t(counts_.size())) ++counts_[size_t(-n)];
  for (const SyscallInfo& e : table()) {
    if (e.number != n) continue;
    claim(e.path);
    if (info_.trace) info_.trace->kernel_arg(h.hartid(), "syscall", e.name);
    if (e.cost) h.charge(p_.cost.*e.cost);
    (this->*e.handler)(h, t);
    return;
  }
  claim(Path::kSyscallUnknown);
  if (info_.trace) info_.trace->kernel_arg(h.hartid(), "syscall", "unknown");
  // seL4_Fault_UnknownSyscall: the message carries the registers and the number.
  faults().handle(h, t, seL4_Fault_UnknownSyscall, {t->pc - 4, t->regs[2], uint64_t(n)}, "unknown syscall", kEcallU,
                  uint64_t(n));
}

void Syscalls::sys_call(KernelPort& h, Tcb* t) {
  if (ipc().try_fastpath(h, t, seL4_SysCall)) return;
  h.charge(p_.cost.slowpath);
  handle_invocation(h, t, true, true);
}

void Syscalls::sys_reply_recv(KernelPort& h, Tcb* t) {
  if (ipc().try_fastpath(h, t, seL4_SysReplyRecv)) return;
  h.charge(p_.cost.slowpath);
  handle_reply(h, t);
  handle_recv(h, t, true);
}

void Syscalls::sys_send(KernelPort& h, Tcb* t) { handle_invocation(h, t, false, true); }
void Syscalls::sys_nb_send(KernelPort& h, Tcb* t) { handle_invocation(h, t, false, false); }
void Syscalls::sys_recv(KernelPort& h, Tcb* t) { handle_recv(h, t, true); }
void Syscalls::sys_nb_recv(KernelPort& h, Tcb* t) { handle_recv(h, t, false); }
void Syscalls::sys_yield(KernelPort&, Tcb* t) { sched().yield(t); }

void Syscalls::sys_debug_putchar(KernelPort&, Tcb* t) {
  const char ch = char(t->regs[kA0]);
  info_.console(&ch, 1);
}

void Syscalls::sys_debug_halt(KernelPort& h, Tcb* t) {
  info_.halt(t->regs[kA0]);  // the whole register: a failing code must not read as 0
  h.stop();
}

void Syscalls::sys_wake_syscall_handler(KernelPort& h, Tcb* t) { async().wake(h, t); }

void Syscalls::sys_get_clock(KernelPort& h, Tcb* t) { t->regs[kA0] = h.csr_read(csr::time); }

void Syscalls::handle_invocation(KernelPort& h, Tcb* t, bool is_call, bool is_blocking) {
  const uint64_t cptr = t->regs[kA0];
  const seL4_MessageInfo_t info{{t->regs[kA1]}};
  Slot* s = cspace().lookup_slot(t, cptr, 64);
  if (!s) {
    // seL4: an unresolvable CPtr is a cap fault (not an error reply).
    if (is_blocking)
      faults().handle(h, t, seL4_Fault_CapFault, {t->pc - 4, cptr, 0}, "cap fault (invalid CPtr)", kEcallU, cptr);
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
      Endpoint* ep = objects().endpoint(cap.obj);
      h.charge(p_.cost.ipc_transfer);
      ipc().send_ipc(h, t, *ep, cap.badge, is_blocking, is_call, cap.can_grant() || cap.can_grant_reply());
      return;
    }
    case CapType::kNotification: {
      if (!cap.can_write()) {
        if (is_call) reply_error(t, seL4_InvalidCapability);
        return;
      }
      // A Call with a U-notification label registers; anything else signals.
      if (is_call)
        if (const InvocationInfo* e = find_invocation(CapType::kNotification, seL4_MessageInfo_get_label(info))) {
          dispatch(*e, Invocation{h, t, s, info});
          return;
        }
      h.charge(p_.cost.signal);
      Notification* n = objects().notification(cap.obj);
      notifications().send_signal(h, *n, cap.badge);
      if (n->uintr) notifications().uintr_signal(h, *n, cap.badge);
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

void Syscalls::dispatch(const InvocationInfo& e, const Invocation& inv) {
  ++invocations_[size_t(&e - invocation_table().data())];
  claim(e.path);
  if (info_.trace) info_.trace->kernel_arg(inv.h.hartid(), "invocation", e.name);
  inv.h.charge(p_.cost.*e.cost);
  e.handler(k_, inv);
}

void Syscalls::invoke(KernelPort& h, Tcb* t, Slot* s, seL4_MessageInfo_t info, bool is_call) {
  const uint64_t saved_a1 = t->regs[kA1];
  if (const InvocationInfo* e = find_invocation(s->cap.type, seL4_MessageInfo_get_label(info)))
    dispatch(*e, Invocation{h, t, s, info});
  else
    reply_error(t, seL4_IllegalOperation);
  // Without Call there is no reply: the registers stay as they were.
  if (!is_call && t->regs[kA1] != saved_a1) t->regs[kA1] = saved_a1;
}

void Syscalls::handle_recv(KernelPort& h, Tcb* t, bool blocking) {
  const uint64_t cptr = t->regs[kA0];
  Slot* s = cspace().lookup_slot(t, cptr, 64);
  if (!s || (s->cap.type != CapType::kEndpoint && s->cap.type != CapType::kNotification)) {
    faults().handle(h, t, seL4_Fault_CapFault, {t->pc - 4, cptr, 1}, "cap fault on receive", kEcallU, cptr);
    return;
  }
  if (!s->cap.can_read()) {
    faults().handle(h, t, seL4_Fault_CapFault, {t->pc - 4, cptr, 1}, "receive without read right", kEcallU, cptr);
    return;
  }
  if (s->cap.type == CapType::kEndpoint) {
    ipc().receive_ipc(h, t, *objects().endpoint(s->cap.obj), blocking);
  } else {
    Notification* n = objects().notification(s->cap.obj);
    if (n->bound_tcb && n->bound_tcb != t) {
      faults().handle(h, t, seL4_Fault_CapFault, {t->pc - 4, cptr, 1},
                      "wait on a notification bound to another thread", kEcallU, cptr);
      return;
    }
    h.charge(p_.cost.wait);
    notifications().receive_signal(h, t, *n, blocking);
  }
}

void Syscalls::handle_reply(KernelPort& h, Tcb* t) {
  Tcb* caller = t->caller;
  t->caller = nullptr;
  if (caller && caller->state == ThreadState::kBlockedOnReply) ipc().do_reply(h, t, caller);
}

void Syscalls::register_stats(StatsRegistry& st) {
  for (const SyscallInfo& e : table()) {
    const uint64_t* n = &counts_[size_t(-e.number)];
    st.add_counter(std::string("kernel.syscalls.") + e.name, "syscalls", std::string("seL4 syscall ") + e.name,
                   [n] { return *n; });
  }
  const auto& inv = invocation_table();
  for (size_t i = 0; i < inv.size(); ++i) {
    const uint64_t* n = &invocations_[i];
    st.add_counter(std::string("kernel.invocations.") + inv[i].name, "invocations",
                   std::string("invocations of ") + cap_type_name(inv[i].cap) + " " + inv[i].name,
                   [n] { return *n; });
  }
}

}  // namespace uintrsim::kernel
