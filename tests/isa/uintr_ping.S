# User interrupt between two harts through the UINTC (run with platform.harts=2).
#
# Compile-time parameters: SENDER (0 or 1; the other hart receives) and STRIDE (the
# sender-table entry stride the platform is configured with, uintr.uist_stride: 8 or 256).
#
# Both harts are set up in M-mode as a kernel would (docs/hardware-uintr.md "Linux context switch"):
# each owns an active UINTC receiver entry (RX_IDX(hartid)) with USI delegated M->S->U,
# utvec and ustatus.UIE; the sender's suist points at a 1-page sender table prepared by
# M-mode. Both then drop to U-mode with mret.
#
# The sender's table holds, at index k (1..4) * STRIDE, an entry for the receiver with
# vector V_k; at the same indices times the other stride, decoy entries with other vectors
# (a wrong stride would deliver those); at index 5 an entry without Valid; at the first
# index beyond suist.Size (byte offset 4096, in the table's second page) a valid entry. Before
# entering U, M-mode sends once with suist.Enable clear.
#
# Sender (U): waits for the receiver, sends to index 5 (no Valid) and to the index beyond
# Size -- both no-ops with the default uintr.send_checks=qemu -- and checks that nothing
# arrived; then for k = 1..4 sends to index k, waits for the receiver's acknowledgement and
# checks the pending bits the receiver read (vector 69 arrives as bit 69 & 63 = 5); finally
# checks that no further interrupt arrives and prints a summary line.
#
# Receiver (U): spins in rx_loop. Its handler (utvec, direct) checks ucause = USI, uepc inside
# rx_loop and ustatus (UIE = 0, UPIE = 1) and uip.USIP = 1, reads and clears the pending bits
# with uipi.read, records whether uip.USIP is still set after the read (0 with the level line,
# 1 with the sticky one), clears uip.USIP, checks it is clear, stores the bits and counts.
# The sender never expects an interrupt (its handler fails with code 40).
#include "uintr_test.h"

#ifndef SENDER
#define SENDER 0
#endif
#ifndef STRIDE
#define STRIDE 8
#endif
#if SENDER == 0
#define RECEIVER 1
#else
#define RECEIVER 0
#endif
#if STRIDE == 8
#define OTHER_STRIDE 256
#else
#define OTHER_STRIDE 8
#endif
#define RX_IDX(h) (10 + (h))
#define ROUNDS 4
#define V1 3
#define V2 17
#define V3 63
#define V4 69
#define DECOY(k) (40 + (k))
#define BEYOND_IDX (4096 / STRIDE)

  .text
  .globl test_main
test_main:
  li t0, 2
  bgeu a0, t0, park
  li t0, SIMCTRL_BASE
  ld t1, SIMCTRL_HARTS(t0)
  li t0, 2
  bgeu t1, t0, 1f
  FAIL 1                          # needs platform.harts=2
1:
  li t0, SENDER
  beq a0, t0, sender

# ---------------------------------------------------------------- receiver (M set-up)
  RECEIVER_SETUP RX_IDX(RECEIVER), 1, rx_handler
  ENTER_U rx_user

# ---------------------------------------------------------------- sender (M set-up)
sender:
  RECEIVER_SETUP RX_IDX(SENDER), 1, tx_handler
  TABLE_PUT table, 1 * STRIDE, UISTE(V1, RX_IDX(RECEIVER))
  TABLE_PUT table, 2 * STRIDE, UISTE(V2, RX_IDX(RECEIVER))
  TABLE_PUT table, 3 * STRIDE, UISTE(V3, RX_IDX(RECEIVER))
  TABLE_PUT table, 4 * STRIDE, UISTE(V4, RX_IDX(RECEIVER))
  TABLE_PUT table, 5 * STRIDE, UISTE_INVALID(9, RX_IDX(RECEIVER))
  TABLE_PUT table, 4096, UISTE(10, RX_IDX(RECEIVER))
  TABLE_PUT table, 1 * OTHER_STRIDE, UISTE(DECOY(1), RX_IDX(RECEIVER))
  TABLE_PUT table, 2 * OTHER_STRIDE, UISTE(DECOY(2), RX_IDX(RECEIVER))
  TABLE_PUT table, 3 * OTHER_STRIDE, UISTE(DECOY(3), RX_IDX(RECEIVER))
  TABLE_PUT table, 4 * OTHER_STRIDE, UISTE(DECOY(4), RX_IDX(RECEIVER))
  TABLE_PUT table, 5 * OTHER_STRIDE, UISTE(DECOY(5), RX_IDX(RECEIVER))
  # suist with Enable clear: uipi.send is a no-op (also in M-mode).
  la t0, table
  srli t0, t0, 12
  csrw CSR_SUIST, t0
  li a0, 1
  UIPI_SEND a0
  SENDER_SETUP table, 1
  ENTER_U tx_user

# ---------------------------------------------------------------- sender (U)
tx_user:
  la s0, rx_ready
  li s1, 1
  WAIT_EQ s0, s1, 10000000, 2
  la s0, rx_count
  # No-ops: entry without Valid; index beyond suist.Size.
  li a0, 5
  UIPI_SEND a0
  li a0, BEYOND_IDX
  UIPI_SEND a0
  DELAY 3000
  ld t0, 0(s0)
  CHECK_EQI t0, 0, 3              # nothing delivered (includes the disabled send in M)
  li s3, 0                        # rounds done
  la s4, expect
  la s5, rx_got
tx_round:
  addi a0, s3, 1
  UIPI_SEND a0
  addi s3, s3, 1
  WAIT_EQ s0, s3, 10000000, 4     # the receiver acknowledged this round
  ld t0, 0(s4)
  ld t1, 0(s5)
  CHECK_EQ t0, t1, 5              # it read exactly this round's bit
  addi s4, s4, 8
  addi s5, s5, 8
  li t0, ROUNDS
  blt s3, t0, tx_round
  DELAY 5000
  ld t0, 0(s0)
  CHECK_EQI t0, ROUNDS, 6         # no further interrupts
  csrr t0, CSR_UIP
  CHECK_EQI t0, 0, 7              # the sender's own USIP never rose
  # Summary: "uintr_ping: hart S -> hart R, stride N, rounds=4, usip_after_read=X"
  la a0, msg1
  call puts
  la t0, usip_after_read
  ld t1, 0(t0)
  li t0, SIMCTRL_BASE
  addi t1, t1, '0'
  sd t1, SIMCTRL_PUTCHAR(t0)
  li t1, '\n'
  sd t1, SIMCTRL_PUTCHAR(t0)
  j pass

  .align 2
tx_handler:                       # the sender is never interrupted
  FAIL 40

# ---------------------------------------------------------------- receiver (U)
rx_user:
  la t0, rx_ready
  li t1, 1
  sd t1, 0(t0)
rx_loop:
  addi s2, s2, 1
  j rx_loop
rx_loop_end:

  .align 2
rx_handler:
  addi sp, sp, -64
  sd t0, 0(sp)
  sd t1, 8(sp)
  sd t2, 16(sp)
  sd t3, 24(sp)
  sd t5, 32(sp)
  sd t6, 40(sp)
  sd a0, 48(sp)
  csrr t0, CSR_UCAUSE
  CHECK_EQI t0, CAUSE_USI, 30
  csrr t0, CSR_UEPC
  la t1, rx_loop
  CHECK_LEU t1, t0, 31
  la t1, rx_loop_end
  bltu t0, t1, 1f
  FAIL 32
1:
  csrr t0, CSR_USTATUS
  CHECK_EQI t0, USTATUS_UPIE, 33  # UIE = 0, UPIE = 1 inside the handler
  csrr t0, CSR_UIP
  CHECK_EQI t0, MIP_USIP, 34
  UIPI_READ a0                    # pending bits; clears them
  csrr t0, CSR_UIP
  andi t0, t0, MIP_USIP
  la t1, usip_after_read
  ld t2, 0(t1)
  or t2, t2, t0
  sd t2, 0(t1)
  csrci CSR_UIP, MIP_USIP
  csrr t0, CSR_UIP
  CHECK_EQI t0, 0, 35
  la t1, rx_count
  ld t2, 0(t1)
  li t0, ROUNDS
  bltu t2, t0, 2f
  FAIL 36                         # more interrupts than sends
2:
  la t0, rx_got
  slli t3, t2, 3
  add t0, t0, t3
  sd a0, 0(t0)
  fence w, w                      # the bits before the count
  addi t2, t2, 1
  sd t2, 0(t1)
  ld t0, 0(sp)
  ld t1, 8(sp)
  ld t2, 16(sp)
  ld t3, 24(sp)
  ld t5, 32(sp)
  ld t6, 40(sp)
  ld a0, 48(sp)
  addi sp, sp, 64
  URET

  .section .rodata
#define STR_(x) #x
#define STR(x) STR_(x)
msg1: .asciz "uintr_ping: hart " STR(SENDER) " -> hart " STR(RECEIVER) ", stride " STR(STRIDE) ", rounds=4, usip_after_read="
  .align 3
expect:
  .dword 1 << V1, 1 << V2, 1 << V3, 1 << (V4 & 63)

  .data
  .align 12
table: .zero 8192                 # 2 pages; suist.Size = 1
  .align 6
rx_ready: .dword 0
  .align 6
rx_count: .dword 0
  .align 6
rx_got: .zero 8 * ROUNDS
  .align 6
usip_after_read: .dword 0
