// The notification device of the posted user-interrupt architecture (docs/uintr-posted.md "The
// notification device"): what carries SENDUIPI's notification, {destination hart, vector}, to
// the destination hart, as the local APIC's IRR does on x86. Register map (aligned 8-byte
// accesses only, anything else is a bus error):
//   +0x000      W SEND      pending[data >> 32] |= 1 << (data & 0xff); dropped if NDST is not a
//                           hart or NV >= 64
//   +0x100+8*h  R CLAIM(h)  hart h's pending vectors, cleared by the read;  W pending |= data
// Each hart's notification line (Hart::kNotifyLine) is high while its pending set is non-zero;
// a rise reaches the hart `latency` after the SEND, a fall at once.
#pragma once
#include <functional>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "sim/devices/irq_target.h"
#include "workloads/include/uintrsim/devices.h"

namespace uintrsim {

class Unotify : public sc_core::sc_module {
 public:
  static constexpr uint64_t kSize = UINTRSIM_UNOTIFY_SIZE;
  tlm_utils::simple_target_socket<Unotify> socket;

  Unotify(sc_core::sc_module_name name, unsigned harts, sc_core::sc_time latency);
  void connect(unsigned hart, IrqTarget* t) { targets_.at(hart) = t; }
  // Called with the time of every SEND (adaptive decoupling, as the UINTC's line changes).
  void set_interaction_hook(std::function<void(const sc_core::sc_time&)> f) { interaction_ = std::move(f); }
  uint64_t sends() const { return sends_; }
  uint64_t dropped() const { return dropped_; }
  uint64_t pending(unsigned hart) const { return pending_.at(hart); }

 private:
  void b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  void drive(unsigned hart, const sc_core::sc_time& now);

  sc_core::sc_time latency_;
  std::vector<IrqTarget*> targets_;
  std::vector<uint64_t> pending_;
  std::vector<bool> line_;
  std::function<void(const sc_core::sc_time&)> interaction_;
  uint64_t sends_ = 0, dropped_ = 0;
};

}  // namespace uintrsim
