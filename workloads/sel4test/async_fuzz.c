// async_fuzz: the shared syscall buffer is guest-writable at any time. Between wake-ups this
// program scribbles over it -- ring indices and counts out of range, items with random
// labels, caps and addresses, the status flags, the lock word -- and wakes the kernel
// coroutine. It writes the layout the kernel reads (kernel.async.queue): the lock-free ring,
// or the mutex ring with its lock (mostly free, sometimes held or garbage). The kernel must
// validate everything: bad requests get error results, an inconsistent ring is reported and
// abandoned, and the kernel keeps serving the program (and takes up serving again once the
// program leaves a consistent ring). The choices follow workload.seed (read from the
// sim-control device).
#include <sel4/async.h>
#include "sel4test.h"

#ifndef FUZZ_ROUNDS
#define FUZZ_ROUNDS 300
#endif
#define BUFFER_VADDR 0x3800000000ull  /* where async_init maps the buffer */

static seL4_Word splitmix(seL4_Word* s) {
  seL4_Word z = (*s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static seL4_Word pick(seL4_Word* s) {
  const seL4_Word r = splitmix(s);
  switch (r % 6) {
    case 0: return r >> 8 & 7;
    case 1: return ASYNC_RING_ENTRIES - 1 + (r >> 8 & 3);  /* around the ring size */
    case 2: return ~0ull;
    case 3: return r >> 8 & 0xffff;
    default: return r;
  }
}

static inline seL4_Word rdtime(void) { seL4_Word v; __asm__ volatile("rdtime %0" : "=r"(v)); return v; }

int main(seL4_BootInfo* bi) {
  sel4test_begin("async_fuzz");
  REQUIRE_ERR(1, async_init(bi, seL4_CapInitThreadTCB), seL4_NoError, "register for asynchronous syscalls");
  NewBuffer* b = (NewBuffer*)(uintptr_t)BUFFER_VADDR;
  /* The layout the kernel reads: the registration's reply (async_init's last system call)
     names it in MR0, still in the IPC buffer. */
  const seL4_Word queue = seL4_GetMR(0);
  REQUIRE(5, queue == ASYNC_QUEUE_LOCKFREE || queue == ASYNC_QUEUE_MUTEX, "the kernel names the ring layout");
  const int mutex = queue == ASYNC_QUEUE_MUTEX;
  REQUIRE(4, sel4_simctrl_init(bi) == 0, "map the sim-control device (workload.seed)");
  const seL4_Word seed = (seL4_Word)uintrsim_arg_int("seed", 1);  // workload.seed
  printf("  workload.seed = %lu, %s ring\n", seed, mutex ? "mutex" : "lock-free");
  seL4_Word s = 12345 ^ ((seed - 1) * 0x9e3779b97f4a7c15ull);
  for (int round = 0; round < FUZZ_ROUNDS; ++round) {
    const seL4_Word kind = splitmix(&s) % 4;
    IPCItem* items;
    seL4_Word start = 0;
    if (mutex) {
      AsyncMutexRing* q = &b->req.mutex;
      items = q->items;
      if (kind == 0) {  /* indices out of range */
        q->start = pick(&s); q->end = pick(&s);
      } else {          /* plausible indices (at most N - 1 items), random items */
        const seL4_Word n = 1 + splitmix(&s) % 8;
        q->start = start = splitmix(&s) % ASYNC_RING_ENTRIES;
        q->end = (start + n) % ASYNC_RING_ENTRIES;
      }
      /* The lock: free, held by us (the kernel must retry later), or garbage. */
      const seL4_Word l = splitmix(&s) % 8;
      q->lock = l == 0 ? 1 : l == 1 ? pick(&s) : 0;
      if (kind == 3) { b->res.mutex.start = pick(&s); b->res.mutex.end = pick(&s); }
    } else {
      AsyncRing* q = &b->req.lockfree;
      items = q->items;
      if (kind == 0) {  /* indices and count out of range */
        q->start = pick(&s); q->end = pick(&s); q->count = pick(&s);
      } else {          /* plausible indices, random items */
        const seL4_Word n = 1 + splitmix(&s) % 8;
        q->start = start = splitmix(&s) % ASYNC_RING_ENTRIES;
        q->count = n;
        q->end = (start + n) % ASYNC_RING_ENTRIES;
      }
    }
    if (kind != 0) {
      const seL4_Word n = mutex ? (b->req.mutex.end + ASYNC_RING_ENTRIES - start) % ASYNC_RING_ENTRIES
                                : b->req.lockfree.count;
      for (seL4_Word i = 0; i < n; ++i) {
        IPCItem* it = &items[(start + i) % ASYNC_RING_ENTRIES];
        it->cid = (uint32_t)pick(&s);
        it->msg_info = (uint32_t)(splitmix(&s) % 3 ? splitmix(&s) % (AsyncLabelCount + 2) : pick(&s));
        for (int a = 0; a < ASYNC_MAX_ARGS; ++a) it->extend_msg[a] = (uint16_t)pick(&s);
        if (it->msg_info == AsyncPutString || it->msg_info == AsyncPutChar) it->msg_info = AsyncPageGetAddress;
      }
    }
    if (!mutex) {
      if (kind == 3) { b->res.lockfree.count = pick(&s); b->res.lockfree.end = pick(&s); }
      if (splitmix(&s) % 8 == 0) b->req.mutex.lock = pick(&s);  /* the word the mutex ring's lock would be */
    }
    /* Half of the other rounds leave a consistent, empty result ring (as if the response
       coroutine had drained it): the kernel must take up serving again after a corrupt ring. */
    if (kind != 3 && splitmix(&s) % 2 == 0) {
      if (mutex) { b->res.mutex.start = b->res.mutex.end = 0; }
      else { b->res.lockfree.start = b->res.lockfree.end = b->res.lockfree.count = 0; }
    }
    b->recv_req_status = splitmix(&s) % 2;
    b->recv_reply_status = splitmix(&s) % 2;
    seL4_WakeSyscallHandler();
    const seL4_Word t0 = rdtime();
    while (rdtime() - t0 < 300) { }  /* long enough for a tick (kernel.tick_us in the test) */
  }
  CHECK(2, seL4_GetClock() > 0, "the kernel still answers system calls");
  CHECK(3, alloc_object(bi, seL4_EndpointObject, 0) != seL4_CapNull, "and still creates objects");
  return sel4test_finish();
}
