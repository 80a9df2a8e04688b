// Shared definitions for the project's assembly tests (tests/isa/*.S).
//
// Every test is linked with lib/start.S, which starts all harts in M-mode with a stack each,
// opens PMP for S/U (one NAPOT RWX entry over the whole address space), points mtvec at a
// handler that ends the run on any unexpected trap, and calls `test_main(hartid)`.
// test_main returns its exit code in a0 (0 = pass) or jumps to `fail` with the code in a0.
//
// Exit codes: 1..63  the failed check (each check in a test has its own number)
//             64+c   unexpected exception c in M-mode (80+c for an unexpected interrupt)
//             96+c   unexpected trap c in S-mode (tests that install lib's S handler)
// (uintrsim reports guest codes above 123 as 123.)
#pragma once

// Device registers and Sv39 page-table entries: the shared definitions (workloads/include).
#include <uintrsim/devices.h>
#include <uintrsim/sv39.h>

// The devices at the platform's default addresses.
#define SIMCTRL_BASE UINTRSIM_DEFAULT_SIMCTRL_BASE
#define SIMCTRL_ROI_BEGIN UINTRSIM_SIMCTRL_ROI_BEGIN
#define SIMCTRL_ROI_END UINTRSIM_SIMCTRL_ROI_END
#define SIMCTRL_ROUNDS UINTRSIM_SIMCTRL_ROUNDS
#define SIMCTRL_EXIT UINTRSIM_SIMCTRL_EXIT
#define SIMCTRL_PUTCHAR UINTRSIM_SIMCTRL_PUTCHAR
#define SIMCTRL_HARTS UINTRSIM_SIMCTRL_HARTS

#define CLINT_BASE UINTRSIM_DEFAULT_CLINT_BASE
#define CLINT_MSIP(h) (CLINT_BASE + UINTRSIM_CLINT_MSIP(h))
#define CLINT_MTIMECMP(h) (CLINT_BASE + UINTRSIM_CLINT_MTIMECMP(h))
#define CLINT_MTIME (CLINT_BASE + UINTRSIM_CLINT_MTIME)

#define MSTATUS_SIE (1 << 1)
#define MSTATUS_MIE (1 << 3)
#define MSTATUS_SPIE (1 << 5)
#define MSTATUS_MPIE (1 << 7)
#define MSTATUS_SPP (1 << 8)
#define MSTATUS_MPP (3 << 11)
#define MSTATUS_MPP_S (1 << 11)
#define MSTATUS_MPRV (1 << 17)
#define MSTATUS_SUM (1 << 18)

#define IRQ_SSI 1
#define IRQ_MSI 3
#define IRQ_STI 5
#define IRQ_MTI 7
#define MIP_SSIP (1 << IRQ_SSI)
#define MIP_MSIP (1 << IRQ_MSI)
#define MIP_MTIP (1 << IRQ_MTI)

#define CAUSE_ILLEGAL_INSN 2
#define CAUSE_ECALL_U 8
#define CAUSE_ECALL_S 9
#define CAUSE_ECALL_M 11
#define CAUSE_INSN_PAGE_FAULT 12
#define CAUSE_LOAD_PAGE_FAULT 13
#define CAUSE_STORE_PAGE_FAULT 15

// Sv39 page-table entry bits.
#define PTE_V UINTRSIM_PTE_V
#define PTE_R UINTRSIM_PTE_R
#define PTE_W UINTRSIM_PTE_W
#define PTE_X UINTRSIM_PTE_X
#define PTE_U UINTRSIM_PTE_U
#define PTE_G UINTRSIM_PTE_G
#define PTE_A UINTRSIM_PTE_A
#define PTE_D UINTRSIM_PTE_D
#define PTE_PPN_SHIFT UINTRSIM_PTE_PPN_SHIFT
#define SATP_SV39 UINTRSIM_SATP_MODE_SV39

#ifdef __ASSEMBLER__

// Macros use t6 as their scratch register; tests must not keep a live value in t6 across them.

// Fails with `code` unless registers \a and \b are equal.
.macro CHECK_EQ a, b, code
  beq \a, \b, .Lcheck_ok\@
  li a0, \code
  j fail
.Lcheck_ok\@:
.endm

// Fails with `code` unless register \a equals the immediate \imm.
.macro CHECK_EQI a, imm, code
  li t6, \imm
  beq \a, t6, .Lcheck_ok\@
  li a0, \code
  j fail
.Lcheck_ok\@:
.endm

// Fails with `code` if register \a equals the immediate \imm.
.macro CHECK_NEI a, imm, code
  li t6, \imm
  bne \a, t6, .Lcheck_ok\@
  li a0, \code
  j fail
.Lcheck_ok\@:
.endm

// Fails with `code` unless \a <= \b (unsigned).
.macro CHECK_LEU a, b, code
  bleu \a, \b, .Lcheck_ok\@
  li a0, \code
  j fail
.Lcheck_ok\@:
.endm

// Fails with `code` unless \a <= the immediate \imm (unsigned).
.macro CHECK_LEUI a, imm, code
  li t6, \imm
  bleu \a, t6, .Lcheck_ok\@
  li a0, \code
  j fail
.Lcheck_ok\@:
.endm

.macro FAIL code
  li a0, \code
  j fail
.endm

#endif
