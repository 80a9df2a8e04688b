// Multi-hart atomics: every hart increments shared counters ITERS times each
//   phase 1: a 64-bit counter with lr.d/sc.d retry loops,
//   phase 2: a 64-bit counter with amoadd.d,
//   phase 3: a 32-bit counter alternately with lr.w/sc.w and amoadd.w (an AMO by another
//            hart must break a reservation just like a store),
// with a barrier between phases; hart 0 then checks that every total is exactly
// harts * ITERS. Registered with --set platform.harts=2 and 4 (and a 1-cycle quantum, which
// interleaves the harts as finely as possible).
#include "../../workloads/baremetal/bm.h"

#define ITERS 1000

static volatile uint64_t lrsc_counter;
static volatile uint64_t pad0[7];
static volatile uint64_t amo_counter;
static volatile uint64_t pad1[7];
static volatile uint32_t mixed_counter;
static volatile uint64_t pad2[7];
static volatile uint64_t barrier_count[4];
static volatile uint64_t sc_failures[8];
// crt0 lets harts other than 0 into main() while hart 0 may still be clearing .bss, so they
// wait for this gate (in .data, which is not cleared) before touching the counters.
static volatile uint64_t start_gate = 1;

static void barrier(unsigned phase, uint64_t harts) {
  __atomic_fetch_add(&barrier_count[phase], 1, __ATOMIC_SEQ_CST);
  while (barrier_count[phase] < harts) { }
}

static uint64_t lrsc_add_d(volatile uint64_t* p, uint64_t inc) {
  uint64_t tmp, fail, retries = 0;
  __asm__ volatile(
      "1: lr.d %0, (%3)\n"
      "   add %0, %0, %4\n"
      "   sc.d %1, %0, (%3)\n"
      "   beqz %1, 2f\n"
      "   addi %2, %2, 1\n"
      "   j 1b\n"
      "2:\n"
      : "=&r"(tmp), "=&r"(fail), "+r"(retries)
      : "r"(p), "r"(inc)
      : "memory");
  return retries;
}

static uint64_t lrsc_add_w(volatile uint32_t* p, uint32_t inc) {
  uint64_t tmp, fail, retries = 0;
  __asm__ volatile(
      "1: lr.w %0, (%3)\n"
      "   addw %0, %0, %4\n"
      "   sc.w %1, %0, (%3)\n"
      "   beqz %1, 2f\n"
      "   addi %2, %2, 1\n"
      "   j 1b\n"
      "2:\n"
      : "=&r"(tmp), "=&r"(fail), "+r"(retries)
      : "r"(p), "r"(inc)
      : "memory");
  return retries;
}

int main(int hartid) {
  const uint64_t harts = bm_harts();
  uint64_t retries = 0;
  if (hartid == 0) start_gate = 2;
  while (start_gate != 2) { }

  for (int i = 0; i < ITERS; ++i) retries += lrsc_add_d(&lrsc_counter, 1);
  barrier(0, harts);

  for (int i = 0; i < ITERS; ++i) {
    uint64_t old;
    __asm__ volatile("amoadd.d %0, %2, (%1)" : "=r"(old) : "r"(&amo_counter), "r"(1ul) : "memory");
  }
  barrier(1, harts);

  for (int i = 0; i < ITERS; ++i) {
    if (i & 1) {
      uint32_t old;
      __asm__ volatile("amoadd.w %0, %2, (%1)" : "=r"(old) : "r"(&mixed_counter), "r"(1u) : "memory");
    } else {
      retries += lrsc_add_w(&mixed_counter, 1);
    }
  }
  sc_failures[hartid] = retries;
  barrier(2, harts);

  if (hartid != 0)
    for (;;) __asm__ volatile("wfi");

  uint64_t total_retries = 0;
  for (uint64_t h = 0; h < harts && h < 8; ++h) total_retries += sc_failures[h];
  bm_printf("%d harts: lr/sc total %lu, amoadd total %lu, mixed total %lu (sc retries %lu)\n",
            (int)harts, lrsc_counter, amo_counter, (uint64_t)mixed_counter, total_retries);
  if (lrsc_counter != harts * ITERS) return 1;
  if (amo_counter != harts * ITERS) return 2;
  if (mixed_counter != harts * ITERS) return 3;
  return 0;
}
