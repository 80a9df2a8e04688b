#include "sim/devices/clint.h"

#include <cstring>
#include <optional>

#include "sim/isa/encoding.h"

namespace uintrsim {

using namespace sc_core;

namespace {
constexpr uint64_t kMsip = UINTRSIM_CLINT_MSIP_BASE, kMtimecmp = UINTRSIM_CLINT_MTIMECMP_BASE,
                   kMtime = UINTRSIM_CLINT_MTIME;
constexpr uint64_t kMsipStride = UINTRSIM_CLINT_MSIP_STRIDE, kMtimecmpStride = UINTRSIM_CLINT_MTIMECMP_STRIDE;
}  // namespace

Clint::Clint(sc_module_name name, unsigned harts, const Clock& clock, sc_time latency)
    : sc_module(name), socket("socket"), clock_(clock), latency_(latency),
      targets_(harts, nullptr), msip_(harts, 0), mtimecmp_(harts, ~0ull) {
  socket.register_b_transport(this, &Clint::b_transport);
}

uint64_t Clint::mtime_at(const sc_time& t) const {
  return clock_.ticks_at_ps(t.value()) + mtime_offset_;  // time resolution is 1 ps
}

std::optional<sc_time> Clint::time_of_mtime(uint64_t mtime, const sc_time& now) const {
  // mtime counts up from its value now and wraps at 2^64, so the time comes after `ahead`
  // more ticks; beyond SystemC's 64-bit picosecond range (~213 days) it never comes.
  const uint64_t ahead = mtime - mtime_at(now);
  const uint64_t ticks_now = clock_.ticks_at_ps(now.value());
  if (ahead > ~0ull - ticks_now) return std::nullopt;
  const unsigned __int128 ps = clock_.ps_of_ticks_wide(ticks_now + ahead);
  if (ps > ~0ull) return std::nullopt;
  return sc_time::from_value(uint64_t(ps));
}

void Clint::update_timer(unsigned h, const sc_time& now) {
  IrqTarget* t = targets_[h];
  if (!t) return;
  const uint64_t cmp = mtimecmp_[h];
  if (mtime_at(now) >= cmp) {
    t->cancel_scheduled_irq(rv::kMTI);
    t->set_irq(rv::kMTI, true);
  } else {
    t->set_irq(rv::kMTI, false);
    // Schedule the raise only if its time is representable (cmp = ~0 means "never").
    if (const std::optional<sc_time> at = time_of_mtime(cmp, now)) t->schedule_irq(rv::kMTI, *at);
    else t->cancel_scheduled_irq(rv::kMTI);
  }
}

void Clint::b_transport(tlm::tlm_generic_payload& tx, sc_time& delay) {
  const uint64_t a = tx.get_address();
  const unsigned len = tx.get_data_length();
  uint8_t* data = tx.get_data_ptr();
  const sc_time now = sc_time_stamp() + delay;
  delay += latency_;
  tx.set_response_status(tlm::TLM_OK_RESPONSE);
  const unsigned harts = unsigned(msip_.size());
  if (a < kMsip + kMsipStride * harts && a + len <= kMsip + kMsipStride * harts) {
    const unsigned h = unsigned((a - kMsip) / kMsipStride);
    if (len != 4 || a % 4) return tx.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    if (tx.is_read()) { std::memcpy(data, &msip_[h], 4); return; }
    uint32_t v;
    std::memcpy(&v, data, 4);
    msip_[h] = v & 1;
    if (interaction_) interaction_(now);
    if (targets_[h]) targets_[h]->set_irq(rv::kMSI, msip_[h]);
    return;
  }
  // Range checks written so that no sum can wrap (a device must not trust its offsets).
  if (a >= kMtimecmp && a < kMtimecmp + kMtimecmpStride * harts && len <= kMtimecmp + kMtimecmpStride * harts - a) {
    const unsigned h = unsigned((a - kMtimecmp) / kMtimecmpStride), off = unsigned((a - kMtimecmp) % kMtimecmpStride);
    if ((len != 4 && len != 8) || off % len) return tx.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    uint8_t* reg = reinterpret_cast<uint8_t*>(&mtimecmp_[h]) + off;
    if (tx.is_read()) { std::memcpy(data, reg, len); return; }
    std::memcpy(reg, data, len);
    update_timer(h, now);
    return;
  }
  if (a >= kMtime && a < kMtime + 8 && len <= kMtime + 8 - a) {
    const unsigned off = unsigned(a - kMtime);
    if ((len != 4 && len != 8) || off % len) return tx.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    uint64_t cur = mtime_at(now);
    if (tx.is_read()) { std::memcpy(data, reinterpret_cast<uint8_t*>(&cur) + off, len); return; }
    std::memcpy(reinterpret_cast<uint8_t*>(&cur) + off, data, len);
    mtime_offset_ += cur - mtime_at(now);
    for (unsigned h = 0; h < harts; ++h) update_timer(h, now);
    return;
  }
  tx.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

}  // namespace uintrsim
