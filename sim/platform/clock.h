// The platform's one clock: every conversion between core cycles, simulated time (in
// picoseconds, SystemC's resolution) and mtime/rdtime ticks goes through it, so the
// rounding is the same everywhere (harts, devices, the kernel model, results).
//
// The core clock period is platform.clock_hz rounded to whole picoseconds; mtime counts at
// platform.timebase_hz from time 0. Plain C++ (no SystemC): the kernel model uses it too.
#pragma once
#include <cstdint>

namespace uintrsim {

class Clock {
 public:
  static constexpr uint64_t kPsPerSecond = 1000000000000ull;

  Clock(uint64_t clock_hz, uint64_t timebase_hz)
      : clock_hz_(clock_hz), timebase_hz_(timebase_hz),
        period_ps_(uint64_t(double(kPsPerSecond) / double(clock_hz) + 0.5)) {}

  uint64_t clock_hz() const { return clock_hz_; }
  uint64_t timebase_hz() const { return timebase_hz_; }
  // Core clock period in ps (0 when platform.clock_hz is beyond 1 ps resolution).
  uint64_t period_ps() const { return period_ps_; }

  // Core cycles <-> simulated time. A time between two edges belongs to the earlier cycle.
  uint64_t ps_of_cycle(uint64_t cycle) const { return cycle * period_ps_; }
  uint64_t cycle_at_ps(uint64_t ps) const { return ps / period_ps_; }
  // The first cycle edge at or after `ps` (an event raised between edges is seen there).
  uint64_t cycle_at_or_after_ps(uint64_t ps) const { return (ps + period_ps_ - 1) / period_ps_; }

  // mtime ticks <-> simulated time (exact 128-bit arithmetic).
  uint64_t ticks_at_ps(uint64_t ps) const {
    return uint64_t((unsigned __int128)ps * timebase_hz_ / kPsPerSecond);
  }
  // The earliest time at which mtime reads `ticks`.
  uint64_t ps_of_ticks(uint64_t ticks) const { return uint64_t(ps_of_ticks_wide(ticks)); }
  // The same without truncation (a tick count far in the future is past 2^64 ps).
  unsigned __int128 ps_of_ticks_wide(uint64_t ticks) const {
    return ((unsigned __int128)ticks * kPsPerSecond + timebase_hz_ - 1) / timebase_hz_;
  }

  // Durations as the kernel model's parameters express them.
  uint64_t ticks_of_us(uint64_t us) const { return us * timebase_hz_ / 1000000; }
  uint64_t us_of_ticks(uint64_t ticks) const { return ticks * 1000000 / timebase_hz_; }
  // A number of core cycles in mtime ticks (rounded down).
  uint64_t ticks_of_cycles(uint64_t cycles) const { return cycles * timebase_hz_ / clock_hz_; }

 private:
  uint64_t clock_hz_, timebase_hz_, period_ps_;
};

}  // namespace uintrsim
