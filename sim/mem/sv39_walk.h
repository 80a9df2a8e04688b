// The Sv39 page-table walk (privileged spec "Virtual Address Translation Process", Sv39),
// header-only and free of SystemC so that the hart (sim/hart/hart_memory.cpp) and the kernel
// model walk tables the same way. The walk only reads and classifies PTEs; what a result
// means is the caller's: the hart turns it into page or access faults, checks permissions,
// updates A/D and charges each PTE read to its D-cache (inside `read_pte`); the kernel model
// looks up the slot it is about to change.
//
//   sv39::WalkResult r = sv39::walk(root_pa, va, [&](uint64_t pte_pa, uint64_t* pte) {
//     return read_8_bytes(pte_pa, pte);   // false: the PTE cannot be read
//   });
//
// Classification of each PTE read, in the spec's order:
//   kInvalid  V clear; W set without R; any of bits 63:54 set (no Svnapot, no Svpbmt here);
//             or a pointer with A, D or U set (reserved on non-leaf PTEs: this platform
//             raises a page fault, as Spike does)
//   kLeaf     R or X set
//   kPointer  V set, R W X clear: the walk descends, unless this is level 0 or `stop_level`
// A leaf above level 0 whose PPN is not aligned to its size (a misaligned superpage) is
// still reported as kLeaf: the spec makes it a page fault, but a caller that only looks
// entries up (the kernel model) wants to see it; use misaligned_superpage(), as the hart does.
#pragma once
#include <cstdint>

#include "workloads/include/uintrsim/sv39.h"

namespace uintrsim::sv39 {

constexpr int kLevels = UINTRSIM_SV39_LEVELS;
constexpr int kRootLevel = kLevels - 1;

enum class PteKind { kLeaf, kPointer, kInvalid, kUnreadable };

// The PTE the walk ended at.
struct WalkResult {
  PteKind kind = PteKind::kUnreadable;
  uint64_t pte_pa = 0;  // its physical address
  uint64_t pte = 0;     // its value (0 if it could not be read)
  int level = kRootLevel;  // its level: 2 (root table) .. 0

  bool leaf() const { return kind == PteKind::kLeaf; }
  uint64_t ppn() const { return UINTRSIM_PTE_PPN(pte); }
  // The size a leaf at this level maps (4 KiB, 2 MiB, 1 GiB).
  uint64_t page_size() const { return UINTRSIM_SV39_PAGE_SIZE(level); }
  // The physical address `va` translates to through this leaf (meaningful for an aligned leaf).
  uint64_t pa(uint64_t va) const { return UINTRSIM_PTE_ADDR(pte) + (va & (page_size() - 1)); }
};

inline constexpr PteKind classify(uint64_t pte) {
  if (!(pte & UINTRSIM_PTE_V) || (!(pte & UINTRSIM_PTE_R) && (pte & UINTRSIM_PTE_W)) ||
      (pte >> UINTRSIM_PTE_HIGH_SHIFT) != 0)
    return PteKind::kInvalid;
  if (pte & (UINTRSIM_PTE_R | UINTRSIM_PTE_X)) return PteKind::kLeaf;
  if (pte & (UINTRSIM_PTE_A | UINTRSIM_PTE_D | UINTRSIM_PTE_U)) return PteKind::kInvalid;
  return PteKind::kPointer;
}

// Whether a leaf PTE at `level` is a misaligned superpage (its PPN's low 9*level bits set).
inline constexpr bool misaligned_superpage(uint64_t pte, int level) {
  return (UINTRSIM_PTE_PPN(pte) & ((uint64_t(1) << (UINTRSIM_SV39_VPN_BITS * level)) - 1)) != 0;
}

// Walks from the root table at physical address `root_pa` towards `va` (only its bits 38:12
// are used: canonical-address checks are the caller's), reading each PTE with
// `read_pte(uint64_t pte_pa, uint64_t* pte) -> bool` (false: unreadable, the walk stops
// there). Stops at the first leaf, invalid or unreadable PTE, or at the PTE of level
// `stop_level` (2..0) whatever it holds; a pointer is returned only at `stop_level` (with
// stop_level 0, a pointer at level 0 is the spec's "no leaf" page fault).
template <typename ReadPte>
WalkResult walk(uint64_t root_pa, uint64_t va, ReadPte&& read_pte, int stop_level = 0) {
  WalkResult r;
  uint64_t table = root_pa;
  for (int level = kRootLevel;; --level) {
    r.level = level;
    r.pte_pa = UINTRSIM_SV39_PTE_ADDR(table, va, level);
    uint64_t pte = 0;
    if (!read_pte(r.pte_pa, &pte)) {
      r.kind = PteKind::kUnreadable;
      r.pte = 0;
      return r;
    }
    r.pte = pte;
    r.kind = classify(pte);
    if (r.kind != PteKind::kPointer || level <= stop_level || level == 0) return r;
    table = UINTRSIM_PTE_ADDR(pte);
  }
}

}  // namespace uintrsim::sv39
