// The timeline writer (sim/trace/timeline.h) on reports made by hand: slices in simulated
// nanoseconds, the window (cut slices, dropped flows, counters carried in), the ROI window,
// and the size bound (valid JSON, recorded cut).
#include <catch2/catch.hpp>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "sim/trace/timeline.h"

using namespace uintrsim;
using trace::HartState;
using trace::Timeline;
using trace::TimelineOptions;

namespace {

const Clock kClock(100000000, 10000000);  // 10 ns per cycle

struct Rig {
  std::FILE* f = std::tmpfile();
  std::unique_ptr<Timeline> t;
  explicit Rig(const TimelineOptions& o, unsigned harts = 2) {
    t = std::make_unique<Timeline>(f, o, kClock, harts, [](uint64_t, void*, unsigned) { return false; },
                                   "\"test\":1");
  }
  ~Rig() { std::fclose(f); }
  std::string text(uint64_t end_cycle) {
    REQUIRE(t->finish(end_cycle));
    std::rewind(f);
    std::string s;
    char buf[4096];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) s.append(buf, n);
    return s;
  }
  nlohmann::json json(uint64_t end_cycle) { return nlohmann::json::parse(text(end_cycle)); }
};

std::vector<nlohmann::json> named(const nlohmann::json& j, const std::string& name) {
  std::vector<nlohmann::json> v;
  for (const auto& e : j["traceEvents"])
    if (e.value("name", "") == name) v.push_back(e);
  return v;
}

}  // namespace

TEST_CASE("timeline: privilege slices in simulated ns, the trap that entered them", "[timeline]") {
  Rig r({}, 1);
  r.t->hart_trap(0, 100, 8, 0x1000, HartState::kSupervisor, 0);
  r.t->hart_state(0, 100, HartState::kSupervisor);
  r.t->hart_state(0, 250, HartState::kUser);
  const auto j = r.json(400);
  const auto m = named(j, "M"), s = named(j, "S"), u = named(j, "U");
  REQUIRE(m.size() == 1);
  REQUIRE(s.size() == 1);
  REQUIRE(u.size() == 1);
  CHECK(m[0]["ts"].get<double>() == 0.0);
  CHECK(m[0]["dur"].get<double>() == Approx(1.0));  // 100 cycles = 1000 ns = 1 us
  CHECK(s[0]["ts"].get<double>() == Approx(1.0));
  CHECK(s[0]["dur"].get<double>() == Approx(1.5));
  CHECK(s[0]["args"]["entered_by"] == "ecall_u");
  CHECK(u[0]["dur"].get<double>() == Approx(1.5));
  CHECK(j["otherData"]["test"] == 1);
  CHECK(j["otherData"]["cut"].is_null());
  CHECK(j["displayTimeUnit"] == "ns");
}

TEST_CASE("timeline: a uipi.send flows to the user trap that its entry delivers", "[timeline]") {
  Rig r({});
  r.t->hart_state(0, 0, HartState::kUser);
  r.t->hart_state(1, 0, HartState::kUser);
  r.t->uipi_send_begin(0, 100, 0);
  r.t->uintc_send(1003 * 1000, 5, 3);
  r.t->uipi_send_end(0, 100, 6, "sent");
  r.t->hart_trap(1, 150, (1ull << 63) | 0, 0x2000, HartState::kUser, (1ull << 63) | 5);
  r.t->user_trap_return(1, 180);
  const auto j = r.json(300);
  const auto ui = named(j, "user interrupt");
  REQUIRE(ui.size() == 1);
  CHECK(ui[0]["args"]["sends_delivered"] == 1);
  CHECK(ui[0]["args"]["uintc_entry"] == 5);
  int s = 0, f = 0;
  for (const auto& e : j["traceEvents"]) {
    if (e["ph"] == "s") { ++s; CHECK(e["tid"] == 10); }   // hart 0
    if (e["ph"] == "f") { ++f; CHECK(e["tid"] == 12); }   // hart 1
  }
  CHECK(s == 1);
  CHECK(f == 1);
}

TEST_CASE("timeline: a window cuts slices, drops flows that leave it, carries counters in", "[timeline]") {
  TimelineOptions o;
  o.window_begin_ns = 1000;
  o.window_end_ns = 2000;
  Rig r(o);
  r.t->usip_line(500 * 1000, 0, true);  // before the window: carried to its start
  r.t->hart_state(0, 0, HartState::kUser);
  r.t->uipi_send_begin(0, 50, 0);       // at 500 ns: outside
  r.t->uintc_send(505 * 1000, 1, 0);
  r.t->uipi_send_end(0, 50, 1, "sent");
  r.t->hart_trap(1, 150, 1ull << 63, 0, HartState::kUser, (1ull << 63) | 1);
  r.t->user_trap_return(1, 160);
  r.t->hart_state(0, 300, HartState::kSupervisor);  // U [0, 3000] ns
  const auto j = r.json(400);
  const auto u = named(j, "U");
  REQUIRE(u.size() == 1);
  CHECK(u[0]["ts"].get<double>() == Approx(1.0));
  CHECK(u[0]["dur"].get<double>() == Approx(1.0));
  for (const auto& e : j["traceEvents"]) CHECK(e["ph"] != "s");
  const auto usip = named(j, "USIP hart 0");
  REQUIRE(usip.size() == 1);
  CHECK(usip[0]["ts"].get<double>() == Approx(1.0));
  CHECK(usip[0]["args"]["value"] == 1);
}

TEST_CASE("timeline: --trace-roi-only keeps what lies in the ROI", "[timeline]") {
  TimelineOptions o;
  o.roi_only = true;
  Rig r(o, 1);
  r.t->hart_state(0, 100, HartState::kSupervisor);  // M [0, 1000] ns: before the ROI
  r.t->quantum_end(0, 150);                          // simulated time has passed it
  r.t->roi(true, 200);
  r.t->hart_state(0, 300, HartState::kUser);         // S [1000, 3000]: cut to [2000, 3000]
  r.t->roi(false, 500);
  r.t->hart_state(0, 600, HartState::kSupervisor);   // U [3000, 6000]: cut to [3000, 5000]
  const auto j = r.json(700);
  CHECK(named(j, "M").empty());
  const auto s = named(j, "S"), u = named(j, "U"), roi = named(j, "ROI");
  REQUIRE(s.size() == 1);
  REQUIRE(u.size() == 1);
  REQUIRE(roi.size() == 1);
  CHECK(s[0]["ts"].get<double>() == Approx(2.0));
  CHECK(s[0]["dur"].get<double>() == Approx(1.0));
  CHECK(u[0]["dur"].get<double>() == Approx(2.0));
  CHECK(roi[0]["dur"].get<double>() == Approx(3.0));
}

TEST_CASE("timeline: the size bound cuts cleanly and records the cut", "[timeline]") {
  TimelineOptions o;
  o.max_bytes = Timeline::kMinMaxBytes;
  Rig r(o, 1);
  bool told = false;
  r.t->on_cut([&](const Timeline&) { told = true; });
  for (uint64_t c = 1; c < 2000; ++c) r.t->hart_state(0, c * 10, c % 2 ? HartState::kUser : HartState::kSupervisor);
  const std::string s = r.text(20000);
  CHECK(s.size() <= o.max_bytes);
  CHECK(told);
  const auto j = nlohmann::json::parse(s);
  REQUIRE(j["otherData"]["cut"].is_object());
  CHECK(j["otherData"]["cut"]["events_not_written"].get<uint64_t>() > 0);
  CHECK(named(j, "trace cut (--trace-max-bytes)").size() == 1);
}
