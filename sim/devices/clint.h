// Core-local interruptor (SiFive CLINT layout, as in QEMU virt and Rocket): msip per hart at
// +0x0, mtimecmp per hart at +0x4000, mtime at +0xBFF8 (workloads/include/uintrsim/devices.h). mtime is derived from simulated time
// at `timebase_hz`, so it is exact at any hart's local time.
#pragma once
#include <functional>
#include <optional>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "sim/devices/irq_target.h"
#include "sim/platform/clock.h"
#include "workloads/include/uintrsim/devices.h"

namespace uintrsim {

class Clint : public sc_core::sc_module {
 public:
  static constexpr uint64_t kSize = UINTRSIM_CLINT_SIZE;
  tlm_utils::simple_target_socket<Clint> socket;

  Clint(sc_core::sc_module_name name, unsigned harts, const Clock& clock, sc_core::sc_time latency);
  // Called with the time of every change of a hart's interrupt line (adaptive decoupling).
  void set_interaction_hook(std::function<void(const sc_core::sc_time&)> f) { interaction_ = std::move(f); }
  void connect(unsigned hart, IrqTarget* t) { targets_.at(hart) = t; }

  uint64_t mtime_at(const sc_core::sc_time& t) const;

 private:
  void b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  void update_timer(unsigned hart, const sc_core::sc_time& now);
  // When mtime, counting up from its value at `now`, next reads `mtime`; nullopt if that is
  // beyond SystemC's time range.
  std::optional<sc_core::sc_time> time_of_mtime(uint64_t mtime, const sc_core::sc_time& now) const;

  const Clock& clock_;
  sc_core::sc_time latency_;
  std::vector<IrqTarget*> targets_;
  std::function<void(const sc_core::sc_time&)> interaction_;
  std::vector<uint32_t> msip_;
  std::vector<uint64_t> mtimecmp_;
  // Software writes to mtime shift the derived value; modulo 2^64 like the register itself
  // (unsigned, so a guest's writes can never overflow a signed offset).
  uint64_t mtime_offset_ = 0;
};

}  // namespace uintrsim
