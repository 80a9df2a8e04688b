// TCB invocations (seL4 decodeTCBInvocation): configure, priorities, IPC buffer, suspend and
// resume, register access, affinity and notification binding.
#include "kernel_model/object/tcb.h"

#include "kernel_model/kernel.h"

namespace uintrsim::kernel {

namespace {
// seL4_UserContext order -> RISC-V register number (pc is index 0, handled apart).
constexpr unsigned kUserContextReg[32] = {0, 1, 2, 3, 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
                                          10, 11, 12, 13, 14, 15, 16, 17, 5, 6, 7, 28, 29, 30, 31, 4};

}  // namespace

// The invocation's cost (kernel.cost.tcb_op) is charged by the invocation table.
void Threads::invoke(const Invocation& inv) {
  KernelPort& h = inv.h;
  Tcb* t = inv.t;
  const seL4_MessageInfo_t info = inv.info;
  Tcb* target = objects().tcb(inv.s->cap.obj);
  const uint64_t label = inv.label();
  const uint64_t len = inv.length();
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
      Slot* cs_slot = cspace().extra_cap(h, t, 0, info);
      Slot* vs_slot = cspace().extra_cap(h, t, 1, info);
      Slot* buffer = cspace().extra_cap(h, t, 2, info);
      if (!cs_slot || cs_slot->cap.type != CapType::kCNode) { reply_error(t, seL4_IllegalOperation); return; }
      if (!vs_slot || vs_slot->cap.type != CapType::kPageTable || !vs_slot->cap.is_vspace_root) {
        reply_error(t, seL4_IllegalOperation);
        return;
      }
      Cap cs = cs_slot->cap;
      const uint64_t cs_data = ipc().get_mr(h, t, 1);
      if (cs_data) { cs.guard_size = uint8_t(cs_data & 0x3f); cs.guard = cs_data >> 6; }
      if (!set_ipc_buffer(ipc().get_mr(h, t, 3), buffer)) return;
      target->fault_ep = ipc().get_mr(h, t, 0);
      target->cspace.cap = cs;
      target->vspace.cap = vs_slot->cap;
      reply_ok(t);
      return;
    }
    case TCBSetPriority:
    case TCBSetMCPriority: {
      if (len < 1 || seL4_MessageInfo_get_extraCaps(info) < 1) { reply_error(t, seL4_TruncatedMessage); return; }
      Slot* auth = cspace().extra_cap(h, t, 0, info);
      if (!auth || auth->cap.type != CapType::kThread) { reply_error(t, seL4_InvalidCapability, {1}); return; }
      const uint64_t prio = ipc().get_mr(h, t, 0);
      const unsigned mcp = objects().tcb(auth->cap.obj)->mcp;
      if (prio > mcp) { reply_error(t, seL4_RangeError, {0, mcp}); return; }
      if (label == TCBSetMCPriority) { target->mcp = unsigned(prio); reply_ok(t); return; }
      const bool queued = target->ready_queued;
      sched().remove_from_ready(target);
      target->priority = unsigned(prio);
      if (queued || (target->state == ThreadState::kRunning && sched().current(target->core) != target))
        sched().make_runnable(target);
      reply_ok(t);
      return;
    }
    case TCBSetIPCBuffer: {
      if (len < 1 || seL4_MessageInfo_get_extraCaps(info) < 1) { reply_error(t, seL4_TruncatedMessage); return; }
      if (!set_ipc_buffer(ipc().get_mr(h, t, 0), cspace().extra_cap(h, t, 0, info))) return;
      reply_ok(t);
      return;
    }
    case TCBResume:
      if (target->state == ThreadState::kInactive) {
        target->state = ThreadState::kRestart;
        sched().make_runnable(target);
      }
      reply_ok(t);
      return;
    case TCBSuspend:
      ipc().cancel_ipc(target);
      sched().block(target, ThreadState::kInactive);
      reply_ok(t);
      return;
    case TCBReadRegisters: {
      if (len < 2) { reply_error(t, seL4_TruncatedMessage); return; }
      const uint64_t n = ipc().get_mr(h, t, 1);
      if (n < 1 || n > 32) { reply_error(t, seL4_RangeError, {1, 32}); return; }
      if (target == t) { reply_error(t, seL4_IllegalOperation); return; }
      if (ipc().get_mr(h, t, 0) & 1) { ipc().cancel_ipc(target); sched().block(target, ThreadState::kInactive); }
      for (unsigned i = 0; i < n; ++i)
        ipc().set_mr(h, t, i, i == 0 ? target->pc : target->regs[kUserContextReg[i]]);
      t->regs[kA0] = 0;
      t->regs[11] = seL4_MessageInfo_new(0, 0, 0, n).words[0];
      return;
    }
    case TCBWriteRegisters: {
      if (len < 2) { reply_error(t, seL4_TruncatedMessage); return; }
      const uint64_t n = ipc().get_mr(h, t, 1);
      if (n > 32 || len < 2 + n) { reply_error(t, seL4_InvalidArgument, {1}); return; }
      if (target == t) { reply_error(t, seL4_IllegalOperation); return; }
      for (unsigned i = 0; i < n; ++i) {
        const uint64_t v = ipc().get_mr(h, t, 2 + i);
        if (i == 0) target->pc = v;
        else target->regs[kUserContextReg[i]] = v;
      }
      if ((ipc().get_mr(h, t, 0) & 1) && target->state == ThreadState::kInactive) {
        target->state = ThreadState::kRestart;
        sched().make_runnable(target);
      }
      reply_ok(t);
      return;
    }
    case TCBSetAffinity: {
      if (len < 1) { reply_error(t, seL4_TruncatedMessage); return; }
      const uint64_t core = ipc().get_mr(h, t, 0);
      if (core >= sched().cores()) { reply_error(t, seL4_InvalidArgument, {0}); return; }
      const bool was_runnable = target->state == ThreadState::kRunning || target->state == ThreadState::kRestart;
      sched().remove_from_ready(target);
      if (sched().current(target->core) == target && target != t) sched().core(target->core).current = nullptr;
      target->core = unsigned(core);
      if (target == t) {
        // Migrating the caller: it continues on the new core once that core reschedules.
        sched().core(h.hartid()).current = nullptr;
      }
      reply_ok(t);
      if (was_runnable) sched().make_runnable(target);
      return;
    }
    case TCBBindNotification: {
      Slot* ns = cspace().extra_cap(h, t, 0, info);
      if (!ns || ns->cap.type != CapType::kNotification) { reply_error(t, seL4_IllegalOperation); return; }
      Notification* n = objects().notification(ns->cap.obj);
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
