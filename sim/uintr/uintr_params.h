// Parameters of the user-interrupt hardware as the hart sees it (the uipi.* instructions)
// and of the UINTC controller. Where the public designs disagree (specs/uintr.md), each
// choice is a knob; the defaults follow DESIGN.md.
#pragma once
#include <cstdint>

namespace uintrsim {

class ParamRegistry;
class Config;

struct UintrParams {
  // Sender table: entry address = (suist.PPN << 12) + index * stride.
  unsigned uist_stride = 8;        // bytes (QEMU/Linux); 256 in the Rocket RTL
  // Send checks: qemu = suist.Enable, Size bound and entry Valid (each failing as a no-op);
  // rtl = suist.Enable only (the Rocket engine neither bounds the index nor checks Valid).
  bool qemu_send_checks = true;
  uint64_t uintc_base = 0x2F10000;
  unsigned uintc_entries = 512;

  static void declare(ParamRegistry& reg);
  static UintrParams from_config(const Config& cfg);
};

// UINTC register offsets inside an entry's 0x20-byte window.
namespace uintc_reg {
constexpr uint64_t kEntryBytes = 0x20;
constexpr uint64_t kSend = 0x00, kLow = 0x08, kHigh = 0x10, kActive = 0x18;
}  // namespace uintc_reg

}  // namespace uintrsim
