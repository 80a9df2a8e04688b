// IPC (seL4 sendIPC / receiveIPC / doReplyTransfer, non-MCS): endpoints, message registers,
// message and capability transfer, the Call/ReplyRecv fastpath, and cancelling a blocked IPC.
#include <algorithm>

#include "kernel_model/object/ipc.h"

#include "kernel_model/kernel.h"
#include "sim/stats/stats_registry.h"

namespace uintrsim::kernel {

using namespace rv;

// The Call/ReplyRecv fastpath (seL4 fastpath_call / fastpath_reply_recv): taken when the
// message fits in registers, no caps travel, and the partner is waiting at the right
// priority on the same core. It has its own (lower) cost.
bool Ipc::try_fastpath(KernelPort& h, Tcb* t, int64_t n) {
  const seL4_MessageInfo_t info{{t->regs[kA1]}};
  if (seL4_MessageInfo_get_extraCaps(info) != 0 || seL4_MessageInfo_get_length(info) > seL4_FastMessageRegisters)
    return false;
  if (t->bound && t->bound->active) return false;
  if (n == seL4_SysCall) {
    Slot* s = cspace().lookup_slot(t, t->regs[kA0], 64);
    if (!s || s->cap.type != CapType::kEndpoint || !s->cap.can_write() ||
        !(s->cap.can_grant() || s->cap.can_grant_reply()))
      return false;
    Endpoint* ep = objects().endpoint(s->cap.obj);
    if (!ep || ep->state != Endpoint::State::kRecv) return false;
    Tcb* dest = ep->queue.front();
    if (dest->core != t->core || dest->priority < t->priority) return false;
    ++fastpath_;
    claim(Path::kFastpathCall);
    h.charge(p_.cost.fastpath);
    send_ipc(h, t, *ep, s->cap.badge, true, true, true);
    return true;
  }
  // ReplyRecv
  Tcb* caller = t->caller;
  if (!caller || caller->send_is_fault || caller->core != t->core) return false;
  Slot* s = cspace().lookup_slot(t, t->regs[kA0], 64);
  if (!s || s->cap.type != CapType::kEndpoint || !s->cap.can_read()) return false;
  Endpoint* ep = objects().endpoint(s->cap.obj);
  if (!ep || ep->state == Endpoint::State::kSend) return false;
  ++fastpath_;
  claim(Path::kFastpathReplyRecv);
  h.charge(p_.cost.fastpath);
  syscalls().handle_reply(h, t);
  receive_ipc(h, t, *ep, true);
  return true;
}

bool Ipc::ipc_buffer_pa(Tcb* t, uint64_t& pa) const {
  const Cap& f = t->ipc_frame.cap;
  if (f.type != CapType::kFrame || t->ipc_buffer_vaddr == 0) return false;
  pa = f.obj + (t->ipc_buffer_vaddr & ((1ull << f.size_bits) - 1));
  return true;
}

uint64_t Ipc::get_mr(KernelPort& h, Tcb* t, unsigned i) {
  if (i < seL4_FastMessageRegisters) return t->regs[kA2 + i];
  uint64_t pa, v = 0;
  if (!ipc_buffer_pa(t, pa)) return 0;
  h.phys_read(pa + offsetof(seL4_IPCBuffer, msg) + 8 * i, &v, 8);
  touch(h, pa + offsetof(seL4_IPCBuffer, msg) + 8 * i, 8, false);
  return v;
}

void Ipc::set_mr(KernelPort& h, Tcb* t, unsigned i, uint64_t v) {
  if (i < seL4_FastMessageRegisters) {
    t->regs[kA2 + i] = v;
    return;
  }
  uint64_t pa;
  if (!ipc_buffer_pa(t, pa)) return;
  h.phys_write(pa + offsetof(seL4_IPCBuffer, msg) + 8 * i, &v, 8);
  touch(h, pa + offsetof(seL4_IPCBuffer, msg) + 8 * i, 8, true);
}

void Ipc::transfer(KernelPort& h, Tcb* from, Tcb* to, uint64_t badge, seL4_MessageInfo_t info, uint64_t ep_pa,
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
    if (Slot* root = cspace().lookup_slot(to, recv[0], 64))
      if (root->cap.type == CapType::kCNode && recv[2] <= 64)
        if (Slot* d = recv[2] ? cspace().lookup_slot(to, recv[1], unsigned(recv[2]), &root->cap) : nullptr)
          if (d->cap.null()) dest = d;
    const unsigned n = unsigned(seL4_MessageInfo_get_extraCaps(info));
    for (unsigned i = 0; i < n; ++i) {
      uint64_t cptr = 0;
      h.phys_read(from_buf + offsetof(seL4_IPCBuffer, caps_or_badges) + 8 * i, &cptr, 8);
      Slot* s = cspace().lookup_slot(from, cptr, 64);
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
        cspace().insert_cap(dest, c, s);
        dest = nullptr;  // one receive slot
      }
      ++caps;
    }
  }
  to->regs[kA0] = badge;
  to->regs[kA1] = seL4_MessageInfo_new(seL4_MessageInfo_get_label(info), unwrapped, caps, len).words[0];
}

void Ipc::send_ipc(KernelPort& h, Tcb* sender, Endpoint& ep, uint64_t badge, bool blocking, bool is_call,
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
    sched().make_runnable(dest);
    if (is_call) {
      if (can_grant || sender->send_is_fault) {
        dest->caller = sender;
        sched().block(sender, ThreadState::kBlockedOnReply);
      } else {
        sched().block(sender, ThreadState::kInactive);
      }
    }
    return;
  }
  if (!blocking) return;
  sender->send_badge = badge;
  sender->send_is_call = is_call;
  sender->send_can_grant = can_grant;
  sender->blocked_on = ep.pa;
  sched().block(sender, ThreadState::kBlockedOnSend);
  ep.queue.push_back(sender);
  ep.state = Endpoint::State::kSend;
}

void Ipc::receive_ipc(KernelPort& h, Tcb* receiver, Endpoint& ep, bool blocking) {
  touch(h, ep.pa, 16, true);
  if (receiver->bound && receiver->bound->active) {  // a bound notification takes precedence
    notifications().receive_signal(h, receiver, *receiver->bound, false);
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
        sched().block(sender, ThreadState::kBlockedOnReply);
      } else {
        sched().block(sender, ThreadState::kInactive);
      }
    } else {
      sched().make_runnable(sender);
    }
    return;
  }
  if (!blocking) {
    receiver->regs[kA0] = 0;
    receiver->regs[kA1] = 0;
    return;
  }
  receiver->blocked_on = ep.pa;
  sched().block(receiver, ThreadState::kBlockedOnReceive);
  ep.queue.push_back(receiver);
  ep.state = Endpoint::State::kRecv;
}

void Ipc::do_reply(KernelPort& h, Tcb* replier, Tcb* caller) {
  if (caller->send_is_fault) {
    // seL4: a reply with label 0 restarts the faulting thread; otherwise it stays suspended.
    caller->send_is_fault = false;
    const seL4_MessageInfo_t info{{replier->regs[kA1]}};
    if (seL4_MessageInfo_get_label(info) == 0) sched().make_runnable(caller);
    else sched().block(caller, ThreadState::kInactive);
    return;
  }
  h.charge(p_.cost.ipc_transfer);
  transfer(h, replier, caller, 0, seL4_MessageInfo_t{{replier->regs[kA1]}}, 0, true);  // grant-reply
  sched().make_runnable(caller);
}

void Ipc::cancel_ipc(Tcb* t) {
  if (t->state == ThreadState::kBlockedOnSend || t->state == ThreadState::kBlockedOnReceive) {
    if (Endpoint* ep = objects().endpoint(t->blocked_on)) {
      ep->queue.erase(std::remove(ep->queue.begin(), ep->queue.end(), t), ep->queue.end());
      if (ep->queue.empty()) ep->state = Endpoint::State::kIdle;
    }
  } else if (t->state == ThreadState::kBlockedOnNotification) {
    if (Notification* n = objects().notification(t->blocked_on))
      n->waiters.erase(std::remove(n->waiters.begin(), n->waiters.end(), t), n->waiters.end());
  }
  t->blocked_on = 0;
}

void Ipc::register_stats(StatsRegistry& st) {
  const uint64_t* n = &fastpath_;
  st.add_counter("kernel.fastpath", "syscalls", "Call/ReplyRecv handled on the fastpath", [n] { return *n; });
}

}  // namespace uintrsim::kernel
