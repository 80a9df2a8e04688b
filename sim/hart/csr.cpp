// The CSR file: existence, privilege and read-only checks and WARL behaviour of each
// register. Instruction-level rules (csrrw with rd = x0, csrrs/csrrc with x0) are in
// isa/insn_zicsr.cpp.
#include "sim/hart/hart.h"

namespace uintrsim {

using namespace rv;

namespace {
constexpr uint64_t kMstatusWritable = mstatus::UIE | mstatus::UPIE | mstatus::SIE | mstatus::MIE | mstatus::SPIE |
                                      mstatus::MPIE | mstatus::SPP | mstatus::MPP |
                                      mstatus::MPRV | mstatus::SUM | mstatus::MXR |
                                      mstatus::TVM | mstatus::TW | mstatus::TSR;
constexpr uint64_t kSstatusReadable = mstatus::UIE | mstatus::UPIE | mstatus::SIE | mstatus::SPIE | mstatus::SPP | mstatus::FS |
                                      mstatus::XS | mstatus::SUM | mstatus::MXR | mstatus::UXL |
                                      mstatus::SD;
constexpr uint64_t kSstatusWritable = mstatus::UIE | mstatus::UPIE |
    mstatus::SIE | mstatus::SPIE | mstatus::SPP | mstatus::SUM | mstatus::MXR;
constexpr uint64_t kUstatusMask = mstatus::UIE | mstatus::UPIE;
constexpr uint64_t kSupervisorIrqs = bit(kSSI) | bit(kSTI) | bit(kSEI);
// N extension: user software/timer/external interrupt bits exist in mip/mie, delegable
// M->S (mideleg) and S->U (sideleg); software may set and clear their pending bits.
constexpr uint64_t kUserIrqs = bit(kUSI) | bit(kUTI) | bit(kUEI);
constexpr uint64_t kMieWritable = bit(kMSI) | bit(kMTI) | bit(kMEI) | kSupervisorIrqs | kUserIrqs;
constexpr uint64_t kMipWritable = kSupervisorIrqs | kUserIrqs;  // M-level bits are driven by devices
constexpr uint64_t kMidelegWritable = kSupervisorIrqs | kUserIrqs;
// Exceptions that S may delegate to U: those U-mode code can cause, except ecall from S/M.
constexpr uint64_t kSedelegWritable = 0xB1FF;  // causes 0-8, 12, 13, 15
constexpr uint64_t kMedelegWritable = 0xB3FF & ~bit(kEcallM);  // causes 0-9, 12, 13, 15
}  // namespace

// Writes the bits of `mask` (a view's writable bits) into mstatus, legalising MPP and
// updating what depends on mstatus (data-access privilege, cached permissions, interrupts).
void Hart::write_mstatus(uint64_t v, uint64_t mask) {
  uint64_t n = (mstatus_ & ~mask) | (v & mask);
  if (((n & mstatus::MPP) >> mstatus::MPP_SHIFT) == 2) n = (n & ~mstatus::MPP) | (mstatus_ & mstatus::MPP);
  const uint64_t changed = n ^ mstatus_;
  mstatus_ = n;
  if (changed & (mstatus::SUM | mstatus::MXR))
    for (unsigned p : {0u, 1u})
      for (auto& e : host_tlb_[p]) e.tag_r = e.tag_w = ~0ull;
  select_host_tlb();
  recheck_interrupts();
}

bool Hart::machine_csr_read(uint16_t addr, uint64_t& out) {
  const Priv saved = priv_;
  priv_ = Priv::M;
  const bool ok = csr_read(addr, out);
  priv_ = saved;
  select_host_tlb();
  return ok;
}

bool Hart::machine_csr_write(uint16_t addr, uint64_t value) {
  const Priv saved = priv_;
  priv_ = Priv::M;
  const bool ok = csr_write(addr, value);
  priv_ = saved;
  select_host_tlb();
  return ok;
}

bool Hart::counter_accessible(uint16_t addr) const {
  const unsigned idx = addr & 31;
  if (priv_ == Priv::M) return true;
  if (!((mcounteren_ >> idx) & 1)) return false;
  if (priv_ == Priv::U && !((scounteren_ >> idx) & 1)) return false;
  return true;
}

uint64_t Hart::read_counter(uint16_t addr) {
  switch (addr & 31) {
    case 0: return cycle_ - cycle_offset_;
    case 1: return bus_ ? bus_->mtime(cycle_) : 0;
    case 2: return instret_ - instret_offset_;
    default: return 0;  // hpmcounter3..31: no events implemented
  }
}

bool Hart::csr_read(uint16_t a, uint64_t& v) {
  if (unsigned((a >> 8) & 3) > unsigned(priv_)) return false;
  switch (a) {
    case csr::cycle: case csr::time: case csr::instret:
      if (!counter_accessible(a)) return false;
      v = read_counter(a);
      return true;
    case csr::mcycle: v = read_counter(csr::cycle); return true;
    case csr::minstret: v = read_counter(csr::instret); return true;
    case csr::sstatus: v = mstatus_ & kSstatusReadable; return true;
    case csr::ustatus: v = mstatus_ & kUstatusMask; return true;
    case csr::uie: v = mie_ & mideleg_ & sideleg_; return true;
    case csr::uip: v = mip() & mideleg_ & sideleg_; return true;
    case csr::utvec: v = utvec_; return true;
    case csr::uscratch: v = uscratch_; return true;
    case csr::uepc: v = uepc_; return true;
    case csr::ucause: v = ucause_; return true;
    case csr::utval: v = utval_; return true;
    case csr::sedeleg: v = sedeleg_; return true;
    case csr::sideleg: v = sideleg_; return true;
    case csr::suist: v = suist_; return true;
    case csr::suirs: v = suirs_; return true;
    case csr::suicfg: v = suicfg_; return true;
    case csr::suitt: case csr::suipd: case csr::suinv: case csr::suirr:
      if (!posted()) return false;  // the CSRs of uintr.arch = posted only
      v = a == csr::suitt ? suitt_ : a == csr::suipd ? suipd_ : a == csr::suinv ? suinv_ : suirr_;
      return true;
    case csr::sie: v = mie_ & mideleg_; return true;
    case csr::sip: v = mip() & mideleg_; return true;
    case csr::stvec: v = stvec_; return true;
    case csr::scounteren: v = scounteren_; return true;
    case csr::senvcfg: v = 0; return true;  // no optional fields implemented: WARL zero
    case csr::sscratch: v = sscratch_; return true;
    case csr::sepc: v = sepc_; return true;
    case csr::scause: v = scause_; return true;
    case csr::stval: v = stval_; return true;
    case csr::satp:
      if (priv_ == Priv::S && (mstatus_ & mstatus::TVM)) return false;
      v = satp_;
      return true;
    case csr::mvendorid: v = p_.mvendorid; return true;
    case csr::marchid: v = p_.marchid; return true;
    case csr::mimpid: v = p_.mimpid; return true;
    case csr::mhartid: v = p_.hartid; return true;
    case csr::mconfigptr: v = 0; return true;
    case csr::mstatus: v = mstatus_; return true;
    case csr::misa: v = misa_; return true;
    case csr::medeleg: v = medeleg_; return true;
    case csr::mideleg: v = mideleg_; return true;
    case csr::mie: v = mie_; return true;
    case csr::mtvec: v = mtvec_; return true;
    case csr::mcounteren: v = mcounteren_; return true;
    case csr::menvcfg: v = 0; return true;
    case csr::mcountinhibit: v = 0; return true;
    case csr::mscratch: v = mscratch_; return true;
    case csr::mepc: v = mepc_; return true;
    case csr::mcause: v = mcause_; return true;
    case csr::mtval: v = mtval_; return true;
    case csr::mip: v = mip(); return true;
    case csr::tselect: v = 0; return true;   // no triggers: tselect is hardwired to 0
    case csr::tdata1: case csr::tdata2: case csr::tdata3: v = 0; return true;
    case csr::tinfo: v = 1; return true;     // "no trigger" type only
    default: break;
  }
  if (a >= csr::hpmcounter3 && a <= csr::hpmcounter31) {
    if (!counter_accessible(a)) return false;
    v = 0;
    return true;
  }
  if ((a >= csr::mhpmcounter3 && a <= csr::mhpmcounter31) ||
      (a >= csr::mhpmevent3 && a <= csr::mhpmevent31)) {
    v = 0;
    return true;
  }
  if (a >= csr::pmpcfg0 && a <= csr::pmpcfg15) {
    if (a & 1) return false;  // RV64: only even pmpcfg registers exist
    v = pmp_.cfg[(a - csr::pmpcfg0) / 2];
    return true;
  }
  if (a >= csr::pmpaddr0 && a <= csr::pmpaddr63) {
    v = unsigned(a - csr::pmpaddr0) < Pmp::kEntries ? pmp_.addr[a - csr::pmpaddr0] : 0;
    return true;
  }
  return false;
}

bool Hart::csr_write(uint16_t a, uint64_t v) {
  if (unsigned((a >> 8) & 3) > unsigned(priv_)) return false;
  if ((a >> 10) == 3) return false;  // read-only CSR
  switch (a) {
    case csr::mcycle: cycle_offset_ = cycle_ - v; return true;
    case csr::minstret:
      // The write takes effect after the instruction retires, so it does not count itself.
      instret_offset_ = instret_ + 1 - v;
      return true;
    case csr::sstatus: write_mstatus(v, kSstatusWritable); return true;
    case csr::ustatus: write_mstatus(v, kUstatusMask); return true;
    case csr::uie: {
      const uint64_t m = mideleg_ & sideleg_;
      mie_ = (mie_ & ~m) | (v & m);
      recheck_interrupts();
      return true;
    }
    case csr::uip: {
      const uint64_t m = mideleg_ & sideleg_ & kUserIrqs;
      mip_sw_ = (mip_sw_ & ~m) | (v & m);
      recheck_interrupts();
      return true;
    }
    case csr::utvec: utvec_ = (v & 2) ? utvec_ : v; return true;
    case csr::uscratch: uscratch_ = v; return true;
    case csr::uepc: uepc_ = v & ~1ull; return true;
    case csr::ucause: ucause_ = v; return true;
    case csr::utval: utval_ = v; return true;
    case csr::sedeleg: sedeleg_ = v & kSedelegWritable; return true;
    case csr::sideleg: sideleg_ = v & kUserIrqs; recheck_interrupts(); return true;
    // suist: Enable b63, Size b55:44, PPN b43:0; suirs: Enable b63, index b15:0;
    // suicfg holds the UINTC base but, as in QEMU and the RTL, the platform's is used.
    case csr::suist: suist_ = v & ((1ull << 63) | (0xfffull << 44) | ((1ull << 44) - 1)); return true;
    case csr::suirs: suirs_ = v & ((1ull << 63) | 0xffff); return true;
    case csr::suicfg: suicfg_ = v; return true;
    // posted (docs/uintr-posted.md): suitt Enable b63, UITTSZ b51:44, PPN b43:0; suipd a 64-byte
    // aligned physical address (bits 5:0 and 63:56 read 0); suinv Enable b63, UINV b5:0.
    case csr::suitt: case csr::suipd: case csr::suinv: case csr::suirr:
      if (!posted()) return false;
      if (a == csr::suitt)
        suitt_ = v & (UINTRSIM_SUITT_ENABLE | (uint64_t(UINTRSIM_SUITT_SIZE_MASK) << UINTRSIM_SUITT_SIZE_SHIFT) |
                      UINTRSIM_SUITT_PPN_MASK);
      else if (a == csr::suipd) suipd_ = v & ((1ull << 56) - 1) & ~uint64_t(UINTRSIM_UPID_ALIGN - 1);
      else if (a == csr::suinv) suinv_ = v & (UINTRSIM_SUINV_ENABLE | UINTRSIM_SUINV_MASK);
      else suirr_ = v;
      recheck_interrupts();
      return true;
    case csr::sie: mie_ = (mie_ & ~mideleg_) | (v & mideleg_); recheck_interrupts(); return true;
    case csr::sip: {
      const uint64_t m = mideleg_ & (bit(kSSI) | kUserIrqs);
      mip_sw_ = (mip_sw_ & ~m) | (v & m);
      recheck_interrupts();
      return true;
    }
    case csr::stvec: stvec_ = (v & 2) ? stvec_ : v; return true;  // modes 2, 3 reserved: ignore
    case csr::scounteren: scounteren_ = v & 0xffffffff; return true;
    case csr::senvcfg: return true;  // no optional fields implemented: WARL zero
    case csr::sscratch: sscratch_ = v; return true;
    case csr::sepc: sepc_ = v & ~1ull; return true;
    case csr::scause: scause_ = v; return true;
    case csr::stval: stval_ = v; return true;
    case csr::satp: {
      if (priv_ == Priv::S && (mstatus_ & mstatus::TVM)) return false;
      const uint64_t mode = v >> 60;
      if (mode != 0 && mode != 8) return true;  // unsupported mode: the write has no effect
      satp_ = v & ((0xfull << 60) | (0xffffull << 44) | ((1ull << 44) - 1));
      flush_translations();
      return true;
    }
    case csr::mstatus: write_mstatus(v, kMstatusWritable); return true;
    case csr::misa: return true;  // fixed ISA: writes ignored (WARL)
    case csr::medeleg: medeleg_ = v & kMedelegWritable; return true;
    case csr::mideleg: mideleg_ = v & kMidelegWritable; recheck_interrupts(); return true;
    case csr::mie: mie_ = v & kMieWritable; recheck_interrupts(); return true;
    case csr::mtvec: mtvec_ = (v & 2) ? mtvec_ : v; return true;
    case csr::mcounteren: mcounteren_ = v & 0xffffffff; return true;
    case csr::menvcfg: return true;
    case csr::mcountinhibit: return true;  // counters always run: WARL zero
    case csr::mscratch: mscratch_ = v; return true;
    case csr::mepc: mepc_ = v & ~1ull; return true;
    case csr::mcause: mcause_ = v; return true;
    case csr::mtval: mtval_ = v; return true;
    case csr::mip: mip_sw_ = (mip_sw_ & ~kMipWritable) | (v & kMipWritable); recheck_interrupts(); return true;
    case csr::tselect: case csr::tdata1: case csr::tdata2: case csr::tdata3: return true;
    default: break;
  }
  if ((a >= csr::mhpmcounter3 && a <= csr::mhpmcounter31) ||
      (a >= csr::mhpmevent3 && a <= csr::mhpmevent31))
    return true;  // no events: hardwired to zero
  if (a >= csr::pmpcfg0 && a <= csr::pmpcfg15) {
    if (a & 1) return false;
    pmp_.write_cfg((a - csr::pmpcfg0) / 2, v);
    flush_all_host_tlbs();
    return true;
  }
  if (a >= csr::pmpaddr0 && a <= csr::pmpaddr63) {
    pmp_.write_addr(a - csr::pmpaddr0, v);
    flush_all_host_tlbs();
    return true;
  }
  return false;
}

}  // namespace uintrsim
