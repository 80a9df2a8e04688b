// The kernel's side of the RISC-V UINTC (uintr.arch = uintc; docs/hardware-uintr.md): one
// controller entry per receiver, activated with the hart's id while its thread runs (pending
// bits wait in the entry while it does not), UISTE sender tables selected by suist, and the
// kernel's Signal as a SEND to the entry.
#include "kernel_model/kernel.h"
#include "kernel_model/object/uintr_hw.h"
#include "workloads/include/uintrsim/abi.h"
#include "workloads/include/uintrsim/devices.h"

namespace uintrsim::kernel {

using namespace rv;

namespace {

class UintcHardware final : public UintrHardware {
 public:
  explicit UintcHardware(Kernel& k) : k_(k), info_(k.info()), cost_(k.params().cost) {}

  uint64_t arch() const override { return UINTRSIM_UINTR_ARCH_UINTC; }

  bool alloc_receiver(uint64_t& idx) override {
    if (next_receiver_ >= info_.uintc_entries) return false;
    idx = next_receiver_++;
    return true;
  }

  void reset_receiver(KernelPort& h, uint64_t idx, unsigned core) override {
    write(h, idx, UINTRSIM_UINTC_WRITE_LOW, UINTRSIM_UINTC_LOW_VALUE(uint64_t(core), 1, 0));  // 64-bit, inactive
  }

  void write_sender_entry(uint64_t table, unsigned i, uint64_t vector, uint64_t idx) override {
    // kernel-owned RAM, like a page table
    k_.vspace().write_pte(table + uint64_t(i) * info_.uist_stride, UINTRSIM_UISTE(vector, idx));
  }

  unsigned sender_entries() const override { return info_.sender_entries; }

  uint16_t sender_csr() const override { return csr::suist; }
  uint64_t sender_csr_value(uint64_t table) const override {
    if (!table) return 0;
    const uint64_t pages = std::max<uint64_t>(1, (uint64_t(info_.sender_entries) * info_.uist_stride + 4095) / 4096);
    return UINTRSIM_SUIST(table, pages);
  }
  void send(KernelPort& h, uint64_t index) override { h.uipi_send(index); }

  void signal(KernelPort& h, uint64_t idx, uint64_t vector) override {
    if (info_.trace) info_.trace->kernel_send_begin(h.hartid(), h.cycle(), unsigned(idx));
    write(h, idx, UINTRSIM_UINTC_SEND, vector & UINTRSIM_UINTC_SEND_VECTOR_MASK);
    if (info_.trace) info_.trace->kernel_send_end(h.hartid(), h.cycle());
  }

  void save(KernelPort&, Tcb::Uintr&) override {}  // the pending bits stay in the controller

  void switch_out(KernelPort& h, Tcb::Uintr& u) override {
    write(h, u.recv_idx, UINTRSIM_UINTC_SET_ACTIVE, 0);  // pending bits wait in the UINTC
  }

  void switch_in(KernelPort& h, const Tcb::Uintr& u) override {
    h.csr_write(csr::suirs, UINTRSIM_SUIRS_ENABLE | u.recv_idx);
    // hartid and mode, active: with pending bits waiting, the level line raises USIP again.
    write(h, u.recv_idx, UINTRSIM_UINTC_WRITE_LOW, UINTRSIM_UINTC_LOW_VALUE(uint64_t(h.hartid()), 1, 1));
  }

  void clear_receiver(KernelPort& h) override { h.csr_write(csr::suirs, 0); }

 private:
  void write(KernelPort& h, uint64_t idx, uint64_t reg, uint64_t value) {
    h.phys_write(info_.uintc_base + UINTRSIM_UINTC_ENTRY(idx) + reg, &value, 8);
    h.charge(cost_.uintc_access);
  }

  Kernel& k_;
  const PlatformInfo& info_;
  const KernelCosts& cost_;
  uint64_t next_receiver_ = 1;  // next free UINTC receiver entry
};

}  // namespace

std::unique_ptr<UintrHardware> make_uintc_hardware(Kernel& k) { return std::make_unique<UintcHardware>(k); }

}  // namespace uintrsim::kernel
