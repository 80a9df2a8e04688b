# Self-modifying code made visible with fence.i (M-mode).
#
# 1. A function in .text has its first instruction (addi a0, zero, K) rewritten with a new
#    immediate, then fence.i, then it is called: it must return the new K. 40 times, so a
#    stale decoded instruction would show.
# 2. The same for an instruction that straddles a page boundary (rewritten halfword by
#    halfword, one half in each page).
# 3. Code generated into a data buffer: "addi a0, a0, K; ret" copied in, fence.i, called;
#    then rewritten with another K and called again.
#include "isa_test.h"

#define ADDI_A0_ZERO(k) (((k) << 20) | (10 << 7) | 0x13)   /* addi a0, zero, k */
#define ADDI_A0_A0(k) (((k) << 20) | (10 << 15) | (10 << 7) | 0x13)  /* addi a0, a0, k */
#define RET 0x00008067                                       /* jalr zero, 0(ra) */

  .text
  .globl test_main
test_main:
  addi sp, sp, -16
  sd ra, 0(sp)

  # ---- 1. patch a function in .text
  call patch_fn
  CHECK_EQI a0, 1, 1
  la s0, patch_fn
  li s1, 2
1:
  slli t0, s1, 20
  li t1, (10 << 7) | 0x13
  or t0, t0, t1
  sw t0, 0(s0)
  fence.i
  call patch_fn
  CHECK_EQ a0, s1, 2
  addi s1, s1, 1
  li t0, 42
  blt s1, t0, 1b

  # ---- 2. an instruction across a page boundary
  call straddle_fn
  CHECK_EQI a0, 7, 3
  la s0, straddle_fn
  li t0, ADDI_A0_ZERO(99)
  sh t0, 0(s0)
  srli t0, t0, 16
  sh t0, 2(s0)
  fence.i
  call straddle_fn
  CHECK_EQI a0, 99, 4
  li t0, ADDI_A0_ZERO(100)
  sh t0, 0(s0)
  srli t0, t0, 16
  sh t0, 2(s0)
  fence.i
  call straddle_fn
  CHECK_EQI a0, 100, 5

  # ---- 3. generated code in a data buffer
  la s0, code_buf
  li t0, ADDI_A0_A0(5)
  sw t0, 0(s0)
  li t0, RET
  sw t0, 4(s0)
  fence.i
  li a0, 10
  jalr s0
  CHECK_EQI a0, 15, 6
  li t0, ADDI_A0_A0(-3)
  sw t0, 0(s0)
  fence.i
  li a0, 10
  jalr s0
  CHECK_EQI a0, 7, 7
  # Replace the addi by a second ret-less sequence: addi; addi; ret.
  li t0, ADDI_A0_A0(100)
  sw t0, 0(s0)
  li t0, ADDI_A0_A0(20)
  sw t0, 4(s0)
  li t0, RET
  sw t0, 8(s0)
  fence.i
  li a0, 1
  jalr s0
  CHECK_EQI a0, 121, 8

  ld ra, 0(sp)
  addi sp, sp, 16
  li a0, 0
  ret

  .option push
  .option norvc
  .align 2
patch_fn:
  addi a0, zero, 1
  ret

  # straddle_fn's first instruction occupies the last 2 bytes of a page and the first 2 of
  # the next.
  .align 12
  .skip 4094
straddle_fn:
  addi a0, zero, 7
  ret
  .option pop

  .data
  .align 6
code_buf: .zero 64
