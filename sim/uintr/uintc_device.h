// The one interface of the user-interrupt controller (docs/architecture.md): a TLM target on
// the bus that drives each hart's USIP line through IrqTarget. Two implementations: the
// SystemC/TLM model (uintc.h, default) and the verilated RTL (rtl_models/), chosen with
// uintc.impl. Implementations other than the built-in TLM model register a factory.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include <systemc>
#include <tlm>

#include "sim/devices/irq_target.h"
#include "sim/trace/trace_sink.h"

namespace uintrsim {

class UintcDevice : public sc_core::sc_module {
 public:
  struct Params {
    unsigned entries = 512;
    sc_core::sc_time line_latency;
    sc_core::sc_time clock_period;   // for implementations that count clock cycles (RTL)
    bool sticky_line = false;        // QEMU semantics (TLM model only)
    std::string vcd_path;            // waveform of the RTL ("" = none)
    std::string rtl_variant;         // which verilated design (rtl_models/README.md)
  };
  using sc_module::sc_module;

  virtual tlm::tlm_target_socket<>& target_socket() = 0;
  virtual void connect(unsigned hart, IrqTarget* t) = 0;
  // Called with the time of every change a write causes (adaptive decoupling).
  virtual void set_interaction_hook(std::function<void(const sc_core::sc_time&)> f) = 0;
  // The timeline (docs/debugging.md): SENDs, READ_HIGH reads and USIP line changes.
  virtual void set_tracer(trace::TraceSink* t) = 0;
  virtual uint64_t size() const = 0;
  virtual uint64_t sends() const = 0;
  virtual uint64_t reads() const = 0;
  virtual uint64_t line_raises() const = 0;
};

using UintcFactory =
    std::function<std::unique_ptr<UintcDevice>(const char* name, unsigned harts, const UintcDevice::Params&)>;
// Makes uintc.impl = `impl` available (the RTL adapter registers "rtl").
void register_uintc_impl(const std::string& impl, UintcFactory f);
// The factory for `impl`, or an empty function if none was registered.
UintcFactory uintc_impl(const std::string& impl);

}  // namespace uintrsim
