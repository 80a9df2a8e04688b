// Parameters of the workload a run executes: which program, and the arguments the thesis
// benchmark reads at run time through the sim-control device (so one ELF serves a sweep).
#pragma once
#include <cstdint>
#include <string>

namespace uintrsim {

class ParamRegistry;
class Config;

struct WorkloadParams {
  std::string program;  // ELF path, or the name of a guest program in the build's guest folder
  std::string mode;     // sync | async
  uint64_t concurrency = 8, epochs = 10, async_overhead_cycles = 0, async_overhead_jitter_cycles = 0, seed = 1;
  // The async runtime's reply and resume work (docs/async-syscalls.md "Runtime overhead").
  uint64_t async_reply_cycles = 0, async_reply_jitter_cycles = 0, async_resume_cycles = 0,
           async_resume_jitter_cycles = 0;

  static void declare(ParamRegistry& reg);
  static WorkloadParams from_config(const Config& cfg);
};

}  // namespace uintrsim
