// The hart's cache of decoded basic blocks: straight-line runs of instructions within one
// page, decoded once and then executed as a chain (Hart::step, sim/hart/hart_step.h). A
// block is keyed by the physical address of its first instruction, so it is shared by every
// virtual mapping of that code and survives satp changes; the translation of the fetch page
// is checked when a block is entered, as it was per instruction before. Blocks are dropped
// all at once (a new generation) by fence.i, by this hart's stores to a 64-byte line holding
// decoded code (so a hart always executes what it stored, with or without fence.i; another
// hart's stores become visible at this hart's fence.i, as the ISA requires), by debugger
// writes, and when the arena is full. What executes never depends on the cache's geometry;
// only the host-side count of decoded instructions (hartN.decode_misses) does.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <unordered_map>

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
    code_lines_.clear();
    if (++generation_ == 0) {  // wrapped: no slot of an old generation may match again
      std::memset(slots_, 0, kSlots * sizeof(Slot));
      generation_ = 1;
    }
  }
  uint32_t generation() const { return generation_; }

  // Code tracking, by 64-byte line of physical memory (a slow path: blocks are decoded and
  // code pages stored to rarely). mark_code records [pa, pa+len) as decoded and returns true
  // if its page held no decoded code before; holds_code tells whether a store to
  // [pa, pa+len) overwrites decoded code.
  bool page_has_code(uint64_t pa) const { return code_lines_.count(pa >> 12) != 0; }
  bool mark_code(uint64_t pa, unsigned len) {
    auto [it, added] = code_lines_.try_emplace(pa >> 12, 0);
    it->second |= line_mask(pa, len);
    return added;
  }
  bool holds_code(uint64_t pa, unsigned len) const {
    const auto it = code_lines_.find(pa >> 12);
    return it != code_lines_.end() && (it->second & line_mask(pa, len));
  }

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
  // The lines of [pa, pa+len) on pa's page (an access never spans pages here).
  static uint64_t line_mask(uint64_t pa, unsigned len) {
    const unsigned first = (pa >> 6) & 63, last = ((pa + len - 1) >> 6) & 63;
    return (~0ull >> (63 - last)) & (~0ull << first);
  }
  Slot* slots_;
  DecodedInsn* arena_;
  uint32_t generation_ = 1, used_ = 0;
  std::unordered_map<uint64_t, uint64_t> code_lines_;  // page number -> lines with code
};

}  // namespace uintrsim
