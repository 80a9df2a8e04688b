// A kernel port over a plain RAM buffer that records what the kernel does to the machine
// (returns to user, IPIs, fences, shootdowns, CSR writes): the kernel model on its port alone,
// for unit tests of its parts (kernel_rig.h) and the ELF fuzz target (tests/fuzz).
#pragma once
#include <algorithm>
#include <cstring>
#include <map>
#include <vector>

#include "kernel_model/kernel.h"

namespace uintrsim::test {

class RecordingPort : public kernel::KernelPort {
 public:
  RecordingPort(unsigned id, std::vector<uint8_t>& ram, uint64_t ram_base) : id_(id), ram_(ram), base_(ram_base) {}

  enum class State { kUser, kIdle, kFirmware, kStopped };
  State state = State::kIdle;
  uint64_t user_pc = 0;
  Registers regs{};
  uint64_t cycles = 0;
  std::map<uint16_t, uint64_t> csr;
  std::vector<unsigned> ipis_sent;
  std::vector<std::pair<unsigned, uint64_t>> shootdowns;  // (hart, remote cycles)
  unsigned tlb_flushes = 0;
  std::vector<std::pair<uint64_t, uint64_t>> device_writes;  // outside RAM: (pa, value)

  unsigned hartid() const override { return id_; }
  void save_registers(Registers& r) const override { r = regs; r[0] = 0; }
  void load_registers(const Registers& r) override { regs = r; }
  void return_to_user(uint64_t pc) override { state = State::kUser; user_pc = pc; }
  void enter_idle() override { state = State::kIdle; }
  void return_from_firmware() override {}
  void stop() override { state = State::kStopped; }
  uint64_t csr_read(uint16_t a) override { return a == rv::csr::time ? cycles / 10 : csr[a]; }
  void csr_write(uint16_t a, uint64_t v) override { csr[a] = v; }
  uint64_t cycle() const override { return cycles; }
  void charge(uint64_t c) override { cycles += c; }
  void sync() override {}
  uint64_t acquire_kernel_lock() override { return 0; }
  void release_kernel_lock() override {}
  void touch_code(uint64_t, uint64_t) override {}
  void touch_data(uint64_t, uint64_t, bool) override {}
  bool phys_read(uint64_t pa, void* out, unsigned len) override {
    if (!in_ram(pa, len)) { std::memset(out, 0, len); return false; }
    std::memcpy(out, ram_.data() + (pa - base_), len);
    return true;
  }
  bool phys_write(uint64_t pa, const void* in, unsigned len) override {
    if (!in_ram(pa, len)) {
      uint64_t v = 0;
      std::memcpy(&v, in, std::min<unsigned>(len, 8));
      device_writes.push_back({pa, v});
      return true;
    }
    std::memcpy(ram_.data() + (pa - base_), in, len);
    return true;
  }
  void send_ipi(unsigned hart) override { ipis_sent.push_back(hart); }
  void clear_ipi() override {}
  void set_timer(uint64_t) override {}
  void flush_tlb() override { ++tlb_flushes; }
  void shootdown_tlb(unsigned hart, uint64_t remote_cycles) override { shootdowns.push_back({hart, remote_cycles}); }
  void uipi_send(uint64_t) override {}
  void senduipi(uint64_t) override {}

 private:
  bool in_ram(uint64_t pa, uint64_t len) const { return pa >= base_ && pa - base_ + len <= ram_.size(); }
  unsigned id_;
  std::vector<uint8_t>& ram_;
  uint64_t base_;
};

// A platform description for a kernel on recording ports: 100 MHz cores, a 10 MHz timebase,
// and halts, console output and deadlock reports ignored (the callers inspect state instead).
inline kernel::PlatformInfo quiet_platform_info(uint64_t ram_base, uint64_t ram_size) {
  kernel::PlatformInfo info;
  info.ram_base = ram_base;
  info.ram_size = ram_size;
  info.clock_hz = 100000000;
  info.timebase_hz = 10000000;
  info.halt = [](int) {};
  info.console = [](const char*, size_t) {};
  info.deadlock = [](const std::string&) {};
  return info;
}

}  // namespace uintrsim::test
