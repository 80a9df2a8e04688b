// The parameter registry the fuzz targets load configurations against: every parameter the
// command line declares (platform, hart, timing, user interrupts, workload, kernel), built once.
#pragma once
#include "kernel_model/kernel_params.h"
#include "sim/config/config.h"
#include "sim/platform/platform.h"

namespace uintrsim::fuzz {

inline const ParamRegistry& registry() {
  static const ParamRegistry reg = [] {
    ParamRegistry r;
    declare_platform_params(r);
    KernelParams::declare(r);
    return r;
  }();
  return reg;
}

}  // namespace uintrsim::fuzz
