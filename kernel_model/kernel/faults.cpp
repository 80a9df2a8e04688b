// Thread faults: delivered as seL4 fault IPC to the thread's fault endpoint, or reported and the
// thread suspended when it has none.
#include "kernel_model/kernel/faults.h"

#include <cstring>

#include "kernel_model/kernel.h"
#include "sim/stats/stats_registry.h"

namespace uintrsim::kernel {

using namespace rv;

void Faults::handle(KernelPort& h, Tcb* t, uint64_t label, std::vector<uint64_t> msg, const std::string& what,
                    uint64_t cause, uint64_t value) {
  Slot* s = t->fault_ep ? cspace().lookup_slot(t, t->fault_ep, 64) : nullptr;
  if (s && s->cap.type == CapType::kEndpoint && s->cap.can_write()) {
    t->fault_label = label;
    t->fault_msg = std::move(msg);
    t->send_is_fault = true;
    ipc().send_ipc(h, t, *objects().endpoint(s->cap.obj), s->cap.badge, true, true, true);
    return;
  }
  ++unhandled_;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "kernel: thread '%s' (tcb 0x%llx) %s at pc 0x%llx (scause %llu, stval/value 0x%llx); "
                "no fault handler, thread suspended\n",
                t->name.c_str(), (unsigned long long)t->pa, what.c_str(), (unsigned long long)msg[0],
                (unsigned long long)cause, (unsigned long long)value);
  info_.console(buf, std::strlen(buf));
  ipc().cancel_ipc(t);
  sched().block(t, ThreadState::kInactive);
}

void Faults::handle_exception(KernelPort& h, Tcb* t, uint64_t cause, uint64_t tval, uint64_t epc) {
  claim(Path::kFault);
  h.charge(p_.cost.fault);
  const bool vm = cause == kInsnPageFault || cause == kLoadPageFault || cause == kStorePageFault ||
                  cause == kInsnAccessFault || cause == kLoadAccessFault || cause == kStoreAccessFault;
  if (vm) {
    handle(h, t, seL4_Fault_VMFault,
           {epc, tval, uint64_t(cause == kInsnPageFault || cause == kInsnAccessFault), cause}, "VM fault", cause,
           tval);
  } else {
    // seL4_Fault_UserException: FaultIP, Stack, Number (scause), Code (stval)
    handle(h, t, seL4_Fault_UserException, {epc, t->regs[2], cause, tval}, "user exception", cause, tval);
  }
}

void Faults::register_stats(StatsRegistry& st) {
  const uint64_t* n = &unhandled_;
  st.add_counter("kernel.faults_unhandled", "faults", "faults with no handler (thread suspended)", [n] { return *n; });
}

}  // namespace uintrsim::kernel
