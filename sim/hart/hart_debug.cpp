// Side-effect-free views of a hart for debuggers and tracers (sim/debug/), and the history
// of recent traps for reports. Nothing here charges cycles, touches a cache or TLB model,
// counts a statistic or reaches a device.
#include "sim/hart/hart.h"

#include <algorithm>

#include "sim/mem/sv39_walk.h"

namespace uintrsim {

using namespace rv;

std::vector<Hart::TrapRun> Hart::recent_traps() const {
  std::vector<TrapRun> v;
  if (traps_taken_ == 0) return v;
  for (unsigned i = 1; i <= kTrapHistory; ++i) {  // oldest first: the slot after the newest
    const TrapRun& r = trap_runs_[(trap_run_head_ + i) % kTrapHistory];
    if (r.count) v.push_back(r);
  }
  return v;
}

bool Hart::debug_read_phys(uint64_t pa, void* data, size_t len) const {
  const DmiRegion* r = dmi_for(pa, len);
  if (!r) return false;
  std::memcpy(data, r->host + (pa - r->base), len);
  return true;
}

bool Hart::debug_translate(uint64_t va, uint64_t& pa) const {
  if (!vm_enabled(priv_)) {
    pa = va;
    return (va >> 56) == 0;
  }
  if (uint64_t(int64_t(va << 25) >> 25) != va) return false;
  const sv39::WalkResult r = sv39::walk(UINTRSIM_SATP_ROOT(satp_), va, [this](uint64_t pte_pa, uint64_t* pte) {
    return debug_read_phys(pte_pa, pte, 8);
  });
  if (r.kind != sv39::PteKind::kLeaf || sv39::misaligned_superpage(r.pte, r.level)) return false;
  pa = r.pa(va);
  return true;
}

bool Hart::debug_read(uint64_t va, void* data, size_t len) const {
  auto* out = static_cast<uint8_t*>(data);
  while (len) {  // a page at a time: consecutive virtual pages need not be contiguous
    const size_t n = std::min<size_t>(len, 0x1000 - (va & 0xfff));
    uint64_t pa;
    if (!debug_translate(va, pa) || !debug_read_phys(pa, out, n)) return false;
    va += n;
    out += n;
    len -= n;
  }
  return true;
}

bool Hart::debug_write(uint64_t va, const void* data, size_t len) {
  const auto* in = static_cast<const uint8_t*>(data);
  while (len) {
    const size_t n = std::min<size_t>(len, 0x1000 - (va & 0xfff));
    uint64_t pa;
    if (!debug_translate(va, pa)) return false;
    const DmiRegion* r = dmi_for(pa, n);
    if (!r) return false;
    std::memcpy(r->host + (pa - r->base), in, n);
    resv_->on_store(pa, unsigned(n));
    // Instructions decoded from these bytes are stale (a breakpoint the debugger writes
    // itself, patched code): drop the decoded blocks, as fence.i does.
    blocks_.flush();
    va += n;
    in += n;
    len -= n;
  }
  return true;
}

}  // namespace uintrsim
