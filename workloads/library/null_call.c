// null_call (docs/workloads.md): the cost of the system-call mechanism itself, with nothing
// done in the kernel.
//   sync:  N x E null syscalls (seL4_Yield with nothing else to run, seL4bench's null call);
//   async: N coroutines (priority 2), each E awaited AsyncNop requests: the kernel coroutine
//          pops each, executes nothing (kernel.cost.async_nop, 0 by default), pushes its result
//          and notifies; what is left is the protocol: submit, wake, drain, notify, resume.
// The async runtime is built with -DASYNC_TRACE: it stamps every request with rdcycle at each
// stage, and this program prints the mean per request of each stage (they add up to the mean
// latency exactly):
//   overhead  async_call entered -> the runtime overhead model's work done (async_overhead_cycles)
//   submit    -> the request is in the ring
//   wake      -> the WakeSyscallHandler trap returned (only the requests that found the kernel
//                coroutine offline pay it; the mean is over all requests)
//   wait      -> the user-interrupt handler entered (the kernel coroutine's wait for its tick,
//                its drain and the notification)
//   deliver   -> the response coroutine popped the result
//   resume    -> the submitter runs again
// After the ROI (so that reporting them costs the measurement nothing) every request's stages
// go to the results as distributions, in cycles (count, mean, percentiles):
//   guest.dist16 overhead, 17 submit, 18 wake, 19 wait, 20 deliver, 21 resume, 22 latency
// (the first NULL_CALL_SAMPLES requests). The kernel's side is in the results too:
// kernel.path.async.drain.*, kernel.path.syscall.wake_syscall_handler.*, kernel.async.*;
// scripts/null-call-stages prints both per sweep point.
// mode, concurrency (N) and epochs (E) are workload settings; rounds = syscalls = N x E.
#include <sel4/async.h>
#include "workload.h"

#define MAX_N 512

static int N, E, ASYNC;
static volatile seL4_Word errors;

// ---- the runtime's stage stamps (async_trace, called by the runtime) --------------------------
#ifdef ASYNC_TRACE
enum { ST_CALL, ST_SUBMIT, ST_PUSHED, ST_WAKE_END, ST_IRQ, ST_SEEN, ST_N };
static seL4_Word stamp[ASYNC_MAX_COROUTINES][ST_N];
static uint8_t woke[ASYNC_MAX_COROUTINES];
static seL4_Word last_irq;
static int tracing;
#define NULL_CALL_SAMPLES 16384
enum { S_OVERHEAD, S_SUBMIT, S_WAKE, S_WAIT, S_DELIVER, S_RESUME, S_LATENCY, S_N };
static uint32_t samples[NULL_CALL_SAMPLES][S_N];
static struct {
  seL4_Word requests, overhead, submit, wake, wait, deliver, resume, total, max_total;
  seL4_Word wakes, with_irq, without_irq, interrupts;
} acc;

void async_trace(enum async_trace_stage stage, int id, seL4_Word cycle) {
  if (stage == ASYNC_TRACE_INTERRUPT) { last_irq = cycle; acc.interrupts += tracing; return; }
  if (id < 0 || id >= ASYNC_MAX_COROUTINES) return;
  seL4_Word* s = stamp[id];
  switch (stage) {
    case ASYNC_TRACE_CALL: s[ST_CALL] = cycle; woke[id] = 0; break;
    case ASYNC_TRACE_SUBMIT: s[ST_SUBMIT] = cycle; break;
    case ASYNC_TRACE_PUSHED: s[ST_PUSHED] = s[ST_WAKE_END] = cycle; break;
    case ASYNC_TRACE_WAKE_BEGIN: break;
    case ASYNC_TRACE_WAKE_END: s[ST_WAKE_END] = cycle; woke[id] = 1; break;
    case ASYNC_TRACE_SEEN: s[ST_SEEN] = cycle; s[ST_IRQ] = last_irq; break;
    case ASYNC_TRACE_RESUMED: {
      if (!tracing) break;
      seL4_Word st[S_N];
      st[S_OVERHEAD] = s[ST_SUBMIT] - s[ST_CALL];
      st[S_SUBMIT] = s[ST_PUSHED] - s[ST_SUBMIT];
      st[S_WAKE] = s[ST_WAKE_END] - s[ST_PUSHED];
      acc.wakes += woke[id];
      if (s[ST_IRQ] >= s[ST_WAKE_END]) {  // the interrupt that announced this result
        st[S_WAIT] = s[ST_IRQ] - s[ST_WAKE_END];
        st[S_DELIVER] = s[ST_SEEN] - s[ST_IRQ];
        ++acc.with_irq;
      } else {  // the response coroutine was still online: found without a new interrupt
        st[S_WAIT] = s[ST_SEEN] - s[ST_WAKE_END];
        st[S_DELIVER] = 0;
        ++acc.without_irq;
      }
      st[S_RESUME] = cycle - s[ST_SEEN];
      st[S_LATENCY] = cycle - s[ST_CALL];
      if (acc.requests < NULL_CALL_SAMPLES)
        for (int i = 0; i < S_N; ++i) samples[acc.requests][i] = (uint32_t)st[i];
      ++acc.requests;
      acc.overhead += st[S_OVERHEAD];
      acc.submit += st[S_SUBMIT];
      acc.wake += st[S_WAKE];
      acc.wait += st[S_WAIT];
      acc.deliver += st[S_DELIVER];
      acc.resume += st[S_RESUME];
      acc.total += st[S_LATENCY];
      if (st[S_LATENCY] > acc.max_total) acc.max_total = st[S_LATENCY];
      break;
    }
    default: break;
  }
}
#else
static int tracing;  // null_call_untraced: the same program without the stamps (their cost)
#endif

static void worker(void* arg) {
  (void)arg;
  for (int e = 0; e < E; ++e)
    if (async_nop() != seL4_NoError) ++errors;
}

int main(seL4_BootInfo* bi) {
  if (wl_begin("null_call", bi)) { printf("null_call: FAIL (no sim-control device)\n"); return WL_EXIT_SETUP; }
  static const char* const modes[] = {"sync", "async", 0};
  ASYNC = wl_arg_choice("mode", "sync", modes);
  N = (int)wl_arg_int("concurrency", 8, 1, MAX_N);
  E = (int)wl_arg_int("epochs", 10, 1, 100000);
  if (!wl_args_ok()) return WL_EXIT_BAD_ARG;
  const seL4_Word calls = (seL4_Word)N * (seL4_Word)E;
  printf("null_call: mode=%s N=%d E=%d calls=%lu\n", ASYNC ? "async" : "sync", N, E, calls);
  if (ASYNC) {
    if (async_init(bi, seL4_CapInitThreadTCB)) { printf("null_call: FAIL (async_init)\n"); return WL_EXIT_SETUP; }
    for (int i = 0; i < N; ++i)
      if (async_spawn(worker, NULL, 2) < 0) { printf("null_call: FAIL (spawn)\n"); return WL_EXIT_SETUP; }
  } else {
    for (int i = 0; i < 10; ++i) seL4_Yield();  // warm-up, outside the ROI
  }
  sel4_roi_begin();
  tracing = 1;
  const seL4_Word c0 = wl_rdcycle();
  if (ASYNC) async_run_until_complete();
  else
    for (seL4_Word i = 0; i < calls; ++i) seL4_Yield();
  const seL4_Word c1 = wl_rdcycle();
  tracing = 0;
  sel4_rounds(calls);
  sel4_syscalls(calls);
  sel4_roi_end();

  printf("null_call: calls=%lu cycles=%lu cycles_per_call=%lu\n", calls, c1 - c0, wl_mean(c1 - c0, calls));
  int ok = !errors;
#ifdef ASYNC_TRACE
  if (ASYNC) {
    const seL4_Word n = acc.requests;
    printf("null_call.stages (mean cycles per request): overhead=%lu submit=%lu wake=%lu wait=%lu deliver=%lu "
           "resume=%lu latency=%lu max_latency=%lu\n",
           wl_mean(acc.overhead, n), wl_mean(acc.submit, n), wl_mean(acc.wake, n), wl_mean(acc.wait, n),
           wl_mean(acc.deliver, n), wl_mean(acc.resume, n), wl_mean(acc.total, n), acc.max_total);
    printf("null_call.counts: requests=%lu wakes=%lu interrupts=%lu with_interrupt=%lu without_interrupt=%lu\n", n,
           acc.wakes, acc.interrupts, acc.with_irq, acc.without_irq);
    printf("async: submitted=%lu completed=%lu wakes=%lu interrupts=%lu\n", async_stats.submitted,
           async_stats.completed, async_stats.wakes, async_stats.interrupts);
    for (seL4_Word r = 0; r < n && r < NULL_CALL_SAMPLES; ++r)  // after the ROI: free for the measurement
      for (int i = 0; i < S_N; ++i) sel4_sample(UINTRSIM_DIST_GUEST(i), samples[r][i]);
    const seL4_Word parts = acc.overhead + acc.submit + acc.wake + acc.wait + acc.deliver + acc.resume;
    ok &= n == calls && async_stats.submitted == calls && async_stats.completed == calls && parts == acc.total &&
          acc.wakes == async_stats.wakes;
  }
#else
  if (ASYNC) {
    printf("async: submitted=%lu completed=%lu wakes=%lu interrupts=%lu\n", async_stats.submitted,
           async_stats.completed, async_stats.wakes, async_stats.interrupts);
    ok &= async_stats.submitted == calls && async_stats.completed == calls;
  }
#endif
  printf("null_call: %s (errors=%lu)\n", ok ? "PASS" : "FAIL", errors);
  return ok ? WL_EXIT_OK : WL_EXIT_WRONG;
}
