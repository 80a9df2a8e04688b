# A guest that traps forever: mtvec points at an illegal instruction, so every trap jumps
# straight back to it (machine mode, cause 2). Expected: exit 124 at platform.max_cycles,
# with the report naming the pc and "last trap cause 2 (illegal_insn)".
  .section .text.init
  .globl _start
_start:
  la t0, bad
  csrw mtvec, t0
  .align 2
bad:
  .word 0                   # all-zero: an illegal instruction
