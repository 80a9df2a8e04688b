# A user interrupt pending while the receiver runs in M or S mode is not taken there, even
# with mstatus.MIE, SIE and UIE all set; it is taken as soon as the hart returns to U.
#
# Hart 0 (other harts park): receiver of UINTC entry 3 (active), USI delegated M->S->U and
# enabled, UIE = 1, and sender through a table whose entry 1 sends vector 7 to entry 3.
# M-mode (MIE = 1) sends to itself; after a delay USIP is pending in mip and nothing was
# taken (an M trap would end the run with 80, an S trap with 96). mret to S (SIE = 1): still
# nothing; sip and uip show USIP. sret to U: the handler runs before the first U instruction
# (uepc = that instruction) and reads bit 7.
#include "uintr_test.h"

#define RX 3

  .text
  .globl test_main
test_main:
  bnez a0, park
  la t0, unexpected_trap_s
  csrw stvec, t0
  RECEIVER_SETUP RX, 1, handler
  TABLE_PUT table, 8, UISTE(7, RX)
  SENDER_SETUP table, 1
  csrsi mstatus, MSTATUS_MIE
  li a0, 1
  UIPI_SEND a0                    # from M-mode
  DELAY 500
  csrr t0, mip
  andi t0, t0, MIP_USIP
  CHECK_EQI t0, MIP_USIP, 1       # pending ...
  la t0, count
  ld t0, 0(t0)
  CHECK_EQI t0, 0, 2              # ... but not taken in M
  csrr t0, CSR_USTATUS
  CHECK_EQI t0, USTATUS_UIE, 3
  # to S with SIE = 1
  csrsi mstatus, MSTATUS_SIE
  li t0, MSTATUS_MPP
  csrc mstatus, t0
  li t0, MSTATUS_MPP_S
  csrs mstatus, t0
  la t0, s_part
  csrw mepc, t0
  mret

s_part:
  DELAY 500
  csrr t0, sip
  andi t0, t0, MIP_USIP
  CHECK_EQI t0, MIP_USIP, 4       # visible to S (delegated M->S) ...
  csrr t0, CSR_UIP
  CHECK_EQI t0, MIP_USIP, 5
  la t0, count
  ld t0, 0(t0)
  CHECK_EQI t0, 0, 6              # ... but not taken in S
  csrr t0, sstatus
  andi t0, t0, MSTATUS_SIE | USTATUS_UIE
  CHECK_EQI t0, MSTATUS_SIE | USTATUS_UIE, 7
  # to U
  li t0, MSTATUS_SPP
  csrc sstatus, t0
  la t0, u_part
  csrw sepc, t0
  sret

u_part:
  la t0, count
  ld t1, 0(t0)
  CHECK_EQI t1, 1, 8              # taken on entry to U
  la t0, got_epc
  ld t1, 0(t0)
  la t2, u_part
  CHECK_EQ t1, t2, 9              # before the first U instruction
  la t0, got
  ld t1, 0(t0)
  CHECK_EQI t1, 1 << 7, 10
  csrr t0, CSR_UIP
  CHECK_EQI t0, 0, 11
  csrr t0, CSR_USTATUS
  CHECK_EQI t0, USTATUS_UIE | USTATUS_UPIE, 12
  la a0, msg
  call puts
  j pass

  .align 2
handler:
  addi sp, sp, -32
  sd t0, 0(sp)
  sd t1, 8(sp)
  sd t6, 16(sp)
  csrr t0, CSR_UCAUSE
  CHECK_EQI t0, CAUSE_USI, 30
  csrr t0, CSR_UEPC
  la t1, got_epc
  sd t0, 0(t1)
  UIPI_READ t0
  la t1, got
  sd t0, 0(t1)
  csrci CSR_UIP, MIP_USIP
  la t1, count
  ld t0, 0(t1)
  addi t0, t0, 1
  sd t0, 0(t1)
  ld t0, 0(sp)
  ld t1, 8(sp)
  ld t6, 16(sp)
  addi sp, sp, 32
  URET

  .section .rodata
msg: .asciz "uintr_mode: not taken in M or S, taken on return to U\n"

  .data
  .align 12
table: .zero 4096
  .align 6
count: .dword 0
got: .dword 0
got_epc: .dword 0
