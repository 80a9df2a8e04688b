#include "sim/loader/ram_image.h"

#include <cstdio>
#include <cstring>
#include <string>

namespace uintrsim {
namespace {

std::string hex(uint64_t v) {
  char b[24];
  std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
  return b;
}

}  // namespace

void copy_segments_to_ram(const ElfFile& elf, uint64_t ram_base, uint64_t ram_size, uint8_t* ram) {
  for (const auto& s : elf.segments) {
    if (s.memsz == 0) continue;
    // Written so that no sum can wrap: the segment's bounds come from the file.
    if (s.paddr < ram_base || s.paddr - ram_base > ram_size || s.memsz > ram_size - (s.paddr - ram_base))
      throw ElfError(elf.path + ": segment at physical " + hex(s.paddr) + " (" + std::to_string(s.memsz) +
                     " bytes) lies outside RAM [" + hex(ram_base) + ", " + hex(ram_base + ram_size) +
                     "); see platform.ram_base / platform.ram_size");
    uint8_t* dst = ram + (s.paddr - ram_base);
    if (!s.data.empty()) std::memcpy(dst, s.data.data(), s.data.size());  // data() may be null when empty
    std::memset(dst + s.data.size(), 0, s.memsz - s.data.size());
  }
}

}  // namespace uintrsim
