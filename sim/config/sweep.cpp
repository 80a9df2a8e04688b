#include "sim/config/sweep.h"

#include <map>
#include <sstream>

#include "sim/config/config_internal.h"

namespace uintrsim {

namespace {

struct Axis {
  std::vector<std::string> keys;                    // one key (product) or several (zip group)
  std::vector<std::vector<std::string>> values;     // values[key][i]
  std::vector<std::vector<toml::source_region>> where;
  std::vector<toml::source_region> key_where;       // where each key's list is
  int zip = 0;                                      // 0: a product axis; n: the n-th [[sweep.zip]] group
  size_t size() const { return values.empty() ? 0 : values[0].size(); }
};

std::string axis_name(const Axis& a) {
  return a.zip == 0 ? std::string("[sweep]") : "[[sweep.zip]] group " + std::to_string(a.zip);
}

// "file:line:col" without the trailing ": " of source_location().
std::string place(const toml::source_region& r, const std::string& file) {
  std::string s = source_location(r, file);
  return s.size() >= 2 ? s.substr(0, s.size() - 2) : s;
}

// Duplicate points, which would run twice and race on one results folder: a key swept in two
// places (twice in [sweep], in [sweep] and a zip group, in two zip groups), a value listed
// twice for one key, or a zip group entry (a tuple of values) listed twice.
void reject_duplicates(const std::vector<Axis>& axes, const std::string& file) {
  std::map<std::string, std::pair<const Axis*, size_t>> seen;  // key -> (axis, index in axis)
  for (const Axis& a : axes)
    for (size_t k = 0; k < a.keys.size(); ++k) {
      auto [it, fresh] = seen.emplace(a.keys[k], std::make_pair(&a, k));
      if (fresh) continue;
      const Axis& first = *it->second.first;
      const std::string both = &first == &a ? "twice in " + axis_name(a)
                                            : "in " + axis_name(first) + " and in " + axis_name(a);
      throw ConfigError(source_location(a.key_where[k], file) + "duplicate points: '" + a.keys[k] + "' is swept " +
                        both + " (first at " + place(first.key_where[it->second.second], file) +
                        "); sweep each key in one place");
    }
  for (const Axis& a : axes) {
    std::map<std::vector<std::string>, size_t> entries;  // the values of entry i (one per key) -> i
    for (size_t i = 0; i < a.size(); ++i) {
      std::vector<std::string> tuple;
      for (size_t k = 0; k < a.keys.size(); ++k) tuple.push_back(a.values[k][i]);
      auto [it, fresh] = entries.emplace(tuple, i);
      if (fresh) continue;
      const size_t j = it->second;
      if (a.keys.size() == 1)
        throw ConfigError(source_location(a.where[0][i], file) + "duplicate points: '" + a.keys[0] + "' lists " +
                          a.values[0][i] + " twice (first at " + place(a.where[0][j], file) + ")");
      std::string what;
      for (size_t k = 0; k < a.keys.size(); ++k)
        what += (k ? ", " : "") + a.keys[k] + " = " + a.values[k][i];
      throw ConfigError(source_location(a.where[0][i], file) + "duplicate points: entry " + std::to_string(i + 1) +
                        " of " + axis_name(a) + " (" + what + ") repeats entry " + std::to_string(j + 1) + " (at " +
                        place(a.where[0][j], file) + ")");
    }
  }
}

std::string value_text(const toml::node& n) {
  if (auto s = n.as_string()) {
    std::ostringstream o;
    o << toml::value<std::string>(s->get());  // TOML quoting and escapes
    return o.str();
  }
  // Floats as the shortest text that reads back as the same double (a stream's default six
  // digits would run a point at another value than the one written).
  if (auto i = n.as_integer()) return std::to_string(i->get());
  if (auto f = n.as_floating_point()) return config_detail::format_float(f->get());
  if (auto b = n.as_boolean()) return b->get() ? "true" : "false";
  throw ConfigError("unsupported");
}

void add_list(Axis& axis, const std::string& key, const toml::node& node, const std::string& file,
              const ParamRegistry& reg) {
  const std::string at = source_location(node.source(), file);
  const std::string shown = config_detail::key_for_message(key);
  if (!reg.find(key) && reg.open_table_of(key).empty())
    throw ConfigError(at + "sweep over unknown key " + shown + key_suggestion(key, reg));
  const toml::array* arr = node.as_array();
  if (!arr) throw ConfigError(at + "sweep key " + shown + " expects a list of values");
  if (arr->empty()) throw ConfigError(at + "sweep key " + shown + " has an empty list");
  std::vector<std::string> vals;
  std::vector<toml::source_region> where;
  for (const toml::node& v : *arr) {
    try {
      vals.push_back(value_text(v));
    } catch (const ConfigError&) {
      throw ConfigError(source_location(v.source(), file) + "sweep values must be strings, numbers or booleans");
    }
    where.push_back(v.source());
  }
  axis.keys.push_back(key);
  axis.values.push_back(std::move(vals));
  axis.where.push_back(std::move(where));
  axis.key_where.push_back(node.source());
}

// Product axes: every array leaf of the table (nested tables give dotted keys).
void collect(const toml::table& t, const std::string& prefix, std::vector<Axis>& axes, const std::string& file,
             const ParamRegistry& reg) {
  for (const auto& [k, node] : t) {
    const std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (prefix.empty() && k.str() == "zip") continue;
    if (const toml::table* sub = node.as_table()) {
      collect(*sub, key, axes, file, reg);
      continue;
    }
    Axis a;
    add_list(a, key, node, file, reg);
    axes.push_back(std::move(a));
  }
}

}  // namespace

std::vector<SweepPoint> expand_sweep(const Config& cfg, const ParamRegistry& reg) {
  const std::string file = cfg.sweep_origin();
  if (!cfg.sweep_table()) throw ConfigError("no [sweep] table in the experiment's configuration");
  // Parse the file that holds [sweep] again: the stored copy has no source positions, and
  // errors must name the line.
  std::string text, why;
  if (!config_detail::read_config_file(file, text, why))
    throw ConfigError(file + ": cannot open config file" + (why.empty() ? "" : ": " + why));
  const toml::table doc = config_detail::parse_toml(text, file, &reg);
  const toml::table* sweep = doc["sweep"].as_table();
  if (!sweep) throw ConfigError(file + ": no [sweep] table");
  std::vector<Axis> axes;
  collect(*sweep, "", axes, file, reg);
  if (const toml::node* zip = sweep->get("zip")) {
    const toml::array* groups = zip->as_array();
    if (!groups) throw ConfigError(source_location(zip->source(), file) + "'zip' expects [[sweep.zip]] tables");
    int group = 0;
    for (const toml::node& g : *groups) {
      const toml::table* t = g.as_table();
      if (!t) throw ConfigError(source_location(g.source(), file) + "each [[sweep.zip]] entry must be a table");
      Axis a;
      a.zip = ++group;
      for (const auto& [k, node] : *t) add_list(a, std::string(k.str()), node, file, reg);
      if (a.keys.empty()) throw ConfigError(source_location(g.source(), file) + "empty [[sweep.zip]] group");
      for (size_t i = 1; i < a.values.size(); ++i)
        if (a.values[i].size() != a.values[0].size())
          throw ConfigError(source_location(t->get(a.keys[i])->source(), file) + "zipped lists differ in length ('" +
                            a.keys[0] + "' has " + std::to_string(a.values[0].size()) + ", '" + a.keys[i] + "' has " +
                            std::to_string(a.values[i].size()) + ")");
      axes.push_back(std::move(a));
    }
  }
  if (axes.empty()) throw ConfigError(file + ": empty sweep: [sweep] lists no keys");
  reject_duplicates(axes, file);
  // A --set on a swept key would silently give every point the same value.
  for (const Axis& a : axes)
    for (size_t k = 0; k < a.keys.size(); ++k) {
      const std::string origin = cfg.origin(a.keys[k]);
      if (origin.rfind("--set ", 0) == 0)
        throw ConfigError(origin + ": '" + a.keys[k] + "' is swept (" + place(a.key_where[k], file) +
                          "); a --set cannot override a swept key: drop the --set, or the key from the sweep");
    }
  // Validate every value against its parameter, locating errors at the value.
  for (const Axis& a : axes)
    for (size_t k = 0; k < a.keys.size(); ++k)
      for (size_t i = 0; i < a.values[k].size(); ++i) {
        Config probe = cfg;
        try {
          probe.set_override(a.keys[k] + "=" + a.values[k][i]);
        } catch (const ConfigError& e) {
          std::string msg = e.what();
          const auto colon = msg.find(": ", msg.find("--set"));
          throw ConfigError(source_location(a.where[k][i], file) +
                            (colon == std::string::npos ? msg : msg.substr(colon + 2)));
        }
      }
  // The number of points, before making them: a product of long axes must not exhaust memory.
  uint64_t n = 1;
  for (const Axis& a : axes)
    if (__builtin_mul_overflow(n, uint64_t(a.size()), &n) || n > kMaxSweepPoints)
      throw ConfigError(file + ": the sweep has more than " + std::to_string(kMaxSweepPoints) +
                        " points (the product of its axes); split it into several experiments");
  std::vector<SweepPoint> points(1);
  for (const Axis& a : axes) {
    std::vector<SweepPoint> next;
    for (const SweepPoint& p : points)
      for (size_t i = 0; i < a.size(); ++i) {
        SweepPoint q = p;
        for (size_t k = 0; k < a.keys.size(); ++k) q.sets.emplace_back(a.keys[k], a.values[k][i]);
        next.push_back(std::move(q));
      }
    points = std::move(next);
  }
  // Values that differ in text but not in meaning (2 and 2.0 for a float, "0x10" and 16) are
  // still one point.
  std::map<std::string, size_t> by_hash;
  for (size_t i = 0; i < points.size(); ++i) {
    Config probe = cfg;
    for (const auto& [k, v] : points[i].sets) probe.set_override(k + "=" + v);
    auto [it, fresh] = by_hash.emplace(probe.hash_hex(), i);
    if (fresh) continue;
    std::string what;
    for (const auto& [k, v] : points[i].sets) what += (what.empty() ? "" : ", ") + k + " = " + v;
    throw ConfigError(file + ": duplicate points: points " + std::to_string(it->second + 1) + " and " +
                      std::to_string(i + 1) + " of the sweep resolve to the same configuration (" + what +
                      "): a list holds one value twice in different spellings");
  }
  return points;
}

}  // namespace uintrsim
