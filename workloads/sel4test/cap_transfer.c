// cap_transfer: capabilities travel in IPC (seL4 transferCaps). With grant right, the first
// extra cap is copied into the receiver's receive slot (set with seL4_SetCapReceivePath);
// a cap to the very endpoint the message travels on is unwrapped: the receiver gets its
// badge in caps_or_badges and the capsUnwrapped bit. Without grant, no cap is transferred.
#include "sel4test.h"

static seL4_CPtr g_ep, g_recv_slot;
static volatile seL4_Word got_caps, got_unwrapped, got_badge_word, phase;
static char server_stack[16384] __attribute__((aligned(16)));

static void server(void* arg) {
  (void)arg;
  seL4_Word badge;
  seL4_SetCapReceivePath(seL4_CapInitThreadCNode, g_recv_slot, seL4_RootCNodeDepth);
  seL4_MessageInfo_t info = seL4_Recv(g_ep, &badge);              // 1: a notification cap, granted
  got_caps = seL4_MessageInfo_get_extraCaps(info);
  seL4_Signal(g_recv_slot);                                        // use the received cap
  info = seL4_Recv(g_ep, &badge);                                  // 2: the badged endpoint itself
  got_unwrapped = seL4_MessageInfo_get_capsUnwrapped(info);
  got_badge_word = seL4_GetIPCBuffer()->caps_or_badges[0];
  phase = 2;
  for (;;) seL4_Recv(g_ep, &badge);
}

int main(seL4_BootInfo* bi) {
  sel4test_begin("cap_transfer");
  g_ep = alloc_object(bi, seL4_EndpointObject, 0);
  const seL4_CPtr ntfn = alloc_object(bi, seL4_NotificationObject, 0);
  g_recv_slot = alloc_slot();
  const seL4_CPtr badged = alloc_slot();
  REQUIRE(1, g_ep && ntfn && g_recv_slot && badged, "objects and slots");
  REQUIRE_ERR(2, seL4_CNode_Mint(seL4_CapInitThreadCNode, badged, seL4_RootCNodeDepth, seL4_CapInitThreadCNode, g_ep,
                                 seL4_RootCNodeDepth, seL4_AllRights, 0x55),
              seL4_NoError, "mint a badged endpoint cap");
  sel4_thread_t srv;
  REQUIRE_ERR(3, sel4_thread_create(&srv, server, NULL, server_stack, sizeof server_stack, seL4_MaxPrio), seL4_NoError,
              "create the server");
  seL4_Yield();  // let the server reach its first Recv
  const seL4_CPtr ntfn_badged = alloc_slot();
  REQUIRE_ERR(9, seL4_CNode_Mint(seL4_CapInitThreadCNode, ntfn_badged, seL4_RootCNodeDepth, seL4_CapInitThreadCNode,
                                 ntfn, seL4_RootCNodeDepth, seL4_AllRights, 0x9),
              seL4_NoError, "mint a badged notification cap");
  seL4_SetCap(0, ntfn_badged);
  seL4_Send(g_ep, seL4_MessageInfo_new(1, 0, 1, 0));
  seL4_Word w = 0;
  seL4_Wait(ntfn, &w);  // the server signals through the cap it received
  CHECK_EQ(4, got_caps, 1, "the receiver got one capability");
  CHECK_EQ(5, w, 0x9, "the receiver signalled through the transferred (badged) notification cap");
  seL4_SetCap(0, badged);
  seL4_Send(badged, seL4_MessageInfo_new(2, 0, 1, 0));
  seL4_Yield();
  CHECK_EQ(6, phase, 2, "the second message arrived");
  CHECK_EQ(7, got_unwrapped, 1, "the cap to the same endpoint was unwrapped (capsUnwrapped bit 0)");
  CHECK_EQ(8, got_badge_word, 0x55, "and its badge delivered in caps_or_badges[0]");
  return sel4test_finish();
}
