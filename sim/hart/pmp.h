// Physical memory protection (privileged spec 3.7): 16 entries, granularity 4 bytes.
// Checked on the slow paths only: the host TLB caches a page only when PMP allows the whole
// page, so fast-path hits never need a PMP check.
#pragma once
#include <array>
#include <cstdint>

#include "sim/isa/encoding.h"

namespace uintrsim {

class Pmp {
 public:
  static constexpr unsigned kEntries = 16;
  enum : uint8_t { R = 1, W = 2, X = 4, A_SHIFT = 3, L = 0x80 };
  enum Mode : uint8_t { kOff = 0, kTor = 1, kNa4 = 2, kNapot = 3 };

  std::array<uint64_t, 8> cfg{};                 // pmpcfg0, 2, ..., 14 (RV64: 8 bytes each); written by write_cfg
  std::array<uint64_t, 64> addr{};               // pmpaddr0..63 (entries >= kEntries read 0)

  uint8_t entry_cfg(unsigned i) const { return uint8_t(cfg[i / 8] >> (8 * (i % 8))); }
  bool locked(unsigned i) const { return i < kEntries && (entry_cfg(i) & L); }

  void write_cfg(unsigned reg, uint64_t v) {
    uint64_t out = cfg[reg];
    for (unsigned b = 0; b < 8; ++b) {
      const unsigned i = reg * 8 + b;
      if (i >= kEntries || locked(i)) continue;
      uint8_t c = uint8_t(v >> (8 * b)) & (R | W | X | (3 << A_SHIFT) | L);
      if ((c & W) && !(c & R)) c &= ~(W | R);  // reserved combination R=0, W=1
      out = (out & ~(0xffull << (8 * b))) | (uint64_t(c) << (8 * b));
    }
    cfg[reg] = out;
    active_ = 0;
    for (unsigned i = 0; i < kEntries; ++i)
      if (mode(i) != kOff) active_ |= 1u << i;
  }
  void write_addr(unsigned i, uint64_t v) {
    if (i >= kEntries || locked(i)) return;
    if (i + 1 < kEntries && locked(i + 1) && mode(i + 1) == kTor) return;
    addr[i] = v & ((1ull << 54) - 1);
  }

  // Whether an access of `len` bytes at `pa` by privilege `priv` is permitted.
  bool allows(uint64_t pa, uint64_t len, uint8_t perm, rv::Priv priv) const {
    for (uint32_t m = active_; m; m &= m - 1) {  // the entries that are not OFF, lowest first
      const unsigned i = unsigned(__builtin_ctz(m));
      uint64_t lo, hi;
      if (!range(i, lo, hi)) continue;
      const bool any = pa < hi && pa + len > lo;
      if (!any) continue;
      if (pa < lo || pa + len > hi) return false;  // partial match fails
      const uint8_t c = entry_cfg(i);
      if (priv == rv::Priv::M && !(c & L)) return true;
      return (c & perm) == perm;
    }
    return priv == rv::Priv::M;  // no match: M allowed, S/U denied (entries exist)
  }

 private:
  uint32_t active_ = 0;  // bit i: entry i's A field is not OFF (kept by write_cfg)
  Mode mode(unsigned i) const { return Mode((entry_cfg(i) >> A_SHIFT) & 3); }
  bool range(unsigned i, uint64_t& lo, uint64_t& hi) const {
    switch (mode(i)) {
      case kOff: return false;
      case kTor: lo = i ? addr[i - 1] << 2 : 0; hi = addr[i] << 2; return lo < hi;
      case kNa4: lo = addr[i] << 2; hi = lo + 4; return true;
      case kNapot: {
        const uint64_t a = addr[i];
        const unsigned t = __builtin_ctzll(~a);            // trailing ones
        if (t >= 54) { lo = 0; hi = 1ull << 56; return true; }
        const uint64_t size = 8ull << t;
        lo = (a << 2) & ~(size - 1);
        hi = lo + size;
        return true;
      }
    }
    return false;
  }
};

}  // namespace uintrsim
