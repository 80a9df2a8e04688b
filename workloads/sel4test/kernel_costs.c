// kernel_costs: measures with rdcycle (core cycles, user-visible) what the kernel model
// charges for the basic operations, as seL4bench does: a null syscall (seL4_Yield with no
// other thread to run), a one-way IPC and a round trip (Call + ReplyRecv between two threads
// on one core), a Signal, and a PageMap + PageUnmap pair. Each figure is the mean over
// COST_ROUNDS repetitions after a warm-up.
#include "sel4test.h"

#ifndef COST_ROUNDS
#define COST_ROUNDS 200
#endif
#define VADDR 0x2000000000ull

static inline seL4_Word rdcycle(void) { seL4_Word v; __asm__ volatile("rdcycle %0" : "=r"(v)); return v; }

static seL4_CPtr g_ep;
static char server_stack[16384] __attribute__((aligned(16)));

static void server(void* arg) {
  (void)arg;
  seL4_Word badge;
  seL4_Recv(g_ep, &badge);
  for (;;) seL4_ReplyRecv(g_ep, seL4_MessageInfo_new(0, 0, 0, 0), &badge);
}

int main(seL4_BootInfo* bi) {
  sel4test_begin("kernel_costs");
  // null syscall
  for (int i = 0; i < 10; ++i) seL4_Yield();
  seL4_Word t0 = rdcycle();
  for (int i = 0; i < COST_ROUNDS; ++i) seL4_Yield();
  const seL4_Word null_syscall = (rdcycle() - t0) / COST_ROUNDS;

  // IPC round trip
  g_ep = alloc_object(bi, seL4_EndpointObject, 0);
  REQUIRE(1, g_ep != seL4_CapNull, "retype an endpoint");
  sel4_thread_t srv;
  REQUIRE_ERR(2, sel4_thread_create(&srv, server, NULL, server_stack, sizeof server_stack, seL4_MaxPrio),
              seL4_NoError, "create the server");
  for (int i = 0; i < 10; ++i) seL4_Call(g_ep, seL4_MessageInfo_new(0, 0, 0, 0));
  t0 = rdcycle();
  for (int i = 0; i < COST_ROUNDS; ++i) seL4_Call(g_ep, seL4_MessageInfo_new(0, 0, 0, 0));
  const seL4_Word round_trip = (rdcycle() - t0) / COST_ROUNDS;

  // Signal (no waiter)
  const seL4_CPtr ntfn = alloc_object(bi, seL4_NotificationObject, 0);
  REQUIRE(3, ntfn != seL4_CapNull, "retype a notification");
  t0 = rdcycle();
  for (int i = 0; i < COST_ROUNDS; ++i) seL4_Signal(ntfn);
  const seL4_Word signal = (rdcycle() - t0) / COST_ROUNDS;

  // PageMap + PageUnmap of one frame (its page tables already in place)
  const seL4_CPtr frame = alloc_frame_at(seL4_CapInitThreadVSpace, VADDR);
  REQUIRE(4, frame != seL4_CapNull, "map a frame (creating page tables)");
  seL4_Error err = seL4_RISCV_Page_Unmap(frame);
  t0 = rdcycle();
  for (int i = 0; i < COST_ROUNDS && !err; ++i) {
    err = seL4_RISCV_Page_Map(frame, seL4_CapInitThreadVSpace, VADDR, seL4_ReadWrite, seL4_RISCV_Default_VMAttributes);
    if (!err) err = seL4_RISCV_Page_Unmap(frame);
  }
  const seL4_Word map_unmap = (rdcycle() - t0) / COST_ROUNDS;
  CHECK_ERR(5, err, seL4_NoError, "map and unmap succeeded every time");

  printf("null syscall (Yield): %lu cycles\n", null_syscall);
  printf("IPC round trip (Call + ReplyRecv): %lu cycles\n", round_trip);
  printf("Signal: %lu cycles\n", signal);
  printf("PageMap + PageUnmap: %lu cycles\n", map_unmap);
  CHECK(6, null_syscall > 0 && round_trip > null_syscall && map_unmap > null_syscall, "costs are ordered sensibly");
  return sel4test_finish();
}
