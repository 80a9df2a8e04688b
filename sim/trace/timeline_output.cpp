// The timeline writer, output: the ROI/time window, the size bound and the JSON stream.
#include "sim/trace/timeline.h"

#include <algorithm>

#include "sim/trace/timeline_internal.h"

namespace uintrsim::trace {

using namespace detail;

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
