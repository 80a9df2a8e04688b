// Notifications (seL4 sendSignal / receiveSignal, bound notifications included) and ReL4's
// U-notifications: kernel-managed receivers (UINTC entries or UPIDs), per-thread sender tables, their
// registration invocations, and the save/restore of a thread's user-interrupt state when a
// hart switches threads (docs/hardware-uintr.md, docs/async-syscalls.md).
#pragma once
#include <memory>
#include <vector>

#include "kernel_model/api/invocation.h"
#include "kernel_model/kernel/part.h"

namespace uintrsim::kernel {

class UintrHardware;

class Notifications : public Part {
 public:
  Notifications(Kernel& k, unsigned cores);
  ~Notifications();
  void send_signal(KernelPort& h, Notification& n, uint64_t badge);
  void receive_signal(KernelPort& h, Tcb* t, Notification& n, bool blocking);

  // --- U-notifications ---
  // UintrRegisterReceiver / UintrRegisterSender / UintrRegisterAsyncSyscall on a Notification.
  void invoke_uintr(const Invocation& inv);
  // A Signal on a U-notification is also a user interrupt (SEND to the receiver's entry).
  void uintr_signal(KernelPort& h, Notification& n, uint64_t badge);
  // Hart `h` is about to run `next`: its user-interrupt state replaces the owner's.
  void switch_to(KernelPort& h, Tcb* next);
  void register_stats(StatsRegistry& st);
  // `t` is destroyed: no hart holds its user-interrupt state any more.
  void forget(Tcb* t);
  // Sender-table entry `i` of the table at `table`: user vector `vector` to receiver `receiver`.
  void write_sender_entry(uint64_t table, unsigned i, uint64_t vector, uint64_t receiver);
  unsigned sender_entries() const;  // entries per sender table
  // The kernel's own send through its sender table at `table` (asynchronous-syscall results).
  void kernel_send(KernelPort& h, uint64_t table, unsigned index);

 private:
  void uintr_switch(KernelPort& h, Tcb* prev, Tcb* next);
  void restore_uintr(KernelPort& h, const Tcb::Uintr& u);
  void uintr_refresh(Tcb* t);

  std::vector<Tcb*> owner_;     // per hart: whose user-interrupt CSRs are on it
  std::unique_ptr<UintrHardware> hw_;  // the UINTC or the posted architecture
};

}  // namespace uintrsim::kernel
