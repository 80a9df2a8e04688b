#include "sim/platform/hart_module.h"

namespace uintrsim {

using namespace sc_core;

HartModule::HartModule(sc_module_name name, const HartParams& p, const Timing& t,
                       ReservationSet* resv, std::function<uint64_t(const sc_time&)> mtime)
    : sc_module(name), socket("socket"), params_(p), timing_(t),
      resv_(resv), mtime_(std::move(mtime)) {
  hart_ = std::make_unique<Hart>(params_, this, std::vector<DmiRegion>{}, resv_);
  SC_HAS_PROCESS(HartModule);
  SC_THREAD(thread);
}

void HartModule::start_of_simulation() {
  // Ask the bus for direct access to RAM, a range at a time (it excludes device pages).
  std::vector<DmiRegion> regions;
  for (uint64_t a = ram_base_; a < ram_base_ + ram_size_;) {
    tlm::tlm_generic_payload tx;
    tlm::tlm_dmi dmi;
    tx.set_address(a);
    tx.set_command(tlm::TLM_READ_COMMAND);
    if (socket->get_direct_mem_ptr(tx, dmi) && dmi.is_read_write_allowed()) {
      regions.push_back({dmi.get_start_address(), dmi.get_end_address() - dmi.get_start_address() + 1,
                         dmi.get_dmi_ptr()});
      a = dmi.get_end_address() + 1;
    } else {
      a = (a & ~0xfffull) + 0x1000;
    }
  }
  hart_->set_dmi_regions(std::move(regions));
}

bool HartModule::access(bool write, uint64_t pa, uint8_t* data, unsigned len, uint64_t local_cycle,
                        uint64_t& delay_cycles) {
  const sc_time local = time_of(local_cycle);
  sc_time delay = local > sc_time_stamp() ? local - sc_time_stamp() : SC_ZERO_TIME;
  const sc_time before = delay;
  tx_.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
  tx_.set_address(pa);
  tx_.set_data_ptr(data);
  tx_.set_data_length(len);
  tx_.set_streaming_width(len);
  tx_.set_byte_enable_ptr(nullptr);
  tx_.set_dmi_allowed(false);
  tx_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  socket->b_transport(tx_, delay);
  delay_cycles += cycles_at(delay - before);
  return tx_.is_response_ok();
}

uint64_t HartModule::mtime(uint64_t local_cycle) { return mtime_(time_of(local_cycle)); }

void HartModule::set_irq(unsigned irq, bool level) {
  hart_->set_irq_line(irq, level);
  irq_event_.notify(SC_ZERO_TIME);
}

void HartModule::schedule_irq(unsigned irq, const sc_time& at) {
  // Rounded up to the hart's next clock edge.
  hart_->schedule_irq(irq, timing_.clock->cycle_at_or_after_ps(at.value()));
  irq_event_.notify(SC_ZERO_TIME);
}

void HartModule::cancel_scheduled_irq(unsigned irq) { hart_->schedule_irq(irq, ~0ull); }

void HartModule::post_irq(unsigned irq) {
  hart_->post_irq(irq);
  irq_event_.notify(SC_ZERO_TIME);
}

// Several harts may reach the cycle limit in the same delta cycle; SystemC warns when
// sc_stop() is called twice, so only the first one calls it.
void HartModule::stop_once() {
  static bool stopped = false;
  if (!stopped) {
    stopped = true;
    sc_stop();
  }
}

void HartModule::thread() {
  Hart& h = *hart_;
  for (;;) {
    h.advance_to(cycles_at(sc_time_stamp()));
    const uint64_t limit =
        std::min(h.cycle() + timing_.sync->quantum_at(h.cycle()), timing_.max_cycles);
    const Hart::StopReason r = h.run(limit);
    const sc_time local = time_of(h.cycle());
    if (local > sc_time_stamp()) wait(local - sc_time_stamp());  // synchronise the quantum
    if (tracer_) tracer_->quantum_end(h.hartid(), cycles_at(sc_time_stamp()));
    if (r == Hart::StopReason::kStopRequested) {
      if (h.trap_storm().hit) stop_once();  // a fault storm ends the whole run
      return;
    }
    if (h.cycle() >= timing_.max_cycles) {
      hit_limit_ = true;
      stop_once();
      return;
    }
    if (r == Hart::StopReason::kWfi) {
      // Sleep until a line changes, the timer deadline, or the cycle limit.
      const uint64_t wake = std::min(h.next_scheduled_cycle(), timing_.max_cycles);
      const sc_time until = time_of(wake);
      if (until > sc_time_stamp()) {
        ++wfi_sleeps_;
        wait(until - sc_time_stamp(), irq_event_);
      }
    }
  }
}

}  // namespace uintrsim
