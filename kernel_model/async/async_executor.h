// ReL4 asynchronous system calls (docs/async-syscalls.md): the kernel's executor of
// per-thread kernel coroutines. Each registered thread shares a NewBuffer (request and result
// rings and the protocol flags) with the kernel; its coroutine drains the request ring,
// executes each request through the same invocation code as the synchronous path, pushes the
// results and notifies the user with uipi.send through the kernel's sender table.
#pragma once
#include <deque>
#include <memory>
#include <vector>

#include "kernel_model/api/invocation.h"
#include "kernel_model/kernel/part.h"
#include "sim/stats/distribution.h"

namespace uintrsim::kernel {

// A registered asynchronous-syscall client: its kernel coroutine's state.
struct AsyncCtx {
  Tcb* tcb = nullptr;
  uint64_t buffer = 0;        // user virtual address of its NewBuffer
  uint64_t vector = 0, recv_idx = 0;
  unsigned sender_index = 0;  // entry in the kernel's sender table
  bool queued = false;        // woken, waiting to run
  uint64_t stranded_since = 0;  // rdtime at which a lost wake-up was first seen (0: none)
  uint64_t woken_cycle = 0;     // when WakeSyscallHandler queued the offline coroutine
  uint64_t notified = 0;        // user interrupts sent to its response coroutine
  // Results waiting behind recv_reply_status = 0 (check_stranded_results): since when (rdtime,
  // 0: not seen), the thread's user cycles and `notified` then, and whether it was counted.
  struct {
    uint64_t since = 0, user_cycles = 0, notified = 0;
    bool counted = false;
  } results;
};

class AsyncExecutor : public Part {
 public:
  using Part::Part;
  // Boot: the shadow context that presents requests to the invocation code.
  void boot();
  // UintrRegisterAsyncSyscall on a U-notification (the invocation table dispatches it).
  void register_client(const Invocation& inv);
  // WakeSyscallHandler: queue the caller's coroutine; it runs where the placement says.
  void wake(KernelPort& h, Tcb* t);
  bool has_clients() const { return !clients_.empty(); }
  // Whether queued coroutines run in a tick of `core` (kernel.async.placement).
  bool may_run_on(unsigned core) const;
  // Runs the queued coroutines; the kernel entry is accounted to async.drain if any ran.
  void run(KernelPort& h);
  // Counts results stranded by the user's response coroutine, and ends the run with a report
  // when requests or results have been stranded too long (thesis protocol). On timer ticks.
  void check_lost_wakeups(KernelPort& h);
  void register_stats(StatsRegistry& st);

 private:
  struct Stats {
    uint64_t wakes = 0, activations = 0, requests = 0, notifications = 0, stranded = 0, rechecks = 0,
             buffer_errors = 0, result_overflow = 0, stranded_results = 0;
    std::vector<uint64_t> requests_on_hart;  // where the kernel coroutines ran (the placement)
  };
  AsyncCtx* client_of(Tcb* t);
  bool user_read(KernelPort& h, Tcb* t, uint64_t vaddr, void* out, unsigned len);
  bool user_write(KernelPort& h, Tcb* t, uint64_t vaddr, const void* in, unsigned len);
  bool peek_user(KernelPort& h, Tcb* t, uint64_t vaddr, void* out, unsigned len);
  uint64_t pending_requests(KernelPort& h, AsyncCtx& a, bool timed);
  uint64_t pending_results(KernelPort& h, AsyncCtx& a);
  bool check_stranded_requests(KernelPort& h, AsyncCtx& a, uint64_t now);
  bool check_stranded_results(KernelPort& h, AsyncCtx& a, uint64_t now);
  bool ring_pop(KernelPort& h, AsyncCtx& a, uint64_t ring_off, IPCItem& item, bool& empty);
  bool ring_push(KernelPort& h, AsyncCtx& a, uint64_t ring_off, const IPCItem& item, bool& full);
  void drain(KernelPort& h, AsyncCtx& a);
  uint64_t trace_ring_index(KernelPort& h, AsyncCtx& a, uint64_t ring_off, bool start);
  void notify_user(KernelPort& h, AsyncCtx& a);
  void buffer_fault(KernelPort& h, AsyncCtx& a, const char* what);
  IPCItem execute(KernelPort& h, AsyncCtx& a, const IPCItem& in);

  std::vector<std::unique_ptr<AsyncCtx>> clients_;
  std::deque<AsyncCtx*> ready_;
  uint64_t sender_table_ = 0;   // the kernel's own sender table (notifications to users)
  unsigned sender_entries_ = 0;
  std::unique_ptr<Tcb> shadow_;   // presents async requests to the invocation code
  uint64_t shadow_ipc_pa_ = 0;
  Stats stats_;
  StatsRegistry* registry_ = nullptr;
  Distribution* batch_size_ = nullptr;     // requests executed per activation
  Distribution* wake_to_serve_ = nullptr;  // cycles from the wake to the activation
};

}  // namespace uintrsim::kernel
