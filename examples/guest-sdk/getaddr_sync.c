// getaddr_sync: a root task on the seL4-style runtime (synchronous syscalls). Asks the kernel
// for the physical address of `frames` frames, `epochs` times each (seL4_RISCV_Page_GetAddress);
// one round = one call.
//   workload arguments: frames (integer, default 8), epochs (workload.epochs, default 10)
#include <sel4/runtime.h>

#define MAX_FRAMES 256

int main(seL4_BootInfo* bi) {
  // Maps the sim-control device: ROI markers and workload arguments need it.
  if (sel4_simctrl_init(bi)) return 100;
  const int frames = (int)uintrsim_arg_int("frames", 8);
  const int epochs = (int)uintrsim_arg_int("epochs", 10);
  if (frames < 1 || frames > MAX_FRAMES) {
    printf("getaddr_sync: frames=%d out of range 1..%d\n", frames, MAX_FRAMES);
    return 101;
  }

  // Set-up, outside the region of interest.
  static seL4_CPtr frame[MAX_FRAMES];
  for (int i = 0; i < frames; ++i)
    if (!(frame[i] = alloc_object(bi, seL4_RISCV_4K_Page, 0))) return 102;

  seL4_Word errors = 0;
  sel4_roi_begin();
  for (int e = 0; e < epochs; ++e)
    for (int i = 0; i < frames; ++i) {
      const seL4_RISCV_Page_GetAddress_t r = seL4_RISCV_Page_GetAddress(frame[i]);
      errors += r.error != seL4_NoError || r.paddr == 0;
    }
  const seL4_Word rounds = (seL4_Word)frames * epochs;
  sel4_rounds(rounds);    // roi.cycles_per_round, roi.ticks_per_round
  sel4_syscalls(rounds);  // roi.trap_frequency = kernel entries / syscalls
  sel4_roi_end();

  printf("getaddr_sync: frames=%d epochs=%d rounds=%lu errors=%lu\n", frames, epochs, rounds, errors);
  return errors ? 1 : 0;  // main's return value is the run's exit status
}
