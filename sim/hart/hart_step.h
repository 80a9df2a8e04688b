// The per-instruction part of the execute loop: the cost model's charge for one retired
// instruction, and Hart::step, which executes one instruction of a decoded block and goes
// on to the next. Each instruction table entry (isa/insn_helpers.h, SPEC) instantiates step
// with its own semantics, so the semantics are inlined into their step and every
// instruction dispatches to its successor from its own code (threaded dispatch: one
// indirect jump per instruction, predicted per instruction instead of from one shared call
// site). Included by isa/ and hart.cpp only.
#pragma once

#include "sim/hart/hart.h"

namespace uintrsim {

// Whether Hart::step goes on to the next instruction with a tail call, which the optimiser
// turns into a jump (release builds); unoptimised and sanitised builds keep calls as calls,
// so there the step returns the next instruction to the execute loop instead. Both make the
// same decisions.
#if defined(__OPTIMIZE__) && !defined(__SANITIZE_ADDRESS__)
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UINTRSIM_STEP_NO_TAIL_CALLS
#endif
#endif
#else
#define UINTRSIM_STEP_NO_TAIL_CALLS
#endif
#ifdef UINTRSIM_STEP_NO_TAIL_CALLS
inline constexpr bool kStepTailCalls = false;
#else
inline constexpr bool kStepTailCalls = true;
#endif

template <bool Timed>
[[gnu::always_inline]] inline uint64_t Hart::charge(const DecodedInsn& d, uint64_t cur_pc, uint64_t fetch_pa, uint64_t npc) {
  if constexpr (!Timed) {
    const uint64_t c = 1 + stall_;  // CPI 1, plus device latency of MMIO accesses
    stall_ = 0;
    return c;
  } else {
    const TimingParams& t = p_.timing;
    uint64_t c = d.latency + stall_;
    stall_ = 0;
    // Instruction fetch: only a new line needs a cache look-up.
    if ((fetch_pa >> icache_->line_shift()) != last_fetch_line_) {
      last_fetch_line_ = fetch_pa >> icache_->line_shift();
      if (!icache_->access(fetch_pa, false)) c += t.icache.miss_latency;
    }
    if (d.src_mask & pending_load_mask_) {
      c += t.load_use_penalty;
      ++stats_.load_use_stalls;
    }
    pending_load_mask_ = 0;
    switch (d.cls) {
      case InsnClass::kLoad:
        pending_load_mask_ = d.rd ? (1u << d.rd) : 0;
        [[fallthrough]];
      case InsnClass::kStore:
      case InsnClass::kAmo:
        if (last_pa_ != ~0ull && !dcache_->access(last_pa_, d.cls != InsnClass::kLoad))
          c += t.dcache.miss_latency;
        break;
      case InsnClass::kBranch: {
        const bool taken = npc != cur_pc + d.len;
        uint8_t& ctr = bht_[(cur_pc >> 1) & (bht_.size() - 1)];
        if ((ctr >= 2) != taken) {
          c += t.branch_mispredict_penalty;
          ++stats_.branch_mispredicts;
        }
        if (taken && ctr < 3) ++ctr;
        if (!taken && ctr > 0) --ctr;
        break;
      }
      case InsnClass::kJal: c += t.jump_penalty; break;
      case InsnClass::kJalr: c += t.jalr_penalty; break;
      default: break;
    }
    return c;
  }
}

// Whether execution goes on with the next instruction of d's block after d, at `cur`,
// retired with next pc `npc`: not at the block's end, not after a jump, not at the cycle
// limit (an interrupt, a deadline or the quantum's end: limit_ falls to 0 for all of them)
// and not once the fetch page's translation is gone (a data access may evict it from the
// TLB model: the next fetch translates again, as every fetch of a new page does).
inline bool Hart::block_continues(const DecodedInsn& d, uint64_t cur, uint64_t npc) const {
  return !d.ends_block && npc == cur + d.len && cycle_ < limit_ && (npc >> 12) == fetch_vpage_;
}

// After `d`, the last instruction of its block, retired at `cur` with next pc `npc`: the
// block at npc if execution goes on there directly, as the execute loop would find it: `d`
// is a branch or jal (whose targets never change), npc is on the same page (so the fetch
// translation holds) and the cycle limit is not reached. From d's link, or else the block
// cache (the link is then set); nullptr if not (the execute loop then looks npc up itself).
inline const DecodedInsn* Hart::successor(const DecodedInsn& d, uint64_t cur, uint64_t npc) {
  if (!d.links || cycle_ >= limit_ || ((npc ^ cur) >> 12) != 0 || (cur >> 12) != fetch_vpage_) return nullptr;
  const DecodedInsn*& l = d.link[npc != cur + d.len];
  if (!l) l = blocks_.find(fetch_pa_page_ | (npc & 0xfff));
  return l;
}

template <ExecFn Exec, bool Timed>
void Hart::step(Hart& h, const DecodedInsn& d, uint64_t cur) {
  const uint64_t npc = Exec(h, d, cur);
  if (__builtin_expect(npc == kTrapPc, 0)) {
    h.block_exception(d, cur);
    return;
  }
  h.pc = npc;
  h.x[0] = 0;  // semantics write x[rd] unconditionally; x0 stays zero
  ++h.instret_;
  h.cycle_ += h.charge<Timed>(d, cur, d.pa, npc);
  const DecodedInsn* next = h.block_continues(d, cur, npc) ? &d + 1 : h.successor(d, cur, npc);
  if (!next) return;
  if constexpr (kStepTailCalls) {
    return next->step(h, *next, npc);  // compiled to a jump: the chain needs no stack
  } else {
    h.resume_ = next;  // the execute loop calls it: no recursion where calls stay calls
  }
}

}  // namespace uintrsim
