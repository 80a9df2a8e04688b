// A distribution statistic (gem5's Distribution, on Boost.Histogram): samples of one quantity
// -- a batch size, a latency -- kept as a histogram with exact bins for small values (0..16)
// and ~19 % wide geometric bins above (four per octave, up to 2^48), plus the exact count,
// sum, minimum and maximum. Memory is fixed whatever the number of samples. Percentiles are
// interpolated inside their bin, so they are exact for values up to 16 and within a bin's
// width above; the bins themselves are reported too. Samples are counted for the whole run
// and, separately, inside the region of interest.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <boost/histogram.hpp>
#include <nlohmann/json.hpp>

namespace uintrsim {

class Distribution {
 public:
  Distribution(std::string unit, std::string description);
  void sample(uint64_t value, bool in_roi);
  // {"unit", "description", "count", "min", "max", "mean", "p50", "p90", "p99", "bins": [[lo, hi, n], ...]}
  nlohmann::json json(bool roi) const;
  uint64_t count(bool roi) const { return part(roi).count; }

  // The bin edges (lower bounds; the last bin is open-ended).
  static const std::vector<double>& edges();

 private:
  using Axis = boost::histogram::axis::variable<double, boost::histogram::use_default,
                                                boost::histogram::axis::option::overflow_t>;
  using Histogram = boost::histogram::histogram<std::tuple<Axis>>;
  struct Part {
    Histogram h;
    uint64_t count = 0, min = UINT64_MAX, max = 0;
    long double sum = 0;
  };
  const Part& part(bool roi) const { return roi ? roi_ : run_; }
  static nlohmann::json describe(const Part& p);

  std::string unit_, description_;
  Part run_, roi_;
};

}  // namespace uintrsim
