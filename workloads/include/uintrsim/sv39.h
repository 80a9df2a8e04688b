/*
 * Sv39 virtual memory (RISC-V privileged spec, "Sv39: Page-Based 39-bit Virtual-Memory
 * System"): page-table entry bits, PPN extraction, the VPN index of each level, page and
 * superpage sizes, satp. The one definition shared by the simulator's page walker
 * (sim/mem/sv39_walk.h, used by the hart), the kernel model, and guest programs and tests
 * (C and assembly: everything here is a #define).
 *
 *   host:   #include "workloads/include/uintrsim/sv39.h"
 *   guests: #include <uintrsim/sv39.h>
 *
 * Levels count as in the spec's walk: level 2 is the root table (1 GiB leaves), level 1
 * (2 MiB leaves), level 0 (4 KiB pages).
 */
#ifndef UINTRSIM_SV39_H
#define UINTRSIM_SV39_H

#include "u64.h"

/* ---- page-table entry: N b63, PBMT b62:61, reserved b60:54, PPN b53:10, RSW b9:8, flags ---- */
#define UINTRSIM_PTE_V 0x01  /* valid */
#define UINTRSIM_PTE_R 0x02  /* readable */
#define UINTRSIM_PTE_W 0x04  /* writable */
#define UINTRSIM_PTE_X 0x08  /* executable (R, W, X all clear: a pointer to the next table) */
#define UINTRSIM_PTE_U 0x10  /* user-accessible */
#define UINTRSIM_PTE_G 0x20  /* global */
#define UINTRSIM_PTE_A 0x40  /* accessed */
#define UINTRSIM_PTE_D 0x80  /* dirty */
#define UINTRSIM_PTE_RWX (UINTRSIM_PTE_R | UINTRSIM_PTE_W | UINTRSIM_PTE_X)
#define UINTRSIM_PTE_PPN_SHIFT 10
#define UINTRSIM_PTE_PPN_BITS 44
#define UINTRSIM_PTE_PPN_MASK ((UINTRSIM_U64(1) << UINTRSIM_PTE_PPN_BITS) - 1)
/* Bits 63:54 (N, PBMT and the reserved bits): this platform implements neither Svnapot nor
   Svpbmt, so a PTE with any of them set is invalid. */
#define UINTRSIM_PTE_HIGH_SHIFT 54
/* The physical page number, and the physical address it designates (the next table for a
   pointer, the page or superpage for a leaf). */
#define UINTRSIM_PTE_PPN(pte) (((pte) >> UINTRSIM_PTE_PPN_SHIFT) & UINTRSIM_PTE_PPN_MASK)
#define UINTRSIM_PTE_ADDR(pte) (UINTRSIM_PTE_PPN(pte) << UINTRSIM_SV39_PAGE_SHIFT)
/* A PTE for the page-aligned physical address `pa` with `flags` (pass a 64-bit `pa` in C). */
#define UINTRSIM_PTE_MAKE(pa, flags) ((((pa) >> UINTRSIM_SV39_PAGE_SHIFT) << UINTRSIM_PTE_PPN_SHIFT) | (flags))
#define UINTRSIM_PTE_POINTER(table_pa) UINTRSIM_PTE_MAKE(table_pa, UINTRSIM_PTE_V)

/* ---- virtual addresses and levels ------------------------------------------------------- */
#define UINTRSIM_SV39_LEVELS 3
#define UINTRSIM_SV39_VA_BITS 39
#define UINTRSIM_SV39_PAGE_SHIFT 12
#define UINTRSIM_SV39_VPN_BITS 9                 /* per level */
#define UINTRSIM_SV39_PTES_PER_TABLE 512
#define UINTRSIM_SV39_PTE_BYTES 8
#define UINTRSIM_SV39_TABLE_BYTES 4096
/* log2 of the size a leaf at `level` maps: 12 (4 KiB), 21 (2 MiB), 30 (1 GiB). */
#define UINTRSIM_SV39_LEVEL_SHIFT(level) (UINTRSIM_SV39_PAGE_SHIFT + UINTRSIM_SV39_VPN_BITS * (level))
#define UINTRSIM_SV39_PAGE_SIZE(level) (UINTRSIM_U64(1) << UINTRSIM_SV39_LEVEL_SHIFT(level))
#define UINTRSIM_SV39_PAGE_4K UINTRSIM_SV39_PAGE_SIZE(0)
#define UINTRSIM_SV39_PAGE_2M UINTRSIM_SV39_PAGE_SIZE(1)
#define UINTRSIM_SV39_PAGE_1G UINTRSIM_SV39_PAGE_SIZE(2)
/* VPN[level] of `va`: the index of its PTE in the table at `level`. */
#define UINTRSIM_SV39_VPN(va, level) \
  (((va) >> UINTRSIM_SV39_LEVEL_SHIFT(level)) & (UINTRSIM_SV39_PTES_PER_TABLE - 1))
/* The physical address of the PTE for `va` in the table at `table_pa` (level `level`). */
#define UINTRSIM_SV39_PTE_ADDR(table_pa, va, level) \
  ((table_pa) + UINTRSIM_SV39_VPN(va, level) * UINTRSIM_SV39_PTE_BYTES)

/* ---- satp: MODE b63:60, ASID b59:44, PPN b43:0 ------------------------------------------ */
#define UINTRSIM_SATP_MODE_SHIFT 60
#define UINTRSIM_SATP_MODE_SV39 (UINTRSIM_U64(8) << UINTRSIM_SATP_MODE_SHIFT)
#define UINTRSIM_SATP_ASID_SHIFT 44
#define UINTRSIM_SATP_PPN_MASK ((UINTRSIM_U64(1) << 44) - 1)
/* The root table's physical address. */
#define UINTRSIM_SATP_ROOT(satp) (((satp) & UINTRSIM_SATP_PPN_MASK) << UINTRSIM_SV39_PAGE_SHIFT)

#endif /* UINTRSIM_SV39_H */
