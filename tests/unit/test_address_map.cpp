// The platform's address map is checked before anything is built (sim/platform/address_map.h):
// device windows that overlap RAM or each other, or that are misaligned, are config errors
// naming both keys; HTIF words that are misaligned, overlap a device or share a page with
// instructions are ELF errors naming the symbol. The default map and a riscv-tests-like ELF
// pass.
#include <catch2/catch.hpp>

#include "sim/config/config.h"
#include "sim/platform/address_map.h"
#include "sim/platform/platform.h"
#include "sim/uintr/uintr_params.h"

using namespace uintrsim;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

struct Map {
  ParamRegistry reg;
  Config cfg{reg};
  ElfFile elf;
  HtifWindows htif;
  Map() {
    declare_platform_params(reg);
    elf.path = "g.elf";
    elf.entry = 0x80000000;
    ElfSegment text;
    text.vaddr = text.paddr = 0x80000000;
    text.memsz = 0x800;
    text.executable = text.readable = true;
    elf.segments.push_back(text);
    htif.tohost = 0x80001000;  // a page of its own, as riscv-tests' .tohost section
    htif.fromhost = 0x80001040;
  }
  Map& set(const std::string& s) {
    cfg.set_override(s);
    return *this;
  }
  void check() const {
    check_address_map(cfg, PlatformParams::from_config(cfg), UintrParams::from_config(cfg), elf, htif);
  }
};

}  // namespace

TEST_CASE("address map: the default map and a riscv-tests layout pass", "[address_map]") {
  Map m;
  CHECK_NOTHROW(m.check());
  m.htif = {};
  CHECK_NOTHROW(m.check());
  CHECK_NOTHROW(Map().set("uintc.base=0x3000000").set("uintc.entries=32").check());  // the rocket-fpga board
}

TEST_CASE("address map: overlapping device windows name both keys", "[address_map]") {
  REQUIRE_THROWS_WITH(Map().set("platform.clint_base=0x80000000").check(),
                      "--set platform.clint_base=0x80000000: the CLINT [0x80000000, 0x80010000) "
                      "(platform.clint_base) overlaps RAM [0x80000000, 0x90000000) (platform.ram_base, "
                      "platform.ram_size)");
  REQUIRE_THROWS_WITH(Map().set("uintc.base=0x8fffffe0").check(),
                      StartsWith("--set uintc.base=0x8fffffe0: the UINTC [0x8fffffe0, 0x90003fe0) (uintc.base, "
                                 "uintc.entries) overlaps RAM"));
  // The window's size counts: 512 entries of 0x20 bytes reach from 0x10000000 into sim-control.
  REQUIRE_THROWS_WITH(Map().set("uintc.base=0x1000f000").check(),
                      Contains("the UINTC [0x1000f000, 0x10013000) (uintc.base, uintc.entries) overlaps the "
                               "sim-control device [0x10010000, 0x10011000) (platform.simctrl_base)"));
  REQUIRE_THROWS_WITH(Map().set("platform.simctrl_base=0x2008000").check(),
                      Contains("the sim-control device [0x2008000, 0x2009000) (platform.simctrl_base) overlaps "
                               "the CLINT [0x2000000, 0x2010000) (platform.clint_base)"));
  // Moving RAM onto a device is the same error, located at the RAM setting.
  REQUIRE_THROWS_WITH(Map().set("platform.ram_base=0x2000000").check(),
                      StartsWith("--set platform.ram_base=0x2000000: the CLINT"));
}

TEST_CASE("address map: device bases must be page aligned", "[address_map]") {
  REQUIRE_THROWS_WITH(Map().set("platform.simctrl_base=0x10010003").check(),
                      "--set platform.simctrl_base=0x10010003: platform.simctrl_base = 0x10010003 is not 4 KiB aligned");
  REQUIRE_THROWS_WITH(Map().set("platform.clint_base=0x2000800").check(), Contains("is not 4 KiB aligned"));
}

TEST_CASE("address map: the HTIF words", "[address_map]") {
  Map m;
  m.htif.tohost = 0x80001004;
  REQUIRE_THROWS_WITH(m.check(), "g.elf: the HTIF word at symbol 'tohost' [0x80001004, 0x8000100c) is not 8-byte aligned");
  m.htif.tohost = 0x2004000;  // on the CLINT's mtimecmp
  REQUIRE_THROWS_WITH(m.check(), "g.elf: the HTIF word at symbol 'tohost' [0x2004000, 0x2004008) overlaps the CLINT "
                                 "[0x2000000, 0x2010000) (platform.clint_base)");
  m.htif.tohost = 0x80000000;  // the entry point
  REQUIRE_THROWS_WITH(m.check(), Contains("lies in a page of the executable segment [0x80000000, 0x80000800), at "
                                          "the entry point; instructions cannot be fetched from the HTIF page"));
  ElfSegment more;  // code in another page than the entry's
  more.vaddr = more.paddr = 0x80003000;
  more.memsz = 0x100;
  more.executable = true;
  m.elf.segments.push_back(more);
  m.htif.tohost = 0x80003ff0;
  REQUIRE_THROWS_WITH(m.check(), Contains("lies in a page of the executable segment [0x80003000, 0x80003100); "
                                          "instructions cannot"));
  m.htif.tohost = 0x80001000;
  m.htif.fromhost = 0x80001000;
  REQUIRE_THROWS_WITH(m.check(), Contains("symbols 'tohost' and 'fromhost' overlap"));
}
