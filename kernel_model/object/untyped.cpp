// Untyped memory (seL4 decodeUntypedInvocation): Retype carves naturally aligned objects
// from an untyped region, bumping its watermark, and puts their capabilities in empty slots.
#include "kernel_model/object/untyped.h"

#include "kernel_model/kernel.h"

namespace uintrsim::kernel {

namespace {
constexpr unsigned kMaxRetypeObjects = 256;  // seL4 CONFIG_RETYPE_FAN_OUT_LIMIT

int object_bits(seL4_Word type, seL4_Word size_bits) {
  switch (type) {
    case seL4_UntypedObject: return int(size_bits);
    case seL4_TCBObject: return seL4_TCBBits;
    case seL4_EndpointObject: return seL4_EndpointBits;
    case seL4_NotificationObject: return seL4_NotificationBits;
    case seL4_CapTableObject: return int(size_bits) + seL4_SlotBits;
    case seL4_RISCV_Giga_Page: return seL4_HugePageBits;
    case seL4_RISCV_4K_Page: return seL4_PageBits;
    case seL4_RISCV_Mega_Page: return seL4_LargePageBits;
    case seL4_RISCV_PageTableObject: return seL4_PageTableBits;
    default: return -1;
  }
}
}  // namespace

// The invocation's base cost (kernel.cost.retype_base) is charged by the invocation table;
// each object created costs kernel.cost.retype_per_object.
void UntypedMemory::retype(const Invocation& inv) {
  KernelPort& h = inv.h;
  Tcb* t = inv.t;
  Slot* s = inv.s;
  const seL4_MessageInfo_t info = inv.info;
  if (seL4_MessageInfo_get_length(info) < 6 || seL4_MessageInfo_get_extraCaps(info) < 1) {
    reply_error(t, seL4_TruncatedMessage);
    return;
  }
  const uint64_t type = ipc().get_mr(h, t, 0), size_bits = ipc().get_mr(h, t, 1), node_index = ipc().get_mr(h, t, 2),
                 node_depth = ipc().get_mr(h, t, 3), node_offset = ipc().get_mr(h, t, 4), num = ipc().get_mr(h, t, 5);
  if (type >= seL4_ObjectTypeCount) { reply_error(t, seL4_InvalidArgument, {0}); return; }
  if (type == seL4_UntypedObject && (size_bits < seL4_MinUntypedBits || size_bits > seL4_MaxUntypedBits)) {
    reply_error(t, seL4_RangeError, {seL4_MinUntypedBits, seL4_MaxUntypedBits});
    return;
  }
  if (type == seL4_CapTableObject && (size_bits < 1 || size_bits > 24)) { reply_error(t, seL4_RangeError, {1, 24}); return; }
  Slot* root = cspace().extra_cap(h, t, 0, info);
  if (!root || root->cap.type != CapType::kCNode) { reply_error(t, seL4_FailedLookup, {1}); return; }
  // Destination CNode: the root itself (depth 0) or the CNode found at node_index/node_depth.
  Cap dest_cap = root->cap;
  if (node_depth != 0) {
    if (node_depth > 64) { reply_error(t, seL4_RangeError, {1, 64}); return; }
    Slot* d = cspace().lookup_slot(t, node_index, unsigned(node_depth), &root->cap);
    if (!d || d->cap.type != CapType::kCNode) { reply_error(t, seL4_FailedLookup, {0}); return; }
    dest_cap = d->cap;
  }
  CNode* dest = objects().cnode(dest_cap.obj);
  const uint64_t slots = 1ull << dest->radix;
  if (node_offset >= slots) { reply_error(t, seL4_RangeError, {0, slots - 1}); return; }
  if (num < 1 || num > kMaxRetypeObjects) { reply_error(t, seL4_RangeError, {1, kMaxRetypeObjects}); return; }
  if (num > slots - node_offset) { reply_error(t, seL4_RangeError, {1, slots - node_offset}); return; }
  for (uint64_t i = 0; i < num; ++i)
    if (!dest->slots[node_offset + i].cap.null()) { reply_error(t, seL4_DeleteFirst); return; }
  Untyped* u = objects().untyped(s->cap);
  const int bits = object_bits(type, size_bits);
  if (u->is_device && type != seL4_UntypedObject && type != seL4_RISCV_4K_Page && type != seL4_RISCV_Mega_Page &&
      type != seL4_RISCV_Giga_Page) {
    reply_error(t, seL4_InvalidArgument, {0});
    return;
  }
  const uint64_t obj_size = 1ull << bits;
  const uint64_t start = (u->watermark + obj_size - 1) & ~(obj_size - 1);
  const uint64_t capacity = 1ull << u->size_bits;
  if (bits > int(u->size_bits) || start > capacity || num > (capacity - start) / obj_size) {
    reply_error(t, seL4_NotEnoughMemory, {capacity - std::min(capacity, u->watermark)});
    return;
  }
  for (uint64_t i = 0; i < num; ++i) {
    const uint64_t pa = u->pa + start + i * obj_size;
    h.charge(p_.cost.retype_per_object);
    Cap c;
    c.obj = pa;
    switch (type) {
      case seL4_UntypedObject: {
        c.type = CapType::kUntyped;
        c.size_bits = uint8_t(size_bits);
        c.is_device = u->is_device;
        objects().add_untyped(c);
        break;
      }
      case seL4_TCBObject: {
        c.type = CapType::kThread;
        Tcb& tcb = objects().add_tcb(pa);
        tcb.name = "tcb" + std::to_string(objects().next_id());
        tcb.core = t->core;
        tcb.time_slice = p_.timeslice_ticks;
        zero_memory(&h, pa, obj_size);
        break;
      }
      case seL4_EndpointObject: {
        c.type = CapType::kEndpoint;
        objects().add_endpoint(pa);
        zero_memory(&h, pa, obj_size);
        break;
      }
      case seL4_NotificationObject: {
        c.type = CapType::kNotification;
        objects().add_notification(pa);
        zero_memory(&h, pa, obj_size);
        break;
      }
      case seL4_CapTableObject: {
        c.type = CapType::kCNode;
        c.radix = uint8_t(size_bits);
        objects().add_cnode(pa, unsigned(size_bits));
        zero_memory(&h, pa, obj_size);
        break;
      }
      case seL4_RISCV_4K_Page:
      case seL4_RISCV_Mega_Page:
      case seL4_RISCV_Giga_Page:
        c.type = CapType::kFrame;
        c.size_bits = uint8_t(bits);
        if (!u->is_device) zero_memory(&h, pa, obj_size);
        break;
      case seL4_RISCV_PageTableObject:
        c.type = CapType::kPageTable;
        zero_memory(&h, pa, obj_size);
        break;
    }
    cspace().insert_cap(&dest->slots[node_offset + i], c, s);
  }
  u->watermark = start + num * obj_size;
  reply_ok(t);
}

}  // namespace uintrsim::kernel
