# A root task for the kernel model: with -DPUTCHAR_FF it prints the byte 0xFF (not UTF-8)
# through seL4_DebugPutChar, then it ends the run through seL4_DebugHalt with EXIT_CODE
# (up to 64 bits) in a0. Syscall numbers: workloads/include/uintrsim/abi.h.
  .text
  .globl _start
_start:
#ifdef PUTCHAR_FF
  li a0, 0xff
  li a7, -9                 # seL4_SysDebugPutChar
  ecall
#endif
  li a0, EXIT_CODE
  li a7, -11                # seL4_SysDebugHalt
  ecall
  j .
