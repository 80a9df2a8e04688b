/*
 * Workload arguments by name, the guest side of the sim-control protocol in devices.h
 * (docs/guests.md). The runtimes wrap these for their programs:
 *   seL4 root tasks: uintrsim_arg_int / uintrsim_arg_str in <sel4/runtime.h>
 *                    (after sel4_simctrl_init);
 *   bare-metal:      uintrsim_arg_int / uintrsim_arg_str in bm.h.
 * `simctrl` is the device's base as the program reaches it (a virtual address under the
 * kernel model, the physical base on bare metal). Arguments come from [workload.args] in the
 * configuration (or --set workload.args.NAME=..., or a sweep); the workload settings mode,
 * concurrency, epochs, seed and the async runtime's costs (async_overhead_cycles,
 * async_reply_cycles, async_resume_cycles and their *_jitter_cycles) are read by those names. The simulator records every lookup; an argument that is set but never read
 * fails the run, and a lookup with the wrong type ends it.
 */
#ifndef UINTRSIM_ARGS_H
#define UINTRSIM_ARGS_H

#include <stddef.h>
#include <stdint.h>

#include "devices.h"

#define UINTRSIM_SIMCTRL_REG(base, off) ((volatile uint64_t*)(base))[(off) / UINTRSIM_SIMCTRL_REG_BYTES]

/* Sends the name and the default, looks it up; returns the status (UINTRSIM_ARG_*). */
static inline uint64_t uintrsim_arg_lookup_at(volatile uint64_t* simctrl, const char* name, uint64_t type,
                                              int64_t def) {
  for (size_t i = 0;; i += 8) {
    uint64_t chunk = 0;
    int end = 0;
    for (unsigned b = 0; b < 8; ++b) {
      const char c = end ? 0 : name[i + b];
      if (!c) end = 1;
      chunk |= (uint64_t)(uint8_t)c << (8 * b);
    }
    UINTRSIM_SIMCTRL_REG(simctrl, UINTRSIM_SIMCTRL_ARG_NAME) = chunk;
    if (end) break;
  }
  UINTRSIM_SIMCTRL_REG(simctrl, UINTRSIM_SIMCTRL_ARG_DEFAULT) = (uint64_t)def;
  UINTRSIM_SIMCTRL_REG(simctrl, UINTRSIM_SIMCTRL_ARG_LOOKUP) = type;
  return UINTRSIM_SIMCTRL_REG(simctrl, UINTRSIM_SIMCTRL_ARG_STATUS);
}

/* The integer argument `name`, or `def` when it is not set. */
static inline int64_t uintrsim_arg_int_at(volatile uint64_t* simctrl, const char* name, int64_t def) {
  if (!simctrl) return def;
  const uint64_t st = uintrsim_arg_lookup_at(simctrl, name, UINTRSIM_ARG_TYPE_INT, def);
  return st == UINTRSIM_ARG_SET ? (int64_t)UINTRSIM_SIMCTRL_REG(simctrl, UINTRSIM_SIMCTRL_ARG_VALUE) : def;
}

/* Copies the string argument `name` (or `def` when it is not set) into buf, NUL-terminated and
   truncated to cap - 1 bytes; returns the argument's full length. */
static inline size_t uintrsim_arg_str_at(volatile uint64_t* simctrl, const char* name, char* buf, size_t cap,
                                         const char* def) {
  size_t len = 0;
  const uint64_t st = simctrl ? uintrsim_arg_lookup_at(simctrl, name, UINTRSIM_ARG_TYPE_STRING, 0) : UINTRSIM_ARG_UNSET;
  if (st == UINTRSIM_ARG_SET) {
    len = (size_t)UINTRSIM_SIMCTRL_REG(simctrl, UINTRSIM_SIMCTRL_ARG_VALUE);
    for (size_t i = 0; i < len; i += 8) {
      const uint64_t chunk = UINTRSIM_SIMCTRL_REG(simctrl, UINTRSIM_SIMCTRL_ARG_STRING);
      for (unsigned b = 0; b < 8 && i + b < len; ++b)
        if (i + b + 1 < cap) buf[i + b] = (char)(chunk >> (8 * b));
    }
  } else {
    while (def && def[len]) {
      if (len + 1 < cap) buf[len] = def[len];
      ++len;
    }
  }
  if (cap) buf[len < cap ? len : cap - 1] = 0;
  return len;
}

#endif
