// The UINTC device (sim/uintr/uintc.h) and the uipi.* instructions of the hart against it
// (docs/hardware-uintr.md "RISC-V generation 2", docs/architecture.md "Faithfulness decisions"):
//   * the UINTC alone, driven through its TLM socket without sc_start: SEND, READ_LOW/
//     WRITE_LOW, READ_HIGH (returns and clears), WRITE_HIGH (ORs), GET/SET_ACTIVE, bus errors
//     for anything but aligned 8-byte accesses, the level and sticky USIP lines;
//   * harts (the fixture's Hart without SystemC) whose bus routes the UINTC window to that
//     device and whose USIP line comes from it: uipi.send with every check of both
//     uintr.send_checks modes and both sender-table strides, the receiver instructions,
//     their disabled and out-of-range cases, and the end-to-end delivery of a user interrupt.
#include <catch2/catch.hpp>

#include <systemc>
#include <tlm>

#include "sim/devices/irq_target.h"
#include "sim/uintr/uintc.h"
#include "tests/unit/hart_fixture.h"
#include "tests/unit/tlm_access.h"
#include "workloads/include/uintrsim/devices.h"

using namespace uintrsim;
using namespace uintrsim::test;
using rv::bit;
using sc_core::sc_time;

namespace {
constexpr uint64_t kCode = System::kCode;
constexpr uint64_t kMtvec = System::kMtvec;
constexpr uint64_t kStvec = System::kStvec;
constexpr uint64_t kUtvec = System::kRamBase + 0x3000;
constexpr uint64_t kTable = System::kRamBase + 0x20000;  // sender table (2 pages)
constexpr uint64_t kUintcBase = UINTRSIM_DEFAULT_UINTC_BASE;
constexpr uint64_t kPeriodPs = 10000;  // 100 MHz
constexpr uint64_t USI = bit(rv::kUSI);

// uintc register offsets (the read/write pairs share an offset)
constexpr uint64_t kSend = UINTRSIM_UINTC_SEND, kLow = UINTRSIM_UINTC_LOW, kHigh = UINTRSIM_UINTC_HIGH,
                   kActive = UINTRSIM_UINTC_ACTIVE;

// Register numbers.
constexpr uint32_t t0 = 5, t1 = 6, s0 = 8, s1 = 9, a0 = 10, a1 = 11;

// Instruction encodings (docs/hardware-uintr.md).
constexpr uint32_t uipi_send(uint32_t rs1) { return 0x0000607B | (rs1 << 15); }
constexpr uint32_t uipi_read(uint32_t rd) { return 0x0200607B | (rd << 7); }
constexpr uint32_t uipi_write(uint32_t rs1) { return 0x0400607B | (rs1 << 15); }
constexpr uint32_t kUipiActivate = 0x0600607B;
constexpr uint32_t kUipiDeactivate = 0x0800607B;
constexpr uint32_t kUret = 0x00200073;

// Sender-table entry: Valid b0, vector b31:16, receiver (UIRS) index b63:48.
constexpr uint64_t uiste(uint64_t vector, uint64_t receiver, bool valid = true) {
  return UINTRSIM_UISTE(vector, receiver) & ~(valid ? 0 : UINTRSIM_UISTE_VALID);
}
constexpr uint64_t suist(uint64_t table_pa, uint64_t pages, bool enable = true) {
  return UINTRSIM_SUIST(table_pa, pages) & ~(enable ? 0 : UINTRSIM_SUIST_ENABLE);
}
constexpr uint64_t suirs(uint64_t index, bool enable = true) {
  return (enable ? UINTRSIM_SUIRS_ENABLE : 0) | index;
}
constexpr uint64_t low(unsigned hartid, bool mode, bool active) {
  return UINTRSIM_UINTC_LOW_VALUE(uint64_t(hartid), uint64_t(mode), uint64_t(active));
}

// ---------------------------------------------------------------------------------------------
// Driving the UINTC through its socket.
// ---------------------------------------------------------------------------------------------
struct Access {
  bool ok;
  uint64_t value;
};

Access uintc_access(Uintc& u, bool write, uint64_t offset, uint64_t value = 0, unsigned len = 8,
                    uint64_t at_cycle = 0, const uint8_t* byte_enable = nullptr) {
  auto transport = [&u](tlm::tlm_generic_payload& tx, sc_time& d) { u.socket.get_base_interface().b_transport(tx, d); };
  const test::TlmAccess a = test::tlm_access(transport, write, offset, len, value,
                                             sc_time(double(at_cycle * kPeriodPs), sc_core::SC_PS), byte_enable);
  return {a.status == tlm::TLM_OK_RESPONSE, a.value};
}
uint64_t rd(Uintc& u, uint64_t index, uint64_t reg) {
  Access a = uintc_access(u, false, UINTRSIM_UINTC_ENTRY(index) + reg);
  REQUIRE(a.ok);
  return a.value;
}
void wr(Uintc& u, uint64_t index, uint64_t reg, uint64_t v, uint64_t at_cycle = 0) {
  REQUIRE(uintc_access(u, true, UINTRSIM_UINTC_ENTRY(index) + reg, v, 8, at_cycle).ok);
}

// An IrqTarget that records what the UINTC does to a hart's line.
struct IrqRecorder : IrqTarget {
  struct Event {
    char what;  // 's' set_irq, 'd' schedule_irq, 'c' cancel, 'p' post_irq
    unsigned irq;
    bool level;
    uint64_t at_ps;
  };
  std::vector<Event> log;
  void set_irq(unsigned irq, bool level) override { log.push_back({'s', irq, level, 0}); }
  void schedule_irq(unsigned irq, const sc_time& at) override {
    log.push_back({'d', irq, true, uint64_t(at.value())});
  }
  void cancel_scheduled_irq(unsigned irq) override { log.push_back({'c', irq, false, 0}); }
  void post_irq(unsigned irq) override { log.push_back({'p', irq, true, 0}); }
};

Uintc::Params uintc_params(bool sticky = false, unsigned entries = 512, unsigned latency = 3) {
  Uintc::Params p;
  p.entries = entries;
  p.line_latency = sc_time(double(latency * kPeriodPs), sc_core::SC_PS);
  p.sticky_line = sticky;
  return p;
}

// ---------------------------------------------------------------------------------------------
// Harts on a bus with the UINTC, as the platform wires them (HartModule's IrqTarget and
// BusPort behaviour, without SystemC time: a hart's local cycle is its time).
// ---------------------------------------------------------------------------------------------
struct HartIrq : IrqTarget {
  Hart* h = nullptr;
  void set_irq(unsigned irq, bool level) override { h->set_irq_line(irq, level); }
  void schedule_irq(unsigned irq, const sc_time& at) override {
    h->schedule_irq(irq, (uint64_t(at.value()) + kPeriodPs - 1) / kPeriodPs);
  }
  void cancel_scheduled_irq(unsigned irq) override { h->schedule_irq(irq, ~0ull); }
  void post_irq(unsigned irq) override { h->post_irq(irq); }
};

class UintcBus : public BusPort {
 public:
  struct Record {
    bool write;
    uint64_t pa;
    unsigned len;
    uint64_t data;
    bool ok;
    uint64_t cycle;  // the hart's local cycle at the access
  };
  Uintc* uintc = nullptr;
  uint64_t base = kUintcBase;
  std::vector<Record> log;

  bool access(bool write, uint64_t pa, uint8_t* data, unsigned len, uint64_t local_cycle,
              uint64_t&) override {
    uint64_t v = 0;
    if (write) std::memcpy(&v, data, std::min(len, 8u));
    bool ok = false;
    if (pa >= base && pa - base < uintc->size() && len <= uintc->size() - (pa - base)) {
      sc_time delay(double(local_cycle * kPeriodPs), sc_core::SC_PS);
      auto transport = [this](tlm::tlm_generic_payload& tx, sc_time& d) {
        uintc->socket.get_base_interface().b_transport(tx, d);
      };
      ok = test::tlm_transport(transport, write, pa - base, data, len, delay) == tlm::TLM_OK_RESPONSE;
      if (!write && ok) std::memcpy(&v, data, std::min(len, 8u));
    }
    log.push_back({write, pa, len, v, ok, local_cycle});
    return ok;
  }
  uint64_t mtime(uint64_t local_cycle) override { return local_cycle / 10; }
  size_t count(bool write, uint64_t pa) const {
    size_t n = 0;
    for (const auto& r : log) n += r.write == write && r.pa == pa;
    return n;
  }
};

struct Options {
  unsigned harts = 1;
  unsigned stride = 8;
  bool qemu_checks = true;
  bool sticky = false;
  unsigned entries = 512;
  bool inorder = false;  // the in-order cost model (D-cache) instead of the functional mode
};

// A System (RAM, trampoline, helpers) whose harts are replaced by harts on a UintcBus.
struct Rig {
  Options o;
  System sys;
  UintcBus bus;
  std::unique_ptr<Uintc> uintc;
  std::vector<std::unique_ptr<HartIrq>> lines;

  static HartParams params(const Options& o) {
    HartParams p;
    p.uintr.uist_stride = o.stride;
    p.uintr.qemu_send_checks = o.qemu_checks;
    p.uintr.uintc_base = kUintcBase;
    p.uintr.uintc_entries = o.entries;
    p.timing.inorder = o.inorder;
    return p;
  }

  explicit Rig(Options opt = {}) : o(opt), sys(params(opt), opt.harts) {
    uintc = std::make_unique<Uintc>("uintc", o.harts, uintc_params(o.sticky, o.entries));
    bus.uintc = uintc.get();
    sys.harts.clear();
    for (unsigned i = 0; i < o.harts; ++i) {
      HartParams hp = params(o);
      hp.hartid = i;
      sys.harts.push_back(std::make_unique<Hart>(
          hp, &bus,
          std::vector<DmiRegion>{{System::kRamBase, System::kRamSize, sys.ram.data()}}, &sys.resv));
      Hart& h = *sys.harts.back();
      System::poke(h, csr::mtvec, kMtvec);
      System::poke(h, csr::stvec, kStvec);
      System::pmp_allow_all(h);
      lines.push_back(std::make_unique<HartIrq>());
      lines.back()->h = &h;
      uintc->connect(i, lines.back().get());
    }
    for (unsigned i = 0; i < 16; ++i) sys.write32(kUtvec + 4 * i, enc::self_loop());
  }

  Hart& hart(unsigned i = 0) { return sys.hart(i); }
  uint64_t& entry(uint64_t index) {
    return *reinterpret_cast<uint64_t*>(sys.host(kTable + index * o.stride, 8));
  }
  // Makes UINTC entry `index` a receiver of hart `hartid`; hart `hartid`'s suirs points at it.
  void receiver(unsigned hartid, uint64_t index, bool active = true) {
    wr(*uintc, index, kLow, low(hartid, true, active));
    System::poke(hart(hartid), csr::suirs, suirs(index));
  }
  // Delegates USI M->S->U, enables it, points utvec at the self-loops, sets UIE.
  void user_irq_setup(Hart& h) {
    System::set_bits(h, csr::mideleg, USI);
    System::set_bits(h, csr::sideleg, USI);
    System::set_bits(h, csr::mie, USI);
    System::poke(h, csr::utvec, kUtvec);
    System::set_bits(h, csr::mstatus, ms::UIE);
  }
  // Executes `insn` once at kCode in privilege `p` (the hart must be in M-mode).
  void exec(Hart& h, uint32_t insn, Priv p = Priv::M) {
    sys.code(kCode, {insn, enc::self_loop()});
    if (p == Priv::M) h.pc = kCode;
    else sys.enter(h, p, kCode);
    REQUIRE(h.privilege() == p);
    System::step(h);
  }
  uint64_t pending(uint64_t index) const { return uintc->entry(unsigned(index)).pending; }
};

}  // namespace

// =============================================================================================
// The UINTC alone
// =============================================================================================

TEST_CASE("uintr: UINTC registers: SEND, READ_LOW/WRITE_LOW, READ_HIGH clears, WRITE_HIGH ORs, "
          "GET/SET_ACTIVE",
          "[uintr]") {
  Uintc u("uintc", 2, uintc_params());
  CHECK(u.size() == 512 * 0x20);
  const uint64_t i = 7;
  // Reset state.
  CHECK(rd(u, i, kLow) == 0);
  CHECK(rd(u, i, kActive) == 0);
  CHECK(rd(u, i, kHigh) == 0);
  CHECK(rd(u, i, kSend) == 0);  // SEND reads as zero

  // SEND sets pending bit (data & 63), whether or not the entry is active.
  wr(u, i, kSend, 3);
  wr(u, i, kSend, 64 + 5);
  wr(u, i, kSend, 63);
  CHECK(u.entry(i).pending == (bit(3) | bit(5) | bit(63)));
  CHECK_FALSE(u.entry(i).active);
  CHECK(u.sends() == 3);
  // Other entries are untouched.
  CHECK(u.entry(i - 1).pending == 0);
  CHECK(u.entry(i + 1).pending == 0);

  // READ_HIGH returns and clears.
  CHECK(rd(u, i, kHigh) == (bit(3) | bit(5) | bit(63)));
  CHECK(rd(u, i, kHigh) == 0);
  CHECK(u.reads() == 3);  // (one more at reset-state check above)

  // WRITE_HIGH ORs.
  wr(u, i, kHigh, 0x5);
  wr(u, i, kHigh, 0x30);
  CHECK(u.entry(i).pending == 0x35);
  wr(u, i, kSend, 1);
  CHECK(rd(u, i, kHigh) == 0x37);
  CHECK(u.sends() == 4);  // WRITE_HIGH is not a SEND

  // WRITE_LOW / READ_LOW: hartid b31:16, mode b1, active b0.
  wr(u, i, kLow, low(1, true, true) | 0xffffffff00000000ull | 0xfffc);
  CHECK(rd(u, i, kLow) == low(1, true, true));
  CHECK(u.entry(i).hartid == 1);
  CHECK(u.entry(i).mode);
  CHECK(u.entry(i).active);
  CHECK(rd(u, i, kActive) == 1);
  wr(u, i, kLow, low(0x1234, false, false));
  CHECK(rd(u, i, kLow) == low(0x1234, false, false));
  CHECK(rd(u, i, kActive) == 0);

  // SET_ACTIVE / GET_ACTIVE: bit 0 only; the rest of READ_LOW unchanged.
  wr(u, i, kActive, 3);
  CHECK(rd(u, i, kActive) == 1);
  CHECK(rd(u, i, kLow) == low(0x1234, false, true));
  wr(u, i, kActive, 2);
  CHECK(rd(u, i, kActive) == 0);
  CHECK(rd(u, i, kLow) == low(0x1234, false, false));

  // The last entry exists.
  wr(u, 511, kSend, 9);
  CHECK(rd(u, 511, kHigh) == bit(9));
}

TEST_CASE("uintr: UINTC: narrow, unaligned, byte-enabled and out-of-range accesses are bus errors",
          "[uintr]") {
  Uintc u("uintc", 1, uintc_params(false, 32));
  CHECK(u.size() == 32 * 0x20);
  wr(u, 2, kHigh, 0xff);
  for (bool write : {false, true}) {
    INFO("write " << write);
    for (unsigned len : {1u, 2u, 4u}) {
      INFO("len " << len);
      CHECK_FALSE(uintc_access(u, write, 2 * 0x20 + kHigh, 0, len).ok);
    }
    CHECK_FALSE(uintc_access(u, write, 2 * 0x20 + kHigh, 0, 16).ok);
    for (unsigned off : {1u, 2u, 4u, 0xcu, 0x14u}) {
      INFO("offset " << off);
      CHECK_FALSE(uintc_access(u, write, 2 * 0x20 + off).ok);
    }
    CHECK_FALSE(uintc_access(u, write, 32 * 0x20 + kHigh).ok);  // index beyond the entries
    const uint8_t be[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    CHECK_FALSE(uintc_access(u, write, 2 * 0x20 + kHigh, 0, 8, 0, be).ok);
  }
  // None of them changed or consumed anything.
  CHECK(u.entry(2).pending == 0xff);
  CHECK(u.sends() == 0);
  CHECK(u.reads() == 0);
  CHECK(rd(u, 2, kHigh) == 0xff);
  CHECK(rd(u, 31, kHigh) == 0);
}

TEST_CASE("uintr: UINTC level line: OR over active entries with pending of that hart, raised after the "
          "latency, lowered at once",
          "[uintr]") {
  Uintc u("uintc", 2, uintc_params(false, 512, 3));
  IrqRecorder r0, r1;
  u.connect(0, &r0);
  u.connect(1, &r1);
  wr(u, 4, kLow, low(1, true, false));
  wr(u, 5, kLow, low(1, true, true));
  wr(u, 6, kLow, low(0, true, true));

  // Pending on an inactive entry: no line.
  wr(u, 4, kSend, 2, 100);
  CHECK_FALSE(u.line(1));
  CHECK(r1.log.empty());
  // Active entry of hart 1 gets a request: raised, delivered 3 cycles after the write.
  wr(u, 5, kSend, 7, 200);
  CHECK(u.line(1));
  CHECK_FALSE(u.line(0));
  REQUIRE(r1.log.size() == 1);
  CHECK(r1.log[0].what == 'd');
  CHECK(r1.log[0].irq == rv::kUSI);
  CHECK(r1.log[0].at_ps == (200 + 3) * kPeriodPs);
  CHECK(r0.log.empty());
  CHECK(u.line_raises() == 1);
  // More requests while high: nothing new.
  wr(u, 5, kSend, 8, 210);
  CHECK(r1.log.size() == 1);
  // Activating entry 4 (also hart 1, pending): still high, nothing new.
  wr(u, 4, kActive, 1, 220);
  CHECK(r1.log.size() == 1);
  // Reading entry 5 leaves entry 4: still high.
  CHECK(rd(u, 5, kHigh) == (bit(7) | bit(8)));
  CHECK(u.line(1));
  CHECK(r1.log.size() == 1);
  // Deactivating entry 4: low at once (cancel the scheduled raise, then clear the line).
  wr(u, 4, kActive, 0, 230);
  CHECK_FALSE(u.line(1));
  REQUIRE(r1.log.size() == 3);
  CHECK(r1.log[1].what == 'c');
  CHECK(r1.log[2].what == 's');
  CHECK_FALSE(r1.log[2].level);
  CHECK(u.entry(4).pending == bit(2));  // kept while inactive

  // Re-target entry 4 to hart 0 with WRITE_LOW (active): hart 0's line rises.
  wr(u, 4, kLow, low(0, true, true), 300);
  CHECK(u.line(0));
  CHECK_FALSE(u.line(1));
  REQUIRE(r0.log.size() == 1);
  CHECK(r0.log[0].at_ps == 303 * kPeriodPs);
  // WRITE_HIGH on hart 0's other entry, then READ_HIGH of entry 4: entry 6 keeps it high.
  wr(u, 6, kHigh, 1, 310);
  CHECK(rd(u, 4, kHigh) == bit(2));
  CHECK(u.line(0));
  CHECK(rd(u, 6, kHigh) == 1);
  CHECK_FALSE(u.line(0));
  CHECK(r0.log.back().what == 's');
  CHECK_FALSE(r0.log.back().level);
  CHECK(u.line_raises() == 2);

  // An entry whose hartid has no hart raises nothing.
  wr(u, 9, kLow, low(7, true, true));
  wr(u, 9, kSend, 1);
  CHECK(r0.log.size() == 3);
  CHECK(r1.log.size() == 3);
  CHECK(u.line_raises() == 2);
}

TEST_CASE("uintr: UINTC sticky line: SEND/WRITE_LOW/WRITE_HIGH/SET_ACTIVE with active && pending post "
          "USIP, never lowered",
          "[uintr]") {
  Uintc u("uintc", 2, uintc_params(true));
  IrqRecorder r0, r1;
  u.connect(0, &r0);
  u.connect(1, &r1);
  wr(u, 3, kLow, low(1, true, false));
  CHECK(r1.log.empty());
  // Inactive: SEND posts nothing.
  wr(u, 3, kSend, 4);
  CHECK(r1.log.empty());
  // SET_ACTIVE with pending: posted.
  wr(u, 3, kActive, 1);
  REQUIRE(r1.log.size() == 1);
  CHECK(r1.log[0].what == 'p');
  CHECK(r1.log[0].irq == rv::kUSI);
  // SEND to the active entry: posted again.
  wr(u, 3, kSend, 5);
  CHECK(r1.log.size() == 2);
  // READ_HIGH: clears pending, lowers nothing.
  CHECK(rd(u, 3, kHigh) == (bit(4) | bit(5)));
  CHECK(r1.log.size() == 2);
  // Active but nothing pending: SET_ACTIVE and WRITE_LOW post nothing.
  wr(u, 3, kActive, 1);
  wr(u, 3, kLow, low(1, true, true));
  CHECK(r1.log.size() == 2);
  // WRITE_HIGH with a bit: posted; WRITE_LOW while pending: posted.
  wr(u, 3, kHigh, 0x10);
  CHECK(r1.log.size() == 3);
  wr(u, 3, kLow, low(1, true, true));
  CHECK(r1.log.size() == 4);
  // WRITE_LOW re-targeting to hart 0: hart 0 gets it.
  wr(u, 3, kLow, low(0, true, true));
  REQUIRE(r0.log.size() == 1);
  CHECK(r0.log[0].what == 'p');
  // Deactivation lowers nothing either.
  wr(u, 3, kActive, 0);
  CHECK(r0.log.size() == 1);
  for (const auto& e : r1.log) CHECK(e.what == 'p');
  CHECK(u.line_raises() == 5);
}

// =============================================================================================
// uipi.send
// =============================================================================================

TEST_CASE("uintr: uipi.send: the entry at PPN*4096 + index*stride names vector and receiver, SEND sets "
          "the pending bit",
          "[uintr]") {
  const unsigned stride = GENERATE(8u, 256u);
  const bool qemu = GENERATE(true, false);
  INFO("stride " << stride << " send_checks " << (qemu ? "qemu" : "rtl"));
  Options o;
  o.stride = stride;
  o.qemu_checks = qemu;
  Rig rig(o);
  Hart& h = rig.hart();
  System::poke(h, csr::suist, suist(kTable, 1));
  rig.entry(3) = uiste(12, 40);
  // What the other stride would read: a valid entry for another vector and receiver.
  const unsigned other = stride == 8 ? 256 : 8;
  *reinterpret_cast<uint64_t*>(rig.sys.host(kTable + 3 * other, 8)) = uiste(13, 41);
  h.x[a0] = 3;
  rig.exec(h, uipi_send(a0), Priv::U);
  CHECK(h.pc == kCode + 4);
  CHECK(h.privilege() == Priv::U);
  CHECK(rig.pending(40) == bit(12));
  CHECK(rig.pending(41) == 0);
  CHECK(rig.uintc->sends() == 1);
  // Exactly one bus access: the SEND store of the vector to uintc.base + receiver*0x20.
  REQUIRE(rig.bus.log.size() == 1);
  CHECK(rig.bus.log[0].write);
  CHECK(rig.bus.log[0].pa == kUintcBase + 40 * 0x20 + kSend);
  CHECK(rig.bus.log[0].len == 8);
  CHECK(rig.bus.log[0].data == 12);
  CHECK(rig.bus.log[0].ok);
  // The vector is entry bits 31:16 (16 bits); the UINTC uses its low 6 bits.
  rig.entry(4) = uiste(0xffc5, 40) | 0xfffe;  // also junk in bits 15:1
  h.x[a0] = 4;
  rig.sys.code(kCode, {uipi_send(a0), enc::self_loop()});
  h.pc = kCode;
  System::step(h);
  CHECK(rig.bus.log.back().data == 0xffc5);
  CHECK(rig.pending(40) == (bit(12) | bit(5)));
}

TEST_CASE("uintr: uipi.send reads the sender table by physical address, whatever satp says", "[uintr]") {
  Rig rig;
  Hart& h = rig.hart();
  // Sv39: only the gigapage at VA 0 is mapped, onto RAM (VA 0 -> PA 0x80000000). The table's
  // physical address 0x80020000 is not mapped as a virtual address.
  const uint64_t root = System::kPageTables;
  rig.sys.write64(root, pte::make(0x80000000, pte::V | pte::R | pte::W | pte::X | pte::U | pte::A | pte::D));
  System::poke(h, csr::satp, satp_sv39(root));
  System::poke(h, csr::suist, suist(kTable, 1));
  rig.entry(2) = uiste(21, 6);
  h.x[a0] = 2;
  rig.sys.code(kCode, {uipi_send(a0), enc::self_loop()});
  rig.sys.enter(h, Priv::U, kCode - 0x80000000);
  REQUIRE(h.privilege() == Priv::U);
  System::step(h);
  CHECK(h.privilege() == Priv::U);
  CHECK(h.pc == 4);
  CHECK(rig.pending(6) == bit(21));
  CHECK(h.stats().exceptions[rv::kLoadPageFault] == 0);
}

TEST_CASE("uintr: uipi.send executes in every privilege level", "[uintr]") {
  Rig rig;
  Hart& h = rig.hart();
  System::poke(h, csr::suist, suist(kTable, 1));
  rig.entry(0) = uiste(1, 5);
  rig.entry(1) = uiste(2, 5);
  rig.entry(2) = uiste(3, 5);
  unsigned idx = 0;
  for (Priv p : {Priv::M, Priv::S, Priv::U}) {
    INFO("priv " << int(p));
    h.x[a0] = idx++;
    rig.sys.code(kCode, {uipi_send(a0), enc::ecall()});
    if (p == Priv::M) h.pc = kCode;
    else rig.sys.enter(h, p, kCode);
    System::step(h);
    CHECK(h.pc == kCode + 4);
    CHECK(h.privilege() == p);
    System::step(h);  // ecall: back to M
    REQUIRE(h.privilege() == Priv::M);
  }
  CHECK(rig.pending(5) == (bit(1) | bit(2) | bit(3)));
  CHECK(h.stats().exceptions[rv::kIllegalInsn] == 0);
}

TEST_CASE("uintr: uipi.send with suist.Enable clear is a no-op (both send_checks modes)", "[uintr]") {
  const bool qemu = GENERATE(true, false);
  INFO("send_checks " << (qemu ? "qemu" : "rtl"));
  Options o;
  o.qemu_checks = qemu;
  Rig rig(o);
  Hart& h = rig.hart();
  System::poke(h, csr::suist, suist(kTable, 1, /*enable=*/false));
  rig.entry(0) = uiste(6, 2);
  h.x[a0] = 0;
  rig.exec(h, uipi_send(a0), Priv::U);
  CHECK(h.pc == kCode + 4);
  CHECK(h.privilege() == Priv::U);
  CHECK(rig.bus.log.empty());
  CHECK(rig.pending(2) == 0);
  // Even an entry that is not readable memory does not fault while disabled.
  rig.sys.code(kCode + 4, {enc::ecall()});
  System::step(h);
  REQUIRE(h.privilege() == Priv::M);
  System::poke(h, csr::suist, suist(0x40000000, 1, false));
  rig.exec(h, uipi_send(a0), Priv::U);
  CHECK(h.pc == kCode + 4);
  CHECK(h.stats().exceptions[rv::kLoadAccessFault] == 0);
}

TEST_CASE("uintr: uipi.send (send_checks = qemu): index*stride beyond suist.Size pages is a no-op",
          "[uintr]") {
  const unsigned stride = GENERATE(8u, 256u);
  const unsigned pages = GENERATE(0u, 1u, 2u);
  INFO("stride " << stride << " Size " << pages);
  Options o;
  o.stride = stride;
  Rig rig(o);
  Hart& h = rig.hart();
  System::poke(h, csr::suist, suist(kTable, pages));
  const uint64_t limit = pages * 4096 / stride;  // first index out of bounds
  // Valid entries just inside and just outside the bound (the table area has 3 pages of RAM).
  if (limit > 0) rig.entry(limit - 1) = uiste(10, 20);
  rig.entry(limit) = uiste(11, 20);
  rig.entry(limit + 1) = uiste(12, 20);
  rig.sys.code(kCode, {uipi_send(a0), uipi_send(a1), uipi_send(s0), enc::self_loop()});
  h.x[a0] = limit > 0 ? limit - 1 : ~0ull;
  h.x[a1] = limit;
  h.x[s0] = limit + 1;
  h.pc = kCode;
  System::step(h, 3);
  CHECK(h.pc == kCode + 12);
  CHECK(rig.pending(20) == (limit > 0 ? bit(10) : 0));
  CHECK(rig.uintc->sends() == (limit > 0 ? 1u : 0u));
  CHECK(h.stats().exceptions[rv::kLoadAccessFault] == 0);
  // A huge index is out of bounds too (no overflow of index*stride into the table).
  h.x[a0] = (1ull << 61) + 1;
  rig.entry(1) = uiste(13, 20);
  rig.sys.code(kCode, {uipi_send(a0), enc::self_loop()});
  h.pc = kCode;
  System::step(h);
  CHECK(h.pc == kCode + 4);
  CHECK((rig.pending(20) & bit(13)) == 0);
}

TEST_CASE("uintr: uipi.send (send_checks = qemu): an entry without Valid is a no-op", "[uintr]") {
  const unsigned stride = GENERATE(8u, 256u);
  INFO("stride " << stride);
  Options o;
  o.stride = stride;
  Rig rig(o);
  Hart& h = rig.hart();
  System::poke(h, csr::suist, suist(kTable, 1));
  rig.entry(2) = uiste(14, 9, /*valid=*/false);
  h.x[a0] = 2;
  rig.exec(h, uipi_send(a0), Priv::U);
  CHECK(h.pc == kCode + 4);
  CHECK(rig.bus.log.empty());
  CHECK(rig.pending(9) == 0);
  CHECK(rig.uintc->sends() == 0);
}

TEST_CASE("uintr: uipi.send (send_checks = rtl): neither the Size bound nor Valid is checked", "[uintr]") {
  const unsigned stride = GENERATE(8u, 256u);
  INFO("stride " << stride);
  Options o;
  o.stride = stride;
  o.qemu_checks = false;
  Rig rig(o);
  Hart& h = rig.hart();
  System::poke(h, csr::suist, suist(kTable, 1));
  const uint64_t beyond = 4096 / stride;  // first index past Size = 1 page (still RAM)
  rig.entry(2) = uiste(14, 9, /*valid=*/false);
  rig.entry(beyond) = uiste(15, 9);
  rig.sys.code(kCode, {uipi_send(a0), uipi_send(a1), enc::self_loop()});
  h.x[a0] = 2;
  h.x[a1] = beyond;
  h.pc = kCode;
  System::step(h, 2);
  CHECK(h.pc == kCode + 8);
  CHECK(rig.pending(9) == (bit(14) | bit(15)));
  CHECK(rig.uintc->sends() == 2);
  // Size = 0 does not stop it either.
  System::poke(h, csr::suist, suist(kTable, 0));
  rig.entry(1) = uiste(16, 9);
  h.x[a0] = 1;
  h.pc = kCode;
  System::step(h);
  CHECK((rig.pending(9) & bit(16)) != 0);
}

TEST_CASE("uintr: uipi.send: an entry that is not readable memory is a load access fault with "
          "tval = index",
          "[uintr]") {
  const bool qemu = GENERATE(true, false);
  INFO("send_checks " << (qemu ? "qemu" : "rtl"));
  Options o;
  o.qemu_checks = qemu;
  Rig rig(o);
  Hart& h = rig.hart();

  SECTION("table outside RAM, sent from U") {
    System::poke(h, csr::suist, suist(0x40000000, 1));
    h.x[a0] = 5;
    rig.exec(h, uipi_send(a0), Priv::U);
    CHECK(h.privilege() == Priv::M);
    CHECK(h.pc == kMtvec);
    CHECK(System::peek(h, csr::mcause) == rv::kLoadAccessFault);
    CHECK(System::peek(h, csr::mtval) == 5);
    CHECK(System::peek(h, csr::mepc) == kCode);
  }
  SECTION("table page denied by PMP to S (the engine's privilege), sent from M") {
    // PMP entry 0: the table page without permissions; entry 1: everything else.
    System::poke(h, csr::pmpaddr0, (kTable >> 2) | 0x1ff);  // NAPOT 4 KiB
    System::poke(h, csr::pmpaddr0 + 1, (1ull << 54) - 1);
    System::poke(h, csr::pmpcfg0, (0x1full << 8) | 0x18);    // 0: NAPOT ---, 1: NAPOT RWX
    System::poke(h, csr::suist, suist(kTable, 1));
    rig.entry(6) = uiste(1, 2);
    h.x[a0] = 6;
    rig.exec(h, uipi_send(a0), Priv::M);
    CHECK(h.privilege() == Priv::M);
    CHECK(h.pc == kMtvec);
    CHECK(System::peek(h, csr::mcause) == rv::kLoadAccessFault);
    CHECK(System::peek(h, csr::mtval) == 6);
    CHECK(rig.pending(2) == 0);
  }
  SECTION("exception delegated to S when sent from U") {
    System::poke(h, csr::medeleg, bit(rv::kLoadAccessFault));
    System::poke(h, csr::suist, suist(0x40000000, 1));
    h.x[a0] = 1;
    rig.exec(h, uipi_send(a0), Priv::U);
    CHECK(h.privilege() == Priv::S);
    CHECK(h.pc == kStvec);
    CHECK(System::peek(h, csr::scause) == rv::kLoadAccessFault);
    CHECK(System::peek(h, csr::stval) == 1);
  }
  CHECK(rig.uintc->sends() == 0);
}

TEST_CASE("uintr: uipi.send (send_checks = rtl): an index far beyond the table reaches non-RAM and faults",
          "[uintr]") {
  Options o;
  o.qemu_checks = false;
  Rig rig(o);
  Hart& h = rig.hart();
  System::poke(h, csr::suist, suist(kTable, 1));
  h.x[a0] = 1ull << 20;  // kTable + 8 MiB: past the 1 MiB of RAM
  rig.exec(h, uipi_send(a0), Priv::U);
  CHECK(h.privilege() == Priv::M);
  CHECK(System::peek(h, csr::mcause) == rv::kLoadAccessFault);
  CHECK(System::peek(h, csr::mtval) == (1ull << 20));
}

TEST_CASE("uintr: uipi.send to a receiver index beyond the UINTC is dropped silently", "[uintr]") {
  const bool qemu = GENERATE(true, false);
  Options o;
  o.qemu_checks = qemu;
  o.entries = 32;
  Rig rig(o);
  Hart& h = rig.hart();
  System::poke(h, csr::suist, suist(kTable, 1));
  rig.entry(0) = uiste(3, 32);      // the first index the 32-entry UINTC does not have
  rig.entry(1) = uiste(4, 0xffff);
  rig.sys.code(kCode, {uipi_send(a0), uipi_send(a1), enc::self_loop()});
  h.x[a0] = 0;
  h.x[a1] = 1;
  rig.sys.enter(h, Priv::U, kCode);
  System::step(h, 2);
  CHECK(h.privilege() == Priv::U);
  CHECK(h.pc == kCode + 8);
  CHECK(h.stats().exceptions[rv::kStoreAccessFault] == 0);
  CHECK(h.stats().exceptions[rv::kLoadAccessFault] == 0);
  CHECK(rig.uintc->sends() == 0);
  for (unsigned i = 0; i < 32; ++i) CHECK(rig.pending(i) == 0);
}

TEST_CASE("uintr: suicfg is ignored: SEND goes to the platform's UINTC base", "[uintr]") {
  Rig rig;
  Hart& h = rig.hart();
  System::poke(h, csr::suicfg, 0x3000000);
  System::poke(h, csr::suist, suist(kTable, 1));
  rig.entry(0) = uiste(2, 1);
  h.x[a0] = 0;
  rig.exec(h, uipi_send(a0));
  CHECK(rig.pending(1) == bit(2));
  REQUIRE(rig.bus.log.size() == 1);
  CHECK(rig.bus.log[0].pa == kUintcBase + 0x20);
}

// =============================================================================================
// uipi.read / write / activate / deactivate
// =============================================================================================

TEST_CASE("uintr: uipi.read returns and clears pending, uipi.write ORs, uipi.activate/deactivate set "
          "the own entry's active bit",
          "[uintr]") {
  Rig rig;
  Hart& h = rig.hart();
  rig.receiver(0, 17, /*active=*/false);
  wr(*rig.uintc, 17, kSend, 9);
  wr(*rig.uintc, 16, kSend, 1);  // neighbours are not touched
  wr(*rig.uintc, 18, kSend, 2);
  h.x[s0] = 0x5;
  h.x[s1] = 0x30;
  rig.sys.code(kCode, {uipi_read(a0), uipi_read(a1), uipi_write(s0), uipi_write(s1), uipi_read(t0),
                       kUipiActivate, kUipiDeactivate, enc::self_loop()});
  rig.sys.enter(h, Priv::U, kCode);
  System::step(h, 2);
  CHECK(h.x[a0] == bit(9));
  CHECK(h.x[a1] == 0);  // cleared by the first read
  System::step(h, 2);
  CHECK(rig.pending(17) == 0x35);
  System::step(h);
  CHECK(h.x[t0] == 0x35);
  CHECK(rig.pending(17) == 0);
  CHECK_FALSE(rig.uintc->entry(17).active);
  System::step(h);
  CHECK(rig.uintc->entry(17).active);
  CHECK(rd(*rig.uintc, 17, kLow) == low(0, true, true));  // hartid and mode kept
  System::step(h);
  CHECK_FALSE(rig.uintc->entry(17).active);
  CHECK(h.privilege() == Priv::U);
  CHECK(h.pc == kCode + 28);
  CHECK(rig.pending(16) == bit(1));
  CHECK(rig.pending(18) == bit(2));
  // The accesses were 8-byte MMIO to the own entry: READ_HIGH, WRITE_HIGH, SET_ACTIVE.
  const uint64_t e = kUintcBase + 17 * 0x20;
  CHECK(rig.bus.count(false, e + kHigh) == 3);
  CHECK(rig.bus.count(true, e + kHigh) == 2);
  CHECK(rig.bus.count(true, e + kActive) == 2);
  CHECK(rig.bus.log.size() == 7);
  CHECK(rig.uintc->reads() == 3);
}

TEST_CASE("uintr: uipi receiver instructions with suirs.Enable clear are no-ops, uipi.read gives 0",
          "[uintr]") {
  Rig rig;
  Hart& h = rig.hart();
  rig.receiver(0, 3, false);
  wr(*rig.uintc, 3, kSend, 4);
  System::poke(h, csr::suirs, suirs(3, /*enable=*/false));
  h.x[a0] = 0xdead;
  h.x[s0] = 0xff00;
  rig.sys.code(kCode, {uipi_read(a0), uipi_write(s0), kUipiActivate, enc::self_loop()});
  rig.sys.enter(h, Priv::U, kCode);
  System::step(h, 3);
  CHECK(h.pc == kCode + 12);
  CHECK(h.x[a0] == 0);
  CHECK(rig.bus.log.empty());
  CHECK(rig.pending(3) == bit(4));
  CHECK_FALSE(rig.uintc->entry(3).active);
  // Deactivate too.
  wr(*rig.uintc, 3, kActive, 1);
  rig.sys.code(kCode + 12, {kUipiDeactivate, enc::self_loop()});
  System::step(h);
  CHECK(h.pc == kCode + 16);
  CHECK(rig.uintc->entry(3).active);
  CHECK(rig.bus.log.empty());
}

TEST_CASE("uintr: uipi receiver instructions with suirs.index beyond the UINTC: access faults", "[uintr]") {
  Options o;
  o.entries = 32;
  Rig rig(o);
  Hart& h = rig.hart();
  System::poke(h, csr::suirs, suirs(40));
  const uint64_t e = kUintcBase + 40 * 0x20;
  struct Case {
    const char* what;
    uint32_t insn;
    uint64_t cause;
    uint64_t tval;
  } cases[] = {
      {"uipi.read", uipi_read(a0), rv::kLoadAccessFault, e + kHigh},
      {"uipi.write", uipi_write(s0), rv::kStoreAccessFault, e + kHigh},
      {"uipi.activate", kUipiActivate, rv::kStoreAccessFault, e + kActive},
      {"uipi.deactivate", kUipiDeactivate, rv::kStoreAccessFault, e + kActive},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    h.x[a0] = 0x77;
    rig.exec(h, c.insn, Priv::U);
    CHECK(h.privilege() == Priv::M);
    CHECK(h.pc == kMtvec);
    CHECK(System::peek(h, csr::mcause) == c.cause);
    CHECK(System::peek(h, csr::mtval) == c.tval);
    CHECK(System::peek(h, csr::mepc) == kCode);
    CHECK(h.x[a0] == 0x77);  // no register update
  }
}

TEST_CASE("uintr: ordinary loads/stores to the UINTC: 8-byte aligned work, narrow or unaligned ones "
          "are access faults",
          "[uintr]") {
  Rig rig;
  Hart& h = rig.hart();
  const uint64_t e = kUintcBase + 2 * 0x20;
  h.x[s0] = e;
  h.x[t1] = 0x42;
  rig.exec(h, enc::sd(t1, s0, kHigh));
  CHECK(h.pc == kCode + 4);
  CHECK(rig.pending(2) == 0x42);
  rig.exec(h, enc::ld(a0, s0, kHigh));
  CHECK(h.pc == kCode + 4);
  CHECK(h.x[a0] == 0x42);
  CHECK(rig.pending(2) == 0);
  struct Case {
    uint32_t insn;
    uint64_t cause, tval;
  } cases[] = {
      {enc::lw(a0, s0, kHigh), rv::kLoadAccessFault, e + kHigh},
      {enc::lwu(a0, s0, kLow), rv::kLoadAccessFault, e + kLow},
      {enc::lh(a0, s0, kActive), rv::kLoadAccessFault, e + kActive},
      {enc::lbu(a0, s0, kLow), rv::kLoadAccessFault, e + kLow},
      {enc::ld(a0, s0, 4), rv::kLoadAccessFault, e + 4},
      {enc::ld(a0, s0, kHigh + 2), rv::kLoadAccessFault, e + kHigh + 2},
      {enc::sw(t1, s0, kSend), rv::kStoreAccessFault, e + kSend},
      {enc::sh(t1, s0, kHigh), rv::kStoreAccessFault, e + kHigh},
      {enc::sb(t1, s0, kActive), rv::kStoreAccessFault, e + kActive},
      {enc::sd(t1, s0, 0xc), rv::kStoreAccessFault, e + 0xc},
  };
  for (const auto& c : cases) {
    INFO("insn 0x" << std::hex << c.insn);
    rig.exec(h, c.insn, Priv::U);
    CHECK(h.privilege() == Priv::M);
    CHECK(System::peek(h, csr::mcause) == c.cause);
    CHECK(System::peek(h, csr::mtval) == c.tval);
  }
  CHECK(rig.pending(2) == 0);
  CHECK(rig.uintc->sends() == 0);
}

// =============================================================================================
// Delivery: UINTC line -> hart -> user trap
// =============================================================================================

TEST_CASE("uintr: self-send to an active U-mode receiver: USIP 3 cycles after the SEND, user trap, "
          "uipi.read lowers the line",
          "[uintr]") {
  Rig rig;
  Hart& h = rig.hart();
  rig.user_irq_setup(h);
  rig.receiver(0, 1);
  System::poke(h, csr::suist, suist(kTable, 1));
  rig.entry(0) = uiste(6, 1);
  h.x[a0] = 0;
  rig.sys.code(kCode, {uipi_send(a0), enc::nop(), enc::nop(), enc::nop(), enc::nop(), enc::self_loop()});
  // Handler: read pending into s1, clear uip.USIP, uret.
  rig.sys.code(kUtvec, {uipi_read(s1), enc::csrrci(0, csr::uip, 1), kUret});
  rig.sys.enter(h, Priv::U, kCode);
  const uint64_t c = h.cycle();
  System::step(h);  // the send, at cycle c
  CHECK(rig.uintc->line(0));
  CHECK((System::peek(h, csr::uip) & USI) == 0);  // not yet visible
  h.run(c + 2);
  CHECK(h.pc == kCode + 8);
  CHECK((System::peek(h, csr::uip) & USI) == 0);
  h.run(c + 3);  // the line reaches the hart at c + 3 and the trap is taken there
  CHECK(h.privilege() == Priv::U);
  CHECK(h.pc == kUtvec);
  CHECK(System::peek(h, csr::ucause) == (kIntr | rv::kUSI));
  CHECK(System::peek(h, csr::uepc) == kCode + 12);
  CHECK((System::peek(h, csr::uip) & USI) == USI);
  System::step(h);  // uipi.read
  CHECK(h.x[s1] == bit(6));
  CHECK_FALSE(rig.uintc->line(0));
  CHECK((System::peek(h, csr::uip) & USI) == 0);  // level: low at once
  System::step(h, 2);  // csrci uip, uret
  CHECK(h.pc == kCode + 12);
  System::step(h, 10);
  CHECK(h.stats().interrupts[rv::kUSI] == 1);
  CHECK(rig.uintc->line_raises() == 1);
}

TEST_CASE("uintr: an inactive receiver keeps its pending bits and is interrupted once activated",
          "[uintr]") {
  const bool sticky = GENERATE(false, true);
  INFO("sticky " << sticky);
  Options o;
  o.sticky = sticky;
  Rig rig(o);
  Hart& h = rig.hart();
  rig.user_irq_setup(h);
  rig.receiver(0, 2, /*active=*/false);
  System::poke(h, csr::suist, suist(kTable, 1));
  rig.entry(0) = uiste(9, 2);
  h.x[a0] = 0;
  rig.sys.code(kCode, {uipi_send(a0), enc::nop(), enc::nop(), enc::nop(), enc::nop(), enc::nop(),
                       kUipiActivate, enc::nop(), enc::nop(), enc::nop(), enc::nop(), enc::self_loop()});
  rig.sys.code(kUtvec, {uipi_read(s1), enc::csrrci(0, csr::uip, 1), kUret});
  rig.sys.enter(h, Priv::U, kCode);
  System::step(h, 6);
  CHECK(h.pc == kCode + 24);
  CHECK(h.stats().interrupts[rv::kUSI] == 0);
  CHECK(rig.pending(2) == bit(9));
  CHECK((System::peek(h, csr::uip) & USI) == 0);
  System::step(h);  // activate
  CHECK(rig.uintc->entry(2).active);
  CHECK(rig.sys.run_until(h, kUtvec, 10));
  CHECK(System::peek(h, csr::ucause) == (kIntr | rv::kUSI));
  System::step(h, 3);
  CHECK(h.x[s1] == bit(9));
  CHECK(rig.pending(2) == 0);
  System::step(h, 10);
  CHECK(h.pc == kCode + 44);
  CHECK(h.stats().interrupts[rv::kUSI] == 1);
}

TEST_CASE("uintr: deactivating lowers the level line before the interrupt is taken", "[uintr]") {
  Rig rig;
  Hart& h = rig.hart();
  rig.user_irq_setup(h);
  rig.receiver(0, 2);
  System::poke(h, csr::suist, suist(kTable, 1));
  rig.entry(0) = uiste(9, 2);
  h.x[a0] = 0;
  rig.sys.code(kCode, {uipi_send(a0), kUipiDeactivate, enc::nop(), enc::nop(), enc::nop(),
                       enc::nop(), enc::self_loop()});
  rig.sys.enter(h, Priv::U, kCode);
  System::step(h, 8);
  CHECK(h.pc == kCode + 24);
  CHECK(h.stats().interrupts[rv::kUSI] == 0);
  CHECK(rig.pending(2) == bit(9));
  CHECK((System::peek(h, csr::mip) & USI) == 0);
}

TEST_CASE("uintr: two harts: hart 0 sends to hart 1's entry, only hart 1 is interrupted", "[uintr]") {
  const bool sticky = GENERATE(false, true);
  INFO("sticky " << sticky);
  Options o;
  o.harts = 2;
  o.sticky = sticky;
  Rig rig(o);
  Hart& h0 = rig.hart(0);
  Hart& h1 = rig.hart(1);
  for (unsigned i = 0; i < 2; ++i) rig.user_irq_setup(rig.hart(i));
  rig.receiver(0, 10);
  rig.receiver(1, 11);
  System::poke(h0, csr::suist, suist(kTable, 1));
  rig.entry(0) = uiste(33, 11);
  h0.x[a0] = 0;
  const uint64_t code1 = kCode + 0x100;
  rig.sys.code(kCode, {uipi_send(a0), enc::self_loop()});
  rig.sys.code(code1, {enc::self_loop()});
  rig.sys.code(kUtvec, {uipi_read(s1), enc::csrrci(0, csr::uip, 1), kUret});
  rig.sys.enter(h0, Priv::U, kCode);
  rig.sys.enter(h1, Priv::U, code1);
  System::step(h0);
  CHECK(rig.pending(11) == bit(33));
  System::step(h0, 10);
  CHECK(h0.pc == kCode + 4);
  CHECK(h0.stats().interrupts[rv::kUSI] == 0);
  CHECK((System::peek(h0, csr::mip) & USI) == 0);
  // Hart 1 (behind in time) reaches the cycle of the line, takes the interrupt and runs the
  // handler.
  System::step(h1, 20);
  CHECK(h1.stats().interrupts[rv::kUSI] == 1);
  CHECK(System::peek(h1, csr::ucause) == (kIntr | rv::kUSI));
  CHECK(System::peek(h1, csr::uepc) == code1);
  CHECK(h1.privilege() == Priv::U);
  CHECK(h1.pc == code1);
  CHECK(h1.x[s1] == bit(33));
  CHECK((System::peek(h1, csr::uip) & USI) == 0);
  CHECK(rig.pending(11) == 0);
}

TEST_CASE("uintr: sticky line: USIP is the software bit, kept after uipi.read until csrc uip", "[uintr]") {
  Options o;
  o.sticky = true;
  Rig rig(o);
  Hart& h = rig.hart();
  rig.user_irq_setup(h);
  rig.receiver(0, 1);
  System::poke(h, csr::suist, suist(kTable, 1));
  rig.entry(0) = uiste(6, 1);
  h.x[a0] = 0;
  rig.sys.code(kCode, {uipi_send(a0), enc::nop(), enc::self_loop()});
  rig.sys.code(kUtvec, {uipi_read(s1), enc::csrr(t0, csr::uip), enc::csrrci(0, csr::uip, 1),
                        enc::csrr(t1, csr::uip), kUret});
  rig.sys.enter(h, Priv::U, kCode);
  System::step(h);  // send: posted at once, taken at the next boundary
  CHECK(h.pc == kUtvec);
  CHECK(System::peek(h, csr::uepc) == kCode + 4);
  System::step(h, 5);
  CHECK(h.x[s1] == bit(6));
  CHECK((h.x[t0] & USI) == USI);  // still pending after uipi.read
  CHECK((h.x[t1] & USI) == 0);    // cleared by software
  CHECK(h.pc == kCode + 4);
  System::step(h, 5);
  CHECK(h.stats().interrupts[rv::kUSI] == 1);
  // Without the csrc the interrupt is re-taken after uret (the UINTC never lowers it).
  rig.sys.code(kUtvec, {uipi_read(s1), enc::addi(s0, s0, 1), kUret});
  h.x[s0] = 0;
  rig.sys.code(kCode + 8, {uipi_send(a0), enc::self_loop()});
  h.pc = kCode + 8;
  System::step(h, 8);
  CHECK(h.x[s0] >= 2);
  CHECK(h.x[s1] == 0);
}

TEST_CASE("uintr: a UINTC interrupt pending in M or S is not taken there, it is taken on return to U",
          "[uintr]") {
  const bool sticky = GENERATE(false, true);
  INFO("sticky " << sticky);
  Options o;
  o.sticky = sticky;
  Rig rig(o);
  Hart& h = rig.hart();
  rig.user_irq_setup(h);
  rig.receiver(0, 1);
  System::set_bits(h, csr::mstatus, ms::MIE | ms::SIE);
  System::poke(h, csr::suist, suist(kTable, 1));
  rig.entry(0) = uiste(6, 1);
  h.x[a0] = 0;
  // M: send to itself, run on; then S: run on; then sret to U.
  rig.sys.code(kCode, {uipi_send(a0), enc::nop(), enc::nop(), enc::nop(), enc::nop(), enc::nop()});
  h.pc = kCode;
  System::step(h, 6);
  CHECK(h.privilege() == Priv::M);
  CHECK(h.pc == kCode + 24);
  CHECK((System::peek(h, csr::mip) & USI) == USI);
  CHECK(h.stats().interrupts[rv::kUSI] == 0);
  const uint64_t u_entry = kCode + 0x200;
  System::poke(h, csr::sepc, u_entry);
  System::clear_bits(h, csr::mstatus, ms::SPP);
  rig.sys.code(kCode + 0x100, {enc::nop(), enc::nop(), enc::nop(), enc::sret()});
  rig.sys.code(u_entry, {enc::self_loop()});
  rig.sys.enter(h, Priv::S, kCode + 0x100);
  REQUIRE(h.privilege() == Priv::S);
  System::step(h, 3);
  CHECK(h.privilege() == Priv::S);
  CHECK(h.pc == kCode + 0x10c);
  CHECK(h.stats().interrupts[rv::kUSI] == 0);
  System::step(h);  // sret
  CHECK(h.privilege() == Priv::U);
  CHECK(h.pc == kUtvec);
  CHECK(System::peek(h, csr::uepc) == u_entry);
  CHECK(System::peek(h, csr::ucause) == (kIntr | rv::kUSI));
  CHECK(h.stats().interrupts[rv::kUSI] == 1);
  CHECK(System::peek(h, csr::mcause) == 0);
  CHECK(System::peek(h, csr::scause) == 0);
}

// docs/hardware-uintr.md, "Send path" step 7: QEMU raises USIP after SEND/WRITE_LOW/WRITE_HIGH/
// SET_ACTIVE "if mode==0b11 and pending!=0", i.e. with both the mode bit (b1) and the active
// bit (b0) of READ_LOW set.
TEST_CASE("uintr: UINTC sticky line: an active entry with the mode bit clear posts nothing (QEMU mode==0b11)",
          "[uintr]") {
  Uintc u("uintc", 1, uintc_params(true));
  IrqRecorder r0;
  u.connect(0, &r0);
  wr(u, 3, kLow, low(0, /*mode=*/false, /*active=*/true));
  wr(u, 3, kSend, 4);
  wr(u, 3, kHigh, 1);
  wr(u, 3, kActive, 1);
  CHECK(r0.log.empty());
  wr(u, 3, kLow, low(0, true, true));  // mode 0b11 with pending: posted
  CHECK(r0.log.size() == 1);
}

// =============================================================================================
// The send engine's timing (the Rocket FSM, sim/uintr/uipi_send_engine.h)
// =============================================================================================

TEST_CASE("uintr: in the in-order model uipi.send issues its SEND 3 cycles after the instruction "
          "on a D-cache hit (plus the miss latency on a miss) and retires 3 cycles later",
          "[uintr]") {
  Options o;
  o.inorder = true;
  Rig rig(o);
  Hart& h = rig.hart();
  const unsigned miss = h.params().timing.dcache.miss_latency;
  REQUIRE(miss > 0);
  System::poke(h, csr::suist, suist(kTable, 1));
  rig.entry(0) = uiste(4, 2);
  h.x[a0] = 0;
  // Two sends from the same line of code: the first misses on the UISTE, the second hits.
  rig.sys.code(kCode, {uipi_send(a0), uipi_send(a0), enc::self_loop()});
  h.pc = kCode;
  System::step(h);  // warm the I-cache line and the D-cache line of the UISTE
  h.pc = kCode;
  rig.bus.log.clear();
  const uint64_t c0 = h.cycle();
  System::step(h);  // hit
  const uint64_t c1 = h.cycle();
  System::step(h);  // hit
  const uint64_t c2 = h.cycle();
  REQUIRE(rig.bus.log.size() == 2);
  CHECK(rig.bus.log[0].write);
  CHECK(rig.bus.log[0].pa == kUintcBase + 2 * 0x20);
  CHECK(rig.bus.log[0].data == 4);
  CHECK(rig.bus.log[0].cycle == c0 + 3);   // WAIT_MEM0, READ_UIST (hit), WAIT_MEM1
  CHECK(rig.bus.log[1].cycle == c1 + 3);
  // Both instructions cost the same: the engine's 6 cycles on top of the store class.
  CHECK(c1 - c0 == c2 - c1);
  CHECK(c1 - c0 >= 6);
  const uint64_t hit_cost = c1 - c0;

  // A miss on the UISTE: a different line (entry 64 of the table, 512 bytes further).
  rig.entry(64) = uiste(5, 3);
  h.x[a0] = 64;
  h.pc = kCode;
  rig.bus.log.clear();
  const uint64_t c3 = h.cycle();
  System::step(h);
  REQUIRE(rig.bus.log.size() == 1);
  CHECK(rig.bus.log[0].cycle == c3 + 3 + miss);
  CHECK(h.cycle() - c3 == hit_cost + miss);

  // A disabled sender table: one engine cycle (RESP), no access.
  System::poke(h, csr::suist, 0);
  h.pc = kCode;
  rig.bus.log.clear();
  const uint64_t c4 = h.cycle();
  System::step(h);
  CHECK(rig.bus.log.empty());
  CHECK(h.cycle() - c4 == hit_cost - 5);
}
