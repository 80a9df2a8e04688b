// uintr_receivers: more U-notification receivers than a small UINTC has. One receiver thread
// is bound in turn to UINTR_RECEIVERS notifications and registered as the user-interrupt
// receiver of each, so the kernel hands out that many UINTC receiver entries (1, 2, ...; the
// kernel keeps entry 0). The root task then registers as a sender on the last one and sends to
// it with uipi.send; the receiver's handler must see the vector. With the default 40
// receivers this needs a UINTC of at least 41 entries: it passes on the QEMU virt UINTC
// (512 entries, configs/platforms/qemu-virt.toml) and fails at registration 32 on the Rocket
// board's 32-entry UINTC (configs/platforms/rocket-fpga.toml) with seL4_NotEnoughMemory.
// The program also prints the UINTC base the platform reports (sim-control +0x38).
#include "uintr_receiver.h"

#ifndef UINTR_RECEIVERS
#define UINTR_RECEIVERS 40
#endif
#define SENDS 8
#define BADGE 9

int main(seL4_BootInfo* bi) {
  sel4test_begin("uintr_receivers");
  REQUIRE(1, sel4_simctrl_init(bi) == 0, "map the sim-control device");
  const seL4_Word base = *(volatile seL4_Word*)(SEL4_SIMCTRL_VADDR + UINTRSIM_SIMCTRL_UINTC_BASE);
  printf("uintc base 0x%lx\n", base);

  sel4_thread_t r;
  REQUIRE_ERR(2, sel4_thread_create(&r, receiver, NULL, recv_stack, sizeof recv_stack, seL4_MaxPrio), seL4_NoError,
              "create the receiver");
  seL4_CPtr last = seL4_CapNull;
  seL4_Word last_idx = 0, registered = 0;
  for (int i = 0; i < UINTR_RECEIVERS; ++i) {
    const seL4_CPtr ntfn = alloc_object(bi, seL4_NotificationObject, 0);
    REQUIRE(3, ntfn != seL4_CapNull, "retype a notification");
    if (i) REQUIRE_ERR(4, seL4_TCB_UnbindNotification(r.tcb), seL4_NoError, "unbind the previous notification");
    REQUIRE_ERR(5, seL4_TCB_BindNotification(r.tcb, ntfn), seL4_NoError, "bind the next notification");
    seL4_SetCap(0, r.tcb);
    const seL4_MessageInfo_t info = seL4_Call(ntfn, seL4_MessageInfo_new(UintrRegisterReceiver, 0, 1, 0));
    if (seL4_MessageInfo_get_label(info) != seL4_NoError) {
      printf("  registration %d failed after %lu receivers\n", i + 1, registered);
      REQUIRE_ERR(6, seL4_MessageInfo_get_label(info), seL4_NoError, "register the receiver of every notification");
    }
    sel4_uintr_learn_arch(info);
    last_idx = seL4_GetMR(0);
    ++registered;
    last = ntfn;
  }
  printf("receivers=%lu last_entry=%lu\n", registered, last_idx);
  CHECK_EQ(7, last_idx, UINTR_RECEIVERS, "the last receiver has UINTC entry UINTR_RECEIVERS");

  const seL4_CPtr badged = alloc_slot();
  REQUIRE(8, badged != seL4_CapNull, "allocate a slot");
  REQUIRE_ERR(9, seL4_CNode_Mint(seL4_CapInitThreadCNode, badged, seL4_RootCNodeDepth, seL4_CapInitThreadCNode, last,
                                 seL4_RootCNodeDepth, seL4_AllRights, BADGE),
              seL4_NoError, "mint a badged cap of the last notification (badge = vector)");
  const seL4_MessageInfo_t info = seL4_Call(badged, seL4_MessageInfo_new(UintrRegisterSender, 0, 0, 0));
  REQUIRE_ERR(10, seL4_MessageInfo_get_label(info), seL4_NoError, "register the root task as its sender");
  const seL4_Word index = seL4_GetMR(0);
  while (!receiver_ready) seL4_Yield();
  for (int i = 0; i < SENDS; ++i) {
    sel4_uintr_send(index);  // to UINTC entry last_idx
    seL4_Yield();
  }
  for (int i = 0; i < 10 && received < SENDS; ++i) seL4_Yield();
  printf("sends=%d received=%lu\n", SENDS, received);
  CHECK_EQ(11, received, SENDS, "every uipi.send to the last entry reached the receiver's handler");
  CHECK_EQ(12, vector_bits, 1ull << BADGE, "with the badge as vector");
  return sel4test_finish();
}
