// The kernel paths that statistics attribute entries and cycles to (kernel.path.<name>.*):
// every entry into the kernel model is accounted to exactly one of them, so the per-path
// counts sum to kernel.entries and the per-path cycles to kernel.cycles. A path is named
// once here; registration iterates this list, so no path can be counted but not exported.
#pragma once
#include <cstddef>
#include <cstdint>

namespace uintrsim::kernel {

enum class Path : uint8_t {
  kOther,  // an entry that none of the paths below claims (e.g. an interrupt with no work)
  // system calls (api/syscalls.cpp; one per syscall table entry)
  kSyscallCall, kSyscallReplyRecv, kSyscallSend, kSyscallNBSend, kSyscallRecv, kSyscallReply,
  kSyscallYield, kSyscallNBRecv, kSyscallDebugPutChar, kSyscallDebugHalt, kSyscallWakeSyscallHandler,
  kSyscallGetClock, kSyscallUnknown,
  kFastpathCall, kFastpathReplyRecv,
  // invocations on kernel objects
  kUntypedRetype, kCNode, kTcb, kPageMap, kPageUnmap, kPageGetAddress, kPageTableMap, kPageTableUnmap,
  kAsidAssign, kUintrRegister,
  // interrupts, faults, the asynchronous-syscall executor
  kInterruptTimer, kInterruptIpi, kFault, kAsyncDrain,
  kCount
};

constexpr const char* kPathNames[size_t(Path::kCount)] = {
    "other",
    "syscall.call", "syscall.reply_recv", "syscall.send", "syscall.nb_send", "syscall.recv", "syscall.reply",
    "syscall.yield", "syscall.nb_recv", "syscall.debug_putchar", "syscall.debug_halt",
    "syscall.wake_syscall_handler", "syscall.get_clock", "syscall.unknown",
    "fastpath.call", "fastpath.reply_recv",
    "untyped_retype", "cnode", "tcb", "page_map", "page_unmap", "page_get_address", "page_table_map",
    "page_table_unmap", "asid_assign", "uintr_register",
    "interrupt.timer", "interrupt.ipi", "fault", "async.drain",
};
static_assert(sizeof kPathNames / sizeof kPathNames[0] == size_t(Path::kCount), "one name per path");

inline const char* path_name(Path p) { return kPathNames[size_t(p)]; }

}  // namespace uintrsim::kernel
