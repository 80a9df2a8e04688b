#include "rtl_models/uipi_send_rtl.h"
#include "rtl_models/rtl_clock.h"

#include <stdexcept>

#include "Vuipi_send_s256.h"
#include "Vuipi_send_s8.h"
#include "verilated_vcd_sc.h"
#include "workloads/include/uintrsim/devices.h"

namespace uintrsim {

// The verilated engine forms the SEND address itself (uipi_send.sv: uintc_base +
// receiver << ENTRY_LOG2, ENTRY_LOG2 = 5) from the UISTE fields of devices.h.
static_assert(UINTRSIM_UINTC_ENTRY_BYTES == 1 << 5, "uipi_send.sv ENTRY_LOG2 is the UINTC window");
static_assert(UINTRSIM_UINTC_SEND == 0, "uipi_send.sv stores to the window's first register");

using namespace sc_core;

template <typename M>
RtlUipiSendT<M>::RtlUipiSendT(sc_module_name name, const UipiSendEngineParams& p)
    : sc_module(name), rtl_(std::make_unique<M>("rtl")), vcd_path_(p.vcd_path) {
  rtl_->clk(clk_);
  rtl_->rst(rst_);
  rtl_->cmd_valid(cmd_valid_);
  rtl_->cmd_ready(cmd_ready_);
  rtl_->cmd_index(cmd_index_);
  rtl_->suist(suist_);
  rtl_->uintc_base(uintc_base_);
  rtl_->qemu_checks(qemu_checks_);
  rtl_->mem_req_valid(mem_req_valid_);
  rtl_->mem_req_ready(mem_req_ready_);
  rtl_->mem_req_write(mem_req_write_);
  rtl_->mem_req_addr(mem_req_addr_);
  rtl_->mem_req_wdata(mem_req_wdata_);
  rtl_->mem_resp_valid(mem_resp_valid_);
  rtl_->mem_resp_data(mem_resp_data_);
  rtl_->mem_xcpt(mem_xcpt_);
  rtl_->mem_s2_nack(mem_s2_nack_);
  rtl_->resp_valid(resp_valid_);
  rtl_->resp_fault(resp_fault_);
  uintc_base_.write(p.uintr.uintc_base);
  qemu_checks_.write(p.uintr.qemu_send_checks);
  mem_req_ready_.write(true);  // the hart's data path takes a request in the cycle it is made
}

template <typename M>
RtlUipiSendT<M>::~RtlUipiSendT() {
  if (vcd_) vcd_->close();
}

template <typename M>
void RtlUipiSendT<M>::end_of_elaboration() {
  if (vcd_path_.empty()) return;
  Verilated::traceEverOn(true);
  vcd_ = std::make_unique<VerilatedVcdSc>();
  rtl_->trace(vcd_.get(), 99);
  vcd_->open(vcd_path_.c_str());
}

template <typename M>
void RtlUipiSendT<M>::clock() {
  rtl_clock_cycle(clk_);
  ++clocks_;
  if (vcd_) vcd_->flush();
}

template <typename M>
UipiSendEngine::Result RtlUipiSendT<M>::send(uint64_t index, uint64_t suist, UipiSendPort& port) {
  if (!reset_done_) {  // synchronous reset, the first time the engine is used
    rst_.write(true);
    clock();
    rst_.write(false);
    reset_done_ = true;
  }
  if (!cmd_ready_.read()) throw std::logic_error("uipi_send RTL: not idle at a new command");
  cmd_valid_.write(true);
  cmd_index_.write(index);
  suist_.write(suist);
  clock();  // the command is taken
  cmd_valid_.write(false);

  // `cycle` numbers the engine's cycles after the command, from 1; each loop iteration drives
  // the inputs of one cycle and clocks its closing edge.
  constexpr uint64_t kNever = ~0ull;
  uint64_t read_resp_cycle = kNever, read_data = 0;
  bool read_ok = false, nack = false;
  Result r;
  for (uint64_t cycle = 1;; ++cycle) {
    if (cycle > 1000000) throw std::logic_error("uipi_send RTL: no response after 1,000,000 cycles");
    if (resp_valid_.read()) {  // RESP: the instruction retires at the end of this cycle
      r.fault = resp_fault_.read();
      clock();
      r.cycles = cycle;
      return r;
    }
    const bool resp_now = cycle == read_resp_cycle;
    mem_resp_valid_.write(resp_now);
    mem_resp_data_.write(resp_now ? read_data : 0);
    mem_xcpt_.write(resp_now && !read_ok);
    if (mem_req_valid_.read()) {  // the request fires at this cycle's edge
      if (mem_req_write_.read()) {
        nack = !port.store_send(mem_req_addr_.read(), mem_req_wdata_.read(), cycle);
      } else {
        unsigned latency = 1;
        read_data = 0;
        read_ok = port.read_uiste(mem_req_addr_.read(), &read_data, &latency);
        read_resp_cycle = cycle + latency;  // READ_UIST lasts `latency` cycles
      }
    }
    mem_s2_nack_.write(nack);  // sampled in CHECK_NACK1, two cycles after the store
    clock();
  }
}

template class RtlUipiSendT<Vuipi_send_s8>;
template class RtlUipiSendT<Vuipi_send_s256>;

void register_rtl_uipi_send() {
  register_uipi_send_impl("rtl", [](const UipiSendEngineParams& p) -> std::unique_ptr<UipiSendEngine> {
    const std::string name = "uipi_send" + std::to_string(p.hart);
    if (p.uintr.uist_stride == 8) return std::make_unique<RtlUipiSendT<Vuipi_send_s8>>(name.c_str(), p);
    if (p.uintr.uist_stride == 256) return std::make_unique<RtlUipiSendT<Vuipi_send_s256>>(name.c_str(), p);
    return nullptr;
  });
}

}  // namespace uintrsim
