# UINTC receiver registers from a guest: READ_HIGH returns and clears (a second uipi.read
# gives 0), WRITE_HIGH ORs (uipi.write and MMIO stores alike), SEND through uipi.send and
# through MMIO, READ_LOW/WRITE_LOW, GET/SET_ACTIVE through uipi.activate/deactivate and
# MMIO, and the receiver instructions with suirs.Enable clear (no-ops, uipi.read gives 0).
#
# Hart 0 (other harts park) owns UINTC entry 4, inactive (so no interrupt is ever raised:
# the handler fails with 40), and sends to it through table entry 1 (vector 7).
#include "uintr_test.h"

#define RX 4

  .text
  .globl test_main
test_main:
  bnez a0, park
  RECEIVER_SETUP RX, 0, no_interrupt_expected
  TABLE_PUT table, 8, UISTE(7, RX)
  SENDER_SETUP table, 1
  li s1, UINTC_ENTRY(RX)
  # suirs.Enable clear: uipi.read gives 0, uipi.write/activate do nothing (M-mode).
  li t0, RX
  csrw CSR_SUIRS, t0
  li a0, 0x7777
  UIPI_READ a0
  CHECK_EQI a0, 0, 1
  li t0, 0x100
  UIPI_WRITE t0
  UIPI_ACTIVATE
  ld t0, UINTC_ACTIVE(s1)
  CHECK_EQI t0, 0, 2
  ld t0, UINTC_HIGH(s1)
  CHECK_EQI t0, 0, 3
  li t0, SUIRS_EN | RX
  csrw CSR_SUIRS, t0
  ENTER_U user

user:
  li s1, UINTC_ENTRY(RX)
  # uipi.write ORs; uipi.read returns and clears.
  li t0, 0x5
  UIPI_WRITE t0
  li t0, 0x30
  UIPI_WRITE t0
  UIPI_READ a0
  CHECK_EQI a0, 0x35, 10
  UIPI_READ a0
  CHECK_EQI a0, 0, 11
  # WRITE_HIGH / READ_HIGH through MMIO behave the same.
  li t0, 0x100
  sd t0, UINTC_HIGH(s1)
  li t0, 0x1
  UIPI_WRITE t0
  ld a0, UINTC_HIGH(s1)
  CHECK_EQI a0, 0x101, 12
  ld a0, UINTC_HIGH(s1)
  CHECK_EQI a0, 0, 13
  UIPI_READ a0
  CHECK_EQI a0, 0, 14
  # uipi.send (to itself, vector 7) and uipi.write accumulate.
  li a0, 1
  UIPI_SEND a0
  li t0, 0x1
  UIPI_WRITE t0
  UIPI_READ a0
  CHECK_EQI a0, 0x81, 15
  # SEND through MMIO sets bit (data & 63); the SEND register reads as 0.
  li t0, 64 + 2
  sd t0, UINTC_SEND(s1)
  ld t0, UINTC_SEND(s1)
  CHECK_EQI t0, 0, 16
  UIPI_READ a0
  CHECK_EQI a0, 1 << 2, 17
  # READ_LOW as M-mode wrote it; activate/deactivate show in GET_ACTIVE and READ_LOW.
  ld t0, UINTC_LOW(s1)
  CHECK_EQI t0, UIRS_LOW(0, 0), 18
  ld t0, UINTC_ACTIVE(s1)
  CHECK_EQI t0, 0, 19
  UIPI_ACTIVATE                   # nothing pending: no interrupt
  ld t0, UINTC_ACTIVE(s1)
  CHECK_EQI t0, 1, 20
  ld t0, UINTC_LOW(s1)
  CHECK_EQI t0, UIRS_LOW(0, 1), 21
  UIPI_DEACTIVATE
  ld t0, UINTC_ACTIVE(s1)
  CHECK_EQI t0, 0, 22
  # WRITE_LOW through MMIO: hartid 5 (no such hart), active; a request for it interrupts
  # nobody and stays pending.
  li t0, UIRS_LOW(5, 1)
  sd t0, UINTC_LOW(s1)
  ld t0, UINTC_LOW(s1)
  CHECK_EQI t0, UIRS_LOW(5, 1), 23
  li a0, 1
  UIPI_SEND a0
  DELAY 300
  UIPI_READ a0
  CHECK_EQI a0, 1 << 7, 24
  # SET_ACTIVE through MMIO.
  sd zero, UINTC_ACTIVE(s1)
  ld t0, UINTC_LOW(s1)
  CHECK_EQI t0, UIRS_LOW(5, 0), 25
  li t0, 3
  sd t0, UINTC_ACTIVE(s1)
  ld t0, UINTC_ACTIVE(s1)
  CHECK_EQI t0, 1, 26
  sd zero, UINTC_ACTIVE(s1)
  # Neighbouring entries were never touched.
  li t1, UINTC_ENTRY(RX - 1)
  ld t0, UINTC_HIGH(t1)
  CHECK_EQI t0, 0, 27
  ld t0, UINTC_LOW(t1)
  CHECK_EQI t0, 0, 28
  li t1, UINTC_ENTRY(RX + 1)
  ld t0, UINTC_HIGH(t1)
  CHECK_EQI t0, 0, 29
  csrr t0, CSR_UIP
  CHECK_EQI t0, 0, 30
  la a0, msg
  call puts
  j pass

  .align 2
no_interrupt_expected:
  FAIL 40

  .section .rodata
msg: .asciz "uintr_regs: READ_HIGH clears, WRITE_HIGH ORs, LOW/ACTIVE as written\n"

  .data
  .align 12
table: .zero 4096
