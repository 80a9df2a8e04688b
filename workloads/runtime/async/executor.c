/* Coroutine executor: ready queues per priority, a priority bitmap, and the delay-wake
   mask the user-interrupt handler fills (applied at the next fetch). */
#include <sel4/async.h>

typedef struct coro_ctx { seL4_Word ra, sp, s[12]; } coro_ctx;
void coro_switch(coro_ctx* from, coro_ctx* to);
void coro_trampoline(void);

typedef struct coroutine {
  coro_ctx ctx;
  unsigned prio;
  int live;
} coroutine;

static coroutine coros[ASYNC_MAX_COROUTINES];
static char stacks[ASYNC_MAX_COROUTINES][ASYNC_STACK_BYTES] __attribute__((aligned(16)));
static coro_ctx scheduler_ctx;
static int current = -1;
static int n_live;

/* ready queues: rings of coroutine ids */
static uint16_t ready[ASYNC_PRIORITIES][ASYNC_MAX_COROUTINES];
static unsigned head[ASYNC_PRIORITIES], tail[ASYNC_PRIORITIES];
static unsigned bitmap;
volatile uint64_t async_delay_wake;  /* bit i: wake coroutine i (ids below 64), set by the handler */

/* Count of trailing zeros without libgcc (its RV64 multilib here is hard-float). */
static unsigned ctz64(uint64_t v) {
  static const unsigned char debruijn[64] = {
      0, 1, 2, 53, 3, 7, 54, 27, 4, 38, 41, 8, 34, 55, 48, 28, 62, 5, 39, 46, 44, 42, 22, 9, 24, 35, 59, 56, 49, 18, 29, 11,
      63, 52, 6, 26, 37, 40, 33, 47, 61, 45, 43, 21, 23, 58, 17, 10, 51, 25, 36, 32, 60, 20, 57, 16, 50, 31, 19, 15, 30, 14, 13, 12};
  return debruijn[((v & -v) * 0x022FDD63CC95386Dull) >> 58];
}

static void enqueue(int id) {
  const unsigned p = coros[id].prio;
  ready[p][tail[p]++ % ASYNC_MAX_COROUTINES] = (uint16_t)id;
  bitmap |= 1u << p;
}

static int dequeue(void) {
  if (!bitmap) return -1;
  const unsigned p = ctz64(bitmap);
  const int id = ready[p][head[p]++ % ASYNC_MAX_COROUTINES];
  if (head[p] == tail[p]) bitmap &= ~(1u << p);
  return id;
}

int async_spawn(async_fn fn, void* arg, unsigned prio) {
  for (int id = 0; id < ASYNC_MAX_COROUTINES; ++id) {
    if (coros[id].live) continue;
    coroutine* c = &coros[id];
    memset(&c->ctx, 0, sizeof c->ctx);
    c->ctx.ra = (seL4_Word)(uintptr_t)coro_trampoline;
    c->ctx.sp = (seL4_Word)(uintptr_t)(stacks[id] + ASYNC_STACK_BYTES);
    c->ctx.s[0] = (seL4_Word)(uintptr_t)fn;
    c->ctx.s[1] = (seL4_Word)(uintptr_t)arg;
    c->prio = prio < ASYNC_PRIORITIES ? prio : ASYNC_PRIORITIES - 1;
    c->live = 1;
    ++n_live;
    enqueue(id);
    return id;
  }
  return -1;
}

int async_current(void) { return current; }

#ifdef ASYNC_INTROSPECT
unsigned async_ready_count(unsigned min_prio) {
  unsigned n = 0;
  for (unsigned p = min_prio; p < ASYNC_PRIORITIES; ++p) n += tail[p] - head[p];
  return n;
}
#endif

void async_wake(int id) {
  if (id >= 0 && id < ASYNC_MAX_COROUTINES && coros[id].live) enqueue(id);
}

/* Suspends the running coroutine until async_wake(id) (it is not re-queued). */
void async_block(void) {
  const int me = current;
  coro_switch(&coros[me].ctx, &scheduler_ctx);
}

void async_yield(void) {
  enqueue(current);
  async_block();
}

void coro_exit(void) {
  coros[current].live = 0;
  --n_live;
  coro_switch(&coros[current].ctx, &scheduler_ctx);  /* never resumed */
}

/* Coroutines that never end by themselves (the response coroutine) do not count. */
static int background;
void async_mark_background(int id) { (void)id; ++background; }

void async_run_until_complete(void) {
  while (n_live > background) {
    /* Wake-ups posted by the interrupt handler since the last fetch. */
    const uint64_t w = __atomic_exchange_n(&async_delay_wake, 0, __ATOMIC_ACQ_REL);
    for (uint64_t m = w; m; m &= m - 1) async_wake((int)ctz64(m));
    const int id = dequeue();
    if (id < 0) continue;  /* nothing ready: spin in user mode until an interrupt wakes someone */
    current = id;
    coro_switch(&scheduler_ctx, &coros[id].ctx);
    current = -1;
  }
}
