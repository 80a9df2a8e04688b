// IPC (seL4 sendIPC / receiveIPC / doReplyTransfer, non-MCS): endpoints, message registers,
// message and capability transfer, the Call/ReplyRecv fastpath, and cancelling a blocked IPC.
#pragma once
#include "kernel_model/kernel/part.h"
#include "kernel_model/objects.h"

namespace uintrsim::kernel {

class Ipc : public Part {
 public:
  using Part::Part;
  // The Call/ReplyRecv fastpath; false when it declines (the slow path handles the syscall).
  bool try_fastpath(KernelPort& h, Tcb* t, int64_t number);
  void send_ipc(KernelPort& h, Tcb* sender, Endpoint& ep, uint64_t badge, bool blocking, bool is_call,
                bool can_grant);
  void receive_ipc(KernelPort& h, Tcb* receiver, Endpoint& ep, bool blocking);
  void do_reply(KernelPort& h, Tcb* replier, Tcb* caller);
  // A thread blocked on an endpoint or notification leaves its queue.
  void cancel_ipc(Tcb* t);
  // Message registers of a thread (registers a2..a5, then the IPC buffer).
  uint64_t get_mr(KernelPort& h, Tcb* t, unsigned i);
  void set_mr(KernelPort& h, Tcb* t, unsigned i, uint64_t v);
  bool ipc_buffer_pa(Tcb* t, uint64_t& pa) const;
  void register_stats(StatsRegistry& st);

 private:
  // Message transfer: MRs, badge and (seL4 transferCaps) extra capabilities: a cap to the
  // endpoint the message travels on is unwrapped into its badge; otherwise, with grant,
  // the first cap is copied into the receiver's receive slot.
  void transfer(KernelPort& h, Tcb* from, Tcb* to, uint64_t badge, seL4_MessageInfo_t info, uint64_t ep_pa,
                bool can_grant);
  uint64_t fastpath_ = 0;
};

}  // namespace uintrsim::kernel
