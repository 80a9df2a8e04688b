// The architectural TLB of the timing model: fully associative, holding Sv39
// leaf translations (4 KiB, 2 MiB or 1 GiB). A miss costs a page walk through the D-cache.
// Replacement: not-recently-used entries first (see insert), LRU among them.
#pragma once
#include <cstdint>
#include <vector>

namespace uintrsim {

class TlbModel {
 public:
  using Stamp = uint64_t;  // LRU stamps, advanced on every lookup: 64 bits never wrap

  struct Entry {
    uint64_t vpn = ~0ull;  // virtual page number of the first 4 KiB page covered
    uint64_t ppn = 0;      // physical page number of the first 4 KiB page covered
    uint64_t pte = 0;      // the leaf PTE (permission and A/D bits)
    unsigned level = 0;    // 0: 4 KiB, 1: 2 MiB, 2: 1 GiB
    uint64_t pte_pa = 0;   // where the leaf PTE lives (hardware A/D updates)
    Stamp stamp = 0;
    uint64_t pages() const { return 1ull << (9 * level); }
    bool covers(uint64_t vpn4k) const { return vpn != ~0ull && vpn4k - vpn < pages(); }
  };

  explicit TlbModel(unsigned entries = 32) : entries_(entries ? entries : 1) {}

  Entry* lookup(uint64_t vpn4k) {
    for (auto& e : entries_)
      if (e.covers(vpn4k)) { e.stamp = ++clock_; ++hits; return &e; }
    ++misses;
    return nullptr;
  }
  // Inserts `e`, returning the entry it displaced (vpn == ~0 if none). The victim is the
  // least recently looked-up entry among those `in_use` says are not in active use (hits
  // served by the hart's host TLB never reach lookup(), so recency alone would evict hot
  // pages); if every entry is in use, the least recently looked-up one.
  template <typename InUse>
  Entry insert(Entry e, InUse in_use) {
    Entry* victim = nullptr;
    Entry* lru = &entries_[0];
    for (auto& c : entries_) {
      if (c.vpn == ~0ull) { victim = &c; break; }
      if (c.stamp < lru->stamp) lru = &c;
      if (!in_use(c) && (!victim || c.stamp < victim->stamp)) victim = &c;
    }
    if (!victim) victim = lru;
    Entry old = *victim;
    e.stamp = ++clock_;
    *victim = e;
    return old;
  }
  Entry insert(Entry e) { return insert(e, [](const Entry&) { return false; }); }
  void flush() { for (auto& e : entries_) e.vpn = ~0ull; }
  void flush_page(uint64_t vpn4k) { for (auto& e : entries_) if (e.covers(vpn4k)) e.vpn = ~0ull; }

  uint64_t hits = 0, misses = 0;

 private:
  std::vector<Entry> entries_;
  Stamp clock_ = 0;
};

}  // namespace uintrsim
