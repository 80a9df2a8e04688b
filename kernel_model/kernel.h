// The seL4-like kernel model (docs/architecture.md). It is not executed as RISC-V code: a
// trap into S-mode calls on_supervisor_trap on that hart's SystemC thread, and the model
// does what seL4 would do -- capability lookup, invocations, IPC, scheduling -- reading and
// writing guest registers and memory through the hart, charging the named costs of
// kernel_params.h and touching its footprint in the caches, then returns to a user thread
// (or idles the hart). An SBI-like machine-mode model forwards the CLINT timer as STIP.
#pragma once
#include <array>
#include <functional>
#include <deque>
#include <map>

#include <nlohmann/json.hpp>
#include <memory>
#include <string>
#include <vector>

#include "kernel_model/api/paths.h"
#include "kernel_model/kernel_params.h"
#include "kernel_model/kernel_port.h"
#include "kernel_model/objects.h"
#include "sim/isa/encoding.h"
#include "sim/loader/elf_file.h"
#include "sim/mem/sv39_walk.h"
#include "sim/platform/clock.h"

namespace uintrsim {

class StatsRegistry;

namespace kernel {

// Registers of seL4's RISC-V syscall ABI (abi.h): a0 = capability / badge, a1 = message info,
// a2..a5 = the first message registers, a7 = the syscall number.
constexpr unsigned kA0 = 10, kA1 = 11, kA2 = 12, kA7 = 17;
// Sv39 page-table entry bits (the one definition: uintrsim/sv39.h).
constexpr uint64_t kPteV = UINTRSIM_PTE_V, kPteR = UINTRSIM_PTE_R, kPteW = UINTRSIM_PTE_W, kPteX = UINTRSIM_PTE_X,
                   kPteU = UINTRSIM_PTE_U, kPteA = UINTRSIM_PTE_A, kPteD = UINTRSIM_PTE_D;

struct PlatformInfo {
  uint64_t ram_base = 0, ram_size = 0;
  uint64_t simctrl_base = 0;        // offered to the root task as a device untyped (ROI markers)
  uint64_t uintc_base = 0;          // the UINTC (0 = none)
  unsigned uintc_entries = 0;
  unsigned uist_stride = 8;         // sender-table entry stride of the hardware
  unsigned sender_entries = 64;     // entries per sender table
  uint64_t timebase_hz = 0, clock_hz = 0;
  std::function<void(uint64_t)> halt;  // ends the run with an exit code (64 bits, 0 = pass)
  std::function<void(const char*, size_t)> console;
  std::function<void(const std::string&)> deadlock;  // nothing can run any more
};

// A registered asynchronous-syscall client: its kernel coroutine's state.
struct AsyncCtx {
  Tcb* tcb = nullptr;
  uint64_t buffer = 0;        // user virtual address of its NewBuffer
  uint64_t vector = 0, recv_idx = 0;
  unsigned sender_index = 0;  // entry in the kernel's sender table
  bool queued = false;        // woken, waiting to run
  uint64_t stranded_since = 0;  // rdtime at which a lost wake-up was first seen (0: none)
};

struct KernelStats {
  std::array<uint64_t, 32> syscalls{};  // by -number
  uint64_t traps_syscall = 0, traps_interrupt = 0, traps_fault = 0;
  uint64_t fastpath = 0, context_switches = 0, ticks = 0, faults_unhandled = 0;
  uint64_t entries = 0, kernel_cycles = 0, lock_wait_cycles = 0, tlb_shootdowns = 0;
  uint64_t async_wakes = 0, async_activations = 0, async_requests = 0, async_notifications = 0,
           async_stranded = 0, async_rechecks = 0, async_buffer_errors = 0, async_result_overflow = 0;
  // Per kernel path (syscall, invocation, interrupt, fault): entries and cycles from entry
  // to exit, lock waits and cache misses included.
  struct PathStats { uint64_t count = 0, cycles = 0; };
  std::array<PathStats, size_t(Path::kCount)> paths{};
};

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

  void register_stats(StatsRegistry& stats);
  // each part's own counters (called by register_stats)
  void register_syscall_stats(StatsRegistry& st);
  void register_ipc_stats(StatsRegistry& st);
  void register_scheduler_stats(StatsRegistry& st);
  void register_fault_stats(StatsRegistry& st);
  void register_vspace_stats(StatsRegistry& st);
  void register_async_stats(StatsRegistry& st);
  // Per-thread statistics (threads are created at run time), deterministically ordered.
  nlohmann::json threads_json() const;
  const KernelStats& stats() const { return stats_; }

  // CPtr resolution (seL4 resolveAddressBits) from the thread's CSpace root or `root`.
  Slot* lookup_slot(Tcb* t, uint64_t cptr, unsigned depth, const Cap* root = nullptr);

 private:
  friend struct KernelOps;
  struct Core {
    Tcb* current = nullptr;
    Tcb idle;
    std::array<std::deque<Tcb*>, 256> ready;
    uint64_t next_tick_mtime = 0;
    uint64_t kernel_entry_cycle = 0;
    uint64_t active_vspace = 0;  // root page table in satp
    uint64_t last_exit_cycle = 0;  // when the core last left the kernel (per-thread user time)
    bool current_to_back = false;  // yield / time slice end: the current thread queues behind its peers
    Tcb* uintr_owner = nullptr;    // whose user-interrupt CSRs are on the hart
    Path path = Path::kOther;      // the path of the entry in progress on this core
  };

  // entry / exit
  void save_user(KernelPort& h, Tcb* t, uint64_t pc);
  void restore_and_exit(KernelPort& h, Core& c);
  void enter(KernelPort& h);
  // syscalls (api/syscalls.cpp): one table drives dispatch, names and statistics
  struct SyscallInfo {
    int64_t number;                    // seL4 RISC-V syscall number (a7)
    const char* name;                  // kernel.syscalls.<name>
    Path path;                         // kernel.path.<path>.*
    void (Kernel::*handler)(KernelPort&, Tcb*);
    uint64_t KernelCosts::*cost;       // charged before the handler (nullptr: the handler charges)
  };
  static const std::vector<SyscallInfo>& syscall_table();
  void handle_syscall(KernelPort& h, Tcb* t, int64_t number);
  void sys_call(KernelPort& h, Tcb* t);
  void sys_reply_recv(KernelPort& h, Tcb* t);
  void sys_send(KernelPort& h, Tcb* t);
  void sys_nb_send(KernelPort& h, Tcb* t);
  void sys_recv(KernelPort& h, Tcb* t);
  void sys_nb_recv(KernelPort& h, Tcb* t);
  void sys_yield(KernelPort& h, Tcb* t);
  void sys_debug_putchar(KernelPort& h, Tcb* t);
  void sys_debug_halt(KernelPort& h, Tcb* t);
  void sys_get_clock(KernelPort& h, Tcb* t);
  void handle_invocation(KernelPort& h, Tcb* t, bool is_call, bool is_blocking);
  void handle_recv(KernelPort& h, Tcb* t, bool blocking);
  void handle_reply(KernelPort& h, Tcb* t);
  bool try_fastpath(KernelPort& h, Tcb* t, int64_t number);
  // IPC
  void send_ipc(KernelPort& h, Tcb* sender, Endpoint& ep, uint64_t badge, bool blocking, bool is_call,
                bool can_grant);
  void receive_ipc(KernelPort& h, Tcb* receiver, Endpoint& ep, bool blocking);
  // Message transfer: MRs, badge and (seL4 transferCaps) extra capabilities: a cap to the
  // endpoint the message travels on is unwrapped into its badge; otherwise, with grant,
  // the first cap is copied into the receiver's receive slot.
  void transfer(KernelPort& h, Tcb* from, Tcb* to, uint64_t badge, seL4_MessageInfo_t info, uint64_t ep_pa,
                bool can_grant);
  void do_reply(KernelPort& h, Tcb* replier, Tcb* caller);
  void send_signal(KernelPort& h, Notification& n, uint64_t badge);
  void receive_signal(KernelPort& h, Tcb* t, Notification& n, bool blocking);
  void cancel_ipc(Tcb* t);
  // faults
  void handle_fault(KernelPort& h, Tcb* t, uint64_t label, std::vector<uint64_t> msg, const std::string& what,
                    uint64_t cause, uint64_t value);
  // scheduling
  void make_runnable(Tcb* t);
  void send_ipi(unsigned core);
  void check_deadlock();
  void block(Tcb* t, ThreadState s);
  void remove_from_ready(Tcb* t);
  Tcb* choose(Core& c, bool prefer_current);
  void handle_tick(KernelPort& h, Core& c);
  void program_timer(KernelPort& h, Core& c);
  // replies to kernel invocations
  void reply_error(Tcb* t, seL4_Error e, std::initializer_list<uint64_t> detail = {});
  void reply_ok(Tcb* t, std::initializer_list<uint64_t> mrs = {});
  // message registers of a thread (registers a2..a5, then the IPC buffer)
  uint64_t get_mr(KernelPort& h, Tcb* t, unsigned i);
  void set_mr(KernelPort& h, Tcb* t, unsigned i, uint64_t v);
  bool ipc_buffer_pa(Tcb* t, uint64_t& pa) const;
  // objects
  Tcb* tcb_at(uint64_t pa);
  Endpoint* endpoint_at(uint64_t pa);
  Notification* notification_at(uint64_t pa);
  CNode* cnode_at(uint64_t pa);
  Untyped* untyped_at(const Cap& c);
  AsidPool* asid_pool_at(uint64_t pa);
  // capability slots
  void insert_cap(Slot* dst, const Cap& c, Slot* parent);
  void delete_slot(KernelPort* h, Slot* s);
  void revoke(KernelPort* h, Slot* s);
  void finalise(KernelPort* h, const Cap& c);
  // user interrupts (kernel_model/uintr.cpp)
  uint64_t kernel_page();
  void uintc_write(KernelPort& h, uint64_t idx, uint64_t reg, uint64_t value);
  void write_sender_entry(uint64_t table, unsigned i, uint64_t vector, uint64_t receiver);
  uint64_t suist_for(uint64_t table) const;
  void invoke_uintr(KernelPort& h, Tcb* t, Slot* s, seL4_MessageInfo_t info);
  void uintr_signal(KernelPort& h, Notification& n, uint64_t badge);
  void uintr_switch(KernelPort& h, Tcb* prev, Tcb* next);
  void uintr_refresh(Tcb* t);
  void register_async(KernelPort& h, Tcb* t, Slot* s, seL4_MessageInfo_t info);
  // asynchronous syscalls (kernel_model/async_syscall.cpp)
  uint64_t user_pa(Tcb* t, uint64_t vaddr, uint64_t len, bool write);
  bool user_read(KernelPort& h, Tcb* t, uint64_t vaddr, void* out, unsigned len);
  bool user_write(KernelPort& h, Tcb* t, uint64_t vaddr, const void* in, unsigned len);
  AsyncCtx* async_of(Tcb* t);
  void wake_syscall_handler(KernelPort& h, Tcb* t);
  bool async_may_run_on(const Core& c, unsigned core) const;
  void run_async(KernelPort& h);
  void check_lost_wakeups(KernelPort& h);
  bool peek_user(KernelPort& h, Tcb* t, uint64_t vaddr, void* out, unsigned len);
  uint64_t pending_requests(KernelPort& h, AsyncCtx& a, bool timed);
  bool ring_pop(KernelPort& h, AsyncCtx& a, uint64_t ring_off, IPCItem& item, bool& empty);
  bool ring_push(KernelPort& h, AsyncCtx& a, uint64_t ring_off, const IPCItem& item, bool& full);
  void drain(KernelPort& h, AsyncCtx& a);
  void notify_user(KernelPort& h, AsyncCtx& a);
  void async_buffer_fault(KernelPort& h, AsyncCtx& a, const char* what);
  IPCItem execute_async(KernelPort& h, AsyncCtx& a, const IPCItem& in);
  uint64_t tick_period(unsigned core) const;
  // Physical memory as the kernel reaches it: through the port of the hart running the
  // kernel (the boot hart's at boot); page-table words in RAM only.
  KernelPort& mem();
  bool in_ram(uint64_t pa, uint64_t len) const;
  bool read_pte(uint64_t pa, uint64_t& pte);
  void write_pte(uint64_t pa, uint64_t pte);
  // VSpace
  // The shared Sv39 walker (sim/mem/sv39_walk.h) over the kernel's page-table reads.
  sv39::WalkResult walk(uint64_t root, uint64_t vaddr, int stop_level = 0);
  // Clears the PTE on the path to `vaddr` that maps `target` (a leaf for a frame, a pointer
  // for a page table); returns whether one was found.
  bool unmap_pte(uint64_t root, uint64_t vaddr, uint64_t target, bool leaf);
  uint64_t vspace_root(uint64_t asid) const;
  void flush_all_harts_tlbs(KernelPort& h);
  // invocations (kernel_model/invocations_*.cpp)
  void invoke(KernelPort& h, Tcb* t, Slot* slot, seL4_MessageInfo_t info, bool is_call);
  void invoke_untyped(KernelPort& h, Tcb* t, Slot* s, seL4_MessageInfo_t info);
  void invoke_cnode(KernelPort& h, Tcb* t, Slot* s, seL4_MessageInfo_t info);
  void invoke_tcb(KernelPort& h, Tcb* t, Slot* s, seL4_MessageInfo_t info);
  void invoke_frame(KernelPort& h, Tcb* t, Slot* s, seL4_MessageInfo_t info);
  void invoke_page_table(KernelPort& h, Tcb* t, Slot* s, seL4_MessageInfo_t info);
  void invoke_asid_pool(KernelPort& h, Tcb* t, Slot* s, seL4_MessageInfo_t info);
  Slot* extra_cap(KernelPort& h, Tcb* t, unsigned i, seL4_MessageInfo_t info);
  // memory
  void zero_memory(KernelPort* h, uint64_t pa, uint64_t bytes);
  // boot (kernel_model/boot.cpp)
  uint64_t boot_alloc(uint64_t bytes);
  void boot_map(uint64_t root, uint64_t vaddr, uint64_t pa, uint64_t pte_bits,
                    std::vector<uint64_t>& new_tables);
  void boot_hart(KernelPort& h);
  void touch(KernelPort& h, uint64_t pa, uint64_t len, bool write) { h.touch_data(pa, len, write); }
  void charge(KernelPort& h, uint64_t c) { h.charge(c); }
  // The path the entry in progress on the executing hart takes (the last claim wins).
  void count(Path p) { cores_[running_on_ ? running_on_->hartid() : 0].path = p; }
  Path current_path() const { return cores_[running_on_ ? running_on_->hartid() : 0].path; }

  KernelParams p_;
  PlatformInfo info_;
  Clock clock_;
  std::vector<KernelPort*> ports_;
  std::vector<Core> cores_;
  KernelStats stats_;
  // object tables (identity = physical address)
  std::map<uint64_t, std::unique_ptr<Tcb>> tcbs_;
  std::map<uint64_t, std::unique_ptr<Endpoint>> endpoints_;
  std::map<uint64_t, std::unique_ptr<Notification>> notifications_;
  std::map<uint64_t, std::unique_ptr<CNode>> cnodes_;
  std::map<uint64_t, std::unique_ptr<Untyped>> untypeds_;  // by Cap::id
  std::map<uint64_t, std::unique_ptr<AsidPool>> asid_pools_;
  std::map<uint64_t, uint64_t> asid_to_vspace_;  // asid -> root page table pa
  uint64_t kernel_code_pa_ = 0, kernel_data_pa_ = 0;
  uint64_t lock_free_at_cycle_ = 0;  // big kernel lock: when the current holder leaves
  uint64_t boot_alloc_ = 0;          // bump allocator for boot-time objects
  uint64_t next_object_id_ = 0;
  KernelPort* running_on_ = nullptr;  // the hart executing the kernel now
  uint64_t kernel_pool_ = 0;    // next free page of kernel-owned memory
  uint64_t next_receiver_ = 1;  // next free UINTC receiver entry
  std::vector<std::unique_ptr<AsyncCtx>> async_;
  std::deque<AsyncCtx*> async_ready_;
  uint64_t kernel_sender_table_ = 0;
  unsigned kernel_sender_entries_ = 0;
  std::unique_ptr<Tcb> shadow_;   // presents async requests to the invocation code
  uint64_t shadow_ipc_pa_ = 0;
};

}  // namespace kernel
}  // namespace uintrsim
