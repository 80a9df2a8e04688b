// Bare-metal access to the posted user-interrupt architecture (uintr.arch = posted,
// docs/uintr-posted.md): its CSRs, senduipi, the UITTE/UPID layouts and the M-mode set-up that
// stands in for a kernel. Register numbers and bit layouts: <uintrsim/devices.h>.
#pragma once
#include <stdint.h>

#include "uintr_hw.h"

#define CSR_SUITT 0x1B3
#define CSR_SUIPD 0x1B4
#define CSR_SUINV 0x1B5
#define CSR_SUIRR 0x1B6

// senduipi rs1: custom-3, funct3 110, funct7 5.
static inline void senduipi(uint64_t index) {
  __asm__ volatile(".insn r 0b1111011, 0b110, 0b0000101, x0, %0, x0" ::"r"(index) : "memory");
}
// STUI / CLUI: UIF is ustatus.UIE. The memory clobber keeps the compiler from moving loads
// and stores across them (a user interrupt may be delivered right after STUI).
static inline void stui(void) { __asm__ volatile("csrsi " STR(CSR_USTATUS) ", 1" ::: "memory"); }
static inline void clui(void) { __asm__ volatile("csrci " STR(CSR_USTATUS) ", 1" ::: "memory"); }

// A UPID (64-byte aligned: the UITTE's UPIDADDR must have bits 5:0 clear).
struct upid {
  volatile uint64_t word0;  // ON b0, SN b1, NV b23:16, NDST b63:32
  volatile uint64_t pir;
} __attribute__((aligned(64)));

struct uitte {
  uint64_t word0;  // V b0, UV b15:8
  uint64_t upidaddr;
};

static inline void uitte_set(struct uitte* e, unsigned uv, struct upid* u) {
  e->word0 = UINTRSIM_UITTE_WORD0((uint64_t)uv);
  e->upidaddr = (uint64_t)u;
}

// M-mode: the receiver's UPID names this hart and the notification vector `uinv`; suipd,
// suinv, utvec set; UIF (ustatus.UIE) on. PMP opened for U-mode.
static inline void posted_setup_receiver(struct upid* u, unsigned hartid, unsigned uinv, void (*utvec)(void)) {
  csr_write(pmpaddr0, ~0ull >> 10);
  csr_write(pmpcfg0, 0x1f);
  u->pir = 0;
  u->word0 = UINTRSIM_UPID_WORD0((uint64_t)uinv, (uint64_t)hartid);
  csr_write(CSR_SUIPD, (uint64_t)u);
  csr_write(CSR_SUINV, UINTRSIM_SUINV_ENABLE | uinv);
  csr_write(CSR_UTVEC, (uint64_t)utvec);
  csr_set(CSR_USTATUS, 1);
}

// M-mode: suitt = the page-aligned table `t` with entries 0..uittsz.
static inline void posted_setup_sender(const struct uitte* t, unsigned uittsz) {
  csr_write(pmpaddr0, ~0ull >> 10);
  csr_write(pmpcfg0, 0x1f);
  csr_write(CSR_SUITT, UINTRSIM_SUITT((uint64_t)t, (uint64_t)uittsz));
}

// The vector of the user interrupt being handled (ucause = interrupt | 16 + vector).
static inline unsigned posted_vector(void) {
  return (unsigned)(csr_read(CSR_UCAUSE) & 0xff) - UINTRSIM_POSTED_CAUSE_BASE;
}
