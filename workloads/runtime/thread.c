// Threads in the root task's CSpace and VSpace (see <sel4/runtime.h>).
#include <sel4/runtime.h>

// From link.ld: the TLS image (.tdata) and the size of one TLS block (.tdata + .tbss).
extern char __sel4_tls_start[], __sel4_tdata_end[], __sel4_tls_size[];

// First code a new thread runs: a0 = arg, a1 = fn, a2 = its own TCB cap; sp and tp are set.
static SEL4_NORETURN void sel4_thread_trampoline(void* arg, sel4_thread_fn fn, seL4_CPtr tcb) {
  fn(arg);
  seL4_TCB_Suspend(tcb);
  for (;;) seL4_Yield();
}

static uintptr_t current_tp(void) {
  uintptr_t tp;
  __asm__("mv %0, tp" : "=r"(tp));
  return tp;
}

seL4_Error sel4_thread_create(sel4_thread_t* t, sel4_thread_fn fn, void* arg, void* stack, size_t stack_size,
                              seL4_Word prio) {
  memset(t, 0, sizeof *t);
  // TLS block at the (64-byte aligned) top of the stack; the stack proper starts below it.
  uintptr_t tls_size = (uintptr_t)__sel4_tls_size;
  uintptr_t tdata_size = (uintptr_t)(__sel4_tdata_end - __sel4_tls_start);
  uintptr_t lo = (uintptr_t)stack, hi = (lo + stack_size) & ~(uintptr_t)63;
  if (hi < lo + tls_size + 1024) return seL4_InvalidArgument;
  uintptr_t tls = (hi - tls_size) & ~(uintptr_t)63;
  memcpy((void*)tls, __sel4_tls_start, tdata_size);
  memset((void*)(tls + tdata_size), 0, tls_size - tdata_size);

  // Its IPC buffer: a fresh frame, mapped in the dynamic region.
  seL4_Word ipc_vaddr = alloc_vaddr(1);
  seL4_CPtr frame = alloc_frame_at(seL4_CapInitThreadVSpace, ipc_vaddr);
  if (frame == seL4_CapNull) return alloc_last_error() ? alloc_last_error() : seL4_NotEnoughMemory;
  // The new thread's __sel4_ipc_buffer sits at the same TLS offset as ours.
  uintptr_t offset = (uintptr_t)&__sel4_ipc_buffer - current_tp();
  *(seL4_IPCBuffer**)(tls + offset) = (seL4_IPCBuffer*)ipc_vaddr;

  seL4_CPtr tcb = alloc_object(NULL, seL4_TCBObject, 0);
  if (tcb == seL4_CapNull) return alloc_last_error() ? alloc_last_error() : seL4_NotEnoughMemory;
  t->tcb = tcb;
  t->ipc_frame = frame;
  t->ipc_buffer = ipc_vaddr;
  t->stack_top = tls;
  t->tls = tls;

  seL4_Error err = seL4_TCB_Configure(tcb, seL4_CapNull, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace, 0,
                                      ipc_vaddr, frame);
  if (err != seL4_NoError) return err;
  err = seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, prio);
  if (err != seL4_NoError) return err;

  seL4_UserContext regs;
  memset(&regs, 0, sizeof regs);
  regs.pc = (seL4_Word)(uintptr_t)sel4_thread_trampoline;
  regs.sp = t->stack_top;
  regs.tp = tls;
  regs.a0 = (seL4_Word)(uintptr_t)arg;
  regs.a1 = (seL4_Word)(uintptr_t)fn;
  regs.a2 = tcb;
  return seL4_TCB_WriteRegisters(tcb, seL4_True, 0, sizeof regs / sizeof(seL4_Word), &regs);
}
