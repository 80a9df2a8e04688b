// Thread faults: delivered as seL4 fault IPC to the thread's fault endpoint, or reported and the
// thread suspended when it has none.
#include <cstring>

#include "kernel_model/kernel.h"
#include "sim/stats/stats_registry.h"

namespace uintrsim::kernel {

using namespace rv;

void Kernel::handle_fault(KernelPort& h, Tcb* t, uint64_t label, std::vector<uint64_t> msg, const std::string& what,
                          uint64_t cause, uint64_t value) {
  Slot* s = t->fault_ep ? lookup_slot(t, t->fault_ep, 64) : nullptr;
  if (s && s->cap.type == CapType::kEndpoint && s->cap.can_write()) {
    t->fault_label = label;
    t->fault_msg = std::move(msg);
    t->send_is_fault = true;
    send_ipc(h, t, *endpoint_at(s->cap.obj), s->cap.badge, true, true, true);
    return;
  }
  ++stats_.faults_unhandled;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "kernel: thread '%s' (tcb 0x%llx) %s at pc 0x%llx (scause %llu, stval/value 0x%llx); "
                "no fault handler, thread suspended\n",
                t->name.c_str(), (unsigned long long)t->pa, what.c_str(), (unsigned long long)msg[0],
                (unsigned long long)cause, (unsigned long long)value);
  info_.console(buf, std::strlen(buf));
  cancel_ipc(t);
  block(t, ThreadState::kInactive);
}

void Kernel::register_fault_stats(StatsRegistry& st) {
  KernelStats* s = &stats_;
  st.add_counter("kernel.faults_unhandled", "faults", "faults with no handler (thread suspended)",
                 [s] { return s->faults_unhandled; });
}

}  // namespace uintrsim::kernel
