// adaptive (docs/workloads.md): the thesis's rounds (PageMap + touch + PageUnmap of one of N
// frames, E times each, by N coroutines) with the runtime choosing per request between a
// synchronous trap and an asynchronous submission (sel4/async.h async_adaptive_*), so that
// one program follows whichever of the two is cheaper at its concurrency.
//   policy = sync       every request traps (the thesis's sync series, but from coroutines);
//   policy = async      every request goes through the shared buffer (the async series);
//   policy = threshold  async when the request demand d >= threshold, else a trap;
//   policy = adaptive   break-even: async when d x (mean sync call) > (mean async latency),
//                       learnt while running (the threshold only until it has a sample).
// d = 1 + async requests in flight + submitter coroutines ready to run.
// Arguments: policy, threshold (1..512), concurrency (N), epochs (E). Marks: rounds = N x E,
// syscalls = 2 N x E (as the thesis benchmark), so the results compare with it.
#include <sel4/async.h>
#include "workload.h"

#define MAX_N 512
#define BASE_VADDR 0x2000000000ull

static int N, E;
static seL4_CPtr frames[MAX_N];
static volatile seL4_Word errors, touch_errors;

static seL4_Word vaddr_of(int i) { return BASE_VADDR + ((seL4_Word)i << 12); }

static void worker(void* arg) {
  const int i = (int)(uintptr_t)arg;
  for (int e = 0; e < E; ++e) {
    if (async_adaptive_page_map(frames[i], seL4_CapInitThreadVSpace, vaddr_of(i), seL4_ReadWrite.words[0], 0)) {
      ++errors;
    } else {
      volatile seL4_Word* p = (volatile seL4_Word*)vaddr_of(i);
      *p = (seL4_Word)e * 1000 + (seL4_Word)i;
      if (*p != (seL4_Word)e * 1000 + (seL4_Word)i) ++touch_errors;
    }
    if (async_adaptive_page_unmap(frames[i])) ++errors;
  }
}

int main(seL4_BootInfo* bi) {
  if (wl_begin("adaptive", bi)) { printf("adaptive: FAIL (no sim-control device)\n"); return WL_EXIT_SETUP; }
  static const char* const policies[] = {"sync", "async", "threshold", "adaptive", 0};
  const int policy = wl_arg_choice("policy", "adaptive", policies);
  const int threshold = (int)wl_arg_int("threshold", 8, 1, MAX_N);
  N = (int)wl_arg_int("concurrency", 8, 1, MAX_N);
  E = (int)wl_arg_int("epochs", 10, 1, 100000);
  if (!wl_args_ok()) return WL_EXIT_BAD_ARG;
  printf("adaptive: policy=%s threshold=%d N=%d E=%d\n", policies[policy], threshold, N, E);
  for (int i = 0; i < N; ++i) {
    frames[i] = alloc_object(bi, seL4_RISCV_4K_Page, 0);
    if (!frames[i] || map_page(frames[i], seL4_CapInitThreadVSpace, vaddr_of(i), seL4_ReadWrite, 0) ||
        seL4_RISCV_Page_Unmap(frames[i])) {
      printf("adaptive: FAIL (set-up of frame %d)\n", i);
      return WL_EXIT_SETUP;
    }
  }
  if (async_init(bi, seL4_CapInitThreadTCB)) { printf("adaptive: FAIL (async_init)\n"); return WL_EXIT_SETUP; }
  async_policy_set((async_policy)policy, (unsigned)threshold);
  for (int i = 0; i < N; ++i)
    if (async_spawn(worker, (void*)(uintptr_t)i, 2) < 0) { printf("adaptive: FAIL (spawn)\n"); return WL_EXIT_SETUP; }
  sel4_roi_begin();
  const seL4_Word c0 = wl_rdcycle();
  async_run_until_complete();
  const seL4_Word c1 = wl_rdcycle();
  const seL4_Word rounds = (seL4_Word)N * (seL4_Word)E;
  sel4_rounds(rounds);
  sel4_syscalls(2 * rounds);
  sel4_roi_end();

  seL4_Word remap_errors = 0;  // every frame maps again: it really was unmapped
  for (int i = 0; i < N; ++i) {
    if (seL4_RISCV_Page_Map(frames[i], seL4_CapInitThreadVSpace, vaddr_of(i), seL4_ReadWrite, 0)) ++remap_errors;
    else seL4_RISCV_Page_Unmap(frames[i]);
  }
  const async_adaptive_counters* s = &async_adaptive_stats;
  printf("adaptive: rounds=%lu cycles=%lu cycles_per_round=%lu\n", rounds, c1 - c0, wl_mean(c1 - c0, rounds));
  printf("adaptive: decisions sync=%lu async=%lu (async share %lu %%) mean_sync_call=%lu mean_async_latency=%lu "
         "break_even_demand=%lu max_in_flight=%lu\n",
         s->sync_calls, s->async_calls, wl_mean(100 * s->async_calls, s->sync_calls + s->async_calls), s->sync_cycles,
         s->async_latency, s->sync_cycles && s->async_latency ? s->async_latency / s->sync_cycles + 1 : 0, s->max_in_flight);
  printf("async: submitted=%lu completed=%lu wakes=%lu interrupts=%lu\n", async_stats.submitted,
         async_stats.completed, async_stats.wakes, async_stats.interrupts);
  const int decided = s->sync_calls + s->async_calls == 2 * rounds && async_stats.submitted == s->async_calls &&
                      async_stats.completed == s->async_calls;
  const int ok = !errors && !touch_errors && !remap_errors && decided;
  printf("adaptive: %s (errors=%lu touch=%lu remap=%lu decisions_accounted=%d)\n", ok ? "PASS" : "FAIL", errors,
         touch_errors, remap_errors, decided);
  return ok ? WL_EXIT_OK : WL_EXIT_WRONG;
}
