// The small interfaces through which a hart meets the rest of the platform. The hart core
// is plain C++ (no SystemC), so it can be unit-tested alone; the SystemC wrapper
// (platform/hart_module) implements these ports over TLM-2.0.
#pragma once
#include <cstdint>
#include <vector>

namespace uintrsim {

class Hart;
struct DecodedInsn;

// Physical accesses that are not to directly mapped RAM (MMIO, the HTIF page, ...).
class BusPort {
 public:
  virtual ~BusPort() = default;
  // Performs the access at the hart's local time `local_cycle`. Returns false on a bus error
  // (no device, or the device rejected the access). Adds the device's latency to
  // `delay_cycles`.
  virtual bool access(bool write, uint64_t pa, uint8_t* data, unsigned len, uint64_t local_cycle,
                      uint64_t& delay_cycles) = 0;
  // The platform timer (mtime, in timebase ticks) as seen at the hart's local time.
  virtual uint64_t mtime(uint64_t local_cycle) = 0;
};

// A range of RAM the hart may access through a host pointer (TLM DMI).
struct DmiRegion {
  uint64_t base = 0;
  uint64_t size = 0;
  uint8_t* host = nullptr;
  bool contains(uint64_t pa, uint64_t len) const {
    return pa >= base && pa - base < size && len <= size - (pa - base);
  }
};

// State shared by all harts of a platform: LR/SC reservations. A store by any hart to a
// reserved line clears other harts' reservations (the RVWMO reservation-set rule).
class ReservationSet {
 public:
  explicit ReservationSet(unsigned harts) : addr_(harts, kNone) {}
  void reserve(unsigned hart, uint64_t pa) {
    if (addr_[hart] == kNone) ++active_;
    addr_[hart] = pa >> kGranuleShift;
  }
  bool holds(unsigned hart, uint64_t pa) const { return addr_[hart] == (pa >> kGranuleShift); }
  void clear(unsigned hart) {
    if (addr_[hart] != kNone) { addr_[hart] = kNone; --active_; }
  }
  // Called for every store; cheap when nobody holds a reservation.
  void on_store(uint64_t pa, unsigned len) {
    if (active_ == 0) return;
    const uint64_t first = pa >> kGranuleShift, last = (pa + len - 1) >> kGranuleShift;
    for (unsigned h = 0; h < addr_.size(); ++h)
      if (addr_[h] != kNone && addr_[h] >= first && addr_[h] <= last) clear(h);
  }

 private:
  static constexpr uint64_t kNone = ~0ull;
  static constexpr unsigned kGranuleShift = 3;  // 8-byte reservation granule
  std::vector<uint64_t> addr_;
  unsigned active_ = 0;
};

// A hook that takes over traps into M-mode (a firmware model such as an SBI that forwards
// the machine timer to the supervisor). Called after the hart has set the M-level trap CSRs
// and entered M-mode; it leaves the hart ready to resume (typically through return_from_machine, as mret).
class MachineTrapHook {
 public:
  virtual ~MachineTrapHook() = default;
  virtual void on_machine_trap(Hart& hart, uint64_t cause, uint64_t tval, uint64_t epc) = 0;
};

// A hook that takes over traps into S-mode (the kernel model, docs/architecture.md). When
// installed, a trap that the ISA would deliver to S-mode calls `on_supervisor_trap` instead
// of jumping to stvec; the hook runs the kernel and leaves the hart ready to resume.
class SupervisorTrapHook {
 public:
  virtual ~SupervisorTrapHook() = default;
  virtual void on_supervisor_trap(Hart& hart, uint64_t cause, uint64_t tval, uint64_t epc) = 0;
};

// Sees every instruction and trap of one hart: the instruction trace and the GDB stub
// (sim/debug/). A hart without an observer (the default) runs its execute loop without any
// hook; with one, the loop calls these around each instruction. An observer only looks
// (before_fetch may block the whole simulation while a debugger holds it, and may change
// architectural state as a debugger does); it charges nothing, so a hart's timing and
// statistics are the same with and without one.
class InsnObserver {
 public:
  virtual ~InsnObserver() = default;
  // At an instruction boundary, before the instruction at hart.pc is fetched.
  virtual void before_fetch(Hart& hart) = 0;
  // The instruction at `pc` (fetched from physical address `pa`) is decoded and about to execute.
  virtual void before_exec(Hart& hart, const DecodedInsn& d, uint64_t pc, uint64_t pa) = 0;
  // It retired (hart.pc is the next pc). An instruction that traps does not retire.
  virtual void retired(Hart& hart, const DecodedInsn& d, uint64_t pc) = 0;
  // A trap (exception, or interrupt with the interrupt bit in `cause`) is taken at `epc`,
  // before any trap CSR changes.
  virtual void trap(Hart& hart, uint64_t cause, uint64_t tval, uint64_t epc) = 0;
};

}  // namespace uintrsim
