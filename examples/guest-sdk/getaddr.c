// getaddr: the PageGetAddress benchmark, synchronous or asynchronous by workload.mode. In
// async mode every frame gets a coroutine that submits its requests through ReL4's shared
// buffer (async_page_get_address) and sleeps until the kernel's result arrives; the kernel
// serves them in batches and wakes the program with a user interrupt. Link with the async
// runtime (uintrsim_add_guest(... KIND sel4 ASYNC), uintrsim-cc --kind sel4 --async).
//   workload arguments: frames (integer, default 8), epochs (workload.epochs, default 10),
//                       mode (workload.mode: "sync" or "async", default "sync")
#include <sel4/async.h>

#define MAX_FRAMES 256

static seL4_CPtr frame[MAX_FRAMES];
static int frames, epochs;
static volatile seL4_Word errors;

static void worker(void* arg) {  // one coroutine per frame
  const seL4_CPtr f = frame[(uintptr_t)arg];
  for (int e = 0; e < epochs; ++e) {
    seL4_Word paddr = 0;
    if (async_page_get_address(f, &paddr) != seL4_NoError || paddr == 0) ++errors;
  }
}

int main(seL4_BootInfo* bi) {
  if (sel4_simctrl_init(bi)) return 100;
  frames = (int)uintrsim_arg_int("frames", 8);
  epochs = (int)uintrsim_arg_int("epochs", 10);
  char mode[8];
  uintrsim_arg_str("mode", mode, sizeof mode, "sync");
  const int async = mode[0] == 'a';
  if (frames < 1 || frames > MAX_FRAMES) {
    printf("getaddr: frames=%d out of range 1..%d\n", frames, MAX_FRAMES);
    return 101;
  }

  for (int i = 0; i < frames; ++i)
    if (!(frame[i] = alloc_object(bi, seL4_RISCV_4K_Page, 0))) return 102;
  if (async) {
    // Registers this thread for asynchronous syscalls (buffer, U-notification); the runtime
    // reads its own cost model (workload.async_overhead_cycles) here.
    if (async_init(bi, seL4_CapInitThreadTCB) != seL4_NoError) return 103;
    for (int i = 0; i < frames; ++i)
      if (async_spawn(worker, (void*)(uintptr_t)i, 2) < 0) return 104;
  }

  sel4_roi_begin();
  if (async) {
    async_run_until_complete();  // runs the coroutines until every one has returned
  } else {
    for (int e = 0; e < epochs; ++e)
      for (int i = 0; i < frames; ++i) {
        const seL4_RISCV_Page_GetAddress_t r = seL4_RISCV_Page_GetAddress(frame[i]);
        errors += r.error != seL4_NoError || r.paddr == 0;
      }
  }
  const seL4_Word rounds = (seL4_Word)frames * epochs;
  sel4_rounds(rounds);
  sel4_syscalls(rounds);
  sel4_roi_end();

  printf("getaddr: mode=%s frames=%d epochs=%d rounds=%lu errors=%lu\n", async ? "async" : "sync", frames, epochs,
         rounds, errors);
  return errors ? 1 : 0;
}
