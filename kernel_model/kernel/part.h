// What every part of the kernel model shares: the platform facts it was built for, the
// registers of seL4's syscall ABI, and the base class of the parts.
//
// The kernel model is a set of parts, each owning its state and its statistics (seL4's split
// by concern): the Kernel front (entry, dispatch, exit; kernel.h), the syscall and invocation
// tables (api/), the object table, CSpace, untyped memory and thread invocations (object/),
// IPC and notifications (object/), VSpace (vspace/), the scheduler and faults (kernel/), the
// asynchronous-syscall executor (async/) and the firmware model (firmware/). A part reaches
// another part through the front (`sched()`, `ipc()`, ...), never through its fields, and
// the machine only through the KernelPort of the hart it runs on.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include "kernel_model/api/paths.h"
#include "kernel_model/kernel_params.h"
#include "kernel_model/kernel_port.h"
#include "sim/isa/encoding.h"
#include "sim/trace/trace_sink.h"

namespace uintrsim {
class StatsRegistry;
}

namespace uintrsim::kernel {

// Registers of seL4's RISC-V syscall ABI (abi.h): a0 = capability / badge, a1 = message info,
// a2..a5 = the first message registers, a7 = the syscall number.
constexpr unsigned kA0 = 10, kA1 = 11, kA2 = 12, kA7 = 17;

struct PlatformInfo {
  uint64_t ram_base = 0, ram_size = 0;
  uint64_t simctrl_base = 0;        // offered to the root task as a device untyped (ROI markers)
  uint64_t uintc_base = 0;          // the UINTC (0 = none)
  unsigned uintc_entries = 0;
  unsigned uist_stride = 8;         // sender-table entry stride of the hardware
  unsigned sender_entries = 64;     // entries per sender table
  bool posted = false;              // uintr.arch = posted: UPIDs and UITTs instead of the UINTC
  uint64_t notify_base = 0;         // posted: the notification device
  uint64_t timebase_hz = 0, clock_hz = 0;
  std::function<void(uint64_t)> halt;  // ends the run with an exit code (64 bits, 0 = pass)
  std::function<void(const char*, size_t)> console;
  std::function<void(const std::string&)> deadlock;  // nothing can run any more
  trace::TraceSink* trace = nullptr;  // the timeline (docs/debugging.md); nullptr: not traced
};

class Kernel;
class ObjectTable;
class Syscalls;
class CSpace;
class UntypedMemory;
class Threads;
class VSpace;
class Ipc;
class Notifications;
class Scheduler;
class Faults;
class AsyncExecutor;

class Part {
 public:
  explicit Part(Kernel& k);
  Part(const Part&) = delete;
  Part& operator=(const Part&) = delete;

 public:
  // Physical memory as the kernel reaches it: through the port of the hart running the
  // kernel (the boot hart's at boot).
  KernelPort& mem() const;
  bool in_ram(uint64_t pa, uint64_t len) const;
  // Clears `bytes` at `pa` through the memory system; with a hart, the clearing's cache
  // footprint is touched on it.
  void zero_memory(KernelPort* h, uint64_t pa, uint64_t bytes) const;

 protected:
  // The other parts (defined inline in kernel.h).
  ObjectTable& objects() const;
  Syscalls& syscalls() const;
  CSpace& cspace() const;
  UntypedMemory& untyped() const;
  Threads& threads() const;
  VSpace& vspace() const;
  Ipc& ipc() const;
  Notifications& notifications() const;
  Scheduler& sched() const;
  Faults& faults() const;
  AsyncExecutor& async() const;

  // The path the kernel entry in progress takes (kernel.path.*; the last claim wins).
  void claim(Path p) const;
  Path claimed() const;
  static void touch(KernelPort& h, uint64_t pa, uint64_t len, bool write) { h.touch_data(pa, len, write); }

  Kernel& k_;
  const KernelParams& p_;
  const PlatformInfo& info_;
};

}  // namespace uintrsim::kernel
