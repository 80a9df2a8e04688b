// Fast paths of guest memory access: a hit in the host TLB (virtual page -> host pointer,
// filled only for directly mapped RAM and only with permissions the current translation
// grants) is a tag compare and a memcpy. Everything else goes to the slow path in
// hart_memory.cpp (translation, page walks, MMIO, page-crossing accesses, faults).
#pragma once

namespace uintrsim {

template <typename T>
inline bool Hart::load(uint64_t va, T& v) {
  const uint64_t off = va & 0xfff;
  HostTlbEntry& e = dtlb_[(va >> 12) & (kHostTlbSize - 1)];
  if (__builtin_expect(e.tag_r == (va >> 12) && off <= 0x1000 - sizeof(T), 1)) {
    last_pa_ = e.pa_page | off;
    e.used = 1;
    std::memcpy(&v, e.host + off, sizeof(T));
    return true;
  }
  return load_slow<T>(va, v);
}

template <typename T>
inline bool Hart::store(uint64_t va, T v) {
  const uint64_t off = va & 0xfff;
  HostTlbEntry& e = dtlb_[(va >> 12) & (kHostTlbSize - 1)];
  if (__builtin_expect(e.tag_w == (va >> 12) && off <= 0x1000 - sizeof(T), 1)) {
    last_pa_ = e.pa_page | off;
    e.used = 1;
    std::memcpy(e.host + off, &v, sizeof(T));
    resv_->on_store(last_pa_, sizeof(T));
    if (__builtin_expect(e.code, 0)) code_stored(last_pa_, sizeof(T));
    return true;
  }
  return store_slow<T>(va, v);
}

}  // namespace uintrsim
