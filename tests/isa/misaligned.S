# Misaligned loads and stores across a page boundary.
#
# M-mode (bare): around the boundary B between two pages of a buffer, every ld/lw/lwu/lh/lhu
# that crosses B returns the little-endian composition of the bytes (read one by one with
# lbu), sign- or zero-extended; every sd/sw/sh that crosses B writes exactly its bytes.
# S-mode (Sv39): VA pages P and P+1 are mapped to physical pages in reverse order, so a
# crossing access must combine bytes of two non-adjacent physical pages; a crossing store
# whose second page is unmapped is a store page fault that leaves the first page unchanged,
# and a crossing load into an unmapped page is a load page fault.
#include "isa_test.h"

#define VA_P 0x40000000

  .text
  .globl test_main
test_main:
  addi sp, sp, -16
  sd ra, 0(sp)
  la s0, buf
  li t0, 4096
  add s0, s0, t0            # s0 = B, the page boundary inside buf
  # Fill [B-16, B+16) with distinct bytes 0x80.. (high bit set: exercises sign extension).
  addi t0, s0, -16
  li t1, 0x80
1:
  sb t1, 0(t0)
  addi t0, t0, 1
  addi t1, t1, 1
  li t2, 0xa0
  blt t1, t2, 1b

  # ---- loads: for every start address B-7 .. B-1
  li s1, 1
load_loop:
  sub s2, s0, s1            # s2 = address
  li a1, 8
  mv a0, s2
  call compose
  ld t0, 0(s2)
  CHECK_EQ t0, a0, 1
  li t3, 4
  bgtu s1, t3, 2f           # 4-byte loads: B-4 .. B-1 (those from B-3 on cross B)
  li a1, 4
  mv a0, s2
  call compose
  lwu t0, 0(s2)
  CHECK_EQ t0, a0, 2
  lw t0, 0(s2)
  addiw a0, a0, 0
  CHECK_EQ t0, a0, 3
2:
  li t3, 1
  bne s1, t3, 3f            # 2-byte loads cross B only at B-1
  li a1, 2
  mv a0, s2
  call compose
  lhu t0, 0(s2)
  CHECK_EQ t0, a0, 4
  lh t0, 0(s2)
  slli a0, a0, 48
  srai a0, a0, 48
  CHECK_EQ t0, a0, 5
3:
  addi s1, s1, 1
  li t3, 8
  blt s1, t3, load_loop

  # ---- stores: sd at B-k for k = 1..7; then the neighbours must be untouched.
  li s1, 1
  li s3, 0x0123456789abcdef
store_loop:
  sub s2, s0, s1
  li t0, 0x5a
  sb t0, -1(s2)             # sentinels
  sb t0, 8(s2)
  sd s3, 0(s2)
  mv a0, s2
  li a1, 8
  call compose
  CHECK_EQ a0, s3, 10
  lbu t0, -1(s2)
  CHECK_EQI t0, 0x5a, 11
  lbu t0, 8(s2)
  CHECK_EQI t0, 0x5a, 12
  addi s1, s1, 1
  li t3, 8
  blt s1, t3, store_loop
  # sw at B-3 .. B-1, sh at B-1
  li s1, 1
4:
  sub s2, s0, s1
  li t0, 0x5a
  sb t0, 4(s2)
  li t0, 0xcafef00d
  sw t0, 0(s2)
  mv a0, s2
  li a1, 4
  call compose
  li t0, 0xcafef00d
  CHECK_EQ a0, t0, 13
  lbu t0, 4(s2)
  CHECK_EQI t0, 0x5a, 14
  addi s1, s1, 1
  li t3, 4
  blt s1, t3, 4b
  addi s2, s0, -1
  li t0, 0x5a
  sb t0, 2(s2)
  li t0, 0xbeef
  sh t0, 0(s2)
  mv a0, s2
  li a1, 2
  call compose
  li t0, 0xbeef
  CHECK_EQ a0, t0, 15
  lbu t0, 2(s2)
  CHECK_EQI t0, 0x5a, 16
  # Misaligned within a page works too.
  addi s2, s0, -1000 + 3
  sd s3, 0(s2)
  ld t0, 0(s2)
  CHECK_EQ t0, s3, 17

  # ---- S-mode with Sv39
  la t0, m_trap_exit_on_ecall_s
  csrw mtvec, t0
  li t0, (1 << CAUSE_LOAD_PAGE_FAULT) | (1 << CAUSE_STORE_PAGE_FAULT)
  csrw medeleg, t0
  la t0, s_trap
  csrw stvec, t0
  la a0, root
  la a1, l1
  la a2, l0
  li t0, UINTRSIM_PTE_MAKE(0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
  sd t0, 0(a0)
  li t0, UINTRSIM_PTE_MAKE(0x80000000, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
  sd t0, 16(a0)
  srli t0, a1, UINTRSIM_SV39_PAGE_SHIFT
  slli t0, t0, UINTRSIM_PTE_PPN_SHIFT
  ori t0, t0, PTE_V
  sd t0, 8(a0)
  srli t0, a2, UINTRSIM_SV39_PAGE_SHIFT
  slli t0, t0, UINTRSIM_PTE_PPN_SHIFT
  ori t0, t0, PTE_V
  sd t0, 0(a1)
  # l0[0] (VA P) -> phys_hi, l0[1] (VA P+1) -> phys_lo: reversed order. l0[2] invalid.
  la t1, phys_hi
  srli t0, t1, UINTRSIM_SV39_PAGE_SHIFT
  slli t0, t0, UINTRSIM_PTE_PPN_SHIFT
  ori t0, t0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
  sd t0, 0(a2)
  la t1, phys_lo
  srli t0, t1, UINTRSIM_SV39_PAGE_SHIFT
  slli t0, t0, UINTRSIM_PTE_PPN_SHIFT
  ori t0, t0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
  sd t0, 8(a2)
  srli t0, a0, UINTRSIM_SV39_PAGE_SHIFT
  li t1, SATP_SV39
  or t0, t0, t1
  csrw satp, t0
  sfence.vma
  la a0, s_main
  j enter_s

s_main:
  li s6, 0
  li s0, VA_P + 4096        # the virtual boundary
  la s7, phys_hi            # backs VA P
  la s8, phys_lo            # backs VA P+1
  li t0, 4096
  add s9, s7, t0            # end of phys_hi
  # Physical bytes: last 4 of phys_hi = 11 22 33 44, first 4 of phys_lo = 55 66 77 88.
  li t0, 0x44332211
  sw t0, -4(s9)
  li t0, 0x88776655
  sw t0, 0(s8)
  ld t0, -4(s0)
  li t1, 0x8877665544332211
  CHECK_EQ t0, t1, 40
  lw t0, -2(s0)
  li t1, 0x66554433
  CHECK_EQ t0, t1, 41
  lhu t0, -1(s0)
  li t1, 0x5544
  CHECK_EQ t0, t1, 42
  # A crossing store writes both physical pages (and nothing next to them).
  li t0, 0x99
  sb t0, 5(s8)
  li t0, 0x0102030405060708
  sd t0, -3(s0)
  lbu t0, -3(s9)
  CHECK_EQI t0, 0x08, 43
  lbu t0, -1(s9)
  CHECK_EQI t0, 0x06, 44
  lbu t0, 0(s8)
  CHECK_EQI t0, 0x05, 45
  lbu t0, 4(s8)
  CHECK_EQI t0, 0x01, 46
  lbu t0, -4(s9)
  CHECK_EQI t0, 0x11, 47    # neighbour untouched
  lbu t0, 5(s8)
  CHECK_EQI t0, 0x99, 48    # neighbour untouched
  # A crossing store into the unmapped page P+2: store page fault, nothing written.
  li t0, 4096
  add s10, s0, t0           # s10 = VA P+2 (unmapped)
  li t0, 4096
  add s11, s8, t0           # end of phys_lo
  li t0, 0x5a5a5a5a
  sw t0, -4(s11)
  li s4, CAUSE_STORE_PAGE_FAULT
  addi s5, s10, -4          # the access starts here; stval may be any byte address of it
  la s2, 1f
  la s3, 2f
  li t0, -1
1:
  sd t0, -4(s10)
2:
  CHECK_EQI s6, 1, 49
  lw t0, -4(s11)
  li t1, 0x5a5a5a5a
  CHECK_EQ t0, t1, 50
  # A crossing load from it: load page fault, destination unchanged.
  li s4, CAUSE_LOAD_PAGE_FAULT
  addi s5, s10, -2
  la s2, 1f
  la s3, 2f
  li a1, 0x77
1:
  lw a1, -2(s10)
2:
  CHECK_EQI s6, 2, 51
  CHECK_EQI a1, 0x77, 52
  li a0, 0
  ecall

# S trap handler: scause = s4, sepc = s2, stval within the faulting access [s5, s5+7].
  .align 2
s_trap:
  csrr t0, scause
  bne t0, s4, unexpected_trap_s
  csrr t0, sepc
  CHECK_EQ t0, s2, 60
  csrr t0, stval
  CHECK_LEU s5, t0, 61
  addi t1, s5, 7
  CHECK_LEU t0, t1, 62
  addi s6, s6, 1
  li s4, -1
  csrw sepc, s3
  sret

# a0 = little-endian value of the a1 bytes at a0 (lbu one by one). Clobbers t0-t2.
compose:
  li t0, 0
  add a0, a0, a1
1:
  addi a0, a0, -1
  lbu t1, 0(a0)
  slli t0, t0, 8
  or t0, t0, t1
  addi a1, a1, -1
  bnez a1, 1b
  mv a0, t0
  ret

  .data
  .align 12
buf: .zero 8192
root: .zero 4096
l1: .zero 4096
l0: .zero 4096
phys_lo: .zero 4096
phys_hi: .zero 4096
