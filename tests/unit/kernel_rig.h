// A kernel model on its port alone, for unit tests of the kernel's parts: each hart is a
// RecordingPort (recording_port.h). A "guest" is simulated by setting the trapped registers
// and entering the kernel as the hart's trap would.
#pragma once
#include <cstring>
#include <map>
#include <memory>
#include <vector>

#include "kernel_model/kernel.h"
#include "tests/unit/recording_port.h"
#include "sim/mem/sv39_walk.h"

namespace uintrsim::test {

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
    k = std::make_unique<kernel::Kernel>(params, quiet_platform_info(kRamBase, kRamSize), harts);
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
