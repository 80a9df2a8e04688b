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

#define SIMCTRL_BASE 0x10010000
#define SIMCTRL_ROI_BEGIN 0x00
#define SIMCTRL_ROI_END 0x08
#define SIMCTRL_ROUNDS 0x10
#define SIMCTRL_EXIT 0x20
#define SIMCTRL_PUTCHAR 0x28
#define SIMCTRL_HARTS 0x30

#define CLINT_BASE 0x2000000
#define CLINT_MSIP(h) (CLINT_BASE + 4 * (h))
#define CLINT_MTIMECMP(h) (CLINT_BASE + 0x4000 + 8 * (h))
#define CLINT_MTIME (CLINT_BASE + 0xBFF8)

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
#define PTE_V 0x01
#define PTE_R 0x02
#define PTE_W 0x04
#define PTE_X 0x08
#define PTE_U 0x10
#define PTE_G 0x20
#define PTE_A 0x40
#define PTE_D 0x80
#define SATP_SV39 (8 << 60)

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
