#include "kernel_model/object/object_table.h"

namespace uintrsim::kernel {

CNode& ObjectTable::add_cnode(uint64_t pa, unsigned radix) {
  CNode& cn = add(cnodes_, pa);
  cn.radix = radix;
  cn.slots.resize(size_t(1) << radix);
  return cn;
}

Untyped& ObjectTable::add_untyped(Cap& c) {
  c.id = next_id();
  Untyped& u = add(untypeds_, c.id);
  u.pa = c.obj;
  u.size_bits = c.size_bits;
  u.is_device = c.is_device;
  return u;
}

void ObjectTable::erase(const Cap& c) {
  switch (c.type) {
    case CapType::kThread: tcbs_.erase(c.obj); break;
    case CapType::kEndpoint: endpoints_.erase(c.obj); break;
    case CapType::kNotification: notifications_.erase(c.obj); break;
    case CapType::kCNode: cnodes_.erase(c.obj); break;
    case CapType::kUntyped: untypeds_.erase(c.id); break;
    case CapType::kAsidPool: asid_pools_.erase(c.obj); break;
    default: break;
  }
}

}  // namespace uintrsim::kernel
