// map_frame: retype a 4 KiB frame, map it where no page table exists yet (Page_Map answers
// FailedLookup, page tables are retyped and mapped, the retry succeeds), write and read it
// from two threads, check GetAddress, unmap it, and let a second thread touch it again: that
// thread has no fault handler, so the kernel must stop it at the faulting load (it never sets
// its after-fault flag, and TCB_ReadRegisters shows its pc on the load). Remapping the frame
// shows the data again.
#include "sel4test.h"

// A fresh 1 GiB region (Sv39 user space ends at 256 GiB): no page table covers it at boot.
#define TEST_VADDR 0x2000000000ul
#define PATTERN_ROOT 0x0123456789abcdefull
#define PATTERN_CHILD 0xfedcba9876543210ull

static seL4_CPtr ntfn_ready, ntfn_go;
static volatile seL4_Word child_read;
static volatile int child_before_fault, child_after_fault;
extern char map_frame_fault_pc[];  // the faulting load in child()

static char child_stack[16384] __attribute__((aligned(16)));

static __attribute__((noinline)) void child(void* arg) {
  (void)arg;
  volatile seL4_Word* p = (volatile seL4_Word*)TEST_VADDR;
  child_read = p[0];
  p[1] = PATTERN_CHILD;
  seL4_Signal(ntfn_ready);
  seL4_Wait(ntfn_go, NULL);  // the root unmaps the frame meanwhile
  child_before_fault = 1;
  seL4_Word v;
  __asm__ volatile(
      ".globl map_frame_fault_pc\n"
      "map_frame_fault_pc:\n\t"
      "ld %0, 0(%1)"
      : "=r"(v)
      : "r"(TEST_VADDR)
      : "memory");
  child_after_fault = 1;  // must never run
  child_read = v;
}

int main(seL4_BootInfo* bi) {
  sel4test_begin("map_frame");
  seL4_CPtr frame = alloc_object(bi, seL4_RISCV_4K_Page, 0);
  REQUIRE(1, frame != seL4_CapNull, "retype a 4 KiB frame");
  ntfn_ready = alloc_object(NULL, seL4_NotificationObject, 0);
  ntfn_go = alloc_object(NULL, seL4_NotificationObject, 0);
  REQUIRE(2, ntfn_ready && ntfn_go, "retype two notifications");

  CHECK_ERR(3,
            seL4_RISCV_Page_Map(frame, seL4_CapInitThreadVSpace, TEST_VADDR, seL4_ReadWrite,
                                seL4_RISCV_Default_VMAttributes),
            seL4_FailedLookup, "Page_Map where no page table exists");
  REQUIRE_ERR(4, map_page(frame, seL4_CapInitThreadVSpace, TEST_VADDR, seL4_ReadWrite, seL4_RISCV_Default_VMAttributes),
              seL4_NoError, "Page_Map after retyping and mapping the missing page tables");

  volatile seL4_Word* p = (volatile seL4_Word*)TEST_VADDR;
  CHECK(5, p[0] == 0 && p[511] == 0, "a fresh frame reads as zero");
  p[0] = PATTERN_ROOT;
  CHECK_EQ(6, p[0], PATTERN_ROOT, "write and read back through the new mapping");

  seL4_RISCV_Page_GetAddress_t ga = seL4_RISCV_Page_GetAddress(frame);
  printf("  frame paddr 0x%lx\n", ga.paddr);
  CHECK_ERR(7, ga.error, seL4_NoError, "Page_GetAddress");
  CHECK(8, ga.paddr != 0 && (ga.paddr & 0xfff) == 0, "Page_GetAddress gives a page-aligned physical address");

  sel4_thread_t t;
  REQUIRE_ERR(9, sel4_thread_create(&t, child, NULL, child_stack, sizeof child_stack, seL4_MaxPrio), seL4_NoError,
              "create and start the child thread");
  seL4_Wait(ntfn_ready, NULL);
  CHECK_EQ(10, child_read, PATTERN_ROOT, "child reads the root's write through the shared mapping");
  CHECK_EQ(11, p[1], PATTERN_CHILD, "root reads the child's write");

  CHECK_ERR(12, seL4_RISCV_Page_Unmap(frame), seL4_NoError, "Page_Unmap");
  seL4_Signal(ntfn_go);
  for (int i = 0; i < 200; ++i) seL4_Yield();  // let the child run into its fault
  CHECK_EQ(13, child_before_fault, 1, "child ran up to the access of the unmapped page");
  CHECK_EQ(14, child_after_fault, 0, "child did not get past the access of the unmapped page");

  seL4_UserContext regs;
  memset(&regs, 0, sizeof regs);
  CHECK_ERR(15, seL4_TCB_ReadRegisters(t.tcb, seL4_False, 0, sizeof regs / sizeof(seL4_Word), &regs), seL4_NoError,
            "TCB_ReadRegisters of the faulted child");
  printf("  child pc 0x%lx, faulting load at %p\n", regs.pc, (void*)map_frame_fault_pc);
  CHECK_EQ(16, regs.pc, (seL4_Word)(uintptr_t)map_frame_fault_pc, "child stopped on the faulting load");

  CHECK_ERR(17, seL4_RISCV_Page_Map(frame, seL4_CapInitThreadVSpace, TEST_VADDR, seL4_ReadWrite,
                                    seL4_RISCV_Default_VMAttributes),
            seL4_NoError, "map the frame again (page tables are still there)");
  CHECK(18, p[0] == PATTERN_ROOT && p[1] == PATTERN_CHILD, "the frame kept its contents across unmap and map");
  CHECK_ERR(19, seL4_RISCV_Page_Unmap(frame), seL4_NoError, "Page_Unmap again");
  return sel4test_finish();
}
