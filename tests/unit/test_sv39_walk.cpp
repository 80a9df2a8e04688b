// The shared Sv39 walker (sim/mem/sv39_walk.h) on page tables built in a fake physical
// memory: 4 KiB, 2 MiB and 1 GiB leaves, stopping at a level, invalid entries of each kind,
// an unreadable PTE, and a misaligned superpage (reported as a leaf; the caller decides).
// Expected addresses are written out from the privileged spec's Sv39 layout (VPN[2] = VA
// bits 38:30, VPN[1] = 29:21, VPN[0] = 20:12; PTE PPN at bits 53:10), not derived from the
// header under test.
#include <catch2/catch.hpp>

#include <map>
#include <vector>

#include "sim/mem/sv39_walk.h"

using namespace uintrsim;
using sv39::PteKind;

namespace {

constexpr uint64_t kRoot = 0x80000000, kL1 = 0x80001000, kL0 = 0x80002000;
constexpr uint64_t kV = 1, kR = 2, kW = 4, kX = 8, kU = 16, kA = 64, kD = 128;
constexpr uint64_t pte(uint64_t pa, uint64_t flags) { return ((pa >> 12) << 10) | flags; }

struct Memory {
  std::map<uint64_t, uint64_t> words;  // physical address -> PTE; anything else is unreadable
  std::vector<uint64_t> reads;         // every PTE address the walker asked for
  void put(uint64_t pa, uint64_t v) { words[pa] = v; }
  auto reader() {
    return [this](uint64_t pa, uint64_t* v) {
      reads.push_back(pa);
      auto it = words.find(pa);
      if (it == words.end()) return false;
      *v = it->second;
      return true;
    };
  }
};

// VA 0x40000000 + ...: root[1] -> L1; L1[0] -> L0; L0[3] a 4 KiB page; L1[5] a 2 MiB page.
// VA 0x80000000: root[2] a 1 GiB page.
Memory tables() {
  Memory m;
  m.put(kRoot + 8 * 1, pte(kL1, kV));
  m.put(kRoot + 8 * 2, pte(0xC0000000, kV | kR | kW | kX | kA | kD));
  m.put(kL1 + 8 * 0, pte(kL0, kV));
  m.put(kL1 + 8 * 5, pte(0x90200000, kV | kR | kA));
  m.put(kL0 + 8 * 3, pte(0x81234000, kV | kR | kW | kU | kA | kD));
  return m;
}

}  // namespace

TEST_CASE("sv39 walk: a 4 KiB leaf at level 0", "[sv39]") {
  Memory m = tables();
  const uint64_t va = 0x40003abc;  // VPN2 1, VPN1 0, VPN0 3
  const auto r = sv39::walk(kRoot, va, m.reader());
  CHECK(r.kind == PteKind::kLeaf);
  CHECK(r.leaf());
  CHECK(r.level == 0);
  CHECK(r.pte_pa == kL0 + 3 * 8);
  CHECK(r.pte == pte(0x81234000, kV | kR | kW | kU | kA | kD));
  CHECK(r.ppn() == 0x81234);
  CHECK(r.page_size() == 0x1000);
  CHECK(r.pa(va) == 0x81234abc);
  CHECK(m.reads == std::vector<uint64_t>{kRoot + 8, kL1, kL0 + 24});
  CHECK_FALSE(sv39::misaligned_superpage(r.pte, r.level));
}

TEST_CASE("sv39 walk: a 2 MiB leaf at level 1", "[sv39]") {
  Memory m = tables();
  const uint64_t va = 0x40000000 + 5 * 0x200000 + 0x12345;
  const auto r = sv39::walk(kRoot, va, m.reader());
  CHECK(r.kind == PteKind::kLeaf);
  CHECK(r.level == 1);
  CHECK(r.pte_pa == kL1 + 5 * 8);
  CHECK(r.page_size() == 0x200000);
  CHECK(r.pa(va) == 0x90200000 + 0x12345);
  CHECK(m.reads.size() == 2);
  CHECK_FALSE(sv39::misaligned_superpage(r.pte, r.level));
}

TEST_CASE("sv39 walk: a 1 GiB leaf at level 2", "[sv39]") {
  Memory m = tables();
  const uint64_t va = 0x80000000 + 0x3456789;
  const auto r = sv39::walk(kRoot, va, m.reader());
  CHECK(r.kind == PteKind::kLeaf);
  CHECK(r.level == 2);
  CHECK(r.pte_pa == kRoot + 2 * 8);
  CHECK(r.page_size() == 0x40000000);
  CHECK(r.pa(va) == 0xC0000000 + 0x3456789);
  CHECK(m.reads == std::vector<uint64_t>{kRoot + 16});
}

TEST_CASE("sv39 walk: only VA bits 38:12 select the PTEs", "[sv39]") {
  Memory m = tables();
  // Bit 38 is part of VPN[2]: the canonical upper-half 0xffffffc040003abc indexes root[257].
  auto r = sv39::walk(kRoot, 0xffffffc040003abcull, m.reader());
  CHECK(r.kind == PteKind::kUnreadable);
  CHECK(r.pte_pa == kRoot + 257 * 8);
  // Bits 63:39 are ignored (canonical checks are the caller's).
  r = sv39::walk(kRoot, 0x7f00000040003abcull, m.reader());
  CHECK(r.kind == PteKind::kLeaf);
  CHECK(r.pte_pa == kL0 + 3 * 8);
}

TEST_CASE("sv39 walk: stop level returns the PTE of that level, whatever it holds", "[sv39]") {
  Memory m = tables();
  const uint64_t va = 0x40003abc;
  auto r = sv39::walk(kRoot, va, m.reader(), 2);
  CHECK(r.kind == PteKind::kPointer);
  CHECK(r.level == 2);
  CHECK(r.pte_pa == kRoot + 8);
  CHECK(r.pte == pte(kL1, kV));
  r = sv39::walk(kRoot, va, m.reader(), 1);
  CHECK(r.kind == PteKind::kPointer);
  CHECK(r.level == 1);
  CHECK(r.pte_pa == kL1);
  r = sv39::walk(kRoot, va, m.reader(), 0);
  CHECK(r.kind == PteKind::kLeaf);
  CHECK(r.level == 0);
  // An empty slot at the stop level: invalid, with the slot's address (where to map).
  m.put(kL0 + 8 * 4, 0);
  r = sv39::walk(kRoot, 0x40004000, m.reader(), 0);
  CHECK(r.kind == PteKind::kInvalid);
  CHECK(r.pte_pa == kL0 + 32);
  // A leaf above the stop level ends the walk there.
  r = sv39::walk(kRoot, 0x80000000, m.reader(), 0);
  CHECK(r.kind == PteKind::kLeaf);
  CHECK(r.level == 2);
}

TEST_CASE("sv39 walk: a pointer at level 0 is returned as a pointer (no leaf)", "[sv39]") {
  Memory m = tables();
  m.put(kL0 + 8 * 6, pte(0x80005000, kV));
  const auto r = sv39::walk(kRoot, 0x40006000, m.reader());
  CHECK(r.kind == PteKind::kPointer);
  CHECK(r.level == 0);
  CHECK(m.reads.size() == 3);
}

TEST_CASE("sv39 walk: invalid entries end the walk at their level", "[sv39]") {
  Memory m = tables();
  struct Case { const char* what; uint64_t value; };
  const Case cases[] = {
      {"V clear", pte(0x81000000, kR | kW | kA | kD)},
      {"all zero", 0},
      {"W without R", pte(0x81000000, kV | kW | kA | kD)},
      {"W X without R", pte(0x81000000, kV | kW | kX | kA)},
      {"bit 54 set", pte(0x81000000, kV | kR | kA) | (1ull << 54)},
      {"bit 60 set", pte(0x81000000, kV | kR | kA) | (1ull << 60)},
      {"N (bit 63) set", pte(0x81000000, kV | kR | kA) | (1ull << 63)},
      {"PBMT (bits 62:61) set", pte(0x81000000, kV | kR | kA) | (1ull << 61)},
      {"pointer with A", pte(kL0, kV | kA)},
      {"pointer with D", pte(kL0, kV | kD)},
      {"pointer with U", pte(kL0, kV | kU)},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    m.put(kL1 + 8 * 7, c.value);
    m.reads.clear();
    const auto r = sv39::walk(kRoot, 0x40000000 + 7 * 0x200000, m.reader());
    CHECK(r.kind == PteKind::kInvalid);
    CHECK(r.level == 1);
    CHECK(r.pte_pa == kL1 + 56);
    CHECK(r.pte == c.value);
    CHECK(m.reads.size() == 2);
    CHECK(sv39::classify(c.value) == PteKind::kInvalid);
  }
  // Bits the classification ignores: G and RSW (9:8) on a leaf; G on a pointer.
  CHECK(sv39::classify(pte(0x81000000, kV | kR | 0x20 | 0x300)) == PteKind::kLeaf);
  CHECK(sv39::classify(pte(0x81000000, kV | kX)) == PteKind::kLeaf);
  CHECK(sv39::classify(pte(0x81000000, kV | 0x20)) == PteKind::kPointer);
}

TEST_CASE("sv39 walk: an unreadable PTE stops the walk with its address", "[sv39]") {
  Memory m = tables();
  m.put(kRoot + 8 * 3, pte(0x70000000, kV));  // a table outside the readable memory
  const uint64_t va = 0xC0000000 + 9 * 0x200000;
  const auto r = sv39::walk(kRoot, va, m.reader());
  CHECK(r.kind == PteKind::kUnreadable);
  CHECK(r.level == 1);
  CHECK(r.pte_pa == 0x70000000 + 9 * 8);
  CHECK(r.pte == 0);
  CHECK(m.reads == std::vector<uint64_t>{kRoot + 24, 0x70000000 + 72});
  // The root itself unreadable.
  const auto r2 = sv39::walk(0x10000000, va, m.reader());
  CHECK(r2.kind == PteKind::kUnreadable);
  CHECK(r2.level == 2);
  CHECK(r2.pte_pa == 0x10000000 + 3 * 8);
}

TEST_CASE("sv39 walk: a misaligned superpage is a leaf, misaligned_superpage() tells", "[sv39]") {
  // The walker reports it (the kernel model inspects entries); the spec's page fault is the
  // hart's decision (Hart::walk checks misaligned_superpage()).
  Memory m = tables();
  m.put(kRoot + 8 * 4, pte(0x80200000, kV | kR | kW | kA | kD));  // 1 GiB leaf at a 2 MiB boundary
  m.put(kL1 + 8 * 8, pte(0x90201000, kV | kR | kA));              // 2 MiB leaf at a 4 KiB boundary
  auto r = sv39::walk(kRoot, 0x100000000ull, m.reader());
  CHECK(r.kind == PteKind::kLeaf);
  CHECK(r.level == 2);
  CHECK(sv39::misaligned_superpage(r.pte, r.level));
  r = sv39::walk(kRoot, 0x40000000 + 8 * 0x200000, m.reader());
  CHECK(r.kind == PteKind::kLeaf);
  CHECK(r.level == 1);
  CHECK(sv39::misaligned_superpage(r.pte, r.level));
  CHECK_FALSE(sv39::misaligned_superpage(pte(0x90200000, kV | kR), 1));
  CHECK_FALSE(sv39::misaligned_superpage(pte(0x40000000, kV | kR), 2));
  CHECK_FALSE(sv39::misaligned_superpage(pte(0x90201000, kV | kR), 0));  // 4 KiB: never
}

TEST_CASE("sv39.h: the spec's PTE, VPN and satp layout", "[sv39]") {
  CHECK(UINTRSIM_PTE_V == 0x01);
  CHECK(UINTRSIM_PTE_R == 0x02);
  CHECK(UINTRSIM_PTE_W == 0x04);
  CHECK(UINTRSIM_PTE_X == 0x08);
  CHECK(UINTRSIM_PTE_U == 0x10);
  CHECK(UINTRSIM_PTE_G == 0x20);
  CHECK(UINTRSIM_PTE_A == 0x40);
  CHECK(UINTRSIM_PTE_D == 0x80);
  CHECK(UINTRSIM_SV39_LEVELS == 3);
  CHECK(UINTRSIM_SV39_PAGE_4K == 0x1000);
  CHECK(UINTRSIM_SV39_PAGE_2M == 0x200000);
  CHECK(UINTRSIM_SV39_PAGE_1G == 0x40000000);
  // PPN is PTE bits 53:10.
  CHECK(UINTRSIM_PTE_PPN(0x003ffffffffffc00ull) == 0xfffffffffffull);
  CHECK(UINTRSIM_PTE_PPN(0xffc0000000000000ull | 0x3ffull) == 0);
  CHECK(UINTRSIM_PTE_MAKE(0x81234000ull, 0xcf) == ((0x81234ull << 10) | 0xcf));
  CHECK(UINTRSIM_PTE_ADDR(UINTRSIM_PTE_MAKE(0x81234000ull, 1)) == 0x81234000ull);
  // VPN[2] = VA 38:30, VPN[1] = 29:21, VPN[0] = 20:12.
  const uint64_t va = (0x1a5ull << 30) | (0x0c3ull << 21) | (0x17eull << 12) | 0x123;
  CHECK(UINTRSIM_SV39_VPN(va, 2) == 0x1a5);
  CHECK(UINTRSIM_SV39_VPN(va, 1) == 0x0c3);
  CHECK(UINTRSIM_SV39_VPN(va, 0) == 0x17e);
  CHECK(UINTRSIM_SATP_MODE_SV39 == 0x8000000000000000ull);
  CHECK(UINTRSIM_SATP_ROOT(0x8000000000080123ull | (0x55ull << 44)) == 0x80123000ull);
}
