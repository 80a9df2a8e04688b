// Notifications (seL4 sendSignal / receiveSignal), bound notifications included.

#include "kernel_model/object/notifications.h"

#include "kernel_model/kernel.h"

namespace uintrsim::kernel {

using namespace rv;

void Notifications::send_signal(KernelPort& h, Notification& n, uint64_t badge) {
  touch(h, n.pa, 32, true);
  if (!n.waiters.empty()) {
    Tcb* t = n.waiters.front();
    n.waiters.pop_front();
    t->blocked_on = 0;
    t->regs[kA0] = badge;
    sched().make_runnable(t);
    return;
  }
  Tcb* b = n.bound_tcb;
  if (b && b->state == ThreadState::kBlockedOnReceive) {  // wake the bound thread from its endpoint wait
    ipc().cancel_ipc(b);
    b->regs[kA0] = badge;
    sched().make_runnable(b);
    return;
  }
  n.word |= badge;
  n.active = true;
}

void Notifications::receive_signal(KernelPort& h, Tcb* t, Notification& n, bool blocking) {
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
  sched().block(t, ThreadState::kBlockedOnNotification);
  n.waiters.push_back(t);
}

}  // namespace uintrsim::kernel
