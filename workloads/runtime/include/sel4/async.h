/* The guest side of ReL4's asynchronous syscalls (docs/async-syscalls.md): a coroutine
   executor with 8 priority levels and a delay-wake mask filled by the user-interrupt
   handler, the response coroutine that collects results, and an await-style call that
   submits an IPCItem and suspends the calling coroutine until its result arrives.
   Coroutines are stackful (coro_switch saves ra, sp, s0-s11), standing in for the thesis's
   Rust futures; priorities: 0 is the highest (the response coroutine runs at 1, submitters
   at 2, as in the thesis benchmark). */
#ifndef SEL4_ASYNC_H
#define SEL4_ASYNC_H

#include <sel4/runtime.h>
#include <sel4/sel4.h>

#define ASYNC_PRIORITIES 8
#ifndef ASYNC_MAX_COROUTINES
#define ASYNC_MAX_COROUTINES 1024
#endif
#ifndef ASYNC_STACK_BYTES
#define ASYNC_STACK_BYTES 2048
#endif

typedef void (*async_fn)(void* arg);

/* Executor */
int async_spawn(async_fn fn, void* arg, unsigned prio);   /* returns the coroutine id, or -1 */
void async_yield(void);                                    /* back of its priority queue */
void async_run_until_complete(void);                       /* until every spawned coroutine returned */
int async_current(void);

/* Asynchronous syscalls. async_init registers the calling thread (tcb) as the receiver of a
   fresh U-notification and as an async-syscall client with an ASYNC_BUFFER_PAGES buffer;
   returns seL4_NoError or the failing step's error. */
seL4_Error async_init(seL4_BootInfo* bi, seL4_CPtr tcb);
/* Submits a request (label + u16 arguments) and awaits its result; returns the reply's
   seL4_Error; `reply` (may be NULL) receives the whole result item. */
seL4_Word async_call(uint32_t label, const uint16_t* args, unsigned nargs, IPCItem* reply);
seL4_Error async_page_map(seL4_CPtr frame, seL4_CPtr vspace, seL4_Word vaddr, seL4_Word rights, seL4_Word attr);
seL4_Error async_page_unmap(seL4_CPtr frame);
seL4_Error async_page_get_address(seL4_CPtr frame, seL4_Word* paddr);
seL4_Error async_put_string(const char* s);
/* The null request (AsyncNop): the kernel does nothing for it but the protocol's own work. */
static inline seL4_Error async_nop(void) { return (seL4_Error)async_call(AsyncNop, NULL, 0, NULL); }

/* User-mode cycles spent per request on top of this runtime's own work (a model of a
   heavier runtime, docs/async-syscalls.md "Runtime overhead"), in three places: submission
   (in async_call, before the push), reply handling (in the response coroutine, per popped
   result, before it wakes the waiter) and resumption (in async_call, after the wait, before
   it returns). async_init reads them from the workload arguments async_overhead_cycles,
   async_reply_cycles and async_resume_cycles, their jitters from the *_jitter_cycles ones,
   and the jitter's seed from `seed`. */
extern seL4_Word async_overhead_cycles, async_reply_cycles, async_resume_cycles;
/* Spread of that work: each request adds a pseudo-random draw from [0, jitter) per stage. */
extern seL4_Word async_overhead_jitter_cycles, async_reply_jitter_cycles, async_resume_jitter_cycles;
extern uint64_t async_rng_state;

#ifdef ASYNC_TRACE
/* Protocol-stage timestamps for measuring the runtime itself (the null_call workload,
   docs/workloads.md). Compiled in only with -DASYNC_TRACE (add_sel4_program FLAGS), so other
   programs' code is unchanged; the program defines async_trace(), which the runtime calls with
   the stage, the coroutine id (-1 for the interrupt) and rdcycle. */
enum async_trace_stage {
  ASYNC_TRACE_CALL,        /* async_call entered */
  ASYNC_TRACE_SUBMIT,      /* the submission work done (async_overhead_cycles); building the item */
  ASYNC_TRACE_PUSHED,      /* the request is in the ring */
  ASYNC_TRACE_WAKE_BEGIN,  /* WakeSyscallHandler about to trap (only when the kernel coroutine was offline) */
  ASYNC_TRACE_WAKE_END,    /* ... and returned */
  ASYNC_TRACE_INTERRUPT,   /* the user-interrupt handler entered (id -1) */
  ASYNC_TRACE_SEEN,        /* the response coroutine popped this coroutine's result (its reply work follows) */
  ASYNC_TRACE_RESUMED,     /* the submitter runs again with its result, its resume work done */
};
void async_trace(enum async_trace_stage stage, int id, seL4_Word cycle);
#define ASYNC_TRACE_AT(stage, id)                                           \
  do {                                                                      \
    seL4_Word c_;                                                           \
    __asm__ volatile("rdcycle %0" : "=r"(c_));                              \
    async_trace((stage), (id), c_);                                         \
  } while (0)
#else
#define ASYNC_TRACE_AT(stage, id) do { } while (0)
#endif

#ifdef ASYNC_INTROSPECT
/* Coroutines ready to run (queued, not the running one) at priority levels min_prio and
   below (numerically >= min_prio). Compiled in only with -DASYNC_INTROSPECT (the adaptive
   policy, async/adaptive.c). */
unsigned async_ready_count(unsigned min_prio);
#endif

/* ---- adaptive sync/async submission (async/adaptive.c: add_sel4_program(... ASYNC ADAPTIVE)) ----
   The runtime decides per request whether to trap synchronously or to submit through the
   shared buffer, from the request demand: d = 1 (this request) + the async requests in flight
   (submitted, not yet resumed) + the coroutines ready to run at priority 2 and below (the
   submitters; the response coroutine's 1 excluded). Policies (docs/workloads.md, adaptive):
     SYNC, ASYNC      always the one;
     THRESHOLD        async when d >= threshold;
     ADAPTIVE         break-even: async when d x S > A, where S is the moving average (1/8 per
                      sample) of a synchronous call's cycles and A that of an async request's
                      latency (submit -> resumed): the requests waiting now would take longer
                      one after the other than together in one asynchronous round trip. The
                      first request traps (to measure S); until an async latency is known the
                      threshold rule applies. */
typedef enum { ASYNC_POLICY_SYNC, ASYNC_POLICY_ASYNC, ASYNC_POLICY_THRESHOLD, ASYNC_POLICY_ADAPTIVE } async_policy;
void async_policy_set(async_policy policy, unsigned threshold);
/* One request either way: sync_fn(ctx) makes it with a trap and returns its seL4_Error; the
   asynchronous form is async_call(label, args, nargs, reply). Returns the seL4_Error. */
seL4_Word async_adaptive_call(uint32_t label, const uint16_t* args, unsigned nargs, IPCItem* reply,
                              seL4_Word (*sync_fn)(void* ctx), void* ctx);
seL4_Error async_adaptive_page_map(seL4_CPtr frame, seL4_CPtr vspace, seL4_Word vaddr, seL4_Word rights,
                                   seL4_Word attr);
seL4_Error async_adaptive_page_unmap(seL4_CPtr frame);
typedef struct async_adaptive_counters {
  seL4_Word sync_calls, async_calls;   /* decisions taken */
  seL4_Word sync_cycles, async_latency;  /* the current averages S and A (cycles; 0 = no sample yet) */
  seL4_Word max_in_flight;
} async_adaptive_counters;
extern async_adaptive_counters async_adaptive_stats;

/* Counters of this client (for checks and reports). */
typedef struct async_counters {
  seL4_Word submitted, completed, wakes, interrupts, ring_full_waits;
} async_counters;
extern async_counters async_stats;

#endif
