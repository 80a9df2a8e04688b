// syscall_fuzz: the kernel treats everything a thread passes as untrusted. A child thread in
// a sandbox CSpace issues FUZZ_ITERATIONS pseudo-random system calls (random syscall numbers,
// capability pointers, labels, lengths, extra caps, message registers and IPC-buffer
// contents, biased towards interesting values). Whatever it does -- errors, cap faults,
// unknown syscalls, blocking -- the kernel must keep running: when the child stalls the
// root task (at a lower priority) restarts it at the next iteration. Deterministic: the
// values of iteration i depend only on i and workload.seed (read from the sim-control
// device; seed 1, the default, gives the sequence this program always had).
#include "sel4test.h"

#ifndef FUZZ_ITERATIONS
#define FUZZ_ITERATIONS 3000
#endif
#define SANDBOX_BITS 8

static volatile seL4_Word progress, done, histogram[16];
static seL4_Word seed_mix;  /* 0 for workload.seed = 1 */
static char child_stack[32768] __attribute__((aligned(16)));
static sel4_thread_t child;

static seL4_Word splitmix(seL4_Word* s) {
  seL4_Word z = (*s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// A value that is often meaningful: a small slot number, a depth, an object type or size,
// an address, or anything at all.
static seL4_Word interesting(seL4_Word* s) {
  const seL4_Word r = splitmix(s);
  switch (r % 8) {
    case 0: return r >> 8 & 15;                                   // sandbox slots 0..15
    case 1: { static const seL4_Word d[] = {0, 1, 8, 63, 64, 65, 255}; return d[(r >> 8) % 7]; }  // depths
    case 2: return r >> 8 & 15;                                   // object types and small counts
    case 3: return (r >> 8) % 72;                                 // size bits
    case 4: return 0x10000000ull + ((r >> 8 & 0xff) << 12);       // page-aligned user addresses
    case 5: return r >> 8 & 0xfff;                                // unaligned small values
    case 6: return ~0ull;
    default: return r;
  }
}

static void fuzz(void* arg) {
  for (seL4_Word i = (seL4_Word)arg; i < FUZZ_ITERATIONS; ++i) {
    progress = i + 1;
    seL4_Word s = (i * 0x2545f4914f6cdd1dull + 1) ^ seed_mix;
    const seL4_Word kind = splitmix(&s) % 16;
    seL4_IPCBuffer* buf = seL4_GetIPCBuffer();
    for (int m = 4; m < 12; ++m) buf->msg[m] = interesting(&s);
    for (int c = 0; c < 3; ++c) buf->caps_or_badges[c] = interesting(&s);
    const seL4_Word label = splitmix(&s) % 4 ? splitmix(&s) % (nArchInvocationLabels + 2) : splitmix(&s);
    const seL4_Word info = seL4_MessageInfo_new(label, 0, splitmix(&s) % 4, splitmix(&s) % 128).words[0];
    long num;
    switch (kind) {
      case 0: case 1: case 2: case 3: case 4: case 5: case 6: num = seL4_SysCall; break;
      case 7: num = seL4_SysNBSend; break;
      case 8: num = seL4_SysNBRecv; break;
      case 9: num = seL4_SysReply; break;
      case 10: num = seL4_SysYield; break;
      case 11: num = seL4_SysSend; break;
      case 12: num = seL4_SysGetClock; break;
      case 13: num = (splitmix(&s) % 8 == 0) ? seL4_SysRecv : seL4_SysNBRecv; break;
      case 14: num = (splitmix(&s) % 4 == 0) ? -(long)(splitmix(&s) % 40) : seL4_SysReplyRecv; break;
      default: num = (long)interesting(&s); break;  // anything, mostly unknown syscalls
    }
    register seL4_Word a0 asm("a0") = interesting(&s);
    register seL4_Word a1 asm("a1") = info;
    register seL4_Word a2 asm("a2") = interesting(&s);
    register seL4_Word a3 asm("a3") = interesting(&s);
    register seL4_Word a4 asm("a4") = interesting(&s);
    register seL4_Word a5 asm("a5") = interesting(&s);
    register seL4_Word a7 asm("a7") = (seL4_Word)num;
    if (num == seL4_SysDebugPutChar || num == seL4_SysDebugHalt) a7 = seL4_SysYield;  // keep the console and the run
    __asm__ volatile("ecall" : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5) : "r"(a7) : "memory");
    ++histogram[seL4_MessageInfo_get_label((seL4_MessageInfo_t){{a1}}) & 15];
  }
  done = 1;
  // Block so that the root task (lower priority) runs: slot 4 held the notification, unless
  // the fuzzing moved it (a receive on anything else blocks or faults, which stalls us too).
  for (;;) {
    seL4_Word badge;
    seL4_Wait(4, &badge);
  }
}

int main(seL4_BootInfo* bi) {
  sel4test_begin("syscall_fuzz");
  REQUIRE(8, sel4_simctrl_init(bi) == 0, "map the sim-control device (workload.seed)");
  const seL4_Word seed = (seL4_Word)uintrsim_arg_int("seed", 1);  // workload.seed
  seed_mix = (seed - 1) * 0x9e3779b97f4a7c15ull;
  printf("  workload.seed = %lu\n", seed);
  // The sandbox: a CNode with copies of a small untyped, itself, an endpoint, a notification,
  // a frame, a page table and a spare TCB; the rest empty.
  const seL4_CPtr sandbox = alloc_object(bi, seL4_CapTableObject, SANDBOX_BITS);
  REQUIRE(1, sandbox != seL4_CapNull, "retype the sandbox CNode");
  const seL4_CPtr objs[] = {alloc_object(bi, seL4_UntypedObject, 16), sandbox,
                            alloc_object(bi, seL4_EndpointObject, 0), alloc_object(bi, seL4_NotificationObject, 0),
                            alloc_object(bi, seL4_RISCV_4K_Page, 0), alloc_object(bi, seL4_TCBObject, 0)};
  for (unsigned i = 0; i < sizeof objs / sizeof objs[0]; ++i) {
    const seL4_Word guard = i == 1 ? (64 - SANDBOX_BITS) : 0;  // the self cap resolves with depth 64
    CHECK_ERR(10 + (int)i,
              seL4_CNode_Mint(sandbox, i + 1, SANDBOX_BITS, seL4_CapInitThreadCNode, objs[i], seL4_RootCNodeDepth,
                              seL4_AllRights, guard),
              seL4_NoError, "put a capability into the sandbox");
  }
  REQUIRE_ERR(2, sel4_thread_create(&child, fuzz, (void*)0, child_stack, sizeof child_stack, 200), seL4_NoError,
              "create the fuzzing thread");
  REQUIRE_ERR(3,
              seL4_TCB_Configure(child.tcb, seL4_CapNull, sandbox, 64 - SANDBOX_BITS, seL4_CapInitThreadVSpace, 0,
                                 child.ipc_buffer, child.ipc_frame),
              seL4_NoError, "move the fuzzing thread into the sandbox CSpace");
  // Lower ourselves: from now on we run only when the fuzzing thread is blocked or suspended.
  REQUIRE_ERR(4, seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 1), seL4_NoError,
              "lower the root task's priority");
  seL4_Word restarts = 0;
  while (!done && restarts <= FUZZ_ITERATIONS) {
    ++restarts;
    seL4_TCB_Suspend(child.tcb);
    seL4_UserContext regs;
    memset(&regs, 0, sizeof regs);
    regs.pc = (seL4_Word)(uintptr_t)fuzz;
    regs.sp = child.stack_top;
    regs.tp = child.tls;
    regs.a0 = progress;  // continue after the iteration that stalled
    seL4_TCB_WriteRegisters(child.tcb, seL4_True, 0, sizeof regs / sizeof(seL4_Word), &regs);
  }
  printf("  %d iterations, %lu restarts; reply labels:", FUZZ_ITERATIONS, restarts);
  for (int i = 0; i < 11; ++i) printf(" %s=%lu", sel4test_error_name((seL4_Word)i) + 5, histogram[i]);
  printf("\n");
  CHECK(5, done, "the fuzzing thread completed every iteration");
  CHECK(6, seL4_GetClock() > 0, "the kernel still answers system calls");
  CHECK(7, alloc_object(bi, seL4_EndpointObject, 0) != seL4_CapNull, "the kernel still creates objects");
  return sel4test_finish();
}
