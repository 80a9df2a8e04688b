#include "sim/stats/stats_registry.h"

#include <stdexcept>

namespace uintrsim {

void StatsRegistry::add_counter(std::string name, std::string unit, std::string description,
                                std::function<uint64_t()> read) {
  if (entries_.count(name)) throw std::logic_error("duplicate statistic " + name);
  entries_[std::move(name)] = Entry{std::move(unit), std::move(description), std::move(read), {}};
}

void StatsRegistry::add_formula(std::string name, std::string unit, std::string description,
                                std::function<double()> read) {
  if (entries_.count(name)) throw std::logic_error("duplicate statistic " + name);
  entries_[std::move(name)] = Entry{std::move(unit), std::move(description), {}, std::move(read)};
}

std::map<std::string, StatsRegistry::Value> StatsRegistry::read_all() const {
  std::map<std::string, Value> out;
  for (const auto& [name, e] : entries_)
    out[name] = e.counter ? Value(e.counter()) : Value(e.formula());
  return out;
}

namespace {
nlohmann::json to_json(const StatsRegistry::Value& v) {
  return std::holds_alternative<uint64_t>(v) ? nlohmann::json(std::get<uint64_t>(v))
                                             : nlohmann::json(std::get<double>(v));
}
}  // namespace

nlohmann::json StatsRegistry::dump() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, v] : read_all()) {
    const Entry& e = entries_.at(name);
    out[name] = {{"value", to_json(v)}, {"unit", e.unit}, {"description", e.description}};
  }
  return out;
}

nlohmann::json StatsRegistry::delta(const std::map<std::string, Value>& from,
                                    const std::map<std::string, Value>& to) const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, v] : to) {
    const Entry& e = entries_.at(name);
    if (!e.counter) continue;  // formulas are not additive
    const auto it = from.find(name);
    const uint64_t a = it == from.end() ? 0 : std::get<uint64_t>(it->second);
    out[name] = {{"value", std::get<uint64_t>(v) - a}, {"unit", e.unit}, {"description", e.description}};
  }
  return out;
}

Distribution& StatsRegistry::add_distribution(std::string name, std::string unit, std::string description) {
  if (entries_.count(name) || distributions_.count(name)) throw std::logic_error("duplicate statistic " + name);
  auto& d = distributions_[std::move(name)];
  d = std::make_unique<Distribution>(std::move(unit), std::move(description));
  return *d;
}

nlohmann::json StatsRegistry::distributions(bool roi) const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, d] : distributions_) out[name] = d->json(roi);
  return out;
}

}  // namespace uintrsim
