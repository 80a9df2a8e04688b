// Reading configuration input: TOML files with their includes, and --set overrides. Every
// error is a ConfigError located in the input (file:line:col or the --set assignment).
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <regex>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/config/config_internal.h"
#include "sim/config/utf8.h"

namespace uintrsim {
namespace config_detail {
namespace {

namespace fs = std::filesystem;

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
          fail(where, name + " = " + quoted_for_message(v->get()) + " is not one of: " + enum_list(s));
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
  fail(where, key_for_message(key) + " expects an integer or a string, got " + describe(n));
}

// A TOML integer literal (decimal, hex, octal or binary, with underscores), whatever its size.
bool is_integer_literal(const std::string& s) {
  static const std::regex re("[+-]?([0-9][0-9_]*|0x[0-9A-Fa-f_]+|0o[0-7_]+|0b[01_]+)");
  return std::regex_match(s, re);
}

// ---- located TOML errors ---------------------------------------------------------------

std::string line_of(const std::string& text, unsigned line) {
  size_t b = 0;
  for (unsigned l = 1; l < line && b != std::string::npos; ++l) {
    b = text.find('\n', b);
    if (b != std::string::npos) ++b;
  }
  if (b == std::string::npos || b > text.size()) return "";
  const size_t e = text.find('\n', b);
  return text.substr(b, e == std::string::npos ? std::string::npos : e - b);
}

// The dotted name a one-key TOML document defines ("a.\"b c\".d"), or "".
std::string defined_name(const toml::table& t) {
  std::string name;
  const toml::table* cur = &t;
  while (cur && cur->size() == 1) {
    const auto entry = cur->cbegin();
    const std::string_view ks = entry->first.str();
    const toml::node& v = entry->second;
    const bool bare = !ks.empty() && std::all_of(ks.begin(), ks.end(), is_bare_key_char);
    name += (name.empty() ? "" : ".") + (bare ? std::string(ks) : toml_quote(ks));
    if (const toml::array* a = v.as_array(); a && !a->empty() && a->back().is_table()) cur = a->back().as_table();
    else cur = v.as_table();
  }
  return name;
}

std::string name_of_toml(const std::string& doc) {
  try {
    return defined_name(toml::parse(doc));
  } catch (const toml::parse_error&) {
    return "";
  }
}

// The key a line defines, as its table header or key as written; for a key-value pair under
// a [table] header, prefixed with that table. "" when the line is neither.
std::string key_at_line(const std::string& text, unsigned line) {
  auto header_name = [](const std::string& l) -> std::string {
    const size_t b = l.find_first_not_of(" \t");
    if (b == std::string::npos || l[b] != '[') return "";
    return name_of_toml(l + "\n");
  };
  const std::string l = line_of(text, line);
  if (std::string h = header_name(l); !h.empty()) return h;
  // The key: everything before the first '=' outside quotes.
  size_t eq = std::string::npos;
  for (size_t i = 0; i < l.size() && eq == std::string::npos; ++i) {
    if (l[i] == '"' || l[i] == '\'') {
      const char q = l[i];
      for (++i; i < l.size() && l[i] != q; ++i)
        if (q == '"' && l[i] == '\\') ++i;
    } else if (l[i] == '=') {
      eq = i;
    }
  }
  if (eq == std::string::npos) return "";
  const std::string rel = name_of_toml(l.substr(0, eq) + "= 0\n");
  if (rel.empty()) return "";
  for (unsigned up = line; up-- > 1;)
    if (std::string h = header_name(line_of(text, up)); !h.empty()) return h + "." + rel;
  return rel;
}

}  // namespace

bool read_config_file(const std::string& path, std::string& text, std::string& why) {
  why.clear();
  // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused below).
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return false;
  struct Closer { int fd; ~Closer() { ::close(fd); } } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) return false;
  if (!S_ISREG(st.st_mode)) {
    why = "not a regular file";
    return false;
  }
  if (uint64_t(st.st_size) > kMaxConfigFileBytes) {
    why = "larger than " + std::to_string(kMaxConfigFileBytes >> 20) + " MiB";
    return false;
  }
  text.clear();
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      why = std::strerror(errno);
      return false;
    }
    if (n == 0) return true;
    if (text.size() + size_t(n) > kMaxConfigFileBytes) {
      why = "larger than " + std::to_string(kMaxConfigFileBytes >> 20) + " MiB";
      return false;
    }
    text.append(buf, size_t(n));
  }
}

toml::table parse_toml(const std::string& text, const std::string& path, const ParamRegistry* reg) {
  // toml++ reports an invalid UTF-8 byte at a wrong position (the end of the previous token),
  // so find it first.
  if (const size_t bad = utf8::first_invalid(text); bad != std::string::npos) {
    const size_t line_start = text.rfind('\n', bad == 0 ? 0 : bad - 1);
    const size_t b = (line_start == std::string::npos || bad == 0) ? 0 : line_start + 1;
    unsigned line = 1;
    for (size_t i = 0; i < b; ++i) line += text[i] == '\n';
    unsigned col = 1;
    for (size_t i = b; i < bad; ++i) col += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", unsigned(static_cast<unsigned char>(text[bad])));
    fail(path + ":" + std::to_string(line) + ":" + std::to_string(col) + ": ",
         std::string("invalid UTF-8 (byte ") + byte + "); config files must be UTF-8 text");
  }
  try {
    return toml::parse(text, std::string_view(path));
  } catch (const toml::parse_error& e) {
    std::string desc(e.description());
    const unsigned line = e.source().begin.line;
    const std::string key = line ? key_at_line(text, line) : "";
    // toml++ names a redefined key by a garbled copy of its text ('"haharts" ' for "harts"):
    // name it as written, with its table, at the start of the line.
    const size_t q1 = desc.find('\''), q2 = desc.rfind('\'');
    if (!key.empty() && q1 != q2 &&
        (desc.find("cannot redefine existing") != std::string::npos || desc.find("cannot insert '") != std::string::npos)) {
      desc = desc.substr(0, q1) + key_for_message(key) + desc.substr(q2 + 1);
      const std::string l = line_of(text, line);
      const size_t b = l.find_first_not_of(" \t");
      fail(path + ":" + std::to_string(line) + ":" + std::to_string(b == std::string::npos ? 1 : b + 1) + ": ", desc);
    }
    // An integer beyond 64 bits: out of the parameter's range, whatever the range is.
    if (!key.empty() && desc.find("not representable in 64 bits") != std::string::npos) {
      const ParamSpec* s = reg ? reg->find(key) : nullptr;
      std::string literal = q1 != q2 ? desc.substr(q1 + 1, q2 - q1 - 1) : "";
      // toml++ quotes the digits without their sign.
      const bool negative = !literal.empty() && line_of(text, line).find("-" + literal) != std::string::npos;
      if (negative) literal.insert(0, "-");
      if (s && s->type == ParamType::Int && !literal.empty())
        fail(located(e.source(), path), "'" + key + "' = " + utf8::shown(literal, kShownBytes) +
                                            huge_int_violation(*s, negative));
      fail(located(e.source(), path), key_for_message(key) + ": " + desc);
    }
    fail(located(e.source(), path), desc);
  }
}

namespace {

// Loads one file and, recursively, its includes into a State.
struct Loader {
  const ParamRegistry& reg;
  Config::State& st;
  // Files being loaded, outermost first: {canonical path, path as shown in messages}.
  std::vector<std::pair<std::string, std::string>> stack;

  // `where` locates the include directive that names `path`; empty for the top-level file.
  void load(const std::string& path, const std::string& where) {
    std::string text, why;
    if (!read_config_file(path, text, why)) {
      const std::string reason = why.empty() ? "" : ": " + why;
      if (where.empty()) fail(path + ": ", "cannot open config file" + reason);
      fail(where, "cannot open included config file '" + path + "'" + reason);
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

    const toml::table tbl = parse_toml(text, path, &reg);

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
               key_for_message(k.str()) + " is not a valid name in [" + full + "] (letters, digits, '_', '-')");
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
         std::string("unknown ") + (node.is_table() ? "table" : "key") + " " + key_for_message(full) +
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

}  // namespace
}  // namespace config_detail

using namespace config_detail;

void Config::load_file(const std::string& path) {
  State next = st_;  // all-or-nothing: work on a copy
  Loader{*reg_, next, {}}.load(path, "");
  st_ = std::move(next);
}

void Config::set_override(const std::string& assignment) {
  const std::string where = "--set " + utf8::shown(assignment, kShownBytes) + ": ";
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
    st_.open[key] = {open_value(*node, key, where), "--set " + key + "=" + utf8::shown(rhs, kShownBytes)};
    return;
  }
  const ParamSpec* spec = reg_->find(key);
  if (!spec) {
    if (reg_->is_table(key)) fail(where, "'" + key + "' is a table, not a parameter");
    fail(where, "unknown key " + key_for_message(key) + suggestion(key, *reg_));
  }

  // Parse the value as TOML so types are checked as in a file. Exactly one key must result,
  // or the right-hand side smuggled in more than a value (e.g. a newline and another key).
  toml::table parsed;
  const toml::node* node = nullptr;
  auto parse_value = [&](const std::string& text) {
    try {
      parsed = toml::parse("v = " + text);
      if (parsed.size() == 1) node = parsed.get("v");
    } catch (const toml::parse_error&) {
    }
  };
  parse_value(rhs);
  if (!node && is_integer_literal(rhs)) {
    // An integer TOML cannot hold (beyond 64 bits): out of range for an Int; a Float takes
    // a decimal one as the number it is.
    if (spec->type == ParamType::Int)
      fail(where, "'" + key + "' = " + utf8::shown(rhs, kShownBytes) + huge_int_violation(*spec, rhs[0] == '-'));
    if (spec->type == ParamType::Float && rhs.find_first_of("xob") == std::string::npos) parse_value(rhs + ".0");
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
  if (!node) fail(where, "'" + key + "' expects " + expects(*spec) + ", got " + quoted_for_message(rhs));
  ParamValue v = convert(*spec, *node, where);
  st_.values[key] = {std::move(v), "--set " + key + "=" + utf8::shown(rhs, kShownBytes)};
}

}  // namespace uintrsim
