// Parameters of the kernel model: scheduling, the root CNode, and the named cost of every
// modelled kernel path (in core cycles). Declared with defaults and sources in
// kernel_params.cpp; every value is overridable from config (`kernel.*`).
#pragma once
#include <cstdint>
#include <string>

namespace uintrsim {

class ParamRegistry;
class Config;

struct KernelCosts {
  // Entry and exit of every trap into the kernel.
  uint64_t trap_entry = 0;     // save 31 registers, read scause, dispatch
  uint64_t trap_exit = 0;      // restore registers, sret
  uint64_t idle_entry = 0;     // an interrupt taken while the core idles (no user state to save)
  uint64_t vspace_switch = 0;  // satp write + TLB flush on a switch to another address space
  uint64_t fastpath = 0;       // Call / ReplyRecv fastpath (seL4 fastpath_call / reply_recv)
  uint64_t slowpath = 0;       // slow-path syscall decode: cap lookup, message-info decode
  uint64_t ipc_transfer = 0;   // per message transfer (plus per_mr per message register)
  uint64_t per_mr = 0;
  uint64_t schedule = 0;       // choose the next thread
  uint64_t timer_tick = 0;     // tick handling (time slice, reprogramming the timer)
  uint64_t sbi_timer = 0;      // M-mode firmware forwarding the machine timer
  uint64_t lock = 0;           // acquiring the big kernel lock, uncontended
  uint64_t fault = 0;          // handling a thread fault (fault message construction)
  uint64_t debug_putchar = 0, get_clock = 0, yield = 0;
  uint64_t signal = 0, wait = 0;
  uint64_t retype_base = 0, retype_per_object = 0;
  uint64_t cnode_op = 0, tcb_op = 0, page_map = 0, page_unmap = 0, page_get_address = 0,
           page_table_map = 0, page_table_unmap = 0, asid_assign = 0;
  uint64_t tlb_shootdown = 0;  // initiator, per remote hart when a mapping is removed: IPI + wait
  uint64_t tlb_shootdown_remote = 0;  // the remote hart's IPI handler: entry, sfence.vma, exit
  uint64_t sbi_remote_fence = 0;      // sbi_broadcast: the initiator's SBI remote_sfence_vma call
  uint64_t sbi_remote_fence_per_hart = 0;  // ... per target hart: request, IPI, wait for completion
  uint64_t sbi_remote_fence_remote = 0;    // ... the target's M-mode handler: trap, sfence.vma, ack
  uint64_t uintr_register = 0; // U-notification registration invocations
  uint64_t uintr_switch = 0;   // saving/restoring user-interrupt CSRs on a context switch
  uint64_t uintr_return = 0;   // restoring them on an exit to the same thread (exit_restore = every_exit)
  uint64_t uintc_access = 0;   // kernel bookkeeping per UINTC register access (plus bus latency)
  uint64_t upid_access = 0;    // posted: kernel bookkeeping per UPID update (plus its cache footprint)
  // asynchronous syscalls
  uint64_t async_wake = 0, async_activation = 0, async_item = 0, async_notify = 0,
           async_offline_window = 0, async_lock_spin = 0;
  uint64_t async_nop = 0;      // the null asynchronous request (AsyncNop), on top of async_item
};

// Who fences which TLBs after a page-table change (VSpace::fence_after_change).
enum class TlbPolicy { kSbiBroadcast, kActiveHarts };

enum class AsyncPlacement { kTickAnyCore, kTickAllCores, kFixedCore, kIdleCoreIpi, kPollingCore };

struct AsyncParams {
  AsyncPlacement placement = AsyncPlacement::kTickAnyCore;
  unsigned core = 0;           // fixed / polling core
  bool mutex_queue = false;    // thesis-text mutex ring instead of the lock-free SPSC ring
  bool fixed_protocol = false; // re-check the ring after going offline (no lost wake-ups)
  bool wake_schedules = false; // the WakeSyscallHandler exit runs schedule() (and pays for it)
  uint64_t poll_interval_cycles = 2000;
  uint64_t stranded_timeout_us = 100000;  // end the run after a lost wake-up this old (0: never)
};

struct KernelParams {
  bool enabled = false;
  uint64_t tick_us = 2000;
  bool timer_relative = true;  // re-arm the tick relative to now (seL4 resetTimer) or on a fixed grid
  unsigned timeslice_ticks = 5;
  unsigned root_cnode_bits = 12;
  unsigned root_priority = 255;
  uint64_t reserved_bytes = 2 << 20;  // RAM kept for the kernel image and its data
  uint64_t footprint_code = 0, footprint_data = 0;  // bytes touched per kernel entry
  TlbPolicy tlb_policy = TlbPolicy::kSbiBroadcast;
  bool uintr_restore_every_exit = false;  // kernel.uintr.exit_restore resolved for the architecture
  KernelCosts cost;
  AsyncParams async;

  static void declare(ParamRegistry& reg);
  // Throws ConfigError for a configuration that can never work when the kernel is enabled
  // (an async core the platform does not have; a tick period its own handling fills).
  static KernelParams from_config(const Config& cfg);

 private:
  static void check_workable(const KernelParams& p, const Config& cfg);
  // A cost of a mechanism the configuration switches off would have no effect: an error.
  static void check_costs_used(const KernelParams& p, const Config& cfg);
};

}  // namespace uintrsim
