// The guest's named arguments (docs/guests.md): what the configuration offers a guest by
// name -- every [workload.args] entry, and the workload settings a guest reads by their short
// names (mode, concurrency, epochs, seed, and the async runtime's cost model: async_overhead_*,
// async_reply_*, async_resume_*)
// -- and which of them the guest looked up. The sim-control device serves the lookups
// (protocol: uintrsim/devices.h). A set argument the guest never looks up means the run did
// not do what its configuration says: the run fails, naming it (unless workload.unread_ok
// lists it).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace uintrsim {

class Config;

class WorkloadArgs {
 public:
  // Throws ConfigError when a name is offered twice (workload.args.mode and workload.mode set)
  // or workload.unread_ok names something that is not set.
  explicit WorkloadArgs(const Config& cfg);
  WorkloadArgs() = default;

  using Value = std::variant<int64_t, std::string>;
  struct Lookup {
    unsigned status = 0;  // UINTRSIM_ARG_*
    Value value;          // the value served (the guest's default when unset)
    std::string error;    // with UINTRSIM_ARG_INVALID: why
  };
  // A guest lookup of `name` expecting `want_string` (else an integer), with its default.
  Lookup lookup(const std::string& name, bool want_string, int64_t guest_default);

  // Set arguments the guest never looked up and may not leave unread, as "key (origin)".
  std::vector<std::string> unread() const;
  // Every argument offered or looked up: name, config key, value, origin, reads.
  nlohmann::json json() const;

 private:
  struct Arg {
    std::string key;     // the config key ("workload.args.frames", "workload.mode"); "" if not offered
    Value value;
    std::string origin;  // where it was set; "default" for a workload setting left at its default
    bool required = false;   // set explicitly: the guest must read it
    bool unread_ok = false;
    uint64_t reads = 0;
    std::optional<Value> guest_default;  // when the guest read an argument that is not offered
  };
  std::map<std::string, Arg> args_;  // by name
};

}  // namespace uintrsim
