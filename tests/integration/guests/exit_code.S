# Exits with EXIT_CODE (a -D flag, up to 64 bits) through HTIF tohost; with -DVIA_SIMCTRL
# through the sim-control EXIT register; with -DVIA_HTIF_SYSCALL through the HTIF syscall
# proxy's exit(93).
#include <uintrsim/devices.h>
  .section .text.init
  .globl _start
_start:
  li a0, EXIT_CODE
#if defined(VIA_SIMCTRL)
  li t0, UINTRSIM_DEFAULT_SIMCTRL_BASE
  sd a0, UINTRSIM_SIMCTRL_EXIT(t0)
#elif defined(VIA_HTIF_SYSCALL)
  la t0, magic
  li t1, UINTRSIM_HTIF_SYS_EXIT
  sd t1, 0(t0)
  sd a0, 8(t0)
  la t1, tohost
  sd t0, 0(t1)               # device 0, command 0, payload = the magic block's address
#else
  slli a0, a0, 1
  ori a0, a0, 1
  la t0, tohost
  sd a0, 0(t0)
#endif
1:
  j 1b

  .data
  .align 3
magic: .dword 0, 0, 0, 0, 0, 0, 0, 0

  .section .tohost, "aw", @progbits
  .align 6
  .globl tohost
tohost: .dword 0
  .align 6
  .globl fromhost
fromhost: .dword 0
