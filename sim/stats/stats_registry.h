// Hierarchical statistics (gem5 style): every statistic has a dotted name, a unit and a
// description. Modules keep plain counters and register readers here; the registry dumps
// them deterministically ordered, takes named snapshots (region-of-interest markers) and
// reports the difference between two snapshots.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

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
  std::vector<std::pair<std::string, std::map<std::string, Value>>> snapshots_;
  uint64_t snapshot_limit_ = ~uint64_t(0), snapshots_dropped_ = 0;
};

}  // namespace uintrsim
