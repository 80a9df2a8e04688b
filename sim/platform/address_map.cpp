#include "sim/platform/address_map.h"

#include <cstdio>
#include <string>
#include <vector>

#include "sim/platform/platform.h"
#include "sim/uintr/uintr_params.h"
#include "workloads/include/uintrsim/devices.h"

namespace uintrsim {
namespace {

constexpr uint64_t kPage = 4096;

std::string hex(uint64_t v) {
  char b[24];
  std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
  return b;
}

struct Window {
  std::string what;  // "the CLINT"
  std::string keys;  // "platform.clint_base"
  std::string key;   // the key whose origin locates the error
  uint64_t base, size;
  bool from_elf = false;
  uint64_t end() const { return base + size; }  // bases are at most 2^62, sizes small: no wrap
  std::string range() const { return "[" + hex(base) + ", " + hex(end()) + ")"; }
};

bool overlap(uint64_t a, uint64_t an, uint64_t b, uint64_t bn) { return a < b + bn && b < a + an; }

}  // namespace

void check_address_map(const Config& cfg, const PlatformParams& pp, const UintrParams& up, const ElfFile& elf,
                       const HtifWindows& htif) {
  std::vector<Window> devices = {
      {"RAM", "platform.ram_base, platform.ram_size", "platform.ram_base", pp.ram_base, pp.ram_size},
      {"the CLINT", "platform.clint_base", "platform.clint_base", pp.clint_base, UINTRSIM_CLINT_SIZE},
      {"the sim-control device", "platform.simctrl_base", "platform.simctrl_base", pp.simctrl_base,
       UINTRSIM_SIMCTRL_SIZE},
      {"the UINTC", "uintc.base, uintc.entries", "uintc.base", up.uintc_base,
       uint64_t(up.uintc_entries) * UINTRSIM_UINTC_ENTRY_BYTES},
  };
  if (up.posted.enabled)
    devices.push_back({"the notification device", "uintr.posted.notify_base", "uintr.posted.notify_base",
                       up.posted.notify_base, UINTRSIM_UNOTIFY_SIZE});
  // Device pages are mapped (and taken out of direct RAM access) a page at a time.
  for (const char* key : {"platform.clint_base", "platform.simctrl_base"}) {
    const uint64_t base = cfg.get_uint(key);
    if (base % kPage)
      throw ConfigError(cfg.origin(key) + ": " + key + " = " + hex(base) + " is not 4 KiB aligned");
  }
  for (size_t i = 0; i < devices.size(); ++i)
    for (size_t j = i + 1; j < devices.size(); ++j) {
      const Window &a = devices[i], &b = devices[j];
      if (!overlap(a.base, a.size, b.base, b.size)) continue;
      const std::string where = cfg.origin(b.key) == "default" ? cfg.origin(a.key) : cfg.origin(b.key);
      throw ConfigError(where + ": " + b.what + " " + b.range() + " (" + b.keys + ") overlaps " + a.what + " " +
                        a.range() + " (" + a.keys + ")");
    }

  std::vector<Window> words;
  if (htif.tohost) words.push_back({"symbol 'tohost'", "", "", *htif.tohost, 8, true});
  if (htif.fromhost) words.push_back({"symbol 'fromhost'", "", "", *htif.fromhost, 8, true});
  for (const Window& w : words) {
    const std::string at = elf.path + ": the HTIF word at " + w.what + " " + w.range();
    if (w.base % 8) throw ElfError(at + " is not 8-byte aligned");
    if (w.base > ~uint64_t(0) - 8) throw ElfError(at + " wraps around the address space");
    for (const Window& d : devices) {
      if (d.what == "RAM" || !overlap(w.base, w.size, d.base, d.size)) continue;
      throw ElfError(at + " overlaps " + d.what + " " + d.range() + " (" + d.keys + ")");
    }
    // Its page is routed to the HTIF device instead of RAM's direct access: no instruction
    // can be fetched from it.
    const uint64_t page = w.base & ~(kPage - 1);
    for (const ElfSegment& s : elf.segments) {
      if (!s.executable || s.memsz == 0) continue;
      if (overlap(page, kPage, s.paddr, s.memsz))
        throw ElfError(at + " lies in a page of the executable segment [" + hex(s.paddr) + ", " +
                       hex(s.paddr + s.memsz) + ")" +
                       (elf.entry >= page && elf.entry - page < kPage ? ", at the entry point" : "") +
                       "; instructions cannot be fetched from the HTIF page (put tohost/fromhost in a "
                       "page of their own, as riscv-tests' .tohost section does)");
    }
  }
  if (htif.tohost && htif.fromhost && overlap(*htif.tohost, 8, *htif.fromhost, 8))
    throw ElfError(elf.path + ": symbols 'tohost' and 'fromhost' overlap (" + hex(*htif.tohost) + ", " +
                   hex(*htif.fromhost) + ")");
}

}  // namespace uintrsim
