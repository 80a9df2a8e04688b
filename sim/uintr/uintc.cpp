#include "sim/uintr/uintc.h"

#include <cstring>

#include "sim/uintr/impl_registry.h"
#include "sim/uintr/uintr_params.h"

namespace uintrsim {

using namespace sc_core;
using namespace uintc_reg;

void register_uintc_impl(const std::string& impl, UintcFactory f) { ImplRegistry<UintcFactory>::add(impl, std::move(f)); }

UintcFactory uintc_impl(const std::string& impl) { return ImplRegistry<UintcFactory>::find(impl); }

Uintc::Uintc(sc_module_name name, unsigned harts, const Params& p)
    : UintcDevice(name), socket("socket"), p_(p), entries_(p.entries), lines_(harts) {
  socket.register_b_transport(this, &Uintc::b_transport);
}

bool Uintc::level(unsigned hart) const {
  for (const Entry& e : entries_)
    if (e.active && e.pending && e.hartid == hart) return true;
  return false;
}

void Uintc::update_lines(const sc_time& now, const Entry* written) {
  if (interaction_ && written) interaction_(now);
  if (p_.sticky_line) {
    // QEMU: after SEND, WRITE_LOW, WRITE_HIGH or SET_ACTIVE of an entry with mode == 0b11
    // (active and 64-bit mode) and pending requests, USIP is set in the receiver's mip
    // (software-clearable); never lowered here.
    if (written && written->active && written->mode && written->pending) lines_.post(written->hartid, now);
    return;
  }
  for (unsigned h = 0; h < lines_.harts(); ++h) lines_.drive(h, level(h), now + p_.line_latency, now);
}

void Uintc::b_transport(tlm::tlm_generic_payload& tx, sc_time& delay) {
  const uint64_t a = tx.get_address();
  const uint64_t idx = a / kEntryBytes;  // compared before narrowing: no offset aliases entry 0
  const unsigned reg = unsigned(a % kEntryBytes);
  if (tx.get_data_length() != 8 || reg % 8 || idx >= entries_.size() || tx.get_byte_enable_ptr()) {
    tx.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return;
  }
  tx.set_response_status(tlm::TLM_OK_RESPONSE);
  const sc_time now = sc_time_stamp() + delay;
  Entry& e = entries_[idx];
  uint64_t v = 0;
  if (tx.is_read()) {
    switch (reg) {
      case kSend: v = 0; break;  // reserved: reads as zero
      case kLow: v = UINTRSIM_UINTC_LOW_VALUE(uint64_t(e.hartid), uint64_t(e.mode), uint64_t(e.active)); break;
      case kHigh:
        v = e.pending;
        e.pending = 0;  // READ_HIGH returns and clears (RTL)
        ++reads_;
        if (tracer_) tracer_->uintc_read(now.value(), idx);
        break;
      case kActive: v = e.active; break;
    }
    std::memcpy(tx.get_data_ptr(), &v, 8);
    if (reg == kHigh) update_lines(now, nullptr);
    return;
  }
  std::memcpy(&v, tx.get_data_ptr(), 8);
  switch (reg) {
    case kSend:
      e.pending |= 1ull << (v & UINTRSIM_UINTC_SEND_VECTOR_MASK);
      ++sends_;
      if (tracer_) tracer_->uintc_send(now.value(), idx, unsigned(v & UINTRSIM_UINTC_SEND_VECTOR_MASK));
      break;
    case kLow:
      e.active = v & UINTRSIM_UINTC_LOW_ACTIVE;
      e.mode = (v & UINTRSIM_UINTC_LOW_MODE) != 0;
      e.hartid = uint16_t(v >> UINTRSIM_UINTC_LOW_HARTID_SHIFT);
      break;
    case kHigh: e.pending |= v; break;
    case kActive: e.active = v & UINTRSIM_UINTC_LOW_ACTIVE; break;  // SET_ACTIVE: bit 0
  }
  update_lines(now, &e);
}

}  // namespace uintrsim
