# Inter-hart software interrupt through the CLINT (run with platform.harts=2).
#
# Hart 1 enables mie.MSIE and mstatus.MIE, announces that it is ready and sleeps in wfi.
# Hart 0 writes hart 1's msip; hart 1 takes the machine software interrupt (mcause = MSI,
# mepc = the instruction after its wfi, mip.MSIP set), acknowledges by clearing its own msip
# (mip.MSIP drops) and bumping a flag. Hart 0 waits for the flag and checks that msip reads 0
# again and that its own msip was never raised. Done twice.
#include "isa_test.h"

#define ROUNDS 2

  .text
  .globl test_main
test_main:
  bnez a0, hart1

# ---------------------------------------------------------------- hart 0
  li s0, CLINT_MSIP(1)
  la s1, ready
  la s2, acks
  li s3, 0                  # rounds done
  # Wait until hart 1 is ready (bounded).
  li t2, 10000000
1:
  ld t0, 0(s1)
  bnez t0, 2f
  addi t2, t2, -1
  bnez t2, 1b
  FAIL 1
2:
  lw t0, 0(s0)
  CHECK_EQI t0, 0, 2        # msip starts clear
next_round:
  # Give hart 1 time to fall asleep in wfi.
  li t2, 5000
3:
  addi t2, t2, -1
  bnez t2, 3b
  li t0, 1
  sw t0, 0(s0)              # raise hart 1's software interrupt
  addi s3, s3, 1
  li t2, 10000000
4:
  ld t0, 0(s2)
  beq t0, s3, 5f
  addi t2, t2, -1
  bnez t2, 4b
  FAIL 3                    # no acknowledgement
5:
  lw t0, 0(s0)
  CHECK_EQI t0, 0, 4        # hart 1 cleared its msip
  csrr t0, mip
  andi t0, t0, MIP_MSIP
  CHECK_EQI t0, 0, 5        # hart 0's own msip was not raised
  lw t0, -4(s0)             # (msip of hart 0, read through the CLINT)
  CHECK_EQI t0, 0, 6
  li t0, ROUNDS
  blt s3, t0, next_round
  li t0, ROUNDS
  ld t1, 0(s2)
  CHECK_EQ t0, t1, 7
  li a0, 0
  ret

# ---------------------------------------------------------------- hart 1
hart1:
  la t0, h1_trap
  csrw mtvec, t0
  li t0, MIP_MSIP
  csrs mie, t0
  csrsi mstatus, MSTATUS_MIE
  la t0, ready
  li t1, 1
  sd t1, 0(t0)
h1_sleep:
  wfi
h1_after_wfi:
  j h1_sleep

  .align 2
h1_trap:
  csrr t0, mcause
  li t1, (1 << 63) | IRQ_MSI
  bne t0, t1, unexpected_trap_m
  csrr t0, mepc
  la t1, h1_after_wfi
  CHECK_EQ t0, t1, 20       # interrupted while asleep in wfi
  csrr t0, mip
  andi t0, t0, MIP_MSIP
  CHECK_EQI t0, MIP_MSIP, 21
  li t0, CLINT_MSIP(1)
  lw t1, 0(t0)
  CHECK_EQI t1, 1, 22
  sw zero, 0(t0)            # acknowledge: clear our msip
  csrr t0, mip
  andi t0, t0, MIP_MSIP
  CHECK_EQI t0, 0, 23
  la t0, acks
  ld t1, 0(t0)
  addi t1, t1, 1
  sd t1, 0(t0)
  mret

  .data
  .align 6
ready: .dword 0
  .align 6
acks: .dword 0
