// Config: resolved values (defaults, files, --set), their origins, dumps and the hash.
// Reading files and --set is in config_loader.cpp.
#include "sim/config/config.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "sim/config/config_internal.h"

namespace uintrsim {

using namespace config_detail;

Config::Config(const ParamRegistry& reg) : reg_(&reg) {}

std::map<std::string, Config::Entry> Config::open_values(std::string_view prefix) const {
  std::map<std::string, Entry> out;
  for (const auto& [k, e] : st_.open)
    if (reg_->open_table_of(k) == prefix) out.emplace(k, e);
  return out;
}

const ParamSpec& Config::spec_for(std::string_view key, ParamType t1, ParamType t2) const {
  const ParamSpec* s = reg_->find(key);
  if (!s) throw std::logic_error("config: undeclared parameter '" + std::string(key) + "'");
  if (s->type != t1 && s->type != t2)
    throw std::logic_error("config: parameter '" + std::string(key) + "' is " + type_name(s->type) +
                           ", read as " + type_name(t1));
  return *s;
}

const ParamValue& Config::value_of(const ParamSpec& spec) const {
  auto it = st_.values.find(spec.key);
  return it == st_.values.end() ? spec.default_value : it->second.value;
}

int64_t Config::get_int(std::string_view key) const {
  return std::get<int64_t>(value_of(spec_for(key, ParamType::Int, ParamType::Int)));
}

uint64_t Config::get_uint(std::string_view key) const {
  int64_t v = get_int(key);
  // The parameter's declared range should make this impossible; if not, the declaration is wrong.
  if (v < 0)
    throw std::logic_error("config: parameter '" + std::string(key) + "' = " + std::to_string(v) +
                           " read as unsigned; declare it with min 0");
  return static_cast<uint64_t>(v);
}

double Config::get_float(std::string_view key) const {
  return std::get<double>(value_of(spec_for(key, ParamType::Float, ParamType::Float)));
}

bool Config::get_bool(std::string_view key) const {
  return std::get<bool>(value_of(spec_for(key, ParamType::Bool, ParamType::Bool)));
}

const std::string& Config::get_string(std::string_view key) const {
  return std::get<std::string>(value_of(spec_for(key, ParamType::String, ParamType::Enum)));
}

std::string Config::origin(std::string_view key) const {
  if (!reg_->open_table_of(key).empty()) {
    auto it = st_.open.find(key);
    return it == st_.open.end() ? "default" : it->second.origin;
  }
  if (!reg_->find(key)) throw std::logic_error("config: undeclared parameter '" + std::string(key) + "'");
  auto it = st_.values.find(key);
  return it == st_.values.end() ? "default" : it->second.origin;
}

std::string Config::dump_toml() const {
  // Group by parent table; std::map keeps tables sorted and the top level ("") first, as TOML
  // requires (top-level keys cannot follow a [table] header).
  std::map<std::string, std::vector<const ParamSpec*>> groups;
  for (const ParamSpec* s : reg_->all()) {
    size_t dot = s->key.rfind('.');
    groups[dot == std::string::npos ? "" : s->key.substr(0, dot)].push_back(s);
  }
  std::ostringstream out;
  out << "# uintrsim resolved configuration (hash " << hash_hex() << ")\n";
  for (const auto& [table, specs] : groups) {
    out << "\n";
    if (!table.empty()) out << "[" << table << "]\n";
    std::vector<std::pair<std::string, std::string>> lines;
    size_t width = 0;
    for (const ParamSpec* s : specs) {
      size_t dot = s->key.rfind('.');
      std::string left = s->key.substr(dot == std::string::npos ? 0 : dot + 1) + " = " + value_text(value_of(*s));
      std::string comment = s->unit.empty() ? s->description
                                            : s->unit + (s->description.empty() ? "" : "; " + s->description);
      width = std::max(width, left.size());
      lines.emplace_back(std::move(left), std::move(comment));
    }
    for (const auto& [left, comment] : lines) {
      out << left;
      if (!comment.empty()) out << std::string(width - left.size(), ' ') << "  # " << comment;
      out << "\n";
    }
  }
  for (const auto& [prefix, description] : reg_->open_tables()) {
    const auto vals = open_values(prefix);
    if (vals.empty()) continue;
    out << "\n[" << prefix << "]  # " << description << "\n";
    for (const auto& [k, e] : vals) out << k.substr(prefix.size() + 1) << " = " << value_text(e.value) << "\n";
  }
  return out.str();
}

nlohmann::json Config::dump_json() const {
  nlohmann::json root = nlohmann::json::object();
  for (const ParamSpec* s : reg_->all()) {
    nlohmann::json* cur = &root;
    size_t start = 0;
    for (size_t dot = s->key.find('.'); dot != std::string::npos; dot = s->key.find('.', start)) {
      cur = &(*cur)[s->key.substr(start, dot - start)];
      start = dot + 1;
    }
    std::visit([&](const auto& v) { (*cur)[s->key.substr(start)] = v; }, value_of(*s));
  }
  // Open-table keys only when set: a config without them hashes as before they existed.
  for (const auto& [k, e] : st_.open) {
    nlohmann::json* cur = &root;
    size_t start = 0;
    for (size_t dot = k.find('.'); dot != std::string::npos; dot = k.find('.', start)) {
      cur = &(*cur)[k.substr(start, dot - start)];
      start = dot + 1;
    }
    const std::string leaf = k.substr(start);  // (C++17: a structured binding cannot be captured)
    std::visit([&](const auto& v) { (*cur)[leaf] = v; }, e.value);
  }
  return root;
}

std::string Config::hash_hex() const {
  // `replace` so a non-UTF-8 default string (a programming slip) cannot make hashing throw.
  const std::string canon = dump_json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : canon) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

const toml::table* Config::sweep_table() const { return st_.sweep ? &*st_.sweep : nullptr; }

std::string Config::sweep_origin() const { return st_.sweep_origin; }

}  // namespace uintrsim
