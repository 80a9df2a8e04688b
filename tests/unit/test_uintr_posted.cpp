// The posted user-interrupt architecture on the hart (uintr.arch = posted, docs/uintr-posted.md),
// with the fixture's harts and fake bus standing in for the notification device (its window at
// FakeBus::kMmioBase): the send step (UITTE, UPID update, the notification store, suppression by
// ON and SN, every fault), the receive step (claim, notification processing, delivery by
// vector with ucause, UIF masking, uret), the instructions' and CSRs' dependence on
// uintr.arch, and the timed costs including a UPID line that migrates between harts.
#include <catch2/catch.hpp>

#include "tests/unit/hart_fixture.h"
#include "workloads/include/uintrsim/devices.h"

using namespace uintrsim;
using namespace uintrsim::test;
using rv::bit;

namespace {
constexpr uint64_t kCode = System::kCode;
constexpr uint64_t kMtvec = System::kMtvec;
constexpr uint64_t kUtvec = System::kRamBase + 0x3000;
constexpr uint64_t kUitt = System::kRamBase + 0x20000;
constexpr uint64_t kUpid = System::kRamBase + 0x21000;
constexpr uint64_t kNotify = FakeBus::kMmioBase;
constexpr uint32_t a0 = 10;
constexpr uint16_t kSuitt = UINTRSIM_CSR_SUITT, kSuipd = UINTRSIM_CSR_SUIPD, kSuinv = UINTRSIM_CSR_SUINV,
                   kSuirr = UINTRSIM_CSR_SUIRR;
constexpr uint32_t senduipi(uint32_t rs1) { return UINTRSIM_SENDUIPI(rs1); }
constexpr uint32_t kUipiSendA0 = 0x0000607B | (a0 << 15);
constexpr uint32_t kUret = 0x00200073;
constexpr uint64_t kNv = 9, kNdst = 1;

HartParams posted(bool timed = false) {
  HartParams p;
  p.uintr.posted.enabled = true;
  p.uintr.posted.notify_base = kNotify;
  if (timed) {
    p.timing.inorder = true;
    p.timing.dcache = CacheParams{4096, 2, 64, 1, 10};
    p.timing.icache = CacheParams{4096, 2, 64, 1, 0};
  }
  return p;
}

struct Rig {
  System sys;
  explicit Rig(HartParams p = posted(), unsigned harts = 1) : sys(p, harts) {
    for (auto& h : sys.harts) System::pmp_allow_all(*h);
  }
  Hart& h(unsigned i = 0) { return sys.hart(i); }
  void entry(unsigned i, uint64_t uv, uint64_t upid, uint64_t word0_extra = 0) {
    sys.write64(kUitt + 16 * i, UINTRSIM_UITTE_WORD0(uv) | word0_extra);
    sys.write64(kUitt + 16 * i + 8, upid);
  }
  void upid(uint64_t word0, uint64_t pir = 0) {
    sys.write64(kUpid, word0);
    sys.write64(kUpid + 8, pir);
  }
  // Runs senduipi a0 = index in M-mode at kCode; returns the pc after it (kMtvec + ... on a trap).
  void send(uint64_t index, unsigned hart = 0) {
    Hart& x = h(hart);
    sys.code(kCode, {senduipi(a0), enc::self_loop()});
    x.pc = kCode;
    x.x[a0] = index;
    System::step(x);
  }
};
}  // namespace

TEST_CASE("posted: senduipi posts UV into PIR, sets ON and sends {NDST, NV} once, and PIR accumulates while ON",
          "[uintr][posted]") {
  Rig r;
  System::poke(r.h(), kSuitt, UINTRSIM_SUITT(kUitt, 3));
  r.entry(2, 5, kUpid);
  r.entry(3, 40, kUpid);
  r.upid(UINTRSIM_UPID_WORD0(kNv, kNdst));
  r.send(2);
  REQUIRE(r.h().pc == kCode + 4);
  CHECK(r.sys.read64(kUpid + 8) == bit(5));
  CHECK((r.sys.read64(kUpid) & UINTRSIM_UPID_ON) != 0);
  REQUIRE(r.sys.bus.log.size() == 1);
  CHECK(r.sys.bus.log[0].write);
  CHECK(r.sys.bus.log[0].pa == kNotify + UINTRSIM_UNOTIFY_SEND);
  CHECK(r.sys.bus.log[0].data == ((kNdst << 32) | kNv));
  r.send(3);
  CHECK(r.sys.read64(kUpid + 8) == (bit(5) | bit(40)));
  CHECK(r.sys.bus.log.size() == 1);  // ON was set: no second notification
  CHECK(r.h().posted_stats().sends == 2);
  CHECK(r.h().posted_stats().notifications == 1);
  CHECK(r.h().posted_stats().suppressed == 1);
}

TEST_CASE("posted: SN suppresses the notification but PIR is still posted", "[uintr][posted]") {
  Rig r;
  System::poke(r.h(), kSuitt, UINTRSIM_SUITT(kUitt, 0));
  r.entry(0, 7, kUpid);
  r.upid(UINTRSIM_UPID_WORD0(kNv, kNdst) | UINTRSIM_UPID_SN);
  r.send(0);
  CHECK(r.h().pc == kCode + 4);
  CHECK(r.sys.read64(kUpid + 8) == bit(7));
  CHECK((r.sys.read64(kUpid) & UINTRSIM_UPID_ON) == 0);
  CHECK(r.sys.bus.log.empty());
}

TEST_CASE("posted: senduipi faults: disabled table, index > UITTSZ, V = 0, reserved bits, unaligned UPID",
          "[uintr][posted]") {
  const bool custom = GENERATE(false, true);
  HartParams p = posted();
  p.uintr.posted.custom_fault = custom;
  Rig r(p);
  r.upid(UINTRSIM_UPID_WORD0(kNv, kNdst));
  r.entry(0, 1, kUpid);
  r.entry(1, 1, kUpid, 0);
  r.sys.write64(kUitt + 16 * 1, UINTRSIM_UITTE_WORD0(1) & ~UINTRSIM_UITTE_V);  // V = 0
  r.entry(2, 1, kUpid, 0x2);                                                   // reserved bit 1
  r.entry(3, 64, kUpid);                                                       // UV >= 64
  r.entry(4, 1, kUpid + 8);                                                    // UPID not 64-byte aligned
  const uint64_t want_cause = custom ? UINTRSIM_POSTED_FAULT_CAUSE_CUSTOM : uint64_t(rv::kIllegalInsn);
  auto expect_fault = [&](uint64_t index) {
    r.send(index);
    INFO("index " << index);
    CHECK(r.h().pc == kMtvec);
    CHECK(System::peek(r.h(), csr::mcause) == want_cause);
    CHECK(System::peek(r.h(), csr::mepc) == kCode);
    CHECK(System::peek(r.h(), csr::mtval) == (custom ? index : 0));
  };
  expect_fault(0);  // suitt disabled
  System::poke(r.h(), kSuitt, UINTRSIM_SUITT(kUitt, 4));
  expect_fault(5);  // beyond UITTSZ = 4
  for (uint64_t i = 1; i <= 4; ++i) expect_fault(i);
  r.send(0);  // the good entry still works
  CHECK(r.h().pc == kCode + 4);
  CHECK(r.sys.read64(kUpid + 8) == bit(1));
  CHECK(r.h().posted_stats().sends == 1);
}

TEST_CASE("posted: a UITTE or UPID outside RAM is an access fault with the physical address", "[uintr][posted]") {
  Rig r;
  const uint64_t outside = System::kRamBase + System::kRamSize;
  System::poke(r.h(), kSuitt, UINTRSIM_SUITT(kUitt, 1));
  r.entry(0, 1, outside);
  r.send(0);
  CHECK(System::peek(r.h(), csr::mcause) == rv::kStoreAccessFault);
  CHECK(System::peek(r.h(), csr::mtval) == outside);
  System::poke(r.h(), kSuitt, UINTRSIM_SUITT(outside, 1));
  r.send(1);
  CHECK(System::peek(r.h(), csr::mcause) == rv::kLoadAccessFault);
  CHECK(System::peek(r.h(), csr::mtval) == outside + 16);
  CHECK(r.sys.bus.log.empty());  // nothing reached a device
}

TEST_CASE("posted: uipi.* and senduipi, and the posted CSRs, exist only under their architecture",
          "[uintr][posted]") {
  {
    Rig r;  // posted: uipi.send is illegal
    r.sys.code(kCode, {kUipiSendA0});
    r.h().pc = kCode;
    System::step(r.h());
    CHECK(System::peek(r.h(), csr::mcause) == rv::kIllegalInsn);
    uint64_t v;
    CHECK(r.h().csr_read(kSuirr, v));
  }
  {
    Rig r(HartParams{});  // uintc: senduipi and the CSRs are illegal
    r.sys.code(kCode, {senduipi(a0)});
    r.h().pc = kCode;
    System::step(r.h());
    CHECK(System::peek(r.h(), csr::mcause) == rv::kIllegalInsn);
    CHECK(System::peek(r.h(), csr::mtval) == senduipi(a0));
    uint64_t v;
    for (uint16_t c : {kSuitt, kSuipd, kSuinv, kSuirr}) {
      CHECK_FALSE(r.h().csr_read(c, v));
      CHECK_FALSE(r.h().csr_write(c, 1));
    }
  }
}

TEST_CASE("posted: WARL CSRs: UITTSZ is 8 bits, suipd is 64-byte aligned, suinv keeps Enable and 6 bits",
          "[uintr][posted]") {
  Rig r;
  System::poke(r.h(), kSuitt, ~0ull);
  CHECK(System::peek(r.h(), kSuitt) == (UINTRSIM_SUITT_ENABLE | (0xffull << 44) | UINTRSIM_SUITT_PPN_MASK));
  System::poke(r.h(), kSuipd, kUpid + 0x3f);
  CHECK(System::peek(r.h(), kSuipd) == kUpid);
  System::poke(r.h(), kSuinv, ~0ull);
  CHECK(System::peek(r.h(), kSuinv) == (UINTRSIM_SUINV_ENABLE | 63));
}

namespace {
// A receiver in U-mode spinning at kCode, utvec = kUtvec (direct), UIE set, UPID at kUpid.
struct Receiver : Rig {
  static constexpr uint64_t kUinv = 7;
  explicit Receiver(HartParams p = posted()) : Rig(p) {
    sys.code(kCode, {enc::self_loop()});
    sys.code(kUtvec, {enc::self_loop()});
    System::poke(h(), csr::utvec, kUtvec);
    System::poke(h(), kSuipd, kUpid);
    System::poke(h(), kSuinv, UINTRSIM_SUINV_ENABLE | kUinv);
    System::set_bits(h(), csr::mstatus, rv::mstatus::UIE);
    sys.enter(h(), Priv::U, kCode);
  }
  // The device's CLAIM register for hart 0 holds `vectors`; the notification line rises.
  void notify(uint64_t vectors) {
    std::memcpy(sys.bus.regs + UINTRSIM_UNOTIFY_CLAIM(0), &vectors, 8);
    h().set_irq_line(Hart::kNotifyLine, true);
  }
};
}  // namespace

TEST_CASE("posted: notification processing clears ON, moves PIR into suirr, delivery highest vector first "
          "with ucause = interrupt | 16 + vector, uret delivers the next",
          "[uintr][posted]") {
  Receiver r;
  r.upid(UINTRSIM_UPID_WORD0(kNv, 0) | UINTRSIM_UPID_ON, bit(3) | bit(50));
  r.notify(bit(Receiver::kUinv));
  System::step(r.h());
  CHECK((r.sys.read64(kUpid) & UINTRSIM_UPID_ON) == 0);
  CHECK(r.sys.read64(kUpid + 8) == 0);
  REQUIRE(r.h().pc == kUtvec);
  CHECK(System::peek(r.h(), csr::ucause) == (kIntr | (16 + 50)));
  CHECK(System::peek(r.h(), csr::uepc) == kCode);
  CHECK(System::peek(r.h(), kSuirr) == bit(3));
  CHECK((r.h().mstatus() & (rv::mstatus::UIE | rv::mstatus::UPIE)) == rv::mstatus::UPIE);
  // the claim read went to this hart's CLAIM register
  REQUIRE(r.sys.bus.log.size() == 1);
  CHECK(r.sys.bus.log[0].pa == kNotify + UINTRSIM_UNOTIFY_CLAIM(0));
  CHECK_FALSE(r.sys.bus.log[0].write);
  // uret (as UIRET) returns and the remaining vector is delivered at the next boundary
  r.sys.code(kUtvec, {kUret});
  System::step(r.h());
  CHECK(r.h().pc == kUtvec);
  CHECK(System::peek(r.h(), csr::ucause) == (kIntr | (16 + 3)));
  CHECK(System::peek(r.h(), kSuirr) == 0);
  CHECK(r.h().posted_stats().processed == 1);
  CHECK(r.h().posted_stats().deliveries == 2);
}

TEST_CASE("posted: UIF (ustatus.UIE) masks delivery but not notification processing", "[uintr][posted]") {
  Receiver r;
  r.sys.code(kCode, {enc::csrrci(0, csr::ustatus, 1), enc::nop(), enc::csrrsi(0, csr::ustatus, 1), enc::self_loop()});
  System::step(r.h());  // CLUI
  r.upid(UINTRSIM_UPID_WORD0(kNv, 0) | UINTRSIM_UPID_ON, bit(12));
  r.notify(bit(Receiver::kUinv));
  System::step(r.h());  // nop: processing happens, no delivery
  CHECK(r.h().pc == kCode + 8);
  CHECK(System::peek(r.h(), kSuirr) == bit(12));
  System::step(r.h());  // STUI: delivered at the very next boundary
  CHECK(r.h().pc == kUtvec);
  CHECK(System::peek(r.h(), csr::ucause) == (kIntr | (16 + 12)));
  CHECK(System::peek(r.h(), csr::uepc) == kCode + 12);
}

TEST_CASE("posted: a vector other than UINV (or suinv disabled) is the kernel's: sip.SSIP, no processing",
          "[uintr][posted]") {
  Receiver r;
  r.upid(UINTRSIM_UPID_ON, bit(1));
  r.notify(bit(2));
  System::step(r.h());
  CHECK((r.h().mip() & bit(rv::kSSI)) != 0);
  CHECK(r.sys.read64(kUpid + 8) == bit(1));  // untouched
  CHECK(r.h().posted_stats().other_vectors == 1);
  CHECK(r.h().pc != kUtvec);
}

TEST_CASE("posted: uintr.posted.uiret = set makes uret set UIE whatever UPIE says", "[uintr][posted]") {
  const bool set = GENERATE(false, true);
  HartParams p = posted();
  p.uintr.posted.uiret_sets_uif = set;
  Receiver r(p);
  r.sys.code(kCode, {enc::csrrci(0, csr::ustatus, 0x10), kUret});
  System::step(r.h(), 2);
  CHECK(((r.h().mstatus() & rv::mstatus::UIE) != 0) == set);
}

TEST_CASE("posted: timed costs: send, remote UPID line, notification processing, flush vs tracked delivery",
          "[uintr][posted]") {
  HartParams p = posted(true);
  p.uintr.posted.send_cycles = 20;
  p.uintr.posted.upid_rmw_cycles = 3;
  p.uintr.posted.remote_line_cycles = 50;
  p.uintr.posted.notify_store_cycles = 7;
  Rig r(p, 2);
  UpidLines lines;
  for (auto& h : r.sys.harts) h->set_upid_lines(&lines);
  System::poke(r.h(), kSuitt, UINTRSIM_SUITT(kUitt, 1));
  r.entry(0, 1, kUpid);
  r.upid(UINTRSIM_UPID_WORD0(kNv, kNdst));
  r.sys.bus.latency = 4;
  auto send_cost = [&] {
    const uint64_t c = r.h().cycle();
    r.send(0);
    return r.h().cycle() - c;
  };
  // Cold: UITTE miss (10) + UPID miss (10); with the notification store (bus 4 + 7). The
  // instruction itself: latency 1 plus an I-cache miss of 0.
  const uint64_t cold = send_cost();
  CHECK(cold == 1 + 20 + 10 + 3 + 10 + 4 + 7);
  const uint64_t warm = send_cost();  // ON set: no notification; both lines hit
  CHECK(warm == 1 + 20 + 3);
  CHECK(lines.access(kUpid, 1));  // hart 1 (the receiver) touches the line ...
  CHECK(send_cost() == 1 + 20 + 3 + 50);  // ... which then migrates back to the sender
}

TEST_CASE("posted: delivery costs flush_cycles + deliver_cycles, or tracked_cycles + deliver_cycles",
          "[uintr][posted]") {
  const bool tracked = GENERATE(false, true);
  HartParams p = posted(true);
  p.uintr.posted.tracked = tracked;
  p.uintr.posted.flush_cycles = 400;
  p.uintr.posted.tracked_cycles = 1;
  p.uintr.posted.deliver_cycles = 30;
  p.uintr.posted.notify_processing_cycles = 5;
  Receiver r(p);
  r.upid(UINTRSIM_UPID_ON, bit(4));
  System::step(r.h());  // warm the I-cache line of the loop
  // Processing: 5 + UPID line miss 10; delivery: strategy + 30.
  r.notify(bit(Receiver::kUinv));
  const uint64_t c = r.h().cycle();
  System::take_pending(r.h());
  CHECK(r.h().pc == kUtvec);
  CHECK(r.h().cycle() - c == 5 + 10 + (tracked ? 1 : 400) + 30);
}
