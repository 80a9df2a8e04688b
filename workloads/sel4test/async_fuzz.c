// async_fuzz: the shared syscall buffer is guest-writable at any time. Between wake-ups this
// program scribbles over it -- ring indices and counts out of range, items with random
// labels, caps and addresses, the status flags, even the mutex word -- and wakes the kernel
// coroutine. The kernel must validate everything: bad requests get error results, an
// inconsistent ring is reported and abandoned, and the kernel keeps serving the program.
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
  seL4_Word s = 12345;
  for (int round = 0; round < FUZZ_ROUNDS; ++round) {
    AsyncRing* q = &b->req.lockfree;
    const seL4_Word kind = splitmix(&s) % 4;
    if (kind == 0) {  /* indices and count out of range */
      q->start = pick(&s); q->end = pick(&s); q->count = pick(&s);
    } else {          /* plausible indices, random items */
      const seL4_Word n = 1 + splitmix(&s) % 8;
      q->start = splitmix(&s) % ASYNC_RING_ENTRIES;
      q->count = n;
      for (seL4_Word i = 0; i < n; ++i) {
        IPCItem* it = &q->items[(q->start + i) % ASYNC_RING_ENTRIES];
        it->cid = (uint32_t)pick(&s);
        it->msg_info = (uint32_t)(splitmix(&s) % 3 ? splitmix(&s) % (AsyncLabelCount + 2) : pick(&s));
        for (int a = 0; a < ASYNC_MAX_ARGS; ++a) it->extend_msg[a] = (uint16_t)pick(&s);
        if (it->msg_info == AsyncPutString || it->msg_info == AsyncPutChar) it->msg_info = AsyncPageGetAddress;
      }
      q->end = (q->start + n) % ASYNC_RING_ENTRIES;
    }
    if (kind == 3) { b->res.lockfree.count = pick(&s); b->res.lockfree.end = pick(&s); }
    if (splitmix(&s) % 8 == 0) b->req.mutex.lock = pick(&s);
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
