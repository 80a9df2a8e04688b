// The one port between a hart and the kernel model (the idea of riscv-vp's irq_if, applied
// to modelled software). The kernel model is not executed as RISC-V code: when a hart traps
// into S-mode (or M-mode, for the firmware model) the platform calls the kernel model with
// that hart's port, and everything the kernel does to the machine goes through it:
//
//   - the trapped context: its registers, and leaving the kernel (to user mode, to the idle
//     loop, or back from firmware);
//   - CSRs accessed as machine mode;
//   - time: `charge` adds the cost of a modelled code path to the hart's local clock;
//     `sync` lets the other harts run up to this hart's local time; the big kernel lock;
//   - the cache footprint of the modelled code and data (`touch_code`, `touch_data`);
//   - physical memory, through the hart's memory system (RAM and devices alike);
//   - cross-hart effects: IPIs and remote TLB shootdowns are modelled as what they are
//     (an interrupt to the other hart, which then fences its own TLB), never as a call into
//     another hart's internals.
//
// The kernel model includes no SystemC header: time synchronisation lives behind this port
// (sim/platform/hart_kernel_port.h implements it on a hart's SystemC thread).
#pragma once
#include <array>
#include <cstdint>

namespace uintrsim::kernel {

class KernelPort {
 public:
  using Registers = std::array<uint64_t, 32>;  // x0..x31 (x0 reads as zero)

  virtual ~KernelPort() = default;
  virtual unsigned hartid() const = 0;

  // --- the trapped context and leaving the kernel ---
  virtual void save_registers(Registers& regs) const = 0;    // x1..x31 of the trapped context
  virtual void load_registers(const Registers& regs) = 0;    // x1..x31 for the next return
  virtual void return_to_user(uint64_t pc) = 0;              // sret to U-mode at `pc`
  virtual void enter_idle() = 0;     // S-mode, interrupts enabled, asleep until one is pending
  virtual void return_from_firmware() = 0;                   // mret (the firmware model)
  virtual void stop() = 0;           // this hart stops at once (the run is ending)

  // --- CSRs, accessed as machine mode whatever the current privilege ---
  virtual uint64_t csr_read(uint16_t addr) = 0;
  virtual void csr_write(uint16_t addr, uint64_t value) = 0;

  // --- time ---
  virtual uint64_t cycle() const = 0;           // the hart's local clock, in core cycles
  virtual void charge(uint64_t cycles) = 0;     // a modelled code path's cost
  // Lets simulated time pass up to this hart's local time; other harts run meanwhile.
  virtual void sync() = 0;
  // The big kernel lock (one for all harts). Acquisitions are ordered by simulated time;
  // returns the cycles this hart waited for another holder (already on its clock).
  virtual uint64_t acquire_kernel_lock() = 0;
  virtual void release_kernel_lock() = 0;

  // --- cache footprint of modelled code and data (misses are charged in timed mode) ---
  virtual void touch_code(uint64_t pa, uint64_t len) = 0;
  virtual void touch_data(uint64_t pa, uint64_t len, bool write) = 0;

  // --- physical memory through the hart's memory system (false: nothing there) ---
  virtual bool phys_read(uint64_t pa, void* out, unsigned len) = 0;
  virtual bool phys_write(uint64_t pa, const void* in, unsigned len) = 0;

  // --- cross-hart and local machine operations ---
  virtual void send_ipi(unsigned hart) = 0;      // raise the other hart's machine software interrupt
  virtual void clear_ipi() = 0;                  // acknowledge this hart's own
  virtual void set_timer(uint64_t mtime) = 0;    // this hart's mtimecmp (SBI set_timer)
  virtual void flush_tlb() = 0;                  // sfence.vma (all) on this hart
  // Remote shootdown: an IPI to `hart`, which fences its own TLB when it takes it (before
  // its next instruction) and spends `remote_cycles` in the IPI handler (unless it sleeps
  // in wfi, where the handler's time is hidden in idle time); the initiator pays for
  // sending the IPI and waiting for the acknowledgement as a kernel cost of its own.
  virtual void shootdown_tlb(unsigned hart, uint64_t remote_cycles) = 0;
  virtual void uipi_send(uint64_t index) = 0;    // uipi.send with the hart's current suist
  virtual void senduipi(uint64_t index) = 0;     // senduipi with the hart's current suitt (posted)
};

// What the kernel model offers the platform: its trap handlers, called on the trapping
// hart's thread with that hart's port, once the hart has entered the trap's privilege level.
class TrapHandler {
 public:
  virtual ~TrapHandler() = default;
  virtual void on_supervisor_trap(KernelPort& port, uint64_t cause, uint64_t tval, uint64_t epc) = 0;
  virtual void on_machine_trap(KernelPort& port, uint64_t cause, uint64_t tval, uint64_t epc) = 0;
};

}  // namespace uintrsim::kernel
