// System calls: seL4 handleSyscall and the slow-path invocation decode of endpoint and notification
// caps (other caps go to their object's invocation code), and the replies to kernel invocations.

#include "kernel_model/kernel.h"

namespace uintrsim::kernel {

using namespace rv;

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

}  // namespace uintrsim::kernel
