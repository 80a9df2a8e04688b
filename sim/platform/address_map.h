// The physical address map of a platform, checked before anything is built: RAM and the
// device windows (CLINT, sim-control, UINTC) may not overlap and must be aligned, and the
// HTIF words found through the ELF's symbols may not overlap a device or share a page with
// instructions (the HTIF page is taken out of RAM's direct access, so code there could not be
// fetched). Errors are ConfigError (naming both keys) or ElfError (naming the symbol).
#pragma once
#include <cstdint>
#include <optional>

#include "sim/config/config.h"
#include "sim/loader/elf_file.h"

namespace uintrsim {

struct PlatformParams;
struct UintrParams;

struct HtifWindows {
  std::optional<uint64_t> tohost, fromhost;  // physical addresses of the 8-byte words
};

void check_address_map(const Config& cfg, const PlatformParams& pp, const UintrParams& up, const ElfFile& elf,
                       const HtifWindows& htif);

}  // namespace uintrsim
