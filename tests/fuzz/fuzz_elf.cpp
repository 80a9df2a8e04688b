// libFuzzer target: the ELF loader and everything that consumes its result. The input is a
// file as `--elf` would read it: it is parsed, symbolized, checked against the default
// platform's address map, copied into RAM by physical address, and booted as an seL4 root
// task by the kernel model (on recording ports, without SystemC). ElfError and ConfigError
// are the expected answers to bad files; a crash, a sanitizer report or any other exception
// is a defect.
#include <cstdint>
#include <vector>

#include "kernel_model/kernel.h"
#include "kernel_model/kernel_params.h"
#include "tests/fuzz/fuzz_registry.h"
#include "sim/config/config.h"
#include "sim/loader/elf_file.h"
#include "sim/loader/ram_image.h"
#include "sim/loader/symbolizer.h"
#include "sim/platform/address_map.h"
#include "sim/platform/platform.h"
#include "sim/uintr/uintr_params.h"
#include "tests/unit/recording_port.h"

namespace {

using namespace uintrsim;

constexpr uint64_t kRamBase = 0x80000000, kRamSize = 8 << 20;

const Config& default_config() {
  static const Config cfg(fuzz::registry());
  return cfg;
}

void symbolize(const ElfFile& elf) {
  const Symbolizer sym(elf);
  (void)sym.describe(elf.entry);
  for (const ElfSegment& s : elf.segments) {
    (void)sym.describe(s.vaddr);
    (void)sym.describe(s.vaddr + s.memsz);
  }
  for (const ElfSymbol& s : elf.symbol_table) (void)sym.describe(s.value + s.size / 2);
}

void boot_root_task(const ElfFile& elf) {
  std::vector<uint8_t> ram(kRamSize);
  KernelParams params;
  kernel::Kernel k(params, test::quiet_platform_info(kRamBase, kRamSize), 1);
  test::RecordingPort port(0, ram, kRamBase);
  k.connect({&port});
  k.boot(elf);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ElfFile elf;
  try {
    elf = ElfFile::parse(std::vector<uint8_t>(data, data + size), "fuzz.elf");
  } catch (const ElfError&) {
    return 0;
  }
  symbolize(elf);
  const Config& cfg = default_config();
  try {
    // As the platform finds them: fromhost only with tohost.
    HtifWindows htif{elf.symbol("tohost"), elf.symbol("tohost") ? elf.symbol("fromhost") : std::nullopt};
    check_address_map(cfg, PlatformParams::from_config(cfg), UintrParams::from_config(cfg), elf, htif);
  } catch (const ElfError&) {
  } catch (const ConfigError&) {
  }
  try {
    std::vector<uint8_t> ram(kRamSize);
    copy_segments_to_ram(elf, kRamBase, kRamSize, ram.data());
  } catch (const ElfError&) {
  }
  try {
    boot_root_task(elf);
  } catch (const ElfError&) {
  } catch (const ConfigError&) {
  }
  return 0;
}
