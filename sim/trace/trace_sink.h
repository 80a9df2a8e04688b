// The timeline's one sink (docs/debugging.md): the hart, the UINTC device model (both
// implementations), the platform and the kernel model report what happens to it, and the
// timeline writer (sim/trace/timeline.h) turns the reports into Chrome trace-event JSON.
//
// Plain C++, no SystemC: the kernel model reaches it through PlatformInfo::trace. Every report
// carries its own time: core cycles of the reporting hart (the platform's Clock converts them),
// or, for devices, simulated time in picoseconds. With tracing off nothing holds a sink: each
// hook is a null-pointer test on a path that is not the hart's per-instruction fast path.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace uintrsim::trace {

// What a hart is doing: its privilege level, or asleep in wfi (idle).
enum class HartState : uint8_t { kUser, kSupervisor, kMachine, kIdle };

class TraceSink {
 public:
  virtual ~TraceSink() = default;

  // --- the hart (sim/hart): privilege changes, traps, user interrupts, uipi.send ----------
  virtual void hart_state(unsigned hart, uint64_t cycle, HartState s) = 0;
  // A trap is taken (before the state change it causes). `suirs` is the hart's receiver CSR
  // (for a user trap: which UINTC entry delivered it).
  virtual void hart_trap(unsigned hart, uint64_t cycle, uint64_t cause, uint64_t epc, HartState target,
                         uint64_t suirs) = 0;
  virtual void user_trap_return(unsigned hart, uint64_t cycle) = 0;  // uret
  // One uipi.send (an instruction, or the kernel model's notification through the hart):
  // begins at `cycle`, takes `cycles` of the send engine; outcome "sent", "no-op" or "fault"
  // (a SEND reaching the UINTC in between is reported by the UINTC).
  virtual void uipi_send_begin(unsigned hart, uint64_t cycle, uint64_t index) = 0;
  virtual void uipi_send_end(unsigned hart, uint64_t cycle, uint64_t cycles, const char* outcome) = 0;

  // --- the UINTC (TLM model and RTL adapter), simulated time in ps ---------------------------
  virtual void uintc_send(uint64_t ps, unsigned entry, unsigned vector) = 0;
  virtual void uintc_read(uint64_t ps, unsigned entry) = 0;  // READ_HIGH (uipi.read)
  virtual void usip_line(uint64_t ps, unsigned hart, bool level) = 0;

  // --- the platform ---------------------------------------------------------------------------
  // Hart `hart` has synchronised at `cycle` (simulated time has reached it): the end of a quantum.
  virtual void quantum_end(unsigned hart, uint64_t cycle) = 0;
  virtual void roi(bool begin, uint64_t cycle) = 0;

  // --- the kernel model (kernel_model/): one entry at a time per hart -----------------------
  // Threads are named by their TCB's physical address and name; tcb 0 = no user thread (idle).
  virtual void kernel_enter(unsigned hart, uint64_t cycle, uint64_t tcb, const std::string& thread,
                            uint64_t cause) = 0;
  // An argument of the entry in progress on `hart` (syscall or invocation name).
  virtual void kernel_arg(unsigned hart, const char* key, const char* value) = 0;
  // The entry ends on `path` (api/paths.h); `next_tcb` runs next on the hart (0: idle).
  virtual void kernel_exit(unsigned hart, uint64_t cycle, const char* path, uint64_t next_tcb,
                           const std::string& next_thread) = 0;
  // A point event inside the entry: "tick" (a timer tick), "wake" (WakeSyscallHandler).
  virtual void kernel_instant(unsigned hart, uint64_t cycle, const char* name, const std::string& thread) = 0;
  // The kernel writes SEND to a UINTC entry itself (a Signal on a U-notification).
  virtual void kernel_send_begin(unsigned hart, uint64_t cycle, unsigned entry) = 0;
  virtual void kernel_send_end(unsigned hart, uint64_t cycle) = 0;

  // --- asynchronous syscalls (kernel_model/async/) -------------------------------------------
  // A thread registered its NewBuffer (physical address of each page, in order); the sink
  // may read the rings' indices there (docs/debugging.md: what the arrows' user ends mean).
  virtual void async_client(uint64_t tcb, const std::string& thread, const std::vector<uint64_t>& pages,
                            bool mutex_queue) = 0;
  virtual void coroutine_begin(unsigned hart, uint64_t cycle, uint64_t tcb) = 0;
  // The coroutine popped request ring item `req_index` and pushed its result at `res_index`
  // (-1: dropped on a full result ring).
  virtual void coroutine_item(unsigned hart, uint64_t cycle, uint64_t req_index, uint32_t cid, uint32_t label,
                              int64_t res_index) = 0;
  // Going offline: the window between the empty check and recv_req_status = false;
  // outcome "offline", "stranded" (a lost wake-up) or "recheck" (fixed protocol).
  virtual void coroutine_offline(unsigned hart, uint64_t begin_cycle, uint64_t end_cycle, const char* outcome) = 0;
  virtual void coroutine_end(unsigned hart, uint64_t cycle) = 0;
};

}  // namespace uintrsim::trace
