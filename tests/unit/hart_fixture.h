// Test fixture for the hart core: host RAM exposed as a DMI region, a fake bus for MMIO, small
// instruction encoders, and helpers to step a hart, change privilege the architectural way and
// build Sv39 page tables. Used by tests/unit/test_hart_*.cpp.
//
// Conventions:
//  * RAM is 1 MiB at 0x80000000 (the hart's default reset pc).
//  * mtvec/stvec point at kMtvec/kStvec, where each of the first 16 words is `jal x0, 0`
//    (a self-loop), so a trap parks the hart at the vector it took; mepc/mcause etc. are then
//    left untouched by further execution.
//  * Privilege changes go through an mret at kTrampoline (enter()), never by
//    Hart::set_privilege(), so that they are the architectural transitions. poke() therefore
//    requires the hart to be in M-mode; peek() may be used in any mode.
//  * In functional mode (the default) every instruction costs one cycle, so
//    hart.run(hart.cycle() + n) executes n instructions. step() executes exactly one
//    instruction in either timing mode (each instruction costs at least one cycle).
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <optional>
#include <vector>

#include "sim/hart/hart.h"
#include "sim/isa/decoder.h"
#include "sim/isa/encoding.h"
#include "workloads/include/uintrsim/sv39.h"

namespace uintrsim::test {

using rv::Priv;
namespace csr = rv::csr;
namespace ms = rv::mstatus;

// ---------------------------------------------------------------------------------------------
// Instruction encoders (unprivileged spec chapter 2 base formats). Registers are numbers 0..31.
// test_decoder.cpp checks a sample of them against GNU as output.
// ---------------------------------------------------------------------------------------------
namespace enc {
constexpr uint32_t R(uint32_t f7, uint32_t rs2, uint32_t rs1, uint32_t f3, uint32_t rd, uint32_t op) {
  return (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
}
constexpr uint32_t I(int32_t imm, uint32_t rs1, uint32_t f3, uint32_t rd, uint32_t op) {
  return (uint32_t(imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
}
constexpr uint32_t S(int32_t imm, uint32_t rs2, uint32_t rs1, uint32_t f3, uint32_t op) {
  const uint32_t u = uint32_t(imm) & 0xfff;
  return ((u >> 5) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((u & 31) << 7) | op;
}
constexpr uint32_t B(int32_t off, uint32_t rs2, uint32_t rs1, uint32_t f3) {
  const uint32_t u = uint32_t(off);
  return (((u >> 12) & 1) << 31) | (((u >> 5) & 63) << 25) | (rs2 << 20) | (rs1 << 15) |
         (f3 << 12) | (((u >> 1) & 15) << 8) | (((u >> 11) & 1) << 7) | 0x63;
}
constexpr uint32_t U(uint32_t imm20, uint32_t rd, uint32_t op) { return (imm20 << 12) | (rd << 7) | op; }
constexpr uint32_t J(int32_t off, uint32_t rd) {
  const uint32_t u = uint32_t(off);
  return (((u >> 20) & 1) << 31) | (((u >> 1) & 1023) << 21) | (((u >> 11) & 1) << 20) |
         (((u >> 12) & 255) << 12) | (rd << 7) | 0x6f;
}

// RV64I
constexpr uint32_t lui(uint32_t rd, uint32_t imm20) { return U(imm20 & 0xfffff, rd, 0x37); }
constexpr uint32_t auipc(uint32_t rd, uint32_t imm20) { return U(imm20 & 0xfffff, rd, 0x17); }
constexpr uint32_t jal(uint32_t rd, int32_t off) { return J(off, rd); }
constexpr uint32_t jalr(uint32_t rd, uint32_t rs1, int32_t imm) { return I(imm, rs1, 0, rd, 0x67); }
constexpr uint32_t beq(uint32_t rs1, uint32_t rs2, int32_t off) { return B(off, rs2, rs1, 0); }
constexpr uint32_t bne(uint32_t rs1, uint32_t rs2, int32_t off) { return B(off, rs2, rs1, 1); }
constexpr uint32_t blt(uint32_t rs1, uint32_t rs2, int32_t off) { return B(off, rs2, rs1, 4); }
constexpr uint32_t bge(uint32_t rs1, uint32_t rs2, int32_t off) { return B(off, rs2, rs1, 5); }
constexpr uint32_t bltu(uint32_t rs1, uint32_t rs2, int32_t off) { return B(off, rs2, rs1, 6); }
constexpr uint32_t bgeu(uint32_t rs1, uint32_t rs2, int32_t off) { return B(off, rs2, rs1, 7); }
constexpr uint32_t lb(uint32_t rd, uint32_t rs1, int32_t imm) { return I(imm, rs1, 0, rd, 0x03); }
constexpr uint32_t lh(uint32_t rd, uint32_t rs1, int32_t imm) { return I(imm, rs1, 1, rd, 0x03); }
constexpr uint32_t lw(uint32_t rd, uint32_t rs1, int32_t imm) { return I(imm, rs1, 2, rd, 0x03); }
constexpr uint32_t ld(uint32_t rd, uint32_t rs1, int32_t imm) { return I(imm, rs1, 3, rd, 0x03); }
constexpr uint32_t lbu(uint32_t rd, uint32_t rs1, int32_t imm) { return I(imm, rs1, 4, rd, 0x03); }
constexpr uint32_t lhu(uint32_t rd, uint32_t rs1, int32_t imm) { return I(imm, rs1, 5, rd, 0x03); }
constexpr uint32_t lwu(uint32_t rd, uint32_t rs1, int32_t imm) { return I(imm, rs1, 6, rd, 0x03); }
constexpr uint32_t sb(uint32_t rs2, uint32_t rs1, int32_t imm) { return S(imm, rs2, rs1, 0, 0x23); }
constexpr uint32_t sh(uint32_t rs2, uint32_t rs1, int32_t imm) { return S(imm, rs2, rs1, 1, 0x23); }
constexpr uint32_t sw(uint32_t rs2, uint32_t rs1, int32_t imm) { return S(imm, rs2, rs1, 2, 0x23); }
constexpr uint32_t sd(uint32_t rs2, uint32_t rs1, int32_t imm) { return S(imm, rs2, rs1, 3, 0x23); }
constexpr uint32_t addi(uint32_t rd, uint32_t rs1, int32_t imm) { return I(imm, rs1, 0, rd, 0x13); }
constexpr uint32_t slti(uint32_t rd, uint32_t rs1, int32_t imm) { return I(imm, rs1, 2, rd, 0x13); }
constexpr uint32_t sltiu(uint32_t rd, uint32_t rs1, int32_t imm) { return I(imm, rs1, 3, rd, 0x13); }
constexpr uint32_t xori(uint32_t rd, uint32_t rs1, int32_t imm) { return I(imm, rs1, 4, rd, 0x13); }
constexpr uint32_t ori(uint32_t rd, uint32_t rs1, int32_t imm) { return I(imm, rs1, 6, rd, 0x13); }
constexpr uint32_t andi(uint32_t rd, uint32_t rs1, int32_t imm) { return I(imm, rs1, 7, rd, 0x13); }
constexpr uint32_t slli(uint32_t rd, uint32_t rs1, uint32_t sh) { return I(int32_t(sh), rs1, 1, rd, 0x13); }
constexpr uint32_t srli(uint32_t rd, uint32_t rs1, uint32_t sh) { return I(int32_t(sh), rs1, 5, rd, 0x13); }
constexpr uint32_t srai(uint32_t rd, uint32_t rs1, uint32_t sh) { return I(int32_t(sh | 0x400), rs1, 5, rd, 0x13); }
constexpr uint32_t add(uint32_t rd, uint32_t rs1, uint32_t rs2) { return R(0, rs2, rs1, 0, rd, 0x33); }
constexpr uint32_t sub(uint32_t rd, uint32_t rs1, uint32_t rs2) { return R(0x20, rs2, rs1, 0, rd, 0x33); }
constexpr uint32_t sll(uint32_t rd, uint32_t rs1, uint32_t rs2) { return R(0, rs2, rs1, 1, rd, 0x33); }
constexpr uint32_t slt(uint32_t rd, uint32_t rs1, uint32_t rs2) { return R(0, rs2, rs1, 2, rd, 0x33); }
constexpr uint32_t sltu(uint32_t rd, uint32_t rs1, uint32_t rs2) { return R(0, rs2, rs1, 3, rd, 0x33); }
constexpr uint32_t xor_(uint32_t rd, uint32_t rs1, uint32_t rs2) { return R(0, rs2, rs1, 4, rd, 0x33); }
constexpr uint32_t srl(uint32_t rd, uint32_t rs1, uint32_t rs2) { return R(0, rs2, rs1, 5, rd, 0x33); }
constexpr uint32_t sra(uint32_t rd, uint32_t rs1, uint32_t rs2) { return R(0x20, rs2, rs1, 5, rd, 0x33); }
constexpr uint32_t or_(uint32_t rd, uint32_t rs1, uint32_t rs2) { return R(0, rs2, rs1, 6, rd, 0x33); }
constexpr uint32_t and_(uint32_t rd, uint32_t rs1, uint32_t rs2) { return R(0, rs2, rs1, 7, rd, 0x33); }
constexpr uint32_t addiw(uint32_t rd, uint32_t rs1, int32_t imm) { return I(imm, rs1, 0, rd, 0x1b); }
constexpr uint32_t slliw(uint32_t rd, uint32_t rs1, uint32_t sh) { return I(int32_t(sh), rs1, 1, rd, 0x1b); }
constexpr uint32_t srliw(uint32_t rd, uint32_t rs1, uint32_t sh) { return I(int32_t(sh), rs1, 5, rd, 0x1b); }
constexpr uint32_t sraiw(uint32_t rd, uint32_t rs1, uint32_t sh) { return I(int32_t(sh | 0x400), rs1, 5, rd, 0x1b); }
constexpr uint32_t addw(uint32_t rd, uint32_t rs1, uint32_t rs2) { return R(0, rs2, rs1, 0, rd, 0x3b); }
constexpr uint32_t subw(uint32_t rd, uint32_t rs1, uint32_t rs2) { return R(0x20, rs2, rs1, 0, rd, 0x3b); }
constexpr uint32_t sllw(uint32_t rd, uint32_t rs1, uint32_t rs2) { return R(0, rs2, rs1, 1, rd, 0x3b); }
constexpr uint32_t srlw(uint32_t rd, uint32_t rs1, uint32_t rs2) { return R(0, rs2, rs1, 5, rd, 0x3b); }
constexpr uint32_t sraw(uint32_t rd, uint32_t rs1, uint32_t rs2) { return R(0x20, rs2, rs1, 5, rd, 0x3b); }
constexpr uint32_t fence() { return 0x0ff0000f; }  // fence iorw, iorw
constexpr uint32_t fence_i() { return 0x0000100f; }
constexpr uint32_t nop() { return addi(0, 0, 0); }
// RV64M
constexpr uint32_t mul(uint32_t rd, uint32_t rs1, uint32_t rs2) { return R(1, rs2, rs1, 0, rd, 0x33); }
constexpr uint32_t mulh(uint32_t rd, uint32_t rs1, uint32_t rs2) { return R(1, rs2, rs1, 1, rd, 0x33); }
constexpr uint32_t mulhsu(uint32_t rd, uint32_t rs1, uint32_t rs2) { return R(1, rs2, rs1, 2, rd, 0x33); }
constexpr uint32_t mulhu(uint32_t rd, uint32_t rs1, uint32_t rs2) { return R(1, rs2, rs1, 3, rd, 0x33); }
constexpr uint32_t div(uint32_t rd, uint32_t rs1, uint32_t rs2) { return R(1, rs2, rs1, 4, rd, 0x33); }
constexpr uint32_t divu(uint32_t rd, uint32_t rs1, uint32_t rs2) { return R(1, rs2, rs1, 5, rd, 0x33); }
constexpr uint32_t rem(uint32_t rd, uint32_t rs1, uint32_t rs2) { return R(1, rs2, rs1, 6, rd, 0x33); }
constexpr uint32_t remu(uint32_t rd, uint32_t rs1, uint32_t rs2) { return R(1, rs2, rs1, 7, rd, 0x33); }
constexpr uint32_t mulw(uint32_t rd, uint32_t rs1, uint32_t rs2) { return R(1, rs2, rs1, 0, rd, 0x3b); }
constexpr uint32_t divw(uint32_t rd, uint32_t rs1, uint32_t rs2) { return R(1, rs2, rs1, 4, rd, 0x3b); }
constexpr uint32_t divuw(uint32_t rd, uint32_t rs1, uint32_t rs2) { return R(1, rs2, rs1, 5, rd, 0x3b); }
constexpr uint32_t remw(uint32_t rd, uint32_t rs1, uint32_t rs2) { return R(1, rs2, rs1, 6, rd, 0x3b); }
constexpr uint32_t remuw(uint32_t rd, uint32_t rs1, uint32_t rs2) { return R(1, rs2, rs1, 7, rd, 0x3b); }
// RV64A (aq = rl = 0)
constexpr uint32_t amo(uint32_t f5, uint32_t f3, uint32_t rd, uint32_t rs2, uint32_t rs1) {
  return R(f5 << 2, rs2, rs1, f3, rd, 0x2f);
}
constexpr uint32_t lr_w(uint32_t rd, uint32_t rs1) { return amo(0x02, 2, rd, 0, rs1); }
constexpr uint32_t lr_d(uint32_t rd, uint32_t rs1) { return amo(0x02, 3, rd, 0, rs1); }
constexpr uint32_t sc_w(uint32_t rd, uint32_t rs2, uint32_t rs1) { return amo(0x03, 2, rd, rs2, rs1); }
constexpr uint32_t sc_d(uint32_t rd, uint32_t rs2, uint32_t rs1) { return amo(0x03, 3, rd, rs2, rs1); }
constexpr uint32_t amoswap_w(uint32_t rd, uint32_t rs2, uint32_t rs1) { return amo(0x01, 2, rd, rs2, rs1); }
constexpr uint32_t amoswap_d(uint32_t rd, uint32_t rs2, uint32_t rs1) { return amo(0x01, 3, rd, rs2, rs1); }
constexpr uint32_t amoadd_w(uint32_t rd, uint32_t rs2, uint32_t rs1) { return amo(0x00, 2, rd, rs2, rs1); }
constexpr uint32_t amoadd_d(uint32_t rd, uint32_t rs2, uint32_t rs1) { return amo(0x00, 3, rd, rs2, rs1); }
constexpr uint32_t amomax_w(uint32_t rd, uint32_t rs2, uint32_t rs1) { return amo(0x14, 2, rd, rs2, rs1); }
constexpr uint32_t amominu_d(uint32_t rd, uint32_t rs2, uint32_t rs1) { return amo(0x18, 3, rd, rs2, rs1); }
// Zicsr
constexpr uint32_t csrrw(uint32_t rd, uint32_t c, uint32_t rs1) { return I(int32_t(c), rs1, 1, rd, 0x73); }
constexpr uint32_t csrrs(uint32_t rd, uint32_t c, uint32_t rs1) { return I(int32_t(c), rs1, 2, rd, 0x73); }
constexpr uint32_t csrrc(uint32_t rd, uint32_t c, uint32_t rs1) { return I(int32_t(c), rs1, 3, rd, 0x73); }
constexpr uint32_t csrrwi(uint32_t rd, uint32_t c, uint32_t uimm) { return I(int32_t(c), uimm, 5, rd, 0x73); }
constexpr uint32_t csrrsi(uint32_t rd, uint32_t c, uint32_t uimm) { return I(int32_t(c), uimm, 6, rd, 0x73); }
constexpr uint32_t csrrci(uint32_t rd, uint32_t c, uint32_t uimm) { return I(int32_t(c), uimm, 7, rd, 0x73); }
constexpr uint32_t csrr(uint32_t rd, uint32_t c) { return csrrs(rd, c, 0); }
// privileged
constexpr uint32_t ecall() { return 0x00000073; }
constexpr uint32_t ebreak() { return 0x00100073; }
constexpr uint32_t sret() { return 0x10200073; }
constexpr uint32_t mret() { return 0x30200073; }
constexpr uint32_t wfi() { return 0x10500073; }
constexpr uint32_t sfence_vma(uint32_t rs1, uint32_t rs2) { return R(0x09, rs2, rs1, 0, 0, 0x73); }
constexpr uint32_t self_loop() { return jal(0, 0); }
}  // namespace enc

// ---------------------------------------------------------------------------------------------
// A fake bus: one 4 KiB MMIO window that stores what is written and records every access;
// everything else is a bus error.
// ---------------------------------------------------------------------------------------------
class FakeBus : public BusPort {
 public:
  static constexpr uint64_t kMmioBase = 0x10000000, kMmioSize = 0x1000;
  struct Access {
    bool write;
    uint64_t pa;
    unsigned len;
    uint64_t data;
    uint64_t cycle;
  };
  std::vector<Access> log;
  unsigned rejected = 0;
  uint64_t latency = 0;  // cycles added to every MMIO access
  uint8_t regs[kMmioSize] = {};

  bool access(bool write, uint64_t pa, uint8_t* data, unsigned len, uint64_t local_cycle,
              uint64_t& delay_cycles) override {
    if (pa < kMmioBase || pa - kMmioBase >= kMmioSize || len > kMmioSize - (pa - kMmioBase)) {
      ++rejected;
      return false;
    }
    uint8_t* reg = regs + (pa - kMmioBase);
    if (write) std::memcpy(reg, data, len);
    else std::memcpy(data, reg, len);
    uint64_t v = 0;
    std::memcpy(&v, data, std::min(len, 8u));
    log.push_back({write, pa, len, v, local_cycle});
    delay_cycles += latency;
    return true;
  }
  uint64_t mtime(uint64_t local_cycle) override { return local_cycle / 10; }
};

// ---------------------------------------------------------------------------------------------
// Sv39 page-table entries.
// ---------------------------------------------------------------------------------------------
namespace pte {  // workloads/include/uintrsim/sv39.h
constexpr uint64_t V = UINTRSIM_PTE_V, R = UINTRSIM_PTE_R, W = UINTRSIM_PTE_W, X = UINTRSIM_PTE_X,
                   U = UINTRSIM_PTE_U, G = UINTRSIM_PTE_G, A = UINTRSIM_PTE_A, D = UINTRSIM_PTE_D;
constexpr uint64_t make(uint64_t pa, uint64_t flags) { return UINTRSIM_PTE_MAKE(pa, flags); }
constexpr uint64_t table(uint64_t pa) { return UINTRSIM_PTE_POINTER(pa); }  // non-leaf pointer
}  // namespace pte

constexpr uint64_t satp_sv39(uint64_t root_pa) { return UINTRSIM_SATP_MODE_SV39 | (root_pa >> 12); }

// ---------------------------------------------------------------------------------------------
// One or more harts over one RAM, one fake bus and one reservation set.
// ---------------------------------------------------------------------------------------------
class System {
 public:
  static constexpr uint64_t kRamBase = 0x80000000, kRamSize = 1ull << 20;
  static constexpr uint64_t kCode = kRamBase;                  // tests' code
  static constexpr uint64_t kMtvec = kRamBase + 0x1000;        // 16 self-loops
  static constexpr uint64_t kStvec = kRamBase + 0x2000;        // 16 self-loops
  static constexpr uint64_t kData = kRamBase + 0x10000;        // scratch data
  static constexpr uint64_t kPageTables = kRamBase + 0x80000;  // room for 16 tables
  static constexpr uint64_t kTrampoline = kRamBase + 0xff000;  // a single mret

  std::vector<uint8_t> ram;
  FakeBus bus;
  ReservationSet resv;
  std::vector<std::unique_ptr<Hart>> harts;

  explicit System(HartParams p = {}, unsigned n = 1) : ram(kRamSize, 0), resv(n) {
    for (unsigned i = 0; i < n; ++i) {
      HartParams hp = p;
      hp.hartid = i;
      harts.push_back(std::make_unique<Hart>(
          hp, &bus, std::vector<DmiRegion>{{kRamBase, kRamSize, ram.data()}}, &resv));
    }
    write32(kTrampoline, enc::mret());
    for (unsigned i = 0; i < 16; ++i) {
      write32(kMtvec + 4 * i, enc::self_loop());
      write32(kStvec + 4 * i, enc::self_loop());
    }
    for (auto& h : harts) {
      poke(*h, csr::mtvec, kMtvec);
      poke(*h, csr::stvec, kStvec);
    }
  }

  Hart& hart(unsigned i = 0) { return *harts.at(i); }

  // --- RAM by physical address ---
  uint8_t* host(uint64_t pa, uint64_t len = 1) {
    REQUIRE(pa >= kRamBase);
    REQUIRE(pa - kRamBase + len <= kRamSize);
    return ram.data() + (pa - kRamBase);
  }
  template <typename T> void write(uint64_t pa, T v) { std::memcpy(host(pa, sizeof(T)), &v, sizeof(T)); }
  template <typename T> T read(uint64_t pa) {
    T v;
    std::memcpy(&v, host(pa, sizeof(T)), sizeof(T));
    return v;
  }
  void write16(uint64_t pa, uint16_t v) { write<uint16_t>(pa, v); }
  void write32(uint64_t pa, uint32_t v) { write<uint32_t>(pa, v); }
  void write64(uint64_t pa, uint64_t v) { write<uint64_t>(pa, v); }
  uint32_t read32(uint64_t pa) { return read<uint32_t>(pa); }
  uint64_t read64(uint64_t pa) { return read<uint64_t>(pa); }

  // Writes 32-bit instructions from `pa` on and makes every hart forget decoded code.
  // Returns the address after the last instruction.
  uint64_t code(uint64_t pa, std::initializer_list<uint32_t> insns) {
    for (uint32_t w : insns) {
      write32(pa, w);
      pa += 4;
    }
    for (auto& h : harts) h->do_fence_i();
    return pa;
  }
  // The same for 16-bit parcels (compressed instructions, or halves of 32-bit ones).
  uint64_t code16(uint64_t pa, std::initializer_list<uint16_t> parcels) {
    for (uint16_t w : parcels) {
      write16(pa, w);
      pa += 2;
    }
    for (auto& h : harts) h->do_fence_i();
    return pa;
  }

  // --- CSRs ---
  // Writes a CSR with M privilege; the hart must be in M-mode (see the header comment).
  static void poke(Hart& h, uint16_t addr, uint64_t v) {
    REQUIRE(h.privilege() == Priv::M);
    REQUIRE(h.csr_write(addr, v));
  }
  // Reads a CSR with M privilege, whatever mode the hart is in (reads have no side effects).
  static uint64_t peek(Hart& h, uint16_t addr) {
    uint64_t v = 0;
    REQUIRE(h.machine_csr_read(addr, v));
    return v;
  }
  static void set_bits(Hart& h, uint16_t addr, uint64_t bits) { poke(h, addr, peek(h, addr) | bits); }
  static void clear_bits(Hart& h, uint16_t addr, uint64_t bits) { poke(h, addr, peek(h, addr) & ~bits); }

  // PMP entry 0: NAPOT over all of memory, RWX (S/U-mode code can then run anywhere).
  static void pmp_allow_all(Hart& h) {
    poke(h, csr::pmpaddr0, (1ull << 54) - 1);
    poke(h, csr::pmpcfg0, 0x1f);  // A = NAPOT, X W R
  }

  // --- execution ---
  // Executes exactly one instruction (an interrupt pending and enabled at the boundary before
  // or after it is taken too).
  static Hart::StopReason step(Hart& h, unsigned n = 1) {
    Hart::StopReason r = Hart::StopReason::kLimit;
    for (unsigned i = 0; i < n; ++i) r = h.run(h.cycle() + 1);
    return r;
  }
  // Takes an interrupt that is pending and enabled, without executing an instruction.
  static Hart::StopReason take_pending(Hart& h) { return h.run(h.cycle()); }
  // Steps until pc == target (at most max_steps instructions). Returns whether it got there.
  static bool run_until(Hart& h, uint64_t target, unsigned max_steps = 10000) {
    for (unsigned i = 0; i < max_steps && h.pc != target; ++i) step(h);
    return h.pc == target;
  }
  // Switches the hart (which must be in M-mode) to privilege `p` at `target` by executing an
  // mret, as a kernel would. mstatus.MPIE is preserved and becomes MIE.
  void enter(Hart& h, Priv p, uint64_t target) {
    poke(h, csr::mepc, target);
    poke(h, csr::mstatus, (peek(h, csr::mstatus) & ~ms::MPP) | (uint64_t(p) << ms::MPP_SHIFT));
    h.pc = kTrampoline;
    step(h);
  }
};

// Runs `f`, a call of a hart service that reports a raised exception by returning false
// (Hart::load/store); returns the exception it raised, if any.
template <typename F>
std::optional<Trap> trap_of(const Hart& h, F&& f) {
  if (f()) return std::nullopt;
  return h.raised();
}

constexpr uint64_t kIntr = rv::kInterruptBit;

}  // namespace uintrsim::test
