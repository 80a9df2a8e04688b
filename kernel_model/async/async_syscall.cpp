// ReL4 asynchronous system calls (docs/async-syscalls.md): the shared NewBuffer, the
// per-thread kernel coroutine that drains the request ring, executes each request through
// the same invocation code as the synchronous path, pushes results and notifies the user
// with uipi.send through the kernel's sender table, and the protocol flags
// (recv_req_status / recv_reply_status) including the thesis protocol's lost-wakeup window.
#include <cstring>

#include "kernel_model/kernel.h"
#include "sim/stats/stats_registry.h"

namespace uintrsim::kernel {

using namespace rv;

// Translates a user virtual address of `t` for a kernel access of `len` bytes (not crossing
// a page); 0 when it is not mapped user-accessible with the needed right.
uint64_t Kernel::user_pa(Tcb* t, uint64_t vaddr, uint64_t len, bool write) {
  if ((vaddr & 0xfff) + len > 0x1000 || vaddr >= (1ull << (UINTRSIM_SV39_VA_BITS - 1))) return 0;
  const sv39::WalkResult w = walk(t->vspace.cap.obj, vaddr);
  if (!w.leaf() || !(w.pte & kPteU) || !(w.pte & kPteR) || (write && !(w.pte & kPteW))) return 0;
  return w.pa(vaddr);
}

// Kernel accesses to user memory, split at page boundaries (ring items straddle pages).
bool Kernel::user_read(KernelPort& h, Tcb* t, uint64_t vaddr, void* out, unsigned len) {
  uint8_t* dst = static_cast<uint8_t*>(out);
  while (len) {
    const unsigned chunk = unsigned(std::min<uint64_t>(len, 0x1000 - (vaddr & 0xfff)));
    const uint64_t pa = user_pa(t, vaddr, chunk, false);
    if (!pa || !h.phys_read(pa, dst, chunk)) return false;
    touch(h, pa, chunk, false);
    vaddr += chunk; dst += chunk; len -= chunk;
  }
  return true;
}

bool Kernel::user_write(KernelPort& h, Tcb* t, uint64_t vaddr, const void* in, unsigned len) {
  const uint8_t* src = static_cast<const uint8_t*>(in);
  while (len) {
    const unsigned chunk = unsigned(std::min<uint64_t>(len, 0x1000 - (vaddr & 0xfff)));
    const uint64_t pa = user_pa(t, vaddr, chunk, true);
    if (!pa || !h.phys_write(pa, src, chunk)) return false;
    touch(h, pa, chunk, true);
    vaddr += chunk; src += chunk; len -= chunk;
  }
  return true;
}

void Kernel::register_async(KernelPort& h, Tcb* t, Slot* s, seL4_MessageInfo_t info) {
  Notification* n = notification_at(s->cap.obj);
  if (!n->uintr || !s->cap.badge) { reply_error(t, seL4_IllegalOperation); return; }  // needs a receiver and a vector
  Slot* fs = extra_cap(h, t, 0, info);
  if (!fs || fs->cap.type != CapType::kFrame || !fs->cap.mapped_asid ||
      fs->cap.mapped_asid != t->vspace.cap.mapped_asid) {
    reply_error(t, seL4_InvalidCapability, {1});
    return;
  }
  const uint64_t base = fs->cap.mapped_vaddr;
  for (uint64_t p = 0; p < ASYNC_BUFFER_PAGES; ++p)
    if (!user_pa(t, base + p * 4096, 8, true)) { reply_error(t, seL4_InvalidArgument, {0}); return; }
  if (async_of(t)) { reply_error(t, seL4_DeleteFirst); return; }
  if (!kernel_sender_table_ && !(kernel_sender_table_ = kernel_page())) { reply_error(t, seL4_NotEnoughMemory); return; }
  if (kernel_sender_entries_ >= info_.sender_entries) { reply_error(t, seL4_NotEnoughMemory); return; }
  auto a = std::make_unique<AsyncCtx>();
  a->tcb = t;
  a->buffer = base;
  a->vector = s->cap.badge & 63;
  a->recv_idx = n->recv_idx;
  a->sender_index = kernel_sender_entries_++;
  write_sender_entry(kernel_sender_table_, a->sender_index, a->vector, a->recv_idx);
  async_.push_back(std::move(a));
  reply_ok(t, {p_.async.mutex_queue ? uint64_t(ASYNC_QUEUE_MUTEX) : uint64_t(ASYNC_QUEUE_LOCKFREE)});
}

AsyncCtx* Kernel::async_of(Tcb* t) {
  for (auto& a : async_)
    if (a->tcb == t) return a.get();
  return nullptr;
}

// WakeSyscallHandler: queue the caller's coroutine (ReL4: the executor's global FIFO); it
// runs where the placement says.
void Kernel::wake_syscall_handler(KernelPort& h, Tcb* t) {
  AsyncCtx* a = async_of(t);
  if (!a) return;
  ++stats_.async_wakes;
  if (!a->queued) {
    a->queued = true;
    async_ready_.push_back(a);
  }
  if (p_.async.placement == AsyncPlacement::kIdleCoreIpi) {
    // Wake the first core whose current priority is below the caller's (idle counts as lowest).
    for (unsigned c = 0; c < cores_.size(); ++c) {
      Tcb* cur = cores_[c].current;
      if (c != h.hartid() && (!cur || cur == &cores_[c].idle || cur->priority < t->priority)) {
        send_ipi(c);
        break;
      }
    }
  }
}

bool Kernel::async_may_run_on(const Core& c, unsigned core) const {
  switch (p_.async.placement) {
    case AsyncPlacement::kTickAnyCore: return c.current && c.current != &c.idle;
    case AsyncPlacement::kTickAllCores: return true;
    case AsyncPlacement::kFixedCore: return core == p_.async.core;
    case AsyncPlacement::kIdleCoreIpi: return true;
    case AsyncPlacement::kPollingCore: return core == p_.async.core;
  }
  return false;
}

// Runs the queued kernel coroutines (ReL4's kernel executor, a FIFO): each drains its
// request ring completely, then goes offline until the next WakeSyscallHandler.
void Kernel::run_async(KernelPort& h) {
  // The trap is accounted to the drain, not to the last invocation it executed.
  const bool any = !async_ready_.empty();
  const Path entry_path = current_path();
  while (!async_ready_.empty()) {
    AsyncCtx* a = async_ready_.front();
    async_ready_.pop_front();
    a->queued = false;
    ++stats_.async_activations;
    h.charge(p_.cost.async_activation);
    drain(h, *a);
  }
  count(any ? Path::kAsyncDrain : entry_path);
}

// Reads user memory for a diagnosis: no cache or timing side effects.
bool Kernel::peek_user(KernelPort& h, Tcb* t, uint64_t vaddr, void* out, unsigned len) {
  const uint64_t pa = user_pa(t, vaddr, len, false);
  return pa && (vaddr & 0xfff) + len <= 0x1000 && h.phys_read(pa, out, len);
}

// Requests waiting in a's request ring (0 when it cannot be read; an inconsistent ring counts
// as non-empty, so the next pop reports it). `timed`: read as the coroutine does, through the
// caches; otherwise a side-effect-free look.
uint64_t Kernel::pending_requests(KernelPort& h, AsyncCtx& a, bool timed) {
  const uint64_t ring = a.buffer + offsetof(NewBuffer, req);
  auto read = [&](uint64_t va, void* out, unsigned len) {
    return timed ? user_read(h, a.tcb, va, out, len) : peek_user(h, a.tcb, va, out, len);
  };
  if (p_.async.mutex_queue) {
    uint64_t se[2] = {0, 0};
    if (!read(ring + offsetof(AsyncMutexRing, start), se, 16) || se[0] == se[1]) return 0;
    if (se[0] >= ASYNC_RING_ENTRIES || se[1] >= ASYNC_RING_ENTRIES) return 1;
    return (se[1] + ASYNC_RING_ENTRIES - se[0]) % ASYNC_RING_ENTRIES;
  }
  uint64_t count = 0;
  return read(ring + offsetof(AsyncRing, count), &count, 8) ? count : 0;
}

// A lost wake-up (thesis protocol): requests wait in a ring whose coroutine is offline and
// not queued, with recv_req_status = false. Only a later submission wakes it; when none
// comes for kernel.async.stranded_timeout_us, the run can never finish: end it with a report
// instead of spinning to the cycle limit.
void Kernel::check_lost_wakeups(KernelPort& h) {
  if (!p_.async.stranded_timeout_us) return;
  uint64_t now = 0;
  now = h.csr_read(csr::time);
  for (auto& a : async_) {
    uint64_t status = 1, count = 0;
    const bool stranded = !a->queued &&
                          peek_user(h, a->tcb, a->buffer + offsetof(NewBuffer, recv_req_status), &status, 8) &&
                          !status && (count = pending_requests(h, *a, false)) != 0;
    if (!stranded) { a->stranded_since = 0; continue; }
    if (!a->stranded_since) { a->stranded_since = now; continue; }
    const uint64_t waited_us = clock_.us_of_ticks(now - a->stranded_since);
    if (waited_us < p_.async.stranded_timeout_us) continue;
    char buf[400];
    std::snprintf(buf, sizeof buf,
                  "kernel: lost wake-up: %llu request(s) have waited %llu us in the request ring of thread '%s' "
                  "while its kernel coroutine is offline (recv_req_status = 0) and nothing will wake it; "
                  "kernel.async.protocol = thesis goes offline without re-checking the ring (use 'fixed'); "
                  "kernel.async.stranded_timeout_us = %llu",
                  (unsigned long long)count, (unsigned long long)waited_us, a->tcb->name.c_str(),
                  (unsigned long long)p_.async.stranded_timeout_us);
    if (info_.deadlock) info_.deadlock(buf);
    return;
  }
}

// Ring access through the owner's page tables; any inconsistency of the guest-written ring
// is an error of that thread, never a host failure.
bool Kernel::ring_pop(KernelPort& h, AsyncCtx& a, uint64_t ring_off, IPCItem& item, bool& empty) {
  Tcb* t = a.tcb;
  const uint64_t ring = a.buffer + ring_off;
  empty = false;
  if (p_.async.mutex_queue) {
    uint64_t lock = 1;
    if (!user_read(h, t, ring + offsetof(AsyncMutexRing, lock), &lock, 8)) return false;
    if (lock) { h.charge(p_.cost.async_lock_spin); empty = true; return true; }  // user holds it: retry later
    uint64_t se[2];
    if (!user_read(h, t, ring + offsetof(AsyncMutexRing, start), se, 16)) return false;
    if (se[0] >= ASYNC_RING_ENTRIES || se[1] >= ASYNC_RING_ENTRIES) return false;
    if (se[0] == se[1]) { empty = true; return true; }
    if (!user_read(h, t, ring + offsetof(AsyncMutexRing, items) + se[0] * sizeof(IPCItem), &item, sizeof item))
      return false;
    const uint64_t start = (se[0] + 1) % ASYNC_RING_ENTRIES;
    return user_write(h, t, ring + offsetof(AsyncMutexRing, start), &start, 8);
  }
  uint64_t count = 0, start = 0;
  if (!user_read(h, t, ring + offsetof(AsyncRing, count), &count, 8) ||
      !user_read(h, t, ring + offsetof(AsyncRing, start), &start, 8))
    return false;
  if (count > ASYNC_RING_ENTRIES || start >= ASYNC_RING_ENTRIES) return false;
  if (count == 0) { empty = true; return true; }
  if (!user_read(h, t, ring + offsetof(AsyncRing, items) + start * sizeof(IPCItem), &item, sizeof item)) return false;
  start = (start + 1) % ASYNC_RING_ENTRIES;
  --count;
  return user_write(h, t, ring + offsetof(AsyncRing, start), &start, 8) &&
         user_write(h, t, ring + offsetof(AsyncRing, count), &count, 8);
}

bool Kernel::ring_push(KernelPort& h, AsyncCtx& a, uint64_t ring_off, const IPCItem& item, bool& full) {
  Tcb* t = a.tcb;
  const uint64_t ring = a.buffer + ring_off;
  full = false;
  if (p_.async.mutex_queue) {
    uint64_t se[2];
    if (!user_read(h, t, ring + offsetof(AsyncMutexRing, start), se, 16)) return false;
    if (se[0] >= ASYNC_RING_ENTRIES || se[1] >= ASYNC_RING_ENTRIES) return false;
    const uint64_t end = (se[1] + 1) % ASYNC_RING_ENTRIES;
    if (end == se[0]) { full = true; return true; }
    if (!user_write(h, t, ring + offsetof(AsyncMutexRing, items) + se[1] * sizeof(IPCItem), &item, sizeof item))
      return false;
    return user_write(h, t, ring + offsetof(AsyncMutexRing, end), &end, 8);
  }
  uint64_t count = 0, end = 0;
  if (!user_read(h, t, ring + offsetof(AsyncRing, count), &count, 8) ||
      !user_read(h, t, ring + offsetof(AsyncRing, end), &end, 8))
    return false;
  if (count > ASYNC_RING_ENTRIES || end >= ASYNC_RING_ENTRIES) return false;
  if (count == ASYNC_RING_ENTRIES) { full = true; return true; }
  if (!user_write(h, t, ring + offsetof(AsyncRing, items) + end * sizeof(IPCItem), &item, sizeof item)) return false;
  end = (end + 1) % ASYNC_RING_ENTRIES;
  ++count;
  return user_write(h, t, ring + offsetof(AsyncRing, end), &end, 8) &&
         user_write(h, t, ring + offsetof(AsyncRing, count), &count, 8);
}

void Kernel::drain(KernelPort& h, AsyncCtx& a) {
  Tcb* t = a.tcb;
  const uint64_t req_off = offsetof(NewBuffer, req), res_off = offsetof(NewBuffer, res);
  for (;;) {
    // The user keeps running on other harts while this coroutine drains: let them run up
    // to this hart's time, so the pop sees every request pushed before it (and none later
    // than one quantum ahead), as the hardware's shared memory would.
    h.sync();
    IPCItem item;
    bool empty = false;
    if (!ring_pop(h, a, req_off, item, empty)) { async_buffer_fault(h, a, "request ring"); return; }
    if (empty) {
      // Going offline: recv_req_status = false. In the thesis protocol the user may push
      // between our empty check and this store, see `true`, and not wake us: stranded.
      h.charge(p_.cost.async_offline_window);
      h.sync();  // let other harts run up to now: the window is real simulated time
      const uint64_t off = 0;
      if (!user_write(h, t, a.buffer + offsetof(NewBuffer, recv_req_status), &off, 8)) {
        async_buffer_fault(h, a, "status flag");
        return;
      }
      if (!pending_requests(h, a, true)) return;
      if (!p_.async.fixed_protocol) {
        // Thesis protocol: nothing re-checks. The request waits until some later wake;
        // count it as stranded (a lost wake-up).
        ++stats_.async_stranded;
        return;
      }
      // Fixed protocol: back online and keep draining.
      const uint64_t on = 1;
      user_write(h, t, a.buffer + offsetof(NewBuffer, recv_req_status), &on, 8);
      ++stats_.async_rechecks;
      continue;
    }
    ++stats_.async_requests;
    h.charge(p_.cost.async_item);
    IPCItem reply = execute_async(h, a, item);
    bool full = false;
    if (!ring_push(h, a, res_off, reply, full)) { async_buffer_fault(h, a, "result ring"); return; }
    if (full) { ++stats_.async_result_overflow; continue; }  // the user is not draining: drop
    uint64_t reply_status = 1;
    if (!user_read(h, t, a.buffer + offsetof(NewBuffer, recv_reply_status), &reply_status, 8)) {
      async_buffer_fault(h, a, "status flag");
      return;
    }
    if (!reply_status) {
      const uint64_t on = 1;
      user_write(h, t, a.buffer + offsetof(NewBuffer, recv_reply_status), &on, 8);
      notify_user(h, a);
    }
  }
}

// Notifies the user's response coroutine: uipi.send through the kernel's sender table on
// the hart the coroutine runs on (the hart's suist is switched to the kernel's table).
void Kernel::notify_user(KernelPort& h, AsyncCtx& a) {
  ++stats_.async_notifications;
  uint64_t saved = 0;
  saved = h.csr_read(csr::suist);
  h.csr_write(csr::suist, suist_for(kernel_sender_table_));
  h.uipi_send(a.sender_index);
  h.csr_write(csr::suist, saved);
  h.charge(p_.cost.async_notify);
}

void Kernel::async_buffer_fault(KernelPort& h, AsyncCtx& a, const char* what) {
  ++stats_.async_buffer_errors;
  char buf[200];
  std::snprintf(buf, sizeof buf,
                "kernel: asynchronous syscall buffer of thread '%s' is inconsistent (%s); its requests are "
                "abandoned until the next wake\n",
                a.tcb->name.c_str(), what);
  info_.console(buf, std::strlen(buf));
  (void)h;
}

// Executes one request with the synchronous invocation code, through a shadow context that
// presents the item's arguments as message registers and extra caps of the owner.
IPCItem Kernel::execute_async(KernelPort& h, AsyncCtx& a, const IPCItem& in) {
  IPCItem out{};
  out.cid = in.cid;
  out.msg_info = in.msg_info;
  const uint16_t* arg = in.extend_msg;
  auto vaddr = [&](int i) { return (uint64_t(arg[i]) | (uint64_t(arg[i + 1]) << 16)) << 12; };
  Tcb& sh = *shadow_;
  Tcb* t = a.tcb;
  sh.cspace = t->cspace;
  sh.vspace = t->vspace;
  sh.core = t->core;
  sh.name = t->name + "(async)";
  auto run = [&](uint64_t service, uint64_t label, std::initializer_list<uint64_t> mrs,
                 std::initializer_list<uint64_t> caps) -> seL4_Error {
    unsigned i = 0;
    for (uint64_t m : mrs) set_mr(h, &sh, i++, m);
    const unsigned nmr = i;
    i = 0;
    for (uint64_t c : caps) {
      const uint64_t pa = shadow_ipc_pa_ + offsetof(seL4_IPCBuffer, caps_or_badges) + 8 * i++;
      h.phys_write(pa, &c, 8);
    }
    const seL4_MessageInfo_t info = seL4_MessageInfo_new(label, 0, caps.size(), nmr);
    sh.regs[kA1] = info.words[0];
    Slot* s = lookup_slot(&sh, service, 64);
    if (!s || s->cap.null()) return seL4_InvalidCapability;
    invoke(h, &sh, s, info, true);
    return seL4_Error(seL4_MessageInfo_get_label(seL4_MessageInfo_t{{sh.regs[kA1]}}));
  };
  seL4_Error err = seL4_NoError;
  switch (in.msg_info) {
    case AsyncPutChar: {
      const char c = char(arg[0]);
      info_.console(&c, 1);
      h.charge(p_.cost.debug_putchar);
      break;
    }
    case AsyncPutString: {
      char s[16];
      const unsigned n = std::min<unsigned>(arg[0], 15);
      for (unsigned i = 0; i < n; ++i) s[i] = char(arg[1 + i]);
      info_.console(s, n);
      h.charge(p_.cost.debug_putchar);
      break;
    }
    case AsyncPageGetAddress:
      err = run(arg[0], RISCVPageGetAddress, {}, {});
      if (!err) {
        const uint64_t pa = sh.regs[kA2];
        for (int i = 0; i < 4; ++i) out.extend_msg[1 + i] = uint16_t(pa >> (16 * i));
      }
      break;
    case AsyncUntypedRetype:
      err = run(arg[0], UntypedRetype, {arg[1], arg[2], arg[4], arg[5], arg[6], arg[7]}, {arg[3]});
      break;
    case AsyncTCBBindNotification: err = run(arg[0], TCBBindNotification, {}, {arg[1]}); break;
    case AsyncTCBUnbindNotification: err = run(arg[0], TCBUnbindNotification, {}, {}); break;
    case AsyncPageTableMap: err = run(arg[0], RISCVPageTableMap, {vaddr(2), arg[4]}, {arg[1]}); break;
    case AsyncPageTableUnmap: err = run(arg[0], RISCVPageTableUnmap, {}, {}); break;
    case AsyncPageMap: err = run(arg[0], RISCVPageMap, {vaddr(2), arg[4], arg[5]}, {arg[1]}); break;
    case AsyncPageUnmap: err = run(arg[0], RISCVPageUnmap, {}, {}); break;
    default: err = seL4_IllegalOperation; break;  // unknown label: an error result, not a fault
  }
  out.extend_msg[0] = uint16_t(err);
  return out;
}

void Kernel::register_async_stats(StatsRegistry& st) {
  KernelStats* s = &stats_;
  st.add_counter("kernel.async.wakes", "syscalls", "WakeSyscallHandler calls by registered threads", [s] { return s->async_wakes; });
  st.add_counter("kernel.async.activations", "activations", "kernel-coroutine runs (executor fetches)",
                 [s] { return s->async_activations; });
  st.add_counter("kernel.async.requests", "requests", "asynchronous requests executed", [s] { return s->async_requests; });
  st.add_counter("kernel.async.notifications", "interrupts", "user interrupts sent to response coroutines",
                 [s] { return s->async_notifications; });
  st.add_counter("kernel.async.stranded", "events",
                 "lost wake-ups: requests found after going offline under the thesis protocol", [s] { return s->async_stranded; });
  st.add_counter("kernel.async.rechecks", "events", "fixed protocol: requests found by the re-check after going offline",
                 [s] { return s->async_rechecks; });
  st.add_counter("kernel.async.buffer_errors", "events", "inconsistent shared buffers (requests abandoned)",
                 [s] { return s->async_buffer_errors; });
  st.add_counter("kernel.async.result_overflow", "requests", "results dropped on a full result ring",
                 [s] { return s->async_result_overflow; });
}

}  // namespace uintrsim::kernel
