// The kernel model's port on one hart (kernel_model/kernel_port.h), implemented on the
// hart's SystemC thread: the trap hooks of the hart call the kernel model with this port,
// and the port turns its requests into hart operations, memory-system accesses, CLINT
// writes and SystemC waits. Time synchronisation and the big kernel lock live here, so the
// kernel model itself stays free of SystemC.
#pragma once
#include <memory>
#include <vector>

#include <systemc>

#include "kernel_model/kernel_port.h"
#include "sim/hart/hart.h"
#include "sim/platform/clock.h"

namespace uintrsim {

// The big kernel lock shared by the ports of all harts.
struct KernelLock {
  const void* holder = nullptr;
  sc_core::sc_event released;
};

class HartKernelPort final : public kernel::KernelPort, public SupervisorTrapHook, public MachineTrapHook {
 public:
  HartKernelPort(Hart& hart, const Clock& clock, uint64_t clint_base, KernelLock& lock,
                 std::vector<Hart*> all_harts, kernel::TrapHandler& handler);

  // SupervisorTrapHook / MachineTrapHook
  void on_supervisor_trap(Hart& h, uint64_t cause, uint64_t tval, uint64_t epc) override;
  void on_machine_trap(Hart& h, uint64_t cause, uint64_t tval, uint64_t epc) override;

  // KernelPort
  unsigned hartid() const override { return h_.hartid(); }
  void save_registers(Registers& regs) const override;
  void load_registers(const Registers& regs) override;
  void return_to_user(uint64_t pc) override { h_.return_to_user(pc); }
  void enter_idle() override { h_.enter_idle(); }
  void return_from_firmware() override { h_.return_from_machine(); }
  void stop() override { h_.request_stop(); }
  uint64_t csr_read(uint16_t addr) override;
  void csr_write(uint16_t addr, uint64_t value) override { h_.machine_csr_write(addr, value); }
  uint64_t cycle() const override { return h_.cycle(); }
  void charge(uint64_t cycles) override { h_.charge(cycles); }
  void sync() override;
  uint64_t acquire_kernel_lock() override;
  void release_kernel_lock() override;
  void touch_code(uint64_t pa, uint64_t len) override { h_.touch_code(pa, len); }
  void touch_data(uint64_t pa, uint64_t len, bool write) override { h_.touch_data(pa, len, write); }
  bool phys_read(uint64_t pa, void* out, unsigned len) override { return h_.phys_read(pa, out, len); }
  bool phys_write(uint64_t pa, const void* in, unsigned len) override { return h_.phys_write(pa, in, len); }
  void send_ipi(unsigned hart) override;
  void clear_ipi() override;
  void set_timer(uint64_t mtime) override;
  void flush_tlb() override { h_.flush_tlb(); }
  void shootdown_tlb(unsigned hart, uint64_t remote_cycles) override;
  // A fault of the kernel's own send aborts the hook: the hart takes it (see Trap).
  void uipi_send(uint64_t index) override {
    if (!h_.uipi_send(index)) throw h_.raised();
  }
  void senduipi(uint64_t index) override {
    if (!h_.senduipi(index)) throw h_.raised();
  }

 private:
  Hart& h_;
  const Clock& clock_;
  uint64_t clint_base_;
  KernelLock& lock_;
  std::vector<Hart*> harts_;
  kernel::TrapHandler& handler_;
};

// Connects the kernel model to every hart of `harts` (one port each; they share one lock).
class KernelPorts {
 public:
  KernelPorts(const std::vector<Hart*>& harts, const Clock& clock, uint64_t clint_base,
              kernel::TrapHandler& handler);
  kernel::KernelPort& operator[](unsigned hart) { return *ports_.at(hart); }
  size_t size() const { return ports_.size(); }

 private:
  KernelLock lock_;
  std::vector<std::unique_ptr<HartKernelPort>> ports_;
};

}  // namespace uintrsim
