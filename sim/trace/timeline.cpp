// The timeline writer: Chrome trace-event JSON from the sink's reports (timeline.h): tracks,
// event construction, the hart, the UINTC, the platform and the kernel model. Asynchronous
// syscalls: timeline_async.cpp; the window and the output: timeline_output.cpp.
#include "sim/trace/timeline.h"

#include <algorithm>

#include "sim/trace/timeline_internal.h"

namespace uintrsim::trace {

using namespace detail;

// --- construction, tracks ------------------------------------------------------------------------

Timeline::Timeline(std::FILE* out, const TimelineOptions& opt, const Clock& clock, unsigned harts, PeekFn peek,
                   const std::string& other_json)
    : out_(out), opt_(opt), clock_(clock), peek_(std::move(peek)), usip_level_(harts, -1), other_json_(other_json) {
  if (!opt_.roi_only) {
    have_begin_ = have_end_ = true;
    begin_ns_ = opt_.window_begin_ns;
    end_ns_ = opt_.window_end_ns;
  }
  write_raw("{\"traceEvents\":[\n");
  meta("\"pid\":1,\"name\":\"process_name\",\"args\":{\"name\":\"machine\"}");
  meta("\"pid\":1,\"name\":\"process_sort_index\",\"args\":{\"sort_index\":1}");
  meta("\"pid\":2,\"name\":\"process_name\",\"args\":{\"name\":\"threads\"}");
  meta("\"pid\":2,\"name\":\"process_sort_index\",\"args\":{\"sort_index\":2}");
  name_thread(platform_track(), "platform (ROI)", 0);
  name_thread(uintc_track(), "UINTC", 1);
  for (unsigned h = 0; h < harts; ++h) {
    harts_.push_back(std::make_unique<HartTrack>());
    name_thread(hart_track(h), "hart " + std::to_string(h), 10 + 2 * int(h));
    name_thread(kernel_track(h), "hart " + std::to_string(h) + " kernel", 11 + 2 * int(h));
  }
}

Timeline::~Timeline() = default;

Timeline::HartTrack& Timeline::hart(unsigned h) {
  while (h >= harts_.size()) harts_.push_back(std::make_unique<HartTrack>());
  return *harts_[h];
}

void Timeline::name_thread(Track t, const std::string& name, int sort) {
  meta("\"pid\":" + num(t.pid) + ",\"tid\":" + num(t.tid) + ",\"name\":\"thread_name\",\"args\":{\"name\":" + q(name) + "}");
  meta("\"pid\":" + num(t.pid) + ",\"tid\":" + num(t.tid) + ",\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":" +
       std::to_string(sort) + "}");
}

Timeline::Thread& Timeline::thread(uint64_t tcb, const std::string& name) {
  const std::string key = hex(tcb) + "/" + name;
  auto it = threads_.find(key);
  if (it != threads_.end()) return it->second;
  Thread& t = threads_[key];
  t.tid = next_thread_tid_++;
  t.name = name;
  name_thread({2, t.tid}, name, 2 * t.tid);
  return t;
}

Timeline::Client* Timeline::client_of(uint64_t tcb) {
  if (!tcb) return nullptr;
  for (auto& c : clients_)
    if (c->tcb == tcb) return c.get();
  return nullptr;
}

// --- event construction -------------------------------------------------------------------------

void Timeline::slice(Track t, uint64_t b, uint64_t e, const std::string& name, const char* cat, const std::string& args,
                     const char* colour) {
  Event ev;
  ev.ph = 'X';
  ev.ts = b;
  ev.dur = e > b ? e - b : 0;
  ev.lo = b;
  ev.hi = b + ev.dur;
  ev.body = "\"pid\":" + num(t.pid) + ",\"tid\":" + num(t.tid) + ",\"name\":" + q(name) + ",\"cat\":\"" + cat + "\"";
  if (colour) ev.body += std::string(",\"cname\":\"") + colour + "\"";
  if (!args.empty()) ev.body += ",\"args\":{" + args + "}";
  push(std::move(ev));
}

void Timeline::instant(Track t, uint64_t at, const std::string& name, const char* cat, const std::string& args) {
  Event ev;
  ev.ph = 'i';
  ev.ts = ev.lo = ev.hi = at;
  ev.body = "\"s\":\"t\",\"pid\":" + num(t.pid) + ",\"tid\":" + num(t.tid) + ",\"name\":" + q(name) + ",\"cat\":\"" +
            cat + "\"";
  if (!args.empty()) ev.body += ",\"args\":{" + args + "}";
  push(std::move(ev));
}

void Timeline::counter(int pid, const std::string& name, uint64_t at, int64_t value) {
  Event ev;
  ev.ph = 'C';
  ev.ts = ev.lo = ev.hi = at;
  ev.counter_key = num(pid) + "/" + name;
  ev.body = "\"pid\":" + num(pid) + ",\"name\":" + q(name) + ",\"cat\":\"counter\",\"args\":{\"value\":" +
            std::to_string(value) + "}";
  push(std::move(ev));
}

// One flow: its points in order ("s", then "t" steps, then "f"); each binds to the slice that
// encloses it on its track. Kept or dropped as a whole.
void Timeline::flow(uint64_t id, const char* cat, const std::string& name, const std::vector<FlowPoint>& points) {
  std::vector<FlowPoint> pts;
  for (const FlowPoint& f : points)
    if (f.set) pts.push_back(f);
  if (pts.empty()) return;
  // Time order: each point after the one before it, where their ranges allow.
  for (size_t i = 1; i < pts.size(); ++i)
    if (pts[i].ns <= pts[i - 1].ns && pts[i].lo <= pts[i].hi) pts[i].ns = std::min(pts[i].hi, pts[i - 1].ns + 1);
  for (size_t i = pts.size() - 1; i-- > 0;)
    if (pts[i].ns >= pts[i + 1].ns && pts[i].lo <= pts[i].hi) pts[i].ns = std::max(pts[i].lo, pts[i + 1].ns - 1);
  uint64_t lo = ~0ull, hi = 0;
  for (const FlowPoint& f : pts) { lo = std::min(lo, f.ns); hi = std::max(hi, f.ns); }
  for (size_t i = 0; i < pts.size(); ++i) {
    Event ev;
    ev.ph = i == 0 ? 's' : i + 1 == pts.size() ? 'f' : 't';
    ev.ts = pts[i].ns;
    ev.lo = lo;
    ev.hi = hi;
    ev.flow = true;
    ev.body = "\"pid\":" + num(pts[i].track.pid) + ",\"tid\":" + num(pts[i].track.tid) + ",\"name\":" + q(name) +
              ",\"cat\":\"" + cat + "\",\"id\":" + num(id) + ",\"bp\":\"e\"";
    push(std::move(ev));
  }
}

void Timeline::meta(const std::string& body) {
  Event ev;
  ev.ph = 'M';
  ev.meta = true;
  ev.body = body;
  push(std::move(ev));
}

// --- the hart -------------------------------------------------------------------------------------

void Timeline::end_state(unsigned h, uint64_t cycle) {
  HartTrack& t = hart(h);
  if (t.state == HartState::kUser && t.uh_open) close_user_handler(h, cycle, "left U-mode");
  // Colours for viewers that take the format's reserved colour names (chrome://tracing).
  static const char* const kColour[] = {"thread_state_running", "thread_state_iowait", "thread_state_uninterruptible",
                                        "thread_state_sleeping"};
  if (cycle > t.since)
    slice(hart_track(h), ns(t.since), ns(cycle), state_name(t.state), "hart", t.state_args, kColour[unsigned(t.state)]);
}

void Timeline::hart_state(unsigned h, uint64_t cycle, HartState s) {
  HartTrack& t = hart(h);
  if (s == t.state) return;
  end_state(h, cycle);
  t.state = s;
  t.since = cycle;
  t.state_args.clear();
  if (t.have_cause) {
    t.state_args = "\"entered_by\":" + q(cause_name(t.cause)) + ",\"epc\":\"" + hex(t.epc) + "\"";
    t.have_cause = false;
  }
}

void Timeline::hart_trap(unsigned h, uint64_t cycle, uint64_t cause, uint64_t epc, HartState target, uint64_t suirs) {
  HartTrack& t = hart(h);
  if (target != HartState::kUser) {
    t.have_cause = true;
    t.cause = cause;
    t.epc = epc;
    return;
  }
  // A user-level trap: the hart stays in U-mode and jumps to utvec.
  if (t.uh_open) close_user_handler(h, cycle, "another user trap");
  t.uh_open = true;
  t.uh_begin = cycle;
  t.uh_child_set = false;
  t.uh_cause = cause;
  t.uh_entry_valid = (suirs & UINTRSIM_SUIRS_ENABLE) != 0;
  t.uh_entry = unsigned(suirs & UINTRSIM_SUIRS_INDEX_MASK);
  t.uh_sends.clear();
  if (cause == (kInterrupt | rv::kUSI) && t.uh_entry_valid) {
    // The SENDs pending on the hart's receiver entry are what this trap delivers.
    auto it = pending_sends_.find(t.uh_entry);
    if (it != pending_sends_.end()) {
      t.uh_sends = std::move(it->second);
      pending_sends_.erase(it);
    }
  }
}

void Timeline::close_user_handler(unsigned h, uint64_t cycle, const char* why) {
  HartTrack& t = hart(h);
  if (!t.uh_open) return;
  t.uh_open = false;
  const bool usi = t.uh_cause == (kInterrupt | rv::kUSI);
  std::string args = "\"cause\":" + q(cause_name(t.uh_cause)) + ",\"ended_by\":" + q(why);
  if (t.uh_entry_valid) args += ",\"uintc_entry\":" + num(t.uh_entry);
  if (usi) args += ",\"sends_delivered\":" + num(t.uh_sends.size());
  const uint64_t b = ns(t.uh_begin), e = std::max(ns(cycle), b);
  slice(hart_track(h), b, e, usi ? "user interrupt" : "user trap: " + cause_name(t.uh_cause), "uintr", args);
  // The arrows end in the handler before anything nested in it (a uipi.send of the handler's
  // own), so that a viewer binds them to the handler's slice.
  const uint64_t lim = t.uh_child_set ? std::clamp(ns(t.uh_child), b, e) : e;
  const FlowPoint to{hart_track(h), b + (lim - b) / 2, true};
  for (const PendingSend& p : t.uh_sends) flow(p.id, "uipi", "uipi", {p.from, to});
  t.uh_sends.clear();
}

void Timeline::user_trap_return(unsigned h, uint64_t cycle) { close_user_handler(h, cycle, "uret"); }

void Timeline::uipi_send_begin(unsigned h, uint64_t cycle, uint64_t index) {
  HartTrack& t = hart(h);
  t.send_open = true;
  t.send_begin = cycle;
  if (t.uh_open && !t.uh_child_set) {
    t.uh_child_set = true;
    t.uh_child = cycle;
  }
  t.send_index = index;
  t.send_flows.clear();
}

void Timeline::uipi_send_end(unsigned h, uint64_t cycle, uint64_t cycles, const char* outcome) {
  HartTrack& t = hart(h);
  if (!t.send_open) return;
  t.send_open = false;
  const uint64_t b = ns(t.send_begin), e = std::max(ns(cycle + cycles), b);
  slice(hart_track(h), b, e, "uipi.send", "uipi",
        "\"index\":" + num(t.send_index) + ",\"outcome\":" + q(outcome) + ",\"in_kernel\":" + (t.k_open ? "true" : "false"));
  resolve_sends(t.send_flows, {hart_track(h), b + (e - b) / 2, true});
}

// The SENDs issued inside a slice start their flows at its middle (inside it, whatever the
// order in which a viewer sorts slices and flow points that share a timestamp).
void Timeline::resolve_sends(std::vector<std::pair<unsigned, uint64_t>>& sends, FlowPoint from) {
  for (const auto& [entry, id] : sends) {
    auto it = pending_sends_.find(entry);
    if (it == pending_sends_.end()) continue;  // no trap can take it before the slice ends
    for (auto p = it->second.rbegin(); p != it->second.rend(); ++p)
      if (p->id == id) { p->from = from; break; }
  }
  sends.clear();
}

// --- the UINTC ---------------------------------------------------------------------------------

void Timeline::uintc_send(uint64_t ps, unsigned entry, unsigned vector) {
  const uint64_t id = next_flow_++;
  PendingSend p{id, {}};
  // Only one hart runs at a time: the one inside uipi.send (or the kernel's SEND) issued it.
  HartTrack* by = nullptr;
  for (auto& h : harts_)
    if (h->send_open) by = h.get();
  if (by) {
    by->send_flows.emplace_back(entry, id);
  } else {
    HartTrack* k = nullptr;
    for (auto& h : harts_)
      if (h->ks_open) k = h.get();
    if (k) {
      k->ks_flows.emplace_back(entry, id);
    } else {
      // A plain store to SEND: a marker on the UINTC track.
      const uint64_t at = ps / 1000;
      slice(uintc_track(), at, at + 10, "SEND (store)", "uipi", "\"entry\":" + num(entry) + ",\"vector\":" + num(vector));
      p.from = {uintc_track(), at + 5, true};
    }
  }
  pending_sends_[entry].push_back(p);
}

void Timeline::uintc_read(uint64_t ps, unsigned entry) {
  auto it = pending_sends_.find(entry);
  if (it == pending_sends_.end() || it->second.empty()) return;
  // Pending bits taken by uipi.read: by the user handler running on that entry, if one is.
  for (unsigned h = 0; h < harts_.size(); ++h) {
    HartTrack& t = *harts_[h];
    if (t.uh_open && t.uh_entry_valid && t.uh_entry == entry) {
      for (PendingSend& p : it->second) t.uh_sends.push_back(p);
      pending_sends_.erase(it);
      return;
    }
  }
  const uint64_t at = ps / 1000;
  slice(uintc_track(), at, at + 10, "pending read without a user trap", "uipi",
        "\"entry\":" + num(entry) + ",\"sends\":" + num(it->second.size()));
  for (const PendingSend& p : it->second) flow(p.id, "uipi", "uipi", {p.from, {uintc_track(), at + 5, true}});
  pending_sends_.erase(it);
}

void Timeline::usip_line(uint64_t ps, unsigned h, bool level) {
  if (h >= usip_level_.size()) usip_level_.resize(h + 1, -1);
  if (usip_level_[h] == int(level)) return;
  usip_level_[h] = int(level);
  counter(1, "USIP hart " + std::to_string(h), ps / 1000, level ? 1 : 0);
}

// --- the platform --------------------------------------------------------------------------------

void Timeline::quantum_end(unsigned h, uint64_t cycle) {
  const uint64_t now = ns(cycle);
  if (now > safe_ns_) safe_ns_ = now;
  HartTrack& t = hart(h);
  if (!t.k_open)
    if (Client* c = client_of(t.run_tcb)) observe(*c, now, "quantum end");
  drain_queue(false);
}

void Timeline::roi(bool begin, uint64_t cycle) {
  const uint64_t at = ns(cycle);
  if (begin) {
    if (roi_open_ || (opt_.roi_only && have_begin_)) return;  // the first ROI
    roi_open_ = true;
    roi_begin_ns_ = at;
    if (opt_.roi_only) {
      have_begin_ = true;
      begin_ns_ = at;
    }
    return;
  }
  if (!roi_open_) return;
  roi_open_ = false;
  if (opt_.roi_only && !have_end_) {
    have_end_ = true;
    end_ns_ = at;
  }
  slice(platform_track(), roi_begin_ns_, at, "ROI", "roi", "");
}

// --- the kernel model ----------------------------------------------------------------------------

void Timeline::kernel_enter(unsigned h, uint64_t cycle, uint64_t tcb, const std::string& name, uint64_t cause) {
  HartTrack& t = hart(h);
  if (t.run_tcb) {
    Thread& th = thread(t.run_tcb, t.run_name);
    slice({2, th.tid}, ns(t.run_since), ns(cycle), "user (hart " + std::to_string(h) + ")", "thread", "");
    t.run_tcb = 0;
  }
  if (Client* c = client_of(tcb)) observe(*c, ns(cycle), "kernel entry");
  t.k_open = true;
  t.k_begin = cycle;
  t.k_tcb = tcb;
  t.k_thread = tcb ? name : "idle";
  t.k_cause = cause;
  t.k_args.clear();
}

void Timeline::kernel_arg(unsigned h, const char* key, const char* value) {
  HartTrack& t = hart(h);
  if (!t.k_open || t.co_open) return;  // a coroutine's requests are listed in its own slice
  if (t.k_args.find(std::string("\"") + key + "\":") != std::string::npos) return;
  t.k_args += std::string(",\"") + key + "\":" + q(value);
}

void Timeline::kernel_exit(unsigned h, uint64_t cycle, const char* path, uint64_t next_tcb, const std::string& next) {
  HartTrack& t = hart(h);
  if (t.co_open) coroutine_end(h, cycle);
  if (t.k_open) {
    t.k_open = false;
    const std::string args = "\"trap\":\"" + std::string(trap_kind(t.k_cause)) + "\",\"cause\":" +
                             q(cause_name(t.k_cause)) + ",\"thread\":" + q(t.k_thread) + t.k_args +
                             ",\"next\":" + q(next_tcb ? next : "idle");
    slice(kernel_track(h), ns(t.k_begin), ns(cycle), path, "kernel", args);
    if (t.k_tcb) slice({2, thread(t.k_tcb, t.k_thread).tid}, ns(t.k_begin), ns(cycle), path, "kernel", args);
  }
  if (next_tcb) {
    t.run_tcb = next_tcb;
    t.run_since = cycle;
    t.run_name = next;
    thread(next_tcb, next);
    if (Client* c = client_of(next_tcb)) observe(*c, ns(cycle), "kernel exit");
  }
}

void Timeline::kernel_instant(unsigned h, uint64_t cycle, const char* name, const std::string& th) {
  instant(kernel_track(h), ns(cycle), name, "kernel", th.empty() ? "" : "\"thread\":" + q(th));
}

void Timeline::kernel_send_begin(unsigned h, uint64_t cycle, unsigned entry) {
  HartTrack& t = hart(h);
  t.ks_open = true;
  t.ks_begin = cycle;
  t.ks_entry = entry;
  t.ks_flows.clear();
}

void Timeline::kernel_send_end(unsigned h, uint64_t cycle) {
  HartTrack& t = hart(h);
  if (!t.ks_open) return;
  t.ks_open = false;
  const uint64_t b = ns(t.ks_begin), e = std::max(ns(cycle), b);
  slice(kernel_track(h), b, e, "UINTC SEND (signal)", "uipi", "\"entry\":" + num(t.ks_entry));
  resolve_sends(t.ks_flows, {kernel_track(h), b + (e - b) / 2, true});
}


}  // namespace uintrsim::trace
