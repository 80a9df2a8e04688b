#include "sim/uintr/unotify.h"

#include <cstring>

#include "sim/hart/hart.h"

namespace uintrsim {

using namespace sc_core;

Unotify::Unotify(sc_module_name name, unsigned harts, sc_time latency)
    : sc_module(name), socket("socket"), latency_(latency), targets_(harts, nullptr), pending_(harts, 0),
      line_(harts, false) {
  socket.register_b_transport(this, &Unotify::b_transport);
}

void Unotify::drive(unsigned h, const sc_time& now) {
  const bool level = pending_[h] != 0;
  if (level == line_[h]) return;
  line_[h] = level;
  IrqTarget* t = targets_[h];
  if (!t) return;
  if (level) {
    t->schedule_irq(Hart::kNotifyLine, now + latency_);
  } else {
    t->cancel_scheduled_irq(Hart::kNotifyLine);
    t->set_irq(Hart::kNotifyLine, false);
  }
}

void Unotify::b_transport(tlm::tlm_generic_payload& tx, sc_time& delay) {
  const uint64_t a = tx.get_address();
  const uint64_t harts = pending_.size();
  const bool send = a == UINTRSIM_UNOTIFY_SEND;
  const bool claim = a >= UINTRSIM_UNOTIFY_CLAIM_BASE && (a - UINTRSIM_UNOTIFY_CLAIM_BASE) / 8 < harts;
  if (tx.get_data_length() != 8 || a % 8 || tx.get_byte_enable_ptr() || !(send || claim)) {
    tx.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return;
  }
  tx.set_response_status(tlm::TLM_OK_RESPONSE);
  const sc_time now = sc_time_stamp() + delay;
  uint64_t v = 0;
  if (tx.is_read()) {
    if (claim) {
      const unsigned h = unsigned((a - UINTRSIM_UNOTIFY_CLAIM_BASE) / 8);
      v = pending_[h];
      pending_[h] = 0;
      drive(h, now);
    }
    std::memcpy(tx.get_data_ptr(), &v, 8);
    return;
  }
  std::memcpy(&v, tx.get_data_ptr(), 8);
  if (claim) {
    const unsigned h = unsigned((a - UINTRSIM_UNOTIFY_CLAIM_BASE) / 8);
    pending_[h] |= v;
    if (interaction_) interaction_(now);
    drive(h, now);
    return;
  }
  const uint64_t ndst = v >> 32, nv = v & 0xff;
  if (ndst >= harts || nv >= UINTRSIM_UNOTIFY_VECTORS) {
    ++dropped_;
    return;
  }
  ++sends_;
  pending_[ndst] |= 1ull << nv;
  if (interaction_) interaction_(now);
  drive(unsigned(ndst), now);
}

}  // namespace uintrsim
