// Expansion of an experiment's [sweep] table into configuration points.
//
//   [sweep]
//   "workload.concurrency" = [2, 4, 8]     # product axes (quoted dotted keys, or nested tables)
//   [[sweep.zip]]                          # zipped axes: lists of equal length advance together
//   "workload.mode" = ["sync", "async", "async"]
//   "platform.harts" = [1, 1, 2]
//
// Points are the cartesian product of the product axes and the zip groups, the first axis
// (keys in sorted order, then zip groups in file order) outermost. Every key must be a
// declared parameter and every value valid for it; errors name the file, line and column.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/config/config.h"

namespace uintrsim {

struct SweepPoint {
  std::vector<std::pair<std::string, std::string>> sets;  // key, value as --set accepts it
};

// The most points one sweep may have (each is a process run; more is almost surely a mistake,
// and expanding them would take the memory first).
constexpr uint64_t kMaxSweepPoints = 100000;

std::vector<SweepPoint> expand_sweep(const Config& cfg, const ParamRegistry& reg);

}  // namespace uintrsim
