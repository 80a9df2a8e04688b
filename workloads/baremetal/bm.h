// Minimal bare-metal runtime for guest programs that run in M-mode without a kernel:
// console output, exit, region-of-interest markers, counters. Devices follow the uintrsim
// platform defaults (sim-control at 0x10010000, CLINT at 0x2000000).
#pragma once
#include <stdint.h>

#define BM_SIMCTRL_BASE 0x10010000ul
#define BM_CLINT_BASE 0x2000000ul

enum {
  BM_ROI_BEGIN = 0x00, BM_ROI_END = 0x08, BM_ROUNDS = 0x10, BM_SNAPSHOT = 0x18,
  BM_EXIT = 0x20, BM_PUTCHAR = 0x28, BM_HARTS = 0x30, BM_UINTC_BASE = 0x38,
};

// With BM_HTIF_ONLY the program uses nothing but HTIF (console and exit), so it also runs on
// simulators without uintrsim's sim-control device (Spike, for speed comparisons); ROI and
// round markers are then no-ops.
#ifdef BM_HTIF_ONLY
static inline void bm_simctrl(unsigned reg, uint64_t v) { (void)reg; (void)v; }
#else
static inline void bm_simctrl(unsigned reg, uint64_t v) {
  *(volatile uint64_t*)(BM_SIMCTRL_BASE + reg) = v;
}
#endif
static inline uint64_t bm_harts(void) { return *(volatile uint64_t*)(BM_SIMCTRL_BASE + BM_HARTS); }
static inline uint64_t bm_uintc_base(void) { return *(volatile uint64_t*)(BM_SIMCTRL_BASE + BM_UINTC_BASE); }
static inline uint64_t bm_rdcycle(void) { uint64_t v; __asm__ volatile("rdcycle %0" : "=r"(v)); return v; }
static inline uint64_t bm_rdtime(void) { uint64_t v; __asm__ volatile("rdtime %0" : "=r"(v)); return v; }
static inline uint64_t bm_rdinstret(void) { uint64_t v; __asm__ volatile("rdinstret %0" : "=r"(v)); return v; }
static inline uint64_t bm_hartid(void) { uint64_t v; __asm__ volatile("csrr %0, mhartid" : "=r"(v)); return v; }

void bm_putchar(char c);
void bm_puts(const char* s);
void bm_printf(const char* fmt, ...);
void bm_exit(int code) __attribute__((noreturn));
