// Capability spaces: CPtr resolution with guards (seL4 resolveAddressBits), the
// capability derivation tree (insert, delete, revoke, finalise) and the CNode invocations.
#include <algorithm>

#include "kernel_model/object/cspace.h"

#include "kernel_model/kernel.h"

namespace uintrsim::kernel {

namespace {
uint64_t mask(unsigned bits) { return bits >= 64 ? ~0ull : (1ull << bits) - 1; }
}  // namespace

const char* cap_type_name(CapType t) {
  static const char* names[] = {"null", "untyped", "endpoint", "notification", "cnode", "thread",
                                "frame", "page_table", "asid_control", "asid_pool", "irq_control", "domain"};
  return names[size_t(t)];
}

// Resolves `depth` bits of `cptr` from the thread's CSpace root (or `root`). Returns the
// slot, or nullptr on a lookup failure (bad guard, depth mismatch, not a CNode).
Slot* CSpace::lookup_slot(Tcb* t, uint64_t cptr, unsigned depth, const Cap* root) {
  Cap node = root ? *root : t->cspace.cap;
  if (depth < 1 || depth > 64) return nullptr;
  unsigned n = depth;
  for (;;) {
    if (node.type != CapType::kCNode) return nullptr;
    CNode* cn = objects().cnode(node.obj);
    if (!cn) return nullptr;
    const unsigned level = node.radix + node.guard_size;
    if (level == 0 || level > n) return nullptr;
    const uint64_t guard = (cptr >> (n - node.guard_size)) & mask(node.guard_size);
    if (node.guard_size && guard != (node.guard & mask(node.guard_size))) return nullptr;
    const uint64_t index = (cptr >> (n - level)) & mask(node.radix);
    Slot* s = &cn->slots[index];
    if (n == level) return s;
    n -= level;
    if (s->cap.type != CapType::kCNode) return s;  // seL4: a non-CNode ends the walk
    node = s->cap;
  }
}

void CSpace::insert_cap(Slot* dst, const Cap& c, Slot* parent) {
  dst->cap = c;
  dst->parent = parent;
  dst->children.clear();
  if (parent) parent->children.push_back(dst);
}

static bool same_object(const Cap& a, const Cap& b) { return a.type == b.type && a.obj == b.obj; }

// The object a cap refers to is destroyed when its last capability goes (seL4 finaliseCap).
void CSpace::finalise(KernelPort* h, const Cap& c) {
  switch (c.type) {
    case CapType::kThread: {
      Tcb* t = objects().tcb(c.obj);
      if (!t) return;
      ipc().cancel_ipc(t);
      sched().remove_from_ready(t);
      t->state = ThreadState::kInactive;
      sched().forget(t);
      notifications().forget(t);
      if (t->bound) t->bound->bound_tcb = nullptr;
      objects().erase(c);
      return;
    }
    case CapType::kEndpoint: {
      Endpoint* ep = objects().endpoint(c.obj);
      if (!ep) return;
      for (Tcb* t : ep->queue) {  // seL4 cancelAllIPC: waiting threads restart
        t->blocked_on = 0;
        t->state = ThreadState::kRestart;
        sched().make_runnable(t);
      }
      objects().erase(c);
      return;
    }
    case CapType::kNotification: {
      Notification* n = objects().notification(c.obj);
      if (!n) return;
      for (Tcb* t : n->waiters) { t->blocked_on = 0; sched().make_runnable(t); }
      if (n->bound_tcb) n->bound_tcb->bound = nullptr;
      objects().erase(c);
      return;
    }
    case CapType::kCNode: {
      CNode* cn = objects().cnode(c.obj);
      if (!cn) return;
      for (auto& s : cn->slots)
        if (!s.cap.null()) delete_slot(h, &s);
      objects().erase(c);
      return;
    }
    case CapType::kFrame:
    case CapType::kPageTable:
      return;  // unmapping is done per cap in delete_slot
    default:
      return;
  }
}

void CSpace::delete_slot(KernelPort* h, Slot* s) {
  if (s->cap.null()) return;
  const Cap c = s->cap;
  // A mapped frame or page table is unmapped when its cap goes (seL4 deleting a mapped cap).
  if ((c.type == CapType::kFrame || c.type == CapType::kPageTable) && c.mapped_asid && !c.is_vspace_root) {
    const uint64_t root = vspace().root_of(c.mapped_asid);
    if (root) {
      vspace().unmap_pte(root, c.mapped_vaddr, c.obj, /*leaf=*/c.type == CapType::kFrame);
      if (h) vspace().fence_after_change(*h, /*removed=*/true);
    }
  }
  if (c.is_vspace_root && c.mapped_asid) vspace().release_asid(c.mapped_asid);
  // Children move up to the parent (they stay derived from it).
  for (Slot* ch : s->children) {
    ch->parent = s->parent;
    if (s->parent) s->parent->children.push_back(ch);
  }
  if (s->parent) {
    auto& v = s->parent->children;
    v.erase(std::remove(v.begin(), v.end(), s), v.end());
  }
  s->cap = Cap{};
  s->parent = nullptr;
  s->children.clear();
  // Last capability to the object? Then the object goes.
  if (c.type == CapType::kThread || c.type == CapType::kEndpoint || c.type == CapType::kNotification ||
      c.type == CapType::kCNode) {
    bool others = false;
    auto scan = [&](const Slot& x) { if (same_object(x.cap, c)) others = true; };
    for (auto& [pa, cn] : objects().cnodes())
      for (const Slot& x : cn->slots) scan(x);
    for (auto& [pa, t] : objects().tcbs()) { scan(t->cspace); scan(t->vspace); scan(t->ipc_frame); }
    if (!others) finalise(h, c);
  }
}

void CSpace::revoke(KernelPort* h, Slot* s) {
  while (!s->children.empty()) {
    Slot* ch = s->children.back();
    revoke(h, ch);
    // delete_slot would reparent ch's (now empty) children and remove ch from s->children
    delete_slot(h, ch);
  }
  if (s->cap.type == CapType::kUntyped)
    if (Untyped* u = objects().untyped(s->cap)) u->watermark = 0;  // all children gone: reusable
}

Slot* CSpace::extra_cap(KernelPort& h, Tcb* t, unsigned i, seL4_MessageInfo_t info) {
  if (i >= seL4_MessageInfo_get_extraCaps(info)) return nullptr;
  uint64_t pa;
  if (!ipc().ipc_buffer_pa(t, pa)) return nullptr;
  uint64_t cptr = 0;
  h.phys_read(pa + offsetof(seL4_IPCBuffer, caps_or_badges) + 8 * i, &cptr, 8);
  touch(h, pa + offsetof(seL4_IPCBuffer, caps_or_badges), 24, false);
  return lookup_slot(t, cptr, 64);
}

// The invocation's cost (kernel.cost.cnode_op) is charged by the invocation table.
void CSpace::invoke_cnode(const Invocation& inv) {
  KernelPort& h = inv.h;
  Tcb* t = inv.t;
  Slot* s = inv.s;
  const seL4_MessageInfo_t info = inv.info;
  const uint64_t label = inv.label();
  const uint64_t len = inv.length();
  auto target = [&](uint64_t index, uint64_t depth, Slot*& out) -> bool {
    if (depth > 64) { reply_error(t, seL4_RangeError, {1, 64}); return false; }
    out = lookup_slot(t, index, unsigned(depth), &s->cap);
    if (!out) { reply_error(t, seL4_FailedLookup, {0}); return false; }
    return true;
  };
  switch (label) {
    case CNodeCopy:
    case CNodeMint:
    case CNodeMove:
    case CNodeMutate: {
      // MRs: dest index, dest depth, src index, src depth, then rights (Copy, Mint) and data
      // (Mint: MR5; Mutate: MR4, the badge or guard of the moved cap).
      const unsigned need = label == CNodeMint ? 6 : label == CNodeCopy || label == CNodeMutate ? 5 : 4;
      if (len < need || seL4_MessageInfo_get_extraCaps(info) < 1) { reply_error(t, seL4_TruncatedMessage); return; }
      Slot* dst;
      if (!target(ipc().get_mr(h, t, 0), ipc().get_mr(h, t, 1), dst)) return;
      if (!dst->cap.null()) { reply_error(t, seL4_DeleteFirst); return; }
      Slot* root = extra_cap(h, t, 0, info);
      if (!root || root->cap.type != CapType::kCNode) { reply_error(t, seL4_FailedLookup, {1}); return; }
      const uint64_t src_depth = ipc().get_mr(h, t, 3);
      if (src_depth > 64) { reply_error(t, seL4_RangeError, {1, 64}); return; }
      Slot* src = lookup_slot(t, ipc().get_mr(h, t, 2), unsigned(src_depth), &root->cap);
      if (!src || src->cap.null()) { reply_error(t, seL4_FailedLookup, {1}); return; }
      Cap c = src->cap;
      if (label == CNodeCopy || label == CNodeMint) c.rights &= uint8_t(ipc().get_mr(h, t, 4) & 0xf);
      if (label == CNodeMint || label == CNodeMutate) {
        const uint64_t data = ipc().get_mr(h, t, label == CNodeMint ? 5 : 4);
        if (c.type == CapType::kEndpoint || c.type == CapType::kNotification) {
          if (c.badge != 0 && data != 0) { reply_error(t, seL4_IllegalOperation); return; }  // already badged
          if (data) c.badge = data;
        } else if (c.type == CapType::kCNode) {
          c.guard_size = uint8_t(data & 0x3f);
          c.guard = data >> 6;
          if (c.guard_size + c.radix > 64) { reply_error(t, seL4_IllegalOperation); return; }
        }
      }
      if (label == CNodeMove || label == CNodeMutate) {  // the cap itself moves (Mutate: with its new data)
        Slot* parent = src->parent;
        std::vector<Slot*> kids = src->children;
        insert_cap(dst, c, parent);
        for (Slot* k : kids) { k->parent = dst; dst->children.push_back(k); }
        if (parent) { auto& v = parent->children; v.erase(std::remove(v.begin(), v.end(), src), v.end()); }
        src->cap = Cap{};
        src->parent = nullptr;
        src->children.clear();
        reply_ok(t);
        return;
      }
      // seL4 deriveCap: frame copies are unmapped; a page-table cap can only be derived while
      // it is mapped (or is a VSpace root), and the copy refers to the same mapping.
      if (c.type == CapType::kFrame) { c.mapped_asid = 0; c.mapped_vaddr = 0; }
      if (c.type == CapType::kPageTable && !c.mapped_asid) { reply_error(t, seL4_IllegalOperation); return; }
      if (c.type == CapType::kUntyped && !src->children.empty()) { reply_error(t, seL4_RevokeFirst); return; }
      insert_cap(dst, c, src);
      reply_ok(t);
      return;
    }
    case CNodeDelete:
    case CNodeRevoke: {
      if (len < 2) { reply_error(t, seL4_TruncatedMessage); return; }
      Slot* target_slot;
      if (!target(ipc().get_mr(h, t, 0), ipc().get_mr(h, t, 1), target_slot)) return;
      if (label == CNodeDelete) delete_slot(&h, target_slot);
      else revoke(&h, target_slot);
      reply_ok(t);
      return;
    }
    default:
      reply_error(t, seL4_IllegalOperation);
  }
}

}  // namespace uintrsim::kernel
