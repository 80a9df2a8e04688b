// ReL4 asynchronous system calls (docs/async-syscalls.md): the shared NewBuffer, the
// per-thread kernel coroutine that drains the request ring, executes each request through
// the same invocation code as the synchronous path, pushes results and notifies the user
// with uipi.send through the kernel's sender table, and the protocol flags
// (recv_req_status / recv_reply_status) including the thesis protocol's lost-wakeup window.
#include <cstring>

#include "kernel_model/async/async_executor.h"

#include "kernel_model/kernel.h"
#include "sim/stats/stats_registry.h"

namespace uintrsim::kernel {

using namespace rv;

void AsyncExecutor::boot() {
  shadow_ = std::make_unique<Tcb>();
  shadow_->name = "async";
  shadow_ipc_pa_ = k_.kernel_page();
  if (!shadow_ipc_pa_) throw std::logic_error("kernel boot: no kernel page for the shadow IPC buffer");
  shadow_->ipc_frame.cap.type = CapType::kFrame;
  shadow_->ipc_frame.cap.obj = shadow_ipc_pa_;
  shadow_->ipc_frame.cap.size_bits = 12;
  shadow_->ipc_buffer_vaddr = 0x1000;
  shadow_->pa = shadow_ipc_pa_;
}

// Kernel accesses to user memory, split at page boundaries (ring items straddle pages).
bool AsyncExecutor::user_read(KernelPort& h, Tcb* t, uint64_t vaddr, void* out, unsigned len) {
  uint8_t* dst = static_cast<uint8_t*>(out);
  while (len) {
    const unsigned chunk = unsigned(std::min<uint64_t>(len, 0x1000 - (vaddr & 0xfff)));
    const uint64_t pa = vspace().user_pa(t, vaddr, chunk, false);
    if (!pa || !h.phys_read(pa, dst, chunk)) return false;
    touch(h, pa, chunk, false);
    vaddr += chunk; dst += chunk; len -= chunk;
  }
  return true;
}

bool AsyncExecutor::user_write(KernelPort& h, Tcb* t, uint64_t vaddr, const void* in, unsigned len) {
  const uint8_t* src = static_cast<const uint8_t*>(in);
  while (len) {
    const unsigned chunk = unsigned(std::min<uint64_t>(len, 0x1000 - (vaddr & 0xfff)));
    const uint64_t pa = vspace().user_pa(t, vaddr, chunk, true);
    if (!pa || !h.phys_write(pa, src, chunk)) return false;
    touch(h, pa, chunk, true);
    vaddr += chunk; src += chunk; len -= chunk;
  }
  return true;
}

void AsyncExecutor::register_client(const Invocation& inv) {
  KernelPort& h = inv.h;
  Tcb* t = inv.t;
  Slot* s = inv.s;
  const seL4_MessageInfo_t info = inv.info;
  Notification* n = objects().notification(s->cap.obj);
  if (!n->uintr || !s->cap.badge) { reply_error(t, seL4_IllegalOperation); return; }  // needs a receiver and a vector
  Slot* fs = cspace().extra_cap(h, t, 0, info);
  if (!fs || fs->cap.type != CapType::kFrame || !fs->cap.mapped_asid ||
      fs->cap.mapped_asid != t->vspace.cap.mapped_asid) {
    reply_error(t, seL4_InvalidCapability, {1});
    return;
  }
  const uint64_t base = fs->cap.mapped_vaddr;
  for (uint64_t p = 0; p < ASYNC_BUFFER_PAGES; ++p)
    if (!vspace().user_pa(t, base + p * 4096, 8, true)) { reply_error(t, seL4_InvalidArgument, {0}); return; }
  if (client_of(t)) { reply_error(t, seL4_DeleteFirst); return; }
  if (!sender_table_ && !(sender_table_ = k_.kernel_page())) { reply_error(t, seL4_NotEnoughMemory); return; }
  if (sender_entries_ >= notifications().sender_entries()) { reply_error(t, seL4_NotEnoughMemory); return; }
  auto a = std::make_unique<AsyncCtx>();
  a->tcb = t;
  a->buffer = base;
  a->vector = s->cap.badge & 63;
  a->recv_idx = n->recv_idx;
  a->sender_index = sender_entries_++;
  notifications().write_sender_entry(sender_table_, a->sender_index, a->vector, a->recv_idx);
  if (info_.trace) {  // the timeline reads the rings' indices where they are
    std::vector<uint64_t> pages;
    for (uint64_t p = 0; p < ASYNC_BUFFER_PAGES; ++p) pages.push_back(vspace().user_pa(t, base + p * 4096, 8, false));
    info_.trace->async_client(t->pa, t->name, pages, p_.async.mutex_queue);
  }
  clients_.push_back(std::move(a));
  // MR1: the user's response coroutine goes offline by the same protocol as the kernel's.
  reply_ok(t, {p_.async.mutex_queue ? uint64_t(ASYNC_QUEUE_MUTEX) : uint64_t(ASYNC_QUEUE_LOCKFREE),
               p_.async.fixed_protocol ? uint64_t(ASYNC_PROTOCOL_FIXED) : uint64_t(ASYNC_PROTOCOL_THESIS)});
}

AsyncCtx* AsyncExecutor::client_of(Tcb* t) {
  for (auto& a : clients_)
    if (a->tcb == t) return a.get();
  return nullptr;
}

// WakeSyscallHandler: queue the caller's coroutine (ReL4: the executor's global FIFO); it
// runs where the placement says.
void AsyncExecutor::wake(KernelPort& h, Tcb* t) {
  AsyncCtx* a = client_of(t);
  if (!a) return;
  ++stats_.wakes;
  if (info_.trace) info_.trace->kernel_instant(h.hartid(), h.cycle(), "wake", t->name);
  if (!a->queued) {
    a->queued = true;
    a->woken_cycle = h.cycle();
    ready_.push_back(a);
  }
  if (p_.async.placement == AsyncPlacement::kIdleCoreIpi) {
    // Wake the first core whose current priority is below the caller's (idle counts as lowest).
    for (unsigned c = 0; c < sched().cores(); ++c) {
      const Tcb* cur = sched().user_thread(c);
      if (c != h.hartid() && (!cur || cur->priority < t->priority)) {
        sched().send_ipi(c);
        break;
      }
    }
  }
}

bool AsyncExecutor::may_run_on(unsigned core) const {
  switch (p_.async.placement) {
    case AsyncPlacement::kTickAnyCore: return !sched().idle(core);
    case AsyncPlacement::kTickAllCores: return true;
    case AsyncPlacement::kFixedCore: return core == p_.async.core;
    case AsyncPlacement::kIdleCoreIpi: return true;
    case AsyncPlacement::kPollingCore: return core == p_.async.core;
  }
  return false;
}

// Runs the queued kernel coroutines (ReL4's kernel executor, a FIFO): each drains its
// request ring completely, then goes offline until the next WakeSyscallHandler.
void AsyncExecutor::run(KernelPort& h) {
  // The trap is accounted to the drain, not to the last invocation it executed.
  const bool any = !ready_.empty();
  const Path entry_path = claimed();
  while (!ready_.empty()) {
    AsyncCtx* a = ready_.front();
    ready_.pop_front();
    a->queued = false;
    ++stats_.activations;
    if (registry_) registry_->sample(*wake_to_serve_, h.cycle() - std::min(h.cycle(), a->woken_cycle));
    if (info_.trace) info_.trace->coroutine_begin(h.hartid(), h.cycle(), a->tcb->pa);
    h.charge(p_.cost.async_activation);
    const uint64_t before = stats_.requests;
    drain(h, *a);
    if (h.hartid() < stats_.requests_on_hart.size()) stats_.requests_on_hart[h.hartid()] += stats_.requests - before;
    if (registry_) registry_->sample(*batch_size_, stats_.requests - before);
    if (info_.trace) info_.trace->coroutine_end(h.hartid(), h.cycle());
  }
  claim(any ? Path::kAsyncDrain : entry_path);
}

// Reads user memory for a diagnosis: no cache or timing side effects.
bool AsyncExecutor::peek_user(KernelPort& h, Tcb* t, uint64_t vaddr, void* out, unsigned len) {
  const uint64_t pa = vspace().user_pa(t, vaddr, len, false);
  return pa && (vaddr & 0xfff) + len <= 0x1000 && h.phys_read(pa, out, len);
}

// Requests waiting in a's request ring (0 when it cannot be read; an inconsistent ring counts
// as non-empty, so the next pop reports it). `timed`: read as the coroutine does, through the
// caches; otherwise a side-effect-free look.
uint64_t AsyncExecutor::pending_requests(KernelPort& h, AsyncCtx& a, bool timed) {
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

// Results waiting in a's result ring, by a side-effect-free look (0 when it cannot be read
// or is inconsistent: that is reported by the next push, not as a lost wake-up).
uint64_t AsyncExecutor::pending_results(KernelPort& h, AsyncCtx& a) {
  const uint64_t ring = a.buffer + offsetof(NewBuffer, res);
  if (p_.async.mutex_queue) {
    uint64_t se[2] = {0, 0};
    if (!peek_user(h, a.tcb, ring + offsetof(AsyncMutexRing, start), se, 16)) return 0;
    if (se[0] >= ASYNC_RING_ENTRIES || se[1] >= ASYNC_RING_ENTRIES) return 0;
    return (se[1] + ASYNC_RING_ENTRIES - se[0]) % ASYNC_RING_ENTRIES;
  }
  uint64_t count = 0;
  if (!peek_user(h, a.tcb, ring + offsetof(AsyncRing, count), &count, 8)) return 0;
  return count <= ASYNC_RING_ENTRIES ? count : 0;
}

void AsyncExecutor::check_lost_wakeups(KernelPort& h) {
  const uint64_t now = h.csr_read(csr::time);
  for (auto& a : clients_)
    if (check_stranded_requests(h, *a, now) || check_stranded_results(h, *a, now)) return;
}

// A lost wake-up of the kernel coroutine (thesis protocol): requests wait in a ring whose
// coroutine is offline and not queued, with recv_req_status = false. Only a later submission
// wakes it; when none comes for kernel.async.stranded_timeout_us, the run can never finish:
// end it with a report instead of spinning to the cycle limit. True when it reported.
bool AsyncExecutor::check_stranded_requests(KernelPort& h, AsyncCtx& a, uint64_t now) {
  if (!p_.async.stranded_timeout_us) return false;
  uint64_t status = 1, count = 0;
  const bool stranded = !a.queued && peek_user(h, a.tcb, a.buffer + offsetof(NewBuffer, recv_req_status), &status, 8) &&
                        !status && (count = pending_requests(h, a, false)) != 0;
  if (!stranded) { a.stranded_since = 0; return false; }
  if (!a.stranded_since) { a.stranded_since = now; return false; }
  const uint64_t waited_us = k_.clock().us_of_ticks(now - a.stranded_since);
  if (waited_us < p_.async.stranded_timeout_us) return false;
  char buf[400];
  std::snprintf(buf, sizeof buf,
                "kernel: lost wake-up: %llu request(s) have waited %llu us in the request ring of thread '%s' "
                "while its kernel coroutine is offline (recv_req_status = 0) and nothing will wake it; "
                "kernel.async.protocol = thesis goes offline without re-checking the ring (use 'fixed'); "
                "kernel.async.stranded_timeout_us = %llu",
                (unsigned long long)count, (unsigned long long)waited_us, a.tcb->name.c_str(),
                (unsigned long long)p_.async.stranded_timeout_us);
  if (info_.deadlock) info_.deadlock(buf);
  return true;
}

// User cycles a thread runs, after results were first seen stranded, before they count as a
// lost wake-up: the fixed protocol's re-check follows the store of recv_reply_status = 0 by a
// few instructions, so a thread preempted between the two has passed it after this much.
constexpr uint64_t kRecheckUserCycles = 10000;

// A lost wake-up of the user's response coroutine: results wait in the result ring while
// recv_reply_status = 0. The kernel stores 1 before every notification, so the flag reads 0
// with results waiting only when the user stored 0 after they were pushed -- the thesis
// protocol's window (the coroutine then sleeps without looking again) or, in the fixed one,
// the few instructions before its re-check. An interrupt in flight, or a response coroutine
// woken but not yet run, keeps the flag at 1. An episode counts (kernel.async.stranded_results)
// once the thread has run kRecheckUserCycles of user code with the results still there and no
// notification sent meanwhile; only a later result's interrupt rescues them, so when none comes
// for kernel.async.stranded_timeout_us the run ends with a report. True when it reported.
bool AsyncExecutor::check_stranded_results(KernelPort& h, AsyncCtx& a, uint64_t now) {
  auto& r = a.results;
  uint64_t status = 1, count = 0;
  const bool stranded = peek_user(h, a.tcb, a.buffer + offsetof(NewBuffer, recv_reply_status), &status, 8) &&
                        !status && (count = pending_results(h, a)) != 0;
  if (!stranded) { r = {}; return false; }
  if (!r.since || r.notified != a.notified) {  // first seen, or an interrupt was sent since
    r = {};
    r.since = now;
    r.user_cycles = a.tcb->user_cycles;
    r.notified = a.notified;
    return false;
  }
  if (!r.counted) {
    if (a.tcb->user_cycles - r.user_cycles < kRecheckUserCycles) return false;
    r.counted = true;
    ++stats_.stranded_results;
  }
  if (!p_.async.stranded_timeout_us) return false;
  const uint64_t waited_us = k_.clock().us_of_ticks(now - r.since);
  if (waited_us < p_.async.stranded_timeout_us) return false;
  char buf[600];
  std::snprintf(buf, sizeof buf,
                "kernel: lost wake-up: %llu result(s) have waited %llu us in the result ring of thread '%s' "
                "while its response coroutine is offline (recv_reply_status = 0) and no user interrupt will wake "
                "it; kernel.async.protocol = %s; kernel.async.stranded_timeout_us = %llu",
                (unsigned long long)count, (unsigned long long)waited_us, a.tcb->name.c_str(),
                p_.async.fixed_protocol
                    ? "fixed, but the thread's runtime did not re-check the result ring after going offline "
                      "(the registration reply tells it the protocol)"
                    : "thesis: the response coroutine goes offline without re-checking the ring (use 'fixed')",
                (unsigned long long)p_.async.stranded_timeout_us);
  if (info_.deadlock) info_.deadlock(buf);
  return true;
}

// Ring access through the owner's page tables; any inconsistency of the guest-written ring
// is an error of that thread, never a host failure.
bool AsyncExecutor::ring_pop(KernelPort& h, AsyncCtx& a, uint64_t ring_off, IPCItem& item, bool& empty) {
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

bool AsyncExecutor::ring_push(KernelPort& h, AsyncCtx& a, uint64_t ring_off, const IPCItem& item, bool& full) {
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

// The timeline's view of a ring index (the slot the next pop reads or the next push writes):
// a side-effect-free look, taken only when tracing.
uint64_t AsyncExecutor::trace_ring_index(KernelPort& h, AsyncCtx& a, uint64_t ring_off, bool start) {
  const uint64_t field = p_.async.mutex_queue ? (start ? offsetof(AsyncMutexRing, start) : offsetof(AsyncMutexRing, end))
                                              : (start ? offsetof(AsyncRing, start) : offsetof(AsyncRing, end));
  uint64_t v = 0;
  peek_user(h, a.tcb, a.buffer + ring_off + field, &v, 8);
  return v;
}

void AsyncExecutor::drain(KernelPort& h, AsyncCtx& a) {
  Tcb* t = a.tcb;
  const uint64_t req_off = offsetof(NewBuffer, req), res_off = offsetof(NewBuffer, res);
  trace::TraceSink* const tr = info_.trace;
  for (;;) {
    // The user keeps running on other harts while this coroutine drains: let them run up
    // to this hart's time, so the pop sees every request pushed before it (and none later
    // than one quantum ahead), as the hardware's shared memory would.
    h.sync();
    IPCItem item;
    bool empty = false;
    const uint64_t req_idx = tr ? trace_ring_index(h, a, req_off, true) : 0;
    if (!ring_pop(h, a, req_off, item, empty)) { buffer_fault(h, a, "request ring"); return; }
    if (empty) {
      // Going offline: recv_req_status = false. In the thesis protocol the user may push
      // between our empty check and this store, see `true`, and not wake us: stranded.
      const uint64_t window_begin = h.cycle();
      h.charge(p_.cost.async_offline_window);
      h.sync();  // let other harts run up to now: the window is real simulated time
      const uint64_t off = 0;
      if (!user_write(h, t, a.buffer + offsetof(NewBuffer, recv_req_status), &off, 8)) {
        buffer_fault(h, a, "status flag");
        return;
      }
      if (!pending_requests(h, a, true)) {
        if (tr) tr->coroutine_offline(h.hartid(), window_begin, h.cycle(), "offline");
        return;
      }
      if (!p_.async.fixed_protocol) {
        // Thesis protocol: nothing re-checks. The request waits until some later wake;
        // count it as stranded (a lost wake-up).
        ++stats_.stranded;
        if (tr) tr->coroutine_offline(h.hartid(), window_begin, h.cycle(), "stranded");
        return;
      }
      if (tr) tr->coroutine_offline(h.hartid(), window_begin, h.cycle(), "recheck");
      // Fixed protocol: back online and keep draining.
      const uint64_t on = 1;
      user_write(h, t, a.buffer + offsetof(NewBuffer, recv_req_status), &on, 8);
      ++stats_.rechecks;
      continue;
    }
    ++stats_.requests;
    h.charge(p_.cost.async_item);
    IPCItem reply = execute(h, a, item);
    // The result exists from the end of its execution: let the other harts run up to now
    // before it becomes visible to them (and before its interrupt), or a user on another hart
    // behind in local time would see it early -- even before the send that announces it.
    h.sync();
    bool full = false;
    const uint64_t res_idx = tr ? trace_ring_index(h, a, res_off, false) : 0;
    if (!ring_push(h, a, res_off, reply, full)) { buffer_fault(h, a, "result ring"); return; }
    if (tr) tr->coroutine_item(h.hartid(), h.cycle(), req_idx, item.cid, item.msg_info, full ? -1 : int64_t(res_idx));
    if (full) { ++stats_.result_overflow; continue; }  // the user is not draining: drop
    uint64_t reply_status = 1;
    if (!user_read(h, t, a.buffer + offsetof(NewBuffer, recv_reply_status), &reply_status, 8)) {
      buffer_fault(h, a, "status flag");
      return;
    }
    if (!reply_status) {
      const uint64_t on = 1;
      user_write(h, t, a.buffer + offsetof(NewBuffer, recv_reply_status), &on, 8);
      notify_user(h, a);
    }
  }
}

// Notifies the user's response coroutine: uipi.send (senduipi) through the kernel's sender
// table on the hart the coroutine runs on (the hart's suist/suitt is switched to the kernel's).
void AsyncExecutor::notify_user(KernelPort& h, AsyncCtx& a) {
  ++stats_.notifications;
  ++a.notified;
  notifications().kernel_send(h, sender_table_, a.sender_index);
  h.charge(p_.cost.async_notify);
}

void AsyncExecutor::buffer_fault(KernelPort& h, AsyncCtx& a, const char* what) {
  ++stats_.buffer_errors;
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
IPCItem AsyncExecutor::execute(KernelPort& h, AsyncCtx& a, const IPCItem& in) {
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
    for (uint64_t m : mrs) ipc().set_mr(h, &sh, i++, m);
    const unsigned nmr = i;
    i = 0;
    for (uint64_t c : caps) {
      const uint64_t pa = shadow_ipc_pa_ + offsetof(seL4_IPCBuffer, caps_or_badges) + 8 * i++;
      h.phys_write(pa, &c, 8);
    }
    const seL4_MessageInfo_t info = seL4_MessageInfo_new(label, 0, caps.size(), nmr);
    sh.regs[kA1] = info.words[0];
    Slot* s = cspace().lookup_slot(&sh, service, 64);
    if (!s || s->cap.null()) return seL4_InvalidCapability;
    syscalls().invoke(h, &sh, s, info, true);
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
    case AsyncNop: h.charge(p_.cost.async_nop); break;  // the null request: nothing but its named cost
    default: err = seL4_IllegalOperation; break;  // unknown label: an error result, not a fault
  }
  out.extend_msg[0] = uint16_t(err);
  return out;
}

void AsyncExecutor::register_stats(StatsRegistry& st) {
  registry_ = &st;
  batch_size_ = &st.add_distribution("kernel.async.batch_size", "requests",
                                     "requests a kernel coroutine executed per activation");
  wake_to_serve_ = &st.add_distribution(
      "kernel.async.wake_to_serve", "cycles",
      "from WakeSyscallHandler queueing an offline coroutine to its activation (the serving hart's clock)");
  const Stats* s = &stats_;
  st.add_counter("kernel.async.wakes", "syscalls", "WakeSyscallHandler calls by registered threads", [s] { return s->wakes; });
  st.add_counter("kernel.async.activations", "activations", "kernel-coroutine runs (executor fetches)",
                 [s] { return s->activations; });
  st.add_counter("kernel.async.requests", "requests", "asynchronous requests executed", [s] { return s->requests; });
  stats_.requests_on_hart.assign(k_.harts(), 0);
  for (unsigned i = 0; i < k_.harts(); ++i)
    st.add_counter("kernel.async.requests.hart" + std::to_string(i), "requests",
                   "asynchronous requests executed by kernel coroutines on hart " + std::to_string(i),
                   [s, i] { return s->requests_on_hart[i]; });
  st.add_counter("kernel.async.notifications", "interrupts", "user interrupts sent to response coroutines",
                 [s] { return s->notifications; });
  st.add_counter("kernel.async.stranded", "events",
                 "lost wake-ups: requests found after going offline under the thesis protocol", [s] { return s->stranded; });
  st.add_counter("kernel.async.stranded_results", "events",
                 "lost wake-ups of response coroutines: episodes of results left in a result ring behind "
                 "recv_reply_status = 0 while the thread ran on (the thesis protocol's user side)",
                 [s] { return s->stranded_results; });
  st.add_counter("kernel.async.rechecks", "events", "fixed protocol: requests found by the re-check after going offline",
                 [s] { return s->rechecks; });
  st.add_counter("kernel.async.buffer_errors", "events", "inconsistent shared buffers (requests abandoned)",
                 [s] { return s->buffer_errors; });
  st.add_counter("kernel.async.result_overflow", "requests", "results dropped on a full result ring",
                 [s] { return s->result_overflow; });
}

}  // namespace uintrsim::kernel
