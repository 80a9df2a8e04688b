# M -> S -> U -> S -> M privilege round trip.
#
# M delegates ecall-from-U and illegal-instruction exceptions (medeleg) and the supervisor
# software interrupt (mideleg) to S, then mret's to S. S checks that an M-only CSR access
# traps to its own handler (delegated, SPP = S), takes a delegated SSI only once sstatus.SIE
# is set, leaves SSIP pending and sret's to U, where the SSI is taken at once (S interrupts
# are always enabled below S). U makes an ecall with a value the S handler answers, tries an
# S-only CSR (illegal, SPP = U), and finally asks S to finish; S ecall's to M, which checks
# mcause 9 (not delegated), MPP = S and mepc, and ends the run.
#
# Register conventions: s3 = expected sepc of the next S trap, s4 = its expected SPP,
# s5 = exceptions taken in S, s6 = interrupts taken in S.
#include "isa_test.h"

  .text
  .globl test_main
test_main:
  li s5, 0
  li s6, 0
  li t0, (1 << CAUSE_ECALL_U) | (1 << CAUSE_ILLEGAL_INSN)
  csrw medeleg, t0
  csrr t1, medeleg
  CHECK_EQ t0, t1, 1
  li t0, MIP_SSIP
  csrw mideleg, t0
  csrr t1, mideleg
  CHECK_EQ t0, t1, 2
  la t0, m_trap
  csrw mtvec, t0
  la t0, s_trap
  csrw stvec, t0
  csrw satp, zero
  # mret to S at s_entry with MPIE = 0 (M interrupts are not involved here).
  li t0, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_SIE | MSTATUS_SPIE
  csrc mstatus, t0
  li t0, MSTATUS_MPP_S
  csrs mstatus, t0
  la t0, s_entry
  csrw mepc, t0
  mret
  FAIL 3

# ---------------------------------------------------------------- S-mode
s_entry:
  # sstatus is readable in S; SPP/SIE are clear.
  csrr t0, sstatus
  andi t0, t0, MSTATUS_SIE
  CHECK_EQI t0, 0, 4
  # An M-only CSR is illegal in S; the exception is delegated, so it arrives here.
  la s3, 1f
  li s4, 1
1:
  csrr t0, mhartid
  CHECK_EQI s5, 1, 5

  # SSI: enabled in sie but not globally (SIE = 0): stays pending, not taken.
  li t0, MIP_SSIP
  csrs sie, t0
  csrr t1, sie
  CHECK_EQ t0, t1, 6
  csrs sip, t0
  nop
  nop
  CHECK_EQI s6, 0, 7
  csrr t1, sip
  andi t1, t1, MIP_SSIP
  CHECK_EQI t1, MIP_SSIP, 8
  # Now enable: it is taken right after the csrs.
  la s3, 2f
  li s4, 1
  li t0, MSTATUS_SIE
  csrs sstatus, t0
2:
  nop
  CHECK_EQI s6, 1, 9
  csrr t1, sip
  andi t1, t1, MIP_SSIP
  CHECK_EQI t1, 0, 10

  # Leave SSIP pending with SIE = 0 and SPIE = 0, and sret to U: U must take it at once.
  li t0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP
  csrc sstatus, t0
  li t0, MIP_SSIP
  csrs sip, t0
  la t0, u_entry
  csrw sepc, t0
  la s3, u_entry
  li s4, 0
  sret
  FAIL 11

# ---------------------------------------------------------------- U-mode
u_entry:
  CHECK_EQI s6, 2, 12
  # ecall from U goes to S (medeleg), which answers a0 = a7 + 1.
  li a7, 41
  li a0, 0
  la s3, 3f
  li s4, 0
3:
  ecall
  CHECK_EQI a0, 42, 13
  CHECK_EQI s5, 2, 14
  # An S CSR is illegal in U; the trap goes to S with SPP = U.
  la s3, 4f
  li s4, 0
4:
  csrr t0, sstatus
  CHECK_EQI s5, 3, 15
  # Counter CSRs are not enabled for U (mcounteren = 0): illegal as well.
  la s3, 5f
5:
  rdcycle t0
  CHECK_EQI s5, 4, 16
  # Done: ask S to finish (a7 = 0).
  li a7, 0
  la s3, 6f
6:
  ecall
  FAIL 17

# ---------------------------------------------------------------- S trap handler
  .align 2
s_trap:
  # Common checks: sepc and SPP are what the code before the trap announced.
  csrr t0, sepc
  CHECK_EQ t0, s3, 20
  csrr t0, sstatus
  srli t0, t0, 8
  andi t0, t0, 1
  CHECK_EQ t0, s4, 21
  # The trap must not have been taken by M: mcause is not readable here, but mstatus.MPP
  # keeps whatever M left (S), and the S trap CSRs say where we are.
  csrr t0, scause
  bltz t0, s_irq
  li t1, CAUSE_ILLEGAL_INSN
  beq t0, t1, s_illegal
  li t1, CAUSE_ECALL_U
  beq t0, t1, s_ecall_u
  j unexpected_trap_s

s_illegal:
  # stval: zero or the faulting instruction's bits.
  csrr t0, stval
  beqz t0, 1f
  lwu t1, 0(s3)
  CHECK_EQ t0, t1, 22
1:
  addi s5, s5, 1
  addi t0, s3, 4
  csrw sepc, t0
  sret

s_ecall_u:
  csrr t0, stval
  CHECK_EQI t0, 0, 23
  beqz a7, s_done
  addi a0, a7, 1
  addi s5, s5, 1
  addi t0, s3, 4
  csrw sepc, t0
  sret

s_irq:
  li t1, (1 << 63) | IRQ_SSI
  CHECK_EQ t0, t1, 24
  # SPIE holds the SIE the interrupted code had: 1 in S (phase 2), 0 in U (we cleared it).
  csrr t0, sstatus
  srli t0, t0, 5
  andi t0, t0, 1
  CHECK_EQ t0, s4, 25
  li t0, MIP_SSIP
  csrc sip, t0
  addi s6, s6, 1
  sret

s_done:
  CHECK_EQI s5, 4, 26
  CHECK_EQI s6, 2, 27
  li a0, 0
s_to_m:
  ecall                     # not delegated: to M
  FAIL 28

# ---------------------------------------------------------------- M trap handler
  .align 2
m_trap:
  csrr t0, mcause
  li t1, CAUSE_ECALL_S
  bne t0, t1, unexpected_trap_m
  csrr t0, mstatus
  li t1, MSTATUS_MPP
  and t0, t0, t1
  CHECK_EQI t0, MSTATUS_MPP_S, 30
  csrr t0, mepc
  la t1, s_to_m
  CHECK_EQ t0, t1, 31
  # S's trap CSRs were never touched by M: scause still holds the last S trap (ecall U).
  csrr t0, scause
  CHECK_EQI t0, CAUSE_ECALL_U, 32
  j exit_a0
