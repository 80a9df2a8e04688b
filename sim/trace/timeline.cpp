// The timeline writer: Chrome trace-event JSON from the sink's reports (timeline.h).
#include "sim/trace/timeline.h"

#include <algorithm>
#include <cinttypes>
#include <cstddef>
#include <cstring>

#include "workloads/include/uintrsim/abi.h"
#include "sim/isa/encoding.h"
#include "workloads/include/uintrsim/devices.h"

namespace uintrsim::trace {

namespace {

constexpr uint64_t kInterrupt = 1ull << 63;

std::string q(const std::string& s) {
  std::string o;
  o.reserve(s.size() + 2);
  o += '"';
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') { o += '\\'; o += char(c); }
    else if (c < 0x20) {
      char b[8];
      std::snprintf(b, sizeof b, "\\u%04x", c);
      o += b;
    } else o += char(c);
  }
  o += '"';
  return o;
}

// Microseconds (the format's unit) with the nanosecond as the last digit.
std::string us(uint64_t ns) {
  char b[32];
  std::snprintf(b, sizeof b, "%" PRIu64 ".%03" PRIu64, ns / 1000, ns % 1000);
  return b;
}

std::string num(uint64_t v) { return std::to_string(v); }

std::string hex(uint64_t v) {
  char b[24];
  std::snprintf(b, sizeof b, "0x%" PRIx64, v);
  return b;
}

const char* state_name(HartState s) {
  switch (s) {
    case HartState::kUser: return "U";
    case HartState::kSupervisor: return "S";
    case HartState::kMachine: return "M";
    case HartState::kIdle: return "idle";
  }
  return "?";
}

std::string cause_name(uint64_t cause) {
  static const char* exc[16] = {"insn_misaligned", "insn_access_fault", "illegal_insn", "breakpoint",
                                "load_misaligned", "load_access_fault", "store_misaligned", "store_access_fault",
                                "ecall_u", "ecall_s", "exception10", "ecall_m", "insn_page_fault",
                                "load_page_fault", "exception14", "store_page_fault"};
  static const char* irq[16] = {"usi", "ssi", "irq2", "msi", "uti", "sti", "irq6", "mti",
                                "uei", "sei", "irq10", "mei", "irq12", "irq13", "irq14", "irq15"};
  const unsigned c = unsigned(cause & 63);
  if (c >= 16) return (cause & kInterrupt ? "irq" : "exception") + std::to_string(c);
  return cause & kInterrupt ? irq[c] : exc[c];
}

const char* trap_kind(uint64_t cause) {
  if (cause & kInterrupt) return "interrupt";
  return cause == 8 ? "syscall" : "fault";
}

const char* async_label_name(uint32_t l) {
  switch (l) {
    case AsyncPutChar: return "PutChar";
    case AsyncPutString: return "PutString";
    case AsyncPageGetAddress: return "PageGetAddress";
    case AsyncUntypedRetype: return "UntypedRetype";
    case AsyncTCBBindNotification: return "TCBBindNotification";
    case AsyncTCBUnbindNotification: return "TCBUnbindNotification";
    case AsyncPageTableMap: return "PageTableMap";
    case AsyncPageTableUnmap: return "PageTableUnmap";
    case AsyncPageMap: return "PageMap";
    case AsyncPageUnmap: return "PageUnmap";
    default: return "unknown";
  }
}

// Ring layout (abi.h): both ring kinds have a 32-byte header before the items.
constexpr uint64_t kReqRing = offsetof(NewBuffer, req), kResRing = offsetof(NewBuffer, res);
constexpr uint64_t kItems = offsetof(AsyncRing, items);
static_assert(offsetof(AsyncMutexRing, items) == offsetof(AsyncRing, items), "both rings: items after 32 bytes");
constexpr unsigned kMaxListed = 32;  // cids listed in a slice's args

}  // namespace

// --- per-hart and per-client state ------------------------------------------------------------

struct Timeline::HartTrack {
  HartState state = HartState::kMachine;
  uint64_t since = 0;
  bool have_cause = false;
  uint64_t cause = 0, epc = 0;  // the trap that led into `state`
  std::string state_args;
  // a user trap at utvec, until its uret
  bool uh_open = false, uh_entry_valid = false;
  uint64_t uh_begin = 0, uh_cause = 0;
  unsigned uh_entry = 0;
  std::vector<PendingSend> uh_sends;  // the SENDs this trap delivered
  // uipi.send in progress
  bool send_open = false;
  uint64_t send_begin = 0, send_index = 0;
  std::vector<std::pair<unsigned, uint64_t>> send_flows;  // (UINTC entry, flow id) of its SENDs
  // kernel entry in progress
  bool k_open = false;
  uint64_t k_begin = 0, k_tcb = 0, k_cause = 0;
  std::string k_thread, k_args;
  // kernel coroutine activation in progress
  bool co_open = false;
  uint64_t co_begin = 0, co_tcb = 0;
  unsigned co_batch = 0, co_dropped = 0, co_listed = 0;
  std::map<std::string, unsigned> co_labels;
  std::string co_cids;
  // the kernel's own SEND
  bool ks_open = false;
  uint64_t ks_begin = 0;
  unsigned ks_entry = 0;
  std::vector<std::pair<unsigned, uint64_t>> ks_flows;
  // the user thread on this hart
  uint64_t run_tcb = 0, run_since = 0;
  std::string run_name;
};

struct Timeline::Client {
  uint64_t tcb = 0;
  std::string name;
  std::vector<uint64_t> pages;
  bool mutex = false;
  Track ring_track;
  bool have_obs = false;
  uint64_t req_end = 0, res_start = 0, last_obs_ns = 0;
  int64_t req_occ = -1, res_occ = -1;
  struct Request {
    FlowPoint submit, drain;
    uint32_t cid = 0, label = 0;
  };
  std::map<uint64_t, FlowPoint> submitted;  // request ring index -> where its push was observed
  std::map<uint64_t, uint64_t> await_submit;  // popped before observed: req index -> result index
  std::map<uint64_t, Request> results;        // result ring index -> its request
};

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
  std::vector<const FlowPoint*> p;
  for (const FlowPoint& f : points)
    if (f.set) p.push_back(&f);
  if (p.empty()) return;
  uint64_t lo = ~0ull, hi = 0;
  for (const FlowPoint* f : p) { lo = std::min(lo, f->ns); hi = std::max(hi, f->ns); }
  for (size_t i = 0; i < p.size(); ++i) {
    Event ev;
    ev.ph = i == 0 ? 's' : i + 1 == p.size() ? 'f' : 't';
    ev.ts = p[i]->ns;
    ev.lo = lo;
    ev.hi = hi;
    ev.flow = true;
    ev.body = "\"pid\":" + num(p[i]->track.pid) + ",\"tid\":" + num(p[i]->track.tid) + ",\"name\":" + q(name) +
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
  const FlowPoint to{hart_track(h), b + (e - b) / 2, true};
  for (const PendingSend& p : t.uh_sends) flow(p.id, "uipi", "uipi", {p.from, to});
  t.uh_sends.clear();
}

void Timeline::user_trap_return(unsigned h, uint64_t cycle) { close_user_handler(h, cycle, "uret"); }

void Timeline::uipi_send_begin(unsigned h, uint64_t cycle, uint64_t index) {
  HartTrack& t = hart(h);
  t.send_open = true;
  t.send_begin = cycle;
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

// --- asynchronous syscalls ------------------------------------------------------------------------

void Timeline::async_client(uint64_t tcb, const std::string& name, const std::vector<uint64_t>& pages, bool mutex) {
  auto c = std::make_unique<Client>();
  c->tcb = tcb;
  c->name = name;
  c->pages = pages;
  c->mutex = mutex;
  const Thread& th = thread(tcb, name);
  c->ring_track = {2, 1000 + th.tid};
  name_thread(c->ring_track, name + ": rings (user side, observed)", 2 * th.tid + 1);
  clients_.push_back(std::move(c));
}

bool Timeline::read_u64(const Client& c, uint64_t off, uint64_t& v) const {
  const uint64_t page = off / 4096;
  if (page >= c.pages.size() || (off & 4095) + 8 > 4096) return false;
  return peek_(c.pages[page] + (off & 4095), &v, 8);
}

// The ring indices the user side writes: the request ring's end, the result ring's start.
void Timeline::observe(Client& c, uint64_t now, const char* where) {
  const uint64_t i_start = c.mutex ? offsetof(AsyncMutexRing, start) : offsetof(AsyncRing, start);
  const uint64_t i_end = c.mutex ? offsetof(AsyncMutexRing, end) : offsetof(AsyncRing, end);
  uint64_t req_end = 0, res_start = 0;
  if (!read_u64(c, kReqRing + i_end, req_end) || !read_u64(c, kResRing + i_start, res_start)) return;
  if (req_end >= ASYNC_RING_ENTRIES || res_start >= ASYNC_RING_ENTRIES) return;  // the user's to get right
  if (!c.have_obs) {
    c.have_obs = true;
    c.req_end = req_end;
    c.res_start = res_start;
    c.last_obs_ns = now;
    ring_counters(c, now);
    return;
  }
  now = std::max(now, c.last_obs_ns);
  const uint64_t n = (req_end + ASYNC_RING_ENTRIES - c.req_end) % ASYNC_RING_ENTRIES;
  const uint64_t m = (res_start + ASYNC_RING_ENTRIES - c.res_start) % ASYNC_RING_ENTRIES;
  if (n || m) {
    const uint64_t b = c.last_obs_ns, mid = b + (now - b) / 2;
    const FlowPoint here{c.ring_track, mid, true};
    std::string sub, con;
    for (uint64_t k = 0; k < n; ++k) {
      const uint64_t i = (c.req_end + k) % ASYNC_RING_ENTRIES;
      uint64_t w = 0;
      read_u64(c, kReqRing + kItems + i * sizeof(IPCItem), w);  // cid (low word), label
      if (k < kMaxListed) sub += (k ? "," : "") + num(uint32_t(w));
      auto a = c.await_submit.find(i);
      if (a != c.await_submit.end()) {  // already popped by the kernel: complete its first point
        auto r = c.results.find(a->second);
        if (r != c.results.end() && !r->second.submit.set) r->second.submit = here;
        c.await_submit.erase(a);
      } else {
        c.submitted[i] = here;
      }
    }
    for (uint64_t k = 0; k < m; ++k) {
      const uint64_t j = (c.res_start + k) % ASYNC_RING_ENTRIES;
      auto r = c.results.find(j);
      if (r == c.results.end()) continue;
      if (k < kMaxListed) con += (con.empty() ? "" : ",") + num(r->second.cid);
      flow(next_flow_++, "async", std::string("async ") + async_label_name(r->second.label),
           {r->second.submit, r->second.drain, here});
      c.results.erase(r);
    }
    std::string name;
    if (n) name = "submit x" + num(n);
    if (m) name += (n ? ", consume x" : "consume x") + num(m);
    std::string args = "\"observed_at\":" + q(where);
    if (n) args += ",\"submitted_cids\":[" + sub + "]";
    if (m) args += ",\"consumed_cids\":[" + con + "]";
    slice(c.ring_track, b, now, name, "async.user", args);
  }
  c.req_end = req_end;
  c.res_start = res_start;
  c.last_obs_ns = now;
  ring_counters(c, now);
}

void Timeline::ring_counters(Client& c, uint64_t at) {
  auto occupancy = [&](uint64_t ring, int64_t& v) {
    uint64_t a = 0, b = 0;
    if (c.mutex) {
      if (!read_u64(c, ring + offsetof(AsyncMutexRing, start), a) || !read_u64(c, ring + offsetof(AsyncMutexRing, end), b))
        return false;
      v = int64_t((b + ASYNC_RING_ENTRIES - a % ASYNC_RING_ENTRIES) % ASYNC_RING_ENTRIES);
      return true;
    }
    if (!read_u64(c, ring + offsetof(AsyncRing, count), a)) return false;
    v = int64_t(a);
    return true;
  };
  int64_t v = 0;
  if (occupancy(kReqRing, v) && v != c.req_occ) {
    c.req_occ = v;
    counter(2, "request ring: " + c.name, at, v);
  }
  if (occupancy(kResRing, v) && v != c.res_occ) {
    c.res_occ = v;
    counter(2, "result ring: " + c.name, at, v);
  }
}

void Timeline::coroutine_begin(unsigned h, uint64_t cycle, uint64_t tcb) {
  HartTrack& t = hart(h);
  t.co_open = true;
  t.co_begin = cycle;
  t.co_tcb = tcb;
  t.co_batch = t.co_dropped = t.co_listed = 0;
  t.co_labels.clear();
  t.co_cids.clear();
}

void Timeline::coroutine_item(unsigned h, uint64_t cycle, uint64_t req_index, uint32_t cid, uint32_t label,
                              int64_t res_index) {
  HartTrack& t = hart(h);
  ++t.co_batch;
  ++t.co_labels[async_label_name(label)];
  if (t.co_listed++ < kMaxListed) t.co_cids += (t.co_cids.empty() ? "" : ",") + num(cid);
  if (res_index < 0) ++t.co_dropped;
  Client* c = client_of(t.co_tcb);
  if (!c) return;
  Client::Request r;
  r.drain = {kernel_track(h), ns(cycle), true};
  r.cid = cid;
  r.label = label;
  auto s = c->submitted.find(req_index);
  if (s != c->submitted.end()) {
    r.submit = s->second;
    c->submitted.erase(s);
  }
  if (res_index < 0) {  // dropped: the flow ends at the coroutine
    flow(next_flow_++, "async", std::string("async ") + async_label_name(label), {r.submit, r.drain});
  } else {
    auto old = c->results.find(uint64_t(res_index));
    if (old != c->results.end())  // a lap of the ring ago, never seen consumed
      flow(next_flow_++, "async", std::string("async ") + async_label_name(old->second.label),
           {old->second.submit, old->second.drain});
    if (!r.submit.set) c->await_submit[req_index] = uint64_t(res_index);
    c->results[uint64_t(res_index)] = r;
  }
  ring_counters(*c, ns(cycle));
}

void Timeline::coroutine_offline(unsigned h, uint64_t b, uint64_t e, const char* outcome) {
  slice(kernel_track(h), ns(b), ns(e), "offline window", "kernel.async", "\"outcome\":" + q(outcome));
  instant(kernel_track(h), ns(b), std::string("offline window: ") + outcome, "kernel.async", "");
}

void Timeline::coroutine_end(unsigned h, uint64_t cycle) {
  HartTrack& t = hart(h);
  if (!t.co_open) return;
  t.co_open = false;
  const Client* c = client_of(t.co_tcb);
  std::string labels;
  for (const auto& [l, n] : t.co_labels) labels += (labels.empty() ? "" : ",") + q(l) + ":" + num(n);
  std::string args = "\"thread\":" + q(c ? c->name : "?") + ",\"batch\":" + num(t.co_batch) + ",\"requests\":{" +
                     labels + "},\"cids\":[" + t.co_cids + "]";
  if (t.co_batch > kMaxListed) args += ",\"cids_listed\":" + num(kMaxListed);
  if (t.co_dropped) args += ",\"results_dropped\":" + num(t.co_dropped);
  slice(kernel_track(h), ns(t.co_begin), ns(cycle), "coroutine: " + (c ? c->name : std::string("?")),
        "kernel.coroutine", args);
}

// --- the window and the output --------------------------------------------------------------------

Timeline::Decision Timeline::decide(Event& e, bool final) {
  if (e.meta) return Decision::kKeep;
  bool bk = have_begin_, ek = have_end_;
  uint64_t b = begin_ns_, en = end_ns_;
  if (final) {
    if (!bk) return Decision::kDrop;  // the ROI never began
    if (!ek) { ek = true; en = ~0ull; }
  }
  auto drop_before = [&] {
    if (e.ph == 'C') {
      auto it = counters_before_.find(e.counter_key);
      if (it == counters_before_.end() || it->second.ts <= e.ts) counters_before_[e.counter_key] = e;
    }
    return Decision::kDrop;
  };
  if (!bk) return e.hi < safe_ns_ ? drop_before() : Decision::kWait;  // b >= safe: before it
  if (e.flow) {
    if (e.lo < b) return Decision::kDrop;
    if (ek) return e.hi <= en ? Decision::kKeep : Decision::kDrop;
    return e.hi < safe_ns_ ? Decision::kKeep : Decision::kWait;
  }
  if (e.hi < b) return drop_before();
  if (!ek && e.hi >= safe_ns_) return Decision::kWait;  // it may reach past the end
  if (ek && e.lo > en) return Decision::kDrop;
  if (e.ph == 'X') {  // cut at the bounds
    uint64_t lo = std::max(e.ts, b), hi = e.ts + e.dur;
    if (ek) hi = std::min(hi, en);
    e.ts = lo;
    e.dur = hi > lo ? hi - lo : 0;
  }
  return Decision::kKeep;
}

void Timeline::push(Event e) {
  if (finished_) return;
  if (cut_) { ++dropped_cut_; return; }
  if (queue_.empty()) {
    const Decision d = decide(e, false);
    if (d == Decision::kKeep) write(e);
    if (d != Decision::kWait) return;
  }
  queue_.push_back(std::move(e));
}

void Timeline::drain_queue(bool final) {
  while (!queue_.empty()) {
    const Decision d = decide(queue_.front(), final);
    if (d == Decision::kWait) return;
    if (d == Decision::kKeep) write(queue_.front());
    queue_.pop_front();
  }
}

void Timeline::write_raw(const std::string& s) {
  if (std::fwrite(s.data(), 1, s.size(), out_) != s.size()) io_error_ = true;
  bytes_ += s.size();
}

void Timeline::write(const Event& e) {
  if (cut_) { ++dropped_cut_; return; }
  std::string s = first_event_ ? "" : ",\n";
  s += "{\"ph\":\"";
  s += e.ph;
  s += "\",";
  if (!e.meta) {
    s += "\"ts\":" + us(e.ts) + ",";
    if (e.ph == 'X') s += "\"dur\":" + us(e.dur) + ",";
  }
  s += e.body;
  s += "}";
  // The end of the file (cut marker, otherData) always fits in what is left.
  const uint64_t reserve = 1024 + other_json_.size();
  if (opt_.max_bytes && bytes_ + s.size() + reserve > opt_.max_bytes) {
    cut_ = true;
    cut_ns_ = e.ts;
    ++dropped_cut_;
    queue_.clear();
    if (on_cut_) on_cut_(*this);
    return;
  }
  first_event_ = false;
  write_raw(s);
  ++written_;
}

bool Timeline::finish(uint64_t end_cycle) {
  if (finished_) return !io_error_;
  // Close what is still open at the end of the run.
  for (unsigned h = 0; h < harts_.size(); ++h) {
    HartTrack& t = *harts_[h];
    if (t.send_open) uipi_send_end(h, end_cycle, 0, "open at end");
    if (t.ks_open) kernel_send_end(h, end_cycle);
    if (t.k_open) kernel_exit(h, end_cycle, "(open at end)", 0, "");
    if (t.run_tcb) {
      slice({2, thread(t.run_tcb, t.run_name).tid}, ns(t.run_since), ns(end_cycle), "user (hart " + std::to_string(h) + ")",
            "thread", "");
      t.run_tcb = 0;
    }
    end_state(h, std::max(end_cycle, t.since));
    t.since = std::max(end_cycle, t.since);
  }
  if (roi_open_) roi(false, end_cycle);
  // SENDs never delivered keep their first point; results never seen consumed end at the coroutine.
  for (auto& [entry, v] : pending_sends_)
    for (const PendingSend& p : v) flow(p.id, "uipi", "uipi", {p.from});
  pending_sends_.clear();
  for (auto& c : clients_) {
    for (auto& [j, r] : c->results) flow(next_flow_++, "async", std::string("async ") + async_label_name(r.label), {r.submit, r.drain});
    c->results.clear();
  }
  drain_queue(true);
  // Counters carry their value from before the window into it.
  if (!cut_ && have_begin_ && begin_ns_ > 0)
    for (auto& [key, e] : counters_before_) {
      Event c = e;
      c.ts = c.lo = c.hi = begin_ns_;
      write(c);
    }
  finished_ = true;
  std::string tail = "\n";
  if (cut_)
    tail = std::string(first_event_ ? "" : ",\n") + "{\"ph\":\"i\",\"ts\":" + us(cut_ns_) +
           ",\"s\":\"g\",\"pid\":1,\"tid\":1,\"name\":\"trace cut (--trace-max-bytes)\",\"cat\":\"trace\",\"args\":{"
           "\"max_bytes\":" + num(opt_.max_bytes) + ",\"events_not_written\":" + num(dropped_cut_) + "}}\n";
  tail += "],\n\"displayTimeUnit\":\"ns\",\n\"otherData\":{" + other_json_;
  tail += std::string(other_json_.empty() ? "" : ",") + "\"events\":" + num(written_) + ",\"cut\":";
  if (cut_)
    tail += "{\"at_ns\":" + num(cut_ns_) + ",\"max_bytes\":" + num(opt_.max_bytes) + ",\"events_not_written\":" +
            num(dropped_cut_) + ",\"note\":\"the size bound was reached here: later events are missing\"}";
  else
    tail += "null";
  tail += "}}\n";
  write_raw(tail);
  if (std::fflush(out_) != 0) io_error_ = true;
  return !io_error_;
}

}  // namespace uintrsim::trace
