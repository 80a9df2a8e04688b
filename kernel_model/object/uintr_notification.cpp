// ReL4 U-notifications: kernel-managed receivers and per-thread sender tables, the
// registration invocations on Notification caps, and the save/restore of a thread's
// user-interrupt state on every context switch (what Linux's uintr and ReL4's uintr_return
// do; docs/hardware-uintr.md, docs/uintr-posted.md and docs/async-syscalls.md). What differs
// between the UINTC and the posted architecture is behind UintrHardware (uintr_hw.h).
#include "kernel_model/object/notifications.h"

#include "kernel_model/kernel.h"
#include "kernel_model/object/uintr_hw.h"
#include "workloads/include/uintrsim/devices.h"

namespace uintrsim::kernel {

using namespace rv;

Notifications::Notifications(Kernel& k, unsigned cores)
    : Part(k), owner_(cores, nullptr), hw_(make_uintr_hardware(k)) {}

Notifications::~Notifications() = default;

void Notifications::write_sender_entry(uint64_t table, unsigned i, uint64_t vector, uint64_t receiver) {
  hw_->write_sender_entry(table, i, vector, receiver);
}

// The invocation's cost (kernel.cost.uintr_register) is charged by the invocation table.
void Notifications::invoke_uintr(const Invocation& inv) {
  KernelPort& h = inv.h;
  Tcb* t = inv.t;
  const seL4_MessageInfo_t info = inv.info;
  Notification* n = objects().notification(inv.s->cap.obj);
  if (!info_.uintc_base && !info_.posted) { reply_error(t, seL4_IllegalOperation); return; }
  switch (inv.label()) {
    case UintrRegisterReceiver: {
      Slot* ts = cspace().extra_cap(h, t, 0, info);
      if (!ts || ts->cap.type != CapType::kThread) { reply_error(t, seL4_InvalidCapability, {1}); return; }
      Tcb* r = objects().tcb(ts->cap.obj);
      if (r->bound != n) { reply_error(t, seL4_IllegalOperation); return; }  // must be bound first
      if (!n->uintr) {
        if (!hw_->alloc_receiver(n->recv_idx)) { reply_error(t, seL4_NotEnoughMemory); return; }
        n->uintr = true;
      }
      uintr_refresh(r);
      r->uintr.receiver = true;
      r->uintr.recv_idx = n->recv_idx;
      // The receiver may be the caller: it becomes active when it next returns to user.
      hw_->reset_receiver(h, n->recv_idx, r->core);
      reply_ok(t, {n->recv_idx, hw_->arch()});
      return;
    }
    case UintrRegisterSender: {
      if (!n->uintr) { reply_error(t, seL4_IllegalOperation); return; }  // no receiver yet
      if (!t->uintr.sender_table && !(t->uintr.sender_table = k_.kernel_page())) {
        reply_error(t, seL4_NotEnoughMemory);
        return;
      }
      if (t->uintr.sender_entries >= hw_->sender_entries()) { reply_error(t, seL4_NotEnoughMemory); return; }
      uintr_refresh(t);
      const unsigned i = t->uintr.sender_entries++;
      write_sender_entry(t->uintr.sender_table, i, inv.s->cap.badge & 0xffff, n->recv_idx);
      touch(h, t->uintr.sender_table + i * (info_.posted ? UINTRSIM_UITTE_BYTES : info_.uist_stride),
            info_.posted ? UINTRSIM_UITTE_BYTES : 8, true);
      hw_->install_sender_table(h, t->uintr.sender_table);
      reply_ok(t, {i, hw_->arch()});
      return;
    }
    case UintrRegisterAsyncSyscall:
      async().register_client(inv);
      return;
    default:
      reply_error(t, seL4_IllegalOperation);
  }
}

// A Signal on a U-notification is delivered as a user interrupt (vector = badge), in
// addition to the notification word.
void Notifications::uintr_signal(KernelPort& h, Notification& n, uint64_t badge) { hw_->signal(h, n.recv_idx, badge); }

void Notifications::kernel_send(KernelPort& h, uint64_t table, unsigned index) { hw_->kernel_send(h, table, index); }

unsigned Notifications::sender_entries() const { return hw_->sender_entries(); }

void Notifications::register_stats(StatsRegistry& st) { hw_->register_stats(st); }

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
    if (t->uintr.receiver) hw_->save(k_.port(unsigned(i)), t->uintr);
    owner_[i] = nullptr;
  }
}

void Notifications::forget(Tcb* t) {
  for (Tcb*& o : owner_)
    if (o == t) o = nullptr;
}

void Notifications::switch_to(KernelPort& h, Tcb* next) {
  Tcb*& owner = owner_[h.hartid()];
  if (next == owner) {
    // The same thread goes back to user mode. ReL4's restore_user_context calls uintr_return
    // on every exit (the receiver entry rewritten, the user-interrupt CSRs restored from the
    // TCB, which then holds what the hart has); a switch-only kernel does nothing here
    // (kernel.uintr.exit_restore).
    if (p_.uintr_restore_every_exit && next && (next->uintr.receiver || next->uintr.sender_table)) {
      capture_uintr_csrs(h, next->uintr);
      h.charge(p_.cost.uintr_return);
      restore_uintr(h, next->uintr);
    }
    return;
  }
  uintr_switch(h, owner, next);
  owner = next;
}

// Context switch of the user-interrupt state (ReL4 uintr_save / uintr_return).
void Notifications::uintr_switch(KernelPort& h, Tcb* prev, Tcb* next) {
  const bool prev_uses = prev && (prev->uintr.receiver || prev->uintr.sender_table);
  const bool next_uses = next && (next->uintr.receiver || next->uintr.sender_table);
  if (!prev_uses && !next_uses) return;
  h.charge(p_.cost.uintr_switch);
  if (prev_uses) {
    capture_uintr_csrs(h, prev->uintr);
    if (prev->uintr.receiver) hw_->switch_out(h, prev->uintr);
  }
  if (next_uses) {
    restore_uintr(h, next->uintr);
  } else {
    hw_->clear_receiver(h);
    hw_->install_sender_table(h, 0);
    h.csr_write(csr::ustatus, 0);
  }
}

// A thread's user-interrupt state onto this hart (the restore half of ReL4 uintr_return).
void Notifications::restore_uintr(KernelPort& h, const Tcb::Uintr& u) {
  h.csr_write(csr::utvec, u.utvec);
  h.csr_write(csr::uscratch, u.uscratch);
  h.csr_write(csr::uepc, u.uepc);
  h.csr_write(csr::ucause, u.ucause);
  h.csr_write(csr::utval, u.utval);
  h.csr_write(csr::ustatus, u.ustatus);
  const uint64_t mie = h.csr_read(csr::mie) & ~(bit(kUSI) | bit(kUTI) | bit(kUEI));
  h.csr_write(csr::mie, mie | u.uie);
  hw_->install_sender_table(h, u.sender_table);
  if (u.receiver) hw_->switch_in(h, u);
  else hw_->clear_receiver(h);
}

}  // namespace uintrsim::kernel
