// Notifications (seL4 sendSignal / receiveSignal, bound notifications included) and ReL4's
// U-notifications: kernel-managed UINTC receiver entries, per-thread sender tables, their
// registration invocations, and the save/restore of a thread's user-interrupt state when a
// hart switches threads (docs/hardware-uintr.md, docs/async-syscalls.md).
#pragma once
#include <vector>

#include "kernel_model/api/invocation.h"
#include "kernel_model/kernel/part.h"

namespace uintrsim::kernel {

class Notifications : public Part {
 public:
  Notifications(Kernel& k, unsigned cores);
  void send_signal(KernelPort& h, Notification& n, uint64_t badge);
  void receive_signal(KernelPort& h, Tcb* t, Notification& n, bool blocking);

  // --- U-notifications ---
  // UintrRegisterReceiver / UintrRegisterSender / UintrRegisterAsyncSyscall on a Notification.
  void invoke_uintr(const Invocation& inv);
  // A Signal on a U-notification is also a user interrupt (SEND to the receiver's entry).
  void uintr_signal(KernelPort& h, Notification& n, uint64_t badge);
  // Hart `h` is about to run `next`: its user-interrupt state replaces the owner's.
  void switch_to(KernelPort& h, Tcb* next);
  // `t` is destroyed: no hart holds its user-interrupt state any more.
  void forget(Tcb* t);
  // Sender-table entry `i` of the table at `table` (stride as the hardware uses it).
  void write_sender_entry(uint64_t table, unsigned i, uint64_t vector, uint64_t receiver);
  // The suist value that selects the sender table at `table` (0: none).
  uint64_t suist_for(uint64_t table) const;

 private:
  void uintc_write(KernelPort& h, uint64_t idx, uint64_t reg, uint64_t value);
  void uintr_switch(KernelPort& h, Tcb* prev, Tcb* next);
  void uintr_refresh(Tcb* t);

  std::vector<Tcb*> owner_;     // per hart: whose user-interrupt CSRs are on it
  uint64_t next_receiver_ = 1;  // next free UINTC receiver entry
};

}  // namespace uintrsim::kernel
