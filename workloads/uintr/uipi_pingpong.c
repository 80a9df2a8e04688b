// Micro-benchmark: two-hart user-interrupt ping-pong. Hart 0 sends to hart 1; hart 1's
// handler sends back; hart 0's handler sends again, ROUNDS times. Handlers use the full
// library entry (uintr_vec.S: 31-register save, C dispatch with uipi.read, clearing
// uip.USIP and uipi.write of unhandled bits), as the Rocket measurement did. Prints cycles
// per round trip and per one-way send+receive.
// Built twice: uipi_pingpong (the UINTC) and, with -DPOSTED, uipi_pingpong_posted
// (uintr.arch = posted: each hart owns a UPID and a one-entry UITT to the other's UPID; the
// handler learns its vector from ucause), the same measurement on both architectures.
#include "../baremetal/bm.h"
#include "uintr_hw.h"
#ifdef POSTED
#include "posted_hw.h"
#define SEND(i) senduipi(i)
#define NAME "uipi_pingpong_posted"
#define UINV 7
static struct upid upids[2];
static struct uitte uitt0[256] __attribute__((aligned(4096)));
static struct uitte uitt1[256] __attribute__((aligned(4096)));
#else
#define SEND(i) uipi_send(i)
#define NAME "uipi_pingpong"
#endif

#define ROUNDS 1000
#define VECTOR 3

static volatile uint64_t pongs[2], done, ready[2], setup_done;
#ifndef POSTED
static uint64_t table0[512] __attribute__((aligned(4096)));
static uint64_t table1[512] __attribute__((aligned(4096)));
#endif
static uint64_t t_start, t_end;

void uintr_vec(void);

// Called from uintr_vec with the saved-register frame.
void uintr_dispatch(uint64_t* frame) {
  (void)frame;
#ifdef POSTED
  uint64_t pending = 1ull << posted_vector();
#else
  uint64_t pending = uipi_read();
  csr_clear(CSR_UIP, 1);
#endif
  const uint64_t hart = csr_read(CSR_USCRATCH);  // set up per hart: its id
  if (pending & (1ull << VECTOR)) {
    pending &= ~(1ull << VECTOR);
    ++pongs[hart];
    if (hart == 1 || pongs[0] < ROUNDS) SEND(0);   // answer / next ping
    else { t_end = bm_rdcycle(); done = 1; }
  }
#ifndef POSTED
  uipi_write(pending);  // give back anything not handled
#endif
}

static void user_main0(void) {
  ready[0] = 1;
  while (!ready[1]) { }
  bm_simctrl(BM_ROI_BEGIN, 0);  // the ROI: ROUNDS round trips (roi.cycles_per_round)
  t_start = bm_rdcycle();
  SEND(0);
  while (!done) { }
  bm_simctrl(BM_ROUNDS, ROUNDS);
  bm_simctrl(BM_ROI_END, 0);
  const uint64_t total = t_end - t_start;
  bm_printf(NAME ": %d round trips in %lu cycles: %lu cycles per round trip, "
            "%lu cycles per send+receive\n", ROUNDS, total, total / ROUNDS, total / (2 * ROUNDS));
  bm_exit(pongs[0] == ROUNDS && pongs[1] == ROUNDS ? 0 : 1);
}

static void user_main1(void) {
  ready[1] = 1;
  for (;;) { }
}

int main(int hartid) {
  if (bm_harts() < 2) { bm_puts(NAME " needs 2 harts (--set platform.harts=2)\n"); return 2; }
  csr_write(mcounteren, 7);
  csr_write(scounteren, 7);
  if (hartid == 0) {
#ifdef POSTED
    uitte_set(&uitt0[0], VECTOR, &upids[1]);  // hart 0 sends to hart 1's UPID
    posted_setup_sender(uitt0, 0);
    posted_setup_receiver(&upids[0], 0, UINV, uintr_vec);
#else
    table0[0] = uiste(VECTOR, 1);  // hart 0 sends to receiver entry 1 (hart 1)
    uintr_setup_hart(0, 0, table0, uintr_vec);
#endif
    csr_write(CSR_USCRATCH, 0);
    while (!setup_done) { }
    enter_user(user_main0);
  } else if (hartid == 1) {
#ifdef POSTED
    uitte_set(&uitt1[0], VECTOR, &upids[0]);  // hart 1 answers to hart 0's UPID
    posted_setup_sender(uitt1, 0);
    posted_setup_receiver(&upids[1], 1, UINV, uintr_vec);
#else
    table1[0] = uiste(VECTOR, 0);  // hart 1 answers to receiver entry 0 (hart 0)
    uintr_setup_hart(1, 1, table1, uintr_vec);
#endif
    csr_write(CSR_USCRATCH, 1);
    setup_done = 1;
    enter_user(user_main1);
  }
  for (;;) __asm__ volatile("wfi");
}
