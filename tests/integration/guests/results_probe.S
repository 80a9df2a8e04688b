# Guests that push the results file: each -D flag selects what it does before it exits 0
# through HTIF tohost.
#   CONSOLE_BYTES      bytes that are not UTF-8 through every console path: sim-control
#                      putchar 0xFF, HTIF putchar 0xFE, an HTIF write(1) holding 0xFD, and an
#                      HTIF write of length 0 (a null buffer on the host side)
#   FLOOD_WRITES=N     N HTIF writes of 1 MiB each (of zero bytes: RAM at 0x80100000)
#   SNAPSHOTS=N        N sim-control statistics snapshots
#   ROI_UNENDED        ROI_BEGIN and no ROI_END
#   ROUNDS_OVERFLOW    an ROI whose reported rounds add up beyond 2^64
#   ROI_ODD_ENDS       ROI_END before any ROI_BEGIN, and ROI_END twice
#include <uintrsim/devices.h>
  .section .text.init
  .globl _start
_start:
  li s0, UINTRSIM_DEFAULT_SIMCTRL_BASE
  la s1, tohost
  la s2, magic

#ifdef CONSOLE_BYTES
  li t1, 0xff
  sd t1, UINTRSIM_SIMCTRL_PUTCHAR(s0)
  li t1, (UINTRSIM_HTIF_DEV_CONSOLE << UINTRSIM_HTIF_DEV_SHIFT) | (UINTRSIM_HTIF_CONSOLE_PUTCHAR << UINTRSIM_HTIF_CMD_SHIFT) | 0xfe
  sd t1, 0(s1)
  la a1, text
  li a2, 5                                # the five bytes at text
  call htif_write
  la a1, text
  li a2, 0
  call htif_write
#endif

#ifdef FLOOD_WRITES
  li s3, FLOOD_WRITES
1:
  li a1, 0x80100000                 # zero-filled RAM
  li a2, 1 << 20
  call htif_write
  addi s3, s3, -1
  bnez s3, 1b
#endif

#ifdef SNAPSHOTS
  li s3, SNAPSHOTS
1:
  sd s3, UINTRSIM_SIMCTRL_SNAPSHOT(s0)
  addi s3, s3, -1
  bnez s3, 1b
#endif

#ifdef ROI_UNENDED
  sd zero, UINTRSIM_SIMCTRL_ROI_BEGIN(s0)
  li t1, 5
  sd t1, UINTRSIM_SIMCTRL_ROUNDS(s0)
#endif

#ifdef ROUNDS_OVERFLOW
  sd zero, UINTRSIM_SIMCTRL_ROI_BEGIN(s0)
  li t1, 1
  slli t1, t1, 63
  sd t1, UINTRSIM_SIMCTRL_ROUNDS(s0)
  sd t1, UINTRSIM_SIMCTRL_ROUNDS(s0)      # 2^63 + 2^63 = 2^64
  sd t1, UINTRSIM_SIMCTRL_SYSCALLS(s0)
  sd t1, UINTRSIM_SIMCTRL_SYSCALLS(s0)
  sd zero, UINTRSIM_SIMCTRL_ROI_END(s0)
#endif

#ifdef ROI_ODD_ENDS
  sd zero, UINTRSIM_SIMCTRL_ROI_END(s0)   # before any ROI_BEGIN
  sd zero, UINTRSIM_SIMCTRL_ROI_BEGIN(s0)
  li t1, 3
  sd t1, UINTRSIM_SIMCTRL_ROUNDS(s0)
  sd zero, UINTRSIM_SIMCTRL_ROI_END(s0)
  sd zero, UINTRSIM_SIMCTRL_ROI_END(s0)   # again
#endif

  li t1, 1                                # exit(0)
  sd t1, 0(s1)
2:
  j 2b

# write(1, a1, a2) through the HTIF syscall proxy (the answer overwrites magic[0])
htif_write:
  li t1, UINTRSIM_HTIF_SYS_WRITE
  sd t1, 0(s2)
  li t1, 1
  sd t1, 8(s2)
  sd a1, 16(s2)
  sd a2, 24(s2)
  sd s2, 0(s1)
  ret

  .data
  .align 3
magic: .dword 0, 0, 0, 0, 0, 0, 0, 0
text: .byte 'o', 'k', ' ', 0xfd, '\n'

  .section .tohost, "aw", @progbits
  .align 6
  .globl tohost
tohost: .dword 0
  .align 6
  .globl fromhost
fromhost: .dword 0
