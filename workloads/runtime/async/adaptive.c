/* Adaptive sync/async submission (sel4/async.h, docs/workloads.md "adaptive"): per request,
   a synchronous trap or an asynchronous submission, chosen from the request demand.
   Built into a program with add_sel4_program(... ASYNC ADAPTIVE), which also compiles the
   executor's ready-queue count (-DASYNC_INTROSPECT). */
#include <sel4/async.h>

#ifndef ASYNC_INTROSPECT
#error "async/adaptive.c needs the executor's ready count: build with add_sel4_program(... ASYNC ADAPTIVE)"
#endif

#define SUBMITTER_MIN_PRIO 2   /* the response coroutine runs at 1 */
#define EWMA_SHIFT 3           /* moving averages: 1/8 of each new sample */

async_adaptive_counters async_adaptive_stats;
static async_policy policy = ASYNC_POLICY_ASYNC;
static unsigned threshold = 1;
static seL4_Word in_flight;

void async_policy_set(async_policy p, unsigned t) {
  policy = p;
  threshold = t ? t : 1;
}

static inline seL4_Word cycles(void) { seL4_Word v; __asm__ volatile("rdcycle %0" : "=r"(v)); return v; }

static void average(seL4_Word* est, seL4_Word sample) {
  if (!*est) *est = sample ? sample : 1;
  else if (sample >= *est) *est += (sample - *est) >> EWMA_SHIFT;
  else *est -= (*est - sample) >> EWMA_SHIFT;
}

static int choose_async(void) {
  const seL4_Word demand = 1 + in_flight + async_ready_count(SUBMITTER_MIN_PRIO);
  const async_adaptive_counters* s = &async_adaptive_stats;
  switch (policy) {
    case ASYNC_POLICY_SYNC: return 0;
    case ASYNC_POLICY_ASYNC: return 1;
    case ASYNC_POLICY_THRESHOLD: return demand >= threshold;
    case ASYNC_POLICY_ADAPTIVE:
      if (!s->sync_cycles) return 0;                         /* probe: one trap measures S */
      if (!s->async_latency) return demand >= threshold;     /* cold start: the threshold rule */
      return demand * s->sync_cycles > s->async_latency;    /* break-even */
  }
  return 1;
}

seL4_Word async_adaptive_call(uint32_t label, const uint16_t* args, unsigned nargs, IPCItem* reply,
                              seL4_Word (*sync_fn)(void* ctx), void* ctx) {
  const seL4_Word t0 = cycles();
  seL4_Word err;
  if (choose_async()) {
    ++async_adaptive_stats.async_calls;
    if (++in_flight > async_adaptive_stats.max_in_flight) async_adaptive_stats.max_in_flight = in_flight;
    err = async_call(label, args, nargs, reply);
    --in_flight;
    average(&async_adaptive_stats.async_latency, cycles() - t0);
  } else {
    ++async_adaptive_stats.sync_calls;
    err = sync_fn(ctx);
    average(&async_adaptive_stats.sync_cycles, cycles() - t0);
  }
  return err;
}

typedef struct { seL4_CPtr frame, vspace; seL4_Word vaddr, rights, attr; } page_args;

static seL4_Word sync_page_map(void* ctx) {
  const page_args* a = (const page_args*)ctx;
  seL4_CapRights_t r;
  r.words[0] = a->rights;
  return seL4_RISCV_Page_Map(a->frame, a->vspace, a->vaddr, r, a->attr);
}

static seL4_Word sync_page_unmap(void* ctx) { return seL4_RISCV_Page_Unmap(((const page_args*)ctx)->frame); }

seL4_Error async_adaptive_page_map(seL4_CPtr frame, seL4_CPtr vspace, seL4_Word vaddr, seL4_Word rights,
                                   seL4_Word attr) {
  page_args a = {frame, vspace, vaddr, rights, attr};
  const uint16_t args[6] = {(uint16_t)frame, (uint16_t)vspace, (uint16_t)(vaddr >> 12), (uint16_t)(vaddr >> 28),
                            (uint16_t)rights, (uint16_t)attr};
  return (seL4_Error)async_adaptive_call(AsyncPageMap, args, 6, NULL, sync_page_map, &a);
}

seL4_Error async_adaptive_page_unmap(seL4_CPtr frame) {
  page_args a = {frame, 0, 0, 0, 0};
  const uint16_t args[1] = {(uint16_t)frame};
  return (seL4_Error)async_adaptive_call(AsyncPageUnmap, args, 1, NULL, sync_page_unmap, &a);
}
