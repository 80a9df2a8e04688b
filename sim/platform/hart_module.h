// A hart on the SystemC kernel: runs the Hart core for a quantum at a time (temporal
// decoupling), synchronises, sleeps in wfi until an interrupt line changes or its timer
// deadline arrives, and connects the core's ports to TLM and to the interrupt interface.
#pragma once
#include <functional>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "sim/devices/irq_target.h"
#include "sim/hart/hart.h"
#include "sim/platform/clock.h"
#include "sim/platform/sync_policy.h"

namespace uintrsim {

class HartModule : public sc_core::sc_module, public BusPort, public IrqTarget {
 public:
  tlm_utils::simple_initiator_socket<HartModule> socket;

  struct Timing {
    const Clock* clock;
    const SyncPolicy* sync;  // quantum in force (adaptive, shared by all harts)
    uint64_t max_cycles;
  };
  // `mtime` gives the platform timer (in timebase ticks) at a SystemC time; the hart reads
  // it through BusPort::mtime at its local time.
  HartModule(sc_core::sc_module_name name, const HartParams& p, const Timing& t,
             ReservationSet* resv, std::function<uint64_t(const sc_core::sc_time&)> mtime);

  Hart& hart() { return *hart_; }
  // Ends the simulation (sc_stop) once, however many harts or devices ask.
  static void stop_once();
  bool hit_cycle_limit() const { return hit_limit_; }
  uint64_t wfi_sleeps() const { return wfi_sleeps_; }  // times the hart slept in wfi
  bool hit_trap_storm() const { return hart_->trap_storm().hit; }
  void set_ram_window(uint64_t base, uint64_t size) { ram_base_ = base; ram_size_ = size; }
  // The timeline: the hart's own reports, and the end of each quantum (nullptr: none).
  void set_tracer(trace::TraceSink* t) { tracer_ = t; hart_->set_tracer(t); }

  // BusPort
  bool access(bool write, uint64_t pa, uint8_t* data, unsigned len, uint64_t local_cycle,
              uint64_t& delay_cycles) override;
  uint64_t mtime(uint64_t local_cycle) override;
  // IrqTarget
  void set_irq(unsigned irq, bool level) override;
  void schedule_irq(unsigned irq, const sc_core::sc_time& at) override;
  void cancel_scheduled_irq(unsigned irq) override;
  void post_irq(unsigned irq) override;

 private:
  void start_of_simulation() override;
  void thread();
  uint64_t cycles_at(const sc_core::sc_time& t) const { return timing_.clock->cycle_at_ps(t.value()); }
  sc_core::sc_time time_of(uint64_t cycle) const { return sc_core::sc_time::from_value(timing_.clock->ps_of_cycle(cycle)); }

  HartParams params_;
  Timing timing_;
  ReservationSet* resv_;
  std::function<uint64_t(const sc_core::sc_time&)> mtime_;
  std::unique_ptr<Hart> hart_;
  sc_core::sc_event irq_event_;
  uint64_t ram_base_ = 0, ram_size_ = 0;
  bool hit_limit_ = false;
  uint64_t wfi_sleeps_ = 0;
  tlm::tlm_generic_payload tx_;
  trace::TraceSink* tracer_ = nullptr;
};

}  // namespace uintrsim
