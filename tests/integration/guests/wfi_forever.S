# Every hart sleeps in wfi with all interrupts disabled (mie = 0) and no timer armed, so
# nothing can ever wake it. Expected: exit 124, quickly (idle harts skip time).
  .section .text.init
  .globl _start
_start:
  csrw mie, zero
  csrw mstatus, zero
1:
  wfi
  j 1b
