// libFuzzer target: the configuration loader. The input is a TOML file (with a first line
// "#set <assignment>" also tried as a --set override); every parameter object is resolved
// from a configuration that loads, the way the simulator does before it builds a platform,
// and the sweep table is expanded. A ConfigError is the expected answer to bad input;
// anything else (a crash, a sanitizer report, another exception type) is a defect.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "sim/config/config.h"
#include "sim/config/sweep.h"
#include "sim/hart/hart.h"
#include "sim/platform/platform.h"
#include "sim/platform/workload_params.h"
#include "sim/timing/timing_params.h"
#include "sim/uintr/uintr_params.h"
#include "kernel_model/kernel_params.h"
#include "tests/fuzz/fuzz_registry.h"

namespace {

using namespace uintrsim;

using fuzz::registry;

// One file per process (parallel fuzzing jobs each have their own pid).
const std::string& scratch_path() {
  static const std::string p = "/tmp/uintrsim-fuzz-config-" + std::to_string(getpid()) + ".toml";
  return p;
}

void resolve_everything(const Config& cfg) {
  (void)cfg.dump_toml();
  (void)cfg.hash_hex();
  const PlatformParams pp = PlatformParams::from_config(cfg);
  (void)UintrParams::from_config(cfg);
  (void)WorkloadParams::from_config(cfg);
  (void)TimingParams::from_config(cfg);
  for (unsigned h = 0; h < pp.harts && h < 64; ++h) (void)HartParams::from_config(cfg, h);
  if (cfg.get_bool("kernel.enabled")) (void)KernelParams::from_config(cfg);
  (void)cfg.open_values("workload.args");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  {
    std::FILE* f = std::fopen(scratch_path().c_str(), "wb");
    if (!f) return 0;
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
  }
  Config cfg(registry());
  try {
    cfg.load_file(scratch_path());
    if (text.rfind("#set ", 0) == 0) cfg.set_override(text.substr(5, text.find('\n') - 5));
  } catch (const ConfigError&) {
    return 0;  // rejected with a message: the expected outcome for most inputs
  }
  try {
    resolve_everything(cfg);
    if (cfg.sweep_table()) {
      const std::vector<SweepPoint> points = expand_sweep(cfg, registry());
      for (size_t i = 0; i < points.size() && i < 16; ++i) {  // a few points say as much as all
        const SweepPoint& p = points[i];
        Config point = cfg;
        for (const auto& [k, v] : p.sets) point.set_override(k + "=" + v);
        resolve_everything(point);
      }
    }
  } catch (const ConfigError&) {
  }
  return 0;
}
