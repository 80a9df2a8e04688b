# An ELF whose `tohost` symbol is its entry point: the HTIF window would take the page of the
# first instruction away from RAM. Expected: exit 125 before anything runs.
  .section .text.init
  .globl _start, tohost
_start:
tohost:
  j _start
