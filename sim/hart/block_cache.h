// The hart's cache of decoded basic blocks: straight-line runs of instructions within one
// page, decoded once and then executed as a chain (Hart::step, sim/hart/hart_step.h). A
// block is keyed by the physical address of its first instruction, so it is shared by every
// virtual mapping of that code and survives satp changes; the translation of the fetch page
// is checked when a block is entered, as it was per instruction before. Blocks are dropped
// all at once (a new generation) by fence.i, by a store to a line holding decoded code and by
// debugger writes, and when the arena is full: the cache's contents depend only on the
// guest's execution, so results never depend on its geometry except through the host-side
// count of decoded instructions (hartN.decode_misses).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

#include "sim/isa/decoded_insn.h"

namespace uintrsim {

class BlockCache {
 public:
  // The longest block: bounds the chain's depth where the compiler does not turn the step
  // functions' tail calls into jumps (debug builds).
  static constexpr unsigned kMaxInsns = 64;

  BlockCache()
      : slots_(static_cast<Slot*>(std::calloc(kSlots, sizeof(Slot)))),
        arena_(static_cast<DecodedInsn*>(std::calloc(kArenaInsns, sizeof(DecodedInsn)))) {
    if (!slots_ || !arena_) throw std::bad_alloc();
  }
  ~BlockCache() {
    std::free(slots_);
    std::free(arena_);
  }
  BlockCache(const BlockCache&) = delete;
  BlockCache& operator=(const BlockCache&) = delete;

  // The block whose first instruction is at physical address `pa`, or nullptr.
  DecodedInsn* find(uint64_t pa) const {
    const Slot& s = slots_[index(pa)];
    return s.tag == pa + 1 && s.generation == generation_ ? arena_ + s.first : nullptr;
  }
  // Room for a block of up to kMaxInsns instructions; starts a new generation when the
  // arena has no room left. The instructions are default-initialised.
  DecodedInsn* reserve() {
    if (used_ + kMaxInsns > kArenaInsns) flush();
    for (unsigned i = 0; i < kMaxInsns; ++i) new (&arena_[used_ + i]) DecodedInsn();
    return arena_ + used_;
  }
  // Enters the `n` instructions just decoded into reserve()'s room as the block at `pa`.
  void commit(uint64_t pa, unsigned n) {
    Slot& s = slots_[index(pa)];
    s.tag = pa + 1;
    s.generation = generation_;
    s.first = used_;
    used_ += n;
  }
  // Drops every block. Their instructions stay readable until new blocks are decoded, so an
  // instruction that flushes (fence.i) may still be charged from its own entry.
  void flush() {
    used_ = 0;
    if (++generation_ == 0) {  // wrapped: no slot of an old generation may match again
      std::memset(slots_, 0, kSlots * sizeof(Slot));
      generation_ = 1;
    }
  }
  uint32_t generation() const { return generation_; }

 private:
  // A direct-mapped table of block starts (tag = pa + 1, so calloc's zeros are empty) and an
  // arena of instructions, both allocated lazily by the OS: only what the guest's code uses
  // becomes resident.
  struct Slot {
    uint64_t tag;
    uint32_t generation, first;
  };
  static constexpr unsigned kSlots = 1u << 14;
  static constexpr unsigned kArenaInsns = 1u << 15;
  static unsigned index(uint64_t pa) { return unsigned((pa >> 1) ^ (pa >> 15)) & (kSlots - 1); }
  Slot* slots_;
  DecodedInsn* arena_;
  uint32_t generation_ = 1, used_ = 0;
};

}  // namespace uintrsim
