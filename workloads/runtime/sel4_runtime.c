// Root-task start-up (after crt0.S), exit, and the per-thread IPC buffer pointer.
#include <sel4/runtime.h>

// Per-thread (TLS through tp): crt0 gives the root task its block, sel4_thread_create() the
// others. libsel4 keeps it in TLS too.
__thread seL4_IPCBuffer* __sel4_ipc_buffer;

static seL4_BootInfo* g_bootinfo;

seL4_BootInfo* sel4_bootinfo(void) { return g_bootinfo; }

void sel4_exit(int code) {
  seL4_DebugHaltWithCode((seL4_Word)(int64_t)code);
  for (;;) seL4_Yield();
}

SEL4_NORETURN void __sel4_root_start(seL4_BootInfo* bi);

void __sel4_root_start(seL4_BootInfo* bi) {
  g_bootinfo = bi;
  __sel4_ipc_buffer = (seL4_IPCBuffer*)(uintptr_t)bi->ipcBuffer;
  alloc_init(bi);
  int code = main(bi);
  printf("root task exited with %d\n", code);
  sel4_exit(code);
}
