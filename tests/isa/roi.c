// Sim-control region of interest: hart 0 brackets ROUNDS rounds of work with ROI_BEGIN /
// ROI_END, reports the rounds through the ROUNDS register (in uneven increments, which must
// add up), and prints what it reported and how long the ROI took by rdcycle/rdtime.
// tests/isa/check_roi.py runs it with --stats-out and checks the JSON against that report.
// Built a second time with -DROUNDS_OUTSIDE, which also writes ROUNDS before ROI_BEGIN and
// after ROI_END: those are not rounds "the guest reported in the ROI" and must not count.
#include "../../workloads/baremetal/bm.h"

#define ROUNDS 12

static volatile uint64_t sink;

static uint64_t work(uint64_t seed) {
  uint64_t x = seed;
  for (int i = 0; i < 2000; ++i) x = x * 6364136223846793005ull + 1442695040888963407ull;
  return x;
}

int main(int hartid) {
  if (hartid != 0)
    for (;;) __asm__ volatile("wfi");
  uint64_t reported = 0;
#ifdef ROUNDS_OUTSIDE
  bm_simctrl(BM_ROUNDS, 100);   // before the ROI
#endif
  const uint64_t c0 = bm_rdcycle(), t0 = bm_rdtime();
  bm_simctrl(BM_ROI_BEGIN, 0);
  for (int r = 0; r < ROUNDS; r += 3) {
    for (int k = 0; k < 3; ++k) sink = work(sink + r + k);
    bm_simctrl(BM_ROUNDS, 3);   // three rounds at a time
    reported += 3;
  }
  bm_simctrl(BM_ROI_END, 0);
  const uint64_t c1 = bm_rdcycle(), t1 = bm_rdtime();
#ifdef ROUNDS_OUTSIDE
  bm_simctrl(BM_ROUNDS, 7);     // after the ROI
#endif
  bm_printf("roi: rounds=%lu guest_cycles=%lu guest_ticks=%lu\n", reported, c1 - c0, t1 - t0);
  return 0;
}
