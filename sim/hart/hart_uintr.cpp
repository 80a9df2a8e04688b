// User-interrupt semantics of the hart (docs/hardware-uintr.md, docs/architecture.md defaults): uret and the
// uipi.* instructions. uipi.send runs on the hart's send engine (sim/uintr/uipi_send_engine.h:
// the C++ FSM, or the verilated RTL), which reads the sender-table entry through the hart's
// data path (physical address, S-level PMP, D-cache) and posts SEND to the UINTC as an
// uncached store;
// the receiver-side instructions are MMIO accesses to the hart's own UINTC entry. Misuse
// gets architected behaviour, never a host error:
//   - uipi.send with suist.Enable clear, an index beyond suist.Size (qemu checks) or an
//     entry without Valid (qemu checks): no-op;
//   - a sender-table entry that is not readable memory: load access fault (tval = index);
//   - a SEND to a receiver index the UINTC does not have: dropped (the UINTC ignores it);
//   - uipi.read/write/activate/deactivate with suirs.Enable clear: no-op (read gives 0);
//   - with suirs.index beyond the UINTC: load (read) or store access fault (tval = address).
#include "sim/hart/hart.h"
#include "workloads/include/uintrsim/devices.h"

namespace uintrsim {

using namespace rv;

uint64_t Hart::do_uret() {
  uint64_t s = mstatus_ & ~mstatus::UIE;
  if (mstatus_ & mstatus::UPIE) s |= mstatus::UIE;
  s |= mstatus::UPIE;
  if (posted()) {  // uret as UIRET (docs/uintr-posted.md)
    if (p_.uintr.posted.uiret_sets_uif) s |= mstatus::UIE;
    if (timed_) stall_ += p_.uintr.posted.uiret_cycles;
  }
  mstatus_ = s;
  recheck_interrupts();
  resume_instret_ = instret_ + 1;  // uret retires after this
  if (__builtin_expect(tracer_ != nullptr, 0)) tracer_->user_trap_return(p_.hartid, cycle_);
  return uepc_;
}

// The hart's side of the send engine: its data path at physical S level, and the engine's
// cycles charged as they pass, so that the SEND leaves the hart at the cycle the engine
// issues it (3 cycles after the instruction on an L1 hit) and the instruction retires when
// the engine responds.
class Hart::SendPort final : public UipiSendPort {
 public:
  explicit SendPort(Hart& h) : h_(h) {}
  bool read_uiste(uint64_t pa, uint64_t* value, unsigned* latency) override {
    *latency = 1;
    if (!h_.pmp_ok(pa, 8, kRead, Priv::S) || !h_.phys_read(pa, value, 8)) return false;
    if (h_.timed_ && !h_.dcache_->access(pa, false)) *latency += h_.dcache_->params().miss_latency;
    return true;
  }
  bool store_send(uint64_t pa, uint64_t data, uint64_t elapsed) override {
    charge_until(elapsed);
    h_.last_pa_ = ~0ull;  // the SEND store is uncached: no D-cache charge for this instruction
    // An index the UINTC does not have is outside its window: the bus drops the store.
    h_.mmio(true, pa, reinterpret_cast<uint8_t*>(&data), 8);
    ++h_.send_count_;
    return true;  // this platform's bus takes every store (no nack)
  }
  void charge_until(uint64_t elapsed) {
    if (h_.timed_) h_.stall_ += elapsed - charged_;
    charged_ = elapsed;
  }

 private:
  Hart& h_;
  uint64_t charged_ = 0;
};

bool Hart::uipi_send(uint64_t index) {
  SendPort port(*this);
  if (__builtin_expect(tracer_ != nullptr, 0)) tracer_->uipi_send_begin(p_.hartid, cycle_, index);
  const uint64_t sends = send_count_;
  const UipiSendEngine::Result r = send_engine_->send(index, suist_, port);
  port.charge_until(r.cycles);
  if (__builtin_expect(tracer_ != nullptr, 0))
    tracer_->uipi_send_end(p_.hartid, cycle_, timed_ ? r.cycles : 1,
                           r.fault ? "fault" : send_count_ != sends ? "sent" : "no-op");
  return !r.fault || raise(kLoadAccessFault, index);
}

void Hart::set_send_engine(std::unique_ptr<UipiSendEngine> e) {
  send_engine_ = e ? std::move(e) : std::make_unique<FsmUipiSend>(p_.uintr);
}

bool Hart::uipi_receiver_access(uint64_t reg, bool write, uint64_t value, uint64_t& out) {
  last_pa_ = ~0ull;  // UINTC accesses are uncached
  out = 0;
  if (!(suirs_ & UINTRSIM_SUIRS_ENABLE)) return true;
  const uint64_t addr = p_.uintr.uintc_base + UINTRSIM_UINTC_ENTRY(suirs_ & UINTRSIM_SUIRS_INDEX_MASK) + reg;
  if (!mmio(write, addr, reinterpret_cast<uint8_t*>(&value), 8))
    return raise(write ? kStoreAccessFault : kLoadAccessFault, addr);
  if (!write) out = value;
  return true;
}

}  // namespace uintrsim
