// RISC-V encoding constants shared by the decoder, the instruction semantics and the CSR file:
// CSR addresses, mstatus/mip bit positions, exception and interrupt cause numbers.
#pragma once
#include <cstdint>

namespace uintrsim::rv {

enum class Priv : uint8_t { U = 0, S = 1, M = 3 };

// --- exception causes (mcause without the interrupt bit) ---
enum Exc : uint64_t {
  kInsnMisaligned = 0, kInsnAccessFault = 1, kIllegalInsn = 2, kBreakpoint = 3,
  kLoadMisaligned = 4, kLoadAccessFault = 5, kStoreMisaligned = 6, kStoreAccessFault = 7,
  kEcallU = 8, kEcallS = 9, kEcallM = 11,
  kInsnPageFault = 12, kLoadPageFault = 13, kStorePageFault = 15,
};

// --- interrupt numbers (bit positions in mip/mie, and mcause codes) ---
enum Irq : unsigned {
  kUSI = 0, kSSI = 1, kMSI = 3, kUTI = 4, kSTI = 5, kMTI = 7, kUEI = 8, kSEI = 9, kMEI = 11,
};
constexpr uint64_t kInterruptBit = 1ull << 63;
constexpr uint64_t bit(unsigned n) { return 1ull << n; }

// --- mstatus fields (RV64) ---
namespace mstatus {
constexpr uint64_t UIE = bit(0), SIE = bit(1), MIE = bit(3), UPIE = bit(4), SPIE = bit(5),
                   MPIE = bit(7), SPP = bit(8), MPP = 3ull << 11, FS = 3ull << 13, XS = 3ull << 15,
                   MPRV = bit(17), SUM = bit(18), MXR = bit(19), TVM = bit(20), TW = bit(21),
                   TSR = bit(22), UXL = 3ull << 32, SXL = 3ull << 34, SD = bit(63);
constexpr unsigned MPP_SHIFT = 11;
}  // namespace mstatus

// --- CSR addresses ---
namespace csr {
enum : uint16_t {
  // user trap setup/handling (N extension; used by the user-interrupt hardware)
  ustatus = 0x000, uie = 0x004, utvec = 0x005, uscratch = 0x040, uepc = 0x041, ucause = 0x042,
  utval = 0x043, uip = 0x044,
  // unprivileged counters (Zicntr)
  cycle = 0xC00, time = 0xC01, instret = 0xC02, hpmcounter3 = 0xC03, hpmcounter31 = 0xC1F,
  // supervisor
  sstatus = 0x100, sedeleg = 0x102, sideleg = 0x103, sie = 0x104, stvec = 0x105,
  scounteren = 0x106, senvcfg = 0x10A, sscratch = 0x140, sepc = 0x141, scause = 0x142,
  stval = 0x143, sip = 0x144, satp = 0x180,
  // user-interrupt sender/receiver state (see docs/hardware-uintr.md)
  suist = 0x1B0, suirs = 0x1B1, suicfg = 0x1B2,
  // posted user interrupts, uintr.arch = posted only (see docs/uintr-posted.md)
  suitt = 0x1B3, suipd = 0x1B4, suinv = 0x1B5, suirr = 0x1B6,
  // machine
  mvendorid = 0xF11, marchid = 0xF12, mimpid = 0xF13, mhartid = 0xF14, mconfigptr = 0xF15,
  mstatus = 0x300, misa = 0x301, medeleg = 0x302, mideleg = 0x303, mie = 0x304, mtvec = 0x305,
  mcounteren = 0x306, menvcfg = 0x30A, mcountinhibit = 0x320, mhpmevent3 = 0x323,
  mhpmevent31 = 0x33F, mscratch = 0x340, mepc = 0x341, mcause = 0x342, mtval = 0x343,
  mip = 0x344, mtinst = 0x34A, mtval2 = 0x34B, pmpcfg0 = 0x3A0, pmpcfg15 = 0x3AF,
  pmpaddr0 = 0x3B0, pmpaddr63 = 0x3EF, mcycle = 0xB00, minstret = 0xB02, mhpmcounter3 = 0xB03,
  mhpmcounter31 = 0xB1F,
  // debug/trigger (no triggers implemented: tselect reads back a value tdata1 rejects)
  tselect = 0x7A0, tdata1 = 0x7A1, tdata2 = 0x7A2, tdata3 = 0x7A3, tinfo = 0x7A4,
};
}  // namespace csr

}  // namespace uintrsim::rv
