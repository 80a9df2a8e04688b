// libFuzzer target: the guest-visible device interface. A guest can store anything to any
// device offset with any width, at any time, so the input is a program of MMIO accesses
// (12 bytes each) against fresh instances of the sim-control device, the HTIF, the CLINT, the
// TLM UINTC (both line semantics) and the posted architecture's notification device, wired as
// the platform wires them but without a hart:
// interrupt lines go to a recorder, the HTIF's guest memory is a buffer filled from the input.
// A device answers bad accesses with a TLM error status or a documented effect; a crash, a
// sanitizer report or an exception other than the documented ones is a defect.
//
// Access record: [0] device (bits 1:0: sim-control, HTIF, CLINT, UINTC; bit 4 set: the
// notification device) | write (bit 7) | far offset (bit 6: use value's
// high bytes as the offset, to reach beyond the window); [1] length (mod 9, 0..8);
// [2..3] offset; [4..11] value (little-endian); the time advances by [1] >> 4 ns.
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>

#include "sim/config/config.h"
#include "sim/devices/clint.h"
#include "sim/devices/htif.h"
#include "sim/devices/irq_target.h"
#include "sim/devices/sim_control.h"
#include "sim/platform/clock.h"
#include "sim/platform/platform.h"
#include "sim/platform/workload_args.h"
#include "sim/uintr/uintc.h"
#include "sim/uintr/unotify.h"
#include "kernel_model/kernel_params.h"
#include "tests/fuzz/fuzz_registry.h"

namespace {

using namespace uintrsim;
using sc_core::sc_time;
using sc_core::SC_NS;

constexpr unsigned kHarts = 4;
constexpr uint64_t kRamBase = 0x80000000, kRamBytes = 64 << 10;

// Interrupt lines: only checks that every call names an interrupt a hart has.
struct LineRecorder : IrqTarget {
  uint64_t calls = 0;
  void set_irq(unsigned irq, bool) override { check(irq); }
  void schedule_irq(unsigned irq, const sc_time&) override { check(irq); }
  void cancel_scheduled_irq(unsigned irq) override { check(irq); }
  void post_irq(unsigned irq) override { check(irq); }
  void check(unsigned irq) {
    ++calls;
    if (irq >= 64) __builtin_trap();  // a device named an interrupt no hart has
  }
};

using fuzz::registry;

struct Devices {
  Config cfg{registry()};
  WorkloadArgs args;
  std::vector<uint8_t> ram;
  Clock clock{100000000, 10000000};
  LineRecorder lines[kHarts];
  std::unique_ptr<SimControl> simctrl;
  std::unique_ptr<Htif> htif;
  std::unique_ptr<Clint> clint;
  std::unique_ptr<Uintc> uintc;
  std::unique_ptr<Unotify> unotify;
  uint64_t console_bytes = 0;

  Devices(const uint8_t* data, size_t size, bool sticky) : ram(kRamBytes) {
    // Guest memory holds the input itself, so proxied syscalls read fuzzed blocks.
    for (size_t i = 0; i < ram.size() && size; ++i) ram[i] = data[i % size];
    cfg.set_override("workload.args.frames=4");
    cfg.set_override("workload.args.label=\"fuzz\"");
    args = WorkloadArgs(cfg);
    SimControl::Hooks hooks;
    hooks.on_command = [](SimControl::Reg, uint64_t, const sc_time&) {};
    hooks.on_bad_argument = [](const std::string&) {};
    simctrl = std::make_unique<SimControl>("simctrl", kHarts, 0x2F10000, args, sc_time(1, SC_NS), hooks);
    htif = std::make_unique<Htif>(
        "htif",
        [this](bool write, uint64_t pa, void* d, unsigned len) {
          if (pa < kRamBase || pa - kRamBase > kRamBytes || len > kRamBytes - (pa - kRamBase)) return false;
          uint8_t* host = ram.data() + (pa - kRamBase);
          if (write) std::memcpy(host, d, len);
          else std::memcpy(d, host, len);
          return true;
        },
        [](uint64_t) {}, [this](const char*, size_t n) { console_bytes += n; });
    clint = std::make_unique<Clint>("clint", kHarts, clock, sc_time(2, SC_NS));
    UintcDevice::Params up;
    up.entries = 16;
    up.line_latency = sc_time(1, SC_NS);
    up.clock_period = sc_time(10, SC_NS);
    up.sticky_line = sticky;
    uintc = std::make_unique<Uintc>("uintc", kHarts, up);
    unotify = std::make_unique<Unotify>("unotify", kHarts, sc_time(3, SC_NS));
    for (unsigned h = 0; h < kHarts; ++h) {
      clint->connect(h, &lines[h]);
      uintc->connect(h, &lines[h]);
      unotify->connect(h, &lines[h]);
    }
  }

  void access(unsigned device, bool write, uint64_t offset, unsigned len, uint64_t value, sc_time at) {
    uint8_t buf[8];
    std::memcpy(buf, &value, 8);
    tlm::tlm_generic_payload tx;
    tx.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    tx.set_address(offset);
    tx.set_data_ptr(buf);
    tx.set_data_length(len);
    tx.set_streaming_width(len);
    tx.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_time delay = at;
    switch (device) {
      case 0: simctrl->socket.get_base_interface().b_transport(tx, delay); break;
      case 1: htif->socket.get_base_interface().b_transport(tx, delay); break;
      case 2: clint->socket.get_base_interface().b_transport(tx, delay); break;
      case 3: uintc->socket.get_base_interface().b_transport(tx, delay); break;
      default: unotify->socket.get_base_interface().b_transport(tx, delay); break;
    }
    if (tx.get_response_status() == tlm::TLM_INCOMPLETE_RESPONSE) __builtin_trap();  // no answer
    if (delay < at) __builtin_trap();  // time went backwards
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 12 * 4096) return 0;  // longer programs say nothing new and only slow the search
  Devices d(data, size, size && (data[0] & 0x20));
  sc_time now = sc_core::SC_ZERO_TIME;
  for (size_t i = 0; i + 12 <= size; i += 12) {
    const uint8_t* r = data + i;
    uint64_t value;
    std::memcpy(&value, r + 4, 8);
    uint64_t offset = uint64_t(r[2]) | uint64_t(r[3]) << 8;
    if (r[0] & 0x40) offset = value;  // anywhere in the 64-bit window, including past its end
    now += sc_time(double(r[1] >> 4), SC_NS);
    d.access((r[0] & 3) | (r[0] & 0x10 ? 4 : 0), r[0] & 0x80, offset, r[1] % 9, value, now);
  }
  return 0;
}
