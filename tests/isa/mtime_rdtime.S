# mtime read through the CLINT (MMIO) and the time CSR (rdtime) are one clock as seen by a
# hart: 200 times, "ld mtime; rdtime" must give rdtime >= mtime, and "rdtime; ld mtime"
# must give mtime >= rdtime, each pair at most 2 ticks apart (20 cycles at the defaults,
# which covers the 10-cycle MMIO latency). Registered for both timing modes.
#include "isa_test.h"

  .text
  .globl test_main
test_main:
  li s1, CLINT_MTIME
  li s2, 200
1:
  ld t0, 0(s1)
  rdtime t1
  CHECK_LEU t0, t1, 1       # time must not go backwards: MMIO mtime, then rdtime
  sub t2, t1, t0
  CHECK_LEUI t2, 2, 2
  rdtime t0
  ld t1, 0(s1)
  CHECK_LEU t0, t1, 3       # rdtime, then MMIO mtime
  sub t2, t1, t0
  CHECK_LEUI t2, 2, 4
  # a few instructions of other work between samples, so they hit different phases of a tick
  andi t0, s2, 7
2:
  addi t0, t0, -1
  bgez t0, 2b
  addi s2, s2, -1
  bnez s2, 1b
  li a0, 0
  ret
