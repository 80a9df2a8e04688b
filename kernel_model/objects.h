// Kernel objects and capabilities of the seL4-like kernel model. Object memory comes from
// untyped memory exactly as in seL4 (so retyping consumes guest RAM and kernel accesses to
// an object touch its physical address in the cache model); the object's state itself is
// kept in host structures, except page tables and frames, which are real guest memory that
// the hart's MMU walks.
#pragma once
#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "workloads/include/uintrsim/abi.h"

namespace uintrsim::kernel {

enum class CapType : uint8_t {
  kNull, kUntyped, kEndpoint, kNotification, kCNode, kThread, kFrame, kPageTable, kAsidControl,
  kAsidPool, kIrqControl, kDomain
};
const char* cap_type_name(CapType t);

struct Cap {
  CapType type = CapType::kNull;
  uint64_t obj = 0;        // physical address of the object: its identity (see `id`)
  uint64_t id = 0;         // untyped: object id (a child untyped may start at its parent's address)
  uint64_t badge = 0;      // endpoints and notifications
  uint8_t rights = seL4_AllRights_word;
  uint8_t size_bits = 0;   // untyped size; frame size (12, 21, 30)
  bool is_device = false;  // untyped
  // CNode addressing (guard and radix, as seL4's CNode cap)
  uint8_t radix = 0, guard_size = 0;
  uint64_t guard = 0;
  // Frame / PageTable mapping state
  uint64_t mapped_asid = 0;   // 0 = not mapped (ASIDs start at 1)
  uint64_t mapped_vaddr = 0;
  bool is_vspace_root = false;  // a PageTable cap assigned an ASID (the VSpace)

  bool null() const { return type == CapType::kNull; }
  bool can_read() const { return rights & seL4_CanRead_word; }
  bool can_write() const { return rights & seL4_CanWrite_word; }
  bool can_grant() const { return rights & 4; }
  bool can_grant_reply() const { return rights & 8; }
};

// A capability slot with its place in the capability derivation tree (for Revoke).
struct Slot {
  Cap cap;
  Slot* parent = nullptr;
  std::vector<Slot*> children;
};

enum class ThreadState : uint8_t {
  kInactive, kRunning, kRestart, kBlockedOnSend, kBlockedOnReceive, kBlockedOnReply,
  kBlockedOnNotification, kIdle
};

struct Notification;

struct Tcb {
  uint64_t pa = 0;
  std::string name;
  std::array<uint64_t, 32> regs{};  // x0..x31 while not on a hart
  uint64_t pc = 0;
  ThreadState state = ThreadState::kInactive;
  unsigned priority = 0, mcp = 0;
  unsigned core = 0;
  unsigned time_slice = 0;
  Slot cspace, vspace, ipc_frame;     // the TCB's own cap slots (seL4 tcbCTable, tcbVTable, tcbBuffer)
  uint64_t ipc_buffer_vaddr = 0;
  uint64_t fault_ep = 0;              // CPtr of the fault endpoint (0 = none)
  Notification* bound = nullptr;
  // IPC blocking state
  uint64_t blocked_on = 0;            // pa of the endpoint / notification
  uint64_t send_badge = 0;
  bool send_is_call = false, send_can_grant = false, send_is_fault = false;
  Tcb* caller = nullptr;              // non-MCS reply: the thread waiting for our reply
  bool ready_queued = false;
  // User-interrupt state (ReL4): receiver (UINTC entry / UPID), sender table, and the N-extension CSRs
  // saved while the thread is off the hart.
  struct Uintr {
    bool receiver = false;
    uint64_t recv_idx = 0;
    uint64_t sender_table = 0;   // physical page of the thread's sender table (0 = none)
    unsigned sender_entries = 0;
    uint64_t utvec = 0, uscratch = 0, uepc = 0, ucause = 0, utval = 0, ustatus = 0, uie = 0;
    uint64_t suirr = 0;          // posted: vectors moved to the hart but not yet delivered
  } uintr;
  // Per-thread statistics
  uint64_t n_syscalls = 0, n_faults = 0, n_interrupts = 0, kernel_cycles = 0, user_cycles = 0;
  // Fault message waiting to be delivered (when send_is_fault)
  std::vector<uint64_t> fault_msg;
  uint64_t fault_label = 0;
};

struct Endpoint {
  uint64_t pa = 0;
  enum class State : uint8_t { kIdle, kSend, kRecv } state = State::kIdle;
  std::deque<Tcb*> queue;
};

struct Notification {
  uint64_t pa = 0;
  uint64_t word = 0;
  bool active = false;
  std::deque<Tcb*> waiters;
  Tcb* bound_tcb = nullptr;
  // ReL4 U-notification: the notification's receiver has a UINTC receiver entry.
  bool uintr = false;
  uint64_t recv_idx = 0;
};

struct CNode {
  uint64_t pa = 0;
  unsigned radix = 0;
  std::vector<Slot> slots;  // fixed size 2^radix; never reallocated (slots are referenced)
};

struct Untyped {
  uint64_t pa = 0;
  unsigned size_bits = 0;
  bool is_device = false;
  uint64_t watermark = 0;   // bytes used from the start
};

struct AsidPool {
  uint64_t pa = 0;
  uint64_t first_asid = 0;
  std::array<uint64_t, 1024> vspace{};  // root page-table pa per ASID (0 = free)
};

}  // namespace uintrsim::kernel
