// The system bus (sim/mem/bus.{h,cpp}) in a small elaborated SystemC platform: address
// decoding (first mapped window wins where windows overlap, the device sees address - base +
// offset), unmapped addresses and accesses that leave their window (address errors), debug
// transport, and DMI grants clipped around the pages of other windows.
//
// The bus's multi-sockets resolve their bindings at elaboration, so this is its own
// executable (one SystemC elaboration per process): the platform is built and elaborated
// (sc_start(SC_ZERO_TIME)) on first use, and every test case drives it through an initiator
// socket from the test's thread (none of these targets waits).
#include <catch2/catch.hpp>

#include <cstring>
#include <memory>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "sim/mem/bus.h"
#include "sim/mem/ram.h"
#include "tests/unit/tlm_access.h"

using namespace sc_core;
using namespace uintrsim;

namespace {

// A device that records every access and answers reads with a fixed pattern; no DMI.
struct Recorder : sc_module {
  tlm_utils::simple_target_socket<Recorder> socket{"socket"};
  struct Access { bool write; uint64_t addr; unsigned len; };
  std::vector<Access> log;
  explicit Recorder(sc_module_name n) : sc_module(n) { socket.register_b_transport(this, &Recorder::b_transport); }
  void b_transport(tlm::tlm_generic_payload& tx, sc_time& delay) {
    log.push_back({tx.is_write(), tx.get_address(), tx.get_data_length()});
    if (tx.is_read()) std::memset(tx.get_data_ptr(), 0x5a, tx.get_data_length());
    delay += sc_time(1, SC_NS);
    tx.set_response_status(tlm::TLM_OK_RESPONSE);
  }
};

struct Initiator : sc_module {
  tlm_utils::simple_initiator_socket<Initiator> socket{"socket"};
  explicit Initiator(sc_module_name n) : sc_module(n) {}
};

constexpr uint64_t kRamBase = 0x80000000, kRamSize = 0x10000;
constexpr uint64_t kDevBase = 0x80004000, kDevSize = 0x100;      // inside RAM, mapped first
constexpr uint64_t kTinyBase = 0x80008010, kTinySize = 0x10;     // HTIF-like, not page-aligned
constexpr uint64_t kMmioBase = 0x10000000, kMmioSize = 0x1000, kMmioOffset = 0x100;
constexpr uint64_t kAliasBase = 0x40000000, kAliasSize = 0x1000, kAliasOffset = 0x2000;  // RAM at +0x2000
const sc_time kBusLatency(5, SC_NS);

struct Rig {
  Initiator cpu{"cpu"};
  Bus bus{"bus", kBusLatency};
  Ram ram{"ram", kRamSize};
  Recorder dev{"dev"}, tiny{"tiny"}, mmio{"mmio"};
  Rig() {
    cpu.socket.bind(bus.targ);
    bus.init.bind(dev.socket);    // port 0
    bus.init.bind(tiny.socket);   // port 1
    bus.init.bind(mmio.socket);   // port 2
    bus.init.bind(ram.socket);    // port 3
    bus.map("dev", kDevBase, kDevSize, 0);
    bus.map("tiny", kTinyBase, kTinySize, 1);
    bus.map("mmio", kMmioBase, kMmioSize, 2, kMmioOffset);
    bus.map("ram", kRamBase, kRamSize, 3);
    bus.map("alias", kAliasBase, kAliasSize, 3, kAliasOffset);
    sc_start(SC_ZERO_TIME);  // elaboration: the bus's multi-sockets bind here
  }
  void clear() { dev.log.clear(); tiny.log.clear(); mmio.log.clear(); }
};
Rig& rig() {
  static Rig* r = new Rig();  // lives until exit (SystemC objects are not destroyed mid-simulation)
  return *r;
}
// The rig with empty access logs, at the start of a test case.
Rig& fresh_rig() {
  rig().clear();
  return rig();
}

using Result = test::TlmAccess;
Result access(bool write, uint64_t addr, unsigned len, uint64_t value = 0) {
  return test::tlm_access([](tlm::tlm_generic_payload& tx, sc_time& delay) { rig().cpu.socket->b_transport(tx, delay); },
                          write, addr, len, value);
}

struct Dmi {
  bool granted;
  uint64_t start, end;
  unsigned char* ptr;
};
Dmi dmi_at(uint64_t addr) {
  tlm::tlm_generic_payload tx;
  tx.set_command(tlm::TLM_READ_COMMAND);
  tx.set_address(addr);
  tlm::tlm_dmi dmi;
  const bool ok = rig().cpu.socket->get_direct_mem_ptr(tx, dmi);
  CHECK(tx.get_address() == addr);  // the bus restores the address
  return {ok, dmi.get_start_address(), dmi.get_end_address(), dmi.get_dmi_ptr()};
}

}  // namespace

TEST_CASE("bus: a window routes to its device at address - base + offset", "[bus]") {
  Rig& r = fresh_rig();
  Result a = access(true, kDevBase + 0x10, 4, 0x1234);
  CHECK(a.status == tlm::TLM_OK_RESPONSE);
  CHECK(a.addr_after == kDevBase + 0x10);        // the initiator's address is restored
  CHECK(a.delay_after == kBusLatency + sc_time(1, SC_NS));  // bus latency plus the device's
  REQUIRE(r.dev.log.size() == 1);
  CHECK(r.dev.log[0].write);
  CHECK(r.dev.log[0].addr == 0x10);
  CHECK(r.dev.log[0].len == 4);

  a = access(false, kMmioBase + 0x8, 8);
  CHECK(a.status == tlm::TLM_OK_RESPONSE);
  CHECK(a.value == 0x5a5a5a5a5a5a5a5aull);
  REQUIRE(r.mmio.log.size() == 1);
  CHECK(r.mmio.log[0].addr == kMmioOffset + 0x8);  // window offset added
  CHECK(r.dev.log.size() == 1);
  CHECK(r.tiny.log.empty());
}

TEST_CASE("bus: overlapping windows: the first mapped wins, RAM serves the rest", "[bus]") {
  Rig& r = fresh_rig();
  // Inside the device window: the device, not RAM.
  CHECK(access(true, kDevBase + kDevSize - 8, 8, 0x1111).status == tlm::TLM_OK_RESPONSE);
  REQUIRE(r.dev.log.size() == 1);
  CHECK(r.dev.log[0].addr == kDevSize - 8);
  CHECK(std::memcmp(r.ram.host() + (kDevBase - kRamBase) + kDevSize - 8, "\0\0\0\0\0\0\0\0", 8) == 0);
  // Just past it, still in the device's page: RAM.
  CHECK(access(true, kDevBase + kDevSize, 8, 0xfeedfacecafebeefull).status == tlm::TLM_OK_RESPONSE);
  uint64_t v;
  std::memcpy(&v, r.ram.host() + (kDevBase - kRamBase) + kDevSize, 8);
  CHECK(v == 0xfeedfacecafebeefull);
  CHECK(access(false, kDevBase + kDevSize, 8).value == 0xfeedfacecafebeefull);
  CHECK(r.dev.log.size() == 1);
  // The tiny window at +0x8010 (16 bytes) inside RAM: its device; its neighbours: RAM.
  CHECK(access(false, kTinyBase + 8, 8).value == 0x5a5a5a5a5a5a5a5aull);
  REQUIRE(r.tiny.log.size() == 1);
  CHECK(r.tiny.log[0].addr == 8);
  CHECK(access(false, kTinyBase - 8, 8).value == 0);
  CHECK(access(false, kTinyBase + kTinySize, 8).value == 0);
  CHECK(r.tiny.log.size() == 1);
  // find() agrees.
  REQUIRE(r.bus.find(kDevBase) != nullptr);
  CHECK(r.bus.find(kDevBase)->name == "dev");
  CHECK(r.bus.find(kDevBase + kDevSize)->name == "ram");
  CHECK(r.bus.find(kTinyBase + kTinySize - 1)->name == "tiny");
  CHECK(r.bus.find(kRamBase + kRamSize - 1)->name == "ram");
  // A window with an offset into RAM: alias + x is RAM + 0x2000 + x.
  CHECK(access(true, kAliasBase + 0x18, 8, 0xabcdef).status == tlm::TLM_OK_RESPONSE);
  std::memcpy(&v, r.ram.host() + kAliasOffset + 0x18, 8);
  CHECK(v == 0xabcdef);
  CHECK(access(false, kRamBase + kAliasOffset + 0x18, 8).value == 0xabcdef);
}

TEST_CASE("bus: unmapped addresses and accesses leaving their window are address errors", "[bus]") {
  Rig& r = fresh_rig();
  for (uint64_t a : std::vector<uint64_t>{0x0, 0x20000000, kMmioBase + kMmioSize, kRamBase + kRamSize,
                                         kRamBase - 8, kAliasBase + kAliasSize, ~0ull - 7}) {
    INFO("address 0x" << std::hex << a);
    const Result res = access(false, a, 8);
    CHECK(res.status == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    CHECK(res.delay_after == SC_ZERO_TIME);  // not forwarded: no latency
    CHECK(r.bus.find(a) == nullptr);
  }
  // Straddling the end of a window: rejected by the bus, never forwarded.
  CHECK(access(true, kDevBase + kDevSize - 4, 8).status == tlm::TLM_ADDRESS_ERROR_RESPONSE);
  CHECK(access(true, kMmioBase + kMmioSize - 1, 2).status == tlm::TLM_ADDRESS_ERROR_RESPONSE);
  CHECK(access(false, kRamBase + kRamSize - 4, 8).status == tlm::TLM_ADDRESS_ERROR_RESPONSE);
  CHECK(r.dev.log.empty());
  CHECK(r.mmio.log.empty());
}

TEST_CASE("bus: debug transport follows the same map", "[bus]") {
  Rig& r = fresh_rig();
  uint64_t v = 0x0102030405060708ull;
  tlm::tlm_generic_payload tx;
  tx.set_command(tlm::TLM_WRITE_COMMAND);
  tx.set_address(kRamBase + 0x40);
  tx.set_data_ptr(reinterpret_cast<unsigned char*>(&v));
  tx.set_data_length(8);
  CHECK(r.cpu.socket->transport_dbg(tx) == 8);
  CHECK(tx.get_address() == kRamBase + 0x40);
  CHECK(r.ram.host()[0x40] == 0x08);
  tx.set_address(0x20000000);
  CHECK(r.cpu.socket->transport_dbg(tx) == 0);  // unmapped
}

TEST_CASE("bus: DMI grants are clipped around the pages of other windows", "[bus]") {
  Rig& r = fresh_rig();
  uint8_t* host = r.ram.host();
  // RAM below the device's page: [base, the device's page).
  Dmi d = dmi_at(kRamBase + 0x100);
  REQUIRE(d.granted);
  CHECK(d.start == kRamBase);
  CHECK(d.end == kDevBase - 1);
  CHECK(d.ptr == host);
  // Between the device's page and the tiny window's page.
  d = dmi_at(kRamBase + 0x6000);
  REQUIRE(d.granted);
  CHECK(d.start == kDevBase + 0x1000);
  CHECK(d.end == (kTinyBase & ~0xfffull) - 1);
  CHECK(d.ptr == host + (kDevBase + 0x1000 - kRamBase));
  // Above the tiny window's page, to the end of RAM.
  d = dmi_at(kRamBase + 0xa000);
  REQUIRE(d.granted);
  CHECK(d.start == (kTinyBase & ~0xfffull) + 0x1000);
  CHECK(d.end == kRamBase + kRamSize - 1);
  CHECK(d.ptr == host + 0x9000);
  // RAM in a page shared with another window: no DMI (the bus must see every access there).
  CHECK_FALSE(dmi_at(kDevBase + kDevSize).granted);
  CHECK_FALSE(dmi_at(kDevBase + 0xff8).granted);
  CHECK_FALSE(dmi_at(kTinyBase - 0x10).granted);
  CHECK_FALSE(dmi_at((kTinyBase & ~0xfffull) + 0xff0).granted);
  // Devices without DMI, unmapped addresses: none.
  CHECK_FALSE(dmi_at(kDevBase).granted);
  CHECK_FALSE(dmi_at(kMmioBase).granted);
  CHECK_FALSE(dmi_at(0x20000000).granted);
  // A window with an offset: clipped to the window, the pointer at the offset.
  d = dmi_at(kAliasBase + 0x800);
  REQUIRE(d.granted);
  CHECK(d.start == kAliasBase);
  CHECK(d.end == kAliasBase + kAliasSize - 1);
  CHECK(d.ptr == host + kAliasOffset);
}
