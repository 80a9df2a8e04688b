# Start-up and exit code shared by the assembly tests (see isa_test.h).
#include "isa_test.h"

  .section .text.init
  .globl _start
_start:
  la t0, unexpected_trap_m
  csrw mtvec, t0
  # PMP: entry 0 = NAPOT over the whole address space with RWX, so S/U may access memory.
  li t0, -1
  csrw pmpaddr0, t0
  li t0, 0x1f
  csrw pmpcfg0, t0
  csrr a0, mhartid
  li t0, 8
  bgeu a0, t0, park            # stacks for 8 harts only
  la sp, __stacks_start
  li t0, 0x4000
  addi t1, a0, 1
  mul t1, t1, t0
  add sp, sp, t1
  call test_main
  j exit_a0

  .text
  .globl park
park:
  wfi
  j park

  .globl pass
pass:
  li a0, 0
  # fall through
  .globl exit_a0
  .globl fail
fail:
exit_a0:                       # ends the run with exit code a0 (HTIF tohost: exit command)
  slli a0, a0, UINTRSIM_HTIF_EXIT_SHIFT
  ori a0, a0, UINTRSIM_HTIF_EXIT_FLAG
  la t0, tohost
  sd a0, 0(t0)
1:
  j 1b

# Switches to S-mode at address a0 (MPP = S, MPIE = 0); does not return.
  .globl enter_s
enter_s:
  csrw mepc, a0
  li t0, MSTATUS_MPP | MSTATUS_MPIE
  csrc mstatus, t0
  li t0, MSTATUS_MPP_S
  csrs mstatus, t0
  mret

# An M-mode trap handler for tests that run in S-mode: an ecall from S ends the run with
# exit code a0; any other trap is unexpected.
  .align 2
  .globl m_trap_exit_on_ecall_s
m_trap_exit_on_ecall_s:
  csrr t0, mcause
  li t1, CAUSE_ECALL_S
  bne t0, t1, unexpected_trap_m
  j exit_a0

# Prints the string at a0 on the sim-control console (clobbers a0, t0, t1).
  .globl puts
puts:
  li t0, SIMCTRL_BASE
1:
  lbu t1, 0(a0)
  beqz t1, 2f
  sd t1, SIMCTRL_PUTCHAR(t0)
  addi a0, a0, 1
  j 1b
2:
  ret

# Prints a0 as 16 hex digits (clobbers t0..t3).
  .globl puthex
puthex:
  li t0, SIMCTRL_BASE
  li t2, 60
1:
  srl t1, a0, t2
  andi t1, t1, 15
  addi t1, t1, '0'
  li t3, '9'
  ble t1, t3, 2f
  addi t1, t1, 'a' - '9' - 1
2:
  sd t1, SIMCTRL_PUTCHAR(t0)
  addi t2, t2, -4
  bgez t2, 1b
  ret

# Any trap the test did not expect: report it and exit with 64 + cause (80 + irq).
  .align 2
  .globl unexpected_trap_m
unexpected_trap_m:
  la a0, msg_trap
  call puts
  csrr a0, mcause
  call puthex
  la a0, msg_epc
  call puts
  csrr a0, mepc
  call puthex
  la a0, msg_tval
  call puts
  csrr a0, mtval
  call puthex
  li t0, SIMCTRL_BASE
  li t1, '\n'
  sd t1, SIMCTRL_PUTCHAR(t0)
  csrr a0, mcause
  bltz a0, 1f
  andi a0, a0, 15
  addi a0, a0, 64
  j exit_a0
1:
  andi a0, a0, 15
  addi a0, a0, 80
  j exit_a0

# The same for S-mode (tests that expect S traps point stvec here outside their windows).
  .align 2
  .globl unexpected_trap_s
unexpected_trap_s:
  la a0, msg_strap
  call puts
  csrr a0, scause
  call puthex
  la a0, msg_epc
  call puts
  csrr a0, sepc
  call puthex
  la a0, msg_tval
  call puts
  csrr a0, stval
  call puthex
  li t0, SIMCTRL_BASE
  li t1, '\n'
  sd t1, SIMCTRL_PUTCHAR(t0)
  csrr a0, scause
  andi a0, a0, 15
  addi a0, a0, 96
  j exit_a0

  .section .rodata
msg_trap: .asciz "unexpected M-mode trap: mcause 0x"
msg_strap: .asciz "unexpected S-mode trap: scause 0x"
msg_epc: .asciz " epc 0x"
msg_tval: .asciz " tval 0x"

# HTIF words (riscv-tests convention); the simulator finds them by symbol.
  .section .tohost, "aw", @progbits
  .align 6
  .globl tohost
tohost: .dword 0
  .align 6
  .globl fromhost
fromhost: .dword 0
