# A guest that spins forever without trapping. Expected: exit 124 at platform.max_cycles.
  .section .text.init
  .globl _start
_start:
  j _start
