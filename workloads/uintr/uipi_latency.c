// Micro-benchmark: one-way user-interrupt latency, from `uipi.send` on hart 0 (U-mode) to
// the first instruction of the receiver's handler at utvec on hart 1 (U-mode), measured with
// rdcycle on both harts (one clock domain: their cycle counters are comparable).
// Prints each of ROUNDS sends (the first one is cold: the sender-table entry misses in the
// D-cache) and the minimum. Run with 2 harts; see README (UINTR micro-benchmarks).
// Built twice: uipi_latency (the UINTC: uipi.send) and, with -DPOSTED, uipi_latency_posted
// (uintr.arch = posted: senduipi through a UITT to the receiver's UPID), the same
// measurement on both architectures (docs/uintr-posted.md "Comparison").
#include "../baremetal/bm.h"
#include "uintr_hw.h"
#ifdef POSTED
#include "posted_hw.h"
#define SEND(i) senduipi(i)
#define NAME "uipi_latency_posted"
#else
#define SEND(i) uipi_send(i)
#define NAME "uipi_latency"
#endif

#define ROUNDS 16
#define VECTOR 5

struct latency_slot {
  volatile uint64_t count, vectors, t_handler[ROUNDS];
};
static struct latency_slot slot;
static uint64_t t_send[ROUNDS];
static volatile uint64_t receiver_ready, setup_done;
#ifdef POSTED
static struct uitte uitt[256] __attribute__((aligned(4096)));
static struct upid receiver_upid;
#define UINV 7
#else
static uint64_t sender_table[512] __attribute__((aligned(4096)));
#endif

void latency_utvec(void);
void receiver_wait(volatile uint64_t* count, uint64_t n, volatile uint64_t* ready);

static void sender_user(void) {
  while (!receiver_ready) { }
  for (int i = 0; i < ROUNDS; ++i) {
    const uint64_t t = bm_rdcycle();
    SEND(0);
    t_send[i] = t;
    while (slot.count <= (uint64_t)i) { }
    for (volatile int d = 0; d < 50; ++d) { }  // let the receiver return to its loop
  }
  uint64_t min = ~0ull;
  bm_printf(NAME ": send -> receiver's first handler instruction (cycles)\n");
  for (int i = 0; i < ROUNDS; ++i) {
    const uint64_t lat = slot.t_handler[i] - t_send[i];
    if (lat < min) min = lat;
    bm_printf("  send %2d: %lu%s\n", i, lat, i == 0 ? " (cold)" : "");
  }
  bm_printf(NAME ": min %lu cycles, vector bits 0x%lx\n", min, slot.vectors);
  bm_exit(slot.vectors == (1ull << VECTOR) ? 0 : 1);
}

static void receiver_user(void) {
  receiver_wait(&slot.count, ROUNDS, &receiver_ready);
  for (;;) { }  // hart 0 ends the run
}

int main(int hartid) {
  if (bm_harts() < 2) { bm_puts(NAME " needs 2 harts (--set platform.harts=2)\n"); return 2; }
  csr_write(mcounteren, 7);
  csr_write(scounteren, 7);
  if (hartid == 0) {
#ifdef POSTED
    uitte_set(&uitt[0], VECTOR, &receiver_upid);  // index 0 -> hart 1's UPID, vector 5
    posted_setup_sender(uitt, 0);
#else
    sender_table[0] = uiste(VECTOR, 1);  // index 0 -> receiver entry 1, vector 5
    uintr_setup_hart(0, 0, sender_table, latency_utvec);
#endif
    while (!setup_done) { }
    enter_user(sender_user);
  } else if (hartid == 1) {
#ifdef POSTED
    posted_setup_receiver(&receiver_upid, 1, UINV, latency_utvec);
#else
    uintr_setup_hart(1, 1, sender_table, latency_utvec);
#endif
    csr_write(CSR_USCRATCH, (uint64_t)&slot);
    setup_done = 1;
    enter_user(receiver_user);
  }
  for (;;) __asm__ volatile("wfi");
}
