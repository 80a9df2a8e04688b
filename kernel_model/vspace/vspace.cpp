// Virtual address spaces (seL4 RISC-V, Sv39): page tables and frames are real guest memory;
// mapping writes PTEs that the hart's MMU walks. Frame (Map, Unmap, GetAddress),
// PageTable (Map, Unmap) and ASID pool (Assign) invocations.
#include "kernel_model/kernel.h"
#include "sim/stats/stats_registry.h"

namespace uintrsim::kernel {

namespace {
constexpr uint64_t kUserTop = 1ull << (UINTRSIM_SV39_VA_BITS - 1);  // Sv39 lower half: user addresses
}  // namespace

uint64_t Kernel::vspace_root(uint64_t asid) const {
  auto it = asid_to_vspace_.find(asid);
  return it == asid_to_vspace_.end() ? 0 : it->second;
}

// Page-table words are read and written through the memory system, and in RAM only: a
// guest-built table that points at a device must not turn a kernel walk into a device access.
bool Kernel::in_ram(uint64_t pa, uint64_t len) const {
  return pa >= info_.ram_base && pa - info_.ram_base <= info_.ram_size && len <= info_.ram_size - (pa - info_.ram_base);
}

bool Kernel::read_pte(uint64_t pa, uint64_t& pte) {
  pte = 0;
  return in_ram(pa, 8) && mem().phys_read(pa, &pte, 8);
}

void Kernel::write_pte(uint64_t pa, uint64_t pte) {
  if (in_ram(pa, 8)) mem().phys_write(pa, &pte, 8);
}

// After a mapping is removed: a local sfence.vma, and a shootdown (IPI + remote fence) to
// every other hart that has an address space loaded (an idle hart that never ran user code
// holds no user translations; seL4 likewise only fences cores that may cache them).
void Kernel::flush_all_harts_tlbs(KernelPort& h) {
  h.flush_tlb();
  for (unsigned i = 0; i < ports_.size(); ++i) {
    if (i == h.hartid() || !cores_[i].active_vspace) continue;
    h.shootdown_tlb(i, p_.cost.tlb_shootdown_remote);
    h.charge(p_.cost.tlb_shootdown);
    ++stats_.tlb_shootdowns;
  }
}

sv39::WalkResult Kernel::walk(uint64_t root, uint64_t vaddr, int stop_level) {
  return sv39::walk(root, vaddr, [this](uint64_t pa, uint64_t* pte) { return read_pte(pa, *pte); }, stop_level);
}

bool Kernel::unmap_pte(uint64_t root, uint64_t vaddr, uint64_t target, bool leaf) {
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

void Kernel::invoke_frame(KernelPort& h, Tcb* t, Slot* s, seL4_MessageInfo_t info) {
  Cap& c = s->cap;
  switch (seL4_MessageInfo_get_label(info)) {
    case RISCVPageMap: {
      count(Path::kPageMap);
      h.charge(p_.cost.page_map);
      if (seL4_MessageInfo_get_length(info) < 3 || seL4_MessageInfo_get_extraCaps(info) < 1) {
        reply_error(t, seL4_TruncatedMessage);
        return;
      }
      const uint64_t vaddr = get_mr(h, t, 0), rights = get_mr(h, t, 1), attr = get_mr(h, t, 2);
      Slot* vs = extra_cap(h, t, 0, info);
      if (!vs || vs->cap.type != CapType::kPageTable || !vs->cap.is_vspace_root || !vs->cap.mapped_asid) {
        reply_error(t, seL4_InvalidCapability, {1});
        return;
      }
      const uint64_t asid = vs->cap.mapped_asid;
      const uint64_t root = vspace_root(asid);
      if (root != vs->cap.obj) { reply_error(t, seL4_FailedLookup, {0}); return; }
      const uint64_t size = 1ull << c.size_bits;
      if (vaddr >= kUserTop || size > kUserTop - vaddr) { reply_error(t, seL4_InvalidArgument, {0}); return; }
      if (vaddr & (size - 1)) { reply_error(t, seL4_AlignmentError); return; }
      if (c.mapped_asid && (c.mapped_asid != asid || c.mapped_vaddr != vaddr)) {
        reply_error(t, seL4_InvalidArgument, {0});  // already mapped elsewhere
        return;
      }
      const int level = c.size_bits == 12 ? 0 : c.size_bits == 21 ? 1 : 2;
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
      if (remap) flush_all_harts_tlbs(h);
      reply_ok(t);
      return;
    }
    case RISCVPageUnmap: {
      count(Path::kPageUnmap);
      h.charge(p_.cost.page_unmap);
      if (c.mapped_asid) {
        const uint64_t root = vspace_root(c.mapped_asid);
        const int level = c.size_bits == 12 ? 0 : c.size_bits == 21 ? 1 : 2;
        if (root) {
          const sv39::WalkResult w = walk(root, c.mapped_vaddr, level);
          touch(h, w.pte_pa & ~63ull, 64, true);
          if (w.level == level && w.kind != sv39::PteKind::kUnreadable && (w.pte & kPteV) &&
              UINTRSIM_PTE_ADDR(w.pte) == c.obj)
            write_pte(w.pte_pa, 0);
        }
        c.mapped_asid = 0;
        c.mapped_vaddr = 0;
        flush_all_harts_tlbs(h);
      }
      reply_ok(t);
      return;
    }
    case RISCVPageGetAddress:
      count(Path::kPageGetAddress);
      h.charge(p_.cost.page_get_address);
      reply_ok(t, {c.obj});
      return;
    default:
      reply_error(t, seL4_IllegalOperation);
  }
}

void Kernel::invoke_page_table(KernelPort& h, Tcb* t, Slot* s, seL4_MessageInfo_t info) {
  Cap& c = s->cap;
  switch (seL4_MessageInfo_get_label(info)) {
    case RISCVPageTableMap: {
      count(Path::kPageTableMap);
      h.charge(p_.cost.page_table_map);
      if (seL4_MessageInfo_get_length(info) < 2 || seL4_MessageInfo_get_extraCaps(info) < 1) {
        reply_error(t, seL4_TruncatedMessage);
        return;
      }
      if (c.mapped_asid || c.is_vspace_root) { reply_error(t, seL4_InvalidCapability, {0}); return; }
      const uint64_t vaddr = get_mr(h, t, 0);
      Slot* vs = extra_cap(h, t, 0, info);
      if (!vs || vs->cap.type != CapType::kPageTable || !vs->cap.is_vspace_root || !vs->cap.mapped_asid) {
        reply_error(t, seL4_InvalidCapability, {1});
        return;
      }
      if (vaddr >= kUserTop) { reply_error(t, seL4_InvalidArgument, {0}); return; }
      const uint64_t root = vspace_root(vs->cap.mapped_asid);
      if (root != vs->cap.obj) { reply_error(t, seL4_FailedLookup, {0}); return; }
      const sv39::WalkResult w = walk(root, vaddr, 0);
      touch(h, w.pte_pa & ~63ull, 64, true);
      if (w.level == 0 || (w.pte & kPteV)) { reply_error(t, seL4_DeleteFirst); return; }
      write_pte(w.pte_pa, UINTRSIM_PTE_POINTER(c.obj));
      c.mapped_asid = vs->cap.mapped_asid;
      c.mapped_vaddr = vaddr & ~((1ull << (12 + 9 * (w.level))) - 1);
      reply_ok(t);
      return;
    }
    case RISCVPageTableUnmap: {
      count(Path::kPageTableUnmap);
      h.charge(p_.cost.page_table_unmap);
      if (c.is_vspace_root) { reply_error(t, seL4_RevokeFirst); return; }
      if (c.mapped_asid) {
        const uint64_t root = vspace_root(c.mapped_asid);
        if (root) unmap_pte(root, c.mapped_vaddr, c.obj, /*leaf=*/false);
        c.mapped_asid = 0;
        c.mapped_vaddr = 0;
        zero_memory(&h, c.obj, 4096);  // seL4 clears an unmapped page table
        flush_all_harts_tlbs(h);
      }
      reply_ok(t);
      return;
    }
    default:
      reply_error(t, seL4_IllegalOperation);
  }
}

void Kernel::invoke_asid_pool(KernelPort& h, Tcb* t, Slot* s, seL4_MessageInfo_t info) {
  count(Path::kAsidAssign);
  h.charge(p_.cost.asid_assign);
  if (seL4_MessageInfo_get_label(info) != RISCVASIDPoolAssign) { reply_error(t, seL4_IllegalOperation); return; }
  Slot* vs = extra_cap(h, t, 0, info);
  if (!vs || vs->cap.type != CapType::kPageTable || vs->cap.mapped_asid) {
    reply_error(t, seL4_InvalidCapability, {1});
    return;
  }
  AsidPool* pool = asid_pool_at(s->cap.obj);
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

void Kernel::register_vspace_stats(StatsRegistry& st) {
  KernelStats* s = &stats_;
  st.add_counter("kernel.tlb_shootdowns", "ipis", "remote TLB shootdowns sent (one IPI per other hart with an address space)",
                 [s] { return s->tlb_shootdowns; });
}

}  // namespace uintrsim::kernel
