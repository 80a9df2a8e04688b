// Invocations of Untyped (Retype) and TCB objects (seL4 decodeUntypedInvocation,
// decodeTCBInvocation).
#include "kernel_model/kernel.h"

namespace uintrsim::kernel {

namespace {
constexpr unsigned kMaxRetypeObjects = 256;  // seL4 CONFIG_RETYPE_FAN_OUT_LIMIT

// seL4_UserContext order -> RISC-V register number (pc is index 0, handled apart).
constexpr unsigned kUserContextReg[32] = {0, 1, 2, 3, 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
                                          10, 11, 12, 13, 14, 15, 16, 17, 5, 6, 7, 28, 29, 30, 31, 4};

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

void Kernel::zero_memory(KernelPort* h, uint64_t pa, uint64_t bytes) {
  // Through the memory system, a page at a time (objects and frames may be up to 1 GiB).
  static const uint8_t kZeroPage[4096] = {};
  if (in_ram(pa, bytes))
    for (uint64_t off = 0; off < bytes; off += sizeof kZeroPage)
      mem().phys_write(pa + off, kZeroPage, unsigned(std::min<uint64_t>(sizeof kZeroPage, bytes - off)));
  if (h) h->touch_data(pa, std::min<uint64_t>(bytes, 1 << 16), true);  // clearing through the cache
}

void Kernel::invoke_untyped(KernelPort& h, Tcb* t, Slot* s, seL4_MessageInfo_t info) {
  count(Path::kUntypedRetype);
  h.charge(p_.cost.retype_base);
  if (seL4_MessageInfo_get_label(info) != UntypedRetype) { reply_error(t, seL4_IllegalOperation); return; }
  if (seL4_MessageInfo_get_length(info) < 6 || seL4_MessageInfo_get_extraCaps(info) < 1) {
    reply_error(t, seL4_TruncatedMessage);
    return;
  }
  const uint64_t type = get_mr(h, t, 0), size_bits = get_mr(h, t, 1), node_index = get_mr(h, t, 2),
                 node_depth = get_mr(h, t, 3), node_offset = get_mr(h, t, 4), num = get_mr(h, t, 5);
  if (type >= seL4_ObjectTypeCount) { reply_error(t, seL4_InvalidArgument, {0}); return; }
  if (type == seL4_UntypedObject && (size_bits < seL4_MinUntypedBits || size_bits > seL4_MaxUntypedBits)) {
    reply_error(t, seL4_RangeError, {seL4_MinUntypedBits, seL4_MaxUntypedBits});
    return;
  }
  if (type == seL4_CapTableObject && (size_bits < 1 || size_bits > 24)) { reply_error(t, seL4_RangeError, {1, 24}); return; }
  Slot* root = extra_cap(h, t, 0, info);
  if (!root || root->cap.type != CapType::kCNode) { reply_error(t, seL4_FailedLookup, {1}); return; }
  // Destination CNode: the root itself (depth 0) or the CNode found at node_index/node_depth.
  Cap dest_cap = root->cap;
  if (node_depth != 0) {
    if (node_depth > 64) { reply_error(t, seL4_RangeError, {1, 64}); return; }
    Slot* d = lookup_slot(t, node_index, unsigned(node_depth), &root->cap);
    if (!d || d->cap.type != CapType::kCNode) { reply_error(t, seL4_FailedLookup, {0}); return; }
    dest_cap = d->cap;
  }
  CNode* dest = cnode_at(dest_cap.obj);
  const uint64_t slots = 1ull << dest->radix;
  if (node_offset >= slots) { reply_error(t, seL4_RangeError, {0, slots - 1}); return; }
  if (num < 1 || num > kMaxRetypeObjects) { reply_error(t, seL4_RangeError, {1, kMaxRetypeObjects}); return; }
  if (num > slots - node_offset) { reply_error(t, seL4_RangeError, {1, slots - node_offset}); return; }
  for (uint64_t i = 0; i < num; ++i)
    if (!dest->slots[node_offset + i].cap.null()) { reply_error(t, seL4_DeleteFirst); return; }
  Untyped* u = untyped_at(s->cap);
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
        auto nu = std::make_unique<Untyped>();
        nu->pa = pa; nu->size_bits = unsigned(size_bits); nu->is_device = u->is_device;
        c.id = ++next_object_id_;
        untypeds_[c.id] = std::move(nu);
        break;
      }
      case seL4_TCBObject: {
        c.type = CapType::kThread;
        auto tcb = std::make_unique<Tcb>();
        tcb->pa = pa;
        tcb->name = "tcb" + std::to_string(++next_object_id_);
        tcb->core = t->core;
        tcb->time_slice = p_.timeslice_ticks;
        tcbs_[pa] = std::move(tcb);
        zero_memory(&h, pa, obj_size);
        break;
      }
      case seL4_EndpointObject: {
        c.type = CapType::kEndpoint;
        auto ep = std::make_unique<Endpoint>();
        ep->pa = pa;
        endpoints_[pa] = std::move(ep);
        zero_memory(&h, pa, obj_size);
        break;
      }
      case seL4_NotificationObject: {
        c.type = CapType::kNotification;
        auto n = std::make_unique<Notification>();
        n->pa = pa;
        notifications_[pa] = std::move(n);
        zero_memory(&h, pa, obj_size);
        break;
      }
      case seL4_CapTableObject: {
        c.type = CapType::kCNode;
        c.radix = uint8_t(size_bits);
        auto cn = std::make_unique<CNode>();
        cn->pa = pa;
        cn->radix = unsigned(size_bits);
        cn->slots.resize(size_t(1) << size_bits);
        cnodes_[pa] = std::move(cn);
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
    insert_cap(&dest->slots[node_offset + i], c, s);
  }
  u->watermark = start + num * obj_size;
  reply_ok(t);
}

void Kernel::invoke_tcb(KernelPort& h, Tcb* t, Slot* s, seL4_MessageInfo_t info) {
  Tcb* target = tcb_at(s->cap.obj);
  const uint64_t label = seL4_MessageInfo_get_label(info);
  const uint64_t len = seL4_MessageInfo_get_length(info);
  h.charge(p_.cost.tcb_op);
  count(Path::kTcb);
  touch(h, target->pa, 128, true);
  auto set_ipc_buffer = [&](uint64_t vaddr, Slot* frame) -> bool {
    if (vaddr & (sizeof(seL4_IPCBuffer) - 1)) { reply_error(t, seL4_AlignmentError); return false; }
    if (frame && !frame->cap.null()) {
      if (frame->cap.type != CapType::kFrame) { reply_error(t, seL4_IllegalOperation); return false; }
      target->ipc_frame.cap = frame->cap;
    } else {
      target->ipc_frame.cap = Cap{};
    }
    target->ipc_buffer_vaddr = vaddr;
    return true;
  };
  switch (label) {
    case TCBConfigure: {
      if (len < 4 || seL4_MessageInfo_get_extraCaps(info) < 3) { reply_error(t, seL4_TruncatedMessage); return; }
      Slot* cspace = extra_cap(h, t, 0, info);
      Slot* vspace = extra_cap(h, t, 1, info);
      Slot* buffer = extra_cap(h, t, 2, info);
      if (!cspace || cspace->cap.type != CapType::kCNode) { reply_error(t, seL4_IllegalOperation); return; }
      if (!vspace || vspace->cap.type != CapType::kPageTable || !vspace->cap.is_vspace_root) {
        reply_error(t, seL4_IllegalOperation);
        return;
      }
      Cap cs = cspace->cap;
      const uint64_t cs_data = get_mr(h, t, 1);
      if (cs_data) { cs.guard_size = uint8_t(cs_data & 0x3f); cs.guard = cs_data >> 6; }
      if (!set_ipc_buffer(get_mr(h, t, 3), buffer)) return;
      target->fault_ep = get_mr(h, t, 0);
      target->cspace.cap = cs;
      target->vspace.cap = vspace->cap;
      reply_ok(t);
      return;
    }
    case TCBSetPriority:
    case TCBSetMCPriority: {
      if (len < 1 || seL4_MessageInfo_get_extraCaps(info) < 1) { reply_error(t, seL4_TruncatedMessage); return; }
      Slot* auth = extra_cap(h, t, 0, info);
      if (!auth || auth->cap.type != CapType::kThread) { reply_error(t, seL4_InvalidCapability, {1}); return; }
      const uint64_t prio = get_mr(h, t, 0);
      const unsigned mcp = tcb_at(auth->cap.obj)->mcp;
      if (prio > mcp) { reply_error(t, seL4_RangeError, {0, mcp}); return; }
      if (label == TCBSetMCPriority) { target->mcp = unsigned(prio); reply_ok(t); return; }
      const bool queued = target->ready_queued;
      remove_from_ready(target);
      target->priority = unsigned(prio);
      if (queued || (target->state == ThreadState::kRunning && cores_[target->core].current != target))
        make_runnable(target);
      reply_ok(t);
      return;
    }
    case TCBSetIPCBuffer: {
      if (len < 1 || seL4_MessageInfo_get_extraCaps(info) < 1) { reply_error(t, seL4_TruncatedMessage); return; }
      if (!set_ipc_buffer(get_mr(h, t, 0), extra_cap(h, t, 0, info))) return;
      reply_ok(t);
      return;
    }
    case TCBResume:
      if (target->state == ThreadState::kInactive) {
        target->state = ThreadState::kRestart;
        make_runnable(target);
      }
      reply_ok(t);
      return;
    case TCBSuspend:
      cancel_ipc(target);
      block(target, ThreadState::kInactive);
      reply_ok(t);
      return;
    case TCBReadRegisters: {
      if (len < 2) { reply_error(t, seL4_TruncatedMessage); return; }
      const uint64_t n = get_mr(h, t, 1);
      if (n < 1 || n > 32) { reply_error(t, seL4_RangeError, {1, 32}); return; }
      if (target == t) { reply_error(t, seL4_IllegalOperation); return; }
      if (get_mr(h, t, 0) & 1) { cancel_ipc(target); block(target, ThreadState::kInactive); }
      for (unsigned i = 0; i < n; ++i)
        set_mr(h, t, i, i == 0 ? target->pc : target->regs[kUserContextReg[i]]);
      t->regs[kA0] = 0;
      t->regs[11] = seL4_MessageInfo_new(0, 0, 0, n).words[0];
      return;
    }
    case TCBWriteRegisters: {
      if (len < 2) { reply_error(t, seL4_TruncatedMessage); return; }
      const uint64_t n = get_mr(h, t, 1);
      if (n > 32 || len < 2 + n) { reply_error(t, seL4_InvalidArgument, {1}); return; }
      if (target == t) { reply_error(t, seL4_IllegalOperation); return; }
      for (unsigned i = 0; i < n; ++i) {
        const uint64_t v = get_mr(h, t, 2 + i);
        if (i == 0) target->pc = v;
        else target->regs[kUserContextReg[i]] = v;
      }
      if ((get_mr(h, t, 0) & 1) && target->state == ThreadState::kInactive) {
        target->state = ThreadState::kRestart;
        make_runnable(target);
      }
      reply_ok(t);
      return;
    }
    case TCBSetAffinity: {
      if (len < 1) { reply_error(t, seL4_TruncatedMessage); return; }
      const uint64_t core = get_mr(h, t, 0);
      if (core >= cores_.size()) { reply_error(t, seL4_InvalidArgument, {0}); return; }
      const bool was_runnable = target->state == ThreadState::kRunning || target->state == ThreadState::kRestart;
      remove_from_ready(target);
      if (cores_[target->core].current == target && target != t) cores_[target->core].current = nullptr;
      target->core = unsigned(core);
      if (target == t) {
        // Migrating the caller: it continues on the new core once that core reschedules.
        cores_[h.hartid()].current = nullptr;
      }
      reply_ok(t);
      if (was_runnable) make_runnable(target);
      return;
    }
    case TCBBindNotification: {
      Slot* ns = extra_cap(h, t, 0, info);
      if (!ns || ns->cap.type != CapType::kNotification) { reply_error(t, seL4_IllegalOperation); return; }
      Notification* n = notification_at(ns->cap.obj);
      if (target->bound || n->bound_tcb || !n->waiters.empty()) { reply_error(t, seL4_IllegalOperation); return; }
      n->bound_tcb = target;
      target->bound = n;
      reply_ok(t);
      return;
    }
    case TCBUnbindNotification:
      if (!target->bound) { reply_error(t, seL4_IllegalOperation); return; }
      target->bound->bound_tcb = nullptr;
      target->bound = nullptr;
      reply_ok(t);
      return;
    default:
      reply_error(t, seL4_IllegalOperation);
  }
}

}  // namespace uintrsim::kernel
