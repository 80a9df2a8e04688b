// Adaptive temporal decoupling. A hart normally runs `quantum` cycles between
// synchronisations; while harts interact through interrupts (a UINTC line or a CLINT msip
// changes), every hart switches to the short `sync_quantum` for `window` cycles, so
// cross-hart request/response chains (uipi ping-pong, IPIs) are not stretched to one
// quantum per hop, while compute phases keep the long quantum and its speed.
#pragma once
#include <algorithm>
#include <cstdint>

namespace uintrsim {

struct SyncPolicy {
  uint64_t quantum = 1000;
  uint64_t sync_quantum = 10;
  uint64_t window = 100000;
  uint64_t fine_until = 0;  // cycle until which the short quantum applies

  // A device saw a cross-hart interaction at `cycle`.
  void note_interaction(uint64_t cycle) { fine_until = std::max(fine_until, cycle + window); }
  uint64_t quantum_at(uint64_t cycle) const { return cycle < fine_until ? sync_quantum : quantum; }
};

}  // namespace uintrsim
