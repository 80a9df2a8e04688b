// async_calls: every asynchronous syscall of the thesis (5.2) gives the same result as its
// synchronous counterpart: PutChar, PutString, PageGetAddress, UntypedRetype,
// TCBBind/UnbindNotification, PageTableMap/Unmap, PageMap/Unmap; a request with a bad
// capability gets an error result (not a fault), and an unknown label an error too.
#include <sel4/async.h>
#include "sel4test.h"

#define VA 0x2600000000ull

static seL4_BootInfo* g_bi;

static seL4_Word call(uint32_t label, const uint16_t* a, unsigned n, IPCItem* r) { return async_call(label, a, n, r); }

static void body(void* arg) {
  (void)arg;
  CHECK_ERR(10, async_put_string("async: hello through the kernel coroutine\n"), seL4_NoError, "AsyncPutString");
  const uint16_t ch[1] = {'\n'};
  CHECK_EQ(11, call(AsyncPutChar, ch, 1, NULL), seL4_NoError, "AsyncPutChar");

  // UntypedRetype: an endpoint into a fresh slot, then use it synchronously.
  const seL4_CPtr ut = alloc_object(g_bi, seL4_UntypedObject, 12);
  const seL4_CPtr slot = alloc_slot();
  const uint16_t rt[8] = {(uint16_t)ut, seL4_EndpointObject, 0, seL4_CapInitThreadCNode, 0, 0, (uint16_t)slot, 1};
  CHECK_EQ(12, call(AsyncUntypedRetype, rt, 8, NULL), seL4_NoError, "AsyncUntypedRetype");
  const seL4_CPtr minted = alloc_slot();
  CHECK_ERR(13, seL4_CNode_Mint(seL4_CapInitThreadCNode, minted, seL4_RootCNodeDepth, seL4_CapInitThreadCNode, slot,
                                seL4_RootCNodeDepth, seL4_AllRights, 7),
            seL4_NoError, "the retyped slot holds a capability that can be minted with a badge");
  CHECK_EQ(14, call(AsyncUntypedRetype, rt, 8, NULL), seL4_DeleteFirst, "retype into the same slot: DeleteFirst");

  // Frames: GetAddress agrees with the synchronous call; map, touch, unmap.
  const seL4_CPtr frame = alloc_object(g_bi, seL4_RISCV_4K_Page, 0);
  seL4_Word pa_async = 0;
  CHECK_ERR(15, async_page_get_address(frame, &pa_async), seL4_NoError, "AsyncPageGetAddress");
  seL4_RISCV_Page_GetAddress_t sync = seL4_RISCV_Page_GetAddress(frame);
  CHECK_EQ(16, pa_async, sync.paddr, "same physical address as the synchronous call");
  const seL4_CPtr pt1 = alloc_object(g_bi, seL4_RISCV_PageTableObject, 0), pt0 = alloc_object(g_bi, seL4_RISCV_PageTableObject, 0);
  const uint16_t ptm1[5] = {(uint16_t)pt1, seL4_CapInitThreadVSpace, (uint16_t)(VA >> 12), (uint16_t)(VA >> 28), 0};
  const uint16_t ptm0[5] = {(uint16_t)pt0, seL4_CapInitThreadVSpace, (uint16_t)(VA >> 12), (uint16_t)(VA >> 28), 0};
  CHECK_EQ(17, call(AsyncPageTableMap, ptm1, 5, NULL), seL4_NoError, "AsyncPageTableMap (level 1)");
  CHECK_EQ(18, call(AsyncPageTableMap, ptm0, 5, NULL), seL4_NoError, "AsyncPageTableMap (level 0)");
  CHECK_ERR(19, async_page_map(frame, seL4_CapInitThreadVSpace, VA, seL4_ReadWrite.words[0], 0), seL4_NoError,
            "AsyncPageMap");
  *(volatile seL4_Word*)VA = 0x5a5a;
  CHECK_EQ(20, *(volatile seL4_Word*)VA, 0x5a5a, "the mapped frame is usable");
  CHECK_ERR(21, async_page_unmap(frame), seL4_NoError, "AsyncPageUnmap");
  const uint16_t ptu[1] = {(uint16_t)pt0};
  CHECK_EQ(22, call(AsyncPageTableUnmap, ptu, 1, NULL), seL4_NoError, "AsyncPageTableUnmap");
  CHECK_ERR(23, seL4_RISCV_Page_Map(frame, seL4_CapInitThreadVSpace, VA, seL4_ReadWrite, 0), seL4_FailedLookup,
            "with the page table unmapped the frame cannot be mapped");

  // Notification binding on a spare TCB.
  const seL4_CPtr tcb = alloc_object(g_bi, seL4_TCBObject, 0), ntfn = alloc_object(g_bi, seL4_NotificationObject, 0);
  const uint16_t bind[2] = {(uint16_t)tcb, (uint16_t)ntfn}, unbind[1] = {(uint16_t)tcb};
  CHECK_EQ(24, call(AsyncTCBBindNotification, bind, 2, NULL), seL4_NoError, "AsyncTCBBindNotification");
  CHECK_EQ(25, call(AsyncTCBBindNotification, bind, 2, NULL), seL4_IllegalOperation, "binding twice is refused");
  CHECK_EQ(26, call(AsyncTCBUnbindNotification, unbind, 1, NULL), seL4_NoError, "AsyncTCBUnbindNotification");

  // Misuse: an empty slot, an unknown label.
  const uint16_t bad[1] = {(uint16_t)alloc_slot()};
  CHECK_EQ(27, call(AsyncPageUnmap, bad, 1, NULL), seL4_InvalidCapability, "a request on an empty slot: error result");
  CHECK_EQ(28, call(999, bad, 1, NULL), seL4_IllegalOperation, "an unknown label: error result");
}

int main(seL4_BootInfo* bi) {
  sel4test_begin("async_calls");
  g_bi = bi;
  REQUIRE_ERR(1, async_init(bi, seL4_CapInitThreadTCB), seL4_NoError, "register for asynchronous syscalls");
  REQUIRE(2, async_spawn(body, NULL, 2) >= 0, "spawn the test coroutine");
  async_run_until_complete();
  CHECK_EQ(3, async_stats.submitted, async_stats.completed, "every request got its result");
  return sel4test_finish();
}
