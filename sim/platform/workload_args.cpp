#include "sim/platform/workload_args.h"

#include "sim/config/config.h"
#include "workloads/include/uintrsim/devices.h"

namespace uintrsim {

namespace {
// Workload settings a guest reads by their short name.
constexpr const char* kSettings[] = {"mode",
                                     "concurrency",
                                     "epochs",
                                     "seed",
                                     "async_overhead_cycles",
                                     "async_overhead_jitter_cycles",
                                     "async_reply_cycles",
                                     "async_reply_jitter_cycles",
                                     "async_resume_cycles",
                                     "async_resume_jitter_cycles"};
constexpr const char* kArgsTable = "workload.args";

std::string text(const WorkloadArgs::Value& v) {
  if (const int64_t* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  return "\"" + std::get<std::string>(v) + "\"";
}
}  // namespace

WorkloadArgs::WorkloadArgs(const Config& cfg) {
  for (const char* name : kSettings) {
    const std::string key = std::string("workload.") + name;
    Arg a;
    a.key = key;
    a.origin = cfg.origin(key);
    // The seed is exempt: a program without pseudo-random choices has nothing to seed, and a
    // seed is naturally set for a whole experiment (repeats); the record shows whether it was read.
    a.required = a.origin != "default" && std::string(name) != "seed";
    if (std::string(name) == "mode") a.value = cfg.get_string(key);
    else a.value = cfg.get_int(key);
    args_[name] = a;
  }
  for (const auto& [key, e] : cfg.open_values(kArgsTable)) {
    const std::string name = key.substr(std::string(kArgsTable).size() + 1);
    auto it = args_.find(name);
    if (it != args_.end() && it->second.required)
      throw ConfigError(e.origin + ": '" + key + "' and '" + it->second.key + "' (" + it->second.origin +
                        ") both set the guest's argument '" + name + "'; set one");
    Arg a;
    a.key = key;
    a.origin = e.origin;
    a.required = true;
    if (const int64_t* i = std::get_if<int64_t>(&e.value)) a.value = *i;
    else a.value = std::get<std::string>(e.value);
    args_[name] = a;
  }
  const std::string ok = cfg.get_string("workload.unread_ok");
  size_t start = 0;
  while (start <= ok.size() && !ok.empty()) {
    size_t comma = ok.find(',', start);
    if (comma == std::string::npos) comma = ok.size();
    std::string name = ok.substr(start, comma - start);
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    if (!name.empty()) {
      auto it = args_.find(name);
      if (it == args_.end() || !it->second.required)
        throw ConfigError(cfg.origin("workload.unread_ok") + ": workload.unread_ok names '" + name +
                          "', which is not set (a setting with no effect)");
      it->second.unread_ok = true;
    }
    start = comma + 1;
  }
}

WorkloadArgs::Lookup WorkloadArgs::lookup(const std::string& name, bool want_string, int64_t guest_default) {
  Lookup r;
  auto it = args_.find(name);
  if (it == args_.end() || it->second.key.empty()) {
    // Not offered: the guest's default, recorded.
    Arg& a = args_[name];
    ++a.reads;
    a.guest_default = want_string ? Value(std::string()) : Value(guest_default);
    r.status = UINTRSIM_ARG_UNSET;
    r.value = want_string ? Value(std::string()) : Value(guest_default);
    return r;
  }
  Arg& a = it->second;
  ++a.reads;
  const bool is_string = std::holds_alternative<std::string>(a.value);
  if (is_string != want_string) {
    r.status = UINTRSIM_ARG_INVALID;
    r.error = "the guest reads argument '" + name + "' as " + (want_string ? "a string" : "an integer") + ", but " +
              a.key + " = " + text(a.value) + " (" + a.origin + ") is " + (is_string ? "a string" : "an integer");
    return r;
  }
  r.status = UINTRSIM_ARG_SET;
  r.value = a.value;
  return r;
}

std::vector<std::string> WorkloadArgs::unread() const {
  std::vector<std::string> out;
  for (const auto& [name, a] : args_)
    if (a.required && !a.unread_ok && a.reads == 0) out.push_back(a.key + " (" + a.origin + ")");
  return out;
}

nlohmann::json WorkloadArgs::json() const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [name, a] : args_) {
    if (!a.required && a.reads == 0) continue;  // a workload setting at its default, not read
    nlohmann::json j{{"name", name}, {"reads", a.reads}};
    if (!a.key.empty()) {
      j["key"] = a.key;
      j["origin"] = a.origin;
      std::visit([&](const auto& v) { j["value"] = v; }, a.value);
    } else {
      j["origin"] = "guest default";
      std::visit([&](const auto& v) { j["value"] = v; }, *a.guest_default);
    }
    if (a.unread_ok) j["unread_ok"] = true;
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace uintrsim
