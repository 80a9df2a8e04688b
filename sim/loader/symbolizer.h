// pc -> "symbol+offset" from an ELF's symbol table, for reports and traces.
//
//   Symbolizer sym(elf);
//   sym.describe(0x80000104)   // "0x80000104 <main+0x14>", or "0x80000104" where no symbol fits
//
// A code address is attributed to the function (STT_FUNC) whose [value, value + size) holds
// it; failing that, to the nearest label at or below it (STT_NOTYPE, as assembly defines
// them, or a function of size 0) inside the same executable segment. Object symbols, absolute
// symbols and local compiler labels (.L*, $x/$d mapping symbols) are never used.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/loader/elf_file.h"

namespace uintrsim {

class Symbolizer {
 public:
  struct Location {
    std::string name;
    uint64_t offset = 0;
  };

  Symbolizer() = default;
  explicit Symbolizer(const ElfFile& elf);

  std::optional<Location> lookup(uint64_t pc) const;
  // "name+0xoff" ("name" at offset 0), or "" where no symbol fits.
  std::string symbol(uint64_t pc) const;
  // "0x<pc> <name+0xoff>", or "0x<pc>" where no symbol fits.
  std::string describe(uint64_t pc) const;
  bool empty() const { return syms_.empty(); }

 private:
  struct Sym {
    uint64_t value, size;
    bool func, global;
    std::string name;
  };
  std::vector<Sym> syms_;  // by value
  std::vector<std::pair<uint64_t, uint64_t>> exec_;  // executable segments [begin, end), by vaddr
};

}  // namespace uintrsim
