// User-interrupt semantics of the hart (specs/uintr.md, DESIGN.md defaults): uret and the
// uipi.* instructions. uipi.send reads the sender-table entry through the data path
// (physical address, S-level PMP, D-cache) and posts SEND to the UINTC as an uncached store;
// the receiver-side instructions are MMIO accesses to the hart's own UINTC entry. Misuse
// gets architected behaviour, never a host error:
//   - uipi.send with suist.Enable clear, an index beyond suist.Size (qemu checks) or an
//     entry without Valid (qemu checks): no-op;
//   - a sender-table entry that is not readable memory: load access fault (tval = index);
//   - a SEND to a receiver index the UINTC does not have: dropped (the UINTC ignores it);
//   - uipi.read/write/activate/deactivate with suirs.Enable clear: no-op (read gives 0);
//   - with suirs.index beyond the UINTC: load (read) or store access fault (tval = address).
#include "sim/hart/hart.h"

namespace uintrsim {

using namespace rv;

uint64_t Hart::do_uret() {
  uint64_t s = mstatus_ & ~mstatus::UIE;
  if (mstatus_ & mstatus::UPIE) s |= mstatus::UIE;
  s |= mstatus::UPIE;
  mstatus_ = s;
  recheck_interrupts();
  return uepc_;
}

void Hart::uipi_send(uint64_t index) {
  const UintrParams& u = p_.uintr;
  if (!(suist_ >> 63)) return;
  const uint64_t size_bytes = ((suist_ >> 44) & 0xfff) << 12;
  if (u.qemu_send_checks && (index >= size_bytes / u.uist_stride)) return;
  const uint64_t entry_pa = ((suist_ & ((1ull << 44) - 1)) << 12) + index * u.uist_stride;
  uint64_t uiste;
  if (!pmp_ok(entry_pa, 8, kRead, Priv::S) || !phys_read(entry_pa, &uiste, 8))
    throw Trap{kLoadAccessFault, index};
  if (timed_) {
    stall_ += u.send_overhead_cycles;
    if (!dcache_->access(entry_pa, false)) stall_ += dcache_->params().miss_latency;
  }
  if (u.qemu_send_checks && !(uiste & 1)) return;
  const uint64_t vector = (uiste >> 16) & 0xffff;
  const uint64_t receiver = uiste >> 48;
  uint64_t data = vector;
  last_pa_ = ~0ull;  // the SEND store is uncached: no D-cache charge for this instruction
  // An index the UINTC does not have is outside its window: the bus drops the store.
  mmio(true, u.uintc_base + receiver * uintc_reg::kEntryBytes + uintc_reg::kSend,
       reinterpret_cast<uint8_t*>(&data), 8);
}

uint64_t Hart::uipi_receiver_access(uint64_t reg, bool write, uint64_t value) {
  last_pa_ = ~0ull;  // UINTC accesses are uncached
  if (!(suirs_ >> 63)) return 0;
  const uint64_t addr =
      p_.uintr.uintc_base + (suirs_ & 0xffff) * uintc_reg::kEntryBytes + reg;
  if (!mmio(write, addr, reinterpret_cast<uint8_t*>(&value), 8))
    throw Trap{write ? kStoreAccessFault : kLoadAccessFault, addr};
  return write ? 0 : value;
}

}  // namespace uintrsim
