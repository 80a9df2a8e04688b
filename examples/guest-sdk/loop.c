// loop: a bare-metal benchmark (M-mode, no kernel). `iterations` rounds of a small integer
// kernel, measured by the simulator inside the region of interest.
//   workload arguments: iterations (integer, default 1000), label (string, default "loop")
#include <bm.h>

int main(int hartid) {
  if (hartid != 0)
    for (;;) __asm__ volatile("wfi");  // one hart measures; the others sleep

  const int64_t iterations = uintrsim_arg_int("iterations", 1000);
  char label[32];
  uintrsim_arg_str("label", label, sizeof label, "loop");

  uint64_t x = 1;
  bm_simctrl(BM_ROI_BEGIN, 0);  // region of interest: roi.* statistics
  for (int64_t i = 0; i < iterations; ++i) x = x * 6364136223846793005ull + 1442695040888963407ull;
  bm_simctrl(BM_ROUNDS, (uint64_t)iterations);  // roi.cycles_per_round = roi.cycles / rounds
  bm_simctrl(BM_ROI_END, 0);

  bm_printf("%s: iterations=%ld x=%lx\n", label, iterations, x);
  return 0;  // the simulator's exit status
}
