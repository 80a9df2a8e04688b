// The hart's execute loop, interrupt and trap logic, and privileged instructions.
#include "sim/hart/hart.h"

#include <algorithm>

#include "sim/hart/hart_step.h"
#include "sim/isa/decoder.h"

namespace uintrsim {

using namespace rv;

Hart::Hart(const HartParams& p, BusPort* bus, std::vector<DmiRegion> dmi, ReservationSet* resv)
    : p_(p), bus_(bus), dmi_(std::move(dmi)), resv_(resv), itlb_(p.itlb_entries),
      dtlb_model_(p.dtlb_entries) {
  irq_deadline_.fill(~0ull);
  misa_ = (2ull << 62) | (1u << ('A' - 'A')) | (1u << ('C' - 'A')) | (1u << ('I' - 'A')) |
          (1u << ('M' - 'A')) | (1u << ('S' - 'A')) | (1u << ('U' - 'A'));
  mstatus_ = (2ull << 32) | (2ull << 34);  // UXL = SXL = 64
  pc = p.reset_pc;
  x[0] = 0;
  timed_ = p.timing.inorder;
  if (timed_) {
    icache_ = std::make_unique<CacheModel>(p.timing.icache);
    dcache_ = std::make_unique<CacheModel>(p.timing.dcache);
    bht_.assign(p.timing.bht_entries ? p.timing.bht_entries : 1, 1);
  }
  select_host_tlb();
  set_send_engine(nullptr);
  if (p.uintr.posted.enabled) notify_mask_ = bit(kNotifyLine);
}

Hart::~Hart() = default;

void Hart::set_priv(Priv np) {
  sync_stats();
  priv_ = np;
  select_host_tlb();
  drop_fetch_page();  // fetch permissions depend on the privilege
  if (__builtin_expect(tracer_ != nullptr, 0)) trace_state();
}

void Hart::trace_state() {
  using trace::HartState;
  tracer_->hart_state(p_.hartid, cycle_,
                      in_wfi_ ? HartState::kIdle
                      : priv_ == Priv::U ? HartState::kUser
                      : priv_ == Priv::S ? HartState::kSupervisor
                                         : HartState::kMachine);
}

void Hart::sync_stats() {
  stats_.cycles_by_priv[unsigned(priv_)] += cycle_ - priv_since_cycle_;
  stats_.instret_by_priv[unsigned(priv_)] += instret_ - priv_since_instret_;
  priv_since_cycle_ = cycle_;
  priv_since_instret_ = instret_;
}

void Hart::set_irq_line(unsigned irq, bool level) {
  const uint64_t b = bit(irq);
  mip_hw_ = level ? (mip_hw_ | b) : (mip_hw_ & ~b);
  limit_ = 0;  // re-examine interrupts at the next instruction boundary
}

void Hart::schedule_irq(unsigned irq, uint64_t at_cycle) {
  irq_deadline_[irq] = at_cycle;
  next_deadline_ = *std::min_element(irq_deadline_.begin(), irq_deadline_.end());
  limit_ = 0;
}

void Hart::advance_to(uint64_t c) {
  if (c > cycle_) {
    stats_.idle_cycles += c - cycle_;
    cycle_ = c;
  }
}

void Hart::post_remote_fence(uint64_t handler_cycles) {
  if (in_wfi_) {  // asleep: no translation is in use, the handler runs within the idle time
    flush_translations();
    return;
  }
  remote_fence_pending_ = true;
  remote_fence_cycles_ = handler_cycles;
  limit_ = 0;
}

void Hart::update_limit() { limit_ = std::min(run_limit_, next_deadline_); }

Hart::StopReason Hart::run(uint64_t limit_cycle) {
  run_limit_ = limit_cycle;
  for (;;) {
    if (stop_requested_) return StopReason::kStopRequested;
    if (next_deadline_ <= cycle_) {
      for (unsigned i = 0; i < irq_deadline_.size(); ++i)
        if (irq_deadline_[i] <= cycle_) {
          mip_hw_ |= bit(i);
          irq_deadline_[i] = ~0ull;
        }
      next_deadline_ = *std::min_element(irq_deadline_.begin(), irq_deadline_.end());
    }
    if (in_wfi_) {
      // The device time of the kernel's own accesses (set_timer, the UINTC) waits in stall_
      // for the next instruction to charge it; an idle hart executes none, so it is charged
      // here, after the kernel's accounting of the entry. Left pending, it grew with every
      // entry of an idle hart, whose accesses then reached the devices that much later than
      // its clock said (a timer programmed one period ahead was already due at the CLINT).
      cycle_ += stall_;
      stall_ = 0;
      if (!interrupt_pending_enabled()) return StopReason::kWfi;
      in_wfi_ = false;
      if (__builtin_expect(tracer_ != nullptr, 0)) trace_state();
    }
    if (check_interrupts() && !in_wfi_) {
      // A trap hook (the firmware model) may have returned with another interrupt pending
      // and enabled, e.g. STIP after forwarding MTI: the hardware takes it before executing
      // anything at the return address. Once only, so an instruction always follows.
      check_interrupts();
    }
    if (in_wfi_) continue;  // a trap hook made the hart idle
    if (cycle_ >= run_limit_) return StopReason::kLimit;
    if (remote_fence_pending_) {  // taken like an interrupt, before the next instruction
      remote_fence_pending_ = false;
      flush_translations();
      cycle_ += remote_fence_cycles_;
      continue;  // its cycles may reach the limit or a deadline
    }
    update_limit();
    if (__builtin_expect(observer_ != nullptr, 0)) {
      if (timed_) execute_loop<true, true>();
      else execute_loop<false, true>();
    } else if (timed_) {
      execute_loop<true, false>();
    } else {
      execute_loop<false, false>();
    }
  }
}

// The execute loop runs decoded blocks (sim/hart/block_cache.h): it translates the fetch
// page where a new page begins, finds or decodes the block at the pc and runs it. Without an
// observer, a block runs as a chain of its instructions' step functions (hart_step.h); with
// one (Hooked: trace, GDB), one instruction at a time with the observer's calls around
// each, through the same blocks and with the same decisions of where a block ends, so an
// observer changes no statistic. A synchronous exception (raised(), see Trap) is taken
// where it is detected: after a failed fetch or decode, or when the instruction returns
// kTrapPc.
template <bool Timed, bool Hooked>
void Hart::execute_loop() {
  // The exception thrown by modelled software in a trap hook (the only host exception here,
  // see Trap) is taken outside the try block's scope of the instruction: the hook may fault
  // in turn.
  Trap trap{};
  bool trapped = false;
  for (;;) {
    try {
      if (trapped) {
        trapped = false;
        take_exception<Timed>(trap, excepting_, excepting_pc_, excepting_ ? excepting_->pa : 0);
      }
      // Hooked: the next instruction of the current block, valid while the block cache keeps
      // its generation (the debugger may write memory in before_fetch).
      [[maybe_unused]] const DecodedInsn* next = nullptr;
      [[maybe_unused]] uint32_t next_generation = 0;
      while (cycle_ < limit_) {
        if constexpr (Hooked) observer_->before_fetch(*this);
        const uint64_t cur = pc;
        if (__builtin_expect((cur >> 12) != fetch_vpage_, 0)) {
          if ((cur >> 12) == kept_fetch_vpage_) {
            fetch_vpage_ = kept_fetch_vpage_;  // after a code store: the translation holds
          } else if (!fetch_refill(cur)) {
            excepting_ = nullptr;
            take_exception<Timed>(raised_, nullptr, cur, 0);
            next = nullptr;
            continue;
          }
          kept_fetch_vpage_ = ~0ull;
        }
        const uint64_t pa = fetch_pa_page_ | (cur & 0xfff);
        const DecodedInsn* d;
        if (Hooked && next && next->pa == pa && next_generation == blocks_.generation()) {
          d = next;
        } else {
          d = blocks_.find(pa);
          if (__builtin_expect(!d, 0) && !(d = decode_block(cur, pa))) {
            excepting_ = nullptr;
            take_exception<Timed>(raised_, nullptr, cur, pa);
            next = nullptr;
            continue;
          }
        }
        if constexpr (!Hooked) {
          d->step(*this, *d, cur);
          if constexpr (!kStepTailCalls) {
            while (const DecodedInsn* n = resume_) {
              resume_ = nullptr;
              n->step(*this, *n, pc);
            }
          }
        } else {
          next = nullptr;
          observer_->before_exec(*this, *d, cur, pa);
          const uint64_t npc = d->exec(*this, *d, cur);
          if (__builtin_expect(npc == kTrapPc, 0)) {
            block_exception(*d, cur);
            continue;
          }
          pc = npc;
          x[0] = 0;
          ++instret_;
          cycle_ += charge<Timed>(*d, cur, pa, npc);
          observer_->retired(*this, *d, cur);
          next = block_continues(*d, cur, npc) ? d + 1 : successor(*d, cur, npc);
          next_generation = blocks_.generation();
        }
      }
      return;
    } catch (const Trap& t) {
      trap = t;
      trapped = true;
    }
  }
}

void Hart::block_exception(const DecodedInsn& d, uint64_t cur) {
  excepting_ = &d;
  excepting_pc_ = cur;
  if (timed_) take_exception<true>(raised_, &d, cur, d.pa);
  else take_exception<false>(raised_, &d, cur, d.pa);
}

namespace {
// Exceptions the instruction raises itself, as opposed to faults of its fetch or its memory
// accesses (which may come from deep inside a page walk).
constexpr uint64_t kInstructionExceptions =
    bit(kIllegalInsn) | bit(kBreakpoint) | bit(kEcallU) | bit(kEcallS) | bit(kEcallM);
}  // namespace

// Takes the synchronous exception `t` that the instruction `d` at `cur` (fetched from `pa`)
// raised; pc is still `cur`. The instruction does not retire. A fetch or memory fault aborts
// the instruction: only the trap is charged (its trap_penalty in the in-order mode) and any
// stall already accrued is left for the next instruction. An exception the instruction raises
// itself (ecall, ebreak, illegal instruction) is charged as the instruction, like any other,
// after the trap has been taken (so to the privilege it enters, and with the pc it continues
// at); while the trap is taken, instret reads one less than the instructions retired.
template <bool Timed>
void Hart::take_exception(Trap t, const DecodedInsn* d, uint64_t cur, uint64_t pa) {
  if (t.cause >= 64 || !((kInstructionExceptions >> t.cause) & 1)) {
    take_trap(t.cause, t.tval, pc);
    return;
  }
  --instret_;
  // While the trap is taken, the instructions retired are instret_ + 1 (for the storm check),
  // until take_trap returns or throws.
  instret_bias_ = 1;
  struct ResetBias {
    uint64_t& bias;
    ~ResetBias() { bias = 0; }
  } reset_bias{instret_bias_};
  take_trap(t.cause, t.tval, pc);
  ++instret_;
  x[0] = 0;
  cycle_ += charge<Timed>(*d, cur, pa, pc);
}

bool Hart::fetch_refill(uint64_t cur) {
  const uint64_t pa = translate(cur, kExec, nullptr);
  if (pa == kNoPa) return false;
  const DmiRegion* r = dmi_for(pa & ~0xfffull, 0x1000);
  // Instructions execute from RAM only. PMP is checked for the instruction that opens the
  // page; a PMP boundary inside an executable page is not re-checked per instruction.
  if (!r || !pmp_ok(pa, 2, kExec, priv_)) return raise(kInsnAccessFault, cur);
  fetch_vpage_ = cur >> 12;
  fetch_pa_page_ = pa & ~0xfffull;
  fetch_host_ = r->host + (fetch_pa_page_ - r->base);
  return true;
}

// A block: the instructions from `cur` up to and including the first one that may change
// the pc or the state instructions depend on (a jump, branch, CSR access, fence or system
// instruction), the last one on the page, or the last one before a page-straddling
// instruction, at most BlockCache::kMaxInsns. Decoding ahead within the page has no effect
// on the guest: the page is RAM, translated and PMP-checked for this fetch.
const DecodedInsn* Hart::decode_block(uint64_t cur, uint64_t pa) {
  const auto straddles = [this](unsigned off) { return off == 0xffe && (fetch_host_[off] & 3) == 3; };
  if (straddles(cur & 0xfff)) {
    straddler_ = DecodedInsn();
    if (!decode_at(straddler_, cur, pa)) return nullptr;
    straddler_.pa = pa;
    straddler_.step = insn_step(straddler_, timed_);
    straddler_.ends_block = true;
    return &straddler_;
  }
  DecodedInsn* const first = blocks_.reserve();
  unsigned n = 0;
  for (uint64_t a = cur;;) {
    DecodedInsn& d = first[n++];
    decode_at(d, a, fetch_pa_page_ | (a & 0xfff));  // within the page: cannot fail
    d.step = insn_step(d, timed_);
    if (blocks_.mark_code(d.pa, d.len)) note_code_page(d.pa & ~0xfffull);
    a += d.len;
    switch (d.cls) {
      case InsnClass::kBranch: case InsnClass::kJal:
        d.links = true;
        [[fallthrough]];
      case InsnClass::kJalr: case InsnClass::kCsr: case InsnClass::kFence: case InsnClass::kSystem:
        d.ends_block = true;
        break;
      default:
        d.ends_block = (a & 0xfff) == 0 || n == BlockCache::kMaxInsns || straddles(a & 0xfff);
    }
    if (d.ends_block) break;
  }
  blocks_.commit(pa, n);
  return first;
}

bool Hart::decode_at(DecodedInsn& d, uint64_t cur, uint64_t pa) {
  ++stats_.decode_misses;
  const unsigned off = cur & 0xfff;
  uint16_t lo;
  std::memcpy(&lo, fetch_host_ + off, 2);
  uint32_t raw = lo;
  if ((lo & 3) == 3) {
    uint16_t hi;
    if (off == 0xffe) {  // a 32-bit instruction straddling two pages
      const uint64_t pa2 = translate(cur + 2, kExec, nullptr);
      if (pa2 == kNoPa) return false;
      const DmiRegion* r = dmi_for(pa2, 2);
      if (!r) return raise(kInsnAccessFault, cur + 2);
      std::memcpy(&hi, r->host + (pa2 - r->base), 2);
    } else {
      std::memcpy(&hi, fetch_host_ + off + 2, 2);
    }
    raw |= uint32_t(hi) << 16;
  }
  decode_instruction(raw, d);
  d.latency = d.cls < InsnClass::kCount ? p_.timing.latency[size_t(d.cls)] : 1;
  d.pa = pa;
  return true;
}

bool Hart::check_interrupts() {
  const uint64_t pending = mip() & mie_;
  if (!pending) return notify_mask_ && posted_interrupts();
  const uint64_t u_deleg = mideleg_ & sideleg_;
  const uint64_t m_pending = pending & ~mideleg_;
  const uint64_t s_pending = pending & mideleg_ & ~u_deleg;
  const uint64_t u_pending = pending & u_deleg;
  uint64_t take = 0;
  if (m_pending && (priv_ != Priv::M || (mstatus_ & mstatus::MIE))) take = m_pending;
  else if (s_pending && (priv_ == Priv::U || (priv_ == Priv::S && (mstatus_ & mstatus::SIE))))
    take = s_pending;
  // User-level interrupts (N extension): only in U-mode with ustatus.UIE, after M and S.
  else if (u_pending && priv_ == Priv::U && (mstatus_ & mstatus::UIE))
    take = u_pending;
  if (!take) return notify_mask_ && posted_interrupts();
  // Priority (privileged spec 3.1.9, N extension): MEI, MSI, MTI, SEI, SSI, STI, UEI, USI, UTI.
  static constexpr unsigned kOrder[] = {kMEI, kMSI, kMTI, kSEI, kSSI, kSTI, kUEI, kUSI, kUTI};
  for (unsigned irq : kOrder)
    if (take & bit(irq)) {
      take_trap(kInterruptBit | irq, 0, pc);
      return true;
    }
  return false;
}

// What a trap into each level writes: its cause/epc/tval/tvec CSRs and its mstatus fields
// (xIE, xPIE and the previous-privilege field xPP; U-level traps have no UPP).
struct Hart::TrapLevel {
  uint64_t Hart::*cause;
  uint64_t Hart::*epc;
  uint64_t Hart::*tval;
  uint64_t Hart::*tvec;
  uint64_t ie, pie, pp;
  unsigned pp_shift;
};

const Hart::TrapLevel& Hart::trap_level(Priv target) {
  static constexpr TrapLevel kU{&Hart::ucause_, &Hart::uepc_, &Hart::utval_, &Hart::utvec_,
                                mstatus::UIE, mstatus::UPIE, 0, 0};
  static constexpr TrapLevel kS{&Hart::scause_, &Hart::sepc_, &Hart::stval_, &Hart::stvec_,
                                mstatus::SIE, mstatus::SPIE, mstatus::SPP, 8};
  static constexpr TrapLevel kM{&Hart::mcause_, &Hart::mepc_, &Hart::mtval_, &Hart::mtvec_,
                                mstatus::MIE, mstatus::MPIE, mstatus::MPP, mstatus::MPP_SHIFT};
  return target == Priv::U ? kU : target == Priv::S ? kS : kM;
}

void Hart::note_exception(uint64_t cause, uint64_t tval, uint64_t epc) {
  const uint64_t retired = instret_ + instret_bias_;  // before the faulting instruction
  const bool repeat = storm_.count && cause == storm_.trap.cause && epc == storm_.trap.epc &&
                      tval == storm_.trap.tval && (retired == storm_instret_ || retired == resume_instret_);
  storm_instret_ = retired;
  if (!repeat) {
    storm_.before = last_trap_;
    storm_.trap = {cause, tval, epc};
    storm_.count = 1;
    storm_.first_cycle = cycle_;
    return;
  }
  if (++storm_.count >= p_.trap_storm_traps) {
    storm_.hit = true;
    request_stop();
  }
}

void Hart::take_trap(uint64_t cause, uint64_t tval, uint64_t epc) {
  const bool interrupt = cause & kInterruptBit;
  const unsigned code = cause & 63;
  if (!interrupt && p_.trap_storm_traps) note_exception(cause, tval, epc);
  last_trap_ = {cause, tval, epc};
  note_trap(cause, tval, epc);
  if (observer_) observer_->trap(*this, cause, tval, epc);
  if (interrupt) ++stats_.interrupts[code & 15];
  else if (code < 16) ++stats_.exceptions[code];  // cause 24 (uintr.posted.fault = custom) has no counter
  if (timed_) {
    cycle_ += p_.timing.trap_penalty;
    pending_load_mask_ = 0;
  }
  const bool to_s = priv_ != Priv::M && (((interrupt ? mideleg_ : medeleg_) >> code) & 1);
  const bool to_u = to_s && priv_ == Priv::U && (((interrupt ? sideleg_ : sedeleg_) >> code) & 1);
  const Priv target = to_u ? Priv::U : to_s ? Priv::S : Priv::M;
  if (__builtin_expect(tracer_ != nullptr, 0))
    tracer_->hart_trap(p_.hartid, cycle_, cause, epc,
                       to_u ? trace::HartState::kUser : to_s ? trace::HartState::kSupervisor : trace::HartState::kMachine,
                       suirs_);
  const TrapLevel& l = trap_level(target);
  this->*l.cause = cause;
  this->*l.epc = epc & ~1ull;
  this->*l.tval = tval;
  uint64_t s = mstatus_ & ~(l.pie | l.ie | l.pp);
  if (mstatus_ & l.ie) s |= l.pie;
  s |= (uint64_t(priv_) << l.pp_shift) & l.pp;
  mstatus_ = s;
  // N extension: a U-level trap stays in U-mode. S and M are entered even from themselves
  // (set_priv also drops the fetch page).
  if (target != Priv::U) set_priv(target);
  if (target == Priv::S && s_hook_) {
    s_hook_->on_supervisor_trap(*this, cause, tval, epc);
    return;
  }
  if (target == Priv::M && m_hook_) {
    m_hook_->on_machine_trap(*this, cause, tval, epc);
    return;
  }
  const uint64_t tvec = this->*l.tvec;
  pc = (tvec & ~3ull) + ((tvec & 1) && interrupt ? 4 * code : 0);
}

uint64_t Hart::do_mret() {
  const Priv np = Priv((mstatus_ & mstatus::MPP) >> mstatus::MPP_SHIFT);
  uint64_t s = mstatus_ & ~(mstatus::MIE | mstatus::MPP);
  if (mstatus_ & mstatus::MPIE) s |= mstatus::MIE;
  s |= mstatus::MPIE;
  if (np != Priv::M) s &= ~mstatus::MPRV;
  mstatus_ = s;
  set_priv(np);
  recheck_interrupts();
  resume_instret_ = instret_ + 1;  // as an instruction: it retires after this
  return mepc_;
}

uint64_t Hart::do_sret() {
  const Priv np = (mstatus_ & mstatus::SPP) ? Priv::S : Priv::U;
  uint64_t s = mstatus_ & ~(mstatus::SIE | mstatus::SPP | mstatus::MPRV);
  if (mstatus_ & mstatus::SPIE) s |= mstatus::SIE;
  s |= mstatus::SPIE;
  mstatus_ = s;
  set_priv(np);
  recheck_interrupts();
  resume_instret_ = instret_ + 1;  // as an instruction: it retires after this
  return sepc_;
}

void Hart::touch_data(uint64_t pa, uint64_t len, bool write) {
  if (!timed_ || len == 0) return;
  const unsigned shift = dcache_->line_shift();
  for (uint64_t line = pa >> shift; line <= (pa + len - 1) >> shift; ++line)
    if (!dcache_->access(line << shift, write)) cycle_ += dcache_->params().miss_latency;
}

void Hart::touch_code(uint64_t pa, uint64_t len) {
  if (!timed_ || len == 0) return;
  const unsigned shift = icache_->line_shift();
  for (uint64_t line = pa >> shift; line <= (pa + len - 1) >> shift; ++line)
    if (!icache_->access(line << shift, false)) cycle_ += icache_->params().miss_latency;
  last_fetch_line_ = ~0ull;  // the user's next fetch re-checks its line
}

void Hart::return_to_user(uint64_t target) {
  mstatus_ &= ~mstatus::SPP;  // return to U
  do_sret();
  resume_instret_ = instret_ + instret_bias_;  // not an instruction of the hart
  pc = target;
  in_wfi_ = false;
  if (__builtin_expect(tracer_ != nullptr, 0)) trace_state();
}

void Hart::return_from_machine() {
  pc = do_mret();
  resume_instret_ = instret_ + instret_bias_;  // not an instruction of the hart
}

void Hart::enter_idle() {
  if (priv_ != Priv::S) set_priv(Priv::S);
  mstatus_ |= mstatus::SIE;
  in_wfi_ = true;
  limit_ = 0;
  if (__builtin_expect(tracer_ != nullptr, 0)) trace_state();
}

uint64_t Hart::do_wfi(uint64_t cur) {
  if (!interrupt_pending_enabled()) {
    in_wfi_ = true;
    limit_ = 0;
    if (__builtin_expect(tracer_ != nullptr, 0)) trace_state();
  }
  return cur + 4;
}

void Hart::do_sfence_vma(uint64_t va, bool all) {
  if (all) {
    flush_translations();
    return;
  }
  const uint64_t vpn = (va >> 12) & ((1ull << 27) - 1);
  itlb_.flush_page(vpn);
  dtlb_model_.flush_page(vpn);
  for (unsigned p : {0u, 1u})
    for (auto& e : host_tlb_[p]) e.tag_r = e.tag_w = ~0ull;
  drop_fetch_page();
}

void Hart::do_fence_i() { blocks_.flush(); }

void Hart::note_code_page(uint64_t pa_page) {
  for (auto& set : host_tlb_)
    for (auto& e : set)
      if (e.pa_page == pa_page && (e.tag_r != ~0ull || e.tag_w != ~0ull)) e.code = 1;
}

void Hart::code_stored(uint64_t pa, uint64_t len) {
  for (uint64_t end = pa + len; pa < end;) {  // page by page (the kernel model's writes may span pages)
    const uint64_t n = std::min(end, (pa | 0xfff) + 1) - pa;
    if (blocks_.holds_code(pa, unsigned(n))) {
      blocks_.flush();
      if (fetch_vpage_ != ~0ull) {
        kept_fetch_vpage_ = fetch_vpage_;
        fetch_vpage_ = ~0ull;
      }
      return;
    }
    pa += n;
  }
}

}  // namespace uintrsim
