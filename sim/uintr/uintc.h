// The UINTC (user-interrupt controller) as a SystemC/TLM device (docs/hardware-uintr.md): one
// 0x20-byte window per receiver entry (offsets and fields: workloads/include/uintrsim/devices.h) with
//   +0x00 W SEND        pending |= 1 << (data & 63), whether or not the entry is active
//   +0x08 R READ_LOW    {hartid[31:16], mode[1], active[0]}     W WRITE_LOW (sets them)
//   +0x10 R READ_HIGH   returns pending and clears it (RTL)      W WRITE_HIGH pending |= data
//   +0x18 R GET_ACTIVE  active bit                                W SET_ACTIVE active = data & 1
// Only aligned 8-byte accesses are accepted; anything else is a bus error
// (TLM_BURST_ERROR_RESPONSE, which the hart turns into an access fault).
// Each hart has a USIP line; with level semantics (default, the Rocket RTL) it is the OR over
// entries with active && pending != 0 && hartid == that hart, and it reaches the hart
// `line_latency` after the state change.
#pragma once
#include <functional>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "sim/devices/irq_target.h"
#include "sim/uintr/uintc_device.h"
#include "sim/uintr/uintr_params.h"
#include "sim/uintr/usip_lines.h"

namespace uintrsim {

class ParamRegistry;
class Config;

class Uintc : public UintcDevice {
 public:
  tlm_utils::simple_target_socket<Uintc> socket;

  struct Entry {
    bool active = false;
    bool mode = false;
    uint16_t hartid = 0;
    uint64_t pending = 0;
  };
  Uintc(sc_core::sc_module_name name, unsigned harts, const Params& p);
  tlm::tlm_target_socket<>& target_socket() override { return socket; }
  uint64_t sends() const override { return sends_; }
  uint64_t reads() const override { return reads_; }
  uint64_t line_raises() const override { return lines_.raises(); }
  // Called with the time of every change of a hart's interrupt line (adaptive decoupling).
  void set_interaction_hook(std::function<void(const sc_core::sc_time&)> f) override { interaction_ = std::move(f); }
  void connect(unsigned hart, IrqTarget* t) override { lines_.connect(hart, t); }
  void set_tracer(trace::TraceSink* t) override { tracer_ = t; lines_.set_tracer(t); }
  uint64_t size() const override { return uint64_t(entries_.size()) * uintc_reg::kEntryBytes; }
  const Entry& entry(unsigned i) const { return entries_.at(i); }
  bool line(unsigned hart) const { return lines_.level(hart); }

 private:
  void b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  void update_lines(const sc_core::sc_time& now, const Entry* written);
  bool level(unsigned hart) const;

  Params p_;
  std::vector<Entry> entries_;
  std::function<void(const sc_core::sc_time&)> interaction_;
  UsipLines lines_;
  uint64_t sends_ = 0, reads_ = 0;
  trace::TraceSink* tracer_ = nullptr;
};

}  // namespace uintrsim
