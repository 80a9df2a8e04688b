// Shared definitions for the user-interrupt guest tests (tests/isa/uintr_*.S): CSR numbers,
// the uipi.* instructions (custom-3, funct3 110; docs/hardware-uintr.md), the UINTC registers at the
// platform default base (register map: <uintrsim/devices.h>), and M-mode set-up macros that
// stand in for a kernel.
#pragma once
#include "isa_test.h"

#define CSR_USTATUS 0x000
#define CSR_UIE 0x004
#define CSR_UTVEC 0x005
#define CSR_USCRATCH 0x040
#define CSR_UEPC 0x041
#define CSR_UCAUSE 0x042
#define CSR_UTVAL 0x043
#define CSR_UIP 0x044
#define CSR_SEDELEG 0x102
#define CSR_SIDELEG 0x103
#define CSR_SUIST 0x1B0
#define CSR_SUIRS 0x1B1

#define USTATUS_UIE 1
#define USTATUS_UPIE 0x10
#define MIP_USIP 1
#define IRQ_USI 0
#define CAUSE_USI ((1 << 63) | IRQ_USI)
#define CAUSE_LOAD_ACCESS 5
#define CAUSE_STORE_ACCESS 7

#define UINTC_BASE UINTRSIM_DEFAULT_UINTC_BASE
#define UINTC_ENTRIES UINTRSIM_DEFAULT_UINTC_ENTRIES
#define UINTC_SEND UINTRSIM_UINTC_SEND
#define UINTC_LOW UINTRSIM_UINTC_LOW        /* READ_LOW / WRITE_LOW */
#define UINTC_HIGH UINTRSIM_UINTC_HIGH      /* READ_HIGH / WRITE_HIGH */
#define UINTC_ACTIVE UINTRSIM_UINTC_ACTIVE  /* GET_ACTIVE / SET_ACTIVE */
#define UINTC_ENTRY(i) (UINTC_BASE + UINTRSIM_UINTC_ENTRY(i))

// READ_LOW/WRITE_LOW value: hartid b31:16, mode b1 (set), active b0.
#define UIRS_LOW(hartid, active) UINTRSIM_UINTC_LOW_VALUE(hartid, 1, active)
// Sender-table entry: Valid b0, vector b31:16, receiver (UIRS) index b63:48.
#define UISTE(vector, receiver) UINTRSIM_UISTE(vector, receiver)
#define UISTE_INVALID(vector, receiver) (UINTRSIM_UISTE(vector, receiver) ^ UINTRSIM_UISTE_VALID)
// suist: Enable b63, Size b55:44 (4 KiB pages), PPN b43:0 (PPN added at run time).
#define SUIST_EN_PAGES(pages) (UINTRSIM_SUIST_ENABLE | ((pages) << UINTRSIM_SUIST_SIZE_SHIFT))
#define SUIRS_EN UINTRSIM_SUIRS_ENABLE

#ifdef __ASSEMBLER__

.macro UIPI_SEND rs
  .insn r 0x7b, 6, 0, x0, \rs, x0
.endm
.macro UIPI_READ rd
  .insn r 0x7b, 6, 1, \rd, x0, x0
.endm
.macro UIPI_WRITE rs
  .insn r 0x7b, 6, 2, x0, \rs, x0
.endm
.macro UIPI_ACTIVATE
  .insn r 0x7b, 6, 3, x0, x0, x0
.endm
.macro UIPI_DEACTIVATE
  .insn r 0x7b, 6, 4, x0, x0, x0
.endm
.macro URET
  .word 0x00200073
.endm

// M-mode: make this hart the receiver of UINTC entry \index (hartid = mhartid, mode b1,
// active = \active) and point suirs at it; delegate USI M->S->U and enable it in mie; utvec =
// \handler; ustatus.UIE = 1. Clobbers t0, t1.
.macro RECEIVER_SETUP index, active, handler
  li t0, UINTC_ENTRY(\index) + UINTC_LOW
  csrr t1, mhartid
  slli t1, t1, UINTRSIM_UINTC_LOW_HARTID_SHIFT
  ori t1, t1, UINTRSIM_UINTC_LOW_MODE | \active
  sd t1, 0(t0)
  li t0, SUIRS_EN | \index
  csrw CSR_SUIRS, t0
  csrsi mideleg, MIP_USIP
  csrwi CSR_SIDELEG, MIP_USIP
  csrsi mie, MIP_USIP
  la t0, \handler
  csrw CSR_UTVEC, t0
  csrsi CSR_USTATUS, USTATUS_UIE
.endm

// M-mode: suist = Enable, \pages pages, PPN of the (page-aligned) table at symbol \table.
// Clobbers t0, t1.
.macro SENDER_SETUP table, pages
  la t0, \table
  srli t0, t0, 12
  li t1, SUIST_EN_PAGES(\pages)
  or t0, t0, t1
  csrw CSR_SUIST, t0
.endm

// M-mode: stores the 64-bit immediate \value at \table + \offset. Clobbers t0, t1.
.macro TABLE_PUT table, offset, value
  la t0, \table
  li t1, \offset
  add t0, t0, t1
  li t1, \value
  sd t1, 0(t0)
.endm

// M-mode: drops to U-mode at \label (mret with MPP = U). Clobbers t0.
.macro ENTER_U label
  li t0, MSTATUS_MPP
  csrc mstatus, t0
  la t0, \label
  csrw mepc, t0
  mret
.endm

// Spins until the doubleword at \addr (register) equals register \want; fails with \code
// after about \tries iterations. Clobbers t5.
.macro WAIT_EQ addr, want, tries, code
  li t5, \tries
.Lwait\@:
  ld t6, 0(\addr)
  beq t6, \want, .Lwait_done\@
  addi t5, t5, -1
  bnez t5, .Lwait\@
  li a0, \code
  j fail
.Lwait_done\@:
.endm

// Burns about \n loop iterations. Clobbers t5.
.macro DELAY n
  li t5, \n
.Ldelay\@:
  addi t5, t5, -1
  bnez t5, .Ldelay\@
.endm

#endif
