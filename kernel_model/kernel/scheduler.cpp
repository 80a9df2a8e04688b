// The scheduler (seL4 non-MCS): per-core 256-priority ready queues with round robin, the
// timer tick and time slice, cross-core wake-ups by IPI, and deadlock detection.
#include "kernel_model/kernel/scheduler.h"

#include <algorithm>
#include <cstring>

#include "kernel_model/kernel.h"
#include "sim/stats/stats_registry.h"

namespace uintrsim::kernel {

using namespace rv;

Scheduler::Scheduler(Kernel& k, unsigned cores) : Part(k), cores_(cores) {
  for (size_t i = 0; i < cores_.size(); ++i) {
    cores_[i].idle.name = "idle" + std::to_string(i);
    cores_[i].idle.state = ThreadState::kIdle;
    cores_[i].idle.core = unsigned(i);
  }
}

void Scheduler::make_runnable(Tcb* t) {
  t->state = ThreadState::kRunning;
  Core& c = cores_[t->core];
  if (c.current == t || t->ready_queued) return;
  c.ready[t->priority].push_back(t);
  t->ready_queued = true;
  // A thread of another core: that core reschedules if it idles or runs lower priority.
  KernelPort* running = k_.running();
  if (running && t->core != running->hartid()) {
    Tcb* cur = c.current;
    if (!cur || cur == &c.idle || cur->priority < t->priority) send_ipi(t->core);
  }
}

void Scheduler::send_ipi(unsigned core) {
  k_.running()->send_ipi(core);  // msip: the firmware forwards it
}

// Non-MCS seL4 has no timeouts: when no thread on any core can run, none ever will.
void Scheduler::check_deadlock() {
  if (async().has_clients()) return;  // kernel coroutines may still run at ticks: not provably stuck
  for (auto& [pa, t] : objects().tcbs())
    if (t->state == ThreadState::kRunning || t->state == ThreadState::kRestart) return;
  std::string r = "kernel: no thread can run any more (deadlock); threads:";
  static const char* names[] = {"inactive", "running", "restart", "blocked on send", "blocked on receive",
                                "blocked on reply", "blocked on notification", "idle"};
  for (auto& [pa, t] : objects().tcbs()) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "\n  %s (tcb 0x%llx): %s, pc 0x%llx", t->name.c_str(), (unsigned long long)pa,
                  names[size_t(t->state)], (unsigned long long)t->pc);
    r += buf;
  }
  if (info_.deadlock) info_.deadlock(r);
}

void Scheduler::remove_from_ready(Tcb* t) {
  if (!t->ready_queued) return;
  auto& q = cores_[t->core].ready[t->priority];
  q.erase(std::remove(q.begin(), q.end(), t), q.end());
  t->ready_queued = false;
}

void Scheduler::block(Tcb* t, ThreadState s) {
  t->state = s;
  remove_from_ready(t);
}

void Scheduler::forget(Tcb* t) {
  for (Core& c : cores_)
    if (c.current == t) c.current = nullptr;
}

// The highest-priority runnable thread; the current thread keeps the core against equal
// priority (seL4 switches only to strictly higher priority, or on yield/time-slice end).
Tcb* Scheduler::choose(Core& c, bool prefer_current) {
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

Tcb* Scheduler::schedule(KernelPort& h, bool charge) {
  Core& c = cores_[h.hartid()];
  Tcb* prev = c.current;
  const bool to_back = c.current_to_back;
  c.current_to_back = false;
  if (to_back && prev && prev != &c.idle && !prev->ready_queued &&
      (prev->state == ThreadState::kRunning || prev->state == ThreadState::kRestart)) {
    c.ready[prev->priority].push_back(prev);  // seL4 tcbSchedAppend
    prev->ready_queued = true;
  }
  Tcb* next = choose(c, !to_back);
  if (next) remove_from_ready(next);
  if (charge) h.charge(p_.cost.schedule);
  auto requeue_prev = [&] {
    // A preempted thread goes back to the head of its queue (seL4 SCHED_ENQUEUE_CURRENT_TCB).
    if (prev && prev != &c.idle && prev != next && !prev->ready_queued &&
        (prev->state == ThreadState::kRunning || prev->state == ThreadState::kRestart)) {
      c.ready[prev->priority].push_front(prev);
      prev->ready_queued = true;
    }
  };
  if (!next) {
    check_deadlock();
    if (prev != &c.idle) ++context_switches_;
    c.current = &c.idle;
    requeue_prev();
    return nullptr;
  }
  if (next != prev) {
    ++context_switches_;
    c.current = next;
    requeue_prev();
  }
  return next;
}

uint64_t Scheduler::tick_period(unsigned core) const {
  // The polling placement's core wakes up every poll interval instead of every tick.
  if (p_.async.placement == AsyncPlacement::kPollingCore && core == p_.async.core)
    return std::max<uint64_t>(1, k_.clock().ticks_of_cycles(p_.async.poll_interval_cycles));
  return k_.clock().ticks_of_us(p_.tick_us);
}

void Scheduler::program_timer(KernelPort& h) {
  Core& c = cores_[h.hartid()];
  const uint64_t now = h.csr_read(csr::time);
  const uint64_t period = tick_period(h.hartid());
  c.next_tick_mtime = (c.next_tick_mtime && c.next_tick_mtime > now) ? c.next_tick_mtime : now + period;
  h.set_timer(c.next_tick_mtime);  // SBI set_timer
  h.csr_write(csr::mip, h.csr_read(csr::mip) & ~bit(kSTI));
  h.csr_write(csr::mie, h.csr_read(csr::mie) | bit(kMTI));
}

void Scheduler::start_idle(KernelPort& h) {
  Core& c = cores_[h.hartid()];
  c.current = &c.idle;
  program_timer(h);
}

void Scheduler::handle_tick(KernelPort& h) {
  Core& c = cores_[h.hartid()];
  ++ticks_;
  if (info_.trace) info_.trace->kernel_instant(h.hartid(), h.cycle(), "tick", "");
  h.charge(p_.cost.timer_tick);
  // Kernel coroutines run in the tick, before the timer is re-armed (ReL4).
  if (async().may_run_on(h.hartid())) async().run(h);
  async().check_lost_wakeups(h);
  if (p_.timer_relative) {
    c.next_tick_mtime = 0;  // seL4 resetTimer: the next tick is one period after now
  } else {
    c.next_tick_mtime += tick_period(h.hartid());
  }
  program_timer(h);
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

void Scheduler::register_stats(StatsRegistry& st) {
  const uint64_t* cs = &context_switches_;
  const uint64_t* ticks = &ticks_;
  st.add_counter("kernel.context_switches", "switches", "thread switches", [cs] { return *cs; });
  st.add_counter("kernel.ticks", "ticks", "timer ticks handled", [ticks] { return *ticks; });
}

}  // namespace uintrsim::kernel
