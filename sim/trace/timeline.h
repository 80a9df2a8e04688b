// The timeline writer (docs/debugging.md): a TraceSink that writes Chrome trace-event JSON
// (the object format: {"traceEvents": [...], "displayTimeUnit": "ns", "otherData": {...}}),
// which Perfetto UI and chrome://tracing load. Timestamps are simulated time: "ts" is in
// microseconds as the format requires, printed to the nanosecond; the file depends on the
// simulated run only, so the same run gives a byte-identical file.
//
// Tracks (pid 1 "machine", pid 2 "threads"):
//   hart N           privilege slices U / S / M / idle; nested: "user interrupt" (a user trap
//                    at utvec to its uret) and "uipi.send"
//   hart N kernel    kernel entries named by path (kernel.path.<name>), the kernel coroutine
//                    activations inside them (batch, requests), offline windows; instants for
//                    ticks and wake syscalls
//   UINTC            SENDs and reads that no uipi.send or user trap accounts for
//   platform         the ROI; the cut marker
//   <thread>         per TCB: when it runs in user mode (on which hart) and its kernel entries
//   <thread> rings   the user side of its asynchronous-syscall rings, as observed
// Counters: USIP line per hart, request/result ring occupancy per registered thread.
// Flows: uipi.send -> the receiver's user trap (or the read that took the pending bits);
// submission -> kernel coroutine that executed it -> the user's consumption of the result.
//
// Bounds: a time window (fixed, or the ROI once the guest marks it) and a maximum size. A
// slice crossing a bound is cut at it; a flow is kept only when all its points are inside.
// When the size bound is reached the trace ends there, still valid JSON, with the cut
// recorded in otherData and as a "trace cut" instant.
#pragma once
#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/platform/clock.h"
#include "sim/trace/trace_sink.h"

namespace uintrsim::trace {

struct TimelineOptions {
  std::string path;
  bool roi_only = false;
  uint64_t window_begin_ns = 0, window_end_ns = ~0ull;  // --trace-window
  uint64_t max_bytes = 0;                                // 0: no bound
};

class Timeline final : public TraceSink {
 public:
  // Reads guest physical memory without side effects (the asynchronous rings' indices).
  using PeekFn = std::function<bool(uint64_t pa, void* out, unsigned len)>;
  static constexpr uint64_t kMinMaxBytes = 4096;

  // `out` is open for writing (the caller reports a failure to open it before the run);
  // `other` goes into otherData (configuration hash, program, ...).
  Timeline(std::FILE* out, const TimelineOptions& opt, const Clock& clock, unsigned harts, PeekFn peek,
           const std::string& other_json);
  ~Timeline() override;

  // Closes what is still open at `end_cycle` and writes the end of the file. Returns false
  // if writing failed.
  bool finish(uint64_t end_cycle);
  bool cut() const { return cut_; }
  uint64_t cut_at_ns() const { return cut_ns_; }
  uint64_t bytes() const { return bytes_; }
  uint64_t events_written() const { return written_; }
  uint64_t events_dropped_by_cut() const { return dropped_cut_; }
  // Called once, when the size bound is reached (the caller reports it on stderr).
  void on_cut(std::function<void(const Timeline&)> f) { on_cut_ = std::move(f); }

  // TraceSink
  void hart_state(unsigned hart, uint64_t cycle, HartState s) override;
  void hart_trap(unsigned hart, uint64_t cycle, uint64_t cause, uint64_t epc, HartState target, uint64_t suirs) override;
  void user_trap_return(unsigned hart, uint64_t cycle) override;
  void uipi_send_begin(unsigned hart, uint64_t cycle, uint64_t index) override;
  void uipi_send_end(unsigned hart, uint64_t cycle, uint64_t cycles, const char* outcome) override;
  void uintc_send(uint64_t ps, unsigned entry, unsigned vector) override;
  void uintc_read(uint64_t ps, unsigned entry) override;
  void usip_line(uint64_t ps, unsigned hart, bool level) override;
  void quantum_end(unsigned hart, uint64_t cycle) override;
  void roi(bool begin, uint64_t cycle) override;
  void kernel_enter(unsigned hart, uint64_t cycle, uint64_t tcb, const std::string& thread, uint64_t cause) override;
  void kernel_arg(unsigned hart, const char* key, const char* value) override;
  void kernel_exit(unsigned hart, uint64_t cycle, const char* path, uint64_t next_tcb,
                   const std::string& next_thread) override;
  void kernel_instant(unsigned hart, uint64_t cycle, const char* name, const std::string& thread) override;
  void kernel_send_begin(unsigned hart, uint64_t cycle, unsigned entry) override;
  void kernel_send_end(unsigned hart, uint64_t cycle) override;
  void async_client(uint64_t tcb, const std::string& thread, const std::vector<uint64_t>& pages,
                    bool mutex_queue) override;
  void coroutine_begin(unsigned hart, uint64_t cycle, uint64_t tcb) override;
  void coroutine_item(unsigned hart, uint64_t cycle, uint64_t req_index, uint32_t cid, uint32_t label,
                      int64_t res_index) override;
  void coroutine_offline(unsigned hart, uint64_t begin_cycle, uint64_t end_cycle, const char* outcome) override;
  void coroutine_end(unsigned hart, uint64_t cycle) override;

 private:
  // A track: pid and tid of the Chrome format.
  struct Track { int pid = 0, tid = 0; };
  // One event, its time in ns and its JSON text after the time fields.
  struct Event {
    char ph;
    uint64_t ts = 0, dur = 0;
    uint64_t lo = 0, hi = 0;  // the time span a window decision looks at (a flow: all its points)
    bool flow = false, meta = false;
    std::string counter_key;  // counters: remembered before the window, re-emitted at its start
    std::string body;
  };
  // Where a flow arrow touches a slice. A point that may lie anywhere in [lo, hi] (lo <= hi) is
  // moved there to keep the flow's points in time order: viewers bind and order them by time.
  struct FlowPoint {
    Track track;
    uint64_t ns = 0;
    bool set = false;
    uint64_t lo = 1, hi = 0;
  };
  struct PendingSend { uint64_t id; FlowPoint from; };

  struct HartTrack;
  struct Client;
  struct Thread { int tid = 0; std::string name; };

  uint64_t ns(uint64_t cycle) const { return clock_.ps_of_cycle(cycle) / 1000; }
  Track hart_track(unsigned h) const { return {1, 10 + 2 * int(h)}; }
  Track kernel_track(unsigned h) const { return {1, 11 + 2 * int(h)}; }
  Track window_track(unsigned h) const { return {1, 500 + int(h)}; }  // the kernel coroutine's offline windows
  Track uintc_track() const { return {1, 2}; }
  Track platform_track() const { return {1, 1}; }
  Thread& thread(uint64_t tcb, const std::string& name);
  HartTrack& hart(unsigned h);
  Client* client_of(uint64_t tcb);

  void slice(Track t, uint64_t b_ns, uint64_t e_ns, const std::string& name, const char* cat, const std::string& args,
             const char* colour = nullptr);
  void instant(Track t, uint64_t ns, const std::string& name, const char* cat, const std::string& args);
  void counter(int pid, const std::string& name, uint64_t ns, int64_t value);
  void flow(uint64_t id, const char* cat, const std::string& name, const std::vector<FlowPoint>& points);
  void meta(const std::string& body);
  void name_thread(Track t, const std::string& name, int sort);

  void end_state(unsigned h, uint64_t cycle);
  void close_user_handler(unsigned h, uint64_t cycle, const char* why);
  void deliver(unsigned entry, Track to, uint64_t at_ns);
  void observe(Client& c, uint64_t now_ns, const char* where);
  bool read_u64(const Client& c, uint64_t off, uint64_t& v) const;
  void ring_counters(Client& c, uint64_t at_ns);

  // window and output
  void push(Event e);
  void drain_queue(bool final);
  enum class Decision { kKeep, kDrop, kWait };
  Decision decide(Event& e, bool final);
  void write(const Event& e);
  void write_raw(const std::string& s);

  std::FILE* out_;
  TimelineOptions opt_;
  Clock clock_;
  PeekFn peek_;
  std::vector<std::unique_ptr<HartTrack>> harts_;
  std::map<std::string, Thread> threads_;  // by "<tcb pa>/<name>"
  int next_thread_tid_ = 1;
  std::vector<std::unique_ptr<Client>> clients_;
  std::map<unsigned, std::vector<PendingSend>> pending_sends_;  // by UINTC entry
  void resolve_sends(std::vector<std::pair<unsigned, uint64_t>>& sends, FlowPoint from);
  uint64_t next_flow_ = 1;
  std::vector<int> usip_level_;

  // the window: fixed, or the ROI's (known once the guest marks it)
  bool have_begin_ = false, have_end_ = false;
  uint64_t begin_ns_ = 0, end_ns_ = ~0ull;
  uint64_t safe_ns_ = 0;  // simulated time reached: no later report starts before it
  bool roi_open_ = false;
  uint64_t roi_begin_ns_ = 0;
  std::deque<Event> queue_;
  std::map<std::string, Event> counters_before_;  // latest counter values before the window

  uint64_t bytes_ = 0, written_ = 0, dropped_cut_ = 0;
  bool first_event_ = true, cut_ = false, finished_ = false, io_error_ = false;
  uint64_t cut_ns_ = 0;
  std::function<void(const Timeline&)> on_cut_;
  std::string other_json_;
};

}  // namespace uintrsim::trace
