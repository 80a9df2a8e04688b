// Which hart accessed each UPID cache line last (docs/uintr-posted.md "Costs"). uintrsim's L1
// caches are private and not coherent; for the lines that senduipi and notification processing
// lock, this stands in for the coherence protocol: an access by another hart than the last one
// costs uintr.posted.remote_line_cycles (the line migrates through the L2).
#pragma once
#include <cstdint>
#include <unordered_map>

namespace uintrsim {

class UpidLines {
 public:
  // Records an access by `hart` to the line of `pa`; returns whether another hart held it.
  bool access(uint64_t pa, unsigned hart) {
    auto [it, inserted] = last_.try_emplace(pa >> 6, hart);
    if (inserted) return false;
    const bool remote = it->second != hart;
    it->second = hart;
    return remote;
  }

 private:
  std::unordered_map<uint64_t, unsigned> last_;  // line number (64-byte lines, as the UPID alignment) -> hart
};

}  // namespace uintrsim
