// A kernel model on its port alone, for unit tests of the kernel's parts: each hart is a
// KernelPort over a plain RAM buffer that records what the kernel does to the machine
// (returns to user, IPIs, fences, shootdowns, CSR writes). A "guest" is simulated by setting
// the trapped registers and entering the kernel as the hart's trap would.
#pragma once
#include <cstring>
#include <map>
#include <memory>
#include <vector>

#include "kernel_model/kernel.h"
#include "sim/mem/sv39_walk.h"

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

 private:
  bool in_ram(uint64_t pa, uint64_t len) const { return pa >= base_ && pa - base_ + len <= ram_.size(); }
  unsigned id_;
  std::vector<uint8_t>& ram_;
  uint64_t base_;
};

// The kernel booted with a one-page root task at kEntry on `harts` recording ports.
struct KernelRig {
  static constexpr uint64_t kRamBase = 0x80000000, kRamSize = 16 << 20;
  static constexpr uint64_t kEntry = 0x10000;
  std::vector<uint8_t> ram = std::vector<uint8_t>(kRamSize);
  std::vector<std::unique_ptr<RecordingPort>> ports;
  KernelParams params;
  std::unique_ptr<kernel::Kernel> k;
  ElfFile elf;
  seL4_BootInfo bootinfo{};

  explicit KernelRig(unsigned harts = 1, KernelParams p = {}) : params(p) {
    kernel::PlatformInfo info;
    info.ram_base = kRamBase;
    info.ram_size = kRamSize;
    info.clock_hz = 100000000;
    info.timebase_hz = 10000000;
    info.halt = [](int) {};
    info.console = [](const char*, size_t) {};
    info.deadlock = [](const std::string&) {};
    k = std::make_unique<kernel::Kernel>(params, info, harts);
    std::vector<kernel::KernelPort*> v;
    for (unsigned h = 0; h < harts; ++h) {
      ports.push_back(std::make_unique<RecordingPort>(h, ram, kRamBase));
      v.push_back(ports.back().get());
    }
    k->connect(v);
    ElfSegment seg;
    seg.vaddr = seg.paddr = kEntry;
    seg.memsz = 4096;
    seg.data = {0x13, 0x05, 0x10, 0x00, 0xde, 0xad, 0xbe, 0xef};  // addi a0, zero, 1; a marker
    seg.readable = seg.executable = true;
    elf.path = "rig";
    elf.entry = kEntry;
    elf.segments.push_back(seg);
    k->boot(elf);
    RecordingPort& p0 = port(0);
    read_user(p0.regs[10], &bootinfo, sizeof bootinfo);
  }

  RecordingPort& port(unsigned h) { return *ports.at(h); }
  uint64_t root_pt(unsigned h = 0) { return UINTRSIM_SATP_ROOT(port(h).csr[rv::csr::satp]); }
  // The leaf (or where the walk ended) for `va` in the VSpace loaded on hart h.
  sv39::WalkResult walk(uint64_t va, unsigned h = 0) {
    return sv39::walk(root_pt(h), va, [&](uint64_t pa, uint64_t* pte) { return port(h).phys_read(pa, pte, 8); });
  }
  void read_user(uint64_t va, void* out, unsigned len) {
    const sv39::WalkResult w = walk(va);
    REQUIRE(w.leaf());
    std::memcpy(out, ram.data() + (w.pa(va) - kRamBase), len);
  }
  uint64_t ipc_buffer_pa() { return walk(bootinfo.ipcBuffer).pa(bootinfo.ipcBuffer); }

  // The thread on hart h traps with syscall `sys` (a0 = cptr, a1 = message info, MRs in
  // a2..a5 then the IPC buffer, extra caps in the IPC buffer). Returns the reply's info.
  seL4_MessageInfo_t syscall(unsigned h, int64_t sys, uint64_t cptr, uint64_t label, std::vector<uint64_t> mrs = {},
                             std::vector<uint64_t> caps = {}) {
    RecordingPort& p = port(h);
    REQUIRE(p.state == RecordingPort::State::kUser);
    p.regs[kernel::kA0] = cptr;
    p.regs[kernel::kA1] = seL4_MessageInfo_new(label, 0, caps.size(), mrs.size()).words[0];
    p.regs[kernel::kA7] = uint64_t(sys);
    for (size_t i = 0; i < mrs.size(); ++i) {
      if (i < seL4_FastMessageRegisters) p.regs[kernel::kA2 + i] = mrs[i];
      else std::memcpy(&ram[ipc_buffer_pa() + offsetof(seL4_IPCBuffer, msg) + 8 * i - kRamBase], &mrs[i], 8);
    }
    for (size_t i = 0; i < caps.size(); ++i)
      std::memcpy(&ram[ipc_buffer_pa() + offsetof(seL4_IPCBuffer, caps_or_badges) + 8 * i - kRamBase], &caps[i], 8);
    k->on_supervisor_trap(p, rv::kEcallU, 0, p.user_pc);
    return seL4_MessageInfo_t{{p.regs[kernel::kA1]}};
  }
  seL4_Error call(uint64_t cptr, uint64_t label, std::vector<uint64_t> mrs = {}, std::vector<uint64_t> caps = {}) {
    return seL4_Error(seL4_MessageInfo_get_label(syscall(0, seL4_SysCall, cptr, label, std::move(mrs), std::move(caps))));
  }
  // Retypes one object of `type` from the first untyped into root-CNode slot `slot`.
  seL4_Error retype(uint64_t type, uint64_t slot, uint64_t size_bits = 0) {
    return call(bootinfo.untyped.start, UntypedRetype, {type, size_bits, 0, 0, slot, 1}, {seL4_CapInitThreadCNode});
  }
  uint64_t free_slot(unsigned i) const { return bootinfo.empty.start + i; }
};

}  // namespace uintrsim::test
