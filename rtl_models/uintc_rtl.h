// The verilated RTL UINTC (uintc.sv) behind the same interface as the TLM model. Each bus
// access drives the RTL's request port for one clock, reads the response, and clocks the
// model until its interrupt-line pipeline has settled; in between, the RTL is not clocked at
// all, so an idle controller costs nothing. A line change seen k clocks after the request
// reaches the hart k core cycles after the access (the RTL shares the core clock).
#pragma once
#include <memory>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "sim/uintr/uintc_device.h"
#include "sim/uintr/usip_lines.h"
#include "workloads/include/uintrsim/devices.h"

class VerilatedVcdSc;

namespace uintrsim {

// `Model` is a verilated uintc.sv (Vuintc: LINE_STAGES = 2, the Rocket design; Vuintc_short:
// LINE_STAGES = 1, the walkthrough's variant, rtl_models/README.md).
template <typename Model, unsigned LineStages>
class RtlUintcT : public UintcDevice {
 public:
  static constexpr unsigned kMaxHarts = 8;      // the verilated HARTS parameter
  static constexpr unsigned kEntries = 512;     // the verilated ENTRIES parameter
  static constexpr unsigned kLineStages = LineStages;

  tlm_utils::simple_target_socket<RtlUintcT> socket;

  RtlUintcT(sc_core::sc_module_name name, unsigned harts, const Params& p);
  ~RtlUintcT() override;

  tlm::tlm_target_socket<>& target_socket() override { return socket; }
  void connect(unsigned hart, IrqTarget* t) override { lines_.connect(hart, t); }
  void set_tracer(trace::TraceSink* t) override { tracer_ = t; lines_.set_tracer(t); }
  void set_interaction_hook(std::function<void(const sc_core::sc_time&)> f) override { interaction_ = std::move(f); }
  uint64_t size() const override { return uint64_t(entries_) * UINTRSIM_UINTC_ENTRY_BYTES; }
  uint64_t sends() const override { return sends_; }
  uint64_t reads() const override { return reads_; }
  uint64_t line_raises() const override { return lines_.raises(); }
  uint64_t clocks() const { return clocks_; }

 private:
  void b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  void transact(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  void clock();  // one rising and falling edge, evaluated in delta cycles
  void end_of_elaboration() override;

  std::unique_ptr<Model> rtl_;
  // Several hart threads drive the request port (one at a time: `busy_`).
  template <typename T> using Sig = sc_core::sc_signal<T, sc_core::SC_MANY_WRITERS>;
  Sig<bool> clk_, rst_, req_valid_, req_write_, resp_valid_, resp_error_;
  Sig<uint32_t> req_addr_, usip_;
  Sig<uint64_t> req_wdata_, resp_rdata_;
  sc_core::sc_mutex busy_;
  unsigned entries_;
  sc_core::sc_time period_;
  UsipLines lines_;
  trace::TraceSink* tracer_ = nullptr;
  std::function<void(const sc_core::sc_time&)> interaction_;
  std::string vcd_path_;
  std::unique_ptr<VerilatedVcdSc> vcd_;
  bool reset_done_ = false;
  uint64_t sends_ = 0, reads_ = 0, clocks_ = 0;
};

// Registers "rtl" as a uintc.impl (uintc.rtl_variant picks the verilated model).
void register_rtl_uintc();

}  // namespace uintrsim
