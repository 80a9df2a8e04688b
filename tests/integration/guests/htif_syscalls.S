# The HTIF syscall proxy: write(1, msg, len) reaches the console and answers len in magic[0]
# with fromhost = 1; write to fd 2 works too; a zero-length write answers 0; a bad fd and a
# bad buffer answer -14 (EFAULT); an unknown syscall answers -38 (ENOSYS). Then exit(code)
# through the proxy: 0 when every answer was right, else the number of the first wrong one.
#include <uintrsim/devices.h>
  .section .text.init
  .globl _start
_start:
  # 1: write(1, msg, 15) -> 15
  li a1, 1; la a2, msg; li a3, 15; li a4, UINTRSIM_HTIF_SYS_WRITE; li a5, 15; li s1, 1
  jal ra, call
  # 2: write(2, msg2, 15) -> 15
  li a1, 2; la a2, msg2; li a3, 15; li a4, UINTRSIM_HTIF_SYS_WRITE; li a5, 15; li s1, 2
  jal ra, call
  # 3: write(1, msg, 0) -> 0
  li a1, 1; la a2, msg; li a3, 0; li a4, UINTRSIM_HTIF_SYS_WRITE; li a5, 0; li s1, 3
  jal ra, call
  # 4: write(7, msg, 3) -> -14 (only stdout and stderr)
  li a1, 7; la a2, msg; li a3, 3; li a4, UINTRSIM_HTIF_SYS_WRITE; li a5, -14; li s1, 4
  jal ra, call
  # 5: write(1, an address outside memory, 3) -> -14
  li a1, 1; li a2, 0x10; li a3, 3; li a4, UINTRSIM_HTIF_SYS_WRITE; li a5, -14; li s1, 5
  jal ra, call
  # 6: syscall 999 -> -38
  li a1, 0; li a2, 0; li a3, 0; li a4, 999; li a5, -38; li s1, 6
  jal ra, call
  li a0, 0
exit:
  la t0, magic
  li t1, UINTRSIM_HTIF_SYS_EXIT
  sd t1, 0(t0)
  sd a0, 8(t0)
  la t1, tohost
  sd t0, 0(t1)
1:
  j 1b

# call: magic = {a4, a1, a2, a3}; tohost = &magic; wait for fromhost; magic[0] must be a5
# (else exit with s1); fromhost is cleared.
call:
  la t0, magic
  sd a4, 0(t0)
  sd a1, 8(t0)
  sd a2, 16(t0)
  sd a3, 24(t0)
  la t1, tohost
  sd t0, 0(t1)
  la t2, fromhost
2:
  ld t3, 0(t2)
  beqz t3, 2b
  sd zero, 0(t2)
  li t4, 1
  mv a0, s1
  bne t3, t4, exit       # fromhost must be 1
  ld t3, 0(t0)
  bne t3, a5, exit
  ret

  .data
msg:  .ascii "htif write: ok\n"
msg2: .ascii "htif stderr ok\n"
  .align 3
magic: .dword 0, 0, 0, 0, 0, 0, 0, 0

  .section .tohost, "aw", @progbits
  .align 6
  .globl tohost
tohost: .dword 0
  .align 6
  .globl fromhost
fromhost: .dword 0
