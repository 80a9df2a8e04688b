// Names of the CSRs this hart implements (sim/hart/csr.cpp), as the privileged spec, Spike's
// commit log and GDB's RISC-V target description spell them.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace uintrsim {

struct CsrName {
  uint16_t addr;
  std::string name;
};

inline const std::vector<CsrName>& csr_names() {
  static const std::vector<CsrName> t = [] {
    std::vector<CsrName> v = {
        {0x000, "ustatus"}, {0x004, "uie"}, {0x005, "utvec"}, {0x040, "uscratch"}, {0x041, "uepc"},
        {0x042, "ucause"}, {0x043, "utval"}, {0x044, "uip"},
        {0x100, "sstatus"}, {0x102, "sedeleg"}, {0x103, "sideleg"}, {0x104, "sie"}, {0x105, "stvec"},
        {0x106, "scounteren"}, {0x10a, "senvcfg"}, {0x140, "sscratch"}, {0x141, "sepc"},
        {0x142, "scause"}, {0x143, "stval"}, {0x144, "sip"}, {0x180, "satp"},
        {0x1b0, "suist"}, {0x1b1, "suirs"}, {0x1b2, "suicfg"},
        {0x300, "mstatus"}, {0x301, "misa"}, {0x302, "medeleg"}, {0x303, "mideleg"}, {0x304, "mie"},
        {0x305, "mtvec"}, {0x306, "mcounteren"}, {0x30a, "menvcfg"}, {0x320, "mcountinhibit"},
        {0x340, "mscratch"}, {0x341, "mepc"}, {0x342, "mcause"}, {0x343, "mtval"}, {0x344, "mip"},
        {0x7a0, "tselect"}, {0x7a1, "tdata1"}, {0x7a2, "tdata2"}, {0x7a3, "tdata3"}, {0x7a4, "tinfo"},
        {0xb00, "mcycle"}, {0xb02, "minstret"},
        {0xc00, "cycle"}, {0xc01, "time"}, {0xc02, "instret"},
        {0xf11, "mvendorid"}, {0xf12, "marchid"}, {0xf13, "mimpid"}, {0xf14, "mhartid"}, {0xf15, "mconfigptr"},
    };
    for (unsigned i = 0; i < 16; i += 2) v.push_back({uint16_t(0x3a0 + i), "pmpcfg" + std::to_string(i)});
    for (unsigned i = 0; i < 64; ++i) v.push_back({uint16_t(0x3b0 + i), "pmpaddr" + std::to_string(i)});
    return v;
  }();
  return t;
}

inline std::string csr_name(uint16_t addr) {
  for (const CsrName& c : csr_names())
    if (c.addr == addr) return c.name;
  return "unknown-csr";
}

}  // namespace uintrsim
