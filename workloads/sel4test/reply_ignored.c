// reply_ignored: a client whose response side goes offline and never looks again. It
// registers for asynchronous syscalls, submits one AsyncNop by hand, and then keeps storing
// recv_reply_status = 0 without ever popping the result: under kernel.async.protocol = fixed
// it breaks the protocol the registration reply (MR1) told it; under thesis it is the lost
// wake-up with nothing left to rescue it. The kernel must end the run with its report naming
// the thread and the protocol (exit 124), not spin to the cycle limit (tests/kernel/
// CMakeLists.txt, kernel/reply_ignored_*).
#include <sel4/async.h>
#include "sel4test.h"

#define BUFFER_VADDR 0x3800000000ull  /* where async_init maps the buffer */

int main(seL4_BootInfo* bi) {
  sel4test_begin("reply_ignored");
  REQUIRE_ERR(1, async_init(bi, seL4_CapInitThreadTCB), seL4_NoError, "register for asynchronous syscalls");
  /* async_init's last system call was the registration: its reply is still in the IPC buffer. */
  REQUIRE(2, seL4_GetMR(0) == ASYNC_QUEUE_LOCKFREE, "the lock-free rings (kernel.async.queue = lockfree)");
  const seL4_Word protocol = seL4_GetMR(1);
  REQUIRE(3, protocol == ASYNC_PROTOCOL_FIXED || protocol == ASYNC_PROTOCOL_THESIS, "the kernel tells its protocol");
  printf("  protocol: %s\n", protocol == ASYNC_PROTOCOL_FIXED ? "fixed" : "thesis");
  NewBuffer* b = (NewBuffer*)(uintptr_t)BUFFER_VADDR;
  AsyncRing* q = &b->req.lockfree;
  IPCItem item;
  memset(&item, 0, sizeof item);
  item.msg_info = AsyncNop;
  q->items[q->end] = item;
  q->end = (q->end + 1) % ASYNC_RING_ENTRIES;
  __atomic_fetch_add(&q->count, 1, __ATOMIC_RELEASE);
  __atomic_store_n(&b->recv_req_status, 1, __ATOMIC_SEQ_CST);
  seL4_WakeSyscallHandler();
  printf("  submitted one request; now clearing recv_reply_status and never reading the result\n");
  for (;;) __atomic_store_n(&b->recv_reply_status, 0, __ATOMIC_SEQ_CST);
}
