# Fault storms and a loop that is not one (-D flag):
#   UNMAPPED     jumps to an address with nothing behind it while mtvec = 0 (no RAM there
#                either): a fetch fault at 0x1000, then fetch faults at 0 forever
#   RETURN_SAME  an ecall whose handler returns to the ecall itself (mepc not advanced)
#   ECALL_LOOP=N N ecalls from one site whose handler steps over them: progress each time;
#                exits 0 through HTIF tohost
  .section .text.init
  .globl _start
_start:
#if defined(UNMAPPED)
  csrw mtvec, zero
  li t0, 0x1000
  jr t0
#elif defined(RETURN_SAME)
  la t0, handler_same
  csrw mtvec, t0
  ecall
  j .
  .align 2                  # mtvec: a 4-byte aligned base
handler_same:
  mret
#elif defined(ECALL_LOOP)
  la t0, handler_step
  csrw mtvec, t0
  li s3, ECALL_LOOP
1:
  ecall
  addi s3, s3, -1
  bnez s3, 1b
  li t1, 1
  la t0, tohost
  sd t1, 0(t0)
  j .
  .align 2
handler_step:
  csrr t0, mepc
  addi t0, t0, 4
  csrw mepc, t0
  mret
#endif

  .section .tohost, "aw", @progbits
  .align 6
  .globl tohost
tohost: .dword 0
  .align 6
  .globl fromhost
fromhost: .dword 0
