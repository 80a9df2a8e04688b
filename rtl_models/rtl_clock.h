// One clock cycle of a verilated --sc model that is clocked on demand (inside an access or an
// instruction): a rising and a falling edge, each evaluated in delta cycles at the current
// SystemC time, so no simulated time passes. Call from a thread process.
#pragma once
#include <systemc>

namespace uintrsim {

template <typename ClockSignal>
void rtl_clock_cycle(ClockSignal& clk) {
  clk.write(true);
  sc_core::wait(sc_core::SC_ZERO_TIME);  // the model evaluates the rising edge
  sc_core::wait(sc_core::SC_ZERO_TIME);  // its outputs settle
  clk.write(false);
  sc_core::wait(sc_core::SC_ZERO_TIME);
}

}  // namespace uintrsim
