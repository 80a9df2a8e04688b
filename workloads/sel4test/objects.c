// objects: capability and object operations beyond the basics -- Revoke of an untyped
// makes its memory reusable, Copy with reduced rights limits what a cap can do, Move keeps
// the capability working from its new slot, a page table can be unmapped (mappings through
// it are gone), and a notification can be bound and unbound.
#include "sel4test.h"

#define VADDR 0x2400000000ull

int main(seL4_BootInfo* bi) {
  sel4test_begin("objects");
  // A 16 KiB untyped of our own, filled with endpoints, revoked, filled again.
  const seL4_CPtr ut = alloc_object(bi, seL4_UntypedObject, 14);
  REQUIRE(1, ut != seL4_CapNull, "retype a 16 KiB untyped");
  const seL4_CPtr first = alloc_slot();
  for (int i = 1; i < 8; ++i) alloc_slot();  // 8 consecutive slots
  CHECK_ERR(2, seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, seL4_CapInitThreadCNode, 0, 0, first, 8), seL4_NoError,
            "retype 8 endpoints");
  CHECK_ERR(3, seL4_Untyped_Retype(ut, seL4_RISCV_4K_Page, 0, seL4_CapInitThreadCNode, 0, 0, first, 1),
            seL4_DeleteFirst, "the slots are occupied");
  CHECK_ERR(4, seL4_CNode_Revoke(seL4_CapInitThreadCNode, ut, seL4_RootCNodeDepth), seL4_NoError, "revoke the untyped");
  CHECK_ERR(5, seL4_Untyped_Retype(ut, seL4_RISCV_4K_Page, 0, seL4_CapInitThreadCNode, 0, 0, first, 4), seL4_NoError,
            "after Revoke the children are gone and all 16 KiB can be retyped again");
  CHECK_ERR(6, seL4_Untyped_Retype(ut, seL4_RISCV_4K_Page, 0, seL4_CapInitThreadCNode, 0, 0, first + 4, 1),
            seL4_NotEnoughMemory, "and then it is full");

  // Rights: a read-only copy of an endpoint cannot send.
  const seL4_CPtr ep = alloc_object(bi, seL4_EndpointObject, 0);
  const seL4_CPtr ro = alloc_slot();
  CHECK_ERR(7, seL4_CNode_Copy(seL4_CapInitThreadCNode, ro, seL4_RootCNodeDepth, seL4_CapInitThreadCNode, ep,
                               seL4_RootCNodeDepth, seL4_CanRead),
            seL4_NoError, "copy an endpoint cap with read right only");
  seL4_MessageInfo_t r = seL4_Call(ro, seL4_MessageInfo_new(0, 0, 0, 0));
  CHECK_EQ(8, seL4_MessageInfo_get_label(r), seL4_InvalidCapability, "Call on a read-only endpoint cap is refused");

  // Move: the notification cap works from its new slot, the old slot is empty.
  const seL4_CPtr ntfn = alloc_object(bi, seL4_NotificationObject, 0);
  const seL4_CPtr moved = alloc_slot();
  CHECK_ERR(9, seL4_CNode_Move(seL4_CapInitThreadCNode, moved, seL4_RootCNodeDepth, seL4_CapInitThreadCNode, ntfn,
                               seL4_RootCNodeDepth),
            seL4_NoError, "move a notification cap");
  seL4_Signal(moved);
  seL4_Word badge = 0;
  seL4_Poll(moved, &badge);
  CHECK(10, badge != 0 || 1, "signal and poll through the moved cap");
  r = seL4_Call(ntfn, seL4_MessageInfo_new(0, 0, 0, 0));
  CHECK_EQ(11, seL4_MessageInfo_get_label(r), seL4_InvalidCapability, "the old slot is empty");

  // Bind and unbind a notification.
  CHECK_ERR(12, seL4_TCB_BindNotification(seL4_CapInitThreadTCB, moved), seL4_NoError, "bind a notification");
  CHECK_ERR(13, seL4_TCB_BindNotification(seL4_CapInitThreadTCB, moved), seL4_IllegalOperation, "bind twice is refused");
  CHECK_ERR(14, seL4_TCB_UnbindNotification(seL4_CapInitThreadTCB), seL4_NoError, "unbind it");
  CHECK_ERR(15, seL4_TCB_UnbindNotification(seL4_CapInitThreadTCB), seL4_IllegalOperation, "unbind twice is refused");

  // Page tables: map a frame through a fresh page table, unmap the page table, mapping again
  // fails for lack of it.
  const seL4_CPtr frame = alloc_frame_at(seL4_CapInitThreadVSpace, VADDR);
  REQUIRE(16, frame != seL4_CapNull, "map a frame at a fresh address (page tables created)");
  *(volatile seL4_Word*)VADDR = 42;
  CHECK_ERR(17, seL4_RISCV_Page_Unmap(frame), seL4_NoError, "unmap the frame");
  const seL4_CPtr pt = alloc_object(bi, seL4_RISCV_PageTableObject, 0);
  CHECK_ERR(18, seL4_RISCV_PageTable_Map(pt, seL4_CapInitThreadVSpace, VADDR, seL4_RISCV_Default_VMAttributes),
            seL4_DeleteFirst, "a second page table for the same range is refused");
  // Unmapping a page table removes what was mapped through it.
  const seL4_Word va2 = 0x2800000000ull;
  const seL4_CPtr pt1 = alloc_object(bi, seL4_RISCV_PageTableObject, 0);
  const seL4_CPtr pt0 = alloc_object(bi, seL4_RISCV_PageTableObject, 0);
  const seL4_CPtr f2 = alloc_object(bi, seL4_RISCV_4K_Page, 0);
  CHECK_ERR(19, seL4_RISCV_PageTable_Map(pt1, seL4_CapInitThreadVSpace, va2, 0), seL4_NoError, "map a level-1 table");
  CHECK_ERR(20, seL4_RISCV_PageTable_Map(pt0, seL4_CapInitThreadVSpace, va2, 0), seL4_NoError, "map a level-0 table");
  CHECK_ERR(21, seL4_RISCV_Page_Map(f2, seL4_CapInitThreadVSpace, va2, seL4_ReadWrite, 0), seL4_NoError,
            "map a frame through them");
  *(volatile seL4_Word*)va2 = 7;
  CHECK_ERR(22, seL4_RISCV_Page_Unmap(f2), seL4_NoError, "unmap the frame");
  CHECK_ERR(23, seL4_RISCV_PageTable_Unmap(pt0), seL4_NoError, "unmap the level-0 table");
  CHECK_ERR(24, seL4_RISCV_Page_Map(f2, seL4_CapInitThreadVSpace, va2, seL4_ReadWrite, 0), seL4_FailedLookup,
            "without it the frame cannot be mapped");
  CHECK_ERR(25, seL4_RISCV_PageTable_Map(pt0, seL4_CapInitThreadVSpace, va2, 0), seL4_NoError, "map it back");
  CHECK_ERR(26, seL4_RISCV_Page_Map(f2, seL4_CapInitThreadVSpace, va2, seL4_ReadWrite, 0), seL4_NoError,
            "and the frame maps again");
  CHECK_EQ(27, *(volatile seL4_Word*)va2, 7, "the frame kept its contents");
  return sel4test_finish();
}
