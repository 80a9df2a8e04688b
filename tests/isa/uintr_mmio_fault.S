# UINTC accesses other than aligned 8-byte ones are bus errors, which the hart takes as load
# (mcause 5) or store (mcause 7) access faults with mtval = the address: narrow loads and
# stores, unaligned 8-byte accesses, an access past the last entry, and the receiver
# instructions with suirs.index beyond the UINTC. Faulting loads leave rd alone, faulting
# stores leave the UINTC alone. From M-mode, then the same from U-mode (trapping to M).
#
# Hart 0 only (other harts park). The M trap handler records mcause (s2), mtval (s3), the
# mstatus after the trap (s7, for MPP), counts (s4) and returns past the instruction.
#include "uintr_test.h"

#define E 3
#define BAD_IDX 600  /* beyond the 512 entries */

# Executes nothing itself: checks that exactly one more trap happened, with cause \cause and
# mtval = \base + \off. Check codes \code .. \code+2.
.macro EXPECT_FAULT cause, base, off, code
  addi s5, s5, 1
  CHECK_EQ s4, s5, \code
  CHECK_EQI s2, \cause, \code + 1
  li t0, \off
  add t0, t0, \base
  CHECK_EQ s3, t0, \code + 2
.endm

  .text
  .globl test_main
test_main:
  bnez a0, park
  la t0, fault_handler
  csrw mtvec, t0
  li s0, UINTC_ENTRY(E)
  li s6, UINTC_ENTRY(UINTC_ENTRIES)
  li s4, 0
  li s5, 0
  .option push
  .option norvc
  # Aligned 8-byte accesses work.
  li t1, 0x42
  sd t1, UINTC_HIGH(s0)
  ld t2, UINTC_HIGH(s0)
  CHECK_EQI t2, 0x42, 1
  CHECK_EQI s4, 0, 2
  # Narrow and unaligned loads.
  li t1, 0x1234
  lw t1, UINTC_HIGH(s0)
  EXPECT_FAULT CAUSE_LOAD_ACCESS, s0, UINTC_HIGH, 10
  lwu t1, UINTC_LOW(s0)
  EXPECT_FAULT CAUSE_LOAD_ACCESS, s0, UINTC_LOW, 13
  lh t1, UINTC_ACTIVE(s0)
  EXPECT_FAULT CAUSE_LOAD_ACCESS, s0, UINTC_ACTIVE, 16
  lbu t1, UINTC_SEND(s0)
  EXPECT_FAULT CAUSE_LOAD_ACCESS, s0, UINTC_SEND, 19
  ld t1, 4(s0)
  EXPECT_FAULT CAUSE_LOAD_ACCESS, s0, 4, 22
  ld t1, UINTC_HIGH + 2(s0)
  EXPECT_FAULT CAUSE_LOAD_ACCESS, s0, UINTC_HIGH + 2, 25
  CHECK_EQI t1, 0x1234, 28        # rd untouched by the faulting loads
  # Narrow and unaligned stores.
  li t1, 0xff
  sw t1, UINTC_SEND(s0)
  EXPECT_FAULT CAUSE_STORE_ACCESS, s0, UINTC_SEND, 30
  sh t1, UINTC_HIGH(s0)
  EXPECT_FAULT CAUSE_STORE_ACCESS, s0, UINTC_HIGH, 33
  sb t1, UINTC_ACTIVE(s0)
  EXPECT_FAULT CAUSE_STORE_ACCESS, s0, UINTC_ACTIVE, 36
  sd t1, 0xc(s0)
  EXPECT_FAULT CAUSE_STORE_ACCESS, s0, 0xc, 39
  # Past the last entry.
  ld t1, 0(s6)
  EXPECT_FAULT CAUSE_LOAD_ACCESS, s6, 0, 42
  sd t1, UINTC_HIGH(s6)
  EXPECT_FAULT CAUSE_STORE_ACCESS, s6, UINTC_HIGH, 45
  # The faulting stores changed nothing; nor did the faulting loads consume anything.
  ld t1, UINTC_HIGH(s0)
  CHECK_EQI t1, 0, 48             # (cleared by the read above; no SEND/WRITE_HIGH landed)
  ld t1, UINTC_LOW(s0)
  CHECK_EQI t1, 0, 49
  ld t1, UINTC_ACTIVE(s0)
  CHECK_EQI t1, 0, 50
  CHECK_EQ s4, s5, 51
  # Receiver instructions with suirs.index beyond the UINTC.
  li t0, SUIRS_EN | BAD_IDX
  csrw CSR_SUIRS, t0
  li s8, UINTC_ENTRY(BAD_IDX)
  li t1, 0x5678
  UIPI_READ t1
  EXPECT_FAULT CAUSE_LOAD_ACCESS, s8, UINTC_HIGH, 52
  CHECK_EQI t1, 0x5678, 55
  UIPI_WRITE t1
  EXPECT_FAULT CAUSE_STORE_ACCESS, s8, UINTC_HIGH, 56
  UIPI_ACTIVATE
  EXPECT_FAULT CAUSE_STORE_ACCESS, s8, UINTC_ACTIVE, 59
  UIPI_DEACTIVATE
  EXPECT_FAULT CAUSE_STORE_ACCESS, s8, UINTC_ACTIVE, 62
  .option pop
  # The same kind of accesses from U-mode.
  li t0, MSTATUS_MPP
  csrc mstatus, t0
  la t0, user
  csrw mepc, t0
  mret

user:
  .option push
  .option norvc
  lw t1, UINTC_HIGH(s0)
  EXPECT_FAULT CAUSE_LOAD_ACCESS, s0, UINTC_HIGH, 70
  li t0, MSTATUS_MPP
  and t0, s7, t0
  CHECK_EQI t0, 0, 73             # taken from U
  ld t1, 0xc(s0)
  EXPECT_FAULT CAUSE_LOAD_ACCESS, s0, 0xc, 74
  sw t1, UINTC_LOW(s0)
  EXPECT_FAULT CAUSE_STORE_ACCESS, s0, UINTC_LOW, 77
  sd t1, UINTC_LOW + 4(s0)
  EXPECT_FAULT CAUSE_STORE_ACCESS, s0, UINTC_LOW + 4, 80
  UIPI_READ t1
  EXPECT_FAULT CAUSE_LOAD_ACCESS, s8, UINTC_HIGH, 83
  UIPI_ACTIVATE
  EXPECT_FAULT CAUSE_STORE_ACCESS, s8, UINTC_ACTIVE, 86
  # Aligned 8-byte accesses work from U too.
  ld t1, UINTC_LOW(s0)
  CHECK_EQI t1, 0, 89
  CHECK_EQ s4, s5, 90
  .option pop
  la a0, msg
  call puts
  j pass

  .align 2
fault_handler:
  csrr s2, mcause
  csrr s3, mtval
  csrr s7, mstatus
  addi s4, s4, 1
  bltz s2, 1f                     # an interrupt: not expected
  csrr t6, mepc
  addi t6, t6, 4
  csrw mepc, t6
  mret
1:
  j unexpected_trap_m

  .section .rodata
msg: .asciz "uintr_mmio_fault: narrow/unaligned UINTC accesses fault with mcause 5/7\n"
