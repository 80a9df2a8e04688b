// Parameters of the hart timing model. Declared in timing/timing_params.cpp with their
// defaults and sources (`uintrsim --dump-config` lists them).
#pragma once
#include <array>
#include <cstdint>

#include "sim/isa/decoded_insn.h"
#include "sim/timing/cache_model.h"

namespace uintrsim {

class ParamRegistry;
class Config;

struct TimingParams {
  static constexpr std::array<uint8_t, size_t(InsnClass::kCount)> filled(uint8_t v) {
    std::array<uint8_t, size_t(InsnClass::kCount)> a{};
    for (auto& x : a) x = v;
    return a;
  }
  bool inorder = false;  // false: functional mode (CPI 1, no caches)
  std::array<uint8_t, size_t(InsnClass::kCount)> latency = filled(1);  // base cycles per class
  unsigned load_use_penalty = 1;
  unsigned branch_mispredict_penalty = 3;
  unsigned jump_penalty = 1;
  unsigned jalr_penalty = 2;
  unsigned trap_penalty = 5;
  unsigned bht_entries = 512;
  CacheParams icache, dcache;
  unsigned tlb_miss_penalty = 0;  // extra cycles per walk beyond its PTE loads

  static void declare(ParamRegistry& reg);
  static TimingParams from_config(const Config& cfg);
};

}  // namespace uintrsim
