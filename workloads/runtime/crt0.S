# Entry of a root task under the uintrsim kernel model (user mode).
#
# The kernel starts the root task at _start with a0 = user virtual address of its boot info
# frame (seL4_BootInfo) and hands it zero-filled .bss; every other register is undefined.
# Start-up: sp = a static 64 KiB stack (.bss, 16-byte aligned), tp = the root task's TLS block
# (reserved by link.ld at the end of .bss) with the .tdata image copied in, then C code
# (__sel4_root_start, sel4_runtime.c) stores the IPC buffer pointer, initialises the allocator,
# calls main(bi) and ends the run with main's return value.
  .section .text.init, "ax", @progbits
  .globl _start
  .type _start, @function
_start:
  la sp, __sel4_root_stack_top
  la tp, __sel4_root_tls
  # copy the initialised TLS image (.tdata) into the root's TLS block; .tbss is already zero
  la t0, __sel4_tls_start
  la t1, __sel4_tdata_end
  mv t2, tp
1:
  bgeu t0, t1, 2f
  lbu t3, 0(t0)
  sb t3, 0(t2)
  addi t0, t0, 1
  addi t2, t2, 1
  j 1b
2:
  li ra, 0                      # end of the call chain for debuggers
  li s0, 0
  call __sel4_root_start        # a0 = boot info; does not return
3:
  j 3b
  .size _start, . - _start

  .section .bss.sel4_root_stack, "aw", @nobits
  .balign 16
  .globl __sel4_root_stack
__sel4_root_stack:
  .space 65536
  .globl __sel4_root_stack_top
__sel4_root_stack_top:

  # Identifies the runtime in the image (and keeps the read-only segment from being empty).
  .section .rodata.sel4_runtime_id, "a", @progbits
  .globl __sel4_runtime_id
__sel4_runtime_id:
  .asciz "uintrsim seL4 guest runtime"
