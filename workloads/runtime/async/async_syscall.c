/* The asynchronous-syscall client: registration, request submission (seL4_Call_with_item),
   the response coroutine and the user-interrupt handler. */
#include <sel4/async.h>
#include <sel4/uintr.h>
#include <uintrsim/devices.h>

#define RESPONSE_VECTOR 1  /* badge of the notification = user-interrupt vector */
#define BUFFER_VADDR 0x3800000000ull

void async_wake(int id);
void async_block(void);
void async_mark_background(int id);
extern volatile uint64_t async_delay_wake;
void uintr_vec(void);

async_counters async_stats;
seL4_Word async_overhead_cycles, async_overhead_jitter_cycles;
seL4_Word async_reply_cycles, async_reply_jitter_cycles;
seL4_Word async_resume_cycles, async_resume_jitter_cycles;
static seL4_Word reply_window_cycles;
static int latency_samples;
uint64_t async_rng_state = 1;

/* xorshift64: the jitter's pseudo-random draws (deterministic for a seed). */
static uint64_t async_rng(void) {
  uint64_t x = async_rng_state ? async_rng_state : 0x9e3779b97f4a7c15ull;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return async_rng_state = x;
}

/* The runtime cost model's user-mode work: `cycles` plus a draw from [0, jitter). A zero
   jitter draws nothing, so a stage without jitter does not shift the other stages' draws. */
static void spend(seL4_Word cycles, seL4_Word jitter) {
  if (jitter) cycles += async_rng() % jitter;
  if (!cycles) return;
  seL4_Word t0, t;
  __asm__ volatile("rdcycle %0" : "=r"(t0));
  do __asm__ volatile("rdcycle %0" : "=r"(t)); while (t - t0 < cycles);
}
static NewBuffer* buf;
static int mutex_queue;
static int fixed_protocol;  /* ASYNC_PROTOCOL_FIXED: the response coroutine re-checks the ring */
static int response_cid = -1;
static int wake_map[64];              /* vector -> coroutine id to wake */
static IPCItem replies[ASYNC_MAX_COROUTINES];
static volatile uint8_t reply_ready[ASYNC_MAX_COROUTINES];

/* ---- rings (user side) ----------------------------------------------------------------- */
static int ring_push(void* r, const IPCItem* item) {
  if (mutex_queue) {
    AsyncMutexRing* q = (AsyncMutexRing*)r;
    while (__atomic_exchange_n(&q->lock, 1, __ATOMIC_ACQUIRE)) seL4_Yield();  /* thesis: yield and retry */
    const uint64_t end = (q->end + 1) % ASYNC_RING_ENTRIES;
    int ok = end != q->start;
    if (ok) { q->items[q->end] = *item; q->end = end; }
    __atomic_store_n(&q->lock, 0, __ATOMIC_RELEASE);
    return ok;
  }
  AsyncRing* q = (AsyncRing*)r;
  if (__atomic_load_n(&q->count, __ATOMIC_ACQUIRE) == ASYNC_RING_ENTRIES) return 0;
  q->items[q->end] = *item;
  q->end = (q->end + 1) % ASYNC_RING_ENTRIES;
  __atomic_fetch_add(&q->count, 1, __ATOMIC_RELEASE);
  return 1;
}

static int ring_pop(void* r, IPCItem* item) {
  if (mutex_queue) {
    AsyncMutexRing* q = (AsyncMutexRing*)r;
    while (__atomic_exchange_n(&q->lock, 1, __ATOMIC_ACQUIRE)) seL4_Yield();
    int ok = q->start != q->end;
    if (ok) { *item = q->items[q->start]; q->start = (q->start + 1) % ASYNC_RING_ENTRIES; }
    __atomic_store_n(&q->lock, 0, __ATOMIC_RELEASE);
    return ok;
  }
  AsyncRing* q = (AsyncRing*)r;
  if (__atomic_load_n(&q->count, __ATOMIC_ACQUIRE) == 0) return 0;
  *item = q->items[q->start];
  q->start = (q->start + 1) % ASYNC_RING_ENTRIES;
  __atomic_fetch_sub(&q->count, 1, __ATOMIC_RELEASE);
  return 1;
}

static int ring_empty(void* r) {
  if (mutex_queue) { AsyncMutexRing* q = (AsyncMutexRing*)r; return q->start == q->end; }
  return __atomic_load_n(&((AsyncRing*)r)->count, __ATOMIC_ACQUIRE) == 0;
}

/* ---- the user-interrupt handler (called from uintr_vec after the register save) ------------ */
void uintr_dispatch(seL4_Word* frame) {
  (void)frame;
  const seL4_Word pending = sel4_uintr_take();
  ASYNC_TRACE_AT(ASYNC_TRACE_INTERRUPT, -1);
  ++async_stats.interrupts;
  seL4_Word unhandled = 0;
  for (seL4_Word m = pending; m; m &= m - 1) {
    const seL4_Word low = m & -m;
    unsigned v = 0;
    while (!((low >> v) & 1)) ++v;
    if (wake_map[v] >= 0 && wake_map[v] < 64) async_delay_wake |= 1ull << wake_map[v];
    else unhandled |= low;
  }
  sel4_uintr_return(unhandled);
}

/* ---- the response coroutine ---------------------------------------------------------------- */
static void response(void* arg) {
  (void)arg;
  for (;;) {
    IPCItem item;
    while (ring_pop(&buf->res, &item)) {
      if (item.cid < ASYNC_MAX_COROUTINES) {
        ASYNC_TRACE_AT(ASYNC_TRACE_SEEN, (int)item.cid);
        replies[item.cid] = item;
        reply_ready[item.cid] = 1;
        ++async_stats.completed;
        spend(async_reply_cycles, async_reply_jitter_cycles);  /* the waker's work per reply */
        async_wake((int)item.cid);
      }
    }
    /* Test knob: widens the window between the last empty pop and the store below. */
    spend(reply_window_cycles, 0);
    __atomic_store_n(&buf->recv_reply_status, 0, __ATOMIC_SEQ_CST);
    /* A result pushed between our last pop and the store above found the flag still set and
       sent no interrupt. ReL4's response coroutine (the thesis protocol) goes to sleep anyway
       and strands it until some later result's interrupt; the fixed protocol looks once more. */
    if (fixed_protocol && !ring_empty(&buf->res)) {
      __atomic_store_n(&buf->recv_reply_status, 1, __ATOMIC_SEQ_CST);
      continue;
    }
    async_block();  /* woken through the delay-wake mask by the user-interrupt handler */
  }
}

/* ---- registration ---------------------------------------------------------------------------- */
seL4_Error async_init(seL4_BootInfo* bi, seL4_CPtr tcb) {
  for (int i = 0; i < 64; ++i) wake_map[i] = -1;
  /* The runtime's own cost model and its seed are workload arguments every async program
     gets (docs/async-syscalls.md "Runtime overhead"): read here, not by each benchmark. */
  sel4_simctrl_init(bi);  /* once; harmless off the simulator */
  async_overhead_cycles = (seL4_Word)uintrsim_arg_int("async_overhead_cycles", 0);
  async_overhead_jitter_cycles = (seL4_Word)uintrsim_arg_int("async_overhead_jitter_cycles", 0);
  async_reply_cycles = (seL4_Word)uintrsim_arg_int("async_reply_cycles", 0);
  async_reply_jitter_cycles = (seL4_Word)uintrsim_arg_int("async_reply_jitter_cycles", 0);
  async_resume_cycles = (seL4_Word)uintrsim_arg_int("async_resume_cycles", 0);
  async_resume_jitter_cycles = (seL4_Word)uintrsim_arg_int("async_resume_jitter_cycles", 0);
  reply_window_cycles = (seL4_Word)uintrsim_arg_int("async_reply_window_cycles", 0);
  async_rng_state = (uint64_t)uintrsim_arg_int("seed", 1);
  /* Opt-in: each request's latency (submission to the result seen here) as a distribution
     sample; it costs two rdcycle and one sim-control store per request. */
  latency_samples = uintrsim_arg_int("async_latency_samples", 0) != 0;
  /* The buffer: ASYNC_BUFFER_PAGES fresh frames at BUFFER_VADDR. */
  seL4_CPtr first = seL4_CapNull;
  for (seL4_Word p = 0; p < ASYNC_BUFFER_PAGES; ++p) {
    const seL4_CPtr f = alloc_frame_at(seL4_CapInitThreadVSpace, BUFFER_VADDR + p * 4096);
    if (f == seL4_CapNull) return seL4_NotEnoughMemory;
    if (p == 0) first = f;
  }
  buf = (NewBuffer*)(uintptr_t)BUFFER_VADDR;
  const seL4_CPtr ntfn = alloc_object(bi, seL4_NotificationObject, 0);
  const seL4_CPtr badged = alloc_slot();
  if (!ntfn || !badged) return seL4_NotEnoughMemory;
  seL4_Error e = seL4_CNode_Mint(seL4_CapInitThreadCNode, badged, seL4_RootCNodeDepth, seL4_CapInitThreadCNode, ntfn,
                                 seL4_RootCNodeDepth, seL4_AllRights, RESPONSE_VECTOR);
  if (e) return e;
  if ((e = seL4_TCB_BindNotification(tcb, ntfn))) return e;
  /* The response coroutine, woken by the handler for our vector. */
  response_cid = async_spawn(response, NULL, 1);
  if (response_cid < 0 || response_cid >= 64) return seL4_NotEnoughMemory;
  async_mark_background(response_cid);
  wake_map[RESPONSE_VECTOR] = response_cid;
  __asm__ volatile("csrw 0x005, %0" ::"r"((seL4_Word)(uintptr_t)uintr_vec));  /* utvec */
  __asm__ volatile("csrs 0x004, %0" ::"r"(1ul));                              /* uie.USIE */
  __asm__ volatile("csrs 0x000, %0" ::"r"(1ul));                              /* ustatus.UIE */
  seL4_SetCap(0, tcb);
  seL4_MessageInfo_t info = seL4_Call(ntfn, seL4_MessageInfo_new(UintrRegisterReceiver, 0, 1, 0));
  if ((e = (seL4_Error)seL4_MessageInfo_get_label(info))) return e;
  sel4_uintr_learn_arch(info);
  seL4_SetCap(0, first);
  info = seL4_Call(badged, seL4_MessageInfo_new(UintrRegisterAsyncSyscall, 0, 1, 0));
  if ((e = (seL4_Error)seL4_MessageInfo_get_label(info))) return e;
  mutex_queue = seL4_GetMR(0) == ASYNC_QUEUE_MUTEX;
  /* The kernel says which protocol both sides follow; a kernel that does not is not ours. */
  if (seL4_MessageInfo_get_length(info) < 2) return seL4_IllegalOperation;
  const seL4_Word protocol = seL4_GetMR(1);
  if (protocol != ASYNC_PROTOCOL_THESIS && protocol != ASYNC_PROTOCOL_FIXED) return seL4_IllegalOperation;
  fixed_protocol = protocol == ASYNC_PROTOCOL_FIXED;
  buf->recv_reply_status = 0;
  buf->recv_req_status = 0;
  return seL4_NoError;
}

/* ---- submission (seL4_Call_with_item) -------------------------------------------------------- */
seL4_Word async_call(uint32_t label, const uint16_t* args, unsigned nargs, IPCItem* reply) {
  const int me = async_current();
  ASYNC_TRACE_AT(ASYNC_TRACE_CALL, me);
  spend(async_overhead_cycles, async_overhead_jitter_cycles);  /* submission work */
  ASYNC_TRACE_AT(ASYNC_TRACE_SUBMIT, me);
  IPCItem item;
  memset(&item, 0, sizeof item);
  item.cid = (uint32_t)me;
  item.msg_info = label;
  for (unsigned i = 0; i < nargs && i < ASYNC_MAX_ARGS; ++i) item.extend_msg[i] = args[i];
  reply_ready[me] = 0;
  seL4_Word submitted_at = 0;
  if (latency_samples) __asm__ volatile("rdcycle %0" : "=r"(submitted_at));
  while (!ring_push(&buf->req, &item)) { ++async_stats.ring_full_waits; async_yield(); }
  ++async_stats.submitted;
  ASYNC_TRACE_AT(ASYNC_TRACE_PUSHED, me);
  if (!__atomic_load_n(&buf->recv_req_status, __ATOMIC_SEQ_CST)) {
    __atomic_store_n(&buf->recv_req_status, 1, __ATOMIC_SEQ_CST);
    ++async_stats.wakes;
    ASYNC_TRACE_AT(ASYNC_TRACE_WAKE_BEGIN, me);
    seL4_WakeSyscallHandler();
    ASYNC_TRACE_AT(ASYNC_TRACE_WAKE_END, me);
  }
  while (!reply_ready[me]) async_block();  /* the response coroutine wakes us with the result */
  /* Resuming the awaiting coroutine (polling its future to completion), part of the latency
     the caller sees. */
  spend(async_resume_cycles, async_resume_jitter_cycles);
  if (latency_samples) {
    seL4_Word now;
    __asm__ volatile("rdcycle %0" : "=r"(now));
    sel4_sample(UINTRSIM_DIST_ASYNC_REQUEST_LATENCY, now - submitted_at);
  }
  ASYNC_TRACE_AT(ASYNC_TRACE_RESUMED, me);
  if (reply) *reply = replies[me];
  return replies[me].extend_msg[0];
}

seL4_Error async_page_map(seL4_CPtr frame, seL4_CPtr vspace, seL4_Word vaddr, seL4_Word rights, seL4_Word attr) {
  const uint16_t a[6] = {(uint16_t)frame, (uint16_t)vspace, (uint16_t)(vaddr >> 12), (uint16_t)(vaddr >> 28),
                         (uint16_t)rights, (uint16_t)attr};
  return (seL4_Error)async_call(AsyncPageMap, a, 6, NULL);
}

seL4_Error async_page_unmap(seL4_CPtr frame) {
  const uint16_t a[1] = {(uint16_t)frame};
  return (seL4_Error)async_call(AsyncPageUnmap, a, 1, NULL);
}

seL4_Error async_page_get_address(seL4_CPtr frame, seL4_Word* paddr) {
  const uint16_t a[1] = {(uint16_t)frame};
  IPCItem r;
  const seL4_Error e = (seL4_Error)async_call(AsyncPageGetAddress, a, 1, &r);
  if (!e && paddr)
    *paddr = (seL4_Word)r.extend_msg[1] | (seL4_Word)r.extend_msg[2] << 16 | (seL4_Word)r.extend_msg[3] << 32 |
             (seL4_Word)r.extend_msg[4] << 48;
  return e;
}

seL4_Error async_put_string(const char* s) {
  seL4_Error e = seL4_NoError;
  while (*s && !e) {
    uint16_t a[16];
    unsigned n = 0;
    while (s[n] && n < 15) { a[1 + n] = (uint16_t)(unsigned char)s[n]; ++n; }
    a[0] = (uint16_t)n;
    e = (seL4_Error)async_call(AsyncPutString, a, 1 + n, NULL);
    s += n;
  }
  return e;
}
