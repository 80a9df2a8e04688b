#include "kernel_model/kernel_params.h"

#include "sim/config/config.h"

namespace uintrsim {

namespace {
// Sources for the cost defaults (docs/kernel-model.md, costs):
constexpr const char* kSel4bench =
    "seL4bench, HiFive U540 (Rocket-family U54) non-MCS fastpath: Call 792 cycles, ReplyRecv "
    "804, Signal 1633; split across paths in the proportions of ReL4's fastpath breakdown "
    "(trap entry 68, fastpath_call 73, fastpath_reply_recv 69 of a 285-tick kernel total)";
constexpr const char* kReL4Breakdown =
    "ReL4 fastpath breakdown (QEMU): trap entry 68 ticks = save registers 4 + page-table "
    "switch 57 + dispatch 7";
constexpr const char* kEstimate =
    "estimate: slow-path work of this invocation relative to the seL4bench fastpath figures";

struct CostDecl {
  const char* key;
  uint64_t KernelCosts::*field;
  int64_t cycles;
  const char* what;
  const char* source;
};
const CostDecl kCosts[] = {
    {"trap_entry", &KernelCosts::trap_entry, 80, "trap entry: save registers, dispatch", kReL4Breakdown},
    {"trap_exit", &KernelCosts::trap_exit, 60, "trap exit: restore registers, sret", kSel4bench},
    {"idle_entry", &KernelCosts::idle_entry, 20, "interrupt entry from the idle thread (no user context, no page-table switch)",
     "ReL4 trap entry without its page-table switch: save registers 4 + dispatch 7 of 68 ticks"},
    {"vspace_switch", &KernelCosts::vspace_switch, 120,
     "switch to another address space (satp write, TLB flush)", kReL4Breakdown},
    {"fastpath", &KernelCosts::fastpath, 250, "Call/ReplyRecv fastpath (checks, setup, switch)", kSel4bench},
    {"slowpath", &KernelCosts::slowpath, 350, "slow-path syscall: cap lookup and decode", kSel4bench},
    {"ipc_transfer", &KernelCosts::ipc_transfer, 60, "slow-path message transfer", kSel4bench},
    {"per_mr", &KernelCosts::per_mr, 4, "per message register copied", "one load + one store per word"},
    {"schedule", &KernelCosts::schedule, 120, "scheduler decision", kSel4bench},
    {"timer_tick", &KernelCosts::timer_tick, 300, "timer interrupt: time slice, reprogram timer",
     "seL4bench IRQ path on U540: 1136 cycles including entry/exit"},
    {"sbi_timer", &KernelCosts::sbi_timer, 150, "M-mode firmware forwarding the timer interrupt (mtimecmp, STIP)",
     "OpenSBI timer path: M-mode trap, set STIP, mret"},
    {"lock", &KernelCosts::lock, 20, "big kernel lock acquisition (uncontended amoswap + fence)",
     "seL4 SMP clh lock: a few atomic operations"},
    {"fault", &KernelCosts::fault, 400, "thread fault: build the fault message", kEstimate},
    {"debug_putchar", &KernelCosts::debug_putchar, 50, "DebugPutChar", kEstimate},
    {"get_clock", &KernelCosts::get_clock, 30, "GetClock (rdtime)", kEstimate},
    {"yield", &KernelCosts::yield, 100, "Yield", kEstimate},
    {"signal", &KernelCosts::signal, 150, "Signal on a notification", kSel4bench},
    {"wait", &KernelCosts::wait, 150, "Wait/Poll on a notification", kSel4bench},
    {"retype_base", &KernelCosts::retype_base, 600, "UntypedRetype: decode, checks", kEstimate},
    {"retype_per_object", &KernelCosts::retype_per_object, 200,
     "UntypedRetype: per object created (plus clearing its memory through the D-cache)", kEstimate},
    {"cnode_op", &KernelCosts::cnode_op, 300, "CNode Copy/Mint/Move/Delete/Revoke", kEstimate},
    {"tcb_op", &KernelCosts::tcb_op, 400, "TCB invocations", kEstimate},
    {"page_map", &KernelCosts::page_map, 500, "RISCVPageMap: lookup, checks, PTE write", kEstimate},
    {"page_unmap", &KernelCosts::page_unmap, 450, "RISCVPageUnmap: PTE clear, sfence.vma", kEstimate},
    {"page_get_address", &KernelCosts::page_get_address, 150, "RISCVPageGetAddress", kEstimate},
    {"page_table_map", &KernelCosts::page_table_map, 500, "RISCVPageTableMap", kEstimate},
    {"page_table_unmap", &KernelCosts::page_table_unmap, 450, "RISCVPageTableUnmap", kEstimate},
    {"asid_assign", &KernelCosts::asid_assign, 300, "RISCVASIDPoolAssign", kEstimate},
    {"uintr_register", &KernelCosts::uintr_register, 400, "U-notification registration invocation", kEstimate},
    {"uintr_switch", &KernelCosts::uintr_switch, 60,
     "save/restore of user-interrupt CSRs (utvec, uscratch, uepc, ucause, utval, ustatus, uie, suist, suirs) on a switch",
     "about 16 CSR accesses (Linux riscv uintr restore_all / ReL4 uintr_return)"},
    {"uintr_return", &KernelCosts::uintr_return, 30,
     "kernel.uintr.exit_restore = every_exit: restoring the user-interrupt CSRs and the receiver entry on an exit "
     "back to the same thread (the UINTC access's own cost is extra)",
     "the restore half of kernel.cost.uintr_switch: about 8 CSR writes (ReL4 uintr_return)"},
    {"uintc_access", &KernelCosts::uintc_access, 5, "kernel work around one UINTC register access (the bus latency is extra)",
     kEstimate},
    {"upid_access", &KernelCosts::upid_access, 5,
     "uintr.arch = posted: kernel work around one locked UPID update (the access itself goes through the caches)",
     "as kernel.cost.uintc_access: a few instructions around one memory access (Linux uintr switch code)"},
    {"async_wake", &KernelCosts::async_wake, 150, "WakeSyscallHandler: queue the caller's kernel coroutine",
     "ReL4 slow path + executor enqueue (docs/async-syscalls.md)"},
    {"async_activation", &KernelCosts::async_activation, 200, "resuming a kernel coroutine (executor fetch, poll)",
     "ReL4 kernel executor: VecDeque pop and future poll"},
    {"async_item", &KernelCosts::async_item, 150,
     "per request: pop from the ring, decode the IPCItem, push the result (plus the invocation's own cost)",
     "ReL4 async_syscall_handler loop body"},
    {"async_notify", &KernelCosts::async_notify, 40, "switching suist to the kernel's sender table around uipi.send",
     "two CSR writes and the send (the send's own timing is the hardware's)"},
    {"async_offline_window", &KernelCosts::async_offline_window, 40,
     "from finding the request ring empty to storing recv_req_status = false (the lost-wake-up window)",
     "a few instructions between the empty pop and the store in ReL4's coroutine"},
    {"async_nop", &KernelCosts::async_nop, 0,
     "the null asynchronous request (AsyncNop): work done for it on top of async_item (none by default)",
     "uintrsim's no-op request for measuring the protocol's own cost (docs/workloads.md)"},
    {"async_lock_spin", &KernelCosts::async_lock_spin, 50, "mutex ring: kernel finds the user holding the lock",
     "try_lock failure in the thesis-text ring"},
    {"tlb_shootdown", &KernelCosts::tlb_shootdown, 400,
     "kernel.tlb.policy = active_harts: initiator of a TLB shootdown, per other hart with an address space "
     "after an unmap: sending the IPI and waiting for its acknowledgement",
     "seL4 SMP: IPI + remote fence, ~Skyloft kernel IPI send 437 cycles"},
    {"tlb_shootdown_remote", &KernelCosts::tlb_shootdown_remote, 300,
     "kernel.tlb.policy = active_harts: the remote hart of a TLB shootdown: its IPI handler (interrupt entry, "
     "sfence.vma, return); not charged to a hart asleep in wfi",
     "estimate: M-mode IPI forwarding (cf. sbi_timer 150) plus a minimal S-mode interrupt entry/exit and the fence"},
    {"sbi_remote_fence", &KernelCosts::sbi_remote_fence, 250,
     "kernel.tlb.policy = sbi_broadcast, more than one hart: the initiator's SBI remote_sfence_vma call (ecall, "
     "hart-mask decode, the TLB request, mret), once per fence",
     "estimate: OpenSBI lib/sbi/sbi_tlb.c request path; an M-mode round trip like sbi_timer (150) plus the request"},
    {"sbi_remote_fence_per_hart", &KernelCosts::sbi_remote_fence_per_hart, 300,
     "kernel.tlb.policy = sbi_broadcast: per target hart, queueing the request, its CLINT IPI and waiting for the "
     "target to finish (sbi_tlb_sync)",
     "estimate: one msip write and the target's interrupt latency plus its handler (sbi_remote_fence_remote)"},
    {"sbi_remote_fence_remote", &KernelCosts::sbi_remote_fence_remote, 150,
     "kernel.tlb.policy = sbi_broadcast: the target hart's M-mode software interrupt: trap, sfence.vma, "
     "acknowledgement, mret; not charged to a hart asleep in wfi",
     "estimate: as kernel.cost.sbi_timer (an M-mode trap and return around a few instructions)"},
};
}  // namespace

void KernelParams::declare(ParamRegistry& reg) {
  reg.add_bool("kernel.enabled", false,
               "run the kernel model: the --elf program is its root task (seL4 boot protocol)");
  reg.add_int("kernel.tick_us", 2000, "us", "timer tick period",
              "ReL4 on the thesis board: 2 ms (20,000 ticks at 10 MHz)", 1, 10000000);
  reg.add_enum("kernel.timer_rearm", "relative", {"relative", "absolute"},
               "relative: each tick re-arms the timer one period after the time it is handled (seL4's "
               "resetTimer sets now + period), so work done in the tick delays the next; absolute: a fixed grid",
               "seL4 src/arch/riscv/machine/hardware.c resetTimer");
  reg.add_int("kernel.timeslice_ticks", 5, "ticks", "round-robin time slice",
              "seL4 CONFIG_TIME_SLICE default 5", 1, 1000000);
  reg.add_int("kernel.root_cnode_bits", 12, "bits", "root CNode size (2^bits slots)",
              "seL4 CONFIG_ROOT_CNODE_SIZE_BITS default 12", 4, 20);
  reg.add_int("kernel.reserved_bytes", 2 << 20, "bytes",
              "RAM at the start reserved for the kernel image and data (never handed out as untyped)",
              "a small seL4 kernel image plus boot data; at least 1 MiB: the upper half holds a data page per "
              "hart (64) and the kernel's own pages (sender tables, the asynchronous shadow IPC buffer)",
              1 << 20, int64_t(1) << 34);
  reg.add_int("kernel.footprint.code_bytes", 4096, "bytes",
              "kernel code touched through the I-cache on each kernel entry (cache pollution)",
              "seL4 IPC fastpath + entry/exit code is a few KiB", 0, 1 << 20);
  reg.add_int("kernel.footprint.data_bytes", 1024, "bytes",
              "kernel data touched through the D-cache on each kernel entry besides the objects used",
              "kernel stack, scheduler queues, current-thread state", 0, 1 << 20);
  reg.add_enum("kernel.tlb.policy", "sbi_broadcast", {"sbi_broadcast", "active_harts"},
               "TLB maintenance after a page-table change: sbi_broadcast = a full local sfence.vma after every map "
               "and unmap and, with more than one hart, an SBI remote_sfence_vma to every other hart, idle ones "
               "included (costs kernel.cost.sbi_remote_fence*); active_harts = only after an unmap or remap, a "
               "local fence and an IPI to each other hart with an address space loaded (kernel.cost.tlb_shootdown*)",
               "sbi_broadcast: ReL4 4c56b93 (vspace/satp.rs, smp.rs, pte.rs, interface.rs); active_harts: seL4's "
               "targeted shootdown, this model's policy before kernel.tlb.policy existed");
  reg.add_enum("kernel.uintr.exit_restore", "auto", {"auto", "every_exit", "on_switch"},
               "when the kernel restores a thread's user-interrupt state: every_exit = on every return to user "
               "mode, to the same thread too (kernel.cost.uintr_return); on_switch = only when another thread "
               "runs; auto = every_exit with uintr.arch = uintc, on_switch with posted",
               "ReL4 4c56b93 restore_user_context calls uintr_return on every exit; Linux's x86 UINTR "
               "restores the state only after a context switch");
  reg.add_bool("kernel.async.wake_schedules", false,
               "the WakeSyscallHandler syscall's exit runs the scheduler (kernel.cost.schedule); false: it returns "
               "to the caller directly, as ReL4 4c56b93's slow path does for it");
  reg.add_enum("kernel.async.placement", "tick", {"tick", "tick_all", "fixed", "ipi", "polling"},
               "where kernel coroutines run: tick = the timer tick of a core running a thread, never an idle "
               "one (ReL4 4c56b93..da74b45, the code of the thesis runs); tick_all = the tick of any core, idle "
               "ones too (the thesis text's design; ReL4 fpga_test 31def01); fixed = the tick of "
               "kernel.async.core; ipi = a wake IPIs a core running at a lower priority (ReL4 da74b45); "
               "polling = kernel.async.core polls continuously",
               "docs/async-syscalls.md 'Placement over time'");
  reg.add_int("kernel.async.core", 0, "core", "core for the fixed and polling placements", "", 0, 63);
  reg.add_enum("kernel.async.queue", "lockfree", {"lockfree", "mutex"},
               "request/result rings: lockfree = SPSC ring of the benchmark code; mutex = the thesis text's "
               "mutex ring", "docs/async-syscalls.md 'Shared buffer NewBuffer'");
  reg.add_enum("kernel.async.protocol", "thesis", {"thesis", "fixed"},
               "thesis = the kernel coroutine and the user's response coroutine go offline without re-checking "
               "their ring (lost wake-ups possible); fixed = both re-check after storing their status flag false "
               "(the user learns it from the registration reply)",
               "docs/async-syscalls.md 'Lost-wakeup race'");
  reg.add_int("kernel.async.stranded_timeout_us", 100000, "us",
              "end the run (exit 124, with a report) when a request has waited this long in a ring whose "
              "kernel coroutine went offline without seeing it, or a result in a ring whose response "
              "coroutine did (lost wake-ups of the thesis protocol: only a later submission or result would "
              "wake them); 0 = wait for the cycle limit",
              "50 tick periods: far beyond any wait the protocol has without a lost wake-up", 0, 100000000);
  reg.add_int("kernel.async.poll_interval_cycles", 2000, "cycles", "polling placement: interval between polls",
              "a dedicated core spinning on the request rings", 10, 100000000);
  for (const auto& c : kCosts)
    reg.add_int(std::string("kernel.cost.") + c.key, c.cycles, "cycles", c.what, c.source, 0, 100000000);
}

KernelParams KernelParams::from_config(const Config& cfg) {
  KernelParams p;
  p.enabled = cfg.get_bool("kernel.enabled");
  p.tick_us = cfg.get_uint("kernel.tick_us");
  p.timer_relative = cfg.get_string("kernel.timer_rearm") == "relative";
  p.timeslice_ticks = unsigned(cfg.get_int("kernel.timeslice_ticks"));
  p.root_cnode_bits = unsigned(cfg.get_int("kernel.root_cnode_bits"));
  p.reserved_bytes = cfg.get_uint("kernel.reserved_bytes") & ~0xfffull;
  p.footprint_code = cfg.get_uint("kernel.footprint.code_bytes");
  p.footprint_data = cfg.get_uint("kernel.footprint.data_bytes");
  for (const auto& c : kCosts) p.cost.*c.field = cfg.get_uint(std::string("kernel.cost.") + c.key);
  p.tlb_policy = cfg.get_string("kernel.tlb.policy") == "active_harts" ? TlbPolicy::kActiveHarts
                                                                       : TlbPolicy::kSbiBroadcast;
  const std::string pl = cfg.get_string("kernel.async.placement");
  p.async.placement = pl == "fixed" ? AsyncPlacement::kFixedCore
                    : pl == "ipi" ? AsyncPlacement::kIdleCoreIpi
                    : pl == "polling" ? AsyncPlacement::kPollingCore
                    : pl == "tick_all" ? AsyncPlacement::kTickAllCores : AsyncPlacement::kTickAnyCore;
  p.async.core = unsigned(cfg.get_int("kernel.async.core"));
  p.async.mutex_queue = cfg.get_string("kernel.async.queue") == "mutex";
  p.async.fixed_protocol = cfg.get_string("kernel.async.protocol") == "fixed";
  p.async.wake_schedules = cfg.get_bool("kernel.async.wake_schedules");
  const std::string restore = cfg.get_string("kernel.uintr.exit_restore");
  p.uintr_restore_every_exit =
      restore == "every_exit" || (restore == "auto" && cfg.get_string("uintr.arch") != "posted");
  p.async.poll_interval_cycles = cfg.get_uint("kernel.async.poll_interval_cycles");
  p.async.stranded_timeout_us = cfg.get_uint("kernel.async.stranded_timeout_us");
  if (p.enabled) check_costs_used(p, cfg);
  if (p.enabled) check_workable(p, cfg);
  return p;
}

void KernelParams::check_costs_used(const KernelParams& p, const Config& cfg) {
  const bool posted = cfg.get_string("uintr.arch") == "posted";
  const bool broadcast = p.tlb_policy == TlbPolicy::kSbiBroadcast;
  const bool multi_hart = cfg.get_uint("platform.harts") > 1;
  struct Unused {
    const char* key;
    bool unused;
    std::string why;
  };
  const Unused rules[] = {
      {"uintc_access", posted, "applies to uintr.arch = uintc only; with uintr.arch = posted"},
      {"upid_access", !posted, "applies to uintr.arch = posted only; with uintr.arch = uintc"},
      {"uintr_return", !p.uintr_restore_every_exit,
       "applies to kernel.uintr.exit_restore = every_exit only (auto: with uintr.arch = uintc); here"},
      {"tlb_shootdown", broadcast, "applies to kernel.tlb.policy = active_harts only; with sbi_broadcast"},
      {"tlb_shootdown_remote", broadcast, "applies to kernel.tlb.policy = active_harts only; with sbi_broadcast"},
      {"sbi_remote_fence", !broadcast || !multi_hart,
       broadcast ? "applies to more than one hart only; with platform.harts = 1"
                 : "applies to kernel.tlb.policy = sbi_broadcast only; with active_harts"},
      {"sbi_remote_fence_per_hart", !broadcast || !multi_hart,
       broadcast ? "applies to more than one hart only; with platform.harts = 1"
                 : "applies to kernel.tlb.policy = sbi_broadcast only; with active_harts"},
      {"sbi_remote_fence_remote", !broadcast || !multi_hart,
       broadcast ? "applies to more than one hart only; with platform.harts = 1"
                 : "applies to kernel.tlb.policy = sbi_broadcast only; with active_harts"},
  };
  for (const Unused& r : rules) {
    if (!r.unused) continue;
    for (const auto& c : kCosts) {
      if (std::string(c.key) != r.key || p.cost.*c.field == uint64_t(c.cycles)) continue;
      const std::string key = std::string("kernel.cost.") + r.key;
      throw ConfigError(cfg.origin(key) + ": " + key + " " + r.why + " it would have no effect");
    }
  }
}

// Settings that are each in range but together can never work: rejected with the reason
// rather than run to the cycle limit.
void KernelParams::check_workable(const KernelParams& p, const Config& cfg) {
  const uint64_t harts = cfg.get_uint("platform.harts");
  const std::string placement = cfg.get_string("kernel.async.placement");
  if ((p.async.placement == AsyncPlacement::kFixedCore || p.async.placement == AsyncPlacement::kPollingCore) &&
      p.async.core >= harts)
    throw ConfigError(cfg.origin("kernel.async.core") + ": kernel.async.core = " + std::to_string(p.async.core) +
                      " is not a core of this platform (platform.harts = " + std::to_string(harts) +
                      ": cores 0 to " + std::to_string(harts - 1) + "); with kernel.async.placement = " + placement +
                      " no asynchronous request would ever be served");
  // Sv39 page-table entries hold 44-bit page numbers: what the kernel maps must lie below 2^56.
  constexpr uint64_t kSv39PhysTop = uint64_t(1) << 56;
  const uint64_t ram_base = cfg.get_uint("platform.ram_base"), ram_size = cfg.get_uint("platform.ram_size");
  if (ram_base + ram_size > kSv39PhysTop)
    throw ConfigError(cfg.origin("platform.ram_base") + ": RAM up to " + std::to_string(ram_base + ram_size) +
                      " (platform.ram_base + platform.ram_size) lies beyond the 2^56-byte Sv39 physical address space "
                      "the kernel model maps (kernel.enabled = true)");
  if (cfg.get_uint("platform.simctrl_base") >= kSv39PhysTop)
    throw ConfigError(cfg.origin("platform.simctrl_base") + ": platform.simctrl_base lies beyond the 2^56-byte Sv39 "
                      "physical address space the kernel model maps (kernel.enabled = true)");
  // A tick period that the tick's own handling fills: the kernel would do almost nothing but ticks
  // (the hart runs one user instruction after each return, so a guest crawls rather than stops).
  const uint64_t clock_hz = cfg.get_uint("platform.clock_hz"), timebase_hz = cfg.get_uint("platform.timebase_hz");
  const uint64_t period_ticks = p.tick_us * timebase_hz / 1000000;  // as the kernel programs it
  const uint64_t period_cycles = uint64_t((unsigned __int128)period_ticks * clock_hz / timebase_hz);
  const uint64_t cost = p.cost.sbi_timer + p.cost.trap_entry + p.cost.lock + p.cost.timer_tick + p.cost.schedule +
                        p.cost.trap_exit;
  if (period_cycles <= cost) {
    // The smallest period that leaves time: ticks with ticks * clock / timebase > cost.
    using u128 = unsigned __int128;
    const u128 ticks = (u128(cost) + 1) * timebase_hz / clock_hz + 1;
    const uint64_t us = uint64_t((ticks * 1000000 + timebase_hz - 1) / timebase_hz);
    throw ConfigError(cfg.origin("kernel.tick_us") + ": kernel.tick_us = " + std::to_string(p.tick_us) +
                      ": a timer tick every " + std::to_string(period_cycles) + " cycles (" +
                      std::to_string(period_ticks) + " mtime ticks at platform.timebase_hz = " +
                      std::to_string(timebase_hz) + ") is not longer than handling one takes (" + std::to_string(cost) +
                      " cycles: kernel.cost.sbi_timer + trap_entry + lock + timer_tick + schedule + trap_exit): the "
                      "kernel would do almost nothing but take ticks (a guest instruction or so per tick); "
                      "kernel.tick_us must be at least " + std::to_string(us) +
                      " here");
  }
}

}  // namespace uintrsim
