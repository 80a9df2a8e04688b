# Receiver side of the one-way latency benchmark (the UINTC, or with -DPOSTED the posted
# architecture, whose handler learns its vector from ucause). The first instruction at utvec reads the
# cycle counter, so the measurement ends exactly when the receiver starts its handler. The
# handler may clobber t3-t6: the receiver waits in `receiver_wait` below, which uses none.
#   uscratch -> struct latency_slot { count; vectors; t_handler[]; }
  .text
  .align 2
  .globl latency_utvec
latency_utvec:
  rdcycle t6
  csrrw t5, 0x040, t5            # t5 = slot (uscratch), uscratch = interrupted t5
  ld t4, 0(t5)                   # count
  slli t3, t4, 3
  add t3, t3, t5
  sd t6, 16(t3)                  # t_handler[count]
#ifdef POSTED
  csrr t6, 0x042                 # ucause = interrupt | 16 + vector (one vector per delivery)
  andi t6, t6, 0xff
  addi t6, t6, -16
  li t3, 1
  sll t6, t3, t6                 # its bit
  ld t3, 8(t5)
  or t6, t6, t3
  sd t6, 8(t5)                   # vectors |= bit
  addi t4, t4, 1
  sd t4, 0(t5)                   # count++ (publishes the timestamp)
#else
  .insn r 0b1111011, 0b110, 0b0000001, t6, x0, x0   # uipi.read: pending vectors (clears)
  sd t6, 8(t5)
  addi t4, t4, 1
  sd t4, 0(t5)                   # count++ (publishes the timestamp)
  li t6, 1
  csrc 0x044, t6                 # clear uip.USIP
#endif
  csrrw t5, 0x040, t5
  uret

# void receiver_wait(volatile uint64_t* count, uint64_t n, volatile uint64_t* ready)
# Sets *ready = 1, then spins until *count >= n. Uses a0-a3 only.
  .globl receiver_wait
receiver_wait:
  li a3, 1
  sd a3, 0(a2)
1:
  ld a3, 0(a0)
  bltu a3, a1, 1b
  ret
