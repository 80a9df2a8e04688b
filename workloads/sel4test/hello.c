// hello: the smallest root task. Prints through seL4_DebugPutChar, looks at its boot info,
// checks that seL4_GetClock advances and that start-up set the IPC buffer and TLS.
#include "sel4test.h"

// Not static, so the compiler cannot fold it: checks that crt0 copied the .tdata image.
__thread seL4_Word hello_tls_probe = 0x5e14c0de;

int main(seL4_BootInfo* bi) {
  sel4test_begin("hello");
  const char* msg = "hello from the root task (seL4_DebugPutChar)\n";
  for (const char* p = msg; *p; ++p) seL4_DebugPutChar(*p);

  REQUIRE(1, bi != NULL, "boot info pointer in a0");
  printf("bootinfo @%p: node %lu/%lu ipcBuffer 0x%lx cnode 2^%lu slots\n", (void*)bi, bi->nodeID, bi->numNodes,
         bi->ipcBuffer, bi->initThreadCNodeSizeBits);
  printf("  empty [%lu, %lu) untyped [%lu, %lu) userImageFrames [%lu, %lu)\n", bi->empty.start, bi->empty.end,
         bi->untyped.start, bi->untyped.end, bi->userImageFrames.start, bi->userImageFrames.end);
  seL4_Word n_untyped = bi->untyped.end - bi->untyped.start, ram_untyped = 0, ram_bytes = 0;
  for (seL4_Word i = 0; i < n_untyped && i < CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS; ++i) {
    const seL4_UntypedDesc* d = &bi->untypedList[i];
    printf("  untyped %lu: paddr 0x%lx 2^%u%s\n", bi->untyped.start + i, d->paddr, d->sizeBits,
           d->isDevice ? " device" : "");
    if (!d->isDevice) {
      ++ram_untyped;
      ram_bytes += (seL4_Word)1 << d->sizeBits;
    }
  }

  CHECK(2, bi->ipcBuffer != 0 && (bi->ipcBuffer & 1023) == 0, "boot info gives a 1 KiB aligned IPC buffer");
  CHECK(3, seL4_GetIPCBuffer() == (seL4_IPCBuffer*)(uintptr_t)bi->ipcBuffer, "__sel4_ipc_buffer set from boot info");
  CHECK(4, bi->empty.start >= seL4_NumInitialCaps && bi->empty.start < bi->empty.end,
        "boot info lists empty slots after the initial caps");
  CHECK(5, bi->empty.end <= ((seL4_Word)1 << bi->initThreadCNodeSizeBits), "empty slots lie inside the root CNode");
  CHECK(6, ram_untyped > 0 && ram_bytes >= 4096, "boot info lists non-device untyped memory");
  CHECK_EQ(7, hello_tls_probe, 0x5e14c0de, "thread-local storage initialised");

  seL4_Word t0 = seL4_GetClock();
  volatile seL4_Word sink = 0;
  for (int i = 0; i < 20000; ++i) sink += (seL4_Word)i;
  seL4_Word t1 = seL4_GetClock();
  seL4_Yield();
  seL4_Word t2 = seL4_GetClock();
  printf("GetClock: %lu -> %lu -> %lu (after Yield)\n", t0, t1, t2);
  CHECK(8, t1 > t0, "seL4_GetClock increases across 20000 loop iterations");
  CHECK(9, t2 >= t1, "seL4_GetClock does not go back across seL4_Yield");

  // MR round trip through the IPC buffer (no kernel involved) and registers kept over a syscall.
  seL4_SetMR(5, 0xabcdef);
  seL4_Yield();
  CHECK_EQ(10, seL4_GetMR(5), 0xabcdef, "IPC buffer MR5 survives a Yield");
  return sel4test_finish();
}
