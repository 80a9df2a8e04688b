// ParamRegistry: the declared parameters, checked as they are declared.
#include <algorithm>
#include <cctype>
#include <cmath>

#include "sim/config/config_internal.h"

namespace uintrsim {

using namespace config_detail;

void ParamRegistry::add(ParamSpec spec) {
  const std::string& key = spec.key;
  auto bad = [&](const std::string& msg) { throw std::logic_error("parameter '" + key + "': " + msg); };

  // Keys are written without quotes in dumps, so each component must be a TOML bare key.
  if (key.empty()) bad("empty key");
  size_t start = 0;
  for (;;) {
    size_t dot = key.find('.', start);
    std::string_view comp = std::string_view(key).substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (comp.empty() || !std::all_of(comp.begin(), comp.end(), is_bare_key_char))
      bad("key components must be non-empty and use only A-Z a-z 0-9 _ -");
    if (start == 0 && (comp == kInclude || comp == kSweep))
      bad("'" + std::string(comp) + "' is reserved in config files");
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (specs_.count(key)) bad("declared twice");
  // A name cannot be both a value and a table in TOML.
  if (is_table(key)) bad("is already a table of other parameters");
  for (size_t dot = key.find('.'); dot != std::string::npos; dot = key.find('.', dot + 1))
    if (specs_.count(key.substr(0, dot))) bad("'" + key.substr(0, dot) + "' is already a parameter");

  if (spec.description.find_first_of("\r\n") != std::string::npos ||
      spec.unit.find_first_of("\r\n") != std::string::npos)
    bad("unit and description must be one line (they become TOML comments)");
  if (spec.type != ParamType::Enum && !spec.choices.empty()) bad("choices given for a non-Enum");
  if ((spec.type != ParamType::Int && spec.type != ParamType::Float) && (spec.min || spec.max))
    bad("range given for a non-numeric parameter");
  if (spec.min && spec.max && *spec.min > *spec.max) bad("min > max");

  // Let a Float be declared with an integer default (ParamValue{1} is an int64_t).
  if (spec.type == ParamType::Float)
    if (auto i = std::get_if<int64_t>(&spec.default_value)) spec.default_value = static_cast<double>(*i);

  const ParamValue& d = spec.default_value;
  switch (spec.type) {
    case ParamType::Bool:
      if (!std::holds_alternative<bool>(d)) bad("default is not a bool");
      break;
    case ParamType::Int: {
      if (!std::holds_alternative<int64_t>(d)) bad("default is not an int64_t");
      for (const auto& b : {spec.min, spec.max})
        if (b && !(std::trunc(*b) == *b && *b >= -9223372036854775808.0 && *b < 9223372036854775808.0))
          bad("Int bounds must be integers in int64 range");
      if (!int_range_violation(spec, std::get<int64_t>(d)).empty()) bad("default is out of range");
      break;
    }
    case ParamType::Float:
      if (!std::holds_alternative<double>(d)) bad("default is not a double");
      if (!std::isfinite(std::get<double>(d))) bad("default is not finite");
      if (!float_range_violation(spec, std::get<double>(d)).empty()) bad("default is out of range");
      break;
    case ParamType::String:
      if (!std::holds_alternative<std::string>(d)) bad("default is not a std::string");
      break;
    case ParamType::Enum:
      if (!std::holds_alternative<std::string>(d)) bad("default is not a std::string");
      if (spec.choices.empty()) bad("Enum without choices");
      if (!in_choices(spec, std::get<std::string>(d))) bad("default is not one of the choices");
      break;
  }
  std::string k = spec.key;
  specs_.emplace(std::move(k), std::move(spec));
}

void ParamRegistry::add_bool(std::string key, bool def, std::string description, std::string source) {
  add({std::move(key), ParamType::Bool, def, "", std::move(description), std::move(source), {}, {}, {}});
}

void ParamRegistry::add_int(std::string key, int64_t def, std::string unit, std::string description,
                            std::string source, std::optional<int64_t> min, std::optional<int64_t> max) {
  std::optional<double> lo, hi;
  if (min) lo = static_cast<double>(*min);
  if (max) hi = static_cast<double>(*max);
  add({std::move(key), ParamType::Int, def, std::move(unit), std::move(description), std::move(source), lo, hi, {}});
}

void ParamRegistry::add_float(std::string key, double def, std::string unit, std::string description,
                              std::string source, std::optional<double> min, std::optional<double> max) {
  add({std::move(key), ParamType::Float, def, std::move(unit), std::move(description), std::move(source), min, max, {}});
}

void ParamRegistry::add_string(std::string key, std::string def, std::string description, std::string source) {
  add({std::move(key), ParamType::String, std::move(def), "", std::move(description), std::move(source), {}, {}, {}});
}

void ParamRegistry::add_enum(std::string key, std::string def, std::vector<std::string> choices,
                             std::string description, std::string source) {
  add({std::move(key), ParamType::Enum, std::move(def), "", std::move(description), std::move(source), {}, {},
       std::move(choices)});
}

const ParamSpec* ParamRegistry::find(std::string_view key) const {
  auto it = specs_.find(key);
  return it == specs_.end() ? nullptr : &it->second;
}

std::vector<const ParamSpec*> ParamRegistry::all() const {
  std::vector<const ParamSpec*> out;
  out.reserve(specs_.size());
  for (const auto& [k, s] : specs_) out.push_back(&s);
  return out;
}

bool ParamRegistry::is_table(std::string_view name) const {
  std::string prefix = std::string(name) + ".";
  auto it = specs_.lower_bound(prefix);
  if (it != specs_.end() && it->first.compare(0, prefix.size(), prefix) == 0) return true;
  for (const auto& [open, description] : open_)
    if (open.compare(0, prefix.size(), prefix) == 0) return true;  // a table holding an open table
  return false;
}

void ParamRegistry::add_open_table(std::string prefix, std::string description) {
  if (find(prefix) || is_table(prefix) || open_.count(prefix)) throw std::logic_error("config: open table '" + prefix + "' clashes with a parameter");
  open_[std::move(prefix)] = std::move(description);
}

std::string ParamRegistry::open_table_of(std::string_view key) const {
  const size_t dot = key.rfind('.');
  if (dot == std::string_view::npos || dot + 1 == key.size()) return "";
  const std::string_view prefix = key.substr(0, dot), name = key.substr(dot + 1);
  if (!open_.count(prefix)) return "";
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return "";
  return std::string(prefix);
}

}  // namespace uintrsim
