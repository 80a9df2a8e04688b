/*
 * The guest <-> kernel ABI of uintrsim: the single source of truth shared by the guest
 * runtime (C, RISC-V) and the kernel model (C++, host). It follows seL4's RISC-V ABI
 * (libsel4: syscall numbers, message info, IPC buffer, error codes, object types, initial
 * capabilities, boot info) so that a seL4 programmer finds nothing surprising, plus the
 * ReL4 additions (WakeSyscallHandler, GetClock, U-notification invocations and the
 * asynchronous syscall buffer, docs/async-syscalls.md).
 *
 * Everything here is plain C with fixed-width types; layouts are the same for the RV64
 * guest (lp64) and an x86-64 host. Static assertions at the end check the sizes.
 */
#ifndef UINTRSIM_ABI_H
#define UINTRSIM_ABI_H

#include <stdint.h>

typedef uint64_t seL4_Word;
typedef seL4_Word seL4_CPtr;

/* ---- system calls: a7 = number (negative, seL4 non-MCS) -------------------------------- */
enum seL4_Syscall {
  seL4_SysCall = -1,
  seL4_SysReplyRecv = -2,
  seL4_SysSend = -3,
  seL4_SysNBSend = -4,
  seL4_SysRecv = -5,
  seL4_SysReply = -6,
  seL4_SysYield = -7,
  seL4_SysNBRecv = -8,
  seL4_SysDebugPutChar = -9,
  seL4_SysDebugHalt = -11,
  /* ReL4: wakes the caller's kernel coroutine (docs/async-syscalls.md). */
  seL4_SysWakeSyscallHandler = -16,
  /* ReL4's GetClock returns rdtime; the number is this project's choice. */
  seL4_SysGetClock = -17,
};

/*
 * Register use (seL4 RISC-V): a0 = capability (dest/src) in, badge out; a1 = message info;
 * a2..a5 = message registers 0..3 (the rest in the IPC buffer); a7 = syscall number.
 * DebugPutChar: a0 = character. GetClock: returns rdtime in a0.
 */
#define seL4_FastMessageRegisters 4
#define seL4_MsgMaxLength 120
#define seL4_MsgMaxExtraCaps 3

/* ---- message info: label[63:12] capsUnwrapped[11:9] extraCaps[8:7] length[6:0] ---------- */
typedef struct seL4_MessageInfo { seL4_Word words[1]; } seL4_MessageInfo_t;

static inline seL4_MessageInfo_t seL4_MessageInfo_new(seL4_Word label, seL4_Word capsUnwrapped,
                                                      seL4_Word extraCaps, seL4_Word length) {
  seL4_MessageInfo_t m;
  m.words[0] = (label << 12) | ((capsUnwrapped & 7) << 9) | ((extraCaps & 3) << 7) | (length & 0x7f);
  return m;
}
static inline seL4_Word seL4_MessageInfo_get_label(seL4_MessageInfo_t m) { return m.words[0] >> 12; }
static inline seL4_Word seL4_MessageInfo_get_capsUnwrapped(seL4_MessageInfo_t m) { return (m.words[0] >> 9) & 7; }
static inline seL4_Word seL4_MessageInfo_get_extraCaps(seL4_MessageInfo_t m) { return (m.words[0] >> 7) & 3; }
static inline seL4_Word seL4_MessageInfo_get_length(seL4_MessageInfo_t m) { return m.words[0] & 0x7f; }

/* ---- IPC buffer (one per thread, 1024 bytes, aligned to 1 KiB) --------------------------- */
typedef struct seL4_IPCBuffer {
  seL4_MessageInfo_t tag;
  seL4_Word msg[seL4_MsgMaxLength];
  seL4_Word userData;
  seL4_Word caps_or_badges[seL4_MsgMaxExtraCaps];
  seL4_CPtr receiveCNode;
  seL4_CPtr receiveIndex;
  seL4_Word receiveDepth;
} seL4_IPCBuffer;

/* ---- errors (seL4_Error) ------------------------------------------------------------------ */
typedef enum seL4_Error {
  seL4_NoError = 0,
  seL4_InvalidArgument = 1,
  seL4_InvalidCapability = 2,
  seL4_IllegalOperation = 3,
  seL4_RangeError = 4,
  seL4_AlignmentError = 5,
  seL4_FailedLookup = 6,
  seL4_TruncatedMessage = 7,
  seL4_DeleteFirst = 8,
  seL4_RevokeFirst = 9,
  seL4_NotEnoughMemory = 10,
} seL4_Error;

/* ---- invocation labels (seL4 non-MCS order, RISC-V, no debug entries) -------------------- */
enum invocation_label {
  InvalidInvocation = 0,
  UntypedRetype,
  TCBReadRegisters,
  TCBWriteRegisters,
  TCBCopyRegisters,
  TCBConfigure,
  TCBSetPriority,
  TCBSetMCPriority,
  TCBSetSchedParams,
  TCBSetIPCBuffer,
  TCBSetSpace,
  TCBSuspend,
  TCBResume,
  TCBBindNotification,
  TCBUnbindNotification,
  TCBSetTLSBase,
  TCBSetAffinity,   /* seL4 SMP builds: MR0 = core */
  CNodeRevoke,
  CNodeDelete,
  CNodeCancelBadgedSends,
  CNodeCopy,
  CNodeMint,
  CNodeMove,
  CNodeMutate,
  CNodeRotate,
  CNodeSaveCaller,
  IRQIssueIRQHandler,
  IRQAckIRQ,
  IRQSetIRQHandler,
  IRQClearIRQHandler,
  DomainSetSet,
  nInvocationLabels
};
enum arch_invocation_label {
  RISCVPageTableMap = nInvocationLabels,
  RISCVPageTableUnmap,
  RISCVPageMap,
  RISCVPageUnmap,
  RISCVPageGetAddress,
  RISCVASIDControlMakePool,
  RISCVASIDPoolAssign,
  RISCVIRQIssueIRQHandlerTrigger,
  /* ReL4 U-notifications (invoked on a Notification capability) */
  UintrRegisterReceiver,
  UintrRegisterSender,
  UintrRegisterAsyncSyscall,
  nArchInvocationLabels
};

/*
 * Invocation arguments (as libsel4's generated stubs marshal them; MRn = message register n,
 * capN = extra capability n, both sides use this table):
 *   UntypedRetype      len 6, caps 1: MR0 type, MR1 size_bits, MR2 node_index, MR3 node_depth,
 *                      MR4 node_offset, MR5 num_objects; cap0 root CNode
 *   CNodeCopy          len 5, caps 1: MR0 dest_index, MR1 dest_depth, MR2 src_index,
 *                      MR3 src_depth, MR4 rights; cap0 src_root
 *   CNodeMint          len 6, caps 1: as Copy, MR5 badge
 *   CNodeMove          len 4, caps 1: MR0 dest_index, MR1 dest_depth, MR2 src_index, MR3 src_depth
 *   CNodeMutate        len 5, caps 1: as Move, MR4 badge (endpoint, notification) or guard (CNode)
 *   CNodeDelete/Revoke len 2: MR0 index, MR1 depth
 *   TCBConfigure       len 4, caps 3: MR0 fault_ep (CPtr), MR1 cspace_root_data, MR2 vspace_root_data,
 *                      MR3 buffer (vaddr); cap0 cspace_root, cap1 vspace_root, cap2 buffer frame
 *   TCBSetPriority     len 1, caps 1: MR0 priority; cap0 authority (TCB)
 *   TCBSetIPCBuffer    len 1, caps 1: MR0 buffer (vaddr); cap0 buffer frame
 *   TCBResume/Suspend  len 0
 *   TCBReadRegisters   len 2: MR0 suspend_source | arch_flags << 8, MR1 count; reply: count MRs
 *                      in seL4_UserContext order
 *   TCBWriteRegisters  len 2 + count: MR0 resume_target | arch_flags << 8, MR1 count, MR2.. regs
 *   TCBBindNotification len 0, caps 1: cap0 notification;  TCBUnbindNotification len 0
 *   TCBSetAffinity     len 1: MR0 core (hart index)
 *   RISCVPageMap       len 3, caps 1: MR0 vaddr, MR1 rights, MR2 attributes; cap0 vspace
 *   RISCVPageUnmap     len 0;  RISCVPageGetAddress len 0, reply MR0 = physical address
 *   RISCVPageTableMap  len 2, caps 1: MR0 vaddr, MR1 attributes; cap0 vspace
 *   RISCVPageTableUnmap len 0;  RISCVASIDPoolAssign len 0, caps 1: cap0 vspace
 * Replies to seL4_Call on a kernel object: label = seL4_Error; on error MR0.. carry detail
 * (InvalidArgument: MR0 = argument index; RangeError: MR0 min, MR1 max; FailedLookup:
 * MR0 = 1 if the source lookup failed, then the lookup-fault words).
 */

/* Registers as TCBReadRegisters/WriteRegisters order them (seL4 RISC-V seL4_UserContext). */
typedef struct seL4_UserContext {
  seL4_Word pc, ra, sp, gp, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
  seL4_Word a0, a1, a2, a3, a4, a5, a6, a7, t0, t1, t2, t3, t4, t5, t6, tp;
} seL4_UserContext;

/* ---- object types (RV64) ------------------------------------------------------------------ */
typedef enum seL4_ObjectType {
  seL4_UntypedObject = 0,
  seL4_TCBObject = 1,
  seL4_EndpointObject = 2,
  seL4_NotificationObject = 3,
  seL4_CapTableObject = 4,
  seL4_RISCV_Giga_Page = 5,
  seL4_RISCV_4K_Page = 6,
  seL4_RISCV_Mega_Page = 7,
  seL4_RISCV_PageTableObject = 8,
  seL4_ObjectTypeCount = 9
} seL4_ObjectType;

#define seL4_TCBBits 10
#define seL4_EndpointBits 4
#define seL4_NotificationBits 5
#define seL4_SlotBits 5
#define seL4_PageBits 12
#define seL4_LargePageBits 21
#define seL4_HugePageBits 30
#define seL4_PageTableBits 12
#define seL4_MinUntypedBits 4
#define seL4_MaxUntypedBits 38
#define seL4_WordBits 64

/* Capability rights (seL4_CapRights_t): bit 0 write, 1 read, 2 grant, 3 grant-reply. */
typedef struct seL4_CapRights { seL4_Word words[1]; } seL4_CapRights_t;
static inline seL4_CapRights_t seL4_CapRights_new(seL4_Word grantReply, seL4_Word grant, seL4_Word read,
                                                  seL4_Word write) {
  seL4_CapRights_t r;
  r.words[0] = ((grantReply & 1) << 3) | ((grant & 1) << 2) | ((read & 1) << 1) | (write & 1);
  return r;
}
#define seL4_AllRights_word 0xfu
#define seL4_CanRead_word 0x2u
#define seL4_CanWrite_word 0x1u

/* VM attributes for PageMap / PageTableMap (RISC-V): bit 0 = execute never. */
#define seL4_RISCV_ExecuteNever 0x1u
#define seL4_RISCV_Default_VMAttributes 0x0u

/* ---- initial capabilities of the root task ------------------------------------------------ */
enum seL4_RootCNodeCapSlots {
  seL4_CapNull = 0,
  seL4_CapInitThreadTCB = 1,
  seL4_CapInitThreadCNode = 2,
  seL4_CapInitThreadVSpace = 3,
  seL4_CapIRQControl = 4,
  seL4_CapASIDControl = 5,
  seL4_CapInitThreadASIDPool = 6,
  seL4_CapIOPortControl = 7,
  seL4_CapIOSpace = 8,
  seL4_CapBootInfoFrame = 9,
  seL4_CapInitThreadIPCBuffer = 10,
  seL4_CapDomain = 11,
  seL4_CapSMMUSIDControl = 12,
  seL4_CapSMMUCBControl = 13,
  seL4_CapInitThreadSC = 14,
  seL4_CapSMC = 15,
  seL4_NumInitialCaps = 16
};

/* ---- boot info (one 4 KiB frame, its address in a0 at the root task's entry) ------------- */
typedef struct seL4_SlotRegion { seL4_Word start, end; } seL4_SlotRegion; /* [start, end) */
typedef struct seL4_UntypedDesc {
  seL4_Word paddr;
  uint8_t sizeBits;
  uint8_t isDevice;
  uint8_t padding[6];
} seL4_UntypedDesc;
#define CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS 230
typedef struct seL4_BootInfo {
  seL4_Word extraLen;
  seL4_Word nodeID;
  seL4_Word numNodes;
  seL4_Word numIOPTLevels;
  seL4_Word ipcBuffer;          /* guest virtual address of the root task's IPC buffer */
  seL4_SlotRegion empty;
  seL4_SlotRegion sharedFrames;
  seL4_SlotRegion userImageFrames;
  seL4_SlotRegion userImagePaging;
  seL4_SlotRegion ioSpaceCaps;
  seL4_SlotRegion extraBIPages;
  seL4_Word initThreadCNodeSizeBits;
  seL4_Word initThreadDomain;
  seL4_SlotRegion untyped;
  seL4_UntypedDesc untypedList[CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS];
} seL4_BootInfo;

/* ---- fault IPC (seL4 RISC-V fault labels and message lengths) ----------------------------- */
enum seL4_FaultType {
  seL4_Fault_NullFault = 0,
  seL4_Fault_CapFault = 1,
  seL4_Fault_UnknownSyscall = 2,
  seL4_Fault_UserException = 3,
  seL4_Fault_VMFault = 5,
};
/* VMFault message: IP, Addr, PrefetchFault, FSR (the RISC-V scause). */
enum { seL4_VMFault_IP = 0, seL4_VMFault_Addr, seL4_VMFault_PrefetchFault, seL4_VMFault_FSR, seL4_VMFault_Length };

/* ---- ReL4 asynchronous syscalls over user interrupts (docs/async-syscalls.md) -------------
 *
 * U-notifications (invocations on a Notification cap):
 *   UintrRegisterReceiver  caps 1: cap0 = TCB (must be bound to the notification). The kernel
 *                          gives the thread a receiver (a UINTC entry, or a UPID with
 *                          uintr.arch = posted); reply MR0 = receiver index, MR1 = the
 *                          architecture (UINTRSIM_UINTR_ARCH_*). The thread sets
 *                          utvec/uscratch/ustatus.UIE/uie.USIE itself.
 *   UintrRegisterSender    len 0. The kernel adds an entry {vector = badge of the invoked cap,
 *                          receiver = the notification's receiver} to the caller's sender table
 *                          (a UIST, or a UITT with posted; allocated on first use); reply MR0 =
 *                          the entry index for uipi.send (senduipi), MR1 = the architecture.
 *   UintrRegisterAsyncSyscall  caps 1: cap0 = frame cap of the shared buffer's first page
 *                          (the buffer is ASYNC_BUFFER_PAGES contiguous pages of virtual
 *                          memory from that frame's mapped address). The invoked cap must be a
 *                          badged notification registered as a receiver; results are notified
 *                          with vector = its badge. Reply MR0 = queue kind (ASYNC_QUEUE_*),
 *                          MR1 = the protocol (ASYNC_PROTOCOL_*), which the user's response
 *                          coroutine follows too.
 * WakeSyscallHandler (syscall -16): wakes the caller's kernel coroutine (it runs at the next
 * opportunity the placement allows).
 *
 * The user pushes IPCItems to req; if recv_req_status is 0 it stores 1 and issues
 * WakeSyscallHandler. The kernel coroutine pops requests, executes them, pushes results to
 * res; if recv_reply_status is 0 it stores 1 and sends the user interrupt. */
/* The user-interrupt architecture, as the registration replies report it (MR1): which
 * instructions send (uipi.send / senduipi) and how a handler learns its vectors (uipi.read of
 * the UINTC's pending bits / ucause, one vector per delivery). docs/uintr-posted.md. */
#define UINTRSIM_UINTR_ARCH_UINTC 0
#define UINTRSIM_UINTR_ARCH_POSTED 1
#define ASYNC_MAX_ARGS 16          /* u16 arguments per item (the benchmark's MAX_IPC_MSG_LEN) */
#define ASYNC_RING_ENTRIES 4096
typedef struct IPCItem {
  uint32_t cid;                    /* the submitting coroutine's id, echoed in the reply */
  uint32_t msg_info;               /* request: AsyncMessageLabel; reply: the same label */
  uint16_t extend_msg[ASYNC_MAX_ARGS];  /* arguments; reply: [0] = seL4_Error, then results */
} IPCItem;

/* Lock-free single-producer single-consumer ring (the benchmark's SafeRingBuffer): the
   producer writes items[end], then end = (end + 1) % N, then count += 1 (atomic); the
   consumer reads items[start], start = (start + 1) % N, count -= 1. Full when count == N. */
typedef struct AsyncRing {
  uint64_t start, end;
  uint64_t count;                  /* atomic */
  uint64_t pad;
  IPCItem items[ASYNC_RING_ENTRIES];
} AsyncRing;

/* The thesis text's variant: a spin mutex around a ring that holds N - 1 items (empty when
   start == end); a contending user yields and retries. */
typedef struct AsyncMutexRing {
  uint64_t lock;                   /* 0 free, 1 held (amoswap) */
  uint64_t start, end, pad;
  IPCItem items[ASYNC_RING_ENTRIES];
} AsyncMutexRing;

enum { ASYNC_QUEUE_LOCKFREE = 0, ASYNC_QUEUE_MUTEX = 1 };

/* How both sides go offline (kernel.async.protocol; MR1 of the UintrRegisterAsyncSyscall
   reply): THESIS stores the status flag false without looking at its ring again, as ReL4 does
   (an item pushed meanwhile is stranded: a lost wake-up); FIXED re-checks the ring after the
   store and goes back online when it is not empty. The kernel coroutine and the user's
   response coroutine follow the same one. */
enum { ASYNC_PROTOCOL_THESIS = 0, ASYNC_PROTOCOL_FIXED = 1 };

typedef struct NewBuffer {
  uint64_t recv_req_status;        /* kernel coroutine online (atomic flag, 0/1) */
  uint64_t recv_reply_status;      /* user response coroutine online (atomic flag, 0/1) */
  union { AsyncRing lockfree; AsyncMutexRing mutex; } req;
  union { AsyncRing lockfree; AsyncMutexRing mutex; } res;
} NewBuffer;
#define ASYNC_BUFFER_PAGES ((sizeof(NewBuffer) + 4095) / 4096)

/* AsyncMessageLabel: requests and their u16 arguments (caps are CPtrs truncated to 16 bits,
   addresses are passed as page numbers vaddr >> 12 in two u16: low, high). */
enum AsyncMessageLabel {
  AsyncNull = 0,
  AsyncPutChar,              /* [0] char */
  AsyncPutString,            /* [0] length (<= 15), [1..15] one character each */
  AsyncPageGetAddress,       /* [0] frame; reply [1..4] physical address, 16 bits each, low first */
  AsyncUntypedRetype,        /* [0] untyped, [1] type, [2] size_bits, [3] root CNode, [4] node_index,
                                [5] node_depth, [6] node_offset, [7] num_objects */
  AsyncTCBBindNotification,  /* [0] TCB, [1] notification */
  AsyncTCBUnbindNotification,/* [0] TCB */
  AsyncPageTableMap,         /* [0] page table, [1] VSpace, [2..3] vaddr >> 12, [4] attributes */
  AsyncPageTableUnmap,       /* [0] page table */
  AsyncPageMap,              /* [0] frame, [1] VSpace, [2..3] vaddr >> 12, [4] rights, [5] attributes */
  AsyncPageUnmap,            /* [0] frame */
  AsyncLabelCount,           /* the thesis's labels end here (AsyncNull is not a request: an error result) */
  /* uintrsim's addition, outside the thesis's numbering: a request the kernel executes as
     nothing (seL4_NoError, charged kernel.cost.async_nop, default 0, on top of async_item),
     for measuring the protocol's own cost (docs/workloads.md, null_call). */
  AsyncNop = 0x4e4f
};

#if defined(__cplusplus)
static_assert(sizeof(IPCItem) == 40, "IPCItem layout (benchmark version)");
static_assert(sizeof(seL4_IPCBuffer) == 1024, "IPC buffer layout");
static_assert(sizeof(seL4_UntypedDesc) == 16, "untyped descriptor layout");
static_assert(sizeof(seL4_BootInfo) <= 4096, "boot info fits one page");
#else
_Static_assert(sizeof(IPCItem) == 40, "IPCItem layout (benchmark version)");
_Static_assert(sizeof(seL4_IPCBuffer) == 1024, "IPC buffer layout");
_Static_assert(sizeof(seL4_UntypedDesc) == 16, "untyped descriptor layout");
_Static_assert(sizeof(seL4_BootInfo) <= 4096, "boot info fits one page");
#endif

#endif /* UINTRSIM_ABI_H */
