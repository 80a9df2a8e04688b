// Statistics of the kernel front (entries, traps, kernel time, lock waits, the per-path
// accounting) and the per-thread results section; every part registers its own counters.
#include "sim/stats/stats_registry.h"

#include "kernel_model/kernel.h"

#include <cstdio>

namespace uintrsim::kernel {

using namespace rv;

void Kernel::register_stats(StatsRegistry& st) {
  const Stats* s = &stats_;
  st.add_counter("kernel.traps.syscall", "traps", "U->S ecalls (system calls, wake syscalls included)",
                 [s] { return s->traps_syscall; });
  st.add_counter("kernel.traps.interrupt", "traps", "interrupts handled by the kernel", [s] { return s->traps_interrupt; });
  st.add_counter("kernel.traps.fault", "traps", "thread faults (VM faults, user exceptions)", [s] { return s->traps_fault; });
  st.add_counter("kernel.cycles", "cycles", "cycles spent in the kernel model (all harts)", [s] { return s->kernel_cycles; });
  st.add_counter("kernel.lock_wait_cycles", "cycles", "cycles waiting for the big kernel lock",
                 [s] { return s->lock_wait_cycles; });
  st.add_counter("kernel.entries", "entries", "entries into the kernel model (traps taken by the kernel)",
                 [s] { return s->entries; });
  for (size_t i = 0; i < size_t(Path::kCount); ++i) {
    const std::string key = path_name(Path(i));
    st.add_counter("kernel.path." + key + ".count", "entries", "kernel entries that took path " + key,
                   [s, i] { return s->paths[i].count; });
    st.add_counter("kernel.path." + key + ".cycles", "cycles",
                   "cycles from kernel entry to exit on path " + key + " (lock waits and cache misses included)",
                   [s, i] { return s->paths[i].cycles; });
  }
  syscalls_.register_stats(st);
  ipc_.register_stats(st);
  scheduler_.register_stats(st);
  faults_.register_stats(st);
  vspace_.register_stats(st);
  notifications_.register_stats(st);
  async_.register_stats(st);
}

nlohmann::json Kernel::thread_counters() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [pa, t] : objects_.tcbs()) {
    char key[24];
    std::snprintf(key, sizeof key, "0x%016llx", (unsigned long long)pa);  // sorted by address
    out[key] = {{"name", t->name}, {"core", t->core}, {"syscalls", t->n_syscalls},
                {"interrupts", t->n_interrupts}, {"faults", t->n_faults},
                {"kernel_cycles", t->kernel_cycles}, {"user_cycles", t->user_cycles}};
  }
  return out;
}

nlohmann::json Kernel::threads_json() const {
  static const char* states[] = {"inactive", "running", "restart", "blocked_on_send", "blocked_on_receive",
                                 "blocked_on_reply", "blocked_on_notification", "idle"};
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [pa, t] : objects_.tcbs())  // ordered by TCB address: deterministic
    out.push_back({{"name", t->name}, {"tcb", pa}, {"core", t->core}, {"priority", t->priority},
                   {"state", states[size_t(t->state)]}, {"syscalls", t->n_syscalls},
                   {"interrupts", t->n_interrupts}, {"faults", t->n_faults},
                   {"kernel_cycles", t->kernel_cycles}, {"user_cycles", t->user_cycles}});
  return out;
}

}  // namespace uintrsim::kernel
