// Parameters of the user-interrupt hardware as the hart sees it (the uipi.* instructions)
// and of the UINTC controller. Where the public designs disagree (docs/hardware-uintr.md), each
// choice is a knob; the defaults follow docs/architecture.md.
#pragma once
#include <cstdint>

#include "sim/uintr/posted_params.h"
#include "workloads/include/uintrsim/devices.h"

namespace uintrsim {

class ParamRegistry;
class Config;

struct UintrParams {
  // Sender table: entry address = (suist.PPN << 12) + index * stride.
  unsigned uist_stride = 8;        // bytes (QEMU/Linux); 256 in the Rocket RTL
  // Send checks: qemu = suist.Enable, Size bound and entry Valid (each failing as a no-op);
  // rtl = suist.Enable only (the Rocket engine neither bounds the index nor checks Valid).
  bool qemu_send_checks = true;
  uint64_t uintc_base = UINTRSIM_DEFAULT_UINTC_BASE;
  unsigned uintc_entries = UINTRSIM_DEFAULT_UINTC_ENTRIES;
  // uintr.arch = posted and its parameters (docs/uintr-posted.md); disabled by default.
  PostedParams posted;

  static void declare(ParamRegistry& reg);
  static UintrParams from_config(const Config& cfg);
};

// UINTC register offsets inside an entry's 0x20-byte window (workloads/include/uintrsim/devices.h:
// kLow = READ_LOW/WRITE_LOW, kHigh = READ_HIGH/WRITE_HIGH, kActive = GET_ACTIVE/SET_ACTIVE).
namespace uintc_reg {
constexpr uint64_t kEntryBytes = UINTRSIM_UINTC_ENTRY_BYTES;
constexpr uint64_t kSend = UINTRSIM_UINTC_SEND, kLow = UINTRSIM_UINTC_LOW, kHigh = UINTRSIM_UINTC_HIGH,
                   kActive = UINTRSIM_UINTC_ACTIVE;
}  // namespace uintc_reg

}  // namespace uintrsim
