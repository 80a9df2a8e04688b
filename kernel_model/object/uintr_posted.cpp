// The kernel's side of posted user interrupts (uintr.arch = posted; docs/uintr-posted.md "The
// kernel model"), as Linux's x86 uintr support does it:
//
//   - a receiver is a UPID in kernel memory (64 bytes apart, 64 to a kernel page), NV = the
//     kernel's notification vector, NDST = the hart its thread runs on, SN = 1 while the thread
//     is off every hart (senders then only post into PIR);
//   - switch-in: NDST = this hart, SN = 0, suipd/suinv/suirr installed, and if vectors were
//     posted meanwhile (PIR != 0) the kernel sends the notification to its own hart, which then
//     moves them into suirr at the next boundary in user mode;
//   - switch-out: SN = 1 and suirr saved (x86 saves UIRR with XSAVES);
//   - sender tables are UITTs (16-byte UITTEs) selected by suitt; the kernel's own sends
//     (asynchronous-syscall results) go through its UITT with senduipi, on the hart it runs on;
//   - a Signal on a U-notification is posted by the kernel as senduipi would: PIR[vector] = 1,
//     and a notification unless ON or SN is set.
// UPID accesses are locked read-modify-writes through the hart's memory system, each charged
// kernel.cost.upid_access plus its cache footprint.
#include <algorithm>

#include "kernel_model/kernel.h"
#include "sim/stats/stats_registry.h"
#include "kernel_model/object/uintr_hw.h"
#include "workloads/include/uintrsim/abi.h"
#include "workloads/include/uintrsim/devices.h"

namespace uintrsim::kernel {

using namespace rv;

namespace {

// The kernel's notification vector (UINV; x86 Linux uses UINTR_NOTIFICATION_VECTOR). Any of the
// device's 64 vectors would do: the kernel uses no other one, so there is nothing to collide with.
constexpr uint64_t kUinv = 0;
constexpr unsigned kUpidsPerPage = 4096 / UINTRSIM_UPID_ALIGN;
// UITTSZ is 8 bits: a UITT has at most 256 entries (one page of 16-byte entries).
constexpr unsigned kMaxUitt = 4096 / UINTRSIM_UITTE_BYTES;

class PostedHardware final : public UintrHardware {
 public:
  explicit PostedHardware(Kernel& k) : k_(k), info_(k.info()), cost_(k.params().cost) {}

  uint64_t arch() const override { return UINTRSIM_UINTR_ARCH_POSTED; }

  bool alloc_receiver(uint64_t& idx) override {
    if (next_ % kUpidsPerPage == 0) {
      const uint64_t page = k_.kernel_page();
      if (!page) return false;
      pages_.push_back(page);
    }
    idx = next_++;
    return true;
  }

  void reset_receiver(KernelPort& h, uint64_t idx, unsigned core) override {
    const uint64_t w[2] = {UINTRSIM_UPID_WORD0(kUinv, core) | UINTRSIM_UPID_SN, 0};
    h.phys_write(upid(idx), w, sizeof w);
    access(h, idx);
  }

  void write_sender_entry(uint64_t table, unsigned i, uint64_t vector, uint64_t idx) override {
    const uint64_t e = table + uint64_t(i) * UINTRSIM_UITTE_BYTES;
    k_.vspace().write_pte(e, UINTRSIM_UITTE_WORD0(vector & 63));
    k_.vspace().write_pte(e + 8, upid(idx));
  }

  unsigned sender_entries() const override { return std::min(info_.sender_entries, kMaxUitt); }

  uint16_t sender_csr() const override { return csr::suitt; }
  uint64_t sender_csr_value(uint64_t table) const override {
    return table ? UINTRSIM_SUITT(table, sender_entries() - 1) : 0;
  }
  void send(KernelPort& h, uint64_t index) override { h.senduipi(index); }

  void signal(KernelPort& h, uint64_t idx, uint64_t vector) override {
    uint64_t w[2];
    h.phys_read(upid(idx), w, sizeof w);
    w[1] |= uint64_t(1) << (vector & 63);
    const bool notify = !(w[0] & (UINTRSIM_UPID_ON | UINTRSIM_UPID_SN));
    if (notify) w[0] |= UINTRSIM_UPID_ON;
    h.phys_write(upid(idx), w, sizeof w);
    access(h, idx);
    ++stats_.signals;
    if (notify) {
      ++stats_.signal_notifications;
      send_notification(h, w[0]);
    }
  }

  void save(KernelPort& h, Tcb::Uintr& u) override { u.suirr = h.csr_read(csr::suirr); }

  void switch_out(KernelPort& h, Tcb::Uintr& u) override {
    uint64_t w0;
    h.phys_read(upid(u.recv_idx), &w0, 8);
    w0 |= UINTRSIM_UPID_SN;
    h.phys_write(upid(u.recv_idx), &w0, 8);
    access(h, u.recv_idx);
    save(h, u);
  }

  void switch_in(KernelPort& h, const Tcb::Uintr& u) override {
    uint64_t w[2];
    h.phys_read(upid(u.recv_idx), w, sizeof w);
    w[0] = (w[0] & (UINTRSIM_UPID_ON)) | UINTRSIM_UPID_WORD0(kUinv, h.hartid());  // SN = 0
    h.phys_write(upid(u.recv_idx), w, 8);
    access(h, u.recv_idx);
    h.csr_write(csr::suipd, upid(u.recv_idx));
    h.csr_write(csr::suinv, UINTRSIM_SUINV_ENABLE | kUinv);
    h.csr_write(csr::suirr, u.suirr);
    // Vectors posted while the thread was away: notify this hart (they reach suirr at the
    // next boundary in user mode).
    if (w[1]) {
      ++stats_.renotifications;
      send_notification(h, w[0]);
    }
  }

  void clear_receiver(KernelPort& h) override {
    h.csr_write(csr::suinv, 0);
    h.csr_write(csr::suipd, 0);
    h.csr_write(csr::suirr, 0);
  }

  void register_stats(StatsRegistry& st) override {
    const Stats* s = &stats_;
    st.add_counter("kernel.uintr.upid_updates", "updates", "locked UPID updates by the kernel (register, switch, signal)",
                   [s] { return s->upid_updates; });
    st.add_counter("kernel.uintr.renotifications", "notifications",
                   "switch-ins that found vectors posted while the receiver was away and notified its hart",
                   [s] { return s->renotifications; });
    st.add_counter("kernel.uintr.signals", "signals", "Signals on U-notifications posted by the kernel",
                   [s] { return s->signals; });
    st.add_counter("kernel.uintr.signal_notifications", "notifications",
                   "of those, the ones that sent a notification (ON and SN clear)", [s] { return s->signal_notifications; });
  }

 private:
  uint64_t upid(uint64_t idx) const { return pages_[idx / kUpidsPerPage] + (idx % kUpidsPerPage) * UINTRSIM_UPID_ALIGN; }

  // A locked RMW of a UPID by the kernel: its bookkeeping and its cache footprint.
  void access(KernelPort& h, uint64_t idx) {
    h.touch_data(upid(idx), UINTRSIM_UPID_BYTES, true);
    h.charge(cost_.upid_access);
    ++stats_.upid_updates;
  }

  // The notification interrupt {NDST, NV} of UPID word 0, through the notification device.
  void send_notification(KernelPort& h, uint64_t w0) {
    const uint64_t v = UINTRSIM_UNOTIFY_SEND_VALUE(w0 >> UINTRSIM_UPID_NDST_SHIFT,
                                                   (w0 >> UINTRSIM_UPID_NV_SHIFT) & UINTRSIM_UPID_NV_MASK);
    h.phys_write(info_.notify_base + UINTRSIM_UNOTIFY_SEND, &v, 8);
  }

  Kernel& k_;
  const PlatformInfo& info_;
  const KernelCosts& cost_;
  struct Stats {
    uint64_t upid_updates = 0, renotifications = 0, signals = 0, signal_notifications = 0;
  } stats_;
  std::vector<uint64_t> pages_;  // kernel pages holding the UPIDs, 64 each
  uint64_t next_ = 0;            // next free UPID
};

}  // namespace

std::unique_ptr<UintrHardware> make_uintc_hardware(Kernel& k);

std::unique_ptr<UintrHardware> make_uintr_hardware(Kernel& k) {
  if (k.info().posted) return std::make_unique<PostedHardware>(k);
  return make_uintc_hardware(k);
}

}  // namespace uintrsim::kernel
