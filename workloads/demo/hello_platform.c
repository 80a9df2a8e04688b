// Demo guest: every hart says hello, they meet at an atomic barrier, hart 0 times a small
// loop with rdcycle/rdtime inside a region of interest, and the run ends with exit code 0.
#include "../baremetal/bm.h"

static volatile uint64_t arrived;
static volatile uint64_t lock;

static void lock_acquire(void) {
  while (__atomic_exchange_n(&lock, 1, __ATOMIC_ACQUIRE)) { }
}
static void lock_release(void) { __atomic_store_n(&lock, 0, __ATOMIC_RELEASE); }

int main(int hartid) {
  const uint64_t harts = bm_harts();
  lock_acquire();
  bm_printf("hello from hart %d of %d\n", hartid, (int)harts);
  lock_release();
  __atomic_fetch_add(&arrived, 1, __ATOMIC_SEQ_CST);
  while (arrived < harts) { }
  if (hartid != 0) for (;;) __asm__ volatile("wfi");

  const uint64_t t0 = bm_rdtime(), c0 = bm_rdcycle();
  bm_simctrl(BM_ROI_BEGIN, 0);
  uint64_t sum = 0;
  for (uint64_t i = 1; i <= 100000; ++i) sum += (i ^ (i >> 3)) & 0xff;
  bm_simctrl(BM_ROUNDS, 1);
  bm_simctrl(BM_ROI_END, 0);
  const uint64_t t1 = bm_rdtime(), c1 = bm_rdcycle();
  bm_printf("sum = %lu; loop took %lu cycles = %lu rdtime ticks (guest-measured)\n", sum,
            c1 - c0, t1 - t0);
  return sum == 12756772 ? 0 : 1;
}
