// The USIP lines from a UINTC to its harts, whichever implementation (TLM model or RTL)
// computes their levels: a rising level reaches the hart at the time given, a falling one
// at once (level-sensitive, as the Rocket RTL); `post` is QEMU's sticky alternative.
#pragma once
#include <cstdint>
#include <vector>

#include <systemc>

#include "sim/devices/irq_target.h"
#include "sim/isa/encoding.h"
#include "sim/trace/trace_sink.h"

namespace uintrsim {

class UsipLines {
 public:
  explicit UsipLines(unsigned harts) : targets_(harts, nullptr), level_(harts, false) {}
  void connect(unsigned hart, IrqTarget* t) { targets_.at(hart) = t; }
  unsigned harts() const { return unsigned(level_.size()); }
  bool level(unsigned hart) const { return level_.at(hart); }
  uint64_t raises() const { return raises_; }
  // The timeline's USIP counters (nullptr: none).
  void set_tracer(trace::TraceSink* t) { tracer_ = t; }

  // Sets hart `hart`'s line to `level`; nothing happens when it does not change. `now` is
  // when the change happens (a falling line reaches the hart then; only the timeline uses it).
  void drive(unsigned hart, bool level, const sc_core::sc_time& raise_at, const sc_core::sc_time& now) {
    if (level == level_[hart]) return;
    level_[hart] = level;
    if (tracer_) tracer_->usip_line(level ? raise_at.value() : now.value(), hart, level);
    IrqTarget* t = targets_[hart];
    if (!t) return;
    if (level) {
      ++raises_;
      t->schedule_irq(rv::kUSI, raise_at);
    } else {
      t->cancel_scheduled_irq(rv::kUSI);
      t->set_irq(rv::kUSI, false);
    }
  }
  // Posts USIP into hart `hart`'s software-writable pending bit (QEMU's sticky line).
  void post(unsigned hart, const sc_core::sc_time& now) {
    if (hart >= targets_.size() || !targets_[hart]) return;
    ++raises_;
    if (tracer_) tracer_->usip_line(now.value(), hart, true);
    targets_[hart]->post_irq(rv::kUSI);
  }

 private:
  std::vector<IrqTarget*> targets_;
  std::vector<bool> level_;
  uint64_t raises_ = 0;
  trace::TraceSink* tracer_ = nullptr;
};

}  // namespace uintrsim
