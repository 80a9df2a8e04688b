#include "sim/uintr/uipi_send_engine.h"

#include "sim/uintr/impl_registry.h"

namespace uintrsim {

void register_uipi_send_impl(const std::string& impl, UipiSendFactory f) {
  ImplRegistry<UipiSendFactory>::add(impl, std::move(f));
}

UipiSendFactory uipi_send_impl(const std::string& impl) { return ImplRegistry<UipiSendFactory>::find(impl); }

UipiSendEngine::Result FsmUipiSend::send(uint64_t index, uint64_t suist, UipiSendPort& port) {
  using namespace uipi_send_rules;
  Result r;
  const auto pa = uiste_address(index, suist, u_.uist_stride, u_.qemu_send_checks);
  if (!pa) {  // IDLE -> RESP
    r.cycles = kCyclesNoop;
    return r;
  }
  uint64_t uiste = 0;
  unsigned latency = 1;
  const bool ok = port.read_uiste(*pa, &uiste, &latency);  // WAIT_MEM0 -> READ_UIST
  r.cycles = kCyclesBeforeLoad + latency;
  const auto store = ok ? send_store(uiste, u_.uintc_base, u_.qemu_send_checks) : std::nullopt;
  if (!store) {  // READ_UIST -> RESP
    r.fault = !ok;
    r.cycles += kCyclesAfterLoadOnly;
    return r;
  }
  for (;;) {  // WAIT_MEM1 -> CHECK_NACK0 -> CHECK_NACK1 (-> WAIT_MEM1 on a nack) -> RESP
    r.cycles += kCyclesBeforeStore;
    const bool accepted = port.store_send(store->pa, store->data, r.cycles);
    r.cycles += 2;
    if (accepted) break;
  }
  r.cycles += 1;
  return r;
}

}  // namespace uintrsim
