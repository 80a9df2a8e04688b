// The RV64IMAC hart: architectural state, privilege and trap logic, CSRs, Sv39 translation
// and the fetch/decode/execute loop. Plain C++; platform/hart_module.h puts it on a SystemC
// thread and connects its ports to TLM. Instruction semantics live in isa/, one file per
// extension; this class provides what they need (registers, memory access, traps).
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "sim/hart/block_cache.h"
#include "sim/hart/hart_ports.h"
#include "sim/hart/hart_stats.h"
#include "sim/hart/pmp.h"
#include "sim/hart/tlb_model.h"
#include "sim/isa/decoded_insn.h"
#include "sim/isa/encoding.h"
#include "sim/timing/cache_model.h"
#include "sim/timing/timing_params.h"
#include "sim/trace/trace_sink.h"
#include "sim/uintr/uintr_params.h"
#include "sim/uintr/upid_lines.h"
#include "sim/uintr/uipi_send_engine.h"

namespace uintrsim {

class ParamRegistry;
class Config;

// A synchronous exception, the one way an instruction traps. Its semantics (isa/), the
// memory access paths, the page walker and the user-interrupt helpers raise it with
// Hart::raise() and report failure to their caller (false, nullptr, Hart::kNoPa); the
// instruction then returns Hart::kTrapPc and the execute loop takes the trap at the
// instruction's pc, which does not retire. No host exception is involved, so a trap costs
// about as much as a taken branch. The one exception: modelled software running in a trap
// hook (the kernel model's uipi.send) whose access faults throws the Trap, which the execute
// loop catches and takes in turn.
struct Trap {
  uint64_t cause;
  uint64_t tval;
};

struct HartParams {
  unsigned hartid = 0;
  uint64_t reset_pc = 0x80000000;
  TimingParams timing;
  unsigned itlb_entries = 32, dtlb_entries = 32;
  bool hardware_ad = true;   // Sv39 A/D bits: set by hardware (Svadu) or page fault (Svade)
  uint64_t mvendorid = 0, marchid = 0, mimpid = 0;
  UintrParams uintr;
  // Fault-storm detection: stop after this many identical exceptions in a row that the hart
  // never got past (platform.trap_storm_traps); 0 = off.
  uint64_t trap_storm_traps = 0;

  static void declare(ParamRegistry& reg);
  static HartParams from_config(const Config& cfg, unsigned hartid);
};

class Hart {
 public:
  enum class StopReason { kLimit, kWfi, kStopRequested };

  Hart(const HartParams& p, BusPort* bus, std::vector<DmiRegion> dmi, ReservationSet* resv);
  ~Hart();
  Hart(const Hart&) = delete;
  Hart& operator=(const Hart&) = delete;

  // Runs until the local cycle reaches `limit_cycle`, the hart executes wfi with nothing
  // pending, or request_stop() is called. Interrupts that are pending and enabled are taken
  // at instruction boundaries.
  StopReason run(uint64_t limit_cycle);

  // --- interrupt lines (devices call these through the platform) ---
  void set_irq_line(unsigned irq, bool level);
  // Raises `irq` once the local cycle reaches `at_cycle` (exact timer interrupts under
  // temporal decoupling); ~0 cancels.
  void schedule_irq(unsigned irq, uint64_t at_cycle);
  // Sets the software-writable pending bit of `irq` (as a device that posts into mip).
  void post_irq(unsigned irq) { mip_sw_ |= rv::bit(irq); limit_ = 0; }
  bool interrupt_pending_enabled() const {
    return (mip() & mie_) != 0 || (notify_mask_ && (mip_hw_ & notify_mask_ || posted_deliverable()));
  }
  // uintr.arch = posted: the notification device's line into this hart (docs/uintr-posted.md).
  // Internal: never visible in mip; an otherwise unused interrupt number below 16.
  static constexpr unsigned kNotifyLine = 14;
  uint64_t next_scheduled_cycle() const { return next_deadline_; }

  void request_stop() { stop_requested_ = true; limit_ = 0; }
  // A remote TLB shootdown (an IPI from another hart's kernel): this hart fences its own
  // TLB before its next instruction, spending `handler_cycles` in the IPI handler unless it
  // sleeps in wfi (the handler's time is then part of the idle time).
  void post_remote_fence(uint64_t handler_cycles);
  // Idle skip: a hart in wfi jumps its local time forward (never backward).
  void advance_to(uint64_t cycle);

  void set_supervisor_hook(SupervisorTrapHook* h) { s_hook_ = h; }
  // The timeline (docs/debugging.md): privilege changes, wfi, traps, uret and uipi.send are
  // reported to it; nullptr (the default) reports nothing. Never on the per-instruction path.
  void set_tracer(trace::TraceSink* t) { tracer_ = t; if (t) trace_state(); }
  void set_machine_hook(MachineTrapHook* h) { m_hook_ = h; }

  // --- services for modelled software (the kernel model runs on the hart's thread) ---
  // Charges `n` cycles to the current privilege level (a modelled code path's cost).
  void charge(uint64_t n) { cycle_ += n; }
  // Touches [pa, pa+len) through the D-cache (or I-cache) model, charging misses in the
  // in-order mode: the cache pollution of a modelled kernel footprint.
  void touch_data(uint64_t pa, uint64_t len, bool write);
  void touch_code(uint64_t pa, uint64_t len);
  // Leaves S-mode for U-mode at `pc` as sret would (SIE <- SPIE, SPIE <- 1).
  void return_to_user(uint64_t pc);
  // Makes the hart idle in S-mode with supervisor interrupts enabled: it sleeps (wfi) until
  // an interrupt is pending, which then traps into the supervisor hook.
  void enter_idle();
  // Leaves a machine-mode trap handled by modelled firmware, as mret would.
  void return_from_machine();
  // Fences this hart's whole TLB (sfence.vma x0, x0).
  void flush_tlb() { do_sfence_vma(0, true); }
  // CSR access as machine-mode firmware (the kernel model's SBI part), whatever the current
  // privilege; and setting the privilege directly at boot.
  bool machine_csr_read(uint16_t addr, uint64_t& out);
  bool machine_csr_write(uint16_t addr, uint64_t value);
  void set_privilege(rv::Priv p) { set_priv(p); }
  // RAM the hart may access through host pointers (set once the bus can grant DMI).
  void set_dmi_regions(std::vector<DmiRegion> r) { dmi_ = std::move(r); flush_all_host_tlbs(); }

  // --- architectural state (public: instruction semantics, the kernel model and tests) ---
  uint64_t x[32] = {};
  uint64_t pc = 0;
  // The current privilege; it changes only through traps, xRET and set_privilege().
  rv::Priv privilege() const { return priv_; }

  uint64_t cycle() const { return cycle_; }
  bool in_wfi() const { return in_wfi_; }
  uint64_t instret() const { return instret_; }
  unsigned hartid() const { return p_.hartid; }
  const HartParams& params() const { return p_; }
  const HartStats& stats() const { return stats_; }
  HartStats& stats() { return stats_; }
  // Brings per-privilege accounting up to date (call before reading stats).
  void sync_stats();
  // The most recent trap (for reports when a guest runs away); cause ~0 = none yet.
  struct TrapRecord { uint64_t cause = ~0ull, tval = 0, epc = 0; };
  const TrapRecord& last_trap() const { return last_trap_; }
  // The last kTrapHistory runs of traps, oldest first: consecutive traps with the same cause
  // at the same pc form one run, so a storm (the same trap over and over) keeps its first
  // trap, and the traps that led to it stay visible. The newest run is back(); its count is
  // how many times in a row this hart has just taken that trap.
  struct TrapRun {
    uint64_t cause = 0, tval = 0, epc = 0;  // of the run's first trap
    uint64_t first_cycle = 0, last_cycle = 0;  // local cycle of its first and last trap
    uint64_t count = 0;                        // traps in the run
    uint64_t first_seq = 0;                    // the first trap's number (1 = this hart's first)
    rv::Priv from = rv::Priv::M;               // the privilege the first trap was taken from
  };
  static constexpr unsigned kTrapHistory = 8;
  std::vector<TrapRun> recent_traps() const;
  uint64_t traps_taken() const { return traps_taken_; }
  // The current run of one exception (same cause, pc and tval) taken again with no
  // instruction retired since the previous one or since the xRET that returned to it: the
  // hart is not getting past it. `before` is the trap taken just before the run began (the
  // one that led into it, e.g. the fetch fault that sent the hart to a bad trap vector);
  // `hit` is set, and the hart stops, when the run reaches trap_storm_traps.
  struct TrapStorm {
    TrapRecord trap, before;
    uint64_t count = 0, first_cycle = 0;
    bool hit = false;
  };
  const TrapStorm& trap_storm() const { return storm_; }
  const CacheModel* icache() const { return icache_.get(); }
  const CacheModel* dcache() const { return dcache_.get(); }

  // --- synchronous exceptions (see Trap) ---
  // What an instruction's semantics return after raise(): odd, so never a real pc.
  static constexpr uint64_t kTrapPc = 1;
  // A failed translation (never a physical address: those have 56 bits).
  static constexpr uint64_t kNoPa = ~0ull;
  // Records the exception the current instruction raises; returns false for `return
  // h.raise(...)` in a bool function.
  bool raise(uint64_t cause, uint64_t tval) {
    raised_ = {cause, tval};
    return false;
  }
  // The exception raised last (valid after a call reported failure).
  const Trap& raised() const { return raised_; }

  // --- memory access by virtual address, as the current privilege sees it ---
  // False if the access raised an exception (raised()); `v` is then unchanged (load).
  template <typename T> bool load(uint64_t va, T& v);
  template <typename T> bool store(uint64_t va, T v);
  // Physical access through the memory system (used by the page walker and the kernel model).
  bool phys_read(uint64_t pa, void* data, unsigned len);
  bool phys_write(uint64_t pa, const void* data, unsigned len);

  // --- CSRs (isa/ calls these; the kernel model may too) ---
  // Returns false if the CSR does not exist or the access is not permitted.
  bool csr_read(uint16_t addr, uint64_t& out);
  bool csr_write(uint16_t addr, uint64_t value);
  // The value csrrs/csrrc modify: as read, except that the software-writable pending bits of
  // mip/sip/uip come from the software bits alone (privileged spec 3.1.9 says so for SEIP;
  // USIP, driven by the UINTC line, is treated the same), so a read-modify-write never
  // latches a device line.
  uint64_t csr_rmw_base(uint16_t addr, uint64_t read_value) const {
    if (addr != rv::csr::mip && addr != rv::csr::sip && addr != rv::csr::uip) return read_value;
    constexpr uint64_t sw = rv::bit(rv::kSSI) | rv::bit(rv::kSTI) | rv::bit(rv::kSEI) |
                            rv::bit(rv::kUSI) | rv::bit(rv::kUTI) | rv::bit(rv::kUEI);
    return (read_value & ~sw) | (mip_sw_ & sw);
  }
  uint64_t mstatus() const { return mstatus_; }
  uint64_t mip() const { return (mip_sw_ | mip_hw_) & ~rv::bit(kNotifyLine); }

  // Privileged instruction helpers; mret and sret return the pc to continue at (mepc, sepc).
  uint64_t do_mret();
  uint64_t do_sret();
  uint64_t do_wfi(uint64_t pc);
  void do_sfence_vma(uint64_t va, bool all);
  void do_fence_i();

  // User-interrupt instructions (isa/insn_uintr.cpp; semantics in hart/hart_uintr.cpp).
  uint64_t do_uret();
  // These return false if they raised an exception.
  bool uipi_send(uint64_t index);
  // Replaces the C++ send engine (nullptr: back to it); the RTL engine plugs in here.
  void set_send_engine(std::unique_ptr<UipiSendEngine> e);
  // READ (reads into `out` and clears pending), WRITE (ORs), ACTIVATE/DEACTIVATE on the
  // hart's own receiver entry (suirs.index); no-ops reading 0 while suirs.Enable is clear.
  bool uipi_receiver_access(uint64_t reg, bool write, uint64_t value, uint64_t& out);
  // uintr.arch = posted (sim/hart/hart_posted.cpp, docs/uintr-posted.md).
  bool posted() const { return p_.uintr.posted.enabled; }
  bool senduipi(uint64_t index);
  // The platform's record of which hart last held each UPID line (nullptr: no remote costs).
  void set_upid_lines(UpidLines* l) { upid_lines_ = l; }
  struct PostedStats {
    uint64_t sends = 0, notifications = 0, suppressed = 0, processed = 0, deliveries = 0, other_vectors = 0,
             upid_faults = 0;
  };
  const PostedStats& posted_stats() const { return posted_stats_; }

  // LR/SC
  void reserve(uint64_t pa) { resv_->reserve(p_.hartid, pa); }
  bool check_and_clear_reservation(uint64_t pa) {
    bool ok = resv_->holds(p_.hartid, pa);
    resv_->clear(p_.hartid);
    return ok;
  }
  uint64_t last_pa() const { return last_pa_; }
  const TlbModel& itlb() const { return itlb_; }
  const TlbModel& dtlb() const { return dtlb_model_; }
  // Host pointer for an aligned read-modify-write of RAM (AMOs); faults as a store would
  // (nullptr).
  template <typename T> T* amo_ptr(uint64_t va);
  // Translates for a store/AMO and returns the physical address (LR/SC need it), or kNoPa.
  uint64_t translate_for(uint64_t va, int access);

  // Forces the execute loop to stop at the next instruction boundary so that interrupt
  // state is re-examined (after CSR writes, xRET, ...).
  void recheck_interrupts() { limit_ = 0; }

  // --- debugging (sim/debug/: instruction trace, GDB stub) ---
  // Installs the observer of this hart's instructions and traps (nullptr: none, the default:
  // the execute loop then has no hook at all). Takes effect at the next instruction boundary.
  void set_insn_observer(InsnObserver* o) { observer_ = o; limit_ = 0; }
  InsnObserver* insn_observer() const { return observer_; }
  // Side-effect-free access as a debugger sees the hart: a virtual address translated as the
  // current privilege's instruction fetches are (M-mode: physical; S/U with satp in Sv39
  // mode: a page walk without TLBs, caches, A/D updates, permission checks or statistics),
  // RAM only (never a device). False where unmapped or not RAM.
  bool debug_translate(uint64_t va, uint64_t& pa) const;
  bool debug_read(uint64_t va, void* data, size_t len) const;
  bool debug_write(uint64_t va, const void* data, size_t len);  // drops decoded instructions there
  bool debug_read_phys(uint64_t pa, void* data, size_t len) const;

  static constexpr int kRead = 0, kWrite = 1, kExec = 2;

  // Executes instruction `d` of a decoded block at `pc`, then the rest of its block
  // (sim/hart/hart_step.h); public for the instruction tables (isa/), which instantiate it.
  template <ExecFn Exec, bool Timed> static void step(Hart& h, const DecodedInsn& d, uint64_t pc);

 private:
  struct HostTlbEntry {
    uint64_t tag_r = ~0ull, tag_w = ~0ull;  // virtual page numbers permitted for read / write
    uint8_t* host = nullptr;                // host address of the page
    uint64_t pa_page = 0;
    uint8_t used = 0;  // set by every fast-path hit; read and cleared by TLB-model replacement
    // The page held decoded code when the entry was filled or since: stores through the
    // entry ask the block cache whether they overwrite any (code_stored).
    uint8_t code = 0;
  };
  static constexpr unsigned kHostTlbSize = 256;

  template <bool Timed, bool Hooked> void execute_loop();
  template <bool Timed> uint64_t charge(const DecodedInsn& d, uint64_t pc, uint64_t pa, uint64_t npc);
  template <bool Timed>
  void take_exception(Trap t, const DecodedInsn* d, uint64_t cur, uint64_t pa);
  bool block_continues(const DecodedInsn& d, uint64_t cur, uint64_t npc) const;
  const DecodedInsn* successor(const DecodedInsn& d, uint64_t cur, uint64_t npc);
  // Takes the exception raised by block instruction `d` at `cur` (Hart::step).
  void block_exception(const DecodedInsn& d, uint64_t cur);
  // The decoded block starting at `cur` (physical `pa`, on the current fetch page): from the
  // block cache, or decoded now; nullptr if decoding raised an exception (the second half
  // of a page-straddling instruction did not translate).
  const DecodedInsn* block_at(uint64_t cur, uint64_t pa);
  const DecodedInsn* decode_block(uint64_t cur, uint64_t pa);
  // A store of this hart wrote [pa, pa+len) of RAM: if that overwrote decoded code, drops
  // the decoded blocks and ends the running one after the storing instruction.
  void code_stored(uint64_t pa, uint64_t len);
  void note_code_page(uint64_t pa_page);
  // Forgets the fetch page's translation (the next fetch translates again).
  void drop_fetch_page() { fetch_vpage_ = kept_fetch_vpage_ = ~0ull; }
  bool decode_at(DecodedInsn& d, uint64_t pc, uint64_t pa);
  bool fetch_refill(uint64_t pc);
  bool check_interrupts();
  // Posted architecture: notification processing and delivery at an instruction boundary;
  // true if a user interrupt was delivered.
  bool posted_interrupts();
  bool posted_deliverable() const {
    return suirr_ && priv_ == rv::Priv::U && (mstatus_ & rv::mstatus::UIE);
  }
  void posted_deliver(unsigned vector);
  void notification_processing();
  uint64_t upid_line_cost(uint64_t pa, bool write);
  void take_trap(uint64_t cause, uint64_t tval, uint64_t epc);
  struct TrapLevel;
  static const TrapLevel& trap_level(rv::Priv target);
  void set_priv(rv::Priv p);
  void update_limit();
  void trace_state();  // reports privilege / idle to tracer_ (only called with one)

  // memory slow paths
  template <typename T> bool load_slow(uint64_t va, T& v);
  template <typename T> bool store_slow(uint64_t va, T v);
  uint64_t translate(uint64_t va, int access, HostTlbEntry* fill);  // kNoPa: raised
  bool walk(uint64_t va, int access, rv::Priv eff, TlbModel::Entry& out);
  const DmiRegion* dmi_for(uint64_t pa, uint64_t len) const;
  bool mmio(bool write, uint64_t pa, uint8_t* data, unsigned len);
  rv::Priv data_priv() const;
  bool vm_enabled(rv::Priv eff) const { return eff != rv::Priv::M && (satp_ >> 60) == 8; }
  void flush_translations();
  void flush_all_host_tlbs();
  bool pmp_ok(uint64_t pa, uint64_t len, int access, rv::Priv eff) const;
  void select_host_tlb();
  void on_tlb_model_evict(const TlbModel::Entry& e);
  bool recently_used(const TlbModel::Entry& e) const;
  void age_host_tlb();

  // CSR helpers
  void write_mstatus(uint64_t v, uint64_t mask);
  uint64_t read_counter(uint16_t addr);
  bool counter_accessible(uint16_t addr) const;

  HartParams p_;
  BusPort* bus_;
  std::vector<DmiRegion> dmi_;
  ReservationSet* resv_;
  SupervisorTrapHook* s_hook_ = nullptr;
  MachineTrapHook* m_hook_ = nullptr;
  trace::TraceSink* tracer_ = nullptr;

  rv::Priv priv_ = rv::Priv::M;
  Trap raised_{};

  // time
  uint64_t cycle_ = 0, instret_ = 0;
  uint64_t limit_ = 0, run_limit_ = 0;
  uint64_t next_deadline_ = ~0ull;
  std::array<uint64_t, 16> irq_deadline_;
  bool stop_requested_ = false, in_wfi_ = false;
  bool remote_fence_pending_ = false;
  uint64_t remote_fence_cycles_ = 0;
  uint64_t cycle_offset_ = 0, instret_offset_ = 0;  // mcycle/minstret = count - offset

  // CSR state
  uint64_t mstatus_ = 0, misa_ = 0, medeleg_ = 0, mideleg_ = 0, mie_ = 0, mip_sw_ = 0,
           mip_hw_ = 0, mtvec_ = 0, mscratch_ = 0, mepc_ = 0, mcause_ = 0, mtval_ = 0,
           mcounteren_ = 0, scounteren_ = 0, stvec_ = 0, sscratch_ = 0, sepc_ = 0,
           scause_ = 0, stval_ = 0, satp_ = 0;
  // N extension (user-level traps) and user-interrupt state
  uint64_t utvec_ = 0, uscratch_ = 0, uepc_ = 0, ucause_ = 0, utval_ = 0, sedeleg_ = 0,
           sideleg_ = 0, suist_ = 0, suirs_ = 0, suicfg_ = 0;
  // posted architecture (docs/uintr-posted.md): suitt, suipd, suinv, suirr
  uint64_t suitt_ = 0, suipd_ = 0, suinv_ = 0, suirr_ = 0;
  uint64_t notify_mask_ = 0;  // bit(kNotifyLine) with uintr.arch = posted, else 0
  UpidLines* upid_lines_ = nullptr;
  PostedStats posted_stats_;

  Pmp pmp_;

  // translation
  std::array<std::array<HostTlbEntry, kHostTlbSize>, 4> host_tlb_;  // by effective privilege
  HostTlbEntry* dtlb_ = nullptr;
  TlbModel itlb_, dtlb_model_;
  uint64_t fetch_vpage_ = ~0ull, fetch_pa_page_ = 0;
  // The fetch page while a code store has ended the running block: its translation still
  // holds, and the next fetch on it takes it back without translating (code_stored).
  uint64_t kept_fetch_vpage_ = ~0ull;
  uint8_t* fetch_host_ = nullptr;
  uint64_t last_pa_ = 0;

  // decoded code and timing
  BlockCache blocks_;
  // A page-straddling instruction, decoded again at every execution (its second half depends
  // on another page's translation): a block of its own, outside the cache.
  DecodedInsn straddler_;
  // Builds without tail calls: the instruction Hart::step leaves for the loop to run next.
  const DecodedInsn* resume_ = nullptr;
  // The instruction whose exception is being taken (for a host exception thrown meanwhile
  // by modelled software in a trap hook), or nullptr for a fetch fault.
  const DecodedInsn* excepting_ = nullptr;
  uint64_t excepting_pc_ = 0;
  std::unique_ptr<CacheModel> icache_, dcache_;
  std::vector<uint8_t> bht_;
  uint32_t pending_load_mask_ = 0;
  uint64_t last_fetch_line_ = ~0ull;
  // Extra cycles accrued by slow paths, charged with the instruction: device latency of MMIO
  // (both timing modes), page walks and the uipi.send engine (in-order mode).
  uint64_t stall_ = 0;
  bool timed_ = false;

  class SendPort;
  std::unique_ptr<UipiSendEngine> send_engine_;
  uint64_t send_count_ = 0;  // SEND stores issued by the engine (the timeline's "sent" / "no-op")

  HartStats stats_;
  TrapRecord last_trap_;
  InsnObserver* observer_ = nullptr;
  std::array<TrapRun, kTrapHistory> trap_runs_{};
  unsigned trap_run_head_ = 0;  // index of the newest run
  uint64_t traps_taken_ = 0;
  void note_trap(uint64_t cause, uint64_t tval, uint64_t epc) {
    TrapRun& r = trap_runs_[trap_run_head_];
    ++traps_taken_;
    if (traps_taken_ > 1 && r.cause == cause && r.epc == epc) {
      ++r.count;
      r.last_cycle = cycle_;
      return;
    }
    trap_run_head_ = (trap_run_head_ + 1) % kTrapHistory;
    trap_runs_[trap_run_head_] = {cause, tval, epc, cycle_, cycle_, 1, traps_taken_, priv_};
  }
  TrapStorm storm_;
  // instret at the last exception, and as it will read after the last xRET (the instruction
  // it returned to has not retired while both are equal).
  uint64_t storm_instret_ = 0, resume_instret_ = ~0ull;
  uint64_t instret_bias_ = 0;  // 1 while an instruction's own exception is taken (instret reads one less)
  void note_exception(uint64_t cause, uint64_t tval, uint64_t epc);
  uint64_t priv_since_cycle_ = 0, priv_since_instret_ = 0;
};

}  // namespace uintrsim

#include "sim/hart/hart_memory_inl.h"
