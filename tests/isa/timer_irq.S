# CLINT machine timer interrupt.
#
# Phase 1: mtimecmp = mtime + DELTA, mie.MTIE = mstatus.MIE = 1, wfi. The interrupt must
#   arrive (mcause = MTI, mepc just after the wfi), not before mtimecmp (rdtime >= mtimecmp
#   in the handler) and only a few ticks after it; writing mtimecmp = -1 clears mip.MTIP.
# Phase 2: the same while busy-looping instead of sleeping in wfi.
# Phase 3: mstatus.MIE = 0: wfi still wakes up when MTIP becomes pending, no trap is taken,
#   and rdtime is again within a few ticks of mtimecmp.
# Phase 4: a deadline already in the past raises MTIP at once.
#
# Registered for both timing modes (functional and inorder). 1 tick = 10 cycles at the
# default clock (100 MHz) and timebase (10 MHz).
#include "isa_test.h"

#define DELTA 500           /* ticks */
#define SLACK 3             /* ticks allowed between mtimecmp and the observing rdtime */

  .text
  .globl test_main
test_main:
  la t0, m_trap
  csrw mtvec, t0
  li s0, CLINT_MTIMECMP(0)
  li s1, CLINT_MTIME
  li s2, 0                  # timer interrupts taken
  li s4, 0                  # expected mepc of the next interrupt (0: any)
  # mtimecmp resets to "never"; MTIP is clear.
  ld t0, 0(s0)
  CHECK_EQI t0, -1, 1
  csrr t0, mip
  andi t0, t0, MIP_MTIP
  CHECK_EQI t0, 0, 2
  # Time advances (mtime and rdtime agreeing is tests/isa/mtime_rdtime.S).
  rdtime t1
  li t2, 20000
1:
  addi t2, t2, -1
  bnez t2, 1b
  rdtime t2
  sub t2, t2, t1
  li t3, 1000
  CHECK_LEU t3, t2, 5       # at least 20000 cycles = 2000 ticks have passed

  # ---- phase 1: sleep in wfi
  li t0, MIP_MTIP
  csrs mie, t0
  ld t0, 0(s1)
  addi s3, t0, DELTA        # s3 = deadline
  sd s3, 0(s0)
  la s4, 2f
  csrsi mstatus, MSTATUS_MIE
  wfi
2:
  csrci mstatus, MSTATUS_MIE
  CHECK_EQI s2, 1, 10

  # ---- phase 2: busy loop
  li s4, 0
  ld t0, 0(s1)
  addi s3, t0, DELTA
  sd s3, 0(s0)
  csrsi mstatus, MSTATUS_MIE
  li s7, 1000000            # (the handler clobbers t0-t2, t6)
3:
  addi s7, s7, -1
  beqz s7, 4f
  li t0, 1
  beq s2, t0, 3b            # spin until the handler has run
  j 5f
4:
  FAIL 11                   # no interrupt while spinning
5:
  csrci mstatus, MSTATUS_MIE
  CHECK_EQI s2, 2, 12

  # ---- phase 3: wfi with mstatus.MIE = 0 wakes up without a trap
  ld t0, 0(s1)
  addi s3, t0, DELTA
  sd s3, 0(s0)
  wfi
  rdtime t1
  CHECK_EQI s2, 2, 13       # no trap taken
  CHECK_LEU s3, t1, 14      # not woken early
  sub t2, t1, s3
  CHECK_LEUI t2, SLACK, 15  # nor late
  csrr t0, mip
  andi t0, t0, MIP_MTIP
  CHECK_EQI t0, MIP_MTIP, 16
  li t0, -1
  sd t0, 0(s0)
  csrr t0, mip
  andi t0, t0, MIP_MTIP
  CHECK_EQI t0, 0, 17

  # ---- phase 4: a deadline in the past is pending at once
  ld t0, 0(s1)
  addi t0, t0, -5
  sd t0, 0(s0)
  csrr t0, mip
  andi t0, t0, MIP_MTIP
  CHECK_EQI t0, MIP_MTIP, 18
  li t0, -1
  sd t0, 0(s0)
  li a0, 0
  ret

# Timer interrupt handler: check cause and timing, disarm the timer, count. Clobbers t0-t2, t6.
  .align 2
m_trap:
  rdtime t1
  csrr t0, mcause
  li t2, (1 << 63) | IRQ_MTI
  bne t0, t2, unexpected_trap_m
  CHECK_LEU s3, t1, 20      # not before the deadline
  sub t2, t1, s3
  CHECK_LEUI t2, SLACK, 21  # and within a few ticks of it
  beqz s4, 1f
  csrr t0, mepc
  CHECK_EQ t0, s4, 22
1:
  csrr t0, mip
  andi t0, t0, MIP_MTIP
  CHECK_EQI t0, MIP_MTIP, 23
  li t0, -1
  sd t0, 0(s0)              # disarm: MTIP drops
  csrr t0, mip
  andi t0, t0, MIP_MTIP
  CHECK_EQI t0, 0, 24
  addi s2, s2, 1
  mret
