// Shared helpers of the workload library (docs/workloads.md): cycle counters, workload
// arguments read by name and validated (an out-of-range value fails the run with a message
// naming the argument, it is never clamped), and the library's exit codes.
#pragma once
#include <sel4/runtime.h>
#include <uintrsim/devices.h>

// Exit codes of every library workload (the simulator's exit status is the guest's).
enum {
  WL_EXIT_OK = 0,        // ran, and every check of its own results held
  WL_EXIT_SETUP = 1,     // a set-up step failed (objects, mappings, registration)
  WL_EXIT_BAD_ARG = 2,   // an argument is out of range or not one of its choices
  WL_EXIT_WRONG = 3,     // it ran, but its results are wrong (a check failed)
};

static inline seL4_Word wl_rdcycle(void) { seL4_Word v; __asm__ volatile("rdcycle %0" : "=r"(v)); return v; }
static inline seL4_Word wl_rdtime(void) { seL4_Word v; __asm__ volatile("rdtime %0" : "=r"(v)); return v; }

static const char* wl_name = "workload";
static int wl_bad_args;

// Maps the sim-control device (ROI markers, arguments); returns 0 on the simulator.
static inline int wl_begin(const char* name, seL4_BootInfo* bi) {
  wl_name = name;
  return sel4_simctrl_init(bi);
}

// An integer argument in [lo, hi]; anything else is reported and fails the run (wl_args_ok).
static inline int64_t wl_arg_int(const char* arg, int64_t def, int64_t lo, int64_t hi) {
  const int64_t v = uintrsim_arg_int(arg, def);
  if (v < lo || v > hi) {
    printf("%s: bad argument: %s = %ld (expected %ld .. %ld)\n", wl_name, arg, (long)v, (long)lo, (long)hi);
    ++wl_bad_args;
  }
  return v;
}

// A string argument that must be one of `choices` (NULL-terminated); returns its index.
static inline int wl_arg_choice(const char* arg, const char* def, const char* const* choices) {
  char v[32];
  const size_t n = uintrsim_arg_str(arg, v, sizeof v, def);
  for (int i = 0; choices[i]; ++i)
    if (n < sizeof v && !strcmp(v, choices[i])) return i;
  printf("%s: bad argument: %s = \"%s\" (expected one of:", wl_name, arg, v);
  for (int i = 0; choices[i]; ++i) printf(" %s", choices[i]);
  printf(")\n");
  ++wl_bad_args;
  return 0;
}

// 1 when every argument read so far was valid; otherwise prints the verdict line.
static inline int wl_args_ok(void) {
  if (wl_bad_args) printf("%s: FAIL (%d bad argument%s)\n", wl_name, wl_bad_args, wl_bad_args > 1 ? "s" : "");
  return !wl_bad_args;
}

// The mean of `sum` over `n` without dividing by zero.
static inline seL4_Word wl_mean(seL4_Word sum, seL4_Word n) { return n ? sum / n : 0; }
