// Per-hart counters. Plain integers so the hot path can bump them cheaply; names, units and
// descriptions are attached where they are registered (Platform::register_stats in
// platform/platform.cpp).
#pragma once
#include <array>
#include <cstdint>

namespace uintrsim {

struct HartStats {
  std::array<uint64_t, 4> cycles_by_priv{};   // indexed by privilege (0 U, 1 S, 3 M)
  std::array<uint64_t, 4> instret_by_priv{};
  std::array<uint64_t, 16> exceptions{};      // by mcause
  std::array<uint64_t, 16> interrupts{};      // by interrupt number
  uint64_t idle_cycles = 0;                   // skipped in wfi
  uint64_t branch_mispredicts = 0;
  uint64_t load_use_stalls = 0;
  uint64_t page_walks = 0;
  uint64_t mmio_accesses = 0;
  uint64_t decode_misses = 0;
};

}  // namespace uintrsim
