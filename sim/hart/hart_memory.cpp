// Address translation (bare and Sv39), the host TLB that caches it, page walks, and the slow
// paths of loads and stores (page-crossing, MMIO, faults).
#include <cstring>

#include "sim/hart/hart.h"
#include "sim/mem/sv39_walk.h"

namespace uintrsim {

using namespace rv;

namespace {
constexpr uint64_t kPteR = UINTRSIM_PTE_R, kPteW = UINTRSIM_PTE_W, kPteX = UINTRSIM_PTE_X, kPteU = UINTRSIM_PTE_U,
                   kPteA = UINTRSIM_PTE_A, kPteD = UINTRSIM_PTE_D;
constexpr uint64_t kVpnMask = (1ull << 27) - 1;

uint64_t page_fault_cause(int access) {
  return access == Hart::kExec ? kInsnPageFault : access == Hart::kWrite ? kStorePageFault
                                                                         : kLoadPageFault;
}
uint64_t access_fault_cause(int access) {
  return access == Hart::kExec ? kInsnAccessFault : access == Hart::kWrite ? kStoreAccessFault
                                                                           : kLoadAccessFault;
}
}  // namespace

rv::Priv Hart::data_priv() const {
  if (priv_ == Priv::M && (mstatus_ & mstatus::MPRV))
    return Priv((mstatus_ & mstatus::MPP) >> mstatus::MPP_SHIFT);
  return priv_;
}

void Hart::select_host_tlb() { dtlb_ = host_tlb_[unsigned(data_priv())].data(); }

bool Hart::pmp_ok(uint64_t pa, uint64_t len, int access, Priv eff) const {
  const uint8_t perm = access == kRead ? Pmp::R : access == kWrite ? Pmp::W : Pmp::X;
  return pmp_.allows(pa, len, perm, eff);
}

void Hart::flush_all_host_tlbs() {
  for (auto& set : host_tlb_)
    for (auto& e : set) e.tag_r = e.tag_w = ~0ull;
  drop_fetch_page();
}

void Hart::flush_translations() {
  for (unsigned p : {0u, 1u})
    for (auto& e : host_tlb_[p]) e.tag_r = e.tag_w = ~0ull;
  itlb_.flush();
  dtlb_model_.flush();
  drop_fetch_page();
}

// Whether a page of model entry `e` was accessed through the host TLB (or is the current
// fetch page) since the last replacement: a not-recently-used approximation of LRU for
// hits that never reach the TLB model.
bool Hart::recently_used(const TlbModel::Entry& e) const {
  if (fetch_vpage_ != ~0ull && (fetch_vpage_ & kVpnMask) - e.vpn < e.pages()) return true;
  const uint64_t span = std::min<uint64_t>(e.pages(), kHostTlbSize);
  for (unsigned p : {0u, 1u})
    for (uint64_t i = 0; i < span; ++i) {
      const HostTlbEntry& h = host_tlb_[p][(e.vpn + i) & (kHostTlbSize - 1)];
      if (!h.used) continue;
      const uint64_t tag = (h.tag_r != ~0ull ? h.tag_r : h.tag_w);
      if (tag != ~0ull && (tag & kVpnMask) - e.vpn < e.pages()) return true;
    }
  return false;
}

void Hart::age_host_tlb() {
  for (unsigned p : {0u, 1u})
    for (auto& h : host_tlb_[p]) h.used = 0;
}

void Hart::on_tlb_model_evict(const TlbModel::Entry& old) {
  if (old.vpn == ~0ull) return;
  for (unsigned p : {0u, 1u})
    for (auto& e : host_tlb_[p])
      if (e.tag_r != ~0ull || e.tag_w != ~0ull) {
        const uint64_t tag = (e.tag_r != ~0ull ? e.tag_r : e.tag_w) & kVpnMask;
        if (tag - old.vpn < old.pages()) e.tag_r = e.tag_w = ~0ull;
      }
  if (fetch_vpage_ != ~0ull && (fetch_vpage_ & kVpnMask) - old.vpn < old.pages())
    drop_fetch_page();
}

const DmiRegion* Hart::dmi_for(uint64_t pa, uint64_t len) const {
  for (const auto& r : dmi_)
    if (r.contains(pa, len)) return &r;
  return nullptr;
}

// Sv39 page walk (privileged spec 4.3.2) with the shared walker (sim/mem/sv39_walk.h). Each
// PTE load is an S-level physical read (PMP-checked; failing: access fault) and, in the
// in-order mode, goes through the D-cache model, so kernel page-table work pollutes the
// cache as it would on hardware. An invalid PTE, no leaf at level 0 or a misaligned
// superpage: page fault.
bool Hart::walk(uint64_t va, int access, Priv eff, TlbModel::Entry& out) {
  ++stats_.page_walks;
  const sv39::WalkResult r =
      sv39::walk(UINTRSIM_SATP_ROOT(satp_), va, [this](uint64_t pte_pa, uint64_t* pte) {
        if (!pmp_ok(pte_pa, 8, kRead, Priv::S) || !phys_read(pte_pa, pte, 8)) return false;
        if (timed_) {
          stall_ += p_.timing.tlb_miss_penalty;
          if (!dcache_->access(pte_pa, false)) stall_ += dcache_->params().miss_latency;
        }
        return true;
      });
  if (r.kind == sv39::PteKind::kUnreadable) return raise(access_fault_cause(access), va);
  if (r.kind != sv39::PteKind::kLeaf || sv39::misaligned_superpage(r.pte, r.level))
    return raise(page_fault_cause(access), va);
  const uint64_t span = (1ull << (UINTRSIM_SV39_VPN_BITS * r.level)) - 1;  // 4 KiB pages covered - 1
  out.vpn = ((va >> UINTRSIM_SV39_PAGE_SHIFT) & kVpnMask) & ~span;
  out.ppn = r.ppn();
  out.pte = r.pte;
  out.level = unsigned(r.level);
  out.pte_pa = r.pte_pa;
  return true;
}

uint64_t Hart::translate(uint64_t va, int access, HostTlbEntry* fill) {
  const Priv eff = access == kExec ? priv_ : data_priv();
  if (!vm_enabled(eff)) {
    if (va >> 56) return raise(access_fault_cause(access), va), kNoPa;  // beyond 56-bit physical space
    const DmiRegion* r = fill ? dmi_for(va & ~0xfffull, 0x1000) : nullptr;
    if (r) {
      const uint64_t page = va & ~0xfffull;
      fill->tag_r = pmp_ok(page, 0x1000, kRead, eff) ? va >> 12 : ~0ull;
      fill->tag_w = pmp_ok(page, 0x1000, kWrite, eff) ? va >> 12 : ~0ull;
      fill->pa_page = va & ~0xfffull;
      fill->host = r->host + (fill->pa_page - r->base);
      fill->code = blocks_.page_has_code(fill->pa_page);
    }
    return va;
  }
  if (uint64_t(int64_t(va << 25) >> 25) != va) return raise(page_fault_cause(access), va), kNoPa;
  const uint64_t vpn = (va >> 12) & kVpnMask;
  TlbModel& tlb = access == kExec ? itlb_ : dtlb_model_;
  TlbModel::Entry* e = tlb.lookup(vpn);
  const bool walked = !e;
  if (!e) {
    TlbModel::Entry fresh;
    if (!walk(va, access, eff, fresh)) return kNoPa;
    const TlbModel::Entry old =
        tlb.insert(fresh, [&](const TlbModel::Entry& c) { return recently_used(c); });
    if (old.vpn != ~0ull) {  // a replacement decision was made: start a new NRU period
      on_tlb_model_evict(old);
      age_host_tlb();
    }
    e = tlb.lookup(vpn);
    --tlb.hits;  // the re-lookup is bookkeeping, not a second access
  }
  const uint64_t pte = e->pte;
  // Permission checks (privileged spec 4.3.1, 4.3.2 step 5).
  const bool mxr = mstatus_ & mstatus::MXR, sum = mstatus_ & mstatus::SUM;
  bool ok;
  if (access == kExec) ok = (pte & kPteX) != 0;
  else if (access == kRead) ok = (pte & kPteR) || (mxr && (pte & kPteX));
  else ok = (pte & kPteW) != 0;
  if (ok) {
    if (eff == Priv::U) ok = (pte & kPteU) != 0;
    else if (pte & kPteU) ok = access != kExec && sum;
  }
  if (!ok) return raise(page_fault_cause(access), va), kNoPa;
  const bool need_d = access == kWrite;
  if (!(pte & kPteA) || (need_d && !(pte & kPteD))) {
    if (!p_.hardware_ad) return raise(page_fault_cause(access), va), kNoPa;
    // Svadu: set A (and D for a store) in the PTE in memory, as an atomic update would.
    uint64_t mem_pte;
    if (!phys_read(e->pte_pa, &mem_pte, 8)) return raise(access_fault_cause(access), va), kNoPa;
    if (mem_pte != pte) {  // the PTE changed since the walk: drop the entry and walk again
      tlb.flush_page(vpn);
      return translate(va, access, fill);
    }
    mem_pte |= kPteA | (need_d ? kPteD : 0);
    if (!phys_write(e->pte_pa, &mem_pte, 8)) return raise(access_fault_cause(access), va), kNoPa;
    e->pte = mem_pte;
  }
  const uint64_t pa = ((e->ppn + (vpn - e->vpn)) << 12) | (va & 0xfff);
  if (fill) {
    const DmiRegion* r = dmi_for(pa & ~0xfffull, 0x1000);
    if (r) {
      const uint64_t p = e->pte;
      auto allowed = [&](int acc) {
        bool a = acc == kRead ? ((p & kPteR) || (mxr && (p & kPteX))) : (p & kPteW) && (p & kPteD);
        if (eff == Priv::U) a = a && (p & kPteU);
        else if (p & kPteU) a = a && sum;
        return a && (p & kPteA) && pmp_ok(pa & ~0xfffull, 0x1000, acc, eff);
      };
      fill->tag_r = allowed(kRead) ? va >> 12 : ~0ull;
      fill->tag_w = allowed(kWrite) ? va >> 12 : ~0ull;
      fill->used = walked ? 0 : 1;  // a fresh entry's recency is its insertion stamp
      fill->pa_page = pa & ~0xfffull;
      fill->host = r->host + (fill->pa_page - r->base);
      fill->code = blocks_.page_has_code(fill->pa_page);
    }
  }
  return pa;
}

uint64_t Hart::translate_for(uint64_t va, int access) {
  HostTlbEntry& e = dtlb_[(va >> 12) & (kHostTlbSize - 1)];
  return translate(va, access, &e);
}

bool Hart::mmio(bool write, uint64_t pa, uint8_t* data, unsigned len) {
  ++stats_.mmio_accesses;
  uint64_t delay = 0;
  const bool ok = bus_ && bus_->access(write, pa, data, len, cycle_ + stall_, delay);
  stall_ += delay;  // device time passes in both timing modes (mtime must never go back)
  return ok;
}

bool Hart::phys_read(uint64_t pa, void* data, unsigned len) {
  if (const DmiRegion* r = dmi_for(pa, len)) {
    std::memcpy(data, r->host + (pa - r->base), len);
    return true;
  }
  return mmio(false, pa, static_cast<uint8_t*>(data), len);
}

bool Hart::phys_write(uint64_t pa, const void* data, unsigned len) {
  resv_->on_store(pa, len);
  if (const DmiRegion* r = dmi_for(pa, len)) {
    std::memcpy(r->host + (pa - r->base), data, len);
    code_stored(pa, len);
    return true;
  }
  uint8_t buf[8];
  if (len > sizeof buf) return false;  // devices take at most 8-byte accesses
  std::memcpy(buf, data, len);
  return mmio(true, pa, buf, len);
}

template <typename T>
bool Hart::load_slow(uint64_t va, T& out) {
  if ((va & 0xfff) > 0x1000 - sizeof(T)) {  // crosses a page: each byte on its own
    T v = 0;
    for (unsigned i = 0; i < sizeof(T); ++i) {
      uint8_t b;
      if (!load_slow<uint8_t>(va + i, b)) return false;
      v |= T(b) << (8 * i);
    }
    out = v;
    return true;
  }
  HostTlbEntry& e = dtlb_[(va >> 12) & (kHostTlbSize - 1)];
  const uint64_t pa = translate(va, kRead, &e);
  if (pa == kNoPa) return false;
  if (!pmp_ok(pa, sizeof(T), kRead, data_priv())) return raise(kLoadAccessFault, va);
  T v{};
  if (const DmiRegion* r = dmi_for(pa, sizeof(T))) {
    std::memcpy(&v, r->host + (pa - r->base), sizeof(T));
    last_pa_ = pa;
  } else {
    if (!mmio(false, pa, reinterpret_cast<uint8_t*>(&v), sizeof(T))) return raise(kLoadAccessFault, va);
    last_pa_ = ~0ull;  // uncached
  }
  out = v;
  return true;
}

template <typename T>
bool Hart::store_slow(uint64_t va, T v) {
  if ((va & 0xfff) > 0x1000 - sizeof(T)) {
    // Translate both pages first so that a fault leaves memory unchanged.
    if (translate_for(va, kWrite) == kNoPa) return false;
    // tval: the second page's first byte
    if (translate_for((va + sizeof(T) - 1) & ~0xfffull, kWrite) == kNoPa) return false;
    for (unsigned i = 0; i < sizeof(T); ++i)
      if (!store_slow<uint8_t>(va + i, uint8_t(v >> (8 * i)))) return false;
    return true;
  }
  HostTlbEntry& e = dtlb_[(va >> 12) & (kHostTlbSize - 1)];
  const uint64_t pa = translate(va, kWrite, &e);
  if (pa == kNoPa) return false;
  if (!pmp_ok(pa, sizeof(T), kWrite, data_priv())) return raise(kStoreAccessFault, va);
  resv_->on_store(pa, sizeof(T));
  if (const DmiRegion* r = dmi_for(pa, sizeof(T))) {
    std::memcpy(r->host + (pa - r->base), &v, sizeof(T));
    last_pa_ = pa;
    code_stored(pa, sizeof(T));
  } else {
    if (!mmio(true, pa, reinterpret_cast<uint8_t*>(&v), sizeof(T))) return raise(kStoreAccessFault, va);
    last_pa_ = ~0ull;
  }
  return true;
}

template <typename T>
T* Hart::amo_ptr(uint64_t va) {
  if (va & (sizeof(T) - 1)) return raise(kStoreMisaligned, va), nullptr;
  HostTlbEntry& e = dtlb_[(va >> 12) & (kHostTlbSize - 1)];
  uint64_t pa;
  uint8_t* host;
  if (e.tag_w == (va >> 12) && e.tag_r == (va >> 12)) {
    pa = e.pa_page | (va & 0xfff);
    host = e.host + (va & 0xfff);
  } else {
    pa = translate(va, kWrite, &e);
    if (pa == kNoPa) return nullptr;
    const DmiRegion* r = dmi_for(pa, sizeof(T));
    if (!r || !pmp_ok(pa, sizeof(T), kWrite, data_priv()) ||
        !pmp_ok(pa, sizeof(T), kRead, data_priv()))
      return raise(kStoreAccessFault, va), nullptr;  // AMOs are supported on RAM only
    host = r->host + (pa - r->base);
  }
  last_pa_ = pa;
  resv_->on_store(pa, sizeof(T));
  code_stored(pa, sizeof(T));  // before the AMO writes: it still ends the running block after it
  return reinterpret_cast<T*>(host);
}

template uint32_t* Hart::amo_ptr<uint32_t>(uint64_t);
template uint64_t* Hart::amo_ptr<uint64_t>(uint64_t);
template bool Hart::load_slow<uint8_t>(uint64_t, uint8_t&);
template bool Hart::load_slow<uint16_t>(uint64_t, uint16_t&);
template bool Hart::load_slow<uint32_t>(uint64_t, uint32_t&);
template bool Hart::load_slow<uint64_t>(uint64_t, uint64_t&);
template bool Hart::store_slow<uint8_t>(uint64_t, uint8_t);
template bool Hart::store_slow<uint16_t>(uint64_t, uint16_t);
template bool Hart::store_slow<uint32_t>(uint64_t, uint32_t);
template bool Hart::store_slow<uint64_t>(uint64_t, uint64_t);

}  // namespace uintrsim
