# Exits with EXIT_CODE (a -D flag) through HTIF tohost, or, with -DVIA_SIMCTRL, through the
# sim-control EXIT register.
  .section .text.init
  .globl _start
_start:
  li a0, EXIT_CODE
#ifdef VIA_SIMCTRL
  li t0, 0x10010000
  sd a0, 0x20(t0)
#else
  slli a0, a0, 1
  ori a0, a0, 1
  la t0, tohost
  sd a0, 0(t0)
#endif
1:
  j 1b

  .section .tohost, "aw", @progbits
  .align 6
  .globl tohost
tohost: .dword 0
  .align 6
  .globl fromhost
fromhost: .dword 0
