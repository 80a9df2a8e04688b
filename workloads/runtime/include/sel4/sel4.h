/*
 * libsel4-style user interface to the uintrsim kernel model: system-call stubs, message
 * registers, IPC buffer access and kernel-object invocations for RV64 user programs.
 *
 * Everything about the wire format comes from <uintrsim/abi.h> (the single guest <-> kernel
 * contract); this header only marshals. Conventions follow libsel4 (RISC-V, non-MCS):
 *
 *  - ecall with a7 = syscall number; a0 = capability in / badge out; a1 = message info in/out;
 *    a2..a5 = message registers 0..3 in/out. The kernel preserves every other register, so the
 *    stubs declare a0..a5 as outputs (clobbered) plus "memory" (the kernel reads and writes the
 *    IPC buffer).
 *  - seL4_SetMR(i)/seL4_GetMR(i) always address the IPC buffer (msg[i]); the plain stubs
 *    (seL4_Call, seL4_Send, ...) move msg[0..3] into a2..a5 before the trap and store a2..a5
 *    back into msg[0..3] afterwards, so the first four MRs travel in registers and MR4+ in the
 *    IPC buffer, transparently. The *WithMRs variants take MR0..MR3 by pointer instead and
 *    never touch msg[0..3] (the fast path for short messages).
 *  - The IPC buffer pointer is per thread: __sel4_ipc_buffer is a thread-local variable
 *    (local-exec TLS through tp). crt0 sets it for the root task from bootinfo->ipcBuffer;
 *    sel4_thread_create() (thread.c) sets it for other threads.
 *  - Invocation wrappers return the reply label as seL4_Error. On error MR0..MR3 of the reply
 *    are stored into the IPC buffer, so seL4_GetMR(0..) gives the detail words (abi.h).
 *
 * Freestanding C11: no libc, only <stdint.h>/<stddef.h>.
 */
#ifndef SEL4_SEL4_H
#define SEL4_SEL4_H

#include <stddef.h>
#include <stdint.h>

#include <uintrsim/abi.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- types as libsel4 names them ------------------------------------------------------- */
typedef uint8_t seL4_Uint8;
typedef uint16_t seL4_Uint16;
typedef uint32_t seL4_Uint32;
typedef uint64_t seL4_Uint64;
typedef int8_t seL4_Bool;
typedef seL4_CPtr seL4_CNode;
typedef seL4_CPtr seL4_TCB;
typedef seL4_CPtr seL4_Untyped;
typedef seL4_CPtr seL4_RISCV_Page;
typedef seL4_CPtr seL4_RISCV_PageTable;
typedef seL4_CPtr seL4_RISCV_ASIDPool;
typedef seL4_Word seL4_RISCV_VMAttributes;

#define seL4_Null ((void*)0)
#define seL4_True 1
#define seL4_False 0

/* seL4 priorities: the root task starts at seL4_MaxPrio with MCP seL4_MaxPrio. */
#define seL4_MinPrio 0
#define seL4_MaxPrio 255

/* Depth for CPtrs resolved in the root task's CNode: as in seL4, the root CNode cap carries a
   guard of (64 - initThreadCNodeSizeBits) zero bits, so a slot number resolves with depth 64. */
#define seL4_RootCNodeDepth seL4_WordBits

#define SEL4_ALWAYS_INLINE __attribute__((always_inline)) static inline
#define SEL4_NORETURN __attribute__((noreturn))

/* ---- capability rights (libsel4 names) ----------------------------------------------- */
#define seL4_NoRights seL4_CapRights_new(0, 0, 0, 0)
#define seL4_CanWrite seL4_CapRights_new(0, 0, 0, 1)
#define seL4_CanRead seL4_CapRights_new(0, 0, 1, 0)
#define seL4_CanGrant seL4_CapRights_new(0, 1, 0, 0)
#define seL4_CanGrantReply seL4_CapRights_new(1, 0, 0, 0)
#define seL4_ReadWrite seL4_CapRights_new(0, 0, 1, 1)
#define seL4_NoWrite seL4_CapRights_new(1, 1, 1, 0)
#define seL4_NoRead seL4_CapRights_new(1, 1, 0, 1)
#define seL4_AllRights seL4_CapRights_new(1, 1, 1, 1)

static inline seL4_Word seL4_CapRights_get_capAllowWrite(seL4_CapRights_t r) { return r.words[0] & 1; }
static inline seL4_Word seL4_CapRights_get_capAllowRead(seL4_CapRights_t r) { return (r.words[0] >> 1) & 1; }
static inline seL4_Word seL4_CapRights_get_capAllowGrant(seL4_CapRights_t r) { return (r.words[0] >> 2) & 1; }
static inline seL4_Word seL4_CapRights_get_capAllowGrantReply(seL4_CapRights_t r) { return (r.words[0] >> 3) & 1; }

/* ---- IPC buffer and message registers ------------------------------------------------- */
extern __thread seL4_IPCBuffer* __sel4_ipc_buffer __attribute__((tls_model("local-exec")));

static inline seL4_IPCBuffer* seL4_GetIPCBuffer(void) { return __sel4_ipc_buffer; }
static inline void seL4_SetIPCBuffer(seL4_IPCBuffer* buffer) { __sel4_ipc_buffer = buffer; }

static inline seL4_Word seL4_GetMR(int i) { return __sel4_ipc_buffer->msg[i]; }
static inline void seL4_SetMR(int i, seL4_Word mr) { __sel4_ipc_buffer->msg[i] = mr; }
static inline seL4_Word seL4_GetUserData(void) { return __sel4_ipc_buffer->userData; }
static inline void seL4_SetUserData(seL4_Word data) { __sel4_ipc_buffer->userData = data; }
/* Extra caps to send (caps_or_badges[i] holds a CPtr on the send side) ... */
static inline void seL4_SetCap(int i, seL4_CPtr cptr) { __sel4_ipc_buffer->caps_or_badges[i] = cptr; }
static inline seL4_CPtr seL4_GetCap(int i) { return __sel4_ipc_buffer->caps_or_badges[i]; }
/* ... and, on the receive side, the badges of unwrapped caps. */
static inline seL4_Word seL4_GetBadge(int i) { return __sel4_ipc_buffer->caps_or_badges[i]; }
static inline void seL4_SetCapReceivePath(seL4_CPtr receiveCNode, seL4_CPtr receiveIndex, seL4_Word receiveDepth) {
  seL4_IPCBuffer* b = __sel4_ipc_buffer;
  b->receiveCNode = receiveCNode;
  b->receiveIndex = receiveIndex;
  b->receiveDepth = receiveDepth;
}
static inline void seL4_GetCapReceivePath(seL4_CPtr* receiveCNode, seL4_CPtr* receiveIndex, seL4_Word* receiveDepth) {
  seL4_IPCBuffer* b = __sel4_ipc_buffer;
  if (receiveCNode) *receiveCNode = b->receiveCNode;
  if (receiveIndex) *receiveIndex = b->receiveIndex;
  if (receiveDepth) *receiveDepth = b->receiveDepth;
}

/* ---- raw system calls (register convention of abi.h) ------------------------------------ */

/* Send-type: a0 = dest, a1 = info, a2..a5 = MR0..3; nothing comes back but a0..a5 are not
   preserved. */
SEL4_ALWAYS_INLINE void seL4_riscv_sys_send(seL4_Word sys, seL4_Word dest, seL4_Word info, seL4_Word mr0,
                                            seL4_Word mr1, seL4_Word mr2, seL4_Word mr3) {
  register seL4_Word a0 __asm__("a0") = dest;
  register seL4_Word a1 __asm__("a1") = info;
  register seL4_Word a2 __asm__("a2") = mr0;
  register seL4_Word a3 __asm__("a3") = mr1;
  register seL4_Word a4 __asm__("a4") = mr2;
  register seL4_Word a5 __asm__("a5") = mr3;
  register seL4_Word a7 __asm__("a7") = sys;
  __asm__ volatile("ecall"
                   : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5)
                   : "r"(a7)
                   : "memory");
}

/* Receive-type: a0 = src in / badge out; a1 = info out; a2..a5 = MR0..3 out. */
SEL4_ALWAYS_INLINE void seL4_riscv_sys_recv(seL4_Word sys, seL4_Word src, seL4_Word* out_badge, seL4_Word* out_info,
                                            seL4_Word* mr0, seL4_Word* mr1, seL4_Word* mr2, seL4_Word* mr3) {
  register seL4_Word a0 __asm__("a0") = src;
  register seL4_Word a1 __asm__("a1");
  register seL4_Word a2 __asm__("a2");
  register seL4_Word a3 __asm__("a3");
  register seL4_Word a4 __asm__("a4");
  register seL4_Word a5 __asm__("a5");
  register seL4_Word a7 __asm__("a7") = sys;
  __asm__ volatile("ecall"
                   : "+r"(a0), "=r"(a1), "=r"(a2), "=r"(a3), "=r"(a4), "=r"(a5)
                   : "r"(a7)
                   : "memory");
  *out_badge = a0;
  *out_info = a1;
  *mr0 = a2;
  *mr1 = a3;
  *mr2 = a4;
  *mr3 = a5;
}

/* Send-and-receive (Call, ReplyRecv): everything in and out. */
SEL4_ALWAYS_INLINE void seL4_riscv_sys_send_recv(seL4_Word sys, seL4_Word dest, seL4_Word* out_badge,
                                                 seL4_Word info, seL4_Word* out_info, seL4_Word* mr0,
                                                 seL4_Word* mr1, seL4_Word* mr2, seL4_Word* mr3) {
  register seL4_Word a0 __asm__("a0") = dest;
  register seL4_Word a1 __asm__("a1") = info;
  register seL4_Word a2 __asm__("a2") = *mr0;
  register seL4_Word a3 __asm__("a3") = *mr1;
  register seL4_Word a4 __asm__("a4") = *mr2;
  register seL4_Word a5 __asm__("a5") = *mr3;
  register seL4_Word a7 __asm__("a7") = sys;
  __asm__ volatile("ecall"
                   : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5)
                   : "r"(a7)
                   : "memory");
  *out_badge = a0;
  *out_info = a1;
  *mr0 = a2;
  *mr1 = a3;
  *mr2 = a4;
  *mr3 = a5;
}

/* No arguments, nothing returned (Yield, WakeSyscallHandler). */
SEL4_ALWAYS_INLINE void seL4_riscv_sys_null(seL4_Word sys) {
  register seL4_Word a0 __asm__("a0");
  register seL4_Word a1 __asm__("a1");
  register seL4_Word a2 __asm__("a2");
  register seL4_Word a3 __asm__("a3");
  register seL4_Word a4 __asm__("a4");
  register seL4_Word a5 __asm__("a5");
  register seL4_Word a7 __asm__("a7") = sys;
  __asm__ volatile("ecall"
                   : "=r"(a0), "=r"(a1), "=r"(a2), "=r"(a3), "=r"(a4), "=r"(a5)
                   : "r"(a7)
                   : "memory");
}

/* One word in (a0), one word out (a0): DebugPutChar, DebugHalt, GetClock. */
SEL4_ALWAYS_INLINE seL4_Word seL4_riscv_sys_word(seL4_Word sys, seL4_Word arg) {
  register seL4_Word a0 __asm__("a0") = arg;
  register seL4_Word a1 __asm__("a1");
  register seL4_Word a2 __asm__("a2");
  register seL4_Word a3 __asm__("a3");
  register seL4_Word a4 __asm__("a4");
  register seL4_Word a5 __asm__("a5");
  register seL4_Word a7 __asm__("a7") = sys;
  __asm__ volatile("ecall"
                   : "+r"(a0), "=r"(a1), "=r"(a2), "=r"(a3), "=r"(a4), "=r"(a5)
                   : "r"(a7)
                   : "memory");
  return a0;
}

/* ---- IPC system calls ---------------------------------------------------------------- */

static inline void seL4_Send(seL4_CPtr dest, seL4_MessageInfo_t msgInfo) {
  seL4_IPCBuffer* b = __sel4_ipc_buffer;
  seL4_riscv_sys_send(seL4_SysSend, dest, msgInfo.words[0], b->msg[0], b->msg[1], b->msg[2], b->msg[3]);
}

static inline void seL4_NBSend(seL4_CPtr dest, seL4_MessageInfo_t msgInfo) {
  seL4_IPCBuffer* b = __sel4_ipc_buffer;
  seL4_riscv_sys_send(seL4_SysNBSend, dest, msgInfo.words[0], b->msg[0], b->msg[1], b->msg[2], b->msg[3]);
}

/* Replies to the thread this one last received a Call from (non-MCS implicit reply cap). */
static inline void seL4_Reply(seL4_MessageInfo_t msgInfo) {
  seL4_IPCBuffer* b = __sel4_ipc_buffer;
  seL4_riscv_sys_send(seL4_SysReply, 0, msgInfo.words[0], b->msg[0], b->msg[1], b->msg[2], b->msg[3]);
}

static inline seL4_MessageInfo_t seL4_Recv(seL4_CPtr src, seL4_Word* sender) {
  seL4_IPCBuffer* b = __sel4_ipc_buffer;
  seL4_Word badge, m0, m1, m2, m3;
  seL4_MessageInfo_t info;
  seL4_riscv_sys_recv(seL4_SysRecv, src, &badge, &info.words[0], &m0, &m1, &m2, &m3);
  b->msg[0] = m0;
  b->msg[1] = m1;
  b->msg[2] = m2;
  b->msg[3] = m3;
  if (sender) *sender = badge;
  return info;
}

static inline seL4_MessageInfo_t seL4_NBRecv(seL4_CPtr src, seL4_Word* sender) {
  seL4_IPCBuffer* b = __sel4_ipc_buffer;
  seL4_Word badge, m0, m1, m2, m3;
  seL4_MessageInfo_t info;
  seL4_riscv_sys_recv(seL4_SysNBRecv, src, &badge, &info.words[0], &m0, &m1, &m2, &m3);
  b->msg[0] = m0;
  b->msg[1] = m1;
  b->msg[2] = m2;
  b->msg[3] = m3;
  if (sender) *sender = badge;
  return info;
}

static inline seL4_MessageInfo_t seL4_Call(seL4_CPtr dest, seL4_MessageInfo_t msgInfo) {
  seL4_IPCBuffer* b = __sel4_ipc_buffer;
  seL4_Word badge, m0 = b->msg[0], m1 = b->msg[1], m2 = b->msg[2], m3 = b->msg[3];
  seL4_MessageInfo_t info;
  seL4_riscv_sys_send_recv(seL4_SysCall, dest, &badge, msgInfo.words[0], &info.words[0], &m0, &m1, &m2, &m3);
  b->msg[0] = m0;
  b->msg[1] = m1;
  b->msg[2] = m2;
  b->msg[3] = m3;
  return info;
}

static inline seL4_MessageInfo_t seL4_ReplyRecv(seL4_CPtr src, seL4_MessageInfo_t msgInfo, seL4_Word* sender) {
  seL4_IPCBuffer* b = __sel4_ipc_buffer;
  seL4_Word badge, m0 = b->msg[0], m1 = b->msg[1], m2 = b->msg[2], m3 = b->msg[3];
  seL4_MessageInfo_t info;
  seL4_riscv_sys_send_recv(seL4_SysReplyRecv, src, &badge, msgInfo.words[0], &info.words[0], &m0, &m1, &m2, &m3);
  b->msg[0] = m0;
  b->msg[1] = m1;
  b->msg[2] = m2;
  b->msg[3] = m3;
  if (sender) *sender = badge;
  return info;
}

/* *WithMRs: MR0..MR3 by pointer (NULL = not used: 0 is sent, nothing is stored back). */
#define SEL4_MR_IN(p) ((p) ? *(p) : 0)
#define SEL4_MR_OUT(p, v) \
  do {                    \
    if (p) *(p) = (v);    \
  } while (0)

static inline void seL4_SendWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo, seL4_Word* mr0, seL4_Word* mr1,
                                    seL4_Word* mr2, seL4_Word* mr3) {
  seL4_riscv_sys_send(seL4_SysSend, dest, msgInfo.words[0], SEL4_MR_IN(mr0), SEL4_MR_IN(mr1), SEL4_MR_IN(mr2),
                      SEL4_MR_IN(mr3));
}

static inline void seL4_NBSendWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo, seL4_Word* mr0, seL4_Word* mr1,
                                      seL4_Word* mr2, seL4_Word* mr3) {
  seL4_riscv_sys_send(seL4_SysNBSend, dest, msgInfo.words[0], SEL4_MR_IN(mr0), SEL4_MR_IN(mr1), SEL4_MR_IN(mr2),
                      SEL4_MR_IN(mr3));
}

static inline void seL4_ReplyWithMRs(seL4_MessageInfo_t msgInfo, seL4_Word* mr0, seL4_Word* mr1, seL4_Word* mr2,
                                     seL4_Word* mr3) {
  seL4_riscv_sys_send(seL4_SysReply, 0, msgInfo.words[0], SEL4_MR_IN(mr0), SEL4_MR_IN(mr1), SEL4_MR_IN(mr2),
                      SEL4_MR_IN(mr3));
}

static inline seL4_MessageInfo_t seL4_RecvWithMRs(seL4_CPtr src, seL4_Word* sender, seL4_Word* mr0, seL4_Word* mr1,
                                                  seL4_Word* mr2, seL4_Word* mr3) {
  seL4_Word badge, m0, m1, m2, m3;
  seL4_MessageInfo_t info;
  seL4_riscv_sys_recv(seL4_SysRecv, src, &badge, &info.words[0], &m0, &m1, &m2, &m3);
  SEL4_MR_OUT(mr0, m0);
  SEL4_MR_OUT(mr1, m1);
  SEL4_MR_OUT(mr2, m2);
  SEL4_MR_OUT(mr3, m3);
  if (sender) *sender = badge;
  return info;
}

static inline seL4_MessageInfo_t seL4_NBRecvWithMRs(seL4_CPtr src, seL4_Word* sender, seL4_Word* mr0, seL4_Word* mr1,
                                                    seL4_Word* mr2, seL4_Word* mr3) {
  seL4_Word badge, m0, m1, m2, m3;
  seL4_MessageInfo_t info;
  seL4_riscv_sys_recv(seL4_SysNBRecv, src, &badge, &info.words[0], &m0, &m1, &m2, &m3);
  SEL4_MR_OUT(mr0, m0);
  SEL4_MR_OUT(mr1, m1);
  SEL4_MR_OUT(mr2, m2);
  SEL4_MR_OUT(mr3, m3);
  if (sender) *sender = badge;
  return info;
}

static inline seL4_MessageInfo_t seL4_CallWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo, seL4_Word* mr0,
                                                  seL4_Word* mr1, seL4_Word* mr2, seL4_Word* mr3) {
  seL4_Word badge, m0 = SEL4_MR_IN(mr0), m1 = SEL4_MR_IN(mr1), m2 = SEL4_MR_IN(mr2), m3 = SEL4_MR_IN(mr3);
  seL4_MessageInfo_t info;
  seL4_riscv_sys_send_recv(seL4_SysCall, dest, &badge, msgInfo.words[0], &info.words[0], &m0, &m1, &m2, &m3);
  SEL4_MR_OUT(mr0, m0);
  SEL4_MR_OUT(mr1, m1);
  SEL4_MR_OUT(mr2, m2);
  SEL4_MR_OUT(mr3, m3);
  return info;
}

static inline seL4_MessageInfo_t seL4_ReplyRecvWithMRs(seL4_CPtr src, seL4_MessageInfo_t msgInfo, seL4_Word* sender,
                                                       seL4_Word* mr0, seL4_Word* mr1, seL4_Word* mr2,
                                                       seL4_Word* mr3) {
  seL4_Word badge, m0 = SEL4_MR_IN(mr0), m1 = SEL4_MR_IN(mr1), m2 = SEL4_MR_IN(mr2), m3 = SEL4_MR_IN(mr3);
  seL4_MessageInfo_t info;
  seL4_riscv_sys_send_recv(seL4_SysReplyRecv, src, &badge, msgInfo.words[0], &info.words[0], &m0, &m1, &m2, &m3);
  SEL4_MR_OUT(mr0, m0);
  SEL4_MR_OUT(mr1, m1);
  SEL4_MR_OUT(mr2, m2);
  SEL4_MR_OUT(mr3, m3);
  if (sender) *sender = badge;
  return info;
}

static inline void seL4_Yield(void) { seL4_riscv_sys_null(seL4_SysYield); }

/* ---- notifications (libsel4: Signal = Send of an empty message, Wait = Recv, Poll = NBRecv) */
static inline void seL4_Signal(seL4_CPtr dest) {
  seL4_riscv_sys_send(seL4_SysSend, dest, seL4_MessageInfo_new(0, 0, 0, 0).words[0], 0, 0, 0, 0);
}
static inline void seL4_Wait(seL4_CPtr src, seL4_Word* sender) { seL4_Recv(src, sender); }
static inline seL4_MessageInfo_t seL4_Poll(seL4_CPtr src, seL4_Word* sender) { return seL4_NBRecv(src, sender); }

/* ---- debug and ReL4 system calls ------------------------------------------------------- */
static inline void seL4_DebugPutChar(char c) { seL4_riscv_sys_word(seL4_SysDebugPutChar, (seL4_Word)(uint8_t)c); }

/* Ends the simulation with exit code `code` (a0); see sel4_exit() in <sel4/runtime.h>. */
static inline void seL4_DebugHaltWithCode(seL4_Word code) { seL4_riscv_sys_word(seL4_SysDebugHalt, code); }

/* rdtime as read by the kernel (ReL4 GetClock). */
static inline seL4_Word seL4_GetClock(void) { return seL4_riscv_sys_word(seL4_SysGetClock, 0); }

/* ReL4: wakes the caller's kernel coroutine (docs/async-syscalls.md). */
static inline void seL4_WakeSyscallHandler(void) { seL4_riscv_sys_null(seL4_SysWakeSyscallHandler); }

/* ---- invocations --------------------------------------------------------------------------
 * seL4_Call on the object cap with label = invocation label; the reply label is the error.
 * On error MR0..MR3 of the reply are saved to the IPC buffer for seL4_GetMR().            */
static inline seL4_Error seL4_invoke(seL4_CPtr service, seL4_MessageInfo_t tag, seL4_Word* mr0, seL4_Word* mr1,
                                     seL4_Word* mr2, seL4_Word* mr3) {
  seL4_MessageInfo_t out = seL4_CallWithMRs(service, tag, mr0, mr1, mr2, mr3);
  seL4_Error result = (seL4_Error)seL4_MessageInfo_get_label(out);
  if (result != seL4_NoError) {
    seL4_SetMR(0, *mr0);
    seL4_SetMR(1, *mr1);
    seL4_SetMR(2, *mr2);
    seL4_SetMR(3, *mr3);
  }
  return result;
}

/* Untyped */
static inline seL4_Error seL4_Untyped_Retype(seL4_Untyped service, seL4_Word type, seL4_Word size_bits,
                                             seL4_CNode root, seL4_Word node_index, seL4_Word node_depth,
                                             seL4_Word node_offset, seL4_Word num_objects) {
  seL4_SetCap(0, root);
  seL4_Word mr0 = type, mr1 = size_bits, mr2 = node_index, mr3 = node_depth;
  seL4_SetMR(4, node_offset);
  seL4_SetMR(5, num_objects);
  return seL4_invoke(service, seL4_MessageInfo_new(UntypedRetype, 0, 1, 6), &mr0, &mr1, &mr2, &mr3);
}

/* CNode (service = the destination / target CNode) */
static inline seL4_Error seL4_CNode_Copy(seL4_CNode service, seL4_Word dest_index, seL4_Uint8 dest_depth,
                                         seL4_CNode src_root, seL4_Word src_index, seL4_Uint8 src_depth,
                                         seL4_CapRights_t rights) {
  seL4_SetCap(0, src_root);
  seL4_Word mr0 = dest_index, mr1 = dest_depth, mr2 = src_index, mr3 = src_depth;
  seL4_SetMR(4, rights.words[0]);
  return seL4_invoke(service, seL4_MessageInfo_new(CNodeCopy, 0, 1, 5), &mr0, &mr1, &mr2, &mr3);
}

static inline seL4_Error seL4_CNode_Mint(seL4_CNode service, seL4_Word dest_index, seL4_Uint8 dest_depth,
                                         seL4_CNode src_root, seL4_Word src_index, seL4_Uint8 src_depth,
                                         seL4_CapRights_t rights, seL4_Word badge) {
  seL4_SetCap(0, src_root);
  seL4_Word mr0 = dest_index, mr1 = dest_depth, mr2 = src_index, mr3 = src_depth;
  seL4_SetMR(4, rights.words[0]);
  seL4_SetMR(5, badge);
  return seL4_invoke(service, seL4_MessageInfo_new(CNodeMint, 0, 1, 6), &mr0, &mr1, &mr2, &mr3);
}

static inline seL4_Error seL4_CNode_Move(seL4_CNode service, seL4_Word dest_index, seL4_Uint8 dest_depth,
                                         seL4_CNode src_root, seL4_Word src_index, seL4_Uint8 src_depth) {
  seL4_SetCap(0, src_root);
  seL4_Word mr0 = dest_index, mr1 = dest_depth, mr2 = src_index, mr3 = src_depth;
  return seL4_invoke(service, seL4_MessageInfo_new(CNodeMove, 0, 1, 4), &mr0, &mr1, &mr2, &mr3);
}

/* Moves the cap and sets its badge (endpoint, notification) or guard (CNode) to `badge`. */
static inline seL4_Error seL4_CNode_Mutate(seL4_CNode service, seL4_Word dest_index, seL4_Uint8 dest_depth,
                                           seL4_CNode src_root, seL4_Word src_index, seL4_Uint8 src_depth,
                                           seL4_Word badge) {
  seL4_SetCap(0, src_root);
  seL4_SetMR(4, badge);
  seL4_Word mr0 = dest_index, mr1 = dest_depth, mr2 = src_index, mr3 = src_depth;
  return seL4_invoke(service, seL4_MessageInfo_new(CNodeMutate, 0, 1, 5), &mr0, &mr1, &mr2, &mr3);
}

static inline seL4_Error seL4_CNode_Delete(seL4_CNode service, seL4_Word index, seL4_Uint8 depth) {
  seL4_Word mr0 = index, mr1 = depth, mr2 = 0, mr3 = 0;
  return seL4_invoke(service, seL4_MessageInfo_new(CNodeDelete, 0, 0, 2), &mr0, &mr1, &mr2, &mr3);
}

static inline seL4_Error seL4_CNode_Revoke(seL4_CNode service, seL4_Word index, seL4_Uint8 depth) {
  seL4_Word mr0 = index, mr1 = depth, mr2 = 0, mr3 = 0;
  return seL4_invoke(service, seL4_MessageInfo_new(CNodeRevoke, 0, 0, 2), &mr0, &mr1, &mr2, &mr3);
}

/* TCB */
static inline seL4_Error seL4_TCB_Configure(seL4_TCB service, seL4_Word fault_ep, seL4_CNode cspace_root,
                                            seL4_Word cspace_root_data, seL4_CPtr vspace_root,
                                            seL4_Word vspace_root_data, seL4_Word buffer, seL4_CPtr bufferFrame) {
  seL4_SetCap(0, cspace_root);
  seL4_SetCap(1, vspace_root);
  seL4_SetCap(2, bufferFrame);
  seL4_Word mr0 = fault_ep, mr1 = cspace_root_data, mr2 = vspace_root_data, mr3 = buffer;
  return seL4_invoke(service, seL4_MessageInfo_new(TCBConfigure, 0, 3, 4), &mr0, &mr1, &mr2, &mr3);
}

static inline seL4_Error seL4_TCB_SetPriority(seL4_TCB service, seL4_TCB authority, seL4_Word priority) {
  seL4_SetCap(0, authority);
  seL4_Word mr0 = priority, mr1 = 0, mr2 = 0, mr3 = 0;
  return seL4_invoke(service, seL4_MessageInfo_new(TCBSetPriority, 0, 1, 1), &mr0, &mr1, &mr2, &mr3);
}

static inline seL4_Error seL4_TCB_SetMCPriority(seL4_TCB service, seL4_TCB authority, seL4_Word mcp) {
  seL4_SetCap(0, authority);
  seL4_Word mr0 = mcp, mr1 = 0, mr2 = 0, mr3 = 0;
  return seL4_invoke(service, seL4_MessageInfo_new(TCBSetMCPriority, 0, 1, 1), &mr0, &mr1, &mr2, &mr3);
}

static inline seL4_Error seL4_TCB_SetIPCBuffer(seL4_TCB service, seL4_Word buffer, seL4_CPtr bufferFrame) {
  seL4_SetCap(0, bufferFrame);
  seL4_Word mr0 = buffer, mr1 = 0, mr2 = 0, mr3 = 0;
  return seL4_invoke(service, seL4_MessageInfo_new(TCBSetIPCBuffer, 0, 1, 1), &mr0, &mr1, &mr2, &mr3);
}

/* seL4 SMP: moves the thread to core `affinity` (a hart index). */
static inline seL4_Error seL4_TCB_SetAffinity(seL4_TCB service, seL4_Word affinity) {
  seL4_Word mr0 = affinity, mr1 = 0, mr2 = 0, mr3 = 0;
  return seL4_invoke(service, seL4_MessageInfo_new(TCBSetAffinity, 0, 0, 1), &mr0, &mr1, &mr2, &mr3);
}

static inline seL4_Error seL4_TCB_Resume(seL4_TCB service) {
  seL4_Word mr0 = 0, mr1 = 0, mr2 = 0, mr3 = 0;
  return seL4_invoke(service, seL4_MessageInfo_new(TCBResume, 0, 0, 0), &mr0, &mr1, &mr2, &mr3);
}

static inline seL4_Error seL4_TCB_Suspend(seL4_TCB service) {
  seL4_Word mr0 = 0, mr1 = 0, mr2 = 0, mr3 = 0;
  return seL4_invoke(service, seL4_MessageInfo_new(TCBSuspend, 0, 0, 0), &mr0, &mr1, &mr2, &mr3);
}

/* Reads the first `count` registers of seL4_UserContext order into regs (the rest untouched). */
static inline seL4_Error seL4_TCB_ReadRegisters(seL4_TCB service, seL4_Bool suspend_source, seL4_Uint8 arch_flags,
                                                seL4_Word count, seL4_UserContext* regs) {
  seL4_Word mr0 = ((seL4_Word)suspend_source & 1) | ((seL4_Word)arch_flags << 8), mr1 = count, mr2 = 0, mr3 = 0;
  seL4_Error result =
      seL4_invoke(service, seL4_MessageInfo_new(TCBReadRegisters, 0, 0, 2), &mr0, &mr1, &mr2, &mr3);
  if (result != seL4_NoError) return result;
  seL4_Word* out = (seL4_Word*)regs;
  seL4_Word n = count > sizeof(seL4_UserContext) / sizeof(seL4_Word) ? sizeof(seL4_UserContext) / sizeof(seL4_Word)
                                                                      : count;
  const seL4_Word fast[4] = {mr0, mr1, mr2, mr3};
  for (seL4_Word i = 0; i < n; ++i) out[i] = i < 4 ? fast[i] : seL4_GetMR((int)i);
  return result;
}

/* Writes the first `count` registers (seL4_UserContext order, at most 32; abi.h: length
   2 + count, MR1 = count); resume_target resumes the TCB. */
static inline seL4_Error seL4_TCB_WriteRegisters(seL4_TCB service, seL4_Bool resume_target, seL4_Uint8 arch_flags,
                                                 seL4_Word count, const seL4_UserContext* regs) {
  const seL4_Word* in = (const seL4_Word*)regs;
  seL4_Word n = count > sizeof(seL4_UserContext) / sizeof(seL4_Word) ? sizeof(seL4_UserContext) / sizeof(seL4_Word)
                                                                      : count;
  seL4_Word mr0 = ((seL4_Word)resume_target & 1) | ((seL4_Word)arch_flags << 8), mr1 = n;
  seL4_Word mr2 = n > 0 ? in[0] : 0, mr3 = n > 1 ? in[1] : 0;
  for (seL4_Word i = 2; i < n; ++i) seL4_SetMR((int)(i + 2), in[i]);
  return seL4_invoke(service, seL4_MessageInfo_new(TCBWriteRegisters, 0, 0, 2 + n), &mr0, &mr1, &mr2, &mr3);
}

static inline seL4_Error seL4_TCB_BindNotification(seL4_TCB service, seL4_CPtr notification) {
  seL4_SetCap(0, notification);
  seL4_Word mr0 = 0, mr1 = 0, mr2 = 0, mr3 = 0;
  return seL4_invoke(service, seL4_MessageInfo_new(TCBBindNotification, 0, 1, 0), &mr0, &mr1, &mr2, &mr3);
}

static inline seL4_Error seL4_TCB_UnbindNotification(seL4_TCB service) {
  seL4_Word mr0 = 0, mr1 = 0, mr2 = 0, mr3 = 0;
  return seL4_invoke(service, seL4_MessageInfo_new(TCBUnbindNotification, 0, 0, 0), &mr0, &mr1, &mr2, &mr3);
}

/* RISC-V pages and page tables */
static inline seL4_Error seL4_RISCV_Page_Map(seL4_RISCV_Page service, seL4_RISCV_PageTable vspace, seL4_Word vaddr,
                                             seL4_CapRights_t rights, seL4_RISCV_VMAttributes attr) {
  seL4_SetCap(0, vspace);
  seL4_Word mr0 = vaddr, mr1 = rights.words[0], mr2 = attr, mr3 = 0;
  return seL4_invoke(service, seL4_MessageInfo_new(RISCVPageMap, 0, 1, 3), &mr0, &mr1, &mr2, &mr3);
}

static inline seL4_Error seL4_RISCV_Page_Unmap(seL4_RISCV_Page service) {
  seL4_Word mr0 = 0, mr1 = 0, mr2 = 0, mr3 = 0;
  return seL4_invoke(service, seL4_MessageInfo_new(RISCVPageUnmap, 0, 0, 0), &mr0, &mr1, &mr2, &mr3);
}

typedef struct seL4_RISCV_Page_GetAddress {
  int error;
  seL4_Word paddr;
} seL4_RISCV_Page_GetAddress_t;

static inline seL4_RISCV_Page_GetAddress_t seL4_RISCV_Page_GetAddress(seL4_RISCV_Page service) {
  seL4_RISCV_Page_GetAddress_t r;
  seL4_Word mr0 = 0, mr1 = 0, mr2 = 0, mr3 = 0;
  r.error = seL4_invoke(service, seL4_MessageInfo_new(RISCVPageGetAddress, 0, 0, 0), &mr0, &mr1, &mr2, &mr3);
  r.paddr = r.error == seL4_NoError ? mr0 : 0;
  return r;
}

static inline seL4_Error seL4_RISCV_PageTable_Map(seL4_RISCV_PageTable service, seL4_RISCV_PageTable vspace,
                                                  seL4_Word vaddr, seL4_RISCV_VMAttributes attr) {
  seL4_SetCap(0, vspace);
  seL4_Word mr0 = vaddr, mr1 = attr, mr2 = 0, mr3 = 0;
  return seL4_invoke(service, seL4_MessageInfo_new(RISCVPageTableMap, 0, 1, 2), &mr0, &mr1, &mr2, &mr3);
}

static inline seL4_Error seL4_RISCV_PageTable_Unmap(seL4_RISCV_PageTable service) {
  seL4_Word mr0 = 0, mr1 = 0, mr2 = 0, mr3 = 0;
  return seL4_invoke(service, seL4_MessageInfo_new(RISCVPageTableUnmap, 0, 0, 0), &mr0, &mr1, &mr2, &mr3);
}

static inline seL4_Error seL4_RISCV_ASIDPool_Assign(seL4_RISCV_ASIDPool service, seL4_RISCV_PageTable vspace) {
  seL4_SetCap(0, vspace);
  seL4_Word mr0 = 0, mr1 = 0, mr2 = 0, mr3 = 0;
  return seL4_invoke(service, seL4_MessageInfo_new(RISCVASIDPoolAssign, 0, 1, 0), &mr0, &mr1, &mr2, &mr3);
}

#ifdef __cplusplus
}
#endif

#endif /* SEL4_SEL4_H */
