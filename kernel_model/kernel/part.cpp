#include "kernel_model/kernel/part.h"

#include <algorithm>

#include "kernel_model/kernel.h"

namespace uintrsim::kernel {

Part::Part(Kernel& k) : k_(k), p_(k.params()), info_(k.info()) {}

bool Part::in_ram(uint64_t pa, uint64_t len) const {
  return pa >= info_.ram_base && pa - info_.ram_base <= info_.ram_size && len <= info_.ram_size - (pa - info_.ram_base);
}

void Part::zero_memory(KernelPort* h, uint64_t pa, uint64_t bytes) const {
  // Through the memory system, a page at a time (objects and frames may be up to 1 GiB).
  static const uint8_t kZeroPage[4096] = {};
  if (in_ram(pa, bytes))
    for (uint64_t off = 0; off < bytes; off += sizeof kZeroPage)
      mem().phys_write(pa + off, kZeroPage, unsigned(std::min<uint64_t>(sizeof kZeroPage, bytes - off)));
  if (h) h->touch_data(pa, std::min<uint64_t>(bytes, 1 << 16), true);  // clearing through the cache
}

}  // namespace uintrsim::kernel
