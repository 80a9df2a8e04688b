// The timeline writer, asynchronous syscalls: clients, ring observation (the user ends of the
// request flows), ring-occupancy counters and kernel coroutine activations.
#include "sim/trace/timeline.h"

#include <algorithm>

#include "sim/trace/timeline_internal.h"

namespace uintrsim::trace {

using namespace detail;

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
    // The user's push or pop happened somewhere in [b, now): the arrow may touch it anywhere there.
    const FlowPoint here{c.ring_track, mid, true, b, now > b ? now - 1 : b};
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
      // The pop of a result follows its push: as late in the interval as that requires.
      FlowPoint consumed = here;
      consumed.ns = std::clamp(r->second.pushed_ns, here.ns, here.hi);
      flow(next_flow_++, "async", std::string("async ") + async_label_name(r->second.label),
           {r->second.submit, r->second.drain, consumed});
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
  t.co_last = cycle;
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
  // The request's point on the coroutine slice lies halfway between the previous item and
  // this one: strictly inside the slice and before anything nested in it (the offline window
  // begins at the last item's cycle), so that a viewer binds it to the coroutine itself.
  const uint64_t prev = t.co_last, now = std::max(cycle, t.co_last);
  t.co_last = now;
  r.drain = {kernel_track(h), ns(prev + (now - prev) / 2), true, ns(prev), ns(now) > ns(prev) ? ns(now) - 1 : ns(prev)};
  r.pushed_ns = ns(now);
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

// On a track of their own beside the hart's kernel track: nested in the coroutine's slice, a
// window that ends before the coroutine does (a recheck) would stay the innermost slice there
// for a viewer until the next slice begins, and capture the coroutine's later arrows.
void Timeline::coroutine_offline(unsigned h, uint64_t b, uint64_t e, const char* outcome) {
  HartTrack& t = hart(h);
  const Track w = window_track(h);
  if (!t.window_named) {
    t.window_named = true;
    name_thread(w, "hart " + std::to_string(h) + " kernel: offline windows", 11 + 2 * int(h));
  }
  slice(w, ns(b), ns(e), "offline window", "kernel.async", "\"outcome\":" + q(outcome));
  instant(w, ns(b), std::string("offline window: ") + outcome, "kernel.async", "");
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


}  // namespace uintrsim::trace
