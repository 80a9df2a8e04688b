// Text of the configuration system: values as TOML, type and range messages, and the
// "did you mean" suggestion for an unknown key.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <numeric>

#include "sim/config/config_internal.h"
#include "sim/config/utf8.h"

namespace uintrsim {
namespace config_detail {

const char* type_name(ParamType t) {
  switch (t) {
    case ParamType::Bool: return "Bool";
    case ParamType::Int: return "Int";
    case ParamType::Float: return "Float";
    case ParamType::String: return "String";
    case ParamType::Enum: return "Enum";
  }
  return "?";
}

std::string expects(const ParamSpec& s) {
  switch (s.type) {
    case ParamType::Bool: return "a boolean";
    case ParamType::Int: return "an integer";
    case ParamType::Float: return "a number";
    case ParamType::String: return "a string";
    case ParamType::Enum: return "a string";
  }
  return "?";
}

// std::to_chars is also locale-independent, unlike printf.
std::string format_float(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, r.ptr);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";  // 'n': inf, nan
  return s;
}

std::string toml_quote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char b[8];
          std::snprintf(b, sizeof b, "\\u%04X", c);
          out += b;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string quoted_for_message(std::string_view s) {
  if (s.size() <= kShownBytes) return toml_quote(s);
  size_t cut = kShownBytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // a character boundary
  return toml_quote(s.substr(0, cut)) + "... (" + std::to_string(s.size()) + " bytes)";
}

std::string value_text(const ParamValue& v) {
  if (auto b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  if (auto i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (auto d = std::get_if<double>(&v)) return format_float(*d);
  return toml_quote(std::get<std::string>(v));
}

std::string describe(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string: return "string " + quoted_for_message(n.as_string()->get());
    case toml::node_type::integer: return "integer " + std::to_string(n.as_integer()->get());
    case toml::node_type::floating_point:
      return "float " + format_float(n.as_floating_point()->get());
    case toml::node_type::boolean: return n.as_boolean()->get() ? "boolean true" : "boolean false";
    case toml::node_type::array: return "array";
    case toml::node_type::table: return "table";
    case toml::node_type::date: return "date";
    case toml::node_type::time: return "time";
    case toml::node_type::date_time: return "date-time";
    default: return "nothing";
  }
}

std::string located(const toml::source_region& r, const std::string& path) {
  if (r.begin.line == 0) return path + ": ";
  return path + ":" + std::to_string(r.begin.line) + ":" + std::to_string(r.begin.column) + ": ";
}

std::string key_for_message(std::string_view key) { return "'" + utf8::shown(key, kShownBytes) + "'"; }

void fail(const std::string& where, const std::string& msg) { throw ConfigError(where + msg); }

namespace {

// Edit distance, or `limit` as soon as it is certain to be at least `limit` (the length
// difference is a lower bound), so a huge unknown key costs nothing.
size_t levenshtein(std::string_view a, std::string_view b, size_t limit) {
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) >= limit) return limit;
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  std::iota(prev.begin(), prev.end(), size_t{0});
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t subst = prev[j - 1] + (a[i - 1] != b[j - 1] ? 1 : 0);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// Every declared key and every table name, sorted: what an unknown name is compared against.
std::vector<std::string> known_names(const ParamRegistry& reg) {
  std::vector<std::string> names;
  for (const ParamSpec* s : reg.all()) {
    names.push_back(s->key);
    for (size_t dot = s->key.find('.'); dot != std::string::npos; dot = s->key.find('.', dot + 1))
      names.push_back(s->key.substr(0, dot));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::string format_bound(const ParamSpec& s, double v) {
  return s.type == ParamType::Int ? std::to_string(static_cast<int64_t>(v)) : format_float(v);
}

std::string range_violation(const ParamSpec& s, bool below, bool above) {
  if (!below && !above) return "";
  if (s.min && s.max) return " is out of range [" + format_bound(s, *s.min) + ", " + format_bound(s, *s.max) + "]";
  if (s.min) return " is out of range (minimum " + format_bound(s, *s.min) + ")";
  if (s.max) return " is out of range (maximum " + format_bound(s, *s.max) + ")";
  return " is out of range (64-bit integers)";
}

}  // namespace

// A near miss by edit distance first (threshold relative to the length so short names do
// not match everything); failing that, a name in another table with the same last component,
// which catches a key written in the wrong [table].
std::string suggestion(std::string_view name, const ParamRegistry& reg) {
  const std::vector<std::string> names = known_names(reg);
  std::string best;
  size_t best_d = std::max<size_t>(2, name.size() / 3) + 1;
  for (const std::string& c : names) {
    size_t d = levenshtein(name, c, best_d);
    if (d < best_d) best = c, best_d = d;
  }
  if (best.empty()) {
    size_t dot = name.rfind('.');
    std::string tail = "." + std::string(name.substr(dot == std::string_view::npos ? 0 : dot + 1));
    for (const std::string& c : names) {
      if (c.size() > tail.size() && c.compare(c.size() - tail.size(), tail.size(), tail) == 0) {
        best = c;
        break;
      }
    }
  }
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

std::string int_range_violation(const ParamSpec& s, int64_t x) {
  // Bounds of Int parameters are checked to be integral and in int64 range by the registry,
  // so comparing as int64 is exact (comparing as double would not be above 2^53).
  return range_violation(s, s.min && x < static_cast<int64_t>(*s.min),
                         s.max && x > static_cast<int64_t>(*s.max));
}

std::string float_range_violation(const ParamSpec& s, double x) {
  return range_violation(s, s.min && x < *s.min, s.max && x > *s.max);
}

std::string huge_int_violation(const ParamSpec& s, bool below) { return range_violation(s, below, !below); }

std::string enum_list(const ParamSpec& s) {
  std::string out;
  for (const std::string& c : s.choices) out += (out.empty() ? "" : ", ") + c;
  return out;
}

bool in_choices(const ParamSpec& s, const std::string& v) {
  return std::find(s.choices.begin(), s.choices.end(), v) != s.choices.end();
}

bool is_bare_key_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

}  // namespace config_detail

std::string key_suggestion(std::string_view key, const ParamRegistry& reg) { return config_detail::suggestion(key, reg); }
std::string source_location(const toml::source_region& r, const std::string& path) {
  return config_detail::located(r, path);
}

}  // namespace uintrsim
