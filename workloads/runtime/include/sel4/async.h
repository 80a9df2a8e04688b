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

/* User-mode cycles spent per request on top of this runtime's own work (a model of a
   heavier runtime): async_init reads them from the workload arguments async_overhead_cycles
   and async_overhead_jitter_cycles, and the jitter's seed from `seed`. */
extern seL4_Word async_overhead_cycles;
/* Spread of that work: each request adds a pseudo-random draw from [0, jitter). */
extern seL4_Word async_overhead_jitter_cycles;
extern uint64_t async_rng_state;

/* Counters of this client (for checks and reports). */
typedef struct async_counters {
  seL4_Word submitted, completed, wakes, interrupts, ring_full_waits;
} async_counters;
extern async_counters async_stats;

#endif
