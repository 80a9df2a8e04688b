// ReL4 U-notifications: kernel-managed UINTC receiver entries and per-thread sender tables,
// the registration invocations on Notification caps, and the save/restore of a thread's
// user-interrupt state on every context switch (what Linux's uintr and ReL4's
// uintr_return do; docs/hardware-uintr.md and docs/async-syscalls.md).
#include "kernel_model/object/notifications.h"

#include "kernel_model/kernel.h"
#include "workloads/include/uintrsim/devices.h"

namespace uintrsim::kernel {

using namespace rv;

namespace {
constexpr uint64_t kLow = UINTRSIM_UINTC_WRITE_LOW, kActive = UINTRSIM_UINTC_SET_ACTIVE, kSend = UINTRSIM_UINTC_SEND;
}  // namespace

Notifications::Notifications(Kernel& k, unsigned cores) : Part(k), owner_(cores, nullptr) {}

void Notifications::uintc_write(KernelPort& h, uint64_t idx, uint64_t reg, uint64_t value) {
  h.phys_write(info_.uintc_base + UINTRSIM_UINTC_ENTRY(idx) + reg, &value, 8);
  h.charge(p_.cost.uintc_access);
}

// Writes sender-table entry `i` of the table at `table` (stride as the hardware uses it).
void Notifications::write_sender_entry(uint64_t table, unsigned i, uint64_t vector, uint64_t receiver) {
  const uint64_t entry = UINTRSIM_UISTE(vector, receiver);
  vspace().write_pte(table + uint64_t(i) * info_.uist_stride, entry);  // kernel-owned RAM, like a page table
}

uint64_t Notifications::suist_for(uint64_t table) const {
  if (!table) return 0;
  const uint64_t pages = std::max<uint64_t>(1, (uint64_t(info_.sender_entries) * info_.uist_stride + 4095) / 4096);
  return UINTRSIM_SUIST(table, pages);
}

// The invocation's cost (kernel.cost.uintr_register) is charged by the invocation table.
void Notifications::invoke_uintr(const Invocation& inv) {
  KernelPort& h = inv.h;
  Tcb* t = inv.t;
  const seL4_MessageInfo_t info = inv.info;
  Notification* n = objects().notification(inv.s->cap.obj);
  if (!info_.uintc_base) { reply_error(t, seL4_IllegalOperation); return; }
  switch (inv.label()) {
    case UintrRegisterReceiver: {
      Slot* ts = cspace().extra_cap(h, t, 0, info);
      if (!ts || ts->cap.type != CapType::kThread) { reply_error(t, seL4_InvalidCapability, {1}); return; }
      Tcb* r = objects().tcb(ts->cap.obj);
      if (r->bound != n) { reply_error(t, seL4_IllegalOperation); return; }  // must be bound first
      if (!n->uintr) {
        if (next_receiver_ >= info_.uintc_entries) { reply_error(t, seL4_NotEnoughMemory); return; }
        n->uintr = true;
        n->recv_idx = next_receiver_++;
      }
      uintr_refresh(r);
      r->uintr.receiver = true;
      r->uintr.recv_idx = n->recv_idx;
      // The receiver may be the caller: its entry becomes active when it next returns to user.
      uintc_write(h, n->recv_idx, kLow, UINTRSIM_UINTC_LOW_VALUE(uint64_t(r->core), 1, 0));  // mode 64-bit, inactive
      reply_ok(t, {n->recv_idx});
      return;
    }
    case UintrRegisterSender: {
      if (!n->uintr) { reply_error(t, seL4_IllegalOperation); return; }  // no receiver yet
      if (!t->uintr.sender_table && !(t->uintr.sender_table = k_.kernel_page())) {
        reply_error(t, seL4_NotEnoughMemory);
        return;
      }
      if (t->uintr.sender_entries >= info_.sender_entries) { reply_error(t, seL4_NotEnoughMemory); return; }
      uintr_refresh(t);
      const unsigned i = t->uintr.sender_entries++;
      write_sender_entry(t->uintr.sender_table, i, inv.s->cap.badge & 0xffff, n->recv_idx);
      touch(h, t->uintr.sender_table + i * info_.uist_stride, 8, true);
      h.csr_write(csr::suist, suist_for(t->uintr.sender_table));
      reply_ok(t, {i});
      return;
    }
    case UintrRegisterAsyncSyscall:
      async().register_client(inv);
      return;
    default:
      reply_error(t, seL4_IllegalOperation);
  }
}

// A Signal on a U-notification is delivered as a user interrupt (SEND to the receiver's
// UINTC entry with vector = badge), in addition to the notification word.
void Notifications::uintr_signal(KernelPort& h, Notification& n, uint64_t badge) {
  if (info_.trace) info_.trace->kernel_send_begin(h.hartid(), h.cycle(), unsigned(n.recv_idx));
  uintc_write(h, n.recv_idx, kSend, badge & UINTRSIM_UINTC_SEND_VECTOR_MASK);
  if (info_.trace) info_.trace->kernel_send_end(h.hartid(), h.cycle());
}

// The N-extension CSRs of the thread on hart `h` (saved while it is off the hart).
static void capture_uintr_csrs(KernelPort& h, Tcb::Uintr& u) {
  auto rd = [&](uint16_t a) { return h.csr_read(a); };
  u.utvec = rd(csr::utvec);
  u.uscratch = rd(csr::uscratch);
  u.uepc = rd(csr::uepc);
  u.ucause = rd(csr::ucause);
  u.utval = rd(csr::utval);
  u.ustatus = rd(csr::ustatus);
  u.uie = rd(csr::mie) & (bit(kUSI) | bit(kUTI) | bit(kUEI));
}

// A thread changed its user-interrupt role while its state is on a hart: capture that state
// and make the next return to user mode install it afresh (entry activated, suirs/suist).
void Notifications::uintr_refresh(Tcb* t) {
  for (size_t i = 0; i < owner_.size(); ++i) {
    if (owner_[i] != t) continue;
    capture_uintr_csrs(k_.port(unsigned(i)), t->uintr);
    owner_[i] = nullptr;
  }
}

void Notifications::forget(Tcb* t) {
  for (Tcb*& o : owner_)
    if (o == t) o = nullptr;
}

void Notifications::switch_to(KernelPort& h, Tcb* next) {
  Tcb*& owner = owner_[h.hartid()];
  if (next == owner) return;  // the hart's user-interrupt state belongs to another thread
  uintr_switch(h, owner, next);
  owner = next;
}

// Context switch of the user-interrupt state (ReL4 uintr_save / uintr_return).
void Notifications::uintr_switch(KernelPort& h, Tcb* prev, Tcb* next) {
  const bool prev_uses = prev && (prev->uintr.receiver || prev->uintr.sender_table);
  const bool next_uses = next && (next->uintr.receiver || next->uintr.sender_table);
  if (!prev_uses && !next_uses) return;
  h.charge(p_.cost.uintr_switch);
  auto rd = [&](uint16_t a) { return h.csr_read(a); };
  if (prev_uses) {
    capture_uintr_csrs(h, prev->uintr);
    if (prev->uintr.receiver) uintc_write(h, prev->uintr.recv_idx, kActive, 0);  // pending bits wait in the UINTC
  }
  if (next_uses) {
    const Tcb::Uintr& u = next->uintr;
    h.csr_write(csr::utvec, u.utvec);
    h.csr_write(csr::uscratch, u.uscratch);
    h.csr_write(csr::uepc, u.uepc);
    h.csr_write(csr::ucause, u.ucause);
    h.csr_write(csr::utval, u.utval);
    h.csr_write(csr::ustatus, u.ustatus);
    const uint64_t mie = rd(csr::mie) & ~(bit(kUSI) | bit(kUTI) | bit(kUEI));
    h.csr_write(csr::mie, mie | u.uie);
    h.csr_write(csr::suist, suist_for(u.sender_table));
    if (u.receiver) {
      h.csr_write(csr::suirs, UINTRSIM_SUIRS_ENABLE | u.recv_idx);
      // hartid and mode, active: with pending bits waiting, the level line raises USIP again.
      uintc_write(h, u.recv_idx, kLow, UINTRSIM_UINTC_LOW_VALUE(uint64_t(h.hartid()), 1, 1));
    } else {
      h.csr_write(csr::suirs, 0);
    }
  } else {
    h.csr_write(csr::suirs, 0);
    h.csr_write(csr::suist, 0);
    h.csr_write(csr::ustatus, 0);
  }
}

}  // namespace uintrsim::kernel
