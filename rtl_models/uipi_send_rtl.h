// The verilated uipi.send engine (uipi_send.sv) behind the hart's engine interface
// (sim/uintr/uipi_send_engine.h). send() drives the command port for one clock, then clocks
// the RTL once per engine cycle until it responds, serving its memory requests through the
// hart's data path as they come: the UISTE read returns after the D-cache latency the hart
// reports, the SEND store is issued at the cycle the RTL requests it, and a store the hart's
// memory system refuses is signalled as a nack two cycles later, as the Rocket D-cache does.
// Between instructions the RTL is not clocked at all.
#pragma once
#include <memory>
#include <string>

#include <systemc>

#include "sim/uintr/uipi_send_engine.h"

class VerilatedVcdSc;

namespace uintrsim {

// `Model` is uipi_send.sv verilated for one UISTE stride (Vuipi_send_s8: 8 B; Vuipi_send_s256:
// 256 B, the Rocket design).
template <typename Model>
class RtlUipiSendT : public sc_core::sc_module, public UipiSendEngine {
 public:
  RtlUipiSendT(sc_core::sc_module_name name, const UipiSendEngineParams& p);
  ~RtlUipiSendT() override;

  Result send(uint64_t index, uint64_t suist, UipiSendPort& port) override;
  uint64_t clocks() const { return clocks_; }

 private:
  void clock();  // one rising and falling edge, evaluated in delta cycles
  void end_of_elaboration() override;

  std::unique_ptr<Model> rtl_;
  sc_core::sc_signal<bool> clk_, rst_, cmd_valid_, cmd_ready_, qemu_checks_, mem_req_valid_,
      mem_req_ready_, mem_req_write_, mem_resp_valid_, mem_xcpt_, mem_s2_nack_, resp_valid_, resp_fault_;
  sc_core::sc_signal<uint64_t> cmd_index_, suist_, uintc_base_, mem_req_addr_, mem_req_wdata_, mem_resp_data_;
  std::string vcd_path_;
  std::unique_ptr<VerilatedVcdSc> vcd_;
  bool reset_done_ = false;
  uint64_t clocks_ = 0;
};

// Makes "rtl" available as a send engine (the platform uses it with uintc.impl = rtl). Strides
// other than 8 and 256 bytes have no verilated model: the factory returns nullptr for them.
void register_rtl_uipi_send();

}  // namespace uintrsim
