// fault_handler: a thread's VM fault is delivered as seL4 fault IPC to its fault endpoint.
// The root task (the handler) receives the VMFault message (IP, Addr, PrefetchFault, FSR),
// maps a frame at the faulting address and replies with label 0; the kernel restarts the
// faulting load, which now succeeds. The child then reports back with an ordinary message.
#include "sel4test.h"

#define FAULT_VADDR 0x3000000000ull
#define DONE_LABEL 0x77

static seL4_CPtr g_ep;
static volatile seL4_Word child_value;
static char child_stack[16384] __attribute__((aligned(16)));

static void child(void* arg) {
  (void)arg;
  child_value = *(volatile seL4_Word*)FAULT_VADDR + 1;  // faults first; 0 + 1 after the fix-up
  seL4_SetMR(0, child_value);
  seL4_Send(g_ep, seL4_MessageInfo_new(DONE_LABEL, 0, 0, 1));
}

int main(seL4_BootInfo* bi) {
  sel4test_begin("fault_handler");
  g_ep = alloc_object(bi, seL4_EndpointObject, 0);
  REQUIRE(1, g_ep != seL4_CapNull, "retype the fault endpoint");
  sel4_thread_t t;
  REQUIRE_ERR(2, sel4_thread_create(&t, child, NULL, child_stack, sizeof child_stack, 100), seL4_NoError,
              "create the child at a lower priority");
  REQUIRE_ERR(3,
              seL4_TCB_Configure(t.tcb, g_ep, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace, 0, t.ipc_buffer,
                                 t.ipc_frame),
              seL4_NoError, "give the child a fault endpoint");
  seL4_Word badge;
  seL4_MessageInfo_t info = seL4_Recv(g_ep, &badge);
  CHECK_EQ(4, seL4_MessageInfo_get_label(info), seL4_Fault_VMFault, "fault message label is VMFault");
  CHECK_EQ(5, seL4_MessageInfo_get_length(info), seL4_VMFault_Length, "VMFault message has 4 words");
  CHECK_EQ(6, seL4_GetMR(seL4_VMFault_Addr), FAULT_VADDR, "VMFault Addr is the faulting address");
  CHECK_EQ(7, seL4_GetMR(seL4_VMFault_PrefetchFault), 0, "a data fault, not an instruction fetch");
  CHECK_EQ(8, seL4_GetMR(seL4_VMFault_FSR), 13, "FSR is the RISC-V load page fault cause");
  CHECK(9, alloc_frame_at(seL4_CapInitThreadVSpace, FAULT_VADDR) != seL4_CapNull, "map a frame at the address");
  seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));  // label 0: restart the faulting thread
  info = seL4_Recv(g_ep, &badge);
  CHECK_EQ(10, seL4_MessageInfo_get_label(info), DONE_LABEL, "the child ran on after the fault was handled");
  CHECK_EQ(11, seL4_GetMR(0), 1, "the restarted load read the new (zeroed) frame");
  return sel4test_finish();
}
