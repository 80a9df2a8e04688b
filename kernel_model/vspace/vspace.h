// Virtual address spaces (seL4 RISC-V, Sv39): page tables and frames are real guest memory;
// mapping writes PTEs that the hart's MMU walks. The ASID table, the address space loaded on
// each hart, TLB shootdowns, and the Frame / PageTable / ASID-pool invocations.
#pragma once
#include <map>
#include <vector>

#include "kernel_model/api/invocation.h"
#include "kernel_model/kernel/part.h"
#include "sim/mem/sv39_walk.h"

namespace uintrsim::kernel {

class VSpace : public Part {
 public:
  VSpace(Kernel& k, unsigned cores);

  // Page-table words, through the memory system and in RAM only: a guest-built table that
  // points at a device must not turn a kernel walk into a device access.
  bool read_pte(uint64_t pa, uint64_t& pte);
  void write_pte(uint64_t pa, uint64_t pte);
  // The shared Sv39 walker (sim/mem/sv39_walk.h) over the kernel's page-table reads.
  sv39::WalkResult walk(uint64_t root, uint64_t vaddr, int stop_level = 0);
  // Clears the PTE on the path to `vaddr` that maps `target` (a leaf for a frame, a pointer
  // for a page table); returns whether one was found.
  bool unmap_pte(uint64_t root, uint64_t vaddr, uint64_t target, bool leaf);
  // Translates a user virtual address of `t` for a kernel access of `len` bytes (not
  // crossing a page); 0 when it is not mapped user-accessible with the needed right.
  uint64_t user_pa(Tcb* t, uint64_t vaddr, uint64_t len, bool write);

  // The root page table of an ASID (0: none); binding and releasing ASIDs.
  uint64_t root_of(uint64_t asid) const;
  void bind_asid(uint64_t asid, uint64_t root) { asid_to_vspace_[asid] = root; }
  void release_asid(uint64_t asid);

  // Hart `h` is about to run `next`: its VSpace goes into satp (if not loaded already).
  void switch_to(KernelPort& h, Tcb* next);
  // TLB maintenance after a page-table change (kernel.tlb.policy): `removed` says a mapping
  // went away (unmap, remap, delete) rather than one was added.
  //   sbi_broadcast: a full local sfence.vma on every map and unmap and, with more than one
  //     hart, an SBI remote_sfence_vma to every other hart (ReL4 4c56b93 SMP build);
  //   active_harts: only when a mapping is removed, a local fence and an IPI to every other
  //     hart with an address space loaded (seL4's own targeted shootdown).
  void fence_after_change(KernelPort& h, bool removed);

  // invocations
  void page_map(const Invocation& inv);
  void page_unmap(const Invocation& inv);
  void page_get_address(const Invocation& inv);
  void page_table_map(const Invocation& inv);
  void page_table_unmap(const Invocation& inv);
  void asid_pool_assign(const Invocation& inv);

  void register_stats(StatsRegistry& st);
  uint64_t tlb_shootdowns() const { return tlb_shootdowns_; }
  uint64_t tlb_local_fences() const { return tlb_local_fences_; }

 private:
  std::map<uint64_t, uint64_t> asid_to_vspace_;  // asid -> root page table pa
  std::vector<uint64_t> active_;                 // per hart: the root page table in satp (0: none yet)
  uint64_t tlb_shootdowns_ = 0;    // remote fences requested, one per target hart
  uint64_t tlb_local_fences_ = 0;  // full local sfence.vma by the kernel
};

}  // namespace uintrsim::kernel
