#include "sim/loader/symbolizer.h"

#include <algorithm>
#include <cstdio>

namespace uintrsim {

Symbolizer::Symbolizer(const ElfFile& elf) {
  for (const ElfSegment& s : elf.segments)
    if (s.executable && s.memsz) exec_.emplace_back(s.vaddr, s.vaddr + s.memsz);
  for (const ElfSymbol& e : elf.symbol_table) {
    if (e.absolute || e.type == 1 /* STT_OBJECT */) continue;
    if (e.name.rfind(".L", 0) == 0 || e.name[0] == '$') continue;
    syms_.push_back({e.value, e.size, e.type == 2 /* STT_FUNC */, e.global, e.name});
  }
  // By address; at one address the preferred name first: a function, then a global symbol.
  std::stable_sort(syms_.begin(), syms_.end(), [](const Sym& a, const Sym& b) {
    if (a.value != b.value) return a.value < b.value;
    if (a.func != b.func) return a.func;
    return a.global && !b.global;
  });
}

std::optional<Symbolizer::Location> Symbolizer::lookup(uint64_t pc) const {
  const auto segment = std::find_if(exec_.begin(), exec_.end(), [pc](const auto& r) { return pc >= r.first && pc < r.second; });
  // Downwards from the last symbol at or below pc: the first that covers pc wins. A sized
  // function covers its own range; a label (or a function of size 0) covers what follows it
  // in its executable segment. At one address the preferred name comes first in syms_.
  auto it = std::upper_bound(syms_.begin(), syms_.end(), pc, [](uint64_t v, const Sym& s) { return v < s.value; });
  while (it != syms_.begin()) {
    --it;
    const bool covers = it->func && it->size
                            ? pc - it->value < it->size
                            : segment != exec_.end() && it->value >= segment->first;
    if (!covers) continue;
    auto first = std::lower_bound(syms_.begin(), it, it->value, [](const Sym& s, uint64_t v) { return s.value < v; });
    for (; first != it; ++first)  // a preferred name at the same address that covers pc too
      if (first->func && first->size ? pc - first->value < first->size : segment != exec_.end()) break;
    return Location{first->name, pc - first->value};
  }
  return std::nullopt;
}

std::string Symbolizer::symbol(uint64_t pc) const {
  const auto l = lookup(pc);
  if (!l) return "";
  if (l->offset == 0) return l->name;
  char b[24];
  std::snprintf(b, sizeof b, "+0x%llx", static_cast<unsigned long long>(l->offset));
  return l->name + b;
}

std::string Symbolizer::describe(uint64_t pc) const {
  char b[24];
  std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(pc));
  const std::string s = symbol(pc);
  return s.empty() ? std::string(b) : std::string(b) + " <" + s + ">";
}

}  // namespace uintrsim
