// Differential test of the two UINTC implementations (docs/architecture.md): the same random
// traffic -- SEND, WRITE_LOW/HIGH, SET_ACTIVE, READ_LOW/HIGH, GET_ACTIVE from several harts,
// plus narrow, misaligned and out-of-range accesses -- goes to the TLM model and to the
// verilated RTL; every response status, every value read, every interrupt-line event (level
// and the cycle it reaches the hart) and the final state of every entry must be identical.
//
// usage: uintc_diff [operations] [seed]
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "Vuintc.h"
#include "rtl_models/uintc_rtl.h"
#include "sim/isa/encoding.h"
#include "sim/uintr/uintc.h"
#include "tests/unit/tlm_access.h"
#include "workloads/include/uintrsim/devices.h"

using namespace sc_core;
using namespace uintrsim;

namespace {

constexpr unsigned kHarts = 4;
const sc_time kPeriod(10, SC_NS);

// Records every line event: (time it reaches the hart, level).
struct LineRecorder : IrqTarget {
  std::vector<std::pair<uint64_t, bool>> events;
  void set_irq(unsigned irq, bool level) override {
    if (irq == rv::kUSI) events.push_back({sc_time_stamp().value(), level});
  }
  void schedule_irq(unsigned irq, const sc_time& at) override {
    if (irq == rv::kUSI) events.push_back({at.value(), true});
  }
  void cancel_scheduled_irq(unsigned) override {}
  void post_irq(unsigned) override {}
};

struct Driver : sc_module {
  tlm_utils::simple_initiator_socket<Driver> to_tlm{"to_tlm"}, to_rtl{"to_rtl"};
  unsigned ops;
  uint64_t seed;
  int failures = 0;
  uint64_t reads_compared = 0;
  std::vector<LineRecorder>* lines_tlm;
  std::vector<LineRecorder>* lines_rtl;

  SC_HAS_PROCESS(Driver);
  Driver(sc_module_name n, unsigned ops_, uint64_t seed_) : sc_module(n), ops(ops_), seed(seed_) { SC_THREAD(run); }

  tlm::tlm_response_status access(tlm_utils::simple_initiator_socket<Driver>& s, bool write, uint64_t addr,
                                  unsigned len, uint64_t& data) {
    auto transport = [&s](tlm::tlm_generic_payload& tx, sc_time& d) { s->b_transport(tx, d); };
    const uintrsim::test::TlmAccess a = uintrsim::test::tlm_access(transport, write, addr, len, data);
    data = 0;
    std::memcpy(&data, &a.value, len);
    return a.status;
  }

  void check(bool ok, const char* what, unsigned op, uint64_t addr, uint64_t a, uint64_t b) {
    if (ok) return;
    if (++failures <= 10)
      std::printf("MISMATCH op %u addr 0x%llx: %s: tlm 0x%llx rtl 0x%llx\n", op, (unsigned long long)addr, what,
                  (unsigned long long)a, (unsigned long long)b);
  }

  void run() {
    std::mt19937_64 rng(seed);
    for (unsigned op = 0; op < ops; ++op) {
      const unsigned entry = rng() % 8 == 0 ? unsigned(rng() % 600) : unsigned(rng() % 16);
      static const unsigned kRegs[] = {UINTRSIM_UINTC_SEND, UINTRSIM_UINTC_LOW, UINTRSIM_UINTC_HIGH, UINTRSIM_UINTC_ACTIVE};
      unsigned reg = kRegs[rng() % 4];
      unsigned len = 8;
      if (rng() % 16 == 0) reg += 4;          // misaligned
      if (rng() % 16 == 0) len = 4;           // narrow
      const bool write = rng() % 2;
      uint64_t data = rng();
      if (write && (reg & ~7u) == UINTRSIM_UINTC_WRITE_LOW)  // a hartid the harts have (or one beyond)
        data = (data & ~(uint64_t(UINTRSIM_UINTC_LOW_HARTID_MASK) << UINTRSIM_UINTC_LOW_HARTID_SHIFT)) |
               (uint64_t(rng() % (kHarts + 1)) << UINTRSIM_UINTC_LOW_HARTID_SHIFT);
      if (write && rng() % 4 == 0) data &= 0xff;
      const uint64_t addr = UINTRSIM_UINTC_ENTRY(uint64_t(entry)) + reg;
      uint64_t dt = data, dr = data;
      const auto st = access(to_tlm, write, addr, len, dt);
      const auto sr = access(to_rtl, write, addr, len, dr);
      check(st == sr, "response status", op, addr, uint64_t(st), uint64_t(sr));
      if (!write && st == tlm::TLM_OK_RESPONSE) {
        check(dt == dr, "value read", op, addr, dt, dr);
        ++reads_compared;
      }
      wait(kPeriod * double(1 + rng() % 8));  // let lines settle, at varying spacing
    }
    // Final state of every entry (non-destructive reads).
    for (unsigned e = 0; e < 512; ++e)
      for (unsigned reg : {unsigned(UINTRSIM_UINTC_READ_LOW), unsigned(UINTRSIM_UINTC_GET_ACTIVE)}) {
        uint64_t dt = 0, dr = 0;
        const uint64_t addr = UINTRSIM_UINTC_ENTRY(uint64_t(e)) + reg;
        access(to_tlm, false, addr, 8, dt);
        access(to_rtl, false, addr, 8, dr);
        check(dt == dr, "final state", ops, addr, dt, dr);
      }
    sc_stop();
  }
};

}  // namespace

int sc_main(int argc, char** argv) {
  const unsigned ops = argc > 1 ? unsigned(std::strtoul(argv[1], nullptr, 0)) : 20000;
  const uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 0) : 1;
  sc_report_handler::set_actions(SC_INFO, SC_DO_NOTHING);
  UintcDevice::Params p;
  p.entries = 512;
  p.line_latency = kPeriod * 3.0;  // 1 register stage + 2 intStages, as the RTL's LINE_STAGES = 2
  p.clock_period = kPeriod;
  Uintc tlm_model("tlm", kHarts, p);
  RtlUintcT<Vuintc, 2> rtl_model("rtl", kHarts, p);
  std::vector<LineRecorder> lines_tlm(kHarts), lines_rtl(kHarts);
  for (unsigned h = 0; h < kHarts; ++h) {
    tlm_model.connect(h, &lines_tlm[h]);
    rtl_model.connect(h, &lines_rtl[h]);
  }
  Driver d("driver", ops, seed);
  d.to_tlm.bind(tlm_model.socket);
  d.to_rtl.bind(rtl_model.socket);
  sc_start();
  uint64_t events = 0;
  for (unsigned h = 0; h < kHarts; ++h) {
    events += lines_tlm[h].events.size();
    if (lines_tlm[h].events != lines_rtl[h].events) {
      ++d.failures;
      std::printf("MISMATCH: hart %u line events differ (tlm %zu, rtl %zu)\n", h, lines_tlm[h].events.size(),
                  lines_rtl[h].events.size());
      for (size_t i = 0; i < std::min<size_t>(5, std::min(lines_tlm[h].events.size(), lines_rtl[h].events.size())); ++i)
        std::printf("  #%zu tlm (%llu ps, %d) rtl (%llu ps, %d)\n", i, (unsigned long long)lines_tlm[h].events[i].first,
                    lines_tlm[h].events[i].second, (unsigned long long)lines_rtl[h].events[i].first,
                    lines_rtl[h].events[i].second);
    }
  }
  std::printf("uintc differential: %u operations (seed %llu), %llu reads and %llu line events compared, "
              "%llu RTL clocks: %s\n",
              ops, (unsigned long long)seed, (unsigned long long)d.reads_compared, (unsigned long long)events,
              (unsigned long long)rtl_model.clocks(), d.failures ? "MISMATCHES" : "identical");
  return d.failures ? 1 : 0;
}
