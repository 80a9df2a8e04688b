// Hierarchical statistics (gem5 style): every statistic has a dotted name, a unit and a
// description. Modules keep plain counters and register readers here; the registry dumps
// them deterministically ordered, takes named snapshots (region-of-interest markers) and
// reports the difference between two snapshots.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/stats/distribution.h"

namespace uintrsim {

class StatsRegistry {
 public:
  using Value = std::variant<uint64_t, double>;

  void add_counter(std::string name, std::string unit, std::string description,
                   std::function<uint64_t()> read);
  void add_formula(std::string name, std::string unit, std::string description,
                   std::function<double()> read);

  std::map<std::string, Value> read_all() const;
  // {"name": {"value": v, "unit": u, "description": d}, ...} sorted by name.
  nlohmann::json dump() const;
  // The change of every counter between two readings (formulas are re-evaluated as the
  // ratio of differences where they are registered with `ratio_of`).
  nlohmann::json delta(const std::map<std::string, Value>& from,
                       const std::map<std::string, Value>& to) const;

  // A distribution (batch sizes, latencies); the registry owns it. Record samples with
  // sample(), which also counts them in the ROI while set_in_roi(true).
  Distribution& add_distribution(std::string name, std::string unit, std::string description);
  void sample(Distribution& d, uint64_t value) const { d.sample(value, in_roi_); }
  void set_in_roi(bool in) { in_roi_ = in; }
  // {"name": {...Distribution::json}, ...} for the whole run or the ROI.
  nlohmann::json distributions(bool roi) const;

  // Keeps a reading of every statistic under `label`, unless `snapshot_limit` are kept
  // already: then it is counted in snapshots_dropped() instead (default: no limit).
  void snapshot(const std::string& label) {
    if (snapshots_.size() >= snapshot_limit_) {
      ++snapshots_dropped_;
      return;
    }
    snapshots_.push_back({label, read_all()});
  }
  void set_snapshot_limit(uint64_t n) { snapshot_limit_ = n; }
  uint64_t snapshots_dropped() const { return snapshots_dropped_; }
  const std::vector<std::pair<std::string, std::map<std::string, Value>>>& snapshots() const {
    return snapshots_;
  }

 private:
  struct Entry {
    std::string unit, description;
    std::function<uint64_t()> counter;
    std::function<double()> formula;
  };
  std::map<std::string, Entry> entries_;
  std::map<std::string, std::unique_ptr<Distribution>> distributions_;
  bool in_roi_ = false;
  std::vector<std::pair<std::string, std::map<std::string, Value>>> snapshots_;
  uint64_t snapshot_limit_ = ~uint64_t(0), snapshots_dropped_ = 0;
};

}  // namespace uintrsim
