// Virtual address spaces (seL4 RISC-V, Sv39): page tables and frames are real guest memory;
// mapping writes PTEs that the hart's MMU walks. Frame (Map, Unmap, GetAddress),
// PageTable (Map, Unmap) and ASID pool (Assign) invocations; their costs
// (kernel.cost.page_*, page_table_*, asid_assign) are charged by the invocation table.
#include "kernel_model/vspace/vspace.h"

#include "kernel_model/kernel.h"
#include "sim/stats/stats_registry.h"

namespace uintrsim::kernel {

namespace {
constexpr uint64_t kUserTop = 1ull << (UINTRSIM_SV39_VA_BITS - 1);  // Sv39 lower half: user addresses
constexpr uint64_t kPteV = UINTRSIM_PTE_V, kPteR = UINTRSIM_PTE_R, kPteW = UINTRSIM_PTE_W, kPteX = UINTRSIM_PTE_X,
                   kPteU = UINTRSIM_PTE_U, kPteA = UINTRSIM_PTE_A, kPteD = UINTRSIM_PTE_D;
int frame_level(const Cap& c) { return c.size_bits == 12 ? 0 : c.size_bits == 21 ? 1 : 2; }
}  // namespace

VSpace::VSpace(Kernel& k, unsigned cores) : Part(k), active_(cores, 0) {}

uint64_t VSpace::root_of(uint64_t asid) const {
  auto it = asid_to_vspace_.find(asid);
  return it == asid_to_vspace_.end() ? 0 : it->second;
}

void VSpace::release_asid(uint64_t asid) {
  asid_to_vspace_.erase(asid);
  for (auto& [pa, pool] : objects().asid_pools())
    if (asid >= pool->first_asid && asid < pool->first_asid + 1024) pool->vspace[asid - pool->first_asid] = 0;
}

bool VSpace::read_pte(uint64_t pa, uint64_t& pte) {
  pte = 0;
  return in_ram(pa, 8) && mem().phys_read(pa, &pte, 8);
}

void VSpace::write_pte(uint64_t pa, uint64_t pte) {
  if (in_ram(pa, 8)) mem().phys_write(pa, &pte, 8);
}

sv39::WalkResult VSpace::walk(uint64_t root, uint64_t vaddr, int stop_level) {
  return sv39::walk(root, vaddr, [this](uint64_t pa, uint64_t* pte) { return read_pte(pa, *pte); }, stop_level);
}

bool VSpace::unmap_pte(uint64_t root, uint64_t vaddr, uint64_t target, bool leaf) {
  for (int level = sv39::kRootLevel; level >= 0; --level) {
    const sv39::WalkResult w = walk(root, vaddr, level);
    if (w.level != level || (w.kind != sv39::PteKind::kLeaf && w.kind != sv39::PteKind::kPointer)) return false;
    if (UINTRSIM_PTE_ADDR(w.pte) == target && w.leaf() == leaf) {
      write_pte(w.pte_pa, 0);
      return true;
    }
    if (w.leaf()) return false;
  }
  return false;
}

uint64_t VSpace::user_pa(Tcb* t, uint64_t vaddr, uint64_t len, bool write) {
  if ((vaddr & 0xfff) + len > 0x1000 || vaddr >= kUserTop) return 0;
  const sv39::WalkResult w = walk(t->vspace.cap.obj, vaddr);
  if (!w.leaf() || !(w.pte & kPteU) || !(w.pte & kPteR) || (write && !(w.pte & kPteW))) return 0;
  return w.pa(vaddr);
}

void VSpace::switch_to(KernelPort& h, Tcb* next) {
  uint64_t& active = active_[h.hartid()];
  if (next->vspace.cap.obj == active) return;
  const uint64_t satp = UINTRSIM_SATP_MODE_SV39 | (next->vspace.cap.mapped_asid << UINTRSIM_SATP_ASID_SHIFT) |
                        (next->vspace.cap.obj >> UINTRSIM_SV39_PAGE_SHIFT);
  h.csr_write(rv::csr::satp, satp);
  h.charge(p_.cost.vspace_switch);
  active = next->vspace.cap.obj;
}

// TLB maintenance after a page-table change. ReL4 (4c56b93, SMP build) fences the whole local
// TLB (vspace/satp.rs) and asks the firmware for a remote_sfence_vma on every other hart,
// idle ones included (smp.rs), after each map (pte.rs) and unmap (interface.rs): the
// initiator pays the SBI call and, per target, the IPI and the wait for its completion;
// each target takes a machine software interrupt and fences in M-mode. A hart asleep in
// wfi handles it within its idle time (post_remote_fence). seL4 itself fences only after a
// removal and only harts that may cache the translations (kernel.tlb.policy = active_harts).
void VSpace::fence_after_change(KernelPort& h, bool removed) {
  const bool broadcast = p_.tlb_policy == TlbPolicy::kSbiBroadcast;
  if (!broadcast && !removed) return;  // seL4: a new mapping needs no fence of stale entries
  h.flush_tlb();
  ++tlb_local_fences_;
  if (broadcast) {
    if (active_.size() < 2) return;  // one hart: the local fence is all
    h.charge(p_.cost.sbi_remote_fence);
    for (unsigned i = 0; i < active_.size(); ++i) {
      if (i == h.hartid()) continue;
      h.shootdown_tlb(i, p_.cost.sbi_remote_fence_remote);
      h.charge(p_.cost.sbi_remote_fence_per_hart);
      ++tlb_shootdowns_;
    }
    return;
  }
  for (unsigned i = 0; i < active_.size(); ++i) {
    if (i == h.hartid() || !active_[i]) continue;  // a hart that never ran user code caches nothing
    h.shootdown_tlb(i, p_.cost.tlb_shootdown_remote);
    h.charge(p_.cost.tlb_shootdown);
    ++tlb_shootdowns_;
  }
}

void VSpace::page_map(const Invocation& inv) {
  KernelPort& h = inv.h;
  Tcb* t = inv.t;
  Cap& c = inv.s->cap;
  if (inv.length() < 3 || inv.extra_caps() < 1) {
    reply_error(t, seL4_TruncatedMessage);
    return;
  }
  const uint64_t vaddr = ipc().get_mr(h, t, 0), rights = ipc().get_mr(h, t, 1), attr = ipc().get_mr(h, t, 2);
  Slot* vs = cspace().extra_cap(h, t, 0, inv.info);
  if (!vs || vs->cap.type != CapType::kPageTable || !vs->cap.is_vspace_root || !vs->cap.mapped_asid) {
    reply_error(t, seL4_InvalidCapability, {1});
    return;
  }
  const uint64_t asid = vs->cap.mapped_asid;
  const uint64_t root = root_of(asid);
  if (root != vs->cap.obj) { reply_error(t, seL4_FailedLookup, {0}); return; }
  const uint64_t size = 1ull << c.size_bits;
  if (vaddr >= kUserTop || size > kUserTop - vaddr) { reply_error(t, seL4_InvalidArgument, {0}); return; }
  if (vaddr & (size - 1)) { reply_error(t, seL4_AlignmentError); return; }
  if (c.mapped_asid && (c.mapped_asid != asid || c.mapped_vaddr != vaddr)) {
    reply_error(t, seL4_InvalidArgument, {0});  // already mapped elsewhere
    return;
  }
  const int level = frame_level(c);
  const sv39::WalkResult w = walk(root, vaddr, level);
  touch(h, w.pte_pa & ~63ull, 64, true);
  if (w.level != level) {
    reply_error(t, seL4_FailedLookup, {0, uint64_t(12 + 9 * (w.level + 1))});  // missing page table
    return;
  }
  if (!c.mapped_asid && (w.pte & kPteV)) { reply_error(t, seL4_DeleteFirst); return; }
  const uint64_t r = rights & c.rights;
  uint64_t bits = kPteV | kPteU | kPteA | kPteD;
  if (r & seL4_CanRead_word) bits |= kPteR;
  if ((r & seL4_CanWrite_word) && (r & seL4_CanRead_word)) bits |= kPteW;
  if (!(attr & seL4_RISCV_ExecuteNever) && (r & seL4_CanRead_word)) bits |= kPteX;
  if (!(bits & (kPteR | kPteW | kPteX))) { reply_error(t, seL4_InvalidArgument, {1}); return; }
  const bool remap = c.mapped_asid != 0;
  write_pte(w.pte_pa, UINTRSIM_PTE_MAKE(c.obj, bits));
  c.mapped_asid = asid;
  c.mapped_vaddr = vaddr;
  fence_after_change(h, remap);
  reply_ok(t);
}

void VSpace::page_unmap(const Invocation& inv) {
  KernelPort& h = inv.h;
  Cap& c = inv.s->cap;
  if (c.mapped_asid) {
    const uint64_t root = root_of(c.mapped_asid);
    const int level = frame_level(c);
    if (root) {
      const sv39::WalkResult w = walk(root, c.mapped_vaddr, level);
      touch(h, w.pte_pa & ~63ull, 64, true);
      if (w.level == level && w.kind != sv39::PteKind::kUnreadable && (w.pte & kPteV) &&
          UINTRSIM_PTE_ADDR(w.pte) == c.obj)
        write_pte(w.pte_pa, 0);
    }
    c.mapped_asid = 0;
    c.mapped_vaddr = 0;
    fence_after_change(h, /*removed=*/true);
  }
  reply_ok(inv.t);
}

void VSpace::page_get_address(const Invocation& inv) { reply_ok(inv.t, {inv.s->cap.obj}); }

void VSpace::page_table_map(const Invocation& inv) {
  KernelPort& h = inv.h;
  Tcb* t = inv.t;
  Cap& c = inv.s->cap;
  if (inv.length() < 2 || inv.extra_caps() < 1) {
    reply_error(t, seL4_TruncatedMessage);
    return;
  }
  if (c.mapped_asid || c.is_vspace_root) { reply_error(t, seL4_InvalidCapability, {0}); return; }
  const uint64_t vaddr = ipc().get_mr(h, t, 0);
  Slot* vs = cspace().extra_cap(h, t, 0, inv.info);
  if (!vs || vs->cap.type != CapType::kPageTable || !vs->cap.is_vspace_root || !vs->cap.mapped_asid) {
    reply_error(t, seL4_InvalidCapability, {1});
    return;
  }
  if (vaddr >= kUserTop) { reply_error(t, seL4_InvalidArgument, {0}); return; }
  const uint64_t root = root_of(vs->cap.mapped_asid);
  if (root != vs->cap.obj) { reply_error(t, seL4_FailedLookup, {0}); return; }
  const sv39::WalkResult w = walk(root, vaddr, 0);
  touch(h, w.pte_pa & ~63ull, 64, true);
  if (w.level == 0 || (w.pte & kPteV)) { reply_error(t, seL4_DeleteFirst); return; }
  write_pte(w.pte_pa, UINTRSIM_PTE_POINTER(c.obj));
  c.mapped_asid = vs->cap.mapped_asid;
  c.mapped_vaddr = vaddr & ~((1ull << (12 + 9 * (w.level))) - 1);
  reply_ok(t);
}

void VSpace::page_table_unmap(const Invocation& inv) {
  KernelPort& h = inv.h;
  Tcb* t = inv.t;
  Cap& c = inv.s->cap;
  if (c.is_vspace_root) { reply_error(t, seL4_RevokeFirst); return; }
  if (c.mapped_asid) {
    const uint64_t root = root_of(c.mapped_asid);
    if (root) unmap_pte(root, c.mapped_vaddr, c.obj, /*leaf=*/false);
    c.mapped_asid = 0;
    c.mapped_vaddr = 0;
    zero_memory(&h, c.obj, 4096);  // seL4 clears an unmapped page table
    fence_after_change(h, /*removed=*/true);
  }
  reply_ok(t);
}

void VSpace::asid_pool_assign(const Invocation& inv) {
  Tcb* t = inv.t;
  Slot* vs = cspace().extra_cap(inv.h, t, 0, inv.info);
  if (!vs || vs->cap.type != CapType::kPageTable || vs->cap.mapped_asid) {
    reply_error(t, seL4_InvalidCapability, {1});
    return;
  }
  AsidPool* pool = objects().asid_pool(inv.s->cap.obj);
  for (unsigned i = 0; i < pool->vspace.size(); ++i) {
    const uint64_t asid = pool->first_asid + i;
    if (asid == 0 || pool->vspace[i]) continue;
    pool->vspace[i] = vs->cap.obj;
    asid_to_vspace_[asid] = vs->cap.obj;
    vs->cap.mapped_asid = asid;
    vs->cap.is_vspace_root = true;
    reply_ok(t);
    return;
  }
  reply_error(t, seL4_DeleteFirst);  // pool full
}

void VSpace::register_stats(StatsRegistry& st) {
  const uint64_t* n = &tlb_shootdowns_;
  st.add_counter("kernel.tlb_shootdowns", "ipis",
                 "remote TLB fences requested, one IPI per target hart (kernel.tlb.policy: every other hart, or "
                 "every other hart with an address space)", [n] { return *n; });
  const uint64_t* l = &tlb_local_fences_;
  st.add_counter("kernel.tlb_local_fences", "fences",
                 "full local sfence.vma executed by the kernel after a page-table change", [l] { return *l; });
}

}  // namespace uintrsim::kernel
