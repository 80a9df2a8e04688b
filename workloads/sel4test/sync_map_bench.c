// sync_map_bench: the synchronous workload of the thesis. `frames` frames (workload argument,
// default SYNC_MAP_FRAMES, at most 512), each mapped (Page_Map) and unmapped (Page_Unmap) once
// per epoch, for `epochs` epochs (workload.epochs); one round = one map + one unmap. Page tables are created during set-up (one map/unmap of every
// frame), so the timed part only maps and unmaps. Timed with seL4_GetClock (rdtime ticks).
#include "sel4test.h"

#ifndef SYNC_MAP_FRAMES
#define SYNC_MAP_FRAMES 8
#endif
#ifndef SYNC_MAP_EPOCHS
#define SYNC_MAP_EPOCHS 10
#endif

#define MAX_FRAMES 512
static seL4_CPtr frames[MAX_FRAMES];

int main(seL4_BootInfo* bi) {
  sel4test_begin("sync_map_bench");
  const int have_simctrl = sel4_simctrl_init(bi) == 0;  // ROI markers and arguments
  const int64_t n_frames = uintrsim_arg_int("frames", SYNC_MAP_FRAMES);
  const int64_t n_epochs = uintrsim_arg_int("epochs", SYNC_MAP_EPOCHS);
  REQUIRE(8, n_frames >= 1 && n_frames <= MAX_FRAMES, "workload.args.frames is in [1, 512]");
  seL4_Word base = alloc_vaddr((seL4_Word)n_frames);
  for (int i = 0; i < n_frames; ++i) {
    frames[i] = alloc_object(bi, seL4_RISCV_4K_Page, 0);
    REQUIRE(1, frames[i] != seL4_CapNull, "retype the frames");
    REQUIRE_ERR(2, map_page(frames[i], seL4_CapInitThreadVSpace, base + ((seL4_Word)i << seL4_PageBits),
                            seL4_ReadWrite, seL4_RISCV_Default_VMAttributes),
                seL4_NoError, "set-up map (page tables as needed)");
    REQUIRE_ERR(3, seL4_RISCV_Page_Unmap(frames[i]), seL4_NoError, "set-up unmap");
  }

  seL4_Word map_errors = 0, unmap_errors = 0;
  sel4_roi_begin();
  seL4_Word t0 = seL4_GetClock();
  for (int e = 0; e < n_epochs; ++e) {
    for (int i = 0; i < n_frames; ++i)
      map_errors += seL4_RISCV_Page_Map(frames[i], seL4_CapInitThreadVSpace, base + ((seL4_Word)i << seL4_PageBits),
                                        seL4_ReadWrite, seL4_RISCV_Default_VMAttributes) != seL4_NoError;
    for (int i = 0; i < n_frames; ++i) unmap_errors += seL4_RISCV_Page_Unmap(frames[i]) != seL4_NoError;
  }
  seL4_Word t1 = seL4_GetClock();
  const int rounds = (int)(n_frames * n_epochs);
  sel4_rounds((seL4_Word)rounds);
  sel4_roi_end();

  seL4_Word ticks = t1 - t0;
  printf("frames=%d epochs=%d\n", (int)n_frames, (int)n_epochs);
  printf("rounds=%d ticks=%lu ticks_per_round=%lu\n", rounds, ticks, ticks / (seL4_Word)rounds);
  CHECK_EQ(4, map_errors, 0, "every Page_Map succeeded");
  CHECK_EQ(5, unmap_errors, 0, "every Page_Unmap succeeded");
  CHECK(6, t1 > t0, "seL4_GetClock advanced");
  CHECK(7, have_simctrl, "the sim-control device was mapped from its device untyped");
  return sel4test_finish();
}
