// The user-interrupt hardware as the kernel manages it, behind one small interface so that
// U-notifications and asynchronous syscalls run unchanged on both architectures
// (docs/uintr-posted.md "The kernel model"):
//
//   - uintr.arch = uintc: a receiver is an entry of the central UINTC (activated while its
//     thread runs, pending bits kept in the controller while it does not); a sender table is
//     a page of UISTEs selected by suist; the kernel signals by writing the entry's SEND;
//   - uintr.arch = posted: a receiver is a UPID in kernel memory (SN set while its thread is
//     off the hart, NDST the hart it runs on, re-notified on switch-in if vectors were posted
//     meanwhile); a sender table is a UITT selected by suitt; the kernel signals by posting
//     into the UPID as senduipi does.
//
// The N-extension trap CSRs (utvec, uepc, ...) are the same on both and are saved and restored
// by Notifications; this interface covers what differs.
#pragma once
#include <cstdint>
#include <memory>

#include "kernel_model/kernel_port.h"
#include "kernel_model/objects.h"

namespace uintrsim {
class StatsRegistry;
}

namespace uintrsim::kernel {

class Kernel;

class UintrHardware {
 public:
  virtual ~UintrHardware() = default;
  // The value the registration replies carry in MR1 (UINTRSIM_UINTR_ARCH_*, abi.h).
  virtual uint64_t arch() const = 0;
  // A new receiver for a U-notification (reset_receiver prepares it); false when none is left.
  virtual bool alloc_receiver(uint64_t& idx) = 0;
  // The receiver is (re)registered for a thread: it is not running yet.
  virtual void reset_receiver(KernelPort& h, uint64_t idx, unsigned core) = 0;
  // Entry `i` of the sender table at `table` (kernel RAM): user vector `vector` to receiver `idx`.
  virtual void write_sender_entry(uint64_t table, unsigned i, uint64_t vector, uint64_t idx) = 0;
  virtual unsigned sender_entries() const = 0;
  // The CSR that selects a sender table (suist, suitt), its value for the table at `table`
  // (0: none), and the send instruction through it (uipi.send, senduipi).
  virtual uint16_t sender_csr() const = 0;
  virtual uint64_t sender_csr_value(uint64_t table) const = 0;
  virtual void send(KernelPort& h, uint64_t index) = 0;
  // Selects the sender table at `table` on the hart (0: none).
  void install_sender_table(KernelPort& h, uint64_t table) { h.csr_write(sender_csr(), sender_csr_value(table)); }
  // The kernel's own send through its table (the hart's selection is restored afterwards).
  void kernel_send(KernelPort& h, uint64_t table, unsigned index) {
    const uint64_t saved = h.csr_read(sender_csr());
    h.csr_write(sender_csr(), sender_csr_value(table));
    send(h, index);
    h.csr_write(sender_csr(), saved);
  }
  // The kernel delivers `vector` to receiver `idx` (a Signal on a U-notification).
  virtual void signal(KernelPort& h, uint64_t idx, uint64_t vector) = 0;
  // A receiver's thread leaves the hart, or its state is captured there (`u` keeps what the
  // hardware holds for it on the hart).
  virtual void save(KernelPort& h, Tcb::Uintr& u) = 0;
  virtual void switch_out(KernelPort& h, Tcb::Uintr& u) = 0;
  // A receiver's thread is about to run on the hart.
  virtual void switch_in(KernelPort& h, const Tcb::Uintr& u) = 0;
  // The hart runs a thread that is no receiver.
  virtual void clear_receiver(KernelPort& h) = 0;
  // Counters of this architecture's kernel side (none for the UINTC: its results are unchanged).
  virtual void register_stats(StatsRegistry&) {}
};

// The implementation for the configured architecture (PlatformInfo::posted).
std::unique_ptr<UintrHardware> make_uintr_hardware(Kernel& k);

}  // namespace uintrsim::kernel
