/*
 * The uintrsim seL4 guest runtime (workloads/runtime): start-up, exit, console output,
 * freestanding string functions, an object/slot/frame allocator over boot info, and a
 * helper that starts threads in the root task's address space.
 *
 * Build programs with add_sel4_program() (workloads/runtime/Runtime.cmake); they provide
 * `int main(seL4_BootInfo* bi)`. crt0 sets up the stack, TLS and IPC buffer, initialises
 * the allocator from bi, calls main, prints "root task exited with N" and ends the run with
 * exit code N (seL4_SysDebugHalt).
 *
 * None of this is thread safe: the allocator is meant to be used by the root task's main
 * thread; printf from several threads interleaves characters.
 */
#ifndef SEL4_RUNTIME_H
#define SEL4_RUNTIME_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <sel4/sel4.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- start-up and exit ------------------------------------------------------------------- */
int main(seL4_BootInfo* bi);

/* The boot info the root task was started with (crt0 stores it). */
seL4_BootInfo* sel4_bootinfo(void);

/* Ends the simulation with `code` as its exit code (seL4_SysDebugHalt, a0 = code). If the
   kernel returns, the caller spins in seL4_Yield. */
SEL4_NORETURN void sel4_exit(int code);

/* ---- console (seL4_DebugPutChar) ---------------------------------------------------------- */
int putchar(int c);
int puts(const char* s); /* appends '\n' like C's puts */
/* printf subset: %d %i %u %x %X %p %s %c %%; length modifiers l, ll, z; flags '-', '0';
   field width (digits or '*'). Returns the number of characters written. */
int printf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char* fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* ---- freestanding string functions (GCC may emit calls to the first four) ------------------ */
void* memcpy(void* dst, const void* src, size_t n);
void* memmove(void* dst, const void* src, size_t n);
void* memset(void* dst, int c, size_t n);
int memcmp(const void* a, const void* b, size_t n);
size_t strlen(const char* s);
int strcmp(const char* a, const char* b);

/* ---- allocator over boot info (alloc.c) ----------------------------------------------------
 * Slots come from bi->empty (bump allocation); objects are retyped from the non-device
 * untypeds of bi->untyped, first fit, keeping a copy of each untyped's watermark (the kernel
 * allocates at the next address aligned to the object size, as seL4 does). Virtual
 * addresses for dynamic mappings come from a bump region starting at SEL4_DYN_VADDR_BASE. */
#define SEL4_DYN_VADDR_BASE 0x40000000ul

/* Called by crt0; call again only to reset the allocator to a fresh boot info. */
void alloc_init(seL4_BootInfo* bi);

/* A free slot of the root CNode, or seL4_CapNull when bi->empty is exhausted. */
seL4_CPtr alloc_slot(void);

/* Size in bits of an object of `type` (size_bits matters for untypeds and CNodes only, as in
   seL4_Untyped_Retype); 0 for an unknown type. */
seL4_Word object_size_bits(seL4_ObjectType type, seL4_Word size_bits);

/* Retypes one object of `type` into a fresh slot of the root CNode; returns its CPtr, or
   seL4_CapNull when no untyped can hold it or a slot cannot be found (alloc_last_error()
   tells why). `bi` may be NULL to use the boot info crt0 registered. */
seL4_CPtr alloc_object(seL4_BootInfo* bi, seL4_ObjectType type, seL4_Word size_bits);

/* The error of the last failing kernel invocation inside the allocator (seL4_NoError when
   the allocator ran out of slots or untyped memory: then it is seL4_NotEnoughMemory). */
seL4_Error alloc_last_error(void);

/* `npages` consecutive 4 KiB pages of unused virtual address space (never reused). */
seL4_Word alloc_vaddr(seL4_Word npages);

/* Maps `frame` at `vaddr` in `vspace`; when the kernel answers seL4_FailedLookup (a page
   table is missing) retypes a page table, maps it at vaddr and retries, as sel4utils does.
   Returns the error of the last Page_Map. */
seL4_Error map_page(seL4_CPtr frame, seL4_CPtr vspace, seL4_Word vaddr, seL4_CapRights_t rights,
                    seL4_RISCV_VMAttributes attr);

/* Retypes a 4 KiB frame and maps it read-write at vaddr (page tables as needed); returns the
   frame cap or seL4_CapNull. */
seL4_CPtr alloc_frame_at(seL4_CPtr vspace, seL4_Word vaddr);

/* ---- threads in the root task's address space (thread.c) ------------------------------------ */
typedef void (*sel4_thread_fn)(void* arg);

typedef struct sel4_thread {
  seL4_CPtr tcb;          /* the thread's TCB cap (slot of the root CNode) */
  seL4_CPtr ipc_frame;    /* frame holding its IPC buffer */
  seL4_Word ipc_buffer;   /* virtual address of its IPC buffer */
  seL4_Word stack_top;    /* initial sp */
  seL4_Word tls;          /* its TLS block (initial tp) */
} sel4_thread_t;

/* Creates a thread sharing the root task's CSpace and VSpace: a TCB with its own IPC buffer
   frame, the given stack (stack_size bytes at `stack`, the TLS block is carved from its top),
   priority `prio` (authority: the root TCB) and no fault endpoint; sets pc to a trampoline
   that calls fn(arg) (a0 = arg), sp, tp; resumes it. When fn returns the thread suspends
   itself. Returns seL4_NoError or the first failing invocation's error (seL4_NotEnoughMemory
   when allocation fails, seL4_InvalidArgument for a too small stack). */
seL4_Error sel4_thread_create(sel4_thread_t* t, sel4_thread_fn fn, void* arg, void* stack, size_t stack_size,
                              seL4_Word prio);

/* The simulator's sim-control device, mapped from the device untyped the kernel offers
   for it: region-of-interest markers and round counts for the simulator's statistics
   (docs/architecture.md "Metrics"). sel4_simctrl_init maps it (once) at SEL4_SIMCTRL_VADDR and returns 0
   on success; its registers are UINTRSIM_SIMCTRL_* in <uintrsim/devices.h>. */
#define SEL4_SIMCTRL_VADDR 0x3ff0000000ull
int sel4_simctrl_init(seL4_BootInfo* bi);
void sel4_roi_begin(void);
void sel4_roi_end(void);
void sel4_rounds(seL4_Word n);
void sel4_syscalls(seL4_Word n);  /* syscalls the measured work requested (trap frequency) */
/* A sample for distribution `dist` (UINTRSIM_DIST_* in <uintrsim/devices.h>; a program's own:
   UINTRSIM_DIST_GUEST(n)); reported in the results' distributions. */
void sel4_sample(unsigned dist, seL4_Word value);
/* Workload arguments by name (uintrsim/args.h, docs/guests.md), once sel4_simctrl_init has
   mapped the device (before that, and off the simulator, the defaults). */
int64_t uintrsim_arg_int(const char* name, int64_t def);
size_t uintrsim_arg_str(const char* name, char* buf, size_t cap, const char* def);

#ifdef __cplusplus
}
#endif

#endif /* SEL4_RUNTIME_H */
