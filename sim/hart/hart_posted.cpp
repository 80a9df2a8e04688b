// The posted user-interrupt architecture on the hart (uintr.arch = posted; the mapping and its
// choices: docs/uintr-posted.md): senduipi (UITTE load and locked UPID update through the
// D-cache, the notification store to the notification device), notification processing
// (claim the device's vectors, clear ON, move PIR into suirr) and delivery to utvec with the
// vector in ucause. Every cost is a PostedParams field; none is charged in functional mode
// except the bus latency of the device accesses, as for every MMIO access.
#include <cstring>

#include "sim/hart/hart.h"
#include "workloads/include/uintrsim/devices.h"

namespace uintrsim {

using namespace rv;

// The cost of a locked access to a UPID line beyond the access's own cycles: an L1 miss, or
// the line's migration from the hart that held it last (docs/uintr-posted.md "Costs").
uint64_t Hart::upid_line_cost(uint64_t pa, bool write) {
  if (!timed_) return 0;
  const bool remote = upid_lines_ && upid_lines_->access(pa, p_.hartid);
  const bool hit = dcache_->access(pa, write);
  if (remote) return p_.uintr.posted.remote_line_cycles;
  return hit ? 0 : dcache_->params().miss_latency;
}

bool Hart::senduipi(uint64_t index) {
  const PostedParams& pp = p_.uintr.posted;
  last_pa_ = ~0ull;  // the accesses below are charged here, not as the instruction's own
  // x86 raises #GP; the RISC-V counterpart is uintr.posted.fault.
  const auto bad = [&] {
    return pp.custom_fault ? raise(UINTRSIM_POSTED_FAULT_CAUSE_CUSTOM, index) : raise(kIllegalInsn, 0);
  };
  uint64_t cost = pp.send_cycles;
  if (!(suitt_ & UINTRSIM_SUITT_ENABLE) || index > ((suitt_ >> UINTRSIM_SUITT_SIZE_SHIFT) & UINTRSIM_SUITT_SIZE_MASK))
    return bad();
  // The UITTE: RAM only (a device register must not be read as a table entry), S-level PMP.
  const uint64_t entry_pa = ((suitt_ & UINTRSIM_SUITT_PPN_MASK) << 12) + UINTRSIM_UITTE_BYTES * index;
  const DmiRegion* er = dmi_for(entry_pa, UINTRSIM_UITTE_BYTES);
  if (!er || !pmp_ok(entry_pa, UINTRSIM_UITTE_BYTES, kRead, Priv::S)) return raise(kLoadAccessFault, entry_pa);
  uint64_t e[2];
  std::memcpy(e, er->host + (entry_pa - er->base), sizeof e);
  if (timed_ && !dcache_->access(entry_pa, false)) cost += dcache_->params().miss_latency;
  if (!(e[0] & UINTRSIM_UITTE_V) || (e[0] & UINTRSIM_UITTE_RESERVED0) || (e[1] % UINTRSIM_UPID_ALIGN)) return bad();
  const unsigned uv = unsigned(e[0] >> UINTRSIM_UITTE_UV_SHIFT) & 63;
  // The locked read-modify-write of the UPID (both words at once: they share a line).
  const uint64_t upid = e[1];
  const DmiRegion* ur = dmi_for(upid, UINTRSIM_UPID_BYTES);
  if (!ur || !pmp_ok(upid, UINTRSIM_UPID_BYTES, kRead, Priv::S) || !pmp_ok(upid, UINTRSIM_UPID_BYTES, kWrite, Priv::S))
    return raise(kStoreAccessFault, upid);
  uint64_t w[2];
  uint8_t* host = ur->host + (upid - ur->base);
  std::memcpy(w, host, sizeof w);
  w[1] |= 1ull << uv;
  const bool notify = !(w[0] & (UINTRSIM_UPID_ON | UINTRSIM_UPID_SN));
  if (notify) w[0] |= UINTRSIM_UPID_ON;
  std::memcpy(host, w, sizeof w);
  resv_->on_store(upid, UINTRSIM_UPID_BYTES);
  if (timed_) cost += pp.upid_rmw_cycles + upid_line_cost(upid, true);
  ++posted_stats_.sends;
  if (timed_) stall_ += cost;  // the notification leaves after the UPID update
  if (!notify) {
    ++posted_stats_.suppressed;
    return true;
  }
  ++posted_stats_.notifications;
  uint64_t send = UINTRSIM_UNOTIFY_SEND_VALUE(w[0] >> UINTRSIM_UPID_NDST_SHIFT,
                                              (w[0] >> UINTRSIM_UPID_NV_SHIFT) & UINTRSIM_UPID_NV_MASK);
  // An uncached store; the device drops a destination or vector it does not have.
  mmio(true, pp.notify_base + UINTRSIM_UNOTIFY_SEND, reinterpret_cast<uint8_t*>(&send), 8);
  if (timed_) stall_ += pp.notify_store_cycles;
  return true;
}

// x86 notification processing on the UPID at suipd: clear ON, PIR -> suirr, PIR = 0, as one
// locked update. It is asynchronous: a UPID outside RAM (or refused by PMP) makes it a no-op.
void Hart::notification_processing() {
  const uint64_t upid = suipd_;
  const DmiRegion* ur = dmi_for(upid, UINTRSIM_UPID_BYTES);
  if (!ur || !pmp_ok(upid, UINTRSIM_UPID_BYTES, kWrite, Priv::S)) {
    ++posted_stats_.upid_faults;
    return;
  }
  uint64_t w[2];
  uint8_t* host = ur->host + (upid - ur->base);
  std::memcpy(w, host, sizeof w);
  const uint64_t pir = w[1];
  w[0] &= ~UINTRSIM_UPID_ON;
  w[1] = 0;
  std::memcpy(host, w, sizeof w);
  resv_->on_store(upid, UINTRSIM_UPID_BYTES);
  suirr_ |= pir;
  ++posted_stats_.processed;
  if (timed_) cycle_ += p_.uintr.posted.notify_processing_cycles + upid_line_cost(upid, true);
}

bool Hart::posted_interrupts() {
  // The notification is recognised where a supervisor interrupt could be taken.
  if ((mip_hw_ & notify_mask_) && (priv_ == Priv::U || (priv_ == Priv::S && (mstatus_ & mstatus::SIE)))) {
    uint64_t claimed = 0;
    mmio(false, p_.uintr.posted.notify_base + UINTRSIM_UNOTIFY_CLAIM(p_.hartid), reinterpret_cast<uint8_t*>(&claimed), 8);
    mip_hw_ &= ~notify_mask_;  // the claim lowers the line (the device re-raises it on a new SEND)
    const uint64_t uinv = suinv_ & UINTRSIM_SUINV_MASK;
    if ((suinv_ & UINTRSIM_SUINV_ENABLE) && ((claimed >> uinv) & 1)) {
      claimed &= ~bit(unsigned(uinv));
      notification_processing();
    }
    if (claimed) {  // another vector: the kernel's (sip.SSIP)
      posted_stats_.other_vectors += unsigned(__builtin_popcountll(claimed));
      mip_sw_ |= bit(kSSI);
    }
  }
  if (!posted_deliverable()) return false;
  posted_deliver(63u - unsigned(__builtin_clzll(suirr_)));  // the highest vector first
  return true;
}

void Hart::posted_deliver(unsigned v) {
  const uint64_t cause = kInterruptBit | (UINTRSIM_POSTED_CAUSE_BASE + v);
  suirr_ &= ~bit(v);
  last_trap_ = {cause, 0, pc};
  note_trap(cause, 0, pc);
  if (observer_) observer_->trap(*this, cause, 0, pc);
  ++posted_stats_.deliveries;
  if (timed_) {
    cycle_ += p_.uintr.posted.delivery_cycles();
    pending_load_mask_ = 0;
  }
  if (__builtin_expect(tracer_ != nullptr, 0))
    tracer_->hart_trap(p_.hartid, cycle_, cause, pc, trace::HartState::kUser, suirs_);
  ucause_ = cause;
  uepc_ = pc & ~1ull;
  utval_ = 0;
  uint64_t s = mstatus_ & ~(mstatus::UPIE | mstatus::UIE);
  if (mstatus_ & mstatus::UIE) s |= mstatus::UPIE;
  mstatus_ = s;
  pc = (utvec_ & ~3ull) + ((utvec_ & 1) ? 4 * (UINTRSIM_POSTED_CAUSE_BASE + v) : 0);
}

}  // namespace uintrsim
