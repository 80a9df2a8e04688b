// Parameters of the posted user-interrupt architecture (uintr.arch = posted, docs/uintr-posted.md):
// the choices the x86 design leaves open and every cost of the send, notification and delivery
// paths, each with its default's source in posted_params.cpp.
#pragma once
#include <cstdint>

#include "workloads/include/uintrsim/devices.h"

namespace uintrsim {

class ParamRegistry;
class Config;

struct PostedParams {
  bool enabled = false;       // uintr.arch = posted
  bool tracked = false;       // uintr.delivery = tracked (xUI): no pipeline flush on delivery
  bool custom_fault = false;  // uintr.posted.fault = custom: cause 24, tval = index (else illegal insn)
  bool uiret_sets_uif = false;  // uintr.posted.uiret = set: uret sets UIE (else UIE <- UPIE)
  uint64_t notify_base = UINTRSIM_DEFAULT_UNOTIFY_BASE;
  // costs, in core cycles
  unsigned send_cycles = 2;
  unsigned upid_rmw_cycles = 3;
  unsigned remote_line_cycles = 24;
  unsigned notify_store_cycles = 0;
  unsigned notify_latency_cycles = 3;
  unsigned notify_processing_cycles = 3;
  unsigned flush_cycles = 5;
  unsigned tracked_cycles = 1;
  unsigned deliver_cycles = 0;
  unsigned uiret_cycles = 0;

  // The receiver's delivery cost under the configured strategy.
  unsigned delivery_cycles() const { return (tracked ? tracked_cycles : flush_cycles) + deliver_cycles; }

  static void declare(ParamRegistry& reg);
  // Also rejects settings that would have no effect under the selected architecture.
  static PostedParams from_config(const Config& cfg);
};

}  // namespace uintrsim
