// cap_errors: misused invocations return the seL4_Error (and error detail words) seL4 gives.
#include "sel4test.h"

#define ROOT seL4_CapInitThreadCNode
#define DEPTH seL4_RootCNodeDepth
#define VSPACE seL4_CapInitThreadVSpace

static seL4_Error retype(seL4_CPtr ut, seL4_Word type, seL4_Word size_bits, seL4_Word offset) {
  return seL4_Untyped_Retype(ut, type, size_bits, ROOT, 0, 0, offset, 1);
}

int main(seL4_BootInfo* bi) {
  sel4test_begin("cap_errors");
  seL4_Word cnode_slots = (seL4_Word)1 << bi->initThreadCNodeSizeBits;
  seL4_CPtr ut = alloc_object(bi, seL4_UntypedObject, 16);
  seL4_CPtr ep = alloc_object(NULL, seL4_EndpointObject, 0);
  seL4_CPtr small = alloc_object(NULL, seL4_UntypedObject, 10);
  seL4_CPtr empty = alloc_slot(), empty2 = alloc_slot(), empty3 = alloc_slot();
  REQUIRE(1, ut && ep && small && empty && empty2 && empty3,
          "set-up: a 64 KiB untyped, an endpoint, a 1 KiB untyped, three empty slots");

  // Invoking nothing.
  CHECK_ERR(2, seL4_TCB_Resume(empty), seL4_InvalidCapability, "invoke an empty slot (null cap)");
  CHECK_ERR(3, seL4_TCB_Resume(seL4_CapNull), seL4_InvalidCapability, "invoke slot 0 (seL4_CapNull)");
  CHECK_ERR(4, seL4_RISCV_Page_Map(ut, VSPACE, SEL4_DYN_VADDR_BASE, seL4_ReadWrite, 0), seL4_IllegalOperation,
            "invoke an untyped cap with a page label");

  // Retype.
  CHECK_ERR(5, retype(ut, seL4_ObjectTypeCount, 0, empty), seL4_InvalidArgument, "Retype to a bad object type");
  CHECK_EQ(6, seL4_GetMR(0), 0, "  ... error detail: invalid argument number 0 (the type)");
  CHECK_ERR(7, retype(ut, seL4_EndpointObject, 0, ep), seL4_DeleteFirst, "Retype into an occupied slot");
  CHECK_ERR(8, retype(ut, seL4_EndpointObject, 0, cnode_slots), seL4_RangeError,
            "Retype to a node offset beyond the root CNode");
  CHECK_EQ(9, seL4_GetMR(1), cnode_slots - 1, "  ... error detail: largest valid offset");
  CHECK_ERR(10, retype(small, seL4_RISCV_4K_Page, 0, empty), seL4_NotEnoughMemory,
            "Retype a 4 KiB frame from a 1 KiB untyped");
  CHECK_ERR(11, retype(small, seL4_TCBObject, 0, empty), seL4_NoError, "Retype a 1 KiB TCB from the 1 KiB untyped");
  CHECK_ERR(12, retype(small, seL4_EndpointObject, 0, empty2), seL4_NotEnoughMemory,
            "Retype from the now full 1 KiB untyped");

  // CNode operations.
  CHECK_ERR(13,
            seL4_CNode_Mint(ROOT, empty /* holds the TCB now */, DEPTH, ROOT, ep, DEPTH, seL4_AllRights, 7),
            seL4_DeleteFirst, "Mint into an occupied slot");
  CHECK_ERR(14, seL4_CNode_Copy(ROOT, empty3, DEPTH, ROOT, empty2, DEPTH, seL4_AllRights), seL4_FailedLookup,
            "Copy from an empty slot");
  CHECK_EQ(15, seL4_GetMR(0), 1, "  ... error detail: the source lookup failed");
  CHECK_ERR(16, seL4_CNode_Delete(ROOT, cnode_slots, DEPTH), seL4_FailedLookup,
            "Delete a slot beyond the root CNode");
  CHECK_ERR(17, seL4_CNode_Delete(ROOT, empty2, DEPTH), seL4_NoError, "Delete an empty slot");
  CHECK_ERR(18, seL4_CNode_Move(ROOT, empty2, DEPTH, ROOT, empty, DEPTH), seL4_NoError, "Move the TCB cap");
  CHECK_ERR(19, seL4_TCB_Suspend(empty), seL4_InvalidCapability, "invoke the slot the cap was moved away from");
  CHECK_ERR(20, seL4_CNode_Delete(ROOT, empty2, DEPTH), seL4_NoError, "Delete the moved TCB cap");

  // Pages.
  seL4_CPtr f1 = alloc_object(NULL, seL4_RISCV_4K_Page, 0);
  seL4_CPtr f2 = alloc_object(NULL, seL4_RISCV_4K_Page, 0);
  seL4_Word va = alloc_vaddr(2);
  REQUIRE(21, f1 && f2, "set-up: two 4 KiB frames");
  REQUIRE_ERR(22, map_page(f1, VSPACE, va, seL4_ReadWrite, 0), seL4_NoError, "map frame 1 (page tables as needed)");
  CHECK_ERR(23, seL4_RISCV_Page_Map(f1, VSPACE, va + 4096, seL4_ReadWrite, 0), seL4_InvalidArgument,
            "Page_Map of an already mapped frame at another address");
  CHECK_ERR(24, seL4_RISCV_Page_Map(f2, VSPACE, va, seL4_ReadWrite, 0), seL4_DeleteFirst,
            "Page_Map of another frame where a page is mapped");
  CHECK_ERR(25, seL4_RISCV_Page_Map(f2, VSPACE, va + 4096 + 8, seL4_ReadWrite, 0), seL4_AlignmentError,
            "Page_Map at an unaligned address");
  CHECK_ERR(26, seL4_RISCV_Page_Map(f2, VSPACE, va + 4096, seL4_ReadWrite, 0), seL4_NoError,
            "Page_Map of frame 2 beside frame 1");
  CHECK_ERR(27, seL4_RISCV_Page_Unmap(f1), seL4_NoError, "Page_Unmap frame 1");
  CHECK_ERR(28, seL4_RISCV_Page_Unmap(f1), seL4_NoError, "Page_Unmap of an unmapped frame");
  CHECK_ERR(29, seL4_RISCV_Page_Unmap(f2), seL4_NoError, "Page_Unmap frame 2");
  return sel4test_finish();
}
