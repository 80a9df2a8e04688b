// Helpers shared by the parts of the configuration system (not part of its interface):
//   config_text.cpp     value formatting, type and range messages, "did you mean"
//   param_registry.cpp  ParamRegistry
//   config_loader.cpp   reading and parsing TOML files, includes, --set
//   config.cpp          Config: values, dumps, hash
#pragma once
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "sim/config/config.h"

namespace uintrsim::config_detail {

// Top-level names with a meaning of their own in config files; a parameter may not use them.
constexpr std::string_view kInclude = "include";
constexpr std::string_view kSweep = "sweep";

// Longest key, string value or assignment echoed whole in a message (longer ones are cut,
// with their length noted).
constexpr size_t kShownBytes = 80;
// Largest config file read (a guard against reading a device or a runaway file into memory).
constexpr uint64_t kMaxConfigFileBytes = uint64_t(64) << 20;

const char* type_name(ParamType t);
std::string expects(const ParamSpec& s);
// Shortest text that reads back as exactly the same double; ".0" added to integral values.
std::string format_float(double v);
std::string toml_quote(std::string_view s);
// toml_quote of at most kShownBytes of `s` (for messages).
std::string quoted_for_message(std::string_view s);
std::string value_text(const ParamValue& v);
// "string \"two\"", "integer 3", "table" ... for "got ..." in type errors.
std::string describe(const toml::node& n);
// "<path>:<line>:<col>: " (or "<path>: " when the region has no position).
std::string located(const toml::source_region& r, const std::string& path);
// 'key' for a message, cut to kShownBytes.
std::string key_for_message(std::string_view key);
[[noreturn]] void fail(const std::string& where, const std::string& msg);

// " (did you mean 'x'?)" or "".
std::string suggestion(std::string_view name, const ParamRegistry& reg);

// Empty if the value is within the parameter's range, else " is out of range ...".
std::string int_range_violation(const ParamSpec& s, int64_t x);
std::string float_range_violation(const ParamSpec& s, double x);
// The range message for an integer beyond int64 (below = negative).
std::string huge_int_violation(const ParamSpec& s, bool below);
std::string enum_list(const ParamSpec& s);
bool in_choices(const ParamSpec& s, const std::string& v);
bool is_bare_key_char(char c);

// Reads a regular file of at most kMaxConfigFileBytes; false with `why` set otherwise
// (never blocks on a FIFO or device).
bool read_config_file(const std::string& path, std::string& text, std::string& why);
// Parses TOML text read from `path`, with errors as ConfigError located in the file: the
// position of an invalid UTF-8 byte, the key of a redefinition (as written, with its table)
// and, with a registry, an integer beyond 64 bits as out of the parameter's range.
toml::table parse_toml(const std::string& text, const std::string& path, const ParamRegistry* reg);

}  // namespace uintrsim::config_detail
