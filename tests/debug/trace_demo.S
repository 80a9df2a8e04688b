# A small bare-metal program for the instruction-trace test (tests/debug/): integer, M and
# compressed instructions, loads and stores of every width, AMOs and LR/SC, CSR writes, a
# trip to U-mode and back through ecall and mret, and the HTIF exit. It runs the same on
# uintrsim and on Spike (no counters, timers or initial register values are read), so its
# --trace-insn output can be compared line by line with `spike --log-commits`.
  .section .text.init
  .globl _start
_start:
  la t0, trap_handler
  csrw mtvec, t0
  csrw mscratch, zero
  # PMP: all of memory for U-mode (NAPOT, RWX)
  li t0, -1
  csrw pmpaddr0, t0
  li t0, 0x1f
  csrw pmpcfg0, t0

  # integer and M extension
  li a0, 5
  li a1, -3
  add a2, a0, a1
  sub a3, a0, a1
  mul a4, a0, a1
  div a5, a4, a1
  remu a6, a0, a1
  slli a7, a0, 40
  sraiw s2, a1, 1
  lui s3, 0x12345
  addiw s3, s3, 0x678
  xor s4, s3, a0

  # loads and stores of every width
  la s0, data
  sd s3, 0(s0)
  sw a1, 8(s0)
  sh a0, 12(s0)
  sb a1, 14(s0)
  ld t1, 0(s0)
  lw t2, 8(s0)
  lwu t3, 8(s0)
  lh t4, 12(s0)
  lhu t5, 12(s0)
  lb t6, 14(s0)
  lbu t6, 14(s0)

  # compressed forms
  c.li a0, 7
  c.addi a0, 3
  c.mv a1, a0
  c.add a1, a0
  c.sd a1, 16(s0)
  c.ld a2, 16(s0)
  c.sw a0, 24(s0)
  c.lw a3, 24(s0)

  # atomics
  li t0, 2
  amoadd.w t1, t0, (s0)
  amoswap.d t2, t0, (s0)
  amoor.d t3, a0, (s0)
  lr.d t4, (s0)
  addi t4, t4, 1
  sc.d t5, t4, (s0)
  ld t6, 0(s0)

  # branches and calls
  li t0, 3
1:
  addi t0, t0, -1
  bnez t0, 1b
  call leaf
  jal zero, 2f
  nop
2:
  # CSR read-modify-write
  csrrw t1, mscratch, a0
  csrrs t2, mscratch, t0
  csrrsi t3, mscratch, 8
  csrrci t4, mscratch, 1
  csrr t5, mscratch

  # to U-mode and back: ecall from U traps to M, the handler returns to `back` in M-mode
  li t0, 0x1800
  csrc mstatus, t0          # MPP = U
  la t0, user
  csrw mepc, t0
  mret
user:
  addi a0, a0, 1
  ecall
back:
  ecall                     # from M this time
  # exit through HTIF: tohost = 1 (code 0)
  li t0, 1
  la t1, tohost
  sd t0, 0(t1)
3:
  j 3b

leaf:
  addi a0, a0, 1
  ret

  .align 2
trap_handler:
  csrr t0, mcause
  csrr t1, mepc
  li t2, 8                  # ecall from U: continue at `back` in M-mode
  bne t0, t2, 4f
  li t2, 0x1800
  csrs mstatus, t2          # MPP = M
  la t1, back
  csrw mepc, t1
  mret
4:
  addi t1, t1, 4            # ecall from M: skip it
  csrw mepc, t1
  mret

  .section .tohost, "aw", @progbits
  .align 6
  .globl tohost
tohost: .dword 0
  .align 6
  .globl fromhost
fromhost: .dword 0

  .data
  .align 3
data: .zero 32
