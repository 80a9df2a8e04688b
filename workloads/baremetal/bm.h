// Minimal bare-metal runtime for guest programs that run in M-mode without a kernel:
// console output, exit, region-of-interest markers, counters. Devices follow the uintrsim
// platform defaults (sim-control at 0x10010000, CLINT at 0x2000000); register maps in
// <uintrsim/devices.h>.
#pragma once
#include <stdint.h>

#include <uintrsim/args.h>
#include <uintrsim/devices.h>

#define BM_SIMCTRL_BASE UINTRSIM_DEFAULT_SIMCTRL_BASE
#define BM_CLINT_BASE UINTRSIM_DEFAULT_CLINT_BASE

enum {
  BM_ROI_BEGIN = UINTRSIM_SIMCTRL_ROI_BEGIN, BM_ROI_END = UINTRSIM_SIMCTRL_ROI_END,
  BM_ROUNDS = UINTRSIM_SIMCTRL_ROUNDS, BM_SNAPSHOT = UINTRSIM_SIMCTRL_SNAPSHOT,
  BM_EXIT = UINTRSIM_SIMCTRL_EXIT, BM_PUTCHAR = UINTRSIM_SIMCTRL_PUTCHAR,
  BM_HARTS = UINTRSIM_SIMCTRL_HARTS, BM_UINTC_BASE = UINTRSIM_SIMCTRL_UINTC_BASE,
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
/* Workload arguments by name (uintrsim/args.h, docs/guests.md; bm.c). With BM_HTIF_ONLY, the
   defaults. (The same declarations as the seL4 runtime's, so a root task may include this.) */
int64_t uintrsim_arg_int(const char* name, int64_t def);
size_t uintrsim_arg_str(const char* name, char* buf, size_t cap, const char* def);
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
