# Linked at 0x10000000 (link_outside_ram.ld), far below RAM at 0x80000000. Expected: the
# loader refuses it (exit 125, "outside RAM") before anything runs.
  .section .text.init
  .globl _start
_start:
  j _start
