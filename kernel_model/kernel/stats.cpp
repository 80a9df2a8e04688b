// Statistics of the kernel model and the per-thread results section.
#include "sim/stats/stats_registry.h"

#include "kernel_model/kernel.h"

namespace uintrsim::kernel {

using namespace rv;

void Kernel::register_stats(StatsRegistry& st) {
  KernelStats* s = &stats_;
  st.add_counter("kernel.traps.syscall", "traps", "U->S ecalls (system calls, wake syscalls included)",
                 [s] { return s->traps_syscall; });
  st.add_counter("kernel.traps.interrupt", "traps", "interrupts handled by the kernel", [s] { return s->traps_interrupt; });
  st.add_counter("kernel.traps.fault", "traps", "thread faults (VM faults, user exceptions)", [s] { return s->traps_fault; });
  st.add_counter("kernel.fastpath", "syscalls", "Call/ReplyRecv handled on the fastpath", [s] { return s->fastpath; });
  st.add_counter("kernel.context_switches", "switches", "thread switches", [s] { return s->context_switches; });
  st.add_counter("kernel.ticks", "ticks", "timer ticks handled", [s] { return s->ticks; });
  st.add_counter("kernel.faults_unhandled", "faults", "faults with no handler (thread suspended)",
                 [s] { return s->faults_unhandled; });
  st.add_counter("kernel.cycles", "cycles", "cycles spent in the kernel model (all harts)", [s] { return s->kernel_cycles; });
  st.add_counter("kernel.lock_wait_cycles", "cycles", "cycles waiting for the big kernel lock",
                 [s] { return s->lock_wait_cycles; });
  st.add_counter("kernel.async.wakes", "syscalls", "WakeSyscallHandler calls by registered threads", [s] { return s->async_wakes; });
  st.add_counter("kernel.async.activations", "activations", "kernel-coroutine runs (executor fetches)",
                 [s] { return s->async_activations; });
  st.add_counter("kernel.async.requests", "requests", "asynchronous requests executed", [s] { return s->async_requests; });
  st.add_counter("kernel.async.notifications", "interrupts", "user interrupts sent to response coroutines",
                 [s] { return s->async_notifications; });
  st.add_counter("kernel.async.stranded", "events",
                 "lost wake-ups: requests found after going offline under the thesis protocol", [s] { return s->async_stranded; });
  st.add_counter("kernel.async.rechecks", "events", "fixed protocol: requests found by the re-check after going offline",
                 [s] { return s->async_rechecks; });
  st.add_counter("kernel.async.buffer_errors", "events", "inconsistent shared buffers (requests abandoned)",
                 [s] { return s->async_buffer_errors; });
  st.add_counter("kernel.async.result_overflow", "requests", "results dropped on a full result ring",
                 [s] { return s->async_result_overflow; });
  static const std::pair<int, const char*> kNames[] = {
      {1, "call"}, {2, "reply_recv"}, {3, "send"}, {4, "nb_send"}, {5, "recv"}, {6, "reply"},
      {7, "yield"}, {8, "nb_recv"}, {9, "debug_putchar"}, {16, "wake_syscall_handler"}, {17, "get_clock"}};
  for (auto [n, name] : kNames)
    st.add_counter(std::string("kernel.syscalls.") + name, "syscalls", std::string("seL4 syscall ") + name,
                   [s, n] { return s->syscalls[size_t(n)]; });
  static const char* kPaths[] = {
      "syscall.call", "syscall.reply_recv", "syscall.send", "syscall.nb_send", "syscall.recv", "syscall.reply",
      "syscall.yield", "syscall.nb_recv", "syscall.debug_putchar", "syscall.debug_halt",
      "syscall.wake_syscall_handler", "syscall.get_clock", "syscall.unknown", "fastpath.call",
      "fastpath.reply_recv", "untyped_retype", "cnode", "tcb", "page_map", "page_unmap", "page_get_address",
      "page_table_map", "page_table_unmap", "asid_assign", "interrupt.timer", "interrupt.ipi", "fault", "other"};
  for (const char* p : kPaths) {
    const std::string key = p;
    st.add_counter("kernel.path." + key + ".count", "entries", "kernel entries that took path " + key,
                   [s, key] { auto it = s->paths.find(key); return it == s->paths.end() ? 0 : it->second.count; });
    st.add_counter("kernel.path." + key + ".cycles", "cycles",
                   "cycles from kernel entry to exit on path " + key + " (lock waits and cache misses included)",
                   [s, key] { auto it = s->paths.find(key); return it == s->paths.end() ? 0 : it->second.cycles; });
  }
}

nlohmann::json Kernel::threads_json() const {
  static const char* states[] = {"inactive", "running", "restart", "blocked_on_send", "blocked_on_receive",
                                 "blocked_on_reply", "blocked_on_notification", "idle"};
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [pa, t] : tcbs_)  // ordered by TCB address: deterministic
    out.push_back({{"name", t->name}, {"tcb", pa}, {"core", t->core}, {"priority", t->priority},
                   {"state", states[size_t(t->state)]}, {"syscalls", t->n_syscalls},
                   {"interrupts", t->n_interrupts}, {"faults", t->n_faults},
                   {"kernel_cycles", t->kernel_cycles}, {"user_cycles", t->user_cycles}});
  return out;
}

}  // namespace uintrsim::kernel
