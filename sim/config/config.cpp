#include "sim/config/config.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>

namespace uintrsim {
namespace {

namespace fs = std::filesystem;

// Top-level names with a meaning of their own in config files; a parameter may not use them.
constexpr std::string_view kInclude = "include";
constexpr std::string_view kSweep = "sweep";

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

// Shortest text that reads back as exactly the same double (std::to_chars is also
// locale-independent, unlike printf). An integral value gets ".0" so TOML keeps it a float.
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

std::string value_text(const ParamValue& v) {
  if (auto b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  if (auto i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (auto d = std::get_if<double>(&v)) return format_float(*d);
  return toml_quote(std::get<std::string>(v));
}

// "string \"two\"", "integer 3", "table" ... for "got ..." in type errors.
std::string describe(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string: return "string " + toml_quote(n.as_string()->get());
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

[[noreturn]] void fail(const std::string& where, const std::string& msg) {
  throw ConfigError(where + msg);
}

size_t levenshtein(std::string_view a, std::string_view b) {
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

// " (did you mean 'x'?)" or "". A near miss by edit distance first (threshold relative to the
// length so short names do not match everything); failing that, a name in another table with
// the same last component, which catches a key written in the wrong [table].
std::string suggestion(std::string_view name, const ParamRegistry& reg) {
  const std::vector<std::string> names = known_names(reg);
  std::string best;
  size_t best_d = std::max<size_t>(2, name.size() / 3) + 1;
  for (const std::string& c : names) {
    size_t d = levenshtein(name, c);
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

std::string format_bound(const ParamSpec& s, double v) {
  return s.type == ParamType::Int ? std::to_string(static_cast<int64_t>(v)) : format_float(v);
}

// Empty if v is within [min, max]; otherwise the message tail " is out of range ...".
std::string range_violation(const ParamSpec& s, bool below, bool above) {
  if (!below && !above) return "";
  if (s.min && s.max) return " is out of range [" + format_bound(s, *s.min) + ", " + format_bound(s, *s.max) + "]";
  if (s.min) return " is out of range (minimum " + format_bound(s, *s.min) + ")";
  return " is out of range (maximum " + format_bound(s, *s.max) + ")";
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

std::string enum_list(const ParamSpec& s) {
  std::string out;
  for (const std::string& c : s.choices) out += (out.empty() ? "" : ", ") + c;
  return out;
}

bool in_choices(const ParamSpec& s, const std::string& v) {
  return std::find(s.choices.begin(), s.choices.end(), v) != s.choices.end();
}

// The TOML node as a value of the parameter, or a ConfigError prefixed with `where`.
ParamValue convert(const ParamSpec& s, const toml::node& n, const std::string& where) {
  const std::string name = "'" + s.key + "'";
  auto wrong_type = [&]() { fail(where, name + " expects " + expects(s) + ", got " + describe(n)); };
  switch (s.type) {
    case ParamType::Bool:
      if (auto v = n.as_boolean()) return v->get();
      break;
    case ParamType::Int:
      if (auto v = n.as_integer()) {
        int64_t x = v->get();
        std::string bad = int_range_violation(s, x);
        if (!bad.empty()) fail(where, name + " = " + std::to_string(x) + bad);
        return x;
      }
      break;
    case ParamType::Float: {
      double x;
      if (auto f = n.as_floating_point()) x = f->get();
      else if (auto i = n.as_integer()) x = static_cast<double>(i->get());
      else break;
      // inf/nan would turn into null in the JSON dump and the hash; no parameter needs them.
      if (!std::isfinite(x)) fail(where, name + " = " + format_float(x) + " is not a finite number");
      std::string bad = float_range_violation(s, x);
      if (!bad.empty()) fail(where, name + " = " + format_float(x) + bad);
      return x;
    }
    case ParamType::String:
      if (auto v = n.as_string()) return v->get();
      break;
    case ParamType::Enum:
      if (auto v = n.as_string()) {
        if (!in_choices(s, v->get()))
          fail(where, name + " = " + toml_quote(v->get()) + " is not one of: " + enum_list(s));
        return v->get();
      }
      break;
  }
  wrong_type();
  return {};  // not reached
}

// A value in an open table: an integer or a string.
ParamValue open_value(const toml::node& n, const std::string& key, const std::string& where) {
  if (auto i = n.as_integer()) return int64_t(i->get());
  if (auto str = n.as_string()) return str->get();
  fail(where, "'" + key + "' expects an integer or a string, got " + describe(n));
}

bool read_file(const std::string& path, std::string& text) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return false;  // ifstream "opens" a directory on Linux
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return false;
  text = ss.str();
  return true;
}

// Loads one file and, recursively, its includes into a State.
struct Loader {
  const ParamRegistry& reg;
  Config::State& st;
  // Files being loaded, outermost first: {canonical path, path as shown in messages}.
  std::vector<std::pair<std::string, std::string>> stack;

  // `where` locates the include directive that names `path`; empty for the top-level file.
  void load(const std::string& path, const std::string& where) {
    std::string text;
    if (!read_file(path, text)) {
      if (where.empty()) fail(path + ": ", "cannot open config file");
      fail(where, "cannot open included config file '" + path + "'");
    }
    std::error_code ec;
    std::string canon = fs::canonical(path, ec).string();
    if (ec) canon = fs::absolute(path).lexically_normal().string();
    for (size_t i = 0; i < stack.size(); ++i) {
      if (stack[i].first != canon) continue;
      std::string chain;
      for (size_t j = i; j < stack.size(); ++j) chain += stack[j].second + " -> ";
      fail(where, "include cycle: " + chain + path);
    }

    toml::table tbl;
    try {
      tbl = toml::parse(text, std::string_view(path));
    } catch (const toml::parse_error& e) {
      fail(located(e.source(), path), std::string(e.description()));
    }

    stack.emplace_back(canon, path);
    // Included files first, so that this file's own values override theirs.
    if (const toml::node* inc = tbl.get(kInclude)) {
      std::vector<const toml::node*> items;
      if (const toml::array* arr = inc->as_array()) {
        for (const toml::node& item : *arr) items.push_back(&item);
      } else {
        items.push_back(inc);
      }
      for (const toml::node* item : items) {
        const std::string here = located(item->source(), path);
        if (!item->is_string())
          fail(here, "'include' expects a string or an array of strings, got " + describe(*item));
        // Relative to the including file's folder, so configs can be run from anywhere.
        fs::path target = fs::path(path).parent_path() / fs::path(item->as_string()->get());
        load(target.lexically_normal().string(), here);
      }
    }
    for (auto&& [key, node] : tbl) {
      if (key.str() == kInclude) continue;
      if (key.str() == kSweep) {
        const toml::table* sweep = node.as_table();
        if (!sweep) fail(located(node.source(), path), "'sweep' expects a table, got " + describe(node));
        // A later [sweep] replaces an earlier one whole: merging sweep axes from several files
        // would make the set of points hard to see from any one file.
        st.sweep = *sweep;
        st.sweep_origin = path;
        continue;
      }
      walk(std::string(key.str()), key, node, path);
    }
    stack.pop_back();
  }

  void walk(const std::string& full, const toml::key& key, const toml::node& node,
            const std::string& path) {
    if (reg.open_tables().count(full)) {
      const toml::table* t = node.as_table();
      if (!t) fail(located(node.source(), path), "'" + full + "' expects a table, got " + describe(node));
      for (auto&& [k, v] : *t) {
        const std::string sub = full + "." + std::string(k.str());
        if (reg.open_table_of(sub).empty())
          fail(located(k.source().begin.line ? k.source() : v.source(), path),
               "'" + std::string(k.str()) + "' is not a valid name in [" + full + "] (letters, digits, '_', '-')");
        st.open[sub] = {open_value(v, sub, located(v.source(), path)),
                        path + ":" + std::to_string(v.source().begin.line)};
      }
      return;
    }
    if (const ParamSpec* s = reg.find(full)) {
      ParamValue v = convert(*s, node, located(node.source(), path));
      st.values[full] = {std::move(v), path + ":" + std::to_string(node.source().begin.line)};
      return;
    }
    if (reg.is_table(full)) {
      const toml::table* t = node.as_table();
      if (!t) fail(located(node.source(), path), "'" + full + "' expects a table, got " + describe(node));
      for (auto&& [k, v] : *t) walk(full + "." + std::string(k.str()), k, v, path);
      return;
    }
    fail(located(key.source().begin.line ? key.source() : node.source(), path),
         std::string("unknown ") + (node.is_table() ? "table" : "key") + " '" + full + "'" +
             suggestion(full, reg));
  }
};

std::string trim(std::string_view s) {
  const char* ws = " \t";
  size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(ws);
  return std::string(s.substr(b, e - b + 1));
}

bool is_bare_key_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

}  // namespace

std::string key_suggestion(std::string_view key, const ParamRegistry& reg) { return suggestion(key, reg); }
std::string source_location(const toml::source_region& r, const std::string& path) { return located(r, path); }

// ---------------------------------------------------------------------------------------------
// ParamRegistry

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

// ---------------------------------------------------------------------------------------------
// Config

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

Config::Config(const ParamRegistry& reg) : reg_(&reg) {}

std::map<std::string, Config::Entry> Config::open_values(std::string_view prefix) const {
  std::map<std::string, Entry> out;
  for (const auto& [k, e] : st_.open)
    if (reg_->open_table_of(k) == prefix) out.emplace(k, e);
  return out;
}

void Config::load_file(const std::string& path) {
  State next = st_;  // all-or-nothing: work on a copy
  Loader{*reg_, next, {}}.load(path, "");
  st_ = std::move(next);
}

void Config::set_override(const std::string& assignment) {
  const std::string where = "--set " + assignment + ": ";
  size_t eq = assignment.find('=');
  if (eq == std::string::npos) fail(where, "expected key=value");
  const std::string key = trim(std::string_view(assignment).substr(0, eq));
  const std::string rhs = trim(std::string_view(assignment).substr(eq + 1));
  if (key.empty()) fail(where, "missing key before '='");
  if (!reg_->open_table_of(key).empty()) {
    // An integer if it parses as a TOML integer; otherwise a TOML string, or the text verbatim.
    toml::table parsed;
    const toml::node* node = nullptr;
    try {
      parsed = toml::parse("v = " + rhs);
      if (parsed.size() == 1) node = parsed.get("v");
    } catch (const toml::parse_error&) {
    }
    if (!node || !(node->is_integer() || node->is_string())) {
      try {
        parsed = toml::parse("v = " + toml_quote(rhs));
        node = parsed.get("v");
      } catch (const toml::parse_error& e) {
        fail(where, "value is not valid text: " + std::string(e.description()));
      }
    }
    st_.open[key] = {open_value(*node, key, where), "--set " + key + "=" + rhs};
    return;
  }
  const ParamSpec* spec = reg_->find(key);
  if (!spec) {
    if (reg_->is_table(key)) fail(where, "'" + key + "' is a table, not a parameter");
    fail(where, "unknown key '" + key + "'" + suggestion(key, *reg_));
  }

  // Parse the value as TOML so types are checked as in a file. Exactly one key must result,
  // or the right-hand side smuggled in more than a value (e.g. a newline and another key).
  toml::table parsed;
  const toml::node* node = nullptr;
  try {
    parsed = toml::parse("v = " + rhs);
    if (parsed.size() == 1) node = parsed.get("v");
  } catch (const toml::parse_error&) {
  }
  const bool textual = spec->type == ParamType::String || spec->type == ParamType::Enum;
  if (textual && !(node && node->is_string())) {
    // Verbatim text. Going through the TOML parser (quoted) checks it is valid UTF-8, which the
    // JSON dump requires.
    try {
      parsed = toml::parse("v = " + toml_quote(rhs));
      node = parsed.get("v");
    } catch (const toml::parse_error& e) {
      fail(where, "value is not valid text: " + std::string(e.description()));
    }
  }
  if (!node) fail(where, "'" + key + "' expects " + expects(*spec) + ", got " + toml_quote(rhs));
  ParamValue v = convert(*spec, *node, where);
  st_.values[key] = {std::move(v), "--set " + key + "=" + rhs};
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
    std::visit([&](const auto& v) { (*cur)[k.substr(start)] = v; }, e.value);
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
