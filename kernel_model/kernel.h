// The seL4-like kernel model (docs/kernel-model.md). It is not executed as RISC-V code: a
// trap into S-mode calls on_supervisor_trap on that hart's thread with the hart's port, and
// the model does what seL4 would do -- capability lookup, invocations, IPC, scheduling --
// reading and writing guest registers and memory through the port, charging the named costs
// of kernel_params.h and touching its footprint in the caches, then returns to a user thread
// (or idles the hart). A firmware model (SBI-like) forwards the CLINT timer as STIP.
//
// This is the front: kernel entry (cost, big kernel lock), dispatch by trap cause, exit
// (schedule, switch the thread's VSpace and user-interrupt state, restore) and the per-entry
// path accounting. The work is done by the parts (kernel/part.h), each with its own state
// and statistics.
#pragma once
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "kernel_model/api/syscalls.h"
#include "kernel_model/async/async_executor.h"
#include "kernel_model/firmware/sbi.h"
#include "kernel_model/kernel/faults.h"
#include "kernel_model/kernel/part.h"
#include "kernel_model/kernel/scheduler.h"
#include "kernel_model/object/cspace.h"
#include "kernel_model/object/ipc.h"
#include "kernel_model/object/notifications.h"
#include "kernel_model/object/object_table.h"
#include "kernel_model/object/tcb.h"
#include "kernel_model/object/untyped.h"
#include "kernel_model/vspace/vspace.h"
#include "sim/loader/elf_file.h"
#include "sim/platform/clock.h"

namespace uintrsim::kernel {

class Kernel : public TrapHandler {
 public:
  Kernel(const KernelParams& p, const PlatformInfo& info, unsigned harts);
  ~Kernel() override;
  // The port of every hart, by hartid (before boot).
  void connect(std::vector<KernelPort*> ports);
  // Creates the root task from `elf` (seL4 boot protocol) and prepares every hart.
  void boot(const ElfFile& elf);

  void on_supervisor_trap(KernelPort& hart, uint64_t cause, uint64_t tval, uint64_t epc) override;
  void on_machine_trap(KernelPort& hart, uint64_t cause, uint64_t tval, uint64_t epc) override;

  // Every part's statistics, and the front's own (entries, traps, kernel time, paths).
  void register_stats(StatsRegistry& stats);
  // Per-thread statistics (threads are created at run time), deterministically ordered.
  nlohmann::json threads_json() const;
  // The per-thread counters by TCB address ("0x..."), for differences over the ROI.
  nlohmann::json thread_counters() const;

  // --- what the parts share ---
  const KernelParams& params() const { return p_; }
  const PlatformInfo& info() const { return info_; }
  const Clock& clock() const { return clock_; }
  unsigned harts() const { return unsigned(ports_.size()); }
  KernelPort& port(unsigned hart) const { return *ports_.at(hart); }
  // The hart executing the kernel now (the holder of the big kernel lock; nullptr at boot).
  KernelPort* running() const { return running_on_; }
  // Path accounting of the entry in progress on the running hart (the last claim wins).
  void claim(Path p) { entries_[running_on_ ? running_on_->hartid() : 0].path = p; }
  Path claimed() const { return entries_[running_on_ ? running_on_->hartid() : 0].path; }
  // A page of kernel-reserved memory for kernel-owned structures (sender tables, the
  // asynchronous executor's shadow IPC buffer); 0 when the reservation is used up.
  uint64_t kernel_page();

  // --- the parts ---
  ObjectTable& objects() { return objects_; }
  Syscalls& syscalls() { return syscalls_; }
  CSpace& cspace() { return cspace_; }
  UntypedMemory& untyped() { return untyped_; }
  Threads& threads() { return threads_; }
  VSpace& vspace() { return vspace_; }
  Ipc& ipc() { return ipc_; }
  Notifications& notifications() { return notifications_; }
  Scheduler& scheduler() { return scheduler_; }
  Faults& faults() { return faults_; }
  AsyncExecutor& async() { return async_; }

 private:
  friend class BootLoader;
  // The per-entry context of a core: which path the entry in progress takes and when it
  // began (per core: other harts enter and leave while this one waits for the lock).
  struct Entry {
    Path path = Path::kOther;
    uint64_t kernel_entry_cycle = 0;  // after the trap, before the entry cost
    uint64_t last_exit_cycle = 0;     // when the core last left the kernel (per-thread user time)
  };
  struct Stats {
    uint64_t traps_syscall = 0, traps_interrupt = 0, traps_fault = 0;
    uint64_t entries = 0, kernel_cycles = 0, lock_wait_cycles = 0;
    // Per kernel path (syscall, invocation, interrupt, fault): entries and cycles from entry
    // to exit, lock waits and cache misses included.
    struct PathStats { uint64_t count = 0, cycles = 0; };
    std::array<PathStats, size_t(Path::kCount)> paths{};
  };

  void enter(KernelPort& h, Tcb* from);
  void save_user(KernelPort& h, Tcb* t, uint64_t pc);
  void exit(KernelPort& h);
  void boot_hart(KernelPort& h);

  // declared first: the parts keep references to them
  KernelParams p_;
  PlatformInfo info_;
  Clock clock_;
  std::vector<KernelPort*> ports_;
  std::vector<Entry> entries_;
  Stats stats_;
  uint64_t kernel_code_pa_ = 0, kernel_data_pa_ = 0;
  uint64_t kernel_pool_ = 0;         // next free page of kernel-owned memory
  uint64_t lock_free_at_cycle_ = 0;  // big kernel lock: when the current holder leaves
  KernelPort* running_on_ = nullptr;

  ObjectTable objects_;
  Syscalls syscalls_;
  CSpace cspace_;
  UntypedMemory untyped_;
  Threads threads_;
  VSpace vspace_;
  Ipc ipc_;
  Notifications notifications_;
  Scheduler scheduler_;
  Faults faults_;
  AsyncExecutor async_;
  Firmware firmware_;
};

// The parts reach each other through the front.
inline ObjectTable& Part::objects() const { return k_.objects(); }
inline Syscalls& Part::syscalls() const { return k_.syscalls(); }
inline CSpace& Part::cspace() const { return k_.cspace(); }
inline UntypedMemory& Part::untyped() const { return k_.untyped(); }
inline Threads& Part::threads() const { return k_.threads(); }
inline VSpace& Part::vspace() const { return k_.vspace(); }
inline Ipc& Part::ipc() const { return k_.ipc(); }
inline Notifications& Part::notifications() const { return k_.notifications(); }
inline Scheduler& Part::sched() const { return k_.scheduler(); }
inline Faults& Part::faults() const { return k_.faults(); }
inline AsyncExecutor& Part::async() const { return k_.async(); }
inline void Part::claim(Path p) const { k_.claim(p); }
inline Path Part::claimed() const { return k_.claimed(); }
inline KernelPort& Part::mem() const { return k_.running() ? *k_.running() : k_.port(0); }

}  // namespace uintrsim::kernel
