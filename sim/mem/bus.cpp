#include "sim/mem/bus.h"

namespace uintrsim {

Bus::Bus(sc_core::sc_module_name name, sc_core::sc_time latency)
    : sc_module(name), targ("targ"), init("init"), latency_(latency) {
  targ.register_b_transport(this, &Bus::b_transport);
  targ.register_get_direct_mem_ptr(this, &Bus::get_direct_mem_ptr);
  targ.register_transport_dbg(this, &Bus::transport_dbg);
}

void Bus::map(std::string name, uint64_t base, uint64_t size, unsigned port, uint64_t offset) {
  map_.push_back({std::move(name), base, size, port, offset});
}

const Bus::Window* Bus::find(uint64_t a) const {
  for (const auto& w : map_)
    if (a >= w.base && a - w.base < w.size) return &w;
  return nullptr;
}

void Bus::b_transport(int, tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
  const uint64_t a = tx.get_address();
  const Window* w = find(a);
  if (!w || tx.get_data_length() > w->size - (a - w->base)) {
    tx.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  delay += latency_;
  tx.set_address(a - w->base + w->offset);
  init[w->port]->b_transport(tx, delay);
  tx.set_address(a);
}

bool Bus::get_direct_mem_ptr(int, tlm::tlm_generic_payload& tx, tlm::tlm_dmi& dmi) {
  const uint64_t a = tx.get_address();
  const Window* w = find(a);
  if (!w) return false;
  tx.set_address(a - w->base + w->offset);
  const bool ok = init[w->port]->get_direct_mem_ptr(tx, dmi);
  tx.set_address(a);
  if (!ok) return false;
  // Back to bus addresses, clipped to the window.
  uint64_t start = dmi.get_start_address() - w->offset + w->base;
  uint64_t end = dmi.get_end_address() - w->offset + w->base;
  unsigned char* ptr = dmi.get_dmi_ptr();
  if (start < w->base) { ptr += w->base - start; start = w->base; }
  end = std::min(end, w->base + w->size - 1);
  // Exclude the pages of every other window that overlaps (those have priority or are
  // separate devices), keeping the part that contains `a`.
  for (const auto& o : map_) {
    if (&o == w) continue;
    const uint64_t lo = o.base & ~0xfffull, hi = ((o.base + o.size + 0xfff) & ~0xfffull) - 1;
    if (hi < start || lo > end) continue;
    if (a >= lo && a <= hi) return false;
    if (lo > a) end = std::min(end, lo - 1);
    else { ptr += hi + 1 - start; start = hi + 1; }
  }
  dmi.set_dmi_ptr(ptr);
  dmi.set_start_address(start);
  dmi.set_end_address(end);
  return true;
}

unsigned Bus::transport_dbg(int, tlm::tlm_generic_payload& tx) {
  const uint64_t a = tx.get_address();
  const Window* w = find(a);
  if (!w) return 0;
  tx.set_address(a - w->base + w->offset);
  const unsigned n = init[w->port]->transport_dbg(tx);
  tx.set_address(a);
  return n;
}

}  // namespace uintrsim
