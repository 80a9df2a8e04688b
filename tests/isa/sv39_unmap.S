# Sv39 in S-mode: map, touch, unmap, fault.
#
# M delegates page faults (12, 13, 15) to S and enters S with satp = Sv39 over these tables:
#   VA 0x00000000 (1 GiB)  identity, RW   (CLINT, sim-control)
#   VA 0x80000000 (1 GiB)  identity, RWX  (program, data, tables, tohost)
#   VA 0x40000000 (4 KiB)  -> page_a, RW
#   VA 0x40001000 (4 KiB)  -> page_c, read-only
# S stores through VA 0x40000000 and finds the value in page_a (read through the identity
# map); clears the PTE and executes sfence.vma for that page; a load through the VA is then
# a load page fault (scause 13) delegated to S, with stval = the VA and sepc = the load, and
# the destination register is unchanged; a store is a store page fault (15). Mapping the VA
# to page_b (plus sfence.vma) shows page_b's data. A store to the read-only page is a store
# page fault. S finishes with an ecall to M (not delegated).
#
# Registers for the S handler: s2 = expected sepc, s3 = resume address, s4 = expected
# scause, s5 = expected stval, s6 = faults taken.
#include "isa_test.h"

#define VA_A 0x40000000
#define VA_RO 0x40001000

  .text
  .globl test_main
test_main:
  la t0, m_trap_exit_on_ecall_s
  csrw mtvec, t0
  li t0, (1 << CAUSE_INSN_PAGE_FAULT) | (1 << CAUSE_LOAD_PAGE_FAULT) | (1 << CAUSE_STORE_PAGE_FAULT)
  csrw medeleg, t0
  la t0, s_trap
  csrw stvec, t0
  # Build the page tables (all in the identity-mapped gigapage, so S can edit them).
  la a0, root
  la a1, l1
  la a2, l0
  # root[0]: identity gigapage at 0, RW (devices)
  li t0, UINTRSIM_PTE_MAKE(0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
  sd t0, 0(a0)
  # root[2]: identity gigapage at 0x80000000, RWX
  li t0, UINTRSIM_PTE_MAKE(0x80000000, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
  sd t0, 16(a0)
  # root[1] -> l1; l1[0] -> l0
  srli t0, a1, UINTRSIM_SV39_PAGE_SHIFT
  slli t0, t0, UINTRSIM_PTE_PPN_SHIFT
  ori t0, t0, PTE_V
  sd t0, 8(a0)
  srli t0, a2, UINTRSIM_SV39_PAGE_SHIFT
  slli t0, t0, UINTRSIM_PTE_PPN_SHIFT
  ori t0, t0, PTE_V
  sd t0, 0(a1)
  # l0[0] -> page_a (RW), l0[1] -> page_c (R)
  la t1, page_a
  srli t0, t1, UINTRSIM_SV39_PAGE_SHIFT
  slli t0, t0, UINTRSIM_PTE_PPN_SHIFT
  ori t0, t0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
  sd t0, 0(a2)
  la t1, page_c
  srli t0, t1, UINTRSIM_SV39_PAGE_SHIFT
  slli t0, t0, UINTRSIM_PTE_PPN_SHIFT
  ori t0, t0, PTE_V | PTE_R | PTE_A
  sd t0, 8(a2)
  # satp = Sv39 | root PPN
  srli t0, a0, UINTRSIM_SV39_PAGE_SHIFT
  li t1, SATP_SV39
  or t0, t0, t1
  csrw satp, t0
  sfence.vma
  la a0, s_main
  j enter_s

# ---------------------------------------------------------------- S-mode
s_main:
  li s6, 0
  li s0, VA_A
  la s1, page_a             # physical = identity VA
  # 1. map and touch: the store lands in page_a.
  li t0, 0x1122334455667788
  sd t0, 8(s0)
  ld t1, 8(s1)
  CHECK_EQ t0, t1, 1
  ld t1, 8(s0)
  CHECK_EQ t0, t1, 2
  li t0, 0x55
  li t2, 4095
  add t3, s1, t2
  sb t0, 0(t3)              # and the other way round, at the page's last byte
  add t3, s0, t2
  lbu t1, 0(t3)
  CHECK_EQI t1, 0x55, 3

  # 2. unmap: clear the PTE, sfence.vma for this page only.
  la t0, l0
  sd zero, 0(t0)
  sfence.vma s0, zero

  # 3. load -> load page fault, delegated to S.
  li s4, CAUSE_LOAD_PAGE_FAULT
  addi s5, s0, 16
  la s2, 1f
  la s3, 2f
  li a1, 0x77
1:
  ld a1, 16(s0)
2:
  CHECK_EQI s6, 1, 4
  CHECK_EQI a1, 0x77, 5     # the faulting load did not write its destination

  # 4. store -> store page fault; memory unchanged.
  li s4, CAUSE_STORE_PAGE_FAULT
  addi s5, s0, 8
  la s2, 1f
  la s3, 2f
  li t0, -1
1:
  sd t0, 8(s0)
2:
  CHECK_EQI s6, 2, 6
  ld t1, 8(s1)
  li t0, 0x1122334455667788
  CHECK_EQ t0, t1, 7

  # 5. remap the VA to page_b: the old translation is gone after sfence.vma.
  la t1, page_b
  li t0, 0xabcdef
  sd t0, 24(t1)
  srli t0, t1, UINTRSIM_SV39_PAGE_SHIFT
  slli t0, t0, UINTRSIM_PTE_PPN_SHIFT
  ori t0, t0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
  la t1, l0
  sd t0, 0(t1)
  sfence.vma s0, zero
  ld t1, 24(s0)
  CHECK_EQI t1, 0xabcdef, 8

  # 6. read-only page: loads work, a store faults.
  li s0, VA_RO
  la t1, page_c
  li t0, 0x3344
  sd t0, 0(t1)
  ld t1, 0(s0)
  CHECK_EQI t1, 0x3344, 9
  li s4, CAUSE_STORE_PAGE_FAULT
  addi s5, s0, 32
  la s2, 1f
  la s3, 2f
1:
  sw t1, 32(s0)
2:
  CHECK_EQI s6, 3, 10

  # 7. an address outside the mapped range: load page fault too (l1[1] is invalid).
  li s0, 0x40200000
  li s4, CAUSE_LOAD_PAGE_FAULT
  mv s5, s0
  la s2, 1f
  la s3, 2f
1:
  lw t1, 0(s0)
2:
  CHECK_EQI s6, 4, 11

  li a0, 0
  ecall                     # to M: exit with a0

# ---------------------------------------------------------------- S trap handler
  .align 2
s_trap:
  csrr t0, scause
  bne t0, s4, unexpected_trap_s
  csrr t0, stval
  CHECK_EQ t0, s5, 30
  csrr t0, sepc
  CHECK_EQ t0, s2, 31
  csrr t0, sstatus
  andi t0, t0, MSTATUS_SPP
  CHECK_EQI t0, MSTATUS_SPP, 32
  addi s6, s6, 1
  li s4, -1                 # one fault per announcement
  csrw sepc, s3
  sret

  .data
  .align 12
root: .zero 4096
l1: .zero 4096
l0: .zero 4096
page_a: .zero 4096
page_b: .zero 4096
page_c: .zero 4096
