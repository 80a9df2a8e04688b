// Differential test of the two uipi.send engines: the verilated RTL (rtl_models/uipi_send.sv)
// and the C++ engine the hart runs by default (sim/uintr/uipi_send_engine.h). Both get the
// same random sends -- enabled and disabled sender tables, indices inside and far beyond
// suist.Size, sender-table entries with and without Valid, entries that fault, D-cache hits
// and misses of random latency, SEND stores the memory system refuses (nack) up to three
// times -- for both UISTE strides (8 and 256 bytes) and both check modes (qemu, rtl). Every
// memory request (address, data, the cycle it is issued), every result (fault, cycles) must
// be identical; and a few directed cases pin the Rocket FSM's cycle counts.
//
// usage: uipi_send_diff [sends] [seed]
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <systemc>

#include "Vuipi_send_s256.h"
#include "Vuipi_send_s8.h"
#include "rtl_models/uipi_send_rtl.h"
#include "sim/uintr/uipi_send_engine.h"
#include "workloads/include/uintrsim/devices.h"

using namespace sc_core;
using namespace uintrsim;

namespace {

// One send's memory system: what the UISTE read returns and how many times the SEND store is
// refused. It records every request in order.
struct Scenario {
  uint64_t uiste = 0;
  bool fault = false;
  unsigned latency = 1;
  unsigned nacks = 0;
};

struct RecordingPort : UipiSendPort {
  Scenario sc;
  unsigned refused = 0;
  std::vector<std::string> log;
  bool read_uiste(uint64_t pa, uint64_t* value, unsigned* latency) override {
    char b[96];
    std::snprintf(b, sizeof b, "read %#llx", (unsigned long long)pa);
    log.push_back(b);
    *latency = sc.latency;
    if (sc.fault) return false;
    *value = sc.uiste;
    return true;
  }
  bool store_send(uint64_t pa, uint64_t data, uint64_t elapsed) override {
    char b[96];
    std::snprintf(b, sizeof b, "store %#llx <- %#llx at cycle %llu", (unsigned long long)pa,
                  (unsigned long long)data, (unsigned long long)elapsed);
    log.push_back(b);
    if (refused < sc.nacks) {
      ++refused;
      return false;
    }
    return true;
  }
};

struct Pair {
  std::string name;
  std::unique_ptr<UipiSendEngine> rtl, cpp;
};

UintrParams params(unsigned stride, bool qemu) {
  UintrParams u;
  u.uist_stride = stride;
  u.qemu_send_checks = qemu;
  return u;
}

struct Driver : sc_module {
  unsigned sends;
  uint64_t seed;
  int failures = 0;
  std::vector<Pair> pairs;
  uint64_t stores = 0, nacked = 0, faults = 0, noops = 0;

  SC_HAS_PROCESS(Driver);
  Driver(sc_module_name n, unsigned sends_, uint64_t seed_) : sc_module(n), sends(sends_), seed(seed_) {
    for (unsigned stride : {8u, 256u})
      for (bool qemu : {true, false}) {
        UipiSendEngineParams p;
        p.uintr = params(stride, qemu);
        Pair pr;
        pr.name = "stride " + std::to_string(stride) + (qemu ? ", qemu checks" : ", rtl checks");
        const std::string mod = "rtl_s" + std::to_string(stride) + (qemu ? "_q" : "_r");
        if (stride == 8) pr.rtl = std::make_unique<RtlUipiSendT<Vuipi_send_s8>>(mod.c_str(), p);
        else pr.rtl = std::make_unique<RtlUipiSendT<Vuipi_send_s256>>(mod.c_str(), p);
        pr.cpp = std::make_unique<FsmUipiSend>(p.uintr);
        pairs.push_back(std::move(pr));
      }
    SC_THREAD(run);
  }

  // Runs one send on both engines of `pr`; returns the C++ engine's result.
  UipiSendEngine::Result one(Pair& pr, uint64_t index, uint64_t suist, const Scenario& s, RecordingPort* out = nullptr) {
    RecordingPort pc, pv;
    pc.sc = pv.sc = s;
    const auto rc = pr.cpp->send(index, suist, pc);
    const auto rv = pr.rtl->send(index, suist, pv);
    if (rc.fault != rv.fault || rc.cycles != rv.cycles || pc.log != pv.log) {
      if (++failures <= 10) {
        std::printf("MISMATCH (%s) index %#llx suist %#llx uiste %#llx fault %d latency %u nacks %u\n",
                    pr.name.c_str(), (unsigned long long)index, (unsigned long long)suist,
                    (unsigned long long)s.uiste, s.fault, s.latency, s.nacks);
        std::printf("  cpp: fault %d, %llu cycles\n", rc.fault, (unsigned long long)rc.cycles);
        for (auto& l : pc.log) std::printf("    %s\n", l.c_str());
        std::printf("  rtl: fault %d, %llu cycles\n", rv.fault, (unsigned long long)rv.cycles);
        for (auto& l : pv.log) std::printf("    %s\n", l.c_str());
      }
    }
    if (out) *out = pc;
    return rc;
  }

  void expect(bool ok, const char* what) {
    if (!ok) {
      ++failures;
      std::printf("FAIL: %s\n", what);
    }
  }

  // The Rocket FSM's cycle counts (docs/hardware-uintr.md), on the C++ engine and, through one(), the RTL.
  void directed() {
    Pair& pr = pairs[0];  // stride 8, qemu checks
    const uint64_t table = 0x80040000, suist = UINTRSIM_SUIST(table, 1ull);
    Scenario hit{UINTRSIM_UISTE(7ull, 5ull), false, 1, 0};  // vector 7 to receiver 5
    RecordingPort log;
    auto r = one(pr, 3, suist, hit, &log);
    expect(!r.fault && r.cycles == 6, "L1 hit: 6 cycles");
    expect(log.log.size() == 2 && log.log[0] == "read 0x80040018" &&
               log.log[1] == "store 0x2f100a0 <- 0x7 at cycle 3",
           "L1 hit: UISTE at table + 3*8, SEND to entry 5 with vector 7 at cycle 3");
    Scenario miss = hit;
    miss.latency = 21;
    r = one(pr, 3, suist, miss, &log);
    expect(r.cycles == 26 && log.log[1] == "store 0x2f100a0 <- 0x7 at cycle 23", "miss of 20: 26 cycles, store at 23");
    Scenario nack = hit;
    nack.nacks = 2;
    r = one(pr, 3, suist, nack, &log);
    expect(r.cycles == 12 && log.log.size() == 4 && log.log[3] == "store 0x2f100a0 <- 0x7 at cycle 9",
           "two nacks: the store replayed at cycles 6 and 9, 12 cycles");
    r = one(pr, 3, suist & ~UINTRSIM_SUIST_ENABLE, hit, &log);
    expect(r.cycles == 1 && log.log.empty(), "suist.Enable clear: no-op in 1 cycle, no memory access");
    r = one(pr, 512, suist, hit, &log);
    expect(r.cycles == 1 && log.log.empty(), "index beyond suist.Size (qemu checks): no-op in 1 cycle");
    Scenario invalid = hit;
    invalid.uiste &= ~UINTRSIM_UISTE_VALID;
    r = one(pr, 3, suist, invalid, &log);
    expect(r.cycles == 3 && log.log.size() == 1, "Valid clear (qemu checks): no store, 3 cycles");
    r = one(pairs[1], 3, suist, invalid, &log);  // rtl checks: Valid ignored
    expect(r.cycles == 6 && log.log.size() == 2, "Valid clear (rtl checks): stored anyway");
    Scenario fault = hit;
    fault.fault = true;
    r = one(pr, 3, suist, fault, &log);
    expect(r.fault && r.cycles == 3 && log.log.size() == 1, "UISTE access fault: fault, 3 cycles, no store");
    r = one(pairs[2], 3, suist, hit, &log);  // stride 256
    expect(log.log[0] == "read 0x80040300", "stride 256: UISTE at table + 3*256");
  }

  void run() {
    directed();
    std::mt19937_64 rng(seed);
    auto pick = [&](uint64_t n) { return rng() % n; };
    for (unsigned i = 0; i < sends; ++i) {
      Pair& pr = pairs[pick(pairs.size())];
      uint64_t suist = (pick(10) ? UINTRSIM_SUIST_ENABLE : 0) | (pick(4) << UINTRSIM_SUIST_SIZE_SHIFT) |
                       (rng() & UINTRSIM_SUIST_PPN_MASK);
      if (!pick(8)) suist |= rng() & (0x7full << 56);  // reserved bits set
      uint64_t index = pick(4) ? pick(600) : rng();
      Scenario s;
      s.uiste = rng();
      if (pick(4)) s.uiste |= UINTRSIM_UISTE_VALID;
      s.fault = !pick(12);
      s.latency = pick(3) ? 1 : 1 + unsigned(pick(60));
      s.nacks = pick(4) ? 0 : unsigned(pick(4));
      RecordingPort log;
      const auto r = one(pr, index, suist, s, &log);
      faults += r.fault;
      noops += log.log.empty();
      for (auto& l : log.log) stores += l.rfind("store", 0) == 0;
      nacked += log.log.size() > 2 ? log.log.size() - 2 : 0;
    }
    std::printf("%u random sends (%llu stores, %llu of them refused and replayed, %llu faults, %llu no-ops "
                "before the load) plus directed cases: ",
                sends, (unsigned long long)stores, (unsigned long long)nacked, (unsigned long long)faults,
                (unsigned long long)noops);
    std::printf(failures ? "%d MISMATCHES\n" : "identical\n", failures);
    sc_stop();
  }
};

}  // namespace

int sc_main(int argc, char** argv) {
  const unsigned sends = argc > 1 ? unsigned(std::strtoul(argv[1], nullptr, 0)) : 20000;
  const uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 0) : 1;
  Driver d("driver", sends, seed);
  sc_start();
  return d.failures ? 1 : 0;
}
