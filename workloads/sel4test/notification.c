// notification: seL4_Signal / seL4_Wait / seL4_Poll within one thread and between two
// threads; badges of several signals are OR-ed; a notification bound to a TCB is delivered
// by a receive on an endpoint.
#include "sel4test.h"

static seL4_CPtr ntfn_a, ntfn_b, ntfn_done;  // unbadged caps
static seL4_CPtr a_1, a_4, b_2, b_8;         // badged caps (badge in the name)

static volatile seL4_Word child_badge_1;  // badge the child's first Wait returned
static volatile int child_steps;

static char child_stack[16384] __attribute__((aligned(16)));

static void child(void* arg) {
  (void)arg;
  seL4_Word badge = 0;
  seL4_Wait(ntfn_a, &badge);  // woken by the root's Signal(a_1) (or finds it pending)
  child_badge_1 = badge;
  child_steps = 1;
  seL4_Signal(b_2);  // two signals before the root looks: they must arrive OR-ed
  seL4_Signal(b_8);
  child_steps = 2;
  seL4_Signal(ntfn_done);
}

static seL4_CPtr mint(seL4_CPtr src, seL4_Word badge) {
  seL4_CPtr slot = alloc_slot();
  if (slot == seL4_CapNull) return seL4_CapNull;
  seL4_Error e = seL4_CNode_Mint(seL4_CapInitThreadCNode, slot, seL4_RootCNodeDepth, seL4_CapInitThreadCNode, src,
                                 seL4_RootCNodeDepth, seL4_AllRights, badge);
  return e == seL4_NoError ? slot : seL4_CapNull;
}

int main(seL4_BootInfo* bi) {
  sel4test_begin("notification");
  ntfn_a = alloc_object(bi, seL4_NotificationObject, 0);
  ntfn_b = alloc_object(bi, seL4_NotificationObject, 0);
  ntfn_done = alloc_object(bi, seL4_NotificationObject, 0);
  REQUIRE(1, ntfn_a && ntfn_b && ntfn_done, "retype three notifications");
  a_1 = mint(ntfn_a, 0x1);
  a_4 = mint(ntfn_a, 0x4);
  b_2 = mint(ntfn_b, 0x2);
  b_8 = mint(ntfn_b, 0x8);
  REQUIRE(2, a_1 && a_4 && b_2 && b_8, "mint badged notification caps");

  // Same thread: poll an idle notification, then two signals OR-ed, then idle again.
  seL4_Word badge = 0xdead;
  seL4_Poll(ntfn_a, &badge);
  CHECK_EQ(3, badge, 0, "Poll of an idle notification returns badge 0");
  seL4_Signal(a_1);
  seL4_Signal(a_4);
  badge = 0;
  seL4_Poll(ntfn_a, &badge);
  CHECK_EQ(4, badge, 0x5, "Poll after Signal(badge 1) + Signal(badge 4) returns 1|4");
  badge = 0xdead;
  seL4_Poll(ntfn_a, &badge);
  CHECK_EQ(5, badge, 0, "Poll clears the notification word");
  seL4_Signal(a_4);
  badge = 0;
  seL4_Wait(ntfn_a, &badge);  // already active: must not block
  CHECK_EQ(6, badge, 0x4, "Wait on an active notification returns at once with its badge");

  // Two threads.
  sel4_thread_t t;
  REQUIRE_ERR(7, sel4_thread_create(&t, child, NULL, child_stack, sizeof child_stack, seL4_MaxPrio), seL4_NoError,
              "create and start the child thread");
  seL4_Signal(a_1);
  badge = 0;
  seL4_Wait(ntfn_done, &badge);  // blocks until the child is through
  CHECK_EQ(8, child_steps, 2, "child ran to its end after the root's Signal");
  CHECK_EQ(9, child_badge_1, 0x1, "child's Wait returned the root's badge 1");
  CHECK_EQ(10, badge, 0, "Wait on the unbadged done notification returns badge 0");
  badge = 0;
  seL4_Poll(ntfn_b, &badge);
  CHECK_EQ(11, badge, 0xa, "child's Signal(badge 2) + Signal(badge 8) arrive OR-ed as 0xa");

  // Bound notification: a receive on an endpoint returns the pending signal.
  seL4_CPtr ntfn_c = alloc_object(NULL, seL4_NotificationObject, 0);
  seL4_CPtr ep = alloc_object(NULL, seL4_EndpointObject, 0);
  seL4_CPtr c_20 = ntfn_c ? mint(ntfn_c, 0x20) : seL4_CapNull;
  REQUIRE(12, ntfn_c && ep && c_20, "retype a notification and an endpoint, mint badge 0x20");
  CHECK_ERR(13, seL4_TCB_BindNotification(seL4_CapInitThreadTCB, ntfn_c), seL4_NoError,
            "bind the notification to the root TCB");
  seL4_Signal(c_20);
  badge = 0;
  seL4_NBRecv(ep, &badge);
  CHECK_EQ(14, badge, 0x20, "NBRecv on an endpoint delivers the bound notification's badge");
  badge = 0xdead;
  seL4_NBRecv(ep, &badge);
  CHECK_EQ(15, badge, 0, "NBRecv on an idle endpoint and idle bound notification returns badge 0");
  CHECK_ERR(16, seL4_TCB_UnbindNotification(seL4_CapInitThreadTCB), seL4_NoError, "unbind the notification");
  return sel4test_finish();
}
