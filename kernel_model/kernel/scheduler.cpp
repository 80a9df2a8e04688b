// The scheduler (seL4 non-MCS): per-core 256-priority ready queues with round robin, the
// timer tick and time slice, cross-core wake-ups by IPI, and deadlock detection.
#include <cstring>
#include <algorithm>

#include "kernel_model/kernel.h"
#include "sim/stats/stats_registry.h"

namespace uintrsim::kernel {

using namespace rv;

void Kernel::make_runnable(Tcb* t) {
  t->state = ThreadState::kRunning;
  Core& c = cores_[t->core];
  if (c.current == t || t->ready_queued) return;
  c.ready[t->priority].push_back(t);
  t->ready_queued = true;
  // A thread of another core: that core reschedules if it idles or runs lower priority.
  if (running_on_ && t->core != running_on_->hartid()) {
    Tcb* cur = c.current;
    if (!cur || cur == &c.idle || cur->priority < t->priority) send_ipi(t->core);
  }
}

void Kernel::send_ipi(unsigned core) {
  running_on_->send_ipi(core);  // msip: the firmware forwards it
}

// Non-MCS seL4 has no timeouts: when no thread on any core can run, none ever will.
void Kernel::check_deadlock() {
  if (!async_.empty()) return;  // kernel coroutines may still run at ticks: not provably stuck
  for (auto& [pa, t] : tcbs_)
    if (t->state == ThreadState::kRunning || t->state == ThreadState::kRestart) return;
  std::string r = "kernel: no thread can run any more (deadlock); threads:";
  static const char* names[] = {"inactive", "running", "restart", "blocked on send", "blocked on receive",
                                "blocked on reply", "blocked on notification", "idle"};
  for (auto& [pa, t] : tcbs_) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "\n  %s (tcb 0x%llx): %s, pc 0x%llx", t->name.c_str(), (unsigned long long)pa,
                  names[size_t(t->state)], (unsigned long long)t->pc);
    r += buf;
  }
  if (info_.deadlock) info_.deadlock(r);
}

void Kernel::remove_from_ready(Tcb* t) {
  if (!t->ready_queued) return;
  auto& q = cores_[t->core].ready[t->priority];
  q.erase(std::remove(q.begin(), q.end(), t), q.end());
  t->ready_queued = false;
}

void Kernel::block(Tcb* t, ThreadState s) {
  t->state = s;
  remove_from_ready(t);
}

// The highest-priority runnable thread; the current thread keeps the core against equal
// priority (seL4 switches only to strictly higher priority, or on yield/time-slice end).
Tcb* Kernel::choose(Core& c, bool prefer_current) {
  Tcb* cur = prefer_current && c.current && c.current != &c.idle &&
                     (c.current->state == ThreadState::kRunning || c.current->state == ThreadState::kRestart)
                 ? c.current
                 : nullptr;
  for (int p = 255; p >= 0; --p) {
    auto& q = c.ready[size_t(p)];
    while (!q.empty() && q.front()->state != ThreadState::kRunning && q.front()->state != ThreadState::kRestart) {
      q.front()->ready_queued = false;
      q.pop_front();
    }
    if (q.empty()) continue;
    if (cur && int(cur->priority) >= p) return cur;
    return q.front();
  }
  return cur;
}

uint64_t Kernel::tick_period(unsigned core) const {
  // The polling placement's core wakes up every poll interval instead of every tick.
  if (p_.async.placement == AsyncPlacement::kPollingCore && core == p_.async.core)
    return std::max<uint64_t>(1, clock_.ticks_of_cycles(p_.async.poll_interval_cycles));
  return clock_.ticks_of_us(p_.tick_us);
}

void Kernel::program_timer(KernelPort& h, Core& c) {
  uint64_t now = 0;
  now = h.csr_read(csr::time);
  const uint64_t period = tick_period(h.hartid());
  c.next_tick_mtime = (c.next_tick_mtime && c.next_tick_mtime > now) ? c.next_tick_mtime : now + period;
  const uint64_t cmp = c.next_tick_mtime;
  h.set_timer(cmp);  // SBI set_timer
  uint64_t mip = 0, mie = 0;
  mip = h.csr_read(csr::mip);
  h.csr_write(csr::mip, mip & ~bit(kSTI));
  mie = h.csr_read(csr::mie);
  h.csr_write(csr::mie, mie | bit(kMTI));
}

void Kernel::handle_tick(KernelPort& h, Core& c) {
  ++stats_.ticks;
  h.charge(p_.cost.timer_tick);
  // Kernel coroutines run in the tick, before the timer is re-armed (ReL4).
  if (async_may_run_on(c, h.hartid())) run_async(h);
  check_lost_wakeups(h);
  if (p_.timer_relative) {
    c.next_tick_mtime = 0;  // seL4 resetTimer: the next tick is one period after now
  } else {
    c.next_tick_mtime += tick_period(h.hartid());
  }
  program_timer(h, c);
  Tcb* t = c.current;
  if (t && t != &c.idle && t->state == ThreadState::kRunning) {
    if (t->time_slice > 1) {
      --t->time_slice;
    } else {
      t->time_slice = p_.timeslice_ticks;
      c.current_to_back = true;  // time slice over: to the back of its queue
    }
  }
}

void Kernel::register_scheduler_stats(StatsRegistry& st) {
  KernelStats* s = &stats_;
  st.add_counter("kernel.context_switches", "switches", "thread switches", [s] { return s->context_switches; });
  st.add_counter("kernel.ticks", "ticks", "timer ticks handled", [s] { return s->ticks; });
}

}  // namespace uintrsim::kernel
