// Thread faults: delivered as seL4 fault IPC to the thread's fault endpoint, or reported and
// the thread suspended when it has none.
#pragma once
#include <string>
#include <vector>

#include "kernel_model/kernel/part.h"
#include "kernel_model/objects.h"

namespace uintrsim::kernel {

class Faults : public Part {
 public:
  using Part::Part;
  // `label`: seL4_Fault_*; `msg`: the fault message (msg[0] is the faulting pc); `what`,
  // `cause`, `value`: for the report when there is no handler.
  void handle(KernelPort& h, Tcb* t, uint64_t label, std::vector<uint64_t> msg, const std::string& what,
              uint64_t cause, uint64_t value);
  // A trap from user mode that is not a syscall or an interrupt (scause, stval, sepc).
  void handle_exception(KernelPort& h, Tcb* t, uint64_t cause, uint64_t tval, uint64_t epc);
  void register_stats(StatsRegistry& st);

 private:
  uint64_t unhandled_ = 0;
};

}  // namespace uintrsim::kernel
