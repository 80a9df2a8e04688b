#include "rtl_models/uintc_rtl.h"
#include "rtl_models/rtl_clock.h"

#include <cstring>

#include "Vuintc.h"
#include "Vuintc_short.h"
#include "verilated_vcd_sc.h"
#include "workloads/include/uintrsim/devices.h"

namespace uintrsim {

using namespace sc_core;

template <typename M, unsigned S>
RtlUintcT<M, S>::RtlUintcT(sc_module_name name, unsigned harts, const Params& p)
    : UintcDevice(name), socket("socket"), rtl_(std::make_unique<M>("rtl")), entries_(p.entries),
      period_(p.clock_period), lines_(harts), vcd_path_(p.vcd_path) {
  if (harts > kMaxHarts)
    throw std::runtime_error("uintc.impl = rtl supports at most " + std::to_string(kMaxHarts) + " harts");
  if (entries_ > kEntries) entries_ = kEntries;
  rtl_->clk(clk_);
  rtl_->rst(rst_);
  rtl_->req_valid(req_valid_);
  rtl_->req_write(req_write_);
  rtl_->req_addr(req_addr_);
  rtl_->req_wdata(req_wdata_);
  rtl_->resp_valid(resp_valid_);
  rtl_->resp_rdata(resp_rdata_);
  rtl_->resp_error(resp_error_);
  rtl_->usip(usip_);
  socket.register_b_transport(this, &RtlUintcT::b_transport);
}

template <typename M, unsigned S>
RtlUintcT<M, S>::~RtlUintcT() {
  if (vcd_) vcd_->close();
}

template <typename M, unsigned S>
void RtlUintcT<M, S>::end_of_elaboration() {
  if (!vcd_path_.empty()) {
    Verilated::traceEverOn(true);
    vcd_ = std::make_unique<VerilatedVcdSc>();
    rtl_->trace(vcd_.get(), 99);
    vcd_->open(vcd_path_.c_str());
  }
}

template <typename M, unsigned S>
void RtlUintcT<M, S>::clock() {
  rtl_clock_cycle(clk_);
  ++clocks_;
  if (vcd_) vcd_->flush();
}

template <typename M, unsigned S>
void RtlUintcT<M, S>::b_transport(tlm::tlm_generic_payload& tx, sc_time& delay) {
  // The RTL is driven in delta cycles; a second hart's access waits for the first.
  busy_.lock();
  transact(tx, delay);
  busy_.unlock();
}

template <typename M, unsigned S>
void RtlUintcT<M, S>::transact(tlm::tlm_generic_payload& tx, sc_time& delay) {
  if (!reset_done_) {  // synchronous reset, the first time the controller is used
    rst_.write(true);
    clock();
    rst_.write(false);
    reset_done_ = true;
  }
  const uint64_t a = tx.get_address();
  const sc_time now = sc_time_stamp() + delay;
  if (tx.get_data_length() != 8 || tx.get_byte_enable_ptr() || a / UINTRSIM_UINTC_ENTRY_BYTES >= entries_) {
    tx.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);  // as the TLM model: 8-byte accesses only
    return;
  }
  uint64_t data = 0;
  if (tx.is_write()) std::memcpy(&data, tx.get_data_ptr(), 8);
  req_valid_.write(true);
  req_write_.write(tx.is_write());
  req_addr_.write(uint32_t(a));
  req_wdata_.write(data);
  clock();  // the request is taken
  req_valid_.write(false);
  wait(SC_ZERO_TIME);
  if (resp_error_.read()) {
    tx.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return;
  }
  tx.set_response_status(tlm::TLM_OK_RESPONSE);
  const unsigned reg = unsigned(a % UINTRSIM_UINTC_ENTRY_BYTES);
  if (tx.is_read()) {
    const uint64_t v = resp_rdata_.read();
    std::memcpy(tx.get_data_ptr(), &v, 8);
    if (reg == UINTRSIM_UINTC_READ_HIGH) {
      ++reads_;
      if (tracer_) tracer_->uintc_read(now.value(), unsigned(a / UINTRSIM_UINTC_ENTRY_BYTES));
    }
  } else if (reg == UINTRSIM_UINTC_SEND) {
    ++sends_;
    if (tracer_)
      tracer_->uintc_send(now.value(), unsigned(a / UINTRSIM_UINTC_ENTRY_BYTES),
                          unsigned(data & UINTRSIM_UINTC_SEND_VECTOR_MASK));
  }
  if (tx.is_write() && interaction_) interaction_(now);
  // Clock the line pipeline (its input register and LINE_STAGES stages) until it settles; a
  // change seen after k clocks reaches the hart k cycles after the access.
  for (unsigned k = 0;; ++k) {
    const uint32_t lines = usip_.read();
    for (unsigned h = 0; h < lines_.harts(); ++h) lines_.drive(h, (lines >> h) & 1, now + period_ * double(k), now + period_ * double(k));
    if (k == kLineStages + 1) break;
    clock();
  }
}

template class RtlUintcT<Vuintc, 2>;
template class RtlUintcT<Vuintc_short, 1>;

void register_rtl_uintc() {
  register_uintc_impl("rtl", [](const char* name, unsigned harts, const UintcDevice::Params& p) -> std::unique_ptr<UintcDevice> {
    if (p.rtl_variant == "short_line") return std::make_unique<RtlUintcT<Vuintc_short, 1>>(name, harts, p);
    return std::make_unique<RtlUintcT<Vuintc, 2>>(name, harts, p);
  });
}

}  // namespace uintrsim
