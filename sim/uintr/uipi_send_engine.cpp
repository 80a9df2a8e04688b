#include "sim/uintr/uipi_send_engine.h"

#include <optional>

#include "sim/uintr/impl_registry.h"

namespace uintrsim {

void register_uipi_send_impl(const std::string& impl, UipiSendFactory f) {
  ImplRegistry<UipiSendFactory>::add(impl, std::move(f));
}

UipiSendFactory uipi_send_impl(const std::string& impl) { return ImplRegistry<UipiSendFactory>::find(impl); }

namespace {
// The sender-table entry's physical address, or nothing when the send is a no-op before the
// load: suist.Enable clear, or (qemu checks) the index beyond suist.Size.
std::optional<uint64_t> uiste_address(uint64_t index, uint64_t suist, unsigned stride, bool qemu_checks) {
  if (!(suist & UINTRSIM_SUIST_ENABLE)) return std::nullopt;
  const uint64_t size_bytes = UINTRSIM_SUIST_GET_SIZE_PAGES(suist) << 12;
  if (qemu_checks && index >= size_bytes / stride) return std::nullopt;
  return UINTRSIM_SUIST_GET_TABLE(suist) + index * stride;
}
struct SendStore {
  uint64_t pa, data;
};
// The SEND store a sender-table entry asks for, or nothing (qemu checks: Valid clear).
std::optional<SendStore> send_store(uint64_t uiste, uint64_t uintc_base, bool qemu_checks) {
  if (qemu_checks && !(uiste & UINTRSIM_UISTE_VALID)) return std::nullopt;
  return SendStore{uintc_base + UINTRSIM_UINTC_ENTRY(UINTRSIM_UISTE_GET_RECEIVER(uiste)) + uintc_reg::kSend,
                   UINTRSIM_UISTE_GET_VECTOR(uiste)};
}

// Cycles of the Rocket FSM's states (READ_UIST lasts the D-cache latency the port reports).
constexpr unsigned kWaitMem0 = 1, kWaitMem1 = 1, kCheckNack = 2 /* CHECK_NACK0, CHECK_NACK1 */, kResp = 1;
}  // namespace

UipiSendEngine::Result FsmUipiSend::send(uint64_t index, uint64_t suist, UipiSendPort& port) {
  Result r;
  const auto pa = uiste_address(index, suist, u_.uist_stride, u_.qemu_send_checks);
  if (!pa) {  // IDLE -> RESP
    r.cycles = kResp;
    return r;
  }
  uint64_t uiste = 0;
  unsigned latency = 1;
  const bool ok = port.read_uiste(*pa, &uiste, &latency);  // WAIT_MEM0 -> READ_UIST
  r.cycles = kWaitMem0 + latency;
  const auto store = ok ? send_store(uiste, u_.uintc_base, u_.qemu_send_checks) : std::nullopt;
  if (!store) {  // READ_UIST -> RESP
    r.fault = !ok;
    r.cycles += kResp;
    return r;
  }
  for (;;) {  // WAIT_MEM1 -> CHECK_NACK0 -> CHECK_NACK1 (-> WAIT_MEM1 on a nack) -> RESP
    r.cycles += kWaitMem1;
    const bool accepted = port.store_send(store->pa, store->data, r.cycles);
    r.cycles += kCheckNack;
    if (accepted) break;
  }
  r.cycles += kResp;
  return r;
}

}  // namespace uintrsim
