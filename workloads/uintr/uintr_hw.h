// Bare-metal access to the user-interrupt hardware (docs/hardware-uintr.md): CSRs, the uipi.*
// instructions (custom-3, funct3 110) and the UINTC registers, plus the M-mode set-up the
// micro-benchmarks use in place of a kernel.
#pragma once
#include <stdint.h>

#include "../baremetal/bm.h"

#define CSR_USTATUS 0x000
#define CSR_UIE 0x004
#define CSR_UTVEC 0x005
#define CSR_USCRATCH 0x040
#define CSR_UEPC 0x041
#define CSR_UCAUSE 0x042
#define CSR_UIP 0x044
#define CSR_SIDELEG 0x103
#define CSR_SUIST 0x1B0
#define CSR_SUIRS 0x1B1

#define STR_(x) #x
#define STR(x) STR_(x)
#define csr_read(csr) ({ uint64_t v_; __asm__ volatile("csrr %0, " STR(csr) : "=r"(v_)); v_; })
#define csr_write(csr, v) __asm__ volatile("csrw " STR(csr) ", %0" ::"r"((uint64_t)(v)))
#define csr_set(csr, v) __asm__ volatile("csrs " STR(csr) ", %0" ::"r"((uint64_t)(v)))
#define csr_clear(csr, v) __asm__ volatile("csrc " STR(csr) ", %0" ::"r"((uint64_t)(v)))

static inline void uipi_send(uint64_t index) {
  __asm__ volatile(".insn r 0b1111011, 0b110, 0b0000000, x0, %0, x0" ::"r"(index) : "memory");
}
static inline uint64_t uipi_read(void) {
  uint64_t v;
  __asm__ volatile(".insn r 0b1111011, 0b110, 0b0000001, %0, x0, x0" : "=r"(v)::"memory");
  return v;
}
static inline void uipi_write(uint64_t bits) {
  __asm__ volatile(".insn r 0b1111011, 0b110, 0b0000010, x0, %0, x0" ::"r"(bits) : "memory");
}
static inline void uipi_activate(void) {
  __asm__ volatile(".insn r 0b1111011, 0b110, 0b0000011, x0, x0, x0" ::: "memory");
}

// UINTC entry registers (UINTRSIM_UINTC_ENTRY_BYTES per receiver index; <uintrsim/devices.h>).
static inline volatile uint64_t* uintc_reg(unsigned index, unsigned off) {
  // The platform tells its UINTC base through the sim-control device (uintc.base).
  return (volatile uint64_t*)(bm_uintc_base() + UINTRSIM_UINTC_ENTRY((uint64_t)index) + off);
}

// Sender-table entry: Valid b0, vector b31:16, receiver (UIRS) index b63:48.
static inline uint64_t uiste(unsigned vector, unsigned receiver) {
  return UINTRSIM_UISTE((uint64_t)vector, (uint64_t)receiver);
}

// M-mode set-up, what a kernel would do: open PMP for U-mode, delegate the user software
// interrupt M->S->U, make this hart the receiver of UINTC entry `receiver` (active, 64-bit
// mode), point suist at `table` (one 4 KiB page), enable user interrupts, install `utvec`.
static inline void uintr_setup_hart(unsigned hartid, unsigned receiver, const uint64_t* table,
                                    void (*utvec)(void)) {
  csr_write(pmpaddr0, ~0ull >> 10);   // all memory
  csr_write(pmpcfg0, 0x1f);           // NAPOT, R W X
  csr_set(mideleg, 1ul << 0);         // USI: M -> S
  csr_write(CSR_SIDELEG, 1ul << 0);   // USI: S -> U
  *uintc_reg(receiver, UINTRSIM_UINTC_WRITE_LOW) = UINTRSIM_UINTC_LOW_VALUE((uint64_t)hartid, 1u, 1u);
  csr_write(CSR_SUIRS, UINTRSIM_SUIRS_ENABLE | receiver);
  csr_write(CSR_SUIST, UINTRSIM_SUIST((uint64_t)table, 1ull));
  csr_write(CSR_UTVEC, (uint64_t)utvec);
  csr_set(mie, 1ul << 0);             // USIE
  csr_set(CSR_USTATUS, 1ul << 0);     // UIE
}

// Drops to U-mode at `fn` on the current stack (mret with MPP = U).
static inline void enter_user(void (*fn)(void)) {
  csr_clear(mstatus, 3ul << 11);
  csr_write(mepc, (uint64_t)fn);
  __asm__ volatile("mret");
  __builtin_unreachable();
}
