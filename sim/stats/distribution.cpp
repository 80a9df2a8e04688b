#include "sim/stats/distribution.h"

#include <algorithm>
#include <cmath>

namespace uintrsim {

namespace bh = boost::histogram;

const std::vector<double>& Distribution::edges() {
  static const std::vector<double> e = [] {
    std::vector<double> v;
    for (int i = 0; i <= 16; ++i) v.push_back(i);  // exact: [i, i+1)
    for (double x = 17; x < std::ldexp(1.0, 48);) {
      v.push_back(x);
      x = std::max(x + 1, std::floor(x * std::pow(2.0, 0.25)));
    }
    v.push_back(std::ldexp(1.0, 48));
    return v;
  }();
  return e;
}

Distribution::Distribution(std::string unit, std::string description)
    : unit_(std::move(unit)), description_(std::move(description)) {
  for (Part* p : {&run_, &roi_}) p->h = bh::make_histogram(Axis(edges()));
}

void Distribution::sample(uint64_t value, bool in_roi) {
  for (Part* p : {&run_, in_roi ? &roi_ : nullptr}) {
    if (!p) continue;
    p->h(double(value));
    ++p->count;
    p->min = std::min(p->min, value);
    p->max = std::max(p->max, value);
    p->sum += value;
  }
}

nlohmann::json Distribution::describe(const Part& p) {
  nlohmann::json j;
  j["count"] = p.count;
  if (!p.count) return j;
  j["min"] = p.min;
  j["max"] = p.max;
  j["mean"] = double(p.sum / p.count);
  // Percentile q: the value below which q of the samples lie, interpolated in its bin (and
  // clamped to the observed range, so the open top bin and sparse bins stay honest).
  auto percentile = [&](double q) {
    const double target = q * double(p.count);
    double below = 0;
    for (auto&& x : bh::indexed(p.h, bh::coverage::all)) {
      const double n = *x;
      if (n == 0) continue;
      if (below + n >= target) {
        if (x.bin().upper() - x.bin().lower() <= 1) return x.bin().lower();  // an exact-value bin
        const double lo = std::max(x.bin().lower(), double(p.min));
        const double hi = std::min(std::isfinite(x.bin().upper()) ? x.bin().upper() : double(p.max), double(p.max) + 1);
        const double v = lo + (hi - lo) * (target - below) / n;
        return std::min(v, double(p.max));
      }
      below += n;
    }
    return double(p.max);
  };
  j["p50"] = percentile(0.50);
  j["p90"] = percentile(0.90);
  j["p99"] = percentile(0.99);
  nlohmann::json bins = nlohmann::json::array();
  for (auto&& x : bh::indexed(p.h, bh::coverage::all))
    if (*x > 0) {
      const double hi = x.bin().upper();
      bins.push_back({x.bin().lower(), std::isfinite(hi) ? nlohmann::json(hi) : nlohmann::json(nullptr), uint64_t(*x)});
    }
  j["bins"] = bins;
  return j;
}

nlohmann::json Distribution::json(bool roi) const {
  nlohmann::json j = describe(part(roi));
  j["unit"] = unit_;
  j["description"] = description_;
  return j;
}

}  // namespace uintrsim
