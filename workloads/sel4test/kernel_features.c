// kernel_features: invocations and scheduling the other programs do not exercise.
//   - time-slice preemption: a thread at the root task's priority that never enters the
//     kernel gets the core only when the root task's time slice ends (kernel.timeslice_ticks),
//     and the root task gets it back when the thread's ends;
//   - TCB SetMCPriority: a thread's maximum controlled priority bounds the priorities it may
//     give (SetPriority with it as authority), and may not exceed the authority's own;
//   - TCB SetIPCBuffer: after moving the root task's IPC buffer to another frame, message
//     registers beyond the fourth travel through the new buffer, not the old one;
//   - CNode Mutate: the cap moves (the old slot is empty) and takes the new badge; an already
//     badged cap refuses a second badge;
//   - ASID pool Assign: a fresh page table becomes a VSpace root that page tables map into;
//     a second Assign of it is refused.
#include "sel4test.h"

static volatile seL4_Word spins;     // the spinning thread's progress
static volatile int spinner_started;
static seL4_CPtr g_ep;
static char spin_stack[8192] __attribute__((aligned(16)));
static char echo_stack[16384] __attribute__((aligned(16)));

static void spinner(void* arg) {
  (void)arg;
  spinner_started = 1;
  for (;;) ++spins;  // never enters the kernel: only a time-slice end takes the core away
}

// Echo server: replies to each request with MR4 + 1 and MR0 + 1 (5 MRs).
static void echo(void* arg) {
  (void)arg;
  seL4_Word badge;
  seL4_Recv(g_ep, &badge);
  for (;;) {
    seL4_Word m0 = seL4_GetMR(0), m4 = seL4_GetMR(4);
    seL4_SetMR(0, m0 + 1);
    seL4_SetMR(4, m4 + 1);
    seL4_ReplyRecv(g_ep, seL4_MessageInfo_new(0, 0, 0, 5), &badge);
  }
}

int main(seL4_BootInfo* bi) {
  sel4test_begin("kernel_features");

  // ---- time-slice preemption -----------------------------------------------------------
  sel4_thread_t spin;
  REQUIRE_ERR(1, sel4_thread_create(&spin, spinner, NULL, spin_stack, sizeof spin_stack, seL4_MaxPrio), seL4_NoError,
              "create a thread at the root task's priority");
  while (!spinner_started) { }  // no system call: only preemption lets it run
  seL4_Word seen = spins;
  CHECK(3, seen > 0, "the root task's time slice ended and the thread ran");
  while (spins == seen) { }  // it keeps running when it gets the core again
  CHECK(4, 1, "the root task got the core back at the end of the thread's time slice");

  // ---- SetMCPriority -------------------------------------------------------------------
  CHECK_ERR(5, seL4_TCB_SetMCPriority(spin.tcb, seL4_CapInitThreadTCB, 100), seL4_NoError,
            "set the thread's maximum controlled priority to 100");
  CHECK_ERR(6, seL4_TCB_SetPriority(spin.tcb, spin.tcb, 101), seL4_RangeError,
            "priority 101 with the thread (MCP 100) as authority is refused");
  CHECK_ERR(7, seL4_TCB_SetPriority(spin.tcb, spin.tcb, 100), seL4_NoError,
            "priority 100 with the thread as authority is allowed");
  CHECK_ERR(8, seL4_TCB_SetMCPriority(seL4_CapInitThreadTCB, spin.tcb, 101), seL4_RangeError,
            "an MCP above the authority's MCP is refused");
  CHECK_ERR(9, seL4_TCB_Suspend(spin.tcb), seL4_NoError, "suspend the thread (priority 100, below the root)");

  // ---- SetIPCBuffer --------------------------------------------------------------------
  g_ep = alloc_object(bi, seL4_EndpointObject, 0);
  REQUIRE(10, g_ep != seL4_CapNull, "retype an endpoint");
  sel4_thread_t srv;
  REQUIRE_ERR(11, sel4_thread_create(&srv, echo, NULL, echo_stack, sizeof echo_stack, seL4_MaxPrio), seL4_NoError,
              "create the echo server");
  seL4_Word va = alloc_vaddr(1);
  seL4_CPtr frame = alloc_frame_at(seL4_CapInitThreadVSpace, va);
  REQUIRE(12, frame != seL4_CapNull, "map a frame for the new IPC buffer");
  CHECK_ERR(13, seL4_TCB_SetIPCBuffer(seL4_CapInitThreadTCB, va + 8, frame), seL4_AlignmentError,
            "a misaligned IPC buffer is refused");
  seL4_IPCBuffer* old_buf = seL4_GetIPCBuffer();
  REQUIRE_ERR(14, seL4_TCB_SetIPCBuffer(seL4_CapInitThreadTCB, va, frame), seL4_NoError,
              "move the root task's IPC buffer to the new frame");
  seL4_SetIPCBuffer((seL4_IPCBuffer*)va);
  old_buf->msg[4] = 0x999;
  seL4_SetMR(0, 0x10);
  seL4_SetMR(4, 0x55);
  seL4_MessageInfo_t r = seL4_Call(g_ep, seL4_MessageInfo_new(0, 0, 0, 5));
  CHECK_EQ(15, seL4_MessageInfo_get_length(r), 5, "the echo has 5 MRs");
  CHECK_EQ(16, seL4_GetMR(0), 0x11, "MR0 (a register) echoed");
  CHECK_EQ(17, seL4_GetMR(4), 0x56, "MR4 went out and came back through the new IPC buffer");
  CHECK_EQ(18, old_buf->msg[4], 0x999, "the old IPC buffer was not used");

  // ---- CNode Mutate --------------------------------------------------------------------
  seL4_CPtr ntfn = alloc_object(bi, seL4_NotificationObject, 0);
  seL4_CPtr moved = alloc_slot();
  REQUIRE(19, ntfn != seL4_CapNull && moved != seL4_CapNull, "retype a notification, allocate a slot");
  CHECK_ERR(20, seL4_CNode_Mutate(seL4_CapInitThreadCNode, moved, seL4_RootCNodeDepth, seL4_CapInitThreadCNode, ntfn,
                                  seL4_RootCNodeDepth, 0x77),
            seL4_NoError, "mutate the notification cap into another slot with badge 0x77");
  seL4_Word badge = 0;
  seL4_Signal(moved);
  seL4_Poll(moved, &badge);
  CHECK_EQ(21, badge, 0x77, "a signal through the mutated cap carries the new badge");
  seL4_CPtr again = alloc_slot();
  CHECK_ERR(22, seL4_CNode_Copy(seL4_CapInitThreadCNode, again, seL4_RootCNodeDepth, seL4_CapInitThreadCNode, ntfn,
                                seL4_RootCNodeDepth, seL4_AllRights),
            seL4_FailedLookup, "the old slot is empty (the cap moved)");
  CHECK_ERR(23, seL4_CNode_Mutate(seL4_CapInitThreadCNode, again, seL4_RootCNodeDepth, seL4_CapInitThreadCNode, moved,
                                  seL4_RootCNodeDepth, 0x88),
            seL4_IllegalOperation, "a badged cap refuses a second badge");

  // ---- ASID pool Assign ----------------------------------------------------------------
  seL4_CPtr vs = alloc_object(bi, seL4_RISCV_PageTableObject, 0);
  seL4_CPtr pt = alloc_object(bi, seL4_RISCV_PageTableObject, 0);
  REQUIRE(24, vs != seL4_CapNull && pt != seL4_CapNull, "retype two page tables");
  CHECK_ERR(25, seL4_RISCV_PageTable_Map(pt, vs, 0x10000000, 0), seL4_InvalidCapability,
            "a page table does not map into an unassigned page table");
  CHECK_ERR(26, seL4_RISCV_ASIDPool_Assign(seL4_CapInitThreadASIDPool, vs), seL4_NoError,
            "assign it an ASID: a new VSpace root");
  CHECK_ERR(27, seL4_RISCV_PageTable_Map(pt, vs, 0x10000000, 0), seL4_NoError,
            "a page table maps into the new VSpace");
  CHECK_ERR(28, seL4_RISCV_ASIDPool_Assign(seL4_CapInitThreadASIDPool, vs), seL4_InvalidCapability,
            "a second Assign of the same VSpace is refused");
  return sel4test_finish();
}
