// Tag-only model of a set-associative cache with LRU replacement. It holds no data (the
// simulator's memory is always coherent); it decides hit or miss so that the in-order cost
// model can charge miss latency, and so that kernel footprints pollute it like real code.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace uintrsim {

struct CacheParams {
  uint64_t size_bytes = 16 * 1024;
  unsigned ways = 4;
  unsigned line_bytes = 64;
  unsigned hit_latency = 1;    // cycles a hit occupies (the instruction's own cycle)
  unsigned miss_latency = 24;  // extra cycles a miss stalls the pipeline
};

class CacheModel {
 public:
  // LRU stamps: the clock advances on every lookup; 64 bits never wrap in any run (a 32-bit
  // clock wrapped after 2^32 lookups and LRU then evicted the wrong lines).
  using Stamp = uint64_t;

  explicit CacheModel(const CacheParams& p);

  // Looks up the line holding `pa`; on a miss, allocates it (write-allocate), evicting the
  // least recently used way. Returns true on hit.
  bool access(uint64_t pa, bool write) {
    const uint64_t line = pa >> line_shift_;
    if (line == last_line_) {  // same line as the previous access: a hit, LRU unchanged
      ++hits;
      if (write) dirty_[last_slot_] = 1;
      return true;
    }
    return lookup(line, write);
  }
  void invalidate_all();

  const CacheParams& params() const { return p_; }
  unsigned line_shift() const { return line_shift_; }

  uint64_t hits = 0, misses = 0, writebacks = 0;

 private:
  bool lookup(uint64_t line, bool write);

  CacheParams p_;
  unsigned line_shift_ = 6;
  uint64_t sets_ = 0;
  std::vector<uint64_t> tags_;     // sets_ * ways, line number or kInvalid
  std::vector<Stamp> stamp_;       // LRU: last-use stamp per way
  std::vector<uint8_t> dirty_;
  Stamp clock_ = 0;
  uint64_t last_line_ = ~0ull;
  size_t last_slot_ = 0;
};

// Validates cache geometry; returns an empty string when valid, else what is wrong.
std::string check_cache_params(const CacheParams& p);

}  // namespace uintrsim
