// Configuration system. Parameters are declared in a ParamRegistry next to the object they
// configure (gem5 style); a Config resolves them from defaults, TOML files and --set overrides.
//
// Every key must be declared: an undeclared key in a file or --set is a ConfigError with the
// file:line:col where it was written (and a "did you mean" suggestion), so a typo can never
// silently leave a default in place. Reading an undeclared key, or reading a key as the wrong
// type, is a bug in the simulator and throws std::logic_error instead.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

namespace uintrsim {

enum class ParamType { Bool, Int, Float, String, Enum };

// Enum values are stored as std::string.
using ParamValue = std::variant<bool, int64_t, double, std::string>;

struct ParamSpec {
  std::string key;          // dotted, e.g. "platform.harts", "kernel.async.placement"
  ParamType type = ParamType::Int;
  ParamValue default_value;
  std::string unit;         // "cycles", "Hz", "bytes", "" for none
  std::string description;  // one line
  std::string source;       // where the default comes from (doc/reference), may be ""
  std::optional<double> min, max;    // inclusive range for Int/Float
  std::vector<std::string> choices;  // for Enum
};

// A user error in configuration input; the message starts with its location
// ("<file>:<line>:<col>: ", "--set <assignment>: " or "<path>: ").
class ConfigError : public std::runtime_error {
 public:
  using runtime_error::runtime_error;
};

class ParamRegistry {
 public:
  // Throws std::logic_error on a duplicate key, a key that is also a table of other keys,
  // a malformed key, or a default that does not match the type / range / choices.
  void add(ParamSpec spec);

  void add_bool(std::string key, bool def, std::string description, std::string source = "");
  void add_int(std::string key, int64_t def, std::string unit, std::string description,
               std::string source = "", std::optional<int64_t> min = std::nullopt,
               std::optional<int64_t> max = std::nullopt);
  void add_float(std::string key, double def, std::string unit, std::string description,
                 std::string source = "", std::optional<double> min = std::nullopt,
                 std::optional<double> max = std::nullopt);
  void add_string(std::string key, std::string def, std::string description,
                  std::string source = "");
  void add_enum(std::string key, std::string def, std::vector<std::string> choices,
                std::string description, std::string source = "");

  const ParamSpec* find(std::string_view key) const;  // nullptr if undeclared
  std::vector<const ParamSpec*> all() const;          // sorted by key
  // True if `name` is a proper prefix table of some declared key ("platform", "kernel.async").
  bool is_table(std::string_view name) const;

  // An open table: its keys are not declared one by one but chosen by the user (integers or
  // strings, e.g. a guest's named arguments in [workload.args]). Names: [A-Za-z0-9_-]+.
  void add_open_table(std::string prefix, std::string description);
  // The open table `key` belongs to ("" if none); `key` must be "<prefix>.<name>" with a valid name.
  std::string open_table_of(std::string_view key) const;
  const std::map<std::string, std::string, std::less<>>& open_tables() const { return open_; }

 private:
  std::map<std::string, ParamSpec, std::less<>> specs_;
  std::map<std::string, std::string, std::less<>> open_;  // prefix -> description
};

// " (did you mean 'x'?)" for a near-miss key, or "".
std::string key_suggestion(std::string_view key, const ParamRegistry& reg);
// "<path>:<line>:<col>: " of a TOML node (ready to prefix a message).
std::string source_location(const toml::source_region& r, const std::string& path);

class Config {
 public:
  // The registry must outlive the Config. Keys declared after construction are seen too.
  explicit Config(const ParamRegistry& reg);

  // Loads a TOML file (its includes first). The load is all-or-nothing: on ConfigError the
  // Config is unchanged.
  void load_file(const std::string& path);
  // "key=value" from --set. The value is parsed as a TOML value; for String/Enum parameters
  // anything that is not a TOML string is taken verbatim (so --set timing.mode=inorder works).
  void set_override(const std::string& assignment);

  int64_t get_int(std::string_view key) const;
  uint64_t get_uint(std::string_view key) const;  // Int parameter that must be >= 0
  double get_float(std::string_view key) const;
  bool get_bool(std::string_view key) const;
  const std::string& get_string(std::string_view key) const;  // String and Enum

  // "default", "<file>:<line>" or "--set".
  std::string origin(std::string_view key) const;

  struct Entry {
    ParamValue value;
    std::string origin;
  };
  // The keys set in an open table (full key -> value and origin), sorted.
  std::map<std::string, Entry> open_values(std::string_view prefix) const;

  // Every declared key with its resolved value, in [tables], sorted; loadable by load_file.
  std::string dump_toml() const;
  // Nested objects {"platform": {"harts": 2}}, keys sorted.
  nlohmann::json dump_json() const;
  // FNV-1a 64 of dump_json().dump(), 16 lowercase hex digits. Depends only on resolved values.
  std::string hash_hex() const;

  // The top-level [sweep] table of the last file that had one (not validated here; it belongs
  // to the sweep driver), or nullptr.
  const toml::table* sweep_table() const;
  std::string sweep_origin() const;  // path of the file the [sweep] table came from, or ""

  // Everything a load can change, so a failed load can be discarded as a whole.
  struct State {
    std::map<std::string, Entry, std::less<>> values;  // only keys that were set
    std::map<std::string, Entry, std::less<>> open;    // keys of open tables
    std::optional<toml::table> sweep;
    std::string sweep_origin;
  };

 private:
  const ParamSpec& spec_for(std::string_view key, ParamType t1, ParamType t2) const;
  const ParamValue& value_of(const ParamSpec& spec) const;

  const ParamRegistry* reg_;
  State st_;
};

}  // namespace uintrsim
