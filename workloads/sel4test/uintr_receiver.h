// The receiver side shared by the U-notification tests (uintr_notify, uintr_receivers): a
// thread that installs the user-interrupt handler and then only yields, and a handler that
// takes the pending vectors and counts one delivery per vector bit. Include once, in the
// program's only C file: it defines uintr_dispatch, which uintr_vec (uintr_hw.h) calls.
#pragma once
#include "sel4test.h"
#include "../uintr/uintr_hw.h"
#include <sel4/uintr.h>

static volatile seL4_Word received, vector_bits, receiver_ready;
static char recv_stack[16384] __attribute__((aligned(16)));

void uintr_vec(void);
void uintr_dispatch(seL4_Word* frame) {
  (void)frame;
  const seL4_Word pending = sel4_uintr_take();
  vector_bits |= pending;
  for (seL4_Word p = pending; p; p &= p - 1) ++received;  // one per vector bit
}

static void receiver(void* arg) {
  (void)arg;
  csr_write(CSR_UTVEC, (seL4_Word)(uintptr_t)uintr_vec);
  csr_set(CSR_UIE, 1);      // USIE
  csr_set(CSR_USTATUS, 1);  // UIE
  receiver_ready = 1;
  for (;;) seL4_Yield();    // runs whenever scheduled; interrupts arrive in user mode
}
