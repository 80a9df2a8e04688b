# An inactive receiver keeps its pending bits and is interrupted once activated.
#
# Hart 0 (other harts park) is set up in M-mode as the receiver of UINTC entry 7, inactive,
# with USI delegated to U, utvec and ustatus.UIE; it is also a sender (suist -> a table whose
# entries 1 and 2 send vectors 12 and 13 to entry 7, i.e. to itself). In U-mode:
#   1. uipi.send while inactive: no interrupt, uip.USIP stays 0, READ_LOW/GET_ACTIVE say
#      inactive; uipi.activate: the interrupt arrives and the handler reads bit 12.
#   2. uipi.deactivate, uipi.send: not delivered; uipi.activate: delivered (bit 13).
#   3. uipi.deactivate, two sends, ustatus.UIE = 0, uipi.activate: uip.USIP rises but nothing
#      is taken; setting UIE takes one interrupt that reads both bits.
# Works with both uintc.line_semantics (level: the line; sticky: SET_ACTIVE posts USIP).
#include "uintr_test.h"

#define RX 7

  .text
  .globl test_main
test_main:
  bnez a0, park
  RECEIVER_SETUP RX, 0, handler
  TABLE_PUT table, 8, UISTE(12, RX)
  TABLE_PUT table, 16, UISTE(13, RX)
  SENDER_SETUP table, 1
  ENTER_U user

user:
  la s0, count
  li s1, UINTC_ENTRY(RX)
  # 1. pending while inactive
  li a0, 1
  UIPI_SEND a0
  DELAY 500
  ld t0, 0(s0)
  CHECK_EQI t0, 0, 1              # not interrupted while inactive
  csrr t0, CSR_UIP
  CHECK_EQI t0, 0, 2              # no USIP
  ld t0, UINTC_LOW(s1)
  CHECK_EQI t0, UIRS_LOW(0, 0), 3
  ld t0, UINTC_ACTIVE(s1)
  CHECK_EQI t0, 0, 4
  UIPI_ACTIVATE
  li t1, 1
  WAIT_EQ s0, t1, 100000, 5
  la t0, got
  ld t0, 0(t0)
  CHECK_EQI t0, 1 << 12, 6
  ld t0, UINTC_ACTIVE(s1)
  CHECK_EQI t0, 1, 7
  # 2. deactivated again: kept, delivered on activation
  UIPI_DEACTIVATE
  li a0, 2
  UIPI_SEND a0
  DELAY 500
  ld t0, 0(s0)
  CHECK_EQI t0, 1, 8
  UIPI_ACTIVATE
  li t1, 2
  WAIT_EQ s0, t1, 100000, 9
  la t0, got
  ld t0, 8(t0)
  CHECK_EQI t0, 1 << 13, 10
  # 3. activated while UIE = 0: USIP pending, taken when UIE is set
  UIPI_DEACTIVATE
  li a0, 1
  UIPI_SEND a0
  li a0, 2
  UIPI_SEND a0
  csrci CSR_USTATUS, USTATUS_UIE
  UIPI_ACTIVATE
  DELAY 500
  ld t0, 0(s0)
  CHECK_EQI t0, 2, 11
  csrr t0, CSR_UIP
  CHECK_EQI t0, MIP_USIP, 12
  csrsi CSR_USTATUS, USTATUS_UIE
  li t1, 3
  WAIT_EQ s0, t1, 1000, 13
  la t0, got
  ld t0, 16(t0)
  CHECK_EQI t0, (1 << 12) | (1 << 13), 14
  DELAY 500
  ld t0, 0(s0)
  CHECK_EQI t0, 3, 15             # exactly three interrupts
  csrr t0, CSR_UIP
  CHECK_EQI t0, 0, 16
  la a0, msg
  call puts
  j pass

  .align 2
handler:
  addi sp, sp, -64
  sd t0, 0(sp)
  sd t1, 8(sp)
  sd t2, 16(sp)
  sd t3, 24(sp)
  sd t6, 32(sp)
  csrr t0, CSR_UCAUSE
  CHECK_EQI t0, CAUSE_USI, 30
  UIPI_READ t1
  csrci CSR_UIP, MIP_USIP
  la t2, count
  ld t3, 0(t2)
  li t0, 4
  bltu t3, t0, 1f
  FAIL 31
1:
  la t0, got
  slli t6, t3, 3
  add t0, t0, t6
  sd t1, 0(t0)
  addi t3, t3, 1
  sd t3, 0(t2)
  ld t0, 0(sp)
  ld t1, 8(sp)
  ld t2, 16(sp)
  ld t3, 24(sp)
  ld t6, 32(sp)
  addi sp, sp, 64
  URET

  .section .rodata
msg: .asciz "uintr_inactive: pending kept while inactive, delivered on activation\n"

  .data
  .align 12
table: .zero 4096
  .align 6
count: .dword 0
got: .zero 32
