#include "sim/devices/sim_control.h"

#include <cstring>

namespace uintrsim {

SimControl::SimControl(sc_core::sc_module_name name, unsigned harts, uint64_t uintc_base, WorkloadArgs args,
                       sc_core::sc_time latency, Hooks hooks)
    : sc_module(name), socket("socket"), harts_(harts), uintc_base_(uintc_base), args_(args), latency_(latency),
      hooks_(std::move(hooks)) {
  socket.register_b_transport(this, &SimControl::b_transport);
}

void SimControl::b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
  const uint64_t a = tx.get_address();
  const sc_core::sc_time at = sc_core::sc_time_stamp() + delay;
  delay += latency_;
  if (tx.get_data_length() != UINTRSIM_SIMCTRL_REG_BYTES || a % UINTRSIM_SIMCTRL_REG_BYTES || a > UINTRSIM_SIMCTRL_LAST) {
    tx.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);  // 8-byte aligned accesses only
    return;
  }
  tx.set_response_status(tlm::TLM_OK_RESPONSE);
  uint64_t v = 0;
  if (tx.is_read()) {
    if (a == kHarts) v = harts_;
    if (a == kUintcBase) v = uintc_base_;
    if (a == kArgConcurrency) v = args_.concurrency;
    if (a == kArgEpochs) v = args_.epochs;
    if (a == kArgMode) v = args_.mode;
    if (a == kArgAsyncOverhead) v = args_.async_overhead;
    if (a == kArgAsyncJitter) v = args_.async_jitter;
    if (a == kArgSeed) v = args_.seed;
    std::memcpy(tx.get_data_ptr(), &v, 8);
    return;
  }
  std::memcpy(&v, tx.get_data_ptr(), 8);
  if ((a < kHarts || a == kSyscalls) && hooks_.on_command) hooks_.on_command(Reg(a), v, at);
}

}  // namespace uintrsim
