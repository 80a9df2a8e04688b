# Bare-metal start-up in M-mode: every hart gets its own stack (by mhartid); hart 0 clears
# .bss and then opens a start gate (kept in .data, which .bss clearing cannot touch); the
# other harts wait at the gate, so no hart sees .bss before it is zero. Then all harts call
# main(hartid); main's return value becomes the exit code.
  .section .text.init
  .globl _start
_start:
  la t0, trap_entry
  csrw mtvec, t0
  csrr a0, mhartid
  li t0, 8
  bgeu a0, t0, park            # more harts than stacks: park them
  la sp, __stacks_start
  li t0, 0x4000
  addi t1, a0, 1
  mul t1, t1, t0
  add sp, sp, t1
  la t2, start_gate
  bnez a0, 3f
  la t0, __bss_start
  la t1, __bss_end
1:
  bgeu t0, t1, 2f
  sd zero, 0(t0)
  addi t0, t0, 8
  j 1b
2:
  fence w, w
  li t0, 1
  sd t0, 0(t2)
  j 4f
3:
  ld t0, 0(t2)
  beqz t0, 3b
  fence r, r
4:
  call main
  call bm_exit
park:
  wfi
  j park

# An unexpected trap ends the run with a distinctive exit code (0x7e00 | mcause), so a test
# never passes by accident.
  .align 2
trap_entry:
  csrr a0, mcause
  li t0, 0x7e00
  or a0, a0, t0
  call bm_exit
  j park

  .data
  .align 3
start_gate: .dword 0
