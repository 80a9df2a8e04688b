// System calls (seL4 handleSyscall): one table of seL4's RISC-V syscall numbers with their
// names (kernel.syscalls.<name>), statistics path, handler and the named cost charged before
// the handler runs; the slow-path decode of a capability invocation (endpoint send,
// notification signal, or an object invocation through the invocation table), receive and
// reply.
#pragma once
#include <array>
#include <vector>

#include "kernel_model/api/invocation.h"
#include "kernel_model/kernel/part.h"

namespace uintrsim::kernel {

class Syscalls : public Part {
 public:
  struct SyscallInfo {
    int64_t number;                  // seL4 RISC-V syscall number (a7)
    const char* name;                // kernel.syscalls.<name>
    Path path;                       // kernel.path.<path>.*
    void (Syscalls::*handler)(KernelPort&, Tcb*);
    uint64_t KernelCosts::*cost;     // charged before the handler (nullptr: the handler charges)
  };
  static const std::vector<SyscallInfo>& table();

  explicit Syscalls(Kernel& k);
  // The thread `t` trapped with ecall and syscall number `number` (a7).
  void handle(KernelPort& h, Tcb* t, int64_t number);
  // Invokes the object capability in `s` through the invocation table (seL4 decodeInvocation);
  // without Call the thread's registers stay as they were (there is no reply).
  void invoke(KernelPort& h, Tcb* t, Slot* s, seL4_MessageInfo_t info, bool is_call);
  void handle_reply(KernelPort& h, Tcb* t);
  void register_stats(StatsRegistry& st);

 private:
  void sys_call(KernelPort& h, Tcb* t);
  void sys_reply_recv(KernelPort& h, Tcb* t);
  void sys_send(KernelPort& h, Tcb* t);
  void sys_nb_send(KernelPort& h, Tcb* t);
  void sys_recv(KernelPort& h, Tcb* t);
  void sys_nb_recv(KernelPort& h, Tcb* t);
  void sys_yield(KernelPort& h, Tcb* t);
  void sys_debug_putchar(KernelPort& h, Tcb* t);
  void sys_debug_halt(KernelPort& h, Tcb* t);
  void sys_wake_syscall_handler(KernelPort& h, Tcb* t);
  void sys_get_clock(KernelPort& h, Tcb* t);
  void handle_invocation(KernelPort& h, Tcb* t, bool is_call, bool is_blocking);
  void handle_recv(KernelPort& h, Tcb* t, bool blocking);
  void dispatch(const InvocationInfo& e, const Invocation& inv);

  std::array<uint64_t, 32> counts_{};     // by -number
  std::vector<uint64_t> invocations_;     // by invocation-table entry
};

}  // namespace uintrsim::kernel
