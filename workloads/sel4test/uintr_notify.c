// uintr_notify: ReL4 U-notifications. A receiver thread binds a notification and registers
// as its user-interrupt receiver; the root task registers as a sender and notifies it with
// uipi.send (senduipi with uintr.arch = posted) -- no kernel entry on either side. Both
// threads share one core, so most sends find the receiver switched out: the pending bits
// wait in its (deactivated) UINTC entry, or in its UPID with SN set, and arrive when the
// kernel switches it back in. A Signal through the kernel on the same notification is
// delivered as a user interrupt too. The send loop is the region of interest: there the only
// kernel entries are the loop's seL4_Yield calls (and timer ticks); the sends themselves
// enter no kernel (tests/kernel/CMakeLists.txt checks the ROI statistics).
#include "uintr_receiver.h"

#define SENDS 50
#define BADGE 5

int main(seL4_BootInfo* bi) {
  sel4test_begin("uintr_notify");
  const seL4_CPtr ntfn = alloc_object(bi, seL4_NotificationObject, 0);
  const seL4_CPtr badged = alloc_slot();
  REQUIRE(1, ntfn && badged, "a notification and a slot");
  REQUIRE_ERR(2, seL4_CNode_Mint(seL4_CapInitThreadCNode, badged, seL4_RootCNodeDepth, seL4_CapInitThreadCNode, ntfn,
                                 seL4_RootCNodeDepth, seL4_AllRights, BADGE),
              seL4_NoError, "mint a badged notification cap (badge = vector)");
  sel4_thread_t r;
  REQUIRE_ERR(3, sel4_thread_create(&r, receiver, NULL, recv_stack, sizeof recv_stack, seL4_MaxPrio), seL4_NoError,
              "create the receiver");
  REQUIRE_ERR(4, seL4_TCB_BindNotification(r.tcb, ntfn), seL4_NoError, "bind the notification to the receiver");
  seL4_SetCap(0, r.tcb);
  seL4_MessageInfo_t info = seL4_Call(ntfn, seL4_MessageInfo_new(UintrRegisterReceiver, 0, 1, 0));
  REQUIRE_ERR(5, seL4_MessageInfo_get_label(info), seL4_NoError, "register the receiver");
  sel4_uintr_learn_arch(info);
  info = seL4_Call(badged, seL4_MessageInfo_new(UintrRegisterSender, 0, 0, 0));
  REQUIRE_ERR(6, seL4_MessageInfo_get_label(info), seL4_NoError, "register the root task as a sender");
  const seL4_Word index = seL4_GetMR(0);
  while (!receiver_ready) seL4_Yield();
  REQUIRE(10, sel4_simctrl_init(bi) == 0, "map the sim-control device (region of interest)");

  sel4_roi_begin();
  for (int i = 0; i < SENDS; ++i) {
    sel4_uintr_send(index);  // user space to user space: no trap
    seL4_Yield();      // let the receiver run (its entry is activated when it is switched in)
  }
  sel4_roi_end();
  for (int i = 0; i < 10 && received < SENDS; ++i) seL4_Yield();
  CHECK_EQ(7, received, SENDS, "every uipi.send reached the receiver's handler");
  CHECK_EQ(8, vector_bits, 1ull << BADGE, "with the badge as vector");
  seL4_Signal(badged);  // through the kernel: also a user interrupt on a U-notification
  for (int i = 0; i < 10 && received < SENDS + 1; ++i) seL4_Yield();
  CHECK_EQ(9, received, SENDS + 1, "a kernel Signal on the U-notification arrives as a user interrupt");
  return sel4test_finish();
}
