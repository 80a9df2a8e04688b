# M-mode trap handler for tests/isa/posted_rules.c: records mcause and mtval of a faulting
# senduipi (posted_fault_cause/_tval, posted_fault_count += 1) and resumes after it. mscratch
# holds a 16-byte save area while the hart runs in U-mode.
  .text
  .align 2
  .globl posted_fault_trap
posted_fault_trap:
  csrrw sp, mscratch, sp
  sd t0, 0(sp)
  sd t1, 8(sp)
  csrr t0, mcause
  la t1, posted_fault_cause
  sd t0, 0(t1)
  csrr t0, mtval
  la t1, posted_fault_tval
  sd t0, 0(t1)
  la t1, posted_fault_count
  ld t0, 0(t1)
  addi t0, t0, 1
  sd t0, 0(t1)
  csrr t0, mepc
  addi t0, t0, 4                 # senduipi is a 4-byte instruction
  csrw mepc, t0
  ld t0, 0(sp)
  ld t1, 8(sp)
  csrrw sp, mscratch, sp
  mret
