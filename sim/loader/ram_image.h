// Copying an executable into RAM: every PT_LOAD segment at its physical address, its file
// bytes then zeros up to p_memsz (.bss). The one place that decides whether a segment fits,
// shared by the platform and the ELF fuzz target.
#pragma once
#include <cstdint>

#include "sim/loader/elf_file.h"

namespace uintrsim {

// Throws ElfError naming the segment and the RAM window (platform.ram_base/ram_size) when a
// segment does not lie inside [ram_base, ram_base + ram_size); `ram` holds ram_size bytes.
void copy_segments_to_ram(const ElfFile& elf, uint64_t ram_base, uint64_t ram_size, uint8_t* ram);

}  // namespace uintrsim
