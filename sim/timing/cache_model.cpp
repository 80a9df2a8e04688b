#include "sim/timing/cache_model.h"

namespace uintrsim {

namespace {
constexpr uint64_t kInvalid = ~0ull;
bool is_pow2(uint64_t v) { return v && !(v & (v - 1)); }
}  // namespace

std::string check_cache_params(const CacheParams& p) {
  if (!is_pow2(p.line_bytes) || p.line_bytes < 8)
    return "line size must be a power of two >= 8 bytes";
  if (p.ways == 0) return "ways must be at least 1";
  if (p.size_bytes % (uint64_t(p.ways) * p.line_bytes) != 0)
    return "size must be a multiple of ways x line size";
  if (!is_pow2(p.size_bytes / (uint64_t(p.ways) * p.line_bytes)))
    return "number of sets (size / (ways x line)) must be a power of two";
  return {};
}

CacheModel::CacheModel(const CacheParams& p) : p_(p) {
  line_shift_ = 0;
  while ((1u << line_shift_) < p.line_bytes) ++line_shift_;
  sets_ = p.size_bytes / (uint64_t(p.ways) * p.line_bytes);
  tags_.assign(sets_ * p.ways, kInvalid);
  stamp_.assign(sets_ * p.ways, 0);
  dirty_.assign(sets_ * p.ways, 0);
}

void CacheModel::invalidate_all() {
  std::fill(tags_.begin(), tags_.end(), kInvalid);
  std::fill(dirty_.begin(), dirty_.end(), 0);
  last_line_ = kInvalid;
}

bool CacheModel::lookup(uint64_t line, bool write) {
  const size_t base = (line & (sets_ - 1)) * p_.ways;
  ++clock_;
  size_t victim = base;
  for (size_t i = base; i < base + p_.ways; ++i) {
    if (tags_[i] == line) {
      stamp_[i] = clock_;
      if (write) dirty_[i] = 1;
      ++hits;
      last_line_ = line;
      last_slot_ = i;
      return true;
    }
    if (tags_[i] == kInvalid || (tags_[victim] != kInvalid && stamp_[i] < stamp_[victim]))
      victim = i;
  }
  ++misses;
  if (tags_[victim] != kInvalid && dirty_[victim]) ++writebacks;
  tags_[victim] = line;
  stamp_[victim] = clock_;
  dirty_[victim] = write ? 1 : 0;
  last_line_ = line;
  last_slot_ = victim;
  return false;
}

}  // namespace uintrsim
