// The scheduler (seL4 non-MCS): per-core 256-priority ready queues with round robin, the
// timer tick and time slice, cross-core wake-ups by IPI, and deadlock detection.
#pragma once
#include <array>
#include <deque>
#include <vector>

#include "kernel_model/kernel/part.h"
#include "kernel_model/objects.h"

namespace uintrsim::kernel {

class Scheduler : public Part {
 public:
  struct Core {
    Tcb* current = nullptr;
    Tcb idle;
    std::array<std::deque<Tcb*>, 256> ready;
    uint64_t next_tick_mtime = 0;
    bool current_to_back = false;  // yield / time slice end: the current thread queues behind its peers
  };

  Scheduler(Kernel& k, unsigned cores);
  unsigned cores() const { return unsigned(cores_.size()); }
  Core& core(unsigned i) { return cores_[i]; }
  Tcb* current(unsigned core) const { return cores_[core].current; }
  // The core runs no thread (its idle thread, or nothing chosen yet).
  bool idle(unsigned core) const { return !cores_[core].current || cores_[core].current == &cores_[core].idle; }
  // The thread the core's kernel entry came from (nullptr: the idle thread).
  Tcb* user_thread(unsigned core) const { return idle(core) ? nullptr : cores_[core].current; }

  void make_runnable(Tcb* t);
  void block(Tcb* t, ThreadState s);
  void remove_from_ready(Tcb* t);
  void yield(Tcb* t) { cores_[t->core].current_to_back = true; }  // seL4: to the back of its queue
  // `t` is destroyed: no core runs it any more.
  void forget(Tcb* t);
  // The thread core `h` runs next (it becomes current; nullptr: the core idles). Charges
  // kernel.cost.schedule.
  Tcb* schedule(KernelPort& h, bool charge = true);
  void handle_tick(KernelPort& h);
  void program_timer(KernelPort& h);
  // The core starts on its idle thread with the timer programmed (boot).
  void start_idle(KernelPort& h);
  uint64_t tick_period(unsigned core) const;
  void send_ipi(unsigned core);
  void register_stats(StatsRegistry& st);

 private:
  Tcb* choose(Core& c, bool prefer_current);
  void check_deadlock();

  std::vector<Core> cores_;
  uint64_t context_switches_ = 0, ticks_ = 0;
};

}  // namespace uintrsim::kernel
