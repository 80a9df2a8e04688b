// The platform's memory-mapped devices driven through their TLM sockets without sc_start
// (a hart's local time is sc_time_stamp() + the transaction's delay, so the delay stands in
// for simulated time): the CLINT (sim/devices/clint.h) and the sim-control device
// (sim/devices/sim_control.h). Offsets are the documented maps written out as numbers
// (SiFive CLINT: msip +0x0 stride 4, mtimecmp +0x4000 stride 8, mtime +0xBFF8; sim-control:
// the table in sim_control.h), and a last test pins workloads/include/uintrsim/devices.h to
// the same numbers, so a wrong shared definition fails here rather than agreeing with itself.
// The HTIF device (sim/devices/htif.h) is checked for exit codes and the syscall proxy.
#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

#include <systemc>
#include <tlm>

#include "sim/devices/clint.h"
#include "sim/devices/htif.h"
#include "sim/devices/irq_target.h"
#include "sim/config/config.h"
#include "sim/devices/sim_control.h"
#include "sim/platform/workload_params.h"
#include "sim/uintr/uintc.h"
#include "tests/unit/tlm_access.h"
#include "workloads/include/uintrsim/devices.h"

using namespace uintrsim;
using sc_core::sc_time;
using sc_core::SC_NS;
using sc_core::SC_US;

namespace {

// Interrupt numbers of the privileged spec (mip bits).
constexpr unsigned kMSI = 3, kMTI = 7;

using Access = test::TlmAccess;
template <typename Device>
Access access(Device& d, bool write, uint64_t offset, unsigned len, uint64_t value = 0,
              sc_time at = sc_core::SC_ZERO_TIME) {
  return test::tlm_access([&](tlm::tlm_generic_payload& tx, sc_time& delay) {
    d.socket.get_base_interface().b_transport(tx, delay);
  }, write, offset, len, value, at);
}
template <typename Device>
uint64_t rd(Device& d, uint64_t offset, unsigned len = 8, sc_time at = sc_core::SC_ZERO_TIME) {
  const Access a = access(d, false, offset, len, 0, at);
  REQUIRE(a.status == tlm::TLM_OK_RESPONSE);
  return a.value;
}
template <typename Device>
void wr(Device& d, uint64_t offset, uint64_t v, unsigned len = 8, sc_time at = sc_core::SC_ZERO_TIME) {
  REQUIRE(access(d, true, offset, len, v, at).status == tlm::TLM_OK_RESPONSE);
}

// What a device does to a hart's interrupt lines.
struct IrqLog : IrqTarget {
  struct Event {
    char what;  // 's' set_irq, 'd' schedule_irq, 'c' cancel_scheduled_irq, 'p' post_irq
    unsigned irq;
    bool level;
    uint64_t at_ps;
    bool operator==(const Event& o) const { return what == o.what && irq == o.irq && level == o.level && at_ps == o.at_ps; }
  };
  std::vector<Event> log;
  void set_irq(unsigned irq, bool level) override { log.push_back({'s', irq, level, 0}); }
  void schedule_irq(unsigned irq, const sc_time& at) override { log.push_back({'d', irq, true, uint64_t(at.value())}); }
  void cancel_scheduled_irq(unsigned irq) override { log.push_back({'c', irq, false, 0}); }
  void post_irq(unsigned irq) override { log.push_back({'p', irq, true, 0}); }
};
std::ostream& operator<<(std::ostream& os, const IrqLog::Event& e) {
  return os << e.what << " irq " << e.irq << " level " << e.level << " at " << e.at_ps << " ps";
}

constexpr uint64_t kTimebase = 10000000;  // 10 MHz: one mtime tick per 100 ns
const Clock kClock(100000000, kTimebase);  // the platform clock: 100 MHz cores
const sc_time kTick(100, SC_NS);

}  // namespace

TEST_CASE("clint: msip per hart at +0x0, stride 4: bit 0 drives the hart's MSI line", "[clint]") {
  Clint c("clint", 3, kClock, sc_time(2, SC_NS));
  IrqLog t0, t1, t2;
  c.connect(0, &t0);
  c.connect(1, &t1);
  c.connect(2, &t2);
  std::vector<uint64_t> interactions;
  c.set_interaction_hook([&](const sc_time& at) { interactions.push_back(uint64_t(at.value())); });

  for (uint64_t h = 0; h < 3; ++h) CHECK(rd(c, 0x0 + 4 * h, 4) == 0);
  const Access a = access(c, true, 0x4, 4, 1, sc_time(7, SC_NS));  // hart 1
  CHECK(a.status == tlm::TLM_OK_RESPONSE);
  CHECK(a.delay_after == sc_time(9, SC_NS));  // the device latency is added
  CHECK(rd(c, 0x4, 4) == 1);
  CHECK(rd(c, 0x0, 4) == 0);
  CHECK(rd(c, 0x8, 4) == 0);
  CHECK(t1.log == std::vector<IrqLog::Event>{{'s', kMSI, true, 0}});
  CHECK(t0.log.empty());
  CHECK(t2.log.empty());
  CHECK(interactions == std::vector<uint64_t>{7000});  // the time of the write
  // Only bit 0 is implemented.
  wr(c, 0x8, 0xfffffffe, 4);
  CHECK(rd(c, 0x8, 4) == 0);
  wr(c, 0x8, 0xffffffff, 4);
  CHECK(rd(c, 0x8, 4) == 1);
  wr(c, 0x4, 0, 4);
  CHECK(rd(c, 0x4, 4) == 0);
  CHECK(t1.log.back() == IrqLog::Event{'s', kMSI, false, 0});
  CHECK(t2.log.back() == IrqLog::Event{'s', kMSI, true, 0});
  // 4-byte aligned accesses only; past the last hart's word nothing is mapped.
  CHECK(access(c, false, 0x4, 8).status == tlm::TLM_BURST_ERROR_RESPONSE);
  CHECK(access(c, true, 0x4, 2, 1).status == tlm::TLM_BURST_ERROR_RESPONSE);
  CHECK(access(c, true, 0x2, 4, 1).status != tlm::TLM_OK_RESPONSE);
  CHECK(access(c, false, 0xc, 4).status == tlm::TLM_ADDRESS_ERROR_RESPONSE);
  CHECK(rd(c, 0x4, 4) == 0);
}

TEST_CASE("clint: mtimecmp per hart at +0x4000, stride 8, 4- and 8-byte accesses", "[clint]") {
  Clint c("clint", 2, kClock, sc_core::SC_ZERO_TIME);
  CHECK(rd(c, 0x4000) == ~0ull);  // reset: never
  CHECK(rd(c, 0x4008) == ~0ull);
  wr(c, 0x4008, 0x1122334455667788ull);
  CHECK(rd(c, 0x4008) == 0x1122334455667788ull);
  CHECK(rd(c, 0x4008, 4) == 0x55667788u);
  CHECK(rd(c, 0x400c, 4) == 0x11223344u);
  CHECK(rd(c, 0x4000) == ~0ull);  // hart 0 untouched
  wr(c, 0x4000, 0xaabbccdd, 4);
  wr(c, 0x4004, 0x01020304, 4);
  CHECK(rd(c, 0x4000) == 0x01020304aabbccddull);
  CHECK(access(c, false, 0x4002, 4).status == tlm::TLM_BURST_ERROR_RESPONSE);  // misaligned
  CHECK(access(c, false, 0x4000, 2).status == tlm::TLM_BURST_ERROR_RESPONSE);  // narrow
  CHECK(access(c, false, 0x4010, 8).status == tlm::TLM_ADDRESS_ERROR_RESPONSE);  // no hart 2
  CHECK(access(c, false, 0x8000, 8).status == tlm::TLM_ADDRESS_ERROR_RESPONSE);  // hole
}

TEST_CASE("clint: mtime at +0xBFF8 counts simulated time at the timebase, writes shift it", "[clint]") {
  Clint c("clint", 1, kClock, sc_core::SC_ZERO_TIME);
  CHECK(rd(c, 0xBFF8) == 0);
  CHECK(rd(c, 0xBFF8, 8, sc_time(1, SC_US)) == 10);   // 1 us at 10 MHz
  CHECK(rd(c, 0xBFF8, 8, sc_time(199, SC_NS)) == 1);  // truncated
  CHECK(c.mtime_at(sc_time(3, SC_US)) == 30);
  // 4-byte halves.
  CHECK(rd(c, 0xBFF8, 4, sc_time(2, SC_US)) == 20);
  CHECK(rd(c, 0xBFFC, 4, sc_time(2, SC_US)) == 0);
  // A write sets the value at that time; it then keeps counting from there.
  wr(c, 0xBFF8, 0x100000000ull + 1000, 8, sc_time(1, SC_US));
  CHECK(rd(c, 0xBFF8, 8, sc_time(1, SC_US)) == 0x100000000ull + 1000);
  CHECK(rd(c, 0xBFF8, 8, sc_time(2, SC_US)) == 0x100000000ull + 1010);
  CHECK(rd(c, 0xBFFC, 4, sc_time(2, SC_US)) == 1);
  wr(c, 0xBFFC, 0, 4, sc_time(2, SC_US));  // clear the high word only
  CHECK(rd(c, 0xBFF8, 8, sc_time(2, SC_US)) == 1010);
  CHECK(access(c, false, 0xBFF8, 2).status == tlm::TLM_BURST_ERROR_RESPONSE);
  CHECK(access(c, false, 0xBFFA, 4).status == tlm::TLM_BURST_ERROR_RESPONSE);
  CHECK(access(c, false, 0xC000, 4).status == tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

TEST_CASE("clint: the MTI line follows mtime >= mtimecmp, scheduled at the crossing", "[clint]") {
  Clint c("clint", 2, kClock, sc_core::SC_ZERO_TIME);
  IrqLog t0, t1;
  c.connect(0, &t0);
  c.connect(1, &t1);
  // In the future: line low now, raised when mtime reaches 50 (5 us).
  wr(c, 0x4000, 50, 8, sc_time(1, SC_US));
  CHECK(t0.log == std::vector<IrqLog::Event>{{'s', kMTI, false, 0}, {'d', kMTI, true, 5000000}});
  CHECK(t1.log.empty());
  // Already reached: the scheduled raise is dropped and the line is high now.
  t0.log.clear();
  wr(c, 0x4000, 10, 8, sc_time(1, SC_US));
  CHECK(t0.log == std::vector<IrqLog::Event>{{'c', kMTI, false, 0}, {'s', kMTI, true, 0}});
  // "Never" (all ones): the line goes low and nothing is scheduled.
  t0.log.clear();
  wr(c, 0x4000, ~0ull, 8, sc_time(1, SC_US));
  CHECK(t0.log == std::vector<IrqLog::Event>{{'s', kMTI, false, 0}, {'c', kMTI, false, 0}});
  // A 4-byte write of the low word counts as a change, too: {hi = ~0, lo = 20} is far away.
  t0.log.clear();
  wr(c, 0x4000, 20, 4, sc_time(1, SC_US));
  CHECK(t0.log == std::vector<IrqLog::Event>{{'s', kMTI, false, 0}, {'c', kMTI, false, 0}});
  // Hart 1: the raise time rounds up to the tick at which mtime reaches the compare value.
  wr(c, 0x4008, 25, 8);
  CHECK(t1.log == std::vector<IrqLog::Event>{{'s', kMTI, false, 0}, {'d', kMTI, true, 2500000}});
  // Moving mtime re-evaluates every hart: past hart 1's compare value raises its line.
  t1.log.clear();
  wr(c, 0xBFF8, 30, 8, sc_time(1, SC_US));
  CHECK(t1.log == std::vector<IrqLog::Event>{{'c', kMTI, false, 0}, {'s', kMTI, true, 0}});
  CHECK(rd(c, 0xBFF8, 8, sc_time(1, SC_US)) == 30);
  // ... and moving it back lowers it again, scheduling the new crossing: mtime 25 is 0.5 us
  // from mtime 20 at 1 us.
  t1.log.clear();
  wr(c, 0xBFF8, 20, 8, sc_time(1, SC_US));
  CHECK(t1.log == std::vector<IrqLog::Event>{{'s', kMTI, false, 0}, {'d', kMTI, true, 1500000}});
}

TEST_CASE("clint: a compare value beyond simulated time's range is never raised, mtime writes wrap", "[clint]") {
  Clint c("clint", 1, kClock, sc_core::SC_ZERO_TIME);
  IrqLog t0;
  c.connect(0, &t0);
  // 2^61 ticks at 10 MHz are ~7,300 years, past SystemC's 2^64 ps (~213 days): nothing is
  // scheduled (the time once wrapped to an early, wrong raise).
  wr(c, 0x4000, 1ull << 61, 8, sc_time(1, SC_US));
  CHECK(t0.log == std::vector<IrqLog::Event>{{'s', kMTI, false, 0}, {'c', kMTI, false, 0}});
  // The last representable tick is still scheduled, rounded up to a whole picosecond tick.
  t0.log.clear();
  const uint64_t last_tick = ~0ull / 100000;  // 100,000 ps per tick
  wr(c, 0x4000, last_tick, 8, sc_time(1, SC_US));
  CHECK(t0.log == std::vector<IrqLog::Event>{{'s', kMTI, false, 0}, {'d', kMTI, true, last_tick * 100000}});
  // mtime written near 2^64 wraps like the 64-bit register (repeated shifts of the offset
  // must not overflow): from 2^64 - 5 at 1 us, 10 ticks later it reads 5.
  t0.log.clear();
  for (int i = 0; i < 3; ++i) {
    wr(c, 0xBFF8, ~0ull - 4, 8, sc_time(1, SC_US));
    wr(c, 0xBFF8, 1ull << 63, 8, sc_time(1, SC_US));
  }
  wr(c, 0xBFF8, ~0ull - 4, 8, sc_time(1, SC_US));
  CHECK(rd(c, 0xBFF8, 8, sc_time(2, SC_US)) == 5);
  // A compare value just after the wrap is reached when mtime gets there, not in the past.
  t0.log.clear();
  wr(c, 0x4000, 7, 8, sc_time(2, SC_US));  // mtime 5 now: 2 ticks (200 ns) ahead
  CHECK(t0.log == std::vector<IrqLog::Event>{{'s', kMTI, false, 0}, {'d', kMTI, true, 2200000}});
}

namespace {
// The guest side of an argument lookup (uintrsim/args.h), through the device's socket.
uint64_t arg_lookup(SimControl& s, const std::string& name, uint64_t type, int64_t def = 0) {
  for (size_t i = 0;; i += 8) {
    uint64_t chunk = 0;
    for (size_t b = 0; b < 8 && i + b < name.size(); ++b) chunk |= uint64_t(uint8_t(name[i + b])) << (8 * b);
    wr(s, UINTRSIM_SIMCTRL_ARG_NAME, chunk);
    if (i + 8 > name.size()) break;
  }
  wr(s, UINTRSIM_SIMCTRL_ARG_DEFAULT, uint64_t(def));
  wr(s, UINTRSIM_SIMCTRL_ARG_LOOKUP, type);
  return rd(s, UINTRSIM_SIMCTRL_ARG_STATUS);
}
}  // namespace

TEST_CASE("sim-control: read-only registers give harts and the UINTC base, writes to them do nothing", "[simctrl]") {
  std::vector<std::pair<SimControl::Reg, uint64_t>> commands;
  WorkloadArgs args;
  SimControl s("simctrl", 3, 0x2F10000, args, sc_time(10, SC_NS),
               SimControl::Hooks{[&](SimControl::Reg r, uint64_t v, const sc_time&) { commands.push_back({r, v}); },
                                 nullptr});
  CHECK(rd(s, 0x30) == 3);          // HARTS
  CHECK(rd(s, 0x38) == 0x2F10000);  // UINTC_BASE
  // Write-only registers read as zero.
  for (uint64_t off : {0x00, 0x08, 0x10, 0x18, 0x20, 0x28, 0x40, 0x48, 0x50, 0x58}) {
    INFO("offset 0x" << std::hex << off);
    CHECK(rd(s, off) == 0);
  }
  for (uint64_t off : {0x30, 0x38}) wr(s, off, 99);
  CHECK(commands.empty());
  CHECK(rd(s, 0x30) == 3);
}

TEST_CASE("sim-control: workload arguments by name, typed, with defaults and every lookup recorded", "[simctrl]") {
  ParamRegistry reg;
  WorkloadParams::declare(reg);
  Config cfg(reg);
  cfg.set_override("workload.args.frames=12");
  cfg.set_override("workload.args.label=hello-world-long");
  cfg.set_override("workload.epochs=5");
  cfg.set_override("workload.mode=async");
  WorkloadArgs args(cfg);
  std::vector<std::string> errors;
  SimControl s("simctrl", 1, 0, args, sc_core::SC_ZERO_TIME,
               SimControl::Hooks{nullptr, [&](const std::string& e) { errors.push_back(e); }});
  // Before any lookup every set argument is unread; defaults left alone are not required.
  CHECK(args.unread() == std::vector<std::string>{"workload.epochs (--set workload.epochs=5)",
                                                  "workload.args.frames (--set workload.args.frames=12)",
                                                  "workload.args.label (--set workload.args.label=hello-world-long)",
                                                  "workload.mode (--set workload.mode=async)"});
  CHECK(arg_lookup(s, "frames", UINTRSIM_ARG_TYPE_INT, 8) == UINTRSIM_ARG_SET);
  CHECK(rd(s, UINTRSIM_SIMCTRL_ARG_VALUE) == 12);
  CHECK(arg_lookup(s, "epochs", UINTRSIM_ARG_TYPE_INT) == UINTRSIM_ARG_SET);
  CHECK(rd(s, UINTRSIM_SIMCTRL_ARG_VALUE) == 5);
  CHECK(arg_lookup(s, "concurrency", UINTRSIM_ARG_TYPE_INT) == UINTRSIM_ARG_SET);  // the setting's default
  CHECK(rd(s, UINTRSIM_SIMCTRL_ARG_VALUE) == 8);
  CHECK(arg_lookup(s, "not_set", UINTRSIM_ARG_TYPE_INT, -7) == UINTRSIM_ARG_UNSET);
  CHECK(int64_t(rd(s, UINTRSIM_SIMCTRL_ARG_VALUE)) == -7);
  // A string: its length, then its bytes 8 at a time, NUL-padded.
  CHECK(arg_lookup(s, "label", UINTRSIM_ARG_TYPE_STRING) == UINTRSIM_ARG_SET);
  REQUIRE(rd(s, UINTRSIM_SIMCTRL_ARG_VALUE) == 16);
  std::string got;
  for (int i = 0; i < 3; ++i) {
    const uint64_t chunk = rd(s, UINTRSIM_SIMCTRL_ARG_STRING);
    for (int b = 0; b < 8; ++b) got += char(chunk >> (8 * b));
  }
  CHECK(got == std::string("hello-world-long") + std::string(8, '\0'));
  CHECK(arg_lookup(s, "mode", UINTRSIM_ARG_TYPE_STRING) == UINTRSIM_ARG_SET);
  CHECK(rd(s, UINTRSIM_SIMCTRL_ARG_VALUE) == 5);  // "async"
  CHECK(args.unread().empty());
  CHECK(errors.empty());
  // The wrong type or a malformed name ends the run with the reason.
  CHECK(arg_lookup(s, "frames", UINTRSIM_ARG_TYPE_STRING) == UINTRSIM_ARG_INVALID);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("'frames' as a string") != std::string::npos);
  CHECK(errors[0].find("workload.args.frames = 12") != std::string::npos);
  CHECK(arg_lookup(s, "bad name", UINTRSIM_ARG_TYPE_INT) == UINTRSIM_ARG_INVALID);
  CHECK(arg_lookup(s, std::string(80, 'x'), UINTRSIM_ARG_TYPE_INT) == UINTRSIM_ARG_INVALID);
  CHECK(errors.size() == 3);
  // The record: what was offered and what the guest asked for, with origins and defaults.
  const nlohmann::json j = args.json();
  bool saw_default = false;
  for (const auto& a : j)
    if (a["name"] == "not_set") {
      saw_default = true;
      CHECK(a["origin"] == "guest default");
      CHECK(a["value"] == -7);
    }
  CHECK(saw_default);
}

TEST_CASE("workload arguments: one name set twice, and unread_ok naming nothing set, are config errors", "[simctrl]") {
  ParamRegistry reg;
  WorkloadParams::declare(reg);
  Config twice(reg);
  twice.set_override("workload.args.concurrency=4");
  twice.set_override("workload.concurrency=16");
  CHECK_THROWS_WITH(WorkloadArgs(twice), Catch::Contains("both set the guest's argument 'concurrency'"));
  Config useless(reg);
  useless.set_override("workload.unread_ok=frames");
  CHECK_THROWS_WITH(WorkloadArgs(useless), Catch::Contains("names 'frames', which is not set"));
  Config fine(reg);
  fine.set_override("workload.args.frames=3");
  fine.set_override("workload.unread_ok=frames");
  CHECK(WorkloadArgs(fine).unread().empty());
}

TEST_CASE("sim-control: command writes reach the hook with their register, value and time", "[simctrl]") {
  struct Cmd { SimControl::Reg reg; uint64_t value; uint64_t at_ps; };
  std::vector<Cmd> cmds;
  WorkloadArgs args;
  SimControl s("simctrl", 1, 0x3000000, args, sc_time(10, SC_NS),
               SimControl::Hooks{[&](SimControl::Reg r, uint64_t v, const sc_time& at) {
                                   cmds.push_back({r, v, uint64_t(at.value())});
                                 },
                                 nullptr});
  const struct { uint64_t offset; SimControl::Reg reg; } map[] = {
      {0x00, SimControl::kRoiBegin}, {0x08, SimControl::kRoiEnd}, {0x10, SimControl::kRounds},
      {0x18, SimControl::kSnapshot}, {0x20, SimControl::kExit},   {0x28, SimControl::kPutchar},
      {0x40, SimControl::kSyscalls}, {0x78, SimControl::kSample}};
  uint64_t value = 1;
  for (const auto& m : map) {
    INFO("offset 0x" << std::hex << m.offset);
    cmds.clear();
    const Access a = access(s, true, m.offset, 8, value, sc_time(3, SC_NS));
    CHECK(a.status == tlm::TLM_OK_RESPONSE);
    CHECK(a.delay_after == sc_time(13, SC_NS));  // the device latency
    REQUIRE(cmds.size() == 1);
    CHECK(cmds[0].reg == m.reg);
    CHECK(uint64_t(cmds[0].reg) == m.offset);
    CHECK(cmds[0].value == value);
    CHECK(cmds[0].at_ps == 3000);  // the access's time, before the latency
    value = value * 3 + 0x100000000ull;
  }
  CHECK(rd(s, 0x38) == 0x3000000);
  // Only aligned 8-byte accesses at or below SAMPLE (0x78); the hook sees none of the rest.
  cmds.clear();
  CHECK(access(s, true, 0x28, 4, 'x').status == tlm::TLM_BURST_ERROR_RESPONSE);
  CHECK(access(s, true, 0x04, 8, 1).status == tlm::TLM_BURST_ERROR_RESPONSE);
  CHECK(access(s, true, 0x80, 8, 1).status == tlm::TLM_BURST_ERROR_RESPONSE);
  CHECK(access(s, false, 0x30, 4).status == tlm::TLM_BURST_ERROR_RESPONSE);
  CHECK(access(s, false, 0xff8, 8).status == tlm::TLM_BURST_ERROR_RESPONSE);
  CHECK(cmds.empty());
  CHECK(SimControl::kSize == 0x1000);
}

// The bus delivers only offsets inside a device's window, but a device checks its offsets on
// its own: ranges are compared without sums that could wrap past 2^64 (found by the device
// fuzz target, tests/fuzz/fuzz_devices.cpp, driving the sockets with raw offsets).
TEST_CASE("htif, clint, uintc: offsets far outside the window are errors, even where offset + size wraps",
          "[htif][clint][uintc]") {
  bool called = false;
  Htif h("htif", [&](bool, uint64_t, void*, unsigned) { return called = true; }, [&](int) { called = true; },
         [&](const char*, size_t) { called = true; });
  CHECK(access(h, true, ~0ull - 7, 16, 0x1234).status == tlm::TLM_ADDRESS_ERROR_RESPONSE);  // end wraps to 8
  CHECK(access(h, false, ~0ull - 7, 16).status == tlm::TLM_ADDRESS_ERROR_RESPONSE);
  CHECK(access(h, false, 17, 1).status == tlm::TLM_ADDRESS_ERROR_RESPONSE);
  CHECK(access(h, false, 8, 8).status == tlm::TLM_OK_RESPONSE);   // fromhost
  CHECK(access(h, false, 4, 8).status == tlm::TLM_ADDRESS_ERROR_RESPONSE);  // across the two words
  CHECK_FALSE(called);

  Clint c("clint", 2, kClock, sc_core::SC_ZERO_TIME);
  IrqLog t0;
  c.connect(0, &t0);
  CHECK(access(c, true, ~0ull - 7, 8, 5).status == tlm::TLM_ADDRESS_ERROR_RESPONSE);  // end wraps to 0
  CHECK(access(c, false, ~0ull - 3, 8).status == tlm::TLM_ADDRESS_ERROR_RESPONSE);    // end wraps to 4
  CHECK(access(c, false, UINTRSIM_CLINT_MTIMECMP(2), 8).status == tlm::TLM_ADDRESS_ERROR_RESPONSE);  // no hart 2
  CHECK(rd(c, UINTRSIM_CLINT_MTIMECMP(1)) == ~0ull);
  CHECK(t0.log.empty());

  UintcDevice::Params p;
  p.entries = 4;
  Uintc u("uintc", 1, p);
  // 2^37 = entry 2^32: narrowed to 32 bits it would be entry 0.
  CHECK(access(u, true, uint64_t(UINTRSIM_UINTC_ENTRY_BYTES) << 32, 8, 1).status == tlm::TLM_BURST_ERROR_RESPONSE);
  CHECK(access(u, true, (uint64_t(UINTRSIM_UINTC_ENTRY_BYTES) << 32) + UINTRSIM_UINTC_WRITE_HIGH, 8, 1).status ==
        tlm::TLM_BURST_ERROR_RESPONSE);
  CHECK(access(u, false, UINTRSIM_UINTC_ENTRY(4), 8).status == tlm::TLM_BURST_ERROR_RESPONSE);
  CHECK(u.entry(0).pending == 0);
  CHECK(u.sends() == 0);
}

TEST_CASE("devices.h: the shared definitions are the documented register maps", "[devices]") {
  // sim-control (sim/devices/sim_control.h's table)
  CHECK(UINTRSIM_SIMCTRL_ROI_BEGIN == 0x00);
  CHECK(UINTRSIM_SIMCTRL_ROI_END == 0x08);
  CHECK(UINTRSIM_SIMCTRL_ROUNDS == 0x10);
  CHECK(UINTRSIM_SIMCTRL_SNAPSHOT == 0x18);
  CHECK(UINTRSIM_SIMCTRL_EXIT == 0x20);
  CHECK(UINTRSIM_SIMCTRL_PUTCHAR == 0x28);
  CHECK(UINTRSIM_SIMCTRL_HARTS == 0x30);
  CHECK(UINTRSIM_SIMCTRL_UINTC_BASE == 0x38);
  CHECK(UINTRSIM_SIMCTRL_SYSCALLS == 0x40);
  CHECK(UINTRSIM_SIMCTRL_ARG_NAME == 0x48);
  CHECK(UINTRSIM_SIMCTRL_ARG_DEFAULT == 0x50);
  CHECK(UINTRSIM_SIMCTRL_ARG_LOOKUP == 0x58);
  CHECK(UINTRSIM_SIMCTRL_ARG_STATUS == 0x60);
  CHECK(UINTRSIM_SIMCTRL_ARG_VALUE == 0x68);
  CHECK(UINTRSIM_SIMCTRL_ARG_STRING == 0x70);
  CHECK(UINTRSIM_SIMCTRL_SAMPLE == 0x78);
  CHECK(UINTRSIM_SAMPLE(3, 0x1234) == ((uint64_t(3) << 56) | 0x1234));
  CHECK(UINTRSIM_SIMCTRL_SIZE == 0x1000);
  // CLINT (SiFive layout)
  CHECK(UINTRSIM_CLINT_MSIP(0) == 0x0);
  CHECK(UINTRSIM_CLINT_MSIP(5) == 0x14);
  CHECK(UINTRSIM_CLINT_MTIMECMP(0) == 0x4000);
  CHECK(UINTRSIM_CLINT_MTIMECMP(3) == 0x4018);
  CHECK(UINTRSIM_CLINT_MTIME == 0xBFF8);
  CHECK(UINTRSIM_CLINT_SIZE == 0x10000);
  // UINTC (rtl_models/uintc.sv's header)
  CHECK(UINTRSIM_UINTC_ENTRY_BYTES == 0x20);
  CHECK(UINTRSIM_UINTC_ENTRY(3) == 0x60);
  CHECK(UINTRSIM_UINTC_SEND == 0x00);
  CHECK(UINTRSIM_UINTC_READ_LOW == 0x08);
  CHECK(UINTRSIM_UINTC_WRITE_LOW == 0x08);
  CHECK(UINTRSIM_UINTC_READ_HIGH == 0x10);
  CHECK(UINTRSIM_UINTC_WRITE_HIGH == 0x10);
  CHECK(UINTRSIM_UINTC_GET_ACTIVE == 0x18);
  CHECK(UINTRSIM_UINTC_SET_ACTIVE == 0x18);
  CHECK(UINTRSIM_UINTC_LOW_VALUE(0x1234ull, 1, 1) == 0x12340003ull);  // hartid b31:16, mode b1, active b0
  CHECK(UINTRSIM_UINTC_LOW_VALUE(7ull, 1, 0) == 0x70002ull);
  // UISTE: Valid b0, vector b31:16, receiver b63:48
  CHECK(UINTRSIM_UISTE(0xabcdull, 0x1ffull) == 0x01ff0000abcd0001ull);
  CHECK(UINTRSIM_UISTE_GET_VECTOR(0x01ff0000abcd0001ull) == 0xabcd);
  CHECK(UINTRSIM_UISTE_GET_RECEIVER(0x01ff0000abcd0001ull) == 0x1ff);
  // suist: Enable b63, Size b55:44, PPN b43:0; suirs: Enable b63, index b15:0
  CHECK(UINTRSIM_SUIST(0x80123000ull, 2ull) == 0x8000200000080123ull);
  CHECK(UINTRSIM_SUIST_GET_SIZE_PAGES(0x8000200000080123ull) == 2);
  CHECK(UINTRSIM_SUIST_GET_TABLE(0x8000200000080123ull) == 0x80123000ull);
  CHECK(UINTRSIM_SUIRS_ENABLE == 0x8000000000000000ull);
  CHECK(UINTRSIM_SUIRS_INDEX_MASK == 0xffff);
  // HTIF: device b63:56, command b55:48, payload b47:0; exit = code << 1 | 1
  CHECK(UINTRSIM_HTIF_CMD(UINTRSIM_HTIF_DEV_CONSOLE, UINTRSIM_HTIF_CONSOLE_PUTCHAR, 'A') == 0x0101000000000041ull);
  CHECK(UINTRSIM_HTIF_EXIT(5ull) == 11);
  // Platform defaults (QEMU virt layout).
  CHECK(UINTRSIM_DEFAULT_CLINT_BASE == 0x2000000);
  CHECK(UINTRSIM_DEFAULT_SIMCTRL_BASE == 0x10010000);
  CHECK(UINTRSIM_DEFAULT_UINTC_BASE == 0x2F10000);
}

TEST_CASE("htif: exit codes keep all 64 bits, through tohost and the syscall proxy", "[htif]") {
  std::vector<uint64_t> exits;
  uint64_t block[8] = {UINTRSIM_HTIF_SYS_EXIT, 0x100000000ull};  // exit(2^32) at "physical" 0x1000
  Htif htif(
      "htif_exit",
      [&](bool w, uint64_t pa, void* d, unsigned len) {
        if (pa != 0x1000 || len > sizeof block) return false;
        if (w) std::memcpy(block, d, len);
        else std::memcpy(d, block, len);
        return true;
      },
      [&](uint64_t code) { exits.push_back(code); }, [](const char*, size_t) {});
  wr(htif, UINTRSIM_HTIF_TOHOST, UINTRSIM_HTIF_EXIT(0x80000000ull));
  wr(htif, UINTRSIM_HTIF_TOHOST, 0x1000);  // device 0, command 0: the syscall proxy
  REQUIRE(exits.size() == 2);
  CHECK(exits[0] == 0x80000000ull);  // was clamped to 2^31 - 1
  CHECK(exits[1] == 0x100000000ull);  // was cut to its low 31 bits: 0, a pass
}

TEST_CASE("htif: a write of length 0 reads no memory and returns 0", "[htif]") {
  uint64_t block[8] = {UINTRSIM_HTIF_SYS_WRITE, 1, 0x2000, 0};  // write(1, 0x2000, 0)
  std::vector<std::pair<uint64_t, unsigned>> reads;
  bool null_buffer = false;
  size_t console_calls = 0;
  Htif htif(
      "htif_write0",
      [&](bool w, uint64_t pa, void* d, unsigned len) {
        if (d == nullptr) null_buffer = true;  // memcpy from/to null is undefined even for 0 bytes
        if (pa != 0x1000) {
          reads.push_back({pa, len});
          return true;
        }
        if (w) std::memcpy(block, d, len);
        else std::memcpy(d, block, len);
        return true;
      },
      [](uint64_t) {}, [&](const char*, size_t) { ++console_calls; });
  wr(htif, UINTRSIM_HTIF_TOHOST, 0x1000);
  CHECK_FALSE(null_buffer);
  CHECK(reads.empty());
  CHECK(console_calls == 0);
  CHECK(block[0] == 0);                       // the return value: 0 bytes written
  CHECK(rd(htif, UINTRSIM_HTIF_FROMHOST) == 1);  // answered
}
