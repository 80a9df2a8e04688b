// The tag-only cache model (hit/miss, LRU, write-back accounting, geometry checks) and the
// TLB model (LRU, superpage coverage, flushes).
#include <catch2/catch.hpp>

#include <limits>
#include <type_traits>

#include "sim/hart/tlb_model.h"
#include "sim/timing/cache_model.h"

using namespace uintrsim;

namespace {
// 2 sets x 2 ways x 64-byte lines = 256 bytes. Lines with even line numbers map to set 0.
CacheParams small_cache() {
  CacheParams p;
  p.size_bytes = 256;
  p.ways = 2;
  p.line_bytes = 64;
  p.miss_latency = 10;
  return p;
}
// Set-0 line addresses.
constexpr uint64_t A = 0x000, B = 0x080, C = 0x100, D = 0x180;
}  // namespace

TEST_CASE("cache: first access misses, later accesses to the line hit", "[cache]") {
  CacheModel c(small_cache());
  CHECK(c.line_shift() == 6);
  CHECK_FALSE(c.access(0x1000, false));
  CHECK(c.access(0x1000, false));
  CHECK(c.access(0x1008, false));
  CHECK(c.access(0x103f, true));
  CHECK_FALSE(c.access(0x1040, false));  // next line
  CHECK(c.access(0x1000, false));        // back to the first: still there (other set)
  CHECK(c.hits == 4);
  CHECK(c.misses == 2);
  CHECK(c.writebacks == 0);
}

TEST_CASE("cache: LRU replacement within a 2-way set", "[cache]") {
  CacheModel c(small_cache());
  CHECK_FALSE(c.access(A, false));  // set 0: {A}
  CHECK_FALSE(c.access(B, false));  // {A, B}
  CHECK(c.access(A, false));        // A most recent
  CHECK_FALSE(c.access(C, false));  // evicts B (LRU): {A, C}
  CHECK(c.access(A, false));
  CHECK(c.access(C, false));        // C most recent
  CHECK_FALSE(c.access(B, false));  // evicts A: {C, B}
  CHECK_FALSE(c.access(A, false));  // evicts C: {B, A}
  CHECK(c.access(B, false));
  CHECK_FALSE(c.access(C, false));  // evicts A
  CHECK(c.hits == 4);
  CHECK(c.misses == 6);
  // The other set is unaffected by all this.
  CHECK_FALSE(c.access(0x40, false));
  CHECK(c.access(0x40, false));
  CHECK(c.access(B, false));
  CHECK(c.access(C, false));
}

TEST_CASE("cache: repeated accesses to one line do not disturb LRU order", "[cache]") {
  CacheModel c(small_cache());
  c.access(A, false);
  c.access(B, false);
  c.access(B + 8, false);  // same line as the previous access
  c.access(B + 16, true);
  CHECK_FALSE(c.access(C, false));  // must evict A (LRU), not B
  CHECK(c.access(B, false));
  CHECK_FALSE(c.access(A, false));
}

TEST_CASE("cache: dirty victims are counted as write-backs, clean ones are not", "[cache]") {
  CacheModel c(small_cache());
  c.access(A, true);   // A dirty
  c.access(B, false);  // B clean
  c.access(C, false);  // evicts A (dirty)
  CHECK(c.writebacks == 1);
  c.access(D, false);  // evicts B (clean)
  CHECK(c.writebacks == 1);
  c.access(C + 4, true);  // hit, C becomes dirty
  c.access(A, false);     // evicts D (clean; C was used more recently)
  CHECK(c.writebacks == 1);
  c.access(B, false);     // evicts C (dirty)
  CHECK(c.writebacks == 2);
  // A line refilled after a dirty eviction starts clean.
  c.access(C, false);  // evicts A (clean)
  c.access(D, false);  // evicts B (clean)
  c.access(A, false);  // evicts C (clean now)
  CHECK(c.writebacks == 2);
}

TEST_CASE("cache: a write hit through the same-line fast path marks the line dirty", "[cache]") {
  CacheModel c(small_cache());
  c.access(A, false);
  c.access(A + 8, true);  // same line as the previous access
  c.access(B, false);
  c.access(C, false);     // evicts A
  CHECK(c.writebacks == 1);
}

TEST_CASE("cache: invalidate_all empties the cache without write-backs", "[cache]") {
  CacheModel c(small_cache());
  c.access(A, true);
  c.access(0x40, true);
  c.invalidate_all();
  CHECK_FALSE(c.access(A, false));
  CHECK_FALSE(c.access(0x40, false));
  CHECK(c.writebacks == 0);
  CHECK(c.misses == 4);
}

TEST_CASE("cache: direct-mapped conflicts and a fully associative configuration", "[cache]") {
  CacheParams p = small_cache();
  p.ways = 1;  // 4 sets
  CacheModel dm(p);
  dm.access(0x000, false);
  dm.access(0x100, false);  // same set (line 4 % 4 == 0): evicts line 0
  CHECK_FALSE(dm.access(0x000, false));
  CHECK(dm.misses == 3);
  p.ways = 4;  // 1 set
  CacheModel fa(p);
  for (uint64_t a : {0x000, 0x040, 0x080, 0x0c0}) CHECK_FALSE(fa.access(a, false));
  for (uint64_t a : {0x000, 0x040, 0x080, 0x0c0}) CHECK(fa.access(a, false));
  CHECK_FALSE(fa.access(0x100, false));  // evicts 0x000
  CHECK_FALSE(fa.access(0x000, false));
}

TEST_CASE("check_cache_params accepts good geometry and rejects bad", "[cache]") {
  CHECK(check_cache_params(CacheParams{}).empty());
  CHECK(check_cache_params(small_cache()).empty());
  CacheParams p = small_cache();
  p.line_bytes = 48;
  CHECK_FALSE(check_cache_params(p).empty());
  p.line_bytes = 4;
  CHECK_FALSE(check_cache_params(p).empty());
  p = small_cache();
  p.ways = 0;
  CHECK_FALSE(check_cache_params(p).empty());
  p = small_cache();
  p.size_bytes = 1000;  // not a multiple of ways x line
  CHECK_FALSE(check_cache_params(p).empty());
  p = small_cache();
  p.size_bytes = 3 * 2 * 64;  // 3 sets
  CHECK_FALSE(check_cache_params(p).empty());
  p = small_cache();
  p.size_bytes = 0;
  CHECK_FALSE(check_cache_params(p).empty());
  p = small_cache();
  p.ways = 3;
  p.size_bytes = 3 * 64 * 4;  // 4 sets of 3 ways: fine
  CHECK(check_cache_params(p).empty());
}

// ---------------------------------------------------------------------------------------------

namespace {
TlbModel::Entry entry(uint64_t vpn, unsigned level = 0, uint64_t ppn = 0x80000) {
  TlbModel::Entry e;
  e.vpn = vpn;
  e.ppn = ppn;
  e.level = level;
  return e;
}
}  // namespace

TEST_CASE("TLB model: hits, misses and LRU replacement", "[cache][mmu]") {
  TlbModel t(2);
  CHECK(t.lookup(1) == nullptr);
  CHECK(t.insert(entry(1)).vpn == ~0ull);  // free slot: nothing displaced
  CHECK(t.insert(entry(2)).vpn == ~0ull);
  REQUIRE(t.lookup(1) != nullptr);  // 1 is now most recent
  CHECK(t.insert(entry(3)).vpn == 2);  // evicts 2
  CHECK(t.lookup(2) == nullptr);
  CHECK(t.lookup(1) != nullptr);
  CHECK(t.lookup(3) != nullptr);
  CHECK(t.insert(entry(4)).vpn == 1);  // 3 was used after 1
  CHECK(t.hits == 3);
  CHECK(t.misses == 2);
}

TEST_CASE("TLB model: superpage entries cover all their 4 KiB pages", "[cache][mmu]") {
  TlbModel t(4);
  t.insert(entry(0x200, 1));        // 2 MiB: vpn 0x200..0x3ff
  t.insert(entry(0x40000, 2));      // 1 GiB: vpn 0x40000..0x7ffff
  TlbModel::Entry* e = t.lookup(0x200 + 5);
  REQUIRE(e != nullptr);
  CHECK(e->level == 1);
  CHECK(e->pages() == 512);
  CHECK(t.lookup(0x3ff) != nullptr);
  CHECK(t.lookup(0x400) == nullptr);
  CHECK(t.lookup(0x1ff) == nullptr);
  CHECK(t.lookup(0x40000 + 0x3ffff) != nullptr);
  CHECK(t.lookup(0x80000) == nullptr);
  // flush_page of any page inside a superpage removes the whole entry.
  t.flush_page(0x2ab);
  CHECK(t.lookup(0x200) == nullptr);
  CHECK(t.lookup(0x40001) != nullptr);
  t.flush();
  CHECK(t.lookup(0x40001) == nullptr);
}

TEST_CASE("TLB model: after a flush, freed slots are refilled before evicting", "[cache][mmu]") {
  TlbModel t(3);
  t.insert(entry(1));
  t.insert(entry(2));
  t.insert(entry(3));
  t.flush_page(2);
  CHECK(t.insert(entry(4)).vpn == ~0ull);
  CHECK(t.lookup(1) != nullptr);
  CHECK(t.lookup(3) != nullptr);
  CHECK(t.lookup(4) != nullptr);
}

// CacheModel and TlbModel stamp every lookup from a clock for LRU. A 32-bit clock wrapped
// after 2^32 lookups (seconds of a long run) and lines stamped just before the wrap then
// looked more recently used than lines touched after it: LRU evicted the wrong line. The
// stamps are 64 bits (2^64 lookups are out of reach), which this checks; crossing a 32-bit
// wrap for real would take 2^32 lookups, too long for the suite.
TEST_CASE("cache and TLB: LRU stamps are 64-bit, their clock cannot wrap in a run", "[cache][mmu]") {
  CHECK(std::numeric_limits<CacheModel::Stamp>::digits == 64);
  CHECK(std::numeric_limits<TlbModel::Stamp>::digits == 64);
  CHECK(std::is_same_v<decltype(TlbModel::Entry::stamp), TlbModel::Stamp>);
}
